-- gaireport 0.1 -> 0.2: validation on insert, the ready store, aggregate views.
\echo Use "ALTER EXTENSION gaireport UPDATE TO '0.2'" to load this file. \quit

-- ---------------------------------------------------------------- triggers

CREATE FUNCTION @extschema@.gai_validate_trigger()
  RETURNS trigger
  AS 'MODULE_PATHNAME', 'pg_gai_validate_trigger'
  LANGUAGE C;

COMMENT ON FUNCTION @extschema@.gai_validate_trigger() IS
  'Row trigger for your own tables: BEFORE INSERT OR UPDATE ... EXECUTE FUNCTION gai_validate_trigger(text_column, ''reject'') refuses invalid reports with SQLSTATE 23514; gai_validate_trigger(text_column, ''flag'', jsonb_column) keeps them and writes their violations.';

CREATE FUNCTION @extschema@.gai_codes(
    OUT template text, OUT idx integer, OUT section text, OUT item text, OUT col text,
    OUT item_label text, OUT col_label text, OUT unit text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_codes'
  LANGUAGE C IMMUTABLE PARALLEL SAFE
  ROWS 398;

COMMENT ON FUNCTION @extschema@.gai_codes() IS
  'Every cell of both templates: template, idx (position in gai_reports.cells), codes, labels and unit (count, signed, yuan, wan_yuan).';

CREATE FUNCTION @extschema@.gai_store_trigger()
  RETURNS trigger
  AS 'MODULE_PATHNAME', 'pg_gai_store_trigger'
  LANGUAGE C;

COMMENT ON FUNCTION @extschema@.gai_store_trigger() IS
  'Fills the derived columns of gai_reports from one parse of body (BEFORE INSERT OR UPDATE).';

-- ---------------------------------------------------------------- the store

CREATE TABLE @extschema@.gai_reports (
  id                bigserial PRIMARY KEY,
  source            text,
  body              text NOT NULL,
  report_key        text NOT NULL,
  agency            text,
  agency_key        text,
  year              integer,
  template          text,
  title             text,
  report_date       date,
  period_start      date,
  period_end        date,
  layout            text,
  cell_count        integer NOT NULL,
  blank_count       integer NOT NULL,
  unreadable_count  integer NOT NULL,
  error_count       integer NOT NULL,
  is_valid          boolean NOT NULL,
  violations        jsonb NOT NULL,
  warnings          text[] NOT NULL,
  cells             numeric[],
  cell_status       bytea,
  extra_cells       jsonb NOT NULL,
  parsed_at         timestamptz NOT NULL,
  loaded_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
  CONSTRAINT gai_reports_report_key UNIQUE (report_key)
);

CREATE INDEX gai_reports_year ON @extschema@.gai_reports (year, template);
CREATE INDEX gai_reports_agency ON @extschema@.gai_reports (agency_key, year);

-- lz4 decompresses several times faster than pglz; use it where the server has it
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_settings
             WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN body SET COMPRESSION lz4',
                              '@extschema@.gai_reports');
  END IF;
END
$$;

CREATE TRIGGER gai_reports_parse
  BEFORE INSERT OR UPDATE ON @extschema@.gai_reports
  FOR EACH ROW EXECUTE FUNCTION @extschema@.gai_store_trigger();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.gai_reports', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.gai_reports_id_seq', '');

COMMENT ON TABLE @extschema@.gai_reports IS
  'One row per stored report. Insert (source, body); a trigger parses body and fills the rest. Identity: report_key (agency, year, template); a re-load of the same text changes nothing, a changed text replaces the row''s data.';
