/*
 * check.c — `gaireport check FILE...`: read report files here, with the core
 * linked into the command (no database), and show what was read: the
 * metadata, the three statistical tables as the template lays them out, and
 * every violation as a sentence in the template's words (gai_describe.h).
 * As text for a terminal (80 columns and up; a Han character is two), as one
 * JSON document (--json), or as one self-contained web page (--html FILE)
 * drawing the tables like the official form, broken cells highlighted.
 */
#include "cli.h"
#include "gai.h"
#include "gai_describe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* per-cell flags: what the violations say about a template cell */
#define F_ERR_PRINTED 1			/* holds the value an error rule found wrong */
#define F_ERR_PART 2			/* a part of a broken error rule */
#define F_WARN 4				/* in a warning */

typedef struct
{
	int			n;
	int			n_printed;
	int		   *cells;
	char	   *sentence;
} vinfo;

/* one file, read */
typedef struct
{
	const char *path;			/* as given / found */
	char	   *name;			/* escaped for messages */
	char	   *why;			/* not read: why */
	bool		skipped;
	report_text rt;
	gai_report *r;
	vinfo	   *vi;				/* per violation */
	unsigned char *flags;		/* per template cell */
	int		  **cell_viol;		/* per template cell: violation numbers (1-based), 0-terminated */
} checked;

static void *
hook_alloc(void *ctx, size_t n)
{
	(void) ctx;
	return xmalloc(n);
}

