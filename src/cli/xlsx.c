/*
 * xlsx.c — `gaireport export --xlsx FILE [VIEW...]`: gaireport's views as one
 * Excel workbook (libxlsxwriter), a sheet per view.
 *
 * Each sheet: a header row "中文列名 (column_name)" from gai_captions, the
 * column's English description as the header cell's note, then the rows in
 * the view's key order; numbers as numbers (rates formatted as percentages),
 * booleans as booleans, dates as dates, everything else as text.  A text
 * longer than a cell holds (32,767 characters) is cut, with "…" at its end,
 * and counted in a warning.  The file appears only once complete.
 *
 * Built without libxlsxwriter (no pkg-config xlsxwriter), the command says
 * that xlsx is unavailable and how to get it.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef HAVE_XLSXWRITER

int
cmd_export_xlsx(const export_opts *o)
{
	(void) o;
	errorf("this gaireport was built without libxlsxwriter, so --xlsx is unavailable: "
		   "install it (Debian: apt-get install libxlsxwriter-dev) and build again, "
		   "or export CSV for Excel with --csv --bom");
	return EXIT_USAGE;
}

#else

#include <xlsxwriter.h>

#define XLSX_STR_MAX 32767		/* characters in one cell */

/* the extension's views (default of --xlsx): aggregate views first, then the others */
static char **
all_views(PGconn *conn)
{
	PGresult   *res = PQexec(conn,
							 "SELECT c.relname FROM pg_catalog.pg_class c "
							 "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
							 "  AND d.objid = c.oid AND d.deptype = 'e' "
							 "JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'gaireport' "
							 "WHERE c.relkind IN ('v', 'm') "
							 "ORDER BY c.relkind = 'm' DESC, "
							 "  pg_catalog.array_position(ARRAY['gai_requests_yearly', 'gai_requests_by_agency', "
							 "    'gai_denial_reasons', 'gai_appeals_yearly', 'gai_active_yearly', 'gai_quality_yearly', "
							 "    'gai_reports', 'gai_request_rows', 'gai_cells']::pg_catalog.name[], c.relname), c.relname");
	char	  **v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fatalf("cannot list gaireport's views: %s", db_error_line(res));
	v = xmalloc(sizeof(char *) * ((size_t) PQntuples(res) + 1));
	for (int i = 0; i < PQntuples(res); i++)
		v[i] = xstrdup(PQgetvalue(res, i, 0));
	v[PQntuples(res)] = NULL;
	PQclear(res);
	return v;
}

typedef enum
{
	K_TEXT, K_NUMBER, K_BOOL, K_DATE
} kind;

static kind
column_kind(Oid t)
{
	/* money prints with its currency sign: text, not a number */
	if (numeric_type(t) && t != 790)
		return K_NUMBER;
	if (t == 16)				/* bool */
		return K_BOOL;
	if (t == 1082)				/* date */
		return K_DATE;
	return K_TEXT;
}

static bool
rate_column(const char *name)
{
	size_t		n = strlen(name);

	return strcmp(name, "share") == 0 || (n > 5 && strcmp(name + n - 5, "_rate") == 0);
}

/*
 * UTF-8 text s of more than max characters: its first max - 1 and "…",
 * malloc'd; NULL when s has at most max characters.
 */
