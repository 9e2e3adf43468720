/* Tables: column widths, the cell grid (colspan, rowspan), row heights, and
 * the bands the paginator places: one band per row, or per group of rows
 * tied by a rowspan. A band that does not fit at a page bottom is cut across
 * all its cells at once (each cell at its own last line that fits), so the
 * cells of a row always stay side by side; the rest continues on the next
 * page under the repeated header rows. */
#include "layout/layout_internal.h"
#include "util/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Positions are kept on a 1/1024 pt grid so that x + w of one cell is
 * exactly x of the next one (Gantt bars meet without a hairline gap). */
static float grid(float v)
{
    return roundf(v * 1024.0f) / 1024.0f;
}

static int oom(rg_error *err)
{
    return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
}

void lo_table_free(lo_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nbands; i++) {
        free(t->bands[i]->row_h);
        free(t->bands[i]->cells);
        free(t->bands[i]);
    }
    free(t->bands);
    for (size_t i = 0; i < t->nseqs; i++) {
        lo_seq_free(t->seqs[i]);
        free(t->seqs[i]);
    }
    free(t->seqs);
    free(t->headers);
    free(t);
}

static lo_table *table_new(lo_ctx *c)
{
    lo_table **p = rg_vec_reserve(c->tables, c->ntables, &c->table_cap, sizeof *p, 8);
    if (!p)
        return NULL;
    c->tables = p;
    lo_table *t = calloc(1, sizeof *t);
    if (t)
        c->tables[c->ntables++] = t;
    return t;
}

static lo_band *band_new(lo_table *t, int nrows, size_t ncells)
{
    lo_band **p = rg_vec_reserve(t->bands, t->nbands, &t->band_cap, sizeof *p, 16);
    if (!p)
        return NULL;
    t->bands = p;
    lo_band *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->row_h = calloc(nrows > 0 ? (size_t)nrows : 1, sizeof *b->row_h);
    b->cells = calloc(ncells ? ncells : 1, sizeof *b->cells);
    if (!b->row_h || !b->cells) {
        free(b->row_h);
        free(b->cells);
        free(b);
        return NULL;
    }
    b->table = t;
    b->nrows = nrows;
    b->ncells = ncells;
    t->bands[t->nbands++] = b;
    return b;
}

static lo_seq *table_seq(lo_table *t)
{
    lo_seq **p = rg_vec_reserve(t->seqs, t->nseqs, &t->seq_cap, sizeof *p, 16);
    if (!p)
        return NULL;
    t->seqs = p;
    lo_seq *q = calloc(1, sizeof *q);
    if (q)
        t->seqs[t->nseqs++] = q;
    return q;
}

/* Row heights from the cells' remaining content; a rowspan cell taller than
 * its rows grows its last row. */
static void band_layout(lo_band *b)
{
    const lo_table *t = b->table;
    for (int r = 0; r < b->nrows; r++)
        b->row_h[r] = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < b->ncells; i++) {
            const lo_cell *cell = &b->cells[i];
            if ((cell->rowspan > 1) != pass)
                continue;
            float need = cell->first < cell->content->count
                             ? lo_seq_height(cell->content, cell->first) + 2 * t->padding
                             : t->min_row_h;
            if (!pass) {
                b->row_h[cell->row] = fmaxf(b->row_h[cell->row], need);
                continue;
            }
            float have = 0;
            for (int r = cell->row; r < cell->row + cell->rowspan; r++)
                have += b->row_h[r];
            if (need > have)
                b->row_h[cell->row + cell->rowspan - 1] += need - have;
        }
        if (!pass)
            for (int r = 0; r < b->nrows; r++)
                if (b->row_h[r] <= 0)
                    b->row_h[r] = t->min_row_h;
    }
}

