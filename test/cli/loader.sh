#!/usr/bin/env bash
# What `gaireport load` does with what it is given (issue 6, item 6), in a
# database of its own (gai_loader_test, dropped at the end):
#   - FIFOs and sockets, named or met in a directory, are reported and never
#     opened: the load finishes and the other files are stored;
#   - file names that are not UTF-8 (GBK) are stored in the source column
#     escaped (\xhh, \\), reversibly, and control characters in names too;
#   - a file counts as stored only once its commit succeeded: a commit the
#     server refuses (a deferred constraint trigger) counts as failed;
#   - symbolic links met in a directory are not followed (not even to
#     /etc/shadow as root) unless --follow is given; named ones are;
#   - a working directory longer than PATH_MAX still gives absolute sources,
#     a file over the size limit is refused, nothing to load needs no server;
#   - as root, links planted by the postgres user in the embedded cluster's
#     home (server.log, pgdata/gaireport.conf, .lock, run/) are not followed.
# Run as root inside scripts/with-cluster.sh (needs PGHOST etc.).
# GAIREPORT=/path/to/gaireport-cli tests another build (default: gaireport on PATH).
# Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
gr=${GAIREPORT:-gaireport}
case $gr in /*) ;; */*) gr=$PWD/$gr ;; esac
seeds=$PWD/test/fixtures/seeds
dir=$(mktemp -d)
dbname=gai_loader_test
cleanup() {
  rm -rf "$dir"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $dbname" >/dev/null 2>&1
}
trap cleanup EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }
q() { psql -X -At -d "$dbname" -c "$1"; }
seed() { ls "$seeds"/00"$1"_*.txt; }
# a load that may not hang: killed after 30 s (exit status 124)
load() { timeout -k 5 30 "$gr" load --db "$db" --no-progress "$@"; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $dbname" -c "CREATE DATABASE $dbname" >/dev/null || exit 1
q "CREATE EXTENSION gaireport" >/dev/null || exit 1
db="host=$PGHOST port=$PGPORT dbname=$dbname user=$PGUSER"

# ---------------------------------------------------------------- FIFOs
mkdir -p "$dir/f1"
cp "$(seed 0)" "$dir/f1/a.txt"
cp "$(seed 1)" "$dir/b.txt"
mkfifo "$dir/f1/pipe.txt" "$dir/named.fifo"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$dir/f1/sock.txt"
load "$dir/f1" "$dir/named.fifo" "$dir/b.txt" >"$dir/out" 2>"$dir/err"
rc=$?
check "a load given FIFOs finishes (exit status $rc, 124 = killed after 30 s)" '[ "$rc" != 124 ]'
check "the FIFO named on the command line is reported as not read" \
  'grep -q "named.fifo: not a regular file (a FIFO" "$dir/err"'
check "the FIFO in the directory is reported as not read" \
  'grep -q "f1/pipe.txt: not a regular file (a FIFO" "$dir/err"'
check "the socket in the directory is reported as not read" \
  'grep -q "f1/sock.txt: not a regular file (a socket" "$dir/err"'
n=$(q "SELECT count(*) FROM gai_reports")
check "the two report files beside them are stored ($n rows)" '[ "$n" = 2 ]'
check "the three count as failed, exit status 1" \
  'grep -q "2 new reports, 0 new versions (0 current, 0 not current), 0 already stored, 3 failed" "$dir/err" && [ "$rc" = 1 ]'
q "TRUNCATE gai_versions" >/dev/null

# ---------------------------------------------------------------- names
mkdir -p "$dir/names"
gbk=$'\xb1\xa8\xb8\xe6'                       # 报告 in GBK: not UTF-8
cp "$(seed 2)" "$dir/names/$gbk.txt"
cp "$(seed 3)" "$dir/names/back\\slash.txt"
cp "$(seed 4)" "$dir/names/new"$'\n'"line.txt"
load "$dir/names" >"$dir/out" 2>"$dir/err"
rc=$?
n=$(q "SELECT count(*) FROM gai_reports WHERE source = '$dir/names/\\xb1\\xa8\\xb8\\xe6.txt'")
check "a GBK-named file is stored, its source escaped as \\xb1\\xa8\\xb8\\xe6.txt (exit status $rc)" \
  '[ "$n" = 1 ] && [ "$rc" = 0 ]'
n=$(q "SELECT count(*) FROM gai_reports WHERE source = '$dir/names/back\\\\slash.txt'")
check "a backslash in a name is stored as \\\\" '[ "$n" = 1 ]'
n=$(q "SELECT count(*) FROM gai_reports WHERE source = '$dir/names/new\\x0aline.txt'")
check "a newline in a name is stored as \\x0a" '[ "$n" = 1 ]'
# the mapping is reversible: unescaped, each source names its file
q "SELECT source FROM gai_reports" >"$dir/sources"
python3 - "$dir/sources" <<'PY'
import os, re, sys
srcs = open(sys.argv[1], "rb").read().decode().splitlines()
def unescape(s):
    return re.sub(rb"\\(\\|x([0-9a-f]{2}))",
                  lambda m: b"\\" if m.group(1) == b"\\" else bytes([int(m.group(2), 16)]), s.encode())
sys.exit(0 if len(srcs) == 3 and all(os.path.isfile(unescape(s)) for s in srcs) else 1)
PY
rc=$?
check "each stored source unescapes to the bytes of its file's name" '[ "$rc" = 0 ]'
q "TRUNCATE gai_versions" >/dev/null
# a failure line about such a name stays one line, escaped
printf 'not a report\0' >"$dir/names/bad"$'\n'"$gbk.txt"
load "$dir/names/bad"$'\n'"$gbk.txt" >"$dir/out" 2>"$dir/err"
check "a message about a file named with a newline and GBK bytes is one escaped line" \
  'grep -q "names/bad\\\\x0a\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt: binary file" "$dir/err" && [ "$(wc -l <"$dir/err")" = 2 ]'
rm -f "$dir/names/bad"$'\n'"$gbk.txt"
q "TRUNCATE gai_versions" >/dev/null

# ---------------------------------------------------------------- commits
mkdir -p "$dir/commitfail"
cp "$(seed 0)" "$dir/commitfail/a.txt"
cp "$(seed 1)" "$dir/commitfail/b.txt"
# rows inserted fine, refused at COMMIT: a deferred constraint trigger
q "CREATE FUNCTION test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS \$\$
   BEGIN RAISE EXCEPTION 'refused at commit by the test'; END \$\$;
   CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER INSERT OR UPDATE ON gai_versions
     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_commit();" >/dev/null
load "$dir/commitfail" >"$dir/out" 2>"$dir/err"
rc=$?
n=$(q "SELECT count(*) FROM gai_reports")
check "a refused commit stores nothing ($n rows)" '[ "$n" = 0 ]'
check "a refused commit counts as failed, not as new (summary: $(tail -1 "$dir/err" | cut -c1-90))" \
  'grep -q "loaded 2 files: 0 new reports, 0 new versions (0 current, 0 not current), 0 already stored, 2 failed" "$dir/err" && [ "$rc" = 1 ]'
check "each file of a refused commit gets the server's error line" \
  '[ "$(grep -c "commitfail/[ab].txt: not stored: refused at commit by the test" "$dir/err")" = 2 ]'
q "DROP TRIGGER test_refuse_commit ON gai_versions" >/dev/null
# a statement refused by a BEFORE trigger: the same, and the other file is stored
q "CREATE FUNCTION test_refuse_b() RETURNS trigger LANGUAGE plpgsql AS \$\$
   BEGIN IF NEW.source LIKE '%/b.txt' THEN RAISE EXCEPTION 'b refused by the test'; END IF; RETURN NEW; END \$\$;
   CREATE TRIGGER test_refuse_b BEFORE INSERT ON gai_versions FOR EACH ROW EXECUTE FUNCTION test_refuse_b();" >/dev/null
load "$dir/commitfail" >"$dir/out" 2>"$dir/err"
rc=$?
n=$(q "SELECT count(*) FROM gai_reports")
check "a refused statement: 1 new, 1 failed, 1 row stored" \
  'grep -q "loaded 2 files: 1 new report, 0 new versions (0 current, 0 not current), 0 already stored, 1 failed" "$dir/err" && [ "$n" = 1 ] && [ "$rc" = 1 ] &&
   grep -q "commitfail/b.txt: not stored: b refused by the test" "$dir/err"'
q "DROP TRIGGER test_refuse_b ON gai_versions" >/dev/null
q "TRUNCATE gai_versions" >/dev/null

# ---------------------------------------------------------------- symbolic links
mkdir -p "$dir/outside" "$dir/s"
cp "$(seed 4)" "$dir/outside/secret.txt"
cp "$(seed 0)" "$dir/s/a.txt"
ln -s "$dir/outside/secret.txt" "$dir/s/link.txt"
ln -s "$dir/outside" "$dir/s/dirlink"
ln -s /etc/shadow "$dir/s/shadow.txt"
secret_md5=$(md5sum <"$dir/outside/secret.txt" | cut -d' ' -f1)
secret_rows() { q "SELECT count(*) FROM gai_reports WHERE md5(body) = '$secret_md5'"; }
load "$dir/s" >"$dir/out" 2>"$dir/err"
rc=$?
n=$(q "SELECT count(*) FROM gai_reports")
check "without --follow, a link to a file outside the directory is not followed" '[ "$(secret_rows)" = 0 ]'
check "without --follow, a link to /etc/shadow is not followed ($n rows, 1 expected)" \
  '[ "$n" = 1 ] && [ "$(q "SELECT count(*) FROM gai_reports WHERE body LIKE '"'"'%root:%'"'"'")" = 0 ]'
check "each link not followed is reported, counted as skipped, exit status 0" \
  'grep -q "s/link.txt: symbolic link, not followed" "$dir/err" &&
   grep -q "s/shadow.txt: symbolic link, not followed" "$dir/err" &&
   grep -q "s/dirlink: symbolic link to a directory, not followed" "$dir/err" &&
   grep -q "1 new report, 0 new versions (0 current, 0 not current), 0 already stored, 0 failed, 3 skipped" "$dir/err" && [ "$rc" = 0 ]'
rm "$dir/s/shadow.txt"
load --follow "$dir/s" >"$dir/out" 2>"$dir/err"
rc=$?
check "with --follow, links to a file and a directory outside are followed" \
  '[ "$(secret_rows)" = 1 ] && [ "$rc" = 0 ] && ! grep -q "skipped" "$dir/err" &&
   [ "$(q "SELECT count(*) FROM gai_reports WHERE source LIKE '"'"'%/s/link.txt'"'"' OR source LIKE '"'"'%/s/dirlink/secret.txt'"'"'")" = 1 ]'
q "TRUNCATE gai_versions" >/dev/null
load "$dir/s/link.txt" >"$dir/out" 2>"$dir/err"
check "a link named on the command line is followed" '[ "$(secret_rows)" = 1 ]'
mkdir -p "$dir/loop/sub"
cp "$(seed 1)" "$dir/loop/sub/b.txt"
ln -s .. "$dir/loop/sub/up"
load --follow "$dir/loop" >"$dir/out" 2>"$dir/err"
rc=$?
check "with --follow, a link back up is reported as a loop and the load finishes (exit status $rc)" \
  'grep -q "loop/sub/up: a link back to .*/loop (a directory loop)" "$dir/err" && [ "$rc" = 0 ] &&
   grep -q "1 skipped" "$dir/err"'
q "TRUNCATE gai_versions" >/dev/null

# ---------------------------------------------------------------- paths, sizes, nothing to load
# a working directory longer than PATH_MAX (4096): the source is still absolute
deep=$(
  cd "$dir" || exit 1
  for i in $(seq 1 24); do
    d=$(printf 'd%.0s' $(seq 1 200))$i
    mkdir "$d" && cd "$d" || exit 1
  done
  cp "$(seed 2)" deep.txt
  load deep.txt >"$dir/out" 2>"$dir/err"
  echo "$PWD"
)
src=$(q "SELECT source FROM gai_reports")
check "run from a directory ${#deep} bytes deep, the source is the absolute path" '[ "$src" = "$deep/deep.txt" ]'
q "TRUNCATE gai_versions" >/dev/null
truncate -s 65M "$dir/huge.txt"
load "$dir/huge.txt" "$dir/b.txt" >"$dir/out" 2>"$dir/err"
check "a file over 64 MB is refused, the other stored" \
  'grep -q "huge.txt: too large" "$dir/err" && [ "$(q "SELECT count(*) FROM gai_reports")" = 1 ]'
timeout 30 "$gr" load --db "host=$dir/no-server dbname=none" --no-progress "$dir/missing.txt" >"$dir/out" 2>"$dir/err"
rc=$?
check "nothing to load: the missing file is reported and no server is needed (exit status $rc)" \
  'grep -q "missing.txt: cannot open: No such file or directory" "$dir/err" && [ "$rc" = 1 ]'

# ---------------------------------------------------------------- the embedded cluster, as root
# Its home belongs to postgres: a link planted there must not make root
# write, create or chown a file elsewhere.
if [ "$(id -u)" = 0 ]; then
  cdir=$(mktemp -d)
  chmod 755 "$cdir"                     # the postgres user must reach the home
  home=$cdir/home
  trap 'GAIREPORT_HOME=$home "$gr" stop >/dev/null 2>&1; rm -rf "$cdir"; cleanup' EXIT
  GAIREPORT_HOME=$home timeout 120 "$gr" start >"$dir/out" 2>"$dir/err"
  rc=$?
  check "as root, the embedded cluster starts in a fresh home (exit status $rc)" '[ "$rc" = 0 ]'
  GAIREPORT_HOME=$home "$gr" stop >/dev/null 2>&1
  for name in server.log pgdata/gaireport.conf .lock run; do
    victim=$cdir/victim
    rm -rf "$victim"
    if [ "$name" = run ]; then mkdir "$victim"; else printf 'root only\n' >"$victim" && chmod 600 "$victim"; fi
    [ "$name" = .lock ] && rm -f "$victim"           # O_CREAT through the link would create it
    runuser -u postgres -- sh -c 'rm -rf "$1" && ln -s "$2" "$1"' sh "$home/$name" "$victim"
    GAIREPORT_HOME=$home timeout 120 "$gr" start >"$dir/out" 2>"$dir/err"
    GAIREPORT_HOME=$home "$gr" stop >/dev/null 2>&1
    if [ "$name" = .lock ]; then
      check "a link .lock -> a missing file planted by postgres: root does not create the file" '[ ! -e "$victim" ]'
    else
      check "a link $name -> root's $( [ -d "$victim" ] && echo directory || echo file) planted by postgres: it stays root's and unchanged" \
        '[ "$(stat -c %U "$victim")" = root ] && { [ -d "$victim" ] || [ "$(cat "$victim")" = "root only" ]; }'
    fi
    rm -f "$home/$name"
    [ "$name" = run ] && mkdir "$home/run"
  done
  GAIREPORT_HOME=$home timeout 120 "$gr" start >"$dir/out" 2>"$dir/err"
  rc=$?
  (cd "$dir" && GAIREPORT_HOME=$home timeout 60 "$gr" load --no-progress b.txt >"$dir/out" 2>"$dir/err")
  check "with the links gone, it starts again and loads (exit status $rc)" \
    '[ "$rc" = 0 ] && grep -q "1 new" "$dir/err"'
  GAIREPORT_HOME=$home "$gr" stop >/dev/null 2>&1
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
