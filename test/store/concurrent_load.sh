#!/usr/bin/env bash
# Four `gaireport load` at once over the same 200 files (generated reports,
# the 5 seeds, 40 noisy ones; some share an identity, one is not a report):
# afterwards exactly one stored row per identity, none lost, no loader
# failed, no deadlock or crash in the server log.  Then a re-load changes
# nothing, and a changed text replaces its row.
# Run inside scripts/with-cluster.sh (needs PGHOST etc.).  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

python3 test/tools/gen_reports.py --n 154 --seed 4242 --format mix --layout mix --out "$dir/gen" >/dev/null
mkdir -p "$dir/files"
cp "$dir"/gen/*.txt test/fixtures/seeds/*.txt "$dir/files/"
for f in test/fixtures/noisy/0[0-3]?.txt; do cp "$f" "$dir/files/noisy_$(basename "$f")"; done
printf 'not a report at all\n' > "$dir/files/zz_not_a_report.txt"
nfiles=$(ls "$dir/files" | wc -l)
check "200 files to load" '[ "$nfiles" = 200 ]'

psql -X -q -c "CREATE EXTENSION IF NOT EXISTS gaireport" >/dev/null
db="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER"
for k in 1 2 3 4; do
  gaireport load --db "$db" --jobs 2 "$dir/files" >"$dir/out.$k" 2>"$dir/err.$k" &
done
rc=0
for k in 1 2 3 4; do wait -n || rc=1; done
check "all four loaders exited 0" '[ "$rc" = 0 ]'
for k in 1 2 3 4; do grep -h "" "$dir/err.$k" | tail -1; done

# independently of the extension: the distinct identities (agency, year,
# template) of the 200 files, from their truth files and the known seeds
expected=$(python3 - "$dir" <<'PY'
import glob, json, os, sys
d = sys.argv[1]
ids = set()
for f in glob.glob(os.path.join(d, "gen", "*.json")) + glob.glob("test/fixtures/noisy/0[0-3]?.json"):
    t = json.load(open(f, encoding="utf-8"))
    ids.add((t["agency"], t["year"], t["format"]))
ids |= {("湛江奋勇高新区办公室", 2020, "2019"), ("雷州市科工贸和信息化局", 2020, "2019"),
        ("江海区政府办公室", 2019, "2019"), ("韶关市浈江区人民政府办公室", 2020, "2019")}
# seed 002 names no agency (its text is its identity); the non-report likewise
print(len(ids) + 2)
PY
)
rows=$(psql -X -At -c "SELECT count(*) FROM gai_reports")
keys=$(psql -X -At -c "SELECT count(DISTINCT report_key) FROM gai_reports")
check "one row per identity, none lost ($rows rows, $keys keys, $expected identities in the files)" \
  '[ "$rows" = "$expected" ] && [ "$keys" = "$expected" ]'
check "no deadlock, crash or error in the server log" \
  '! grep -aE "deadlock detected|terminated by signal|PANIC|TRAP:" "$GAI_SERVER_LOG"'

# a re-load changes nothing
before=$(psql -X -At -c "SELECT sum(xmin::text::bigint) FROM gai_reports")
gaireport load --db "$db" "$dir/files" >/dev/null 2>"$dir/err.reload"
after=$(psql -X -At -c "SELECT sum(xmin::text::bigint) FROM gai_reports")
check "re-load of the same files writes no row" '[ "$before" = "$after" ]'

# a changed text (same agency, year, template) replaces the row's cells
f=$(ls "$dir"/files/0000*.txt | head -1)
sed -i '0,/一、本年新收政府信息公开申请数量/s//一、本年新收政府信息公开申请数量 /' "$f"
id_before=$(psql -X -At -c "SELECT id FROM gai_reports WHERE source LIKE '%$(basename "$f")'")
gaireport load --db "$db" "$f" >/dev/null 2>"$dir/err.replace"
n=$(psql -X -At -c "SELECT count(*) FROM gai_reports")
id_after=$(psql -X -At -c "SELECT id FROM gai_reports WHERE source LIKE '%$(basename "$f")'")
check "a newer version replaces the row in place (same id, same count)" \
  '[ "$n" = "$rows" ] && [ "$id_before" = "$id_after" ] && grep -q "1 replaced" "$dir/err.replace"'
body_now=$(psql -X -At -c "SELECT count(*) FROM gai_reports WHERE id = $id_after AND body LIKE '%申请数量 %'")
check "the stored text is the newer one" '[ "$body_now" = 1 ]'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
