/* What the PDF writer embeds of a font face: a TrueType subset of the glyphs
 * drawn (HarfBuzz's subsetter, glyph IDs kept so that the content streams'
 * CIDs are the face's glyph IDs), the FontDescriptor's metrics, the subset's
 * 6-letter tag and its ToUnicode CMap. No libharu here: hpdf_internals.c
 * turns the result into PDF objects. */
#ifndef RG_PDF_FONT_EMBED_H
#define RG_PDF_FONT_EMBED_H

#include <stddef.h>
#include <stdint.h>

#include "pdf/composite.h"
#include "text/font.h"
#include "util/buf.h"
#include "util/error.h"

/* A set of glyph IDs, one bit each (glyph IDs are 16-bit in TrueType). */
typedef struct rg_glyph_set {
    uint8_t bits[65536 / 8];
    uint32_t max;    /* highest glyph ID in the set (0 when only .notdef or empty) */
} rg_glyph_set;

static inline int rg_glyph_set_has(const rg_glyph_set *s, uint32_t gid)
{
    return gid <= 0xFFFF && (s->bits[gid >> 3] & (1u << (gid & 7)));
}

static inline void rg_glyph_set_add(rg_glyph_set *s, uint32_t gid)
{
    if (gid > 0xFFFF)
        return;
    s->bits[gid >> 3] |= (uint8_t)(1u << (gid & 7));
    if (gid > s->max)
        s->max = gid;
}

#define RG_FONT_PS_NAME_MAX 120

/* FontDescriptor values, in PDF glyph space (1000 units per em). */
typedef struct rg_font_metrics {
    /* PostScript name (name ID 6), PDF-name safe: printable ASCII without
     * delimiters. At most 120 bytes, so that "ABCDEF+" and it fit a PDF
     * name's 127 (PDF 1.7 Annex C; OpenType's PostScript names have 63). */
    char ps_name[RG_FONT_PS_NAME_MAX + 1];
    int flags;              /* symbolic, plus fixed pitch / italic when so */
    int bbox[4];            /* head.xMin yMin xMax yMax */
    int italic_angle;       /* post.italicAngle, whole degrees */
    int ascent, descent, cap_height, stem_v;
} rg_font_metrics;

/* The face's metrics (from its head, post, hhea and OS/2 tables). */
void rg_font_embed_metrics(const rg_face *face, rg_font_metrics *m);

/* The width the PDF /W array gives glyph gid: advance * 1000 / upem,
 * truncated (the writer positions glyphs with the same value). */
unsigned rg_font_embed_width(const rg_face *face, uint32_t gid);
/* The same for a composite (composite.h): its advance. */
unsigned rg_font_embed_composite_width(const rg_face *face, const rg_composite *c);

/* "ABCDEF": 6 capitals derived from the glyph set and the font's name, so the
 * same glyphs give the same tag (byte-identical re-renders) and another
 * subset of the same font another tag; a copy widened for letter spacing
 * (steps > 0, letter_spacing.h) another tag again. tag has room for 7 bytes. */
void rg_font_embed_tag(const rg_glyph_set *glyphs, const char *ps_name, unsigned steps,
                       char tag[7]);

/* The TrueType subset of the face holding .notdef and the glyphs of the set,
 * at their own glyph IDs, without layout tables (GSUB/GPOS/GDEF: the PDF
 * draws glyphs, it does not shape). With steps > 0, every advance is
 * steps x RG_SPREAD_STEP / 1000 em wider (letter_spacing.h). comps (NULL or
 * empty: none) are added as composite glyphs at IDs comps->base + k; the
 * set's IDs from comps->base on are theirs. Replaces out's contents. */
int rg_font_embed_subset(const rg_face *face, const rg_glyph_set *glyphs, unsigned steps,
                         const rg_composites *comps, rg_buf *out, rg_error *err);

/* The ToUnicode CMap (CIDs = glyph IDs, 2-byte codes) mapping each glyph of
 * the set to the character it stands for: codes[gid] when nonzero (what the
 * shaper gave it, shape.h: for contextual alternates no code reaches, the
 * character of their cluster), else the character the face's cmap reaches it
 * from; private-use Thai alternates (U+F700..) map to the Thai letter they
 * stand for; composite k (comps, NULL: none) at comps->base + k to its
 * text, one or more characters. Glyphs with neither (and .notdef) are left out: /ActualText
 * carries their text. Replaces out's contents. */
int rg_font_embed_tounicode(const rg_face *face, const rg_glyph_set *glyphs, const uint32_t *codes,
                            size_t codes_len, const rg_composites *comps, rg_buf *out);

#endif
