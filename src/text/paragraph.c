/* Paragraph layout (paragraph.h): shape once, choose the breaks of the whole
 * paragraph at the opportunities of linebreak.h (total fit, below), align,
 * and cut the glyphs into placed runs. */
#include "text/paragraph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/line_fit.h"
#include "text/prepared_cache.h"
#include "text/linebreak.h"
#include "text/shape.h"
#include "text/text_internal.h"
#include "text/thai_words.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/vec.h"

/* A unit: one grapheme cluster (or a ligature spanning several), the smallest
 * piece a line may be cut between. */
typedef struct unit {
    uint32_t start, end;            /* bytes of the paragraph text */
    uint32_t glyph_start, glyph_end;
    uint32_t span;
    float width;                    /* points */
    uint8_t breakable;              /* a line may start with this unit */
    uint8_t fallback;               /* ... only if its word cannot fit whole (RG_BRK_FALLBACK) */
    uint8_t avoid;                  /* RG_BRK_COMPOUND | RG_BRK_NUMBER of the break before it */
    uint8_t space, newline, thai;
} unit;

typedef struct prepared {
    const rg_text_span *spans;      /* the caller's (colours, tags): never cached */
    size_t span_count;
    int cached;                     /* the arrays below are a cache entry's (read only) */
    rg_font **fonts;                /* per span, in the span's style */
    rg_buf text;                    /* cleaned text of all spans */
    uint32_t *span_end;             /* end offset of each span in text */
    uint8_t *flags;                 /* linebreak flags per byte */
    rg_shaped_text shaped;
    unit *units;
    size_t unit_count, unit_cap;
} prepared;

/* One line as a range of units, before runs are built. */
typedef struct line_range {
    size_t start, end;              /* units [start, end) belong to the line */
    size_t ink_end;                 /* units [start, ink_end) are drawn */
    int ends_paragraph;
} line_range;

static void prepared_free(prepared *p)
{
    if (p->cached)
        return;
    free(p->fonts);
    rg_buf_free(&p->text);
    free(p->span_end);
    free(p->flags);
    rg_shaped_text_free(&p->shaped);
    free(p->units);
}

static int is_newline_cp(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028
           || cp == 0x2029;
}

static int is_stretch_space(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007);
}

static unit *new_unit(prepared *p)
{
    unit *units = rg_vec_reserve(p->units, p->unit_count, &p->unit_cap, sizeof *units, 64);
    if (!units)
        return NULL;
    p->units = units;
    unit *u = &p->units[p->unit_count++];
    memset(u, 0, sizeof *u);
    return u;
}

/* Cuts the glyphs shaped for text[from..to) of span s into units. */
static int make_units(prepared *p, size_t s, size_t first_glyph, size_t from, size_t to)
{
    const char *text = p->text.data;
    float size = p->spans[s].size;
    unit *u = NULL;
    for (size_t g = first_glyph; g < p->shaped.count; g++) {
        const rg_shaped_glyph *gl = &p->shaped.glyphs[g];
        uint32_t c = gl->cluster;
        if (!u || (c != u->start && (p->flags[c] & RG_BRK_CLUSTER))) {
            if (u)
                u->end = c;
            if (!(u = new_unit(p)))
                return -1;
            u->start = c;
            u->glyph_start = (uint32_t)g;
            u->span = (uint32_t)s;
            u->breakable = (p->flags[c] & RG_BRK_ALLOWED) != 0;
            u->fallback = (p->flags[c] & RG_BRK_FALLBACK) != 0;
            u->avoid = p->flags[c] & (RG_BRK_COMPOUND | RG_BRK_NUMBER);
            size_t at = c;
            uint32_t cp = rg_text_next(text, to, &at);
            u->space = is_stretch_space(cp);
            u->thai = cp >= 0x0E01 && cp <= 0x0E5B;
        }
        u->glyph_end = (uint32_t)g + 1;
        u->width += (float)gl->x_advance * size / (float)rg_face_upem(gl->face);
    }
    if (u)
        u->end = (uint32_t)to;
    (void)from;
    return 0;
}

