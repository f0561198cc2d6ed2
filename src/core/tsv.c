/*
 * tsv.c — word boxes: the output of `pdftotext -tsv`, one word a line with
 * its page and box (left, top, width, height in points).
 *
 * The words become lines of layout text at their positions: words whose
 * boxes share a baseline make one line, ordered left to right, each written
 * at the column its left edge stands on, a column being half the width of a
 * Han character of the text (so a Han character takes two, as display
 * columns count it).  Pages are apart by a page-number line.  The layout
 * reader (tokens.c, tables.c) then places every value by its position: rows
 * by vertical position, columns from the rows that fill every column or the
 * header's labels, blank cells where a row has no word under a column.
 * Each line keeps the input line of its first word.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TSV_HEADER "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
#define MAX_COLUMN 4000			/* a line wider than this many columns is cut */

typedef struct word
{
	int			page;
	double		left,
				top,
				width,
				height;
	const char *text;
	int			len;
	int			line;			/* input line */
} word;

bool
tsv_detect(const char *text, size_t len)
{
	size_t		n = strlen(TSV_HEADER);

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	return len >= n && memcmp(text, TSV_HEADER, n) == 0;
}

/* The i-th tab-separated field of s[0..n), or NULL. */
static const char *
field(const char *s, int n, int i, int *flen)
{
	int			k = 0,
				start = 0;

	*flen = 0;
	for (int p = 0; p <= n; p++)
		if (p == n || s[p] == '\t')
		{
			if (k == i)
			{
				*flen = p - start;
				return s + start;
			}
			k++;
			start = p + 1;
		}
	return NULL;
}

