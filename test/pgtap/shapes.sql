-- gaireport against the web-page, pipe/markdown and template-variant fixtures with
-- independent truth: test/fixtures/html/ (40 pages rendered by render_corpus.py),
-- test/fixtures/html_cases/ (13 hand-made pages and crawler texts, one not a report),
-- test/fixtures/pipe/ (3) and test/fixtures/variants/ (8), each NAME.html or NAME.txt
-- beside its NAME.json.
--
-- Run from the repository root (the \copy programs are run there):
--   pg_prove -d DB test/pgtap/shapes.sql
--
-- The SQL counterpart of test/tools/check_truth.py, independent of the C code:
-- test/tools/fixtures_csv.py turns the JSON truth into CSV, every expectation
-- comes from it, and the broken hard rules are recomputed here in SQL from the
-- truth cells alone (blank = 0; the truth's "violations" only name the rule each
-- deliberate error aimed at). Most tests come once per fixture directory; each
-- failing test prints (diag) its first 20 offending cases.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;

-- ------------------------------------------------------------ fixtures

-- name = DIR/STEM (html/000003, html_cases/js_string, pipe/pipe_basic, ...)
CREATE TEMP TABLE reports (name text PRIMARY KEY, dir text NOT NULL, file text NOT NULL,
                           ext text NOT NULL, body text NOT NULL);
CREATE TEMP TABLE truth_reports (name text PRIMARY KEY, dir text, ext text, agency text,
                                 year integer, template text, layout text, shape text,
                                 has_title boolean, title text, not_a_report boolean,
                                 violations text[], sections text[], n_cells integer,
                                 n_blanks integer);
-- blank: listed in the truth's "blanks" (its value is then 0) or value null
CREATE TEMP TABLE truth_cells (name text, section text, item text, col text, value numeric,
                               blank boolean);
CREATE TEMP TABLE truth_blanks (name text, section text, item text, col text);

\copy reports FROM PROGRAM 'python3 test/tools/fixtures_csv.py reports test/fixtures/html test/fixtures/html_cases test/fixtures/pipe test/fixtures/variants' WITH (FORMAT csv, HEADER true)
\copy truth_reports FROM PROGRAM 'python3 test/tools/fixtures_csv.py truth test/fixtures/html test/fixtures/html_cases test/fixtures/pipe test/fixtures/variants' WITH (FORMAT csv, HEADER true)
\copy truth_cells FROM PROGRAM 'python3 test/tools/fixtures_csv.py cells test/fixtures/html test/fixtures/html_cases test/fixtures/pipe test/fixtures/variants' WITH (FORMAT csv, HEADER true)
\copy truth_blanks FROM PROGRAM 'python3 test/tools/fixtures_csv.py blanks test/fixtures/html test/fixtures/html_cases test/fixtures/pipe test/fixtures/variants' WITH (FORMAT csv, HEADER true)

-- The four directories, fixed here so that the number of tests does not depend on
-- what was loaded (a directory that failed to load fails its tests).
CREATE TEMP TABLE dirs (ord int PRIMARY KEY, dir text UNIQUE NOT NULL, n_expected int NOT NULL);
INSERT INTO dirs VALUES (1, 'html', 40), (2, 'html_cases', 13), (3, 'pipe', 3), (4, 'variants', 8);

-- Reports proper (every fixture but the page that is not a report), with the layout a user
-- must get: a web page is read as html whatever its tables look like, pipe and markdown
-- tables as pipes, a text as the truth says (cells or rows).
CREATE TEMP TABLE truth_rep AS
  SELECT t.*,
         CASE WHEN t.ext IN ('html', 'htm') THEN 'html'
              WHEN t.layout IN ('pipe', 'markdown') THEN 'pipes'
              ELSE t.layout END AS want_layout
  FROM truth_reports t WHERE NOT t.not_a_report;

ANALYZE reports, truth_reports, truth_cells, truth_blanks, truth_rep;

-- ------------------------------------------------------------ broken hard rules, from the truth only
-- blank = 0. The rules run over the rows the truth has: a 2021 report printing （六）其他处理 as
-- one row has item `other` and no other.*, and its outcome total sums `other`.

