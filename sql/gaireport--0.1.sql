-- gaireport 0.1: parse and validate 政府信息公开工作年度报告 (annual government
-- information disclosure reports, 2019 and 2021 templates).
\echo Use "CREATE EXTENSION gaireport" to load this file. \quit

-- Every function is called schema-qualified (pg_catalog. or @extschema@.) and
-- the search path is pinned until the end of this script, so no object another
-- role planted in the extension's schema can be picked up.
SET LOCAL search_path = pg_catalog, pg_temp;

-- The parser reads Chinese text: it needs the database to hold UTF-8.
DO $$
BEGIN
  IF pg_catalog.current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'gaireport requires a UTF8 database, this one is %',
        pg_catalog.current_setting('server_encoding')
      USING ERRCODE = 'feature_not_supported',
            DETAIL = 'Report texts are Chinese; in another server encoding they cannot be stored without loss.',
            HINT = 'Create the database with ENCODING ''UTF8'' (e.g. createdb -E UTF8 -T template0 NAME) and install gaireport there.';
  END IF;
END
$$;

-- ---------------------------------------------------------------- types

CREATE TYPE @extschema@.gai_report AS (
  agency            text,
  year              integer,
  template          text,
  title             text,
  report_date       date,
  period_start      date,
  period_end        date,
  layout            text,
  sections          text[],
  cell_count        integer,
  extra_cell_count  integer,
  blank_count       integer,
  unreadable_count  integer,
  error_count       integer,
  is_valid          boolean,
  warnings          text[]
);

COMMENT ON TYPE @extschema@.gai_report IS
  'One annual report as a whole: who, which year, which template, dates, what was found and what went wrong.';
COMMENT ON COLUMN @extschema@.gai_report.agency IS 'Reporting agency, from the title or else the signature block; NULL when the text names none.';
COMMENT ON COLUMN @extschema@.gai_report.year IS 'Reporting year, from the title or else the 统计期限 sentence.';
COMMENT ON COLUMN @extschema@.gai_report.template IS 'Template of the tables: ''2019'' (国办公开办函〔2019〕60号) or ''2021'' (〔2021〕30号); NULL when no table was read.';
COMMENT ON COLUMN @extschema@.gai_report.title IS 'Title line(s) as printed, joined; NULL when the report has no title.';
COMMENT ON COLUMN @extschema@.gai_report.report_date IS 'Date of the signature block at the end of the report.';
COMMENT ON COLUMN @extschema@.gai_report.period_start IS 'Start of the statistics period (统计期限), when the report states it.';
COMMENT ON COLUMN @extschema@.gai_report.period_end IS 'End of the statistics period (统计期限), when the report states it.';
COMMENT ON COLUMN @extschema@.gai_report.layout IS 'Shape of the exported tables: cells (one cell per line), rows (one row per line) or mixed.';
COMMENT ON COLUMN @extschema@.gai_report.sections IS 'Codes of the sections whose heading was found, in order (overview, active, requests, appeals, problems, other).';
COMMENT ON COLUMN @extschema@.gai_report.cell_count IS 'Template cells present in the text (198 for a complete 2019 report, 200 for 2021).';
COMMENT ON COLUMN @extschema@.gai_report.extra_cell_count IS 'Cells of rows the template does not have (e.g. local procurement sub-rows).';
COMMENT ON COLUMN @extschema@.gai_report.blank_count IS 'Cells present but blank (empty, —, /).';
COMMENT ON COLUMN @extschema@.gai_report.unreadable_count IS 'Cells present whose number could not be read with certainty.';
COMMENT ON COLUMN @extschema@.gai_report.error_count IS 'Rows of severity error that gai_check returns.';
COMMENT ON COLUMN @extschema@.gai_report.is_valid IS 'True when the text is a report and gai_check finds no error.';
COMMENT ON COLUMN @extschema@.gai_report.warnings IS 'What the parser noticed: damaged tables, ambiguous cells, assumptions it made.';

-- ---------------------------------------------------------------- functions

CREATE FUNCTION @extschema@.gai_parse(body text,
    OUT section text, OUT item text, OUT col text, OUT value numeric,
    OUT item_label text, OUT col_label text, OUT line integer,
    OUT raw text, OUT status text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_parse'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  ROWS 200;

COMMENT ON FUNCTION @extschema@.gai_parse(text) IS
  'One row per table cell of a report: stable codes (section, item, col), the template''s labels, the value (NULL when blank or unreadable), the input line, the cell text and its status (ok, blank, unreadable). Rows the template lacks have item NULL. Raises 22P02 when the text holds no report table.';

CREATE FUNCTION @extschema@.gai_report(body text)
  RETURNS @extschema@.gai_report
  AS 'MODULE_PATHNAME', 'pg_gai_report'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.gai_report(text) IS
  'The report as a whole (agency, year, template, dates, counts, warnings). Never raises on bad text: template is NULL and warnings say why.';

CREATE FUNCTION @extschema@.gai_sections(body text,
    OUT section text, OUT heading text, OUT content text, OUT line integer)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_sections'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  ROWS 7;

COMMENT ON FUNCTION @extschema@.gai_sections(text) IS
  'Narrative text of each section (preamble, overview, active, requests, appeals, problems, other), as printed, table lines left out.';

CREATE FUNCTION @extschema@.gai_check(body text,
    OUT rule text, OUT severity text, OUT section text, OUT item text,
    OUT col text, OUT expected numeric, OUT actual numeric, OUT message text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_check'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  ROWS 10;

COMMENT ON FUNCTION @extschema@.gai_check(text) IS
  'One row per broken arithmetic rule instance (勾稽关系: requests.balance, requests.row_total, requests.outcome_total, appeals.row_total, nonnegative are errors; active.published, procurement.parts are warnings) and per missing or unreadable table or cell.';

CREATE FUNCTION @extschema@.gai_is_valid(body text)
  RETURNS boolean
  AS 'MODULE_PATHNAME', 'pg_gai_is_valid'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.gai_is_valid(text) IS
  'True iff the text is a report and gai_check finds no error. Never raises, so it can be used in CHECK (gai_is_valid(body)).';
