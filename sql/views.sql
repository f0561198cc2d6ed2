-- The aggregate views against totals computed here, independently, from the
-- generator's truth (test/fixtures/generated: 300 reports, every cell) and
-- the 5 seeds; gai_refresh() and REFRESH ... CONCURRENTLY; a comment on every
-- view and every view column.
SET datestyle = ISO;
\pset null '(null)'
\set VERBOSITY default

SELECT count(*) AS stored_before FROM gai_reports;

-- ------------------------------------------------------------ fixtures
CREATE TEMP TABLE gen (name text PRIMARY KEY, body text NOT NULL);
CREATE TEMP TABLE truth_cells (name text, section text, item text, col text, value text);
CREATE TEMP TABLE truth_reports (name text PRIMARY KEY, agency text, year integer,
                                 template text, layout text, violations text[]);
\copy gen FROM 'test/fixtures/generated/reports.csv' WITH (FORMAT csv, HEADER true)
\copy truth_cells FROM 'test/fixtures/generated/truth_cells.csv' WITH (FORMAT csv, HEADER true)
\copy truth_reports FROM 'test/fixtures/generated/truth_reports.csv' WITH (FORMAT csv, HEADER true)
\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s2 `cat test/fixtures/seeds/002_67d5636951f762bb.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`
-- the seeds' agency, year and template as printed in their titles (seed 002
-- has no title; its 统计期限 sentence gives 2020); all use the 2019 template
CREATE TEMP TABLE seeds (name text PRIMARY KEY, body text NOT NULL, agency text, year integer, template text);
INSERT INTO seeds VALUES
  ('seed 000', :'s0', '湛江奋勇高新区办公室', 2020, '2019'),
  ('seed 001', :'s1', '雷州市科工贸和信息化局', 2020, '2019'),
  ('seed 002', :'s2', NULL, 2020, '2019'),
  ('seed 003', :'s3', '江海区政府办公室', 2019, '2019'),
  ('seed 004', :'s4', '韶关市浈江区人民政府办公室', 2020, '2019');

SELECT count(*) AS reports, count(DISTINCT (agency, year, template)) AS identities,
       count(*) FILTER (WHERE agency !~ '^[一-鿿]+$') AS agency_not_only_han
FROM truth_reports;
SELECT count(*) AS truth_cells, count(*) FILTER (WHERE value IS NULL OR value = '') AS truth_blanks FROM truth_cells;

-- ------------------------------------------------------------ load
-- Four generated reports repeat the identity (agency, year, template) of an
-- earlier one; only the first of each identity is loaded (the store would keep
-- a later text too, as another version of the report: test/pgtap/versions.sql).
INSERT INTO gai_reports (source, body)
SELECT g.name, g.body FROM gen g JOIN truth_reports t ON t.name = g.name
WHERE g.name = (SELECT min(u.name) FROM truth_reports u
                WHERE (u.agency, u.year, u.template) = (t.agency, t.year, t.template))
ORDER BY g.name;
INSERT INTO gai_reports (source, body) SELECT name, body FROM seeds ORDER BY name;
SELECT count(*) AS stored FROM gai_reports;

-- the reports expected in the store: the first of each truth identity, and the seeds
CREATE TEMP TABLE exp_reports AS
SELECT t.name, t.agency, t.year, t.template FROM truth_reports t
WHERE t.name = (SELECT min(u.name) FROM truth_reports u
                WHERE (u.agency, u.year, u.template) = (t.agency, t.year, t.template))
UNION ALL
SELECT name, agency, year, template FROM seeds;
SELECT t.name, t.agency, t.year, t.template FROM truth_reports t
WHERE t.name NOT IN (SELECT name FROM exp_reports) ORDER BY t.name;
-- the store holds exactly those, with the truth's agency, year and template
SELECT (SELECT count(*) FROM exp_reports) AS expected,
       (SELECT count(*) FROM exp_reports e JOIN gai_reports g ON g.source = e.name
         WHERE (g.agency, g.year, g.template) IS NOT DISTINCT FROM (e.agency, e.year, e.template)) AS stored_as_expected;
ALTER TABLE exp_reports ADD COLUMN report_id bigint;
UPDATE exp_reports e SET report_id = g.id FROM gai_reports g WHERE g.source = e.name;

