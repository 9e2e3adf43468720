/* Writing an archival copy (`raingan render --archive`, docs/archival.md):
 * the bound document laid out with room for the verification footer, the
 * footer drawn on every page, and the PDF written as PDF/A-1b with the
 * stamp in its XMP metadata. */
#ifndef RG_ARCHIVE_RENDER_H
#define RG_ARCHIVE_RENDER_H

#include "archive/archive.h"
#include "layout/document.h"
#include "text/font.h"
#include "util/error.h"

/* Makes the stamp of record (kind, key) printed with `form` from the store's
 * database `db` (call while the store is open). `date` is the print date
 * (YYYY-MM-DD from --date or SOURCE_DATE_EPOCH) or NULL for the data's. */
int rg_archive_prepare(sqlite3 *db, const char *form, const char *kind, const char *key,
                       const char *date, rg_archive_stamp *st, rg_error *err);

/* Lays out doc (its bottom margins raised for the footer, its creation date
 * set from the stamp when it has none) and writes the archival PDF to
 * `output` atomically. */
int rg_archive_write_pdf(rg_document *doc, const rg_archive_stamp *st, rg_fontlib *fonts,
                         const char *output, rg_error *err);

#endif
