/*
 * test_report.c — whole reports: the five seeds, a text that is not a
 * report, empty input, a text cut inside a table line, the accessors.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seed_truth
{
	const char *path;
	const char *agency;
	int			year;
	int			ry,
				rm,
				rd;				/* report date, 0 when none */
} seed_truth;

static const seed_truth seeds[] = {
	{SEED_000, "湛江奋勇高新区办公室", 2020, 0, 0, 0},
	{SEED_001, "雷州市科工贸和信息化局", 2020, 2020, 12, 30},
	{SEED_002, NULL, 2020, 0, 0, 0},
	{SEED_003, "江海区政府办公室", 2019, 0, 0, 0},
	{SEED_004, "韶关市浈江区人民政府办公室", 2020, 2021, 1, 17},
};

static void
tick_count(void *ctx)
{
	(*(long *) ctx)++;
}

/* Structural invariants every result must satisfy. */
static void
check_invariants(const gai_report *r)
{
	int			bad = 0;

	CHECK(r->n_template_cells == 0 || r->n_template_cells == template_ncells(template_get(r->template_id)));
	for (int i = 0; i < r->n_template_cells; i++)
	{
		const gai_cell *c = &r->template_cells[i];

		if (c->status == GAI_CELL_OK && (c->line < 1 || c->line > r->n_lines))
			bad++;
		if (c->status != GAI_CELL_MISSING && c->raw == NULL)
			bad++;
		if (!gai_cell_item_code(r, c) || !gai_cell_col_code(r, c) ||
			!gai_cell_item_label(r, c) || !gai_cell_col_label(r, c))
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	{
		int			errors = 0;

		for (int i = 0; i < r->n_violations; i++)
			errors += r->violations[i].severity == GAI_SEV_ERROR;
		CHECK_EQ_INT(r->n_errors, errors);
	}
}

/* ------------------------------------------------------------ noisy fixtures */

/* The string value of "key": "..." in a flat JSON text (no escapes expected). */
static bool
json_str(const char *js, const char *key, char *out, size_t cap)
{
	char		pat[64];
	const char *p,
			   *e;

	snprintf(pat, sizeof pat, "\"%s\": \"", key);
	p = strstr(js, pat);
	if (!p)
		return false;
	p += strlen(pat);
	e = strchr(p, '"');
	if (!e || (size_t) (e - p) >= cap || memchr(p, '\\', (size_t) (e - p)))
		return false;
	memcpy(out, p, (size_t) (e - p));
	out[e - p] = '\0';
	return true;
}

static long
json_int(const char *js, const char *key)
{
	char		pat[64];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\": ", key);
	p = strstr(js, pat);
	return p ? strtol(p + strlen(pat), NULL, 10) : -1;
}

/* A JSON number in canonical decimal form: "1437160.0" -> "1437160", "12.50" -> "12.5". */
static void
canon_number(const char *s, size_t n, char *out, size_t cap)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	if (strchr(out, '.'))
	{
		while (n > 0 && out[n - 1] == '0')
			out[--n] = '\0';
		if (n > 0 && out[n - 1] == '.')
			out[--n] = '\0';
	}
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
}

/*
 * test/fixtures/noisy/NNN.txt against NNN.json: template, layout, agency,
 * year, every cell (value or blank), and the rules the truth says are broken.
 * Returns the number of mismatching cells.
 */
