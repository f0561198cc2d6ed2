/*
 * store.c — the store's C parts.
 *
 * Every distinct text is kept: gai_versions holds one row per text (a version
 * of its report, found by the SHA-256 of the text), each with its own
 * reading; gai_reports (a view) shows each report's current version.
 *
 *   gai_store_trigger()  the triggers of gai_versions:
 *       BEFORE INSERT    reads the text (one parse) and fills the reading,
 *                        the hash and the parser version; files the text
 *                        under its report (report_id) and decides whether it
 *                        is the current version (see "the rule" below); a
 *                        text stored already is not stored again (the row is
 *                        skipped: nothing is written).  A row that arrives
 *                        already read (parser set: pg_restore's COPY, a copy
 *                        of stored rows) is stored as it is — no parse, no
 *                        choice — so a restore can neither fail on a text nor
 *                        change a result.
 *       BEFORE UPDATE    a changed text (or parser set to NULL: read again)
 *                        is read again and its report and current version
 *                        chosen again; otherwise the reading is kept (the
 *                        derived columns cannot be set by hand).
 *       AFTER UPDATE/DELETE of a current version that stops being one: the
 *                        best remaining version of its report becomes current.
 *     On a table with the 0.2 columns (before ALTER EXTENSION UPDATE) it
 *     fills them as 0.2 did.
 *   gai_load(source, body)  stores one text and says what happened.
 *   gai_pin(version), gai_unpin(report)
 *   gai_reparse(...)     reads again the versions read by another parser.
 *   gai_parser()         this module's parser version.
 *   gai_codes(), gai_request_items()  the template data, for SQL.
 *
 * The rule.  A report's current version is its pinned version if it has one;
 * else the most complete reading (fewest missing + unreadable + ambiguous
 * cells); then the newest: the later report_date (signature), then the later
 * published (web page), then the later loaded_at, then the higher id (NULL
 * dates last).  rank_cmp() and the ORDER BY of Q_BEST are that rule, twice.
 *
 * Concurrency.  Whatever changes the versions of one report identity holds a
 * transaction-level advisory lock on that identity (on its bucket: report_key
 * hashed into 1024; the lock's fourth field is GAI_LOCK_KEY, which
 * pg_advisory_lock never uses), so
 * loaders of versions of one report take turns and each decides on what the
 * others committed (READ COMMITTED: every query below takes a new snapshot).
 * A loader's statement takes one such lock and nothing else, so loaders
 * cannot deadlock one another; two versions of one text are impossible
 * (UNIQUE (hash), and the text is looked up again once the lock is held).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/cryptohash.h"
#include "common/hashfn.h"
#include "common/md5.h"
#include "common/sha2.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/array.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "pgcore.h"

PG_FUNCTION_INFO_V1(pg_gai_codes);
PG_FUNCTION_INFO_V1(pg_gai_request_items);
PG_FUNCTION_INFO_V1(pg_gai_store_trigger);
PG_FUNCTION_INFO_V1(pg_gai_parser);
PG_FUNCTION_INFO_V1(pg_gai_load);
PG_FUNCTION_INFO_V1(pg_gai_pin);
PG_FUNCTION_INFO_V1(pg_gai_unpin);
PG_FUNCTION_INFO_V1(pg_gai_reparse);

#define MAX_REQ_ITEMS 40
#define REQ_COLS 7
#define APP_ROWS 3
#define APP_COLS 5

/*
 * The parser version stored with every reading: the extension version and a
 * build id, a hash of the sources that make a reading (the Makefile computes
 * it from src/core and the PostgreSQL glue that turns a parse into columns).
 */
#ifndef GAI_EXT_VERSION
#define GAI_EXT_VERSION "0.3"
#endif
#ifndef GAI_BUILD_ID
#define GAI_BUILD_ID "unknown"
#endif
#define PARSER_VERSION GAI_EXT_VERSION "+" GAI_BUILD_ID

/*
 * Advisory lock tags of the store (field4; pg_advisory_lock uses 1 and 2).
 * Identities are locked by bucket (a hash of report_key, 1024 buckets): a
 * gai_reparse() of a whole store holds at most 1024 such locks, which the
 * shared lock table always has room for (one per identity would not fit).
 */
#define GAI_LOCK_KEY 0x6761		/* a bucket of report identities */
#define GAI_LOCK_REPARSE 0x6762 /* gai_reparse() running */
#define GAI_KEY_BUCKETS 1024

/* ------------------------------------------------------------ gai_request_items */

Datum
pg_gai_request_items(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *codes[MAX_REQ_ITEMS];
	const char *labels[MAX_REQ_ITEMS];
	int			n = gai_request_items(codes, labels, MAX_REQ_ITEMS);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = Int32GetDatum(i + 1);
		values[1] = cstr_datum(codes[i]);
		values[2] = cstr_datum(labels[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * Where each template cell goes in the fixed-shape arrays that the
 * aggregate views read: requests[item][col] and appeals[row][col], as a flat
 * 0-based offset, or -1.  Made once per backend and template.
 */
static int *req_slot[3];
static int *app_slot[3];

static void
slots_init(gai_template_id t)
{
	int			n = gai_template_cell_count(t);

	if (req_slot[t])
		return;
	req_slot[t] = MemoryContextAlloc(TopMemoryContext, sizeof(int) * n);
	app_slot[t] = MemoryContextAlloc(TopMemoryContext, sizeof(int) * n);
	{
		static const char *const req_cols[REQ_COLS] = {
			"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"
		};
		static const char *const app_rows[APP_ROWS] = {"review", "litigation_direct", "litigation_after_review"};
		static const char *const app_cols[APP_COLS] = {"upheld", "corrected", "other", "pending", "total"};

		for (int i = 0; i < n; i++)
		{
			gai_cell_info ci;
			int			pos;

			gai_template_cell(t, i, &ci);
			req_slot[t][i] = app_slot[t][i] = -1;
			if (ci.section == GAI_SEC_REQUESTS && (pos = gai_request_item_pos(ci.item)) >= 0)
				for (int c = 0; c < REQ_COLS; c++)
					if (strcmp(ci.col, req_cols[c]) == 0)
						req_slot[t][i] = pos * REQ_COLS + c;
			if (ci.section == GAI_SEC_APPEALS)
				for (int r = 0; r < APP_ROWS; r++)
					for (int c = 0; c < APP_COLS; c++)
						if (strcmp(ci.item, app_rows[r]) == 0 && strcmp(ci.col, app_cols[c]) == 0)
							app_slot[t][i] = r * APP_COLS + c;
		}
	}
}

/* A 2-D bigint array of counts: blank is 0, unreadable or missing NULL. */
static Datum
count_array(const gai_report *r, const int *slot, int rows, int cols)
{
	int			n = rows * cols;
	Datum	   *v = palloc0(sizeof(Datum) * n);
	bool	   *nulls = palloc(sizeof(bool) * n);
	int			dims[2] = {rows, cols};
	int			lbs[2] = {1, 1};

	for (int k = 0; k < n; k++)
		nulls[k] = true;
	for (int i = 0; i < r->n_template_cells; i++)
	{
		const gai_cell *c = &r->template_cells[i];
		int			k = slot[i];

		if (k < 0)
			continue;
		if (c->status == GAI_CELL_OK && c->value.scale == 0)
		{
			v[k] = Int64GetDatum(c->value.mant);
			nulls[k] = false;
		}
		else if (c->status == GAI_CELL_BLANK)
		{
			v[k] = Int64GetDatum(0);
			nulls[k] = false;
		}
	}
	return PointerGetDatum(construct_md_array(v, nulls, 2, dims, lbs, INT8OID, 8, FLOAT8PASSBYVAL,
											  TYPALIGN_DOUBLE));
}

/* ------------------------------------------------------------ gai_codes */

Datum
pg_gai_codes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (gai_template_id t = GAI_TEMPLATE_2019; t <= GAI_TEMPLATE_2021; t++)
	{
		int			n = gai_template_cell_count(t);

		for (int i = 0; i < n; i++)
		{
			gai_cell_info ci;
			Datum		values[9];
			bool		nulls[9] = {0};

			gai_template_cell(t, i, &ci);
			values[0] = cstr_datum(gai_template_name(t));
			values[1] = Int32GetDatum(i + 1);
			values[2] = cstr_datum(gai_section_code(ci.section));
			values[3] = cstr_datum(ci.item);
			values[4] = cstr_datum(ci.col);
			values[5] = cstr_datum(ci.item_label);
			values[6] = cstr_datum(ci.col_label);
			values[7] = cstr_datum(ci.unit);
			values[8] = BoolGetDatum(ci.alternative);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/* ------------------------------------------------------------ the columns */

typedef enum
{
	C_ID, C_SOURCE, C_BODY, C_REPORT_KEY, C_AGENCY, C_AGENCY_KEY, C_YEAR, C_TEMPLATE, C_TITLE,
	C_REPORT_DATE, C_PERIOD_START, C_PERIOD_END, C_LAYOUT, C_CELL_COUNT, C_BLANK_COUNT,
	C_UNREADABLE_COUNT, C_ERROR_COUNT, C_IS_VALID, C_VIOLATIONS, C_WARNINGS, C_CELLS,
	C_CELL_STATUS, C_EXTRA_CELLS, C_REQUESTS, C_APPEALS, C_PARSED_AT, C_LOADED_AT,
	/* 0.3: the version columns */
	C_REPORT_ID, C_HASH, C_PARSER, C_IS_CURRENT, C_PINNED, C_MISSING_COUNT, C_AMBIGUOUS_COUNT,
	C_CANDIDATES, C_PUBLISHED,
	N_COLS
} store_col;

#define N_COLS_02 (C_LOADED_AT + 1)

static const char *const col_names[N_COLS] = {
	"id", "source", "body", "report_key", "agency", "agency_key", "year", "template", "title",
	"report_date", "period_start", "period_end", "layout", "cell_count", "blank_count",
	"unreadable_count", "error_count", "is_valid", "violations", "warnings", "cells",
	"cell_status", "extra_cells", "requests", "appeals", "parsed_at", "loaded_at",
	"report_id", "hash", "parser", "is_current", "pinned", "missing_count", "ambiguous_count",
	"candidates", "published"
};

/* The columns a reading fills: what a parse of body gives. */
static bool
reading_col(int c, bool versioned)
{
	if (c >= C_REPORT_KEY && c <= C_PARSED_AT)
		return true;
	return versioned && (c == C_HASH || c == C_PARSER || c == C_MISSING_COUNT ||
						 c == C_AMBIGUOUS_COUNT || c == C_CANDIDATES || c == C_PUBLISHED);
}

typedef struct store_atts
{
	int			att[N_COLS];	/* attribute numbers; 0 when absent */
	bool		versioned;		/* gai_versions (0.3), else the 0.2 table gai_reports */
} store_atts;

/*
 * The attribute numbers of gai_versions, found by name once per backend and
 * relation and checked on every use (each cached number must still name its
 * column): a trigger call would otherwise compare some 600 names.
 */
static Oid	atts_relid = InvalidOid;
static store_atts atts_cache;

static bool
atts_cache_valid(TupleDesc desc)
{
	for (int c = 0; c < N_COLS; c++)
	{
		int			a = atts_cache.att[c];
		Form_pg_attribute att;

		if (a <= 0 || a > desc->natts)
			return false;
		att = TupleDescAttr(desc, a - 1);
		if (att->attisdropped || strcmp(NameStr(att->attname), col_names[c]) != 0)
			return false;
	}
	return true;
}

static void
store_atts_of(Relation rel, store_atts *sa)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			have = 0;

	if (atts_relid == RelationGetRelid(rel) && atts_cache_valid(desc))
	{
		*sa = atts_cache;
		return;
	}

	for (int c = 0; c < N_COLS; c++)
	{
		int			a = SPI_fnumber(desc, col_names[c]);

		sa->att[c] = a > 0 ? a : 0;
		if (c < N_COLS_02 && sa->att[c] == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("gai_store_trigger: relation \"%s\" has no column \"%s\"",
							RelationGetRelationName(rel), col_names[c]),
					 errhint("The trigger belongs to the table gai_versions; for your own tables use gai_validate_trigger().")));
		if (c >= N_COLS_02 && sa->att[c])
			have++;
	}
	sa->versioned = have == N_COLS - N_COLS_02;
	if (sa->versioned)
	{
		atts_cache = *sa;
		atts_relid = RelationGetRelid(rel);
	}
	if (have > 0 && !sa->versioned)
		for (int c = N_COLS_02; c < N_COLS; c++)
			if (!sa->att[c])
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_COLUMN),
						 errmsg("gai_store_trigger: relation \"%s\" has no column \"%s\"",
								RelationGetRelationName(rel), col_names[c]),
						 errhint("The trigger belongs to the table gai_versions.")));
}

