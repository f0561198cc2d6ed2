/*
 * trigger.c — gai_validate_trigger(), validation of reports stored in a
 * user's own table, on the model of tsvector_update_trigger():
 *
 *   CREATE TRIGGER t BEFORE INSERT OR UPDATE ON my_reports FOR EACH ROW
 *     EXECUTE FUNCTION gai_validate_trigger(body, 'reject');
 *   ... EXECUTE FUNCTION gai_validate_trigger(body, 'flag', violations);
 *
 * reject: a row whose text is not a valid report is refused with SQLSTATE
 *         23514 (check_violation), the first broken rules in the DETAIL;
 * flag:   the row is kept and the named jsonb column receives the list of
 *         violations ([] for a valid report).
 * A NULL text passes (as in a CHECK constraint) and flags NULL.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "pgcore.h"

PG_FUNCTION_INFO_V1(pg_gai_validate_trigger);

#define DETAIL_RULES 5

static int
column_of(Relation rel, const char *name, const char *role, Oid want, const char *want_name)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			attnum = SPI_fnumber(desc, name);
	Oid			type;

	if (attnum == SPI_ERROR_NOATTRIBUTE || attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("gai_validate_trigger: column \"%s\" of relation \"%s\" does not exist",
						name, RelationGetRelationName(rel)),
				 errdetail("The %s column is named by the trigger's arguments.", role),
				 errhint("Arguments: the text column holding the report, the mode ('reject' or 'flag'), "
						 "and for 'flag' the jsonb column that receives the violations.")));
	type = SPI_gettypeid(desc, attnum);
	if (!IsBinaryCoercible(type, want))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("gai_validate_trigger: column \"%s\" is of type %s, not %s",
						name, format_type_be(type), want_name),
				 errdetail("The %s column must be of type %s.", role, want_name)));
	return attnum;
}

Datum
pg_gai_validate_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Trigger    *tg;
	Relation	rel;
	HeapTuple	tuple;
	const char *mode;
	bool		reject;
	int			body_att,
				flag_att = 0;
	Datum		body;
	bool		isnull;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("gai_validate_trigger: not called by the trigger manager"),
				 errhint("Use it in CREATE TRIGGER ... BEFORE INSERT OR UPDATE ... FOR EACH ROW.")));
	if (!TRIGGER_FIRED_FOR_ROW(td->tg_event) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("gai_validate_trigger: must be fired BEFORE INSERT OR UPDATE, FOR EACH ROW"),
				 errdetail("It validates (and may change) the row about to be stored.")));

	tg = td->tg_trigger;
	rel = td->tg_relation;
	tuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;

	if (tg->tgnargs < 2 || tg->tgnargs > 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gai_validate_trigger: %d arguments given, 2 or 3 expected", tg->tgnargs),
				 errhint("gai_validate_trigger(body_column, 'reject') or "
						 "gai_validate_trigger(body_column, 'flag', violations_column).")));
	mode = tg->tgargs[1];
	if (strcmp(mode, "reject") == 0)
		reject = true;
	else if (strcmp(mode, "flag") == 0)
		reject = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gai_validate_trigger: unknown mode \"%s\"", mode),
				 errhint("The mode is 'reject' or 'flag'.")));
	if (reject && tg->tgnargs != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gai_validate_trigger: mode 'reject' takes no violations column")));
	if (!reject && tg->tgnargs != 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gai_validate_trigger: mode 'flag' needs the jsonb column for the violations"),
				 errhint("gai_validate_trigger(body_column, 'flag', violations_column).")));

	body_att = column_of(rel, tg->tgargs[0], "report text", TEXTOID, "text");
	if (!reject)
		flag_att = column_of(rel, tg->tgargs[2], "violations", JSONBOID, "jsonb");

	body = SPI_getbinval(tuple, RelationGetDescr(rel), body_att, &isnull);
	if (isnull)
	{
		if (!reject)
		{
			Datum		v = (Datum) 0;
			bool		n = true;

			tuple = heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel), 1, &flag_att, &v, &n);
		}
		return PointerGetDatum(tuple);
	}

	{
		parse_call	pc;
		gai_report *r;

		parse_begin(&pc, DatumGetTextPP(body), GAI_SKIP_NARRATIVE);
		r = pc.r;
		if (reject && (!r->is_report || r->n_errors > 0))
		{
			StringInfoData d;
			int			shown = 0;

			initStringInfo(&d);
			for (int i = 0; i < r->n_violations && shown < DETAIL_RULES; i++)
			{
				if (r->violations[i].severity != GAI_SEV_ERROR)
					continue;
				appendStringInfo(&d, "%s%s", shown ? "; " : "", r->violations[i].message);
				shown++;
			}
			if (r->n_errors > shown)
				appendStringInfo(&d, "; and %d more", r->n_errors - shown);
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("report in column \"%s\" of relation \"%s\" breaks %d rule%s",
							tg->tgargs[0], RelationGetRelationName(rel), r->n_errors,
							r->n_errors == 1 ? "" : "s"),
					 errdetail("%s.", d.data),
					 errhint("SELECT * FROM gai_check(body) lists them all; "
							 "use mode 'flag' to keep such rows with their violations.")));
		}
		if (!reject)
		{
			Datum		v = violations_jsonb(r);
			bool		n = false;

			tuple = heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel), 1, &flag_att, &v, &n);
		}
		parse_end(&pc);
	}
	return PointerGetDatum(tuple);
}
