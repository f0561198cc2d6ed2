/*
 * tokens.c — the readers of the export shapes.
 *
 * Each shape becomes the same token stream (LABEL, VALUE, EMPTY, BREAK) so
 * the table readers need not know where the text came from:
 *
 *   cells: one cell per line, each line led by a TAB (Word -> text).  A line
 *          holding only a TAB is an empty cell; a line without TAB right
 *          after a label cell continues that label (wrapped header cells);
 *          a blank line ends a table row.
 *   rows:  one table row per line, cells apart by runs of spaces (PDF ->
 *          text -layout).  Words that are not values join into one label
 *          (so "规    章" is 规章); every line ends a row.
 *
 * A line with TABs between cells (web text) reads as cells, too.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * Tokens one table zone may hold.  A template table is a few hundred cells
 * and the narrative around it a few thousand words; past this the zone is no
 * table (and its tokens would cost memory per input byte without bound), so
 * it is read only up to the line where the limit is reached.
 */
#define MAX_ZONE_TOKENS (1 << 16)

typedef struct tok_state
{
	gai_doc    *doc;
	gai_vec		v;
	bool		full;			/* MAX_ZONE_TOKENS reached */
	int16_t		page;			/* page breaks crossed so far */
	int			full_li;		/* on this line */
	/* the label being extended: appends grow its buffer geometrically */
	int			grow_tok;		/* index of that token, -1 none */
	int			grow_cap;
} tok_state;

/* Inlined: called once per word of every table line. */
static inline __attribute__((always_inline)) gai_token *
emit(tok_state *st, tok_kind kind, bool cell_mode, int li, const char *text, int len)
{
	gai_token  *t;

	/* one BREAK is enough */
	if (kind == TK_BREAK && (st->v.n == 0 || ((gai_token *) st->v.data)[st->v.n - 1].kind == TK_BREAK))
		return NULL;
	if (st->v.n >= MAX_ZONE_TOKENS)
	{
		if (!st->full)
			st->full_li = li;
		st->full = true;
		return NULL;
	}
	t = vec_push(st->doc->arena, &st->v, sizeof(gai_token));
	t->kind = (uint8_t) kind;
	t->cell_mode = cell_mode;
	t->grid = -1;
	t->line_index = li;
	t->line = st->doc->lines[li].number;
	t->text = text;
	t->len = len;
	t->key_id = -2;
	t->col = -1;
	t->span = 1;
	t->row_cols = 0;
	t->wide = 0;
	t->page = st->page;
	t->x0 = t->x1 = -1;
	return t;
}

static gai_token *
last_token(tok_state *st)
{
	return st->v.n ? &((gai_token *) st->v.data)[st->v.n - 1] : NULL;
}

/* Append text to a label token; its buffer doubles as needed (a label of n
 * words costs O(n), not O(n^2)). */
static void
label_append(tok_state *st, gai_token *t, const char *s, int len)
{
	int			idx = (int) (t - (gai_token *) st->v.data);
	char	   *p = (char *) t->text;

	if (st->grow_tok != idx || t->len + len + 1 > st->grow_cap)
	{
		int			cap = 2 * (t->len + len) + 16;

		p = arena_alloc(st->doc->arena, (size_t) cap);
		memcpy(p, t->text, t->len);
		st->grow_tok = idx;
		st->grow_cap = cap;
	}
	memcpy(p + t->len, s, len);
	p[t->len + len] = '\0';
	t->text = p;
	t->len += len;
}

/* End of the first (first_only) or last value word of s[0..len), 0 if none. */
static int
value_word_end(const char *s, int len, bool first_only)
{
	int			i = 0,
				end = 0;

	while (i < len)
	{
		int			ws;

		while (i < len && s[i] == ' ')
			i++;
		ws = i;
		while (i < len && s[i] != ' ')
			i++;
		if (i > ws && word_is_value(s + ws, i - ws))
		{
			end = i;
			if (first_only)
				break;
		}
	}
	return end;
}

/*
 * Split s[0..len) into words at spaces; emit values one by one and runs of
 * other words as one label with the spaces removed.  On a row line (not
 * cell_mode), a word after the row's first value that is not a value nor
 * label text is a cell of its own when more values follow it or when it looks
 * like a number (十二, 1², (1)): an unreadable cell in its column, so its
 * neighbours keep theirs.  Returns the number of value tokens emitted.
 */