static Datum
col_value(HeapTuple t, Relation rel, const store_atts *sa, store_col c, bool *isnull)
{
	return heap_getattr(t, sa->att[c], RelationGetDescr(rel), isnull);
}

/* ------------------------------------------------------------ settings */

static bool reject_invalid = false;

void
gai_store_define_gucs(void)
{
	DefineCustomBoolVariable("gaireport.reject_invalid",
							 "Refuse texts stored in gai_versions (or gai_reports) that are not valid reports.",
							 "Off (the default) stores such texts flagged: is_valid false, violations listed. "
							 "Rows that arrive already read (pg_restore) are never refused.",
							 &reject_invalid, false, PGC_USERSET, 0, NULL, NULL, NULL);
}

/* ------------------------------------------------------------ one reading */

/* agency_key: the agency's letters and digits only (case and punctuation folded). */
static char *
agency_key(const char *agency)
{
	size_t		cap = strlen(agency) * 4 + 1;	/* lower-casing may lengthen UTF-8 */
	char	   *out = palloc(cap);

	gai_agency_key(agency, out, cap);
	return out;
}

static Datum
extra_cells_jsonb(const gai_report *r)
{
	StringInfoData s;
	char		buf[32];

	initStringInfo(&s);
	appendStringInfoChar(&s, '[');
	for (int i = 0; i < r->n_extra_cells; i++)
	{
		const gai_cell *c = &r->extra_cells[i];

		if (i)
			appendStringInfoString(&s, ", ");
		appendStringInfoString(&s, "{\"section\": ");
		escape_json(&s, gai_section_code(c->section));
		appendStringInfoString(&s, ", \"label\": ");
		escape_json(&s, gai_cell_item_label(r, c));
		appendStringInfoString(&s, ", \"col\": ");
		escape_json(&s, gai_cell_col_code(r, c));
		appendStringInfoString(&s, ", \"col_label\": ");
		escape_json(&s, gai_cell_col_label(r, c));
		appendStringInfo(&s, ", \"value\": %s, \"status\": ",
						 c->status == GAI_CELL_OK ? gai_num_format(c->value, buf) : "null");
		escape_json(&s, gai_status_name(c->status));
		appendStringInfo(&s, ", \"line\": %d}", c->line);
	}
	appendStringInfoChar(&s, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data));
}

/* {"idx": [candidate, ...], ...} of the ambiguous template cells; NULL when none */
static bool
candidates_jsonb(const gai_report *r, Datum *out)
{
	StringInfoData s;
	char		buf[32];
	int			n = 0;

	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	for (int i = 0; i < r->n_template_cells; i++)
	{
		const gai_cell *c = &r->template_cells[i];

		if (c->status != GAI_CELL_AMBIGUOUS || c->n_candidates <= 0)
			continue;
		appendStringInfo(&s, "%s\"%d\": [", n++ ? ", " : "", i + 1);
		for (int k = 0; k < c->n_candidates; k++)
			appendStringInfo(&s, "%s%s", k ? ", " : "", gai_num_format(c->candidates[k], buf));
		appendStringInfoChar(&s, ']');
	}
	appendStringInfoChar(&s, '}');
	if (n == 0)
		return false;
	*out = DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data));
	return true;
}

static void
sha256_text(text *t, uint8 *out)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)) < 0 ||
		pg_cryptohash_final(ctx, out, PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "gaireport: could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
}

static Datum
bytea_datum(const uint8 *p, int n)
{
	bytea	   *b = palloc(VARHDRSZ + n);

	SET_VARSIZE(b, VARHDRSZ + n);
	memcpy(VARDATA(b), p, n);
	return PointerGetDatum(b);
}

/*
 * Values made once per backend: most cells hold small counts, and most
 * texts have no violation and no row the template lacks.  (Arrays and tuples
 * copy what they are given, so these can be shared.)
 */
#define SMALL_NUMS 256
static Datum small_num[SMALL_NUMS];
static Datum empty_jsonb_array;

static void
shared_values_init(void)
{
	MemoryContext old;

	if (empty_jsonb_array)
		return;
	old = MemoryContextSwitchTo(TopMemoryContext);
	for (int i = 0; i < SMALL_NUMS; i++)
		small_num[i] = NumericGetDatum(int64_to_numeric(i));
	empty_jsonb_array = DirectFunctionCall1(jsonb_in, CStringGetDatum("[]"));
	MemoryContextSwitchTo(old);
}

static Datum
cell_num(gai_num n)
{
	if (n.scale == 0 && n.mant >= 0 && n.mant < SMALL_NUMS)
		return small_num[n.mant];
	return num_datum(n);
}

/* What one parse of a text gives: the reading columns and what the rule needs. */
typedef struct reading
{
	Datum		values[N_COLS];
	bool		nulls[N_COLS];
	char	   *report_key;
	int			gaps;			/* missing + unreadable + ambiguous cells */
	bool		has_rd,
				has_pub;
	DateADT		rd,				/* report_date */
				pub;			/* published */
	bool		is_valid;
	uint8		hash[PG_SHA256_DIGEST_LENGTH];
} reading;

/*
 * Reads body (one parse) into rd: the 0.2 columns, and for gai_versions the
 * hash, the parser version and the 0.3 columns.  With check, a text that is
 * not a valid report is refused under gaireport.reject_invalid.
 */
