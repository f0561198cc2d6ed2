/*
 * describe.c — the templates' tables as printed, cell names and violations as
 * sentences, from template.c's data (see gai_describe.h).
 *
 * Rows are placed under their groups by the template's own numbering: a
 * label "三、…" without numbers opens a group, "（三）…" rows sit under it
 * (and open a sub-group when they carry no numbers or are printed in place
 * of sub-rows), "1.…" rows under the sub-group.
 */
#include "gai_describe.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ printed-form words */

/*
 * Words of the printed forms that are no labels of cells (the parser never
 * reads them), per section: the caption over the value columns, the top-left
 * cell, the header over several columns, the group over rows.
 */
typedef struct form_words
{
	gai_section_id section;
	const char *head;
	const char *corner;
	const char *col_group;		/* over col_group_cols ('|'-separated col codes) */
	const char *col_group_cols;
	const char *row_group;		/* over row_group_rows (row codes) */
	const char *row_group_rows;
} form_words;

static const form_words forms[] = {
	{GAI_SEC_ACTIVE, NULL, "信息内容", NULL, NULL, NULL, NULL},
	{GAI_SEC_REQUESTS, "申请人情况",
		"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
		"法人或其他组织", "|commercial|research|social_org|legal_service|other_org|", NULL, NULL},
	{GAI_SEC_APPEALS, NULL, NULL, NULL, NULL, "行政诉讼", "|litigation_direct|litigation_after_review|"},
};

/* Column captions of at most 4 Han characters, for narrow screens. */
static const struct
{
	const char *label;
	const char *caption;
}			captions[] = {
	{"社会公益组织", "公益组织"},
	{"法律服务机构", "法律服务"},
};

static const form_words *
form_of(gai_section_id s)
{
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (forms[i].section == s)
			return &forms[i];
	return NULL;
}

static bool
in_bars(const char *list, const char *code)
{
	char		key[80];

	if (!list || !code || strlen(code) > sizeof key - 3)
		return false;
	snprintf(key, sizeof key, "|%s|", code);
	return strstr(list, key) != NULL;
}

/* ------------------------------------------------------------ tables */

static const gai_table_def *
table_of(gai_template_id t, int table)
{
	const gai_template_def *td = template_get(t);

	if (!td || table < 0 || table >= td->ntables)
		return NULL;
	return &td->tables[table];
}

int
gai_table_count(gai_template_id t)
{
	const gai_template_def *td = template_get(t);

	return td ? td->ntables : 0;
}

bool
gai_table_get(gai_template_id t, int table, gai_table_layout *out)
{
	const gai_table_def *tb = table_of(t, table);
	const form_words *f;

	if (!tb)
		return false;
	f = form_of(tb->section);
	out->section = tb->section;
	out->anchor = tb->anchor;
	out->head = f ? f->head : NULL;
	out->corner = f ? f->corner : NULL;
	out->nrows = tb->nrows;
	out->ncols = tb->ncols;
	return true;
}