-- every expected cell: the truth of the generated reports; for the seeds, the
-- cells gai_parse reads (checked cell by cell in seeds.sql): value NULL unless ok
CREATE TEMP TABLE exp_cells AS
SELECT name, section, item, col, value::numeric AS v, 'ok'::text AS status
FROM truth_cells
UNION ALL
SELECT s.name, p.section, p.item, p.col, CASE WHEN p.status = 'ok' THEN p.value END, p.status
FROM seeds s, gai_parse(s.body) p WHERE p.item IS NOT NULL;
CREATE INDEX ON exp_cells (name, section, item, col);
ANALYZE exp_cells, exp_reports;

SELECT gai_refresh();
SELECT matviewname, ispopulated FROM pg_matviews WHERE matviewname LIKE 'gai\_%' ORDER BY 1;

-- ------------------------------------------------------------ the expected views
-- from exp_reports and exp_cells alone (blank = 0, unreadable left out)

-- the generated agencies are Han characters only, so their key is the name itself
-- (one row per report and requests row; a blank cell counts 0, an unreadable one is NULL)
CREATE TEMP VIEW exp_request_rows AS
SELECT r.report_id, r.agency AS agency_key, r.agency, r.year, r.template, c.item,
       max(c.n) FILTER (WHERE c.col = 'natural_person') AS natural_person,
       max(c.n) FILTER (WHERE c.col = 'commercial') AS commercial,
       max(c.n) FILTER (WHERE c.col = 'research') AS research,
       max(c.n) FILTER (WHERE c.col = 'social_org') AS social_org,
       max(c.n) FILTER (WHERE c.col = 'legal_service') AS legal_service,
       max(c.n) FILTER (WHERE c.col = 'other_org') AS other_org,
       max(c.n) FILTER (WHERE c.col = 'total') AS total
FROM exp_reports r
JOIN (SELECT name, section, item, col, CASE WHEN status = 'blank' THEN 0 ELSE v END AS n FROM exp_cells) c USING (name)
WHERE c.section = 'requests'
GROUP BY r.report_id, r.agency, r.year, r.template, c.item;

-- one group of reports' request measures, straight from the cells
CREATE TEMP VIEW exp_request_cells AS
SELECT r.name, r.agency, r.year, r.template, c.item, c.col, coalesce(c.v, 0) AS v
FROM exp_reports r JOIN exp_cells c USING (name) WHERE c.section = 'requests';

CREATE TEMP VIEW exp_requests_yearly AS
SELECT year, template, count(DISTINCT name)::integer AS reports,
       sum(v) FILTER (WHERE col = 'total' AND item = 'received') AS received,
       sum(v) FILTER (WHERE col = 'total' AND item = 'carried_in') AS carried_in,
       sum(v) FILTER (WHERE col = 'total' AND item = 'granted') AS granted,
       sum(v) FILTER (WHERE col = 'total' AND item = 'partial') AS partial,
       sum(v) FILTER (WHERE col = 'total' AND item IN ('denied.state_secret', 'denied.prohibited_by_law',
         'denied.three_safeties', 'denied.third_party', 'denied.internal_affairs', 'denied.process_info',
         'denied.enforcement_file', 'denied.inquiry')) AS denied,
       sum(v) FILTER (WHERE col = 'total' AND item IN ('unavailable.not_held', 'unavailable.needs_creation',
         'unavailable.unclear')) AS unavailable,
       sum(v) FILTER (WHERE col = 'total' AND item IN ('rejected.petition', 'rejected.duplicate',
         'rejected.publication', 'rejected.excessive', 'rejected.confirmation')) AS rejected,
       coalesce(sum(v) FILTER (WHERE col = 'total' AND item IN ('other', 'other.overdue_correction',
         'other.overdue_fee', 'other.other')), 0) AS other,
       sum(v) FILTER (WHERE col = 'total' AND item = 'total') AS total,
       sum(v) FILTER (WHERE col = 'total' AND item = 'carried_over') AS carried_over,
       round((sum(v) FILTER (WHERE col = 'total' AND item = 'granted')
              + sum(v) FILTER (WHERE col = 'total' AND item = 'partial'))
             / nullif(sum(v) FILTER (WHERE col = 'total' AND item = 'total'), 0), 4) AS disclosure_rate,
       sum(v) FILTER (WHERE item = 'received' AND col = 'natural_person') AS received_natural_person,
       sum(v) FILTER (WHERE item = 'received' AND col = 'commercial') AS received_commercial,
       sum(v) FILTER (WHERE item = 'received' AND col = 'research') AS received_research,
       sum(v) FILTER (WHERE item = 'received' AND col = 'social_org') AS received_social_org,
       sum(v) FILTER (WHERE item = 'received' AND col = 'legal_service') AS received_legal_service,
       sum(v) FILTER (WHERE item = 'received' AND col = 'other_org') AS received_other_org