static void
read_text(text *body, bool versioned, bool check, const uint8 *known_hash, reading *rd)
{
	parse_call	pc;
	gai_report *r;
	int			present = 0,
				blank = 0,
				unreadable = 0,
				ambiguous = 0,
				missing = 0;
	char	   *akey;
	StringInfoData key;

	memset(rd, 0, sizeof *rd);
	for (int c = 0; c < N_COLS; c++)
		rd->nulls[c] = true;
	shared_values_init();

	parse_begin(&pc, body, GAI_SKIP_NARRATIVE);
	r = pc.r;
	if (check && reject_invalid && (!r->is_report || r->n_errors > 0))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("report breaks %d rule%s and gaireport.reject_invalid is on",
						r->n_errors, r->n_errors == 1 ? "" : "s"),
				 errdetail("%s", r->n_violations ? r->violations[0].message : "not a report"),
				 errhint("SELECT * FROM gai_check(body) lists them all; SET gaireport.reject_invalid = off stores it flagged.")));

	for (int i = 0; i < r->n_template_cells; i++)
	{
		const gai_cell *c = &r->template_cells[i];

		present += c->status != GAI_CELL_MISSING;
		blank += c->status == GAI_CELL_BLANK;
		unreadable += c->status == GAI_CELL_UNREADABLE;
		ambiguous += c->status == GAI_CELL_AMBIGUOUS;
		missing += c->status == GAI_CELL_MISSING && !c->alt_absent;
	}
	akey = r->agency ? agency_key(r->agency) : NULL;

	/* identity: agency, year and template; a text naming no agency is its own identity */
	initStringInfo(&key);
	if (akey && *akey)
		appendStringInfoString(&key, akey);
	else
	{
		char		hex[33];
		const char *err;

		if (!pg_md5_hash(VARDATA_ANY(body), VARSIZE_ANY_EXHDR(body), hex, &err))
			ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("md5 failed: %s", err)));
		appendStringInfo(&key, "text:%s", hex);
	}
	appendStringInfo(&key, "/%d/%s", r->year, gai_template_name(r->template_id) ?
					 gai_template_name(r->template_id) : "none");
	rd->report_key = key.data;

#define SET(c, v) (rd->values[c] = (v), rd->nulls[c] = false)
	SET(C_REPORT_KEY, cstr_datum(key.data));
	if (r->agency)
		SET(C_AGENCY, cstr_datum(r->agency));
	if (akey && *akey)
		SET(C_AGENCY_KEY, cstr_datum(akey));
	if (r->year)
		SET(C_YEAR, Int32GetDatum(r->year));
	if (gai_template_name(r->template_id))
		SET(C_TEMPLATE, cstr_datum(gai_template_name(r->template_id)));
	if (r->title)
		SET(C_TITLE, cstr_datum(r->title));
	rd->nulls[C_REPORT_DATE] = !date_datum(r->report_date, &rd->values[C_REPORT_DATE]);
	rd->nulls[C_PERIOD_START] = !date_datum(r->period_start, &rd->values[C_PERIOD_START]);
	rd->nulls[C_PERIOD_END] = !date_datum(r->period_end, &rd->values[C_PERIOD_END]);
	if (gai_layout_name(r->layout))
		SET(C_LAYOUT, cstr_datum(gai_layout_name(r->layout)));
	SET(C_CELL_COUNT, Int32GetDatum(present));
	SET(C_BLANK_COUNT, Int32GetDatum(blank));
	SET(C_UNREADABLE_COUNT, Int32GetDatum(unreadable));
	SET(C_ERROR_COUNT, Int32GetDatum(r->n_errors));
	rd->is_valid = r->is_report && r->n_errors == 0;
	SET(C_IS_VALID, BoolGetDatum(rd->is_valid));
	SET(C_VIOLATIONS, r->n_violations ? violations_jsonb(r) : empty_jsonb_array);
	{
		Datum	   *w = palloc(sizeof(Datum) * (r->n_warnings + 1));

		for (int i = 0; i < r->n_warnings; i++)
			w[i] = cstr_datum(r->warnings[i].text);
		SET(C_WARNINGS, PointerGetDatum(construct_array(w, r->n_warnings, TEXTOID, -1, false, TYPALIGN_INT)));
	}
	/* cells: values in template order (gai_codes.idx), NULL unless read; one status byte each */
	if (r->n_template_cells > 0)
	{
		int			dims[1] = {r->n_template_cells};
		int			lbs[1] = {1};
		Datum	   *cells = palloc(sizeof(Datum) * r->n_template_cells);
		bool	   *cnulls = palloc(sizeof(bool) * r->n_template_cells);
		/* one status byte a cell (0 missing, 1 ok, 2 blank, 3 unreadable, 4 ambiguous): get_byte() is O(1) */
		bytea	   *status = palloc(VARHDRSZ + r->n_template_cells);
		int			n = gai_request_items((const char *[MAX_REQ_ITEMS]) {0}, NULL, MAX_REQ_ITEMS);

		SET_VARSIZE(status, VARHDRSZ + r->n_template_cells);
		for (int i = 0; i < r->n_template_cells; i++)
		{
			const gai_cell *c = &r->template_cells[i];

			cnulls[i] = c->status != GAI_CELL_OK;
			cells[i] = cnulls[i] ? (Datum) 0 : cell_num(c->value);
			VARDATA(status)[i] = (char) c->status;
		}
		SET(C_CELLS, PointerGetDatum(construct_md_array(cells, cnulls, 1, dims, lbs, NUMERICOID, -1, false,
														TYPALIGN_INT)));
		SET(C_CELL_STATUS, PointerGetDatum(status));
		slots_init(r->template_id);
		SET(C_REQUESTS, count_array(r, req_slot[r->template_id], n, REQ_COLS));
		SET(C_APPEALS, count_array(r, app_slot[r->template_id], APP_ROWS, APP_COLS));
	}
	SET(C_EXTRA_CELLS, r->n_extra_cells ? extra_cells_jsonb(r) : empty_jsonb_array);
	SET(C_PARSED_AT, TimestampTzGetDatum(GetCurrentTimestamp()));

	if (versioned)
	{
		Datum		cand;

		if (known_hash)
			memcpy(rd->hash, known_hash, PG_SHA256_DIGEST_LENGTH);
		else
			sha256_text(body, rd->hash);
		SET(C_HASH, bytea_datum(rd->hash, PG_SHA256_DIGEST_LENGTH));
		SET(C_PARSER, CStringGetTextDatum(PARSER_VERSION));
		SET(C_MISSING_COUNT, Int32GetDatum(missing));
		SET(C_AMBIGUOUS_COUNT, Int32GetDatum(ambiguous));
		if (candidates_jsonb(r, &cand))
			SET(C_CANDIDATES, cand);
		rd->nulls[C_PUBLISHED] = !date_datum(r->published, &rd->values[C_PUBLISHED]);
		rd->gaps = missing + unreadable + ambiguous;
		rd->has_rd = !rd->nulls[C_REPORT_DATE];
		rd->rd = rd->has_rd ? DatumGetDateADT(rd->values[C_REPORT_DATE]) : 0;
		rd->has_pub = !rd->nulls[C_PUBLISHED];
		rd->pub = rd->has_pub ? DatumGetDateADT(rd->values[C_PUBLISHED]) : 0;
	}
#undef SET
	parse_end(&pc);
}

/* ------------------------------------------------------------ the rule */

/* What the rule compares, of one version. */
typedef struct vrank
{
	bool		found;
	int64		id;
	int64		report_id;
	bool		pinned;
	bool		is_current;
	int			gaps;
	bool		has_rd,
				has_pub;
	DateADT		rd,
				pub;
	TimestampTz loaded;
} vrank;

/* why one version ranks before another */
typedef enum
{
	WHY_PINNED, WHY_GAPS, WHY_SIGNED, WHY_PUBLISHED, WHY_LOADED, WHY_ID
} rank_why;

/*
 * < 0 when a ranks before b (a would be current), > 0 after; *why says which
 * criterion decided.  The same order as Q_BEST's ORDER BY.
 */
static int
rank_cmp(const vrank *a, const vrank *b, rank_why *why)
{
#define DECIDE(w, a_first) do { *why = (w); return (a_first) ? -1 : 1; } while (0)
	if (a->pinned != b->pinned)
		DECIDE(WHY_PINNED, a->pinned);
	if (a->gaps != b->gaps)
		DECIDE(WHY_GAPS, a->gaps < b->gaps);
	if (a->has_rd != b->has_rd)
		DECIDE(WHY_SIGNED, a->has_rd);
	if (a->has_rd && a->rd != b->rd)
		DECIDE(WHY_SIGNED, a->rd > b->rd);
	if (a->has_pub != b->has_pub)
		DECIDE(WHY_PUBLISHED, a->has_pub);
	if (a->has_pub && a->pub != b->pub)
		DECIDE(WHY_PUBLISHED, a->pub > b->pub);
	if (a->loaded != b->loaded)
		DECIDE(WHY_LOADED, a->loaded > b->loaded);
	*why = WHY_ID;
	return a->id == b->id ? 0 : a->id > b->id ? -1 : 1;
#undef DECIDE
}

/* ------------------------------------------------------------ queries */

/*
 * The queries of the store, prepared once per backend (and schema).  Every
 * name is schema-qualified and every operator given as OPERATOR(pg_catalog.x),
 * so nothing planted in the caller's search path can run in them.
 */
typedef enum
{
	Q_BEST, Q_DEMOTE, Q_CLEAR_CURRENT, Q_PROMOTE, Q_NEXTVAL, Q_INSERT,
	Q_VERSION, Q_REPORT, Q_PIN_CLEAR, Q_PIN_SET, Q_UNPIN, Q_REREAD, Q_IDS_PARSER, Q_IDS_BEFORE,
	Q_LEFT_PARSER, Q_LEFT_BEFORE,
	N_Q
} query_id;

