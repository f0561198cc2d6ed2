-- gaireport against 300 synthetic reports with ground truth
-- (test/fixtures/generated/, made by test/tools/gen_reports.py --seed 2019).
--
-- Run from the repository root (the \copy paths are relative to it):
--   pg_prove -d DB test/pgtap/generated.sql
--
-- Every expectation comes from the generator's truth; the arithmetic rules are
-- recomputed here in SQL from truth_cells alone, independently of the C code.
-- Each failing test prints (diag) its first 20 offending cases.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;

-- ------------------------------------------------------------ fixtures

CREATE TEMP TABLE reports (name text PRIMARY KEY, body text NOT NULL);
CREATE TEMP TABLE truth_cells (name text, section text, item text, col text, value text);
CREATE TEMP TABLE truth_reports (name text PRIMARY KEY, agency text, year integer,
                                 template text, layout text, violations text[]);

\copy reports FROM 'test/fixtures/generated/reports.csv' WITH (FORMAT csv, HEADER true)
\copy truth_cells FROM 'test/fixtures/generated/truth_cells.csv' WITH (FORMAT csv, HEADER true)
\copy truth_reports FROM 'test/fixtures/generated/truth_reports.csv' WITH (FORMAT csv, HEADER true)

ANALYZE reports, truth_cells, truth_reports;

-- ------------------------------------------------------------ broken hard rules, from the truth only
-- blank = 0 (the truth has no blanks, so this never matters here).

CREATE TEMP TABLE tc AS
  SELECT t.name, r.template, t.section, t.item, t.col, t.value::numeric AS v
  FROM truth_cells t JOIN truth_reports r USING (name);

-- expected = sum of the parts, actual = the printed total (for requests.balance, whose
-- orientation the spec leaves open: expected = total + carried_over, actual = received +
-- carried_in; only the diagnostics use it).
CREATE TEMP TABLE truth_broken (name text, rule text, section text, item text, col text,
                                expected numeric, actual numeric);

-- requests.balance, per requests column: received + carried_in = total + carried_over
INSERT INTO truth_broken
SELECT name, 'requests.balance', 'requests', NULL, col,
       coalesce(sum(v) FILTER (WHERE item IN ('total', 'carried_over')), 0),
       coalesce(sum(v) FILTER (WHERE item IN ('received', 'carried_in')), 0)
FROM tc WHERE section = 'requests'
GROUP BY name, col
HAVING coalesce(sum(v) FILTER (WHERE item IN ('received', 'carried_in')), 0)
    <> coalesce(sum(v) FILTER (WHERE item IN ('total', 'carried_over')), 0);

-- requests.outcome_total, per requests column: total = sum of the outcome rows
INSERT INTO truth_broken
SELECT name, 'requests.outcome_total', 'requests', 'total', col, sum_parts, total
FROM (
  SELECT name, col,
         coalesce(sum(v) FILTER (WHERE item = 'total'), 0) AS total,
         coalesce(sum(v) FILTER (WHERE item IN ('granted', 'partial')
                                    OR item LIKE 'denied.%'
                                    OR item LIKE 'unavailable.%'
                                    OR item LIKE 'rejected.%'
                                    OR (template = '2019' AND item = 'other')
                                    OR (template = '2021' AND item LIKE 'other.%')), 0) AS sum_parts
  FROM tc WHERE section = 'requests'
  GROUP BY name, col
) s
WHERE total <> sum_parts;

-- requests.row_total, per requests row: total = the six applicant columns
INSERT INTO truth_broken
SELECT name, 'requests.row_total', 'requests', item, 'total', sum_parts, total
FROM (
  SELECT name, item,
         coalesce(sum(v) FILTER (WHERE col = 'total'), 0) AS total,
         coalesce(sum(v) FILTER (WHERE col IN ('natural_person', 'commercial', 'research',
                                              'social_org', 'legal_service', 'other_org')), 0) AS sum_parts
  FROM tc WHERE section = 'requests'
  GROUP BY name, item
) s
WHERE total <> sum_parts;