float lo_band_min_height(const lo_ctx *c, const lo_band *b)
{
    size_t min_lines = c->opts.min_split_lines > 0 ? (size_t)c->opts.min_split_lines : 1;
    float h = 0;
    for (size_t i = 0; i < b->ncells; i++) {
        const lo_cell *cell = &b->cells[i];
        if (cell->row != 0)
            continue;
        size_t n = cell->content->count - cell->first;
        if (n > min_lines)
            n = min_lines;
        float used = n ? lo_seq_height(cell->content, cell->first)
                             - lo_seq_height(cell->content, cell->first + n)
                             - (cell->first + n < cell->content->count
                                    ? cell->content->strips[cell->first + n].space_before : 0)
                       : 0;
        h = fmaxf(h, used + 2 * b->table->padding);
    }
    return fminf(h, lo_band_height(b));
}

float lo_band_height(const lo_band *b)
{
    float h = 0;
    for (int r = 0; r < b->nrows; r++)
        h += b->row_h[r];
    return h;
}

/* Column edges: absolute widths first, shares split what remains; all
 * scaled down together when the absolute widths alone exceed the width. */
static void column_edges(const rg_table_block *tb, size_t ncols, float width, float *edges)
{
    float fixed = 0, shares = 0;
    for (size_t i = 0; i < ncols; i++) {
        float v = i < tb->column_count ? tb->column_widths[i] : 0;
        if (v > 0)
            fixed += v;
        else
            shares += v < 0 ? -v : 1;
    }
    float scale = 1, rest = width - fixed;
    if (rest < 0) {
        scale = width / fixed;
        rest = 0;
    }
    edges[0] = 0;
    for (size_t i = 0; i < ncols; i++) {
        float v = i < tb->column_count ? tb->column_widths[i] : 0;
        float w = v > 0 ? v * scale : shares > 0 ? rest * (v < 0 ? -v : 1) / shares : 0;
        edges[i + 1] = grid(edges[i] + w);
    }
}

typedef struct placed_cell {
    const rg_cell *src;
    int row, col, colspan, rowspan;
} placed_cell;

/* The HTML table grid: each cell takes the next column not covered by a
 * rowspan from above. Cells that fall outside the columns are dropped. */
static placed_cell *place_cells(const rg_table_block *tb, size_t ncols, size_t *count)
{
    size_t rows = tb->row_count, total = 0;
    for (size_t r = 0; r < rows; r++)
        total += tb->rows[r].cell_count;
    placed_cell *out = calloc(total ? total : 1, sizeof *out);
    size_t ncells = rows * ncols;
    unsigned char *occ = calloc(ncells ? ncells : 1, 1);
    if (!out || !occ) {
        free(out);
        free(occ);
        return NULL;
    }
    size_t n = 0, dropped = 0;
    for (size_t r = 0; r < rows; r++) {
        size_t col = 0;
        for (size_t i = 0; i < tb->rows[r].cell_count; i++) {
            const rg_cell *cell = &tb->rows[r].cells[i];
            while (col < ncols && occ[r * ncols + col])
                col++;
            if (col >= ncols) {
                dropped++;
                continue;
            }
            int cs = cell->colspan < 1 ? 1 : cell->colspan, rs = cell->rowspan < 1 ? 1 : cell->rowspan;
            if ((size_t)cs > ncols - col)
                cs = (int)(ncols - col);
            if ((size_t)rs > rows - r)
                rs = (int)(rows - r);
            for (int dr = 0; dr < rs; dr++)
                for (int dc = 0; dc < cs; dc++)
                    occ[(r + dr) * ncols + col + dc] = 1;
            out[n++] = (placed_cell){cell, (int)r, (int)col, cs, rs};
            col += cs;
        }
    }
    if (dropped)
        rg_warn("table: %zu cell(s) beyond the %zu columns were dropped", dropped, ncols);
    free(occ);
    *count = n;
    return out;
}

