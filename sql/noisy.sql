-- 40 reports with the noise of real exports (test/fixtures/noisy: page
-- footers and running headers, wrapped and vertical labels, full-width
-- digits, thousands separators, 万元, blanks written — or /, heading typos,
-- no title, Han-numeral dates), in both shapes and both templates, checked
-- against their truth inside SQL.
SET datestyle = ISO;
CREATE TEMP TABLE noisy(name text, body text, truth jsonb);
\copy noisy FROM 'test/fixtures/noisy/all.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*), count(*) FILTER (WHERE truth->>'layout' = 'rows') AS rows_shape,
       count(*) FILTER (WHERE truth->>'format' = '2021') AS template_2021 FROM noisy;

-- every cell: value equal to the truth (NULL where printed blank), status blank exactly there
CREATE TEMP TABLE truth_cells AS
SELECT name, c->>0 AS section, c->>1 AS item, c->>2 AS col, (c->>3)::numeric AS value
FROM noisy, jsonb_array_elements(truth->'cells') c;
CREATE TEMP TABLE parsed AS SELECT name, p.* FROM noisy, gai_parse(body) p;
SELECT count(*) AS truth_cells,
       count(p.name) AS found,
       count(*) FILTER (WHERE p.value IS DISTINCT FROM t.value) AS wrong_value,
       count(*) FILTER (WHERE t.value IS NULL AND p.status <> 'blank') AS blank_not_blank,
       count(*) FILTER (WHERE t.value IS NOT NULL AND p.status <> 'ok') AS number_not_ok
FROM truth_cells t LEFT JOIN parsed p USING (name, section, item, col);
SELECT count(*) AS parsed_rows_not_in_truth FROM parsed p
WHERE NOT EXISTS (SELECT 1 FROM truth_cells t WHERE (t.name, t.section, t.item, t.col) = (p.name, p.section, p.item, p.col));

-- metadata of every report against its truth
SELECT name, r.layout, r.template, r.agency = n.truth->>'agency' AS agency_ok,
       r.year = (n.truth->>'year')::int AS year_ok, r.title IS NOT NULL AS has_title,
       r.report_date, r.cell_count, r.blank_count, r.unreadable_count, r.error_count, r.is_valid
FROM noisy n, gai_report(n.body) r ORDER BY name;

-- the broken hard rules are those the truth numbers break (computed here from the truth)
CREATE TEMP TABLE cellv AS SELECT name, section, item, col, coalesce(value, 0) AS v FROM truth_cells;
CREATE TEMP TABLE expected_broken AS
SELECT name, 'requests.balance' AS rule, 'requests' AS section, NULL::text AS item, col FROM cellv
WHERE section = 'requests' GROUP BY name, col
HAVING sum(v) FILTER (WHERE item IN ('received', 'carried_in')) <> sum(v) FILTER (WHERE item IN ('total', 'carried_over'))
UNION ALL
SELECT name, 'requests.outcome_total', 'requests', 'total', col FROM cellv
WHERE section = 'requests' GROUP BY name, col
HAVING sum(v) FILTER (WHERE item = 'total') <> sum(v) FILTER (WHERE item NOT IN ('received', 'carried_in', 'total', 'carried_over'))
UNION ALL
SELECT name, 'requests.row_total', 'requests', item, 'total' FROM cellv
WHERE section = 'requests' GROUP BY name, item
HAVING sum(v) FILTER (WHERE col = 'total') <> sum(v) FILTER (WHERE col <> 'total')
UNION ALL
SELECT name, 'appeals.row_total', 'appeals', item, 'total' FROM cellv
WHERE section = 'appeals' GROUP BY name, item
HAVING sum(v) FILTER (WHERE col = 'total') <> sum(v) FILTER (WHERE col <> 'total');
CREATE TEMP TABLE got_broken AS
SELECT name, c.rule, c.section, c.item, c.col FROM noisy, gai_check(body) c WHERE c.severity = 'error';
SELECT (SELECT count(*) FROM expected_broken) AS expected_errors, (SELECT count(*) FROM got_broken) AS got_errors,
       (SELECT count(*) FROM (SELECT * FROM expected_broken EXCEPT SELECT * FROM got_broken) x) AS missed,
       (SELECT count(*) FROM (SELECT * FROM got_broken EXCEPT SELECT * FROM expected_broken) x) AS spurious;
SELECT name, rule, item, col FROM got_broken ORDER BY 1, 2, 3, 4;