-- appeals.row_total, per appeals item: total = upheld + corrected + other + pending
INSERT INTO truth_broken
SELECT name, 'appeals.row_total', 'appeals', item, 'total', sum_parts, total
FROM (
  SELECT name, item,
         coalesce(sum(v) FILTER (WHERE col = 'total'), 0) AS total,
         coalesce(sum(v) FILTER (WHERE col IN ('upheld', 'corrected', 'other', 'pending')), 0) AS sum_parts
  FROM tc WHERE section = 'appeals'
  GROUP BY name, item
) s
WHERE total <> sum_parts;

-- nonnegative: every cell but 本年增/减 (change)
INSERT INTO truth_broken
SELECT name, 'nonnegative', section, item, col, NULL, v
FROM tc WHERE v < 0 AND col <> 'change';

-- ------------------------------------------------------------ run the extension once per report

CREATE TEMP TABLE parsed (name text, section text, item text, col text, value numeric,
                          item_label text, col_label text, line integer, raw text, status text,
                          candidates numeric[]);
CREATE TEMP TABLE rep (name text PRIMARY KEY, agency text, year integer, template text,
                       title text, report_date date, period_start date, period_end date,
                       layout text, sections text[], cell_count integer,
                       extra_cell_count integer, blank_count integer,
                       unreadable_count integer, error_count integer, is_valid boolean,
                       warnings text[], published date, ambiguous_count integer);
CREATE TEMP TABLE checked (name text, rule text, severity text, section text, item text,
                           col text, expected numeric, actual numeric, message text);
CREATE TEMP TABLE valid (name text PRIMARY KEY, is_valid boolean);
-- A function that raises for one report must not abort the whole file: it is recorded here.
CREATE TEMP TABLE call_errors (fn text, name text, sqlstate text, message text);

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT name, body FROM reports ORDER BY name LOOP
    BEGIN
      INSERT INTO parsed SELECT r.name, p.* FROM gai_parse(r.body) p;
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO call_errors VALUES ('gai_parse', r.name, SQLSTATE, SQLERRM);
    END;
    BEGIN
      INSERT INTO rep SELECT r.name, g.* FROM gai_report(r.body) g;
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO call_errors VALUES ('gai_report', r.name, SQLSTATE, SQLERRM);
    END;
    BEGIN
      INSERT INTO checked SELECT r.name, c.* FROM gai_check(r.body) c;
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO call_errors VALUES ('gai_check', r.name, SQLSTATE, SQLERRM);
    END;
    BEGIN
      INSERT INTO valid SELECT r.name, gai_is_valid(r.body);
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO call_errors VALUES ('gai_is_valid', r.name, SQLSTATE, SQLERRM);
    END;
  END LOOP;
END
$$;

CREATE INDEX ON parsed (name, section, item, col);
ANALYZE parsed, rep, checked, valid;

CREATE TEMP TABLE check_errors AS
  SELECT name, rule, section, item, col, expected, actual, message
  FROM checked WHERE severity = 'error';

-- ------------------------------------------------------------ tests

SELECT plan(23);

-- 1. fixtures loaded -------------------------------------------------

SELECT is((SELECT count(*)::int FROM reports), 300, 'reports.csv: 300 reports');
SELECT is((SELECT count(*)::int FROM truth_reports), 300, 'truth_reports.csv: 300 rows');
SELECT is((SELECT count(*)::int FROM truth_cells),
          (SELECT sum(CASE template WHEN '2019' THEN 198 WHEN '2021' THEN 200 END)::int
             FROM truth_reports),
          'truth_cells.csv: 198 cells per 2019 report, 200 per 2021 report');
SELECT is((SELECT count(*)::int FROM reports FULL JOIN truth_reports t USING (name)
            WHERE reports.name IS NULL OR t.name IS NULL),
          0, 'reports and truth_reports name the same 300 reports');

SELECT is((SELECT count(*)::int FROM call_errors), 0,
          'gai_parse, gai_report, gai_check, gai_is_valid raise for no report');
