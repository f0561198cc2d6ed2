-- gaireport 0.3: parse and validate 政府信息公开工作年度报告 (annual government
-- information disclosure reports, 2019 and 2021 templates); the store and its
-- aggregate views.  The same objects as 0.1 followed by the updates to 0.2
-- and 0.3 (test/security/install_paths.sh compares them).
\echo Use "CREATE EXTENSION gaireport" to load this file. \quit

-- Security: this script runs as a superuser, with the extension's schema in
-- the search path, and that schema may let other roles create objects (public,
-- before PostgreSQL 15 and often since).  So every function below is called
-- schema-qualified (pg_catalog. or @extschema@.), so is every operator whose
-- arguments do not exactly match a pg_catalog one (OPERATOR(pg_catalog.->>),
-- and = in place of IN and CASE x WHEN), arguments are cast to the declared
-- types, the one PL/pgSQL function pins its search_path, and the search path
-- is pinned until the end of this script as well (PostgreSQL documentation,
-- "Security Considerations for Extension Scripts").  test/lint/sql_qualified.sh
-- checks the scripts; test/pgtap/security.sql plants functions and operators.
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
  warnings          text[],
  published         date,
  ambiguous_count   integer
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
COMMENT ON COLUMN @extschema@.gai_report.layout IS 'Shape of the exported tables: cells (one cell per line, also plain pdftotext), rows (one row per line, also pdftotext -layout and word boxes), mixed, html (a web page), pipes (| 规章 | 0 | rows) or glued (web text with the cells of a row run together: 规章018469).';
COMMENT ON COLUMN @extschema@.gai_report.sections IS 'Codes of the sections whose heading was found, in order (overview, active, requests, appeals, problems, other).';
COMMENT ON COLUMN @extschema@.gai_report.cell_count IS 'Template cells present in the text (198 for a complete 2019 report, 200 for 2021, 186 for a 2021 report printing （六）其他处理 as one row).';
COMMENT ON COLUMN @extschema@.gai_report.extra_cell_count IS 'Cells of rows the template does not have (e.g. local procurement sub-rows).';
COMMENT ON COLUMN @extschema@.gai_report.blank_count IS 'Cells present but blank (empty, —, /).';
COMMENT ON COLUMN @extschema@.gai_report.unreadable_count IS 'Cells present whose number could not be read with certainty.';
COMMENT ON COLUMN @extschema@.gai_report.error_count IS 'Rows of severity error that gai_check returns.';
COMMENT ON COLUMN @extschema@.gai_report.is_valid IS 'True when the text is a report and gai_check finds no error.';
COMMENT ON COLUMN @extschema@.gai_report.warnings IS 'What the parser noticed: damaged tables, ambiguous cells, assumptions it made.';
COMMENT ON COLUMN @extschema@.gai_report.published IS 'Publication date of a saved web page (a crawler''s 发布时间 header line); NULL when the text gives none.';
COMMENT ON COLUMN @extschema@.gai_report.ambiguous_count IS 'Cells whose digits are printed but not where one cell ends (glued text); their candidate values are in gai_parse.';

-- ---------------------------------------------------------------- functions

CREATE FUNCTION @extschema@.gai_parse(body text,
    OUT section text, OUT item text, OUT col text, OUT value numeric,
    OUT item_label text, OUT col_label text, OUT line integer,
    OUT raw text, OUT status text, OUT candidates numeric[])
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_parse'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  ROWS 200;

COMMENT ON FUNCTION @extschema@.gai_parse(text) IS
  'One row per table cell of a report: stable codes (section, item, col), the template''s labels, the value (NULL when blank, unreadable or ambiguous), the input line, the cell text, its status (ok, blank, unreadable, ambiguous) and, for an ambiguous cell, the values the rules allow. Rows the template lacks have item NULL. Raises 22P02 when the text holds no report table (text, web page, pipe rows).';

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

-- ================================================================ the store

-- ---------------------------------------------------------------- triggers

CREATE FUNCTION @extschema@.gai_validate_trigger()
  RETURNS trigger
  AS 'MODULE_PATHNAME', 'pg_gai_validate_trigger'
  LANGUAGE C;

COMMENT ON FUNCTION @extschema@.gai_validate_trigger() IS
  'Row trigger for your own tables: BEFORE INSERT OR UPDATE ... EXECUTE FUNCTION gai_validate_trigger(text_column, ''reject'') refuses invalid reports with SQLSTATE 23514; gai_validate_trigger(text_column, ''flag'', jsonb_column) keeps them and writes their violations.';

CREATE FUNCTION @extschema@.gai_codes(
    OUT template text, OUT idx integer, OUT section text, OUT item text, OUT col text,
    OUT item_label text, OUT col_label text, OUT unit text, OUT alternative boolean)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_codes'
  LANGUAGE C IMMUTABLE PARALLEL SAFE
  ROWS 405;

COMMENT ON FUNCTION @extschema@.gai_codes() IS
  'Every cell of both templates: template, idx (position in gai_reports.cells), codes, labels, unit (count, signed, yuan, wan_yuan) and whether the row is another printing of other rows (alternative: 2021 （六）其他处理 as one row, absent unless printed).';

