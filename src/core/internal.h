/*
 * internal.h — types shared by the stages of the core; not part of gai.h.
 */
#ifndef GAI_INTERNAL_H
#define GAI_INTERNAL_H

#include "gai.h"
#include "template.h"

#include <stdarg.h>

/* ------------------------------------------------------------------ arena */

typedef struct gai_block gai_block;

typedef struct gai_arena
{
	const gai_hooks *hooks;
	gai_block  *head;
	char	   *cur;
	size_t		left;
	size_t		total;			/* bytes of all blocks */
	char	   *scur;			/* short strings, packed without alignment */
	size_t		sleft;
} gai_arena;

void		arena_init(gai_arena *a, const gai_hooks *hooks);
void	   *arena_alloc(gai_arena *a, size_t size);
void	   *arena_alloc0(gai_arena *a, size_t size);
char	   *arena_strndup(gai_arena *a, const char *s, size_t n);
/* The same for many short strings: packed in shared chunks (no alignment). */
char	   *arena_strpack(gai_arena *a, const char *s, size_t n);
char	   *arena_printf(gai_arena *a, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
void		arena_release(gai_arena *a);

/* Growable array whose storage lives in the arena (old copies are simply
 * abandoned to it: total waste is bounded by the final size). */
typedef struct gai_vec
{
	void	   *data;
	int			n;
	int			cap;
} gai_vec;

void	   *vec_push(gai_arena *a, gai_vec *v, size_t elsz);
/* Room for cap elements, so pushes up to it copy nothing. */
void		vec_reserve(gai_arena *a, gai_vec *v, size_t elsz, int cap);

/* ------------------------------------------------------------------ normalise */

int			utf8_next_slow(const char *s, int len, int *i);

/* Normalise one line: NFKC, every white space but TAB folded to ' ', default
 * ignorables dropped, controls to ' ', invalid UTF-8 to U+FFFD.  Writes at
 * most cap bytes to out and returns the length the whole output needs (call
 * again with a larger buffer when it exceeds cap; 3 * len + 16 always does
 * unless the text holds NFKC's rare long expansions). */
size_t		norm_line(const char *in, size_t len, char *out, size_t cap, int *invalid);
/* The same, stopping at a line end (LF, CR, FF) when stop_at_eol; *consumed
 * is the number of input bytes read. */
size_t		norm_until_eol(const char *in, size_t len, char *out, size_t cap, int *invalid,
						   size_t *consumed, bool stop_at_eol);
int			norm_init(const char **err);

/* Code point helpers, inline: the parser calls them per character. */
extern uint8_t gai_dash_bits[0x10000 / 8];	/* ICU's Dash property, tabulated */
extern uint8_t gai_wide_bits[0x10000 / 8];	/* East Asian Width wide or fullwidth */
extern int16_t gai_han_values[0x10000];	/* ICU's numeric value of Han numerals, or -1 */
bool		is_dash_slow(int cp);

static inline int
utf8_next(const char *s, int len, int *i)
{
	unsigned char c = (unsigned char) s[*i];

	if (c < 0x80)
	{
		(*i)++;
		return c;
	}
	if ((c & 0xF0) == 0xE0 && *i + 2 < len &&
		((unsigned char) s[*i + 1] & 0xC0) == 0x80 && ((unsigned char) s[*i + 2] & 0xC0) == 0x80)
	{
		int			cp = ((c & 0x0F) << 12) | (((unsigned char) s[*i + 1] & 0x3F) << 6) |
			((unsigned char) s[*i + 2] & 0x3F);

		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF))
		{
			*i += 3;
			return cp;
		}
	}
	return utf8_next_slow(s, len, i);
}

static inline int
utf8_count(const char *s, int len)
{
	int			n = 0;

	for (int i = 0; i < len; i++)
		n += ((unsigned char) s[i] & 0xC0) != 0x80;
	return n;
}

static inline bool
is_dash(int cp)
{
	if (cp >= 0 && cp < 0x10000)
		return (gai_dash_bits[cp >> 3] >> (cp & 7)) & 1;
	return is_dash_slow(cp);
}

/* Display columns of a code point: 2 for East Asian wide and fullwidth, else 1. */
static inline int
cp_width(int cp)
{
	return cp >= 0 && cp < 0x10000 && ((gai_wide_bits[cp >> 3] >> (cp & 7)) & 1) ? 2 : 1;
}

