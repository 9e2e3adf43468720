/* `raingan proof`: a typography proof of the text engine and the PDF writer.
 *
 * Prints every combination that Thai typesetting gets wrong first (tone marks
 * over upper vowels on tall consonants, sara am with tone marks, ญ ฐ before
 * below vowels), digits, mixed Thai/Latin, punctuation, and a long paragraph
 * in each alignment and indent, so a person can check the result by eye and
 * the tests can check that the text copies back out exactly. The pages are
 * laid out here from the text engine's paragraphs; the PDF is written by
 * render.h (rg_render_display), as every document raingan prints. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "layout/display.h"
#include "render/render.h"
#include "text/font.h"
#include "text/paragraph.h"
#include "util/buf.h"

int cmd_proof(int argc, char **argv);

#define PAGE_W 595.28f
#define PAGE_H 841.89f
#define MARGIN_LEFT 85.0f     /* 3 cm, as in official letters */
#define MARGIN_RIGHT 57.0f    /* 2 cm */
#define MARGIN_TOP 72.0f
#define MARGIN_BOTTOM 57.0f
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)

typedef struct proof {
    rg_display d;
    rg_page *page;
    float y;                  /* PDF y of the top of the next block */
    rg_font *font;
} proof;

static const char long_thai[] =
    "ดำเนินการเก็บรวบรวมข้อมูลแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายในและภายนอก"
    "เพื่อประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ "
    "พ.ศ. 2566 โดยสำนักงานเขตได้ประชาสัมพันธ์ให้บุคลากรและประชาชนผู้มาติดต่อราชการ"
    "ตอบแบบสำรวจผ่านระบบออนไลน์ ระหว่างวันที่ 16 มกราคม ถึง 28 กุมภาพันธ์ 2566 "
    "ผลการดำเนินงานเป็นไปตามแผนที่กำหนดไว้ทุกประการ";

static rg_color color_of(uint32_t rgb)
{
    rg_color c = {(float)((rgb >> 16) & 0xFF) / 255.0f, (float)((rgb >> 8) & 0xFF) / 255.0f,
                  (float)(rgb & 0xFF) / 255.0f};
    return c;
}

static int new_page(proof *pr, rg_error *err)
{
    pr->page = rg_display_add_page(&pr->d, PAGE_W, PAGE_H);
    if (!pr->page)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    pr->y = PAGE_H - MARGIN_TOP;
    return 0;
}