static int
check_noisy(int k)
{
	char		path[64],
				want[256],
				got[64];
	char	   *text,
			   *js;
	size_t		len;
	gai_report *r;
	int			bad = 0,
				ncells = 0;
	const char *p;

	snprintf(path, sizeof path, "../fixtures/noisy/%03d.json", k);
	js = unit_slurp(path, NULL);
	snprintf(path, sizeof path, "../fixtures/noisy/%03d.txt", k);
	text = unit_slurp(path, &len);
	r = gai_parse_report(text, len, &unit_hooks);

	CHECK(r->is_report);
	if (CHECK(json_str(js, "format", want, sizeof want)))
		CHECK_EQ_STR(gai_template_name(r->template_id), want);
	if (CHECK(json_str(js, "layout", want, sizeof want)))
		CHECK_EQ_STR(gai_layout_name(r->layout), want);
	if (CHECK(json_str(js, "agency", want, sizeof want)))
		CHECK_EQ_STR(r->agency, want);
	CHECK_EQ_INT(r->year, json_int(js, "year"));

	/* cells: [["section", "item", "col", value-or-null], ...] */
	p = strstr(js, "\"cells\": [");
	if (CHECK(p != NULL))
	{
		p += strlen("\"cells\": [");
		for (;;)
		{
			char		f[3][64];
			const char *v,
					   *ve;
			gai_cell   *c;

			while (*p == ' ' || *p == ',')
				p++;
			if (*p != '[')
				break;
			p++;
			for (int i = 0; i < 3; i++)
			{
				const char *q = strchr(p, '"'),
						   *e = q ? strchr(q + 1, '"') : NULL;

				if (!e || (size_t) (e - q - 1) >= sizeof f[i])
					abort();
				memcpy(f[i], q + 1, (size_t) (e - q - 1));
				f[i][e - q - 1] = '\0';
				p = e + 1;
			}
			v = p + strspn(p, ", ");
			ve = strchr(v, ']');
			if (!ve)
				abort();
			p = ve + 1;
			ncells++;
			c = unit_cell(r, f[1], f[2]);
			if (!c || strcmp(gai_section_code(c->section), f[0]) != 0)
			{
				bad++;
				continue;
			}
			if (strncmp(v, "null", 4) == 0)
			{
				if (c->status != GAI_CELL_BLANK)
					bad++;
				continue;
			}
			canon_number(v, (size_t) (ve - v), want, sizeof want);
			if (c->status != GAI_CELL_OK || strcmp(gai_num_format(c->value, got), want) != 0)
			{
				if (bad < 3)
					printf("  noisy %03d %s/%s/%s: want %s, got %s (%s)\n", k, f[0], f[1], f[2], want,
						   c->status == GAI_CELL_OK ? got : "-", gai_status_name(c->status));
				bad++;
			}
		}
	}
	/* every cell of the truth, and no other, is present (a printing the report did not choose is absent) */
	{
		int			absent = 0;

		for (int i = 0; i < r->n_template_cells; i++)
			absent += r->template_cells[i].alt_absent;
		CHECK_EQ_INT(ncells, r->n_template_cells - absent);
		CHECK_EQ_INT(unit_cells_present(r), r->n_template_cells - absent);
	}

	/* "violations": the rules broken in the truth are reported */
	p = strstr(js, "\"violations\": [");
	if (CHECK(p != NULL))
	{
		p += strlen("\"violations\": [");
		while (*p == '"')
		{
			const char *e = strchr(p + 1, '"');

			if (!e || (size_t) (e - p - 1) >= sizeof want)
				abort();
			memcpy(want, p + 1, (size_t) (e - p - 1));
			want[e - p - 1] = '\0';
			CHECK(unit_count_violations(r, want, NULL, NULL) > 0);
			p = e + 1;
			while (*p == ',' || *p == ' ')
				p++;
		}
	}
	check_invariants(r);
	gai_report_free(r, &unit_hooks);
	free(text);
	free(js);
	return bad;
}

