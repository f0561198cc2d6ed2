/*
 * fuzz_solver.c — libFuzzer entry for the solver of glued digits (solver.c).
 *
 * The input describes one table problem:
 *   byte 0   template (even 2019, odd 2021)
 *   byte 1   template table (modulo the template's tables)
 *   byte 2   bits 0-1: gaps (0 never, 1 always, 2 when the cells do not fit);
 *            bit 2: every run is a whole cell (plain text); bit 3: one region
 *            over all the table's value rows (else one region a row);
 *            bit 4: a tiny work budget (the fallback paths; else 300,000 units)
 *   the rest the regions' text, '\n' between regions: digits + - . , make
 *            runs, ' ' ends one, '_' is a blank mark, 'y' 'w' 'j' are the units
 *            元 万元 件 after a run, anything else ends a run.
 * gs_solve runs with malloc/free hooks and a counting tick; then it aborts
 * when an invariant does not hold:
 *   - every cell of the regions' rows is written: ok, blank, unreadable or
 *     ambiguous, with raw text and a line;
 *   - an ambiguous cell's candidates are strictly ascending (none listed only
 *     past MAX_CANDS); a count cell read ok is an integer >= 0;
 *   - when the solver found every rule satisfiable (not inconsistent, not
 *     over budget), each hard-rule equation whose cells are all read (ok or
 *     blank) holds: a cell is given a value only when every reading that
 *     satisfies the rules gives it;
 *   - the work stays within the budget plus the rule-free reading's share;
 *   - every block allocated through the hooks is freed.
 *
 * Build and run: make fuzz (fuzz_solver runs after the parse targets).
 */
#include "solver.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long live_blocks;
static long ticks;

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
	(void) ctx;
	ticks++;
}

static const gai_hooks hooks = {f_alloc, f_free, f_tick, NULL, 0, NULL, NULL};

#define MAX_REGIONS 64

