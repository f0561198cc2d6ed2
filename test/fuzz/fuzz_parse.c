/*
 * fuzz_parse.c — libFuzzer entry for the gaireport core.
 *
 * Parses the input with malloc/free hooks, walks the whole result (every
 * string read to its end, every accessor called) and aborts when an
 * invariant of gai.h does not hold:
 *
 *   - n_template_cells is 0, or the template's cell count (198 for 2019, 207
 *     for 2021: 200 and the one-row （六）其他处理 printing) matching template_id;
 *   - is_report == (some template cell is not MISSING); no report: no
 *     template, no cells, exactly the 3 table.missing violations;
 *   - every cell: valid section and status; OK cells have 1 <= line <= n_lines;
 *     an ambiguous cell's candidates strictly ascending, no other cell has any;
 *     present cells have raw text; codes and labels exist; no two template
 *     cells share (item, col); extra cells have row -1 and a label;
 *   - warnings and sections: text present (NULL content under
 *     GAI_SKIP_NARRATIVE, used for one input in four), lines in range;
 *   - violations: a known rule code with its severity, valid section,
 *     n_errors = number of error violations;
 *   - dates valid, year 0 or plausible, truncated only without a final line end;
 *   - every block allocated through the hooks is freed by gai_report_free.
 *
 * Built twice: fuzz_parse takes the input as it is; fuzz_html (-DFUZZ_HTML)
 * makes every input a web page (it is put after "<html><body>"), so the HTML
 * reader and its grids get the fuzzer's whole attention.
 *
 * Build and run: make fuzz FUZZ_SECONDS=300
 */
#include "gai.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long live_blocks;
static volatile size_t sink;	/* keeps the string walks from being optimised out */

/* Order of two decimals (candidates of an ambiguous cell), exact: -1, 0, 1. */
static int
num_order(gai_num a, gai_num b)
{
	__int128	x = a.mant,
				y = b.mant;

	for (int s = a.scale; s < b.scale && s < 30; s++)
		x *= 10;
	for (int s = b.scale; s < a.scale && s < 30; s++)
		y *= 10;
	return (x > y) - (x < y);
}

static void *
f_alloc(void *ctx, size_t n)
{
	void	   *p = malloc(n);

	(void) ctx;
	if (!p)
		abort();
	live_blocks++;
	return p;
}

static void
f_free(void *ctx, void *p)
{
	(void) ctx;
	if (p)
		live_blocks--;
	free(p);
}

static void
f_tick(void *ctx)
{
	(*(long *) ctx)++;
}

static long ticks;
static gai_hooks hooks = {f_alloc, f_free, f_tick, &ticks};

#define REQUIRE(cond) \
	do { if (!(cond)) { fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); abort(); } } while (0)

/* Read every byte of a string. */
static size_t
walk(const char *s)
{
	size_t		n = strlen(s);

	sink += n;
	return n;
}

static void
walk_num(gai_num n)
{
	char		buf[32];
	const char *s = gai_num_format(n, buf);

	REQUIRE(s == buf);
	REQUIRE(walk(s) < sizeof buf);
	REQUIRE(n.scale >= 0 && n.scale <= 24);
}

static void
check_date(gai_date d)
{
	if (d.y == 0)
		return;
	REQUIRE(d.y >= 1990 && d.y <= 2100);
	REQUIRE(d.m >= 1 && d.m <= 12);
	REQUIRE(d.d >= 1 && d.d <= 31);
}

typedef struct code_pair
{
	const char *item;
	const char *col;
} code_pair;

static int
cmp_pair(const void *a, const void *b)
{
	const code_pair *x = a,
			   *y = b;
	int			c = strcmp(x->item, y->item);

	return c ? c : strcmp(x->col, y->col);
}

