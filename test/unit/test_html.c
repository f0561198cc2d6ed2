/*
 * test_html.c — the HTML reader: page detection, the grid each table becomes
 * by the HTML table model (rowspan, colspan, rowspan=0, clamped spans, cells
 * without <tr>, row groups, Word's spacer rows, <br> and <p> in cells,
 * nested tables), the page's lines (chrome left out), pages inside script
 * strings and escaped text, and bad pages.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hdoc
{
	gai_builder b;
	const char *text;			/* synthetic text */
	size_t		len;
	int		   *map;
	int			nmap;
} hdoc;

static void
hdoc_read(hdoc *h, const char *page)
{
	memset(h, 0, sizeof *h);
	arena_init(&h->b.arena, &unit_hooks);
	h->b.doc.arena = &h->b.arena;
	h->b.doc.hooks = &unit_hooks;
	h->text = html_read(&h->b, page, strlen(page), &h->len, &h->map, &h->nmap);
}

static void
hdoc_free(hdoc *h)
{
	arena_release(&h->b.arena);
}

/*
 * A grid as a string: per cell "kind text@col+span", rows apart by " / ".
 * kinds: L label, V value, E empty.
 */
static const char *
grid_str(const hdoc *h, int g)
{
	static char buf[8192];
	size_t		o = 0;

	buf[0] = '\0';
	if (g >= h->b.doc.n_grids)
		return "(no grid)";
	for (int i = 0; i < h->b.doc.grids[g].n && o + 200 < sizeof buf; i++)
	{
		const gai_token *t = &h->b.doc.grids[g].tok[i];

		if (t->kind == TK_BREAK)
		{
			if (i + 1 < h->b.doc.grids[g].n)
				o += (size_t) snprintf(buf + o, sizeof buf - o, "/ ");
			continue;
		}
		o += (size_t) snprintf(buf + o, sizeof buf - o, "%c%.*s@%d%s ",
							   t->kind == TK_LABEL ? 'L' : t->kind == TK_VALUE ? 'V' : 'E',
							   t->len, t->text, t->col,
							   t->span > 1 ? (char[8]) {'+', (char) ('0' + (t->span > 9 ? 9 : t->span)), 0} : "");
	}
	if (o > 0 && buf[o - 1] == ' ')
		buf[o - 1] = '\0';
	return buf;
}

/* A template table around rows: the labels make it a template table. */
#define REQ_HEAD "<tr><td>申请人情况</td><td>自然人</td><td>总计</td></tr>"

