/*
 * solver.c — split runs of digits into table cells by the template's rules.
 *
 * A region (solver.h) is read into its cells left to right: each cell takes
 * a piece of a run of number characters (a number has no leading zero unless
 * it is 0, at most 18 digits, thousands groups of three, a sign only in
 * signed columns, a decimal part only in amount columns; a unit ends it), a
 * blank mark, or — where the region allows — nothing (a blank cell printed
 * as nothing, or dropped by plain pdftotext).  A region is read with every
 * cell printed first; only when no such reading exists are unprinted cells
 * tried (GS_GAPS_IF_SHORT), or always (GS_GAPS_ALWAYS).  White space is a
 * cell boundary, unless no reading fits with it (then the region's
 * alternative segments, spaces ignored, are read).  An optional segment (a
 * line that may be a page number) may be no cell.
 *
 * Three ways to read a table, by the equations its hard rules give
 * (rules_table_eqs: Σ coef·cell = 0, coef ±1):
 *
 *   free      no equation (table 二): every reading of every region counts.
 *             Computed without listing readings: a cell may take a piece
 *             when the piece's start is reachable from the region's start
 *             and its end can still reach the region's end (forward and
 *             backward reachability over (cell, position)), so the cost is
 *             cells × characters × piece lengths, never exponential.
 *   row equations only (appeals: total = the four before it, per row):
 *             the readings that break the fewest equation instances.  The
 *             rows' readings are listed (depth-first, each cut checked
 *             against the backward reachability) with the instances each
 *             breaks, and a DP over (position, instances broken) finds the
 *             minimum and marks the readings on a path that reaches it.
 *   equations across rows (requests: balance and outcome per column, with
 *             the row totals): the readings that break none.  Each row's
 *             readings are listed with its row equations applied (a row's
 *             last cell is then forced: one piece at most, not all), then a
 *             DP over rows with the sums so far as its state, in an order
 *             that closes equations early (the totals first; rows of one
 *             region from both its ends); a state that can no longer reach 0
 *             within what the remaining rows can add is dropped.  Readings
 *             on a path to the end survive.
 *
 * A source that breaks a rule: no digit is moved to make it balance.  When
 * no reading satisfies every equation across rows, which instance the
 * source broke decides the split, and nothing tells which: the table is
 * read free (each row by its digits alone).  That set holds every reading
 * that breaks the fewest instances, and more: cells it fixes are fixed in
 * any of them — a conservative answer, the glued truth's convention too.
 * With row equations only (one region's rows, no equation between regions),
 * the readings breaking the fewest instances are kept, exactly.  Plain
 * pdftotext regions (GS_GAPS_ALWAYS) are read only where every rule holds:
 * their reading order moves values, and a table read in that order breaks a
 * rule where the source did not; otherwise they are not read — but for a
 * region with every cell printed (no blank dropped), read in its order cell
 * by cell where the rules confirm it (plain_confirm).
 *
 * A cell gets a value when every surviving reading gives it the same one;
 * blank when every reading leaves it blank.  Value 0, printed in some
 * readings and blank in others: ok 0 where blanks are marks of the text (the
 * mark may stand here or in the next cell, the value is certain), ambiguous
 * where blank cells are dropped (whether this one was printed is the
 * question).  Otherwise ambiguous, the values as candidates (ascending, in
 * the parse's arena).  A region no reading fits is unreadable.
 *
 * Cost: each table has a work budget (ctx->budget units: DFS steps, DP
 * transitions) and a scratch memory cap (GS_SCRATCH_MAX: a scratch arena,
 * and host memory for the arrays that grow, freed as they grow and at the
 * end); the host's tick runs every 4096 units.  Past either bound the table
 * is read free (always polynomial) with a warning: cells the rules might
 * have fixed stay ambiguous.
 */
#include "solver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIGITS 18			/* digits of one number (value.c reads no more) */
#define MAX_PIECE 27			/* characters: digits, sign, point, commas */
#define MAX_REGION_LEN 4096		/* positions of one region */
#define MAX_REGION_AREA (1 << 20)	/* cells × positions of one region */
#define MAX_COLS 16
#define MAX_EQS 64
#define MAX_LOCAL 4				/* row-local equations of one row */
#define MAX_TRANS (MAX_PIECE + 4)
#define MAX_CANDS 1024

enum
{
	K_INT = 0,
	K_SIGNED = 1,
	K_DEC = 2
};

typedef struct pend
{
	int			q;				/* end position of the piece */
	uint8_t		kinds;			/* bit K_*: the piece is a number of that kind */
} pend;

/* A region flattened: positions 0..L, a RUN of n characters is n positions,
 * a BLANK one. */
typedef struct flat
{
	const gs_region *rg;
	int			L;
	int			C;				/* cells: rows × columns */
	bool		gaps;
	bool		needs_gaps;		/* GS_GAPS_ALWAYS and fewer cells printed than the region has */
	bool		bad;			/* too long to read */
	bool		ok;				/* some reading exists */
	int		   *base;			/* first position of each segment (+ L) */
	int		   *seg_at;			/* segment of each position */
	int		   *pe_first;		/* pieces starting at p: pe[pe_first[p] .. pe_first[p + 1]) */
	pend	   *pe;
	uint8_t    *F,
			   *B;				/* (C + 1) × (L + 1): reachable from the start / to the end */
} flat;

#define AT(f, c, p) ((size_t) (c) * (size_t) ((f)->L + 1) + (size_t) (p))

typedef struct trans
{
	int			q;
	bool		blank;
	gai_num		v;
} trans;

/* One cell of a reading: what it reads, where its text is (positions < MAX_REGION_LEN). */
typedef struct rcell
{
	int64_t		v;
	int16_t		from,
				to;
	bool		blank;
} rcell;

typedef struct reading
{
	int16_t		p,
				q;
	int16_t		viol;			/* row-local instances broken */
	int16_t		row;			/* problem row */
	bool		sup;			/* on a path that survives */
} reading;

/* A row of the problem. */
typedef struct prow
{
	int			fi;				/* region */
	int			ri;				/* row within the region */
	int			trow;			/* template row */
	int			c0;				/* first cell within the region */
	int			nlocal;
	int			local[MAX_LOCAL];
	int			close_at[MAX_LOCAL];	/* column whose value each local equation forces (left to right) */
	int			close_back[MAX_LOCAL];	/* the same, read right to left */
	int			n;				/* readings listed (a hint for the order) */
	/* readings listed once per position: from a start (forward) or to an end (back) */
	int		   *memo_first;
	int		   *memo_n;
	int64_t		lo[MAX_EQS],
				hi[MAX_EQS];	/* contribution range to each cross equation */
	bool		any;			/* in some cross equation */
} prow;

/* Equation of the problem: cells as (problem row, column, coef). */
typedef struct peq
{
	const gai_eq *src;
	int			n;
	int			row[GAI_EQ_MAX_CELLS];
	int			col[GAI_EQ_MAX_CELLS];
	int8_t		coef[GAI_EQ_MAX_CELLS];
	bool		local;			/* all its cells in one row */
} peq;

/* A cell's values over the readings that survive. */
typedef struct cset
{
	int			n;
	gai_num		v[8];			/* the first ones; more go to big */
	gai_num    *big;
	int			bigcap;
	bool		any_blank,
				any_printed,
				too_many;
	/* where one reading has it (the text of a fixed cell); p*: one that prints it */
	int			fi,
				from,
				to;
	int			pfi,
				pfrom,
				pto;
} cset;

typedef struct solver
{
	gs_ctx	   *ctx;
	const gs_table *t;
	const gai_table_def *td;
	gai_arena	scr;			/* scratch, released at the end */
	size_t		live;			/* bytes of the growing arrays (host memory, freed as they grow) */
	long		work,
				budget;
	bool		over;
	int			ncols;
	uint8_t		kind[MAX_COLS];
	flat	   *f;
	int			nprows;
	prow	   *pr;
	int			neq;			/* problem equations: locals and cross ones */
	peq		   *eq;
	int			ncross;
	int		   *cross;			/* indexes into eq of the cross equations */
	gai_vec		rd;				/* reading */
	gai_vec		rc;				/* rcell, ncols per reading */
	cset	   *cs;				/* per (problem row, column) */
} solver;

