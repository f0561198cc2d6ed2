/*
 * report.c — drives the pipeline and owns the result.
 *
 *   lines_split -> sections_find -> meta_read -> template detection
 *   -> tables_read -> rules_check -> sections_collect
 */
#include "internal.h"
#include "solver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WARNINGS 100
#define MAX_EXTRA_CELLS 2000

typedef struct report_box
{
	gai_report	r;				/* first: a gai_report* is a report_box* */
	gai_builder b;
} report_box;

/* Each template's cells as a parse starts them: MISSING, with their codes. */
static gai_cell *protos[GAI_TEMPLATE_SLOTS];

static int
protos_init(void)
{
	for (int t = 0; t < gai_n_templates; t++)
	{
		const gai_template_def *td = &gai_templates[t];
		int			n = template_ncells(td);

		if (protos[td->id])
			continue;
		protos[td->id] = calloc((size_t) n, sizeof(gai_cell));
		if (!protos[td->id])
			return -1;
		for (int i = 0; i < n; i++)
		{
			gai_cellref ref = template_cell_ref(td, i);

			protos[td->id][i].section = td->tables[ref.table].section;
			protos[td->id][i].row = ref.row;
			protos[td->id][i].col = ref.col;
		}
	}
	return 0;
}

int
gai_init(const char **err)
{
	*err = NULL;
	if (norm_init(err) != 0 || template_init(err) != 0 || html_init() != 0)
		return -1;
	sections_init();
	if (protos_init() != 0 || glued_init() != 0)
	{
		*err = "out of memory";
		return -1;
	}
	return rules_init(err);
}

