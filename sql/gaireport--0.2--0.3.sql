-- gaireport 0.2 -> 0.3.
--
-- 1. The store keeps every text.  The table gai_reports (one row per report,
--    a changed text replacing the stored one) becomes gai_versions, one row
--    per distinct text, each a version of its report with its own reading;
--    gai_reports becomes a view of each report's current version, with the
--    same columns.  Every stored row is carried over as it is: the first
--    version of its report (report_id = its id), current, its hash computed,
--    read by parser "0.2" (so gai_reparse() reads it again with this parser).
--    What a site added to the table stays with it (triggers, indexes, grants);
--    its grants are given on the view gai_reports as well.  Objects of the
--    site that depend on the table (views) would read every version after the
--    update: the update refuses and names them instead.
-- 2. No object another role can create can be called by the extension.  The
--    scripts of 0.1 and 0.2 called format, jsonb_build_object, unnest, sum,
--    count, round, max ... without a schema, so a role allowed to create
--    functions in the extension's schema (public, often) could plant
--    better-matching overloads: they ran as the superuser during CREATE
--    EXTENSION, and a materialized view stayed bound to a planted
--    unnest(numeric[]) that ran on every refresh.  This update creates again,
--    with every function and operator schema-qualified, everything whose
--    definition called one: the views, gai_refresh() and the six
--    materialized views.
-- 3. The 2021 template's （六）其他处理 printed as one row; gai_report and
--    gai_parse gain the columns of 0.3.
\echo Use "ALTER EXTENSION gaireport UPDATE TO '0.3'" to load this file. \quit

-- Names are schema-qualified below, and the search path is pinned until the
-- end of this script as well.
SET LOCAL search_path = pg_catalog, pg_temp;

-- ---------------------------------------------------------------- the store: every text kept
-- Objects of the site's that read the table gai_reports would read every
-- version once it is gai_versions: refuse, naming them.
DO $deps$
DECLARE
  deps text;
BEGIN
  SELECT pg_catalog.string_agg(DISTINCT pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, w.ev_class, 0), ', ')
    INTO deps
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_rewrite w ON w.oid OPERATOR(pg_catalog.=) d.objid
  WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
    AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.refobjid OPERATOR(pg_catalog.=) '@extschema@.gai_reports'::pg_catalog.regclass
    AND w.ev_class OPERATOR(pg_catalog.<>) '@extschema@.gai_reports'::pg_catalog.regclass
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                    WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                      AND e.objid OPERATOR(pg_catalog.=) w.ev_class
                      AND e.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                      AND e.deptype OPERATOR(pg_catalog.=) 'e');
  IF deps IS NOT NULL THEN
    RAISE EXCEPTION 'gaireport 0.3 keeps every text in gai_versions and makes gai_reports a view of the current versions, and objects read the table gai_reports: %', deps
      USING ERRCODE = 'dependent_objects_still_exist',
            HINT = 'Drop them, run ALTER EXTENSION gaireport UPDATE again, then create them again on the view gai_reports (current versions) or the table gai_versions (every version).';
  END IF;
END
$deps$;

DROP TRIGGER gai_reports_parse ON @extschema@.gai_reports;
-- (new names are given as format() arguments: RENAME TO takes a bare name)
DO $rename$
BEGIN
  EXECUTE pg_catalog.format('ALTER TABLE %s RENAME TO %I', '@extschema@.gai_reports', 'gai_versions');
  EXECUTE pg_catalog.format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', '@extschema@.gai_versions',
                            'gai_reports_pkey', 'gai_versions_pkey');
END
$rename$;
ALTER TABLE @extschema@.gai_versions DROP CONSTRAINT gai_reports_report_key;
DROP INDEX @extschema@.gai_reports_year;
DROP INDEX @extschema@.gai_reports_agency;
ALTER TABLE @extschema@.gai_versions
  ADD COLUMN report_id bigint,
  ADD COLUMN hash bytea,
  ADD COLUMN parser text,
  ADD COLUMN is_current boolean,
  ADD COLUMN pinned boolean NOT NULL DEFAULT false,
  ADD COLUMN missing_count integer,
  ADD COLUMN ambiguous_count integer,
  ADD COLUMN candidates jsonb,
  ADD COLUMN published date;
