/* The only file that reaches into libharu's internal structures (see
 * hpdf_internals.h for why). Written against libhpdf 2.3.0 as shipped by
 * Debian; upstream 2.4.x has the same fields. */
#include "pdf/hpdf_internals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include "util/buf.h"
#include "util/utf8.h"

HPDF_STATUS rg_hpdf_page_write(HPDF_Page page, const char *bytes, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len);
}

size_t rg_hpdf_format_real(float v, char out[32])
{
    char *end = HPDF_FToA(out, v, out + 31);
    *end = '\0';
    return (size_t)(end - out);
}

HPDF_STATUS rg_hpdf_page_read_content(HPDF_Page page, unsigned char **bytes, size_t *len)
{
    HPDF_Stream stream = ((HPDF_PageAttr)page->attr)->stream;
    HPDF_UINT32 size = HPDF_Stream_Size(stream);
    *len = 0;
    *bytes = malloc(size ? size : 1);
    if (!*bytes)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Stream_Seek(stream, 0, HPDF_SEEK_SET);
    HPDF_UINT got = size;
    if (ret == HPDF_OK && size)
        ret = HPDF_Stream_Read(stream, *bytes, &got);
    if (ret == HPDF_STREAM_EOF)
        ret = HPDF_OK;
    if (ret == HPDF_OK && got != size)
        ret = HPDF_STREAM_EOF;
    if (ret != HPDF_OK) {
        free(*bytes);
        *bytes = NULL;
        return ret;
    }
    *len = size;
    return HPDF_OK;
}

/* libharu writes a stream whose filter is NONE without /Filter (it removes the
 * key), so a stream raingan compressed itself gets the entry from this hook,
 * called just before the dictionary's ">>". */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* A stream libharu reads from bytes of ours (read-only: no write function,
 * so libharu asks size_fn for its size). libharu's memory stream copied
 * every byte in and out one at a time (HPDF_MemCpy: 1.5 % of a warm render
 * for the pages' and fonts' compressed streams); this one holds a copy,
 * made and read with memcpy, and freed with the stream. */
typedef struct held_bytes {
    unsigned char *data;
    size_t len, pos;
} held_bytes;

static HPDF_STATUS held_read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    held_bytes *h = stream->attr;
    size_t n = h->len - h->pos < *size ? h->len - h->pos : *size;
    if (n)
        memcpy(ptr, h->data + h->pos, n);
    h->pos += n;
    HPDF_STATUS ret = n < *size ? HPDF_STREAM_EOF : HPDF_OK;   /* as libharu's memory stream */
    *size = (HPDF_UINT)n;
    return ret;
}

static HPDF_STATUS held_seek(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode)
{
    held_bytes *h = stream->attr;
    long long at = mode == HPDF_SEEK_SET ? pos : mode == HPDF_SEEK_CUR ? (long long)h->pos + pos
                                                                       : (long long)h->len + pos;
    if (at < 0 || (unsigned long long)at > h->len)
        return HPDF_SetError(stream->error, HPDF_STREAM_EOF, 0);
    h->pos = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream stream)
{
    return (HPDF_INT32)((held_bytes *)stream->attr)->pos;
}

static HPDF_UINT32 held_size(HPDF_Stream stream)
{
    return (HPDF_UINT32)((held_bytes *)stream->attr)->len;
}

static void held_free(HPDF_Stream stream)
{
    held_bytes *h = stream->attr;
    if (h)
        free(h->data);
    free(h);
    stream->attr = NULL;
}

/* Makes `dict` hold exactly the len bytes at data (malloc'd, taken, freed
 * here on failure), already Flate-compressed. */
