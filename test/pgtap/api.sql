-- gaireport: the SQL API contract (sql/gaireport--0.1.sql) checked with pgTAP.
--
-- Run from the repository root (the seed is read with a relative path):
--   pg_prove -d DB test/pgtap/api.sql
--
-- 1. catalog: signatures, return types, volatility, strictness, parallel
--    safety, language, comments, OUT columns, the gai_report composite type;
-- 2. behaviour on a real report (seed 000, 2019 template, all 198 cells 0 or
--    readable, the procurement amount "40053元" on line 82 of the file);
-- 3. NULL input (STRICT), the 22P02 error of gai_parse with its DETAIL and
--    HINT, the never-raising gai_report / gai_is_valid on non-report text;
-- 4. search_path safety: everything works with search_path = pg_catalog.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

-- psql keeps the file byte for byte (tabs included); it would strip one
-- trailing newline, and seed 000 has none (it ends with "\n ").
\set seed0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;

SELECT plan(138);

CREATE TEMP TABLE seeds (name text PRIMARY KEY, body text NOT NULL);
INSERT INTO seeds VALUES ('seed0', :'seed0');

-- NULL when the call raises (a lives_ok next to each use says why), so that a
-- failing call fails its tests instead of aborting the whole file.
CREATE FUNCTION pg_temp.try_report(body text) RETURNS public.gai_report
LANGUAGE plpgsql AS $$
BEGIN
  RETURN public.gai_report(body);
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$$;
CREATE FUNCTION pg_temp.try_is_valid(body text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  RETURN public.gai_is_valid(body);
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$$;

-- ------------------------------------------------------------ the text itself

-- guards against a broken fixture read (lost tabs, lost lines)
SELECT is(md5(body), '1f56ec8ca84aea564a6bc545cc4eb5c8',
          'seed 000 read byte for byte by psql (tabs and lines kept)')
FROM seeds WHERE name = 'seed0';

-- ------------------------------------------------------------ extension

SELECT has_extension('public'::name, 'gaireport'::name, 'extension gaireport is installed in schema public');

-- ------------------------------------------------------------ functions: existence, return type

SELECT has_function('public', f, ARRAY['text'], format('function public.%s(text) exists', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT function_returns('public', 'gai_parse',    ARRAY['text'], 'setof record');
SELECT function_returns('public', 'gai_report',   ARRAY['text'], 'gai_report');
SELECT function_returns('public', 'gai_sections', ARRAY['text'], 'setof record');
SELECT function_returns('public', 'gai_check',    ARRAY['text'], 'setof record');
SELECT function_returns('public', 'gai_is_valid', ARRAY['text'], 'boolean');

-- exactly one function of each name: no overloads that could capture a call
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proname = f), 1,
          format('public.%s has no overload', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

-- ------------------------------------------------------------ functions: properties

SELECT volatility_is('public', f, ARRAY['text'], 'immutable', format('%s(text) is IMMUTABLE', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT is_strict('public', f, ARRAY['text'], format('%s(text) is STRICT', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT is((SELECT proparallel::text FROM pg_proc WHERE oid = format('public.%s(text)', f)::regprocedure),
          's', format('%s(text) is PARALLEL SAFE', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT function_lang_is('public', f, ARRAY['text'], 'c', format('%s(text) is LANGUAGE C', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT isnt(obj_description(format('public.%s(text)', f)::regprocedure, 'pg_proc'), NULL,
            format('%s(text) has a COMMENT', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT is((SELECT proretset FROM pg_proc WHERE oid = format('public.%s(text)', f)::regprocedure),
          f IN ('gai_parse', 'gai_sections', 'gai_check'),
          format('%s(text) returns a set: %s', f, f IN ('gai_parse', 'gai_sections', 'gai_check')))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

-- ------------------------------------------------------------ functions: arguments and result columns

-- name:type of the arguments of the given modes, in declaration order
CREATE FUNCTION pg_temp.proc_args(fn regprocedure, modes text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(a.n || ':' || format_type(a.t, NULL) ORDER BY a.ord), '{}')
  FROM pg_proc p,
       ROWS FROM (unnest(p.proargnames),
                  unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])),
                  unnest(coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[p.pronargs]))))
         WITH ORDINALITY AS a(n, t, m, ord)
  WHERE p.oid = fn AND a.m::text = ANY (modes)
$$;

SELECT is(pg_temp.proc_args(format('public.%s(text)', f)::regprocedure, ARRAY['i', 'b', 'v']),
          ARRAY['body:text'], format('%s takes exactly one input argument, body text', f))
FROM unnest(ARRAY['gai_parse', 'gai_report', 'gai_sections', 'gai_check', 'gai_is_valid']) AS f;

SELECT is(pg_temp.proc_args('public.gai_parse(text)', ARRAY['o', 't', 'b']),
          ARRAY['section:text', 'item:text', 'col:text', 'value:numeric', 'item_label:text',
                'col_label:text', 'line:integer', 'raw:text', 'status:text', 'candidates:numeric[]'],
          'gai_parse result columns: names, order and types');

SELECT is(pg_temp.proc_args('public.gai_sections(text)', ARRAY['o', 't', 'b']),
          ARRAY['section:text', 'heading:text', 'content:text', 'line:integer'],
          'gai_sections result columns: names, order and types');

SELECT is(pg_temp.proc_args('public.gai_check(text)', ARRAY['o', 't', 'b']),
          ARRAY['rule:text', 'severity:text', 'section:text', 'item:text', 'col:text',
                'expected:numeric', 'actual:numeric', 'message:text'],
          'gai_check result columns: names, order and types');

-- what a caller sees with SELECT *: a view over each function, columns read back
CREATE TEMP VIEW v_parse    AS SELECT * FROM public.gai_parse(NULL::text);
CREATE TEMP VIEW v_sections AS SELECT * FROM public.gai_sections(NULL::text);
CREATE TEMP VIEW v_check    AS SELECT * FROM public.gai_check(NULL::text);

CREATE FUNCTION pg_temp.rel_cols(rel regclass) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT array_agg(attname || ':' || format_type(atttypid, atttypmod) ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped
$$;

SELECT is(pg_temp.rel_cols('pg_temp.v_parse'),
          ARRAY['section:text', 'item:text', 'col:text', 'value:numeric', 'item_label:text',
                'col_label:text', 'line:integer', 'raw:text', 'status:text', 'candidates:numeric[]'],
          'SELECT * FROM gai_parse(...) has the contract columns');
SELECT is(pg_temp.rel_cols('pg_temp.v_sections'),
          ARRAY['section:text', 'heading:text', 'content:text', 'line:integer'],
          'SELECT * FROM gai_sections(...) has the contract columns');
SELECT is(pg_temp.rel_cols('pg_temp.v_check'),
          ARRAY['rule:text', 'severity:text', 'section:text', 'item:text', 'col:text',
                'expected:numeric', 'actual:numeric', 'message:text'],
          'SELECT * FROM gai_check(...) has the contract columns');

-- ------------------------------------------------------------ composite type gai_report

SELECT has_type('public', 'gai_report', 'type public.gai_report exists');
SELECT has_composite('public', 'gai_report', 'public.gai_report is a composite type');

SELECT is(pg_temp.rel_cols('public.gai_report'),
          ARRAY['agency:text', 'year:integer', 'template:text', 'title:text', 'report_date:date',
                'period_start:date', 'period_end:date', 'layout:text', 'sections:text[]',
                'cell_count:integer', 'extra_cell_count:integer', 'blank_count:integer',
                'unreadable_count:integer', 'error_count:integer', 'is_valid:boolean',
                'warnings:text[]', 'published:date', 'ambiguous_count:integer'],
          'gai_report attributes: names, order and types');

SELECT isnt(obj_description('public.gai_report'::regtype, 'pg_type'), NULL,
            'type gai_report has a COMMENT');

SELECT is((SELECT coalesce(array_agg(attname::text ORDER BY attnum), '{}')
           FROM pg_attribute
           WHERE attrelid = 'public.gai_report'::regclass AND attnum > 0 AND NOT attisdropped
             AND coalesce(col_description(attrelid, attnum), '') = ''),
          '{}'::text[], 'every attribute of gai_report has a COMMENT (list of those without)');

-- ------------------------------------------------------------ seed 000: gai_report

-- Results are kept in tables filled inside lives_ok: if a call raises, the test
-- says so and the checks below fail on NULLs instead of aborting the file.
CREATE TEMP TABLE rep0 (LIKE public.gai_report);
CREATE TEMP TABLE cells0 (LIKE pg_temp.v_parse);
CREATE TEMP TABLE sect0 (LIKE pg_temp.v_sections);

SELECT lives_ok($$INSERT INTO rep0 SELECT r.* FROM seeds, LATERAL public.gai_report(body) r
                  WHERE name = 'seed0'$$, 'seed 000: gai_report lives');
SELECT lives_ok($$INSERT INTO cells0 SELECT p.* FROM seeds, LATERAL public.gai_parse(body) p
                  WHERE name = 'seed0'$$, 'seed 000: gai_parse lives');
SELECT lives_ok($$INSERT INTO sect0 SELECT s.* FROM seeds, LATERAL public.gai_sections(body) s
                  WHERE name = 'seed0'$$, 'seed 000: gai_sections lives');

SELECT is((SELECT agency FROM rep0), '湛江奋勇高新区办公室', 'seed 000: agency');
SELECT is((SELECT year FROM rep0), 2020, 'seed 000: year');
SELECT is((SELECT template FROM rep0), '2019', 'seed 000: template 2019');
SELECT matches((SELECT title FROM rep0), '^湛江奋勇高新区办公室2020年度政府信息\s*公开工作年度报告$',
               'seed 000: title (two printed lines, joined)');
SELECT is((SELECT layout FROM rep0), 'cells', 'seed 000: layout cells (one cell per line)');
SELECT is((SELECT sections FROM rep0), ARRAY['overview', 'active', 'requests', 'appeals', 'problems'],
          'seed 000: sections found, in order (this report has no 六)');
SELECT is((SELECT cell_count FROM rep0), 198, 'seed 000: cell_count 198');
SELECT is((SELECT extra_cell_count FROM rep0), 0, 'seed 000: no extra cells');
SELECT is((SELECT blank_count FROM rep0), 0, 'seed 000: no blank cells');
SELECT is((SELECT unreadable_count FROM rep0), 0, 'seed 000: no unreadable cells');
SELECT is((SELECT error_count FROM rep0), 0, 'seed 000: error_count 0');
SELECT is((SELECT is_valid FROM rep0), true, 'seed 000: is_valid');

-- ------------------------------------------------------------ seed 000: gai_parse

SELECT is((SELECT count(*)::int FROM cells0), 198, 'seed 000: gai_parse returns 198 rows');
SELECT is((SELECT count(*)::int FROM cells0 WHERE status = 'ok'), 198,
          'seed 000: all 198 cells have status ok');
SELECT is((SELECT count(*)::int FROM cells0 WHERE value IS NULL OR item IS NULL OR col IS NULL
                                                 OR item_label IS NULL OR col_label IS NULL
                                                 OR line IS NULL OR raw IS NULL), 0,
          'seed 000: no NULL in value, item, col, labels, line, raw');
SELECT is((SELECT count(DISTINCT (section, item, col))::int FROM cells0), 198,
          'seed 000: (section, item, col) is unique');
SELECT is((SELECT array_agg(section || '=' || n ORDER BY section)
           FROM (SELECT section, count(*) n FROM cells0 GROUP BY section) s),
          ARRAY['active=22', 'appeals=15', 'requests=161'],
          'seed 000: cells per section (2019: 22 + 161 + 15)');
SELECT is((SELECT count(*)::int FROM cells0 WHERE line NOT BETWEEN 1 AND 397), 0,
          'seed 000: every line is within the file');

-- the procurement row: "\t4" on line 81, "\t40053元" on line 82
SELECT is((SELECT value FROM cells0 WHERE section = 'active' AND item = 'procurement' AND col = 'amount'),
          40053::numeric, 'seed 000: active/procurement/amount = 40053');
SELECT is((SELECT item_label FROM cells0 WHERE section = 'active' AND item = 'procurement' AND col = 'amount'),
          '政府集中采购', 'seed 000: procurement item_label');
SELECT is((SELECT col_label FROM cells0 WHERE section = 'active' AND item = 'procurement' AND col = 'amount'),
          '采购总金额', 'seed 000: procurement amount col_label');
SELECT is((SELECT line FROM cells0 WHERE section = 'active' AND item = 'procurement' AND col = 'amount'),
          82, 'seed 000: procurement amount is on line 82');
SELECT matches((SELECT raw FROM cells0 WHERE section = 'active' AND item = 'procurement' AND col = 'amount'),
               '40053', 'seed 000: procurement amount raw text holds 40053');
SELECT is((SELECT array_agg(format('%s/%s/%s=%s', section, item, col, value) ORDER BY line)
           FROM cells0 WHERE value <> 0),
          ARRAY['active/procurement/items=4', 'active/procurement/amount=40053'],
          'seed 000: the only non-zero cells are the procurement row');

-- a few more cells pinned to their line (1-based line of the value in the file)
SELECT is((SELECT array_agg(format('%s/%s/%s@%s=%s', section, item, col, line, value)
                            ORDER BY line)
           FROM cells0
           WHERE (section, item, col) IN (('active', 'regulation', 'new_made'),
                                          ('active', 'fee', 'change'),
                                          ('requests', 'received', 'natural_person'),
                                          ('requests', 'received', 'total'),
                                          ('requests', 'carried_over', 'total'),
                                          ('appeals', 'review', 'upheld'),
                                          ('appeals', 'litigation_after_review', 'total'))),
          ARRAY['active/regulation/new_made@21=0',
                'active/fee/change@72=0',
                'requests/received/natural_person@104=0',
                'requests/received/total@110=0',
                'requests/carried_over/total@344=0',
                'appeals/review/upheld@375=0',
                'appeals/litigation_after_review/total@389=0'],
          'seed 000: cells at their lines, with their values');

-- ------------------------------------------------------------ seed 000: gai_is_valid, gai_check, gai_sections

SELECT lives_ok($$SELECT public.gai_is_valid(body) FROM seeds WHERE name = 'seed0'$$,
                'seed 000: gai_is_valid lives');
SELECT is(pg_temp.try_is_valid(body), true, 'seed 000: gai_is_valid is true') FROM seeds WHERE name = 'seed0';

CREATE TEMP TABLE check0 (LIKE pg_temp.v_check);
SELECT lives_ok($$INSERT INTO check0 SELECT c.* FROM seeds, LATERAL public.gai_check(body) c
                  WHERE name = 'seed0'$$, 'seed 000: gai_check lives');
SELECT is((SELECT count(*)::int FROM check0 WHERE severity = 'error'), 0,
          'seed 000: gai_check returns no error row');
SELECT is((SELECT count(*)::int FROM check0 WHERE severity NOT IN ('error', 'warning')), 0,
          'seed 000: gai_check severities are error or warning');

SELECT is((SELECT array_agg(section || '@' || line ORDER BY line)
           FROM sect0 WHERE section <> 'preamble'),
          ARRAY['overview@5', 'active@10', 'requests@85', 'appeals@347', 'problems@392'],
          'seed 000: gai_sections, heading lines');
SELECT matches((SELECT heading FROM sect0 WHERE section = 'requests'), '三、收到和处理政府信息公开申请情况',
               'seed 000: requests heading as printed');
SELECT matches((SELECT content FROM sect0 WHERE section = 'problems'), '下一步改进措施',
               'seed 000: problems content holds its narrative');
SELECT doesnt_match((SELECT content FROM sect0 WHERE section = 'active'), '40053',
                    'seed 000: active content leaves the table lines out');

-- ------------------------------------------------------------ NULL input (STRICT)

SELECT ok(public.gai_report(NULL::text) IS NULL, 'gai_report(NULL) is NULL');
SELECT is(public.gai_is_valid(NULL::text), NULL::boolean, 'gai_is_valid(NULL) is NULL');
SELECT is((SELECT count(*)::int FROM public.gai_parse(NULL::text)), 0, 'gai_parse(NULL) returns no row');
SELECT is((SELECT count(*)::int FROM public.gai_sections(NULL::text)), 0, 'gai_sections(NULL) returns no row');
SELECT is((SELECT count(*)::int FROM public.gai_check(NULL::text)), 0, 'gai_check(NULL) returns no row');

-- ------------------------------------------------------------ gai_parse on non-report text: 22P02

SELECT throws_ok($$SELECT count(*) FROM public.gai_parse('这不是一份报告')$$, '22P02', NULL,
                 'gai_parse(''这不是一份报告'') raises 22P02');
SELECT throws_ok($$SELECT count(*) FROM public.gai_parse('')$$, '22P02', NULL,
                 'gai_parse('''') raises 22P02');
SELECT throws_ok($$SELECT * FROM public.gai_parse('这不是一份报告')$$, '22P02', NULL,
                 'SELECT * FROM gai_parse(''这不是一份报告'') raises 22P02');

-- The error's fields, read with GET STACKED DIAGNOSTICS.
CREATE FUNCTION pg_temp.error_of(q text,
    OUT state text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE q;
  state := 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
  detail := nullif(detail, '');   -- plpgsql gives '' for an absent field
  hint := nullif(hint, '');
END
$$;

CREATE TEMP TABLE errs AS
  SELECT t.name, e.*
  FROM (VALUES ('nonreport', $$SELECT count(*) FROM public.gai_parse('这不是一份报告')$$),
               ('empty', $$SELECT count(*) FROM public.gai_parse('')$$)) AS t(name, q),
       pg_temp.error_of(t.q) e;

SELECT is(state, '22P02', format('gai_parse(%s): SQLSTATE 22P02 (message: %s)', name, message))
FROM errs ORDER BY name;
SELECT matches(message, '[^[:space:]]', format('gai_parse(%s): non-empty message', name))
FROM errs ORDER BY name;
SELECT isnt(detail, NULL, format('gai_parse(%s): the error has a DETAIL', name)) FROM errs ORDER BY name;
SELECT matches(detail, '[^[:space:]]', format('gai_parse(%s): DETAIL is not blank', name))
FROM errs ORDER BY name;
SELECT isnt(hint, NULL, format('gai_parse(%s): the error has a HINT', name)) FROM errs ORDER BY name;
SELECT matches(hint, '[^[:space:]]', format('gai_parse(%s): HINT is not blank', name))
FROM errs ORDER BY name;

-- ------------------------------------------------------------ gai_report / gai_is_valid never raise

SELECT lives_ok($$SELECT public.gai_report('这不是一份报告')$$, 'gai_report(''这不是一份报告'') does not raise');
SELECT lives_ok($$SELECT public.gai_is_valid('这不是一份报告')$$, 'gai_is_valid(''这不是一份报告'') does not raise');
SELECT lives_ok($$SELECT public.gai_report('')$$, 'gai_report('''') does not raise');
SELECT lives_ok($$SELECT public.gai_is_valid('')$$, 'gai_is_valid('''') does not raise');

CREATE TEMP TABLE rep_bad AS
  SELECT name, pg_temp.try_report(body) AS r, pg_temp.try_is_valid(body) AS v
  FROM (VALUES ('nonreport', '这不是一份报告'), ('empty', '')) AS t(name, body);

SELECT ok(num_nonnulls(r) = 1, format('gai_report(%s) returns a row, not NULL', name)) FROM rep_bad ORDER BY name;
SELECT is((r).template, NULL, format('gai_report(%s): template IS NULL', name)) FROM rep_bad ORDER BY name;
SELECT is((r).cell_count, 0, format('gai_report(%s): cell_count 0', name)) FROM rep_bad ORDER BY name;
SELECT cmp_ok(coalesce(cardinality((r).warnings), 0), '>=', 1,
              format('gai_report(%s): at least one warning says why', name)) FROM rep_bad ORDER BY name;
SELECT is((r).is_valid, false, format('gai_report(%s): is_valid false', name)) FROM rep_bad ORDER BY name;
SELECT is(v, false, format('gai_is_valid(%s) is false', name)) FROM rep_bad ORDER BY name;

-- ------------------------------------------------------------ search_path safety

-- Runs every function, schema-qualified, under the caller's search_path; never raises.
CREATE FUNCTION pg_temp.probe(body text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  r public.gai_report;
  n_parse bigint;
  n_sect bigint;
  n_err bigint;
  v boolean;
  bad text;
BEGIN
  r := public.gai_report(body);
  v := public.gai_is_valid(body);
  SELECT count(*) INTO n_parse FROM public.gai_parse(body) WHERE status = 'ok';
  SELECT count(*) INTO n_sect FROM public.gai_sections(body);
  SELECT count(*) INTO n_err FROM public.gai_check(body) c WHERE c.severity = 'error';
  BEGIN
    PERFORM count(*) FROM public.gai_parse('这不是一份报告');
    bad := 'no error';
  EXCEPTION WHEN OTHERS THEN
    bad := SQLSTATE;
  END;
  RETURN format('agency=%s template=%s cells=%s valid=%s parse_ok=%s sections>0=%s errors=%s nonreport=%s',
                r.agency, r.template, r.cell_count, v, n_parse, n_sect > 0, n_err, bad);
EXCEPTION WHEN OTHERS THEN
  RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END
$$;

SET LOCAL search_path = pg_catalog;
CREATE TEMP TABLE sp_result AS
  SELECT current_setting('search_path') AS path, pg_temp.probe(body) AS res
  FROM pg_temp.seeds WHERE name = 'seed0';
RESET search_path;

SELECT is(path, 'pg_catalog', 'probe ran with search_path = pg_catalog') FROM sp_result;
SELECT is(res, 'agency=湛江奋勇高新区办公室 template=2019 cells=198 valid=t parse_ok=198 '
               'sections>0=t errors=0 nonreport=22P02',
          'search_path = pg_catalog: public.gai_* all work, gai_parse still raises 22P02')
FROM sp_result;

SELECT * FROM finish();
ROLLBACK;
