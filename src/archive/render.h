/* Writing an archival copy (`raingan render --archive`, docs/archival.md):
 * the bound document laid out with room for the verification footer, the
 * footer drawn on every page, and the PDF written as PDF/A-1b (or PDF/A-3b
 * carrying the record's data) with the stamp in its XMP metadata. */
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

/* For a PDF/A-3b copy: records in the stamp that the copy carries `json`
 * (the record's data as `raingan export --id KEY` writes it) as the embedded
 * file "<document number>.json", with its SHA-256. */
int rg_archive_set_embedded(rg_archive_stamp *st, const char *json, size_t len, rg_error *err);

/* Lays out doc (its bottom margins raised for the footer, its creation date
 * set from the stamp when it has none) and renders the archival PDF into
 * memory (*pdf, malloc'd, caller frees): PDF/A-1b, or PDF/A-3b with `json`
 * embedded as an associated file (/AFRelationship /Data) when json is not
 * NULL (after rg_archive_set_embedded with the same bytes). */
int rg_archive_render_pdf(rg_document *doc, const rg_archive_stamp *st, rg_fontlib *fonts,
                          const char *json, size_t json_len, unsigned char **pdf, size_t *pdf_len,
                          rg_error *err);

#endif
