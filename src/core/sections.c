/*
 * sections.c — section headings, table zones and the narrative text.
 *
 * Headings come in many spellings: 二、主动公开政府信息情况, 2、 主动公开…,
 * the bare title, a stray character or a typo.  A heading is a short line
 * without values whose key, ordinal removed, equals a section title, holds it
 * with little else, or is a few edits from it; headings must come in order.
 * A table section whose heading is missing is found by an anchor label.
 */
#include "internal.h"

#include <string.h>

#define HEADING_MAX_BYTES 120

/* Title keys, made once: normalised, white space removed. */
#define MAX_TITLE_VARIANTS 8

typedef struct title_key
{
	char		key[160];
	int			len;
	int			cp;
	uint64_t	mask;			/* bit (code point % 64) of each character */
} title_key;

static uint64_t
cp_mask(const char *s, int len)
{
	uint64_t	m = 0;

	for (int i = 0; i < len;)
		m |= (uint64_t) 1 << (utf8_next(s, len, &i) & 63);
	return m;
}

static title_key tkeys[GAI_SEC_COUNT][MAX_TITLE_VARIANTS];
static int	n_tkeys[GAI_SEC_COUNT];

int
sections_init(void)
{
	for (int sec = 1; sec < GAI_SEC_COUNT; sec++)
	{
		const char *p = gai_section_titles[sec];

		n_tkeys[sec] = 0;
		while (p && *p && n_tkeys[sec] < MAX_TITLE_VARIANTS)
		{
			const char *bar = strchr(p, '|');
			int			n = bar ? (int) (bar - p) : (int) strlen(p);
			title_key  *t = &tkeys[sec][n_tkeys[sec]++];

			t->len = label_key(p, n, t->key, sizeof t->key);
			t->cp = utf8_count(t->key, t->len);
			t->mask = cp_mask(t->key, t->len);
			p = bar ? bar + 1 : NULL;
		}
	}
	return 0;
}

/* Has x at most k bits set?  (No popcount instruction on baseline x86-64.) */
static inline bool
bits_at_most(uint64_t x, int k)
{
	while (x)
	{
		if (k-- == 0)
			return false;
		x &= x - 1;
	}
	return true;
}

static int
title_match(int sec, const char *key, int klen, int kcp, uint64_t kmask)
{
	int			best = 0;

	for (int v = 0; v < n_tkeys[sec]; v++)
	{
		const title_key *t = &tkeys[sec][v];
		int			score = 0;

		/* each way of matching needs nearly all the title's characters in the key */
		if (!bits_at_most(t->mask & ~kmask, t->cp / 6))
			continue;
		if (t->len == klen && memcmp(t->key, key, klen) == 0)
			score = 3;
		else if (kcp <= t->cp + 4 && t->len < klen && memmem(key, klen, t->key, t->len) != NULL)
			score = 2;
		else if (t->cp >= 6 && kcp >= t->cp - 2 && kcp <= t->cp + 2 &&
				 bits_at_most(t->mask & ~kmask, t->cp / 6))
		{
			/* (the mask bound: a title character whose bit the key lacks is surely missing) */
			/* typos: count code points of the title missing from the key */
			int			miss = 0;

			for (int i = 0; i < t->len && miss <= t->cp / 6;)
			{
				int			s = i;

				utf8_next(t->key, t->len, &i);
				if (memmem(key, klen, t->key + s, i - s) == NULL)
					miss++;
			}
			if (miss <= t->cp / 6)
				score = 1;
		}
		if (score > best)
			best = score;
	}
	return best;
}

