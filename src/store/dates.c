/* Parsing the date forms found in the source systems (see dates.h). */
#include "store/dates.h"

#include <stdio.h>
#include <string.h>

#include "util/thai_months.h"

int rg_date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

void rg_date_format_iso(int y, int m, int d, char out[11])
{
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

/* Copy text into out with Thai digits (U+0E50..U+0E59, E0 B9 90..99) turned
 * into ASCII and surrounding white space trimmed; 0 if it does not fit. */
static int normalize(const char *text, char *out, size_t cap)
{
    size_t n = 0;
    while (*text == ' ' || *text == '\t')
        text++;
    for (const unsigned char *s = (const unsigned char *)text; *s;) {
        if (s[0] == 0xE0 && s[1] == 0xB9 && s[2] >= 0x90 && s[2] <= 0x99) {
            if (n + 1 >= cap)
                return 0;
            out[n++] = (char)('0' + (s[2] - 0x90));
            s += 3;
        } else {
            if (n + 1 >= cap)
                return 0;
            out[n++] = (char)*s++;
        }
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        n--;
    out[n] = '\0';
    return 1;
}

/* Read 1..max digits at *p; returns the number of digits read. */
static int read_number(const char **p, int max, int *value)
{
    int count = 0, v = 0;
    while (**p >= '0' && **p <= '9' && count < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        count++;
    }
    *value = v;
    return (**p >= '0' && **p <= '9') ? 0 : count;
}

/* An optional time after the date: " HH:MM" or " HH:MM:SS" (or 'T'). */
static int valid_time_suffix(const char *p)
{
    if (*p == '\0')
        return 1;
    if (*p != ' ' && *p != 'T')
        return 0;
    while (*p == ' ' || *p == 'T')
        p++;
    int h, mi, s = 0;
    if (read_number(&p, 2, &h) < 1 || *p++ != ':' || read_number(&p, 2, &mi) != 2)
        return 0;
    if (*p == ':') {
        p++;
        if (read_number(&p, 2, &s) != 2)
            return 0;
        if (*p == '.') {  /* fractional seconds */
            p++;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    return *p == '\0' && h < 24 && mi < 60 && s < 61;
}

static void skip_spaces(const char **p)
{
    while (**p == ' ')
        (*p)++;
}

/* "15 ธ.ค. 2566", "15 ธันวาคม พ.ศ. 2566", "1 ม.ค. 2024", "15 ธ.ค. 66" (after the
 * day): *digits the year's digits (2 or 4), *era 'B' after พ.ศ., 'C' after
 * ค.ศ., else 0. */
static int thai_month_date(const char *p, int day, int *y, int *m, int *d, int *digits,
                           int *era)
{
    size_t len;
    skip_spaces(&p);
    int month = rg_thai_month_parse(p, &len);
    if (!month)
        return 0;
    p += len;
    skip_spaces(&p);
    static const char *const eras[] = {"พ.ศ.", "ค.ศ."};
    for (size_t i = 0; i < sizeof eras / sizeof *eras; i++)
        if (!strncmp(p, eras[i], strlen(eras[i]))) {
            p += strlen(eras[i]);
            *era = i == 0 ? 'B' : 'C';
            skip_spaces(&p);
        }
    int year;
    *digits = read_number(&p, 4, &year);
    if ((*digits != 4 && *digits != 2) || !valid_time_suffix(p))
        return 0;
    *d = day, *m = month, *y = year;
    return 1;
}

/* Days from 1970-01-01 to the common-era date y-m-d, and back (the
 * proleptic Gregorian calendar; H. Hinnant's algorithms). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Excel's day number `n` as a common-era date: 0 when it is none (the 1900
 * date system's day 0 and day 60, 29 February 1900, which Excel counts
 * though it never was), -1 when it is after 2399, else 1. */
static int excel_day(long n, int system1904, int *y, int *m, int *d)
{
    long z;
    if (system1904)
        z = days_from_civil(1904, 1, 1) + n;
    else if (n < 1 || n == 60)
        return 0;
    else   /* before day 60 Excel is right; from day 61 on, one day ahead */
        z = days_from_civil(1899, 12, n < 60 ? 31 : 30) + n;
    long year;
    civil_from_days(z, &year, m, d);
    if (year >= RG_BE_THRESHOLD)
        return -1;
    *y = (int)year;
    return 1;
}

/* A plain number ("45275", "45275.5"): its whole part into *n. */
static int plain_number(const char *s, long *n)
{
    int v;
    const char *p = s;
    int count = read_number(&p, 7, &v);
    if (count < 1)
        return 0;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    *n = v;
    return *p == '\0';
}

static int generic_error(const char *text, rg_error *err)
{
    return rg_error_set(err, RG_ERR_INPUT,
                        "expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "
                        "\"%.40s\"", text ? text : "");
}

/* A cell holding a plain number: Excel's day number where the rules say so. */
static int serial_date(const char *text, long n, int rules, int *y, int *m, int *d,
                       rg_error *err)
{
    if (rules & (RG_DATE_SERIAL_1900 | RG_DATE_SERIAL_1904)) {
        int ok = excel_day(n, (rules & RG_DATE_SERIAL_1904) != 0, y, m, d);
        if (ok == 1)
            return 0;
        if (ok < 0)
            return rg_error_set(err, RG_ERR_INPUT, "Excel's day number %ld is after the year "
                                "%d (common era), the last raingan stores", n,
                                RG_BE_THRESHOLD - 1);
        if (n == 60)
            return rg_error_set(err, RG_ERR_INPUT, "Excel's day number 60 is 29 February 1900, "
                                "a day that never was (Excel counts 1900 as a leap year): "
                                "correct the cell");
        return rg_error_set(err, RG_ERR_INPUT, "Excel's day number %ld is no date (Excel "
                            "shows it as 0 January 1900): correct the cell", n);
    }
    if (!(rules & RG_DATE_CELL))
        return generic_error(text, err);
    char example[96] = "";
    int ey, em, ed;
    if (excel_day(n, 0, &ey, &em, &ed) == 1)
        snprintf(example, sizeof example, " (%ld is %d/%d/%d in Excel's 1900 date system)", n,
                 ed, em, ey + RG_BE_OFFSET);
    return rg_error_set(err, RG_ERR_INPUT, "\"%.40s\" is a number, not a date: if the sheet "
                        "holds Excel's day numbers%s, say so in the mapping: "
                        "\"excel_serial_dates\": \"1900\" (or \"1904\", a workbook in the 1904 "
                        "date system)", text, example);
}

static const char *month_en(int m)
{
    static const char *const names[12] = {"January", "February", "March", "April", "May",
                                          "June", "July", "August", "September", "October",
                                          "November", "December"};
    return m >= 1 && m <= 12 ? names[m - 1] : "?";
}

/* A year written with two digits: 25yy or 20yy as the rules say. */
static int two_digit_year(const char *text, int yy, int era, int rules, int *y, rg_error *err)
{
    int be = (rules & RG_DATE_YY_BE) != 0, ce = (rules & RG_DATE_YY_CE) != 0;
    if (!be && !ce) {
        if (!(rules & RG_DATE_CELL))
            return rg_error_set(err, RG_ERR_INPUT, "a two-digit year is ambiguous in "
                                "\"%.40s\": write the year in full, such as %d", text,
                                2500 + yy);
        return rg_error_set(err, RG_ERR_INPUT, "a two-digit year is ambiguous in \"%.40s\": "
                            "write years in full, or say in the mapping how this table writes "
                            "them: \"two_digit_years\": \"BE\" (%02d is %d) or \"CE\" (%02d is "
                            "%d)", text, yy, 2500 + yy, yy, 2000 + yy);
    }
    if ((era == 'B' && !be) || (era == 'C' && be))
        return rg_error_set(err, RG_ERR_INPUT, "\"%.40s\" says %s, but the mapping reads this "
                            "table's two-digit years as %s (\"two_digit_years\": \"%s\")", text,
                            era == 'B' ? "พ.ศ. (Buddhist era)" : "ค.ศ. (common era)",
                            be ? "Buddhist era" : "common era", be ? "BE" : "CE");
    *y = (be ? 2500 : 2000) + yy;
    return 0;
}

/* A date with slashes, read day first (*d, *m as written): month first
 * where the rules say "mdy". In a table cell with a common-era year and no
 * rule, the order is Excel's locale's: day first in Thai, month first in
 * English; where both readings are dates it is refused, and a month over 12
 * asks whether the table writes the month first. A Buddhist-era year is
 * Thai, day first. */
static int slash_order(const char *text, int rules, int *y, int *m, int *d, rg_error *err)
{
    int first = *d, second = *m;
    if (rules & RG_DATE_MDY) {
        *m = first, *d = second;
        return 0;
    }
    if (!(rules & RG_DATE_CELL) || (rules & RG_DATE_DMY) || *y >= RG_BE_THRESHOLD)
        return 0;
    if (first <= 12 && second <= 12 && first != second && first >= 1 && second >= 1)
        return rg_error_set(err, RG_ERR_INPUT, "the order of day and month is ambiguous in "
                            "\"%.40s\" (a common-era year: Excel in English writes the month "
                            "first, in Thai the day): say in the mapping how this table writes "
                            "them: \"date_order\": \"dmy\" (%d/%d is %d %s) or \"mdy\" (%s "
                            "%d)", text, first, second, first, month_en(second),
                            month_en(first), second);
    if (second > 12 && first >= 1 && first <= 12)
        return rg_error_set(err, RG_ERR_INPUT, "there is no month %d in \"%.40s\": if this "
                            "table writes the month first (as Excel in English does), say so in "
                            "the mapping: \"date_order\": \"mdy\"", second, text);
    return 0;
}

int rg_date_parse(const char *text, int *y, int *m, int *d, rg_error *err)
{
    return rg_date_parse_as(text, 0, y, m, d, err);
}

int rg_date_parse_as(const char *text, int rules, int *y, int *m, int *d, rg_error *err)
{
    char s[64];
    if (!text || !normalize(text, s, sizeof s) || !s[0])
        return generic_error(text, err);
    const char *p = s;
    int a, b, c, ok = 0, digits = 4, era = 0, slashes = 0;
    long serial;
    int na = read_number(&p, 4, &a);
    if (plain_number(s, &serial))
        return serial_date(text, serial, rules, y, m, d, err);
    if (na >= 1 && na <= 2 && *p == '/') {          /* d/m/yyyy, d/m/yy */
        p++;
        if (read_number(&p, 2, &b) >= 1 && *p == '/') {
            p++;
            digits = read_number(&p, 4, &c);
            if ((digits == 4 || digits == 2) && valid_time_suffix(p)) {
                *d = a, *m = b, *y = c;
                ok = slashes = 1;
            }
        }
    } else if (na >= 1 && na <= 2 && (*p == ' ' || (unsigned char)*p >= 0x80)) {
        ok = thai_month_date(p, a, y, m, d, &digits, &era);   /* d MONTH yyyy */
    } else if (na == 4 && *p == '-') {              /* yyyy-m-d */
        p++;
        if (read_number(&p, 2, &b) >= 1 && *p == '-') {
            p++;
            if (read_number(&p, 2, &c) >= 1 && valid_time_suffix(p)) {
                *y = a, *m = b, *d = c;
                ok = 1;
            }
        }
    }
    if (!ok)
        return generic_error(text, err);
    if (digits == 2 && two_digit_year(text, *y, era, rules, y, err) < 0)
        return -1;
    if (slashes && slash_order(text, rules, y, m, d, err) < 0)
        return -1;
    int year_as_written = *y;
    if (*y >= RG_BE_THRESHOLD)
        *y -= RG_BE_OFFSET;
    /* Common-era years stop below 2400, or an exported ISO date would read
     * back as Buddhist era. */
    if (*y < 1000 || *y >= RG_BE_THRESHOLD)
        return rg_error_set(err, RG_ERR_INPUT,
                            "impossible date \"%.40s\": year %d is out of range (Buddhist era "
                            "%d..%d, common era 1000..%d)", text, year_as_written,
                            RG_BE_THRESHOLD, RG_BE_THRESHOLD + RG_BE_OFFSET - 1,
                            RG_BE_THRESHOLD - 1);
    if (*m < 1 || *m > 12)
        return rg_error_set(err, RG_ERR_INPUT, "impossible date \"%.40s\": there is no month %d",
                            text, *m);
    int days = rg_date_days_in_month(*y, *m);
    if (*d < 1 || *d > days)
        return rg_error_set(err, RG_ERR_INPUT,
                            "impossible date \"%.40s\": month %d of %d has %d days", text, *m,
                            year_as_written, days);
    return 0;
}
