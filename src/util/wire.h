/* The fields of a message between raingan's own processes (the worker
 * pool's tasks and results, the service's requests and replies): numbers
 * as 4 bytes in the host's order (both ends are the same program), byte
 * strings as their length, their bytes and a NUL, or a length of
 * UINT32_MAX for "none". Reading checks every field against the message's
 * end, so a short or garbled message is refused, never read past.
 *
 * Writers append to an rg_buf; they return 0, or -1 when memory runs out or
 * a string is too long (the buffer then holds a partial message: callers
 * discard it). A reader points into the caller's message and owns nothing;
 * the strings it returns live as long as the message. Not shared between
 * threads. */
#ifndef RG_UTIL_WIRE_H
#define RG_UTIL_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define RG_WIRE_NONE UINT32_MAX

int rg_wire_put_u32(rg_buf *b, uint32_t v);
/* `s` NULL: "none" (n ignored); else n bytes (at most 1 GiB) and a NUL. */
int rg_wire_put_bytes(rg_buf *b, const char *s, size_t n);
/* rg_wire_put_bytes(b, s, strlen(s)), or "none" for NULL. */
int rg_wire_put_str(rg_buf *b, const char *s);

typedef struct rg_wire_reader {
    const char *p, *end;
    int bad;   /* set by the first field that does not fit; every later read gives 0/NULL */
} rg_wire_reader;

/* A reader of the `len` bytes at `data`. */
rg_wire_reader rg_wire_reader_of(const char *data, size_t len);
uint32_t rg_wire_get_u32(rg_wire_reader *r);
/* The next string, in place and NUL-terminated, its length in *n; NULL for
 * "none" or when the message is bad (then r->bad is set). */
const char *rg_wire_get_bytes(rg_wire_reader *r, size_t *n);
/* Whether the whole message was read, and well. */
int rg_wire_done(const rg_wire_reader *r);

#endif