FROM exp_request_cells GROUP BY year, template;

CREATE TEMP VIEW exp_requests_by_agency AS
SELECT agency AS agency_key, max(agency) AS agency, year, template, count(DISTINCT name)::integer AS reports,
       sum(v) FILTER (WHERE col = 'total' AND item = 'received') AS received,
       sum(v) FILTER (WHERE col = 'total' AND item = 'carried_in') AS carried_in,
       sum(v) FILTER (WHERE col = 'total' AND item = 'granted') AS granted,
       sum(v) FILTER (WHERE col = 'total' AND item = 'partial') AS partial,
       sum(v) FILTER (WHERE col = 'total' AND item LIKE 'denied.%') AS denied,
       sum(v) FILTER (WHERE col = 'total' AND item LIKE 'unavailable.%') AS unavailable,
       sum(v) FILTER (WHERE col = 'total' AND item LIKE 'rejected.%') AS rejected,
       sum(v) FILTER (WHERE col = 'total' AND (item = 'other' OR item LIKE 'other.%')) AS other,
       sum(v) FILTER (WHERE col = 'total' AND item = 'total') AS total,
       sum(v) FILTER (WHERE col = 'total' AND item = 'carried_over') AS carried_over,
       round((sum(v) FILTER (WHERE col = 'total' AND item = 'granted')
              + sum(v) FILTER (WHERE col = 'total' AND item = 'partial'))
             / nullif(sum(v) FILTER (WHERE col = 'total' AND item = 'total'), 0), 4) AS disclosure_rate,
       sum(v) FILTER (WHERE item = 'received' AND col = 'natural_person') AS received_natural_person,
       sum(v) FILTER (WHERE item = 'received' AND col = 'commercial') AS received_commercial,
       sum(v) FILTER (WHERE item = 'received' AND col = 'research') AS received_research,
       sum(v) FILTER (WHERE item = 'received' AND col = 'social_org') AS received_social_org,
       sum(v) FILTER (WHERE item = 'received' AND col = 'legal_service') AS received_legal_service,
       sum(v) FILTER (WHERE item = 'received' AND col = 'other_org') AS received_other_org
FROM exp_request_cells WHERE agency IS NOT NULL GROUP BY agency, year, template;