/* Shapes span s, splitting at newlines (which are units without glyphs). */
static int shape_span(prepared *p, size_t s, size_t from, size_t to, rg_error *err)
{
    const char *text = p->text.data;
    size_t seg = from, pos = from;
    while (seg < to) {
        size_t nl = seg;
        uint32_t cp = 0;
        for (pos = seg; pos < to;) {
            nl = pos;
            cp = rg_text_next(text, to, &pos);
            if (is_newline_cp(cp))
                break;
            nl = pos;
        }
        if (nl > seg) {
            size_t first = p->shaped.count;
            if (rg_shape_append_words(p->fonts[s], text + seg, nl - seg, (uint32_t)seg, p->flags + seg,
                                      &p->shaped, err) < 0)
                return -1;
            if (make_units(p, s, first, seg, nl) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
        }
        if (nl < to) {
            unit *u = new_unit(p);
            if (!u)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
            u->start = (uint32_t)nl;
            if (cp == '\r' && pos < to && text[pos] == '\n')
                pos++;
            u->end = (uint32_t)pos;
            u->glyph_start = u->glyph_end = (uint32_t)p->shaped.count;
            u->span = (uint32_t)s;
            u->breakable = (p->flags[nl] & RG_BRK_ALLOWED) != 0;
            u->newline = 1;
        }
        seg = pos;
    }
    return 0;
}

static int analyse(prepared *p, const rg_text_span *spans, size_t n, rg_error *err)
{
    memset(p, 0, sizeof *p);
    p->spans = spans;
    p->span_count = n;
    p->fonts = calloc(n ? n : 1, sizeof *p->fonts);
    p->span_end = calloc(n ? n : 1, sizeof *p->span_end);
    if (!p->fonts || !p->span_end)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
    for (size_t s = 0; s < n; s++) {
        if (!(p->fonts[s] = rg_font_with_style(spans[s].font, spans[s].style, err)))
            return -1;
        if (spans[s].len && rg_text_clean(spans[s].text, spans[s].len, spans[s].thai_digits, NULL,
                                          &p->text, err) < 0)
            return -1;
        p->span_end[s] = (uint32_t)p->text.len;
    }
    /* Tabs are spaces here: column positions are the layout's business. */
    for (size_t i = 0; i < p->text.len; i++) {
        if (p->text.data[i] == '\t')
            p->text.data[i] = ' ';
    }
    p->flags = malloc(p->text.len + 1);
    if (!p->flags)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
    if (rg_linebreak_analyze(p->text.data, p->text.len, p->flags, err) < 0)
        return -1;
    for (size_t s = 0; s < n; s++) {
        size_t from = s ? p->span_end[s - 1] : 0;
        if (p->span_end[s] > from && shape_span(p, s, from, p->span_end[s], err) < 0)
            return -1;
    }
    return 0;
}

/* --- prepared paragraphs kept (prepared_cache.h) ---------------------------------- */

/* What prepare() depends on, as bytes: the word list in use, then each
 * span's text, font (families and style: the faces), size (the units'
 * widths) and digits. Colours, underlines and tags are read from the
 * caller's spans when lines are built. Returns 0, or -1 when the paragraph
 * is not to be kept: text that is not valid UTF-8 or holds a NUL (cleaning
 * it warns, and a warning belongs to every render that prints it; the same
 * holds for characters no font has, checked in prepare). */
static int cache_key(const rg_text_span *spans, size_t n, rg_buf *key)
{
    unsigned generation = rg_thai_words_generation();
    if (rg_buf_append(key, &generation, sizeof generation) < 0)
        return -1;
    for (size_t s = 0; s < n; s++) {
        const rg_text_span *sp = &spans[s];
        if (rg_utf8_find_invalid(sp->text ? sp->text : "", sp->len) >= 0
            || (sp->len && memchr(sp->text, '\0', sp->len)))
            return -1;
        struct {
            size_t len;
            const rg_font *font;
            int style, thai_digits;
            float size;
        } head;
        memset(&head, 0, sizeof head);   /* no padding bytes of chance in the key */
        head.len = sp->len;
        head.font = sp->font;
        head.style = sp->style;
        head.thai_digits = sp->thai_digits;
        head.size = sp->size;
        if (rg_buf_append(key, &head, sizeof head) < 0 || rg_buf_append(key, sp->text, sp->len) < 0)
            return -1;
    }
    return 0;
}

static void free_kept(void *value)
{
    prepared *kept = value;
    kept->cached = 0;
    prepared_free(kept);
    free(kept);
}

static size_t prepared_bytes(const prepared *p)
{
    return sizeof *p + p->span_count * (sizeof *p->fonts + sizeof *p->span_end) + p->text.cap
           + p->text.len + 1 + p->shaped.cap * sizeof *p->shaped.glyphs
           + p->unit_cap * sizeof *p->units;
}

/* Prepares the paragraph into *p: from the fontlib's kept paragraphs when
 * the same spans were prepared before (then p's arrays are the cache's and
 * valid until the next prepare on this fontlib), else by analyse(), whose
 * result is then kept. */
static int prepare(prepared *p, const rg_text_span *spans, size_t n, rg_error *err)
{
    for (size_t s = 0; s < n; s++) {
        if (!spans[s].font || !(spans[s].size > 0) || (spans[s].len && !spans[s].text)) {
            memset(p, 0, sizeof *p);
            return rg_error_set(err, RG_ERR_INTERNAL, "text span %zu has no font, size or text", s);
        }
    }
    rg_prepared_cache *cache = rg_font_prepared_cache(spans[0].font);
    rg_buf key = RG_BUF_INIT;
    int keep = cache && cache_key(spans, n, &key) == 0;
    const prepared *found = keep ? rg_prepared_cache_get(cache, key.data, key.len) : NULL;
    if (found) {
        *p = *found;
        p->spans = spans;
        rg_buf_free(&key);
        return 0;
    }
    rg_fontlib *lib = rg_font_lib(spans[0].font);
    size_t missing = rg_fontlib_missing_seen(lib);
    int rc = analyse(p, spans, n, err);
    /* A character no font has is reported by analysing: such text is
     * analysed again each time, so that each job reports it. */
    keep = keep && rg_fontlib_missing_seen(lib) == missing;
    prepared *kept = rc == 0 && keep ? malloc(sizeof *kept) : NULL;
    if (kept) {
        *kept = *p;
        kept->spans = NULL;
        kept->cached = 1;
        if (rg_prepared_cache_put(cache, key.data, key.len, kept, prepared_bytes(kept), free_kept))
            p->cached = 1;   /* the cache owns the arrays now */
        else
            free(kept);      /* not kept: the arrays stay p's */
    }
    rg_buf_free(&key);
    return rc;
}

/* --- breaking ----------------------------------------------------------------------- */

static float line_avail(const rg_paragraph_format *fmt, size_t line_no)
{
    return fmt->width - (line_no ? fmt->indent_rest : fmt->indent_first) - fmt->indent_right;
}

/* Finds the line starting at unit `start`; avail <= 0 or infinite: no wrapping. */
static line_range next_line(const prepared *p, size_t start, float avail, int wrap)
{
    line_range r = {start, start, start, 0};
    float w = 0;                   /* width of units [start, j) */
    size_t last_break = 0;         /* unit before which the line may end (0: none yet) */
    size_t last_fallback = 0;      /* the same inside a word kept whole */
    size_t j = start;
    for (; j < p->unit_count; j++) {
        const unit *u = &p->units[j];
        if (j > start && u->breakable)
            last_break = j;
        if (j > start && u->fallback)
            last_fallback = j;
        if (u->newline) {
            j++;
            r.ends_paragraph = 1;
            break;
        }
        if (wrap && !u->space && j > start && w + u->width > avail) {
            /* A word boundary; else one inside a kept word that cannot fit;
             * else between clusters of a word wider than the line. */
            j = last_break > start ? last_break : last_fallback > start ? last_fallback : j;
            break;
        }
        w += u->width;
    }
    r.end = j;
    if (j >= p->unit_count)
        r.ends_paragraph = 1;
    size_t ink = j;
    while (ink > start && (p->units[ink - 1].space || p->units[ink - 1].newline))
        ink--;
    r.ink_end = ink;
    return r;
}

/* --- building lines ------------------------------------------------------------- */

static int build_runs(const prepared *p, const line_range *r, const float *extra_after,
                      rg_text_line *line, float x0, rg_error *err)
{
    size_t cap = 4;
    line->runs = calloc(cap, sizeof *line->runs);
    if (!line->runs)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
    float x = x0;
    size_t k = r->start;
    while (k < r->ink_end) {
        const unit *u = &p->units[k];
        if (u->glyph_start == u->glyph_end) {   /* nothing to draw */
            x += extra_after[k - r->start];
            k++;
            continue;
        }
        const rg_face *face = p->shaped.glyphs[u->glyph_start].face;
        size_t end = k + 1;
        while (end < r->ink_end && p->units[end].span == u->span
               && p->units[end].glyph_start < p->units[end].glyph_end
               && p->shaped.glyphs[p->units[end].glyph_start].face == face)
            end++;
        if (line->run_count == cap) {
            rg_line_run *runs = realloc(line->runs, cap * 2 * sizeof *runs);
            if (!runs)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
            line->runs = runs;
            cap *= 2;
        }
        rg_line_run *lr = &line->runs[line->run_count];
        memset(lr, 0, sizeof *lr);
        const rg_text_span *span = &p->spans[u->span];
        size_t glyph_count = p->units[end - 1].glyph_end - u->glyph_start;
        size_t text_len = p->units[end - 1].end - u->start;
        lr->run.glyphs = malloc(glyph_count * sizeof *lr->run.glyphs);
        lr->run.text = malloc(text_len + 1);
        if (!lr->run.glyphs || !lr->run.text) {
            rg_glyph_run_release(&lr->run);
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
        }
        line->run_count++;
        memcpy(lr->run.text, p->text.data + u->start, text_len);
        lr->run.text[text_len] = '\0';
        lr->run.text_len = text_len;
        lr->run.face = face;
        lr->run.size = span->size;
        lr->run.glyph_count = glyph_count;
        lr->x = x;
        lr->color = span->color;
        lr->tag = span->tag;
        lr->underline = span->underline;
        float scale = span->size / (float)rg_face_upem(face);
        lr->underline_y = (float)-rg_face_underline_position(face) * scale;
        lr->underline_thickness = (float)rg_face_underline_thickness(face) * scale;
        double pen = 0;
        size_t out = 0;
        for (size_t q = k; q < end; q++) {
            const unit *uq = &p->units[q];
            for (size_t g = uq->glyph_start; g < uq->glyph_end; g++) {
                const rg_shaped_glyph *gl = &p->shaped.glyphs[g];
                rg_positioned_glyph *pg = &lr->run.glyphs[out++];
                pg->gid = gl->gid;
                pg->code = gl->code;
                pg->join = gl->join;
                pg->x = (float)(pen + gl->x_offset * scale);
                pg->y = (float)gl->y_offset * scale;
                pen += gl->x_advance * scale;
            }
            pen += extra_after[q - r->start];
        }
        lr->run.width = (float)pen;
        x += (float)pen;
        k = end;
    }
    return 0;
}

/* Extra space after each unit of the line for justified alignments; returns
 * the total added (0 when the line stays as it is). */
static float justify(const prepared *p, const line_range *r, rg_align align, float extra,
                     float *extra_after)
{
    size_t n = r->ink_end - r->start;
    if (n == 0 || extra <= 0 || r->ends_paragraph
        || (align != RG_ALIGN_JUSTIFY && align != RG_ALIGN_THAI_DISTRIBUTED))
        return 0;
    int distribute = 0;
    if (align == RG_ALIGN_THAI_DISTRIBUTED) {
        for (size_t k = r->start; k < r->ink_end && !distribute; k++)
            distribute = p->units[k].thai;
    }
    /* Leading spaces (an indent typed as spaces) never stretch. */
    size_t first = r->start;
    while (first < r->ink_end && p->units[first].space)
        first++;
    size_t gaps = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = first; k + 1 < r->ink_end; k++) {
            const unit *a = &p->units[k], *b = &p->units[k + 1];
            int gap = distribute ? (a->thai || b->thai || a->space || b->space) : a->space;
            if (!gap)
                continue;
            if (pass == 0)
                gaps++;
            else
                extra_after[k - r->start] += extra / (float)gaps;
        }
        if (gaps == 0)
            return 0;
    }
    return extra;
}

