/*
 * tables.c — recognise the template and read its three tables.
 *
 * The readers work on the token stream of a zone (tokens.c), so one reader
 * serves every export shape.  Row tables (主动公开 blocks, 收到和处理申请)
 * resolve each row's label against the template, then take the values that
 * follow it.  The appeals table is a header grid followed by 15 values.
 *
 * Certainty first: a value is assigned to a cell only when its position is
 * certain.  A row with too many values, a row-per-line export with fewer
 * values than columns (blank cells cannot be placed) and a table whose
 * header holds numbers are read as unreadable, with a warning.
 */
#include "internal.h"
#include "solver.h"

#include <limits.h>
#include <string.h>

#define MAX_PENDING 6
#define MAX_COLS 16
#define MAP_COLS 64				/* grid columns a column map covers */
#define GEO_TABLES 16			/* template tables of one template */
#define MAX_DEFERRED 256

/* A row of layout text with fewer values than columns, placed once the table's columns are known. */
typedef struct deferred_row
{
	int			table;
	int			row;
	const char *extra_label;
	int			label_line;
	int			label_x1;		/* display column where the row's label ends on the values' line, -1 */
	int			n_vals;
	const gai_token *vals[MAX_COLS];
} deferred_row;

typedef struct row_reader
{
	gai_builder *b;
	gai_section_id sec;
	int			cur_table;		/* active blocks: table of the last anchor or row */
	bool		header_wan[16];
	/* labels seen since the last row */
	const gai_token *pending[MAX_PENDING];
	int			n_pending;
	/* the open row */
	bool		open;
	bool		overflow;
	bool		full;
	int			table;
	int			row;			/* -1: a row the template lacks */
	const char *extra_label;
	const gai_token *vals[MAX_COLS];
	int			n_vals;
	int			label_line;
	const gai_token *label_tok;	/* the row's label on its first value's line, or NULL */
	int			first_line;		/* table extent, for gai_sections */
	int			last_line;
	/* grids that know their columns: grid column -> template column, from the header */
	int			cmap_grid;		/* the grid the map was read from, -1 none */
	int			cmap_table;		/* the template table of its header labels */
	int			cmap_cols;		/* pipe rows: cells of the header row (rows of another width do not use the map) */
	int8_t		cmap[MAP_COLS];
	/*
	 * Layout text (pdftotext -layout, browser dumps): each table's value
	 * columns as display extents, from the rows that fill every column;
	 * rows with blank cells wait for them (deferred), and rows printed as a
	 * label alone may be rows of blanks.
	 */
	struct geo
	{
		int			table,
					page;		/* pdftotext -layout lays out each page anew */
		int			rows;
		int			one_space,	/* rows filling every column one space apart (lynx), and others */
					other_space;
		/* [0]: display columns (w3m, lynx: Han two wide); [1]: characters (pdftotext -layout) */
		int			lo[2][MAX_COLS],
					hi[2][MAX_COLS];
	}		   *geo;
	int			n_geo;
	bool		geo_header[GEO_TABLES];	/* a column header of the table was seen */
	int			first_row_li[GEO_TABLES];	/* line index of the table's first template row + 1 (0: none yet) */
	deferred_row *deferred;
	int			n_deferred;
	struct
	{
		int			table,
					row,
					line,
					li,
					page;
	}			blank_rows[MAX_DEFERRED];
	int			n_blank_rows;
	/* the rows opened by values: where their values stand, and whether they
	 * went to no template row (orphan) or stand off their label's line */
	struct
	{
		int			li,
					label_li;	/* line of its label (li when none) */
		bool		orphan,
					off_label;
	}			opened[MAX_DEFERRED];
	int			n_opened;
	/* layout values that went to no template row (a number wrapped in its cell: 428 / 0) */
	const gai_token *orphan_vals[MAX_DEFERRED];
	int			n_orphan_vals;
} row_reader;

static bool geo_known(const row_reader *rr);
static void geo_record(row_reader *rr);

static const gai_table_def *
tdef(gai_builder *b, int table)
{
	return &b->tpl->tables[table];
}

static void
mark_extent(gai_builder *b, int first_li, int last_li)
{
	for (int i = first_li; i <= last_li && i < b->doc.n_lines; i++)
		if (b->doc.lines[i].kind != LINE_HEADING)
			b->doc.lines[i].used = true;
}

static void
touch(row_reader *rr, const gai_token *t)
{
	if (rr->first_line < 0 || t->line_index < rr->first_line)
		rr->first_line = t->line_index;
	if (t->line_index > rr->last_line)
		rr->last_line = t->line_index;
}

static const char *
row_name(gai_builder *b, int table, int row, const char *extra)
{
	if (row < 0)
		return extra ? extra : "?";
	return tdef(b, table)->rows[row].code;
}

/* Store one cell of a row. */
static void
put_cell(row_reader *rr, int col, const gai_token *t, bool known_blank)
{
	gai_builder *b = rr->b;
	const gai_table_def *td = tdef(b, rr->table);
	gai_cell   *c;

	if (rr->row >= 0)
		c = &b->r->template_cells[template_cell_index(b->tpl, rr->table, rr->row, col)];
	else
	{
		c = vec_push(&b->arena, &b->extras, sizeof *c);
		memset(c, 0, sizeof *c);
		c->row = -1;
		c->extra_label = rr->extra_label;
		c->extra_table = rr->table;
	}
	c->section = td->section;
	c->row = rr->row;
	c->col = col;
	c->line = t->line;
	/* a copy: the token points into the line buffer, which it must not end */
	c->raw = arena_strpack(&b->arena, t->text, (size_t) t->len);
	c->raw_len = t->len;
	if (known_blank || t->kind == TK_EMPTY)
		c->status = GAI_CELL_BLANK;
	else
	{
		gai_cellval v = value_parse(t->text, t->len, &td->cols[col], rr->header_wan[rr->table]);

		c->status = v.status;
		c->value = v.num;
		if (v.status == GAI_CELL_UNREADABLE)
			gai_warn(b, t->line, "%s %s/%s: cannot read \"%.*s\" (%s)",
				 gai_section_code(td->section), row_name(b, rr->table, rr->row, rr->extra_label),
				 td->cols[col].code, c->raw_len, c->raw, v.why);
	}
}

static void
mark_row_unreadable(row_reader *rr, int line)
{
	gai_builder *b = rr->b;
	const gai_table_def *td = tdef(b, rr->table);
	gai_token	t = {.kind = TK_VALUE, .line = line, .text = "", .grid = -1, .col = -1, .span = 1};

	for (int c = 0; c < td->ncols; c++)
	{
		put_cell(rr, c, &t, false);
		/* put_cell parsed "" as blank; it is not known to be blank */
		if (rr->row >= 0)
			b->r->template_cells[template_cell_index(b->tpl, rr->table, rr->row, c)].status = GAI_CELL_UNREADABLE;
		else
			((gai_cell *) b->extras.data)[b->extras.n - 1].status = GAI_CELL_UNREADABLE;
	}
}

static void
cmap_reset(row_reader *rr, int grid)
{
	rr->cmap_grid = grid;
	rr->cmap_table = -1;
	rr->cmap_cols = 0;
	memset(rr->cmap, -1, sizeof rr->cmap);
}

/*
 * A header cell of a grid that knows its columns: the template column its
 * label names covers its grid columns.  A lower header row (the leaf under
 * 法人或其他组织) overwrites what a spanning one set.
 */
static void
cmap_header(row_reader *rr, const gai_token *t, const label_hit *hits, int n)
{
	if (t->col < 0)
		return;
	if (t->grid != rr->cmap_grid)
		cmap_reset(rr, t->grid);
	for (int k = 0; k < n; k++)
	{
		const gai_table_def *td = tdef(rr->b, hits[k].table);

		if (hits[k].kind != LK_COL || td->section != rr->sec)
			continue;
		/* the block's own columns first (主动公开 blocks share some labels) */
		if (rr->sec == GAI_SEC_ACTIVE && hits[k].table != rr->cur_table)
			continue;
		/* pipe rows: a header row of another width starts the map again */
		if (t->row_cols != rr->cmap_cols)
		{
			cmap_reset(rr, t->grid);
			rr->cmap_cols = t->row_cols;
		}
		rr->cmap_table = hits[k].table;
		for (int c = t->col; c < t->col + t->span && c < MAP_COLS; c++)
			rr->cmap[c] = (int8_t) hits[k].index;
		return;
	}
}

/*
 * The template column of a grid cell by the header: -1 when its columns map
 * to none, -2 when to several (a cell merged across template columns).
 */
static int
cmap_col(const row_reader *rr, const gai_token *t)
{
	int			found = -1;

	if (t->col < 0 || t->grid != rr->cmap_grid || rr->cmap_table != rr->table || t->row_cols != rr->cmap_cols)
		return -1;
	for (int c = t->col; c < t->col + t->span && c < MAP_COLS; c++)
	{
		if (rr->cmap[c] < 0)
			continue;
		if (found >= 0 && found != rr->cmap[c])
			return -2;
		found = rr->cmap[c];
	}
	return found;
}

/*
 * A grid row whose header does not name its columns (数据1 … 数据6, or no
 * header): the template's columns are the last ones of the row, the last at
 * the column the header's last template column stands on (总计) or else at
 * the row's last cell.  Empty cells left of them fill label columns; a value
 * there, or two cells on one column, and the row is read by counting.
 */
static bool
right_aligned(row_reader *rr)
{
	const gai_table_def *td = tdef(rr->b, rr->table);
	int			edge = -1;
	const gai_token *by_col[MAX_COLS] = {0};

	if (rr->vals[0]->row_cols > 0)
		edge = rr->vals[0]->row_cols - 1;	/* a pipe row: its last cell, blank or not */
	for (int c = 0; edge < 0 && c < MAP_COLS && rr->cmap_grid == rr->vals[0]->grid && rr->cmap_table == rr->table; c++)
		if (rr->cmap[c] == td->ncols - 1)
			edge = c;
	for (int v = 0; edge < 0 && v < rr->n_vals; v++)
		if (rr->vals[v]->col + rr->vals[v]->span - 1 > edge)
			edge = rr->vals[v]->col + rr->vals[v]->span - 1;
	for (int v = 0; v < rr->n_vals; v++)
	{
		const gai_token *t = rr->vals[v];
		int			c = td->ncols - 1 - (edge - t->col);

		if (t->col < 0 || t->span != 1 || c >= td->ncols)
			return false;
		if (c < 0)
		{
			if (t->kind == TK_EMPTY)
				continue;		/* filler under a label column */
			return false;
		}
		if (by_col[c])
			return false;
		by_col[c] = t;
	}
	for (int c = 0; c < td->ncols; c++)
		if (by_col[c])
			put_cell(rr, c, by_col[c], false);
	if (!by_col[0] || !by_col[td->ncols - 1])
		gai_warn(rr->b, rr->label_line, "%s %s: cells placed by their columns, some absent",
				 gai_section_code(td->section), row_name(rr->b, rr->table, rr->row, rr->extra_label));
	return true;
}

