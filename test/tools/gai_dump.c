/*
 * gai_dump — run the core on files and print what it read (a debugging aid
 * and the engine of the core's golden tests).  Usage: gai_dump [-q] FILE...
 */
#include "gai.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *
xalloc(void *ctx, size_t n)
{
	void	   *p = malloc(n);

	(void) ctx;
	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		abort();
	}
	return p;
}

static void
xfree(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0,
				n = 0,
				k;

	if (!f)
		return NULL;
	do
	{
		if (n + 65536 > cap)
		{
			cap = (cap + 65536) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		k = fread(buf + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	*len = n;
	return buf;
}

static void
date(const char *name, gai_date d)
{
	if (d.y)
		printf("%s: %04d-%02d-%02d\n", name, d.y, d.m, d.d);
	else
		printf("%s: -\n", name);
}

int
main(int argc, char **argv)
{
	gai_hooks	h = {xalloc, xfree, NULL, NULL};
	const char *err;
	int			quiet = 0;

	if (gai_init(&err) != 0)
	{
		fprintf(stderr, "init: %s\n", err);
		return 1;
	}
	for (int i = 1; i < argc; i++)
	{
		size_t		len;
		char	   *text;
		gai_report *r;
		char		buf[32];

		if (strcmp(argv[i], "-q") == 0)
		{
			quiet = 1;
			continue;
		}
		text = slurp(argv[i], &len);
		if (!text)
		{
			perror(argv[i]);
			return 1;
		}
		r = gai_parse_report(text, len, &h);
		printf("== %s\n", argv[i]);
		printf("is_report: %d template: %s layout: %s\n", r->is_report,
			   gai_template_name(r->template_id) ? gai_template_name(r->template_id) : "-",
			   gai_layout_name(r->layout) ? gai_layout_name(r->layout) : "-");
		printf("title: %s\nagency: %s\nyear: %d\n", r->title ? r->title : "-",
			   r->agency ? r->agency : "-", r->year);
		date("report_date", r->report_date);
		date("period_start", r->period_start);
		date("period_end", r->period_end);
		if (!quiet)
		{
			for (int k = 0; k < r->n_template_cells; k++)
			{
				gai_cell   *c = &r->template_cells[k];

				if (c->status == GAI_CELL_MISSING)
					continue;
				printf("cell %s|%s|%s|%s|%s|%d|%s\n", gai_section_code(c->section),
					   gai_cell_item_code(r, c), gai_cell_col_code(r, c),
					   c->status == GAI_CELL_OK ? gai_num_format(c->value, buf) : "NULL",
					   gai_status_name(c->status), c->line, c->raw ? c->raw : "");
				if (c->status == GAI_CELL_AMBIGUOUS)
				{
					/* the values the rules allow (none listed: too many) */
					printf("candidates %s|%s|%s|", gai_section_code(c->section), gai_cell_item_code(r, c),
						   gai_cell_col_code(r, c));
					for (int j = 0; j < c->n_candidates; j++)
						printf("%s%s", j ? "," : "", gai_num_format(c->candidates[j], buf));
					printf("\n");
				}
			}
			for (int k = 0; k < r->n_extra_cells; k++)
			{
				gai_cell   *c = &r->extra_cells[k];

				printf("extra %s|%s|%s|%s|%s|%d\n", gai_section_code(c->section),
					   gai_cell_item_label(r, c), gai_cell_col_code(r, c),
					   c->status == GAI_CELL_OK ? gai_num_format(c->value, buf) : "NULL",
					   gai_status_name(c->status), c->line);
			}
			for (int k = 0; k < r->n_sections; k++)
				printf("section %s line %d heading %s (%zu bytes)\n", gai_section_code(r->sections[k].section),
					   r->sections[k].line, r->sections[k].heading ? r->sections[k].heading : "-",
					   strlen(r->sections[k].content));
		}
		{
			int			ok = 0,
						blank = 0,
						unread = 0,
						ambiguous = 0;

			for (int k = 0; k < r->n_template_cells; k++)
			{
				ok += r->template_cells[k].status == GAI_CELL_OK;
				blank += r->template_cells[k].status == GAI_CELL_BLANK;
				unread += r->template_cells[k].status == GAI_CELL_UNREADABLE;
				ambiguous += r->template_cells[k].status == GAI_CELL_AMBIGUOUS;
			}
			printf("cells: ok %d blank %d unreadable %d of %d; extra %d; ambiguous %d\n", ok, blank, unread,
				   r->n_template_cells, r->n_extra_cells, ambiguous);
		}
		for (int k = 0; k < r->n_warnings; k++)
			printf("warning: %s\n", r->warnings[k].text);
		for (int k = 0; k < r->n_violations; k++)
			printf("violation: %s %s %s\n", gai_severity_name(r->violations[k].severity),
				   r->violations[k].rule, r->violations[k].message);
		gai_report_free(r, &h);
		free(text);
	}
	return 0;
}
