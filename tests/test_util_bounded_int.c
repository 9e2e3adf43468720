/* rg_parse_bounded_int (src/util/bounded_int.h): the one reader of whole
 * numbers typed by people. Every refusal the callers rely on (a sign, a
 * space, trailing junk, hexadecimal, overflow) and the inclusive bounds,
 * each with the status it must give and *out left alone when refused. */
#include <limits.h>

#include "check.h"
#include "util/bounded_int.h"

#define UNTOUCHED (-777)

/* The status for text in [min, max]; *value the result (UNTOUCHED if not set). */
static rg_int_status parse(const char *text, long long min, long long max, long long *value)
{
    *value = UNTOUCHED;
    return rg_parse_bounded_int(text, min, max, value);
}

static void expect_ok(const char *text, long long min, long long max, long long want, int line)
{
    long long v;
    rg_int_status s = parse(text, min, max, &v);
    if (s != RG_INT_OK || v != want) {
        check_failures++;
        fprintf(stderr, "%s:%d: \"%s\" in [%lld, %lld]: status %d value %lld, expected OK %lld\n", __FILE__,
                line, text, min, max, (int)s, v, want);
    }
}

static void expect_refused(const char *text, long long min, long long max, rg_int_status want, int line)
{
    long long v;
    rg_int_status s = parse(text, min, max, &v);
    if (s != want || v != UNTOUCHED) {
        check_failures++;
        fprintf(stderr, "%s:%d: \"%s\" in [%lld, %lld]: status %d value %lld, expected status %d, value untouched\n",
                __FILE__, line, text, min, max, (int)s, v, (int)want);
    }
}

#define OK(t, lo, hi, want) expect_ok(t, lo, hi, want, __LINE__)
#define NO(t, lo, hi, want) expect_refused(t, lo, hi, want, __LINE__)

static void test_bounds(void)
{
    /* -j 1..256 (batch, serve) */
    OK("1", 1, 256, 1);
    OK("256", 1, 256, 256);
    OK("17", 1, 256, 17);
    NO("0", 1, 256, RG_INT_OUT_OF_RANGE);
    NO("257", 1, 256, RG_INT_OUT_OF_RANGE);
    /* a lower bound of 0 (the service's page path, --max-per-ip) */
    OK("0", 0, 10, 0);
    OK("10", 0, 10, 10);
    NO("11", 0, 10, RG_INT_OUT_OF_RANGE);
    /* a one-value range, and max 0: digits above it refused (max - digit < 0) */
    OK("0", 0, 0, 0);
    NO("1", 0, 0, RG_INT_OUT_OF_RANGE);
    NO("9", 0, 0, RG_INT_OUT_OF_RANGE);
    OK("7", 7, 7, 7);
    NO("6", 7, 7, RG_INT_OUT_OF_RANGE);
    NO("8", 7, 7, RG_INT_OUT_OF_RANGE);
    /* Buddhist-era years 2400..3000 */
    OK("2400", 2400, 3000, 2400);
    OK("3000", 2400, 3000, 3000);
    NO("2399", 2400, 3000, RG_INT_OUT_OF_RANGE);
    NO("3001", 2400, 3000, RG_INT_OUT_OF_RANGE);
    NO("566", 2400, 3000, RG_INT_OUT_OF_RANGE);
    /* the epoch bound (year 9999) and the whole range of long long */
    OK("253402300799", 0, 253402300799LL, 253402300799LL);
    NO("253402300800", 0, 253402300799LL, RG_INT_OUT_OF_RANGE);
    OK("9223372036854775807", 0, LLONG_MAX, LLONG_MAX);
    NO("9223372036854775808", 0, LLONG_MAX, RG_INT_OUT_OF_RANGE);
    OK("9223372036854775806", 0, LLONG_MAX - 1, LLONG_MAX - 1);
    NO("9223372036854775807", 0, LLONG_MAX - 1, RG_INT_OUT_OF_RANGE);
}

static void test_not_digits(void)
{
    NO("", 0, 256, RG_INT_EMPTY);
    NO("+1", 0, 256, RG_INT_NOT_DIGITS);
    NO("-1", 0, 256, RG_INT_NOT_DIGITS);
    NO("-0", 0, 256, RG_INT_NOT_DIGITS);
    NO(" 1", 0, 256, RG_INT_NOT_DIGITS);
    NO("1 ", 0, 256, RG_INT_NOT_DIGITS);
    NO("\t1", 0, 256, RG_INT_NOT_DIGITS);
    NO("1\n", 0, 256, RG_INT_NOT_DIGITS);
    NO("1x", 0, 256, RG_INT_NOT_DIGITS);
    NO("0x10", 0, 256, RG_INT_NOT_DIGITS);
    NO("1.5", 0, 256, RG_INT_NOT_DIGITS);
    NO("1e2", 0, 256, RG_INT_NOT_DIGITS);
    NO("1,000", 0, 2000, RG_INT_NOT_DIGITS);
    NO("๑", 0, 256, RG_INT_NOT_DIGITS);  /* Thai digit one: a person's number, but not ASCII */
    /* junk after an overflow is still junk, not range */
    NO("99999999999999999999x", 0, 256, RG_INT_NOT_DIGITS);
}

static void test_leading_zeros_and_overflow(void)
{
    OK("007", 1, 256, 7);
    OK("0000000000000000000000000001", 1, 256, 1);  /* the value counts, not the length */
    OK("00", 0, 10, 0);
    NO("000", 1, 256, RG_INT_OUT_OF_RANGE);
    NO("0257", 1, 256, RG_INT_OUT_OF_RANGE);
    /* 20 digits: past any long long; strtol would saturate at LONG_MAX */
    NO("99999999999999999999", 0, 256, RG_INT_OUT_OF_RANGE);
    NO("99999999999999999999", 0, LLONG_MAX, RG_INT_OUT_OF_RANGE);
    NO("18446744073709551617", 0, LLONG_MAX, RG_INT_OUT_OF_RANGE);  /* 2^64 + 1: wraps to 1 in 64 bits */
    NO("10000000000000000000000000000000000000000", 0, LLONG_MAX, RG_INT_OUT_OF_RANGE);
}

int main(void)
{
    test_bounds();
    test_not_digits();
    test_leading_zeros_and_overflow();
    return CHECK_DONE();
}
