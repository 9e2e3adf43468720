/* File names of printed records (file_name.h). */
#include "render/file_name.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Appends a file-name-safe form of `key`: ASCII letters, digits, '.', '_', '-'
 * and Thai letters (U+0E00..U+0E7F) are kept, every other character becomes
 * '_'; no leading '.', '-' or '_', at most RG_FILE_NAME_KEY_MAX bytes. When anything
 * had to change, "~" and 12 hex digits of a hash of the original key follow,
 * so two different keys never get the same name. */
static void append_safe_key(rg_buf *out, const char *key)
{
    size_t start = out->len;
    int changed = 0;
    const unsigned char *s = (const unsigned char *)key;
    while (*s) {
        size_t room = start + RG_FILE_NAME_KEY_MAX - out->len;
        if (*s < 0x80) {
            char c = (char)*s;
            int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                     || c == '.' || c == '_' || c == '-';
            if (out->len == start && (c == '.' || c == '-' || c == '_'))
                ok = 0, c = 0;   /* dropped: no hidden files, no option-like names */
            if (room < 1)
                break;
            if (!ok) {
                changed = 1;
                if (c && out->len > start && out->data[out->len - 1] != '_')
                    rg_buf_putc(out, '_');
            } else {
                rg_buf_putc(out, c);
            }
            s++;
        } else if (s[0] == 0xE0 && (s[1] == 0xB8 || s[1] == 0xB9) && (s[2] & 0xC0) == 0x80) {
            if (room < 3)
                break;
            rg_buf_append(out, s, 3);   /* Thai block U+0E00..U+0E7F */
            s += 3;
        } else {
            changed = 1;
            if (out->len > start && out->data[out->len - 1] != '_')
                rg_buf_putc(out, '_');
            s++;
            while ((*s & 0xC0) == 0x80)
                s++;
        }
    }
    if (*s)
        changed = 1;   /* cut at the length limit */
    if (out->len == start) {
        rg_buf_puts(out, "record");
        changed = 1;
    }
    if (changed)
        rg_buf_printf(out, "~%012llx", (unsigned long long)(fnv1a64(key) & 0xFFFFFFFFFFFFULL));
}

char *rg_file_name(const char *pattern, const char *form, const char *key, long year, rg_error *err)
{
    rg_buf out = RG_BUF_INIT;
    for (const char *p = pattern; *p; p++) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = close ? (size_t)(close - p - 1) : 0;
            if (close && n == 3 && !strncmp(p + 1, "key", 3))
                append_safe_key(&out, key);
            else if (close && n == 4 && !strncmp(p + 1, "form", 4))
                append_safe_key(&out, form);
            else if (close && n == 4 && !strncmp(p + 1, "year", 4))
                rg_buf_printf(&out, "%ld", year);
            else {
                rg_buf_free(&out);
                rg_error_set(err, RG_ERR_USAGE,
                             "%s: unknown placeholder (use {form}, {year} and {key})", pattern);
                return NULL;
            }
            p = close;
        } else if (*p == '/' || (*p == '.' && out.len == 0)) {
            rg_buf_free(&out);
            rg_error_set(err, RG_ERR_USAGE,
                         "%s: a file name, not a path (no '/', no leading '.')", pattern);
            return NULL;
        } else {
            rg_buf_putc(&out, *p);
        }
    }
    if (!out.data) {
        rg_error_set(err, RG_ERR_USAGE, "empty pattern");
        return NULL;
    }
    return rg_buf_steal(&out);
}