CREATE TEMP TABLE tc AS
  SELECT t.name, r.dir, r.template, t.section, t.item, t.col,
         CASE WHEN t.blank THEN 0 ELSE t.value END AS v
  FROM truth_cells t JOIN truth_rep r USING (name);

-- expected / actual as gai_check documents them (README): requests.balance: expected = the
-- left side (received + carried_in), actual = total + carried_over; the sum rules:
-- expected = the sum of the parts, actual = the printed total; nonnegative: actual = the value.
CREATE TEMP TABLE truth_broken (name text, rule text, section text, item text, col text,
                                expected numeric, actual numeric);

-- requests.balance, per requests column: received + carried_in = total + carried_over
INSERT INTO truth_broken
SELECT name, 'requests.balance', 'requests', NULL, col,
       coalesce(sum(v) FILTER (WHERE item IN ('received', 'carried_in')), 0),
       coalesce(sum(v) FILTER (WHERE item IN ('total', 'carried_over')), 0)
FROM tc WHERE section = 'requests'
GROUP BY name, col
HAVING coalesce(sum(v) FILTER (WHERE item IN ('received', 'carried_in')), 0)
    <> coalesce(sum(v) FILTER (WHERE item IN ('total', 'carried_over')), 0);

-- requests.outcome_total, per requests column: total = granted + partial + Σdenied.* +
-- Σunavailable.* + Σrejected.* + other + Σother.* (whichever of the last two the truth has)
INSERT INTO truth_broken
SELECT name, 'requests.outcome_total', 'requests', 'total', col, sum_parts, total
FROM (
  SELECT name, col,
         coalesce(sum(v) FILTER (WHERE item = 'total'), 0) AS total,
         coalesce(sum(v) FILTER (WHERE item IN ('granted', 'partial', 'other')
                                    OR item LIKE 'denied.%' OR item LIKE 'unavailable.%'
                                    OR item LIKE 'rejected.%' OR item LIKE 'other.%'), 0) AS sum_parts
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
                                               'social_org', 'legal_service', 'other_org')), 0)
           AS sum_parts
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
  SELECT c.name, r.dir, c.rule, c.section, c.item, c.col, c.expected, c.actual, c.message
  FROM checked c JOIN reports r USING (name) WHERE c.severity = 'error';

-- ------------------------------------------------------------ tests

SELECT plan(65);

-- 1. fixtures loaded -------------------------------------------------

SELECT is((SELECT array_agg(format('%s:%s', d.dir, (SELECT count(*) FROM reports r WHERE r.dir = d.dir))
                            ORDER BY d.ord) FROM dirs d),
          (SELECT array_agg(format('%s:%s', dir, n_expected) ORDER BY ord) FROM dirs),
          'fixtures: reports per directory (html 40, html_cases 13, pipe 3, variants 8)');
SELECT is((SELECT count(*)::int FROM reports FULL JOIN truth_reports t USING (name)
            WHERE reports.name IS NULL OR t.name IS NULL),
          0, 'fixtures: every report has its truth and every truth its report');
SELECT is((SELECT count(*)::int FROM truth_cells), (SELECT sum(n_cells)::int FROM truth_reports),
          'fixtures: truth_cells holds every truth cell');
-- The truth itself: each blank is one of its cells, printed blank with value 0 (the truth
-- files say so); no cell twice.
SELECT is((SELECT count(*)::int FROM truth_blanks b
            WHERE NOT EXISTS (SELECT 1 FROM truth_cells c
                              WHERE (c.name, c.section, c.item, c.col) = (b.name, b.section, b.item, b.col)
                                AND c.blank AND c.value = 0))
          + (SELECT count(*)::int FROM truth_cells c WHERE c.blank
              AND NOT EXISTS (SELECT 1 FROM truth_blanks b
                              WHERE (c.name, c.section, c.item, c.col) = (b.name, b.section, b.item, b.col)))
          + (SELECT count(*)::int FROM (SELECT 1 FROM truth_cells
                                         GROUP BY name, section, item, col HAVING count(*) > 1) d),
          0, 'fixtures: each truth blank is a truth cell of value 0, no truth cell twice');
