/*
 * template.c — the 2019 and 2021 templates as data, and the label index.
 *
 * Codes are those of shared/spec/template.md; labels are the template's own
 * wording with its full-width punctuation.  Aliases ('|'-separated) are
 * wordings seen in real exports.  Nothing outside this file spells a label.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define N(a) ((int) (sizeof(a) / sizeof((a)[0])))

/* ------------------------------------------------------------ active, 2019 */

static const gai_col_def act19_c1[] = {
	{"new_made", "本年新制作数量", "本年制作数量|新制作数量", UNIT_COUNT},
	{"new_published", "本年新公开数量", "本年公开数量|新公开数量", UNIT_COUNT},
	{"total_published", "对外公开总数量", "对外公开总数|公开总数量", UNIT_COUNT},
};
static const gai_row_def act19_r1[] = {
	{"regulation", "规章", NULL},
	{"normative_document", "规范性文件", "行政规范性文件"},
};
static const gai_col_def act19_c5[] = {
	{"prev_items", "上一年项目数量", "上年项目数量", UNIT_COUNT},
	{"change", "本年增/减", "本年增减|本年增加/减少", UNIT_SIGNED},
	{"decisions", "处理决定数量", "本年处理决定数量", UNIT_COUNT},
};
static const gai_row_def act19_r5[] = {
	{"license", "行政许可", NULL},
	{"other_service", "其他对外管理服务事项", "其他对外管理服务"},
};
static const gai_row_def act19_r6[] = {
	{"penalty", "行政处罚", NULL},
	{"enforcement", "行政强制", NULL},
};
static const gai_col_def act19_c8[] = {
	{"prev_items", "上一年项目数量", "上年项目数量", UNIT_COUNT},
	{"change", "本年增/减", "本年增减|本年增加/减少", UNIT_SIGNED},
};
static const gai_row_def act19_r8[] = {
	{"fee", "行政事业性收费", "行政事业收费"},
};
static const gai_col_def act19_c9[] = {
	{"items", "采购项目数量", "采购项目数", UNIT_COUNT},
	{"amount", "采购总金额", "采购总金额（元）|采购总金额（万元）|采购金额", UNIT_YUAN},
};
static const gai_row_def act19_r9[] = {
	{"procurement", "政府集中采购", "集中采购"},
};

/* ------------------------------------------------------------ active, 2021 */

static const gai_col_def act21_c1[] = {
	{"issued", "本年制发件数", "本年新制发件数|制发件数", UNIT_COUNT},
	{"repealed", "本年废止件数", "废止件数", UNIT_COUNT},
	{"in_force", "现行有效件数", "现行有效数", UNIT_COUNT},
};
static const gai_row_def act21_r1[] = {
	{"regulation", "规章", NULL},
	{"normative_document", "行政规范性文件", "规范性文件"},
};
static const gai_col_def act21_cdec[] = {
	{"decisions", "本年处理决定数量", "处理决定数量", UNIT_COUNT},
};
static const gai_row_def act21_r5[] = {
	{"license", "行政许可", NULL},
};
static const gai_row_def act21_r6[] = {
	{"penalty", "行政处罚", NULL},
	{"enforcement", "行政强制", NULL},
};
static const gai_col_def act21_c8[] = {
	{"amount", "本年收费金额（单位：万元）", "本年收费金额（万元）|本年收费金额", UNIT_WAN_YUAN},
};
static const gai_row_def act21_r8[] = {
	{"fee", "行政事业性收费", "行政事业收费"},
};

/* ------------------------------------------------------------ requests */

static const gai_col_def req_cols[] = {
	{"natural_person", "自然人", NULL, UNIT_COUNT},
	{"commercial", "商业企业", NULL, UNIT_COUNT},
	{"research", "科研机构", NULL, UNIT_COUNT},
	{"social_org", "社会公益组织", NULL, UNIT_COUNT},
	{"legal_service", "法律服务机构", NULL, UNIT_COUNT},
	{"other_org", "其他", NULL, UNIT_COUNT},
	{"total", "总计", NULL, UNIT_COUNT},
};

