/*
 * test_template.c — the template data and the label index of template.c.
 */
#include "unit.h"

#include <string.h>

/* table and row index of a row code in a template (row = -1 when absent) */
static void
find_row(gai_template_id tid, const char *code, int *table, int *row)
{
	const gai_template_def *t = template_get(tid);

	*table = *row = -1;
	for (int tb = 0; t && tb < t->ntables; tb++)
		for (int r = 0; r < t->tables[tb].nrows; r++)
			if (t->tables[tb].rows[r].code && strcmp(t->tables[tb].rows[r].code, code) == 0)
			{
				*table = tb;
				*row = r;
				return;
			}
}

static int
lookup(gai_template_id tid, const char *s, label_hit *hits, int max)
{
	char		key[512];
	int			klen = label_key(s, (int) strlen(s), key, sizeof key);

	return label_lookup(tid, key, klen, hits, max);
}

static int
mask(const char *s)
{
	char		key[512];
	int			klen = label_key(s, (int) strlen(s), key, sizeof key);

	return label_template_mask(key, klen);
}

static int
strip(const char *k)
{
	int			skip = -1;
	int			r = key_strip_ordinal(k, (int) strlen(k), &skip);

	if (r != skip)
		return -100;			/* the return value is the skip */
	return skip;
}

static bool
best_row(gai_template_id tid, gai_section_id sec, const char *s, label_hit *h)
{
	char		key[512];
	int			klen = label_key(s, (int) strlen(s), key, sizeof key);

	return label_best_row(tid, sec, key, klen, h);
}

