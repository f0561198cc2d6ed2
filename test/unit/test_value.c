/*
 * test_value.c — value_parse() on one cell's text, with the column
 * definitions of the real templates (template.c), and gai_num_format().
 */
#include "unit.h"

#include <string.h>

/* The column `code` of the table of template `tid` whose first row is `row0`. */
static const gai_col_def *
col_def(gai_template_id tid, const char *row0, const char *code)
{
	const gai_template_def *t = template_get(tid);

	for (int tb = 0; t && tb < t->ntables; tb++)
	{
		const gai_table_def *td = &t->tables[tb];

		if (!td->rows[0].code || strcmp(td->rows[0].code, row0) != 0)
			continue;
		for (int c = 0; c < td->ncols; c++)
			if (strcmp(td->cols[c].code, code) == 0)
				return &td->cols[c];
	}
	return NULL;
}

static gai_cellval
vp(const char *s, const gai_col_def *col, bool wan)
{
	return value_parse(s, (int) strlen(s), col, wan);
}

/* status and, for OK, the canonical number */
#define CHECK_OK(s, col, wan, mant, scale) \
	do { gai_cellval v_ = vp((s), (col), (wan)); \
		 if (CHECK_EQ_INT(v_.status, GAI_CELL_OK)) CHECK_EQ_NUM(v_.num, (mant), (scale)); } while (0)
#define CHECK_STATUS(s, col, wan, st) CHECK_EQ_INT(vp((s), (col), (wan)).status, (st))