void
suite_report(void)
{
	size_t		len;
	char	   *text;
	gai_report *r;

	/* ---- the five seeds */
	for (int s = 0; s < 5; s++)
	{
		const seed_truth *t = &seeds[s];

		text = unit_slurp(t->path, &len);
		r = gai_parse_report(text, len, &unit_hooks);
		CHECK(r->is_report);
		CHECK_EQ_INT(r->template_id, GAI_TEMPLATE_2019);
		CHECK_EQ_STR(gai_template_name(r->template_id), "2019");
		CHECK_EQ_INT(r->layout, GAI_LAYOUT_CELLS);
		CHECK_EQ_STR(r->agency, t->agency);
		CHECK_EQ_INT(r->year, t->year);
		CHECK_EQ_INT(r->report_date.y, t->ry);
		CHECK_EQ_INT(r->report_date.m, t->rm);
		CHECK_EQ_INT(r->report_date.d, t->rd);
		CHECK_EQ_INT(r->n_template_cells, 198);
		CHECK_EQ_INT(unit_cells_present(r), 198);
		CHECK(!r->truncated);
		CHECK_EQ_INT(r->invalid_utf8, 0);
		check_invariants(r);
		/* headings of the table sections found */
		{
			int			found = 0;

			for (int i = 0; i < r->n_sections; i++)
				if (r->sections[i].section >= GAI_SEC_ACTIVE && r->sections[i].section <= GAI_SEC_APPEALS &&
					r->sections[i].heading)
					found++;
			CHECK_EQ_INT(found, 3);
		}
		if (s != 2)
		{
			CHECK_EQ_INT(r->n_errors, 0);
			CHECK_EQ_INT(unit_count_violations(r, "table.unreadable", NULL, NULL), 0);
		}
		gai_report_free(r, &unit_hooks);
		free(text);
	}

	/* ---- seed 000: values, lines and raw text of a few cells */
	text = unit_slurp(SEED_000, &len);
	r = gai_parse_report(text, len, &unit_hooks);
	{
		gai_cell   *c = unit_cell(r, "procurement", "amount");

		if (CHECK(c != NULL))
		{
			CHECK_EQ_INT(c->status, GAI_CELL_OK);
			CHECK_EQ_NUM(c->value, 40053, 0);
			CHECK_EQ_STR(c->raw, "40053元");
			CHECK_EQ_INT(c->line, 82);
			CHECK_EQ_INT(c->section, GAI_SEC_ACTIVE);
			CHECK_EQ_STR(gai_cell_item_label(r, c), "政府集中采购");
			CHECK_EQ_STR(gai_cell_col_label(r, c), "采购总金额");
		}
		c = unit_cell(r, "procurement", "items");
		if (CHECK(c != NULL))
		{
			CHECK_EQ_NUM(c->value, 4, 0);
			CHECK_EQ_INT(c->line, 81);
		}
		c = unit_cell(r, "carried_over", "total");
		if (CHECK(c != NULL))
		{
			CHECK_EQ_INT(c->status, GAI_CELL_OK);
			CHECK_EQ_INT(c->section, GAI_SEC_REQUESTS);
		}
		CHECK_EQ_STR(r->title, "湛江奋勇高新区办公室2020年度政府信息公开工作年度报告");
		CHECK_EQ_INT(r->n_extra_cells, 0);
		/* sections: the narrative of 一、总体情况 holds its text, not the heading */
		for (int i = 0; i < r->n_sections; i++)
			if (r->sections[i].section == GAI_SEC_OVERVIEW)
			{
				CHECK_EQ_STR(r->sections[i].heading, "一、总体情况");
				CHECK(strncmp(r->sections[i].content, "2020年", strlen("2020年")) == 0);
			}
	}
	gai_report_free(r, &unit_hooks);

	/* ---- GAI_SKIP_NARRATIVE: the same reading, no narrative copied */
	{
		gai_hooks	h = unit_hooks;
		gai_report *full = gai_parse_report(text, len, &unit_hooks);
		int			diff = 0;

		h.flags = GAI_SKIP_NARRATIVE;
		r = gai_parse_report(text, len, &h);
		CHECK_EQ_INT(r->n_sections, full->n_sections);
		for (int i = 0; i < r->n_sections && i < full->n_sections; i++)
		{
			CHECK(r->sections[i].content == NULL);
			CHECK_EQ_INT(r->sections[i].section, full->sections[i].section);
			CHECK_EQ_INT(r->sections[i].line, full->sections[i].line);
			CHECK_EQ_STR(r->sections[i].heading, full->sections[i].heading);
		}
		CHECK_EQ_INT(r->n_template_cells, full->n_template_cells);
		for (int i = 0; i < r->n_template_cells && i < full->n_template_cells; i++)
			if (r->template_cells[i].status != full->template_cells[i].status ||
				num_cmp(r->template_cells[i].value, full->template_cells[i].value) != 0)
				diff++;
		CHECK_EQ_INT(diff, 0);
		CHECK_EQ_STR(r->agency, full->agency);
		CHECK_EQ_INT(r->n_violations, full->n_violations);
		gai_report_free(r, &h);
		gai_report_free(full, &unit_hooks);
	}

	/* ---- seed 000 cut right after "\t400" of "\t40053元": that cell is missing */
	{
		const char *p = strstr(text, "\t40053元");
		size_t		cut = p ? (size_t) (p - text) + strlen("\t400") : 0;

		if (CHECK(p != NULL))
		{
			gai_cell   *c;

			r = gai_parse_report(text, cut, &unit_hooks);
			CHECK(r->is_report);
			CHECK(r->truncated);
			CHECK(unit_warning_has(r, "truncated"));
			CHECK_EQ_INT(r->n_lines, 82);
			c = unit_cell(r, "procurement", "amount");
			if (CHECK(c != NULL))
				CHECK_EQ_INT(c->status, GAI_CELL_MISSING);
			c = unit_cell(r, "procurement", "items");
			if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
				CHECK_EQ_NUM(c->value, 4, 0);
			CHECK_EQ_INT(unit_cells_present(r), 21);
			CHECK_EQ_INT(unit_count_violations(r, "cell.missing", "procurement", "amount"), 1);
			CHECK_EQ_INT(unit_count_violations(r, "table.missing", NULL, NULL), 2);
			check_invariants(r);
			gai_report_free(r, &unit_hooks);

			/* cut right after the full line (no line end): not truncated mid-number,
			 * but still an unterminated table line: the core does not read it */
			r = gai_parse_report(text, cut + strlen("53元"), &unit_hooks);
			CHECK(r->truncated);
			gai_report_free(r, &unit_hooks);
			/* with its line end, the cell is read */
			r = gai_parse_report(text, cut + strlen("53元\n"), &unit_hooks);
			CHECK(!r->truncated);
			c = unit_cell(r, "procurement", "amount");
			if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
				CHECK_EQ_NUM(c->value, 40053, 0);
			gai_report_free(r, &unit_hooks);
		}
	}

	/*
	 * Regression: a complete report whose last section is the appeals table,
	 * followed by the signature, and whose file has no final line end.
	 * mark_cut_line() takes any unterminated last line inside a table
	 * section's zone (which runs to the end of the text) for a table line cut
	 * in the middle: truncated is set and the warning says the text looks
	 * truncated, although all 198 cells were read and the last line is the
	 * signature date.
	 */
	{
		const char *five = strstr(text, "五、存在的主要问题");

		if (CHECK(five != NULL))
		{
			size_t		head = (size_t) (five - text);
			static const char sig[] = "湛江奋勇高新区办公室\n2021年1月8日";
			char	   *t2 = malloc(head + sizeof sig);

			if (!t2)
				abort();
			memcpy(t2, text, head);
			memcpy(t2 + head, sig, sizeof sig);
			r = unit_parse(t2);
			CHECK(r->is_report);
			CHECK_EQ_INT(unit_cells_present(r), 198);
			CHECK_EQ_INT(r->report_date.y, 2021);
			CHECK(!r->truncated);
			CHECK(!unit_warning_has(r, "truncated"));
			gai_report_free(r, &unit_hooks);
			free(t2);
		}
	}
	free(text);

	/* ---- seed 002: the damaged appeals table */
	text = unit_slurp(SEED_002, &len);
	r = gai_parse_report(text, len, &unit_hooks);
	{
		int			unreadable = 0,
					ok = 0,
					appeals = 0;
		const gai_violation *v;

		for (int i = 0; i < r->n_template_cells; i++)
			if (r->template_cells[i].section == GAI_SEC_APPEALS)
			{
				appeals++;
				unreadable += r->template_cells[i].status == GAI_CELL_UNREADABLE;
				ok += r->template_cells[i].status == GAI_CELL_OK;
			}
		CHECK_EQ_INT(appeals, 15);
		CHECK_EQ_INT(unreadable, 15);
		CHECK_EQ_INT(ok, 0);
		CHECK_EQ_INT(unit_count_violations(r, "table.unreadable", NULL, NULL), 1);
		v = unit_find_violation(r, "table.unreadable", NULL, NULL);
		if (CHECK(v != NULL))
		{
			CHECK_EQ_INT(v->section, GAI_SEC_APPEALS);
			CHECK_EQ_INT(v->severity, GAI_SEV_ERROR);
			CHECK(v->item == NULL);
			CHECK(!v->has_values);
		}
		/* no rule judged on the damaged table, no cell reported one by one */
		CHECK_EQ_INT(unit_count_violations(r, "appeals.row_total", NULL, NULL), 0);
		CHECK_EQ_INT(unit_count_violations(r, "cell.unreadable", NULL, NULL), 0);
		CHECK_EQ_INT(r->n_violations, 1);
		CHECK(unit_warning_has(r, "appeals: table damaged"));
		/* 183 other cells read */
		CHECK_EQ_INT(unit_cells_present(r) - unreadable, 183);
		CHECK(r->title == NULL);
		CHECK_EQ_INT(r->period_start.y, 2020);
		CHECK_EQ_INT(r->period_end.m, 12);
	}
	gai_report_free(r, &unit_hooks);
	free(text);

	/* ---- seed 003: three procurement sub-rows the template lacks */
	text = unit_slurp(SEED_003, &len);
	r = gai_parse_report(text, len, &unit_hooks);
	{
		gai_num		items = {0, 0},
					amount = {0, 0};
		gai_cell   *pi = unit_cell(r, "procurement", "items");
		gai_cell   *pa = unit_cell(r, "procurement", "amount");

		CHECK_EQ_INT(r->n_extra_cells, 6);
		for (int i = 0; i < r->n_extra_cells; i++)
		{
			const gai_cell *c = &r->extra_cells[i];

			CHECK_EQ_INT(c->row, -1);
			CHECK_EQ_INT(c->status, GAI_CELL_OK);
			CHECK_EQ_INT(c->section, GAI_SEC_ACTIVE);
			CHECK(gai_cell_item_code(r, c) == NULL);
			CHECK_EQ_STR(r->template_cells ? template_get(r->template_id)->tables[c->extra_table].rows[0].code : NULL,
						 "procurement");
			if (strcmp(gai_cell_col_code(r, c), "items") == 0)
				num_add(&items, c->value);
			else
				num_add(&amount, c->value);
		}
		if (r->n_extra_cells == 6)
		{
			CHECK_EQ_STR(gai_cell_item_label(r, &r->extra_cells[0]), "(一)省级平台采购");
			CHECK_EQ_STR(gai_cell_item_label(r, &r->extra_cells[4]), "(三)自主采购");
			CHECK_EQ_NUM(r->extra_cells[5].value, 118591105, 2);
		}
		if (CHECK(pi && pa))
		{
			CHECK_EQ_NUM(pi->value, 14, 0);
			CHECK_EQ_NUM(pa->value, 176721105, 2);
			CHECK_EQ_INT(num_cmp(items, pi->value), 0);
			CHECK_EQ_INT(num_cmp(amount, pa->value), 0);
		}
		CHECK_EQ_INT(unit_count_violations(r, "procurement.parts", NULL, NULL), 0);
	}
	gai_report_free(r, &unit_hooks);
	/* a sub-row edited: procurement.parts (a warning) names the column */
	{
		char	   *t2 = unit_replace_after(text, "自主采购", "1185911.05", "1185912.05");

		if (CHECK(t2 != NULL))
		{
			const gai_violation *v;

			r = gai_parse_report(t2, strlen(t2), &unit_hooks);
			v = unit_find_violation(r, "procurement.parts", NULL, NULL);
			CHECK_EQ_INT(unit_count_violations(r, "procurement.parts", NULL, NULL), 1);
			if (CHECK(v != NULL))
			{
				CHECK_EQ_INT(v->severity, GAI_SEV_WARNING);
				CHECK_EQ_STR(v->item, "procurement");
				CHECK_EQ_STR(v->col, "amount");
				CHECK_EQ_NUM(v->expected, 176721205, 2);
				CHECK_EQ_NUM(v->actual, 176721105, 2);
			}
			CHECK_EQ_INT(r->n_errors, 0);
			gai_report_free(r, &unit_hooks);
			free(t2);
		}
	}
	free(text);

	/* ---- not a report */
	r = unit_parse("今天天气很好。\n我们去公园散步。\n");
	CHECK(!r->is_report);
	CHECK_EQ_INT(r->template_id, GAI_TEMPLATE_NONE);
	CHECK_EQ_INT(r->n_template_cells, 0);
	CHECK_EQ_INT(r->n_extra_cells, 0);
	CHECK_EQ_INT(r->n_violations, 3);
	CHECK_EQ_INT(unit_count_violations(r, "table.missing", NULL, NULL), 3);
	CHECK_EQ_INT(r->n_errors, 3);
	if (r->n_violations == 3)
	{
		CHECK_EQ_INT(r->violations[0].section, GAI_SEC_ACTIVE);
		CHECK_EQ_INT(r->violations[1].section, GAI_SEC_REQUESTS);
		CHECK_EQ_INT(r->violations[2].section, GAI_SEC_APPEALS);
	}
	CHECK(unit_warning_has(r, "no table of the 2019 or 2021 template found"));
	CHECK_EQ_INT(r->n_lines, 2);
	CHECK(r->agency == NULL);
	gai_report_free(r, &unit_hooks);

	/* ---- headings but no tables: not a report either */
	r = unit_parse("二、主动公开政府信息情况\n本年度无。\n三、收到和处理政府信息公开申请情况\n无。\n");
	CHECK(!r->is_report);
	CHECK_EQ_INT(unit_count_violations(r, "table.missing", NULL, NULL), 3);
	gai_report_free(r, &unit_hooks);

	/* ---- empty input, NULL input, only white space, binary junk */
	r = gai_parse_report("", 0, &unit_hooks);
	CHECK(!r->is_report);
	CHECK_EQ_INT(r->n_template_cells, 0);
	CHECK_EQ_INT(unit_count_violations(r, "table.missing", NULL, NULL), 3);
	CHECK_EQ_INT(r->year, 0);
	CHECK(r->title == NULL);
	CHECK(!r->truncated);
	gai_report_free(r, &unit_hooks);
	r = gai_parse_report(NULL, 10, &unit_hooks);
	CHECK(!r->is_report);
	gai_report_free(r, &unit_hooks);
	r = unit_parse("\n\n \t \n\xC2\xA0\n");
	CHECK(!r->is_report);
	CHECK_EQ_INT(r->n_lines, 4);
	gai_report_free(r, &unit_hooks);
	{
		static const char junk[] = "\xFF\xFE\x00\x01\tabc\r\r\n\xE4\xB8";

		r = gai_parse_report(junk, sizeof junk - 1, &unit_hooks);
		CHECK(!r->is_report);
		CHECK_EQ_INT(r->invalid_utf8, 3);
		CHECK(unit_warning_has(r, "invalid UTF-8"));
		gai_report_free(r, &unit_hooks);
	}
	gai_report_free(NULL, &unit_hooks);	/* a no-op */

	/* ---- the 40 noisy fixtures (both templates, both layouts) against their truth */
	{
		int			bad = 0;

		for (int k = 0; k < 40; k++)
			bad += check_noisy(k);
		CHECK_EQ_INT(bad, 0);
	}

	/* ---- a 2021 template report (noisy 001, rows): 200 cells present of 207 (（六）其他处理
	 * may be printed as one row, item other, in place of its three sub-rows), 万元 fee column */
	text = unit_slurp("../fixtures/noisy/001.txt", &len);
	r = gai_parse_report(text, len, &unit_hooks);
	CHECK_EQ_INT(r->template_id, GAI_TEMPLATE_2021);
	CHECK_EQ_INT(r->n_template_cells, 207);
	CHECK_EQ_INT(unit_cells_present(r), 200);
	CHECK_EQ_INT(r->layout, GAI_LAYOUT_ROWS);
	CHECK(unit_cell(r, "other.overdue_fee", "total") != NULL);
	if (CHECK(unit_cell(r, "other", "total") != NULL))
	{
		/* printed as sub-rows: the one-row form is absent, and no cell is missing */
		CHECK_EQ_INT(unit_cell(r, "other", "total")->status, GAI_CELL_MISSING);
		CHECK(unit_cell(r, "other", "total")->alt_absent);
		CHECK_EQ_INT(unit_count_violations(r, "cell.missing", NULL, NULL), 0);
	}
	CHECK(unit_cell(r, "fee", "amount") != NULL);
	CHECK(unit_cell(r, "fee", "prev_items") == NULL);
	gai_report_free(r, &unit_hooks);
	free(text);

	/* ---- a 万元 column header: bare amounts are 万元, converted to 元 (2019 采购总金额) */
	{
		static const char *const texts[] = {
			/* rows */
			"二、主动公开政府信息情况\n"
			"第二十条第（九）项\n"
			"信息内容      采购项目数量      采购总金额（万元）\n"
			"政府集中采购      3      12.5\n"
			"三、收到和处理政府信息公开申请情况\n",
			/* cells */
			"二、主动公开政府信息情况\n"
			"\t第二十条第（九）项\n\n"
			"\t信息内容\n\t采购项目数量\n\t采购总金额（万元）\n\n"
			"\t政府集中采购\n\t3\n\t12.5\n\n"
			"三、收到和处理政府信息公开申请情况\n",
			/* an explicit 元 wins over the header */
			"二、主动公开政府信息情况\n"
			"第二十条第（九）项\n"
			"信息内容      采购项目数量      采购总金额（万元）\n"
			"政府集中采购      3      12.5元\n"
			"三、收到和处理政府信息公开申请情况\n",
			/* no 万元 in the header: 元 */
			"二、主动公开政府信息情况\n"
			"第二十条第（九）项\n"
			"信息内容      采购项目数量      采购总金额\n"
			"政府集中采购      3      12.5\n"
			"三、收到和处理政府信息公开申请情况\n",
		};
		static const long long want[][2] = {{125000, 0}, {125000, 0}, {125, 1}, {125, 1}};

		for (int k = 0; k < 4; k++)
		{
			gai_cell   *c;

			r = unit_parse(texts[k]);
			CHECK(r->is_report);
			CHECK_EQ_INT(r->template_id, GAI_TEMPLATE_2019);
			CHECK_EQ_INT(r->layout, k == 1 ? GAI_LAYOUT_CELLS : GAI_LAYOUT_ROWS);
			c = unit_cell(r, "procurement", "amount");
			if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
				CHECK_EQ_NUM(c->value, want[k][0], (int) want[k][1]);
			c = unit_cell(r, "procurement", "items");
			if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
				CHECK_EQ_NUM(c->value, 3, 0);
			CHECK_EQ_INT(unit_cells_present(r), 2);
			/* the two other tables are missing */
			CHECK_EQ_INT(unit_count_violations(r, "table.missing", NULL, NULL), 2);
			gai_report_free(r, &unit_hooks);
		}
	}

	/* ---- the host's tick is called while reading a long text */
	{
		long		ticks = 0;
		gai_hooks	h = unit_hooks;
		char	   *big = malloc(20000 * 2 + 1);

		if (!big)
			abort();
		for (int i = 0; i < 20000; i++)
			memcpy(big + 2 * i, "x\n", 2);
		big[40000] = '\0';
		h.tick = tick_count;
		h.ctx = &ticks;
		r = gai_parse_report(big, 40000, &h);
		CHECK_LE_INT(2, ticks);
		CHECK_EQ_INT(r->n_lines, 20000);
		gai_report_free(r, &h);
		free(big);
	}

	/* ---- the enum names */
	CHECK_EQ_STR(gai_layout_name(GAI_LAYOUT_ROWS), "rows");
	CHECK(gai_layout_name(GAI_LAYOUT_UNKNOWN) == NULL);
	CHECK_EQ_STR(gai_section_code(GAI_SEC_APPEALS), "appeals");
	CHECK_EQ_STR(gai_section_code((gai_section_id) 99), "?");
	CHECK_EQ_STR(gai_status_name(GAI_CELL_UNREADABLE), "unreadable");
	CHECK_EQ_STR(gai_severity_name(GAI_SEV_WARNING), "warning");
	CHECK(gai_template_name(GAI_TEMPLATE_NONE) == NULL);
	CHECK_EQ_STR(gai_template_name(GAI_TEMPLATE_2021), "2021");
}
