/* The PDF writer: draws a display list (layout/display.h) into a PDF file.
 *
 * This module is the only code that calls libharu. Text is drawn glyph by
 * glyph from the shaped runs (positions from HarfBuzz), through embedded,
 * subset TrueType fonts (Type0/Identity-H, glyph IDs as CIDs, one per face),
 * with a ToUnicode map, and /ActualText around every run whose glyphs do not
 * read back one by one as its text (Thai marks), so copying returns the
 * source text.
 * Output is deterministic when asked: no clock is read, the dates come from
 * d->info.date, and the document /ID is a hash of the content, so the same
 * data produces a byte-identical file. The file is written atomically.
 *
 * The form's signature blocks (RG_ITEM_LINK_TARGET items) are listed in the
 * catalog as /RainganSignatureBlocks (name, page, rectangle, ink area), for
 * `raingan sign --field NAME` (docs/signing.md). */
#ifndef RG_PDF_WRITER_H
#define RG_PDF_WRITER_H

#include <stddef.h>

#include "layout/display.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_pdf_options {
    int deterministic;   /* 1 (default): never read the clock (no date unless
                          * d->info.date); 0: a document without a date gets the
                          * current time. The /ID is a hash of the content either way. */
    int compress;        /* 1 (default): Flate-compress content, fonts and images */
    /* 0 (default): letter spacing (justification between clusters) is
     * carried by widened glyph advances, so that readers ignoring
     * /ActualText read no space inside a word (letter_spacing.h); 1: by Td
     * moves only, as before (for comparisons: the glyphs are drawn at the
     * same places either way). */
    int letter_spacing_as_moves;
    /* Archival output (docs/archival.md): PDF/A-1b with an sRGB output intent
     * (icc_profile, NULL = RG_PDFA_DEFAULT_ICC in pdf/pdfa.h), XMP metadata
     * mirroring d->info plus xmp_extra (whole rdf:Description elements, e.g.
     * the raingan verification stamp; may be NULL), and a CIDSet per font. */
    int archival;
    const char *icc_profile;
    const char *xmp_extra;
    /* With archival: the PDF/A part, 1 (PDF/A-1b, the default) or 3
     * (PDF/A-3b: PDF 1.7, and `attachment`, when not NULL, embedded as an
     * associated file of the document: the catalog's /AF, /AFRelationship,
     * /EmbeddedFiles, its MD5 /CheckSum, /Size and /ModDate). */
    int pdfa_part;
    const struct rg_pdf_attachment *attachment;
} rg_pdf_options;

/* A file to embed in a PDF/A-3 copy (see rg_pdf_options.pdfa_part). */
typedef struct rg_pdf_attachment {
    const char *name;          /* file name, ASCII, e.g. "RG-2566-7XUF-UCUD.json" */
    const char *mime_type;     /* e.g. "application/json" */
    const char *description;   /* ASCII, or NULL */
    const char *relationship;  /* "Data" (the document's data), "Source", ... */
    const unsigned char *bytes;
    size_t len;
} rg_pdf_attachment;

/* Defaults: deterministic, compressed, not archival. */
void rg_pdf_options_init(rg_pdf_options *opts);

/* Renders the display list into memory: *data (malloc'd, caller frees), *len.
 * opts may be NULL (defaults). Fails with a message naming the page and item
 * (e.g. an image file that cannot be read, a font libharu rejects). */
int rg_pdf_render(const rg_display *d, const rg_pdf_options *opts, unsigned char **data,
                  size_t *len, rg_error *err);

/* rg_pdf_render, then an atomic write to path (nothing is left half-written).
 * (Not "rg_pdf_write": that name is the signer's PDF object writer.) */
int rg_pdf_save(const rg_display *d, const char *path, const rg_pdf_options *opts,
                 rg_error *err);

/* Flate-compresses len bytes into out (replacing its contents), for streams
 * written outside the writer (the signer's appearance). Deterministic. */
int rg_pdf_deflate(const void *data, size_t len, rg_buf *out, rg_error *err);

/* The libharu version the writer runs with, e.g. "2.3.0" (static storage). */
const char *rg_pdf_library_version(void);

#endif
