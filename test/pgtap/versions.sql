-- gaireport 0.3: the store keeps every text (issue 8), checked with pgTAP.
--
-- Run from the repository root (the seeds are read with relative paths):
--   pg_prove -d DB test/pgtap/versions.sql
--
-- 1. one report as two texts of different quality: both kept, the complete
--    one current whatever the load order (and gai_load() says why);
-- 2. a corrected re-publication: both kept, the changed cells listed by
--    gai_disagreements, the newer current when equally complete (newer: the
--    later loaded, or the later signed whatever the load order);
-- 3. two different documents with one identity: both kept, listed;
-- 4. a pinned version stays current (a more complete text, gai_reparse()),
--    until gai_unpin();
-- 5. re-loading stored texts writes nothing (no row, no sequence value);
-- 6. deleting versions and reports, a text changed by UPDATE (moving to
--    another report), rows that arrive already read (as pg_restore writes
--    them), gai_reparse() of a version read by another parser;
-- and after every step the store is consistent: one current version per
-- report, the one the rule ranks first; one report_id per report_key.
-- Everything runs in one transaction that is rolled back.

\set ON_ERROR_STOP 1
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off

\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set g1 `cat test/fixtures/glued/000001.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`

BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS gaireport;
SET client_min_messages = warning;   -- (gai_reparse says per batch what it read)

SELECT plan(87);