static void span_metrics(const prepared *p, size_t s, float *asc, float *desc, float *natural)
{
    const rg_font *font = p->fonts[s];
    float size = p->spans[s].size;
    *asc = fmaxf(*asc, rg_font_ascent(font, size));
    *desc = fmaxf(*desc, rg_font_descent(font, size));
    *natural = fmaxf(*natural, rg_font_line_height(font, size));
}

static void line_metrics(const prepared *p, const line_range *r, const rg_paragraph_format *fmt,
                         rg_text_line *line)
{
    float asc = 0, desc = 0, natural = 0;
    if (r->ink_end > r->start) {
        for (size_t k = r->start; k < r->ink_end; k++) {
            if (k == r->start || p->units[k].span != p->units[k - 1].span)
                span_metrics(p, p->units[k].span, &asc, &desc, &natural);
        }
    } else {
        /* An empty line keeps the height of the span it is in. */
        size_t s = r->start < p->unit_count ? p->units[r->start].span
                   : p->unit_count ? p->units[p->unit_count - 1].span : 0;
        span_metrics(p, s, &asc, &desc, &natural);
    }
    line->ascent = asc;
    line->descent = desc;
    if (fmt->line_height > 0)
        line->height = fmt->line_height;
    else
        line->height = natural * (fmt->line_spacing > 0 ? fmt->line_spacing : 1.0f);
    line->baseline = (line->height - (asc + desc)) / 2 + asc;
}