-- the reasons and their labels, as the spec (template.md) prints them
CREATE TEMP TABLE reason_labels (reason text PRIMARY KEY, label text);
INSERT INTO reason_labels VALUES
  ('denied.state_secret', '1.属于国家秘密'), ('denied.prohibited_by_law', '2.其他法律行政法规禁止公开'),
  ('denied.three_safeties', '3.危及“三安全一稳定”'), ('denied.third_party', '4.保护第三方合法权益'),
  ('denied.internal_affairs', '5.属于三类内部事务信息'), ('denied.process_info', '6.属于四类过程性信息'),
  ('denied.enforcement_file', '7.属于行政执法案卷'), ('denied.inquiry', '8.属于行政查询事项'),
  ('unavailable.not_held', '1.本机关不掌握相关政府信息'), ('unavailable.needs_creation', '2.没有现成信息需要另行制作'),
  ('unavailable.unclear', '3.补正后申请内容仍不明确'),
  ('rejected.petition', '1.信访举报投诉类申请'), ('rejected.duplicate', '2.重复申请'),
  ('rejected.publication', '3.要求提供公开出版物'), ('rejected.excessive', '4.无正当理由大量反复申请'),
  ('rejected.confirmation', '5.要求行政机关确认或重新出具已获取信息'),
  ('other', '（六）其他处理'),
  ('other.overdue_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
  ('other.overdue_fee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
  ('other.other', '3.其他');

CREATE TEMP VIEW exp_denial_reasons AS
WITH handled AS (
  SELECT year, sum(v) AS handled FROM exp_request_cells WHERE item = 'total' AND col = 'total' GROUP BY year
)
SELECT c.year, c.item AS reason, CASE WHEN c.item LIKE 'other%' THEN 'other' ELSE substr(c.item, 1, strpos(c.item, '.') - 1) END AS category,
       l.label AS reason_label, sum(c.v) AS requests, round(sum(c.v) / nullif(h.handled, 0), 4) AS share
FROM exp_request_cells c JOIN reason_labels l ON l.reason = c.item JOIN handled h ON h.year = c.year
WHERE c.col = 'total'
GROUP BY c.year, c.item, l.label, h.handled;

CREATE TEMP VIEW exp_appeals_yearly AS
WITH s AS (
  SELECT r.year, count(DISTINCT r.name)::integer AS reports,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'review' AND c.col = 'upheld') AS review_upheld,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'review' AND c.col = 'corrected') AS review_corrected,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'review' AND c.col = 'other') AS review_other,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'review' AND c.col = 'pending') AS review_pending,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'review' AND c.col = 'total') AS review_total,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_direct' AND c.col = 'upheld') AS litigation_direct_upheld,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_direct' AND c.col = 'corrected') AS litigation_direct_corrected,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_direct' AND c.col = 'other') AS litigation_direct_other,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_direct' AND c.col = 'pending') AS litigation_direct_pending,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_direct' AND c.col = 'total') AS litigation_direct_total,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_after_review' AND c.col = 'upheld') AS litigation_after_review_upheld,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_after_review' AND c.col = 'corrected') AS litigation_after_review_corrected,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_after_review' AND c.col = 'other') AS litigation_after_review_other,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_after_review' AND c.col = 'pending') AS litigation_after_review_pending,
    sum(coalesce(c.v, 0)) FILTER (WHERE c.item = 'litigation_after_review' AND c.col = 'total') AS litigation_after_review_total
  FROM exp_reports r JOIN exp_cells c USING (name) WHERE c.section = 'appeals' GROUP BY r.year
)
SELECT s.*,
  round(review_corrected / nullif(review_upheld + review_corrected + review_other, 0), 4) AS review_correction_rate,
  round((litigation_direct_corrected + litigation_after_review_corrected)
        / nullif(litigation_direct_upheld + litigation_direct_corrected + litigation_direct_other
                 + litigation_after_review_upheld + litigation_after_review_corrected
                 + litigation_after_review_other, 0), 4) AS litigation_correction_rate
FROM s;

-- labels and unit are the template's reference data (gai_codes); the sums come from the cells
CREATE TEMP VIEW exp_active_yearly AS
SELECT r.year, r.template, c.item, c.col, k.item_label, k.col_label, k.unit,
       count(DISTINCT r.name)::integer AS reports, sum(coalesce(c.v, 0)) AS value
FROM exp_reports r JOIN exp_cells c USING (name)
JOIN gai_codes() k ON (k.template, k.section, k.item, k.col) = (r.template, c.section, c.item, c.col)
WHERE c.section = 'active'
GROUP BY r.year, r.template, c.item, c.col, k.item_label, k.col_label, k.unit;

-- broken rule instances.  Generated reports: recomputed from their truth cells
-- (as test/pgtap/generated.sql does; one deliberate error can break several
-- instances), plus the 2019 warning total_published < new_published.  Seeds:
-- gai_check() (seeds.sql checks it).
CREATE TEMP VIEW exp_gen_cells AS
SELECT r.name, r.year, r.template, c.section, c.item, c.col, coalesce(c.v, 0) AS v
FROM exp_reports r JOIN exp_cells c USING (name) WHERE r.name NOT IN (SELECT name FROM seeds);
CREATE TEMP VIEW exp_instances AS
SELECT name, 'requests.balance' AS rule, 'error' AS severity FROM exp_gen_cells WHERE section = 'requests'
GROUP BY name, col
HAVING sum(v) FILTER (WHERE item IN ('received', 'carried_in')) <> sum(v) FILTER (WHERE item IN ('total', 'carried_over'))
UNION ALL
SELECT name, 'requests.outcome_total', 'error' FROM exp_gen_cells WHERE section = 'requests'
GROUP BY name, col
HAVING sum(v) FILTER (WHERE item = 'total')
    <> coalesce(sum(v) FILTER (WHERE item NOT IN ('received', 'carried_in', 'total', 'carried_over')), 0)
