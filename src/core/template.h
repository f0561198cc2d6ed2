/*
 * template.h — the two official templates as data.
 *
 * Everything the parser knows about the report form is in template.c:
 * tables, their rows and columns with codes, labels and the variants seen in
 * real exports, units, and the arithmetic rules.  A future template is a
 * table edit there, not new control flow.
 */
#ifndef GAI_TEMPLATE_H
#define GAI_TEMPLATE_H

#include "gai.h"

typedef enum gai_unit
{
	UNIT_COUNT = 0,				/* non-negative integer count */
	UNIT_SIGNED,				/* integer that may be negative (本年增/减) */
	UNIT_YUAN,					/* amount in 元, decimals allowed */
	UNIT_WAN_YUAN				/* amount in 万元, decimals allowed */
} gai_unit;

typedef struct gai_col_def
{
	const char *code;
	const char *label;
	const char *aliases;		/* '|'-separated variants, or NULL */
	gai_unit	unit;
} gai_col_def;

typedef struct gai_row_def
{
	const char *code;			/* NULL for a group label (carries no numbers) */
	const char *label;
	const char *aliases;
	/*
	 * Another printing of the rows this pattern names ("other.*"): a report
	 * prints either this row or those (a 2021 report may print （六）其他处理
	 * as one row).  The printing a report did not choose is absent, not
	 * missing, and takes no part in the rules; when neither is printed the
	 * rows of the pattern are the ones missing.
	 */
	const char *alt;
} gai_row_def;

typedef struct gai_table_def
{
	gai_section_id section;
	const char *anchor;			/* block heading cell (第二十条第（一）项), NULL if none */
	/* '|'-separated words of its header grid, also merged into one line of a
	 * row-per-line export (行政复议 行政诉讼 结果维持 …); NULL if none */
	const char *header_words;
	int			ncols;
	const gai_col_def *cols;
	int			nrows;
	const gai_row_def *rows;
} gai_table_def;

typedef struct gai_template_def
{
	gai_template_id id;
	const char *name;
	int			first_year;		/* first reporting year the template is used for */
	int			ntables;
	const gai_table_def *tables;
} gai_template_def;

/* Arithmetic rules: each is a family of equations over cells. */
typedef enum gai_rule_kind
{
	RULE_COLUMN_SUM,			/* per column: Σ lhs items = Σ rhs items */
	RULE_ROW_SUM,				/* per row: Σ lhs cols = Σ rhs cols */
	RULE_ROW_GE,				/* per row: lhs col >= rhs col */
	RULE_NONNEGATIVE,			/* every cell of a non-signed column >= 0 */
	RULE_PARTS					/* extra sub-rows of a row sum to that row */
} gai_rule_kind;

typedef struct gai_rule_def
{
	const char *code;
	gai_severity severity;
	gai_rule_kind kind;
	gai_section_id section;		/* GAI_SEC_PREAMBLE = every table section */
	/* Space-separated codes; "x.*" stands for every code starting "x.".
	 * COLUMN_SUM: item codes; ROW_SUM/ROW_GE: col codes; PARTS: lhs = the row. */
	const char *lhs;
	const char *rhs;
	/* Which rows (ROW_*) or columns (COLUMN_SUM) the rule runs over; NULL = all. */
	const char *over;
	const char *statement;		/* for messages */
	/* Item code reported in violation rows for COLUMN_SUM rules (NULL = none). */
	const char *report_item;
} gai_rule_def;

extern const gai_template_def gai_templates[];
extern const int gai_n_templates;
extern const gai_rule_def gai_rules[];
extern const int gai_n_rules;

/* Section headings: the template's wording plus variants seen in the wild. */
extern const char *const gai_section_titles[GAI_SEC_COUNT];
/* Words that mark a table section whose heading is missing: a line holding
 * one of them ('|'-separated; "=w": the whole line is w). */
extern const char *const gai_section_anchors[GAI_SEC_COUNT];
/* Units: suffixes of counts (件, 个 …), the amount units, and the word of a
 * column header whose bare amounts are in 万元. */
extern const char *const gai_count_units[];
extern const char gai_yuan[4];		/* "元" */
extern const char gai_wan_yuan[7];	/* "万元" */
/* The template assumed when the labels do not tell and the year does not either. */
extern const gai_template_id gai_default_template;

/* Does text hold one of the '|'-separated words ("=w": equal w)? */
bool		words_hit(const char *words, const char *text, int len);

gai_template_id template_vote(const int *score);
const gai_template_def *template_get(gai_template_id id);

/* ---- runtime index, built once by template_init() ---- */

typedef struct gai_cellref
{
	int			table;
	int			row;
	int			col;
} gai_cellref;

int			template_init(const char **err);
/* Number of value cells of a template, and the cell index of (table,row,col). */
int			template_ncells(const gai_template_def *t);
int			template_cell_index(const gai_template_def *t, int table, int row, int col);
gai_cellref template_cell_ref(const gai_template_def *t, int cell);
/* Does code match pattern ("x", or "x.*")? */
bool		code_matches(const char *pattern, const char *code);
bool		code_in_list(const char *list, const char *code);

/* Label keys: normalised text with white space removed. */
typedef enum label_kind
{
	LK_ROW = 1,					/* a value row of a table */
	LK_GROUP,					/* a group label row */
	LK_COL,						/* a column header */
	LK_ANCHOR					/* a block heading (第二十条第（一）项) */
} label_kind;

typedef struct label_hit
{
	label_kind	kind;
	int			table;
	int			index;			/* row, col or table index */
	int			score;			/* matched key length in code points (specificity) */
	bool		exact;
	bool		stripped;		/* matched the label without its ordinal */
} label_hit;

/* Exact look-up of a key among a template's labels; returns number of hits. */
int			label_lookup(gai_template_id t, const char *key, int len, label_hit *hits, int max);
/* The same in two steps, so a key is hashed once: its id (-1: no label has
 * it), then the hits of an id, and the templates (mask) of an id. */
int			label_key_id(const char *key, int len);
int			label_hits_of(gai_template_id t, int id, label_hit *hits, int max);
int			label_mask_of(int id);
/* Best value row of a table section whose label the key contains or nearly
 * equals; kind filter LK_ROW.  Returns false when nothing is close enough. */
bool		label_best_row(gai_template_id t, gai_section_id sec, const char *key, int len,
						   label_hit *best);
/* Is the key a piece of a group label of the table (（四）无, 理结)? */
bool		label_group_piece(gai_template_id t, int table, const char *key, int len);
/* Key of a string: normalised, white space removed, written to out (cap bytes). */
int			label_key(const char *s, int len, char *out, int cap);
/* Strip a leading ordinal (一、 （一） 1. (1) 第一 …) from a key. */
int			key_strip_ordinal(const char *k, int len, int *skip);
/* Which template(s) a label belongs to: bit 0 = 2019, bit 1 = 2021. */
int			label_template_mask(const char *key, int len);

#endif							/* GAI_TEMPLATE_H */
