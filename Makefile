# gaireport — PGXS build.  The core (src/core) is plain C + ICU; src/pg is the
# PostgreSQL glue.  `make unit`, `make fuzz` build the core without PostgreSQL.

.DEFAULT_GOAL := all
EXTENSION  = gaireport
MODULE_big = gaireport
CORE_SRCS  = $(sort $(wildcard src/core/*.c))
PG_SRCS    = $(sort $(wildcard src/pg/*.c))
OBJS       = $(CORE_SRCS:.c=.o) $(PG_SRCS:.c=.o)
DATA       = sql/gaireport--0.1.sql sql/gaireport--0.1--0.2.sql sql/gaireport--0.2--0.3.sql \
             sql/gaireport--0.3.sql
PGFILEDESC = "gaireport - parse government information disclosure annual reports"

# pg_regress: tests in sql/, expected output in expected/.
REGRESS      = seeds noisy api errors trigger store views defects
REGRESS_OPTS = --load-extension=gaireport --encoding=UTF8 --no-locale

DEP_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n libxml-2.0)
DEP_LIBS   := $(shell pkg-config --libs icu-uc icu-i18n libxml-2.0)
# Warnings are errors only in the developers' and the test build (`make
# WERROR=1`, what scripts/test.sh runs): a user's `make` must not fail because
# a newer compiler warns about something new.
WERROR     ?=
WARN       := -Wall -Wextra $(if $(filter-out 0 no,$(WERROR)),-Werror) -Wno-unused-parameter -Wno-missing-field-initializers

# The parser version stored with every reading (gai_versions.parser): the
# extension version and a build id, a hash of every source that makes a
# reading (the core, and the glue that turns a parse into columns), so that
# gai_reparse() reads again what an older parser read.
GAI_EXT_VERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" gaireport.control)
# describe.c only words what was read, for `gaireport check`: not part of a reading.
GAI_BUILD_SRCS  := $(filter-out src/core/describe.c src/core/gai_describe.h,$(sort $(wildcard src/core/*.c src/core/*.h))) src/pg/pgcore.c src/pg/pgcore.h src/pg/store.c
GAI_BUILD_ID    := $(shell cat $(GAI_BUILD_SRCS) | sha256sum | cut -c1-12)

PG_CPPFLAGS = -I$(srcdir)/src/core -I$(srcdir)/src/pg $(DEP_CFLAGS)
PG_CFLAGS   = $(WARN)
SHLIB_LINK  = $(DEP_LIBS)

# PGXS tracks no header dependencies: a struct change must rebuild everything.
$(OBJS): $(wildcard src/core/*.h src/pg/*.h)
# store.o carries the build id: rebuilt when any source it hashes changes
src/pg/store.o: $(GAI_BUILD_SRCS)
src/pg/store.o: override CPPFLAGS += -DGAI_EXT_VERSION='"$(GAI_EXT_VERSION)"' -DGAI_BUILD_ID='"$(GAI_BUILD_ID)"'

# Core symbols stay inside the module: a backend also loads libc and other
# libraries whose names (warn, ...) would otherwise interpose on ours.
$(CORE_SRCS:.c=.o): CFLAGS += -fvisibility=hidden

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# ---------------------------------------------------------------- core alone
CORE_CC     ?= gcc
CORE_CFLAGS  = -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -Isrc/core $(DEP_CFLAGS)
SAN_FLAGS    = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
UNIT_SRCS    = $(sort $(wildcard test/unit/*.c))

test/unit/run_unit: $(CORE_SRCS) $(UNIT_SRCS) src/core/*.h test/unit/*.h
	$(CORE_CC) $(CORE_CFLAGS) $(SAN_FLAGS) -o $@ $(CORE_SRCS) $(UNIT_SRCS) $(DEP_LIBS)

test/unit/run_unit_plain: $(CORE_SRCS) $(UNIT_SRCS) src/core/*.h test/unit/*.h
	$(CORE_CC) $(CORE_CFLAGS) -o $@ $(CORE_SRCS) $(UNIT_SRCS) $(DEP_LIBS)

# Unit tests under ASan+UBSan, then the same binary without sanitizers under valgrind.
unit: test/unit/run_unit test/unit/run_unit_plain
	cd test/unit && ./run_unit
	cd test/unit && valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite ./run_unit_plain

FUZZ_CC = clang -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -Isrc/core $(DEP_CFLAGS) -fsanitize=fuzzer,address,undefined
test/fuzz/fuzz_parse: $(CORE_SRCS) test/fuzz/fuzz_parse.c src/core/*.h
	$(FUZZ_CC) -o $@ $(CORE_SRCS) test/fuzz/fuzz_parse.c $(DEP_LIBS)
test/fuzz/fuzz_html: $(CORE_SRCS) test/fuzz/fuzz_parse.c src/core/*.h
	$(FUZZ_CC) -DFUZZ_HTML -o $@ $(CORE_SRCS) test/fuzz/fuzz_parse.c $(DEP_LIBS)
test/fuzz/fuzz_solver: $(CORE_SRCS) test/fuzz/fuzz_solver.c src/core/*.h
	$(FUZZ_CC) -o $@ $(CORE_SRCS) test/fuzz/fuzz_solver.c $(DEP_LIBS)

# Inputs up to FUZZ_MAX_LEN bytes from the start (-len_control=0: libFuzzer
# would otherwise grow its length limit slowly from the largest seed and a
# short run never leaves it); test/fuzz/big holds reports whose tables are
# spread over 64-85 kB.  FUZZ_SECONDS each: the text shapes, then web pages.
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 262144
FUZZ_OPTS = -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -len_control=0 -timeout=10 -rss_limit_mb=2048
fuzz: test/fuzz/fuzz_parse test/fuzz/fuzz_html test/fuzz/fuzz_solver
	mkdir -p test/fuzz/corpus.tmp test/fuzz/corpus_html.tmp test/fuzz/corpus_solver.tmp
	test/fuzz/fuzz_parse $(FUZZ_OPTS) -dict=test/fuzz/dict.txt test/fuzz/corpus.tmp test/fixtures/seeds test/fuzz/big test/fixtures/glued test/fixtures/pdf_raw
	test/fuzz/fuzz_html $(FUZZ_OPTS) -dict=test/fuzz/dict_html.txt test/fuzz/corpus_html.tmp test/fixtures/html_cases
	test/fuzz/fuzz_solver $(FUZZ_OPTS) -dict=test/fuzz/dict_solver.txt test/fuzz/corpus_solver.tmp test/fuzz/seeds_solver

.PHONY: unit fuzz
EXTRA_CLEAN = test/tools/html_parse_only test/tools/gai_mem test/unit/run_unit test/unit/run_unit_plain test/fuzz/fuzz_parse test/fuzz/fuzz_html test/fuzz/corpus.tmp test/fuzz/corpus_html.tmp \
	test/fuzz/fuzz_solver test/fuzz/corpus_solver.tmp

test/tools/gai_dump: $(CORE_SRCS) test/tools/gai_dump.c src/core/*.h
	$(CORE_CC) $(CORE_CFLAGS) -O2 -o $@ $(CORE_SRCS) test/tools/gai_dump.c $(DEP_LIBS)

# libxml2's HTML parse and nothing else (the baseline of test/bench/bench_html.sh).
test/tools/html_parse_only: test/tools/html_parse_only.c
	$(CORE_CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) $(DEP_CFLAGS) -o $@ $< $(DEP_LIBS)

# Peak memory of the core per input byte on the costliest shapes of text
# (32 MiB each) and on the seeds repeated to 50 MB: at most MEM_RATIO bytes
# per input byte (+1 MiB), the bound the README states.
MEM_RATIO ?= 26
test/tools/gai_mem: $(CORE_SRCS) test/tools/gai_mem.c src/core/*.h
	$(CORE_CC) $(CORE_CFLAGS) -O2 -o $@ $(CORE_SRCS) test/tools/gai_mem.c $(DEP_LIBS)
memcheck: test/tools/gai_mem
	test/tools/gai_mem --max-ratio $(MEM_RATIO)
	test/tools/gai_mem --max-ratio $(MEM_RATIO) test/fixtures/seeds/000_51aabc94d70baff8.txt test/fixtures/noisy/001.txt
.PHONY: memcheck

# ---------------------------------------------------------------- the command
# `gaireport load|stats|export`: a libpq client, installed beside psql.
CLI_SRCS   = $(sort $(wildcard src/cli/*.c))
CLI_LIBPQ := $(shell pkg-config --cflags --libs libpq 2>/dev/null || echo "-I$(shell $(PG_CONFIG) --includedir) -L$(shell $(PG_CONFIG) --libdir) -lpq")

# `gaireport export --xlsx` needs libxlsxwriter (Debian: libxlsxwriter-dev, which
# scripts/deps.sh installs); without it the command builds and says xlsx is unavailable.
CLI_XLSX  := $(shell pkg-config --exists xlsxwriter 2>/dev/null && echo "-DHAVE_XLSXWRITER $$(pkg-config --cflags --libs xlsxwriter)")

# The core is linked in too: `gaireport check` reads reports without a database.
gaireport-cli: $(CLI_SRCS) $(wildcard src/cli/*.h) $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -Isrc/core $(DEP_CFLAGS) -o $@ $(CLI_SRCS) $(CORE_SRCS) $(CLI_LIBPQ) $(DEP_LIBS) $(shell pkg-config --cflags --libs libzip) $(CLI_XLSX) -lpthread

all: $(if $(CLI_SRCS),gaireport-cli)

# `make install` puts the command beside psql ($(bindir)) and, since that
# directory is often not on PATH (Debian: /usr/lib/postgresql/15/bin), a
# symbolic link to it in CLI_LINKDIR (default /usr/local/bin; empty: no
# link).  Everything goes under $(DESTDIR) when it is set; `make uninstall`
# removes what `make install` put there (the link only if it still points to
# the command).
CLI_LINKDIR ?= /usr/local/bin
cli_link = $(if $(CLI_LINKDIR),$(if $(filter $(abspath $(CLI_LINKDIR)),$(abspath $(bindir))),,$(CLI_LINKDIR)))

install: install-cli
install-cli: $(if $(CLI_SRCS),gaireport-cli)
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) gaireport-cli '$(DESTDIR)$(bindir)/gaireport'
ifneq ($(cli_link),)
	$(MKDIR_P) '$(DESTDIR)$(cli_link)'
	@if [ -e '$(DESTDIR)$(cli_link)/gaireport' ] && [ ! -L '$(DESTDIR)$(cli_link)/gaireport' ]; then \
	  echo "$(DESTDIR)$(cli_link)/gaireport exists and is not a symbolic link: left alone (make install CLI_LINKDIR= installs no link)" >&2; exit 1; fi
	ln -sfn '$(bindir)/gaireport' '$(DESTDIR)$(cli_link)/gaireport'
endif

uninstall: uninstall-cli uninstall-dirs
uninstall-cli:
	rm -f '$(DESTDIR)$(bindir)/gaireport'
ifneq ($(cli_link),)
	@if [ -L '$(DESTDIR)$(cli_link)/gaireport' ] && [ "$$(readlink '$(DESTDIR)$(cli_link)/gaireport')" = '$(bindir)/gaireport' ]; then \
	  echo "rm -f '$(DESTDIR)$(cli_link)/gaireport'"; rm -f '$(DESTDIR)$(cli_link)/gaireport'; fi
endif
# the module's bitcode with its directories (PGXS would leave them behind)
uninstall-dirs:
	rm -rf '$(DESTDIR)$(pkglibdir)/bitcode/gaireport' '$(DESTDIR)$(pkglibdir)/bitcode/gaireport.index.bc'
.PHONY: install-cli uninstall-cli uninstall-dirs
EXTRA_CLEAN += gaireport-cli

# ---------------------------------------------------------------- the loader's converters
# .docx -> HTML (libzip, libxml2), .pdf -> `pdftotext -tsv` output, file types, SHA-256:
# test/cli/converters.c checks them on test/fixtures/docx and test/fixtures/pdf (the DOCX
# fixtures' HTML read by the core through gai_dump and check_truth.py) and on ../shared/real.
CONV_SRCS   = src/cli/docx.c src/cli/pdf.c src/cli/filetype.c src/cli/sha256.c
CONV_DEPS   = libzip libxml-2.0
test/cli/run_converters: test/cli/converters.c $(CONV_SRCS) $(CONV_SRCS:.c=.h)
	$(CORE_CC) -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) $(SAN_FLAGS) -Isrc/cli $(shell pkg-config --cflags $(CONV_DEPS)) \
		-o $@ test/cli/converters.c $(CONV_SRCS) $(shell pkg-config --libs $(CONV_DEPS)) -lpthread
test-converters: test/cli/run_converters test/tools/gai_dump
	test/cli/run_converters .
.PHONY: test-converters
EXTRA_CLEAN += test/cli/run_converters

# `gaireport check` (no database): its --json against gai_dump and the fixtures' truth, exit
# statuses, the text's width, the --html page in headless Chromium (test/cli/check.sh).
test-check: gaireport-cli test/tools/gai_dump
	test/cli/check.sh
.PHONY: test-check

# libFuzzer target of the .docx reader (inputs: a .docx, or a document.xml zipped by the target)
test/fuzz/fuzz_docx: test/fuzz/fuzz_docx.c src/cli/docx.c src/cli/filetype.c src/cli/docx.h src/cli/filetype.h
	clang -std=c11 -D_GNU_SOURCE -g -O1 $(WARN) -Isrc/cli $(shell pkg-config --cflags $(CONV_DEPS)) \
		-fsanitize=fuzzer,address,undefined -o $@ test/fuzz/fuzz_docx.c src/cli/docx.c src/cli/filetype.c \
		$(shell pkg-config --libs $(CONV_DEPS))
fuzz-docx: test/fuzz/fuzz_docx
	mkdir -p test/fuzz/corpus_docx.tmp
	test/fuzz/fuzz_docx $(FUZZ_OPTS) -dict=test/fuzz/dict_docx.txt test/fuzz/corpus_docx.tmp test/fuzz/seeds_docx
.PHONY: fuzz-docx
EXTRA_CLEAN += test/fuzz/fuzz_docx test/fuzz/corpus_docx.tmp