COMMENT ON COLUMN @extschema@.gai_reports.id IS 'Row id.';
COMMENT ON COLUMN @extschema@.gai_reports.source IS 'Where the text came from (file name, URL).';
COMMENT ON COLUMN @extschema@.gai_reports.body IS 'The report text as loaded.';
COMMENT ON COLUMN @extschema@.gai_reports.report_key IS 'Identity of the report: agency_key/year/template; text:md5/year/template when the text names no agency.';
COMMENT ON COLUMN @extschema@.gai_reports.agency IS 'Reporting agency (title, else signature block).';
COMMENT ON COLUMN @extschema@.gai_reports.agency_key IS 'The agency''s letters and digits, lower-cased: joins the years of one agency.';
COMMENT ON COLUMN @extschema@.gai_reports.year IS 'Reporting year.';
COMMENT ON COLUMN @extschema@.gai_reports.template IS 'Template of the tables, 2019 or 2021; NULL when no table was read.';
COMMENT ON COLUMN @extschema@.gai_reports.title IS 'Title as printed.';
COMMENT ON COLUMN @extschema@.gai_reports.report_date IS 'Date of the signature block.';
COMMENT ON COLUMN @extschema@.gai_reports.period_start IS 'Start of the statistics period, when stated.';
COMMENT ON COLUMN @extschema@.gai_reports.period_end IS 'End of the statistics period, when stated.';
COMMENT ON COLUMN @extschema@.gai_reports.layout IS 'Export shape: cells, rows or mixed.';
COMMENT ON COLUMN @extschema@.gai_reports.cell_count IS 'Template cells present (198 or 200 when complete).';
COMMENT ON COLUMN @extschema@.gai_reports.blank_count IS 'Cells present but blank.';
COMMENT ON COLUMN @extschema@.gai_reports.unreadable_count IS 'Cells present but not readable with certainty.';
COMMENT ON COLUMN @extschema@.gai_reports.error_count IS 'Broken hard rules and missing or unreadable tables and cells.';
COMMENT ON COLUMN @extschema@.gai_reports.is_valid IS 'The text is a report and error_count is 0.';
COMMENT ON COLUMN @extschema@.gai_reports.violations IS 'gai_check() as a jsonb array of {rule, severity, section, item, col, expected, actual, message}.';
COMMENT ON COLUMN @extschema@.gai_reports.warnings IS 'What the parser noticed.';
COMMENT ON COLUMN @extschema@.gai_reports.cells IS 'Cell values in template order (gai_codes().idx); NULL where blank, unreadable or missing. Read them through the view gai_cells.';
COMMENT ON COLUMN @extschema@.gai_reports.cell_status IS 'One byte a cell in template order: 0 missing, 1 ok, 2 blank, 3 unreadable.';
COMMENT ON COLUMN @extschema@.gai_reports.extra_cells IS 'Cells of rows the template lacks: [{section, label, col, value, status, line}].';
COMMENT ON COLUMN @extschema@.gai_reports.parsed_at IS 'When body was parsed.';
COMMENT ON COLUMN @extschema@.gai_reports.loaded_at IS 'When the row was first stored.';

-- One row per cell of every stored report, always in step with gai_reports
-- (its rows are those of gai_reports.cells and .extra_cells).
CREATE VIEW @extschema@.gai_cells AS
SELECT r.id AS report_id, k.section, k.item, k.col, v.value,
       (ARRAY['ok', 'blank', 'unreadable'])[pg_catalog.get_byte(r.cell_status, (v.idx - 1)::integer)] AS status,
       k.item_label, k.col_label
FROM @extschema@.gai_reports r
CROSS JOIN LATERAL pg_catalog.unnest(r.cells) WITH ORDINALITY AS v(value, idx)
JOIN @extschema@.gai_codes() k ON k.template = r.template AND k.idx = v.idx
WHERE pg_catalog.get_byte(r.cell_status, (v.idx - 1)::integer) <> 0
UNION ALL
SELECT r.id, x->>'section', NULL, x->>'col', (x->>'value')::numeric, x->>'status', x->>'label', NULL
FROM @extschema@.gai_reports r
CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(r.extra_cells) AS x;