int lo_flow_table(lo_ctx *c, const rg_block *b, float x, float width, lo_seq *q, rg_error *err)
{
    const rg_table_block *tb = &b->table;
    size_t ncols = tb->column_count;
    for (size_t r = 0; r < tb->row_count; r++) {
        size_t n = 0;
        for (size_t i = 0; i < tb->rows[r].cell_count; i++)
            n += tb->rows[r].cells[i].colspan > 1 ? (size_t)tb->rows[r].cells[i].colspan : 1;
        if (!tb->column_count && n > ncols)
            ncols = n;
    }
    if (ncols == 0 || tb->row_count == 0)
        return 0;
    lo_table *t = table_new(c);
    float *edges = malloc((ncols + 1) * sizeof *edges);
    size_t npc = 0;
    placed_cell *pc = t && edges ? place_cells(tb, ncols, &npc) : NULL;
    if (!pc) {
        free(edges);
        return oom(err);
    }
    int rc = -1;
    t->border_width = tb->border_width > 0 ? tb->border_width : 0;
    t->padding = grid(tb->cell_padding > 0 ? tb->cell_padding : 0);
    rg_font *font = rg_fontlib_font(c->fonts, b->props.font_families, RG_STYLE_REGULAR, err);
    if (!font)
        goto done;
    float size = lo_props_size(&b->props);
    t->min_row_h = 2 * t->padding + (b->props.line_height > 0 ? b->props.line_height * size
                                                              : rg_font_line_height(font, size));
    column_edges(tb, ncols, width, edges);
    float tx = x;
    if (edges[ncols] < width - LO_EPS) {
        if (b->box.align == RG_ALIGN_CENTER)
            tx = x + (width - edges[ncols]) / 2;
        else if (b->box.align == RG_ALIGN_RIGHT)
            tx = x + width - edges[ncols];
    }
    tx = grid(tx);

    /* Bands: a boundary after row r unless a rowspan crosses it. */
    size_t next = 0;      /* first placed cell not yet in a band */
    int first_row = 0, open_end = -1, seen_body = 0, prev_keep = 0;
    for (int r = 0; r < (int)tb->row_count; r++) {
        size_t end = next;
        while (end < npc && pc[end].row <= r) {
            if (pc[end].row + pc[end].rowspan - 1 > open_end)
                open_end = pc[end].row + pc[end].rowspan - 1;
            end++;
        }
        if (open_end > r)
            continue;
        /* Cells of rows first_row..r: pc[next..end) (placed in row order). */
        lo_band *band = band_new(t, r - first_row + 1, end - next);
        if (!band)
            goto fail_oom;
        band->header = tb->rows[first_row].header && !seen_body;
        band->keep_whole = r > first_row;
        for (int k = first_row; k <= r; k++)
            band->keep_whole |= tb->rows[k].keep_together;
        for (size_t i = next; i < end; i++) {
            lo_cell *cell = &band->cells[i - next];
            cell->src = pc[i].src;
            cell->row = pc[i].row - first_row;
            cell->rowspan = pc[i].rowspan;
            cell->x = tx + edges[pc[i].col];
            cell->w = edges[pc[i].col + pc[i].colspan] - edges[pc[i].col];
            if (!(cell->content = table_seq(t)))
                goto fail_oom;
            float inner = fmaxf(cell->w - 2 * t->padding, 1.0f);
            if (lo_flow_blocks(c, &pc[i].src->content, 0, inner, cell->content, err) < 0)
                goto done;
        }
        band_layout(band);
        lo_strip *s = lo_seq_add(q, LO_BAND);
        if (!s)
            goto fail_oom;
        s->band = band;
        s->height = lo_band_height(band);
        if (prev_keep || (q->count >= 2 && t->nheaders > 0 && !band->header && !seen_body))
            s->keep_with_prev = 1;
        if (band->header && t->nheaders > 0)
            s->keep_with_prev = 1;
        if (band->header) {
            lo_band **h = realloc(t->headers, (t->nheaders + 1) * sizeof *h);
            if (!h)
                goto fail_oom;
            t->headers = h;
            t->headers[t->nheaders++] = band;
            t->header_height += s->height;
        } else {
            seen_body = 1;
        }
        prev_keep = tb->rows[r].keep_with_next;
        next = end;
        first_row = r + 1;
    }
    rc = 0;
    goto done;
fail_oom:
    oom(err);
done:
    free(pc);
    free(edges);
    return rc;
}

