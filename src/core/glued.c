/*
 * glued.c — readers of text whose cell boundaries are lost; the splitting
 * itself is solver.c's.
 *
 *   glued   web page text with the cells of a row run together, often the
 *           whole page on one line: 规章018469规范性文件050…, a row's last
 *           value glued to the next label's ordinal (…00000002.其他法律…),
 *           blank cells as &nbsp; (U+00A0: one blank cell each), spaces that
 *           are cell boundaries (规范性文件 6 4 11).  The zone's lines are
 *           joined into one compact text (white space removed, its places
 *           kept as boundaries, U+00A0 kept as a blank mark); each table's
 *           row labels are found in it in template order (a chain: the most
 *           labels in order, exact labels over labels without their
 *           ordinal), and the text after each label up to the next label or
 *           the first character that is no part of a value is its row's
 *           value text.  The appeals table: its header words run together,
 *           then its 15 cells as one run.
 *   plain   `pdftotext` without -layout: one cell a line in reading order,
 *           blank cells dropped.  A table 二 row's values follow its label;
 *           the requests and the appeals tables are read as one stream of
 *           values each (labels stray from their rows in this shape), the
 *           dropped blanks placed where the rules allow.
 *
 * A zone is read here only when it looks like one of the two: several row
 * labels glued to a digit, or most of its value lines holding one value and
 * nothing else.
 */
#include "solver.h"

#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 8				/* keys of one row: label and aliases, each with and without ordinal */
#define MAX_OCC 256				/* occurrences of one row's labels considered */
#define MAX_SECTION_OCC 16384	/* and of all the rows of a section */
#define MAX_TROWS 48			/* value rows of one section */
#define NBSP_MARK '\x01'		/* U+00A0 in the compact text: a blank cell */
#define MAX_PLAIN_VALUES 4096	/* values of one plain-text table past which it is no table */

/* ------------------------------------------------------------ label keys */

typedef struct rkey
{
	char		k[256];
	int			len;
	bool		full;			/* with its ordinal */
	char		ord[8];			/* the full label's Arabic ordinal digits ("2" of 2.重复申请), "" none */
} rkey;

typedef struct trow
{
	int			table;
	int			row;
	int			nkeys;
	rkey		keys[MAX_KEYS];
} trow;

static void
add_keys(trow *tr, const char *label, const char *aliases)
{
	const char *lists[2] = {label, aliases};

	for (int l = 0; l < 2; l++)
		for (const char *p = lists[l]; p && *p;)
		{
			const char *bar = strchr(p, '|');
			int			n = bar ? (int) (bar - p) : (int) strlen(p);

			if (tr->nkeys + 2 <= MAX_KEYS)
			{
				rkey	   *k = &tr->keys[tr->nkeys];
				int			skip,
							d = 0;

				k->len = label_key(p, n, k->k, sizeof k->k);
				k->full = true;
				k->ord[0] = '\0';
				if (k->len > 0)
				{
					tr->nkeys++;
					if (key_strip_ordinal(k->k, k->len, &skip) > 0)
					{
						rkey	   *s = &tr->keys[tr->nkeys++];

						while (d < skip && d < 6 && k->k[d] >= '0' && k->k[d] <= '9')
							d++;
						memcpy(k->ord, k->k, (size_t) d);
						k->ord[d] = '\0';
						memcpy(s->k, k->k + skip, (size_t) (k->len - skip));
						s->len = k->len - skip;
						s->k[s->len] = '\0';
						s->full = false;
						memcpy(s->ord, k->ord, sizeof s->ord);
					}
				}
			}
			p = bar ? bar + 1 : NULL;
		}
}

/* The value rows of a section's tables, in template order. */
static int
section_rows(const gai_template_def *tpl, gai_section_id sec, trow *out, int max)
{
	int			n = 0;

	for (int t = 0; t < tpl->ntables; t++)
	{
		const gai_table_def *td = &tpl->tables[t];

		if (td->section != sec)
			continue;
		for (int r = 0; r < td->nrows && n < max; r++)
		{
			if (!td->rows[r].code)
				continue;
			memset(&out[n], 0, sizeof out[n]);
			out[n].table = t;
			out[n].row = r;
			add_keys(&out[n], td->rows[r].label, td->rows[r].aliases);
			n++;
		}
	}
	return n;
}

/* The rows' label keys by their last byte, for label_ends_at. */
typedef struct keys_by_end
{
	const rkey *key[512];
	int			n;
	int			first[257];		/* keys ending in byte b: key[first[b] .. first[b + 1]) */
} keys_by_end;

static void
keys_by_end_build(keys_by_end *ke, const trow *rows, int nrows)
{
	int			count[256] = {0};

	ke->n = 0;
	for (int r = 0; r < nrows; r++)
		for (int k = 0; k < rows[r].nkeys; k++)
			if (rows[r].keys[k].len > 0)
				count[(unsigned char) rows[r].keys[k].k[rows[r].keys[k].len - 1]]++;
	ke->first[0] = 0;
	for (int c = 0; c < 256; c++)
		ke->first[c + 1] = ke->first[c] + count[c];
	memset(count, 0, sizeof count);
	for (int r = 0; r < nrows; r++)
		for (int k = 0; k < rows[r].nkeys; k++)
		{
			const rkey *key = &rows[r].keys[k];
			unsigned char last;

			if (key->len <= 0)
				continue;
			last = (unsigned char) key->k[key->len - 1];
			if (ke->first[last] + count[last] < 512)
				ke->key[ke->first[last] + count[last]++] = key;
		}
	ke->n = ke->first[256];
}

/*
 * The rows and label keys of each template, built once by glued_init: every
 * text passes through glued_read, and normalising the labels per text cost
 * more than the test whether the text is glued at all.
 */
typedef struct glued_rows
{
	trow	   *rows;			/* tables 二 and 三 in template order */
	int			from[GAI_SEC_COUNT];	/* a section's rows: rows[from .. from + n) */
	int			n[GAI_SEC_COUNT];
	int			nrows;
	keys_by_end ke;
} glued_rows;

static glued_rows *glued_cache;	/* one per gai_templates[] entry */

static void
glued_rows_build(const gai_template_def *tpl, glued_rows *gr, trow *rows)
{
	memset(gr, 0, sizeof *gr);
	gr->rows = rows;
	for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_REQUESTS; sec++)
	{
		gr->from[sec] = gr->nrows;
		gr->n[sec] = section_rows(tpl, (gai_section_id) sec, rows + gr->nrows, MAX_TROWS);
		gr->nrows += gr->n[sec];
	}
	keys_by_end_build(&gr->ke, rows, gr->nrows);
}

int
glued_init(void)
{
	glued_rows *c;

	if (glued_cache)
		return 0;
	c = calloc((size_t) gai_n_templates, sizeof *c);
	if (!c)
		return -1;
	for (int t = 0; t < gai_n_templates; t++)
	{
		trow	   *rows = malloc(sizeof(trow) * MAX_TROWS * (GAI_SEC_REQUESTS - GAI_SEC_ACTIVE + 1));

		if (!rows)
		{
			for (int k = 0; k < t; k++)
				free(c[k].rows);
			free(c);
			return -1;
		}
		glued_rows_build(&gai_templates[t], &c[t], rows);
	}
	glued_cache = c;
	return 0;
}

