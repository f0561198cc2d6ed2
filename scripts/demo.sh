#!/usr/bin/env bash
# The main job on the bundled sample reports, in a throwaway embedded cluster:
#   - `gaireport load` the 5 real seed reports, the 40 generated reports with the
#     noise of real exports (test/fixtures/noisy) and 300 freshly generated
#     reports (10% with deliberate errors) into gaireport's embedded PostgreSQL
#     (created in a temporary GAIREPORT_HOME, removed at the end);
#   - a short summary of each sample report, and what is wrong with the stored
#     reports as sentences;
#   - the yearly figures of the valid reports (invalid ones counted apart), rates
#     as percentages;
#   - `gaireport export --xlsx`: the views as a workbook (kept when DEMO_XLSX=FILE).
# The output fits a terminal 100 columns wide.
# Usage: scripts/demo.sh [FILE|DIR...]   (your own report files instead)
# Run as root (needs no sudo then), or as another user with sudo.
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

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3   # Debian's (python3-openpyxl)
# wrap lines to 100 display columns (a Han character is two wide), continuing
# a line indented 4 more than it starts
wrap() {
  "$py" -c '
import sys, unicodedata
W = 100
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for line in sys.stdin:
    line = line.rstrip("\n")
    ind = " " * (len(line) - len(line.lstrip(" ")) + 4)
    while width(line) > W:
        cut, w, last_space = 0, 0, -1
        for i, c in enumerate(line):
            w += width(c)
            if w > W: break
            cut = i + 1
            if c == " " and i > len(ind): last_space = i
        if last_space > 0 and width(line[:last_space]) > W // 2: cut = last_space
        print(line[:cut].rstrip())
        line = ind + line[cut:].lstrip()
    print(line)
'
}