-- The texts.  worse: three zero cells in a row become "x", unreadable (57
-- cells of seed 000); fix: seed 003's received row 1 0 0 0 0 0 1 made
-- 2 0 0 0 0 0 2 (a re-publication that changed two numbers); signed: a
-- signature date appended; other_doc: seed 001's text under seed 000's agency.
CREATE TEMP TABLE texts (name text PRIMARY KEY, body text NOT NULL);
INSERT INTO texts VALUES
  ('s0', :'s0'),
  ('s0 worse', replace(:'s0', E'\t0\n\t0\n\t0\n', E'\t0\n\t0\n\tx\n')),
  ('s0 again', :'s0' || E'\n'),
  ('s1', :'s1'),
  ('s1 worse', replace(:'s1', E'\t0\n\t0\n\t0\n', E'\t0\n\t0\n\tx\n')),
  ('s3', :'s3' || E'\n\n江海区政府办公室\n2020年1月20日\n'),
  ('s3 fix', replace(:'s3', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n', E'申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n')
             || E'\n\n江海区政府办公室\n2020年1月20日\n'),
  ('s4', :'s4' || E'\n\n韶关市浈江区人民政府办公室\n2021年1月20日\n'),
  ('s4 fix signed later', replace(:'s4', E'申请数量\n\t0\n\t0\n\t\u00a00\n\t0\u00a0\n\t0\u00a0\n\t0\n\t0\n',
                                         E'申请数量\n\t1\n\t0\n\t\u00a00\n\t0\u00a0\n\t0\u00a0\n\t0\n\t1\n')
                          || E'\n\n韶关市浈江区人民政府办公室\n2021年3月2日\n');
-- two different generated reports (valid, fully read, same year and template),
-- the second under the first one's agency: two documents with one identity
CREATE TEMP TABLE gen (name text PRIMARY KEY, body text NOT NULL);
\copy gen FROM 'test/fixtures/generated/reports.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE genr AS SELECT g.name, g.body, r.agency, r.year, r.template, r.is_valid, r.unreadable_count
FROM gen g, gai_report(g.body) r;
INSERT INTO texts
SELECT x.n, x.body FROM (
  SELECT a.body AS body_a, replace(b.body, b.agency, a.agency) AS body_b
  FROM genr a JOIN genr b ON b.year = a.year AND b.template = a.template AND b.agency <> a.agency AND b.name > a.name
  WHERE a.is_valid AND b.is_valid AND a.unreadable_count = 0 AND b.unreadable_count = 0
    AND a.agency !~ '[()（）]' AND b.agency !~ '[()（）]'
  ORDER BY a.name, b.name LIMIT 1) p
CROSS JOIN LATERAL (VALUES ('gen a', p.body_a), ('gen b as a', p.body_b)) AS x(n, body);

-- the texts are what the tests say they are
SELECT results_eq(
  $$SELECT t.name, r.cell_count, r.unreadable_count, r.report_date FROM texts t, gai_report(t.body) r
     WHERE t.name LIKE 's%' ORDER BY t.name$$,
  $$VALUES ('s0', 198, 0, NULL::date), ('s0 again', 198, 0, NULL), ('s0 worse', 198, 57, NULL),
           ('s1', 198, 0, '2020-12-30'::date), ('s1 worse', 198, 57, '2020-12-30'),
           ('s3', 198, 0, '2020-01-20'::date), ('s3 fix', 198, 0, '2020-01-20'),
           ('s4', 198, 0, '2021-01-20'), ('s4 fix signed later', 198, 0, '2021-03-02')$$,
  'the texts: cells read, unreadable cells, signature date');
SELECT is((SELECT count(DISTINCT r.agency || r.year || r.template)::int FROM texts t, gai_report(t.body) r
            WHERE t.name IN ('s0', 's0 worse', 's0 again')), 1,
          'seed 000, its worse copy and its copy with a line break more: one identity');
SELECT results_eq($$SELECT count(*)::int, count(DISTINCT r.agency || r.year || r.template)::int, bool_and(r.is_valid)
                     FROM texts t, gai_report(t.body) r WHERE t.name LIKE 'gen%'$$,
                  $$VALUES (2, 1, true)$$, 'two valid generated reports with one identity');

-- The store is consistent: every report has exactly one current version, the
-- first by the rule (pinned, fewest missing + unreadable + ambiguous cells,
-- later report_date, later published, later loaded_at, higher id); a
-- report_key has one report_id and a report_id one report_key.
CREATE FUNCTION pg_temp.inconsistent() RETURNS SETOF text LANGUAGE sql AS $$
  SELECT 'report ' || report_id || ': ' || count(*) FILTER (WHERE is_current) || ' current versions'
  FROM gai_versions GROUP BY report_id HAVING count(*) FILTER (WHERE is_current) <> 1
  UNION ALL
  SELECT 'report ' || v.report_id || ': version ' || v.id || ' is current, the rule ranks ' || b.id || ' first'
  FROM gai_versions v
  CROSS JOIN LATERAL (SELECT w.id FROM gai_versions w WHERE w.report_id = v.report_id
                      ORDER BY w.pinned DESC, w.missing_count + w.unreadable_count + w.ambiguous_count,
                               w.report_date DESC NULLS LAST, w.published DESC NULLS LAST, w.loaded_at DESC, w.id DESC
                      LIMIT 1) b
  WHERE v.is_current AND b.id <> v.id
  UNION ALL
  SELECT 'report_key ' || report_key || ': report ids ' || string_agg(DISTINCT report_id::text, ', ')
  FROM gai_versions GROUP BY report_key HAVING count(DISTINCT report_id) > 1
  UNION ALL
  SELECT 'report ' || report_id || ': keys ' || string_agg(DISTINCT report_key, ', ')
  FROM gai_versions GROUP BY report_id HAVING count(DISTINCT report_key) > 1
  UNION ALL
  SELECT 'report ' || report_id || ': ' || count(*) || ' pinned versions'
  FROM gai_versions WHERE pinned GROUP BY report_id HAVING count(*) > 1
$$;

CREATE TEMP TABLE said (name text, outcome text, version_id bigint, report_id bigint, note text);
CREATE FUNCTION pg_temp.load(n text) RETURNS text LANGUAGE sql AS $$
  INSERT INTO said SELECT n, l.outcome, l.version_id, l.report_id, l.note
  FROM texts t, gai_load(t.name, t.body) l WHERE t.name = n
  RETURNING outcome
$$;
CREATE FUNCTION pg_temp.version(n text) RETURNS bigint LANGUAGE sql AS $$
  SELECT id FROM gai_versions WHERE source = n
$$;

-- ====================================================================== 1. quality, both orders

SELECT is(pg_temp.load('s0'), 'new_report', 'seed 000: a new report');
SELECT is(pg_temp.load('s0 worse'), 'new_not_current', 'its worse copy loaded after it: a further version, not current');
SELECT matches((SELECT note FROM said WHERE name = 's0 worse'),
               '^new version \d+ of report \d+ \(湛江奋勇高新区办公室/2020/2019\), not current: version \d+ is more complete \(0 cells missing, unreadable or ambiguous, against 57\)$',
               'gai_load says why: the current version is more complete (0 against 57)');
SELECT is(pg_temp.load('s1 worse'), 'new_report', 'seed 001''s worse copy first: a new report');
SELECT is(pg_temp.load('s1'), 'new_current', 'then seed 001 itself: a further version, now current');
SELECT matches((SELECT note FROM said WHERE name = 's1'),
               '^new version \d+ of report \d+ \(雷州市科工贸和信息化局/2020/2019\), now current: more complete than version \d+ \(0 cells missing, unreadable or ambiguous, against 57\)$',
               'gai_load says why: more complete than the stored version (0 against 57)');
SELECT results_eq($$SELECT source, is_current, unreadable_count FROM gai_versions ORDER BY id$$,
                  $$VALUES ('s0', true, 0), ('s0 worse', false, 57), ('s1 worse', false, 57), ('s1', true, 0)$$,
                  'both texts of each report kept; the complete one current, whatever the load order');
SELECT results_eq($$SELECT source, unreadable_count FROM gai_reports ORDER BY id$$,
                  $$VALUES ('s0', 0), ('s1', 0)$$, 'gai_reports shows the complete versions');
SELECT is((SELECT count(DISTINCT report_id)::int FROM gai_versions), 2, 'two reports, four versions');
SELECT lives_ok('SELECT gai_refresh()', 'gai_refresh()');
SELECT results_eq($$SELECT reports, unreadable_cells FROM gai_quality_yearly WHERE year = 2020$$,
                  $$VALUES (2, 0)$$, 'the aggregate views read the current versions only (2 reports, no unreadable cell)');
SELECT is((SELECT count(*)::int FROM gai_cells), 396, 'gai_cells: the cells of the current versions (2 x 198)');
SELECT is((SELECT count(*)::int FROM gai_version_cells), 792, 'gai_version_cells: the cells of every version (4 x 198)');
SELECT is((SELECT count(*)::int FROM gai_version_cells WHERE status = 'unreadable' AND NOT is_current), 114,
          'gai_version_cells shows the unreadable cells of the versions that are not current');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after step 1');

-- ====================================================================== 2. a corrected re-publication

SELECT is(pg_temp.load('s3'), 'new_report', 'seed 003 as signed on 2020-01-20: a new report');
SELECT is(pg_temp.load('s3 fix'), 'new_current', 'its re-publication with two numbers changed, same date: current');
SELECT matches((SELECT note FROM said WHERE name = 's3 fix'),
               'now current: as complete as version \d+ \(0 cells missing, unreadable or ambiguous\) and newer$',
               'gai_load says why: as complete, and newer');
SELECT results_eq($$SELECT source, is_current FROM gai_versions WHERE report_key = '江海区政府办公室/2019/2019' ORDER BY id$$,
                  $$VALUES ('s3', false), ('s3 fix', true)$$, 'both kept, the newer current');
SELECT results_eq(
  $$SELECT item, col, source, value, is_current FROM gai_disagreements
     WHERE report_key = '江海区政府办公室/2019/2019' ORDER BY item, col, version_id$$,
  $$VALUES ('received', 'natural_person', 's3', 1::numeric, false), ('received', 'natural_person', 's3 fix', 2, true),
           ('received', 'total', 's3', 1, false), ('received', 'total', 's3 fix', 2, true)$$,
  'gai_disagreements lists the two changed cells, with each version''s value and source');
-- the later signature wins whatever the load order
SELECT is(pg_temp.load('s4 fix signed later'), 'new_report', 'seed 004''s correction, signed later, loaded first');
SELECT is(pg_temp.load('s4'), 'new_not_current', 'then the original, signed earlier: kept, not current');
SELECT matches((SELECT note FROM said WHERE name = 's4'),
               'not current: version \d+ is as complete \(0 cells missing, unreadable or ambiguous\) and signed later \(report_date\)$',
               'gai_load says why: as complete and signed later');
SELECT results_eq($$SELECT source, is_current, report_date FROM gai_versions WHERE report_key LIKE '韶关市%' ORDER BY id$$,
                  $$VALUES ('s4 fix signed later', true, '2021-03-02'::date), ('s4', false, '2021-01-20')$$,
                  'the later signed version is current');
SELECT results_eq(
  $$SELECT item, col, value FROM gai_disagreements WHERE report_key LIKE '韶关市%' AND is_current ORDER BY item, col$$,
  $$VALUES ('received', 'natural_person', 1::numeric), ('received', 'total', 1)$$,
  'gai_disagreements: the correction''s changed cells');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after step 2');

-- ====================================================================== 3. two documents, one identity

SELECT is(pg_temp.load('gen a'), 'new_report', 'a generated report: a new report');
SELECT ok(pg_temp.load('gen b as a') IN ('new_current', 'new_not_current'),
          'another document under its identity: a further version of that report');
SELECT is((SELECT count(*)::int FROM gai_versions WHERE source LIKE 'gen%'), 2, 'both texts kept');
SELECT is((SELECT count(DISTINCT report_id)::int FROM gai_versions WHERE source LIKE 'gen%'), 1, '... as versions of one report');
SELECT cmp_ok((SELECT count(DISTINCT (item, col))::int FROM gai_disagreements WHERE source LIKE 'gen%'),
              '>', 20, 'gai_disagreements lists the many cells on which the two documents differ');
SELECT is((SELECT count(*)::int FROM gai_disagreements WHERE source LIKE 'gen%'),
          2 * (SELECT count(DISTINCT (item, col))::int FROM gai_disagreements WHERE source LIKE 'gen%'),
          '... each with the number of both versions');
SELECT set_eq($$SELECT DISTINCT d.source FROM gai_disagreements d JOIN gai_versions v ON v.report_id = d.report_id
                 WHERE v.source = 'gen a'$$,
              $$VALUES ('gen a'), ('gen b as a')$$, '... naming both sources');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after step 3');

-- ====================================================================== 4. pinning

SELECT is((SELECT gai_pin(pg_temp.version('s0 worse'))), (SELECT report_id FROM gai_versions WHERE source = 's0 worse'),
          'gai_pin() returns the report id');
SELECT results_eq($$SELECT source, pinned FROM gai_versions WHERE is_current AND report_key = '湛江奋勇高新区办公室/2020/2019'$$,
                  $$VALUES ('s0 worse', true)$$, 'the pinned version is current, less complete as it is');
SELECT is(pg_temp.load('s0 again'), 'new_not_current', 'a more complete text of the pinned report: not current');
SELECT matches((SELECT note FROM said WHERE name = 's0 again'), 'not current: version \d+ is pinned \(SELECT gai_unpin\(\d+\) lets the rule choose\)$',
               'gai_load says why: the current version is pinned');
SELECT is((SELECT versions_read FROM gai_reparse(every => true, read_before => clock_timestamp())),
          (SELECT count(*) FROM gai_versions), 'gai_reparse(every => true) reads every version again');
SELECT is((SELECT source FROM gai_reports WHERE report_key = '湛江奋勇高新区办公室/2020/2019'), 's0 worse',
          'the pinned version stays current after gai_reparse()');
SELECT throws_ok($$SELECT gai_pin(-1)$$, 'P0002', 'there is no version -1 in gai_versions', 'gai_pin() of no version');
SELECT is((SELECT gai_unpin(report_id) FROM gai_versions WHERE source = 's0 worse'), pg_temp.version('s0 again'),
          'gai_unpin() lets the rule choose again: the newest of the complete texts (returned)');
SELECT is((SELECT count(*)::int FROM gai_versions WHERE pinned), 0, 'no version pinned');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after step 4');

-- ====================================================================== 5. re-loading writes nothing

CREATE TEMP TABLE before_reload AS SELECT xmin::text AS x, * FROM gai_versions;
SELECT last_value AS seq_before FROM gai_reports_id_seq \gset
SELECT is((SELECT count(*)::int FROM texts t, gai_load(t.name || ' copy', t.body) l WHERE l.outcome = 'stored'),
          (SELECT count(*)::int FROM texts), 'gai_load() of every stored text again: each "stored"');
SELECT is((SELECT last_value FROM gai_reports_id_seq), :seq_before::bigint,
          're-loading through gai_load: not even a sequence value taken');
SELECT matches((SELECT l.note FROM texts t, gai_load('x', t.body) l WHERE t.name = 's3'),
               '^text already stored, as version \d+ of report \d+ \(江海区政府办公室/2019/2019\), from s3$',
               'gai_load says which version holds the text, and where it came from');
SELECT lives_ok($$INSERT INTO gai_reports (source, body) SELECT name, body FROM texts$$, 'INSERT of every stored text again');
SELECT lives_ok($$INSERT INTO gai_versions (source, body) SELECT name, body FROM texts$$, '... into gai_versions too');
SELECT is_empty('SELECT xmin::text, * FROM gai_versions EXCEPT SELECT * FROM before_reload',
                're-loading: no row written (xmin, source, parsed_at unchanged)');
SELECT is((SELECT count(*)::int FROM gai_versions), (SELECT count(*)::int FROM before_reload), 're-loading: no row added');

-- ====================================================================== 6. deleting, changing, restoring, re-reading

-- deleting the current version: the best remaining one becomes current
SELECT lives_ok($$DELETE FROM gai_versions WHERE source = 's0 again'$$, 'DELETE the current version of seed 000''s report');
SELECT is((SELECT source FROM gai_reports WHERE report_key = '湛江奋勇高新区办公室/2020/2019'), 's0',
          'the best remaining version is current (complete, the worse copy is not)');
SELECT lives_ok($$DELETE FROM gai_versions WHERE source = 's0'$$, 'DELETE it too');
SELECT is((SELECT source FROM gai_reports WHERE report_key = '湛江奋勇高新区办公室/2020/2019'), 's0 worse',
          'the one left is current');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after deleting versions');

-- a text changed by UPDATE is read again, and the current version chosen again
SELECT lives_ok($$UPDATE gai_versions SET body = replace((SELECT body FROM texts WHERE name = 's1'), E'\t0\n', E'\tx\n')
                   WHERE source = 's1'$$, 'UPDATE the current version of seed 001 to a text with every zero unreadable');
SELECT results_eq($$SELECT source, unreadable_count, is_current FROM gai_versions
                     WHERE report_key = '雷州市科工贸和信息化局/2020/2019' ORDER BY id$$,
                  $$VALUES ('s1 worse', 57, true), ('s1', 198, false)$$,
                  'it was read again (198 unreadable cells), and the other version (57) is current now');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after an UPDATE of a text');
-- a text changed to another identity moves to another (new) report
SELECT lives_ok($$UPDATE gai_versions SET body = (SELECT body FROM texts WHERE name = 's0') WHERE source = 's1'$$,
                'UPDATE a version''s text to seed 000''s text');
SELECT results_eq($$SELECT report_key, is_current, report_id = (SELECT report_id FROM gai_versions WHERE source = 's0 worse')
                     FROM gai_versions WHERE source = 's1'$$,
                  $$VALUES ('湛江奋勇高新区办公室/2020/2019', true, true)$$,
                  'it moved to seed 000''s report, and is current there (more complete)');
SELECT is((SELECT source FROM gai_reports WHERE report_key = '雷州市科工贸和信息化局/2020/2019'), 's1 worse',
          'seed 001''s report keeps its other version');
SELECT throws_ok($$UPDATE gai_versions SET body = (SELECT body FROM texts WHERE name = 's3') WHERE source = 's1'$$,
                 '23505', NULL, 'UPDATE to a text stored as another version: refused');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent after a version moved');

-- deleting a report through gai_reports removes every version
SELECT lives_ok($$DELETE FROM gai_reports WHERE report_key = '江海区政府办公室/2019/2019'$$, 'DELETE FROM gai_reports');
SELECT is((SELECT count(*)::int FROM gai_versions WHERE report_key = '江海区政府办公室/2019/2019'), 0,
          'the report and all its versions are gone');

-- rows that arrive already read (parser set, as pg_restore's COPY writes them) are stored as they are
CREATE TEMP TABLE copied AS SELECT * FROM gai_versions WHERE report_key LIKE '韶关市%';
DELETE FROM gai_versions WHERE report_key LIKE '韶关市%';
SET gaireport.reject_invalid = on;
SELECT lives_ok($$INSERT INTO gai_versions SELECT * FROM copied$$, 'rows copied back whole (reject_invalid on)');
RESET gaireport.reject_invalid;
SELECT is_empty($$SELECT * FROM gai_versions WHERE report_key LIKE '韶关市%' EXCEPT SELECT * FROM copied$$,
                'they are stored exactly as they came: reading, report, current flag, parsed_at');
DELETE FROM gai_versions WHERE report_key LIKE '韶关市%';
SELECT throws_ok($$INSERT INTO gai_versions (id, source, body, report_key, cell_count, blank_count, unreadable_count,
                      error_count, is_valid, violations, warnings, extra_cells, parsed_at, report_id, hash, parser,
                      is_current, missing_count, ambiguous_count)
                    SELECT id, source, body || 'x', report_key, cell_count, blank_count, unreadable_count, error_count,
                           is_valid, violations, warnings, extra_cells, parsed_at, report_id, hash, parser, is_current,
                           missing_count, ambiguous_count FROM copied WHERE is_current$$,
                 'XX001', 'gai_versions.hash is not the SHA-256 of body', 'a row already read whose hash does not match its text: refused');
CREATE TEMP TABLE nohash AS SELECT * FROM copied WHERE is_current;
UPDATE nohash SET hash = NULL, parser = '0.2';
SELECT lives_ok($$INSERT INTO gai_versions SELECT * FROM nohash$$,
                'a row already read without its hash, by parser 0.2 (as the update from 0.2 leaves them), stored');
SELECT is((SELECT hash FROM gai_versions WHERE source = 's4 fix signed later'),
          sha256(convert_to((SELECT body FROM texts WHERE name = 's4 fix signed later'), 'UTF8')),
          'its hash is filled in');

-- gai_reparse() reads again the versions read by another parser, and only them
SELECT results_eq($$SELECT versions_read, readings_changed, moved, current_changed, remaining FROM gai_reparse()$$,
                  $$VALUES (1::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint)$$,
                  'gai_reparse(): the one version of parser 0.2 read again (its reading was right), none left');
SELECT is((SELECT parser FROM gai_versions WHERE source = 's4 fix signed later'), gai_parser(), 'its parser is this one now');
SELECT results_eq($$SELECT versions_read, remaining FROM gai_reparse()$$, $$VALUES (0::bigint, 0::bigint)$$,
                  'gai_reparse() again: nothing to read');
-- a stored reading that differs from what this parser reads is replaced
CREATE TEMP TABLE wrong AS SELECT * FROM gai_versions WHERE source = 's4 fix signed later';
UPDATE wrong SET parser = '0.1+old', cells = NULL, unreadable_count = 198, requests = NULL;
DELETE FROM gai_versions WHERE source = 's4 fix signed later';
INSERT INTO gai_versions SELECT * FROM wrong;
SELECT is((SELECT unreadable_count FROM gai_versions WHERE source = 's4 fix signed later'), 198,
          'a version whose stored reading an older parser got wrong (stored as it came)');
SELECT results_eq($$SELECT versions_read, readings_changed, remaining FROM gai_reparse(batch_size => 1)$$,
                  $$VALUES (1::bigint, 1::bigint, 0::bigint)$$, 'gai_reparse(): read again, its reading changed');
SELECT results_eq(
  $$SELECT section, item, col, value, status FROM gai_version_cells
     WHERE version_id = (SELECT id FROM gai_versions WHERE source = 's4 fix signed later')
     ORDER BY section, item NULLS LAST, col, item_label$$,
  $$SELECT section, item, col, value, status FROM gai_parse((SELECT body FROM texts WHERE name = 's4 fix signed later'))
     ORDER BY section, item NULLS LAST, col, item_label$$,
  'its cells are gai_parse of its text again');
SELECT is((SELECT unreadable_count FROM gai_versions WHERE source = 's4 fix signed later'), 0, 'no unreadable cell');
SELECT is_empty('SELECT * FROM pg_temp.inconsistent()', 'consistent at the end');

-- ambiguous cells (glued web text: digits the rules split more than one way) are kept as such
SELECT is((SELECT outcome FROM gai_load('g1 glued', :'g1')), 'new_report', 'a glued web text with ambiguous cells stored');
SELECT is((SELECT ambiguous_count FROM gai_versions WHERE source = 'g1 glued'), 9, 'its 9 ambiguous cells counted');
SELECT results_eq(
  $$SELECT item, col, status, candidates FROM gai_version_cells
     WHERE version_id = (SELECT id FROM gai_versions WHERE source = 'g1 glued') AND status = 'ambiguous'
     ORDER BY section, item, col$$,
  $$SELECT item, col, status, candidates FROM gai_parse((SELECT body FROM gai_versions WHERE source = 'g1 glued')) WHERE status = 'ambiguous' ORDER BY section, item, col$$,
  'their status and candidates as gai_parse gives them');
SELECT is((SELECT count(*)::int FROM gai_cells c JOIN gai_versions v ON v.report_id = c.report_id AND v.is_current
            WHERE v.source = 'g1 glued' AND c.status = 'ambiguous'), 9, 'gai_cells shows them ambiguous');
SELECT gai_refresh();
SELECT is((SELECT ambiguous_cells FROM gai_quality_yearly
            WHERE year = (SELECT year FROM gai_versions WHERE source = 'g1 glued')) >= 9, true,
          'gai_quality_yearly counts them');

SELECT * FROM finish();
ROLLBACK;
