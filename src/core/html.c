/*
 * html.c — the HTML reader: a web page to text lines and table grids.
 *
 * libxml2's HTML parser (the library PostgreSQL links for its xml type) reads
 * the page as SAX events into a small tree of our own in the parse's arena:
 * no libxml2 document is built, the parser is fed in chunks so the host can
 * cancel between them, it never touches the network, never switches encoding
 * by a <meta> (the text handed to us is UTF-8 whatever the page says), and
 * its state is released on every path — also when the host's tick does not
 * return (hooks->defer).  No global libxml2 state is changed.
 *
 * The tree then becomes
 *   - lines of text: the page's blocks (p, div, h1…, li, br) with the chrome
 *     (script, style, head, nav, menus, breadcrumbs, footers) left out, where
 *     the sections, title and narrative are found as in any text;
 *   - one grid per table, by the HTML table model (rowspan, colspan,
 *     rowspan=0, spans clamped, cells without <tr>, row groups), each cell
 *     with its grid column and span; a LINE_TABLE line stands for it in the
 *     text, followed by its first row's text so anchors can be found.
 * A table holding tables is page layout: its cells are read as blocks.  A
 * page whose report is inside a JavaScript string or escaped once more as
 * text is read from there.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

enum
{
	T_OTHER = 0, T_TEXT, T_HEAD, T_TITLE, T_SCRIPT, T_STYLE, T_SKIP, T_TABLE, T_GROUP, T_TR,
	T_TD, T_TH, T_CAPTION, T_BR, T_BLOCK, T_SUP, T_H
};

#define MAX_DEPTH 256			/* deeper elements hang from their depth-256 ancestor */
#define MAX_OPEN 4096			/* open elements whose end is matched to their node */
#define MAX_GRID_CELLS 20000	/* a template table has a few hundred */
#define MAX_SPAN_COLS 1000		/* the HTML table model's own clamps */
#define MAX_SPAN_ROWS 65534
#define CHUNK (64 * 1024)
#define MAX_NESTED_PAGES 2		/* a page in a script string in a page … */

typedef struct hnode
{
	struct hnode *parent,
			   *first,
			   *last,
			   *next;
	uint8_t		tag;
	bool		chrome;			/* class/id of page furniture (nav, menu, footer …) */
	uint16_t	colspan;
	int32_t		rowspan;		/* 0: to the end of the row group */
	int			line;			/* source line */
	char	   *text;			/* T_TEXT */
	int			len;
	int			cap;
} hnode;

typedef struct hstate
{
	gai_builder *b;
	htmlParserCtxtPtr ctxt;
	hnode	   *root;
	hnode	   *cur;
	int			depth;
	int			open;			/* elements open (made into nodes or not) */
	bool		made[MAX_OPEN];	/* did the open element at this depth make a node? */
	int			fixed_line;		/* a page inside a page: the line of the string or text it is in */
	unsigned	events;			/* SAX events so far, to ask the host now and then */
	bool		stopped;		/* the host asked to stop: the parser was stopped */
} hstate;

typedef struct emit_state
{
	gai_builder *b;
	gai_vec		out;			/* the synthetic text */
	gai_vec		lmap;			/* source line of each synthetic line */
	int			line_src;		/* source line of the line being built, 0 none yet */
	bool		line_has_text;
	gai_vec		grids;			/* gai_tokens */
	int			report_tables;	/* grids holding a label of a template */
	int			steps;			/* for the host's tick */
} emit_state;

/* ------------------------------------------------------------ detection */

static bool
ci_prefix(const char *s, size_t n, const char *p)
{
	size_t		k = strlen(p);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if ((s[i] | 0x20) != p[i])
			return false;
	return true;
}

/* p starts with a character without case ('<', '\\'): found by memchr. */
static const char *
ci_find(const char *s, size_t n, const char *p)
{
	const char *end = s + n;

	for (const char *q = s; q < end && (q = memchr(q, p[0], (size_t) (end - q))) != NULL; q++)
		if (ci_prefix(q, (size_t) (end - q), p))
			return q;
	return NULL;
}

/*
 * A web page: it starts (after a byte order mark and white space) with a
 * tag or a comment, or holds a <table> with cells in its first 64 kB.
 */
bool
html_detect(const char *text, size_t len)
{
	static const char *const starts[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta", "<table", "<div", "<p>", "<p ",
		"<title", "<!--", "<span", "<center", "<style", "<script", "<?xml", NULL
	};
	size_t		i = 0,
				probe = len < 65536 ? len : 65536;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	for (int k = 0; starts[k]; k++)
		if (ci_prefix(text + i, len - i, starts[k]))
			return true;
	{
		const char *t = ci_find(text, probe, "<table");

		return t && ci_find(t, probe - (size_t) (t - text), "<td");
	}
}

/* ------------------------------------------------------------ the tree */

