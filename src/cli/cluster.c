/*
 * cluster.c — the embedded cluster, used when no --db is given.
 *
 * It lives in one directory (the "home"):
 *
 *   $GAIREPORT_HOME                    when set,
 *   /var/lib/gaireport                 when run as root,
 *   $XDG_DATA_HOME/gaireport           otherwise, or ~/.local/share/gaireport
 *
 * holding pgdata/ (the cluster: initdb -E UTF8 --locale=C.UTF-8 --auth=trust
 * -U postgres), run/ (its Unix socket; it listens on no TCP port),
 * server.log, initdb.log and .lock.  The first command that needs it creates
 * it (in pgdata.new, renamed when complete) and starts it; it keeps running
 * until `gaireport stop`.  As root the server runs as the postgres user
 * (runuser), which then owns the home directory.  The PostgreSQL programs
 * are those of `pg_config --bindir` (else /usr/lib/postgresql/15/bin).
 * Everything happens under an exclusive lock on .lock, so several commands
 * started at once create and start it once.
 *
 * As root, the home belongs to the postgres user, who can put a symbolic
 * link, a hard link, a FIFO or a directory where gaireport expects one of
 * its files (server.log, .lock, run/, pgdata/gaireport.conf, ...).  Root
 * opening or chowning such a name would then append to, truncate, create or
 * give away any file of the system (a link server.log -> /etc/passwd and the
 * next start gave /etc/passwd to postgres).  So every file root opens there
 * is opened with open_owned(): no symbolic link followed in the last
 * component (and files of pgdata are opened relative to a descriptor of
 * pgdata, opened the same way), no waiting on a FIFO, and the descriptor
 * must be a regular file with one link, or a directory; ownership is given
 * with fchown on that descriptor, never with chown on a path.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_BINDIR "/usr/lib/postgresql/15/bin"
#define PGPORT_EMBEDDED 5432

/*
 * Opens `name` (relative to dirfd, or AT_FDCWD) without following a
 * symbolic link in its last component and without waiting for a FIFO's
 * other end; the result must be a directory (want_dir) or a regular file
 * with a single link (not a hard link to a file elsewhere).  O_TRUNC is
 * applied only after that check.  -1 with errno set (ELOOP: a symbolic
 * link; EINVAL: something else than expected).
 */
static int
open_owned(int dirfd, const char *name, int flags, unsigned mode, bool want_dir)
{
	int			fd = openat(dirfd, name, (flags & ~O_TRUNC) | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
							(want_dir ? O_DIRECTORY : 0), (mode_t) mode);
	struct stat st;
	int			fl,
				e;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		e = errno;
	else if (want_dir ? !S_ISDIR(st.st_mode) : (!S_ISREG(st.st_mode) || st.st_nlink != 1))
		e = EINVAL;
	else if (!want_dir && ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0))
		e = errno;
	else if ((flags & O_TRUNC) && ftruncate(fd, 0) != 0)
		e = errno;
	else
		return fd;
	close(fd);
	errno = e;
	return -1;
}

/* exits with a message saying why `path` cannot be used */
static _Noreturn void
refuse_path(const char *path, bool want_dir)
{
	if (errno == ELOOP)
		fatalf("%s is a symbolic link: not followed (it may point anywhere; as root that would act on "
			   "another file): remove it and try again", path);
	if (errno == EINVAL)
		fatalf("%s is not a %s: remove it and try again", path,
			   want_dir ? "directory" : "regular file with a single link");
	fatalf("cannot open %s: %s", path, strerror(errno));
}

static bool
executable(const char *path)
{
	return access(path, X_OK) == 0;
}

static char *
find_bindir(void)
{
	const char *env = getenv("GAIREPORT_PG_BINDIR");
	char		line[4096];
	FILE	   *p;

	if (env && *env)
		return xstrdup(env);
	p = popen("pg_config --bindir 2>/dev/null", "r");
	if (p)
	{
		bool		got = fgets(line, sizeof line, p) != NULL;

		pclose(p);
		if (got)
		{
			char	   *initdb;
			bool		ok;

			line[strcspn(line, "\r\n")] = '\0';
			initdb = path_join(line, "initdb");
			ok = executable(initdb);
			free(initdb);
			if (ok)
				return xstrdup(line);
		}
	}
	return xstrdup(DEFAULT_BINDIR);
}

