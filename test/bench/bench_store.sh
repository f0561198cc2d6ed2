#!/usr/bin/env bash
# Benchmark of the store (not a test): from one run, prints
#   - loading N generated reports (default 100,000) through `gaireport load`,
#     reports/s (target >= 5,000 on this 2-core machine), beside the time of
#     COPYing the same texts into a plain table (the baseline, same run);
#   - re-loading the same files (every text "already stored": nothing written);
#   - gai_reparse(every => true): every stored version read again;
#   - gai_refresh() at N reports (target <= 30 s), first and second run;
#   - a full SELECT * from each view (target <= 100 ms each), best of 3;
#   - the store's size (gai_versions with its TOAST and indexes).
# The cluster runs with the server's defaults for durability: fsync on,
# synchronous_commit on, full_page_writes on (scripts/with-cluster.sh turns them
# off for tests; they are turned on again here).  `gaireport load` changes two
# settings in its own sessions: synchronous_commit = off and
# default_toast_compression = lz4.
# Usage: bash test/bench/bench_store.sh [N]      (run from the repo root, as root)
# Each report gets an agency of its own (the generator's names repeat), so
# N files are N identities, save the few whose agency names fold to one key
# (they become versions of one report).  Needs about 1 GB of disk in $TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
make -s >/dev/null && make -s install >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/gai-bench-store.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "== gaireport store benchmark $(date -u '+%F %T') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo -)"
echo "machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets: load >= 5000 reports/s, gai_refresh() <= 30 s at 100,000 reports, SELECT * from each view <= 100 ms"

t0=$(date +%s.%N)
python3 test/tools/gen_reports.py --n "$N" --seed 2026 --format mix --layout mix --noise seed \
  --bad-rate 0.1 --jsonl "$work/gen.jsonl"
python3 - "$work" <<'PY'
import json, os, sys, csv
work = sys.argv[1]
os.makedirs(os.path.join(work, "files"))
with open(os.path.join(work, "copy.csv"), "w", encoding="utf-8", newline="") as c:
    w = csv.writer(c)
    for k, line in enumerate(open(os.path.join(work, "gen.jsonl"), encoding="utf-8")):
        o = json.loads(line)
        a = o["truth"]["agency"]
        body = o["body"].replace(a, "%s第%d分局" % (a, k))   # an identity of its own
        with open(os.path.join(work, "files", "%06d.txt" % k), "w", encoding="utf-8") as f:
            f.write(body)
        w.writerow(["%06d.txt" % k, body])
PY
echo "corpus: $N reports, $(du -sh "$work/files" | cut -f1) of text, generated in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5) s"
# the corpus just written is ~2 GB of dirty page cache: written back now, not
# during the steps measured below
rm -f "$work/gen.jsonl"
sync

GAI_PG_OPTS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min -c maintenance_work_mem=512MB -c work_mem=64MB" \
scripts/with-cluster.sh bash -c '
set -euo pipefail
work='"$work"'
db="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER"
psql -X -q -c "CREATE EXTENSION gaireport" >/dev/null
printf "server:"; for g in fsync synchronous_commit full_page_writes wal_level shared_buffers; do printf " %s=%s" $g "$(psql -X -At -c "SHOW $g")"; done; echo
ms() { python3 -c "import sys; print(\"%.0f\" % ((float(sys.argv[2]) - float(sys.argv[1])) * 1000))" "$1" "$2"; }
rate() { python3 -c "import sys; print(round(int(sys.argv[1]) / (int(sys.argv[2]) / 1000)))" "$1" "$2"; }

# baseline: COPY of the same texts into a plain table
psql -X -q -c "CREATE TABLE copy_baseline(source text, body text)"
t0=$(date +%s.%N)
psql -X -q -c "\copy copy_baseline FROM '"'"'$work/copy.csv'"'"' CSV"
t1=$(date +%s.%N)
copy_ms=$(ms $t0 $t1)
psql -X -q -c "DROP TABLE copy_baseline"
# each step starts from a clean state: the WAL and pages of the baseline on disk
psql -X -q -c "CHECKPOINT"; sync

t0=$(date +%s.%N)
gaireport load --db "$db" "$work/files" >"$work/load.out" 2>"$work/load.err" || true
t1=$(date +%s.%N)
load_ms=$(ms $t0 $t1)
tail -1 "$work/load.err"
files=$(ls "$work/files" | wc -l)
texts=$(psql -X -At -c "SELECT count(*) FROM gai_versions")
reports=$(psql -X -At -c "SELECT count(*) FROM gai_reports")
size_loaded=$(psql -X -At -c "SELECT pg_size_pretty(pg_total_relation_size('"'"'gai_versions'"'"'))")

