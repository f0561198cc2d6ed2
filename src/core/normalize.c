/*
 * normalize.c — text normalisation with ICU.
 *
 * Real exports mix full-width digits and punctuation, NBSP and ideographic
 * spaces, zero-width characters and the odd invalid byte.  Every line goes
 * through NFKC (ICU), then white space is folded to ' ' (TAB is kept: it
 * separates cells) and default-ignorable code points are dropped.
 *
 * Speed: most report text (CJK ideographs, ASCII) is already NFKC.  A table
 * built once from ICU's own properties (NFKC_Quick_Check = Yes and canonical
 * combining class 0) tells which BMP code points may be copied as they are;
 * runs of any other code point, together with the character before them, go
 * through unorm2_normalize().  ICU stays the only authority on the mapping.
 */
#include "internal.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

enum
{
	CL_SLOW = 0,				/* needs ICU normalisation */
	CL_FAST,					/* NFKC-stable, copy as is */
	CL_SPACE,					/* white space or control: becomes ' ' */
	CL_DROP,					/* default ignorable: removed */
	CL_TAB
};

static uint8_t cls[0x10000];
/* ICU properties the parser asks for per character, tabulated once:
 * bit 0 Dash; values of Han numerals (〇一…十, 百, 千) in handig (-1: none). */
static uint8_t dash[0x10000 / 8];
static int16_t handig[0x10000];
static const UNormalizer2 *nfkc;
static int	ready;

static uint8_t
classify(UChar32 c)
{
	if (c == '\t')
		return CL_TAB;
	if (u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) || u_charType(c) == U_CONTROL_CHAR)
		return CL_SPACE;
	if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
		return CL_DROP;
	if (c >= 0xD800 && c <= 0xDFFF)
		return CL_SLOW;
	if (u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES &&
		u_getCombiningClass(c) == 0)
		return CL_FAST;
	return CL_SLOW;
}

int
norm_init(const char **err)
{
	UErrorCode	status = U_ZERO_ERROR;

	if (ready)
		return 0;
	nfkc = unorm2_getNFKCInstance(&status);
	if (U_FAILURE(status))
	{
		*err = u_errorName(status);
		return -1;
	}
	for (UChar32 c = 0; c < 0x10000; c++)
	{
		double		v;

		cls[c] = classify(c);
		if (u_hasBinaryProperty(c, UCHAR_DASH))
			dash[c >> 3] |= (uint8_t) (1 << (c & 7));
		handig[c] = -1;
		if (c >= 0x3007 && c <= 0x9FFF)
		{
			/* 〇一二三四五六七八九十 (and 百千 …) carry Unihan numeric values */
			v = u_getNumericValue(c);
			if (v != U_NO_NUMERIC_VALUE && v >= 0 && v <= 1000 && v == (int) v)
				handig[c] = (int16_t) v;
		}
	}
	ready = 1;
	return 0;
}

/* Append code point c to out (bounded), folding classes. Returns new length. */
static size_t
put_cp(char *out, size_t o, size_t cap, UChar32 c)
{
	uint8_t		k = c < 0x10000 ? cls[c] : classify(c);
	char		tmp[4];
	int32_t		n = 0;

	if (k == CL_DROP)
		return o;
	if (k == CL_SPACE)
		c = ' ';
	U8_APPEND_UNSAFE(tmp, n, c);
	for (int32_t i = 0; i < n; i++, o++)
		if (o < cap)
			out[o] = tmp[i];
	return o;
}

#define SEG_MAX 256				/* code points normalised per ICU call */

/* NFKC of in[0..len) (valid-or-not UTF-8), appended to out at o. */
static size_t
normalize_segment(const char *in, int32_t len, char *out, size_t o, size_t cap, int *invalid)
{
	UChar		src[SEG_MAX * 2 + 8];
	UChar		dst[SEG_MAX * 2 * 18 + 8];	/* NFKC expands one code point to at most 18 */
	int32_t		slen = 0,
				dlen;
	UErrorCode	status = U_ZERO_ERROR;

	for (int32_t i = 0; i < len;)
	{
		UChar32		c;

		U8_NEXT(in, i, len, c);
		if (c < 0)
		{
			(*invalid)++;
			c = 0xFFFD;
		}
		U16_APPEND_UNSAFE(src, slen, c);
	}
	dlen = unorm2_normalize(nfkc, src, slen, dst, (int32_t) (sizeof dst / sizeof dst[0]), &status);
	if (U_FAILURE(status))
	{
		/* cannot happen with these bounds; keep the text rather than lose it */
		memcpy(dst, src, sizeof(UChar) * slen);
		dlen = slen;
	}
	for (int32_t i = 0; i < dlen;)
	{
		UChar32		c;

		U16_NEXT(dst, i, dlen, c);
		o = put_cp(out, o, cap, c);
	}
	return o;
}

size_t
norm_line(const char *in, size_t len, char *out, size_t cap, int *invalid)
{
	int32_t		i = 0;
	int32_t		n = (int32_t) len;
	size_t		o = 0;
	int32_t		prev_start = -1;	/* input start of the last fast-copied code point */
	size_t		prev_out = 0;	/* its output position */

	while (i < n)
	{
		int32_t		start = i;
		UChar32		c;
		uint8_t		k;

		if ((unsigned char) in[i] < 0x80)
		{
			c = (unsigned char) in[i++];
			k = cls[c];
		}
		else
		{
			U8_NEXT(in, i, n, c);
			if (c < 0)
			{
				(*invalid)++;
				o = put_cp(out, o, cap, 0xFFFD);
				prev_start = -1;
				continue;
			}
			k = c < 0x10000 ? cls[c] : CL_SLOW;
		}
		switch (k)
		{
			case CL_FAST:
				prev_start = start;
				prev_out = o;
				for (int32_t j = start; j < i; j++, o++)
					if (o < cap)
						out[o] = in[j];
				continue;
			case CL_TAB:
				if (o < cap)
					out[o] = '\t';
				o++;
				prev_start = -1;
				continue;
			case CL_SPACE:
				if (o < cap)
					out[o] = ' ';
				o++;
				prev_start = -1;
				continue;
			case CL_DROP:
				continue;
			default:
				break;
		}

		/*
		 * A run of code points that need ICU.  The preceding fast character
		 * joins the run because a combining mark may compose with it.
		 */
		{
			int32_t		seg_start = start;
			int32_t		count = 1;

			if (prev_start >= 0)
			{
				seg_start = prev_start;
				o = prev_out;
				count++;
			}
			while (i < n && count < SEG_MAX)
			{
				int32_t		j = i;
				UChar32		d;

				U8_NEXT(in, j, n, d);
				if (d >= 0 && d < 0x10000 && cls[d] != CL_SLOW)
					break;
				i = j;
				count++;
			}
			o = normalize_segment(in + seg_start, i - seg_start, out, o, cap, invalid);
			prev_start = -1;
		}
	}
	return o;
}

/* ------------------------------------------------------------ code points */

int
utf8_next(const char *s, int len, int *i)
{
	UChar32		c;

	U8_NEXT(s, *i, len, c);
	return c < 0 ? 0xFFFD : c;
}

int
utf8_count(const char *s, int len)
{
	int			n = 0;

	for (int i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

bool
is_dash(int cp)
{
	if (cp < 0x10000)
		return (dash[cp >> 3] >> (cp & 7)) & 1;
	return u_hasBinaryProperty(cp, UCHAR_DASH);
}

int
han_digit(int cp)
{
	return cp >= 0 && cp < 0x10000 ? handig[cp] : -1;
}
