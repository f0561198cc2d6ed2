-- gai_validate_trigger() on a table of the user's own, in both modes:
-- 'reject' refuses an invalid report (SQLSTATE 23514, the first broken rules
-- in the DETAIL), 'flag' keeps the row and writes its violations; NULL text
-- passes; an UPDATE validates again; every misuse has its own error.
SET datestyle = ISO;
\pset null '(null)'
\set VERBOSITY default

-- Seed 003 (江海区政府办公室 2019, 2019 template, cells layout) is valid.
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
-- Its requests row 一、本年新收政府信息公开申请数量 prints 1 0 0 0 0 0 1 (one
-- value a line).  broken2: natural_person and total of that row become 2 —
-- the row still adds up (2 = 2), but the column equation
-- received + carried_in = total + carried_over is broken in two columns:
-- natural_person 2 + 0 <> 1 + 0 and total 2 + 0 <> 1 + 0 (2 rules).
-- broken8: the row becomes 5 5 5 5 5 5 5 — requests.balance breaks in all 7
-- columns (natural_person and total: 5 <> 1, the five others: 5 <> 0) and
-- requests.row_total in row received (5 <> 6 * 5 = 30): 8 rules.
CREATE TEMP TABLE texts (name text PRIMARY KEY, body text);
INSERT INTO texts VALUES
  ('valid', :'s3'),
  ('broken2', replace(:'s3', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n',
                             E'申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n')),
  ('broken8', replace(:'s3', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n',
                             E'申请数量\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n\t5\n')),
  ('not_a_report', '这不是一份报告'),
  -- warning: sub-row （三）自主采购 of 政府集中采购 gets 7 projects instead of 6, so the
  -- sub-rows (1 + 7 + 7 = 15) no longer sum to the row (14): procurement.parts,
  -- a warning (severity warning), not an error
  ('warning', replace(:'s3', E'\t6\n\t1185911.05元', E'\t7\n\t1185911.05元'));
-- each replaced pattern occurs exactly once in the seed, so each text differs from it in one place
SELECT what, (length(:'s3') - length(replace(:'s3', p, ''))) / length(p) AS occurrences
FROM (VALUES ('received row 1 0 0 0 0 0 1', E'申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n'),
             ('自主采购 6 projects', E'\t6\n\t1185911.05元')) v(what, p);
SELECT name, length(body), body = :'s3' AS same_as_seed FROM texts ORDER BY name;

-- ------------------------------------------------------------ mode 'reject'
CREATE TABLE my_reports (id serial PRIMARY KEY, name text, body text);
CREATE TRIGGER my_reports_valid BEFORE INSERT OR UPDATE ON my_reports
  FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject');

-- a valid report and a NULL text are stored
INSERT INTO my_reports (name, body) SELECT name, body FROM texts WHERE name = 'valid';
INSERT INTO my_reports (name, body) VALUES ('null', NULL);
-- an invalid one is refused: check_violation, the broken rules in the DETAIL
INSERT INTO my_reports (name, body) SELECT name, body FROM texts WHERE name = 'broken2';
\echo :LAST_ERROR_SQLSTATE
-- more than 5 broken rules: the first 5, then how many more
INSERT INTO my_reports (name, body) SELECT name, body FROM texts WHERE name = 'broken8';
\echo :LAST_ERROR_SQLSTATE
-- a report that breaks only a soft rule (a warning) is accepted
INSERT INTO my_reports (name, body) SELECT name, body FROM texts WHERE name = 'warning';
-- a text that is not a report at all
INSERT INTO my_reports (name, body) SELECT name, body FROM texts WHERE name = 'not_a_report';
\echo :LAST_ERROR_SQLSTATE
-- a multi-row insert is refused whole
INSERT INTO my_reports (name, body) SELECT name, body FROM texts WHERE name IN ('valid', 'broken2');
\echo :LAST_ERROR_SQLSTATE
SELECT name, body IS NULL AS body_null FROM my_reports ORDER BY id;

-- UPDATE validates the new text: a broken one is refused, the row keeps its text
UPDATE my_reports SET body = (SELECT body FROM texts WHERE name = 'broken2') WHERE name = 'valid';
\echo :LAST_ERROR_SQLSTATE
SELECT name, body = :'s3' AS still_valid_text FROM my_reports WHERE name = 'valid';
-- a row stored while the trigger was disabled is validated on its next
-- UPDATE, even one that sets another column (the whole new row is checked)
ALTER TABLE my_reports DISABLE TRIGGER my_reports_valid;
INSERT INTO my_reports (name, body) SELECT 'stored unchecked', body FROM texts WHERE name = 'broken8';
ALTER TABLE my_reports ENABLE TRIGGER my_reports_valid;
UPDATE my_reports SET name = 'renamed' WHERE name = 'stored unchecked';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM my_reports WHERE name = 'stored unchecked';
-- a valid text is accepted on UPDATE, and NULL again
UPDATE my_reports SET body = :'s3' WHERE name = 'null';
UPDATE my_reports SET body = NULL WHERE name = 'valid';
SELECT name, body IS NULL AS body_null, body = :'s3' AS is_seed FROM my_reports ORDER BY id;

-- varchar is accepted as the text column (binary coercible to text)
CREATE TABLE my_varchar (body varchar);
CREATE TRIGGER v BEFORE INSERT ON my_varchar FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject');
INSERT INTO my_varchar VALUES (:'s3');
INSERT INTO my_varchar SELECT body FROM texts WHERE name = 'broken2';
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM my_varchar;

