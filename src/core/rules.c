/*
 * rules.c — the arithmetic rules (勾稽关系) of template.c, evaluated.
 *
 * Each rule is a family of equations "Σ lhs = Σ rhs"; a violation carries
 * expected = Σ rhs (the parts) and actual = Σ lhs (the printed total).
 * Blank cells count as 0, and the message says so when a blank took part in
 * a broken equation.  An equation touching an unreadable, missing or
 * ambiguous cell is not evaluated: that cell is reported on its own
 * (cell.unreadable, cell.missing, cell.ambiguous with its candidates), so
 * nothing is judged on a guess.  rules_table_eqs gives the solver of glued
 * digits (solver.c) the same equations.
 */
#include "internal.h"
#include "solver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
num_add(gai_num *acc, gai_num x)
{
	/* counts: both integers */
	if (acc->scale == 0 && x.scale == 0)
		return !__builtin_add_overflow(acc->mant, x.mant, &acc->mant);
	/* bring both to the larger scale, then add */
	while (acc->scale < x.scale)
	{
		if (acc->mant > INT64_MAX / 10 || acc->mant < INT64_MIN / 10)
			return false;
		acc->mant *= 10;
		acc->scale++;
	}
	while (x.scale < acc->scale)
	{
		if (x.mant > INT64_MAX / 10 || x.mant < INT64_MIN / 10)
			return false;
		x.mant *= 10;
		x.scale++;
	}
	if ((x.mant > 0 && acc->mant > INT64_MAX - x.mant) ||
		(x.mant < 0 && acc->mant < INT64_MIN - x.mant))
		return false;
	acc->mant += x.mant;
	return true;
}

/*
 * Exact comparison of two decimals.  Magnitudes are compared as unsigned
 * 128-bit integers at a common scale: no negation of INT64_MIN, no overflow.
 */
int
num_cmp(gai_num a, gai_num b)
{
	int			sa = (a.mant > 0) - (a.mant < 0),
				sb = (b.mant > 0) - (b.mant < 0);
	unsigned __int128 ma,
				mb;
	const unsigned __int128 limit = ~(unsigned __int128) 0 / 10;
	int			mag;

	if (a.scale == b.scale)
		return (a.mant > b.mant) - (a.mant < b.mant);	/* counts: the common case */
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	ma = a.mant < 0 ? (unsigned __int128) (-(a.mant + 1)) + 1 : (unsigned __int128) a.mant;
	mb = b.mant < 0 ? (unsigned __int128) (-(b.mant + 1)) + 1 : (unsigned __int128) b.mant;
	mag = 0;
	while (a.scale < b.scale && !mag)
	{
		if (ma > limit)
			mag = 1;			/* |a| exceeds any 64-bit |b| at this scale */
		ma *= 10;
		a.scale++;
	}
	while (b.scale < a.scale && !mag)
	{
		if (mb > limit)
			mag = -1;
		mb *= 10;
		b.scale++;
	}
	if (!mag)
		mag = ma < mb ? -1 : ma > mb;
	return sa > 0 ? mag : -mag;
}

/*
 * Rules compiled once per template into equations over cell indexes, so a
 * parse only adds numbers.  Σ lhs cells = Σ rhs cells (ROW_GE: >=).
 */
#define EQ_MAX_CELLS 48

typedef struct equation
{
	const gai_rule_def *rule;
	const char *item;			/* reported item code (may be NULL) */
	const char *col;			/* reported column code */
	char		where[48];
	int			nl,
				nr;
	int			cell[EQ_MAX_CELLS];
	const char *name[EQ_MAX_CELLS];
} equation;

static equation *eqs[GAI_TEMPLATE_SLOTS];
static int	n_eqs[GAI_TEMPLATE_SLOTS];

/* Why compiling the rules failed (start-up must report, never abort the
 * process: in a server that would restart every session). */
static const char *rules_err;

static equation *
eq_new(gai_vec *v, const gai_rule_def *rule)
{
	equation   *e;

	if (v->n == v->cap)
	{
		int			cap = v->cap ? v->cap * 2 : 64;
		void	   *d = realloc(v->data, sizeof(equation) * cap);

		if (!d)
		{
			rules_err = "out of memory";
			return NULL;
		}
		v->data = d;
		v->cap = cap;
	}
	e = &((equation *) v->data)[v->n++];
	memset(e, 0, sizeof *e);
	e->rule = rule;
	return e;
}