if [ $# -gt 0 ]; then
  sources=("$@")
  echo "== gaireport load ${sources[*]}"
else
  "$py" test/tools/gen_reports.py --n 300 --seed 7 --format mix --layout mix --noise seed \
    --bad-rate 0.1 --out "$GAIREPORT_HOME/generated" >/dev/null
  rm -f "$GAIREPORT_HOME"/generated/*.json
  sources=(test/fixtures/seeds test/fixtures/noisy/*.txt "$GAIREPORT_HOME/generated")
  echo "== gaireport load: 5 real reports (test/fixtures/seeds), 40 generated ones with the noise of"
  echo "   real exports (test/fixtures/noisy) and 300 freshly generated ones, 10% with deliberate errors"
fi
{ gaireport load --no-progress "${sources[@]}" 2>&1 || true; } | sed 's/^gaireport: //' | wrap
conn=$(gaireport status | sed -n 's/^  connect: psql //p' | tr -d '"')
gaireport stats >/dev/null   # refreshes the views

psql -X -q -v ON_ERROR_STOP=1 "$conn" <<'SQL' | wrap
\pset null ''
\pset footer off
SET datestyle = ISO;
-- what each stored report is: a real one, generated with export noise, freshly generated
CREATE TEMP VIEW demo_reports AS
SELECT r.*, regexp_replace(r.source, '^.*/', '') AS file,
       CASE WHEN r.source LIKE '%/test/fixtures/seeds/%' THEN 'real'
            WHEN r.source LIKE '%/test/fixtures/noisy/%' THEN 'generated, noisy'
            WHEN r.source LIKE '%/generated/%' THEN 'generated'
            ELSE 'yours' END AS kind,
       (SELECT count(*) FROM jsonb_array_elements(r.violations) v WHERE v->>'severity' = 'warning') AS n_warn
FROM gai_reports r;

\echo
\echo '== The sample reports: the real ones and those generated with export noise'
\echo
\pset format unaligned
\pset tuples_only on
SELECT format(E'[%s] %s\n    %s, %s (template %s, read as %s)%s\n    %s cells: %s blank, %s unreadable%s. %s',
         kind, file,
         coalesce(agency, '(no agency named)'),
         coalesce(year || '年', 'no year'), coalesce(template, 'none'), coalesce(layout, '-'),
         coalesce(', signed ' || report_date, ''),
         cell_count, blank_count, unreadable_count,
         CASE WHEN ambiguous_count > 0 THEN ', ' || ambiguous_count || ' ambiguous' ELSE '' END,
         CASE WHEN is_valid AND n_warn = 0 THEN 'Valid: every check holds.'
              WHEN is_valid THEN format('Valid, with %s warning%s (below).', n_warn, CASE WHEN n_warn > 1 THEN 's' ELSE '' END)
              ELSE format('NOT valid: %s error%s (below).', error_count, CASE WHEN error_count > 1 THEN 's' ELSE '' END) END)
FROM (SELECT d.*, v.ambiguous_count FROM demo_reports d JOIN gai_versions v ON v.report_id = d.id AND v.is_current) d
WHERE kind <> 'generated'
ORDER BY kind DESC, file;
\echo
SELECT format('The %s freshly generated reports (test/tools/gen_reports.py, not shown one by one): '
              '%s valid, %s not valid (errors below).',
              count(*), count(*) FILTER (WHERE is_valid), count(*) FILTER (WHERE NOT is_valid))
FROM demo_reports WHERE kind = 'generated' HAVING count(*) > 0;

\echo
\echo '== What is wrong: every broken rule, unreadable or missing table of the stored reports'
\echo '   (errors make a report invalid; warnings do not)'
-- one sentence a violation, from the rule's formula and the template's labels
WITH v AS (
  SELECT r.kind, r.file, r.agency, r.year, r.template, r.is_valid, x.ord,
         x.v->>'rule' AS rule, x.v->>'severity' AS severity, x.v->>'section' AS section,
         x.v->>'item' AS item, x.v->>'col' AS col, x.v->>'expected' AS expected,
         x.v->>'actual' AS actual, x.v->>'message' AS message
  FROM demo_reports r, jsonb_array_elements(r.violations) WITH ORDINALITY x(v, ord)
), s AS (
  SELECT v.*,
         CASE v.section WHEN 'active' THEN 'table 二 (主动公开)' WHEN 'requests' THEN 'table 三 (申请)'
                        WHEN 'appeals' THEN 'table 四 (复议、诉讼)' ELSE 'the report' END AS tbl,
         (SELECT k.item_label FROM gai_cell_codes k WHERE k.template = v.template AND k.item = v.item LIMIT 1) AS item_label,
         (SELECT k.col_label FROM gai_cell_codes k WHERE k.template = v.template AND k.section = v.section
            AND k.col = v.col LIMIT 1) AS col_label,
         split_part(substr(v.message, strpos(v.message, ': ') + 2), ' — ', 1) AS formula,
         nullif(split_part(v.message, '; ', 2), '') AS blanks
  FROM v
), sentence AS (
  SELECT s.*, CASE
    WHEN s.expected IS NULL OR s.message NOT LIKE '% — %' THEN
      -- table.missing, table.unreadable, cell.*: the message is a sentence already
      upper(left(substr(s.message, strpos(s.message, ': ') + 2), 1)) || substr(s.message, strpos(s.message, ': ') + 3)
      || '.'
    ELSE format('In %s, %s: %s does not hold (expected %s, found %s)%s.',
                s.tbl,
                CASE WHEN s.item IS NOT NULL THEN format('row 「%s」', coalesce(s.item_label, s.item))
                     ELSE format('column 「%s」', coalesce(s.col_label, s.col)) END,
                s.formula, s.expected, s.actual,
                coalesce('; ' || s.blanks, ''))
    END AS text
  FROM s
)
SELECT CASE WHEN row_number() OVER w = 1
            THEN format(E'\n[%s] %s — %s %s (%s)\n', kind, file, coalesce(agency, '(no agency named)'),
                        coalesce(year::text, ''), CASE WHEN is_valid THEN 'valid' ELSE 'NOT valid' END)
            ELSE '' END
       || format('  %s: %s', severity, text)
FROM sentence
WINDOW w AS (PARTITION BY kind, file ORDER BY severity, ord)
ORDER BY is_valid, kind DESC, file, severity, ord;

\pset format aligned
\pset tuples_only off
\echo
\echo '== Requests per year: the valid reports only (invalid ones are counted apart, not summed)'
\echo '   rate = (granted + partly granted) / handled'
CREATE TEMP TABLE rep AS
WITH per AS (
  SELECT q.report_id, i.category, sum(q.total) AS n
  FROM gai_request_rows q JOIN gai_request_items i ON i.item = q.item
  GROUP BY 1, 2
)
SELECT r.year, r.template AS tpl, r.is_valid,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'received') AS received,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'total') AS handled,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'granted') AS granted,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'partial') AS partial,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'denied') AS denied,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'unavailable') AS unavailable,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'rejected') AS rejected,
         (SELECT n FROM per WHERE per.report_id = r.id AND category = 'carried_over') AS carried_over
  FROM gai_reports r WHERE r.year IS NOT NULL AND r.template IS NOT NULL;
SELECT year, tpl, count(*) FILTER (WHERE is_valid) AS valid, count(*) FILTER (WHERE NOT is_valid) AS invalid,
       sum(received) FILTER (WHERE is_valid) AS received, sum(handled) FILTER (WHERE is_valid) AS handled,
       sum(granted) FILTER (WHERE is_valid) AS granted, sum(partial) FILTER (WHERE is_valid) AS "partly granted",
       to_char(100 * sum(granted + partial) FILTER (WHERE is_valid)
               / nullif(sum(handled) FILTER (WHERE is_valid), 0), 'FM990.0') || '%' AS rate