static void free_lines(rg_text_line *lines, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        for (size_t k = 0; k < lines[i].run_count; k++)
            rg_glyph_run_release(&lines[i].runs[k].run);
        free(lines[i].runs);
    }
    free(lines);
}

void rg_paragraph_free(rg_paragraph *para)
{
    if (!para)
        return;
    free_lines(para->lines, para->line_count);
    memset(para, 0, sizeof *para);
}

static int add_line(const prepared *p, const line_range *r, const rg_paragraph_format *fmt,
                    size_t line_no, int wrap, rg_paragraph *out, size_t *cap, rg_error *err)
{
    rg_text_line *lines = rg_vec_reserve(out->lines, out->line_count, cap, sizeof *lines, 8);
    if (!lines)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
    out->lines = lines;
    rg_text_line *line = &out->lines[out->line_count++];
    memset(line, 0, sizeof *line);
    line->ends_paragraph = r->ends_paragraph;
    size_t n = r->end - r->start;
    float stack_extra[256];
    float *extra_after = n <= 256 ? stack_extra : calloc(n, sizeof *extra_after);
    if (!extra_after)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
    if (extra_after == stack_extra)
        memset(stack_extra, 0, n * sizeof *stack_extra);
    float ink = 0;
    for (size_t k = r->start; k < r->ink_end; k++)
        ink += p->units[k].width;
    float indent = line_no ? fmt->indent_rest : fmt->indent_first;
    float avail = wrap ? line_avail(fmt, line_no) : ink;
    float width = ink + justify(p, r, fmt->align, avail - ink, extra_after);
    float x = indent;
    if (wrap && fmt->align == RG_ALIGN_RIGHT)
        x += avail - width;
    else if (wrap && fmt->align == RG_ALIGN_CENTER)
        x += (avail - width) / 2;
    line->x = x;
    line->width = width;
    int rc = build_runs(p, r, extra_after, line, x, err);
    if (extra_after != stack_extra)
        free(extra_after);
    line_metrics(p, r, fmt, line);
    line->top = out->height;
    out->height += line->height;
    return rc;
}

