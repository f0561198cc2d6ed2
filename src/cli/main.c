/*
 * main.c — `gaireport COMMAND ...`: commands, options and help.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_main[] =
	"gaireport loads 政府信息公开工作年度报告 (government information disclosure annual\n"
	"report) text files into PostgreSQL and prints what they add up to.\n"
	"\n"
	"Usage:\n"
	"  gaireport load [--db URL] [OPTION...] FILE|DIR...   store report files (each text a version)\n"
	"  gaireport reparse [--db URL] [--all]                read stored texts again with this parser\n"
	"  gaireport stats [--db URL] [--all | VIEW...]        print the yearly (or any) views\n"
	"  gaireport export --csv VIEW [--bom] [-o FILE]       write a view or table as CSV\n"
	"  gaireport export --xlsx FILE [VIEW...]              the views as an Excel workbook\n"
	"  gaireport check [--json | --html FILE] FILE|DIR...  show what a report holds, no database needed\n"
	"  gaireport status | start | stop                     the embedded cluster\n"
	"  gaireport help [COMMAND]                            more about a command\n"
	"\n"
	"Where the data goes:\n"
	"  --db URL   a libpq connection string or URI of a database where\n"
	"             CREATE EXTENSION gaireport has been run, e.g.\n"
	"             --db \"host=/var/run/postgresql dbname=reports\", --db postgresql://me@db/reports;\n"
	"             --db \"\" takes everything from PGHOST, PGDATABASE, PGUSER...\n"
	"  without --db (only --db decides: PG* variables alone do not), an embedded\n"
	"             PostgreSQL cluster of gaireport's own, so a first try needs no server.\n"
	"             It lives in $GAIREPORT_HOME, else /var/lib/gaireport when run as root,\n"
	"             else $XDG_DATA_HOME/gaireport or ~/.local/share/gaireport: pgdata/ (the\n"
	"             cluster), run/ (its Unix socket; no TCP port), server.log.  The first\n"
	"             `gaireport load` creates and starts it (as root, the server runs as the\n"
	"             postgres user); it keeps running until `gaireport stop`.  `gaireport\n"
	"             status` prints how to reach it with psql.  PostgreSQL's programs are\n"
	"             found with pg_config --bindir (or $GAIREPORT_PG_BINDIR).  To start\n"
	"             over: `gaireport stop`, then remove that directory.\n"
	"\n"
	"Exit status: 0 all went well, 1 some files could not be loaded, 2 usage,\n"
	"connection or setup error (status: 3 when the embedded cluster is not running).\n";

static const char usage_load[] =
	"Usage: gaireport load [--db URL] [OPTION...] FILE|DIR...\n"
	"\n"
	"Stores report files, one report per file.  Directories are searched recursively\n"
	"for report files: .txt .md .html .htm .shtml .pdf .docx (.doc and .wps get a line saying how\n"
	"to convert them; names starting with \".\" are left out); files named on the command\n"
	"line are loaded whatever their name.  Several loads may run at once, also over\n"
	"the same files.\n"
	"\n"
	"Every distinct text is kept, as a version of its report: a report is identified\n"
	"by its agency, year and template, so the PDF and the Word copy of one report,\n"
	"or a corrected re-publication, are versions of one report (gai_versions), and one\n"
	"of them is the current version that gai_reports and the views show: the most\n"
	"complete reading (fewest cells missing, unreadable or ambiguous), then the newest\n"
	"(later signature date, later publication date, loaded later), unless a version\n"
	"is pinned (SELECT gai_pin(version_id)).  For each file the loader says what\n"
	"happened: a new report; a new version of a stored report, now current or not\n"
	"and why; or a text already stored (then nothing is written).  New versions are\n"
	"listed on stdout, one line \"FILE: what happened\" each; --verbose lists every\n"
	"file.  Versions that give a cell different numbers are listed by the view\n"
	"gai_disagreements.\n"
	"\n"
	"Files are read as UTF-8 (a byte order mark is dropped); files that are not UTF-8\n"
	"are converted from GB18030 (which covers GBK and GB2312), or from UTF-16 when they\n"
	"start with its byte order mark.  A file that is empty, larger than 64 MB, binary,\n"
	"or in no such encoding is not loaded.  A text that is not a valid report is stored\n"
	"flagged (is_valid false, its violations listed) unless --reject-invalid is given.\n"
	"\n"
	"Only regular files are read.  A FIFO, socket or device, named or found in a\n"
	"directory, is not opened: it is reported and counts as failed.  A file that\n"
	"changes while it is read (still being written) is not loaded either.\n"
	"\n"
	"Symbolic links: a link named on the command line is followed.  Links met in a\n"
	"directory are not, wherever they point (also into the same directory: the\n"
	"target is loaded where it lies, if at all), so that a link planted in a\n"
	"directory cannot make the loader read a file elsewhere (run as root: any file);\n"
	"each such link that points to a directory or whose name matches --match gets\n"
	"one line \"FILE: symbolic link, not followed ...\" and counts as skipped.\n"
	"--follow follows them (a link back to a directory being searched is reported\n"
	"as a loop and skipped).\n"
	"\n"
	"The source column holds the file's absolute path as text.  A name that is not\n"
	"UTF-8 (e.g. a GBK name from a Windows archive) is kept reversibly: each byte\n"
	"that is not part of valid UTF-8, and each control character, is written \\xhh\n"
	"(two lower-case hex digits), and a backslash is written \\\\; everything else\n"
	"is as it is.  So \\xb1\\xa8.txt is the file whose name has the bytes B1 A8\n"
	"then \".txt\", and a\\\\b.txt is a\\b.txt.  Messages show names the same way.\n"
	"\n"
	"Each file that could not be loaded gets one line on stderr, \"FILE: why\"; the\n"
	"others are loaded all the same, and a summary line on stderr ends the load:\n"
	"new reports, new versions (current, not current), already stored, failed.  A\n"
	"file counts only once the server has committed it; a statement or commit the\n"
	"server refuses makes it failed, with the server's error.  The loader's sessions\n"
	"set synchronous_commit = off and default_toast_compression = lz4.\n"
	"\n"
	"Options:\n"
	"  --db URL            the database (see `gaireport help`); default: the embedded cluster\n"
	"  -j, --jobs N        loading connections (default: the number of CPUs + 2, at most 8)\n"
	"  --reject-invalid    refuse texts that are not valid reports (the server's reason\n"
	"                      is printed: \"FILE: refused: ...\"); they count as failed\n"
	"  --match GLOB        which files to take from directories (default the report files above;\n"
	"                      GLOB|GLOB... for several; case-\n"
	"                      insensitive; --match '*' takes every file)\n"
	"  --follow            follow symbolic links met in directories (see above)\n"
	"  -v, --verbose       a line on stdout for every file (new reports and texts\n"
	"                      already stored too)\n"
	"  --progress          show progress on stderr: files done, files a second and the\n"
	"                      time left (default: when stderr is a terminal)\n"
	"  --no-progress       do not\n"
	"  -q, --quiet         no progress, no summary, no lines for new versions (lines\n"
	"                      for failed files remain)\n"
	"\n"
	"Exit status: 0 every file loaded (links skipped do not count), 1 some files could\n"
	"not be loaded, 2 usage or connection error (a load cut off by a lost connection\n"
	"can simply be run again).\n";

static const char usage_reparse[] =
	"Usage: gaireport reparse [--db URL] [--all] [--batch N] [--no-refresh]\n"
	"\n"
	"Reads stored texts again with the parser of the installed gaireport, and chooses\n"
	"each report's current version again: every version that another parser read\n"
	"(gai_versions.parser differs from gai_parser(), e.g. after an upgrade that reads\n"
	"more shapes), or with --all every version.  It calls gai_reparse() batch by\n"
	"batch, each batch in a transaction of its own, showing progress; an interrupted\n"
	"run (Ctrl-C cancels the batch in progress) keeps the batches done, and running\n"
	"it again goes on where it stopped.  Then it refreshes the views (gai_refresh()).\n"
	"\n"
	"Options:\n"
	"  --db URL        the database (see `gaireport help`); default: the embedded cluster\n"
	"  --all           every version, not only those read by another parser\n"
	"  --batch N       versions per transaction (default 1000)\n"
	"  --no-refresh    leave the views as they are\n"
	"  --progress      show progress on stderr (default: when stderr is a terminal)\n"
	"  --no-progress   do not\n"
	"  -q, --quiet     no progress and no summary\n"
	"\n"
	"Exit status: 0 done, 1 interrupted, 2 usage or connection error.\n";

static const char usage_stats[] =
	"Usage: gaireport stats [--db URL] [--no-refresh] [--rows | -x] [--all | VIEW...]\n"
	"\n"
	"Refreshes gaireport's aggregate views (SELECT gai_refresh()) and prints\n"
	"gai_requests_yearly, gai_appeals_yearly and gai_quality_yearly; with --all\n"
	"every aggregate view (also gai_requests_by_agency, gai_denial_reasons and\n"
	"gai_active_yearly); or the views named, any of gaireport's views and tables\n"
	"(e.g. gai_request_rows).  Rates (disclosure_rate, ..._correction_rate, share)\n"
	"are shown as percentages: 0.3231 as 32.3%.\n"
	"\n"
	"Options:\n"
	"  --db URL        the database (see `gaireport help`); default: the embedded cluster\n"
	"  --all           every aggregate view\n"
	"  --no-refresh    print the views as they are\n"
	"  --rows          one line per view row, like psql, however wide\n"
	"  -x, --columns   one column per view row (the default on a terminal too narrow\n"
	"                  for the rows)\n";

static const char usage_export[] =
	"Usage: gaireport export --csv VIEW [--bom] [--db URL] [-o FILE] [--no-refresh]\n"
	"       gaireport export --xlsx FILE [--db URL] [--no-refresh] [VIEW...]\n"
	"\n"
	"--csv writes one of gaireport's views or tables as CSV with a header line (to\n"
	"stdout, or to FILE, which appears only once complete).  VIEW is e.g.\n"
	"gai_requests_yearly, gai_requests_by_agency, gai_denial_reasons, gai_appeals_yearly,\n"
	"gai_active_yearly, gai_quality_yearly, gai_request_rows, gai_cells, gai_reports\n"
	"(current versions), gai_versions (every stored text), gai_version_cells or\n"
	"gai_disagreements.  --bom starts the file with a UTF-8 byte order mark, which\n"
	"Excel needs to read the Chinese text of a CSV file.\n"
	"\n"
	"--xlsx writes an Excel workbook FILE (appearing only once complete) with one\n"
	"sheet per view: by default every view of gaireport, aggregate views first, or\n"
	"the views (and tables) named.  The header row gives each column's Chinese caption\n"
	"and its name, 本年新收申请 (received), with the English description as the\n"
	"cell's note (both from the table gai_captions); numbers are numbers (rates\n"
	"formatted as percentages), dates dates, yes/no TRUE/FALSE.  A text longer than a\n"
	"cell holds (32,767 characters, e.g. a long report's body) is cut, ending in \"…\",\n"
	"with a warning.  Needs gaireport built with libxlsxwriter.\n"
	"\n"
	"Aggregate (materialized) views are refreshed first unless --no-refresh is given.\n"
	"\n"
	"Options:\n"
	"  --csv           CSV of one view (the default format)\n"
	"  --bom           CSV: a UTF-8 byte order mark first, for Excel\n"
	"  --xlsx FILE     an Excel workbook of the views\n"
	"  --db URL        the database (see `gaireport help`); default: the embedded cluster\n"
	"  -o, --output FILE\n"
	"                  CSV: write FILE instead of stdout\n"
	"  --no-refresh    export materialized views as they are\n";

static const char usage_cluster[] =
	"Usage: gaireport status | start | stop\n"
	"\n"
	"The embedded cluster (used when no --db is given; see `gaireport help`):\n"
	"  status   where it is, whether it runs, how to reach it with psql, how many reports\n"
	"           it holds (exit status 3 when it is not running)\n"
	"  start    create it if needed and start it (a load does this by itself)\n"
	"  stop     stop it (the next command that needs it starts it again)\n"
	"To start over with an empty store: gaireport stop, then remove its directory.\n";

static const char usage_check[] =
	"Usage: gaireport check [--json] [--html FILE] [-w N] [-q] FILE|DIR...\n"
	"\n"
	"Reads report files with the parser built into the command; no database is used.\n"
	"Files are read as `gaireport load` reads them (.txt .md .html with their charset,\n"
	".pdf through pdftotext -tsv, .docx; directories searched for report files).  For\n"
	"each file it prints the agency, year, template, signature date and how the text was\n"
	"read, then the three statistical tables as the template lays them out (二、主动公开,\n"
	"三、收到和处理申请 with its 7 applicant columns, 四、复议和诉讼), then every broken rule\n"
	"as a sentence in the template's words, e.g.\n"
	"  error   第三项 （七）总计 自然人：印 20，分项之和 26（规则：（七）总计 = （一）至（六）之和）\n"
	"\n"
	"In the tables: a number as printed; — a blank cell (the rules count it as 0);\n"
	"?TEXT a cell whose printed TEXT is no certain number; a/b/c the values an ambiguous\n"
	"cell may have (glued digits; ?TEXT when they do not fit); 缺 a cell not found.\n"
	"After a value: ! it is the total a broken rule found wrong, ? not read, * in a\n"
	"warning.  A label too long for its column is wrapped; on a terminal narrower than\n"
	"the table the columns keep their width.  Colours on a terminal (not with NO_COLOR).\n"
	"\n"
	"Options:\n"
	"  --json          one JSON document on stdout instead: an array with an object per\n"
	"                  file (metadata; cells with code, section, item, col, status, value,\n"
	"                  raw, line, candidates; violations with rule, severity, item, col,\n"
	"                  expected, actual, message, cells; warnings; sections)\n"
	"  --html FILE     also write one self-contained web page (no external resources)\n"
	"                  drawing the tables like the official form, broken cells highlighted\n"
	"                  with the rule beside them, to look at before publishing\n"
	"  -w, --width N   columns of the text output (default: the terminal's, $COLUMNS, 80)\n"
	"  --color, --no-color\n"
	"  -q, --quiet     no text output (the exit status, --html)\n"
	"\n"
	"Exit status: 0 every file is a report that breaks no rule of severity error,\n"
	"1 some file breaks one (or misses a table or cell, or has one not read), is no\n"
	"report, or cannot be read, 2 usage.\n";

static int
usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry \"%s help%s%s\".\n", progname, cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

static const char *
help_for(const char *cmd)
{
	if (!cmd)
		return usage_main;
	if (strcmp(cmd, "load") == 0)
		return usage_load;
	if (strcmp(cmd, "reparse") == 0)
		return usage_reparse;
	if (strcmp(cmd, "stats") == 0)
		return usage_stats;
	if (strcmp(cmd, "export") == 0)
		return usage_export;
	if (strcmp(cmd, "check") == 0)
		return usage_check;
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "start") == 0 || strcmp(cmd, "stop") == 0)
		return usage_cluster;
	return NULL;
}

static int
parse_int(const char *cmd, const char *opt, const char *s, int lo, int hi, int *out)
{
	char	   *end;
	long		v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
	{
		char	   *m = xasprintf("%s takes a number from %d to %d, not \"%%s\"", opt, lo, hi);
		int			rc = usage_error(cmd, m, s);

		free(m);
		return rc;
	}
	*out = (int) v;
	return 0;
}

enum
{
	OPT_DB = 1000, OPT_REJECT, OPT_MATCH, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_NO_REFRESH,
	OPT_ROWS, OPT_CSV, OPT_WINDOW, OPT_FOLLOW, OPT_ALL, OPT_BATCH, OPT_XLSX, OPT_BOM
};

static int
run_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"jobs", required_argument, NULL, 'j'},
		{"reject-invalid", no_argument, NULL, OPT_REJECT},
		{"match", required_argument, NULL, OPT_MATCH},
		{"follow", no_argument, NULL, OPT_FOLLOW},
		{"progress", no_argument, NULL, OPT_PROGRESS},
		{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"window", required_argument, NULL, OPT_WINDOW},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	load_opts	o = {.progress = -1, .pattern = REPORT_FILES};
	int			c,
				rc;

	while ((c = getopt_long(argc, argv, ":j:qvh", opts, NULL)) != -1)
	{
		switch (c)
		{
			case OPT_DB:
				o.db = optarg;
				break;
			case 'j':
				if ((rc = parse_int("load", "--jobs", optarg, 1, 64, &o.jobs)) != 0)
					return rc;
				break;
			case OPT_WINDOW:	/* statements in flight per connection (tuning) */
				if ((rc = parse_int("load", "--window", optarg, 1, 10000, &o.window)) != 0)
					return rc;
				break;
			case OPT_REJECT:
				o.reject_invalid = true;
				break;
			case OPT_MATCH:
				o.pattern = strcmp(optarg, "*") == 0 ? NULL : optarg;
				break;
			case OPT_FOLLOW:
				o.follow = true;
				break;
			case OPT_PROGRESS:
				o.progress = 1;
				break;
			case OPT_NO_PROGRESS:
				o.progress = 0;
				break;
			case 'q':
				o.quiet = true;
				break;
			case 'v':
				o.verbose = true;
				break;
			case 'h':
				fputs(usage_load, stdout);
				return EXIT_OK;
			case ':':
				return usage_error("load", "%s needs a value", argv[optind - 1]);
			default:
				return usage_error("load", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("load", "%s", "load needs at least one FILE or DIR");
	return cmd_load(&o, argv + optind, argc - optind);
}

