/* Reading an archival copy back, for `raingan verify` and `raingan import
 * FILE.pdf` (docs/archival.md): its stamp, checked for consistency, and the
 * record's data a PDF/A-3b copy carries, loaded into a store of its own. */
#ifndef RG_CLI_ARCHIVE_COPY_H
#define RG_CLI_ARCHIVE_COPY_H

#include <stddef.h>

#include "archive/archive.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"

/* The stamp from the PDF's XMP (data, len: the file `path`), checked to agree
 * with itself (the data digest with its parts, the document number with the
 * digest). RG_ERR_INPUT errors, prefixed with path: not archival, edited. */
int rg_cli_archive_stamp(const char *path, const char *data, size_t len, rg_archive_stamp *st,
                         rg_error *err);

/* The data a PDF/A-3b copy carries (st from rg_cli_archive_stamp), checked
 * (rg_archive_read_embedded), appended to json, and imported into a new
 * memory store (*store, caller closes), whose records are then compared
 * with the stamp (*diff, caller frees). RG_ERR_INPUT errors prefixed with
 * path: no embedded data, a damaged or edited file, JSON import cannot read. */
int rg_cli_archive_embedded(const char *path, const char *data, size_t len,
                            const rg_archive_stamp *st, rg_buf *json, rg_store **store,
                            rg_archive_diff *diff, rg_error *err);

#endif
