/*
 * test_solver.c — cells from digits run together (solver.c) and the readers
 * of glued web text and plain pdftotext (glued.c): the spec's examples, a
 * table whose source breaks a rule, a row that cannot be split, blank cells
 * placed by the rules, and the worst cases of the work budget, with a bound
 * on CPU time.
 */
#include "unit.h"
#include "solver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ direct use of gs_solve */

typedef struct fixture
{
	const gai_template_def *tpl;
	int			table;
	gai_cell   *cells;
	gai_arena	arena;
	gs_ctx		ctx;
	int			warnings;
	char		last_warning[400];
} fixture;

static void
count_warning(void *arg, int line, const char *msg)
{
	fixture    *fx = arg;

	(void) line;
	fx->warnings++;
	snprintf(fx->last_warning, sizeof fx->last_warning, "%s", msg);
}

static int
table_of(const gai_template_def *tpl, gai_section_id sec, const char *row_code)
{
	for (int t = 0; t < tpl->ntables; t++)
		for (int r = 0; r < tpl->tables[t].nrows; r++)
			if (tpl->tables[t].section == sec && (!row_code ||
												  (tpl->tables[t].rows[r].code && strcmp(tpl->tables[t].rows[r].code, row_code) == 0)))
				return t;
	return -1;
}

static int
row_of(const gai_table_def *td, const char *code)
{
	for (int r = 0; r < td->nrows; r++)
		if (td->rows[r].code && strcmp(td->rows[r].code, code) == 0)
			return r;
	return -1;
}

static void
fx_init(fixture *fx, gai_template_id id, gai_section_id sec, const char *row_code)
{
	memset(fx, 0, sizeof *fx);
	fx->tpl = template_get(id);
	fx->table = table_of(fx->tpl, sec, row_code);
	arena_init(&fx->arena, &unit_hooks);
	fx->cells = arena_alloc0(&fx->arena, sizeof(gai_cell) * (size_t) template_ncells(fx->tpl));
	fx->ctx.arena = &fx->arena;
	fx->ctx.hooks = &unit_hooks;
	fx->ctx.warn = count_warning;
	fx->ctx.warn_arg = fx;
}

static void
fx_done(fixture *fx)
{
	arena_release(&fx->arena);
}

/*
 * Segments of a test text: digits, + - . , make runs; a space ends a run
 * (a cell boundary); '_' is a blank mark (&nbsp;); '|' ends a token that is
 * a whole cell (plain text: "5|3|0").  A trailing 元 or 笔 is a unit.
 */
static gs_seg *
segs_of(fixture *fx, const char *text, bool whole, int *n)
{
	size_t		len = strlen(text);
	gs_seg	   *segs = arena_alloc0(&fx->arena, sizeof(gs_seg) * (len + 1));
	char	   *buf = arena_alloc(&fx->arena, len + 1);
	int			k = 0,
				o = 0;
	gs_seg	   *run = NULL;

	for (size_t i = 0; i < len;)
	{
		char		c = text[i];

		if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == ',')
		{
			if (!run)
			{
				run = &segs[k++];
				run->kind = GS_RUN;
				run->whole = whole;
				run->s = buf + o;
				run->line = 1;
			}
			buf[o++] = c;
			run->len++;
			i++;
		}
		else if (c == '_')
		{
			segs[k].kind = GS_BLANK;
			segs[k].s = "";
			segs[k].line = 1;
			k++;
			run = NULL;
			i++;
		}
		else if ((unsigned char) c >= 0x80 && run)
		{
			/* a unit: 3 bytes */
			memcpy(buf + o, text + i, 3);
			o += 3;
			run->unit_len = 3;
			run = NULL;
			i += 3;
		}
		else
		{
			run = NULL;
			i++;
		}
	}
	*n = k;
	return segs;
}

/* Solve one region over the given rows of the fixture's table. */
static void
fx_solve(fixture *fx, const char *text, const char *const *rows, int nrows, gs_gaps gaps, bool whole)
{
	const gai_table_def *td = &fx->tpl->tables[fx->table];
	gs_region  *rg = arena_alloc0(&fx->arena, sizeof(gs_region));
	int		   *ri = arena_alloc(&fx->arena, sizeof(int) * (size_t) nrows);
	gs_table	t = {fx->tpl, fx->table, false, 1, rg};

	for (int k = 0; k < nrows; k++)
		ri[k] = row_of(td, rows[k]);
	rg->segs = segs_of(fx, text, whole, &rg->nsegs);
	rg->gaps = (uint8_t) gaps;
	rg->rows = ri;
	rg->nrows = nrows;
	rg->line = 1;
	rg->raw = text;
	rg->raw_len = (int) strlen(text);
	gs_solve(&fx->ctx, &t, fx->cells);
}