SELECT is((SELECT array_agg(name ORDER BY name) FROM truth_reports WHERE not_a_report),
          ARRAY['html_cases/chrome_only'], 'fixtures: one page is not a report (html_cases/chrome_only)');

SELECT is((SELECT count(*)::int FROM call_errors e
            WHERE NOT (e.fn = 'gai_parse' AND e.sqlstate = '22P02'
                       AND e.name IN (SELECT name FROM truth_reports WHERE not_a_report))),
          0, 'gai_parse, gai_report, gai_check, gai_is_valid raise for no fixture (but gai_parse on the page that is not a report)');
SELECT diag(format('%s(%s) raised %s: %s', fn, name, sqlstate, message))
FROM (SELECT * FROM call_errors e
       WHERE NOT (e.fn = 'gai_parse' AND e.sqlstate = '22P02'
                  AND e.name IN (SELECT name FROM truth_reports WHERE not_a_report))
       ORDER BY name, fn LIMIT 20) e;

-- 2. cells, per directory --------------------------------------------

-- every non-blank truth cell once, status ok, its value
CREATE TEMP TABLE cell_mismatch AS
SELECT r.dir, t.name, t.section, t.item, t.col, t.value AS expected,
       count(p.name) AS n,
       string_agg(format('%s [%s, line %s, raw %L]', coalesce(p.value::text, 'NULL'),
                         p.status, p.line, p.raw), '; ') AS got
FROM truth_cells t
JOIN truth_rep r USING (name)
LEFT JOIN parsed p USING (name, section, item, col)
WHERE NOT t.blank
GROUP BY r.dir, t.name, t.section, t.item, t.col, t.value
HAVING count(p.name) <> 1
    OR NOT coalesce(bool_and(p.status = 'ok' AND p.value IS NOT NULL AND p.value = t.value), false);

SELECT is((SELECT count(*)::int FROM cell_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_parse returns every non-blank truth cell exactly once, status ok, with its value (%s cells)',
                 d.dir, (SELECT count(*) FROM truth_cells t JOIN truth_rep r USING (name)
                          WHERE r.dir = d.dir AND NOT t.blank)))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s %s/%s/%s: expected %s, got %s', name, section, item, col, expected,
                   CASE WHEN n = 0 THEN 'no row' ELSE got END))
FROM (SELECT * FROM cell_mismatch ORDER BY name, section, item, col LIMIT 20) m;
SELECT diag(format('cell mismatches: %s in %s reports', count(*), count(DISTINCT name)))
FROM cell_mismatch HAVING count(*) > 0;

-- every truth blank once, status blank, value NULL
CREATE TEMP TABLE blank_mismatch AS
SELECT r.dir, b.name, b.section, b.item, b.col,
       count(p.name) AS n,
       string_agg(format('%s [%s, line %s, raw %L]', coalesce(p.value::text, 'NULL'),
                         p.status, p.line, p.raw), '; ') AS got
FROM truth_blanks b
JOIN truth_rep r USING (name)
LEFT JOIN parsed p USING (name, section, item, col)
GROUP BY r.dir, b.name, b.section, b.item, b.col
HAVING count(p.name) <> 1
    OR NOT coalesce(bool_and(p.status = 'blank' AND p.value IS NULL), false);

SELECT is((SELECT count(*)::int FROM blank_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_parse returns every truth blank exactly once, status blank, value NULL (%s blanks)',
                 d.dir, (SELECT count(*) FROM truth_blanks b JOIN truth_rep r USING (name)
                          WHERE r.dir = d.dir)))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s %s/%s/%s: expected blank, got %s', name, section, item, col,
                   CASE WHEN n = 0 THEN 'no row' ELSE got END))
FROM (SELECT * FROM blank_mismatch ORDER BY name, section, item, col LIMIT 20) m;

-- no template cell the truth lacks (also: none twice, since a truth cell twice fails above)
CREATE TEMP TABLE cell_extra AS
SELECT r.dir, p.* FROM parsed p JOIN reports r USING (name)
WHERE p.item IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM truth_cells t
                  WHERE (t.name, t.section, t.item, t.col) = (p.name, p.section, p.item, p.col));