-- The same as a table, for joins (the planner knows its size; the function
-- stays the source: the table is filled from it here and by later updates).
CREATE TABLE @extschema@.gai_cell_codes (
  template    text NOT NULL,
  idx         integer NOT NULL,
  section     text NOT NULL,
  item        text NOT NULL,
  col         text NOT NULL,
  item_label  text NOT NULL,
  col_label   text NOT NULL,
  unit        text NOT NULL,
  alternative boolean NOT NULL,
  PRIMARY KEY (template, idx)
);
INSERT INTO @extschema@.gai_cell_codes SELECT * FROM @extschema@.gai_codes();
ANALYZE @extschema@.gai_cell_codes;
CREATE FUNCTION @extschema@.gai_request_items(OUT pos integer, OUT item text, OUT item_label text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_request_items'
  LANGUAGE C IMMUTABLE PARALLEL SAFE
  ROWS 26;
COMMENT ON FUNCTION @extschema@.gai_request_items() IS 'The rows of the requests table across both templates, in the order of gai_reports.requests.';

CREATE TABLE @extschema@.gai_request_items (
  pos         integer PRIMARY KEY,
  item        text NOT NULL UNIQUE,
  item_label  text NOT NULL,
  category    text NOT NULL,
  in_2019     boolean NOT NULL,
  in_2021     boolean NOT NULL,
  alt_2021    boolean NOT NULL
);
INSERT INTO @extschema@.gai_request_items
SELECT f.pos, f.item, f.item_label, pg_catalog.split_part(f.item, '.', 1),
       EXISTS (SELECT 1 FROM @extschema@.gai_cell_codes k WHERE k.template = '2019' AND k.item = f.item AND k.section = 'requests' AND NOT k.alternative),
       EXISTS (SELECT 1 FROM @extschema@.gai_cell_codes k WHERE k.template = '2021' AND k.item = f.item AND k.section = 'requests' AND NOT k.alternative),
       EXISTS (SELECT 1 FROM @extschema@.gai_cell_codes k WHERE k.template = '2021' AND k.item = f.item AND k.section = 'requests' AND k.alternative)
FROM @extschema@.gai_request_items() f;
COMMENT ON TABLE @extschema@.gai_request_items IS 'The rows of the requests table (both templates): pos is the first index of gai_reports.requests; category is received, granted, denied, unavailable, rejected, other, total ...';

COMMENT ON TABLE @extschema@.gai_cell_codes IS 'Every cell of both templates (gai_codes() as a table): idx is the position in gai_reports.cells.';

-- ---------------------------------------------------------------- the store (0.3)
-- Every distinct text is kept: gai_versions holds one row per text (a version
-- of its report), with its own reading; gai_reports shows the current version
-- of each report.  The rule for the current version, the triggers and the
-- functions are written in C (src/pg/store.c); what follows is the same text
-- in gaireport--0.2--0.3.sql between the BEGIN and END lines.

CREATE FUNCTION @extschema@.gai_store_trigger()
  RETURNS trigger
  AS 'MODULE_PATHNAME', 'pg_gai_store_trigger'
  LANGUAGE C;

COMMENT ON FUNCTION @extschema@.gai_store_trigger() IS
  'The triggers of gai_versions: BEFORE INSERT OR UPDATE reads body once (its reading, hash and parser version), files the text under its report and chooses the current version; AFTER UPDATE OR DELETE chooses again when a current version stops being one. A row that arrives already read (parser set, as pg_restore writes it) is stored as it is.';

CREATE FUNCTION @extschema@.gai_parser()
  RETURNS text
  AS 'MODULE_PATHNAME', 'pg_gai_parser'
  LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.gai_parser() IS
  'The parser version of the loaded module, as stored in gai_versions.parser: the extension version and a build id of the parser''s sources (e.g. 0.3+1a2b3c4d5e6f).';

CREATE SEQUENCE @extschema@.gai_reports_id_seq;

CREATE TABLE @extschema@.gai_versions (
  id                bigint NOT NULL DEFAULT pg_catalog.nextval('@extschema@.gai_reports_id_seq'::pg_catalog.regclass),
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
  requests          bigint[],
  appeals           bigint[],
  parsed_at         timestamptz NOT NULL,
  loaded_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
  report_id         bigint NOT NULL,
  hash              bytea NOT NULL,
  parser            text NOT NULL,
  is_current        boolean NOT NULL,
  pinned            boolean NOT NULL DEFAULT false,
  missing_count     integer NOT NULL,
  ambiguous_count   integer NOT NULL,
  candidates        jsonb,
  published         date,
  CONSTRAINT gai_versions_pkey PRIMARY KEY (id),
  CONSTRAINT gai_versions_hash UNIQUE (hash)
)
-- A version is ~4 kB of text (~2.4 kB once compressed) and ~1.3 kB of its
-- reading.  With the default target (2032 bytes) the compressed text still
-- went to the TOAST table, one more heap and index insert per load; with
-- half a page, a typical version stays in its row, compressed, two to a page.
WITH (toast_tuple_target = 4080);
ALTER SEQUENCE @extschema@.gai_reports_id_seq OWNED BY @extschema@.gai_versions.id;

-- BEGIN store indexes
-- one current version per report identity (and the trigger's look-up of it; byte order:
-- the key is only ever compared for equality, and a locale's collation is slower)
CREATE UNIQUE INDEX gai_versions_current ON @extschema@.gai_versions (report_key COLLATE pg_catalog."C") WHERE is_current;
-- the versions of a report
CREATE INDEX gai_versions_report ON @extschema@.gai_versions (report_id);
-- at most one pinned version per report
CREATE UNIQUE INDEX gai_versions_pinned ON @extschema@.gai_versions (report_id) WHERE pinned;

CREATE TRIGGER gai_versions_read
  BEFORE INSERT OR UPDATE ON @extschema@.gai_versions
  FOR EACH ROW EXECUTE FUNCTION @extschema@.gai_store_trigger();
CREATE TRIGGER gai_versions_rechoose_update
  AFTER UPDATE ON @extschema@.gai_versions
  FOR EACH ROW WHEN (OLD.is_current AND (NOT NEW.is_current OR OLD.report_key IS DISTINCT FROM NEW.report_key))
  EXECUTE FUNCTION @extschema@.gai_store_trigger();
CREATE TRIGGER gai_versions_rechoose_delete
  AFTER DELETE ON @extschema@.gai_versions
  FOR EACH ROW WHEN (OLD.is_current)
  EXECUTE FUNCTION @extschema@.gai_store_trigger();
-- END store indexes

-- lz4 decompresses several times faster than pglz; use it where the server has it
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_settings
             WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN body SET COMPRESSION lz4',
                              '@extschema@.gai_versions');
  END IF;
END
$$;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.gai_versions', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.gai_reports_id_seq', '');

-- BEGIN store views
COMMENT ON TABLE @extschema@.gai_versions IS
  'Every stored text, once (by its SHA-256): a version of its report (report_id, identity report_key) with its own reading. Insert (source, body), or call gai_load(source, body); a trigger reads the text and chooses the current version of its report: the pinned one, else the most complete reading (fewest missing, unreadable and ambiguous cells), then the newest (later report_date, then later published, then later loaded). A text already stored is not stored again.';