/* Display columns of s[0..n): Han characters take two (w3m, lynx); *wide counts them. */
static int
display_width(const char *s, int n, int *wide)
{
	int			w = 0;

	for (int i = 0; i < n;)
	{
		if ((unsigned char) s[i] < 0x80)
		{
			w++;
			i++;
		}
		else
		{
			int			cw = cp_width(utf8_next(s, n, &i));

			w += cw;
			*wide += cw == 2;
		}
	}
	return w;
}


/*
 * Where each character of a line's normalised text stood in the line as
 * printed: NFKC folds full-width forms ((, ：, Ａ) and U+3000 to narrow ones,
 * which would move every word after them.  xmap[k] is the display column of
 * the character starting at byte k of ln->text (xwide[k]: wide characters
 * before it), counted in the original line; false (use the normalised widths)
 * when the line is long or normalisation did not map it character for
 * character.
 */
bool
line_xmap(const gai_doc *doc, const gai_line *ln, int *xmap, int *xwide)
{
	const char *o = line_orig(doc, ln);
	int			on = ln->orig_len,
				oi = 0,
				col = 0,
				wide = 0;

	if (ln->len >= XMAP_MAX)
		return false;
	/* the leading white space, trimmed from the normalised text */
	while (oi < on)
	{
		int			j = oi,
					cp = utf8_next(o, on, &j);

		if (cp == ' ' || cp == 0xA0 || cp == 0x3000)
			col += cp_width(cp);
		else if (cp == '\t')
			col += 4;
		else
			break;
		wide += cp == 0x3000;
		oi = j;
	}
	for (int k = 0; k < ln->len;)
	{
		int			cp;

		if (oi >= on)
			return false;
		xmap[k] = col;
		xwide[k] = wide;
		(void) utf8_next(ln->text, ln->len, &k);
		cp = utf8_next(o, on, &oi);
		/* a character normalised away (zero width) or expanded: no map */
		if (cp_width(cp) == 2)
			col += 2, wide++;
		else
			col += cp == '\t' ? 4 : 1;
	}
	xmap[ln->len] = col;
	xwide[ln->len] = wide;
	/* what is left of the original is white space only */
	for (int j = oi; j < on;)
	{
		int			cp = utf8_next(o, on, &j);

		if (!(cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || cp == '\r'))
			return false;
	}
	return true;
}

static int
emit_words(tok_state *st, bool cell_mode, int li, const char *s, int len)
{
	int			i = 0,
				nvalues = 0;
	/* where the line's words stand: its leading white space, then each word's width */
	int			x = cell_mode ? -1 : st->doc->lines[li].indent,
				xi = 0,			/* the byte up to which x is counted */
				wide = 0;		/* wide characters before x */
	int			values_end = -1;	/* found when first needed: most rows never ask */
	gai_token  *label = NULL;
	int			xmap_buf[XMAP_MAX + 1],
				xwide_buf[XMAP_MAX + 1];
	bool		mapped = !cell_mode && s == st->doc->lines[li].text &&
		line_xmap(st->doc, &st->doc->lines[li], xmap_buf, xwide_buf);

	while (i < len)
	{
		int			ws,
					we;
		bool		cell;

		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		ws = i;
		while (i < len && s[i] != ' ')
			i++;
		we = i;
		if (x >= 0 && !mapped)
		{
			x += display_width(s + xi, ws - xi, &wide);
			xi = ws;
		}
		cell = word_is_value(s + ws, we - ws);
		if (!cell && nvalues > 0 && !cell_mode && !word_is_labellike(s + ws, we - ws))
		{
			if (values_end < 0)
				values_end = we + value_word_end(s + we, len - we, false);
			cell = we < values_end || word_is_numberlike(s + ws, we - ws);
		}
		{
			int			wide_in = wide;
			int			x1 = x >= 0 && !mapped ? x + display_width(s + ws, we - ws, &wide_in) : -1;
			gai_token  *t = NULL;

			/* a mapped line's columns are read off the map: no width is counted */
			if (mapped)
			{
				/* the columns as printed, before normalisation folded any character */
				x = xmap_buf[ws];
				wide = xwide_buf[ws];
				x1 = xmap_buf[we];
				wide_in = xwide_buf[we];
			}

			if (cell)
			{
				t = emit(st, TK_VALUE, cell_mode, li, s + ws, we - ws);
				nvalues++;
				label = NULL;
			}
			else if (label)
			{
				label_append(st, label, s + ws, we - ws);
				label->x1 = x1;
			}
			else
				t = label = emit(st, TK_LABEL, cell_mode, li, arena_strndup(st->doc->arena, s + ws, we - ws), we - ws);
			if (t)
			{
				t->x0 = x;
				t->x1 = x1;
				t->wide = (int16_t) (wide < INT16_MAX ? wide : INT16_MAX);
			}
			if (x >= 0)
			{
				x = x1;
				xi = we;
				wide = wide_in;
			}
		}
	}
	return nvalues;
}