COMMENT ON VIEW @extschema@.gai_cells IS 'Every cell of every stored report (like gai_parse), kept in step with gai_reports by construction.';
COMMENT ON COLUMN @extschema@.gai_cells.report_id IS 'gai_reports.id';
COMMENT ON COLUMN @extschema@.gai_cells.section IS 'active, requests or appeals';
COMMENT ON COLUMN @extschema@.gai_cells.item IS 'Row code; NULL for a row the template lacks';
COMMENT ON COLUMN @extschema@.gai_cells.col IS 'Column code';
COMMENT ON COLUMN @extschema@.gai_cells.value IS 'The number; NULL when blank or unreadable';
COMMENT ON COLUMN @extschema@.gai_cells.status IS 'ok, blank or unreadable';
COMMENT ON COLUMN @extschema@.gai_cells.item_label IS 'The template''s row label (for a row the template lacks, its own label)';
COMMENT ON COLUMN @extschema@.gai_cells.col_label IS 'The template''s column label';

-- ---------------------------------------------------------------- aggregate views
-- Built from gai_reports.cells; blanks count as 0, unreadable cells are left
-- out (see gai_quality_yearly for how many there are).  Reports without a
-- year or a template are not in the yearly views.  gai_refresh() refreshes
-- them all, in order, concurrently where possible.

CREATE MATERIALIZED VIEW @extschema@.gai_request_rows AS
SELECT r.id AS report_id, r.agency_key, r.agency, r.year, r.template, k.item,
       sum(v.value) FILTER (WHERE k.col = 'natural_person') AS natural_person,
       sum(v.value) FILTER (WHERE k.col = 'commercial') AS commercial,
       sum(v.value) FILTER (WHERE k.col = 'research') AS research,
       sum(v.value) FILTER (WHERE k.col = 'social_org') AS social_org,
       sum(v.value) FILTER (WHERE k.col = 'legal_service') AS legal_service,
       sum(v.value) FILTER (WHERE k.col = 'other_org') AS other_org,
       sum(v.value) FILTER (WHERE k.col = 'total') AS total
FROM @extschema@.gai_reports r
CROSS JOIN LATERAL pg_catalog.unnest(r.cells) WITH ORDINALITY AS v(value, idx)
JOIN @extschema@.gai_codes() k ON k.template = r.template AND k.idx = v.idx
WHERE k.section = 'requests' AND r.year IS NOT NULL
GROUP BY r.id, r.agency_key, r.agency, r.year, r.template, k.item;

CREATE UNIQUE INDEX gai_request_rows_key ON @extschema@.gai_request_rows (report_id, item);
CREATE INDEX gai_request_rows_agency ON @extschema@.gai_request_rows (agency_key, year);
COMMENT ON MATERIALIZED VIEW @extschema@.gai_request_rows IS 'The requests table (三、收到和处理政府信息公开申请情况) of every stored report, one row per report and row item, one column per applicant type.';
COMMENT ON COLUMN @extschema@.gai_request_rows.report_id IS 'gai_reports.id';
COMMENT ON COLUMN @extschema@.gai_request_rows.agency_key IS 'Agency identity key';
COMMENT ON COLUMN @extschema@.gai_request_rows.agency IS 'Agency name';
COMMENT ON COLUMN @extschema@.gai_request_rows.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_request_rows.template IS 'Template (2019 or 2021)';
COMMENT ON COLUMN @extschema@.gai_request_rows.item IS 'Row code (received, granted, denied.state_secret, ...)';
COMMENT ON COLUMN @extschema@.gai_request_rows.natural_person IS 'Natural persons (自然人)';
COMMENT ON COLUMN @extschema@.gai_request_rows.commercial IS 'Commercial enterprises (商业企业)';
COMMENT ON COLUMN @extschema@.gai_request_rows.research IS 'Research institutions (科研机构)';
COMMENT ON COLUMN @extschema@.gai_request_rows.social_org IS 'Public-interest organisations (社会公益组织)';
COMMENT ON COLUMN @extschema@.gai_request_rows.legal_service IS 'Legal service institutions (法律服务机构)';
COMMENT ON COLUMN @extschema@.gai_request_rows.other_org IS 'Other legal persons or organisations (其他)';
COMMENT ON COLUMN @extschema@.gai_request_rows.total IS 'Total column (总计) as printed';

