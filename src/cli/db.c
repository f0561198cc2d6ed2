/*
 * db.c — where to connect (--db, or the embedded cluster), connecting, the
 * extension's schema, and error messages of results.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

char *
db_conninfo(const db_target *t)
{
	cluster		c;
	char	   *ci;

	if (t->db)
		return xstrdup(t->db);
	cluster_locate(&c);
	cluster_ensure(&c, t->create, t->verbose);
	ci = cluster_conninfo(&c);
	cluster_free(&c);
	return ci;
}

static void
chomp(char *s)
{
	size_t		n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

PGconn *
db_connect(const char *conninfo, const db_target *t)
{
	const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
	const char *const vals[] = {conninfo, "gaireport", "UTF8", NULL};
	PGconn	   *conn = PQconnectdbParams(keys, vals, 1);

	if (!conn)
		fatalf("out of memory");
	if (PQstatus(conn) != CONNECTION_OK)
	{
		char	   *msg = xstrdup(PQerrorMessage(conn));

		chomp(msg);
		if (t->db)
			fatalf("cannot connect to --db \"%s\": %s\n"
				   "  --db takes a libpq connection string or URI, e.g. --db \"host=/var/run/postgresql dbname=reports\" "
				   "or --db postgresql://user@host/reports; without --db an embedded cluster is used", t->db, msg);
		fatalf("cannot connect to the embedded cluster: %s\n  `gaireport status` says where it is; `gaireport stop` "
			   "then a new command restarts it", msg);
	}
	return conn;
}

char *
db_schema(PGconn *conn, const db_target *t)
{
	PGresult   *res = PQexec(conn,
							 "SELECT e.extnamespace::pg_catalog.regnamespace::text, e.extversion, "
							 "  EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.relnamespace = e.extnamespace "
							 "          AND c.relname = 'gai_versions'), pg_catalog.current_database() "
							 "FROM pg_catalog.pg_extension e WHERE e.extname = 'gaireport'");
	char	   *schema;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fatalf("cannot look up the gaireport extension: %s", PQerrorMessage(conn));
	if (PQntuples(res) == 0)
	{
		PGresult   *db = PQexec(conn, "SELECT pg_catalog.current_database()");

		fatalf("the gaireport extension is not installed in database \"%s\": run CREATE EXTENSION gaireport; "
			   "there (as a superuser), or leave out --db to use the embedded cluster",
			   PQresultStatus(db) == PGRES_TUPLES_OK ? PQgetvalue(db, 0, 0) : "?");
	}
	if (strcmp(PQgetvalue(res, 0, 2), "t") != 0)
		fatalf("database \"%s\" has gaireport %s, whose store keeps no versions (no gai_versions): "
			   "run ALTER EXTENSION gaireport UPDATE; (as a superuser) there",
			   PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 1));
	(void) t;
	schema = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return schema;
}

void
db_exec(PGconn *conn, const char *sql)
{
	PGresult   *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
	{
		char	   *msg = db_error_line(res);

		fatalf("%s: %s", sql, msg);
	}
	PQclear(res);
}

char *
db_error_line(const PGresult *res)
{
	const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	char	   *s;

	if (!primary)
		s = xstrdup(PQresultErrorMessage(res));
	else if (detail)
		s = xasprintf("%s (%s)", primary, detail);
	else
		s = xstrdup(primary);
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	chomp(s);
	return s;
}
