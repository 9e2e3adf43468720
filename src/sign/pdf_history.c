/* Revisions and signatures of a PDF file (see pdf_history.h). */
#include "sign/pdf_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf_file.h"

/* Guards against crafted files: field tree depth, fields visited, pages mapped. */
#define MAX_FIELD_DEPTH 32
#define MAX_FIELDS 10000
#define MAX_PAGE_DEPTH 64
#define MAX_PAGES 1000000

static int nomem(rg_error *err)
{
    return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
}

/* ---- revisions ---- */

static const char *find_bytes(const char *data, size_t len, size_t from, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = from; i + n <= len; i++)
        if (data[i] == what[0] && memcmp(data + i, what, n) == 0)
            return data + i;
    return NULL;
}

static int compare_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* The in-use entries of the xref table at `offset` (pdf_file.c has checked
 * its syntax already), and where its revision ends. */
static int read_revision(const char *d, size_t len, size_t offset, rg_pdf_revision *rev, rg_error *err)
{
    rev->xref_offset = offset;
    size_t pos = offset + 4, cap = 0;
    for (;;) {
        pos = rg_pdf_skip_space(d, len, pos);
        if (rg_pdf_at_keyword(d, len, pos, "trailer"))
            break;
        long long first, count;
        if (rg_pdf_read_uint(d, len, &pos, &first) < 0 || rg_pdf_read_uint(d, len, &pos, &count) < 0)
            return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: bad cross-reference subsection header");
        for (long long i = 0; i < count; i++) {
            long long off, gen;
            if (rg_pdf_read_uint(d, len, &pos, &off) < 0 || rg_pdf_read_uint(d, len, &pos, &gen) < 0)
                return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: bad cross-reference entry");
            pos = rg_pdf_skip_space(d, len, pos);
            if (pos >= len)
                return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: bad cross-reference entry");
            if (d[pos++] != 'n' || first + i == 0)
                continue;
            if (rev->object_count == cap) {
                cap = cap ? cap * 2 : 16;
                long long *grown = realloc(rev->objects, cap * sizeof *grown);
                if (!grown)
                    return nomem(err);
                rev->objects = grown;
            }
            rev->objects[rev->object_count++] = first + i;
        }
    }
    if (rev->object_count)
        qsort(rev->objects, rev->object_count, sizeof *rev->objects, compare_ll);
    const char *eof = find_bytes(d, len, pos, "%%EOF");
    if (!eof)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: a revision has no %%EOF");
    size_t end = (size_t)(eof - d) + 5;
    if (end < len && d[end] == '\r')
        end++;
    if (end < len && d[end] == '\n')
        end++;
    rev->end = end;
    return 0;
}

static int read_revisions(const char *data, size_t len, const rg_pdf_file *f, rg_pdf_history *h,
                          rg_error *err)
{
    h->revisions = calloc((size_t)f->sections, sizeof *h->revisions);
    if (!h->revisions)
        return nomem(err);
    h->revision_count = (size_t)f->sections;
    /* section_offset is newest first; revisions are kept oldest first. */
    for (int i = 0; i < f->sections; i++) {
        rg_pdf_revision *rev = &h->revisions[f->sections - 1 - i];
        if (read_revision(data, len, (size_t)f->section_offset[i], rev, err) < 0)
            return -1;
    }
    for (size_t i = 1; i < h->revision_count; i++)
        if (h->revisions[i].xref_offset <= h->revisions[i - 1].xref_offset)
            return rg_error_set(err, RG_ERR_INPUT,
                                "damaged PDF: its cross-reference tables are not in file order");
    return 0;
}

/* ---- text ---- */

static int put_utf8(rg_buf *out, unsigned cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
        return rg_buf_putc(out, '?');  /* never a control character on the user's terminal */
    char b[4];
    int n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return rg_buf_append(out, b, (size_t)n);
}

/* A PDF text string (UTF-16BE with a byte order mark, else PDFDocEncoding,
 * read as Latin-1) as printable UTF-8; NULL when obj is not a string. */