static int add_rule(proof *pr, float x1, float y1, float x2, float y2, float width,
                    rg_line_style style, uint32_t rgb, rg_error *err)
{
    rg_item it;
    memset(&it, 0, sizeof it);
    it.kind = RG_ITEM_LINE;
    it.x = x1, it.y = y1, it.x2 = x2, it.y2 = y2;
    it.line_width = width;
    it.line_style = style;
    it.color = color_of(rgb);
    if (rg_page_add_item(pr->page, &it) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

/* Lays out and places a paragraph at the current position, `left` from the
 * margin, breaking to a new page between lines. With `frame`, thin grey
 * rules mark the paragraph's left and right edges (to judge alignment). */
static int add_paragraph(proof *pr, const rg_text_span *spans, size_t n,
                         const rg_paragraph_format *fmt, float left, int frame, rg_error *err)
{
    rg_paragraph para;
    if (rg_paragraph_layout(spans, n, fmt, &para, err) < 0)
        return -1;
    int rc = 0;
    float x0 = MARGIN_LEFT + left;
    for (size_t l = 0; rc == 0 && l < para.line_count; l++) {
        rg_text_line *line = &para.lines[l];
        if (pr->y - line->height < MARGIN_BOTTOM && (rc = new_page(pr, err)) < 0)
            break;
        float baseline = pr->y - line->baseline;
        if (frame) {
            rc |= add_rule(pr, x0 - 2, pr->y, x0 - 2, pr->y - line->height, 0.3f, RG_LINE_SOLID,
                           0xBBBBBB, err);
            rc |= add_rule(pr, x0 + fmt->width + 2, pr->y, x0 + fmt->width + 2, pr->y - line->height,
                           0.3f, RG_LINE_SOLID, 0xBBBBBB, err);
        }
        for (size_t r = 0; rc == 0 && r < line->run_count; r++) {
            rg_line_run *run = &line->runs[r];
            rg_item it;
            memset(&it, 0, sizeof it);
            it.kind = RG_ITEM_TEXT;
            it.x = x0 + run->x;
            it.y = baseline;
            it.color = color_of(run->color);
            it.run = run->run;
            memset(&run->run, 0, sizeof run->run);   /* moved into the page */
            float width = it.run.width;
            if (rg_page_add_item(pr->page, &it) < 0) {
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
                break;
            }
            if (run->underline)
                rc = add_rule(pr, x0 + run->x, baseline - run->underline_y, x0 + run->x + width,
                              baseline - run->underline_y, run->underline_thickness,
                              RG_LINE_SOLID, run->color, err);
        }
        pr->y -= line->height;
    }
    rg_paragraph_free(&para);
    return rc;
}

/* One paragraph of a single style. */
static int say(proof *pr, const char *text, float size, rg_font_style style, rg_align align,
               uint32_t rgb, rg_error *err)
{
    rg_text_span span = {text, strlen(text), pr->font, style, size, 0, rgb, 0, 0};
    rg_paragraph_format fmt = {TEXT_W, 0, 0, align, 0, 0, 0};
    return add_paragraph(pr, &span, 1, &fmt, 0, 0, err);
}

static int heading(proof *pr, const char *text, rg_error *err)
{
    pr->y -= 6;
    if (pr->y < MARGIN_BOTTOM + 80 && new_page(pr, err) < 0)
        return -1;
    if (say(pr, text, 18, RG_STYLE_BOLD, RG_ALIGN_LEFT, 0x1F3A68, err) < 0)
        return -1;
    return add_rule(pr, MARGIN_LEFT, pr->y + 3, PAGE_W - MARGIN_RIGHT, pr->y + 3, 0.5f,
                    RG_LINE_SOLID, 0x1F3A68, err);
}

/* Tone marks over each upper vowel, on ordinary and tall consonants: two
 * lines per consonant (no vowel, ิ, ี | ึ, ื, ั and the marks that take no tone). */
static int tone_table(proof *pr, rg_error *err)
{
    static const char *const consonants[] = {"ก", "น", "ป", "ฝ", "ฟ", "ฬ"};
    static const char *const vowels[] = {"", "ิ", "ี", "ึ", "ื", "ั"};
    static const char *const tones[] = {"่", "้", "๊", "๋"};
    for (size_t c = 0; c < sizeof consonants / sizeof *consonants; c++) {
        for (int half = 0; half < 2; half++) {
            rg_buf line = RG_BUF_INIT;
            for (size_t v = (size_t)half * 3; v < (size_t)half * 3 + 3; v++) {
                for (size_t t = 0; t < 4; t++)
                    rg_buf_printf(&line, "%s%s%s ", consonants[c], vowels[v], tones[t]);
                rg_buf_puts(&line, "  ");
            }
            /* maitaikhu and thanthakhat take no tone mark */
            if (half)
                rg_buf_printf(&line, "%s็ %s์ %sิ์", consonants[c], consonants[c], consonants[c]);
            if (!line.data) {
                rg_buf_free(&line);
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            }
            int rc = say(pr, line.data, 20, RG_STYLE_REGULAR, RG_ALIGN_LEFT, 0, err);
            rg_buf_free(&line);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

static int alignments(proof *pr, rg_error *err)
{
    static const struct { rg_align align; const char *name; } aligns[] = {
        {RG_ALIGN_LEFT, "ชิดซ้าย (left)"}, {RG_ALIGN_CENTER, "กึ่งกลาง (center)"},
        {RG_ALIGN_RIGHT, "ชิดขวา (right)"}, {RG_ALIGN_JUSTIFY, "เต็มบรรทัด (justify)"},
        {RG_ALIGN_THAI_DISTRIBUTED, "กระจายแบบไทย (thai-distributed)"}};
    for (size_t i = 0; i < sizeof aligns / sizeof *aligns; i++) {
        if (say(pr, aligns[i].name, 14, RG_STYLE_BOLD, RG_ALIGN_LEFT, 0x555555, err) < 0)
            return -1;
        rg_text_span span = {long_thai, strlen(long_thai), pr->font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
        rg_paragraph_format fmt = {TEXT_W - 60, 0, 0, aligns[i].align, 0, 0, 0};
        if (add_paragraph(pr, &span, 1, &fmt, 30, 1, err) < 0)
            return -1;
    }
    return 0;
}

static int indents(proof *pr, rg_error *err)
{
    rg_text_span span = {long_thai, strlen(long_thai), pr->font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
    if (say(pr, "ย่อหน้าบรรทัดแรก 2.5 ซม. (first-line indent), thai-distributed", 14, RG_STYLE_BOLD,
            RG_ALIGN_LEFT, 0x555555, err) < 0)
        return -1;
    rg_paragraph_format first = {TEXT_W, 0, 0, RG_ALIGN_THAI_DISTRIBUTED, 70.87f, 0, 0};
    if (add_paragraph(pr, &span, 1, &first, 0, 1, err) < 0)
        return -1;
    if (say(pr, "ระยะบรรทัด 1.2 เท่าของขนาดตัวอักษร (line height 1.2 × size), justify", 14,
            RG_STYLE_BOLD, RG_ALIGN_LEFT, 0x555555, err) < 0)
        return -1;
    rg_paragraph_format tight = {TEXT_W, 1.2f * 16, 0, RG_ALIGN_JUSTIFY, 0, 0, 0};
    if (add_paragraph(pr, &span, 1, &tight, 0, 1, err) < 0)
        return -1;
    if (say(pr, "ย่อหน้าแบบแขวน (hanging indent) ข้อ ๑.", 14, RG_STYLE_BOLD, RG_ALIGN_LEFT,
            0x555555, err) < 0)
        return -1;
    static const char item[] = "๑. ";
    rg_text_span spans[2] = {{item, strlen(item), pr->font, RG_STYLE_BOLD, 16, 0, 0, 0, 0}, span};
    rg_paragraph_format hanging = {TEXT_W, 0, 0, RG_ALIGN_JUSTIFY, 0, 22, 0};
    return add_paragraph(pr, spans, 2, &hanging, 0, 1, err);
}

static int styles_and_digits(proof *pr, rg_error *err)
{
    static const char digits[] = "เลขไทย ๐๑๒๓๔๕๖๗๘๙ และเลขอารบิก 0123456789";
    if (say(pr, digits, 18, RG_STYLE_REGULAR, RG_ALIGN_LEFT, 0, err) < 0)
        return -1;
    static const char before[] = "ธงเลขไทย: ";
    static const char number[] = "ปีงบประมาณ 2566 วงเงิน 1,234,567.50 บาท โทร. 0 2280 7416";
    rg_text_span spans[2] = {{before, strlen(before), pr->font, RG_STYLE_BOLD, 18, 0, 0, 0, 0},
                             {number, strlen(number), pr->font, RG_STYLE_REGULAR, 18, 0, 0, 1, 0}};
    rg_paragraph_format fmt = {TEXT_W, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    if (add_paragraph(pr, spans, 2, &fmt, 0, 0, err) < 0)
        return -1;
    static const char *const sample = "ตัวอย่าง ทดสอบ Sarabun 123";
    static const struct { rg_font_style style; const char *name; } styles[] = {
        {RG_STYLE_REGULAR, "ธรรมดา"}, {RG_STYLE_BOLD, "ตัวหนา"},
        {RG_STYLE_ITALIC, "ตัวเอียง"}, {RG_STYLE_BOLD_ITALIC, "ตัวหนาเอียง"}};
    for (size_t i = 0; i < 4; i++) {
        char text[160];
        snprintf(text, sizeof text, "%s: %s", styles[i].name, sample);
        if (say(pr, text, 18, styles[i].style, RG_ALIGN_LEFT, 0, err) < 0)
            return -1;
    }
    static const char underlined[] = "ขีดเส้นใต้ (underline) ลงชื่อ";
    rg_text_span u = {underlined, strlen(underlined), pr->font, RG_STYLE_REGULAR, 18, 1, 0x8B0000, 0, 0};
    if (add_paragraph(pr, &u, 1, &fmt, 0, 0, err) < 0)
        return -1;
    /* a dotted signature line, as on the forms */
    pr->y -= 20;
    if (add_rule(pr, MARGIN_LEFT + 150, pr->y, MARGIN_LEFT + 330, pr->y, 0.8f, RG_LINE_DOTTED, 0, err) < 0
        || add_rule(pr, MARGIN_LEFT + 150, pr->y - 8, MARGIN_LEFT + 330, pr->y - 8, 0.5f,
                    RG_LINE_DASHED, 0x777777, err) < 0)
        return -1;
    pr->y -= 12;
    return 0;
}

static int build(proof *pr, rg_fontlib *lib, const char *families, rg_error *err)
{
    pr->font = rg_fontlib_font(lib, families, RG_STYLE_REGULAR, err);
    if (!pr->font || new_page(pr, err) < 0)
        return -1;
    const rg_face *face = rg_font_face(pr->font, 0);
    char info[1200];
    snprintf(info, sizeof info, "ฟอนต์ (font): %s: %s %s (%s)%s", rg_font_families(pr->font),
             rg_face_family(face), rg_face_style_name(face), rg_face_path(face),
             rg_font_is_fallback(pr->font) ? " — fallback" : "");
    if (say(pr, "raingan: ตัวอย่างการพิมพ์ภาษาไทย (typography proof)", 26, RG_STYLE_BOLD,
            RG_ALIGN_CENTER, 0x1F3A68, err) < 0
        || say(pr, info, 12, RG_STYLE_REGULAR, RG_ALIGN_CENTER, 0x555555, err) < 0)
        return -1;
    if (heading(pr, "วรรณยุกต์บนสระบน (tone marks over upper vowels)", err) < 0 || tone_table(pr, err) < 0)
        return -1;
    if (heading(pr, "สระอำ สระล่าง และพยัญชนะมีเชิง (sara am, below vowels)", err) < 0
        || say(pr, "น้ำ ก่ำ ป่ำ ฟ้ำ ค้ำ ล้ำ ทำ ธรรม | ญุ ญู ฐุ ฐู ฎุ ฏุ ฎู ฏู ตุ ปุ่ ฤ ฦ ฤๅ ฦๅ", 20,
               RG_STYLE_REGULAR, RG_ALIGN_LEFT, 0, err) < 0
        || say(pr, "ที่ ปู่ ญุ ฐู โปร่ง ฟื้น ปั้น ฝั่ง ฟั่น ฬุ ป่ ป้ ป๊ ป๋ กรุงเทพมหานคร", 20,
               RG_STYLE_REGULAR, RG_ALIGN_LEFT, 0, err) < 0)
        return -1;
    if (heading(pr, "ตัวเลข รูปแบบ และเครื่องหมาย (digits, styles, punctuation)", err) < 0
        || styles_and_digits(pr, err) < 0
        || say(pr, "อัญประกาศ “ข้อความ” และ ‘คำ’ ยัติภังค์ – และ — ไม้ยมก ต่าง ๆ ฯลฯ ฯพณฯ", 18,
               RG_STYLE_REGULAR, RG_ALIGN_LEFT, 0, err) < 0
        || say(pr, "ผสมอักษร: รายงาน PDF/A-1b ของ raingan พิมพ์เมื่อ 2/12/2562 เวลา 10:30 น. (ISO 8601: 2020-1-23)",
               18, RG_STYLE_REGULAR, RG_ALIGN_LEFT, 0, err) < 0)
        return -1;
    if (heading(pr, "การจัดย่อหน้า (alignment)", err) < 0 || alignments(pr, err) < 0)
        return -1;
    if (heading(pr, "การย่อหน้า (indents)", err) < 0 || indents(pr, err) < 0)
        return -1;
    return 0;
}

/* With --text: only the given paragraphs (for tests and quick checks). */
static int build_texts(proof *pr, rg_fontlib *lib, const char *families, rg_font_style style,
                       rg_align align, float width, char **texts, size_t count, int thai_digits,
                       rg_error *err)
{
    pr->font = rg_fontlib_font(lib, families, style, err);
    if (!pr->font || new_page(pr, err) < 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        rg_text_span span = {texts[i], strlen(texts[i]), pr->font, style, 16, 0, 0,
                             thai_digits, 0};
        rg_paragraph_format fmt = {width, 0, 0, align, 0, 0, 0};
        if (add_paragraph(pr, &span, 1, &fmt, 0, 0, err) < 0)
            return -1;
    }
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: raingan proof [-o FILE.pdf] [--font \"FAMILY, FAMILY...\"]\n"
                 "                     [--text TEXT]... [--thai-digits]\n"
                 "                     [--style regular|bold|italic|bold-italic]\n"
                 "                     [--align left|justify|thai-distributed] [--width PT]\n"
                 "                     [--letter-spacing advances|moves]\n"
                 "Prints a typography proof of the Thai text engine (default proof.pdf).\n"
                 "With --text, prints only the given paragraphs (16 pt, one per option,\n"
                 "in --style, --align, --width points wide, at most the page's 453);\n"
                 "--thai-digits prints their digits 0-9 as Thai digits.\n"
                 "--letter-spacing moves writes letter spacing as glyph moves only, as\n"
                 "before 2026-12 (for comparisons; readers then read spaces inside words).\n");
}

int cmd_proof(int argc, char **argv)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'}, {"font", required_argument, NULL, 'f'},
        {"text", required_argument, NULL, 't'}, {"thai-digits", no_argument, NULL, 'd'},
        {"style", required_argument, NULL, 's'}, {"align", required_argument, NULL, 'a'},
        {"width", required_argument, NULL, 'w'},
        {"letter-spacing", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    static const struct { const char *name; rg_font_style style; } styles[] = {
        {"regular", RG_STYLE_REGULAR}, {"bold", RG_STYLE_BOLD}, {"italic", RG_STYLE_ITALIC},
        {"bold-italic", RG_STYLE_BOLD_ITALIC}};
    static const struct { const char *name; rg_align align; } aligns[] = {
        {"left", RG_ALIGN_LEFT}, {"justify", RG_ALIGN_JUSTIFY},
        {"thai-distributed", RG_ALIGN_THAI_DISTRIBUTED}};
    rg_font_style style = RG_STYLE_REGULAR;
    rg_align align = RG_ALIGN_LEFT;
    float width = TEXT_W;
    const char *bad_style = NULL, *bad_align = NULL, *bad_width = NULL, *bad_spacing = NULL;
    rg_letter_spacing spacing = RG_LETTER_SPACING_ADVANCES;
    const char *output = "proof.pdf", *families = RG_DEFAULT_FONT_FAMILIES;
    char **texts = calloc((size_t)argc, sizeof *texts);
    size_t text_count = 0;
    int thai_digits = 0;
    rg_error err = {RG_OK, ""};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:f:h", options, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f': families = optarg; break;
        case 't': if (texts) texts[text_count++] = optarg; break;
        case 'd': thai_digits = 1; break;
        case 's':
            bad_style = optarg;
            for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
                if (strcmp(optarg, styles[i].name) == 0)
                    style = styles[i].style, bad_style = NULL;
            }
            break;
        case 'a':
            bad_align = optarg;
            for (size_t i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
                if (strcmp(optarg, aligns[i].name) == 0)
                    align = aligns[i].align, bad_align = NULL;
            }
            break;
        case 'w': {
            char *end;
            double v = strtod(optarg, &end);
            bad_width = *end || !(v >= 20 && v <= TEXT_W) ? optarg : NULL;
            if (!bad_width)
                width = (float)v;
            break;
        }
        case 'l':
            bad_spacing = strcmp(optarg, "advances") == 0 || strcmp(optarg, "moves") == 0
                              ? NULL : optarg;
            spacing = strcmp(optarg, "moves") == 0 ? RG_LETTER_SPACING_MOVES : RG_LETTER_SPACING_ADVANCES;
            break;
        case 'h': free(texts); usage(stdout); return 0;
        default:
            free(texts);
            rg_error_set(&err, RG_ERR_USAGE, "unknown option or missing value: '%s' (see --help)",
                         argv[optind - 1]);
            return rg_cli_fail("proof", &err);
        }
    }
    if (!texts)
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
    else if (optind < argc)
        rg_error_set(&err, RG_ERR_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
    else if (bad_style)
        rg_error_set(&err, RG_ERR_USAGE,
                     "--style %s: expected regular, bold, italic or bold-italic", bad_style);
    else if (bad_align)
        rg_error_set(&err, RG_ERR_USAGE, "--align %s: expected left, justify or thai-distributed",
                     bad_align);
    else if (bad_spacing)
        rg_error_set(&err, RG_ERR_USAGE, "--letter-spacing %s: expected advances or moves",
                     bad_spacing);
    else if (bad_width)
        rg_error_set(&err, RG_ERR_USAGE, "--width %s: expected points from 20 to %.0f", bad_width,
                     (double)TEXT_W);
    rg_fontlib *lib = err.code ? NULL : rg_fontlib_new(&err);
    if (!lib) {
        free(texts);
        return rg_cli_fail("proof", &err);
    }
    proof pr;
    memset(&pr, 0, sizeof pr);
    rg_display_init(&pr.d);
    pr.d.info.title = strdup("raingan typography proof");
    pr.d.info.creator = strdup("raingan proof");
    int rc = text_count ? build_texts(&pr, lib, families, style, align, width, texts, text_count,
                                         thai_digits, &err)
                        : build(&pr, lib, families, &err);
    free(texts);
    if (rc == 0) {
        rg_render_job job;
        rg_render_job_init(&job);
        rc = rg_render_display(&pr.d, spacing, rg_render_to_path(output), &job);
        for (size_t i = 0; i < job.warning_count; i++)
            rg_warn("%s", job.warnings[i]);
        err = job.err;
        rg_render_job_free(&job);
    }
    rg_display_free(&pr.d);
    rg_fontlib_free(lib);
    if (rc < 0)
        return rg_cli_fail("proof", &err);
    return 0;
}
