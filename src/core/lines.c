/*
 * lines.c — split the text into lines, normalise each, mark page noise.
 *
 * Line ends: LF, CRLF, CR and form feed (pdftotext separates pages with
 * it).  The original bytes of each line are kept for gai_sections().
 */
#include "internal.h"

#include <string.h>

/* Skip spaces and dashes from s[*i]; returns how many dashes. */
static int
skip_dashes(const char *s, int len, int *i)
{
	int			dashes = 0;

	while (*i < len)
	{
		int			j = *i;
		int			cp = utf8_next(s, len, &j);

		if (cp == ' ')
			*i = j;
		else if (is_dash(cp))
		{
			dashes++;
			*i = j;
		}
		else
			break;
	}
	return dashes;
}

/* A page number or page footer: "- 4 -", "— 4 —", "第4页", "第4页 共10页", "4/10". */
static bool
is_page_noise(const char *s, int len)
{
	int			i = 0,
				digits = 0,
				dashes_before = 0,
				dashes_after = 0;

	/* dashed page number */
	dashes_before = skip_dashes(s, len, &i);
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	dashes_after = skip_dashes(s, len, &i);
	if (i == len && digits > 0 && digits <= 4 && dashes_before > 0 && dashes_after > 0)
	{
		/* close together: "—   -1   —" far apart is a table row of a blank, a change and a blank */
		int			run = 0;

		for (int k = 0; k < len; k++)
		{
			run = s[k] == ' ' ? run + 1 : 0;
			if (run > 3)
				return false;
		}
		return true;
	}

	/* 第N页 [共M页] and N/M */
	{
		static const char di[] = "第";
		static const char ye[] = "页";
		static const char gong[] = "共";
		int			k = 0;
		int			parts = 0;

		while (k < len)
		{
			if (s[k] == ' ')
			{
				k++;
				continue;
			}
			if (len - k >= 3 && (memcmp(s + k, di, 3) == 0 || memcmp(s + k, gong, 3) == 0))
			{
				int			d = 0;

				k += 3;
				while (k < len && s[k] == ' ')
					k++;
				while (k < len && s[k] >= '0' && s[k] <= '9')
					k++, d++;
				while (k < len && s[k] == ' ')
					k++;
				if (d == 0 || d > 4 || len - k < 3 || memcmp(s + k, ye, 3) != 0)
					return false;
				k += 3;
				parts++;
				continue;
			}
			break;
		}
		if (k == len && parts > 0)
			return true;
		k = 0;
		digits = 0;
		while (k < len && s[k] >= '0' && s[k] <= '9')
			k++, digits++;
		if (digits == 0 || digits > 4 || k >= len || s[k] != '/')
			return false;
		k++;
		digits = 0;
		while (k < len && s[k] >= '0' && s[k] <= '9')
			k++, digits++;
		return k == len && digits > 0 && digits <= 4;
	}
}

/* Trim and classify line ln, whose normalised text is buf[0..n). */
static void
line_finish(gai_line *ln, char *buf, int n)
{
	int			s = 0,
				e = n;

	int			indent = 0;

	ln->tab_led = false;
	while (s < e && (buf[s] == ' ' || buf[s] == '\t'))
	{
		if (buf[s] == '\t')
		{
			ln->tab_led = true;
			indent += 4;
		}
		else
			indent++;
		s++;
	}
	ln->indent = (uint16_t) (indent < UINT16_MAX ? indent : UINT16_MAX);
	/* a markdown heading's marks (# 三、收到和处理…) are no part of its text */
	{
		int			h = s;

		while (h < e && h - s < 6 && buf[h] == '#')
			h++;
		if (h > s && h < e && buf[h] == ' ')
		{
			s = h;
			while (s < e && buf[s] == ' ')
				s++;
		}
	}
	while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t'))
		e--;
	buf[e] = '\0';
	ln->text = buf + s;
	ln->len = e - s;
	if (ln->len == 0)
		ln->kind = ln->tab_led ? LINE_TEXT : LINE_BLANK;
	else if (!ln->tab_led && ln->len <= 40 && is_page_noise(ln->text, ln->len))
		ln->kind = LINE_NOISE;
	else
		ln->kind = LINE_TEXT;
}

/*
 * An upper bound of the line entries lines_split makes, so their array is
 * allocated once: at most one entry per line end (+1), and, since runs of
 * blank lines fold into one entry, at most two per byte that is no line end
 * (a line with a character, then a blank run).
 */
