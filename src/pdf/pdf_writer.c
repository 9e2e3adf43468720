/* The PDF writer (pdf_writer.h): a display list drawn with libharu.
 *
 * Text runs are drawn glyph by glyph at the positions HarfBuzz gave them:
 * consecutive glyphs that sit at their font advance share one Tj string, the
 * others are moved with Td. The operators go straight into the content stream
 * (hpdf_internals.c) because HPDF_Page_ShowText drops zero-width Thai marks;
 * each code is also passed once to HPDF_Font_TextWidth, which is what makes
 * libharu keep its glyph in the embedded subset. */
#include "pdf/pdf_writer.h"

#include <ctype.h>
#include <hpdf.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "pdf/hpdf_internals.h"
#include "pdf/pdfa.h"
#include "text/font.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/utf8.h"

#define PRODUCER "raingan " PACKAGE_VERSION " (libharu " HPDF_VERSION_TEXT ")"

typedef struct pdf_font {
    const rg_face *face;
    HPDF_Font font;
    uint8_t used[65536 / 8];   /* codes drawn: kept in the subset, listed in ToUnicode */
} pdf_font;

typedef struct pdf_image {
    const char *path;
    HPDF_Image image;
} pdf_image;

typedef struct writer {
    HPDF_Doc pdf;
    HPDF_STATUS status, detail;  /* first libharu error */
    pdf_font **fonts;
    size_t font_count;
    pdf_image *images;
    size_t image_count;
    rg_buf ops;                   /* operators being built for one item */
    int archival;                 /* PDF/A-1b: no transparency allowed */
} writer;

const char *rg_pdf_library_version(void)
{
    return HPDF_VERSION_TEXT;
}

void rg_pdf_options_init(rg_pdf_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->deterministic = 1;
    opts->compress = 1;
}

static void on_hpdf_error(HPDF_STATUS status, HPDF_STATUS detail, void *user)
{
    writer *w = user;
    if (!w->status) {
        w->status = status;
        w->detail = detail;
    }
}

static const char *hpdf_reason(HPDF_STATUS status)
{
    switch (status) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "read error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open the file";
    case HPDF_INVALID_PNG_IMAGE: case HPDF_LIBPNG_ERROR: return "not a PNG image libharu can read";
    case HPDF_INVALID_JPEG_DATA: case HPDF_UNSUPPORTED_JPEG_FORMAT:
        return "not a JPEG image libharu can read (progressive or CMYK?)";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font's licence forbids embedding";
    case HPDF_TTF_INVALID_CMAP: case HPDF_TTF_INVALID_FOMAT: case HPDF_TTF_MISSING_TABLE:
    case HPDF_UNSUPPORTED_FONT_TYPE: case HPDF_INVALID_TTC_FILE: case HPDF_INVALID_TTC_INDEX:
        return "not a TrueType font libharu can embed";
    case HPDF_PAGE_INVALID_SIZE: return "page size out of range (3..14400 points)";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "font size out of range";
    default: return "libharu error";
    }
}

/* Turns a pending libharu error into err, prefixed with `where`. */
static int check(writer *w, rg_error *err, const char *where)
{
    if (!w->status)
        return 0;
    rg_error_code code = w->status == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INPUT;
    if (w->status == HPDF_FILE_IO_ERROR || w->status == HPDF_FILE_OPEN_ERROR)
        code = RG_ERR_IO;
    rg_error_set(err, code, "%s: %s (libharu 0x%04X/%u)", where, hpdf_reason(w->status),
                 (unsigned)w->status, (unsigned)w->detail);
    return -1;
}

/* Four upper-case hex digits (a glyph code, a UTF-16 unit): the content and
 * ToUnicode writers emit tens of thousands per document, printf was a sixth
 * of the render time. */
static int put_hex4(rg_buf *b, unsigned v)
{
    static const char digits[] = "0123456789ABCDEF";
    char hex[4] = {digits[(v >> 12) & 15], digits[(v >> 8) & 15], digits[(v >> 4) & 15],
                   digits[v & 15]};
    return rg_buf_append(b, hex, 4);
}

