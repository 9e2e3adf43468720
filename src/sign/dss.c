/* The document security store (see dss.h). */
#include "sign/dss.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf_file.h"
#include "sign/pdf_update.h"
#include "util/vec.h"

/* The DSS arrays, their VRI names, and the rg_dss_data list of each. */
typedef struct dss_kind {
    const char *array, *vri;
} dss_kind;
static const dss_kind KINDS[3] = {{"Certs", "Cert"}, {"OCSPs", "OCSP"}, {"CRLs", "CRL"}};

static rg_der_list *kind_list(const rg_dss_data *d, int k)
{
    const rg_der_list *lists[3] = {&d->certs, &d->ocsps, &d->crls};
    return (rg_der_list *)lists[k];
}

static const rg_index_list *vri_list(const rg_vri *v, int k)
{
    const rg_index_list *lists[3] = {&v->certs, &v->ocsps, &v->crls};
    return lists[k];
}

int rg_der_list_add(rg_der_list *list, const void *der, size_t len, size_t *index)
{
    for (size_t i = 0; i < list->count; i++) {
        if (list->items[i].len == len && memcmp(list->items[i].data, der, len) == 0) {
            if (index)
                *index = i;
            return 0;
        }
    }
    rg_buf *items = rg_vec_reserve(list->items, list->count, &list->cap, sizeof *items, 8);
    if (!items)
        return -1;
    list->items = items;
    rg_buf item = RG_BUF_INIT;
    if (rg_buf_append(&item, der, len) < 0)
        return -1;
    list->items[list->count] = item;
    if (index)
        *index = list->count;
    list->count++;
    return 0;
}

int rg_index_list_add(rg_index_list *list, size_t index)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i] == index)
            return 0;
    size_t *items = rg_vec_reserve(list->items, list->count, &list->cap, sizeof *items, 8);
    if (!items)
        return -1;
    list->items = items;
    list->items[list->count++] = index;
    return 0;
}

rg_vri *rg_dss_vri(rg_dss_data *d, const char *key)
{
    for (size_t i = 0; i < d->nvri; i++)
        if (strcmp(d->vri[i].key, key) == 0)
            return &d->vri[i];
    rg_vri *vri = rg_vec_reserve(d->vri, d->nvri, &d->vri_cap, sizeof *vri, 4);
    if (!vri)
        return NULL;
    d->vri = vri;
    rg_vri *v = &d->vri[d->nvri++];
    memset(v, 0, sizeof *v);
    snprintf(v->key, sizeof v->key, "%s", key);
    return v;
}

static void der_list_free(rg_der_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        rg_buf_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

void rg_dss_data_free(rg_dss_data *d)
{
    der_list_free(&d->certs);
    der_list_free(&d->ocsps);
    der_list_free(&d->crls);
    for (size_t i = 0; i < d->nvri; i++) {
        free(d->vri[i].certs.items);
        free(d->vri[i].ocsps.items);
        free(d->vri[i].crls.items);
    }
    free(d->vri);
    memset(d, 0, sizeof *d);
}

void rg_dss_vri_key(const void *contents, size_t len, char key[41])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    key[0] = '\0';
    if (EVP_Digest(contents, len, md, &md_len, EVP_sha1(), NULL) != 1 || md_len != 20)
        return;
    for (int i = 0; i < 20; i++)
        snprintf(key + 2 * i, 3, "%02X", md[i]);
}

/* The bytes of an unfiltered stream object with a direct /Length, or -1
 * (a filtered or unreadable stream is simply not compared). */
static int raw_stream(rg_pdf_file *f, const rg_pdf_obj *ref, const char **data, size_t *len)
{
    rg_error ignored = {0};
    if (!ref || ref->type != RG_PDF_REF)
        return -1;
    rg_pdf_obj *dict = rg_pdf_file_object(f, ref->num, NULL, &ignored);
    rg_pdf_obj *length = dict && dict->type == RG_PDF_DICT ? rg_pdf_dict_get(dict, "Length") : NULL;
    if (!length || length->type != RG_PDF_INT || rg_pdf_dict_get(dict, "Filter"))
        return -1;
    /* Parse the object again to find where its dictionary ends. */
    size_t pos = (size_t)f->xref[ref->num].offset;
    long long n;
    if (rg_pdf_read_uint(f->data, f->len, &pos, &n) < 0 || rg_pdf_read_uint(f->data, f->len, &pos, &n) < 0)
        return -1;
    pos = rg_pdf_skip_space(f->data, f->len, pos) + 3;  /* "obj" */
    rg_pdf_obj *again = rg_pdf_parse_object(f->data, f->len, &pos, &ignored);
    rg_pdf_free(again);
    if (!again)
        return -1;
    pos = rg_pdf_skip_space(f->data, f->len, pos);
    if (!rg_pdf_at_keyword(f->data, f->len, pos, "stream"))
        return -1;
    pos += 6;
    if (pos < f->len && f->data[pos] == '\r')
        pos++;
    if (pos >= f->len || f->data[pos] != '\n')
        return -1;
    pos++;
    if (length->num < 0 || (size_t)length->num > f->len - pos)
        return -1;
    *data = f->data + pos;
    *len = (size_t)length->num;
    return 0;
}