static size_t
max_entries(const char *text, size_t len)
{
	size_t		ends = 0;
	static const char enders[] = {'\n', '\r', '\f'};

	for (int k = 0; k < 3; k++)
		for (const char *p = text, *end = text + len; p < end && (p = memchr(p, enders[k], (size_t) (end - p))) != NULL; p++)
			ends++;
	return (ends < 2 * (len - ends) ? ends : 2 * (len - ends)) + 2;
}

/*
 * One pass: normalisation finds the line ends.  All lines go into one buffer
 * (NUL after each); while it may still grow, lines hold offsets into it.
 * A run of blank lines is one entry (its blank_run counts the rest), so the
 * memory of a parse is bounded per input byte whatever the text: 32 bytes an
 * entry, at most one entry per two bytes of the worst text.
 */
void
lines_split(gai_doc *doc, const char *text, size_t len)
{
	gai_vec		v = {0};
	size_t		i = 0;
	size_t		cap = len + len / 2 + 64;
	size_t		o = 0;
	char	   *buf = arena_alloc(doc->arena, cap);
	int			number = 0;
	/*
	 * The entries' array is allocated once at its bound for large texts; a
	 * small one starts from a guess (reports run ~16 bytes a line) and may
	 * grow: its memory is small whatever it holds.
	 */
	size_t		room = len > ((size_t) 1 << 20) ? max_entries(text, len) : len / 16 + 16;

	doc->src = text;
	doc->form_feeds = memchr(text, '\f', len) != NULL;
	vec_reserve(doc->arena, &v, sizeof(gai_line), room < INT32_MAX ? (int) room : INT32_MAX);

	for (;;)
	{
		size_t		consumed,
					n;
		gai_line   *ln;

		n = norm_until_eol(text + i, len - i, buf + o, cap - o, &doc->invalid_utf8, &consumed, true);
		if (o + n + 1 > cap)
		{
			/* rare: NFKC expansions or replaced bytes outgrew the buffer */
			int			again = 0;
			size_t		ncap = (o + n + 1) * 2 + 64;
			char	   *nbuf = arena_alloc(doc->arena, ncap);

			memcpy(nbuf, buf, o);
			buf = nbuf;
			cap = ncap;
			norm_until_eol(text + i, len - i, buf + o, cap - o, &again, &consumed, true);
		}
		ln = vec_push(doc->arena, &v, sizeof(gai_line));
		memset(ln, 0, sizeof *ln);
		ln->orig_off = (uint32_t) i;
		ln->orig_len = (int) consumed;
		ln->number = ++number;
		ln->heading = -1;
		line_finish(ln, buf + o, (int) n);
		if (ln->kind == LINE_BLANK && v.n > 1 && ln[-1].kind == LINE_BLANK && ln[-1].blank_run < UINT16_MAX)
		{
			/* a blank line after a blank line: fold it into that one */
			ln[-1].blank_run++;
			v.n--;
		}
		else
		{
			/* keep offsets while the buffer may move */
			ln->text = (const char *) (uintptr_t) (ln->text - buf);
			o += n + 1;
		}
		i += consumed;
		if (i < len)
		{
			if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			i++;
			if (i == len)
				break;			/* a final line end opens no new line */
		}
		else
		{
			doc->last_unterminated = consumed > 0;
			break;
		}
		if ((number & 4095) == 0 && doc->hooks->tick)
			doc->hooks->tick(doc->hooks->ctx);
	}
	for (int k = 0; k < v.n; k++)
	{
		gai_line   *ln = &((gai_line *) v.data)[k];

		ln->text = buf + (uintptr_t) ln->text;
	}
	doc->lines = v.data;
	doc->n_lines = v.n;
	doc->last_number = number;
}

/*
 * Does a form feed (pdftotext's page break) stand between line li - 1 and
 * line li?  A line's text holds none (it ends lines), so any lies in the
 * line end before li or in the blank lines folded into the entry before it.
 */
bool
line_after_form_feed(const gai_doc *doc, int li)
{
	size_t		from,
				to;

	if (!doc->form_feeds || li <= 0 || li >= doc->n_lines)
		return false;
	from = doc->lines[li - 1].orig_off;
	to = doc->lines[li].orig_off;
	return to > from && memchr(doc->src + from, '\f', to - from) != NULL;
}
