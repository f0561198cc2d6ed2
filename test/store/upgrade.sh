#!/usr/bin/env bash
# The update from 0.2 carries a loaded store over, and gai_reparse() then
# gives what a fresh install gives:
#   1. gaireport 0.2 installed from its scripts (CREATE EXTENSION ... VERSION
#      '0.2'), loaded as 0.2's loader did (INSERT ... ON CONFLICT (report_key)
#      DO UPDATE: a changed text replaced the stored one) with the seeds, the
#      noisy fixtures, the 300 generated reports, the HTML fixtures, a text
#      that is not a report and replacing texts; some readings are then made
#      wrong, as an older parser left them (cells unreadable);
#   2. ALTER EXTENSION gaireport UPDATE: every stored text is kept (the same
#      SHA-256s), as a version of its report with its old id, current, of
#      parser 0.2; gai_reports shows the rows 0.2 had;
#   3. gai_reparse(): every version read again, the wrong readings corrected;
#   4. a fresh 0.3 install loaded with the same texts: gai_reports (ids and
#      times aside), gai_cells, gai_disagreements and the six views after
#      gai_refresh() are equal in both;
#   5. the update refuses, naming it, while a site's view reads the table
#      gai_reports; a site's grants on the table are given on the view too.
# Run inside scripts/with-cluster.sh (needs PGHOST etc.), with gaireport
# installed.  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
chmod 755 "$dir"
dbs=(gai_up_old gai_up_new gai_up_dep)
cleanup() {
  for d in "${dbs[@]}"; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS gai_up_reader" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
cleanup
mkdir -p "$dir"
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
for d in "${dbs[@]}"; do psql -X -q -d postgres -c "CREATE DATABASE $d" >/dev/null || exit 1; done
psql -X -q -d postgres -c "CREATE ROLE gai_up_reader" >/dev/null

# ---------------------------------------------------------------- the texts, in load order
python3 - "$dir" <<'PY'
import csv, glob, os, sys
d = sys.argv[1]
rows = []
for f in sorted(glob.glob("test/fixtures/seeds/*.txt")):
    rows.append(("seed/" + os.path.basename(f), open(f, encoding="utf-8").read()))
for f in sorted(glob.glob("test/fixtures/noisy/*.txt")):
    rows.append(("noisy/" + os.path.basename(f), open(f, encoding="utf-8").read()))
for r in csv.DictReader(open("test/fixtures/generated/reports.csv", encoding="utf-8")):
    rows.append(("generated/" + r["name"], r["body"]))
for f in sorted(glob.glob("test/fixtures/html/*.html")):
    rows.append(("html/" + os.path.basename(f), open(f, encoding="utf-8").read()))
rows.append(("junk", "not a report at all\n"))
# replacing texts: 0.2 kept only the later text of these identities
s3 = open(glob.glob("test/fixtures/seeds/003_*.txt")[0], encoding="utf-8").read()
rows.append(("seed/003 changed", s3.replace("申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n", "申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n")))
n1 = open("test/fixtures/noisy/001.txt", encoding="utf-8").read()
rows.append(("noisy/001 again", n1 + "\n"))
open(os.path.join(d, "texts.n"), "w").write("%d\n" % len(rows))
with open(os.path.join(d, "texts.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    for k, (name, body) in enumerate(rows):
        w.writerow([k, name, body])
PY
load_02() {
  psql -X -q -v ON_ERROR_STOP=1 -d "$1" >/dev/null <<EOF
CREATE TEMP TABLE texts (k int, name text, body text);
\copy texts FROM '$dir/texts.csv' CSV
DO \$\$
DECLARE t record;
BEGIN
  FOR t IN SELECT * FROM texts ORDER BY k LOOP
    INSERT INTO gai_reports AS r (source, body) VALUES (t.name, t.body)
    ON CONFLICT (report_key) DO UPDATE SET source = EXCLUDED.source, body = EXCLUDED.body
    WHERE r.body IS DISTINCT FROM EXCLUDED.body;
  END LOOP;
END
\$\$;
EOF
}

# ---------------------------------------------------------------- 1. a loaded 0.2 store
q gai_up_old "CREATE EXTENSION gaireport VERSION '0.2'" >/dev/null || exit 1
load_02 gai_up_old || exit 1
# readings as an older parser left them: the tables of 25 reports unreadable
q gai_up_old "ALTER TABLE gai_reports DISABLE TRIGGER gai_reports_parse;
              UPDATE gai_reports SET cells = array_fill(NULL::numeric, ARRAY[cardinality(cells)]),
                     cell_status = decode(repeat('03', length(cell_status)), 'hex'),
                     unreadable_count = cell_count, blank_count = 0,
                     requests = array_fill(NULL::bigint, ARRAY[array_length(requests, 1), 7]),
                     appeals = array_fill(NULL::bigint, ARRAY[3, 5])
              WHERE id IN (SELECT id FROM gai_reports WHERE template IS NOT NULL ORDER BY id LIMIT 25);
              ALTER TABLE gai_reports ENABLE TRIGGER gai_reports_parse;
              GRANT SELECT ON gai_reports TO gai_up_reader;
              SELECT gai_refresh()" >/dev/null || exit 1
old_n=$(q gai_up_old "SELECT count(*) FROM gai_reports")
q gai_up_old "SELECT encode(sha256(convert_to(body, 'UTF8')), 'hex') FROM gai_reports ORDER BY 1" >"$dir/hashes.02"
q gai_up_old "SELECT r::text FROM gai_reports r ORDER BY id" >"$dir/rows.02"
texts=$(cat "$dir/texts.n")
check "0.2 store loaded: $old_n reports from $texts texts (later texts of one identity replaced earlier ones), 25 with unreadable tables" \
  '[ "$old_n" -lt "$texts" ] && [ "$old_n" -gt 350 ] && [ "$(q gai_up_old "SELECT count(*) FROM gai_reports WHERE unreadable_count > 100")" -ge 25 ]'

# ---------------------------------------------------------------- 2. the update
q gai_up_old "ALTER EXTENSION gaireport UPDATE" >/dev/null
check "ALTER EXTENSION gaireport UPDATE: version $(q gai_up_old "SELECT extversion FROM pg_extension WHERE extname = 'gaireport'")" \
  '[ "$(q gai_up_old "SELECT extversion FROM pg_extension WHERE extname = '"'"'gaireport'"'"'")" = 0.3 ]'
q gai_up_old "SELECT encode(hash, 'hex') FROM gai_versions ORDER BY 1" >"$dir/hashes.03"
check "every stored text kept: the same $(grep -c . "$dir/hashes.03") SHA-256s" 'cmp -s "$dir/hashes.02" "$dir/hashes.03"'
q gai_up_old "SELECT r::text FROM gai_reports r ORDER BY id" >"$dir/rows.03"
check "gai_reports shows the rows 0.2 had, ids included" 'cmp -s "$dir/rows.02" "$dir/rows.03"'
carried=$(q gai_up_old "SELECT count(*) FILTER (WHERE report_id = id AND is_current AND parser = '0.2' AND NOT pinned
                                                  AND hash = sha256(convert_to(body, 'UTF8'))), count(*) FROM gai_versions")
check "each row carried over as the first, current version of its report, read by parser 0.2 ($carried)" \
  '[ "${carried%|*}" = "${carried#*|}" ]'
check "the site's grant on the table gai_reports is on the view gai_reports too" \
  '[ "$(q gai_up_old "SELECT has_table_privilege('"'"'gai_up_reader'"'"', '"'"'gai_reports'"'"', '"'"'SELECT'"'"')
                       AND has_table_privilege('"'"'gai_up_reader'"'"', '"'"'gai_versions'"'"', '"'"'SELECT'"'"')")" = t ]'

# ---------------------------------------------------------------- 3. gai_reparse()
res=$(q gai_up_old "SELECT versions_read || ' ' || readings_changed || ' ' || moved || ' ' || remaining FROM gai_reparse()" 2>/dev/null)
read -r r_read r_changed r_moved r_left <<<"$res"
check "gai_reparse(): $r_read versions read, $r_changed readings changed (the 25 wrong ones at least), $r_moved moved, $r_left left" \
  '[ "$r_read" = "$old_n" ] && [ "$r_changed" -ge 25 ] && [ "$r_left" = 0 ]'
check "no version of parser 0.2 left; none unreadable as the old readings were" \
  '[ "$(q gai_up_old "SELECT count(*) FROM gai_versions WHERE parser = '"'"'0.2'"'"' OR unreadable_count > 100")" = 0 ]'

# ---------------------------------------------------------------- 4. the same as a fresh install
q gai_up_new "CREATE EXTENSION gaireport" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d gai_up_old -c "\copy (SELECT source, body FROM gai_versions ORDER BY id) TO '$dir/final.csv' CSV"
psql -X -q -v ON_ERROR_STOP=1 -d gai_up_new -c "CREATE TEMP TABLE t (source text, body text)" \
  -c "\copy t FROM '$dir/final.csv' CSV" -c "INSERT INTO gai_reports (source, body) SELECT source, body FROM t" >/dev/null
contents() {
  q "$1" "SELECT gai_refresh()" >/dev/null
  q "$1" "SELECT 'gai_reports ' || count(*) || ' ' || md5(string_agg(x::text, '|' ORDER BY x::text))
          FROM (SELECT source, body, report_key, agency, agency_key, year, template, title, report_date, period_start,
                       period_end, layout, cell_count, blank_count, unreadable_count, error_count, is_valid, violations,
                       warnings, cells, cell_status, extra_cells, requests, appeals FROM gai_reports) x"
  q "$1" "SELECT 'gai_versions ' || count(*) || ' ' || md5(string_agg(x::text, '|' ORDER BY x::text))
          FROM (SELECT hash, parser, is_current, pinned, missing_count, ambiguous_count, candidates, published
                FROM gai_versions) x"
  q "$1" "SELECT 'gai_cells ' || count(*) || ' ' || md5(string_agg(x::text, '|' ORDER BY x::text))
          FROM (SELECT r.report_key, c.section, c.item, c.col, c.value, c.status, c.item_label, c.col_label
                FROM gai_cells c JOIN gai_reports r ON r.id = c.report_id) x"
  for v in gai_requests_yearly gai_requests_by_agency gai_denial_reasons gai_appeals_yearly gai_active_yearly \
           gai_quality_yearly; do
    q "$1" "SELECT '$v ' || count(*) || ' ' || md5(string_agg(x::text, '|' ORDER BY x::text)) FROM $v x"
  done
  q "$1" "SELECT 'gai_disagreements ' || count(*) FROM gai_disagreements"
}
contents gai_up_old >"$dir/contents.old"
contents gai_up_new >"$dir/contents.new"
check "updated and re-read = a fresh install loaded with the same texts: gai_reports, gai_versions, gai_cells and the views ($(grep -c . "$dir/contents.new") compared)" \
  'cmp -s "$dir/contents.old" "$dir/contents.new"'
cmp -s "$dir/contents.old" "$dir/contents.new" || diff "$dir/contents.old" "$dir/contents.new" | sed 's/^/# /'

# ---------------------------------------------------------------- 5. a site's view on the table
q gai_up_dep "CREATE EXTENSION gaireport VERSION '0.2'" >/dev/null
q gai_up_dep "CREATE VIEW site_reports AS SELECT id, agency, year FROM gai_reports" >/dev/null
out=$(psql -X -q -d gai_up_dep -c "ALTER EXTENSION gaireport UPDATE" 2>&1)
check "the update refuses while a site's view reads the table gai_reports, naming it" \
  'echo "$out" | grep -q "objects read the table gai_reports: view public.site_reports"'
check "... and leaves 0.2 in place" \
  '[ "$(q gai_up_dep "SELECT extversion FROM pg_extension WHERE extname = '"'"'gaireport'"'"'")" = 0.2 ]'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
