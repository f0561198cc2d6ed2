/*
 * converters.c — tests of the loader's converters (src/cli/docx.c, pdf.c,
 * filetype.c, sha256.c), one line per check and "N passed, M failed" at the end.
 *
 *   test/cli/run_converters [ROOT]      (ROOT: the repository, default ".")
 *
 * DOCX: every test/fixtures/docx/NAME.docx with a NAME.json truth is turned
 * into HTML, written with its truth into a temporary directory, and read by
 * the core (test/tools/gai_dump through test/tools/check_truth.py): every
 * truth cell must come back.  corners.docx must give corners.html exactly.
 * Bad input, made here in memory with libzip: not a zip, an OLE file (.doc,
 * encrypted .docx), a zip without a document, an .xlsx, an encrypted entry,
 * a zip bomb, too many entries, malformed XML, a DOCTYPE (entity bomb,
 * external entity), a root that is not w:document, UTF-16 XML.
 *
 * PDF: the rendered reports of test/fixtures/pdf give TSV with words (from
 * a path and from memory, the same), and layout text; an encrypted, a
 * damaged and a scanned-image PDF, a PNG, a .doc each get their message;
 * pdftotext missing, too slow, too verbose, exiting before reading its
 * input; a name starting with '-'; four threads at once.  The real PDFs in
 * ../shared/real (when present; third-party, never copied here) give TSV.
 *
 * File types: gai_detect_filetype on the fixtures and on a few made-up
 * heads.  SHA-256 (the original file's hash): the standard's test vectors
 * and sha256sum's answer.
 */
#include "docx.h"
#include "filetype.h"
#include "pdf.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <zip.h>

static int	n_pass,
			n_fail;
static const char *root = ".";
static char tmpdir[PATH_MAX];

static void
check(bool ok, const char *fmt,...) __attribute__((format(printf, 2, 3)));

