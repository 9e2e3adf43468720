/* The things raingan needs that libharu 2.3.0 cannot do through its public
 * API (see docs/thai-text.md): write positioned text operators into a page's
 * content stream (HPDF_Page_ShowText drops zero-width Thai marks), build the
 * Type0 font objects itself (libharu's TrueType fonts cost a third of the
 * render time, see docs/performance.md), set the trailer /ID;
 * and for PDF/A-1b (docs/archival.md): an unfiltered XMP metadata stream, an
 * output intent with its ICC profile, and the CIDSet of each font subset
 * (written with the font)
 * (libharu's own HPDF_PDFA_SetPDFAConformance writes XMP that is not escaped,
 * fails on UTC dates and reads the clock); and the catalog's table of
 * signature blocks for `raingan sign` (docs/signing.md), and libharu's
 * deflate for the signer's appearance streams. Only hpdf_internals.c includes
 * libharu's private headers. */
#ifndef RG_HPDF_INTERNALS_H
#define RG_HPDF_INTERNALS_H

#include <hpdf.h>
#include <stddef.h>

#include "util/buf.h"

/* Appends raw bytes to the page's content stream. Returns HPDF_OK or an error. */
HPDF_STATUS rg_hpdf_page_write(HPDF_Page page, const char *bytes, size_t len);
/* v as libharu writes reals (HPDF_FToA: at most 5 decimals, trailing zeros
 * dropped), so that the operators raingan writes itself draw exactly where
 * libharu's did. Returns the length written to out (no NUL counted). */
size_t rg_hpdf_format_real(float v, char out[32]);
/* The page's content stream so far: *bytes (malloc'd, caller frees), *len. */
HPDF_STATUS rg_hpdf_page_read_content(HPDF_Page page, unsigned char **bytes, size_t *len);
/* Replaces the page's content stream with `flate`, bytes raingan compressed
 * itself (pdf/flate.h, at a level libharu cannot choose): libharu writes them
 * as they are, under /Filter /FlateDecode (from a copy held with the
 * document). Nothing may be drawn on the page afterwards. */
HPDF_STATUS rg_hpdf_page_set_flate_content(HPDF_Page page, const void *flate, size_t len);

/* raingan's own fonts (libharu loads no font files): a Type0 font, Identity-H,
 * whose CIDs are the glyph IDs of one face. rg_hpdf_font_new makes the (still
 * empty) indirect font dictionary, so pages can refer to it while they are
 * drawn; rg_hpdf_font_finish fills it in once every glyph is known. */
HPDF_Font rg_hpdf_font_new(HPDF_Doc pdf);
/* The font's name in the page's /Resources /Font ("F1"...), registering it. */
const char *rg_hpdf_page_font_name(HPDF_Page page, HPDF_Font font);
typedef struct rg_hpdf_font_data {
    const char *base_font;                  /* "ABCDEF+PostScriptName" */
    int flags, italic_angle, ascent, descent, cap_height, stem_v;
    int bbox[4];
    const unsigned char *font_file;         /* the TrueType subset (FontFile2) */
    size_t font_file_len;
    size_t font_file_length1;               /* its uncompressed size (/Length1) */
    const unsigned int *gids, *widths;      /* /W: used glyph IDs (ascending) and widths */
    size_t glyph_count;
    const char *tounicode;                  /* the ToUnicode CMap */
    size_t tounicode_len;
    const unsigned char *cidset;            /* PDF/A: the CIDSet bits, or NULL */
    size_t cidset_len;
    int compress;                           /* Flate-compress the streams */
    int flate;                              /* font_file and tounicode are already
                                             * Flate-compressed (compress is then
                                             * for the CIDSet only) */
} rg_hpdf_font_data;
/* Writes the Type0 dictionary, its CIDFontType2 (/CIDToGIDMap /Identity),
 * FontDescriptor, FontFile2, ToUnicode and (when given) CIDSet. */
HPDF_STATUS rg_hpdf_font_finish(HPDF_Doc pdf, HPDF_Font font, const rg_hpdf_font_data *data);
/* Sets the document information entry `key` ("Title", "Author"...) to the
 * UTF-8 text as a UTF-16BE string with a byte order mark, as libharu writes
 * it through its UTF-8 encoder (whose set-up, 256 x 256 tables per document,
 * cost more than a page of text); invalid UTF-8 gives U+FFFD. HPDF_OK or an
 * error. */
