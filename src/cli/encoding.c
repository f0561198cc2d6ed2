/*
 * encoding.c — the bytes of a report file -> UTF-8 text.
 *
 * Reports are UTF-8; GB18030 (GBK, GB2312) exports are common in the wild,
 * and Windows "Unicode" text is UTF-16 with a byte order mark.  A file is
 * read as UTF-8 when it is strictly valid UTF-8 (a UTF-8 BOM is dropped),
 * as UTF-16 when it starts with a UTF-16 BOM, and otherwise as GB18030
 * through ICU with conversion stopping at the first illegal or unmapped
 * sequence.  Chinese text in GB18030 is practically never valid UTF-8, so
 * the order decides nothing for real files.  Files holding NUL bytes or
 * other control characters (beyond TAB, LF, VT, FF, CR) are refused as
 * binary: GB18030 maps almost any byte string, so it cannot tell text from
 * junk on its own.  For the same reason a file that is well-formed UTF-8
 * but for a few bytes (a damaged or cut-off UTF-8 export) is refused with
 * the offset of the first bad byte rather than read as GB18030 nonsense.
 */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

struct gai_decoder
{
	UConverter *gb18030;
	UConverter *utf16le;
	UConverter *utf16be;
};

gai_decoder *
decoder_new(void)
{
	gai_decoder *d = xmalloc(sizeof *d);

	memset(d, 0, sizeof *d);
	return d;
}

void
decoder_free(gai_decoder *d)
{
	if (!d)
		return;
	if (d->gb18030)
		ucnv_close(d->gb18030);
	if (d->utf16le)
		ucnv_close(d->utf16le);
	if (d->utf16be)
		ucnv_close(d->utf16be);
	free(d);
}

