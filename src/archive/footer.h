/* The verification footer of an archival copy, on every page: the document
 * number, the print date, "page X of Y", the data digest, and at the right a
 * QR code carrying the number and the digest (archive.h).
 *
 * It is drawn into the display list after layout, in a band at the bottom of
 * the page; rg_archive_reserve_footer, called on the document model before
 * layout, moves the section's bottom margin and running footer up when they
 * would reach into that band, so nothing overlaps. Text goes through the text
 * engine; nothing here calls libharu. */
#ifndef RG_ARCHIVE_FOOTER_H
#define RG_ARCHIVE_FOOTER_H

#include "archive/archive.h"
#include "layout/display.h"
#include "layout/document.h"
#include "text/font.h"
#include "util/error.h"

/* Distance from the page's bottom edge to the band, and the QR module size
 * (points). 1.4 pt modules (a 46 pt code): zbarimg decodes poppler's, MuPDF's,
 * Ghostscript's and pdf.js's renders from 150 dpi up (1 pt failed at 150 dpi,
 * 1.5 pt would add a page to the plan). */
#define RG_ARCHIVE_FOOTER_BOTTOM 14.0f
#define RG_ARCHIVE_QR_MODULE 1.4f
/* Free space kept between the band and the page's other content (points). */
#define RG_ARCHIVE_FOOTER_GAP 6.0f

/* Raises every section's bottom margin (and running footer) so that the
 * body and footer end at least RG_ARCHIVE_FOOTER_GAP above the band. */
int rg_archive_reserve_footer(rg_document *doc, const rg_archive_stamp *st, rg_error *err);

/* Draws the footer on every page of d with fonts from `fonts` (the family
 * list RG_DEFAULT_FONT_FAMILIES). Warns when other ink reaches into the band. */
int rg_archive_add_footer(rg_display *d, const rg_archive_stamp *st, rg_fontlib *fonts,
                          rg_error *err);

#endif
