/* The layout driver (layout.h): sections -> pages. Bodies are turned into
 * strips (layout_flow.c, layout_table.c) and cut into pages here under the
 * keep rules; running headers and footers are laid out afterwards, once the
 * number of pages is known, so "page X of Y" resolves on every page. */
#include "layout/layout_internal.h"
#include "text/linebreak.h"
#include "util/buf.h"
#include "util/vec.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rg_layout_options_init(rg_layout_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->widow_orphan_control = 1;
    opts->min_split_lines = 2;
    opts->header_gap = 6;
}

static float grid(float v)
{
    return roundf(v * 1024.0f) / 1024.0f;
}

static int oom(rg_error *err)
{
    return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
}

/* Per-section geometry and its laid-out running header and footer. */
typedef struct sec_state {
    float x0, width;
    float body_top, body_avail;     /* PDF y of the body's top; its height */
    float header_top, footer_top;   /* PDF y of the header's and the footer's top edge */
    lo_seq header, footer;          /* laid out once; again per page when dynamic */
    int header_dynamic, footer_dynamic;  /* contain page-number inlines */
    size_t first_page, page_count;
    float marker_height;            /* room kept under the body for the continuation marker */
    size_t *body_start;             /* per page of the section: first item after repeated headers */
    size_t body_start_count, body_start_cap;
} sec_state;

static float strip_height(const lo_seq *q, size_t i, const lo_band *rest, size_t k)
{
    const lo_band *b = (i == k && rest) ? rest : q->strips[i].band;
    return b ? lo_band_height(b) : q->strips[i].height;
}

/* A band kept whole on one page: several rows tied by rowspans (an activity
 * with its detail rows) or a row marked keep-together, unless it is taller
 * than a page. */
static int band_kept_whole(const lo_band *b, float room)
{
    return b && !b->header && b->keep_whole && lo_band_height(b) <= room + LO_EPS;
}

/* Height of the keep chain that starts at strip g (g and every following
 * strip tied to its predecessor by keep_with_prev). A table row that may be
 * cut counts only with the lines a page must hold of it (a heading kept with
 * a long first row still moves with that row's start). */
static float chain_height(const lo_ctx *c, const lo_seq *q, size_t g, float avail)
{
    float h = 0;
    for (size_t i = g; i < q->count; i++) {
        if (i > g && !q->strips[i].keep_with_prev)
            break;
        if (q->strips[i].kind == LO_BREAK)
            break;
        const lo_band *b = q->strips[i].band;
        float sh = strip_height(q, i, NULL, (size_t)-1);
        if (b && !b->header && !band_kept_whole(b, avail))
            sh = lo_band_min_height(c, b);
        h += (i > g ? q->strips[i].space_before : 0) + sh;
    }
    return h;
}

/* Room a chain starting at g would have at the top of a fresh page (a table
 * body row gets its header rows repeated above it). */
static float fresh_room(const lo_seq *q, size_t g, float avail)
{
    const lo_band *b = q->strips[g].band;
    if (b && !b->header && b->table->nheaders && b->table->header_height <= avail / 2)
        return avail - b->table->header_height;
    return avail;
}

/* Strip i is a body row tied to the body row before it (keep_with_next). */
static int row_link(const lo_seq *q, size_t i)
{
    if (i == 0 || i >= q->count || !q->strips[i].keep_with_prev)
        return 0;
    const lo_band *a = q->strips[i - 1].band, *b = q->strips[i].band;
    return a && b && a->table == b->table && !a->header && !b->header;
}

/* Where the page that starts at s ends when strip k does not fit. */
static size_t break_before(const lo_ctx *c, const lo_seq *q, size_t s, size_t k, float avail)
{
    size_t j = lo_choose_break(q->strips, s, k);
    /* Moving a keep chain that will not fit on a page either gains nothing. */
    if (j < k && chain_height(c, q, j, avail) > fresh_room(q, j, avail) + LO_EPS)
        return k;
    return j;
}