#define REQ_HEAD \
	{"received", "一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量|本年新收申请数量"}, \
	{"carried_in", "二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量|上年结转申请数量"}, \
	{NULL, "三、本年度办理结果", NULL}, \
	{"granted", "（一）予以公开", NULL}, \
	{"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"}, \
	{NULL, "（三）不予公开", NULL}, \
	{"denied.state_secret", "1.属于国家秘密", NULL}, \
	{"denied.prohibited_by_law", "2.其他法律行政法规禁止公开", NULL}, \
	{"denied.three_safeties", "3.危及“三安全一稳定”", "3.危及三安全一稳定"}, \
	{"denied.third_party", "4.保护第三方合法权益", NULL}, \
	{"denied.internal_affairs", "5.属于三类内部事务信息", NULL}, \
	{"denied.process_info", "6.属于四类过程性信息", NULL}, \
	{"denied.enforcement_file", "7.属于行政执法案卷", NULL}, \
	{"denied.inquiry", "8.属于行政查询事项", NULL}, \
	{NULL, "（四）无法提供", NULL}, \
	{"unavailable.not_held", "1.本机关不掌握相关政府信息", NULL}, \
	{"unavailable.needs_creation", "2.没有现成信息需要另行制作", NULL}, \
	{"unavailable.unclear", "3.补正后申请内容仍不明确", NULL}, \
	{NULL, "（五）不予处理", NULL}, \
	{"rejected.petition", "1.信访举报投诉类申请", NULL}, \
	{"rejected.duplicate", "2.重复申请", NULL}, \
	{"rejected.publication", "3.要求提供公开出版物", NULL}, \
	{"rejected.excessive", "4.无正当理由大量反复申请", NULL}, \
	{"rejected.confirmation", "5.要求行政机关确认或重新出具已获取信息", NULL}

static const gai_row_def req_rows_2019[] = {
	REQ_HEAD,
	{"other", "（六）其他处理", NULL},
	{"total", "（七）总计", NULL},
	{"carried_over", "四、结转下年度继续办理", "结转下年度继续办理"},
};

