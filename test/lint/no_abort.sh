#!/usr/bin/env bash
# The core and the PostgreSQL layer run inside a server backend: abort(),
# exit() or assert() there would take every session down (a backend that
# aborts makes the postmaster restart the cluster).  Failures are returned
# as errors instead.  This check fails on any such call in src/core, src/pg.
set -uo pipefail
cd "$(dirname "$0")/../.."
hits=$(grep -nE '\b(abort|exit|_exit|assert|quick_exit)[[:space:]]*\(' src/core/*.c src/core/*.h src/pg/*.c src/pg/*.h \
  | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)' || true)
if [ -n "$hits" ]; then
  echo "abort/exit/assert in code that runs in the server:"
  echo "$hits"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "no abort, exit or assert in src/core and src/pg"
echo "1 passed, 0 failed"