static void
hook_free(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const gai_hooks hooks = {hook_alloc, hook_free, NULL, NULL, 0, NULL, NULL};

/* ------------------------------------------------------------ display width */

static int
cp_width(UChar32 c)
{
	int			ea;

	if (c < 0)
		return 1;
	if (c < 0x20 || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK || c == 0x200B)
		return 0;
	ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
}

static int
width_n(const char *s, int len)
{
	int			i = 0,
				w = 0;

	while (i < len)
	{
		UChar32		c;

		U8_NEXT(s, i, len, c);
		w += cp_width(c);
	}
	return w;
}

/*
 * Bytes of s (len bytes) that fit in `width` display columns, broken where a
 * line may break: anywhere between Han characters, not inside a run of Latin
 * letters or digits (unless the run alone is wider than the line).
 */
static int fit_bytes_raw(const char *s, int len, int width);

/* punctuation that may not begin a line (，。；：、）」’” …) */
static bool
no_line_start(UChar32 c)
{
	static const UChar32 p[] = {0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0x3001, 0xFF09, 0x300D, 0x300F, 0x2019, 0x201D,
	0xFF01, 0xFF1F, ',', '.', ';', ':', ')', 0x2026};

	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (c == p[i])
			return true;
	return false;
}

static int
fit_bytes(const char *s, int len, int width)
{
	int			b = fit_bytes_raw(s, len, width);

	if (b > 0 && b < len)
	{
		int32_t		i = b;
		UChar32		c;

		U8_NEXT(s, i, len, c);
		if (no_line_start(c))
		{
			/* carry the character before it over to the next line too */
			int32_t		j = b;

			U8_BACK_1((const uint8_t *) s, 0, j);
			if (j > 0)
				return j;
		}
	}
	return b;
}

static int
fit_bytes_raw(const char *s, int len, int width)
{
	int			i = 0,
				w = 0,
				run_start = -1;

	while (i < len)
	{
		int			prev = i;
		UChar32		c;
		int			cw;

		U8_NEXT(s, i, len, c);
		cw = cp_width(c);
		if (w + cw > width)
		{
			bool		alnum = c >= 0 && c < 0x80 && (u_isalnum(c) || c == '.' || c == '-');

			if (alnum && run_start > 0)
				return run_start;
			return prev > 0 ? prev : i;
		}
		w += cw;
		if (c >= 0 && c < 0x80 && (u_isalnum(c) || c == '.' || c == '-'))
		{
			if (run_start < 0)
				run_start = prev;
		}
		else
			run_start = -1;
	}
	return len;
}

/* s cut to `width` columns, with "…" when cut (malloc'd) */
static char *
cut(const char *s, int width)
{
	int			len = (int) strlen(s);
	int			n;

	if (width_n(s, len) <= width)
		return xstrdup(s);
	n = fit_bytes(s, len, width - 1);
	return xasprintf("%.*s…", n, s);
}

static void
pad(FILE *f, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', f);
}

/* prints s wrapped to width columns: the first line after `first` columns, the rest indented by `indent` */
static void
print_wrapped(FILE *f, const char *s, int width, int indent)
{
	int			len = (int) strlen(s);
	bool		first = true;

	while (len > 0)
	{
		int			n = fit_bytes(s, len, width - indent);

		if (!first)
			pad(f, indent);
		fprintf(f, "%.*s\n", n, s);
		s += n;
		len -= n;
		while (len > 0 && *s == ' ')
			s++, len--;
		first = false;
	}
	if (first)
		fputc('\n', f);
}

/* ------------------------------------------------------------ reading */

static void
analyse(checked *ck)
{
	gai_report *r = ck->r;
	int		   *counts;

	ck->vi = xmalloc(sizeof(vinfo) * (size_t) (r->n_violations + 1));
	ck->flags = xmalloc((size_t) r->n_template_cells + 1);
	memset(ck->flags, 0, (size_t) r->n_template_cells + 1);
	counts = xmalloc(sizeof(int) * (size_t) (r->n_template_cells + 1));
	memset(counts, 0, sizeof(int) * (size_t) (r->n_template_cells + 1));
	for (int i = 0; i < r->n_violations; i++)
	{
		const gai_violation *v = &r->violations[i];
		vinfo	   *vi = &ck->vi[i];
		int			cap = r->n_template_cells > 0 ? r->n_template_cells : 1;
		size_t		need = gai_violation_sentence(r, v, NULL, 0) + 1;

		vi->sentence = xmalloc(need);
		gai_violation_sentence(r, v, vi->sentence, need);
		vi->cells = xmalloc(sizeof(int) * (size_t) cap);
		vi->n = gai_violation_cells(r, v, vi->cells, cap, &vi->n_printed);
		bool		cell_rule = strncmp(v->rule, "cell.", 5) == 0;	/* shown by the cell's status */

		for (int k = 0; k < vi->n; k++)
		{
			int			c = vi->cells[k];

			if (cell_rule)
				;
			else if (v->severity == GAI_SEV_ERROR)
				ck->flags[c] |= k < vi->n_printed ? F_ERR_PRINTED : F_ERR_PART;
			else
				ck->flags[c] |= F_WARN;
			counts[c]++;
		}
	}
	ck->cell_viol = xmalloc(sizeof(int *) * (size_t) (r->n_template_cells + 1));
	for (int c = 0; c < r->n_template_cells; c++)
	{
		ck->cell_viol[c] = xmalloc(sizeof(int) * (size_t) (counts[c] + 1));
		counts[c] = 0;
	}
	for (int i = 0; i < r->n_violations; i++)
		for (int k = 0; k < ck->vi[i].n; k++)
		{
			int			c = ck->vi[i].cells[k];

			ck->cell_viol[c][counts[c]++] = i + 1;
		}
	for (int c = 0; c < r->n_template_cells; c++)
		ck->cell_viol[c][counts[c]] = 0;
	free(counts);
}

static void
check_free(checked *ck)
{
	if (ck->r)
	{
		for (int i = 0; i < ck->r->n_violations; i++)
		{
			free(ck->vi[i].cells);
			free(ck->vi[i].sentence);
		}
		for (int c = 0; c < ck->r->n_template_cells; c++)
			free(ck->cell_viol[c]);
		free(ck->cell_viol);
		free(ck->vi);
		free(ck->flags);
		gai_report_free(ck->r, &hooks);
	}
	report_text_free(&ck->rt);
	free(ck->name);
	free(ck->why);
}

/* does the file fail the check: not read, no report, or an error-severity violation */
static bool
failed(const checked *ck)
{
	return !ck->r || !ck->r->is_report || ck->r->n_errors > 0;
}

/* ------------------------------------------------------------ cells as shown */

static const gai_cell *
cell_at(const checked *ck, int idx)
{
	return idx >= 0 && idx < ck->r->n_template_cells ? &ck->r->template_cells[idx] : NULL;
}

/* a row of the report to show: some cell printed or missing, not an absent alternative */
static bool
row_shown(const checked *ck, int table, int row)
{
	gai_table_layout tl;

	gai_table_get(ck->r->template_id, table, &tl);
	for (int c = 0; c < tl.ncols; c++)
	{
		const gai_cell *cell = cell_at(ck, gai_table_cell(ck->r->template_id, table, row, c));

		if (cell && !cell->alt_absent)
			return true;
	}
	return false;
}

/* a table with some cell read */
static bool
table_present(const checked *ck, int table)
{
	gai_table_layout tl;

	gai_table_get(ck->r->template_id, table, &tl);
	for (int r = 0; r < tl.nrows; r++)
		for (int c = 0; c < tl.ncols; c++)
		{
			const gai_cell *cell = cell_at(ck, gai_table_cell(ck->r->template_id, table, r, c));

			if (cell && cell->status != GAI_CELL_MISSING)
				return true;
		}
	return false;
}

/* the text a cell shows in `width` columns (malloc'd): value, — blank, ?printed, a/b candidates, 缺 */
static char *
cell_text(const gai_cell *c, int width)
{
	char		buf[32];

	switch (c->status)
	{
		case GAI_CELL_OK:
			return xstrdup(gai_num_format(c->value, buf));
		case GAI_CELL_BLANK:
			return xstrdup("—");
		case GAI_CELL_UNREADABLE:
			{
				char	   *s = xasprintf("?%s", c->raw ? c->raw : ""),
						   *t = cut(s, width);

				free(s);
				return t;
			}
		case GAI_CELL_AMBIGUOUS:
			{
				strbuf		sb;
				char	   *t;

				sb_init(&sb);
				for (int k = 0; k < c->n_candidates; k++)
					sb_printf(&sb, "%s%s", k ? "/" : "", gai_num_format(c->candidates[k], buf));
				if (c->n_candidates == 0 || width_n(sb.data, (int) sb.len) > width)
				{
					sb_free(&sb);
					sb_init(&sb);
					sb_printf(&sb, "?%s", c->raw ? c->raw : "");
				}
				t = cut(sb.data, width);
				sb_free(&sb);
				return t;
			}
		default:
			return xstrdup("缺");
	}
}

/* ------------------------------------------------------------ text output */

typedef struct
{
	int			width;			/* columns of the terminal */
	bool		color;
} text_opts;

static const char *
date_text(gai_date d, char *buf)
{
	if (!d.y)
		return "—";
	sprintf(buf, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
	return buf;
}

/* one table (block) of a template, value columns right-aligned */
static void
text_table(FILE *f, const checked *ck, int table, const text_opts *to)
{
	gai_template_id t = ck->r->template_id;
	gai_table_layout tl;
	int			colw[16],
				total = 0,
				labelw;
	bool		narrow_caps;
	int			label_need = 12;	/* the labels' width, up to 40 */
	const char *last_group = NULL;

	gai_table_get(t, table, &tl);
	if (tl.ncols > 16)
		return;
	/*
	 * Column widths: the widest of caption and values (values shown in at
	 * most 12 columns).  When the labels would be left fewer columns than the
	 * longest needs (at most 40), the captions are short ones (公益组织)
	 * wrapped over lines (公益 / 组织).
	 */
	narrow_caps = false;
	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;
		int			w;

		gai_table_row(t, table, r, &rl);
		w = 2 * rl.depth + (rl.group_label ? 2 : 0) + width_n(rl.label, rl.short_len) + 1;
		if (w > label_need)
			label_need = w;
	}
	if (label_need > 40)
		label_need = 40;
	for (int pass = 0; pass < 2; pass++)
	{
		total = 0;
		for (int c = 0; c < tl.ncols; c++)
		{
			gai_col_layout cl;
			int			capw;

			gai_table_col(t, table, c, &cl);
			capw = utf8_width(narrow_caps ? cl.caption : cl.label);
			colw[c] = narrow_caps ? (capw <= 6 ? capw : 4) : capw;
			if (colw[c] < 4)
				colw[c] = 4;
			for (int r = 0; r < tl.nrows; r++)
			{
				const gai_cell *cell = cell_at(ck, gai_table_cell(t, table, r, c));
				char	   *s;
				int			w;

				if (!cell || cell->alt_absent)
					continue;
				s = cell_text(cell, 12);
				w = utf8_width(s);
				free(s);
				if (w > colw[c])
					colw[c] = w;
			}
			total += colw[c] + 2;	/* a space before, the mark after */
		}
		if (narrow_caps || to->width - total >= label_need)
			break;
		narrow_caps = true;
	}
	labelw = to->width - total;
	if (labelw < 12)
		labelw = 12;

	/* header: the block's heading, the caption over the columns, the group over some */
	if (tl.anchor)
		fprintf(f, "%s\n", tl.anchor);
	if (tl.head)
	{
		int			w = utf8_width(tl.head);

		pad(f, labelw + (total - w) / 2);
		fprintf(f, "%s\n", tl.head);
	}
	{
		/* a line over the columns under one header (法人或其他组织) */
		int			first = -1,
					last = -1;
		const char *g = NULL;

		for (int c = 0; c < tl.ncols; c++)
		{
			gai_col_layout cl;

			gai_table_col(t, table, c, &cl);
			if (cl.group)
			{
				if (first < 0)
					first = c;
				last = c;
				g = cl.group;
			}
		}
		if (g)
		{
			int			before = labelw,
						span = 0,
						gw = utf8_width(g) + 2,
						left,
						right;

			for (int c = 0; c < first; c++)
				before += colw[c] + 2;
			for (int c = first; c <= last; c++)
				span += colw[c] + 2;
			span -= 1;
			left = (span - gw) / 2;
			right = span - gw - left;
			pad(f, before + 1);
			for (int i = 0; i < left; i++)
				fputs("─", f);
			fprintf(f, " %s ", g);
			for (int i = 0; i < right; i++)
				fputs("─", f);
			fputc('\n', f);
		}
	}
	{
		/* the captions, right-aligned over their values, wrapped to their columns */
		const char *cap[16];
		int			left[16];
		bool		more = true;

		for (int c = 0; c < tl.ncols; c++)
		{
			gai_col_layout cl;

			gai_table_col(t, table, c, &cl);
			cap[c] = narrow_caps ? cl.caption : cl.label;
			left[c] = (int) strlen(cap[c]);
		}
		while (more)
		{
			more = false;
			pad(f, labelw);
			for (int c = 0; c < tl.ncols; c++)
			{
				int			n = fit_bytes(cap[c], left[c], colw[c]);

				pad(f, 1 + colw[c] - width_n(cap[c], n));
				fprintf(f, "%.*s ", n, cap[c]);
				cap[c] += n;
				left[c] -= n;
				more |= left[c] > 0;
			}
			fputc('\n', f);
		}
	}

	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;
		int			indent,
					llen,
					n;
		const char *label;
		bool		values;

		gai_table_row(t, table, r, &rl);
		if (rl.code && !row_shown(ck, table, r))
		{
			/* an alternative not printed: (六)其他处理 stays as the heading of its sub-rows */
			bool		parent_of_shown = false;

			for (int q = r + 1; q < tl.nrows && !parent_of_shown; q++)
			{
				gai_row_layout ql;

				gai_table_row(t, table, q, &ql);
				parent_of_shown = ql.parent == r && row_shown(ck, table, q);
			}
			if (!parent_of_shown)
				continue;
			values = false;
		}
		else
			values = rl.code != NULL;
		if (rl.group_label && (!last_group || strcmp(last_group, rl.group_label) != 0))
		{
			fprintf(f, "%s\n", rl.group_label);
			last_group = rl.group_label;
		}
		indent = 2 * rl.depth + (rl.group_label ? 2 : 0);
		label = rl.label;
		llen = rl.short_len;
		/* the label wrapped in its column, the values on its first line */
		n = fit_bytes(label, llen, labelw - indent - 1);
		pad(f, indent);
		fprintf(f, "%.*s", n, label);
		if (values)
		{
			pad(f, labelw - indent - width_n(label, n));
			for (int c = 0; c < tl.ncols; c++)
			{
				int			idx = gai_table_cell(t, table, r, c);
				const gai_cell *cell = cell_at(ck, idx);
				char	   *s = cell ? cell_text(cell, colw[c]) : xstrdup("");
				unsigned	fl = ck->flags[idx];
				const char *on = "",
						   *off = "",
						   *mark = " ";

				if (cell && (cell->status == GAI_CELL_UNREADABLE || cell->status == GAI_CELL_AMBIGUOUS ||
							 cell->status == GAI_CELL_MISSING))
					mark = "?", on = "\033[1;35m";
				else if (fl & F_ERR_PRINTED)
					mark = "!", on = "\033[1;31m";
				else if (fl & F_ERR_PART)
					on = "\033[33m";
				else if (fl & F_WARN)
					mark = "*", on = "\033[36m";
				else if (cell && cell->status == GAI_CELL_BLANK)
					on = "\033[2m";
				if (!to->color)
					on = "";
				else if (*on)
					off = "\033[0m";
				pad(f, 1 + colw[c] - utf8_width(s));
				fprintf(f, "%s%s%s%s", on, s, mark, off);
				free(s);
			}
		}
		fputc('\n', f);
		label += n;
		llen -= n;
		while (llen > 0)
		{
			n = fit_bytes(label, llen, labelw - indent - 3);
			pad(f, indent + 2);
			fprintf(f, "%.*s\n", n, label);
			label += n;
			llen -= n;
		}
	}
	/* rows the template does not have (local sub-rows), under their table */
	for (int k = 0; k < ck->r->n_extra_cells; k++)
	{
		const gai_cell *x = &ck->r->extra_cells[k];
		int			vals[16];
		const char *label = x->extra_label ? x->extra_label : "";
		int			n;

		if (x->extra_table != table || (k > 0 && ck->r->extra_cells[k - 1].extra_table == table &&
										strcmp(ck->r->extra_cells[k - 1].extra_label ? ck->r->extra_cells[k - 1].extra_label : "", label) == 0))
			continue;
		for (int c = 0; c < tl.ncols; c++)
			vals[c] = -1;
		for (int j = k; j < ck->r->n_extra_cells; j++)
		{
			const gai_cell *y = &ck->r->extra_cells[j];

			if (y->extra_table == table && strcmp(y->extra_label ? y->extra_label : "", label) == 0 &&
				y->col >= 0 && y->col < tl.ncols)
				vals[y->col] = j;
		}
		n = fit_bytes(label, (int) strlen(label), labelw - 5);
		fprintf(f, "  + %.*s", n, label);
		pad(f, labelw - 4 - width_n(label, n));
		for (int c = 0; c < tl.ncols; c++)
		{
			char	   *s = vals[c] >= 0 ? cell_text(&ck->r->extra_cells[vals[c]], colw[c]) : xstrdup("");

			pad(f, 1 + colw[c] - utf8_width(s));
			fprintf(f, "%s ", s);
			free(s);
		}
		fputc('\n', f);
	}
}

