/* The only file that reaches into libharu's internal structures (see
 * hpdf_internals.h for why). Written against libhpdf 2.3.0 as shipped by
 * Debian; upstream 2.4.x has the same fields. */
#include "pdf/hpdf_internals.h"

#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

HPDF_STATUS rg_hpdf_page_write(HPDF_Page page, const char *bytes, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len);
}

HPDF_STATUS rg_hpdf_font_set_tounicode(HPDF_Font font, const char *cmap, size_t len)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict stream = attr->cmap_stream;
    if (!stream || !stream->stream)
        return HPDF_INVALID_OBJECT;
    /* libharu's dictionary describes an encoding CMap; a ToUnicode stream
     * needs only its Length (and Filter, set at write time). */
    HPDF_Dict_RemoveElement(stream, "Type");
    HPDF_Dict_RemoveElement(stream, "CMapName");
    HPDF_Dict_RemoveElement(stream, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(stream, "WMode");
    HPDF_MemStream_FreeData(stream->stream);
    return HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)cmap, (HPDF_UINT)len);
}

HPDF_STATUS rg_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16])
{
    HPDF_Array array = HPDF_Array_New(pdf->mmgr);
    if (!array)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Dict_Add(pdf->trailer, "ID", array);
    if (ret != HPDF_OK)
        return ret;
    for (int i = 0; i < 2; i++) {
        HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16);
        if (!b)
            return HPDF_FAILD_TO_ALLOC_MEM;
        if ((ret = HPDF_Array_Add(array, b)) != HPDF_OK)
            return ret;
    }
    return HPDF_OK;
}