UNION ALL
SELECT name, 'requests.row_total', 'error' FROM exp_gen_cells WHERE section = 'requests'
GROUP BY name, item
HAVING sum(v) FILTER (WHERE col = 'total') <> sum(v) FILTER (WHERE col <> 'total')
UNION ALL
SELECT name, 'appeals.row_total', 'error' FROM exp_gen_cells WHERE section = 'appeals'
GROUP BY name, item
HAVING sum(v) FILTER (WHERE col = 'total') <> sum(v) FILTER (WHERE col <> 'total')
UNION ALL
SELECT name, 'nonnegative', 'error' FROM exp_gen_cells WHERE v < 0 AND col <> 'change'
UNION ALL
SELECT name, 'active.published', 'warning' FROM exp_gen_cells
WHERE template = '2019' AND section = 'active' AND item IN ('regulation', 'normative_document')
GROUP BY name, item
HAVING sum(v) FILTER (WHERE col = 'total_published') < sum(v) FILTER (WHERE col = 'new_published')
UNION ALL
SELECT s.name, c.rule, c.severity FROM seeds s, gai_check(s.body) c WHERE s.name IN (SELECT name FROM exp_reports);

-- cross_year.carry: year N carried_in against the same agency's year N-1 carried_over, per column
CREATE TEMP VIEW exp_carry AS
SELECT cur.year, cur.agency, ci.col, ci.v AS carried_in, co.v AS carried_over
FROM exp_reports cur
JOIN exp_reports prev ON prev.agency = cur.agency AND prev.year = cur.year - 1
JOIN exp_cells ci ON ci.name = cur.name AND ci.section = 'requests' AND ci.item = 'carried_in'
JOIN exp_cells co ON co.name = prev.name AND co.section = 'requests' AND co.item = 'carried_over' AND co.col = ci.col;

CREATE TEMP VIEW exp_quality_yearly AS
WITH inst AS MATERIALIZED (
  SELECT q.year, q.name, i.rule, i.severity FROM exp_instances i JOIN exp_reports q USING (name)
), rep AS (
  SELECT r.year, count(*)::integer AS reports,
         count(*) FILTER (WHERE r.name NOT IN (SELECT name FROM inst WHERE severity = 'error'))::integer AS valid,
         count(*) FILTER (WHERE r.name IN (SELECT name FROM inst WHERE severity = 'error'))::integer AS invalid
  FROM exp_reports r GROUP BY r.year
), cells AS (
  SELECT q.year, count(*) FILTER (WHERE c.status = 'unreadable')::integer AS unreadable_cells,
         count(*) FILTER (WHERE c.status = 'blank')::integer AS blank_cells,
         count(*) FILTER (WHERE c.status = 'ambiguous')::integer AS ambiguous_cells
  FROM exp_cells c JOIN exp_reports q USING (name) GROUP BY q.year
), rules AS (
  SELECT year,
         count(*) FILTER (WHERE rule = 'requests.balance')::integer AS requests_balance,
         count(*) FILTER (WHERE rule = 'requests.row_total')::integer AS requests_row_total,
         count(*) FILTER (WHERE rule = 'requests.outcome_total')::integer AS requests_outcome_total,
         count(*) FILTER (WHERE rule = 'appeals.row_total')::integer AS appeals_row_total,
         count(*) FILTER (WHERE rule = 'nonnegative')::integer AS nonnegative,
         count(*) FILTER (WHERE rule = 'active.published')::integer AS active_published,
         count(*) FILTER (WHERE rule = 'procurement.parts')::integer AS procurement_parts,
         count(*) FILTER (WHERE rule LIKE 'table.%')::integer AS tables_missing_or_unreadable,
         count(*) FILTER (WHERE rule IN ('cell.missing', 'cell.unreadable'))::integer AS cells_missing_or_unreadable
  FROM inst GROUP BY year
), carry AS (
  SELECT year, count(*) FILTER (WHERE carried_in IS DISTINCT FROM carried_over)::integer AS cross_year_carry,
         count(DISTINCT agency)::integer AS cross_year_pairs
  FROM exp_carry GROUP BY year
)
SELECT rep.year, rep.reports, rep.valid, rep.invalid,
       coalesce(cells.unreadable_cells, 0) AS unreadable_cells, coalesce(cells.blank_cells, 0) AS blank_cells,
       coalesce(requests_balance, 0) AS requests_balance, coalesce(requests_row_total, 0) AS requests_row_total,
       coalesce(requests_outcome_total, 0) AS requests_outcome_total, coalesce(appeals_row_total, 0) AS appeals_row_total,
       coalesce(nonnegative, 0) AS nonnegative, coalesce(active_published, 0) AS active_published,
       coalesce(procurement_parts, 0) AS procurement_parts,
       coalesce(tables_missing_or_unreadable, 0) AS tables_missing_or_unreadable,
       coalesce(cells_missing_or_unreadable, 0) AS cells_missing_or_unreadable,
       coalesce(cross_year_carry, 0) AS cross_year_carry, coalesce(cross_year_pairs, 0) AS cross_year_pairs,
       coalesce(cells.ambiguous_cells, 0) AS ambiguous_cells