COMMENT ON COLUMN @extschema@.gai_versions.id IS 'Version id.';
COMMENT ON COLUMN @extschema@.gai_versions.source IS 'Where the text came from (file name, URL).';
COMMENT ON COLUMN @extschema@.gai_versions.body IS 'The report text as loaded.';
COMMENT ON COLUMN @extschema@.gai_versions.report_key IS 'Identity of the report: agency_key/year/template; text:md5/year/template when the text names no agency.';
COMMENT ON COLUMN @extschema@.gai_versions.agency IS 'Reporting agency (title, else signature block).';
COMMENT ON COLUMN @extschema@.gai_versions.agency_key IS 'The agency''s letters and digits, lower-cased: joins the years of one agency.';
COMMENT ON COLUMN @extschema@.gai_versions.year IS 'Reporting year.';
COMMENT ON COLUMN @extschema@.gai_versions.template IS 'Template of the tables, 2019 or 2021; NULL when no table was read.';
COMMENT ON COLUMN @extschema@.gai_versions.title IS 'Title as printed.';
COMMENT ON COLUMN @extschema@.gai_versions.report_date IS 'Date of the signature block.';
COMMENT ON COLUMN @extschema@.gai_versions.period_start IS 'Start of the statistics period, when stated.';
COMMENT ON COLUMN @extschema@.gai_versions.period_end IS 'End of the statistics period, when stated.';
COMMENT ON COLUMN @extschema@.gai_versions.layout IS 'Export shape: cells, rows, mixed, html, pipes or glued.';
COMMENT ON COLUMN @extschema@.gai_versions.cell_count IS 'Template cells present (198 or 200 when complete; 186 for a 2021 report printing （六）其他处理 as one row).';
COMMENT ON COLUMN @extschema@.gai_versions.blank_count IS 'Cells present but blank.';
COMMENT ON COLUMN @extschema@.gai_versions.unreadable_count IS 'Cells present but not readable with certainty.';
COMMENT ON COLUMN @extschema@.gai_versions.error_count IS 'Broken hard rules and missing or unreadable tables and cells.';
COMMENT ON COLUMN @extschema@.gai_versions.is_valid IS 'The text is a report and error_count is 0.';
COMMENT ON COLUMN @extschema@.gai_versions.violations IS 'gai_check() as a jsonb array of {rule, severity, section, item, col, expected, actual, message}.';
COMMENT ON COLUMN @extschema@.gai_versions.warnings IS 'What the parser noticed.';
COMMENT ON COLUMN @extschema@.gai_versions.cells IS 'Cell values in template order (gai_codes().idx); NULL where blank, unreadable, ambiguous or missing. Read them through the views gai_cells and gai_version_cells.';
COMMENT ON COLUMN @extschema@.gai_versions.cell_status IS 'One byte a cell in template order: 0 missing, 1 ok, 2 blank, 3 unreadable, 4 ambiguous.';
COMMENT ON COLUMN @extschema@.gai_versions.extra_cells IS 'Cells of rows the template lacks: [{section, label, col, col_label, value, status, line}].';
COMMENT ON COLUMN @extschema@.gai_versions.requests IS 'The requests table as counts: requests[gai_request_items.pos][1..7] (natural_person, commercial, research, social_org, legal_service, other_org, total); blank = 0, unreadable or missing NULL. What the aggregate views read.';
COMMENT ON COLUMN @extschema@.gai_versions.appeals IS 'The appeals table as counts: appeals[review, litigation_direct, litigation_after_review][upheld, corrected, other, pending, total]; blank = 0, unreadable or missing NULL.';
COMMENT ON COLUMN @extschema@.gai_versions.parsed_at IS 'When body was read (by the parser named in parser).';
COMMENT ON COLUMN @extschema@.gai_versions.loaded_at IS 'When this text was stored.';
COMMENT ON COLUMN @extschema@.gai_versions.report_id IS 'The report this text is a version of (gai_reports.id): the same for every version with the same report_key.';
COMMENT ON COLUMN @extschema@.gai_versions.hash IS 'SHA-256 of body (its UTF-8 bytes): a text is stored once.';
COMMENT ON COLUMN @extschema@.gai_versions.parser IS 'Parser version that read body: extension version + build id (gai_parser()); 0.2 for rows carried over from 0.2. gai_reparse() reads again the versions read by another parser.';
COMMENT ON COLUMN @extschema@.gai_versions.is_current IS 'This version is its report''s current one (the one gai_reports, gai_cells and the aggregate views show).';
COMMENT ON COLUMN @extschema@.gai_versions.pinned IS 'Pinned by gai_pin(id): current whatever the rule says, until gai_unpin(report_id).';
COMMENT ON COLUMN @extschema@.gai_versions.missing_count IS 'Template cells not found (a row printed in another form, such as 2021 （六）其他处理 as one row, is not missing).';
COMMENT ON COLUMN @extschema@.gai_versions.ambiguous_count IS 'Cells whose digits are printed but not where the cell ends (glued text).';
COMMENT ON COLUMN @extschema@.gai_versions.candidates IS 'The values the rules allow for each ambiguous cell: {"idx": [value, ...]} (idx of gai_codes()); NULL when no cell is ambiguous.';
COMMENT ON COLUMN @extschema@.gai_versions.published IS 'Publication date of a saved web page (a crawler''s 发布时间), when the text gives one.';

-- The current version of each report, with the columns gai_reports had as a
-- table: INSERT INTO gai_reports (source, body) stores a text (a version, made
-- current or not by the rule), UPDATE changes the current version's row, and
-- DELETE removes a report with all its versions.
CREATE VIEW @extschema@.gai_reports AS
SELECT v.report_id AS id, v.source, v.body, v.report_key, v.agency, v.agency_key, v.year, v.template,
       v.title, v.report_date, v.period_start, v.period_end, v.layout, v.cell_count, v.blank_count,
       v.unreadable_count, v.error_count, v.is_valid, v.violations, v.warnings, v.cells, v.cell_status,
       v.extra_cells, v.requests, v.appeals, v.parsed_at, v.loaded_at
FROM @extschema@.gai_versions v
WHERE v.is_current;

CREATE FUNCTION @extschema@.gai_reports_delete()
  RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  DELETE FROM @extschema@.gai_versions v WHERE v.report_id OPERATOR(pg_catalog.=) OLD.id;
  RETURN OLD;
END
$$;
COMMENT ON FUNCTION @extschema@.gai_reports_delete() IS
  'INSTEAD OF DELETE on gai_reports: a report goes with all its versions.';
CREATE TRIGGER gai_reports_delete
  INSTEAD OF DELETE ON @extschema@.gai_reports
  FOR EACH ROW EXECUTE FUNCTION @extschema@.gai_reports_delete();

COMMENT ON VIEW @extschema@.gai_reports IS
  'One row per report: its current version (gai_versions). Insert (source, body) to store a text; the same text again changes nothing, another text of the same report (agency, year, template) is kept as a further version and becomes current if the rule prefers it. DELETE removes a report and all its versions.';
COMMENT ON COLUMN @extschema@.gai_reports.id IS 'Report id (gai_versions.report_id): stays when another version becomes current.';
COMMENT ON COLUMN @extschema@.gai_reports.source IS 'Where the current version came from (file name, URL).';
COMMENT ON COLUMN @extschema@.gai_reports.body IS 'The text of the current version.';
COMMENT ON COLUMN @extschema@.gai_reports.report_key IS 'Identity of the report: agency_key/year/template; text:md5/year/template when the text names no agency.';
COMMENT ON COLUMN @extschema@.gai_reports.agency IS 'Reporting agency (title, else signature block).';
COMMENT ON COLUMN @extschema@.gai_reports.agency_key IS 'The agency''s letters and digits, lower-cased: joins the years of one agency.';
COMMENT ON COLUMN @extschema@.gai_reports.year IS 'Reporting year.';
COMMENT ON COLUMN @extschema@.gai_reports.template IS 'Template of the tables, 2019 or 2021; NULL when no table was read.';
COMMENT ON COLUMN @extschema@.gai_reports.title IS 'Title as printed.';
COMMENT ON COLUMN @extschema@.gai_reports.report_date IS 'Date of the signature block.';
COMMENT ON COLUMN @extschema@.gai_reports.period_start IS 'Start of the statistics period, when stated.';
COMMENT ON COLUMN @extschema@.gai_reports.period_end IS 'End of the statistics period, when stated.';
COMMENT ON COLUMN @extschema@.gai_reports.layout IS 'Export shape: cells, rows, mixed, html, pipes or glued.';
COMMENT ON COLUMN @extschema@.gai_reports.cell_count IS 'Template cells present (198 or 200 when complete; 186 for a 2021 report printing （六）其他处理 as one row).';
COMMENT ON COLUMN @extschema@.gai_reports.blank_count IS 'Cells present but blank.';
COMMENT ON COLUMN @extschema@.gai_reports.unreadable_count IS 'Cells present but not readable with certainty.';
COMMENT ON COLUMN @extschema@.gai_reports.error_count IS 'Broken hard rules and missing or unreadable tables and cells.';
COMMENT ON COLUMN @extschema@.gai_reports.is_valid IS 'The text is a report and error_count is 0.';
COMMENT ON COLUMN @extschema@.gai_reports.violations IS 'gai_check() as a jsonb array of {rule, severity, section, item, col, expected, actual, message}.';
COMMENT ON COLUMN @extschema@.gai_reports.warnings IS 'What the parser noticed.';
COMMENT ON COLUMN @extschema@.gai_reports.cells IS 'Cell values in template order (gai_codes().idx); NULL where blank, unreadable, ambiguous or missing. Read them through the view gai_cells.';
COMMENT ON COLUMN @extschema@.gai_reports.cell_status IS 'One byte a cell in template order: 0 missing, 1 ok, 2 blank, 3 unreadable, 4 ambiguous.';
COMMENT ON COLUMN @extschema@.gai_reports.extra_cells IS 'Cells of rows the template lacks: [{section, label, col, col_label, value, status, line}].';
COMMENT ON COLUMN @extschema@.gai_reports.requests IS 'The requests table as counts: requests[gai_request_items.pos][1..7] (natural_person, commercial, research, social_org, legal_service, other_org, total); blank = 0, unreadable or missing NULL. What the aggregate views read.';
COMMENT ON COLUMN @extschema@.gai_reports.appeals IS 'The appeals table as counts: appeals[review, litigation_direct, litigation_after_review][upheld, corrected, other, pending, total]; blank = 0, unreadable or missing NULL.';
COMMENT ON COLUMN @extschema@.gai_reports.parsed_at IS 'When the current version''s text was read.';
COMMENT ON COLUMN @extschema@.gai_reports.loaded_at IS 'When the current version''s text was stored.';

