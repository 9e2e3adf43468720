/* The file names of a batch's outputs (docs/batch.md, "File names"): one
 * per record, from a pattern with {form}, {year} and {key}, the key made
 * safe for a file name. Used by `raingan batch` and by the service when it
 * hands a batch's files out; the same record always gets the same name.
 *
 * Keys are data: {key} and {form} keep ASCII letters, digits, '.', '_', '-'
 * and Thai letters (U+0E00..U+0E7F); any other character becomes '_' (one
 * for a run); a leading '.', '-' or '_' is dropped; at most
 * RG_BATCH_NAME_MAX_BYTES bytes are kept. Whenever anything had to change,
 * "~" and 12 hex digits of an FNV-1a hash of the original follow, so two
 * different keys never share a name. */
#ifndef RG_RENDER_BATCH_NAMES_H
#define RG_RENDER_BATCH_NAMES_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define RG_BATCH_DEFAULT_PATTERN "{form}-{year}-{key}.pdf"
/* The safe form of one key at most (the hash suffix not counted): a file
 * name of the default pattern stays under the 255 bytes of a name. */
#define RG_BATCH_NAME_MAX_BYTES 180

/* Appends the file-name-safe form of `text` to `out` (never empty: "record"
 * and the hash for a text with nothing to keep). Returns 0, -1 when out of
 * memory. */
int rg_batch_append_safe(rg_buf *out, const char *text);

/* The file name of record `key` (fiscal year `year`) of form `form` from
 * `pattern`: a file name, not a path. Caller frees. NULL with err:
 * RG_ERR_USAGE for a pattern with an unknown placeholder, a '/', a leading
 * '.' or nothing in it (the message starts with the pattern, for the caller
 * to name where it came from), RG_ERR_NOMEM. */
char *rg_batch_file_name(const char *pattern, const char *form, const char *key, long year, rg_error *err);

/* Whether `count` names are all different. A pattern without {key} gives
 * several records one name, which must be refused before anything is
 * written rather than overwrite. Returns 1 when they are; 0 with *first and
 * *second the indexes of two equal ones (first < second); -1 when out of
 * memory. */
int rg_batch_names_unique(const char *const *names, size_t count, size_t *first, size_t *second);

#endif
