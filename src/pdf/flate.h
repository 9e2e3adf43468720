/* Flate compression of the PDF writer's own streams (libdeflate), at a level
 * chosen per kind of stream: libharu would compress everything with zlib at
 * level 6, which was the costliest single step of a batch (docs/performance.md). */
#ifndef RG_PDF_FLATE_H
#define RG_PDF_FLATE_H

#include <stddef.h>

#include "util/buf.h"

/* Page content streams: compressed on every render, fonts are not. Measured
 * on seed 002's nine pages (82,303 bytes of content; native, per document,
 * bench figures in docs/performance.md): libdeflate level 1 0.28 ms, 23,371
 * bytes; 4 0.49 ms, 22,399; 6 0.63 ms, 21,836; zlib's 6 about twice level
 * 6's time. Level 1 makes the whole file 2 % larger (66,924 -> 68,459 bytes)
 * for a warm render 8 % cheaper, what a service answering on request needs. */
#define RG_FLATE_CONTENT_LEVEL 1
/* Font programs and ToUnicode maps: cached per process (font_cache in
 * pdf_prepare.c), so a batch compresses each distinct subset once. */
#define RG_FLATE_FONT_LEVEL 6

/* Replaces out's contents with the zlib-format stream of len bytes at
 * libdeflate's level (1..12). Deterministic: the same input, level and
 * libdeflate version give the same bytes. Returns 0, or -1 when out of memory. */
int rg_flate_compress(const void *data, size_t len, int level, rg_buf *out);

#endif