static void
text_file(FILE *f, const checked *ck, const text_opts *to)
{
	const gai_report *r = ck->r;
	char		b1[16],
				b2[16],
				b3[16];
	int			counts[5] = {0},
				missing = 0;
	gai_section_id sec = GAI_SEC_PREAMBLE;

	fprintf(f, "== %s\n", ck->name);
	if (!r)
	{
		fprintf(f, "not read: %s\n\n", ck->why);
		return;
	}
	fprintf(f, "agency:   %s\n", r->agency ? r->agency : "— (not found)");
	if (r->title)
	{
		fputs("title:    ", f);
		print_wrapped(f, r->title, to->width, 10);
	}
	fprintf(f, "year:     %d    template: %s    signed: %s\n", r->year,
			gai_template_name(r->template_id) ? gai_template_name(r->template_id) : "— (none recognised)",
			date_text(r->report_date, b1));
	if (r->period_start.y || r->published.y)
		fprintf(f, "period:   %s .. %s    published: %s\n", date_text(r->period_start, b1),
				date_text(r->period_end, b2), date_text(r->published, b3));
	fprintf(f, "read as:  %s%s%s%s, layout %s\n", ck->rt.filetype,
			ck->rt.converted ? (strcmp(ck->rt.filetype, "pdf") == 0 ? " (pdftotext -tsv word boxes)" : " (tables as a web page)") : "",
			ck->rt.converted ? "" : ", ", ck->rt.converted ? "" : ck->rt.encoding,
			gai_layout_name(r->layout) ? gai_layout_name(r->layout) : "unknown");
	for (int i = 0; i < r->n_template_cells; i++)
	{
		if (r->template_cells[i].status == GAI_CELL_MISSING)
			missing += !r->template_cells[i].alt_absent;
		else
			counts[r->template_cells[i].status]++;
	}
	{
		char	   *line = xasprintf("%d ok, %d blank (—), %d unreadable (?), %d ambiguous, %d missing (缺)%s",
									 counts[GAI_CELL_OK], counts[GAI_CELL_BLANK], counts[GAI_CELL_UNREADABLE],
									 counts[GAI_CELL_AMBIGUOUS], missing, r->n_extra_cells ? "; " : "");
		char	   *all = r->n_extra_cells
			? xasprintf("%s%d in rows the template lacks (+)", line, r->n_extra_cells) : xstrdup(line);

		fputs("cells:    ", f);
		print_wrapped(f, all, to->width, 10);
		free(line);
		free(all);
	}
	if (!r->is_report)
		fprintf(f, "NOT A REPORT: no table of a known template was read\n");

	for (int t = 0; t < gai_table_count(r->template_id); t++)
	{
		gai_table_layout tl;

		gai_table_get(r->template_id, t, &tl);
		if (tl.section != sec)
		{
			int			any = 0;

			sec = tl.section;
			for (int q = t; q < gai_table_count(r->template_id); q++)
			{
				gai_table_layout ql;

				gai_table_get(r->template_id, q, &ql);
				if (ql.section == sec)
					any |= table_present(ck, q);
			}
			fprintf(f, "\n%s\n", gai_section_title(sec));
			if (!any)
			{
				fprintf(f, "  (no table found)\n");
				continue;
			}
		}
		else
			fputc('\n', f);
		if (table_present(ck, t))
			text_table(f, ck, t, to);
		else if (tl.anchor)
			fprintf(f, "%s\n  (not found)\n", tl.anchor);
	}

	fprintf(f, "\n");
	if (r->n_violations == 0)
		fprintf(f, "%s\n", r->is_report ? "No rule is broken." : "");
	else
	{
		fprintf(f, "%d error%s, %d warning%s:\n", r->n_errors, r->n_errors == 1 ? "" : "s",
				r->n_violations - r->n_errors, r->n_violations - r->n_errors == 1 ? "" : "s");
		for (int i = 0; i < r->n_violations; i++)
		{
			const gai_violation *v = &r->violations[i];
			bool		err = v->severity == GAI_SEV_ERROR;

			if (to->color)
				fputs(err ? "\033[1;31m" : "\033[36m", f);
			fprintf(f, "%s", err ? "error  " : "warning");
			if (to->color)
				fputs("\033[0m", f);
			fputc(' ', f);
			print_wrapped(f, ck->vi[i].sentence, to->width, 8);
		}
	}
	if (r->n_warnings)
	{
		fprintf(f, "reader's notes:\n");
		for (int i = 0; i < r->n_warnings; i++)
		{
			/* the core's text says the line already */
			fputs("  ", f);
			print_wrapped(f, r->warnings[i].text, to->width, 4);
		}
	}
	fprintf(f, "%s\n\n", failed(ck) ? "=> NOT OK" : "=> ok");
}