# the same files again: every text is stored already, nothing is written
lsn0=$(psql -X -At -c "SELECT pg_current_wal_insert_lsn()")
t0=$(date +%s.%N)
gaireport load --db "$db" "$work/files" >/dev/null 2>"$work/reload.err" || true
t1=$(date +%s.%N)
reload_ms=$(ms $t0 $t1)
wal=$(psql -X -At -c "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '"'"'$lsn0'"'"')")
tail -1 "$work/reload.err"

psql -X -q -c "VACUUM ANALYZE gai_versions"
t0=$(date +%s.%N)
psql -X -At -c "SELECT * FROM gai_reparse(every => true, batch_size => 20000)" >"$work/reparse.out" 2>"$work/reparse.err"
t1=$(date +%s.%N)
reparse_ms=$(ms $t0 $t1)
psql -X -q -c "VACUUM ANALYZE gai_versions"
t0=$(date +%s.%N); psql -X -q -c "SELECT gai_refresh()" >/dev/null; t1=$(date +%s.%N)
refresh1_ms=$(ms $t0 $t1)
t0=$(date +%s.%N); psql -X -q -c "SELECT gai_refresh()" >/dev/null; t1=$(date +%s.%N)
refresh2_ms=$(ms $t0 $t1)

echo
printf "%-46s %10s %12s %10s %s\n" "step" "ms" "reports/s" "vs COPY" "target"
printf "%-46s %10s %12s %10s %s\n" "COPY of the texts into a plain table" "$copy_ms" "$(rate $files $copy_ms)" "1.00x" "baseline"
printf "%-46s %10s %12s %10s %s\n" "gaireport load ($files files, $texts texts)" "$load_ms" \
  "$(rate $files $load_ms)" "$(python3 -c "print(\"%.2fx\" % ($load_ms / $copy_ms))")" \
  "$(python3 -c "print(\">= 5000/s: \" + (\"PASS\" if $files / ($load_ms / 1000) >= 5000 else \"FAIL\"))")"
printf "%-46s %10s %12s %10s %s\n" "gaireport load again ($wal bytes of WAL)" "$reload_ms" "$(rate $files $reload_ms)" "" ""
printf "%-46s %10s %12s %10s %s\n" "gai_reparse(every => true) of $texts versions" "$reparse_ms" "$(rate $texts $reparse_ms)" "" ""
printf "%-46s %10s %12s %10s %s\n" "gai_refresh(), first (all views filled)" "$refresh1_ms" "" "" \
  "$(python3 -c "print(\"<= 30 s: \" + (\"PASS\" if $refresh1_ms <= 30000 else \"FAIL\"))")"
printf "%-46s %10s %12s %10s %s\n" "gai_refresh(), again (nothing changed)" "$refresh2_ms" "" "" \
  "$(python3 -c "print(\"<= 30 s: \" + (\"PASS\" if $refresh2_ms <= 30000 else \"FAIL\"))")"
echo
echo "store after the load: $size_loaded ($texts texts, $reports reports)"
echo "gai_reparse: $(tail -1 "$work/reparse.err" | sed "s/^NOTICE: *//")"
echo "gai_reparse result (versions_read|readings_changed|moved|current_changed|remaining): $(cat "$work/reparse.out")"
echo
printf "%-26s %8s %10s %s\n" "view (SELECT *)" "rows" "best ms" "target"
for v in gai_requests_yearly gai_requests_by_agency gai_denial_reasons gai_appeals_yearly gai_active_yearly gai_quality_yearly; do
  best=$(psql -X -At -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM $v" >/dev/null
         for i in 1 2 3; do psql -X -At -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM $v" | python3 -c "import json,sys; p=json.load(sys.stdin)[0]; print(p[\"Planning Time\"] + p[\"Execution Time\"])"; done | sort -n | head -1)
  n=$(psql -X -At -c "SELECT count(*) FROM $v")
  printf "%-26s %8s %10.1f %s\n" "$v" "$n" "$best" "$(python3 -c "print(\"<= 100 ms: \" + (\"PASS\" if $best <= 100 else \"FAIL\"))")"
done
echo
psql -X -c "SELECT pg_size_pretty(pg_total_relation_size('"'"'gai_versions'"'"')) AS store_size,
                   pg_size_pretty(pg_relation_size('"'"'gai_versions'"'"')) AS heap,
                   pg_size_pretty(pg_indexes_size('"'"'gai_versions'"'"')) AS indexes,
                   (SELECT count(*) FROM gai_versions) AS texts, (SELECT count(*) FROM gai_reports) AS reports,
                   (SELECT count(*) FROM gai_versions WHERE NOT is_valid) AS invalid_texts"
'
