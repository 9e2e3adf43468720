/* Unit tests of src/store/dates.c: every date form found in the seeds, the
 * Buddhist-era rule, and impossible or malformed dates. */
#include "check.h"
#include "store/dates.h"

static void check_date(const char *text, int y, int m, int d)
{
    int gy = 0, gm = 0, gd = 0;
    rg_error err;
    rg_error_clear(&err);
    int rc = rg_date_parse(text, &gy, &gm, &gd, &err);
    if (rc != 0)
        fprintf(stderr, "parsing \"%s\": %s\n", text, err.message);
    CHECK_INT(rc, 0);
    CHECK_INT(gy, y);
    CHECK_INT(gm, m);
    CHECK_INT(gd, d);
}

/* rg_date_parse_as with `rules`: the date, or (y 0) the message's part. */
static void check_as(const char *text, int rules, int y, int m, int d, const char *part)
{
    int gy = 0, gm = 0, gd = 0;
    rg_error err;
    rg_error_clear(&err);
    int rc = rg_date_parse_as(text, rules, &gy, &gm, &gd, &err);
    if (y) {
        if (rc != 0)
            fprintf(stderr, "parsing \"%s\" (rules %d): %s\n", text, rules, err.message);
        CHECK_INT(rc, 0);
        CHECK_INT(gy, y);
        CHECK_INT(gm, m);
        CHECK_INT(gd, d);
        return;
    }
    CHECK_INT(rc, -1);
    if (!strstr(err.message, part))
        fprintf(stderr, "message for \"%s\": %s (expected \"%s\")\n", text, err.message, part);
    CHECK(strstr(err.message, part) != NULL);
}

static void check_bad(const char *text, const char *expected_part)
{
    int y, m, d;
    rg_error err;
    rg_error_clear(&err);
    CHECK_INT(rg_date_parse(text, &y, &m, &d, &err), -1);
    CHECK_INT(err.code, RG_ERR_INPUT);
    if (!strstr(err.message, expected_part))
        fprintf(stderr, "message for \"%s\": %s (expected to contain \"%s\")\n", text,
                err.message, expected_part);
    CHECK(strstr(err.message, expected_part) != NULL);
}