HPDF_STATUS rg_hpdf_set_info_text(HPDF_Doc pdf, const char *key, const char *utf8);
/* Sets the trailer's /ID to [<id> <id>]. */
HPDF_STATUS rg_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16]);

/* Sets the catalog's /Metadata to an unfiltered stream /Type /Metadata
 * /Subtype /XML holding `xmp`, and the file's version to at least PDF 1.4. */
HPDF_STATUS rg_hpdf_set_metadata(HPDF_Doc pdf, const char *xmp, size_t len);

/* A file embedded as an associated file (PDF/A-3, ISO 19005-3). */
typedef struct rg_hpdf_attachment {
    const char *name;          /* the file name, ASCII: the filespec's /F and /UF */
    const char *subtype;       /* MIME type ("application/json"), written as a name */
    const char *description;   /* /Desc, ASCII, or NULL */
    const char *relationship;  /* /AFRelationship: "Data", "Source", ... */
    const unsigned char *bytes;
    size_t len;
} rg_hpdf_attachment;
/* Embeds the bytes as they are (unfiltered) in a /Type /EmbeddedFile stream
 * with /Subtype and /Params << /Size /CheckSum (MD5, as PDF requires)
 * /ModDate (the document's /ModDate, when it has one) >>, its /Filespec
 * (/F, /UF, /EF, /Desc, /AFRelationship) in the catalog's /AF array and its
 * /Names /EmbeddedFiles name tree; sets the file's version to PDF 1.7. */
HPDF_STATUS rg_hpdf_attach_associated_file(HPDF_Doc pdf, const rg_hpdf_attachment *a);
/* Appends a /GTS_PDFA1 output intent whose /DestOutputProfile is `icc` (an
 * ICC stream from HPDF_LoadIccProfileFromFile) to the catalog's /OutputIntents. */
HPDF_STATUS rg_hpdf_add_output_intent(HPDF_Doc pdf, HPDF_Dict icc, const char *identifier,
                                      const char *info);
/* One signature block of the form, for the catalog's table. */
typedef struct rg_hpdf_signature_block {
    const char *name;   /* the block's field name (bytes, usually ASCII) */
    int page;           /* 1-based */
    int x0, y0, x1, y1; /* whole points, page coordinates, lower left to upper right */
    int has_ink;        /* the ink area: where a hand signature goes, over the dotted line */
    int ink_x0, ink_y0, ink_x1, ink_y1;
} rg_hpdf_signature_block;

/* The catalog key holding the table (a private, third-class name: PDF
 * readers ignore it, and PDF/A-1 allows keys it does not define). */
#define RG_HPDF_SIGNATURE_BLOCKS_KEY "RainganSignatureBlocks"

/* Sets the catalog's /RainganSignatureBlocks to an array of direct
 * dictionaries << /Name (name) /Page N /Rect [x0 y0 x1 y1] /Ink [...] >>
 * (/Ink when has_ink), in the order given. Nothing is written when count is 0. */
HPDF_STATUS rg_hpdf_set_signature_blocks(HPDF_Doc pdf, const rg_hpdf_signature_block *blocks,
                                         size_t count);
/* Flate-compresses len bytes with libharu's own zlib stream (the signer has
 * no other deflate): *out is malloc'd, *out_len its size. HPDF_OK or an error. */
HPDF_STATUS rg_hpdf_deflate(const void *data, size_t len, unsigned char **out, size_t *out_len);
/* 1 when libharu gave the image a soft mask (a PNG with alpha): transparency. */
int rg_hpdf_image_has_smask(HPDF_Image image);

/* Saves the document, appending its bytes to `out` as libharu writes them
 * (HPDF_SaveToStream into libharu's memory stream, then HPDF_ReadFromStream,
 * copied every byte twice, one at a time). Once per document; HPDF_OK or
 * libharu's error (also given to the document's error handler). */
HPDF_STATUS rg_hpdf_save_to_buffer(HPDF_Doc pdf, rg_buf *out);

#endif
