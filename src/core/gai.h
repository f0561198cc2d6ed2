/*
 * gai.h — public interface of the gaireport core.
 *
 * The core is plain C99 plus ICU4C and never includes postgres.h: it is built
 * into the extension and, on its own, into the unit tests and the fuzzer.
 *
 * Pipeline (one file per stage):
 *   normalize.c  text -> NFKC, whitespace folded, invalid UTF-8 replaced (ICU)
 *   lines.c      lines with their original offsets, page noise dropped
 *   tokens.c     one reader per export shape -> a common token stream
 *   sections.c   headings and table zones
 *   tables.c     template detection and the three table readers
 *   value.c      one cell's text -> number / blank / unreadable
 *   rules.c      the arithmetic rules (勾稽关系) as data-driven equations
 *   meta.c       agency, year, title, dates
 *   report.c     drives the pipeline and owns the gai_report result
 * Template knowledge (labels, codes, units, rules) lives only in template.c.
 */
#ifndef GAI_H
#define GAI_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ memory */

/*
 * All memory of one parse comes from an arena whose blocks are obtained
 * through these hooks: malloc/free in the tests, palloc in a dedicated
 * memory context inside PostgreSQL (so an ereport() unwinding through the
 * core leaks nothing).  alloc must not return NULL: it either succeeds or
 * does not return (PostgreSQL), or the hook aborts (tests).
 */
typedef struct gai_hooks
{
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*free) (void *ctx, void *ptr);
	/* Called every few thousand lines so the host can cancel; may not return. */
	void		(*tick) (void *ctx);
	void	   *ctx;
	unsigned	flags;			/* GAI_* options below */
	/*
	 * Optional: run fn(arg) when the host releases this parse's memory, also
	 * after an error or a cancel that did not return (PostgreSQL: a memory
	 * context callback).  The core registers the release of what it holds
	 * outside its arena (libxml2's parser); fn is harmless after a normal end.
	 */
	void		(*defer) (void *ctx, void (*fn) (void *arg), void *arg);
	/*
	 * Optional: does the host want the parse to stop (a cancel is pending)?
	 * Asked where tick cannot run (inside libxml2's parser); the core then
	 * stops that parser and calls tick once it has returned.
	 */
	bool		(*interrupted) (void *ctx);
} gai_hooks;

/* Leave gai_section_text.content NULL: a caller that wants no narrative
 * saves copying it (sections, headings and lines are still found). */
#define GAI_SKIP_NARRATIVE 0x1

/* ------------------------------------------------------------------ enums */

typedef enum gai_template_id
{
	GAI_TEMPLATE_NONE = 0,
	GAI_TEMPLATE_2019 = 1,
	GAI_TEMPLATE_2021 = 2
} gai_template_id;

/* Room for template ids 1 .. GAI_TEMPLATE_SLOTS - 1: a future template is an
 * entry of template.c, and every per-template table is sized by this. */
#define GAI_TEMPLATE_SLOTS 8

typedef enum gai_section_id
{
	GAI_SEC_PREAMBLE = 0,
	GAI_SEC_OVERVIEW = 1,		/* 一、总体情况 */
	GAI_SEC_ACTIVE = 2,			/* 二、主动公开政府信息情况 */
	GAI_SEC_REQUESTS = 3,		/* 三、收到和处理政府信息公开申请情况 */
	GAI_SEC_APPEALS = 4,		/* 四、政府信息公开行政复议、行政诉讼情况 */
	GAI_SEC_PROBLEMS = 5,		/* 五、存在的主要问题及改进情况 */
	GAI_SEC_OTHER = 6,			/* 六、其他需要报告的事项 */
	GAI_SEC_COUNT = 7
} gai_section_id;

typedef enum gai_cell_status
{
	GAI_CELL_MISSING = 0,		/* not found in the text: no row is returned */
	GAI_CELL_OK = 1,			/* a number was read with certainty */
	GAI_CELL_BLANK = 2,			/* present but empty, "—", "/", "无" ... */
	GAI_CELL_UNREADABLE = 3,	/* present, but no certain number */
	GAI_CELL_AMBIGUOUS = 4		/* digits printed, but not where the cell ends: candidates listed */
} gai_cell_status;

typedef enum gai_severity
{
	GAI_SEV_ERROR = 0,
	GAI_SEV_WARNING = 1
} gai_severity;

typedef enum gai_layout
{
	GAI_LAYOUT_UNKNOWN = 0,
	GAI_LAYOUT_CELLS = 1,		/* one cell per line (Word -> text) */
	GAI_LAYOUT_ROWS = 2,		/* one row per line (PDF -> text -layout) */
	GAI_LAYOUT_MIXED = 3,		/* cells and rows */
	GAI_LAYOUT_HTML = 4,		/* the tables of a web page */
	GAI_LAYOUT_PIPES = 5,		/* pipe rows: | 规章 | 0 | 0 | (web text, markdown) */
	GAI_LAYOUT_GLUED = 6		/* web text, the cells of a row run together: 规章018469 */
} gai_layout;

/* ------------------------------------------------------------------ values */

/* A decimal number: mant / 10^scale.  Exact; no floating point anywhere. */
typedef struct gai_num
{
	int64_t		mant;
	int			scale;
} gai_num;

typedef struct gai_date
{
	int			y,
				m,
				d;				/* y == 0: no date */
} gai_date;

/* ------------------------------------------------------------------ result */

