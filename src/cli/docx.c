/*
 * docx.c — a Word .docx -> an HTML page the server's HTML reader reads
 * exactly (docx.h).
 *
 * The container: libzip opens the bytes in memory (never a file name, so
 * what is read is what the loader read and hashed).  The main part is found
 * by the package relationships (_rels/.rels, falling back to
 * word/document.xml), styles and numbering by the document's own
 * relationships.  Limits against zip bombs: the number of entries, the
 * uncompressed size of each part read and of all of them, counted while
 * inflating (a lying header does not help), and encrypted entries refused.
 * A legacy .doc or a password-protected .docx is an OLE compound file, not
 * a zip: it gets its own message (filetype.c).
 *
 * The XML: libxml2 with no network, no DTD loading and no entity
 * substitution; a part with a DOCTYPE is refused outright (OPC forbids DTDs
 * in a package, and a DOCTYPE is where entity bombs live).  document.xml is
 * read as a stream (xmlTextReader) and each child of w:body is expanded into
 * a tree of its own, turned into HTML and freed, so memory stays at the
 * largest table, not the whole document.
 *
 * The text: each paragraph (w:p) becomes <p>, or <h1>..<h6> when its style
 * is a heading ("heading N", "Title" or an outline level), led by its list
 * number as Word prints it (numbering.xml: decimal, 一二三, （一）, ①, roman,
 * letters ...).  Runs: w:t text, w:tab and w:ptab a space, w:br and w:cr
 * <br>, superscript/subscript (direct or by character style) in <sup>/<sub>
 * (a footnote or endnote reference prints its number there), hidden text
 * (w:vanish), deleted text (w:del, w:delText), field instructions
 * (w:instrText) and the fallback half of mc:AlternateContent left out;
 * hyperlinks, insertions, smart tags, content controls (w:sdt) and fields
 * read through.  Text boxes inside a paragraph follow it as blocks of their
 * own.
 *
 * Tables (w:tbl) by Word's table model: rows (w:tr) of cells (w:tc), each
 * covering w:gridSpan columns of the table grid after the row's
 * w:gridBefore columns.  A cell with w:vMerge "continue" belongs to the
 * cell above it that starts at the same grid column (vMerge "restart" or a
 * continued cell itself): that cell gets rowspan = the rows it covers and
 * the continued cells are not printed.  w:hMerge (old Word's horizontal
 * merge) adds to the colspan of the cell before.  w:gridBefore becomes an
 * empty leading cell spanning those columns, so the cells after it keep
 * their grid columns; w:gridAfter columns are simply absent.  The
 * paragraphs of a cell are joined with <br>; a nested table stays inside
 * its cell as a table of its own.  Empty rows are kept (<tr></tr>), so
 * rowspans count as in Word.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE				/* memmem */
#endif
#include "docx.h"
#include "filetype.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"

#define MAX_SPAN 1000			/* colspan, gridBefore: HTML's own limit */
#define MAX_ROWSPAN 65534		/* HTML's limit */
#define MAX_SIDE_PART (16u << 20)	/* styles.xml, numbering.xml, rels */
#define MAX_STYLE_CHAIN 16

/* ------------------------------------------------------------ buffers */

typedef struct
{
	char	   *p;
	size_t		len;
	size_t		cap;
} dbuf;

typedef struct style
{
	char	   *id;
	char	   *based_on;
	char		type;			/* 'p' paragraph, 'c' character, 0 other */
	int			heading;		/* 1..9 from the name (heading N, Title); 0 none */
	int			outline;		/* w:outlineLvl, -1 unset */
	int			va;				/* -1 unset, 0 baseline, 1 superscript, 2 subscript */
	int			num_id;			/* style-linked list: -1 unset */
	int			ilvl;
	int			vanish;			/* -1 unset, 0/1 */
} style;

typedef struct
{
	int			start;
	char		fmt[40];
	char	   *text;			/* w:lvlText, NULL: none */
	char		suff;			/* 't' tab, 's' space, 'n' nothing */
	bool		legal;			/* w:isLgl: every level's number in decimal */
} numlvl;

typedef struct
{
	int			id;
	numlvl		lvl[9];
	int			count[9];
	bool		started[9];
} absnum;

typedef struct
{
	int			id;
	int			abs_id;
	int			start_override[9];	/* -1 none */
	bool		lvl_given[9];	/* w:lvlOverride with a w:lvl of its own */
	numlvl		lvl[9];
	bool		used;
} numinst;

typedef struct
{
	char	   *err;
	size_t		errlen;
	bool		failed;
	size_t		total_read;		/* uncompressed bytes read from the zip */
	size_t		out_bytes;		/* bytes in all output buffers */
	style	   *styles;			/* sorted by id */
	size_t		nstyles;
	absnum	   *abs;
	size_t		nabs;
	numinst    *nums;
	size_t		nnums;
	int			footnotes;
	int			endnotes;
	int			table_depth;
	char		xml_err[200];
} ctx;

static void
fail(ctx *c, const char *fmt,...) __attribute__((format(printf, 2, 3)));

static void
fail(ctx *c, const char *fmt,...)
{
	va_list		ap;

	if (c->failed)
		return;
	c->failed = true;
	if (c->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
}

static void
put(ctx *c, dbuf *b, const char *s, size_t n)
{
	if (c->failed || n == 0)
		return;
	if (c->out_bytes + n > GAI_DOCX_MAX_HTML)
	{
		fail(c, "the document's text is too large (over %u MB as HTML)", GAI_DOCX_MAX_HTML >> 20);
		return;
	}
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 256;
		char	   *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
		{
			fail(c, "out of memory");
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	c->out_bytes += n;
}

static void
puts_(ctx *c, dbuf *b, const char *s)
{
	put(c, b, s, strlen(s));
}

static void
putf(ctx *c, dbuf *b, const char *fmt,...) __attribute__((format(printf, 3, 4)));

static void
putf(ctx *c, dbuf *b, const char *fmt,...)
{
	char		tmp[128];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(c, b, tmp, (size_t) n < sizeof tmp ? (size_t) n : sizeof tmp - 1);
}

/* text escaped for HTML: & < > " ; control characters but TAB/LF as a space */
static void
put_text(ctx *c, dbuf *b, const char *s, size_t n)
{
	size_t		run = 0;

	for (size_t i = 0; i < n; i++)
	{
		unsigned char ch = (unsigned char) s[i];
		const char *rep = NULL;

		if (ch == '&')
			rep = "&amp;";
		else if (ch == '<')
			rep = "&lt;";
		else if (ch == '>')
			rep = "&gt;";
		else if (ch == '"')
			rep = "&quot;";
		else if (ch < 0x20 || ch == 0x7f)
			rep = " ";
		if (rep)
		{
			put(c, b, s + run, i - run);
			puts_(c, b, rep);
			run = i + 1;
		}
	}
	put(c, b, s + run, n - run);
}

static void
dbuf_free(ctx *c, dbuf *b)
{
	if (c && b->len <= c->out_bytes)
		c->out_bytes -= b->len;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* moves src's bytes to the end of dst (the bytes are counted once) */
static void
move_into(ctx *c, dbuf *dst, dbuf *src)
{
	if (src->len && !c->failed)
	{
		c->out_bytes -= src->len;
		put(c, dst, src->p, src->len);
	}
	dbuf_free(c, src);
}

/* ------------------------------------------------------------ XML helpers */

static bool
is_w_ns(const xmlNode *n)
{
	return n->ns && n->ns->href &&
		(strcmp((const char *) n->ns->href, W_NS) == 0 || strcmp((const char *) n->ns->href, W_NS_STRICT) == 0);
}

/* an element w:name */
static bool
is_w(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && is_w_ns(n) && strcmp((const char *) n->name, name) == 0;
}

static bool
is_mc(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		strcmp((const char *) n->ns->href, MC_NS) == 0 && strcmp((const char *) n->name, name) == 0;
}

/* the first child element w:name */
static xmlNode *
child(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNode *k = n->children; k; k = k->next)
		if (is_w(k, name))
			return k;
	return NULL;
}

/*
 * The value of attribute w:name (or name without a namespace, as some
 * writers put it), as it stands: no entity is ever substituted, the parts
 * have no DTD.  Points into the tree or NULL.
 */
static const char *
attr(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next)
	{
		if (strcmp((const char *) a->name, name) != 0)
			continue;
		if (a->ns && a->ns->href && strcmp((const char *) a->ns->href, W_NS) != 0 &&
			strcmp((const char *) a->ns->href, W_NS_STRICT) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *) a->children->content;
		return "";
	}
	return NULL;
}

static const char *
val(const xmlNode *n)
{
	return attr(n, "val");
}

static int
val_int(const xmlNode *n, int dflt, int lo, int hi)
{
	const char *v = val(n);
	char	   *end;
	long		x;

	if (!v)
		return dflt;
	errno = 0;
	x = strtol(v, &end, 10);
	if (end == v || errno)
		return dflt;
	return x < lo ? lo : x > hi ? hi : (int) x;
}

/* an on/off property: present without w:val, or with 1/true/on, is on */
static bool
on_off(const xmlNode *n)
{
	const char *v;

	if (!n)
		return false;
	v = val(n);
	return !v || !(strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0);
}

/* an on/off attribute's value: 1, true, on */
static bool
truthy(const char *v)
{
	return v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0);
}

