/*
 * gaireport.c — the PostgreSQL face of the core: fmgr glue only.
 *
 * Each call parses its argument in a memory context of its own, maps the
 * core's gai_report to SQL values, and deletes the context: nothing leaks
 * across calls, and an error or a cancel unwinding through the core frees
 * everything with the context's parent.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "pgcore.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(pg_gai_parse);
PG_FUNCTION_INFO_V1(pg_gai_report);
PG_FUNCTION_INFO_V1(pg_gai_sections);
PG_FUNCTION_INFO_V1(pg_gai_check);
PG_FUNCTION_INFO_V1(pg_gai_is_valid);

void		_PG_init(void);

void
_PG_init(void)
{
	gai_pg_init();
	gai_store_define_gucs();
}

/* ------------------------------------------------------------ gai_parse */

/* The candidate values of an ambiguous cell as numeric[]; NULL otherwise. */
static Datum
candidates_datum(const gai_cell *c, bool *isnull)
{
	Datum	   *d;

	*isnull = c->status != GAI_CELL_AMBIGUOUS || c->n_candidates == 0;
	if (*isnull)
		return (Datum) 0;
	d = palloc(sizeof(Datum) * c->n_candidates);
	for (int i = 0; i < c->n_candidates; i++)
		d[i] = num_datum(c->candidates[i]);
	return PointerGetDatum(construct_array(d, c->n_candidates, NUMERICOID, -1, false, TYPALIGN_INT));
}

Datum
pg_gai_parse(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	parse_call	pc;
	gai_report *r;
	Datum		values[10];
	bool		nulls[10];

	InitMaterializedSRF(fcinfo, 0);
	parse_begin(&pc, PG_GETARG_TEXT_PP(0), GAI_SKIP_NARRATIVE);
	r = pc.r;
	if (!r->is_report)
		not_a_report(r);
	cache_init(r);
	{
		label_cache *lc = &lcache[r->template_id];
		MemoryContext old = MemoryContextSwitchTo(pc.ctx);

		for (int i = 0; i < r->n_template_cells; i++)
		{
			gai_cell   *c = &r->template_cells[i];

			if (c->status == GAI_CELL_MISSING)
				continue;
			memset(nulls, 0, sizeof nulls);
			values[0] = section_text[c->section];
			values[1] = lc->item[i];
			values[2] = lc->col[i];
			if (c->status == GAI_CELL_OK)
				values[3] = num_datum(c->value);
			else
				nulls[3] = true;
			values[4] = lc->item_label[i];
			values[5] = lc->col_label[i];
			values[6] = Int32GetDatum(c->line);
			values[7] = PointerGetDatum(cstring_to_text_with_len(c->raw ? c->raw : "", c->raw ? c->raw_len : 0));
			values[8] = status_text[c->status];
			values[9] = candidates_datum(c, &nulls[9]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		for (int i = 0; i < r->n_extra_cells; i++)
		{
			gai_cell   *c = &r->extra_cells[i];

			memset(nulls, 0, sizeof nulls);
			values[0] = section_text[c->section];
			nulls[1] = true;
			values[2] = cstr_datum(gai_cell_col_code(r, c));
			if (c->status == GAI_CELL_OK)
				values[3] = num_datum(c->value);
			else
				nulls[3] = true;
			values[4] = cstr_datum(gai_cell_item_label(r, c));
			values[5] = cstr_datum(gai_cell_col_label(r, c));
			values[6] = Int32GetDatum(c->line);
			values[7] = PointerGetDatum(cstring_to_text_with_len(c->raw ? c->raw : "", c->raw ? c->raw_len : 0));
			values[8] = status_text[c->status];
			values[9] = candidates_datum(c, &nulls[9]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		MemoryContextSwitchTo(old);
	}
	parse_end(&pc);
	return (Datum) 0;
}

/* ------------------------------------------------------------ gai_report */

static Datum
text_array(const char *const *items, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n ? n : 1));

	for (int i = 0; i < n; i++)
		d[i] = cstr_datum(items[i]);
	return PointerGetDatum(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum
pg_gai_report(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	parse_call	pc;
	gai_report *r;
	Datum		values[18];
	bool		nulls[18];
	HeapTuple	tuple;
	int			present = 0,
				blank = 0,
				unreadable = 0,
				ambiguous = 0;
	const char **strs;
	int			n;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("gai_report must be called in a context that accepts a record")));
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != 18)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("type gai_report has %d attributes, this library expects 18", tupdesc->natts),
				 errhint("Run ALTER EXTENSION gaireport UPDATE to match the installed library.")));

	parse_begin(&pc, PG_GETARG_TEXT_PP(0), GAI_SKIP_NARRATIVE);
	r = pc.r;
	memset(nulls, 0, sizeof nulls);
	for (int i = 0; i < r->n_template_cells; i++)
	{
		gai_cell_status s = r->template_cells[i].status;

		present += s != GAI_CELL_MISSING;
		blank += s == GAI_CELL_BLANK;
		unreadable += s == GAI_CELL_UNREADABLE;
		ambiguous += s == GAI_CELL_AMBIGUOUS;
	}
	for (int i = 0; i < r->n_extra_cells; i++)
	{
		blank += r->extra_cells[i].status == GAI_CELL_BLANK;
		unreadable += r->extra_cells[i].status == GAI_CELL_UNREADABLE;
	}

	values[0] = text_or_null(r->agency, &nulls[0]);
	if (r->year)
		values[1] = Int32GetDatum(r->year);
	else
		nulls[1] = true;
	values[2] = text_or_null(gai_template_name(r->template_id), &nulls[2]);
	values[3] = text_or_null(r->title, &nulls[3]);
	nulls[4] = !date_datum(r->report_date, &values[4]);
	nulls[5] = !date_datum(r->period_start, &values[5]);
	nulls[6] = !date_datum(r->period_end, &values[6]);
	values[7] = text_or_null(gai_layout_name(r->layout), &nulls[7]);

	strs = palloc(sizeof(char *) * (r->n_sections + r->n_warnings + 1));
	n = 0;
	for (int i = 0; i < r->n_sections; i++)
		if (r->sections[i].section != GAI_SEC_PREAMBLE)
			strs[n++] = gai_section_code(r->sections[i].section);
	values[8] = text_array(strs, n);
	values[9] = Int32GetDatum(present);
	values[10] = Int32GetDatum(r->n_extra_cells);
	values[11] = Int32GetDatum(blank);
	values[12] = Int32GetDatum(unreadable);
	values[13] = Int32GetDatum(r->n_errors);
	values[14] = BoolGetDatum(r->is_report && r->n_errors == 0);
	for (int i = 0; i < r->n_warnings; i++)
		strs[i] = r->warnings[i].text;
	values[15] = text_array(strs, r->n_warnings);
	nulls[16] = !date_datum(r->published, &values[16]);
	values[17] = Int32GetDatum(ambiguous);

	tuple = heap_form_tuple(tupdesc, values, nulls);
	parse_end(&pc);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}

