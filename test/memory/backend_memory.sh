#!/usr/bin/env bash
# Peak memory of a server backend per input byte, and how fast a cancel
# lands, on the texts that cost the most: 32 MiB of line breaks, 32 MiB of
# one-character lines, and a 50 MB report (seed 000 repeated).  For each:
# the backend's resident memory before (VmRSS) and its peak after (VmHWM) one call of
# gai_report and of gai_sections (the narrative is the costliest output), the
# growth per input byte, and the time from statement_timeout to the error.
# Bound checked: growth <= 28 bytes per input byte + 64 MiB (the core's 26,
# README "Memory", plus the text itself and the result), cancel within 0.5 s.
# Run inside scripts/with-cluster.sh as root (reads /proc of the backend).
# Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
psql -X -q -c "CREATE EXTENSION IF NOT EXISTS gaireport" >/dev/null
seed=test/fixtures/seeds/000_51aabc94d70baff8.txt

# name | SQL expression of the text (built in the server)
cases=(
  "32 MiB of line breaks|repeat(E'\\n', 33554432)"
  "32 MiB of one-character lines|repeat(E'a\\n', 16777216)"
  "50 MB report (seed 000 x 6766)|repeat(:'seed', 6766)"
  "50 MB web page (a page's body x 3550)|'<html><body>' || repeat(:'page', 3550) || '</body></html>'"
)
# the body of a rendered page (its tables, Word-exported, and narrative)
page=$(python3 -c "import sys; s=open('test/fixtures/html/000001.html', encoding='utf-8').read(); print(s[s.index('<body>') + 6:s.index('</body>')])")
for c in "${cases[@]}"; do
  name=${c%%|*}
  expr=${c#*|}
  for fn in report sections; do
    if [ "$fn" = report ]; then q="SELECT r.cell_count FROM t, gai_report(t.body) r"; else q="SELECT count(*) FROM t, gai_sections(t.body)"; fi
    out=$(psql -X -At -v seed="$(cat "$seed")" -v page="$page" <<SQL 2>&1
\set QUIET 1
CREATE TEMP TABLE t AS SELECT $expr AS body;
SELECT pg_backend_pid() \gset
SELECT count(*) FROM gai_report('warm-up');
\setenv PID :pg_backend_pid
\! echo "before \$(awk '/VmRSS/ {print \$2}' /proc/\$PID/status)"
$q;
\! echo "after \$(awk '/VmHWM/ {print \$2}' /proc/\$PID/status)"
SELECT 'bytes ' || octet_length(body) FROM t;
SQL
)
    before=$(echo "$out" | awk '/^before/ {print $2}')
    after=$(echo "$out" | awk '/^after/ {print $2}')
    bytes=$(echo "$out" | awk '/^bytes/ {print $2}')
    if [ -z "$before" ] || [ -z "$after" ] || [ -z "$bytes" ]; then
      check "$name, gai_$fn: measured" false
      echo "$out" | tail -5
      continue
    fi
    growth=$(( (after - before) * 1024 ))
    ratio=$(awk -v g="$growth" -v b="$bytes" 'BEGIN {printf "%.2f", g / b}')
    printf '# %-34s gai_%-9s %10d bytes  peak backend growth %11d bytes  %6s bytes/byte\n' "$name" "$fn" "$bytes" "$growth" "$ratio"
    check "$name, gai_$fn: <= 28 bytes/byte + 64 MiB" '[ "$growth" -le $((28 * bytes + 64 * 1048576)) ]'
  done
  # cancel: statement_timeout fires inside the parse
  ms=$(psql -X -At -v seed="$(cat "$seed")" -v page="$page" <<SQL 2>&1 | awk '/^ms/ {print $2}'
\set QUIET 1
CREATE TEMP TABLE t AS SELECT $expr AS body;
SET statement_timeout = 100;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SELECT count(*) FROM t, gai_sections(t.body);
SELECT 'ms ' || round((extract(epoch FROM clock_timestamp()) - :t0) * 1000);
SQL
)
  printf '# %-34s cancel after statement_timeout 100 ms: %s ms\n' "$name" "${ms:-?}"
  check "$name: cancelled within 600 ms of the call (timeout 100 ms)" '[ -n "$ms" ] && [ "$ms" -le 600 ]'
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