static char *
dup_str(ctx *c, const char *s)
{
	char	   *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		fail(c, "out of memory");
	return d;
}

/* ------------------------------------------------------------ the zip */

static void
zip_fail(ctx *c, const char *what, zip_error_t *ze)
{
	fail(c, "%s: %s", what, zip_error_strerror(ze));
}

/*
 * The bytes of the entry `name` (case-insensitive, as OPC part names are),
 * NUL-terminated; NULL with *missing set when there is no such entry, NULL
 * with c->failed on an error.  At most `limit` bytes, counted while
 * inflating, and GAI_DOCX_MAX_TOTAL over all parts.
 */
static char *
read_entry(ctx *c, zip_t *za, const char *name, size_t limit, size_t *len, bool *missing)
{
	zip_int64_t idx;
	zip_stat_t	st;
	zip_file_t *zf;
	char	   *buf = NULL;
	size_t		cap,
				n = 0;

	*missing = false;
	if (c->failed)
		return NULL;
	idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0)
	{
		*missing = true;
		return NULL;
	}
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t) idx, 0, &st) != 0)
	{
		zip_fail(c, "a damaged zip archive", zip_get_error(za));
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
	{
		fail(c, "an encrypted zip archive (%s is encrypted): save the document again without a password", name);
		return NULL;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > limit)
	{
		fail(c, "%s is too large (%.1f MB uncompressed; at most %zu MB are read)", name,
			 (double) st.size / (1 << 20), limit >> 20);
		return NULL;
	}
	zf = zip_fopen_index(za, (zip_uint64_t) idx, 0);
	if (!zf)
	{
		zip_error_t *ze = zip_get_error(za);

		if (zip_error_code_zip(ze) == ZIP_ER_NOPASSWD || zip_error_code_zip(ze) == ZIP_ER_ENCRNOTSUPP)
			fail(c, "an encrypted zip archive (%s is encrypted): save the document again without a password", name);
		else
			zip_fail(c, "a damaged zip archive", ze);
		return NULL;
	}
	cap = (st.valid & ZIP_STAT_SIZE) && st.size < limit ? (size_t) st.size + 1 : 65536;
	buf = malloc(cap + 1);
	if (!buf)
	{
		zip_fclose(zf);
		fail(c, "out of memory");
		return NULL;
	}
	for (;;)
	{
		zip_int64_t r;

		if (n == cap)
		{
			size_t		ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
			char	   *p;

			if (ncap <= cap)
			{
				fail(c, "%s is too large (over %zu MB uncompressed)", name, limit >> 20);
				break;
			}
			p = realloc(buf, ncap + 1);
			if (!p)
			{
				fail(c, "out of memory");
				break;
			}
			buf = p;
			cap = ncap;
		}
		r = zip_fread(zf, buf + n, cap - n);
		if (r < 0)
		{
			zip_fail(c, "a damaged zip archive", zip_file_get_error(zf));
			break;
		}
		if (r == 0)
			break;
		n += (size_t) r;
		if (n > limit)
		{
			fail(c, "%s is too large (over %zu MB uncompressed)", name, limit >> 20);
			break;
		}
		if (c->total_read + n > GAI_DOCX_MAX_TOTAL)
		{
			fail(c, "the document is too large (over %u MB uncompressed)", GAI_DOCX_MAX_TOTAL >> 20);
			break;
		}
	}
	zip_fclose(zf);
	if (c->failed)
	{
		free(buf);
		return NULL;
	}
	c->total_read += n;
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* libxml2's first error, one line */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	ctx		   *c = arg;
	size_t		n;

	if (c->xml_err[0] || !e || e->level < XML_ERR_ERROR)
		return;
	snprintf(c->xml_err, sizeof c->xml_err, "line %d: %s", e->line, e->message ? e->message : "error");
	n = strlen(c->xml_err);
	while (n > 0 && (c->xml_err[n - 1] == '\n' || c->xml_err[n - 1] == ' '))
		c->xml_err[--n] = '\0';
}

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

static void
quiet(void *arg, xmlErrorPtr e)
{
	(void) arg;
	(void) e;
}

static bool has_doctype(const char *p, size_t len);

/*
 * A small part (rels, styles, numbering) as a tree; NULL when it is
 * malformed or has a DOCTYPE (then it is ignored: these parts only refine
 * the text).
 */