/*
 * Place a row's cells by their grid columns when the header maps every one
 * of them, else by right alignment; false when neither places them all (the
 * row is then read by counting).
 */
static bool
place_by_columns(row_reader *rr)
{
	const gai_table_def *td = tdef(rr->b, rr->table);
	int			at[MAX_COLS];
	const gai_token *by_col[MAX_COLS] = {0};
	bool		clash[MAX_COLS] = {0};

	if (rr->n_vals == 0 || rr->vals[0]->col < 0)
		return false;
	for (int v = 0; v < rr->n_vals; v++)
	{
		at[v] = cmap_col(rr, rr->vals[v]);
		if (at[v] == -1 || at[v] >= td->ncols)
			return right_aligned(rr);
	}
	for (int v = 0; v < rr->n_vals; v++)
	{
		if (at[v] == -2)
		{
			/* merged across template columns: blank in each, else unreadable in each */
			const gai_token *t = rr->vals[v];

			for (int c = t->col; c < t->col + t->span && c < MAP_COLS; c++)
				if (rr->cmap[c] >= 0 && rr->cmap[c] < td->ncols)
				{
					if (t->kind != TK_EMPTY && value_parse(t->text, t->len, &td->cols[rr->cmap[c]], false).status != GAI_CELL_BLANK)
						clash[rr->cmap[c]] = true;
					if (!by_col[rr->cmap[c]])
						by_col[rr->cmap[c]] = t;
					else
						clash[rr->cmap[c]] = true;
				}
			continue;
		}
		if (by_col[at[v]])
			clash[at[v]] = true;
		by_col[at[v]] = rr->vals[v];
	}
	for (int c = 0; c < td->ncols; c++)
	{
		if (!by_col[c])
			continue;
		put_cell(rr, c, by_col[c], false);
		if (clash[c])
		{
			gai_cell   *cell = rr->row >= 0 ?
				&rr->b->r->template_cells[template_cell_index(rr->b->tpl, rr->table, rr->row, c)] :
				&((gai_cell *) rr->b->extras.data)[rr->b->extras.n - 1];

			cell->status = GAI_CELL_UNREADABLE;
			gai_warn(rr->b, by_col[c]->line, "%s %s/%s: cell merged across columns or doubled; not read",
					 gai_section_code(td->section), row_name(rr->b, rr->table, rr->row, rr->extra_label),
					 td->cols[c].code);
		}
	}
	return true;
}

static void
close_row(row_reader *rr)
{
	gai_builder *b = rr->b;
	const gai_table_def *td;
	int			ncols;
	bool		cell_mode;

	if (!rr->open)
		return;
	rr->open = false;
	td = tdef(b, rr->table);
	ncols = td->ncols;
	cell_mode = rr->n_vals > 0 && rr->vals[0]->cell_mode;

	if (!rr->overflow && place_by_columns(rr))
		return;
	if (rr->n_vals > ncols)
		rr->overflow = true;
	if (rr->overflow)
	{
		gai_warn(b, rr->label_line, "%s %s: more values than its %d columns; row not read",
			 gai_section_code(td->section), row_name(b, rr->table, rr->row, rr->extra_label), ncols);
		mark_row_unreadable(rr, rr->n_vals ? rr->vals[0]->line : rr->label_line);
		return;
	}
	if (rr->n_vals == ncols)
	{
		if (!cell_mode && rr->table < GEO_TABLES && geo_known(rr))
			geo_record(rr);
		for (int c = 0; c < ncols; c++)
			put_cell(rr, c, rr->vals[c], false);
		return;
	}
	if (!cell_mode && geo_known(rr) && rr->table < GEO_TABLES && rr->n_deferred < MAX_DEFERRED)
	{
		/* placed by position once the table's columns are known (geo_resolve) */
		deferred_row *d;

		if (!rr->deferred)
			rr->deferred = arena_alloc(&b->arena, sizeof(deferred_row) * MAX_DEFERRED);
		d = &rr->deferred[rr->n_deferred++];
		d->table = rr->table;
		d->row = rr->row;
		d->extra_label = rr->extra_label;
		d->label_line = rr->label_line;
		d->label_x1 = rr->label_tok && rr->label_tok->x1 >= 0 ? rr->label_tok->x1 : -1;
		d->n_vals = rr->n_vals;
		memcpy(d->vals, rr->vals, sizeof(rr->vals[0]) * (size_t) rr->n_vals);
		return;
	}
	if (cell_mode)
	{
		/* one cell per line: the cells present are where they are */
		for (int c = 0; c < rr->n_vals; c++)
			put_cell(rr, c, rr->vals[c], false);
		gai_warn(b, rr->label_line, "%s %s: %d of %d cells present",
			 gai_section_code(td->section), row_name(b, rr->table, rr->row, rr->extra_label),
			 rr->n_vals, ncols);
		return;
	}
	gai_warn(b, rr->label_line, "%s %s: %d values for %d columns; blank cells cannot be placed, row not read",
		 gai_section_code(td->section), row_name(b, rr->table, rr->row, rr->extra_label),
		 rr->n_vals, ncols);
	mark_row_unreadable(rr, rr->vals[0]->line);
}

static bool
row_filled(row_reader *rr, int table, int row)
{
	gai_builder *b = rr->b;

	return b->r->template_cells[template_cell_index(b->tpl, table, row, 0)].status != GAI_CELL_MISSING;
}

/* Exact look-up of one label token. */
static int
exact_hits(gai_builder *b, const gai_token *t, label_hit *hits, int max)
{
	/* the key was hashed once, when the template was detected */
	int			id = t->key_id == -2 ? label_key_id(t->text, t->len) : t->key_id;

	return label_hits_of(b->tpl->id, id, hits, max);
}

/* The row a label names exactly (full label or label without ordinal). */
static bool
exact_row(row_reader *rr, const gai_token *t, bool full_only, label_hit *out)
{
	label_hit	hits[8];
	int			n = exact_hits(rr->b, t, hits, 8);
	bool		is_col = false;

	for (int i = 0; i < n; i++)
		if (hits[i].kind == LK_COL)
			is_col = true;
	for (int i = 0; i < n; i++)
	{
		if (hits[i].kind != LK_ROW || tdef(rr->b, hits[i].table)->section != rr->sec)
			continue;
		/* "其他" and "总计" are column headers; "3.其他" and "（七）总计" are rows */
		if ((full_only || is_col) && hits[i].stripped)
			continue;
		*out = hits[i];
		return true;
	}
	return false;
}

/*
 * A row printed in place of others (（六）其他处理 for its sub-rows) is that
 * row only when its label is the last text before the values: followed by a
 * sub-row's label, it is the group's heading.
 */
static bool
alt_row_ends_key(gai_builder *b, const label_hit *h, const char *key, int klen)
{
	const gai_row_def *row = &tdef(b, h->table)->rows[h->index];
	char		lk[256];
	int			n;

	if (!row->alt)
		return true;
	n = label_key(row->label, (int) strlen(row->label), lk, sizeof lk);
	return n > 0 && klen >= n && memcmp(key + klen - n, lk, (size_t) n) == 0;
}

/*
 * Labels joined over lines name the row only when the last of them is part
 * of the row's label: a previous row's whole label followed by this row's
 * first words (2.其他法律行政法规禁止公开 + 3.危及“三安全一稳) is not row 2.
 * The last label's first characters (two, or fewer when it is that short)
 * must stand in the row's label or one of its variants.
 */
/* Is the key a piece of a group label of the section's tables (度办, （四）无)? */
static bool
sec_group_piece(gai_builder *b, gai_section_id sec, const char *key, int len)
{
	for (int t = 0; t < b->tpl->ntables; t++)
		if (tdef(b, t)->section == sec && label_group_piece(b->tpl->id, t, key, len))
			return true;
	return false;
}

/*
 * Bytes of the longest piece of a group label at the start of t, of at most
 * max_chars characters and short of all of it (0: none).
 */
static int
group_piece_prefix(gai_builder *b, gai_section_id sec, const gai_token *t, int max_chars)
{
	int			piece = 0;

	/* a prefix of a piece is a piece: the first prefix that is none ends the search */
	for (int j = 0, chars = 0; j < t->len && chars < max_chars; chars++)
	{
		utf8_next(t->text, t->len, &j);
		if (j >= t->len || !sec_group_piece(b, sec, t->text, j))
			break;
		piece = j;
	}
	return piece;
}

/* The labels of pending[0..np) that are no piece of a group label, into kept; how many. */
static int
without_group_pieces(row_reader *rr, const gai_token *const *pending, int np, const gai_token **kept)
{
	int			nk = 0;

	for (int i = 0; i < np; i++)
		if (!sec_group_piece(rr->b, rr->sec, pending[i]->text, pending[i]->len))
			kept[nk++] = pending[i];
	return nk;
}

/*
 * Each of kept[0..nk) without the longest piece of a group label fused to its
 * start (理用、行政机关不再处, (六)其他2.申请人逾期未按收): the cut copies go to
 * cut and replace them in kept.  How many were cut.
 */
static int
cut_group_prefixes(row_reader *rr, const gai_token **kept, int nk, gai_token *cut)
{
	int			ncut = 0;

	for (int i = 0; i < nk; i++)
	{
		int			piece = group_piece_prefix(rr->b, rr->sec, kept[i], INT_MAX);

		if (piece > 0)
		{
			cut[ncut] = *kept[i];
			cut[ncut].text += piece;
			cut[ncut].len -= piece;
			kept[i] = &cut[ncut++];
		}
	}
	return ncut;
}

static bool
start_in_row(gai_builder *b, const label_hit *h, const char *s, int len)
{
	const gai_row_def *row = &tdef(b, h->table)->rows[h->index];
	char		lk[512];
	int			n = 0,
				chars = 0;

	while (n < len && chars < 2)
	{
		utf8_next(s, len, &n);
		chars++;
	}
	for (const char *names = row->label, *p; names; names = names == row->label ? row->aliases : NULL)
		for (p = names; p && *p;)
		{
			const char *bar = strchr(p, '|');
			int			l = bar ? (int) (bar - p) : (int) strlen(p);
			int			kl = label_key(p, l, lk, sizeof lk);

			if (kl > 0 && n > 0 && memmem(lk, (size_t) kl, s, (size_t) n))
				return true;
			p = bar ? bar + 1 : NULL;
		}
	return false;
}

