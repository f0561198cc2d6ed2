/*
 * meta.c — title, agency, year, statistics period and report date.
 *
 *   title:   the first line(s) before the first section that read as a
 *            report title (it often wraps over two lines);
 *   agency:  from the title, else from the signature block at the end;
 *   year:    from the title, else from the 统计期限 sentence;
 *   period:  统计期限自2020年1月1日起至2020年12月31日止;
 *   date:    the date line of the signature block (Arabic or Han numerals).
 */
#include "internal.h"

#include <string.h>

#define SIGNATURE_LINES 8

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
date_valid(gai_date d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (d.y < 1990 || d.y > 2100 || d.m < 1 || d.m > 12 || d.d < 1)
		return false;
	if (d.m == 2 && d.d == 29)
		return is_leap(d.y);
	return d.d <= mdays[d.m - 1];
}

/* A number in Arabic digits or Han numerals (二〇二一, 十七, 三十一) at s[*i]. */
static int
read_number(const char *s, int len, int *i, int *ndigits)
{
	int			v = 0,
				k = *i,
				n = 0;
	bool		han = false,
				ten = false;
	int			before_ten = 0;

	while (k < len)
	{
		int			j = k;
		int			cp = utf8_next(s, len, &j);
		int			d;

		if (cp >= '0' && cp <= '9')
			d = cp - '0';
		else if ((d = han_digit(cp)) >= 0 && (d <= 10))
			han = true;
		else
			break;
		if (n >= 6)
			return -1;			/* no date part has more than 4 digits: stop early (no quadratic scans) */
		if (han && d == 10)
		{
			/* 十: tens */
			before_ten = n > 0 ? v : 1;
			v = 0;
			ten = true;
		}
		else
		{
			if (v > 100000)
				return -1;
			v = v * 10 + d;
		}
		n++;
		k = j;
	}
	if (ten)
		v = before_ten * 10 + v;
	*ndigits = n;
	*i = k;
	return n > 0 ? v : -1;
}

static bool
skip_str(const char *s, int len, int *i, const char *lit)
{
	int			n = (int) strlen(lit);

	if (*i + n <= len && memcmp(s + *i, lit, n) == 0)
	{
		*i += n;
		return true;
	}
	return false;
}

/* A date at s[*i]: 2020年12月31日, 二〇二一年一月十七日, 2020-12-31, 2020.12.31, 2020/12/31 */
static bool
read_date(const char *s, int len, int *i, gai_date *out)
{
	int			k = *i,
				nd;
	gai_date	d = {0, 0, 0};

	while (k < len && s[k] == ' ')
		k++;
	d.y = read_number(s, len, &k, &nd);
	if (d.y < 0 || nd != 4)
		return false;
	while (k < len && s[k] == ' ')
		k++;
	if (skip_str(s, len, &k, "年"))
	{
		while (k < len && s[k] == ' ')
			k++;
		d.m = read_number(s, len, &k, &nd);
		while (k < len && s[k] == ' ')
			k++;
		if (d.m < 0 || !skip_str(s, len, &k, "月"))
			return false;
		while (k < len && s[k] == ' ')
			k++;
		d.d = read_number(s, len, &k, &nd);
		while (k < len && s[k] == ' ')
			k++;
		if (d.d < 0 || !(skip_str(s, len, &k, "日") || skip_str(s, len, &k, "号")))
			return false;
	}
	else if (k < len && (s[k] == '-' || s[k] == '.' || s[k] == '/'))
	{
		char		sep = s[k++];

		d.m = read_number(s, len, &k, &nd);
		if (d.m < 0 || nd > 2 || k >= len || s[k] != sep)
			return false;
		k++;
		d.d = read_number(s, len, &k, &nd);
		if (d.d < 0 || nd > 2)
			return false;
	}
	else
		return false;
	if (!date_valid(d))
		return false;
	*out = d;
	*i = k;
	return true;
}

