/*
 * test_rules.c — the arithmetic rules, through gai_parse_report on seed 000
 * (all its cells are 0 and every rule holds) with one or two cells edited.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEVEN_ZEROS "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n"
#define RECEIVED "一、本年新收政府信息公开申请数量\n"
#define GRANTED "（一）予以公开\n"

static char *seed;

/* Parse seed 000 with `from` (first occurrence after `after`) replaced by `to`. */
static gai_report *
edited(const char *after, const char *from, const char *to)
{
	char	   *text = unit_replace_after(seed, after, from, to);
	gai_report *r;

	if (!CHECK(text != NULL))
		return NULL;
	r = gai_parse_report(text, strlen(text), &unit_hooks);
	free(text);
	return r;
}

/* A violation with its values, checked field by field. */
static void
check_violation(const gai_violation *v, const char *rule, gai_severity sev, gai_section_id sec,
				const char *item, const char *col, long long expected, long long actual)
{
	if (!CHECK(v != NULL))
		return;
	CHECK_EQ_STR(v->rule, rule);
	CHECK_EQ_INT(v->severity, sev);
	CHECK_EQ_INT(v->section, sec);
	CHECK_EQ_STR(v->item, item);
	CHECK_EQ_STR(v->col, col);
	if (CHECK(v->has_values))
	{
		CHECK_EQ_NUM(v->expected, expected, 0);
		CHECK_EQ_NUM(v->actual, actual, 0);
	}
	CHECK(v->message && strncmp(v->message, rule, strlen(rule)) == 0);
}

