-- The five real reports of test/fixtures/seeds, read in full: metadata,
-- every cell with its value, input line and status, the checks and the
-- sections.  Seed 002 has no title and a damaged table 四; seed 003 has
-- local procurement sub-rows.
SET datestyle = ISO;
\pset null '(null)'
\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s2 `cat test/fixtures/seeds/002_67d5636951f762bb.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`
CREATE TEMP TABLE seed(name text, body text);
INSERT INTO seed VALUES ('000', :'s0'), ('001', :'s1'), ('002', :'s2'), ('003', :'s3'), ('004', :'s4');

-- the report as a whole
\x on
SELECT name, r.* FROM seed, gai_report(body) r ORDER BY name;
\x off

-- cell counts per section and status
SELECT name, p.section, p.status, count(*), count(p.value) AS with_value, sum(p.value) AS sum
FROM seed, gai_parse(body) p GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- the template's labels for every code (the same for all seeds)
SELECT DISTINCT p.section, p.item, p.item_label FROM seed, gai_parse(body) p
WHERE p.item IS NOT NULL ORDER BY 1, 2;
SELECT DISTINCT p.section, p.col, p.col_label FROM seed, gai_parse(body) p ORDER BY 1, 2;

-- every cell, in template order
\pset format unaligned
\pset fieldsep ' | '
SELECT 's0' AS seed, n, section, item, col, value, line, status, raw FROM gai_parse(:'s0') WITH ORDINALITY AS p(section, item, col, value, item_label, col_label, line, raw, status, candidates, n);
SELECT 's1' AS seed, n, section, item, col, value, line, status, raw FROM gai_parse(:'s1') WITH ORDINALITY AS p(section, item, col, value, item_label, col_label, line, raw, status, candidates, n);
SELECT 's2' AS seed, n, section, item, col, value, line, status, raw FROM gai_parse(:'s2') WITH ORDINALITY AS p(section, item, col, value, item_label, col_label, line, raw, status, candidates, n);
SELECT 's3' AS seed, n, section, item, item_label, col, value, line, status, raw FROM gai_parse(:'s3') WITH ORDINALITY AS p(section, item, col, value, item_label, col_label, line, raw, status, candidates, n);
SELECT 's4' AS seed, n, section, item, col, value, line, status, raw FROM gai_parse(:'s4') WITH ORDINALITY AS p(section, item, col, value, item_label, col_label, line, raw, status, candidates, n);
\pset format aligned

-- checks: seed 002's damaged table, seed 003's sub-rows summing to their row
SELECT name, c.* FROM seed, gai_check(body) c ORDER BY name;
SELECT name, gai_is_valid(body) FROM seed ORDER BY name;

-- narrative sections
SELECT name, s.section, s.heading, s.line, length(s.content) AS chars, left(s.content, 24) AS starts
FROM seed, gai_sections(body) s ORDER BY name, s.line;