/* Cuts the body sequence into pages appended to out. */
static int paginate(lo_ctx *c, const lo_seq *q, const rg_section *sec, sec_state *ss,
                    rg_display *out, rg_error *err)
{
    size_t k = 0;
    lo_band *rest = NULL;
    int first = 1;
    float avail = ss->body_avail;
    for (;;) {
        while (!rest && k < q->count && q->strips[k].kind == LO_BREAK)
            k++;
        if (!first && !rest && k >= q->count)
            break;
        first = 0;
        rg_page *page = rg_display_add_page(out, sec->page_width, sec->page_height);
        if (!page)
            return oom(err);

        /* A table continued from the previous page repeats its header rows. */
        lo_band *lead = rest ? rest : (k < q->count ? q->strips[k].band : NULL);
        lo_table *rep = lead && !lead->header && lead->table->started && lead->table->nheaders &&
                                lead->table->header_height <= avail / 2
                            ? lead->table : NULL;
        float y = rep ? rep->header_height : 0;
        size_t *bs = rg_vec_reserve(ss->body_start, ss->body_start_count, &ss->body_start_cap,
                                    sizeof *bs, 16);
        if (!bs)
            return oom(err);
        ss->body_start = bs;
        size_t s = k, e = q->count;
        int placed = 0, have_cut = 0;
        lo_band_cut cut;
        memset(&cut, 0, sizeof cut);
        for (size_t i = k; i < q->count; i++) {
            const lo_strip *st = &q->strips[i];
            lo_band *band = (i == k && rest) ? rest : st->band;
            if (st->kind == LO_BREAK) {
                e = i + 1;
                break;
            }
            float sp = placed ? st->space_before : 0;
            float h = band ? lo_band_height(band) : st->height;
            if (y + sp + h <= avail + LO_EPS) {
                y += sp + h;
                placed++;
                continue;
            }
            /* A table's header row is not cut when a fresh page holds it: it
             * moves to the next page with what is kept with it (the heading
             * before it, the first body row after it). One taller than a
             * page is cut like any row, or it would run off the page. */
            int whole_header = band && band->header && placed && h <= avail + LO_EPS;
            if (!band || whole_header) {
                /* A strip taller than a whole page goes alone (it overflows). */
                e = placed ? break_before(c, q, s, i, avail) : i + 1;
                break;
            }
            /* Rows kept together (an activity and its detail rows) move to
             * the next page when they fit there. */
            size_t g = i;
            while (g > s && row_link(q, g))
                g--;
            int grouped = g < i || (i + 1 < q->count && row_link(q, i + 1));
            if (grouped && g > s && chain_height(c, q, g, avail) <= fresh_room(q, g, avail) + LO_EPS) {
                e = g;
                break;
            }
            /* An activity with its detail rows (rows tied by rowspans) moves
             * whole to the next page when it fits there. */
            if (placed && band_kept_whole(band, fresh_room(q, i, avail))) {
                e = break_before(c, q, s, i, avail);
                break;
            }
            /* Cut the row here if each cut cell keeps enough lines; else it
             * starts the next page (where it is cut only if taller than it,
             * still keeping min_split_lines on each side when it can). */
            float room = avail - y - sp;
            int r = lo_band_cut_at(c, band, room, 1, &cut, err);
            if (r < 0)
                return -1;
            if (r == 0 && placed) {
                e = break_before(c, q, s, i, avail);
                break;
            }
            if (r == 0 && (r = lo_band_cut_at(c, band, room, 0, &cut, err)) < 0)
                return -1;
            if (r == 1) {
                have_cut = 1;
                e = i;
                break;
            }
            placed++;   /* not even one line fits on an empty page: place it whole */
            e = i + 1;
            break;
        }

        /* Draw the page. */
        float top = ss->body_top, yy = 0;
        if (rep) {
            for (size_t h = 0; h < rep->nheaders; h++) {
                if (lo_band_emit(c, rep->headers[h], NULL, ss->x0, top - yy, page, err) < 0)
                    goto fail;
                yy += lo_band_height(rep->headers[h]);
            }
        }
        ss->body_start[ss->body_start_count++] = page->item_count;
        int n = 0;
        size_t last = have_cut ? e + 1 : e;
        for (size_t i = s; i < last && i < q->count; i++) {
            const lo_strip *st = &q->strips[i];
            lo_band *band = (i == k && rest) ? rest : st->band;
            if (st->kind == LO_BREAK)
                continue;
            if (n++)
                yy += st->space_before;
            if (band) {
                const lo_band_cut *bc = (have_cut && i == e) ? &cut : NULL;
                if (lo_band_emit(c, band, bc, ss->x0, top - yy, page, err) < 0)
                    goto fail;
                band->table->started = 1;
                yy += bc ? bc->height : lo_band_height(band);
            } else {
                if (lo_emit_items(page, st->items, st->item_count, ss->x0, top - yy, err) < 0)
                    goto fail;
                yy += st->height;
            }
        }
        if (have_cut) {
            rest = cut.rest;
            k = e;
            lo_band_cut_release(&cut);
        } else {
            rest = NULL;
            k = e;
        }
        continue;
    fail:
        lo_band_cut_release(&cut);
        return -1;
    }
    return 0;
}