/* The bar height of each cut Gantt bar cell, the same on both pages: a
 * third of the whole cell (as uncut), at most half of either piece, so that
 * each piece still shows the rule it runs into. */
static void set_bar_heights(const lo_band *b, const float *top, float p1, lo_band *rest,
                            lo_band_cut *cut)
{
    size_t k = 0;
    for (size_t i = 0; i < b->ncells; i++) {
        if (!cut->state[i])
            continue;
        lo_cell *r = &rest->cells[k++];
        const lo_cell *cell = &b->cells[i];
        if (cut->state[i] != 1 || !cell->src->bar)
            continue;
        float ct = top[cell->row];
        float whole = cell->bar_h > 0 ? cell->bar_h * 3 : top[cell->row + cell->rowspan] - ct;
        float h1 = p1 - ct, h2 = 0;
        for (int row = r->row; row < r->row + r->rowspan; row++)
            h2 += rest->row_h[row];
        float bh = cell->src->bar_height > 0 ? cell->src->bar_height : whole / 3;
        bh = fminf(bh, fminf(h1, h2) / 2);
        cut->bar_h[i] = bh;
        r->bar_h = bh;
    }
}

int lo_band_cut_at(lo_ctx *c, lo_band *b, float avail, int strict, lo_band_cut *cut,
                   rg_error *err)
{
    lo_table *t = b->table;
    memset(cut, 0, sizeof *cut);
    float *top = malloc((b->nrows + 1) * sizeof *top);
    cut->placed = calloc(b->ncells ? b->ncells : 1, sizeof *cut->placed);
    cut->state = calloc(b->ncells ? b->ncells : 1, 1);
    cut->bar_h = calloc(b->ncells ? b->ncells : 1, sizeof *cut->bar_h);
    if (!top || !cut->placed || !cut->state || !cut->bar_h) {
        free(top);
        lo_band_cut_release(cut);
        return oom(err);
    }
    top[0] = 0;
    for (int r = 0; r < b->nrows; r++)
        top[r + 1] = top[r] + b->row_h[r];
    float p1, pad = t->padding;
    int progress, later;
    size_t min_lines = c->opts.min_split_lines > 0 ? (size_t)c->opts.min_split_lines : 1;
retry:
    p1 = 0;
    progress = later = 0;
    memset(cut->placed, 0, (b->ncells ? b->ncells : 1) * sizeof *cut->placed);
    memset(cut->state, 0, b->ncells ? b->ncells : 1);
    for (size_t i = 0; i < b->ncells; i++) {
        const lo_cell *cell = &b->cells[i];
        float ct = top[cell->row], cb = top[cell->row + cell->rowspan];
        size_t rem = cell->content->count - cell->first;
        if (cb <= avail + LO_EPS) {
            p1 = fmaxf(p1, cb);
            progress |= rem > 0;
            continue;
        }
        later = 1;
        if (ct >= avail - LO_EPS) {
            cut->state[i] = 2;
            continue;
        }
        cut->state[i] = 1;
        float used = 0, inner = avail - ct - 2 * pad;
        size_t k = inner > 0 ? lo_seq_fit(cell->content, cell->first, inner, &used) : 0;
        /* A cell that cannot be cut here (too few lines would stay, or none
         * at all) below the band's first row: cut the band at the top of
         * that cell's row instead, so a row of an activity taller than a
         * page moves down whole, rather than refusing the band (which would
         * leave a heading alone on its page) or leaving an empty sliver of
         * the row at the page bottom. */
        int too_few = rem > 0 && k < (rem < min_lines ? rem : min_lines);
        if ((strict ? too_few : (rem > 0 && k == 0)) && ct > LO_EPS) {
            avail = ct;
            goto retry;
        }
        if (strict && too_few)
            goto refuse;
        /* Nor fewer than min_lines at the top of the next page: move lines
         * down with the rest, or refuse when that leaves too few here. */
        if (strict && k < rem && rem - k < min_lines) {
            size_t keep = rem >= 2 * min_lines ? rem - min_lines : 0;
            const lo_seq *q = cell->content;
            if (keep == 0 || q->strips[cell->first + keep].keep_with_prev) {
                if (ct > LO_EPS) {
                    avail = ct;
                    goto retry;
                }
                goto refuse;
            }
            k = keep;
            used = lo_seq_height(q, cell->first) - lo_seq_height(q, cell->first + k)
                   - q->strips[cell->first + k].space_before;
        }
        cut->placed[i] = k;
        /* A repeated cell (an activity's number) is no progress: it prints again. */
        progress |= k > 0 && !(cell->src->repeat && k == rem);
        p1 = fmaxf(p1, ct + used + 2 * pad);
    }
    if (!progress || !later)
        goto refuse;
    p1 = fminf(p1, avail);
    int rs = 0;
    while (rs < b->nrows - 1 && top[rs + 1] <= p1 + LO_EPS)
        rs++;
    size_t nrest = 0;
    for (size_t i = 0; i < b->ncells; i++)
        nrest += cut->state[i] != 0;
    lo_band *rest = band_new(t, b->nrows - rs, nrest);
    if (!rest) {
        free(top);
        lo_band_cut_release(cut);
        return oom(err);
    }
    rest->header = b->header;
    rest->keep_whole = b->keep_whole;
    size_t k = 0;
    for (size_t i = 0; i < b->ncells; i++) {
        if (!cut->state[i])
            continue;
        lo_cell cell = b->cells[i];
        int start = cell.row > rs ? cell.row : rs;
        cell.rowspan = cell.row + cell.rowspan - start;
        cell.row = start - rs;
        if (cut->state[i] == 1) {
            /* A repeated cell whose content all fit here prints it again. */
            if (!(cell.src->repeat && cell.first + cut->placed[i] == cell.content->count))
                cell.first += cut->placed[i];
            cell.continued = 1;
        }
        rest->cells[k++] = cell;
    }
    band_layout(rest);
    set_bar_heights(b, top, p1, rest, cut);
    cut->height = p1;
    cut->rest = rest;
    free(top);
    return 1;
refuse:
    free(top);
    lo_band_cut_release(cut);
    return 0;
}

