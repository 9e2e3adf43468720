/* Glyphs drawn as one PDF glyph (shape.h, `join`): the glyphs of a cluster
 * that read as its text only together, such as sara am drawn as nikhahit +
 * sara aa, or Sarabun's nikhahit-and-tone ligature before sara aa. Readers
 * that ignore /ActualText (MuPDF, pdf.js, PDFium) read each glyph through
 * the ToUnicode map, and a map entry cannot be empty, so two glyphs cannot
 * stand for the one character ำ. The writer adds to the embedded subset a
 * TrueType composite glyph made of them at their places (font_embed.c),
 * with a CID of its own, mapped to their text (several characters if need
 * be: ้ำ). The ink is the same glyphs at the same places. */
#ifndef RG_PDF_COMPOSITE_H
#define RG_PDF_COMPOSITE_H

#include <stddef.h>
#include <stdint.h>

#include "text/glyph_run.h"

typedef struct rg_composite {
    unsigned count;                          /* component glyphs, 1.. */
    uint32_t gids[RG_COMPOSITE_GLYPHS];
    int32_t dx[RG_COMPOSITE_GLYPHS];         /* font units from the composite's origin */
    int32_t dy[RG_COMPOSITE_GLYPHS];
    int32_t advance;                         /* font units, origin to the farthest
                                                reaching component's advance end */
    unsigned ends;                           /* that component (sara aa): its letter
                                                spacing, the gap after it, is the composite's */
    float origin_x, origin_y;                /* where it is drawn, points, in the run
                                                (not part of what it is) */
    uint32_t text[RG_COMPOSITE_GLYPHS];      /* the characters it stands for */
    unsigned text_len;
} rg_composite;

/* How many glyphs from run->glyphs[i] on are drawn as one: 1 for a glyph of
 * its own (*c untouched); for the first member of a composite, its member
 * count (1 for a copy of a glyph read as other text), with *c filled in.
 * It is drawn at its leftmost member's origin, or at the mark drawn just
 * before it when that is further left (MuPDF reads a space when a glyph
 * starts 0.15 em after the last one's origin + advance, a mark's advance
 * is none, and the tone on ป ฟ sits far left). */
size_t rg_composite_members(const rg_glyph_run *run, size_t i, rg_composite *c);
static inline size_t rg_composite_at(const rg_glyph_run *run, size_t i, rg_composite *c)
{
    /* most glyphs stand alone: answered here, once per glyph drawn */
    return run->glyphs[i].join == RG_JOIN_NONE ? 1 : rg_composite_members(run, i, c);
}

/* The composites of one embedded font; composite k has CID base + k. */
typedef struct rg_composites {
    rg_composite *items;
    size_t count, cap;
    uint32_t base;
} rg_composites;

/* The index of c in the list, or -1. */
long rg_composites_find(const rg_composites *list, const rg_composite *c);
/* The index of c in the list, added if new; -1 when out of memory. */
long rg_composites_add(rg_composites *list, const rg_composite *c);
void rg_composites_free(rg_composites *list);

#endif
