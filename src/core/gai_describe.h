/*
 * gai_describe.h — the templates' tables as printed, and violations as
 * sentences in the template's own words (describe.c).
 *
 * For front ends that show a report to a person (`gaireport check`): the
 * tables' rows and columns in printed order with their labels and groups,
 * where each template cell sits, a cell's name (第三项 （三）不予公开
 * 1.属于国家秘密 自然人) and a violation as a sentence built from the rule
 * and the cells of the template (第三项 （七）总计 自然人：印 20，分项之和 26),
 * with the cells it concerns.  Everything comes from template.c's data; the
 * only words here are those of the printed forms' headers that the parser
 * never needs (申请人情况, 法人或其他组织, 信息内容 ...), and the sentences'
 * connecting words.
 */
#ifndef GAI_DESCRIBE_H
#define GAI_DESCRIBE_H

#include "gai.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A table of a template, in printed order (0 .. gai_table_count - 1). */
typedef struct gai_table_layout
{
	gai_section_id section;
	const char *anchor;			/* block heading (第二十条第（一）项), NULL if none */
	const char *head;			/* the caption over the value columns (申请人情况), NULL */
	const char *corner;			/* the top-left cell of the printed form (信息内容,
								 * 本列数据的勾稽关系为：…), NULL */
	int			nrows;
	int			ncols;
} gai_table_layout;

/* A row of a table: a value row (code set) or a group label (code NULL). */
typedef struct gai_row_layout
{
	const char *code;
	const char *label;			/* as the template prints it */
	int			short_len;		/* bytes of label without a trailing explanation in
								 * brackets: （二）部分公开 */
	int			depth;			/* 0: top level, 1: under a group, 2: under a sub-group */
	int			parent;			/* row index of the group above, -1 */
	const char *group_label;	/* the printed group of a row outside the table's rows
								 * (行政诉讼 over 未经复议直接起诉), NULL */
	bool		alternative;	/* printed in place of other rows (2021 （六）其他处理) */
} gai_row_layout;

typedef struct gai_col_layout
{
	const char *code;
	const char *label;
	const char *caption;		/* at most 4 Han characters (公益组织), for narrow screens */
	const char *group;			/* the header over several columns (法人或其他组织), NULL */
} gai_col_layout;

int			gai_table_count(gai_template_id t);
bool		gai_table_get(gai_template_id t, int table, gai_table_layout *out);
bool		gai_table_row(gai_template_id t, int table, int row, gai_row_layout *out);
bool		gai_table_col(gai_template_id t, int table, int col, gai_col_layout *out);
/* Index in gai_report.template_cells of a value cell; -1 for a group row or out of range. */
int			gai_table_cell(gai_template_id t, int table, int row, int col);
/* Where template cell idx sits; false out of range. */
bool		gai_cell_place(gai_template_id t, int idx, int *table, int *row, int *col);

/* The section heading as the template prints it: 三、收到和处理政府信息公开申请情况 */
const char *gai_section_title(gai_section_id s);

/*
 * The name of template cell idx in the template's words, NUL-terminated in
 * buf (truncated to cap): 第三项 （三）不予公开 1.属于国家秘密 自然人,
 * 第二十条第（一）项 规章 本年新制作数量, 第四项 行政诉讼 复议后起诉 总计.
 * Returns the length it needs.
 */
size_t		gai_cell_name(gai_template_id t, int idx, char *buf, size_t cap);

/*
 * A violation of r as one sentence in the template's words, e.g.
 *   第三项 （七）总计 自然人：印 20，分项之和 26（规则：（七）总计 = （一）至（六）之和）
 *   第三项 （三）不予公开 1.属于国家秘密 自然人：印「1²」，不是能确定的数字
 * Rules and statuses it does not know come back as the core's message.
 * Returns the length it needs (buf truncated to cap, always NUL-terminated).
 */
size_t		gai_violation_sentence(const gai_report *r, const gai_violation *v, char *buf, size_t cap);

/*
 * The template cells a violation concerns (indexes in r->template_cells),
 * the printed total(s) first: *n_printed of them are the cells holding the
 * value the rule found wrong (the total of a sum, the cell of cell.*), the
 * rest its parts.  Returns the count (at most max).  0 for a whole table
 * (table.missing) or a row the template lacks.
 */
int			gai_violation_cells(const gai_report *r, const gai_violation *v, int *cells, int max,
								int *n_printed);

#ifdef __cplusplus
}
#endif

#endif							/* GAI_DESCRIBE_H */