FROM rep LEFT JOIN cells USING (year) LEFT JOIN rules USING (year) LEFT JOIN carry USING (year);

-- ------------------------------------------------------------ comparisons
-- rows of each view not among the expected rows, and expected rows the view lacks
CREATE TEMP VIEW comparison AS
SELECT 'gai_request_rows' AS view, (SELECT count(*) FROM gai_request_rows) AS rows,
       (SELECT count(*) FROM (TABLE gai_request_rows EXCEPT ALL TABLE exp_request_rows) d) AS unexpected,
       (SELECT count(*) FROM (TABLE exp_request_rows EXCEPT ALL TABLE gai_request_rows) d) AS missing
UNION ALL
SELECT 'gai_requests_yearly', (SELECT count(*) FROM gai_requests_yearly),
       (SELECT count(*) FROM (TABLE gai_requests_yearly EXCEPT ALL TABLE exp_requests_yearly) d),
       (SELECT count(*) FROM (TABLE exp_requests_yearly EXCEPT ALL TABLE gai_requests_yearly) d)
UNION ALL
SELECT 'gai_requests_by_agency', (SELECT count(*) FROM gai_requests_by_agency),
       (SELECT count(*) FROM (TABLE gai_requests_by_agency EXCEPT ALL TABLE exp_requests_by_agency) d),
       (SELECT count(*) FROM (TABLE exp_requests_by_agency EXCEPT ALL TABLE gai_requests_by_agency) d)
UNION ALL
SELECT 'gai_denial_reasons', (SELECT count(*) FROM gai_denial_reasons),
       (SELECT count(*) FROM (TABLE gai_denial_reasons EXCEPT ALL TABLE exp_denial_reasons) d),
       (SELECT count(*) FROM (TABLE exp_denial_reasons EXCEPT ALL TABLE gai_denial_reasons) d)
UNION ALL
SELECT 'gai_appeals_yearly', (SELECT count(*) FROM gai_appeals_yearly),
       (SELECT count(*) FROM (TABLE gai_appeals_yearly EXCEPT ALL TABLE exp_appeals_yearly) d),
       (SELECT count(*) FROM (TABLE exp_appeals_yearly EXCEPT ALL TABLE gai_appeals_yearly) d)
UNION ALL
SELECT 'gai_active_yearly', (SELECT count(*) FROM gai_active_yearly),
       (SELECT count(*) FROM (TABLE gai_active_yearly EXCEPT ALL TABLE exp_active_yearly) d),
       (SELECT count(*) FROM (TABLE exp_active_yearly EXCEPT ALL TABLE gai_active_yearly) d)
UNION ALL
SELECT 'gai_quality_yearly', (SELECT count(*) FROM gai_quality_yearly),
       (SELECT count(*) FROM (TABLE gai_quality_yearly EXCEPT ALL TABLE exp_quality_yearly) d),
       (SELECT count(*) FROM (TABLE exp_quality_yearly EXCEPT ALL TABLE gai_quality_yearly) d);

SELECT * FROM comparison;

-- ------------------------------------------------------------ the numbers
-- received (总计 column) per year straight from the truth file, next to the view
SELECT v.year, v.template, v.reports, v.received,
       (SELECT sum(t.value::numeric) FROM truth_cells t JOIN exp_reports e USING (name)
         WHERE e.year = v.year AND t.section = 'requests' AND t.item = 'received' AND t.col = 'total')
       + (SELECT coalesce(sum(p.value), 0) FROM seeds s, gai_parse(s.body) p
           WHERE s.year = v.year AND p.item = 'received' AND p.col = 'total') AS truth_received,
       v.total, v.granted, v.partial, v.disclosure_rate