/* Numbers with at most 3 decimals, no trailing zeros, never "-0". */
static int put_num(rg_buf *b, double v)
{
    long long milli = llround(v * 1000.0);
    if (milli == 0)
        return rg_buf_puts(b, "0");
    char text[32];
    char *end = text + sizeof text, *p = end;
    unsigned long long mag = milli < 0 ? (unsigned long long)-milli : (unsigned long long)milli;
    unsigned frac = (unsigned)(mag % 1000);
    if (frac) {
        int skip = 1;   /* trailing zeros of the fraction are not written */
        for (int i = 0; i < 3; i++, frac /= 10) {
            if (skip && frac % 10 == 0)
                continue;
            skip = 0;
            *--p = (char)('0' + frac % 10);
        }
        *--p = '.';
    }
    unsigned long long whole = mag / 1000;
    do {
        *--p = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (milli < 0)
        *--p = '-';
    return rg_buf_append(b, p, (size_t)(end - p));
}

static double round3(double v)
{
    return (double)llround(v * 1000.0) / 1000.0;
}

/* --- fonts ----------------------------------------------------------------------- */

static pdf_font *font_for(writer *w, const rg_face *face, rg_error *err)
{
    for (size_t i = 0; i < w->font_count; i++) {
        if (w->fonts[i]->face == face)
            return w->fonts[i];
    }
    pdf_font **fonts = realloc(w->fonts, (w->font_count + 1) * sizeof *fonts);
    pdf_font *pf = calloc(1, sizeof *pf);
    if (fonts)
        w->fonts = fonts;
    if (!fonts || !pf) {
        free(pf);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        return NULL;
    }
    pf->face = face;
    const char *name = rg_face_index(face) == 0 && !strstr(rg_face_path(face), ".ttc")
                           ? HPDF_LoadTTFontFromFile(w->pdf, rg_face_path(face), HPDF_TRUE)
                           : HPDF_LoadTTFontFromFile2(w->pdf, rg_face_path(face),
                                                      rg_face_index(face), HPDF_TRUE);
    if (name)
        pf->font = HPDF_GetFont(w->pdf, name, "UTF-8");
    if (!name || !pf->font) {
        free(pf);
        char where[600];
        snprintf(where, sizeof where, "font %s", rg_face_path(face));
        if (check(w, err, where) == 0)
            rg_error_set(err, RG_ERR_FONT, "%s: libharu cannot load it", where);
        return NULL;
    }
    w->fonts[w->font_count++] = pf;
    return pf;
}

static void mark_used(pdf_font *pf, uint32_t code)
{
    if (code > 0xFFFF || (pf->used[code >> 3] & (1u << (code & 7))))
        return;
    pf->used[code >> 3] |= (uint8_t)(1u << (code & 7));
    char utf8[4];
    int n = rg_utf8_encode(code, utf8);
    HPDF_Font_TextWidth(pf->font, (const HPDF_BYTE *)utf8, (HPDF_UINT)n);
}

/* The Thai letter a private-use presentation form stands for (the PUA
 * convention U+F700..U+F71A of Thai TrueType fonts, Laksaman's included). */
static uint32_t pua_to_thai(uint32_t code)
{
    static const uint16_t thai[] = {
        0x0E10, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C,
        0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E0D, 0x0E31, 0x0E4D, 0x0E47, 0x0E48,
        0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E38, 0x0E39, 0x0E3A};
    if (code >= 0xF700 && code < 0xF700 + sizeof thai / sizeof thai[0])
        return thai[code - 0xF700];
    return code;
}

/* A ToUnicode CMap of the codes drawn with the font (libharu's own is an
 * encoding CMap that maps everything to CID 0). */
static int write_tounicode(writer *w, pdf_font *pf, rg_error *err)
{
    rg_buf *b = &w->ops;
    rg_buf_reset(b);
    int rc = rg_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    uint32_t codes[100];
    size_t n = 0;
    for (uint32_t code = 0; code <= 0x10000; code++) {
        int used = code <= 0xFFFF && (pf->used[code >> 3] & (1u << (code & 7)));
        if (used)
            codes[n++] = code;
        if (n == 100 || (code == 0x10000 && n)) {
            rc |= rg_buf_printf(b, "%zu beginbfchar\n", n);
            for (size_t i = 0; i < n; i++) {
                rc |= rg_buf_putc(b, '<');
                rc |= put_hex4(b, codes[i]);
                rc |= rg_buf_puts(b, "> <");
                rc |= put_hex4(b, pua_to_thai(codes[i]));
                rc |= rg_buf_puts(b, ">\n");
            }
            rc |= rg_buf_puts(b, "endbfchar\n");
            n = 0;
        }
    }
    rc |= rg_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    if (rc)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    if (rg_hpdf_font_set_tounicode(pf->font, b->data, b->len) != HPDF_OK)
        return rg_error_set(err, RG_ERR_INTERNAL, "font %s: cannot replace the ToUnicode map",
                            rg_face_path(pf->face));
    return 0;
}

/* --- items ----------------------------------------------------------------------- */

static int put_actual_text(rg_buf *b, const char *text, size_t len)
{
    int rc = rg_buf_puts(b, "/Span <</ActualText <FEFF");
    size_t pos = 0;
    while (pos < len) {
        uint32_t cp = rg_utf8_next(text, len, &pos, NULL);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            rc |= put_hex4(b, 0xD800 + (cp >> 10));
            rc |= put_hex4(b, 0xDC00 + (cp & 0x3FF));
        } else {
            rc |= put_hex4(b, cp);
        }
    }
    return rc | rg_buf_puts(b, ">>> BDC\n");
}

