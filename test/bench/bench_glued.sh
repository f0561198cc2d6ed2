#!/usr/bin/env bash
# Reading glued web text: gai_report on it against the cell-per-line text of the
# same reports, and the slowest single table (a benchmark, not a test).
#
#   bash test/bench/bench_glued.sh [N]     # from the repo root; N reports, default 2000
#
# Renders N reports as glued page text (test/tools/render_corpus.py --shapes glued,
# seed 7, both templates, blank cells, broken arithmetic: the cells of a row run
# together, often the whole page on one line) and the same N reports as Word-export
# text, one cell a line (test/tools/gen_reports.py with the same seed: report k has
# the same numbers in both; the script checks that), loads both into a throwaway
# cluster and prints, from one run, best of 3 on one core (no parallel query, no JIT):
#   gai_report on the glued pages            -> reports/s, MB/s
#   gai_report on the cell-per-line texts    -> reports/s, MB/s
#   the slowest single report of the glued corpus, each timed alone (its time is that
#   of its tables, the solver's share), and a requests table past the solver's work
#   budget (every row 20 digits that no rule splits: the worst a table can cost)
# Exit status 0 whatever the numbers; non-zero only when something failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}
RUNS=${BENCH_RUNS:-3}

# ---------------------------------------------------------------- inner
if [ "${GAI_BENCH_INNER:-}" = 1 ]; then
  work=$1
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 --no-psqlrc)
  "${PSQL[@]}" <<SQL >/dev/null
CREATE EXTENSION gaireport;
CREATE TABLE glued(name text PRIMARY KEY, body text);
CREATE TABLE cells(name text PRIMARY KEY, body text);
CREATE TABLE worst(name text PRIMARY KEY, body text);
\copy glued FROM '$work/glued.csv' WITH (FORMAT csv)
\copy cells FROM '$work/cells.csv' WITH (FORMAT csv)
\copy worst FROM '$work/worst.csv' WITH (FORMAT csv)
VACUUM ANALYZE glued;
VACUUM ANALYZE cells;
SQL
  for t in glued cells; do
    best=
    for r in $(seq 0 "$RUNS"); do
      ms=$("${PSQL[@]}" -At <<SQL | awk '/^ms/ {print $2}'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT sum(r.cell_count) FROM $t, gai_report($t.body) r \gset
SELECT 'ms ' || round((extract(epoch FROM clock_timestamp()) - :t0) * 1000, 1);
SQL
)
      # run 0 warms the caches
      if [ "$r" -gt 0 ] && { [ -z "$best" ] || awk -v a="$ms" -v b="$best" 'BEGIN {exit !(a < b)}'; }; then best=$ms; fi
    done
    echo "ms_$t $best"
  done
  "${PSQL[@]}" -At -F ' ' -c "SELECT 'glued_stats', count(*) FILTER (WHERE r.layout = 'glued'), sum(r.cell_count), sum(r.ambiguous_count), sum(r.blank_count), sum(r.unreadable_count) FROM glued, gai_report(glued.body) r"
  "${PSQL[@]}" -At -F ' ' -c "SELECT 'cells_stats', count(*) FILTER (WHERE r.layout = 'cells'), sum(r.cell_count), sum(r.ambiguous_count), sum(r.blank_count), sum(r.unreadable_count) FROM cells, gai_report(cells.body) r"
  # each report alone: the slowest (best of 3 per report, so a scheduler hiccup is not it)
  "${PSQL[@]}" -At -F ' ' <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE FUNCTION time_each(tbl regclass) RETURNS TABLE(name text, ms float8, cells integer, ambiguous integer)
LANGUAGE plpgsql AS $$
DECLARE rec record; t0 timestamptz; best float8; r gai_report;
BEGIN
  FOR rec IN EXECUTE format('SELECT name, body FROM %s', tbl) LOOP
    best := NULL;
    FOR k IN 1..3 LOOP
      t0 := clock_timestamp();
      SELECT * INTO r FROM gai_report(rec.body);
      best := least(coalesce(best, 1e9), extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    name := rec.name; ms := best; cells := r.cell_count; ambiguous := r.ambiguous_count;
    RETURN NEXT;
  END LOOP;
END $$;
SELECT 'slowest_glued', name, round(ms::numeric, 3), cells, ambiguous FROM time_each('glued') ORDER BY ms DESC LIMIT 1;
SELECT 'median_glued', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric, 3) FROM time_each('glued');
SELECT 'worst', name, round(ms::numeric, 3), cells, ambiguous FROM time_each('worst') ORDER BY ms DESC;
SELECT 'worst_warning', w FROM worst, gai_report(worst.body) r, unnest(r.warnings) w WHERE w LIKE '%budget%' LIMIT 1;
SQL
  exit 0
fi

# ---------------------------------------------------------------- outer
make -s && make -s install >/dev/null
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

echo "== $N reports: glued page text (render_corpus.py --shapes glued) and one cell a line (gen_reports.py), seed 7"
python3 test/tools/render_corpus.py --n "$N" --seed 7 --out "$work/r" --shapes glued --format mix \
  --blank-rate 0.3 --bad-rate 0.1 >/dev/null
