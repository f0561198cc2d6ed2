/*
 * pgcore.h — shared by the PostgreSQL entry points (src/pg).
 */
#ifndef GAI_PGCORE_H
#define GAI_PGCORE_H

#include "postgres.h"
#include "fmgr.h"

#include "gai.h"

typedef struct parse_call
{
	MemoryContext ctx;
	gai_hooks	hooks;
	gai_report *r;
} parse_call;

/* Text datums of codes and labels, made once per backend (see cache_init). */
typedef struct label_cache
{
	int			ncells;
	Datum	   *item,
			   *col,
			   *item_label,
			   *col_label,
			   *section;
} label_cache;

extern label_cache lcache[GAI_TEMPLATE_SLOTS];
extern Datum status_text[GAI_CELL_AMBIGUOUS + 1];
extern Datum section_text[GAI_SEC_COUNT];

void		gai_pg_init(void);
/* Parse body in a memory context of its own (flags: GAI_* of gai.h). */
void		parse_begin(parse_call *pc, text *body, unsigned flags);
void		parse_end(parse_call *pc);
void		cache_init(const gai_report *r);
void		not_a_report(const gai_report *r) pg_attribute_noreturn();

Datum		num_datum(gai_num n);
Datum		cstr_datum(const char *s);
/* A text datum of s, or NULL (*isnull set) when s is NULL. */
Datum		text_or_null(const char *s, bool *isnull);
bool		date_datum(gai_date d, Datum *out);
Datum		violations_jsonb(const gai_report *r);
void		gai_store_define_gucs(void);

#endif							/* GAI_PGCORE_H */
