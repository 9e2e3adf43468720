/* QR codes (libqrencode) as a plain module matrix, which the verification
 * footer draws as filled rectangles that the PDF writer fills as one path:
 * vector, crisp at any resolution, no seams, and no image object in the PDF. */
#ifndef RG_ARCHIVE_QR_H
#define RG_ARCHIVE_QR_H

#include "util/error.h"

typedef struct rg_qr {
    int width;               /* modules per side (without the quiet zone) */
    unsigned char *dark;     /* width * width, row 0 = top; 1 = dark module (owned) */
} rg_qr;

/* Encodes `text` at error correction level M in the smallest version that
 * holds it (alphanumeric segments where the text allows). */
int rg_qr_encode(const char *text, rg_qr *qr, rg_error *err);
void rg_qr_free(rg_qr *qr);

#endif