/*
 * Labels joined over lines name the row only when the last of them is part
 * of the row's label: a previous row's whole label followed by this row's
 * first words (2.其他法律行政法规禁止公开 + 3.危及“三安全一稳) is not row 2.
 * The last label's first characters (two, or fewer when it is that short)
 * must stand in the row's label or one of its variants — after a piece of
 * a group label printed down the left and fused to it (本的，只计这一情形).
 */
static bool
label_holds_start(gai_builder *b, gai_section_id sec, const label_hit *h, const gai_token *last)
{
	int			piece;

	if (start_in_row(b, h, last->text, last->len))
		return true;

	/*
	 * Only after the longest piece (of four characters at most): the rest of
	 * a shorter one is the piece's own text (他 / 处理知要求… of （六）其他处理
	 * beside 2.申请人逾期未按收费通知要求…, where 处理 also stands in the row
	 * above: 1.…行政机关不再处理…).
	 */
	piece = group_piece_prefix(b, sec, last, 4);
	return piece > 0 && start_in_row(b, h, last->text + piece, last->len - piece);
}

/*
 * Resolve the labels seen since the last row: the last label alone first,
 * then the last two joined, and so on (wrapped and split labels); the first
 * join that names a row wins.  Labels pending[0..np) are used.
 */
static bool
resolve_labels(row_reader *rr, const gai_token *const *pending, int np, label_hit *best)
{
	char		key[2048];
	int			best_score = 0;

	if (np == 0)
		return false;
	if (exact_row(rr, pending[np - 1], false, best))
		return true;
	for (int s = 1; s <= np; s++)
	{
		int			klen = 0;
		label_hit	h;

		for (int i = np - s; i < np; i++)
		{
			const gai_token *t = pending[i];

			if (klen + t->len >= (int) sizeof key)
				break;
			memcpy(key + klen, t->text, t->len);
			klen += t->len;
		}
		/*
		 * The fewest labels that name a row: the last alone first, then
		 * joined with those before it (a label wrapped over lines).  A longer
		 * join would reach back to earlier rows' whole labels.
		 */
		if (label_best_row(rr->b->tpl->id, rr->sec, key, klen, &h) && h.score > best_score &&
			alt_row_ends_key(rr->b, &h, key, klen) &&
			(s == 1 || label_holds_start(rr->b, rr->sec, &h, pending[np - 1])))
		{
			best_score = h.score;
			*best = h;
			break;
		}
	}
	return best_score > 0;
}

/*
 * The labels since the last row name it; when they do not, the labels
 * without the pieces of a group label printed down the left (度办 of
 * 三、本年度办理结果, 其他处 / 理 of （六）其他处理), which stand between the
 * lines of a row label wrapped around its values, may.
 */
static bool
resolve_pending(row_reader *rr, label_hit *best)
{
	const gai_token *kept[MAX_PENDING];
	gai_token	cut[MAX_PENDING];
	int			nk;

	if (resolve_labels(rr, rr->pending, rr->n_pending, best))
		return true;
	nk = without_group_pieces(rr, rr->pending, rr->n_pending, kept);
	if (nk > 0 && nk < rr->n_pending && resolve_labels(rr, kept, nk, best))
		return true;
	/* then each label without a group label's piece fused to its start */
	return cut_group_prefixes(rr, kept, nk, cut) > 0 && resolve_labels(rr, kept, nk, best);
}

/* The full label of a row, exactly, from labels pending[0..np) joined (the last s of them, s >= s_min). */
static bool
joined_exact(row_reader *rr, const gai_token *const *pending, int np, int s_min, label_hit *out)
{
	char		key[1024];

	for (int s = s_min, klen; s <= np; s++)
	{
		label_hit	hits[8];
		int			n;
		bool		fits = true;

		klen = 0;
		for (int i = np - s; i < np && fits; i++)
		{
			fits = klen + pending[i]->len < (int) sizeof key;
			if (fits)
			{
				memcpy(key + klen, pending[i]->text, pending[i]->len);
				klen += pending[i]->len;
			}
		}
		if (!fits)
			return false;
		n = label_hits_of(rr->b->tpl->id, label_key_id(key, klen), hits, 8);
		for (int k = 0; k < n; k++)
			if (hits[k].kind == LK_ROW && !hits[k].stripped &&
				tdef(rr->b, hits[k].table)->section == rr->sec)
			{
				*out = hits[k];
				return true;
			}
	}
	return false;
}

/*
 * A row's full label on the lines since the last row, with no value beside
 * it: wrapped over label-only lines (2.其他法律行政法规 / 禁止公开), joined;
 * else without the pieces of a group label printed down the left between
 * them (4.保护第三方合法权 / （三）不予 益) or fused to their starts
 * ((三)不4.保护第三方合法权益).
 */
static bool
joined_row(row_reader *rr, label_hit *out)
{
	const gai_token *kept[MAX_PENDING];
	gai_token	cut[MAX_PENDING];
	int			nk;

	if (joined_exact(rr, rr->pending, rr->n_pending, 2, out))
		return true;
	nk = without_group_pieces(rr, rr->pending, rr->n_pending, kept);
	if (nk == 0 || kept[nk - 1]->line_index != rr->pending[rr->n_pending - 1]->line_index)
		return false;			/* the row's label ends on the line, or it is no row of blanks */
	if (nk < rr->n_pending && joined_exact(rr, kept, nk, 2, out))
		return true;
	return cut_group_prefixes(rr, kept, nk, cut) > 0 && joined_exact(rr, kept, nk, 1, out);
}

/* A label that can name a row holds a letter (Han or Latin), not only digits and marks. */
static bool
label_has_letters(const gai_token *t)
{
	for (int i = 0; i < t->len;)
	{
		int			cp = utf8_next(t->text, t->len, &i);

		if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0x2E80 && han_digit(cp) < 0))
			return true;
	}
	return false;
}

static void
open_row(row_reader *rr, const gai_token *first)
{
	gai_builder *b = rr->b;
	label_hit	h;
	const gai_token *label = rr->n_pending ? rr->pending[rr->n_pending - 1] : NULL;

	rr->open = true;
	rr->overflow = false;
	rr->full = false;
	rr->n_vals = 0;
	rr->extra_label = NULL;
	rr->label_line = label ? label->line : first->line;
	rr->label_tok = label && label->line_index == first->line_index ? label : NULL;
	if (resolve_pending(rr, &h))
	{
		rr->table = h.table;
		rr->row = h.index;
		if (h.table < GEO_TABLES && rr->first_row_li[h.table] == 0)
			rr->first_row_li[h.table] = (label ? label->line_index : first->line_index) + 1;
		if (tdef(b, h.table)->section == GAI_SEC_ACTIVE)
			rr->cur_table = h.table;
		if (row_filled(rr, h.table, h.index))
		{
			gai_warn(b, rr->label_line, "%s %s appears twice; the second is ignored",
				 gai_section_code(rr->sec), tdef(b, h.table)->rows[h.index].code);
			rr->row = -2;		/* swallow the values */
		}
	}
	else if (label && !label_has_letters(label))
	{
		/* "1", "(2)", "—": no name, so no row of its own */
		gai_warn(b, label->line, "%s: values after \"%.*s\", which names no row; not read",
				 gai_section_code(rr->sec), label->len, label->text);
		rr->row = -2;
	}
	else if (label)
	{
		/* a row the template lacks: keep it, under the current block */
		rr->table = rr->cur_table;
		rr->row = -1;
		rr->extra_label = arena_strndup(&b->arena, label->text, (size_t) label->len);
		gai_warn(b, label->line, "%s: row \"%s\" is not in the %s template; kept with item NULL",
			 gai_section_code(rr->sec), rr->extra_label, b->tpl->name);
	}
	else
	{
		gai_warn(b, first->line, "%s: values without a row label; not read", gai_section_code(rr->sec));
		rr->row = -2;
	}
	if (rr->n_opened < MAX_DEFERRED && !first->cell_mode)
	{
		rr->opened[rr->n_opened].li = first->line_index;
		rr->opened[rr->n_opened].label_li = label ? label->line_index : first->line_index;
		rr->opened[rr->n_opened].orphan = rr->row < 0;
		rr->opened[rr->n_opened].off_label = !label || label->line_index != first->line_index;
		rr->n_opened++;
	}
	rr->n_pending = 0;
}

static void
add_value(row_reader *rr, const gai_token *t)
{
	int			ncols;

	if (rr->row < 0 && t->kind == TK_VALUE && t->x0 >= 0 && t->col < 0 && !t->cell_mode &&
		rr->n_orphan_vals < MAX_DEFERRED)
		rr->orphan_vals[rr->n_orphan_vals++] = t;
	if (rr->row == -2)
		return;
	ncols = tdef(rr->b, rr->table)->ncols;
	if (t->col >= 0)
	{
		/* a grid row ends at its row end; its columns say where its cells go */
		if (rr->n_vals >= MAX_COLS)
			rr->overflow = true;
		else
			rr->vals[rr->n_vals++] = t;
		return;
	}
	if (rr->full || rr->n_vals >= ncols || rr->n_vals >= MAX_COLS)
	{
		rr->overflow = true;
		return;
	}
	rr->vals[rr->n_vals++] = t;
	if (rr->n_vals == ncols)
		rr->full = true;
}

static void
finish_open(row_reader *rr)
{
	if (rr->open && rr->row == -2)
		rr->open = false;
	close_row(rr);
}

/*
 * A cell that holds text where a value stands (十二, (1), abc): short or
 * number-like, and no label of the template.  The row tables read it as that
 * cell, unreadable, so the cells after it keep their columns.
 */
static bool
stray_text_cell(gai_builder *b, const gai_token *t)
{
	label_hit	hits[1];

	return (word_is_numberlike(t->text, t->len) || utf8_count(t->text, t->len) <= 6) &&
		exact_hits(b, t, hits, 1) == 0;
}

/*
 * In a one-cell-per-line row, is this label token such a cell?  It is when it
 * follows the row's values before the row is full, or comes right after a
 * template row's own label (the row's first cell).
 */
