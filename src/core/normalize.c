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

#include <stdlib.h>
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
	CL_TAB,
	CL_MAP,						/* NFKC maps it on its own (（ -> (): use the cached result */
	CL_KEEP						/* a superscript, subscript or circled digit: kept as is */
};

/*
 * ICU's NFKC of single characters that are normalisation boundaries on both
 * sides (full-width forms, ：，（）…): their mapping does not depend on their
 * neighbours, so the result ICU gives once at start-up is the result in any
 * text.  Up to 7 bytes of UTF-8, all of it NFKC-stable.
 */
typedef struct cp_map
{
	uint8_t		len;
	char		utf8[7];
} cp_map;

static cp_map *maps;			/* indexed by map_idx[c] - 1 */
static uint16_t map_idx[0x10000];

static uint8_t cls[0x10000];
/* ICU properties the parser asks for per character, tabulated once:
 * bit 0 Dash; values of Han numerals (〇一…十, 百, 千) in handig (-1: none). */
uint8_t		gai_dash_bits[0x10000 / 8];
uint8_t		gai_wide_bits[0x10000 / 8];
int16_t		gai_han_values[0x10000];
static const UNormalizer2 *nfkc;
static int	ready;
/* ICU says all of U+4E00..U+9FFF (CJK Unified Ideographs) is NFKC-stable:
 * then the fast path may tell them by their UTF-8 lead byte alone. */
static bool cjk_block_fast;

/*
 * The fast run's test of a byte that may start a character, one table look-up:
 * LK_ASCII printable ASCII, space and TAB (map to themselves, compose with
 * nothing before them: report text is one third blanks and tabs); LK_CJK the
 * lead bytes E5..E9 of U+5000..U+9FFF when that block is all NFKC-stable;
 * LK_E4, LK_3 other leads of 3-byte characters (fast_bits decides).
 */
enum
{
	LK_STOP = 0, LK_ASCII, LK_CJK, LK_E4, LK_3
};
static uint8_t lead_kind[256];
/* bit c: the BMP code point c (U+0800 on, no surrogate) is CL_FAST */
static uint8_t fast_bits[0x10000 / 8];

#define FAST3(d) ((fast_bits[(d) >> 3] >> ((d) & 7)) & 1)

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

	/*
	 * NFKC turns ², ₁₂ and ⑫ into plain digits, which would fuse a footnote
	 * mark into the number before it (1² -> 12).  They stay as printed, so a
	 * value carrying one is unreadable, never another number.
	 */
	{
		int			dt = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);

		if ((dt == U_DT_SUPER || dt == U_DT_SUB || dt == U_DT_CIRCLE) &&
			u_getNumericValue(c) != U_NO_NUMERIC_VALUE)
			return CL_KEEP;
	}
	if (u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) == UNORM_YES &&
		u_getCombiningClass(c) == 0)
		return CL_FAST;
	return CL_SLOW;
}

static int	n_maps_cap;

static void
try_map(UChar32 c, int *n_maps)
{
	UChar		src[2],
				dst[32];
	int32_t		slen = 0,
				dlen,
				blen = 0;
	UErrorCode	status = U_ZERO_ERROR;
	char		buf[32];

	if (u_getCombiningClass(c) != 0 || !unorm2_hasBoundaryBefore(nfkc, c) ||
		!unorm2_hasBoundaryAfter(nfkc, c))
		return;
	U16_APPEND_UNSAFE(src, slen, c);
	dlen = unorm2_normalize(nfkc, src, slen, dst, 32, &status);
	if (U_FAILURE(status) || dlen <= 0)
		return;
	for (int32_t i = 0; i < dlen;)
	{
		UChar32		d;

		U16_NEXT(dst, i, dlen, d);
		/* only results made of plain, stable characters */
		if (d >= 0x10000 || classify(d) != CL_FAST || blen + 4 > 7)
			return;
		U8_APPEND_UNSAFE(buf, blen, d);
	}
	if (*n_maps == n_maps_cap)
	{
		cp_map	   *m;

		n_maps_cap = n_maps_cap ? n_maps_cap * 2 : 1024;
		m = realloc(maps, sizeof(cp_map) * n_maps_cap);
		if (!m)
			return;				/* no cache: such characters take the ICU path */
		maps = m;
	}
	maps[*n_maps].len = (uint8_t) blen;
	memcpy(maps[*n_maps].utf8, buf, blen);
	(*n_maps)++;
	if (*n_maps >= 0xFFFF)
		return;
	map_idx[c] = (uint16_t) * n_maps;
	cls[c] = CL_MAP;
}

