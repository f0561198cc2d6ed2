/*
 * gai_mem — peak memory of the core per input byte on pathological texts.
 *
 *   gai_mem [--max-ratio R] [FILE...]
 *
 * Without files it builds the shapes that cost the most per byte (32 MiB of
 * line breaks, of one-character lines, of TAB-only lines, of one-digit table
 * rows under a table heading, of spaces on one line) and the seeds repeated
 * to 50 MB when given as files.  For each it prints the input size, the peak
 * of the memory the core held (every block it asked the hooks for) and the
 * ratio; with --max-ratio it exits 1 when a ratio exceeds R (plus 1 MiB of
 * fixed cost).
 */
#include "gai.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t cur_bytes,
			peak_bytes;

static void *
count_alloc(void *ctx, size_t n)
{
	size_t	   *p = malloc(n + 16);

	(void) ctx;
	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		abort();
	}
	p[0] = n;
	cur_bytes += n;
	if (cur_bytes > peak_bytes)
		peak_bytes = cur_bytes;
	return (char *) p + 16;
}

static void
count_free(void *ctx, void *q)
{
	size_t	   *p = (size_t *) ((char *) q - 16);

	(void) ctx;
	cur_bytes -= p[0];
	free(p);
}

static char *
repeat(const char *head, const char *unit, size_t total, size_t *len)
{
	size_t		hl = strlen(head),
				ul = strlen(unit);
	char	   *buf = malloc(total + hl + ul);
	size_t		n = 0;

	if (!buf)
		abort();
	memcpy(buf, head, hl);
	n = hl;
	while (n + ul <= total)
	{
		memcpy(buf + n, unit, ul);
		n += ul;
	}
	*len = n;
	return buf;
}

static char *
slurp_repeat(const char *path, size_t total, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char		tmp[1 << 16];
	size_t		k,
				n = 0;
	char	   *one = NULL,
			   *out;

	if (!f)
		return NULL;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
	{
		one = realloc(one, n + k + 1);
		memcpy(one + n, tmp, k);
		n += k;
	}
	fclose(f);
	if (!one)
		return NULL;
	one[n] = '\0';
	if (n >= total)
	{
		*len = n;				/* already as large as asked: as it is */
		return one;
	}
	out = repeat("", one, total, len);
	free(one);
	return out;
}

static int
measure(const char *name, const char *text, size_t len, double max_ratio)
{
	/* gai_sections' narrative included: the costliest way to call the core */
	gai_hooks	h = {count_alloc, count_free, NULL, NULL, 0};
	struct timespec t0,
				t1;
	gai_report *r;
	double		ratio;
	int			bad;

	cur_bytes = peak_bytes = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = gai_parse_report(text, len, &h);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	gai_report_free(r, &h);
	ratio = (double) peak_bytes / (double) len;
	bad = max_ratio > 0 && (double) peak_bytes > max_ratio * (double) len + (1 << 20);
	printf("%-32s %10zu bytes  peak %11zu bytes  %6.2f bytes/byte  %7.0f ms%s\n", name, len, peak_bytes,
		   ratio, (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
		   bad ? "  OVER THE BOUND" : "");
	if (cur_bytes != 0)
	{
		printf("%s: %zu bytes not released\n", name, cur_bytes);
		bad = 1;
	}
	return bad;
}

int
main(int argc, char **argv)
{
	const size_t MiB32 = (size_t) 32 << 20;
	double		max_ratio = 0;
	const char *err;
	int			bad = 0;
	int			i = 1;
	static const char heading[] = "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量\n";
	static const struct
	{
		const char *name,
				   *head,
				   *unit;
	}			shapes[] = {
		{"line breaks", "", "\n"},
		{"CR line breaks", "", "\r"},
		{"one-character lines", "", "a\n"},
		{"one character, one blank line", "", "a\n\n"},
		{"one character, one space line", "", "a\n \n"},
		{"TAB-only lines", "", "\t\n"},
		{"one-digit rows in a table", heading, "1\n"},
		{"TAB-led one-digit cells", heading, "\t1\n"},
		{"one-digit cells, TAB apart", heading, "1\t"},
		{"spaces", "", " "},
		{"digits apart by spaces", heading, "1 "},
		{"form feeds", "", "\f"},
	};

	if (gai_init(&err) != 0)
	{
		fprintf(stderr, "gai_init: %s\n", err);
		return 2;
	}
	if (argc > 2 && strcmp(argv[1], "--max-ratio") == 0)
	{
		max_ratio = atof(argv[2]);
		i = 3;
	}
	if (i == argc)
		for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
		{
			size_t		len;
			char	   *t = repeat(shapes[k].head, shapes[k].unit, MiB32, &len);

			bad |= measure(shapes[k].name, t, len, max_ratio);
			free(t);
		}
	for (; i < argc; i++)
	{
		size_t		len;
		char	   *t = slurp_repeat(argv[i], (size_t) 50 * 1000 * 1000, &len);
		const char *base = strrchr(argv[i], '/');

		if (!t)
		{
			perror(argv[i]);
			return 2;
		}
		bad |= measure(base ? base + 1 : argv[i], t, len, max_ratio);
		free(t);
	}
	return bad;
}