static int
run_reparse(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"all", no_argument, NULL, OPT_ALL},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"no-refresh", no_argument, NULL, OPT_NO_REFRESH},
		{"progress", no_argument, NULL, OPT_PROGRESS},
		{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	reparse_opts o = {.batch = 1000, .refresh = true, .progress = -1};
	int			c,
				rc;

	while ((c = getopt_long(argc, argv, ":qh", opts, NULL)) != -1)
	{
		switch (c)
		{
			case OPT_DB:
				o.db = optarg;
				break;
			case OPT_ALL:
				o.every = true;
				break;
			case OPT_BATCH:
				if ((rc = parse_int("reparse", "--batch", optarg, 1, 1000000, &o.batch)) != 0)
					return rc;
				break;
			case OPT_NO_REFRESH:
				o.refresh = false;
				break;
			case OPT_PROGRESS:
				o.progress = 1;
				break;
			case OPT_NO_PROGRESS:
				o.progress = 0;
				break;
			case 'q':
				o.quiet = true;
				break;
			case 'h':
				fputs(usage_reparse, stdout);
				return EXIT_OK;
			case ':':
				return usage_error("reparse", "%s needs a value", argv[optind - 1]);
			default:
				return usage_error("reparse", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("reparse", "unexpected argument \"%s\"", argv[optind]);
	return cmd_reparse(&o);
}

static int
run_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"no-refresh", no_argument, NULL, OPT_NO_REFRESH},
		{"rows", no_argument, NULL, OPT_ROWS},
		{"columns", no_argument, NULL, 'x'},
		{"all", no_argument, NULL, OPT_ALL},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	stats_opts	o = {.refresh = true};
	int			c;

	while ((c = getopt_long(argc, argv, ":xh", opts, NULL)) != -1)
	{
		switch (c)
		{
			case OPT_DB:
				o.db = optarg;
				break;
			case OPT_NO_REFRESH:
				o.refresh = false;
				break;
			case OPT_ROWS:
				o.layout = 1;
				break;
			case 'x':
				o.layout = 2;
				break;
			case OPT_ALL:
				o.all = true;
				break;
			case 'h':
				fputs(usage_stats, stdout);
				return EXIT_OK;
			case ':':
				return usage_error("stats", "%s needs a value", argv[optind - 1]);
			default:
				return usage_error("stats", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc && o.all)
		return usage_error("stats", "--all or views, not both: \"%s\"", argv[optind]);
	if (optind < argc)
		o.views = argv + optind;	/* argv[argc] is NULL */
	return cmd_stats(&o);
}

static int
run_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"csv", no_argument, NULL, OPT_CSV},
		{"bom", no_argument, NULL, OPT_BOM},
		{"xlsx", required_argument, NULL, OPT_XLSX},
		{"output", required_argument, NULL, 'o'},
		{"no-refresh", no_argument, NULL, OPT_NO_REFRESH},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	export_opts o = {.refresh = true};
	bool		csv = false;
	int			c;

	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1)
	{
		switch (c)
		{
			case OPT_DB:
				o.db = optarg;
				break;
			case OPT_CSV:
				csv = true;
				break;
			case OPT_BOM:
				o.bom = true;
				break;
			case OPT_XLSX:
				o.xlsx = optarg;
				break;
			case 'o':
				o.output = optarg;
				break;
			case OPT_NO_REFRESH:
				o.refresh = false;
				break;
			case 'h':
				fputs(usage_export, stdout);
				return EXIT_OK;
			case ':':
				return usage_error("export", "%s needs a value", argv[optind - 1]);
			default:
				return usage_error("export", "unknown option %s", argv[optind - 1]);
		}
	}
	if (o.xlsx)
	{
		if (csv || o.bom || o.output)
			return usage_error("export", "%s", "--xlsx FILE writes a workbook: not with --csv, --bom or -o");
		if (!*o.xlsx || strcmp(o.xlsx, "-") == 0)
			return usage_error("export", "%s", "--xlsx needs a file name");
		if (optind < argc)
			o.views = argv + optind;	/* argv[argc] is NULL */
		return cmd_export_xlsx(&o);
	}
	if (optind >= argc)
		return usage_error("export", "%s", "export needs the name of a view, e.g. gaireport export --csv gai_requests_yearly");
	if (optind + 1 < argc)
		return usage_error("export", "export writes one view; unexpected \"%s\"", argv[optind + 1]);
	o.view = argv[optind];
	return cmd_export(&o);
}