void
suite_value(void)
{
	/* columns of the real templates */
	const gai_col_def *change = col_def(GAI_TEMPLATE_2019, "license", "change");	/* 本年增/减 */
	const gai_col_def *decisions = col_def(GAI_TEMPLATE_2019, "license", "decisions");
	const gai_col_def *yuan = col_def(GAI_TEMPLATE_2019, "procurement", "amount");	/* 采购总金额 */
	const gai_col_def *wan = col_def(GAI_TEMPLATE_2021, "fee", "amount");	/* 本年收费金额（万元） */
	const gai_col_def *person = col_def(GAI_TEMPLATE_2019, "received", "natural_person");
	const gai_col_def *items = col_def(GAI_TEMPLATE_2019, "procurement", "items");

	if (!CHECK(change && decisions && yuan && wan && person && items))
		return;
	CHECK_EQ_INT(change->unit, UNIT_SIGNED);
	CHECK_EQ_STR(change->label, "本年增/减");
	CHECK_EQ_INT(decisions->unit, UNIT_COUNT);
	CHECK_EQ_INT(yuan->unit, UNIT_YUAN);
	CHECK_EQ_INT(wan->unit, UNIT_WAN_YUAN);
	CHECK_EQ_INT(person->unit, UNIT_COUNT);

	/* signed column: 0, 12, +3, -18, −18 (U+2212) */
	CHECK_OK("0", change, false, 0, 0);
	CHECK_OK("12", change, false, 12, 0);
	CHECK_OK("+3", change, false, 3, 0);
	CHECK_OK("-18", change, false, -18, 0);
	CHECK_OK("\xE2\x88\x92" "18", change, false, -18, 0);
	CHECK_OK("\xE2\x80\x93" "2", change, false, -2, 0);		/* en dash as a minus */
	CHECK_STATUS("+", change, false, GAI_CELL_UNREADABLE);
	/* a count column keeps the sign; the nonnegative rule judges it */
	CHECK_OK("-1", decisions, false, -1, 0);

	/* thousands separators */
	CHECK_OK("1,234", person, false, 1234, 0);
	CHECK_OK("12,345,678", person, false, 12345678, 0);
	CHECK_STATUS("1,2345", person, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("12,34", person, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("1234,567", person, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("1,23,456", person, false, GAI_CELL_UNREADABLE);
	CHECK_OK("1,234.5元", yuan, false, 12345, 1);
	CHECK_STATUS("1,23.5元", yuan, false, GAI_CELL_UNREADABLE);
	{
		gai_cellval v = vp("12,34", person, false);

		CHECK_EQ_STR(v.why, "thousands separator in the wrong place");
	}

	/* amounts in a 元 column */
	CHECK_OK("1751292.6元", yuan, false, 17512926, 1);
	CHECK_OK("40053元", yuan, false, 40053, 0);
	CHECK_OK("40053", yuan, false, 40053, 0);
	CHECK_OK("175.13万元", yuan, false, 1751300, 0);
	CHECK_OK("0.00012万元", yuan, false, 12, 1);			/* 1.2 元 */
	CHECK_OK("3万元", yuan, false, 30000, 0);
	CHECK_OK("1767211.050元", yuan, false, 176721105, 2);	/* trailing zero dropped */
	CHECK_STATUS("12件", yuan, false, GAI_CELL_UNREADABLE);	/* a count unit */
	/* header says 万元: a bare number is in 万元, an explicit 元 stays 元 */
	CHECK_OK("12.5", yuan, true, 125000, 0);
	CHECK_OK("12.5元", yuan, true, 125, 1);
	CHECK_OK("12.5万元", yuan, true, 125000, 0);
	CHECK_OK("12.5", yuan, false, 125, 1);
	/* 万元 -> 元 overflows int64: unreadable, not wrapped */
	CHECK_STATUS("999999999999999999万元", yuan, false, GAI_CELL_UNREADABLE);

	/* amounts in a 万元 column */
	CHECK_OK("125000元", wan, false, 125, 1);				/* 12.5 万元 */
	CHECK_OK("12.5", wan, false, 125, 1);
	CHECK_OK("12.5万元", wan, false, 125, 1);
	CHECK_OK("3元", wan, false, 3, 4);						/* 0.0003 万元 */
	CHECK_OK("12.5", wan, true, 125, 1);					/* header_wan changes nothing here */

	/* count columns: 3.0 is 3, 3.5 is not a count, money is not a count */
	CHECK_OK("3.0", person, false, 3, 0);
	CHECK_OK("3.00", person, false, 3, 0);
	CHECK_OK("30", person, false, 30, 0);
	CHECK_STATUS("3.5", person, false, GAI_CELL_UNREADABLE);
	CHECK_OK("4件", items, false, 4, 0);
	CHECK_OK("12人次", person, false, 12, 0);
	CHECK_STATUS("4元", items, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("4万元", person, false, GAI_CELL_UNREADABLE);
	CHECK_OK("12", person, true, 12, 0);					/* header_wan: counts are counts */
	{
		gai_cellval v = vp("3.5", person, false);

		CHECK_EQ_STR(v.why, "a fraction in a count column");
	}

	/* blanks */
	CHECK_STATUS("—", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("/", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("-", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("无", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("空", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("——", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("\\", person, false, GAI_CELL_BLANK);
	CHECK_STATUS("—", change, false, GAI_CELL_BLANK);	/* a dash is a blank, not a sign */
	CHECK_STATUS("-", yuan, false, GAI_CELL_BLANK);
	CHECK_STATUS("-----", person, false, GAI_CELL_UNREADABLE);	/* more than 4 dashes */

	/* unreadable: text after the number, no digits, too long, malformed */
	CHECK_STATUS("12a", person, false, GAI_CELL_UNREADABLE);
	{
		gai_cellval v = vp("12a", person, false);

		CHECK_EQ_STR(v.why, "text after the number");
	}
	CHECK_STATUS("1234567890123456789012345", person, false, GAI_CELL_UNREADABLE);	/* 25 digits */
	CHECK_STATUS("1234567890123456789012345", yuan, false, GAI_CELL_UNREADABLE);
	{
		gai_cellval v = vp("1234567890123456789012345", person, false);

		CHECK_EQ_STR(v.why, "number too large");
	}
	CHECK_OK("123456789012345678", person, false, 123456789012345678LL, 0);	/* 18 digits */
	CHECK_STATUS("1234567890123456789", person, false, GAI_CELL_UNREADABLE);		/* 19 */
	CHECK_STATUS("abc", person, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("12.", person, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS(".5", yuan, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("1.2.3", yuan, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("1 2", person, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("+-3", change, false, GAI_CELL_UNREADABLE);
	CHECK_STATUS("12元5", yuan, false, GAI_CELL_UNREADABLE);
	/* the length bounds the parse (no NUL needed) */
	CHECK_EQ_INT(value_parse("123456", 2, person, false).num.mant, 12);

	/* word_is_value: what the token readers take for a cell value */
	CHECK(word_is_value("0", 1));
	CHECK(word_is_value("-18", 3));
	CHECK(word_is_value("40053元", (int) strlen("40053元")));
	CHECK(word_is_value("—", (int) strlen("—")));
	CHECK(word_is_value("无", (int) strlen("无")));
	CHECK(word_is_value("1,234", 5));
	CHECK(!word_is_value("规章", (int) strlen("规章")));
	CHECK(!word_is_value("1.属于国家秘密", (int) strlen("1.属于国家秘密")));
	CHECK(!word_is_value("2020年", (int) strlen("2020年")));
	CHECK(!word_is_value("", 0));
	CHECK(!word_is_value("-", 0));

	/* gai_num_format */
	{
		char		buf[32];

		CHECK_EQ_STR(gai_num_format((gai_num) {-18, 0}, buf), "-18");
		CHECK_EQ_STR(gai_num_format((gai_num) {17512926, 1}, buf), "1751292.6");
		CHECK_EQ_STR(gai_num_format((gai_num) {5, 3}, buf), "0.005");
		CHECK_EQ_STR(gai_num_format((gai_num) {-125, 3}, buf), "-0.125");
		CHECK_EQ_STR(gai_num_format((gai_num) {0, 0}, buf), "0");
		CHECK_EQ_STR(gai_num_format((gai_num) {INT64_MIN, 0}, buf), "-9223372036854775808");
	}

	/* num_add / num_cmp: exact decimal arithmetic */
	{
		gai_num		a = {12, 1};	/* 1.2 */

		CHECK(num_add(&a, (gai_num) {3, 0}));
		CHECK_EQ_NUM(a, 42, 1);
		CHECK_EQ_INT(num_cmp((gai_num) {42, 1}, (gai_num) {420, 2}), 0);
		CHECK_EQ_INT(num_cmp((gai_num) {1, 0}, (gai_num) {9, 1}), 1);
		CHECK_EQ_INT(num_cmp((gai_num) {-1, 0}, (gai_num) {0, 0}), -1);
		a = (gai_num) {INT64_MAX, 0};
		CHECK(!num_add(&a, (gai_num) {1, 0}));
	}
}
