/*
 * unit.h — a tiny self-contained test harness for the gaireport core.
 *
 * CHECK(cond), CHECK_EQ_INT(a, b), CHECK_LE_INT(a, b), CHECK_EQ_STR(a, b) (NULL-safe) and
 * CHECK_EQ_NUM(num, mant, scale) record file:line and the values on failure
 * and never stop the run.  main.c runs every suite and prints the single
 * final line "N passed, M failed".
 */
#ifndef GAI_UNIT_H
#define GAI_UNIT_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern int	unit_passed;
extern int	unit_failed;
extern const char *unit_suite;

bool		unit_check(bool ok, const char *file, int line, const char *expr);
bool		unit_check_int(long long a, long long b, const char *file, int line,
						   const char *ea, const char *eb);
bool		unit_check_le(long long a, long long b, const char *file, int line,
						  const char *ea, const char *eb);
bool		unit_check_str(const char *a, const char *b, const char *file, int line,
						   const char *ea, const char *eb);
bool		unit_check_num(gai_num n, long long mant, int scale, const char *file, int line,
						   const char *en);

#define CHECK(cond) unit_check((cond) ? true : false, __FILE__, __LINE__, #cond)
#define CHECK_EQ_INT(a, b) unit_check_int((long long) (a), (long long) (b), __FILE__, __LINE__, #a, #b)
#define CHECK_LE_INT(a, b) unit_check_le((long long) (a), (long long) (b), __FILE__, __LINE__, #a, #b)
#define CHECK_EQ_STR(a, b) unit_check_str((a), (b), __FILE__, __LINE__, #a, #b)
/* A gai_num equal to mant / 10^scale, in its canonical form (no trailing zeros). */
#define CHECK_EQ_NUM(n, mant, scale) unit_check_num((n), (mant), (scale), __FILE__, __LINE__, #n)

/* ---- helpers shared by the suites (main.c) ---- */

/* malloc/free hooks that abort on out of memory; they count live blocks. */
extern const gai_hooks unit_hooks;
extern long unit_live_blocks;
/* bytes requested through unit_hooks since the start (never decreases) */
extern size_t unit_alloc_bytes;

/* Running under valgrind (its preload library is in LD_PRELOAD)? */
bool		unit_under_valgrind(void);
/* CPU time used by the process so far. */
double		unit_cpu_seconds(void);

/* Read a file (relative to test/unit/, where the binary runs); aborts on error. */
char	   *unit_slurp(const char *path, size_t *len);

/* Parse a NUL-terminated text. */
gai_report *unit_parse(const char *text);

/* A copy of text with the first occurrence of `from` at or after `after`
 * (NULL: the start) replaced by `to`; NULL when not found.  Caller frees. */
char	   *unit_replace_after(const char *text, const char *after, const char *from, const char *to);

/* Template cell by codes (NULL when the report has no such cell). */
gai_cell   *unit_cell(const gai_report *r, const char *item, const char *col);
/* Number of template cells with a status other than MISSING. */
int			unit_cells_present(const gai_report *r);
/* Violations with this rule code (and, when not NULL, item and col). */
int			unit_count_violations(const gai_report *r, const char *rule, const char *item, const char *col);
const gai_violation *unit_find_violation(const gai_report *r, const char *rule, const char *item, const char *col);
/* Does some warning's text contain needle? */
bool		unit_warning_has(const gai_report *r, const char *needle);

/* Seed file paths (relative to test/unit/). */
#define SEED_000 "../fixtures/seeds/000_51aabc94d70baff8.txt"
#define SEED_001 "../fixtures/seeds/001_d14d7889243b97c8.txt"
#define SEED_002 "../fixtures/seeds/002_67d5636951f762bb.txt"
#define SEED_003 "../fixtures/seeds/003_6cbc9befc1ec18ab.txt"
#define SEED_004 "../fixtures/seeds/004_68737bd3c1f99b18.txt"

/* ---- suites ---- */
void		suite_normalize(void);
void		suite_value(void);
void		suite_tokens(void);
void		suite_template(void);
void		suite_meta(void);
void		suite_rules(void);
void		suite_report(void);
void		suite_defects(void);
void		suite_html(void);
void		suite_solver(void);
void		suite_describe(void);

#endif							/* GAI_UNIT_H */