void
cluster_locate(cluster *c)
{
	const char *env = getenv("GAIREPORT_HOME");

	memset(c, 0, sizeof *c);
	c->as_root = geteuid() == 0;
	if (env && *env)
		c->home = absolute_path(env);
	else if (c->as_root)
		c->home = xstrdup("/var/lib/gaireport");
	else
	{
		const char *xdg = getenv("XDG_DATA_HOME");
		const char *home = getenv("HOME");

		if (xdg && xdg[0] == '/')
			c->home = path_join(xdg, "gaireport");
		else
		{
			if (!home || !*home)
			{
				struct passwd *pw = getpwuid(geteuid());

				home = pw ? pw->pw_dir : "/tmp";
			}
			c->home = xasprintf("%s/.local/share/gaireport", home);
		}
	}
	/* no trailing slash */
	for (size_t n = strlen(c->home); n > 1 && c->home[n - 1] == '/'; n--)
		c->home[n - 1] = '\0';
	c->pgdata = path_join(c->home, "pgdata");
	c->sockdir = path_join(c->home, "run");
	c->bindir = find_bindir();
}

void
cluster_free(cluster *c)
{
	free(c->home);
	free(c->pgdata);
	free(c->sockdir);
	free(c->bindir);
	memset(c, 0, sizeof *c);
}

bool
cluster_exists(const cluster *c)
{
	char	   *v = path_join(c->pgdata, "PG_VERSION");
	bool		ok = access(v, F_OK) == 0;

	free(v);
	return ok;
}

/* a conninfo value in single quotes */
static void
conninfo_value(strbuf *sb, const char *v)
{
	sb_puts(sb, "'");
	for (; *v; v++)
	{
		if (*v == '\'' || *v == '\\')
			sb_puts(sb, "\\");
		sb_append(sb, v, 1);
	}
	sb_puts(sb, "'");
}

char *
cluster_conninfo(const cluster *c)
{
	strbuf		sb;

	sb_init(&sb);
	sb_puts(&sb, "host=");
	conninfo_value(&sb, c->sockdir);
	sb_printf(&sb, " port=%d user=postgres dbname=postgres", PGPORT_EMBEDDED);
	return sb.data;
}

/*
 * Runs a PostgreSQL program (as the postgres user when we are root), with
 * stdin from /dev/null and output appended to log (or discarded).  Returns
 * its exit status, or -1 when it could not be run.
 */
