#!/usr/bin/env bash
# gaireport export --xlsx read back with openpyxl (Debian python3-openpyxl):
# the seeds and the noisy fixtures loaded into a database of its own, then
#   - the default workbook has one sheet per view of gaireport, aggregate views first;
#   - each sheet's header row is "caption_zh (column)" from gai_captions, with
#     comment_en as the header cell's note;
#   - every value equals the view's (export --csv of the same view, same order):
#     numbers as numbers, rates formatted as percentages, booleans, dates as dates;
#   - VIEW... writes just those sheets; --csv --bom starts with the byte order mark;
#     an unknown view is refused and leaves no file.
# Run inside scripts/with-cluster.sh.  Prints TAP-like lines and "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3   # Debian's, where python3-openpyxl is
dir=$(mktemp -d)
db=gai_xlsx
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

PGOPTIONS=--client-min-messages=warning psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -d "$db" -c "CREATE EXTENSION gaireport" >/dev/null
url="host=$PGHOST port=$PGPORT dbname=$db user=$PGUSER"
gaireport load --db "$url" -q test/fixtures/seeds test/fixtures/noisy
check "fixtures loaded" '[ "$(psql -X -At -d "$db" -c "SELECT count(*) > 40 FROM gai_reports")" = t ]'

gaireport export --db "$url" --xlsx "$dir/all.xlsx" 2>"$dir/err"
check "export --xlsx FILE writes the workbook" '[ -s "$dir/all.xlsx" ]'
check "no temporary file left beside it" '[ "$(ls "$dir" | grep -c "all.xlsx.")" = 0 ]'