/* ------------------------------------------------------------ JSON */

/* a JSON string: quotes, backslashes, controls escaped; invalid UTF-8 as U+FFFD */
static void
json_str(FILE *f, const char *s)
{
	int32_t		i = 0,
				len;

	if (!s)
	{
		fputs("null", f);
		return;
	}
	len = (int32_t) strlen(s);
	fputc('"', f);
	while (i < len)
	{
		int32_t		start = i;
		UChar32		c;

		U8_NEXT(s, i, len, c);
		if (c < 0)
			fputs("\\ufffd", f);
		else if (c == '"')
			fputs("\\\"", f);
		else if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
			fprintf(f, "\\u%04x", (unsigned) c);
		else
			fwrite(s + start, 1, (size_t) (i - start), f);
	}
	fputc('"', f);
}

static void
json_date(FILE *f, gai_date d)
{
	char		b[16];

	if (!d.y)
		fputs("null", f);
	else
		fprintf(f, "\"%s\"", date_text(d, b));
}

static void
json_num(FILE *f, gai_num n)
{
	char		b[32];

	fputs(gai_num_format(n, b), f);
}

static void
json_code(FILE *f, const gai_report *r, int idx)
{
	const gai_cell *c = &r->template_cells[idx];
	char	   *s = xasprintf("%s/%s/%s", gai_section_code(c->section), gai_cell_item_code(r, c),
							  gai_cell_col_code(r, c));

	json_str(f, s);
	free(s);
}

static void
json_cell(FILE *f, const gai_report *r, const gai_cell *c, bool extra)
{
	fputs("{", f);
	if (!extra)
	{
		fputs("\"code\":", f);
		json_code(f, r, (int) (c - r->template_cells));
		fputs(",", f);
	}
	fputs("\"section\":", f);
	json_str(f, gai_section_code(c->section));
	fputs(",\"item\":", f);
	json_str(f, extra ? NULL : gai_cell_item_code(r, c));
	fputs(",\"col\":", f);
	json_str(f, gai_cell_col_code(r, c));
	fputs(",\"item_label\":", f);
	json_str(f, gai_cell_item_label(r, c));
	fputs(",\"col_label\":", f);
	json_str(f, gai_cell_col_label(r, c));
	fputs(",\"status\":", f);
	json_str(f, gai_status_name(c->status));
	fputs(",\"value\":", f);
	if (c->status == GAI_CELL_OK)
		json_num(f, c->value);
	else
		fputs("null", f);
	fputs(",\"raw\":", f);
	json_str(f, c->raw);
	fprintf(f, ",\"line\":%d", c->line);
	if (c->blank_as_zero)
		fputs(",\"blank_as_zero\":true", f);
	if (c->status == GAI_CELL_AMBIGUOUS)
	{
		fputs(",\"candidates\":[", f);
		for (int k = 0; k < c->n_candidates; k++)
		{
			if (k)
				fputc(',', f);
			json_num(f, c->candidates[k]);
		}
		fputs("]", f);
	}
	fputs("}", f);
}

static void
json_file(FILE *f, const checked *ck)
{
	const gai_report *r = ck->r;
	bool		first;

	fputs("{\"file\":", f);
	json_str(f, ck->name);
	fprintf(f, ",\"ok\":%s", failed(ck) ? "false" : "true");
	if (!r)
	{
		fprintf(f, ",\"readable\":false,\"skipped\":%s,\"error\":", ck->skipped ? "true" : "false");
		json_str(f, ck->why);
		fputs("}", f);
		return;
	}
	fputs(",\"readable\":true,\"filetype\":", f);
	json_str(f, ck->rt.filetype);
	fputs(",\"encoding\":", f);
	json_str(f, ck->rt.encoding);
	fprintf(f, ",\"is_report\":%s,\"template\":", r->is_report ? "true" : "false");
	json_str(f, gai_template_name(r->template_id));
	fputs(",\"layout\":", f);
	json_str(f, gai_layout_name(r->layout));
	fputs(",\"agency\":", f);
	json_str(f, r->agency);
	fputs(",\"year\":", f);
	if (r->year)
		fprintf(f, "%d", r->year);
	else
		fputs("null", f);
	fputs(",\"title\":", f);
	json_str(f, r->title);
	fputs(",\"report_date\":", f);
	json_date(f, r->report_date);
	fputs(",\"period_start\":", f);
	json_date(f, r->period_start);
	fputs(",\"period_end\":", f);
	json_date(f, r->period_end);
	fputs(",\"published\":", f);
	json_date(f, r->published);
	fprintf(f, ",\"errors\":%d,\"n_template_cells\":%d", r->n_errors, r->n_template_cells);

	fputs(",\n \"cells\":[", f);
	first = true;
	for (int i = 0; i < r->n_template_cells; i++)
	{
		if (r->template_cells[i].status == GAI_CELL_MISSING)
			continue;
		fputs(first ? "\n  " : ",\n  ", f);
		first = false;
		json_cell(f, r, &r->template_cells[i], false);
	}
	fputs("],\n \"extra_cells\":[", f);
	for (int i = 0; i < r->n_extra_cells; i++)
	{
		fputs(i ? ",\n  " : "\n  ", f);
		json_cell(f, r, &r->extra_cells[i], true);
	}
	fputs("],\n \"violations\":[", f);
	for (int i = 0; i < r->n_violations; i++)
	{
		const gai_violation *v = &r->violations[i];

		fputs(i ? ",\n  " : "\n  ", f);
		fputs("{\"rule\":", f);
		json_str(f, v->rule);
		fputs(",\"severity\":", f);
		json_str(f, gai_severity_name(v->severity));
		fputs(",\"section\":", f);
		json_str(f, gai_section_code(v->section));
		fputs(",\"item\":", f);
		json_str(f, v->item);
		fputs(",\"col\":", f);
		json_str(f, v->col);
		if (v->has_values)
		{
			fputs(",\"expected\":", f);
			json_num(f, v->expected);
			fputs(",\"actual\":", f);
			json_num(f, v->actual);
		}
		fputs(",\"message\":", f);
		json_str(f, ck->vi[i].sentence);
		fputs(",\"core_message\":", f);
		json_str(f, v->message);
		fprintf(f, ",\"printed_cells\":%d,\"cells\":[", ck->vi[i].n_printed);
		for (int k = 0; k < ck->vi[i].n; k++)
		{
			if (k)
				fputc(',', f);
			json_code(f, r, ck->vi[i].cells[k]);
		}
		fputs("]}", f);
	}
	fputs("],\n \"warnings\":[", f);
	for (int i = 0; i < r->n_warnings; i++)
	{
		fprintf(f, "%s{\"line\":%d,\"text\":", i ? "," : "", r->warnings[i].line);
		json_str(f, r->warnings[i].text);
		fputs("}", f);
	}
	fputs("],\n \"sections\":[", f);
	for (int i = 0; i < r->n_sections; i++)
	{
		fprintf(f, "%s{\"section\":", i ? "," : "");
		json_str(f, gai_section_code(r->sections[i].section));
		fprintf(f, ",\"line\":%d,\"heading\":", r->sections[i].line);
		json_str(f, r->sections[i].heading);
		fputs("}", f);
	}
	fputs("]}", f);
}

