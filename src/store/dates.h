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
 * (the caller prefixes where it came from). A two-digit year ("15/12/66")
 * and a plain number (Excel's day number "45275") are refused, each with a
 * message saying why: rg_date_parse_as reads them where a table's mapping
 * says how. */
int rg_date_parse(const char *text, int *y, int *m, int *d, rg_error *err);

/* How the dates of a table's cells may be written besides the forms above
 * (a mapping's "two_digit_years" and "excel_serial_dates", docs/sources.md).
 * Flags; 0 reads what rg_date_parse reads. */
enum {
    RG_DATE_CELL = 1,          /* the text is a table cell: refusals say what the mapping can say */
    RG_DATE_YY_BE = 2,         /* d/m/yy, d MONTH yy: yy is Buddhist era 25yy (66: 2566) */
    RG_DATE_YY_CE = 4,         /* ... : yy is common era 20yy (23: 2023) */
    RG_DATE_SERIAL_1900 = 8,   /* a plain number is Excel's day number, 1900 date system
                                  (1: 1 Jan 1900; day 60, 29 Feb 1900 that never was, refused) */
    RG_DATE_SERIAL_1904 = 16,  /* ... 1904 date system (0: 1 Jan 1904) */
    RG_DATE_DMY = 32,          /* d/m/y: day first, whatever the era */
    RG_DATE_MDY = 64,          /* m/d/y: month first (Excel in English) */
};
/* rg_date_parse, with the forms `rules` (RG_DATE_* flags) allow. An explicit
 * era before a two-digit year (15 ธ.ค. พ.ศ. 66) must agree with the rule. A
 * day number may have a fraction (the time of day), which is dropped. In a
 * cell (RG_DATE_CELL) without RG_DATE_DMY or RG_DATE_MDY, a date with
 * slashes and a common-era year whose day and month could be swapped
 * (1/2/2023) is refused as ambiguous, and one whose second number is over 12
 * (12/15/2023) is refused asking whether the month comes first. */
int rg_date_parse_as(const char *text, int rules, int *y, int *m, int *d, rg_error *err);
/* Days in month m (1..12) of common-era year y. */
int rg_date_days_in_month(int y, int m);
/* Format as ISO "YYYY-MM-DD" into out (at least 11 bytes). */
void rg_date_format_iso(int y, int m, int d, char out[11]);

#endif
