/*
 * load.c — `gaireport load`: report files -> the store (gai_versions).
 *
 * N worker threads, each with its own connection, take files from one
 * sorted list (an atomic cursor).  A worker reads and decodes a file only
 * when it sends it, and lets go of the text as soon as libpq has copied it
 * into its output buffer, so memory stays at the statements in flight.
 *
 * Each report is one statement in its own implicit transaction:
 *
 *   SELECT outcome, is_valid, note FROM s.gai_load($1, $2)
 *
 * followed by a Sync, sent in libpq pipeline mode with up to `window`
 * statements in flight per connection, so the round trips overlap.
 * gai_load() stores the text as a version of its report unless the same
 * text is stored already (then it writes nothing), and says what happened:
 * new_report, new_current (a further version, now the report's current one),
 * new_not_current (kept, but another version is preferred) or stored, with a
 * sentence saying why.  The store's trigger reads the text and chooses the
 * current version under a lock on the report's identity, so concurrent
 * loaders of the same or overlapping files store each text once, lose none
 * and cannot deadlock (one statement takes one such lock); a Sync per
 * statement means a refused report aborts only itself.  A file counts as
 * what gai_load() said only once the Sync's answer confirms the commit,
 * which can still fail after the row came (a deferred constraint or
 * trigger): then it counts as failed.  The sessions run with
 * synchronous_commit off (a crash may lose the last moments of a load, never
 * corrupt it; loading again mends it) and default_toast_compression lz4.
 */
#include "cli.h"
#include "docx.h"
#include "filetype.h"
#include "pdf.h"
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_WINDOW 64
#define STMT_NAME "gaireport_load"

typedef struct
{
	const load_opts *o;
	const file_list *fl;

	atomic_size_t next;			/* next file to hand out */
	atomic_size_t done;			/* files finished (loaded or failed) */
	atomic_size_t n_new,		/* new reports */
				n_current,		/* further versions, now current */
				n_not_current,	/* further versions, kept */
				n_stored,		/* texts stored already */
				n_failed,
				n_skipped,		/* left out by rule: links not followed, loops */
				n_pdf,			/* read through pdftotext -tsv */
				n_docx,			/* read through the DOCX converter */
				n_invalid,
				n_gb18030,
				n_utf16,
				n_unanswered;	/* sent when the connection was lost */
	atomic_bool abort;			/* a connection was lost: hand out nothing more */

	pthread_mutex_t out_lock;	/* stderr: failure lines and the progress line; running */
	pthread_cond_t finished;	/* a worker is done */
	int			running;		/* workers not done */
	bool		progress;
	bool		progress_tty;
	bool		progress_shown; /* a \r progress line is on the terminal */
	char	   *lost_msg;		/* first connection loss */
	char	   *cwd;			/* for the source column: absolute paths */
} load_state;

/* what the server answered for a statement, counted once its Sync confirms the commit */
typedef enum
{
	ANS_NONE,					/* nothing yet */
	ANS_NEW,					/* new_report */
	ANS_CURRENT,				/* new_current */
	ANS_NOT_CURRENT,			/* new_not_current */
	ANS_STORED,					/* stored */
	ANS_FAILED					/* an error: reported and counted already */
} answer;

typedef struct
{
	size_t		idx;
	size_t		bytes;
	answer		ans;
	bool		invalid;		/* the stored text is not a valid report */
	char	   *note;			/* what gai_load() said (malloc'd) */
	bool		gb18030,		/* converted to UTF-8 from */
				utf16;
} inflight;

typedef struct
{
	load_state *s;
	PGconn	   *conn;
	gai_decoder *dec;
	pthread_t	thread;
	inflight   *ring;
	int			cap,
				head,
				count;
	size_t		bytes;
	size_t		max_bytes;		/* what the socket holds: sends then rarely block */
	bool		lost;
} worker;

/* ------------------------------------------------------------ messages */