void
gai_warn(gai_builder *b, int line, const char *fmt,...)
{
	va_list		ap;
	char		buf[512];
	gai_warning *w;

	if (b->warnings.n >= MAX_WARNINGS)
	{
		b->suppressed_warnings++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	w = vec_push(&b->arena, &b->warnings, sizeof *w);
	w->line = line;
	w->text = line > 0 ? arena_printf(&b->arena, "line %d: %s", line, buf)
		: arena_strndup(&b->arena, buf, strlen(buf));
}

void
gai_add_violation(gai_builder *b, const char *rule, gai_severity sev, gai_section_id sec,
			  const char *item, const char *col, const gai_num *expected,
			  const gai_num *actual, const char *fmt,...)
{
	va_list		ap;
	char		buf[600];
	gai_violation *v = vec_push(&b->arena, &b->violations, sizeof *v);

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	memset(v, 0, sizeof *v);
	v->rule = rule;
	v->severity = sev;
	v->section = sec;
	v->item = item;
	v->col = col;
	v->has_values = expected && actual;
	if (v->has_values)
	{
		v->expected = *expected;
		v->actual = *actual;
	}
	v->message = arena_strndup(&b->arena, buf, strlen(buf));
}

const char *
gai_num_format(gai_num n, char *buf)
{
	char		digits[32];
	uint64_t	u = n.mant < 0 ? (uint64_t) 0 - (uint64_t) n.mant : (uint64_t) n.mant;
	int			len,
				o = 0;

	len = snprintf(digits, sizeof digits, "%llu", (unsigned long long) u);
	if (n.mant < 0)
		buf[o++] = '-';
	if (n.scale <= 0)
	{
		memcpy(buf + o, digits, len);
		o += len;
	}
	else if (len > n.scale)
	{
		memcpy(buf + o, digits, len - n.scale);
		o += len - n.scale;
		buf[o++] = '.';
		memcpy(buf + o, digits + len - n.scale, n.scale);
		o += n.scale;
	}
	else
	{
		buf[o++] = '0';
		buf[o++] = '.';
		for (int i = 0; i < n.scale - len; i++)
			buf[o++] = '0';
		memcpy(buf + o, digits, len);
		o += len;
	}
	buf[o] = '\0';
	return buf;
}

const char *
gai_template_name(gai_template_id t)
{
	const gai_template_def *d = template_get(t);

	return d ? d->name : NULL;
}

const char *
gai_layout_name(gai_layout l)
{
	static const char *const n[] = {NULL, "cells", "rows", "mixed", "html", "pipes", "glued"};

	return (int) l >= 0 && l <= GAI_LAYOUT_GLUED ? n[l] : NULL;
}

const char *
gai_section_code(gai_section_id s)
{
	static const char *const n[GAI_SEC_COUNT] = {
		"preamble", "overview", "active", "requests", "appeals", "problems", "other"
	};

	return (int) s >= 0 && s < GAI_SEC_COUNT ? n[s] : "?";
}

const char *
gai_status_name(gai_cell_status s)
{
	static const char *const n[] = {"missing", "ok", "blank", "unreadable", "ambiguous"};

	return (int) s >= 0 && s <= GAI_CELL_AMBIGUOUS ? n[s] : "?";
}

const char *
gai_severity_name(gai_severity s)
{
	return s == GAI_SEV_ERROR ? "error" : "warning";
}

static const gai_template_def *
tpl_of(const gai_report *r)
{
	return template_get(r->template_id);
}

const char *
gai_cell_item_code(const gai_report *r, const gai_cell *c)
{
	if (c->row < 0)
		return NULL;
	return tpl_of(r)->tables[template_cell_ref(tpl_of(r), (int) (c - r->template_cells)).table].rows[c->row].code;
}

static const gai_table_def *
cell_table(const gai_report *r, const gai_cell *c)
{
	const gai_template_def *t = tpl_of(r);

	if (c->row < 0)
		return &t->tables[c->extra_table];
	return &t->tables[template_cell_ref(t, (int) (c - r->template_cells)).table];
}

const char *
gai_cell_col_code(const gai_report *r, const gai_cell *c)
{
	return cell_table(r, c)->cols[c->col].code;
}

const char *
gai_cell_item_label(const gai_report *r, const gai_cell *c)
{
	if (c->row < 0)
		return c->extra_label;
	return cell_table(r, c)->rows[c->row].label;
}

const char *
gai_cell_col_label(const gai_report *r, const gai_cell *c)
{
	return cell_table(r, c)->cols[c->col].label;
}

/* Is the last word of the line a value (a row cut after a number)? */
static bool
line_ends_in_value(const gai_line *ln)
{
	int			e = ln->len,
				s;

	while (e > 0 && (ln->text[e - 1] == ' ' || ln->text[e - 1] == '\t'))
		e--;
	s = e;
	while (s > 0 && ln->text[s - 1] != ' ' && ln->text[s - 1] != '\t')
		s--;
	return e > s && word_is_value(ln->text + s, e - s);
}

/*
 * A text that stops in the middle of a table line (no line end after it) was
 * cut off: "\t400" may be the start of "\t40053元", "\t1" of "\t1.属于国家秘密".
 * That line is not read, so its cell is missing rather than wrong.
 */
static void
mark_cut_line(gai_builder *b)
{
	gai_doc    *doc = &b->doc;
	int			last = doc->n_lines - 1;
	gai_line   *ln;

	if (!doc->last_unterminated || last < 0)
		return;
	ln = &doc->lines[last];
	/*
	 * a table line: a cell (TAB-led) or a row ending in a value; a date, a
	 * sentence, or a glued page's last words are not
	 */
	if (ln->kind != LINE_TEXT || !(ln->tab_led || line_ends_in_value(ln)))
		return;
	for (int s = GAI_SEC_ACTIVE; s <= GAI_SEC_APPEALS; s++)
		if (b->zone_start[s] >= 0 && b->zone_start[s] <= last && b->zone_end[s] > last)
		{
			ln->kind = LINE_NOISE;
			b->r->truncated = true;
			gai_warn(b, ln->number, "the text ends inside the %s table, in the middle of this line; "
					 "the line is not read (the text looks truncated)", gai_section_code((gai_section_id) s));
			return;
		}
}

int
gai_template_cell_count(gai_template_id t)
{
	const gai_template_def *td = template_get(t);

	return td ? template_ncells(td) : 0;
}

void
gai_template_cell(gai_template_id t, int idx, gai_cell_info *out)
{
	static const char *const units[] = {"count", "signed", "yuan", "wan_yuan"};
	const gai_template_def *td = template_get(t);
	gai_cellref ref = template_cell_ref(td, idx);
	const gai_table_def *tb = &td->tables[ref.table];

	out->section = tb->section;
	out->item = tb->rows[ref.row].code;
	out->col = tb->cols[ref.col].code;
	out->item_label = tb->rows[ref.row].label;
	out->col_label = tb->cols[ref.col].label;
	out->unit = units[tb->cols[ref.col].unit];
	out->alternative = tb->rows[ref.row].alt != NULL;
}

int
gai_request_items(const char **codes, const char **labels, int max)
{
	int			n = 0;

	for (int t = 0; t < gai_n_templates; t++)
		for (int tb = 0; tb < gai_templates[t].ntables; tb++)
		{
			const gai_table_def *td = &gai_templates[t].tables[tb];

			if (td->section != GAI_SEC_REQUESTS)
				continue;
			for (int r = 0; r < td->nrows; r++)
			{
				bool		seen = false;

				if (!td->rows[r].code)
					continue;
				for (int k = 0; k < n && codes; k++)
					if (strcmp(codes[k], td->rows[r].code) == 0)
						seen = true;
				if (seen || n >= max)
					continue;
				if (codes)
					codes[n] = td->rows[r].code;
				if (labels)
					labels[n] = td->rows[r].label;
				n++;
			}
		}
	return n;
}

int
gai_request_item_pos(const char *code)
{
	const char *codes[64];
	int			n = gai_request_items(codes, NULL, 64);

	for (int k = 0; k < n; k++)
		if (strcmp(codes[k], code) == 0)
			return k;
	return -1;
}

static gai_template_id
template_from_year(int year)
{
	gai_template_id best = GAI_TEMPLATE_NONE;
	int			first = 0;

	for (int i = 0; i < gai_n_templates; i++)
		if (year >= gai_templates[i].first_year && gai_templates[i].first_year > first)
		{
			first = gai_templates[i].first_year;
			best = gai_templates[i].id;
		}
	return best;
}

typedef const char *(*shape_reader) (gai_builder *b, const char *text, size_t len, size_t *out_len,
									   int **line_map, int *n_map);

/*
 * A shape read into text first (a web page, word boxes): its reader's text
 * is split into lines like any text; each line takes the source line it
 * came from, and the lines standing for tables become LINE_TABLE.
 */
static void
read_page(gai_builder *b, const char *text, size_t len, shape_reader reader)
{
	size_t		slen;
	int		   *map;
	int			nmap,
				last = 1;
	const char *synth = reader(b, text, len, &slen, &map, &nmap);

	lines_split(&b->doc, synth, slen);
	for (int i = 0; i < b->doc.n_lines; i++)
	{
		gai_line   *ln = &b->doc.lines[i];

		if (map && ln->number - 1 < nmap && map[ln->number - 1] > 0)
			ln->number = map[ln->number - 1];
		else
			ln->number = last;
		last = ln->number;
		if (ln->len >= 3 && memcmp(ln->text, "\xEE\x80\x80", 3) == 0)
			ln->kind = LINE_TABLE;
	}
	b->doc.last_number = 1;
	for (size_t i = 0; i < len; i++)
		b->doc.last_number += text[i] == '\n';
}

gai_report *
gai_parse_report(const char *text, size_t len, const gai_hooks *hooks)
{
	report_box *box = hooks->alloc(hooks->ctx, sizeof(report_box));
	gai_builder *b = &box->b;
	gai_report *r = &box->r;
	gai_template_id tid;
	int			ncells;

	memset(box, 0, sizeof *box);
	arena_init(&b->arena, hooks);
	b->r = r;
	b->doc.arena = &b->arena;
	b->doc.hooks = hooks;

	if (len > GAI_MAX_TEXT)
	{
		/* offsets are 32-bit; PostgreSQL's own limit for a text is 1 GB */
		lines_split(&b->doc, "", 0);
		gai_warn(b, 0, "the text is larger than %d MB; not read", (int) (GAI_MAX_TEXT >> 20));
	}
	else if (text && tsv_detect(text, len))
		read_page(b, text, len, tsv_read);
	else if (text && html_detect(text, len))
		read_page(b, text, len, html_read);
	else
		lines_split(&b->doc, text ? text : "", text ? len : 0);
	r->n_lines = b->doc.last_number;
	r->invalid_utf8 = b->doc.invalid_utf8;
	if (r->invalid_utf8)
		gai_warn(b, 0, "%d invalid UTF-8 sequences replaced by U+FFFD", r->invalid_utf8);

	sections_find(b);
	meta_read(b);
	mark_cut_line(b);

	tid = tables_detect_template(b);
	if (tid == GAI_TEMPLATE_NONE)
		tid = glued_template(b);	/* labels run together with their values */
	if (tid == GAI_TEMPLATE_NONE)
	{
		bool		any_zone = false;

		for (int s = GAI_SEC_ACTIVE; s <= GAI_SEC_APPEALS; s++)
			if (b->zone_start[s] >= 0)
				any_zone = true;
		if (any_zone)
		{
			tid = r->year ? template_from_year(r->year) : gai_default_template;
			if (tid == GAI_TEMPLATE_NONE)
				tid = gai_default_template;
			gai_warn(b, 0, "the template was not recognised from the table labels; %s assumed from %s",
				 template_get(tid)->name, r->year ? "the year" : "nothing (default)");
		}
	}
	if (tid != GAI_TEMPLATE_NONE)
	{
		b->tpl = template_get(tid);
		r->template_id = tid;
		ncells = template_ncells(b->tpl);
		r->n_template_cells = ncells;
		r->template_cells = arena_alloc(&b->arena, sizeof(gai_cell) * (size_t) ncells);
		memcpy(r->template_cells, protos[tid], sizeof(gai_cell) * (size_t) ncells);
		tables_read(b);
		for (int i = 0; i < ncells; i++)
			if (r->template_cells[i].status != GAI_CELL_MISSING)
				r->is_report = true;
	}
	if (!r->is_report && b->doc.html && (r->title || r->agency || r->year))
	{
		/* a page without the report's tables (a list of reports, a portal):
		 * the titles it shows name other documents */
		gai_warn(b, 0, "the page holds no report table; the title \"%s\" it shows is not taken as this text's",
				 r->title ? r->title : "");
		r->title = NULL;
		r->agency = NULL;
		r->year = 0;
	}
	if (!r->is_report)
	{
		gai_warn(b, 0, "no table of the 2019 or 2021 template found: looked for the headings "
			 "二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, "
			 "四、政府信息公开行政复议、行政诉讼情况 and the labels 第二十条第（一）项, "
			 "本年新收政府信息公开申请数量, 行政复议");
		r->template_id = GAI_TEMPLATE_NONE;
		r->n_template_cells = 0;
		b->tpl = NULL;
		b->extras.n = 0;
		for (int s = GAI_SEC_ACTIVE; s <= GAI_SEC_APPEALS; s++)
			gai_add_violation(b, "table.missing", GAI_SEV_ERROR, (gai_section_id) s, NULL, NULL,
						  NULL, NULL, "table.missing: no %s table found (the text is not a report)",
						  gai_section_code((gai_section_id) s));
	}
	else
	{
		if (b->extras.n > MAX_EXTRA_CELLS)
		{
			gai_warn(b, 0, "%d cells of rows the template lacks; only the first %d are kept",
				 b->extras.n, MAX_EXTRA_CELLS);
			b->extras.n = MAX_EXTRA_CELLS;
		}
		rules_check(b);
	}
	sections_collect(b);

	if (b->suppressed_warnings)
	{
		int			n = b->suppressed_warnings;

		b->suppressed_warnings = 0;
		b->warnings.n--;		/* make room for the count */
		gai_warn(b, 0, "%d more warnings not shown", n + 1);
	}
	r->extra_cells = b->extras.data;
	r->n_extra_cells = b->extras.n;
	r->warnings = b->warnings.data;
	r->n_warnings = b->warnings.n;
	r->violations = b->violations.data;
	r->n_violations = b->violations.n;
	for (int i = 0; i < r->n_violations; i++)
		if (r->violations[i].severity == GAI_SEV_ERROR)
			r->n_errors++;
	r->sections = b->sections.data;
	r->n_sections = b->sections.n;
	return r;
}

void
gai_report_free(gai_report *r, const gai_hooks *hooks)
{
	report_box *box = (report_box *) r;

	if (!r)
		return;
	arena_release(&box->b.arena);
	hooks->free(hooks->ctx, box);
}
