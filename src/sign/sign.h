/* Signing a raingan PDF: a PAdES-style signature (ETSI.CAdES.detached, SHA-256)
 * added as an incremental update, so the bytes of the input, and with them
 * every earlier signature, stay exactly as they were.
 *
 * What is appended: the signature dictionary (/ByteRange, /Contents holding
 * the CMS in hex, /M, /Name, /Reason, /Location), a signature field that is
 * its own widget annotation (invisible, or a visible box with an appearance
 * stream), a new version of the AcroForm with the field added to /Fields and
 * /SigFlags 3, a new version of the page with the widget in /Annots (and of
 * the catalog if the AcroForm is new), then an xref section and a trailer
 * with /Prev. The signature covers the whole file except the /Contents hex. */
#ifndef RG_SIGN_SIGN_H
#define RG_SIGN_SIGN_H

#include <stddef.h>
#include <time.h>

#include "sign/signer.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_sign_options {
    const char *reason;      /* UTF-8, or NULL */
    const char *location;    /* UTF-8, or NULL */
    const char *field_name;  /* the signature field's name; NULL: Signature<N> */
    time_t when;             /* the claimed signing time, written as /M */
    int visible;             /* draw a box on page `page` at x, y (points, from bottom left) */
    int page;                /* 1-based; the invisible widget goes on page 1 */
    double x, y, w, h;
    /* Without `visible`, a field_name listed in the PDF's signature blocks
     * (RG_SIGN_BLOCKS_KEY in the catalog) places the box over that block,
     * unless `invisible` is set; a name not listed there is refused, with the
     * names that are, when the PDF lists any. */
    int invisible;
    /* Set with a block that has an ink area (where the hand signature goes,
     * over its dotted line): the box's text is drawn there, relative to the
     * box's lower left corner, and only the name and the date. */
    int has_ink;
    double ink_x, ink_y, ink_w, ink_h;
    int allow_foreign;       /* sign PDFs whose /Producer is not raingan/libharu */
    /* A time-stamping authority's URL: the signature value is time-stamped
     * there (PAdES B-T). NULL: no time-stamp (B-B). */
    const char *tsa_url;
} rg_sign_options;

/* The catalog key under which raingan's PDF writer lists the form's
 * signature blocks: [ << /Name (writer) /Page 5 /Rect [x0 y0 x1 y1] >> ... ]
 * (src/pdf/hpdf_internals.h writes it; docs/signing.md). */
#define RG_SIGN_BLOCKS_KEY "RainganSignatureBlocks"

/* Sign the PDF in `pdf` (len bytes, not modified); the signed file replaces
 * the contents of out. Errors name what is wrong with the input. */
int rg_sign_pdf(const char *pdf, size_t len, const rg_signer *signer, const rg_sign_options *opt,
                rg_buf *out, rg_error *err);

/* Add a document time-stamp (PAdES B-LTA): an invisible field Timestamp<N>
 * whose value is /Type /DocTimeStamp /SubFilter /ETSI.RFC3161, /Contents an
 * RFC 3161 token from tsa_url over the SHA-256 of the whole resulting file
 * except those /Contents, as an incremental update of pdf (not modified). */
int rg_sign_doc_timestamp(const char *pdf, size_t len, const char *tsa_url, int allow_foreign, rg_buf *out,
                          rg_error *err);

/* What rg_sign_pdf does with opt before signing: without `visible`, a
 * field_name found in the PDF's signature blocks sets the box (page, x, y,
 * w, h, visible, and the ink area), unless `invisible`; a name the blocks
 * do not have fails with the names they have. Returns 0 or -1 with err set. */
int rg_sign_place(const char *pdf, size_t len, rg_sign_options *opt, rg_error *err);

/* Does the /Producer text name a writer whose files raingan signs? */
int rg_sign_producer_accepted(const char *producer);

#endif