-- One row per cell of every stored version (its rows are those of
-- gai_versions.cells and .extra_cells, so always in step with them).
CREATE VIEW @extschema@.gai_version_cells AS
SELECT r.report_id, r.id AS version_id, r.is_current, k.section, k.item, k.col, v.value,
       (ARRAY['ok', 'blank', 'unreadable', 'ambiguous'])[pg_catalog.get_byte(r.cell_status, (v.idx - 1)::integer)] AS status,
       k.item_label, k.col_label,
       CASE WHEN r.candidates IS NOT NULL
            THEN (SELECT pg_catalog.array_agg(c.value::numeric ORDER BY c.n)
                  FROM pg_catalog.jsonb_array_elements_text(r.candidates OPERATOR(pg_catalog.->) (v.idx::text)) WITH ORDINALITY AS c(value, n))
       END AS candidates
FROM @extschema@.gai_versions r
CROSS JOIN LATERAL pg_catalog.unnest(r.cells) WITH ORDINALITY AS v(value, idx)
JOIN @extschema@.gai_cell_codes k ON k.template = r.template AND k.idx = v.idx
WHERE pg_catalog.get_byte(r.cell_status, (v.idx - 1)::integer) <> 0
UNION ALL
SELECT r.report_id, r.id, r.is_current, x OPERATOR(pg_catalog.->>) 'section', NULL, x OPERATOR(pg_catalog.->>) 'col',
       (x OPERATOR(pg_catalog.->>) 'value')::numeric, x OPERATOR(pg_catalog.->>) 'status',
       x OPERATOR(pg_catalog.->>) 'label', x OPERATOR(pg_catalog.->>) 'col_label', NULL::numeric[]
FROM @extschema@.gai_versions r
CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(r.extra_cells) AS x;

COMMENT ON VIEW @extschema@.gai_version_cells IS 'Every cell of every stored version, current or not (like gai_parse of its text), with the version it belongs to; gai_cells shows the current versions.';
COMMENT ON COLUMN @extschema@.gai_version_cells.report_id IS 'gai_reports.id (gai_versions.report_id)';
COMMENT ON COLUMN @extschema@.gai_version_cells.version_id IS 'gai_versions.id';
COMMENT ON COLUMN @extschema@.gai_version_cells.is_current IS 'The version is its report''s current one';
COMMENT ON COLUMN @extschema@.gai_version_cells.section IS 'active, requests or appeals';
COMMENT ON COLUMN @extschema@.gai_version_cells.item IS 'Row code; NULL for a row the template lacks';
COMMENT ON COLUMN @extschema@.gai_version_cells.col IS 'Column code';
COMMENT ON COLUMN @extschema@.gai_version_cells.value IS 'The number; NULL when blank, unreadable or ambiguous';
COMMENT ON COLUMN @extschema@.gai_version_cells.status IS 'ok, blank, unreadable or ambiguous';
COMMENT ON COLUMN @extschema@.gai_version_cells.item_label IS 'The template''s row label (for a row the template lacks, its own label)';
COMMENT ON COLUMN @extschema@.gai_version_cells.col_label IS 'The template''s column label';
COMMENT ON COLUMN @extschema@.gai_version_cells.candidates IS 'For an ambiguous cell, the values the rules allow';

-- One row per cell of every report's current version.
CREATE OR REPLACE VIEW @extschema@.gai_cells AS
SELECT c.report_id, c.section, c.item, c.col, c.value, c.status, c.item_label, c.col_label
FROM @extschema@.gai_version_cells c
WHERE c.is_current;

COMMENT ON VIEW @extschema@.gai_cells IS 'Every cell of every stored report''s current version (like gai_parse), kept in step with gai_versions by construction; gai_version_cells shows any version, with the candidates of ambiguous cells.';
COMMENT ON COLUMN @extschema@.gai_cells.report_id IS 'gai_reports.id';
COMMENT ON COLUMN @extschema@.gai_cells.section IS 'active, requests or appeals';
COMMENT ON COLUMN @extschema@.gai_cells.item IS 'Row code; NULL for a row the template lacks';
COMMENT ON COLUMN @extschema@.gai_cells.col IS 'Column code';
COMMENT ON COLUMN @extschema@.gai_cells.value IS 'The number; NULL when blank, unreadable or ambiguous';
COMMENT ON COLUMN @extschema@.gai_cells.status IS 'ok, blank, unreadable or ambiguous';
COMMENT ON COLUMN @extschema@.gai_cells.item_label IS 'The template''s row label (for a row the template lacks, its own label)';
COMMENT ON COLUMN @extschema@.gai_cells.col_label IS 'The template''s column label';

CREATE VIEW @extschema@.gai_version_request_rows AS
SELECT r.report_id, r.id AS version_id, r.is_current, r.agency_key, r.agency, r.year, r.template, i.item,
       r.requests[i.pos][1] AS natural_person, r.requests[i.pos][2] AS commercial,
       r.requests[i.pos][3] AS research, r.requests[i.pos][4] AS social_org,
       r.requests[i.pos][5] AS legal_service, r.requests[i.pos][6] AS other_org,
       r.requests[i.pos][7] AS total
FROM @extschema@.gai_versions r
JOIN @extschema@.gai_request_items i
  ON (r.template = '2019' AND i.in_2019) OR (r.template = '2021' AND i.in_2021)
  -- a row printed in place of others (2021 （六）其他处理 as one row) only where printed
  OR (r.template = '2021' AND i.alt_2021
      AND pg_catalog.num_nonnulls(r.requests[i.pos][1], r.requests[i.pos][2], r.requests[i.pos][3],
                                  r.requests[i.pos][4], r.requests[i.pos][5], r.requests[i.pos][6],
                                  r.requests[i.pos][7]) > 0)
WHERE r.requests IS NOT NULL;

