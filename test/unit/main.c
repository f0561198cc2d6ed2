/*
 * main.c — the unit test runner: harness, shared helpers, and main().
 *
 * Run from test/unit/ (fixtures are read as ../fixtures/...).  Prints one
 * line per failed check, then exactly one final line "N passed, M failed";
 * exits 1 when a check failed.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int			unit_passed;
int			unit_failed;
const char *unit_suite = "?";
long		unit_live_blocks;
size_t		unit_alloc_bytes;

/* ------------------------------------------------------------ checks */

bool
unit_check(bool ok, const char *file, int line, const char *expr)
{
	if (ok)
	{
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL [%s] %s:%d: CHECK(%s)\n", unit_suite, file, line, expr);
	return false;
}

bool
unit_check_int(long long a, long long b, const char *file, int line, const char *ea, const char *eb)
{
	if (a == b)
	{
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL [%s] %s:%d: %s == %s: got %lld, expected %lld\n", unit_suite, file, line, ea, eb, a, b);
	return false;
}

bool
unit_check_le(long long a, long long b, const char *file, int line, const char *ea, const char *eb)
{
	if (a <= b)
	{
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL [%s] %s:%d: %s <= %s: got %lld, limit %lld\n", unit_suite, file, line, ea, eb, a, b);
	return false;
}

bool
unit_check_str(const char *a, const char *b, const char *file, int line, const char *ea, const char *eb)
{
	if ((a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0))
	{
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL [%s] %s:%d: %s == %s: got %s%s%s, expected %s%s%s\n", unit_suite, file, line, ea, eb,
		   a ? "\"" : "", a ? a : "NULL", a ? "\"" : "", b ? "\"" : "", b ? b : "NULL", b ? "\"" : "");
	return false;
}

bool
unit_check_num(gai_num n, long long mant, int scale, const char *file, int line, const char *en)
{
	if (n.mant == mant && n.scale == scale)
	{
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL [%s] %s:%d: %s: got {%lld, %d}, expected {%lld, %d}\n", unit_suite, file, line, en,
		   (long long) n.mant, n.scale, mant, scale);
	return false;
}

/* ------------------------------------------------------------ hooks */

static void *
u_alloc(void *ctx, size_t n)
{
	void	   *p = malloc(n);

	(void) ctx;
	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		abort();
	}
	unit_live_blocks++;
	unit_alloc_bytes += n;
	return p;
}

static void
u_free(void *ctx, void *p)
{
	(void) ctx;
	if (p)
		unit_live_blocks--;
	free(p);
}

const gai_hooks unit_hooks = {u_alloc, u_free, NULL, NULL};

/* ------------------------------------------------------------ helpers */

char *
unit_slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (!f)
	{
		perror(path);
		abort();
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		abort();
	buf = malloc((size_t) n + 1);
	if (!buf || fread(buf, 1, (size_t) n, f) != (size_t) n)
		abort();
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t) n;
	return buf;
}

gai_report *
unit_parse(const char *text)
{
	return gai_parse_report(text, strlen(text), &unit_hooks);
}

char *
unit_replace_after(const char *text, const char *after, const char *from, const char *to)
{
	const char *start = text;
	const char *p;
	size_t		tl = strlen(text),
				fl = strlen(from),
				ol = strlen(to);
	char	   *out;

	if (after)
	{
		start = strstr(text, after);
		if (!start)
			return NULL;
		start += strlen(after);
	}
	p = strstr(start, from);
	if (!p)
		return NULL;
	out = malloc(tl - fl + ol + 1);
	if (!out)
		abort();
	memcpy(out, text, (size_t) (p - text));
	memcpy(out + (p - text), to, ol);
	memcpy(out + (p - text) + ol, p + fl, tl - (size_t) (p - text) - fl + 1);
	return out;
}

gai_cell *
unit_cell(const gai_report *r, const char *item, const char *col)
{
	for (int i = 0; i < r->n_template_cells; i++)
	{
		gai_cell   *c = &r->template_cells[i];
		const char *ic = gai_cell_item_code(r, c);
		const char *cc = gai_cell_col_code(r, c);

		if (ic && cc && strcmp(ic, item) == 0 && strcmp(cc, col) == 0)
			return c;
	}
	return NULL;
}

int
unit_cells_present(const gai_report *r)
{
	int			n = 0;

	for (int i = 0; i < r->n_template_cells; i++)
		if (r->template_cells[i].status != GAI_CELL_MISSING)
			n++;
	return n;
}

static bool
str_eq_opt(const char *want, const char *have)
{
	return want == NULL || (have && strcmp(want, have) == 0);
}

int
unit_count_violations(const gai_report *r, const char *rule, const char *item, const char *col)
{
	int			n = 0;

	for (int i = 0; i < r->n_violations; i++)
	{
		const gai_violation *v = &r->violations[i];

		if (strcmp(v->rule, rule) == 0 && str_eq_opt(item, v->item) && str_eq_opt(col, v->col))
			n++;
	}
	return n;
}

const gai_violation *
unit_find_violation(const gai_report *r, const char *rule, const char *item, const char *col)
{
	for (int i = 0; i < r->n_violations; i++)
	{
		const gai_violation *v = &r->violations[i];

		if (strcmp(v->rule, rule) == 0 && str_eq_opt(item, v->item) && str_eq_opt(col, v->col))
			return v;
	}
	return NULL;
}

bool
unit_under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "vgpreload") != NULL;
}

double
unit_cpu_seconds(void)
{
	return (double) clock() / CLOCKS_PER_SEC;
}

bool
unit_warning_has(const gai_report *r, const char *needle)
{
	for (int i = 0; i < r->n_warnings; i++)
		if (r->warnings[i].text && strstr(r->warnings[i].text, needle))
			return true;
	return false;
}

/* ------------------------------------------------------------ main */

static void
run(const char *name, void (*suite) (void))
{
	int			f0 = unit_failed;
	int			p0 = unit_passed;

	unit_suite = name;
	suite();
	/* every report a suite parsed was freed, every arena block returned */
	CHECK_EQ_INT(unit_live_blocks, 0);
	printf("  suite %-10s %4d passed, %d failed\n", name, unit_passed - p0, unit_failed - f0);
}

int
main(void)
{
	const char *err = NULL;

	if (gai_init(&err) != 0)
	{
		printf("gai_init failed: %s\n", err ? err : "?");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	/* idempotent */
	CHECK_EQ_INT(gai_init(&err), 0);

	run("normalize", suite_normalize);
	run("value", suite_value);
	run("tokens", suite_tokens);
	run("template", suite_template);
	run("meta", suite_meta);
	run("rules", suite_rules);
	run("report", suite_report);
	run("defects", suite_defects);
	run("html", suite_html);
	run("solver", suite_solver);
	run("describe", suite_describe);

	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}