#define RANK_COLS "id, report_id, pinned, missing_count, unreadable_count, ambiguous_count, " \
	"report_date, published, loaded_at, is_current"

static const struct
{
	const char *sql;			/* %1$s: the schema (an identifier) */
	int			nargs;
	Oid			argtypes[2];
} query_def[N_Q] = {
	[Q_BEST] = {"SELECT " RANK_COLS " FROM %1$s.gai_versions "
		"WHERE report_id OPERATOR(pg_catalog.=) $1 AND id OPERATOR(pg_catalog.<>) $2 "
		"ORDER BY pinned DESC, missing_count OPERATOR(pg_catalog.+) unreadable_count "
		"OPERATOR(pg_catalog.+) ambiguous_count, report_date DESC NULLS LAST, "
		"published DESC NULLS LAST, loaded_at DESC, id DESC LIMIT 1", 2, {INT8OID, INT8OID}},
	[Q_DEMOTE] = {"UPDATE %1$s.gai_versions SET is_current = false WHERE id OPERATOR(pg_catalog.=) $1",
		1, {INT8OID}},
	[Q_CLEAR_CURRENT] = {"UPDATE %1$s.gai_versions SET is_current = false "
		"WHERE report_id OPERATOR(pg_catalog.=) $1 AND is_current", 1, {INT8OID}},
	[Q_PROMOTE] = {"UPDATE %1$s.gai_versions SET is_current = true WHERE id OPERATOR(pg_catalog.=) $1",
		1, {INT8OID}},
	[Q_NEXTVAL] = {"(the sequence gai_reports_id_seq)", 0, {0}},
	[Q_INSERT] = {"INSERT INTO %1$s.gai_versions (source, body) VALUES ($1, $2)", 2, {TEXTOID, TEXTOID}},
	[Q_VERSION] = {"SELECT report_id, report_key FROM %1$s.gai_versions WHERE id OPERATOR(pg_catalog.=) $1",
		1, {INT8OID}},
	[Q_REPORT] = {"SELECT report_key FROM %1$s.gai_versions WHERE report_id OPERATOR(pg_catalog.=) $1 LIMIT 1",
		1, {INT8OID}},
	[Q_PIN_CLEAR] = {"UPDATE %1$s.gai_versions SET pinned = false "
		"WHERE report_id OPERATOR(pg_catalog.=) $1 AND pinned AND id OPERATOR(pg_catalog.<>) $2",
		2, {INT8OID, INT8OID}},
	[Q_PIN_SET] = {"UPDATE %1$s.gai_versions SET pinned = true WHERE id OPERATOR(pg_catalog.=) $1 AND NOT pinned",
		1, {INT8OID}},
	[Q_UNPIN] = {"UPDATE %1$s.gai_versions SET pinned = false WHERE report_id OPERATOR(pg_catalog.=) $1 AND pinned",
		1, {INT8OID}},
	[Q_REREAD] = {"UPDATE %1$s.gai_versions SET parser = NULL WHERE id OPERATOR(pg_catalog.=) $1",
		1, {INT8OID}},
	[Q_IDS_PARSER] = {"SELECT id FROM %1$s.gai_versions WHERE parser OPERATOR(pg_catalog.<>) $1 "
		"ORDER BY id LIMIT $2", 2, {TEXTOID, INT8OID}},
	[Q_IDS_BEFORE] = {"SELECT id FROM %1$s.gai_versions WHERE parsed_at OPERATOR(pg_catalog.<) $1 "
		"ORDER BY id LIMIT $2", 2, {TIMESTAMPTZOID, INT8OID}},
	[Q_LEFT_PARSER] = {"SELECT pg_catalog.count(*) FROM %1$s.gai_versions WHERE parser OPERATOR(pg_catalog.<>) $1",
		1, {TEXTOID}},
	[Q_LEFT_BEFORE] = {"SELECT pg_catalog.count(*) FROM %1$s.gai_versions WHERE parsed_at OPERATOR(pg_catalog.<) $1",
		1, {TIMESTAMPTZOID}},
};

static Oid	plan_nsp = InvalidOid;
static SPIPlanPtr plans[N_Q];

