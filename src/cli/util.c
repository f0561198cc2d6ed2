/*
 * util.c — memory, strings, paths, time and messages for the command.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

const char *progname = "gaireport";

void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (!p)
		fatalf("out of memory (%zu bytes)", n);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (!q)
		fatalf("out of memory (%zu bytes)", n);
	return q;
}

char *
xstrdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list		ap;
	int			n;
	char	   *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t) n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t) n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static void
vmessage(const char *fmt, va_list ap)
{
	strbuf		sb;
	va_list		aq;
	int			n;

	/* one write, so lines of several threads do not interleave */
	sb_init(&sb);
	sb_printf(&sb, "%s: ", progname);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (sb.len + (size_t) n + 2 > sb.cap)
	{
		sb.cap = sb.len + (size_t) n + 2;
		sb.data = xrealloc(sb.data, sb.cap);
	}
	vsnprintf(sb.data + sb.len, (size_t) n + 1, fmt, ap);
	sb.len += (size_t) n;
	sb_append(&sb, "\n", 1);
	fwrite(sb.data, 1, sb.len, stderr);
	fflush(stderr);
	sb_free(&sb);
}

void
errorf(const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

_Noreturn void
fatalf(const char *fmt, ...)
{
	va_list		ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}

double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

char *
path_join(const char *dir, const char *name)
{
	size_t		n = strlen(dir);

	if (n > 0 && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

char *
absolute_path(const char *path)
{
	char		cwd[4096];

	if (path[0] == '/')
		return xstrdup(path);
	if (!getcwd(cwd, sizeof cwd))
		return xstrdup(path);
	while (path[0] == '.' && path[1] == '/')
	{
		path += 2;
		while (*path == '/')
			path++;
	}
	return path_join(cwd, path);
}

bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
mkdir_p(const char *path, unsigned mode)
{
	char	   *p = xstrdup(path);

	for (char *s = p + 1; *s; s++)
	{
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
		{
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(path, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ strbuf */

void
sb_init(strbuf *sb)
{
	sb->cap = 256;
	sb->len = 0;
	sb->data = xmalloc(sb->cap);
	sb->data[0] = '\0';
}

void
sb_append(strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
	{
		while (sb->len + n + 1 > sb->cap)
			sb->cap *= 2;
		sb->data = xrealloc(sb->data, sb->cap);
	}
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void
sb_puts(strbuf *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

void
sb_printf(strbuf *sb, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (sb->len + (size_t) n + 1 > sb->cap)
	{
		while (sb->len + (size_t) n + 1 > sb->cap)
			sb->cap *= 2;
		sb->data = xrealloc(sb->data, sb->cap);
	}
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t) n;
}

void
sb_free(strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

/* length of the well-formed UTF-8 sequence at s (n bytes left), 0 if none */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t		len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
		: (c >= 0xF0 && c <= 0xF4) ? 4 : 0;

	if (len == 0 || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||	/* overlong, surrogate */
		(c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))	/* overlong, > U+10FFFF */
		return 0;
	return len;
}

char *
escape_name(const char *name)
{
	const unsigned char *s = (const unsigned char *) name;
	size_t		n = strlen(name);
	strbuf		sb;

	sb_init(&sb);
	for (size_t i = 0; i < n;)
	{
		size_t		len = utf8_seq_len(s + i, n - i);
		bool		control = len == 1 ? (s[i] < 0x20 || s[i] == 0x7F)
			: len == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0;	/* U+0080..U+009F */

		if (len == 1 && s[i] == '\\')
			sb_puts(&sb, "\\\\");
		else if (len == 0 || control)
		{
			/* the bytes of an invalid sequence one by one, a control character's all */
			size_t		m = len ? len : 1;

			for (size_t k = 0; k < m; k++)
				sb_printf(&sb, "\\x%02x", s[i + k]);
			i += m;
			continue;
		}
		else
			sb_append(&sb, name + i, len);
		i += len;
	}
	return sb.data;
}

int
utf8_width(const char *s)
{
	int32_t		i = 0,
				len = (int32_t) strlen(s);
	int			w = 0;

	while (i < len)
	{
		UChar32		c;

		U8_NEXT(s, i, len, c);
		if (c < 0)
			w += 1;
		else if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK ||
				 c == 0x200B)
			continue;
		else
		{
			int			ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);

			w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
		}
	}
	return w;
}