static HPDF_STATUS set_flate_taken(HPDF_Dict dict, unsigned char *data, size_t len)
{
    held_bytes *h = len <= 0x7fffffffu ? malloc(sizeof *h) : NULL;
    HPDF_Stream held = h ? HPDF_GetMem(dict->mmgr, sizeof(HPDF_Stream_Rec)) : NULL;
    if (!held) {
        free(h);
        free(data);
        return len > 0x7fffffffu ? HPDF_INVALID_PARAMETER : HPDF_FAILD_TO_ALLOC_MEM;
    }
    *h = (held_bytes){data, len, 0};
    memset(held, 0, sizeof *held);
    held->sig_bytes = HPDF_STREAM_SIG_BYTES;
    held->type = HPDF_STREAM_UNKNOWN;
    held->mmgr = dict->mmgr;
    held->error = dict->error;
    held->read_fn = held_read;
    held->seek_fn = held_seek;
    held->tell_fn = held_tell;
    held->size_fn = held_size;
    held->free_fn = held_free;
    held->attr = h;
    HPDF_Stream_Free(dict->stream);
    dict->stream = held;
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_filter;
    return HPDF_OK;
}

/* The same with a copy of the bytes. */
static HPDF_STATUS set_flate(HPDF_Dict dict, const void *flate, size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (len)
        memcpy(copy, flate, len);
    return set_flate_taken(dict, copy, len);
}

HPDF_STATUS rg_hpdf_page_set_flate_content(HPDF_Page page, const void *flate, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_STATUS ret = set_flate(attr->contents, flate, len);
    if (ret == HPDF_OK)
        attr->stream = attr->contents->stream;   /* the page's stream was the old one */
    return ret;
}

/* The document information dictionary, made (and put in the trailer) as
 * libharu's own HPDF_SetInfoAttr does when it is first needed. */
static HPDF_Dict info_dict(HPDF_Doc pdf)
{
    if (pdf->info)
        return pdf->info;
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
    if (!info || HPDF_Xref_Add(pdf->xref, info) != HPDF_OK)   /* the xref owns it */
        return NULL;
    if (HPDF_Dict_Add(pdf->trailer, "Info", info) != HPDF_OK)
        return NULL;
    pdf->info = info;
    return info;
}

HPDF_STATUS rg_hpdf_set_info_text(HPDF_Doc pdf, const char *key, const char *utf8)
{
    size_t len = strlen(utf8);
    if (len > 0x3fffffffu)
        return HPDF_INVALID_PARAMETER;
    /* at most 2 UTF-16 bytes per UTF-8 byte, plus the byte order mark */
    unsigned char *utf16 = malloc(2 * len + 2);
    if (!utf16)
        return HPDF_FAILD_TO_ALLOC_MEM;
    size_t n = 0;
    utf16[n++] = 0xFE;
    utf16[n++] = 0xFF;
    for (size_t pos = 0; pos < len;) {
        uint32_t c = rg_utf8_next(utf8, len, &pos, NULL);   /* invalid bytes: U+FFFD */
        if (c >= 0x10000) {
            c -= 0x10000;
            unsigned hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            utf16[n++] = (unsigned char)(hi >> 8);
            utf16[n++] = (unsigned char)hi;
            utf16[n++] = (unsigned char)(lo >> 8);
            utf16[n++] = (unsigned char)lo;
        } else {
            utf16[n++] = (unsigned char)(c >> 8);
            utf16[n++] = (unsigned char)c;
        }
    }
    HPDF_Dict info = info_dict(pdf);
    HPDF_Binary text = info ? HPDF_Binary_New(pdf->mmgr, utf16, (HPDF_UINT)n) : NULL;
    free(utf16);
    if (!text)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_Add(info, key, text);
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

HPDF_STATUS rg_hpdf_set_metadata(HPDF_Doc pdf, const char *xmp, size_t len)
{
    HPDF_Dict meta = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!meta)
        return HPDF_FAILD_TO_ALLOC_MEM;
    meta->filter = HPDF_STREAM_FILTER_NONE;  /* PDF/A: the metadata stays readable as is */
    HPDF_STATUS ret = HPDF_Dict_AddName(meta, "Type", "Metadata");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(meta, "Subtype", "XML");
    if (ret == HPDF_OK)
        ret = HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp, (HPDF_UINT)len);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
    if (ret == HPDF_OK && pdf->pdf_version < HPDF_VER_14)
        pdf->pdf_version = HPDF_VER_14;
    return ret;
}