/* Which section does this line head, if any (only sections after `after`)? */
static int
heading_of(const gai_line *ln, int after)
{
	char		key[HEADING_MAX_BYTES + 1];
	int			klen = 0,
				skip;

	if (ln->kind != LINE_TEXT || ln->tab_led || ln->len == 0 || ln->len > HEADING_MAX_BYTES ||
		after >= GAI_SEC_COUNT - 1)
		return -1;
	/* a line ending in a digit is a table row (or a sentence about numbers), never a heading */
	if (ln->text[ln->len - 1] >= '0' && ln->text[ln->len - 1] <= '9')
		return -1;
	/* the line is normalised already: its key is the text without white space */
	for (int i = 0; i < ln->len; i++)
	{
		char		c = ln->text[i];

		if (c == '\t')
			return -1;
		/* titles hold no digits: a digit past a short ordinal means a table row or a sentence */
		if (c >= '0' && c <= '9' && klen > 3)
			return -1;
		if (c != ' ')
			key[klen++] = c;
	}
	/* a stray character may be fused before the ordinal (0三、…); a Han first character is text */
	for (int tries = 0; tries < ((unsigned char) key[0] < 0x80 ? 2 : 1); tries++)
	{
		const char *k = key;
		int			kl = klen,
					kcp;
		uint64_t	kmask;

		if (tries == 1)
		{
			int			i = 0;

			utf8_next(key, klen, &i);
			k = key + i;
			kl = klen - i;
		}
		key_strip_ordinal(k, kl, &skip);
		kcp = utf8_count(k + skip, kl - skip);
		if (kcp < 2 || kcp > 40)
			continue;
		kmask = cp_mask(k + skip, kl - skip);
		for (int sec = after + 1; sec < GAI_SEC_COUNT; sec++)
			if (title_match(sec, k + skip, kl - skip, kcp, kmask) > 0)
				return sec;
	}
	return -1;
}

/* Anchor of a table section, for reports whose heading is missing. */
static bool
is_anchor(const gai_line *ln, int sec)
{
	/* a table of a web page: its line holds its first cells' text */
	if (ln->kind != LINE_TEXT && ln->kind != LINE_TABLE)
		return false;
	return ln->len > 0 && words_hit(gai_section_anchors[sec], ln->text, ln->len);
}

void
sections_find(gai_builder *b)
{
	gai_doc    *doc = &b->doc;
	int			last = 0;
	int			start[GAI_SEC_COUNT];

	for (int s = 0; s < GAI_SEC_COUNT; s++)
	{
		b->heading_line[s] = -1;
		b->zone_start[s] = -1;
		b->zone_end[s] = -1;
		start[s] = -1;
	}
	for (int i = 0; i < doc->n_lines; i++)
	{
		gai_line   *ln = &doc->lines[i];
		int			sec = heading_of(ln, last);

		if (sec > 0)
		{
			ln->kind = LINE_HEADING;
			ln->heading = (int8_t) sec;
			b->heading_line[sec] = i;
			start[sec] = i;
			last = sec;
		}
		if ((i & 4095) == 0 && doc->hooks->tick)
			doc->hooks->tick(doc->hooks->ctx);
	}

	/* table sections without a heading: the first anchor after the section before */
	for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
	{
		int			from = 0;

		if (start[sec] >= 0)
			continue;
		for (int p = sec - 1; p > 0; p--)
			if (start[p] >= 0)
			{
				from = start[p] + 1;
				break;
			}
		for (int i = from; i < doc->n_lines; i++)
		{
			bool		later = false;

			for (int q = sec + 1; q < GAI_SEC_COUNT; q++)
				if (start[q] >= 0 && start[q] <= i)
					later = true;
			if (later)
				break;
			if (is_anchor(&doc->lines[i], sec))
			{
				start[sec] = i;
				gai_warn(b, doc->lines[i].number,
					 "no heading for section %s; its table was found by its labels",
					 gai_section_code(sec));
				break;
			}
		}
	}

	for (int sec = 1; sec < GAI_SEC_COUNT; sec++)
	{
		int			end = doc->n_lines;

		if (start[sec] < 0)
			continue;
		for (int q = 1; q < GAI_SEC_COUNT; q++)
			if (q != sec && start[q] > start[sec] && start[q] < end)
				end = start[q];
		/* the zone of a section found by its heading starts after the heading */
		b->zone_start[sec] = b->heading_line[sec] == start[sec] ? start[sec] + 1 : start[sec];
		b->zone_end[sec] = end;
	}
}

