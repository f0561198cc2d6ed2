#!/usr/bin/env bash
# gaireport installed by every path gives the same objects, bound to nothing
# outside pg_catalog and the extension; the update from 0.2 keeps the stored
# reports, the views' contents and what a site added to the materialized views.
#
#   scripts/with-cluster.sh test/security/install_paths.sh
#
# Run from anywhere, against a cluster where gaireport is installed (make
# install) and the current role is a superuser; it creates and drops its own
# databases (gai_t_*) and roles (gai_t_*).  Prints TAP; exits 1 on a failure.
#
#  1. CREATE EXTENSION (0.3), 0.1 + ALTER EXTENSION UPDATE, 0.2 with reports +
#     UPDATE: test/security/catalog_snapshot.sql prints the same for all three
#     (columns, types, defaults, comments, indexes, constraints, triggers, view
#     definitions, functions, members, configuration tables, reference rows);
#  2. in each, pg_temp.gai_bound_outside() (test/security/bound_outside.sql)
#     finds no binding to an object outside pg_catalog and the extension, and
#     every SQL or PL/pgSQL function of the extension pins its search_path;
#  3. the update from 0.2 keeps gai_reports row for row, its sequence, and
#     every materialized view's contents;
#  4. a site's owner, privileges, column privileges, storage parameters and
#     indexes on the materialized views survive the update, and pg_dump still
#     dumps the same GRANTs; a site's view on a materialized view makes the
#     update refuse, naming it, and leaves 0.2 in place.
set -uo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gai-install-paths.XXXXXX")
dbs=(gai_t_fresh gai_t_from01 gai_t_from02 gai_t_site gai_t_dep)
cleanup() {
  for d in "${dbs[@]}"; do dropdb --if-exists "$d" >/dev/null 2>&1; done
  psql -X -q -c 'DROP ROLE IF EXISTS gai_t_bi' -c 'DROP ROLE IF EXISTS gai_t_owner' >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
cleanup
mkdir -p "$tmp"

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
# same DESCRIPTION FILE1 FILE2: pass when equal, else fail and show the diff
same() {
  if diff -u "$2" "$3" >"$tmp/diff"; then pass "$1"; else fail "$1"; sed 's/^/# /' "$tmp/diff" | head -60; fi
}
# empty DESCRIPTION FILE: pass when FILE is empty
empty() {
  if [ ! -s "$2" ]; then pass "$1"; else fail "$1"; sed 's/^/# /' "$2" | head -30; fi
}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# seeds into gai_reports, then gai_refresh()
load_seeds() {
  sql -d "$1" >/dev/null <<'EOF'
\set s0 `cat test/fixtures/seeds/000_51aabc94d70baff8.txt`
\set s1 `cat test/fixtures/seeds/001_d14d7889243b97c8.txt`
\set s2 `cat test/fixtures/seeds/002_67d5636951f762bb.txt`
\set s3 `cat test/fixtures/seeds/003_6cbc9befc1ec18ab.txt`
\set s4 `cat test/fixtures/seeds/004_68737bd3c1f99b18.txt`
INSERT INTO gai_reports (source, body)
VALUES ('seed 000', :'s0'), ('seed 001', :'s1'), ('seed 002', :'s2'), ('seed 003', :'s3'), ('seed 004', :'s4');
SELECT gai_refresh();
EOF
}
# the stored reports and the materialized views' contents, one digest a line
contents() {
  sql -d "$1" <<'EOF'
SELECT 'gai_reports ' || count(*) || ' ' || md5(string_agg(r::text, '|' ORDER BY r.id)) FROM gai_reports r;
SELECT 'gai_reports_id_seq ' || last_value || ' ' || is_called FROM gai_reports_id_seq;
SELECT 'gai_requests_yearly ' || count(*) || ' ' || md5(string_agg(v::text, '|' ORDER BY v::text)) FROM gai_requests_yearly v;
SELECT 'gai_requests_by_agency ' || count(*) || ' ' || md5(string_agg(v::text, '|' ORDER BY v::text)) FROM gai_requests_by_agency v;
SELECT 'gai_denial_reasons ' || count(*) || ' ' || md5(string_agg(v::text, '|' ORDER BY v::text)) FROM gai_denial_reasons v;
SELECT 'gai_appeals_yearly ' || count(*) || ' ' || md5(string_agg(v::text, '|' ORDER BY v::text)) FROM gai_appeals_yearly v;
SELECT 'gai_active_yearly ' || count(*) || ' ' || md5(string_agg(v::text, '|' ORDER BY v::text)) FROM gai_active_yearly v;
-- 0.3 adds the column ambiguous_cells (0.2 could not read ambiguous cells): compared without it
SELECT 'gai_quality_yearly ' || count(*) || ' ' || md5(string_agg((to_jsonb(v) - 'ambiguous_cells')::text, '|' ORDER BY v.year)) FROM gai_quality_yearly v;
SELECT 'gai_cells ' || count(*) || ' ' || md5(string_agg(v::text, '|' ORDER BY v::text)) FROM gai_cells v;
EOF
}
# what a site may have set on the materialized views
site_facts() {
  sql -d "$1" <<'EOF'
SELECT c.relname || ' owner ' || c.relowner::regrole || ' acl ' || coalesce(c.relacl::text, '-')
       || ' options ' || coalesce(c.reloptions::text, '-')
FROM pg_class c WHERE c.relkind = 'm' AND c.relname LIKE 'gai\_%' ORDER BY 1;
SELECT c.relname || '.' || a.attname || ' acl ' || a.attacl::text
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
WHERE c.relkind = 'm' AND c.relname LIKE 'gai\_%' AND a.attacl IS NOT NULL ORDER BY 1;
SELECT pg_get_indexdef(i.indexrelid) || ' comment ' || coalesce(obj_description(i.indexrelid, 'pg_class'), '-')
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relkind = 'm' AND c.relname LIKE 'gai\_%' ORDER BY 1;
SELECT 'init privileges ' || pg_describe_object(p.classoid, p.objoid, p.objsubid) || ' ' || p.initprivs::text
FROM pg_init_privs p JOIN pg_class c ON p.classoid = 'pg_class'::regclass AND c.oid = p.objoid
WHERE c.relname LIKE 'gai\_%' ORDER BY 1;
EOF
}
# every check of one database: nothing bound outside, search_path pinned
sound() {
  sql -d "$1" >"$tmp/bound-$1" <<'EOF'
\i test/security/bound_outside.sql
SELECT * FROM pg_temp.gai_bound_outside();
SELECT 'function without a pinned search_path: ' || p.oid::regprocedure
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
JOIN pg_language l ON l.oid = p.prolang
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'gaireport')
  AND l.lanname NOT IN ('c', 'internal')
  AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false);