FROM gai_requests_yearly v ORDER BY v.year;
SELECT * FROM gai_requests_yearly ORDER BY year, template;
SELECT * FROM gai_denial_reasons WHERE year IN (2020, 2021) ORDER BY year, reason;
SELECT year, sum(share) AS share_not_granted, sum(requests) AS not_granted FROM gai_denial_reasons GROUP BY year ORDER BY year;
SELECT * FROM gai_appeals_yearly ORDER BY year;
SELECT * FROM gai_active_yearly WHERE year IN (2020, 2024) ORDER BY year, item, col;
SELECT * FROM gai_quality_yearly ORDER BY year;
-- the rule instances by rule, all years, against the generator's declared violations
SELECT i.rule, count(*) AS instances, count(DISTINCT i.name) AS reports,
       (SELECT count(*) FROM truth_reports t JOIN exp_reports e USING (name) WHERE i.rule = ANY (t.violations)) AS declared_reports
FROM exp_instances i GROUP BY i.rule ORDER BY i.rule;
-- agencies with two consecutive years stored, and their carry-over columns that differ
SELECT year, agency, count(*) FILTER (WHERE carried_in IS DISTINCT FROM carried_over) AS columns_differ
FROM exp_carry GROUP BY year, agency ORDER BY year, agency;
-- one agency over the years, and the seed with its sub-rows
SELECT * FROM gai_requests_by_agency WHERE agency_key IN ('梅州市卫生健康局', '江海区政府办公室') ORDER BY agency_key, year;
SELECT r.item, r.natural_person, r.commercial, r.research, r.social_org, r.legal_service, r.other_org, r.total
FROM gai_request_rows r JOIN gai_reports g ON g.id = r.report_id WHERE g.source = 'seed 003'
  AND r.item IN ('received', 'carried_in', 'granted', 'total', 'carried_over') ORDER BY r.item;
-- seed 002 (no agency) is in the yearly views only
SELECT count(*) AS seed_002_by_agency FROM gai_requests_by_agency WHERE agency_key IS NULL;