static char *text_string(const rg_pdf_obj *obj)
{
    if (!obj || obj->type != RG_PDF_STRING)
        return NULL;
    rg_buf raw = RG_BUF_INIT, out = RG_BUF_INIT;
    int failed = rg_pdf_string_decode(obj, &raw) < 0;
    const unsigned char *s = (const unsigned char *)raw.data;
    if (!failed && raw.len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        for (size_t i = 2; !failed && i + 1 < raw.len; i += 2) {
            unsigned cp = (unsigned)s[i] << 8 | s[i + 1];
            if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < raw.len) {
                unsigned lo = (unsigned)s[i + 2] << 8 | s[i + 3];
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            failed = put_utf8(&out, cp) < 0;
        }
    } else {
        for (size_t i = 0; !failed && i < raw.len; i++)
            failed = put_utf8(&out, s[i]) < 0;
    }
    rg_buf_free(&raw);
    if (failed || rg_buf_putc(&out, '\0') < 0) {
        rg_buf_free(&out);
        return NULL;
    }
    return rg_buf_steal(&out);
}

/* ---- signatures ---- */

static void signature_free(rg_pdf_signature *s)
{
    free(s->field);
    free(s->signer_name);
    free(s->reason);
    free(s->time);
    free(s->sub_filter);
    free(s->cms);
}

/* The /Contents hex string must fill the gap of the /ByteRange exactly:
 * otherwise bytes outside both the signed ranges and the signature could be
 * changed freely. */