static double
number(const char *s, int n)
{
	char		buf[32];

	if (n <= 0 || n >= (int) sizeof buf)
		return -1;
	memcpy(buf, s, (size_t) n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

static int
word_cmp(const void *a, const void *b)
{
	const word *x = a,
			   *y = b;

	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	/* by the middle of the box: words of one table row stand on one middle line
	 * whatever their size (a row's digits taller than its label's Han) */
	if (x->top + x->height / 2 != y->top + y->height / 2)
		return x->top + x->height / 2 < y->top + y->height / 2 ? -1 : 1;
	return x->left < y->left ? -1 : x->left > y->left;
}

static int
left_cmp(const void *a, const void *b)
{
	const word *x = *(const word *const *) a,
			   *y = *(const word *const *) b;

	return x->left < y->left ? -1 : x->left > y->left;
}

/* Display columns of a word's text, and how many of them are Han (wide). */
static int
text_width(const char *s, int n, int *wide)
{
	int			w = 0;

	for (int i = 0; i < n;)
	{
		int			cw = (unsigned char) s[i] < 0x80 ? (i++, 1) : cp_width(utf8_next(s, n, &i));

		w += cw;
		*wide += cw == 2;
	}
	return w;
}

/* A number alone in the top tenth or bottom eighth of its page (1, -2-, 第3页): a page number. */
static bool
page_number(const word *w, double page_height)
{
	int			digits = 0;

	if (page_height <= 0 || (w->top > 0.10 * page_height && w->top + w->height < 0.875 * page_height))
		return false;
	for (int i = 0; i < w->len; i++)
	{
		unsigned char c = (unsigned char) w->text[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (c != '-' && c != ' ' && c < 0x80)
			return false;
	}
	return digits > 0 && digits <= 4 && w->len <= 24;
}

static void
put(gai_arena *a, gai_vec *out, const char *s, int n)
{
	vec_reserve(a, out, 1, out->n + n + 1 > out->cap ? 2 * (out->n + n) + 64 : out->cap);
	memcpy((char *) out->data + out->n, s, (size_t) n);
	out->n += n;
}

const char *
tsv_read(gai_builder *b, const char *text, size_t len, size_t *out_len, int **line_map, int *n_map)
{
	gai_arena  *a = &b->arena;
	gai_vec		words = {0},
				out = {0},
				lmap = {0},
				page_h = {0};	/* height of each page */
	double		unit = 6.0;		/* points a column: 6 until the text tells */
	int			line_no = 0;

	/* the words (level 5) with their boxes */
	for (size_t i = 0; i < len;)
	{
		const char *s = text + i;
		const char *nl = memchr(s, '\n', len - i);
		int			n = nl ? (int) (nl - s) : (int) (len - i),
					fl;
		const char *f;

		line_no++;
		i += (size_t) n + 1;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n >= 2 && s[0] == '1' && s[1] == '\t')
		{
			/* a page: its height, to tell its margins */
			int			pl = 0,
						hl = 0;
			const char *p = field(s, n, 1, &pl),
					   *hf = field(s, n, 9, &hl);
			int			pg = p ? (int) number(p, pl) : -1;

			if (pg >= 0 && pg < 100000 && hf)
			{
				while (page_h.n <= pg)
					*(double *) vec_push(a, &page_h, sizeof(double)) = 0;
				((double *) page_h.data)[pg] = number(hf, hl);
			}
			continue;
		}
		if (n < 2 || s[0] != '5' || s[1] != '\t')
			continue;
		f = field(s, n, 11, &fl);
		if (!f || fl == 0)
			continue;
		{
			word	   *w = vec_push(a, &words, sizeof(word));
			int			pl = 0,
						ll = 0,
						tl = 0,
						wl = 0,
						hl = 0;
			const char *p = field(s, n, 1, &pl),
					   *lf = field(s, n, 6, &ll),
					   *tf = field(s, n, 7, &tl),
					   *wf = field(s, n, 8, &wl),
					   *hf = field(s, n, 9, &hl);

			w->page = p ? (int) number(p, pl) : 0;
			w->left = lf ? number(lf, ll) : -1;
			w->top = tf ? number(tf, tl) : -1;
			w->width = wf ? number(wf, wl) : -1;
			w->height = hf ? number(hf, hl) : -1;
			w->text = f;
			w->len = fl;
			w->line = line_no;
			if (w->left < 0 || w->top < 0 || w->width <= 0 || w->height <= 0 || w->left > 1e5 || w->top > 1e7)
				words.n--;		/* no usable box */
		}
		if ((line_no & 4095) == 0)
			gai_tick(&b->doc, 0);
	}

	/*
	 * A column: half the width of the text's narrowest Han characters (the
	 * smallest font, a table's): then no word is wider in columns than on
	 * the page, so none pushes the words after it off their place.
	 */
	for (int k = 0, have = 0; k < words.n; k++)
	{
		const word *w = &((word *) words.data)[k];
		int			wide = 0,
					cols = text_width(w->text, w->len, &wide);

		if (wide > 0 && wide * 2 == cols && w->width / cols > 0.5 && (!have || w->width / cols < unit))
		{
			unit = w->width / cols;
			have = 1;
		}
	}
	qsort(words.data, (size_t) words.n, sizeof(word), word_cmp);
	{
		word	   *ws = words.data;
		const word **row = arena_alloc(a, sizeof(word *) * (size_t) (words.n + 1));
		int			page = ws && words.n ? ws[0].page : 0;

		for (int k = 0; k < words.n;)
		{
			int			n = 0,
						col = 0;
			double		mid = ws[k].top + ws[k].height / 2,
						h = ws[k].height;

			if (ws[k].page != page)
			{
				/* a page's end: the layout reader lays each page anew */
				char		footer[32];
				int			fl = snprintf(footer, sizeof footer, "- %d -\n", page);

				put(a, &out, footer, fl);
				*(int *) vec_push(a, &lmap, sizeof(int)) = ws[k].line;
				page = ws[k].page;
			}
			/* one line: the words whose middles stand within half a word's height */
			while (k < words.n && ws[k].page == page && ws[k].top + ws[k].height / 2 - mid < 0.5 * h)
				row[n++] = &ws[k++];
			qsort(row, (size_t) n, sizeof(word *), left_cmp);
			if (n == 1 && page_number(row[0], page < page_h.n ? ((double *) page_h.data)[page] : 0))
			{
				/* the page's own number in its margin: no value of a table (a bare
				 * number is written - N -, a page footer for the line reader) */
				bool		digits = true;

				for (int q = 0; q < row[0]->len; q++)
					digits &= row[0]->text[q] >= '0' && row[0]->text[q] <= '9';
				if (digits)
					put(a, &out, "- ", 2);
				put(a, &out, row[0]->text, row[0]->len);
				put(a, &out, digits ? " -\n" : "\n", digits ? 3 : 1);
				*(int *) vec_push(a, &lmap, sizeof(int)) = row[0]->line;
				continue;
			}
			for (int j = 0; j < n; j++)
			{
				int			at = (int) (row[j]->left / unit + 0.5),
							wide = 0;

				if (at > MAX_COLUMN)
					break;
				/* at its column, but apart from the word before by a space at least */
				if (j > 0 && at <= col)
					at = col + 1;
				while (col < at)
				{
					put(a, &out, " ", 1);
					col++;
				}
				put(a, &out, row[j]->text, row[j]->len);
				col += text_width(row[j]->text, row[j]->len, &wide);
			}
			put(a, &out, "\n", 1);
			*(int *) vec_push(a, &lmap, sizeof(int)) = row[0]->line;
			gai_tick(&b->doc, k);
		}
	}
	put(a, &out, "", 0);
	vec_reserve(a, &out, 1, out.n + 1);
	((char *) out.data)[out.n] = '\0';
	*out_len = (size_t) out.n;
	b->doc.same_columns = true;	/* points on the page: a table's columns stand alike on every page */
	*line_map = lmap.data;
	*n_map = lmap.n;
	return out.data ? out.data : "";
}