FROM rep GROUP BY year, tpl ORDER BY year, tpl;
\echo
\echo '   the requests not granted, by outcome (valid reports only)'
SELECT year, tpl, sum(denied) FILTER (WHERE is_valid) AS "not disclosed",
       sum(unavailable) FILTER (WHERE is_valid) AS "cannot be provided",
       sum(rejected) FILTER (WHERE is_valid) AS "not processed",
       sum(carried_over) FILTER (WHERE is_valid) AS "carried over"
FROM rep GROUP BY year, tpl ORDER BY year, tpl;
\pset tuples_only on
SELECT format('(%s stored report%s without a year or a template left out)', count(*),
              CASE WHEN count(*) > 1 THEN 's' ELSE '' END)
FROM gai_reports WHERE year IS NULL OR template IS NULL HAVING count(*) > 0;
\pset tuples_only off

\echo
\echo '== Why requests were not granted: the 8 commonest reasons in the valid reports'
SELECT CASE i.category WHEN 'denied' THEN '不予公开' WHEN 'unavailable' THEN '无法提供'
         WHEN 'rejected' THEN '不予处理' ELSE '其他处理' END || '：' || i.item_label AS reason,
       sum(q.total) AS requests,
       to_char(100 * sum(q.total) / (SELECT sum(t.total) FROM gai_request_rows t JOIN gai_reports r ON r.id = t.report_id
                                     WHERE r.is_valid AND t.item = 'total'), 'FM990.0') || '%' AS "share of handled"
FROM gai_request_rows q JOIN gai_request_items i ON i.item = q.item JOIN gai_reports r ON r.id = q.report_id
WHERE r.is_valid AND i.category IN ('denied', 'unavailable', 'rejected', 'other')
GROUP BY i.category, i.item_label HAVING sum(q.total) > 0 ORDER BY 2 DESC, 1 LIMIT 8;

\echo
\echo '== Reconsideration (复议) and litigation (诉讼) per year: the valid reports only'
\echo '   corrected = the share of decided cases whose decision was corrected'
SELECT year, count(*) AS reports,
       sum(appeals[1][5]) AS reviews, sum(appeals[1][2]) AS corrected,
       coalesce(to_char(100 * sum(appeals[1][2]) / nullif(sum(appeals[1][1] + appeals[1][2] + appeals[1][3]), 0), 'FM990.0') || '%', '') AS "corrected %",
       sum(appeals[2][5] + appeals[3][5]) AS lawsuits, sum(appeals[2][2] + appeals[3][2]) AS "corrected ",
       coalesce(to_char(100 * sum(appeals[2][2] + appeals[3][2])
                / nullif(sum(appeals[2][1] + appeals[2][2] + appeals[2][3] + appeals[3][1] + appeals[3][2] + appeals[3][3]), 0),
                'FM990.0') || '%', '') AS "corrected % "
FROM gai_reports WHERE is_valid AND year IS NOT NULL AND appeals IS NOT NULL
GROUP BY year ORDER BY year;

\echo
\echo '== Data quality per year (every stored report, from the view gai_quality_yearly)'
\echo '   sums broken: instances of the tables'' arithmetic rules broken; carry ≠: columns where'
\echo '   carried in differs from the agency''s carried over of the year before, over the pairs checked'
SELECT year, reports, valid, invalid, blank_cells AS blank, unreadable_cells AS unreadable,
       requests_balance + requests_row_total + requests_outcome_total + appeals_row_total + nonnegative
         AS "sums broken", tables_missing_or_unreadable AS "bad tables",
       cross_year_carry AS "carry ≠", cross_year_pairs AS pairs
FROM gai_quality_yearly ORDER BY year;
SQL

echo
echo "== gaireport export --xlsx: every view as a sheet, headers in Chinese and English"
xlsx="$GAIREPORT_HOME/gaireport.xlsx"
gaireport export --no-refresh --xlsx "$xlsx"
"$py" - "$xlsx" <<'PY' 2>/dev/null | wrap || echo "(python3-openpyxl is not installed: the workbook is not shown)"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(f"{len(wb.sheetnames)} sheets: " + ", ".join(wb.sheetnames))
ws = wb["gai_requests_yearly"]
print("gai_requests_yearly's header: " + " | ".join(str(c.value) for c in next(ws.iter_rows(max_row=1))[:6]) + " | …")
PY
if [ -n "${DEMO_XLSX:-}" ]; then
  cp "$xlsx" "$DEMO_XLSX" && echo "kept as $DEMO_XLSX"
fi
