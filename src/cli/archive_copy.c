/* Reading an archival copy back (archive_copy.h). */
#include "cli/archive_copy.h"

#include <string.h>

#include "archive/xmp.h"

int rg_cli_archive_stamp(const char *path, const char *data, size_t len, rg_archive_stamp *st,
                         rg_error *err)
{
    rg_buf xmp = RG_BUF_INIT;
    int found = rg_archive_pdf_xmp(data, len, &xmp, err);
    if (found == 1)
        found = rg_archive_xmp_read(xmp.data, xmp.len, st, err);
    rg_buf_free(&xmp);
    if (found == 0)
        rg_error_set(err, RG_ERR_INPUT,
                     "not an archival raingan PDF (no raingan verification data in its "
                     "metadata; render it with --archive)");
    if (found != 1)
        return rg_error_prefix(err, "%s: ", path);
    /* The stamp must agree with itself; otherwise the metadata was edited. */
    unsigned char digest[RG_ARCHIVE_SHA256_LEN];
    char number[RG_ARCHIVE_NUMBER_MAX];
    rg_archive_data_digest(st->parts, st->part_count, digest);
    rg_archive_document_number(st->form, st->kind, st->key, st->year, st->data_digest, number);
    if (memcmp(digest, st->data_digest, sizeof digest))
        return rg_error_set(err, RG_ERR_INPUT,
                            "%s: its verification data is inconsistent: the data digest does not "
                            "match the digests of the parts (the metadata was edited)", path);
    if (strcmp(number, st->number))
        return rg_error_set(err, RG_ERR_INPUT,
                            "%s: its verification data is inconsistent: document number %s does "
                            "not belong to its data digest (the metadata was edited)",
                            path, st->number);
    return 0;
}

int rg_cli_archive_embedded(const char *path, const char *data, size_t len,
                            const rg_archive_stamp *st, rg_buf *json, rg_store **store,
                            rg_archive_diff *diff, rg_error *err)
{
    *store = NULL;
    memset(diff, 0, sizeof *diff);
    size_t start = json->len;
    if (rg_archive_read_embedded(data, len, st, json, err) < 0)
        return rg_error_prefix(err, "%s: ", path);
    *store = rg_store_open_memory(err);
    if (!*store)
        return -1;
    if (rg_store_import_memory(*store, st->embedded_name, json->data + start, json->len - start,
                               NULL, err) < 0)
        return rg_error_prefix(err, "%s: the embedded data cannot be read: ", path);
    return rg_archive_compare(rg_store_db(*store), st, diff, err);
}