static bool
has_value_word(const char *s, int len)
{
	return value_word_end(s, len, true) > 0;
}

static int
count_words(const char *s, int len)
{
	int			n = 0;

	for (int i = 0; i < len;)
	{
		while (i < len && s[i] == ' ')
			i++;
		if (i < len)
			n++;
		while (i < len && s[i] != ' ')
			i++;
	}
	return n;
}

/*
 * One cell of a grid whose cells the shape delimits (HTML, pipe rows): its
 * normalised text s[0..len) folded to words apart by one space (in place)
 * and classified.  Empty: TK_EMPTY.  A value, its words joined ("40053 元"):
 * TK_VALUE.  Numbers apart by spaces or a number with a mark ("1 2", "1²"):
 * TK_VALUE with the text, which will not read as a number.  Else a label,
 * its words joined.  *out and *out_len receive the token's text.
 */
tok_kind
grid_cell_kind(gai_arena *a, char *s, int len, const char **out, int *out_len)
{
	int			o = 0,
				words = 0,
				values = 0;
	char	   *joined;
	int			j = 0;

	for (int i = 0; i < len;)
	{
		int			ws;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		if (i >= len)
			break;
		ws = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			i++;
		if (words++)
			s[o++] = ' ';
		memmove(s + o, s + ws, (size_t) (i - ws));
		if (word_is_value(s + o, i - ws))
			values++;
		o += i - ws;
	}
	s[o] = '\0';
	if (words == 0)
	{
		*out = "";
		*out_len = 0;
		return TK_EMPTY;
	}
	joined = arena_alloc(a, (size_t) o + 1);
	for (int i = 0; i < o; i++)
		if (s[i] != ' ')
			joined[j++] = s[i];
	joined[j] = '\0';
	if (values <= 1 && word_is_value(joined, j))
	{
		*out = joined;
		*out_len = j;
		return TK_VALUE;
	}
	/* "1 2" is no 12: two numbers in one cell, or a number with a mark, are unreadable text */
	if (values >= 2 || word_is_numberlike(joined, j))
	{
		*out = s;
		*out_len = o;
		return TK_VALUE;
	}
	*out = joined;
	*out_len = j;
	return TK_LABEL;
}

/*
 * Cell separators of a row: | (markdown, web text) and the box-drawing
 * verticals browsers draw tables with (w3m: │ ┃ ║).  Returns the byte length
 * of a separator at s[i], 0 if none.
 */
static int
pipe_at(const char *s, int len, int i)
{
	if (s[i] == '|')
		return 1;
	/* U+2502 │, U+2503 ┃, U+2551 ║ */
	if (i + 2 < len && (unsigned char) s[i] == 0xE2 && (unsigned char) s[i + 1] == 0x94 &&
		((unsigned char) s[i + 2] == 0x82 || (unsigned char) s[i + 2] == 0x83))
		return 3;
	if (i + 2 < len && (unsigned char) s[i] == 0xE2 && (unsigned char) s[i + 1] == 0x95 &&
		(unsigned char) s[i + 2] == 0x91)
		return 3;
	return 0;
}

