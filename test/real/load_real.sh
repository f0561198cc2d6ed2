#!/usr/bin/env bash
# The three published PDFs of ../shared/real through `gaireport load` (the .pdf file itself:
# the command's converter, pdftotext -tsv, the server's word-box reader, the store), against
# their hand-checked truth: every stored cell that has a value or `blank` equals the truth,
# none is silently wrong; the cells right are counted and must not fall below FLOOR (all of them); the two
# broken appeals totals of 002 are stored as printed (0) and reported (appeals.row_total),
# not repaired; the stored source names the PDF and its hash.  Third-party files are read
# from ../shared/real, never copied into the repository; "skipped" when it is absent.
# Run inside scripts/with-cluster.sh.  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
real=../shared/real
FLOOR=${FLOOR:-558}   # every printed cell of the truth
if [ ! -d "$real" ]; then
  echo "skipped: $real not present"
  exit 0
fi
if ! command -v pdftotext >/dev/null; then
  echo "not ok - pdftotext (poppler-utils) is missing"
  exit 1
fi
db=gai_real_load
dir=$(mktemp -d)
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

mkdir -p "$dir/files"
for f in "$real"/*.pdf; do ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$dir/files/"; done
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -d $db -c "CREATE EXTENSION gaireport" >/dev/null
gaireport load --db "host=$PGHOST port=$PGPORT dbname=$db user=$PGUSER" --follow --no-progress "$dir/files" \
  >"$dir/out" 2>"$dir/err"
rc=$?
sed 's/^/# /' "$dir/out" "$dir/err"
q() { psql -X -At -d $db -c "$1"; }
check "load: exit status 0" '[ "$rc" = 0 ]'
check "three reports stored from three PDFs" '[ "$(q "SELECT count(*) FROM gai_reports WHERE source ~ '"'"'\\(pdf, sha256:[0-9a-f]{64}\\)$'"'"'")" = 3 ]'

# every cell of the current versions, as JSON lines: file, section, item, col, status, value
psql -X -At -d $db -c "
  SELECT pg_catalog.json_build_object('file', regexp_replace(split_part(r.source, ' (', 1), '^.*/', ''),
         'section', c.section, 'item', c.item, 'col', c.col, 'status', c.status, 'value', c.value)
  FROM gai_reports r JOIN gai_cells c ON c.report_id = r.id" >"$dir/cells.jsonl"
python3 - "$real" "$dir/cells.jsonl" "$FLOOR" >"$dir/cmp" <<'PY'
import json, sys, glob, os
real, cells, floor = sys.argv[1], sys.argv[2], int(sys.argv[3])
stored = {}
for line in open(cells, encoding="utf-8"):
    c = json.loads(line)
    stored[(c["file"], c["section"], c["item"], c["col"])] = (c["status"], c["value"])
right = wrong = total = 0
for t in sorted(glob.glob(os.path.join(real, "*.truth.json"))):
    truth = json.load(open(t, encoding="utf-8"))
    blanks = {tuple(b) for b in truth.get("blanks", [])}
    for sec, item, col in truth.get("not_printed", []):    # must not be returned
        if (truth["file"], sec, item, col) in stored:
            wrong += 1
            print("# wrong: %s %s.%s.%s is not printed but stored" % (truth["file"], sec, item, col))
    for sec, item, col, value in truth["cells"]:
        if [sec, item, col] in truth.get("not_printed", []):
            continue
        total += 1
        got = stored.get((truth["file"], sec, item, col))
        if got is None or got[0] in ("unreadable", "ambiguous"):
            continue
        status, v = got
        want_blank = value is None or (sec, item, col) in blanks
        ok = (status == "blank") if want_blank else (status == "ok" and v is not None and float(v) == float(value))
        if ok:
            right += 1
        else:
            wrong += 1
            print("# wrong: %s %s.%s.%s: stored %s %s, truth %s" % (truth["file"], sec, item, col, status, v, value))
print("# %d of %d cells right, %d wrong, %d not read (unreadable, ambiguous or missing)" %
      (right, total, wrong, total - right - wrong))
print("RESULT %d %d %d" % (right, wrong, total))
PY
cat "$dir/cmp" | grep '^#'
read -r _ right wrong total < <(grep '^RESULT' "$dir/cmp")
check "no stored cell silently wrong ($wrong wrong)" '[ "${wrong:-1}" = 0 ]'
check "cells right: $right of $total (floor $FLOOR)" '[ "${right:-0}" -ge "$FLOOR" ]'
# 002: 行政复议 10/1/0/0 with 总计 0, 复议后起诉 5/0/0/0 with 总计 0 — reported, not repaired
id002=$(q "SELECT id FROM gai_reports WHERE source LIKE '%002_hongze_2023.pdf%'")
check "002: both broken appeals totals reported (appeals.row_total x2)" \
  '[ "$(q "SELECT count(*) FROM gai_reports r, jsonb_array_elements(r.violations) v WHERE r.id = $id002 AND v->>'"'"'rule'"'"' = '"'"'appeals.row_total'"'"'")" = 2 ]'
check "002: the totals stored as printed (0), not repaired" \
  '[ "$(q "SELECT count(*) FROM gai_cells WHERE report_id = $id002 AND section = '"'"'appeals'"'"' AND item IN ('"'"'review'"'"', '"'"'litigation_after_review'"'"') AND col = '"'"'total'"'"' AND status = '"'"'ok'"'"' AND value = 0")" = 2 ]'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