/* Title: ...YYYY年(度)政府信息公开工作年度报告, or YYYY年(度)...政府信息公开... */
static bool
parse_title(gai_builder *b, const char *t, int len, const char **agency, int *year)
{
	int			ypos = -1,
				yend = -1;

	*agency = NULL;
	*year = 0;
	if (memmem(t, len, "报告", 6) == NULL || memmem(t, len, "公开", 6) == NULL)
		return false;
	if (memmem(t, len, "。", 3) || memmem(t, len, "，", 3) || memmem(t, len, ",", 1))
		return false;
	for (int i = 0; i + 4 < len; i++)
	{
		if (t[i] >= '1' && t[i] <= '2' && t[i + 1] >= '0' && t[i + 1] <= '9' &&
			t[i + 2] >= '0' && t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9' &&
			(i == 0 || !(t[i - 1] >= '0' && t[i - 1] <= '9')) &&
			len - (i + 4) >= 3 && memcmp(t + i + 4, "年", 3) == 0)
		{
			int			y = (t[i] - '0') * 1000 + (t[i + 1] - '0') * 100 + (t[i + 2] - '0') * 10 + (t[i + 3] - '0');

			if (y >= 2000 && y <= 2100)
			{
				ypos = i;
				yend = i + 7;
				if (len - yend >= 3 && memcmp(t + yend, "度", 3) == 0)
					yend += 3;
				*year = y;
				break;
			}
		}
	}
	{
		/* the agency: before the year, or else between the year and 政府信息公开 */
		const char *cut = memmem(t, len, "政府信息公开", 18);
		int			s = 0,
					e = ypos >= 0 ? ypos : (cut ? (int) (cut - t) : 0);

		if (ypos == 0 && cut)
		{
			s = yend;
			e = (int) (cut - t);
		}
		if (e > s)
			(void) skip_str(t, e, &s, "关于");
		if (e - s >= 6)
			*agency = arena_strndup(&b->arena, t + s, (size_t) (e - s));
	}
	return *year > 0 || *agency != NULL;
}

static char *
key_of_line(gai_builder *b, const gai_line *ln)
{
	char	   *k = arena_alloc(&b->arena, (size_t) ln->len + 1);
	int			o = 0;

	for (int i = 0; i < ln->len; i++)
		if (ln->text[i] != ' ' && ln->text[i] != '\t')
			k[o++] = ln->text[i];
	k[o] = '\0';
	return k;
}

static const char *
orig_trim_join3(gai_builder *b, const gai_line *a, const gai_line *c, const gai_line *e)
{
	/* the title as printed: each line trimmed, joined without a separator */
	const gai_line *ls[3] = {a, c, e};
	char	   *out = arena_alloc(&b->arena, (size_t) a->orig_len + (c ? (size_t) c->orig_len : 0) +
								  (e ? (size_t) e->orig_len : 0) + 1);
	size_t		o = 0;

	for (int k = 0; k < 3 && ls[k]; k++)
	{
		const char *s = line_orig(&b->doc, ls[k]);
		int			n = ls[k]->orig_len;

		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n >= 2 && (unsigned char) s[0] == 0xC2 && (unsigned char) s[1] == 0xA0)
			s += 2, n -= 2;
		while (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3, n -= 3;
		/* a markdown heading's marks */
		{
			int			h = 0;

			while (h < n && h < 6 && s[h] == '#')
				h++;
			if (h > 0 && h < n && s[h] == ' ')
			{
				s += h, n -= h;
				while (n > 0 && *s == ' ')
					s++, n--;
			}
		}
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		memcpy(out + o, s, n);
		o += (size_t) n;
	}
	out[o] = '\0';
	return out;
}

static const char *
orig_trim_join(gai_builder *b, const gai_line *a, const gai_line *c)
{
	return orig_trim_join3(b, a, c, NULL);
}

