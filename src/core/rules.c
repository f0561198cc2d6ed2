/*
 * rules.c — the arithmetic rules (勾稽关系) of template.c, evaluated.
 *
 * Each rule is a family of equations "Σ lhs = Σ rhs"; a violation carries
 * expected = Σ rhs (the parts) and actual = Σ lhs (the printed total).
 * Blank cells count as 0, and the message says so when a blank took part in
 * a broken equation.  An equation touching an unreadable or missing cell is
 * not evaluated: that cell is reported on its own (cell.unreadable,
 * cell.missing), so nothing is judged on a guess.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

bool
num_add(gai_num *acc, gai_num x)
{
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

int
num_cmp(gai_num a, gai_num b)
{
	gai_num		d = a;
	gai_num		nb = {-b.mant, b.scale};

	if (!num_add(&d, nb))
		return a.mant < b.mant ? -1 : 1;	/* only on absurd magnitudes */
	return d.mant < 0 ? -1 : d.mant > 0;
}

/* A sum over cells; ok=false when a cell is unreadable or missing. */
typedef struct sum_acc
{
	gai_num		sum;
	bool		ok;
	bool		any;
	char		blanks[160];
} sum_acc;

static void
acc_cell(gai_builder *b, sum_acc *s, gai_cell *c, const char *name)
{
	s->any = true;
	if (c->status == GAI_CELL_OK)
	{
		if (!num_add(&s->sum, c->value))
			s->ok = false;
	}
	else if (c->status == GAI_CELL_BLANK)
	{
		size_t		n = strlen(s->blanks);

		if (n + strlen(name) + 3 < sizeof s->blanks)
		{
			if (n)
				strcat(s->blanks, ", ");
			strcat(s->blanks, name);
		}
	}
	else
		s->ok = false;
	(void) b;
}

static bool
in_list(const char *list, const char *code)
{
	char		tok[96];

	if (!list)
		return true;
	for (const char *p = list; *p;)
	{
		int			n = 0;

		while (*p == ' ')
			p++;
		while (*p && *p != ' ' && n < (int) sizeof tok - 1)
			tok[n++] = *p++;
		tok[n] = '\0';
		if (n && code_matches(tok, code))
			return true;
	}
	return false;
}

static gai_cell *
cell_at(gai_builder *b, int table, int row, int col)
{
	return &b->r->template_cells[template_cell_index(b->tpl, table, row, col)];
}

static void
report(gai_builder *b, const gai_rule_def *rule, const char *item, const char *col,
	   const char *where, sum_acc *lhs, sum_acc *rhs)
{
	char		e[32],
				a[32];
	char		note[400] = "";

	if (lhs->blanks[0] || rhs->blanks[0])
		snprintf(note, sizeof note, "; blank cells counted as 0: %s%s%s", lhs->blanks,
				 lhs->blanks[0] && rhs->blanks[0] ? ", " : "", rhs->blanks);
	gai_add_violation(b, rule->code, rule->severity, rule->section == GAI_SEC_PREAMBLE ? GAI_SEC_REQUESTS : rule->section,
				  item, col, &rhs->sum, &lhs->sum,
				  "%s, %s: %s — expected %s, found %s%s", rule->code, where, rule->statement,
				  gai_num_format(rhs->sum, e), gai_num_format(lhs->sum, a), note);
}

static void
column_sum(gai_builder *b, const gai_rule_def *rule)
{
	for (int t = 0; t < b->tpl->ntables; t++)
	{
		const gai_table_def *td = &b->tpl->tables[t];

		if (td->section != rule->section)
			continue;
		for (int c = 0; c < td->ncols; c++)
		{
			sum_acc		lhs = {{0, 0}, true, false, ""},
						rhs = {{0, 0}, true, false, ""};
			char		where[96];

			if (!in_list(rule->over, td->cols[c].code))
				continue;
			for (int r = 0; r < td->nrows; r++)
			{
				const char *code = td->rows[r].code;

				if (!code)
					continue;
				if (in_list(rule->lhs, code))
					acc_cell(b, &lhs, cell_at(b, t, r, c), code);
				else if (in_list(rule->rhs, code))
					acc_cell(b, &rhs, cell_at(b, t, r, c), code);
			}
			if (!lhs.any || !rhs.any || !lhs.ok || !rhs.ok)
				continue;
			if (num_cmp(lhs.sum, rhs.sum) != 0)
			{
				snprintf(where, sizeof where, "column %s", td->cols[c].code);
				report(b, rule, rule->report_item, td->cols[c].code, where, &lhs, &rhs);
			}
		}
	}
}

