/* Visible signature box content stream: text as glyph outlines (see appearance.h). */
#include "sign/appearance.h"

#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/font.h"
#include "text/shape.h"

#define MAX_LINES 4
#define MAX_LINE_BYTES 600
#define MAX_FONT_SIZE 11.0
#define MIN_FONT_SIZE 3.0
/* Between one line's lowest ink and the next one's highest, in font sizes. */
#define LINE_GAP 0.12

/* A number for a content stream: at most `decimals` decimals, no trailing zeros. */
static int put_num_to(rg_buf *b, double v, int decimals)
{
    char s[64];
    double unit = pow(10.0, decimals);
    if (!isfinite(v) || fabs(v) > 1e9)
        v = 0;
    v = round(v * unit) / unit;
    if (v == 0)
        v = 0;  /* no "-0" */
    snprintf(s, sizeof s, "%.*f", decimals, v);
    char *end = s + strlen(s);
    if (decimals > 0) {
        while (end[-1] == '0')
            *--end = '\0';
        if (end[-1] == '.')
            *--end = '\0';
    }
    return rg_buf_puts(b, s);
}

/* Coordinates on the box: a hundredth of a point is plenty. */
static int put_num(rg_buf *b, double v)
{
    return put_num_to(b, v, 2);
}

/* ---- glyph outlines -> path operators ---- */

/* What the HarfBuzz draw callbacks write into: coordinates are the glyph's
 * own font units (the hb_font's scale is units per em); the glyph's place
 * and size are set by a `cm` around it. */
typedef struct tracer {
    rg_buf *out;
    int failed;
} tracer;

/* Whole font units: a thousandth of an em is a hundredth of a point at 10 pt. */
static void trace_point(tracer *t, float x, float y)
{
    if (put_num_to(t->out, x, 0) < 0 || rg_buf_putc(t->out, ' ') < 0 || put_num_to(t->out, y, 0) < 0 ||
        rg_buf_putc(t->out, ' ') < 0)
        t->failed = 1;
}

static void trace_op(tracer *t, const char *op)
{
    if (rg_buf_puts(t->out, op) < 0 || rg_buf_putc(t->out, '\n') < 0)
        t->failed = 1;
}

static void move_to(hb_draw_funcs_t *funcs, void *data, hb_draw_state_t *st, float x, float y, void *user)
{
    (void)funcs, (void)st, (void)user;
    tracer *t = data;
    trace_point(t, x, y);
    trace_op(t, "m");
}

static void line_to(hb_draw_funcs_t *funcs, void *data, hb_draw_state_t *st, float x, float y, void *user)
{
    (void)funcs, (void)st, (void)user;
    tracer *t = data;
    trace_point(t, x, y);
    trace_op(t, "l");
}

/* PDF has no quadratic curves: the same curve as a cubic, whose control
 * points lie two thirds of the way from each end to the quadratic's one. */
static void quadratic_to(hb_draw_funcs_t *funcs, void *data, hb_draw_state_t *st, float cx, float cy,
                         float x, float y, void *user)
{
    (void)funcs, (void)user;
    tracer *t = data;
    float x0 = st->current_x, y0 = st->current_y;
    trace_point(t, x0 + 2.0f / 3.0f * (cx - x0), y0 + 2.0f / 3.0f * (cy - y0));
    trace_point(t, x + 2.0f / 3.0f * (cx - x), y + 2.0f / 3.0f * (cy - y));
    trace_point(t, x, y);
    trace_op(t, "c");
}

static void cubic_to(hb_draw_funcs_t *funcs, void *data, hb_draw_state_t *st, float c1x, float c1y,
                     float c2x, float c2y, float x, float y, void *user)
{
    (void)funcs, (void)st, (void)user;
    tracer *t = data;
    trace_point(t, c1x, c1y);
    trace_point(t, c2x, c2y);
    trace_point(t, x, y);
    trace_op(t, "c");
}

static void close_path(hb_draw_funcs_t *funcs, void *data, hb_draw_state_t *st, void *user)
{
    (void)funcs, (void)st, (void)user;
    trace_op(data, "h");
}