EOF
  empty "$2: nothing bound outside pg_catalog and the extension, every SQL/PL/pgSQL function pins search_path" "$tmp/bound-$1"
}

echo "1..17"

for d in "${dbs[@]}"; do createdb "$d" || exit 1; done

# ---------------------------------------------------------------- the paths
sql -d gai_t_fresh -c 'CREATE EXTENSION gaireport' || exit 1
sql -d gai_t_from01 -c "CREATE EXTENSION gaireport VERSION '0.1'" -c 'ALTER EXTENSION gaireport UPDATE' || exit 1
sql -d gai_t_from02 -c "CREATE EXTENSION gaireport VERSION '0.2'" || exit 1
load_seeds gai_t_from02 || exit 1
contents gai_t_from02 >"$tmp/contents-before" || exit 1
sql -d gai_t_from02 -c 'ALTER EXTENSION gaireport UPDATE' || exit 1

for d in gai_t_fresh gai_t_from01 gai_t_from02; do
  echo "$d $(sql -d "$d" -c "SELECT extversion FROM pg_extension WHERE extname = 'gaireport'")" >>"$tmp/versions"
  sql -d "$d" -f test/security/catalog_snapshot.sql >"$tmp/snapshot-$d" || exit 1
done
printf '%s\n' 'gai_t_fresh 0.3' 'gai_t_from01 0.3' 'gai_t_from02 0.3' >"$tmp/versions-want"
same "every path ends at version 0.3" "$tmp/versions-want" "$tmp/versions"
if [ "$(wc -l <"$tmp/snapshot-gai_t_fresh")" -gt 500 ]; then
  pass "the catalog snapshot describes the extension ($(wc -l <"$tmp/snapshot-gai_t_fresh") lines)"
else
  fail "the catalog snapshot describes the extension (only $(wc -l <"$tmp/snapshot-gai_t_fresh") lines)"
fi
same "0.1 + UPDATE gives the same objects as CREATE EXTENSION" "$tmp/snapshot-gai_t_fresh" "$tmp/snapshot-gai_t_from01"
same "0.2 with reports + UPDATE gives the same objects as CREATE EXTENSION" "$tmp/snapshot-gai_t_fresh" "$tmp/snapshot-gai_t_from02"

sound gai_t_fresh "CREATE EXTENSION"
sound gai_t_from01 "0.1 + UPDATE"
sound gai_t_from02 "0.2 + UPDATE"

