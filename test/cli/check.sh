#!/usr/bin/env bash
# `gaireport check`: the command reads reports without a database.
#   - --json on the seeds and the fixtures: one JSON document (python's json); its cells
#     and violations equal gai_dump's reading and the fixtures' truth (test/cli/check_json.py)
#   - exit status: 0 a clean report, 1 a broken hard rule / a file not read / no report,
#     2 usage; `gaireport help check`
#   - the text output fits 80 and 100 columns (a Han character two wide), names the
#     broken cells in the template's words
#   - --html: a self-contained page (no external resource) that headless Chromium loads
#     without console errors, a broken cell highlighted (class "broken"), a screenshot
# Run from anywhere: builds ./gaireport-cli and test/tools/gai_dump in the worktree.
# GAI_NO_BROWSER=1 skips the Chromium part (it is required otherwise: scripts/deps.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
make -s gaireport-cli test/tools/gai_dump || exit 1
cli=./gaireport-cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

seed_clean=test/fixtures/seeds/000_51aabc94d70baff8.txt
seed_damaged=test/fixtures/seeds/002_67d5636951f762bb.txt   # its appeals table is damaged: table.unreadable
broken=test/fixtures/noisy/014.txt                          # requests: balance, row total, outcome total broken

# ---------------------------------------------------------------- JSON against gai_dump and the truth
python3 test/cli/check_json.py --cli "$cli" --dump test/tools/gai_dump \
  --truth test/fixtures/noisy --truth test/fixtures/html --truth test/fixtures/html_cases \
  --truth test/fixtures/pipe --truth test/fixtures/variants --truth test/fixtures/glued \
  --truth test/fixtures/docx --no-wrong test/fixtures/pdf \
  --same test/fixtures/seeds --same test/fixtures/layout/pdf_layout --same test/fixtures/layout/pdf_tsv \
  --same test/fixtures/layout/w3m --same test/fixtures/layout/lynx --same test/fixtures/pdf_raw \
  && ok "check --json equals gai_dump and the truth" || bad "check --json"

# ---------------------------------------------------------------- exit status
expect_rc() {
  local want=$1 what=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" = "$want" ]; then ok "exit $want: $what"; else bad "exit $rc (want $want): $what: $(head -c 300 "$tmp/err")"; fi
}
expect_rc 0 "a clean seed" "$cli" check "$seed_clean"
expect_rc 0 "every clean seed" "$cli" check test/fixtures/seeds/000_51aabc94d70baff8.txt \
  test/fixtures/seeds/001_d14d7889243b97c8.txt test/fixtures/seeds/003_6cbc9befc1ec18ab.txt \
  test/fixtures/seeds/004_68737bd3c1f99b18.txt
expect_rc 1 "a report with broken hard rules" "$cli" check "$broken"
expect_rc 1 "a seed whose table is damaged" "$cli" check "$seed_damaged"
expect_rc 1 "a clean report and a broken one" "$cli" check "$seed_clean" "$broken"
expect_rc 1 "a file that does not exist" "$cli" check "$tmp/no-such-file.txt"
expect_rc 1 "a picture" "$cli" check test/fixtures/pdf/picture.png
expect_rc 1 "a damaged PDF" "$cli" check test/fixtures/pdf/damaged.pdf
printf 'hello\n' >"$tmp/hello.txt"
expect_rc 1 "a text that is no report" "$cli" check "$tmp/hello.txt"
expect_rc 0 "a .docx report (converted)" "$cli" check test/fixtures/docx/case_br_p_cells.docx
expect_rc 1 "a .docx report with broken rules" "$cli" check test/fixtures/docx/case_word_export.docx
expect_rc 2 "no file" "$cli" check
expect_rc 2 "an unknown option" "$cli" check --frobnicate "$seed_clean"
expect_rc 2 "--width without a number" "$cli" check --width x "$seed_clean"
expect_rc 0 "help check" "$cli" help check
grep -q "^Usage: gaireport check" "$tmp/out" && ok "help check prints its usage" || bad "help check text"
"$cli" help | grep -q "gaireport check" && ok "the main usage lists check" || bad "main usage lacks check"
expect_rc 1 "--json, one unreadable file" "$cli" check --json "$tmp/no-such-file.txt" "$seed_clean"
python3 - "$tmp/out" <<'EOF' && ok "--json: the unreadable file is an object with its error" || bad "--json unreadable"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = [x for x in d if not x["readable"]]
assert len(d) == 2 and len(bad) == 1 and bad[0]["error"] and not bad[0]["ok"], d
assert [x for x in d if x["readable"]][0]["ok"] is True
EOF

cp "$seed_clean" "$tmp/quote\"back\\slash tab	.txt"
expect_rc 0 "a file name with a quote, a backslash and a tab" "$cli" check --json "$tmp/quote\"back\\slash tab	.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); assert "\"back" in d[0]["file"] and d[0]["ok"], d[0]["file"]' \
  "$tmp/out" && ok "--json escapes the name" || bad "--json escaping"