static int
run_prog(const cluster *c, char *const argv[], const char *log)
{
	pid_t		pid;
	int			status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
	{
		int			in = open("/dev/null", O_RDONLY);
		int			out = log ? open_owned(AT_FDCWD, log, O_WRONLY | O_CREAT | O_APPEND, 0644, false)
			: open("/dev/null", O_WRONLY);

		if (in >= 0)
			dup2(in, 0);
		if (out >= 0)
		{
			dup2(out, 1);
			dup2(out, 2);
		}
		if (c->as_root)
		{
			int			n = 0;
			const char *args[64];

			args[n++] = "runuser";
			args[n++] = "-u";
			args[n++] = "postgres";
			args[n++] = "--";
			for (int i = 0; argv[i] && n < 63; i++)
				args[n++] = argv[i];
			args[n] = NULL;
			execvp("runuser", (char *const *) args);
		}
		else
			execv(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", progname, argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -1;
}

static void
print_tail(const char *path, int lines)
{
	int			fd = open_owned(AT_FDCWD, path, O_RDONLY, 0, false);
	FILE	   *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	char	  **ring;
	char		buf[2048];
	int			n = 0;

	if (!f)
	{
		if (fd >= 0)
			close(fd);
		return;
	}
	ring = xmalloc(sizeof(char *) * (size_t) lines);
	memset(ring, 0, sizeof(char *) * (size_t) lines);
	while (fgets(buf, sizeof buf, f))
	{
		free(ring[n % lines]);
		ring[n % lines] = xstrdup(buf);
		n++;
	}
	fclose(f);
	fprintf(stderr, "--- %s (last lines) ---\n", path);
	for (int i = n > lines ? n - lines : 0; i < n; i++)
		fputs(ring[i % lines], stderr);
	for (int i = 0; i < lines; i++)
		free(ring[i]);
	free(ring);
}

/* gives the file or directory open as fd (named path) to the postgres user, when root */
static void
chown_postgres(const cluster *c, int fd, const char *path)
{
	struct passwd *pw;

	if (!c->as_root)
		return;
	pw = getpwnam("postgres");
	if (!pw)
		fatalf("running as root, the embedded cluster runs as the user \"postgres\", which does not exist: "
			   "install PostgreSQL's server package, or pass --db URL");
	if (fchown(fd, pw->pw_uid, pw->pw_gid) != 0)
		fatalf("cannot give %s to the postgres user: %s", path, strerror(errno));
}

static int
lock_home(const cluster *c)
{
	char	   *p = path_join(c->home, ".lock");
	int			fd;

	if (mkdir_p(c->home, 0700) != 0)
		fatalf("cannot create the directory %s: %s (set GAIREPORT_HOME to another place, or pass --db URL)",
			   c->home, strerror(errno));
	/* O_CLOEXEC: the server started below must not inherit (and keep) the lock */
	fd = open_owned(AT_FDCWD, p, O_RDWR | O_CREAT, 0600, false);
	if (fd < 0)
		refuse_path(p, false);
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			fatalf("cannot lock %s: %s", p, strerror(errno));
	free(p);
	return fd;
}

static void
remove_tree(const cluster *c, const char *path)
{
	char	   *argv[] = {"/bin/rm", "-rf", (char *) path, NULL};
	cluster		me = *c;

	me.as_root = false;			/* root removes it itself */
	run_prog(&me, argv, NULL);
}

static void
initdb(cluster *c, bool verbose)
{
	char	   *tmp = xasprintf("%s.new", c->pgdata);
	char	   *log = path_join(c->home, "initdb.log");
	char	   *conf;
	char	   *prog = path_join(c->bindir, "initdb");
	char	   *argv[] = {prog, "-D", tmp, "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust",
	"-U", "postgres", NULL};
	FILE	   *f;
	struct stat st;
	int			fd,
				dfd;

	if (!executable(prog))
		fatalf("cannot find PostgreSQL's initdb (%s): install the PostgreSQL 15 server "
			   "(apt-get install postgresql-15), set GAIREPORT_PG_BINDIR, or pass --db URL", prog);
	if (verbose)
		errorf("creating the embedded PostgreSQL cluster in %s (first run; `gaireport help` says more, --db URL uses your own server)",
			   c->home);
	/* the home itself is root's choice: it may be a link */
	fd = open(c->home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		fatalf("cannot open %s: %s", c->home, strerror(errno));
	chown_postgres(c, fd, c->home);
	close(fd);
	if (lstat(tmp, &st) == 0)
		remove_tree(c, tmp);	/* left by an interrupted first run */
	unlink(log);
	if (run_prog(c, argv, log) != 0)
	{
		print_tail(log, 30);
		remove_tree(c, tmp);
		fatalf("initdb failed (log: %s)%s", log,
			   c->as_root ? "; the postgres user must be able to reach and write this directory: "
			   "set GAIREPORT_HOME to a place it can, or pass --db URL" : "");
	}
	conf = path_join(tmp, "postgresql.conf");
	if ((dfd = open_owned(AT_FDCWD, tmp, O_RDONLY, 0, true)) < 0)
		refuse_path(tmp, true);
	if ((fd = open_owned(dfd, "postgresql.conf", O_WRONLY | O_APPEND, 0, false)) < 0)
		refuse_path(conf, false);
	close(dfd);
	if (!(f = fdopen(fd, "a")))
		fatalf("cannot write %s: %s", conf, strerror(errno));
	fprintf(f, "\n# ---- gaireport: the embedded cluster (gaireport status / stop)\n"
			"listen_addresses = ''\t\t# Unix socket only: see gaireport.conf\n"
			"max_wal_size = '2GB'\t\t# bulk loads: fewer checkpoints\n"
			"include_if_exists = 'gaireport.conf'\t# socket directory and port, written at each start\n");
	fclose(f);
	if (rename(tmp, c->pgdata) != 0)
		fatalf("cannot rename %s to %s: %s", tmp, c->pgdata, strerror(errno));
	free(conf);
	free(tmp);
	free(log);
	free(prog);
}

static bool
server_answers(const cluster *c)
{
	char	   *ci = cluster_conninfo(c);
	PGPing		p = PQping(ci);

	free(ci);
	return p == PQPING_OK || p == PQPING_REJECT;
}

int
cluster_running(const cluster *c)
{
	char	   *prog;
	int			rc;

	if (!cluster_exists(c))
		return 0;
	if (server_answers(c))
		return 1;
	prog = path_join(c->bindir, "pg_ctl");
	{
		char	   *argv[] = {prog, "status", "-D", c->pgdata, NULL};

		rc = run_prog(c, argv, NULL);
	}
	free(prog);
	return rc == 0 ? 1 : (rc == 3 || rc == 4) ? 0 : -1;
}

static void
start(cluster *c, bool verbose)
{
	char	   *prog = path_join(c->bindir, "pg_ctl");
	char	   *log = path_join(c->home, "server.log");
	char	   *conf = path_join(c->pgdata, "gaireport.conf");
	char	   *argv[] = {prog, "-D", c->pgdata, "-l", log, "-w", "-t", "120", "start", NULL};
	FILE	   *f;
	int			fd,
				dfd;

	if (strlen(c->sockdir) + sizeof "/.s.PGSQL.5432" > sizeof(((struct sockaddr_un *) 0)->sun_path))
		fatalf("the path %s is too long for a Unix socket: set GAIREPORT_HOME to a shorter one", c->sockdir);
	if (mkdir_p(c->sockdir, 0700) != 0)
		fatalf("cannot create %s: %s", c->sockdir, strerror(errno));
	if ((fd = open_owned(AT_FDCWD, c->sockdir, O_RDONLY, 0, true)) < 0)
		refuse_path(c->sockdir, true);
	chown_postgres(c, fd, c->sockdir);
	close(fd);
	if ((dfd = open_owned(AT_FDCWD, c->pgdata, O_RDONLY, 0, true)) < 0)
		refuse_path(c->pgdata, true);
	if ((fd = open_owned(dfd, "gaireport.conf", O_WRONLY | O_CREAT | O_TRUNC, 0644, false)) < 0)
		refuse_path(conf, false);
	close(dfd);
	if (!(f = fdopen(fd, "w")))
		fatalf("cannot write %s: %s", conf, strerror(errno));
	fprintf(f, "# written by gaireport at each start of the embedded cluster\nunix_socket_directories = '");
	for (const char *s = c->sockdir; *s; s++)
		fputs(*s == '\'' ? "''" : (char[2]) {*s, 0}, f);
	fprintf(f, "'\nport = %d\n", PGPORT_EMBEDDED);
	fclose(f);
	if (c->as_root)
	{
		/* pg_ctl, as postgres, appends to it */
		if ((fd = open_owned(AT_FDCWD, log, O_WRONLY | O_CREAT | O_APPEND, 0644, false)) < 0)
			refuse_path(log, false);
		chown_postgres(c, fd, log);
		close(fd);
	}
	if (verbose)
		errorf("starting the embedded cluster (%s; `gaireport stop` stops it)", c->home);
	if (run_prog(c, argv, NULL) != 0)
	{
		print_tail(log, 30);
		fatalf("could not start the embedded cluster (log: %s)", log);
	}
	free(prog);
	free(log);
	free(conf);
}

/* creates or updates the extension in the embedded cluster */
static void
ensure_extension(const cluster *c)
{
	char	   *ci = cluster_conninfo(c);
	PGconn	   *conn = PQconnectdb(ci);
	PGresult   *res;

	if (PQstatus(conn) != CONNECTION_OK)
		fatalf("cannot connect to the embedded cluster (%s): %s", c->home, PQerrorMessage(conn));
	res = PQexec(conn, "SELECT e.extversion, a.default_version FROM pg_catalog.pg_available_extensions a "
				 "LEFT JOIN pg_catalog.pg_extension e ON e.extname = a.name WHERE a.name = 'gaireport'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fatalf("embedded cluster: %s", PQerrorMessage(conn));
	if (PQntuples(res) == 0)
		fatalf("the gaireport extension is not installed in this PostgreSQL (%s): run `make install` in the gaireport source tree",
			   c->bindir);
	if (PQgetisnull(res, 0, 0))
		db_exec(conn, "CREATE EXTENSION gaireport");
	else if (strcmp(PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1)) != 0)
		db_exec(conn, "ALTER EXTENSION gaireport UPDATE");
	PQclear(res);
	PQfinish(conn);
	free(ci);
}

void
cluster_ensure(cluster *c, bool create, bool verbose)
{
	int			lock;

	if (!create && !cluster_exists(c))
		fatalf("there is no embedded cluster in %s yet: load reports first (gaireport load FILE|DIR), "
			   "or pass --db URL", c->home);
	lock = lock_home(c);
	if (!cluster_exists(c))
	{
		struct stat st;

		if (stat(c->pgdata, &st) == 0)
			fatalf("%s exists but holds no cluster: move it away and try again", c->pgdata);
		initdb(c, verbose);
	}
	if (!server_answers(c))
		start(c, verbose);
	ensure_extension(c);
	close(lock);
}

int
cluster_stop(cluster *c)
{
	char	   *prog = path_join(c->bindir, "pg_ctl");
	char	   *argv[] = {prog, "-D", c->pgdata, "-m", "fast", "-w", "stop", NULL};
	int			lock,
				rc;

	if (!cluster_exists(c))
	{
		printf("no embedded cluster in %s\n", c->home);
		free(prog);
		return EXIT_OK;
	}
	lock = lock_home(c);
	if (cluster_running(c) == 0)
	{
		printf("the embedded cluster in %s is not running\n", c->home);
		rc = EXIT_OK;
	}
	else if (run_prog(c, argv, NULL) == 0)
	{
		printf("stopped the embedded cluster in %s\n", c->home);
		rc = EXIT_OK;
	}
	else
	{
		char	   *log = path_join(c->home, "server.log");

		print_tail(log, 20);
		errorf("could not stop the embedded cluster in %s (log: %s)", c->home, log);
		free(log);
		rc = EXIT_USAGE;
	}
	close(lock);
	free(prog);
	return rc;
}
