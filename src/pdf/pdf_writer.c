/* The PDF writer (pdf_writer.h): a display list drawn with libharu.
 *
 * Text runs are drawn glyph by glyph at the positions HarfBuzz gave them:
 * consecutive glyphs that sit at their font advance share one Tj string, the
 * others are moved with Td. The writer writes the operators itself
 * (HPDF_Page_ShowText drops zero-width Thai marks), collects a page's in its
 * own buffer and hands them to libharu once, compressed at a level of its
 * choosing (flate.h, hpdf_internals.c).
 * The codes are the face's glyph IDs: the fonts are our own Type0 objects
 * (font_embed.h, hpdf_internals.c) with /CIDToGIDMap /Identity, a HarfBuzz
 * subset of the glyphs drawn and a ToUnicode map; libharu loads no fonts. */
#include "pdf/pdf_writer.h"

#include <assert.h>
#include <ctype.h>
#include <hpdf.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "pdf/flate.h"
#include "pdf/font_embed.h"
#include "pdf/hpdf_arena.h"
#include "pdf/hpdf_internals.h"
#include "pdf/letter_spacing.h"
#include "pdf/pdf_prepare.h"
#include "pdf/pdfa.h"
#include "text/font.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/utf8.h"

#define PRODUCER "raingan " PACKAGE_VERSION " (libharu " HPDF_VERSION_TEXT ")"

typedef struct pdf_font {
    const rg_face *face;
    unsigned steps;           /* advances widened for letter spacing (letter_spacing.h) */
    HPDF_Font font;           /* our Type0 dictionary (hpdf_internals.c), filled in at the end */
    /* /W widths of the glyphs drawn so far, direct-mapped by glyph ID: the
     * writer needs one per glyph drawn, HarfBuzz's advance call costs ~40
     * instructions and a Thai face has a few hundred glyphs */
    struct { uint32_t gid; unsigned width; } widths[512];
} pdf_font;

static unsigned font_width(pdf_font *pf, uint32_t gid)
{
    size_t slot = gid % (sizeof pf->widths / sizeof pf->widths[0]);
    if (pf->widths[slot].gid != gid) {
        pf->widths[slot].gid = gid;
        pf->widths[slot].width = rg_font_embed_width(pf->face, gid);
    }
    return pf->widths[slot].width;
}

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
    const rg_image_set *held;     /* the display's images held in memory (stored ones) */
    rg_buf ops;                   /* operators being built for one item */
    rg_buf page;                  /* the page's content stream so far */
    int page_in_stream;           /* part of it is in libharu's stream already (images) */
    struct sha256_ctx content_hash;  /* every page's content, as it leaves `page` (document_id) */
    rg_buf flate;                 /* a page's compressed content */
    const uint8_t *steps;         /* the run being drawn: each glyph's widening
                                   * (rg_pdf_prepared_steps) */
    size_t page_no;               /* the page being drawn, from 0 */
    const rg_item *page_items;    /* its items */
    int compress;                 /* content streams Flate-compressed (flate.h) */
    int spread;                   /* letter spacing in glyph advances (letter_spacing.h) */
    int archival;                 /* PDF/A-1b: no transparency allowed */
    const rg_pdf_prepared *prepared;  /* its composites (composite.h) are known from the start */
    /* The page's text state, so that font and colour are set only when they
     * change (both are graphics state: they outlive BT/ET, and the lines'
     * and boxes' q/Q give them back). */
    const pdf_font *page_font;
    double page_size;
    rg_color page_fill;
    int page_fill_set;
    /* The page's stroke state, set by lines (draw_line) */
    int page_stroke_set;
    float page_stroke_width;
    rg_color page_stroke;
    rg_line_style page_line_style;
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

/* A 16-bit value (a glyph ID, a UTF-16 unit) as two bytes of a literal
 * string: half the bytes of hex for zlib to compress. The string's
 * delimiters and backslash are escaped, and CR (which a reader would turn
 * into LF). */
static int put_u16(rg_buf *b, unsigned v)
{
    /* one per glyph drawn (16,000 in seed 002): written in place */
    if (rg_buf_reserve(b, 4) < 0)
        return -1;
    char *out = b->data + b->len;
    for (int shift = 8; shift >= 0; shift -= 8) {
        char c = (char)((v >> shift) & 0xFF);
        if (c == '(' || c == ')' || c == '\\')
            *out++ = '\\';
        else if (c == '\r') {
            *out++ = '\\';
            c = 'r';
        }
        *out++ = c;
    }
    *out = '\0';
    b->len = (size_t)(out - b->data);
    return 0;
}