static void
print_line(load_state *s, const char *line)
{
	pthread_mutex_lock(&s->out_lock);
	if (s->progress_shown)
	{
		fputs("\r\033[K", stderr);
		s->progress_shown = false;
	}
	fputs(line, stderr);
	fflush(stderr);
	pthread_mutex_unlock(&s->out_lock);
}

/* "FILE: msg" for a file not loaded; the name is escaped (escape_name) */
static void
report(load_state *s, size_t idx, const char *msg, bool skipped)
{
	char	   *name = escape_name(s->fl->files[idx].path);
	char	   *line = xasprintf("%s: %s\n", name, msg);

	print_line(s, line);
	free(line);
	free(name);
	atomic_fetch_add(skipped ? &s->n_skipped : &s->n_failed, 1);
	atomic_fetch_add(&s->done, 1);
}

static void
fail(load_state *s, size_t idx, const char *fmt, const char *arg)
{
	char	   *msg = xasprintf(fmt, arg);

	report(s, idx, msg, false);
	free(msg);
}

/* "12 s", "3 min 05 s", "1 h 02 min": how long until the load ends */
static void
format_eta(char *buf, size_t n, double secs)
{
	long		t = (long) (secs + 0.5);

	if (t < 60)
		snprintf(buf, n, "%ld s", t);
	else if (t < 3600)
		snprintf(buf, n, "%ld min %02ld s", t / 60, t % 60);
	else
		snprintf(buf, n, "%ld h %02ld min", t / 3600, (t % 3600) / 60);
}

/*
 * "120/345 files, 56/s, about 4 s left": the ETA from the rate so far, once
 * a second has passed and some file is done (before that the rate says
 * nothing).
 */
static void
show_progress(load_state *s, double t0, bool final)
{
	size_t		done = atomic_load(&s->done);
	double		dt = now_seconds() - t0;
	double		rate = dt > 0 ? (double) done / dt : 0.0;
	char		eta[48] = "";
	char	   *line;

	if (!final && done > 0 && done < s->fl->n && dt >= 1.0)
	{
		char		t[32];

		format_eta(t, sizeof t, (double) (s->fl->n - done) / rate);
		snprintf(eta, sizeof eta, ", about %s left", t);
	}
	if (s->progress_tty)
		line = xasprintf("\r%zu/%zu files, %.0f/s%s\033[K%s", done, s->fl->n, rate, eta,
						 final ? "\r\033[K" : "");
	else
	{
		if (final)
			return;
		line = xasprintf("%zu/%zu files, %.0f/s%s\n", done, s->fl->n, rate, eta);
	}
	pthread_mutex_lock(&s->out_lock);
	fputs(line, stderr);
	fflush(stderr);
	s->progress_shown = s->progress_tty && !final;
	pthread_mutex_unlock(&s->out_lock);
	free(line);
}

/* ------------------------------------------------------------ the pipeline */

static void
lose_connection(worker *w)
{
	load_state *s = w->s;

	if (w->lost)
		return;
	w->lost = true;
	atomic_store(&s->abort, true);
	pthread_mutex_lock(&s->out_lock);
	if (!s->lost_msg)
	{
		s->lost_msg = xstrdup(PQerrorMessage(w->conn));
		s->lost_msg[strcspn(s->lost_msg, "\n")] = '\0';
	}
	pthread_mutex_unlock(&s->out_lock);
	while (w->count > 0)
	{
		inflight   *it = &w->ring[w->head];

		/*
		 * sent, maybe stored: counted apart, not listed.  A statement whose
		 * rows came but whose commit (the Sync) was not confirmed is one.
		 */
		if (it->ans != ANS_FAILED)
			atomic_fetch_add(&s->n_unanswered, 1);
		free(it->note);
		it->note = NULL;
		w->head = (w->head + 1) % w->cap;
		w->count--;
	}
	w->bytes = 0;
}