/* ------------------------------------------------------------ budget */

static bool
spend(solver *S, long units)
{
	long		before = S->work;

	S->work += units;
	if ((before >> 12) != (S->work >> 12) && S->ctx->hooks && S->ctx->hooks->tick)
		S->ctx->hooks->tick(S->ctx->hooks->ctx);
	if (S->work > S->budget || S->scr.total + S->live > GS_SCRATCH_MAX)
		S->over = true;
	return !S->over;
}

static void *
salloc0(solver *S, size_t n)
{
	return arena_alloc0(&S->scr, n);
}

/*
 * The arrays that grow (readings, DP states and edges, hash slots) take
 * host memory directly and give the old copy back when they grow, so the
 * scratch a table holds at once stays near what it uses.
 */
static void *
halloc(solver *S, size_t n)
{
	void	   *p = S->ctx->hooks->alloc(S->ctx->hooks->ctx, n);

	S->live += n;
	if (S->scr.total + S->live > GS_SCRATCH_MAX)
		S->over = true;
	return p;
}

static void
hfree(solver *S, void *p, size_t n)
{
	if (!p)
		return;
	S->ctx->hooks->free(S->ctx->hooks->ctx, p);
	S->live -= n;
}

static void *
gpush(solver *S, gai_vec *v, size_t elsz)
{
	if (v->n == v->cap)
	{
		int			ncap = v->cap ? v->cap * 2 : 32;
		void	   *nd = halloc(S, elsz * (size_t) ncap);

		if (v->n)
			memcpy(nd, v->data, elsz * (size_t) v->n);
		hfree(S, v->data, elsz * (size_t) v->cap);
		v->data = nd;
		v->cap = ncap;
	}
	return (char *) v->data + elsz * (size_t) v->n++;
}

static void
gfree(solver *S, gai_vec *v, size_t elsz)
{
	hfree(S, v->data, elsz * (size_t) v->cap);
	memset(v, 0, sizeof *v);
}

/* ------------------------------------------------------------ pieces */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Which kinds of number t[0..n) is: bit K_INT (0 or no leading zero,
 * thousands groups allowed), K_SIGNED (the same with an optional + or -),
 * K_DEC (an unsigned number with an optional decimal part).  0 if none.
 */
static unsigned
piece_kinds(const char *t, int n)
{
	int			i = 0,
				digits = 0;
	bool		sign = false;

	if (n > 0 && (t[0] == '+' || t[0] == '-'))
	{
		sign = true;
		i = 1;
	}
	if (i >= n || !is_digit(t[i]))
		return 0;
	if (t[i] == '0')
	{
		i++;
		digits = 1;
		if (i < n && (is_digit(t[i]) || t[i] == ','))
			return 0;
	}
	else
	{
		int			grp = 0;

		while (i < n && is_digit(t[i]))
			i++, digits++, grp++;
		if (i < n && t[i] == ',')
		{
			if (grp > 3)
				return 0;
			while (i < n && t[i] == ',')
			{
				int			g = 0;

				i++;
				while (i < n && is_digit(t[i]) && g < 3)
					i++, g++, digits++;
				if (g != 3 || (i < n && is_digit(t[i])))
					return 0;
			}
		}
	}
	if (digits > MAX_DIGITS)
		return 0;
	if (i == n)
		return sign ? 1u << K_SIGNED : (1u << K_INT) | (1u << K_SIGNED) | (1u << K_DEC);
	if (t[i] == '.' && !sign)
	{
		int			f = 0;

		i++;
		while (i < n && is_digit(t[i]))
			i++, f++;
		if (f > 0 && i == n && digits + f <= MAX_DIGITS)
			return 1u << K_DEC;
	}
	return 0;
}

static int
seg_width(const gs_seg *s)
{
	return s->kind == GS_BLANK ? 1 : s->len;
}

/* Positions, segments and the pieces that start at each position. */
static void
flat_build(solver *S, flat *f, const gs_region *rg)
{
	int			L = 0,
				npe = 0;

	memset(f, 0, sizeof *f);
	f->rg = rg;
	f->C = rg->nrows * S->ncols;
	for (int s = 0; s < rg->nsegs; s++)
	{
		if (rg->segs[s].kind == GS_RUN && rg->segs[s].len <= 0)
		{
			f->bad = true;
			return;
		}
		L += seg_width(&rg->segs[s]);
		if (L > MAX_REGION_LEN)
		{
			f->bad = true;
			return;
		}
	}
	if ((size_t) (f->C + 1) * (size_t) (L + 1) > MAX_REGION_AREA || f->C == 0)
	{
		f->bad = true;
		return;
	}
	f->L = L;
	f->base = salloc0(S, sizeof(int) * (size_t) (rg->nsegs + 1));
	f->seg_at = salloc0(S, sizeof(int) * (size_t) (L + 1));
	f->pe_first = salloc0(S, sizeof(int) * (size_t) (L + 2));
	f->pe = salloc0(S, sizeof(pend) * ((size_t) L * MAX_PIECE + 1));
	for (int s = 0, p = 0; s < rg->nsegs; s++)
	{
		f->base[s] = p;
		for (int k = 0; k < seg_width(&rg->segs[s]); k++)
			f->seg_at[p++] = s;
	}
	f->base[rg->nsegs] = L;
	for (int p = 0; p < L; p++)
	{
		int			s = f->seg_at[p];
		const gs_seg *sg = &rg->segs[s];
		int			off = p - f->base[s];

		f->pe_first[p] = npe;
		if (sg->kind != GS_RUN)
			continue;
		for (int e = off + 1; e <= sg->len && e - off <= MAX_PIECE; e++)
		{
			unsigned	k;

			if (sg->whole && (off != 0 || e != sg->len))
				continue;
			k = piece_kinds(sg->s + off, e - off);
			if (k)
				f->pe[npe++] = (pend) {f->base[s] + e, (uint8_t) k};
		}
	}
	f->pe_first[L] = npe;
	f->pe_first[L + 1] = npe;
}

/* The end of the optional segment starting at p, or -1 (none starts there). */
static int
skip_end(const flat *f, int p)
{
	int			s;

	if (p >= f->L)
		return -1;
	s = f->seg_at[p];
	if (!f->rg->segs[s].optional || f->base[s] != p)
		return -1;
	return f->base[s + 1];
}

/* The start of the optional segment ending at q, or -1. */
static int
skip_start(const flat *f, int q)
{
	int			s;

	if (q <= 0)
		return -1;
	s = f->seg_at[q - 1];
	if (!f->rg->segs[s].optional || f->base[s + 1] != q)
		return -1;
	return f->base[s];
}

/* The ways region cell c can be read from position p. */
static int
transitions(solver *S, const flat *f, int c, int p, trans *out)
{
	int			n = 0,
				col = c % S->ncols;
	const gai_col_def *cd = &S->td->cols[col];

	if (f->gaps)
		out[n++] = (trans) {p, true, {0, 0}};
	if (p < f->L)
	{
		int			s = f->seg_at[p];
		const gs_seg *sg = &f->rg->segs[s];

		if (sg->kind == GS_BLANK)
			out[n++] = (trans) {p + 1, true, {0, 0}};
		else
			for (int k = f->pe_first[p]; k < f->pe_first[p + 1] && n < MAX_TRANS; k++)
			{
				int			off = p - f->base[s],
							e = f->pe[k].q - f->base[s],
							len;
				gai_cellval v;

				if (!(f->pe[k].kinds & (1u << S->kind[col])))
					continue;
				len = e - off + (e == sg->len ? sg->unit_len : 0);
				v = value_parse(sg->s + off, len, cd, S->t->header_wan);
				if (v.status == GAI_CELL_OK)
					out[n++] = (trans) {f->pe[k].q, false, v.num};
			}
	}
	return n;
}