/* Box-drawing characters (U+2500..U+257F) and the markdown rule characters. */
static bool
is_rule_char(int cp)
{
	return (cp >= 0x2500 && cp <= 0x257F) || cp == '-' || cp == ':' || cp == '+' || cp == '=' || cp == ' ' ||
		cp == '|';
}

/* ├ ┤ ┬ ┴ ┼ and their heavy and double forms: only a table's borders hold them. */
static bool
is_junction(int cp)
{
	return cp >= 0x251C && cp <= 0x254B;
}

/*
 * A border of a boxed table crossed by the text of a cell merged over the
 * rows it parts (w3m: │三、本年度  ├──────┼────┤): it opens with a pipe and
 * holds a junction.
 */
static bool
is_crossed_border(const char *s, int len)
{
	int			i = 0;

	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || !pipe_at(s, len, i))
		return false;
	for (; i + 2 < len; i++)
		if ((unsigned char) s[i] == 0xE2 && ((unsigned char) s[i + 1] == 0x94 || (unsigned char) s[i + 1] == 0x95))
		{
			int			j = i,
						cp = utf8_next(s, len, &j);

			if (is_junction(cp))
				return true;
		}
	return false;
}

/* A pipe row: | 规章 | 0 | 0 | 0 | (two separators at least, at an end, or three). */
static bool
is_pipe_row(const char *s, int len)
{
	int			pipes = 0,
				first = -1,
				last = -1;

	for (int i = 0; i < len;)
	{
		int			k = pipe_at(s, len, i);

		if (k)
		{
			pipes++;
			if (first < 0)
				first = i;
			last = i + k;
			i += k;
		}
		else
			i++;
	}
	return pipes >= 3 || (pipes == 2 && (first == 0 || last == len));
}

/* |---|:--:| or ├──┼──┤: a rule between rows, no row. */
static bool
is_pipe_separator(const char *s, int len)
{
	bool		rule = false;

	for (int i = 0; i < len;)
	{
		int			cp = utf8_next(s, len, &i);

		if (!is_rule_char(cp))
			return false;
		if (cp == '-' || (cp >= 0x2500 && cp <= 0x257F && cp != 0x2502 && cp != 0x2503 && cp != 0x2551))
			rule = true;
	}
	return rule;
}

#define MAX_PIPE_CELLS 64

/* The cells of a pipe line: [start, end) of each segment between separators. */
typedef struct pipe_line
{
	int			li;
	int			n;
	int			start[MAX_PIPE_CELLS],
				end[MAX_PIPE_CELLS];
	bool		border;			/* a rule between rows (├──┼──┤), maybe crossed by a merged cell's text */
} pipe_line;

static void
pipe_split(const gai_line *ln, pipe_line *pl)
{
	const char *s = ln->text;
	int			n = ln->len,
				i = 0;

	pl->n = 0;
	pl->border = is_pipe_separator(s, n);
	if (pipe_at(s, n, 0))
		i = pipe_at(s, n, 0);	/* the outer pipe opens no cell */
	while (i < n && pl->n < MAX_PIPE_CELLS)
	{
		int			cs = i,
					k = 0;
		bool		rule = false,
					text = false,
					junction = false;

		while (i < n && (k = pipe_at(s, n, i)) == 0)
			i++;
		if (i >= n && i == cs)
			break;				/* after the closing pipe */
		for (int q = cs; q < i;)
		{
			int			cp = utf8_next(s, i, &q);

			if (cp >= 0x2500 && cp <= 0x257F)
			{
				rule = true;
				junction |= is_junction(cp);
			}
			else if (cp != ' ')
				text = true;
		}
		/*
		 * A segment of rule characters, or one holding a junction (├──┼):
		 * this line is a border, maybe crossed by a merged cell's text
		 * (│三、本年度 ├───┼───┤).
		 */
		if ((rule && !text) || junction)
			pl->border = true;
		pl->start[pl->n] = cs;
		pl->end[pl->n] = i;
		pl->n++;
		i += k;
	}
}

/*
 * Emit one grid row from pipe lines [0, n) (several when a boxed table wraps
 * a row over lines): the text of each column joined over the lines.
 */