static void check_range(const char *data, size_t len, rg_pdf_signature *s)
{
    const long long *r = s->range;
    s->range_ok = r[0] == 0 && r[1] > 0 && r[2] > r[1] && r[3] >= 0 && (unsigned long long)r[2] <= len &&
                  (unsigned long long)r[3] <= len - (size_t)r[2] && data[r[1]] == '<' &&
                  data[r[2] - 1] == '>';
    for (long long i = r[1] + 1; s->range_ok && i < r[2] - 1; i++) {
        char c = data[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            s->range_ok = 0;
    }
    s->covered_end = s->range_ok ? (size_t)(r[2] + r[3]) : 0;
}

static int read_signature(rg_pdf_file *f, const char *name, rg_pdf_obj *value, rg_pdf_history *h,
                          rg_error *err)
{
    if (value->type != RG_PDF_DICT)
        return 0;
    rg_pdf_signature *grown = realloc(h->signatures, (h->signature_count + 1) * sizeof *grown);
    if (!grown)
        return nomem(err);
    h->signatures = grown;
    rg_pdf_signature *s = &h->signatures[h->signature_count++];
    memset(s, 0, sizeof *s);
    s->revision = -1;
    s->field = strdup(name);
    s->signer_name = text_string(rg_pdf_dict_get(value, "Name"));
    s->reason = text_string(rg_pdf_dict_get(value, "Reason"));
    s->time = text_string(rg_pdf_dict_get(value, "M"));
    rg_pdf_obj *sub = rg_pdf_dict_get(value, "SubFilter");
    s->sub_filter = sub && sub->type == RG_PDF_NAME ? strdup(sub->raw + 1) : NULL;
    s->doc_timestamp = rg_pdf_is_name(rg_pdf_dict_get(value, "Type"), "DocTimeStamp");
    if (!s->field)
        return nomem(err);
    rg_pdf_obj *range = rg_pdf_file_resolve(f, rg_pdf_dict_get(value, "ByteRange"), err);
    if (range && range->type == RG_PDF_ARRAY && range->count == 4) {
        int ints = 1;
        for (int i = 0; i < 4; i++) {
            if (range->items[i]->type != RG_PDF_INT)
                ints = 0;
            else
                s->range[i] = range->items[i]->num;
        }
        if (ints)
            check_range(f->data, f->len, s);
    }
    rg_buf cms = RG_BUF_INIT;
    rg_pdf_obj *contents = rg_pdf_dict_get(value, "Contents");
    if (contents && contents->type == RG_PDF_STRING && rg_pdf_string_decode(contents, &cms) == 0 && cms.len) {
        s->cms_len = cms.len;
        s->cms = (unsigned char *)rg_buf_steal(&cms);
    }
    rg_buf_free(&cms);
    rg_error_clear(err);
    return 0;
}

/* Signature fields under `fields` (an array of field references). */
static int walk_fields(rg_pdf_file *f, rg_pdf_obj *fields, const char *parent, int depth, int *visits,
                       rg_pdf_history *h, rg_error *err)
{
    if (!fields || fields->type != RG_PDF_ARRAY)
        return 0;
    if (depth > MAX_FIELD_DEPTH)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the form's fields are nested too deeply");
    for (size_t i = 0; i < fields->count; i++) {
        if (++*visits > MAX_FIELDS)
            return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: too many form fields");
        rg_pdf_obj *field = rg_pdf_file_resolve(f, fields->items[i], err);
        if (!field)
            return -1;
        if (field->type != RG_PDF_DICT)
            continue;
        char *part = text_string(rg_pdf_dict_get(field, "T"));
        rg_buf name = RG_BUF_INIT;
        int failed = rg_buf_printf(&name, "%s%s%s", parent, *parent && part ? "." : "", part ? part : "") < 0;
        free(part);
        int rc = failed ? nomem(err) : 0;
        rg_pdf_obj *value = NULL;
        if (!rc && rg_pdf_is_name(rg_pdf_dict_get(field, "FT"), "Sig") &&
            (value = rg_pdf_file_resolve(f, rg_pdf_dict_get(field, "V"), err)) != NULL)
            rc = read_signature(f, name.data, value, h, err);
        rg_error_clear(err);
        if (!rc)
            rc = walk_fields(f, rg_pdf_dict_get(field, "Kids"), name.data, depth + 1, visits, h, err);
        rg_buf_free(&name);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int compare_signatures(const void *a, const void *b)
{
    size_t x = ((const rg_pdf_signature *)a)->covered_end, y = ((const rg_pdf_signature *)b)->covered_end;
    return (x > y) - (x < y);
}

static int read_signatures(rg_pdf_file *f, rg_pdf_history *h, rg_error *err)
{
    rg_pdf_obj *catalog = rg_pdf_file_resolve(f, rg_pdf_dict_get(f->trailer, "Root"), err);
    if (!catalog || catalog->type != RG_PDF_DICT)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: no catalog dictionary");
    rg_pdf_obj *form = rg_pdf_dict_get(catalog, "AcroForm");
    if (!form)
        return 0;
    form = rg_pdf_file_resolve(f, form, err);
    if (!form || form->type != RG_PDF_DICT)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: /AcroForm is not a dictionary");
    rg_pdf_obj *fields = rg_pdf_file_resolve(f, rg_pdf_dict_get(form, "Fields"), err);
    int visits = 0;
    if (walk_fields(f, fields, "", 0, &visits, h, err) < 0)
        return -1;
    if (h->signature_count > 1)
        qsort(h->signatures, h->signature_count, sizeof *h->signatures, compare_signatures);
    for (size_t i = 0; i < h->signature_count; i++)
        for (size_t r = 0; r < h->revision_count; r++)
            if (h->signatures[i].range_ok && h->revisions[r].end == h->signatures[i].covered_end)
                h->signatures[i].revision = (int)r;
    return 0;
}

int rg_pdf_history_read(const char *data, size_t len, rg_pdf_history *h, rg_error *err)
{
    memset(h, 0, sizeof *h);
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, data, len, err) < 0)
        return -1;
    int rc = read_revisions(data, len, &f, h, err);
    if (rc == 0)
        rc = read_signatures(&f, h, err);
    rg_pdf_file_close(&f);
    if (rc < 0) {
        rg_pdf_history_free(h);
        return -1;
    }
    size_t end = len;
    while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r' || data[end - 1] == ' '))
        end--;
    h->content_end = end;
    return 0;
}

void rg_pdf_history_free(rg_pdf_history *h)
{
    for (size_t i = 0; i < h->revision_count; i++)
        free(h->revisions[i].objects);
    for (size_t i = 0; i < h->signature_count; i++)
        signature_free(&h->signatures[i]);
    free(h->revisions);
    free(h->signatures);
    memset(h, 0, sizeof *h);
}

size_t rg_pdf_history_first_unsigned(const rg_pdf_history *h)
{
    /* Unsigned: the first revision is what raingan wrote. */
    size_t first = h->revision_count ? 1 : 0;
    for (size_t i = 0; i < h->signature_count; i++)
        if (h->signatures[i].revision >= 0 && (size_t)h->signatures[i].revision + 1 > first)
            first = (size_t)h->signatures[i].revision + 1;
    return first;
}

/* ---- what a revision touches ---- */

/* Page objects and content streams, by object number, of the newest page tree. */
typedef struct page_map {
    long long *page, *contents;  /* object numbers */
    int *page_of_contents;       /* 1-based page number for each contents entry */
    size_t pages, ncontents, cap_contents;
} page_map;

static int map_push(long long **nums, size_t *count, size_t *cap, long long num)
{
    if (*count == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        long long *grown = realloc(*nums, n * sizeof *grown);
        if (!grown)
            return -1;
        *nums = grown;
        *cap = n;
    }
    (*nums)[(*count)++] = num;
    return 0;
}

static int map_pages(rg_pdf_file *f, rg_pdf_obj *node, page_map *m, size_t *cap_pages, int depth)
{
    rg_error ignored = {0};
    rg_pdf_obj *kids = rg_pdf_file_resolve(f, rg_pdf_dict_get(node, "Kids"), &ignored);
    if (!kids || kids->type != RG_PDF_ARRAY || depth > MAX_PAGE_DEPTH)
        return 0;
    for (size_t i = 0; i < kids->count && m->pages < MAX_PAGES; i++) {
        if (kids->items[i]->type != RG_PDF_REF)
            continue;
        rg_pdf_obj *kid = rg_pdf_file_object(f, kids->items[i]->num, NULL, &ignored);
        if (!kid || kid->type != RG_PDF_DICT)
            continue;
        if (rg_pdf_is_name(rg_pdf_dict_get(kid, "Type"), "Pages")) {
            if (map_pages(f, kid, m, cap_pages, depth + 1) < 0)
                return -1;
            continue;
        }
        if (map_push(&m->page, &m->pages, cap_pages, kids->items[i]->num) < 0)
            return -1;
        rg_pdf_obj *contents = rg_pdf_file_resolve(f, rg_pdf_dict_get(kid, "Contents"), &ignored);
        rg_pdf_obj *one = rg_pdf_dict_get(kid, "Contents");
        size_t n = contents && contents->type == RG_PDF_ARRAY ? contents->count : 1;
        for (size_t c = 0; c < n; c++) {
            rg_pdf_obj *ref = contents && contents->type == RG_PDF_ARRAY ? contents->items[c] : one;
            if (!ref || ref->type != RG_PDF_REF)
                continue;
            size_t before = m->ncontents, cap = m->cap_contents;
            if (map_push(&m->contents, &m->ncontents, &m->cap_contents, ref->num) < 0)
                return -1;
            if (m->cap_contents != cap) {
                int *grown = realloc(m->page_of_contents, m->cap_contents * sizeof *grown);
                if (!grown)
                    return -1;
                m->page_of_contents = grown;
            }
            m->page_of_contents[before] = (int)m->pages;
        }
    }
    return 0;
}

static void page_map_free(page_map *m)
{
    free(m->page);
    free(m->contents);
    free(m->page_of_contents);
}

static long long ref_num(const rg_pdf_obj *obj)
{
    return obj && obj->type == RG_PDF_REF ? obj->num : 0;
}

/* Keys of a dictionary, as "Title, Author". */
static int put_keys(rg_buf *out, const rg_pdf_obj *dict)
{
    for (size_t i = 0; i + 1 < dict->count; i += 2)
        if (rg_buf_printf(out, "%s%s", i ? ", " : "", dict->items[i]->raw + 1) < 0)
            return -1;
    return 0;
}

/* The same PDF value, whatever order dictionary keys come in (the parser
 * bounds the depth). */
static int same_object(const rg_pdf_obj *a, const rg_pdf_obj *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case RG_PDF_REF:
        return a->num == b->num && a->gen == b->gen;
    case RG_PDF_ARRAY:
        if (a->count != b->count)
            return 0;
        for (size_t i = 0; i < a->count; i++)
            if (!same_object(a->items[i], b->items[i]))
                return 0;
        return 1;
    case RG_PDF_DICT:
        if (a->count != b->count)
            return 0;
        for (size_t i = 0; i + 1 < a->count; i += 2) {
            const rg_pdf_obj *other = rg_pdf_dict_get(b, a->items[i]->raw + 1);
            if (!other || !same_object(a->items[i + 1], other))
                return 0;
        }
        return 1;
    default:
        return a->raw && b->raw ? !strcmp(a->raw, b->raw) : a->raw == b->raw;
    }
}