/* Reachability of (cell, position) from the start (F) and to the end (B). */
static void
free_dp(solver *S, flat *f)
{
	trans		tr[MAX_TRANS];
	size_t		n = (size_t) (f->C + 1) * (size_t) (f->L + 1);

	f->F = salloc0(S, n);
	f->B = salloc0(S, n);
	f->F[AT(f, 0, 0)] = 1;
	for (int c = 0; c <= f->C; c++)
		for (int p = 0; p <= f->L; p++)
		{
			int			nt,
						e;

			if (!f->F[AT(f, c, p)])
				continue;
			/* an optional segment skipped: the same cell, after it */
			if ((e = skip_end(f, p)) >= 0)
				f->F[AT(f, c, e)] = 1;
			if (c == f->C)
				continue;
			nt = transitions(S, f, c, p, tr);
			for (int k = 0; k < nt; k++)
				f->F[AT(f, c + 1, tr[k].q)] = 1;
			/* the floor of every answer: counted, never cut short */
			S->work += nt;
			if ((S->work & 4095) < nt && S->ctx->hooks && S->ctx->hooks->tick)
				S->ctx->hooks->tick(S->ctx->hooks->ctx);
		}
	f->B[AT(f, f->C, f->L)] = f->F[AT(f, f->C, f->L)];
	for (int c = f->C; c >= 0; c--)
		for (int p = f->L; p >= 0; p--)
		{
			int			nt,
						e;

			if (!f->F[AT(f, c, p)])
				continue;
			if ((e = skip_end(f, p)) >= 0 && f->B[AT(f, c, e)])
				f->B[AT(f, c, p)] = 1;
			if (c == f->C)
				continue;
			nt = transitions(S, f, c, p, tr);
			for (int k = 0; k < nt; k++)
				if (f->B[AT(f, c + 1, tr[k].q)])
				{
					f->B[AT(f, c, p)] = 1;
					break;
				}
		}
	f->ok = f->B[AT(f, 0, 0)] != 0;
}

/* ------------------------------------------------------------ candidate sets */

static void
cs_add(solver *S, cset *cs, gai_num v, bool blank, int fi, int from, int to)
{
	if (blank)
		cs->any_blank = true;
	else if (!cs->any_printed)
	{
		cs->any_printed = true;
		cs->pfi = fi;
		cs->pfrom = from;
		cs->pto = to;
	}
	if (cs->n == 0)
	{
		cs->fi = fi;
		cs->from = from;
		cs->to = to;
	}
	for (int i = 0; i < cs->n; i++)
	{
		gai_num		x = i < 8 ? cs->v[i] : cs->big[i - 8];

		if (num_cmp(x, v) == 0)
			return;
	}
	if (cs->n >= MAX_CANDS)
	{
		cs->too_many = true;
		return;
	}
	if (cs->n < 8)
		cs->v[cs->n++] = v;
	else
	{
		if (cs->n - 8 >= cs->bigcap)
		{
			int			cap = cs->bigcap ? cs->bigcap * 2 : 32;
			gai_num    *nb = arena_alloc(&S->scr, sizeof(gai_num) * (size_t) cap);

			if (cs->bigcap)
				memcpy(nb, cs->big, sizeof(gai_num) * (size_t) cs->bigcap);
			cs->big = nb;
			cs->bigcap = cap;
		}
		cs->big[cs->n - 8] = v;
		cs->n++;
	}
}

static gai_num
cs_get(const cset *cs, int i)
{
	return i < 8 ? cs->v[i] : cs->big[i - 8];
}

/* ------------------------------------------------------------ results */

static int
num_order(const void *a, const void *b)
{
	return num_cmp(*(const gai_num *) a, *(const gai_num *) b);
}

/* The text a reading gives a cell: the piece with its unit, or the blank marker. */
static void
cell_text(solver *S, int fi, int from, int to, const char **s, int *len)
{
	const flat *f = &S->f[fi];

	*s = "";
	*len = 0;
	if (from >= to || from >= f->L)
		return;
	{
		int			sg = f->seg_at[from];
		const gs_seg *g = &f->rg->segs[sg];
		int			off = from - f->base[sg],
					e = to - f->base[sg];

		if (g->kind == GS_BLANK)
		{
			*s = g->s;
			*len = (int) strlen(g->s);
			return;
		}
		*s = g->s + off;
		*len = e - off + (e == g->len ? g->unit_len : 0);
	}
}

static int
cell_line(solver *S, int fi, int from, int to)
{
	const flat *f = &S->f[fi];

	if (from < to && from < f->L)
		return f->rg->segs[f->seg_at[from]].line;
	return f->rg->line;
}

static void
write_cell(solver *S, gai_cell *cells, int fi, int trow, int col, cset *cs, bool unreadable)
{
	gs_ctx	   *ctx = S->ctx;
	const flat *f = &S->f[fi];
	int			idx = template_cell_index(S->t->tpl, S->t->table, trow, col);
	gai_cell   *c;

	if (idx < 0)
		return;
	c = &cells[idx];
	c->section = S->td->section;
	c->row = trow;
	c->col = col;
	c->n_candidates = 0;
	c->candidates = NULL;
	c->value = (gai_num) {0, 0};
	if (unreadable || cs->n == 0)
	{
		c->status = GAI_CELL_UNREADABLE;
		c->line = f->rg->line;
		c->raw = arena_strpack(ctx->arena, f->rg->raw ? f->rg->raw : "", (size_t) f->rg->raw_len);
		c->raw_len = f->rg->raw_len;
		ctx->n_unreadable++;
		return;
	}
	if (cs->n == 1 && !cs->too_many && !(cs->any_blank && cs->any_printed && f->rg->gaps == GS_GAPS_ALWAYS))
	{
		const char *s;
		int			len;

		/*
		 * One value.  Blank when every reading leaves the cell blank.  When
		 * some print it "0" and others blank (the blank mark, &nbsp; or —,
		 * could stand in this cell or the next), its value is still certain:
		 * 0, ok.  Where blank cells are dropped (plain pdftotext), whether
		 * this cell was printed at all is the question: ambiguous, above.
		 */
		if (cs->any_printed)
			cell_text(S, cs->pfi, cs->pfrom, cs->pto, &s, &len);
		else
			cell_text(S, cs->fi, cs->from, cs->to, &s, &len);
		c->status = cs->any_printed ? GAI_CELL_OK : GAI_CELL_BLANK;
		c->value = cs->any_printed ? cs->v[0] : (gai_num) {0, 0};
		c->line = cs->any_printed ? cell_line(S, cs->pfi, cs->pfrom, cs->pto) : cell_line(S, cs->fi, cs->from, cs->to);
		c->raw = arena_strpack(ctx->arena, s, (size_t) len);
		c->raw_len = len;
		if (!cs->any_printed)
			ctx->n_blank++;
		else
			ctx->n_ok++;
		return;
	}
	c->status = GAI_CELL_AMBIGUOUS;
	c->line = f->rg->line;
	c->raw = arena_strpack(ctx->arena, f->rg->raw ? f->rg->raw : "", (size_t) f->rg->raw_len);
	c->raw_len = f->rg->raw_len;
	ctx->n_ambiguous++;
	if (!cs->too_many)
	{
		gai_num    *v = arena_alloc(ctx->arena, sizeof(gai_num) * (size_t) cs->n);

		for (int i = 0; i < cs->n; i++)
			v[i] = cs_get(cs, i);
		qsort(v, (size_t) cs->n, sizeof(gai_num), num_order);
		c->candidates = v;
		c->n_candidates = cs->n;
	}
}

/* ------------------------------------------------------------ problem rows and equations */

static int
prow_of(solver *S, int trow)
{
	for (int k = 0; k < S->nprows; k++)
		if (S->pr[k].trow == trow)
			return k;
	return -1;
}

/*
 * A template row not read: absent in favour of another printing of the same
 * rows (template.h, alt), so it takes no part in an equation; else missing,
 * and the equation cannot be used.
 */
