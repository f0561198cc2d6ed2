/*
 * test_normalize.c — norm_line (NFKC, white space, ignorables, invalid
 * UTF-8) and the code point helpers of normalize.c.
 */
#include "unit.h"

#include <string.h>

/* Normalise s; returns a static buffer (NUL-terminated) and the invalid count. */
static const char *
norm(const char *s, int *invalid)
{
	static char out[1024];
	int			inv = 0;
	size_t		n = norm_line(s, strlen(s), out, sizeof out - 1, &inv);

	if (n > sizeof out - 1)
		n = sizeof out - 1;
	out[n] = '\0';
	if (invalid)
		*invalid = inv;
	return out;
}

static int
cp_of(const char *utf8)
{
	int			i = 0;

	return utf8_next(utf8, (int) strlen(utf8), &i);
}

void
suite_normalize(void)
{
	int			inv;

	/* NFKC: full-width digits, parentheses and colon */
	CHECK_EQ_STR(norm("（１２）：", &inv), "(12):");
	CHECK_EQ_INT(inv, 0);
	CHECK_EQ_STR(norm("第二十条第（一）项", NULL), "第二十条第(一)项");
	CHECK_EQ_STR(norm("ＡＢＣ１２３", NULL), "ABC123");
	/* text already in NFKC is copied as is */
	CHECK_EQ_STR(norm("收到和处理政府信息公开申请情况 2020", NULL), "收到和处理政府信息公开申请情况 2020");

	/* white space: TAB kept; NBSP, U+3000, other spaces and controls -> ' ' */
	CHECK_EQ_STR(norm("a\tb", NULL), "a\tb");
	CHECK_EQ_STR(norm("规\xC2\xA0章", NULL), "规 章");			/* U+00A0 */
	CHECK_EQ_STR(norm("规\xE3\x80\x80章", NULL), "规 章");		/* U+3000 */
	CHECK_EQ_STR(norm("a\xE2\x80\x83" "b", NULL), "a b");		/* U+2003 EM SPACE */
	CHECK_EQ_STR(norm("a\x01" "b", NULL), "a b");				/* a control */
	CHECK_EQ_STR(norm("\t\xC2\xA0" "0", NULL), "\t 0");

	/* default ignorables dropped: ZWSP, BOM, ZWJ, soft hyphen */
	CHECK_EQ_STR(norm("1\xE2\x80\x8B" "2", NULL), "12");			/* U+200B */
	CHECK_EQ_STR(norm("\xEF\xBB\xBF" "规章", NULL), "规章");		/* U+FEFF */
	CHECK_EQ_STR(norm("规\xE2\x80\x8D章", NULL), "规章");		/* U+200D */
	CHECK_EQ_STR(norm("a\xC2\xAD" "b", NULL), "ab");				/* U+00AD */

	/* invalid UTF-8 -> U+FFFD, counted */
	CHECK_EQ_STR(norm("a\xFF" "b", &inv), "a\xEF\xBF\xBD" "b");
	CHECK_EQ_INT(inv, 1);
	CHECK_EQ_STR(norm("\xE8\xA7" "x", &inv), "\xEF\xBF\xBD" "x");	/* a truncated sequence */
	CHECK_EQ_INT(inv, 1);
	CHECK_EQ_STR(norm("\xC0\xAF|\xED\xA0\x80|", &inv), "\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|");
	CHECK(inv >= 2);
	/* invalid inside a run that needs ICU (full-width digits around it) */
	CHECK_EQ_STR(norm("１\xFF２", &inv), "1\xEF\xBF\xBD" "2");
	CHECK_EQ_INT(inv, 1);

	/* a combining sequence composes with the character before it */
	CHECK_EQ_STR(norm("e\xCC\x81", NULL), "\xC3\xA9");			/* e + U+0301 -> é */
	CHECK_EQ_STR(norm("caf" "e\xCC\x81" "!", NULL), "caf\xC3\xA9!");
	/* a combining mark with nothing to compose with stays */
	CHECK_EQ_STR(norm("\xCC\x81", NULL), "\xCC\x81");
	/* NFKC compatibility: a ligature folds */
	CHECK_EQ_STR(norm("\xEF\xAC\x81", NULL), "fi");				/* U+FB01 */
	/* circled, superscript and subscript digits stay: folded they would fuse
	 * a footnote mark into a number (1² -> 12) */
	CHECK_EQ_STR(norm("\xE2\x91\xA0", NULL), "\xE2\x91\xA0");		/* ① */
	CHECK_EQ_STR(norm("1\xC2\xB2", NULL), "1\xC2\xB2");				/* 1² */
	CHECK_EQ_STR(norm("\xE2\x82\x81\xE2\x82\x82", NULL), "\xE2\x82\x81\xE2\x82\x82");	/* ₁₂ */
	/* a combining mark after one does not compose it away */
	CHECK_EQ_STR(norm("\xC2\xB2\xCC\x81", NULL), "\xC2\xB2\xCC\x81");

	/* the return value is the needed length even when cap is too small */
	{
		char		small[4];
		int			inv2 = 0;
		size_t		n = norm_line("（１２）：", strlen("（１２）："), small, sizeof small, &inv2);

		CHECK_EQ_INT(n, 5);
		CHECK(memcmp(small, "(12)", 4) == 0);
		n = norm_line("abcdef", 6, small, 0, &inv2);
		CHECK_EQ_INT(n, 6);
	}
	/* empty input */
	CHECK_EQ_STR(norm("", &inv), "");
	CHECK_EQ_INT(inv, 0);

	/* han_digit: values of Han numerals, -1 for anything else */
	CHECK_EQ_INT(han_digit(cp_of("〇")), 0);
	CHECK_EQ_INT(han_digit(cp_of("一")), 1);
	CHECK_EQ_INT(han_digit(cp_of("二")), 2);
	CHECK_EQ_INT(han_digit(cp_of("九")), 9);
	CHECK_EQ_INT(han_digit(cp_of("十")), 10);
	CHECK_EQ_INT(han_digit(cp_of("百")), 100);
	CHECK_EQ_INT(han_digit(cp_of("规")), -1);
	CHECK_EQ_INT(han_digit(cp_of("的")), -1);
	CHECK_EQ_INT(han_digit('3'), -1);
	CHECK_EQ_INT(han_digit(-1), -1);
	CHECK_EQ_INT(han_digit(0x20000), -1);

	/* is_dash: hyphen-minus, em dash, en dash, minus sign; not letters or '/' */
	CHECK(is_dash('-'));
	CHECK(is_dash(0x2014));		/* — */
	CHECK(is_dash(0x2013));		/* – */
	CHECK(is_dash(0x2212));		/* − */
	CHECK(!is_dash('/'));
	CHECK(!is_dash('a'));
	CHECK(!is_dash('0'));
	CHECK(!is_dash(cp_of("一")));

	/* utf8_next / utf8_count */
	{
		const char *s = "a规\xFF";
		int			i = 0,
					n = (int) strlen(s);

		CHECK_EQ_INT(utf8_next(s, n, &i), 'a');
		CHECK_EQ_INT(i, 1);
		CHECK_EQ_INT(utf8_next(s, n, &i), 0x89C4);	/* 规 */
		CHECK_EQ_INT(i, 4);
		CHECK_EQ_INT(utf8_next(s, n, &i), 0xFFFD);
		CHECK_EQ_INT(i, 5);
		CHECK_EQ_INT(utf8_count("规章ab", (int) strlen("规章ab")), 4);
	}
}