/* ------------------------------------------------------------ HTML */

static void
html_esc(FILE *f, const char *s)
{
	int32_t		i = 0,
				len;

	if (!s)
		return;
	len = (int32_t) strlen(s);
	while (i < len)
	{
		int32_t		start = i;
		UChar32		c;

		U8_NEXT(s, i, len, c);
		if (c < 0)
			fputs("&#xfffd;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c < 0x20 && c != '\n' && c != '\t')
			fputs("&#xfffd;", f);
		else
			fwrite(s + start, 1, (size_t) (i - start), f);
	}
}

static const char html_css[] =
	"body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"WenQuanYi Zen Hei\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;"
	"margin:24px;color:#222;background:#fff;font-size:14px}\n"
	"h1{font-size:20px}h2{font-size:17px;border-bottom:2px solid #444;padding-bottom:4px;margin-top:36px}\n"
	"h3{font-size:15px;margin:20px 0 6px}\n"
	"dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:8px 0}\n"
	"dl.meta dt{color:#666}dl.meta dd{margin:0}\n"
	"table.form{border-collapse:collapse;margin:6px 0 4px}\n"
	"table.form th,table.form td{border:1px solid #333;padding:3px 6px}\n"
	"table.form th{background:#f4f4f4;font-weight:normal;text-align:center}\n"
	"table.form th.label{text-align:left}\n"
	"table.form th.vertical{writing-mode:vertical-rl;letter-spacing:2px}\n"
	"table.form th.anchor{text-align:left;font-weight:bold;background:#e9e9e9}\n"
	"table.form td{text-align:right;min-width:3em;font-variant-numeric:tabular-nums}\n"
	"td.blank{color:#999}\n"
	"td.unreadable{background:#eadcff;outline:2px dashed #7a3fd1;outline-offset:-3px}\n"
	"td.ambiguous{background:#dcebff;outline:2px dashed #2a6fd1;outline-offset:-3px}\n"
	"td.missing{background:#eee;color:#a00}\n"
	"td.broken{background:#ffd6d6;outline:2px solid #c00;outline-offset:-2px;font-weight:bold}\n"
	"td.part{background:#fff4cc}\n"
	"td.warn{background:#e3f6f9}\n"
	"td .printed{font-family:monospace;color:#5a2a9a}\n"
	"td .cands{display:block;font-size:11px;color:#2a4f91}\n"
	"sup.ref{color:#c00;font-weight:bold;margin-left:2px}\n"
	"ol.notes{margin:4px 0 12px;padding-left:28px}\n"
	"ol.notes li{margin:2px 0}\n"
	"ol.notes li.error{color:#a00}ol.notes li.warning{color:#1d6f7a}\n"
	".verdict{display:inline-block;padding:2px 10px;border-radius:3px;font-weight:bold}\n"
	".verdict.ok{background:#d8f5d8;color:#185c18}.verdict.bad{background:#ffd6d6;color:#900}\n"
	".legend span{display:inline-block;padding:1px 8px;margin-right:6px;border:1px solid #999}\n"
	".legend .broken{background:#ffd6d6;outline:2px solid #c00}.legend .part{background:#fff4cc}\n"
	".legend .unreadable{background:#eadcff}.legend .ambiguous{background:#dcebff}.legend .missing{background:#eee}\n"
	".legend .warn{background:#e3f6f9}\n"
	"ul.readernotes{color:#555;font-size:12px}\n";

/* the numbers of the violations (of this table) touching cell idx, and their sentences as a title */
static void
html_td(FILE *f, const checked *ck, int idx, int colspan, const int *table_viols, int n_table_viols)
{
	const gai_cell *c = cell_at(ck, idx);
	unsigned	fl = idx >= 0 ? ck->flags[idx] : 0;
	const char *cls;
	char		buf[32];

	if (!c)
	{
		fprintf(f, "<td%s></td>", colspan > 1 ? " colspan=\"2\"" : "");
		return;
	}
	cls = c->status == GAI_CELL_OK ? "ok" : c->status == GAI_CELL_BLANK ? "blank"
		: c->status == GAI_CELL_UNREADABLE ? "unreadable" : c->status == GAI_CELL_AMBIGUOUS ? "ambiguous" : "missing";
	fprintf(f, "<td class=\"%s%s%s%s\"", cls, (fl & F_ERR_PRINTED) ? " broken" : "",
			(fl & F_ERR_PART) && !(fl & F_ERR_PRINTED) ? " part" : "",
			(fl & F_WARN) && !(fl & (F_ERR_PRINTED | F_ERR_PART)) ? " warn" : "");
	if (colspan > 1)
		fprintf(f, " colspan=\"%d\"", colspan);
	fprintf(f, " data-code=\"%s/%s/%s\"", gai_section_code(c->section), gai_cell_item_code(ck->r, c),
			gai_cell_col_code(ck->r, c));
	{
		/* the title: the cell's name and status, the rules it takes part in */
		size_t		need = gai_cell_name(ck->r->template_id, idx, NULL, 0) + 1;
		char	   *name = xmalloc(need);

		gai_cell_name(ck->r->template_id, idx, name, need);
		fputs(" title=\"", f);
		html_esc(f, name);
		if (c->status == GAI_CELL_BLANK)
			fputs("：空白", f);
		if (c->line > 0)
			fprintf(f, "（第 %d 行）", c->line);
		for (int k = 0; ck->cell_viol[idx][k]; k++)
		{
			fputs("&#10;", f);
			html_esc(f, ck->vi[ck->cell_viol[idx][k] - 1].sentence);
		}
		fputs("\"", f);
		free(name);
	}
	fputs(">", f);
	switch (c->status)
	{
		case GAI_CELL_OK:
			fputs(gai_num_format(c->value, buf), f);
			break;
		case GAI_CELL_BLANK:
			fputs("—", f);
			break;
		case GAI_CELL_UNREADABLE:
			fputs("?<span class=\"printed\">", f);
			html_esc(f, c->raw);
			fputs("</span>", f);
			break;
		case GAI_CELL_AMBIGUOUS:
			fputs("?<span class=\"printed\">", f);
			html_esc(f, c->raw);
			fputs("</span><span class=\"cands\">", f);
			if (c->n_candidates == 0)
				fputs("读法太多", f);
			for (int k = 0; k < c->n_candidates; k++)
				fprintf(f, "%s%s", k ? " / " : "", gai_num_format(c->candidates[k], buf));
			fputs("</span>", f);
			break;
		default:
			fputs("缺", f);
			break;
	}
	/* the visible note: the numbers of this table's notes about the cell (printed totals) */
	for (int k = 0; ck->cell_viol[idx][k]; k++)
	{
		int			vn = ck->cell_viol[idx][k];
		const vinfo *vi = &ck->vi[vn - 1];
		bool		printed = false;

		for (int j = 0; j < vi->n_printed; j++)
			printed |= vi->cells[j] == idx;
		if (!printed)
			continue;
		for (int j = 0; j < n_table_viols; j++)
			if (table_viols[j] == vn)
				fprintf(f, "<sup class=\"ref\">%d</sup>", j + 1);
	}
	fputs("</td>", f);
}

/* the violations whose cells lie in tables [t0, t1): 1-based numbers */
static int
viols_of_tables(const checked *ck, int t0, int t1, int *out)
{
	int			n = 0;

	for (int i = 0; i < ck->r->n_violations; i++)
	{
		const vinfo *vi = &ck->vi[i];
		bool		in = false;

		for (int k = 0; k < vi->n && !in; k++)
		{
			int			t,
						rr,
						cc;

			gai_cell_place(ck->r->template_id, vi->cells[k], &t, &rr, &cc);
			in = t >= t0 && t < t1;
		}
		if (in)
			out[n++] = i + 1;
	}
	return n;
}

static void
html_notes(FILE *f, const checked *ck, const int *vs, int n)
{
	if (n == 0)
		return;
	fputs("<ol class=\"notes\">\n", f);
	for (int j = 0; j < n; j++)
	{
		const gai_violation *v = &ck->r->violations[vs[j] - 1];

		fprintf(f, "<li class=\"%s\" data-rule=\"", gai_severity_name(v->severity));
		html_esc(f, v->rule);
		fprintf(f, "\">%s：", v->severity == GAI_SEV_ERROR ? "错误" : "提示");
		html_esc(f, ck->vi[vs[j] - 1].sentence);
		fputs("</li>\n", f);
	}
	fputs("</ol>\n", f);
}

/* 二、主动公开: one grid of 信息内容 + up to 3 columns, a heading row per block */
static void
html_active(FILE *f, const checked *ck, int t0, int t1)
{
	gai_template_id t = ck->r->template_id;
	int			maxc = 1;
	int		   *vs = xmalloc(sizeof(int) * (size_t) (ck->r->n_violations + 1));
	int			nv = viols_of_tables(ck, t0, t1, vs);

	for (int tb = t0; tb < t1; tb++)
	{
		gai_table_layout tl;

		gai_table_get(t, tb, &tl);
		if (tl.ncols > maxc)
			maxc = tl.ncols;
	}
	fputs("<table class=\"form\" data-section=\"active\">\n", f);
	for (int tb = t0; tb < t1; tb++)
	{
		gai_table_layout tl;

		gai_table_get(t, tb, &tl);
		fprintf(f, "<tr><th class=\"anchor\" colspan=\"%d\">", maxc + 1);
		html_esc(f, tl.anchor);
		fputs("</th></tr>\n<tr><th>", f);
		html_esc(f, tl.corner);
		fputs("</th>", f);
		for (int c = 0; c < tl.ncols; c++)
		{
			gai_col_layout cl;

			gai_table_col(t, tb, c, &cl);
			if (c == tl.ncols - 1 && maxc > tl.ncols)
				fprintf(f, "<th colspan=\"%d\">", maxc - tl.ncols + 1);
			else
				fputs("<th>", f);
			html_esc(f, cl.label);
			fputs("</th>", f);
		}
		fputs("</tr>\n", f);
		for (int r = 0; r < tl.nrows; r++)
		{
			gai_row_layout rl;

			gai_table_row(t, tb, r, &rl);
			fputs("<tr><th class=\"label\">", f);
			html_esc(f, rl.label);
			fputs("</th>", f);
			for (int c = 0; c < tl.ncols; c++)
				html_td(f, ck, gai_table_cell(t, tb, r, c),
						c == tl.ncols - 1 && maxc > tl.ncols ? maxc - tl.ncols + 1 : 1, vs, nv);
			fputs("</tr>\n", f);
		}
		for (int k = 0; k < ck->r->n_extra_cells; k++)
		{
			const gai_cell *x = &ck->r->extra_cells[k];
			char		buf[32];

			if (x->extra_table != tb || x->col != 0)
				continue;
			fputs("<tr><th class=\"label\">", f);
			html_esc(f, x->extra_label);
			fputs("（模板外）</th>", f);
			for (int j = 0; j < ck->r->n_extra_cells; j++)
			{
				const gai_cell *y = &ck->r->extra_cells[j];

				if (y->extra_table == tb && y->extra_label && x->extra_label &&
					strcmp(y->extra_label, x->extra_label) == 0 && y->line >= x->line - 8 && y->line <= x->line + 8)
					fprintf(f, "<td class=\"extra\">%s</td>", y->status == GAI_CELL_OK ? gai_num_format(y->value, buf) : "—");
			}
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
	html_notes(f, ck, vs, nv);
	free(vs);
}

/* 三、收到和处理: the official form, three label columns, the header merged as printed */
static void
html_requests(FILE *f, const checked *ck, int tb)
{
	gai_template_id t = ck->r->template_id;
	gai_table_layout tl;
	int		   *vs = xmalloc(sizeof(int) * (size_t) (ck->r->n_violations + 1));
	int			nv = viols_of_tables(ck, tb, tb + 1, vs);
	int			ngroup = 0,
				gfirst = -1,
				glast = -1;
	bool		shown[64];
	int			span[64];		/* rows shown under a group row */

	gai_table_get(t, tb, &tl);
	if (tl.nrows > 64)
		return;
	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;

		gai_table_row(t, tb, r, &rl);
		shown[r] = rl.code && row_shown(ck, tb, r);
		span[r] = 0;
	}
	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;

		gai_table_row(t, tb, r, &rl);
		if (!shown[r])
			continue;
		for (int p = rl.parent; p >= 0;)
		{
			gai_row_layout pl;

			span[p]++;
			gai_table_row(t, tb, p, &pl);
			p = pl.parent;
		}
	}
	fputs("<table class=\"form\" data-section=\"requests\">\n<tr>", f);
	fputs("<th colspan=\"3\" rowspan=\"3\">", f);
	html_esc(f, tl.corner);
	fprintf(f, "</th><th colspan=\"%d\">", tl.ncols);
	html_esc(f, tl.head);
	fputs("</th></tr>\n<tr>", f);
	for (int c = 0; c < tl.ncols; c++)
	{
		gai_col_layout cl;

		gai_table_col(t, tb, c, &cl);
		if (cl.group)
		{
			if (gfirst < 0)
				gfirst = c;
			glast = c;
			ngroup++;
		}
	}
	for (int c = 0; c < tl.ncols; c++)
	{
		gai_col_layout cl;

		gai_table_col(t, tb, c, &cl);
		if (cl.group && c == gfirst)
		{
			fprintf(f, "<th colspan=\"%d\">", glast - gfirst + 1);
			html_esc(f, cl.group);
			fputs("</th>", f);
		}
		else if (!cl.group)
		{
			fputs(ngroup ? "<th rowspan=\"2\">" : "<th>", f);
			html_esc(f, cl.label);
			fputs("</th>", f);
		}
	}
	fputs("</tr>\n<tr>", f);
	for (int c = 0; c < tl.ncols; c++)
	{
		gai_col_layout cl;

		gai_table_col(t, tb, c, &cl);
		if (cl.group)
		{
			fputs("<th>", f);
			html_esc(f, cl.label);
			fputs("</th>", f);
		}
	}
	fputs("</tr>\n", f);
	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;
		bool		group_open[64] = {false};

		if (!shown[r])
			continue;
		gai_table_row(t, tb, r, &rl);
		fputs("<tr>", f);
		/* the group cells that start on this row: the first row shown under them */
		{
			int			chain[4],
						nch = 0;

			for (int p = rl.parent; p >= 0 && nch < 4;)
			{
				gai_row_layout pl;

				chain[nch++] = p;
				gai_table_row(t, tb, p, &pl);
				p = pl.parent;
			}
			for (int k = nch - 1; k >= 0; k--)
			{
				int			p = chain[k];
				bool		first_under = true;

				for (int q = p + 1; q < r && first_under; q++)
				{
					gai_row_layout ql;

					if (!shown[q])
						continue;
					gai_table_row(t, tb, q, &ql);
					for (int a = ql.parent; a >= 0 && first_under;)
					{
						gai_row_layout al;

						if (a == p)
							first_under = false;
						gai_table_row(t, tb, a, &al);
						a = al.parent;
					}
				}
				if (first_under && !group_open[p])
				{
					gai_row_layout pl;

					gai_table_row(t, tb, p, &pl);
					fprintf(f, "<th class=\"label%s\" rowspan=\"%d\">", pl.depth == 0 ? " vertical" : "", span[p]);
					html_esc(f, pl.label);
					fputs("</th>", f);
					group_open[p] = true;
				}
			}
		}
		fprintf(f, "<th class=\"label\" colspan=\"%d\">", 3 - rl.depth);
		html_esc(f, rl.label);
		fputs("</th>", f);
		for (int c = 0; c < tl.ncols; c++)
			html_td(f, ck, gai_table_cell(t, tb, r, c), 1, vs, nv);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	html_notes(f, ck, vs, nv);
	free(vs);
}

/* 四、复议和诉讼: one row of 15 cells under 行政复议 / 行政诉讼 (未经复议直接起诉, 复议后起诉) */
static void
html_appeals(FILE *f, const checked *ck, int tb)
{
	gai_template_id t = ck->r->template_id;
	gai_table_layout tl;
	int		   *vs = xmalloc(sizeof(int) * (size_t) (ck->r->n_violations + 1));
	int			nv = viols_of_tables(ck, tb, tb + 1, vs);

	gai_table_get(t, tb, &tl);
	fputs("<table class=\"form\" data-section=\"appeals\">\n<tr>", f);
	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;

		gai_table_row(t, tb, r, &rl);
		if (!rl.group_label)
		{
			fprintf(f, "<th colspan=\"%d\" rowspan=\"2\">", tl.ncols);
			html_esc(f, rl.label);
			fputs("</th>", f);
		}
		else
		{
			int			n = 0;
			gai_row_layout prev;

			if (r > 0 && gai_table_row(t, tb, r - 1, &prev) && prev.group_label &&
				strcmp(prev.group_label, rl.group_label) == 0)
				continue;
			for (int q = r; q < tl.nrows; q++)
			{
				gai_row_layout ql;

				gai_table_row(t, tb, q, &ql);
				if (!ql.group_label || strcmp(ql.group_label, rl.group_label) != 0)
					break;
				n++;
			}
			fprintf(f, "<th colspan=\"%d\">", n * tl.ncols);
			html_esc(f, rl.group_label);
			fputs("</th>", f);
		}
	}
	fputs("</tr>\n<tr>", f);
	for (int r = 0; r < tl.nrows; r++)
	{
		gai_row_layout rl;

		gai_table_row(t, tb, r, &rl);
		if (rl.group_label)
		{
			fprintf(f, "<th colspan=\"%d\">", tl.ncols);
			html_esc(f, rl.label);
			fputs("</th>", f);
		}
	}
	fputs("</tr>\n<tr>", f);
	for (int r = 0; r < tl.nrows; r++)
		for (int c = 0; c < tl.ncols; c++)
		{
			gai_col_layout cl;

			gai_table_col(t, tb, c, &cl);
			fputs("<th>", f);
			html_esc(f, cl.label);
			fputs("</th>", f);
		}
	fputs("</tr>\n<tr>", f);
	for (int r = 0; r < tl.nrows; r++)
		for (int c = 0; c < tl.ncols; c++)
			html_td(f, ck, gai_table_cell(t, tb, r, c), 1, vs, nv);
	fputs("</tr>\n</table>\n", f);
	html_notes(f, ck, vs, nv);
	free(vs);
}