COMMENT ON VIEW @extschema@.gai_version_request_rows IS 'The requests table (三、收到和处理政府信息公开申请情况) of every stored version, current or not, one row per version and row item; gai_request_rows shows the current versions.';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.report_id IS 'gai_reports.id (gai_versions.report_id)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.version_id IS 'gai_versions.id';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.is_current IS 'The version is its report''s current one';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.agency_key IS 'Agency identity key';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.agency IS 'Agency name';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.template IS 'Template (2019 or 2021)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.item IS 'Row code (received, granted, denied.state_secret, ...)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.natural_person IS 'Natural persons (自然人)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.commercial IS 'Commercial enterprises (商业企业)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.research IS 'Research institutions (科研机构)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.social_org IS 'Public-interest organisations (社会公益组织)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.legal_service IS 'Legal service institutions (法律服务机构)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.other_org IS 'Other legal persons or organisations (其他)';
COMMENT ON COLUMN @extschema@.gai_version_request_rows.total IS 'Total column (总计) as printed';

CREATE OR REPLACE VIEW @extschema@.gai_request_rows AS
SELECT q.report_id, q.agency_key, q.agency, q.year, q.template, q.item,
       q.natural_person, q.commercial, q.research, q.social_org, q.legal_service, q.other_org, q.total
FROM @extschema@.gai_version_request_rows q
WHERE q.is_current;

COMMENT ON VIEW @extschema@.gai_request_rows IS 'The requests table (三、收到和处理政府信息公开申请情况) of every stored report''s current version, one row per report and row item, one column per applicant type.';
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

-- Where versions of one report disagree: each template cell to which two
-- versions give different numbers (blank counting as 0), one row per version
-- that gives it a number.  Either a re-publication changed the numbers, or
-- two different documents share an identity.
CREATE VIEW @extschema@.gai_disagreements AS
WITH multi AS (
  SELECT v.report_id FROM @extschema@.gai_versions v
  GROUP BY v.report_id HAVING pg_catalog.count(*) > 1
), given AS (
  SELECT r.report_id, r.report_key, r.id AS version_id, r.is_current, r.source, r.loaded_at, r.template,
         v.idx, COALESCE(v.value, 0::numeric) AS value,
         (ARRAY['ok', 'blank'])[pg_catalog.get_byte(r.cell_status, (v.idx - 1)::integer)] AS status
  FROM @extschema@.gai_versions r
  JOIN multi m ON m.report_id = r.report_id
  CROSS JOIN LATERAL pg_catalog.unnest(r.cells) WITH ORDINALITY AS v(value, idx)
  WHERE pg_catalog.get_byte(r.cell_status, (v.idx - 1)::integer) OPERATOR(pg_catalog.=) ANY (ARRAY[1, 2])
), differ AS (
  SELECT g.report_id, g.idx FROM given g
  GROUP BY g.report_id, g.idx HAVING pg_catalog.count(DISTINCT g.value) > 1
)
SELECT g.report_id, g.report_key, k.section, k.item, k.col, k.item_label, k.col_label,
       g.version_id, g.is_current, g.source, g.loaded_at, g.value, g.status
FROM given g
JOIN differ d ON d.report_id = g.report_id AND d.idx = g.idx
JOIN @extschema@.gai_cell_codes k ON k.template = g.template AND k.idx = g.idx;

COMMENT ON VIEW @extschema@.gai_disagreements IS 'Cells on which versions of one report disagree (two versions give different numbers; blank counts as 0), one row per version giving the cell a number: a re-publication that changed numbers, or two different documents with one identity.';
COMMENT ON COLUMN @extschema@.gai_disagreements.report_id IS 'gai_reports.id';
COMMENT ON COLUMN @extschema@.gai_disagreements.report_key IS 'Identity of the report (agency_key/year/template)';
COMMENT ON COLUMN @extschema@.gai_disagreements.section IS 'active, requests or appeals';
COMMENT ON COLUMN @extschema@.gai_disagreements.item IS 'Row code';
COMMENT ON COLUMN @extschema@.gai_disagreements.col IS 'Column code';
COMMENT ON COLUMN @extschema@.gai_disagreements.item_label IS 'The template''s row label';
COMMENT ON COLUMN @extschema@.gai_disagreements.col_label IS 'The template''s column label';
COMMENT ON COLUMN @extschema@.gai_disagreements.version_id IS 'gai_versions.id of the version giving this value';
COMMENT ON COLUMN @extschema@.gai_disagreements.is_current IS 'That version is the report''s current one';
COMMENT ON COLUMN @extschema@.gai_disagreements.source IS 'Where that version came from';
COMMENT ON COLUMN @extschema@.gai_disagreements.loaded_at IS 'When that version was stored';
COMMENT ON COLUMN @extschema@.gai_disagreements.value IS 'The number that version gives (blank as 0)';
COMMENT ON COLUMN @extschema@.gai_disagreements.status IS 'ok or blank';

-- ---------------------------------------------------------------- loading, pinning, re-reading
CREATE FUNCTION @extschema@.gai_load(source text, body text,
    OUT outcome text, OUT version_id bigint, OUT report_id bigint, OUT report_key text,
    OUT is_valid boolean, OUT note text)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_gai_load'
  LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.gai_load(text, text) IS
  'Stores one text and says what happened: outcome new_report (the first text of its report), new_current (a further version, now current), new_not_current (a further version, kept; the current one is preferred) or stored (this text is stored already: nothing written), with the version, the report, whether the text is a valid report and a sentence saying why. What gaireport load calls.';

CREATE FUNCTION @extschema@.gai_pin(version_id bigint)
  RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_gai_pin'
  LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION @extschema@.gai_pin(bigint) IS
  'Makes a version its report''s current one whatever the rule says (until gai_unpin); returns the report id.';

CREATE FUNCTION @extschema@.gai_unpin(report_id bigint)
  RETURNS bigint
  AS 'MODULE_PATHNAME', 'pg_gai_unpin'
  LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION @extschema@.gai_unpin(bigint) IS
  'Removes a report''s pin: the rule chooses its current version again; returns that version''s id.';

CREATE FUNCTION @extschema@.gai_reparse(every boolean DEFAULT false, batch_size integer DEFAULT 1000,
    max_versions bigint DEFAULT NULL, read_before timestamptz DEFAULT NULL,
    OUT versions_read bigint, OUT readings_changed bigint, OUT moved bigint,
    OUT current_changed bigint, OUT remaining bigint)
  RETURNS record
  AS 'MODULE_PATHNAME', 'pg_gai_reparse'
  LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.gai_reparse(boolean, integer, bigint, timestamptz) IS
  'Reads again, in id order, every version read by another parser than gai_parser() (every => true: every version read before read_before, default the start of the transaction), batch_size at a time with a NOTICE after each batch, at most max_versions of them; each version''s report and current version are chosen again as it is read. Cancellable (nothing is kept of a cancelled call). Returns the versions read, those whose reading changed, those that moved to another report (their identity changed), how often a report''s current version changed, and how many versions are left to read. Then SELECT gai_refresh().';
-- END store views

