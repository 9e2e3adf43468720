/* The archival stamp in XMP, and the XMP packet and the embedded data read
 * back from a PDF (xmp.h). */
#include "archive/xmp.h"

#include <nettle/md5.h>
#include <nettle/sha2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/pdf_file.h"
#include "util/xml_escape.h"

/* --- writing --------------------------------------------------------------------- */

static int put_property(rg_buf *out, const char *name, const char *value)
{
    int rc = rg_buf_printf(out, "<raingan:%s>", name);
    rc |= rg_xml_escape(out, value);
    return rc | rg_buf_printf(out, "</raingan:%s>\n", name);
}

/* Name, value type, description of every raingan property (the extension schema). */
static const char *const properties[][3] = {
    {"digestVersion", "Integer", "Version of the digest definition (docs/archival.md)"},
    {"form", "Text", "Name of the form template the document was printed with"},
    {"kind", "Text", "Kind of the printed record: project, indicator or plan"},
    {"key", "Text", "Key of the printed record in the raingan database"},
    {"fiscalYear", "Integer", "Fiscal year of the record (Buddhist era), 0 if none"},
    {"documentNumber", "Text", "Document number derived from the form, record and data digest"},
    {"dataDigest", "Text", "SHA-256 over the digests of all parts, as sha256:HEX"},
    {"printDate", "Text", "Date printed in the verification footer (YYYY-MM-DD)"},
    {"parts", "seq Text",
     "Digested parts of the data, each as: SHA-256 hex, kind, part, key (space separated)"},
    {"embeddedData", "Text", "Name of the embedded file holding the record's data (PDF/A-3)"},
    {"embeddedDataDigest", "Text", "SHA-256 of the embedded file's bytes, as sha256:HEX"},
};