SELECT diag(format('%s(%s) raised %s: %s', fn, name, sqlstate, message))
FROM (SELECT * FROM call_errors ORDER BY name, fn LIMIT 20) e;

-- 2. cells -----------------------------------------------------------

CREATE TEMP TABLE cell_mismatch AS
SELECT t.name, t.section, t.item, t.col, t.value AS expected,
       count(p.name) AS n,
       string_agg(format('%s [%s, line %s, raw %L]', coalesce(p.value::text, 'NULL'),
                         p.status, p.line, p.raw), '; ') AS got
FROM truth_cells t
LEFT JOIN parsed p USING (name, section, item, col)
GROUP BY t.name, t.section, t.item, t.col, t.value
HAVING count(p.name) <> 1
    OR NOT coalesce(bool_and(p.value IS NOT NULL AND p.value = t.value::numeric), false);

SELECT is((SELECT count(*)::int FROM cell_mismatch), 0,
          'gai_parse returns every truth cell exactly once with the truth value');
SELECT diag(format('%s %s/%s/%s: expected %s, got %s', name, section, item, col, expected,
                   CASE WHEN n = 0 THEN 'no row' ELSE got END))
FROM (SELECT * FROM cell_mismatch ORDER BY name, section, item, col LIMIT 20) m;
SELECT diag(format('cell mismatches: %s in %s reports', count(*), count(DISTINCT name)))
FROM cell_mismatch HAVING count(*) > 0;

CREATE TEMP TABLE cell_extra AS
SELECT p.* FROM parsed p
WHERE p.item IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM truth_cells t
                  WHERE (t.name, t.section, t.item, t.col) = (p.name, p.section, p.item, p.col));

SELECT is((SELECT count(*)::int FROM cell_extra), 0,
          'gai_parse returns no template cell that the truth lacks');
SELECT diag(format('%s extra %s/%s/%s = %s [%s, line %s, raw %L]', name, section, item, col,
                   value, status, line, raw))
FROM (SELECT * FROM cell_extra ORDER BY name, section, item, col LIMIT 20) x;

CREATE TEMP TABLE cell_dup AS
SELECT name, section, item, col, count(*) AS n,
       string_agg(format('%s [line %s, raw %L]', coalesce(value::text, 'NULL'), line, raw), '; ') AS got
FROM parsed WHERE item IS NOT NULL
GROUP BY name, section, item, col HAVING count(*) > 1;

SELECT is((SELECT count(*)::int FROM cell_dup), 0,
          'gai_parse returns no (section, item, col) twice in one report');
SELECT diag(format('%s %s/%s/%s returned %s times: %s', name, section, item, col, n, got))
FROM (SELECT * FROM cell_dup ORDER BY name, section, item, col LIMIT 20) d;

-- The generator writes no rows outside the template, so a row with item NULL is a misread.
SELECT is((SELECT count(*)::int FROM parsed WHERE item IS NULL), 0,
          'gai_parse returns no non-template row (the fixtures have none)');
SELECT diag(format('%s non-template row: %s/%s label %L col %s = %s [line %s, raw %L]', name,
                   section, item, item_label, col, value, line, raw))
FROM (SELECT * FROM parsed WHERE item IS NULL ORDER BY name, line LIMIT 20) x;

-- 3. metadata --------------------------------------------------------

CREATE TEMP TABLE meta_mismatch AS
SELECT t.name, t.agency, t.year, t.template, r.agency AS got_agency, r.year AS got_year,
       r.template AS got_template
FROM truth_reports t LEFT JOIN rep r USING (name)
WHERE r.name IS NULL
   OR r.agency IS DISTINCT FROM t.agency
   OR r.year IS DISTINCT FROM t.year
   OR r.template IS DISTINCT FROM t.template;

SELECT is((SELECT count(*)::int FROM meta_mismatch), 0,
          'gai_report: agency, year and template equal the truth');
SELECT diag(format('%s: expected (%s, %s, %s), got (%s, %s, %s)', name, agency, year, template,
                   coalesce(got_agency, 'NULL'), coalesce(got_year::text, 'NULL'),
                   coalesce(got_template, 'NULL')))