static xmlDoc *
parse_side_part(ctx *c, const char *buf, size_t len, const char *name)
{
	xmlParserCtxtPtr pc;
	xmlDoc	   *doc;

	if (len > INT_MAX || has_doctype(buf, len))
		return NULL;
	pc = xmlNewParserCtxt();
	if (!pc)
	{
		fail(c, "out of memory");
		return NULL;
	}
	pc->sax->serror = quiet;	/* nothing on stderr */
	doc = xmlCtxtReadMemory(pc, buf, (int) len, name, NULL, XML_OPTIONS);
	xmlFreeParserCtxt(pc);
	if (doc && (doc->intSubset || doc->extSubset))
	{
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* directory part of a part name, with its slash ("word/"), or "" */
static void
part_dir(const char *part, char *dir, size_t n)
{
	const char *slash = strrchr(part, '/');
	size_t		k = slash ? (size_t) (slash - part) + 1 : 0;

	if (k >= n)
		k = 0;
	memcpy(dir, part, k);
	dir[k] = '\0';
}

/* a relationship target made a part name: "/word/x.xml" -> "word/x.xml", "x.xml" -> dir + "x.xml" */
static void
resolve_target(const char *dir, const char *target, char *out, size_t n)
{
	if (target[0] == '/')
		snprintf(out, n, "%s", target + 1);
	else
	{
		/* "../x" from "word/": up one directory */
		char		d[512];

		snprintf(d, sizeof d, "%s", dir);
		while (strncmp(target, "../", 3) == 0)
		{
			size_t		k = strlen(d);

			if (k > 0)
				d[--k] = '\0';
			while (k > 0 && d[k - 1] != '/')
				d[--k] = '\0';
			target += 3;
		}
		snprintf(out, n, "%s%s", d, target);
	}
}

/*
 * The target of the first relationship in a .rels part whose type ends with
 * /type_suffix, made a part name relative to dir; false when none.
 */
static bool
rel_target(ctx *c, zip_t *za, const char *rels_name, const char *dir, const char *type_suffix,
		   char *out, size_t n)
{
	size_t		len;
	bool		missing,
				found = false;
	char	   *buf = read_entry(c, za, rels_name, MAX_SIDE_PART, &len, &missing);
	xmlDoc	   *doc;
	xmlNode    *root;

	if (!buf)
		return false;
	doc = parse_side_part(c, buf, len, rels_name);
	free(buf);
	if (!doc)
		return false;
	root = xmlDocGetRootElement(doc);
	for (xmlNode *k = root ? root->children : NULL; k && !found; k = k->next)
	{
		const char *type,
				   *target;
		size_t		tl,
					sl = strlen(type_suffix);

		if (k->type != XML_ELEMENT_NODE || strcmp((const char *) k->name, "Relationship") != 0)
			continue;
		type = attr(k, "Type");
		target = attr(k, "Target");
		if (!type || !target || !*target)
			continue;
		tl = strlen(type);
		if (tl > sl && type[tl - sl - 1] == '/' && strcmp(type + tl - sl, type_suffix) == 0)
		{
			const char *mode = attr(k, "TargetMode");

			if (mode && strcmp(mode, "External") == 0)
				continue;
			resolve_target(dir, target, out, n);
			found = true;
		}
	}
	xmlFreeDoc(doc);
	return found;
}

/* ------------------------------------------------------------ styles */

static int
style_cmp(const void *a, const void *b)
{
	return strcmp(((const style *) a)->id, ((const style *) b)->id);
}

static const style *
style_find(const ctx *c, const char *id)
{
	style		key;

	if (!id || !c->nstyles)
		return NULL;
	key.id = (char *) id;
	return bsearch(&key, c->styles, c->nstyles, sizeof(style), style_cmp);
}

static int
heading_of_name(const char *name)
{
	if (!name)
		return 0;
	if (strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' && name[8] <= '9' && !name[9])
		return name[8] - '0';
	if (strcasecmp(name, "title") == 0)
		return 1;
	return 0;
}

static void
load_styles(ctx *c, const char *buf, size_t len)
{
	xmlDoc	   *doc = parse_side_part(c, buf, len, "styles.xml");
	xmlNode    *root;
	size_t		n = 0;

	if (!doc)
		return;
	root = xmlDocGetRootElement(doc);
	for (xmlNode *k = root ? root->children : NULL; k; k = k->next)
		if (is_w(k, "style"))
			n++;
	c->styles = n ? calloc(n, sizeof(style)) : NULL;
	if (n && !c->styles)
	{
		fail(c, "out of memory");
		xmlFreeDoc(doc);
		return;
	}
	for (xmlNode *k = root ? root->children : NULL; k && !c->failed; k = k->next)
	{
		style	   *s;
		const char *id,
				   *type;
		xmlNode    *ppr,
				   *rpr,
				   *x;

		if (!is_w(k, "style") || !(id = attr(k, "styleId")))
			continue;
		s = &c->styles[c->nstyles++];
		s->id = dup_str(c, id);
		s->based_on = dup_str(c, val(child(k, "basedOn")));
		type = attr(k, "type");
		s->type = type && strcmp(type, "paragraph") == 0 ? 'p' : type && strcmp(type, "character") == 0 ? 'c' : 0;
		s->heading = heading_of_name(val(child(k, "name")));
		s->outline = -1;
		s->va = -1;
		s->num_id = -1;
		s->ilvl = 0;
		s->vanish = -1;
		ppr = child(k, "pPr");
		rpr = child(k, "rPr");
		if ((x = child(ppr, "outlineLvl")))
			s->outline = val_int(x, 9, 0, 9);
		if ((x = child(ppr, "numPr")))
		{
			s->num_id = val_int(child(x, "numId"), -1, 0, INT_MAX);
			s->ilvl = val_int(child(x, "ilvl"), 0, 0, 8);
		}
		if ((x = child(rpr, "vertAlign")) && val(x))
			s->va = strcmp(val(x), "superscript") == 0 ? 1 : strcmp(val(x), "subscript") == 0 ? 2 : 0;
		if ((x = child(rpr, "vanish")))
			s->vanish = on_off(x);
		if (!s->id)
			c->nstyles--;
	}
	xmlFreeDoc(doc);
	if (c->nstyles)
		qsort(c->styles, c->nstyles, sizeof(style), style_cmp);
}

/* a property along a style's basedOn chain: the first style that sets it */
static const style *
style_with(const ctx *c, const char *id, int (*has) (const style *))
{
	const style *s = style_find(c, id);

	for (int i = 0; s && i < MAX_STYLE_CHAIN; i++)
	{
		if (has(s))
			return s;
		s = style_find(c, s->based_on);
	}
	return NULL;
}

static int
has_heading(const style *s)
{
	return s->heading > 0 || s->outline >= 0;
}

static int
has_va(const style *s)
{
	return s->va >= 0;
}

static int
has_num(const style *s)
{
	return s->num_id >= 0;
}

static int
has_vanish(const style *s)
{
	return s->vanish >= 0;
}

/* ------------------------------------------------------------ numbering */

static void
read_lvl(ctx *c, const xmlNode *lv, numlvl *out)
{
	const xmlNode *x;
	const char *v;

	out->start = val_int(child(lv, "start"), 1, 0, 1000000);
	v = val(child(lv, "numFmt"));
	snprintf(out->fmt, sizeof out->fmt, "%s", v ? v : "decimal");
	x = child(lv, "lvlText");
	free(out->text);
	out->text = x ? dup_str(c, val(x) ? val(x) : "") : NULL;
	v = val(child(lv, "suff"));
	out->suff = v && strcmp(v, "space") == 0 ? 's' : v && strcmp(v, "nothing") == 0 ? 'n' : 't';
	out->legal = on_off(child(lv, "isLgl"));
}

static void
load_numbering(ctx *c, const char *buf, size_t len)
{
	xmlDoc	   *doc = parse_side_part(c, buf, len, "numbering.xml");
	xmlNode    *root;
	size_t		na = 0,
				nn = 0;

	if (!doc)
		return;
	root = xmlDocGetRootElement(doc);
	for (xmlNode *k = root ? root->children : NULL; k; k = k->next)
	{
		if (is_w(k, "abstractNum"))
			na++;
		else if (is_w(k, "num"))
			nn++;
	}
	c->abs = na ? calloc(na, sizeof(absnum)) : NULL;
	c->nums = nn ? calloc(nn, sizeof(numinst)) : NULL;
	if ((na && !c->abs) || (nn && !c->nums))
	{
		fail(c, "out of memory");
		xmlFreeDoc(doc);
		return;
	}
	for (xmlNode *k = root ? root->children : NULL; k && !c->failed; k = k->next)
	{
		if (is_w(k, "abstractNum"))
		{
			absnum	   *a = &c->abs[c->nabs++];

			a->id = (int) strtol(attr(k, "abstractNumId") ? attr(k, "abstractNumId") : "-1", NULL, 10);
			for (int l = 0; l < 9; l++)
			{
				a->lvl[l].start = 1;
				strcpy(a->lvl[l].fmt, "decimal");
				a->lvl[l].suff = 't';
			}
			for (xmlNode *lv = k->children; lv; lv = lv->next)
			{
				const char *il;
				int			l;

				if (!is_w(lv, "lvl") || !(il = attr(lv, "ilvl")))
					continue;
				l = atoi(il);
				if (l >= 0 && l < 9)
					read_lvl(c, lv, &a->lvl[l]);
			}
		}
		else if (is_w(k, "num"))
		{
			numinst    *m = &c->nums[c->nnums++];

			m->id = (int) strtol(attr(k, "numId") ? attr(k, "numId") : "-1", NULL, 10);
			m->abs_id = val_int(child(k, "abstractNumId"), -1, -1, INT_MAX);
			for (int l = 0; l < 9; l++)
				m->start_override[l] = -1;
			for (xmlNode *o = k->children; o; o = o->next)
			{
				const char *il;
				int			l;
				xmlNode    *x;

				if (!is_w(o, "lvlOverride") || !(il = attr(o, "ilvl")))
					continue;
				l = atoi(il);
				if (l < 0 || l >= 9)
					continue;
				if ((x = child(o, "startOverride")))
					m->start_override[l] = val_int(x, 1, 0, 1000000);
				if ((x = child(o, "lvl")))
				{
					m->lvl[l].start = 1;
					strcpy(m->lvl[l].fmt, "decimal");
					m->lvl[l].suff = 't';
					read_lvl(c, x, &m->lvl[l]);
					m->lvl_given[l] = true;
				}
			}
		}
	}
	xmlFreeDoc(doc);
}

static numinst *
num_find(ctx *c, int id)
{
	for (size_t i = 0; i < c->nnums; i++)
		if (c->nums[i].id == id)
			return &c->nums[i];
	return NULL;
}

static absnum *
abs_find(ctx *c, int id)
{
	for (size_t i = 0; i < c->nabs; i++)
		if (c->abs[i].id == id)
			return &c->abs[i];
	return NULL;
}

static void
put_utf8(char **o, const char *end, const char *s)
{
	size_t		n = strlen(s);

	if (*o + n < end)
	{
		memcpy(*o, s, n);
		*o += n;
	}
}

static void
roman(int v, bool upper, char *out, size_t n)
{
	static const int vals[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const up[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
	static const char *const lo[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"};
	char	   *o = out,
			   *end = out + n - 1;

	for (int i = 0; i < 13; i++)
		while (v >= vals[i])
		{
			put_utf8(&o, end, upper ? up[i] : lo[i]);
			v -= vals[i];
		}
	*o = '\0';
}

/* 一百二十三 (digits: 〇一二…, or 壹贰叁… for the legal form), up to 9999 */
static void
chinese_counting(int v, bool legal, char *out, size_t n)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const dl[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
	static const char *const unit[] = {"千", "百", "十", ""};
	static const char *const unitl[] = {"仟", "佰", "拾", ""};
	const char *const *dig = legal ? dl : d;
	char	   *o = out,
			   *end = out + n - 1;
	int			digits[4] = {v / 1000 % 10, v / 100 % 10, v / 10 % 10, v % 10};
	bool		started = false,
				zero = false;

	if (v <= 0 || v > 9999)
	{
		snprintf(out, n, "%d", v);
		return;
	}
	for (int i = 0; i < 4; i++)
	{
		if (digits[i] == 0)
		{
			zero = started;
			continue;
		}
		if (zero)
			put_utf8(&o, end, "零");
		zero = false;
		/* 十一, not 一十一, when ten leads */
		if (!(i == 2 && !started && digits[i] == 1 && !legal))
			put_utf8(&o, end, dig[digits[i]]);
		put_utf8(&o, end, (legal ? unitl : unit)[i]);
		started = true;
	}
	*o = '\0';
}

static void
format_number(int v, const char *fmt, char *out, size_t n)
{
	static const char *const tiangan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
	static const char *const dizhi[] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"};
	static const char *const circled[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
		"⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};
	static const char *const paren[] = {"⑴", "⑵", "⑶", "⑷", "⑸", "⑹", "⑺", "⑻", "⑼", "⑽",
		"⑾", "⑿", "⒀", "⒁", "⒂", "⒃", "⒄", "⒅", "⒆", "⒇"};
	static const char *const stop[] = {"⒈", "⒉", "⒊", "⒋", "⒌", "⒍", "⒎", "⒏", "⒐", "⒑",
		"⒒", "⒓", "⒔", "⒕", "⒖", "⒗", "⒘", "⒙", "⒚", "⒛"};

	out[0] = '\0';
	if (strcmp(fmt, "none") == 0 || strcmp(fmt, "bullet") == 0)
		return;
	if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0)
	{
		if (v > 0 && v < 4000)
		{
			roman(v, fmt[0] == 'u', out, n);
			return;
		}
	}
	else if ((strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) && v > 0)
	{
		/* A..Z, AA..ZZ, AAA..: the letter repeated */
		int			rep = (v - 1) / 26 + 1;
		char		ch = (char) ((fmt[0] == 'u' ? 'A' : 'a') + (v - 1) % 26);

		if ((size_t) rep < n && rep <= 50)
		{
			memset(out, ch, (size_t) rep);
			out[rep] = '\0';
			return;
		}
	}
	else if (strcmp(fmt, "chineseCounting") == 0 || strcmp(fmt, "chineseCountingThousand") == 0 ||
			 strcmp(fmt, "japaneseCounting") == 0 || strcmp(fmt, "taiwaneseCounting") == 0 ||
			 strcmp(fmt, "taiwaneseCountingThousand") == 0)
	{
		chinese_counting(v, false, out, n);
		return;
	}
	else if (strcmp(fmt, "chineseLegalSimplified") == 0)
	{
		chinese_counting(v, true, out, n);
		return;
	}
	else if (strcmp(fmt, "ideographDigital") == 0 || strcmp(fmt, "taiwaneseDigital") == 0 ||
			 strcmp(fmt, "japaneseDigitalTenThousand") == 0)
	{
		static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
		char		dec[16],
				   *o = out,
				   *end = out + n - 1;

		snprintf(dec, sizeof dec, "%d", v);
		for (char *p = dec; *p; p++)
			put_utf8(&o, end, *p >= '0' && *p <= '9' ? d[*p - '0'] : "-");
		*o = '\0';
		return;
	}
	else if (strcmp(fmt, "ideographTraditional") == 0 && v >= 1 && v <= 10)
	{
		snprintf(out, n, "%s", tiangan[v - 1]);
		return;
	}
	else if (strcmp(fmt, "ideographZodiac") == 0 && v >= 1 && v <= 12)
	{
		snprintf(out, n, "%s", dizhi[v - 1]);
		return;
	}
	else if ((strcmp(fmt, "decimalEnclosedCircle") == 0 || strcmp(fmt, "decimalEnclosedCircleChinese") == 0) &&
			 v >= 1 && v <= 20)
	{
		snprintf(out, n, "%s", circled[v - 1]);
		return;
	}
	else if (strcmp(fmt, "decimalEnclosedParen") == 0 && v >= 1 && v <= 20)
	{
		snprintf(out, n, "%s", paren[v - 1]);
		return;
	}
	else if (strcmp(fmt, "decimalEnclosedFullstop") == 0 && v >= 1 && v <= 20)
	{
		snprintf(out, n, "%s", stop[v - 1]);
		return;
	}
	else if (strcmp(fmt, "decimalFullWidth") == 0 || strcmp(fmt, "decimalFullWidth2") == 0)
	{
		char		dec[16],
				   *o = out,
				   *end = out + n - 1;

		snprintf(dec, sizeof dec, "%d", v);
		for (char *p = dec; *p; p++)
		{
			char		fw[4] = {(char) 0xEF, (char) 0xBC, (char) (0x90 + (*p - '0')), 0};

			put_utf8(&o, end, *p >= '0' && *p <= '9' ? fw : "-");
		}
		*o = '\0';
		return;
	}
	else if (strcmp(fmt, "decimalZero") == 0)
	{
		snprintf(out, n, "%02d", v);
		return;
	}
	snprintf(out, n, "%d", v);
}

/* the level definition in force for a list instance */
static const numlvl *
lvl_of(numinst *m, absnum *a, int l)
{
	return m->lvl_given[l] ? &m->lvl[l] : &a->lvl[l];
}

/* the list number of a paragraph (numId, ilvl) as Word prints it, with its suffix */
static void
put_number(ctx *c, dbuf *b, int num_id, int ilvl)
{
	numinst    *m;
	absnum	   *a;
	const numlvl *lv;
	char		text[512],
			   *o = text,
			   *end = text + sizeof text - 1;

	if (num_id <= 0 || ilvl < 0 || ilvl > 8 || !(m = num_find(c, num_id)) || !(a = abs_find(c, m->abs_id)))
		return;
	if (!m->used)
	{
		/* a list instance with start overrides restarts those levels when first used */
		for (int l = 0; l < 9; l++)
			if (m->start_override[l] >= 0)
			{
				a->count[l] = m->start_override[l];
				a->started[l] = true;
				/* the first paragraph at this level takes the override itself */
				a->count[l]--;
			}
		m->used = true;
	}
	lv = lvl_of(m, a, ilvl);
	if (!a->started[ilvl])
	{
		a->count[ilvl] = lv->start;
		a->started[ilvl] = true;
	}
	else
		a->count[ilvl]++;
	for (int l = ilvl + 1; l < 9; l++)
		a->started[l] = false;
	if (!lv->text || strcmp(lv->fmt, "bullet") == 0)
		return;					/* a bullet carries no text of the report */
	for (const char *p = lv->text; *p && o < end; p++)
	{
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9')
		{
			int			l = p[1] - '1';
			const numlvl *ll = lvl_of(m, a, l);
			int			v = a->started[l] || l == ilvl ? a->count[l] : ll->start;
			char		num[64];

			format_number(v, lv->legal && l != ilvl ? "decimal" : ll->fmt, num, sizeof num);
			put_utf8(&o, end, num);
			p++;
		}
		else
			*o++ = *p;
	}
	*o = '\0';
	if (!text[0])
		return;
	put_text(c, b, text, strlen(text));
	if (lv->suff != 'n')
		puts_(c, b, " ");
}

/* ------------------------------------------------------------ paragraphs */

typedef struct
{
	dbuf	   *out;
	dbuf	   *after;			/* text boxes: blocks put after the paragraph */
	int			va;				/* open: 0 none, 1 <sup>, 2 <sub> */
	bool		any;			/* text put */
} para;

static void render_block(ctx *c, const xmlNode *n, dbuf *out, bool in_cell, bool *first);

static void
set_va(ctx *c, para *p, int va)
{
	if (p->va == va)
		return;
	if (p->va == 1)
		puts_(c, p->out, "</sup>");
	else if (p->va == 2)
		puts_(c, p->out, "</sub>");
	if (va == 1)
		puts_(c, p->out, "<sup>");
	else if (va == 2)
		puts_(c, p->out, "<sub>");
	p->va = va;
}

static void
para_text(ctx *c, para *p, int va, const char *s, size_t n)
{
	if (n == 0)
		return;
	set_va(c, p, va);
	put_text(c, p->out, s, n);
	p->any = true;
}

/* text boxes (w:txbxContent) anywhere inside a run's drawing: blocks after the paragraph */
static void
collect_textboxes(ctx *c, const xmlNode *n, para *p)
{
	for (const xmlNode *k = n->children; k && !c->failed; k = k->next)
	{
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_mc(k, "Fallback"))
			continue;
		if (is_w(k, "txbxContent"))
		{
			bool		first = true;

			for (const xmlNode *b = k->children; b && !c->failed; b = b->next)
				render_block(c, b, p->after, false, &first);
		}
		else
			collect_textboxes(c, k, p);
	}
}

static void
render_run(ctx *c, const xmlNode *r, para *p)
{
	const xmlNode *rpr = child(r, "rPr"),
			   *x;
	int			va = 0;
	const style *s;
	const char *rstyle = val(child(rpr, "rStyle"));

	if ((x = child(rpr, "vanish")) ? on_off(x) :
		((s = style_with(c, rstyle, has_vanish)) && s->vanish == 1))
		return;					/* hidden text */
	if ((x = child(rpr, "vertAlign")) && val(x))
		va = strcmp(val(x), "superscript") == 0 ? 1 : strcmp(val(x), "subscript") == 0 ? 2 : 0;
	else if ((s = style_with(c, rstyle, has_va)))
		va = s->va;
	for (const xmlNode *k = r->children; k && !c->failed; k = k->next)
	{
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(k, "t"))
		{
			for (const xmlNode *t = k->children; t; t = t->next)
				if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
					para_text(c, p, va, (const char *) t->content, strlen((const char *) t->content));
		}
		else if (is_w(k, "tab") || is_w(k, "ptab"))
			para_text(c, p, va, " ", 1);
		else if (is_w(k, "br") || is_w(k, "cr"))
		{
			set_va(c, p, 0);
			puts_(c, p->out, "<br>");
			p->any = true;
		}
		else if (is_w(k, "noBreakHyphen"))
			para_text(c, p, va, "-", 1);
		else if (is_w(k, "footnoteReference") || is_w(k, "endnoteReference"))
		{
			char		mark[32];
			bool		foot = is_w(k, "footnoteReference");
			int			no = foot ? ++c->footnotes : ++c->endnotes;

			/* the mark follows as text of its own when customMarkFollows is on */
			if (truthy(attr(k, "customMarkFollows")))
				continue;
			if (foot)
				snprintf(mark, sizeof mark, "%d", no);
			else
				roman(no, false, mark, sizeof mark);
			para_text(c, p, va ? va : 1, mark, strlen(mark));
		}
		else if (is_w(k, "drawing") || is_w(k, "pict") || is_mc(k, "AlternateContent") || is_w(k, "object"))
			collect_textboxes(c, k, p);
		/* w:delText, w:instrText, w:fldChar, w:sym, w:softHyphen, w:lastRenderedPageBreak, ...: nothing */
	}
}

/* the inline content of a paragraph (or of a hyperlink, an insertion, a field, ...) */
static void
render_inline(ctx *c, const xmlNode *n, para *p, int depth)
{
	if (depth > 64)
		return;
	for (const xmlNode *k = n->children; k && !c->failed; k = k->next)
	{
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(k, "r"))
			render_run(c, k, p);
		else if (is_w(k, "pPr") || is_w(k, "rPr") || is_w(k, "del") || is_w(k, "moveFrom") ||
				 is_w(k, "sdtPr") || is_w(k, "sdtEndPr") || is_mc(k, "Fallback"))
			continue;
		else if (k->ns && k->ns->href && strstr((const char *) k->ns->href, "/math") && strcmp((const char *) k->name, "t") == 0)
		{
			/* Office Math text (m:t) */
			for (const xmlNode *t = k->children; t; t = t->next)
				if (t->type == XML_TEXT_NODE && t->content)
					para_text(c, p, 0, (const char *) t->content, strlen((const char *) t->content));
		}
		else
			/* w:hyperlink, w:ins, w:moveTo, w:smartTag, w:customXml, w:fldSimple, w:sdt/w:sdtContent, w:dir, w:bdo, mc:Choice, m:oMath ... */
			render_inline(c, k, p, depth + 1);
	}
}

/* the heading level of a paragraph (1..6), 0 for body text */
static int
heading_level(ctx *c, const xmlNode *ppr)
{
	const xmlNode *x = child(ppr, "outlineLvl");
	const style *s;
	int			lvl = 0;

	if (x)
	{
		int			o = val_int(x, 9, 0, 9);

		lvl = o < 9 ? o + 1 : 0;
	}
	else if ((s = style_with(c, val(child(ppr, "pStyle")), has_heading)))
		lvl = s->heading > 0 ? s->heading : s->outline < 9 ? s->outline + 1 : 0;
	return lvl > 6 ? 6 : lvl;
}

/*
 * One paragraph into out: "<p>…</p>" (body) or its bare inline HTML (in a
 * cell, in_cell); nothing when it has no text.  Text boxes follow it.
 * Returns whether something was put.
 */
static bool
render_paragraph(ctx *c, const xmlNode *pnode, dbuf *out, bool in_cell, bool first_in_cell)
{
	const xmlNode *ppr = child(pnode, "pPr"),
			   *numpr = child(ppr, "numPr");
	dbuf		body = {0},
				after = {0};
	para		p = {&body, &after, 0, false};
	int			h = in_cell ? 0 : heading_level(c, ppr);
	int			num_id = -1,
				ilvl = 0;

	if (numpr)
	{
		num_id = val_int(child(numpr, "numId"), -1, 0, INT_MAX);
		ilvl = val_int(child(numpr, "ilvl"), 0, 0, 8);
		if (num_id >= 0 && !child(numpr, "ilvl"))
		{
			const style *s = style_with(c, val(child(ppr, "pStyle")), has_num);

			if (s)
				ilvl = s->ilvl;
		}
	}
	else
	{
		const style *s = style_with(c, val(child(ppr, "pStyle")), has_num);

		if (s)
		{
			num_id = s->num_id;
			ilvl = s->ilvl;
		}
	}
	if (num_id > 0)
	{
		size_t		before = body.len;

		put_number(c, &body, num_id, ilvl);
		p.any = body.len > before;
	}
	render_inline(c, pnode, &p, 0);
	set_va(c, &p, 0);
	if (p.any)
	{
		if (in_cell)
		{
			if (!first_in_cell)
				puts_(c, out, "<br>");
			move_into(c, out, &body);
		}
		else
		{
			if (h)
				putf(c, out, "<h%d>", h);
			else
				puts_(c, out, "<p>");
			move_into(c, out, &body);
			if (h)
				putf(c, out, "</h%d>\n", h);
			else
				puts_(c, out, "</p>\n");
		}
	}
	dbuf_free(c, &body);
	if (after.len)
	{
		if (in_cell && (p.any || !first_in_cell))
			puts_(c, out, "<br>");
		move_into(c, out, &after);
		p.any = true;
	}
	dbuf_free(c, &after);
	return p.any;
}

/* ------------------------------------------------------------ tables */

typedef struct
{
	int			col;			/* first grid column */
	int			span;			/* grid columns */
	char		vm;				/* 0 none, 'r' restart, 'c' continue */
	int			rowspan;		/* computed; 0: printed as part of the cell above */
	dbuf		html;
} tcell;

typedef struct
{
	int			before;			/* w:gridBefore */
	tcell	   *cells;
	size_t		n;
	size_t		cap;
} trow;

static void render_table(ctx *c, const xmlNode *tbl, dbuf *out);

/* the cells of a row, through content controls and custom XML around them */
static void
collect_cells(ctx *c, const xmlNode *n, trow *row, int *col, int depth)
{
	for (const xmlNode *k = n->children; k && !c->failed; k = k->next)
	{
		const xmlNode *tcpr,
				   *x;
		tcell	   *cell;
		bool		first = true;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (!is_w(k, "tc"))
		{
			if (depth < 8 && (is_w(k, "sdt") || is_w(k, "sdtContent") || is_w(k, "customXml") ||
							  is_w(k, "smartTag") || is_w(k, "ins") || is_mc(k, "AlternateContent") ||
							  is_mc(k, "Choice")))
				collect_cells(c, k, row, col, depth + 1);
			continue;
		}
		tcpr = child(k, "tcPr");
		/* old Word's horizontal merge: a continued cell widens the one before */
		if ((x = child(tcpr, "hMerge")) && !(val(x) && strcmp(val(x), "restart") == 0) && row->n > 0)
		{
			int			span = val_int(child(tcpr, "gridSpan"), 1, 1, MAX_SPAN);

			row->cells[row->n - 1].span += span;
			*col += span;
			continue;
		}
		if (row->n == row->cap)
		{
			size_t		cap = row->cap ? row->cap * 2 : 8;
			tcell	   *p = realloc(row->cells, cap * sizeof(tcell));

			if (!p)
			{
				fail(c, "out of memory");
				return;
			}
			row->cells = p;
			row->cap = cap;
		}
		cell = &row->cells[row->n++];
		memset(cell, 0, sizeof *cell);
		cell->col = *col;
		cell->span = val_int(child(tcpr, "gridSpan"), 1, 1, MAX_SPAN);
		if ((x = child(tcpr, "vMerge")))
			cell->vm = val(x) && strcmp(val(x), "restart") == 0 ? 'r' : 'c';
		cell->rowspan = 1;
		*col = *col > INT_MAX - cell->span ? INT_MAX : *col + cell->span;
		for (const xmlNode *b = k->children; b && !c->failed; b = b->next)
			render_block(c, b, &cell->html, true, &first);
	}
}

/* the rows of a table, through content controls and custom XML around them */
static void
collect_rows(ctx *c, const xmlNode *n, trow **rows, size_t *nrows, size_t *cap, int depth)
{
	for (const xmlNode *k = n->children; k && !c->failed; k = k->next)
	{
		const xmlNode *trpr;
		trow	   *row;
		int			col;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (!is_w(k, "tr"))
		{
			if (depth < 8 && (is_w(k, "sdt") || is_w(k, "sdtContent") || is_w(k, "customXml") ||
							  is_w(k, "ins") || is_mc(k, "AlternateContent") || is_mc(k, "Choice")))
				collect_rows(c, k, rows, nrows, cap, depth + 1);
			continue;
		}
		if (*nrows == *cap)
		{
			size_t		ncap = *cap ? *cap * 2 : 16;
			trow	   *p = realloc(*rows, ncap * sizeof(trow));

			if (!p)
			{
				fail(c, "out of memory");
				return;
			}
			*rows = p;
			*cap = ncap;
		}
		row = &(*rows)[(*nrows)++];
		memset(row, 0, sizeof *row);
		trpr = child(k, "trPr");
		row->before = val_int(child(trpr, "gridBefore"), 0, 0, MAX_SPAN);
		col = row->before;
		collect_cells(c, k, row, &col, 0);
	}
}

/* the cell of a row starting at grid column col (cells are in column order) */
static tcell *
cell_at(trow *row, int col)
{
	size_t		lo = 0,
				hi = row->n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (row->cells[mid].col < col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < row->n && row->cells[lo].col == col ? &row->cells[lo] : NULL;
}

static void
render_table(ctx *c, const xmlNode *tbl, dbuf *out)
{
	trow	   *rows = NULL;
	size_t		nrows = 0,
				cap = 0;

	if (c->table_depth >= GAI_DOCX_MAX_NESTING)
	{
		fail(c, "tables nested more than %d deep", GAI_DOCX_MAX_NESTING);
		return;
	}
	c->table_depth++;
	collect_rows(c, tbl, &rows, &nrows, &cap, 0);

	/*
	 * vMerge: a cell that starts a merge (restart, or a continuation with
	 * nothing to continue) takes the continuations below it at its grid
	 * column (with its span) into its rowspan.  A continuation with nothing
	 * to continue (the first row, a cell without w:vMerge or with another
	 * span above) is printed as a cell of its own.
	 */
	for (size_t r = 0; r < nrows && !c->failed; r++)
		for (size_t i = 0; i < rows[r].n; i++)
		{
			tcell	   *top = &rows[r].cells[i];

			if (top->rowspan == 0 || top->vm == 0)
				continue;
			for (size_t r2 = r + 1; r2 < nrows; r2++)
			{
				tcell	   *below = cell_at(&rows[r2], top->col);

				if (!below || below->vm != 'c' || below->span != top->span || below->rowspan == 0 ||
					top->rowspan >= MAX_ROWSPAN)
					break;
				below->rowspan = 0;
				top->rowspan++;
				/* a continued cell's own text, if any (Word hides it): kept, after a <br> */
				if (below->html.len)
				{
					if (top->html.len)
						puts_(c, &top->html, "<br>");
					move_into(c, &top->html, &below->html);
				}
			}
		}

	puts_(c, out, "<table border=\"1\">\n");
	for (size_t r = 0; r < nrows && !c->failed; r++)
	{
		trow	   *row = &rows[r];

		puts_(c, out, "<tr>");
		if (row->before > 0)
		{
			if (row->before > 1)
				putf(c, out, "<td colspan=\"%d\"></td>", row->before);
			else
				puts_(c, out, "<td></td>");
		}
		for (size_t i = 0; i < row->n && !c->failed; i++)
		{
			tcell	   *cell = &row->cells[i];

			if (cell->rowspan == 0)
				continue;
			puts_(c, out, "<td");
			if (cell->span > 1)
				putf(c, out, " colspan=\"%d\"", cell->span);
			if (cell->rowspan > 1)
				putf(c, out, " rowspan=\"%d\"", cell->rowspan);
			puts_(c, out, ">");
			move_into(c, out, &cell->html);
			puts_(c, out, "</td>");
		}
		puts_(c, out, "</tr>\n");
	}
	puts_(c, out, "</table>\n");

	for (size_t r = 0; r < nrows; r++)
	{
		for (size_t i = 0; i < rows[r].n; i++)
			dbuf_free(c, &rows[r].cells[i].html);
		free(rows[r].cells);
	}
	free(rows);
	c->table_depth--;
}

/*
 * One block-level element (w:p, w:tbl, or a wrapper around them such as a
 * content control) into out.  In a cell, paragraphs are joined with <br>
 * (*first: nothing put in the cell yet).
 */
static void
render_block(ctx *c, const xmlNode *n, dbuf *out, bool in_cell, bool *first)
{
	if (c->failed || n->type != XML_ELEMENT_NODE)
		return;
	if (is_w(n, "p"))
	{
		if (render_paragraph(c, n, out, in_cell, *first))
			*first = false;
	}
	else if (is_w(n, "tbl"))
	{
		render_table(c, n, out);
		*first = true;			/* a table is a block: the next paragraph needs no <br> */
	}
	else if (is_w(n, "sdt") || is_w(n, "sdtContent") || is_w(n, "customXml") || is_w(n, "ins") ||
			 is_w(n, "moveTo") || is_mc(n, "AlternateContent") || is_mc(n, "Choice"))
	{
		for (const xmlNode *k = n->children; k && !c->failed; k = k->next)
			render_block(c, k, out, in_cell, first);
	}
	/* w:sectPr, w:bookmarkStart, w:del, w:altChunk, mc:Fallback, ...: nothing */
}

/* ------------------------------------------------------------ document.xml */

/*
 * A DOCTYPE in the prolog of an XML text in an ASCII-compatible encoding
 * (UTF-8, what Word writes), found before libxml2 parses its internal
 * subset: entity declarations never reach the parser.  (Other encodings
 * are caught by the reader, which reports the DOCTYPE before the root.)
 */
static bool
has_doctype(const char *p, size_t len)
{
	size_t		i = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (;;)
	{
		const char *end;

		while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i + 9 <= len && memcmp(p + i, "<!DOCTYPE", 9) == 0)
			return true;
		if (i + 2 <= len && memcmp(p + i, "<?", 2) == 0)
			end = memmem(p + i, len - i, "?>", 2);
		else if (i + 4 <= len && memcmp(p + i, "<!--", 4) == 0)
			end = memmem(p + i + 4, len - i - 4, "-->", 3);
		else
			return false;
		if (!end)
			return false;
		i = (size_t) (end - p) + (p[i + 1] == '?' ? 2 : 3);
	}
}

/*
 * Streams document.xml: each child of w:body is expanded, rendered and
 * left behind (the reader frees the subtrees it has passed).
 */
static void
render_document(ctx *c, const char *buf, size_t len, dbuf *out)
{
	xmlTextReaderPtr r;
	int			ret;
	bool		in_body = false,
				seen_root = false,
				seen_body = false;

	if (len > INT_MAX)
	{
		fail(c, "word/document.xml is too large");
		return;
	}
	if (has_doctype(buf, len))
	{
		fail(c, "malformed document.xml: it has a DOCTYPE, which a Word document never has");
		return;
	}
	r = xmlReaderForMemory(buf, (int) len, "document.xml", NULL, XML_OPTIONS);
	if (!r)
	{
		fail(c, "out of memory");
		return;
	}
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, c);
	ret = xmlTextReaderRead(r);
	while (ret == 1 && !c->failed)
	{
		int			type = xmlTextReaderNodeType(r);
		int			depth = xmlTextReaderDepth(r);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
		{
			fail(c, "malformed document.xml: it has a DOCTYPE, which a Word document never has");
			break;
		}
		if (type == XML_READER_TYPE_ELEMENT && depth == 0)
		{
			xmlNode    *root = xmlTextReaderCurrentNode(r);

			if (!root || !is_w(root, "document"))
			{
				fail(c, "not a Word document: the main part's root element is <%s>, not <w:document>",
					 root ? (const char *) root->name : "?");
				break;
			}
			seen_root = true;
		}
		else if (type == XML_READER_TYPE_ELEMENT && depth == 1)
		{
			xmlNode    *n = xmlTextReaderCurrentNode(r);

			in_body = n && is_w(n, "body") && !xmlTextReaderIsEmptyElement(r);
			if (n && is_w(n, "body"))
				seen_body = true;
			if (!in_body)
			{
				ret = xmlTextReaderNext(r);
				continue;
			}
		}
		else if (type == XML_READER_TYPE_END_ELEMENT && depth == 1)
			in_body = false;
		else if (type == XML_READER_TYPE_ELEMENT && depth == 2 && in_body)
		{
			xmlNode    *n = xmlTextReaderExpand(r);
			bool		first = true;

			if (!n)
				break;			/* a parse error: reported below */
			render_block(c, n, out, false, &first);
			ret = xmlTextReaderNext(r);
			continue;
		}
		ret = xmlTextReaderRead(r);
	}
	if (!c->failed && (ret < 0 || c->xml_err[0]))
		fail(c, "malformed XML in word/document.xml (%s)", c->xml_err[0] ? c->xml_err : "parse error");
	else if (!c->failed && !seen_root)
		fail(c, "malformed XML in word/document.xml (no root element)");
	else if (!c->failed && !seen_body)
		fail(c, "not a Word document: word/document.xml has no <w:body>");
	xmlFreeTextReader(r);
}

/* ------------------------------------------------------------ the whole */

static void
ctx_free(ctx *c)
{
	for (size_t i = 0; i < c->nstyles; i++)
	{
		free(c->styles[i].id);
		free(c->styles[i].based_on);
	}
	free(c->styles);
	for (size_t i = 0; i < c->nabs; i++)
		for (int l = 0; l < 9; l++)
			free(c->abs[i].lvl[l].text);
	free(c->abs);
	for (size_t i = 0; i < c->nnums; i++)
		for (int l = 0; l < 9; l++)
			free(c->nums[i].lvl[l].text);
	free(c->nums);
}

/* the conversion proper, once libxml2's handlers are ours */
static char *
convert(ctx *c, const unsigned char *data, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t	   *za;
	zip_int64_t entries;
	char		main_part[512],
				dir[512],
				rels[600],
				part[600];
	char	   *xml = NULL,
			   *side;
	size_t		xml_len = 0,
				side_len;
	bool		missing;
	dbuf		out = {0};

	if (len < 4 || memcmp(data, "PK", 2) != 0)
	{
		const char *what = gai_describe_binary(data, len);

		if (len == 0)
			fail(c, "an empty file, not a .docx");
		else if (what)
			fail(c, "not a .docx (not a zip archive): %s", what);
		else
			fail(c, "not a .docx: not a zip archive");
		return NULL;
	}

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src)
	{
		fail(c, "cannot read the .docx: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za)
	{
		int			code = zip_error_code_zip(&ze);

		if (code == ZIP_ER_NOZIP)
			fail(c, "not a .docx: not a zip archive");
		else if (code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_READ || code == ZIP_ER_SEEK)
			fail(c, "a damaged .docx (the zip archive is cut short or inconsistent: %s)", zip_error_strerror(&ze));
		else
			fail(c, "cannot open the .docx as a zip archive: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);

	entries = zip_get_num_entries(za, 0);
	if (entries > GAI_DOCX_MAX_ENTRIES)
	{
		fail(c, "not read: the zip archive has %lld entries (a Word document has far fewer; at most %d are accepted)",
			 (long long) entries, GAI_DOCX_MAX_ENTRIES);
		goto done;
	}

	/* the main part: by the package's relationships, else where Word puts it */
	if (!rel_target(c, za, "_rels/.rels", "", "officeDocument", main_part, sizeof main_part))
		snprintf(main_part, sizeof main_part, "word/document.xml");
	if (c->failed)
		goto done;
	xml = read_entry(c, za, main_part, GAI_DOCX_MAX_PART, &xml_len, &missing);
	if (!xml && missing && strcmp(main_part, "word/document.xml") != 0)
	{
		snprintf(main_part, sizeof main_part, "word/document.xml");
		xml = read_entry(c, za, main_part, GAI_DOCX_MAX_PART, &xml_len, &missing);
	}
	if (!xml)
	{
		if (missing)
		{
			if (zip_name_locate(za, "xl/workbook.xml", ZIP_FL_NOCASE) >= 0)
				fail(c, "not a Word document: an Excel workbook (.xlsx)");
			else if (zip_name_locate(za, "ppt/presentation.xml", ZIP_FL_NOCASE) >= 0)
				fail(c, "not a Word document: a PowerPoint presentation (.pptx)");
			else if (zip_name_locate(za, "content.xml", ZIP_FL_NOCASE) >= 0)
				fail(c, "not a Word document: an OpenDocument file (.odt?); convert it to .docx first "
					 "(soffice --headless --convert-to docx FILE)");
			else
				fail(c, "not a Word document: a zip archive without word/document.xml");
		}
		goto done;
	}

	/* styles and numbering: by the main part's relationships, else beside it */
	part_dir(main_part, dir, sizeof dir);
	snprintf(rels, sizeof rels, "%s_rels/%s.rels", dir, main_part + strlen(dir));
	if (!rel_target(c, za, rels, dir, "styles", part, sizeof part))
		snprintf(part, sizeof part, "%sstyles.xml", dir);
	if ((side = read_entry(c, za, part, MAX_SIDE_PART, &side_len, &missing)))
	{
		load_styles(c, side, side_len);
		free(side);
	}
	if (!rel_target(c, za, rels, dir, "numbering", part, sizeof part))
		snprintf(part, sizeof part, "%snumbering.xml", dir);
	if ((side = read_entry(c, za, part, MAX_SIDE_PART, &side_len, &missing)))
	{
		load_numbering(c, side, side_len);
		free(side);
	}
	if (c->failed)
		goto done;

	puts_(c, &out, "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"></head>\n<body>\n");
	c->xml_err[0] = '\0';		/* what the side parts said is no matter */
	render_document(c, xml, xml_len, &out);
	puts_(c, &out, "</body>\n</html>\n");

done:
	free(xml);
	zip_discard(za);
	if (c->failed)
	{
		free(out.p);
		return NULL;
	}
	return out.p;
}

static void
quiet_generic(void *arg, const char *msg,...)
{
	(void) arg;
	(void) msg;
}

char *
gai_docx_to_html(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	ctx			c;
	char	   *html;
	xmlGenericErrorFunc old_generic;
	void	   *old_generic_ctx;
	xmlStructuredErrorFunc old_structured;
	void	   *old_structured_ctx;

	memset(&c, 0, sizeof c);
	c.err = err;
	c.errlen = errlen;
	if (errlen)
		err[0] = '\0';

	/*
	 * libxml2 reports some errors (encodings, I/O) through this thread's
	 * global handlers, which print on stderr by default: ours instead (the
	 * first error is kept for the message), put back on return.
	 */
	old_generic = xmlGenericError;
	old_generic_ctx = xmlGenericErrorContext;
	old_structured = xmlStructuredError;
	old_structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlSetStructuredErrorFunc(&c, xml_error);

	html = convert(&c, data, len);

	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	ctx_free(&c);
	return html;
}