/* Every cell: template cells (extra == false) and extra cells. */
static void
check_cell(const gai_report *r, const gai_cell *c, bool extra)
{
	const char *s;

	REQUIRE((int) c->section >= GAI_SEC_ACTIVE && (int) c->section <= GAI_SEC_APPEALS);
	REQUIRE((int) c->status >= GAI_CELL_MISSING && (int) c->status <= GAI_CELL_AMBIGUOUS);
	REQUIRE(c->status != GAI_CELL_AMBIGUOUS || (c->n_candidates >= 0 && (c->n_candidates == 0 || c->candidates)));
	/* candidates: only for an ambiguous cell, strictly ascending */
	REQUIRE(c->status == GAI_CELL_AMBIGUOUS || c->n_candidates == 0);
	for (int k = 1; k < c->n_candidates; k++)
		REQUIRE(num_order(c->candidates[k - 1], c->candidates[k]) < 0);
	REQUIRE(c->col >= 0);
	if (c->status == GAI_CELL_OK)
	{
		REQUIRE(c->line >= 1 && c->line <= r->n_lines);
		walk_num(c->value);
	}
	if (c->status != GAI_CELL_MISSING)
	{
		REQUIRE(c->raw != NULL);
		REQUIRE(c->line >= 1 && c->line <= r->n_lines);
	}
	if (c->raw)
		walk(c->raw);
	if (extra)
	{
		REQUIRE(c->row == -1);
		REQUIRE(c->status != GAI_CELL_MISSING);
		REQUIRE(c->extra_label != NULL);
		walk(c->extra_label);
		REQUIRE(gai_cell_item_code(r, c) == NULL);
	}
	else
	{
		REQUIRE(c->row >= 0);
		s = gai_cell_item_code(r, c);
		REQUIRE(s != NULL);
		walk(s);
	}
	s = gai_cell_col_code(r, c);
	REQUIRE(s != NULL);
	walk(s);
	s = gai_cell_item_label(r, c);
	REQUIRE(s != NULL);
	walk(s);
	s = gai_cell_col_label(r, c);
	REQUIRE(s != NULL);
	walk(s);
	walk(gai_status_name(c->status));
	walk(gai_section_code(c->section));
}

static const struct
{
	const char *code;
	int			severity;		/* -1: either */
} known_rules[] = {
	{"requests.balance", GAI_SEV_ERROR},
	{"requests.row_total", GAI_SEV_ERROR},
	{"requests.outcome_total", GAI_SEV_ERROR},
	{"appeals.row_total", GAI_SEV_ERROR},
	{"nonnegative", GAI_SEV_ERROR},
	{"active.published", GAI_SEV_WARNING},
	{"procurement.parts", GAI_SEV_WARNING},
	{"table.missing", GAI_SEV_ERROR},
	{"table.unreadable", GAI_SEV_ERROR},
	{"cell.missing", GAI_SEV_ERROR},
	{"cell.unreadable", GAI_SEV_ERROR},
	{"cell.ambiguous", GAI_SEV_ERROR},
};

