/* Message fields between raingan's processes (wire.h). */
#include "util/wire.h"

#include <string.h>

#define STRING_MAX ((uint32_t)1 << 30)

int rg_wire_put_u32(rg_buf *b, uint32_t v)
{
    return rg_buf_append(b, &v, sizeof v);
}

int rg_wire_put_bytes(rg_buf *b, const char *s, size_t n)
{
    if (!s)
        return rg_wire_put_u32(b, RG_WIRE_NONE);
    if (n > STRING_MAX)
        return -1;
    if (rg_wire_put_u32(b, (uint32_t)n) < 0 || rg_buf_append(b, s, n) < 0)
        return -1;
    return rg_buf_putc(b, '\0');
}

int rg_wire_put_str(rg_buf *b, const char *s)
{
    return rg_wire_put_bytes(b, s, s ? strlen(s) : 0);
}

rg_wire_reader rg_wire_reader_of(const char *data, size_t len)
{
    return (rg_wire_reader){data, data + len, 0};
}

uint32_t rg_wire_get_u32(rg_wire_reader *r)
{
    uint32_t v = 0;
    if (r->bad || (size_t)(r->end - r->p) < sizeof v) {
        r->bad = 1;
        return 0;
    }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}

const char *rg_wire_get_bytes(rg_wire_reader *r, size_t *n)
{
    *n = 0;
    uint32_t len = rg_wire_get_u32(r);
    if (r->bad || len == RG_WIRE_NONE)
        return NULL;
    if (len > STRING_MAX || (size_t)(r->end - r->p) <= (size_t)len || r->p[len] != '\0') {
        r->bad = 1;
        return NULL;
    }
    const char *s = r->p;
    r->p += (size_t)len + 1;
    *n = len;
    return s;
}

int rg_wire_done(const rg_wire_reader *r)
{
    return !r->bad && r->p == r->end;
}
