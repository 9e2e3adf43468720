/* The one reader of bounded whole numbers typed by people (bounded_int.h):
 * digits only, checked against the bounds as they accumulate, so that no
 * length of input can overflow. */
#include "util/bounded_int.h"

#include <assert.h>
#include <stddef.h>

rg_int_status rg_parse_bounded_int(const char *text, long long min, long long max, long long *out)
{
    assert(text && out && 0 <= min && min <= max);
    if (!*text)
        return RG_INT_EMPTY;
    long long v = 0;
    int above = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return RG_INT_NOT_DIGITS;
        int digit = *p - '0';
        /* Once above max it stays above (digits only make it larger); the
         * test before multiplying (v * 10 + digit <= max, in non-negative
         * numbers) keeps every step within max, so nothing overflows. */
        if (above || max - digit < 0 || v > (max - digit) / 10)
            above = 1;
        else
            v = v * 10 + digit;
    }
    if (above || v < min)
        return RG_INT_OUT_OF_RANGE;
    *out = v;
    return RG_INT_OK;
}
