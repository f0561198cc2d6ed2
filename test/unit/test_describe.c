/*
 * test_describe.c — the templates' tables as printed (rows under their
 * groups, column captions), cell names and violations as sentences, on seed
 * 000 (every cell 0, every rule holds) with cells edited.
 */
#include "unit.h"
#include "gai_describe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEVEN_ZEROS "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n"

static int
table_of_section(gai_template_id t, gai_section_id s)
{
	gai_table_layout tl;

	for (int i = 0; i < gai_table_count(t); i++)
		if (gai_table_get(t, i, &tl) && tl.section == s)
			return i;
	return -1;
}

static int
row_of(gai_template_id t, int table, const char *code)
{
	gai_table_layout tl;
	gai_row_layout rl;

	gai_table_get(t, table, &tl);
	for (int r = 0; r < tl.nrows; r++)
		if (gai_table_row(t, table, r, &rl) && rl.code && strcmp(rl.code, code) == 0)
			return r;
	return -1;
}

static void
layouts(void)
{
	gai_table_layout tl;
	gai_row_layout rl,
				pl;
	gai_col_layout cl;
	int			req = table_of_section(GAI_TEMPLATE_2021, GAI_SEC_REQUESTS),
				app = table_of_section(GAI_TEMPLATE_2019, GAI_SEC_APPEALS),
				r;
	char		name[256];

	CHECK_EQ_INT(gai_table_count(GAI_TEMPLATE_2019), 7);
	CHECK_EQ_INT(gai_table_count(GAI_TEMPLATE_2021), 6);
	CHECK_EQ_INT(gai_table_count(GAI_TEMPLATE_NONE), 0);
	CHECK(!gai_table_get(GAI_TEMPLATE_2019, 7, &tl));
	if (!CHECK(req >= 0) || !CHECK(app >= 0))
		return;
	CHECK(gai_table_get(GAI_TEMPLATE_2021, req, &tl));
	CHECK_EQ_INT(tl.ncols, 7);
	CHECK_EQ_STR(tl.head, "申请人情况");
	CHECK(tl.anchor == NULL);

	/* columns: the five kinds of 法人或其他组织 under their header, short captions */
	CHECK(gai_table_col(GAI_TEMPLATE_2021, req, 0, &cl));
	CHECK_EQ_STR(cl.label, "自然人");
	CHECK(cl.group == NULL);
	CHECK(gai_table_col(GAI_TEMPLATE_2021, req, 3, &cl));
	CHECK_EQ_STR(cl.label, "社会公益组织");
	CHECK_EQ_STR(cl.caption, "公益组织");
	CHECK_EQ_STR(cl.group, "法人或其他组织");
	CHECK(gai_table_col(GAI_TEMPLATE_2021, req, 6, &cl));
	CHECK(cl.group == NULL);

	/* rows: 1.属于国家秘密 under （三）不予公开 under 三、本年度办理结果 */
	r = row_of(GAI_TEMPLATE_2021, req, "denied.state_secret");
	if (CHECK(r > 0) && CHECK(gai_table_row(GAI_TEMPLATE_2021, req, r, &rl)))
	{
		CHECK_EQ_INT(rl.depth, 2);
		CHECK(gai_table_row(GAI_TEMPLATE_2021, req, rl.parent, &pl));
		CHECK(pl.code == NULL);
		CHECK_EQ_STR(pl.label, "（三）不予公开");
		CHECK_EQ_INT(pl.depth, 1);
		CHECK(gai_table_row(GAI_TEMPLATE_2021, req, pl.parent, &pl));
		CHECK_EQ_STR(pl.label, "三、本年度办理结果");
		CHECK_EQ_INT(pl.depth, 0);
	}
	/* 2021: 1.申请人无正当理由… under （六）其他处理, itself a row printed in their place */
	r = row_of(GAI_TEMPLATE_2021, req, "other.overdue_fee");
	if (CHECK(r > 0) && CHECK(gai_table_row(GAI_TEMPLATE_2021, req, r, &rl)))
	{
		CHECK_EQ_INT(rl.depth, 2);
		CHECK(gai_table_row(GAI_TEMPLATE_2021, req, rl.parent, &pl));
		CHECK_EQ_STR(pl.code, "other");
		CHECK(pl.alternative);
	}
	r = row_of(GAI_TEMPLATE_2021, req, "carried_over");
	if (CHECK(r > 0) && CHECK(gai_table_row(GAI_TEMPLATE_2021, req, r, &rl)))
		CHECK_EQ_INT(rl.depth, 0);
	r = row_of(GAI_TEMPLATE_2021, req, "partial");
	if (CHECK(r > 0) && CHECK(gai_table_row(GAI_TEMPLATE_2021, req, r, &rl)))
	{
		CHECK_EQ_INT(rl.depth, 1);
		CHECK_EQ_INT(rl.short_len, (int) strlen("（二）部分公开"));
	}
	CHECK(gai_table_cell(GAI_TEMPLATE_2021, req, 2, 0) < 0);	/* 三、本年度办理结果: no cells */

	/* names */
	r = row_of(GAI_TEMPLATE_2019, table_of_section(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS), "denied.state_secret");
	gai_cell_name(GAI_TEMPLATE_2019, gai_table_cell(GAI_TEMPLATE_2019,
													table_of_section(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS), r, 0),
				  name, sizeof name);
	CHECK_EQ_STR(name, "第三项 （三）不予公开 1.属于国家秘密 自然人");
	gai_cell_name(GAI_TEMPLATE_2019, gai_table_cell(GAI_TEMPLATE_2019, app, 2, 4), name, sizeof name);
	CHECK_EQ_STR(name, "第四项 行政诉讼 复议后起诉 总计");
	gai_cell_name(GAI_TEMPLATE_2019, gai_table_cell(GAI_TEMPLATE_2019, 0, 0, 0), name, sizeof name);
	CHECK_EQ_STR(name, "第二十条第（一）项 规章 本年新制作数量");
	/* truncated, still terminated; the length needed comes back */
	CHECK_EQ_INT(gai_cell_name(GAI_TEMPLATE_2019, gai_table_cell(GAI_TEMPLATE_2019, 0, 0, 0), name, 8),
				 strlen("第二十条第（一）项 规章 本年新制作数量"));
	CHECK_EQ_INT(strlen(name), 7);

	CHECK_EQ_STR(gai_section_title(GAI_SEC_REQUESTS), "三、收到和处理政府信息公开申请情况");
	CHECK(gai_section_title(GAI_SEC_PREAMBLE) == NULL);
}