/* the source column: the absolute path, escaped (escape_name) */
static char *
source_of(const load_state *s, const char *path)
{
	char	   *abs,
			   *src;

	if (path[0] == '/' || !s->cwd)
		abs = xstrdup(path);
	else
	{
		while (path[0] == '.' && path[1] == '/')
		{
			path += 2;
			while (*path == '/')
				path++;
		}
		abs = path_join(s->cwd, path);
	}
	src = escape_name(abs);
	free(abs);
	return src;
}

/* reads, decodes and sends one file; false when nothing was sent */
static bool
send_one(worker *w, size_t idx)
{
	load_state *s = w->s;
	const file_entry *e = &s->fl->files[idx];
	char	   *text,
			   *source,
			   *msg;
	size_t		tlen;
	bool		gb18030,
				utf16;
	const char *params[2];

	{
		/*
		 * Binary containers stay out of the server: a PDF becomes word boxes
		 * (pdftotext -tsv), a .docx a web page of its tables (docx.c); the
		 * stored body is that text, so it can be read again.  A file of a
		 * kind without a reader (.doc, .wps, a picture) gets its line.
		 */
		report_text rt;
		int			rc = report_text_read(e, w->dec, &rt, &msg);

		if (rc != RT_OK)
		{
			report(s, idx, msg, rc == RT_SKIPPED);
			free(msg);
			return false;
		}
		text = rt.text;
		tlen = rt.len;
		if (rt.converted)
		{
			/* the file, its format and the original file's hash */
			char	   *name = source_of(s, e->path);

			source = xasprintf("%s (%s, sha256:%s)", name, rt.filetype, rt.sha256);
			free(name);
			atomic_fetch_add(strcmp(rt.filetype, "pdf") == 0 ? &s->n_pdf : &s->n_docx, 1);
		}
		else
			source = source_of(s, e->path);
		gb18030 = rt.gb18030;
		utf16 = rt.utf16;
	}
	params[0] = source;
	params[1] = text;
	if (!PQsendQueryPrepared(w->conn, STMT_NAME, 2, params, NULL, NULL, 0) ||
		!PQpipelineSync(w->conn))
	{
		free(source);
		free(text);
		/* not in flight: it counts with the files not tried */
		lose_connection(w);
		return false;
	}
	/* libpq has copied the parameters into its output buffer */
	free(source);
	free(text);
	{
		inflight   *it = &w->ring[(w->head + w->count) % w->cap];

		it->idx = idx;
		it->bytes = tlen;
		it->ans = ANS_NONE;
		it->invalid = false;
		it->note = NULL;
		it->gb18030 = gb18030;
		it->utf16 = utf16;
		w->count++;
		w->bytes += tlen;
	}
	return true;
}

/* "FILE: what gai_load() said" on stdout */
static void
say(load_state *s, size_t idx, const char *note)
{
	char	   *name = escape_name(s->fl->files[idx].path);

	pthread_mutex_lock(&s->out_lock);
	if (s->progress_shown)
	{
		fputs("\r\033[K", stderr);
		s->progress_shown = false;
	}
	printf("%s: %s\n", name, note);
	fflush(stdout);
	pthread_mutex_unlock(&s->out_lock);
	free(name);
}

/*
 * One result of the statement at the head of the ring.  The statement runs
 * in its own implicit transaction, committed at its Sync: the row returned
 * only says what the statement did, and the commit can still fail (a
 * deferred constraint or trigger, a serialization failure, ...; an error
 * then comes before PGRES_PIPELINE_SYNC).  So the file is counted as what
 * gai_load() said only at PGRES_PIPELINE_SYNC, the server's ReadyForQuery
 * after a successful commit; an error at any point makes it failed, with the
 * error's line.
 */