/* Several regions of one row each (a glued table): texts[k] is row rows[k]. */
static void
fx_solve_rows(fixture *fx, const char *const *texts, const char *const *rows, int nrows)
{
	const gai_table_def *td = &fx->tpl->tables[fx->table];
	gs_region  *rg = arena_alloc0(&fx->arena, sizeof(gs_region) * (size_t) nrows);
	gs_table	t = {fx->tpl, fx->table, false, nrows, rg};

	for (int k = 0; k < nrows; k++)
	{
		int		   *ri = arena_alloc(&fx->arena, sizeof(int));

		*ri = row_of(td, rows[k]);
		rg[k].segs = segs_of(fx, texts[k], false, &rg[k].nsegs);
		rg[k].gaps = GS_GAPS_IF_SHORT;
		rg[k].rows = ri;
		rg[k].nrows = 1;
		rg[k].line = k + 1;
		rg[k].raw = texts[k];
		rg[k].raw_len = (int) strlen(texts[k]);
	}
	gs_solve(&fx->ctx, &t, fx->cells);
}

static gai_cell *
fx_cell(fixture *fx, const char *row, int col)
{
	int			r = row_of(&fx->tpl->tables[fx->table], row);
	int			idx = r < 0 ? -1 : template_cell_index(fx->tpl, fx->table, r, col);

	return idx < 0 ? NULL : &fx->cells[idx];
}

/* The cell is ok with this value. */
static bool
is_ok(const gai_cell *c, long long v)
{
	return c && c->status == GAI_CELL_OK && c->value.mant == v && c->value.scale == 0;
}

/* The cell is ambiguous with exactly these candidates (integers, ascending). */
static bool
is_ambiguous(const gai_cell *c, const long long *v, int n)
{
	if (!c || c->status != GAI_CELL_AMBIGUOUS || c->n_candidates != n)
		return false;
	for (int i = 0; i < n; i++)
		if (c->candidates[i].mant != v[i] || c->candidates[i].scale != 0)
			return false;
	return true;
}

/* ------------------------------------------------------------ the spec's examples */

static const char *const RECEIVED[] = {"received"};

