/* Cross-reference chain and object reading for the signer (see pdf_file.h). */
#include "sign/pdf_file.h"

#include <stdlib.h>
#include <string.h>

/* Object numbers above this are refused: libharu numbers objects densely, so
 * a larger /Size means a damaged or foreign file (and bounds our tables). */
#define MAX_OBJECTS 10000000LL
/* The longest /Prev chain followed (each signature adds one section). */
#define MAX_SECTIONS 1000

static int damaged(rg_error *err, const char *what)
{
    return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s", what);
}

/* The offset written after the last "startxref" (only whitespace and %%EOF may follow). */
static int find_startxref(const char *data, size_t len, long long *offset, rg_error *err)
{
    size_t window = len < 2048 ? len : 2048;
    const char *key = "startxref";
    size_t klen = strlen(key);
    long found = -1;
    for (size_t i = len - klen + 1; i-- > len - window;) {
        if (memcmp(data + i, key, klen) == 0) {
            found = (long)i;
            break;
        }
    }
    if (found < 0)
        return damaged(err, "no startxref at the end of the file (truncated?)");
    size_t pos = (size_t)found + klen;
    if (rg_pdf_read_uint(data, len, &pos, offset) < 0)
        return damaged(err, "startxref is not followed by an offset");
    /* Only "%%EOF" and line ends may follow the offset. */
    pos = rg_pdf_skip_space(data, len, pos);
    int has_eof = 0;
    for (size_t i = (size_t)found; i + 5 <= len; i++)
        if (memcmp(data + i, "%%EOF", 5) == 0)
            has_eof = 1;
    if (!has_eof || pos != len)
        return damaged(err, "no %EOF after startxref (truncated?)");
    if (*offset <= 0 || (size_t)*offset >= len)
        return damaged(err, "startxref points outside the file");
    return 0;
}

static int grow_tables(rg_pdf_file *f, long long size, rg_error *err)
{
    if (size <= f->size)
        return 0;
    if (size > MAX_OBJECTS)
        return damaged(err, "implausibly many objects");
    rg_pdf_xref_entry *xref = realloc(f->xref, (size_t)size * sizeof *xref);
    if (!xref)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    memset(xref + f->size, 0, (size_t)(size - f->size) * sizeof *xref);
    f->xref = xref;
    rg_pdf_obj **cache = realloc(f->cache, (size_t)size * sizeof *cache);
    if (!cache)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    memset(cache + f->size, 0, (size_t)(size - f->size) * sizeof *cache);
    f->cache = cache;
    f->size = size;
    return 0;
}

/* One xref table at `offset` and its trailer (returned, owned by caller).
 * Entries already known from a newer section are kept. */
static rg_pdf_obj *read_section(rg_pdf_file *f, long long offset, rg_error *err)
{
    const char *d = f->data;
    size_t len = f->len, pos = (size_t)offset;
    if (!rg_pdf_at_keyword(d, len, pos, "xref")) {
        long long n;
        size_t p = pos;
        if (rg_pdf_read_uint(d, len, &p, &n) == 0 && rg_pdf_read_uint(d, len, &p, &n) == 0 &&
            rg_pdf_at_keyword(d, len, rg_pdf_skip_space(d, len, p), "obj")) {
            rg_error_set(err, RG_ERR_INPUT,
                         "the PDF uses cross-reference streams, which raingan does not sign "
                         "(it was not written by raingan, or was rewritten by another tool)");
            return NULL;
        }
        damaged(err, "no cross-reference table where startxref points");
        return NULL;
    }
    pos += 4;
    for (;;) {
        pos = rg_pdf_skip_space(d, len, pos);
        if (rg_pdf_at_keyword(d, len, pos, "trailer"))
            break;
        long long first, count;
        if (rg_pdf_read_uint(d, len, &pos, &first) < 0 || rg_pdf_read_uint(d, len, &pos, &count) < 0) {
            damaged(err, "bad cross-reference subsection header");
            return NULL;
        }
        if (first + count > MAX_OBJECTS || (size_t)count > len / 18) {
            damaged(err, "implausible cross-reference subsection");
            return NULL;
        }
        if (grow_tables(f, first + count, err) < 0)
            return NULL;
        for (long long i = 0; i < count; i++) {
            long long off, gen;
            if (rg_pdf_read_uint(d, len, &pos, &off) < 0 || rg_pdf_read_uint(d, len, &pos, &gen) < 0) {
                damaged(err, "bad cross-reference entry");
                return NULL;
            }
            pos = rg_pdf_skip_space(d, len, pos);
            if (pos >= len || (d[pos] != 'n' && d[pos] != 'f')) {
                damaged(err, "bad cross-reference entry");
                return NULL;
            }
            rg_pdf_xref_entry *e = &f->xref[first + i];
            if (!e->state) {
                e->state = d[pos];
                e->offset = off;
                e->gen = (int)gen;
            }
            pos++;
        }
    }
    pos += strlen("trailer");
    rg_pdf_obj *trailer = rg_pdf_parse_object(d, len, &pos, err);
    if (!trailer)
        return NULL;
    if (trailer->type != RG_PDF_DICT) {
        rg_pdf_free(trailer);
        damaged(err, "trailer is not a dictionary");
        return NULL;
    }
    return trailer;
}