/* Is the catalog in this revision the previous one plus /DSS (and nothing else)? */
static int catalog_adds_only_dss(const rg_pdf_obj *old, const rg_pdf_obj *now)
{
    if (!old || !now || old->type != RG_PDF_DICT || now->type != RG_PDF_DICT)
        return 0;
    size_t kept = 0;
    for (size_t i = 0; i + 1 < now->count; i += 2) {
        const char *key = now->items[i]->raw + 1;
        if (!strcmp(key, "DSS"))
            continue;
        const rg_pdf_obj *before = rg_pdf_dict_get(old, key);
        if (!before || !same_object(before, now->items[i + 1]))
            return 0;
        kept++;
    }
    return kept * 2 == old->count - (rg_pdf_dict_get(old, "DSS") ? 2 : 0);
}

static int describe_object(rg_pdf_file *f, const page_map *m, long long num, int added, rg_buf *out)
{
    rg_error ignored = {0};
    const char *verb = added ? "adds" : "changes";
    if (num == ref_num(rg_pdf_dict_get(f->trailer, "Root")))
        return rg_buf_printf(out, "%s the document catalog (object %lld)", verb, num);
    rg_pdf_obj *obj = rg_pdf_file_object(f, num, NULL, &ignored);
    if (num == ref_num(rg_pdf_dict_get(f->trailer, "Info")) && obj && obj->type == RG_PDF_DICT) {
        if (rg_buf_printf(out, "%s the document information (object %lld: ", verb, num) < 0 ||
            put_keys(out, obj) < 0)
            return -1;
        return rg_buf_putc(out, ')');
    }
    for (size_t i = 0; i < m->pages; i++)
        if (m->page[i] == num)
            return rg_buf_printf(out, "%s page %zu (object %lld)", verb, i + 1, num);
    for (size_t i = 0; i < m->ncontents; i++)
        if (m->contents[i] == num)
            return rg_buf_printf(out, "%s the content of page %d (object %lld)", verb, m->page_of_contents[i],
                                 num);
    if (obj && obj->type == RG_PDF_DICT) {
        rg_pdf_obj *type = rg_pdf_dict_get(obj, "Type"), *subtype = rg_pdf_dict_get(obj, "Subtype");
        if (rg_pdf_is_name(type, "Metadata"))
            return rg_buf_printf(out, "%s the XMP metadata (object %lld)", verb, num);
        if (rg_pdf_is_name(type, "Sig") || rg_pdf_is_name(type, "DocTimeStamp"))
            return rg_buf_printf(out, "%s a signature value (object %lld)", verb, num);
        if (rg_pdf_dict_get(obj, "FT"))
            return rg_buf_printf(out, "%s a form field (object %lld)", verb, num);
        if (rg_pdf_is_name(type, "Annot") || (subtype && rg_pdf_dict_get(obj, "Rect")))
            return rg_buf_printf(out, "%s an annotation %s (object %lld)", verb,
                                 subtype && subtype->type == RG_PDF_NAME ? subtype->raw : "", num);
        if (subtype && subtype->type == RG_PDF_NAME &&
            (rg_pdf_is_name(subtype, "Form") || rg_pdf_is_name(subtype, "Image")))
            return rg_buf_printf(out, "%s %s (object %lld)", verb,
                                 rg_pdf_is_name(subtype, "Form") ? "a drawing (form XObject)" : "an image",
                                 num);
        if (type && type->type == RG_PDF_NAME)
            return rg_buf_printf(out, "%s a %s object (object %lld)", verb, type->raw + 1, num);
    }
    return rg_buf_printf(out, "%s object %lld", verb, num);
}