static void
emit_pipe_row(tok_state *st, const pipe_line *pl, int n, gai_tokens *out)
{
	int			cols = pl[0].n,
				first_tok = st->v.n;

	for (int c = 0; c < cols && !st->full; c++)
	{
		size_t		total = 0,
					o = 0;
		char	   *cell;
		const char *text;
		int			tlen;
		tok_kind	kind;
		gai_token  *t;

		for (int k = 0; k < n; k++)
			total += (size_t) (pl[k].end[c] - pl[k].start[c]);
		cell = arena_alloc(st->doc->arena, total + 1);
		for (int k = 0; k < n; k++)
		{
			const char *s = st->doc->lines[pl[k].li].text;
			int			a = pl[k].start[c],
						e = pl[k].end[c];

			/* a wrapped cell's lines join without a space (Han text wraps anywhere) */
			while (a < e && s[a] == ' ')
				a++;
			while (e > a && s[e - 1] == ' ')
				e--;
			memcpy(cell + o, s + a, (size_t) (e - a));
			o += (size_t) (e - a);
		}
		cell[o] = '\0';
		kind = grid_cell_kind(st->doc->arena, cell, (int) o, &text, &tlen);
		t = emit(st, kind, true, pl[0].li, text, tlen);
		if (t)
		{
			t->col = (int16_t) c;
			t->span = 1;
		}
	}
	for (int q = first_tok; q < st->v.n; q++)
		((gai_token *) st->v.data)[q].row_cols = (int16_t) cols;
	emit(st, TK_BREAK, false, pl[n - 1].li, NULL, 0);
	out->grid_rows++;
}

/*
 * Pipe rows.  A markdown or web-text table has a row a line.  A boxed table
 * (a browser's dump: ┌──┬──┐ │a│b│ ├──┼──┤) draws a rule between its rows, and
 * the lines between two rules are one row wrapped (│（二）部分公开（区分│ /
 * │只计这一情形…│): their cells are joined column by column.
 */
typedef struct pipe_buf
{
	pipe_line	lines[8];
	int			n;
	bool		boxed;			/* the table draws rules between rows */
} pipe_buf;

static void
pipe_flush(tok_state *st, pipe_buf *pb, gai_tokens *out)
{
	if (pb->n > 0)
		emit_pipe_row(st, pb->lines, pb->n, out);
	pb->n = 0;
}

/*
 * A box-drawing character (U+2500..U+257F: E2 94 xx, E2 95 xx) in s: one
 * memchr pass (asked of every line; two memmem calls cost more).
 */
static bool
has_box_char(const char *s, int len)
{
	const char *p = s,
			   *end = s + len;

	while (p < end && (p = memchr(p, 0xE2, (size_t) (end - p))) != NULL)
	{
		if (p + 1 < end && ((unsigned char) p[1] == 0x94 || (unsigned char) p[1] == 0x95))
			return true;
		p++;
	}
	return false;
}

/* Two spaces in a row in s. */
static bool
has_double_space(const char *s, int len)
{
	const char *p = s,
			   *end = s + len;

	while (p < end && (p = memchr(p, ' ', (size_t) (end - p))) != NULL)
	{
		if (p + 1 < end && p[1] == ' ')
			return true;
		p += 2;
	}
	return false;
}

static void
read_pipe_line(tok_state *st, pipe_buf *pb, int li, gai_tokens *out)
{
	pipe_line	pl;

	pl.li = li;
	pipe_split(&st->doc->lines[li], &pl);
	if (pl.border)
	{
		pipe_flush(st, pb, out);
		/* box-drawing rules: the table wraps rows over lines; markdown |---| does not */
		pb->boxed = has_box_char(st->doc->lines[li].text, st->doc->lines[li].len);
		return;
	}
	if (pl.n == 0)
		return;
	if (!pb->boxed)
	{
		emit_pipe_row(st, &pl, 1, out);
		return;
	}
	/* a line of another width, or too many: a row of its own */
	if (pb->n > 0 && (pb->lines[0].n != pl.n || pb->n == (int) (sizeof pb->lines / sizeof pb->lines[0])))
		pipe_flush(st, pb, out);
	pb->lines[pb->n++] = pl;
}

/*
 * A browser's dump with each table cell a paragraph of its own (lynx -dump):
 * a cell's line(s), then a blank line; an empty cell adds a blank line.  The
 * zone reads so when most of its text lines are a single word, one blank
 * line apart, and it holds enough of them to be a table.
 */