static pg_noinline SPIPlanPtr
get_plan(Oid nsp, query_id q)
{
	if (plan_nsp != nsp)
	{
		for (int i = 0; i < N_Q; i++)
			if (plans[i])
			{
				SPI_freeplan(plans[i]);
				plans[i] = NULL;
			}
		plan_nsp = nsp;
	}
	if (!plans[q])
	{
		char	   *nspname = get_namespace_name(nsp);
		const char *schema;
		char	   *seq;
		char	   *sql;
		SPIPlanPtr	p;

		if (!nspname)
			elog(ERROR, "gaireport: schema %u not found", nsp);
		schema = quote_identifier(nspname);
		seq = quote_literal_cstr(psprintf("%s.gai_reports_id_seq", schema));
		sql = q == Q_NEXTVAL ? psprintf("SELECT pg_catalog.nextval(%s::pg_catalog.regclass)", seq)
			: psprintf(query_def[q].sql, schema);
		p = SPI_prepare(sql, query_def[q].nargs, (Oid *) query_def[q].argtypes);
		if (!p)
			elog(ERROR, "gaireport: cannot prepare \"%s\": %s", sql, SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		plans[q] = p;
	}
	return plans[q];
}

/*
 * Updates made by the store itself (current and pinned flags) set internal:
 * the triggers they fire take their rows as given.
 */
static int	internal = 0;

/* Runs a query (SPI connected); returns its tuple table. */
static SPITupleTable *
run(Oid nsp, query_id q, Datum *args, const char *nulls, bool as_internal)
{
	SPIPlanPtr	p = get_plan(nsp, q);
	volatile int rc;

	if (as_internal)
	{
		internal++;
		PG_TRY();
		{
			rc = SPI_execute_plan(p, args, nulls, false, 0);
		}
		PG_FINALLY();
		{
			internal--;
		}
		PG_END_TRY();
	}
	else
		rc = SPI_execute_plan(p, args, nulls, false, 0);
	if (rc < 0)
		elog(ERROR, "gaireport: query %d failed: %s", (int) q, SPI_result_code_string(rc));
	return SPI_tuptable;
}

static Datum
arg_int8(int64 v)
{
	return Int64GetDatum(v);
}

static void
fetch_rank(SPITupleTable *tt, vrank *v)
{
	HeapTuple	t;
	TupleDesc	d;
	bool		n;

	memset(v, 0, sizeof *v);
	if (!tt || SPI_processed == 0)
		return;
	t = tt->vals[0];
	d = tt->tupdesc;
	v->found = true;
	v->id = DatumGetInt64(SPI_getbinval(t, d, 1, &n));
	v->report_id = DatumGetInt64(SPI_getbinval(t, d, 2, &n));
	v->pinned = DatumGetBool(SPI_getbinval(t, d, 3, &n));
	v->gaps = DatumGetInt32(SPI_getbinval(t, d, 4, &n)) + DatumGetInt32(SPI_getbinval(t, d, 5, &n)) +
		DatumGetInt32(SPI_getbinval(t, d, 6, &n));
	v->rd = DatumGetDateADT(SPI_getbinval(t, d, 7, &n));
	v->has_rd = !n;
	v->pub = DatumGetDateADT(SPI_getbinval(t, d, 8, &n));
	v->has_pub = !n;
	v->loaded = DatumGetTimestampTz(SPI_getbinval(t, d, 9, &n));
	v->is_current = DatumGetBool(SPI_getbinval(t, d, 10, &n));
}

/*
 * A probe of one of gai_versions' unique indexes (in schema nsp) by an equal
 * key: a plain index scan, no planner and no executor, about a fifth of an
 * SPI query.  Like an SPI query it sees what other transactions have
 * committed by now and what this one has done so far (a new snapshot after a
 * CommandCounterIncrement).  It reads no privileges: callers run as the
 * table's owner, or check the caller's SELECT privilege first.  The row
 * found is passed to take(slot, arg) while the scan is open.
 */
typedef void (*probe_take) (TupleTableSlot *slot, const store_atts *sa, void *arg);

static bool
probe(Oid nsp, const char *index_name, RegProcedure eqproc, Oid collation, Datum key,
	  probe_take take, void *arg)
{
	Oid			relid = get_relname_relid("gai_versions", nsp);
	Oid			idxid = get_relname_relid(index_name, nsp);
	Relation	heap,
				idx;
	IndexScanDesc scan;
	ScanKeyData sk;
	TupleTableSlot *slot;
	Snapshot	snap;
	bool		found;

	if (!OidIsValid(relid) || !OidIsValid(idxid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("gaireport: %s.gai_versions or its index %s is missing",
						get_namespace_name(nsp), index_name)));
	CommandCounterIncrement();
	snap = RegisterSnapshot(GetLatestSnapshot());
	heap = table_open(relid, AccessShareLock);
	idx = index_open(idxid, AccessShareLock);
	ScanKeyEntryInitialize(&sk, 0, 1, BTEqualStrategyNumber, InvalidOid, collation, eqproc, key);
	slot = table_slot_create(heap, NULL);
	scan = index_beginscan(heap, idx, snap, 1, 0);
	index_rescan(scan, &sk, 1, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	if (found)
	{
		store_atts	sa;

		store_atts_of(heap, &sa);
		take(slot, &sa, arg);
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	index_close(idx, AccessShareLock);
	table_close(heap, AccessShareLock);
	UnregisterSnapshot(snap);
	return found;
}

static Datum
slot_col(TupleTableSlot *slot, const store_atts *sa, store_col c, bool *isnull)
{
	return slot_getattr(slot, sa->att[c], isnull);
}

static void
take_rank(TupleTableSlot *slot, const store_atts *sa, void *arg)
{
	vrank	   *v = arg;
	bool		n;

	v->found = true;
	v->id = DatumGetInt64(slot_col(slot, sa, C_ID, &n));
	v->report_id = DatumGetInt64(slot_col(slot, sa, C_REPORT_ID, &n));
	v->pinned = DatumGetBool(slot_col(slot, sa, C_PINNED, &n));
	v->gaps = DatumGetInt32(slot_col(slot, sa, C_MISSING_COUNT, &n)) +
		DatumGetInt32(slot_col(slot, sa, C_UNREADABLE_COUNT, &n)) +
		DatumGetInt32(slot_col(slot, sa, C_AMBIGUOUS_COUNT, &n));
	v->rd = DatumGetDateADT(slot_col(slot, sa, C_REPORT_DATE, &n));
	v->has_rd = !n;
	v->pub = DatumGetDateADT(slot_col(slot, sa, C_PUBLISHED, &n));
	v->has_pub = !n;
	v->loaded = DatumGetTimestampTz(slot_col(slot, sa, C_LOADED_AT, &n));
	v->is_current = DatumGetBool(slot_col(slot, sa, C_IS_CURRENT, &n));
}

/* The current version of an identity (the partial unique index gai_versions_current). */
static void
lookup_current(Oid nsp, const char *key, vrank *v)
{
	memset(v, 0, sizeof *v);
	(void) probe(nsp, "gai_versions_current", F_TEXTEQ, C_COLLATION_OID, CStringGetTextDatum(key),
				 take_rank, v);
}

/* The best version of a report by the rule, leaving out version `except` (0: none). */
static void
lookup_best(Oid nsp, int64 report_id, int64 except, vrank *v)
{
	Datum		a[2] = {arg_int8(report_id), arg_int8(except)};

	fetch_rank(run(nsp, Q_BEST, a, NULL, false), v);
}

typedef struct stored_text
{
	bool		found;
	int64		id;
	int64		report_id;
	char	   *report_key;
	char	   *source;
	bool		is_valid;
	MemoryContext cxt;			/* for report_key and source; NULL: not wanted */
} stored_text;

static void
take_stored(TupleTableSlot *slot, const store_atts *sa, void *arg)
{
	stored_text *st = arg;
	bool		n;
	Datum		d;

	st->found = true;
	st->id = DatumGetInt64(slot_col(slot, sa, C_ID, &n));
	st->report_id = DatumGetInt64(slot_col(slot, sa, C_REPORT_ID, &n));
	st->is_valid = DatumGetBool(slot_col(slot, sa, C_IS_VALID, &n));
	if (st->cxt)
	{
		MemoryContext old = MemoryContextSwitchTo(st->cxt);

		d = slot_col(slot, sa, C_REPORT_KEY, &n);
		st->report_key = n ? NULL : TextDatumGetCString(d);
		d = slot_col(slot, sa, C_SOURCE, &n);
		st->source = n ? NULL : TextDatumGetCString(d);
		MemoryContextSwitchTo(old);
	}
}

/* The version holding a text, by its hash (the unique index gai_versions_hash); strings copied into cxt. */
static void
lookup_hash(Oid nsp, const uint8 *hash, stored_text *st, MemoryContext cxt)
{
	memset(st, 0, sizeof *st);
	st->cxt = cxt;
	(void) probe(nsp, "gai_versions_hash", F_BYTEAEQ, InvalidOid, bytea_datum(hash, PG_SHA256_DIGEST_LENGTH),
				 take_stored, st);
}

/* ------------------------------------------------------------ locks */

static uint32
key_hash(const char *key)
{
	return (uint32) (hash_bytes_extended((const unsigned char *) key, (int) strlen(key), GAI_LOCK_KEY) %
					 GAI_KEY_BUCKETS);
}

/* Holds the lock of the identity's bucket until the end of the transaction. */
static void
lock_key_hash(uint32 h)
{
	LOCKTAG		tag;

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, 0, h, GAI_LOCK_KEY);
	(void) LockAcquire(&tag, ExclusiveLock, false, false);
}

static void
lock_key(const char *key)
{
	lock_key_hash(key_hash(key));
}

/* Two identities, in a fixed order (so two updaters cannot deadlock on them). */
static void
lock_keys(const char *a, const char *b)
{
	uint32		ha = key_hash(a),
				hb = key_hash(b);

	if (ha == hb)
		lock_key_hash(ha);
	else
	{
		lock_key_hash(Min(ha, hb));
		lock_key_hash(Max(ha, hb));
	}
}

/* ------------------------------------------------------------ what happened */

/* counts of a gai_reparse() call, kept by the triggers it fires */
static struct
{
	bool		active;
	int64		changed;
	int64		moved;
	int64		current_changed;
} rstats;

typedef enum
{
	OUT_NONE, OUT_NEW_REPORT, OUT_CURRENT, OUT_NOT_CURRENT, OUT_STORED
} load_outcome;

/* what the trigger decided for the row gai_load() inserts */
typedef struct load_note
{
	bool		waiting;
	load_outcome outcome;
	int64		version_id;
	int64		report_id;
	char	   *report_key;
	bool		is_valid;
	/* the version compared with (the current one), and why the rule chose */
	int64		other_id;
	int			new_gaps;
	int			other_gaps;
	rank_why	why;
	char	   *other_source;
	bool		may_read;		/* the caller may read gai_versions: the note names sources */
	bool		looked_up;		/* gai_load looked the text up (not found) */
	bool		has_hash;
	uint8		hash[PG_SHA256_DIGEST_LENGTH];
	text	   *body;			/* the text gai_load() inserts: which row is its */
	MemoryContext cxt;
} load_note;

static load_note *pending_note = NULL;

/*
 * The best version of a report becomes current (and the one that was, if
 * another, stops).  The caller holds the identity's lock.  Returns the
 * current version's id, 0 when the report has no version left.
 */
static int64
rechoose(Oid nsp, int64 report_id)
{
	vrank		best;
	Datum		a[1];

	lookup_best(nsp, report_id, 0, &best);
	if (!best.found)
		return 0;
	if (best.is_current)
		return best.id;
	a[0] = arg_int8(report_id);
	run(nsp, Q_CLEAR_CURRENT, a, NULL, true);
	a[0] = arg_int8(best.id);
	run(nsp, Q_PROMOTE, a, NULL, true);
	if (rstats.active)
		rstats.current_changed++;
	return best.id;
}

/* ------------------------------------------------------------ the trigger */

typedef struct as_owner
{
	Oid			save_user;
	int			save_sec;
} as_owner;

/*
 * The trigger's own queries run as the table's owner (as foreign-key checks
 * do): a role allowed to insert texts need not be allowed to read or update
 * the other versions to have them kept in order.
 */
static void
owner_begin(as_owner *o, Relation rel)
{
	GetUserIdAndSecContext(&o->save_user, &o->save_sec);
	SetUserIdAndSecContext(rel->rd_rel->relowner,
						   o->save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
}

static void
owner_end(as_owner *o)
{
	SetUserIdAndSecContext(o->save_user, o->save_sec);
}

static HeapTuple
set_cols(HeapTuple t, Relation rel, const store_atts *sa, const Datum *values, const bool *nulls,
		 const bool *which)
{
	int			atts[N_COLS];
	Datum		v[N_COLS];
	bool		n[N_COLS];
	int			k = 0;

	for (int c = 0; c < N_COLS; c++)
		if (which[c] && sa->att[c])
		{
			atts[k] = sa->att[c];
			v[k] = values[c];
			n[k] = nulls[c];
			k++;
		}
	return heap_modify_tuple_by_cols(t, RelationGetDescr(rel), k, atts, v, n);
}

/* The 0.2 table (before ALTER EXTENSION UPDATE): what 0.2's trigger did. */
static Datum
legacy_trigger(TriggerData *td, const store_atts *sa)
{
	Relation	rel = td->tg_relation;
	HeapTuple	tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	bool		which[N_COLS] = {0};
	Datum		body;
	bool		isnull;
	bool		restoring;
	reading		rd;

	for (int c = 0; c < N_COLS_02; c++)
		which[c] = reading_col(c, false);
	/* an UPDATE that leaves the text alone keeps what was read from it */
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		bool		on,
					nn;
		Datum		ob = col_value(td->tg_trigtuple, rel, sa, C_BODY, &on);
		Datum		nb = col_value(tuple, rel, sa, C_BODY, &nn);

		if (!on && !nn && datum_image_eq(ob, nb, false, -1))
		{
			Datum		v[N_COLS];
			bool		n[N_COLS];

			for (int c = 0; c < N_COLS_02; c++)
				if (which[c])
					v[c] = col_value(td->tg_trigtuple, rel, sa, c, &n[c]);
			return PointerGetDatum(set_cols(tuple, rel, sa, v, n, which));
		}
	}
	body = col_value(tuple, rel, sa, C_BODY, &isnull);
	if (isnull)
		ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION), errmsg("gai_reports.body must not be NULL")));
	/* a row that arrives already read (pg_restore) is read anew but never refused */
	restoring = false;
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		(void) col_value(tuple, rel, sa, C_PARSED_AT, &isnull), restoring = !isnull;
	read_text(DatumGetTextPP(body), false, !restoring, NULL, &rd);
	return PointerGetDatum(set_cols(tuple, rel, sa, rd.values, rd.nulls, which));
}