static void
spec_examples(void)
{
	fixture		fx;

	/* 640020470: the only split where 总计 is the sum of the six before it */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, "640020470", RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	{
		static const long long want[] = {64, 0, 0, 2, 0, 4, 70};

		for (int c = 0; c < 7; c++)
			CHECK(is_ok(fx_cell(&fx, "received", c), want[c]));
		CHECK_EQ_STR(fx_cell(&fx, "received", 6)->raw, "70");
		CHECK_EQ_INT(fx.ctx.n_ok, 7);
		CHECK(!fx.ctx.inconsistent && !fx.ctx.over_budget);
	}
	fx_done(&fx);

	/* 行政处罚61044: no rule over table 二 — 61/0/44, 6/10/44, 6/104/4, 610/4/4 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "penalty");
	{
		static const char *const row[] = {"penalty"};
		static const long long prev[] = {6, 61, 610},
					change[] = {0, 4, 10, 104},
					dec[] = {4, 44};

		fx_solve(&fx, "61044", row, 1, GS_GAPS_IF_SHORT, false);
		CHECK(is_ambiguous(fx_cell(&fx, "penalty", 0), prev, 3));
		CHECK(is_ambiguous(fx_cell(&fx, "penalty", 1), change, 4));
		CHECK(is_ambiguous(fx_cell(&fx, "penalty", 2), dec, 2));
		CHECK_EQ_INT(fx.ctx.n_ambiguous, 3);
		CHECK_EQ_STR(fx_cell(&fx, "penalty", 0)->raw, "61044");
	}
	fx_done(&fx);

	/* ... unless the digits leave one split: 000 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "penalty");
	{
		static const char *const row[] = {"penalty"};

		fx_solve(&fx, "000", row, 1, GS_GAPS_IF_SHORT, false);
		for (int c = 0; c < 3; c++)
			CHECK(is_ok(fx_cell(&fx, "penalty", c), 0));
	}
	fx_done(&fx);

	/* a signed change: 0-10 is 0, -1, 0 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "penalty");
	{
		static const char *const row[] = {"penalty"};

		fx_solve(&fx, "0-10", row, 1, GS_GAPS_IF_SHORT, false);
		CHECK(is_ok(fx_cell(&fx, "penalty", 0), 0));
		CHECK(is_ok(fx_cell(&fx, "penalty", 1), -1));
		CHECK(is_ok(fx_cell(&fx, "penalty", 2), 0));
	}
	fx_done(&fx);

	/* amounts with units: 2笔 984361元 (the unit ends a cell) */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "procurement");
	{
		static const char *const row[] = {"procurement"};

		fx_solve(&fx, "2笔984361元", row, 1, GS_GAPS_IF_SHORT, false);
		CHECK(is_ok(fx_cell(&fx, "procurement", 0), 2));
		CHECK(is_ok(fx_cell(&fx, "procurement", 1), 984361));
		CHECK_EQ_STR(fx_cell(&fx, "procurement", 1)->raw, "984361元");
	}
	fx_done(&fx);

	/* single spaces that are cell boundaries; stray ones that are not */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "normative_document");
	{
		static const char *const row[] = {"normative_document"};

		fx_solve(&fx, "6 4 11", row, 1, GS_GAPS_IF_SHORT, false);
		CHECK(is_ok(fx_cell(&fx, "normative_document", 0), 6));
		CHECK(is_ok(fx_cell(&fx, "normative_document", 1), 4));
		CHECK(is_ok(fx_cell(&fx, "normative_document", 2), 11));
	}
	fx_done(&fx);
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, "10 0 00 0 1", RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	{
		static const long long want[] = {1, 0, 0, 0, 0, 0, 1};

		for (int c = 0; c < 7; c++)
			CHECK(is_ok(fx_cell(&fx, "received", c), want[c]));
	}
	fx_done(&fx);

	/* &nbsp; cells: blank, counted as 0 by the rules */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, "12____315", RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	CHECK(is_ok(fx_cell(&fx, "received", 0), 12));
	for (int c = 1; c < 5; c++)
		CHECK(fx_cell(&fx, "received", c)->status == GAI_CELL_BLANK);
	CHECK(is_ok(fx_cell(&fx, "received", 5), 3));
	CHECK(is_ok(fx_cell(&fx, "received", 6), 15));
	fx_done(&fx);

	/* fewer digits than cells (blanks printed as nothing): placed where the rule allows */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, "99", RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	{
		static const long long zero_or_9[] = {0, 9};

		for (int c = 0; c < 6; c++)
			CHECK(is_ambiguous(fx_cell(&fx, "received", c), zero_or_9, 2));
		CHECK(is_ok(fx_cell(&fx, "received", 6), 9));
		CHECK(strstr(fx.last_warning, "ambiguous") != NULL);
	}
	fx_done(&fx);
}

/* ------------------------------------------------------------ whole tables */

/* The 2019 requests table: its value rows in print order. */
static const char *const REQ19[] = {
	"received", "carried_in", "granted", "partial", "denied.state_secret", "denied.prohibited_by_law",
	"denied.three_safeties", "denied.third_party", "denied.internal_affairs", "denied.process_info",
	"denied.enforcement_file", "denied.inquiry", "unavailable.not_held", "unavailable.needs_creation",
	"unavailable.unclear", "rejected.petition", "rejected.duplicate", "rejected.publication",
	"rejected.excessive", "rejected.confirmation", "other", "total", "carried_over"
};
#define NREQ19 ((int) (sizeof REQ19 / sizeof REQ19[0]))

static int
req_index(const char *code)
{
	for (int k = 0; k < NREQ19; k++)
		if (strcmp(REQ19[k], code) == 0)
			return k;
	return -1;
}

