/*
 * cli.h — the `gaireport` command: a libpq client that loads report files
 * into gai_reports, prints the yearly views and exports them as CSV, using
 * either a database given with --db or an embedded cluster of its own.
 *
 *   main.c      commands, options, help
 *   load.c      `load`: worker threads, one connection and one pipeline each
 *   reparse.c   `reparse`: gai_reparse() batch by batch
 *   files.c     FILE|DIR arguments -> a sorted list of files
 *   readtext.c  one file -> the text the core reads (decoded, or converted from PDF/DOCX)
 *   check.c     `check`: reports read here by the core, printed as tables, JSON or a web page
 *   encoding.c  bytes of a file -> UTF-8 text (UTF-8, BOMs, GB18030, UTF-16)
 *   cluster.c   the embedded cluster: initdb, start, stop, status
 *   db.c        connecting, the extension's schema, result helpers
 *   query.c     `stats` and `export --csv`
 *   xlsx.c      `export --xlsx` (libxlsxwriter)
 *   util.c      memory, strings, time, messages
 */
#ifndef GAIREPORT_CLI_H
#define GAIREPORT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <libpq-fe.h>

#define GAI_VERSION "0.3"

/* exit codes */
#define EXIT_OK 0
#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2			/* usage, connection or setup error */

/* limits on one report file */
#define GAI_MAX_FILE_BYTES (64u << 20)

/* ------------------------------------------------------------ util.c */

extern const char *progname;

void	   *xmalloc(size_t n);
void	   *xrealloc(void *p, size_t n);
char	   *xstrdup(const char *s);
char	   *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "gaireport: message\n" on stderr */
void		errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* errorf, then exit(EXIT_USAGE) */
_Noreturn void fatalf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

double		now_seconds(void);	/* monotonic */
char	   *path_join(const char *dir, const char *name);
char	   *absolute_path(const char *path);
bool		is_dir(const char *path);
int			mkdir_p(const char *path, unsigned mode);

/* growable byte buffer */
typedef struct
{
	char	   *data;
	size_t		len;
	size_t		cap;
} strbuf;

void		sb_init(strbuf *sb);
void		sb_append(strbuf *sb, const char *s, size_t n);
void		sb_puts(strbuf *sb, const char *s);
void		sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void		sb_free(strbuf *sb);

/*
 * A file name as UTF-8 text, for the source column and for messages: valid
 * UTF-8 is kept as it is, but a backslash becomes \\ and every byte that
 * is not part of valid UTF-8 or belongs to a control character (C0, DEL,
 * C1) becomes \xhh (lower-case hex).  Reversible: \\ -> \, \xhh -> byte.
 * malloc'd.
 */
char	   *escape_name(const char *name);

/* display width of UTF-8 text in a terminal (East Asian wide = 2) */
int			utf8_width(const char *s);

/* ------------------------------------------------------------ encoding.c */

typedef struct gai_decoder gai_decoder;

gai_decoder *decoder_new(void);
void		decoder_free(gai_decoder *d);

/*
 * Turns the bytes of a file into UTF-8 text without NUL bytes.  On success
 * returns true and sets *out (malloc'd, NUL-terminated, or buf itself when
 * it already was UTF-8: then *out_owned is false), *out_len and *encoding
 * ("UTF-8", "GB18030", ...).  On failure returns false with *why set to a
 * static message.  buf must have one spare byte after len (for the NUL).
 */
bool		decode_text(gai_decoder *d, char *buf, size_t len,
						char **out, size_t *out_len, bool *out_owned,
						const char **encoding, const char **why);

/* strict UTF-8 check (no overlongs, surrogates or NUL); exposed for tests */
bool		utf8_valid(const char *s, size_t len);

/* ------------------------------------------------------------ files.c */

/* one FILE|DIR argument or one entry found in a directory */
typedef struct
{
	char	   *path;			/* as given / as found: what is opened */
	char	   *why;			/* NULL: a regular file to load; else why it is not
								 * (reported, never opened) */
	bool		skipped;		/* with why: left out by rule (a symbolic link not
								 * followed, a loop), not a failure */
	bool		nofollow;		/* it was no symbolic link when found: open with O_NOFOLLOW */
	bool		named;			/* named on the command line */
	dev_t		dev;			/* what stat saw: the file opened must be this one */
	ino_t		ino;
} file_entry;

typedef struct
{
	file_entry *files;			/* sorted by path */
	size_t		n;
	size_t		cap;
	size_t		n_files;		/* entries to load (why NULL) */
	/* files of a directory walk that are no report files, by their extension */
	struct
	{
		char		ext[16];
		size_t		count;
	}			passed_over[16];
	int			n_passed_over;
} file_list;

/* The file names a directory walk loads by default: report files as users hold them. */
#define REPORT_FILES "*.txt|*.md|*.html|*.htm|*.shtml|*.pdf|*.docx|*.doc|*.wps|*.tsv"

/*
 * Expands FILE|DIR arguments: files as given (symbolic links followed),
 * directories recursively (hidden entries skipped; symbolic links only with
 * `follow`) keeping names that match `pattern` (fnmatch, case-insensitive;
 * NULL = every name).  Only regular files are to be loaded; what else was
 * named or found is listed with the reason.  Sorted, duplicates dropped.
 */
void		files_expand(file_list *fl, char **args, int nargs, const char *pattern, bool follow);
void		files_free(file_list *fl);

/* "a FIFO (named pipe)", "a socket", ... for a st_mode */
const char *file_kind(unsigned mode);

/* ------------------------------------------------------------ readtext.c */

