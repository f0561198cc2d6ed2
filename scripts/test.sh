#!/usr/bin/env bash
# Every test of gaireport, on a fresh Debian 12 machine:
#   build with -Wall -Wextra -Werror; C unit tests of the core under
#   ASan+UBSan and under valgrind; a libFuzzer run of the core; then, in a
#   throwaway PostgreSQL cluster, pg_regress (sql/, expected/) and pgTAP
#   (test/pgtap/).  Ends with one line "suites: N passed, M failed".
# Needs root (or sudo) to install packages and the extension.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 1
export WERROR=1   # -Werror for build, unit, fuzz, memcheck

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
passed=0
failed=0
failures=()
stage() {
  local name=$1
  shift
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "!!! $name FAILED"
  fi
}

build() { make -s clean && make -s && "${sudo[@]}" make -s install; }
db_tests() {
  scripts/with-cluster.sh sh -c '
    ok=0
    make -s installcheck || { cat regression.diffs; ok=1; }
    pg_prove -d postgres test/pgtap/*.sql || ok=1
    test/store/concurrent_load.sh || ok=1
    test/store/restore.sh || ok=1
    test/store/upgrade.sh || ok=1
    test/security/install_paths.sh || ok=1
    test/cli/loader.sh || ok=1
    test/cli/mixed_load.sh || ok=1
    test/real/load_real.sh || ok=1
    test/cli/check_sql.sh || ok=1
    test/cli/export_xlsx.sh || ok=1
    test/readme/run_readme.sh || ok=1
    test/memory/backend_memory.sh || ok=1
    if grep -aE "terminated by signal|PANIC|TRAP:" "$GAI_SERVER_LOG"; then
      echo "a backend crashed" >&2; ok=1
    fi
    exit $ok'
}

stage "build (-Werror)" build
stage "lint: extension scripts schema-qualified" test/lint/sql_qualified.sh
stage "lint: no abort/exit in server code" test/lint/no_abort.sh
stage "C unit tests (ASan+UBSan, valgrind)" make -s unit
stage "core memory per input byte (<= 26)" make -s memcheck
stage "fuzz the core (${FUZZ_SECONDS:-50} s each: text shapes, web pages, the glued-digit solver)" make -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-50}"
stage "truth check of the fixtures (core): noisy, html, html_cases, pipe, variants, glued, pdf_raw" sh -c 'make -s test/tools/gai_dump &&
  for d in noisy html html_cases pipe variants glued; do python3 test/tools/check_truth.py test/fixtures/$d || exit 1; done
  # plain pdftotext: none wrong, and no fewer right than today (61.9%; the issue asks 99%)
  python3 test/tools/check_truth.py --min-right 61.5 test/fixtures/pdf_raw || exit 1
  python3 test/tools/check_no_wrong.py test/fixtures/pdf_raw_cases'
# no cell silently wrong, and no fewer read than today (the floors; issue 9 asks 100%)
stage "layout shapes (pdftotext -layout/-tsv, w3m, lynx): no cell silently wrong" sh -c 'ok=0
  python3 test/tools/check_no_wrong.py --min-right 68.5 test/fixtures/layout/pdf_layout || ok=1
  python3 test/tools/check_no_wrong.py --min-right 98.5 test/fixtures/layout/pdf_tsv || ok=1
  python3 test/tools/check_no_wrong.py --min-right 99.3 test/fixtures/layout/w3m || ok=1
  python3 test/tools/check_no_wrong.py --min-right 90.5 test/fixtures/layout/lynx || ok=1
  python3 test/tools/check_no_wrong.py test/fixtures/layout_cases || ok=1
  exit $ok'
stage "the real PDFs of ../shared/real (layout text, word boxes)" test/real/check_real.sh
stage "the command's converters: DOCX to HTML, PDF to word boxes (ASan+UBSan)" make -s test-converters
stage "gaireport check (no database): JSON = gai_dump = truth, exit status, text width, the page in headless Chromium" make -s test-check
stage "SQL: pg_regress and pgTAP" db_tests

if [ "$failed" -gt 0 ]; then
  echo "failed: ${failures[*]}"
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
