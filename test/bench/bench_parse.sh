#!/usr/bin/env bash
# Throughput and memory benchmark for gaireport (a benchmark, not a test).
#
#   bash test/bench/bench_parse.sh [N]        # from the repo root; N defaults to 10000
#
# Builds and installs the extension, generates N synthetic reports
# (test/tools/gen_reports.py, seed 42, both templates, both layouts, real-export
# noise, 10% with broken arithmetic) plus copies of the real seeds in
# test/fixtures/seeds/, loads them into corpus(id serial, body text) in a
# throwaway cluster (scripts/with-cluster.sh), and on one core (no parallel
# query, no JIT) prints, best of 3 timed runs after one warm-up:
#
#   B  = SELECT sum(length(body)) FROM corpus               (detoast + read baseline)
#   R  = SELECT sum((gai_report(body)).cell_count) FROM corpus   -> reports/s
#   P  = SELECT count(*) FROM corpus, gai_parse(body)       -> cells/s
#
# (R is not `count(*) FROM corpus, LATERAL (SELECT gai_report(body)) r`: the
# planner pulls that subquery up and drops the unused call; the script counts
# the calls with track_functions = all to show it.)  The queries take turns
# within each round, and are repeated on corpus_plain (same bodies, stored
# uncompressed) to show the share of pglz decompression.  Then it prints them
# against the targets (25,000 reports/s, 2,000,000 cells/s), then the backend's
# memory over 5 passes of each, then (if perf works) where the backend spends
# its time in P.  Exit status is 0 whatever the numbers; non-zero only when
# something failed.
#
# Environment: BENCH_RUNS (timed runs, default 3), BENCH_SEED_COPIES (copies of
# each real seed, default 20), BENCH_PERF=0 to skip perf, BENCH_KEEP=1 to keep
# the temp dir.
set -euo pipefail

TARGET_REPORTS_PER_S=25000
TARGET_CELLS_PER_S=2000000

# ====================================================================== inner
# Runs inside scripts/with-cluster.sh (PGHOST etc. set), with the data ready in $1.
if [ "${GAI_BENCH_INNER:-}" = 1 ]; then
  work=$1
  runs=${BENCH_RUNS:-3}
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 --no-psqlrc)

  echo "PostgreSQL server: $("${PSQL[@]}" -Atc 'SELECT version()')"
  echo

  # ------------------------------------------------------------------ load
  t0=$(date +%s.%N)
  "${PSQL[@]}" <<SQL
CREATE EXTENSION gaireport;
CREATE TABLE corpus(id serial PRIMARY KEY, body text);
\copy corpus(body) FROM '$work/corpus.csv' WITH (FORMAT csv)
VACUUM ANALYZE corpus;
-- the same bodies stored uncompressed (secondary measurement only)
CREATE TABLE corpus_plain(id integer PRIMARY KEY, body text);
ALTER TABLE corpus_plain ALTER COLUMN body SET STORAGE EXTERNAL;
INSERT INTO corpus_plain SELECT id, body FROM corpus;
VACUUM ANALYZE corpus_plain;
SQL
  t1=$(date +%s.%N)
  echo "== corpus"
  "${PSQL[@]}" -P footer=off <<'SQL'
SELECT c.relname AS "table",
       (SELECT count(*) FROM corpus) AS reports,
       pg_size_pretty((SELECT sum(octet_length(body)) FROM corpus)) AS "text (bytes)",
       round((SELECT avg(octet_length(body)) FROM corpus)) AS "avg bytes/report",
       pg_size_pretty(pg_relation_size(c.oid)) AS heap,
       pg_size_pretty(pg_relation_size(c.reltoastrelid)) AS toast,
       pg_size_pretty((SELECT sum(pg_column_size(body)) FROM corpus)) AS "stored (after compression)",
       CASE a.attstorage WHEN 'x' THEN 'extended (default: compressed, TOASTed)'
                         WHEN 'e' THEN 'external (uncompressed)' ELSE a.attstorage::text END AS "body storage"
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'body'
 WHERE c.relname = 'corpus';
