/* Fonts, shaping and paragraph layout (src/text): line breaks only at word
 * boundaries, widths against the font's own metrics (read with FreeType),
 * alignments, indents, Thai digits, fallback faces, missing-glyph and
 * invalid-UTF-8 warnings. Runs with RAINGAN_DATA pointing at the source tree. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text/font.h"
#include "text/linebreak.h"
#include "text/paragraph.h"
#include "text/shape.h"
#include "text/prepared_cache.h"
#include "text/text_internal.h"

static char warnings[4096];
static int warning_count;

static void collect(const char *message, void *user)
{
    (void)user;
    warning_count++;
    size_t used = strlen(warnings), n = strlen(message);
    if (used + n + 2 <= sizeof warnings) {
        memcpy(warnings + used, message, n);
        memcpy(warnings + used + n, "\n", 2);
    }
}

static const char words_text[] =
    "ดำเนินการเก็บรวบรวมข้อมูลแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน";
/* libthai's words of words_text (see test_text_break) as byte offsets */
static const char *const words[] = {"ดำเนิน", "การ", "เก็บ", "รวบรวม", "ข้อมูล", "แบบ", "วัด",
                                    "การ", "รับรู้", "ของ", "ผู้", "มี", "ส่วน", "ได้", "ส่วน",
                                    "เสีย", "ภายใน"};

/* 1 if offset is a word boundary, or lies inside a word wider than width
 * (which may only be cut between clusters). */
static int allowed_line_end(rg_font *font, size_t offset, float width)
{
    size_t at = 0;
    rg_error err;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t len = strlen(words[i]);
        if (at == offset)
            return 1;
        if (offset > at && offset < at + len)
            return rg_text_width(font, 16, words[i], len, &err) > width;
        at += len;
    }
    return at == offset;
}

static rg_text_span span_of(const char *text, rg_font *font, float size)
{
    rg_text_span s = {text, strlen(text), font, RG_STYLE_REGULAR, size, 0, 0, 0, 0};
    return s;
}

static float line_end(const rg_text_line *line)
{
    const rg_line_run *last = &line->runs[line->run_count - 1];
    return last->x + last->run.width;
}

/* Lays words_text out at many widths: every line ends at a libthai word
 * boundary, fits its width (unless one word alone is wider), and the lines
 * together are the text. */
