/*
 * html_parse_only — libxml2's HTML parser on files and nothing else: the
 * limit for reading web pages, the baseline of test/bench/bench_html.sh.
 *
 *   html_parse_only [-r RUNS] FILE...     prints "pages SECONDS" (best of RUNS)
 *
 * Each page is read into memory first; the timed part is htmlReadMemory
 * (UTF-8, no network, errors silent: the options gaireport uses) and
 * xmlFreeDoc, page after page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *b;
	long		n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
	{
		perror(path);
		exit(2);
	}
	b = malloc((size_t) n + 1);
	if (!b || fread(b, 1, (size_t) n, f) != (size_t) n)
	{
		perror(path);
		exit(2);
	}
	fclose(f);
	*len = (size_t) n;
	return b;
}

int
main(int argc, char **argv)
{
	int			runs = 3,
				first = 1;
	double		best = 1e30;
	char	  **pages;
	size_t	   *lens;
	int			n;

	if (argc > 2 && strcmp(argv[1], "-r") == 0)
	{
		runs = atoi(argv[2]);
		first = 3;
	}
	n = argc - first;
	pages = malloc(sizeof(char *) * (size_t) (n > 0 ? n : 1));
	lens = malloc(sizeof(size_t) * (size_t) (n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
		pages[i] = slurp(argv[first + i], &lens[i]);
	xmlInitParser();
	for (int r = 0; r < runs; r++)
	{
		struct timespec a,
					b;
		double		s;

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int i = 0; i < n; i++)
		{
			htmlDocPtr	d = htmlReadMemory(pages[i], (int) lens[i], NULL, "UTF-8",
										   HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
										   HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC);

			xmlFreeDoc(d);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		s = (double) (b.tv_sec - a.tv_sec) + (double) (b.tv_nsec - a.tv_nsec) / 1e9;
		if (s < best)
			best = s;
	}
	printf("%d %.6f\n", n, best);
	return 0;
}