SELECT is((SELECT count(*)::int FROM cell_extra x WHERE x.dir = d.dir), 0,
          format('%s: gai_parse returns no template cell that the truth lacks', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s extra %s/%s/%s = %s [%s, line %s, raw %L]', name, section, item, col,
                   coalesce(value::text, 'NULL'), status, line, raw))
FROM (SELECT * FROM cell_extra ORDER BY name, section, item, col LIMIT 20) x;

-- The truths list no row the template lacks, so a row with item NULL is a misread (extra
-- tables, page chrome, a wrapped label read as a row of its own).
CREATE TEMP TABLE cell_nontemplate AS
SELECT r.dir, p.* FROM parsed p JOIN reports r USING (name) WHERE p.item IS NULL;

SELECT is((SELECT count(*)::int FROM cell_nontemplate x WHERE x.dir = d.dir), 0,
          format('%s: gai_parse returns no row the template lacks (item NULL; the truths list none)', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s non-template row: %s label %L col %s = %s [%s, line %s, raw %L]', name,
                   section, item_label, col, coalesce(value::text, 'NULL'), status, line, raw))
FROM (SELECT * FROM cell_nontemplate ORDER BY name, line LIMIT 20) x;

-- 3. rules, per directory --------------------------------------------

-- Sanity of the SQL checker against the truth files: each deliberate error shows up
-- among the rules broken, and a truth that declares none breaks none.
CREATE TEMP TABLE truth_inconsistent AS
SELECT t.name, t.violations,
       (SELECT array_agg(DISTINCT b.rule ORDER BY b.rule) FROM truth_broken b WHERE b.name = t.name) AS found
FROM truth_rep t
WHERE NOT (t.violations <@ coalesce((SELECT array_agg(b.rule) FROM truth_broken b WHERE b.name = t.name), '{}'))
   OR (cardinality(t.violations) = 0) <> NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name);

SELECT is((SELECT count(*)::int FROM truth_inconsistent), 0,
          'SQL checker: the rules broken by the truth cells include each declared violation, and none is broken where none is declared');
SELECT diag(format('%s: declares %s, its cells break %s', name, violations, coalesce(found::text, 'nothing')))
FROM (SELECT * FROM truth_inconsistent ORDER BY name LIMIT 20) x;

SELECT is((SELECT array_agg(format('%s:%s', d.dir, (SELECT count(DISTINCT b.name) FROM truth_broken b
                                                      JOIN truth_rep r USING (name) WHERE r.dir = d.dir))
                            ORDER BY d.ord) FROM dirs d),
          ARRAY['html:13', 'html_cases:6', 'pipe:2', 'variants:3'],
          'SQL checker: reports breaking a hard rule per directory (the rule tests are not vacuous)');

CREATE TEMP TABLE hard_errors AS
  SELECT * FROM check_errors
  WHERE rule IN ('requests.balance', 'requests.row_total', 'requests.outcome_total',
                 'appeals.row_total', 'nonnegative')
    AND name IN (SELECT name FROM truth_rep);
CREATE TEMP TABLE rule_missing AS
  SELECT name, rule, section, item, col FROM truth_broken
  EXCEPT ALL
  SELECT name, rule, section, item, col FROM hard_errors;
CREATE TEMP TABLE rule_unexpected AS
  SELECT name, rule, section, item, col FROM hard_errors
  EXCEPT ALL
  SELECT name, rule, section, item, col FROM truth_broken;

SELECT is((SELECT count(*)::int FROM rule_missing m JOIN reports r USING (name) WHERE r.dir = d.dir), 0,
          format('%s: gai_check reports every broken hard rule instance as an error (%s instances in %s reports)',
                 d.dir,
                 (SELECT count(*) FROM truth_broken b JOIN reports r USING (name) WHERE r.dir = d.dir),
                 (SELECT count(DISTINCT b.name) FROM truth_broken b JOIN reports r USING (name) WHERE r.dir = d.dir)))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: missing error %s %s/%s/%s (truth: expected %s, actual %s)',
                   m.name, m.rule, m.section, coalesce(m.item, 'NULL'), m.col, b.expected, b.actual))
