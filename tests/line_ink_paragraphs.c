/* Test helper: adversarial Thai paragraphs for tests/line_ink.sh.
 *
 *   line_ink_paragraphs FAMILY OUT.pdf
 *
 * Lays out, in the family's four styles, at 16 pt and single spacing (the
 * default: rg_font_line_height), paragraphs whose lines put the deepest below
 * vowels and descenders (ฎู ฏุ ญู ฤ ...) over the tallest mark stacks (ปั้ ฟื้
 * ปิ์ ...): real words mixed and broken at four widths, left-aligned and Thai
 * distributed, then forced lines (newlines) of deep and tall clusters shifted
 * against each other. Lines follow each other with nothing between them,
 * paragraphs too. Writes the PDF (for `mutool trace` and line_ink) and prints
 * each style's face file and line height in em. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/display.h"
#include "pdf/pdf_writer.h"
#include "text/font.h"
#include "text/paragraph.h"

#define PAGE_W 595.28f
#define PAGE_H 841.89f
#define MARGIN 56.0f
#define SIZE 16.0f

static const char words[] =
    "ปู่รู้ดีกตัญญูหนูสู้ฎีกา ทั้งนั้นตั้งสั้นปั้นกิ่งกี้ ฤดูกาลพฤศจิกายน ปิ่นโตฟื้นฟูฝั่งฟ้า "
    "ปฏิบัติงานกฎหมาย ชี้แจงขั้นตอนเพิ่มเติม กรุงเทพมหานครบุญคุณ สิทธิ์ปี๋ฝั่งฟื้นปั้น "
    "ญาติฐานะฎีกาปฏิกูล ฬี้ปี่ฟ้าปั่นป่วน ภูมิฤทธิ์สมบูรณ์ฎุฏู พี่น้องปิ้งปู้ฟั่นเฟือน "
    "ปู่รู้ดีกตัญญูหนูสู้ฎีกา ทั้งนั้นตั้งสั้นปั้นกิ่งกี้ ขั้นตอนฤๅษีฦๅชา ปั้นฟื้นฝี้";

/* Lines of deep clusters and of tall ones, each tall line shifted by a
 * different amount so that every kind of stack comes under every other. */
static const char deep[] = "ฎูฏุญูฐุฤๅฦๅฎุฏูรุกูฎฺฏฺ";
static const char tall[] = "ปิ์ปั้ฟื้ฝี๋ฬึ่ปี๊ฟั๋ป่ำฝ้ำปื่";
static const char *const shifts[] = {"", "ก", "กข", " ", "กกก", "ข ", "กขค", "  ก"};

typedef struct sheet {
    rg_display d;
    rg_page *page;
    float y;
    size_t lines;
} sheet;

static int place(sheet *s, const rg_text_span *span, const rg_paragraph_format *fmt, rg_error *err)
{
    rg_paragraph para;
    if (rg_paragraph_layout(span, 1, fmt, &para, err) < 0)
        return -1;
    for (size_t l = 0; l < para.line_count; l++) {
        rg_text_line *line = &para.lines[l];
        if (!s->page || s->y - line->height < MARGIN) {
            if (!(s->page = rg_display_add_page(&s->d, PAGE_W, PAGE_H)))
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            s->y = PAGE_H - MARGIN;
        }
        for (size_t r = 0; r < line->run_count; r++) {
            rg_item it;
            memset(&it, 0, sizeof it);
            it.kind = RG_ITEM_TEXT;
            it.x = MARGIN + line->runs[r].x;
            it.y = s->y - line->baseline;
            it.run = line->runs[r].run;
            memset(&line->runs[r].run, 0, sizeof line->runs[r].run);
            if (rg_page_add_item(s->page, &it) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
        s->y -= line->height;
        s->lines++;
    }
    rg_paragraph_free(&para);
    return 0;
}

static int style_pages(sheet *s, rg_font *font, rg_font_style style, rg_error *err)
{
    static const float widths[] = {140, 230, 330, PAGE_W - 2 * MARGIN};
    static const rg_align aligns[] = {RG_ALIGN_LEFT, RG_ALIGN_THAI_DISTRIBUTED};
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
        for (size_t a = 0; a < sizeof aligns / sizeof *aligns; a++) {
            rg_text_span span = {words, strlen(words), font, style, SIZE, 0, 0, 0, 0};
            rg_paragraph_format fmt = {widths[w], 0, 0, aligns[a], 0, 0, 0};
            if (place(s, &span, &fmt, err) < 0)
                return -1;
        }
    char text[4096] = "";
    for (size_t i = 0; i < sizeof shifts / sizeof *shifts; i++) {
        strcat(text, deep);
        strcat(text, deep);
        strcat(text, "\n");
        strcat(text, shifts[i]);
        strcat(text, tall);
        strcat(text, tall);
        strcat(text, "\n");
    }
    rg_text_span span = {text, strlen(text), font, style, SIZE, 0, 0, 0, 0};
    rg_paragraph_format fmt = {0, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    return place(s, &span, &fmt, err);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: line_ink_paragraphs FAMILY OUT.pdf\n");
        return 2;
    }
    static const char *const style_names[] = {"Regular", "Bold", "Italic", "Bold Italic"};
    rg_error err = {0};
    rg_fontlib *lib = rg_fontlib_new(&err);
    sheet s;
    memset(&s, 0, sizeof s);
    rg_display_init(&s.d);
    int rc = lib ? 0 : -1;
    for (int style = 0; rc == 0 && style < 4; style++) {
        rg_font *font = rg_fontlib_font(lib, argv[1], (rg_font_style)style, &err);
        if (!font) {
            rc = -1;
            break;
        }
        const rg_face *face = rg_font_face(font, 0);
        if (rg_font_is_fallback(font)) {
            rg_error_set(&err, RG_ERR_FONT, "family %s is not installed (got %s)", argv[1],
                         rg_face_family(face));
            rc = -1;
            break;
        }
        printf("%s %s: %s, line height %.3f em\n", argv[1], style_names[style], rg_face_path(face),
               rg_font_line_height(font, 1));
        rc = style_pages(&s, font, (rg_font_style)style, &err);
    }
    if (rc == 0)
        rc = rg_pdf_save(&s.d, argv[2], NULL, &err);
    if (rc == 0)
        printf("%zu lines on %zu pages\n", s.lines, s.d.page_count);
    rg_display_free(&s.d);
    rg_fontlib_free(lib);
    if (rc < 0) {
        fprintf(stderr, "line_ink_paragraphs: %s\n", err.message);
        return 1;
    }
    return 0;
}
