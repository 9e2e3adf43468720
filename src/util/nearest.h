/* "Did you mean ...?": the known name nearest to a misspelt one, by edit
 * distance, used wherever a name the user typed is not known (template
 * fields, import fields). */
#ifndef RG_UTIL_NEAREST_H
#define RG_UTIL_NEAREST_H

#include <stddef.h>

/* The name in names[0..count) nearest to `name`, if it is near enough to be
 * a likely misspelling (at most max(2, len/3 + 1) edits, or the two share
 * all but the last byte of the shorter, as "entry" and "entries"); else NULL. */
const char *rg_nearest_name(const char *name, const char *const *names, size_t count);

#endif
