/* Growable byte buffer (see buf.h). */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rg_buf_reserve(rg_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            return -1;
        cap *= 2;
    }
    char *data = realloc(b->data, cap);
    if (!data)
        return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

int rg_buf_append(rg_buf *b, const void *bytes, size_t n)
{
    if (rg_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int rg_buf_puts(rg_buf *b, const char *s)
{
    return rg_buf_append(b, s, strlen(s));
}

int rg_buf_printf(rg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || rg_buf_reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void rg_buf_reset(rg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *rg_buf_steal(rg_buf *b)
{
    char *s = b->data;
    if (!s)
        s = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void rg_buf_free(rg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
