/*
 * test_meta.c — title, agency, year, statistics period and signature date,
 * through gai_parse_report on small synthetic texts.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#define CHECK_DATE(dt, yy, mm, dd) \
	do { CHECK_EQ_INT((dt).y, (yy)); CHECK_EQ_INT((dt).m, (mm)); CHECK_EQ_INT((dt).d, (dd)); } while (0)

static const char body[] =
	"一、总体情况\n"
	"本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。\n"
	"五、存在的主要问题及改进情况\n"
	"一是公开内容有待丰富。\n";

static gai_report *
parse_with(const char *head, const char *tail)
{
	static char buf[8192];

	buf[0] = '\0';
	strcat(buf, head);
	strcat(buf, body);
	strcat(buf, tail);
	return unit_parse(buf);
}

/*
 * Regression: read_period() tries read_date() at every byte of a line holding
 * 统计期, and read_number() reads a whole run of 0s or Han numerals (〇, 十
 * never push the value over its bound), so a long run costs the square of
 * its length: 65 KB of "0" after 统计期 take 155 s under the fuzzer
 * (test/fuzz/regressions/quadratic_period_*.txt), and nothing calls the
 * host's tick meanwhile.  20000 of them must not take a quarter of a second.
 * (Skipped under valgrind, which is slow for another reason.)
 */
static void
period_scan_time(void)
{
	static const char *const units[] = {"0", "〇", "十"};

	if (unit_under_valgrind())
		return;
	for (int k = 0; k < 3; k++)
	{
		size_t		ul = strlen(units[k]);
		int			count = 20000;	/* code points */
		char	   *text = malloc(strlen("统计期") + ul * (size_t) count + 2);
		size_t		o = strlen("统计期");
		double		t0;
		gai_report *r;

		if (!text)
			abort();
		memcpy(text, "统计期", o);
		for (int i = 0; i < count; i++, o += ul)
			memcpy(text + o, units[k], ul);
		memcpy(text + o, "\n", 2);
		t0 = unit_cpu_seconds();
		r = unit_parse(text);
		CHECK_LE_INT((long long) ((unit_cpu_seconds() - t0) * 1000), 250);	/* ms */
		CHECK_EQ_INT(r->period_start.y, 0);
		gai_report_free(r, &unit_hooks);
		free(text);
	}
}