# ---------------------------------------------------------------- the update keeps the data
contents gai_t_from02 >"$tmp/contents-after" || exit 1
grep -q '^gai_reports 5 ' "$tmp/contents-before" && pass "five reports stored at 0.2" || fail "five reports stored at 0.2"
same "the update from 0.2 keeps gai_reports, its sequence and every view's contents" "$tmp/contents-before" "$tmp/contents-after"
sql -d gai_t_from02 -c 'SELECT gai_refresh()' >/dev/null || exit 1
contents gai_t_from02 >"$tmp/contents-refreshed" || exit 1
same "after the update, gai_refresh() gives the same contents" "$tmp/contents-before" "$tmp/contents-refreshed"

# ---------------------------------------------------------------- a site's additions
sql -c 'CREATE ROLE gai_t_bi' -c 'CREATE ROLE gai_t_owner' >/dev/null || exit 1
sql -d gai_t_site -c "CREATE EXTENSION gaireport VERSION '0.2'" || exit 1
load_seeds gai_t_site || exit 1
sql -d gai_t_site >/dev/null <<'EOF' || exit 1
GRANT USAGE ON SCHEMA public TO gai_t_bi;
GRANT SELECT ON gai_requests_yearly, gai_requests_by_agency, gai_denial_reasons TO gai_t_bi;
GRANT SELECT ON gai_appeals_yearly TO gai_t_bi WITH GRANT OPTION;
GRANT SELECT (year, reports) ON gai_quality_yearly TO gai_t_bi;
GRANT SELECT ON gai_active_yearly TO PUBLIC;
REVOKE TRUNCATE ON gai_active_yearly FROM postgres;
ALTER MATERIALIZED VIEW gai_quality_yearly OWNER TO gai_t_owner;
ALTER MATERIALIZED VIEW gai_active_yearly SET (fillfactor = 70, autovacuum_enabled = false);
CREATE INDEX gai_t_denial_by_reason ON gai_denial_reasons (reason, year);
COMMENT ON INDEX gai_t_denial_by_reason IS 'site index for a dashboard';
CREATE INDEX gai_t_active_values ON gai_active_yearly (value) WHERE value > 0;
EOF
site_facts gai_t_site >"$tmp/site-before" || exit 1
pg_dump -s gai_t_site | grep -E '^(GRANT|REVOKE|ALTER MATERIALIZED VIEW|CREATE INDEX)' | sort >"$tmp/dump-before"
contents gai_t_site >"$tmp/site-contents-before" || exit 1
sql -d gai_t_site -c 'ALTER EXTENSION gaireport UPDATE' || exit 1
site_facts gai_t_site >"$tmp/site-after" || exit 1
pg_dump -s gai_t_site | grep -E '^(GRANT|REVOKE|ALTER MATERIALIZED VIEW|CREATE INDEX)' | sort >"$tmp/dump-after"
contents gai_t_site >"$tmp/site-contents-after" || exit 1
if grep -q 'gai_t_bi' "$tmp/site-before" && grep -q 'gai_t_denial_by_reason' "$tmp/site-before"; then
  pass "the site's additions are in place at 0.2"
else
  fail "the site's additions are in place at 0.2"
fi
same "the update keeps the site's owner, privileges, column privileges, storage parameters and indexes" \
  "$tmp/site-before" "$tmp/site-after"
same "pg_dump dumps the same GRANTs, owners and indexes after the update" "$tmp/dump-before" "$tmp/dump-after"
same "the update keeps the site's stored reports and view contents" "$tmp/site-contents-before" "$tmp/site-contents-after"
sound gai_t_site "0.2 with a site's additions + UPDATE"

# ---------------------------------------------------------------- a dependent view
sql -d gai_t_dep -c "CREATE EXTENSION gaireport VERSION '0.2'" \
  -c 'CREATE VIEW gai_t_dashboard AS SELECT year, received FROM gai_requests_yearly' || exit 1
if psql -X -q -d gai_t_dep -c 'ALTER EXTENSION gaireport UPDATE' >"$tmp/dep.out" 2>&1; then
  fail "the update refuses while a view of the site depends on a materialized view"
else
  if grep -q 'depend on them: .*gai_t_dashboard' "$tmp/dep.out"; then
    pass "the update refuses while a view of the site depends on a materialized view, naming it"
  else
    fail "the update refuses while a view of the site depends on a materialized view, naming it"
    sed 's/^/# /' "$tmp/dep.out"
  fi
fi
v=$(sql -d gai_t_dep -c "SELECT extversion FROM pg_extension WHERE extname = 'gaireport'")
[ "$v" = 0.2 ] && pass "after the refused update the extension is still 0.2" || fail "after the refused update the extension is still 0.2 (is $v)"

if [ "$n" != 17 ]; then
  echo "# planned 17 tests, ran $n"
  exit 1
fi
[ "$failed" -eq 0 ]