static void
eq_add(equation *e, int cell, const char *name, bool lhs)
{
	if (e->nl + e->nr >= EQ_MAX_CELLS)
	{
		rules_err = "a rule of the template spans more cells than an equation holds (EQ_MAX_CELLS)";
		return;
	}
	if (lhs)
	{
		/* lhs cells come first: shift the rhs ones up */
		memmove(&e->cell[e->nl + 1], &e->cell[e->nl], sizeof(int) * e->nr);
		memmove(&e->name[e->nl + 1], &e->name[e->nl], sizeof(char *) * e->nr);
		e->cell[e->nl] = cell;
		e->name[e->nl] = name;
		e->nl++;
	}
	else
	{
		e->cell[e->nl + e->nr] = cell;
		e->name[e->nl + e->nr] = name;
		e->nr++;
	}
}

static void
compile_template(const gai_template_def *tpl, gai_vec *v)
{
	for (int ri = 0; ri < gai_n_rules; ri++)
	{
		const gai_rule_def *rule = &gai_rules[ri];

		for (int t = 0; t < tpl->ntables; t++)
		{
			const gai_table_def *td = &tpl->tables[t];

			if (td->section != rule->section)
				continue;
			if (rule->kind == RULE_COLUMN_SUM)
			{
				for (int c = 0; c < td->ncols; c++)
				{
					equation   *e;

					if (!code_in_list(rule->over, td->cols[c].code))
						continue;
					e = eq_new(v, rule);
					if (!e)
						return;
					e->item = rule->report_item;
					e->col = td->cols[c].code;
					snprintf(e->where, sizeof e->where, "column %s", td->cols[c].code);
					for (int r = 0; r < td->nrows; r++)
					{
						const char *code = td->rows[r].code;

						if (!code)
							continue;
						if (code_in_list(rule->lhs, code))
							eq_add(e, template_cell_index(tpl, t, r, c), code, true);
						else if (code_in_list(rule->rhs, code))
							eq_add(e, template_cell_index(tpl, t, r, c), code, false);
					}
					if (e->nl == 0 || e->nr == 0)
						v->n--;
				}
			}
			else if (rule->kind == RULE_ROW_SUM || rule->kind == RULE_ROW_GE)
			{
				int			lc = -1;

				for (int c = 0; c < td->ncols; c++)
					if (code_in_list(rule->lhs, td->cols[c].code))
						lc = c;
				if (lc < 0)
					continue;
				for (int r = 0; r < td->nrows; r++)
				{
					equation   *e;

					if (!td->rows[r].code || !code_in_list(rule->over, td->rows[r].code))
						continue;
					e = eq_new(v, rule);
					if (!e)
						return;
					e->item = td->rows[r].code;
					e->col = td->cols[lc].code;
					snprintf(e->where, sizeof e->where, "row %s", td->rows[r].code);
					for (int c = 0; c < td->ncols; c++)
					{
						if (c == lc)
							eq_add(e, template_cell_index(tpl, t, r, c), td->cols[c].code, true);
						else if (code_in_list(rule->rhs, td->cols[c].code))
							eq_add(e, template_cell_index(tpl, t, r, c), td->cols[c].code, false);
					}
					if (e->nr == 0)
						v->n--;
				}
			}
		}
	}
}

int
rules_init(const char **err)
{
	for (int i = 0; i < gai_n_templates; i++)
	{
		gai_vec		v = {0};
		gai_template_id id = gai_templates[i].id;

		if (eqs[id])
			continue;
		rules_err = NULL;
		compile_template(&gai_templates[i], &v);
		if (rules_err)
		{
			free(v.data);
			*err = rules_err;
			return -1;
		}
		eqs[id] = v.data;
		n_eqs[id] = v.n;
	}
	return 0;
}

int
rules_table_eqs(const gai_template_def *tpl, int table, gai_eq *out, int max)
{
	const equation *all = eqs[tpl->id];
	int			n = 0;

	for (int i = 0; i < n_eqs[tpl->id] && n < max; i++)
	{
		const equation *e = &all[i];
		bool		inside = true;

		if (e->rule->severity != GAI_SEV_ERROR ||
			(e->rule->kind != RULE_COLUMN_SUM && e->rule->kind != RULE_ROW_SUM) ||
			e->nl + e->nr > GAI_EQ_MAX_CELLS)
			continue;
		for (int k = 0; k < e->nl + e->nr && inside; k++)
			inside = template_cell_ref(tpl, e->cell[k]).table == table;
		if (!inside)
			continue;
		out[n].rule = e->rule->code;
		out[n].where = e->where;
		out[n].n = e->nl + e->nr;
		for (int k = 0; k < e->nl + e->nr; k++)
		{
			out[n].cell[k] = e->cell[k];
			out[n].coef[k] = (int8_t) (k < e->nl ? 1 : -1);
		}
		n++;
	}
	return n;
}

