/* UTF-8 decoding and validation. Invalid sequences decode to U+FFFD so that
 * bad input is shown, never crashes, and the caller can warn once. */
#ifndef RG_UTF8_H
#define RG_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define RG_REPLACEMENT_CHAR 0xFFFDu

/* Decode one code point at s[*pos] (len bytes in all), advance *pos.
 * Returns the code point, or RG_REPLACEMENT_CHAR for an invalid sequence
 * (then *pos advances by one byte and *invalid, if given, is set to 1). */
uint32_t rg_utf8_next(const char *s, size_t len, size_t *pos, int *invalid);
/* Encode cp into out (4 bytes at most); returns the byte count. */
int rg_utf8_encode(uint32_t cp, char out[4]);
/* Byte offset of the first invalid sequence, or -1 if s is valid UTF-8. */
long rg_utf8_find_invalid(const char *s, size_t len);

#endif