static bool
row_alt_absent(solver *S, int trow)
{
	const gai_table_def *td = S->td;

	if (td->rows[trow].alt)
	{
		for (int q = 0; q < td->nrows; q++)
			if (q != trow && td->rows[q].code && code_matches(td->rows[trow].alt, td->rows[q].code) &&
				prow_of(S, q) >= 0)
				return true;
		return false;
	}
	for (int q = 0; q < td->nrows; q++)
		if (q != trow && td->rows[q].alt && td->rows[trow].code &&
			code_matches(td->rows[q].alt, td->rows[trow].code) && prow_of(S, q) >= 0)
			return true;
	return false;
}

static void
build_equations(solver *S)
{
	gai_eq	   *src = salloc0(S, sizeof(gai_eq) * MAX_EQS);
	int			n = rules_table_eqs(S->t->tpl, S->t->table, src, MAX_EQS);

	S->eq = salloc0(S, sizeof(peq) * (size_t) (n > 0 ? n : 1));
	S->cross = salloc0(S, sizeof(int) * (size_t) (n > 0 ? n : 1));
	S->neq = 0;
	S->ncross = 0;
	for (int i = 0; i < n; i++)
	{
		peq		   *e = &S->eq[S->neq];
		bool		usable = true;
		int			row0 = -2;

		memset(e, 0, sizeof *e);
		e->src = &src[i];
		for (int k = 0; k < src[i].n && usable; k++)
		{
			gai_cellref ref = template_cell_ref(S->t->tpl, src[i].cell[k]);
			int			pr = prow_of(S, ref.row);
			gai_unit	u = S->td->cols[ref.col].unit;

			if (u != UNIT_COUNT && u != UNIT_SIGNED)
				usable = false;
			else if (pr < 0)
				usable = row_alt_absent(S, ref.row);
			else
			{
				e->row[e->n] = pr;
				e->col[e->n] = ref.col;
				e->coef[e->n] = src[i].coef[k];
				e->n++;
				row0 = row0 == -2 ? pr : (row0 == pr ? pr : -1);
			}
		}
		if (!usable || e->n == 0)
			continue;
		e->local = row0 >= 0;
		if (e->local)
		{
			prow	   *p = &S->pr[row0];
			int			last = -1,
						first = MAX_COLS;

			if (p->nlocal >= MAX_LOCAL)
				continue;
			for (int k = 0; k < e->n; k++)
			{
				if (e->col[k] > last)
					last = e->col[k];
				if (e->col[k] < first)
					first = e->col[k];
			}
			p->local[p->nlocal] = S->neq;
			p->close_at[p->nlocal] = last;
			p->close_back[p->nlocal] = first;
			p->nlocal++;
		}
		else
		{
			S->cross[S->ncross++] = S->neq;
			for (int k = 0; k < e->n; k++)
				S->pr[e->row[k]].any = true;
		}
		S->neq++;
	}
}

/* ------------------------------------------------------------ readings of a row */

typedef struct dfs_state
{
	solver	   *S;
	flat	   *f;
	prow	   *pr;
	int			k;				/* problem row */
	bool		count;			/* count broken instances (else: only readings that break none) */
	int			p0;				/* the start (forward) or the end (back) */
	rcell		cur[MAX_COLS];
} dfs_state;

static int
local_broken(solver *S, const prow *pr, const rcell *cur)
{
	int			broken = 0;

	for (int l = 0; l < pr->nlocal; l++)
	{
		const peq  *e = &S->eq[pr->local[l]];
		int64_t		sum = 0;

		for (int k = 0; k < e->n; k++)
			sum += e->coef[k] * cur[e->col[k]].v;
		broken += sum != 0;
	}
	return broken;
}

static void
store_reading(dfs_state *d, int p, int q)
{
	solver	   *S = d->S;
	int			viol = local_broken(S, d->pr, d->cur);
	reading    *r;
	rcell	   *rc;

	if (viol && !d->count)
		return;
	r = gpush(S, &S->rd, sizeof(reading));
	r->p = (int16_t) p;
	r->q = (int16_t) q;
	r->viol = (int16_t) viol;
	r->row = (int16_t) d->k;
	r->sup = false;
	rc = gpush(S, &S->rc, sizeof(rcell) * (size_t) S->ncols);
	memcpy(rc, d->cur, sizeof(rcell) * (size_t) S->ncols);
	d->pr->n++;
	spend(S, 4);
}

/*
 * The value a row equation forces on column j, when j is the last of its
 * cells to be read (close[] gives that column per equation): false when
 * none does; *need.  Two equations forcing different values: *clash.
 */
static bool
forced_value(dfs_state *d, int j, const int *close, int64_t *need, bool *clash)
{
	solver	   *S = d->S;
	prow	   *pr = d->pr;
	bool		forced = false;

	*clash = false;
	if (d->count)
		return false;
	for (int l = 0; l < pr->nlocal; l++)
		if (close[l] == j)
		{
			const peq  *e = &S->eq[pr->local[l]];
			int64_t		sum = 0,
						v;
			int			coef = 1;

			for (int k = 0; k < e->n; k++)
			{
				if (e->col[k] == j)
					coef = e->coef[k];
				else
					sum += e->coef[k] * d->cur[e->col[k]].v;
			}
			v = -coef * sum;
			if (forced && *need != v)
				*clash = true;
			forced = true;
			*need = v;
		}
	return forced;
}

/* Left to right from position p: column j next. */
static void
dfs(dfs_state *d, int j, int p)
{
	solver	   *S = d->S;
	flat	   *f = d->f;
	prow	   *pr = d->pr;
	trans		tr[MAX_TRANS];
	int			nt,
				c;
	bool		forced,
				clash;
	int64_t		need = 0;

	if (S->over)
		return;
	if (j == S->ncols)
	{
		store_reading(d, d->p0, p);
		return;
	}
	c = pr->c0 + j;
	{
		/* an optional segment here may be no cell: on past it, the same column */
		int			e = skip_end(f, p);

		if (e >= 0 && f->B[AT(f, c, e)])
			dfs(d, j, e);
	}
	nt = transitions(S, f, c, p, tr);
	if (!spend(S, 1 + nt))
		return;
	forced = forced_value(d, j, pr->close_at, &need, &clash);
	if (clash)
		return;
	for (int k = 0; k < nt; k++)
	{
		if (!f->B[AT(f, c + 1, tr[k].q)])
			continue;
		if (tr[k].v.scale != 0)
			continue;			/* equations are over counts */
		if (forced && tr[k].v.mant != need)
			continue;
		d->cur[j] = (rcell) {tr[k].v.mant, (int16_t) p, (int16_t) tr[k].q, tr[k].blank};
		dfs(d, j + 1, tr[k].q);
	}
}

/* Right to left to position q: column j next (its cell ends at q). */
static void
dfs_back(dfs_state *d, int j, int q)
{
	solver	   *S = d->S;
	flat	   *f = d->f;
	prow	   *pr = d->pr;
	trans		tr[MAX_TRANS];
	int			c;
	bool		forced,
				clash;
	int64_t		need = 0;

	if (S->over)
		return;
	if (j < 0)
	{
		store_reading(d, q, d->p0);
		return;
	}
	c = pr->c0 + j;
	{
		/* an optional segment ending here may be no cell: back past it */
		int			s0 = skip_start(f, q);

		if (s0 >= 0 && f->F[AT(f, c + 1, s0)])
			dfs_back(d, j, s0);
	}
	forced = forced_value(d, j, pr->close_back, &need, &clash);
	if (clash)
		return;
	for (int p = q - MAX_PIECE - 1 > 0 ? q - MAX_PIECE - 1 : 0; p <= q; p++)
	{
		int			nt;

		if (!f->F[AT(f, c, p)])
			continue;
		nt = transitions(S, f, c, p, tr);
		if (!spend(S, 1 + nt))
			return;
		for (int k = 0; k < nt; k++)
		{
			if (tr[k].q != q || tr[k].v.scale != 0)
				continue;
			if (forced && tr[k].v.mant != need)
				continue;
			d->cur[j] = (rcell) {tr[k].v.mant, (int16_t) p, (int16_t) q, tr[k].blank};
			dfs_back(d, j - 1, p);
		}
	}
}

