/* The XMP packet of a PDF/A-1b or PDF/A-3b file (pdfa.h). */
#include "pdf/pdfa.h"

#include <assert.h>
#include <string.h>

#include "util/xml_escape.h"

static int present(const char *s)
{
    return s && *s;
}

static int put_simple(rg_buf *out, const char *element, const char *value)
{
    if (!present(value))
        return 0;
    int rc = rg_buf_printf(out, "<%s>", element);
    rc |= rg_xml_escape(out, value);
    return rc | rg_buf_printf(out, "</%s>\n", element);
}

static int put_alt(rg_buf *out, const char *element, const char *value)
{
    if (!present(value))
        return 0;
    int rc = rg_buf_printf(out, "<%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", element);
    rc |= rg_xml_escape(out, value);
    return rc | rg_buf_printf(out, "</rdf:li></rdf:Alt></%s>\n", element);
}

int rg_pdfa_xmp(const rg_doc_info *info, const char *producer, int part, const char *extra,
                rg_buf *out, rg_error *err)
{
    assert(part == 1 || part == 3);
    /* begin="U+FEFF" marks the packet as UTF-8; the padding lets tools edit
     * the packet in place, as the XMP specification recommends. */
    int rc = rg_buf_puts(out, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                              "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    rc |= rg_buf_puts(out, "<rdf:Description rdf:about=\"\" "
                           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                           "<dc:format>application/pdf</dc:format>\n");
    rc |= put_alt(out, "dc:title", info->title);
    if (present(info->author)) {
        rc |= rg_buf_puts(out, "<dc:creator><rdf:Seq><rdf:li>");
        rc |= rg_xml_escape(out, info->author);
        rc |= rg_buf_puts(out, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    rc |= put_alt(out, "dc:description", info->subject);
    rc |= rg_buf_puts(out, "</rdf:Description>\n"
                           "<rdf:Description rdf:about=\"\" "
                           "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    rc |= put_simple(out, "pdf:Keywords", info->keywords);
    rc |= put_simple(out, "pdf:Producer", producer);
    rc |= rg_buf_puts(out, "</rdf:Description>\n"
                           "<rdf:Description rdf:about=\"\" "
                           "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    rc |= put_simple(out, "xmp:CreatorTool", info->creator);
    rc |= put_simple(out, "xmp:CreateDate", info->date);
    rc |= put_simple(out, "xmp:ModifyDate", info->date);
    rc |= put_simple(out, "xmp:MetadataDate", info->date);
    rc |= rg_buf_puts(out, "</rdf:Description>\n"
                           "<rdf:Description rdf:about=\"\" "
                           "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                           "<pdfaid:part>");
    rc |= rg_buf_printf(out, "%d", part);
    rc |= rg_buf_puts(out, "</pdfaid:part>\n"
                           "<pdfaid:conformance>B</pdfaid:conformance>\n"
                           "</rdf:Description>\n");
    if (extra)
        rc |= rg_buf_puts(out, extra);
    rc |= rg_buf_puts(out, "</rdf:RDF>\n</x:xmpmeta>\n");
    for (int i = 0; i < 20; i++)
        rc |= rg_buf_puts(out, "                                                                                                   \n");
    rc |= rg_buf_puts(out, "<?xpacket end=\"w\"?>");
    if (rc)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing the XMP metadata");
    return 0;
}