typedef struct tag_name
{
	const char *name;
	int			tag;
} tag_name;

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(((const tag_name *) a)->name, ((const tag_name *) b)->name);
}

static int
tag_of(const char *n)
{
	/* sorted by name: looked up by bisection, a few compares per element */
	static const tag_name tags[] = {
		{"address", T_BLOCK}, {"article", T_BLOCK}, {"aside", T_SKIP}, {"blockquote", T_BLOCK},
		{"body", T_BLOCK}, {"br", T_BR}, {"button", T_SKIP}, {"caption", T_CAPTION},
		{"center", T_BLOCK}, {"dd", T_BLOCK}, {"div", T_BLOCK}, {"dl", T_BLOCK}, {"dt", T_BLOCK},
		{"footer", T_SKIP}, {"form", T_BLOCK}, {"h1", T_H}, {"h2", T_H}, {"h3", T_H},
		{"h4", T_BLOCK}, {"h5", T_BLOCK}, {"h6", T_BLOCK}, {"head", T_HEAD}, {"header", T_BLOCK},
		{"hr", T_BLOCK}, {"html", T_BLOCK}, {"iframe", T_SKIP}, {"li", T_BLOCK}, {"main", T_BLOCK},
		{"map", T_SKIP}, {"nav", T_SKIP}, {"noscript", T_SKIP}, {"object", T_SKIP}, {"ol", T_BLOCK},
		{"option", T_SKIP}, {"p", T_BLOCK}, {"pre", T_BLOCK}, {"script", T_SCRIPT},
		{"section", T_BLOCK}, {"select", T_SKIP}, {"style", T_STYLE}, {"sub", T_SUP},
		{"sup", T_SUP}, {"svg", T_SKIP}, {"table", T_TABLE}, {"tbody", T_GROUP}, {"td", T_TD},
		{"template", T_SKIP}, {"textarea", T_SKIP}, {"tfoot", T_GROUP}, {"th", T_TH},
		{"thead", T_GROUP}, {"title", T_TITLE}, {"tr", T_TR}, {"ul", T_BLOCK}, {"xml", T_SKIP},
	};
	tag_name	key = {n, 0};
	const tag_name *hit = bsearch(&key, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);

	return hit ? hit->tag : T_OTHER;
}

/* A class or id naming page furniture: one of its words is such a name. */
static bool
chrome_name(const char *v)
{
	static const char *const words[] = {
		"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "location",
		"position", "footer", "foot", "bottom", "copyright", "sidebar", "share", "banner",
		"toolbar", "search", "login", "top", "topbar", "header", "links", "friendlink", NULL
	};
	char		w[32];
	int			n = 0;

	for (const char *p = v;; p++)
	{
		char		c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char) (c | 0x20);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		{
			if (n < (int) sizeof w - 1)
				w[n++] = c;
			continue;
		}
		if (n > 0)
		{
			w[n] = '\0';
			for (int k = 0; words[k]; k++)
				if (strcmp(w, words[k]) == 0)
					return true;
			if (strstr(w, "nav") || strstr(w, "menu") || strstr(w, "crumb") || strstr(w, "footer") ||
				strstr(w, "copyright"))
				return true;
		}
		n = 0;
		if (c == '\0')
			return false;
	}
}

static int
span_attr(const char *v, int lo, int hi, int dflt)
{
	long		n = 0;
	bool		digits = false;

	while (*v == ' ' || *v == '\t' || *v == '\n')
		v++;
	while (*v >= '0' && *v <= '9')
	{
		digits = true;
		if (n < 1000000)
			n = n * 10 + (*v - '0');
		v++;
	}
	if (!digits)
		return dflt;
	return n < lo ? dflt : n > hi ? hi : (int) n;
}

/*
 * libxml2 may hold back input and parse most of a page in one call: inside
 * it the host cannot cancel (no longjmp through libxml2).  So every few
 * thousand events the host is asked whether it wants to stop; the parser is
 * then stopped, and the host's tick runs once libxml2 has returned.
 */
static void
maybe_stop(hstate *hs)
{
	const gai_hooks *h = hs->b->doc.hooks;

	if ((++hs->events & 1023) == 0 && h->interrupted && !hs->stopped && h->interrupted(h->ctx))
	{
		hs->stopped = true;
		xmlStopParser(hs->ctxt);
	}
}

static hnode *
node_new(hstate *hs, int tag)
{
	hnode	   *n = arena_alloc0(&hs->b->arena, sizeof(hnode));

	n->tag = (uint8_t) tag;
	n->colspan = 1;
	n->rowspan = 1;
	n->line = hs->fixed_line > 0 ? hs->fixed_line : hs->ctxt ? xmlSAX2GetLineNumber(hs->ctxt) : 1;
	return n;
}