/* The template's rows (every parse follows a gai_init that built them). */
static const glued_rows *
glued_rows_of(gai_builder *b)
{
	return &glued_cache[b->tpl - gai_templates];
}

/* ------------------------------------------------------------ value characters */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A count unit, 元 or 万元 at s[0..len): its length, 0 if none. */
static int
unit_at(const char *s, int len)
{
	int			best = 0;

	/* every unit is Han: its first byte leads a three-byte character */
	if (len < 3 || ((unsigned char) s[0] & 0xF0) != 0xE0)
		return 0;
	if (len >= (int) sizeof gai_wan_yuan - 1 && memcmp(s, gai_wan_yuan, sizeof gai_wan_yuan - 1) == 0)
		return (int) sizeof gai_wan_yuan - 1;
	if (len >= (int) sizeof gai_yuan - 1 && memcmp(s, gai_yuan, sizeof gai_yuan - 1) == 0)
		return (int) sizeof gai_yuan - 1;
	for (int i = 0; gai_count_units[i]; i++)
	{
		int			n = (int) strlen(gai_count_units[i]);

		if (n > best && n <= len && memcmp(s, gai_count_units[i], (size_t) n) == 0)
			best = n;
	}
	return best;
}

typedef enum vchar
{
	VC_NONE = 0,				/* no part of a value: the value text ends */
	VC_NUM,						/* digit, sign, point, comma */
	VC_BLANK,					/* a blank cell: U+00A0, a dash, /, 无, 空 */
	VC_UNIT						/* a unit: ends the number before it */
} vchar;

/* What s[i] is in value text; *n: its length in bytes. */
static vchar
value_char(const char *s, int len, int i, int *n)
{
	unsigned char c = (unsigned char) s[i];
	int			j = i,
				cp;

	*n = 1;
	if (is_digit((char) c) || c == '+' || c == '-' || c == '.' || c == ',')
		return VC_NUM;
	if (c == (unsigned char) NBSP_MARK || c == '/')
		return VC_BLANK;
	if (c < 0x80)
		return VC_NONE;
	cp = utf8_next(s, len, &j);
	*n = j - i;
	if (cp == 0x2212)
		return VC_NUM;			/* − MINUS SIGN */
	if (is_dash(cp) || cp == 0x65E0 /* 无 */ || cp == 0x7A7A /* 空 */ )
		return VC_BLANK;
	if ((*n = unit_at(s + i, len - i)) > 0)
		return VC_UNIT;
	*n = j - i;
	return VC_NONE;
}

/* ------------------------------------------------------------ compact text */

typedef struct gtext
{
	char	   *s;				/* normalised, white space removed, U+00A0 as NBSP_MARK */
	uint8_t    *sp;				/* white space or a line end before s[i] */
	int			n;
	int			nlines;
	int		   *line_off;		/* where each source line starts in s */
	int		   *line_no;		/* its number */
	int		   *line_idx;		/* its index in doc->lines */
} gtext;