-- ---------------------------------------------------------------- aggregate views
-- They read the current versions (gai_reports): the fixed-shape count arrays
-- requests / appeals and the active cells at the head of cells, so a refresh
-- does not unnest every cell.  Blanks count as 0; unreadable cells are left
-- out (see gai_quality_yearly).  Reports without a year or a template are
-- left out.  The SQL is generated here from the template data
-- (gai_request_items, gai_cell_codes), so no position is written by hand.

DO $gen$
DECLARE
  -- requests[pos][7] summed over the rows of a category, NULLs as 0
  cat text;
  expr jsonb := '{}';
  measures text;
  received_cols text;
  active19 int;
  active21 int;
  app text := '';
  rowname text[] := ARRAY['review', 'litigation_direct', 'litigation_after_review'];
  colname text[] := ARRAY['upheld', 'corrected', 'other', 'pending', 'total'];
  reqcol text[] := ARRAY['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'];
  carry text := '';
  pin int;
  pout int;
BEGIN
  FOR cat IN SELECT DISTINCT category FROM @extschema@.gai_request_items LOOP
    expr := expr || pg_catalog.jsonb_build_object(cat,
      (SELECT pg_catalog.string_agg(pg_catalog.format('coalesce(requests[%s][7], 0)', pos), ' + ' ORDER BY pos)
       FROM @extschema@.gai_request_items WHERE category = cat));
  END LOOP;
  -- (the sums are numeric: NULLIF compares with a numeric 0, an exact match)
  measures := pg_catalog.format($m$
       pg_catalog.count(*)::integer AS reports,
       pg_catalog.sum(%s) AS received,
       pg_catalog.sum(%s) AS carried_in,
       pg_catalog.sum(%s) AS granted,
       pg_catalog.sum(%s) AS partial,
       pg_catalog.sum(%s) AS denied,
       pg_catalog.sum(%s) AS unavailable,
       pg_catalog.sum(%s) AS rejected,
       pg_catalog.sum(%s) AS other,
       pg_catalog.sum(%s) AS total,
       pg_catalog.sum(%s) AS carried_over,
       pg_catalog.round(pg_catalog.sum(%s + %s) / NULLIF(pg_catalog.sum(%s), 0::numeric), 4) AS disclosure_rate$m$,
    expr OPERATOR(pg_catalog.->>) 'received', expr OPERATOR(pg_catalog.->>) 'carried_in',
    expr OPERATOR(pg_catalog.->>) 'granted', expr OPERATOR(pg_catalog.->>) 'partial',
    expr OPERATOR(pg_catalog.->>) 'denied', expr OPERATOR(pg_catalog.->>) 'unavailable',
    expr OPERATOR(pg_catalog.->>) 'rejected', expr OPERATOR(pg_catalog.->>) 'other',
    expr OPERATOR(pg_catalog.->>) 'total', expr OPERATOR(pg_catalog.->>) 'carried_over',
    expr OPERATOR(pg_catalog.->>) 'granted', expr OPERATOR(pg_catalog.->>) 'partial',
    expr OPERATOR(pg_catalog.->>) 'total');
  SELECT pg_catalog.string_agg(pg_catalog.format('pg_catalog.sum(coalesce(requests[%s][%s], 0)) AS received_%s',
                                                 i.pos, c.n, c.name), E',\n       ' ORDER BY c.n)
    INTO received_cols
    FROM @extschema@.gai_request_items i,
         pg_catalog.unnest(reqcol[1:6]) WITH ORDINALITY AS c(name, n)
   WHERE i.item = 'received';

  EXECUTE pg_catalog.format($v$
    CREATE MATERIALIZED VIEW @extschema@.gai_requests_yearly AS
    SELECT year, template, %s,
       %s
    FROM @extschema@.gai_reports
    WHERE requests IS NOT NULL AND year IS NOT NULL
    GROUP BY year, template$v$, measures, received_cols);
  EXECUTE pg_catalog.format($v$
    CREATE MATERIALIZED VIEW @extschema@.gai_requests_by_agency AS
    SELECT agency_key, pg_catalog.max(agency) AS agency, year, template, %s,
       %s
    FROM @extschema@.gai_reports
    WHERE requests IS NOT NULL AND year IS NOT NULL AND agency_key IS NOT NULL
    GROUP BY agency_key, year, template$v$, measures, received_cols);

  -- appeals: 15 sums
  FOR r IN 1..3 LOOP
    FOR c IN 1..5 LOOP
      app := app || pg_catalog.format(', pg_catalog.sum(coalesce(appeals[%s][%s], 0)) AS %I',
                                      r, c, rowname[r] || '_' || colname[c]);
    END LOOP;
  END LOOP;
  EXECUTE pg_catalog.format($v$
    CREATE MATERIALIZED VIEW @extschema@.gai_appeals_yearly AS
    SELECT s.*,
      pg_catalog.round(review_corrected
                       / NULLIF(review_upheld + review_corrected + review_other, 0::numeric), 4) AS review_correction_rate,
      pg_catalog.round((litigation_direct_corrected + litigation_after_review_corrected)
            / NULLIF(litigation_direct_upheld + litigation_direct_corrected + litigation_direct_other
                     + litigation_after_review_upheld + litigation_after_review_corrected
                     + litigation_after_review_other, 0::numeric), 4) AS litigation_correction_rate
    FROM (SELECT year, pg_catalog.count(*)::integer AS reports%s
          FROM @extschema@.gai_reports
          WHERE appeals IS NOT NULL AND year IS NOT NULL
          GROUP BY year) s$v$, app);

  -- active cells come first in template order
  SELECT pg_catalog.max(idx) INTO active19 FROM @extschema@.gai_cell_codes WHERE template = '2019' AND section = 'active';
  SELECT pg_catalog.max(idx) INTO active21 FROM @extschema@.gai_cell_codes WHERE template = '2021' AND section = 'active';
  EXECUTE pg_catalog.format($v$
    CREATE MATERIALIZED VIEW @extschema@.gai_active_yearly AS
    SELECT a.year, a.template, k.item, k.col, k.item_label, k.col_label, k.unit,
           a.reports, a.value
    FROM (SELECT r.year, r.template, v.idx, pg_catalog.count(*)::integer AS reports,
                 coalesce(pg_catalog.sum(v.value), 0) AS value
          FROM @extschema@.gai_reports r
          CROSS JOIN LATERAL pg_catalog.unnest(CASE WHEN r.template OPERATOR(pg_catalog.=) '2019' THEN r.cells[1:%s] ELSE r.cells[1:%s] END)
               WITH ORDINALITY AS v(value, idx)
          WHERE r.year IS NOT NULL AND r.template IS NOT NULL
          GROUP BY r.year, r.template, v.idx) a
    JOIN @extschema@.gai_cell_codes k ON k.template = a.template AND k.idx = a.idx$v$, active19, active21);

  -- cross_year.carry: year N carried_in = the same agency's year N-1 carried_over, per column
  SELECT pos INTO pin FROM @extschema@.gai_request_items WHERE item = 'carried_in';
  SELECT pos INTO pout FROM @extschema@.gai_request_items WHERE item = 'carried_over';
  FOR c IN 1..7 LOOP
    carry := carry || pg_catalog.format('%s(cur.requests[%s][%s] IS DISTINCT FROM prev.requests[%s][%s])::int',
                                        CASE WHEN c > 1 THEN ' + ' ELSE '' END, pin, c, pout, c);
  END LOOP;
  EXECUTE pg_catalog.format($v$
    CREATE MATERIALIZED VIEW @extschema@.gai_quality_yearly AS
    WITH v AS (
      SELECT r.year, x OPERATOR(pg_catalog.->>) 'rule' AS rule, pg_catalog.count(*) AS n
      FROM @extschema@.gai_reports r CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(r.violations) x
      WHERE r.year IS NOT NULL AND r.violations <> '[]'
      GROUP BY 1, 2
    ), carry AS (
      SELECT cur.year, pg_catalog.sum(%s) AS broken, pg_catalog.count(*) AS pairs
      FROM @extschema@.gai_reports cur
      JOIN @extschema@.gai_reports prev
        ON prev.agency_key = cur.agency_key AND prev.year = cur.year - 1
      WHERE cur.requests IS NOT NULL AND prev.requests IS NOT NULL
      GROUP BY cur.year
    ), r AS (
      SELECT year, pg_catalog.count(*)::integer AS reports,
             pg_catalog.count(*) FILTER (WHERE is_valid)::integer AS valid,
             pg_catalog.count(*) FILTER (WHERE NOT is_valid)::integer AS invalid,
             coalesce(pg_catalog.sum(unreadable_count), 0)::integer AS unreadable_cells,
             coalesce(pg_catalog.sum(blank_count), 0)::integer AS blank_cells
      FROM @extschema@.gai_reports WHERE year IS NOT NULL GROUP BY year
    )
    SELECT r.*,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'requests.balance'), 0)::integer AS requests_balance,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'requests.row_total'), 0)::integer AS requests_row_total,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'requests.outcome_total'), 0)::integer AS requests_outcome_total,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'appeals.row_total'), 0)::integer AS appeals_row_total,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'nonnegative'), 0)::integer AS nonnegative,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'active.published'), 0)::integer AS active_published,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'procurement.parts'), 0)::integer AS procurement_parts,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule OPERATOR(pg_catalog.=) ANY (ARRAY['table.missing', 'table.unreadable'])), 0)::integer AS tables_missing_or_unreadable,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule OPERATOR(pg_catalog.=) ANY (ARRAY['cell.missing', 'cell.unreadable'])), 0)::integer AS cells_missing_or_unreadable,
      coalesce((SELECT broken FROM carry WHERE carry.year = r.year), 0)::integer AS cross_year_carry,
      coalesce((SELECT pairs FROM carry WHERE carry.year = r.year), 0)::integer AS cross_year_pairs,
      coalesce((SELECT pg_catalog.sum(n) FROM v WHERE v.year = r.year AND v.rule = 'cell.ambiguous'), 0)::integer AS ambiguous_cells
    FROM r$v$, carry);
