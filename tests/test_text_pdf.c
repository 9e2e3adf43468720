/* The PDF writer (src/pdf): what it writes, read from an uncompressed render:
 * the fonts' objects (glyph IDs as CIDs, a ToUnicode map with private-use
 * alternates mapped back to their Thai letters, a tagged subset), /ActualText spans, a content-derived /ID, dates from
 * the document, deterministic bytes, and errors that name their item. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout/display.h"
#include "pdf/pdf_writer.h"
#include "text/font.h"
#include "text/paragraph.h"

static int contains(const unsigned char *data, size_t len, const char *needle)
{
    return memmem(data, len, needle, strlen(needle)) != NULL;
}

/* A one-page display with the text laid out at (72, 700). */
static int build(rg_display *d, rg_font *font, const char *text, const char *date)
{
    rg_display_init(d);
    rg_page *page = rg_display_add_page(d, 595.28f, 841.89f);
    rg_text_span span = {text, strlen(text), font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
    rg_paragraph_format fmt = {400, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    rg_paragraph para;
    rg_error err;
    if (!page || rg_paragraph_layout(&span, 1, &fmt, &para, &err) < 0)
        return -1;
    for (size_t l = 0; l < para.line_count; l++) {
        for (size_t r = 0; r < para.lines[l].run_count; r++) {
            rg_item it;
            memset(&it, 0, sizeof it);
            it.kind = RG_ITEM_TEXT;
            it.x = 72 + para.lines[l].runs[r].x;
            it.y = 700 - para.lines[l].top - para.lines[l].baseline;
            it.run = para.lines[l].runs[r].run;
            memset(&para.lines[l].runs[r].run, 0, sizeof it.run);
            if (rg_page_add_item(page, &it) < 0)
                return -1;
        }
    }
    rg_paragraph_free(&para);
    rg_item line;
    memset(&line, 0, sizeof line);
    line.kind = RG_ITEM_LINE;
    line.x = 72, line.y = 650, line.x2 = 300, line.y2 = 650, line.line_width = 0.8f;
    line.line_style = RG_LINE_DOTTED;
    if (rg_page_add_item(page, &line) < 0)
        return -1;
    d->info.title = strdup("ทดสอบ");
    d->info.date = date ? strdup(date) : NULL;
    return 0;
}

int main(void)
{
    rg_error err;
    rg_fontlib *lib = rg_fontlib_new(&err);
    if (!lib) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    rg_font *font = rg_fontlib_font(lib, "Laksaman", RG_STYLE_REGULAR, &err);
    rg_pdf_options opts;
    rg_pdf_options_init(&opts);
    CHECK_INT(opts.deterministic, 1);
    CHECK_INT(opts.compress, 1);
    opts.compress = 0;

    rg_display d;
    CHECK_INT(build(&d, font, "โปร่ง ญุ น้ำ", "2024-01-31T10:20:00+07:00"), 0);
    unsigned char *pdf = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    CHECK_INT(rg_pdf_render(&d, &opts, &pdf, &len, &err), 0);
    CHECK(pdf && len > 1000);
    if (pdf) {
        CHECK(contains(pdf, len, "/ToUnicode"));
        CHECK(contains(pdf, len, "beginbfchar"));
        CHECK(!contains(pdf, len, "begincidrange"));      /* libharu's broken map is gone */
        /* CIDs are glyph IDs (/CIDToGIDMap /Identity), mapped to their text */
        const rg_face *face = rg_font_face(font, 0);
        char map[32];
        snprintf(map, sizeof map, "<%04X> <0E1B>", (unsigned)rg_face_glyph(face, 0x0E1B));
        CHECK(contains(pdf, len, map));                   /* ป */
        snprintf(map, sizeof map, "<%04X> <0E48>", (unsigned)rg_face_glyph(face, 0xF70A));
        CHECK(contains(pdf, len, map));                   /* low mai ek of โปร่ง */
        snprintf(map, sizeof map, "<%04X> <0E0D>", (unsigned)rg_face_glyph(face, 0xF70F));
        CHECK(contains(pdf, len, map));                   /* ญ without descender */
        CHECK(contains(pdf, len, "/CIDToGIDMap /Identity"));
        CHECK(!contains(pdf, len, "/Widths"));
        /* โปร่ง + space in UTF-16BE, a literal string */
        static const char actual[] = "/Span <</ActualText (\xFE\xFF\x0E\x42\x0E\x1B\x0E\x23"
                                     "\x0E\x48\x0E\x07\x00\x20";
        CHECK(memmem(pdf, len, actual, sizeof actual - 1) != NULL);
        CHECK(contains(pdf, len, "EMC"));
        CHECK(contains(pdf, len, "/ID ["));
        CHECK(contains(pdf, len, "/CreationDate (D:20240131102000+07'00')"));
        CHECK(contains(pdf, len, "/ModDate (D:20240131102000+07'00')"));
        CHECK(contains(pdf, len, "1 J [0 1.6] 0 d"));    /* round dots */
        CHECK(contains(pdf, len, "/Producer <FEFF007200610069006E00670061006E"));   /* "raingan", UTF-16 */
        CHECK(contains(pdf, len, "/Title <FEFF0E170E140E2A0E2D0E1A>"));              /* ทดสอบ */
        const unsigned char *tag = memmem(pdf, len, "/BaseFont /", 11);
        CHECK(tag != NULL);                               /* subset tag: 6 capitals, '+' */
        for (int i = 0; tag && i < 6; i++)
            CHECK(tag[11 + i] >= 'A' && tag[11 + i] <= 'Z');
        CHECK(tag && memcmp(tag + 17, "+Laksaman", 9) == 0);
        CHECK(contains(pdf, len, "/FontFile2"));
    }
    /* the same display gives the same bytes */
    CHECK_INT(rg_pdf_render(&d, &opts, &again, &len2, &err), 0);
    CHECK(len == len2 && pdf && again && memcmp(pdf, again, len) == 0);
    free(again);
    again = NULL;
    /* other text, other /ID */
    rg_display other;
    CHECK_INT(build(&other, font, "โปร่ง ญุ น้ำ!", "2024-01-31T10:20:00+07:00"), 0);
    CHECK_INT(rg_pdf_render(&other, &opts, &again, &len2, &err), 0);
    if (pdf && again) {
        const unsigned char *id1 = memmem(pdf, len, "/ID [", 5), *id2 = memmem(again, len2, "/ID [", 5);
        CHECK(id1 && id2 && memcmp(id1, id2, 40) != 0);
    }
    free(again);
    rg_display_free(&other);
    free(pdf);

    /* glyphs that read back one by one as the text need no /ActualText;
     * Thai with marks keeps it */
    rg_display plain;
    CHECK_INT(build(&plain, font, "Form-2566", NULL), 0);
    CHECK_INT(rg_pdf_render(&plain, &opts, &pdf, &len, &err), 0);
    CHECK(pdf && !contains(pdf, len, "/ActualText") && contains(pdf, len, ") Tj"));
    free(pdf);
    rg_display_free(&plain);
    static const char *const keep[] = {"ปี", "- 1 -"};   /* a mark; spaces pdftotext may drop */
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        CHECK_INT(build(&plain, font, keep[i], NULL), 0);
        CHECK_INT(rg_pdf_render(&plain, &opts, &pdf, &len, &err), 0);
        CHECK(pdf && contains(pdf, len, "/ActualText"));
        free(pdf);
        rg_display_free(&plain);
    }

    /* no date: none written, unless the clock is allowed */
    rg_display undated;
    CHECK_INT(build(&undated, font, "ก", NULL), 0);
    CHECK_INT(rg_pdf_render(&undated, &opts, &pdf, &len, &err), 0);
    CHECK(pdf && !contains(pdf, len, "/CreationDate"));
    free(pdf);
    opts.deterministic = 0;
    CHECK_INT(rg_pdf_render(&undated, &opts, &pdf, &len, &err), 0);
    CHECK(pdf && contains(pdf, len, "/CreationDate (D:"));
    free(pdf);
    opts.deterministic = 1;
    rg_display_free(&undated);

    /* errors name what is wrong */
    rg_display bad;
    CHECK_INT(build(&bad, font, "ก", "31/01/2024"), 0);
    CHECK_INT(rg_pdf_render(&bad, &opts, &pdf, &len, &err), -1);
    CHECK(strstr(err.message, "31/01/2024") != NULL);
    rg_display_free(&bad);
    rg_page *page = &d.pages[0];
    rg_item image;
    memset(&image, 0, sizeof image);
    image.kind = RG_ITEM_IMAGE;
    image.x = image.y = 10, image.w = image.h = 20;
    image.path = strdup("/nonexistent/logo.png");
    CHECK_INT(rg_page_add_item(page, &image), 0);
    CHECK_INT(rg_pdf_render(&d, &opts, &pdf, &len, &err), -1);
    CHECK(strstr(err.message, "/nonexistent/logo.png") != NULL);
    CHECK(strstr(err.message, "page 1, item") != NULL);
    opts.archival = 1;   /* PDF/A output (docs/archival.md) reports the same error */
    CHECK_INT(rg_pdf_render(&d, &opts, &pdf, &len, &err), -1);
    CHECK(strstr(err.message, "/nonexistent/logo.png") != NULL);
    rg_display_free(&d);
    rg_fontlib_free(lib);
    return CHECK_DONE();
}