typedef struct gai_cell
{
	gai_section_id section;
	int			row;			/* template row index, -1 for a row the template lacks */
	int			col;			/* template column index within the row's table */
	gai_cell_status status;
	gai_num		value;			/* valid when status == GAI_CELL_OK */
	int			line;			/* 1-based input line holding the value */
	const char *raw;			/* the cell's text after normalisation */
	int			raw_len;
	const char *extra_label;	/* for row == -1: the label as printed (normalised) */
	int			extra_table;	/* for row == -1: template table index */
	bool		blank_as_zero;	/* set by rules.c when a rule counted this blank as 0 */
	bool		alt_absent;		/* MISSING because the report printed another form of the row */
	int			n_candidates;	/* AMBIGUOUS: the values the rules allow, ascending */
	const gai_num *candidates;
} gai_cell;

typedef struct gai_warning
{
	int			line;			/* 0 when not tied to a line */
	const char *text;
} gai_warning;

typedef struct gai_violation
{
	const char *rule;			/* spec rule code, or table.missing / cell.unreadable ... */
	gai_severity severity;
	gai_section_id section;
	const char *item;			/* cell codes, NULL when not applicable */
	const char *col;
	bool		has_values;
	gai_num		expected;
	gai_num		actual;
	const char *message;
} gai_violation;

typedef struct gai_section_text
{
	gai_section_id section;
	int			line;			/* heading line, or first line when no heading */
	const char *heading;		/* as printed (original text, trimmed), may be NULL */
	const char *content;		/* narrative text (original), table lines left out;
								 * NULL under GAI_SKIP_NARRATIVE */
} gai_section_text;

typedef struct gai_report
{
	bool		is_report;		/* at least one table of a known template was read */
	gai_template_id template_id;
	gai_layout	layout;
	const char *title;			/* NULL when the report has no title line */
	const char *agency;
	int			year;			/* 0 when unknown */
	gai_date	report_date;
	gai_date	period_start;
	gai_date	period_end;
	gai_date	published;		/* publication date of a web page (crawler header), y == 0 if none */

	/* Template cells, in template order; status MISSING when absent. */
	int			n_template_cells;
	gai_cell   *template_cells;
	/* Rows the template does not know (e.g. local procurement sub-rows). */
	int			n_extra_cells;
	gai_cell   *extra_cells;

	int			n_warnings;
	gai_warning *warnings;
	int			n_violations;
	gai_violation *violations;
	int			n_errors;		/* violations with severity error */

	int			n_sections;
	gai_section_text *sections;

	int			n_lines;
	int			invalid_utf8;	/* replaced byte sequences */
	bool		truncated;		/* input ended inside a table */
} gai_report;

/* Texts longer than this are not read (a warning says so): PostgreSQL's
 * limit for one value is 1 GB. */
#define GAI_MAX_TEXT ((size_t) 1 << 30)

/* One-time initialisation (builds ICU-derived tables and label indexes).
 * Returns 0 on success, or an ICU error name in *err. Idempotent. */
int			gai_init(const char **err);

/* Parse one report.  Never fails on any byte sequence: a text that holds no
 * report comes back with is_report == false and warnings saying why. */
gai_report *gai_parse_report(const char *text, size_t len, const gai_hooks *hooks);

/* Release everything gai_parse_report allocated. */
void		gai_report_free(gai_report *r, const gai_hooks *hooks);

/* Text of a decimal, e.g. "-18", "1751292.6"; buf must hold 32 bytes. */
const char *gai_num_format(gai_num n, char *buf);

/* Names for enum values ("2019", "cells", "requests", "ok" ...). */
const char *gai_template_name(gai_template_id t);
const char *gai_layout_name(gai_layout l);
const char *gai_section_code(gai_section_id s);
const char *gai_status_name(gai_cell_status s);
const char *gai_severity_name(gai_severity s);

/* Codes and labels of a template cell, for the SQL layer. */
const char *gai_cell_item_code(const gai_report *r, const gai_cell *c);
const char *gai_cell_col_code(const gai_report *r, const gai_cell *c);
const char *gai_cell_item_label(const gai_report *r, const gai_cell *c);
const char *gai_cell_col_label(const gai_report *r, const gai_cell *c);

/* The template's cells, for SQL (gai_codes): idx is 0-based in template order. */
typedef struct gai_cell_info
{
	gai_section_id section;
	const char *item;
	const char *col;
	const char *item_label;
	const char *col_label;
	const char *unit;			/* "count", "signed", "yuan" (元), "wan_yuan" (万元) */
	bool		alternative;	/* a row printed in place of others (2021 （六）其他处理 as one row):
								 * absent unless a report prints it */
} gai_cell_info;

int			gai_template_cell_count(gai_template_id t);
void		gai_template_cell(gai_template_id t, int idx, gai_cell_info *out);

/*
 * The rows of the requests table across both templates, in one fixed order
 * (the 2019 rows, then the rows only the 2021 template has): the first index
 * of gai_reports.requests.  Returns the count; labels may be NULL.
 */
int			gai_request_items(const char **codes, const char **labels, int max);
/* Position (0-based) of a requests row code in that order, -1 if none. */
int			gai_request_item_pos(const char *code);

/* Identity key of an agency name: its letters and digits (ICU), lower-cased.
 * Writes at most cap bytes (NUL included) and returns the key's length. */
size_t		gai_agency_key(const char *agency, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif							/* GAI_H */