/* llround(x), inline: a libm call for every coordinate of every glyph was
 * 1.2 % of a warm render. For finite |x| < 2^52, x - trunc(x) is exact and
 * halves round away from zero, as llround does; anything else is llround's. */
static inline long long round_half_away(double x)
{
    if (!(fabs(x) < 4503599627370496.0))   /* 2^52, and NaN */
        return llround(x);
    long long i = (long long)x;
    double frac = x - (double)i;
    return frac >= 0.5 ? i + 1 : frac <= -0.5 ? i - 1 : i;
}

/* Numbers with at most 3 decimals, no trailing zeros, never "-0". */
static int put_num(rg_buf *b, double v)
{
    long long milli = round_half_away(v * 1000.0);
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
    return (double)round_half_away(v * 1000.0) / 1000.0;
}

/* --- fonts ----------------------------------------------------------------------- */

static pdf_font *font_for(writer *w, const rg_face *face, unsigned steps, rg_error *err)
{
    for (size_t i = 0; i < w->font_count; i++) {
        if (w->fonts[i]->face == face && w->fonts[i]->steps == steps)
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
    pf->steps = steps;
    memset(pf->widths, 0xFF, sizeof pf->widths);   /* no glyph ID is 0xFFFFFFFF */
    pf->font = rg_hpdf_font_new(w->pdf);
    if (!pf->font) {
        free(pf);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        return NULL;
    }
    w->fonts[w->font_count++] = pf;
    return pf;
}

/* The font's objects, now that every glyph it draws is known: the subset and
 * ToUnicode map prepared while the pages were drawn (pdf_prepare.c), /W and,
 * for PDF/A, the CIDSet (the glyph IDs present: those drawn and .notdef). */
static int finish_font(writer *w, pdf_font *pf, const rg_pdf_prepared_font *prep,
                       const rg_pdf_options *opts, rg_error *err)
{
    const rg_face *face = pf->face;
    const rg_glyph_set *used = &prep->glyphs;
    rg_font_metrics m;
    rg_font_embed_metrics(face, &m);
    char tag[7], base_font[8 + sizeof m.ps_name];
    rg_font_embed_tag(used, m.ps_name, pf->steps, tag);
    snprintf(base_font, sizeof base_font, "%s+%s", tag, m.ps_name);

    size_t count = 0;
    unsigned *gids = malloc((used->max + 1) * sizeof *gids);
    unsigned *widths = malloc((used->max + 1) * sizeof *widths);
    unsigned char *cidset = opts->archival ? calloc(used->max / 8 + 1, 1) : NULL;
    int rc = gids && widths && (cidset || !opts->archival) ? 0
             : rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    for (uint32_t gid = 0; rc == 0 && gid <= used->max; gid++) {
        if (!rg_glyph_set_has(used, gid))
            continue;
        gids[count] = gid;
        const rg_composites *comps = &prep->composites;
        unsigned width = comps->count && gid >= comps->base
                             ? rg_font_embed_composite_width(face, &comps->items[gid - comps->base])
                             : font_width(pf, gid);
        widths[count++] = width + pf->steps * RG_SPREAD_STEP;
        if (cidset)
            cidset[gid >> 3] |= (unsigned char)(0x80u >> (gid & 7));
    }
    if (rc == 0) {
        rg_hpdf_font_data f = {
            .base_font = base_font, .flags = m.flags, .italic_angle = m.italic_angle,
            .ascent = m.ascent, .descent = m.descent, .cap_height = m.cap_height,
            .stem_v = m.stem_v, .bbox = {m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]},
            .font_file = (const unsigned char *)prep->file.data, .font_file_len = prep->file.len,
            .font_file_length1 = prep->file_length1, .flate = opts->compress,
            .gids = gids, .widths = widths, .glyph_count = count,
            .tounicode = prep->tounicode.data, .tounicode_len = prep->tounicode.len,
            .cidset = cidset, .cidset_len = used->max / 8 + 1, .compress = opts->compress};
        HPDF_STATUS st = rg_hpdf_font_finish(w->pdf, pf->font, &f);
        if (st != HPDF_OK)
            rc = rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                              "font %s: cannot write it (libharu 0x%04X)", rg_face_path(face),
                              (unsigned)st);
    }
    free(gids);
    free(widths);
    free(cidset);
    if (rc == 0)
        rc = check(w, err, "fonts");
    return rc;
}