int rg_archive_xmp_block(const rg_archive_stamp *st, rg_buf *out, rg_error *err)
{
    int rc = rg_buf_puts(out,
        "<rdf:Description rdf:about=\"\"\n"
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
        "<pdfaSchema:schema>raingan archival record</pdfaSchema:schema>\n"
        "<pdfaSchema:namespaceURI>" RG_ARCHIVE_XMP_NS "</pdfaSchema:namespaceURI>\n"
        "<pdfaSchema:prefix>raingan</pdfaSchema:prefix>\n"
        "<pdfaSchema:property><rdf:Seq>\n");
    for (size_t i = 0; i < sizeof properties / sizeof properties[0]; i++)
        rc |= rg_buf_printf(out,
                            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>%s</pdfaProperty:name>"
                            "<pdfaProperty:valueType>%s</pdfaProperty:valueType>"
                            "<pdfaProperty:category>internal</pdfaProperty:category>"
                            "<pdfaProperty:description>%s</pdfaProperty:description></rdf:li>\n",
                            properties[i][0], properties[i][1], properties[i][2]);
    rc |= rg_buf_puts(out, "</rdf:Seq></pdfaSchema:property>\n</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
                           "</rdf:Description>\n"
                           "<rdf:Description rdf:about=\"\" xmlns:raingan=\"" RG_ARCHIVE_XMP_NS "\">\n");
    char num[32], hex[65], digest[80];
    snprintf(num, sizeof num, "%d", st->version);
    rc |= put_property(out, "digestVersion", num);
    rc |= put_property(out, "form", st->form ? st->form : "");
    rc |= put_property(out, "kind", st->kind ? st->kind : "");
    rc |= put_property(out, "key", st->key ? st->key : "");
    snprintf(num, sizeof num, "%ld", st->year);
    rc |= put_property(out, "fiscalYear", num);
    rc |= put_property(out, "documentNumber", st->number);
    rg_archive_hex(st->data_digest, hex);
    snprintf(digest, sizeof digest, "sha256:%s", hex);
    rc |= put_property(out, "dataDigest", digest);
    if (st->print_date)
        rc |= put_property(out, "printDate", st->print_date);
    rc |= rg_buf_puts(out, "<raingan:parts><rdf:Seq>\n");
    for (size_t i = 0; i < st->part_count; i++) {
        const rg_archive_part *p = &st->parts[i];
        rg_archive_hex(p->sha256, hex);
        rc |= rg_buf_printf(out, "<rdf:li>%s %s %s ", hex, p->kind, p->part);
        rc |= rg_xml_escape(out, p->key);
        rc |= rg_buf_puts(out, "</rdf:li>\n");
    }
    rc |= rg_buf_puts(out, "</rdf:Seq></raingan:parts>\n");
    if (st->embedded_name) {
        rc |= put_property(out, "embeddedData", st->embedded_name);
        rg_archive_hex(st->embedded_sha256, hex);
        snprintf(digest, sizeof digest, "sha256:%s", hex);
        rc |= put_property(out, "embeddedDataDigest", digest);
    }
    rc |= rg_buf_puts(out, "</rdf:Description>\n");
    if (rc)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

/* --- reading --------------------------------------------------------------------- */

static int is_raingan(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href
           && !strcmp((const char *)n->ns->href, RG_ARCHIVE_XMP_NS);
}

static char *text_of(const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *s = strdup(t ? (const char *)t : "");
    xmlFree(t);
    return s;
}

static int read_part(const char *li, rg_archive_part *p)
{
    /* "HEX kind part key": the key is last, as it may hold spaces */
    memset(p, 0, sizeof *p);
    if (strlen(li) < 66 || li[64] != ' ')
        return -1;
    char hex[65];
    memcpy(hex, li, 64);
    hex[64] = '\0';
    if (rg_archive_unhex(hex, p->sha256) < 0)
        return -1;
    const char *kind = li + 65, *sp1 = strchr(kind, ' ');
    const char *part = sp1 ? sp1 + 1 : NULL, *sp2 = part ? strchr(part, ' ') : NULL;
    if (!sp1 || !sp2 || sp1 == kind || sp2 == part || !sp2[1])
        return -1;
    p->kind = strndup(kind, (size_t)(sp1 - kind));
    p->part = strndup(part, (size_t)(sp2 - part));
    p->key = strdup(sp2 + 1);
    return p->kind && p->part && p->key ? 0 : -1;
}

static int read_parts(const xmlNode *prop, rg_archive_stamp *st, rg_error *err)
{
    for (const xmlNode *seq = prop->children; seq; seq = seq->next) {
        if (seq->type != XML_ELEMENT_NODE)
            continue;
        for (const xmlNode *li = seq->children; li; li = li->next) {
            if (li->type != XML_ELEMENT_NODE)
                continue;
            char *text = text_of(li);
            rg_archive_part *parts = realloc(st->parts, (st->part_count + 1) * sizeof *parts);
            if (!text || !parts) {
                free(text);
                if (parts)
                    st->parts = parts;
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            }
            st->parts = parts;
            if (read_part(text, &parts[st->part_count]) < 0) {
                rg_archive_part *p = &parts[st->part_count];
                free(p->kind);
                free(p->part);
                free(p->key);
                rg_error_set(err, RG_ERR_INPUT, "XMP raingan:parts: malformed entry \"%.100s\"", text);
                free(text);
                return -1;
            }
            free(text);
            st->part_count++;
        }
    }
    return 0;
}

static void walk(const xmlNode *n, const xmlNode **found, size_t count, const char *const *names)
{
    for (; n; n = n->next) {
        if (is_raingan(n)) {
            for (size_t i = 0; i < count; i++)
                if (!strcmp((const char *)n->name, names[i]) && !found[i])
                    found[i] = n;
        }
        if (n->type == XML_ELEMENT_NODE)
            walk(n->children, found, count, names);
    }
}

int rg_archive_xmp_read(const char *xmp, size_t len, rg_archive_stamp *st, rg_error *err)
{
    rg_archive_stamp_init(st);
    st->version = 0;
    xmlDoc *doc = xmlReadMemory(xmp, (int)len, NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return rg_error_set(err, RG_ERR_INPUT, "the XMP metadata is not well-formed XML");
    static const char *const names[] = {"digestVersion", "form", "kind", "key", "fiscalYear",
                                        "documentNumber", "dataDigest", "printDate", "parts",
                                        "embeddedData", "embeddedDataDigest"};
    enum { VERSION, FORM, KIND, KEY, YEAR, NUMBER, DIGEST, DATE, PARTS, EMBEDDED,
           EMBEDDED_DIGEST, COUNT };
    const xmlNode *found[COUNT] = {0};
    walk(xmlDocGetRootElement(doc), found, COUNT, names);
    int any = 0;
    for (int i = 0; i < COUNT; i++)
        any |= found[i] != NULL;
    if (!any) {
        xmlFreeDoc(doc);
        return 0;
    }
    int rc = 0;
    for (int i = 0; i < COUNT && !rc; i++) {
        if (!found[i] && i != DATE && i != EMBEDDED && i != EMBEDDED_DIGEST)
            rc = rg_error_set(err, RG_ERR_INPUT, "the raingan XMP metadata has no raingan:%s",
                              names[i]);
    }
    char *text[COUNT] = {0};
    for (int i = 0; i < COUNT && !rc; i++)
        if (found[i] && i != PARTS)
            text[i] = text_of(found[i]);
    if (!rc) {
        st->version = atoi(text[VERSION]);
        st->form = text[FORM];
        st->kind = text[KIND];
        st->key = text[KEY];
        text[FORM] = text[KIND] = text[KEY] = NULL;
        st->year = strtol(text[YEAR], NULL, 10);
        st->print_date = text[DATE];
        text[DATE] = NULL;
        if (strlen(text[NUMBER]) >= RG_ARCHIVE_NUMBER_MAX)
            rc = rg_error_set(err, RG_ERR_INPUT, "raingan:documentNumber is too long");
        else
            strcpy(st->number, text[NUMBER]);
        if (!rc && (strncmp(text[DIGEST], "sha256:", 7)
                    || rg_archive_unhex(text[DIGEST] + 7, st->data_digest) < 0))
            rc = rg_error_set(err, RG_ERR_INPUT, "raingan:dataDigest \"%.80s\" is not sha256:HEX",
                              text[DIGEST]);
        if (!rc && (!found[EMBEDDED]) != (!found[EMBEDDED_DIGEST]))
            rc = rg_error_set(err, RG_ERR_INPUT, "the raingan XMP metadata has only one of "
                              "raingan:embeddedData and raingan:embeddedDataDigest");
        if (!rc && found[EMBEDDED]) {
            if (strncmp(text[EMBEDDED_DIGEST], "sha256:", 7)
                || rg_archive_unhex(text[EMBEDDED_DIGEST] + 7, st->embedded_sha256) < 0)
                rc = rg_error_set(err, RG_ERR_INPUT,
                                  "raingan:embeddedDataDigest \"%.80s\" is not sha256:HEX",
                                  text[EMBEDDED_DIGEST]);
            st->embedded_name = text[EMBEDDED];
            text[EMBEDDED] = NULL;
        }
        if (!rc)
            rc = read_parts(found[PARTS], st, err);
    }
    for (int i = 0; i < COUNT; i++)
        free(text[i]);
    xmlFreeDoc(doc);
    if (rc) {
        rg_archive_stamp_free(st);
        return -1;
    }
    return 1;
}

/* --- the metadata stream ----------------------------------------------------------- */

/* Appends the raw (unfiltered) bytes of stream `ref` to out; `what` names
 * it in messages ("the metadata stream"). 0 or -1. */
static int read_raw_stream(rg_pdf_file *f, const char *data, size_t len, const rg_pdf_obj *ref,
                           const char *what, rg_buf *out, rg_error *err)
{
    if (!ref || ref->type != RG_PDF_REF || ref->num <= 0 || ref->num >= f->size
        || f->xref[ref->num].state != 'n')
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s is not a stream object", what);
    rg_pdf_obj *dict = rg_pdf_file_object(f, ref->num, NULL, err);
    if (!dict)
        return -1;
    if (dict->type != RG_PDF_DICT)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s is not a stream object", what);
    if (rg_pdf_dict_get(dict, "Filter"))
        return rg_error_set(err, RG_ERR_INPUT, "%s is compressed (raingan writes it as it is)", what);
    rg_pdf_obj *length = rg_pdf_file_resolve(f, rg_pdf_dict_get(dict, "Length"), err);
    if (!length || length->type != RG_PDF_INT || length->num < 0)
        return rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s has no /Length", what);
    size_t pos = (size_t)f->xref[ref->num].offset;
    long long n;
    rg_pdf_obj *skipped = NULL;
    int rc = 0;
    if (rg_pdf_read_uint(data, len, &pos, &n) < 0 || rg_pdf_read_uint(data, len, &pos, &n) < 0
        || (pos = rg_pdf_skip_space(data, len, pos), !rg_pdf_at_keyword(data, len, pos, "obj"))
        || (pos += 3, !(skipped = rg_pdf_parse_object(data, len, &pos, err)))) {
        rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: cannot read %s", what);
    } else {
        pos = rg_pdf_skip_space(data, len, pos);
        if (!rg_pdf_at_keyword(data, len, pos, "stream")) {
            rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s has no stream data", what);
        } else {
            pos += 6;
            if (pos < len && data[pos] == '\r')
                pos++;
            if (pos < len && data[pos] == '\n')
                pos++;
            if ((unsigned long long)length->num > len - pos)
                rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: %s is cut off", what);
            else if (rg_buf_append(out, data + pos, (size_t)length->num) < 0)
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
    }
    rg_pdf_free(skipped);
    return rc;
}

/* The catalog of the newest revision, or NULL with the error set. */
static rg_pdf_obj *read_catalog(rg_pdf_file *f, rg_error *err)
{
    rg_pdf_obj *root = rg_pdf_dict_get(f->trailer, "Root");
    rg_pdf_obj *catalog = root ? rg_pdf_file_resolve(f, root, err) : NULL;
    if (catalog && catalog->type == RG_PDF_DICT)
        return catalog;
    if (catalog)
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the catalog is not a dictionary");
    else if (!root)
        rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the trailer has no /Root");
    return NULL;
}

int rg_archive_pdf_xmp(const char *data, size_t len, rg_buf *out, rg_error *err)
{
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, data, len, err) < 0)
        return -1;
    rg_pdf_obj *catalog = read_catalog(&f, err);
    rg_pdf_obj *meta = catalog ? rg_pdf_dict_get(catalog, "Metadata") : NULL;
    int rc = !catalog ? -1 : !meta ? 0
           : read_raw_stream(&f, data, len, meta, "the metadata stream", out, err) < 0 ? -1 : 1;
    rg_pdf_file_close(&f);
    return rc;
}

/* 1 when the PDF name object `obj` is /`name`. */
static int is_name(const rg_pdf_obj *obj, const char *name)
{
    return obj && obj->type == RG_PDF_NAME && obj->raw[0] == '/' && !strcmp(obj->raw + 1, name);
}

/* The string object's bytes when it is a literal without escapes, as
 * raingan writes file names; NULL otherwise (caller frees). */
static char *plain_string(const rg_pdf_obj *obj)
{
    if (!obj || obj->type != RG_PDF_STRING || obj->raw[0] != '(' || strchr(obj->raw, '\\'))
        return NULL;
    size_t n = strlen(obj->raw);
    return n >= 2 && obj->raw[n - 1] == ')' ? strndup(obj->raw + 1, n - 2) : NULL;
}

/* n bytes from 2n hex digits; 0 or -1. */
static int hex_bytes(const char *hex, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        char two[3] = {hex[2 * i], hex[2 * i + 1], '\0'};
        if (!two[0] || !two[1] || strspn(two, "0123456789abcdefABCDEF") != 2 ||
            sscanf(two, "%2x", &byte) != 1)
            return -1;
        out[i] = (unsigned char)byte;
    }
    return 0;
}