-- each stored row: the first and current version of its report, read by 0.2
-- (whose cell arrays held every cell of the 0.2 template: missing = the
-- template's cells not present)
UPDATE @extschema@.gai_versions v SET
  report_id = v.id,
  hash = pg_catalog.sha256(pg_catalog.convert_to(v.body, 'UTF8')),
  parser = '0.2',
  is_current = true,
  missing_count = COALESCE((SELECT pg_catalog.count(*)::integer FROM @extschema@.gai_cell_codes k
                            WHERE k.template OPERATOR(pg_catalog.=) v.template), v.cell_count) OPERATOR(pg_catalog.-) v.cell_count,
  ambiguous_count = 0;
ALTER TABLE @extschema@.gai_versions
  ALTER COLUMN report_id SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL,
  ALTER COLUMN parser SET NOT NULL,
  ALTER COLUMN is_current SET NOT NULL,
  ALTER COLUMN missing_count SET NOT NULL,
  ALTER COLUMN ambiguous_count SET NOT NULL,
  ADD CONSTRAINT gai_versions_hash UNIQUE (hash);
-- as a fresh install has it (see gaireport--0.3.sql): a version stays in its row
ALTER TABLE @extschema@.gai_versions SET (toast_tuple_target = 4080);

CREATE FUNCTION @extschema@.gai_parser()
  RETURNS text
  AS 'MODULE_PATHNAME', 'pg_gai_parser'
  LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.gai_parser() IS
  'The parser version of the loaded module, as stored in gai_versions.parser: the extension version and a build id of the parser''s sources (e.g. 0.3+1a2b3c4d5e6f).';
COMMENT ON FUNCTION @extschema@.gai_store_trigger() IS
  'The triggers of gai_versions: BEFORE INSERT OR UPDATE reads body once (its reading, hash and parser version), files the text under its report and chooses the current version; AFTER UPDATE OR DELETE chooses again when a current version stops being one. A row that arrives already read (parser set, as pg_restore writes it) is stored as it is.';

-- ---------------------------------------------------------------- template cells
-- The 2021 template gains the cells of （六）其他处理 printed as one row (item
-- other, the spec's variant), after all others: the indexes of every cell
-- stored so far keep their meaning.  gai_cell_codes says which rows are such
-- another printing (alternative); the requests rows follow.
DROP FUNCTION @extschema@.gai_codes();
CREATE FUNCTION @extschema@.gai_codes(
    OUT template text, OUT idx integer, OUT section text, OUT item text, OUT col text,
    OUT item_label text, OUT col_label text, OUT unit text, OUT alternative boolean)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'pg_gai_codes'
  LANGUAGE C IMMUTABLE PARALLEL SAFE
  ROWS 405;
COMMENT ON FUNCTION @extschema@.gai_codes() IS
  'Every cell of both templates: template, idx (position in gai_reports.cells), codes, labels, unit (count, signed, yuan, wan_yuan) and whether the row is another printing of other rows (alternative: 2021 （六）其他处理 as one row, absent unless printed).';
ALTER TABLE @extschema@.gai_cell_codes ADD COLUMN alternative boolean NOT NULL DEFAULT false;
ALTER TABLE @extschema@.gai_cell_codes ALTER COLUMN alternative DROP DEFAULT;
DELETE FROM @extschema@.gai_cell_codes;
INSERT INTO @extschema@.gai_cell_codes SELECT * FROM @extschema@.gai_codes();
ANALYZE @extschema@.gai_cell_codes;

ALTER TABLE @extschema@.gai_request_items ADD COLUMN alt_2021 boolean NOT NULL DEFAULT false;
ALTER TABLE @extschema@.gai_request_items ALTER COLUMN alt_2021 DROP DEFAULT;
UPDATE @extschema@.gai_request_items f SET
  in_2019 = EXISTS (SELECT 1 FROM @extschema@.gai_cell_codes k WHERE k.template = '2019' AND k.item OPERATOR(pg_catalog.=) f.item AND k.section = 'requests' AND NOT k.alternative),
  in_2021 = EXISTS (SELECT 1 FROM @extschema@.gai_cell_codes k WHERE k.template = '2021' AND k.item OPERATOR(pg_catalog.=) f.item AND k.section = 'requests' AND NOT k.alternative),
  alt_2021 = EXISTS (SELECT 1 FROM @extschema@.gai_cell_codes k WHERE k.template = '2021' AND k.item OPERATOR(pg_catalog.=) f.item AND k.section = 'requests' AND k.alternative);

-- ---------------------------------------------------------------- the store's objects
-- From here to the END line: the same text as in gaireport--0.3.sql.
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

-- The grants the site gave on the table gai_reports (now gai_versions), on
-- the view gai_reports too; recorded as the site's (not the extension's
-- initial privileges), so pg_dump dumps them.
DO $grants$
DECLARE
  g record;
  who text;
BEGIN
  FOR g IN
    SELECT a.grantee, a.privilege_type, a.is_grantable, NULL::name AS col
    FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
    WHERE c.oid OPERATOR(pg_catalog.=) '@extschema@.gai_versions'::pg_catalog.regclass
      AND a.grantee OPERATOR(pg_catalog.<>) c.relowner
    UNION ALL
    SELECT a.grantee, a.privilege_type, a.is_grantable, t.attname
    FROM pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a
    WHERE t.attrelid OPERATOR(pg_catalog.=) '@extschema@.gai_versions'::pg_catalog.regclass
      AND t.attacl IS NOT NULL
      AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute v
                  WHERE v.attrelid OPERATOR(pg_catalog.=) '@extschema@.gai_reports'::pg_catalog.regclass
                    AND v.attname OPERATOR(pg_catalog.=) t.attname)
  LOOP
    who := CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END;
    EXECUTE pg_catalog.format('GRANT %s%s ON %s TO %s%s', g.privilege_type,
                              CASE WHEN g.col IS NULL THEN '' ELSE pg_catalog.format(' (%I)', g.col) END,
                              '@extschema@.gai_reports', who,
                              CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
  DELETE FROM pg_catalog.pg_init_privs p
  WHERE p.objoid OPERATOR(pg_catalog.=) '@extschema@.gai_reports'::pg_catalog.regclass
    AND p.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass;
END
$grants$;

-- ---------------------------------------------------------------- gai_refresh()
-- Replaced in place (its comment and privileges stay).
CREATE OR REPLACE FUNCTION @extschema@.gai_refresh()
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

-- ---------------------------------------------------------------- materialized views
-- A materialized view's query cannot be replaced: the six are dropped and
-- created again, filled from gai_reports, with the same columns, unique
-- indexes and comments as a fresh install of 0.3.  What a site may have added
-- to them is kept: their owner, their privileges and column privileges (re-
-- granted by the owner), their storage parameters, and indexes of its own.
-- Views or other objects of the site's that depend on them would be dropped
-- with them: the update refuses and names them instead.

CREATE TEMP TABLE pg_temp.gai_upgrade_saved (
  name       text PRIMARY KEY,
  owner      oid NOT NULL,
  relacl     aclitem[],
  reloptions text[],
  attacls    text[][],        -- {column name, its aclitem[] as text}
  indexes    text[][],        -- {CREATE INDEX ..., its name, its comment}
  initprivs  text[][]         -- {objsubid, privtype, initprivs} of pg_init_privs
);

DO $save$
DECLARE
  mv text[] := ARRAY['gai_requests_yearly', 'gai_requests_by_agency', 'gai_denial_reasons',
                     'gai_appeals_yearly', 'gai_active_yearly', 'gai_quality_yearly'];
  oids oid[];
  deps text;
BEGIN
  SELECT pg_catalog.array_agg(c.oid) INTO oids
  FROM pg_catalog.pg_class c
  WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
    AND c.relname OPERATOR(pg_catalog.=) ANY (mv) AND c.relkind OPERATOR(pg_catalog.=) 'm';

  -- objects that depend on the views, other than their own rules and indexes
  -- (a view is named rather than its rule)
  SELECT pg_catalog.string_agg(DISTINCT
           CASE WHEN d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass,
                       (SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.oid OPERATOR(pg_catalog.=) d.objid), 0)
                ELSE pg_catalog.pg_describe_object(d.classid, d.objid, 0) END, ', ')
    INTO deps
  FROM pg_catalog.pg_depend d
  WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.refobjid OPERATOR(pg_catalog.=) ANY (oids)
    AND d.deptype OPERATOR(pg_catalog.=) ANY (ARRAY['n', 'a']::"char"[])
    AND NOT (d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
             AND (SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.oid OPERATOR(pg_catalog.=) d.objid)
                 OPERATOR(pg_catalog.=) ANY (oids))
    AND NOT (d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
             AND EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                         WHERE i.indexrelid OPERATOR(pg_catalog.=) d.objid
                           AND i.indrelid OPERATOR(pg_catalog.=) ANY (oids)));
  IF deps IS NOT NULL THEN
    RAISE EXCEPTION 'gaireport 0.3 creates its materialized views again, and objects depend on them: %', deps
      USING ERRCODE = 'dependent_objects_still_exist',
            HINT = 'Drop them, run ALTER EXTENSION gaireport UPDATE again, then create them again.';
  END IF;

  INSERT INTO pg_temp.gai_upgrade_saved
  SELECT c.relname, c.relowner, c.relacl, c.reloptions,
         (SELECT pg_catalog.array_agg(ARRAY[a.attname::pg_catalog.text, a.attacl::pg_catalog.text] ORDER BY a.attnum)
          FROM pg_catalog.pg_attribute a
          WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid AND a.attnum OPERATOR(pg_catalog.>) 0
            AND a.attacl IS NOT NULL),
         (SELECT pg_catalog.array_agg(ARRAY[pg_catalog.pg_get_indexdef(i.indexrelid),
                                            i.indexrelid::pg_catalog.regclass::pg_catalog.text,
                                            pg_catalog.obj_description(i.indexrelid, 'pg_class')]
                                      ORDER BY i.indexrelid)
          FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid OPERATOR(pg_catalog.=) i.indexrelid
          WHERE i.indrelid OPERATOR(pg_catalog.=) c.oid
            AND ic.relname OPERATOR(pg_catalog.<>) (c.relname::pg_catalog.text OPERATOR(pg_catalog.||) '_key')),
         (SELECT pg_catalog.array_agg(ARRAY[p.objsubid::pg_catalog.text, p.privtype::pg_catalog.text,
                                            p.initprivs::pg_catalog.text])
          FROM pg_catalog.pg_init_privs p
          WHERE p.objoid OPERATOR(pg_catalog.=) c.oid
            AND p.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass)
  FROM pg_catalog.pg_class c
  WHERE c.oid OPERATOR(pg_catalog.=) ANY (oids);