static void test_breaks_at_words(rg_font *font)
{
    for (float width = 30; width <= 400; width += 7) {
        rg_text_span span = span_of(words_text, font, 16);
        rg_paragraph_format fmt = {width, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
        rg_paragraph para;
        rg_error err;
        CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
        char joined[512] = "";
        size_t offset = 0;
        for (size_t l = 0; l < para.line_count; l++) {
            const rg_text_line *line = &para.lines[l];
            CHECK(line->run_count >= 1);
            for (size_t r = 0; r < line->run_count; r++) {
                strcat(joined, line->runs[r].run.text);
                offset += line->runs[r].run.text_len;
            }
            if (!allowed_line_end(font, offset, width)) {
                check_failures++;
                fprintf(stderr, "width %g: line %zu ends inside a word: %s\n", width, l, joined);
            }
            int one_word = line->run_count == 1 && !strchr(line->runs[0].run.text, ' ')
                           && rg_text_width(font, 16, line->runs[0].run.text,
                                            line->runs[0].run.text_len, &err) > width;
            if (!one_word && line->width > width + 0.01f) {
                check_failures++;
                fprintf(stderr, "width %g: line %zu is %g wide\n", width, l, line->width);
            }
        }
        CHECK_STR(joined, words_text);
        if (width >= 400)
            CHECK_INT(para.line_count, 1);
        rg_paragraph_free(&para);
    }
    /* A word wider than the line is cut between clusters, never inside one. */
    rg_text_span span = span_of("ประชาสัมพันธ์", font, 16);
    rg_paragraph_format narrow = {20, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    rg_paragraph para;
    rg_error err;
    CHECK_INT(rg_paragraph_layout(&span, 1, &narrow, &para, &err), 0);
    CHECK(para.line_count > 1);
    char joined[256] = "";
    for (size_t l = 0; l < para.line_count; l++) {
        const char *t = para.lines[l].runs[0].run.text;
        /* a line never starts with a mark (U+0E31, U+0E34..U+0E3A, U+0E47..U+0E4E) */
        uint32_t cp = ((uint32_t)(t[0] & 0x0F) << 12) | ((uint32_t)(t[1] & 0x3F) << 6) | (t[2] & 0x3F);
        CHECK(!(cp == 0x0E31 || (cp >= 0x0E33 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E)));
        strcat(joined, t);
    }
    CHECK_STR(joined, "ประชาสัมพันธ์");
    rg_paragraph_free(&para);
}

/* Widths: the sum of the font's advances (hmtx, read with FreeType). */
static void test_widths(rg_font *font)
{
    const rg_face *face = rg_font_face(font, 0);
    FT_Library ft;
    FT_Face ftface;
    CHECK_INT(FT_Init_FreeType(&ft), 0);
    CHECK_INT(FT_New_Face(ft, rg_face_path(face), 0, &ftface), 0);
    const uint32_t chars[] = {'H', 'a', 'm', ' ', '1', 0x0E01, 0x0E32, 0x0E23};   /* Ham 1การ */
    double expected = 0;
    for (size_t i = 0; i < sizeof chars / sizeof *chars; i++) {
        FT_Load_Char(ftface, chars[i], FT_LOAD_NO_SCALE);
        expected += (double)ftface->glyph->advance.x * 16.0 / ftface->units_per_EM;
    }
    rg_error err;
    const char *text = "Ham 1การ";
    CHECK_NEAR(rg_text_width(font, 16, text, strlen(text), &err), expected, 0.001);
    rg_text_span span = span_of(text, font, 16);
    rg_paragraph_format fmt = {0, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    rg_paragraph para;
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
    CHECK_INT(para.line_count, 1);
    CHECK_NEAR(para.lines[0].width, expected, 0.001);
    /* vertical metrics: Word's single spacing, OS/2 usWinAscent + usWinDescent
     * (Laksaman: 1270 + 687), where Laksaman's thanthakhat over sara i (ปิ์,
     * 1284 units high) raises the ascent to its ink + 1/50 em */
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(ftface, FT_SFNT_OS2);
    CHECK(os2 != NULL);
    CHECK_INT(os2->usWinAscent, 1270);
    CHECK_INT(os2->usWinDescent, 687);
    CHECK_NEAR(para.lines[0].ascent, 16.0 * (1284 + 20) / 1000, 0.001);
    CHECK_NEAR(para.lines[0].descent, 16.0 * os2->usWinDescent / ftface->units_per_EM, 0.001);
    CHECK_NEAR(para.lines[0].height, para.lines[0].ascent + para.lines[0].descent, 0.001);
    CHECK_NEAR(para.lines[0].baseline, para.lines[0].ascent, 0.001);
    rg_paragraph_free(&para);
    /* a mark has no advance: น้ำ is as wide as น + sara aa (ำ = nikhahit + า) */
    double nam = 0;
    FT_Load_Char(ftface, 0x0E19, FT_LOAD_NO_SCALE);
    nam += ftface->glyph->advance.x;
    FT_Load_Char(ftface, 0x0E32, FT_LOAD_NO_SCALE);
    nam += ftface->glyph->advance.x;
    CHECK_NEAR(rg_text_width(font, 10, "น้ำ", strlen("น้ำ"), &err), nam * 10 / ftface->units_per_EM, 0.001);
    FT_Done_Face(ftface);
    FT_Done_FreeType(ft);
}

static void test_alignments(rg_font *font)
{
    const float width = 250, right = 12;
    const rg_align aligns[] = {RG_ALIGN_LEFT, RG_ALIGN_CENTER, RG_ALIGN_RIGHT, RG_ALIGN_JUSTIFY,
                               RG_ALIGN_THAI_DISTRIBUTED};
    const char *text = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                       "ประจำปีงบประมาณ พ.ศ. 2566 โดยสำนักงานเขต";
    for (size_t a = 0; a < sizeof aligns / sizeof *aligns; a++) {
        rg_text_span span = span_of(text, font, 16);
        rg_paragraph_format fmt = {width, 0, 1.5f, aligns[a], 30, 10, right};
        rg_paragraph para;
        rg_error err;
        CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
        CHECK(para.line_count >= 3);
        float top = 0;
        for (size_t l = 0; l < para.line_count; l++) {
            const rg_text_line *line = &para.lines[l];
            float indent = l ? fmt.indent_rest : fmt.indent_first;
            float avail = width - indent - right;
            int last = l + 1 == para.line_count;
            CHECK_NEAR(line->top, top, 0.001);
            top += line->height;
            CHECK_NEAR(line->height, 1.5 * rg_font_line_height(font, 16), 0.001);
            CHECK_NEAR(line_end(line) - line->runs[0].x, line->width, 0.01);
            CHECK_NEAR(line->runs[0].x, line->x, 0.001);
            switch (aligns[a]) {
            case RG_ALIGN_LEFT:
                CHECK_NEAR(line->x, indent, 0.001);
                CHECK(line->width <= avail + 0.01f);
                break;
            case RG_ALIGN_CENTER:
                CHECK_NEAR(line->x - indent, width - right - (line->x + line->width), 0.01);
                break;
            case RG_ALIGN_RIGHT:
                CHECK_NEAR(line->x + line->width, width - right, 0.01);
                break;
            case RG_ALIGN_JUSTIFY:
            case RG_ALIGN_THAI_DISTRIBUTED:
                CHECK_NEAR(line->x, indent, 0.001);
                if (last) {
                    CHECK(line->width < avail - 1);
                } else if (aligns[a] == RG_ALIGN_THAI_DISTRIBUTED) {
                    CHECK_NEAR(line_end(line), width - right, 0.01);
                } else {
                    /* plain justify stretches spaces only */
                    int spaces = 0;
                    for (size_t r = 0; r < line->run_count; r++)
                        spaces |= strchr(line->runs[r].run.text, ' ') != NULL;
                    if (spaces)
                        CHECK_NEAR(line_end(line), width - right, 0.01);
                    else
                        CHECK(line_end(line) < width - right);
                }
                break;
            }
        }
        CHECK_NEAR(para.height, top, 0.01);
        rg_paragraph_free(&para);
    }
    /* thai-distributed spreads space between Thai clusters: a Thai line without
     * spaces fills the width too, where plain justify leaves it ragged */
    const char *nospace = "ดำเนินการเก็บรวบรวมข้อมูลแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย";
    rg_paragraph_format dist = {120, 0, 0, RG_ALIGN_THAI_DISTRIBUTED, 0, 0, 0};
    rg_paragraph_format just = {120, 0, 0, RG_ALIGN_JUSTIFY, 0, 0, 0};
    rg_text_span span = span_of(nospace, font, 16);
    rg_paragraph pd, pj;
    rg_error err;
    CHECK_INT(rg_paragraph_layout(&span, 1, &dist, &pd, &err), 0);
    CHECK_INT(rg_paragraph_layout(&span, 1, &just, &pj, &err), 0);
    CHECK(pd.line_count >= 2);
    CHECK_NEAR(pd.lines[0].width, 120, 0.01);
    CHECK(pj.lines[0].width < 119.5f);
    /* the glyphs of a distributed line keep their order and spread evenly */
    const rg_glyph_run *run = &pd.lines[0].runs[0].run;
    for (size_t g = 1; g < run->glyph_count; g++)
        CHECK(run->glyphs[g].x >= run->glyphs[g - 1].x - 6);
    rg_paragraph_free(&pd);
    rg_paragraph_free(&pj);
}

static void test_thai_digits(rg_font *font)
{
    rg_text_span spans[2] = {span_of("ปี 2566 ", font, 16), span_of("ข้อ 12", font, 16)};
    spans[0].thai_digits = 1;
    rg_paragraph_format fmt = {0, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    rg_paragraph para;
    rg_error err;
    CHECK_INT(rg_paragraph_layout(spans, 2, &fmt, &para, &err), 0);
    CHECK_INT(para.line_count, 1);
    CHECK_INT(para.lines[0].run_count, 2);
    CHECK_STR(para.lines[0].runs[0].run.text, "ปี ๒๕๖๖ ");
    CHECK_STR(para.lines[0].runs[1].run.text, "ข้อ 12");
    int thai_two = 0;
    for (size_t g = 0; g < para.lines[0].runs[0].run.glyph_count; g++)
        thai_two += para.lines[0].runs[0].run.glyphs[g].code == 0x0E52;
    CHECK_INT(thai_two, 1);
    rg_paragraph_free(&para);
}

static void test_newlines_and_empty(rg_font *font)
{
    rg_text_span span = span_of("บรรทัดแรก\n\nบรรทัดที่สาม\n", font, 16);
    rg_paragraph_format fmt = {300, 0, 0, RG_ALIGN_JUSTIFY, 0, 0, 0};
    rg_paragraph para;
    rg_error err;
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
    CHECK_INT(para.line_count, 3);
    if (para.line_count == 3) {
        CHECK_STR(para.lines[0].runs[0].run.text, "บรรทัดแรก");
        CHECK_INT(para.lines[1].run_count, 0);
        CHECK(para.lines[1].height > 0);
        CHECK_STR(para.lines[2].runs[0].run.text, "บรรทัดที่สาม");
        CHECK(para.lines[0].ends_paragraph);
        CHECK(para.lines[0].width < 200);    /* a line ended by a newline is not justified */
    }
    rg_paragraph_free(&para);
    rg_text_span empty = span_of("", font, 16);
    CHECK_INT(rg_paragraph_layout(&empty, 1, &fmt, &para, &err), 0);
    CHECK_INT(para.line_count, 1);
    CHECK_NEAR(para.height, rg_font_line_height(font, 16), 0.001);
    rg_paragraph_free(&para);
}

static void test_fallback_and_warnings(rg_fontlib *lib, rg_font *laksaman)
{
    rg_error err;
    /* an unknown family is skipped; the list falls back to the bundled face */
    rg_font *unknown = rg_fontlib_font(lib, "No Such Family Anywhere", RG_STYLE_BOLD, &err);
    CHECK(unknown != NULL);
    if (unknown) {
        CHECK(rg_font_is_fallback(unknown));
        CHECK_STR(rg_face_family(rg_font_face(unknown, 0)), "Laksaman");
        CHECK(strstr(rg_face_path(rg_font_face(unknown, 0)), "Laksaman-Bold.ttf") != NULL);
    }
    CHECK(rg_fontlib_font(lib, "Laksaman", RG_STYLE_REGULAR, &err) == laksaman);
    CHECK(!rg_font_is_fallback(laksaman));
    const char *file = "unset";
    CHECK_INT(rg_fontlib_find_file(lib, "No Such Family Anywhere", RG_STYLE_REGULAR, 0, &file, &err), 0);
    CHECK(file == NULL);
    CHECK_INT(rg_fontlib_find_file(lib, "Laksaman", RG_STYLE_BOLD, 1, &file, &err), 1);
    CHECK(file && strstr(file, "Laksaman-Bold.ttf") != NULL);

    /* a character no face has: .notdef, one warning however often it appears */
    warning_count = 0;
    warnings[0] = '\0';
    rg_text_span span = span_of("ก中ข中", laksaman, 16);
    rg_paragraph_format fmt = {0, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    rg_paragraph para;
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
    CHECK_STR(para.lines[0].runs[0].run.text, "ก中ข中");
    CHECK_INT(para.lines[0].runs[0].run.glyph_count, 4);
    CHECK_INT(para.lines[0].runs[0].run.glyphs[1].gid, 0);
    rg_paragraph_free(&para);
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
    rg_paragraph_free(&para);
    CHECK_INT(warning_count, 1);
    CHECK(strstr(warnings, "U+4E2D") != NULL);

    /* invalid UTF-8: U+FFFD in the text, and a warning */
    warning_count = 0;
    warnings[0] = '\0';
    rg_text_span bad = span_of("ab\xFF" "cd", laksaman, 16);
    CHECK_INT(rg_paragraph_layout(&bad, 1, &fmt, &para, &err), 0);
    CHECK_STR(para.lines[0].runs[0].run.text, "ab\xEF\xBF\xBD" "cd");
    rg_paragraph_free(&para);
    CHECK(warning_count >= 1);
    CHECK(strstr(warnings, "invalid UTF-8") != NULL);

    /* per-character fallback to the next face that has the glyph */
    rg_font *pair = rg_fontlib_font(lib, "Laksaman, DejaVu Sans", RG_STYLE_REGULAR, &err);
    if (pair && rg_font_face_count(pair) == 2) {
        warning_count = 0;
        rg_text_span arrow = span_of("ก→ข", pair, 16);
        CHECK_INT(rg_paragraph_layout(&arrow, 1, &fmt, &para, &err), 0);
        CHECK_INT(para.lines[0].run_count, 3);
        if (para.lines[0].run_count == 3) {
            CHECK_STR(para.lines[0].runs[1].run.text, "→");
            CHECK(para.lines[0].runs[1].run.face == rg_font_face(pair, 1));
            CHECK(para.lines[0].runs[0].run.face == rg_font_face(pair, 0));
            CHECK(para.lines[0].runs[1].run.glyphs[0].gid != 0);
            CHECK_NEAR(para.lines[0].runs[1].x,
                       para.lines[0].runs[0].x + para.lines[0].runs[0].run.width, 0.001);
        }
        CHECK_INT(warning_count, 0);
        rg_paragraph_free(&para);
    } else {
        fprintf(stderr, "note: DejaVu Sans not installed, per-character fallback not tested\n");
    }
}

/* rg_paragraph_measure: at min_width nothing overflows, at max_width one line. */
static void test_measure(rg_font *font)
{
    const char *texts[] = {words_text, "ประจำปีงบประมาณ พ.ศ. 2566 โดยสำนักงานเขต (ทดสอบ)",
                           "บรรทัดหนึ่ง\nบรรทัดที่สองยาวกว่า"};
    for (size_t i = 0; i < 3; i++) {
        rg_text_span span = span_of(texts[i], font, 16);
        rg_paragraph_format fmt = {0, 0, 0, RG_ALIGN_LEFT, 5, 8, 3};
        float min_w, max_w;
        rg_error err;
        CHECK_INT(rg_paragraph_measure(&span, 1, &fmt, &min_w, &max_w, &err), 0);
        CHECK(min_w > 11 && min_w <= max_w);
        rg_paragraph para;
        fmt.width = min_w;
        CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
        for (size_t l = 0; l < para.line_count; l++)
            CHECK(para.lines[l].x + para.lines[l].width <= min_w - fmt.indent_right + 0.01f);
        rg_paragraph_free(&para);
        fmt.width = max_w + 0.01f;
        CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
        CHECK_INT(para.line_count, i == 2 ? 2 : 1);
        rg_paragraph_free(&para);
    }
}

/* A phrase of many words (no spaces) shapes exactly as a whole, cached or not. */
static void test_long_phrase(rg_fontlib *lib, rg_font *font)
{
    char text[4096] = "";
    for (int i = 0; i < 6; i++)
        strcat(text, words_text);
    rg_error err;
    float whole = rg_text_width(font, 16, text, strlen(text), &err);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            rg_fontlib_clear_caches(lib);
        rg_text_span span = span_of(text, font, 16);
        rg_paragraph_format fmt = {0, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
        rg_paragraph para;
        CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
        CHECK_INT(para.line_count, 1);
        CHECK_STR(para.lines[0].runs[0].run.text, text);
        CHECK_NEAR(para.lines[0].width, whole, 0.01);
        rg_paragraph_free(&para);
    }
}

/* The word cache holds what it was given: laying out the five seeds'
 * paragraphs (tests/data/text/seed-paragraphs.txt, 142 lines, some of more
 * than 64 words without a space) a second time, nothing is shaped again.
 * (Two-way sets missed on every pass where three of their words met, and a
 * phrase's words past the 64th were one piece too long to keep.) */
static void test_cache_keeps_words(rg_fontlib *lib, rg_font *font)
{
    const char *top = getenv("top_srcdir");   /* set by make check */
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/text/seed-paragraphs.txt", top ? top : ".");
    FILE *fp = fopen(path, "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    static char text[65536];
    size_t len = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[len] = '\0';
    CHECK(len > 50000);
    rg_fontlib_clear_caches(lib);
    size_t shaped[3];
    for (int pass = 0; pass < 3; pass++) {
        rg_text_span span = span_of(text, font, 16);
        rg_paragraph_format fmt = {300, 0, 0, RG_ALIGN_THAI_DISTRIBUTED, 0, 0, 0};
        rg_paragraph para;
        rg_error err;
        CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &para, &err), 0);
        CHECK(para.line_count > 100);
        rg_paragraph_free(&para);
        shaped[pass] = rg_shape_cache_shaped(rg_font_shape_cache(font));
    }
    CHECK(shaped[0] > 100);
    CHECK_INT((long)(shaped[1] - shaped[0]), 0);
    CHECK_INT((long)(shaped[2] - shaped[1]), 0);
}

/* A paragraph prepared before comes from the fontlib's kept paragraphs: laid
 * out the same to the glyph, with the colours, underline and tags of the
 * spans given now (they are not part of what is kept); another size or
 * style is prepared anew; text that is not valid UTF-8 is never kept, so
 * its warning is given every time. */
static void test_prepared_kept(rg_fontlib *lib, rg_font *font)
{
    rg_fontlib_clear_caches(lib);
    rg_error err;
    const char *text = "ผลการดำเนินงาน ไตรมาสที่ ๒ พ.ศ. 2566";
    rg_text_span span = span_of(text, font, 16);
    rg_paragraph_format fmt = {120, 0, 0, RG_ALIGN_THAI_DISTRIBUTED, 0, 0, 0};
    rg_paragraph first, again;
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &first, &err), 0);
    rg_prepared_cache *kept = rg_font_prepared_cache(font);
    CHECK_INT((long)rg_prepared_cache_count(kept), 1);
    span.color = 0x123456;
    span.underline = 1;
    span.tag = 7;
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &again, &err), 0);
    CHECK_INT((long)rg_prepared_cache_count(kept), 1);
    CHECK_INT((long)again.line_count, (long)first.line_count);
    for (size_t l = 0; l < first.line_count && l < again.line_count; l++) {
        CHECK_INT((long)again.lines[l].run_count, (long)first.lines[l].run_count);
        for (size_t r = 0; r < first.lines[l].run_count && r < again.lines[l].run_count; r++) {
            const rg_line_run *a = &first.lines[l].runs[r], *b = &again.lines[l].runs[r];
            CHECK_INT((long)b->run.glyph_count, (long)a->run.glyph_count);
            CHECK(b->run.glyph_count == a->run.glyph_count &&
                  !memcmp(b->run.glyphs, a->run.glyphs, a->run.glyph_count * sizeof *a->run.glyphs));
            CHECK_STR(b->run.text, a->run.text);
            CHECK_NEAR(b->x, a->x, 0);
            CHECK_INT(a->color, 0);
            CHECK_INT(b->color, 0x123456);
            CHECK_INT(b->underline, 1);
            CHECK_INT(b->tag, 7);
        }
    }
    rg_paragraph_free(&again);
    span.size = 20;   /* another size: other widths, prepared anew */
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &again, &err), 0);
    CHECK_INT((long)rg_prepared_cache_count(kept), 2);
    CHECK(again.line_count > first.line_count);
    rg_paragraph_free(&again);
    span.style = RG_STYLE_BOLD;
    CHECK_INT(rg_paragraph_layout(&span, 1, &fmt, &again, &err), 0);
    CHECK_INT((long)rg_prepared_cache_count(kept), 3);
    rg_paragraph_free(&again);
    rg_paragraph_free(&first);

    int saved = warning_count;
    rg_text_span bad = span_of("ข้อมูล \xFF ผิด", font, 16);
    for (int i = 0; i < 2; i++) {
        CHECK_INT(rg_paragraph_layout(&bad, 1, &fmt, &again, &err), 0);
        rg_paragraph_free(&again);
        CHECK_INT(warning_count - saved, i + 1);
    }
    CHECK_INT((long)rg_prepared_cache_count(kept), 3);
    warning_count = saved;
}

