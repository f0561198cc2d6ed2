#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster of its own.
#
#   scripts/with-cluster.sh COMMAND [ARGS...]
#
# The cluster lives in a fresh temporary directory, listens only on a Unix
# socket there (so several runs never collide, unlike pg_virtualenv's fixed
# 15/regress cluster when run as root), and is removed when COMMAND exits.
# PGHOST, PGPORT, PGUSER and PGDATABASE are set for COMMAND.  As root, the
# server runs as the postgres user.  Extra server settings: GAI_PG_OPTS.
set -euo pipefail

bindir=$(pg_config --bindir)
dir=$(mktemp -d "${TMPDIR:-/tmp}/gaireport-pg.XXXXXX")
run=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  run=(runuser -u postgres --)
fi

cleanup() {
  "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth=trust >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${GAI_PG_OPTS:-}"
if ! "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
export PGHOST="$dir" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres GAI_SERVER_LOG="$dir/server.log"
status=0
"$@" || status=$?
if [ "$status" != 0 ] && [ -s "$dir/server.log" ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$dir/server.log" >&2
fi
exit "$status"