FROM (SELECT * FROM rule_missing ORDER BY name, rule, section, item, col LIMIT 20) m
JOIN truth_broken b ON (b.name, b.rule, b.section, b.col) = (m.name, m.rule, m.section, m.col)
                   AND b.item IS NOT DISTINCT FROM m.item;

SELECT is((SELECT count(*)::int FROM rule_unexpected u JOIN reports r USING (name) WHERE r.dir = d.dir), 0,
          format('%s: gai_check reports no hard rule instance the truth does not break, none twice', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: unexpected error %s %s/%s/%s (expected %s, actual %s): %s',
                   u.name, u.rule, u.section, coalesce(u.item, 'NULL'), coalesce(u.col, 'NULL'),
                   c.expected, c.actual, c.message))
FROM (SELECT * FROM rule_unexpected ORDER BY name, rule, section, item, col LIMIT 20) u
LEFT JOIN LATERAL (SELECT * FROM hard_errors c
                    WHERE (c.name, c.rule) = (u.name, u.rule)
                      AND c.section IS NOT DISTINCT FROM u.section
                      AND c.item IS NOT DISTINCT FROM u.item
                      AND c.col IS NOT DISTINCT FROM u.col LIMIT 1) c ON true;

-- Every table and cell of these reports is there and readable: no cell.missing,
-- cell.unreadable, table.missing, table.unreadable, nor an error of any other rule.
CREATE TEMP TABLE other_errors AS
  SELECT * FROM check_errors
  WHERE rule NOT IN ('requests.balance', 'requests.row_total', 'requests.outcome_total',
                     'appeals.row_total', 'nonnegative')
    AND name IN (SELECT name FROM truth_rep);

SELECT is((SELECT count(*)::int FROM other_errors o WHERE o.dir = d.dir), 0,
          format('%s: gai_check reports no cell.missing, cell.unreadable, table.* or other error', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: error %s %s/%s/%s: %s', name, rule, coalesce(section, 'NULL'),
                   coalesce(item, 'NULL'), coalesce(col, 'NULL'), message))
FROM (SELECT * FROM other_errors ORDER BY name, rule, section, item, col LIMIT 20) o;

-- expected / actual of every instance found, as the README documents them
CREATE TEMP TABLE rule_values AS
SELECT c.name, c.rule, c.item, c.col, c.expected, c.actual, b.expected AS want_expected,
       b.actual AS want_actual
FROM hard_errors c
JOIN truth_broken b ON (b.name, b.rule, b.section, b.col) = (c.name, c.rule, c.section, c.col)
                   AND b.item IS NOT DISTINCT FROM c.item
WHERE c.actual IS DISTINCT FROM b.actual
   OR (c.rule <> 'nonnegative' AND c.expected IS DISTINCT FROM b.expected);

SELECT is((SELECT count(*)::int FROM rule_values), 0,
          'gai_check: expected and actual of each broken instance (balance: received + carried_in vs total + carried_over; sums: the parts vs the printed total)');
SELECT diag(format('%s: %s %s/%s: expected %s actual %s, want expected %s actual %s', name, rule,
                   coalesce(item, 'NULL'), col, expected, actual, want_expected, want_actual))
FROM (SELECT * FROM rule_values ORDER BY name, rule, item, col LIMIT 20) v;

-- 4. metadata, per directory -----------------------------------------

CREATE TEMP TABLE meta_mismatch AS
SELECT t.dir, t.name, t.agency, t.year, t.template, r.agency AS got_agency, r.year AS got_year,
       r.template AS got_template
FROM truth_rep t LEFT JOIN rep r USING (name)
WHERE r.name IS NULL
   OR r.agency IS DISTINCT FROM t.agency
   OR r.year IS DISTINCT FROM t.year
   OR r.template IS DISTINCT FROM t.template;

SELECT is((SELECT count(*)::int FROM meta_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_report: agency, year and template equal the truth', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: expected (%s, %s, %s), got (%s, %s, %s)', name, agency, year, template,
                   coalesce(got_agency, 'NULL'), coalesce(got_year::text, 'NULL'),
                   coalesce(got_template, 'NULL')))
FROM (SELECT * FROM meta_mismatch ORDER BY name LIMIT 20) m;

