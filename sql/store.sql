-- The store: a text inserted into gai_reports (or gai_versions) is read once
-- and kept as a version of its report; gai_reports shows each report's
-- current version, and gai_cells stays in step on INSERT, UPDATE and DELETE;
-- re-loading a stored text writes nothing, another text of a stored report is
-- a further version; a text that is not a report is kept flagged, or refused
-- under gaireport.reject_invalid.  (The choice among versions: test/pgtap/versions.sql.)
SET datestyle = ISO;
\pset null '(null)'
\set VERBOSITY default

\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s2 `cat test/fixtures/seeds/002_67d5636951f762bb.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`
CREATE TEMP TABLE seeds (source text PRIMARY KEY, body text NOT NULL);
INSERT INTO seeds VALUES ('seed 000', :'s0'), ('seed 001', :'s1'), ('seed 002', :'s2'),
                         ('seed 003', :'s3'), ('seed 004', :'s4');

SELECT count(*) AS stored_before FROM gai_reports;

-- ------------------------------------------------------------ INSERT (source, body)
INSERT INTO gai_reports (source, body) SELECT source, body FROM seeds ORDER BY source;

-- every derived column is filled.  Seed 002 names no agency: its identity is
-- the md5 of its text; its appeals table is damaged (15 unreadable cells, one
-- error).  Seed 003 has 6 cells of rows the 2019 template lacks.
SELECT id, source, agency, agency_key, year, template, report_date, layout,
       cell_count, blank_count, unreadable_count, error_count, is_valid,
       jsonb_array_length(violations) AS violations, cardinality(warnings) AS warnings,
       cardinality(cells) AS cells, length(cell_status) AS status_bytes,
       jsonb_array_length(extra_cells) AS extra_cells, array_dims(requests) AS requests, array_dims(appeals) AS appeals,
       parsed_at IS NOT NULL AS parsed, loaded_at IS NOT NULL AS loaded
FROM gai_reports ORDER BY id;
SELECT id, report_key, title, period_start, period_end FROM gai_reports ORDER BY id;
SELECT source, report_key = 'text:' || md5(body) || '/2020/2019' AS key_is_md5_year_template
FROM gai_reports WHERE agency IS NULL;
SELECT source, violations FROM gai_reports WHERE NOT is_valid;

-- the derived columns are what the 0.1 functions read from the same text
SELECT count(*) AS report_mismatches
FROM gai_reports g, gai_report(g.body) r
WHERE (g.agency, g.year, g.template, g.title, g.report_date, g.period_start, g.period_end,
       g.layout, g.cell_count, g.blank_count, g.unreadable_count, g.error_count, g.is_valid,
       g.warnings, jsonb_array_length(g.extra_cells))
      IS DISTINCT FROM
      (r.agency, r.year, r.template, r.title, r.report_date, r.period_start, r.period_end,
       r.layout, r.cell_count, r.blank_count, r.unreadable_count, r.error_count, r.is_valid,
       r.warnings, r.extra_cell_count);
SELECT count(*) AS violation_mismatches FROM (
  SELECT g.id, x->>'rule', x->>'severity', x->>'section', x->>'item', x->>'col',
         (x->>'expected')::numeric, (x->>'actual')::numeric, x->>'message'
  FROM gai_reports g, jsonb_array_elements(g.violations) x
  EXCEPT ALL SELECT g.id, c.* FROM gai_reports g, gai_check(g.body) c) d;
SELECT count(*) AS violation_rows, (SELECT count(*) FROM gai_reports g, gai_check(g.body)) AS gai_check_rows
FROM gai_reports g, jsonb_array_elements(g.violations);

-- gai_cells holds exactly the rows of gai_parse (both ways, duplicates
-- counted): section, item, col, value, status and the row label.  gai_parse
-- raises on a text without tables, whose gai_cells rows are none (checked below).
CREATE TEMP VIEW parse_rows AS
SELECT g.id AS report_id, p.section, p.item, p.col, p.value, p.status, p.item_label
FROM gai_reports g, gai_parse(g.body) p WHERE g.template IS NOT NULL;
CREATE TEMP VIEW cells_vs_parse AS
SELECT (SELECT count(*) FROM gai_cells) AS gai_cells,
       (SELECT count(*) FROM parse_rows) AS gai_parse,
       (SELECT count(*) FROM (SELECT report_id, section, item, col, value, status, item_label FROM gai_cells
                              EXCEPT ALL SELECT * FROM parse_rows) d) AS only_in_view,
       (SELECT count(*) FROM (SELECT * FROM parse_rows
                              EXCEPT ALL
                              SELECT report_id, section, item, col, value, status, item_label FROM gai_cells) d) AS only_in_parse;