static void
html_file(FILE *f, const checked *ck, int n)
{
	const gai_report *r = ck->r;
	char		b[16],
				b2[16];
	int			t0;

	fprintf(f, "<section class=\"report\" id=\"r%d\">\n<h2>", n);
	html_esc(f, r && r->title ? r->title : ck->name);
	fputs("</h2>\n", f);
	if (!r)
	{
		fputs("<p><span class=\"verdict bad\">未能读取</span> ", f);
		html_esc(f, ck->why);
		fputs("</p>\n</section>\n", f);
		return;
	}
	fprintf(f, "<p><span class=\"verdict %s\">%s</span> %d 个错误，%d 个提示</p>\n", failed(ck) ? "bad" : "ok",
			!r->is_report ? "不是年度报告" : failed(ck) ? "有错误" : "通过", r->n_errors, r->n_violations - r->n_errors);
	fputs("<dl class=\"meta\">\n<dt>文件</dt><dd>", f);
	html_esc(f, ck->name);
	fprintf(f, "（%s%s%s，版式 %s）</dd>\n", ck->rt.filetype, ck->rt.converted ? "" : "，",
			ck->rt.converted ? "" : ck->rt.encoding, gai_layout_name(r->layout) ? gai_layout_name(r->layout) : "—");
	fputs("<dt>机关</dt><dd>", f);
	html_esc(f, r->agency ? r->agency : "—");
	fputs("</dd>\n", f);
	if (r->year)
		fprintf(f, "<dt>年度</dt><dd>%d</dd>\n", r->year);
	else
		fputs("<dt>年度</dt><dd>—</dd>\n", f);
	fprintf(f, "<dt>模板</dt><dd>%s</dd>\n", gai_template_name(r->template_id) ? gai_template_name(r->template_id) : "—");
	fprintf(f, "<dt>报告日期</dt><dd>%s</dd>\n", date_text(r->report_date, b));
	if (r->period_start.y)
		fprintf(f, "<dt>统计期限</dt><dd>%s 至 %s</dd>\n", date_text(r->period_start, b), date_text(r->period_end, b2));
	if (r->published.y)
		fprintf(f, "<dt>发布时间</dt><dd>%s</dd>\n", date_text(r->published, b));
	fputs("</dl>\n", f);

	for (int tb = 0; tb < gai_table_count(r->template_id); tb = t0)
	{
		gai_table_layout tl;
		int			t1;
		bool		any = false;

		t0 = tb;
		gai_table_get(r->template_id, tb, &tl);
		for (t1 = tb; t1 < gai_table_count(r->template_id); t1++)
		{
			gai_table_layout ql;

			gai_table_get(r->template_id, t1, &ql);
			if (ql.section != tl.section)
				break;
			any |= table_present(ck, t1);
		}
		t0 = t1;
		fputs("<h3>", f);
		html_esc(f, gai_section_title(tl.section));
		fputs("</h3>\n", f);
		if (!any)
		{
			fputs("<p class=\"missing\">未找到这一表格。</p>\n", f);
			continue;
		}
		if (tl.section == GAI_SEC_ACTIVE)
			html_active(f, ck, tb, t1);
		else if (tl.section == GAI_SEC_REQUESTS)
			html_requests(f, ck, tb);
		else
			html_appeals(f, ck, tb);
	}
	{
		/* the violations of no table (table.missing ...) */
		int			n_other = 0;

		for (int i = 0; i < r->n_violations; i++)
			if (ck->vi[i].n == 0)
			{
				if (n_other++ == 0)
					fputs("<h3>其他问题</h3>\n<ol class=\"notes\">\n", f);
				fprintf(f, "<li class=\"%s\" data-rule=\"", gai_severity_name(r->violations[i].severity));
				html_esc(f, r->violations[i].rule);
				fputs("\">", f);
				html_esc(f, ck->vi[i].sentence);
				fputs("</li>\n", f);
			}
		if (n_other)
			fputs("</ol>\n", f);
	}
	if (r->n_warnings)
	{
		fputs("<details><summary>读取说明（reader's notes）</summary><ul class=\"readernotes\">\n", f);
		for (int i = 0; i < r->n_warnings; i++)
		{
			fputs("<li>", f);
			html_esc(f, r->warnings[i].text);
			fputs("</li>\n", f);
		}
		fputs("</ul></details>\n", f);
	}
	fputs("</section>\n", f);
}