static int
gt_line_of(const gtext *g, int pos)
{
	int			lo = 0,
				hi = g->nlines - 1;

	while (lo < hi)
	{
		int			mid = (lo + hi + 1) / 2;

		if (g->line_off[mid] <= pos)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Append the normalised text of src[0..len) (no U+00A0 in it). */
static void
gt_put_chunk(gai_builder *b, gtext *g, size_t cap, const char *src, int len, bool *pending_sp)
{
	char		stack[1024];
	char	   *buf = stack;
	size_t		bcap = sizeof stack;
	int			inv = 0;
	size_t		n;

	if (len <= 0)
		return;
	if ((size_t) len * 3 + 16 > bcap)
	{
		bcap = (size_t) len * 3 + 16;
		buf = arena_alloc(&b->arena, bcap);
	}
	n = norm_line(src, (size_t) len, buf, bcap, &inv);
	if (n > bcap)
	{
		bcap = n + 16;
		buf = arena_alloc(&b->arena, bcap);
		n = norm_line(src, (size_t) len, buf, bcap, &inv);
	}
	for (size_t i = 0; i < n && (size_t) g->n < cap; i++)
	{
		if (buf[i] == ' ' || buf[i] == '\t')
		{
			*pending_sp = true;
			continue;
		}
		g->s[g->n] = buf[i];
		g->sp[g->n] = *pending_sp;
		*pending_sp = false;
		g->n++;
	}
}

static bool has_nbsp(const gai_doc *doc, const gai_line *ln);

/*
 * A row of blank marks around a number (———————123—————) looks like a
 * dashed page number (— 4 —) to lines.c; a page number has one or two
 * dashes a side, and web text has no pages.
 */
static bool
dash_row(const gai_line *ln)
{
	int			lead = 0,
				i = 0;

	while (i < ln->len)
	{
		int			j = i,
					cp = utf8_next(ln->text, ln->len, &j);

		if (!is_dash(cp) && cp != ' ')
			break;
		lead += cp != ' ';
		i = j;
	}
	return lead >= 3;
}

/* A line of the compact text: text, a blank line of U+00A0 (a row of blank cells), a row of dashes. */
static bool
gt_line(const gai_doc *doc, const gai_line *ln)
{
	return ln->kind == LINE_TEXT || (ln->kind == LINE_BLANK && ln->orig_len > 0 && has_nbsp(doc, ln)) ||
		(ln->kind == LINE_NOISE && dash_row(ln));
}

/* The compact text of lines [from, to) of the doc (text lines only). */
static void
gt_build(gai_builder *b, gtext *g, int from, int to)
{
	gai_doc    *doc = &b->doc;
	size_t		cap = 16;

	memset(g, 0, sizeof *g);
	for (int li = from; li < to; li++)
		if (gt_line(doc, &doc->lines[li]))
		{
			cap += (size_t) doc->lines[li].orig_len * 3 + 8;
			g->nlines++;
		}
	g->s = arena_alloc(&b->arena, cap + 1);
	g->sp = arena_alloc(&b->arena, cap + 1);
	g->line_off = arena_alloc(&b->arena, sizeof(int) * (size_t) (g->nlines + 1));
	g->line_no = arena_alloc(&b->arena, sizeof(int) * (size_t) (g->nlines + 1));
	g->line_idx = arena_alloc(&b->arena, sizeof(int) * (size_t) (g->nlines + 1));
	g->nlines = 0;
	for (int li = from; li < to; li++)
	{
		const gai_line *ln = &doc->lines[li];
		const char *o = line_orig(doc, ln);
		int			start = 0;
		bool		pending = true;

		if (!gt_line(doc, ln))
			continue;
		gai_tick(doc, li);
		g->line_off[g->nlines] = g->n;
		g->line_no[g->nlines] = ln->number;
		g->line_idx[g->nlines] = li;
		g->nlines++;
		for (int i = 0; i + 1 < ln->orig_len; i++)
			if ((unsigned char) o[i] == 0xC2 && (unsigned char) o[i + 1] == 0xA0)
			{
				gt_put_chunk(b, g, cap, o + start, i - start, &pending);
				if ((size_t) g->n < cap)
				{
					g->s[g->n] = NBSP_MARK;
					g->sp[g->n] = pending;
					g->n++;
				}
				pending = false;
				start = i + 2;
				i++;
			}
		gt_put_chunk(b, g, cap, o + start, ln->orig_len - start, &pending);
	}
	g->line_off[g->nlines] = g->n;
	g->s[g->n] = '\0';
}

/* ------------------------------------------------------------ rows in the text */

typedef struct occ
{
	int			pos,
				end;			/* the label's extent */
	int			ext;			/* pos, or the start of its ordinal before it */
	int			ri;				/* index among the section's rows */
	int			score;
	int			prev;			/* chain: previous element, -1 */
	int			best;			/* chain: best score ending here */
} occ;

static int
occ_order(const void *a, const void *b)
{
	const occ  *x = a,
			   *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;	/* longest first */
	return x->ri - y->ri;
}

typedef struct occ_end
{
	int			end;
	int			idx;
} occ_end;

static int
occ_end_order(const void *a, const void *b)
{
	const occ_end *x = a,
			   *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->idx - y->idx;
}

/* The end of the value text that starts at i: the first character no value has. */
static int
value_end(const gtext *g, int i, int limit)
{
	while (i < limit)
	{
		int			n;

		if (value_char(g->s, g->n, i, &n) == VC_NONE)
			break;
		i += n;
	}
	return i < limit ? i : limit;
}

static bool
value_follows(const gtext *g, int i)
{
	int			n;

	return i < g->n && value_char(g->s, g->n, i, &n) != VC_NONE && value_char(g->s, g->n, i, &n) != VC_UNIT;
}

/*
 * Where a label found without its ordinal really starts: an Arabic ordinal
 * right before it (2. or 2、) is no part of the value before.  The template's
 * ordinal when the text has it, else one digit.
 */
static int
ordinal_start(const gtext *g, int pos, const rkey *k)
{
	int			i = pos,
				n = (int) strlen(k->ord);

	if (k->full)
		return pos;
	if (i >= 1 && (g->s[i - 1] == '.' || g->s[i - 1] == ','))
		i -= 1;
	else if (i >= 3 && memcmp(g->s + i - 3, "、", 3) == 0)
		i -= 3;
	else
		return pos;
	if (n > 0 && i >= n && memcmp(g->s + i - n, k->ord, (size_t) n) == 0)
		return i - n;
	if (i >= 1 && is_digit(g->s[i - 1]))
		return i - 1;
	return pos;
}

/*
 * The section's rows in the text: every occurrence of a row's label that a
 * value follows, then the chain (rows in template order, positions
 * increasing) with the highest score.  found[ri] = the occurrence, -1.
 */
static int
find_rows(gai_builder *b, const gtext *g, const trow *rows, int nrows, int from, int to, occ **out_occ,
		  int *found)
{
	gai_vec		v = {0};
	occ		   *o;
	int			n,
				best = -1;

	for (int ri = 0; ri < nrows; ri++)
	{
		found[ri] = -1;
		for (int k = 0; k < rows[ri].nkeys; k++)
		{
			const rkey *key = &rows[ri].keys[k];
			int			seen = 0;

			for (const char *p = g->s + from; p < g->s + to && seen < MAX_OCC;)
			{
				const char *hit = memmem(p, (size_t) (g->s + to - p), key->k, (size_t) key->len);
				occ		   *x;
				int			pos;

				if (!hit)
					break;
				pos = (int) (hit - g->s);
				p = hit + 1;
				if (!value_follows(g, pos + key->len))
					continue;
				if (v.n >= MAX_SECTION_OCC)
					break;
				seen++;
				x = vec_push(&b->arena, &v, sizeof(occ));
				x->pos = pos;
				x->end = pos + key->len;
				x->ext = ordinal_start(g, pos, key);
				x->ri = ri;
				/* exact labels first; a value glued right after it is what this shape looks like */
				x->score = (key->full ? 4 : 2) + (g->sp[x->end] ? 0 : 1);
				x->prev = -1;
				x->best = 0;
			}
		}
	}
	o = v.data;
	n = v.n;
	if (n == 0)
	{
		*out_occ = NULL;
		return 0;
	}
	qsort(o, (size_t) n, sizeof(occ), occ_order);
	/* the same row at the same place: its longest label only */
	{
		int			m = 0;

		for (int i = 0; i < n; i++)
			if (m == 0 || o[m - 1].pos != o[i].pos || o[m - 1].ri != o[i].ri)
				o[m++] = o[i];
		n = m;
	}
	/*
	 * The chain, O(n × rows): occurrences by position; an occurrence joins
	 * the table of best chains per row (row_best) once the text has passed
	 * its end; each takes the best chain of a row before its own.
	 */
	{
		occ_end    *by_end = arena_alloc(&b->arena, sizeof(occ_end) * (size_t) n);
		int			row_best[MAX_TROWS],
					row_idx[MAX_TROWS],
					done = 0;

		for (int r = 0; r < nrows && r < MAX_TROWS; r++)
			row_best[r] = 0, row_idx[r] = -1;
		for (int i = 0; i < n; i++)
			by_end[i] = (occ_end) {o[i].end, i};
		qsort(by_end, (size_t) n, sizeof(occ_end), occ_end_order);
		for (int j = 0; j < n; j++)
		{
			int			add = 0,
						from = -1;

			gai_tick(&b->doc, j);
			while (done < n && by_end[done].end <= o[j].ext)
			{
				occ		   *x = &o[by_end[done++].idx];

				if (x->best > row_best[x->ri])
				{
					row_best[x->ri] = x->best;
					row_idx[x->ri] = (int) (x - o);
				}
			}
			for (int r = 0; r < o[j].ri; r++)
				if (row_idx[r] >= 0 && row_best[r] > add)
				{
					add = row_best[r];
					from = row_idx[r];
				}
			o[j].best = o[j].score + add;
			o[j].prev = from;
			if (best < 0 || o[j].best > o[best].best)
				best = j;
		}
	}
	for (int j = best; j >= 0; j = o[j].prev)
		found[o[j].ri] = j;
	*out_occ = o;
	return n;
}

/* ------------------------------------------------------------ value text to segments */

/* The segments of value text g->s[from..to); spaces: white space is a cell boundary. */
static gs_seg *
make_segs(gai_builder *b, const gtext *g, int from, int to, bool spaces, int *nsegs)
{
	gai_vec		v = {0};
	char	   *buf = arena_alloc(&b->arena, (size_t) (to - from) + 1);
	int			bo = 0;
	gs_seg	   *run = NULL;

	for (int i = from; i < to;)
	{
		int			n;
		vchar		k = value_char(g->s, g->n, i, &n);
		int			line = g->line_no[gt_line_of(g, i)];

		if (g->sp[i] && spaces)
			run = NULL;			/* white space: a cell boundary */
		if (k == VC_NUM)
		{
			if (!run)
			{
				run = vec_push(&b->arena, &v, sizeof(gs_seg));
				memset(run, 0, sizeof *run);
				run->kind = GS_RUN;
				run->s = buf + bo;
				run->line = line;
			}
			buf[bo++] = n == 3 ? '-' : g->s[i];		/* − as - */
			run->len++;
		}
		else if (k == VC_UNIT && run)
		{
			memcpy(buf + bo, g->s + i, (size_t) n);
			bo += n;
			run->unit_len = n;
			run = NULL;
		}
		else if (k == VC_BLANK)
		{
			gs_seg	   *bl = vec_push(&b->arena, &v, sizeof(gs_seg));

			memset(bl, 0, sizeof *bl);
			bl->kind = GS_BLANK;
			bl->s = g->s[i] == NBSP_MARK ? "" : arena_strndup(&b->arena, g->s + i, (size_t) n);
			bl->line = line;
			run = NULL;
		}
		else
			run = NULL;			/* a unit with no number: nothing */
		i += n;
	}
	buf[bo] = '\0';
	*nsegs = v.n;
	return v.data;
}

/* The region's segments, and with white space that is no boundary when it has some. */
static void
region_segs(gai_builder *b, const gtext *g, int from, int to, gs_region *rg)
{
	bool		inner = false;

	rg->segs = make_segs(b, g, from, to, true, &rg->nsegs);
	for (int i = from + 1; i < to && !inner; i++)
		inner = g->sp[i] && is_digit(g->s[i]) && is_digit(g->s[i - 1]);
	if (inner)
		rg->alt_segs = make_segs(b, g, from, to, false, &rg->alt_nsegs);
}

/* The text of g->s[from..to) as printed (U+00A0 marks as spaces). */
static char *
raw_text(gai_builder *b, const gtext *g, int from, int to)
{
	char	   *r = arena_alloc(&b->arena, (size_t) (to - from) * 2 + 1);
	int			o = 0;

	for (int i = from; i < to; i++)
	{
		if (g->sp[i] && o > 0)
			r[o++] = ' ';
		r[o++] = g->s[i] == NBSP_MARK ? ' ' : g->s[i];
	}
	r[o] = '\0';
	return r;
}

/* ------------------------------------------------------------ solving */

static void
warn_cb(void *arg, int line, const char *msg)
{
	gai_warn((gai_builder *) arg, line, "%s", msg);
}

static void
solve(gai_builder *b, int table, bool header_wan, gs_region *regs, int nregs)
{
	gs_ctx		ctx;
	gs_table	t;

	if (nregs == 0)
		return;
	memset(&ctx, 0, sizeof ctx);
	ctx.arena = &b->arena;
	ctx.hooks = b->doc.hooks;
	ctx.warn = warn_cb;
	ctx.warn_arg = b;
	t.tpl = b->tpl;
	t.table = table;
	t.header_wan = header_wan;
	t.nregions = nregs;
	t.regions = regs;
	gs_solve(&ctx, &t, b->r->template_cells);
}

/* Mark the lines a table's text covers whole as used (no narrative). */
static void
mark_used(gai_builder *b, const gtext *g, int from, int to)
{
	for (int l = gt_line_of(g, from); l < g->nlines && g->line_off[l] < to; l++)
		if (g->line_off[l] >= from && g->line_off[l + 1] <= to + 8)
			b->doc.lines[g->line_idx[l]].used = true;
}

/* The row tables of a section (table 二 blocks, table 三) found in the text. */
static bool
read_rows(gai_builder *b, const gtext *g, gai_section_id sec, int *glued_hits, int *table_end)
{
	const glued_rows *gr = glued_rows_of(b);
	const trow *rows = gr->rows + gr->from[sec];
	int			nrows = gr->n[sec];
	int			found[MAX_TROWS];
	occ		   *o;
	int			first = -1,
				last = -1;
	bool		any = false;

	if (find_rows(b, g, rows, nrows, 0, g->n, &o, found) == 0)
		return false;
	for (int t = 0; t < b->tpl->ntables; t++)
	{
		gs_region  *regs = arena_alloc(&b->arena, sizeof(gs_region) * MAX_TROWS);
		int			nregs = 0;
		bool		wan = false;

		if (b->tpl->tables[t].section != sec)
			continue;
		for (int ri = 0; ri < nrows; ri++)
		{
			const occ  *x;
			int			limit = g->n,
						ve;
			gs_region  *rg;
			int		   *one;

			if (rows[ri].table != t || found[ri] < 0)
				continue;
			x = &o[found[ri]];
			for (int rj = ri + 1; rj < nrows; rj++)
				if (found[rj] >= 0)
				{
					limit = o[found[rj]].ext;
					break;
				}
			ve = value_end(g, x->end, limit);
			if (ve <= x->end)
				continue;
			*glued_hits += !g->sp[x->end];
			/* a header in 万元 (采购总金额（万元）) just before the block's first row */
			{
				int			hs = x->pos > 90 ? x->pos - 90 : 0;

				if (memmem(g->s + hs, (size_t) (x->pos - hs), gai_wan_yuan, sizeof gai_wan_yuan - 1))
					wan = true;
			}
			rg = &regs[nregs++];
			memset(rg, 0, sizeof *rg);
			region_segs(b, g, x->end, ve, rg);
			rg->gaps = GS_GAPS_IF_SHORT;
			one = arena_alloc(&b->arena, sizeof(int));
			*one = rows[ri].row;
			rg->rows = one;
			rg->nrows = 1;
			rg->line = g->line_no[gt_line_of(g, x->pos)];
			rg->raw = raw_text(b, g, x->end, ve);
			rg->raw_len = (int) strlen(rg->raw);
			if (first < 0 || x->pos < first)
				first = x->pos;
			if (ve > last)
				last = ve;
		}
		if (nregs > 0)
		{
			solve(b, t, wan, regs, nregs);
			any = true;
		}
	}
	if (any)
	{
		b->table_seen[sec] = true;
		mark_used(b, g, first, last);
		*table_end = last;
	}
	return any;
}

/* The appeals table: its header words run together, then its 15 cells. */
static bool
read_appeals_glued(gai_builder *b, const gtext *g, int from)
{
	int			table = -1;
	const gai_table_def *td;
	char		keys[24][64];
	int			klen[24],
				nk = 0;
	int			best_pos = -1,
				best_end = -1,
				best_n = 0;

	for (int t = 0; t < b->tpl->ntables; t++)
		if (b->tpl->tables[t].section == GAI_SEC_APPEALS)
			table = t;
	if (table < 0)
		return false;
	td = &b->tpl->tables[table];
	/* the header's words: the table's header words, column and row labels */
	for (const char *p = td->header_words; p && *p && nk < 24;)
	{
		const char *bar = strchr(p, '|');
		int			n = bar ? (int) (bar - p) : (int) strlen(p);

		klen[nk] = label_key(p, n, keys[nk], sizeof keys[nk]);
		nk += klen[nk] > 0;
		p = bar ? bar + 1 : NULL;
	}
	for (int c = 0; c < td->ncols && nk < 24; c++)
	{
		klen[nk] = label_key(td->cols[c].label, (int) strlen(td->cols[c].label), keys[nk], sizeof keys[nk]);
		nk += klen[nk] > 0;
	}
	for (int r = 0; r < td->nrows && nk < 24; r++)
	{
		klen[nk] = label_key(td->rows[r].label, (int) strlen(td->rows[r].label), keys[nk], sizeof keys[nk]);
		nk += klen[nk] > 0;
	}
	/* runs of header words back to back; the longest one a value follows */
	for (int i = from; i < g->n;)
	{
		int			start = i,
					words = 0,
					j = i;

		for (;;)
		{
			int			bestk = 0;

			/* the header's words are Han: only a character that starts one can */
			if (j + 3 > g->n || ((unsigned char) g->s[j] & 0xF0) != 0xE0)
				break;
			for (int k = 0; k < nk; k++)
				if (klen[k] > bestk && j + klen[k] <= g->n && keys[k][0] == g->s[j] && keys[k][1] == g->s[j + 1] &&
					keys[k][2] == g->s[j + 2] && memcmp(g->s + j, keys[k], (size_t) klen[k]) == 0)
					bestk = klen[k];
			if (bestk == 0)
				break;
			j += bestk;
			words++;
		}
		if (words >= 3 && words > best_n && value_follows(g, j))
		{
			best_n = words;
			best_pos = start;
			best_end = j;
		}
		if (words > 0)
			i = j;
		else
		{
			i++;
			while (i < g->n && ((unsigned char) g->s[i] & 0xC0) == 0x80)
				i++;
		}
		gai_tick(&b->doc, i);
	}
	if (best_pos < 0)
		return false;
	{
		int			ve = value_end(g, best_end, g->n);
		gs_region  *rg = arena_alloc(&b->arena, sizeof(gs_region));
		int		   *rows = arena_alloc(&b->arena, sizeof(int) * (size_t) td->nrows);

		memset(rg, 0, sizeof *rg);
		for (int r = 0; r < td->nrows; r++)
			rows[r] = r;
		region_segs(b, g, best_end, ve, rg);
		rg->gaps = GS_GAPS_IF_SHORT;
		rg->rows = rows;
		rg->nrows = td->nrows;
		rg->line = g->line_no[gt_line_of(g, best_end)];
		rg->raw = raw_text(b, g, best_end, ve);
		rg->raw_len = (int) strlen(rg->raw);
		solve(b, table, false, rg, 1);
		b->table_seen[GAI_SEC_APPEALS] = true;
		mark_used(b, g, best_pos, ve);
	}
	return true;
}

/* ------------------------------------------------------------ which zones */

/* Does the line's original text hold U+00A0? */
static bool
has_nbsp(const gai_doc *doc, const gai_line *ln)
{
	const char *o = line_orig(doc, ln);

	for (int i = 0; i + 1 < ln->orig_len; i++)
		if ((unsigned char) o[i] == 0xC2 && (unsigned char) o[i + 1] == 0xA0)
			return true;
	return false;
}

/* Does text[0..i) end with one of the rows' label keys? */
static bool
label_ends_at(const char *text, int i, const keys_by_end *ke)
{
	unsigned char last;

	if (i <= 0)
		return false;
	last = (unsigned char) text[i - 1];
	for (int k = ke->first[last]; k < ke->first[last + 1] && k < 512; k++)
	{
		const rkey *key = ke->key[k];

		if (key->len <= i && memcmp(text + i - key->len, key->k, (size_t) key->len) == 0)
			return true;
	}
	return false;
}

/*
 * Does a value start at s[i]: a blank marker, a digit, or (not digits_only)
 * any of value_char's VC_NUM?  Every text passes through glued_label_hits:
 * this answers without value_char's unit lookup at every Han character.
 */
static bool
value_starts(const char *s, int len, int i, bool digits_only)
{
	unsigned char c = (unsigned char) s[i];
	int			j = i,
				cp;

	if (c < 0x80)
		return is_digit((char) c) || c == '/' || c == (unsigned char) NBSP_MARK ||
			(!digits_only && (c == '+' || c == '-' || c == '.' || c == ','));
	if (c < 0xC0)
		return false;			/* a UTF-8 continuation byte */
	cp = utf8_next(s, len, &j);
	return is_dash(cp) || cp == 0x65E0 /* 无 */ || cp == 0x7A7A /* 空 */ ||
		(!digits_only && cp == 0x2212);
}

/*
 * Row labels of the template glued to a value in lines [from, to): a digit,
 * a blank marker (—, /) or U+00A0 right after the label, no space between.
 * The evidence of glued text: the other shapes put a TAB, a pipe or spaces
 * there.  Lines with U+00A0 (which normalisation makes a space) are looked
 * at in their compact form.
 */
static int
glued_label_hits(gai_builder *b, int from, int to, const keys_by_end *ke)
{
	int			hits = 0;

	for (int li = from; li < to; li++)
	{
		const gai_line *ln = &b->doc.lines[li];

		if (ln->kind != LINE_TEXT || ln->tab_led)
			continue;
		gai_tick(&b->doc, li);
		if (has_nbsp(&b->doc, ln))
		{
			gtext		g;

			gt_build(b, &g, li, li + 1);
			for (int i = 1; i < g.n; i++)
			{
				if ((unsigned char) g.s[i - 1] >= 0x80 && !g.sp[i] &&
					value_starts(g.s, g.n, i, false) && label_ends_at(g.s, i, ke))
					hits++;
			}
			continue;
		}
		for (int i = 1; i < ln->len; i++)
			if ((unsigned char) ln->text[i - 1] >= 0x80 && value_starts(ln->text, ln->len, i, true) &&
				label_ends_at(ln->text, i, ke))
				hits++;
	}
	return hits;
}

gai_template_id
glued_template(gai_builder *b)
{
	int			score[GAI_TEMPLATE_SLOTS] = {0};

	if (b->doc.html)
		return GAI_TEMPLATE_NONE;
	for (int ti = 0; ti < gai_n_templates; ti++)
	{
		const gai_template_def *tpl = &gai_templates[ti];

		for (int t = 0; t < tpl->ntables; t++)
		{
			const gai_table_def *td = &tpl->tables[t];

			for (int k = 0; k < td->nrows + td->ncols; k++)
			{
				const char *label = k < td->nrows ? td->rows[k].label : td->cols[k - td->nrows].label;
				char		key[256];
				int			len = label_key(label, (int) strlen(label), key, sizeof key);
				int			mask = label_template_mask(key, len);

				/* a label of this template only, long enough to mean it */
				if (mask != 1 << (tpl->id - 1) || utf8_count(key, len) < 4)
					continue;
				for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
				{
					bool		hit = false;

					for (int li = b->zone_start[sec]; li >= 0 && li < b->zone_end[sec] && !hit; li++)
					{
						const gai_line *ln = &b->doc.lines[li];

						hit = ln->kind == LINE_TEXT && memmem(ln->text, (size_t) ln->len, key, (size_t) len);
					}
					if (hit)
					{
						score[tpl->id]++;
						break;
					}
				}
			}
		}
	}
	return template_vote(score);
}

/* forward: plain pdftotext */
typedef struct pages pages;
static bool plain_zone(gai_builder *b, int sec, bool relaxed);
static void plain_read(gai_builder *b, int sec, pages **pgp);

gai_layout
glued_read(gai_builder *b, bool done[GAI_SEC_COUNT])
{
	bool		glued_zone[GAI_SEC_COUNT] = {0};
	bool		any_glued = false,
				any_plain = false;
	pages	   *pg = NULL;
	const keys_by_end *ke;

	if (!b->tpl || b->doc.html)
		return GAI_LAYOUT_UNKNOWN;
	ke = &glued_rows_of(b)->ke;
	for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
	{
		if (b->zone_start[sec] < 0)
			continue;
		if (glued_label_hits(b, b->zone_start[sec], b->zone_end[sec], ke) >= 2)
		{
			glued_zone[sec] = true;
			any_glued = true;
		}
	}
	if (any_glued)
	{
		/*
		 * The text is glued web text: every table zone's text, joined (a
		 * flat page is one zone holding every table, the appeals table's
		 * cells follow its header without a label of their own).
		 */
		int			from = b->doc.n_lines,
					to = 0,
					hits = 0,
					requests_end = 0,
					end = 0;
		gtext		g;

		for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
			if (b->zone_start[sec] >= 0)
			{
				if (b->zone_start[sec] < from)
					from = b->zone_start[sec];
				if (b->zone_end[sec] > to)
					to = b->zone_end[sec];
			}
		gt_build(b, &g, from, to);
		for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_REQUESTS; sec++)
			if (read_rows(b, &g, (gai_section_id) sec, &hits, sec == GAI_SEC_REQUESTS ? &requests_end : &end))
				done[sec] = true;
		/* the appeals table follows the requests table */
		if (read_appeals_glued(b, &g, requests_end))
			done[GAI_SEC_APPEALS] = true;
		/* a glued zone is read here, even when its table was not found */
		for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
			if (glued_zone[sec])
				done[sec] = true;
	}
	for (int pass = 0; pass < 2; pass++)
		for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
			if (!done[sec] && b->zone_start[sec] >= 0 && (pass == 0 || any_plain) &&
				plain_zone(b, sec, pass == 1))
			{
				plain_read(b, sec, &pg);
				done[sec] = true;
				any_plain = true;
			}
	return any_glued ? GAI_LAYOUT_GLUED : any_plain ? GAI_LAYOUT_CELLS : GAI_LAYOUT_UNKNOWN;
}

/* ------------------------------------------------------------ plain pdftotext */

/* The line's text without its spaces, into buf (cap bytes); its length. */
static int
squeeze(const gai_line *ln, char *buf, int cap)
{
	int			o = 0;

	for (int i = 0; i < ln->len && o < cap - 1; i++)
		if (ln->text[i] != ' ' && ln->text[i] != '\t')
			buf[o++] = ln->text[i];
	buf[o] = '\0';
	return o;
}

/* A line that is one value and nothing else (a cell of plain pdftotext). */
static bool
value_line(const gai_line *ln)
{
	char		w[64];
	int			n;

	if (ln->kind != LINE_TEXT || ln->len == 0 || ln->len >= (int) sizeof w)
		return false;
	n = squeeze(ln, w, sizeof w);
	return n > 0 && word_is_value(w, n);
}

/*
 * Page numbers printed bare (a line "4"): pdftotext's reading order may put
 * them anywhere on their page, even among a table's values.  The text uses
 * them when most pages that end (form feed) hold a lone number equal to the
 * page's and no footer of another style (第4页, - 4 -); then on each page the
 * one such line is its number.  A page with two (the table has a value equal
 * to the page number) keeps both, each maybe a value: not the page's last
 * line taken for its number, since pdftotext may put the number among the
 * values and end the page with the table's last value (a total 4 on page 4
 * dropped, the number read in a cell: four cells wrong).
 */
struct pages
{
	bool		bare;
	int		   *first;			/* first line entry of each page (1-based; first[npages + 1] = n_lines) */
	int		   *footer;			/* per page: its number's line entry, -1 none, -2 several */
	int			npages;
};

static int
lone_number(const gai_line *ln)
{
	int			v = 0;

	if (ln->kind != LINE_TEXT || ln->len == 0 || ln->len > 4)
		return -1;
	for (int i = 0; i < ln->len; i++)
	{
		if (!is_digit(ln->text[i]))
			return -1;
		v = v * 10 + (ln->text[i] - '0');
	}
	return v;
}

/* The page of a line entry (form feeds counted: few pages, a bisection). */
static int
page_of(const pages *pg, int li)
{
	int			lo = 1,
				hi = pg->npages;

	while (lo < hi)
	{
		int			mid = (lo + hi + 1) / 2;

		if (pg->first[mid] <= li)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static void
pages_find(gai_builder *b, pages *pg)
{
	gai_doc    *doc = &b->doc;
	int			ended = 0,
				numbered = 0,
				page = 1;
	bool		noise = false;
	size_t		pos = 0;
	gai_vec		first = {0};

	memset(pg, 0, sizeof *pg);
	*(int *) vec_push(&b->arena, &first, sizeof(int)) = 0;	/* page 0: none */
	*(int *) vec_push(&b->arena, &first, sizeof(int)) = 0;	/* page 1 */
	for (int li = 0; li < doc->n_lines; li++)
	{
		size_t		off = doc->lines[li].orig_off;

		gai_tick(doc, li);
		while (pos < off)
		{
			const char *f = memchr(doc->src + pos, '\f', off - pos);

			if (!f)
			{
				pos = off;
				break;
			}
			page++;
			*(int *) vec_push(&b->arena, &first, sizeof(int)) = li;
			pos = (size_t) (f - doc->src) + 1;
		}
		noise |= doc->lines[li].kind == LINE_NOISE;
	}
	*(int *) vec_push(&b->arena, &first, sizeof(int)) = doc->n_lines;
	pg->first = first.data;
	pg->npages = page;
	pg->footer = arena_alloc(&b->arena, sizeof(int) * (size_t) (page + 2));
	for (int k = 0; k <= page + 1; k++)
		pg->footer[k] = -1;
	for (int k = 1; k <= page; k++)
		for (int li = pg->first[k]; li < pg->first[k + 1]; li++)
			if (lone_number(&doc->lines[li]) == k)
				pg->footer[k] = pg->footer[k] == -1 ? li : -2;
	for (int k = 1; k < page; k++)
	{
		ended++;
		numbered += pg->footer[k] != -1;
	}
	pg->bare = !noise && ended >= 2 && numbered * 5 >= ended * 4;
}

/* Is this line entry its page's bare number? */
static bool
page_number(const pages *pg, const gai_doc *doc, int li)
{
	return pg->bare && pg->footer[page_of(pg, li)] == li && doc->lines[li].kind == LINE_TEXT;
}

/* May it be (one of several lines that may be its page's number)? */
static bool
page_number_maybe(const pages *pg, const gai_doc *doc, int li)
{
	int			k = page_of(pg, li);

	return pg->bare && pg->footer[k] == -2 && lone_number(&doc->lines[li]) == k;
}

/*
 * Plain pdftotext: most of the zone's lines that hold a value hold one value
 * and nothing else, no line is led by a TAB (a Word export), none is a pipe
 * row, and few hold a label and values together (a row).
 */
static bool
plain_zone(gai_builder *b, int sec, bool relaxed)
{
	int			values = 0,
				rows = 0,
				indented = 0;

	for (int li = b->zone_start[sec]; li < b->zone_end[sec]; li++)
	{
		const gai_line *ln = &b->doc.lines[li];
		int			words = 0,
					vals = 0;

		if (ln->kind != LINE_TEXT)
			continue;
		if (ln->tab_led || memchr(ln->text, '\t', (size_t) ln->len) || memchr(ln->text, '|', (size_t) ln->len))
			return false;
		if (value_line(ln))
		{
			values++;
			/* pdftotext writes its lines from the margin; a browser dump (lynx) indents its cells */
			indented += ln->indent > 0;
			continue;
		}
		for (int i = 0; i < ln->len;)
		{
			int			ws;

			while (i < ln->len && ln->text[i] == ' ')
				i++;
			ws = i;
			while (i < ln->len && ln->text[i] != ' ')
				i++;
			if (i > ws)
			{
				words++;
				vals += word_is_value(ln->text + ws, i - ws);
			}
		}
		if (vals > 0 && words > 1)
			rows++;
	}
	if (indented * 10 > values)
		return false;
	/* relaxed: another table of the text is plain; this one may be all blank */
	return relaxed ? rows == 0 : values >= 4 && rows * 4 <= values;
}

/* One cell of plain text as a segment: a number (with its unit) or a blank marker. */
static void
plain_seg(gai_builder *b, const gai_line *ln, gs_seg *sg)
{
	char		w[64];
	int			n = squeeze(ln, w, sizeof w),
				k = 0;

	memset(sg, 0, sizeof *sg);
	sg->line = ln->number;
	sg->whole = true;
	if (n > 0 && !is_digit(w[0]) && w[0] != '+' && w[0] != '-' &&
		!(n >= 3 && memcmp(w, "\xE2\x88\x92", 3) == 0))
	{
		sg->kind = GS_BLANK;
		sg->s = arena_strndup(&b->arena, w, (size_t) n);
		return;
	}
	{
		char	   *t = arena_alloc(&b->arena, (size_t) n + 1);
		int			o = 0;

		if (n >= 3 && memcmp(w, "\xE2\x88\x92", 3) == 0)
		{
			t[o++] = '-';
			k = 3;
		}
		while (k < n && (is_digit(w[k]) || w[k] == '+' || w[k] == '-' || w[k] == '.' || w[k] == ','))
			t[o++] = w[k++];
		sg->len = o;
		memcpy(t + o, w + k, (size_t) (n - k));
		sg->unit_len = n - k;
		t[o + n - k] = '\0';
		sg->kind = GS_RUN;
		sg->s = t;
	}
}

/* The template row a label line names (exact, else the closest), -1 if none. */
static int
plain_row_label(gai_builder *b, gai_section_id sec, const char *key, int klen, int *table)
{
	label_hit	hits[8],
				best;
	int			n = label_hits_of(b->tpl->id, label_key_id(key, klen), hits, 8);

	for (int k = 0; k < n; k++)
		if (hits[k].kind == LK_ROW && b->tpl->tables[hits[k].table].section == sec && !hits[k].stripped)
		{
			*table = hits[k].table;
			return hits[k].index;
		}
	if (utf8_count(key, klen) >= 2 && label_best_row(b->tpl->id, sec, key, klen, &best) && best.score >= 100)
	{
		*table = best.table;
		return best.index;
	}
	return -1;
}

/*
 * Table 二 in plain text: its values, one a line, in reading order.  When
 * there are as many as the blocks have cells, they are the cells in order,
 * block after block (labels may stack before the values, 规 / 章 / 规范性文件
 * / header / 153 / …, or follow them: they are not needed).  With fewer, the
 * blank cells were dropped and nothing tells which block lost them (no rule
 * binds table 二): not read.
 */
static void
plain_active(gai_builder *b, const pages *pg, int from, int to)
{
	gai_vec		segs = {0};
	int			cells = 0,
				first = -1,
				last = -1,
				at = 0,
				optional = 0,
				line = b->doc.lines[from].number;
	bool		overflow = false;

	for (int t = 0; t < b->tpl->ntables; t++)
		if (b->tpl->tables[t].section == GAI_SEC_ACTIVE)
			for (int r = 0; r < b->tpl->tables[t].nrows; r++)
				cells += b->tpl->tables[t].rows[r].code ? b->tpl->tables[t].ncols : 0;
	for (int li = from; li < to; li++)
	{
		const gai_line *ln = &b->doc.lines[li];

		if (ln->kind != LINE_TEXT)
			continue;
		if (first < 0)
			first = li;
		if (!value_line(ln) || page_number(pg, &b->doc, li))
			continue;
		last = li;
		if (segs.n >= MAX_PLAIN_VALUES)
		{
			overflow = true;
			continue;
		}
		plain_seg(b, ln, vec_push(&b->arena, &segs, sizeof(gs_seg)));
		((gs_seg *) segs.data)[segs.n - 1].optional = page_number_maybe(pg, &b->doc, li);
		optional += page_number_maybe(pg, &b->doc, li);
	}
	if (overflow)
		segs.n = 0;				/* more values than any table: none of its cells fits */
	if (first < 0 || last < 0)
		return;
	/*
	 * Lines that may be page numbers: values when the count fits with
	 * them, page numbers when it fits without them.
	 */
	if (optional > 0 && segs.n != cells && segs.n - optional == cells)
	{
		int			o = 0;

		for (int k = 0; k < segs.n; k++)
			if (!((gs_seg *) segs.data)[k].optional)
				((gs_seg *) segs.data)[o++] = ((gs_seg *) segs.data)[k];
		segs.n = o;
	}
	for (int k = 0; k < segs.n; k++)
		((gs_seg *) segs.data)[k].optional = false;
	if (segs.n != cells)
		gai_warn(b, line, "active: %d values for its %d cells, blank cells dropped; without a rule their places "
				 "are not known: not read", segs.n, cells);
	for (int t = 0; t < b->tpl->ntables; t++)
	{
		const gai_table_def *td = &b->tpl->tables[t];
		gs_region	rg;
		int		   *rows;
		int			nrows = 0;

		if (td->section != GAI_SEC_ACTIVE)
			continue;
		rows = arena_alloc(&b->arena, sizeof(int) * (size_t) td->nrows);
		for (int r = 0; r < td->nrows; r++)
			if (td->rows[r].code)
				rows[nrows++] = r;
		memset(&rg, 0, sizeof rg);
		if (segs.n == cells)
		{
			rg.segs = (gs_seg *) segs.data + at;
			rg.nsegs = nrows * td->ncols;
			at += rg.nsegs;
		}
		else
		{
			/* an empty region never fits: every cell unreadable */
			rg.segs = NULL;
			rg.nsegs = 0;
		}
		rg.gaps = GS_GAPS_NEVER;
		rg.rows = rows;
		rg.nrows = nrows;
		rg.line = line;
		rg.raw = "";
		solve(b, t, false, &rg, 1);
	}
	b->table_seen[GAI_SEC_ACTIVE] = true;
	for (int li = first; li <= last; li++)
		if (b->doc.lines[li].kind != LINE_HEADING)
			b->doc.lines[li].used = true;
}

/*
 * The requests or the appeals table in plain text: its values, one a line, in
 * reading order, are its cells in template order with the blank ones left
 * out; the labels, which stray from their rows in this shape, are not used,
 * but for which printing of the rows the report chose (2021 （六）其他处理).
 */
static void
plain_stream(gai_builder *b, const pages *pg, gai_section_id sec, int from, int to)
{
	int			table = -1;
	const gai_table_def *td;
	gai_vec		segs = {0};
	int		   *rows;
	int			nrows = 0,
				first = -1,
				last = -1,
				label_line = 0;
	bool		printed[MAX_TROWS] = {0};
	bool		any_label = false,
				disordered = false,
				overflow = false;
	int			cells = 0;
	gs_region	rg;

	for (int t = 0; t < b->tpl->ntables; t++)
		if (b->tpl->tables[t].section == sec)
			table = t;
	if (table < 0)
		return;
	td = &b->tpl->tables[table];
	for (int li = from; li < to; li++)
	{
		const gai_line *ln = &b->doc.lines[li];

		if (ln->kind != LINE_TEXT)
			continue;
		if (value_line(ln))
		{
			if (page_number(pg, &b->doc, li))
				continue;
			if (first < 0)
				first = li;
			last = li;
			if (segs.n >= MAX_PLAIN_VALUES)
			{
				overflow = true;
				continue;
			}
			plain_seg(b, ln, vec_push(&b->arena, &segs, sizeof(gs_seg)));
			((gs_seg *) segs.data)[segs.n - 1].optional = page_number_maybe(pg, &b->doc, li);
		}
		else
		{
			char		key[512];
			int			klen = label_key(ln->text, ln->len, key, sizeof key),
						t2 = -1,
						row = plain_row_label(b, sec, key, klen, &t2);
			label_hit	hits[8];
			int			nh = label_hits_of(b->tpl->id, label_key_id(key, klen), hits, 8);

			/* a column header among the values: pdftotext put a column's text elsewhere */
			for (int k = 0; k < nh && first >= 0; k++)
				if (hits[k].kind == LK_COL && hits[k].table == table)
					disordered = true;

			if (row >= 0 && t2 == table && row < MAX_TROWS)
			{
				printed[row] = true;
				any_label = true;
			}
			if (!label_line)
				label_line = ln->number;
		}
	}
	/* no value: every cell blank, when the table is there (its labels) */
	if (segs.n == 0 && !any_label)
		return;
	rows = arena_alloc(&b->arena, sizeof(int) * (size_t) td->nrows);
	for (int r = 0; r < td->nrows; r++)
	{
		bool		alt_printed = false;

		if (!td->rows[r].code)
			continue;
		/* a row printed in place of others only when its label is and none of theirs */
		if (td->rows[r].alt)
		{
			for (int q = 0; q < td->nrows && q < MAX_TROWS; q++)
				if (q != r && td->rows[q].code && code_matches(td->rows[r].alt, td->rows[q].code) && printed[q])
					alt_printed = true;
			if (!printed[r] || alt_printed)
				continue;
		}
		else
		{
			bool		skip = false;

			for (int q = 0; q < td->nrows && q < MAX_TROWS; q++)
				if (td->rows[q].alt && code_matches(td->rows[q].alt, td->rows[r].code) && printed[q])
				{
					bool		part_printed = false;

					/*
					 * The other printing's label is there (a wrapped sub-label
					 * can look like it): this row only if its own label is
					 * too, or another row of its printing is (then the other
					 * printing is not read, above, and this one is whole).
					 */
					for (int q2 = 0; q2 < td->nrows && q2 < MAX_TROWS; q2++)
						if (q2 != q && td->rows[q2].code && code_matches(td->rows[q].alt, td->rows[q2].code) &&
							printed[q2])
							part_printed = true;
					skip = !printed[r] && !part_printed;
				}
			if (skip)
				continue;
		}
		rows[nrows++] = r;
	}
	memset(&rg, 0, sizeof rg);
	rg.segs = segs.data;
	rg.nsegs = segs.n;
	rg.gaps = GS_GAPS_ALWAYS;
	rg.rows = rows;
	rg.nrows = nrows;
	rg.line = label_line ? label_line : b->doc.lines[first].number;
	if (overflow)
	{
		/* more values than any table has cells: none of its cells is read */
		rg.nsegs = 0;
		rg.gaps = GS_GAPS_NEVER;
	}
	cells = nrows * td->ncols;
	if (disordered && segs.n < cells)
	{
		/*
		 * Blank cells dropped, and the reading order disturbed: a value
		 * may stand away from its row, where the rules could even take it
		 * for another cell.  Not read.
		 */
		rg.gaps = GS_GAPS_NEVER;
		gai_warn(b, rg.line, "%s: column headers among its values (the text's reading order moved "
				 "them) and blank cells dropped: its values cannot be placed with certainty; not read",
				 gai_section_code(sec));
	}
	rg.raw = "";
	solve(b, table, false, &rg, 1);
	b->table_seen[sec] = true;
	for (int li = from; li <= last && last >= 0; li++)
		if (b->doc.lines[li].kind != LINE_HEADING)
			b->doc.lines[li].used = true;
}

static void
plain_read(gai_builder *b, int sec, pages **pgp)
{
	pages	   *pg = *pgp;

	if (!pg)
	{
		pg = *pgp = arena_alloc(&b->arena, sizeof(pages));
		pages_find(b, pg);
	}
	if (sec == GAI_SEC_ACTIVE)
		plain_active(b, pg, b->zone_start[sec], b->zone_end[sec]);
	else
		plain_stream(b, pg, (gai_section_id) sec, b->zone_start[sec], b->zone_end[sec]);
}