static gai_cell *
cell_at(gai_builder *b, int table, int row, int col)
{
	return &b->r->template_cells[template_cell_index(b->tpl, table, row, col)];
}

/* Sum cells; false when one is unreadable or missing (the equation is skipped). */
static bool
sum_cells(gai_builder *b, const equation *e, int from, int to, gai_num *sum, bool *blank)
{
	sum->mant = 0;
	sum->scale = 0;
	for (int k = from; k < to; k++)
	{
		const gai_cell *c = &b->r->template_cells[e->cell[k]];

		if (c->status == GAI_CELL_OK)
		{
			if (!num_add(sum, c->value))
				return false;
		}
		else if (c->status == GAI_CELL_BLANK)
			*blank = true;
		else if (!c->alt_absent)
			return false;		/* an absent alternative takes no part */
	}
	return true;
}

static void
report_eq(gai_builder *b, const equation *e, gai_num lhs, gai_num rhs, bool blank)
{
	char		ebuf[32],
				abuf[32];
	char		note[400] = "";

	if (blank)
	{
		size_t		n = strlen(note);

		n += snprintf(note + n, sizeof note - n, "; blank cells counted as 0:");
		for (int k = 0; k < e->nl + e->nr && n < sizeof note - 64; k++)
			if (b->r->template_cells[e->cell[k]].status == GAI_CELL_BLANK)
				n += snprintf(note + n, sizeof note - n, " %s", e->name[k]);
	}
	gai_add_violation(b, e->rule->code, e->rule->severity, e->rule->section, e->item, e->col,
					  &rhs, &lhs, "%s, %s: %s — expected %s, found %s%s", e->rule->code, e->where,
					  e->rule->statement, gai_num_format(rhs, ebuf), gai_num_format(lhs, abuf), note);
}

typedef struct blank_note
{
	int			count;			/* passing equations that counted a blank as 0 */
	const equation *first;
} blank_note;

static void
equations(gai_builder *b, const gai_rule_def *rule, blank_note *bn)
{
	const equation *all = eqs[b->tpl->id];

	for (int i = 0; i < n_eqs[b->tpl->id]; i++)
	{
		const equation *e = &all[i];
		gai_num		lhs,
					rhs;
		bool		blank = false;
		int			cmp;

		if (e->rule != rule)
			continue;
		if (!sum_cells(b, e, 0, e->nl, &lhs, &blank) ||
			!sum_cells(b, e, e->nl, e->nl + e->nr, &rhs, &blank))
			continue;
		cmp = num_cmp(lhs, rhs);
		if (blank)
			for (int k = 0; k < e->nl + e->nr; k++)
				if (b->r->template_cells[e->cell[k]].status == GAI_CELL_BLANK)
					b->r->template_cells[e->cell[k]].blank_as_zero = true;
		if (e->rule->kind == RULE_ROW_GE ? cmp < 0 : cmp != 0)
			report_eq(b, e, lhs, rhs, blank);
		else if (blank && e->rule->severity == GAI_SEV_ERROR)
		{
			if (bn->count++ == 0)
				bn->first = e;
		}
	}
}

static void
nonnegative(gai_builder *b, const gai_rule_def *rule)
{
	gai_num		zero = {0, 0};
	char		a[32];

	for (int i = 0; i < b->r->n_template_cells; i++)
	{
		gai_cell   *c = &b->r->template_cells[i];
		gai_cellref ref;
		const gai_table_def *td;

		if (c->status != GAI_CELL_OK || c->value.mant >= 0)
			continue;
		ref = template_cell_ref(b->tpl, i);
		td = &b->tpl->tables[ref.table];
		if (td->cols[ref.col].unit == UNIT_SIGNED)
			continue;
		gai_add_violation(b, rule->code, rule->severity, td->section, td->rows[ref.row].code,
					  td->cols[ref.col].code, &zero, &c->value,
					  "nonnegative, %s/%s: a count or amount below zero (%s)",
					  td->rows[ref.row].code, td->cols[ref.col].code, gai_num_format(c->value, a));
	}
	for (int i = 0; i < b->extras.n; i++)
	{
		gai_cell   *c = &((gai_cell *) b->extras.data)[i];
		const gai_table_def *td = &b->tpl->tables[c->extra_table];

		if (c->status != GAI_CELL_OK || c->value.mant >= 0 || td->cols[c->col].unit == UNIT_SIGNED)
			continue;
		gai_add_violation(b, rule->code, rule->severity, td->section, NULL, td->cols[c->col].code,
					  &zero, &c->value, "nonnegative, row \"%s\"/%s: below zero (%s)",
					  c->extra_label, td->cols[c->col].code, gai_num_format(c->value, a));
	}
}