/* Random text (Thai, marks without bases, Latin, digits, spaces, newlines,
 * invalid bytes) at random widths and alignments: no crash, the lines hold
 * the text in order, no line starts inside a cluster. Run under ASan too. */
static void test_random(rg_font *font)
{
    static const char *const pieces[] = {"ก", "่", "้", "ิ", "ำ", "ญ", "ุ", "ป", "ฟ", "ื", "ั", "เ",
                                         "า", "ๆ", " ", "  ", "\n", "a", "Z", "1", "๙", ",", ".",
                                         "(", ")", "“", "”", "—", "/", "\xFF", "\xE0\xB8", "中",
                                         "\t", "\xC2\xA0", "\r\n", "e\xCC\x81"};
    unsigned seed = 42;
    int saved = warning_count;
    for (int iter = 0; iter < 400; iter++) {
        char text[600] = "";
        seed = seed * 1103515245u + 12345u;
        int n = (int)((seed >> 16) % 60);
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            strcat(text, pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)]);
        }
        seed = seed * 1103515245u + 12345u;
        rg_text_span spans[2] = {span_of(text, font, 16), span_of(text + strlen(text) / 2, font, 11)};
        spans[0].len = strlen(text) / 2;
        spans[1].thai_digits = (int)(seed & 1);
        rg_paragraph_format fmt = {(float)((seed >> 8) % 200) - 20, 0, 0,
                                   (rg_align)((seed >> 4) % 5), (float)(seed % 17), 3, 2};
        rg_paragraph para;
        rg_error err;
        CHECK_INT(rg_paragraph_layout(spans, 2, &fmt, &para, &err), 0);
        CHECK(para.line_count >= 1);
        float top = 0;
        for (size_t l = 0; l < para.line_count; l++) {
            CHECK_NEAR(para.lines[l].top, top, 0.01);
            top += para.lines[l].height;
            for (size_t r = 0; r < para.lines[l].run_count; r++) {
                const rg_glyph_run *run = &para.lines[l].runs[r].run;
                CHECK(run->glyph_count > 0 && run->text_len > 0);
                CHECK(strlen(run->text) == run->text_len);
            }
        }
        float min_w, max_w;
        CHECK_INT(rg_paragraph_measure(spans, 2, &fmt, &min_w, &max_w, &err), 0);
        CHECK(min_w <= max_w + 0.01f);
        rg_paragraph_free(&para);
    }
    warning_count = saved;
}

