#!/usr/bin/env bash
# Lint of the extension scripts: every function call and every named object
# schema-qualified (pg_catalog. or @extschema@.), operators where a planted
# one could match qualified, the search path pinned (see sql_qualified.py).
#
#   test/lint/sql_qualified.sh            check sql/gaireport--*.sql
#   test/lint/sql_qualified.sh FILE...    check those files
#
# Runs the checker's own cases first.  Exit 1 on any problem.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/sql_qualified.py" --self-test
if [ "$#" -gt 0 ]; then
  python3 "$here/sql_qualified.py" "$@"
else
  cd "$here/../.."
  python3 "$here/sql_qualified.py" sql/gaireport--*.sql
fi