static int flush_ops(writer *w, HPDF_Page page)
{
    HPDF_STATUS st = rg_hpdf_page_write(page, w->ops.data ? w->ops.data : "", w->ops.len);
    rg_buf_reset(&w->ops);
    if (st != HPDF_OK && !w->status)
        w->status = st;
    return st == HPDF_OK ? 0 : -1;
}

static int draw_text(writer *w, HPDF_Page page, const rg_item *it, rg_error *err)
{
    const rg_glyph_run *run = &it->run;
    if (!run->glyph_count || !run->face)
        return 0;
    pdf_font *pf = font_for(w, run->face, err);
    if (!pf)
        return -1;
    for (size_t i = 0; i < run->glyph_count; i++)
        mark_used(pf, run->glyphs[i].code);

    rg_buf *b = &w->ops;
    if (put_actual_text(b, run->text ? run->text : "", run->text_len) || flush_ops(w, page))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, pf->font, run->size);
    HPDF_Page_SetRGBFill(page, it->color.r, it->color.g, it->color.b);

    int rc = rg_buf_puts(b, "1 0 0 1 ");
    rc |= put_num(b, it->x);
    rc |= rg_buf_putc(b, ' ');
    rc |= put_num(b, it->y);
    rc |= rg_buf_puts(b, " Tm\n");
    double line_x = 0, line_y = 0;   /* origin of the text line (after the last Td) */
    double pen = 0;                  /* where the viewer's pen is inside the open string */
    int open = 0;
    unsigned upem = rg_face_upem(run->face);
    for (size_t i = 0; i < run->glyph_count; i++) {
        const rg_positioned_glyph *g = &run->glyphs[i];
        double gx = round3(g->x), gy = round3(g->y);
        if (!(open && gy == line_y && fabs(gx - pen) < 0.0006)) {
            if (open)
                rc |= rg_buf_puts(b, "> Tj\n");
            if (gx != line_x || gy != line_y || i == 0) {
                rc |= put_num(b, gx - line_x);
                rc |= rg_buf_putc(b, ' ');
                rc |= put_num(b, gy - line_y);
                rc |= rg_buf_puts(b, " Td ");
            }
            line_x = gx;
            line_y = gy;
            pen = gx;
            open = 1;
            rc |= rg_buf_putc(b, '<');
        }
        rc |= put_hex4(b, g->code & 0xFFFF);
        /* The advance the viewer applies: the font's /W width, which libharu
         * computes as advance * 1000 / upem, truncated. */
        unsigned width = (unsigned)rg_face_advance(run->face, g->gid) * 1000u / upem;
        pen += (double)width * run->size / 1000.0;
    }
    if (open)
        rc |= rg_buf_puts(b, "> Tj\n");
    if (rc || flush_ops(w, page))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    HPDF_Page_EndText(page);
    rg_buf_puts(b, "EMC\n");
    return flush_ops(w, page);
}

