/* The file names of printed records, one rule for every output that holds
 * many of them: `raingan batch`'s directory and the service's batch ZIPs
 * (docs/batch.md, "File names").
 *
 * A pattern holds {form}, {year} and {key}; keys and form names are data,
 * so they are made safe: ASCII letters, digits, '.', '_', '-' and Thai
 * letters (U+0E00..U+0E7F) kept, any other run of characters one '_', no
 * leading '.', '-' or '_', at most RG_FILE_NAME_KEY_MAX bytes; whenever
 * anything changed, '~' and 12 hex digits of a hash (FNV-1a) of the
 * original follow, so two different keys never share a name and the same
 * key always gets the same one. */
#ifndef RG_RENDER_FILE_NAME_H
#define RG_RENDER_FILE_NAME_H

#include "util/error.h"

#define RG_FILE_NAME_DEFAULT "{form}-{year}-{key}.pdf"
#define RG_FILE_NAME_KEY_MAX 180   /* the sanitized key part: names stay under 255 bytes */

/* The file name (malloc'd) of the record `key` of fiscal year `year` printed
 * through `form`, from `pattern`. NULL with err (RG_ERR_USAGE) for a pattern
 * with an unknown placeholder, a '/' or a leading '.', or empty; the message
 * starts with the pattern ("PATTERN: ...", or is "empty pattern"), for
 * the caller to say where it came from. RG_ERR_NOMEM when out of memory. */
char *rg_file_name(const char *pattern, const char *form, const char *key, long year, rg_error *err);

#endif