bool
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *) str,
			   *end = s + len;

	while (s < end)
	{
		unsigned char c = *s;

		if (c < 0x80)
		{
			/* ASCII runs, 8 bytes at a time */
			if (end - s >= 8)
			{
				uint64_t	w;

				memcpy(&w, s, 8);
				/* no high bit and no zero byte */
				if (!(w & 0x8080808080808080ull) &&
					!((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
				{
					s += 8;
					continue;
				}
			}
			if (c == 0)
				return false;
			s++;
		}
		else if (c >= 0xC2 && c <= 0xDF)
		{
			if (end - s < 2 || (s[1] & 0xC0) != 0x80)
				return false;
			s += 2;
		}
		else if (c >= 0xE0 && c <= 0xEF)
		{
			if (end - s < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
				return false;
			if (c == 0xE0 && s[1] < 0xA0)	/* overlong */
				return false;
			if (c == 0xED && s[1] >= 0xA0)	/* surrogate */
				return false;
			s += 3;
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			if (end - s < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
				(s[3] & 0xC0) != 0x80)
				return false;
			if (c == 0xF0 && s[1] < 0x90)	/* overlong */
				return false;
			if (c == 0xF4 && s[1] >= 0x90)	/* > U+10FFFF */
				return false;
			s += 4;
		}
		else
			return false;
	}
	return true;
}

/*
 * Counts well-formed multi-byte UTF-8 sequences and bytes that start no
 * well-formed sequence; *first_bad is the offset of the first such byte.
 */
static void
utf8_census(const unsigned char *s, size_t len, size_t *good, size_t *bad, size_t *first_bad)
{
	size_t		i = 0;

	*good = *bad = 0;
	*first_bad = len;
	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
			: (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
		bool		ok = n > 0 && i + n <= len;

		for (size_t k = 1; ok && k < n; k++)
			ok = (s[i + k] & 0xC0) == 0x80;
		if (ok && n == 3)
			ok = !(c == 0xE0 && s[i + 1] < 0xA0) && !(c == 0xED && s[i + 1] >= 0xA0);
		if (ok && n == 4)
			ok = !(c == 0xF0 && s[i + 1] < 0x90) && !(c == 0xF4 && s[i + 1] >= 0x90);
		if (!ok)
		{
			if (*first_bad == len)
				*first_bad = i;
			(*bad)++;
			i++;
			continue;
		}
		if (n > 1)
			(*good)++;
		i += n;
	}
}

/* control characters a text file does not hold (TAB LF VT FF CR are fine) */
static bool
has_binary_controls(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = s[i];

		if (c < 0x20 && !(c >= 0x09 && c <= 0x0D) && c != 0x1A)
			return true;
		if (c == 0x7F)
			return true;
	}
	return false;
}

/* converts with ICU, stopping at the first illegal sequence; NULL on failure */
static char *
icu_to_utf8(UConverter **cnv, const char *name, const char *src, size_t len, size_t *out_len)
{
	UErrorCode	err = U_ZERO_ERROR;
	UChar	   *u,
			   *ut;
	const char *sp = src;
	char	   *out;
	int32_t		n8 = 0;

	if (len > (size_t) INT32_MAX / 4)
		return NULL;
	if (!*cnv)
	{
		*cnv = ucnv_open(name, &err);
		if (U_FAILURE(err))
			return NULL;
		ucnv_setToUCallBack(*cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
		if (U_FAILURE(err))
			return NULL;
	}
	ucnv_reset(*cnv);
	/* every source byte gives at most one UTF-16 unit (4 bytes -> 2 units) */
	u = xmalloc((len + 1) * sizeof(UChar));
	ut = u;
	ucnv_toUnicode(*cnv, &ut, u + len + 1, &sp, src + len, NULL, 1, &err);
	if (U_FAILURE(err))
	{
		free(u);
		return NULL;
	}
	out = xmalloc((size_t) (ut - u) * 3 + 1);
	u_strToUTF8(out, (int32_t) ((ut - u) * 3 + 1), &n8, u, (int32_t) (ut - u), &err);
	free(u);
	if (U_FAILURE(err))
	{
		free(out);
		return NULL;
	}
	out[n8] = '\0';
	*out_len = (size_t) n8;
	return out;
}

bool
decode_text(gai_decoder *d, char *buf, size_t len,
			char **out, size_t *out_len, bool *out_owned,
			const char **encoding, const char **why)
{
	const unsigned char *u = (const unsigned char *) buf;

	*out = NULL;
	*out_owned = false;
	*encoding = NULL;
	if (len == 0)
	{
		*why = "empty file";
		return false;
	}

	/* byte order marks */
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
	{
		if (len == 3)
		{
			*why = "empty file (only a byte order mark)";
			return false;
		}
		if (memchr(buf + 3, 0, len - 3))
		{
			*why = "binary file (holds NUL bytes), not a text report";
			return false;
		}
		if (!utf8_valid(buf + 3, len - 3))
		{
			*why = "starts with a UTF-8 byte order mark but is not valid UTF-8";
			return false;
		}
		buf[len] = '\0';
		*out = buf + 3;
		*out_len = len - 3;
		*encoding = "UTF-8";
		return true;
	}
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
	{
		bool		le = u[0] == 0xFF;
		char	   *t = icu_to_utf8(le ? &d->utf16le : &d->utf16be, le ? "UTF-16LE" : "UTF-16BE",
									buf + 2, len - 2, out_len);

		if (!t)
		{
			*why = "starts with a UTF-16 byte order mark but is not valid UTF-16";
			return false;
		}
		if (*out_len == 0 || memchr(t, 0, *out_len))
		{
			free(t);
			*why = *out_len == 0 ? "empty file (only a byte order mark)"
				: "binary file (holds NUL characters), not a text report";
			return false;
		}
		*out = t;
		*out_owned = true;
		*encoding = le ? "UTF-16LE" : "UTF-16BE";
		return true;
	}

	if (memchr(buf, 0, len))
	{
		*why = "binary file (holds NUL bytes), not a text report";
		return false;
	}
	if (utf8_valid(buf, len))
	{
		buf[len] = '\0';
		*out = buf;
		*out_len = len;
		*encoding = "UTF-8";
		return true;
	}
	{
		size_t		good,
					bad,
					first_bad;

		/*
		 * Chinese UTF-8 with a few damaged bytes (a cut-off export) would often
		 * decode as GB18030 into nonsense: refuse it instead.  Real GB18030
		 * text is mostly not well-formed UTF-8.
		 */
		utf8_census(u, len, &good, &bad, &first_bad);
		if (good >= 20 * bad)
		{
			static _Thread_local char msg[160];

			snprintf(msg, sizeof msg,
					 "damaged UTF-8: %zu invalid byte%s, the first at byte offset %zu (mend the file, e.g. iconv -c -f UTF-8 -t UTF-8)",
					 bad, bad == 1 ? "" : "s", first_bad);
			*why = msg;
			return false;
		}
	}
	if (!has_binary_controls(u, len))
	{
		char	   *t = icu_to_utf8(&d->gb18030, "GB18030", buf, len, out_len);

		if (t)
		{
			*out = t;
			*out_owned = true;
			*encoding = "GB18030";
			return true;
		}
	}
	*why = "neither UTF-8 nor GB18030 (binary data, or another encoding: convert it to UTF-8, e.g. with iconv)";
	return false;
}