python3 test/tools/gen_reports.py --n "$N" --seed 7 --format mix --layout cells --noise seed \
  --bad-rate 0.1 --out "$work/c" >/dev/null
python3 - "$work" <<'PY'
import csv, glob, json, os, sys
w = sys.argv[1]
# the same numbers in both renderings of report k
for k in range(min(50, len(glob.glob(os.path.join(w, "c", "*.json"))))):
    a = json.load(open(os.path.join(w, "r", "glued", f"{k:06d}.json"), encoding="utf-8"))
    b = json.load(open(os.path.join(w, "c", f"{k:06d}.json"), encoding="utf-8"))
    full_a = {tuple(c[:3]): c[3] for c in a["cells"]}
    full_a.update({tuple(c[:3]): c[3] for c in a.get("ambiguous_truth", [])})
    full_b = {tuple(c[:3]): c[3] for c in b["cells"]}
    if full_a != full_b:
        sys.exit(f"report {k}: the glued and the cell-per-line renderings differ")
for name, pat in (("glued", os.path.join(w, "r", "glued", "*.txt")), ("cells", os.path.join(w, "c", "*.txt"))):
    with open(os.path.join(w, name + ".csv"), "w", newline="", encoding="utf-8") as out:
        wr = csv.writer(out)
        n = size = 0
        for p in sorted(glob.glob(pat)):
            body = open(p, encoding="utf-8").read()
            wr.writerow([os.path.basename(p), body])
            n += 1
            size += len(body.encode("utf-8"))
    print(f"{name}: {n} reports, {size / 1e6:.1f} MB ({size / n / 1000:.1f} kB each)")
    open(os.path.join(w, name + ".bytes"), "w").write(f"{n} {size}\n")
# the worst a table can cost: every requests row 20 digits (no split the rules allow
# in the budget), on the first glued page of each template
import random, re
rr = random.Random(1)
with open(os.path.join(w, "worst.csv"), "w", newline="", encoding="utf-8") as out:
    wr = csv.writer(out)
    for fmt in ("2019", "2021"):
        for p in sorted(glob.glob(os.path.join(w, "r", "glued", "*.txt"))):
            t = json.load(open(p[:-4] + ".json", encoding="utf-8"))
            if t["format"] != fmt:
                continue
            body = open(p, encoding="utf-8").read()
            a, b = body.find("一、本年新收"), body.find("四、政府信息公开行政复议")
            if a < 0 or b < 0:
                continue
            # each run of digits after a requests label: 20 digits
            mid = re.sub(r"(?<=[^\d.、])\d+(?=[^\d])", lambda m: "".join(rr.choice("123456789") for _ in range(20)),
                         body[a:b])
            wr.writerow([f"worst_{fmt}_{os.path.basename(p)}", body[:a] + mid + body[b:]])
            break
PY
echo "== gai_report in a throwaway cluster (one core, best of $RUNS)"
out=$(GAI_BENCH_INNER=1 BENCH_RUNS="$RUNS" taskset -c 0 scripts/with-cluster.sh bash "$0" "$work")
read -r gn gb < "$work/glued.bytes"
read -r cn cb < "$work/cells.bytes"
g_ms=$(echo "$out" | awk '/^ms_glued/ {print $2}')
c_ms=$(echo "$out" | awk '/^ms_cells/ {print $2}')
awk -v gn="$gn" -v gb="$gb" -v cn="$cn" -v cb="$cb" -v g="$g_ms" -v c="$c_ms" 'BEGIN {
  printf "\n%-40s %10s %12s %10s\n", "", "seconds", "reports/s", "MB/s"
  printf "%-40s %10.3f %12.0f %10.1f\n", "gai_report, glued page text", g / 1000, gn / (g / 1000), gb / 1e6 / (g / 1000)
  printf "%-40s %10.3f %12.0f %10.1f\n", "gai_report, one cell a line (same reports)", c / 1000, cn / (c / 1000), cb / 1e6 / (c / 1000)
  printf "glued / cell-per-line time per report: %.2fx\n", (g / gn) / (c / cn)
}'
echo "$out" | awk '
  /^glued_stats/ {printf "glued: %d of the reports read as layout glued; cells %d, ambiguous %d, blank %d, unreadable %d\n", $2, $3, $4, $5, $6}
  /^cells_stats/ {printf "cells: %d of the reports read as layout cells; cells %d, ambiguous %d, blank %d, unreadable %d\n", $2, $3, $4, $5, $6}
  /^median_glued/ {printf "glued: median report %s ms\n", $2}
  /^slowest_glued/ {printf "slowest single glued report (its tables): %s ms (%s; %d cells, %d ambiguous)\n", $3, $2, $4, $5}
  /^worst / {printf "a requests table past the work budget (every row 20 digits): %s ms (%s; %d cells, %d ambiguous)\n", $3, $2, $4, $5}
  /^worst_warning/ {sub(/^worst_warning /, ""); print "  its warning: " $0}'
