/*
 * pgcore.c — what every SQL entry point shares: the core's memory hooks (a
 * recycled block pool), parsing a text argument in a memory context of its
 * own, SQL values from core values, and the violations as jsonb.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "pgcore.h"

/* ------------------------------------------------------------ core hooks */

/*
 * The core's arena asks for blocks of 64 kB and more; malloc hands blocks
 * that size back to the kernel on free, and a scan over many reports then
 * spends a fifth of its time growing and trimming the heap.  So blocks are
 * recycled: the pool keeps up to POOL_MAX_BYTES of them in a backend-lifetime
 * context.  Each block in use belongs to one parse (its memory context):
 * deleting that context, at the end of the call or when an error or a cancel
 * unwinds it, gives its blocks back (a context callback), so several parses
 * may be alive at once and none can reuse another's block.  Blocks beyond
 * the pool come from the call's own context and go with it.
 */
#define POOL_SLOTS 32
#define POOL_MAX_BYTES (8 * 1024 * 1024)

typedef struct pool_block
{
	void	   *ptr;
	size_t		size;
	MemoryContext owner;		/* the parse using it, NULL when free */
} pool_block;

static pool_block pool[POOL_SLOTS];
static int	pool_n;
static size_t pool_bytes;
static MemoryContext pool_ctx;

/* The parse context is going away: its pool blocks are free again. */
static void
pool_release(void *arg)
{
	MemoryContext owner = (MemoryContext) arg;

	for (int i = 0; i < pool_n; i++)
		if (pool[i].owner == owner)
			pool[i].owner = NULL;
}

static void *
pg_alloc(void *ctx, size_t size)
{
	int			best = -1;

	for (int i = 0; i < pool_n; i++)
		if (pool[i].owner == NULL && pool[i].size == size)
		{
			best = i;
			break;
		}
	if (best < 0 && pool_n < POOL_SLOTS && pool_bytes + size <= POOL_MAX_BYTES)
	{
		if (!pool_ctx)
			pool_ctx = AllocSetContextCreate(TopMemoryContext, "gaireport block pool",
											 ALLOCSET_DEFAULT_SIZES);
		pool[pool_n].ptr = MemoryContextAllocHuge(pool_ctx, size);
		pool[pool_n].size = size;
		pool[pool_n].owner = NULL;
		pool_bytes += size;
		best = pool_n++;
	}
	if (best >= 0)
	{
		pool[best].owner = (MemoryContext) ctx;
		return pool[best].ptr;
	}
	return MemoryContextAllocHuge((MemoryContext) ctx, size);
}

static void
pg_free(void *ctx, void *ptr)
{
	for (int i = 0; i < pool_n; i++)
		if (pool[i].ptr == ptr)
		{
			Assert(pool[i].owner == (MemoryContext) ctx);
			pool[i].owner = NULL;
			return;
		}
	pfree(ptr);
}

static void
pg_tick(void *ctx)
{
	CHECK_FOR_INTERRUPTS();
}

/* A cancel or termination is pending (CHECK_FOR_INTERRUPTS would act on it). */
static bool
pg_interrupted(void *ctx)
{
	return InterruptPending;
}

/*
 * What the core holds outside its arena (libxml2's parser of a web page) is
 * released by a callback of the parse's context: on a normal end, and when an
 * error or a cancel unwinds the call (as PostgreSQL's xml.c frees its
 * documents in PG_CATCH).
 */
static void
pg_defer(void *ctx, void (*fn) (void *arg), void *arg)
{
	MemoryContextCallback *cb = MemoryContextAlloc((MemoryContext) ctx, sizeof *cb);

	cb->func = fn;
	cb->arg = arg;
	MemoryContextRegisterResetCallback((MemoryContext) ctx, cb);
}

void
gai_pg_init(void)
{
	const char *err;

	if (gai_init(&err) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("gaireport could not initialise ICU: %s", err),
				 errhint("Check that the ICU library the module was built against is installed.")));
}