static void
html_page(FILE *f, checked *cks, size_t n)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		  "<title>政府信息公开工作年度报告 检查结果</title>\n<style>\n", f);
	fputs(html_css, f);
	fputs("</style>\n</head>\n<body>\n<h1>政府信息公开工作年度报告 检查结果</h1>\n", f);
	fputs("<p class=\"legend\"><span class=\"broken\">不符合勾稽关系的数</span><span class=\"part\">参与该关系的格</span>"
		  "<span class=\"unreadable\">?印出的内容：无法确定</span><span class=\"ambiguous\">?数字分界不确定（可能的值）</span>"
		  "<span class=\"missing\">缺：未找到</span><span class=\"warn\">提示</span> — 空白（按 0 计）</p>\n", f);
	for (size_t i = 0; i < n; i++)
		html_file(f, &cks[i], (int) i + 1);
	fputs("<footer><p style=\"color:#888;font-size:12px\">gaireport " GAI_VERSION " check</p></footer>\n</body>\n</html>\n", f);
}

/* ------------------------------------------------------------ the command */

static int
terminal_width(int asked)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	int			w = 0;

	if (asked > 0)
		w = asked;
	else if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		w = ws.ws_col;
	else if (env && atoi(env) > 0)
		w = atoi(env);
	else
		w = 80;
	if (w < 60)
		w = 60;
	if (w > 200)
		w = 200;
	return w;
}

