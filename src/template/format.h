/* Value formatting for templates: Thai dates, Buddhist-era years, Thai month
 * names, Thai/Arabic digits, amounts in baht, numbers and percentages.
 *
 * These are the building blocks of the template filters (docs/templates.md
 * lists them). Dates come from the store as ISO "YYYY-MM-DD" (common era,
 * an optional time part is ignored) and are printed in the Buddhist era
 * (BE = CE + 543), as every Thai official document does. Output is appended
 * to an rg_buf; functions that can fail on bad input fill rg_error and
 * return -1, leaving the buffer unchanged. */
#ifndef RG_TEMPLATE_FORMAT_H
#define RG_TEMPLATE_FORMAT_H

#include "util/buf.h"
#include "util/error.h"

#define RG_BE_YEAR_OFFSET 543
/* A year at or above this is already Buddhist era (see docs/data-format.md). */
#define RG_BE_YEAR_THRESHOLD 2400

typedef enum {
    RG_DATE_LONG,     /* 16 มกราคม 2566 */
    RG_DATE_SHORT,    /* 16 ม.ค. 66 */
    RG_DATE_NUMERIC,  /* 16/01/2566 */
    RG_DATE_FULL,     /* 16 มกราคม พ.ศ. 2566 */
    RG_DATE_ISO       /* 2023-01-16 (common era, as stored) */
} rg_date_style;

/* Thai month name, m = 1..12 (NULL otherwise): มกราคม or ม.ค. */
const char *rg_thai_month(int m, int abbreviated);

/* Reads "YYYY-MM-DD" (optionally followed by a time) into y/m/d (common era).
 * A year >= RG_BE_YEAR_THRESHOLD is taken as Buddhist era and converted.
 * Returns -1 with a message quoting the text when it is not a real date. */
int rg_format_parse_date(const char *text, int *y, int *m, int *d, rg_error *err);

int rg_format_date(const char *iso, rg_date_style style, rg_buf *out, rg_error *err);

/* Buddhist-era year of a common-era year; a year already >= 2400 is kept. */
long rg_format_be_year(long year);

/* Decimal with thousands separators and exactly `decimals` (0..6) places,
 * rounded half away from zero: 1234567.5, 2 -> "1,234,567.50". */
void rg_format_number(double value, int decimals, int separators, rg_buf *out);
/* The same for an integer, exactly (every digit of a 64-bit value). */
void rg_format_integer(long long value, int decimals, int separators, rg_buf *out);
/* An amount held as integer satang, exactly: 123456700 -> "1,234,567.00". */
void rg_format_satang(long long satang, rg_buf *out);

/* Copies s with ASCII digits turned into Thai digits (๐-๙), or back. */
int rg_format_thai_digits(const char *s, rg_buf *out);
int rg_format_arabic_digits(const char *s, rg_buf *out);

#endif