-- ------------------------------------------------------------ mode 'flag'
CREATE TABLE my_flagged (id serial PRIMARY KEY, name text, body text, violations jsonb);
CREATE TRIGGER my_flagged_check BEFORE INSERT OR UPDATE ON my_flagged
  FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', violations);

-- every row is kept; a value given for violations is overwritten
INSERT INTO my_flagged (name, body, violations) SELECT name, body, '"set by hand"' FROM texts ORDER BY name;
INSERT INTO my_flagged (name, body, violations) VALUES ('null', NULL, '"set by hand"');
SELECT name, jsonb_typeof(violations) AS type, jsonb_array_length(violations) AS n,
       violations = '[]' AS empty
FROM my_flagged ORDER BY id;
-- the violations of broken2: two requests.balance errors, expected = received +
-- carried_in = 2 + 0, actual = total + carried_over = 1 + 0
SELECT x->>'rule' AS rule, x->>'severity' AS severity, x->>'section' AS section,
       x->>'item' AS item, x->>'col' AS col, x->'expected' AS expected, x->'actual' AS actual
FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'broken2';
SELECT violations FROM my_flagged WHERE name = 'broken2';
-- broken8: 7 requests.balance instances (expected 5, actual 1 or 0) and row_total 30 vs 5
SELECT x->>'rule' AS rule, x->>'item' AS item, x->>'col' AS col, x->'expected' AS expected, x->'actual' AS actual
FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'broken8';
-- the warning: kept in the list, severity warning (expected = sum of the sub-rows)
SELECT x->>'rule' AS rule, x->>'severity' AS severity, x->>'item' AS item, x->>'col' AS col, x->'expected' AS expected, x->'actual' AS actual
FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'warning';
-- not a report: the three tables missing, with no values
SELECT x->>'rule' AS rule, x->>'severity' AS severity, x->>'section' AS section, x->'expected' AS expected, x->'actual' AS actual
FROM my_flagged, jsonb_array_elements(violations) x WHERE name = 'not_a_report';
-- the jsonb is what gai_check() returns, row for row
SELECT f.name,
       (SELECT count(*) FROM jsonb_array_elements(f.violations)) AS flagged,
       (SELECT count(*) FROM gai_check(f.body)) AS gai_check,
       (SELECT count(*) FROM (SELECT x->>'rule', x->>'severity', x->>'section', x->>'item', x->>'col',
                                     (x->>'expected')::numeric, (x->>'actual')::numeric, x->>'message'
                              FROM jsonb_array_elements(f.violations) x
                              EXCEPT ALL
                              SELECT * FROM gai_check(f.body)) d) AS differ
FROM my_flagged f WHERE body IS NOT NULL ORDER BY id;

-- UPDATE writes them again: fixed text -> [], broken text -> its rules, NULL -> NULL
UPDATE my_flagged SET body = :'s3' WHERE name = 'broken2';
UPDATE my_flagged SET body = (SELECT body FROM texts WHERE name = 'broken2') WHERE name = 'valid';
UPDATE my_flagged SET body = NULL WHERE name = 'broken8';
UPDATE my_flagged SET body = :'s3' WHERE name = 'null';
SELECT name, violations = '[]' AS empty,
       (SELECT string_agg(x->>'rule' || coalesce(' ' || (x->>'col'), ''), ', ') FROM jsonb_array_elements(violations) x) AS rules,
       violations IS NULL AS is_null
FROM my_flagged ORDER BY id;
-- an UPDATE that leaves the text alone still recomputes (the column cannot be forged)
UPDATE my_flagged SET violations = '[]' WHERE name = 'valid';
SELECT name, jsonb_array_length(violations) FROM my_flagged WHERE name = 'valid';

-- ------------------------------------------------------------ misuse
-- called as a plain function
SELECT gai_validate_trigger();
\echo :LAST_ERROR_SQLSTATE

CREATE TABLE misuse (id int, body text, n integer, violations jsonb, v_text text, v_json json);

-- FOR EACH STATEMENT
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH STATEMENT EXECUTE FUNCTION gai_validate_trigger(body, 'reject');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- AFTER
CREATE TRIGGER t AFTER INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- BEFORE DELETE
INSERT INTO misuse (id, body) VALUES (1, :'s3');
CREATE TRIGGER t BEFORE DELETE ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject');
DELETE FROM misuse;
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
DELETE FROM misuse;
-- wrong number of arguments: none, one, four
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger();
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body);
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', violations, extra);
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- unknown mode (modes are case-sensitive)
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'warn');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'REJECT');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- 'flag' without its column; 'reject' with one
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'reject', violations);
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- a column that does not exist: the text column, the violations column
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(no_such_column, 'reject');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', no_such_column);
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- a system column is no report column either
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(ctid, 'reject');
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- the text column of a non-text type (integer), even when it is NULL
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(n, 'reject');
INSERT INTO misuse (id, body, n) VALUES (1, :'s3', 7);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO misuse (id) VALUES (1);
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- the violations column not jsonb: text, json
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', v_text);
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
CREATE TRIGGER t BEFORE INSERT ON misuse FOR EACH ROW EXECUTE FUNCTION gai_validate_trigger(body, 'flag', v_json);
INSERT INTO misuse (id, body) VALUES (1, :'s3');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER t ON misuse;
-- nothing was stored by any misused trigger
SELECT count(*) FROM misuse;

DROP TABLE my_reports, my_varchar, my_flagged, misuse;