int
cmd_check(const check_opts *o, char **args, int nargs)
{
	file_list	fl;
	checked    *cks;
	gai_decoder *dec;
	const char *err = NULL;
	text_opts	to;
	bool		any_failed = false;
	size_t		n_bad = 0;
	int			rc = EXIT_OK;

	if (gai_init(&err) != 0)
	{
		errorf("cannot initialise the parser: %s", err ? err : "?");
		return EXIT_USAGE;
	}
	files_expand(&fl, args, nargs, REPORT_FILES, false);
	if (fl.n == 0)
	{
		errorf("no report files found (directories are searched for %s)", REPORT_FILES);
		files_free(&fl);
		return EXIT_SOME_FAILED;
	}
	to.width = terminal_width(o->width);
	to.color = o->color == 1 || (o->color == -1 && isatty(1) && !getenv("NO_COLOR"));
	dec = decoder_new();
	cks = xmalloc(sizeof(checked) * fl.n);
	memset(cks, 0, sizeof(checked) * fl.n);
	if (o->json)
		fputs("[", stdout);
	for (size_t i = 0; i < fl.n; i++)
	{
		checked    *ck = &cks[i];
		int			st;

		ck->path = fl.files[i].path;
		ck->name = escape_name(ck->path);
		st = report_text_read(&fl.files[i], dec, &ck->rt, &ck->why);
		if (st == RT_OK)
		{
			ck->r = gai_parse_report(ck->rt.text, ck->rt.len, &hooks);
			analyse(ck);
		}
		else
		{
			ck->skipped = st == RT_SKIPPED;
			if (!o->json)
				fprintf(stderr, "%s: %s: %s\n", progname, ck->name, ck->why);
		}
		if (failed(ck))
			any_failed = true, n_bad++;
		if (o->json)
		{
			fputs(i ? ",\n" : "\n", stdout);
			json_file(stdout, ck);
		}
		else if (!o->quiet)
			text_file(stdout, ck, &to);
		if (!o->html)
		{
			/* nothing more needs it: let go of the text and the reading */
			check_free(ck);
			memset(ck, 0, sizeof *ck);
		}
	}
	if (o->json)
		fputs("\n]\n", stdout);
	if (o->html)
	{
		char	   *tmp = xasprintf("%s.tmp%ld", o->html, (long) getpid());
		FILE	   *f = fopen(tmp, "w");

		if (!f)
		{
			errorf("cannot write %s: %s", tmp, strerror(errno));
			rc = EXIT_USAGE;
		}
		else
		{
			html_page(f, cks, fl.n);
			if (fclose(f) != 0 || rename(tmp, o->html) != 0)
			{
				errorf("cannot write %s: %s", o->html, strerror(errno));
				unlink(tmp);
				rc = EXIT_USAGE;
			}
		}
		free(tmp);
		for (size_t i = 0; i < fl.n; i++)
			check_free(&cks[i]);
	}
	if (!o->json && !o->quiet && fl.n > 1)
		fprintf(stderr, "%s: checked %zu files: %zu ok, %zu not ok\n", progname, fl.n, fl.n - n_bad, n_bad);
	fflush(stdout);
	free(cks);
	decoder_free(dec);
	files_free(&fl);
	if (rc != EXIT_OK)
		return rc;
	return any_failed ? EXIT_SOME_FAILED : EXIT_OK;
}
