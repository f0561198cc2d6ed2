#!/usr/bin/env bash
# The three published PDFs of ../shared/real (third-party files: read from there, never
# copied into the repository) against their hand-checked truth, as pdftotext -layout text
# (the _layout.txt beside them) and as word boxes (pdftotext -tsv of the .pdf): no cell
# silently wrong, no fewer right than today, and the two broken appeals totals of 002 reported as
# printed, not repaired.
# Prints "skipped" when ../shared/real is absent.
set -uo pipefail
cd "$(dirname "$0")/../.."
real=../shared/real
if [ ! -d "$real" ]; then
  echo "skipped: $real not present"
  exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/layout" "$dir/tsv"
for f in "$real"/*.truth.json; do
  b=$(basename "$f" .truth.json)
  python3 - "$f" "$dir/layout/$b.json" "$dir/tsv/$b.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
t["format"] = t["template"]
for out in sys.argv[2:]:
    json.dump(t, open(out, "w", encoding="utf-8"), ensure_ascii=False)
PY
  cp "$real/${b}_layout.txt" "$dir/layout/$b.txt"
  if command -v pdftotext >/dev/null; then
    pdftotext -tsv "$real/$b.pdf" "$dir/tsv/$b.txt"
  fi
done
make -s test/tools/gai_dump
ok=0
# and no fewer cells right than today: all 558 printed cells, from layout text and word boxes
python3 test/tools/check_no_wrong.py --min-right 100 "$dir/layout" "$dir/tsv" || ok=1
# 002: 行政复议 10/1/0/0 with 总计 0, 复议后起诉 5/0/0/0 with 总计 0 — reported, not repaired
for shape in layout tsv; do
  out=$(test/tools/gai_dump "$dir/$shape/002_hongze_2023.txt")
  n=$(echo "$out" | grep -c "^violation: error appeals.row_total")
  zero=$(echo "$out" | grep -cE "^cell appeals\|(review|litigation_after_review)\|total\|0\|ok")
  if [ "$n" = 2 ] && [ "$zero" = 2 ]; then
    echo "ok - 002 ($shape): both broken appeals totals reported (appeals.row_total x2), totals read as printed (0)"
  else
    echo "not ok - 002 ($shape): appeals.row_total reported $n times, totals of 0 read $zero times"
    ok=1
  fi
done
exit $ok