/* The segments of text[0..len) (see the header), in the arena. */
static gs_seg *
segs_of(gai_arena *a, const uint8_t *text, size_t len, bool whole, int *n)
{
	gs_seg	   *segs = arena_alloc0(a, sizeof(gs_seg) * (len + 1));
	char	   *buf = arena_alloc(a, len * 7 + 1);
	int			k = 0,
				o = 0;
	gs_seg	   *run = NULL;

	for (size_t i = 0; i < len; i++)
	{
		char		c = (char) text[i];

		if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == ',')
		{
			if (!run)
			{
				run = &segs[k++];
				run->kind = GS_RUN;
				run->whole = whole;
				run->s = buf + o;
				run->line = 1 + (int) i;
			}
			buf[o++] = c;
			run->len++;
		}
		else if (c == '_')
		{
			segs[k].kind = GS_BLANK;
			segs[k].s = "";
			segs[k].line = 1 + (int) i;
			k++;
			run = NULL;
		}
		else if ((c == 'y' || c == 'w' || c == 'j') && run)
		{
			const char *u = c == 'y' ? "元" : c == 'w' ? "万元" : "件";
			int			ul = (int) strlen(u);

			memcpy(buf + o, u, (size_t) ul);
			o += ul;
			run->unit_len = ul;
			run = NULL;
		}
		else
			run = NULL;
	}
	*n = k;
	return segs;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	inited;
	const char *err;
	const gai_template_def *tpl;
	const gai_table_def *td;
	gai_arena	arena;
	gs_ctx		ctx;
	gs_table	t;
	gs_region  *regs;
	int			nregs = 0,
				table,
				vrows[64],
				nv = 0;
	uint8_t		flags;
	gai_cell   *cells;
	const uint8_t *text;
	size_t		tlen;
	bool		written[64] = {0};

	if (!inited)
	{
		if (gai_init(&err) != 0)
			abort();
		inited = 1;
	}
	if (size < 3)
		return 0;
	tpl = template_get((data[0] & 1) ? GAI_TEMPLATE_2021 : GAI_TEMPLATE_2019);
	table = data[1] % tpl->ntables;
	td = &tpl->tables[table];
	flags = data[2];
	text = data + 3;
	tlen = size - 3;
	for (int r = 0; r < td->nrows && nv < 64; r++)
		if (td->rows[r].code)
			vrows[nv++] = r;

	arena_init(&arena, &hooks);
	cells = arena_alloc0(&arena, sizeof(gai_cell) * (size_t) template_ncells(tpl));
	regs = arena_alloc0(&arena, sizeof(gs_region) * MAX_REGIONS);
	if (flags & 8)
	{
		regs[0].segs = segs_of(&arena, text, tlen, (flags & 4) != 0, &regs[0].nsegs);
		regs[0].rows = vrows;
		regs[0].nrows = nv;
		regs[0].raw = "";
		regs[0].line = 1;
		regs[0].gaps = (uint8_t) ((flags & 3) % 3);
		nregs = 1;
		for (int k = 0; k < nv; k++)
			written[k] = true;
	}
	else
	{
		size_t		from = 0;

		for (size_t i = 0; i <= tlen && nregs < nv && nregs < MAX_REGIONS; i++)
			if (i == tlen || text[i] == '\n')
			{
				gs_region  *rg = &regs[nregs];

				rg->segs = segs_of(&arena, text + from, i - from, (flags & 4) != 0, &rg->nsegs);
				rg->rows = &vrows[nregs];
				rg->nrows = 1;
				rg->raw = "";
				rg->line = nregs + 1;
				rg->gaps = (uint8_t) ((flags & 3) % 3);
				written[nregs] = true;
				nregs++;
				from = i + 1;
			}
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.arena = &arena;
	ctx.hooks = &hooks;
	/* a budget that keeps a run short; bit 4: a tiny one (the fallbacks) */
	ctx.budget = (flags & 16) ? 5000 : 300000;
	t.tpl = tpl;
	t.table = table;
	t.header_wan = (flags & 32) != 0;
	t.nregions = nregs;
	t.regions = regs;
	gs_solve(&ctx, &t, cells);

	/* every cell of the regions' rows: a status, raw text; candidates in order */
	for (int k = 0; k < nv; k++)
		for (int c = 0; written[k] && c < td->ncols; c++)
		{
			gai_cell   *cell = &cells[template_cell_index(tpl, table, vrows[k], c)];

			if (cell->status != GAI_CELL_OK && cell->status != GAI_CELL_BLANK &&
				cell->status != GAI_CELL_UNREADABLE && cell->status != GAI_CELL_AMBIGUOUS)
				abort();
			if (!cell->raw || cell->line < 1)
				abort();
			if (cell->status == GAI_CELL_AMBIGUOUS)
			{
				if (cell->n_candidates < 0 || (cell->n_candidates > 0 && !cell->candidates))
					abort();
				for (int i = 1; i < cell->n_candidates; i++)
					if (num_cmp(cell->candidates[i - 1], cell->candidates[i]) >= 0)
						abort();
			}
			else if (cell->n_candidates != 0)
				abort();
			if (cell->status == GAI_CELL_OK && td->cols[c].unit == UNIT_COUNT &&
				(cell->value.mant < 0 || cell->value.scale != 0))
				abort();
		}
	/* certainty: with every rule satisfiable, the equations over read cells hold */
	if (!ctx.inconsistent && !ctx.over_budget)
	{
		gai_eq		eqs[64];
		int			n = rules_table_eqs(tpl, table, eqs, 64);

		for (int e = 0; e < n; e++)
		{
			int64_t		sum = 0;
			bool		all = true;

			for (int k = 0; k < eqs[e].n && all; k++)
			{
				const gai_cell *cell = &cells[eqs[e].cell[k]];

				if (cell->status == GAI_CELL_OK)
					sum += eqs[e].coef[k] * cell->value.mant;
				else if (cell->status != GAI_CELL_BLANK)
					all = false;
			}
			if (all && sum != 0)
			{
				fprintf(stderr, "fuzz_solver: %s, %s does not hold over read cells\n", eqs[e].rule, eqs[e].where);
				abort();
			}
		}
	}
	/* bounded: the budget, and the rule-free reading (cells x positions x piece lengths) */
	if (ctx.work > (ctx.budget ? ctx.budget : GS_DEFAULT_BUDGET) + 64L * 1024 * 1024)
		abort();
	arena_release(&arena);
	if (live_blocks != 0)
		abort();
	return 0;
}
