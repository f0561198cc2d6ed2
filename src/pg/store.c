/*
 * store.c — the ready store's C parts:
 *
 *   gai_codes()          every template cell: template, idx (1-based position
 *                        in gai_reports.cells), section, item, col, labels,
 *                        unit — the template data of the core, for SQL;
 *   gai_store_trigger()  BEFORE INSERT OR UPDATE on gai_reports: one parse of
 *                        NEW.body fills every derived column, so a row is
 *                        stored whole or not at all.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/md5.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "pgcore.h"

PG_FUNCTION_INFO_V1(pg_gai_codes);
PG_FUNCTION_INFO_V1(pg_gai_request_items);
PG_FUNCTION_INFO_V1(pg_gai_store_trigger);

#define MAX_REQ_ITEMS 40
#define REQ_COLS 7
#define APP_ROWS 3
#define APP_COLS 5

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

/* ------------------------------------------------------------ store trigger */

/* The derived columns of gai_reports, by name. */
static const char *const store_cols[] = {
	"report_key", "agency", "agency_key", "year", "template", "title", "report_date",
	"period_start", "period_end", "layout", "cell_count", "blank_count",
	"unreadable_count", "error_count", "is_valid", "violations", "warnings", "cells",
	"cell_status", "extra_cells", "requests", "appeals", "parsed_at"
};

#define N_STORE_COLS (int) lengthof(store_cols)

static bool reject_invalid = false;

void
gai_store_define_gucs(void)
{
	DefineCustomBoolVariable("gaireport.reject_invalid",
							 "Refuse rows of gai_reports whose text is not a valid report.",
							 "Off (the default) stores such rows flagged: is_valid false, violations listed.",
							 &reject_invalid, false, PGC_USERSET, 0, NULL, NULL, NULL);
}

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

Datum
pg_gai_store_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	tuple;
	int			body_att;
	int			atts[N_STORE_COLS];
	Datum		values[N_STORE_COLS];
	bool		nulls[N_STORE_COLS];
	Datum		body;
	bool		isnull;
	parse_call	pc;
	gai_report *r;
	bool		restoring;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("gai_store_trigger: must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW"),
				 errhint("It belongs to the table gai_reports; for your own tables use gai_validate_trigger().")));
	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;

	body_att = SPI_fnumber(desc, "body");
	for (int i = 0; i < N_STORE_COLS; i++)
	{
		atts[i] = SPI_fnumber(desc, store_cols[i]);
		if (atts[i] <= 0 || body_att <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("gai_store_trigger: relation \"%s\" has no column \"%s\"",
							RelationGetRelationName(rel), body_att <= 0 ? "body" : store_cols[i]),
					 errhint("The trigger fills the columns of gai_reports.")));
	}

	/*
	 * An UPDATE that leaves the text alone keeps what was read from it: the
	 * derived columns are copied from the old row (they cannot be set by
	 * hand, or gai_cells would lie).
	 */
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		bool		on,
					nn;
		Datum		ob = SPI_getbinval(td->tg_trigtuple, desc, body_att, &on);
		Datum		nb = SPI_getbinval(tuple, desc, body_att, &nn);

		if (!on && !nn)
		{
			text	   *ot = DatumGetTextPP(ob);
			text	   *nt = DatumGetTextPP(nb);

			if (VARSIZE_ANY_EXHDR(ot) == VARSIZE_ANY_EXHDR(nt) &&
				memcmp(VARDATA_ANY(ot), VARDATA_ANY(nt), VARSIZE_ANY_EXHDR(ot)) == 0)
			{
				for (int i = 0; i < N_STORE_COLS; i++)
					values[i] = SPI_getbinval(td->tg_trigtuple, desc, atts[i], &nulls[i]);
				return PointerGetDatum(heap_modify_tuple_by_cols(tuple, desc, N_STORE_COLS, atts,
																 values, nulls));
			}
		}
	}

	body = SPI_getbinval(tuple, desc, body_att, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("gai_reports.body must not be NULL")));

	/*
	 * A row that arrives already read (parsed_at set: pg_restore's COPY, or a
	 * copy of stored rows) is never refused: what was stored once is stored
	 * again whatever this session's validation setting.  It is read anew all
	 * the same, so the derived columns cannot be set by hand.
	 */
	{
		bool		pnull = true;

		if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
			(void) SPI_getbinval(tuple, desc, atts[N_STORE_COLS - 1], &pnull);
		restoring = !pnull;
	}

	parse_begin(&pc, DatumGetTextPP(body), GAI_SKIP_NARRATIVE);
	r = pc.r;
	if (reject_invalid && !restoring && (!r->is_report || r->n_errors > 0))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("report breaks %d rule%s and gaireport.reject_invalid is on",
						r->n_errors, r->n_errors == 1 ? "" : "s"),
				 errdetail("%s", r->n_violations ? r->violations[0].message : "not a report"),
				 errhint("SELECT * FROM gai_check(body) lists them all; SET gaireport.reject_invalid = off stores it flagged.")));

	memset(nulls, 0, sizeof nulls);
	{
		int			k = 0,
					present = 0,
					blank = 0,
					unreadable = 0;
		char	   *akey = r->agency ? agency_key(r->agency) : NULL;
		StringInfoData key;
		Datum	   *cells;
		bool	   *cnulls;
		bytea	   *status;

		for (int i = 0; i < r->n_template_cells; i++)
		{
			gai_cell_status st = r->template_cells[i].status;

			present += st != GAI_CELL_MISSING;
			blank += st == GAI_CELL_BLANK;
			unreadable += st == GAI_CELL_UNREADABLE;
		}

		/* identity: agency, year and template; a text naming no agency is its own identity */
		initStringInfo(&key);
		if (akey && *akey)
			appendStringInfoString(&key, akey);
		else
		{
			char		hex[33];
			const char *err;
			text	   *t = DatumGetTextPP(body);

			if (!pg_md5_hash(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), hex, &err))
				ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("md5 failed: %s", err)));
			appendStringInfo(&key, "text:%s", hex);
		}
		appendStringInfo(&key, "/%d/%s", r->year, gai_template_name(r->template_id) ?
						 gai_template_name(r->template_id) : "none");

