#!/usr/bin/env bash
# The main job on the bundled sample reports: start a throwaway PostgreSQL,
# install gaireport, parse every sample report (the 5 real seeds and 8 of
# the noisy fixtures), print one summary line per report and every rule
# violation, then drop the cluster.  Usage: scripts/demo.sh [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
make -s >/dev/null && "${sudo[@]}" make -s install >/dev/null

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(test/fixtures/seeds/*.txt test/fixtures/noisy/00[0-7].txt)
fi
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
{
  echo "CREATE EXTENSION gaireport;"
  echo "CREATE TABLE report(file text, body text);"
  for f in "${files[@]}"; do
    printf '\\set body `cat %q`\n' "$f"
    printf "INSERT INTO report VALUES ('%s', :'body');\n" "$(basename "$f")"
  done
  cat <<'SQL'
\pset null ''
SET datestyle = ISO;
\echo
\echo Reports
SELECT file, r.agency, r.year, r.template AS tpl, r.layout, r.report_date, r.cell_count AS cells,
       r.blank_count AS blank, r.unreadable_count AS unreadable, r.extra_cell_count AS extra,
       r.error_count AS errors, r.is_valid AS valid, cardinality(r.warnings) AS warnings
FROM report, gai_report(body) r ORDER BY file;
\echo Rule violations and unreadable tables or cells
SELECT file, c.rule, c.severity, c.section, c.item, c.col, c.expected, c.actual
FROM report, gai_check(body) c ORDER BY file, c.severity, c.rule;
\echo Warnings
SELECT file, w AS warning FROM report, gai_report(body) r, unnest(r.warnings) w ORDER BY file;
\echo Totals over all reports: requests received and granted, by template
SELECT r.template, count(DISTINCT file) AS reports,
       sum(p.value) FILTER (WHERE p.item = 'received' AND p.col = 'total') AS received,
       sum(p.value) FILTER (WHERE p.item = 'granted' AND p.col = 'total') AS granted
FROM report, gai_report(body) r, gai_parse(body) p GROUP BY r.template ORDER BY 1;
SQL
} >"$sql"
scripts/with-cluster.sh psql -X -q -v ON_ERROR_STOP=1 -f "$sql"