int rg_archive_pdf_embedded(const char *data, size_t len, const char *name, rg_buf *out,
                            rg_archive_embedded_params *params, rg_error *err)
{
    memset(params, 0, sizeof *params);
    params->size = -1;
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, data, len, err) < 0)
        return -1;
    int rc = 0;
    rg_pdf_obj *catalog = read_catalog(&f, err);
    rg_pdf_obj *af = catalog ? rg_pdf_file_resolve(&f, rg_pdf_dict_get(catalog, "AF"), err) : NULL;
    if (!catalog)
        rc = -1;
    for (size_t i = 0; rc == 0 && af && af->type == RG_PDF_ARRAY && i < af->count; i++) {
        rg_pdf_obj *spec = rg_pdf_file_resolve(&f, af->items[i], err);
        if (!spec || spec->type != RG_PDF_DICT ||
            !is_name(rg_pdf_dict_get(spec, "AFRelationship"), "Data"))
            continue;
        char *file_name = plain_string(rg_pdf_file_resolve(&f, rg_pdf_dict_get(spec, "UF"), err));
        int same = file_name && !strcmp(file_name, name);
        free(file_name);
        if (!same)
            continue;
        rg_pdf_obj *ef = rg_pdf_file_resolve(&f, rg_pdf_dict_get(spec, "EF"), err);
        rg_pdf_obj *stream = ef && ef->type == RG_PDF_DICT ? rg_pdf_dict_get(ef, "F") : NULL;
        rg_pdf_obj *dict = stream && stream->type == RG_PDF_REF
                               ? rg_pdf_file_object(&f, stream->num, NULL, err) : NULL;
        if (!dict || dict->type != RG_PDF_DICT) {
            rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the embedded file %s has no stream", name);
            break;
        }
        rg_pdf_obj *p = rg_pdf_file_resolve(&f, rg_pdf_dict_get(dict, "Params"), err);
        rg_pdf_obj *size = p && p->type == RG_PDF_DICT ? rg_pdf_file_resolve(&f, rg_pdf_dict_get(p, "Size"), err) : NULL;
        rg_pdf_obj *sum = p && p->type == RG_PDF_DICT ? rg_pdf_file_resolve(&f, rg_pdf_dict_get(p, "CheckSum"), err) : NULL;
        rg_pdf_obj *subtype = rg_pdf_dict_get(dict, "Subtype");
        params->size = size && size->type == RG_PDF_INT ? size->num : -1;
        params->has_checksum = sum && sum->type == RG_PDF_STRING && sum->raw[0] == '<' &&
                               strlen(sum->raw) == 34 && hex_bytes(sum->raw + 1, 16, params->md5) == 0;
        params->json = is_name(subtype, "application#2Fjson");
        rc = read_raw_stream(&f, data, len, stream, name, out, err) < 0 ? -1 : 1;
    }
    rg_pdf_file_close(&f);
    return rc;
}

