/* Glyphs drawn as one PDF glyph (composite.h). */
#include "pdf/composite.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/letter_spacing.h"
#include "text/font.h"

size_t rg_composite_members(const rg_glyph_run *run, size_t i, rg_composite *c)
{
    assert(run && c && i < run->glyph_count);
    if (run->glyphs[i].join == RG_JOIN_NONE)
        return 1;
    size_t n = 1;
    while (i + n < run->glyph_count && run->glyphs[i + n - 1].join == RG_JOIN_NEXT &&
           n < RG_COMPOSITE_GLYPHS)
        n++;
    memset(c, 0, sizeof *c);
    c->count = (unsigned)n;
    double to_units = rg_face_upem(run->face) / (double)run->size;
    /* the origin: the leftmost member, or the mark drawn just before if
     * further left (MuPDF's pen stays at a mark's origin: a gap of 0.15 em
     * from there reads as a space) */
    float origin_x = run->glyphs[i].x, origin_y = run->glyphs[i].y;
    for (unsigned k = 0; k < c->count; k++) {
        const rg_positioned_glyph *g = &run->glyphs[i + k];
        if (g->x < origin_x)
            origin_x = g->x, origin_y = g->y;
        if (g->code)
            c->text[c->text_len++] = g->code;
    }
    if (i > 0 && rg_glyph_is_mark(&run->glyphs[i - 1]) && run->glyphs[i - 1].x < origin_x)
        origin_x = run->glyphs[i - 1].x;
    double reach = 0;
    for (unsigned k = 0; k < c->count; k++) {
        const rg_positioned_glyph *g = &run->glyphs[i + k];
        c->gids[k] = g->gid;
        c->dx[k] = (int32_t)lround((g->x - origin_x) * to_units);
        c->dy[k] = (int32_t)lround((g->y - origin_y) * to_units);
        double end = c->dx[k] + rg_face_advance(run->face, g->gid);
        if (k == 0 || end >= reach) {
            reach = end;
            c->ends = k;
        }
    }
    c->advance = (int32_t)lround(reach);
    c->origin_x = origin_x;
    c->origin_y = origin_y;
    return n;
}

long rg_composites_find(const rg_composites *list, const rg_composite *c)
{
    for (size_t k = 0; k < list->count; k++) {
        const rg_composite *e = &list->items[k];
        if (e->count == c->count && e->advance == c->advance &&
            e->ends == c->ends && e->text_len == c->text_len &&
            !memcmp(e->gids, c->gids, c->count * sizeof c->gids[0]) &&
            !memcmp(e->dx, c->dx, c->count * sizeof c->dx[0]) &&
            !memcmp(e->dy, c->dy, c->count * sizeof c->dy[0]) &&
            !memcmp(e->text, c->text, c->text_len * sizeof c->text[0]))
            return (long)k;
    }
    return -1;
}

long rg_composites_add(rg_composites *list, const rg_composite *c)
{
    assert(c->count >= 1 && c->count <= RG_COMPOSITE_GLYPHS && c->text_len <= RG_COMPOSITE_GLYPHS);
    long k = rg_composites_find(list, c);
    if (k >= 0)
        return k;
    if (list->count == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 8;
        rg_composite *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return -1;
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count] = *c;
    return (long)list->count++;
}

void rg_composites_free(rg_composites *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}