static void
node_append(hnode *parent, hnode *n)
{
	n->parent = parent;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	hstate	   *hs = ctx;
	hnode	   *n;
	int			tag = tag_of((const char *) name);

	maybe_stop(hs);
	if (tag == T_BR)
	{
		node_append(hs->cur, node_new(hs, T_BR));
		return;				/* void element: no end event needed */
	}
	{
		bool		chrome = false;
		int			colspan = 1,
					rowspan = 1;
		bool		make;

		for (int i = 0; atts && atts[i]; i += 2)
		{
			const char *a = (const char *) atts[i],
					   *v = atts[i + 1] ? (const char *) atts[i + 1] : "";

			if (strcmp(a, "colspan") == 0)
				colspan = span_attr(v, 1, MAX_SPAN_COLS, 1);
			else if (strcmp(a, "rowspan") == 0)
				rowspan = span_attr(v, 0, MAX_SPAN_ROWS, 1);
			else if ((strcmp(a, "class") == 0 || strcmp(a, "id") == 0) && chrome_name(v))
				chrome = true;
		}
		/*
		 * Inline elements (span, a, font, o:p …) make no node: their text is
		 * their parent's.  Word pages wrap every word in spans; this keeps
		 * the tree near the size of the page's blocks and cells.
		 */
		make = (tag != T_OTHER || chrome) && hs->depth < MAX_DEPTH && hs->open < MAX_OPEN;
		if (hs->open < MAX_OPEN)
			hs->made[hs->open] = make;
		hs->open++;
		if (!make)
			return;
		n = node_new(hs, tag);
		n->colspan = (uint16_t) colspan;
		n->rowspan = rowspan;
		n->chrome = chrome;
		node_append(hs->cur, n);
		hs->cur = n;
		hs->depth++;
	}
}

static void
sax_end(void *ctx, const xmlChar *name)
{
	hstate	   *hs = ctx;

	if (tag_of((const char *) name) == T_BR || hs->open == 0)
		return;
	hs->open--;
	if (hs->open < MAX_OPEN && hs->made[hs->open] && hs->cur != hs->root)
	{
		hs->cur = hs->cur->parent;
		hs->depth--;
	}
}

static void
sax_text(void *ctx, const xmlChar *ch, int len)
{
	hstate	   *hs = ctx;
	hnode	   *t = hs->cur->last;

	maybe_stop(hs);
	if (len <= 0)
		return;
	if (!t || t->tag != T_TEXT)
	{
		t = node_new(hs, T_TEXT);
		node_append(hs->cur, t);
	}
	if (t->len + len + 1 > t->cap)
	{
		/* exact at first; then grows geometrically: a long text in many pieces costs O(n) */
		int			cap = t->cap == 0 ? len + 1 : 2 * (t->len + len) + 16;
		char	   *p = arena_alloc(&hs->b->arena, (size_t) cap);

		if (t->len)
			memcpy(p, t->text, (size_t) t->len);
		t->text = p;
		t->cap = cap;
	}
	memcpy(t->text + t->len, ch, (size_t) len);
	t->len += len;
	t->text[t->len] = '\0';
}

static void
sax_silent(void *ctx, xmlErrorPtr err)
{
	(void) ctx;
	(void) err;
}

static void
sax_silent_v(void *ctx, const char *msg,...)
{
	(void) ctx;
	(void) msg;
}

/* Frees the parser; safe to call twice (also from the host's deferred cleanup). */
static void
release_parser(void *arg)
{
	hstate	   *hs = arg;

	if (hs->ctxt)
	{
		if (hs->ctxt->myDoc)
			xmlFreeDoc(hs->ctxt->myDoc);
		hs->ctxt->myDoc = NULL;
		htmlFreeParserCtxt(hs->ctxt);
		hs->ctxt = NULL;
	}
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left), 0 if none. */
static int
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned	cp;
	int			k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < (size_t) k)
		return 0;
	for (int i = 1; i < k; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return k;
}

/*
 * Valid UTF-8 without NUL for libxml2: an invalid byte would make it guess
 * another encoding for the rest of the page.  Invalid sequences become
 * U+FFFD, NUL a space; the text is copied only when it needs that.
 */
static const char *
clean_utf8(gai_builder *b, const char *text, size_t len, size_t *out_len)
{
	size_t		i = 0,
				o = 0;
	char	   *out = NULL;

	while (i < len)
	{
		int			k = text[i] ? utf8_seq((const unsigned char *) text + i, len - i) : 0;

		if (k > 0)
		{
			if (out)
				memcpy(out + o, text + i, (size_t) k), o += (size_t) k;
			i += (size_t) k;
			continue;
		}
		if (!out)
		{
			out = arena_alloc(&b->arena, len * 3 + 4);
			memcpy(out, text, i);
			o = i;
		}
		if (text[i] == 0)
			out[o++] = ' ';
		else
		{
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			b->doc.invalid_utf8++;
		}
		i++;
	}
	*out_len = out ? o : len;
	return out ? out : text;
}

