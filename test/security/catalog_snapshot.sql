-- A text description of everything the gaireport extension owns in this
-- database, one fact a line, sorted: two databases where the extension was
-- installed by different paths (CREATE EXTENSION at the newest version, or an
-- older version then ALTER EXTENSION ... UPDATE) must print the same lines.
--   psql -X -q -At -f test/security/catalog_snapshot.sql DB
-- Names are printed schema-qualified (search_path is empty); object ids,
-- owners and the extension's version are left out.
\set ON_ERROR_STOP 1
SET search_path = '';
WITH ext AS (
  SELECT e.oid, e.extname, e.extnamespace, e.extrelocatable, e.extconfig, e.extcondition
  FROM pg_catalog.pg_extension e WHERE e.extname = 'gaireport'
), members AS (
  SELECT d.classid, d.objid, d.objsubid
  FROM pg_catalog.pg_depend d, ext
  WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
    AND d.refobjid = ext.oid AND d.deptype = 'e'
), rels AS (
  SELECT c.oid, c.relname, c.relkind
  FROM pg_catalog.pg_class c JOIN members m
    ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND m.objid = c.oid
), facts AS (
  SELECT 'extension ' || ext.extname || ' schema ' || ext.extnamespace::pg_catalog.regnamespace::pg_catalog.text
         || ' relocatable ' || ext.extrelocatable::pg_catalog.text
         || ' config ' || COALESCE(ext.extconfig::pg_catalog.regclass[]::pg_catalog.text, '-')
         || ' condition ' || COALESCE(ext.extcondition::pg_catalog.text, '-') AS line
  FROM ext
  UNION ALL
  SELECT 'member ' || pg_catalog.pg_describe_object(m.classid, m.objid, m.objsubid) FROM members m
  UNION ALL
  SELECT 'relation ' || r.oid::pg_catalog.regclass::pg_catalog.text || ' kind ' || r.relkind::pg_catalog.text
         || ' persistence ' || c.relpersistence::pg_catalog.text
         || ' options ' || COALESCE(c.reloptions::pg_catalog.text, '-')
         || ' acl ' || COALESCE(c.relacl::pg_catalog.text, '-')
         || ' populated ' || c.relispopulated::pg_catalog.text
         || ' comment ' || COALESCE(pg_catalog.obj_description(r.oid, 'pg_class'), '-')
  FROM rels r JOIN pg_catalog.pg_class c ON c.oid = r.oid
  UNION ALL
  SELECT 'column ' || r.oid::pg_catalog.regclass::pg_catalog.text || ' ' || pg_catalog.lpad(a.attnum::pg_catalog.text, 3, '0')
         || ' ' || pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || COALESCE(' default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '')
         || CASE WHEN a.attcompression <> '' THEN ' compression ' || a.attcompression::pg_catalog.text ELSE '' END
         || COALESCE(' collate ' || co.collname::pg_catalog.text, '')
         || ' acl ' || COALESCE(a.attacl::pg_catalog.text, '-')
         || ' comment ' || COALESCE(pg_catalog.col_description(r.oid, a.attnum::pg_catalog.int4), '-')
  FROM rels r
  JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100
  UNION ALL
  SELECT 'index ' || pg_catalog.pg_get_indexdef(i.indexrelid)
  FROM rels r JOIN pg_catalog.pg_index i ON i.indrelid = r.oid
  UNION ALL
  SELECT 'constraint ' || r.oid::pg_catalog.regclass::pg_catalog.text || ' ' || pg_catalog.quote_ident(k.conname)
         || ' ' || pg_catalog.pg_get_constraintdef(k.oid)
  FROM rels r JOIN pg_catalog.pg_constraint k ON k.conrelid = r.oid
  UNION ALL
  SELECT 'trigger ' || pg_catalog.pg_get_triggerdef(t.oid)
  FROM rels r JOIN pg_catalog.pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
  UNION ALL
  SELECT 'definition ' || r.oid::pg_catalog.regclass::pg_catalog.text || E'\n' || pg_catalog.pg_get_viewdef(r.oid, true)
  FROM rels r WHERE r.relkind IN ('v', 'm')
  UNION ALL
  SELECT 'sequence ' || r.oid::pg_catalog.regclass::pg_catalog.text || ' ' || pg_catalog.format_type(s.seqtypid, NULL)
         || ' ' || s.seqstart || ' ' || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcache
         || ' ' || s.seqcycle::pg_catalog.text
         || ' owned by ' || COALESCE((SELECT pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
                                                  FROM pg_catalog.pg_depend d
                                                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                                    AND d.objid = r.oid AND d.deptype = 'a'), '-')
  FROM rels r JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid
  UNION ALL
  SELECT 'function ' || p.oid::pg_catalog.regprocedure::pg_catalog.text
         || ' comment ' || COALESCE(pg_catalog.obj_description(p.oid, 'pg_proc'), '-')
         || ' acl ' || COALESCE(p.proacl::pg_catalog.text, '-')
         || E'\n' || pg_catalog.pg_get_functiondef(p.oid)
  FROM members m JOIN pg_catalog.pg_proc p ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
  UNION ALL
  SELECT 'type ' || t.oid::pg_catalog.regtype::pg_catalog.text || ' kind ' || t.typtype::pg_catalog.text
         || ' comment ' || COALESCE(pg_catalog.obj_description(t.oid, 'pg_type'), '-')
  FROM members m JOIN pg_catalog.pg_type t ON m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = m.objid
  UNION ALL
  SELECT 'type column ' || t.oid::pg_catalog.regtype::pg_catalog.text || ' ' || pg_catalog.lpad(a.attnum::pg_catalog.text, 3, '0')
         || ' ' || pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
         || ' comment ' || COALESCE(pg_catalog.col_description(t.typrelid, a.attnum::pg_catalog.int4), '-')
  FROM members m JOIN pg_catalog.pg_type t ON m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = m.objid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'init privileges ' || pg_catalog.pg_describe_object(ip.classoid, ip.objoid, ip.objsubid)
         || ' ' || ip.privtype::pg_catalog.text || ' ' || ip.initprivs::pg_catalog.text
  FROM pg_catalog.pg_init_privs ip JOIN members m ON m.classid = ip.classoid AND m.objid = ip.objoid
)
SELECT line FROM facts ORDER BY line COLLATE "C";

-- the reference tables filled by the install script
SELECT e.extnamespace::pg_catalog.regnamespace AS gai_schema
FROM pg_catalog.pg_extension e WHERE e.extname = 'gaireport' \gset
SELECT 'rows gai_cell_codes ' || pg_catalog.count(*) || ' '
       || pg_catalog.md5(pg_catalog.string_agg(c::pg_catalog.text, '|' ORDER BY c.template, c.idx))
FROM :gai_schema.gai_cell_codes c;
SELECT 'rows gai_request_items ' || pg_catalog.count(*) || ' '
       || pg_catalog.md5(pg_catalog.string_agg(i::pg_catalog.text, '|' ORDER BY i.pos))
FROM :gai_schema.gai_request_items i;