END
$save$;

DROP MATERIALIZED VIEW @extschema@.gai_requests_yearly;
DROP MATERIALIZED VIEW @extschema@.gai_requests_by_agency;
DROP MATERIALIZED VIEW @extschema@.gai_denial_reasons;
DROP MATERIALIZED VIEW @extschema@.gai_appeals_yearly;
DROP MATERIALIZED VIEW @extschema@.gai_active_yearly;
DROP MATERIALIZED VIEW @extschema@.gai_quality_yearly;

-- From here to the comments: the same text as in gaireport--0.3.sql.
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

-- What the site had added: owner, privileges, storage parameters, indexes.
DO $restore$
DECLARE
  s record;
  rel pg_catalog.regclass;
  q text;
  g record;
  i integer;
BEGIN
  FOR s IN SELECT * FROM pg_temp.gai_upgrade_saved LOOP
    rel := pg_catalog.format('%s.%I', '@extschema@', s.name)::pg_catalog.regclass;
    IF s.owner OPERATOR(pg_catalog.<>) (SELECT c.relowner FROM pg_catalog.pg_class c
                                        WHERE c.oid OPERATOR(pg_catalog.=) rel) THEN
      EXECUTE pg_catalog.format('ALTER MATERIALIZED VIEW %s OWNER TO %s', rel, s.owner::pg_catalog.regrole);
    END IF;
    -- table privileges: revoke what the new view has and the old one had not, grant the rest
    FOR g IN
      WITH now AS (
        SELECT a.grantee, a.privilege_type, a.is_grantable
        FROM pg_catalog.aclexplode(COALESCE((SELECT c.relacl FROM pg_catalog.pg_class c
                                             WHERE c.oid OPERATOR(pg_catalog.=) rel),
                                            pg_catalog.acldefault('r', s.owner))) a
      ), was AS (
        SELECT a.grantee, a.privilege_type, a.is_grantable
        FROM pg_catalog.aclexplode(COALESCE(s.relacl, pg_catalog.acldefault('r', s.owner))) a
      )
      SELECT 'REVOKE' AS verb, * FROM (SELECT * FROM now EXCEPT SELECT * FROM was) x
      UNION ALL
      SELECT 'GRANT', * FROM (SELECT * FROM was EXCEPT SELECT * FROM now) y
      ORDER BY 1 DESC
    LOOP
      q := CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END;   -- (regrole quotes)
      IF g.verb OPERATOR(pg_catalog.=) 'REVOKE' THEN
        EXECUTE pg_catalog.format('REVOKE %s ON %s FROM %s CASCADE', g.privilege_type, rel, q);
      ELSE
        EXECUTE pg_catalog.format('GRANT %s ON %s TO %s%s', g.privilege_type, rel, q,
                                  CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
      END IF;
    END LOOP;
    -- column privileges (a new view has none)
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(s.attacls, 1), 0) LOOP
      FOR g IN SELECT * FROM pg_catalog.aclexplode(s.attacls[i][2]::pg_catalog.aclitem[]) LOOP
        EXECUTE pg_catalog.format('GRANT %s (%I) ON %s TO %s%s', g.privilege_type, s.attacls[i][1], rel,
                                  CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                                       ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END,
                                  CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
      END LOOP;
    END LOOP;
    IF s.reloptions IS NOT NULL THEN
      EXECUTE pg_catalog.format('ALTER MATERIALIZED VIEW %s SET (%s)', rel,
                                pg_catalog.array_to_string(s.reloptions, ', '));
    END IF;
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(s.indexes, 1), 0) LOOP
      EXECUTE s.indexes[i][1];
      IF s.indexes[i][3] IS NOT NULL THEN
        EXECUTE pg_catalog.format('COMMENT ON INDEX %s IS %L', s.indexes[i][2], s.indexes[i][3]);
      END IF;
    END LOOP;
    -- GRANT in an extension script records the result as the view's initial
    -- privileges; put back the old view's, so pg_dump still dumps the site's grants
    DELETE FROM pg_catalog.pg_init_privs p
    WHERE p.objoid OPERATOR(pg_catalog.=) rel
      AND p.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass;
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(s.initprivs, 1), 0) LOOP
      INSERT INTO pg_catalog.pg_init_privs (objoid, classoid, objsubid, privtype, initprivs)
      VALUES (rel, 'pg_catalog.pg_class'::pg_catalog.regclass, s.initprivs[i][1]::pg_catalog.int4,
              s.initprivs[i][2]::"char", s.initprivs[i][3]::pg_catalog.aclitem[]);
    END LOOP;
  END LOOP;
