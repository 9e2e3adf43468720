/* UTF-8 decoding (see utf8.h). Strict: overlongs, surrogates and values
 * above U+10FFFF are invalid, as RFC 3629 requires. */
#include "util/utf8.h"

uint32_t rg_utf8_next(const char *str, size_t len, size_t *pos, int *invalid)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = *pos;
    unsigned char c = s[i];
    uint32_t cp;
    int extra;
    uint32_t min;

    if (c < 0x80) {
        *pos = i + 1;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F; extra = 1; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F; extra = 2; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07; extra = 3; min = 0x10000;
    } else {
        goto bad;
    }
    if (i + (size_t)extra >= len)
        goto bad;
    for (int k = 1; k <= extra; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            goto bad;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        goto bad;
    *pos = i + 1 + (size_t)extra;
    return cp;
bad:
    *pos = i + 1;
    if (invalid)
        *invalid = 1;
    return RG_REPLACEMENT_CHAR;
}

int rg_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

long rg_utf8_find_invalid(const char *s, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        size_t at = pos;
        int invalid = 0;
        rg_utf8_next(s, len, &pos, &invalid);
        if (invalid)
            return (long)at;
    }
    return -1;
}