/* one report file as the text the core reads */
typedef struct
{
	char	   *text;			/* malloc'd, NUL-terminated UTF-8 */
	size_t		len;
	const char *filetype;		/* "text", "html", "pdf", "docx" (gai_filetype_name) */
	const char *encoding;		/* what the file was decoded from ("UTF-8", "GB18030", ...) */
	bool		converted;		/* a PDF or .docx, converted (text is word boxes / a web page) */
	bool		gb18030,		/* decoded from */
				utf16;
	char		sha256[65];		/* converted: the original file's hash */
} report_text;

#define RT_OK 0
#define RT_FAILED 1				/* *why says why (cannot open, not text, converter failed ...) */
#define RT_SKIPPED 2			/* left out by rule (a link not followed, a kind without a reader) */

/*
 * Reads one file of a file_list and turns it into the text the core reads:
 * a PDF through pdftotext -tsv, a .docx through the DOCX converter, other
 * files decoded to UTF-8.  Returns RT_OK, or RT_FAILED / RT_SKIPPED with
 * *why (malloc'd).  report_text_free releases the text.
 */
int			report_text_read(const file_entry *e, gai_decoder *dec, report_text *rt, char **why);
void		report_text_free(report_text *rt);

/* ------------------------------------------------------------ cluster.c */

typedef struct
{
	char	   *home;			/* $GAIREPORT_HOME, ~/.local/share/gaireport, /var/lib/gaireport */
	char	   *pgdata;			/* home/pgdata */
	char	   *sockdir;		/* home/run */
	char	   *bindir;			/* PostgreSQL programs */
	bool		as_root;		/* run the server as the postgres user */
} cluster;

void		cluster_locate(cluster *c);
bool		cluster_exists(const cluster *c);
int			cluster_running(const cluster *c); /* 1 yes, 0 no, -1 unknown */
/* creates (if needed) and starts (if needed) the cluster; exits on error */
void		cluster_ensure(cluster *c, bool create, bool verbose);
int			cluster_stop(cluster *c);
char	   *cluster_conninfo(const cluster *c);
void		cluster_free(cluster *c);

/* ------------------------------------------------------------ db.c */

typedef struct
{
	const char *db;				/* --db, or NULL: the embedded cluster */
	bool		create;			/* may create the embedded cluster */
	bool		verbose;
} db_target;

/* resolves the target into a conninfo string (starting the embedded cluster) */
char	   *db_conninfo(const db_target *t);

/* connects or exits(EXIT_USAGE) with a message saying what to do */
PGconn	   *db_connect(const char *conninfo, const db_target *t);

/* the extension's schema, quoted as an identifier; exits if missing or too old */
char	   *db_schema(PGconn *conn, const db_target *t);

/* runs a command, exits on error */
void		db_exec(PGconn *conn, const char *sql);

/* "message (DETAIL: ...)" of an error result, one line, malloc'd */
char	   *db_error_line(const PGresult *res);

/* ------------------------------------------------------------ load.c / query.c */

typedef struct
{
	const char *db;
	int			jobs;			/* 0 = online CPUs, 1..8 */
	int			progress;		/* -1 auto (stderr is a TTY), 0 off, 1 on */
	bool		reject_invalid;
	bool		quiet;
	bool		verbose;		/* a line on stdout for every file, not only further versions */
	const char *pattern;		/* for files found in directories */
	bool		follow;			/* follow symbolic links met in directories */
	int			window;			/* statements in flight per connection */
} load_opts;

int			cmd_load(const load_opts *o, char **args, int nargs);

typedef struct
{
	const char *db;
	bool		refresh;
	int			layout;			/* 0 auto, 1 rows, 2 transposed */
	bool		all;			/* every aggregate view, not only the three yearly ones */
	char	  **views;			/* views named on the command line (NULL-terminated), or NULL */
} stats_opts;

int			cmd_stats(const stats_opts *o);

typedef struct
{
	const char *db;
	bool		every;			/* every version, not only those read by another parser */
	int			batch;			/* versions per transaction */
	bool		refresh;		/* gai_refresh() at the end */
	int			progress;		/* -1 auto, 0 off, 1 on */
	bool		quiet;
} reparse_opts;

int			cmd_reparse(const reparse_opts *o);

typedef struct
{
	const char *db;
	const char *view;			/* --csv: the view */
	const char *output;			/* --csv: NULL = stdout */
	bool		refresh;
	bool		bom;			/* --csv: a UTF-8 byte order mark first (for Excel) */
	const char *xlsx;			/* --xlsx FILE, or NULL */
	char	  **views;			/* --xlsx: the views (NULL-terminated), or NULL: every view */
} export_opts;

int			cmd_export(const export_opts *o);	/* --csv */
int			cmd_export_xlsx(const export_opts *o);	/* --xlsx (xlsx.c) */
bool		numeric_type(Oid t);	/* int, float, numeric, money (query.c) */

/*
 * One of gaireport's views or tables: its kind ('r', 'v', 'm') and an ORDER
 * BY clause (its unique key; a plain view: its first columns), malloc'd.
 * Exits, listing them, when name is none of them.
 */
char		export_lookup(PGconn *conn, const char *name, char **order);

/* a FILE.XXXXXX beside FILE, created with the umask's mode; *fd open on it */
char	   *export_tmpfile(const char *file, int *fd);

typedef struct
{
	bool		json;			/* one JSON document on stdout */
	const char *html;			/* write a web page there */
	bool		quiet;			/* no text on stdout (exit status, --html only) */
	int			width;			/* columns; 0: the terminal's, $COLUMNS, else 80 */
	int			color;			/* -1 auto (stdout a terminal, no NO_COLOR), 0 never, 1 always */
} check_opts;

int			cmd_check(const check_opts *o, char **args, int nargs);

#endif
