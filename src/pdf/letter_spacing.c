/* Which glyphs carry letter spacing in their advance (letter_spacing.h). */
#include "pdf/letter_spacing.h"

#include <assert.h>
#include <hb.h>
#include <math.h>

#include "pdf/composite.h"
#include "pdf/font_embed.h"

/* Asked for every glyph drawn, twice (the letter spacing and the writer's
 * pen): the code points of Thai text and of Latin letters and digits are
 * answered here, as HarfBuzz's categories say (tests/test_letter_spacing
 * compares every code point), the others by HarfBuzz. */
int rg_glyph_is_mark(const rg_positioned_glyph *g)
{
    uint32_t c = g->code;
    if (c < 0x300)   /* below the combining diacritical marks: none is \p{Mn} */
        return 0;
    if (c >= 0x0E00 && c <= 0x0E7F)   /* Thai: mai han-akat, the upper and lower vowels, the tone marks */
        return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
    return hb_unicode_general_category(hb_unicode_funcs_get_default(), c) ==
           HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
}

static double whole_steps(double units)
{
    return units > 0 ? floor(units / RG_SPREAD_STEP) : 0;
}

/* A glyph as the readers see it: a glyph of its own, or a composite
 * (composite.h) at its origin with its advance. */
typedef struct drawn {
    double x;
    unsigned width;
    int mark;
    size_t first, count;   /* the run's glyphs it draws */
} drawn;

static drawn drawn_at(const rg_glyph_run *run, size_t i, rg_spread_width_fn width, void *ctx)
{
    rg_composite c;
    size_t n = rg_composite_at(run, i, &c);
    drawn d = {run->glyphs[i].x, 0, 0, i, n};
    if (run->glyphs[i].join == RG_JOIN_NONE) {
        d.width = width(ctx, run->glyphs[i].gid);
        d.mark = rg_glyph_is_mark(&run->glyphs[i]);
    } else {
        d.x = c.origin_x;
        d.width = rg_font_embed_composite_width(run->face, &c);
    }
    return d;
}

void rg_spread_steps(const rg_glyph_run *run, rg_spread_width_fn width, void *ctx,
                     uint8_t *steps)
{
    assert(run->size > 0);
    double to_units = 1000.0 / run->size;
    size_t i = 0;
    drawn cur = {0, 0, 0, 0, 0};
    if (run->glyph_count)
        cur = drawn_at(run, 0, width, ctx);
    while (i < run->glyph_count) {
        /* a group: an advancing glyph and the marks (or zero-width glyphs) after it */
        drawn first = cur, last = cur;
        size_t end = i + cur.count;
        int more = 0;
        while (end < run->glyph_count) {
            cur = drawn_at(run, end, width, ctx);
            if (!(cur.mark || cur.width == 0))
                break;
            /* room back from each glyph's widened advance to the next (below) */
            more = 1;
            last = cur;
            end += cur.count;
        }
        int at_end = end >= run->glyph_count;
        double next_x = at_end ? run->width : cur.x;
        double k = 0;
        if (first.width > 0 && !first.mark) {
            double gap = (next_x - first.x) * to_units - first.width;
            if (gap >= RG_SPREAD_MIN)
                k = whole_steps(gap);
            if (more) {
                double mark_gap = (next_x - last.x) * to_units - last.width;
                if (mark_gap >= RG_SPREAD_MIN_MARK && whole_steps(mark_gap) > k)
                    k = whole_steps(mark_gap);
                drawn prev = first;
                for (size_t j = i + first.count; j < end;) {
                    drawn d = drawn_at(run, j, width, ctx);
                    double room = RG_SPREAD_MAX_BACK + (d.x - prev.x) * to_units - prev.width;
                    if (whole_steps(room) < k)
                        k = whole_steps(room);
                    prev = d;
                    j += d.count;
                }
            }
            if (k > RG_SPREAD_MAX)
                k = RG_SPREAD_MAX;
        }
        for (; i < end; i++)
            steps[i] = (uint8_t)k;
    }
}