/* ---- continuation markers ---- */

/* The marker paragraph for `text`: the section's continuation block (its
 * props and spacing), right-aligned, laid out at the body width. */
static int flow_marker(lo_ctx *c, const rg_section *s, const sec_state *ss, const char *text,
                       lo_seq *q, rg_error *err)
{
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, &s->continuation->props);
    if (!b || rg_inlines_push_text(&b->inlines, text, strlen(text), 0, 0) < 0) {
        rg_block_free(b);
        return oom(err);
    }
    b->box = s->continuation->box;
    b->box.align = RG_ALIGN_RIGHT;
    b->box.space_before = b->box.space_after = 0;
    b->box.keep_with_next = b->box.keep_together = 0;
    rg_blocks list = {&b, 1, 1};
    int rc = lo_flow_blocks(c, &list, 0, ss->width, q, err);
    rg_block_free(b);
    return rc;
}

/* "/" and the first words of the text that starts a page, then "...":
 * "/๗.ระยะเวลา..." (seed 004). The words are the page's first line (the
 * runs on the baseline of its first text item) up to the first word break
 * after at least 6 letters, its spaces left out as the typists write it. */
static int marker_text(const rg_page *pg, size_t from, rg_buf *out, rg_error *err)
{
    const rg_item *first = NULL;
    for (size_t i = from; i < pg->item_count && !first; i++)
        if (pg->items[i].kind == RG_ITEM_TEXT && pg->items[i].run.text_len)
            first = &pg->items[i];
    if (!first)
        return 0;
    rg_buf line = RG_BUF_INIT;
    float at = -1e9f;
    for (;;) {  /* the runs of the first line, left to right */
        const rg_item *next = NULL;
        for (size_t i = from; i < pg->item_count; i++) {
            const rg_item *it = &pg->items[i];
            if (it->kind == RG_ITEM_TEXT && it->run.text_len && fabsf(it->y - first->y) < 0.5f &&
                it->x > at + 0.01f && (!next || it->x < next->x))
                next = it;
        }
        if (!next)
            break;
        rg_buf_append(&line, next->run.text, next->run.text_len);
        at = next->x;
    }
    if (!line.data) {
        rg_buf_free(&line);
        return oom(err);
    }
    size_t len = line.len;
    uint8_t *flags = malloc(len + 1);
    if (!flags) {
        rg_buf_free(&line);
        return oom(err);
    }
    if (rg_linebreak_analyze(line.data, len, flags, err) < 0) {
        free(flags);
        rg_buf_free(&line);
        return -1;
    }
    rg_buf_puts(out, "/");
    size_t letters = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)line.data[i];
        if (i > 0 && (flags[i] & RG_BRK_ALLOWED) && letters >= 6)
            break;
        if (ch == ' ' || ch == '\t' || ch == '\n')
            continue;
        if ((ch & 0xC0) != 0x80)
            letters++;
        rg_buf_append(out, &line.data[i], 1);
    }
    rg_buf_puts(out, "...");
    free(flags);
    rg_buf_free(&line);
    return out->data ? 0 : oom(err);
}

/* Prints the continuation marker at the foot of every page of the section
 * but its last, in the room kept for it under the body. */
