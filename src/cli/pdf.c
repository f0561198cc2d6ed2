/*
 * pdf.c — a PDF -> `pdftotext -tsv` or `pdftotext -layout` output (pdf.h).
 *
 * pdftotext (poppler-utils) runs as a child process started with
 * posix_spawnp: no shell, its argument vector as given, a file name that
 * starts with '-' prefixed with "./" so it is never read as an option.  Its
 * stdout and stderr come back through pipes (close-on-exec, so that a child
 * spawned meanwhile by another thread of the loader holds no copy), read
 * with poll() against a deadline: after GAI_PDF_TIMEOUT_MS the child is
 * killed (SIGKILL) and reaped.  Output beyond GAI_PDF_MAX_OUTPUT kills it
 * too.  The in-memory variants write the PDF to its stdin from the same
 * poll loop (pdftotext reads "-" as stdin); SIGPIPE is blocked in the
 * calling thread while writing and a pending one consumed, so a child that
 * exits early never kills the loader.  The child gets an empty signal mask
 * and default signal actions.
 *
 * What pdftotext says is turned into one line: exit 1 with "Incorrect
 * password" is an encrypted PDF, exit 1 otherwise a damaged one (or not a
 * PDF: the first bytes are looked at first), exit 3 forbidden extraction.
 * A PDF that opens but has no word on any page is a scanned image (or
 * empty): it needs OCR.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE				/* pipe2, memmem */
#endif
#include "pdf.h"
#include "filetype.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *gai_pdftotext_program = "pdftotext";
int			gai_pdf_timeout_ms = GAI_PDF_TIMEOUT_MS;
size_t		gai_pdf_max_output = GAI_PDF_MAX_OUTPUT;

#define STDERR_KEEP 8192		/* bytes of pdftotext's stderr kept for messages */