static bool
text_cell_in_row(row_reader *rr, const gai_token *t)
{
	const gai_token *last;
	label_hit	h;

	if (!t->cell_mode)
		return false;
	/* a grid cell under a value column of the header is that column's cell */
	if (t->col >= 0 && t->grid == rr->cmap_grid && t->col < MAP_COLS && rr->cmap[t->col] >= 0 &&
		(rr->open || rr->n_pending > 0))
	{
		label_hit	hits[1];

		if (exact_hits(rr->b, t, hits, 1) == 0)
			return true;
	}
	/* where the row's cells stand first (cheap), then the text (a scan), then the labels (look-ups) */
	if (rr->open)
		return rr->row != -2 && !rr->full && rr->n_vals > 0 && rr->vals[0]->cell_mode &&
			stray_text_cell(rr->b, t);
	if (rr->n_pending == 0)
		return false;
	last = rr->pending[rr->n_pending - 1];
	return last->cell_mode && t->line_index - last->line_index <= 1 && stray_text_cell(rr->b, t) &&
		exact_row(rr, last, false, &h) && !row_filled(rr, h.table, h.index);
}

/* ------------------------------------------------------------ layout geometry */

/* Do all the row's values know where they stand on their line? */
static bool
geo_known(const row_reader *rr)
{
	for (int v = 0; v < rr->n_vals; v++)
		if (rr->vals[v]->x0 < 0 || rr->vals[v]->col >= 0)
			return false;
	return rr->n_vals > 0;
}

/* Where a value stands: in display columns (model 0) or in characters (model 1). */
static int
gx0(const gai_token *t, int model)
{
	return model == 0 ? t->x0 : t->x0 - t->wide;
}

static int
gx1(const gai_token *t, int model)
{
	/* a value's own characters are narrow (digits, NFKC-folded) */
	return model == 0 ? t->x1 : t->x1 - t->wide;
}

#define MAX_GEO 64

/* The geometry of a table on a page, or NULL (create: make it when absent). */
static struct geo *
geo_of(row_reader *rr, int table, int page, bool create)
{
	for (int k = 0; k < rr->n_geo; k++)
		if (rr->geo[k].table == table && rr->geo[k].page == page)
			return &rr->geo[k];
	if (!create || rr->n_geo >= MAX_GEO)
		return NULL;
	if (!rr->geo)
		rr->geo = arena_alloc(&rr->b->arena, sizeof(struct geo) * MAX_GEO);
	memset(&rr->geo[rr->n_geo], 0, sizeof(struct geo));
	rr->geo[rr->n_geo].table = table;
	rr->geo[rr->n_geo].page = page;
	return &rr->geo[rr->n_geo++];
}

/* A row that fills every column: each column's extent grows to hold its value. */
static void
geo_record(row_reader *rr)
{
	struct geo *g = geo_of(rr, rr->table, rr->vals[0]->page, true);

	if (!g)
		return;
	{
		/* its cells one space apart, from the label on (lynx), or not */
		int			prev = rr->label_tok ? rr->label_tok->x1 : -1;
		bool		one = prev >= 0;

		for (int c = 0; c < rr->n_vals && one; c++)
		{
			one = rr->vals[c]->x0 - prev == 1;
			prev = rr->vals[c]->x1;
		}
		if (one)
			g->one_space++;
		else
			g->other_space++;
	}
	for (int m = 0; m < 2; m++)
		for (int c = 0; c < rr->n_vals; c++)
		{
			const gai_token *v = rr->vals[c];

			if (g->rows == 0 || gx0(v, m) < g->lo[m][c])
				g->lo[m][c] = gx0(v, m);
			if (g->rows == 0 || gx1(v, m) > g->hi[m][c])
				g->hi[m][c] = gx1(v, m);
		}
	g->rows++;
}

/*
 * Column centres from the fragments of the header's column labels: a header
 * wraps its labels in their cells (自然 / 人, 结果 / 维持), so each column's
 * fragments stand one above the other.  Every word of the lines above that
 * is part of a column label of the table (商业, 维持, 总计) is a point; the
 * points, sorted, fall into clusters a few columns apart.  True when they
 * make exactly `want` clusters (centres doubled, left to right).
 */
static bool
geo_from_fragments(row_reader *rr, int t, int from_li, int before_li, int want, int model, int *center2)
{
	gai_builder *b = rr->b;
	const gai_table_def *td = tdef(b, t);
	int			pts[256],
				npts = 0,
				nclusters = 0,
				sum = 0,
				cnt = 0;
	int			xmap[XMAP_MAX + 1],
				xwide[XMAP_MAX + 1];

	for (int li = before_li - 1; li >= from_li && li >= before_li - 24; li--)
	{
		const gai_line *ln = &b->doc.lines[li];

		if (ln->kind == LINE_NOISE && !b->doc.same_columns)
			break;				/* another page: its columns stand elsewhere */
		if (ln->kind != LINE_TEXT || !line_xmap(&b->doc, ln, xmap, xwide))
			continue;
		for (int i = 0; i < ln->len && npts < 256;)
		{
			int			ws;
			bool		part = false;

			while (i < ln->len && ln->text[i] == ' ')
				i++;
			ws = i;
			while (i < ln->len && ln->text[i] != ' ')
				i++;
			if (i == ws || utf8_count(ln->text + ws, i - ws) > 8)
				continue;
			for (int c = 0; c < td->ncols && !part; c++)
			{
				char		lk[128];
				int			kl = label_key(td->cols[c].label, (int) strlen(td->cols[c].label), lk, sizeof lk);

				part = kl > 0 && memmem(lk, (size_t) kl, ln->text + ws, (size_t) (i - ws)) != NULL;
			}
			if (part)
				pts[npts++] = model == 0 ? xmap[ws] + xmap[i] : (xmap[ws] - xwide[ws]) + (xmap[i] - xwide[i]);
		}
	}
	if (npts < want)
		return false;
	for (int x = 1; x < npts; x++)
		for (int y = x; y > 0 && pts[y] < pts[y - 1]; y--)
		{
			int			tmp = pts[y];

			pts[y] = pts[y - 1];
			pts[y - 1] = tmp;
		}
	/* a gap of more than two columns (four, doubled) starts a cluster */
	for (int k = 0; k <= npts; k++)
	{
		if (k == npts || (cnt > 0 && pts[k] - pts[k - 1] > 4))
		{
			if (nclusters >= want)
				return false;
			center2[nclusters++] = sum / cnt;
			sum = cnt = 0;
			if (k == npts)
				break;
		}
		sum += pts[k];
		cnt++;
	}
	return nclusters == want;
}

/*
 * Column centres from the table's header in the lines above its rows: each
 * column's label (or an alias) found in a line, at its display columns.
 * False unless every column is found, left to right.
 */
static bool
geo_from_header(row_reader *rr, int t, int before_li, int *center2, int model)
{
	gai_builder *b = rr->b;
	const gai_table_def *td = tdef(b, t);
	int			from = b->zone_start[rr->sec] >= 0 ? b->zone_start[rr->sec] : 0;

	for (int c = 0; c < td->ncols; c++)
	{
		bool		found = false;

		for (int li = before_li - 1; li >= from && li >= before_li - 40 && !found; li--)
		{
			const gai_line *ln = &b->doc.lines[li];
			const char *names = td->cols[c].label;

			if (ln->kind == LINE_NOISE && !b->doc.same_columns)
				break;			/* another page: its columns stand elsewhere */

			for (int pass = 0; pass < 2 && !found; pass++, names = td->cols[c].aliases)
			{
				for (const char *p = names; p && *p && !found;)
				{
					const char *bar = strchr(p, '|');
					int			n = bar ? (int) (bar - p) : (int) strlen(p);
					const char *hit = n > 0 && ln->len > 0 ? memmem(ln->text, (size_t) ln->len, p, (size_t) n) : NULL;

					if (hit)
					{
						/* in the model's units: display columns, or characters */
						int			x0 = ln->indent,
									w = 0;

						for (int i = 0; i < (int) (hit - ln->text);)
							x0 += (unsigned char) ln->text[i] < 0x80 ? (i++, 1) :
								model == 0 ? cp_width(utf8_next(ln->text, ln->len, &i)) : (utf8_next(ln->text, ln->len, &i), 1);
						for (int i = 0; i < n;)
							w += (unsigned char) p[i] < 0x80 ? (i++, 1) :
								model == 0 ? cp_width(utf8_next(p, n, &i)) : (utf8_next(p, n, &i), 1);
						center2[c] = 2 * x0 + w;
						found = true;
					}
					p = bar ? bar + 1 : NULL;
				}
			}
		}
		if (!found || (c > 0 && center2[c] <= center2[c - 1]))
			return false;
	}
	return true;
}

/*
 * Do a deferred row's values each fall whole within one band, left to right
 * (bands end at edge2[c] / 2; the first starts at edge2[-1] / 2 and the
 * last ends at edge2[nc - 1] / 2: a word left of the first column stands
 * among the labels, none of its cells)?  Their columns in at[].  edge2
 * holds nc + 1 entries from edge2[-1].
 */
static bool
bands_fit(const deferred_row *d, const int *edge2, int nc, int model, int *at)
{
	for (int v = 0; v < d->n_vals; v++)
	{
		int			x0 = 2 * gx0(d->vals[v], model),
					x1 = 2 * gx1(d->vals[v], model);

		at[v] = 0;
		if (x0 < edge2[-1] || x1 > edge2[nc - 1])
			return false;
		while (at[v] + 1 < nc && x0 >= edge2[at[v]])
			at[v]++;
		if (!((at[v] + 1 >= nc || x1 <= edge2[at[v]]) && (at[v] == 0 || x0 >= edge2[at[v] - 1]) &&
			  (v == 0 || at[v] > at[v - 1])))
			return false;
	}
	return true;
}

/* The outer edges of the bands from the columns' centres: half a column's spacing out. */
static void
outer_edges(const int *center2, int nc, int *edge2)
{
	edge2[-1] = center2[0] - (center2[1] - center2[0]) / 2;
	edge2[nc - 1] = center2[nc - 1] + (center2[nc - 1] - center2[nc - 2]) / 2;
}

/*
 * Word boxes: the centres of a table's columns from its header above its
 * first row (before_li), by the columns' labels or their fragments.
 */
static bool
header_centres(row_reader *rr, int t, int before_li, int *center2)
{
	int			from = rr->b->zone_start[rr->sec] >= 0 ? rr->b->zone_start[rr->sec] : 0;

	return geo_from_header(rr, t, before_li, center2, 0) ||
		geo_from_fragments(rr, t, from, before_li, tdef(rr->b, t)->ncols, 0, center2);
}

/*
 * Is a row printed as its label alone on line li clear of values that may be
 * its own: values that went to no template row between the template rows
 * read above and below it, or values off their label's line next to it?
 */
