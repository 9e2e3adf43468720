/* Thai month names, the one table of them: full (ธันวาคม) and abbreviated
 * (ธ.ค.), for printing dates (src/template) and reading them (src/store). */
#ifndef RG_UTIL_THAI_MONTHS_H
#define RG_UTIL_THAI_MONTHS_H

#include <stddef.h>

/* The name of month m (1..12), full or abbreviated; NULL for another m. */
const char *rg_thai_month_name(int m, int abbreviated);

/* The month (1..12) whose full or abbreviated name starts `text` (the longest
 * that matches: มิถุนายน before มิ.ย.), with *consumed set to its length in
 * bytes; 0 if none does. An abbreviation may leave out its last dot
 * ("ธ.ค 2566"), as people type it. */
int rg_thai_month_parse(const char *text, size_t *consumed);

#endif