static void
parts(gai_builder *b, const gai_rule_def *rule)
{
	if (b->extras.n == 0)
		return;
	for (int t = 0; t < b->tpl->ntables; t++)
	{
		const gai_table_def *td = &b->tpl->tables[t];

		for (int r = 0; r < td->nrows; r++)
		{
			if (!td->rows[r].code || strcmp(td->rows[r].code, rule->lhs) != 0)
				continue;
			for (int c = 0; c < td->ncols; c++)
			{
				gai_cell   *row = cell_at(b, t, r, c);
				gai_num		sum = {0, 0};
				bool		any = false,
							ok = row->status == GAI_CELL_OK || row->status == GAI_CELL_BLANK;
				gai_num		total = row->status == GAI_CELL_OK ? row->value : sum;
				char		ebuf[32],
							abuf[32];

				for (int i = 0; i < b->extras.n && ok; i++)
				{
					gai_cell   *x = &((gai_cell *) b->extras.data)[i];

					if (x->extra_table != t || x->col != c)
						continue;
					any = true;
					if (x->status == GAI_CELL_OK)
						ok = num_add(&sum, x->value);
					else if (x->status != GAI_CELL_BLANK)
						ok = false;
				}
				if (!any || !ok || num_cmp(total, sum) == 0)
					continue;
				gai_add_violation(b, rule->code, rule->severity, td->section, td->rows[r].code,
								  td->cols[c].code, &sum, &total,
								  "%s, row %s, column %s: %s — expected %s, found %s", rule->code,
								  td->rows[r].code, td->cols[c].code, rule->statement,
								  gai_num_format(sum, ebuf), gai_num_format(total, abuf));
			}
		}
	}
}

static const char *const section_names_zh[GAI_SEC_COUNT] = {
	NULL, NULL, "主动公开", "收到和处理政府信息公开申请", "行政复议、行政诉讼", NULL, NULL
};

/*
 * Rows printed in another form (template.h, alt): the cells of the form the
 * report did not print are absent, not missing.  Per table: the layout
 * reader asks it of a table it has read, before the rules run.
 */
void
rules_mark_alternatives(gai_builder *b, int t)
{
	const gai_table_def *td = &b->tpl->tables[t];

	for (int r = 0; r < td->nrows; r++)
	{
		bool		row_printed = false,
					alt_printed = false;
		bool		is_alt[64] = {0};	/* rows the alternative pattern names */

		if (!td->rows[r].alt || !td->rows[r].code || td->nrows > 64)
			continue;
		for (int q = 0; q < td->nrows; q++)
			is_alt[q] = q != r && td->rows[q].code && code_matches(td->rows[r].alt, td->rows[q].code);
		for (int q = 0; q < td->nrows; q++)
			for (int c = 0; (q == r || is_alt[q]) && c < td->ncols; c++)
				if (b->r->template_cells[template_cell_index(b->tpl, t, q, c)].status != GAI_CELL_MISSING)
				{
					if (q == r)
						row_printed = true;
					else
						alt_printed = true;
				}
		for (int q = 0; q < td->nrows; q++)
		{
			/* this row when the others are printed or neither is; the others when this is */
			bool		absent = q == r ? (alt_printed || !row_printed)
				: (is_alt[q] && row_printed && !alt_printed);

			for (int c = 0; absent && c < td->ncols; c++)
			{
				gai_cell   *cell = &b->r->template_cells[template_cell_index(b->tpl, t, q, c)];

				if (cell->status == GAI_CELL_MISSING)
					cell->alt_absent = true;
			}
		}
	}
}

static void
mark_alternatives(gai_builder *b)
{
	for (int t = 0; t < b->tpl->ntables; t++)
		rules_mark_alternatives(b, t);
}

/*
 * An ambiguous cell (glued text: its digits are printed, where it ends is
 * not): one error, the candidates the rules allow in the message.  No
 * equation over it is evaluated (sum_cells skips it like an unreadable one).
 */
