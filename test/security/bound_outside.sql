-- pg_temp.gai_bound_outside(): objects outside pg_catalog and the gaireport
-- extension that the extension's stored definitions are bound to: functions,
-- operators, types, relations and collations that the rules of its views and
-- materialized views, the column defaults, triggers, indexes and constraints
-- of its relations depend on (pg_depend).  One row per binding; none is
-- expected.  A view bound to a function that another role planted in the
-- extension's schema shows up here.
--   \i test/security/bound_outside.sql
--   SELECT * FROM pg_temp.gai_bound_outside();
CREATE FUNCTION pg_temp.gai_bound_outside() RETURNS SETOF text
LANGUAGE sql STABLE SET search_path = '' AS $fn$
WITH ext AS (
  SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'gaireport'
), members AS (
  SELECT d.classid, d.objid
  FROM pg_catalog.pg_depend d, ext
  WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
    AND d.refobjid = ext.oid AND d.deptype = 'e'
), member_rels AS (
  SELECT m.objid AS relid FROM members m WHERE m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
), owned AS (
  SELECT m.classid, m.objid FROM members m
  UNION ALL
  SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, w.oid FROM pg_catalog.pg_rewrite w JOIN member_rels r ON r.relid = w.ev_class
  UNION ALL
  SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, a.oid FROM pg_catalog.pg_attrdef a JOIN member_rels r ON r.relid = a.adrelid
  UNION ALL
  SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, t.oid FROM pg_catalog.pg_trigger t JOIN member_rels r ON r.relid = t.tgrelid
  UNION ALL
  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid FROM pg_catalog.pg_index i JOIN member_rels r ON r.relid = i.indrelid
  UNION ALL
  SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_constraint c JOIN member_rels r ON r.relid = c.conrelid
), refs AS (
  SELECT DISTINCT d.classid, d.objid, d.refclassid, d.refobjid,
         CASE d.refclassid
           WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.pronamespace FROM pg_catalog.pg_proc p WHERE p.oid = d.refobjid)
           WHEN 'pg_catalog.pg_operator'::pg_catalog.regclass THEN (SELECT o.oprnamespace FROM pg_catalog.pg_operator o WHERE o.oid = d.refobjid)
           WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typnamespace FROM pg_catalog.pg_type t WHERE t.oid = d.refobjid)
           WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = d.refobjid)
           WHEN 'pg_catalog.pg_collation'::pg_catalog.regclass THEN (SELECT c.collnamespace FROM pg_catalog.pg_collation c WHERE c.oid = d.refobjid)
         END AS refnamespace
  FROM pg_catalog.pg_depend d JOIN owned o ON o.classid = d.classid AND o.objid = d.objid
  WHERE d.deptype <> 'e'
    AND d.refclassid IN ('pg_catalog.pg_proc'::pg_catalog.regclass, 'pg_catalog.pg_operator'::pg_catalog.regclass,
                         'pg_catalog.pg_type'::pg_catalog.regclass, 'pg_catalog.pg_class'::pg_catalog.regclass,
                         'pg_catalog.pg_collation'::pg_catalog.regclass)
)
SELECT pg_catalog.pg_describe_object(r.classid, r.objid, 0) || ' -> '
       || pg_catalog.pg_describe_object(r.refclassid, r.refobjid, 0)
FROM refs r
WHERE r.refnamespace <> 'pg_catalog'::pg_catalog.regnamespace
  -- a member of the extension, the row type or array type of a member, or a relation of a member (index, TOAST)
  AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = r.refclassid AND m.objid = r.refobjid)
  AND NOT (r.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND EXISTS (
             SELECT 1 FROM pg_catalog.pg_type t
             WHERE t.oid = r.refobjid
               AND (t.typrelid IN (SELECT relid FROM member_rels)
                    OR EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                                                      AND m.objid IN (t.typelem, t.oid)))))
  AND NOT (r.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND EXISTS (
             SELECT 1 FROM pg_catalog.pg_index i JOIN member_rels mr ON mr.relid = i.indrelid
             WHERE i.indexrelid = r.refobjid))
ORDER BY 1
$fn$;
