/* What the PDF writer needs from a finished display list that involves no
 * libharu: each face's subset and ToUnicode map (compressed) and the
 * document /ID. Computed on a thread of its own while the writer draws the
 * pages, so that a single `raingan render` uses the machine's second core
 * (docs/performance.md); `raingan batch`, whose workers already keep every
 * core busy, turns helper threads off (rg_thread_set_allowed, util/thread.h);
 * the work is then done on the caller's thread.
 *
 * The display list must not change between rg_pdf_prepare_start and
 * rg_pdf_prepare_wait. Internal to src/pdf. */
#ifndef RG_PDF_PREPARE_H
#define RG_PDF_PREPARE_H

#include <stddef.h>
#include <stdint.h>

#include "layout/display.h"
#include "pdf/font_embed.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_pdf_prepared rg_pdf_prepared;

/* The embedding of one face, or of its copy widened for letter spacing
 * (letter_spacing.h): every glyph drawn with it and .notdef. */
typedef struct rg_pdf_prepared_font {
    const rg_face *face;
    unsigned steps;          /* advances widened by steps x RG_SPREAD_STEP (0: none) */
    rg_glyph_set glyphs;
    uint32_t *codes;         /* codes[gid]: the character glyph gid stands for where
                              * it is first drawn (shape.h), 0: none; codes_len long */
    size_t codes_len;
    rg_composites composites;  /* glyphs drawn as one (composite.h), CIDs after the
                                * face's glyphs drawn; in `glyphs` too */
    rg_buf file;             /* the FontFile2 subset (compressed when asked) */
    size_t file_length1;     /* its size uncompressed */
    rg_buf tounicode;        /* the ToUnicode CMap (compressed when asked) */
} rg_pdf_prepared_font;

/* Collects the glyphs of each face (here, on the caller's thread; in the
 * copies widened for letter spacing when `spread`, letter_spacing.h), then
 * starts the subsets and the ID (on another thread when allowed and one can
 * be started, else here). Returns NULL with err set when out of memory. */
rg_pdf_prepared *rg_pdf_prepare_start(const rg_display *d, int compress, int spread,
                                      rg_error *err);

/* Waits for the work; 0, or -1 with err set (a face that cannot be subset,
 * out of memory). */
int rg_pdf_prepare_wait(rg_pdf_prepared *p, rg_error *err);

/* After a successful wait: the embedding of the face widened by steps (NULL
 * if no text used it), and the SHA-256 digest (32 bytes) of what the
 * document shows outside its content streams: information, page sizes,
 * images and embedded fonts. The document ID hashes it with the content
 * streams (pdf_writer.c). */
const rg_pdf_prepared_font *rg_pdf_prepared_font_of(const rg_pdf_prepared *p,
                                                   const rg_face *face, unsigned steps);
const unsigned char *rg_pdf_prepared_digest(const rg_pdf_prepared *p);

/* From rg_pdf_prepare_start on (computed before it returns, never written
 * by the helper thread): the letter spacing of item `item` of page `page`,
 * one entry per glyph of its run as rg_spread_steps gives them (all 0
 * without `spread`), the steps the glyphs were collected with; NULL when
 * the item is not text with glyphs and a face. Valid until
 * rg_pdf_prepare_free. */
const uint8_t *rg_pdf_prepared_steps(const rg_pdf_prepared *p, size_t page, size_t item);

/* Waits if needed, then frees. NULL is fine. */
void rg_pdf_prepare_free(rg_pdf_prepared *p);


#endif