/* Tools' switches (paragraph.h): per thread, off by default. */
static _Thread_local rg_break_stats *stats_sink;
static _Thread_local int use_first_fit;

void rg_paragraph_collect_stats(rg_break_stats *stats)
{
    stats_sink = stats;
}

void rg_paragraph_use_first_fit(int on)
{
    use_first_fit = on;
}

/* The units as line_fit.c sees them. */
static rg_fit_item *fit_items(const prepared *p)
{
    rg_fit_item *items = malloc((p->unit_count ? p->unit_count : 1) * sizeof *items);
    if (!items)
        return NULL;
    for (size_t k = 0; k < p->unit_count; k++) {
        const unit *u = &p->units[k];
        items[k].width = u->width;
        items[k].kind = (uint8_t)((u->space ? RG_FIT_SPACE : 0) | (u->thai ? RG_FIT_THAI : 0)
                                  | (u->newline ? RG_FIT_NEWLINE : 0));
        items[k].brk = (uint8_t)((u->breakable ? RG_BRK_ALLOWED : 0)
                                 | (u->fallback ? RG_BRK_FALLBACK : 0) | u->avoid);
    }
    return items;
}

/* The width of a word space in the first span's font: what "loose" is
 * measured against. */
static float space_width(const prepared *p)
{
    const rg_face *face = rg_font_face(p->fonts[0], 0);
    uint32_t gid = rg_face_glyph(face, ' ');
    float w = gid ? (float)rg_face_advance(face, gid) * p->spans[0].size / (float)rg_face_upem(face)
                  : 0;
    return w > 0 ? w : p->spans[0].size / 4;
}