void
suite_meta(void)
{
	gai_report *r;

	/* a title on one line: agency before the year */
	r = parse_with("湛江市教育局2020年度政府信息公开工作年度报告\n\n", "");
	CHECK_EQ_STR(r->title, "湛江市教育局2020年度政府信息公开工作年度报告");
	CHECK_EQ_STR(r->agency, "湛江市教育局");
	CHECK_EQ_INT(r->year, 2020);
	CHECK_EQ_INT(r->report_date.y, 0);
	CHECK(!r->is_report);
	/* the title is not narrative: the preamble section is absent */
	for (int i = 0; i < r->n_sections; i++)
		CHECK(r->sections[i].section != GAI_SEC_PREAMBLE);
	gai_report_free(r, &unit_hooks);

	/* a title with full-width digits and spaces around it */
	r = parse_with("   湛江市教育局２０２１年度政府信息公开工作年度报告  \n", "");
	CHECK_EQ_STR(r->agency, "湛江市教育局");
	CHECK_EQ_INT(r->year, 2021);
	CHECK_EQ_STR(r->title, "湛江市教育局２０２１年度政府信息公开工作年度报告");
	gai_report_free(r, &unit_hooks);

	/* a title wrapped over two lines */
	r = parse_with("韶关市浈江区人民政府办公室2020年政府\n信息公开工作年度报告\n", "");
	CHECK_EQ_STR(r->title, "韶关市浈江区人民政府办公室2020年政府信息公开工作年度报告");
	CHECK_EQ_STR(r->agency, "韶关市浈江区人民政府办公室");
	CHECK_EQ_INT(r->year, 2020);
	gai_report_free(r, &unit_hooks);

	/* ...with a blank line between the two parts */
	r = parse_with("江海区政府办公室2019年度政府信息公开工作\n\n年度报告\n", "");
	CHECK_EQ_STR(r->agency, "江海区政府办公室");
	CHECK_EQ_INT(r->year, 2019);
	gai_report_free(r, &unit_hooks);

	/* the year first: the agency is between the year and 政府信息公开 */
	r = parse_with("2020年度湛江市教育局政府信息公开工作年度报告\n", "");
	CHECK_EQ_STR(r->agency, "湛江市教育局");
	CHECK_EQ_INT(r->year, 2020);
	gai_report_free(r, &unit_hooks);

	/* 关于 before the agency is not part of it */
	r = parse_with("关于湛江市教育局2022年度政府信息公开工作年度报告\n", "");
	CHECK_EQ_STR(r->agency, "湛江市教育局");
	CHECK_EQ_INT(r->year, 2022);
	gai_report_free(r, &unit_hooks);

	/* no title: the year and period come from the 统计期限 sentence */
	r = parse_with("本报告根据条例编制。本年度报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n", "");
	CHECK(r->title == NULL);
	CHECK(r->agency == NULL);
	CHECK_EQ_INT(r->year, 2020);
	CHECK_DATE(r->period_start, 2020, 1, 1);
	CHECK_DATE(r->period_end, 2020, 12, 31);
	gai_report_free(r, &unit_hooks);

	/*
	 * Regression: the 统计期限 sentence wrapped right after its first date
	 * (PDF exports wrap at any point).  read_period() takes "the first date
	 * ends the line" for "no date on this line" (if (k >= ln->len) continue)
	 * and drops it: no period, no year.
	 */
	r = parse_with("本年度报告中所列数据的统计期限自2020年1月1日\n起至2020年12月31日止。\n", "");
	CHECK_EQ_INT(r->year, 2020);
	CHECK_DATE(r->period_start, 2020, 1, 1);
	gai_report_free(r, &unit_hooks);

	/* neither title nor period: year 0 and a warning saying so */
	r = parse_with("", "");
	CHECK(r->title == NULL);
	CHECK_EQ_INT(r->year, 0);
	CHECK_EQ_INT(r->period_start.y, 0);
	CHECK(unit_warning_has(r, "no reporting year found"));
	gai_report_free(r, &unit_hooks);

	/* the title and the period disagree: the title wins, with a warning */
	r = parse_with("湛江市教育局2020年度政府信息公开工作年度报告\n"
				   "本报告统计期限自2019年1月1日起至2019年12月31日止。\n", "");
	CHECK_EQ_INT(r->year, 2020);
	CHECK_DATE(r->period_start, 2019, 1, 1);
	CHECK(unit_warning_has(r, "the title says 2020, the statistics period starts in 2019"));
	gai_report_free(r, &unit_hooks);

	/* signature date in Arabic numerals; the agency from the signature */
	r = parse_with("", "\n                雷州市科工贸和信息化局\n                 2020年12月30日\n");
	CHECK_DATE(r->report_date, 2020, 12, 30);
	CHECK_EQ_STR(r->agency, "雷州市科工贸和信息化局");
	gai_report_free(r, &unit_hooks);

	/* signature date in Han numerals */
	r = parse_with("", "韶关市浈江区人民政府办公室\n二〇二一年一月十七日\n\n");
	CHECK_DATE(r->report_date, 2021, 1, 17);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n二〇二〇年十二月三十一日\n");
	CHECK_DATE(r->report_date, 2020, 12, 31);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n二〇二一年二月十日\n");
	CHECK_DATE(r->report_date, 2021, 2, 10);
	gai_report_free(r, &unit_hooks);
	/* other separators */
	r = parse_with("", "某某局\n2021-01-05\n");
	CHECK_DATE(r->report_date, 2021, 1, 5);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n2021.1.5\n");
	CHECK_DATE(r->report_date, 2021, 1, 5);
	gai_report_free(r, &unit_hooks);

	/* invalid dates are ignored */
	r = parse_with("", "某某局\n2021年2月30日\n");
	CHECK_EQ_INT(r->report_date.y, 0);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n2021年13月1日\n");
	CHECK_EQ_INT(r->report_date.y, 0);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n2021年2月29日\n");		/* not a leap year */
	CHECK_EQ_INT(r->report_date.y, 0);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n2020年2月29日\n");		/* a leap year */
	CHECK_DATE(r->report_date, 2020, 2, 29);
	gai_report_free(r, &unit_hooks);
	r = parse_with("", "某某局\n2021年1月17日起\n");		/* not a date line */
	CHECK_EQ_INT(r->report_date.y, 0);
	gai_report_free(r, &unit_hooks);

	/* a running header between the agency and the date is skipped */
	r = parse_with("", "某某区人民政府办公室\n- 9 -\n某某区人民政府办公室2020年度政府信息公开工作年度报告\n2021年1月8日\n");
	CHECK_DATE(r->report_date, 2021, 1, 8);
	CHECK_EQ_STR(r->agency, "某某区人民政府办公室");
	gai_report_free(r, &unit_hooks);

	/* title and signature disagree on the agency: a warning, the title's is kept */
	r = parse_with("湛江市教育局2020年度政府信息公开工作年度报告\n", "湛江市财政局\n2021年1月8日\n");
	CHECK_EQ_STR(r->agency, "湛江市教育局");
	CHECK(unit_warning_has(r, "湛江市财政局"));
	gai_report_free(r, &unit_hooks);

	period_scan_time();
}