/* Names kept whole (templates/thai-words.txt): at every width where the
 * name fits on a line, no line ends inside กรุงเทพมหานคร (libthai alone
 * breaks it as กรุงเทพ|มหา|นคร); where it does not fit, it breaks at one of
 * libthai's inner boundaries, never between other clusters. */
static void test_kept_words(rg_font *font)
{
    const char *text = "จำนวน 7 หน่วยงาน ซึ่งหน่วยงานของกรุงเทพมหานคร สมัครเข้ารับการคัดเลือก";
    const char *name = strstr(text, "กรุงเทพมหานคร");
    size_t name_at = (size_t)(name - text), name_len = strlen("กรุงเทพมหานคร");
    size_t inner[] = {name_at + strlen("กรุงเทพ"), name_at + strlen("กรุงเทพมหา")};
    rg_error err;
    float name_width = rg_text_width(font, 16, name, name_len, &err);
    /* The widest of libthai's pieces กรุงเทพ|มหา|นคร: below it, cutting
     * between clusters is the last resort and is not checked here. */
    float piece_width = rg_text_width(font, 16, name, inner[0] - name_at, &err);
    int checked = 0;
    for (float width = 40; width <= 400; width += 3) {
        rg_text_span span = span_of(text, font, 16);
        rg_paragraph_format fmt = {width, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
        rg_paragraph para;
        if (rg_paragraph_layout(&span, 1, &fmt, &para, &err) < 0) {
            CHECK(0);
            return;
        }
        /* Line ends, from the text each line's runs stand for. */
        size_t offset = 0;
        for (size_t l = 0; l + 1 < para.line_count; l++) {
            const rg_text_line *line = &para.lines[l];
            for (size_t r = 0; r < line->run_count; r++)
                offset += line->runs[r].run.text_len;
            while (text[offset] == ' ')
                offset++;   /* trailing spaces are not drawn */
            if (offset > name_at && offset < name_at + name_len) {
                checked++;
                if (width >= name_width)
                    CHECK(!"a line ends inside a kept name that fits");
                else if (width >= piece_width)
                    CHECK(offset == inner[0] || offset == inner[1]);
            }
        }
        rg_paragraph_free(&para);
    }
    CHECK(checked > 0);   /* the narrow widths did exercise the fallback */
}

int main(void)
{
    rg_warning_set_sink(collect, NULL);
    rg_error err;
    rg_fontlib *lib = rg_fontlib_new(&err);
    if (!lib) {
        fprintf(stderr, "rg_fontlib_new: %s\n", err.message);
        return 1;
    }
    rg_font *font = rg_fontlib_font(lib, "Laksaman", RG_STYLE_REGULAR, &err);
    CHECK(font != NULL);
    if (font) {
        test_breaks_at_words(font);
        test_widths(font);
        test_alignments(font);
        test_thai_digits(font);
        test_newlines_and_empty(font);
        test_fallback_and_warnings(lib, font);
        test_measure(font);
        test_long_phrase(lib, font);
        test_cache_keeps_words(lib, font);
        test_prepared_kept(lib, font);
        test_kept_words(font);
        test_random(font);
    }
    rg_fontlib_free(lib);
    return CHECK_DONE();
}
