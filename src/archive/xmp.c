/* The archival stamp in XMP, and the XMP packet read back from a PDF (xmp.h). */
#include "archive/xmp.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
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
    rc |= rg_buf_puts(out, "</rdf:Seq></raingan:parts>\n</rdf:Description>\n");
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
                                        "documentNumber", "dataDigest", "printDate", "parts"};
    enum { VERSION, FORM, KIND, KEY, YEAR, NUMBER, DIGEST, DATE, PARTS, COUNT };
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
        if (!found[i] && i != DATE)
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

int rg_archive_pdf_xmp(const char *data, size_t len, rg_buf *out, rg_error *err)
{
    rg_pdf_file f;
    if (rg_pdf_file_open(&f, data, len, err) < 0)
        return -1;
    int rc = 0;
    rg_pdf_obj *root = rg_pdf_dict_get(f.trailer, "Root");
    rg_pdf_obj *catalog = root ? rg_pdf_file_resolve(&f, root, err) : NULL;
    rg_pdf_obj *meta = catalog && catalog->type == RG_PDF_DICT ? rg_pdf_dict_get(catalog, "Metadata")
                                                               : NULL;
    if (!catalog || catalog->type != RG_PDF_DICT) {
        if (catalog)
            rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the catalog is not a dictionary");
        else if (!root)
            rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the trailer has no /Root");
        rc = -1;
    } else if (!meta) {
        rc = 0;
    } else if (meta->type != RG_PDF_REF || meta->num <= 0 || meta->num >= f.size
               || f.xref[meta->num].state != 'n') {
        rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: /Metadata is not a stream object");
    } else {
        rg_pdf_obj *dict = rg_pdf_file_object(&f, meta->num, NULL, err);
        size_t pos = (size_t)f.xref[meta->num].offset;
        long long n;
        rg_pdf_obj *length = dict && dict->type == RG_PDF_DICT
                                 ? rg_pdf_file_resolve(&f, rg_pdf_dict_get(dict, "Length"), err)
                                 : NULL;
        rg_pdf_obj *skipped = NULL;
        if (!dict) {
            rc = -1;
        } else if (rg_pdf_dict_get(dict, "Filter")) {
            rc = rg_error_set(err, RG_ERR_INPUT,
                              "the XMP metadata stream is compressed (PDF/A forbids it)");
        } else if (!length || length->type != RG_PDF_INT || length->num < 0) {
            rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the metadata stream has no /Length");
        } else if (rg_pdf_read_uint(data, len, &pos, &n) < 0 || rg_pdf_read_uint(data, len, &pos, &n) < 0
                   || (pos = rg_pdf_skip_space(data, len, pos), !rg_pdf_at_keyword(data, len, pos, "obj"))
                   || (pos += 3, !(skipped = rg_pdf_parse_object(data, len, &pos, err)))) {
            rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: cannot read the metadata stream");
        } else {
            pos = rg_pdf_skip_space(data, len, pos);
            if (!rg_pdf_at_keyword(data, len, pos, "stream")) {
                rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: /Metadata has no stream data");
            } else {
                pos += 6;
                if (pos < len && data[pos] == '\r')
                    pos++;
                if (pos < len && data[pos] == '\n')
                    pos++;
                if ((unsigned long long)length->num > len - pos)
                    rc = rg_error_set(err, RG_ERR_INPUT, "damaged PDF: the metadata stream is cut off");
                else if (rg_buf_append(out, data + pos, (size_t)length->num) < 0)
                    rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
                else
                    rc = 1;
            }
        }
        rg_pdf_free(skipped);
    }
    rg_pdf_file_close(&f);
    return rc;
}