int
norm_init(const char **err)
{
	UErrorCode	status = U_ZERO_ERROR;
	int			n_maps = 0;

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
		if (cls[c] == CL_SLOW && !(c >= 0xD800 && c <= 0xDFFF))
			try_map(c, &n_maps);
		if (u_hasBinaryProperty(c, UCHAR_DASH))
			gai_dash_bits[c >> 3] |= (uint8_t) (1 << (c & 7));
		{
			/* two columns on a terminal or in a browser dump (w3m, lynx) */
			int			ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);

			if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH)
				gai_wide_bits[c >> 3] |= (uint8_t) (1 << (c & 7));
		}
		gai_han_values[c] = -1;
		if (c >= 0x3007 && c <= 0x9FFF)
		{
			/* 〇一二三四五六七八九十 (and 百千 …) carry Unihan numeric values */
			v = u_getNumericValue(c);
			if (v != U_NO_NUMERIC_VALUE && v >= 0 && v <= 1000 && v == (int) v)
				gai_han_values[c] = (int16_t) v;
		}
	}
	cjk_block_fast = true;
	for (UChar32 c = 0x4E00; c <= 0x9FFF; c++)
		if (cls[c] != CL_FAST)
			cjk_block_fast = false;
	for (UChar32 c = 0x800; c < 0x10000; c++)
		if (cls[c] == CL_FAST && (c < 0xD800 || c > 0xDFFF))
			fast_bits[c >> 3] |= (uint8_t) (1 << (c & 7));
	for (int b = 0; b < 256; b++)
		lead_kind[b] = (b >= 0x20 && b < 0x7F) || b == '\t' ? LK_ASCII :
			b >= 0xE5 && b <= 0xE9 && cjk_block_fast ? LK_CJK :
			b == 0xE4 ? LK_E4 :
			(b & 0xF0) == 0xE0 ? LK_3 : LK_STOP;
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
	size_t		consumed;

	return norm_until_eol(in, len, out, cap, invalid, &consumed, false);
}

size_t
norm_until_eol(const char *in, size_t len, char *out, size_t cap, int *invalid,
			   size_t *consumed, bool stop_at_eol)
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
		unsigned char b0 = (unsigned char) in[i];

		/*
		 * Fast path: a run of characters NFKC leaves alone (printable ASCII,
		 * space and TAB, and well-formed 3-byte sequences the ICU-built
		 * table marks stable: CJK text) is copied with one memcpy.
		 */
		{
			int32_t		j = i,
						last = -1;

			for (;;)
			{
				unsigned char c0;
				uint8_t		lk;

				if (j >= n)
					break;
				c0 = (unsigned char) in[j];
				lk = lead_kind[c0];
				if (lk == LK_ASCII)
				{
					last = j++;
					continue;
				}
				if (lk != LK_STOP && j + 2 < n &&
					((unsigned char) in[j + 1] & 0xC0) == 0x80 &&
					((unsigned char) in[j + 2] & 0xC0) == 0x80)
				{
					/* E4 leads U+4000..U+4FFF: the CJK block from B8 on */
					if (lk == LK_CJK || (lk == LK_E4 && (unsigned char) in[j + 1] >= 0xB8 && cjk_block_fast) ||
						FAST3(((c0 & 0x0F) << 12) | (((unsigned char) in[j + 1] & 0x3F) << 6) |
							  ((unsigned char) in[j + 2] & 0x3F)))
					{
						last = j;
						j += 3;
						continue;
					}
				}
				break;
			}
			if (j > i)
			{
				size_t		runlen = (size_t) (j - i);

				if (o + runlen <= cap)
					memcpy(out + o, in + i, runlen);
				prev_start = last;
				prev_out = o + (size_t) (last - i);
				o += runlen;
				i = j;
				continue;
			}
		}
		if (b0 == ' ')
		{
			if (o < cap)
				out[o] = ' ';
			o++;
			i++;
			prev_start = -1;
			continue;
		}

		if ((unsigned char) in[i] < 0x80)
		{
			if (stop_at_eol && (b0 == '\n' || b0 == '\r' || b0 == '\f'))
				break;
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
			case CL_KEEP:
				/* copied as printed; nothing may compose with it */
				for (int32_t j = start; j < i; j++, o++)
					if (o < cap)
						out[o] = in[j];
				prev_start = -1;
				continue;
			case CL_MAP:
				{
					const cp_map *m = &maps[map_idx[c] - 1];

					if (o + m->len <= cap)
						memcpy(out + o, m->utf8, m->len);
					/* a combining mark after it would compose with the result: keep it as "previous" */
					prev_start = start;
					prev_out = o;
					o += m->len;
				}
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
	*consumed = (size_t) i;
	return o;
}

/* ------------------------------------------------------------ code points */

int
utf8_next_slow(const char *s, int len, int *i)
{
	UChar32		c;

	U8_NEXT(s, *i, len, c);
	return c < 0 ? 0xFFFD : c;
}

bool
is_dash_slow(int cp)
{
	return u_hasBinaryProperty(cp, UCHAR_DASH);
}

/* ------------------------------------------------------------ agency key */

size_t
gai_agency_key(const char *agency, char *out, size_t cap)
{
	size_t		o = 0;
	int32_t		n = (int32_t) strlen(agency);

	for (int32_t i = 0; i < n;)
	{
		UChar32		c;

		U8_NEXT(agency, i, n, c);
		if (c < 0 || !u_isalnum(c))
			continue;			/* punctuation, spaces, brackets: not part of the identity */
		c = u_tolower(c);
		if (o + U8_LENGTH(c) + 1 > cap)
			break;
		U8_APPEND_UNSAFE(out, o, c);
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}
