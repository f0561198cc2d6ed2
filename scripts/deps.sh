#!/usr/bin/env bash
# Install what building and testing gaireport needs, when it is missing
# (Debian 12 with PostgreSQL 15).  Safe to run again: it installs nothing
# that is already there.  chromium and fonts-noto-cjk: the test of `gaireport
# check --html` opens its page in headless Chromium (with Chinese fonts).
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap pgtap libicu-dev libxml2-dev libzip-dev \
         poppler-utils pkg-config make gcc clang libclang-rt-14-dev valgrind python3 \
         chromium fonts-noto-cjk libxlsxwriter-dev python3-openpyxl; do
  have_pkg "$p" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