static bool
blank_row_alone(const row_reader *rr, int li)
{
	int			above = -1,
				below = INT_MAX;

	for (int k = 0; k < rr->n_opened; k++)
		if (!rr->opened[k].orphan)
		{
			if (rr->opened[k].li < li && rr->opened[k].li > above)
				above = rr->opened[k].li;
			if (rr->opened[k].li > li && rr->opened[k].li < below)
				below = rr->opened[k].li;
		}
	for (int k = 0; k < rr->n_opened; k++)
	{
		int			d = rr->opened[k].li - li;

		if (rr->opened[k].orphan && rr->opened[k].li > above && rr->opened[k].li < below)
			return false;
		/* values off their label's line next to it, unless their own label stands between */
		if (rr->opened[k].off_label && d >= -2 && d <= 2 &&
			!(rr->opened[k].label_li > (d > 0 ? li : rr->opened[k].li) &&
			  rr->opened[k].label_li < (d > 0 ? rr->opened[k].li : li)))
			return false;
	}
	return true;
}

/*
 * The values' extents in a width model, sorted by left edge, clustered:
 * extents that overlap or nearly touch (one column apart) are one column.
 * Returns the number of clusters (at most max + 1: more are not counted);
 * cl[k] is the cluster of val[k].  *tight: every cluster is no wider than
 * its widest value and one column (values standing one under the other, not
 * a chain of values each a little further on).
 */
static int
value_clusters(const gai_token **val, int n, int model, int max, int *lo, int *hi, int *cl, bool *tight)
{
	int			ncl = 0,
				widest[MAX_COLS + 1];

	*tight = true;
	for (int a = 1; a < n; a++)
		for (int c = a; c > 0 && gx0(val[c], model) < gx0(val[c - 1], model); c--)
		{
			const gai_token *t = val[c];

			val[c] = val[c - 1];
			val[c - 1] = t;
		}
	for (int k = 0; k < n; k++)
	{
		int			x0 = gx0(val[k], model),
					x1 = gx1(val[k], model);

		if (ncl > 0 && x0 <= hi[ncl - 1] + 1)
		{
			if (x1 > hi[ncl - 1])
				hi[ncl - 1] = x1;
			if (x1 - x0 > widest[ncl - 1])
				widest[ncl - 1] = x1 - x0;
			*tight = *tight && hi[ncl - 1] - lo[ncl - 1] <= widest[ncl - 1] + 1;
			cl[k] = ncl - 1;
			continue;
		}
		if (ncl == max + 1)
			return max + 2;
		lo[ncl] = x0;
		hi[ncl] = x1;
		widest[ncl] = x1 - x0;
		cl[k] = ncl++;
	}
	return ncl;
}

/*
 * A table's columns from where its rows' values stand, when no row fills
 * every column: the values of all its rows on the page (deferred),
 * clustered.  Only when they make exactly as many columns as the table has,
 * each apart from the next by two columns at least: then every column holds
 * a value of some row, and a column's values are not split in two nor two
 * columns made one, and the columns must be tight (a column no wider than
 * its widest value and one column).  Layout text that is not word boxes is
 * also clustered in the other width model: tight there too but into another
 * number of columns, it may be the text's model (a longer label before a
 * value moves it right in display columns only, not in pdftotext's
 * characters), and no column is certain.  The band edges in edge2 (as
 * bands_fit takes them).
 */
static bool
geo_from_values(row_reader *rr, int table, int page, int model, int *edge2)
{
	const gai_table_def *td = tdef(rr->b, table);
	int			nc = td->ncols;
	const gai_token *val[256];
	int			n = 0,
				lo[MAX_COLS + 2],
				hi[MAX_COLS + 2],
				cl[256];
	bool		tight,
				other_tight;

	for (int k = 0; k < rr->n_deferred; k++)
	{
		const deferred_row *d = &rr->deferred[k];

		if (d->table != table || d->vals[0]->page != page)
			continue;
		for (int v = 0; v < d->n_vals; v++)
		{
			if (n == 256)
				return false;
			val[n++] = d->vals[v];
		}
	}
	if (n < nc)
		return false;
	if (!rr->b->doc.same_columns)
	{
		int			other = value_clusters(val, n, 1 - model, nc, lo, hi, cl, &other_tight);

		/* as many columns in both: each row is placed by both, which must agree */
		if (other_tight && other != nc && other <= nc + 1)
			return false;
	}
	if (value_clusters(val, n, model, nc, lo, hi, cl, &tight) != nc || !tight)
		return false;
	for (int c = 0; c + 1 < nc; c++)
		if (lo[c + 1] - hi[c] < 2)
			return false;
	for (int c = 0; c + 1 < nc; c++)
		edge2[c] = hi[c] + lo[c + 1];
	edge2[-1] = 2 * lo[0] - (lo[1] - hi[0]);
	edge2[nc - 1] = 2 * hi[nc - 1] + (lo[nc - 1] - hi[nc - 2]);
	return true;
}

/*
 * Does a value that went to no template row, on the line next to a placed
 * row, stand under one of the row's blank cells (4280 wrapped in its cell as
 * 428 / 0 around the row's other values)?  Then that cell is not known blank.
 */
static bool
orphan_under_blank(const row_reader *rr, const deferred_row *d, const int *at, const int *edge2, int nc, int model)
{
	int			li = d->vals[0]->line_index;

	for (int k = 0; k < rr->n_orphan_vals; k++)
	{
		const gai_token *o = rr->orphan_vals[k];
		int			x0 = 2 * gx0(o, model),
					x1 = 2 * gx1(o, model);

		if (o->line_index < li - 1 || o->line_index > li + 1)
			continue;
		for (int c = 0, v = 0; c < nc; c++)
		{
			if (v < d->n_vals && at[v] == c)
			{
				v++;
				continue;
			}
			if (x0 < edge2[c] && x1 > edge2[c - 1])
				return true;
		}
	}
	return false;
}

/*
 * Does every value of the table's deferred rows on the page stand centred
 * under a column label (centres a column and a half apart at most; doubled
 * in center2), under two labels or more, and a row's two values or more
 * under theirs?  One value under a label may be there by chance (lynx
 * writes a row's cells one space apart, whatever its header: its values
 * stand too close together to stand under two labels).
 */
static bool
values_under_labels(const row_reader *rr, int table, int page, const int *center2, int nc)
{
	bool		used[MAX_COLS] = {0},
				row_of_two = false;
	int			nused = 0;

	for (int k = 0; k < rr->n_deferred; k++)
	{
		const deferred_row *d = &rr->deferred[k];

		if (d->table != table || d->vals[0]->page != page)
			continue;
		row_of_two |= d->n_vals >= 2;
		for (int v = 0; v < d->n_vals; v++)
		{
			int			c2 = gx0(d->vals[v], 0) + gx1(d->vals[v], 0);
			int			under = -1;

			for (int c = 0; c < nc && under < 0; c++)
				if (c2 - center2[c] <= 3 && center2[c] - c2 <= 3)
					under = c;
			if (under < 0)
				return false;
			if (!used[under])
				nused++;
			used[under] = true;
		}
	}
	return nused >= 2 && row_of_two;
}

/*
 * A row whose cells stand one space apart (lynx): a blank cell widens the
 * gap by two (a space for the cell, one after it), so a gap of 2k + 1
 * spaces holds k blank cells, from the label on; the cells after the last
 * value are blank.  False when a gap is even or the row has more cells than
 * the table columns.
 */
static bool
one_space_place(const deferred_row *d, int nc, int *at)
{
	int			prev = d->label_x1,
				pos = 0;

	if (prev < 0)
		return false;
	for (int v = 0; v < d->n_vals; v++)
	{
		int			gap = d->vals[v]->x0 - prev;

		if (d->vals[v]->x0 < 0 || gap < 1 || gap % 2 == 0)
			return false;
		pos += (gap - 1) / 2;
		if (pos >= nc)
			return false;
		at[v] = pos++;
		prev = d->vals[v]->x1;
	}
	return true;
}

/*
 * Is a table on a page printed one space apart (lynx): its rows that fill
 * every column all so, and every row of it with blank cells placed so, with
 * no value that went to no row on the line below or above one (a row
 * wrapped onto the next line)?
 */
static bool
one_space_table(const row_reader *rr, const struct geo *g, int table, int page, int nc)
{
	int			at[MAX_COLS];

	if (!g || g->one_space == 0 || g->other_space > 0)
		return false;
	for (int k = 0; k < rr->n_deferred; k++)
	{
		const deferred_row *d = &rr->deferred[k];
		int			li = d->vals[0]->line_index;

		if (d->table != table || d->vals[0]->page != page)
			continue;
		if (!one_space_place(d, nc, at))
			return false;
		for (int o = 0; o < rr->n_orphan_vals; o++)
			if (rr->orphan_vals[o]->line_index >= li - 1 && rr->orphan_vals[o]->line_index <= li + 1)
				return false;
	}
	return true;
}

/* Does equation e hold (1), fail (0), or not tell (-1: a cell not known)? */
static int
eq_holds(const gai_builder *b, const gai_eq *e)
{
	gai_num		lhs = {0},
				rhs = {0};

	for (int k = 0; k < e->n; k++)
	{
		const gai_cell *c = &b->r->template_cells[e->cell[k]];

		/* a blank counts 0; a row of the form the report did not print takes no part */
		if (c->status == GAI_CELL_BLANK || (c->status == GAI_CELL_MISSING && c->alt_absent))
			continue;
		if (c->status != GAI_CELL_OK || !num_add(e->coef[k] > 0 ? &lhs : &rhs, c->value))
			return -1;
	}
	return num_cmp(lhs, rhs) == 0;
}

/* Does equation e join cells of two rows or more (a column's sum), and hold cell idx? */
static bool
column_eq_of(const gai_builder *b, const gai_eq *e, int idx)
{
	bool		has = false,
				rows = false;

	for (int k = 0; k < e->n; k++)
	{
		has |= e->cell[k] == idx;
		rows |= b->r->template_cells[e->cell[k]].row != b->r->template_cells[e->cell[0]].row;
	}
	return has && rows;
}

/*
 * Rows placed by clustered values alone (no row filled every column, no
 * header placed them) are kept only where the arithmetic confirms them: each
 * cell in a column sum that holds with every cell known, and in none that
 * fails.  pdftotext -layout moves a value right after a long label, so one
 * column's values may stand in two clusters while another column is blank
 * in every row: as many clusters as columns, each column one off.  Row sums
 * cannot tell (they hold wherever the blanks go); a column sum can.  A table
 * without column sums (二) keeps none of them.  Demoting a row can take
 * another's confirmation away: repeated until nothing changes.
 */
