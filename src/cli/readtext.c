/*
 * readtext.c — one report file -> the text the core reads, for every command
 * that reads files (`load` sends it to the server, `check` parses it here).
 *
 * A file is read whole (read_file: only the regular file files_expand saw,
 * not one that changes while read); binary containers are converted (a PDF
 * to word boxes with `pdftotext -tsv`, a .docx to a web page of its tables);
 * other files are decoded to UTF-8 (UTF-8, GB18030, UTF-16 with a BOM).
 */
#include "cli.h"
#include "docx.h"
#include "filetype.h"
#include "pdf.h"
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ reading a file */

/*
 * Reads a whole file into a malloc'd buffer with one spare byte; NULL and
 * *why (malloc'd) on failure.  Only a regular file is read, and only the one
 * files_expand saw: it is opened with O_NONBLOCK (should a FIFO have been
 * put in its place, the open does not wait for a writer) and O_NOCTTY, with
 * O_NOFOLLOW when it was no symbolic link, and the descriptor must be a
 * regular file with the device and inode stat saw, so no path swapped
 * meanwhile (a link, a FIFO, a device, another file) is read.  A file that
 * changes while read (its size or modification time differs afterwards, or
 * it goes on past the size it had) is not loaded: it is being written.
 */
static char *
read_file(const file_entry *e, size_t *len, char **why)
{
	int			flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (e->nofollow ? O_NOFOLLOW : 0);
	int			fd = open(e->path, flags);
	struct stat st,
				after;
	int			fl;
	char	   *buf;
	size_t		cap,
				n = 0;

	*why = NULL;
	if (fd < 0)
	{
		*why = errno == ELOOP && e->nofollow
			? xstrdup("became a symbolic link after it was listed, not followed")
			: xasprintf("cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0)
		*why = xasprintf("cannot stat: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		*why = xasprintf("not a regular file (%s), not read", file_kind(st.st_mode));
	else if (st.st_dev != e->dev || st.st_ino != e->ino)
		*why = xstrdup("replaced by another file after it was listed, not read (load it again)");
	else if ((unsigned long long) st.st_size > GAI_MAX_FILE_BYTES)
		*why = xasprintf("too large (%.1f MB; one report file may hold at most %u MB)",
						 (double) st.st_size / (1 << 20), GAI_MAX_FILE_BYTES >> 20);
	else if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
		*why = xasprintf("cannot read: %s", strerror(errno));	/* blocking reads from here on */
	if (*why)
	{
		close(fd);
		return NULL;
	}
	/* the size fstat gave: one read for most files */
	cap = (size_t) st.st_size;
	buf = xmalloc(cap + 1);
	for (;;)
	{
		ssize_t		r;

		if (n == cap)
		{
			/* the end: nothing may follow (one byte into the spare one) */
			r = read(fd, buf + n, 1);
			if (r > 0)
			{
				*why = cap == 0
					? xstrdup("its size is 0 but it has content (a file of /proc or /sys?), not read")
					: xasprintf("changed while read (it grew past its %zu bytes): not loaded; load it again once it is complete", cap);
				break;
			}
		}
		else
			r = read(fd, buf + n, cap - n);
		if (r < 0)
		{
			if (errno == EINTR)
				continue;
			*why = xasprintf("cannot read: %s", strerror(errno));
			break;
		}
		if (r == 0)
			break;
		n += (size_t) r;
	}
	if (!*why && (fstat(fd, &after) != 0 || after.st_size != st.st_size || (size_t) after.st_size != n ||
				  after.st_mtim.tv_sec != st.st_mtim.tv_sec || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec))
		*why = xstrdup("changed while read: not loaded; load it again once it is complete");
	close(fd);
	if (*why)
	{
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

int
report_text_read(const file_entry *e, gai_decoder *dec, report_text *rt, char **why)
{
	char	   *buf;
	size_t		len = 0;
	const char *ft_why = NULL,
			   *dwhy = NULL;
	gai_filetype ft;

	memset(rt, 0, sizeof *rt);
	*why = NULL;
	if (e->why)
	{
		/* not a regular file, a link not followed, ...: never opened */
		*why = xstrdup(e->why);
		return e->skipped ? RT_SKIPPED : RT_FAILED;
	}
	buf = read_file(e, &len, why);
	if (!buf)
		return RT_FAILED;
	ft = gai_detect_filetype(e->path, (const unsigned char *) buf, len, &ft_why);
	rt->filetype = gai_filetype_name(ft);
	if (ft == GAI_FT_UNSUPPORTED)
	{
		/* a kind without a reader (.doc, .wps, a picture): its line says what to do */
		*why = xstrdup(ft_why);
		free(buf);
		return RT_SKIPPED;
	}
	if (ft == GAI_FT_PDF || ft == GAI_FT_DOCX)
	{
		char		cerr[512] = "";
		size_t		clen = 0;
		char	   *conv;

		gai_sha256_hex(buf, len, rt->sha256);
		conv = ft == GAI_FT_DOCX ? gai_docx_to_html((const unsigned char *) buf, len, cerr, sizeof cerr)
			: gai_pdf_mem_to_tsv((const unsigned char *) buf, len, &clen, cerr, sizeof cerr);
		free(buf);
		if (!conv)
		{
			*why = xstrdup(cerr);
			return RT_FAILED;
		}
		rt->text = conv;
		rt->len = ft == GAI_FT_DOCX ? strlen(conv) : clen;
		rt->encoding = "UTF-8";
		rt->converted = true;
		return RT_OK;
	}
	{
		char	   *text;
		size_t		tlen;
		bool		owned;

		if (!decode_text(dec, buf, len, &text, &tlen, &owned, &rt->encoding, &dwhy))
		{
			*why = xstrdup(dwhy);
			free(buf);
			return RT_FAILED;
		}
		if (owned)
			free(buf);
		rt->text = text;
		rt->len = tlen;
		rt->gb18030 = owned && rt->encoding[0] == 'G';
		rt->utf16 = owned && strncmp(rt->encoding, "UTF-16", 6) == 0;
	}
	return RT_OK;
}

void
report_text_free(report_text *rt)
{
	free(rt->text);
	rt->text = NULL;
}