/* --- items ----------------------------------------------------------------------- */

static int put_actual_text(rg_buf *b, const char *text, size_t len)
{
    int rc = rg_buf_puts(b, "/Span <</ActualText (\xFE\xFF");
    size_t pos = 0;
    while (pos < len) {
        uint32_t cp = rg_utf8_next(text, len, &pos, NULL);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            rc |= put_u16(b, 0xD800 + (cp >> 10));
            rc |= put_u16(b, 0xDC00 + (cp & 0x3FF));
        } else {
            rc |= put_u16(b, cp);
        }
    }
    return rc | rg_buf_puts(b, ")>> BDC\n");
}

/* 1 when the run needs no /ActualText: its glyphs, read back through the
 * ToUnicode map one by one, give exactly its text, and they sit in one
 * string at their advances, none of zero width, and there is no space.
 * (pdftotext splits words at Thai marks that are moved or have no advance,
 * HarfBuzz reorders or decomposes some, sara am; ligatures and glyphs no
 * character reaches map back to nothing; and pdftotext drops space glyphs
 * narrower than its word gap: "- ๑ -" came out as "-๑-".) In practice: words
 * of Latin letters, digits, and Thai without marks. */
static int needs_no_actual_text(pdf_font *pf, const rg_glyph_run *run)
{
    const char *text = run->text ? run->text : "";
    size_t pos = 0;
    double pen = 0;
    for (size_t i = 0; i < run->glyph_count; i++) {
        const rg_positioned_glyph *g = &run->glyphs[i];
        uint32_t code = g->gid ? g->code : 0;
        unsigned width = font_width(pf, g->gid);
        if (!code || code == ' ' || code == 0xA0 || !width || round3(g->y) != 0 ||
            fabs(round3(g->x) - pen) >= 0.0006 ||
            pos >= run->text_len || rg_utf8_next(text, run->text_len, &pos, NULL) != code)
            return 0;
        pen = round3(g->x) + (double)width * run->size / 1000.0;
    }
    return pos == run->text_len;
}

/* The item's operators go to the page's content (w->page), which reaches
 * libharu once, compressed, when the page is done (compress_content). */
static int flush_ops(writer *w, HPDF_Page page)
{
    (void)page;
    int rc = rg_buf_append(&w->page, w->ops.data ? w->ops.data : "", w->ops.len);
    rg_buf_reset(&w->ops);
    return rc;
}

/* Hands the page's content so far to libharu's own content stream, before
 * libharu writes to it itself (images: HPDF_Page_DrawImage names the XObject). */
/* The bytes of the page's content leave w->page once, here or compressed
 * in compress_content: both hash them for the document ID. */
static void hash_content(writer *w)
{
    sha256_update(&w->content_hash, w->page.len, (const uint8_t *)(w->page.data ? w->page.data : ""));
}

static int sync_page(writer *w, HPDF_Page page)
{
    hash_content(w);
    HPDF_STATUS st = rg_hpdf_page_write(page, w->page.data ? w->page.data : "", w->page.len);
    rg_buf_reset(&w->page);
    w->page_in_stream = 1;
    if (st != HPDF_OK && !w->status)
        w->status = st;
    return st == HPDF_OK ? 0 : -1;
}

/* Colours, line widths and the geometry of lines and boxes are written as
 * libharu wrote them (HPDF_Page_SetRGBFill, _LineTo, _Rectangle...): pages
 * rasterize exactly as before (3 decimals moved a dotted line's dots). */
static int put_real(rg_buf *b, float v)
{
    char text[32];
    return rg_buf_append(b, text, rg_hpdf_format_real(v, text));
}

static int put_rgb(rg_buf *b, rg_color c, const char *op)
{
    int rc = put_real(b, c.r);
    rc |= rg_buf_putc(b, ' ');
    rc |= put_real(b, c.g);
    rc |= rg_buf_putc(b, ' ');
    rc |= put_real(b, c.b);
    rc |= rg_buf_putc(b, ' ');
    return rc | rg_buf_puts(b, op);
}