END
$gen$;

CREATE MATERIALIZED VIEW @extschema@.gai_denial_reasons AS
WITH handled AS (
  SELECT year, pg_catalog.sum(total) AS handled FROM @extschema@.gai_request_rows
  WHERE item = 'total' AND year IS NOT NULL GROUP BY year
)
SELECT q.year, q.item AS reason, i.category, i.item_label AS reason_label,
       coalesce(pg_catalog.sum(q.total), 0) AS requests,
       pg_catalog.round(coalesce(pg_catalog.sum(q.total), 0) / NULLIF(h.handled, 0::numeric), 4) AS share
FROM @extschema@.gai_request_rows q
JOIN @extschema@.gai_request_items i ON i.item = q.item
JOIN handled h ON h.year = q.year
WHERE i.category OPERATOR(pg_catalog.=) ANY (ARRAY['denied', 'unavailable', 'rejected', 'other'])
GROUP BY q.year, q.item, i.category, i.item_label, h.handled;

CREATE UNIQUE INDEX gai_requests_yearly_key ON @extschema@.gai_requests_yearly (year, template);
CREATE UNIQUE INDEX gai_requests_by_agency_key ON @extschema@.gai_requests_by_agency (agency_key, year, template);
CREATE UNIQUE INDEX gai_appeals_yearly_key ON @extschema@.gai_appeals_yearly (year);
CREATE UNIQUE INDEX gai_active_yearly_key ON @extschema@.gai_active_yearly (year, template, item, col);
CREATE UNIQUE INDEX gai_quality_yearly_key ON @extschema@.gai_quality_yearly (year);
CREATE UNIQUE INDEX gai_denial_reasons_key ON @extschema@.gai_denial_reasons (year, reason);

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
COMMENT ON MATERIALIZED VIEW @extschema@.gai_denial_reasons IS 'Why requests were not (fully) granted, per year and reason: requests and their share of all requests handled that year.';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.reason IS 'Row code: denied.*, unavailable.*, rejected.*, other (2019) or other.* (2021)';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.category IS 'denied (不予公开), unavailable (无法提供), rejected (不予处理) or other (其他处理)';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.reason_label IS 'The template''s label of the reason';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.requests IS 'Requests with this outcome (total column)';
COMMENT ON COLUMN @extschema@.gai_denial_reasons.share IS 'requests / all requests handled that year ((七)总计), 4 decimals';
COMMENT ON MATERIALIZED VIEW @extschema@.gai_appeals_yearly IS 'Administrative reconsideration (行政复议) and litigation (行政诉讼) over disclosure, per year: the 15 cells summed and correction rates.';
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT DISTINCT item, item_label, col, col_label FROM @extschema@.gai_cell_codes WHERE section = 'appeals' LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.gai_appeals_yearly.%I IS %L',
      c.item || '_' || c.col, c.item_label || ' / ' || c.col_label || ' (' || c.item || ', ' || c.col || ')');
  END LOOP;
END
$$;
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.year IS 'Reporting year';
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.reports IS 'Reports summed';
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.review_correction_rate IS 'review_corrected / (upheld + corrected + other), decided cases only, 4 decimals';
COMMENT ON COLUMN @extschema@.gai_appeals_yearly.litigation_correction_rate IS 'Corrected / (upheld + corrected + other) over both kinds of litigation, 4 decimals';
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
COMMENT ON COLUMN @extschema@.gai_quality_yearly.ambiguous_cells IS 'Cells whose printed digits the rules split more than one way (status ambiguous: glued text, plain pdftotext)';

CREATE FUNCTION @extschema@.gai_refresh()
  RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v text;
BEGIN
  FOREACH v IN ARRAY ARRAY['gai_requests_yearly', 'gai_requests_by_agency',
                           'gai_denial_reasons', 'gai_appeals_yearly', 'gai_active_yearly',
                           'gai_quality_yearly'] LOOP
    IF (SELECT ispopulated FROM pg_catalog.pg_matviews WHERE schemaname = '@extschema@' AND matviewname = v) THEN
      EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I.%I', '@extschema@', v);
    ELSE
      EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW %I.%I', '@extschema@', v);
    END IF;
  END LOOP;
END
$$;

COMMENT ON FUNCTION @extschema@.gai_refresh() IS 'Refreshes every gaireport aggregate view from the current versions (concurrently once populated, so readers are never blocked). Run it after loading, after gai_reparse(), and after a restore (pg_restore leaves the views empty).';