static int put_dash(rg_buf *b, rg_line_style style, float width)
{
    int rc = 0;
    if (style == RG_LINE_DOTTED) {
        /* round dots: zero-length dashes with round caps */
        rc |= rg_buf_puts(b, "1 J [0 ");
        rc |= put_num(b, fmax(2.0 * width, 1.5));
        rc |= rg_buf_puts(b, "] 0 d\n");
    } else if (style == RG_LINE_DASHED) {
        rc |= rg_buf_puts(b, "[");
        rc |= put_num(b, fmax(3.0 * width, 3.0));
        rc |= rg_buf_putc(b, ' ');
        rc |= put_num(b, fmax(2.0 * width, 2.0));
        rc |= rg_buf_puts(b, "] 0 d\n");
    }
    return rc;
}

static int draw_line(writer *w, HPDF_Page page, const rg_item *it)
{
    float width = it->line_width > 0 ? it->line_width : 0.5f;
    HPDF_Page_GSave(page);
    HPDF_Page_SetLineWidth(page, width);
    HPDF_Page_SetRGBStroke(page, it->color.r, it->color.g, it->color.b);
    if (put_dash(&w->ops, it->line_style, width) || flush_ops(w, page))
        return -1;
    HPDF_Page_MoveTo(page, it->x, it->y);
    HPDF_Page_LineTo(page, it->x2, it->y2);
    HPDF_Page_Stroke(page);
    HPDF_Page_GRestore(page);
    return 0;
}

static int draw_rect(writer *w, HPDF_Page page, const rg_item *it)
{
    int stroke = it->line_width > 0;
    if (!stroke && !it->fill)
        return 0;
    HPDF_Page_GSave(page);
    if (it->fill)
        HPDF_Page_SetRGBFill(page, it->fill_color.r, it->fill_color.g, it->fill_color.b);
    if (stroke) {
        HPDF_Page_SetLineWidth(page, it->line_width);
        HPDF_Page_SetRGBStroke(page, it->color.r, it->color.g, it->color.b);
        if (put_dash(&w->ops, it->line_style, it->line_width) || flush_ops(w, page))
            return -1;
    }
    HPDF_Page_Rectangle(page, it->x, it->y, it->w, it->h);
    if (it->fill && stroke)
        HPDF_Page_FillStroke(page);
    else if (it->fill)
        HPDF_Page_Fill(page);
    else
        HPDF_Page_Stroke(page);
    HPDF_Page_GRestore(page);
    return 0;
}

static HPDF_Image image_for(writer *w, const char *path, rg_error *err)
{
    for (size_t i = 0; i < w->image_count; i++) {
        if (strcmp(w->images[i].path, path) == 0)
            return w->images[i].image;
    }
    unsigned char magic[4] = {0};
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        rg_error_set(err, RG_ERR_IO, "image %s: cannot open it", path);
        return NULL;
    }
    size_t got = fread(magic, 1, sizeof magic, fp);
    fclose(fp);
    HPDF_Image image = NULL;
    if (got >= 4 && magic[0] == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G') {
        image = HPDF_LoadPngImageFromFile(w->pdf, path);
    } else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        image = HPDF_LoadJpegImageFromFile(w->pdf, path);
    } else {
        rg_error_set(err, RG_ERR_INPUT, "image %s: neither PNG nor JPEG", path);
        return NULL;
    }
    char where[600];
    snprintf(where, sizeof where, "image %s", path);
    if (!image || check(w, err, where) < 0) {
        if (!image && !w->status)
            rg_error_set(err, RG_ERR_INPUT, "%s: libharu cannot read it", where);
        return NULL;
    }
    pdf_image *images = realloc(w->images, (w->image_count + 1) * sizeof *images);
    if (!images) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        return NULL;
    }
    w->images = images;
    w->images[w->image_count].path = path;
    w->images[w->image_count++].image = image;
    return image;
}

static int draw_item(writer *w, HPDF_Page page, const rg_item *it, rg_error *err)
{
    switch (it->kind) {
    case RG_ITEM_TEXT:
        return draw_text(w, page, it, err);
    case RG_ITEM_LINE:
        return draw_line(w, page, it);
    case RG_ITEM_RECT:
        return draw_rect(w, page, it);
    case RG_ITEM_IMAGE: {
        if (!it->path)
            return rg_error_set(err, RG_ERR_INTERNAL, "image item without a file");
        HPDF_Image image = image_for(w, it->path, err);
        if (!image)
            return -1;
        if (w->archival && rg_hpdf_image_has_smask(image))
            return rg_error_set(err, RG_ERR_INPUT,
                                "image %s has transparency (an alpha channel), which PDF/A-1 "
                                "forbids: flatten it onto white, or print without --archive",
                                it->path);
        HPDF_Page_DrawImage(page, image, it->x, it->y, it->w, it->h);
        return 0;
    }
    case RG_ITEM_LINK_TARGET:
        return 0;
    }
    return 0;
}