static void
take_result(worker *w, PGresult *res)
{
	load_state *s = w->s;
	inflight   *it = &w->ring[w->head];

	if (w->count == 0)
	{
		PQclear(res);
		return;
	}
	switch (PQresultStatus(res))
	{
		case PGRES_TUPLES_OK:
			if (it->ans == ANS_FAILED)
				break;
			if (PQntuples(res) != 1)
			{
				it->ans = ANS_FAILED;
				fail(s, it->idx, "not stored: gai_load() returned no row%s", "");
				break;
			}
			{
				const char *o = PQgetvalue(res, 0, 0);

				it->invalid = strcmp(PQgetvalue(res, 0, 1), "t") != 0;
				free(it->note);
				it->note = xstrdup(PQgetvalue(res, 0, 2));
				if (strcmp(o, "new_report") == 0)
					it->ans = ANS_NEW;
				else if (strcmp(o, "new_current") == 0)
					it->ans = ANS_CURRENT;
				else if (strcmp(o, "new_not_current") == 0)
					it->ans = ANS_NOT_CURRENT;
				else if (strcmp(o, "stored") == 0)
					it->ans = ANS_STORED;
				else
				{
					/* "skipped": a trigger of the site's own left the row out */
					it->ans = ANS_FAILED;
					fail(s, it->idx, "%s", it->note);
				}
			}
			break;
		case PGRES_FATAL_ERROR:
			{
				const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
				char	   *msg = db_error_line(res);

				if (it->ans == ANS_FAILED)
				{
					free(msg);
					break;		/* reported already */
				}
				it->ans = ANS_FAILED;
				if (state && strcmp(state, "23514") == 0)
					fail(s, it->idx, "refused: %s", msg);
				else
				{
					char	   *m = xasprintf("not stored: %s [SQLSTATE %s]", msg, state ? state : "?");

					fail(s, it->idx, "%s", m);
					free(m);
				}
				free(msg);
				break;
			}
		case PGRES_PIPELINE_SYNC:
			/* committed: now the file counts */
			switch (it->ans)
			{
				case ANS_NEW:
				case ANS_CURRENT:
				case ANS_NOT_CURRENT:
				case ANS_STORED:
					atomic_fetch_add(it->ans == ANS_NEW ? &s->n_new
									 : it->ans == ANS_CURRENT ? &s->n_current
									 : it->ans == ANS_NOT_CURRENT ? &s->n_not_current : &s->n_stored, 1);
					if (it->ans != ANS_STORED && it->invalid)
						atomic_fetch_add(&s->n_invalid, 1);
					if (it->gb18030 || it->utf16)
						atomic_fetch_add(it->gb18030 ? &s->n_gb18030 : &s->n_utf16, 1);
					/* further versions are findings: said unless --quiet; the rest with --verbose */
					if (s->o->verbose || (!s->o->quiet && (it->ans == ANS_CURRENT || it->ans == ANS_NOT_CURRENT)))
						say(s, it->idx, it->note);
					atomic_fetch_add(&s->done, 1);
					break;
				case ANS_NONE:
					fail(s, it->idx, "not stored: the server sent no answer%s", "");
					break;
				case ANS_FAILED:
					break;
			}
			free(it->note);
			it->note = NULL;
			w->bytes -= it->bytes;
			w->head = (w->head + 1) % w->cap;
			w->count--;
			break;
		case PGRES_PIPELINE_ABORTED:
			if (it->ans != ANS_FAILED)
				fail(s, it->idx, "not stored: the statement was aborted%s", "");
			it->ans = ANS_FAILED;
			break;
		default:
			if (it->ans != ANS_FAILED)
				fail(s, it->idx, "not stored: unexpected answer %s", PQresStatus(PQresultStatus(res)));
			it->ans = ANS_FAILED;
			break;
	}
	PQclear(res);
}

/* takes every answer already received, without waiting; returns the statements finished */
static int
drain(worker *w)
{
	int			before = w->count,
				nulls = 0;

	if (!PQconsumeInput(w->conn))
	{
		lose_connection(w);
		return 0;
	}
	while (w->count > 0 && !PQisBusy(w->conn))
	{
		PGresult   *res = PQgetResult(w->conn);

		if (!res)
		{
			/* the end of one statement's results; two in a row: nothing more yet */
			if (++nulls > 1)
				break;
			continue;
		}
		nulls = 0;
		take_result(w, res);
	}
	if (PQstatus(w->conn) == CONNECTION_BAD)
		lose_connection(w);
	return before - w->count;
}

