-- Bad input: a clear error from gai_parse, a flagged result from the others.
SET datestyle = ISO;
\pset null '(null)'
\set VERBOSITY default

SELECT * FROM gai_parse('这不是一份报告');
SELECT * FROM gai_parse('');
SELECT * FROM gai_parse(repeat(E'\t', 1000));
SELECT template, cell_count, is_valid, error_count, warnings FROM gai_report('这不是一份报告');
SELECT template, cell_count, is_valid, warnings FROM gai_report('');
SELECT gai_is_valid(''), gai_is_valid('这不是一份报告'), gai_is_valid(E'\x01\x02\x03');
SELECT rule, severity, section, message FROM gai_check('这不是一份报告');
SELECT count(*) FROM gai_sections('这不是一份报告');

-- binary junk (as valid text) and a long line without a report
SELECT template, cell_count, is_valid FROM gai_report(
  (SELECT string_agg(chr(33 + (i * 7919) % 20000), '') FROM generate_series(1, 200000) i));
SELECT template, is_valid FROM gai_report(repeat('规章 0 0 0 ', 100000));

-- a report cut in the middle of a table line: that cell is not read
\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
SELECT cell_count, is_valid, warnings FROM gai_report(left(:'s0', 1655));
SELECT item, col, value, status FROM gai_parse(left(:'s0', 1655)) WHERE item = 'procurement';
SELECT cell_count, is_valid, error_count, warnings FROM gai_report(left(:'s0', length(:'s0') - 14));

-- a database that is not UTF-8 refuses the extension
CREATE DATABASE gaireport_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
SELECT current_database() AS db \gset
\c gaireport_latin1
CREATE EXTENSION gaireport;
\c :db
DROP DATABASE gaireport_latin1;