SELECT * FROM cells_vs_parse;
SELECT g.source, count(*) AS cells, count(*) FILTER (WHERE c.status = 'ok') AS ok,
       count(*) FILTER (WHERE c.status = 'blank') AS blank,
       count(*) FILTER (WHERE c.status = 'unreadable') AS unreadable,
       count(*) FILTER (WHERE c.item IS NULL) AS not_in_template
FROM gai_reports g JOIN gai_cells c ON c.report_id = g.id GROUP BY g.source ORDER BY g.source;

-- seed 003: its 6 sub-rows of 政府集中采购 (item NULL, their own label);
-- they sum to the row: 1 + 7 + 6 = 14 projects, 359600 + 221700 + 1185911.05 = 1767211.05 元
SELECT c.section, c.item, c.item_label, c.col, c.value, c.status
FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id
WHERE g.source = 'seed 003' AND (c.item IS NULL OR c.item = 'procurement')
ORDER BY c.item NULLS LAST, c.item_label, c.col DESC;
-- their column labels are those of the template's columns, as gai_parse gives them
SELECT c.item_label, c.col, c.col_label,
       (SELECT p.col_label FROM gai_parse(g.body) p
        WHERE p.item IS NULL AND p.item_label = c.item_label AND p.col = c.col) AS gai_parse_col_label
FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id
WHERE g.source = 'seed 003' AND c.item IS NULL
ORDER BY c.item_label, c.col DESC;
-- ... and a few cells of the requests table read in template order from gai_reports.cells
SELECT k.idx, k.item, k.col, g.cells[k.idx] AS value, get_byte(g.cell_status, k.idx - 1) AS status_byte
FROM gai_reports g JOIN gai_codes() k ON k.template = g.template
WHERE g.source = 'seed 003' AND k.section = 'requests' AND k.item IN ('received', 'granted', 'total')
  AND k.col IN ('natural_person', 'total')
ORDER BY k.idx;
-- seed 002's damaged appeals table: 15 cells present, unreadable, value NULL
SELECT c.item, c.col, c.value, c.status FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id
WHERE g.source = 'seed 002' AND c.section = 'appeals' AND c.item = 'review' ORDER BY c.col;

-- ------------------------------------------------------------ UPDATE
CREATE TEMP TABLE before AS SELECT * FROM gai_reports;

-- the text unchanged: nothing is parsed again (parsed_at, every derived column kept)
UPDATE gai_reports SET source = 'seed 003 (renamed)' WHERE source = 'seed 003';
UPDATE gai_reports SET body = body WHERE source = 'seed 000';
SELECT g.source, g.parsed_at = b.parsed_at AS same_parsed_at, g.loaded_at = b.loaded_at AS same_loaded_at,
       (g.report_key, g.agency, g.year, g.template, g.cell_count, g.is_valid, g.violations, g.cells, g.cell_status, g.extra_cells, g.requests, g.appeals)
       IS NOT DISTINCT FROM
       (b.report_key, b.agency, b.year, b.template, b.cell_count, b.is_valid, b.violations, b.cells, b.cell_status, b.extra_cells, b.requests, b.appeals) AS same_data
FROM gai_reports g JOIN before b USING (id) WHERE g.source IN ('seed 000', 'seed 003 (renamed)') ORDER BY g.id;
UPDATE gai_reports SET source = 'seed 003' WHERE source = 'seed 003 (renamed)';

-- the text changed: parsed again.  The received row of seed 003 goes from
-- 1 0 0 0 0 0 1 to 2 0 0 0 0 0 2 (see trigger.sql): two requests.balance errors.
UPDATE gai_reports SET body = replace(body, E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n',
                                            E'申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n')
WHERE source = 'seed 003';
SELECT g.source, g.id = b.id AS same_id, g.report_key = b.report_key AS same_key,
       g.parsed_at > b.parsed_at AS parsed_again, g.loaded_at = b.loaded_at AS same_loaded_at,
       g.is_valid, g.error_count, g.cell_count,
       (SELECT string_agg(x->>'rule' || ' ' || (x->>'col'), ', ') FROM jsonb_array_elements(g.violations) x) AS violations
