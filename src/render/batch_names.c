/* The file names of a batch's outputs (batch_names.h). */
#include "render/batch_names.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int rg_batch_append_safe(rg_buf *out, const char *key)
{
    size_t start = out->len;
    int changed = 0, rc = 0;
    const unsigned char *s = (const unsigned char *)key;
    while (*s && rc == 0) {
        /* The loop never lets the safe part outgrow its limit. */
        assert(out->len - start <= RG_BATCH_NAME_MAX_BYTES);
        size_t room = start + RG_BATCH_NAME_MAX_BYTES - out->len;
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
                    rc = rg_buf_putc(out, '_');
            } else {
                rc = rg_buf_putc(out, c);
            }
            s++;
        } else if (s[0] == 0xE0 && (s[1] == 0xB8 || s[1] == 0xB9) && (s[2] & 0xC0) == 0x80) {
            if (room < 3)
                break;
            rc = rg_buf_append(out, s, 3);   /* Thai block U+0E00..U+0E7F */
            s += 3;
        } else {
            changed = 1;
            if (out->len > start && out->data[out->len - 1] != '_')
                rc = rg_buf_putc(out, '_');
            s++;
            while ((*s & 0xC0) == 0x80)
                s++;
        }
    }
    if (rc < 0)
        return -1;
    if (*s)
        changed = 1;   /* cut at the length limit */
    if (out->len == start) {
        if (rg_buf_puts(out, "record") < 0)
            return -1;
        changed = 1;
    }
    if (changed)
        return rg_buf_printf(out, "~%012llx", (unsigned long long)(fnv1a64(key) & 0xFFFFFFFFFFFFULL));
    return 0;
}

char *rg_batch_file_name(const char *pattern, const char *form, const char *key, long year, rg_error *err)
{
    rg_buf out = RG_BUF_INIT;
    int rc = 0;
    for (const char *p = pattern; *p && rc == 0; p++) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = close ? (size_t)(close - p - 1) : 0;
            if (close && n == 3 && !strncmp(p + 1, "key", 3))
                rc = rg_batch_append_safe(&out, key);
            else if (close && n == 4 && !strncmp(p + 1, "form", 4))
                rc = rg_batch_append_safe(&out, form);
            else if (close && n == 4 && !strncmp(p + 1, "year", 4))
                rc = rg_buf_printf(&out, "%ld", year);
            else {
                rg_buf_free(&out);
                rg_error_set(err, RG_ERR_USAGE, "%s: unknown placeholder (use {form}, {year} and {key})", pattern);
                return NULL;
            }
            p = close;
        } else if (*p == '/' || (*p == '.' && out.len == 0)) {
            rg_buf_free(&out);
            rg_error_set(err, RG_ERR_USAGE, "%s: a file name, not a path (no '/', no leading '.')", pattern);
            return NULL;
        } else {
            rc = rg_buf_putc(&out, *p);
        }
    }
    if (rc < 0) {
        rg_buf_free(&out);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!out.data) {
        rg_error_set(err, RG_ERR_USAGE, "empty pattern");
        return NULL;
    }
    return rg_buf_steal(&out);
}

static int compare_names(const void *a, const void *b)
{
    const char *const *x = *(const char *const *const *)a, *const *y = *(const char *const *const *)b;
    return strcmp(*x, *y);
}

int rg_batch_names_unique(const char *const *names, size_t count, size_t *first, size_t *second)
{
    /* Pointers to the names, sorted: equal names end up side by side, and
     * each one's index is its distance from `names`. */
    const char *const **sorted = malloc((count + 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    for (size_t i = 0; i < count; i++)
        sorted[i] = &names[i];
    qsort(sorted, count, sizeof *sorted, compare_names);
    int unique = 1;
    for (size_t i = 1; i < count && unique; i++) {
        if (!strcmp(*sorted[i - 1], *sorted[i])) {
            size_t a = (size_t)(sorted[i - 1] - names), b = (size_t)(sorted[i] - names);
            *first = a < b ? a : b;
            *second = a < b ? b : a;
            unique = 0;
        }
    }
    free(sorted);
    return unique;
}