-- ---------------------------------------------------------------- captions
-- One Chinese caption and the English comment of every column of every view
-- of gaireport, in one table that BI tools and `gaireport export` read.  The
-- English text is the column's comment (COMMENT ON COLUMN above), copied
-- here; the captions are given once per column name (the same name means the
-- same thing in every view), with a few names captioned per view, and the
-- appeals columns are made from the template's labels.  A view column
-- without a caption makes this script fail (caption_zh is NOT NULL).
CREATE TABLE @extschema@.gai_captions (
  view_name    text    NOT NULL,
  column_name  text    NOT NULL,
  position     integer NOT NULL,
  caption_zh   text    NOT NULL,
  comment_en   text    NOT NULL,
  PRIMARY KEY (view_name, column_name)
);
COMMENT ON TABLE @extschema@.gai_captions IS 'A Chinese caption and the English description (the column''s comment) of every column of every gaireport view: what BI tools and gaireport export show as column headers and notes.';
COMMENT ON COLUMN @extschema@.gai_captions.view_name IS 'The view (or materialized view) of gaireport';
COMMENT ON COLUMN @extschema@.gai_captions.column_name IS 'The column, as named in the view';
COMMENT ON COLUMN @extschema@.gai_captions.position IS 'The column''s position in the view (1 = first)';
COMMENT ON COLUMN @extschema@.gai_captions.caption_zh IS 'Chinese caption (中文列名)';
COMMENT ON COLUMN @extschema@.gai_captions.comment_en IS 'English description: the column''s comment';

WITH by_name AS (SELECT * FROM (VALUES
  ('year', '年度'), ('template', '模板'), ('reports', '报告数'),
  ('received', '本年新收申请'), ('carried_in', '上年结转申请'),
  ('granted', '予以公开'), ('partial', '部分公开'), ('denied', '不予公开'),
  ('unavailable', '无法提供'), ('rejected', '不予处理'), ('other', '其他处理'),
  ('carried_over', '结转下年度继续办理'), ('disclosure_rate', '公开率'),
  ('received_natural_person', '新收申请：自然人'), ('received_commercial', '新收申请：商业企业'),
  ('received_research', '新收申请：科研机构'), ('received_social_org', '新收申请：社会公益组织'),
  ('received_legal_service', '新收申请：法律服务机构'), ('received_other_org', '新收申请：其他'),
  ('natural_person', '自然人'), ('commercial', '商业企业'), ('research', '科研机构'),
  ('social_org', '社会公益组织'), ('legal_service', '法律服务机构'), ('other_org', '其他法人或其他组织'),
  ('agency_key', '机关标识'), ('agency', '机关名称'),
  ('id', '报告编号'), ('report_id', '报告编号'), ('version_id', '版本编号'), ('is_current', '当前版本'),
  ('section', '部分'), ('item', '行代码'), ('col', '列代码'), ('value', '数值'), ('status', '单元格状态'),
  ('item_label', '行名称'), ('col_label', '列名称'), ('candidates', '候选数值'), ('unit', '单位'),
  ('source', '来源'), ('body', '正文'), ('report_key', '报告标识'), ('title', '标题'),
  ('report_date', '落款日期'), ('period_start', '统计期起'), ('period_end', '统计期止'),
  ('layout', '表格形式'), ('cell_count', '单元格数'), ('blank_count', '空白单元格数'),
  ('unreadable_count', '无法识别单元格数'), ('error_count', '错误数'), ('is_valid', '有效'),
  ('violations', '校验问题'), ('warnings', '解析提示'), ('cells', '单元格数值'),
  ('cell_status', '单元格状态码'), ('extra_cells', '模板外单元格'), ('requests', '申请情况表'),
  ('appeals', '复议诉讼表'), ('parsed_at', '解析时间'), ('loaded_at', '入库时间'),
  ('reason', '原因代码'), ('category', '类别'), ('reason_label', '原因'), ('share', '占办理总数比例'),
  ('review_correction_rate', '行政复议纠错率'), ('litigation_correction_rate', '行政诉讼纠错率'),
  ('valid', '有效报告数'), ('invalid', '无效报告数'),
  ('unreadable_cells', '无法识别单元格数'), ('blank_cells', '空白单元格数'),
  ('requests_balance', '违反：申请收支平衡'), ('requests_row_total', '违反：申请行合计'),
  ('requests_outcome_total', '违反：办理结果合计'), ('appeals_row_total', '违反：复议诉讼行合计'),
  ('nonnegative', '违反：非负'), ('active_published', '提示：主动公开总数'),
  ('procurement_parts', '提示：政府采购分项'), ('tables_missing_or_unreadable', '表格缺失或无法识别'),
  ('cells_missing_or_unreadable', '单元格缺失或无法识别'), ('cross_year_carry', '提示：跨年结转不符'),
  ('cross_year_pairs', '跨年核对对数'), ('ambiguous_cells', '多解单元格数')
  ) AS t (column_name, caption_zh)
), by_view AS (SELECT * FROM (VALUES
  ('gai_requests_yearly', 'total', '办理总数（总计）'),
  ('gai_requests_by_agency', 'total', '办理总数（总计）'),
  ('gai_request_rows', 'total', '总计'),
  ('gai_version_request_rows', 'total', '总计'),
  ('gai_denial_reasons', 'requests', '申请数'),
  ('gai_active_yearly', 'value', '合计数值'),
  ('gai_active_yearly', 'reports', '报告数'),
  ('gai_disagreements', 'value', '该版本数值'),
  ('gai_disagreements', 'status', '该版本单元格状态'),
  ('gai_quality_yearly', 'reports', '报告数'),
  ('gai_requests_yearly', 'reports', '报告数'),
  ('gai_requests_by_agency', 'agency', '机关名称')
  ) AS t (view_name, column_name, caption_zh)
), by_appeals AS (
  SELECT DISTINCT k.item OPERATOR(pg_catalog.||) '_' OPERATOR(pg_catalog.||) k.col AS column_name,
         k.item_label OPERATOR(pg_catalog.||) '：' OPERATOR(pg_catalog.||) k.col_label AS caption_zh
  FROM @extschema@.gai_cell_codes k WHERE k.section OPERATOR(pg_catalog.=) 'appeals'
), cols AS (
  SELECT c.relname::text AS view_name, a.attname::text AS column_name, a.attnum::integer AS position,
         pg_catalog.col_description(c.oid, a.attnum) AS comment_en
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid
  WHERE n.nspname OPERATOR(pg_catalog.=) '@extschema@'
    AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['v', 'm']::"char"[])
    AND c.relname::text OPERATOR(pg_catalog.~~) 'gai\_%'
    AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
)
INSERT INTO @extschema@.gai_captions (view_name, column_name, position, caption_zh, comment_en)
SELECT cols.view_name, cols.column_name, cols.position,
       coalesce(v.caption_zh, p.caption_zh, n.caption_zh), cols.comment_en
FROM cols
LEFT JOIN by_view v ON v.view_name OPERATOR(pg_catalog.=) cols.view_name AND v.column_name OPERATOR(pg_catalog.=) cols.column_name
LEFT JOIN by_appeals p ON cols.view_name OPERATOR(pg_catalog.=) 'gai_appeals_yearly' AND p.column_name OPERATOR(pg_catalog.=) cols.column_name
LEFT JOIN by_name n ON n.column_name OPERATOR(pg_catalog.=) cols.column_name
ORDER BY 1, 3;
