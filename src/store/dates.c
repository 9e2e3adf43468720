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

/* "15 ธ.ค. 2566", "15 ธันวาคม พ.ศ. 2566", "1 ม.ค. 2024" (after the day). */
static int thai_month_date(const char *p, int day, int *y, int *m, int *d)
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
            skip_spaces(&p);
        }
    int year;
    if (read_number(&p, 4, &year) != 4 || !valid_time_suffix(p))
        return 0;
    *d = day, *m = month, *y = year;
    return 1;
}

int rg_date_parse(const char *text, int *y, int *m, int *d, rg_error *err)
{
    char s[64];
    if (!text || !normalize(text, s, sizeof s) || !s[0])
        return rg_error_set(err, RG_ERR_INPUT,
                            "expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "
                            "\"%.40s\"", text ? text : "");
    const char *p = s;
    int a, b, c, ok = 0;
    int na = read_number(&p, 4, &a);
    if (na >= 1 && na <= 2 && *p == '/') {          /* d/m/yyyy */
        p++;
        if (read_number(&p, 2, &b) >= 1 && *p == '/') {
            p++;
            if (read_number(&p, 4, &c) == 4 && valid_time_suffix(p)) {
                *d = a, *m = b, *y = c;
                ok = 1;
            }
        }
    } else if (na >= 1 && na <= 2 && (*p == ' ' || (unsigned char)*p >= 0x80)) {
        ok = thai_month_date(p, a, y, m, d);        /* d MONTH yyyy */
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
        return rg_error_set(err, RG_ERR_INPUT,
                            "expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "
                            "\"%.40s\"", text);
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