int rg_pdf_file_open(rg_pdf_file *f, const char *data, size_t len, rg_error *err)
{
    memset(f, 0, sizeof *f);
    f->data = data;
    f->len = len;
    if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
        return rg_error_set(err, RG_ERR_INPUT, "not a PDF file (no %%PDF- header)");
    if (find_startxref(data, len, &f->startxref, err) < 0)
        return -1;
    long long offset = f->startxref;
    long long visited[MAX_SECTIONS];
    while (offset > 0) {
        if (f->sections == MAX_SECTIONS)
            goto fail_chain;
        for (int i = 0; i < f->sections; i++)
            if (visited[i] == offset)
                goto fail_chain;
        if ((size_t)offset >= len) {
            damaged(err, "/Prev points outside the file");
            goto fail;
        }
        visited[f->sections++] = offset;
        rg_pdf_obj *trailer = read_section(f, offset, err);
        if (!trailer)
            goto fail;
        if (rg_pdf_dict_get(trailer, "XRefStm")) {
            rg_pdf_free(trailer);
            rg_error_set(err, RG_ERR_INPUT, "the PDF uses cross-reference streams, which raingan does not sign");
            goto fail;
        }
        rg_pdf_obj *prev = rg_pdf_dict_get(trailer, "Prev");
        offset = prev && prev->type == RG_PDF_INT ? prev->num : 0;
        if (prev && (prev->type != RG_PDF_INT || prev->num <= 0)) {
            rg_pdf_free(trailer);
            damaged(err, "bad /Prev in trailer");
            goto fail;
        }
        if (!f->trailer)
            f->trailer = trailer;
        else
            rg_pdf_free(trailer);
    }
    rg_pdf_obj *size = rg_pdf_dict_get(f->trailer, "Size");
    if (!size || size->type != RG_PDF_INT || size->num < 1 || size->num > MAX_OBJECTS) {
        damaged(err, "trailer has no valid /Size");
        goto fail;
    }
    if (grow_tables(f, size->num, err) < 0)
        goto fail;
    /* New objects are numbered from /Size: an object at or above it would be
     * shadowed by them, so such a file is refused rather than corrupted. */
    for (long long i = size->num; i < f->size; i++) {
        if (f->xref[i].state == 'n') {
            rg_error_set(err, RG_ERR_INPUT, "damaged PDF: object %lld is beyond the trailer's /Size %lld", i,
                         size->num);
            goto fail;
        }
    }
    f->size = size->num;
    f->section_offset = malloc((size_t)f->sections * sizeof *f->section_offset);
    if (!f->section_offset) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto fail;
    }
    memcpy(f->section_offset, visited, (size_t)f->sections * sizeof *visited);
    return 0;
fail_chain:
    damaged(err, "the chain of cross-reference tables loops");
fail:
    rg_pdf_file_close(f);
    return -1;
}

void rg_pdf_file_close(rg_pdf_file *f)
{
    if (f->cache)
        for (long long i = 0; i < f->size; i++)
            rg_pdf_free(f->cache[i]);
    free(f->cache);
    free(f->xref);
    free(f->section_offset);
    rg_pdf_free(f->trailer);
    memset(f, 0, sizeof *f);
}

rg_pdf_obj *rg_pdf_file_object(rg_pdf_file *f, long long num, int *gen, rg_error *err)
{
    if (num <= 0 || num >= f->size || f->xref[num].state != 'n') {
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: object %lld is missing", num);
        return NULL;
    }
    rg_pdf_xref_entry *e = &f->xref[num];
    if (gen)
        *gen = e->gen;
    if (f->cache[num])
        return f->cache[num];
    size_t pos = (size_t)e->offset;
    long long n, g;
    if (e->offset <= 0 || (size_t)e->offset >= f->len ||
        rg_pdf_read_uint(f->data, f->len, &pos, &n) < 0 || rg_pdf_read_uint(f->data, f->len, &pos, &g) < 0 ||
        n != num || g != e->gen) {
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: object %lld is not where the cross-reference table says", num);
        return NULL;
    }
    pos = rg_pdf_skip_space(f->data, f->len, pos);
    if (!rg_pdf_at_keyword(f->data, f->len, pos, "obj")) {
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: object %lld has no 'obj' keyword", num);
        return NULL;
    }
    pos += 3;
    rg_pdf_obj *obj = rg_pdf_parse_object(f->data, f->len, &pos, err);
    if (!obj) {
        rg_error_prefix(err, "object %lld: ", num);
        return NULL;
    }
    f->cache[num] = obj;
    return obj;
}

rg_pdf_obj *rg_pdf_file_resolve(rg_pdf_file *f, rg_pdf_obj *obj, rg_error *err)
{
    if (obj && obj->type == RG_PDF_REF)
        return rg_pdf_file_object(f, obj->num, NULL, err);
    return obj;
}