void lo_band_cut_release(lo_band_cut *cut)
{
    free(cut->placed);
    free(cut->state);
    free(cut->bar_h);
    cut->placed = NULL;
    cut->state = NULL;
    cut->bar_h = NULL;
}

static int add_rect(rg_page *page, float x, float y, float w, float h, rg_color fill,
                    rg_error *err)
{
    rg_item it;
    memset(&it, 0, sizeof it);
    it.kind = RG_ITEM_RECT;
    it.x = x;
    it.y = y;
    it.w = w;
    it.h = h;
    it.fill = 1;
    it.fill_color = fill;
    return rg_page_add_item(page, &it) < 0 ? oom(err) : 0;
}

static int add_line(rg_page *page, float x, float y, float x2, float y2, float width,
                    rg_error *err)
{
    rg_item it;
    memset(&it, 0, sizeof it);
    it.kind = RG_ITEM_LINE;
    it.x = x;
    it.y = y;
    it.x2 = x2;
    it.y2 = y2;
    it.line_width = width;
    return rg_page_add_item(page, &it) < 0 ? oom(err) : 0;
}

/* A Gantt bar: at mid-height of its cell, a third of its height tall. A bar
 * cell cut by a page break draws its bar against the cut instead, on both
 * sides: down to the closing rule at the page bottom (bh_below) and from the
 * reopened rule at the top of the next page (cell->continued, cell->bar_h),
 * the same height on both pages, so the two pieces read as one bar running
 * on across the page break rather than as a second, new bar. */
