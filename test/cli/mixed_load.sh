#!/usr/bin/env bash
# gaireport load over a directory of files as users hold them: a text export, a web page in GBK,
# PDFs (read through pdftotext -tsv), a .docx (its tables through the DOCX converter), a legacy
# .doc, a picture, an encrypted, a damaged and a scanned PDF, an .xlsx-like stray file.  Each is
# loaded or gets its one line; the summary names what was passed over by type; the stored body
# is the text the server reads (so it can be read again) and the source keeps the file, its
# format and the original file's hash.  Run inside scripts/with-cluster.sh.
# Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS gai_mixed" >/dev/null 2>&1' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

mkdir -p "$dir/files/sub"
cp test/fixtures/seeds/000_51aabc94d70baff8.txt "$dir/files/a_export.txt"
iconv -f UTF-8 -t GBK test/fixtures/html/000002.html > "$dir/files/b_page_gbk.html" 2>/dev/null ||
  cp test/fixtures/html/000002.html "$dir/files/b_page_gbk.html"
sed -i 's/charset=utf-8/charset=gbk/I' "$dir/files/b_page_gbk.html"
cp test/fixtures/pdf/report_2019.pdf "$dir/files/c_report_2019.pdf"
cp test/fixtures/pdf/report_2021.pdf "$dir/files/sub/d_report_2021.pdf"
cp test/fixtures/docx/doc_000003.docx "$dir/files/e_report.docx"
cp test/fixtures/pdf/legacy.doc "$dir/files/f_legacy.doc"
cp test/fixtures/pdf/picture.png "$dir/files/g_picture.png"
cp test/fixtures/pdf/encrypted.pdf "$dir/files/h_encrypted.pdf"
cp test/fixtures/pdf/damaged.pdf "$dir/files/i_damaged.pdf"
cp test/fixtures/pdf/scanned.pdf "$dir/files/j_scanned.pdf"
printf 'PK\003\004 not really' > "$dir/files/k_table.xlsx"

psql -X -q -d postgres -c "CREATE DATABASE gai_mixed" >/dev/null
psql -X -q -d gai_mixed -c "CREATE EXTENSION gaireport" >/dev/null
gaireport load --db "host=$PGHOST port=$PGPORT dbname=gai_mixed user=$PGUSER" --verbose "$dir/files" \
  >"$dir/out" 2>"$dir/err"
rc=$?
cat "$dir/out" "$dir/err" | sed 's/^/# /'
line() { grep -h "$1" "$dir/out" "$dir/err" | head -1; }
check "exit status 1: some files failed" '[ "$rc" = 1 ]'
q() { psql -X -At -d gai_mixed -c "$1"; }
check "the text export is stored" '[ "$(q "SELECT count(*) FROM gai_reports WHERE source LIKE '\''%a_export.txt'\''")" = 1 ]'
check "the GBK web page is stored, read as html" '[ "$(q "SELECT layout FROM gai_reports WHERE source LIKE '\''%b_page_gbk.html'\''")" = html ]'
for f in c_report_2019 sub/d_report_2021; do
  h=$(sha256sum "$dir/files/$f.pdf" | cut -d' ' -f1)
  b=$(basename "$f")
  check "$b.pdf stored from word boxes, source names pdf and its sha256" \
    '[ "$(q "SELECT count(*) FROM gai_versions WHERE source LIKE '\''%'$b'.pdf (pdf, sha256:'$h')'\'' AND body LIKE '\''level%'\''")" = 1 ]'
done
# (report_2021.pdf is the same report: read in full, it is as complete and newer, so the
# current version of the two; the .docx stays as a version)
check "the .docx stored as the web page of its tables" '[ "$(q "SELECT count(*) FROM gai_versions WHERE source LIKE '\''%e_report.docx (docx, sha256:%'\'' AND layout = '\''html'\''")" = 1 ]'
# The word-box reader reads all of both PDFs (the 2019 one: wrapped labels, narrow columns, 79
# values and 119 blank cells); test/tools/check_no_wrong.py holds them to truth.
cells() { q "SELECT count(*) FROM gai_versions v, gai_parse(v.body) c WHERE v.source LIKE '%$1.pdf (pdf%' AND c.value IS NOT NULL"; }
check "report_2021.pdf: more than 150 cells read" '[ "$(cells d_report_2021)" -gt 150 ]'
check "report_2019.pdf: more than 75 cells read" '[ "$(cells c_report_2019)" -gt 75 ]'
check ".doc gets a line saying how to convert it" 'line f_legacy.doc | grep -qi "doc"'
check "the picture is passed over quietly (no report file), not failed" '[ -z "$(line g_picture.png)" ]'
check "the encrypted PDF gets a line" 'line h_encrypted.pdf | grep -qi "encrypt"'
check "the damaged PDF gets a line" 'line i_damaged.pdf | grep -qi "damaged\|pdf"'
check "the scanned PDF gets a line" 'line j_scanned.pdf | grep -qi "scanned\|OCR\|text layer"'
check "the summary names the picture and the stray .xlsx as passed over" 'grep -q "passed over: 1 .png, 1 .xlsx" "$dir/err" "$dir/out"'
check "the summary counts the converted files" 'grep -q "read through converters: 2 PDF (pdftotext -tsv), 1 DOCX" "$dir/err" "$dir/out"'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