static char *
cut_text(const char *s, size_t max)
{
	size_t		chars = 0,
				keep = 0;
	char	   *r;

	for (size_t i = 0; s[i]; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
		{
			if (chars == max - 1)
				keep = i;
			chars++;
		}
	if (chars <= max)
		return NULL;
	r = xmalloc(keep + sizeof "…");
	memcpy(r, s, keep);
	memcpy(r + keep, "…", sizeof "…");
	return r;
}

/* the workbook being written, removed if the command exits before it is complete */
static char *partial_file;

static void
remove_partial(void)
{
	if (partial_file)
		unlink(partial_file);
}

static void
check(lxw_error e, const char *file, const char *what)
{
	if (e != LXW_NO_ERROR)
		fatalf("cannot write %s (%s): %s", file, what, lxw_strerror(e));
}

/* one view into one worksheet; returns the rows written */
static long
write_sheet(PGconn *conn, lxw_workbook *wb, const char *schema, const char *view,
			const char *file, lxw_format *head_fmt, lxw_format *pct_fmt, lxw_format *date_fmt)
{
	char	   *order;
	char	   *ident = PQescapeIdentifier(conn, view, strlen(view));
	const char *params[1] = {view};
	char	   *sql,
			   *capsql;
	PGresult   *caps,
			   *res;
	lxw_worksheet *ws;
	int			nf = 0;
	kind	   *kinds = NULL;
	double	   *widths = NULL;
	long		row = 0,
				cut = 0,
				dropped = 0;
	lxw_comment_options copt = {.width = 360, .height = 120};

	if (!ident)
		fatalf("%s", PQerrorMessage(conn));
	(void) export_lookup(conn, view, &order);

	/* captions: gai_captions where it has the column, else the column's name and comment */
	capsql = xasprintf("SELECT a.attname, k.caption_zh, "
					   "  coalesce(k.comment_en, pg_catalog.col_description(a.attrelid, a.attnum)) "
					   "FROM pg_catalog.pg_attribute a "
					   "LEFT JOIN %s.gai_captions k ON k.view_name = $1 AND k.column_name = a.attname "
					   "WHERE a.attrelid = '%s.%s'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped "
					   "ORDER BY a.attnum", schema, schema, ident);
	caps = PQexecParams(conn, capsql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(caps) != PGRES_TUPLES_OK)
		fatalf("cannot read the captions of %s: %s", view, db_error_line(caps));

	ws = workbook_add_worksheet(wb, view);
	if (!ws)
		fatalf("cannot add the sheet %s to %s", view, file);

	sql = xasprintf("SELECT * FROM %s.%s%s", schema, ident, order);
	if (!PQsendQuery(conn, sql) || !PQsetSingleRowMode(conn))
		fatalf("cannot export %s: %s", view, PQerrorMessage(conn));
	while ((res = PQgetResult(conn)) != NULL)
	{
		ExecStatusType st = PQresultStatus(res);

		if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK)
			fatalf("cannot export %s: %s", view, db_error_line(res));
		if (!kinds)
		{
			/* the header row, once the columns are known */
			nf = PQnfields(res);
			kinds = xmalloc(sizeof(kind) * (size_t) (nf ? nf : 1));
			widths = xmalloc(sizeof(double) * (size_t) (nf ? nf : 1));
			for (int j = 0; j < nf; j++)
			{
				const char *name = PQfname(res, j);
				const char *zh = NULL,
						   *en = NULL;
				char	   *h;

				for (int k = 0; k < PQntuples(caps); k++)
					if (strcmp(PQgetvalue(caps, k, 0), name) == 0)
					{
						zh = PQgetisnull(caps, k, 1) ? NULL : PQgetvalue(caps, k, 1);
						en = PQgetisnull(caps, k, 2) ? NULL : PQgetvalue(caps, k, 2);
						break;
					}
				h = zh ? xasprintf("%s (%s)", zh, name) : xstrdup(name);
				kinds[j] = column_kind(PQftype(res, j));
				check(worksheet_write_string(ws, 0, (lxw_col_t) j, h, head_fmt), file, view);
				if (en && *en)
					check(worksheet_write_comment_opt(ws, 0, (lxw_col_t) j, en, &copt), file, view);
				widths[j] = utf8_width(h) * 1.1 + 2;
				if (widths[j] < 10)
					widths[j] = 10;
				if (widths[j] > 40)
					widths[j] = 40;
				free(h);
			}
			row = 1;
		}
		for (int i = 0; i < PQntuples(res); i++, row++)
		{
			if (row >= LXW_ROW_MAX)
			{
				dropped++;
				continue;
			}
			for (int j = 0; j < nf; j++)
			{
				const char *v = PQgetvalue(res, i, j);
				lxw_col_t	c = (lxw_col_t) j;

				if (PQgetisnull(res, i, j))
					continue;
				switch (kinds[j])
				{
					case K_NUMBER:
						{
							char	   *end;
							double		d = strtod(v, &end);

							if (*end == '\0' && *v)
							{
								check(worksheet_write_number(ws, (lxw_row_t) row, c, d,
															 rate_column(PQfname(res, j)) ? pct_fmt : NULL), file, view);
								break;
							}
							check(worksheet_write_string(ws, (lxw_row_t) row, c, v, NULL), file, view);	/* NaN */
							break;
						}
					case K_BOOL:
						check(worksheet_write_boolean(ws, (lxw_row_t) row, c, v[0] == 't', NULL), file, view);
						break;
					case K_DATE:
						{
							lxw_datetime dt = {0};

							if (sscanf(v, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day) == 3 && dt.year >= 1900)
								check(worksheet_write_datetime(ws, (lxw_row_t) row, c, &dt, date_fmt), file, view);
							else
								check(worksheet_write_string(ws, (lxw_row_t) row, c, v, NULL), file, view);
							break;
						}
					default:
						{
							char	   *short_v = cut_text(v, XLSX_STR_MAX);

							if (short_v)
								cut++;
							check(worksheet_write_string(ws, (lxw_row_t) row, c, short_v ? short_v : v, NULL),
								  file, view);
							free(short_v);
						}
				}
			}
		}
		PQclear(res);
	}
	if (kinds)
	{
		for (int j = 0; j < nf; j++)
			worksheet_set_column(ws, (lxw_col_t) j, (lxw_col_t) j, widths[j], NULL);
		worksheet_freeze_panes(ws, 1, 0);
		if (nf > 0)
			worksheet_autofilter(ws, 0, 0, (lxw_row_t) (row > 1 ? row - 1 : 0), (lxw_col_t) (nf - 1));
	}
	if (cut)
		errorf("%s: %ld texts longer than a spreadsheet cell holds (%d characters) were cut, ending in \"…\"",
			   view, cut, XLSX_STR_MAX);
	if (dropped)
		errorf("%s: %ld rows past a sheet's %d were left out (export it with --csv)", view, dropped, LXW_ROW_MAX - 1);
	PQclear(caps);
	free(kinds);
	free(widths);
	free(capsql);
	free(sql);
	free(order);
	PQfreemem(ident);
	return row > 0 ? row - 1 - dropped : 0;
}