static void
table_model(void)
{
	hdoc		h;

	/* rowspan: the cell below starts after the spanned column */
	hdoc_read(&h, "<table>" REQ_HEAD
			  "<tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>"
			  "<tr><td>（二）部分公开</td><td>2</td></tr></table>");
	CHECK_EQ_INT(h.b.doc.n_grids, 1);
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L三、本年度办理结果@0 L(一)予以公开@1 V1@2 / "
				 "L(二)部分公开@1 V2@2");
	hdoc_free(&h);

	/* colspan: the next cell starts after it; a header spanning columns */
	hdoc_read(&h, "<table><tr><td colspan=2>申请人情况</td><td>总计</td></tr>"
			  "<tr><td>规章</td><td colspan=2>&nbsp;</td></tr></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0+2 L总计@2 / L规章@0 E@1+2");
	hdoc_free(&h);

	/* rowspan=0 spans to the end of its row group, not beyond */
	hdoc_read(&h, "<table><thead>" REQ_HEAD "</thead><tbody>"
			  "<tr><td rowspan=0>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>"
			  "<tr><td>（二）部分公开</td><td>2</td></tr></tbody>"
			  "<tbody><tr><td>四、结转下年度继续办理</td><td>3</td><td>4</td></tr></tbody></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L三、本年度办理结果@0 L(一)予以公开@1 V1@2 / "
				 "L(二)部分公开@1 V2@2 / L四、结转下年度继续办理@0 V3@1 V4@2");
	hdoc_free(&h);

	/* a rowspan past the end of its group is cut at the group's end */
	hdoc_read(&h, "<table><tbody>" REQ_HEAD "<tr><td rowspan=9>总计</td><td>1</td></tr></tbody>"
			  "<tbody><tr><td>自然人</td><td>2</td></tr></tbody></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L总计@0 V1@1 / L自然人@0 V2@1");
	hdoc_free(&h);

	/* spans clamped: colspan 9999 is 1000, 0 and junk are 1; the next cell after it */
	hdoc_read(&h, "<table>" REQ_HEAD "<tr><td colspan=9999>自然人</td><td colspan=0>1</td>"
			  "<td colspan=x>2</td></tr></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L自然人@0+9 V1@1000 V2@1001");
	hdoc_free(&h);

	/* cells without <tr>: one implied row, then the rows that follow */
	hdoc_read(&h, "<table><td>申请人情况</td><td>自然人</td><tr><td>总计</td><td>5</td></tr></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 / L总计@0 V5@1");
	hdoc_free(&h);

	/* Word's spacer row of contentless cells is no row; &nbsp; cells are */
	hdoc_read(&h, "<table>" REQ_HEAD "<tr><td>总计</td><td>&nbsp;</td><td></td></tr>"
			  "<tr height=0><td></td><td></td><td></td></tr></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L总计@0 E@1 E@2");
	hdoc_free(&h);

	/* <br> and <p> inside a label cell: one label; a value with a unit apart: one value */
	hdoc_read(&h, "<table>" REQ_HEAD "<tr><td><p>（二）部分公开（区分处理的，</p><p>只计这一情形）<br>x</p></td>"
			  "<td><p class=MsoNormal><span>40053</span> <span>元</span></p></td><td>1 2</td></tr></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L(二)部分公开(区分处理的,只计这一情形)x@0 V40053元@1 V1 2@2");
	hdoc_free(&h);

	/* a footnote mark in <sup> is no digit of the number: 12<sup>3</sup> is not 123 */
	hdoc_read(&h, "<table>" REQ_HEAD "<tr><td>总计</td><td>12<sup>3</sup></td><td>4</td></tr></table>");
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L总计@0 V12^3@1 V4@2");
	hdoc_free(&h);

	/* a table of tables is layout: the inner table is the grid, the outer cells are lines */
	hdoc_read(&h, "<table><tr><td><p>三、收到和处理政府信息公开申请情况</p><table>" REQ_HEAD
			  "<tr><td>总计</td><td>1</td><td>1</td></tr></table></td></tr></table>");
	CHECK_EQ_INT(h.b.doc.n_grids, 1);
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 L总计@2 / L总计@0 V1@1 V1@2");
	CHECK(strstr(h.text, "三、收到和处理政府信息公开申请情况\n") != NULL);
	hdoc_free(&h);

	/* a table that is no template's (contacts) yields no grid */
	hdoc_read(&h, "<table><tr><td>联系电话</td><td>0751-1234567</td></tr></table>");
	CHECK_EQ_INT(h.b.doc.n_grids, 0);
	hdoc_free(&h);
}

static void
page_text(void)
{
	hdoc		h;

	/* chrome (script, style, nav, breadcrumb, footer) left out; blocks are lines */
	hdoc_read(&h, "<html><head><title>t</title><style>p{}</style><script>var x = '三、';</script></head>"
			  "<body><div class=\"nav\"><a>首页</a></div><div class=\"location\">当前位置：首页 &gt; 政府信息公开年度报告</div>"
			  "<h1>某局2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文<br>第二行</p>"
			  "<div class=\"footer\">版权所有 电话 12345</div></body></html>");
	CHECK_EQ_STR(h.text, "某局2021年政府信息公开工作年度报告\n一、总体情况\n正文\n第二行\n");
	hdoc_free(&h);

	/* chrome that carries the article's heading is kept */
	hdoc_read(&h, "<div class=\"header\"><h1>标题</h1></div><p>正文</p>");
	CHECK_EQ_STR(h.text, "标题\n正文\n");
	hdoc_free(&h);

	/* the <meta> charset is not followed: the text is UTF-8 whatever it says */
	hdoc_read(&h, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
			  "</head><body><p>主动公开</p></body></html>");
	CHECK_EQ_STR(h.text, "主动公开\n");
	hdoc_free(&h);

	/* invalid UTF-8 and NUL do not switch the parser's encoding */
	hdoc_read(&h, "<p>规章\xff\xfe 行政</p><p>许可</p>");
	CHECK(strstr(h.text, "许可") != NULL);
	CHECK(h.b.doc.invalid_utf8 == 2);
	hdoc_free(&h);

	/* source lines: each text line knows the page line it came from */
	hdoc_read(&h, "<p>a</p>\n\n<p>b</p>\n<table>" REQ_HEAD "\n<tr><td>总计</td><td>1</td><td>1</td></tr></table>");
	if (CHECK_EQ_INT(h.nmap, 3))
	{
		CHECK_EQ_INT(h.map[0], 1);
		CHECK_EQ_INT(h.map[1], 3);
	}
	if (CHECK(h.b.doc.n_grids == 1))
		CHECK_EQ_INT(h.b.doc.grids[0].tok[h.b.doc.grids[0].n - 2].line, 5);
	hdoc_free(&h);
}