static const gai_row_def req_rows_2021[] = {
	REQ_HEAD,
	{"other", "（六）其他处理", NULL, "other.*"},
	{"other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"1.申请人无正当理由逾期不补正"},
	{"other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"2.申请人逾期未按收费通知要求缴纳费用"},
	{"other.other", "3.其他", NULL},
	{"total", "（七）总计", NULL},
	{"carried_over", "四、结转下年度继续办理", "结转下年度继续办理"},
};

/* ------------------------------------------------------------ appeals */

static const gai_col_def app_cols[] = {
	{"upheld", "结果维持", NULL, UNIT_COUNT},
	{"corrected", "结果纠正", NULL, UNIT_COUNT},
	{"other", "其他结果", NULL, UNIT_COUNT},
	{"pending", "尚未审结", NULL, UNIT_COUNT},
	{"total", "总计", NULL, UNIT_COUNT},
};
static const gai_row_def app_rows[] = {
	{"review", "行政复议", NULL},
	{"litigation_direct", "未经复议直接起诉", NULL},
	{"litigation_after_review", "复议后起诉", NULL},
};

#define APP_HEADER_WORDS "行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|直接起诉|复议后起诉"

/* ------------------------------------------------------------ templates */

static const gai_table_def t2019[] = {
	{GAI_SEC_ACTIVE, "第二十条第（一）项", NULL, N(act19_c1), act19_c1, N(act19_r1), act19_r1},
	{GAI_SEC_ACTIVE, "第二十条第（五）项", NULL, N(act19_c5), act19_c5, N(act19_r5), act19_r5},
	{GAI_SEC_ACTIVE, "第二十条第（六）项", NULL, N(act19_c5), act19_c5, N(act19_r6), act19_r6},
	{GAI_SEC_ACTIVE, "第二十条第（八）项", NULL, N(act19_c8), act19_c8, N(act19_r8), act19_r8},
	{GAI_SEC_ACTIVE, "第二十条第（九）项", NULL, N(act19_c9), act19_c9, N(act19_r9), act19_r9},
	{GAI_SEC_REQUESTS, NULL, NULL, N(req_cols), req_cols, N(req_rows_2019), req_rows_2019},
	{GAI_SEC_APPEALS, NULL, APP_HEADER_WORDS, N(app_cols), app_cols, N(app_rows), app_rows},
};

static const gai_table_def t2021[] = {
	{GAI_SEC_ACTIVE, "第二十条第（一）项", NULL, N(act21_c1), act21_c1, N(act21_r1), act21_r1},
	{GAI_SEC_ACTIVE, "第二十条第（五）项", NULL, N(act21_cdec), act21_cdec, N(act21_r5), act21_r5},
	{GAI_SEC_ACTIVE, "第二十条第（六）项", NULL, N(act21_cdec), act21_cdec, N(act21_r6), act21_r6},
	{GAI_SEC_ACTIVE, "第二十条第（八）项", NULL, N(act21_c8), act21_c8, N(act21_r8), act21_r8},
	{GAI_SEC_REQUESTS, NULL, NULL, N(req_cols), req_cols, N(req_rows_2021), req_rows_2021},
	{GAI_SEC_APPEALS, NULL, APP_HEADER_WORDS, N(app_cols), app_cols, N(app_rows), app_rows},
};

const gai_template_def gai_templates[] = {
	{GAI_TEMPLATE_2019, "2019", 2019, N(t2019), t2019},
	{GAI_TEMPLATE_2021, "2021", 2021, N(t2021), t2021},
};
const int	gai_n_templates = N(gai_templates);

/* ------------------------------------------------------------ rules */

const gai_rule_def gai_rules[] = {
	{"requests.balance", GAI_SEV_ERROR, RULE_COLUMN_SUM, GAI_SEC_REQUESTS,
		"total carried_over", "received carried_in", NULL,
	"本年新收 + 上年结转 = 办理结果总计 + 结转下年度", NULL},
	{"requests.row_total", GAI_SEV_ERROR, RULE_ROW_SUM, GAI_SEC_REQUESTS,
		"total", "natural_person commercial research social_org legal_service other_org", NULL,
	"总计 = 自然人 + 法人或其他组织（五类）", NULL},
	{"requests.outcome_total", GAI_SEV_ERROR, RULE_COLUMN_SUM, GAI_SEC_REQUESTS,
		"total", "granted partial denied.* unavailable.* rejected.* other other.*", NULL,
	"（七）总计 = （一）至（六）之和", "total"},
	{"appeals.row_total", GAI_SEV_ERROR, RULE_ROW_SUM, GAI_SEC_APPEALS,
		"total", "upheld corrected other pending", NULL,
	"总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", NULL},
	{"nonnegative", GAI_SEV_ERROR, RULE_NONNEGATIVE, GAI_SEC_PREAMBLE,
		NULL, NULL, NULL, "counts and amounts are not negative", NULL},
	{"active.published", GAI_SEV_WARNING, RULE_ROW_GE, GAI_SEC_ACTIVE,
		"total_published", "new_published", NULL,
	"对外公开总数量 >= 本年新公开数量", NULL},
	{"procurement.parts", GAI_SEV_WARNING, RULE_PARTS, GAI_SEC_ACTIVE,
		"procurement", NULL, NULL, "sub-rows of 政府集中采购 sum to the row", NULL},
};
const int	gai_n_rules = N(gai_rules);

const char *const gai_section_titles[GAI_SEC_COUNT] = {
	NULL,
	"总体情况",
	"主动公开政府信息情况|主动公开政府信息",
	"收到和处理政府信息公开申请情况|收到和处理政府信息公开申请",
	"政府信息公开行政复议、行政诉讼情况|政府信息公开行政复议、行政诉讼|"
	"因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
	"存在的主要问题及改进情况|存在的主要问题和改进情况|存在的主要问题及改进措施|存在的主要问题",
	"其他需要报告的事项|其他需要报告事项",
};

const char *const gai_section_anchors[GAI_SEC_COUNT] = {
	NULL,
	NULL,
	"第二十条第",
	"勾稽关系|申请人情况|本年新收政府信息公开申请数量",
	"结果维持|=行政复议",
	NULL,
	NULL,
};

const char *const gai_count_units[] = {"件", "个", "条", "项", "次", "宗", "份", "人次", "人", "家", "笔", NULL};
const char	gai_yuan[4] = "元";
const char	gai_wan_yuan[7] = "万元";

/* The first template: reports on 2019 and 2020 (a text without labels of
 * either and without a year is most likely the older form). */
const gai_template_id gai_default_template = GAI_TEMPLATE_2019;

bool
words_hit(const char *words, const char *text, int len)
{
	for (const char *p = words; p && *p;)
	{
		const char *bar = strchr(p, '|');
		int			n = bar ? (int) (bar - p) : (int) strlen(p);

		if (*p == '=')
		{
			if (n - 1 == len && memcmp(p + 1, text, (size_t) len) == 0)
				return true;
		}
		else if (n > 0 && n <= len && memmem(text, (size_t) len, p, (size_t) n))
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* The template with most votes (score indexed by template id); none, or a
 * tie, is no answer: a template is never guessed. */
gai_template_id
template_vote(const int *score)
{
	gai_template_id best = GAI_TEMPLATE_NONE;
	bool		tie = false;

	for (int k = 0; k < gai_n_templates; k++)
	{
		gai_template_id id = gai_templates[k].id;

		if (score[id] == 0)
			continue;
		if (best == GAI_TEMPLATE_NONE || score[id] > score[best])
			best = id, tie = false;
		else if (score[id] == score[best])
			tie = true;
	}
	return tie ? GAI_TEMPLATE_NONE : best;
}

const gai_template_def *
template_get(gai_template_id id)
{
	for (int i = 0; i < gai_n_templates; i++)
		if (gai_templates[i].id == id)
			return &gai_templates[i];
	return NULL;
}

bool
code_matches(const char *pattern, const char *code)
{
	size_t		n = strlen(pattern);

	if (n >= 2 && pattern[n - 1] == '*' && pattern[n - 2] == '.')
		return strncmp(pattern, code, n - 1) == 0;
	return strcmp(pattern, code) == 0;
}

/* Does code match one of the space-separated patterns of list (NULL: every code)? */
bool
code_in_list(const char *list, const char *code)
{
	char		tok[96];

	if (!list)
		return true;
	for (const char *p = list; *p;)
	{
		int			n = 0;

		while (*p == ' ')
			p++;
		while (*p && *p != ' ' && n < (int) sizeof tok - 1)
			tok[n++] = *p++;
		tok[n] = '\0';
		if (n && code_matches(tok, code))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------ cell indexes */

#define MAX_TABLES 16
#define MAX_ROWS 40

typedef struct tpl_index
{
	int			ncells;
	int			base[MAX_TABLES][MAX_ROWS]; /* first cell of a value row, -1 for groups */
	gai_cellref *refs;
	/* label keys of each table's group rows (and rows printed in place of others), for group_piece */
	int			ngroups[MAX_TABLES];
	char	   *group_key[MAX_TABLES][MAX_ROWS];
	int			group_len[MAX_TABLES][MAX_ROWS];
} tpl_index;

static tpl_index tindex[GAI_TEMPLATE_SLOTS];

int
template_ncells(const gai_template_def *t)
{
	return tindex[t->id].ncells;
}

int
template_cell_index(const gai_template_def *t, int table, int row, int col)
{
	int			b = tindex[t->id].base[table][row];

	return b < 0 ? -1 : b + col;
}

gai_cellref
template_cell_ref(const gai_template_def *t, int cell)
{
	return tindex[t->id].refs[cell];
}

/* ------------------------------------------------------------ label index */

typedef struct label_entry
{
	char	   *key;
	int			len;
	int			cp;				/* key length in code points */
	int			tmask;			/* templates the label belongs to */
	gai_template_id tpl;
	label_hit	hit;
	bool		stripped;		/* key is the label without its ordinal */
	uint64_t	mask;			/* bit (code point % 64) of each character */
} label_entry;

static uint64_t
key_mask(const char *s, int len)
{
	uint64_t	m = 0;

	for (int i = 0; i < len;)
		m |= (uint64_t) 1 << (utf8_next(s, len, &i) & 63);
	return m;
}

static label_entry *entries;
static int	n_entries,
			cap_entries;
/* open-addressing hash of entry indexes, per key (several entries may share a key) */
static int *hslots;
static int	hsize;

static uint32_t
hash_bytes(const char *s, int len)
{
	uint32_t	h = 2166136261u;

	for (int i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	return h;
}

int
label_key(const char *s, int len, char *out, int cap)
{
	/* normalised text without any white space; labels are short */
	char		buf[1024];
	int			invalid = 0;
	int			o = 0;
	size_t		n;

	if (len > 300)
		len = 300;
	n = norm_line(s, (size_t) len, buf, sizeof buf, &invalid);
	if (n > sizeof buf)
		n = sizeof buf;
	for (size_t i = 0; i < n && o < cap - 1; i++)
		if (buf[i] != ' ' && buf[i] != '\t')
			out[o++] = buf[i];
	out[o] = '\0';
	return o;
}

/*
 * Length of a leading ordinal in a key: 一、 二、 1、 1. （一） (1) 第一 ...
 * Returns bytes to skip (0 when none).
 */
int
key_strip_ordinal(const char *k, int len, int *skip)
{
	int			i = 0,
				cp,
				digits = 0;

	*skip = 0;
	if (len <= 0)
		return 0;
	if (k[0] == '(')
	{
		i = 1;
		while (i < len)
		{
			int			j = i;

			cp = utf8_next(k, len, &j);
			if ((cp >= '0' && cp <= '9') || han_digit(cp) >= 0)
			{
				digits++;
				i = j;
			}
			else
				break;
		}
		if (digits > 0 && i < len && k[i] == ')')
			*skip = i + 1;
		return *skip;
	}
	{
		int			arabic = 0;

		while (i < len)
		{
			int			j = i;

			cp = utf8_next(k, len, &j);
			if ((cp >= '0' && cp <= '9') || han_digit(cp) >= 0)
			{
				digits++;
				arabic += cp <= '9';
				i = j;
			}
			else
				break;
		}
		/* 1、 or 三、 — but 0三、 mixes the two: a stray character, not an ordinal */
		if (arabic > 0 && arabic < digits)
			return 0;
	}
	if (digits > 0 && digits <= 3 && i < len)
	{
		int			j = i;

		cp = utf8_next(k, len, &j);
		if (cp == 0x3001 /* 、 */ || cp == '.' || cp == ',' || cp == 0xFF0E)
			*skip = j;
	}
	return *skip;
}

static void
hash_insert(int idx)
{
	uint32_t	h = hash_bytes(entries[idx].key, entries[idx].len);

	for (int probe = 0;; probe++)
	{
		int			s = (int) ((h + (uint32_t) probe) & (uint32_t) (hsize - 1));

		if (hslots[s] < 0)
		{
			hslots[s] = idx;
			return;
		}
	}
}

/*
 * Why building the label index failed; sticky, so a later call reports it
 * again rather than using half an index.  Start-up reports, never aborts: in
 * a server an abort restarts every session.
 */
static const char *tpl_err;

static void
add_entry(gai_template_id tpl, const char *key, int len, label_hit hit, bool stripped)
{
	label_entry *e;

	if (len <= 0)
		return;
	/* same key, same target: skip duplicates */
	for (int i = 0; i < n_entries; i++)
	{
		e = &entries[i];
		if (e->tpl == tpl && e->len == len && memcmp(e->key, key, len) == 0 &&
			e->hit.kind == hit.kind && e->hit.table == hit.table && e->hit.index == hit.index)
			return;
	}
	if (tpl_err)
		return;
	if (n_entries == cap_entries)
	{
		int			cap = cap_entries ? cap_entries * 2 : 256;
		label_entry *ne = realloc(entries, sizeof(label_entry) * cap);

		if (!ne)
		{
			tpl_err = "out of memory";
			return;
		}
		entries = ne;
		cap_entries = cap;
	}
	e = &entries[n_entries];
	e->key = malloc(len + 1);
	if (!e->key)
	{
		tpl_err = "out of memory";
		return;
	}
	n_entries++;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->len = len;
	e->cp = utf8_count(key, len);
	e->tpl = tpl;
	e->hit = hit;
	e->hit.score = e->cp;
	e->hit.stripped = stripped;
	e->stripped = stripped;
	e->tmask = 0;
	e->mask = key_mask(key, len);
}

/* Add a label and its '|' aliases, each also without its ordinal. */
static void
add_label(gai_template_id tpl, const char *label, const char *aliases, label_hit hit)
{
	const char *lists[2] = {label, aliases};

	for (int l = 0; l < 2; l++)
	{
		const char *p = lists[l];

		while (p && *p)
		{
			const char *bar = strchr(p, '|');
			int			n = bar ? (int) (bar - p) : (int) strlen(p);
			char		key[512];
			int			klen = label_key(p, n, key, sizeof key);
			int			skip;

			add_entry(tpl, key, klen, hit, false);
			if (key_strip_ordinal(key, klen, &skip) > 0)
				add_entry(tpl, key + skip, klen - skip, hit, true);
			p = bar ? bar + 1 : NULL;
		}
	}
}

static int	initialised;

/* Row label entries of each template and section, for label_best_row(). */
static int *row_entries[GAI_TEMPLATE_SLOTS][GAI_SEC_COUNT];
static int	n_row_entries[GAI_TEMPLATE_SLOTS][GAI_SEC_COUNT];

static void
index_row_entries(void)
{
	for (int i = 0; i < n_entries; i++)
	{
		label_entry *e = &entries[i];
		const gai_template_def *td = template_get(e->tpl);
		int			sec;

		if (e->hit.kind != LK_ROW || !td)
			continue;
		sec = td->tables[e->hit.table].section;
		{
			int		   *ne = realloc(row_entries[e->tpl][sec],
									 sizeof(int) * (n_row_entries[e->tpl][sec] + 1));

			if (!ne)
			{
				tpl_err = "out of memory";
				return;
			}
			row_entries[e->tpl][sec] = ne;
		}
		row_entries[e->tpl][sec][n_row_entries[e->tpl][sec]++] = i;
	}
}

int
template_init(const char **err)
{
	if (initialised)
		return 0;
	if (tpl_err)
	{
		*err = tpl_err;
		return -1;
	}
	for (int ti = 0; ti < gai_n_templates; ti++)
	{
		const gai_template_def *t = &gai_templates[ti];
		tpl_index  *x;
		int			cell = 0;

		if ((int) t->id <= 0 || (int) t->id >= GAI_TEMPLATE_SLOTS)
		{
			*err = tpl_err = "a template id is outside 1 .. GAI_TEMPLATE_SLOTS - 1";
			return -1;
		}
		x = &tindex[t->id];

		if (t->ntables > MAX_TABLES)
		{
			*err = tpl_err = "a template has more tables than MAX_TABLES";
			return -1;
		}
		for (int tb = 0; tb < t->ntables; tb++)
		{
			const gai_table_def *td = &t->tables[tb];

			if (td->nrows > MAX_ROWS)
			{
				*err = tpl_err = "a template table has more rows than MAX_ROWS";
				return -1;
			}
			for (int r = 0; r < td->nrows; r++)
			{
				x->base[tb][r] = td->rows[r].code && !td->rows[r].alt ? cell : -1;
				if (td->rows[r].code && !td->rows[r].alt)
					cell += td->ncols;
			}
		}
		/*
		 * Rows printed in place of others come last, so the cell indexes of
		 * a template stay those of earlier versions (stored cell arrays keep
		 * their meaning) when such a variant is added.
		 */
		for (int tb = 0; tb < t->ntables; tb++)
		{
			const gai_table_def *td = &t->tables[tb];

			for (int r = 0; r < td->nrows; r++)
				if (td->rows[r].code && td->rows[r].alt)
				{
					x->base[tb][r] = cell;
					cell += td->ncols;
				}
		}
		x->ncells = cell;
		x->refs = malloc(sizeof(gai_cellref) * cell);
		if (!x->refs)
		{
			*err = tpl_err = "out of memory";
			return -1;
		}
		for (int tb = 0; tb < t->ntables; tb++)
		{
			const gai_table_def *td = &t->tables[tb];

			x->ngroups[tb] = 0;
			for (int r = 0; r < td->nrows; r++)
			{
				char		gk[256];
				int			gl;

				if (td->rows[r].code && !td->rows[r].alt)
					continue;
				gl = label_key(td->rows[r].label, (int) strlen(td->rows[r].label), gk, sizeof gk);
				if (gl <= 0)
					continue;
				x->group_key[tb][x->ngroups[tb]] = malloc((size_t) gl);
				if (!x->group_key[tb][x->ngroups[tb]])
				{
					*err = tpl_err = "out of memory";
					return -1;
				}
				memcpy(x->group_key[tb][x->ngroups[tb]], gk, (size_t) gl);
				x->group_len[tb][x->ngroups[tb]++] = gl;
			}
		}
		for (int tb = 0; tb < t->ntables; tb++)
		{
			const gai_table_def *td = &t->tables[tb];

			for (int r = 0; r < td->nrows; r++)
				for (int c = 0; td->rows[r].code && c < td->ncols; c++)
					x->refs[x->base[tb][r] + c] = (gai_cellref)
				{
					tb, r, c
				};
		}

		for (int tb = 0; tb < t->ntables; tb++)
		{
			const gai_table_def *td = &t->tables[tb];

			for (int r = 0; r < td->nrows; r++)
				add_label(t->id, td->rows[r].label, td->rows[r].aliases,
						  (label_hit)
				{
					td->rows[r].code ? LK_ROW : LK_GROUP, tb, r, 0, false, false
				});
			for (int c = 0; c < td->ncols; c++)
				add_label(t->id, td->cols[c].label, td->cols[c].aliases,
						  (label_hit)
				{
					LK_COL, tb, c, 0, false, false
				});
			if (td->anchor)
				add_label(t->id, td->anchor, NULL, (label_hit)
				{
					LK_ANCHOR, tb, tb, 0, false, false
				});
		}
	}
	/* template masks: which templates hold each key */
	for (int i = 0; i < n_entries; i++)
		for (int j = 0; j < n_entries; j++)
			if (entries[j].len == entries[i].len &&
				memcmp(entries[j].key, entries[i].key, entries[i].len) == 0)
				entries[i].tmask |= 1 << (entries[j].tpl - 1);

	hsize = 1;
	while (hsize < n_entries * 4)
		hsize <<= 1;
	if (!tpl_err)
		hslots = malloc(sizeof(int) * hsize);
	if (!tpl_err && !hslots)
		tpl_err = "out of memory";
	if (!tpl_err)
	{
		for (int i = 0; i < hsize; i++)
			hslots[i] = -1;
		for (int i = 0; i < n_entries; i++)
			hash_insert(i);
		index_row_entries();
	}
	if (tpl_err)
	{
		*err = tpl_err;
		return -1;
	}
	initialised = 1;
	return 0;
}

int
label_lookup(gai_template_id t, const char *key, int len, label_hit *hits, int max)
{
	uint32_t	h = hash_bytes(key, len);
	int			n = 0;

	for (int probe = 0; probe < hsize; probe++)
	{
		int			s = (int) ((h + (uint32_t) probe) & (uint32_t) (hsize - 1));
		int			idx = hslots[s];
		label_entry *e;

		if (idx < 0)
			break;
		e = &entries[idx];
		if (e->tpl == t && e->len == len && memcmp(e->key, key, len) == 0 && n < max)
		{
			hits[n] = e->hit;
			hits[n].exact = true;
			n++;
		}
	}
	return n;
}

/* Key ids: the entry index of the first entry holding the key. */
int
label_key_id(const char *key, int len)
{
	uint32_t	h = hash_bytes(key, len);

	for (int probe = 0; probe < hsize; probe++)
	{
		int			s = (int) ((h + (uint32_t) probe) & (uint32_t) (hsize - 1));
		int			idx = hslots[s];

		if (idx < 0)
			return -1;
		if (entries[idx].len == len && memcmp(entries[idx].key, key, len) == 0)
			return s;			/* the slot: probing on from it finds every entry of the key */
	}
	return -1;
}

int
label_hits_of(gai_template_id t, int id, label_hit *hits, int max)
{
	int			n = 0;
	const label_entry *first;

	if (id < 0)
		return 0;
	first = &entries[hslots[id]];
	for (int probe = 0; probe < hsize; probe++)
	{
		int			s = (int) ((id + probe) & (hsize - 1));
		int			idx = hslots[s];
		label_entry *e;

		if (idx < 0)
			break;
		e = &entries[idx];
		if (e->tpl == t && e->len == first->len && memcmp(e->key, first->key, first->len) == 0 && n < max)
		{
			hits[n] = e->hit;
			hits[n].exact = true;
			n++;
		}
	}
	return n;
}

int
label_mask_of(int id)
{
	return id < 0 ? 0 : entries[hslots[id]].tmask;
}

int
label_template_mask(const char *key, int len)
{
	uint32_t	h = hash_bytes(key, len);

	for (int probe = 0; probe < hsize; probe++)
	{
		int			s = (int) ((h + (uint32_t) probe) & (uint32_t) (hsize - 1));
		int			idx = hslots[s];

		if (idx < 0)
			break;
		if (entries[idx].len == len && memcmp(entries[idx].key, key, len) == 0)
			return entries[idx].tmask;
	}
	return 0;
}

/* Levenshtein distance over code points, for short strings; -1 if too long. */
static int
edit_distance(const char *a, int alen, const char *b, int blen)
{
	int			ca[64],
				cb[64],
				na = 0,
				nb = 0;
	int			prev[65],
				cur[65];

	for (int i = 0; i < alen;)
	{
		if (na == 64)
			return -1;
		ca[na++] = utf8_next(a, alen, &i);
	}
	for (int i = 0; i < blen;)
	{
		if (nb == 64)
			return -1;
		cb[nb++] = utf8_next(b, blen, &i);
	}
	for (int j = 0; j <= nb; j++)
		prev[j] = j;
	for (int i = 1; i <= na; i++)
	{
		cur[0] = i;
		for (int j = 1; j <= nb; j++)
		{
			int			d = prev[j - 1] + (ca[i - 1] != cb[j - 1]);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, sizeof(int) * (nb + 1));
	}
	return prev[nb];
}

static bool
contains(const char *hay, int hlen, const char *needle, int nlen)
{
	if (nlen > hlen)
		return false;
	for (int i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return true;
	return false;
}

/*
 * Is key[0..len) a piece of a group label of the table (（四）无 of
 * （四）无法提供, 理结 of 三、本年度办理结果)?  A group label printed down
 * the left of its rows, a few characters a line, fuses with the label
 * beside it.
 */
static bool
group_piece(const gai_template_def *td, int table, const char *key, int len)
{
	/* group labels, and rows printed in place of the rows under them (（六）其他处理) */
	const tpl_index *x = &tindex[td->id];

	for (int g = 0; g < x->ngroups[table]; g++)
		if (contains(x->group_key[table][g], x->group_len[table][g], key, len))
			return true;
	return false;
}

bool
label_group_piece(gai_template_id t, int table, const char *key, int len)
{
	const gai_template_def *td = template_get(t);

	return td && table >= 0 && table < td->ntables && len > 0 && group_piece(td, table, key, len);
}

/*
 * The start of a label (six characters at least, its rest wrapped below)
 * after a piece of a group label: the key's length in it, else 0.
 */
static int
prefix_after_group_piece(const gai_template_def *td, const label_entry *e, const char *key, int len)
{
	for (int i = 0; i < len && i < 30;)
	{
		int			rest;

		utf8_next(key, len, &i);
		rest = len - i;
		if (rest <= 0 || rest > e->len || memcmp(e->key, key + i, (size_t) rest) != 0)
			continue;
		if (utf8_count(key + i, rest) < 6)
			return 0;
		return group_piece(td, e->hit.table, key, i) ? utf8_count(key + i, rest) : 0;
	}
	return 0;
}

bool
label_best_row(gai_template_id t, gai_section_id sec, const char *key, int len, label_hit *best)
{
	const gai_template_def *td = template_get(t);
	int			kcp = utf8_count(key, len);
	int			best_score = 0;
	uint64_t	kmask,
				tail6 = 0;

	if (!td || len <= 0)
		return false;
	kmask = key_mask(key, len);
	/*
	 * The key's last six characters: a label found after a group piece
	 * starts with at least six characters ending the key, so they are all
	 * in it (a cheap test before prefix_after_group_piece for every entry).
	 */
	if (kcp >= 7)
	{
		int			off = 0;

		for (int c = 0; c < kcp - 6;)
		{
			utf8_next(key, len, &off);
			c++;
		}
		tail6 = key_mask(key + off, len - off);
	}
	/* exact, contained or prefix first; edit distance only when none of those */
	for (int pass = 0; pass < 2 && best_score == 0; pass++)
	for (int k = 0; k < n_row_entries[t][sec]; k++)
	{
		label_entry *e = &entries[row_entries[t][sec][k]];
		int			score = 0;

		if (pass == 0)
		{
			/* (masks: a contained label's characters are all in the key, and the other way round) */
			if (e->len == len && memcmp(e->key, key, len) == 0)
				score = 1000 + e->cp;
			/* a specific label inside longer text (wrapped or fused labels) */
			else if ((e->mask & ~kmask) == 0 && (e->cp >= 4 || e->cp * 2 >= kcp) &&
					 contains(key, len, e->key, e->len))
				score = 100 + e->cp;
			/* the first line of a label whose rest wraps below its values */
			else if ((kmask & ~e->mask) == 0 && kcp >= 6 && len < e->len &&
					 memcmp(e->key, key, len) == 0)
				score = 90 + kcp;
			/* the same after a piece of the group label printed beside it */
			else if (kcp >= 7 && (tail6 & ~e->mask) == 0)
			{
				int			pcp = prefix_after_group_piece(td, e, key, len);

				/* below the prefix of a label's own first line (and below 100: no
				 * reader taking only contained labels gets it) */
				if (pcp > 0)
					score = 80 + (pcp < 9 ? pcp : 9);
			}
		}
		else if (e->cp >= 4 && kcp <= 64 && abs(kcp - e->cp) <= e->cp / 4)
		{
			/* a typo: few edits relative to the label's length */
			int			d = edit_distance(key, len, e->key, e->len);

			if (d >= 0 && d <= e->cp / 5 + (e->cp >= 8))
				score = 50 + e->cp - 2 * d;
		}
		if (score > best_score)
		{
			best_score = score;
			*best = e->hit;
			best->score = score;
			best->exact = score >= 1000;
		}
	}
	return best_score > 0;
}