/* The rule's view of a version about to be written. */
static void
rank_of_reading(const reading *rd, int64 id, TimestampTz loaded, vrank *v)
{
	memset(v, 0, sizeof *v);
	v->found = true;
	v->id = id;
	v->gaps = rd->gaps;
	v->has_rd = rd->has_rd;
	v->rd = rd->rd;
	v->has_pub = rd->has_pub;
	v->pub = rd->pub;
	v->loaded = loaded;
}

/*
 * Files a new reading under its identity (the caller holds its lock and has
 * looked up its current version, *cur: found false for a new report): the
 * report it belongs to and whether it is the current version; the current one
 * it beats stops being current.  *why says why the rule decided.
 */
static void
file_reading(Oid nsp, const vrank *nr, int64 *report_id, bool *current,
			 const vrank *cur, rank_why *why, bool new_report_id_from_sequence)
{
	*why = WHY_ID;
	if (!cur->found)
	{
		/* a new report: its id is its first version's, or a fresh one */
		if (new_report_id_from_sequence)
		{
			SPITupleTable *tt = run(nsp, Q_NEXTVAL, NULL, NULL, false);
			bool		n;

			*report_id = DatumGetInt64(SPI_getbinval(tt->vals[0], tt->tupdesc, 1, &n));
		}
		else
			*report_id = nr->id;
		*current = true;
		return;
	}
	*report_id = cur->report_id;
	if (rank_cmp(nr, cur, why) < 0)
	{
		Datum		a[1] = {arg_int8(cur->id)};

		run(nsp, Q_DEMOTE, a, NULL, true);
		*current = true;
	}
	else
		*current = false;
}

/* BEFORE INSERT on gai_versions */
static Datum
before_insert(TriggerData *td, const store_atts *sa)
{
	Relation	rel = td->tg_relation;
	Oid			nsp = RelationGetNamespace(rel);
	HeapTuple	tuple = td->tg_trigtuple;
	MemoryContext upper = CurrentMemoryContext;
	load_note  *note = NULL;
	bool		isnull;
	Datum		body = col_value(tuple, rel, sa, C_BODY, &isnull);
	text	   *bt;
	reading		rd;
	stored_text st;
	vrank		nr,
				cur;
	rank_why	why;
	bool		current;
	int64		id,
				report_id;
	TimestampTz loaded;
	bool		which[N_COLS] = {0};
	uint8		h[PG_SHA256_DIGEST_LENGTH];
	as_owner	o;

	if (isnull)
		ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION), errmsg("gai_versions.body must not be NULL")));
	bt = DatumGetTextPP(body);
	/* the row gai_load() inserts (not one a trigger of the site's inserts meanwhile) */
	if (pending_note && pending_note->waiting &&
		VARSIZE_ANY_EXHDR(bt) == VARSIZE_ANY_EXHDR(pending_note->body) &&
		memcmp(VARDATA_ANY(bt), VARDATA_ANY(pending_note->body), VARSIZE_ANY_EXHDR(bt)) == 0)
	{
		note = pending_note;
		note->waiting = false;
	}

	/*
	 * Already read (parser set: pg_restore's COPY, or rows copied from a
	 * store): stored as it is, whatever this session's settings; only its
	 * hash is checked (or filled in).
	 */
	(void) col_value(tuple, rel, sa, C_PARSER, &isnull);
	if (!isnull)
	{
		Datum		mine,
					given = col_value(tuple, rel, sa, C_HASH, &isnull);

		sha256_text(bt, h);
		mine = bytea_datum(h, PG_SHA256_DIGEST_LENGTH);
		if (isnull)
		{
			Datum		v[N_COLS];
			bool		n[N_COLS] = {0};

			which[C_HASH] = true;
			v[C_HASH] = mine;
			return PointerGetDatum(set_cols(tuple, rel, sa, v, n, which));
		}
		if (!datum_image_eq(given, mine, false, -1))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("gai_versions.hash is not the SHA-256 of body"),
					 errdetail("A row that arrives already read (parser set) is stored as it is, with its hash."),
					 errhint("Insert (source, body) alone to have the text read.")));
		return PointerGetDatum(tuple);
	}

	id = DatumGetInt64(col_value(tuple, rel, sa, C_ID, &isnull));
	if (isnull)
		ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION), errmsg("gai_versions.id must not be NULL")));
	loaded = DatumGetTimestampTz(col_value(tuple, rel, sa, C_LOADED_AT, &isnull));
	if (isnull)
		loaded = GetCurrentTransactionStartTimestamp();

	owner_begin(&o, rel);
	SPI_connect();

	/* a text stored already is not read again (gai_load may have looked it up just now) */
	if (note && note->has_hash)
		memcpy(h, note->hash, sizeof h);
	else
		sha256_text(bt, h);
	if (!note || !note->looked_up)
	{
		lookup_hash(nsp, h, &st, NULL);
		if (st.found)
		{
			if (note)
			{
				note->outcome = OUT_STORED;
				note->version_id = st.id;
				note->report_id = st.report_id;
				note->is_valid = st.is_valid;
			}
			SPI_finish();
			owner_end(&o);
			return PointerGetDatum(NULL);
		}
	}

	/* what is read outlives SPI_finish (each query leaves SPI's own context current) */
	MemoryContextSwitchTo(upper);
	read_text(bt, true, true, h, &rd);
	lock_key(rd.report_key);

	/*
	 * Looked up again under the lock: a loader of the same text may have
	 * been first.  Only where the report has versions: a text stored by a
	 * loader that has committed is a version of this identity, and an
	 * identity with versions has a current one.
	 */
	lookup_current(nsp, rd.report_key, &cur);
	memset(&st, 0, sizeof st);
	if (cur.found)
		lookup_hash(nsp, rd.hash, &st, note ? note->cxt : NULL);
	if (st.found)
	{
		if (note)
		{
			note->outcome = OUT_STORED;
			note->version_id = st.id;
			note->report_id = st.report_id;
			note->report_key = st.report_key;
			note->other_source = st.source;
			note->is_valid = st.is_valid;
		}
		SPI_finish();
		owner_end(&o);
		return PointerGetDatum(NULL);
	}
	rank_of_reading(&rd, id, loaded, &nr);
	file_reading(nsp, &nr, &report_id, &current, &cur, &why, false);
	SPI_finish();
	owner_end(&o);

	if (note)
	{
		note->outcome = !cur.found ? OUT_NEW_REPORT : current ? OUT_CURRENT : OUT_NOT_CURRENT;
		note->version_id = id;
		note->report_id = report_id;
		note->report_key = MemoryContextStrdup(note->cxt, rd.report_key);
		note->is_valid = rd.is_valid;
		note->other_id = cur.id;
		note->new_gaps = nr.gaps;
		note->other_gaps = cur.gaps;
		note->why = why;
	}

	for (int c = 0; c < N_COLS; c++)
		which[c] = reading_col(c, true);
	which[C_REPORT_ID] = which[C_IS_CURRENT] = which[C_PINNED] = true;
	rd.values[C_REPORT_ID] = Int64GetDatum(report_id);
	rd.nulls[C_REPORT_ID] = false;
	rd.values[C_IS_CURRENT] = BoolGetDatum(current);
	rd.nulls[C_IS_CURRENT] = false;
	rd.values[C_PINNED] = BoolGetDatum(false);	/* gai_pin() pins */
	rd.nulls[C_PINNED] = false;
	return PointerGetDatum(set_cols(tuple, rel, sa, rd.values, rd.nulls, which));
}