static void
ambiguous_violation(gai_builder *b, const gai_cell *c, gai_section_id sec, const char *item, const char *col)
{
	char		list[300];
	size_t		n = 0;
	int			k;

	list[0] = '\0';
	for (k = 0; k < c->n_candidates && n < sizeof list - 40; k++)
	{
		char		buf[32];

		n += (size_t) snprintf(list + n, sizeof list - n, "%s%s", k ? ", " : "",
							   gai_num_format(c->candidates[k], buf));
	}
	if (k < c->n_candidates)
		snprintf(list + n, sizeof list - n, ", … (%d in all)", c->n_candidates);
	if (c->n_candidates == 0)
		gai_add_violation(b, "cell.ambiguous", GAI_SEV_ERROR, sec, item, col, NULL, NULL,
						  "cell.ambiguous: %s/%s is printed in \"%s\" but where it ends is not certain "
						  "(too many readings to list)", item, col, c->raw ? c->raw : "");
	else
		gai_add_violation(b, "cell.ambiguous", GAI_SEV_ERROR, sec, item, col, NULL, NULL,
						  "cell.ambiguous: %s/%s is printed in \"%s\" but where it ends is not certain; "
						  "the rules allow %s", item, col, c->raw ? c->raw : "", list);
}

/* Missing and unreadable tables and cells. */
static void
completeness(gai_builder *b)
{
	for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
	{
		int			present = 0;

		for (int i = 0; i < b->r->n_template_cells; i++)
			if ((int) b->r->template_cells[i].section == sec &&
				b->r->template_cells[i].status != GAI_CELL_MISSING)
				present++;
		if (b->table_damaged[sec])
		{
			gai_add_violation(b, "table.unreadable", GAI_SEV_ERROR, sec, NULL, NULL, NULL, NULL,
						  "table.unreadable: the %s table is damaged; its cells are not read",
						  section_names_zh[sec]);
			continue;
		}
		if (present == 0)
		{
			gai_add_violation(b, "table.missing", GAI_SEV_ERROR, sec, NULL, NULL, NULL, NULL,
						  "table.missing: no %s table found", section_names_zh[sec]);
			gai_warn(b, 0, "no %s table (%s) found", gai_section_code(sec), section_names_zh[sec]);
			continue;
		}
		for (int i = 0; i < b->r->n_template_cells; i++)
		{
			gai_cell   *c = &b->r->template_cells[i];
			gai_cellref ref;
			const gai_table_def *td;

			if ((int) c->section != sec || (c->status != GAI_CELL_MISSING && c->status != GAI_CELL_UNREADABLE &&
											c->status != GAI_CELL_AMBIGUOUS) ||
				c->alt_absent)
				continue;
			ref = template_cell_ref(b->tpl, i);
			td = &b->tpl->tables[ref.table];
			if (c->status == GAI_CELL_MISSING)
				gai_add_violation(b, "cell.missing", GAI_SEV_ERROR, sec, td->rows[ref.row].code,
							  td->cols[ref.col].code, NULL, NULL, "cell.missing: %s/%s not found",
							  td->rows[ref.row].code, td->cols[ref.col].code);
			else if (c->status == GAI_CELL_AMBIGUOUS)
				ambiguous_violation(b, c, sec, td->rows[ref.row].code, td->cols[ref.col].code);
			else
				gai_add_violation(b, "cell.unreadable", GAI_SEV_ERROR, sec, td->rows[ref.row].code,
							  td->cols[ref.col].code, NULL, NULL,
							  "cell.unreadable: %s/%s is \"%s\", not a number that can be read with certainty",
							  td->rows[ref.row].code, td->cols[ref.col].code, c->raw ? c->raw : "");
		}
	}
}

void
rules_check(gai_builder *b)
{
	blank_note	bn = {0, NULL};

	if (!b->tpl)
		return;
	mark_alternatives(b);
	completeness(b);
	for (int i = 0; i < gai_n_rules; i++)
	{
		const gai_rule_def *rule = &gai_rules[i];

		if (rule->kind == RULE_NONNEGATIVE)
			nonnegative(b, rule);
		else if (rule->kind == RULE_PARTS)
			parts(b, rule);
		else
			equations(b, rule, &bn);
	}
	if (bn.count)
	{
		/* the report passes these checks only if its blank cells mean 0 */
		char		names[200] = "";
		size_t		n = 0;

		for (int k = 0; k < bn.first->nl + bn.first->nr && n < sizeof names - 40; k++)
			if (b->r->template_cells[bn.first->cell[k]].status == GAI_CELL_BLANK)
				n += snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", bn.first->name[k]);
		gai_warn(b, 0, "%d rule check%s hold only with blank cells counted as 0 (first: %s, %s: blank %s)",
				 bn.count, bn.count == 1 ? "" : "s", bn.first->rule->code, bn.first->where, names);
	}
}