static line_range range_of(const prepared *p, size_t start, size_t end)
{
    line_range r = {start, end, end, 0};
    r.ends_paragraph = end >= p->unit_count || (end > start && p->units[end - 1].newline);
    while (r.ink_end > start
           && (p->units[r.ink_end - 1].space || p->units[r.ink_end - 1].newline))
        r.ink_end--;
    return r;
}

/* Adds the figures of the lines ranges[0..count) to *st (rg_break_stats). */
static void count_breaks(const prepared *p, const rg_fit_item *items, const line_range *ranges,
                         size_t count, const rg_paragraph_format *fmt, float sp,
                         rg_break_stats *st)
{
    st->paragraphs++;
    size_t seg_lines = 0;
    for (size_t i = 0; i < count; i++) {
        const line_range *r = &ranges[i];
        float avail = line_avail(fmt, i);
        float ink = 0;
        for (size_t k = r->start; k < r->ink_end; k++)
            ink += p->units[k].width;
        st->lines++;
        seg_lines++;
        if (r->ends_paragraph) {
            if (seg_lines > 1 && rg_fit_is_short_last(items, r->start, r->ink_end, avail))
                st->short_last_lines++;
            seg_lines = 0;
            continue;
        }
        int letters = 0;
        float gap = rg_fit_gap_extra(items, r->start, r->ink_end, fmt->align, avail - ink, &letters);
        if (gap > 0 && rg_fit_is_loose(gap, letters, sp))
            st->loose_lines++;
        if (r->end < p->unit_count && (p->units[r->end].avoid & RG_BRK_COMPOUND))
            st->compound_splits++;
        if (r->end < p->unit_count && (p->units[r->end].avoid & RG_BRK_NUMBER))
            st->separated_numbers++;
    }
}

/* 1 if the paragraph is one line that fits (most form fields and labels):
 * then there is nothing to choose, and first fit gives that line. */
static int fits_on_one_line(const prepared *p, const rg_paragraph_format *fmt)
{
    float w = 0, trailing = 0;
    for (size_t k = 0; k < p->unit_count; k++) {
        const unit *u = &p->units[k];
        if (u->newline)
            return 0;
        if (u->space) {
            trailing += u->width;
        } else {
            w += trailing + u->width;
            trailing = 0;
        }
    }
    return w <= line_avail(fmt, 0);
}

/* The lines of the paragraph: paragraph-wide (line_fit.c) when wrapping,
 * else (or when a tool asks for it) first fit, line by line. */