CREATE TEMP TABLE layout_mismatch AS
SELECT t.dir, t.name, t.ext, t.layout, t.want_layout, r.layout AS got
FROM truth_rep t LEFT JOIN rep r USING (name)
WHERE r.layout IS DISTINCT FROM t.want_layout;

SELECT is((SELECT count(*)::int FROM layout_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_report: layout html for a web page, pipes for pipe or markdown tables, else the truth''s (%s)',
                 d.dir, (SELECT string_agg(DISTINCT want_layout, ', ') FROM truth_rep t WHERE t.dir = d.dir)))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s (.%s, truth layout %s): layout expected %s, got %s', name, ext, layout,
                   want_layout, coalesce(got, 'NULL')))
FROM (SELECT * FROM layout_mismatch ORDER BY name LIMIT 20) m;

CREATE TEMP TABLE title_mismatch AS
SELECT t.dir, t.name, t.title, r.title AS got
FROM truth_rep t LEFT JOIN rep r USING (name)
WHERE t.has_title AND r.title IS DISTINCT FROM t.title;

SELECT is((SELECT count(*)::int FROM title_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_report: title equals the truth''s where it has one (%s titles)', d.dir,
                 (SELECT count(*) FROM truth_rep t WHERE t.dir = d.dir AND t.has_title)))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: title expected %L, got %L', name, title, got))
FROM (SELECT * FROM title_mismatch ORDER BY name LIMIT 20) m;

CREATE TEMP TABLE count_mismatch AS
SELECT t.dir, t.name, t.n_cells, t.n_blanks, r.cell_count, r.extra_cell_count, r.blank_count,
       r.unreadable_count, r.ambiguous_count
FROM truth_rep t LEFT JOIN rep r USING (name)
WHERE r.cell_count IS DISTINCT FROM t.n_cells
   OR r.blank_count IS DISTINCT FROM t.n_blanks
   OR r.extra_cell_count IS DISTINCT FROM 0
   OR r.unreadable_count IS DISTINCT FROM 0
   OR r.ambiguous_count IS DISTINCT FROM 0;

SELECT is((SELECT count(*)::int FROM count_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_report: cell_count and blank_count as the truth, no extra, unreadable or ambiguous cell', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: cell_count %s (truth %s), blank %s (truth %s), extra %s, unreadable %s, ambiguous %s',
                   name, cell_count, n_cells, blank_count, n_blanks, extra_cell_count,
                   unreadable_count, ambiguous_count))
FROM (SELECT * FROM count_mismatch ORDER BY name LIMIT 20) m;

-- the truths of the variants list the sections (the renamed 五, the misspelt 四)
CREATE TEMP TABLE sections_mismatch AS
SELECT t.name, t.sections, r.sections AS got
FROM truth_rep t LEFT JOIN rep r USING (name)
WHERE t.sections IS NOT NULL
  AND array_remove(r.sections, 'preamble') IS DISTINCT FROM t.sections;

SELECT is((SELECT count(*)::int FROM sections_mismatch), 0,
          format('gai_report: sections equal the truth''s where it lists them (%s reports)',
                 (SELECT count(*) FROM truth_rep WHERE sections IS NOT NULL)));
SELECT diag(format('%s: sections expected %s, got %s', name, sections, coalesce(got::text, 'NULL')))
FROM (SELECT * FROM sections_mismatch ORDER BY name LIMIT 20) m;

-- 5. validity, per directory -----------------------------------------

CREATE TEMP TABLE valid_mismatch AS
SELECT t.dir, t.name, v.is_valid AS got, r.is_valid AS got_report, r.error_count,
       NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name) AS want,
       (SELECT count(*) FROM truth_broken b WHERE b.name = t.name)::int AS want_errors
FROM truth_rep t LEFT JOIN valid v USING (name) LEFT JOIN rep r USING (name)
WHERE v.is_valid IS DISTINCT FROM NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name)
   OR r.is_valid IS DISTINCT FROM NOT EXISTS (SELECT 1 FROM truth_broken b WHERE b.name = t.name)
   OR r.error_count IS DISTINCT FROM (SELECT count(*) FROM truth_broken b WHERE b.name = t.name)::int;