-- the request measures of one group of reports (a year, or an agency-year)
CREATE MATERIALIZED VIEW @extschema@.gai_requests_by_agency AS
SELECT agency_key, pg_catalog.max(agency) AS agency, year, template,
       pg_catalog.count(DISTINCT report_id)::integer AS reports,
       coalesce(sum(total) FILTER (WHERE item = 'received'), 0) AS received,
       coalesce(sum(total) FILTER (WHERE item = 'carried_in'), 0) AS carried_in,
       coalesce(sum(total) FILTER (WHERE item = 'granted'), 0) AS granted,
       coalesce(sum(total) FILTER (WHERE item = 'partial'), 0) AS partial,
       coalesce(sum(total) FILTER (WHERE item LIKE 'denied.%'), 0) AS denied,
       coalesce(sum(total) FILTER (WHERE item LIKE 'unavailable.%'), 0) AS unavailable,
       coalesce(sum(total) FILTER (WHERE item LIKE 'rejected.%'), 0) AS rejected,
       coalesce(sum(total) FILTER (WHERE item = 'other' OR item LIKE 'other.%'), 0) AS other,
       coalesce(sum(total) FILTER (WHERE item = 'total'), 0) AS total,
       coalesce(sum(total) FILTER (WHERE item = 'carried_over'), 0) AS carried_over,
       round(sum(total) FILTER (WHERE item IN ('granted', 'partial'))
             / nullif(sum(total) FILTER (WHERE item = 'total'), 0), 4) AS disclosure_rate,
       coalesce(sum(natural_person) FILTER (WHERE item = 'received'), 0) AS received_natural_person,
       coalesce(sum(commercial) FILTER (WHERE item = 'received'), 0) AS received_commercial,
       coalesce(sum(research) FILTER (WHERE item = 'received'), 0) AS received_research,
       coalesce(sum(social_org) FILTER (WHERE item = 'received'), 0) AS received_social_org,
       coalesce(sum(legal_service) FILTER (WHERE item = 'received'), 0) AS received_legal_service,
       coalesce(sum(other_org) FILTER (WHERE item = 'received'), 0) AS received_other_org
FROM @extschema@.gai_request_rows
WHERE agency_key IS NOT NULL
GROUP BY agency_key, year, template;

CREATE UNIQUE INDEX gai_requests_by_agency_key ON @extschema@.gai_requests_by_agency (agency_key, year, template);

CREATE MATERIALIZED VIEW @extschema@.gai_requests_yearly AS
SELECT year, template,
       pg_catalog.count(DISTINCT report_id)::integer AS reports,
       coalesce(sum(total) FILTER (WHERE item = 'received'), 0) AS received,
       coalesce(sum(total) FILTER (WHERE item = 'carried_in'), 0) AS carried_in,
       coalesce(sum(total) FILTER (WHERE item = 'granted'), 0) AS granted,
       coalesce(sum(total) FILTER (WHERE item = 'partial'), 0) AS partial,
       coalesce(sum(total) FILTER (WHERE item LIKE 'denied.%'), 0) AS denied,
       coalesce(sum(total) FILTER (WHERE item LIKE 'unavailable.%'), 0) AS unavailable,
       coalesce(sum(total) FILTER (WHERE item LIKE 'rejected.%'), 0) AS rejected,
       coalesce(sum(total) FILTER (WHERE item = 'other' OR item LIKE 'other.%'), 0) AS other,
       coalesce(sum(total) FILTER (WHERE item = 'total'), 0) AS total,
       coalesce(sum(total) FILTER (WHERE item = 'carried_over'), 0) AS carried_over,
       round(sum(total) FILTER (WHERE item IN ('granted', 'partial'))
             / nullif(sum(total) FILTER (WHERE item = 'total'), 0), 4) AS disclosure_rate,
       coalesce(sum(natural_person) FILTER (WHERE item = 'received'), 0) AS received_natural_person,
       coalesce(sum(commercial) FILTER (WHERE item = 'received'), 0) AS received_commercial,
       coalesce(sum(research) FILTER (WHERE item = 'received'), 0) AS received_research,
       coalesce(sum(social_org) FILTER (WHERE item = 'received'), 0) AS received_social_org,
       coalesce(sum(legal_service) FILTER (WHERE item = 'received'), 0) AS received_legal_service,
       coalesce(sum(other_org) FILTER (WHERE item = 'received'), 0) AS received_other_org
