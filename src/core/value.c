/*
 * value.c — one cell's text to a number, a blank, or "unreadable".
 *
 * Accepted: optional sign (+, -, −), digits with correct thousands
 * separators, a decimal part, and a unit suffix (元, 万元, 件, 个 …).
 * Anything else is unreadable: the parser never guesses a number.
 */
#include "internal.h"

#include <string.h>

/* Code points that mark an empty cell: dashes, slashes, 无, 空. */
static bool
is_blank_marker(const char *s, int len)
{
	int			i = 0,
				n = 0;

	if (len > 12 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	if (len == 3 && (memcmp(s, "无", 3) == 0 || memcmp(s, "空", 3) == 0))
		return true;
	while (i < len)
	{
		int			cp = utf8_next(s, len, &i);

		if (!(cp == '/' || cp == '\\' || is_dash(cp)))
			return false;
		n++;
	}
	return n > 0 && n <= 4;
}

static bool
is_sign(int cp)
{
	return cp == '+' || cp == '-' || cp == 0x2212 || (cp != '/' && is_dash(cp));
}

/* Suffix unit: 0 none, 1 元, 2 万元, 3 count unit, -1 unknown text. */
static int
unit_of(const char *s, int len)
{
	if (len == 0)
		return 0;
	if (len == (int) sizeof gai_yuan - 1 && memcmp(s, gai_yuan, (size_t) len) == 0)
		return 1;
	if (len == (int) sizeof gai_wan_yuan - 1 && memcmp(s, gai_wan_yuan, (size_t) len) == 0)
		return 2;
	for (int i = 0; gai_count_units[i]; i++)
		if ((int) strlen(gai_count_units[i]) == len && memcmp(s, gai_count_units[i], (size_t) len) == 0)
			return 3;
	return -1;
}

bool
word_is_value(const char *w, int len)
{
	int			i = 0,
				cp;

	if (len <= 0)
		return false;
	/* the common case: plain digits */
	if (w[0] >= '0' && w[0] <= '9')
	{
		int			k = 1;

		while (k < len && w[k] >= '0' && w[k] <= '9')
			k++;
		if (k == len)
			return true;
	}
	if ((unsigned char) w[0] >= 0x80 && (unsigned char) w[0] != 0xE2 && (unsigned char) w[0] != 0xE6 &&
		(unsigned char) w[0] != 0xE7)
		return false;			/* starts with neither digit, sign, dash (U+2xxx) nor 无/空 */
	if (is_blank_marker(w, len))
		return true;
	cp = utf8_next(w, len, &i);
	if (is_sign(cp))
	{
		if (i >= len)
			return false;
		cp = utf8_next(w, len, &i);
	}
	if (!(cp >= '0' && cp <= '9'))
		return false;
	/* the rest: ASCII, then at most a unit suffix */
	while (i < len && (unsigned char) w[i] < 0x80)
		i++;
	return unit_of(w + i, len - i) >= 0;
}

/*
 * Digits other than ASCII that normalisation keeps as they are: superscript,
 * subscript and circled digits (footnote marks, list numbers: NFKC would fuse
 * them into the number beside them) and Arabic-Indic digits.
 */
static bool
is_other_digit(int cp)
{
	return cp == 0xB2 || cp == 0xB3 || cp == 0xB9 || (cp >= 0x2070 && cp <= 0x209F) ||
		(cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x2776 && cp <= 0x2793) ||
		(cp >= 0x3251 && cp <= 0x325F) || (cp >= 0x32B1 && cp <= 0x32BF) ||
		(cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9);
}

/*
 * A word that is no certain value but stands where one would: it holds a
 * digit of any kind, or only Han numerals (十二), or no letter at all
 * ("(1)", "~5"), and not two Han letters (then it is a label such as
 * "1.属于国家秘密").  Such a word among a row's values is that cell's text, an
 * unreadable cell, never part of a label.
 */
bool
word_is_numberlike(const char *w, int len)
{
	bool		all_han_numerals = true,
				digit = false;
	int			letters = 0,
				han_letters = 0;

	for (int i = 0; i < len;)
	{
		int			cp = utf8_next(w, len, &i);

		if ((cp >= '0' && cp <= '9') || is_other_digit(cp))
			digit = true;
		if (han_digit(cp) < 0)
			all_han_numerals = false;
		if (cp >= 0x2E80 && han_digit(cp) < 0)
		{
			if (++han_letters >= 2)
				return false;	/* label text: most labels tell at once */
			letters++;
		}
		else if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
			letters++;
	}
	if (len == 0 || han_letters >= 2)
		return false;
	return digit || all_han_numerals || letters == 0;
}

/* Two Han letters or more (not numerals): the word is label text. */
bool
word_is_labellike(const char *w, int len)
{
	int			han_letters = 0;

	for (int i = 0; i < len && han_letters < 2;)
	{
		int			cp = utf8_next(w, len, &i);

		if (cp >= 0x2E80 && han_digit(cp) < 0)
			han_letters++;
	}
	return han_letters >= 2;
}

gai_cellval
value_parse(const char *s, int len, const gai_col_def *col, bool header_wan)
{
	gai_cellval v = {GAI_CELL_UNREADABLE, {0, 0}, NULL};
	int			i = 0,
				cp,
				sign = 1,
				digits = 0,
				group = -1,
				frac = 0,
				unit;
	int64_t		m = 0;
	bool		overflow = false;

	if (len == 0 || is_blank_marker(s, len))
	{
		v.status = GAI_CELL_BLANK;
		return v;
	}
	/* the common case: a short plain count */
	if (len <= 9)
	{
		int64_t		m = 0;
		int			k = 0;

		while (k < len && s[k] >= '0' && s[k] <= '9')
			m = m * 10 + (s[k++] - '0');
		if (k == len)
		{
			v.status = GAI_CELL_OK;
			v.num.mant = m;
			v.num.scale = 0;
			if (col->unit == UNIT_YUAN && header_wan)
				v.num.mant *= 10000;	/* 万元 header, bare number: -> 元 */
			return v;
		}
	}
	{
		int			j = 0;

		cp = utf8_next(s, len, &j);
		if (is_sign(cp))
		{
			sign = cp == '+' ? 1 : -1;
			i = j;
		}
	}
	while (i < len)
	{
		char		c = s[i];

		if (c >= '0' && c <= '9')
		{
			if (m > (INT64_MAX - 9) / 10)
				overflow = true;
			else
				m = m * 10 + (c - '0');
			digits++;
			if (group >= 0)
				group++;
			if (frac > 0)
				frac++;
			i++;
		}
		else if (c == ',' && frac == 0 && digits > 0)
		{
			/* thousands separator: first group 1-3 digits, then groups of 3 */
			if ((group < 0 && digits > 3) || (group >= 0 && group != 3))
			{
				v.why = "thousands separator in the wrong place";
				return v;
			}
			group = 0;
			i++;
		}
		else if (c == '.' && frac == 0 && digits > 0)
		{
			if (group >= 0 && group != 3)
			{
				v.why = "thousands separator in the wrong place";
				return v;
			}
			group = -1;
			frac = 1;
			i++;
		}
		else
			break;
	}
	if (digits == 0)
	{
		v.why = "no digits";
		return v;
	}
	if (group >= 0 && group != 3)
	{
		v.why = "thousands separator in the wrong place";
		return v;
	}
	if (frac == 1)
	{
		v.why = "decimal point without digits";
		return v;
	}
	if (overflow || digits > 18)
	{
		v.why = "number too large";
		return v;
	}
	unit = unit_of(s + i, len - i);
	if (unit < 0)
	{
		v.why = "text after the number";
		return v;
	}
	v.num.mant = m * sign;
	v.num.scale = frac > 0 ? frac - 1 : 0;

	switch (col->unit)
	{
		case UNIT_COUNT:
		case UNIT_SIGNED:
			if (unit == 1 || unit == 2)
			{
				v.why = "an amount of money in a count column";
				return v;
			}
			/* 3.0 is 3; 3.5 items is not a count */
			while (v.num.scale > 0 && v.num.mant % 10 == 0)
				v.num.mant /= 10, v.num.scale--;
			if (v.num.scale > 0)
			{
				v.why = "a fraction in a count column";
				return v;
			}
			break;
		case UNIT_YUAN:
			if (unit == 3)
			{
				v.why = "a count unit in an amount column";
				return v;
			}
			if (unit == 2 || (unit == 0 && header_wan))
			{
				/* 万元 -> 元 */
				int			shift = 4;

				while (shift > 0 && v.num.scale > 0)
					v.num.scale--, shift--;
				for (; shift > 0; shift--)
				{
					if (v.num.mant > INT64_MAX / 10 || v.num.mant < -(INT64_MAX / 10))
					{
						v.why = "number too large";
						return v;
					}
					v.num.mant *= 10;
				}
			}
			break;
		case UNIT_WAN_YUAN:
			if (unit == 3)
			{
				v.why = "a count unit in an amount column";
				return v;
			}
			if (unit == 1)
				v.num.scale += 4;	/* 元 -> 万元 */
			break;
	}
	while (v.num.scale > 0 && v.num.mant % 10 == 0)
		v.num.mant /= 10, v.num.scale--;
	v.status = GAI_CELL_OK;
	return v;
}