static void
confirm_by_rules(row_reader *rr, const bool *by_values)
{
	gai_builder *b = rr->b;
	gai_eq	   *eqs = NULL;
	int			neqs = 0,
				eq_table = -1;
	bool		demoted[MAX_DEFERRED] = {0},
				changed = true;

	while (changed)
	{
		changed = false;
		for (int k = 0; k < rr->n_deferred; k++)
		{
			const deferred_row *d = &rr->deferred[k];
			const gai_table_def *td = tdef(b, d->table);
			bool		doubt = false;

			if (!by_values[k] || demoted[k])
				continue;
			if (d->table != eq_table)
			{
				if (!eqs)
					eqs = arena_alloc(&b->arena, sizeof(gai_eq) * 64);
				neqs = rules_table_eqs(b->tpl, d->table, eqs, 64);
				eq_table = d->table;
				rules_mark_alternatives(b, d->table);
			}
			for (int c = 0; c < td->ncols && !doubt; c++)
			{
				int			idx = template_cell_index(b->tpl, d->table, d->row, c);
				const gai_cell *cell = &b->r->template_cells[idx];
				bool		holds = false;

				/*
				 * A blank needs no sum: it stands where no value is.  A printed
				 * 0 gets none: it moves from column to column (and trades places
				 * with a blank) without changing any sum.
				 */
				if (cell->status == GAI_CELL_BLANK)
					continue;
				if (cell->status == GAI_CELL_OK && cell->value.mant == 0)
				{
					doubt = true;
					break;
				}

				for (int q = 0; q < neqs && !doubt; q++)
					if (column_eq_of(b, &eqs[q], idx))
					{
						int			r = eq_holds(b, &eqs[q]);

						holds |= r == 1;
						doubt |= r == 0;
					}
				doubt |= !holds;
			}
			if (!doubt)
				continue;
			gai_warn(b, d->label_line, "%s %s: placed only by where the values of other rows stand, and no column sum confirms it; row not read",
					 gai_section_code(td->section), row_name(b, d->table, d->row, d->extra_label));
			for (int c = 0; c < td->ncols; c++)
			{
				gai_cell   *cell = &b->r->template_cells[template_cell_index(b->tpl, d->table, d->row, c)];

				if (cell->status == GAI_CELL_OK || cell->status == GAI_CELL_BLANK)
					cell->status = GAI_CELL_UNREADABLE;
			}
			demoted[k] = changed = true;
		}
	}
}

/*
 * Place the deferred rows of layout text: a value belongs to the column
 * whose band holds it whole (bands meet midway between the columns); a value
 * across a band's edge, or two in one band, and the row is unreadable.  The
 * columns without a value are blank.  Then rows printed as a label alone in
 * a table whose columns are known are rows of blanks.
 */
static void
geo_resolve(row_reader *rr)
{
	gai_builder *b = rr->b;
	bool		placed_on_label_line[MAX_DEFERRED] = {0};
	bool		by_values[MAX_DEFERRED] = {0};

	for (int k = 0; k < rr->n_deferred; k++)
	{
		deferred_row *d = &rr->deferred[k];
		const gai_table_def *td = tdef(b, d->table);
		int			nc = td->ncols;
		int			at[MAX_COLS];
		int			fit_edges[MAX_COLS + 1],
					fit_model = 0;
		bool		ok = false,
					weak = true,	/* every model that placed it did so by clustered values alone */
					spaced;
		struct geo *g = geo_of(rr, d->table, d->vals[0]->page, false);

		rr->table = d->table;
		rr->row = d->row;
		rr->extra_label = d->extra_label;
		rr->label_line = d->label_line;
		rr->n_vals = d->n_vals;
		memcpy(rr->vals, d->vals, sizeof(d->vals[0]) * (size_t) d->n_vals);

		/*
		 * A table printed one space apart (lynx) places a row by its gaps
		 * alone: each row's values start after its own label, so bands made
		 * from other rows' values put a row with a longer label too far right.
		 */
		spaced = one_space_table(rr, g, d->table, d->vals[0]->page, nc) && one_space_place(d, nc, at);
		if (spaced)
		{
			fit_model = -1;
			ok = true;
			weak = false;
		}
		/*
		 * Else both width models are tried; a model places the row only when
		 * every value falls whole within one column's band, left to right.
		 * When both place it they must agree (a table whose rows all start
		 * alike cannot tell the models apart).  Word boxes stand at their
		 * places on the page: display columns only.
		 */
		for (int model = 0; !spaced && model < (b->doc.same_columns ? 1 : 2); model++)
		{
			int			edges[MAX_COLS + 1],
					   *edge2 = edges + 1;	/* doubled: the band of column c ends at edge2[c] / 2 */
			int			try_at[MAX_COLS];
			bool		fits = true,
						from_values = false;

			if (g && g->rows > 0)
			{
				for (int c = 0; c + 1 < nc && fits; c++)
				{
					fits = g->hi[model][c] <= g->lo[model][c + 1];
					edge2[c] = g->hi[model][c] + g->lo[model][c + 1];
				}
				if (fits)
				{
					/* half the gap to the next column out, one column at least */
					int			gl = g->lo[model][1] - g->hi[model][0],
								gr = g->lo[model][nc - 1] - g->hi[model][nc - 2];

					edge2[-1] = 2 * g->lo[model][0] - (gl > 2 ? gl : 2);
					edge2[nc - 1] = 2 * g->hi[model][nc - 1] + (gr > 2 ? gr : 2);
				}
			}
			else
			{
				int			center2[MAX_COLS];

				/*
				 * The header's labels, or their fragments: only for word boxes,
				 * whose header and values stand on the page's own scale.  Layout
				 * text lays a header's wide text and a row's digits out on scales
				 * that need not agree (tried: even with every row of the table
				 * checked against them, a label led to a wrong column).
				 */
				int			from = b->zone_start[rr->sec] >= 0 ? b->zone_start[rr->sec] : 0;
				int			before = d->vals[0]->line_index;

				/*
				 * The header stands above the table's first row: the labels
				 * of later rows (（六）其他处理, （七）总计) hold column labels'
				 * words, and a header far above a row is still its header.
				 */
				if (d->table < GEO_TABLES && rr->first_row_li[d->table] > 0 &&
					rr->first_row_li[d->table] - 1 < before)
					before = rr->first_row_li[d->table] - 1;
				fits = b->doc.same_columns && model == 0 &&
					(geo_from_header(rr, d->table, before, center2, model) ||
					 geo_from_fragments(rr, d->table, from, before, nc, model, center2));
				/*
				 * A browser's dump (no page breaks: not pdftotext) centres a
				 * header's labels and the values under them in display
				 * columns: its header places them when every value of the
				 * table on the page stands centred under a label.
				 */
				if (!fits && !b->doc.same_columns && !b->doc.form_feeds && model == 0 &&
					(geo_from_header(rr, d->table, before, center2, model) ||
					 geo_from_fragments(rr, d->table, from, before, nc, model, center2)))
					fits = values_under_labels(rr, d->table, d->vals[0]->page, center2, nc);
				for (int c = 0; c + 1 < nc && fits; c++)
					edge2[c] = (center2[c] + center2[c + 1]) / 2;
				if (fits)
					outer_edges(center2, nc, edge2);
				else
					fits = from_values = geo_from_values(rr, d->table, d->vals[0]->page, model, edge2);
			}
			fits = fits && bands_fit(d, edge2, nc, model, try_at);
			if (!fits)
				continue;
			if (ok && memcmp(at, try_at, sizeof(int) * (size_t) d->n_vals) != 0)
			{
				ok = false;		/* the models disagree: no certain place */
				break;
			}
			memcpy(at, try_at, sizeof(int) * (size_t) d->n_vals);
			memcpy(fit_edges, edges, sizeof edges);
			fit_model = model;
			ok = true;
			weak = weak && from_values;
		}
		if (!ok)
		{
			gai_warn(b, d->label_line, "%s %s: %d values for %d columns, not each within one column; row not read",
					 gai_section_code(td->section), row_name(b, d->table, d->row, d->extra_label), d->n_vals, nc);
			mark_row_unreadable(rr, d->vals[0]->line);
			continue;
		}
		if (fit_model >= 0 && orphan_under_blank(rr, d, at, fit_edges + 1, nc, fit_model))
		{
			gai_warn(b, d->label_line, "%s %s: a value on the line above or below stands under a blank cell of the row; row not read",
					 gai_section_code(td->section), row_name(b, d->table, d->row, d->extra_label));
			mark_row_unreadable(rr, d->vals[0]->line);
			continue;
		}
		if (d->vals[0]->line == d->label_line)
			placed_on_label_line[k] = true;
		by_values[k] = weak && fit_model >= 0 && d->row >= 0;
		for (int c = 0, v = 0; c < nc; c++)
		{
			if (v < d->n_vals && at[v] == c)
				put_cell(rr, c, d->vals[v++], false);
			else
			{
				gai_token	blank = {.kind = TK_EMPTY, .line = d->vals[0]->line, .text = "", .grid = -1,
				.col = -1, .span = 1, .x0 = -1, .x1 = -1};

				put_cell(rr, c, &blank, true);
			}
		}
	}
	for (int k = 0; k < rr->n_blank_rows; k++)
	{
		int			t = rr->blank_rows[k].table;
		const gai_table_def *td = tdef(b, t);

		struct geo *g = geo_of(rr, t, rr->blank_rows[k].page, false);
		int			center2[MAX_COLS];

		/*
		 * Only where rows of this table print their values on their label's
		 * line (a row fills every column, or a row with blank cells on the
		 * page was placed on its label's line), or word boxes under a header
		 * that places every column; and not beside values that went to no
		 * row or stand off their label's line: those may be this row's.
		 */
		bool		on_line = false;

		for (int q = 0; q < rr->n_deferred && !on_line; q++)
			on_line = placed_on_label_line[q] && rr->deferred[q].table == t &&
				rr->deferred[q].vals[0]->page == rr->blank_rows[k].page;
		if (row_filled(rr, t, rr->blank_rows[k].row) || !blank_row_alone(rr, rr->blank_rows[k].li))
			continue;
		if ((!g || g->rows == 0) && !on_line &&
			!(b->doc.same_columns && t < GEO_TABLES &&
			  header_centres(rr, t, rr->first_row_li[t] > 0 ? rr->first_row_li[t] - 1 : rr->blank_rows[k].li,
							 center2)))
			continue;
		rr->table = t;
		rr->row = rr->blank_rows[k].row;
		for (int c = 0; c < td->ncols; c++)
		{
			gai_token	blank = {.kind = TK_EMPTY, .line = rr->blank_rows[k].line, .text = "", .grid = -1,
			.col = -1, .span = 1, .x0 = -1, .x1 = -1};

			put_cell(rr, c, &blank, true);
		}
	}
	confirm_by_rules(rr, by_values);
}