int rg_archive_read_embedded(const char *data, size_t len, const rg_archive_stamp *st, rg_buf *out,
                             rg_error *err)
{
    if (!st->embedded_name)
        return rg_error_set(err, RG_ERR_INPUT,
                            "the copy carries no data of its own (a PDF/A-1b copy: give --db, or "
                            "print it with --archive pdfa-3b)");
    rg_archive_embedded_params params;
    size_t start = out->len;
    int found = rg_archive_pdf_embedded(data, len, st->embedded_name, out, &params, err);
    if (found < 0)
        return -1;
    if (found == 0)
        return rg_error_set(err, RG_ERR_INPUT,
                            "its metadata names the embedded data %s, but the file does not carry "
                            "it (removed)", st->embedded_name);
    const unsigned char *bytes = (const unsigned char *)out->data + start;
    size_t n = out->len - start;
    unsigned char sha[RG_ARCHIVE_SHA256_LEN], md5[MD5_DIGEST_SIZE];
    struct sha256_ctx sha_ctx;
    sha256_init(&sha_ctx);
    sha256_update(&sha_ctx, n, bytes);
    sha256_digest(&sha_ctx, sizeof sha, sha);
    struct md5_ctx md5_ctx;
    md5_init(&md5_ctx);
    md5_update(&md5_ctx, n, bytes);
    md5_digest(&md5_ctx, sizeof md5, md5);
    if (!params.json)
        return rg_error_set(err, RG_ERR_INPUT, "the embedded file %s is not /Subtype application/json",
                            st->embedded_name);
    if (params.size != (long long)n || !params.has_checksum || memcmp(params.md5, md5, sizeof md5))
        return rg_error_set(err, RG_ERR_INPUT,
                            "the embedded file %s does not match its /Size and /CheckSum (damaged "
                            "or edited)", st->embedded_name);
    if (memcmp(sha, st->embedded_sha256, sizeof sha))
        return rg_error_set(err, RG_ERR_INPUT,
                            "the embedded file %s is not the one printed: its SHA-256 differs from "
                            "raingan:embeddedDataDigest (edited)", st->embedded_name);
    return 0;
}