/* --- document information ---------------------------------------------------- */

/* Parses "YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM]"; returns 0 or -1. */
static int parse_date(const char *s, HPDF_Date *d)
{
    memset(d, 0, sizeof *d);
    d->ind = ' ';
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &d->year, &d->month, &d->day, &n) != 3 || n != 10)
        return -1;
    s += n;
    if (*s == 'T' || *s == ' ') {
        int m = 0;
        if (sscanf(s + 1, "%2d:%2d%n", &d->hour, &d->minutes, &m) != 2 || m != 5)
            return -1;
        s += 1 + m;
        if (*s == ':') {
            if (sscanf(s + 1, "%2d%n", &d->seconds, &m) != 1 || m != 2)
                return -1;
            s += 3;
            if (*s == '.')
                while (isdigit((unsigned char)*++s))
                    ;
        }
    }
    if (*s == 'Z') {
        d->ind = 'Z';
        s++;
    } else if (*s == '+' || *s == '-') {
        int m = 0;
        d->ind = *s;
        if (sscanf(s + 1, "%2d:%2d%n", &d->off_hour, &d->off_minutes, &m) != 2 || m != 5)
            return -1;
        s += 1 + m;
    }
    if (*s)
        return -1;
    if (d->month < 1 || d->month > 12 || d->day < 1 || d->day > 31 || d->hour > 23
        || d->minutes > 59 || d->seconds > 59 || d->off_hour > 23 || d->off_minutes > 59)
        return -1;
    return 0;
}

/* The current local time, for non-deterministic output without a date. */
static HPDF_Date clock_date(void)
{
    HPDF_Date d;
    memset(&d, 0, sizeof d);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minutes = tm.tm_min;
    d.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
    long off = tm.tm_gmtoff / 60;
    d.ind = off == 0 ? 'Z' : off > 0 ? '+' : '-';
    d.off_hour = (int)(labs(off) / 60);
    d.off_minutes = (int)(labs(off) % 60);
    return d;
}

static int set_info(writer *w, const rg_doc_info *info, int deterministic, rg_error *err)
{
    const struct { HPDF_InfoType type; const char *value; } attrs[] = {
        {HPDF_INFO_TITLE, info->title}, {HPDF_INFO_AUTHOR, info->author},
        {HPDF_INFO_SUBJECT, info->subject}, {HPDF_INFO_KEYWORDS, info->keywords},
        {HPDF_INFO_CREATOR, info->creator},
        {HPDF_INFO_PRODUCER, PRODUCER}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        if (attrs[i].value && *attrs[i].value)
            HPDF_SetInfoAttr(w->pdf, attrs[i].type, attrs[i].value);
    }
    if (info->date && *info->date) {
        HPDF_Date date;
        if (parse_date(info->date, &date) < 0)
            return rg_error_set(err, RG_ERR_INPUT,
                                "document date \"%s\": expected YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM]",
                                info->date);
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, date);
    } else if (!deterministic) {
        HPDF_Date now = clock_date();
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, now);
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, now);
    }
    return check(w, err, "document information");
}

/* The document ID: a hash of what the document shows, so that the same data
 * gives the same file and different documents differ. */
static int content_id(const rg_display *d, unsigned char id[16], rg_error *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(ctx);
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot start SHA-256");
    }