END
$restore$;

DROP TABLE pg_temp.gai_upgrade_saved;

-- ---------------------------------------------------------------- the API of 0.3
-- gai_report gains the publication date of a saved web page and the count of
-- ambiguous cells; gai_parse the candidate values of an ambiguous cell.
ALTER TYPE @extschema@.gai_report ADD ATTRIBUTE published date, ADD ATTRIBUTE ambiguous_count integer;
COMMENT ON COLUMN @extschema@.gai_report.layout IS 'Shape of the exported tables: cells (one cell per line, also plain pdftotext), rows (one row per line, also pdftotext -layout and word boxes), mixed, html (a web page), pipes (| 规章 | 0 | rows) or glued (web text with the cells of a row run together: 规章018469).';
COMMENT ON COLUMN @extschema@.gai_report.cell_count IS 'Template cells present in the text (198 for a complete 2019 report, 200 for 2021, 186 for a 2021 report printing （六）其他处理 as one row).';
COMMENT ON COLUMN @extschema@.gai_report.published IS 'Publication date of a saved web page (a crawler''s 发布时间 header line); NULL when the text gives none.';
COMMENT ON COLUMN @extschema@.gai_report.ambiguous_count IS 'Cells whose digits are printed but not where one cell ends (glued text); their candidate values are in gai_parse.';

DROP FUNCTION @extschema@.gai_parse(text);
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
