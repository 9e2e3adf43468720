/* Flate compression of the PDF writer's own streams (libdeflate), at a level
 * chosen per kind of stream: libharu would compress everything with zlib at
 * level 6, which was the costliest single step of a batch (docs/performance.md). */
#ifndef RG_PDF_FLATE_H
#define RG_PDF_FLATE_H

#include <stddef.h>

#include "util/buf.h"

/* Page content streams, measured on seed 002 (callgrind instructions in
 * compression, whole file size): libdeflate level 4 6.8 M 43,691 bytes,
 * 5 7.5 M 43,448, 6 7.8 M 43,140; zlib's level 4 took 11.0 M for 44,068. */
#define RG_FLATE_CONTENT_LEVEL 6
/* Font programs and ToUnicode maps: cached per process (font_cache in
 * pdf_prepare.c), so a batch compresses each distinct subset once. */
#define RG_FLATE_FONT_LEVEL 6

/* Replaces out's contents with the zlib-format stream of len bytes at
 * libdeflate's level (1..12). Deterministic: the same input, level and
 * libdeflate version give the same bytes. Returns 0, or -1 when out of memory. */
int rg_flate_compress(const void *data, size_t len, int level, rg_buf *out);

#endif