static void
set_err(char *err, size_t errlen, const char *fmt,...) __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (!errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct
{
	char	   *out;
	size_t		out_len;
	size_t		out_cap;
	char		errbuf[STDERR_KEEP + 1];
	size_t		err_len;
	int			status;			/* waitpid status */
	bool		timed_out;
	bool		too_large;
	bool		spawn_enoent;
	int			spawn_errno;
} run_result;

/* writes to a pipe without SIGPIPE killing the process: EPIPE instead */
static ssize_t
write_nosigpipe(int fd, const void *buf, size_t n)
{
	sigset_t	block,
				old,
				pending;
	ssize_t		w;
	bool		was_pending;

	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	w = write(fd, buf, n);
	if (w < 0 && errno == EPIPE && !was_pending)
	{
		int			saved = errno;
		struct timespec zero = {0, 0};

		/* consume the SIGPIPE this write raised (thread-directed) */
		while (sigtimedwait(&block, NULL, &zero) < 0 && errno == EINTR)
			;
		errno = saved;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return w;
}

/*
 * Runs argv with stdin from input[0..input_len) (or /dev/null when input is
 * NULL), collecting stdout (at most max_out bytes) and the start of stderr.
 * Returns false when the child could not be started or a pipe failed (then
 * r->spawn_errno is set).
 */
static bool
run_child(char *const argv[], const unsigned char *input, size_t input_len, size_t max_out,
		  int timeout_ms, run_result *r)
{
	int			out_p[2] = {-1, -1},
				err_p[2] = {-1, -1},
				in_p[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t	none,
				all;
	pid_t		pid;
	int			rc;
	size_t		in_off = 0;
	long long	deadline;
	bool		ok = false;

	memset(r, 0, sizeof *r);
	if (pipe2(out_p, O_CLOEXEC) != 0 || pipe2(err_p, O_CLOEXEC) != 0 ||
		(input && pipe2(in_p, O_CLOEXEC) != 0))
	{
		r->spawn_errno = errno;
		goto close_all;
	}
	posix_spawn_file_actions_init(&fa);
	if (input)
		posix_spawn_file_actions_adddup2(&fa, in_p[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err_p[1], 2);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0)
	{
		r->spawn_errno = rc;
		r->spawn_enoent = rc == ENOENT;
		goto close_all;
	}
	/* the parent's ends only */
	close(out_p[1]);
	out_p[1] = -1;
	close(err_p[1]);
	err_p[1] = -1;
	if (input)
	{
		close(in_p[0]);
		in_p[0] = -1;
		fcntl(in_p[1], F_SETFL, fcntl(in_p[1], F_GETFL) | O_NONBLOCK);
		if (input_len == 0)
		{
			close(in_p[1]);
			in_p[1] = -1;
		}
	}

	deadline = now_ms() + timeout_ms;
	while (out_p[0] >= 0 || err_p[0] >= 0)
	{
		struct pollfd pf[3];
		int			n = 0,
					io = -1,
					ie = -1,
					ii = -1;
		long long	left = deadline - now_ms();
		char		buf[65536];

		if (left <= 0)
		{
			r->timed_out = true;
			break;
		}
		if (out_p[0] >= 0)
		{
			pf[n] = (struct pollfd)
			{
				out_p[0], POLLIN, 0
			};
			io = n++;
		}
		if (err_p[0] >= 0)
		{
			pf[n] = (struct pollfd)
			{
				err_p[0], POLLIN, 0
			};
			ie = n++;
		}
		if (in_p[1] >= 0)
		{
			pf[n] = (struct pollfd)
			{
				in_p[1], POLLOUT, 0
			};
			ii = n++;
		}
		rc = poll(pf, (nfds_t) n, left > 1000 ? 1000 : (int) left);
		if (rc < 0)
		{
			if (errno == EINTR)
				continue;
			r->spawn_errno = errno;
			break;
		}
		if (io >= 0 && pf[io].revents)
		{
			ssize_t		k = read(out_p[0], buf, sizeof buf);

			if (k > 0)
			{
				if (r->out_len + (size_t) k > max_out)
				{
					r->too_large = true;
					break;
				}
				if (r->out_len + (size_t) k + 1 > r->out_cap)
				{
					size_t		cap = r->out_cap ? r->out_cap : 65536;
					char	   *p;

					while (cap < r->out_len + (size_t) k + 1)
						cap *= 2;
					p = realloc(r->out, cap);
					if (!p)
					{
						r->spawn_errno = ENOMEM;
						break;
					}
					r->out = p;
					r->out_cap = cap;
				}
				memcpy(r->out + r->out_len, buf, (size_t) k);
				r->out_len += (size_t) k;
			}
			else if (k == 0 || (errno != EINTR && errno != EAGAIN))
			{
				close(out_p[0]);
				out_p[0] = -1;
			}
		}
		if (ie >= 0 && pf[ie].revents)
		{
			ssize_t		k = read(err_p[0], buf, sizeof buf);

			if (k > 0)
			{
				size_t		keep = STDERR_KEEP - r->err_len;

				if (keep > (size_t) k)
					keep = (size_t) k;
				memcpy(r->errbuf + r->err_len, buf, keep);
				r->err_len += keep;
			}
			else if (k == 0 || (errno != EINTR && errno != EAGAIN))
			{
				close(err_p[0]);
				err_p[0] = -1;
			}
		}
		if (ii >= 0 && pf[ii].revents)
		{
			ssize_t		k = 0;

			if (pf[ii].revents & POLLOUT)
				k = write_nosigpipe(in_p[1], input + in_off,
									input_len - in_off > 65536 ? 65536 : input_len - in_off);
			if (k > 0)
				in_off += (size_t) k;
			if (in_off == input_len || (k < 0 && errno != EAGAIN && errno != EINTR) ||
				(pf[ii].revents & (POLLERR | POLLHUP)))
			{
				/* all written, or the child stopped reading: it sees EOF */
				close(in_p[1]);
				in_p[1] = -1;
			}
		}
	}
	if (!(r->timed_out || r->too_large || r->spawn_errno))
	{
		/* its output is closed: it should be exiting, but not past the deadline */
		for (;;)
		{
			pid_t		w = waitpid(pid, &r->status, WNOHANG);

			if (w == pid || (w < 0 && errno != EINTR))
				goto reaped;
			if (now_ms() >= deadline)
			{
				r->timed_out = true;
				break;
			}
			usleep(2000);
		}
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
reaped:
	ok = r->spawn_errno == 0;

close_all:
	for (int i = 0; i < 2; i++)
	{
		if (out_p[i] >= 0)
			close(out_p[i]);
		if (err_p[i] >= 0)
			close(err_p[i]);
		if (in_p[i] >= 0)
			close(in_p[i]);
	}
	r->errbuf[r->err_len] = '\0';
	if (r->out)
		r->out[r->out_len] = '\0';
	return ok;
}

/* the first line of pdftotext's stderr that says something, trimmed, in buf */
static const char *
first_error_line(const char *errtext, char *buf, size_t n)
{
	const char *p = errtext;

	buf[0] = '\0';
	while (*p)
	{
		const char *e = strchr(p, '\n');
		size_t		len = e ? (size_t) (e - p) : strlen(p);

		while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len > 0 && strncmp(p, "Syntax Warning", 14) != 0)
		{
			if (len >= n)
				len = n - 1;
			memcpy(buf, p, len);
			buf[len] = '\0';
			/* keep the message to printable ASCII: it goes into one line */
			for (char *q = buf; *q; q++)
				if ((unsigned char) *q < 0x20 || (unsigned char) *q > 0x7e)
					*q = '?';
			return buf;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return buf;
}

/* whether TSV output holds a word: a level-5 line whose text is not blank */
static bool
tsv_has_words(const char *s, size_t len)
{
	const char *p = s,
			   *end = s + len;

	while (p < end)
	{
		const char *nl = memchr(p, '\n', (size_t) (end - p));
		const char *le = nl ? nl : end;

		if (le - p > 2 && p[0] == '5' && p[1] == '\t')
		{
			/* the text is after the 11th tab */
			const char *t = p;
			int			tabs = 0;

			while (t < le && tabs < 11)
				if (*t++ == '\t')
					tabs++;
			for (; tabs == 11 && t < le; t++)
				if (*t != ' ' && *t != '\t' && *t != '\r')
					return true;
		}
		p = le + 1;
	}
	return false;
}

/* whether layout output holds anything but white space and form feeds */
static bool
text_has_words(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\f' && s[i] != '\r' && s[i] != '\t')
			return true;
	return false;
}

/*
 * pdftotext MODE on path (or on data piped to stdin when path is NULL).
 * head: the file's first bytes (to say what a non-PDF is), may be NULL.
 */
static char *
convert(const char *mode, const char *path, const unsigned char *data, size_t len,
		const unsigned char *head, size_t head_len, size_t *out_len, char *err, size_t errlen)
{
	char	   *argv[8];
	char	   *arg_path = NULL;
	run_result r;
	int			code;
	char		line[300];
	bool		tsv = strcmp(mode, "-tsv") == 0;
	bool		has;
	int			k = 0;

	if (errlen)
		err[0] = '\0';
	if (out_len)
		*out_len = 0;

	/* not a PDF at all: say what it is instead (pdftotext would only say "damaged") */
	if (head && !(head_len >= 5 && memmem(head, head_len < 1024 ? head_len : 1024, "%PDF-", 5)))
	{
		const char *what = gai_describe_binary(head, head_len);

		if (head_len == 0)
			set_err(err, errlen, "an empty file, not a PDF");
		else if (what)
			set_err(err, errlen, "not a PDF: %s", what);
		else
			set_err(err, errlen, "not a PDF (no %%PDF- header)");
		return NULL;
	}

	if (path)
	{
		if (path[0] == '-')
		{
			arg_path = malloc(strlen(path) + 3);
			if (!arg_path)
			{
				set_err(err, errlen, "out of memory");
				return NULL;
			}
			strcpy(arg_path, "./");
			strcat(arg_path, path);
		}
		else
			arg_path = strdup(path);
		if (!arg_path)
		{
			set_err(err, errlen, "out of memory");
			return NULL;
		}
	}
	argv[k++] = (char *) gai_pdftotext_program;
	argv[k++] = (char *) mode;
	argv[k++] = (char *) "-enc";
	argv[k++] = (char *) "UTF-8";
	argv[k++] = path ? arg_path : (char *) "-";
	argv[k++] = (char *) "-";
	argv[k] = NULL;

	if (!run_child(argv, path ? NULL : data, path ? 0 : len, gai_pdf_max_output, gai_pdf_timeout_ms, &r))
	{
		if (r.spawn_enoent)
			set_err(err, errlen, "%s (poppler-utils) is not installed: install poppler-utils "
					"(apt-get install poppler-utils) to read PDF files", gai_pdftotext_program);
		else
			set_err(err, errlen, "cannot run %s: %s", gai_pdftotext_program, strerror(r.spawn_errno));
		free(r.out);
		free(arg_path);
		return NULL;
	}
	free(arg_path);
	if (r.timed_out)
	{
		set_err(err, errlen, "%s took longer than %.0f s and was stopped: the PDF is too large or damaged",
				gai_pdftotext_program, gai_pdf_timeout_ms / 1000.0);
		free(r.out);
		return NULL;
	}
	if (r.too_large)
	{
		set_err(err, errlen, "too much text (over %zu MB from %s)", gai_pdf_max_output >> 20,
				gai_pdftotext_program);
		free(r.out);
		return NULL;
	}
	if (WIFSIGNALED(r.status))
	{
		set_err(err, errlen, "%s crashed (signal %d): the PDF is probably damaged%s%s",
				gai_pdftotext_program, WTERMSIG(r.status),
				r.err_len ? ": " : "", first_error_line(r.errbuf, line, sizeof line));
		free(r.out);
		return NULL;
	}
	code = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
	if (code != 0)
	{
		if (strstr(r.errbuf, "Incorrect password") || strstr(r.errbuf, "ncrypt"))
			set_err(err, errlen, "an encrypted PDF: it needs a password to open; remove the password "
					"(e.g. qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf) and load OUT.pdf");
		else if (code == 3 || strstr(r.errbuf, "not allowed"))
			set_err(err, errlen, "the PDF forbids copying its text (its permissions): remove the "
					"restriction (e.g. qpdf --decrypt IN.pdf OUT.pdf) and load OUT.pdf");
		else if (code == 1)
			set_err(err, errlen, "a damaged PDF: %s cannot open it (%s)", gai_pdftotext_program,
					r.err_len ? first_error_line(r.errbuf, line, sizeof line) : "no reason given");
		else if (code == 127 && !r.out_len)
			set_err(err, errlen, "%s could not be run (exit status 127): install poppler-utils",
					gai_pdftotext_program);
		else
			set_err(err, errlen, "%s failed (exit status %d)%s%s", gai_pdftotext_program, code,
					r.err_len ? ": " : "", first_error_line(r.errbuf, line, sizeof line));
		free(r.out);
		return NULL;
	}
	if (tsv && (r.out_len < strlen(GAI_PDF_TSV_HEADER) ||
				memcmp(r.out, GAI_PDF_TSV_HEADER, strlen(GAI_PDF_TSV_HEADER)) != 0))
	{
		set_err(err, errlen, "%s gave no TSV (is it poppler's pdftotext, version 0.85 or later?)",
				gai_pdftotext_program);
		free(r.out);
		return NULL;
	}
	has = r.out && (tsv ? tsv_has_words(r.out, r.out_len) : text_has_words(r.out, r.out_len));
	if (!has)
	{
		if (r.err_len && strstr(r.errbuf, "Error"))
			set_err(err, errlen, "a damaged PDF: no text could be read (%s)",
					first_error_line(r.errbuf, line, sizeof line));
		else
			set_err(err, errlen, "no text layer: a scanned image; OCR it first "
					"(e.g. ocrmypdf -l chi_sim IN.pdf OUT.pdf) and load OUT.pdf");
		free(r.out);
		return NULL;
	}
	if (r.err_len && strstr(r.errbuf, "Error"))
		set_err(err, errlen, "warning: %s reported errors in the PDF, its text may be incomplete (%s)",
				gai_pdftotext_program, first_error_line(r.errbuf, line, sizeof line));
	if (!r.out)
	{
		r.out = malloc(1);
		if (!r.out)
		{
			set_err(err, errlen, "out of memory");
			return NULL;
		}
		r.out[0] = '\0';
	}
	/* a font mapping a glyph to U+0000 would cut the text short as a C string */
	for (char *z = memchr(r.out, '\0', r.out_len); z; z = memchr(z, '\0', r.out_len - (size_t) (z - r.out)))
		*z = ' ';
	if (out_len)
		*out_len = r.out_len;
	return r.out;
}

/* the first bytes of a file, to say what it is when it is no PDF; -1 when it cannot be read */
static ssize_t
read_head(const char *path, unsigned char *buf, size_t n, char *err, size_t errlen)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	ssize_t		k = 0;

	if (fd < 0)
	{
		set_err(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
	{
		set_err(err, errlen, "not a regular file");
		close(fd);
		return -1;
	}
	while ((size_t) k < n)
	{
		ssize_t		r = read(fd, buf + k, n - (size_t) k);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
		{
			set_err(err, errlen, "cannot read: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		k += r;
	}
	close(fd);
	return k;
}

#define HEAD_BYTES 65536		/* enough for an OLE file's directory, mostly */

static char *
convert_path(const char *mode, const char *path, char *err, size_t errlen)
{
	unsigned char *head = malloc(HEAD_BYTES);
	ssize_t		n;
	char	   *out;

	if (errlen)
		err[0] = '\0';
	if (!head)
	{
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	n = read_head(path, head, HEAD_BYTES, err, errlen);
	out = n < 0 ? NULL : convert(mode, path, NULL, 0, head, (size_t) n, NULL, err, errlen);
	free(head);
	return out;
}

char *
gai_pdf_to_tsv(const char *path, char *err, size_t errlen)
{
	return convert_path("-tsv", path, err, errlen);
}

char *
gai_pdf_to_layout(const char *path, char *err, size_t errlen)
{
	return convert_path("-layout", path, err, errlen);
}

char *
gai_pdf_mem_to_tsv(const unsigned char *data, size_t len, size_t *out_len, char *err, size_t errlen)
{
	return convert("-tsv", NULL, data, len, data, len, out_len, err, errlen);
}

char *
gai_pdf_mem_to_layout(const unsigned char *data, size_t len, size_t *out_len, char *err, size_t errlen)
{
	return convert("-layout", NULL, data, len, data, len, out_len, err, errlen);
}