static void
require_utf8(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("gaireport requires a UTF8 database"),
				 errdetail("The database encoding is %s.", GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8'.")));
}

/* Parse a text argument in a fresh memory context. */
void
parse_begin(parse_call *pc, text *body, unsigned flags)
{
	MemoryContextCallback *cb;

	require_utf8();
	pc->ctx = AllocSetContextCreate(CurrentMemoryContext, "gaireport parse",
									ALLOCSET_SMALL_SIZES);
	cb = MemoryContextAlloc(pc->ctx, sizeof *cb);
	cb->func = pool_release;
	cb->arg = pc->ctx;
	MemoryContextRegisterResetCallback(pc->ctx, cb);
	pc->hooks.alloc = pg_alloc;
	pc->hooks.free = pg_free;
	pc->hooks.tick = pg_tick;
	pc->hooks.defer = pg_defer;
	pc->hooks.interrupted = pg_interrupted;
	pc->hooks.ctx = pc->ctx;
	pc->hooks.flags = flags;
	pc->r = gai_parse_report(VARDATA_ANY(body), VARSIZE_ANY_EXHDR(body), &pc->hooks);
}

void
parse_end(parse_call *pc)
{
	MemoryContextDelete(pc->ctx);
}

/* ------------------------------------------------------------ value helpers */

Datum
num_datum(gai_num n)
{
	if (n.scale == 0)
		return NumericGetDatum(int64_to_numeric(n.mant));
	return NumericGetDatum(int64_div_fast_to_numeric(n.mant, n.scale));
}

Datum
cstr_datum(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = (s == NULL);
	return s ? cstr_datum(s) : (Datum) 0;
}

bool
date_datum(gai_date d, Datum *out)
{
	if (d.y == 0)
		return false;
	*out = DateADTGetDatum(date2j(d.y, d.m, d.d) - POSTGRES_EPOCH_JDATE);
	return true;
}

/*
 * Text datums of the codes and labels, made once per backend: gai_parse
 * returns ~200 rows per report and would otherwise build 5 texts per row.
 */
label_cache lcache[GAI_TEMPLATE_SLOTS];
Datum		status_text[GAI_CELL_AMBIGUOUS + 1];
Datum		section_text[GAI_SEC_COUNT];

void
cache_init(const gai_report *r)
{
	label_cache *lc = &lcache[r->template_id];
	MemoryContext old;

	if (lc->ncells)
		return;
	old = MemoryContextSwitchTo(TopMemoryContext);
	if (!status_text[0])
	{
		for (int s = 0; s <= GAI_CELL_AMBIGUOUS; s++)
			status_text[s] = cstr_datum(gai_status_name((gai_cell_status) s));
		for (int s = 0; s < GAI_SEC_COUNT; s++)
			section_text[s] = cstr_datum(gai_section_code((gai_section_id) s));
	}
	lc->item = palloc(sizeof(Datum) * r->n_template_cells);
	lc->col = palloc(sizeof(Datum) * r->n_template_cells);
	lc->item_label = palloc(sizeof(Datum) * r->n_template_cells);
	lc->col_label = palloc(sizeof(Datum) * r->n_template_cells);
	for (int i = 0; i < r->n_template_cells; i++)
	{
		const gai_cell *c = &r->template_cells[i];

		lc->item[i] = cstr_datum(gai_cell_item_code(r, c));
		lc->col[i] = cstr_datum(gai_cell_col_code(r, c));
		lc->item_label[i] = cstr_datum(gai_cell_item_label(r, c));
		lc->col_label[i] = cstr_datum(gai_cell_col_label(r, c));
	}
	lc->ncells = r->n_template_cells;
	MemoryContextSwitchTo(old);
}

void
not_a_report(const gai_report *r)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("text is not a government information disclosure annual report"),
			 errdetail("No table of the 2019 or 2021 template was found in %d line%s: looked for the "
					   "headings 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, "
					   "四、政府信息公开行政复议、行政诉讼情况 and the table labels 第二十条第（一）项, "
					   "本年新收政府信息公开申请数量, 行政复议 with numbers after them.", r->n_lines,
					   r->n_lines == 1 ? "" : "s"),
			 errhint("Pass the whole text of one report exported from Word, PDF or a web page; "
					 "gai_report() says what was found without raising an error.")));
}

/* ------------------------------------------------------------ violations as jsonb */

static void
json_num(StringInfo s, bool has, gai_num n)
{
	char		buf[32];

	if (has)
		appendStringInfoString(s, gai_num_format(n, buf));
	else
		appendStringInfoString(s, "null");
}

static void
json_str(StringInfo s, const char *v)
{
	if (v)
		escape_json(s, v);
	else
		appendStringInfoString(s, "null");
}

/* [{"rule": …, "severity": …, "section": …, "item": …, "col": …,
 *   "expected": …, "actual": …, "message": …}, …] */
Datum
violations_jsonb(const gai_report *r)
{
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfoChar(&s, '[');
	for (int i = 0; i < r->n_violations; i++)
	{
		const gai_violation *v = &r->violations[i];

		if (i)
			appendStringInfoString(&s, ", ");
		appendStringInfoString(&s, "{\"rule\": ");
		json_str(&s, v->rule);
		appendStringInfoString(&s, ", \"severity\": ");
		json_str(&s, gai_severity_name(v->severity));
		appendStringInfoString(&s, ", \"section\": ");
		json_str(&s, gai_section_code(v->section));
		appendStringInfoString(&s, ", \"item\": ");
		json_str(&s, v->item);
		appendStringInfoString(&s, ", \"col\": ");
		json_str(&s, v->col);
		appendStringInfoString(&s, ", \"expected\": ");
		json_num(&s, v->has_values, v->expected);
		appendStringInfoString(&s, ", \"actual\": ");
		json_num(&s, v->has_values, v->actual);
		appendStringInfoString(&s, ", \"message\": ");
		json_str(&s, v->message);
		appendStringInfoChar(&s, '}');
	}
	appendStringInfoChar(&s, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data));
}
