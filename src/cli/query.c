/*
 * query.c — `gaireport stats` (the yearly views, or any, as aligned text;
 * rates as percentages) and `gaireport export --csv VIEW` (one of
 * gaireport's views or tables, CSV with a header line, streamed with COPY;
 * --bom for Excel).  `export --xlsx`: xlsx.c.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const yearly_views[] = {
	"gai_requests_yearly", "gai_appeals_yearly", "gai_quality_yearly", NULL
};

/* stats --all: every aggregate view, in the order of gai_refresh() */
static const char *const aggregate_views[] = {
	"gai_requests_yearly", "gai_requests_by_agency", "gai_denial_reasons",
	"gai_appeals_yearly", "gai_active_yearly", "gai_quality_yearly", NULL
};

/* a rate column (disclosure_rate, ..._correction_rate, share): shown as a percentage */
static bool
rate_column(const char *name)
{
	size_t		n = strlen(name);

	return strcmp(name, "share") == 0 || (n > 5 && strcmp(name + n - 5, "_rate") == 0);
}

/*
 * A value as printed: a rate 0.3231 as 32.3%, everything else as the server
 * gives it.  The result is valid until the next call.
 */
static const char *
shown(const PGresult *res, int i, int j)
{
	static char buf[64];
	const char *v = PQgetvalue(res, i, j);
	char	   *end;
	double		d;

	if (!*v || !rate_column(PQfname(res, j)))
		return v;
	d = strtod(v, &end);
	if (*end)
		return v;
	snprintf(buf, sizeof buf, "%.1f%%", d * 100.0);
	return buf;
}

/* A number type (psql aligns them to the right; the xlsx export writes them as numbers). */
bool
numeric_type(Oid t)
{
	switch (t)
	{
		case 20:				/* int8 */
		case 21:				/* int2 */
		case 23:				/* int4 */
		case 26:				/* oid */
		case 700:				/* float4 */
		case 701:				/* float8 */
		case 790:				/* money */
		case 1700:				/* numeric */
			return true;
		default:
			return false;
	}
}

static int
terminal_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (c && atoi(c) > 0)
		return atoi(c);
	return 80;
}

static void
pad(strbuf *sb, int n)
{
	for (int i = 0; i < n; i++)
		sb_append(sb, " ", 1);
}

static void
cell(strbuf *sb, const char *v, int width, bool right)
{
	int			w = utf8_width(v);

	if (right)
		pad(sb, width - w);
	sb_puts(sb, v);
	if (!right)
		pad(sb, width - w);
}

/* psql's aligned format: centred headers, " | " between columns, "(N rows)" */
static void
format_rows(strbuf *sb, const PGresult *res)
{
	int			nf = PQnfields(res),
				nt = PQntuples(res);
	int		   *w = xmalloc(sizeof(int) * (size_t) (nf ? nf : 1));

	for (int j = 0; j < nf; j++)
	{
		w[j] = utf8_width(PQfname(res, j));
		for (int i = 0; i < nt; i++)
		{
			int			cw = utf8_width(shown(res, i, j));

			if (cw > w[j])
				w[j] = cw;
		}
	}
	for (int j = 0; j < nf; j++)
	{
		int			hw = utf8_width(PQfname(res, j)),
					left = (w[j] - hw) / 2;

		sb_puts(sb, j ? " | " : " ");
		pad(sb, left);
		sb_puts(sb, PQfname(res, j));
		if (j < nf - 1)
			pad(sb, w[j] - hw - left);
	}
	sb_puts(sb, "\n");
	for (int j = 0; j < nf; j++)
	{
		sb_puts(sb, j ? "-+-" : "-");
		for (int k = 0; k < w[j]; k++)
			sb_append(sb, "-", 1);
	}
	sb_puts(sb, "-\n");
	for (int i = 0; i < nt; i++)
	{
		for (int j = 0; j < nf; j++)
		{
			bool		right = numeric_type(PQftype(res, j));

			sb_puts(sb, j ? " | " : " ");
			if (j == nf - 1 && !right)
				sb_puts(sb, shown(res, i, j));
			else
				cell(sb, shown(res, i, j), w[j], right);
		}
		sb_puts(sb, "\n");
	}
	sb_printf(sb, "(%d row%s)\n", nt, nt == 1 ? "" : "s");
	free(w);
}

/*
 * One column per row of the view, one line per measure: the key columns
 * (those before "reports") head the columns.  For wide views on a terminal.
 */