#define SET(v) (values[k] = (v), k++)
#define SETNULL() (nulls[k] = true, values[k] = (Datum) 0, k++)
		SET(cstr_datum(key.data));
		if (r->agency)
			SET(cstr_datum(r->agency));
		else
			SETNULL();
		if (akey && *akey)
			SET(cstr_datum(akey));
		else
			SETNULL();
		if (r->year)
			SET(Int32GetDatum(r->year));
		else
			SETNULL();
		if (gai_template_name(r->template_id))
			SET(cstr_datum(gai_template_name(r->template_id)));
		else
			SETNULL();
		if (r->title)
			SET(cstr_datum(r->title));
		else
			SETNULL();
		nulls[k] = !date_datum(r->report_date, &values[k]);
		k++;
		nulls[k] = !date_datum(r->period_start, &values[k]);
		k++;
		nulls[k] = !date_datum(r->period_end, &values[k]);
		k++;
		if (gai_layout_name(r->layout))
			SET(cstr_datum(gai_layout_name(r->layout)));
		else
			SETNULL();
		SET(Int32GetDatum(present));
		SET(Int32GetDatum(blank));
		SET(Int32GetDatum(unreadable));
		SET(Int32GetDatum(r->n_errors));
		SET(BoolGetDatum(r->is_report && r->n_errors == 0));
		SET(violations_jsonb(r));
		{
			Datum	   *w = palloc(sizeof(Datum) * (r->n_warnings + 1));

			for (int i = 0; i < r->n_warnings; i++)
				w[i] = cstr_datum(r->warnings[i].text);
			SET(PointerGetDatum(construct_array(w, r->n_warnings, TEXTOID, -1, false, TYPALIGN_INT)));
		}
		/* cells: values in template order (gai_codes.idx), NULL unless read; status letters */
		if (r->n_template_cells > 0)
		{
			int			dims[1] = {r->n_template_cells};
			int			lbs[1] = {1};

			cells = palloc(sizeof(Datum) * r->n_template_cells);
			cnulls = palloc(sizeof(bool) * r->n_template_cells);
			/* one status byte a cell (0 missing, 1 ok, 2 blank, 3 unreadable): get_byte() is O(1) */
			status = palloc(VARHDRSZ + r->n_template_cells);
			SET_VARSIZE(status, VARHDRSZ + r->n_template_cells);
			for (int i = 0; i < r->n_template_cells; i++)
			{
				const gai_cell *c = &r->template_cells[i];

				cnulls[i] = c->status != GAI_CELL_OK;
				cells[i] = cnulls[i] ? (Datum) 0 : num_datum(c->value);
				VARDATA(status)[i] = (char) c->status;
			}
			SET(PointerGetDatum(construct_md_array(cells, cnulls, 1, dims, lbs, NUMERICOID, -1, false,
												   TYPALIGN_INT)));
			SET(PointerGetDatum(status));
		}
		else
		{
			SETNULL();
			SETNULL();
		}
		SET(extra_cells_jsonb(r));
		if (r->n_template_cells > 0)
		{
			int			n = gai_request_items((const char *[MAX_REQ_ITEMS]) {0}, NULL, MAX_REQ_ITEMS);

			slots_init(r->template_id);
			SET(count_array(r, req_slot[r->template_id], n, REQ_COLS));
			SET(count_array(r, app_slot[r->template_id], APP_ROWS, APP_COLS));
		}
		else
		{
			SETNULL();
			SETNULL();
		}
		SET(TimestampTzGetDatum(GetCurrentTimestamp()));
#undef SET
#undef SETNULL
		Assert(k == N_STORE_COLS);
	}
	parse_end(&pc);
	tuple = heap_modify_tuple_by_cols(tuple, desc, N_STORE_COLS, atts, values, nulls);
	return PointerGetDatum(tuple);
}