static void
read_title(gai_builder *b, int limit)
{
	gai_doc    *doc = &b->doc;
	int			seen = 0;

	for (int i = 0; i < limit && i < doc->n_lines && seen < 4; i++)
	{
		gai_line   *ln = &doc->lines[i];
		const char *agency;
		int			year;
		char	   *k1;

		if (ln->kind != LINE_TEXT || ln->len == 0)
			continue;
		seen++;
		if (ln->len > 240)
			break;
		k1 = key_of_line(b, ln);
		/* a title wrapped over two lines is read joined */
		for (int j = i + 1; j < limit && j < doc->n_lines && j <= i + 2; j++)
		{
			gai_line   *ln2 = &doc->lines[j];
			char	   *k2,
					   *joined;

			if (ln2->kind == LINE_BLANK)
				continue;
			if (ln2->kind != LINE_TEXT || ln2->len > 120 || memmem(k1, strlen(k1), "报告", 6))
				break;
			k2 = key_of_line(b, ln2);
			joined = arena_printf(&b->arena, "%s%s", k1, k2);
			if (parse_title(b, joined, (int) strlen(joined), &agency, &year))
			{
				b->r->title = orig_trim_join(b, ln, ln2);
				b->r->agency = agency;
				b->r->year = year;
				ln->used = ln2->used = true;
				return;
			}
			/* a long title in a large font wraps twice (pdftotext): 报告 on the third line */
			for (int j3 = j + 1; !memmem(joined, strlen(joined), "报告", 6) && j3 < limit &&
				 j3 < doc->n_lines && j3 <= j + 2; j3++)
			{
				gai_line   *ln3 = &doc->lines[j3];
				char	   *joined3;

				if (ln3->kind == LINE_BLANK)
					continue;
				if (ln3->kind != LINE_TEXT || ln3->len > 120)
					break;
				joined3 = arena_printf(&b->arena, "%s%s", joined, key_of_line(b, ln3));
				if (parse_title(b, joined3, (int) strlen(joined3), &agency, &year))
				{
					b->r->title = orig_trim_join3(b, ln, ln2, ln3);
					b->r->agency = agency;
					b->r->year = year;
					ln->used = ln2->used = ln3->used = true;
					return;
				}
				break;
			}
			break;
		}
		if (parse_title(b, k1, (int) strlen(k1), &agency, &year))
		{
			b->r->title = orig_trim_join(b, ln, NULL);
			b->r->agency = agency;
			b->r->year = year;
			ln->used = true;
			return;
		}
	}
}

static void
read_period(gai_builder *b, int first_table)
{
	gai_doc    *doc = &b->doc;

	/* the sentence opens the report: look before the first table, else everywhere */
	for (int pass = 0; pass < 2; pass++)
	for (int i = pass == 0 ? 0 : first_table; i < (pass == 0 ? first_table : doc->n_lines); i++)
	{
		gai_line   *ln = &doc->lines[i];
		const char *p;
		int			k;
		gai_date	d1 = {0, 0, 0},
					d2 = {0, 0, 0};
		bool		found1 = false,
					found2 = false;

		gai_tick(doc, i);

		if (ln->kind != LINE_TEXT || ln->len < 12)
			continue;
		p = memmem(ln->text, ln->len, "统计期", 9);
		if (!p)
			continue;
		/* the first two dates after 统计期限; a wrapped sentence continues on the next line */
		k = (int) (p - ln->text);
		while (k < ln->len && !(found1 = read_date(ln->text, ln->len, &k, &d1)))
			k++;
		if (!found1)
			continue;
		while (k < ln->len && !(found2 = read_date(ln->text, ln->len, &k, &d2)))
			k++;
		if (!found2 && i + 1 < doc->n_lines)
		{
			gai_line   *nx = &doc->lines[i + 1];

			k = 0;
			while (k < nx->len && k < 60 && !(found2 = read_date(nx->text, nx->len, &k, &d2)))
				k++;
			if (!found2)
				d2 = (gai_date) {0, 0, 0};
		}
		b->r->period_start = d1;
		if (d2.y)
			b->r->period_end = d2;
		return;
	}
}

