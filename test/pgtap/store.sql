-- gaireport 0.3: the store, the validation trigger and the aggregate views
-- checked with pgTAP (the versions of a report and the rule that chooses the
-- current one: test/pgtap/versions.sql).
--
-- Run from the repository root (the seeds are read with relative paths):
--   pg_prove -d DB test/pgtap/store.sql
--
-- 1. catalog: the functions, gai_versions (column types, NOT NULL, unique
--    hash, one current version per report_key, its triggers), the view
--    gai_reports with the columns of 0.2's table, gai_cells and the other
--    views, the materialized views and their unique indexes,
--    configuration-table registration;
-- 2. gai_validate_trigger(): 'reject' (23514), 'flag' (the violations
--    jsonb), NULL text, and the SQLSTATE of every misuse;
-- 3. the store: derived columns, gai_cells = gai_parse row for row,
--    idempotent re-load (nothing written), a further version, UPDATE and
--    DELETE, texts that are not reports, gaireport.reject_invalid;
-- 4. gai_refresh() and the views after a load.
-- Everything runs in one transaction that is rolled back.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s2 `cat test/fixtures/seeds/002_67d5636951f762bb.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;

SELECT plan(228);

-- Texts: the five seeds; seed 003 with its received row 1 0 0 0 0 0 1 made
-- 2 0 0 0 0 0 2 (two requests.balance errors: natural_person and total,
-- 2 + 0 <> 1 + 0); seed 003 with a procurement sub-row changed (a warning only).
CREATE TEMP TABLE texts (name text PRIMARY KEY, body text NOT NULL);
INSERT INTO texts VALUES
  ('seed 000', :'s0'), ('seed 001', :'s1'), ('seed 002', :'s2'), ('seed 003', :'s3'), ('seed 004', :'s4'),
  ('seed 003 broken', replace(:'s3', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n',
                                     E'申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n')),
  ('seed 003 warning', replace(:'s3', E'\t6\n\t1185911.05元', E'\t7\n\t1185911.05元')),
  ('junk', '这不是一份报告');

-- ====================================================================== 1. catalog

SELECT has_function('gai_validate_trigger', '{}'::name[], 'gai_validate_trigger() exists');
SELECT function_returns('gai_validate_trigger', '{}'::name[], 'trigger', 'gai_validate_trigger() returns trigger');
SELECT function_lang_is('gai_validate_trigger', '{}'::name[], 'c', 'gai_validate_trigger() is written in C');
SELECT has_function('gai_store_trigger', '{}'::name[], 'gai_store_trigger() exists');
SELECT function_returns('gai_store_trigger', '{}'::name[], 'trigger', 'gai_store_trigger() returns trigger');
SELECT has_function('gai_refresh', '{}'::name[], 'gai_refresh() exists');
SELECT function_returns('gai_refresh', '{}'::name[], 'void', 'gai_refresh() returns void');
SELECT has_function('gai_codes', '{}'::name[], 'gai_codes() exists');
SELECT has_function('gai_request_items', '{}'::name[], 'gai_request_items() exists');
SELECT has_table('gai_cell_codes', 'table gai_cell_codes exists (gai_codes() as a table)');
SELECT has_table('gai_request_items', 'table gai_request_items exists');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM gai_codes() EXCEPT SELECT * FROM gai_cell_codes) d), 0,
          'gai_cell_codes holds every row of gai_codes()');
SELECT function_returns('gai_codes', '{}'::name[], 'setof record', 'gai_codes() returns setof record');
SELECT is((SELECT array_agg(template || ':' || n ORDER BY template)
             FROM (SELECT template, count(*) AS n FROM gai_codes() GROUP BY template) c),
          ARRAY['2019:198', '2021:207'], 'gai_codes(): 198 cells of the 2019 template, 207 of the 2021 one (200 + （六）其他处理 printed as one row)');
SELECT is((SELECT count(*)::int FROM gai_codes() c
            WHERE c.idx <> (SELECT count(*) FROM gai_codes() d WHERE d.template = c.template AND d.idx <= c.idx)),
          0, 'gai_codes(): idx runs 1, 2, 3, ... within each template');

SELECT has_view('gai_reports', 'view gai_reports exists (the current versions)');
SELECT has_table('gai_versions', 'table gai_versions exists (every text)');
SELECT col_type_is(r, c, t, format('%s.%s is %s', r, c, t))
FROM (VALUES (1, 'id', 'bigint'), (2, 'source', 'text'), (3, 'body', 'text'), (4, 'report_key', 'text'),
             (5, 'agency', 'text'), (6, 'agency_key', 'text'), (7, 'year', 'integer'), (8, 'template', 'text'),
             (9, 'title', 'text'), (10, 'report_date', 'date'), (11, 'period_start', 'date'),
             (12, 'period_end', 'date'), (13, 'layout', 'text'), (14, 'cell_count', 'integer'),
             (15, 'blank_count', 'integer'), (16, 'unreadable_count', 'integer'), (17, 'error_count', 'integer'),
             (18, 'is_valid', 'boolean'), (19, 'violations', 'jsonb'), (20, 'warnings', 'text[]'),
             (21, 'cells', 'numeric[]'), (22, 'cell_status', 'bytea'), (23, 'extra_cells', 'jsonb'),
             (24, 'requests', 'bigint[]'), (25, 'appeals', 'bigint[]'),
             (26, 'parsed_at', 'timestamp with time zone'), (27, 'loaded_at', 'timestamp with time zone'))
     AS v(ord, c, t), unnest(ARRAY['gai_reports', 'gai_versions']) AS r
ORDER BY r, ord;
SELECT columns_are('gai_reports', ARRAY['id', 'source', 'body', 'report_key', 'agency', 'agency_key', 'year',
                   'template', 'title', 'report_date', 'period_start', 'period_end', 'layout', 'cell_count',
                   'blank_count', 'unreadable_count', 'error_count', 'is_valid', 'violations', 'warnings', 'cells',
                   'cell_status', 'extra_cells', 'requests', 'appeals', 'parsed_at', 'loaded_at'],
                   'gai_reports has the columns of 0.2''s table, no more');
SELECT col_type_is('gai_versions', c, t, format('gai_versions.%s is %s', c, t))
FROM (VALUES (28, 'report_id', 'bigint'), (29, 'hash', 'bytea'), (30, 'parser', 'text'), (31, 'is_current', 'boolean'),
             (32, 'pinned', 'boolean'), (33, 'missing_count', 'integer'), (34, 'ambiguous_count', 'integer'),
             (35, 'candidates', 'jsonb'), (36, 'published', 'date')) AS v(ord, c, t)
ORDER BY ord;
SELECT col_not_null('gai_versions', c, format('gai_versions.%s is NOT NULL', c))
FROM unnest(ARRAY['id', 'body', 'report_key', 'cell_count', 'blank_count', 'unreadable_count',
                  'error_count', 'is_valid', 'violations', 'warnings', 'extra_cells', 'parsed_at',
                  'loaded_at', 'report_id', 'hash', 'parser', 'is_current', 'pinned', 'missing_count',
                  'ambiguous_count']) WITH ORDINALITY AS u(c, ord)
ORDER BY ord;
SELECT col_is_pk('gai_versions', 'id', 'gai_versions.id is the primary key');
SELECT col_has_default('gai_versions', 'loaded_at', 'gai_versions.loaded_at has a default');
SELECT col_is_unique('gai_versions', 'hash', 'gai_versions.hash is unique: a text is stored once');
SELECT is((SELECT pg_get_indexdef('gai_versions_current'::regclass) LIKE '%UNIQUE INDEX gai_versions_current ON %gai_versions USING btree (report_key COLLATE "C") WHERE is_current'),
          true, 'gai_versions_current: one current version per report_key');
SELECT is((SELECT pg_get_indexdef('gai_versions_pinned'::regclass) LIKE '%UNIQUE INDEX gai_versions_pinned ON %gai_versions USING btree (report_id) WHERE pinned'),
          true, 'gai_versions_pinned: at most one pinned version per report');
SELECT has_trigger('gai_versions', t, format('gai_versions has the trigger %s', t))
FROM unnest(ARRAY['gai_versions_read', 'gai_versions_rechoose_update', 'gai_versions_rechoose_delete']) AS t;
SELECT trigger_is('gai_versions', t, 'gai_store_trigger', format('%s runs gai_store_trigger()', t))
FROM unnest(ARRAY['gai_versions_read', 'gai_versions_rechoose_update', 'gai_versions_rechoose_delete']) AS t;
SELECT is((SELECT string_agg(tgname || ':' || (tgtype::int & 127), ', ' ORDER BY tgname) FROM pg_trigger
             WHERE tgrelid IN ('gai_versions'::regclass, 'gai_reports'::regclass) AND NOT tgisinternal),
          format('gai_reports_delete:%s, gai_versions_read:%s, gai_versions_rechoose_delete:%s, gai_versions_rechoose_update:%s',
                 1 | 8 | 64, 1 | 2 | 4 | 16, 1 | 8, 1 | 16),
          'triggers: BEFORE INSERT OR UPDATE, AFTER UPDATE, AFTER DELETE (rows) on gai_versions; INSTEAD OF DELETE on gai_reports');
SELECT is((SELECT extconfig::regclass[]::text FROM pg_extension WHERE extname = 'gaireport'),
          '{gai_versions,gai_reports_id_seq}',
          'gai_versions and its sequence are configuration tables (pg_dump keeps their rows)');
SELECT has_function(f, format('%s() exists', f))
FROM unnest(ARRAY['gai_load', 'gai_pin', 'gai_unpin', 'gai_reparse', 'gai_parser']) AS f;
SELECT has_view(v, format('view %s exists', v))
FROM unnest(ARRAY['gai_version_cells', 'gai_version_request_rows', 'gai_disagreements']) AS v;
SELECT matches(gai_parser(), '^0\.3\+[0-9a-f]{12}$', 'gai_parser(): the extension version + a build id');

SELECT has_view('gai_cells', 'view gai_cells exists');
SELECT columns_are('gai_cells', ARRAY['report_id', 'section', 'item', 'col', 'value', 'status',
                                      'item_label', 'col_label'], 'gai_cells has gai_parse''s columns and report_id');
SELECT has_view('gai_request_rows', 'view gai_request_rows exists');
SELECT has_materialized_view(v, format('materialized view %s exists', v))
FROM unnest(ARRAY['gai_requests_yearly', 'gai_requests_by_agency', 'gai_denial_reasons',
                  'gai_appeals_yearly', 'gai_active_yearly', 'gai_quality_yearly']) WITH ORDINALITY AS u(v, ord)
ORDER BY ord;
SELECT index_is_unique((SELECT extnamespace::regnamespace::name FROM pg_extension WHERE extname = 'gaireport'),
                       v, i, format('%s has the unique index %s', v, i))
FROM (VALUES (2, 'gai_requests_yearly', 'gai_requests_yearly_key'),
             (3, 'gai_requests_by_agency', 'gai_requests_by_agency_key'), (4, 'gai_denial_reasons', 'gai_denial_reasons_key'),
             (5, 'gai_appeals_yearly', 'gai_appeals_yearly_key'), (6, 'gai_active_yearly', 'gai_active_yearly_key'),
             (7, 'gai_quality_yearly', 'gai_quality_yearly_key')) AS u(ord, v, i)
ORDER BY ord;
SELECT is((SELECT count(*)::int FROM pg_matviews m
            WHERE m.matviewname LIKE 'gai\_%' AND NOT EXISTS (
              SELECT 1 FROM pg_index i
               WHERE i.indrelid = format('%I.%I', m.schemaname, m.matviewname)::regclass
                 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL)),
          0, 'every gai_ materialized view has a unique, non-partial index on plain columns (REFRESH CONCURRENTLY)');
SELECT is((SELECT count(*)::int FROM pg_matviews WHERE matviewname LIKE 'gai\_%'), 6,
          'six gai_ materialized views');

-- ====================================================================== 2. gai_validate_trigger()

CREATE TEMP TABLE my_reports (id serial, body text);
CREATE TRIGGER my_reports_valid BEFORE INSERT OR UPDATE ON my_reports
  FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject');
CREATE TEMP TABLE my_flagged (id serial, name text, body text, violations jsonb);
CREATE TRIGGER my_flagged_check BEFORE INSERT OR UPDATE ON my_flagged
  FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', violations);

SELECT lives_ok($$INSERT INTO my_reports (body) SELECT body FROM texts WHERE name = 'seed 003'$$,
                'reject: a valid report is stored');
SELECT lives_ok($$INSERT INTO my_reports (body) VALUES (NULL)$$, 'reject: a NULL text is stored');
SELECT lives_ok($$INSERT INTO my_reports (body) SELECT body FROM texts WHERE name = 'seed 003 warning'$$,
                'reject: a report with a warning only is stored');
SELECT throws_ok($$INSERT INTO my_reports (body) SELECT body FROM texts WHERE name = 'seed 003 broken'$$,
                 '23514', 'report in column "body" of relation "my_reports" breaks 2 rules',
                 'reject: an invalid report is refused with 23514');
SELECT throws_ok($$INSERT INTO my_reports (body) SELECT body FROM texts WHERE name = 'junk'$$,
                 '23514', 'report in column "body" of relation "my_reports" breaks 3 rules',
                 'reject: a text that is not a report is refused with 23514');
SELECT throws_ok($$UPDATE my_reports SET body = (SELECT body FROM texts WHERE name = 'seed 003 broken') WHERE body IS NOT NULL$$,
                 '23514', NULL, 'reject: UPDATE to an invalid text is refused with 23514');
SELECT is((SELECT count(*)::int FROM my_reports), 3, 'reject: three rows stored, none invalid');

SELECT lives_ok($$INSERT INTO my_flagged (name, body) SELECT name, body FROM texts
                  WHERE name IN ('seed 003', 'seed 003 broken', 'seed 003 warning', 'junk')$$,
                'flag: every text is stored');
SELECT lives_ok($$INSERT INTO my_flagged (name, body, violations) VALUES ('null', NULL, '"x"')$$,
                'flag: a NULL text is stored');
SELECT is((SELECT violations FROM my_flagged WHERE name = 'seed 003'), '[]'::jsonb, 'flag: [] for a valid report');
SELECT is((SELECT violations FROM my_flagged WHERE name = 'null'), NULL::jsonb, 'flag: NULL for a NULL text');
SELECT results_eq(
  $$SELECT x->>'rule', x->>'severity', x->>'col', (x->>'expected')::numeric, (x->>'actual')::numeric
      FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'seed 003 broken'$$,
  $$VALUES ('requests.balance', 'error', 'natural_person', 2::numeric, 1::numeric),
           ('requests.balance', 'error', 'total', 2, 1)$$,
  'flag: the two broken requests.balance instances, expected 2, actual 1');
SELECT results_eq(
  $$SELECT x->>'rule', x->>'severity', (x->>'expected')::numeric, (x->>'actual')::numeric
      FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'seed 003 warning'$$,
  $$VALUES ('procurement.parts', 'warning', 15::numeric, 14::numeric)$$,
  'flag: a warning is listed with its severity (sub-rows 1 + 7 + 7 = 15, row 14)');
SELECT is((SELECT jsonb_agg(x->>'rule') FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'junk'),
          '["table.missing", "table.missing", "table.missing"]'::jsonb, 'flag: not a report: three tables missing');
SELECT lives_ok($$UPDATE my_flagged SET body = (SELECT body FROM texts WHERE name = 'seed 003') WHERE name = 'seed 003 broken'$$,
                'flag: UPDATE to a valid text');
SELECT is((SELECT violations FROM my_flagged WHERE name = 'seed 003 broken'), '[]'::jsonb,
          'flag: UPDATE writes the violations again ([] now)');

-- misuse: each with its SQLSTATE, raised when the trigger fires
CREATE TEMP TABLE misuse (id int, body text, n integer, violations jsonb, v_text text);
CREATE FUNCTION pg_temp.misuse_error(trigger_def text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'CREATE TRIGGER t ' || trigger_def;
  BEGIN
    INSERT INTO misuse (id, body) VALUES (1, 'x');
    DELETE FROM misuse;
  EXCEPTION WHEN OTHERS THEN
    EXECUTE 'DROP TRIGGER t ON misuse';
    RETURN SQLSTATE || ' ' || SQLERRM;
  END;
  EXECUTE 'DROP TRIGGER t ON misuse';
  RETURN 'no error';
END
$$;
SELECT throws_ok('SELECT gai_validate_trigger()', '39P01', 'gai_validate_trigger: not called by the trigger manager',
                 'misuse: called as a plain function: 39P01');
SELECT is(pg_temp.misuse_error(d), e, m)
FROM (VALUES
  (1, $$BEFORE INSERT ON misuse FOR EACH STATEMENT EXECUTE FUNCTION gai_validate_trigger(body, 'reject')$$,
      '39P01 gai_validate_trigger: must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW', 'misuse: FOR EACH STATEMENT: 39P01'),
  (2, $$AFTER INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject')$$,
      '39P01 gai_validate_trigger: must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW', 'misuse: AFTER trigger: 39P01'),
  (3, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body)$$,
      '22023 gai_validate_trigger: 1 arguments given, 2 or 3 expected', 'misuse: one argument: 22023'),
  (4, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', violations, x)$$,
      '22023 gai_validate_trigger: 4 arguments given, 2 or 3 expected', 'misuse: four arguments: 22023'),
  (5, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'warn')$$,
      '22023 gai_validate_trigger: unknown mode "warn"', 'misuse: unknown mode: 22023'),
  (6, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag')$$,
      '22023 gai_validate_trigger: mode ''flag'' needs the jsonb column for the violations', 'misuse: flag without a column: 22023'),
  (7, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject', violations)$$,
      '22023 gai_validate_trigger: mode ''reject'' takes no violations column', 'misuse: reject with a column: 22023'),
  (8, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(no_such_column, 'reject')$$,
      '42703 gai_validate_trigger: column "no_such_column" of relation "misuse" does not exist', 'misuse: missing text column: 42703'),
  (9, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', no_such_column)$$,
      '42703 gai_validate_trigger: column "no_such_column" of relation "misuse" does not exist', 'misuse: missing violations column: 42703'),
  (10, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(n, 'reject')$$,
      '42804 gai_validate_trigger: column "n" is of type integer, not text', 'misuse: integer text column: 42804'),
  (11, $$BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', v_text)$$,
      '42804 gai_validate_trigger: column "v_text" is of type text, not jsonb', 'misuse: violations column not jsonb: 42804'))
  AS v(ord, d, e, m)
ORDER BY ord;

-- ====================================================================== 3. the store

SELECT lives_ok($$INSERT INTO gai_reports (source, body)
                  SELECT name, body FROM texts WHERE name LIKE 'seed 00_' ORDER BY name$$,
                'INSERT (source, body) of the five seeds');
SELECT is((SELECT count(*)::int FROM gai_reports WHERE source LIKE 'seed 00_'), 5, 'five rows stored');
SELECT is((SELECT count(*)::int FROM gai_reports
            WHERE report_key IS NULL OR year IS NULL OR template IS NULL OR cells IS NULL OR cell_status IS NULL
               OR parsed_at IS NULL OR loaded_at IS NULL OR cell_count <> 198),
          0, 'every derived column is filled (198 cells each)');
SELECT results_eq(
  $$SELECT source, report_key, agency_key, year, template, is_valid, error_count
      FROM gai_reports WHERE agency IS NOT NULL ORDER BY source$$,
  $$VALUES ('seed 000', '湛江奋勇高新区办公室/2020/2019', '湛江奋勇高新区办公室', 2020, '2019', true, 0),
           ('seed 001', '雷州市科工贸和信息化局/2020/2019', '雷州市科工贸和信息化局', 2020, '2019', true, 0),
           ('seed 003', '江海区政府办公室/2019/2019', '江海区政府办公室', 2019, '2019', true, 0),
           ('seed 004', '韶关市浈江区人民政府办公室/2020/2019', '韶关市浈江区人民政府办公室', 2020, '2019', true, 0)$$,
  'identity and validity of the four seeds that name their agency');
SELECT is((SELECT report_key = 'text:' || md5(body) || '/2020/2019' AND NOT is_valid AND error_count = 1
             FROM gai_reports WHERE source = 'seed 002'),
          true, 'seed 002 names no agency: report_key text:md5/year/template; invalid (appeals table damaged)');
SELECT is((SELECT count(*)::int FROM gai_reports g, gai_report(g.body) r
            WHERE (g.agency, g.year, g.template, g.report_date, g.cell_count, g.unreadable_count, g.error_count,
                   g.is_valid, g.warnings)
                  IS DISTINCT FROM (r.agency, r.year, r.template, r.report_date, r.cell_count,
                                    r.unreadable_count, r.error_count, r.is_valid, r.warnings)),
          0, 'the derived columns equal gai_report() of the same text');

-- gai_cells of each seed is exactly gai_parse of its text: section, item, col, value, status
SELECT results_eq(
  format($$SELECT section, item, col, value, status FROM gai_cells
            WHERE report_id = (SELECT id FROM gai_reports WHERE source = %L)
            ORDER BY section, item NULLS LAST, col, item_label$$, name),
  format($$SELECT section, item, col, value, status FROM gai_parse((SELECT body FROM texts WHERE name = %L))
            ORDER BY section, item NULLS LAST, col, item_label$$, name),
  format('gai_cells of %s = gai_parse of its text', name))
FROM unnest(ARRAY['seed 000', 'seed 001', 'seed 002', 'seed 003', 'seed 004']) AS name ORDER BY name;
SELECT is((SELECT count(*)::int FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id
            WHERE g.source = 'seed 003' AND c.item IS NULL), 6,
          'seed 003: its 6 cells of sub-rows the template lacks are in gai_cells with item NULL');
SELECT set_eq(
  $$SELECT item_label, col, value FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id
     WHERE g.source = 'seed 003' AND c.item IS NULL$$,
  $$VALUES ('(一)省级平台采购', 'items', 1::numeric), ('(一)省级平台采购', 'amount', 359600),
           ('(二)区级平台采购', 'items', 7), ('(二)区级平台采购', 'amount', 221700),
           ('(三)自主采购', 'items', 6), ('(三)自主采购', 'amount', 1185911.05)$$,
  'seed 003: the sub-rows of 政府集中采购 and their values');

-- idempotent re-load: twice the same texts, nothing written
CREATE TEMP TABLE snapshot AS SELECT * FROM gai_reports;
CREATE TEMP TABLE vsnapshot AS SELECT xmin::text AS x, * FROM gai_versions;
PREPARE reload AS
  INSERT INTO gai_reports (source, body) SELECT name, body FROM texts WHERE name LIKE 'seed 00_' ORDER BY name;
SELECT lives_ok('EXECUTE reload', 're-load of the same texts (a plain INSERT)');
SELECT lives_ok('EXECUTE reload', 're-load of the same texts, again');
SELECT lives_ok($$INSERT INTO gai_versions (source, body) SELECT 'again', body FROM texts WHERE name = 'seed 001'$$,
                'a plain INSERT of a stored text, under another source, into gai_versions');
SELECT is((SELECT count(*)::int FROM gai_versions), 5, 're-load: still five versions');
SELECT is_empty('SELECT xmin::text, * FROM gai_versions EXCEPT SELECT * FROM vsnapshot',
                're-load: no row written (xmin, parsed_at, source included)');

-- UPDATE without a change of the text: not parsed again
SELECT lives_ok($$UPDATE gai_reports SET source = 'seed 000 renamed' WHERE source = 'seed 000'$$,
                'UPDATE of another column than body');
SELECT is((SELECT g.parsed_at = s.parsed_at AND g.cells = s.cells FROM gai_reports g JOIN snapshot s USING (id)
            WHERE s.source = 'seed 000'),
          true, 'UPDATE of another column: row not parsed again (parsed_at, cells kept)');
SELECT lives_ok($$UPDATE gai_reports SET body = body WHERE source LIKE 'seed 001'$$, 'UPDATE SET body = body');
SELECT is((SELECT g.parsed_at = s.parsed_at FROM gai_reports g JOIN snapshot s USING (id) WHERE s.source = 'seed 001'),
          true, 'UPDATE SET body = body: parsed_at unchanged');
SELECT lives_ok($$UPDATE gai_reports SET is_valid = false, error_count = 9, cells = NULL WHERE source = 'seed 004'$$,
                'UPDATE of derived columns, body unchanged');
SELECT is((SELECT (g.is_valid, g.error_count, g.cells) IS NOT DISTINCT FROM (s.is_valid, s.error_count, s.cells)
             FROM gai_reports g JOIN snapshot s USING (id) WHERE s.source = 'seed 004'),
          true, 'the derived columns keep what was read from the text (an UPDATE cannot set them)');
SELECT throws_ok($$UPDATE gai_versions SET pinned = true WHERE source = 'seed 004'$$, '0A000',
                 'gai_versions.pinned is set by gai_pin() and gai_unpin()', 'pinned cannot be set by UPDATE');
SELECT throws_ok($$UPDATE gai_versions SET is_current = false WHERE source = 'seed 004'$$, '0A000',
                 'gai_versions.is_current is chosen by the rule', 'is_current cannot be set by UPDATE');
-- (seed 004 stored afresh, whatever the UPDATEs above did)
DELETE FROM gai_reports WHERE report_key = (SELECT report_key FROM snapshot WHERE source = 'seed 004');
INSERT INTO gai_reports (source, body) SELECT name, body FROM texts WHERE name = 'seed 004';

-- a further version (changed text, same agency, year and template): kept beside
-- the first; as complete and newer, it becomes the current one
SELECT lives_ok($$INSERT INTO gai_reports (source, body) SELECT name, body FROM texts WHERE name = 'seed 003 broken'$$,
                'a further version of seed 003 through INSERT');
SELECT results_eq(
  $$SELECT g.id = s.id, g.source, g.is_valid, g.error_count, g.parsed_at > s.parsed_at, g.loaded_at > s.loaded_at
      FROM gai_reports g JOIN snapshot s ON s.report_key = g.report_key WHERE s.source = 'seed 003'$$,
  $$VALUES (true, 'seed 003 broken', false, 2, true, false)$$,
  'further version: the same report (id), now showing the new text, invalid; loaded in the same transaction');
SELECT is((SELECT count(*)::int FROM gai_reports), 5, 'further version: still five reports');
SELECT results_eq($$SELECT source, is_current FROM gai_versions WHERE report_key = '江海区政府办公室/2019/2019' ORDER BY id$$,
                  $$VALUES ('seed 003', false), ('seed 003 broken', true)$$,
                  'further version: both texts kept, the newer current');
SELECT set_eq(
  $$SELECT c.item, c.col, c.value FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id
     WHERE g.report_key = '江海区政府办公室/2019/2019' AND c.item = 'received' AND c.col IN ('natural_person', 'total')$$,
  $$VALUES ('received', 'natural_person', 2::numeric), ('received', 'total', 2)$$,
  'further version: gai_cells has the new values');
SELECT results_eq(
  $$SELECT section, item, col, value, status FROM gai_cells
     WHERE report_id = (SELECT id FROM gai_reports WHERE report_key = '江海区政府办公室/2019/2019')
     ORDER BY section, item NULLS LAST, col, item_label$$,
  $$SELECT section, item, col, value, status FROM gai_parse((SELECT body FROM texts WHERE name = 'seed 003 broken'))
     ORDER BY section, item NULLS LAST, col, item_label$$,
  'further version: gai_cells = gai_parse of the new text');
SELECT results_eq(
  $$SELECT section, item, col, value, status FROM gai_version_cells
     WHERE version_id = (SELECT id FROM gai_versions WHERE source = 'seed 003')
     ORDER BY section, item NULLS LAST, col, item_label$$,
  $$SELECT section, item, col, value, status FROM gai_parse((SELECT body FROM texts WHERE name = 'seed 003'))
     ORDER BY section, item NULLS LAST, col, item_label$$,
  'the first version: gai_version_cells = gai_parse of its text');

-- a text that is not a report: stored flagged; refused under gaireport.reject_invalid
SELECT lives_ok($$INSERT INTO gai_reports (source, body) SELECT name, body FROM texts WHERE name = 'junk'$$,
                'a text that is not a report is stored (reject_invalid off)');
SELECT results_eq(
  $$SELECT is_valid, template, year, cell_count, cells IS NULL, report_key = 'text:' || md5(body) || '/0/none'
      FROM gai_reports WHERE source = 'junk'$$,
  $$VALUES (false, NULL::text, NULL::integer, 0, true, true)$$,
  'not a report: is_valid false, template NULL, report_key text:md5');
SELECT is_empty($$SELECT * FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id WHERE g.source = 'junk'$$,
                'not a report: no row in gai_cells');
SET gaireport.reject_invalid = on;
SELECT throws_ok($$INSERT INTO gai_reports (source, body) VALUES ('junk 2', '这也不是')$$, '23514',
                 'report breaks 3 rules and gaireport.reject_invalid is on',
                 'reject_invalid: a text that is not a report is refused with 23514');
SELECT throws_ok($$INSERT INTO gai_reports (source, body) SELECT 'seed 000 broken', replace(body, '40053元', '-40053元')
                    FROM texts WHERE name = 'seed 000'$$, '23514', NULL,
                 'reject_invalid: an invalid further version is refused with 23514');
SELECT throws_ok($$SELECT gai_load('seed 000 broken', replace(body, '40053元', '-40053元'))
                    FROM texts WHERE name = 'seed 000'$$, '23514', NULL,
                 'reject_invalid: ... also through gai_load()');
SELECT lives_ok($$INSERT INTO gai_reports (source, body) SELECT name, body FROM texts WHERE name = 'seed 003 warning'$$,
                'reject_invalid: a valid further version is accepted');
SELECT lives_ok($$INSERT INTO gai_reports (source, body) SELECT name, body FROM texts WHERE name = 'seed 003'$$,
                'reject_invalid: a text stored already is not read again, nor refused');
RESET gaireport.reject_invalid;
SELECT is((SELECT source FROM gai_reports WHERE report_key = '江海区政府办公室/2019/2019'), 'seed 003 warning',
          'seed 003: the newest of the equally complete versions is current');
SELECT lives_ok($$SELECT gai_pin(id) FROM gai_versions WHERE source = 'seed 003'$$, 'gai_pin() the first text of seed 003');
SELECT results_eq($$SELECT source, is_valid FROM gai_reports WHERE report_key = '江海区政府办公室/2019/2019'$$,
                  $$VALUES ('seed 003', true)$$, 'seed 003: the pinned text is current, valid again');

-- DELETE: a report goes with its versions, its cells are gone
SELECT lives_ok($$DELETE FROM gai_reports WHERE source = 'seed 001'$$, 'DELETE a report');
SELECT is((SELECT count(*)::int FROM gai_versions WHERE report_key = (SELECT report_key FROM snapshot WHERE source = 'seed 001')),
          0, 'DELETE from gai_reports: every version of the report is gone');
SELECT is((SELECT count(*)::int FROM gai_cells WHERE report_id = (SELECT id FROM snapshot WHERE source = 'seed 001')),
          0, 'DELETE: its cells are gone from gai_cells');
SELECT is((SELECT count(*)::int FROM gai_cells),
          (SELECT (sum(cell_count) + sum(jsonb_array_length(extra_cells)))::int FROM gai_reports),
          'gai_cells: one row per cell present, per stored report (its current version)');
SELECT is((SELECT count(*)::int FROM gai_version_cells),
          (SELECT (sum(cell_count) + sum(jsonb_array_length(extra_cells)))::int FROM gai_versions),
          'gai_version_cells: one row per cell present, per stored version');

-- ====================================================================== 4. the views

SELECT lives_ok('SELECT gai_refresh()', 'gai_refresh()');
SELECT is((SELECT count(*)::int FROM pg_matviews WHERE matviewname LIKE 'gai\_%' AND ispopulated), 6,
          'every view populated');
-- stored now: seeds 000, 002, 003 and 004 (2019 template; 2020, 2020, 2019, 2020) and the junk text
SELECT results_eq('SELECT year, template, reports FROM gai_requests_yearly ORDER BY year',
                  $$VALUES (2019, '2019', 1), (2020, '2019', 3)$$, 'gai_requests_yearly: the reports per year');
SELECT is((SELECT received FROM gai_requests_yearly WHERE year = 2020),
          (SELECT sum(p.value) FROM texts t, gai_parse(t.body) p
            WHERE t.name IN ('seed 000', 'seed 002', 'seed 004') AND p.item = 'received' AND p.col = 'total'),
          'gai_requests_yearly: received 2020 = the received totals of seeds 000, 002, 004');
SELECT results_eq('SELECT year, reports, valid, invalid, unreadable_cells, tables_missing_or_unreadable FROM gai_quality_yearly ORDER BY year',
                  $$VALUES (2019, 1, 1, 0, 0, 0), (2020, 3, 2, 1, 15, 1)$$,
                  'gai_quality_yearly: seed 002 is the invalid one, with its 15 unreadable cells');
SELECT lives_ok('REFRESH MATERIALIZED VIEW CONCURRENTLY ' || v, format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', v))
FROM unnest(ARRAY['gai_requests_yearly', 'gai_requests_by_agency', 'gai_denial_reasons',
                  'gai_appeals_yearly', 'gai_active_yearly', 'gai_quality_yearly']) WITH ORDINALITY AS u(v, ord)
ORDER BY ord;

SELECT * FROM finish();
ROLLBACK;