void
suite_template(void)
{
	const gai_template_def *t19 = template_get(GAI_TEMPLATE_2019);
	const gai_template_def *t21 = template_get(GAI_TEMPLATE_2021);
	label_hit	hits[8];
	int			n,
				tb,
				row;

	if (!CHECK(t19 && t21))
		return;
	CHECK(template_get(GAI_TEMPLATE_NONE) == NULL);
	CHECK_EQ_STR(t19->name, "2019");
	CHECK_EQ_STR(t21->name, "2021");

	/* cell counts of the spec: 22 + 161 + 15 and 10 + 175 + 15, and in 2021 the 7 cells of
	 * （六）其他处理 printed as one row (the spec's variant, item other) */
	CHECK_EQ_INT(template_ncells(t19), 198);
	CHECK_EQ_INT(template_ncells(t21), 207);
	/* cell index <-> (table, row, col) round trip; group rows have no cells */
	for (int id = GAI_TEMPLATE_2019; id <= GAI_TEMPLATE_2021; id++)
	{
		const gai_template_def *t = template_get((gai_template_id) id);
		int			bad = 0;

		for (int i = 0; i < template_ncells(t); i++)
		{
			gai_cellref ref = template_cell_ref(t, i);

			if (template_cell_index(t, ref.table, ref.row, ref.col) != i ||
				t->tables[ref.table].rows[ref.row].code == NULL)
				bad++;
		}
		CHECK_EQ_INT(bad, 0);
	}
	find_row(GAI_TEMPLATE_2019, "granted", &tb, &row);
	CHECK_EQ_INT(template_cell_index(t19, tb, row - 1, 0), -1);	/* 三、本年度办理结果 */
	/* the first requests cell follows the 22 active cells */
	find_row(GAI_TEMPLATE_2019, "received", &tb, &row);
	CHECK_EQ_INT(template_cell_index(t19, tb, row, 0), 22);
	find_row(GAI_TEMPLATE_2021, "received", &tb, &row);
	CHECK_EQ_INT(template_cell_index(t21, tb, row, 0), 10);

	/* code_matches */
	CHECK(code_matches("denied.*", "denied.state_secret"));
	CHECK(!code_matches("denied.*", "denied"));
	CHECK(!code_matches("other", "other.other"));
	CHECK(code_matches("other", "other"));

	/* label_key: normalised, white space removed */
	{
		char		key[64];

		CHECK_EQ_INT(label_key("（七） 总 计", (int) strlen("（七） 总 计"), key, sizeof key),
					 (int) strlen("(七)总计"));
		CHECK_EQ_STR(key, "(七)总计");
		CHECK_EQ_INT(label_key("规\xE3\x80\x80章\t", (int) strlen("规\xE3\x80\x80章\t"), key, 4), 3);
		CHECK_EQ_STR(key, "规");	/* bounded by cap, NUL-terminated */
	}

	/* label_lookup: 规章 is row 0 of table 0 in both templates */
	n = lookup(GAI_TEMPLATE_2019, "规章", hits, 8);
	if (CHECK_EQ_INT(n, 1))
	{
		CHECK_EQ_INT(hits[0].kind, LK_ROW);
		CHECK_EQ_INT(hits[0].table, 0);
		CHECK_EQ_INT(hits[0].index, 0);
		CHECK(hits[0].exact);
		CHECK(!hits[0].stripped);
		CHECK_EQ_INT(hits[0].score, 2);
	}
	CHECK_EQ_INT(lookup(GAI_TEMPLATE_2021, "规章", hits, 8), 1);
	CHECK_EQ_INT(lookup(GAI_TEMPLATE_2019, "规章制度", hits, 8), 0);

	/* （七）总计: the requests total row, full label */
	find_row(GAI_TEMPLATE_2019, "total", &tb, &row);
	n = lookup(GAI_TEMPLATE_2019, "（七）总计", hits, 8);
	if (CHECK_EQ_INT(n, 1))
	{
		CHECK_EQ_INT(hits[0].kind, LK_ROW);
		CHECK_EQ_INT(hits[0].table, tb);
		CHECK_EQ_INT(hits[0].index, row);
		CHECK(!hits[0].stripped);
	}
	/* 总计: the requests and appeals column headers, and the same row without its ordinal */
	n = lookup(GAI_TEMPLATE_2019, "总计", hits, 8);
	CHECK_EQ_INT(n, 3);
	{
		int			cols = 0,
					rows = 0;

		for (int i = 0; i < n; i++)
		{
			if (hits[i].kind == LK_COL)
			{
				cols++;
				CHECK(!hits[i].stripped);
				CHECK_EQ_STR(t19->tables[hits[i].table].cols[hits[i].index].code, "total");
			}
			else if (hits[i].kind == LK_ROW)
			{
				rows++;
				CHECK(hits[i].stripped);
				CHECK_EQ_INT(hits[i].table, tb);
				CHECK_EQ_INT(hits[i].index, row);
			}
		}
		CHECK_EQ_INT(cols, 2);
		CHECK_EQ_INT(rows, 1);
	}
	/* an alias and an anchor */
	n = lookup(GAI_TEMPLATE_2019, "行政规范性文件", hits, 8);
	if (CHECK_EQ_INT(n, 1))
		CHECK_EQ_STR(t19->tables[hits[0].table].rows[hits[0].index].code, "normative_document");
	n = lookup(GAI_TEMPLATE_2019, "第二十条第（九）项", hits, 8);
	if (CHECK_EQ_INT(n, 1))
	{
		CHECK_EQ_INT(hits[0].kind, LK_ANCHOR);
		CHECK_EQ_INT(hits[0].table, 4);
	}
	CHECK_EQ_INT(lookup(GAI_TEMPLATE_2021, "第二十条第（九）项", hits, 8), 0);
	/* a group label */
	n = lookup(GAI_TEMPLATE_2019, "（三）不予公开", hits, 8);
	if (CHECK_EQ_INT(n, 1))
		CHECK_EQ_INT(hits[0].kind, LK_GROUP);
	/* max bounds the hits */
	CHECK_EQ_INT(lookup(GAI_TEMPLATE_2019, "总计", hits, 1), 1);

	/* label_template_mask: bit 0 = 2019, bit 1 = 2021 */
	CHECK_EQ_INT(mask("本年新制作数量"), 1);	/* 2019 only */
	CHECK_EQ_INT(mask("第二十条第（九）项"), 1);
	CHECK_EQ_INT(mask("本年制发件数"), 2);		/* 2021 only */
	CHECK_EQ_INT(mask("本年收费金额（单位：万元）"), 2);
	CHECK_EQ_INT(mask("3.其他"), 2);
	CHECK_EQ_INT(mask("规章"), 3);
	CHECK_EQ_INT(mask("（七）总计"), 3);
	CHECK_EQ_INT(mask("与模板无关的文字"), 0);

	/* key_strip_ordinal */
	CHECK_EQ_INT(strip("一、总体情况"), (int) strlen("一、"));
	CHECK_EQ_INT(strip("十一、其他"), (int) strlen("十一、"));
	CHECK_EQ_INT(strip("(三)不予公开"), (int) strlen("(三)"));
	CHECK_EQ_INT(strip("(12)其他"), 4);
	CHECK_EQ_INT(strip("1.属于国家秘密"), 2);
	CHECK_EQ_INT(strip("3、收到和处理"), (int) strlen("3、"));
	CHECK_EQ_INT(strip("0三、本年度办理结果"), 0);	/* Arabic and Han digits mixed: no ordinal */
	CHECK_EQ_INT(strip("总计"), 0);
	CHECK_EQ_INT(strip("2020年"), 0);
	CHECK_EQ_INT(strip("2020.12"), 0);				/* four digits: a year, not an ordinal */
	CHECK_EQ_INT(strip("(三"), 0);
	CHECK_EQ_INT(strip("()总计"), 0);
	CHECK_EQ_INT(strip("一"), 0);
	CHECK_EQ_INT(strip(""), 0);

	/* label_best_row: a wrapped/fused label holds the row's label */
	find_row(GAI_TEMPLATE_2019, "granted", &tb, &row);
	{
		label_hit	h;

		if (CHECK(best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "三、本年度办理结果（一）予以公开", &h)))
		{
			CHECK_EQ_INT(h.kind, LK_ROW);
			CHECK_EQ_INT(h.table, tb);
			CHECK_EQ_INT(h.index, row);
			CHECK(!h.exact);
		}
		/* exact */
		if (CHECK(best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "（一）予以公开", &h)))
		{
			CHECK_EQ_INT(h.index, row);
			CHECK(h.exact);
		}
		/* a typo: 量 -> 里 */
		find_row(GAI_TEMPLATE_2019, "received", &tb, &row);
		if (CHECK(best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "一、本年新收政府信息公开申请数里", &h)))
		{
			CHECK_EQ_INT(h.index, row);
			CHECK(!h.exact);
		}
		/* the first line of a label whose rest wrapped */
		find_row(GAI_TEMPLATE_2019, "rejected.confirmation", &tb, &row);
		if (CHECK(best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "5.要求行政机关确认或重新", &h)))
			CHECK_EQ_INT(h.index, row);
		/* 2021: the long 其他处理 rows, by their alias inside longer text */
		find_row(GAI_TEMPLATE_2021, "other.overdue_fee", &tb, &row);
		if (CHECK(best_row(GAI_TEMPLATE_2021, GAI_SEC_REQUESTS,
						   "（六）其他处理2.申请人逾期未按收费通知要求缴纳费用", &h)))
			CHECK_EQ_INT(h.index, row);
		/* nothing close; and a row of another section is not returned */
		CHECK(!best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "下一步改进措施", &h));
		CHECK(!best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "行政许可", &h));
		CHECK(best_row(GAI_TEMPLATE_2019, GAI_SEC_ACTIVE, "行政许可", &h));
		CHECK(!best_row(GAI_TEMPLATE_2019, GAI_SEC_REQUESTS, "", &h));
		CHECK(!best_row(GAI_TEMPLATE_NONE, GAI_SEC_REQUESTS, "规章", &h));
	}

	/* rules data: codes of the contract */
	{
		const char *codes[] = {"requests.balance", "requests.row_total", "requests.outcome_total",
		"appeals.row_total", "nonnegative", "active.published", "procurement.parts"};
		int			found = 0;

		for (int i = 0; i < gai_n_rules; i++)
			for (int k = 0; k < 7; k++)
				if (strcmp(gai_rules[i].code, codes[k]) == 0)
					found++;
		CHECK_EQ_INT(found, 7);
	}
}