FROM gai_reports g JOIN before b USING (id) WHERE g.source = 'seed 003';
-- gai_cells: exactly two cells differ from before, the new values
SELECT c.item, c.col, o.value AS before, c.value AS after
FROM gai_cells c
JOIN (SELECT b.id, k.section, k.item, k.col, b.cells[k.idx] AS value
      FROM before b JOIN gai_codes() k ON k.template = b.template) o
  ON o.id = c.report_id AND (o.section, o.item, o.col) = (c.section, c.item, c.col)
JOIN gai_reports g ON g.id = c.report_id
WHERE g.source = 'seed 003' AND c.value IS DISTINCT FROM o.value;
SELECT * FROM cells_vs_parse;

-- the derived columns cannot be set by hand: an UPDATE that keeps the text
-- keeps what was read from it (seed 003 is now invalid, with 2 errors)
UPDATE gai_reports SET is_valid = true, error_count = 0, violations = '[]', cells = NULL
WHERE source = 'seed 003';
SELECT source, is_valid, error_count, jsonb_array_length(violations) AS violations, cardinality(cells) AS cells,
       (SELECT count(*) FROM gai_cells c WHERE c.report_id = g.id) AS gai_cells
FROM gai_reports g WHERE source = 'seed 003';
-- (put the parsed data back from the text, whatever the UPDATE above did)
UPDATE gai_reports SET body = body || ' ' WHERE source = 'seed 003';
UPDATE gai_reports SET body = rtrim(body, ' ') WHERE source = 'seed 003';

-- ------------------------------------------------------------ idempotent re-load
-- Loading the five seeds again: the four unchanged texts are stored already
-- and write nothing (the trigger skips them); the original text of seed 003
-- was changed in place by the UPDATE above, so it is a further version of
-- that report, as complete as the stored one and newer: now current.  A
-- second load writes nothing at all.
CREATE TEMP TABLE before_reload AS SELECT * FROM gai_versions;
INSERT INTO gai_reports (source, body) SELECT source, body FROM seeds ORDER BY source;
SELECT v.source, v.id = b.id AS same_version, v.report_id, v.is_current, v.parsed_at = b.parsed_at AS same_parsed_at,
       v.body = b.body AS same_body, v.is_valid, v.error_count
FROM gai_versions v LEFT JOIN before_reload b USING (id) ORDER BY v.id;
SELECT count(*) AS reports, (SELECT count(*) FROM gai_versions) AS versions FROM gai_reports;
CREATE TEMP TABLE after_reload AS SELECT xmin::text::bigint AS x, * FROM gai_versions;
INSERT INTO gai_reports (source, body) SELECT source, body FROM seeds ORDER BY source;
INSERT INTO gai_versions (source, body) VALUES ('seed 000 again', :'s0');
SELECT * FROM gai_load('seed 000 once more', :'s0');
SELECT count(*) AS versions,
       (SELECT count(*) FROM (SELECT xmin::text::bigint, * FROM gai_versions EXCEPT SELECT * FROM after_reload) d) AS rows_written
FROM gai_versions;
-- seed 003 has its original cells back, and gai_cells is in step
SELECT count(*) AS cells_like_first_load FROM gai_reports g JOIN before b USING (id)
WHERE g.source = 'seed 003' AND g.cells = b.cells AND g.cell_status = b.cell_status AND g.violations = b.violations;
SELECT * FROM cells_vs_parse;

-- ------------------------------------------------------------ identity of the agency
-- agency_key keeps letters and digits only, lower-cased: two spellings of one
-- agency (full-width brackets and capitals, or half-width ones) are one report,
-- the two texts two versions of it.
INSERT INTO gai_reports (source, body)
VALUES ('seed 000 spelt (Fenyong)', replace(:'s0', '湛江奋勇高新区办公室2020', '湛江奋勇高新区（Fenyong）办公室2020'));
INSERT INTO gai_reports (source, body)
VALUES ('seed 000 spelt (FENYONG)', replace(:'s0', '湛江奋勇高新区办公室2020', '湛江奋勇高新区(FENYONG)办公室2020'));
SELECT source, agency, agency_key, report_key, report_id = (SELECT min(id) FROM gai_versions WHERE agency_key LIKE '%fenyong%') AS one_report,
       is_current
FROM gai_versions WHERE agency_key LIKE '%fenyong%' ORDER BY id;
DELETE FROM gai_reports WHERE agency_key LIKE '%fenyong%';
SELECT count(*) AS fenyong_versions_left FROM gai_versions WHERE agency_key LIKE '%fenyong%';