static void
check_report(const gai_report *r, const uint8_t *data, size_t size)
{
	bool		any_present = false;
	int			errors = 0,
				table_missing = 0;

	REQUIRE(r != NULL);
	REQUIRE(r->n_lines >= 0 && (size_t) r->n_lines <= size + 1);
	REQUIRE(r->invalid_utf8 >= 0 && (size_t) r->invalid_utf8 <= size);
	REQUIRE((int) r->layout >= GAI_LAYOUT_UNKNOWN && (int) r->layout <= GAI_LAYOUT_GLUED);
	if (r->layout != GAI_LAYOUT_UNKNOWN)
		walk(gai_layout_name(r->layout));
	if (r->title)
		walk(r->title);
	if (r->agency)
		walk(r->agency);
	REQUIRE(r->year == 0 || (r->year >= 1990 && r->year <= 2100));
	check_date(r->report_date);
	check_date(r->period_start);
	check_date(r->period_end);
	if (r->truncated)
		REQUIRE(size > 0 && data[size - 1] != '\n' && data[size - 1] != '\r' && data[size - 1] != '\f');

	/* template and its cells */
	switch (r->template_id)
	{
		case GAI_TEMPLATE_NONE:
			REQUIRE(r->n_template_cells == 0);
			break;
		case GAI_TEMPLATE_2019:
			REQUIRE(r->n_template_cells == 198);
			break;
		case GAI_TEMPLATE_2021:
			REQUIRE(r->n_template_cells == 207);
			break;
		default:
			REQUIRE(!"unknown template id");
	}
	if (r->template_id != GAI_TEMPLATE_NONE)
		walk(gai_template_name(r->template_id));
	REQUIRE(r->n_template_cells == 0 || r->template_cells != NULL);
	{
		code_pair	pairs[256];

		REQUIRE(r->n_template_cells <= 256);
		for (int i = 0; i < r->n_template_cells; i++)
		{
			const gai_cell *c = &r->template_cells[i];

			check_cell(r, c, false);
			if (c->status != GAI_CELL_MISSING)
				any_present = true;
			pairs[i].item = gai_cell_item_code(r, c);
			pairs[i].col = gai_cell_col_code(r, c);
		}
		qsort(pairs, (size_t) r->n_template_cells, sizeof pairs[0], cmp_pair);
		for (int i = 1; i < r->n_template_cells; i++)
			REQUIRE(cmp_pair(&pairs[i - 1], &pairs[i]) != 0);
	}
	REQUIRE(r->is_report == any_present);
	REQUIRE(r->n_extra_cells >= 0 && r->n_extra_cells <= 2000);
	REQUIRE(r->n_extra_cells == 0 || r->is_report);
	for (int i = 0; i < r->n_extra_cells; i++)
		check_cell(r, &r->extra_cells[i], true);

	/* warnings */
	REQUIRE(r->n_warnings >= 0 && r->n_warnings <= 100);
	for (int i = 0; i < r->n_warnings; i++)
	{
		REQUIRE(r->warnings[i].text != NULL);
		REQUIRE(walk(r->warnings[i].text) > 0);
		REQUIRE(r->warnings[i].line >= 0 && r->warnings[i].line <= r->n_lines);
	}

	/* violations */
	REQUIRE(r->n_violations >= 0);
	for (int i = 0; i < r->n_violations; i++)
	{
		const gai_violation *v = &r->violations[i];
		size_t		k;

		REQUIRE(v->rule != NULL);
		for (k = 0; k < sizeof known_rules / sizeof known_rules[0]; k++)
			if (strcmp(v->rule, known_rules[k].code) == 0)
				break;
		REQUIRE(k < sizeof known_rules / sizeof known_rules[0]);
		REQUIRE((int) v->severity == known_rules[k].severity);
		walk(gai_severity_name(v->severity));
		REQUIRE((int) v->section >= GAI_SEC_ACTIVE && (int) v->section <= GAI_SEC_APPEALS);
		if (v->item)
			walk(v->item);
		if (v->col)
			walk(v->col);
		REQUIRE(v->message != NULL);
		REQUIRE(walk(v->message) > 0);
		if (v->has_values)
		{
			walk_num(v->expected);
			walk_num(v->actual);
		}
		if (v->severity == GAI_SEV_ERROR)
			errors++;
		if (strcmp(v->rule, "table.missing") == 0)
			table_missing++;
	}
	REQUIRE(r->n_errors == errors);
	if (!r->is_report)
	{
		REQUIRE(r->template_id == GAI_TEMPLATE_NONE);
		REQUIRE(r->n_violations == 3 && table_missing == 3);
	}

	/* sections */
	REQUIRE(r->n_sections >= 0 && r->n_sections <= GAI_SEC_COUNT);
	for (int i = 0; i < r->n_sections; i++)
	{
		const gai_section_text *st = &r->sections[i];

		REQUIRE((int) st->section >= GAI_SEC_PREAMBLE && (int) st->section < GAI_SEC_COUNT);
		REQUIRE(i == 0 || (int) st->section > (int) r->sections[i - 1].section);
		walk(gai_section_code(st->section));
		REQUIRE(st->line >= 1 && st->line <= r->n_lines);
		if (st->heading)
			walk(st->heading);
		/* GAI_SKIP_NARRATIVE: no narrative copied */
		if (hooks.flags & GAI_SKIP_NARRATIVE)
			REQUIRE(st->content == NULL);
		else
		{
			REQUIRE(st->content != NULL);
			/* a page's text is decoded: an invalid byte becomes U+FFFD (3 bytes) */
			REQUIRE(walk(st->content) <= (r->layout == GAI_LAYOUT_HTML || size > 3 ? 3 * size : size) + 16);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	ready;
	gai_report *r;

	if (!ready)
	{
		const char *err = NULL;

		if (gai_init(&err) != 0)
		{
			fprintf(stderr, "gai_init: %s\n", err ? err : "?");
			abort();
		}
		ready = 1;
	}
	live_blocks = 0;
	/* one input in four also runs without the narrative copy */
	hooks.flags = (size % 4 == 3) ? GAI_SKIP_NARRATIVE : 0;
#ifdef FUZZ_HTML
	{
		static const char head[] = "<html><body>";
		uint8_t    *page = malloc(sizeof head - 1 + size);

		if (!page)
			abort();
		memcpy(page, head, sizeof head - 1);
		memcpy(page + sizeof head - 1, data, size);
		r = gai_parse_report((const char *) page, sizeof head - 1 + size, &hooks);
		check_report(r, page, sizeof head - 1 + size);
		gai_report_free(r, &hooks);
		free(page);
	}
#else
	r = gai_parse_report((const char *) data, size, &hooks);
	check_report(r, data, size);
	gai_report_free(r, &hooks);
#endif
	REQUIRE(live_blocks == 0);
	return 0;
}