/*
 * <!DOCTYPE html [ <!ENTITY …> ]>: the HTML parser ends the doctype at the
 * first '>' and would show the rest of the internal subset as page text.  A
 * browser shows none of it, and entities are never expanded: the subset is
 * blanked (line ends kept, so lines keep their numbers).
 */
static const char *
blank_internal_subset(gai_builder *b, const char *text, size_t *len)
{
	size_t		i = 0,
				open,
				close;
	char	   *copy;

	while (i < *len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	if (ci_prefix(text + i, *len - i, "<?xml"))
	{
		/* an XML declaration before it */
		const char *end = memmem(text + i, *len - i, "?>", 2);

		if (!end)
			return text;
		i = (size_t) (end - text) + 2;
		while (i < *len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
			i++;
	}
	if (!ci_prefix(text + i, *len - i, "<!doctype"))
		return text;
	for (open = i; open < *len && text[open] != '>' && text[open] != '['; open++)
		;
	if (open >= *len || text[open] != '[')
		return text;
	for (close = open; close + 1 < *len && !(text[close] == ']' && text[close + 1] == '>'); close++)
		;
	if (close + 1 >= *len)
		close = *len - 1;		/* never closed: the page is all subset */
	copy = arena_alloc(&b->arena, *len + 1);
	memcpy(copy, text, *len);
	for (size_t k = open; k <= close; k++)
		if (copy[k] != '\n')
			copy[k] = ' ';
	copy[*len] = '\0';
	return copy;
}

/* Parse a page into our tree; NULL when libxml2 cannot start. */
static hnode *
parse_tree(gai_builder *b, const char *text, size_t len, int fixed_line)
{
	htmlSAXHandler sax;
	hstate	   *hs = arena_alloc0(&b->arena, sizeof(hstate));
	const char *clean;
	size_t		clean_len;

	hs->b = b;
	hs->fixed_line = fixed_line;
	hs->root = node_new(hs, T_BLOCK);
	hs->cur = hs->root;
	clean = clean_utf8(b, text, len, &clean_len);
	clean = blank_internal_subset(b, clean, &clean_len);

	memset(&sax, 0, sizeof sax);
	sax.startElement = sax_start;
	sax.endElement = sax_end;
	sax.characters = sax_text;
	sax.cdataBlock = sax_text;	/* script and style content */
	sax.ignorableWhitespace = sax_text;
	sax.warning = sax_silent_v;
	sax.error = sax_silent_v;
	sax.fatalError = sax_silent_v;
	sax.serror = sax_silent;
	sax.initialized = XML_SAX2_MAGIC;

	hs->ctxt = htmlCreatePushParserCtxt(&sax, hs, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (!hs->ctxt)
		return NULL;
	if (b->doc.hooks->defer)
		b->doc.hooks->defer(b->doc.hooks->ctx, release_parser, hs);
	htmlCtxtUseOptions(hs->ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
					   HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
	for (size_t off = 0; off < clean_len;)
	{
		size_t		n = clean_len - off < CHUNK ? clean_len - off : CHUNK;

		/* a UTF-8 sequence stays in one chunk */
		while (off + n < clean_len && n > 1 && ((unsigned char) clean[off + n] & 0xC0) == 0x80)
			n--;
		htmlParseChunk(hs->ctxt, clean + off, (int) n, 0);
		off += n;
		/* between chunks, outside libxml2: the host may cancel here */
		if (b->doc.hooks->tick)
			b->doc.hooks->tick(b->doc.hooks->ctx);
		if (hs->stopped)
			break;
	}
	if (!hs->stopped)
		htmlParseChunk(hs->ctxt, NULL, 0, 1);
	if (hs->stopped && b->doc.hooks->tick)
		b->doc.hooks->tick(b->doc.hooks->ctx);	/* the host cancels here (it does not return) */
	release_parser(hs);
	return hs->root;
}

/* ------------------------------------------------------------ text out */

static void
out_bytes(emit_state *es, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*(char *) vec_push(&es->b->arena, &es->out, 1) = s[i];
}

static void
end_line(emit_state *es)
{
	if (!es->line_has_text)
		return;
	out_bytes(es, "\n", 1);
	*(int *) vec_push(&es->b->arena, &es->lmap, sizeof(int)) = es->line_src;
	es->line_has_text = false;
	es->line_src = 0;
}

static void
put_text(emit_state *es, const char *s, int len, int line)
{
	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '\n' || c == '\r' || c == '\f' || c == '\t')
			c = ' ';		/* a TAB would make the line read as cells */
		if (!es->line_has_text)
		{
			if (c == ' ' || c == '\t')
				continue;
			es->line_has_text = true;
			es->line_src = line;
		}
		out_bytes(es, &c, 1);
	}
}

/* Text of a subtree: blocks and <br> as line ends, <sup>/<sub> marked. */
static void
subtree_text(const hnode *n, gai_vec *v, gai_arena *a, int depth)
{
	for (const hnode *c = n->first; c; c = c->next)
	{
		if (c->tag == T_TEXT)
		{
			for (int i = 0; i < c->len; i++)
				*(char *) vec_push(a, v, 1) = c->text[i];
		}
		else if (c->tag == T_BR)
			*(char *) vec_push(a, v, 1) = '\n';
		else if (c->tag == T_SCRIPT || c->tag == T_STYLE || c->tag == T_SKIP || c->tag == T_HEAD ||
				 c->tag == T_TABLE)
			continue;
		else
		{
			/* a footnote mark is no digit of the number before it: 12<sup>3</sup> is not 123 */
			if (c->tag == T_SUP)
				*(char *) vec_push(a, v, 1) = '^';
			if (depth < MAX_DEPTH)
				subtree_text(c, v, a, depth + 1);
			if (c->tag == T_BLOCK || c->tag == T_H)
				*(char *) vec_push(a, v, 1) = '\n';
		}
	}
}

static bool
has_tag(const hnode *n, int tag, int depth)
{
	for (const hnode *c = n->first; c; c = c->next)
		if (c->tag == tag || (depth < MAX_DEPTH && c->first && has_tag(c, tag, depth + 1)))
			return true;
	return false;
}

/*
 * Page furniture by its class or id (menus, breadcrumbs, footers) is left
 * out unless it holds a table or a heading (h1-h3): a CMS may put the
 * article's title in a "header" block.
 */
static bool
is_furniture(const hnode *n)
{
	return n->chrome && !has_tag(n, T_TABLE, 0) && !has_tag(n, T_H, 0);
}

/* ------------------------------------------------------------ grids */

typedef struct gcell
{
	const hnode *td;
	int			row,
				col,
				colspan;
} gcell;

typedef struct active_span
{
	int			col0,
				col1,			/* [col0, col1) */
				last_row;
} active_span;

/*
 * Word ends its tables with a row of contentless cells that only fix the
 * column widths (<![if !supportMisalignedColumns]>): a row whose every cell
 * is an empty element (not even &nbsp;) is no row of the table.
 */
static bool
spacer_row(const hnode *first, const hnode *stop)
{
	int			cells = 0;

	for (const hnode *c = first; c && c != stop; c = c->next)
		if (c->tag == T_TD || c->tag == T_TH)
		{
			if (c->first)
				return false;
			cells++;
		}
	return cells > 0;
}

/* Place the cells of one row (the td/th children of tr, or a run of them). */
static int
place_row(gai_arena *a, gai_vec *cells, gai_vec *spans, const hnode *first, const hnode *stop,
		  int y, int group_last)
{
	int			x = 0,
				placed = 0;
	active_span *sp;

	for (const hnode *c = first; c && c != stop; c = c->next)
	{
		gcell	   *g;
		int			last;

		if (c->tag != T_TD && c->tag != T_TH)
			continue;
		if (cells->n >= MAX_GRID_CELLS)
			return -1;
		/* the first column no rowspan from above occupies */
		for (bool moved = true; moved;)
		{
			moved = false;
			for (int k = 0; k < spans->n; k++)
			{
				sp = &((active_span *) spans->data)[k];
				if (sp->last_row >= y && x >= sp->col0 && x < sp->col1)
				{
					x = sp->col1;
					moved = true;
				}
			}
		}
		g = vec_push(a, cells, sizeof(gcell));
		g->td = c;
		g->row = y;
		g->col = x;
		g->colspan = c->colspan;
		last = c->rowspan == 0 ? group_last : y + c->rowspan - 1;
		if (last > group_last)
			last = group_last;
		if (last > y)
		{
			sp = vec_push(a, spans, sizeof(active_span));
			sp->col0 = x;
			sp->col1 = x + c->colspan;
			sp->last_row = last;
		}
		x += c->colspan;
		placed++;
	}
	/* spans that ended are dropped */
	{
		int			k2 = 0;

		for (int k = 0; k < spans->n; k++)
		{
			active_span *s = &((active_span *) spans->data)[k];

			if (s->last_row > y)
				((active_span *) spans->data)[k2++] = *s;
		}
		spans->n = k2;
	}
	return placed;
}

typedef struct row_unit
{
	const hnode *first;			/* first child that may be a cell */
	const hnode *stop;			/* NULL, or the sibling where the row's cells stop */
	int			group;
} row_unit;

/* A run of td/th siblings without <tr> from c: its end. */
static const hnode *
cell_run_end(const hnode *c)
{
	while (c && c->tag != T_TR && c->tag != T_GROUP)
		c = c->next;
	return c;
}

/*
 * The rows of a table in order, each with its row group: the tr children of
 * the table and of its thead/tbody/tfoot; a run of td/th without <tr> is one
 * implied row.  Rows directly under <table> form an implicit group that ends
 * where an explicit one begins.
 */
static void
table_rows(gai_arena *a, const hnode *table, gai_vec *units)
{
	int			group = 0;

	for (const hnode *g = table->first; g;)
	{
		if (g->tag == T_GROUP)
		{
			group++;
			for (const hnode *c = g->first; c;)
			{
				row_unit   *u;

				if (c->tag != T_TR && c->tag != T_TD && c->tag != T_TH)
				{
					c = c->next;
					continue;
				}
				u = vec_push(a, units, sizeof(row_unit));
				u->group = group;
				if (c->tag == T_TR)
				{
					u->first = c->first;
					u->stop = NULL;
					c = c->next;
				}
				else
				{
					u->first = c;
					u->stop = cell_run_end(c);
					c = u->stop;
				}
			}
			group++;
			g = g->next;
		}
		else if (g->tag == T_TR)
		{
			row_unit   *u = vec_push(a, units, sizeof(row_unit));

			u->first = g->first;
			u->stop = NULL;
			u->group = group;
			g = g->next;
		}
		else if (g->tag == T_TD || g->tag == T_TH)
		{
			row_unit   *u = vec_push(a, units, sizeof(row_unit));

			u->first = g;
			u->stop = cell_run_end(g);
			u->group = group;
			g = u->stop;
		}
		else
			g = g->next;
	}
}

/* The cells of a table placed by the HTML table model. */
static void
table_cells(gai_arena *a, const hnode *table, gai_vec *cells, bool *overflow)
{
	gai_vec		units = {0};
	gai_vec		spans = {0};

	table_rows(a, table, &units);
	for (int y = 0, group_last = -1; y < units.n; y++)
	{
		const row_unit *u = &((row_unit *) units.data)[y];

		if (y > 0 && ((row_unit *) units.data)[y - 1].group != u->group)
			spans.n = 0;		/* a rowspan ends with its row group */
		if (y > group_last)
		{
			/* the group's last row, found once per group */
			group_last = y;
			while (group_last + 1 < units.n && ((row_unit *) units.data)[group_last + 1].group == u->group)
				group_last++;
		}
		if (spacer_row(u->first, u->stop))
			continue;
		if (place_row(a, cells, &spans, u->first, u->stop, y, group_last) < 0)
		{
			*overflow = true;
			return;
		}
	}
}

/* One cell's text, normalised, as a grid cell of the right kind. */
static void
grid_cell(gai_arena *a, gai_vec *v, const gcell *gc, int16_t grid)
{
	gai_vec		raw = {0};
	char	   *norm;
	size_t		n;
	int			inv = 0;
	gai_token  *t;

	subtree_text(gc->td, &raw, a, 0);
	n = norm_line(raw.n ? raw.data : "", (size_t) raw.n, NULL, 0, &inv);
	norm = arena_alloc(a, n + 1);
	norm_line(raw.n ? raw.data : "", (size_t) raw.n, norm, n + 1, &inv);
	t = vec_push(a, v, sizeof(gai_token));
	memset(t, 0, sizeof *t);
	t->cell_mode = true;
	t->grid = grid;
	t->line = gc->td->line;
	t->col = (int16_t) (gc->col < INT16_MAX ? gc->col : INT16_MAX);
	t->span = (int16_t) gc->colspan;
	t->key_id = -2;
	t->kind = (uint8_t) grid_cell_kind(a, norm, (int) n, &t->text, &t->len);
}

/* Is some label cell of this grid a label of a template? */
static bool
grid_is_template(const gai_tokens *g)
{
	for (int i = 0; i < g->n; i++)
		if (g->tok[i].kind == TK_LABEL && label_mask_of(label_key_id(g->tok[i].text, g->tok[i].len)) != 0)
			return true;
	return false;
}

static void
emit_table(emit_state *es, const hnode *table)
{
	gai_arena  *a = &es->b->arena;
	gai_vec		cells = {0};
	gai_vec		toks = {0};
	bool		overflow = false;
	gai_tokens *g;
	int			prev_row = -1;
	int16_t		idx = (int16_t) es->grids.n;

	if (es->grids.n >= INT16_MAX)
		return;
	table_cells(a, table, &cells, &overflow);
	if (overflow)
	{
		gai_warn(es->b, table->line, "a table of more than %d cells is not read", MAX_GRID_CELLS);
		return;
	}
	for (int i = 0; i < cells.n; i++)
	{
		const gcell *gc = &((gcell *) cells.data)[i];

		if (prev_row >= 0 && gc->row != prev_row)
		{
			gai_token  *t = vec_push(a, &toks, sizeof(gai_token));

			memset(t, 0, sizeof *t);
			t->kind = TK_BREAK;
			t->grid = idx;
			t->line = gc->td->line;
			t->col = -1;
			t->span = 1;
		}
		prev_row = gc->row;
		grid_cell(a, &toks, gc, idx);
		if ((i & 1023) == 0 && es->b->doc.hooks->tick)
			es->b->doc.hooks->tick(es->b->doc.hooks->ctx);
	}
	if (toks.n)
	{
		gai_token  *t = vec_push(a, &toks, sizeof(gai_token));

		memset(t, 0, sizeof *t);
		t->kind = TK_BREAK;
		t->grid = idx;
		t->line = table->line;
		t->col = -1;
		t->span = 1;
	}
	g = vec_push(a, &es->grids, sizeof(gai_tokens));
	memset(g, 0, sizeof *g);
	g->tok = toks.data;
	g->n = toks.n;
	if (!grid_is_template(g))
	{
		/* a table that is not a template's (contacts, a calendar): no cells */
		es->grids.n--;
		return;
	}
	es->report_tables++;
	/* the line standing for the table: U+E000, its number, its first cells' text */
	end_line(es);
	{
		char		head[24];
		int			hl = snprintf(head, sizeof head, "\xEE\x80\x80%d ", (int) idx);

		put_text(es, head, hl, table->line);
		for (int i = 0, used = 0; i < g->n && used < 240 && g->tok[i].kind != TK_BREAK; i++)
		{
			put_text(es, g->tok[i].text, g->tok[i].len, table->line);
			put_text(es, " ", 1, table->line);
			used += g->tok[i].len + 1;
		}
		end_line(es);
	}
}

static void
walk(emit_state *es, const hnode *n, int depth)
{
	for (const hnode *c = n->first; c; c = c->next)
	{
		switch (c->tag)
		{
			case T_TEXT:
				put_text(es, c->text, c->len, c->line);
				break;
			case T_BR:
				end_line(es);
				break;
			case T_HEAD:
			case T_TITLE:
			case T_SCRIPT:
			case T_STYLE:
			case T_SKIP:
				break;
			case T_TABLE:
				if (is_furniture(c))
					break;
				if (has_tag(c, T_TABLE, 0))
				{
					/* page layout: its cells are blocks */
					end_line(es);
					if (depth < MAX_DEPTH)
						walk(es, c, depth + 1);
					end_line(es);
				}
				else
					emit_table(es, c);
				break;
			default:
				if (is_furniture(c))
					break;
				if (c->tag != T_OTHER && c->tag != T_SUP)
					end_line(es);
				else if (c->tag == T_SUP)
					put_text(es, "^", 1, c->line);
				if (depth < MAX_DEPTH)
					walk(es, c, depth + 1);
				if (c->tag != T_OTHER && c->tag != T_SUP)
					end_line(es);
				break;
		}
		gai_tick(&es->b->doc, ++es->steps);
	}
}

/* ------------------------------------------------------------ pages in pages */

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* Append code point cp as UTF-8. */
static void
put_cp(gai_arena *a, gai_vec *v, unsigned cp)
{
	char		buf[4];
	int			n;

	if (cp < 0x80)
		buf[0] = (char) cp, n = 1;
	else if (cp < 0x800)
		buf[0] = (char) (0xC0 | (cp >> 6)), buf[1] = (char) (0x80 | (cp & 0x3F)), n = 2;
	else if (cp < 0x10000)
		buf[0] = (char) (0xE0 | (cp >> 12)), buf[1] = (char) (0x80 | ((cp >> 6) & 0x3F)),
			buf[2] = (char) (0x80 | (cp & 0x3F)), n = 3;
	else
		buf[0] = (char) (0xF0 | (cp >> 18)), buf[1] = (char) (0x80 | ((cp >> 12) & 0x3F)),
			buf[2] = (char) (0x80 | ((cp >> 6) & 0x3F)), buf[3] = (char) (0x80 | (cp & 0x3F)), n = 4;
	for (int i = 0; i < n; i++)
		*(char *) vec_push(a, v, 1) = buf[i];
}

/*
 * The JavaScript string literal(s) around s[at]: from its opening quote to
 * its closing one, unescaped, with "…" + "…" concatenations joined.
 */
static bool
js_string_at(gai_arena *a, const char *s, int len, int at, gai_vec *out)
{
	int			q = at;
	char		quote;

	/* the opening quote: the nearest unescaped quote before at */
	while (q > 0)
	{
		q--;
		if ((s[q] == '"' || s[q] == '\'' || s[q] == '`') && (q == 0 || s[q - 1] != '\\'))
			break;
	}
	if (q < 0 || !(s[q] == '"' || s[q] == '\'' || s[q] == '`'))
		return false;
	for (;;)
	{
		int			i = q + 1;

		quote = s[q];
		for (; i < len && s[i] != quote; i++)
		{
			if (s[i] != '\\' || i + 1 >= len)
			{
				*(char *) vec_push(a, out, 1) = s[i];
				continue;
			}
			i++;
			switch (s[i])
			{
				case 'n':
					*(char *) vec_push(a, out, 1) = '\n';
					break;
				case 'r':
				case 't':
					*(char *) vec_push(a, out, 1) = ' ';
					break;
				case 'u':
					if (i + 4 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0 &&
						hexval(s[i + 3]) >= 0 && hexval(s[i + 4]) >= 0)
					{
						unsigned	cp = (unsigned) (hexval(s[i + 1]) << 12 | hexval(s[i + 2]) << 8 |
													 hexval(s[i + 3]) << 4 | hexval(s[i + 4]));

						put_cp(a, out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
						i += 4;
					}
					break;
				case 'x':
					if (i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0)
					{
						put_cp(a, out, (unsigned) (hexval(s[i + 1]) << 4 | hexval(s[i + 2])));
						i += 2;
					}
					break;
				default:
					*(char *) vec_push(a, out, 1) = s[i];	/* \" \' \\ \/ */
					break;
			}
		}
		/* "…" + "…": go on with the next literal */
		{
			int			k = i + 1;

			while (k < len && (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t'))
				k++;
			if (k < len && s[k] == '+')
			{
				k++;
				while (k < len && (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t'))
					k++;
				if (k < len && (s[k] == '"' || s[k] == '\'' || s[k] == '`'))
				{
					q = k;
					continue;
				}
			}
		}
		return out->n > 0;
	}
}

/*
 * A page whose report is not in its markup: inside a script's string, or in
 * a text that holds the markup escaped once more (&lt;table&gt;).  Returns
 * that markup, or NULL.
 */
static bool
inner_page(gai_builder *b, const hnode *n, gai_vec *out, int *line, int depth)
{
	for (const hnode *c = n->first; c; c = c->next)
	{
		if (c->tag == T_SCRIPT)
		{
			for (const hnode *t = c->first; t; t = t->next)
			{
				const char *hit;

				if (t->tag != T_TEXT)
					continue;
				hit = ci_find(t->text, (size_t) t->len, "<table");
				if (!hit)
					hit = ci_find(t->text, (size_t) t->len, "\\u003ctable");
				if (hit && js_string_at(&b->arena, t->text, t->len, (int) (hit - t->text), out))
				{
					*line = t->line;
					return true;
				}
			}
			continue;
		}
		if (c->tag == T_TEXT)
		{
			if (ci_find(c->text, (size_t) c->len, "<table") && ci_find(c->text, (size_t) c->len, "<td"))
			{
				/* the whole text of the enclosing element: the page escaped once more */
				subtree_text(n, out, &b->arena, 0);
				*line = c->line;
				return true;
			}
			continue;
		}
		if (c->first && depth < MAX_DEPTH && inner_page(b, c, out, line, depth + 1))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------ entry */

/*
 * Read a page: the synthetic text (its lines) and doc->grids.  line_map
 * receives the source line of each synthetic line.
 */
const char *
html_read(gai_builder *b, const char *text, size_t len, size_t *out_len, int **line_map, int *n_map)
{
	emit_state	es;
	hnode	   *root;
	int			fixed_line = 0;	/* 0: lines of the page itself */

	for (int level = 0;; level++)
	{
		memset(&es, 0, sizeof es);
		es.b = b;
		root = parse_tree(b, text, len, fixed_line);
		if (!root)
		{
			gai_warn(b, 0, "the HTML parser could not start; the page is read as text");
			*out_len = len;
			*line_map = NULL;
			*n_map = 0;
			return text;
		}
		walk(&es, root, 0);
		end_line(&es);
		if (es.report_tables == 0 && level < MAX_NESTED_PAGES)
		{
			gai_vec		inner = {0};

			int			line = 0;

			if (inner_page(b, root, &inner, &line, 0))
			{
				/* its lines are the line of the string or text it was found in */
				fixed_line = fixed_line > 0 ? fixed_line : line;
				gai_warn(b, 0, "the report is inside the page's %s; read from there",
						 "script or escaped text");
				text = inner.data;
				len = (size_t) inner.n;
				continue;
			}
		}
		break;
	}
	*(char *) vec_push(&b->arena, &es.out, 1) = '\0';
	*out_len = (size_t) es.out.n - 1;
	*line_map = es.lmap.data;
	*n_map = es.lmap.n;
	b->doc.grids = es.grids.data;
	b->doc.n_grids = es.grids.n;
	b->doc.html = true;
	return es.out.data;
}

int
html_init(void)
{
	xmlInitParser();			/* idempotent; never paired with a global cleanup */
	return 0;
}