/*
 * The readings of problem row k that start at p (back: end at p), listed on
 * first use: [*first, *first + *n) of S->rd.  A row is read in one
 * direction only, so the memo holds one kind.
 */
static bool
row_readings(solver *S, int k, int p, bool back, bool count, int *first, int *n)
{
	prow	   *pr = &S->pr[k];
	flat	   *f = &S->f[pr->fi];

	if (!pr->memo_first)
	{
		pr->memo_first = salloc0(S, sizeof(int) * (size_t) (f->L + 1));
		pr->memo_n = salloc0(S, sizeof(int) * (size_t) (f->L + 1));
		for (int i = 0; i <= f->L; i++)
			pr->memo_first[i] = -1;
	}
	if (pr->memo_first[p] < 0)
	{
		dfs_state	d;
		int			c = back ? pr->c0 + S->ncols : pr->c0;

		memset(&d, 0, sizeof d);
		d.S = S;
		d.f = f;
		d.pr = pr;
		d.k = k;
		d.count = count;
		d.p0 = p;
		pr->memo_first[p] = S->rd.n;
		if (f->F[AT(f, c, p)] && f->B[AT(f, c, p)])
		{
			if (back)
				dfs_back(&d, S->ncols - 1, p);
			else
				dfs(&d, 0, p);
		}
		pr->memo_n[p] = S->rd.n - pr->memo_first[p];
	}
	*first = pr->memo_first[p];
	*n = pr->memo_n[p];
	return !S->over;
}

/* The largest value a cell of region fi can hold (a bound for the sums). */
static int64_t
region_max(solver *S, int fi)
{
	const flat *f = &S->f[fi];
	int64_t		m = 0;

	for (int s = 0; s < f->rg->nsegs; s++)
	{
		const gs_seg *g = &f->rg->segs[s];
		int64_t		v = 0;

		if (g->kind != GS_RUN)
			continue;
		if (g->whole)
		{
			gai_cellval cv = value_parse(g->s, g->len + g->unit_len, &S->td->cols[0], false);

			v = cv.status == GAI_CELL_OK && cv.num.scale == 0 ? (cv.num.mant < 0 ? -cv.num.mant : cv.num.mant)
				: INT64_MAX / 64;
		}
		else
		{
			v = 1;
			for (int i = 0; i < g->len && i < MAX_DIGITS; i++)
				v *= 10;
			v -= 1;
		}
		if (v > m)
			m = v;
	}
	return m;
}

/* ------------------------------------------------------------ the DP over rows */