SQL
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "load (COPY + VACUUM ANALYZE, both tables): %.1f s\n", b - a }'
  echo "main run: default storage for body (EXTENDED: ~4-8 KB bodies are pglz-compressed"
  echo "and moved to TOAST), i.e. every call pays detoast + decompression, as a user would."
  echo

  # ------------------------------------------------------- harness in SQL
  "${PSQL[@]}" <<'SQL'
CREATE TABLE bench_runs(label text, run integer, ms float8, cpu_ms float8, wait_ms float8, result bigint);
-- This backend's time on a CPU and waiting for one, in ns, from
-- /proc/<pid>/schedstat (NULLs when the kernel has no schedstat).
CREATE FUNCTION sched_ns(OUT on_cpu bigint, OUT waiting bigint) LANGUAGE plpgsql AS $$
DECLARE f text[];
BEGIN
  f := regexp_split_to_array(trim(pg_read_file('/proc/' || pg_backend_pid() || '/schedstat')), '\s+');
  on_cpu := f[1]::bigint; waiting := f[2]::bigint;
EXCEPTION WHEN OTHERS THEN on_cpu := NULL; waiting := NULL;
END $$;
-- Run each query once as warm-up (run 0), then `runs` rounds; within a round
-- the queries take turns, so a burst of load elsewhere on the machine hits
-- one run of each rather than all runs of one.  Each execution is timed on
-- the server with clock_timestamp() (wall) and schedstat (CPU); each query
-- returns one bigint.  Planning a one-table aggregate takes microseconds and
-- is included.
CREATE FUNCTION bench(labels text[], qs text[], runs integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; t1 timestamptz; r bigint; s0 record; s1 record;
BEGIN
  FOR i IN 0..runs LOOP
    FOR k IN 1..array_length(qs, 1) LOOP
      s0 := sched_ns();
      t0 := clock_timestamp();
      EXECUTE qs[k] INTO r;
      t1 := clock_timestamp();
      s1 := sched_ns();
      INSERT INTO bench_runs VALUES (labels[k], i, extract(epoch FROM t1 - t0) * 1000,
          (s1.on_cpu - s0.on_cpu) / 1e6, (s1.waiting - s0.waiting) / 1e6, r);
    END LOOP;
  END LOOP;
END $$;
SQL

  Q_B='SELECT sum(length(body)) FROM corpus'
  Q_R='SELECT sum((gai_report(body)).cell_count) FROM corpus'
  Q_P='SELECT count(*) FROM corpus, gai_parse(body)'

  # ------------------------------------- the functions are really called
  echo "== plans (EXPLAIN VERBOSE): each function must appear, evaluated per row"
  "${PSQL[@]}" -P footer=off <<SQL
SET max_parallel_workers_per_gather = 0; SET jit = off;
EXPLAIN (VERBOSE, COSTS OFF) $Q_R;
EXPLAIN (VERBOSE, COSTS OFF) $Q_P;
SQL
  echo "== call counts (track_functions = all, one extra untimed run each; must equal reports)"
  "${PSQL[@]}" -P footer=off <<SQL
SET max_parallel_workers_per_gather = 0; SET jit = off;
CREATE TEMP TABLE calls(q text, before bigint, after bigint);
SET track_functions = 'all';
\\o /dev/null
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
INSERT INTO calls SELECT 'R: $Q_R', coalesce((SELECT calls FROM pg_stat_user_functions WHERE funcname = 'gai_report'), 0);
$Q_R;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
UPDATE calls SET after = coalesce((SELECT calls FROM pg_stat_user_functions WHERE funcname = 'gai_report'), 0) WHERE q LIKE 'R:%';
INSERT INTO calls SELECT 'P: $Q_P', coalesce((SELECT calls FROM pg_stat_user_functions WHERE funcname = 'gai_parse'), 0);
$Q_P;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
UPDATE calls SET after = coalesce((SELECT calls FROM pg_stat_user_functions WHERE funcname = 'gai_parse'), 0) WHERE q LIKE 'P:%';
-- the trap: a LATERAL subquery whose output is unused is pulled up and dropped
INSERT INTO calls SELECT 'L: SELECT count(*) FROM corpus, LATERAL (SELECT gai_report(body)) r   (not used, shown as the trap)', coalesce((SELECT calls FROM pg_stat_user_functions WHERE funcname = 'gai_report'), 0);
SELECT count(*) FROM corpus, LATERAL (SELECT gai_report(body)) r;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
UPDATE calls SET after = coalesce((SELECT calls FROM pg_stat_user_functions WHERE funcname = 'gai_report'), 0) WHERE q LIKE 'L:%';
\\o
SELECT q AS query, after - before AS "function calls", (SELECT count(*) FROM corpus) AS reports,
       CASE WHEN after - before = (SELECT count(*) FROM corpus) THEN 'once per report'
            WHEN after = before THEN 'never called: optimised away'
            ELSE 'NOT once per report' END AS verdict
  FROM calls ORDER BY q DESC;
SQL

  # ------------------------------------------------------------ timings
  echo "== timing: one core (max_parallel_workers_per_gather = 0, jit = off), 1 warm-up + best of $runs, queries taking turns"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${PSQL[@]}" <<SQL
SET max_parallel_workers_per_gather = 0; SET jit = off;
\\o /dev/null
-- secondary (_plain): same bodies, uncompressed
SELECT bench(ARRAY['B', 'R', 'P', 'B_plain', 'R_plain', 'P_plain'],
             ARRAY['$Q_B', '$Q_R', '$Q_P',
                   replace('$Q_B', 'corpus', 'corpus_plain'),
                   replace('$Q_R', 'corpus', 'corpus_plain'),
                   replace('$Q_P', 'corpus', 'corpus_plain')], $runs);
SQL
  "${PSQL[@]}" -P footer=off -v tr=$TARGET_REPORTS_PER_S -v tc=$TARGET_CELLS_PER_S <<'SQL'
\pset null ''
CREATE TEMP VIEW best AS
SELECT label, min(ms) FILTER (WHERE run > 0) AS ms,
       (array_agg(cpu_ms ORDER BY ms) FILTER (WHERE run > 0))[1] AS cpu_ms,
       (array_agg(wait_ms ORDER BY ms) FILTER (WHERE run > 0))[1] AS wait_ms,
       string_agg(round(ms::numeric, 1)::text, ' / ' ORDER BY run) FILTER (WHERE run > 0) AS runs,
       round((array_agg(ms ORDER BY run))[1]::numeric, 1) AS warmup,
       max(result) FILTER (WHERE run > 0) AS result,
       count(DISTINCT result) FILTER (WHERE run > 0) AS distinct_results
  FROM bench_runs GROUP BY label;
\echo
\echo '-- main run: table corpus, default (compressed, TOASTed) storage'
SELECT q.what AS "query",
       q.rows AS "reports", q.cells AS "cells",
       round(b.ms::numeric, 1) AS "best ms", b.runs AS "timed runs ms", b.warmup AS "warm-up ms",
       round(b.cpu_ms::numeric, 1) AS "cpu ms", round(b.wait_ms::numeric, 1) AS "runq ms",
       round(q.rows / (b.ms / 1000)) AS "reports/s",
       round(q.cells / (b.ms / 1000)) AS "cells/s",
       CASE WHEN q.label = 'B' THEN '1.00x' ELSE to_char(b.ms / base.ms, 'FM990.00') || 'x' END AS "vs B",
       q.target AS "target",
       CASE WHEN q.label = 'R' THEN CASE WHEN q.rows / (b.ms / 1000) >= :tr THEN 'PASS' ELSE 'FAIL' END
            WHEN q.label = 'P' THEN CASE WHEN q.cells / (b.ms / 1000) >= :tc THEN 'PASS' ELSE 'FAIL' END
            ELSE '' END AS "result"
  FROM (VALUES
          ('B', 'B  sum(length(body))', (SELECT count(*) FROM corpus), NULL::bigint, 'baseline'),
          ('R', 'R  gai_report(body)', (SELECT count(*) FROM corpus), (SELECT result FROM best WHERE label = 'R'),
                '>= ' || to_char(:tr, 'FM999,999,999') || ' reports/s'),
          ('P', 'P  FROM corpus, gai_parse(body)', (SELECT count(*) FROM corpus), (SELECT result FROM best WHERE label = 'P'),
                '>= ' || to_char(:tc, 'FM999,999,999') || ' cells/s')
       ) AS q(label, what, rows, cells, target)
  JOIN best b ON b.label = q.label
  CROSS JOIN (SELECT ms FROM best WHERE label = 'B') base
 ORDER BY q.label = 'B' DESC, q.label DESC;
\echo 'best ms: wall time of the fastest timed run (rates and PASS/FAIL use it); cpu ms / runq ms: that run''s time'
\echo 'on a CPU / waiting for one, from /proc/<backend>/schedstat (cpu ms well below best ms: the machine was busy).'
\echo 'R cells = sum of gai_report(body).cell_count (template cells found); P cells = rows returned by gai_parse (template + extra cells).'
\echo
\echo '-- secondary: table corpus_plain, same bodies with STORAGE EXTERNAL (no compression; still out of line)'
SELECT b.label AS "query", round(b.ms::numeric, 1) AS "best ms", b.runs AS "timed runs ms",
       round(b.cpu_ms::numeric, 1) AS "cpu ms",
       round((SELECT count(*) FROM corpus) / (b.ms / 1000)) AS "reports/s",
       CASE WHEN b.label <> 'B_plain' THEN round(b.result / (b.ms / 1000)) END AS "cells/s",
       to_char(b.ms / base.ms, 'FM990.00') || 'x' AS "vs B_plain",
       to_char(b.ms / main.ms, 'FM990.00') || 'x' AS "vs compressed"
  FROM best b
  CROSS JOIN (SELECT ms FROM best WHERE label = 'B_plain') base
  JOIN best main ON main.label = replace(b.label, '_plain', '')
 WHERE b.label LIKE '%_plain'
 ORDER BY b.label = 'B_plain' DESC, b.label DESC;
SELECT CASE WHEN count(*) FILTER (WHERE distinct_results > 1) = 0 THEN 'all timed runs of each query returned the same result'
            ELSE 'WARNING: a query returned different results across runs: ' || string_agg(label, ', ') FILTER (WHERE distinct_results > 1) END AS "check"
  FROM best;
SQL
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo

  # ------------------------------------------------------------ memory
  echo "== memory: one backend, 5 passes of R then 5 of P; /proc/<backend>/status after each pass"
  {
    echo "SET max_parallel_workers_per_gather = 0; SET jit = off;"
    echo "CREATE TEMP TABLE mem(seq serial, pass text, n integer, vmrss_kb bigint, rssanon_kb bigint, vmhwm_kb bigint);"
    cat <<'SQL'
CREATE TEMP VIEW st AS
SELECT (regexp_match(s, 'VmRSS:\s+(\d+)'))[1]::bigint AS vmrss,
       (regexp_match(s, 'RssAnon:\s+(\d+)'))[1]::bigint AS rssanon,
       (regexp_match(s, 'VmHWM:\s+(\d+)'))[1]::bigint AS vmhwm
  FROM pg_read_file('/proc/' || pg_backend_pid() || '/status') AS s;
INSERT INTO mem(pass, n, vmrss_kb, rssanon_kb, vmhwm_kb) SELECT 'start', 0, * FROM st;
\o /dev/null
SQL
    for i in 1 2 3 4 5; do
      echo "$Q_R;"
      echo "INSERT INTO mem(pass, n, vmrss_kb, rssanon_kb, vmhwm_kb) SELECT 'R gai_report', $i, * FROM st;"
    done
    for i in 1 2 3 4 5; do
      echo "$Q_P;"
      echo "INSERT INTO mem(pass, n, vmrss_kb, rssanon_kb, vmhwm_kb) SELECT 'P gai_parse', $i, * FROM st;"
    done
    cat <<'SQL'
\o
SELECT pass, n AS "pass #", vmrss_kb AS "VmRSS kB", rssanon_kb AS "RssAnon kB", vmhwm_kb AS "VmHWM kB" FROM mem ORDER BY seq;
SELECT m2.pass AS "query",
       m2.vmrss_kb AS "VmRSS after pass 2", m5.vmrss_kb AS "after pass 5",
       to_char(100.0 * (m5.vmrss_kb - m2.vmrss_kb) / m2.vmrss_kb, 'FM990.00') || '%' AS "VmRSS growth 2->5",
       to_char(100.0 * (m5.rssanon_kb - m2.rssanon_kb) / m2.rssanon_kb, 'FM990.00') || '%' AS "RssAnon growth 2->5",
       to_char(100.0 * (m5.vmhwm_kb - m2.vmhwm_kb) / m2.vmhwm_kb, 'FM990.00') || '%' AS "VmHWM growth 2->5",
       CASE WHEN m5.vmrss_kb < 1.05 * m2.vmrss_kb AND m5.vmhwm_kb < 1.05 * m2.vmhwm_kb
            THEN 'PASS (VmRSS, VmHWM grew < 5%)' ELSE 'FAIL (grew >= 5%)' END AS "memory flat"
  FROM mem m2 JOIN mem m5 ON m5.pass = m2.pass AND m5.n = 5
 WHERE m2.n = 2 ORDER BY m2.seq;
SQL
  } | "${PSQL[@]}" -P footer=off
  echo "(VmRSS counts the shared buffers the backend has touched; RssAnon is its private memory.)"
  echo

  # ------------------------------------------------------------ perf
  if [ "${BENCH_PERF:-1}" != 0 ] && command -v perf >/dev/null 2>&1; then
    echo "== perf: where the backend spends its time in P (SELECT count(*) FROM corpus, gai_parse(body)), 3 runs"
    pidf=$work/backend.pid
    rm -f "$pidf"
    {
      echo "SET max_parallel_workers_per_gather = 0; SET jit = off;"
      echo "\\o $pidf"
      echo "SELECT pg_backend_pid();"
      echo "\\o /dev/null"
      echo "SELECT pg_sleep(2);"
      echo "$Q_P; $Q_P; $Q_P;"
    } | "${PSQL[@]}" -At &
    qpid=$!
    for _ in $(seq 50); do [ -s "$pidf" ] && break; sleep 0.1; done
    bpid=$(tr -dc 0-9 <"$pidf" 2>/dev/null || true)
    # The report below is best effort: its failure never fails the benchmark.
    # DWARF unwinding: neither postgres nor gaireport.so keep frame pointers.
    perf record -q --call-graph dwarf,16384 -F 499 -p "$bpid" -o "$work/perf.data" >"$work/perf.log" 2>&1 &
    ppid=$!
    wait "$qpid"
    sleep 0.5
    # perf stops by itself when the backend exits; TERM in case it has not
    # (an asynchronous job of a non-interactive shell ignores SIGINT).
    kill -TERM "$ppid" 2>/dev/null || true
    wait "$ppid" || true   # perf exits non-zero when signalled
    if [ -s "$work/perf.data" ] && perf report -i "$work/perf.data" --stdio -g none >/dev/null 2>&1; then
      tidy() { grep -v '^#' | grep -v '^$' | sed 's/[[:space:]]*-[[:space:]]*-[[:space:]]*$//'; }
      echo "-- self time by shared object"
      perf report -i "$work/perf.data" --stdio --no-children --sort dso -g none --percent-limit 0.5 2>/dev/null | tidy | head -n 8 || true
      echo "-- self time by symbol (top 25)"
      perf report -i "$work/perf.data" --stdio --no-children --sort dso,symbol -g none --percent-limit 0.3 2>/dev/null | tidy | head -n 25 || true
      echo "-- inclusive time (self + callees) of named frames below the executor, top 30"
      perf report -i "$work/perf.data" --stdio --children --sort symbol -g none --percent-limit 1 2>/dev/null | tidy \
        | grep -Ev '\] (0x[0-9a-f]+|_start|main|__libc_start_\S+( \(inlined\))?|PostmasterMain|PostgresMain|PortalRun|standard_ExecutorRun|ServerLoop)$' \
        | head -n 30 || true
    else
      echo "perf record failed or recorded nothing; skipped:"; sed 's/^/  /' "$work/perf.log" | head -n 5
    fi
  else
    echo "== perf: skipped (perf not installed or BENCH_PERF=0)"
  fi
  exit 0
fi

# ====================================================================== outer
N=${1:-10000}
case $N in (''|*[!0-9]*) echo "usage: $0 [N]   (N = number of generated reports, default 10000)" >&2; exit 2;; esac
cd "$(dirname "$0")/../.."
root=$(pwd)
seed_copies=${BENCH_SEED_COPIES:-20}
SUDO=()
if [ "$(id -u)" != 0 ]; then SUDO=(sudo); fi

echo "== gaireport benchmark $(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src sql Makefile 2>/dev/null || echo ' (+ uncommitted changes in src/sql/Makefile)')"
echo "machine: nproc=$(nproc), CPU: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//') ($(grep -c '^processor' /proc/cpuinfo) logical), RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "kernel: $(uname -sr); PostgreSQL (pg_config): $(pg_config --version); load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "targets (one core): gai_report >= $TARGET_REPORTS_PER_S reports/s, gai_parse >= $TARGET_CELLS_PER_S cells/s, memory flat"
echo

echo "== build + install"
make -s
"${SUDO[@]}" make -s install
echo "installed $(pg_config --pkglibdir)/gaireport.so ($(stat -c %s "$(pg_config --pkglibdir)/gaireport.so") bytes, $(date -r "$(pg_config --pkglibdir)/gaireport.so" '+%H:%M:%S'))"
echo

work=$(mktemp -d "${TMPDIR:-/tmp}/gai-bench.XXXXXX")
chmod 755 "$work"
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

echo "== corpus: $N generated (seed 42, format mix, layout mix, noise seed, bad-rate 0.1) + $seed_copies copies of each real seed"
t0=$(date +%s.%N)
python3 test/tools/gen_reports.py --n "$N" --seed 42 --format mix --layout mix --noise seed --bad-rate 0.1 --jsonl "$work/gen.jsonl"
python3 - "$work/gen.jsonl" "$work/corpus.csv" "$seed_copies" test/fixtures/seeds/*.txt <<'PY'
import csv, json, sys
src, dst, copies, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
n_gen = n_seed = 0
with open(dst, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\n")   # RFC 4180: bodies with LF/tabs/quotes are quoted
    with open(src, encoding="utf-8") as f:
        for line in f:
            w.writerow([json.loads(line)["body"]]); n_gen += 1
    bodies = [open(p, encoding="utf-8", newline="").read() for p in seeds]
    for _ in range(copies):
        for b in bodies:
            w.writerow([b]); n_seed += 1
print(f"wrote {n_gen} generated + {n_seed} seed bodies ({len(seeds)} seeds x {copies}) = {n_gen + n_seed} rows")
PY
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "generated in %.1f s\n\n", b - a }'

GAI_BENCH_INNER=1 scripts/with-cluster.sh bash "$root/test/bench/bench_parse.sh" "$work"