#define HASH(ptr, n) EVP_DigestUpdate(ctx, (ptr), (n))
#define HASH_STR(s) do { const char *s_ = (s) ? (s) : ""; HASH(s_, strlen(s_) + 1); } while (0)
    HASH_STR("raingan-pdf-1");
    const char *strings[] = {d->info.title, d->info.author, d->info.subject, d->info.keywords,
                             d->info.creator, d->info.date};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        HASH_STR(strings[i]);
    for (size_t p = 0; p < d->page_count; p++) {
        const rg_page *page = &d->pages[p];
        float size[2] = {page->width, page->height};
        HASH(size, sizeof size);
        for (size_t i = 0; i < page->item_count; i++) {
            const rg_item *it = &page->items[i];
            float geometry[] = {it->x, it->y, it->x2, it->y2, it->w, it->h, it->line_width,
                                it->color.r, it->color.g, it->color.b, it->fill_color.r,
                                it->fill_color.g, it->fill_color.b, it->run.size};
            int flags[] = {(int)it->kind, (int)it->line_style, it->fill};
            HASH(geometry, sizeof geometry);
            HASH(flags, sizeof flags);
            /* Names, never directories: the same fonts and images installed
             * elsewhere (a package vs a build tree) must give the same file. */
            const char *slash = it->path ? strrchr(it->path, '/') : NULL;
            HASH_STR(slash ? slash + 1 : it->path);
            if (it->kind == RG_ITEM_TEXT) {
                HASH_STR(it->run.face ? rg_face_family(it->run.face) : "");
                HASH_STR(it->run.face ? rg_face_style_name(it->run.face) : "");
                HASH_STR(it->run.text);
                if (it->run.glyph_count)
                    HASH(it->run.glyphs, it->run.glyph_count * sizeof *it->run.glyphs);
            }
        }
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    int ok = EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    if (!ok || len < 16)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot compute SHA-256");
    memcpy(id, digest, 16);
    return 0;
#undef HASH
#undef HASH_STR
}

/* --- PDF/A-1b ------------------------------------------------------------------- */

/* The CIDs present in the font's subset: the codes drawn, and CID 0 (.notdef). */
static int write_cidset(writer *w, pdf_font *pf, rg_error *err)
{
    size_t len = 1;
    for (size_t code = 0; code < 65536; code++)
        if (pf->used[code >> 3] & (1u << (code & 7)))
            len = code / 8 + 1;
    unsigned char *bits = calloc(len, 1);
    if (!bits)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    bits[0] = 0x80;
    for (size_t code = 0; code < len * 8; code++)
        if (pf->used[code >> 3] & (1u << (code & 7)))
            bits[code >> 3] |= (unsigned char)(0x80u >> (code & 7));
    HPDF_STATUS st = rg_hpdf_font_set_cidset(pf->font, bits, len);
    free(bits);
    if (st != HPDF_OK)
        return rg_error_set(err, RG_ERR_INTERNAL, "font %s: cannot add its CIDSet (libharu 0x%04X)",
                            rg_face_path(pf->face), (unsigned)st);
    return check(w, err, "font CIDSet");
}

/* What PDF/A-1b adds to a PDF raingan writes anyway (embedded fonts, no
 * transparency, no encryption, an /ID): CIDSets, the output intent and XMP. */
static int make_archival(writer *w, const rg_display *d, const rg_pdf_options *opts,
                         rg_error *err)
{
    for (size_t i = 0; i < w->font_count; i++)
        if (write_cidset(w, w->fonts[i], err) < 0)
            return -1;
    const char *icc_path = opts->icc_profile ? opts->icc_profile : RG_PDFA_DEFAULT_ICC;
    FILE *fp = fopen(icc_path, "rb");
    if (!fp)
        return rg_error_set(err, RG_ERR_IO,
                            "ICC profile %s: cannot read it (Debian package icc-profiles-free)",
                            icc_path);
    fclose(fp);
    HPDF_OutputIntent icc = HPDF_LoadIccProfileFromFile(w->pdf, icc_path, 3);
    char where[600];
    snprintf(where, sizeof where, "ICC profile %s", icc_path);
    if (!icc || check(w, err, where) < 0)
        return icc ? -1 : rg_error_set(err, RG_ERR_INPUT, "%s: libharu cannot load it", where);
    if (rg_hpdf_add_output_intent(w->pdf, icc, RG_PDFA_OUTPUT_CONDITION, RG_PDFA_OUTPUT_CONDITION)
        != HPDF_OK)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot add the PDF/A output intent");
    rg_buf xmp = RG_BUF_INIT;
    if (rg_pdfa_xmp(&d->info, PRODUCER, opts->xmp_extra, &xmp, err) < 0)
        return -1;
    HPDF_STATUS st = rg_hpdf_set_metadata(w->pdf, xmp.data, xmp.len);
    rg_buf_free(&xmp);
    if (st != HPDF_OK)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot add the XMP metadata (libharu 0x%04X)",
                            (unsigned)st);
    return check(w, err, "PDF/A metadata");
}