# ---------------------------------------------------------------- the text output
for w in 80 100; do
  "$cli" check --width "$w" --no-color test/fixtures/seeds/*.txt "$broken" test/fixtures/glued/000003.txt \
    test/fixtures/noisy/001.txt test/fixtures/html/000006.html test/fixtures/docx/case_word_export.docx \
    >"$tmp/text$w" 2>/dev/null
  python3 - "$tmp/text$w" "$w" <<'EOF' && ok "text output fits $w columns" || bad "text output wider than $w columns"
import sys, unicodedata
path, width = sys.argv[1], int(sys.argv[2])
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
over = [(i + 1, w(l), l) for i, l in enumerate(open(path, encoding="utf-8").read().splitlines())
        if w(l.rstrip()) > width and not l.startswith("== ")]
for x in over[:5]:
    print(x)
sys.exit(1 if over else 0)
EOF
done
"$cli" check --no-color --width 200 "$broken" >"$tmp/broken.txt"
for want in "第三项 （七）总计 总计：印 58，分项之和 57（规则：（七）总计 = （一）至（六）之和）" \
            "三、收到和处理政府信息公开申请情况" "法人或其他组织" "=> NOT OK"; do
  grep -qF "$want" "$tmp/broken.txt" && ok "text names: $want" || bad "text lacks: $want"
done
grep -E "^  （七）总计 .* 58!" "$tmp/broken.txt" >/dev/null && ok "the broken total is marked !" || bad "no ! on the broken total"
"$cli" check --no-color test/fixtures/glued/000003.txt >"$tmp/glued.txt"
grep -qF "0/10/8010?" "$tmp/glued.txt" && ok "an ambiguous cell shows its candidates" || bad "ambiguous cell display"
grep -qF "按规则可为 0、10、8010" "$tmp/glued.txt" && ok "an ambiguous cell's sentence lists them" || bad "ambiguous sentence"

# ---------------------------------------------------------------- the web page
page="$tmp/check.html"
"$cli" check -q --html "$page" "$broken" "$seed_damaged" test/fixtures/glued/000003.txt
[ -s "$page" ] && ok "--html writes the page" || bad "--html wrote nothing"
python3 - "$page" <<'EOF' && ok "the page is self-contained, every file and broken cell in it" || bad "page content"
import re, sys
from html.parser import HTMLParser
s = open(sys.argv[1], encoding="utf-8").read()
assert not re.search(r"""(src|href)\s*=|<script|<link|@import|url\(""", s, re.I), "an external resource"
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.broken = []; self.errors = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("table", "tr", "td", "th", "section", "ol", "li"):
            self.stack.append(tag)
        if tag == "td" and "broken" in (a.get("class") or "").split():
            self.broken.append(a)
    def handle_endtag(self, tag):
        if tag in ("table", "tr", "td", "th", "section", "ol", "li"):
            if not self.stack or self.stack.pop() != tag:
                self.errors.append(tag)
p = P(); p.feed(s)
assert not p.errors and not p.stack, ("unbalanced", p.errors, p.stack)
codes = {b["data-code"] for b in p.broken}
assert "requests/total/total" in codes, codes
assert all("分项之和" in b["title"] or "=" in b["title"] for b in p.broken), p.broken
assert s.count('<section class="report"') == 3
assert "申请人情况" in s and "法人或其他组织" in s and "未经复议直接起诉" in s
assert 'class="ambiguous' in s and "0 / 10 / 8010" in s
assert "表格已损坏" in s
EOF
if [ "${GAI_NO_BROWSER:-0}" = 1 ]; then
  echo "skip Chromium (GAI_NO_BROWSER=1)"
else
  chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
  if [ -z "$chrome" ]; then
    bad "no chromium (scripts/deps.sh installs it; GAI_NO_BROWSER=1 skips this part)"
  else
    flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile"
           --enable-logging=stderr --v=0)
    timeout 120 nice "$chrome" "${flags[@]}" --dump-dom "file://$page" >"$tmp/dom.html" 2>"$tmp/chrome.log"
    if grep -E "CONSOLE|Uncaught|Failed to load resource|net::ERR_" "$tmp/chrome.log"; then
      bad "console errors while loading the page"
    else
      ok "Chromium loads the page without console errors"
    fi
    grep -qE '<td class="ok broken"[^>]*data-code="requests/total/total"' "$tmp/dom.html" \
      && ok "the DOM has the broken total highlighted (td.broken)" || bad "no td.broken in Chromium's DOM"
    timeout 120 nice "$chrome" "${flags[@]}" --window-size=1100,1900 --screenshot="$tmp/shot.png" \
      "file://$page" >/dev/null 2>&1
    python3 - "$tmp/shot.png" <<'EOF' && ok "screenshot taken (a PNG, not blank)" || bad "screenshot"
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", b[16:24])
assert (w, h) == (1100, 1900), (w, h)
assert len(b) > 50000, f"only {len(b)} bytes: a blank page?"
EOF
  fi
fi

if [ "$fail" = 0 ]; then echo "check: all passed"; else echo "check: FAILED"; fi
exit "$fail"
