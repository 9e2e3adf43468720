/* Flate compression (zlib) of the PDF writer's own streams, at a level chosen
 * per kind of stream: libharu always compresses at zlib's default level 6,
 * which costs the most of any single step of a batch (docs/performance.md). */
#ifndef RG_PDF_FLATE_H
#define RG_PDF_FLATE_H

#include <stddef.h>

#include "util/buf.h"

/* Page content streams, measured on seed 002 (callgrind, whole file size):
 * level 6 12.2 M instructions 43,184 bytes, 5 11.7 M 43,380, 4 11.0 M
 * 43,929, 3 9.2 M 45,103 (over the 45 KB goal); Z_FILTERED is larger here. */
#define RG_FLATE_CONTENT_LEVEL 4
/* Font programs and ToUnicode maps: cached per process (font_cache in
 * pdf_writer.c), so a batch compresses each distinct subset once. */
#define RG_FLATE_FONT_LEVEL 6

/* Replaces out's contents with the zlib stream of len bytes (deterministic:
 * the same input, level and strategy give the same bytes). filtered selects
 * Z_FILTERED. Returns 0, or -1 when out of memory. */
int rg_flate_compress(const void *data, size_t len, int level, int filtered, rg_buf *out);

#endif