int rg_pdf_history_describe(const char *data, size_t len, const rg_pdf_history *h, size_t index,
                            rg_buf *out, rg_error *err)
{
    if (index == 0 || index >= h->revision_count)
        return rg_error_set(err, RG_ERR_INTERNAL, "no appended revision %zu", index);
    const rg_pdf_revision *rev = &h->revisions[index];
    /* The file as it was up to this revision, and as it was before it. */
    rg_pdf_file now, before;
    if (rg_pdf_file_open(&now, data, rev->end, err) < 0)
        return -1;
    if (rg_pdf_file_open(&before, data, h->revisions[index - 1].end, err) < 0) {
        rg_pdf_file_close(&now);
        return -1;
    }
    /* Pages are named by the newest page tree this revision leaves. */
    page_map m = {0};
    size_t cap_pages = 0;
    int rc = 0;
    rg_pdf_obj *catalog = rg_pdf_file_resolve(&now, rg_pdf_dict_get(now.trailer, "Root"), err);
    rg_pdf_obj *pages = catalog && catalog->type == RG_PDF_DICT
                            ? rg_pdf_file_resolve(&now, rg_pdf_dict_get(catalog, "Pages"), err)
                            : NULL;
    rg_error_clear(err);
    if (pages && pages->type == RG_PDF_DICT && map_pages(&now, pages, &m, &cap_pages, 0) < 0)
        rc = nomem(err);
    int only_validation = rc == 0;
    long long root = ref_num(rg_pdf_dict_get(now.trailer, "Root"));
    for (size_t i = 0; rc == 0 && i < rev->object_count; i++) {
        long long num = rev->objects[i];
        int added = num >= before.size || before.xref[num].state != 'n';
        if (num == root && !added) {
            rg_error ignored = {0};
            if (!catalog_adds_only_dss(rg_pdf_file_object(&before, num, NULL, &ignored),
                                       rg_pdf_file_object(&now, num, NULL, &ignored)))
                only_validation = 0;
        } else if (!added) {
            only_validation = 0;
        }
        if ((i && rg_buf_puts(out, ", ") < 0) || describe_object(&now, &m, num, added, out) < 0)
            rc = nomem(err);
    }
    if (rc == 0 && rev->object_count == 0 && rg_buf_puts(out, "writes no objects") < 0)
        rc = nomem(err);
    if (rc < 0 && !err->code)
        nomem(err);
    page_map_free(&m);
    rg_pdf_file_close(&now);
    rg_pdf_file_close(&before);
    return rc < 0 ? -1 : only_validation;
}