/* Does a value follow token i before its row ends? */
static bool
value_later_in_row(const gai_tokens *tk, int i)
{
	for (int k = i + 1; k < tk->n && tk->tok[k].kind != TK_BREAK; k++)
		if (tk->tok[k].kind == TK_VALUE)
			return true;
	return false;
}

static void
read_row_table(gai_builder *b, gai_section_id sec, const gai_tokens *tk)
{
	row_reader	rr;

	memset(&rr, 0, sizeof rr);
	rr.b = b;
	rr.sec = sec;
	rr.first_line = -1;
	rr.last_line = -1;
	rr.cur_table = -1;
	cmap_reset(&rr, -1);
	for (int t = 0; t < b->tpl->ntables; t++)
		if (b->tpl->tables[t].section == sec)
		{
			rr.cur_table = t;
			break;
		}
	if (rr.cur_table < 0)
		return;

	for (int i = 0; i < tk->n; i++)
	{
		const gai_token *t = &tk->tok[i];

		gai_tick(&b->doc, i);
		/* the table starts at its zone's first cell (a note such as 勾稽关系 included) */
		if (rr.first_line < 0 && t->kind != TK_BREAK)
			touch(&rr, t);
		switch (t->kind)
		{
			case TK_LABEL:
				{
					label_hit	hits[8];
					int			n;

					if (text_cell_in_row(&rr, t))
					{
						if (!rr.open)
							open_row(&rr, t);
						add_value(&rr, t);
						touch(&rr, t);
						break;
					}
					n = exact_hits(b, t, hits, 8);
					finish_open(&rr);
					for (int k = 0; k < n; k++)
						if (hits[k].kind == LK_ANCHOR && sec == GAI_SEC_ACTIVE)
						{
							rr.cur_table = hits[k].table;
							rr.n_pending = 0;
							cmap_reset(&rr, t->grid);
							touch(&rr, t);
							goto next;
						}
					cmap_header(&rr, t, hits, n);
					for (int k = 0; k < n; k++)
						if (hits[k].kind == LK_COL && hits[k].table < GEO_TABLES &&
							tdef(b, hits[k].table)->section == sec)
							rr.geo_header[hits[k].table] = true;
					/* a column header in 万元 changes the unit of its block's amounts */
					if (sec == GAI_SEC_ACTIVE && memmem(t->text, t->len, gai_wan_yuan, sizeof gai_wan_yuan - 1))
						rr.header_wan[rr.cur_table] = true;
					for (int k = 0; k < n; k++)
						if (hits[k].kind == LK_COL || hits[k].kind == LK_ROW || hits[k].kind == LK_GROUP)
							touch(&rr, t);
					if (n == 0 && label_mask_of(t->key_id) != 0)
						gai_warn(b, t->line, "label \"%.*s\" belongs to another template than %s",
							 t->len, t->text, b->tpl->name);
					if (rr.n_pending == MAX_PENDING)
					{
						memmove(rr.pending, rr.pending + 1, sizeof(rr.pending[0]) * (MAX_PENDING - 1));
						rr.n_pending--;
					}
					rr.pending[rr.n_pending++] = t;
					break;
				}
			case TK_VALUE:
				if (!rr.open)
					open_row(&rr, t);
				add_value(&rr, t);
				touch(&rr, t);
				break;
			case TK_EMPTY:
				if (!rr.open)
				{
					label_hit	h;

					/*
					 * An empty cell opens a row right after an exact row label,
					 * or in a grid row whose cells follow its label and hold a
					 * value further on (a wrapped label, blanks first).
					 */
					if (rr.n_pending == 0)
						break;
					if (!(t->col >= 0 && rr.pending[rr.n_pending - 1]->line_index == t->line_index &&
						  value_later_in_row(tk, i)) &&
						(!exact_row(&rr, rr.pending[rr.n_pending - 1], true, &h) ||
						 row_filled(&rr, h.table, h.index)))
						break;
					open_row(&rr, t);
				}
				add_value(&rr, t);
				touch(&rr, t);
				break;
			case TK_BREAK:
				if (!rr.open && rr.n_pending > 0 && !t->cell_mode && rr.n_blank_rows < MAX_DEFERRED &&
					rr.pending[rr.n_pending - 1]->line_index == t->line_index &&
					!rr.pending[rr.n_pending - 1]->cell_mode)
				{
					/* a line holding a row's label alone: maybe a row of blanks (geo_resolve) */
					label_hit	h;

					/* not a row printed in place of others: alone on its line, it heads them */
					if ((exact_row(&rr, rr.pending[rr.n_pending - 1], true, &h) || joined_row(&rr, &h)) &&
						h.table < GEO_TABLES &&
						!tdef(b, h.table)->rows[h.index].alt)
					{
						rr.blank_rows[rr.n_blank_rows].table = h.table;
						rr.blank_rows[rr.n_blank_rows].row = h.index;
						rr.blank_rows[rr.n_blank_rows].line = t->line;
						rr.blank_rows[rr.n_blank_rows].li = t->line_index;
						rr.blank_rows[rr.n_blank_rows].page = t->page;
						rr.n_blank_rows++;
					}
				}
				finish_open(&rr);
				break;
		}
next:	;
	}
	finish_open(&rr);
	geo_resolve(&rr);
	if (rr.first_line >= 0)
	{
		b->table_seen[sec] = true;
		mark_extent(b, rr.first_line, rr.last_line);
	}
}

/* ------------------------------------------------------------ appeals */

static bool
appeals_header_label(gai_builder *b, const gai_token *t)
{
	/* row-per-line exports merge a header line into one label: look inside */
	label_hit	hits[8];
	int			n = exact_hits(b, t, hits, 8);

	for (int k = 0; k < n; k++)
		if (tdef(b, hits[k].table)->section == GAI_SEC_APPEALS)
			return true;
	for (int k = 0; k < b->tpl->ntables; k++)
		if (b->tpl->tables[k].section == GAI_SEC_APPEALS && words_hit(b->tpl->tables[k].header_words, t->text, t->len))
			return true;
	return false;
}

/*
 * The appeals table of a grid that knows its columns: the header's group
 * cells (行政复议, 未经复议直接起诉, 复议后起诉) give each grid column its
 * template row, the leaf cells (结果维持 …) its column; each value cell is
 * placed where its columns point.  False when the header does not map all
 * 15 cells (then the values are read in order).
 */
static bool
appeals_by_columns(gai_builder *b, const gai_tokens *tk, int table, int first_hdr, int last_hdr)
{
	const gai_table_def *td = tdef(b, table);
	int8_t		trow[MAP_COLS],
				tcol[MAP_COLS];
	const gai_token *slot[3][5] = {{0}};
	bool		clash[3][5] = {{0}},
				covered[3][5] = {{0}};
	int			grid = -2,
				nslots = 0;
	row_reader	rr;

	if (first_hdr < 0 || tk->tok[first_hdr].col < 0 || td->nrows > 3 || td->ncols > 5)
		return false;
	memset(trow, -1, sizeof trow);
	memset(tcol, -1, sizeof tcol);
	for (int i = first_hdr; i <= last_hdr; i++)
	{
		const gai_token *t = &tk->tok[i];
		label_hit	hits[8];
		int			n;

		if (t->kind != TK_LABEL || t->col < 0)
			continue;
		grid = t->grid;
		n = exact_hits(b, t, hits, 8);
		for (int k = 0; k < n; k++)
			if (hits[k].table == table && (hits[k].kind == LK_ROW || hits[k].kind == LK_COL))
			{
				for (int c = t->col; c < t->col + t->span && c < MAP_COLS; c++)
					(hits[k].kind == LK_ROW ? trow : tcol)[c] = (int8_t) hits[k].index;
				break;
			}
	}
	for (int c = 0; c < MAP_COLS; c++)
		if (trow[c] >= 0 && tcol[c] >= 0 && !covered[trow[c]][tcol[c]])
			covered[trow[c]][tcol[c]] = true, nslots++;
	if (nslots != td->nrows * td->ncols)
		return false;
	for (int i = last_hdr + 1; i < tk->n; i++)
	{
		const gai_token *t = &tk->tok[i];

		if (t->kind == TK_BREAK)
			continue;
		if (t->grid != grid || t->col < 0 || (t->kind == TK_LABEL && !stray_text_cell(b, t)))
			break;
		for (int c = t->col; c < t->col + t->span && c < MAP_COLS; c++)
		{
			int			r = trow[c],
						k = tcol[c];

			if (r < 0 || k < 0)
				continue;
			if (slot[r][k] && slot[r][k] != t)
				clash[r][k] = true;
			slot[r][k] = t;
			/* a number merged over several cells belongs to none of them */
			if (t->span > 1 && t->kind != TK_EMPTY)
				clash[r][k] = true;
		}
	}
	memset(&rr, 0, sizeof rr);
	rr.b = b;
	rr.table = table;
	for (int r = 0; r < td->nrows; r++)
		for (int k = 0; k < td->ncols; k++)
		{
			if (!slot[r][k])
				continue;
			rr.row = r;
			put_cell(&rr, k, slot[r][k], false);
			if (clash[r][k])
			{
				b->r->template_cells[template_cell_index(b->tpl, table, r, k)].status = GAI_CELL_UNREADABLE;
				gai_warn(b, slot[r][k]->line, "appeals %s/%s: cell merged across columns or doubled; not read",
						 td->rows[r].code, td->cols[k].code);
			}
		}
	return true;
}

/*
 * Word boxes: an appeals row with blank cells, placed by the 15 columns its
 * header's label fragments stand in (结果 / 维持 wrapped in their cells),
 * each value within one column's band.  False when the header does not give
 * 15 columns or a value falls across a band's edge.
 */