/* Numeric value of a Han numeral (〇一二…十百), from ICU; -1 if none. */
static inline int
han_digit(int cp)
{
	return cp >= 0 && cp < 0x10000 ? gai_han_values[cp] : -1;
}

/* ------------------------------------------------------------------ lines */

typedef enum line_kind
{
	LINE_TEXT = 0,
	LINE_BLANK,
	LINE_NOISE,					/* page number, running header, form feed */
	LINE_HEADING,				/* a section heading */
	LINE_TABLE					/* stands for doc->grids[table] (HTML) */
} line_kind;

typedef struct gai_line
{
	/* 32 bytes: a text of one-character lines must not cost 100 bytes a byte */
	const char *text;			/* normalised, trimmed; internal TABs kept */
	uint32_t	orig_off;		/* original bytes (end of line excluded): doc->src + orig_off */
	int			orig_len;
	int			len;
	int			number;			/* 1-based */
	uint16_t	indent;			/* leading white space, in columns (saturates) */
	uint8_t		kind;			/* line_kind */
	int8_t		heading;		/* gai_section_id when kind == LINE_HEADING */
	bool		tab_led;		/* leading white space holds a TAB */
	bool		used;			/* consumed by a table reader */
	uint16_t	blank_run;		/* LINE_BLANK: further blank lines folded into this one */
} gai_line;

typedef struct gai_doc
{
	gai_arena  *arena;
	const char *src;			/* the input text */
	const gai_hooks *hooks;
	gai_line   *lines;
	int			n_lines;		/* entries (a run of blank lines is one) */
	int			last_number;	/* number of the last line of the text */
	/* HTML: the page's tables, each a grid; a LINE_TABLE line stands for one */
	struct gai_tokens *grids;
	int			n_grids;
	bool		html;
	bool		same_columns;	/* word boxes: positions are the page's own, the same on every page */
	bool		form_feeds;		/* the text has page breaks (pdftotext's form feeds) */
	int			invalid_utf8;
	bool		last_unterminated;	/* the text does not end with a line end */
} gai_doc;

void		lines_split(gai_doc *doc, const char *text, size_t len);
bool		line_after_form_feed(const gai_doc *doc, int li);

/* The original bytes of a line. */
static inline const char *
line_orig(const gai_doc *doc, const gai_line *ln)
{
	return doc->src + ln->orig_off;
}

/* ------------------------------------------------------------------ grid */

/*
 * The table grid every export-shape reader produces: the cells of a table
 * zone, row by row, in reading order; GC_ROW_END closes a row.  A cell knows
 * its grid column and span where the shape does (HTML, pipe rows: col >= 0),
 * and always its source line.  The template matcher (tables.c) maps cells to
 * template cells through labels and, where known, grid columns; it never
 * needs to know which shape a grid came from.
 */
typedef enum tok_kind
{
	TK_LABEL = 0,				/* text that is no value: a row or column label */
	TK_VALUE,					/* a value cell (number, blank marker, or its unreadable text) */
	TK_EMPTY,					/* an empty cell (a line holding only a TAB, <td>&nbsp;</td>) */
	TK_BREAK					/* end of a table row: blank line, end of a row line, </tr> */
} tok_kind;

typedef struct gai_token
{
	uint8_t		kind;			/* tok_kind */
	bool		cell_mode;		/* one cell per line, or a cell of a grid that knows its cells */
	int16_t		grid;			/* table of an HTML page (doc->grids), -1 for text lines */
	int			line;			/* 1-based source line */
	int			line_index;		/* index into doc->lines */
	int			len;
	const char *text;			/* LABEL: words joined without spaces; VALUE: the cell's text */
	int			key_id;			/* LABEL: label index key (-1 none), -2 not looked up yet */
	int16_t		col;			/* grid column, -1 when the shape does not know it */
	int16_t		span;			/* grid columns it spans (>= 1) */
	int16_t		row_cols;		/* pipe rows: cells in this cell's row (0: not a pipe row) */
	int16_t		wide;			/* layout text: wide characters before it on its line, so that
								 * x0 - wide is its position counted in characters */
	int16_t		page;			/* page breaks (page numbers, running headers) before it in its zone */
	/* horizontal extent [x0, x1) where only geometry tells the column (layout
	 * text: display columns; word boxes: points); x0 < 0 when unknown */
	int32_t		x0,
				x1;
} gai_token;

