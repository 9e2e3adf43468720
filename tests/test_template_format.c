/* Unit tests of src/template/format.c: Thai dates, Buddhist-era years, Thai
 * month names, digits, amounts and numbers. */
#include <stdlib.h>

#include "check.h"
#include "template/format.h"

static char out[256];

static const char *date(const char *iso, rg_date_style style)
{
    rg_buf b = RG_BUF_INIT;
    rg_error err;
    if (rg_format_date(iso, style, &b, &err) < 0)
        snprintf(out, sizeof out, "ERROR: %s", err.message);
    else
        snprintf(out, sizeof out, "%s", b.data);
    rg_buf_free(&b);
    return out;
}

static const char *number(double v, int decimals)
{
    rg_buf b = RG_BUF_INIT;
    rg_format_number(v, decimals, 1, &b);
    snprintf(out, sizeof out, "%s", b.data);
    rg_buf_free(&b);
    return out;
}

static const char *satang(long long v)
{
    rg_buf b = RG_BUF_INIT;
    rg_format_satang(v, &b);
    snprintf(out, sizeof out, "%s", b.data);
    rg_buf_free(&b);
    return out;
}

static const char *digits(const char *s, int thai)
{
    rg_buf b = RG_BUF_INIT;
    if (thai)
        rg_format_thai_digits(s, &b);
    else
        rg_format_arabic_digits(s, &b);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    rg_buf_free(&b);
    return out;
}

int main(void)
{
    /* Thai dates in every style; the stored date is common era. */
    CHECK_STR(date("2023-01-16", RG_DATE_LONG), "16 มกราคม 2566");
    CHECK_STR(date("2023-01-16", RG_DATE_SHORT), "16 ม.ค. 66");
    CHECK_STR(date("2023-01-16", RG_DATE_NUMERIC), "16/01/2566");
    CHECK_STR(date("2020-03-27", RG_DATE_FULL), "27 มีนาคม พ.ศ. 2563");
    CHECK_STR(date("2017-10-01 00:00:00", RG_DATE_LONG), "1 ตุลาคม 2560");
    CHECK_STR(date("2019-12-02", RG_DATE_SHORT), "2 ธ.ค. 62");
    CHECK_STR(date("2000-05-09", RG_DATE_SHORT), "9 พ.ค. 43");
    CHECK_STR(date("2024-02-29", RG_DATE_NUMERIC), "29/02/2567");
    CHECK_STR(date("2023-01-16", RG_DATE_ISO), "2023-01-16");
    /* A year already in the Buddhist era is taken as such. */
    CHECK_STR(date("2566-01-16", RG_DATE_LONG), "16 มกราคม 2566");
    /* Impossible and malformed dates are errors that quote the value. */
    CHECK(strstr(date("2023-02-29", RG_DATE_LONG), "ERROR: `2023-02-29` is not a real date"));
    CHECK(strstr(date("16/01/2566", RG_DATE_LONG), "ERROR: `16/01/2566` is not a date"));
    CHECK(strstr(date("2023-13-01", RG_DATE_LONG), "ERROR"));

    /* Months and years. */
    CHECK_STR(rg_thai_month(1, 0), "มกราคม");
    CHECK_STR(rg_thai_month(10, 1), "ต.ค.");
    CHECK_STR(rg_thai_month(12, 0), "ธันวาคม");
    CHECK(rg_thai_month(13, 0) == NULL);
    CHECK_INT(rg_format_be_year(2019), 2562);
    CHECK_INT(rg_format_be_year(2562), 2562);

    /* Amounts and numbers. */
    CHECK_STR(satang(123456700), "1,234,567.00");
    CHECK_STR(satang(0), "0.00");
    CHECK_STR(satang(5), "0.05");
    CHECK_STR(satang(100000050), "1,000,000.50");
    CHECK_STR(number(1234567, 2), "1,234,567.00");
    CHECK_STR(number(999.995, 2), "1,000.00");
    CHECK_STR(number(0.125, 2), "0.13");
    CHECK_STR(number(20, 2), "20.00");
    CHECK_STR(number(1234.5, 0), "1,235");
    CHECK_STR(number(-1234.5, 1), "-1,234.5");
    CHECK_STR(number(123, 0), "123");

    /* Digits both ways, other text untouched. */
    CHECK_STR(digits("พ.ศ. 2563 (ครั้งที่ 10)", 1), "พ.ศ. ๒๕๖๓ (ครั้งที่ ๑๐)");
    CHECK_STR(digits("๗.๕.๑ เป้าหมาย 3", 0), "7.5.1 เป้าหมาย 3");
    CHECK_STR(digits("", 1), "");
    return CHECK_DONE();
}