/* BEFORE UPDATE on gai_versions */
static Datum
before_update(TriggerData *td, const store_atts *sa)
{
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	Oid			nsp = RelationGetNamespace(rel);
	HeapTuple	oldt = td->tg_trigtuple,
				newt = td->tg_newtuple;
	MemoryContext upper = CurrentMemoryContext;
	bool		on,
				nn,
				pnull;
	Datum		ob = col_value(oldt, rel, sa, C_BODY, &on);
	Datum		nb = col_value(newt, rel, sa, C_BODY, &nn);
	bool		same_text;
	bool		which[N_COLS] = {0};
	Datum		old[N_COLS];
	bool		oldnull[N_COLS];
	reading		rd;
	vrank		nr,
				other;
	rank_why	why;
	bool		current;
	int64		report_id;
	bool		pinned;
	as_owner	o;

	if (nn)
		ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION), errmsg("gai_versions.body must not be NULL")));
	for (int c = 0; c < N_COLS; c++)
		old[c] = col_value(oldt, rel, sa, c, &oldnull[c]);
	same_text = !on && datum_image_eq(ob, nb, false, -1);
	(void) col_value(newt, rel, sa, C_PARSER, &pnull);

	if (same_text && !pnull)
	{
		/*
		 * The text unchanged: what was read from it, the report it belongs to
		 * and its flags stay (they cannot be set by hand); source may change.
		 */
		bool		v;

		v = DatumGetBool(col_value(newt, rel, sa, C_PINNED, &nn));
		if (nn || v != DatumGetBool(old[C_PINNED]))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("gai_versions.pinned is set by gai_pin() and gai_unpin()"),
					 errhint("SELECT gai_pin(version_id) makes a version current; SELECT gai_unpin(report_id) lets the rule choose again.")));
		v = DatumGetBool(col_value(newt, rel, sa, C_IS_CURRENT, &nn));
		if (nn || v != DatumGetBool(old[C_IS_CURRENT]))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("gai_versions.is_current is chosen by the rule"),
					 errhint("SELECT gai_pin(version_id) makes a version current whatever the rule says.")));
		for (int c = 0; c < N_COLS; c++)
			which[c] = c != C_SOURCE && c != C_BODY;
		return PointerGetDatum(set_cols(newt, rel, sa, old, oldnull, which));
	}

	/* a changed text, or parser set to NULL: read again */
	owner_begin(&o, rel);
	SPI_connect();
	MemoryContextSwitchTo(upper);	/* what is read outlives SPI_finish */
	read_text(DatumGetTextPP(nb), true, !same_text, NULL, &rd);
	if (!same_text)
	{
		stored_text st;

		lookup_hash(nsp, rd.hash, &st, NULL);
		if (st.found && st.id != DatumGetInt64(old[C_ID]))
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("this text is stored already, as version " INT64_FORMAT " of report " INT64_FORMAT,
							st.id, st.report_id),
					 errhint("A text is stored once; delete that version first to give its text to this one.")));
	}
	lock_keys(TextDatumGetCString(old[C_REPORT_KEY]), rd.report_key);
	rank_of_reading(&rd, DatumGetInt64(old[C_ID]), DatumGetTimestampTz(old[C_LOADED_AT]), &nr);
	if (strcmp(TextDatumGetCString(old[C_REPORT_KEY]), rd.report_key) == 0)
	{
		/* the same report: is it (still) the best of its versions? */
		report_id = DatumGetInt64(old[C_REPORT_ID]);
		pinned = DatumGetBool(old[C_PINNED]);
		nr.pinned = pinned;
		lookup_best(nsp, report_id, nr.id, &other);
		if (pinned || !other.found)
			current = true;
		else if (rank_cmp(&other, &nr, &why) < 0)
			current = false;	/* if it was current, the AFTER trigger promotes `other` */
		else
		{
			current = true;
			if (other.is_current)
			{
				Datum		a[1] = {arg_int8(other.id)};

				run(nsp, Q_DEMOTE, a, NULL, true);
			}
		}
	}
	else
	{
		/*
		 * Another identity now: a version of another (maybe new) report; a pin
		 * stays behind.  (Between statements every identity with versions has
		 * a current one; within one UPDATE of many rows, whose AFTER triggers
		 * promote at its end, a report may lack one for a moment: a version
		 * moving to it then would get a report of its own, and the statement
		 * fail on gai_versions_current rather than leave two.  gai_reparse()
		 * reads one version per statement.)
		 */
		vrank		cur;

		pinned = false;
		lookup_current(nsp, rd.report_key, &cur);
		file_reading(nsp, &nr, &report_id, &current, &cur, &why, true);
		if (rstats.active)
			rstats.moved++;
	}
	SPI_finish();
	owner_end(&o);

	if (rstats.active)
	{
		for (int c = 0; c < N_COLS; c++)
			if (reading_col(c, true) && c != C_PARSED_AT && c != C_PARSER &&
				(rd.nulls[c] != oldnull[c] ||
				 (!rd.nulls[c] && !datum_image_eq(rd.values[c], old[c], TupleDescAttr(desc, sa->att[c] - 1)->attbyval,
												  TupleDescAttr(desc, sa->att[c] - 1)->attlen))))
			{
				rstats.changed++;
				break;
			}
		if (current && !DatumGetBool(old[C_IS_CURRENT]))
			rstats.current_changed++;
	}

	for (int c = 0; c < N_COLS; c++)
		which[c] = reading_col(c, true);
	which[C_ID] = which[C_LOADED_AT] = true;
	which[C_REPORT_ID] = which[C_IS_CURRENT] = which[C_PINNED] = true;
	rd.values[C_ID] = old[C_ID];
	rd.nulls[C_ID] = false;
	rd.values[C_LOADED_AT] = old[C_LOADED_AT];
	rd.nulls[C_LOADED_AT] = oldnull[C_LOADED_AT];
	rd.values[C_REPORT_ID] = Int64GetDatum(report_id);
	rd.nulls[C_REPORT_ID] = false;
	rd.values[C_IS_CURRENT] = BoolGetDatum(current);
	rd.nulls[C_IS_CURRENT] = false;
	rd.values[C_PINNED] = BoolGetDatum(pinned);
	rd.nulls[C_PINNED] = false;
	return PointerGetDatum(set_cols(newt, rel, sa, rd.values, rd.nulls, which));
}

/* AFTER UPDATE OR DELETE of a current version that stopped being one (see the triggers' WHEN) */
static Datum
after_change(TriggerData *td, const store_atts *sa)
{
	Relation	rel = td->tg_relation;
	bool		n1,
				n2;
	Datum		report_id = col_value(td->tg_trigtuple, rel, sa, C_REPORT_ID, &n1);
	Datum		key = col_value(td->tg_trigtuple, rel, sa, C_REPORT_KEY, &n2);
	as_owner	o;

	if (n1 || n2)
		return PointerGetDatum(NULL);
	owner_begin(&o, rel);
	SPI_connect();
	lock_key(TextDatumGetCString(key));
	(void) rechoose(RelationGetNamespace(rel), DatumGetInt64(report_id));
	SPI_finish();
	owner_end(&o);
	return PointerGetDatum(NULL);
}

Datum
pg_gai_store_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	store_atts	sa;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		(TRIGGER_FIRED_BEFORE(td->tg_event) &&
		 !(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event))) ||
		(TRIGGER_FIRED_AFTER(td->tg_event) &&
		 !(TRIGGER_FIRED_BY_UPDATE(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event))) ||
		TRIGGER_FIRED_INSTEAD(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("gai_store_trigger: must be fired FOR EACH ROW, BEFORE INSERT OR UPDATE or AFTER UPDATE OR DELETE"),
				 errhint("It belongs to the table gai_versions; for your own tables use gai_validate_trigger().")));
	store_atts_of(td->tg_relation, &sa);
	if (!sa.versioned)
	{
		if (!TRIGGER_FIRED_BEFORE(td->tg_event))
			return PointerGetDatum(NULL);
		return legacy_trigger(td, &sa);
	}
	if (TRIGGER_FIRED_AFTER(td->tg_event))
		return internal ? PointerGetDatum(NULL) : after_change(td, &sa);
	if (internal)
		return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		return before_insert(td, &sa);
	return before_update(td, &sa);
}

/* ------------------------------------------------------------ gai_parser() */

Datum
pg_gai_parser(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PARSER_VERSION));
}

/* ------------------------------------------------------------ gai_load() */

static const char *
outcome_code(load_outcome o)
{
	switch (o)
	{
		case OUT_NEW_REPORT:
			return "new_report";
		case OUT_CURRENT:
			return "new_current";
		case OUT_NOT_CURRENT:
			return "new_not_current";
		case OUT_STORED:
			return "stored";
		default:
			return "skipped";
	}
}

#define GAPS "cells missing, unreadable or ambiguous"

/* The sentence gai_load() returns and gaireport load prints. */
static char *
note_text(const load_note *n)
{
	StringInfoData s;

	initStringInfo(&s);
	switch (n->outcome)
	{
		case OUT_NEW_REPORT:
			appendStringInfo(&s, "new report " INT64_FORMAT " (%s)", n->report_id, n->report_key);
			break;
		case OUT_STORED:
			appendStringInfo(&s, "text already stored, as version " INT64_FORMAT " of report " INT64_FORMAT " (%s)",
							 n->version_id, n->report_id, n->report_key ? n->report_key : "?");
			if (n->other_source && n->may_read)
				appendStringInfo(&s, ", from %s", n->other_source);
			break;
		case OUT_CURRENT:
			appendStringInfo(&s, "new version " INT64_FORMAT " of report " INT64_FORMAT " (%s), now current: ",
							 n->version_id, n->report_id, n->report_key);
			if (n->why == WHY_GAPS)
				appendStringInfo(&s, "more complete than version " INT64_FORMAT " (%d " GAPS ", against %d)",
								 n->other_id, n->new_gaps, n->other_gaps);
			else
				appendStringInfo(&s, "as complete as version " INT64_FORMAT " (%d " GAPS ") and %s",
								 n->other_id, n->new_gaps,
								 n->why == WHY_SIGNED ? "signed later (report_date)" :
								 n->why == WHY_PUBLISHED ? "published later" : "newer");
			break;
		case OUT_NOT_CURRENT:
			appendStringInfo(&s, "new version " INT64_FORMAT " of report " INT64_FORMAT " (%s), not current: version "
							 INT64_FORMAT " is ", n->version_id, n->report_id, n->report_key, n->other_id);
			if (n->why == WHY_PINNED)
				appendStringInfo(&s, "pinned (SELECT gai_unpin(" INT64_FORMAT ") lets the rule choose)", n->report_id);
			else if (n->why == WHY_GAPS)
				appendStringInfo(&s, "more complete (%d " GAPS ", against %d)", n->other_gaps, n->new_gaps);
			else
				appendStringInfo(&s, "as complete (%d " GAPS ") and %s", n->other_gaps,
								 n->why == WHY_SIGNED ? "signed later (report_date)" :
								 n->why == WHY_PUBLISHED ? "published later" : "newer");
			break;
		default:
			appendStringInfoString(&s, "not stored: another trigger on gai_versions skipped the row");
			break;
	}
	return s.data;
}

