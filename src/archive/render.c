/* Writing an archival copy (render.h). */
#include "archive/render.h"

#include <assert.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/footer.h"
#include "archive/xmp.h"
#include "layout/layout.h"
#include "pdf/pdf_writer.h"
#include "util/buf.h"

int rg_archive_prepare(sqlite3 *db, const char *form, const char *kind, const char *key,
                       const char *date, rg_archive_stamp *st, rg_error *err)
{
    if (rg_archive_stamp_make(db, form, kind, key, date, st, err) < 0)
        return rg_error_prefix(err, "archival stamp: ");
    return 0;
}

int rg_archive_set_embedded(rg_archive_stamp *st, const char *json, size_t len, rg_error *err)
{
    assert(st->number[0] && (json || !len));   /* the file is named after the number */
    rg_buf name = RG_BUF_INIT;
    if (rg_buf_printf(&name, "%s.json", st->number) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    free(st->embedded_name);
    st->embedded_name = rg_buf_steal(&name);
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)json);
    sha256_digest(&ctx, RG_ARCHIVE_SHA256_LEN, st->embedded_sha256);
    return 0;
}

int rg_archive_render_pdf(rg_document *doc, const rg_archive_stamp *st, rg_fontlib *fonts,
                          const char *json, size_t json_len, unsigned char **pdf, size_t *pdf_len,
                          rg_error *err)
{
    assert(!json || st->embedded_name);
    if (!doc->info.date && st->print_date) {
        rg_buf date = RG_BUF_INIT;
        if (rg_buf_printf(&date, "%sT00:00:00Z", st->print_date) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        doc->info.date = rg_buf_steal(&date);
    }
    /* PDF/A-3 requires the embedded file's /ModDate, the document's date:
     * never the clock, so a record whose data carries no date needs one given. */
    if (json && !doc->info.date)
        return rg_error_set(err, RG_ERR_INPUT,
                            "%s %s: a PDF/A-3b copy needs a date for its embedded data (/ModDate), "
                            "and this record's data carries none: give the document date (or SOURCE_DATE_EPOCH)",
                            st->kind, st->key);
    if (rg_archive_reserve_footer(doc, st, err) < 0)
        return -1;
    rg_display display;
    rg_display_init(&display);
    rg_buf xmp = RG_BUF_INIT;
    int rc = rg_layout_document(doc, fonts, &display, err);
    if (rc == 0)
        rc = rg_archive_add_footer(&display, st, fonts, err);
    if (rc == 0)
        rc = rg_archive_xmp_block(st, &xmp, err);
    if (rc == 0) {
        rg_pdf_options opts;
        rg_pdf_options_init(&opts);
        opts.archival = 1;
        opts.xmp_extra = xmp.data;
        rg_pdf_attachment data = {st->embedded_name, "application/json",
                                  "The record's data, as raingan export writes it (JSON, "
                                  "docs/data-format.md)",
                                  "Data", (const unsigned char *)json, json_len};
        if (json) {
            opts.pdfa_part = 3;
            opts.attachment = &data;
        }
        rc = rg_pdf_render(&display, &opts, pdf, pdf_len, err);
    }
    rg_buf_free(&xmp);
    rg_display_free(&display);
    return rc;
}