/*
 * Sends up to `window` statements ahead; then, again and again, takes the
 * answers that have come and sends as many new statements.  libpq runs in
 * blocking mode: when a send would block it reads the server's answers
 * meanwhile, so neither side can wait for the other forever; the window
 * bounds what it buffers.  Waking up for every answer costs as much CPU as
 * a fifth of the server's work on a small machine, so the worker sleeps
 * between rounds for about the time the server takes for 1/8 of the window
 * (adapted as it goes), leaving the rest queued so the server never waits.
 */
static void *
worker_main(void *arg)
{
	worker	   *w = arg;
	load_state *s = w->s;
	const size_t total = s->fl->n;
	bool		no_more = false;
	long		nap_us = 200;

	for (;;)
	{
		int			got,
					full;

		while (!no_more && !w->lost && w->count < w->cap && (w->bytes < w->max_bytes || w->count < 2))
		{
			size_t		idx;

			if (atomic_load(&s->abort))
			{
				no_more = true;
				break;
			}
			idx = atomic_fetch_add(&s->next, 1);
			if (idx >= total)
			{
				no_more = true;
				break;
			}
			send_one(w, idx);
		}
		if (w->lost || w->count == 0)
			break;
		full = w->count;
		got = drain(w);
		if (w->lost)
			break;
		/* the server's queue is getting short: refill it at once */
		if (got > 0 && !no_more && w->count * 2 <= full)
			continue;
		if (got == 0 && nap_us >= 10000)
		{
			/* a slow statement (a large report): wait for its answer */
			struct pollfd p = {.fd = PQsocket(w->conn), .events = POLLIN};

			poll(&p, 1, 1000);
		}
		else
		{
			struct timespec ts = {0, nap_us * 1000};

			nanosleep(&ts, NULL);
		}
		/* aim at a quarter of what is in flight a round */
		if (got * 4 > full && nap_us > 20)
			nap_us = nap_us * 2 / 3;
		else if (got * 8 < full && nap_us < 10000)
			nap_us = nap_us * 5 / 4 + 1;
	}
	pthread_mutex_lock(&s->out_lock);
	s->running--;
	pthread_cond_signal(&s->finished);
	pthread_mutex_unlock(&s->out_lock);
	return NULL;
}

/* ------------------------------------------------------------ setting up */

/*
 * Two connections more than there are CPUs (3..8): with as many as CPUs, a
 * backend runs dry now and then while its client thread waits for the CPU
 * (on 2 cores, 100,000 generated reports: 3 connections ~6,400/s, 2 ~5,100/s;
 * 20,000 reports, four runs each way, alternated: 4 connections faster in
 * every pair, mean 6,056/s against 5,305/s).
 */
static int
default_jobs(void)
{
	long		n = sysconf(_SC_NPROCESSORS_ONLN);

	n = n < 1 ? 3 : n + 2;
	return n > 8 ? 8 : (int) n;
}

