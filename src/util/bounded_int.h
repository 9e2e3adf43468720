/* Whole numbers typed by people: option values (--page, -j, --listen's
 * port), query parameters (?dpi=, ?year=), descriptor numbers in paths and
 * environment settings (SOURCE_DATE_EPOCH). One reader for all of them, so
 * that every place refuses the same things: a sign, a space, trailing
 * junk, hexadecimal, a value past the bounds or past what a long long holds
 * (strtol's own rules accept " +7", and saturate at LONG_MAX). The caller
 * words the message: it knows the option and the range to name. */
#ifndef RG_UTIL_BOUNDED_INT_H
#define RG_UTIL_BOUNDED_INT_H

typedef enum {
    RG_INT_OK = 0,
    RG_INT_EMPTY,        /* "" */
    RG_INT_NOT_DIGITS,   /* anything but the digits 0-9: a sign, a space, "1x", "0x10", "1.5" */
    RG_INT_OUT_OF_RANGE  /* digits only, but below min or above max (however many digits) */
} rg_int_status;

/* Reads `text` as a plain decimal number: one or more ASCII digits and
 * nothing else (leading zeros allowed: "007" is 7). On RG_INT_OK, *out is
 * the value, min <= *out <= max (bounds inclusive); on any other status
 * *out is left as it was. Requires 0 <= min <= max (no sign is accepted, so
 * a negative bound could never be met) and text, out not NULL. */
rg_int_status rg_parse_bounded_int(const char *text, long long min, long long max, long long *out);

#endif