/* "/F1 16 Tf\n" when the font or size differs from the page's current ones. */
static int set_font(writer *w, HPDF_Page page, pdf_font *pf, double size, rg_error *err)
{
    if (w->page_font == pf && w->page_size == size)
        return 0;
    const char *font_name = rg_hpdf_page_font_name(page, pf->font);
    if (!font_name)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    int rc = rg_buf_putc(&w->ops, '/');
    rc |= rg_buf_puts(&w->ops, font_name);
    rc |= rg_buf_putc(&w->ops, ' ');
    rc |= put_num(&w->ops, size);
    rc |= rg_buf_puts(&w->ops, " Tf\n");
    w->page_font = pf;
    w->page_size = size;
    return rc ? rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF") : 0;
}

/* The glyphs of a run, each from its face's copy widened by the letter
 * spacing that follows it (letter_spacing.h): consecutive glyphs that sit at
 * the advance of the one before share a string, the others are moved by Td. */
static int draw_text(writer *w, HPDF_Page page, const rg_item *it, rg_error *err)
{
    const rg_glyph_run *run = &it->run;
    if (!run->glyph_count || !run->face)
        return 0;
    /* the steps the glyphs were collected with, computed once (pdf_prepare.h) */
    w->steps = rg_pdf_prepared_steps(w->prepared, w->page_no, (size_t)(it - w->page_items));
    assert(w->steps);
    rg_composite first;
    rg_composite_at(run, 0, &first);
    pdf_font *pf = font_for(w, run->face, w->steps[run->glyphs[0].join ? first.ends : 0], err);
    if (!pf)
        return -1;

    rg_buf *b = &w->ops;
    int actual_text = !needs_no_actual_text(pf, run);
    if (actual_text && (put_actual_text(b, run->text ? run->text : "", run->text_len) ||
                        flush_ops(w, page)))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    if (rg_buf_puts(b, "BT\n") || flush_ops(w, page))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    if (set_font(w, page, pf, run->size, err) < 0)
        return -1;
    if (flush_ops(w, page))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    if (!w->page_fill_set || memcmp(&w->page_fill, &it->color, sizeof it->color) != 0) {
        if (put_rgb(b, it->color, "rg\n"))
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        w->page_fill = it->color;
        w->page_fill_set = 1;
    }

    int rc = rg_buf_puts(b, "1 0 0 1 ");
    rc |= put_num(b, it->x);
    rc |= rg_buf_putc(b, ' ');
    rc |= put_num(b, it->y);
    rc |= rg_buf_puts(b, " Tm\n");
    double line_x = 0, line_y = 0;   /* origin of the text line (after the last Td) */
    double pen = 0;                  /* where the viewer's pen is inside the open string */
    int open = 0;
    for (size_t i = 0; i < run->glyph_count;) {
        /* A composite is drawn at its leftmost member, from the font copy of the
         * member whose advance ends it (composite.h). */
        rg_composite c;
        size_t n = rg_composite_at(run, i, &c);
        int composite = run->glyphs[i].join != RG_JOIN_NONE;
        size_t spacing = composite ? i + c.ends : i;
        const rg_positioned_glyph *g = &run->glyphs[i];
        uint32_t cid = g->gid;
        double gx = round3(composite ? c.origin_x : g->x), gy = round3(composite ? c.origin_y : g->y);
        if (pf->steps != w->steps[spacing]) {
            if (open)
                rc |= rg_buf_puts(b, ") Tj\n");
            open = 0;
            pf = font_for(w, run->face, w->steps[spacing], err);
            if (!pf || set_font(w, page, pf, run->size, err) < 0)
                return -1;
        }
        if (composite) {
            const rg_pdf_prepared_font *prep = rg_pdf_prepared_font_of(w->prepared, run->face,
                                                                       pf->steps);
            long k = prep ? rg_composites_find(&prep->composites, &c) : -1;
            if (k < 0)
                return rg_error_set(err, RG_ERR_INTERNAL, "font %s: a composite drawn but not prepared",
                                    rg_face_path(run->face));
            cid = prep->composites.base + (uint32_t)k;
        }
        i += n;
        if (!(open && gy == line_y && fabs(gx - pen) < 0.0006)) {
            if (open)
                rc |= rg_buf_puts(b, ") Tj\n");
            /* A string starts where the last one ended (Tm moved with its
             * advance), a Td from the line's origin (Tlm). Monospaced fonts
             * put a mark's origin on its base's: back to it takes "0 0 Td". */
            if (fabs(gx - pen) >= 0.0006 || gy != line_y) {
                rc |= put_num(b, gx - line_x);
                rc |= rg_buf_putc(b, ' ');
                rc |= put_num(b, gy - line_y);
                rc |= rg_buf_puts(b, " Td ");
                line_x = gx;
                line_y = gy;
                pen = gx;
            }
            open = 1;
            rc |= rg_buf_putc(b, '(');
        }
        rc |= put_u16(b, cid & 0xFFFF);   /* CID = glyph ID (/CIDToGIDMap /Identity) */
        /* The advance the viewer applies: the font's /W width. */
        unsigned width = (composite ? rg_font_embed_composite_width(run->face, &c) : font_width(pf, g->gid)) +
                         pf->steps * RG_SPREAD_STEP;
        pen += (double)width * run->size / 1000.0;
        /* pdf.js advances a combining mark by nothing, whatever its /W (a
         * monospaced font's cell): the next glyph gets its own Td. */
        if (width && !composite && rg_glyph_is_mark(g))
            pen = HUGE_VAL;
    }
    if (open)
        rc |= rg_buf_puts(b, ") Tj\n");
    rc |= rg_buf_puts(b, "ET\n");
    if (actual_text)
        rc |= rg_buf_puts(b, "EMC\n");
    if (rc || flush_ops(w, page))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    return 0;
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

/* Lines are written without q/Q, their width, colour and dash set only when
 * they change (a table's rules share them: 6 KB less content per document
 * than libharu's "q 0.5 w 0 0 0 RG x y m x y l S Q" per line); nothing else
 * on a page strokes outside its own q/Q. */
static int draw_line(writer *w, HPDF_Page page, const rg_item *it)
{
    float width = it->line_width > 0 ? it->line_width : 0.5f;
    rg_buf *b = &w->ops;
    int rc = 0;
    if (!w->page_stroke_set || w->page_stroke_width != width) {
        rc |= put_real(b, width);
        rc |= rg_buf_puts(b, " w\n");
    }
    if (!w->page_stroke_set || memcmp(&w->page_stroke, &it->color, sizeof it->color) != 0) {
        rc |= put_rgb(b, it->color, "RG\n");
    }
    if (!w->page_stroke_set || w->page_line_style != it->line_style ||
        (it->line_style != RG_LINE_SOLID && w->page_stroke_width != width)) {
        if (it->line_style == RG_LINE_SOLID || it->line_style == RG_LINE_DASHED)
            rc |= rg_buf_puts(b, "0 J ");
        rc |= it->line_style == RG_LINE_SOLID ? rg_buf_puts(b, "[] 0 d\n")
                                              : put_dash(b, it->line_style, width);
    }
    w->page_stroke_set = 1;
    w->page_stroke_width = width;
    w->page_stroke = it->color;
    w->page_line_style = it->line_style;
    rc |= put_real(b, it->x);
    rc |= rg_buf_putc(b, ' ');
    rc |= put_real(b, it->y);
    rc |= rg_buf_puts(b, " m ");
    rc |= put_real(b, it->x2);
    rc |= rg_buf_putc(b, ' ');
    rc |= put_real(b, it->y2);
    rc |= rg_buf_puts(b, " l S\n");
    return rc || flush_ops(w, page) ? -1 : 0;
}

static int draw_rect(writer *w, HPDF_Page page, const rg_item *it)
{
    int stroke = it->line_width > 0;
    if (!stroke && !it->fill)
        return 0;
    rg_buf *b = &w->ops;
    int rc = rg_buf_puts(b, "q\n");
    if (it->fill)
        rc |= put_rgb(b, it->fill_color, "rg\n");
    if (stroke) {
        rc |= put_real(b, it->line_width);
        rc |= rg_buf_puts(b, " w\n");
        rc |= put_rgb(b, it->color, "RG\n");
        rc |= put_dash(b, it->line_style, it->line_width);
    }
    const float box[] = {it->x, it->y, it->w, it->h};
    for (int i = 0; i < 4; i++) {
        rc |= put_real(b, box[i]);
        rc |= rg_buf_putc(b, ' ');
    }
    rc |= rg_buf_puts(b, "re\n");
    rc |= rg_buf_puts(b, it->fill && stroke ? "B\n" : it->fill ? "f\n" : "S\n");
    rc |= rg_buf_puts(b, "Q\n");
    return rc || flush_ops(w, page) ? -1 : 0;
}

/* A filled rectangle without a stroke. */
static int is_plain_fill(const rg_item *it)
{
    return it->kind == RG_ITEM_RECT && it->fill && it->line_width <= 0;
}

/* How many items from `it` on are plain filled rectangles of its colour. */
static size_t fill_run(const rg_item *it, size_t count)
{
    size_t n = 0;
    while (n < count && is_plain_fill(&it[n]) &&
           memcmp(&it[n].fill_color, &it->fill_color, sizeof it->fill_color) == 0)
        n++;
    return n;
}

/* Consecutive filled rectangles of one colour (a QR code's modules, table
 * shading) as one path filled once: renderers antialias a path as a whole,
 * so rectangles that abut share no hairline seam, as they would filled one
 * by one at fractional positions (docs/archival.md, the QR code). */
static int draw_filled_rects(writer *w, HPDF_Page page, const rg_item *items, size_t count)
{
    rg_buf *b = &w->ops;
    int rc = rg_buf_puts(b, "q\n");
    rc |= put_rgb(b, items[0].fill_color, "rg\n");
    for (size_t k = 0; k < count; k++) {
        const float box[] = {items[k].x, items[k].y, items[k].w, items[k].h};
        for (int i = 0; i < 4; i++) {
            rc |= put_real(b, box[i]);
            rc |= rg_buf_putc(b, ' ');
        }
        rc |= rg_buf_puts(b, "re\n");
    }
    rc |= rg_buf_puts(b, "f\nQ\n");
    return rc || flush_ops(w, page) ? -1 : 0;
}

static HPDF_Image image_for(writer *w, const char *path, rg_error *err)
{
    for (size_t i = 0; i < w->image_count; i++) {
        if (strcmp(w->images[i].path, path) == 0)
            return w->images[i].image;
    }
    /* An image stored in the database is drawn from its bytes: no file. */
    const rg_image_data *held = rg_image_set_find(w->held, path);
    unsigned char magic[4] = {0};
    size_t got = 0;
    if (held) {
        got = held->len < sizeof magic ? held->len : sizeof magic;
        memcpy(magic, held->data, got);
    } else {
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            rg_error_set(err, RG_ERR_IO, "image %s: cannot open it", path);
            return NULL;
        }
        got = fread(magic, 1, sizeof magic, fp);
        fclose(fp);
    }
    HPDF_Image image = NULL;
    if (got >= 4 && magic[0] == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G') {
        image = held ? HPDF_LoadPngImageFromMem(w->pdf, held->data, (HPDF_UINT)held->len)
                     : HPDF_LoadPngImageFromFile(w->pdf, path);
    } else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        image = held ? HPDF_LoadJpegImageFromMem(w->pdf, held->data, (HPDF_UINT)held->len)
                     : HPDF_LoadJpegImageFromFile(w->pdf, path);
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
        if (sync_page(w, page) < 0)
            return -1;
        /* libharu writes this into the stream itself: its place is hashed here. */
        float place[4] = {it->x, it->y, it->w, it->h};
        sha256_update(&w->content_hash, sizeof place, (const uint8_t *)place);
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
    /* UTC as "+00'00'": libharu writes ind 'Z' as "Z00'00'", which PDFBox
     * Preflight (and so PDF/A validators) cannot match with the XMP date
     * (rule 7.2, docs/archival.md). */
    if (d->ind == 'Z')
        d->ind = '+';
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
    d.ind = off >= 0 ? '+' : '-';   /* UTC as +00'00', see parse_date */
    d.off_hour = (int)(labs(off) / 60);
    d.off_minutes = (int)(labs(off) % 60);
    return d;
}