static int64_t
sat_add(int64_t a, int64_t b)
{
	int64_t		r;

	if (__builtin_add_overflow(a, b, &r))
		return a > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

typedef struct edge
{
	int			from,
				rd,
				to;
} edge;

typedef struct layer
{
	gai_vec		st;				/* int64 words, stride per state */
	int			n;
	int		   *hs;				/* hash slots: state index + 1, 0 empty */
	int			hcap;
	gai_vec		ed;				/* edges into the next layer */
	uint8_t    *good;
} layer;

/* A state's first word: head position, tail position, instances broken. */
#define ST_PACK(h, t, v) ((int64_t) (h) | ((int64_t) (t) << 16) | ((int64_t) (v) << 32))
#define ST_HEAD(w) ((int) ((w) & 0xFFFF))
#define ST_TAIL(w) ((int) (((w) >> 16) & 0xFFFF))
#define ST_VIOL(w) ((int) ((w) >> 32))

static uint64_t
hash_words(const int64_t *w, int n)
{
	uint64_t	h = 1469598103934665603ull;

	for (int i = 0; i < n; i++)
	{
		h ^= (uint64_t) w[i];
		h *= 1099511628211ull;
		h ^= h >> 29;
	}
	return h;
}

/* Add a state to a layer (once); returns its index, -1 when out of room. */
static int
layer_add(solver *S, layer *L, const int64_t *w, int stride)
{
	uint64_t	h;

	if (2 * (L->n + 1) > L->hcap)
	{
		int			ncap = L->hcap ? L->hcap * 2 : 64;
		int		   *nh = halloc(S, sizeof(int) * (size_t) ncap);

		memset(nh, 0, sizeof(int) * (size_t) ncap);

		for (int i = 0; i < L->n; i++)
		{
			uint64_t	hh = hash_words((int64_t *) L->st.data + (size_t) i * stride, stride);

			for (int s = (int) (hh & (uint64_t) (ncap - 1));; s = (s + 1) & (ncap - 1))
				if (nh[s] == 0)
				{
					nh[s] = i + 1;
					break;
				}
		}
		hfree(S, L->hs, sizeof(int) * (size_t) L->hcap);
		L->hs = nh;
		L->hcap = ncap;
	}
	h = hash_words(w, stride);
	for (int s = (int) (h & (uint64_t) (L->hcap - 1));; s = (s + 1) & (L->hcap - 1))
	{
		int			i = L->hs[s];

		if (i == 0)
		{
			int64_t    *dst;

			L->hs[s] = L->n + 1;
			dst = gpush(S, &L->st, sizeof(int64_t) * (size_t) stride);
			memcpy(dst, w, sizeof(int64_t) * (size_t) stride);
			/* vec_push counts in units of its element size: one state */
			return L->n++;
		}
		if (memcmp((int64_t *) L->st.data + (size_t) (i - 1) * stride, w, sizeof(int64_t) * (size_t) stride) == 0)
			return i - 1;
	}
}

static void
free_layers(solver *S, layer *Ls, int n, int stride)
{
	for (int i = 0; i < n; i++)
	{
		gfree(S, &Ls[i].st, sizeof(int64_t) * (size_t) stride);
		gfree(S, &Ls[i].ed, sizeof(edge));
		hfree(S, Ls[i].hs, sizeof(int) * (size_t) Ls[i].hcap);
		Ls[i].hs = NULL;
		Ls[i].hcap = 0;
	}
}

/*
 * The order rows are read in, and from which end (single region of several
 * rows: from its head or its tail; regions of one row each: any order).
 * Greedy: the row that closes most equations, then the one in most open
 * equations, then the one with fewest readings.
 */
static void
plan_order(solver *S, int *order, int8_t *tail, int mode)
{
	bool	   *done = salloc0(S, sizeof(bool) * (size_t) S->nprows);
	int			h = 0,
				t = S->nprows - 1;

	for (int step = 0; step < S->nprows; step++)
	{
		int			best = -1;
		long		best_score = 0;

		for (int k = 0; k < S->nprows; k++)
		{
			long		score;
			int			closes = 0,
						open = 0;

			if (done[k])
				continue;
			if (mode == 1 && k != h && k != t)
				continue;
			if (mode == 2 && k != h)
				continue;
			for (int x = 0; x < S->ncross; x++)
			{
				const peq  *e = &S->eq[S->cross[x]];
				bool		in = false,
							any_done = false,
							others_done = true;

				for (int i = 0; i < e->n; i++)
				{
					if (e->row[i] == k)
						in = true;
					else if (done[e->row[i]])
						any_done = true;
					else
						others_done = false;
				}
				if (!in)
					continue;
				closes += others_done;
				open += any_done;
			}
			score = (long) closes * 1000000L + (long) open * 1000L + (S->pr[k].n <= 1 ? 500 : 0) -
				(S->pr[k].n < 499 ? S->pr[k].n : 499);
			if (best < 0 || score > best_score)
			{
				best = k;
				best_score = score;
			}
		}
		order[step] = best;
		tail[step] = (int8_t) (mode == 1 && best == t && best != h);
		done[best] = true;
		if (mode >= 1)
		{
			if (best == h)
				h++;
			else
				t--;
		}
	}
}

/*
 * The DP.  A state: head position, tail position, instances broken, then the
 * sums so far of the cross equations.  mode 0: regions of one row each (a
 * reading covers its region); 1: one region of several rows, read from both
 * ends; 2: several regions of several rows, read in order.  Returns false
 * when the budget ran out; *found: some path reached the end.
 */
static bool
rows_dp(solver *S, int mode, bool count, bool *found, int *least)
{
	int			nr = S->nprows;
	int			ne = S->ncross;
	int			stride = 1 + ne;
	int		   *order = salloc0(S, sizeof(int) * (size_t) nr);
	int8_t	   *tail = salloc0(S, sizeof(int8_t) * (size_t) nr);
	layer	   *Ls = salloc0(S, sizeof(layer) * (size_t) (nr + 1));
	int64_t    *lo = salloc0(S, sizeof(int64_t) * (size_t) (nr + 1) * (size_t) (ne ? ne : 1));
	int64_t    *hi = salloc0(S, sizeof(int64_t) * (size_t) (nr + 1) * (size_t) (ne ? ne : 1));
	int64_t    *w = salloc0(S, sizeof(int64_t) * (size_t) stride);
	reading    *R = S->rd.data;
	rcell	   *RC = S->rc.data;
	int			minviol = -1;
	bool		overflow = false;

	*found = false;
	/*
	 * Contribution ranges of each row: rows of one region each have all
	 * their readings listed first (exact ranges, and the order knows how
	 * many each has); rows of a longer region are read where the DP
	 * reaches them, bounded by the sign of their cells and the largest
	 * value their region holds.
	 */
	for (int k = 0; k < nr; k++)
	{
		prow	   *pr = &S->pr[k];
		int			first = 0,
					n = 0;

		if (mode == 0 && !row_readings(S, k, 0, false, count, &first, &n))
			return false;
		R = S->rd.data;
		RC = S->rc.data;
		for (int x = 0; x < ne; x++)
		{
			const peq  *e = &S->eq[S->cross[x]];

			pr->lo[x] = 0;
			pr->hi[x] = 0;
			if (mode != 0)
			{
				int64_t		m = region_max(S, pr->fi);

				for (int j = 0; j < e->n; j++)
					if (e->row[j] == k)
					{
						if (e->coef[j] > 0)
							pr->hi[x] = sat_add(pr->hi[x], m);
						else
							pr->lo[x] = sat_add(pr->lo[x], -m);
					}
				continue;
			}
			for (int i = first; i < first + n; i++)
			{
				int64_t		s = 0;

				for (int j = 0; j < e->n; j++)
					if (e->row[j] == k)
						s += e->coef[j] * RC[(size_t) i * S->ncols + e->col[j]].v;
				if (i == first || s < pr->lo[x])
					pr->lo[x] = s;
				if (i == first || s > pr->hi[x])
					pr->hi[x] = s;
			}
		}
	}
	plan_order(S, order, tail, mode);
	for (int step = nr - 1; step >= 0; step--)
		for (int x = 0; x < ne; x++)
		{
			lo[(size_t) step * ne + x] = sat_add(lo[(size_t) (step + 1) * ne + x], S->pr[order[step]].lo[x]);
			hi[(size_t) step * ne + x] = sat_add(hi[(size_t) (step + 1) * ne + x], S->pr[order[step]].hi[x]);
		}

	memset(w, 0, sizeof(int64_t) * (size_t) stride);
	w[0] = ST_PACK(0, mode == 1 ? S->f[0].L : 0, 0);
	layer_add(S, &Ls[0], w, stride);
	for (int step = 0; step < nr && !S->over; step++)
	{
		int			k = order[step];
		prow	   *pr = &S->pr[k];
		const flat *f = &S->f[pr->fi];
		layer	   *A = &Ls[step],
				   *Bn = &Ls[step + 1];

		for (int si = 0; si < A->n && !S->over; si++)
		{
			const int64_t *st;
			int			first,
						n;
			int64_t		hpos;
			bool		back = false;

			st = (int64_t *) A->st.data + (size_t) si * stride;
			hpos = ST_HEAD(st[0]);
			if (mode == 0)
				hpos = 0;
			else if (mode == 2 && pr->ri == 0 && step > 0)
			{
				/* a new region: the last one read to its end */
				if (hpos != S->f[S->pr[order[step - 1]].fi].L)
					continue;
				hpos = 0;
			}
			else if (tail[step])
			{
				hpos = ST_TAIL(st[0]);
				back = true;
			}
			if (hpos < 0 || hpos > f->L)
				continue;
			if (!row_readings(S, k, (int) hpos, back, count, &first, &n))
				break;
			/* listing may have moved the arrays */
			R = S->rd.data;
			RC = S->rc.data;
			st = (int64_t *) A->st.data + (size_t) si * stride;
			for (int i = first; i < first + n; i++)
			{
				const reading *r = &R[i];
				const rcell *rc = &RC[(size_t) i * S->ncols];
				bool		keep = true;
				int			to;
				edge	   *ed;

				if (!spend(S, 2))
					break;
				memcpy(w, st, sizeof(int64_t) * (size_t) stride);
				if (mode == 0)
					w[0] = ST_PACK(0, 0, ST_VIOL(st[0]) + r->viol);
				else if (tail[step])
					w[0] = ST_PACK(ST_HEAD(st[0]), r->p, ST_VIOL(st[0]) + r->viol);
				else
					w[0] = ST_PACK(r->q, ST_TAIL(st[0]), ST_VIOL(st[0]) + r->viol);
				for (int x = 0; x < ne && keep; x++)
				{
					const peq  *e = &S->eq[S->cross[x]];
					int64_t		s = 0;

					for (int j = 0; j < e->n; j++)
						if (e->row[j] == k)
						{
							int64_t		term = e->coef[j] * rc[e->col[j]].v;

							if (__builtin_add_overflow(s, term, &s))
								overflow = true;
						}
					if (__builtin_add_overflow(w[1 + x], s, &w[1 + x]))
						overflow = true;
					/* what the rows left can add must bring it back to 0 */
					if (-w[1 + x] < lo[(size_t) (step + 1) * ne + x] || -w[1 + x] > hi[(size_t) (step + 1) * ne + x])
						keep = false;
				}
				if (overflow)
				{
					S->over = true;
					break;
				}
				if (!keep)
					continue;
				to = layer_add(S, Bn, w, stride);
				ed = gpush(S, &A->ed, sizeof(edge));
				ed->from = si;
				ed->rd = i;
				ed->to = to;
				st = (int64_t *) A->st.data + (size_t) si * stride;
			}
		}
	}
	if (S->over)
	{
		free_layers(S, Ls, nr + 1, stride);
		return false;
	}
	R = S->rd.data;
	/* the end: both ends met (mode 1), the last region read to its end (mode 2) */
	{
		layer	   *E = &Ls[nr];

		E->good = salloc0(S, (size_t) (E->n + 1));
		for (int si = 0; si < E->n; si++)
		{
			const int64_t *st = (int64_t *) E->st.data + (size_t) si * stride;
			bool		end = mode == 0 || (mode == 1 && ST_HEAD(st[0]) == ST_TAIL(st[0])) ||
				(mode == 2 && ST_HEAD(st[0]) == S->f[S->pr[order[nr - 1]].fi].L);

			if (end && (minviol < 0 || ST_VIOL(st[0]) < minviol))
				minviol = ST_VIOL(st[0]);
		}
		for (int si = 0; si < E->n; si++)
		{
			const int64_t *st = (int64_t *) E->st.data + (size_t) si * stride;
			bool		end = mode == 0 || (mode == 1 && ST_HEAD(st[0]) == ST_TAIL(st[0])) ||
				(mode == 2 && ST_HEAD(st[0]) == S->f[S->pr[order[nr - 1]].fi].L);

			if (end && ST_VIOL(st[0]) == minviol)
			{
				E->good[si] = 1;
				*found = true;
			}
		}
		*least = minviol;
		for (int step = nr - 1; step >= 0; step--)
		{
			layer	   *A = &Ls[step],
					   *Bn = &Ls[step + 1];

			A->good = salloc0(S, (size_t) (A->n + 1));
			for (int i = 0; i < A->ed.n; i++)
			{
				edge	   *ed = &((edge *) A->ed.data)[i];

				if (Bn->good[ed->to])
				{
					A->good[ed->from] = 1;
					R[ed->rd].sup = true;
				}
			}
		}
	}
	free_layers(S, Ls, nr + 1, stride);
	return true;
}

/* ------------------------------------------------------------ solve */

static void
warnf(solver *S, int line, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static void
warnf(solver *S, int line, const char *fmt,...)
{
	char		buf[400];
	va_list		ap;

	if (!S->ctx->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	S->ctx->warn(S->ctx->warn_arg, line, buf);
}

/* Candidate sets from the free reading of region fi. */
static void
collect_free(solver *S, int fi, cset *sets)
{
	flat	   *f = &S->f[fi];
	trans		tr[MAX_TRANS];

	for (int c = 0; c < f->C; c++)
		for (int p = 0; p <= f->L; p++)
		{
			int			nt;

			if (!f->F[AT(f, c, p)] || !f->B[AT(f, c, p)])
				continue;
			nt = transitions(S, f, c, p, tr);
			for (int k = 0; k < nt; k++)
				if (f->B[AT(f, c + 1, tr[k].q)])
					cs_add(S, &sets[c], tr[k].v, tr[k].blank, fi, p, tr[k].q);
		}
}

/*
 * Plain pdftotext, every cell printed, the table breaking a rule (the
 * source's error, or the text's reading order moved a value): the values
 * are read in their order, each one only where the rules confirm it.  A
 * cell is kept when it has one value (page numbers among the values may
 * leave it two), some equation over it holds with every cell fixed, and
 * every broken equation over it is explained by another cell: exactly one
 * of that equation's cells lies in a second broken equation, and not this
 * one (one wrong value in the source breaks its row and its columns, and
 * only the cell where they cross is in question).  A value the reading
 * order moved breaks equations no single cell explains: its row's and
 * column's cells are not kept.  More than PLAIN_MAX_BROKEN broken
 * equations: nothing is kept.  keep[k * ncols + j]: the cell is read.
 * Returns the cells kept.
 */
#define PLAIN_MAX_BROKEN 8

static bool
cs_fixed(const cset *cs)
{
	return cs->n == 1 && !cs->too_many && !(cs->any_blank && cs->any_printed);
}

static int
plain_confirm(solver *S, const bool *checked, bool *keep, int *nbroken)
{
	int			ncells = S->nprows * S->ncols,
				kept = 0,
				broken = 0;
	int8_t	   *state = salloc0(S, (size_t) (S->neq > 0 ? S->neq : 1));	/* 0 unknown, 1 holds, 2 broken */
	int		   *nb = salloc0(S, sizeof(int) * (size_t) (ncells > 0 ? ncells : 1));

	*nbroken = 0;
	for (int e = 0; e < S->neq; e++)
	{
		const peq  *q = &S->eq[e];
		int64_t		sum = 0;
		bool		known = true;

		for (int k = 0; k < q->n && known; k++)
		{
			const cset *cs = &S->cs[q->row[k] * S->ncols + q->col[k]];
			int64_t		v;

			if (!checked[S->pr[q->row[k]].fi] || !cs_fixed(cs))
				known = false;
			else
			{
				v = cs->any_printed ? cs->v[0].mant : 0;
				if (cs->any_printed && cs->v[0].scale != 0)
					known = false;
				else if (v > INT64_C(1000000000000000) || v < -INT64_C(1000000000000000))
					known = false;
				else
					sum += q->coef[k] * v;
			}
		}
		state[e] = !known ? 0 : sum == 0 ? 1 : 2;
		if (state[e] == 2)
		{
			broken++;
			for (int k = 0; k < q->n; k++)
				nb[q->row[k] * S->ncols + q->col[k]]++;
		}
	}
	*nbroken = broken;
	if (broken > PLAIN_MAX_BROKEN)
		return 0;
	for (int x = 0; x < ncells; x++)
	{
		int			r = x / S->ncols,
					c = x % S->ncols;
		bool		holds = false,
					ok = checked[S->pr[r].fi] && cs_fixed(&S->cs[x]);

		for (int e = 0; e < S->neq && ok; e++)
		{
			const peq  *q = &S->eq[e];
			bool		in = false;
			int			suspects = 0,
						suspect = -1;

			for (int k = 0; k < q->n; k++)
				in |= q->row[k] == r && q->col[k] == c;
			if (!in)
				continue;
			if (state[e] == 1)
				holds = true;
			if (state[e] != 2)
				continue;
			for (int k = 0; k < q->n; k++)
			{
				int			y = q->row[k] * S->ncols + q->col[k];

				if (nb[y] >= 2)
				{
					suspects++;
					suspect = y;
				}
			}
			if (suspects != 1 || suspect == x)
				ok = false;
		}
		keep[x] = ok && holds;
		kept += keep[x];
	}
	return kept;
}

static const char *
sec_code(solver *S)
{
	return gai_section_code(S->td->section);
}

void
gs_solve(gs_ctx *ctx, const gs_table *t, gai_cell *cells)
{
	solver		S;
	int			nlive = 0;
	cset	  **sets;
	bool		use_free = true;
	bool		fallback = false;
	bool		plain = false;		/* cells one a line, blank ones dropped */
	bool	   *checked;			/* plain regions read where the rules confirm a cell */
	bool	   *keep = NULL;
	bool		any_checked = false;

	memset(&S, 0, sizeof S);
	S.ctx = ctx;
	S.t = t;
	S.td = &t->tpl->tables[t->table];
	S.ncols = S.td->ncols;
	S.budget = ctx->budget > 0 ? ctx->budget : GS_DEFAULT_BUDGET;
	ctx->work = 0;
	ctx->over_budget = false;
	ctx->inconsistent = false;
	ctx->n_ok = ctx->n_blank = ctx->n_ambiguous = ctx->n_unreadable = 0;
	if (S.ncols <= 0 || S.ncols > MAX_COLS || t->nregions <= 0)
		return;
	arena_init(&S.scr, ctx->hooks);
	for (int j = 0; j < S.ncols; j++)
		S.kind[j] = S.td->cols[j].unit == UNIT_SIGNED ? K_SIGNED :
			S.td->cols[j].unit == UNIT_COUNT ? K_INT : K_DEC;
	for (int fi = 0; fi < t->nregions; fi++)
		plain |= t->regions[fi].gaps == GS_GAPS_ALWAYS;

	/* each region: its positions and the free reading (gaps only when needed) */
	S.f = salloc0(&S, sizeof(flat) * (size_t) t->nregions);
	sets = salloc0(&S, sizeof(cset *) * (size_t) t->nregions);
	for (int fi = 0; fi < t->nregions; fi++)
	{
		const gs_region *rg = &t->regions[fi];
		flat	   *f = &S.f[fi];

		flat_build(&S, f, rg);
		if (f->bad)
			continue;
		/* a reading with every cell printed first: then no blank cell was dropped */
		f->gaps = false;
		free_dp(&S, f);
		if (!f->ok && rg->alt_segs)
		{
			/* its spaces are no cell boundaries (stray spaces inside numbers) */
			gs_region  *alt = salloc0(&S, sizeof(gs_region));
			flat		g;

			*alt = *rg;
			alt->segs = rg->alt_segs;
			alt->nsegs = rg->alt_nsegs;
			alt->alt_segs = NULL;
			flat_build(&S, &g, alt);
			if (!g.bad)
			{
				g.gaps = false;
				free_dp(&S, &g);
				if (g.ok)
				{
					*f = g;
					warnf(&S, rg->line, "%s %s: the spaces in \"%.*s\" are read as no cell boundary "
						  "(with each a boundary the cells do not fit)", sec_code(&S),
						  S.td->rows[rg->rows[0]].code, rg->raw_len > 60 ? 60 : rg->raw_len, rg->raw);
				}
			}
		}
		if (!f->ok && rg->gaps != GS_GAPS_NEVER)
		{
			f->gaps = true;
			f->needs_gaps = rg->gaps == GS_GAPS_ALWAYS;
			free_dp(&S, f);
			if (f->ok)
				warnf(&S, rg->line, "%s %s: fewer cells printed than its %d; the blank ones are placed where "
					  "the rules allow", sec_code(&S), S.td->rows[rg->rows[0]].code, rg->nrows * S.ncols);
		}
		if (f->ok)
			nlive += rg->nrows;
	}
	/* the problem's rows: those of regions some reading fits */
	S.pr = salloc0(&S, sizeof(prow) * (size_t) (nlive > 0 ? nlive : 1));
	for (int fi = 0; fi < t->nregions; fi++)
	{
		const gs_region *rg = &t->regions[fi];

		if (S.f[fi].bad || !S.f[fi].ok)
		{
			warnf(&S, rg->line, "%s %s: \"%.*s\" cannot be read as its %d cells; not read", sec_code(&S),
				  S.td->rows[rg->rows[0]].code, rg->raw_len > 80 ? 80 : rg->raw_len, rg->raw ? rg->raw : "",
				  rg->nrows * S.ncols);
			continue;
		}
		for (int ri = 0; ri < rg->nrows; ri++)
		{
			prow	   *p = &S.pr[S.nprows++];

			p->fi = fi;
			p->ri = ri;
			p->trow = rg->rows[ri];
			p->c0 = ri * S.ncols;
		}
	}
	S.cs = salloc0(&S, sizeof(cset) * (size_t) (S.nprows + 1) * (size_t) S.ncols);

	if (S.nprows > 0)
	{
		int			mode;
		bool		found = false;
		bool		multi = false;

		build_equations(&S);
		for (int fi = 0; fi < t->nregions; fi++)
			if (t->regions[fi].nrows > 1)
				multi = true;
		mode = !multi ? 0 : t->nregions == 1 ? 1 : 2;
		if (S.neq > 0)
		{
			bool		count = S.ncross == 0;	/* row equations only: fewest broken */
			int			least = 0;

			use_free = false;
			if (!rows_dp(&S, mode, count, &found, &least))
			{
				fallback = true;
				ctx->over_budget = true;
				warnf(&S, t->regions[0].line, "%s: more readings of the digits than the work budget allows "
					  "(%ld units); cells the digits alone do not fix are left ambiguous", sec_code(&S), S.budget);
			}
			else if (!found)
			{
				fallback = true;
				ctx->inconsistent = true;
				warnf(&S, t->regions[0].line, "%s: no reading of the digits satisfies every rule of the table "
					  "(the source breaks one); the rules are not used to split it: each row is read by its "
					  "digits alone", sec_code(&S));
			}
			else if (count)
			{
				if (least > 0)
				{
					ctx->inconsistent = true;
					if (plain)
						fallback = true;	/* plain text: below */
					else
						warnf(&S, t->regions[0].line, "%s: every reading of the digits breaks a rule of the "
							  "table; the readings that break the fewest instances (%d) are kept",
							  sec_code(&S), least);
				}
			}
			if (fallback)
				use_free = true;
		}
	}

	checked = salloc0(&S, sizeof(bool) * (size_t) t->nregions);
	if (use_free && fallback)
	{
		/*
		 * Plain pdftotext (cells one a line, blank ones dropped): the text's
		 * reading order is trusted only where every rule holds — it moves
		 * the values of sparse columns, or a whole column block, and a
		 * table read in that order breaks a rule where the source did not.
		 * When the rules do not all hold, or could not be checked, the
		 * region is not read; but a region with every cell printed (no
		 * blank dropped) whose rules fail is read cell by cell where the
		 * rules confirm it (plain_confirm, below).
		 */
		for (int fi = 0; fi < t->nregions; fi++)
			if (S.f[fi].ok && t->regions[fi].gaps == GS_GAPS_ALWAYS)
			{
				if (ctx->inconsistent && !ctx->over_budget && !S.f[fi].gaps)
				{
					checked[fi] = true;
					continue;
				}
				S.f[fi].ok = false;
				warnf(&S, t->regions[fi].line, "%s: its values, one a line, satisfy its rules in no order they "
					  "can be read in (the text's order moved some, or the source breaks a rule); not read",
					  sec_code(&S));
			}
	}
	if (use_free)
	{
		S.over = false;			/* the free reading is always made */
		for (int fi = 0; fi < t->nregions; fi++)
		{
			if (S.f[fi].bad || !S.f[fi].ok)
				continue;
			sets[fi] = salloc0(&S, sizeof(cset) * (size_t) S.f[fi].C);
			collect_free(&S, fi, sets[fi]);
		}
		for (int k = 0; k < S.nprows; k++)
			for (int j = 0; j < S.ncols && sets[S.pr[k].fi]; j++)
				S.cs[k * S.ncols + j] = sets[S.pr[k].fi][S.pr[k].c0 + j];
	}
	else
	{
		reading    *R = S.rd.data;
		rcell	   *RC = S.rc.data;

		for (int i = 0; i < S.rd.n; i++)
		{
			if (!R[i].sup)
				continue;
			for (int j = 0; j < S.ncols; j++)
			{
				const rcell *c = &RC[(size_t) i * S.ncols + j];

				cs_add(&S, &S.cs[R[i].row * S.ncols + j], (gai_num) {c->v, 0}, c->blank,
					   S.pr[R[i].row].fi, c->from, c->to);
			}
		}
	}

	for (int fi = 0; fi < t->nregions; fi++)
		any_checked |= checked[fi];
	if (any_checked)
	{
		int			nbroken = 0,
					total = 0,
					kept;

		keep = salloc0(&S, sizeof(bool) * (size_t) (S.nprows * S.ncols + 1));
		kept = plain_confirm(&S, checked, keep, &nbroken);
		for (int k = 0; k < S.nprows; k++)
			total += checked[S.pr[k].fi] ? S.ncols : 0;
		warnf(&S, t->regions[0].line, "%s: its values, one a line with every cell printed, break %d rule "
			  "instance%s in the order printed (the source breaks a rule, or the text's order moved a value); "
			  "%d of its %d cells are read, where a rule that holds confirms them and every broken one is "
			  "explained by another cell", sec_code(&S), nbroken, nbroken == 1 ? "" : "s", kept, total);
	}

	/* write the cells: live rows from their sets, the others unreadable */
	for (int k = 0; k < S.nprows; k++)
		for (int j = 0; j < S.ncols && S.f[S.pr[k].fi].ok; j++)
			write_cell(&S, cells, S.pr[k].fi, S.pr[k].trow, j, &S.cs[k * S.ncols + j],
					   checked[S.pr[k].fi] && !keep[k * S.ncols + j]);
	for (int fi = 0; fi < t->nregions; fi++)
		if (S.f[fi].bad || !S.f[fi].ok)
			for (int ri = 0; ri < t->regions[fi].nrows; ri++)
				for (int j = 0; j < S.ncols; j++)
				{
					cset		none;

					memset(&none, 0, sizeof none);
					/* write_cell reads the region's text from S.f[fi].rg */
					S.f[fi].rg = &t->regions[fi];
					write_cell(&S, cells, fi, t->regions[fi].rows[ri], j, &none, true);
				}
	if (ctx->n_ambiguous > 0)
	{
		/* the first ambiguous cell, as an example */
		for (int k = 0; k < S.nprows; k++)
			for (int j = 0; j < S.ncols; j++)
			{
				gai_cell   *c = &cells[template_cell_index(t->tpl, t->table, S.pr[k].trow, j)];

				if (c->status == GAI_CELL_AMBIGUOUS)
				{
					warnf(&S, c->line, "%s: %d cell%s ambiguous: the digits run together split more than one way "
						  "the rules allow (first: %s/%s, %d candidates)", sec_code(&S), ctx->n_ambiguous,
						  ctx->n_ambiguous == 1 ? "" : "s", S.td->rows[S.pr[k].trow].code, S.td->cols[j].code,
						  c->n_candidates);
					goto warned;
				}
			}
	}
warned:
	ctx->work = S.work;
	gfree(&S, &S.rd, sizeof(reading));
	gfree(&S, &S.rc, sizeof(rcell) * (size_t) S.ncols);
	arena_release(&S.scr);
}