-- ------------------------------------------------------------ refresh
-- every materialized view has a unique index on plain columns (what CONCURRENTLY
-- needs); gai_request_rows is a plain view over gai_reports.requests
SELECT m.matviewname, i.indexrelid::regclass AS unique_index,
       (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns
FROM pg_matviews m
JOIN pg_index i ON i.indrelid = format('%I.%I', m.schemaname, m.matviewname)::regclass
 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
WHERE m.matviewname LIKE 'gai\_%' ORDER BY 1;
SELECT count(*) AS matviews_without_unique_index FROM pg_matviews m
WHERE m.matviewname LIKE 'gai\_%' AND NOT EXISTS (
  SELECT 1 FROM pg_index i WHERE i.indrelid = format('%I.%I', m.schemaname, m.matviewname)::regclass
    AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL);

-- the store changes: the seeds go, and the four repeated identities get their
-- later generated version (the first is deleted, the later one inserted); the
-- views follow once refreshed
DELETE FROM gai_reports WHERE source LIKE 'seed %';
DELETE FROM exp_reports WHERE name LIKE 'seed %';
CREATE TEMP TABLE versions AS
SELECT min(name) AS first, max(name) AS later FROM truth_reports
GROUP BY agency, year, template HAVING count(*) > 1;
SELECT * FROM versions ORDER BY first;
DELETE FROM gai_reports WHERE source IN (SELECT first FROM versions);
INSERT INTO gai_reports (source, body) SELECT name, body FROM gen WHERE name IN (SELECT later FROM versions);
DELETE FROM exp_reports WHERE name IN (SELECT first FROM versions);
INSERT INTO exp_reports (name, agency, year, template, report_id)
SELECT t.name, t.agency, t.year, t.template, g.id
FROM truth_reports t JOIN gai_reports g ON g.source = t.name WHERE t.name IN (SELECT later FROM versions);
SELECT count(*) AS stored, (SELECT count(*) FROM exp_reports) AS expected FROM gai_reports;
SELECT (SELECT sum(reports) FROM gai_requests_yearly) AS reports_before_refresh,
       (SELECT count(DISTINCT report_id) FROM gai_request_rows) AS in_gai_request_rows;
REFRESH MATERIALIZED VIEW CONCURRENTLY gai_requests_yearly;
REFRESH MATERIALIZED VIEW CONCURRENTLY gai_requests_by_agency;
REFRESH MATERIALIZED VIEW CONCURRENTLY gai_denial_reasons;
REFRESH MATERIALIZED VIEW CONCURRENTLY gai_appeals_yearly;
REFRESH MATERIALIZED VIEW CONCURRENTLY gai_active_yearly;
REFRESH MATERIALIZED VIEW CONCURRENTLY gai_quality_yearly;
SELECT (SELECT sum(reports) FROM gai_requests_yearly) AS reports_after_refresh;
SELECT * FROM comparison;

-- a view emptied WITH NO DATA cannot be read; gai_refresh() fills it again
REFRESH MATERIALIZED VIEW gai_quality_yearly WITH NO DATA;
SELECT count(*) FROM gai_quality_yearly;
SELECT gai_refresh();
SELECT matviewname, ispopulated FROM pg_matviews WHERE matviewname LIKE 'gai\_%' AND NOT ispopulated;
SELECT (SELECT count(*) FROM (TABLE gai_quality_yearly EXCEPT ALL TABLE exp_quality_yearly) d) AS unexpected,
       (SELECT count(*) FROM (TABLE exp_quality_yearly EXCEPT ALL TABLE gai_quality_yearly) d) AS missing;

-- ------------------------------------------------------------ comments
-- every view of the extension and every column of one has a comment (the list is expected empty)
SELECT c.relname AS object, a.attname AS column_without_comment
FROM pg_depend d
JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'gaireport')
  AND d.deptype = 'e' AND c.relkind IN ('v', 'm')
  AND (obj_description(c.oid, 'pg_class') IS NULL OR col_description(c.oid, a.attnum) IS NULL)
ORDER BY 1, a.attnum;
-- (what was checked)
SELECT c.relkind, count(DISTINCT c.oid) AS objects, count(a.attnum) AS columns
FROM pg_depend d
JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'gaireport')
  AND d.deptype = 'e' AND c.relkind IN ('v', 'm')
GROUP BY c.relkind ORDER BY 1;

-- ------------------------------------------------------------ SELECT * from every view
SELECT 'gai_cells' AS view, count(*) FROM (SELECT * FROM gai_cells) v
UNION ALL SELECT 'gai_request_rows', count(*) FROM (SELECT * FROM gai_request_rows) v
UNION ALL SELECT 'gai_requests_yearly', count(*) FROM (SELECT * FROM gai_requests_yearly) v
UNION ALL SELECT 'gai_requests_by_agency', count(*) FROM (SELECT * FROM gai_requests_by_agency) v
UNION ALL SELECT 'gai_denial_reasons', count(*) FROM (SELECT * FROM gai_denial_reasons) v
UNION ALL SELECT 'gai_appeals_yearly', count(*) FROM (SELECT * FROM gai_appeals_yearly) v
UNION ALL SELECT 'gai_active_yearly', count(*) FROM (SELECT * FROM gai_active_yearly) v
UNION ALL SELECT 'gai_quality_yearly', count(*) FROM (SELECT * FROM gai_quality_yearly) v;
-- gai_cells above: one row per template cell present (the truth's cells; the
-- seeds are gone, so no row the template lacks)
SELECT (SELECT sum(cell_count) + sum(jsonb_array_length(extra_cells)) FROM gai_reports) AS cells_stored,
       (SELECT count(*) FROM exp_cells WHERE name IN (SELECT name FROM exp_reports)) AS truth_cells;

-- an empty store gives empty views
DELETE FROM gai_reports;
SELECT gai_refresh();
SELECT (SELECT count(*) FROM gai_request_rows) + (SELECT count(*) FROM gai_requests_yearly)
     + (SELECT count(*) FROM gai_requests_by_agency) + (SELECT count(*) FROM gai_denial_reasons)
     + (SELECT count(*) FROM gai_appeals_yearly) + (SELECT count(*) FROM gai_active_yearly)
     + (SELECT count(*) FROM gai_quality_yearly) AS rows_left;