static int set_info(writer *w, const rg_doc_info *info, int deterministic, rg_error *err)
{
    const struct { const char *key; const char *value; } attrs[] = {
        {"Title", info->title}, {"Author", info->author},
        {"Subject", info->subject}, {"Keywords", info->keywords},
        {"Creator", info->creator}, {"Producer", PRODUCER}};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        if (attrs[i].value && *attrs[i].value) {
            HPDF_STATUS st = rg_hpdf_set_info_text(w->pdf, attrs[i].key, attrs[i].value);
            if (st != HPDF_OK)
                return rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM
                                                                       : RG_ERR_INTERNAL,
                                    "document information %s: cannot write it (libharu 0x%04X)",
                                    attrs[i].key, (unsigned)st);
        }
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

/* --- PDF/A-1b ------------------------------------------------------------------- */

/* What PDF/A-1b adds to a PDF raingan writes anyway (embedded fonts, no
 * transparency, no encryption, an /ID): the output intent and XMP (the
 * CIDSets are written with the fonts). */
static int make_archival(writer *w, const rg_display *d, const rg_pdf_options *opts,
                         rg_error *err)
{
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
    int part = opts->pdfa_part == 3 ? 3 : 1;
    rg_buf xmp = RG_BUF_INIT;
    if (rg_pdfa_xmp(&d->info, PRODUCER, part, opts->xmp_extra, &xmp, err) < 0)
        return -1;
    HPDF_STATUS st = rg_hpdf_set_metadata(w->pdf, xmp.data, xmp.len);
    rg_buf_free(&xmp);
    if (st != HPDF_OK)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot add the XMP metadata (libharu 0x%04X)",
                            (unsigned)st);
    if (part == 3 && opts->attachment) {
        const rg_pdf_attachment *a = opts->attachment;
        rg_hpdf_attachment file = {a->name, a->mime_type, a->description, a->relationship,
                                   a->bytes, a->len};
        st = rg_hpdf_attach_associated_file(w->pdf, &file);
        if (st != HPDF_OK)
            return rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                                "cannot embed %s (libharu 0x%04X)", a->name, (unsigned)st);
    }
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
    rg_hpdf_arena_reset();   /* nothing of libharu's is left */
    for (size_t i = 0; i < w->font_count; i++)
        free(w->fonts[i]);
    free(w->fonts);
    free(w->images);
    rg_buf_free(&w->ops);
    rg_buf_free(&w->flate);
    rg_buf_free(&w->page);
}

