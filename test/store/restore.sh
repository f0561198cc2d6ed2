#!/usr/bin/env bash
# pg_dump / pg_restore of a loaded store gives it back whole, and never
# depends on a setting or on reading a text again: into a database whose
# gaireport.reject_invalid is on, a restore brings back every text, every
# version (current or not, pinned, read by another parser, invalid) and
# every derived column row for row (parsed_at included: nothing was read
# again), the report ids and the sequence; after the documented call,
# SELECT gai_refresh(), every view equals the original's.
# Run inside scripts/with-cluster.sh (needs PGHOST etc.).  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
chmod 755 "$dir"
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS gai_dump_src" -c "DROP DATABASE IF EXISTS gai_dump_dst" >/dev/null 2>&1' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
q() { psql -X -At -d "$1" -c "$2"; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS gai_dump_src" -c "DROP DATABASE IF EXISTS gai_dump_dst" \
  -c "CREATE DATABASE gai_dump_src" -c "CREATE DATABASE gai_dump_dst" >/dev/null
psql -X -q -d gai_dump_src -c "CREATE EXTENSION gaireport" >/dev/null
mkdir -p "$dir/files" "$dir/more"
cp test/fixtures/seeds/*.txt "$dir/files/"
for f in test/fixtures/noisy/*.txt; do cp "$f" "$dir/files/noisy_$(basename "$f")"; done
printf 'not a report at all\n' > "$dir/files/zz_not_a_report.txt"
# further versions: seeds with three zero cells in a row made unreadable
# (kept, not current), and seed 003 with a changed received row (current)
for f in test/fixtures/seeds/*.txt; do
  sed -z 's/\t0\n\t0\n\t0\n/\t0\n\t0\n\tx\n/' "$f" >"$dir/more/worse_$(basename "$f")"
done
sed -z 's/申请数量\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n/申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n/' \
  test/fixtures/seeds/003_6cbc9befc1ec18ab.txt >"$dir/more/seed3_fix.txt"
src="host=$PGHOST port=$PGPORT dbname=gai_dump_src user=$PGUSER"
gaireport load --db "$src" "$dir/files" >/dev/null 2>"$dir/load.err"
gaireport load --db "$src" "$dir/more" >/dev/null 2>>"$dir/load.err"
# a pinned version, and a version as a 0.2 store leaves it (parser 0.2)
q gai_dump_src "SELECT gai_pin(id) FROM gai_versions WHERE source LIKE '%worse_001_%'" >/dev/null
q gai_dump_src "CREATE TEMP TABLE v AS SELECT * FROM gai_versions WHERE source LIKE '%noisy_000.txt';
                UPDATE v SET parser = '0.2', published = NULL;
                DELETE FROM gai_versions WHERE source LIKE '%noisy_000.txt';
                INSERT INTO gai_versions SELECT * FROM v" >/dev/null
q gai_dump_src "SELECT gai_refresh()" >/dev/null
facts=$(q gai_dump_src "SELECT count(*) || ' versions, ' || count(DISTINCT report_id) || ' reports, '
                               || count(*) FILTER (WHERE NOT is_current) || ' not current, '
                               || count(*) FILTER (WHERE pinned) || ' pinned, '
                               || count(*) FILTER (WHERE NOT is_valid) || ' invalid, '
                               || count(*) FILTER (WHERE parser = '0.2') || ' of parser 0.2' FROM gai_versions")
shape=$(q gai_dump_src "SELECT count(*) FILTER (WHERE NOT is_current) >= 5 AND count(*) FILTER (WHERE pinned) = 1
                       AND count(*) FILTER (WHERE NOT is_valid) >= 2 AND count(*) FILTER (WHERE parser = '0.2') = 1
                       AND count(*) >= 50 FROM gai_versions")
check "source store: $facts" '[ "$shape" = t ]'

pg_dump -Fc -d gai_dump_src -f "$dir/store.dump"
psql -X -q -d postgres -c "ALTER DATABASE gai_dump_dst SET gaireport.reject_invalid = on" >/dev/null
pg_restore --exit-on-error -d gai_dump_dst "$dir/store.dump" 2>"$dir/restore.err"
rc=$?
check "pg_restore into a database with reject_invalid on succeeds" '[ "$rc" = 0 ]'
[ "$rc" = 0 ] || head -5 "$dir/restore.err"
n_src=$(q gai_dump_src "SELECT count(*) FROM gai_versions")
n_dst=$(q gai_dump_dst "SELECT count(*) FROM gai_versions")
check "every version restored ($n_dst of $n_src)" '[ "$n_dst" = "$n_src" ]'
q gai_dump_src "SELECT v::text FROM gai_versions v ORDER BY id" >"$dir/src.rows"
q gai_dump_dst "SELECT v::text FROM gai_versions v ORDER BY id" >"$dir/dst.rows"
check "restored gai_versions equals the original row for row, every column (parsed_at too: nothing read again)" \
  'cmp -s "$dir/src.rows" "$dir/dst.rows"'
q gai_dump_src "SELECT r::text FROM gai_reports r ORDER BY id" >"$dir/src.reports"
q gai_dump_dst "SELECT r::text FROM gai_reports r ORDER BY id" >"$dir/dst.reports"
check "gai_reports (the current versions, report ids) equals the original" 'cmp -s "$dir/src.reports" "$dir/dst.reports"'
check "the sequence goes on where it was" \
  '[ "$(q gai_dump_src "SELECT last_value FROM gai_reports_id_seq")" = "$(q gai_dump_dst "SELECT last_value FROM gai_reports_id_seq")" ]'

# the views: one documented call fills them
contents() {
  for v in gai_requests_yearly gai_requests_by_agency gai_denial_reasons gai_appeals_yearly gai_active_yearly \
           gai_quality_yearly gai_cells gai_disagreements gai_request_rows; do
    q "$1" "SELECT '$v ' || count(*) || ' ' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM $v x"
  done
}
empty=$(q gai_dump_dst "SELECT count(*) FROM gai_requests_yearly")
q gai_dump_dst "SELECT gai_refresh()" >/dev/null
contents gai_dump_src >"$dir/src.views"
contents gai_dump_dst >"$dir/dst.views"
check "after SELECT gai_refresh() every view equals the original's ($empty rows before, $(grep -c . "$dir/dst.views") views compared)" \
  'cmp -s "$dir/src.views" "$dir/dst.views"'
[ -s "$dir/src.views" ] && ! cmp -s "$dir/src.views" "$dir/dst.views" && diff "$dir/src.views" "$dir/dst.views" | head -10

# the restored store works on: the setting still guards ordinary loads, a stored text is stored already
rej=$(psql -X -At -d gai_dump_dst -c "INSERT INTO gai_reports (source, body) VALUES ('x', 'not a report')" 2>&1)
check "an ordinary insert of an invalid text is still refused there" 'echo "$rej" | grep -q "reject_invalid is on"'
again=$(gaireport load --db "host=$PGHOST port=$PGPORT dbname=gai_dump_dst user=$PGUSER" "$dir/files" "$dir/more" 2>&1 >/dev/null | tail -1)
check "re-loading the files into the restored store: every text already stored" \
  'echo "$again" | grep -q "0 new reports, 0 new versions (0 current, 0 not current), $n_src already stored, 0 failed"'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