int
cmd_export_xlsx(const export_opts *o)
{
	db_target	t = {.db = o->db, .create = false, .verbose = true};
	char	   *ci = db_conninfo(&t);
	PGconn	   *conn = db_connect(ci, &t);
	char	   *schema = db_schema(conn, &t);
	char	  **views = o->views;
	char	  **owned = NULL;
	bool		refresh = false;
	int			fd;
	char	   *tmp;
	lxw_workbook_options wopt = {.constant_memory = 1};
	lxw_workbook *wb;
	lxw_format *head_fmt,
			   *pct_fmt,
			   *date_fmt;
	lxw_error	e;
	int			nsheets = 0;

	if (!views)
		views = owned = all_views(conn);
	/* every name must be one of gaireport's views or tables (else: exit, listing them) */
	for (int i = 0; views[i]; i++)
	{
		char	   *order;

		if (export_lookup(conn, views[i], &order) == 'm')
			refresh = true;
		free(order);
		if (strlen(views[i]) > LXW_SHEETNAME_MAX)
			fatalf("%s: a sheet name holds at most %d characters", views[i], LXW_SHEETNAME_MAX);
		for (int k = 0; k < i; k++)
			if (strcmp(views[k], views[i]) == 0)
				fatalf("%s is named twice", views[i]);
	}
	if (refresh && o->refresh)
	{
		char	   *r = xasprintf("SELECT %s.gai_refresh()", schema);

		db_exec(conn, r);
		free(r);
	}
	db_exec(conn, "SET datestyle = ISO");

	tmp = export_tmpfile(o->xlsx, &fd);
	close(fd);
	partial_file = tmp;
	atexit(remove_partial);
	wb = workbook_new_opt(tmp, &wopt);
	if (!wb)
		fatalf("cannot write %s", o->xlsx);
	head_fmt = workbook_add_format(wb);
	format_set_bold(head_fmt);
	format_set_bg_color(head_fmt, 0xDDEBF7);
	pct_fmt = workbook_add_format(wb);
	format_set_num_format(pct_fmt, "0.0%");
	date_fmt = workbook_add_format(wb);
	format_set_num_format(date_fmt, "yyyy-mm-dd");

	for (int i = 0; views[i]; i++, nsheets++)
		write_sheet(conn, wb, schema, views[i], o->xlsx, head_fmt, pct_fmt, date_fmt);

	e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		fatalf("cannot write %s: %s", o->xlsx, lxw_strerror(e));
	if (rename(tmp, o->xlsx) != 0)
		fatalf("cannot write %s: %s", o->xlsx, strerror(errno));
	partial_file = NULL;
	if (owned)
	{
		for (int i = 0; owned[i]; i++)
			free(owned[i]);
		free(owned);
	}
	free(tmp);
	PQfinish(conn);
	free(schema);
	free(ci);
	return EXIT_OK;
}

#endif