struct gai_tokens
{
	gai_token  *tok;
	int			n;
	int			cell_lines;		/* lines read as one-cell-per-line */
	int			row_lines;		/* lines read as rows */
	int			grid_rows;		/* rows of grids whose columns are known (HTML, pipes) */
	int			cut_line;		/* too many tokens: not read from this line on (0: all read) */
};
typedef struct gai_tokens gai_tokens;

/* ------------------------------------------------------------------ html */

/* Does the text look like a web page? */
bool		html_detect(const char *text, size_t len);
/* Is it pdftotext -tsv output (word boxes)? */
bool		tsv_detect(const char *text, size_t len);
int			html_init(void);

/* Display columns of each character of a line as printed (see tokens.c);
 * xmap and xwide hold XMAP_MAX + 1 entries. */
#define XMAP_MAX 2048
bool		line_xmap(const gai_doc *doc, const gai_line *ln, int *xmap, int *xwide);

/* Tokenise doc lines [from, to). */
void		tokens_read(gai_doc *doc, int from, int to, gai_tokens *out);

/* A delimited cell's text (normalised, folded in place): its kind and token text. */
tok_kind	grid_cell_kind(gai_arena *a, char *s, int len, const char **out, int *out_len);

/* Does this word look like a cell value (number, blank marker)? */
bool		word_is_value(const char *w, int len);
/* Is it no value but a cell's text where a value stands (十二, (1), 1², ½)? */
bool		word_is_numberlike(const char *w, int len);
/* Does it hold two Han letters or more (label text, not a cell's junk)? */
bool		word_is_labellike(const char *w, int len);

/* ------------------------------------------------------------------ values */

typedef struct gai_cellval
{
	gai_cell_status status;
	gai_num		num;
	const char *why;			/* for UNREADABLE: static reason */
} gai_cellval;

/* Parse one cell's normalised text for a column with the given unit rules.
 * header_wan: the column header says 万元 (cells without a unit are in 万元). */
gai_cellval value_parse(const char *s, int len, const gai_col_def *col, bool header_wan);

/* ------------------------------------------------------------------ builder */

typedef struct gai_builder
{
	gai_arena	arena;
	gai_doc		doc;
	gai_report *r;
	const gai_template_def *tpl;
	gai_vec		warnings;
	gai_vec		violations;
	gai_vec		extras;
	gai_vec		sections;
	/* table zones: [start, end) line indexes, -1 when absent */
	int			zone_start[GAI_SEC_COUNT];
	int			zone_end[GAI_SEC_COUNT];
	int			heading_line[GAI_SEC_COUNT];	/* line index, -1 if none */
	bool		table_damaged[GAI_SEC_COUNT];
	bool		table_seen[GAI_SEC_COUNT];
	gai_tokens	zone_tokens[GAI_SEC_COUNT];
	int			suppressed_warnings;
	const char *crawler_agency;	/* 发布机构: of a crawled page's header */
} gai_builder;

void		gai_warn(gai_builder *b, int line, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
void		gai_add_violation(gai_builder *b, const char *rule, gai_severity sev,
						  gai_section_id sec, const char *item, const char *col,
						  const gai_num *expected, const gai_num *actual,
						  const char *fmt,...)
			__attribute__((format(printf, 9, 10)));

int			sections_init(void);
/* The HTML reader: the page's synthetic text (its lines) and doc->grids;
 * *line_map[i] is the source line of synthetic line i + 1. */
const char *html_read(gai_builder *b, const char *text, size_t len, size_t *out_len,
					  int **line_map, int *n_map);
/* Word boxes as layout text at their positions (tsv.c), the same contract. */
const char *tsv_read(gai_builder *b, const char *text, size_t len, size_t *out_len,
					 int **line_map, int *n_map);
int			rules_init(const char **err);
void		sections_find(gai_builder *b);

/* Let the host cancel (CHECK_FOR_INTERRUPTS) every 4096 steps of a long loop. */
static inline void
gai_tick(const gai_doc *doc, int i)
{
	if ((i & 4095) == 0 && doc->hooks->tick)
		doc->hooks->tick(doc->hooks->ctx);
}
void		sections_collect(gai_builder *b);
gai_template_id tables_detect_template(gai_builder *b);
void		tables_read(gai_builder *b);
void		rules_check(gai_builder *b);
void		rules_mark_alternatives(gai_builder *b, int table);
void		meta_read(gai_builder *b);

/* Decimal helpers (exact). */
bool		num_add(gai_num *acc, gai_num x);	/* false on overflow */
int			num_cmp(gai_num a, gai_num b);

#endif							/* GAI_INTERNAL_H */