static bool
one_cell_paragraphs(const gai_doc *doc, int from, int to)
{
	int			text = 0,
				single = 0,
				apart = 0;

	for (int li = from; li < to; li++)
	{
		const gai_line *ln = &doc->lines[li];

		if (ln->kind != LINE_TEXT)
			continue;
		if (ln->tab_led || memchr(ln->text, '\t', (size_t) ln->len) || memchr(ln->text, '|', (size_t) ln->len))
			return false;
		text++;
		single += !has_double_space(ln->text, ln->len) && ln->len <= 120;
		apart += li + 1 < to && doc->lines[li + 1].kind == LINE_BLANK;
	}
	return text >= 12 && single * 10 >= text * 9 && apart * 10 >= text * 8;
}

/* The paragraphs of such a zone as cells: a blank line's extra blank lines are empty cells. */
static void
read_cell_paragraphs(tok_state *st, int from, int to, gai_tokens *out)
{
	gai_doc    *doc = st->doc;
	gai_token  *open_label = NULL;	/* a label cell whose next line (no blank between) continues it */

	for (int li = from; li < to && !st->full; li++)
	{
		gai_line   *ln = &doc->lines[li];

		if (ln->kind == LINE_NOISE)
			continue;
		if (ln->kind == LINE_HEADING || ln->kind == LINE_TABLE)
		{
			emit(st, TK_BREAK, false, li, NULL, 0);
			open_label = NULL;
			continue;
		}
		if (ln->kind == LINE_BLANK)
		{
			for (int k = 0; k < ln->blank_run; k++)
				emit(st, TK_EMPTY, true, li, "", 0);
			open_label = NULL;
			continue;
		}
		out->cell_lines++;
		{
			char	   *cell = arena_strndup(doc->arena, ln->text, (size_t) ln->len);
			const char *text;
			int			tlen;
			tok_kind	kind = grid_cell_kind(doc->arena, cell, ln->len, &text, &tlen);

			if (kind == TK_LABEL && open_label)
			{
				label_append(st, open_label, text, tlen);	/* a wrapped cell */
				continue;
			}
			open_label = NULL;
			{
				gai_token  *t = emit(st, kind, true, li, text, tlen);

				if (t && kind == TK_LABEL)
					open_label = t;
			}
		}
	}
}

