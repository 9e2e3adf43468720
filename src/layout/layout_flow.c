/* Blocks -> strips: paragraphs, label/value fields, lists, images, signature
 * blocks and groups become sequences of unbreakable strips with their page
 * break rules (see layout_internal.h); tables are left to layout_table.c.
 * Every paragraph is shaped and broken once, here, at its final width. */
#include "layout/layout_internal.h"
#include "util/buf.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- sequences ---- */

void lo_seq_init(lo_seq *q)
{
    memset(q, 0, sizeof *q);
}


static void strip_release(lo_strip *s)
{
    for (size_t i = 0; i < s->item_count; i++)
        rg_item_release(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->item_count = s->item_cap = 0;
}

void lo_seq_free(lo_seq *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->count; i++)
        strip_release(&q->strips[i]);
    free(q->strips);
    lo_seq_init(q);
}

static int seq_reserve(lo_seq *q, size_t n)
{
    if (q->count + n <= q->cap)
        return 0;
    size_t cap = q->cap ? q->cap * 2 : 16;
    while (cap < q->count + n)
        cap *= 2;
    lo_strip *p = realloc(q->strips, cap * sizeof *p);
    if (!p)
        return -1;
    q->strips = p;
    q->cap = cap;
    return 0;
}

lo_strip *lo_seq_add(lo_seq *q, lo_kind kind)
{
    if (seq_reserve(q, 1) < 0)
        return NULL;
    lo_strip *s = &q->strips[q->count++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->space_before = q->pending_space;
    s->keep_with_prev = q->pending_keep;
    q->pending_space = 0;
    q->pending_keep = 0;
    return s;
}

/* Moves the item's owned parts into the strip. */
static int lo_strip_add_item(lo_strip *s, const rg_item *item)
{
    rg_item *p = rg_vec_reserve(s->items, s->item_count, &s->item_cap, sizeof *p, 8);
    if (!p) {
        rg_item tmp = *item;
        rg_item_release(&tmp);
        return -1;
    }
    s->items = p;
    s->items[s->item_count++] = *item;
    return 0;
}

/* Appends every strip of src to dst (src is left empty); src's first strip
 * takes dst's pending space and keep, dst takes src's. */
static int seq_move(lo_seq *dst, lo_seq *src)
{
    if (seq_reserve(dst, src->count) < 0)
        return -1;
    for (size_t i = 0; i < src->count; i++) {
        lo_strip s = src->strips[i];
        if (i == 0) {
            s.space_before += dst->pending_space;
            s.keep_with_prev |= dst->pending_keep;
            dst->pending_space = 0;
            dst->pending_keep = 0;
        }
        dst->strips[dst->count++] = s;
    }
    dst->pending_space += src->pending_space;
    dst->pending_keep |= src->pending_keep;
    free(src->strips);
    lo_seq_init(src);
    return 0;
}

static void shift_items(lo_strip *s, float dy)
{
    for (size_t i = 0; i < s->item_count; i++) {
        s->items[i].y += dy;
        s->items[i].y2 += dy;
    }
}

/* Lays the strips of side over those of base, index by index, aligning
 * baselines: a label beside the lines of its value, a list marker beside the
 * first line of its item. side is left empty. In each shared strip the side
 * items come first, so the label is read before its value. */
static int seq_overlay(lo_seq *base, lo_seq *side)
{
    for (size_t i = 0; i < side->count; i++) {
        lo_strip *s = &side->strips[i];
        if (i < base->count && base->strips[i].kind == LO_ATOM && s->kind == LO_ATOM) {
            lo_strip *b = &base->strips[i];
            float bl = fmaxf(b->baseline, s->baseline);
            float below = fmaxf(b->height - b->baseline, s->height - s->baseline);
            shift_items(b, bl - b->baseline);
            shift_items(s, bl - s->baseline);
            for (size_t k = 0; k < s->item_count; k++) {
                if (lo_strip_add_item(b, &s->items[k]) < 0) {
                    for (size_t r = k + 1; r < s->item_count; r++)
                        rg_item_release(&s->items[r]);
                    s->item_count = 0;
                    lo_seq_free(side);
                    return -1;
                }
            }
            /* The side items (label, marker) go first: content streams are
             * read in order (pdftotext -raw, screen readers, copy and paste),
             * and a label is read before its value. */
            size_t nb = b->item_count - s->item_count;
            rg_item *moved = malloc(s->item_count * sizeof *moved);
            if (!moved && s->item_count) {
                s->item_count = 0;
                lo_seq_free(side);
                return -1;
            }
            if (s->item_count) {
                memcpy(moved, b->items + nb, s->item_count * sizeof *moved);
                memmove(b->items + s->item_count, b->items, nb * sizeof *moved);
                memcpy(b->items, moved, s->item_count * sizeof *moved);
            }
            free(moved);
            s->item_count = 0;
            b->height = bl + below;
            b->baseline = bl;
            continue;
        }
        /* The side column is longer, or the base strip is a table: insert. */
        if (seq_reserve(base, 1) < 0) {
            lo_seq_free(side);
            return -1;
        }
        size_t at = i < base->count ? i : base->count;
        memmove(base->strips + at + 1, base->strips + at, (base->count - at) * sizeof *base->strips);
        base->strips[at] = *s;
        base->strips[at].keep_with_prev = at > 0;
        base->count++;
        if (at + 1 < base->count) {
            base->strips[at].space_before = base->strips[at + 1].space_before;
            base->strips[at + 1].space_before = 0;
            base->strips[at + 1].keep_with_prev = 1;
        }
        memset(s, 0, sizeof *s);
    }
    lo_seq_free(side);
    return 0;
}

float lo_seq_height(const lo_seq *q, size_t first)
{
    float h = 0;
    for (size_t i = first; i < q->count; i++)
        h += (i > first ? q->strips[i].space_before : 0) + q->strips[i].height;
    return h;
}

size_t lo_choose_break(const lo_strip *st, size_t s, size_t k)
{
    for (size_t j = k; j > s; j--)
        if (!st[j].keep_with_prev && !st[j].poor_break)
            return j;
    for (size_t j = k; j > s; j--)
        if (!st[j].keep_with_prev)
            return j;
    return k;
}

size_t lo_seq_fit(const lo_seq *q, size_t first, float avail, float *used)
{
    float y = 0;
    size_t i;
    for (i = first; i < q->count; i++) {
        const lo_strip *s = &q->strips[i];
        float h = (i > first ? s->space_before : 0) + s->height;
        if (s->kind == LO_BREAK || y + h > avail + LO_EPS)
            break;
        y += h;
    }
    if (i < q->count && i > first) {
        size_t j = lo_choose_break(q->strips, first, i);
        if (j < i)
            y = lo_seq_height(q, first) - lo_seq_height(q, j) - q->strips[j].space_before;
        i = j;
    }
    if (used)
        *used = y;
    return i - first;
}

/* ---- emission ---- */

int lo_emit_items(rg_page *page, const rg_item *items, size_t n, float dx, float top,
                  rg_error *err)
{
    for (size_t i = 0; i < n; i++) {
        rg_item it = items[i];
        memset(&it.run, 0, sizeof it.run);
        it.path = NULL;
        if (items[i].kind == RG_ITEM_TEXT && rg_glyph_run_copy(&it.run, &items[i].run) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
        if (items[i].path && !(it.path = strdup(items[i].path))) {
            rg_glyph_run_release(&it.run);
            return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
        }
        it.x += dx;
        it.x2 += dx;
        if (it.kind == RG_ITEM_TEXT || it.kind == RG_ITEM_LINE) {
            it.y = top - it.y;
            it.y2 = top - it.y2;
        } else {
            it.y = top - it.y - it.h;
        }
        if (rg_page_add_item(page, &it) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
    }
    return 0;
}

int lo_emit_strips(lo_ctx *c, const lo_seq *q, size_t from, size_t to, float dx, float top,
                   rg_page *page, rg_error *err)
{
    float y = 0;
    for (size_t i = from; i < to; i++) {
        const lo_strip *s = &q->strips[i];
        if (i > from)
            y += s->space_before;
        if (s->kind == LO_ATOM) {
            if (lo_emit_items(page, s->items, s->item_count, dx, top - y, err) < 0)
                return -1;
        } else if (s->kind == LO_BAND) {
            if (lo_band_emit(c, s->band, NULL, dx, top - y, page, err) < 0)
                return -1;
        }
        y += s->height;
    }
    return 0;
}

/* ---- text ---- */

static uint32_t lo_color_rgb(rg_color c)
{
    float v[3] = {c.r, c.g, c.b};
    uint32_t rgb = 0;
    for (int i = 0; i < 3; i++) {
        float f = v[i] < 0 ? 0 : v[i] > 1 ? 1 : v[i];
        rgb = rgb << 8 | (uint32_t)lrintf(f * 255.0f);
    }
    return rgb;
}

static rg_color lo_rgb_color(uint32_t rgb)
{
    rg_color c = {((rgb >> 16) & 255) / 255.0f, ((rgb >> 8) & 255) / 255.0f, (rgb & 255) / 255.0f};
    return c;
}

float lo_props_size(const rg_text_props *p)
{
    return p->size > 0 ? p->size : 16.0f;
}

typedef struct span_list {
    rg_text_span *items;
    size_t count, cap;
} span_list;

static int span_push(span_list *l, const char *text, size_t len, rg_font *font,
                     const rg_text_props *p, unsigned flags, float size)
{
    rg_text_span *grown = rg_vec_reserve(l->items, l->count, &l->cap, sizeof *grown, 8);
    if (!grown)
        return -1;
    l->items = grown;
    flags |= (p->bold ? RG_INLINE_BOLD : 0) | (p->italic ? RG_INLINE_ITALIC : 0) |
             (p->underline ? RG_INLINE_UNDERLINE : 0);
    rg_text_span *s = &l->items[l->count++];
    memset(s, 0, sizeof *s);
    s->text = text;
    s->len = len;
    s->font = font;
    s->style = (flags & RG_INLINE_BOLD ? RG_STYLE_BOLD : 0) |
               (flags & RG_INLINE_ITALIC ? RG_STYLE_ITALIC : 0);
    s->size = size > 0 ? size : lo_props_size(p);
    s->underline = (flags & RG_INLINE_UNDERLINE) != 0;
    s->color = lo_color_rgb(p->color);
    s->thai_digits = p->thai_digits;
    return 0;
}

static rg_font *props_font(lo_ctx *c, const rg_text_props *p, rg_error *err)
{
    return rg_fontlib_font(c->fonts, p->font_families, RG_STYLE_REGULAR, err);
}

static void props_format(const rg_text_props *p, rg_paragraph_format *f)
{
    memset(f, 0, sizeof *f);
    if (p->line_height > 0)
        f->line_height = p->line_height * lo_props_size(p);
    else
        f->line_spacing = 1.0f;
}

/* Spans of a paragraph's inlines, with `suffix` (may be NULL) after them in
 * suffix_flags (RG_INLINE_*). */
static int inline_spans(lo_ctx *c, const rg_inlines *inl, const rg_text_props *p,
                        rg_font *font, const char *suffix, unsigned suffix_flags,
                        span_list *out)
{
    for (size_t i = 0; i < inl->count; i++) {
        const rg_inline *it = &inl->items[i];
        const char *t = NULL;
        switch (it->kind) {
        case RG_INLINE_TEXT: t = it->text ? it->text : ""; break;
        case RG_INLINE_LINE_BREAK: t = "\n"; break;
        case RG_INLINE_PAGE_NUMBER:
            c->saw_page_field = 1;
            t = c->fields ? c->fields->number : "";
            break;
        case RG_INLINE_PAGE_COUNT:
            c->saw_page_field = 1;
            t = c->fields ? c->fields->count : "";
            break;
        case RG_INLINE_LEADER: t = " "; break;   /* outside a paragraph (a label): a space */
        }
        if (span_push(out, t, strlen(t), font, p, it->flags, it->size) < 0)
            return -1;
    }
    if (suffix && *suffix &&
        span_push(out, suffix, strlen(suffix), font, p, suffix_flags, 0) < 0)
        return -1;
    if (out->count == 0 && span_push(out, "", 0, font, p, 0, 0) < 0)
        return -1;
    return 0;
}

/* Lays out inlines (+ suffix in suffix_flags) with props at fmt (whose
 * metrics fields are filled from props). */
static int layout_inlines(lo_ctx *c, const rg_inlines *inl, const char *suffix,
                          unsigned suffix_flags, const rg_text_props *p,
                          rg_paragraph_format *fmt, rg_paragraph *out, rg_error *err)
{
    rg_font *font = props_font(c, p, err);
    if (!font)
        return -1;
    span_list spans = {0};
    if (inline_spans(c, inl, p, font, suffix, suffix_flags, &spans) < 0) {
        free(spans.items);
        return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
    }
    int rc = rg_paragraph_layout(spans.items, spans.count, fmt, out, err);
    free(spans.items);
    return rc;
}

/* Plain text, wrapped at width (0: not wrapped). */
static int layout_plain(lo_ctx *c, const char *text, float width, const rg_text_props *p,
                        rg_paragraph *out, rg_error *err)
{
    rg_font *font = props_font(c, p, err);
    if (!font)
        return -1;
    span_list spans = {0};
    if (span_push(&spans, text, strlen(text), font, p, 0, 0) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
    rg_paragraph_format fmt;
    props_format(p, &fmt);
    fmt.width = width;
    int rc = rg_paragraph_layout(spans.items, spans.count, &fmt, out, err);
    free(spans.items);
    return rc;
}

/* Ink width of a laid-out paragraph's widest line, from its left edge. */
static float para_width(const rg_paragraph *p)
{
    float w = 0;
    for (size_t i = 0; i < p->line_count; i++)
        w = fmaxf(w, p->lines[i].x + p->lines[i].width);
    return w;
}

/* Moves the runs of line into strip items, the line's ink starting at x and
 * its baseline at `baseline` below the strip top. */
static int put_line(lo_strip *s, rg_text_line *line, float x, float baseline)
{
    for (size_t r = 0; r < line->run_count; r++) {
        rg_line_run *lr = &line->runs[r];
        rg_item it;
        memset(&it, 0, sizeof it);
        it.kind = RG_ITEM_TEXT;
        it.x = x + (lr->x - line->x);
        it.y = baseline;
        it.color = lo_rgb_color(lr->color);
        it.run = lr->run;
        memset(&lr->run, 0, sizeof lr->run);
        float width = it.run.width;
        if (lo_strip_add_item(s, &it) < 0)
            return -1;
        if (lr->underline && lr->underline_thickness > 0) {
            rg_item u;
            memset(&u, 0, sizeof u);
            u.kind = RG_ITEM_LINE;
            u.x = x + (lr->x - line->x);
            u.x2 = u.x + width;
            u.y = u.y2 = baseline + lr->underline_y;
            u.line_width = lr->underline_thickness;
            u.color = lo_rgb_color(lr->color);
            if (lo_strip_add_item(s, &u) < 0)
                return -1;
        }
    }
    return 0;
}

/* A new strip for one text line, as tall as the line. */
static lo_strip *line_strip(lo_seq *q, const rg_text_line *line)
{
    lo_strip *s = lo_seq_add(q, LO_ATOM);
    if (s) {
        s->height = line->height;
        s->baseline = line->baseline;
    }
    return s;
}

/* The lines of a paragraph as strips, its left edge at x. */
static int add_lines(lo_ctx *c, rg_paragraph *para, float x, lo_seq *q, int keep_together)
{
    size_t n = para->line_count;
    for (size_t i = 0; i < n; i++) {
        rg_text_line *line = &para->lines[i];
        lo_strip *s = line_strip(q, line);
        if (!s)
            return -1;
        if (i > 0 && keep_together)
            s->keep_with_prev = 1;
        if (c->opts.widow_orphan_control && n >= 2 && (i == 1 || i == n - 1))
            s->poor_break = 1;
        if (put_line(s, line, x + line->x, line->baseline) < 0)
            return -1;
    }
    return 0;
}

static int oom(rg_error *err)
{
    return rg_error_set(err, RG_ERR_NOMEM, "layout: out of memory");
}

/* ---- blocks ---- */

static rg_item dotted_line(const rg_text_props *p, float x, float len, float baseline);

/* One output line of a paragraph with leaders: the lines of its pieces that
 * meet on it, and the dots between them. */
typedef struct leader_line {
    rg_text_line *parts[8];
    size_t part_count;
    float dots_from[8], dots_to[8];
    size_t dots_count;
} leader_line;

/* The parts of `ln` as one strip, their baselines aligned on the lowest. */
static int leader_line_flush(lo_ctx *c, const rg_block *b, leader_line *ln, float x,
                             lo_seq *q, size_t *lines_made)
{
    if (!ln->part_count)
        return 0;
    float baseline = 0, below = 0;
    for (size_t i = 0; i < ln->part_count; i++) {
        baseline = fmaxf(baseline, ln->parts[i]->baseline);
        below = fmaxf(below, ln->parts[i]->height - ln->parts[i]->baseline);
    }
    lo_strip *s = lo_seq_add(q, LO_ATOM);
    if (!s)
        return -1;
    s->height = baseline + below;
    s->baseline = baseline;
    if (*lines_made > 0 && b->box.keep_together)
        s->keep_with_prev = 1;
    (void)c;
    for (size_t i = 0; i < ln->part_count; i++)
        if (put_line(s, ln->parts[i], x + ln->parts[i]->x, baseline) < 0)
            return -1;
    for (size_t i = 0; i < ln->dots_count; i++) {
        rg_item d = dotted_line(&b->props, x + ln->dots_from[i],
                                ln->dots_to[i] - ln->dots_from[i], baseline);
        if (lo_strip_add_item(s, &d) < 0)
            return -1;
    }
    (*lines_made)++;
    ln->part_count = ln->dots_count = 0;
    return 0;
}

/* A paragraph with dotted leaders, as the headings of an official memo
 * print them ("ส่วนราชการ ....", "ที่ .... วันที่ ...."): the text before
 * each leader is laid out from where the line stands; the leader fills its
 * last line with dots from the end of that text to its stop (the right
 * edge, or leader_to); the text after it starts at the stop, on the same
 * line. Left-aligned; a piece that wraps continues at the left edge. */
static int flow_leader_paragraph(lo_ctx *c, const rg_block *b, float x, float w, lo_seq *q,
                                 rg_error *err)
{
    const rg_inlines *all = &b->inlines;
    float size = lo_props_size(&b->props), gap = size * 0.25f;
    float pen = fmaxf(b->box.first_indent, 0);
    size_t pieces = 1;
    for (size_t i = 0; i < all->count; i++)
        pieces += all->items[i].kind == RG_INLINE_LEADER;
    rg_paragraph *paras = calloc(pieces, sizeof *paras);
    if (!paras)
        return oom(err);
    leader_line ln;
    memset(&ln, 0, sizeof ln);
    size_t made = 0, from = 0, lines_made = 0, first_strip = q->count;
    int rc = 0;
    for (size_t k = 0; k < pieces && rc == 0; k++) {
        size_t to = from;
        while (to < all->count && all->items[to].kind != RG_INLINE_LEADER)
            to++;
        if (k > 0 && from == all->count)
            break;   /* nothing after the last leader: no line of its own */
        rg_inlines piece = {all->items + from, to - from, to - from};
        rg_paragraph_format fmt;
        props_format(&b->props, &fmt);
        fmt.width = fmaxf(w, 1.0f);
        fmt.align = RG_ALIGN_LEFT;
        fmt.indent_first = fminf(pen, fmaxf(w - size, 0));
        if (layout_inlines(c, &piece, NULL, 0, &b->props, &fmt, &paras[k], err) < 0) {
            rc = -1;
            break;
        }
        made++;
        rg_paragraph *p = &paras[k];
        for (size_t i = 0; i < p->line_count && rc == 0; i++) {
            if (i > 0 || ln.part_count == sizeof ln.parts / sizeof *ln.parts)
                rc = leader_line_flush(c, b, &ln, x, q, &lines_made);
            if (rc == 0)
                ln.parts[ln.part_count++] = &p->lines[i];
        }
        if (rc < 0) {
            oom(err);
            break;
        }
        if (to < all->count) {   /* the leader after this piece */
            const rg_text_line *last = &p->lines[p->line_count - 1];
            float end = last->width > 0 ? last->x + last->width : fmaxf(last->x, pen);
            float stop = all->items[to].leader_to > 0 ? fminf(all->items[to].leader_to, w) : w;
            if (stop - (end + gap) >= size * 0.5f &&
                ln.dots_count < sizeof ln.dots_from / sizeof *ln.dots_from) {
                ln.dots_from[ln.dots_count] = end + gap;
                ln.dots_to[ln.dots_count++] = stop;
            }
            pen = stop > end + gap ? stop + gap : end + gap;
            if (pen >= w - size) {   /* no room left on the line: the rest starts a new one */
                if (leader_line_flush(c, b, &ln, x, q, &lines_made) < 0) {
                    rc = oom(err);
                    break;
                }
                pen = 0;
            }
            to++;
        }
        from = to;
    }
    if (rc == 0 && leader_line_flush(c, b, &ln, x, q, &lines_made) < 0)
        rc = oom(err);
    if (rc == 0 && c->opts.widow_orphan_control && lines_made >= 2) {
        q->strips[first_strip + 1].poor_break = 1;
        q->strips[q->count - 1].poor_break = 1;
    }
    for (size_t k = 0; k < made; k++)
        rg_paragraph_free(&paras[k]);
    free(paras);
    return rc;
}

static int flow_paragraph(lo_ctx *c, const rg_block *b, float x, float w, lo_seq *q,
                          rg_error *err)
{
    for (size_t i = 0; i < b->inlines.count; i++)
        if (b->inlines.items[i].kind == RG_INLINE_LEADER)
            return flow_leader_paragraph(c, b, x, w, q, err);
    float fi = b->box.first_indent, base = fi < 0 ? fi : 0;
    rg_paragraph_format fmt;
    props_format(&b->props, &fmt);
    fmt.width = fmaxf(w - base, 1.0f);
    fmt.align = b->box.align;
    fmt.indent_first = fi - base;
    fmt.indent_rest = -base;
    rg_paragraph para;
    if (layout_inlines(c, &b->inlines, NULL, 0, &b->props, &fmt, &para, err) < 0)
        return -1;
    int rc = add_lines(c, &para, x + base, q, b->box.keep_together);
    rg_paragraph_free(&para);
    return rc < 0 ? oom(err) : 0;
}

static int flow_field(lo_ctx *c, const rg_block *b, float x, float w, lo_seq *q, rg_error *err)
{
    const rg_field_block *f = &b->field;
    rg_paragraph_format fmt;
    props_format(&b->props, &fmt);
    rg_paragraph label;
    float lw = f->label_width;
    if (lw <= 0) {
        /* The label's own width, at most half the line. */
        fmt.width = 0;
        if (layout_inlines(c, &f->label, f->separator, f->separator_flags, &b->props, &fmt,
                           &label, err) < 0)
            return -1;
        lw = para_width(&label);
        if (lw > w / 2) {
            rg_paragraph_free(&label);
            lw = w / 2;
            fmt.width = lw;
            if (layout_inlines(c, &f->label, f->separator, f->separator_flags, &b->props,
                               &fmt, &label, err) < 0)
                return -1;
        }
    } else {
        lw = fminf(lw, w * 0.9f);
        fmt.width = lw;
        if (layout_inlines(c, &f->label, f->separator, f->separator_flags, &b->props, &fmt,
                           &label, err) < 0)
            return -1;
    }
    lo_seq lq, vq;
    lo_seq_init(&lq);
    lo_seq_init(&vq);
    int rc = add_lines(c, &label, x, &lq, 1);
    rg_paragraph_free(&label);
    if (rc < 0)
        goto fail_oom;
    if (lo_flow_blocks(c, &f->value, x + lw, w - lw, &vq, err) < 0)
        goto fail;
    if (vq.count && vq.strips[0].space_before > 0)
        vq.strips[0].space_before = 0;   /* the label sets the field's top */
    if (seq_overlay(&vq, &lq) < 0 || seq_move(q, &vq) < 0)
        goto fail_oom;
    return 0;
fail_oom:
    oom(err);
fail:
    lo_seq_free(&lq);
    lo_seq_free(&vq);
    return -1;
}

static void marker_text(const rg_list_block *l, size_t i, char *buf, size_t n)
{
    switch (l->marker) {
    case RG_MARKER_DECIMAL:
        snprintf(buf, n, "%s%d.", l->number_prefix ? l->number_prefix : "", l->start + (int)i);
        break;
    case RG_MARKER_DISC: snprintf(buf, n, "\xE2\x80\xA2"); break;
    case RG_MARKER_DASH: snprintf(buf, n, "-"); break;
    default: buf[0] = '\0'; break;
    }
}

static int flow_list(lo_ctx *c, const rg_block *b, float x, float w, lo_seq *q, rg_error *err)
{
    const rg_list_block *l = &b->list;
    size_t n = l->item_count;
    if (n == 0)
        return 0;
    rg_paragraph *markers = calloc(n, sizeof *markers);
    if (!markers)
        return oom(err);
    int rc = -1;
    size_t made = 0;
    float widest = 0;
    if (l->marker != RG_MARKER_NONE) {
        for (; made < n; made++) {
            char text[160];
            marker_text(l, made, text, sizeof text);
            if (layout_plain(c, text, 0, &b->props, &markers[made], err) < 0)
                goto done;
            widest = fmaxf(widest, para_width(&markers[made]));
        }
    }
    float size = lo_props_size(&b->props);
    float mw = l->marker_width > 0 ? l->marker_width
               : l->marker == RG_MARKER_NONE ? size * 1.25f : widest + size * 0.35f;
    mw = fminf(mw, w / 2);
    for (size_t i = 0; i < n; i++) {
        lo_seq iq, mq;
        lo_seq_init(&iq);
        lo_seq_init(&mq);
        if (lo_flow_blocks(c, &l->items[i], x + mw, w - mw, &iq, err) < 0) {
            lo_seq_free(&iq);
            goto done;
        }
        if (i < made) {
            if (add_lines(c, &markers[i], x, &mq, 1) < 0 || seq_overlay(&iq, &mq) < 0) {
                lo_seq_free(&iq);
                lo_seq_free(&mq);
                oom(err);
                goto done;
            }
        }
        if (seq_move(q, &iq) < 0) {
            lo_seq_free(&iq);
            oom(err);
            goto done;
        }
    }
    rc = 0;
done:
    for (size_t i = 0; i < made; i++)
        rg_paragraph_free(&markers[i]);
    free(markers);
    return rc;
}

static int flow_image(lo_ctx *c, const rg_block *b, float x, float w, lo_seq *q, rg_error *err)
{
    const rg_image_block *im = &b->image;
    int pw, ph;
    if (!im->path)
        return rg_error_set(err, RG_ERR_INPUT, "layout: image block without a file");
    const rg_image_data *held = c->images ? rg_image_set_find(c->images, im->path) : NULL;
    if ((held ? lo_image_size_data(held, &pw, &ph, err) : lo_image_size(im->path, &pw, &ph, err)) < 0)
        return -1;
    float iw = im->width, ih = im->height;
    if (iw > 0 && ih > 0) {
        float s = fminf(iw / pw, ih / ph);
        iw = pw * s;
        ih = ph * s;
    } else if (iw > 0) {
        ih = iw * ph / pw;
    } else if (ih > 0) {
        iw = ih * pw / ph;
    } else {
        iw = pw * 0.75f;   /* 96 dpi */
        ih = ph * 0.75f;
    }
    float s = 1;
    if (iw > w)
        s = w / iw;
    if (c->body_height > 0 && ih * s > c->body_height)
        s = c->body_height / ih;
    iw *= s;
    ih *= s;
    float ix = x;
    if (b->box.align == RG_ALIGN_CENTER)
        ix = x + (w - iw) / 2;
    else if (b->box.align == RG_ALIGN_RIGHT)
        ix = x + w - iw;
    lo_strip *st = lo_seq_add(q, LO_ATOM);
    if (!st)
        return oom(err);
    st->height = st->baseline = ih;
    rg_item it;
    memset(&it, 0, sizeof it);
    it.kind = RG_ITEM_IMAGE;
    it.x = ix;
    it.y = 0;
    it.w = iw;
    it.h = ih;
    if (!(it.path = strdup(im->path)) || lo_strip_add_item(st, &it) < 0)
        return oom(err);
    return 0;
}

/* The lines of para as strips kept with the previous one, each centred on
 * cx but kept inside [x, x + w]. */
static int add_centred(lo_seq *q, rg_paragraph *para, float cx, float x, float w)
{
    for (size_t i = 0; i < para->line_count; i++) {
        rg_text_line *line = &para->lines[i];
        lo_strip *s = line_strip(q, line);
        if (!s)
            return -1;
        s->keep_with_prev = 1;
        float lx = fmaxf(x, fminf(cx - line->width / 2, x + w - line->width));
        if (put_line(s, line, lx, line->baseline) < 0)
            return -1;
    }
    return 0;
}

static rg_item dotted_line(const rg_text_props *p, float x, float len, float baseline)
{
    rg_item dl;
    memset(&dl, 0, sizeof dl);
    dl.kind = RG_ITEM_LINE;
    dl.line_style = RG_LINE_DOTTED;
    dl.line_width = fmaxf(lo_props_size(p) * 0.05f, 0.5f);
    dl.color = p->color;
    dl.x = x;
    dl.x2 = x + len;
    dl.y = dl.y2 = baseline + dl.line_width;
    return dl;
}

/* ลงชื่อ ........ role / (name) / positions: the name and positions centred
 * under the dotted line. Text too long for the frame wraps (a role that does
 * not fit beside the line goes under it). */
static int flow_signature(lo_ctx *c, const rg_block *b, float x, float w, lo_seq *q,
                          rg_error *err)
{
    const rg_signature_block *sig = &b->signature;
    const rg_text_props *p = &b->props;
    float size = lo_props_size(p);
    int plain = sig->no_sign_line;   /* no ลงชื่อ, no dotted line: room to sign */
    float dots = plain ? 0 : sig->line_width > 0 ? sig->line_width : size * 8;
    float gap = plain ? 0 : size * 0.2f;
    int has_name = sig->name && *sig->name;
    int has_role = sig->role && *sig->role;
    enum { LABEL, ROLE, NAME, CLOSE, POS };   /* paragraphs; NAME is "(" when no name */
    size_t np = POS + sig->position_count;
    rg_paragraph *ps = calloc(np, sizeof *ps);
    rg_buf name = RG_BUF_INIT;
    if (!ps)
        return oom(err);
    int rc = -1;
    size_t made = 0;
    const char *label = sig->sign_label ? sig->sign_label : "\xE0\xB8\xA5\xE0\xB8\x87\xE0\xB8\x8A\xE0\xB8\xB7\xE0\xB9\x88\xE0\xB8\xAD";
    if (layout_plain(c, plain ? "" : label, 0, p, &ps[LABEL], err) < 0)
        goto done;
    made = LABEL + 1;
    float lw = plain ? 0 : para_width(&ps[LABEL]);
    if (layout_plain(c, has_role ? sig->role : "", 0, p, &ps[ROLE], err) < 0)
        goto done;
    made = ROLE + 1;
    float rw = has_role ? para_width(&ps[ROLE]) : 0;
    int role_below = has_role && (plain || lw + gap + size * 2 + gap + rw > w);
    if (role_below) {
        rg_paragraph_free(&ps[ROLE]);
        made = ROLE;
        if (layout_plain(c, sig->role, w, p, &ps[ROLE], err) < 0)
            goto done;
        made = ROLE + 1;
    }
    float fixed = lw + gap + (has_role && !role_below ? gap + rw : 0);
    if (!plain && fixed + dots > w)   /* a line longer than the room: shorten the dots */
        dots = fmaxf(w - fixed, size);
    if (has_name && rg_buf_printf(&name, "(%s)", sig->name) < 0) {
        oom(err);
        goto done;
    }
    if (layout_plain(c, has_name ? name.data : "(", has_name ? w : 0, p, &ps[NAME], err) < 0)
        goto done;
    made = NAME + 1;
    if (layout_plain(c, ")", 0, p, &ps[CLOSE], err) < 0)
        goto done;
    made = CLOSE + 1;
    for (size_t i = 0; i < sig->position_count; i++, made++)
        if (layout_plain(c, sig->position_lines[i] ? sig->position_lines[i] : "", w, p,
                         &ps[POS + i], err) < 0)
            goto done;

    float line1 = fixed + dots;
    float parens = para_width(&ps[NAME]) + para_width(&ps[CLOSE]);
    float name_dots = fmaxf(fminf(dots * 0.8f, w - parens), size);
    float name_w = has_name ? para_width(&ps[NAME]) : parens + name_dots;
    float bw = fminf(fmaxf(sig->width, line1), w);
    float bx = x;
    if (b->box.align == RG_ALIGN_CENTER)
        bx = x + (w - bw) / 2;
    else if (b->box.align == RG_ALIGN_RIGHT)
        bx = x + w - bw;
    float cx = plain ? bx + bw / 2 : bx + lw + gap + dots / 2;

    size_t first = q->count;
    /* Line 1: ลงชื่อ ....... role; or, plain, the blank room to sign in */
    rg_text_line *l0 = &ps[LABEL].lines[0];
    lo_strip *s = line_strip(q, l0);
    if (!s)
        goto fail_oom;
    if (plain) {
        s->height = sig->sign_space > 0 ? sig->sign_space : 2 * l0->height;
        s->baseline = s->height;
    } else {
        rg_item dl = dotted_line(p, bx + lw + gap, dots, l0->baseline);
        if (put_line(s, l0, bx, l0->baseline) < 0 || lo_strip_add_item(s, &dl) < 0)
            goto fail_oom;
    }
    if (has_role && !role_below &&
        put_line(s, &ps[ROLE].lines[0], bx + lw + gap + dots + gap, l0->baseline) < 0)
        goto fail_oom;
    if (role_below && add_centred(q, &ps[ROLE], cx, x, w) < 0)
        goto fail_oom;
    /* (name), or ( ....... ) to fill in by hand */
    if (has_name) {
        if (add_centred(q, &ps[NAME], cx, x, w) < 0)
            goto fail_oom;
    } else {
        rg_text_line *ln = &ps[NAME].lines[0];
        s = line_strip(q, ln);
        if (!s)
            goto fail_oom;
        s->keep_with_prev = 1;
        float nx = fmaxf(x, fminf(cx - name_w / 2, x + w - name_w));
        float ox = nx + para_width(&ps[NAME]);
        rg_item nd = dotted_line(p, ox, name_dots, ln->baseline);
        if (put_line(s, ln, nx, ln->baseline) < 0 || lo_strip_add_item(s, &nd) < 0 ||
            put_line(s, &ps[CLOSE].lines[0], ox + name_dots, ln->baseline) < 0)
            goto fail_oom;
    }
    for (size_t i = 0; i < sig->position_count; i++)
        if (add_centred(q, &ps[POS + i], cx, x, w) < 0)
            goto fail_oom;

    /* The rectangle the signing tool fills. */
    rg_item t;
    memset(&t, 0, sizeof t);
    t.kind = RG_ITEM_LINK_TARGET;
    t.x = bx;
    t.w = fminf(fmaxf(bw, name_w), x + w - bx);
    t.h = lo_seq_height(q, first);
    c->signature_count++;
    if (sig->field_name && *sig->field_name) {
        t.path = strdup(sig->field_name);
    } else {
        char nm[32];
        snprintf(nm, sizeof nm, "signature%d", c->signature_count);
        t.path = strdup(nm);
    }
    if (!t.path || lo_strip_add_item(&q->strips[first], &t) < 0)
        goto fail_oom;
    rc = 0;
    goto done;
fail_oom:
    oom(err);
done:
    for (size_t i = 0; i < made; i++)
        rg_paragraph_free(&ps[i]);
    free(ps);
    rg_buf_free(&name);
    return rc;
}

/* A <space> kept at the top of a page: a blank strip (capped at the body's
 * height, or it could never be placed) that takes the space before it like
 * any strip and holds the next block to it, so it never ends a page alone. */
static int flow_kept_space(lo_ctx *c, const rg_block *b, lo_seq *q, rg_error *err)
{
    float h = fmaxf(b->box.space_before, 0);
    if (c->body_height > 0)
        h = fminf(h, c->body_height);
    lo_strip *s = lo_seq_add(q, LO_ATOM);
    if (!s)
        return oom(err);
    s->height = h;
    q->pending_keep = 1;
    return 0;
}

int lo_flow_blocks(lo_ctx *c, const rg_blocks *blocks, float x, float width, lo_seq *q,
                   rg_error *err)
{
    for (size_t i = 0; i < blocks->count; i++) {
        const rg_block *b = blocks->items[i];
        if (!(b->kind == RG_BLOCK_SPACE && b->space_kept))
            q->pending_space += b->box.space_before;
        float il = fmaxf(b->box.indent_left, 0), ir = fmaxf(b->box.indent_right, 0);
        float least = fminf(width, lo_props_size(&b->props) * 2);
        if (width - il - ir < least) {   /* indents wider than the frame: shrink them */
            float k = il + ir > 0 ? (width - least) / (il + ir) : 0;
            il *= k;
            ir *= k;
        }
        float bx = x + il;
        float bw = fmaxf(width - il - ir, 1.0f);
        size_t start = q->count;
        int rc = 0;
        switch (b->kind) {
        case RG_BLOCK_PARAGRAPH: rc = flow_paragraph(c, b, bx, bw, q, err); break;
        case RG_BLOCK_FIELD: rc = flow_field(c, b, bx, bw, q, err); break;
        case RG_BLOCK_LIST: rc = flow_list(c, b, bx, bw, q, err); break;
        case RG_BLOCK_TABLE: rc = lo_flow_table(c, b, bx, bw, q, err); break;
        case RG_BLOCK_IMAGE: rc = flow_image(c, b, bx, bw, q, err); break;
        case RG_BLOCK_SIGNATURE: rc = flow_signature(c, b, bx, bw, q, err); break;
        case RG_BLOCK_GROUP: rc = lo_flow_blocks(c, &b->children, bx, bw, q, err); break;
        case RG_BLOCK_SPACE: rc = b->space_kept ? flow_kept_space(c, b, q, err) : 0; break;
        case RG_BLOCK_PAGE_BREAK:
            q->pending_space = 0;
            q->pending_keep = 0;
            rc = lo_seq_add(q, LO_BREAK) ? 0 : oom(err);
            break;
        }
        if (rc < 0)
            return -1;
        if (b->box.keep_together)
            for (size_t k = start + 1; k < q->count; k++)
                q->strips[k].keep_with_prev = 1;
        if (b->box.keep_with_next)
            q->pending_keep = 1;
        if (b->kind != RG_BLOCK_PAGE_BREAK)
            q->pending_space += b->box.space_after;
    }
    return 0;
}
