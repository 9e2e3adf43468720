/* Incremental updates (see pdf_update.h). */
#include "sign/pdf_update.h"

#include <assert.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

int rg_pdf_update_begin(rg_pdf_update *u, rg_buf *out)
{
    assert(u && out);
    memset(u, 0, sizeof *u);
    u->out = out;
    if (out->len && out->data[out->len - 1] != '\n' && out->data[out->len - 1] != '\r')
        return rg_buf_putc(out, '\n');
    return 0;
}

void rg_pdf_update_free(rg_pdf_update *u)
{
    free(u->objects);
    u->objects = NULL;
    u->count = u->cap = 0;
}

int rg_pdf_update_object_start(rg_pdf_update *u, long long num, int gen)
{
    assert(u->out);                       /* after rg_pdf_update_begin */
    assert(num > 0 && gen >= 0 && gen <= 65535);
    rg_pdf_update_entry *objects = rg_vec_reserve(u->objects, u->count, &u->cap, sizeof *objects, 8);
    if (!objects)
        return -1;
    u->objects = objects;
    rg_pdf_update_entry *o = &u->objects[u->count++];
    o->num = num;
    o->gen = gen;
    o->offset = u->out->len;
    return rg_buf_printf(u->out, "%lld %d obj\n", num, gen);
}

int rg_pdf_update_object(rg_pdf_update *u, long long num, int gen, const rg_pdf_obj *value)
{
    if (rg_pdf_update_object_start(u, num, gen) < 0 || rg_pdf_write(u->out, value) < 0)
        return -1;
    return rg_buf_puts(u->out, "\nendobj\n");
}

int rg_pdf_update_stream(rg_pdf_update *u, long long num, const void *data, size_t len)
{
    if (rg_pdf_update_object_start(u, num, 0) < 0 || rg_buf_printf(u->out, "<< /Length %zu >>\nstream\n", len) < 0 ||
        rg_buf_append(u->out, data, len) < 0)
        return -1;
    return rg_buf_puts(u->out, "\nendstream\nendobj\n");
}

static int compare_objects(const void *a, const void *b)
{
    const rg_pdf_update_entry *x = a, *y = b;
    return x->num < y->num ? -1 : x->num > y->num;
}

/* One subsection per run of consecutive object numbers. */
static int write_xref(rg_pdf_update *u)
{
    qsort(u->objects, u->count, sizeof u->objects[0], compare_objects);
    if (rg_buf_puts(u->out, "xref\n") < 0)
        return -1;
    for (size_t i = 0; i < u->count;) {
        size_t run = 1;
        while (i + run < u->count && u->objects[i + run].num == u->objects[i].num + (long long)run)
            run++;
        if (rg_buf_printf(u->out, "%lld %zu\n", u->objects[i].num, run) < 0)
            return -1;
        for (size_t k = i; k < i + run; k++)
            if (rg_buf_printf(u->out, "%010zu %05d n\r\n", u->objects[k].offset, u->objects[k].gen) < 0)
                return -1;
        i += run;
    }
    return 0;
}

/* A permanent identifier derived from the old file (libharu writes none). */
static rg_pdf_obj *derived_id(const rg_pdf_file *f)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    char hex[64];
    if (EVP_Digest(f->data, f->len, md, &md_len, EVP_sha256(), NULL) != 1)
        return NULL;
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02X", md[i]);
    rg_buf id = RG_BUF_INIT;
    rg_pdf_obj *obj = NULL;
    if (rg_buf_printf(&id, "[<%s> <%s>]", hex, hex) == 0) {
        size_t pos = 0;
        rg_error ignored = {0};
        obj = rg_pdf_parse_object(id.data, id.len, &pos, &ignored);
    }
    rg_buf_free(&id);
    return obj;
}

int rg_pdf_update_finish(rg_pdf_update *u, const rg_pdf_file *f, long long size)
{
    assert(u->out && f);
    for (size_t i = 0; i < u->count; i++)
        assert(u->objects[i].num < size);   /* /Size covers every object written */
    size_t xref_offset = u->out->len;
    if (write_xref(u) < 0)
        return -1;
    rg_pdf_obj *trailer = rg_pdf_new(RG_PDF_DICT);
    if (!trailer)
        return -1;
    int rc = rg_pdf_dict_set(trailer, "Size", rg_pdf_new_int(size));
    const char *copied[] = {"Root", "Info", "ID"};
    for (int i = 0; i < 3 && rc == 0; i++) {
        rg_pdf_obj *value = rg_pdf_dict_get(f->trailer, copied[i]);
        if (value)
            rc = rg_pdf_dict_set(trailer, copied[i], rg_pdf_clone(value));
    }
    if (rc == 0 && !rg_pdf_dict_get(f->trailer, "ID"))
        rc = rg_pdf_dict_set(trailer, "ID", derived_id(f));
    if (rc == 0)
        rc = rg_pdf_dict_set(trailer, "Prev", rg_pdf_new_int(f->startxref));
    if (rc == 0 && (rg_buf_puts(u->out, "trailer\n") < 0 || rg_pdf_write(u->out, trailer) < 0 ||
                    rg_buf_printf(u->out, "\nstartxref\n%zu\n%%%%EOF\n", xref_offset) < 0))
        rc = -1;
    rg_pdf_free(trailer);
    return rc;
}