/* Han numerals that number the template's parts (一、 … 十、). */
static bool
starts_han_ordinal(const char *s)
{
	static const char *const han[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

	for (size_t i = 0; i < sizeof han / sizeof han[0]; i++)
		if (strncmp(s, han[i], 3) == 0 && strncmp(s + 3, "、", 3) == 0)
			return true;
	return false;
}

static bool
starts_paren_ordinal(const char *s)
{
	return strncmp(s, "（", 3) == 0;
}

static bool
starts_digit_ordinal(const char *s)
{
	return s[0] >= '0' && s[0] <= '9';
}

/* Byte length of a label without a trailing explanation in full-width
 * brackets: "（二）部分公开（区分处理的，…）" -> "（二）部分公开". */
static int
short_len(const char *label)
{
	size_t		n = strlen(label);
	const char *open = NULL;

	if (n < 6 || strcmp(label + n - 3, "）") != 0)
		return (int) n;
	for (const char *p = label + 3; (p = strstr(p, "（")) != NULL; p += 3)
		open = p;
	/* the explanation is long; a short bracket is part of the name (（单位：万元）) */
	if (!open || open == label || (label + n) - open < 3 * 8)
		return (int) n;
	return (int) (open - label);
}

bool
gai_table_row(gai_template_id t, int table, int row, gai_row_layout *out)
{
	const gai_table_def *tb = table_of(t, table);
	const form_words *f;
	int			top = -1,
				sub = -1;

	if (!tb || row < 0 || row >= tb->nrows)
		return false;
	f = form_of(tb->section);
	/* walk the rows down to this one, keeping the open groups */
	for (int r = 0; r <= row; r++)
	{
		const gai_row_def *rd = &tb->rows[r];
		int			depth = 0,
					parent = -1;

		if (starts_han_ordinal(rd->label))
		{
			top = rd->code ? -1 : r;
			sub = -1;
		}
		else if (starts_paren_ordinal(rd->label))
		{
			if (top >= 0)
				depth = 1, parent = top;
			sub = (!rd->code || rd->alt) ? r : -1;
		}
		else if (starts_digit_ordinal(rd->label))
		{
			if (sub >= 0)
				depth = 2, parent = sub;
			else if (top >= 0)
				depth = 1, parent = top;
		}
		if (r == row)
		{
			out->code = rd->code;
			out->label = rd->label;
			out->short_len = short_len(rd->label);
			out->depth = depth;
			out->parent = parent;
			out->group_label = f && in_bars(f->row_group_rows, rd->code) ? f->row_group : NULL;
			out->alternative = rd->alt != NULL;
		}
	}
	return true;
}

bool
gai_table_col(gai_template_id t, int table, int col, gai_col_layout *out)
{
	const gai_table_def *tb = table_of(t, table);
	const form_words *f;

	if (!tb || col < 0 || col >= tb->ncols)
		return false;
	f = form_of(tb->section);
	out->code = tb->cols[col].code;
	out->label = tb->cols[col].label;
	out->caption = tb->cols[col].label;
	for (size_t i = 0; i < sizeof captions / sizeof captions[0]; i++)
		if (strcmp(captions[i].label, out->label) == 0)
			out->caption = captions[i].caption;
	out->group = f && in_bars(f->col_group_cols, out->code) ? f->col_group : NULL;
	return true;
}

int
gai_table_cell(gai_template_id t, int table, int row, int col)
{
	const gai_template_def *td = template_get(t);
	const gai_table_def *tb = table_of(t, table);

	if (!tb || row < 0 || row >= tb->nrows || col < 0 || col >= tb->ncols || !tb->rows[row].code)
		return -1;
	return template_cell_index(td, table, row, col);
}

bool
gai_cell_place(gai_template_id t, int idx, int *table, int *row, int *col)
{
	const gai_template_def *td = template_get(t);
	gai_cellref ref;

	if (!td || idx < 0 || idx >= template_ncells(td))
		return false;
	ref = template_cell_ref(td, idx);
	*table = ref.table;
	*row = ref.row;
	*col = ref.col;
	return true;
}

const char *
gai_section_title(gai_section_id s)
{
	/* the template's wording is the first of gai_section_titles' variants */
	static char titles[GAI_SEC_COUNT][160];
	static const char *const ordinals[GAI_SEC_COUNT] = {NULL, "一、", "二、", "三、", "四、", "五、", "六、"};
	const char *w;
	size_t		n;

	if ((int) s <= 0 || s >= GAI_SEC_COUNT || !(w = gai_section_titles[s]))
		return NULL;
	if (titles[s][0])
		return titles[s];
	n = strcspn(w, "|");
	snprintf(titles[s], sizeof titles[s], "%s%.*s", ordinals[s], (int) n, w);
	return titles[s];
}

/* ------------------------------------------------------------ text building */

typedef struct sbuf
{
	char	   *buf;
	size_t		cap;
	size_t		len;			/* what the whole text needs */
} sbuf;

static void
put(sbuf *b, const char *s, size_t n)
{
	if (b->len < b->cap)
	{
		size_t		room = b->cap - 1 - b->len;

		memcpy(b->buf + b->len, s, n < room ? n : room);
	}
	b->len += n;
	if (b->cap)
		b->buf[b->len < b->cap - 1 ? b->len : b->cap - 1] = '\0';
}

static void
puts_(sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
put_num(sbuf *b, gai_num n)
{
	char		buf[32];

	puts_(b, gai_num_format(n, buf));
}

/* Section part of a cell's name: the block's anchor, else 第三项 / 第四项. */
static void
put_where(sbuf *b, const gai_table_def *tb)
{
	static const char *const han[GAI_SEC_COUNT] = {"", "一", "二", "三", "四", "五", "六"};

	if (tb->anchor)
		puts_(b, tb->anchor);
	else
	{
		puts_(b, "第");
		puts_(b, han[tb->section]);
		puts_(b, "项");
	}
}

/* A row's name: its sub-group and its short label (第三项's top group left out). */
static void
put_row(sbuf *b, gai_template_id t, int table, int row)
{
	gai_row_layout rl,
				pl;

	if (!gai_table_row(t, table, row, &rl))
		return;
	if (rl.group_label)
	{
		puts_(b, rl.group_label);
		puts_(b, " ");
	}
	if (rl.depth == 2 && gai_table_row(t, table, rl.parent, &pl))
	{
		put(b, pl.label, (size_t) pl.short_len);
		puts_(b, " ");
	}
	put(b, rl.label, (size_t) rl.short_len);
}

static void
put_cell_name(sbuf *b, gai_template_id t, int idx)
{
	int			table,
				row,
				col;
	const gai_table_def *tb;

	if (!gai_cell_place(t, idx, &table, &row, &col))
		return;
	tb = table_of(t, table);
	put_where(b, tb);
	puts_(b, " ");
	put_row(b, t, table, row);
	puts_(b, " ");
	puts_(b, tb->cols[col].label);
}

size_t
gai_cell_name(gai_template_id t, int idx, char *buf, size_t cap)
{
	sbuf		b = {buf, cap, 0};

	if (cap)
		buf[0] = '\0';
	put_cell_name(&b, t, idx);
	return b.len;
}

/* ------------------------------------------------------------ violations */

static const gai_rule_def *
rule_of(const char *code)
{
	for (int i = 0; i < gai_n_rules; i++)
		if (strcmp(gai_rules[i].code, code) == 0)
			return &gai_rules[i];
	return NULL;
}

/* Is code one of the space-separated patterns of list? (NULL list or code: no) */
static bool
in_list(const char *list, const char *code)
{
	return list && code && code_in_list(list, code);
}

/* The template cell of (section, item, col), -1 if none; *table_out its table. */
static int
find_cell(const gai_template_def *td, gai_section_id sec, const char *item, const char *col, int *table_out)
{
	if (!item || !col)
		return -1;
	for (int t = 0; t < td->ntables; t++)
	{
		const gai_table_def *tb = &td->tables[t];

		if (tb->section != sec)
			continue;
		for (int r = 0; r < tb->nrows; r++)
		{
			if (!tb->rows[r].code || strcmp(tb->rows[r].code, item) != 0)
				continue;
			for (int c = 0; c < tb->ncols; c++)
				if (strcmp(tb->cols[c].code, col) == 0)
				{
					if (table_out)
						*table_out = t;
					return template_cell_index(td, t, r, c);
				}
		}
	}
	return -1;
}

/* A cell of the report taking part in a rule: printed, or blank (absent alternatives do not). */
static bool
takes_part(const gai_report *r, int idx)
{
	return idx >= 0 && idx < r->n_template_cells && !r->template_cells[idx].alt_absent;
}

int
gai_violation_cells(const gai_report *r, const gai_violation *v, int *cells, int max, int *n_printed)
{
	const gai_template_def *td = template_get(r->template_id);
	const gai_rule_def *rule;
	int			n = 0,
				nl = 0;

	*n_printed = 0;
	if (!td || !v->rule)
		return 0;
	rule = rule_of(v->rule);
	if (rule && rule->kind == RULE_COLUMN_SUM && v->col)
	{
		/* the column's cells in the rows the rule names: printed totals first */
		for (int pass = 0; pass < 2; pass++)
			for (int t = 0; t < td->ntables; t++)
			{
				const gai_table_def *tb = &td->tables[t];

				if (tb->section != rule->section)
					continue;
				for (int c = 0; c < tb->ncols; c++)
				{
					if (strcmp(tb->cols[c].code, v->col) != 0)
						continue;
					for (int rr = 0; rr < tb->nrows; rr++)
					{
						const char *code = tb->rows[rr].code;
						int			idx;

						if (!code || !in_list(pass == 0 ? rule->lhs : rule->rhs, code) ||
							(pass == 1 && in_list(rule->lhs, code)))
							continue;
						idx = template_cell_index(td, t, rr, c);
						if (takes_part(r, idx) && n < max)
						{
							cells[n++] = idx;
							nl += pass == 0;
						}
					}
				}
			}
	}
	else if (rule && (rule->kind == RULE_ROW_SUM || rule->kind == RULE_ROW_GE) && v->item)
	{
		int			table = -1;
		int			first = find_cell(td, v->section, v->item, v->col, &table);
		gai_cellref ref;
		const gai_table_def *tb;

		if (first < 0)
			return 0;
		ref = template_cell_ref(td, first);
		tb = &td->tables[table];
		if (n < max)
			cells[n++] = first, nl = 1;
		for (int c = 0; c < tb->ncols; c++)
		{
			int			idx = template_cell_index(td, table, ref.row, c);

			if (c != ref.col && in_list(rule->rhs, tb->cols[c].code) && takes_part(r, idx) && n < max)
				cells[n++] = idx;
		}
	}
	else
	{
		/* one cell: nonnegative, procurement.parts, cell.missing / unreadable / ambiguous */
		int			idx = find_cell(td, v->section, v->item, v->col, NULL);

		if (idx >= 0 && idx < r->n_template_cells && max > 0)
			cells[n++] = idx, nl = 1;
	}
	*n_printed = nl;
	return n;
}

/* A rule statement worth quoting: in the template's words (no Latin letters). */
static bool
is_chinese_statement(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return false;
	return true;
}

/* A cell's short name inside one table: its row (and group), or its column for a row rule. */
static void
put_part(sbuf *b, gai_template_id t, int idx, bool by_col)
{
	int			table,
				row,
				col;

	if (!gai_cell_place(t, idx, &table, &row, &col))
		return;
	if (by_col)
		puts_(b, table_of(t, table)->cols[col].label);
	else
		put_row(b, t, table, row);
}

static void
put_parts(sbuf *b, gai_template_id t, const int *cells, int n, bool by_col)
{
	for (int k = 0; k < n; k++)
	{
		if (k)
			puts_(b, "＋");
		put_part(b, t, cells[k], by_col);
	}
}

#define MAX_VCELLS 64

static void
sum_sentence(sbuf *b, const gai_report *r, const gai_violation *v, const gai_rule_def *rule)
{
	gai_template_id t = r->template_id;
	int			cells[MAX_VCELLS],
				nl,
				n = gai_violation_cells(r, v, cells, MAX_VCELLS, &nl);
	bool		by_col = rule->kind != RULE_COLUMN_SUM;
	int			nblank = 0;

	if (n == 0)
	{
		puts_(b, v->message ? v->message : v->rule);
		return;
	}
	if (nl == 1)
	{
		put_cell_name(b, t, cells[0]);
		puts_(b, "：印 ");
		put_num(b, v->actual);
	}
	else
	{
		/* several printed cells (本年新收 + 上年结转 …): the column, then each part */
		int			table,
					row,
					col;

		gai_cell_place(t, cells[0], &table, &row, &col);
		put_where(b, table_of(t, table));
		puts_(b, " ");
		puts_(b, table_of(t, table)->cols[col].label);
		puts_(b, "列：");
		put_parts(b, t, cells, nl, by_col);
		puts_(b, " = ");
		put_num(b, v->actual);
	}
	if (rule->kind == RULE_ROW_GE)
	{
		puts_(b, "，小于 ");
		put_parts(b, t, cells + nl, n - nl, by_col);
		puts_(b, " ");
		put_num(b, v->expected);
	}
	else if (n - nl > 2)
	{
		puts_(b, "，分项之和 ");
		put_num(b, v->expected);
	}
	else
	{
		puts_(b, "，");
		put_parts(b, t, cells + nl, n - nl, by_col);
		puts_(b, n - nl == 1 ? " 为 " : " = ");
		put_num(b, v->expected);
	}
	if (is_chinese_statement(rule->statement))
	{
		puts_(b, "（规则：");
		puts_(b, rule->statement);
		puts_(b, "）");
	}
	for (int k = 0; k < n; k++)
		if (r->template_cells[cells[k]].status == GAI_CELL_BLANK)
		{
			if (nblank == 0)
				puts_(b, "；空白格按 0 计：");
			if (nblank < 3)
			{
				if (nblank)
					puts_(b, "、");
				put_part(b, t, cells[k], by_col);
			}
			nblank++;
		}
	if (nblank > 3)
	{
		char		more[48];

		snprintf(more, sizeof more, " 等 %d 格", nblank);
		puts_(b, more);
	}
}

size_t
gai_violation_sentence(const gai_report *r, const gai_violation *v, char *buf, size_t cap)
{
	sbuf		b = {buf, cap, 0};
	const gai_template_def *td = template_get(r->template_id);
	const gai_rule_def *rule = v->rule ? rule_of(v->rule) : NULL;
	int			idx = td ? find_cell(td, v->section, v->item, v->col, NULL) : -1;
	const gai_cell *c = idx >= 0 && idx < r->n_template_cells ? &r->template_cells[idx] : NULL;
	const char *title = gai_section_title(v->section);

	if (cap)
		buf[0] = '\0';
	if (v->rule && strcmp(v->rule, "table.missing") == 0 && title)
	{
		puts_(&b, "未找到“");
		puts_(&b, title);
		puts_(&b, "”的表格");
	}
	else if (!v->rule || !td)
		puts_(&b, v->message ? v->message : "");
	else if (rule && (rule->kind == RULE_COLUMN_SUM || rule->kind == RULE_ROW_SUM || rule->kind == RULE_ROW_GE) &&
			 v->has_values)
		sum_sentence(&b, r, v, rule);
	else if (rule && rule->kind == RULE_NONNEGATIVE && c && v->has_values)
	{
		put_cell_name(&b, r->template_id, idx);
		puts_(&b, "：印 ");
		put_num(&b, v->actual);
		puts_(&b, "，不能为负数");
	}
	else if (rule && rule->kind == RULE_PARTS && c && v->has_values)
	{
		put_cell_name(&b, r->template_id, idx);
		puts_(&b, "：印 ");
		put_num(&b, v->actual);
		puts_(&b, "，其下各分项之和 ");
		put_num(&b, v->expected);
	}
	else if (strcmp(v->rule, "cell.missing") == 0 && c)
	{
		put_cell_name(&b, r->template_id, idx);
		puts_(&b, "：未找到这一格");
	}
	else if (strcmp(v->rule, "cell.unreadable") == 0 && c)
	{
		put_cell_name(&b, r->template_id, idx);
		puts_(&b, "：印「");
		puts_(&b, c->raw ? c->raw : "");
		puts_(&b, "」，不是能确定的数字");
	}
	else if (strcmp(v->rule, "cell.ambiguous") == 0 && c)
	{
		put_cell_name(&b, r->template_id, idx);
		puts_(&b, "：印「");
		puts_(&b, c->raw ? c->raw : "");
		puts_(&b, "」，各格数字的分界不确定");
		if (c->n_candidates == 0)
			puts_(&b, "，可能的读法太多，无法列出");
		else
		{
			puts_(&b, "，按规则可为 ");
			for (int k = 0; k < c->n_candidates; k++)
			{
				if (k)
					puts_(&b, "、");
				put_num(&b, c->candidates[k]);
			}
		}
	}
	else if (strcmp(v->rule, "table.unreadable") == 0 && title)
	{
		puts_(&b, "“");
		puts_(&b, title);
		puts_(&b, "”的表格已损坏（表头中有数字），其中的格均未读取");
	}
	else
		puts_(&b, v->message ? v->message : v->rule);
	return b.len;
}