static int emit_bar(rg_page *page, const lo_cell *cell, float bh_below, float x, float ytop,
                    float ybot, float w, rg_error *err)
{
    const rg_cell *src = cell->src;
    float h = ytop - ybot;
    if (bh_below <= 0 && !cell->continued) {
        float bh = src->bar_height > 0 ? fminf(src->bar_height, h) : h / 3;
        return add_rect(page, x, ybot + (h - bh) / 2, w, bh, src->bar_color, err);
    }
    if (bh_below > 0 && add_rect(page, x, ybot, w, bh_below, src->bar_color, err) < 0)
        return -1;
    if (cell->continued && cell->bar_h > 0 &&
        add_rect(page, x, ytop - cell->bar_h, w, cell->bar_h, src->bar_color, err) < 0)
        return -1;
    return 0;
}

int lo_band_emit(lo_ctx *c, const lo_band *b, const lo_band_cut *cut, float dx, float top,
                 rg_page *page, rg_error *err)
{
    const lo_table *t = b->table;
    float pad = t->padding, bw = t->border_width;
    float rowtop[b->nrows + 1];
    rowtop[0] = 0;
    for (int r = 0; r < b->nrows; r++)
        rowtop[r + 1] = rowtop[r] + b->row_h[r];
    /* Fills, then bars, then text, then borders on top. */
    for (int pass = 0; pass < 4; pass++) {
        for (size_t i = 0; i < b->ncells; i++) {
            const lo_cell *cell = &b->cells[i];
            int state = cut ? cut->state[i] : 0;
            if (state == 2)
                continue;
            float ct = rowtop[cell->row], cb = rowtop[cell->row + cell->rowspan];
            if (state == 1)
                cb = cut->height;
            float x = dx + cell->x, w = cell->w, h = cb - ct;
            float ytop = top - ct, ybot = top - cb;
            const rg_cell *src = cell->src;
            if (pass == 0 && src->fill) {
                if (add_rect(page, x, ybot, w, h, src->fill_color, err) < 0)
                    return -1;
            } else if (pass == 1 && src->bar) {
                if (emit_bar(page, cell, state == 1 ? cut->bar_h[i] : 0, x, ytop, ybot, w, err) < 0)
                    return -1;
            } else if (pass == 2) {
                size_t end = state == 1 ? cell->first + cut->placed[i] : cell->content->count;
                float off = 0;
                if (state == 0 && !cell->continued && src->valign != RG_VALIGN_TOP) {
                    float room = h - 2 * pad - lo_seq_height(cell->content, cell->first);
                    if (room > 0)
                        off = src->valign == RG_VALIGN_MIDDLE ? room / 2 : room;
                }
                if (lo_emit_strips(c, cell->content, cell->first, end, x + pad, ytop - pad - off,
                                   page, err) < 0)
                    return -1;
            } else if (pass == 3 && bw > 0 && src->borders) {
                unsigned sides = src->borders;
                if (state == 1)
                    sides |= RG_BORDER_BOTTOM;   /* closed at the page bottom */
                if (cell->continued)
                    sides |= RG_BORDER_TOP;      /* reopened on the next page */
                if ((sides & RG_BORDER_TOP) && add_line(page, x, ytop, x + w, ytop, bw, err) < 0)
                    return -1;
                if ((sides & RG_BORDER_BOTTOM) && add_line(page, x, ybot, x + w, ybot, bw, err) < 0)
                    return -1;
                if ((sides & RG_BORDER_LEFT) && add_line(page, x, ytop, x, ybot, bw, err) < 0)
                    return -1;
                if ((sides & RG_BORDER_RIGHT) && add_line(page, x + w, ytop, x + w, ybot, bw, err) < 0)
                    return -1;
            }
        }
    }
    return 0;
}