/* Signature block: an agency line and a date line among the last lines. */
static void
read_signature(gai_builder *b, const char **sig_agency)
{
	gai_doc    *doc = &b->doc;
	int			seen = 0;

	*sig_agency = NULL;
	for (int i = doc->n_lines - 1; i >= 0 && seen < SIGNATURE_LINES; i--)
	{
		gai_line   *ln = &doc->lines[i];
		int			k = 0;
		gai_date	d = {0, 0, 0};

		if (ln->kind == LINE_BLANK || ln->len == 0)
			continue;
		seen++;
		if (!read_date(ln->text, ln->len, &k, &d) || k != ln->len)
			continue;
		b->r->report_date = d;
		ln->used = true;		/* the signature is not narrative */
		/* the agency line above it; a page break may put a footer and a running header between */
		for (int j = i - 1, looked = 0; j >= 0 && looked < 4; j--)
		{
			gai_line   *a = &doc->lines[j];

			if (a->kind == LINE_BLANK || a->kind == LINE_NOISE || a->len == 0)
				continue;
			looked++;
			if (memmem(a->text, a->len, "报告", 6))
				continue;		/* a running header repeats the title */
			if (a->kind == LINE_TEXT && !a->tab_led && a->len <= 120 &&
				!memmem(a->text, a->len, "。", 3) && !memmem(a->text, a->len, ",", 1) &&
				!memmem(a->text, a->len, ":", 1) && !memmem(a->text, a->len, ";", 1) &&
				utf8_count(a->text, a->len) >= 3)
			{
				*sig_agency = key_of_line(b, a);
				a->used = true;
			}
			break;
		}
		return;
	}
}

/*
 * A web page's text run together on a few long lines (glued web text): the
 * signature is inside a line — a sentence's end (。), a short name, a date
 * (…事项无。某市某局2021年1月17日附件：…).  The last such name in the text is
 * the agency when the title also names it (the 150 bytes before the first
 * 政府信息公开工作年度报告 hold it); the date is the report's.
 */
#define LONG_LINE 240

static void
read_inline_signature(gai_builder *b)
{
	gai_doc    *doc = &b->doc;
	static const char stop[] = "。";
	static const char title_end[] = "政府信息公开工作年度报告";
	const char *title_at = NULL;
	const gai_line *tl = NULL;

	for (int i = 0; i < doc->n_lines && i < 64 && !title_at; i++)
	{
		const gai_line *ln = &doc->lines[i];

		if (ln->kind == LINE_TEXT && ln->len > LONG_LINE)
		{
			title_at = memmem(ln->text, (size_t) ln->len, title_end, sizeof title_end - 1);
			tl = ln;
		}
	}
	if (!title_at)
		return;
	for (int i = doc->n_lines - 1, seen = 0; i >= 0 && seen < SIGNATURE_LINES; i--)
	{
		const gai_line *ln = &doc->lines[i];
		int			tries = 0;

		if (ln->kind == LINE_BLANK || ln->len == 0)
			continue;
		seen++;
		if (ln->len <= LONG_LINE)
			continue;
		/* the sentence ends, from the last: a name of 3 to 40 characters, then a date */
		for (int e = ln->len - 3; e >= 0 && tries < 64; e--)
		{
			int			k,
						j;
			gai_date	d = {0, 0, 0};

			if (memcmp(ln->text + e, stop, 3) != 0)
				continue;
			tries++;
			k = e + 3;
			j = k;
			while (j < ln->len && j - k < 120 && !(ln->text[j] >= '0' && ln->text[j] <= '9') &&
				   (unsigned char) ln->text[j] >= 0x80)
				j++;
			if (j - k < 9 || j >= ln->len || !(ln->text[j] >= '0' && ln->text[j] <= '9'))
				continue;
			{
				int			dk = j,
							cps = utf8_count(ln->text + k, j - k);
				const char *name;

				if (cps < 3 || cps > 40 || !read_date(ln->text, ln->len, &dk, &d))
					continue;
				name = arena_strndup(&b->arena, ln->text + k, (size_t) (j - k));
				{
					const char *from = title_at - tl->text > 150 ? title_at - 150 : tl->text;

					if (!memmem(from, (size_t) (title_at - from), name, (size_t) (j - k)))
						return;
				}
				b->r->agency = name;
				if (!b->r->report_date.y)
					b->r->report_date = d;
				return;
			}
		}
		return;
	}
}

/*
 * Pages saved by a crawler start with header lines before the report:
 * 标题: …, 发布时间: …, 发布机构: …, then a rule (==== 正文 ====).  They give
 * the title, the publishing agency and the publication date, and are no part
 * of the report (nor of its agency's name).  Returns the title's line, -1.
 */
static const char *const crawler_keys[] = {
	"标题", "发布时间", "发布日期", "发布机构", "来源", "信息来源", "发文机关", "索引号", "文号",
	"链接", "网址", "URL", "url", "时间", "成文日期", "作者", NULL
};