void
suite_rules(void)
{
	gai_report *r;
	size_t		len;

	seed = unit_slurp(SEED_000, &len);

	/* the seed itself: every rule holds */
	r = gai_parse_report(seed, len, &unit_hooks);
	CHECK_EQ_INT(r->n_violations, 0);
	CHECK_EQ_INT(r->n_errors, 0);
	gai_report_free(r, &unit_hooks);

	/* received/total 0 -> 5: the column balance and the row total break, nothing else */
	r = edited(RECEIVED, SEVEN_ZEROS, "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t5\n");
	if (r)
	{
		gai_cell   *c = unit_cell(r, "received", "total");

		if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
			CHECK_EQ_NUM(c->value, 5, 0);
		CHECK_EQ_INT(r->n_violations, 2);
		CHECK_EQ_INT(r->n_errors, 2);
		if (r->n_violations == 2)
		{
			/* Σ(received, carried_in) = 5 expected, Σ(total, carried_over) = 0 found */
			check_violation(&r->violations[0], "requests.balance", GAI_SEV_ERROR, GAI_SEC_REQUESTS,
							NULL, "total", 5, 0);
			/* the six applicant columns sum to 0, the row says 5 */
			check_violation(&r->violations[1], "requests.row_total", GAI_SEV_ERROR, GAI_SEC_REQUESTS,
							"received", "total", 0, 5);
			CHECK(strstr(r->violations[1].message, "expected 0, found 5") != NULL);
			CHECK(strstr(r->violations[1].message, "blank") == NULL);
		}
		gai_report_free(r, &unit_hooks);
	}

	/* granted/total 0 -> 3: outcome total (reported on item total) and the row total */
	r = edited(GRANTED, SEVEN_ZEROS, "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t3\n");
	if (r)
	{
		CHECK_EQ_INT(r->n_violations, 2);
		check_violation(unit_find_violation(r, "requests.outcome_total", NULL, NULL),
						"requests.outcome_total", GAI_SEV_ERROR, GAI_SEC_REQUESTS, "total", "total", 3, 0);
		check_violation(unit_find_violation(r, "requests.row_total", NULL, NULL),
						"requests.row_total", GAI_SEV_ERROR, GAI_SEC_REQUESTS, "granted", "total", 0, 3);
		gai_report_free(r, &unit_hooks);
	}

	/* a negative count: nonnegative, and only that */
	r = edited("\t规章\n", "\t0\n", "\t-3\n");
	if (r)
	{
		gai_cell   *c = unit_cell(r, "regulation", "new_made");

		if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
			CHECK_EQ_NUM(c->value, -3, 0);
		CHECK_EQ_INT(r->n_violations, 1);
		if (r->n_violations == 1)
			check_violation(&r->violations[0], "nonnegative", GAI_SEV_ERROR, GAI_SEC_ACTIVE,
							"regulation", "new_made", 0, -3);
		gai_report_free(r, &unit_hooks);
	}

	/* a negative 本年增/减 is allowed */
	r = edited("\t行政许可\n\t0\n", "\t0\n", "\t-2\n");
	if (r)
	{
		gai_cell   *c = unit_cell(r, "license", "change");

		if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
			CHECK_EQ_NUM(c->value, -2, 0);
		CHECK_EQ_INT(r->n_violations, 0);
		gai_report_free(r, &unit_hooks);
	}

	/* a blank cell counted as 0 in a broken equation: the message names it */
	{
		char	   *t1 = unit_replace_after(seed, RECEIVED, SEVEN_ZEROS, "\t—\n\t0\n\t0\n\t0\n\t0\n\t0\n\t5\n");

		r = NULL;
		if (CHECK(t1 != NULL))
		{
			r = gai_parse_report(t1, strlen(t1), &unit_hooks);
			free(t1);
		}
	}
	if (r)
	{
		gai_cell   *c = unit_cell(r, "received", "natural_person");
		const gai_violation *v = unit_find_violation(r, "requests.row_total", "received", "total");

		if (CHECK(c != NULL))
		{
			CHECK_EQ_INT(c->status, GAI_CELL_BLANK);
			CHECK_EQ_STR(c->raw, "—");
		}
		CHECK_EQ_INT(r->n_violations, 2);
		check_violation(v, "requests.row_total", GAI_SEV_ERROR, GAI_SEC_REQUESTS, "received", "total", 0, 5);
		if (v)
			CHECK(strstr(v->message, "blank cells counted as 0: natural_person") != NULL);
		/* the balance of column total does not involve the blank: no note there */
		v = unit_find_violation(r, "requests.balance", NULL, "total");
		check_violation(v, "requests.balance", GAI_SEV_ERROR, GAI_SEC_REQUESTS, NULL, "total", 5, 0);
		if (v)
			CHECK(strstr(v->message, "blank") == NULL);
		/* gai.h: blank_as_zero is "set by rules.c when a rule counted this blank as 0" */
		if (c)
			CHECK(c->blank_as_zero);
		gai_report_free(r, &unit_hooks);
	}

	/* an unreadable cell: reported on its own, and no equation touching it is judged */
	r = edited(RECEIVED, SEVEN_ZEROS, "\t5a\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n");
	if (r)
	{
		gai_cell   *c = unit_cell(r, "received", "natural_person");
		const gai_violation *v = unit_find_violation(r, "cell.unreadable", NULL, NULL);

		if (CHECK(c != NULL))
		{
			CHECK_EQ_INT(c->status, GAI_CELL_UNREADABLE);
			CHECK_EQ_STR(c->raw, "5a");
		}
		CHECK_EQ_INT(r->n_violations, 1);
		if (CHECK(v != NULL))
		{
			CHECK_EQ_STR(v->item, "received");
			CHECK_EQ_STR(v->col, "natural_person");
			CHECK(!v->has_values);
			CHECK(strstr(v->message, "\"5a\"") != NULL);
		}
		CHECK(unit_warning_has(r, "cannot read \"5a\" (text after the number)"));
		gai_report_free(r, &unit_hooks);
	}

	/* appeals: review/upheld 0 -> 1 breaks the review row total */
	r = edited("\t复议后起诉\n", "\t总计\n\n\t0\n", "\t总计\n\n\t1\n");
	if (r)
	{
		gai_cell   *c = unit_cell(r, "review", "upheld");

		if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
			CHECK_EQ_NUM(c->value, 1, 0);
		CHECK_EQ_INT(r->n_violations, 1);
		if (r->n_violations == 1)
			check_violation(&r->violations[0], "appeals.row_total", GAI_SEV_ERROR, GAI_SEC_APPEALS,
							"review", "total", 1, 0);
		gai_report_free(r, &unit_hooks);
	}

	/* active.published is a warning: new_published 2 > total_published 0 */
	r = edited("\t规范性文件\n\t0\n", "\t0\n", "\t2\n");
	if (r)
	{
		CHECK_EQ_INT(r->n_violations, 1);
		CHECK_EQ_INT(r->n_errors, 0);
		if (r->n_violations == 1)
		{
			const gai_violation *v = &r->violations[0];

			CHECK_EQ_STR(v->rule, "active.published");
			CHECK_EQ_INT(v->severity, GAI_SEV_WARNING);
			CHECK_EQ_STR(v->item, "normative_document");
			CHECK_EQ_STR(v->col, "total_published");
			/* ROW_GE: expected is the right side (new_published), actual the total */
			CHECK_EQ_NUM(v->expected, 2, 0);
			CHECK_EQ_NUM(v->actual, 0, 0);
		}
		gai_report_free(r, &unit_hooks);
	}

	/* a decimal amount does not upset the rules (exact decimals) */
	r = edited("\t政府集中采购\n\t4\n", "\t40053元\n", "\t40053.25元\n");
	if (r)
	{
		gai_cell   *c = unit_cell(r, "procurement", "amount");

		if (CHECK(c != NULL) && CHECK_EQ_INT(c->status, GAI_CELL_OK))
			CHECK_EQ_NUM(c->value, 4005325, 2);
		CHECK_EQ_INT(r->n_violations, 0);
		gai_report_free(r, &unit_hooks);
	}

	free(seed);
}
