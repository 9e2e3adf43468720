/* Dates as users write them, turned into calendar dates (common era).
 *
 * Accepted: d/m/yyyy (day first, slashes: 27/10/2560, 16/01/2566),
 * yyyy-m-d (year first, dashes: 2020-1-23, 2022-10-01), d MONTH yyyy with a
 * Thai month name or abbreviation (15 ธันวาคม 2566, 15 ธ.ค. พ.ศ. 2566), optionally followed
 * by a time (" 00:00:00" or "T00:00:00"), which is dropped. Thai digits
 * (๐-๙) are read like ASCII digits. A year of 2400 or more is Buddhist era
 * and is converted (CE = BE - 543); below 2400 it is common era. See
 * docs/data-format.md, "Dates: which era". */
#ifndef RG_STORE_DATES_H
#define RG_STORE_DATES_H

#include "util/error.h"

#define RG_BE_THRESHOLD 2400   /* years >= this are Buddhist era */
#define RG_BE_OFFSET 543

/* Parse `text`; on success fill the common-era *y, *m, *d and return 0.
 * On failure return -1 with an RG_ERR_INPUT message that quotes the text
 * (the caller prefixes where it came from). */
int rg_date_parse(const char *text, int *y, int *m, int *d, rg_error *err);
/* Days in month m (1..12) of common-era year y. */
int rg_date_days_in_month(int y, int m);
/* Format as ISO "YYYY-MM-DD" into out (at least 11 bytes). */
void rg_date_format_iso(int y, int m, int d, char out[11]);

#endif