static void
pages_in_pages(void)
{
	hdoc		h;

	/* the report in a script's string: \" and \n escapes, concatenation */
	hdoc_read(&h, "<html><body><div id=c></div><script>let content = \"<p>三、收到\\\"和\\\"处理</p>\\n<table>"
			  "<tr><td>申请人情况</td><td>自然人</td></tr>\" + \"<tr><td>总计</td><td>7</td></tr></table>\";"
			  "document.getElementById('c').innerHTML = content;</script></body></html>");
	CHECK_EQ_INT(h.b.doc.n_grids, 1);
	CHECK_EQ_STR(grid_str(&h, 0), "L申请人情况@0 L自然人@1 / L总计@0 V7@1");
	CHECK(strstr(h.text, "三、收到\"和\"处理\n") != NULL);
	hdoc_free(&h);

	/* the page escaped once more: markup shown as text */
	hdoc_read(&h, "<html><body><div>&lt;p&gt;正文&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;总计&lt;/td&gt;"
			  "&lt;td&gt;3&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</div></body></html>");
	CHECK_EQ_INT(h.b.doc.n_grids, 1);
	CHECK_EQ_STR(grid_str(&h, 0), "L总计@0 V3@1");
	hdoc_free(&h);
}

static void
detection(void)
{
	CHECK(html_detect("<!DOCTYPE html><html>", 21));
	CHECK(html_detect("\xEF\xBB\xBF  \n<html>", 12));
	CHECK(html_detect("<TABLE><tr><td>1</td></tr></TABLE>", 34));
	CHECK(html_detect("标题\n<table border=1><tr><td>1</td></tr></table>", strlen("标题\n<table border=1><tr><td>1</td></tr></table>")));
	CHECK(!html_detect("一、总体情况\n\t规章\n\t0\n", strlen("一、总体情况\n\t规章\n\t0\n")));
	CHECK(!html_detect("规章 | 0 | 0 |\n", 15));
	CHECK(!html_detect("a < b and c > d", 15));
	CHECK(!html_detect("", 0));
}

/* Bad pages: no crash, no hang, bounded memory. */
static void
bad_pages(void)
{
	static const char *const small[] = {
		"<", "<table", "<table><tr><td", "<td rowspan=65535 colspan=65535>", "<table><table><table>",
		"</td></tr></table>", "<![CDATA[<table>]]>", "<!DOCTYPE html [<!ENTITY a \"aaaa\">]><p>&a;&a;</p>",
		"<script>\"<table\\", "<script>'<table><td>1'</script>", "&#0;&#xD800;&#99999999;<p>x</p>",
		"<table><tr><td>\xff\xfe\xfd</td></tr></table>", NULL
	};

	for (int i = 0; small[i]; i++)
	{
		gai_report *r = gai_parse_report(small[i], strlen(small[i]), &unit_hooks);

		CHECK(r != NULL && !r->is_report);
		gai_report_free(r, &unit_hooks);
	}
	/* 100,000 nested tags, and 10,000 unclosed tables */
	{
		size_t		n = 100000;
		char	   *t = malloc(n * 5 + 64);
		size_t		o = 0;
		gai_report *r;
		double		t0 = unit_cpu_seconds();

		o += (size_t) sprintf(t, "<html><body>");
		for (size_t i = 0; i < n; i++)
			memcpy(t + o, "<div>", 5), o += 5;
		r = gai_parse_report(t, o, &unit_hooks);
		CHECK(r != NULL && !r->is_report);
		gai_report_free(r, &unit_hooks);
		o = 0;
		for (size_t i = 0; i < 10000; i++)
			o += (size_t) sprintf(t + o, "<table><tr><td>%zu", i);
		r = gai_parse_report(t, o, &unit_hooks);
		CHECK(r != NULL && !r->is_report);
		gai_report_free(r, &unit_hooks);
		free(t);
		if (!unit_under_valgrind())
			CHECK_LE_INT((long long) ((unit_cpu_seconds() - t0) * 1000), 5000);
	}
}

void
suite_html(void)
{
	detection();
	table_model();
	page_text();
	pages_in_pages();
	bad_pages();
}