/* The page's content stream, compressed by us at RG_FLATE_CONTENT_LEVEL
 * (libharu would use level 6) now that nothing more is drawn on it. */
static int compress_content(writer *w, HPDF_Page page, size_t page_no, rg_error *err)
{
    if (!w->compress || w->page_in_stream) {
        if (sync_page(w, page) < 0)
            return check(w, err, "page content");
        if (!w->compress)
            return 0;
    }
    unsigned char *raw = NULL;
    size_t len = w->page.len;
    if (!w->page_in_stream)
        hash_content(w);
    else {
        HPDF_STATUS st = rg_hpdf_page_read_content(page, &raw, &len);
        if (st != HPDF_OK)
            return rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                                "page %zu: cannot read its content back (libharu 0x%04X)",
                                page_no, (unsigned)st);
    }
    int rc = rg_flate_compress(raw ? raw : (unsigned char *)w->page.data, len,
                               RG_FLATE_CONTENT_LEVEL, &w->flate);
    free(raw);
    rg_buf_reset(&w->page);
    if (rc < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "page %zu: out of memory compressing it", page_no);
    HPDF_STATUS st = rg_hpdf_page_set_flate_content(page, w->flate.data, w->flate.len);
    if (st != HPDF_OK)
        return rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                            "page %zu: cannot store its content (libharu 0x%04X)", page_no,
                            (unsigned)st);
    return check(w, err, "page content");
}