SELECT is((SELECT count(*)::int FROM valid_mismatch m WHERE m.dir = d.dir), 0,
          format('%s: gai_is_valid and gai_report.is_valid true exactly when no hard rule is broken; error_count = broken instances', d.dir))
FROM dirs d ORDER BY d.ord;
SELECT diag(format('%s: gai_is_valid %s, gai_report.is_valid %s, error_count %s; want valid %s, %s errors',
                   name, coalesce(got::text, 'NULL'), coalesce(got_report::text, 'NULL'),
                   coalesce(error_count::text, 'NULL'), want, want_errors))
FROM (SELECT * FROM valid_mismatch ORDER BY name LIMIT 20) m;

-- error_count is gai_check's error rows, for every fixture (the page that is no report too)
SELECT is((SELECT count(*)::int FROM reports x LEFT JOIN rep r USING (name)
            WHERE r.error_count IS DISTINCT FROM
                  (SELECT count(*) FROM check_errors c WHERE c.name = x.name)::int),
          0, 'gai_report.error_count = the error rows of gai_check, every fixture');
SELECT diag(format('%s: error_count %s, gai_check error rows %s', x.name,
                   coalesce(r.error_count::text, 'NULL'),
                   (SELECT count(*) FROM check_errors c WHERE c.name = x.name)))
FROM reports x LEFT JOIN rep r USING (name)
WHERE r.error_count IS DISTINCT FROM (SELECT count(*) FROM check_errors c WHERE c.name = x.name)::int
ORDER BY x.name LIMIT 20;

-- 6. the page that is not a report -----------------------------------

SELECT is((SELECT array_agg(format('%s:%s', t.name,
                                   coalesce((SELECT e.sqlstate FROM call_errors e
                                              WHERE e.fn = 'gai_parse' AND e.name = t.name),
                                            'no error')) ORDER BY t.name)
           FROM truth_reports t WHERE t.not_a_report),
          ARRAY['html_cases/chrome_only:22P02'],
          'not a report: gai_parse raises 22P02');
SELECT is((SELECT count(*)::int FROM parsed WHERE name IN (SELECT name FROM truth_reports WHERE not_a_report)),
          0, 'not a report: no cell');
SELECT is((SELECT array_agg(format('%s:%s:%s:%s', t.name, coalesce(r.template, 'NULL'),
                                   r.cell_count, coalesce(r.is_valid::text, 'NULL')) ORDER BY t.name)
           FROM truth_reports t LEFT JOIN rep r USING (name) WHERE t.not_a_report),
          ARRAY['html_cases/chrome_only:NULL:0:false'],
          'not a report: gai_report gives template NULL, cell_count 0, is_valid false');
SELECT ok((SELECT bool_and(coalesce(cardinality(r.warnings), 0) >= 1)
           FROM truth_reports t LEFT JOIN rep r USING (name) WHERE t.not_a_report),
          'not a report: gai_report warns');
SELECT diag(format('%s: warnings %s', t.name, coalesce(r.warnings::text, 'NULL')))
FROM truth_reports t LEFT JOIN rep r USING (name)
WHERE t.not_a_report AND coalesce(cardinality(r.warnings), 0) = 0;
SELECT is((SELECT array_agg(format('%s:%s', t.name, coalesce(v.is_valid::text, 'NULL')) ORDER BY t.name)
           FROM truth_reports t LEFT JOIN valid v USING (name) WHERE t.not_a_report),
          ARRAY['html_cases/chrome_only:false'], 'not a report: gai_is_valid false');
-- The truth names no agency and no year for a listing page: a link's title or the
-- page's heading is not the report's.
SELECT is((SELECT array_agg(format('%s: agency %s, year %s', t.name, coalesce(r.agency, 'NULL'),
                                   coalesce(r.year::text, 'NULL')) ORDER BY t.name)
           FROM truth_reports t LEFT JOIN rep r USING (name) WHERE t.not_a_report),
          (SELECT array_agg(format('%s: agency %s, year %s', t.name, coalesce(t.agency, 'NULL'),
                                   coalesce(t.year::text, 'NULL')) ORDER BY t.name)
           FROM truth_reports t WHERE t.not_a_report),
          'not a report: gai_report agency and year as the truth (NULL)');

SELECT * FROM finish();
ROLLBACK;