void
tokens_read(gai_doc *doc, int from, int to, gai_tokens *out)
{
	tok_state	st = {doc, {0}, false, 0, 0, -1, 0};
	pipe_buf   *pb = arena_alloc0(doc->arena, sizeof(pipe_buf));
	bool		prev_cell_label = false;	/* last line was a cell line ending in a label */
	bool		prev_gap = true;	/* last line was blank or noise */

	memset(out, 0, sizeof *out);
	/* one token a line is the common case (cell exports); the vector grows past it */
	vec_reserve(doc->arena, &st.v, sizeof(gai_token), (to - from) < MAX_ZONE_TOKENS ? (to - from) + 16 : MAX_ZONE_TOKENS);
	if (!doc->html && one_cell_paragraphs(doc, from, to))
	{
		read_cell_paragraphs(&st, from, to, out);
		to = from;				/* read: the loop below has nothing left */
	}
	for (int li = from; li < to; li++)
	{
		gai_line   *ln = &doc->lines[li];

		if (st.full)
			break;

		if (pb->n > 0 && ln->kind != LINE_NOISE)
		{
			/* a page footer may stand between a boxed row's lines; anything else ends it */
			if (ln->kind != LINE_TEXT || !is_pipe_row(ln->text, ln->len))
			{
				pipe_flush(&st, pb, out);
				pb->boxed = false;
			}
		}
		if (ln->kind == LINE_TABLE)
		{
			/* a table of a web page: its grid, cells with their columns, in place */
			int			g = atoi(ln->text + 3);

			emit(&st, TK_BREAK, false, li, NULL, 0);
			if (g >= 0 && g < doc->n_grids)
				for (int k = 0; k < doc->grids[g].n && !st.full; k++)
				{
					const gai_token *src = &doc->grids[g].tok[k];
					gai_token  *t = emit(&st, (tok_kind) src->kind, true, li, src->text, src->len);

					if (!t)
						continue;	/* a BREAK after a BREAK */
					t->line = src->line;
					t->grid = src->grid;
					t->col = src->col;
					t->span = src->span;
					if (src->kind == TK_BREAK)
						out->grid_rows++;
				}
			prev_cell_label = false;
			prev_gap = true;
			continue;
		}
		/* pdftotext -layout lays each page's columns anew: a page footer or a form feed starts one */
		if ((ln->kind == LINE_NOISE || line_after_form_feed(doc, li)) && st.page < INT16_MAX && !doc->same_columns)
			st.page++;
		if (ln->kind == LINE_HEADING || ln->kind == LINE_NOISE || ln->kind == LINE_BLANK)
		{
			if (ln->kind != LINE_NOISE)
				emit(&st, TK_BREAK, false, li, NULL, 0);
			prev_cell_label = false;
			prev_gap = true;
			continue;
		}
		if (!ln->tab_led && ln->kind == LINE_TEXT &&
			(memchr(ln->text, '|', ln->len) || has_box_char(ln->text, ln->len)) &&
			(is_pipe_row(ln->text, ln->len) || is_pipe_separator(ln->text, ln->len) ||
			 is_crossed_border(ln->text, ln->len)))
		{
			read_pipe_line(&st, pb, li, out);
			prev_cell_label = false;
			prev_gap = false;
			continue;
		}
		pipe_flush(&st, pb, out);
		pb->boxed = false;
		if (ln->tab_led || memchr(ln->text, '\t', ln->len))
		{
			/* cells: each TAB-separated segment is one cell */
			const char *s = ln->text;
			int			n = ln->len;
			int			i = 0;

			out->cell_lines++;
			if (n == 0)
				emit(&st, TK_EMPTY, true, li, "", 0);
			while (i < n)
			{
				int			cs = i,
							ce;

				while (i < n && s[i] != '\t')
					i++;
				ce = i;
				while (cs < ce && s[cs] == ' ')
					cs++;
				while (ce > cs && s[ce - 1] == ' ')
					ce--;
				if (ce == cs)
					emit(&st, TK_EMPTY, true, li, "", 0);
				else
					emit_words(&st, true, li, s + cs, ce - cs);
				if (i < n)
					i++;		/* the TAB */
			}
			{
				gai_token  *t = last_token(&st);

				prev_cell_label = t && t->kind == TK_LABEL && t->line_index == li;
			}
			prev_gap = false;
			continue;
		}

		/* a line without TAB */
		if (prev_cell_label && !has_value_word(ln->text, ln->len))
		{
			/* continues the label cell above it (a wrapped header or label) */
			gai_token  *t = last_token(&st);
			char		tmp[4096];
			int			o = 0;

			for (int i = 0; i < ln->len && o < (int) sizeof tmp; i++)
				if (ln->text[i] != ' ')
					tmp[o++] = ln->text[i];
			label_append(&st, t, tmp, o);
			t->line_index = li;
			t->line = ln->number;
			continue;
		}
		if (prev_gap && ln->indent >= 20 && count_words(ln->text, ln->len) == 1 &&
			has_value_word(ln->text, ln->len))
		{
			/* a centred page number: the page ends */
			if (st.page < INT16_MAX && !doc->same_columns)
				st.page++;
			continue;
		}
		out->row_lines++;
		emit_words(&st, false, li, ln->text, ln->len);
		emit(&st, TK_BREAK, false, li, NULL, 0);
		prev_cell_label = false;
		prev_gap = false;
		if ((li & 4095) == 0 && doc->hooks->tick)
			doc->hooks->tick(doc->hooks->ctx);
	}
	pipe_flush(&st, pb, out);
	if (st.full)
	{
		/* the line where the tokens ran out is cut: drop it, keep whole lines */
		while (st.v.n > 0 && ((gai_token *) st.v.data)[st.v.n - 1].line_index >= st.full_li)
			st.v.n--;
		out->cut_line = doc->lines[st.full_li].number;
	}
	out->tok = st.v.data;
	out->n = st.v.n;
}