/* The document ID: a hash of what the document shows, so that the same data
 * gives the same file and different documents differ: the content streams
 * (uncompressed: the same whether compressed or not) and what they refer to
 * (rg_pdf_prepared_digest). */
static void document_id(writer *w, const rg_pdf_prepared *prepared, unsigned char id[16])
{
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&w->content_hash, sizeof digest, digest);
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, SHA256_DIGEST_SIZE, rg_pdf_prepared_digest(prepared));
    sha256_update(&ctx, sizeof digest, digest);
    sha256_digest(&ctx, sizeof digest, digest);
    memcpy(id, digest, 16);
}

static int draw_pages(writer *w, const rg_display *d, rg_error *err)
{
    for (size_t p = 0; p < d->page_count; p++) {
        const rg_page *pg = &d->pages[p];
        w->page_no = p;
        w->page_items = pg->items;
        HPDF_Page page = HPDF_AddPage(w->pdf);
        w->page_font = NULL;
        w->page_fill_set = 0;
        w->page_stroke_set = 0;
        w->page_in_stream = 0;
        rg_buf_reset(&w->page);
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
            size_t run = fill_run(&pg->items[i], pg->item_count - i);
            int rc = run > 1 ? draw_filled_rects(w, page, &pg->items[i], run)
                             : draw_item(w, page, &pg->items[i], err);
            if (rc < 0 && run > 1)
                rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
            if (rc < 0 || w->status) {   /* named only then: a snprintf per item was 0.8 % */
                snprintf(where, sizeof where, "page %zu, item %zu", p + 1, i + 1);
                if (rc == 0)
                    check(w, err, where);
                return rg_error_prefix(err, "%s: ", where);
            }
            if (run > 1)
                i += run - 1;
        }
        if (compress_content(w, page, p + 1, err) < 0)
            return -1;
    }
    return 0;
}