static void
format_transposed(strbuf *sb, const PGresult *res)
{
	int			nf = PQnfields(res),
				nt = PQntuples(res),
				nkeys = 1,
				lw = 0;
	int		   *w = xmalloc(sizeof(int) * (size_t) (nt ? nt : 1));

	for (int j = 1; j < nf; j++)
		if (strcmp(PQfname(res, j), "reports") == 0)
		{
			nkeys = j;
			break;
		}
	for (int j = 0; j < nf; j++)
		if (utf8_width(PQfname(res, j)) > lw)
			lw = utf8_width(PQfname(res, j));
	for (int i = 0; i < nt; i++)
	{
		w[i] = 0;
		for (int j = 0; j < nf; j++)
			if (utf8_width(shown(res, i, j)) > w[i])
				w[i] = utf8_width(shown(res, i, j));
	}
	for (int j = 0; j < nf; j++)
	{
		if (j == nkeys)
		{
			sb_puts(sb, "-");
			for (int k = 0; k < lw; k++)
				sb_append(sb, "-", 1);
			for (int i = 0; i < nt; i++)
			{
				sb_puts(sb, "-+-");
				for (int k = 0; k < w[i]; k++)
					sb_append(sb, "-", 1);
			}
			sb_puts(sb, "-\n");
		}
		sb_puts(sb, " ");
		cell(sb, PQfname(res, j), lw, false);
		for (int i = 0; i < nt; i++)
		{
			sb_puts(sb, " | ");
			cell(sb, shown(res, i, j), w[i], true);
		}
		sb_puts(sb, "\n");
	}
	sb_printf(sb, "(%d row%s, shown as columns)\n", nt, nt == 1 ? "" : "s");
	free(w);
}

static int
widest_line(const char *s)
{
	int			best = 0;

	while (*s)
	{
		const char *e = strchr(s, '\n');
		char	   *line = e ? strndup(s, (size_t) (e - s)) : xstrdup(s);
		int			w = utf8_width(line);

		free(line);
		if (w > best)
			best = w;
		if (!e)
			break;
		s = e + 1;
	}
	return best;
}

int
cmd_stats(const stats_opts *o)
{
	db_target	t = {.db = o->db, .create = false, .verbose = true};
	char	   *ci = db_conninfo(&t);
	PGconn	   *conn = db_connect(ci, &t);
	char	   *schema = db_schema(conn, &t);
	bool		tty = isatty(1);
	int			width = terminal_width();
	bool		empty = true;
	const char *const *views = o->views ? (const char *const *) o->views : o->all ? aggregate_views : yearly_views;

	if (o->refresh)
	{
		char	   *sql = xasprintf("SELECT %s.gai_refresh()", schema);

		db_exec(conn, sql);
		free(sql);
	}
	for (int v = 0; views[v]; v++)
	{
		char	   *order = NULL;
		char		kind = export_lookup(conn, views[v], &order);	/* exits unless gaireport's */
		char	   *ident = PQescapeIdentifier(conn, views[v], strlen(views[v]));
		char	   *sql = xasprintf("SELECT * FROM %s.%s%s", schema, ident, order);
		char	   *csql = xasprintf("SELECT pg_catalog.obj_description('%s.%s'::pg_catalog.regclass, 'pg_class')",
									 schema, ident);
		PGresult   *res = PQexec(conn, sql);
		PGresult   *cres = PQexec(conn, csql);
		strbuf		rows;

		(void) kind;
		PQfreemem(ident);
		free(order);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			fatalf("%s: %s", views[v], db_error_line(res));
		if (PQntuples(res) > 0)
			empty = false;
		sb_init(&rows);
		format_rows(&rows, res);
		printf("%s%s", v ? "\n" : "", views[v]);
		if (PQresultStatus(cres) == PGRES_TUPLES_OK && !PQgetisnull(cres, 0, 0))
			printf(" — %s", PQgetvalue(cres, 0, 0));
		printf("\n");
		if (PQntuples(res) > 0 && (o->layout == 2 || (o->layout == 0 && tty && widest_line(rows.data) > width)))
		{
			strbuf		tr;

			sb_init(&tr);
			format_transposed(&tr, res);
			fputs(tr.data, stdout);
			sb_free(&tr);
		}
		else
			fputs(rows.data, stdout);
		sb_free(&rows);
		PQclear(res);
		PQclear(cres);
		free(sql);
		free(csql);
	}
	if (empty)
		printf("\n(no reports with a year yet: gaireport load FILE|DIR%s)\n",
			   o->refresh ? "" : "; or leave out --no-refresh");
	if (fflush(stdout) != 0 || ferror(stdout))
		fatalf("cannot write the output: %s", strerror(errno));
	PQfinish(conn);
	free(schema);
	free(ci);
	return EXIT_OK;
}

/* ------------------------------------------------------------ export */