static int choose_lines(const prepared *p, const rg_paragraph_format *fmt, line_range **out,
                        size_t *count, rg_error *err)
{
    int wrap = fmt->width > 0;
    size_t *ends = NULL, n_ends = 0;
    rg_fit_item *items = NULL;
    line_range *ranges = NULL;
    size_t cap = 0, n = 0;
    if (wrap && stats_sink) {     /* a tool's counts */
        items = fit_items(p);
        if (!items)
            goto nomem;
    }
    if (wrap && !use_first_fit && !items && !fits_on_one_line(p, fmt)) {
        items = fit_items(p);
        if (!items)
            goto nomem;
    }
    if (wrap && !use_first_fit && !fits_on_one_line(p, fmt)) {
        rg_fit_params fp = {line_avail(fmt, 0), line_avail(fmt, 1), fmt->align, space_width(p)};
        if (rg_fit_lines(items, p->unit_count, &fp, &ends, &n_ends) < 0)
            goto nomem;
        if (!(ranges = malloc(n_ends * sizeof *ranges)))
            goto nomem;
        for (size_t i = 0, start = 0; i < n_ends; start = ends[i++])
            ranges[n++] = range_of(p, start, ends[i]);
    } else {
        for (size_t start = 0; start < p->unit_count || n == 0;) {
            line_range *grown = rg_vec_reserve(ranges, n, &cap, sizeof *grown, 8);
            if (!grown)
                goto nomem;
            ranges = grown;
            ranges[n] = next_line(p, start, line_avail(fmt, n), wrap);
            start = ranges[n++].end;
        }
    }
    if (stats_sink && items)
        count_breaks(p, items, ranges, n, fmt, space_width(p), stats_sink);
    free(items);
    free(ends);
    *out = ranges;
    *count = n;
    return 0;
nomem:
    free(items);
    free(ends);
    free(ranges);
    return rg_error_set(err, RG_ERR_NOMEM, "out of memory laying out text");
}

int rg_paragraph_layout(const rg_text_span *spans, size_t n, const rg_paragraph_format *fmt,
                        rg_paragraph *out, rg_error *err)
{
    memset(out, 0, sizeof *out);
    if (!fmt || (n && !spans))
        return rg_error_set(err, RG_ERR_INTERNAL, "paragraph layout without spans or format");
    if (n == 0)
        return 0;
    prepared p;
    int rc = prepare(&p, spans, n, err);
    line_range *ranges = NULL;
    size_t count = 0, cap = 0;
    int wrap = fmt->width > 0;
    if (rc == 0)
        rc = choose_lines(&p, fmt, &ranges, &count, err);
    for (size_t i = 0; rc == 0 && i < count; i++)
        rc = add_line(&p, &ranges[i], fmt, i, wrap, out, &cap, err);
    free(ranges);
    prepared_free(&p);
    if (rc < 0)
        rg_paragraph_free(out);
    return rc;
}

int rg_paragraph_measure(const rg_text_span *spans, size_t n, const rg_paragraph_format *fmt,
                         float *min_width, float *max_width, rg_error *err)
{
    *min_width = *max_width = 0;
    if (!fmt || (n && !spans))
        return rg_error_set(err, RG_ERR_INTERNAL, "paragraph measure without spans or format");
    if (n == 0)
        return 0;
    prepared p;
    if (prepare(&p, spans, n, err) < 0) {
        prepared_free(&p);
        return -1;
    }
    float indent = fmaxf(fmt->indent_first, fmt->indent_rest) + fmt->indent_right;
    float word = 0, trailing = 0, line = 0;
    size_t line_no = 0;
    for (size_t k = 0; k < p.unit_count; k++) {
        const unit *u = &p.units[k];
        if (k > 0 && u->breakable) {
            *min_width = fmaxf(*min_width, word + indent);
            word = 0;
        }
        if (u->newline) {
            *max_width = fmaxf(*max_width, line + (line_no ? fmt->indent_rest : fmt->indent_first)
                                               + fmt->indent_right);
            line = trailing = 0;
            line_no++;
            continue;
        }
        if (u->space) {
            trailing += u->width;
        } else {
            word += u->width;
            line += trailing + u->width;
            trailing = 0;
        }
    }
    *min_width = fmaxf(*min_width, word + indent);
    *max_width = fmaxf(*max_width, line + (line_no ? fmt->indent_rest : fmt->indent_first)
                                       + fmt->indent_right);
    /* min_width counts the larger indent for every word (it must fit on any
     * line); a column that wide holds the unwrapped text too */
    *max_width = fmaxf(*max_width, *min_width);
    prepared_free(&p);
    return 0;
}