/* --- signature blocks ------------------------------------------------------------ */

/* The block's ink area, where a hand signature goes: over its first dotted
 * line (the highest one inside the block; a "( ..... )" for a name to write
 * in is lower), from a little below the dots (above the next line's marks)
 * up to the top of the block, as wide as the line. */
static void find_ink(const rg_page *page, rg_hpdf_signature_block *b)
{
    const rg_item *best = NULL;
    for (size_t i = 0; i < page->item_count; i++) {
        const rg_item *it = &page->items[i];
        if (it->kind != RG_ITEM_LINE || it->line_style != RG_LINE_DOTTED || it->y != it->y2 ||
            fminf(it->x, it->x2) < b->x0 - 1 || fmaxf(it->x, it->x2) > b->x1 + 1 || it->y < b->y0 ||
            it->y > b->y1)
            continue;
        if (!best || it->y > best->y)
            best = it;
    }
    if (!best)
        return;
    b->ink_x0 = (int)floor(fminf(best->x, best->x2) + 0.01);
    b->ink_x1 = (int)ceil(fmaxf(best->x, best->x2) - 0.01);
    b->ink_y0 = (int)floor(best->y - 4.0f);
    if (b->ink_y0 < b->y0)
        b->ink_y0 = b->y0;
    b->ink_y1 = b->y1;
    b->has_ink = b->ink_x1 - b->ink_x0 >= 10 && b->ink_y1 - b->ink_y0 >= 6;
}

/* The rectangles of the form's signature blocks (RG_ITEM_LINK_TARGET items),
 * listed in the catalog so that `raingan sign --field NAME` places its box
 * over the block (docs/signing.md). Display list order: deterministic. The
 * rectangles are widened to whole points (libharu writes reals as floats,
 * 269.29999; integers are exact and read back the same everywhere). */
static int write_signature_blocks(writer *w, const rg_display *d, rg_error *err)
{
    size_t count = 0;
    for (size_t p = 0; p < d->page_count; p++)
        for (size_t i = 0; i < d->pages[p].item_count; i++)
            count += d->pages[p].items[i].kind == RG_ITEM_LINK_TARGET && d->pages[p].items[i].path;
    if (count == 0)
        return 0;
    rg_hpdf_signature_block *blocks = calloc(count, sizeof *blocks);
    if (!blocks)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    size_t n = 0;
    for (size_t p = 0; p < d->page_count; p++) {
        for (size_t i = 0; i < d->pages[p].item_count; i++) {
            const rg_item *it = &d->pages[p].items[i];
            if (it->kind != RG_ITEM_LINK_TARGET || !it->path)
                continue;
            rg_hpdf_signature_block *b = &blocks[n++];
            b->name = it->path;
            b->page = (int)p + 1;
            b->x0 = (int)floor(it->x + 0.01);
            b->y0 = (int)floor(it->y + 0.01);
            b->x1 = (int)ceil(it->x + it->w - 0.01);
            b->y1 = (int)ceil(it->y + it->h - 0.01);
            find_ink(&d->pages[p], b);
        }
    }
    HPDF_STATUS st = rg_hpdf_set_signature_blocks(w->pdf, blocks, n);
    free(blocks);
    if (st != HPDF_OK)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot list the signature blocks (libharu 0x%04X)",
                            (unsigned)st);
    return check(w, err, "signature blocks");
}

/* --- the document -------------------------------------------------------------- */

static void writer_free(writer *w)
{
    if (w->pdf)
        HPDF_Free(w->pdf);
    for (size_t i = 0; i < w->font_count; i++)
        free(w->fonts[i]);
    free(w->fonts);
    free(w->images);
    rg_buf_free(&w->ops);
}

