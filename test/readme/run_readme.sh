#!/usr/bin/env bash
# Every ```sql block of README.md, in order, run as it is by psql with
# ON_ERROR_STOP in a fresh database (gai_readme), from the repository's
# directory (the examples read its sample reports): any error fails.  Also:
# README.md links to nothing outside the repository.
#
#   scripts/with-cluster.sh test/readme/run_readme.sh
#
# Needs gaireport installed (make install).  Prints "ok"/"not ok" lines and
# "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
db=gai_readme
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"; else fail=$((fail + 1)); echo "not ok - $1"; fi; }

# the blocks: a line "```sql" opens one, the next line "```" closes it
awk -v dir="$dir" '
  /^```sql[ \t]*$/ { n++; inblock = 1; f = sprintf("%s/block%02d.sql", dir, n); printf "" > f; next }
  inblock && /^```[ \t]*$/ { inblock = 0; close(f); next }
  inblock { print > f }
  END { if (inblock) { print "README.md: block " n " is not closed" > "/dev/stderr"; exit 1 } }
' README.md
nblocks=$(ls "$dir"/block*.sql 2>/dev/null | wc -l)
check "README.md has SQL examples ($nblocks blocks)" '[ "$nblocks" -ge 3 ]'

PGOPTIONS=--client-min-messages=warning psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
for f in "$dir"/block*.sql; do
  [ -e "$f" ] || continue
  cat "$f" >>"$dir/all.sql"
done
# one session, as a reader pasting the examples one after another
if psql -X -v ON_ERROR_STOP=1 -d "$db" -f "$dir/all.sql" >"$dir/out" 2>"$dir/err"; then
  check "every SQL example runs without an error" 'true'
else
  check "every SQL example runs without an error" 'false'
  sed 's/^/# /' "$dir/err" | tail -20
fi
check "nothing on stderr (no error, no warning)" '! grep -q . "$dir/err"'
# each block on its own, after the ones before it, to say which one fails
: >"$dir/so_far.sql"
PGOPTIONS=--client-min-messages=warning psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
for f in "$dir"/block*.sql; do
  [ -e "$f" ] || continue
  b=$(basename "$f" .sql)
  check "$b ($(head -1 "$f" | cut -c1-60)...) runs" \
    'psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >/dev/null 2>"$dir/err_$b" || { sed "s/^/# /" "$dir/err_$b"; false; }'
done

# links: none outside the repository, and each in-repository one exists
bad=$(grep -o '\]([^)]*)' README.md | sed 's/^](//; s/)$//' | while read -r l; do
  case "$l" in
    \#*) ;;
    *://*|/*|../*|*/../*) echo "$l (outside the repository)" ;;
    *) [ -e "${l%%#*}" ] || echo "$l (no such file)" ;;
  esac
done)
check "README.md links to nothing outside the repository${bad:+: $bad}" '[ -z "$bad" ]'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