int rg_pdf_render(const rg_display *d, const rg_pdf_options *opts, unsigned char **data,
                  size_t *len, rg_error *err)
{
    assert(d && data && len);
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
    w.held = &d->images;
    w.compress = opts->compress;
    w.spread = !opts->letter_spacing_as_moves;
    sha256_init(&w.content_hash);
    /* libharu's objects in the thread's arena (hpdf_arena.h), reset by writer_free */
    w.pdf = HPDF_NewEx(on_hpdf_error, rg_hpdf_arena_alloc, rg_hpdf_arena_free, 0, &w);
    if (!w.pdf) {
        rg_hpdf_arena_reset();
        return rg_error_set(err, RG_ERR_NOMEM, "libharu cannot start (out of memory)");
    }
    HPDF_SetCompressionMode(w.pdf, opts->compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
    /* Info strings: UTF-16 written by rg_hpdf_set_info_text, not through
     * libharu's UTF-8 encoder (HPDF_UseUTFEncodings; its set-up per document
     * was 1.4 M instructions). */
    int rc = check(&w, err, "libharu setup");
    /* Subsets and the ID on a second thread while this one draws the pages. */
    rg_pdf_prepared *prepared = rc == 0 ? rg_pdf_prepare_start(d, opts->compress, w.spread, err) : NULL;
    if (!prepared)
        rc = -1;
    w.prepared = prepared;
    if (rc == 0)
        rc = draw_pages(&w, d, err);
    if (prepared && rg_pdf_prepare_wait(prepared, rc == 0 ? err : NULL) < 0)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < w.font_count; i++) {
        const rg_pdf_prepared_font *prep = rg_pdf_prepared_font_of(prepared, w.fonts[i]->face,
                                                                   w.fonts[i]->steps);
        rc = prep ? finish_font(&w, w.fonts[i], prep, opts, err)
                  : rg_error_set(err, RG_ERR_INTERNAL, "font %s: drawn but not prepared",
                                 rg_face_path(w.fonts[i]->face));
    }
    if (rc == 0)
        rc = write_signature_blocks(&w, d, err);
    if (rc == 0)
        rc = set_info(&w, &d->info, opts->deterministic, err);
    if (rc == 0 && opts->archival)
        rc = make_archival(&w, d, opts, err);
    unsigned char id[16];
    if (rc == 0)
        document_id(&w, prepared, id);
    if (rc == 0 && rg_hpdf_set_id(w.pdf, id) != HPDF_OK)
        rc = rg_error_set(err, RG_ERR_INTERNAL, "cannot set the document ID");
    if (rc == 0) {
        /* straight into our buffer (hpdf_internals.h) */
        rg_buf out = RG_BUF_INIT;
        HPDF_STATUS st = rg_buf_reserve(&out, 64 * 1024) < 0 ? HPDF_FAILD_TO_ALLOC_MEM
                                                              : rg_hpdf_save_to_buffer(w.pdf, &out);
        rc = check(&w, err, "saving the PDF");
        if (rc == 0 && st != HPDF_OK)
            rc = rg_error_set(err, st == HPDF_FAILD_TO_ALLOC_MEM ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                              "saving the PDF (libharu 0x%04X)", (unsigned)st);
        if (rc == 0) {
            *len = out.len;
            *data = (unsigned char *)rg_buf_steal(&out);
        }
        rg_buf_free(&out);
    }
    rg_pdf_prepare_free(prepared);
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
