#!/usr/bin/env bash
# The main job on the bundled sample reports, in a throwaway embedded cluster:
#   - `gaireport load` the 5 real seed reports, the 40 noisy fixtures and 300
#     freshly generated reports into gaireport's embedded PostgreSQL (created
#     in a temporary GAIREPORT_HOME, removed at the end);
#   - print one summary line per sample report and every rule violation;
#   - `gaireport stats`: refresh and print the yearly views.
# Usage: scripts/demo.sh [FILE|DIR...]   (your own report files instead)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
make -s >/dev/null && "${sudo[@]}" make -s install >/dev/null

export GAIREPORT_HOME
GAIREPORT_HOME=$(mktemp -d "${TMPDIR:-/tmp}/gaireport-demo.XXXXXX")
[ "$(id -u)" = 0 ] && chmod 755 "$GAIREPORT_HOME"
cleanup() { gaireport stop >/dev/null 2>&1 || true; rm -rf "$GAIREPORT_HOME"; }
trap cleanup EXIT

if [ $# -gt 0 ]; then
  sources=("$@")
else
  python3 test/tools/gen_reports.py --n 300 --seed 7 --format mix --layout mix --noise seed \
    --bad-rate 0.1 --out "$GAIREPORT_HOME/generated" >/dev/null
  rm -f "$GAIREPORT_HOME"/generated/*.json
  sources=(test/fixtures/seeds test/fixtures/noisy "$GAIREPORT_HOME/generated")
fi

echo "== gaireport load ${sources[*]}"
gaireport load --no-progress "${sources[@]}" || true
conn=$(gaireport status | sed -n 's/^  connect: psql //p' | tr -d '"')

echo
echo "== the sample reports (real seeds and noisy fixtures), one line each"
psql -X -q "$conn" <<'SQL'
\pset null ''
SET datestyle = ISO;
SELECT regexp_replace(source, '^.*/', '') AS file, agency, year, template AS tpl, layout,
       report_date, cell_count AS cells, blank_count AS blank, unreadable_count AS unreadable,
       error_count AS errors, is_valid AS valid, cardinality(warnings) AS warnings
FROM gai_reports
WHERE source NOT LIKE '%/generated/%'
ORDER BY source;
\echo
\echo == every rule violation of the stored reports (errors first)
SELECT regexp_replace(r.source, '^.*/', '') AS file, v->>'rule' AS rule, v->>'severity' AS severity,
       v->>'section' AS section, v->>'item' AS item, v->>'col' AS col,
       v->>'expected' AS expected, v->>'actual' AS actual
FROM gai_reports r, jsonb_array_elements(r.violations) v
ORDER BY v->>'severity', r.source, v->>'rule';
SQL

echo
echo "== gaireport stats"
gaireport stats