Datum
pg_gai_load(PG_FUNCTION_ARGS)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	TupleDesc	tupdesc;
	load_note	note;
	stored_text st;
	uint8		hash[PG_SHA256_DIGEST_LENGTH];
	text	   *body;
	Oid			relid;
	Datum		values[6];
	bool		nulls[6] = {0};

	if (PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("gai_load: body must not be NULL")));
	body = PG_GETARG_TEXT_PP(1);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "gai_load: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	memset(&note, 0, sizeof note);
	note.cxt = CurrentMemoryContext;

	/*
	 * A text stored already: nothing is written, not even a sequence value.
	 * The look-up reads the table directly, so only for a caller who may
	 * read it (else the trigger finds the text, as the owner).
	 */
	relid = get_relname_relid("gai_versions", nsp);
	note.may_read = OidIsValid(relid) && pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) == ACLCHECK_OK &&
		check_enable_rls(relid, InvalidOid, true) != RLS_ENABLED;
	SPI_connect();
	sha256_text(body, hash);
	memset(&st, 0, sizeof st);
	if (note.may_read)
		lookup_hash(nsp, hash, &st, note.cxt);
	if (st.found)
	{
		note.outcome = OUT_STORED;
		note.version_id = st.id;
		note.report_id = st.report_id;
		note.report_key = st.report_key;
		note.other_source = st.source;
		note.is_valid = st.is_valid;
	}
	else
	{
		Datum		a[2] = {PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0), PointerGetDatum(body)};
		char		n[2] = {PG_ARGISNULL(0) ? 'n' : ' ', ' '};

		load_note  *volatile outer = pending_note;	/* a gai_load() in a trigger of a gai_load() */

		note.waiting = true;
		note.body = body;
		note.looked_up = note.may_read;
		note.has_hash = true;
		memcpy(note.hash, hash, sizeof hash);
		pending_note = &note;
		PG_TRY();
		{
			run(nsp, Q_INSERT, a, n, false);
		}
		PG_FINALLY();
		{
			pending_note = outer;
		}
		PG_END_TRY();
	}
	SPI_finish();

	values[0] = CStringGetTextDatum(outcome_code(note.outcome));
	values[1] = Int64GetDatum(note.version_id);
	nulls[1] = note.outcome == OUT_NONE;
	values[2] = Int64GetDatum(note.report_id);
	nulls[2] = note.outcome == OUT_NONE;
	nulls[3] = !note.report_key;
	values[3] = note.report_key ? CStringGetTextDatum(note.report_key) : (Datum) 0;
	values[4] = BoolGetDatum(note.is_valid);
	nulls[4] = note.outcome == OUT_NONE;
	values[5] = CStringGetTextDatum(note_text(&note));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ------------------------------------------------------------ gai_pin(), gai_unpin() */

/* The identity of a version (SPI connected), locked; false when there is no such version. */
static bool
lock_version(Oid nsp, int64 version, int64 *report_id)
{
	for (int tries = 0; tries < 10; tries++)
	{
		Datum		a[1] = {arg_int8(version)};
		SPITupleTable *tt = run(nsp, Q_VERSION, a, NULL, false);
		char	   *key;
		bool		n;

		if (SPI_processed == 0)
			return false;
		key = SPI_getvalue(tt->vals[0], tt->tupdesc, 2);
		lock_key(key);
		/* still that identity once the lock is held (a re-read may have moved it) */
		tt = run(nsp, Q_VERSION, a, NULL, false);
		if (SPI_processed == 0)
			return false;
		if (strcmp(SPI_getvalue(tt->vals[0], tt->tupdesc, 2), key) == 0)
		{
			*report_id = DatumGetInt64(SPI_getbinval(tt->vals[0], tt->tupdesc, 1, &n));
			return true;
		}
	}
	elog(ERROR, "gaireport: version " INT64_FORMAT " keeps changing its identity", version);
	return false;
}

Datum
pg_gai_pin(PG_FUNCTION_ARGS)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	int64		version = PG_GETARG_INT64(0);
	int64		report_id;
	Datum		a[2];

	SPI_connect();
	if (!lock_version(nsp, version, &report_id))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("there is no version " INT64_FORMAT " in gai_versions", version)));
	a[0] = arg_int8(report_id);
	a[1] = arg_int8(version);
	run(nsp, Q_PIN_CLEAR, a, NULL, true);
	a[0] = arg_int8(version);
	run(nsp, Q_PIN_SET, a, NULL, true);
	(void) rechoose(nsp, report_id);
	SPI_finish();
	PG_RETURN_INT64(report_id);
}

Datum
pg_gai_unpin(PG_FUNCTION_ARGS)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	int64		report_id = PG_GETARG_INT64(0);
	Datum		a[1] = {arg_int8(report_id)};
	SPITupleTable *tt;
	int64		current;

	SPI_connect();
	tt = run(nsp, Q_REPORT, a, NULL, false);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("there is no report " INT64_FORMAT " in gai_versions", report_id)));
	lock_key(SPI_getvalue(tt->vals[0], tt->tupdesc, 1));
	run(nsp, Q_UNPIN, a, NULL, true);
	current = rechoose(nsp, report_id);
	SPI_finish();
	if (current == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(current);
}

/* ------------------------------------------------------------ gai_reparse() */

Datum
pg_gai_reparse(PG_FUNCTION_ARGS)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	bool		every = !PG_ARGISNULL(0) && PG_GETARG_BOOL(0);
	int32		batch = PG_ARGISNULL(1) ? 1000 : PG_GETARG_INT32(1);
	bool		nolimit = PG_ARGISNULL(2);
	int64		maxv = nolimit ? 0 : PG_GETARG_INT64(2);
	TimestampTz before = PG_ARGISNULL(3) ? GetCurrentTransactionStartTimestamp() : PG_GETARG_TIMESTAMPTZ(3);
	TupleDesc	tupdesc;
	LOCKTAG		tag;
	SPITupleTable *tt;
	int64	   *ids;
	int64		n,
				read = 0,
				left;
	Datum		a[2];
	char		an[2] = {' ', nolimit ? 'n' : ' '};
	TimestampTz t0 = GetCurrentTimestamp();
	Datum		values[5];
	bool		nulls[5] = {0};
	bool		isnull;

	if (batch < 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("gai_reparse: batch_size must be at least 1")));
	if (!nolimit && maxv < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("gai_reparse: max_versions must not be negative")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "gai_reparse: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	/* one at a time: two would wait on each other's identities */
	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, 0, 0, GAI_LOCK_REPARSE);
	if (LockAcquire(&tag, ExclusiveLock, false, true) == LOCKACQUIRE_NOT_AVAIL)
		ereport(ERROR,
				(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
				 errmsg("gai_reparse() is running in another session of this database"),
				 errhint("Wait for it to finish; what it has read stays read.")));

	SPI_connect();
	a[0] = every ? TimestampTzGetDatum(before) : CStringGetTextDatum(PARSER_VERSION);
	a[1] = Int64GetDatum(maxv);
	tt = run(nsp, every ? Q_IDS_BEFORE : Q_IDS_PARSER, a, an, false);
	n = (int64) SPI_processed;
	ids = MemoryContextAllocHuge(TopTransactionContext, sizeof(int64) * Max(n, 1));
	for (int64 i = 0; i < n; i++)
		ids[i] = DatumGetInt64(SPI_getbinval(tt->vals[i], tt->tupdesc, 1, &isnull));
	SPI_freetuptable(tt);

	memset(&rstats, 0, sizeof rstats);
	rstats.active = true;
	PG_TRY();
	{
		for (int64 i = 0; i < n; i++)
		{
			Datum		ra[1] = {arg_int8(ids[i])};

			CHECK_FOR_INTERRUPTS();
			run(nsp, Q_REREAD, ra, NULL, false);
			read += SPI_processed;	/* 0: deleted meanwhile */
			SPI_freetuptable(SPI_tuptable);
			if ((i + 1) % batch == 0 || i + 1 == n)
			{
				long		secs;
				int			usecs;

				TimestampDifference(t0, GetCurrentTimestamp(), &secs, &usecs);
				ereport(NOTICE,
						(errmsg("gai_reparse: " INT64_FORMAT " of " INT64_FORMAT " versions read, " INT64_FORMAT
								" readings changed, " INT64_FORMAT " moved to another report, " INT64_FORMAT
								" current versions changed (%.1f s)",
								i + 1, n, rstats.changed, rstats.moved, rstats.current_changed,
								secs + usecs / 1e6)));
			}
		}
	}
	PG_FINALLY();
	{
		rstats.active = false;
	}
	PG_END_TRY();

	tt = run(nsp, every ? Q_LEFT_BEFORE : Q_LEFT_PARSER, a, an, false);
	left = DatumGetInt64(SPI_getbinval(tt->vals[0], tt->tupdesc, 1, &isnull));
	SPI_finish();
	pfree(ids);

	values[0] = Int64GetDatum(read);
	values[1] = Int64GetDatum(rstats.changed);
	values[2] = Int64GetDatum(rstats.moved);
	values[3] = Int64GetDatum(rstats.current_changed);
	values[4] = Int64GetDatum(left);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