static int add_markers(lo_ctx *c, const rg_section *s, const sec_state *ss, rg_display *d,
                       rg_error *err)
{
    for (size_t p = 0; p + 1 < ss->page_count; p++) {
        rg_buf text = RG_BUF_INIT;
        int rc = marker_text(&d->pages[ss->first_page + p + 1], ss->body_start[p + 1], &text, err);
        if (rc == 0 && text.len) {
            lo_seq q;
            lo_seq_init(&q);
            rc = flow_marker(c, s, ss, text.data, &q, err);
            if (rc == 0)
                rc = lo_emit_strips(c, &q, 0, q.count, ss->x0, ss->body_top - ss->body_avail,
                                    &d->pages[ss->first_page + p], err);
            lo_seq_free(&q);
        }
        rg_buf_free(&text);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Digits of a page number; the text engine turns them Thai per the block. */
static void set_fields(lo_page_fields *f, int shown, int number, int count)
{
    if (!shown) {
        f->number[0] = f->count[0] = '\0';
        return;
    }
    snprintf(f->number, sizeof f->number, "%d", number);
    snprintf(f->count, sizeof f->count, "%d", count);
}

/* Lays out a header or footer once; *dynamic says whether it shows page numbers. */
static int flow_running(lo_ctx *c, const rg_blocks *blocks, float width, lo_seq *q, int *dynamic,
                        rg_error *err)
{
    lo_page_fields placeholder;
    set_fields(&placeholder, 1, 8, 8);
    c->fields = &placeholder;
    c->saw_page_field = 0;
    int rc = lo_flow_blocks(c, blocks, 0, width, q, err);
    *dynamic = c->saw_page_field;
    c->fields = NULL;
    return rc;
}

static int prepare_section(lo_ctx *c, const rg_section *s, sec_state *ss, rg_error *err)
{
    ss->x0 = grid(s->margin_left);
    ss->width = s->page_width - s->margin_left - s->margin_right;
    if (ss->width < 10)
        return rg_error_set(err, RG_ERR_INPUT,
                            "layout: the margins leave no room on a %.0f pt wide page",
                            (double)s->page_width);
    if (flow_running(c, &s->header, ss->width, &ss->header, &ss->header_dynamic, err) < 0 ||
        flow_running(c, &s->footer, ss->width, &ss->footer, &ss->footer_dynamic, err) < 0)
        return -1;
    float gap = c->opts.header_gap;
    float top = s->margin_top, bottom = s->margin_bottom;
    float hoff = s->header_offset > 0 ? s->header_offset : s->margin_top * 0.4f;
    float foff = s->footer_offset > 0 ? s->footer_offset : s->margin_bottom * 0.4f;
    float hh = lo_seq_height(&ss->header, 0), fh = lo_seq_height(&ss->footer, 0);
    /* A header missing from the first page must not move that page's body
     * (nor, the frame being one per section, any other page's): it is
     * raised into the top margin, as far as the page's top edge; only a
     * header taller than the whole margin still pushes the body. */
    if (ss->header.count && s->header_skip_first && hoff + hh + gap > top)
        hoff = top - hh - gap > 0 ? top - hh - gap : 0;
    if (ss->header.count && hoff + hh + gap > top)
        top = hoff + hh + gap;
    if (ss->footer.count && foff + fh + gap > bottom)
        bottom = foff + fh + gap;
    ss->header_top = s->page_height - hoff;
    ss->footer_top = foff + fh;
    ss->body_top = s->page_height - top;
    ss->body_avail = s->page_height - top - bottom;
    if (s->continuation) {   /* the marker's line is taken from the body's foot */
        lo_seq q;
        lo_seq_init(&q);
        int rc = flow_marker(c, s, ss, "/...", &q, err);
        ss->marker_height = lo_seq_height(&q, 0);
        lo_seq_free(&q);
        if (rc < 0)
            return -1;
        ss->body_avail -= ss->marker_height;
    }
    if (ss->body_avail < 20)
        return rg_error_set(err, RG_ERR_INPUT,
                            "layout: margins, header and footer leave no room for the body");
    return 0;
}

/* Draws the running header or footer of one page. */
static int emit_running(lo_ctx *c, const rg_blocks *blocks, const lo_seq *fixed, int dynamic,
                        const sec_state *ss, float top, const lo_page_fields *f, rg_page *page,
                        rg_error *err)
{
    if (!dynamic)
        return lo_emit_strips(c, fixed, 0, fixed->count, ss->x0, top, page, err);
    lo_seq q;
    lo_seq_init(&q);
    c->fields = f;
    int rc = lo_flow_blocks(c, blocks, 0, ss->width, &q, err);
    c->fields = NULL;
    if (rc == 0)
        rc = lo_emit_strips(c, &q, 0, q.count, ss->x0, top, page, err);
    lo_seq_free(&q);
    return rc;
}

/* Moves the page's items from index `from` on to the front: the running
 * header is drawn first, so it is read first (pdftotext -raw, screen
 * readers), as the title at the top of each seed page. */
static int items_to_front(rg_page *page, size_t from)
{
    size_t n = page->item_count - from;
    if (n == 0 || from == 0)
        return 0;
    rg_item *moved = malloc(n * sizeof *moved);
    if (!moved)
        return -1;
    memcpy(moved, page->items + from, n * sizeof *moved);
    memmove(page->items + n, page->items, from * sizeof *moved);
    memcpy(page->items, moved, n * sizeof *moved);
    free(moved);
    return 0;
}

static char *dup_or_null(const char *s, int *failed)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *failed = 1;
    return d;
}

static int copy_info(rg_doc_info *dst, const rg_doc_info *src)
{
    int failed = 0;
    dst->title = dup_or_null(src->title, &failed);
    dst->author = dup_or_null(src->author, &failed);
    dst->subject = dup_or_null(src->subject, &failed);
    dst->keywords = dup_or_null(src->keywords, &failed);
    dst->creator = dup_or_null(src->creator, &failed);
    dst->date = dup_or_null(src->date, &failed);
    return failed ? -1 : 0;
}

int rg_layout_document_ex(const rg_document *doc, rg_fontlib *fonts,
                          const rg_layout_options *opts, rg_display *out, rg_error *err)
{
    assert(doc && fonts && out);
    lo_ctx c;
    memset(&c, 0, sizeof c);
    c.fonts = fonts;
    c.images = &doc->images;
    if (opts)
        c.opts = *opts;
    else
        rg_layout_options_init(&c.opts);
    rg_display d;
    rg_display_init(&d);
    int rc = -1;
    size_t ns = doc->section_count;
    sec_state *ss = calloc(ns ? ns : 1, sizeof *ss);
    if (!ss)
        return oom(err);

    lo_prepare(&c, doc);

    /* Pass 1: bodies into pages. */
    for (size_t i = 0; i < ns; i++) {
        const rg_section *s = doc->sections[i];
        if (prepare_section(&c, s, &ss[i], err) < 0)
            goto done;
        c.body_height = ss[i].body_avail;
        lo_seq body;
        lo_seq_init(&body);
        ss[i].first_page = d.page_count;
        int r = lo_flow_blocks(&c, &s->body, 0, ss[i].width, &body, err);
        if (r == 0)
            r = paginate(&c, &body, s, &ss[i], &d, err);
        lo_seq_free(&body);
        if (r < 0) {
            rg_error_prefix(err, "section %zu: ", i + 1);
            goto done;
        }
        ss[i].page_count = d.page_count - ss[i].first_page;
        if (s->continuation && add_markers(&c, s, &ss[i], &d, err) < 0) {
            rg_error_prefix(err, "section %zu: ", i + 1);
            goto done;
        }
    }

    /* Pass 2: running headers and footers, with page X of Y. Numbering runs
     * from a section that restarts it to the next one that does. */
    for (size_t i = 0; i < ns;) {
        size_t j = i + 1;
        while (j < ns && !doc->sections[j]->restart_page_numbers)
            j++;
        int count = 0;
        for (size_t t = i; t < j; t++)
            count += (int)ss[t].page_count;
        int number = 0;
        for (size_t t = i; t < j; t++) {
            const rg_section *s = doc->sections[t];
            for (size_t p = 0; p < ss[t].page_count; p++) {
                lo_page_fields f;
                set_fields(&f, s->number_pages, ++number, count);
                rg_page *page = &d.pages[ss[t].first_page + p];
                size_t body_items = page->item_count;
                if (!(p == 0 && s->header_skip_first) &&
                    emit_running(&c, &s->header, &ss[t].header, ss[t].header_dynamic, &ss[t],
                                 ss[t].header_top, &f, page, err) < 0)
                    goto done;
                if (items_to_front(page, body_items) < 0) {
                    oom(err);
                    goto done;
                }
                if (emit_running(&c, &s->footer, &ss[t].footer, ss[t].footer_dynamic, &ss[t],
                                 ss[t].footer_top, &f, page, err) < 0)
                    goto done;
            }
        }
        i = j;
    }
    if (copy_info(&d.info, &doc->info) < 0 || rg_image_set_copy(&d.images, &doc->images) < 0) {
        oom(err);
        goto done;
    }
    rc = 0;
done:
    for (size_t i = 0; i < ns; i++) {
        lo_seq_free(&ss[i].header);
        lo_seq_free(&ss[i].footer);
        free(ss[i].body_start);
    }
    free(ss);
    for (size_t i = 0; i < c.ntables; i++)
        lo_table_free(c.tables[i]);
    free(c.tables);
    if (rc < 0) {
        rg_display_free(&d);
        return -1;
    }
    rg_display_free(out);
    *out = d;
    return 0;
}

int rg_layout_document(const rg_document *doc, rg_fontlib *fonts, rg_display *out,
                       rg_error *err)
{
    return rg_layout_document_ex(doc, fonts, NULL, out, err);
}
