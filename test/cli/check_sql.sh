#!/usr/bin/env bash
# `gaireport check --json` (the core linked into the command, no database) against the
# extension in SQL on the same texts: its cells equal gai_parse(body) (code, status, value,
# raw text, candidates) and its violations equal gai_check(body) (rule, severity, section,
# item, column, expected, actual), on the seeds and every text fixture shape; a text gai_parse
# refuses as no report is no report to check either.
# Run inside scripts/with-cluster.sh (PG* set).  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
db=gai_check_sql
dir=$(mktemp -d)
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -d $db -c "CREATE EXTENSION gaireport" >/dev/null
cli=./gaireport-cli
[ -x "$cli" ] || cli=gaireport

files=$(ls test/fixtures/seeds/*.txt test/fixtures/noisy/*.txt test/fixtures/html/*.html \
  test/fixtures/html_cases/*.html test/fixtures/glued/*.txt test/fixtures/pipe/*.txt \
  test/fixtures/variants/*.txt test/fixtures/layout/*/*.txt 2>/dev/null)
pass=0
fail=0
for f in $files; do
  "$cli" check --json "$f" >"$dir/check.json" 2>/dev/null
  # the text as the server reads it (these fixtures are UTF-8 text: the body is the file)
  psql -X -At -d $db >"$dir/sql.jsonl" 2>"$dir/sql.err" <<SQL
\set body \`cat '$f'\`
SELECT pg_catalog.json_build_object('kind', 'cell', 'section', section, 'item', item, 'col', col,
  'status', status, 'value', value, 'raw', raw, 'candidates', candidates) FROM gai_parse(:'body');
SELECT pg_catalog.json_build_object('kind', 'violation', 'rule', rule, 'severity', severity,
  'section', section, 'item', item, 'col', col, 'expected', expected, 'actual', actual) FROM gai_check(:'body');
SQL
  if python3 - "$dir/check.json" "$dir/sql.jsonl" "$f" "$dir/sql.err" <<'PY'
import json, sys
from decimal import Decimal
check = json.load(open(sys.argv[1], encoding="utf-8"))[0]
rows = [json.loads(l, parse_float=Decimal) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
num = lambda v: None if v is None else Decimal(str(v))
def cell_key(c):
    return (c["section"], c["item"], c["col"], c["status"], num(c["value"]), c.get("raw"),
            tuple(num(x) for x in (c.get("candidates") or [])))
sql_cells = sorted((cell_key(r) for r in rows if r["kind"] == "cell"), key=repr)
chk_cells = sorted((cell_key(c) for c in check["cells"] + check.get("extra_cells", [])), key=repr)
def viol_key(v):
    return (v["rule"], v["severity"], v.get("section"), v.get("item"), v.get("col"),
            num(v.get("expected")), num(v.get("actual")))
sql_v = sorted((viol_key(r) for r in rows if r["kind"] == "violation"), key=repr)
chk_v = sorted((viol_key(v) for v in check["violations"]), key=repr)
bad = []
if sql_cells != chk_cells:
    a, b = set(sql_cells), set(chk_cells)
    bad.append("cells differ: %d only in gai_parse, %d only in check (e.g. %s / %s)" %
               (len(a - b), len(b - a), sorted(a - b, key=repr)[:1], sorted(b - a, key=repr)[:1]))
if sql_v != chk_v:
    a, b = set(sql_v), set(chk_v)
    bad.append("violations differ: only in gai_check %s, only in check %s" %
               (sorted(a - b, key=repr)[:2], sorted(b - a, key=repr)[:2]))
# gai_parse refuses a text that is no report (an error, gai_check still answers): check says so
not_report = "is not a government information disclosure annual report" in open(sys.argv[4], encoding="utf-8").read()
if not_report and (check["is_report"] or chk_cells):
    bad.append("gai_parse says it is no report, check reads it as one")
if not sql_cells and not not_report:
    bad.append("no cells at all")
for m in bad:
    print("# %s: %s" % (sys.argv[3], m))
sys.exit(1 if bad else 0)
PY
  then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - $f"; cat "$dir/sql.err"; fi
done
echo "ok - check --json equals gai_parse and gai_check on $pass of $((pass + fail)) texts"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 100 ]