/* The catalog's DSS (NULL when none) and the catalog itself. */
static int read_catalog(rg_pdf_file *f, rg_pdf_obj **catalog, long long *num, int *gen, rg_pdf_obj **dss,
                        rg_error *err)
{
    rg_pdf_obj *root = rg_pdf_dict_get(f->trailer, "Root");
    if (!root || root->type != RG_PDF_REF)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the trailer has no /Root");
    *num = root->num;
    *catalog = rg_pdf_file_object(f, root->num, gen, err);
    if (!*catalog || (*catalog)->type != RG_PDF_DICT)
        return err->code ? -1 : rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the catalog is not a dictionary");
    *dss = rg_pdf_file_resolve(f, rg_pdf_dict_get(*catalog, "DSS"), err);
    if (!*dss && err->code)
        return -1;
    if (*dss && (*dss)->type != RG_PDF_DICT)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: /DSS is not a dictionary");
    return 0;
}

/* The references of the DSS's array `key` (cloned, or a new empty array). */
static rg_pdf_obj *dss_array(rg_pdf_file *f, rg_pdf_obj *dss, const char *key, rg_error *err)
{
    rg_pdf_obj *old = dss ? rg_pdf_file_resolve(f, rg_pdf_dict_get(dss, key), err) : NULL;
    if (!old && err->code)
        return NULL;
    if (old && old->type != RG_PDF_ARRAY) {
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the DSS's /%s is not an array", key);
        return NULL;
    }
    rg_pdf_obj *array = old ? rg_pdf_clone(old) : rg_pdf_new(RG_PDF_ARRAY);
    if (!array)
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return array;
}

/* For each item of d's list k: the object number holding it in the file
 * (found in the old array) or written now (and appended to the array). */
static int place_items(rg_pdf_file *f, rg_pdf_update *u, rg_pdf_obj *array, const rg_der_list *list,
                       long long *refs, long long *next)
{
    size_t old_count = array->count;
    for (size_t i = 0; i < list->count; i++) {
        refs[i] = 0;
        for (size_t j = 0; j < old_count && !refs[i]; j++) {
            const char *data;
            size_t len;
            if (raw_stream(f, array->items[j], &data, &len) == 0 && len == list->items[i].len &&
                memcmp(data, list->items[i].data, len) == 0)
                refs[i] = array->items[j]->num;
        }
        if (refs[i])
            continue;
        refs[i] = (*next)++;
        if (rg_pdf_update_stream(u, refs[i], list->items[i].data, list->items[i].len) < 0 ||
            rg_pdf_array_push(array, rg_pdf_new_ref(refs[i], 0)) < 0)
            return -1;
    }
    return 0;
}

static rg_pdf_obj *ref_array(const rg_index_list *indexes, const long long *refs)
{
    rg_pdf_obj *array = rg_pdf_new(RG_PDF_ARRAY);
    for (size_t i = 0; array && i < indexes->count; i++)
        if (rg_pdf_array_push(array, rg_pdf_new_ref(refs[indexes->items[i]], 0)) < 0) {
            rg_pdf_free(array);
            return NULL;
        }
    return array;
}

static int write_dss(rg_pdf_file *f, rg_pdf_update *u, rg_pdf_obj *old_dss, const rg_dss_data *d,
                     long long dss_num, long long *next, rg_error *err)
{
    rg_pdf_obj *dss = rg_pdf_new(RG_PDF_DICT);
    rg_pdf_obj *vri = NULL;
    long long *refs[3] = {NULL, NULL, NULL};
    int rc = -1;
    if (!dss || rg_pdf_dict_set(dss, "Type", rg_pdf_new_raw(RG_PDF_NAME, "/DSS")) < 0)
        goto nomem;
    for (int k = 0; k < 3; k++) {
        const rg_der_list *list = kind_list(d, k);
        rg_pdf_obj *array = dss_array(f, old_dss, KINDS[k].array, err);
        if (!array)
            goto done;
        refs[k] = calloc(list->count + 1, sizeof *refs[k]);
        if (!refs[k] || rg_pdf_dict_set(dss, KINDS[k].array, array) < 0 ||
            place_items(f, u, array, list, refs[k], next) < 0)
            goto nomem;
        if (array->count == 0) {  /* no empty arrays */
            dss->count -= 2;
            rg_pdf_free(dss->items[dss->count]);
            rg_pdf_free(dss->items[dss->count + 1]);
        }
    }
    rg_pdf_obj *old_vri = old_dss ? rg_pdf_file_resolve(f, rg_pdf_dict_get(old_dss, "VRI"), err) : NULL;
    if (!old_vri && err->code)
        goto done;
    vri = old_vri && old_vri->type == RG_PDF_DICT ? rg_pdf_clone(old_vri) : rg_pdf_new(RG_PDF_DICT);
    if (!vri)
        goto nomem;
    for (size_t i = 0; i < d->nvri; i++) {
        rg_pdf_obj *entry = rg_pdf_new(RG_PDF_DICT);
        if (!entry || rg_pdf_dict_set(vri, d->vri[i].key, entry) < 0)
            goto nomem;
        for (int k = 0; k < 3; k++)
            if (vri_list(&d->vri[i], k)->count &&
                rg_pdf_dict_set(entry, KINDS[k].vri, ref_array(vri_list(&d->vri[i], k), refs[k])) < 0)
                goto nomem;
    }
    if (vri->count) {
        if (rg_pdf_dict_set(dss, "VRI", vri) < 0) {
            vri = NULL;
            goto nomem;
        }
        vri = NULL;
    }
    if (rg_pdf_update_object(u, dss_num, 0, dss) < 0)
        goto nomem;
    rc = 0;
    goto done;
nomem:
    rg_error_set(err, RG_ERR_NOMEM, "out of memory");
done:
    for (int k = 0; k < 3; k++)
        free(refs[k]);
    rg_pdf_free(vri);
    rg_pdf_free(dss);
    return rc;
}