static PGconn *
open_session(const char *conninfo, const db_target *t, const load_opts *o, const char *schema_in,
			 char **schema_out)
{
	PGconn	   *conn = db_connect(conninfo, t);
	char	   *schema = schema_in ? xstrdup(schema_in) : db_schema(conn, t);
	char	   *sql;
	PGresult   *res;
	const Oid	types[2] = {25, 25};	/* text, text */

	db_exec(conn, "SET synchronous_commit = off");
	/* violations, warnings, cells: lz4 compresses them at a fraction of pglz's cost (servers built without lz4 refuse: keep pglz) */
	PQclear(PQexec(conn, "SET default_toast_compression = lz4"));
	if (o->reject_invalid)
		db_exec(conn, "SET gaireport.reject_invalid = on");
	sql = xasprintf("SELECT outcome, is_valid, note FROM %s.gai_load($1, $2)", schema);
	res = PQprepare(conn, STMT_NAME, sql, 2, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fatalf("cannot prepare the call of %s.gai_load(): %s", schema, db_error_line(res));
	PQclear(res);
	free(sql);
	if (!PQenterPipelineMode(conn))
		fatalf("cannot enter pipeline mode: %s", PQerrorMessage(conn));
	if (schema_out)
		*schema_out = schema;
	else
		free(schema);
	return conn;
}

/* loads the files over `jobs` connections; returns the seconds it took */
static double
run_workers(load_state *s, const load_opts *o, int jobs)
{
	db_target	t = {.db = o->db, .create = true, .verbose = !o->quiet};
	char	   *conninfo,
			   *schema = NULL;
	worker	   *ws;
	double		t0,
				last = 0,
				dt;

	conninfo = db_conninfo(&t);
	ws = xmalloc(sizeof *ws * (size_t) jobs);
	memset(ws, 0, sizeof *ws * (size_t) jobs);
	for (int i = 0; i < jobs; i++)
	{
		ws[i].s = s;
		ws[i].conn = open_session(conninfo, &t, o, schema, i == 0 ? &schema : NULL);
		ws[i].dec = decoder_new();
		ws[i].cap = o->window > 0 ? o->window : DEFAULT_WINDOW;
		ws[i].ring = xmalloc(sizeof(inflight) * (size_t) ws[i].cap);
		{
			int			sndbuf = 0;
			socklen_t	sl = sizeof sndbuf;

			if (getsockopt(PQsocket(ws[i].conn), SOL_SOCKET, SO_SNDBUF, &sndbuf, &sl) != 0 || sndbuf < 65536)
				sndbuf = 65536;
			ws[i].max_bytes = (size_t) sndbuf / 2;
		}
	}

	t0 = last = now_seconds();
	s->running = jobs;
	for (int i = 0; i < jobs; i++)
	{
		int			e = pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]);

		if (e != 0)
			fatalf("cannot start a loader thread: %s", strerror(e));
	}
	/* the main thread shows progress every half second until the workers are done */
	pthread_mutex_lock(&s->out_lock);
	while (s->running > 0)
	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 500 * 1000 * 1000;
		if (ts.tv_nsec >= 1000 * 1000 * 1000)
		{
			ts.tv_sec++;
			ts.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&s->finished, &s->out_lock, &ts);
		if (s->running > 0 && s->progress && now_seconds() - last >= 0.5)
		{
			pthread_mutex_unlock(&s->out_lock);
			show_progress(s, t0, false);
			last = now_seconds();
			pthread_mutex_lock(&s->out_lock);
		}
	}
	pthread_mutex_unlock(&s->out_lock);
	for (int i = 0; i < jobs; i++)
		pthread_join(ws[i].thread, NULL);
	dt = now_seconds() - t0;
	if (s->progress && s->progress_shown)
		show_progress(s, t0, true);

	for (int i = 0; i < jobs; i++)
	{
		if (!ws[i].lost)
			PQexitPipelineMode(ws[i].conn);
		PQfinish(ws[i].conn);
		decoder_free(ws[i].dec);
		free(ws[i].ring);
	}
	free(ws);
	free(schema);
	free(conninfo);
	return dt;
}

