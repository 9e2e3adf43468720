/* Thai value formatting (see format.h). */
#include "template/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/thai_months.h"

const char *rg_thai_month(int m, int abbreviated)
{
    return rg_thai_month_name(m, abbreviated);
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

/* Reads exactly n digits; -1 if they are not all digits. */
static int read_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int rg_format_parse_date(const char *text, int *y, int *m, int *d, rg_error *err)
{
    if (!text || strlen(text) < 10 || text[4] != '-' || text[7] != '-'
        || (text[10] != '\0' && text[10] != ' ' && text[10] != 'T'))
        return rg_error_set(err, RG_ERR_INPUT, "`%s` is not a date (expected YYYY-MM-DD)",
                            text ? text : "");
    int yy = read_digits(text, 4), mm = read_digits(text + 5, 2), dd = read_digits(text + 8, 2);
    if (yy < 0 || mm < 0 || dd < 0)
        return rg_error_set(err, RG_ERR_INPUT, "`%s` is not a date (expected YYYY-MM-DD)", text);
    if (yy >= RG_BE_YEAR_THRESHOLD)
        yy -= RG_BE_YEAR_OFFSET;
    if (mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(yy, mm))
        return rg_error_set(err, RG_ERR_INPUT, "`%s` is not a real date", text);
    *y = yy;
    *m = mm;
    *d = dd;
    return 0;
}

long rg_format_be_year(long year)
{
    return year >= RG_BE_YEAR_THRESHOLD ? year : year + RG_BE_YEAR_OFFSET;
}

int rg_format_date(const char *iso, rg_date_style style, rg_buf *out, rg_error *err)
{
    int y, m, d;
    if (rg_format_parse_date(iso, &y, &m, &d, err) < 0)
        return -1;
    long be = rg_format_be_year(y);
    switch (style) {
    case RG_DATE_LONG:
        return rg_buf_printf(out, "%d %s %ld", d, rg_thai_month_name(m, 0), be);
    case RG_DATE_SHORT:
        return rg_buf_printf(out, "%d %s %02ld", d, rg_thai_month_name(m, 1), be % 100);
    case RG_DATE_NUMERIC:
        return rg_buf_printf(out, "%02d/%02d/%ld", d, m, be);
    case RG_DATE_FULL:
        return rg_buf_printf(out, "%d %s พ.ศ. %ld", d, rg_thai_month_name(m, 0), be);
    case RG_DATE_ISO:
        return rg_buf_printf(out, "%04d-%02d-%02d", y, m, d);
    }
    return 0;
}

/* Appends the decimal digits of n with a comma every three from the right. */
static void put_grouped(unsigned long long n, int separators, rg_buf *out)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", n);
    for (int i = 0; i < len; i++) {
        if (separators && i > 0 && (len - i) % 3 == 0)
            rg_buf_putc(out, ',');
        rg_buf_putc(out, digits[i]);
    }
}

void rg_format_number(double value, int decimals, int separators, rg_buf *out)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    if (!isfinite(value)) {
        rg_buf_puts(out, "-");
        return;
    }
    unsigned long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    /* Round in decimal to avoid 0.125 -> "0.12": the value is printed with
     * extra precision first, then rounded half away from zero. */
    double scaled = fabs(value) * (double)scale;
    if (scaled >= 9e18) {
        /* Beyond what the integer rounding below holds (llround's result
         * would be unspecified). Such a double is a whole number: print the
         * shortest digits that read back as it, then zeros (1e308 is a 1
         * and 308 zeros, not the binary value's 309 digits). */
        char sci[40];
        for (int precision = 0; precision <= 17; precision++) {
            snprintf(sci, sizeof sci, "%.*e", precision, fabs(value));
            if (strtod(sci, NULL) == fabs(value))
                break;
        }
        char *e = strchr(sci, 'e');
        int exponent = atoi(e + 1);
        char digits[400];
        size_t n = 0;
        for (const char *p = sci; p < e; p++)
            if (*p != '.')
                digits[n++] = *p;
        while (n < (size_t)exponent + 1 && n < sizeof digits - 1)
            digits[n++] = '0';
        if (value < 0)
            rg_buf_putc(out, '-');
        for (size_t i = 0; i < n; i++) {
            if (separators && i > 0 && (n - i) % 3 == 0)
                rg_buf_putc(out, ',');
            rg_buf_putc(out, digits[i]);
        }
        if (decimals > 0)
            rg_buf_printf(out, ".%0*d", decimals, 0);
        return;
    }
    unsigned long long units = (unsigned long long)llround(scaled + 1e-9 * scaled);
    if (value < 0 && units > 0)
        rg_buf_putc(out, '-');
    put_grouped(units / scale, separators, out);
    if (decimals > 0)
        rg_buf_printf(out, ".%0*llu", decimals, units % scale);
}

void rg_format_integer(long long value, int decimals, int separators, rg_buf *out)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    unsigned long long v = value < 0 ? (unsigned long long)(-(value + 1)) + 1
                                     : (unsigned long long)value;
    if (value < 0)
        rg_buf_putc(out, '-');
    put_grouped(v, separators, out);
    if (decimals > 0)
        rg_buf_printf(out, ".%0*d", decimals, 0);
}

void rg_format_satang(long long satang, rg_buf *out)
{
    unsigned long long v = satang < 0 ? (unsigned long long)(-(satang + 1)) + 1 : (unsigned long long)satang;
    if (satang < 0)
        rg_buf_putc(out, '-');
    put_grouped(v / 100, 1, out);
    rg_buf_printf(out, ".%02llu", v % 100);
}

int rg_format_thai_digits(const char *s, rg_buf *out)
{
    for (; *s; s++) {
        int rc;
        if (*s >= '0' && *s <= '9') {
            char thai[3] = {(char)0xE0, (char)0xB9, (char)(0x90 + (*s - '0'))};
            rc = rg_buf_append(out, thai, 3);
        } else {
            rc = rg_buf_putc(out, *s);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

int rg_format_arabic_digits(const char *s, rg_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int rc;
        if (p[0] == 0xE0 && p[1] == 0xB9 && p[2] >= 0x90 && p[2] <= 0x99) {
            rc = rg_buf_putc(out, (char)('0' + (p[2] - 0x90)));
            p += 3;
        } else {
            rc = rg_buf_putc(out, (char)*p++);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}