/* ---- the report ---- */

/* /M as "2026-12-05 10:00:00 +07:00" when it has the usual form, else as written. */
static int put_time(rg_buf *out, const char *m)
{
    const char *d = m && !strncmp(m, "D:", 2) ? m + 2 : m;
    size_t digits = 0;
    while (d && d[digits] >= '0' && d[digits] <= '9')
        digits++;
    if (!d)
        return rg_buf_puts(out, "at an unstated time");
    if (digits < 14)
        return rg_buf_printf(out, "at \"%s\"", m);
    if (rg_buf_printf(out, "at %.4s-%.2s-%.2s %.2s:%.2s:%.2s", d, d + 4, d + 6, d + 8, d + 10, d + 12) < 0)
        return -1;
    const char *zone = d + 14;
    if (*zone == 'Z')
        return rg_buf_puts(out, " UTC");
    if ((*zone == '+' || *zone == '-') && strlen(zone) >= 3)
        return rg_buf_printf(out, " %c%.2s:%.2s", *zone, zone + 1, strlen(zone) >= 6 ? zone + 4 : "00");
    return 0;
}

static int report_signature(const char *data, size_t len, const rg_pdf_history *h, size_t i,
                            rg_signature_checker check, rg_buf *out, int *changed)
{
    const rg_pdf_signature *s = &h->signatures[i];
    rg_signature_verdict v;
    memset(&v, 0, sizeof v);
    if (s->range_ok && s->cms && check)
        check(data, len, s, &v);
    else if (!check)
        snprintf(v.detail, sizeof v.detail, "its signature value was not checked");
    const char *signer = v.signer[0] ? v.signer : s->signer_name ? s->signer_name : "(no name given)";
    if (rg_buf_printf(out, "signature %zu (field %s)%s: signed by %s ", i + 1, s->field,
                      s->doc_timestamp ? ", a document time-stamp" : "", signer) < 0 ||
        put_time(out, s->time) < 0)
        return -1;
    int rc;
    if (!s->range_ok) {
        *changed = 1;
        rc = rg_buf_puts(out, ", NOT VALID: its /ByteRange does not cover the file around its own "
                              "signature value");
    } else if (!s->cms) {
        *changed = 1;
        rc = rg_buf_puts(out, ", NOT VALID: it has no signature value");
    } else if (v.checked && !v.valid) {
        *changed = 1;
        rc = rg_buf_printf(out, ", NOT VALID: %s", v.detail);
    } else if (v.checked) {
        rc = rg_buf_puts(out, ", valid");
    } else {
        rc = rg_buf_printf(out, ", not checked (%s)", v.detail);
    }
    if (rc < 0)
        return -1;
    if (!s->range_ok)
        return rg_buf_putc(out, '\n');
    if (s->covered_end >= h->content_end)
        return rg_buf_printf(out, "; covers the whole file (%zu bytes)\n", s->covered_end);
    if (s->revision == 0)
        return rg_buf_printf(out, "; covers revision 1 of %zu (bytes 0-%zu), not the %zu bytes after it\n",
                             h->revision_count, s->covered_end - 1, len - s->covered_end);
    if (s->revision > 0)
        return rg_buf_printf(out, "; covers revisions 1-%d of %zu (bytes 0-%zu), not the %zu bytes after it\n",
                             s->revision + 1, h->revision_count, s->covered_end - 1, len - s->covered_end);
    return rg_buf_printf(out, "; covers bytes 0-%zu, which do not end a revision\n", s->covered_end - 1);
}

