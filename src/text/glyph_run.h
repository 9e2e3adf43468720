/* A shaped, positioned run of glyphs from one font face at one size: the unit
 * of text that flows from the text engine through layout to the PDF writer.
 *
 * Positions are in PDF points relative to the run's origin (the pen position
 * at the start of the run, on the baseline); y grows upwards as in PDF. Each
 * glyph carries the character it stands for (shape.h: its ToUnicode entry,
 * the glyphs of a cluster in the order of their characters), and the run
 * carries the source text it stands for, written as /ActualText where the
 * glyphs alone would not read back as that text. */
#ifndef RG_GLYPH_RUN_H
#define RG_GLYPH_RUN_H

#include <stddef.h>
#include <stdint.h>

struct rg_face;  /* text/font.h: one loaded font file */

/* At most this many glyphs are drawn as one composite (join, shape.h). */
#define RG_COMPOSITE_GLYPHS 4
/* join: a glyph of its own, a composite's member joined with the next
 * glyph, or a composite's last (or only: a copy read as other text) member */
enum { RG_JOIN_NONE = 0, RG_JOIN_NEXT = 1, RG_JOIN_LAST = 2 };

typedef struct rg_positioned_glyph {
    uint32_t gid;   /* glyph id in the face */
    uint32_t code;  /* the character the glyph stands for (ToUnicode), 0: none */
    float x, y;     /* glyph origin, points, relative to the run origin */
    uint32_t join;  /* RG_JOIN_*: drawn as one PDF glyph with others (shape.h) */
} rg_positioned_glyph;

typedef struct rg_glyph_run {
    const struct rg_face *face;  /* borrowed: faces live as long as their rg_fontlib */
    float size;                  /* font size, points */
    float width;                 /* advance of the whole run, points */
    rg_positioned_glyph *glyphs; /* owned */
    size_t glyph_count;
    char *text;                  /* owned: the source text (UTF-8) this run stands for */
    size_t text_len;
} rg_glyph_run;

/* Frees the run's arrays (not the struct itself, which callers embed). */
void rg_glyph_run_release(rg_glyph_run *run);
/* Deep copy into *dst; returns 0, or -1 on out-of-memory (dst left empty). */
int rg_glyph_run_copy(rg_glyph_run *dst, const rg_glyph_run *src);

#endif
