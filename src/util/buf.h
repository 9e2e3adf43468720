/* A growable byte buffer: the one string builder used everywhere.
 * The buffer owns its bytes; data is always NUL-terminated. */
#ifndef RG_BUF_H
#define RG_BUF_H

#include <stddef.h>

typedef struct rg_buf {
    char *data;
    size_t len;
    size_t cap;
} rg_buf;

#define RG_BUF_INIT {NULL, 0, 0}

/* All return 0, or -1 when memory runs out (the buffer is then unchanged). */
int rg_buf_append(rg_buf *b, const void *bytes, size_t n);
int rg_buf_puts(rg_buf *b, const char *s);
static inline int rg_buf_putc(rg_buf *b, char c)
{
    /* the PDF writer's content streams: one call per operator separator */
    if (b->len + 2 <= b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return rg_buf_append(b, &c, 1);
}
/* Room for `extra` more bytes after len (plus the NUL), for code that writes
 * into data + len itself and then sets len. */
int rg_buf_reserve(rg_buf *b, size_t extra);
int rg_buf_printf(rg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rg_buf_reset(rg_buf *b);           /* length 0, keeps the memory */
char *rg_buf_steal(rg_buf *b);          /* caller owns the string; buffer emptied */
void rg_buf_free(rg_buf *b);

#endif
