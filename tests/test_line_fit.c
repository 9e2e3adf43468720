/* Paragraph-wide line breaking (src/text/line_fit.c, docs/thai-text.md):
 * the cases of issue 10 in real text (Laksaman 16 pt): no letter-spaced
 * short line under Thai distributed justification when other breaks exist,
 * no ดำเนิน|การ split, no มาตรา|๙ / ระยะที่|๒ / วันที่ 16|ธันวาคม separation where
 * the paragraph has room; and, on synthetic units, the rules of the cost:
 * last resorts only where first fit uses them, no extra line to avoid a
 * penalty. Each real-text case first finds a width at which first fit
 * (the breaking before) makes the mistake, so none can pass vacuously.
 * Runs with RAINGAN_DATA pointing at the source tree. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text/font.h"
#include "text/line_fit.h"
#include "text/linebreak.h"
#include "text/paragraph.h"
#include "text/shape.h"
#include "util/buf.h"

static rg_font *font;

/* The lines of text at width: their texts joined with " | " (owned), and
 * the breaking figures. */
static char *lines_of(const char *text, float width, rg_align align, int first_fit,
                      rg_break_stats *st)
{
    rg_text_span span = {text, strlen(text), font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
    rg_paragraph_format fmt = {width, 0, 0, align, 0, 0, 0};
    rg_paragraph para;
    rg_error err;
    rg_error_clear(&err);
    rg_break_stats local;
    memset(st ? st : &local, 0, sizeof local);
    rg_paragraph_collect_stats(st ? st : &local);
    rg_paragraph_use_first_fit(first_fit);
    int rc = rg_paragraph_layout(&span, 1, &fmt, &para, &err);
    rg_paragraph_use_first_fit(0);
    rg_paragraph_collect_stats(NULL);
    CHECK(rc == 0);
    if (rc < 0)
        return strdup("");
    rg_buf out = RG_BUF_INIT;
    for (size_t i = 0; i < para.line_count; i++) {
        if (i)
            rg_buf_puts(&out, " | ");
        for (size_t r = 0; r < para.lines[i].run_count; r++)
            rg_buf_append(&out, para.lines[i].runs[r].run.text, para.lines[i].runs[r].run.text_len);
    }
    rg_paragraph_free(&para);
    rg_buf_append(&out, "", 1);
    return out.data;
}

static size_t line_count(const char *lines)
{
    size_t n = 1;
    for (const char *p = lines; (p = strstr(p, " | ")); p += 3)
        n++;
    return n;
}

/* Natural widths of the last two lines of text broken first fit at width. */
static size_t last_lines(const char *text, float width, float *before_last, float *last)
{
    rg_text_span span = {text, strlen(text), font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
    rg_paragraph_format fmt = {width, 0, 0, RG_ALIGN_LEFT, 0, 0, 0};
    rg_paragraph para;
    rg_error err;
    rg_error_clear(&err);
    rg_paragraph_use_first_fit(1);
    int rc = rg_paragraph_layout(&span, 1, &fmt, &para, &err);
    rg_paragraph_use_first_fit(0);
    CHECK(rc == 0);
    size_t n = rc == 0 ? para.line_count : 0;
    *before_last = n >= 2 ? para.lines[n - 2].width : 0;
    *last = n >= 1 ? para.lines[n - 1].width : 0;
    if (rc == 0)
        rg_paragraph_free(&para);
    return n;
}

/* Finds widths (from..to pt) where first fit breaks text at `bad` (the line
 * break written " | ": "มาตรา | ๙") between its last two lines, and the
 * paragraph has room to avoid it: what precedes " | " in `bad` (the words
 * that must move: "วันที่ 16 " for "วันที่ 16 | ธันวาคม") fits on the last line,
 * and the line before stays at least 80% full without them. There,
 * paragraph-wide breaking must not break at `bad`. At every width it must
 * use no more lines than first fit. Returns the widths with room found. */
static int check_avoided(const char *text, const char *bad, rg_align align, int from, int to)
{
    int found = 0;
    const char *cut = strstr(bad, " | ");
    rg_error err;
    float moved = rg_text_width(font, 16, bad, (size_t)(cut - bad), &err);
    float space = rg_text_width(font, 16, " ", 1, &err);
    for (int w = from; w <= to; w++) {
        rg_break_stats st_before;
        char *before = lines_of(text, (float)w, align, 1, &st_before);
        char *after = lines_of(text, (float)w, align, 0, NULL);
        /* A line more only to take away a loose line. */
        if (line_count(after) > line_count(before) && !st_before.loose_lines) {
            fprintf(stderr, "at %d pt, a line more:\n  first fit: %s\n  paragraph: %s\n", w,
                    before, after);
            CHECK(line_count(after) <= line_count(before));
        }
        const char *at = strstr(before, bad);
        float before_last, last;
        size_t n = last_lines(text, (float)w, &before_last, &last);
        if (at && n >= 2 && !strstr(at + strlen(bad), " | ") && last + space + moved <= (float)w
            && before_last - moved >= 0.8f * (float)w) {
            found++;
            if (strstr(after, bad)) {
                fprintf(stderr, "at %d pt:\n  first fit: %s\n  paragraph: %s\n", w, before, after);
                CHECK(!strstr(after, bad));
            }
        }
        free(before);
        free(after);
    }
    return found;
}

/* The text of a case: a common opening, then the case's own ending. */
static char *case_text(const char *ending)
{
    static const char opening[] = "หน่วยงานได้ปฏิบัติตามแผนที่วางไว้ทุกขั้นตอน โดยมีการรวบรวมข้อมูลอย่างเป็นระบบ "
                                  "และรายงานผลให้ผู้บริหารทราบทุกเดือน ";
    size_t n = strlen(opening), m = strlen(ending);
    char *t = malloc(n + m + 1);
    if (!t)
        abort();
    memcpy(t, opening, n);
    memcpy(t + n, ending, m + 1);
    return t;
}

static void test_issue_cases(void)
{
    static const struct {
        const char *ending, *bad;
        rg_align align;
    } cases[] = {
        /* compounds */
        {"แล้วจึงเสนอผู้บริหารเพื่อดำเนินการต่อไป", "ดำเนิน | การ", RG_ALIGN_THAI_DISTRIBUTED},
        {"เพื่อให้ทุกแห่งมีระบบการจัดเก็บข้อมูล", "จัด | เก็บ", RG_ALIGN_THAI_DISTRIBUTED},
        {"โดยให้เจ้าหน้าที่ทุกคนประสานงานกัน", "ประสาน | งาน", RG_ALIGN_THAI_DISTRIBUTED},
        {"ซึ่งได้นำเสนอแล้ว", "นำ | เสนอ", RG_ALIGN_LEFT},
        {"เพื่อส่งเสริมความโปร่งใส", "ความ | โปร่งใส", RG_ALIGN_LEFT},
        /* numbers and their words */
        {"ตามพระราชบัญญัติ มาตรา ๙", "มาตรา | ๙", RG_ALIGN_THAI_DISTRIBUTED},
        {"และให้จัดทำแผนพัฒนาระยะที่ ๒", "ระยะที่ | ๒", RG_ALIGN_THAI_DISTRIBUTED},
        {"ให้แล้วเสร็จภายในวันที่ 16 ธันวาคม", "วันที่ 16 | ธันวาคม", RG_ALIGN_THAI_DISTRIBUTED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = case_text(cases[i].ending);
        int found = check_avoided(text, cases[i].bad, cases[i].align, 150, 500);
        if (!found)
            fprintf(stderr, "no width to test \"%s\" at\n", cases[i].bad);
        CHECK(found > 0);
        free(text);
    }
}

/* Seed 004's page 3 paragraph, at its width in the development plan: first
 * fit letter-spaced "จึงจัดทำ “แ ผ น พั ฒ น า ศู น ย์ …" across the measure. */
static void test_no_letter_spaced_line(void)
{
    const char *text =
        "เทศบาลนครหาดใหญ่ ได้ดำเนินการจัดตั้งศูนย์ข้อมูลข่าวสารของราชการ เทศบาลนครหาดใหญ่ "
        "และได้ดำเนินงานตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ.๒๕๔๐ ดังนั้นเพื่อให้เป็นไป"
        "ตามเกณฑ์การประเมินศูนย์ข้อมูลข่าวสารของราชการที่สำนักงานคณะกรรมการข้อมูลข่าวสารของ"
        "ราชการ สำนักงานปลัดสำนักนายกรัฐมนตรีได้กำหนดไว้ งานบริการและเผยแพร่วิชาการ "
        "ฝ่ายบริการและเผยแพร่วิชาการ กองวิชาการและแผนงาน ซึ่งรับผิดชอบดูแลศูนย์ข้อมูลข่าวสาร"
        "ของราชการ เทศบาลนครหาดใหญ่ จึงจัดทำ “แผนพัฒนาศูนย์ข้อมูลข่าวสารของราชการ "
        "เทศบาลนครหาดใหญ่ ประจำปีงบประมาณ พ.ศ.๒๕๖๓” ขึ้น";
    int found = 0;
    for (int w = 380; w <= 460; w += 2) {
        rg_break_stats before, after;
        char *a = lines_of(text, (float)w, RG_ALIGN_THAI_DISTRIBUTED, 1, &before);
        char *b = lines_of(text, (float)w, RG_ALIGN_THAI_DISTRIBUTED, 0, &after);
        if (before.loose_lines) {
            found++;
            if (after.loose_lines)
                fprintf(stderr, "at %d pt, loose: %s\n", w, b);
            CHECK_INT(after.loose_lines, 0);
        }
        CHECK(after.loose_lines <= before.loose_lines);
        free(a);
        free(b);
    }
    CHECK(found > 0);
}

/* rg_fit_lines on made-up units (a unit = a word here): widths in points,
 * and the break flags before each. */
static size_t fit(const float *widths, const uint8_t *brk, size_t n, float avail, size_t *ends)
{
    rg_fit_item items[16];
    for (size_t k = 0; k < n; k++)
        items[k] = (rg_fit_item){widths[k], RG_FIT_THAI, brk[k]};
    rg_fit_params fp = {avail, avail, RG_ALIGN_LEFT, 4};
    size_t *out = NULL, count = 0;
    CHECK(rg_fit_lines(items, n, &fp, &out, &count) == 0);
    memcpy(ends, out, count * sizeof *out);
    free(out);
    return count;
}

static void test_costs(void)
{
    enum { A = RG_BRK_ALLOWED, C = RG_BRK_ALLOWED | RG_BRK_COMPOUND,
           N = RG_BRK_ALLOWED | RG_BRK_NUMBER, F = RG_BRK_FALLBACK };
    size_t ends[16];
    /* First fit ends line 1 inside the compound (250 + 20 | 250 + 10); with
     * room on the next line the compound's first part moves there. */
    const float w1[] = {250, 20, 250, 10};
    CHECK_INT(fit(w1, (const uint8_t[]){0, A, C, A}, 4, 300, ends), 2);
    CHECK_INT(ends[0], 1);
    CHECK_INT(fit(w1, (const uint8_t[]){0, A, N, A}, 4, 300, ends), 2);
    CHECK_INT(ends[0], 1);
    CHECK_INT(fit(w1, (const uint8_t[]){0, A, A, A}, 4, 300, ends), 2);
    CHECK_INT(ends[0], 2);                 /* no penalty: the fuller first line */
    /* Avoiding it would take a third line: the split stays. */
    const float w2[] = {200, 50, 240};
    CHECK_INT(fit(w2, (const uint8_t[]){0, A, C}, 3, 260, ends), 2);
    CHECK_INT(ends[0], 2);
    /* A kept word's inner boundary only when the word is wider than a line. */
    const float w3[] = {40, 40, 20};
    CHECK_INT(fit(w3, (const uint8_t[]){0, F, A}, 3, 90, ends), 2);
    CHECK_INT(ends[0], 2);
    CHECK_INT(fit(w3, (const uint8_t[]){0, F, A}, 3, 50, ends), 3);
    CHECK_INT(ends[0], 1);
    /* A word wider than the line is cut between units, filling lines. */
    const float w4[] = {10, 10, 10, 10, 10, 10, 10};
    const uint8_t none[7] = {0};
    CHECK_INT(fit(w4, none, 7, 30, ends), 3);
    CHECK_INT(ends[0], 3);
    CHECK_INT(ends[1], 6);
    /* No room at all: one unit a line, as first fit did. */
    CHECK_INT(fit(w4, none, 3, 0, ends), 3);
}

int main(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_fontlib *lib = rg_fontlib_new(&err);
    font = lib ? rg_fontlib_font(lib, "Laksaman", RG_STYLE_REGULAR, &err) : NULL;
    if (!font) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    test_costs();
    test_issue_cases();
    test_no_letter_spaced_line();
    rg_fontlib_free(lib);
    return CHECK_DONE();
}