static void
check(bool ok, const char *fmt,...)
{
	va_list		ap;

	printf("%s - ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		n_pass++;
	else
		n_fail++;
}

static char *
path2(const char *a, const char *b)
{
	size_t		n = strlen(a) + strlen(b) + 2;
	char	   *p = malloc(n);

	if (!p)
		abort();
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

static unsigned char *
read_all(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t		cap = 0,
				n = 0;

	if (!f)
		return NULL;
	for (;;)
	{
		size_t		k;

		if (n == cap)
		{
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		k = fread(buf + n, 1, cap - n, f);
		if (k == 0)
			break;
		n += k;
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static bool
write_all(const char *path, const void *data, size_t len)
{
	FILE	   *f = fopen(path, "wb");
	bool		ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* runs a command (argv) and returns its exit status, its stdout in *out (malloc'd) */
static int
run(char *const argv[], char **out)
{
	int			p[2];
	pid_t		pid;
	int			st;
	size_t		n = 0,
				cap = 4096;
	char	   *buf = malloc(cap);

	if (!buf || pipe(p) != 0)
		abort();
	pid = fork();
	if (pid == 0)
	{
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	for (;;)
	{
		ssize_t		k;

		if (n + 1 >= cap)
			buf = realloc(buf, cap *= 2);
		k = read(p[0], buf + n, cap - n - 1);
		if (k <= 0)
			break;
		n += (size_t) k;
	}
	buf[n] = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* ------------------------------------------------------------ zips made here */

typedef struct
{
	const char *name;
	const void *data;
	size_t		len;
	const char *password;		/* encrypt this entry (AES-256, else PKWARE) */
} member;

/* a zip archive in memory; NULL when libzip cannot make it */
static unsigned char *
make_zip(const member *m, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t	   *za;
	zip_stat_t	st;
	unsigned char *buf;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
	{
		zip_source_free(src);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
	{
		zip_source_t *s = zip_source_buffer(za, m[i].data, m[i].len, 0);
		zip_int64_t idx = s ? zip_file_add(za, m[i].name, s, ZIP_FL_ENC_UTF_8) : -1;

		if (idx < 0)
		{
			zip_source_free(s);
			zip_discard(za);
			zip_source_free(src);
			return NULL;
		}
		if (m[i].password &&
			zip_file_set_encryption(za, (zip_uint64_t) idx, ZIP_EM_AES_256, m[i].password) != 0 &&
			zip_file_set_encryption(za, (zip_uint64_t) idx, ZIP_EM_TRAD_PKWARE, m[i].password) != 0)
		{
			zip_discard(za);
			zip_source_free(src);
			return NULL;
		}
	}
	if (zip_close(za) != 0)
	{
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
	{
		zip_source_free(src);
		return NULL;
	}
	buf = malloc(st.size + 1);
	if (!buf || zip_source_read(src, buf, st.size) != (zip_int64_t) st.size)
	{
		free(buf);
		buf = NULL;
	}
	zip_source_close(src);
	zip_source_free(src);
	*len = st.size;
	return buf;
}

#define W_DOC_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
#define W_DOC_CLOSE "</w:body></w:document>"

/* gai_docx_to_html on a zip of one word/document.xml holding xml */
static char *
docx_of_xml(const char *xml, size_t xml_len, char *err, size_t errlen)
{
	member		m = {"word/document.xml", xml, xml_len, NULL};
	size_t		len;
	unsigned char *zipdata = make_zip(&m, 1, &len);
	char	   *html;

	if (!zipdata)
	{
		snprintf(err, errlen, "(the test could not make the zip)");
		return NULL;
	}
	html = gai_docx_to_html(zipdata, len, err, errlen);
	free(zipdata);
	return html;
}

static void
expect_docx_error(const char *what, const unsigned char *data, size_t len, const char *want)
{
	char		err[512];
	char	   *html = gai_docx_to_html(data, len, err, sizeof err);

	check(!html && strstr(err, want), "docx %s: \"%s\"", what, html ? "(converted)" : err);
	free(html);
}

static void
expect_xml_error(const char *what, const char *xml, const char *want)
{
	char		err[512];
	char	   *html = docx_of_xml(xml, strlen(xml), err, sizeof err);

	check(!html && strstr(err, want), "docx %s: \"%s\"", what, html ? "(converted)" : err);
	free(html);
}

/* ------------------------------------------------------------ DOCX */

static void
test_docx_fixtures(void)
{
	char	   *dir = path2(root, "test/fixtures/docx");
	char	   *outdir = path2(tmpdir, "docx");
	char	   *dump = path2(root, "test/tools/gai_dump");
	char	   *checker = path2(root, "test/tools/check_truth.py");
	DIR		   *d = opendir(dir);
	struct dirent *e;
	char	  **names = NULL;
	size_t		n = 0;

	mkdir(outdir, 0700);
	if (!d)
	{
		check(false, "docx fixtures: cannot open %s", dir);
		return;
	}
	while ((e = readdir(d)))
	{
		size_t		l = strlen(e->d_name);

		if (l > 5 && strcmp(e->d_name + l - 5, ".docx") == 0)
		{
			names = realloc(names, (n + 1) * sizeof *names);
			names[n++] = strndup(e->d_name, l - 5);
		}
	}
	closedir(d);
	for (size_t i = 0; i < n; i++)		/* sorted, for a stable output */
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(names[i], names[j]) > 0)
			{
				char	   *t = names[i];

				names[i] = names[j];
				names[j] = t;
			}

	for (size_t i = 0; i < n; i++)
	{
		char		file[PATH_MAX],
					truth[PATH_MAX],
					out_html[PATH_MAX],
					out_json[PATH_MAX],
					err[512];
		unsigned char *data,
				   *tj;
		size_t		len,
					tlen;
		char	   *html;

		snprintf(file, sizeof file, "%s/%s.docx", dir, names[i]);
		snprintf(truth, sizeof truth, "%s/%s.json", dir, names[i]);
		tj = read_all(truth, &tlen);
		if (!tj)
			continue;			/* corners.docx, encrypted.docx: checked below */
		data = read_all(file, &len);
		html = data ? gai_docx_to_html(data, len, err, sizeof err) : NULL;
		check(html != NULL, "docx %s converted (%zu bytes of .docx -> %zu bytes of HTML)%s%s", names[i], len,
			  html ? strlen(html) : 0, html ? "" : ": ", html ? "" : err);
		if (html)
		{
			char	   *argv[] = {"python3", checker, "--dump", dump, "--show", "5", out_html, NULL};
			char	   *out;
			int			rc;

			snprintf(out_html, sizeof out_html, "%s/%s.html", outdir, names[i]);
			snprintf(out_json, sizeof out_json, "%s/%s.json", outdir, names[i]);
			write_all(out_html, html, strlen(html));
			write_all(out_json, tj, tlen);
			rc = run(argv, &out);
			{
				/* "reports: 1, wrong: 0; cells: C, wrong: X" */
				const char *cells = strstr(out, "cells: ");
				char		summary[100] = "";

				if (cells)
					snprintf(summary, sizeof summary, "%.*s", (int) strcspn(cells, "\n"), cells);
				check(rc == 0, "docx %s read by the core (gai_dump) gives every truth cell [%s]%s%s", names[i],
					  summary, rc == 0 ? "" : "\n", rc == 0 ? "" : out);
			}
			free(out);
		}
		free(html);
		free(data);
		free(tj);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	free(outdir);
	free(dump);
	free(checker);
}

static void
test_docx_corners(void)
{
	char	   *file = path2(root, "test/fixtures/docx/corners.docx");
	char	   *want_file = path2(root, "test/fixtures/docx/corners.html");
	size_t		len,
				wlen;
	unsigned char *data = read_all(file, &len),
			   *want = read_all(want_file, &wlen);
	char		err[512];
	char	   *html = data ? gai_docx_to_html(data, len, err, sizeof err) : NULL;

	check(html && want && strcmp(html, (char *) want) == 0,
		  "docx corners.docx gives corners.html exactly (gridSpan, vMerge, gridBefore/After, hMerge, nested table, "
		  "numbering, sup/sub, footnote mark, hidden/deleted text, text box)");
	if (html && want && strcmp(html, (char *) want) != 0)
	{
		char	   *got = path2(tmpdir, "corners.got.html");

		write_all(got, html, strlen(html));
		printf("    got: %s (diff it against %s)\n", got, want_file);
		free(got);
	}
	free(html);
	free(data);
	free(want);
	free(file);
	free(want_file);
}

static void
test_docx_bad(void)
{
	char		err[512];
	char	   *html;
	unsigned char *zipdata;
	size_t		len;

	/* files of the fixtures that are no .docx */
	{
		static const struct
		{
			const char *file;
			const char *want;
		}			cases[] = {
			{"test/fixtures/docx/encrypted.docx", "encrypted (password-protected) Office document"},
			{"test/fixtures/pdf/legacy.doc", "legacy Word .doc"},
			{"test/fixtures/pdf/picture.png", "PNG picture"},
			{"test/fixtures/pdf/small.pdf", "a PDF file"},
		};

		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		{
			char	   *p = path2(root, cases[i].file);
			unsigned char *data = read_all(p, &len);

			if (data)
				expect_docx_error(cases[i].file, data, len, cases[i].want);
			else
				check(false, "docx %s: cannot read the fixture", cases[i].file);
			free(data);
			free(p);
		}
	}
	expect_docx_error("empty file", (const unsigned char *) "", 0, "empty file");
	expect_docx_error("plain text", (const unsigned char *) "hello, world", 12, "not a zip archive");
	expect_docx_error("zip cut short", (const unsigned char *) "PK\3\4\24\0\0\0\10\0", 10, "zip");

	{
		member		m[] = {{"readme.txt", "hello", 5, NULL}};

		zipdata = make_zip(m, 1, &len);
		expect_docx_error("zip without a document", zipdata, len, "without word/document.xml");
		free(zipdata);
	}
	{
		member		m[] = {{"[Content_Types].xml", "<Types/>", 8, NULL}, {"xl/workbook.xml", "<workbook/>", 11, NULL}};

		zipdata = make_zip(m, 2, &len);
		expect_docx_error("an .xlsx", zipdata, len, "Excel workbook");
		free(zipdata);
	}
	{
		const char *xml = W_DOC_OPEN "<w:p><w:r><w:t>secret</w:t></w:r></w:p>" W_DOC_CLOSE;
		member		m[] = {{"word/document.xml", xml, strlen(xml), "password"}};

		zipdata = make_zip(m, 1, &len);
		if (zipdata)
			expect_docx_error("encrypted zip entry", zipdata, len, "encrypted zip archive");
		else
			check(false, "docx encrypted zip entry: libzip could not encrypt an entry here");
		free(zipdata);
	}
	{
		/* a zip bomb: 80 MB of document.xml in a few hundred kB */
		size_t		big = 80u << 20;
		char	   *xml = malloc(big);
		member		m[] = {{"word/document.xml", xml, big, NULL}};

		memcpy(xml, W_DOC_OPEN, strlen(W_DOC_OPEN));
		memset(xml + strlen(W_DOC_OPEN), ' ', big - strlen(W_DOC_OPEN));
		zipdata = make_zip(m, 1, &len);
		if (zipdata)
			expect_docx_error("zip bomb (80 MB of XML)", zipdata, len, "too large");
		else
			check(false, "docx zip bomb: libzip could not make it");
		printf("    (the bomb: %zu bytes of zip)\n", len);
		free(zipdata);
		free(xml);
	}
	{
		size_t		n = GAI_DOCX_MAX_ENTRIES + 1;
		member	   *m = calloc(n, sizeof *m);
		char	  **names = calloc(n, sizeof *names);

		for (size_t i = 0; i < n; i++)
		{
			names[i] = malloc(32);
			snprintf(names[i], 32, "e/%zu", i);
			m[i].name = names[i];
			m[i].data = "";
		}
		zipdata = make_zip(m, n, &len);
		expect_docx_error("too many entries", zipdata, len, "entries");
		free(zipdata);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		free(m);
	}
	expect_xml_error("malformed XML", W_DOC_OPEN "<w:p><w:r><w:t>cut", "malformed XML");
	expect_xml_error("mismatched tags", W_DOC_OPEN "<w:p></w:r>" W_DOC_CLOSE, "malformed XML");
	expect_xml_error("not XML", "\x01\x02 binary", "malformed XML");
	expect_xml_error("entity bomb in a DOCTYPE",
					 "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">"
					 "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
					 "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>"
					 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
					 "<w:p><w:r><w:t>&e;&e;&e;&e;&e;&e;&e;&e;</w:t></w:r></w:p>" W_DOC_CLOSE, "DOCTYPE");
	expect_xml_error("external entity",
					 "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY f SYSTEM \"file:///etc/passwd\">]>"
					 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
					 "<w:p><w:r><w:t>&f;</w:t></w:r></w:p>" W_DOC_CLOSE, "DOCTYPE");
	expect_xml_error("root not w:document", "<?xml version=\"1.0\"?><workbook/>", "not a Word document");
	expect_xml_error("no w:body", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>",
					 "no <w:body>");

	/* what must convert */
	{
		const char *xml = W_DOC_OPEN "<w:p><w:r><w:t>A &amp; B &lt;c&gt; &#x4E00;</w:t></w:r></w:p>" W_DOC_CLOSE;

		html = docx_of_xml(xml, strlen(xml), err, sizeof err);
		check(html && strstr(html, "<p>A &amp; B &lt;c&gt; 一</p>"), "docx text escaped for HTML, character references read");
		free(html);
	}
	{
		/* UTF-16 XML, as some writers save it */
		const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>";
		const char *rest = W_DOC_OPEN "<w:p><w:r><w:t>X</w:t></w:r></w:p>" W_DOC_CLOSE;
		size_t		la,
					lr,
					k = 0;
		char	   *u;

		rest += strcspn(rest, ">") + 1;	/* W_DOC_OPEN without its UTF-8 declaration */
		la = strlen(decl);
		lr = strlen(rest);
		u = malloc(2 * (la + lr) + 2);
		u[k++] = (char) 0xFF;
		u[k++] = (char) 0xFE;
		for (size_t i = 0; i < la + lr; i++)
		{
			u[k++] = i < la ? decl[i] : rest[i - la];
			u[k++] = 0;
		}
		html = docx_of_xml(u, k, err, sizeof err);
		check(html && strstr(html, "<p>X</p>"), "docx document.xml in UTF-16 (BOM) converted%s%s", html ? "" : ": ",
			  html ? "" : err);
		free(html);
		free(u);
	}
	{
		/* a vMerge over 3 rows beside a gridSpan, and a table with no rows */
		const char *xml = W_DOC_OPEN
			"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
			"<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>V</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>H</w:t></w:r></w:p></w:tc></w:tr>"
			"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>"
			"<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr><w:p/></w:tc>"
			"<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>"
			"<w:tr><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc>"
			"<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
			"</w:tbl><w:tbl/>" W_DOC_CLOSE;

		html = docx_of_xml(xml, strlen(xml), err, sizeof err);
		check(html && strstr(html, "<tr><td rowspan=\"3\">V</td><td colspan=\"2\">H</td></tr>\n"
							 "<tr><td>1</td><td>2</td></tr>\n<tr><td colspan=\"2\" rowspan=\"2\">3</td></tr>\n"
							 "<tr><td>4</td></tr>\n</table>\n<table border=\"1\">\n</table>"),
			  "docx vMerge over three rows, a merged cell both ways, an empty table");
		free(html);
	}
	{
		/* tables nested past the limit */
		size_t		depth = GAI_DOCX_MAX_NESTING + 5,
					cap = 200 * depth + 300,
					k = 0;
		char	   *xml = malloc(cap);

		k += (size_t) snprintf(xml + k, cap - k, "%s", W_DOC_OPEN);
		for (size_t i = 0; i < depth; i++)
			k += (size_t) snprintf(xml + k, cap - k, "<w:tbl><w:tr><w:tc>");
		k += (size_t) snprintf(xml + k, cap - k, "<w:p/>");
		for (size_t i = 0; i < depth; i++)
			k += (size_t) snprintf(xml + k, cap - k, "</w:tc></w:tr></w:tbl>");
		snprintf(xml + k, cap - k, "%s", W_DOC_CLOSE);
		expect_xml_error("tables nested too deep", xml, "nested more than");
		free(xml);
	}
}

/* ------------------------------------------------------------ PDF */

/*
 * The TSV of a PDF with its truth, for check_no_wrong.py: the core reads
 * word boxes (pdftotext -tsv) in part; none of its cells may be wrong.
 */
static void
save_tsv(const char *dir, const char *name, const char *tsv, const char *truth_file)
{
	char		p[PATH_MAX];
	size_t		len;
	unsigned char *truth = read_all(truth_file, &len);

	if (!truth)
		return;
	mkdir(dir, 0700);
	snprintf(p, sizeof p, "%s/%s.txt", dir, name);
	write_all(p, tsv, strlen(tsv));
	snprintf(p, sizeof p, "%s/%s.json", dir, name);
	write_all(p, truth, len);
	free(truth);
}

static void
check_no_wrong(const char *dir, const char *what)
{
	char	   *dump = path2(root, "test/tools/gai_dump");
	char	   *checker = path2(root, "test/tools/check_no_wrong.py");
	char	   *argv[] = {"python3", checker, "--dump", dump, (char *) dir, NULL};
	char	   *out = NULL;
	int			rc;
	struct stat st;

	if (stat(checker, &st) != 0 || stat(dir, &st) != 0)
	{
		printf("skip - %s: no %s or nothing to check\n", what, checker);
		free(dump);
		free(checker);
		return;
	}
	rc = run(argv, &out);
	{
		/* "DIR: N reports, C cells: right R (P%), flagged F, wrong W" */
		const char *sum = strstr(out, dir);
		char		summary[160] = "";

		if (sum && (sum = strstr(sum, ": ")))
			snprintf(summary, sizeof summary, "%.*s", (int) strcspn(sum + 2, "\n"), sum + 2);
		check(rc == 0, "%s read by the core as word boxes: no cell wrong [%s]%s%s", what, summary,
			  rc == 0 ? "" : "\n", rc == 0 ? "" : out);
	}
	free(out);
	free(dump);
	free(checker);
}

static size_t
count_words(const char *tsv)
{
	size_t		n = 0;

	for (const char *p = tsv; p && *p;)
	{
		if (p[0] == '5' && p[1] == '\t')
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

static void
expect_pdf_error(const char *what, const char *file, const char *want)
{
	char		err[512];
	char	   *out = gai_pdf_to_tsv(file, err, sizeof err);

	check(!out && strstr(err, want), "pdf %s: \"%s\"", what, out ? "(converted)" : err);
	free(out);
}

typedef struct
{
	const char *file;
	char	   *out;
	char		err[512];
} job;

static void *
thread_main(void *arg)
{
	job		   *j = arg;

	j->out = gai_pdf_to_tsv(j->file, j->err, sizeof j->err);
	return NULL;
}

static char *
script(const char *name, const char *body)
{
	char	   *p = path2(tmpdir, name);
	FILE	   *f = fopen(p, "w");

	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(p, 0755);
	return p;
}

static void
test_pdf(void)
{
	char	   *dir = path2(root, "test/fixtures/pdf");
	char		err[512];

	for (int i = 0; i < 2; i++)
	{
		const char *name = i ? "report_2021.pdf" : "report_2019.pdf";
		char	   *file = path2(dir, name);
		char	   *tsv = gai_pdf_to_tsv(file, err, sizeof err);
		size_t		len,
					mlen = 0;
		unsigned char *data = read_all(file, &len);
		char	   *mem = data ? gai_pdf_mem_to_tsv(data, len, &mlen, err, sizeof err) : NULL;
		char	   *lay = gai_pdf_to_layout(file, err, sizeof err);

		check(tsv && strncmp(tsv, GAI_PDF_TSV_HEADER "\n", strlen(GAI_PDF_TSV_HEADER) + 1) == 0 &&
			  count_words(tsv) > 300 && strstr(tsv, "\t行政复议\n") && err[0] == '\0',
			  "pdf %s -> TSV: the header, %zu words, 行政复议 among them", name, count_words(tsv));
		check(tsv && mem && mlen == strlen(tsv) && strcmp(tsv, mem) == 0,
			  "pdf %s from memory (stdin) gives the same TSV", name);
		if (tsv)
		{
			char	   *tdir = path2(tmpdir, "pdf_tsv");
			char	   *truth = path2(dir, i ? "report_2021.json" : "report_2019.json");

			save_tsv(tdir, i ? "report_2021" : "report_2019", tsv, truth);
			free(tdir);
			free(truth);
		}
		check(lay && strstr(lay, "行政复议") && strchr(lay, '\f'), "pdf %s -> layout text (%zu bytes, page breaks)",
			  name, lay ? strlen(lay) : 0);
		free(tsv);
		free(mem);
		free(lay);
		free(data);
		free(file);
	}

	{
		char	   *f;

		expect_pdf_error("encrypted.pdf (qpdf --encrypt, a user password)", f = path2(dir, "encrypted.pdf"), "encrypted PDF");
		free(f);
		expect_pdf_error("damaged.pdf (cut short)", f = path2(dir, "damaged.pdf"), "damaged PDF");
		free(f);
		expect_pdf_error("scanned.pdf (a picture only)", f = path2(dir, "scanned.pdf"),
						 "no text layer: a scanned image; OCR it first");
		free(f);
		expect_pdf_error("picture.png", f = path2(dir, "picture.png"), "not a PDF: a PNG picture");
		free(f);
		expect_pdf_error("legacy.doc", f = path2(dir, "legacy.doc"), "not a PDF: a legacy Word .doc");
		free(f);
		f = path2(root, "test/fixtures/docx/encrypted.docx");
		expect_pdf_error("encrypted.docx", f, "not a PDF: an encrypted (password-protected) Office document");
		free(f);
		f = path2(root, "test/fixtures/docx/doc_000003.docx");
		expect_pdf_error("a .docx", f, "not a PDF: a zip archive");
		free(f);
		expect_pdf_error("a missing file", "/nonexistent/x.pdf", "cannot open");
		f = path2(dir, "scanned.pdf");
		{
			char	   *out = gai_pdf_to_layout(f, err, sizeof err);

			check(!out && strstr(err, "no text layer"), "pdf scanned.pdf as layout: \"%s\"", out ? "(converted)" : err);
			free(out);
		}
		free(f);
	}
	{
		/* the damaged PDF from memory, and a PDF header followed by junk */
		char	   *f = path2(dir, "damaged.pdf");
		size_t		len;
		unsigned char *data = read_all(f, &len);
		char	   *out = gai_pdf_mem_to_tsv(data, len, NULL, err, sizeof err);
		const char *junk = "%PDF-1.4\nthis is no PDF at all\n";

		check(!out && strstr(err, "damaged PDF"), "pdf damaged.pdf from memory: \"%s\"", out ? "(converted)" : err);
		free(out);
		out = gai_pdf_mem_to_tsv((const unsigned char *) junk, strlen(junk), NULL, err, sizeof err);
		check(!out && strstr(err, "damaged PDF"), "pdf a header and junk: \"%s\"", out ? "(converted)" : err);
		free(out);
		out = gai_pdf_mem_to_tsv((const unsigned char *) "", 0, NULL, err, sizeof err);
		check(!out && strstr(err, "empty file"), "pdf an empty file: \"%s\"", out ? "(converted)" : err);
		free(out);
		free(data);
		free(f);
	}
	{
		/* a name starting with '-' is no option */
		char	   *src = path2(dir, "small.pdf");
		char	   *dst = path2(tmpdir, "-small.pdf");
		size_t		len;
		unsigned char *data = read_all(src, &len);
		char		cwd[PATH_MAX];
		char	   *out;

		write_all(dst, data, len);
		if (getcwd(cwd, sizeof cwd) && chdir(tmpdir) == 0)
		{
			out = gai_pdf_to_tsv("-small.pdf", err, sizeof err);
			check(out && count_words(out) > 0, "pdf a file named -small.pdf (not taken for an option)%s%s",
				  out ? "" : ": ", out ? "" : err);
			free(out);
			if (chdir(cwd) != 0)
				abort();
		}
		free(data);
		free(src);
		free(dst);
	}
	{
		/* pdftotext missing, too slow, too verbose, exiting without reading its input */
		const char *saved = gai_pdftotext_program;
		char	   *f = path2(dir, "small.pdf");
		char	   *slow = script("slow-pdftotext", "exec sleep 30");
		char	   *chatty = script("chatty-pdftotext", "exec yes 5 level word");
		char	   *quitter = script("quitter-pdftotext", "echo 'Syntax Error: gave up' >&2; exit 99");
		size_t		big = 8u << 20;
		unsigned char *input = malloc(big);
		char	   *out;
		double		t0;
		struct timespec ts;

		gai_pdftotext_program = "pdftotext-not-installed-here";
		out = gai_pdf_to_tsv(f, err, sizeof err);
		check(!out && strstr(err, "install poppler-utils"), "pdf pdftotext missing: \"%s\"", out ? "(converted)" : err);
		free(out);

		gai_pdftotext_program = slow;
		gai_pdf_timeout_ms = 1000;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t0 = ts.tv_sec + ts.tv_nsec / 1e9;
		out = gai_pdf_to_tsv(f, err, sizeof err);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		check(!out && strstr(err, "took longer than 1 s") && ts.tv_sec + ts.tv_nsec / 1e9 - t0 < 5,
			  "pdf pdftotext killed after the time limit: \"%s\"", out ? "(converted)" : err);
		free(out);
		gai_pdf_timeout_ms = GAI_PDF_TIMEOUT_MS;

		gai_pdftotext_program = chatty;
		gai_pdf_max_output = 1u << 20;
		out = gai_pdf_to_tsv(f, err, sizeof err);
		check(!out && strstr(err, "too much text"), "pdf output over the limit: \"%s\"", out ? "(converted)" : err);
		free(out);
		gai_pdf_max_output = GAI_PDF_MAX_OUTPUT;

		gai_pdftotext_program = quitter;
		memset(input, 'x', big);
		memcpy(input, "%PDF-1.4\n", 9);
		out = gai_pdf_mem_to_tsv(input, big, NULL, err, sizeof err);
		check(!out && strstr(err, "exit status 99"),
			  "pdf a child exiting before it read its 8 MB of input (no SIGPIPE): \"%s\"", out ? "(converted)" : err);
		free(out);
		{
			/* a NUL in pdftotext's output (a glyph mapped to U+0000) */
			char	   *nul = script("nul-pdftotext",
									 "printf '" GAI_PDF_TSV_HEADER "\\n5\\t1\\t0\\t0\\t0\\t0\\t1\\t1\\t1\\t1\\t100\\ta\\000b\\n'");
			size_t		olen = 0;

			gai_pdftotext_program = nul;
			out = gai_pdf_mem_to_tsv(input, 100, &olen, err, sizeof err);
			check(out && olen > 0 && strlen(out) == olen && strstr(out, "\ta b\n"),
				  "pdf a NUL byte in pdftotext's output becomes a space%s%s", out ? "" : ": ", out ? "" : err);
			free(out);
			free(nul);
		}
		gai_pdftotext_program = saved;
		free(input);
		free(f);
		free(slow);
		free(chatty);
		free(quitter);
	}
	{
		job			jobs[4];
		pthread_t	th[4];
		bool		ok = true;
		char	   *files[2] = {path2(dir, "report_2019.pdf"), path2(dir, "encrypted.pdf")};

		for (int i = 0; i < 4; i++)
		{
			jobs[i].file = files[i % 2];
			pthread_create(&th[i], NULL, thread_main, &jobs[i]);
		}
		for (int i = 0; i < 4; i++)
		{
			pthread_join(th[i], NULL);
			ok = ok && (i % 2 ? !jobs[i].out && strstr(jobs[i].err, "encrypted") : jobs[i].out != NULL);
			free(jobs[i].out);
		}
		check(ok, "pdf four conversions in four threads at once");
		free(files[0]);
		free(files[1]);
	}
	{
		char	   *tdir = path2(tmpdir, "pdf_tsv");

		check_no_wrong(tdir, "pdf report_2019.pdf and report_2021.pdf TSV");
		free(tdir);
	}

	/* the real PDFs (third-party, read where they are) */
	{
		char	   *real = path2(root, "../shared/real");
		DIR		   *d = opendir(real);
		struct dirent *e;
		int			seen = 0;

		while (d && (e = readdir(d)))
		{
			size_t		l = strlen(e->d_name);
			char	   *f,
					   *out;

			if (l < 5 || strcmp(e->d_name + l - 4, ".pdf") != 0)
				continue;
			f = path2(real, e->d_name);
			out = gai_pdf_to_tsv(f, err, sizeof err);
			check(out && strncmp(out, GAI_PDF_TSV_HEADER "\n", strlen(GAI_PDF_TSV_HEADER) + 1) == 0 &&
				  count_words(out) > 0, "pdf real %s -> TSV: the header, %zu words, %zu bytes%s%s", e->d_name,
				  count_words(out), out ? strlen(out) : 0, err[0] ? "; " : "", err);
			seen++;
			if (out)
			{
				/* NAME.pdf's truth is NAME.truth.json */
				char		truth[PATH_MAX],
							name[256];
				char	   *tdir = path2(tmpdir, "real_tsv");

				snprintf(name, sizeof name, "%.*s", (int) (l - 4), e->d_name);
				snprintf(truth, sizeof truth, "%s/%s.truth.json", real, name);
				save_tsv(tdir, name, out, truth);
				free(tdir);
			}
			free(out);
			free(f);
		}
		if (d)
			closedir(d);
		if (!seen)
			printf("skip - no real PDFs in %s\n", real);
		else
		{
			char	   *tdir = path2(tmpdir, "real_tsv");

			check_no_wrong(tdir, "pdf the real PDFs' TSV");
			free(tdir);
		}
		free(real);
	}
	free(dir);
}

/* ------------------------------------------------------------ file types */

static void
test_filetypes(void)
{
	static const struct
	{
		const char *file;
		gai_filetype want;
		const char *why;
	}			files[] = {
		{"test/fixtures/pdf/report_2019.pdf", GAI_FT_PDF, NULL},
		{"test/fixtures/docx/doc_000003.docx", GAI_FT_DOCX, NULL},
		{"test/fixtures/docx/encrypted.docx", GAI_FT_UNSUPPORTED, "encrypted"},
		{"test/fixtures/pdf/legacy.doc", GAI_FT_UNSUPPORTED, "legacy Word .doc"},
		{"test/fixtures/pdf/picture.png", GAI_FT_UNSUPPORTED, "PNG picture"},
		{"test/fixtures/html/000000.html", GAI_FT_HTML, NULL},
		{"test/fixtures/html_cases/crawler_cells.txt", GAI_FT_TEXT, NULL},
	};
	static const struct
	{
		const char *name;
		const char *head;
		size_t		len;
		gai_filetype want;
		const char *why;
	}			heads[] = {
		{"report.doc", "<html xmlns:v=\"urn:schemas-microsoft-com:vml\">", 46, GAI_FT_HTML, NULL},
		{"report.doc", "PK\3\4rest", 8, GAI_FT_DOCX, NULL},
		{"report.doc", "{\\rtf1\\ansi", 11, GAI_FT_UNSUPPORTED, "RTF"},
		{"report.wps", "\0\1\2\3binary", 10, GAI_FT_UNSUPPORTED, ".doc or .wps"},
		{"report", "\xEF\xBB\xBF  <!DOCTYPE html><html>", 27, GAI_FT_HTML, NULL},
		{"page.txt", "<?xml version=\"1.0\"?>\n<!-- c --><html>", 38, GAI_FT_HTML, NULL},
		{"report.txt", "一、总体情况", 18, GAI_FT_TEXT, NULL},
		{"report.pdf", "not a pdf", 9, GAI_FT_PDF, NULL},
		{"scan.jpg", "\xFF\xD8\xFF\xE0", 4, GAI_FT_UNSUPPORTED, "JPEG"},
		{"page.mht", "MIME-Version: 1.0\r\n", 19, GAI_FT_UNSUPPORTED, "web archive"},
		{"x.pdf", "junk before %PDF-1.7", 20, GAI_FT_PDF, NULL},
	};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
	{
		char	   *p = path2(root, files[i].file);
		size_t		len;
		unsigned char *data = read_all(p, &len);
		const char *why;
		gai_filetype t = data ? gai_detect_filetype(p, data, len, &why) : GAI_FT_TEXT;

		check(data && t == files[i].want && (!files[i].why || (why && strstr(why, files[i].why))),
			  "filetype %s: %s%s%s", files[i].file, gai_filetype_name(t), why ? ": " : "", why ? why : "");
		free(data);
		free(p);
	}
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
	{
		const char *why;
		gai_filetype t = gai_detect_filetype(heads[i].name, (const unsigned char *) heads[i].head, heads[i].len, &why);

		check(t == heads[i].want && (!heads[i].why || (why && strstr(why, heads[i].why))),
			  "filetype %s starting %.12s...: %s%s%s", heads[i].name, heads[i].head[0] ? heads[i].head : "(NUL)",
			  gai_filetype_name(t), why ? ": " : "", why ? why : "");
	}
}

/* ------------------------------------------------------------ the original file's hash */

static void
test_sha256(void)
{
	static const struct
	{
		const char *in;
		const char *want;
	}			v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	char		got[65];
	bool		ok = true;
	char	   *million = malloc(1000000);
	char	   *f = path2(root, "test/fixtures/pdf/report_2019.pdf");
	char	   *argv[] = {"sha256sum", f, NULL};
	char	   *out;
	size_t		len;
	unsigned char *data = read_all(f, &len);

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
	{
		gai_sha256_hex(v[i].in, strlen(v[i].in), got);
		ok = ok && strcmp(got, v[i].want) == 0;
	}
	memset(million, 'a', 1000000);
	gai_sha256_hex(million, 1000000, got);
	ok = ok && strcmp(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0;
	check(ok, "sha256 of the FIPS 180-2 test vectors");
	if (data && run(argv, &out) == 0)
	{
		gai_sha256_hex(data, len, got);
		check(strncmp(out, got, 64) == 0, "sha256 of report_2019.pdf as sha256sum says (%.16s...)", got);
		free(out);
	}
	free(data);
	free(million);
	free(f);
}

int
main(int argc, char **argv)
{
	char		cmd[PATH_MAX + 16];

	if (argc > 1)
		root = argv[1];
	xmlInitParser();
	snprintf(tmpdir, sizeof tmpdir, "/tmp/gaireport_converters_XXXXXX");
	if (!mkdtemp(tmpdir))
	{
		perror("mkdtemp");
		return 2;
	}
	test_docx_fixtures();
	test_docx_corners();
	test_docx_bad();
	test_pdf();
	test_filetypes();
	test_sha256();
	printf("%d passed, %d failed\n", n_pass, n_fail);
	if (n_fail == 0)
	{
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	else
		printf("(the converted files are in %s)\n", tmpdir);
	xmlCleanupParser();
	return n_fail ? 1 : 0;
}
