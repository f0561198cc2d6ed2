/*
 * test_tokens.c — lines_split (line ends, page noise) and tokens_read (the
 * cells and rows export shapes) on small texts.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tdoc
{
	gai_arena	arena;
	gai_doc		doc;
	gai_tokens	tk;
} tdoc;

static void
tdoc_read(tdoc *t, const char *text)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->arena, &unit_hooks);
	t->doc.arena = &t->arena;
	t->doc.hooks = &unit_hooks;
	lines_split(&t->doc, text, strlen(text));
	tokens_read(&t->doc, 0, t->doc.n_lines, &t->tk);
}

static void
tdoc_free(tdoc *t)
{
	arena_release(&t->arena);
}

/* The token stream as a string: L:text V:text E B, space separated. */
static const char *
stream(const tdoc *t)
{
	static char buf[4096];
	size_t		o = 0;

	buf[0] = '\0';
	for (int i = 0; i < t->tk.n && o < sizeof buf - 64; i++)
	{
		const gai_token *k = &t->tk.tok[i];

		if (o)
			buf[o++] = ' ';
		switch (k->kind)
		{
			case TK_LABEL:
				o += (size_t) snprintf(buf + o, sizeof buf - o, "L:%.*s", k->len, k->text);
				break;
			case TK_VALUE:
				o += (size_t) snprintf(buf + o, sizeof buf - o, "V:%.*s", k->len, k->text);
				break;
			case TK_EMPTY:
				o += (size_t) snprintf(buf + o, sizeof buf - o, "E");
				break;
			case TK_BREAK:
				o += (size_t) snprintf(buf + o, sizeof buf - o, "B");
				break;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* "prefix" + count times "unit" + "suffix", malloc'd */
static char *
repeat(const char *prefix, const char *unit, int count, const char *suffix)
{
	size_t		pl = strlen(prefix),
				ul = strlen(unit),
				sl = strlen(suffix);
	char	   *s = malloc(pl + ul * (size_t) count + sl + 1);
	char	   *o = s;

	if (!s)
		abort();
	memcpy(o, prefix, pl);
	o += pl;
	for (int i = 0; i < count; i++, o += ul)
		memcpy(o, unit, ul);
	memcpy(o, suffix, sl + 1);
	return s;
}

/*
 * Regression: label tokens are built by copying the whole label for every
 * word (rows) or continuation line (cells) appended to it (label_append), so
 * memory and time grow with the square of the label's length: a 64 KB table
 * line of "a a a ..." allocates ~1 GB (test/fuzz/regressions/quadratic_label_*.txt).
 * Reading a text must take memory linear in its size.
 */
static void
label_growth(void)
{
	static const struct
	{
		const char *prefix,
				   *unit;
	}			cases[] = {
		{"", "a "},				/* rows: 8000 words that are not values, one line */
		{"\t规章\n", "x\n"},	/* cells: 8000 lines continuing one label cell */
	};

	for (int k = 0; k < 2; k++)
	{
		char	   *text = repeat(cases[k].prefix, cases[k].unit, 8000, "\n");
		size_t		len = strlen(text),
					before = unit_alloc_bytes;
		tdoc		t;

		tdoc_read(&t, text);
		/* the label is read whole: "aaa…" (8000), "规章xxx…" (6 + 8000 bytes) */
		if (CHECK(t.tk.n >= 1))
		{
			CHECK_EQ_INT(t.tk.tok[0].kind, TK_LABEL);
			CHECK_EQ_INT(t.tk.tok[0].len, k == 0 ? 8000 : 6 + 8000);
		}
		CHECK_LE_INT(unit_alloc_bytes - before, 64 * len + (1 << 20));
		tdoc_free(&t);
		free(text);
	}
}

void
suite_tokens(void)
{
	tdoc		t;

	/* ---- lines: LF, CRLF, CR and form feed end lines; a final LF opens none */
	tdoc_read(&t, "a\nb\r\nc\rd\fe\n");
	CHECK_EQ_INT(t.doc.n_lines, 5);
	if (t.doc.n_lines == 5)
	{
		CHECK_EQ_STR(t.doc.lines[1].text, "b");
		CHECK_EQ_INT(t.doc.lines[1].orig_len, 1);	/* the CR is not part of the line */
		CHECK_EQ_STR(t.doc.lines[3].text, "d");
		CHECK_EQ_INT(t.doc.lines[4].number, 5);
	}
	CHECK(!t.doc.last_unterminated);
	tdoc_free(&t);
	tdoc_read(&t, "a\n\tb");
	CHECK_EQ_INT(t.doc.n_lines, 2);
	CHECK(t.doc.last_unterminated);
	if (t.doc.n_lines == 2)
	{
		CHECK(t.doc.lines[1].tab_led);
		CHECK_EQ_INT(t.doc.lines[1].indent, 4);
		CHECK_EQ_STR(t.doc.lines[1].text, "b");
	}
	tdoc_free(&t);
	/* normalised, trimmed text; original bytes kept */
	tdoc_read(&t, "\xE3\x80\x80（１）予以公开\xC2\xA0\n");
	if (CHECK_EQ_INT(t.doc.n_lines, 1))
	{
		CHECK_EQ_STR(t.doc.lines[0].text, "(1)予以公开");
		CHECK_EQ_INT(t.doc.lines[0].indent, 1);
		CHECK(!t.doc.lines[0].tab_led);
		CHECK_EQ_INT(t.doc.lines[0].orig_len, (int) strlen("\xE3\x80\x80（１）予以公开\xC2\xA0"));
	}
	tdoc_free(&t);

	/* ---- page noise: dashed page numbers and 第N页 are LINE_NOISE */
	tdoc_read(&t, "- 4 -\n— 12 —\n第 2 页 共 9 页\n第3页\n3/10\n"
			  "- 4\n第二页\n4\n\t- 4 -\n规章 - 4 -\n");
	if (CHECK_EQ_INT(t.doc.n_lines, 10))
	{
		CHECK_EQ_INT(t.doc.lines[0].kind, LINE_NOISE);
		CHECK_EQ_INT(t.doc.lines[1].kind, LINE_NOISE);
		CHECK_EQ_INT(t.doc.lines[2].kind, LINE_NOISE);
		CHECK_EQ_INT(t.doc.lines[3].kind, LINE_NOISE);
		CHECK_EQ_INT(t.doc.lines[4].kind, LINE_NOISE);
		CHECK_EQ_INT(t.doc.lines[5].kind, LINE_TEXT);	/* no dash after */
		CHECK_EQ_INT(t.doc.lines[6].kind, LINE_TEXT);	/* Han numeral page */
		CHECK_EQ_INT(t.doc.lines[7].kind, LINE_TEXT);	/* a bare number may be a cell */
		CHECK_EQ_INT(t.doc.lines[8].kind, LINE_TEXT);	/* TAB-led: a cell */
		CHECK_EQ_INT(t.doc.lines[9].kind, LINE_TEXT);
	}
	tdoc_free(&t);

	/* ---- cells shape: TAB-led lines, empty cell, blank line = BREAK */
	tdoc_read(&t, "\t规章\n\t0\n\t\n\t24\n\n\t规范性文件\n\t1\n");
	CHECK_EQ_STR(stream(&t), "L:规章 V:0 E V:24 B L:规范性文件 V:1");
	CHECK_EQ_INT(t.tk.cell_lines, 6);
	CHECK_EQ_INT(t.tk.row_lines, 0);
	if (t.tk.n >= 2)
	{
		CHECK(t.tk.tok[1].cell_mode);
		CHECK_EQ_INT(t.tk.tok[1].line, 2);
		CHECK_EQ_INT(t.tk.tok[1].line_index, 1);
	}
	tdoc_free(&t);
	/* a label cell continued on the next line without TAB (wrapped header) */
	tdoc_read(&t, "\t本年新\n制作数量\n\t本年新\n公开数量\n\t3\n");
	CHECK_EQ_STR(stream(&t), "L:本年新制作数量 L:本年新公开数量 V:3");
	if (t.tk.n >= 1)
		CHECK_EQ_INT(t.tk.tok[0].line, 2);	/* the label ends on the line it was continued on */
	tdoc_free(&t);
	/* ...but a following line with a value is a row, not a continuation */
	tdoc_read(&t, "\t规章\n行政许可 3 4\n");
	CHECK_EQ_STR(stream(&t), "L:规章 L:行政许可 V:3 V:4 B");
	tdoc_free(&t);
	/* several blank lines make one BREAK; a leading blank makes none */
	tdoc_read(&t, "\n\t规章\n\n\n\n\t0\n");
	CHECK_EQ_STR(stream(&t), "L:规章 B V:0");
	tdoc_free(&t);
	/* web text: TABs between cells on one line read as cells */
	tdoc_read(&t, "规章\t0\t\t24\n");
	CHECK_EQ_STR(stream(&t), "L:规章 V:0 E V:24");
	CHECK_EQ_INT(t.tk.cell_lines, 1);
	tdoc_free(&t);

	/* ---- rows shape */
	tdoc_read(&t, "规    章  0  0  24\n");
	CHECK_EQ_STR(stream(&t), "L:规章 V:0 V:0 V:24 B");
	CHECK_EQ_INT(t.tk.row_lines, 1);
	CHECK_EQ_INT(t.tk.cell_lines, 0);
	if (t.tk.n >= 2)
		CHECK(!t.tk.tok[1].cell_mode);
	tdoc_free(&t);
	/* NBSP and U+3000 between cells, full-width digits, signs, units, blanks */
	tdoc_read(&t, "行政许可\xC2\xA0\xC2\xA0" "3\xC2\xA0\xC2\xA0-18\xE3\x80\x80１２\n"
			  "政府集中采购  4  40053元\n"
			  "（一）予以公开  0  —  /  无  1,234  +3  7\n");
	CHECK_EQ_STR(stream(&t), "L:行政许可 V:3 V:-18 V:12 B "
				 "L:政府集中采购 V:4 V:40053元 B "
				 "L:(一)予以公开 V:0 V:— V:/ V:无 V:1,234 V:+3 V:7 B");
	tdoc_free(&t);
	/* a label after values starts a new label token */
	tdoc_read(&t, "规章 0 1.属于国家秘密 2\n");
	CHECK_EQ_STR(stream(&t), "L:规章 V:0 L:1.属于国家秘密 V:2 B");
	tdoc_free(&t);

	/* ---- page-number lines dropped between rows */
	tdoc_read(&t, "规章  0  0  24\n- 4 -\n\f规范性文件  1  2  3\n第 2 页 共 9 页\n行政许可  5\n");
	CHECK_EQ_STR(stream(&t), "L:规章 V:0 V:0 V:24 B L:规范性文件 V:1 V:2 V:3 B L:行政许可 V:5 B");
	tdoc_free(&t);
	/* a centred page number after a gap is dropped; an indented value row is not */
	tdoc_read(&t, "规章  0\n\n                         5\n规范性文件  1\n");
	CHECK_EQ_STR(stream(&t), "L:规章 V:0 B L:规范性文件 V:1 B");
	tdoc_free(&t);

	/* ---- a zone: tokens_read reads only [from, to) */
	{
		tdoc		z;

		memset(&z, 0, sizeof z);
		arena_init(&z.arena, &unit_hooks);
		z.doc.arena = &z.arena;
		z.doc.hooks = &unit_hooks;
		lines_split(&z.doc, "规章 1\n行政许可 2\n行政处罚 3\n", strlen("规章 1\n行政许可 2\n行政处罚 3\n"));
		tokens_read(&z.doc, 1, 2, &z.tk);
		CHECK_EQ_STR(stream(&z), "L:行政许可 V:2 B");
		tdoc_free(&z);
	}

	label_growth();
}