static void
tables(void)
{
	fixture		fx;
	const char *rows[NREQ19];

	/*
	 * A consistent table in which the column rules fix rows that the row
	 * rule alone does not: granted and total "101000011" are 1,0,10,0,0,0,11
	 * or 10,1,0,0,0,0,11 by their digits and their row total; received
	 * "91000010" (9,1,0,0,0,0,10) and carried_in "1000001" have one split,
	 * and requests.balance takes the second.
	 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	for (int k = 0; k < NREQ19; k++)
		rows[k] = "0000000";
	rows[req_index("received")] = "91000010";
	rows[req_index("carried_in")] = "1000001";
	rows[req_index("granted")] = "101000011";
	rows[req_index("total")] = "101000011";
	fx_solve_rows(&fx, rows, REQ19, NREQ19);
	CHECK(!fx.ctx.inconsistent && !fx.ctx.over_budget);
	CHECK(is_ok(fx_cell(&fx, "received", 0), 9));
	CHECK(is_ok(fx_cell(&fx, "received", 6), 10));
	CHECK(is_ok(fx_cell(&fx, "granted", 0), 10));
	CHECK(is_ok(fx_cell(&fx, "granted", 1), 1));
	CHECK(is_ok(fx_cell(&fx, "granted", 2), 0));
	CHECK(is_ok(fx_cell(&fx, "total", 0), 10));
	CHECK(is_ok(fx_cell(&fx, "total", 6), 11));
	CHECK_EQ_INT(fx.ctx.n_ambiguous, 0);
	CHECK_EQ_INT(fx.ctx.n_ok, NREQ19 * 7);
	fx_done(&fx);
	/* the same rows without received and carried_in: nothing fixes them, both readings stay */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		static const char *const two[] = {"granted", "total"};
		static const char *const digits[] = {"101000011", "101000011"};
		static const long long np[] = {1, 10},
					research[] = {0, 10};

		fx_solve_rows(&fx, digits, two, 2);
		CHECK(is_ambiguous(fx_cell(&fx, "granted", 0), np, 2));
		CHECK(is_ambiguous(fx_cell(&fx, "total", 2), research, 2));
		CHECK(is_ok(fx_cell(&fx, "granted", 6), 11));
	}
	fx_done(&fx);

	/*
	 * A source that breaks requests.balance (carried_over 1 too many): no
	 * reading satisfies every rule; no digit is moved to make it balance.
	 * Each row is split by its digits alone: 7 digits, one split; the row
	 * "110000011" (9 digits) splits several ways and stays ambiguous.
	 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	for (int k = 0; k < NREQ19; k++)
		rows[k] = "0000000";
	rows[req_index("received")] = "1000001";
	rows[req_index("granted")] = "1000001";
	rows[req_index("total")] = "1000001";
	rows[req_index("carried_over")] = "1000001";
	rows[req_index("other")] = "110000011";
	fx_solve_rows(&fx, rows, REQ19, NREQ19);
	CHECK(fx.ctx.inconsistent);
	CHECK(strstr(fx.last_warning, "ambiguous") != NULL || fx.warnings >= 1);
	CHECK(is_ok(fx_cell(&fx, "received", 0), 1));
	CHECK(is_ok(fx_cell(&fx, "carried_over", 0), 1));
	CHECK(is_ok(fx_cell(&fx, "total", 6), 1));
	CHECK(fx_cell(&fx, "other", 0)->status == GAI_CELL_AMBIGUOUS);
	{
		/* 1 or 11 or 110 … : ascending, no duplicate */
		const gai_cell *c = fx_cell(&fx, "other", 0);
		bool		sorted = c->n_candidates >= 2;

		for (int i = 1; i < c->n_candidates; i++)
			sorted &= num_cmp(c->candidates[i - 1], c->candidates[i]) < 0;
		CHECK(sorted);
	}
	fx_done(&fx);

	/* a row that cannot be split: a decimal point among counts */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, "1.50000", RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	for (int c = 0; c < 7; c++)
		CHECK(fx_cell(&fx, "received", c)->status == GAI_CELL_UNREADABLE);
	CHECK(strstr(fx.last_warning, "cannot be read") != NULL);
	CHECK_EQ_INT(fx.ctx.n_unreadable, 7);
	fx_done(&fx);

	/*
	 * Plain pdftotext: one cell a line, the blank ones dropped.  received is
	 * 5 3 _ 0 0 0 8 (research printed blank): the balance puts the 5 and the
	 * 3 where they are; which of the four zeros' cells was the blank one is
	 * not known (ambiguous, 0); 总计 8 is the row's last.
	 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		char		stream[2048] = "";
		size_t		o = 0;

		for (int k = 0; k < NREQ19; k++)
		{
			const char *v = "0|0|0|0|0|0|0|";

			if (strcmp(REQ19[k], "received") == 0)
				v = "5|3|0|0|0|8|";
			else if (strcmp(REQ19[k], "granted") == 0 || strcmp(REQ19[k], "total") == 0)
				v = "5|3|0|0|0|0|8|";
			o += (size_t) snprintf(stream + o, sizeof stream - o, "%s", v);
		}
		fx_solve(&fx, stream, REQ19, NREQ19, GS_GAPS_ALWAYS, true);
		CHECK(is_ok(fx_cell(&fx, "received", 0), 5));
		CHECK(is_ok(fx_cell(&fx, "received", 1), 3));
		CHECK(is_ok(fx_cell(&fx, "received", 6), 8));
		for (int c = 2; c < 6; c++)
		{
			static const long long zero[] = {0};

			CHECK(is_ambiguous(fx_cell(&fx, "received", c), zero, 1));
		}
		CHECK(is_ok(fx_cell(&fx, "total", 1), 3));
		CHECK(is_ok(fx_cell(&fx, "carried_over", 3), 0));
	}
	fx_done(&fx);

	/* the same stream whose order moved a value (its rules no longer hold): not read */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		char		stream[2048] = "";
		size_t		o = 0;

		for (int k = 0; k < NREQ19; k++)
		{
			const char *v = "0|0|0|0|0|0|0|";

			if (strcmp(REQ19[k], "received") == 0)
				v = "5|3|0|0|0|8|";
			else if (strcmp(REQ19[k], "granted") == 0)
				v = "3|5|0|0|0|0|8|";
			else if (strcmp(REQ19[k], "total") == 0)
				v = "5|3|0|0|0|0|8|";
			o += (size_t) snprintf(stream + o, sizeof stream - o, "%s", v);
		}
		fx_solve(&fx, stream, REQ19, NREQ19, GS_GAPS_ALWAYS, true);
		CHECK(fx_cell(&fx, "received", 0)->status == GAI_CELL_UNREADABLE);
		CHECK(fx_cell(&fx, "granted", 0)->status == GAI_CELL_UNREADABLE);
		CHECK(strstr(fx.last_warning, "not read") != NULL);
	}
	fx_done(&fx);

	/* the appeals table: 15 cells in one run, the row totals deciding */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_APPEALS, NULL);
	{
		static const char *const app[] = {"review", "litigation_direct", "litigation_after_review"};
		static const long long want[] = {1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 12, 0, 0, 0, 12};

		fx_solve(&fx, "10012000001200012", app, 3, GS_GAPS_IF_SHORT, false);
		for (int k = 0; k < 15; k++)
			CHECK(is_ok(fx_cell(&fx, app[k / 5], k % 5), want[k]));
	}
	fx_done(&fx);
}