static int
crawler_key(const gai_line *ln, int *vpos)
{
	for (int k = 0; crawler_keys[k]; k++)
	{
		int			n = (int) strlen(crawler_keys[k]),
					i;

		if (ln->len <= n || memcmp(ln->text, crawler_keys[k], (size_t) n) != 0)
			continue;
		i = n;
		while (i < ln->len && ln->text[i] == ' ')
			i++;
		if (i < ln->len && ln->text[i] == ':')		/* ： is : after NFKC */
		{
			i++;
			while (i < ln->len && ln->text[i] == ' ')
				i++;
			*vpos = i;
			return k;
		}
	}
	return -1;
}

static bool
is_rule_line(const gai_line *ln)
{
	int			marks = 0;

	for (int i = 0; i < ln->len; i++)
		marks += ln->text[i] == '=' || ln->text[i] == '-' || ln->text[i] == '*';
	return marks >= 6;
}

static void
read_crawler_header(gai_builder *b)
{
	gai_doc    *doc = &b->doc;
	int			keys = 0;

	for (int i = 0; i < doc->n_lines && i < 16; i++)
	{
		gai_line   *ln = &doc->lines[i];
		int			v,
					k;

		if (ln->kind == LINE_BLANK)
			continue;
		if (ln->kind != LINE_TEXT)
			break;
		k = crawler_key(ln, &v);
		if (k < 0)
		{
			if (keys > 0 && is_rule_line(ln))
				ln->kind = LINE_NOISE;	/* ==== 正文 ==== */
			if (keys > 0)
				break;
			continue;
		}
		keys++;
		ln->kind = LINE_NOISE;
		if (strcmp(crawler_keys[k], "标题") == 0)
		{
			const char *agency;
			int			year;
			char	   *t = arena_strndup(&b->arena, ln->text + v, (size_t) (ln->len - v));

			if (parse_title(b, t, ln->len - v, &agency, &year))
			{
				b->r->title = t;
				b->r->agency = agency;
				b->r->year = year;
			}
		}
		else if (strcmp(crawler_keys[k], "发布机构") == 0 || strcmp(crawler_keys[k], "发文机关") == 0)
			b->crawler_agency = arena_strndup(&b->arena, ln->text + v, (size_t) (ln->len - v));
		else if (strstr(crawler_keys[k], "时间") || strstr(crawler_keys[k], "日期"))
		{
			int			j = v;

			(void) read_date(ln->text, ln->len, &j, &b->r->published);
		}
	}
}

void
meta_read(gai_builder *b)
{
	int			first = b->doc.n_lines;
	const char *sig_agency;

	for (int s = 1; s < GAI_SEC_COUNT; s++)
	{
		int			l = b->heading_line[s] >= 0 ? b->heading_line[s] : b->zone_start[s];

		if (l >= 0 && l < first)
			first = l;
	}
	read_crawler_header(b);
	if (!b->r->title)
		read_title(b, first < 12 ? first : 12);
	{
		int			first_table = b->doc.n_lines;

		for (int s = GAI_SEC_ACTIVE; s <= GAI_SEC_APPEALS; s++)
			if (b->zone_start[s] >= 0 && b->zone_start[s] < first_table)
				first_table = b->zone_start[s];
		read_period(b, first_table);
	}
	read_signature(b, &sig_agency);
	if (!b->r->agency && sig_agency)
		b->r->agency = sig_agency;
	if (!b->r->agency && b->crawler_agency)
		b->r->agency = b->crawler_agency;
	if (!b->r->agency)
		read_inline_signature(b);
	else if (b->r->agency && sig_agency && strcmp(b->r->agency, sig_agency) != 0)
		gai_warn(b, 0, "the title names \"%s\", the signature \"%s\"; the title's is used",
			 b->r->agency, sig_agency);
	if (b->r->year == 0 && b->r->period_start.y)
		b->r->year = b->r->period_start.y;
	else if (b->r->year && b->r->period_start.y && b->r->period_start.y != b->r->year)
		gai_warn(b, 0, "the title says %d, the statistics period starts in %d", b->r->year,
			 b->r->period_start.y);
	if (b->r->year == 0)
		gai_warn(b, 0, "no reporting year found (no title with a year, no 统计期限 sentence)");
}
