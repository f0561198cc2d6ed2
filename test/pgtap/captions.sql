-- gaireport 0.3: gai_captions, the Chinese caption and English description
-- of every view column (what BI tools and `gaireport export --xlsx` show).
--
--   pg_prove -d DB test/pgtap/captions.sql
--
-- Every column of every view and materialized view of the extension has
-- exactly one caption row, at its position, with a non-empty caption holding
-- Chinese and the column's comment as comment_en; no row names a column
-- that does not exist; and the table is part of the extension.
-- Runs in one transaction that is rolled back.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;

SELECT plan(10);

CREATE TEMP VIEW view_columns AS
SELECT c.relname::text AS view_name, a.attname::text AS column_name, a.attnum::integer AS position,
       col_description(c.oid, a.attnum) AS comment
FROM pg_class c
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'gaireport'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('v', 'm');

SELECT has_table('gai_captions', 'gai_captions exists');
SELECT col_is_pk('gai_captions', ARRAY['view_name', 'column_name'], 'one caption per view column');
SELECT ok((SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
           WHERE e.extname = 'gaireport' AND d.deptype = 'e'
             AND d.objid = 'gai_captions'::regclass) = 1, 'gai_captions belongs to the extension');

SELECT ok((SELECT count(DISTINCT view_name) FROM view_columns) >= 12,
          'the views are found (12 or more)');

SELECT is_empty($$
  SELECT view_name, column_name FROM view_columns
  EXCEPT SELECT view_name, column_name FROM gai_captions$$,
  'every column of every gaireport view has a caption');

SELECT is_empty($$
  SELECT view_name, column_name FROM gai_captions
  EXCEPT SELECT view_name, column_name FROM view_columns$$,
  'every caption names a column of a gaireport view');

SELECT is_empty($$
  SELECT k.view_name, k.column_name, k.comment_en, v.comment
  FROM gai_captions k JOIN view_columns v USING (view_name, column_name)
  WHERE k.comment_en IS DISTINCT FROM v.comment$$,
  'comment_en is the column''s comment, for every column');

SELECT is_empty($$
  SELECT view_name, column_name FROM view_columns WHERE coalesce(comment, '') = ''$$,
  'every view column has an English comment');

SELECT is_empty($$
  SELECT k.view_name, k.column_name, k.position, v.position
  FROM gai_captions k JOIN view_columns v USING (view_name, column_name)
  WHERE k.position <> v.position$$,
  'position is the column''s position in the view');

SELECT is_empty($$
  SELECT view_name, column_name, caption_zh FROM gai_captions
  WHERE caption_zh !~ '[\u4e00-\u9fff]'$$,
  'every caption is Chinese');

SELECT * FROM finish();
ROLLBACK;