int rg_pdf_history_report(const char *data, size_t len, rg_signature_checker check, rg_buf *report,
                          int *changed, rg_error *err)
{
    *changed = 0;
    rg_pdf_history h;
    if (rg_pdf_history_read(data, len, &h, err) < 0)
        return -1;
    int rc = rg_buf_printf(report, "file: %zu revision%s, ", h.revision_count, h.revision_count == 1 ? "" : "s");
    if (rc == 0 && h.signature_count)
        rc = rg_buf_printf(report, "%zu signature%s\n", h.signature_count, h.signature_count == 1 ? "" : "s");
    else if (rc == 0)
        rc = rg_buf_puts(report, "not signed\n");
    for (size_t i = 0; rc == 0 && i < h.signature_count; i++)
        rc = report_signature(data, len, &h, i, check, report, changed);
    if (rc < 0) {
        rg_pdf_history_free(&h);
        return nomem(err);
    }
    size_t first = rg_pdf_history_first_unsigned(&h);
    rg_buf changes = RG_BUF_INIT;
    for (size_t r = first; r < h.revision_count; r++) {
        rg_buf what = RG_BUF_INIT;
        int only_validation = rg_pdf_history_describe(data, len, &h, r, &what, err);
        if (only_validation < 0 ||
            rg_buf_printf(only_validation ? report : &changes, "%srevision %zu of %zu (bytes %zu-%zu)%s: %s\n",
                          only_validation ? "" : "  ", r + 1, h.revision_count, h.revisions[r - 1].end,
                          h.revisions[r].end - 1,
                          only_validation ? ", validation data added after the last signature" : "",
                          what.data ? what.data : "") < 0) {
            if (only_validation >= 0)
                nomem(err);
            rc = -1;
        }
        rg_buf_free(&what);
        if (rc < 0)
            break;
    }
    if (rc == 0 && changes.len) {
        *changed = 1;
        rc = rg_buf_printf(report, "CHANGED: the file was changed after %s:\n%s",
                           h.signature_count ? "its last signature" : "it was written (it is not signed)",
                           changes.data) < 0
                 ? nomem(err)
                 : 0;
    }
    rg_buf_free(&changes);
    rg_pdf_history_free(&h);
    return rc;
}