FROM (SELECT * FROM meta_mismatch ORDER BY name LIMIT 20) m;

SELECT is((SELECT count(*)::int FROM truth_reports t LEFT JOIN rep r USING (name)
            WHERE r.layout IS DISTINCT FROM t.layout),
          0, 'gai_report: layout equals the truth (cells or rows)');
SELECT diag(format('%s: layout expected %s, got %s', t.name, t.layout, coalesce(r.layout, 'NULL')))
FROM truth_reports t LEFT JOIN rep r USING (name)
WHERE r.layout IS DISTINCT FROM t.layout
ORDER BY t.name LIMIT 20;

CREATE TEMP TABLE count_mismatch AS
SELECT t.name, t.template, r.cell_count, r.extra_cell_count, r.blank_count, r.unreadable_count
FROM truth_reports t LEFT JOIN rep r USING (name)
WHERE r.cell_count IS DISTINCT FROM CASE t.template WHEN '2019' THEN 198 ELSE 200 END
   OR r.extra_cell_count IS DISTINCT FROM 0
   OR r.blank_count IS DISTINCT FROM 0
   OR r.unreadable_count IS DISTINCT FROM 0;

SELECT is((SELECT count(*)::int FROM count_mismatch), 0,
          'gai_report: cell_count 198/200, no extra, blank or unreadable cell');
SELECT diag(format('%s (%s): cell_count %s, extra %s, blank %s, unreadable %s', name, template,
                   cell_count, extra_cell_count, blank_count, unreadable_count))
FROM (SELECT * FROM count_mismatch ORDER BY name LIMIT 20) m;

-- 4. rules -----------------------------------------------------------

-- Sanity of the SQL checker: each deliberate error shows up, clean reports break nothing.
SELECT is((SELECT count(*)::int
             FROM truth_reports t, unnest(t.violations) AS v(rule)
            WHERE NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name AND b.rule = v.rule)),
          0, 'SQL checker: every generator-declared violation is among the broken rules found');
SELECT diag(format('%s: declared %s, SQL checker found %s', t.name, v.rule,
                   (SELECT coalesce(string_agg(DISTINCT b.rule, ','), 'nothing')
                      FROM truth_broken b WHERE b.name = t.name)))
FROM truth_reports t, unnest(t.violations) AS v(rule)
WHERE NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name AND b.rule = v.rule)
ORDER BY t.name LIMIT 20;

SELECT is((SELECT count(*)::int FROM truth_broken b JOIN truth_reports t USING (name)
            WHERE t.violations = '{}'),
          0, 'SQL checker: reports without declared violation break no hard rule');

SELECT cmp_ok((SELECT count(DISTINCT name)::int FROM truth_broken), '>=', 30,
              'at least 30 reports break a hard rule (the rule tests are not vacuous)');

CREATE TEMP TABLE rule_missing AS
  SELECT name, rule, section, item, col FROM truth_broken
  EXCEPT ALL
  SELECT name, rule, section, item, col FROM check_errors;
CREATE TEMP TABLE rule_unexpected AS
  SELECT name, rule, section, item, col FROM check_errors
  EXCEPT ALL
  SELECT name, rule, section, item, col FROM truth_broken;

SELECT is((SELECT count(*)::int FROM rule_missing), 0,
          'gai_check reports every broken hard rule instance as an error');
SELECT diag(format('%s: missing error %s %s/%s/%s (truth: expected %s, actual %s)',
                   m.name, m.rule, m.section, coalesce(m.item, 'NULL'), m.col, b.expected, b.actual))
FROM (SELECT * FROM rule_missing ORDER BY name, rule, section, item, col LIMIT 20) m
JOIN truth_broken b ON (b.name, b.rule, b.section, b.col) = (m.name, m.rule, m.section, m.col)
                   AND b.item IS NOT DISTINCT FROM m.item;

SELECT is((SELECT count(*)::int FROM rule_unexpected), 0,
          'gai_check reports no error beyond the broken hard rule instances');