/* Appends `item` to the catalog's array `key`, making the array if needed. */
static HPDF_STATUS catalog_array_add(HPDF_Doc pdf, const char *key, void *item)
{
    HPDF_Array array = HPDF_Dict_GetItem(pdf->catalog, key, HPDF_OCLASS_ARRAY);
    if (!array) {
        array = HPDF_Array_New(pdf->mmgr);
        if (!array)
            return HPDF_FAILD_TO_ALLOC_MEM;
        HPDF_STATUS ret = HPDF_Dict_Add(pdf->catalog, key, array);
        if (ret != HPDF_OK)
            return ret;
    }
    return HPDF_Array_Add(array, item);
}

/* The embedded file stream with its /Params. */
static HPDF_Dict embedded_file_stream(HPDF_Doc pdf, const rg_hpdf_attachment *a)
{
    HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!stream)
        return NULL;
    stream->filter = HPDF_STREAM_FILTER_NONE;   /* the bytes stay readable as they are */
    HPDF_Dict params = HPDF_Dict_New(pdf->mmgr);
    if (!params || HPDF_Dict_Add(stream, "Params", params) != HPDF_OK)
        return NULL;
    HPDF_MD5_CTX md5;
    HPDF_BYTE sum[16];
    HPDF_MD5Init(&md5);
    HPDF_MD5Update(&md5, a->bytes, (HPDF_UINT32)a->len);
    HPDF_MD5Final(sum, &md5);
    HPDF_STATUS ret = HPDF_Dict_AddName(stream, "Type", "EmbeddedFile");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(stream, "Subtype", a->subtype);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)a->len);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(params, "CheckSum", HPDF_Binary_New(pdf->mmgr, sum, sizeof sum));
    HPDF_String mod_date = pdf->info ? HPDF_Dict_GetItem(pdf->info, "ModDate", HPDF_OCLASS_STRING)
                                     : NULL;
    if (ret == HPDF_OK && mod_date)
        ret = HPDF_Dict_Add(params, "ModDate",
                            HPDF_String_New(pdf->mmgr, (const char *)mod_date->value, NULL));
    if (ret == HPDF_OK && a->len)
        ret = HPDF_Stream_Write(stream->stream, a->bytes, (HPDF_UINT)a->len);
    return ret == HPDF_OK ? stream : NULL;
}