/* Original text of lines [from, to) that are not table lines, trimmed. */
static const char *
narrative(gai_builder *b, int from, int to)
{
	gai_doc    *doc = &b->doc;
	size_t		total = 0,
				o = 0;
	char	   *out;

	for (int i = from; i < to; i++)
	{
		gai_tick(doc, i);
		if (!doc->lines[i].used && doc->lines[i].kind != LINE_NOISE && doc->lines[i].kind != LINE_TABLE)
			total += (size_t) doc->lines[i].orig_len + 1 + doc->lines[i].blank_run;
	}
	out = arena_alloc(&b->arena, total + 1);
	for (int i = from; i < to; i++)
	{
		gai_line   *ln = &doc->lines[i];

		if (ln->used || ln->kind == LINE_NOISE || ln->kind == LINE_TABLE)
			continue;
		memcpy(out + o, line_orig(doc, ln), ln->orig_len);
		o += (size_t) ln->orig_len;
		out[o++] = '\n';
		/* the blank lines folded into this one */
		memset(out + o, '\n', ln->blank_run);
		o += ln->blank_run;
	}
	/* trim white space (ASCII, and the NBSP / ideographic spaces of exports) */
	{
		size_t		s = 0;

		for (;;)
		{
			if (s < o && (out[s] == ' ' || out[s] == '\n' || out[s] == '\t' || out[s] == '\r'))
				s++;
			else if (s + 1 < o && (unsigned char) out[s] == 0xC2 && (unsigned char) out[s + 1] == 0xA0)
				s += 2;
			else if (s + 2 < o && memcmp(out + s, "\xE3\x80\x80", 3) == 0)
				s += 3;
			else
				break;
		}
		while (o > s && (out[o - 1] == ' ' || out[o - 1] == '\n' || out[o - 1] == '\t' || out[o - 1] == '\r'))
			o--;
		out[o] = '\0';
		return out + s;
	}
}

static const char *
trimmed_orig(gai_builder *b, const gai_line *ln)
{
	/* the normalised text is trimmed; the original keeps its own spaces */
	const char *s = line_orig(&b->doc, ln);
	int			n = ln->orig_len;

	while (n > 0)
	{
		if (*s == ' ' || *s == '\t')
			s++, n--;
		else if (n >= 2 && (unsigned char) s[0] == 0xC2 && (unsigned char) s[1] == 0xA0)
			s += 2, n -= 2;
		else if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3, n -= 3;
		else
			break;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(&b->arena, s, (size_t) n);
}

void
sections_collect(gai_builder *b)
{
	gai_doc    *doc = &b->doc;
	int			first = doc->n_lines;
	int			order[GAI_SEC_COUNT];
	int			n = 0;
	bool		want = !(b->doc.hooks->flags & GAI_SKIP_NARRATIVE);

	for (int sec = 1; sec < GAI_SEC_COUNT; sec++)
	{
		int			s = b->heading_line[sec] >= 0 ? b->heading_line[sec] : b->zone_start[sec];

		if (s >= 0 && s < first)
			first = s;
	}

	/* preamble: before the first section, title lines left out (meta marks them used) */
	if (first > 0)
	{
		const char *c = want ? narrative(b, 0, first) : NULL;

		if (!want || *c)
		{
			gai_section_text *st = vec_push(&b->arena, &b->sections, sizeof *st);

			st->section = GAI_SEC_PREAMBLE;
			st->line = 1;
			st->heading = NULL;
			st->content = c;
		}
	}
	for (int sec = 1; sec < GAI_SEC_COUNT; sec++)
		if (b->heading_line[sec] >= 0 || b->zone_start[sec] >= 0)
			order[n++] = sec;
	for (int k = 0; k < n; k++)
	{
		int			sec = order[k];
		int			h = b->heading_line[sec];
		int			from = h >= 0 ? h + 1 : b->zone_start[sec];
		int			to = doc->n_lines;
		gai_section_text *st;

		for (int q = 0; q < n; q++)
		{
			int			qs = b->heading_line[order[q]] >= 0 ? b->heading_line[order[q]] : b->zone_start[order[q]];

			if (order[q] != sec && qs > from - 1 && qs < to)
				to = qs;
		}
		st = vec_push(&b->arena, &b->sections, sizeof *st);
		st->section = sec;
		st->line = doc->lines[h >= 0 ? h : from].number;
		st->heading = h >= 0 ? trimmed_orig(b, &doc->lines[h]) : NULL;
		st->content = want ? narrative(b, from, to) : NULL;
	}
}