FROM @extschema@.gai_request_rows
GROUP BY year, template;

CREATE UNIQUE INDEX gai_requests_yearly_key ON @extschema@.gai_requests_yearly (year, template);

DO $$
DECLARE
  v text;
BEGIN
  FOREACH v IN ARRAY ARRAY['gai_requests_yearly', 'gai_requests_by_agency'] LOOP
    EXECUTE pg_catalog.format($c$
      COMMENT ON COLUMN @extschema@.%1$I.year IS 'Reporting year';
      COMMENT ON COLUMN @extschema@.%1$I.template IS 'Template of the reports (2019 or 2021)';
      COMMENT ON COLUMN @extschema@.%1$I.reports IS 'Reports summed';
      COMMENT ON COLUMN @extschema@.%1$I.received IS 'New requests received this year (一、本年新收), total column';
      COMMENT ON COLUMN @extschema@.%1$I.carried_in IS 'Requests carried in from last year (二、上年结转)';
      COMMENT ON COLUMN @extschema@.%1$I.granted IS 'Disclosed (予以公开)';
      COMMENT ON COLUMN @extschema@.%1$I.partial IS 'Partly disclosed (部分公开)';
      COMMENT ON COLUMN @extschema@.%1$I.denied IS 'Not disclosed, all reasons (不予公开)';
      COMMENT ON COLUMN @extschema@.%1$I.unavailable IS 'Could not be provided, all reasons (无法提供)';
      COMMENT ON COLUMN @extschema@.%1$I.rejected IS 'Not processed, all reasons (不予处理)';
      COMMENT ON COLUMN @extschema@.%1$I.other IS 'Other handling (其他处理; 2021: its three sub-rows)';
      COMMENT ON COLUMN @extschema@.%1$I.total IS 'Requests handled this year ((七)总计)';
      COMMENT ON COLUMN @extschema@.%1$I.carried_over IS 'Carried over to next year (四、结转下年度)';
      COMMENT ON COLUMN @extschema@.%1$I.disclosure_rate IS '(granted + partial) / total, 4 decimals; NULL when total is 0';
      COMMENT ON COLUMN @extschema@.%1$I.received_natural_person IS 'Received from natural persons (自然人)';
      COMMENT ON COLUMN @extschema@.%1$I.received_commercial IS 'Received from commercial enterprises (商业企业)';
      COMMENT ON COLUMN @extschema@.%1$I.received_research IS 'Received from research institutions (科研机构)';
      COMMENT ON COLUMN @extschema@.%1$I.received_social_org IS 'Received from public-interest organisations (社会公益组织)';
      COMMENT ON COLUMN @extschema@.%1$I.received_legal_service IS 'Received from legal service institutions (法律服务机构)';
      COMMENT ON COLUMN @extschema@.%1$I.received_other_org IS 'Received from other legal persons or organisations (其他)';
    $c$, v);
  END LOOP;
END
$$;
COMMENT ON MATERIALIZED VIEW @extschema@.gai_requests_yearly IS 'Information-disclosure requests per year and template: received, outcomes, disclosure rate, received per applicant type.';
COMMENT ON MATERIALIZED VIEW @extschema@.gai_requests_by_agency IS 'The measures of gai_requests_yearly per agency (agency_key) and year.';
COMMENT ON COLUMN @extschema@.gai_requests_by_agency.agency_key IS 'Agency identity key (letters and digits of the name)';
COMMENT ON COLUMN @extschema@.gai_requests_by_agency.agency IS 'Agency name as printed (one of its spellings)';

