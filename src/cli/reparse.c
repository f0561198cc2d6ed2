/*
 * reparse.c — `gaireport reparse`: the stored texts read again by the
 * installed parser.
 *
 * Calls gai_reparse() once per batch, each call in a transaction of its own
 * (autocommit), so an interrupted run keeps what it has read and a second
 * run goes on where the first stopped: without --all it takes the versions
 * whose parser differs from gai_parser(), which the batches done no longer
 * are; with --all the versions read before the run began (read_before).
 * Ctrl-C cancels the batch in progress (PQcancel from the signal handler).
 * The server's NOTICEs per batch are left out; the progress is our own.
 */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static PGcancel *volatile cancel_conn;
static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	char		buf[256];

	(void) sig;
	interrupted = 1;
	if (cancel_conn)
		(void) PQcancel(cancel_conn, buf, sizeof buf);
}

static long long
ll(const PGresult *res, int col)
{
	return strtoll(PQgetvalue(res, 0, col), NULL, 10);
}

int
cmd_reparse(const reparse_opts *o)
{
	db_target	t = {.db = o->db, .create = true, .verbose = !o->quiet};
	char	   *conninfo = db_conninfo(&t);
	PGconn	   *conn = db_connect(conninfo, &t);
	char	   *schema = db_schema(conn, &t);
	bool		tty = isatty(2);
	bool		progress = !o->quiet && (o->progress == 1 || (o->progress == -1 && tty));
	char		batch[16];
	char	   *since = NULL,
			   *parser,
			   *sql;
	const char *params[3];
	long long	total,
				read = 0,
				changed = 0,
				moved = 0,
				current = 0,
				left = 0;
	double		t0 = now_seconds(),
				dt;
	int			rc = EXIT_OK;
	PGresult   *res;
	struct sigaction sa,
				old_sa;

	/* the server says per batch what we show ourselves */
	db_exec(conn, "SET client_min_messages = warning");
	sql = xasprintf("SELECT %s.gai_parser(), pg_catalog.now()::pg_catalog.text", schema);
	res = PQexec(conn, sql);
	free(sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fatalf("cannot ask for the parser version: %s", db_error_line(res));
	parser = xstrdup(PQgetvalue(res, 0, 0));
	if (o->every)
		since = xstrdup(PQgetvalue(res, 0, 1));
	PQclear(res);

	params[0] = since;
	sql = o->every
		? xasprintf("SELECT pg_catalog.count(*) FROM %s.gai_versions WHERE parsed_at < $1::pg_catalog.timestamptz", schema)
		: xasprintf("SELECT pg_catalog.count(*) FROM %s.gai_versions WHERE parser <> %s.gai_parser()", schema, schema);
	res = PQexecParams(conn, sql, o->every ? 1 : 0, NULL, params, NULL, NULL, 0);
	free(sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fatalf("cannot count the versions to read: %s", db_error_line(res));
	total = ll(res, 0);
	PQclear(res);

	cancel_conn = PQgetCancel(conn);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);

	snprintf(batch, sizeof batch, "%d", o->batch);
	params[0] = o->every ? "true" : "false";
	params[1] = batch;
	params[2] = since;
	sql = xasprintf("SELECT versions_read, readings_changed, moved, current_changed, remaining "
					"FROM %s.gai_reparse(every => $1::pg_catalog.bool, batch_size => $2::pg_catalog.int4, "
					"max_versions => $2::pg_catalog.int8, read_before => $3::pg_catalog.timestamptz)", schema);
	while (!interrupted)
	{
		long long	got;

		res = PQexecParams(conn, sql, 3, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
		{
			const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

			if (interrupted || (state && strcmp(state, "57014") == 0))
			{
				interrupted = 1;
				PQclear(res);
				break;
			}
			fatalf("gai_reparse() failed after %lld versions: %s", read, db_error_line(res));
		}
		got = ll(res, 0);
		read += got;
		changed += ll(res, 1);
		moved += ll(res, 2);
		current += ll(res, 3);
		left = ll(res, 4);
		PQclear(res);
		if (progress)
		{
			dt = now_seconds() - t0;
			fprintf(stderr, "%sreparse: %lld/%lld versions read, %lld changed, %.0f/s%s",
					tty ? "\r\033[K" : "", read, total, changed, dt > 0 ? read / dt : 0.0, tty ? "" : "\n");
			fflush(stderr);
		}
		if (left == 0 || got == 0)
			break;
	}
	free(sql);
	sigaction(SIGINT, &old_sa, NULL);
	PQfreeCancel(cancel_conn);
	cancel_conn = NULL;
	if (progress && tty)
		fputs("\r\033[K", stderr);
	dt = now_seconds() - t0;

	if (!interrupted && o->refresh)
	{
		sql = xasprintf("SELECT %s.gai_refresh()", schema);
		db_exec(conn, sql);
		free(sql);
	}
	if (!o->quiet || interrupted)
	{
		fprintf(stderr, "%s: reparse %s: %lld version%s read by parser %s in %.1f s: %lld reading%s changed, "
				"%lld moved to another report, %lld current version%s changed",
				progname, interrupted ? "interrupted" : "done", read, read == 1 ? "" : "s", parser, dt,
				changed, changed == 1 ? "" : "s", moved, current, current == 1 ? "" : "s");
		if (interrupted && o->every)
			fprintf(stderr, "; %lld left (the batch in progress was cancelled); what was read stays read, and "
					"`gaireport reparse` goes on with the versions of other parsers (--all again reads every "
					"version again)\n", total - read > 0 ? total - read : 0);
		else if (interrupted)
			fprintf(stderr, "; %lld left (the batch in progress was cancelled): run it again to go on\n",
					total - read > 0 ? total - read : 0);
		else
			fprintf(stderr, "%s\n", o->refresh ? "; views refreshed" : "");
	}
	if (interrupted)
		rc = EXIT_SOME_FAILED;
	free(since);
	free(parser);
	free(schema);
	free(conninfo);
	PQfinish(conn);
	return rc;
}
