-- Defects found by testing 0.2 (issue 6), through SQL.
\pset null '(null)'
\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`

-- Text where a value stands, in a cell-per-line row: that cell is unreadable,
-- the cells after it keep their columns (was: shifted left, all ok).
CREATE TEMP TABLE edited AS
SELECT junk, replace(:'s0',
         E'一、本年新收政府信息公开申请数量\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n',
         E'一、本年新收政府信息公开申请数量\n\t' || junk || E'\n\t2\n\t3\n\t4\n\t5\n\t6\n\t21\n') AS body
FROM unnest(ARRAY['十二', '(1)', '1、', 'abc', '٣', '～5', '½', '1²', '12³', '₁₂', '⑫']) junk;
SELECT e.junk, p.col, p.value, p.status, p.raw
FROM edited e, gai_parse(e.body) p
WHERE p.item = 'received'
ORDER BY e.junk, p.col;
-- each is reported as one unreadable cell, and the report is not valid
SELECT e.junk, c.rule, c.item, c.col
FROM edited e, gai_check(e.body) c
ORDER BY e.junk, c.rule, c.col;

-- Footnote marks never change a number: 1² is not 12, ⑫ is not 12.
SELECT mark, p.value, p.status, p.raw
FROM unnest(ARRAY['1²', '12³', '₁₂', '⑫', '１２']) mark,
     gai_parse(replace(:'s0', E'（一）予以公开\n\t0\n', E'（一）予以公开\n\t' || mark || E'\n')) p
WHERE p.item = 'granted' AND p.col = 'natural_person'
ORDER BY mark;

-- gai_report in the FROM clause parses once; (gai_report(body)).* once per
-- attribute (the README's advice), counted by track_functions
SET track_functions = 'all';
BEGIN;
SELECT r.template, r.cell_count, r.is_valid FROM gai_report(:'s0') r;
SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = 'gai_report';
SELECT (gai_report(:'s0')).template;
SELECT (gai_report(:'s0')).* \gset
SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = 'gai_report';
COMMIT;
RESET track_functions;

-- memory: 4 MiB of line breaks and of one-character lines hold no report
SELECT template, cell_count, is_valid FROM gai_report(repeat(E'\n', 4194304));
SELECT template, cell_count, is_valid FROM gai_report(repeat(E'a\n', 2097152));
-- a table section of more words than any table: read up to a line, warned; not one cell of it
-- certain (its first row holds 200,000 values)
SELECT cell_count, unreadable_count = cell_count AS all_unreadable, array_length(warnings, 1) > 0 AS warned,
       EXISTS (SELECT FROM unnest(warnings) w WHERE w LIKE '%more words and cells than any table%') AS cut
FROM gai_report(E'三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n' || repeat(E'1\n', 200000));