int
cmd_load(const load_opts *o, char **args, int nargs)
{
	file_list	fl;
	load_state	s;
	int			jobs = o->jobs > 0 ? o->jobs : default_jobs();
	double		dt;
	size_t		loaded;
	int			rc;

	files_expand(&fl, args, nargs, o->pattern, o->follow);
	if (fl.n == 0)
	{
		errorf("no report files found (directories are searched for %s; --match '*' takes every file)",
			   o->pattern ? o->pattern : "*");
		return EXIT_SOME_FAILED;
	}
	if ((size_t) jobs > fl.n_files)
		jobs = (int) fl.n_files;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.fl = &fl;
	pthread_mutex_init(&s.out_lock, NULL);
	pthread_cond_init(&s.finished, NULL);
	s.progress_tty = isatty(2);
	s.progress = !o->quiet && (o->progress == 1 || (o->progress == -1 && s.progress_tty));
	s.cwd = getcwd(NULL, 0);	/* any length */
	if (!s.cwd)
		for (size_t i = 0; i < fl.n; i++)
			if (fl.files[i].path[0] != '/')
			{
				errorf("cannot find the working directory (%s): relative paths go into the source column as given",
					   strerror(errno));
				break;
			}

	if (fl.n_files == 0)
	{
		/* nothing to read: no connection needed to say so */
		for (size_t i = 0; i < fl.n; i++)
			report(&s, i, fl.files[i].why, fl.files[i].skipped);
		dt = 0;
	}
	else
		dt = run_workers(&s, o, jobs);

	loaded = atomic_load(&s.done);
	if (!o->quiet || atomic_load(&s.abort))
	{
		strbuf		sb;
		size_t		gb = atomic_load(&s.n_gb18030),
					u16 = atomic_load(&s.n_utf16),
					inv = atomic_load(&s.n_invalid),
					skipped = atomic_load(&s.n_skipped);

		sb_init(&sb);
		size_t		nr = atomic_load(&s.n_new),
					nc = atomic_load(&s.n_current),
					nn = atomic_load(&s.n_not_current),
					ns = atomic_load(&s.n_stored);

		sb_printf(&sb, "%s: loaded %zu file%s: %zu new report%s, %zu new version%s (%zu current, %zu not current), "
				  "%zu already stored, %zu failed",
				  progname, loaded, loaded == 1 ? "" : "s", nr, nr == 1 ? "" : "s", nc + nn, nc + nn == 1 ? "" : "s",
				  nc, nn, ns, atomic_load(&s.n_failed));
		if (skipped)
			sb_printf(&sb, ", %zu skipped", skipped);
		sb_printf(&sb, " in %.1f s (%.0f files/s)", dt, dt > 0 ? (double) loaded / dt : 0.0);
		for (int k = 0; k < fl.n_passed_over; k++)
			sb_printf(&sb, "%s%zu %s", k == 0 ? "; no report files, passed over: " : ", ",
					  fl.passed_over[k].count, fl.passed_over[k].ext);
		{
			size_t		pdf = atomic_load(&s.n_pdf),
						docx = atomic_load(&s.n_docx);

			if (pdf || docx)
				sb_printf(&sb, "; read through converters: %zu PDF (pdftotext -tsv), %zu DOCX", pdf, docx);
		}
		if (inv)
			sb_printf(&sb, "; %zu text%s stored now %s not a valid report (is_valid false, see gai_versions.violations)",
					  inv, inv == 1 ? "" : "s", inv == 1 ? "is" : "are");
		if (gb || u16)
		{
			sb_puts(&sb, "; converted to UTF-8:");
			if (gb)
				sb_printf(&sb, " %zu from GB18030%s", gb, u16 ? "," : "");
			if (u16)
				sb_printf(&sb, " %zu from UTF-16", u16);
		}
		sb_puts(&sb, "\n");
		print_line(&s, sb.data);
		sb_free(&sb);
	}
	if (atomic_load(&s.abort))
	{
		size_t		sent = atomic_load(&s.n_unanswered),
					untried = fl.n - loaded - sent;

		errorf("the connection to the server was lost (%s): %zu file%s sent got no answer (stored or not) and %zu %s not tried; "
			   "run the same load again to complete it (what is stored already comes out \"already stored\")",
			   s.lost_msg ? s.lost_msg : "?", sent, sent == 1 ? "" : "s", untried, untried == 1 ? "was" : "were");
		rc = EXIT_USAGE;
	}
	else
		rc = atomic_load(&s.n_failed) ? EXIT_SOME_FAILED : EXIT_OK;
	free(s.lost_msg);
	free(s.cwd);
	pthread_mutex_destroy(&s.out_lock);
	pthread_cond_destroy(&s.finished);
	files_free(&fl);
	return rc;
}