char
export_lookup(PGconn *conn, const char *name, char **order)
{
	const char *params[1] = {name};
	PGresult   *res;
	char		kind;

	res = PQexecParams(conn,
					   "SELECT c.relkind, coalesce(("
					   "  SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord) "
					   "  FROM (SELECT i.indkey FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisunique "
					   "        ORDER BY i.indisprimary DESC, i.indexrelid LIMIT 1) ix "
					   "  CROSS JOIN LATERAL pg_catalog.unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) "
					   "  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum), '1'), "
					   "  (SELECT pg_catalog.count(*) FROM pg_catalog.pg_attribute a "
					   "   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) "
					   "FROM pg_catalog.pg_class c "
					   "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
					   "  AND d.objid = c.oid AND d.deptype = 'e' "
					   "JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'gaireport' "
					   "WHERE c.relname = $1 AND c.relkind IN ('r', 'v', 'm')",
					   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fatalf("cannot look up %s: %s", name, db_error_line(res));
	if (PQntuples(res) == 0)
	{
		PGresult   *all = PQexec(conn,
								 "SELECT pg_catalog.string_agg(c.relname, ', ' ORDER BY c.relname) "
								 "FROM pg_catalog.pg_class c "
								 "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
								 "  AND d.objid = c.oid AND d.deptype = 'e' "
								 "JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'gaireport' "
								 "WHERE c.relkind IN ('r', 'v', 'm')");

		fatalf("\"%s\" is none of gaireport's views and tables; they are: %s", name,
			   PQresultStatus(all) == PGRES_TUPLES_OK ? PQgetvalue(all, 0, 0) : "?");
	}
	kind = PQgetvalue(res, 0, 0)[0];
	/* the key of a table or materialized view; a plain view (gai_cells): its first columns */
	if (kind == 'v')
	{
		int			nc = atoi(PQgetvalue(res, 0, 2));
		strbuf		ob;

		sb_init(&ob);
		for (int i = 1; i <= nc && i <= 4; i++)
			sb_printf(&ob, "%s%d", i == 1 ? " ORDER BY " : ", ", i);
		*order = ob.data ? ob.data : xstrdup("");
	}
	else
		*order = xasprintf(" ORDER BY %s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return kind;
}

char *
export_tmpfile(const char *file, int *fd)
{
	char	   *tmp = xasprintf("%s.XXXXXX", file);
	mode_t		um = umask(0);

	umask(um);
	*fd = mkstemp(tmp);
	if (*fd < 0 || fchmod(*fd, 0666 & ~um) != 0)
		fatalf("cannot write %s: %s", file, strerror(errno));
	return tmp;
}

int
cmd_export(const export_opts *o)
{
	db_target	t = {.db = o->db, .create = false, .verbose = true};
	char	   *ci = db_conninfo(&t);
	PGconn	   *conn = db_connect(ci, &t);
	char	   *schema = db_schema(conn, &t);
	PGresult   *res;
	char	   *ident,
			   *sql,
			   *order;
	char	   *tmp = NULL;
	FILE	   *out = stdout;
	char	   *buf;
	int			n;
	bool		write_failed = false;
	int			write_errno = 0;
	char		kind = export_lookup(conn, o->view, &order);

	if (kind == 'm' && o->refresh)
	{
		char	   *r = xasprintf("SELECT %s.gai_refresh()", schema);

		db_exec(conn, r);
		free(r);
	}

	ident = PQescapeIdentifier(conn, o->view, strlen(o->view));
	if (!ident)
		fatalf("%s", PQerrorMessage(conn));
	sql = xasprintf("COPY (SELECT * FROM %s.%s%s) TO STDOUT WITH (FORMAT csv, HEADER)",
					schema, ident, order);
	PQfreemem(ident);

	if (o->output && strcmp(o->output, "-") != 0)
	{
		int			fd;

		tmp = export_tmpfile(o->output, &fd);
		if (!(out = fdopen(fd, "w")))
			fatalf("cannot write %s: %s", o->output, strerror(errno));
	}

	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_OUT)
	{
		if (tmp)
			unlink(tmp);
		fatalf("cannot export %s: %s", o->view, db_error_line(res));
	}
	PQclear(res);
	/* Excel opens a CSV file as UTF-8 only when it starts with a byte order mark */
	if (o->bom && fwrite("\xEF\xBB\xBF", 1, 3, out) != 3)
	{
		write_failed = true;
		write_errno = errno;
	}
	while ((n = PQgetCopyData(conn, &buf, 0)) > 0)
	{
		if (!write_failed && fwrite(buf, 1, (size_t) n, out) != (size_t) n)
		{
			write_failed = true;
			write_errno = errno;
		}
		PQfreemem(buf);
	}
	res = PQgetResult(conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		if (tmp)
			unlink(tmp);
		fatalf("export of %s failed: %s", o->view, db_error_line(res));
	}
	PQclear(res);
	if (!write_failed && (fflush(out) != 0 || ferror(out)))
	{
		write_failed = true;
		write_errno = errno;
	}
	if (write_failed)
	{
		int			e = write_errno;

		if (tmp)
			unlink(tmp);
		fatalf("cannot write %s: %s", tmp ? o->output : "the output", strerror(e));
	}
	if (tmp)
	{
		if (fclose(out) != 0 || rename(tmp, o->output) != 0)
		{
			unlink(tmp);
			fatalf("cannot write %s: %s", o->output, strerror(errno));
		}
		free(tmp);
	}
	PQfinish(conn);
	free(order);
	free(sql);
	free(schema);
	free(ci);
	return EXIT_OK;
}