static void
row_rule(gai_builder *b, const gai_rule_def *rule)
{
	for (int t = 0; t < b->tpl->ntables; t++)
	{
		const gai_table_def *td = &b->tpl->tables[t];
		int			lc = -1;

		if (td->section != rule->section)
			continue;
		for (int c = 0; c < td->ncols; c++)
			if (in_list(rule->lhs, td->cols[c].code))
				lc = c;
		if (lc < 0)
			continue;
		for (int r = 0; r < td->nrows; r++)
		{
			sum_acc		lhs = {{0, 0}, true, false, ""},
						rhs = {{0, 0}, true, false, ""};
			int			cmp;
			char		where[96];

			if (!td->rows[r].code || !in_list(rule->over, td->rows[r].code))
				continue;
			for (int c = 0; c < td->ncols; c++)
			{
				if (c == lc)
					acc_cell(b, &lhs, cell_at(b, t, r, c), td->cols[c].code);
				else if (in_list(rule->rhs, td->cols[c].code))
					acc_cell(b, &rhs, cell_at(b, t, r, c), td->cols[c].code);
			}
			if (!lhs.any || !rhs.any || !lhs.ok || !rhs.ok)
				continue;
			cmp = num_cmp(lhs.sum, rhs.sum);
			if (rule->kind == RULE_ROW_SUM ? cmp != 0 : cmp < 0)
			{
				snprintf(where, sizeof where, "row %s", td->rows[r].code);
				report(b, rule, td->rows[r].code, td->cols[lc].code, where, &lhs, &rhs);
			}
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
		gai_cellref ref = template_cell_ref(b->tpl, i);
		const gai_table_def *td = &b->tpl->tables[ref.table];

		if (c->status != GAI_CELL_OK || c->value.mant >= 0 || td->cols[ref.col].unit == UNIT_SIGNED)
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
	for (int t = 0; t < b->tpl->ntables; t++)
	{
		const gai_table_def *td = &b->tpl->tables[t];

		for (int r = 0; r < td->nrows; r++)
		{
			if (!td->rows[r].code || strcmp(td->rows[r].code, rule->lhs) != 0)
				continue;
			for (int c = 0; c < td->ncols; c++)
			{
				sum_acc		lhs = {{0, 0}, true, false, ""},
							rhs = {{0, 0}, true, false, ""};
				char		where[96];

				acc_cell(b, &lhs, cell_at(b, t, r, c), td->rows[r].code);
				for (int i = 0; i < b->extras.n; i++)
				{
					gai_cell   *x = &((gai_cell *) b->extras.data)[i];

					if (x->extra_table == t && x->col == c)
						acc_cell(b, &rhs, x, x->extra_label);
				}
				if (!rhs.any || !lhs.ok || !rhs.ok || num_cmp(lhs.sum, rhs.sum) == 0)
					continue;
				snprintf(where, sizeof where, "row %s, column %s", td->rows[r].code, td->cols[c].code);
				report(b, rule, td->rows[r].code, td->cols[c].code, where, &lhs, &rhs);
			}
		}
	}
}

static const char *const section_names_zh[GAI_SEC_COUNT] = {
	NULL, NULL, "主动公开", "收到和处理政府信息公开申请", "行政复议、行政诉讼", NULL, NULL
};

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
			continue;
		}
		for (int i = 0; i < b->r->n_template_cells; i++)
		{
			gai_cell   *c = &b->r->template_cells[i];
			gai_cellref ref;
			const gai_table_def *td;

			if ((int) c->section != sec || (c->status != GAI_CELL_MISSING && c->status != GAI_CELL_UNREADABLE))
				continue;
			ref = template_cell_ref(b->tpl, i);
			td = &b->tpl->tables[ref.table];
			if (c->status == GAI_CELL_MISSING)
				gai_add_violation(b, "cell.missing", GAI_SEV_ERROR, sec, td->rows[ref.row].code,
							  td->cols[ref.col].code, NULL, NULL, "cell.missing: %s/%s not found",
							  td->rows[ref.row].code, td->cols[ref.col].code);
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
	if (!b->tpl)
		return;
	completeness(b);
	for (int i = 0; i < gai_n_rules; i++)
	{
		const gai_rule_def *rule = &gai_rules[i];

		switch (rule->kind)
		{
			case RULE_COLUMN_SUM:
				column_sum(b, rule);
				break;
			case RULE_ROW_SUM:
			case RULE_ROW_GE:
				row_rule(b, rule);
				break;
			case RULE_NONNEGATIVE:
				nonnegative(b, rule);
				break;
			case RULE_PARTS:
				parts(b, rule);
				break;
		}
	}
}
