/*
 * test_defects.c — the defects of issue 6, each as found by the tester:
 * text in a value cell shifting its row, footnote marks fused into numbers,
 * memory per input byte, the decimal helpers at their limits.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEVEN_ZEROS "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n"
#define RECEIVED "一、本年新收政府信息公开申请数量\n"
#define NOISY_001 "../fixtures/noisy/001.txt"
#define ROW_001 "0   0   １   0   １   0   2"

static const char *const req_cols[] = {
	"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"
};

/* Parse text with `from` (first occurrence after `after`) replaced by `to`. */
static gai_report *
edited(const char *text, const char *after, const char *from, const char *to)
{
	char	   *t = unit_replace_after(text, after, from, to);
	gai_report *r;

	if (!CHECK(t != NULL))
		return NULL;
	r = gai_parse_report(t, strlen(t), &unit_hooks);
	free(t);
	return r;
}

/*
 * The received row after an edit: the cell `bad` (column index) unreadable
 * with raw text `raw`, every other cell ok with want[col].
 */
static void
check_received(gai_report *r, int bad, const char *raw, const long long *want, const char *what)
{
	if (!CHECK(r != NULL))
		return;
	for (int k = 0; k < 7; k++)
	{
		gai_cell   *c = unit_cell(r, "received", req_cols[k]);

		if (!CHECK(c != NULL))
			continue;
		if (k == bad)
		{
			if (!CHECK_EQ_INT(c->status, GAI_CELL_UNREADABLE))
				printf("    (%s: column %s)\n", what, req_cols[k]);
			CHECK_EQ_STR(c->raw, raw);
		}
		else
		{
			if (!CHECK_EQ_INT(c->status, GAI_CELL_OK))
				printf("    (%s: column %s, raw %s)\n", what, req_cols[k], c->raw);
			else
				CHECK_EQ_NUM(c->value, want[k], 0);
		}
	}
	CHECK(unit_count_violations(r, "cell.unreadable", "received", req_cols[bad]) == 1);
	gai_report_free(r, &unit_hooks);
}

/* Text that is no number, in a cell-per-line row: unreadable in its own column. */
static void
text_in_cells(const char *seed)
{
	/* the tester's case: 十二,2,3,4,5,6,21 */
	static const char *const junk[] = {"十二", "(1)", "1、", "abc", "٣", "～5", "½", "1²", "12³", "₁₂", "⑫", "壹"};
	const long long want[7] = {0, 2, 3, 4, 5, 6, 21};

	for (size_t j = 0; j < sizeof junk / sizeof junk[0]; j++)
	{
		char		row[256];
		char		raw[32];

		/* first cell, then a middle cell, then the total */
		for (int at = 0; at < 7; at += 3)
		{
			long long	w[7];
			int			o = 0;

			memcpy(w, want, sizeof w);
			for (int k = 0; k < 7; k++)
			{
				if (k == at)
					o += snprintf(row + o, sizeof row - o, "\t%s\n", junk[j]);
				else
					o += snprintf(row + o, sizeof row - o, "\t%lld\n", w[k]);
			}
			/* NFKC folds the full-width ～ to ~; the rest is kept as printed */
			snprintf(raw, sizeof raw, "%s", strcmp(junk[j], "～5") == 0 ? "~5" :
					 strcmp(junk[j], "½") == 0 ? "1\u20442" : junk[j]);
			check_received(edited(seed, RECEIVED, SEVEN_ZEROS, row), at, raw, w, junk[j]);
		}
	}
}

/* The same in a row-per-line export (pdftotext -layout). */
static void
text_in_rows(const char *noisy)
{
	static const char *const junk[] = {"十二", "(1)", "1、", "abc", "1²", "12³", "⑫"};
	/* noisy 001 received: 0 0 1 0 1 0 2 */
	const long long want[7] = {0, 0, 1, 0, 1, 0, 2};

	for (size_t j = 0; j < sizeof junk / sizeof junk[0]; j++)
	{
		char		row[256];

		/* a middle cell (values on both sides), then the total (last) */
		snprintf(row, sizeof row, "0   0   １   %s   １   0   2", junk[j]);
		check_received(edited(noisy, "一、本年新收", ROW_001, row), 3, junk[j], want, junk[j]);
		snprintf(row, sizeof row, "0   0   １   0   １   0   %s", junk[j]);
		if (strcmp(junk[j], "abc") != 0)
			check_received(edited(noisy, "一、本年新收", ROW_001, row), 6, junk[j], want, junk[j]);
		else
		{
			/* letters after the last value may be a label: 6 values for 7 columns, none placed */
			gai_report *r = edited(noisy, "一、本年新收", ROW_001, row);

			if (CHECK(r != NULL))
			{
				for (int k = 0; k < 7; k++)
				{
					gai_cell   *c = unit_cell(r, "received", req_cols[k]);

					CHECK(c != NULL && c->status == GAI_CELL_UNREADABLE);
				}
				gai_report_free(r, &unit_hooks);
			}
		}
	}
}

/* Footnote marks never change a number: 1² is not 12. */
static void
footnote_marks(void)
{
	static const gai_col_def col = {"natural_person", "自然人", UNIT_COUNT};
	static const char *const marked[] = {"1²", "12³", "₁₂", "⑫", "3¹", "5⁰", "①"};

	for (size_t j = 0; j < sizeof marked / sizeof marked[0]; j++)
	{
		char		out[64];
		int			invalid = 0;
		size_t		n = norm_line(marked[j], strlen(marked[j]), out, sizeof out, &invalid);
		gai_cellval v = value_parse(out, (int) n, &col, false);

		if (!CHECK_EQ_INT(v.status, GAI_CELL_UNREADABLE))
			printf("    (%s read as %lld)\n", marked[j], (long long) v.num.mant);
	}
	/* full-width digits still fold: they are the same number */
	{
		char		out[64];
		int			invalid = 0;
		size_t		n = norm_line("１２", strlen("１２"), out, sizeof out, &invalid);
		gai_cellval v = value_parse(out, (int) n, &col, false);

		CHECK_EQ_INT(v.status, GAI_CELL_OK);
		CHECK_EQ_NUM(v.num, 12, 0);
	}
}

/* num_cmp at the int64 limits: no negation overflow (UBSan aborts on one). */
static void
num_limits(void)
{
	gai_num		lo = {INT64_MIN, 0},
				hi = {INT64_MAX, 0},
				zero = {0, 0},
				lo_frac = {INT64_MIN, 3};

	CHECK(num_cmp(lo, hi) < 0);
	CHECK(num_cmp(hi, lo) > 0);
	CHECK(num_cmp(lo, zero) < 0);
	CHECK(num_cmp(lo, lo) == 0);
	CHECK(num_cmp(lo_frac, lo) > 0);
	CHECK(num_cmp(lo, lo_frac) < 0);
	{
		gai_num		a = {-1, 0};

		CHECK(num_add(&a, lo) == false);	/* -1 + INT64_MIN overflows */
	}
}

void
suite_defects(void)
{
	size_t		len;
	char	   *seed = unit_slurp(SEED_000, &len);
	char	   *noisy = unit_slurp(NOISY_001, &len);

	text_in_cells(seed);
	text_in_rows(noisy);
	footnote_marks();
	num_limits();
	free(seed);
	free(noisy);
}