HPDF_STATUS rg_hpdf_attach_associated_file(HPDF_Doc pdf, const rg_hpdf_attachment *a)
{
    if (a->len > 0x7fffffffu)
        return HPDF_INVALID_PARAMETER;
    HPDF_Dict file = embedded_file_stream(pdf, a);
    HPDF_Dict spec = file ? HPDF_Dict_New(pdf->mmgr) : NULL;
    if (!spec)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Xref_Add(pdf->xref, spec);   /* the xref owns it from here */
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(spec, "Type", "Filespec");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(spec, "F", HPDF_String_New(pdf->mmgr, a->name, NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(spec, "UF", HPDF_String_New(pdf->mmgr, a->name, NULL));
    if (ret == HPDF_OK && a->description)
        ret = HPDF_Dict_Add(spec, "Desc", HPDF_String_New(pdf->mmgr, a->description, NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(spec, "AFRelationship", a->relationship);
    HPDF_Dict ef = ret == HPDF_OK ? HPDF_Dict_New(pdf->mmgr) : NULL;
    if (ret == HPDF_OK && !ef)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(spec, "EF", ef);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(ef, "F", file);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(ef, "UF", file);
    if (ret == HPDF_OK)
        ret = catalog_array_add(pdf, "AF", spec);
    if (ret != HPDF_OK)
        return ret;
    /* /Names << /EmbeddedFiles << /Names [(name) spec] >> >>: where readers list attachments */
    HPDF_Dict names = HPDF_Dict_New(pdf->mmgr);
    if (!names || (ret = HPDF_Dict_Add(pdf->catalog, "Names", names)) != HPDF_OK)
        return names ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Dict tree = HPDF_Dict_New(pdf->mmgr);
    if (!tree || (ret = HPDF_Dict_Add(names, "EmbeddedFiles", tree)) != HPDF_OK)
        return tree ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Array leaves = HPDF_Array_New(pdf->mmgr);
    if (!leaves || (ret = HPDF_Dict_Add(tree, "Names", leaves)) != HPDF_OK)
        return leaves ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    ret = HPDF_Array_Add(leaves, HPDF_String_New(pdf->mmgr, a->name, NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Array_Add(leaves, spec);
    if (ret == HPDF_OK && pdf->pdf_version < HPDF_VER_17)
        pdf->pdf_version = HPDF_VER_17;   /* PDF/A-3 is based on PDF 1.7 */
    return ret;
}

HPDF_STATUS rg_hpdf_add_output_intent(HPDF_Doc pdf, HPDF_Dict icc, const char *identifier,
                                      const char *info)
{
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    if (!intent)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Xref_Add(pdf->xref, intent);  /* the xref owns it from here */
    if (ret != HPDF_OK)
        return ret;
    ret = HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                            HPDF_String_New(pdf->mmgr, identifier, NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, info, NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    if (ret != HPDF_OK)
        return ret;
    HPDF_Array intents = HPDF_Dict_GetItem(pdf->catalog, "OutputIntents", HPDF_OCLASS_ARRAY);
    if (!intents) {
        intents = HPDF_Array_New(pdf->mmgr);
        if (!intents)
            return HPDF_FAILD_TO_ALLOC_MEM;
        if ((ret = HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents)) != HPDF_OK)
            return ret;
    }
    return HPDF_Array_Add(intents, intent);
}

HPDF_Font rg_hpdf_font_new(HPDF_Doc pdf)
{
    HPDF_Dict font = HPDF_Dict_New(pdf->mmgr);
    if (!font)
        return NULL;
    if (HPDF_Xref_Add(pdf->xref, font) != HPDF_OK)   /* the xref owns it from here */
        return NULL;
    return font;
}

const char *rg_hpdf_page_font_name(HPDF_Page page, HPDF_Font font)
{
    return HPDF_Page_GetLocalFontName(page, font);
}

enum { STREAM_RAW, STREAM_COMPRESS, STREAM_FLATE };

/* A new indirect stream holding len bytes: written as they are (STREAM_RAW),
 * compressed by libharu (STREAM_COMPRESS), or already compressed (STREAM_FLATE). */
static HPDF_Dict new_stream(HPDF_Doc pdf, const void *bytes, size_t len, int kind)
{
    HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!stream)
        return NULL;
    if (kind == STREAM_FLATE)
        return set_flate(stream, bytes, len) == HPDF_OK ? stream : NULL;
    stream->filter = kind == STREAM_COMPRESS ? HPDF_STREAM_FILTER_FLATE_DECODE
                                             : HPDF_STREAM_FILTER_NONE;
    if (len && HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    return stream;
}

/* How the font's own streams (FontFile2, ToUnicode) are written. */
static int font_stream_kind(const rg_hpdf_font_data *f)
{
    return f->flate ? STREAM_FLATE : f->compress ? STREAM_COMPRESS : STREAM_RAW;
}

/* /W [first [w w ...] first [w ...] ...]: one inner array per run of
 * consecutive glyph IDs. */
static HPDF_STATUS add_widths(HPDF_Doc pdf, HPDF_Dict cidfont, const rg_hpdf_font_data *f)
{
    HPDF_Array w = HPDF_Array_New(pdf->mmgr);
    if (!w)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Dict_Add(cidfont, "W", w);
    HPDF_Array run = NULL;
    for (size_t i = 0; ret == HPDF_OK && i < f->glyph_count; i++) {
        if (!run || f->gids[i] != f->gids[i - 1] + 1) {
            ret = HPDF_Array_AddNumber(w, (HPDF_INT32)f->gids[i]);
            if (ret == HPDF_OK && !(run = HPDF_Array_New(pdf->mmgr)))
                return HPDF_FAILD_TO_ALLOC_MEM;
            if (ret == HPDF_OK)
                ret = HPDF_Array_Add(w, run);
        }
        if (ret == HPDF_OK)
            ret = HPDF_Array_AddNumber(run, (HPDF_INT32)f->widths[i]);
    }
    return ret;
}

static HPDF_STATUS add_descriptor(HPDF_Doc pdf, HPDF_Dict cidfont, const rg_hpdf_font_data *f)
{
    HPDF_Dict fd = HPDF_Dict_New(pdf->mmgr);
    if (!fd)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Xref_Add(pdf->xref, fd);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(cidfont, "FontDescriptor", fd);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(fd, "FontName", f->base_font);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddNumber(fd, "Flags", f->flags);
    HPDF_Array bbox = ret == HPDF_OK ? HPDF_Array_New(pdf->mmgr) : NULL;
    if (ret == HPDF_OK && !bbox)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(fd, "FontBBox", bbox);
    for (int i = 0; ret == HPDF_OK && i < 4; i++)
        ret = HPDF_Array_AddNumber(bbox, f->bbox[i]);
    const struct { const char *key; int value; } numbers[] = {
        {"ItalicAngle", f->italic_angle}, {"Ascent", f->ascent}, {"Descent", f->descent},
        {"CapHeight", f->cap_height}, {"StemV", f->stem_v}};
    for (size_t i = 0; ret == HPDF_OK && i < sizeof numbers / sizeof numbers[0]; i++)
        ret = HPDF_Dict_AddNumber(fd, numbers[i].key, numbers[i].value);
    if (ret != HPDF_OK)
        return ret;
    HPDF_Dict file = new_stream(pdf, f->font_file, f->font_file_len, font_stream_kind(f));
    if (!file)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ret = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)f->font_file_length1);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(fd, "FontFile2", file);
    if (ret == HPDF_OK && f->cidset) {
        HPDF_Dict cidset = new_stream(pdf, f->cidset, f->cidset_len,
                                       f->compress ? STREAM_COMPRESS : STREAM_RAW);
        ret = cidset ? HPDF_Dict_Add(fd, "CIDSet", cidset) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    return ret;
}

HPDF_STATUS rg_hpdf_font_finish(HPDF_Doc pdf, HPDF_Font font, const rg_hpdf_font_data *f)
{
    HPDF_Dict cidfont = HPDF_Dict_New(pdf->mmgr);
    if (!cidfont)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Xref_Add(pdf->xref, cidfont);   /* the xref owns it from here */
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(font, "Type", "Font");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(font, "Subtype", "Type0");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(font, "BaseFont", f->base_font);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(font, "Encoding", "Identity-H");
    /* Direct objects belong to their container once added (even on failure). */
    HPDF_Array descendants = ret == HPDF_OK ? HPDF_Array_New(pdf->mmgr) : NULL;
    if (ret == HPDF_OK && !descendants)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(font, "DescendantFonts", descendants);
    if (ret == HPDF_OK)
        ret = HPDF_Array_Add(descendants, cidfont);
    if (ret == HPDF_OK) {
        HPDF_Dict tounicode = new_stream(pdf, f->tounicode, f->tounicode_len,
                                             font_stream_kind(f));
        ret = tounicode ? HPDF_Dict_Add(font, "ToUnicode", tounicode) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(cidfont, "Type", "Font");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2");
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(cidfont, "BaseFont", f->base_font);
    HPDF_Dict info = ret == HPDF_OK ? HPDF_Dict_New(pdf->mmgr) : NULL;
    if (ret == HPDF_OK && !info)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(cidfont, "CIDSystemInfo", info);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddNumber(info, "Supplement", 0);
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(cidfont, "CIDToGIDMap", "Identity");
    if (ret == HPDF_OK)
        ret = add_widths(pdf, cidfont, f);
    if (ret == HPDF_OK)
        ret = add_descriptor(pdf, cidfont, f);
    return ret;
}

int rg_hpdf_image_has_smask(HPDF_Image image)
{
    return HPDF_Dict_GetItem(image, "SMask", HPDF_OCLASS_DICT) != NULL;
}

HPDF_STATUS rg_hpdf_set_signature_blocks(HPDF_Doc pdf, const rg_hpdf_signature_block *blocks,
                                         size_t count)
{
    if (count == 0)
        return HPDF_OK;
    HPDF_Array table = HPDF_Array_New(pdf->mmgr);
    if (!table)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Dict_Add(pdf->catalog, RG_HPDF_SIGNATURE_BLOCKS_KEY, table);
    for (size_t i = 0; ret == HPDF_OK && i < count; i++) {
        const rg_hpdf_signature_block *b = &blocks[i];
        HPDF_Dict entry = HPDF_Dict_New(pdf->mmgr);
        if (!entry)
            return HPDF_FAILD_TO_ALLOC_MEM;
        /* Each container owns what is added to it (direct objects), even on failure. */
        ret = HPDF_Array_Add(table, entry);
        if (ret == HPDF_OK)
            ret = HPDF_Dict_Add(entry, "Name", HPDF_String_New(pdf->mmgr, b->name, NULL));
        if (ret == HPDF_OK)
            ret = HPDF_Dict_AddNumber(entry, "Page", b->page);
        HPDF_Array rect = ret == HPDF_OK ? HPDF_Array_New(pdf->mmgr) : NULL;
        if (ret == HPDF_OK && !rect)
            return HPDF_FAILD_TO_ALLOC_MEM;
        if (ret == HPDF_OK)
            ret = HPDF_Dict_Add(entry, "Rect", rect);
        const int corners[4] = {b->x0, b->y0, b->x1, b->y1};
        for (int k = 0; ret == HPDF_OK && k < 4; k++)
            ret = HPDF_Array_AddNumber(rect, corners[k]);
        if (ret != HPDF_OK || !b->has_ink)
            continue;
        HPDF_Array ink = HPDF_Array_New(pdf->mmgr);
        if (!ink)
            return HPDF_FAILD_TO_ALLOC_MEM;
        ret = HPDF_Dict_Add(entry, "Ink", ink);
        const int ink_corners[4] = {b->ink_x0, b->ink_y0, b->ink_x1, b->ink_y1};
        for (int k = 0; ret == HPDF_OK && k < 4; k++)
            ret = HPDF_Array_AddNumber(ink, ink_corners[k]);
    }
    return ret;
}

HPDF_STATUS rg_hpdf_deflate(const void *data, size_t len, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len > 0x7fffffffu)
        return HPDF_INVALID_PARAMETER;
    HPDF_Error_Rec error;
    HPDF_Error_Init(&error, NULL);
    HPDF_MMgr mmgr = HPDF_MMgr_New(&error, 0, NULL, NULL);
    if (!mmgr)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Stream src = HPDF_MemStream_New(mmgr, 8192);
    HPDF_Stream dst = HPDF_MemStream_New(mmgr, 8192);
    HPDF_STATUS ret = src && dst ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK && len)
        ret = HPDF_Stream_Write(src, (const HPDF_BYTE *)data, (HPDF_UINT)len);
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteToStream(src, dst, HPDF_STREAM_FILTER_FLATE_DECODE, NULL);
    HPDF_UINT32 size = ret == HPDF_OK ? HPDF_Stream_Size(dst) : 0;
    if (ret == HPDF_OK && !(*out = malloc(size ? size : 1)))
        ret = HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK)
        ret = HPDF_Stream_Seek(dst, 0, HPDF_SEEK_SET);
    HPDF_UINT got = size;
    if (ret == HPDF_OK && size)
        ret = HPDF_Stream_Read(dst, *out, &got);
    if (ret == HPDF_STREAM_EOF)
        ret = HPDF_OK;
    if (ret == HPDF_OK && got != size)
        ret = HPDF_STREAM_EOF;
    if (ret == HPDF_OK) {
        *out_len = size;
    } else {
        free(*out);
        *out = NULL;
    }
    if (src)
        HPDF_Stream_Free(src);
    if (dst)
        HPDF_Stream_Free(dst);
    HPDF_MMgr_Free(mmgr);
    return ret;
}

/* libharu's write function for the callback stream of rg_hpdf_save_to_buffer. */
static HPDF_STATUS append_to_buffer(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    return rg_buf_append(stream->attr, ptr, size) < 0 ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

HPDF_STATUS rg_hpdf_save_to_buffer(HPDF_Doc pdf, rg_buf *out)
{
    /* HPDF_SaveToStream writes into pdf->stream, a memory stream of its own
     * unless one is there: a callback stream appending to `out` takes its
     * place (HPDF_MemStream_FreeData leaves other kinds alone; libharu
     * needs nothing but the bytes written so far, stream->size, for the
     * offsets of the cross-reference table). HPDF_Free frees it. */
    if (pdf->stream)
        return HPDF_INVALID_OPERATION;
    pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, append_to_buffer, out);
    if (!pdf->stream)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_SaveToStream(pdf);
}