static int draw_pages(writer *w, const rg_display *d, rg_error *err)
{
    for (size_t p = 0; p < d->page_count; p++) {
        const rg_page *pg = &d->pages[p];
        HPDF_Page page = HPDF_AddPage(w->pdf);
        if (page) {
            HPDF_Page_SetWidth(page, pg->width);
            HPDF_Page_SetHeight(page, pg->height);
        }
        char where[64];
        snprintf(where, sizeof where, "page %zu", p + 1);
        if (!page || check(w, err, where) < 0) {
            if (!page && !w->status)
                rg_error_set(err, RG_ERR_INTERNAL, "%s: libharu cannot add it", where);
            return -1;
        }
        for (size_t i = 0; i < pg->item_count; i++) {
            snprintf(where, sizeof where, "page %zu, item %zu", p + 1, i + 1);
            if (draw_item(w, page, &pg->items[i], err) < 0 || check(w, err, where) < 0)
                return rg_error_prefix(err, "%s: ", where);
        }
    }
    return 0;
}

int rg_pdf_render(const rg_display *d, const rg_pdf_options *opts, unsigned char **data,
                  size_t *len, rg_error *err)
{
    *data = NULL;
    *len = 0;
    rg_pdf_options defaults;
    if (!opts) {
        rg_pdf_options_init(&defaults);
        opts = &defaults;
    }
    if (d->page_count == 0)
        return rg_error_set(err, RG_ERR_INPUT, "the document has no pages");
    writer w;
    memset(&w, 0, sizeof w);
    w.archival = opts->archival;
    w.pdf = HPDF_New(on_hpdf_error, &w);
    if (!w.pdf)
        return rg_error_set(err, RG_ERR_NOMEM, "libharu cannot start (out of memory)");
    HPDF_SetCompressionMode(w.pdf, opts->compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
    HPDF_UseUTFEncodings(w.pdf);
    /* Info strings are UTF-8: with this encoder libharu writes them as UTF-16. */
    HPDF_SetCurrentEncoder(w.pdf, "UTF-8");
    int rc = check(&w, err, "libharu setup");
    if (rc == 0)
        rc = draw_pages(&w, d, err);
    for (size_t i = 0; rc == 0 && i < w.font_count; i++)
        rc = write_tounicode(&w, w.fonts[i], err);
    if (rc == 0)
        rc = write_signature_blocks(&w, d, err);
    if (rc == 0)
        rc = set_info(&w, &d->info, opts->deterministic, err);
    if (rc == 0 && opts->archival)
        rc = make_archival(&w, d, opts, err);
    unsigned char id[16];
    if (rc == 0)
        rc = content_id(d, id, err);
    if (rc == 0 && rg_hpdf_set_id(w.pdf, id) != HPDF_OK)
        rc = rg_error_set(err, RG_ERR_INTERNAL, "cannot set the document ID");
    if (rc == 0) {
        HPDF_SaveToStream(w.pdf);
        rc = check(&w, err, "saving the PDF");
    }
    if (rc == 0) {
        HPDF_UINT32 size = HPDF_GetStreamSize(w.pdf);
        unsigned char *bytes = malloc(size ? size : 1);
        HPDF_UINT32 got = size;
        if (!bytes) {
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        } else {
            HPDF_STATUS st = HPDF_ReadFromStream(w.pdf, bytes, &got);
            if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
                free(bytes);
                rc = rg_error_set(err, RG_ERR_INTERNAL, "cannot read the PDF back from libharu");
            } else {
                *data = bytes;
                *len = size;
            }
        }
    }
    writer_free(&w);
    return rc;
}

int rg_pdf_deflate(const void *data, size_t len, rg_buf *out, rg_error *err)
{
    unsigned char *bytes;
    size_t size;
    HPDF_STATUS st = rg_hpdf_deflate(data, len, &bytes, &size);
    if (st != HPDF_OK)
        return rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                            "cannot compress a stream (libharu 0x%04X)", (unsigned)st);
    rg_buf_reset(out);
    int rc = rg_buf_append(out, bytes, size) < 0 ? rg_error_set(err, RG_ERR_NOMEM, "out of memory") : 0;
    free(bytes);
    return rc;
}

int rg_pdf_save(const rg_display *d, const char *path, const rg_pdf_options *opts,
                 rg_error *err)
{
    unsigned char *data;
    size_t len;
    if (rg_pdf_render(d, opts, &data, &len, err) < 0)
        return -1;
    int rc = rg_write_file_atomic(path, data, len, err);
    free(data);
    return rc;
}