int main(void)
{
    /* Seed 000: d/m/BE, and CE timestamps. */
    check_date("27/10/2560", 2017, 10, 27);
    check_date("29/1/2561", 2018, 1, 29);
    check_date("2017-10-01 00:00:00", 2017, 10, 1);
    check_date("2018-09-30 00:00:00", 2018, 9, 30);
    /* Seed 002: zero-padded d/m/BE. */
    check_date("16/01/2566", 2023, 1, 16);
    check_date("07/09/2566", 2023, 9, 7);
    check_date("2022-10-01 00:00:00", 2022, 10, 1);
    /* Seed 003: several forms in one report. */
    check_date("2/12/2562", 2019, 12, 2);
    check_date("2020-1-23", 2020, 1, 23);
    check_date("2020-6-19", 2020, 6, 19);
    check_date("24/04/2563", 2020, 4, 24);
    /* ISO, T separator, surrounding blanks, Thai digits, BE with dashes. */
    check_date("2023-09-30", 2023, 9, 30);
    check_date("2023-09-30T12:30:00", 2023, 9, 30);
    check_date("  1/10/2562 ", 2019, 10, 1);
    check_date("๒๗/๑๐/๒๕๖๐", 2017, 10, 27);
    check_date("2566-01-16", 2023, 1, 16);
    /* Leap years: 29/02/2563 is 2020-02-29; 2400 CE is leap but 2100 is not. */
    check_date("29/02/2563", 2020, 2, 29);
    check_date("29/2/2000", 2000, 2, 29);
    /* The era boundary: 2399 is common era, 2400 Buddhist era. */
    check_date("1/1/2399", 2399, 1, 1);
    check_date("1/1/2400", 1857, 1, 1);

    check_bad("31/02/2563", "month 2 of 2563 has 29 days");
    check_bad("29/02/2562", "has 28 days");
    check_bad("29/2/2100", "has 28 days");
    check_bad("1/13/2563", "no month 13");
    check_bad("0/1/2563", "impossible date");
    check_bad("2020-02-30", "impossible date");
    check_bad("", "expected a date");
    check_bad("27-10-2560", "expected a date");
    check_bad("27/10/60", "a two-digit year is ambiguous in \"27/10/60\": write the year in full, such as 2560");
    check_bad("2560/10/27", "expected a date");
    check_bad("27/10/2560 abc", "expected a date");
    check_bad("2020-1-23 25:00:00", "expected a date");
    check_bad("tomorrow", "expected a date");
    check_bad("1/1/0999", "impossible date");
    /* BE 2943 would be CE 2400, which an exported ISO date could not tell
     * from BE 2400 (fuzzer find): out of range. */
    check_bad("4445-03-27", "year 4445 is out of range (Buddhist era 2400..2942");
    check_bad("1/1/2943", "out of range");
    check_date("31/12/2942", 2399, 12, 31);
    /* Thai month names and abbreviations (as Excel shows a date formatted
     * in Thai): BE or CE years, Thai digits, พ.ศ. before the year. */
    check_date("15 ธ.ค. 2566", 2023, 12, 15);
    check_date("15 ธันวาคม 2566", 2023, 12, 15);
    check_date("๑๕ ธันวาคม ๒๕๖๖", 2023, 12, 15);
    check_date("1 ม.ค. 2024", 2024, 1, 1);
    check_date("5 มิ.ย 2566", 2023, 6, 5);
    check_date("5 มิถุนายน พ.ศ. 2566", 2023, 6, 5);
    check_date("29 กุมภาพันธ์ 2567", 2024, 2, 29);
    check_date("3 พ.ย. 2565 00:00", 2022, 11, 3);
    check_bad("31 กุมภาพันธ์ 2566", "month 2 of 2566 has 28 days");
    check_bad("15 ธ.ค. 66", "a two-digit year is ambiguous");
    check_bad("45275", "expected a date");
    check_bad("15 ธค 2566", "expected a date");
    check_bad("ธันวาคม 2566", "expected a date");

    /* Two-digit years where a table's mapping says which era (sources.md). */
    check_as("15/12/66", RG_DATE_CELL, 0, 0, 0, "\"two_digit_years\": \"BE\" (66 is 2566) or "
             "\"CE\" (66 is 2066)");
    check_as("15/12/66", RG_DATE_YY_BE, 2023, 12, 15, NULL);
    check_as("15 ธ.ค. 66", RG_DATE_YY_BE, 2023, 12, 15, NULL);
    check_as("๑๕ ธ.ค. ๖๖ 00:00", RG_DATE_YY_BE, 2023, 12, 15, NULL);
    check_as("15/12/23", RG_DATE_YY_CE, 2023, 12, 15, NULL);
    check_as("29/2/67", RG_DATE_YY_BE, 2024, 2, 29, NULL);
    check_as("29/2/66", RG_DATE_YY_BE, 0, 0, 0, "month 2 of 2566 has 28 days");
    check_as("15/12/6", RG_DATE_YY_BE, 0, 0, 0, "expected a date");
    check_as("15 ธ.ค. ค.ศ. 23", RG_DATE_YY_BE | RG_DATE_CELL, 0, 0, 0,
             "says ค.ศ. (common era), but the mapping reads");
    check_as("15 ธ.ค. ค.ศ. 23", RG_DATE_YY_CE, 2023, 12, 15, NULL);
    check_as("15 ธ.ค. พ.ศ. 66", RG_DATE_YY_BE, 2023, 12, 15, NULL);
    /* Excel's day numbers: the 1900 system (its phantom 29 Feb 1900) and
     * the 1904 one; the time of day dropped. */
    check_as("45275", RG_DATE_CELL, 0, 0, 0, "(45275 is 15/12/2566 in Excel's 1900 date system)");
    check_as("45275", RG_DATE_SERIAL_1900, 2023, 12, 15, NULL);
    check_as("45275.99", RG_DATE_SERIAL_1900, 2023, 12, 15, NULL);
    check_as("1", RG_DATE_SERIAL_1900, 1900, 1, 1, NULL);
    check_as("59", RG_DATE_SERIAL_1900, 1900, 2, 28, NULL);
    check_as("60", RG_DATE_SERIAL_1900, 0, 0, 0, "29 February 1900, a day that never was");
    check_as("61", RG_DATE_SERIAL_1900, 1900, 3, 1, NULL);
    check_as("0", RG_DATE_SERIAL_1900, 0, 0, 0, "Excel's day number 0 is no date");
    check_as("36526", RG_DATE_SERIAL_1900, 2000, 1, 1, NULL);
    check_as("45351", RG_DATE_SERIAL_1900, 2024, 2, 29, NULL);
    check_as("182622", RG_DATE_SERIAL_1900, 2399, 12, 31, NULL);
    check_as("182623", RG_DATE_SERIAL_1900, 0, 0, 0, "after the year 2399");
    check_as("0", RG_DATE_SERIAL_1904, 1904, 1, 1, NULL);
    check_as("43813", RG_DATE_SERIAL_1904, 2023, 12, 15, NULL);
    check_as("12345678", RG_DATE_SERIAL_1900, 0, 0, 0, "expected a date");
    check_as("45275x", RG_DATE_SERIAL_1900, 0, 0, 0, "expected a date");
    check_as("15/12/2566", RG_DATE_SERIAL_1900, 2023, 12, 15, NULL);

    /* Slashes with a common-era year in a cell: the order of day and month. */
    check_as("1/2/2023", RG_DATE_CELL, 0, 0, 0, "\"date_order\": \"dmy\" (1/2 is 1 February) or "
             "\"mdy\" (January 2)");
    check_as("12/15/2023", RG_DATE_CELL, 0, 0, 0, "there is no month 15 in \"12/15/2023\"");
    check_as("15/12/2023", RG_DATE_CELL, 2023, 12, 15, NULL);
    check_as("1/2/2566", RG_DATE_CELL, 2023, 2, 1, NULL);
    check_as("1/2/2023", RG_DATE_CELL | RG_DATE_DMY, 2023, 2, 1, NULL);
    check_as("1/2/2023", RG_DATE_CELL | RG_DATE_MDY, 2023, 1, 2, NULL);
    check_as("2/29/2024 00:00", RG_DATE_CELL | RG_DATE_MDY, 2024, 2, 29, NULL);
    check_as("1/2/2023", 0, 2023, 2, 1, NULL);   /* JSON: day first, as documented */

    char iso[11];
    rg_date_format_iso(2017, 10, 1, iso);
    CHECK_STR(iso, "2017-10-01");
    CHECK_INT(rg_date_days_in_month(2024, 2), 29);
    CHECK_INT(rg_date_days_in_month(2023, 4), 30);
    return CHECK_DONE();
}