static const gai_violation *
find(const gai_report *r, const char *rule, const char *item, const char *col)
{
	return unit_find_violation(r, rule, item, col);
}

static void
sentences(void)
{
	size_t		len;
	char	   *seed = unit_slurp(SEED_000, &len);
	char	   *text;
	gai_report *r;
	char		s[1024];
	int			cells[64],
				np,
				n;

	/* 予以公开/自然人 0 -> 3: the row total and the outcome total of the column break */
	text = unit_replace_after(seed, "（一）予以公开\n", SEVEN_ZEROS, "\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n");
	if (!CHECK(text != NULL))
		return;
	r = gai_parse_report(text, strlen(text), &unit_hooks);
	{
		const gai_violation *v = find(r, "requests.outcome_total", "total", "natural_person");

		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "第三项 （七）总计 自然人：印 0，分项之和 3（规则：（七）总计 = （一）至（六）之和）");
			n = gai_violation_cells(r, v, cells, 64, &np);
			CHECK_EQ_INT(np, 1);
			/* （七）总计, then (一) (二) 8 + 3 + 5 sub-rows and （六）: 19 parts */
			CHECK_EQ_INT(n, 20);
			CHECK_EQ_INT(r->template_cells[cells[0]].col, 0);
		}
		v = find(r, "requests.row_total", "granted", "total");
		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "第三项 （一）予以公开 总计：印 0，分项之和 3"
						 "（规则：总计 = 自然人 + 法人或其他组织（五类））");
			n = gai_violation_cells(r, v, cells, 64, &np);
			CHECK_EQ_INT(np, 1);
			CHECK_EQ_INT(n, 7);
		}
	}
	gai_report_free(r, &unit_hooks);
	free(text);

	/* 本年新收/总计 0 -> 5: the balance of the 总计 column, with its four cells named */
	text = unit_replace_after(seed, "一、本年新收政府信息公开申请数量\n", SEVEN_ZEROS,
							  "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t5\n");
	r = gai_parse_report(text, strlen(text), &unit_hooks);
	{
		const gai_violation *v = find(r, "requests.balance", NULL, "total");

		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "第三项 总计列：（七）总计＋四、结转下年度继续办理 = 0，"
						 "一、本年新收政府信息公开申请数量＋二、上年结转政府信息公开申请数量 = 5"
						 "（规则：本年新收 + 上年结转 = 办理结果总计 + 结转下年度）");
			n = gai_violation_cells(r, v, cells, 64, &np);
			CHECK_EQ_INT(np, 2);
			CHECK_EQ_INT(n, 4);
		}
	}
	gai_report_free(r, &unit_hooks);
	free(text);

	/* an unreadable cell and a negative count */
	text = unit_replace_after(seed, "\t规章\n", "\t0\n", "\t-3\n");
	r = gai_parse_report(text, strlen(text), &unit_hooks);
	{
		const gai_violation *v = find(r, "nonnegative", "regulation", "new_made");

		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "第二十条第（一）项 规章 本年新制作数量：印 -3，不能为负数");
		}
	}
	gai_report_free(r, &unit_hooks);
	free(text);
	text = unit_replace_after(seed, "一、本年新收政府信息公开申请数量\n", "\t0\n", "\t5a\n");
	r = gai_parse_report(text, strlen(text), &unit_hooks);
	{
		const gai_violation *v = find(r, "cell.unreadable", "received", "natural_person");

		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "第三项 一、本年新收政府信息公开申请数量 自然人：印「5a」，不是能确定的数字");
			n = gai_violation_cells(r, v, cells, 64, &np);
			CHECK_EQ_INT(n, 1);
		}
		/* a short buffer: cut, terminated, the full length returned */
		CHECK(gai_violation_sentence(r, v, s, 10) > 10);
		CHECK_EQ_INT(strlen(s), 9);
	}
	gai_report_free(r, &unit_hooks);
	free(text);
	free(seed);

	/* seed 002: its appeals table is damaged */
	seed = unit_slurp(SEED_002, &len);
	r = gai_parse_report(seed, len, &unit_hooks);
	{
		const gai_violation *v = find(r, "table.unreadable", NULL, NULL);

		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "“四、政府信息公开行政复议、行政诉讼情况”的表格已损坏（表头中有数字），其中的格均未读取");
			CHECK_EQ_INT(gai_violation_cells(r, v, cells, 64, &np), 0);
		}
	}
	gai_report_free(r, &unit_hooks);
	free(seed);

	/* a text that is no report: its tables missing, named by their headings */
	r = unit_parse("hello\n");
	{
		const gai_violation *v = find(r, "table.missing", NULL, NULL);

		if (CHECK(v != NULL))
		{
			gai_violation_sentence(r, v, s, sizeof s);
			CHECK_EQ_STR(s, "未找到“二、主动公开政府信息情况”的表格");
		}
	}
	gai_report_free(r, &unit_hooks);
}

void
suite_describe(void)
{
	layouts();
	sentences();
}