CREATE MATERIALIZED VIEW @extschema@.gai_denial_reasons AS
WITH handled AS (
  SELECT year, sum(total) AS handled FROM @extschema@.gai_request_rows WHERE item = 'total' GROUP BY year
)
SELECT q.year, q.item AS reason, pg_catalog.split_part(q.item, '.', 1) AS category,
       k.item_label AS reason_label,
       coalesce(sum(q.total), 0) AS requests,
       round(coalesce(sum(q.total), 0) / nullif(h.handled, 0), 4) AS share
FROM @extschema@.gai_request_rows q
JOIN handled h USING (year)
JOIN (SELECT DISTINCT item, item_label FROM @extschema@.gai_codes() WHERE section = 'requests') k ON k.item = q.item
WHERE q.item LIKE 'denied.%' OR q.item LIKE 'unavailable.%' OR q.item LIKE 'rejected.%'
   OR q.item = 'other' OR q.item LIKE 'other.%'
GROUP BY q.year, q.item, k.item_label, h.handled;

CREATE UNIQUE INDEX gai_denial_reasons_key ON @extschema@.gai_denial_reasons (year, reason);
COMMENT ON MATERIALIZED VIEW @extschema@.gai_denial_reasons IS 'Why requests were not (fully) granted, per year and reason: requests and their share of all requests handled that year.';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.reason IS 'Row code: denied.*, unavailable.*, rejected.*, other (2019) or other.* (2021)';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.category IS 'denied (不予公开), unavailable (无法提供), rejected (不予处理) or other (其他处理)';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.reason_label IS 'The template''s label of the reason';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.requests IS 'Requests with this outcome (total column)';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.share IS 'requests / all requests handled that year ((七)总计), 4 decimals';

CREATE MATERIALIZED VIEW @extschema@.gai_appeals_yearly AS
WITH a AS (
  SELECT r.id, r.year, k.item || '_' || k.col AS cell, v.value
  FROM @extschema@.gai_reports r
  CROSS JOIN LATERAL pg_catalog.unnest(r.cells) WITH ORDINALITY AS v(value, idx)
  JOIN @extschema@.gai_codes() k ON k.template = r.template AND k.idx = v.idx
  WHERE k.section = 'appeals' AND r.year IS NOT NULL
), s AS (
  SELECT year, pg_catalog.count(DISTINCT id)::integer AS reports,
    coalesce(sum(value) FILTER (WHERE cell = 'review_upheld'), 0) AS review_upheld,
    coalesce(sum(value) FILTER (WHERE cell = 'review_corrected'), 0) AS review_corrected,
    coalesce(sum(value) FILTER (WHERE cell = 'review_other'), 0) AS review_other,
    coalesce(sum(value) FILTER (WHERE cell = 'review_pending'), 0) AS review_pending,
    coalesce(sum(value) FILTER (WHERE cell = 'review_total'), 0) AS review_total,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_direct_upheld'), 0) AS litigation_direct_upheld,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_direct_corrected'), 0) AS litigation_direct_corrected,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_direct_other'), 0) AS litigation_direct_other,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_direct_pending'), 0) AS litigation_direct_pending,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_direct_total'), 0) AS litigation_direct_total,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_after_review_upheld'), 0) AS litigation_after_review_upheld,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_after_review_corrected'), 0) AS litigation_after_review_corrected,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_after_review_other'), 0) AS litigation_after_review_other,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_after_review_pending'), 0) AS litigation_after_review_pending,
    coalesce(sum(value) FILTER (WHERE cell = 'litigation_after_review_total'), 0) AS litigation_after_review_total
  FROM a GROUP BY year
)
SELECT s.*,
  round(review_corrected / nullif(review_upheld + review_corrected + review_other, 0), 4) AS review_correction_rate,
  round((litigation_direct_corrected + litigation_after_review_corrected)
        / nullif(litigation_direct_upheld + litigation_direct_corrected + litigation_direct_other
                 + litigation_after_review_upheld + litigation_after_review_corrected + litigation_after_review_other, 0), 4)
    AS litigation_correction_rate
FROM s;

