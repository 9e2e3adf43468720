/* Letter spacing written as glyph advances, so that text extraction reads no
 * space inside a word (docs/thai-text.md, "Letter spacing and text
 * extraction").
 *
 * Readers that ignore /ActualText rebuild the words from the glyphs: each
 * glyph ends where its advance ends, and a gap from there to the next glyph
 * reads as a space when it is wide enough. pdf.js takes the advance from /W
 * and skips combining marks; a gap over 0.102 em is a space, one over
 * 0.03 em too right after a single character (its "tracking" rule), and any
 * gap after a text item holding only marks (a font change starts an item).
 * MuPDF takes the advance from the embedded font's hmtx, marks included (its
 * pen follows the last glyph drawn): a gap of 0.15 em is a space, a move of
 * 0.8 em, backwards too, a new line. PDFium takes it from /W; between text
 * objects a gap over a quarter to a sixth of the wider glyph's width (0.1 em
 * at the least) is a space; Tc and TJ adjustments count as letter spacing
 * only in a text object whose every gap is the same. poppler reads
 * /ActualText. Neither Tc nor TJ changes what pdf.js and MuPDF compare, so
 * a Thai-distributed line's space between clusters is carried by the glyphs
 * themselves: an advancing glyph followed by a gap, and the marks drawn
 * after it, are drawn from a copy of their font whose advances are
 * RG_SPREAD_STEP x steps wider (/W and hmtx alike); what is left of the gap,
 * less than one step, is a Td. The glyphs are drawn exactly where they
 * were; only the advance the readers see changes. */
#ifndef RG_PDF_LETTER_SPACING_H
#define RG_PDF_LETTER_SPACING_H

#include <stddef.h>
#include <stdint.h>

#include "text/glyph_run.h"

/* /W units (1/1000 em) per step of widening: what is left is under pdf.js's
 * 0.03 em. */
#define RG_SPREAD_STEP 25
/* The smallest gap (/W units) carried by the glyphs: after an advancing
 * glyph (pdf.js), and after the last mark of a cluster (MuPDF, whose pen
 * follows the mark; a mark shifted left sits up to 0.2 em before the next
 * glyph even without letter spacing). An advancing glyph sits up to 0.2 em
 * past the next one then, which pdf.js and PDFium read as no space. */
#define RG_SPREAD_MIN 30
#define RG_SPREAD_MIN_MARK 100
/* Within a cluster, a move back from one glyph's widened advance to the
 * next glyph stays under this: MuPDF reads 0.8 em as a new line. Wider
 * gaps after a glyph with marks still read as a space in pdf.js. */
#define RG_SPREAD_MAX_BACK 750
/* Steps are at most this many (a gap of 6.4 em). */
#define RG_SPREAD_MAX 255

/* 1 when the glyph stands for a combining mark (\p{Mn}, what pdf.js skips),
 * whatever its advance in the font: monospaced fonts give marks a whole
 * cell in hmtx, which shaping zeroes. */
int rg_glyph_is_mark(const rg_positioned_glyph *g);

/* The width the PDF gives glyph gid of the run's face, /W units. */
typedef unsigned (*rg_spread_width_fn)(void *ctx, uint32_t gid);

/* For each glyph of the run, the steps its advance is widened by (0: its
 * font's own). A group is an advancing glyph and the combining marks (or
 * zero-width glyphs) after it, all widened alike so that no font change falls
 * before a mark: by the whole steps of the gap from the advancing glyph's
 * end, or from the last mark, to the next advancing glyph (the run's width
 * after the last), the larger, within the limits above. steps has
 * run->glyph_count entries. */
void rg_spread_steps(const rg_glyph_run *run, rg_spread_width_fn width, void *ctx,
                     uint8_t *steps);

#endif