/* ------------------------------------------------------------ plain pdftotext */

/* The requests stream of plain pdftotext: row k prints vals[k] (cells "a|b|…|"), else seven zeros. */
static void
plain_stream19(fixture *fx, const char *const *codes, const char *const *vals, int n)
{
	char		stream[4096] = "";
	size_t		o = 0;

	for (int k = 0; k < NREQ19; k++)
	{
		const char *v = "0|0|0|0|0|0|0|";

		for (int i = 0; i < n; i++)
			if (strcmp(REQ19[k], codes[i]) == 0)
				v = vals[i];
		o += (size_t) snprintf(stream + o, sizeof stream - o, "%s", v);
	}
	fx_solve(fx, stream, REQ19, NREQ19, GS_GAPS_ALWAYS, true);
}

static void
plain_tables(void)
{
	fixture		fx;
	static const char *const app[] = {"review", "litigation_direct", "litigation_after_review"};
	static const char *const frame[] = {"received", "granted", "total"};

	/*
	 * The appeals table, blank cells dropped: 1 2 3 | 0 0 0 0 0 | 2 2 2 2 8.
	 * Thirteen values for fifteen cells: the row rule makes the 3 review's
	 * total (1 + 2; no other cut of the stream satisfies the three rows),
	 * so the two blanks are review's and the other rows are printed in
	 * full; which two of review's four parts are blank stays ambiguous.
	 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_APPEALS, NULL);
	fx_solve(&fx, "1|2|3|0|0|0|0|0|2|2|2|2|8|", app, 3, GS_GAPS_ALWAYS, true);
	CHECK(!fx.ctx.inconsistent);
	CHECK(is_ok(fx_cell(&fx, "review", 4), 3));
	for (int c = 0; c < 5; c++)
	{
		CHECK(is_ok(fx_cell(&fx, "litigation_direct", c), 0));
		CHECK(is_ok(fx_cell(&fx, "litigation_after_review", c), c == 4 ? 8 : 2));
	}
	for (int c = 0; c < 4; c++)
		CHECK(fx_cell(&fx, "review", c)->status == GAI_CELL_AMBIGUOUS);
	{
		/* upheld: 1 printed, or blank (the 1 in a later part) */
		static const long long upheld[] = {0, 1};

		CHECK(is_ambiguous(fx_cell(&fx, "review", 0), upheld, 2));
	}
	fx_done(&fx);

	/*
	 * Every cell printed, the source breaking its rules at one cell: total's
	 * natural_person printed 6 where the parts give 5.  Its row, its column's
	 * balance and outcome total are broken, all of them by that one cell:
	 * every other cell is read as printed, that one is not.
	 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		static const char *const vals[] = {"5|3|0|0|0|0|8|", "5|3|0|0|0|0|8|", "6|3|0|0|0|0|8|"};

		plain_stream19(&fx, frame, vals, 3);
	}
	CHECK(fx.ctx.inconsistent);
	CHECK(fx_cell(&fx, "total", 0)->status == GAI_CELL_UNREADABLE);
	CHECK(is_ok(fx_cell(&fx, "total", 1), 3));
	CHECK(is_ok(fx_cell(&fx, "total", 6), 8));
	CHECK(is_ok(fx_cell(&fx, "received", 0), 5));
	CHECK(is_ok(fx_cell(&fx, "granted", 0), 5));
	CHECK(is_ok(fx_cell(&fx, "carried_over", 0), 0));
	CHECK(is_ok(fx_cell(&fx, "other", 6), 0));
	CHECK_EQ_INT(fx.ctx.n_unreadable, 1);
	CHECK_EQ_INT(fx.ctx.n_ok, NREQ19 * 7 - 1);
	CHECK(strstr(fx.last_warning, "160 of its 161 cells are read") != NULL);
	fx_done(&fx);

	/*
	 * Every cell printed, two values of granted swapped by the reading order
	 * (3 5 for 5 3): the row still sums, but natural_person's and
	 * commercial's outcome totals break and no one cell explains either:
	 * their cells are not read, nor granted's; the others are.
	 */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		static const char *const vals[] = {"5|3|0|0|0|0|8|", "3|5|0|0|0|0|8|", "5|3|0|0|0|0|8|"};

		plain_stream19(&fx, frame, vals, 3);
	}
	CHECK(fx.ctx.inconsistent);
	CHECK(fx_cell(&fx, "granted", 0)->status == GAI_CELL_UNREADABLE);
	CHECK(fx_cell(&fx, "granted", 1)->status == GAI_CELL_UNREADABLE);
	CHECK(fx_cell(&fx, "total", 0)->status == GAI_CELL_UNREADABLE);
	CHECK(fx_cell(&fx, "partial", 1)->status == GAI_CELL_UNREADABLE);
	CHECK(is_ok(fx_cell(&fx, "granted", 2), 0));
	CHECK(is_ok(fx_cell(&fx, "received", 0), 5));
	CHECK(is_ok(fx_cell(&fx, "total", 6), 8));
	fx_done(&fx);

	/* more broken instances than one wrong cell makes: nothing is read */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		static const char *const codes[] = {"received", "granted", "partial", "total", "carried_over"};
		static const char *const vals[] = {"1|2|3|4|5|6|21|", "2|3|4|5|6|1|21|", "3|4|5|6|1|2|21|",
			"6|5|4|3|2|1|21|", "1|1|1|1|1|1|6|"};

		plain_stream19(&fx, codes, vals, 5);
	}
	CHECK(fx.ctx.inconsistent);
	CHECK_EQ_INT(fx.ctx.n_ok, 0);
	CHECK(strstr(fx.last_warning, " 0 of its 161 cells are read") != NULL);
	fx_done(&fx);

	/* a broken table with a dropped blank (fewer values than cells): not read, as before */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	{
		static const char *const vals[] = {"5|3|0|0|0|8|", "5|3|0|0|0|0|8|", "6|3|0|0|0|0|8|"};

		plain_stream19(&fx, frame, vals, 3);
	}
	CHECK_EQ_INT(fx.ctx.n_ok, 0);
	CHECK(fx_cell(&fx, "received", 0)->status == GAI_CELL_UNREADABLE);
	fx_done(&fx);
}