CREATE UNIQUE INDEX gai_appeals_yearly_key ON @extschema@.gai_appeals_yearly (year);
COMMENT ON MATERIALIZED VIEW @extschema@.gai_appeals_yearly IS 'Administrative reconsideration (行政复议) and litigation (行政诉讼) over disclosure, per year: the 15 cells summed and correction rates.';
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT DISTINCT item, item_label, col, col_label FROM @extschema@.gai_codes() WHERE section = 'appeals' LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.gai_appeals_yearly.%I IS %L',
      c.item || '_' || c.col, c.item_label || ' / ' || c.col_label || ' (' || c.item || ', ' || c.col || ')');
  END LOOP;
END
$$;
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.reports IS 'Reports summed';
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.review_correction_rate IS 'review_corrected / (upheld + corrected + other), decided cases only; 4 decimals';
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.litigation_correction_rate IS 'Corrected / (upheld + corrected + other) over both kinds of litigation; 4 decimals';

CREATE MATERIALIZED VIEW @extschema@.gai_active_yearly AS
SELECT r.year, r.template, k.item, k.col, k.item_label, k.col_label, k.unit,
       pg_catalog.count(DISTINCT r.id)::integer AS reports,
       coalesce(sum(v.value), 0) AS value
FROM @extschema@.gai_reports r
CROSS JOIN LATERAL pg_catalog.unnest(r.cells) WITH ORDINALITY AS v(value, idx)
JOIN @extschema@.gai_codes() k ON k.template = r.template AND k.idx = v.idx
WHERE k.section = 'active' AND r.year IS NOT NULL
GROUP BY r.year, r.template, k.item, k.col, k.item_label, k.col_label, k.unit;

CREATE UNIQUE INDEX gai_active_yearly_key ON @extschema@.gai_active_yearly (year, template, item, col);
COMMENT ON MATERIALIZED VIEW @extschema@.gai_active_yearly IS 'Proactive disclosure (主动公开) cells summed per year and template; the two templates'' columns mean different things and are never summed together.';
COMMENT ON COLUMN @extschema@.gai_active_yearly.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_active_yearly.template IS 'Template (2019 or 2021)';
COMMENT ON COLUMN @extschema@.gai_active_yearly.item IS 'Row code (regulation, license, procurement, ...)';
COMMENT ON COLUMN @extschema@.gai_active_yearly.col IS 'Column code (new_made, decisions, amount, ...)';
COMMENT ON COLUMN @extschema@.gai_active_yearly.item_label IS 'The template''s row label';
COMMENT ON COLUMN @extschema@.gai_active_yearly.col_label IS 'The template''s column label';
COMMENT ON COLUMN @extschema@.gai_active_yearly.unit IS 'count, signed (本年增/减), yuan (元) or wan_yuan (万元)';
COMMENT ON COLUMN @extschema@.gai_active_yearly.reports IS 'Reports summed';
COMMENT ON COLUMN @extschema@.gai_active_yearly.value IS 'Sum over the reports (blank = 0)';