/* ------------------------------------------------------------ gai_sections */

Datum
pg_gai_sections(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	parse_call	pc;
	gai_report *r;
	Datum		values[4];
	bool		nulls[4];

	InitMaterializedSRF(fcinfo, 0);
	parse_begin(&pc, PG_GETARG_TEXT_PP(0), 0);
	r = pc.r;
	for (int i = 0; i < r->n_sections; i++)
	{
		gai_section_text *s = &r->sections[i];

		memset(nulls, 0, sizeof nulls);
		values[0] = cstr_datum(gai_section_code(s->section));
		values[1] = text_or_null(s->heading, &nulls[1]);
		values[2] = cstr_datum(s->content);
		values[3] = Int32GetDatum(s->line);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	parse_end(&pc);
	return (Datum) 0;
}

/* ------------------------------------------------------------ gai_check */

Datum
pg_gai_check(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	parse_call	pc;
	gai_report *r;
	Datum		values[8];
	bool		nulls[8];

	InitMaterializedSRF(fcinfo, 0);
	parse_begin(&pc, PG_GETARG_TEXT_PP(0), GAI_SKIP_NARRATIVE);
	r = pc.r;
	for (int i = 0; i < r->n_violations; i++)
	{
		gai_violation *v = &r->violations[i];

		memset(nulls, 0, sizeof nulls);
		values[0] = cstr_datum(v->rule);
		values[1] = cstr_datum(gai_severity_name(v->severity));
		values[2] = cstr_datum(gai_section_code(v->section));
		values[3] = text_or_null(v->item, &nulls[3]);
		values[4] = text_or_null(v->col, &nulls[4]);
		if (v->has_values)
		{
			values[5] = num_datum(v->expected);
			values[6] = num_datum(v->actual);
		}
		else
			nulls[5] = nulls[6] = true;
		values[7] = cstr_datum(v->message);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	parse_end(&pc);
	return (Datum) 0;
}

/* ------------------------------------------------------------ gai_is_valid */

Datum
pg_gai_is_valid(PG_FUNCTION_ARGS)
{
	parse_call	pc;
	bool		valid;

	if (GetDatabaseEncoding() != PG_UTF8)
		PG_RETURN_BOOL(false);
	parse_begin(&pc, PG_GETARG_TEXT_PP(0), GAI_SKIP_NARRATIVE);
	valid = pc.r->is_report && pc.r->n_errors == 0;
	parse_end(&pc);
	PG_RETURN_BOOL(valid);
}