-- ------------------------------------------------------------ a text that is not a report
INSERT INTO gai_reports (source, body) VALUES ('junk', '这不是一份报告');
SELECT source, report_key = 'text:' || md5(body) || '/0/none' AS key_is_md5, agency, agency_key, year, template,
       layout, cell_count, is_valid, error_count, cells, cell_status, extra_cells, requests, appeals,
       (SELECT string_agg(x->>'rule' || ' ' || (x->>'section'), ', ') FROM jsonb_array_elements(violations) x) AS violations
FROM gai_reports WHERE source = 'junk';
SELECT count(*) AS junk_cells FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id WHERE g.source = 'junk';
-- the same junk again is stored already; another junk text is another report
INSERT INTO gai_reports (source, body) VALUES ('junk again', '这不是一份报告');
INSERT INTO gai_reports (source, body) VALUES ('other junk', '这也不是');
SELECT source, is_valid, template FROM gai_reports WHERE template IS NULL ORDER BY id;
-- a NULL text is refused by the trigger
INSERT INTO gai_reports (source, body) VALUES ('null', NULL);
\echo :LAST_ERROR_SQLSTATE

-- ------------------------------------------------------------ gaireport.reject_invalid
SHOW gaireport.reject_invalid;
SET gaireport.reject_invalid = on;
INSERT INTO gai_reports (source, body) VALUES ('junk 3', '这更不是报告');
\echo :LAST_ERROR_SQLSTATE
-- an invalid version of a stored report is refused too, by INSERT, gai_load and UPDATE
INSERT INTO gai_reports (source, body)
VALUES ('seed 003 broken', replace(:'s3', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n',
                                          E'申请数量\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n'));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM gai_load('seed 003 broken', replace(:'s3', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n',
                                                         E'申请数量\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n'));
\echo :LAST_ERROR_SQLSTATE
UPDATE gai_reports SET body = '这不是一份报告。' WHERE source = 'seed 004';
\echo :LAST_ERROR_SQLSTATE
-- valid texts, and a report that breaks only a soft rule (procurement.parts, a warning), pass
INSERT INTO gai_reports (source, body) SELECT source, body FROM seeds WHERE source <> 'seed 002' ORDER BY source;
-- (a stored text is not read again, so seed 002, stored flagged before, is not refused)
INSERT INTO gai_reports (source, body) SELECT source, body FROM seeds WHERE source = 'seed 002';
\echo :LAST_ERROR_SQLSTATE
UPDATE gai_reports SET body = replace(body, E'\t6\n\t1185911.05元', E'\t7\n\t1185911.05元') WHERE source = 'seed 003';
SELECT source, is_valid, error_count, violations->0->>'rule' AS rule, violations->0->>'severity' AS severity
FROM gai_reports WHERE source = 'seed 003';
-- rows already stored flagged stay (the setting is checked when a text is read)
UPDATE gai_reports SET source = 'junk (kept)' WHERE source = 'junk';
RESET gaireport.reject_invalid;
SHOW gaireport.reject_invalid;
SELECT source, is_valid FROM gai_reports ORDER BY id;

-- ------------------------------------------------------------ DELETE
-- DELETE on gai_reports removes a report with all its versions; on
-- gai_versions one version (another becomes current: test/pgtap/versions.sql).
SELECT count(*) AS cells_of_seed_001 FROM gai_cells c JOIN gai_reports g ON g.id = c.report_id WHERE g.source = 'seed 001';
CREATE TEMP TABLE deleted AS SELECT id FROM gai_reports WHERE source IN ('seed 001', 'junk (kept)', 'seed 003');
SELECT count(*) AS versions_of_deleted FROM gai_versions WHERE report_id IN (SELECT id FROM deleted);
DELETE FROM gai_reports WHERE id IN (SELECT id FROM deleted);
SELECT count(*) AS versions_of_deleted, (SELECT count(*) FROM gai_cells WHERE report_id IN (SELECT id FROM deleted)) AS cells_of_deleted
FROM gai_versions WHERE report_id IN (SELECT id FROM deleted);
SELECT * FROM cells_vs_parse;

-- ------------------------------------------------------------ dump
-- gai_versions and its sequence are configuration tables: pg_dump keeps their rows
SELECT extconfig::regclass[], extcondition FROM pg_extension WHERE extname = 'gaireport';

DELETE FROM gai_reports;
SELECT count(*) AS reports, (SELECT count(*) FROM gai_versions) AS versions, (SELECT count(*) FROM gai_cells) AS cells FROM gai_reports;
DROP VIEW cells_vs_parse, parse_rows;
