#!/usr/bin/env bash
# Four `gaireport load` at once over overlapping sets of files that include
# two shapes of the same reports: 40 generated reports as text
# (gen_reports.py) and as the web page of the same report (render_corpus.py
# --shapes html, the same numbers), copies of 20 reports with 57 cells made
# unreadable, beside 154 other generated reports, the 5 seeds, 40 noisy
# fixtures and a text that is not a report.  Afterwards:
#   - every distinct text is stored exactly once: the stored hashes are the
#     SHA-256 of the distinct files, computed here (no text lost, no version
#     duplicated), and the four loaders' own counts add up to that;
#   - one report per identity (counted from the generator's truth files);
#     the two shapes of a report are versions of one report and agree on
#     every cell; the complete reading is current over the unreadable copy;
#     every report has one current version, the one the rule ranks first;
#   - no loader failed, no deadlock, crash or error in the server log.
# Then a re-load writes nothing (no row, no sequence value), and a changed
# text is a further version of its report, the stored one kept.
# Run inside scripts/with-cluster.sh (needs PGHOST etc.).  Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
q() { psql -X -At -c "$1"; }

# ---------------------------------------------------------------- the files
python3 test/tools/gen_reports.py --n 154 --seed 4242 --format mix --layout mix --out "$dir/gen" >/dev/null
python3 test/tools/gen_reports.py --n 40 --seed 11 --format mix --out "$dir/pairs_txt" >/dev/null
python3 test/tools/render_corpus.py --n 40 --seed 11 --shapes html --format mix --out "$dir/pairs_render" >/dev/null 2>&1
mkdir -p "$dir/A" "$dir/B" "$dir/C" "$dir/D"
cp "$dir"/gen/*.txt test/fixtures/seeds/*.txt "$dir/A/"
for f in test/fixtures/noisy/0[0-3]?.txt; do cp "$f" "$dir/A/noisy_$(basename "$f")"; done
printf 'not a report at all\n' > "$dir/A/zz_not_a_report.txt"
for f in "$dir"/pairs_txt/*.txt; do cp "$f" "$dir/B/pair_$(basename "$f")"; done
for f in "$dir"/pairs_render/html/*.html; do cp "$f" "$dir/C/pair_$(basename "$f")"; done
# worse copies: three zero cells in a row -> the third unreadable
python3 - "$dir" <<'PY'
import glob, os, sys
d = sys.argv[1]
n = 0
for f in sorted(glob.glob(os.path.join(d, "gen", "*.txt"))):
    s = open(f, encoding="utf-8").read()
    w = s.replace("\t0\n\t0\n\t0\n", "\t0\n\t0\n\tx\n")
    if w != s and n < 20:
        open(os.path.join(d, "D", "worse_" + os.path.basename(f)), "w", encoding="utf-8").write(w)
        n += 1
PY
nfiles=$(find "$dir/A" "$dir/B" "$dir/C" "$dir/D" -type f | wc -l)
check "300 files to load ($nfiles)" '[ "$nfiles" = 300 ]'

# independently of the extension: the distinct texts (their SHA-256) and the
# distinct identities (agency, year, template) of the files, from the truth
# files and the known seeds
python3 - "$dir" <<'PY' >"$dir/expected"
import glob, hashlib, json, os, sys
d = sys.argv[1]
files = [f for x in "ABCD" for f in glob.glob(os.path.join(d, x, "*"))]
hashes = {hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files}
open(os.path.join(d, "hashes"), "w").write("".join(h + "\n" for h in sorted(hashes)))
ids = set()
for f in (glob.glob(os.path.join(d, "gen", "*.json")) + glob.glob(os.path.join(d, "pairs_txt", "*.json"))
          + glob.glob("test/fixtures/noisy/0[0-3]?.json")):
    t = json.load(open(f, encoding="utf-8"))
    ids.add((t["agency"], t["year"], t["format"]))
ids |= {("湛江奋勇高新区办公室", 2020, "2019"), ("雷州市科工贸和信息化局", 2020, "2019"),
        ("江海区政府办公室", 2019, "2019"), ("韶关市浈江区人民政府办公室", 2020, "2019")}
# seed 002 names no agency (its text is its identity); the non-report likewise
print(len(hashes), len(ids) + 2)
PY
read -r texts identities <"$dir/expected"

psql -X -q -c "CREATE EXTENSION IF NOT EXISTS gaireport" >/dev/null
db="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER"
log_from=$(($(stat -c %s "$GAI_SERVER_LOG") + 1))   # the server log from here on: the loaders'
# four loaders over overlapping sets, each set in a different order of directories
gaireport load --db "$db" --jobs 2 --match '*' "$dir/A" "$dir/B" "$dir/C" "$dir/D" >"$dir/out.1" 2>"$dir/err.1" &
gaireport load --db "$db" --jobs 2 --match '*' "$dir/C" "$dir/B" >"$dir/out.2" 2>"$dir/err.2" &
gaireport load --db "$db" --jobs 2 --match '*' "$dir/D" "$dir/C" "$dir/A" >"$dir/out.3" 2>"$dir/err.3" &
gaireport load --db "$db" --jobs 2 --match '*' "$dir/B" "$dir/D" "$dir/A" >"$dir/out.4" 2>"$dir/err.4" &
rc=0
for k in 1 2 3 4; do wait -n || rc=1; done
check "all four loaders exited 0" '[ "$rc" = 0 ]'
for k in 1 2 3 4; do tail -1 "$dir/err.$k"; done

# ---------------------------------------------------------------- every text once
stored=$(q "SELECT count(*) FROM gai_versions")
q "SELECT encode(hash, 'hex') FROM gai_versions ORDER BY 1" >"$dir/stored_hashes"
check "every distinct text stored exactly once ($stored versions, $texts distinct texts in the files)" \
  '[ "$stored" = "$texts" ] && cmp -s "$dir/hashes" "$dir/stored_hashes"'
sums=$(python3 - "$dir" <<'PY'
import re, sys
new = ver = st = fl = 0
for k in range(1, 5):
    line = open("%s/err.%d" % (sys.argv[1], k), encoding="utf-8").read().strip().splitlines()[-1]
    m = re.search(r"(\d+) new reports?, (\d+) new versions? \((\d+) current, (\d+) not current\), (\d+) already stored, (\d+) failed", line)
    new += int(m.group(1)); ver += int(m.group(2)); st += int(m.group(5)); fl += int(m.group(6))
print(new, ver, st, fl)
PY
)
read -r s_new s_ver s_stored s_failed <<<"$sums"
nA=$(ls "$dir/A" | wc -l); nB=$(ls "$dir/B" | wc -l); nC=$(ls "$dir/C" | wc -l); nD=$(ls "$dir/D" | wc -l)
handed=$(( (nA + nB + nC + nD) + (nC + nB) + (nD + nC + nA) + (nB + nD + nA) ))   # the files each loader was given
reports=$(q "SELECT count(*) FROM gai_reports")
check "the loaders' counts add up: $s_new new reports + $s_ver new versions = $stored texts, + $s_stored already stored = $handed files, $s_failed failed" \
  '[ "$((s_new + s_ver))" = "$stored" ] && [ "$s_new" = "$reports" ] && [ "$((s_new + s_ver + s_stored))" = "$handed" ] && [ "$s_failed" = 0 ]'
keys=$(q "SELECT count(DISTINCT report_key) FROM gai_versions")
check "one report per identity ($reports reports, $keys keys, $identities identities in the files)" \
  '[ "$reports" = "$identities" ] && [ "$keys" = "$identities" ]'
pairs=$(q "SELECT count(*) FROM (SELECT report_id FROM gai_versions WHERE source ~ '/pair_' GROUP BY report_id
                                  HAVING count(*) FILTER (WHERE source LIKE '%.txt') = 1
                                     AND count(*) FILTER (WHERE source LIKE '%.html') = 1) p")
check "the text and the web page of each of the 40 reports are two versions of one report ($pairs)" '[ "$pairs" = 40 ]'
agree=$(q "SELECT count(*), count(*) FILTER (WHERE coalesce(x.t, 0) <> coalesce(x.h, 0))
            FROM gai_versions tv
            JOIN gai_versions hv ON hv.source = replace(replace(tv.source, '/B/pair_', '/C/pair_'), '.txt', '.html')
            CROSS JOIN LATERAL unnest(tv.cells, hv.cells) WITH ORDINALITY AS x(t, h, i)
            WHERE tv.source ~ '/B/pair_' AND tv.template = hv.template
              AND get_byte(tv.cell_status, (x.i - 1)::int) IN (1, 2) AND get_byte(hv.cell_status, (x.i - 1)::int) IN (1, 2)")
check "... whose two shapes give every cell the same number (cells compared|differing: $agree)" \
  '[ "${agree%|*}" -gt 7000 ] && [ "${agree#*|}" = 0 ]'
shared=$(q "SELECT count(DISTINCT report_id) FROM gai_disagreements")
echo "# reports whose versions disagree (generated agencies whose names repeat, worse copies give no number where they differ): $shared"
worse=$(q "SELECT count(*) FILTER (WHERE NOT is_current), count(*) FROM gai_versions WHERE source ~ '/worse_'")
check "the 20 copies with unreadable cells are kept, none current ($worse)" '[ "$worse" = "20|20" ]'
bad=$(q "SELECT count(*) FROM gai_versions v
         WHERE v.is_current <> (v.id = (SELECT w.id FROM gai_versions w WHERE w.report_id = v.report_id
                                        ORDER BY w.pinned DESC, w.missing_count + w.unreadable_count + w.ambiguous_count,
                                                 w.report_date DESC NULLS LAST, w.published DESC NULLS LAST,
                                                 w.loaded_at DESC, w.id DESC LIMIT 1))")
check "every report's current version is the one the rule ranks first ($bad wrong)" '[ "$bad" = 0 ]'
check "no deadlock, crash or error in the server log while they ran" \
  '! tail -c "+$log_from" "$GAI_SERVER_LOG" | grep -aE "deadlock detected|terminated by signal|PANIC|TRAP:|ERROR:"'

# ---------------------------------------------------------------- a re-load writes nothing
before=$(q "SELECT count(*), sum(xmin::text::bigint), (SELECT last_value FROM gai_reports_id_seq) FROM gai_versions")
gaireport load --db "$db" --match '*' "$dir/A" "$dir/B" "$dir/C" "$dir/D" >/dev/null 2>"$dir/err.reload"
after=$(q "SELECT count(*), sum(xmin::text::bigint), (SELECT last_value FROM gai_reports_id_seq) FROM gai_versions")
check "re-load of the same files writes no row, takes no sequence value ($(tail -1 "$dir/err.reload" | cut -d: -f2 | cut -c1-60))" \
  '[ "$before" = "$after" ] && grep -q "0 new reports, 0 new versions (0 current, 0 not current), $texts already stored, 0 failed" "$dir/err.reload"'

# ---------------------------------------------------------------- a changed text is a further version
f=$(ls "$dir"/A/0000*.txt | head -1)
sed -i '0,/一、本年新收政府信息公开申请数量/s//一、本年新收政府信息公开申请数量 /' "$f"
old_id=$(q "SELECT report_id FROM gai_versions WHERE source LIKE '%/A/$(basename "$f")'")
n0=$(q "SELECT count(*) FROM gai_versions WHERE report_id = $old_id")
gaireport load --db "$db" "$f" >"$dir/out.changed" 2>"$dir/err.changed"
n=$(q "SELECT count(*) FROM gai_versions WHERE report_id = $old_id")
cur=$(q "SELECT count(*) FROM gai_reports WHERE id = $old_id AND body LIKE '%申请数量 %'")
check "a changed text is a further version of its report, now current, the others kept ($n0 -> $n versions)" \
  '[ "$n" = "$((n0 + 1))" ] && [ "$cur" = 1 ] && grep -q "1 new version (1 current, 0 not current)" "$dir/err.changed" &&
   grep -q "now current: as complete as version" "$dir/out.changed"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
