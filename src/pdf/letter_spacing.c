/* Which glyphs carry letter spacing in their advance (letter_spacing.h). */
#include "pdf/letter_spacing.h"

#include <assert.h>
#include <hb.h>
#include <math.h>

int rg_glyph_is_mark(const rg_positioned_glyph *g)
{
    return g->code && hb_unicode_general_category(hb_unicode_funcs_get_default(), g->code) ==
                          HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
}

static double whole_steps(double units)
{
    return units > 0 ? floor(units / RG_SPREAD_STEP) : 0;
}

void rg_spread_steps(const rg_glyph_run *run, rg_spread_width_fn width, void *ctx,
                     uint8_t *steps)
{
    assert(run->size > 0);
    const rg_positioned_glyph *glyphs = run->glyphs;
    double to_units = 1000.0 / run->size;
    size_t i = 0;
    while (i < run->glyph_count) {
        unsigned w = width(ctx, glyphs[i].gid);
        size_t end = i + 1;
        while (end < run->glyph_count &&
               (rg_glyph_is_mark(&glyphs[end]) || width(ctx, glyphs[end].gid) == 0))
            end++;
        double k = 0;
        if (w > 0 && !rg_glyph_is_mark(&glyphs[i])) {
            double next_x = end < run->glyph_count ? glyphs[end].x : run->width;
            double gap = (next_x - glyphs[i].x) * to_units - w;
            if (gap >= RG_SPREAD_MIN)
                k = whole_steps(gap);
            if (end > i + 1) {
                double mark_gap = (next_x - glyphs[end - 1].x) * to_units -
                                  width(ctx, glyphs[end - 1].gid);
                if (mark_gap >= RG_SPREAD_MIN_MARK && whole_steps(mark_gap) > k)
                    k = whole_steps(mark_gap);
                for (size_t j = i; j + 1 < end; j++) {
                    unsigned wj = width(ctx, glyphs[j].gid);
                    double room = RG_SPREAD_MAX_BACK + (glyphs[j + 1].x - glyphs[j].x) * to_units - wj;
                    if (whole_steps(room) < k)
                        k = whole_steps(room);
                }
            }
            if (k > RG_SPREAD_MAX)
                k = RG_SPREAD_MAX;
        }
        for (; i < end; i++)
            steps[i] = (uint8_t)k;
    }
}