int rg_dss_append(const char *pdf, size_t len, const rg_dss_data *d, rg_buf *out, rg_error *err)
{
    rg_error_clear(err);
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, pdf, len, err) < 0)
        return -1;
    rg_pdf_obj *catalog, *old_dss, *new_catalog = NULL;
    long long catalog_num;
    int catalog_gen;
    rg_pdf_update u;
    memset(&u, 0, sizeof u);
    int rc = -1;
    if (read_catalog(&f, &catalog, &catalog_num, &catalog_gen, &old_dss, err) < 0)
        goto done;
    rg_buf_reset(out);
    if (rg_buf_append(out, pdf, len) < 0 || rg_pdf_update_begin(&u, out) < 0)
        goto nomem;
    long long next = f.size;
    long long dss_num = next++;
    if (write_dss(&f, &u, old_dss, d, dss_num, &next, err) < 0)
        goto done;
    new_catalog = rg_pdf_clone(catalog);
    if (!new_catalog || rg_pdf_dict_set(new_catalog, "DSS", rg_pdf_new_ref(dss_num, 0)) < 0 ||
        rg_pdf_update_object(&u, catalog_num, catalog_gen, new_catalog) < 0 ||
        rg_pdf_update_finish(&u, &f, next) < 0)
        goto nomem;
    rc = 0;
    goto done;
nomem:
    rg_error_set(err, RG_ERR_NOMEM, "out of memory");
done:
    if (rc < 0)
        rg_buf_reset(out);
    rg_pdf_free(new_catalog);
    rg_pdf_update_free(&u);
    rg_pdf_file_close(&f);
    return rc;
}

/* ---- reading the DSS back ---- */

const rg_vri *rg_dss_find_vri(const rg_dss_data *d, const char *key)
{
    for (size_t i = 0; i < d->nvri; i++)
        if (strcmp(d->vri[i].key, key) == 0)
            return &d->vri[i];
    return NULL;
}

/* A VRI key as written: 40 hex digits (upper case by the standard; any case read). */
static int vri_key(const rg_pdf_obj *name, char key[41])
{
    const char *raw = name && name->type == RG_PDF_NAME ? name->raw + 1 : "";
    if (strlen(raw) != 40 || strspn(raw, "0123456789ABCDEFabcdef") != 40)
        return -1;
    for (int i = 0; i < 40; i++)
        key[i] = (char)(raw[i] >= 'a' ? raw[i] - 'a' + 'A' : raw[i]);
    key[40] = '\0';
    return 0;
}

int rg_dss_read(const char *pdf, size_t len, rg_dss_data *known, rg_error *err)
{
    rg_error_clear(err);
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, pdf, len, err) < 0)
        return -1;
    rg_pdf_obj *catalog, *dss;
    long long num;
    int gen, rc = -1;
    if (read_catalog(&f, &catalog, &num, &gen, &dss, err) < 0)
        goto done;
    for (int k = 0; dss && k < 3; k++) {
        rg_pdf_obj *array = rg_pdf_file_resolve(&f, rg_pdf_dict_get(dss, KINDS[k].array), err);
        if (err->code)
            goto done;
        for (size_t i = 0; array && array->type == RG_PDF_ARRAY && i < array->count; i++) {
            const char *data;
            size_t n;
            if (raw_stream(&f, array->items[i], &data, &n) == 0 && rg_der_list_add(kind_list(known, k), data, n, NULL) < 0)
                goto nomem;
        }
    }
    rg_pdf_obj *vri = dss ? rg_pdf_file_resolve(&f, rg_pdf_dict_get(dss, "VRI"), err) : NULL;
    if (err->code)
        goto done;
    for (size_t i = 0; vri && vri->type == RG_PDF_DICT && i + 1 < vri->count; i += 2) {
        char key[41];
        if (vri_key(vri->items[i], key) == 0 && !rg_dss_vri(known, key))
            goto nomem;
    }
    rc = 0;
    goto done;
nomem:
    rg_error_set(err, RG_ERR_NOMEM, "out of memory");
done:
    rg_pdf_file_close(&f);
    return rc;
}