SELECT diag(format('%s: unexpected error %s %s/%s/%s (expected %s, actual %s): %s',
                   u.name, u.rule, u.section, coalesce(u.item, 'NULL'), coalesce(u.col, 'NULL'),
                   c.expected, c.actual, c.message))
FROM (SELECT * FROM rule_unexpected ORDER BY name, rule, section, item, col LIMIT 20) u
LEFT JOIN LATERAL (SELECT * FROM check_errors c
                    WHERE (c.name, c.rule) = (u.name, u.rule)
                      AND c.section IS NOT DISTINCT FROM u.section
                      AND c.item IS NOT DISTINCT FROM u.item
                      AND c.col IS NOT DISTINCT FROM u.col LIMIT 1) c ON true;

SELECT is((SELECT count(*)::int FROM check_errors c JOIN truth_reports t USING (name)
            WHERE t.violations = '{}'),
          0, 'gai_check: no error row for the 260 reports without declared violation');
SELECT diag(format('%s (no declared violation): error %s %s/%s/%s (expected %s, actual %s): %s',
                   c.name, c.rule, c.section, coalesce(c.item, 'NULL'), coalesce(c.col, 'NULL'),
                   c.expected, c.actual, c.message))
FROM check_errors c JOIN truth_reports t USING (name)
WHERE t.violations = '{}'
ORDER BY c.name, c.rule, c.section, c.item, c.col LIMIT 20;

-- Expected/actual of one instance per rule kind, from the truth: expected = the sum of
-- the parts, actual = the printed total.
SELECT is((SELECT ARRAY[c.expected, c.actual] FROM check_errors c
            WHERE (c.name, c.rule, c.section, c.item, c.col) = (b.name, b.rule, b.section, b.item, b.col)
            LIMIT 1),
          ARRAY[b.expected, b.actual],
          format('gai_check %s %s %s/%s/%s: expected %s (sum of parts), actual %s (printed total)',
                 b.name, b.rule, b.section, b.item, b.col, b.expected, b.actual))
FROM (VALUES (1, 'requests.row_total'), (2, 'appeals.row_total'), (3, 'requests.outcome_total'))
       AS k(ord, rule),
     LATERAL (SELECT b.* FROM truth_broken b JOIN truth_reports t USING (name)
               WHERE b.rule = k.rule AND b.rule = ANY (t.violations)
               ORDER BY b.name, b.item, b.col LIMIT 1) b
ORDER BY k.ord;

-- 5. validity --------------------------------------------------------

CREATE TEMP TABLE valid_mismatch AS
SELECT t.name, v.is_valid AS got,
       NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name) AS want
FROM truth_reports t LEFT JOIN valid v USING (name)
WHERE v.is_valid IS DISTINCT FROM NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name);

SELECT is((SELECT count(*)::int FROM valid_mismatch), 0,
          'gai_is_valid is true exactly for the reports that break no hard rule');
SELECT diag(format('%s: gai_is_valid expected %s, got %s', name, want, coalesce(got::text, 'NULL')))
FROM (SELECT * FROM valid_mismatch ORDER BY name LIMIT 20) m;

CREATE TEMP TABLE rep_valid_mismatch AS
SELECT t.name, r.is_valid, r.error_count,
       (SELECT count(*) FROM truth_broken b WHERE b.name = t.name)::int AS want_errors
FROM truth_reports t LEFT JOIN rep r USING (name)
WHERE r.error_count IS DISTINCT FROM (SELECT count(*) FROM truth_broken b WHERE b.name = t.name)::int
   OR r.is_valid IS DISTINCT FROM NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name);

SELECT is((SELECT count(*)::int FROM rep_valid_mismatch), 0,
          'gai_report: error_count = broken hard rule instances, is_valid = none broken');
SELECT diag(format('%s: error_count expected %s, got %s; is_valid expected %s, got %s', name,
                   want_errors, coalesce(error_count::text, 'NULL'), want_errors = 0,
                   coalesce(is_valid::text, 'NULL')))
FROM (SELECT * FROM rep_valid_mismatch ORDER BY name LIMIT 20) m;

SELECT * FROM finish();
ROLLBACK;
