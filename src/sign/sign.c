/* The incremental update that signs a PDF (see sign.h). The input bytes are
 * copied unchanged; everything new is appended after them. */
#include "sign/sign.h"

#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_writer.h"
#include "sign/appearance.h"
#include "sign/pdf_file.h"
#include "sign/pdf_update.h"
#include "sign/tsa.h"

/* Page trees deeper than this are refused (libharu writes a flat one). */
#define MAX_TREE_DEPTH 32
/* Width of each number in the /ByteRange placeholder. */
#define BYTE_RANGE_DIGITS 12

int rg_sign_producer_accepted(const char *producer)
{
    return strstr(producer, "raingan") != NULL || strstr(producer, "Haru Free PDF Library") != NULL;
}

/* The /Producer of the document information as printable ASCII (UTF-16
 * folded to its low bytes, anything else '?', at most 100 characters): it is
 * only matched against known names and quoted in messages. */
static int read_producer(rg_pdf_file *f, rg_buf *producer, rg_error *err)
{
    rg_pdf_obj *info = rg_pdf_file_resolve(f, rg_pdf_dict_get(f->trailer, "Info"), err);
    if (!info && err->code)
        return -1;
    rg_pdf_obj *value = rg_pdf_file_resolve(f, rg_pdf_dict_get(info, "Producer"), err);
    if (!value && err->code)
        return -1;
    rg_buf raw = RG_BUF_INIT;
    if (rg_pdf_string_decode(value, &raw) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    size_t start = 0, step = 1;
    if (raw.len >= 2 && (unsigned char)raw.data[0] == 0xFE && (unsigned char)raw.data[1] == 0xFF)
        start = 3, step = 2;  /* UTF-16BE: keep the low byte of each unit */
    for (size_t i = start; i < raw.len && producer->len < 100; i += step) {
        unsigned char c = (unsigned char)raw.data[i];
        if (rg_buf_putc(producer, c >= 0x20 && c < 0x7F ? (char)c : '?') < 0) {
            rg_buf_free(&raw);
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
    }
    rg_buf_free(&raw);
    return rg_buf_puts(producer, "");
}

static int check_source(rg_pdf_file *f, const rg_sign_options *opt, rg_error *err)
{
    if (rg_pdf_dict_get(f->trailer, "Encrypt"))
        return rg_error_set(err, RG_ERR_INPUT, "the PDF is encrypted; raingan signs only its own unencrypted PDFs");
    rg_buf producer = RG_BUF_INIT;
    if (read_producer(f, &producer, err) < 0) {
        rg_buf_free(&producer);
        return -1;
    }
    int accepted = producer.len && rg_sign_producer_accepted(producer.data);
    if (!accepted && !opt->allow_foreign) {
        rg_error_set(err, RG_ERR_INPUT,
                     "not written by raingan (Producer: %s); use --allow-foreign to sign it anyway",
                     producer.len ? producer.data : "none");
        rg_buf_free(&producer);
        return -1;
    }
    rg_buf_free(&producer);
    return 0;
}

static rg_pdf_obj *dict_or_fail(rg_pdf_obj *obj, const char *what, rg_error *err)
{
    if (obj && obj->type == RG_PDF_DICT)
        return obj;
    if (!err->code)
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s is not a dictionary", what);
    return NULL;
}

/* A walk down the page tree to one page. Both bounds guard against crafted
 * trees: loops (depth) and shared subtrees visited over and over (visits). */
typedef struct page_walk {
    long long remaining;  /* pages still to pass; the wanted one when it reaches 0 */
    long visits;
} page_walk;

#define MAX_TREE_VISITS 1000000

/* The object number of the page the walk wants under `node`, 0 when it is
 * not there, or -1 with err set. */
static long long find_page(rg_pdf_file *f, rg_pdf_obj *node, page_walk *walk, int depth, rg_error *err)
{
    if (depth > MAX_TREE_DEPTH || walk->visits > MAX_TREE_VISITS) {
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the page tree is too deep or loops");
        return -1;
    }
    rg_pdf_obj *kids = rg_pdf_file_resolve(f, rg_pdf_dict_get(node, "Kids"), err);
    if (!kids || kids->type != RG_PDF_ARRAY) {
        if (!err->code)
            rg_error_set(err, RG_ERR_INPUT, "damaged PDF: a page tree node has no /Kids");
        return -1;
    }
    for (size_t i = 0; i < kids->count; i++) {
        rg_pdf_obj *ref = kids->items[i];
        walk->visits++;
        if (ref->type != RG_PDF_REF) {
            rg_error_set(err, RG_ERR_INPUT, "damaged PDF: a page tree kid is not a reference");
            return -1;
        }
        rg_pdf_obj *kid = dict_or_fail(rg_pdf_file_object(f, ref->num, NULL, err), "a page tree node", err);
        if (!kid)
            return -1;
        if (rg_pdf_is_name(rg_pdf_dict_get(kid, "Type"), "Pages")) {
            rg_pdf_obj *count = rg_pdf_dict_get(kid, "Count");
            if (count && count->type == RG_PDF_INT && count->num < walk->remaining) {
                walk->remaining -= count->num;
                continue;
            }
            long long found = find_page(f, kid, walk, depth + 1, err);
            if (found != 0)
                return found;
        } else if (--walk->remaining == 0) {
            return ref->num;
        }
    }
    return 0;
}

/* ---- the appended objects ---- */

typedef rg_pdf_update update;

static int begin_object(update *u, long long num, int gen)
{
    return rg_pdf_update_object_start(u, num, gen);
}

static int write_object(update *u, long long num, int gen, const rg_pdf_obj *value)
{
    return rg_pdf_update_object(u, num, gen, value);
}

static int format_pdf_date(time_t when, char *buf, size_t size)
{
    struct tm tm;
    if (!gmtime_r(&when, &tm))
        return -1;
    return strftime(buf, size, "D:%Y%m%d%H%M%S+00'00'", &tm) ? 0 : -1;
}

/* Where the placeholders of the signature dictionary are in the output. */
typedef struct placeholders {
    size_t byte_range;  /* first digit of the second /ByteRange number */
    size_t contents;    /* the '<' of /Contents */
    size_t hex_len;     /* hex digits between < and > */
} placeholders;

/* What fills /Contents: a CMS signature by `signer` (with a signature
 * time-stamp from tsa_url when given), or, without a signer, a document
 * time-stamp from tsa_url (PAdES B-LTA). */
typedef struct sealer {
    const rg_signer *signer;
    const char *tsa_url;
} sealer;

static size_t seal_reserve(const sealer *k)
{
    return (k->signer ? rg_signer_reserve(k->signer) : 0) + (k->tsa_url ? RG_TSA_RESERVE : 0);
}

static int write_signature_dict(update *u, long long num, const sealer *k, const rg_sign_options *opt,
                                placeholders *ph)
{
    rg_buf *out = u->out;
    char date[64];
    if (format_pdf_date(opt->when, date, sizeof date) < 0)
        return -1;
    const char *kind = k->signer ? "/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n"
                                 : "/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n";
    if (begin_object(u, num, 0) < 0 || rg_buf_puts(out, "<<\n") < 0 || rg_buf_puts(out, kind) < 0 ||
        rg_buf_puts(out, "/ByteRange [0 ") < 0)
        return -1;
    ph->byte_range = out->len;
    for (int i = 0; i < 3; i++)
        if (rg_buf_printf(out, "%*s ", BYTE_RANGE_DIGITS, "") < 0)
            return -1;
    if (rg_buf_puts(out, "]\n/Contents ") < 0)
        return -1;
    ph->contents = out->len;
    ph->hex_len = 2 * seal_reserve(k);
    if (rg_buf_putc(out, '<') < 0)
        return -1;
    for (size_t i = 0; i < ph->hex_len; i++)
        if (rg_buf_putc(out, '0') < 0)
            return -1;
    if (rg_buf_puts(out, ">\n") < 0)
        return -1;
    if (k->signer) {
        /* A document time-stamp's time is in its token, not claimed here. */
        if (rg_buf_printf(out, "/M (%s)\n/Name ", date) < 0 ||
            rg_pdf_text_string(out, rg_signer_name(k->signer)) < 0)
            return -1;
        if (opt->reason && (rg_buf_puts(out, "\n/Reason ") < 0 || rg_pdf_text_string(out, opt->reason) < 0))
            return -1;
        if (opt->location && (rg_buf_puts(out, "\n/Location ") < 0 || rg_pdf_text_string(out, opt->location) < 0))
            return -1;
        if (rg_buf_putc(out, '\n') < 0)
            return -1;
    }
    return rg_buf_puts(out, "/Prop_Build << /App << /Name /raingan >> >>\n>>\nendobj\n");
}

/* Existing field names (to keep the new one unique); *count gets how many. */
static int field_name_taken(rg_pdf_file *f, rg_pdf_obj *fields, const char *name, rg_error *err)
{
    for (size_t i = 0; fields && i < fields->count; i++) {
        rg_pdf_obj *field = rg_pdf_file_resolve(f, fields->items[i], err);
        if (!field) {
            if (err->code)
                return -1;
            continue;
        }
        rg_buf t = RG_BUF_INIT;
        if (rg_pdf_string_decode(rg_pdf_dict_get(field, "T"), &t) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        int same = t.len == strlen(name) && memcmp(t.data, name, t.len) == 0;
        rg_buf_free(&t);
        if (same)
            return 1;
    }
    return 0;
}

static int choose_field_name(rg_pdf_file *f, rg_pdf_obj *fields, const rg_sign_options *opt,
                             const char *prefix, char *name, size_t size, rg_error *err)
{
    if (opt->field_name) {
        int taken = field_name_taken(f, fields, opt->field_name, err);
        if (taken < 0)
            return -1;
        if (taken)
            return rg_error_set(err, RG_ERR_INPUT,
                                "the PDF already has a field named '%s' (signed in that role before?)",
                                opt->field_name);
        snprintf(name, size, "%s", opt->field_name);
        return 0;
    }
    for (int n = 1; n < 10000; n++) {
        snprintf(name, size, "%s%d", prefix, n);
        int taken = field_name_taken(f, fields, name, err);
        if (taken <= 0)
            return taken;
    }
    return rg_error_set(err, RG_ERR_INPUT, "too many signature fields");
}

/* An array holding the items of `old` (an array or a reference to one, may be
 * NULL) followed by a reference to object `num`. */
static rg_pdf_obj *array_plus_ref(rg_pdf_file *f, rg_pdf_obj *old, long long num, const char *what,
                                  rg_error *err)
{
    rg_pdf_obj *resolved = rg_pdf_file_resolve(f, old, err);
    if (old && !resolved)
        return NULL;
    if (resolved && resolved->type != RG_PDF_ARRAY) {
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s is not an array", what);
        return NULL;
    }
    rg_pdf_obj *array = resolved ? rg_pdf_clone(resolved) : rg_pdf_new(RG_PDF_ARRAY);
    if (!array || rg_pdf_array_push(array, rg_pdf_new_ref(num, 0)) < 0) {
        rg_pdf_free(array);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return array;
}

/* The document time-stamp: a token over the SHA-256 of the byte ranges. */
static int doc_timestamp(const char *url, const rg_sign_range *ranges, int n, rg_buf *der, rg_error *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char digest[32];
    unsigned int dlen = 0;
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    for (int i = 0; ok && i < n; i++)
        ok = EVP_DigestUpdate(ctx, ranges[i].data, ranges[i].len) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx, digest, &dlen) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot hash the document");
    time_t when;
    return rg_tsa_stamp(url, digest, der, &when, err);
}

/* Fill /ByteRange and /Contents once the file is complete. */
static int seal(rg_buf *out, const placeholders *ph, const sealer *k, rg_error *err)
{
    size_t after = ph->contents + ph->hex_len + 2;
    size_t numbers[3] = {ph->contents, after, out->len - after};
    char field[BYTE_RANGE_DIGITS + 2];
    for (int i = 0; i < 3; i++) {
        snprintf(field, sizeof field, "%-*zu", BYTE_RANGE_DIGITS, numbers[i]);
        memcpy(out->data + ph->byte_range + (size_t)i * (BYTE_RANGE_DIGITS + 1), field, BYTE_RANGE_DIGITS);
    }
    rg_sign_range ranges[2] = {{out->data, ph->contents}, {out->data + after, out->len - after}};
    rg_buf der = RG_BUF_INIT;
    time_t stamped;
    if (k->signer ? rg_signer_sign(k->signer, ranges, 2, k->tsa_url, &der, &stamped, err) < 0
                  : doc_timestamp(k->tsa_url, ranges, 2, &der, err) < 0) {
        rg_buf_free(&der);
        return -1;
    }
    if (der.len * 2 > ph->hex_len) {
        rg_buf_free(&der);
        return rg_error_set(err, RG_ERR_INTERNAL, "the signature (%zu bytes) is larger than the room reserved (%zu)",
                            der.len, ph->hex_len / 2);
    }
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < der.len; i++) {
        unsigned char b = (unsigned char)der.data[i];
        out->data[ph->contents + 1 + 2 * i] = digits[b >> 4];
        out->data[ph->contents + 2 + 2 * i] = digits[b & 15];
    }
    rg_buf_free(&der);
    return 0;
}

/* Everything read from the input that the update needs. */
typedef struct source {
    rg_pdf_obj *catalog;
    long long catalog_num;
    int catalog_gen;
    rg_pdf_obj *page;
    long long page_num;
    int page_gen;
    rg_pdf_obj *acroform_entry;  /* the catalog's /AcroForm value, may be NULL */
    rg_pdf_obj *acroform;        /* resolved */
    int acroform_gen;
    rg_pdf_obj *fields_entry;
} source;

static double number_value(const rg_pdf_obj *obj)
{
    return obj && (obj->type == RG_PDF_INT || obj->type == RG_PDF_REAL) ? strtod(obj->raw, NULL) : 0;
}

/* A box outside the page (inches or millimetres taken for points, say) is
 * still signed, but the user is told. The MediaBox may be inherited. */
static void warn_if_off_page(rg_pdf_file *f, rg_pdf_obj *page, const rg_sign_options *opt)
{
    rg_error ignored = {0};
    rg_pdf_obj *node = page, *box = NULL;
    for (int depth = 0; node && !box && depth < MAX_TREE_DEPTH; depth++) {
        box = rg_pdf_file_resolve(f, rg_pdf_dict_get(node, "MediaBox"), &ignored);
        node = rg_pdf_file_resolve(f, rg_pdf_dict_get(node, "Parent"), &ignored);
    }
    if (!box || box->type != RG_PDF_ARRAY || box->count != 4)
        return;
    double x0 = number_value(box->items[0]), y0 = number_value(box->items[1]);
    double x1 = number_value(box->items[2]), y1 = number_value(box->items[3]);
    if (opt->x < x0 || opt->y < y0 || opt->x + opt->w > x1 || opt->y + opt->h > y1)
        rg_warn("the signature box (%.0f,%.0f %.0fx%.0f points) is not inside page %d (%.0fx%.0f points)",
                opt->x, opt->y, opt->w, opt->h, opt->page, x1 - x0, y1 - y0);
}

static int read_source(rg_pdf_file *f, const rg_sign_options *opt, source *s, rg_error *err)
{
    memset(s, 0, sizeof *s);
    rg_pdf_obj *root = rg_pdf_dict_get(f->trailer, "Root");
    if (!root || root->type != RG_PDF_REF)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the trailer has no /Root");
    s->catalog_num = root->num;
    s->catalog = dict_or_fail(rg_pdf_file_object(f, root->num, &s->catalog_gen, err), "the catalog", err);
    if (!s->catalog)
        return -1;
    rg_pdf_obj *pages = dict_or_fail(rg_pdf_file_resolve(f, rg_pdf_dict_get(s->catalog, "Pages"), err),
                                     "the page tree", err);
    if (!pages)
        return -1;
    rg_pdf_obj *count = rg_pdf_dict_get(pages, "Count");
    long long page_count = count && count->type == RG_PDF_INT ? count->num : 0;
    long long wanted = opt->visible ? opt->page : 1;
    if (wanted < 1 || wanted > page_count)
        return rg_error_set(err, RG_ERR_INPUT, "page %lld does not exist (the PDF has %lld page%s)", wanted,
                            page_count, page_count == 1 ? "" : "s");
    page_walk walk = {wanted, 0};
    s->page_num = find_page(f, pages, &walk, 0, err);
    if (s->page_num <= 0)
        return s->page_num < 0 ? -1 : rg_error_set(err, RG_ERR_INPUT, "damaged PDF: page %lld not found in the page tree", wanted);
    s->page = dict_or_fail(rg_pdf_file_object(f, s->page_num, &s->page_gen, err), "the page", err);
    if (!s->page)
        return -1;
    s->acroform_entry = rg_pdf_dict_get(s->catalog, "AcroForm");
    if (s->acroform_entry) {
        if (s->acroform_entry->type == RG_PDF_REF)
            s->acroform = rg_pdf_file_object(f, s->acroform_entry->num, &s->acroform_gen, err);
        else
            s->acroform = s->acroform_entry;
        if (!dict_or_fail(s->acroform, "the AcroForm", err))
            return -1;
        s->fields_entry = rg_pdf_dict_get(s->acroform, "Fields");
    }
    if (opt->visible)
        warn_if_off_page(f, s->page, opt);
    return 0;
}

/* ---- the form's signature blocks (RG_SIGN_BLOCKS_KEY in the catalog) ---- */

/* One entry of the table: its name decoded, and page and rectangle when it
 * is well formed (0 returned), or -1 with err set. */
static int read_block(rg_pdf_file *f, rg_pdf_obj *entry, rg_buf *name, rg_sign_options *box, rg_error *err)
{
    entry = rg_pdf_file_resolve(f, entry, err);
    if (!entry || entry->type != RG_PDF_DICT)
        return err->code ? -1 : rg_error_set(err, RG_ERR_INPUT, "damaged PDF: a signature block is not a dictionary");
    rg_pdf_obj *str = rg_pdf_dict_get(entry, "Name");
    rg_pdf_obj *page = rg_pdf_dict_get(entry, "Page");
    rg_pdf_obj *rect = rg_pdf_dict_get(entry, "Rect");
    if (!str || str->type != RG_PDF_STRING || !page || page->type != RG_PDF_INT || !rect ||
        rect->type != RG_PDF_ARRAY || rect->count != 4)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: a signature block lacks /Name, /Page or /Rect");
    for (int i = 0; i < 4; i++)
        if (rect->items[i]->type != RG_PDF_INT && rect->items[i]->type != RG_PDF_REAL)
            return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: a signature block's /Rect is not 4 numbers");
    if (rg_pdf_string_decode(str, name) < 0 || rg_buf_puts(name, "") < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    double x0 = number_value(rect->items[0]), y0 = number_value(rect->items[1]);
    double x1 = number_value(rect->items[2]), y1 = number_value(rect->items[3]);
    box->page = page->num > 0 && page->num < 1000000 ? (int)page->num : 0;
    box->x = fmin(x0, x1);
    box->y = fmin(y0, y1);
    box->w = fabs(x1 - x0);
    box->h = fabs(y1 - y0);
    /* The ink area, kept only when it lies within the block. */
    rg_pdf_obj *ink = rg_pdf_dict_get(entry, "Ink");
    box->has_ink = 0;
    if (ink && ink->type == RG_PDF_ARRAY && ink->count == 4) {
        double v[4];
        int numbers = 1;
        for (int i = 0; i < 4; i++) {
            numbers &= ink->items[i]->type == RG_PDF_INT || ink->items[i]->type == RG_PDF_REAL;
            v[i] = number_value(ink->items[i]);
        }
        double ix = fmin(v[0], v[2]), iy = fmin(v[1], v[3]), iw = fabs(v[2] - v[0]), ih = fabs(v[3] - v[1]);
        if (numbers && iw > 0 && ih > 0 && ix >= box->x && iy >= box->y && ix + iw <= box->x + box->w &&
            iy + ih <= box->y + box->h) {
            box->has_ink = 1;
            box->ink_x = ix - box->x;
            box->ink_y = iy - box->y;
            box->ink_w = iw;
            box->ink_h = ih;
        }
    }
    return 0;
}

#define MAX_LISTED_NAMES 300

/* With --field NAME and no --box: the box goes over the block named NAME. A
 * PDF that lists no blocks (not made from a template with signatures, or by
 * an older raingan) keeps the old rule: an invisible signature. */
static int place_at_block(rg_pdf_file *f, rg_sign_options *opt, rg_error *err)
{
    if (!opt->field_name || opt->visible)
        return 0;
    rg_pdf_obj *root = rg_pdf_dict_get(f->trailer, "Root");
    rg_pdf_obj *catalog = root && root->type == RG_PDF_REF ? rg_pdf_file_object(f, root->num, NULL, err) : NULL;
    if (!catalog || catalog->type != RG_PDF_DICT)
        return err->code ? -1 : 0;  /* read_source says what is wrong */
    rg_pdf_obj *table = rg_pdf_file_resolve(f, rg_pdf_dict_get(catalog, RG_SIGN_BLOCKS_KEY), err);
    if (!table)
        return err->code ? -1 : 0;
    if (table->type != RG_PDF_ARRAY)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: /%s is not an array", RG_SIGN_BLOCKS_KEY);
    rg_buf names = RG_BUF_INIT, name = RG_BUF_INIT;
    int rc = 0, found = 0, cut = 0;
    for (size_t i = 0; i < table->count && !found && rc == 0; i++) {
        rg_sign_options box = *opt;
        rg_buf_reset(&name);
        rc = read_block(f, table->items[i], &name, &box, err);
        if (rc == 0 && strcmp(name.data, opt->field_name) == 0) {
            found = 1;
            if (box.page < 1 || box.w <= 0 || box.h <= 0)
                rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the signature block '%s' has no area",
                                  opt->field_name);
            else if (!opt->invisible) {
                box.visible = 1;
                *opt = box;
            }
        } else if (rc == 0 && !cut) {
            /* The list in the message stops after a few hundred bytes. */
            cut = names.len + strlen(name.data) > MAX_LISTED_NAMES;
            if (rg_buf_puts(&names, names.len ? ", " : "") < 0 ||
                rg_buf_puts(&names, cut ? "..." : name.data) < 0)
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
    }
    if (rc == 0 && !found && !opt->invisible && table->count)
        rc = rg_error_set(err, RG_ERR_INPUT,
                          "no signature block named '%s' (blocks: %s); give --box PAGE,X,Y,W,H or --invisible "
                          "to sign outside the form's blocks",
                          opt->field_name, names.data);
    rg_buf_free(&names);
    rg_buf_free(&name);
    return rc;
}

int rg_sign_place(const char *pdf, size_t len, rg_sign_options *opt, rg_error *err)
{
    rg_error_clear(err);
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, pdf, len, err) < 0)
        return -1;
    int rc = place_at_block(&f, opt, err);
    rg_pdf_file_close(&f);
    return rc;
}

/* Object numbers of the appended objects. */
typedef struct numbers {
    long long sig, widget, appearance, acroform, next;
    int new_acroform;  /* the AcroForm gets a new object (and the catalog a new version) */
} numbers;

static int write_widget(update *u, const source *s, const rg_sign_options *opt, const numbers *n,
                        const char *name)
{
    rg_buf w = RG_BUF_INIT;
    int rc = rg_buf_puts(&w, "<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T ") < 0 ||
             rg_pdf_text_string(&w, name) < 0 ||
             rg_buf_printf(&w, "\n/V %lld 0 R\n/P %lld %d R\n/F 132\n", n->sig, s->page_num, s->page_gen) < 0;
    if (!rc && opt->visible)
        rc = rg_buf_printf(&w, "/Rect [%.2f %.2f %.2f %.2f]\n/AP << /N %lld 0 R >>\n", opt->x, opt->y,
                           opt->x + opt->w, opt->y + opt->h, n->appearance) < 0;
    else if (!rc)   /* PDF/A (Preflight rule 5.3.1): a widget has an appearance, even an empty one */
        rc = rg_buf_printf(&w, "/Rect [0 0 0 0]\n/AP << /N %lld 0 R >>\n", n->appearance) < 0;
    rc = rc || rg_buf_puts(&w, ">>") < 0 || begin_object(u, n->widget, 0) < 0 ||
         rg_buf_append(u->out, w.data, w.len) < 0 || rg_buf_puts(u->out, "\nendobj\n") < 0;
    rg_buf_free(&w);
    return rc ? -1 : 0;
}

/* The visible box: a form XObject whose text is drawn as glyph outlines, so
 * it needs no resources (no font: nothing unembedded, PDF/A stays valid). */
static int write_appearance(update *u, const rg_signer *signer, const rg_sign_options *opt, const numbers *n,
                            rg_error *err)
{
    rg_buf stream = RG_BUF_INIT;
    rg_buf *out = u->out;
    rg_buf packed = RG_BUF_INIT;
    /* Outlines are long (20 KB of path operators for a box): compressed. */
    if (rg_sign_appearance(&stream, signer, opt, err) < 0 || rg_pdf_deflate(stream.data, stream.len, &packed, err) < 0) {
        rg_buf_free(&stream);
        rg_buf_free(&packed);
        return -1;
    }
    int failed = begin_object(u, n->appearance, 0) < 0 ||
                 rg_buf_printf(out, "<<\n/Type /XObject\n/Subtype /Form\n/BBox [0 0 %.2f %.2f]\n"
                                    "/Resources << >>\n/Filter /FlateDecode\n/Length %zu\n>>\nstream\n",
                               opt->w, opt->h, packed.len) < 0 ||
                 rg_buf_append(out, packed.data, packed.len) < 0 ||
                 rg_buf_puts(out, "\nendstream\nendobj\n") < 0;
    rg_buf_free(&stream);
    rg_buf_free(&packed);
    return failed ? rg_error_set(err, RG_ERR_NOMEM, "out of memory") : 0;
}

/* An invisible signature's appearance: an empty form XObject. */
static int write_empty_appearance(update *u, const numbers *n, rg_error *err)
{
    if (begin_object(u, n->appearance, 0) < 0 ||
        rg_buf_puts(u->out, "<<\n/Type /XObject\n/Subtype /Form\n/BBox [0 0 0 0]\n/Resources << >>\n"
                            "/Length 0\n>>\nstream\n\nendstream\nendobj\n") < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

/* New versions of the AcroForm (field added, /SigFlags 3), of the catalog
 * when the AcroForm is new, and of the page (widget added to /Annots). */
static int write_form_and_page(update *u, rg_pdf_file *f, const source *s, const numbers *n, rg_error *err)
{
    int rc = -1;
    rg_pdf_obj *catalog = NULL, *page = NULL;
    rg_pdf_obj *acroform = s->acroform ? rg_pdf_clone(s->acroform) : rg_pdf_new(RG_PDF_DICT);
    if (!acroform)
        goto nomem;
    rg_pdf_obj *fields = array_plus_ref(f, s->fields_entry, n->widget, "the AcroForm's /Fields", err);
    if (!fields || rg_pdf_dict_set(acroform, "Fields", fields) < 0)
        goto fail;
    if (rg_pdf_dict_set(acroform, "SigFlags", rg_pdf_new_int(3)) < 0 ||
        write_object(u, n->acroform, n->new_acroform ? 0 : s->acroform_gen, acroform) < 0)
        goto nomem;
    if (n->new_acroform) {
        catalog = rg_pdf_clone(s->catalog);
        if (!catalog || rg_pdf_dict_set(catalog, "AcroForm", rg_pdf_new_ref(n->acroform, 0)) < 0 ||
            write_object(u, s->catalog_num, s->catalog_gen, catalog) < 0)
            goto nomem;
    }
    page = rg_pdf_clone(s->page);
    if (!page)
        goto nomem;
    rg_pdf_obj *annots = array_plus_ref(f, rg_pdf_dict_get(s->page, "Annots"), n->widget, "the page's /Annots", err);
    if (!annots || rg_pdf_dict_set(page, "Annots", annots) < 0)
        goto fail;
    if (write_object(u, s->page_num, s->page_gen, page) < 0)
        goto nomem;
    rc = 0;
    goto done;
nomem:
    rg_error_set(err, RG_ERR_NOMEM, "out of memory");
fail:
    if (!err->code)
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
done:
    rg_pdf_free(acroform);
    rg_pdf_free(catalog);
    rg_pdf_free(page);
    return rc;
}

static int write_update(rg_pdf_file *f, const source *s, const sealer *k, const rg_sign_options *opt,
                        rg_buf *out, rg_error *err)
{
    char name[256];
    rg_pdf_obj *fields_now = rg_pdf_file_resolve(f, s->fields_entry, err);
    if (s->fields_entry && !fields_now)
        return -1;
    if (choose_field_name(f, fields_now && fields_now->type == RG_PDF_ARRAY ? fields_now : NULL, opt,
                          k->signer ? "Signature" : "Timestamp", name, sizeof name, err) < 0)
        return -1;
    numbers n = {0};
    n.next = f->size;
    n.sig = n.next++;
    n.widget = n.next++;
    n.appearance = n.next++;
    n.new_acroform = !s->acroform_entry || s->acroform_entry->type != RG_PDF_REF;
    n.acroform = n.new_acroform ? n.next++ : s->acroform_entry->num;
    if (n.acroform == s->page_num || n.acroform == s->catalog_num || s->page_num == s->catalog_num)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the catalog, page and AcroForm share an object");

    update u;
    placeholders ph;
    int rc = -1;
    if (rg_pdf_update_begin(&u, out) < 0 || write_signature_dict(&u, n.sig, k, opt, &ph) < 0 ||
        write_widget(&u, s, opt, &n, name) < 0) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (opt->visible ? write_appearance(&u, k->signer, opt, &n, err) < 0 : write_empty_appearance(&u, &n, err) < 0)
        goto done;
    if (write_form_and_page(&u, f, s, &n, err) < 0)
        goto done;
    if (rg_pdf_update_finish(&u, f, n.next) < 0) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    rc = seal(out, &ph, k, err);
done:
    rg_pdf_update_free(&u);
    return rc;
}

static int sign_or_stamp(const char *pdf, size_t len, const sealer *k, const rg_sign_options *opt, rg_buf *out,
                         rg_error *err)
{
    rg_error_clear(err);
    if (opt->visible && (opt->w <= 0 || opt->h <= 0))
        return rg_error_set(err, RG_ERR_USAGE, "the signature box needs a positive width and height");
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, pdf, len, err) < 0)
        return -1;
    source s;
    int rc = -1;
    rg_sign_options placed = *opt;  /* the box may come from the PDF's signature blocks */
    opt = &placed;
    if (check_source(&f, opt, err) == 0 && (!k->signer || place_at_block(&f, &placed, err) == 0) &&
        read_source(&f, opt, &s, err) == 0) {
        rg_buf_reset(out);  /* the offsets written are offsets into out */
        size_t start = out->len;
        if (rg_buf_append(out, pdf, len) < 0)
            rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        else
            rc = write_update(&f, &s, k, opt, out, err);
        if (rc < 0)
            out->len = start;
    }
    rg_pdf_file_close(&f);
    return rc;
}

int rg_sign_pdf(const char *pdf, size_t len, const rg_signer *signer, const rg_sign_options *opt,
                rg_buf *out, rg_error *err)
{
    sealer k = {signer, opt->tsa_url};
    return sign_or_stamp(pdf, len, &k, opt, out, err);
}

int rg_sign_doc_timestamp(const char *pdf, size_t len, const char *tsa_url, int allow_foreign, rg_buf *out,
                          rg_error *err)
{
    rg_sign_options opt;
    memset(&opt, 0, sizeof opt);
    opt.allow_foreign = allow_foreign;
    opt.invisible = 1;
    sealer k = {NULL, tsa_url};
    return sign_or_stamp(pdf, len, &k, &opt, out, err);
}