static int
run_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'J'},
		{"html", required_argument, NULL, 'H'},
		{"width", required_argument, NULL, 'w'},
		{"color", no_argument, NULL, 'C'},
		{"no-color", no_argument, NULL, 'N'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	check_opts	o = {.color = -1};
	int			c,
				rc;

	while ((c = getopt_long(argc, argv, ":w:qh", opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'J':
				o.json = true;
				break;
			case 'H':
				o.html = optarg;
				break;
			case 'w':
				if ((rc = parse_int("check", "--width", optarg, 40, 1000, &o.width)) != 0)
					return rc;
				break;
			case 'C':
				o.color = 1;
				break;
			case 'N':
				o.color = 0;
				break;
			case 'q':
				o.quiet = true;
				break;
			case 'h':
				fputs(usage_check, stdout);
				return EXIT_OK;
			case ':':
				return usage_error("check", "%s needs a value", argv[optind - 1]);
			default:
				return usage_error("check", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("check", "%s", "check needs at least one FILE or DIR");
	return cmd_check(&o, argv + optind, argc - optind);
}

static int
run_cluster(const char *cmd, int argc, char **argv)
{
	cluster		c;
	int			rc = EXIT_OK;

	if (argc > 1)
	{
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		{
			fputs(usage_cluster, stdout);
			return EXIT_OK;
		}
		return usage_error(cmd, "unexpected argument \"%s\"", argv[1]);
	}
	cluster_locate(&c);
	if (strcmp(cmd, "stop") == 0)
		rc = cluster_stop(&c);
	else if (strcmp(cmd, "start") == 0)
	{
		char	   *ci;

		cluster_ensure(&c, true, true);
		ci = cluster_conninfo(&c);
		printf("the embedded cluster in %s is running: psql \"%s\"\n", c.home, ci);
		free(ci);
	}
	else
	{
		int			running = cluster_running(&c);
		char	   *ci = cluster_conninfo(&c);

		printf("embedded cluster: %s\n", c.home);
		if (!cluster_exists(&c))
		{
			printf("  not created yet: the first `gaireport load FILE|DIR` (or `gaireport start`) creates it\n");
			rc = 3;
		}
		else
		{
			printf("  data:    %s\n", c.pgdata);
			printf("  socket:  %s (no TCP port)\n", c.sockdir);
			printf("  log:     %s/server.log\n", c.home);
			printf("  server:  %s/postgres%s\n", c.bindir, c.as_root ? " (as the postgres user)" : "");
			printf("  state:   %s\n", running == 1 ? "running" : running == 0 ? "not running (`gaireport start`, or any command that needs it, starts it)" : "unknown (see the log)");
			if (running == 1)
			{
				PGconn	   *conn = PQconnectdb(ci);
				PGresult   *res = PQstatus(conn) == CONNECTION_OK
					? PQexec(conn, "SELECT (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'gaireport'), "
							 "(SELECT pg_catalog.count(*) FROM gai_reports), (SELECT pg_catalog.count(*) FROM gai_versions)")
					: NULL;

				printf("  connect: psql \"%s\"\n", ci);
				if (res && PQresultStatus(res) == PGRES_TUPLES_OK)
					printf("  store:   gaireport %s, %s reports in gai_reports, %s texts in gai_versions\n",
						   PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
				PQclear(res);
				PQfinish(conn);
			}
			else
				rc = 3;
		}
		free(ci);
	}
	cluster_free(&c);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
	{
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
	{
		fputs(usage_main, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0)
	{
		printf("gaireport %s\n", GAI_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0)
	{
		const char *h = help_for(argc > 2 ? argv[2] : NULL);

		if (!h)
			return usage_error(NULL, "no command \"%s\"", argv[2]);
		fputs(h, stdout);
		return EXIT_OK;
	}
	/* subcommand options: getopt over argv[1..] */
	if (strcmp(cmd, "load") == 0)
		return run_load(argc - 1, argv + 1);
	if (strcmp(cmd, "reparse") == 0)
		return run_reparse(argc - 1, argv + 1);
	if (strcmp(cmd, "stats") == 0)
		return run_stats(argc - 1, argv + 1);
	if (strcmp(cmd, "export") == 0)
		return run_export(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return run_check(argc - 1, argv + 1);
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "start") == 0 || strcmp(cmd, "stop") == 0)
		return run_cluster(cmd, argc - 1, argv + 1);
	return usage_error(NULL, "no command \"%s\" (load, reparse, stats, export, check, status, start, stop, help)", cmd);
}
