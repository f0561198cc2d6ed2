#!/usr/bin/env bash
# pg_dump / pg_restore of a loaded store never depends on a validation
# setting: a database whose gaireport.reject_invalid is on gets back every
# stored row, invalid ones included, with the same derived columns.
# Run inside scripts/with-cluster.sh (needs PGHOST etc.).  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
chmod 755 "$dir"
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS gai_dump_src" -c "DROP DATABASE IF EXISTS gai_dump_dst" >/dev/null 2>&1' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

psql -X -q -d postgres -c "CREATE DATABASE gai_dump_src" -c "CREATE DATABASE gai_dump_dst" >/dev/null
psql -X -q -d gai_dump_src -c "CREATE EXTENSION gaireport" >/dev/null
mkdir -p "$dir/files"
cp test/fixtures/seeds/*.txt "$dir/files/"
for f in test/fixtures/noisy/*.txt; do cp "$f" "$dir/files/noisy_$(basename "$f")"; done
printf 'not a report at all\n' > "$dir/files/zz_not_a_report.txt"
gaireport load --db "host=$PGHOST port=$PGPORT dbname=gai_dump_src user=$PGUSER" "$dir/files" >/dev/null 2>"$dir/load.err"
q() { psql -X -At -d "$1" -c "$2"; }
stored=$(q gai_dump_src "SELECT count(*) FROM gai_reports")
invalid=$(q gai_dump_src "SELECT count(*) FROM gai_reports WHERE NOT is_valid")
check "source store holds the 46 files, some invalid ($stored rows, $invalid invalid)" '[ "$stored" -ge 40 ] && [ "$invalid" -ge 2 ]'

pg_dump -Fc -d gai_dump_src -f "$dir/store.dump"
psql -X -q -d postgres -c "ALTER DATABASE gai_dump_dst SET gaireport.reject_invalid = on" >/dev/null
pg_restore --exit-on-error -d gai_dump_dst "$dir/store.dump" 2>"$dir/restore.err"
rc=$?
check "pg_restore into a database with reject_invalid on succeeds" '[ "$rc" = 0 ]'
[ "$rc" = 0 ] || head -5 "$dir/restore.err"
restored=$(q gai_dump_dst "SELECT count(*) FROM gai_reports")
check "every row restored ($restored of $stored)" '[ "$restored" = "$stored" ]'
cols="id, source, body, report_key, agency, year, template, is_valid, violations, warnings, cells, cell_status, requests, appeals"
q gai_dump_src "SELECT $cols FROM gai_reports ORDER BY id" >"$dir/src.rows"
q gai_dump_dst "SELECT $cols FROM gai_reports ORDER BY id" >"$dir/dst.rows"
check "restored rows equal the original, derived columns included" 'cmp -s "$dir/src.rows" "$dir/dst.rows"'
# the setting still guards ordinary loads in the restored database
rej=$(psql -X -At -d gai_dump_dst -c "INSERT INTO gai_reports (source, body) VALUES ('x', 'not a report')" 2>&1)
check "an ordinary insert of an invalid text is still refused there" 'echo "$rej" | grep -q "reject_invalid is on"'
views=$(q gai_dump_dst "SELECT gai_refresh(); SELECT count(*) FROM gai_requests_yearly" | tail -1)
check "views fill after gai_refresh() ($views rows)" '[ "$views" -ge 1 ]'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
