#!/usr/bin/env bash
# PDF reports: how much of `gaireport load`'s time is the reading, not
# pdftotext (a benchmark, not a test).
#
#   bash test/bench/bench_pdf.sh [N]     # from the repo root; N files, default 300
#
# The PDFs are the committed fixtures (test/fixtures/pdf/report_2019.pdf,
# report_2021.pdf) and, when ../shared/real exists, its published PDFs; each
# is copied to N files in all, every copy made a different file (a PDF
# comment appended after %%EOF, which readers ignore) so the loader converts
# each one.  From one run, on one core (best of 3 after a warm-up):
#   pdftotext    pdftotext -tsv FILE - for each file, one after another: the
#                baseline, what any PDF reader pays to get the words out
#   load         gaireport load --jobs 1 of the N files into a throwaway cluster
#                (fsync on): detection, pdftotext -tsv, the text sent and read
#                by the server, stored
#   word boxes   SELECT gai_report(body) over the word-box texts, in SQL
# and the ratio load / pdftotext (1.0 would mean the reading and storing
# cost nothing).  Exit status 0 whatever the numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-300}
RUNS=${BENCH_RUNS:-3}

if [ "${GAI_BENCH_INNER:-}" = 1 ]; then
  work=$1
  N=$GAI_BENCH_N
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 --no-psqlrc)
  now() { date +%s.%N; }
  best_load=
  best_p=
  # the baseline and the load alternate, so a busy moment of the machine
  # falls on both
  for r in $(seq 0 "$RUNS"); do
    t0=$(now)
    for f in "$work"/files/*.pdf; do pdftotext -tsv "$f" - >/dev/null; done
    t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')
    if [ "$r" -gt 0 ] && { [ -z "$best_p" ] || awk -v a="$t" -v b="$best_p" 'BEGIN {exit !(a < b)}'; }; then best_p=$t; fi
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS b" -c "CREATE DATABASE b" >/dev/null
    "${PSQL[@]}" -d b -c "CREATE EXTENSION gaireport" >/dev/null
    t0=$(now)
    gaireport load -q --jobs 1 --db "host=$PGHOST port=$PGPORT dbname=b user=$PGUSER" "$work/files" \
      2>"$work/load.err" || { cat "$work/load.err" >&2; exit 1; }
    t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')
    if [ "$r" -gt 0 ] && { [ -z "$best_load" ] || awk -v a="$t" -v b="$best_load" 'BEGIN {exit !(a < b)}'; }; then best_load=$t; fi
  done
  tail -1 "$work/load.err" >&2
  echo "load_s $best_load"
  echo "pdftotext_s $best_p"
  "${PSQL[@]}" -d b -At -c "SELECT 'stored ' || count(*) || ' cells_read ' || sum(cell_count - blank_count - unreadable_count) FROM gai_versions"
  # word boxes in SQL: every stored text, repeated to N reports
  "${PSQL[@]}" -d b <<SQL >/dev/null
CREATE TABLE t AS SELECT v.body FROM gai_versions v, generate_series(1, ceil($N::numeric / (SELECT count(*) FROM gai_versions))::int) LIMIT $N;
SQL
  best=
  for r in $(seq 0 "$RUNS"); do
    ms=$("${PSQL[@]}" -d b -At <<'SQL' | awk '/^ms/ {print $2}'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT sum(r.cell_count) FROM t, gai_report(t.body) r \gset
SELECT 'ms ' || round((extract(epoch FROM clock_timestamp()) - :t0) * 1000, 1);
SQL
)
    if [ "$r" -gt 0 ] && { [ -z "$best" ] || awk -v a="$ms" -v b="$best" 'BEGIN {exit !(a < b)}'; }; then best=$ms; fi
  done
  echo "report_ms $best"
  exit 0
fi

[ "${BENCH_NO_INSTALL:-}" = 1 ] || { make -s && make -s install >/dev/null; }
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
src=(test/fixtures/pdf/report_2019.pdf test/fixtures/pdf/report_2021.pdf)
if [ -d ../shared/real ]; then
  for f in ../shared/real/*.pdf; do [ -e "$f" ] && src+=("$f"); done
fi
mkdir -p "$work/files"
for i in $(seq 1 "$N"); do
  f=${src[$(( (i - 1) % ${#src[@]} ))]}
  out="$work/files/$(printf '%05d' "$i").pdf"
  cp "$f" "$out"
  printf '\n%% copy %d\n' "$i" >> "$out"
done
chmod -R a+rX "$work"
bytes=$(cat "$work"/files/*.pdf | wc -c)
echo "== $N PDF files from ${#src[@]} documents ($(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB)"


out=$(GAI_BENCH_INNER=1 GAI_BENCH_N=$N scripts/with-cluster.sh bash "$0" "$work" 2>&1) || { echo "$out" >&2; exit 1; }
load=$(echo "$out" | awk '/^load_s/ {print $2}')
rep=$(echo "$out" | awk '/^report_ms/ {print $2}')
best_p=$(echo "$out" | awk '/^pdftotext_s/ {print $2}')
echo "$out" | grep -E '^(stored|gaireport:)' || true
awk -v n="$N" -v p="$best_p" -v l="$load" -v r="$rep" 'BEGIN {
  printf "pdftotext -tsv alone      %8.3f s  %7.1f files/s\n", p, n / p
  printf "gaireport load --jobs 1   %8.3f s  %7.1f files/s\n", l, n / l
  printf "ratio load / pdftotext    %8.2f  (above 1: what reading and storing add; below: the loader overlaps pdftotext with the work of the server)\n", l / p
  printf "word-box gai_report       %8.3f s  %7.1f reports/s (in SQL, %d texts)\n", r / 1000, n / (r / 1000), n
}'