# the views, their columns, captions, comments and types, and each view as CSV
views=$(psql -X -At -d "$db" -c "
  SELECT c.relname FROM pg_class c
  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'gaireport'
  WHERE c.relkind IN ('v', 'm') ORDER BY c.relkind = 'm' DESC, c.relname")
mkdir -p "$dir/csv"
for v in $views; do
  gaireport export --db "$url" --no-refresh --csv "$v" -o "$dir/csv/$v.csv"
done
psql -X -q -d "$db" -c "\copy (SELECT k.view_name, k.column_name, k.caption_zh, k.comment_en, format_type(a.atttypid, a.atttypmod) FROM gai_captions k JOIN pg_attribute a ON a.attrelid = k.view_name::regclass AND a.attname = k.column_name ORDER BY 1, k.position) TO '$dir/captions.csv' CSV"

"$py" - "$dir" $views <<'PY'
import csv, datetime, math, os, re, sys
import openpyxl

d, views = sys.argv[1], sys.argv[2:]
wb = openpyxl.load_workbook(os.path.join(d, "all.xlsx"))
ok = True
def check(desc, cond, detail=""):
    global ok
    print(("ok - " if cond else "not ok - ") + desc + ("" if cond else "  # " + str(detail)[:300]))
    ok &= bool(cond)

caps = {}
for v, col, zh, en, typ in csv.reader(open(os.path.join(d, "captions.csv"), encoding="utf-8")):
    caps.setdefault(v, []).append((col, zh, en, typ))

matviews = ["gai_requests_yearly", "gai_requests_by_agency", "gai_denial_reasons",
            "gai_appeals_yearly", "gai_active_yearly", "gai_quality_yearly"]
check("one sheet per view of gaireport", sorted(wb.sheetnames) == sorted(views), (wb.sheetnames, views))
check("the aggregate views come first", wb.sheetnames[:6] == matviews, wb.sheetnames[:6])

NUM = ("integer", "bigint", "smallint", "numeric", "double precision", "real")
for v in views:
    ws = wb[v]
    rows = list(ws.iter_rows())
    header = rows[0] if rows else []
    want = caps[v]
    check(f"{v}: header = caption (column) of every column",
          [c.value for c in header] == [f"{zh} ({col})" for col, zh, en, typ in want],
          ([c.value for c in header], want))
    check(f"{v}: each header cell's note is the English comment",
          [c.comment.text if c.comment else None for c in header] == [en for col, zh, en, typ in want])
    data = list(csv.reader(open(os.path.join(d, "csv", v + ".csv"), encoding="utf-8")))[1:]
    check(f"{v}: as many rows as the view ({len(data)})", len(rows) - 1 == len(data), (len(rows) - 1, len(data)))
    bad = []
    for i, (xr, cr) in enumerate(zip(rows[1:], data)):
        for j, ((col, zh, en, typ), x, c) in enumerate(zip(want, xr, cr)):
            val = x.value
            if c == "":
                good = val is None or val == ""
            elif typ in NUM:
                good = x.data_type == "n" and isinstance(val, (int, float)) and math.isclose(val, float(c), rel_tol=1e-12)
                if good and (col.endswith("_rate") or col == "share"):
                    good = x.number_format == "0.0%"
            elif typ == "boolean":
                good = val is (c == "t")
            elif typ == "date":
                good = isinstance(val, datetime.datetime) and val.date().isoformat() == c
            else:
                # control characters other than TAB and LF cannot stand in XML: a workbook
                # holds them escaped as _xHHHH_ (what Excel shows as the character)
                c = re.sub(r"[\x00-\x08\x0b-\x1f]", lambda m: "_x%04X_" % ord(m.group()), c)
                good = val == c or (len(c) > 32767 and val == c[:32766] + "…")
            if not good:
                bad.append((i + 2, col, val if not isinstance(val, str) or len(val) < 200 else "len %d, first diff at %s: %r vs %r" % (len(val), next((k for k in range(min(len(val), len(c))) if val[k] != c[k]), None), val[next((k for k in range(min(len(val), len(c))) if val[k] != c[k]), 0):][:40], c[next((k for k in range(min(len(val), len(c))) if val[k] != c[k]), 0):][:40]), len(c)))
    check(f"{v}: every value equals the view's, typed", not bad, bad[:3])
sys.exit(0 if ok else 1)
PY
check "openpyxl: sheets, captions, notes and values equal the views" '[ $? = 0 ]'

gaireport export --db "$url" --no-refresh --xlsx "$dir/two.xlsx" gai_quality_yearly gai_denial_reasons
check "export --xlsx FILE VIEW... writes those sheets, in that order" \
  '[ "$("$py" -c "import openpyxl,sys; print(\",\".join(openpyxl.load_workbook(sys.argv[1]).sheetnames))" "$dir/two.xlsx")" = gai_quality_yearly,gai_denial_reasons ]'
gaireport export --db "$url" --xlsx "$dir/bad.xlsx" gai_no_such_view 2>"$dir/err"
rc=$?
check "an unknown view: exit 2, saying which views there are, no file" \
  '[ "$rc" = 2 ] && grep -q "gai_requests_yearly" "$dir/err" && [ -z "$(ls "$dir" | grep bad.xlsx)" ]'
gaireport export --db "$url" --no-refresh --csv --bom gai_requests_yearly -o "$dir/bom.csv"
check "--csv --bom starts with the UTF-8 byte order mark, then the header" \
  '[ "$(head -c 7 "$dir/bom.csv" | od -An -tx1 | tr -d " \n")" = efbbbf79656172 ]'
gaireport stats --db "$url" --no-refresh --all --rows >"$dir/stats" 2>&1
check "stats --all prints the six aggregate views" '[ "$(grep -c "^gai_.* — " "$dir/stats")" = 6 ]'
check "stats shows rates as percentages" 'grep -qE "\| +[0-9]+\.[0-9]%" "$dir/stats"'
gaireport stats --db "$url" --no-refresh gai_denial_reasons >"$dir/stats1" 2>&1
check "stats VIEW prints that view" '[ "$(grep -c "^gai_.* — " "$dir/stats1")" = 1 ] && grep -q "^gai_denial_reasons" "$dir/stats1"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