static bool
appeals_by_position(gai_builder *b, int table, int header_li, const gai_token *const *vals, int nv)
{
	const gai_table_def *td = tdef(b, table);
	row_reader	rr;
	int			center2[15],
				edges[16],
			   *edge2 = edges + 1,
				at[15];
	deferred_row d;

	/*
	 * One line of two values or more: a lone mark or a stray number is no
	 * appeals row.  Word boxes, or a browser's dump (layout text without
	 * pdftotext's page breaks), whose values then stand centred under the
	 * header's labels.
	 */
	if ((!b->doc.same_columns && b->doc.form_feeds) || td->nrows * td->ncols != 15 || nv < 2)
		return false;
	for (int v = 0; v < nv; v++)
		if (vals[v]->x0 < 0 || vals[v]->col >= 0 || vals[v]->line_index != vals[0]->line_index)
			return false;
	memset(&rr, 0, sizeof rr);
	rr.b = b;
	rr.sec = GAI_SEC_APPEALS;
	if (!geo_from_fragments(&rr, table, header_li, vals[0]->line_index, 15, 0, center2))
		return false;
	for (int c = 0; c + 1 < 15; c++)
		edge2[c] = (center2[c] + center2[c + 1]) / 2;
	outer_edges(center2, 15, edge2);
	for (int v = 0; v < nv && !b->doc.same_columns; v++)
	{
		int			c2 = gx0(vals[v], 0) + gx1(vals[v], 0);
		bool		under = false;

		for (int c = 0; c < 15 && !under; c++)
			under = c2 - center2[c] <= 3 && center2[c] - c2 <= 3;
		if (!under)
			return false;
	}
	memset(&d, 0, sizeof d);
	d.n_vals = nv;
	memcpy(d.vals, vals, sizeof(vals[0]) * (size_t) nv);
	if (!bands_fit(&d, edge2, 15, 0, at))
		return false;
	rr.table = table;
	for (int k = 0, v = 0; k < 15; k++)
	{
		rr.row = k / td->ncols;
		if (v < nv && at[v] == k)
			put_cell(&rr, k % td->ncols, vals[v++], false);
		else
		{
			gai_token	blank = {.kind = TK_EMPTY, .line = vals[0]->line, .text = "", .grid = -1,
			.col = -1, .span = 1, .x0 = -1, .x1 = -1};

			put_cell(&rr, k % td->ncols, &blank, true);
		}
	}
	return true;
}

static void
read_appeals(gai_builder *b, const gai_tokens *tk)
{
	int			table = -1;
	int			first_hdr = -1,
				last_hdr = -1,
				first_li = -1,
				last_li = -1;
	bool		damaged = false;
	const gai_token *vals[15];
	int			nv = 0;
	bool		over = false;
	bool		cell_mode = true;

	for (int t = 0; t < b->tpl->ntables; t++)
		if (b->tpl->tables[t].section == GAI_SEC_APPEALS)
			table = t;
	if (table < 0)
		return;
	for (int i = 0; i < tk->n; i++)
	{
		gai_tick(&b->doc, i);
		if (tk->tok[i].kind == TK_LABEL && appeals_header_label(b, &tk->tok[i]))
		{
			if (first_hdr < 0)
				first_hdr = i;
			last_hdr = i;
		}
	}
	/* numbers inside the header grid: the header cells were overwritten */
	for (int i = first_hdr; i >= 0 && i < last_hdr; i++)
		if (tk->tok[i].kind == TK_VALUE)
			damaged = true;
	for (int i = last_hdr + 1; i < tk->n; i++)
	{
		const gai_token *t = &tk->tok[i];

		/*
		 * A grid (pipe rows, a browser's box table): the values are the cells
		 * of the first row that holds a value and no label; a row of labels
		 * before it continues the header (结果 / 维持 wrapped in their boxes).
		 */
		if (t->col >= 0 && t->kind != TK_BREAK && nv == 0 && t->grid < 0)
		{
			bool		label = false,
						value = false;
			int			k;

			for (k = i; k < tk->n && tk->tok[k].kind != TK_BREAK; k++)
			{
				label |= tk->tok[k].kind == TK_LABEL && !stray_text_cell(b, &tk->tok[k]);
				value |= tk->tok[k].kind == TK_VALUE;
			}
			if (label || !value)
			{
				i = k;			/* the row is skipped */
				continue;
			}
			for (; i < k && nv < 15; i++)
				vals[nv++] = &tk->tok[i];
			if (i < k)
				over = true;
			break;
		}
		if (t->kind == TK_LABEL)
		{
			/* text in a value cell is that cell (unreadable), not the table's end */
			if (nv > 0 && nv < 15 && t->cell_mode && stray_text_cell(b, t))
			{
				vals[nv++] = t;
				continue;
			}
			if (nv > 0)
				break;
			continue;
		}
		if (t->kind == TK_BREAK)
			continue;
		if (t->kind == TK_EMPTY && nv == 0 && i + 1 < tk->n && tk->tok[i + 1].kind == TK_BREAK &&
			!t->cell_mode)
			continue;
		if (nv == 15)
		{
			over = true;
			break;
		}
		if (!t->cell_mode)
			cell_mode = false;
		vals[nv++] = t;
	}
	if (first_hdr < 0 && nv == 0)
		return;
	b->table_seen[GAI_SEC_APPEALS] = true;
	first_li = first_hdr >= 0 ? tk->tok[first_hdr].line_index : vals[0]->line_index;
	last_li = nv > 0 ? vals[nv - 1]->line_index : tk->tok[last_hdr].line_index;
	mark_extent(b, first_li, last_li);
	if (first_hdr < 0)
		gai_warn(b, vals[0]->line, "appeals: table header not found; values read in template order");
	if (!damaged && appeals_by_columns(b, tk, table, first_hdr, last_hdr))
		return;
	if (!damaged && !over && nv > 0 && nv < 15 && !cell_mode && appeals_by_position(b, table, first_hdr >= 0 ? tk->tok[first_hdr].line_index : 0, vals, nv))
		return;

	{
		row_reader	rr;
		const gai_table_def *td = tdef(b, table);
		int			line = nv > 0 ? vals[0]->line : tk->tok[last_hdr].line;

		memset(&rr, 0, sizeof rr);
		rr.b = b;
		rr.table = table;
		rr.sec = GAI_SEC_APPEALS;
		if (!damaged && nv == 0 && first_hdr >= 0 && td->nrows * td->ncols == 15)
		{
			/*
			 * A whole header (its labels' fragments in 15 columns) and not a
			 * value after it in the section: a table of blanks.
			 */
			int			center2[15];
			int			hdr_li = tk->tok[first_hdr].line_index,
						end_li = tk->tok[tk->n - 1].line_index + 1;	/* the header's wrapped rows too */

			if (geo_from_fragments(&rr, table, hdr_li, end_li, 15, 0, center2) ||
				geo_from_fragments(&rr, table, hdr_li, end_li, 15, 1, center2))
			{
				for (int k = 0; k < 15; k++)
				{
					gai_token	blank = {.kind = TK_EMPTY, .line = tk->tok[last_hdr].line, .text = "", .grid = -1,
					.col = -1, .span = 1, .x0 = -1, .x1 = -1};

					rr.row = k / td->ncols;
					put_cell(&rr, k % td->ncols, &blank, true);
				}
				return;
			}
		}
		if (damaged || over || (nv != 15 && !cell_mode) || nv == 0)
		{
			b->table_damaged[GAI_SEC_APPEALS] = true;
			if (damaged)
				gai_warn(b, tk->tok[first_hdr].line,
					 "appeals: table damaged (numbers among its header cells); none of its 15 cells is read");
			else if (nv == 0)
				gai_warn(b, line, "appeals: no values after the table header; none of its 15 cells is read");
			else
				gai_warn(b, line, "appeals: %s%d values where 15 are expected; none of its cells is read",
					 over ? "more than " : "", nv);
			for (int r = 0; r < td->nrows; r++)
			{
				rr.row = r;
				mark_row_unreadable(&rr, line);
			}
			return;
		}
		for (int k = 0; k < nv; k++)
		{
			rr.row = k / td->ncols;
			put_cell(&rr, k % td->ncols, vals[k], false);
		}
		if (nv < 15)
			gai_warn(b, line, "appeals: %d of 15 cells present", nv);
	}
}

/* ------------------------------------------------------------ template */

gai_template_id
tables_detect_template(gai_builder *b)
{
	int			score[GAI_TEMPLATE_SLOTS] = {0};

	for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
	{
		gai_tokens *tk = &b->zone_tokens[sec];

		memset(tk, 0, sizeof *tk);
		if (b->zone_start[sec] < 0)
			continue;
		tokens_read(&b->doc, b->zone_start[sec], b->zone_end[sec], tk);
		if (tk->cut_line)
			gai_warn(b, tk->cut_line, "%s: the section holds more words and cells than any table; "
					 "read up to this line only", gai_section_code((gai_section_id) sec));
		for (int i = 0; i < tk->n; i++)
		{
			gai_token  *t = &tk->tok[i];
			int			m;

			gai_tick(&b->doc, i);
			if (t->kind != TK_LABEL)
				continue;
			t->key_id = label_key_id(t->text, t->len);
			m = label_mask_of(t->key_id);
			/* a label of one template only is a vote for it */
			for (int k = 0; k < gai_n_templates; k++)
				if (m == 1 << (gai_templates[k].id - 1))
					score[gai_templates[k].id]++;
		}
	}
	return template_vote(score);
}

void
tables_read(gai_builder *b)
{
	int			cells = 0,
				rows = 0,
				grid = 0;
	bool		done[GAI_SEC_COUNT] = {0};
	gai_layout	other = glued_read(b, done);	/* glued web text, plain pdftotext (glued.c) */

	for (int sec = GAI_SEC_ACTIVE; sec <= GAI_SEC_APPEALS; sec++)
	{
		gai_tokens *tk = &b->zone_tokens[sec];

		if (b->zone_start[sec] < 0 || done[sec])
			continue;
		cells += tk->cell_lines;
		rows += tk->row_lines;
		grid += tk->grid_rows;
		if (sec == GAI_SEC_APPEALS)
			read_appeals(b, tk);
		else
			read_row_table(b, (gai_section_id) sec, tk);
	}
	b->r->layout = b->doc.html && grid > 0 ? GAI_LAYOUT_HTML :
		grid > cells + rows ? GAI_LAYOUT_PIPES :
		cells == 0 && rows == 0 ? GAI_LAYOUT_UNKNOWN :
		rows == 0 ? GAI_LAYOUT_CELLS :
		cells == 0 ? GAI_LAYOUT_ROWS :
		cells >= 4 * rows ? GAI_LAYOUT_CELLS :
		rows >= 4 * cells ? GAI_LAYOUT_ROWS : GAI_LAYOUT_MIXED;
	if (other != GAI_LAYOUT_UNKNOWN)
		b->r->layout = cells + rows + grid == 0 ? other : GAI_LAYOUT_MIXED;
}