CREATE MATERIALIZED VIEW @extschema@.gai_quality_yearly AS
WITH v AS (
  SELECT r.year, x->>'rule' AS rule
  FROM @extschema@.gai_reports r CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(r.violations) x
  WHERE r.year IS NOT NULL
), carry AS (
  -- cross_year.carry: year N carried_in = the same agency's year N-1 carried_over, per column
  SELECT cur.year,
         (cur.natural_person IS DISTINCT FROM prev.natural_person)::int + (cur.commercial IS DISTINCT FROM prev.commercial)::int
         + (cur.research IS DISTINCT FROM prev.research)::int + (cur.social_org IS DISTINCT FROM prev.social_org)::int
         + (cur.legal_service IS DISTINCT FROM prev.legal_service)::int + (cur.other_org IS DISTINCT FROM prev.other_org)::int
         + (cur.total IS DISTINCT FROM prev.total)::int AS broken
  FROM @extschema@.gai_request_rows cur
  JOIN @extschema@.gai_request_rows prev
    ON prev.agency_key = cur.agency_key AND prev.year = cur.year - 1 AND prev.item = 'carried_over'
  WHERE cur.item = 'carried_in'
), r AS (
  SELECT year, pg_catalog.count(*)::integer AS reports,
         pg_catalog.count(*) FILTER (WHERE is_valid)::integer AS valid,
         pg_catalog.count(*) FILTER (WHERE NOT is_valid)::integer AS invalid,
         coalesce(sum(unreadable_count), 0)::integer AS unreadable_cells,
         coalesce(sum(blank_count), 0)::integer AS blank_cells
  FROM @extschema@.gai_reports WHERE year IS NOT NULL GROUP BY year
)
SELECT r.*,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'requests.balance')::integer AS requests_balance,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'requests.row_total')::integer AS requests_row_total,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'requests.outcome_total')::integer AS requests_outcome_total,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'appeals.row_total')::integer AS appeals_row_total,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'nonnegative')::integer AS nonnegative,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'active.published')::integer AS active_published,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule = 'procurement.parts')::integer AS procurement_parts,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule IN ('table.missing', 'table.unreadable'))::integer AS tables_missing_or_unreadable,
  (SELECT pg_catalog.count(*) FROM v WHERE v.year = r.year AND v.rule IN ('cell.missing', 'cell.unreadable'))::integer AS cells_missing_or_unreadable,
  (SELECT coalesce(sum(broken), 0) FROM carry WHERE carry.year = r.year)::integer AS cross_year_carry,
  (SELECT pg_catalog.count(*) FROM carry WHERE carry.year = r.year)::integer AS cross_year_pairs
FROM r;

CREATE UNIQUE INDEX gai_quality_yearly_key ON @extschema@.gai_quality_yearly (year);
COMMENT ON MATERIALIZED VIEW @extschema@.gai_quality_yearly IS 'Data quality per year: reports, valid and invalid ones, and how often each rule is broken (rule instances), with the cross-year carry-over check between consecutive years of one agency.';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.reports IS 'Reports stored';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.valid IS 'Reports with no error';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.invalid IS 'Reports with at least one error';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.unreadable_cells IS 'Cells present but unreadable';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.blank_cells IS 'Cells present but blank (counted as 0 in the sums)';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.requests_balance IS 'Broken requests.balance instances (received + carried_in = total + carried_over, per column)';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.requests_row_total IS 'Broken requests.row_total instances (total column = six applicant columns)';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.requests_outcome_total IS 'Broken requests.outcome_total instances ((七)总计 = sum of outcomes)';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.appeals_row_total IS 'Broken appeals.row_total instances';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.nonnegative IS 'Negative counts or amounts';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.active_published IS 'Warnings: total_published < new_published (2019 template)';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.procurement_parts IS 'Warnings: procurement sub-rows not summing to their row';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.tables_missing_or_unreadable IS 'Tables not found or damaged';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.cells_missing_or_unreadable IS 'Cells of found tables missing or unreadable';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.cross_year_carry IS 'Warnings: columns where carried_in differs from the same agency''s carried_over of the year before';
COMMENT ON COLUMN @extschema@.gai_quality_yearly.cross_year_pairs IS 'Agency year pairs (N-1, N) both stored, so checked';

CREATE FUNCTION @extschema@.gai_refresh()
  RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v text;
BEGIN
  -- gai_request_rows first: the request views read it
  FOREACH v IN ARRAY ARRAY['gai_request_rows', 'gai_requests_yearly', 'gai_requests_by_agency',
                           'gai_denial_reasons', 'gai_appeals_yearly', 'gai_active_yearly',
                           'gai_quality_yearly'] LOOP
    IF (SELECT ispopulated FROM pg_matviews WHERE schemaname = '@extschema@' AND matviewname = v) THEN
      EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I.%I', '@extschema@', v);
    ELSE
      EXECUTE format('REFRESH MATERIALIZED VIEW %I.%I', '@extschema@', v);
    END IF;
  END LOOP;
END
$$;

COMMENT ON FUNCTION @extschema@.gai_refresh() IS 'Refreshes every gaireport aggregate view (concurrently once populated, so readers are never blocked).';