/* ------------------------------------------------------------ through the whole parse */

/* A glued page: the three tables' labels and digits on one line. */
static char *
glued_page(const char *const *req_digits)
{
	const gai_template_def *tpl = template_get(GAI_TEMPLATE_2019);
	int			rt = table_of(tpl, GAI_SEC_REQUESTS, NULL);
	const gai_table_def *td = &tpl->tables[rt];
	size_t		cap = 16384,
				o = 0;
	char	   *t = malloc(cap);
	int			k = 0;

	if (!t)
		abort();
	o += (size_t) snprintf(t + o, cap - o, "某市某局2020年政府信息公开工作年度报告\n"
						   "二、主动公开政府信息情况\n"
						   "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件61044"
						   "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000其他对外管理服务事项000"
						   "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚0-10行政强制000"
						   "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00"
						   "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购2笔984361元"
						   "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
						   "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
	for (int r = 0; r < td->nrows; r++)
	{
		o += (size_t) snprintf(t + o, cap - o, "%s", td->rows[r].label);
		if (td->rows[r].code)
			o += (size_t) snprintf(t + o, cap - o, "%s", req_digits[k++]);
	}
	o += (size_t) snprintf(t + o, cap - o, "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
						   "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
						   "10012000001200012五、存在的主要问题及改进情况无。六、其他需要报告的事项无。");
	return t;
}

static void
whole_parse(void)
{
	const char *rows[NREQ19];
	char	   *text;
	gai_report *r;

	for (int k = 0; k < NREQ19; k++)
		rows[k] = "0000000";
	rows[req_index("received")] = "640020470";
	rows[req_index("granted")] = "640020470";
	rows[req_index("total")] = "640020470";
	/* 1.属于国家秘密0000000 then 2.其他…: the next label's ordinal 2 glued to the last value */
	text = glued_page(rows);
	r = unit_parse(text);
	CHECK(r->is_report);
	CHECK_EQ_INT(r->template_id, GAI_TEMPLATE_2019);
	CHECK_EQ_STR(gai_layout_name(r->layout), "glued");
	CHECK(strstr(text, "00000002.其他法律行政法规禁止公开") != NULL);
	CHECK(is_ok(unit_cell(r, "denied.state_secret", "total"), 0));
	CHECK(is_ok(unit_cell(r, "denied.prohibited_by_law", "natural_person"), 0));
	CHECK(is_ok(unit_cell(r, "received", "natural_person"), 64));
	CHECK(is_ok(unit_cell(r, "received", "total"), 70));
	CHECK(is_ok(unit_cell(r, "total", "social_org"), 2));
	CHECK(is_ok(unit_cell(r, "penalty", "change"), -1));
	CHECK(is_ok(unit_cell(r, "procurement", "amount"), 984361));
	CHECK(is_ok(unit_cell(r, "litigation_after_review", "total"), 12));
	/* 规范性文件61044: ambiguous, one cell.ambiguous error each naming the candidates */
	{
		const gai_cell *c = unit_cell(r, "normative_document", "new_published");
		const gai_violation *v = unit_find_violation(r, "cell.ambiguous", "normative_document", "new_published");

		CHECK(c && c->status == GAI_CELL_AMBIGUOUS && c->n_candidates == 4);
		CHECK_EQ_INT(unit_count_violations(r, "cell.ambiguous", NULL, NULL), 3);
		CHECK(v && v->severity == GAI_SEV_ERROR && strstr(v->message, "0, 4, 10, 104") != NULL);
	}
	/* every hard rule holds: no rule row, three errors (the ambiguous cells) */
	CHECK_EQ_INT(unit_count_violations(r, "requests.balance", NULL, NULL), 0);
	CHECK_EQ_INT(r->n_errors, 3);
	gai_report_free(r, &unit_hooks);
	free(text);

	/*
	 * The source breaks requests.balance in column natural_person (one
	 * request carried over too many): no digit is moved to make it
	 * balance; the rows split by their digits alone (7 digits: one way),
	 * and the broken instances are reported, their cells being read.
	 */
	rows[req_index("received")] = "1000001";
	rows[req_index("granted")] = "1000001";
	rows[req_index("total")] = "1000001";
	rows[req_index("carried_over")] = "1000001";
	text = glued_page(rows);
	r = unit_parse(text);
	CHECK(is_ok(unit_cell(r, "carried_over", "natural_person"), 1));
	CHECK(is_ok(unit_cell(r, "received", "natural_person"), 1));
	CHECK_EQ_INT(unit_count_violations(r, "requests.balance", NULL, "natural_person"), 1);
	CHECK_EQ_INT(unit_count_violations(r, "requests.balance", NULL, "total"), 1);
	CHECK(unit_warning_has(r, "no reading of the digits satisfies every rule"));
	gai_report_free(r, &unit_hooks);
	free(text);

	/* an ambiguous cell takes no part in an equation: its row's total is not checked */
	for (int k = 0; k < NREQ19; k++)
		rows[k] = "0000000";
	rows[req_index("other")] = "110000011";
	text = glued_page(rows);
	r = unit_parse(text);
	CHECK(unit_cell(r, "other", "natural_person")->status == GAI_CELL_AMBIGUOUS);
	CHECK_EQ_INT(unit_count_violations(r, "requests.row_total", "other", NULL), 0);
	CHECK(unit_count_violations(r, "cell.ambiguous", "other", NULL) >= 2);
	gai_report_free(r, &unit_hooks);
	free(text);
}

/* ------------------------------------------------------------ cost */

static void
worst_cases(void)
{
	double		t0 = unit_cpu_seconds();
	fixture		fx;
	char		zeros[201],
				digits[41];
	const char *rows[NREQ19];
	char	   *big[NREQ19];

	/* a row of 200 zeros: no split fits 7 cells; not read, at once */
	memset(zeros, '0', 200);
	zeros[200] = '\0';
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, zeros, RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	CHECK(fx_cell(&fx, "received", 0)->status == GAI_CELL_UNREADABLE);
	CHECK_LE_INT(fx.ctx.work, 100000);
	fx_done(&fx);

	/* 40 digits, no rule (table 二, 3 cells): every split listed, polynomially */
	for (int i = 0; i < 40; i++)
		digits[i] = (char) ('1' + (i * 7) % 9);
	digits[40] = '\0';
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "penalty");
	{
		static const char *const row[] = {"penalty"};

		fx_solve(&fx, digits, row, 1, GS_GAPS_IF_SHORT, false);
		CHECK(fx_cell(&fx, "penalty", 0)->status == GAI_CELL_AMBIGUOUS);
		/* the first cell: 4 to 18 digits (value.c reads no more than 18 in a cell) */
		CHECK_EQ_INT(fx_cell(&fx, "penalty", 0)->n_candidates, 15);
		CHECK_LE_INT(fx.ctx.work, 200000);
	}
	fx_done(&fx);

	/* 40 digits under the row rule: bounded by the budget */
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx_solve(&fx, digits, RECEIVED, 1, GS_GAPS_IF_SHORT, false);
	CHECK(fx_cell(&fx, "received", 0)->status != GAI_CELL_OK || fx.ctx.n_ok == 7);
	CHECK_LE_INT(fx.ctx.work, GS_DEFAULT_BUDGET + 200000);
	fx_done(&fx);

	/* a whole table of 24-digit rows: past the budget, ambiguous with a warning */
	for (int k = 0; k < NREQ19; k++)
	{
		big[k] = malloc(25);
		if (!big[k])
			abort();
		for (int i = 0; i < 24; i++)
			big[k][i] = (char) ('1' + (i * 5 + k * 3) % 9);
		big[k][24] = '\0';
		rows[k] = big[k];
	}
	fx_init(&fx, GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, NULL);
	fx.ctx.budget = 200000;
	fx_solve_rows(&fx, rows, REQ19, NREQ19);
	CHECK(fx.ctx.over_budget || fx.ctx.inconsistent);
	CHECK_LE_INT(fx.ctx.work, 200000 + 2000000);
	CHECK_EQ_INT(fx.ctx.n_ok, 0);
	fx_done(&fx);
	for (int k = 0; k < NREQ19; k++)
		free(big[k]);

	/* all of it in well under a second of CPU (ASan; valgrind is far slower) */
	if (!unit_under_valgrind())
		CHECK(unit_cpu_seconds() - t0 < 2.0);
}

void
suite_solver(void)
{
	spec_examples();
	tables();
	plain_tables();
	whole_parse();
	worst_cases();
}