static hb_draw_funcs_t *make_draw_funcs(void)
{
    hb_draw_funcs_t *funcs = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(funcs, move_to, NULL, NULL);
    hb_draw_funcs_set_line_to_func(funcs, line_to, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(funcs, quadratic_to, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(funcs, cubic_to, NULL, NULL);
    hb_draw_funcs_set_close_path_func(funcs, close_path, NULL, NULL);
    hb_draw_funcs_make_immutable(funcs);
    return funcs;
}

/* ---- the lines of text ---- */

/* text as one clean line: invalid UTF-8 as U+FFFD, control characters
 * (a newline in --reason, say) as spaces, at most MAX_LINE_BYTES bytes. */
static int clean_line(const char *label, const char *text, rg_buf *out, rg_error *err)
{
    rg_buf raw = RG_BUF_INIT;
    int rc = rg_buf_puts(&raw, label) < 0 || rg_buf_puts(&raw, text) < 0 ? -1 : 0;
    size_t len = raw.len < MAX_LINE_BYTES ? raw.len : MAX_LINE_BYTES;
    while (len > 0 && len < raw.len && ((unsigned char)raw.data[len] & 0xC0) == 0x80)
        len--;  /* cut at a character boundary */
    if (rc < 0 || rg_text_clean(raw.data ? raw.data : "", len, 0, "signature box", out, err) < 0)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < out->len; i++)
        if ((unsigned char)out->data[i] < 0x20 || out->data[i] == 0x7F)
            out->data[i] = ' ';
    rg_buf_free(&raw);
    if (rc < 0 && !err->code)
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return rc;
}

typedef struct box_line {
    rg_buf text;
    rg_shaped_text glyphs;
    double scale;  /* size relative to the first line's, at most */
    double width;  /* at size 1 */
    double top, bottom;  /* highest and lowest ink over the baseline, at size 1 (bottom <= 0) */
    double size;   /* as drawn */
} box_line;

/* Width, and the glyphs' highest and lowest points, at size 1. */
static void measure(box_line *ln)
{
    const rg_shaped_text *s = &ln->glyphs;
    ln->width = ln->top = ln->bottom = 0;
    for (size_t i = 0; i < s->count; i++) {
        const rg_shaped_glyph *g = &s->glyphs[i];
        double upem = rg_face_upem(g->face);
        ln->width += g->x_advance / upem;
        hb_glyph_extents_t e;
        if (!hb_font_get_glyph_extents(rg_face_hb_font(g->face), g->gid, &e) || e.height == 0)
            continue;
        double high = (g->y_offset + e.y_bearing) / upem, low = (g->y_offset + e.y_bearing + e.height) / upem;
        ln->top = fmax(ln->top, high);
        ln->bottom = fmin(ln->bottom, low);
    }
}

/* Over a block's ink area (a short band over the dotted line) the name, as a
 * hand signature would be, and the date below it, smaller; in a box of the
 * user's (--box), the four lines. */
static int make_lines(const rg_font *font, const rg_signer *signer, const rg_sign_options *opt,
                      box_line *lines, int *count, rg_error *err)
{
    char date[64] = "", short_date[64] = "";
    struct tm tm;
    if (gmtime_r(&opt->when, &tm)) {
        strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", &tm);
        strftime(short_date, sizeof short_date, "%Y-%m-%d %H:%M UTC", &tm);
    }
    const char *full_labels[MAX_LINES] = {"Digitally signed by ", "Date: ", "Reason: ", "Location: "};
    const char *full_texts[MAX_LINES] = {rg_signer_name(signer), date, opt->reason, opt->location};
    const char *ink_labels[MAX_LINES] = {"", "Signed ", NULL, NULL};
    const char *ink_texts[MAX_LINES] = {rg_signer_name(signer), short_date, NULL, NULL};
    const double ink_scales[MAX_LINES] = {1.0, 0.7, 0, 0};
    const char **labels = opt->has_ink ? ink_labels : full_labels;
    const char **texts = opt->has_ink ? ink_texts : full_texts;
    *count = 0;
    for (int i = 0; i < MAX_LINES; i++) {
        if (!texts[i] || !*texts[i])
            continue;
        box_line *ln = &lines[(*count)++];
        ln->scale = opt->has_ink ? ink_scales[i] : 1.0;
        if (clean_line(labels[i], texts[i], &ln->text, err) < 0 ||
            rg_shape_append(font, ln->text.data, ln->text.len, 0, &ln->glyphs, err) < 0)
            return -1;
        measure(ln);
    }
    return 0;
}

/* One line's glyphs, each outline placed by a cm: pen position plus the
 * glyph's offset, scaled from its face's units to `size` points. */
static int draw_line(rg_buf *out, hb_draw_funcs_t *funcs, const box_line *ln, double x, double baseline,
                     double size)
{
    tracer t = {out, 0};
    double pen = x;
    for (size_t i = 0; i < ln->glyphs.count && !t.failed; i++) {
        const rg_shaped_glyph *g = &ln->glyphs.glyphs[i];
        double k = size / rg_face_upem(g->face);
        size_t before = out->len;
        /* The scale (size / units per em, around 0.01) needs more digits. */
        if (rg_buf_puts(out, "q ") < 0 || put_num_to(out, k, 6) < 0 || rg_buf_puts(out, " 0 0 ") < 0 ||
            put_num_to(out, k, 6) < 0 || rg_buf_putc(out, ' ') < 0 || put_num(out, pen + g->x_offset * k) < 0 ||
            rg_buf_putc(out, ' ') < 0 || put_num(out, baseline + g->y_offset * k) < 0 ||
            rg_buf_puts(out, " cm\n") < 0)
            return -1;
        size_t header = out->len;
        hb_font_get_glyph_shape(rg_face_hb_font(g->face), g->gid, funcs, &t);
        if (out->len == header)
            out->len = before;  /* a space: nothing to fill */
        else if (rg_buf_puts(out, "f Q\n") < 0)
            return -1;
        pen += g->x_advance * k;
    }
    return t.failed ? -1 : 0;
}

int rg_sign_appearance(rg_buf *stream, const rg_signer *signer, const rg_sign_options *opt, rg_error *err)
{
    rg_fontlib *lib = rg_fontlib_new(err);
    if (!lib)
        return rg_error_prefix(err, "signature box: ");
    box_line lines[MAX_LINES];
    memset(lines, 0, sizeof lines);
    int n = 0, rc = -1;
    hb_draw_funcs_t *funcs = NULL;
    rg_font *font = rg_fontlib_font(lib, RG_SIGN_APPEARANCE_FONTS, RG_STYLE_REGULAR, err);
    if (!font || make_lines(font, signer, opt, lines, &n, err) < 0)
        goto done;
    if (n == 0) {  /* cannot happen: the name or the date is always there */
        rg_error_set(err, RG_ERR_INTERNAL, "signature box: nothing to write in it");
        goto done;
    }

    /* The region the text goes in: the ink area, or the box inside a margin. */
    double rx = 0, ry = 0, rw = opt->w, rh = opt->h;
    if (opt->has_ink) {
        rx = opt->ink_x, ry = opt->ink_y, rw = opt->ink_w, rh = opt->ink_h;
    }
    double pad = rh < 12 || rw < 12 ? 1.0 : 2.5;
    /* The height decides the sizes (the first line's, the others in
     * proportion); each line then shrinks on its own to fit the width, so a
     * long date does not shrink the name. Heights are the glyphs' real
     * extents (marks above and below included), not the font's line height,
     * which leaves room for stacks of marks a name rarely has. */
    double height = 0;  /* of the block at first-line size 1 */
    for (int i = 0; i < n; i++)
        height += (i == 0 ? lines[i].top : lines[i].top + LINE_GAP) * lines[i].scale +
                  (i == n - 1 ? -lines[i].bottom * lines[i].scale : 0) +
                  (i > 0 ? -lines[i - 1].bottom * lines[i - 1].scale : 0);
    double size = MAX_FONT_SIZE;
    if (height > 0 && (rh - 2 * pad) / height < size)
        size = (rh - 2 * pad) / height;
    for (int i = 0; i < n; i++) {
        lines[i].size = size * lines[i].scale;
        if (lines[i].width > 0 && (rw - 2 * pad) / lines[i].width < lines[i].size)
            lines[i].size = (rw - 2 * pad) / lines[i].width;
        if (lines[i].size < MIN_FONT_SIZE)
            lines[i].size = MIN_FONT_SIZE;  /* too small a box: the clip keeps the text inside */
    }
    /* Baselines, the block centred vertically in the region. */
    double block = 0, baselines[MAX_LINES];
    for (int i = 0; i < n; i++) {
        block += lines[i].top * lines[i].size + (i > 0 ? LINE_GAP * lines[i].size - lines[i - 1].bottom * lines[i - 1].size : 0);
        baselines[i] = -block;
    }
    if (n > 0)
        block -= lines[n - 1].bottom * lines[n - 1].size;
    double top = ry + (rh + block) / 2;
    funcs = make_draw_funcs();
    /* Over a block, the stamp is opaque: the dotted line under it would run
     * through the text (and PDF/A-1 has no transparency to soften it). */
    if (rg_buf_printf(stream, "q\n0.15 0.25 0.55 RG 0.8 w %s\n%.2f %.2f %.2f %.2f re %s\n"
                              "%.2f %.2f %.2f %.2f re W n\n0.1 0.15 0.4 rg\n",
                      opt->has_ink ? "1 1 1 rg" : "", rx + 0.4, ry + 0.4, rw - 0.8, rh - 0.8,
                      opt->has_ink ? "B" : "S", rx + pad, ry + pad, rw - 2 * pad, rh - 2 * pad) < 0)
        goto nomem;
    for (int i = 0; i < n; i++)
        if (draw_line(stream, funcs, &lines[i], rx + pad, top + baselines[i], lines[i].size) < 0)
            goto nomem;
    if (rg_buf_puts(stream, "Q") < 0)
        goto nomem;
    rc = 0;
    goto done;
nomem:
    rg_error_set(err, RG_ERR_NOMEM, "out of memory drawing the signature box");
done:
    hb_draw_funcs_destroy(funcs);
    for (int i = 0; i < MAX_LINES; i++) {
        rg_buf_free(&lines[i].text);
        rg_shaped_text_free(&lines[i].glyphs);
    }
    rg_fontlib_free(lib);
    return rc;
}
