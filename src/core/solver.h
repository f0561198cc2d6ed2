/*
 * solver.h — cells from text whose cell boundaries are lost (glued web text,
 * plain pdftotext), recovered from the template's equations.
 *
 * A reader (glued.c) cuts a table's text into regions: the value text of one
 * row (glued web text), or of several rows printed as one run of values (the
 * appeals table's 15 cells, the cells of a table in plain pdftotext).  A
 * region is a sequence of segments: runs of number characters, which the
 * solver splits into consecutive cells, and blank markers (&nbsp;, —, /),
 * each one blank cell.  The solver reads every region into its rows' cells
 * in every way the digits allow and keeps the readings the rules allow; a
 * cell gets a value only when all of them give it that value.
 */
#ifndef GAI_SOLVER_H
#define GAI_SOLVER_H

#include "internal.h"

typedef enum gs_seg_kind
{
	GS_RUN = 0,					/* number characters: digits, + - . , (ASCII) */
	GS_BLANK = 1				/* a blank cell as printed: &nbsp;, —, /, 无 */
} gs_seg_kind;

typedef struct gs_seg
{
	uint8_t		kind;			/* gs_seg_kind */
	bool		whole;			/* RUN: one cell (its boundaries are printed) */
	bool		optional;		/* may be no cell at all (a page number among the values) */
	int			len;			/* RUN: bytes of its number characters */
	int			unit_len;		/* RUN: bytes of a unit after them (元, 万元, 件 …), 0 if none */
	const char *s;				/* RUN: the number characters, then the unit; BLANK: the marker */
	int			line;			/* source line */
} gs_seg;

/* When may a cell of a region be unprinted (a blank printed as nothing)? */
typedef enum gs_gaps
{
	GS_GAPS_NEVER = 0,
	GS_GAPS_ALWAYS = 1,			/* plain pdftotext drops blank cells */
	GS_GAPS_IF_SHORT = 2		/* only when the printed text cannot fill the cells */
} gs_gaps;

typedef struct gs_region
{
	const gs_seg *segs;
	int			nsegs;
	uint8_t		gaps;			/* gs_gaps */
	int			nrows;			/* template rows (of the table) its cells run over, in print order */
	const int  *rows;
	int			line;			/* the row label's line (for cells with no text of their own) */
	const char *raw;			/* the region's text as printed (an ambiguous cell's raw) */
	int			raw_len;
	/*
	 * The same text with its white space taken for no cell boundary (stray
	 * spaces: 10 0 00 0 1), or NULL: read only when the text with every
	 * space a boundary has no reading.
	 */
	const gs_seg *alt_segs;
	int			alt_nsegs;
} gs_region;

typedef struct gs_table
{
	const gai_template_def *tpl;
	int			table;			/* template table index */
	bool		header_wan;		/* the column header says 万元 (bare amounts are in 万元) */
	int			nregions;
	const gs_region *regions;
} gs_table;

typedef void (*gs_warn_fn) (void *arg, int line, const char *msg);

typedef struct gs_ctx
{
	gai_arena  *arena;			/* the parse's: candidates and raw texts */
	const gai_hooks *hooks;		/* alloc/free for scratch memory, tick to cancel */
	long		budget;			/* work units per table (0: GS_DEFAULT_BUDGET) */
	gs_warn_fn	warn;			/* may be NULL */
	void	   *warn_arg;
	/* what the last gs_solve found */
	long		work;
	bool		over_budget;	/* cells the rules might fix were left ambiguous */
	bool		inconsistent;	/* no reading satisfies every rule: rules not used */
	int			n_ok,
				n_blank,
				n_ambiguous,
				n_unreadable;
} gs_ctx;

/*
 * Work units of one table: DFS steps, DP transitions and states (each at most
 * a few hundred nanoseconds); scratch memory of one table is bounded too
 * (GS_SCRATCH_MAX bytes).  Past either, the table's cells the rule-free
 * reading does not fix are ambiguous, with a warning.
 */
#define GS_DEFAULT_BUDGET 3000000L
#define GS_SCRATCH_MAX ((size_t) 8 << 20)

/* Solve one table: every cell of its regions' rows is written into cells[]
 * (the template's cell array, indexed by template_cell_index). */
void		gs_solve(gs_ctx *ctx, const gs_table *t, gai_cell *cells);

/* ---- the template's hard rules as equations (rules.c) ---- */

#define GAI_EQ_MAX_CELLS 48

typedef struct gai_eq
{
	const char *rule;			/* rule code */
	const char *where;			/* "row received", "column total" */
	int			n;
	int			cell[GAI_EQ_MAX_CELLS];	/* template cell indexes */
	int8_t		coef[GAI_EQ_MAX_CELLS];	/* +1 (a total) or -1 (a part): Σ coef·cell = 0 */
} gai_eq;

/* The equations of the hard (error) sum rules whose cells all lie in one
 * template table; returns how many (at most max). */
int			rules_table_eqs(const gai_template_def *tpl, int table, gai_eq *out, int max);

/* ---- readers (glued.c) ---- */

/*
 * Glued web text and plain pdftotext: the table zones that look like either
 * are read here (each table solved by gs_solve); done[sec] is set for every
 * section whose table this read, so tables_read leaves it alone.  Returns the
 * layout it read (GAI_LAYOUT_GLUED, GAI_LAYOUT_CELLS) or GAI_LAYOUT_UNKNOWN.
 */
gai_layout	glued_read(gai_builder *b, bool done[GAI_SEC_COUNT]);

/* The templates' row labels for glued_read, built once (0, or -1: out of memory). */
int			glued_init(void);

/* The template named by labels inside glued text (tables_detect_template sees
 * no label there: they are run together with the values). */
gai_template_id glued_template(gai_builder *b);

#endif							/* GAI_SOLVER_H */
