/* Layout unit tests of two block details, read from the display list:
 * - <space at-page-top="keep"> (rg_block.space_kept): kept where a plain
 *   space is dropped (the top of a section's first page, right after a page
 *   break), and never left alone at the bottom of a page;
 * - a field's separator drawn in the weight its separator_flags ask for (a
 *   bold label's colon is bold). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_layout_util.h"

static rg_fontlib *fonts;
static rg_text_props P;          /* Laksaman 16 pt, lines of 20 pt */

static rg_block *space_block(float height, int kept)
{
    rg_block *b = rg_block_new(RG_BLOCK_SPACE, &P);
    if (!b)
        abort();
    b->box.space_before = height;
    b->space_kept = kept;
    return b;
}

/* A small page (400 pt tall, body 360 pt from y = 380 down) so the space
 * arithmetic is easy to follow. */
static rg_section *small_section(rg_document *doc, float margin_top)
{
    rg_section *s = rg_document_add_section(doc);
    s->page_height = 400;
    s->margin_top = margin_top;
    s->margin_bottom = 20;
    return s;
}

/* Baseline of the first text item containing text on page p, or NAN. */
static float baseline_of(const rg_display *d, size_t p, const char *text)
{
    const rg_item *it = tfind(d, p, text);
    return it ? it->y : NAN;
}

/* The baseline of one paragraph alone at the top of a page whose top margin
 * is margin_top: where a kept space must put it. */
static float reference_baseline(float margin_top)
{
    rg_document *doc = rg_document_new();
    rg_section *s = small_section(doc, margin_top);
    tpush(&s->body, tpara(&P, "ชื่อเรื่อง"));
    rg_display d;
    float y = NAN;
    if (tlayout(doc, fonts, &d) == 0)
        y = baseline_of(&d, 0, "ชื่อเรื่อง");
    rg_display_free(&d);
    rg_document_free(doc);
    return y;
}

/* The cover case: space at the very top of a section's first page. */
static void test_space_at_section_top(void)
{
    float at_20 = reference_baseline(20), at_90 = reference_baseline(90);
    CHECK(at_20 - at_90 > 69);
    for (int kept = 0; kept <= 1; kept++) {
        rg_document *doc = rg_document_new();
        rg_section *s = small_section(doc, 20);
        tpush(&s->body, space_block(70, kept));
        tpush(&s->body, tpara(&P, "ชื่อเรื่อง"));
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        CHECK_INT(d.page_count, 1);
        /* kept: 20 pt margin + 70 pt space = where a 90 pt margin puts it. */
        CHECK_NEAR(baseline_of(&d, 0, "ชื่อเรื่อง"), kept ? at_90 : at_20, 0.01);
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

/* Right after a page break inside the flow: a plain space is dropped there,
 * a kept one is not. Between blocks both are the same space. */
static void test_space_after_page_break(void)
{
    float at_20 = reference_baseline(20), at_90 = reference_baseline(90);
    for (int kept = 0; kept <= 1; kept++) {
        rg_document *doc = rg_document_new();
        rg_section *s = small_section(doc, 20);
        tpush(&s->body, tpara(&P, "หนึ่ง"));
        tpush(&s->body, space_block(30, kept));
        tpush(&s->body, tpara(&P, "สอง"));
        tpush(&s->body, rg_block_new(RG_BLOCK_PAGE_BREAK, &P));
        tpush(&s->body, space_block(70, kept));
        tpush(&s->body, tpara(&P, "ชื่อเรื่อง"));
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        CHECK_INT(d.page_count, 2);
        CHECK_NEAR(baseline_of(&d, 0, "หนึ่ง") - baseline_of(&d, 0, "สอง"), 20 + 30, 0.01);
        CHECK_NEAR(baseline_of(&d, 1, "ชื่อเรื่อง"), kept ? at_90 : at_20, 0.01);
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

/* A kept space that fits at the bottom of a page while the block after it
 * does not goes to the next page with that block, and is kept there. The
 * space before it (the previous block's space-after) is dropped there, as
 * any space at the top of a page. */
static void test_space_moves_with_next_block(void)
{
    float at_90 = reference_baseline(90);
    rg_document *doc = rg_document_new();
    rg_section *s = small_section(doc, 20);
    char name[16];
    for (int i = 1; i <= 14; i++) {   /* 14 lines of 20 pt: 80 pt of 360 left */
        snprintf(name, sizeof name, "L%02d", i);
        tpush(&s->body, tpara(&P, name));
    }
    s->body.items[s->body.count - 1]->box.space_after = 4;
    tpush(&s->body, space_block(70, 1));   /* 4 + 70 fits, 4 + 70 + 20 does not */
    tpush(&s->body, tpara(&P, "ชื่อเรื่อง"));
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(d.page_count, 2);
    CHECK_INT(tpage_of(&d, "L14"), 0);
    CHECK_INT(tpage_of(&d, "ชื่อเรื่อง"), 1);
    CHECK_NEAR(baseline_of(&d, 1, "ชื่อเรื่อง"), at_90, 0.01);
    rg_display_free(&d);
    rg_document_free(doc);
}

/* A kept space taller than the body is cut to the body's height rather
 * than overflowing the page: the text after it starts the next page. */
static void test_space_taller_than_page(void)
{
    float at_20 = reference_baseline(20);
    rg_document *doc = rg_document_new();
    rg_section *s = small_section(doc, 20);
    tpush(&s->body, space_block(5000, 1));
    tpush(&s->body, tpara(&P, "ชื่อเรื่อง"));
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(d.page_count, 2);
    CHECK_INT(tpage_of(&d, "ชื่อเรื่อง"), 1);
    CHECK_NEAR(baseline_of(&d, 1, "ชื่อเรื่อง"), at_20, 0.01);
    rg_display_free(&d);
    rg_document_free(doc);
}

/* 1 if a text item on page 0 containing text is drawn in a bold face. */
static int drawn_bold(const rg_display *d, const char *text)
{
    const rg_item *it = tfind(d, 0, text);
    if (!it || !it->run.face)
        return -1;
    return strstr(rg_face_style_name(it->run.face), "Bold") != NULL;
}

/* "1. ชื่อตัวชี้วัด :" with label-bold: the colon is bold with its label;
 * without separator flags it stays in the field's weight. */
static void test_field_separator_weight(void)
{
    for (int bold = 0; bold <= 1; bold++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        rg_block *f = rg_block_new(RG_BLOCK_FIELD, &P);
        const char *label = "ชื่อตัวชี้วัด";
        if (!f || rg_inlines_push_text(&f->field.label, label, strlen(label), RG_INLINE_BOLD, 0) < 0
            || !(f->field.separator = strdup(" : ")))
            abort();
        f->field.separator_flags = bold ? RG_INLINE_BOLD : 0;
        tpush(&f->field.value, tpara(&P, "ร้อยละของหน่วยงาน"));
        tpush(&s->body, f);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        CHECK_INT(drawn_bold(&d, "ชื่อตัวชี้วัด"), 1);
        CHECK_INT(drawn_bold(&d, ":"), bold);
        CHECK_INT(drawn_bold(&d, "ร้อยละ"), 0);
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

int main(void)
{
    fonts = tfonts();
    P = tprops(16);
    test_space_at_section_top();
    test_space_after_page_break();
    test_space_moves_with_next_block();
    test_space_taller_than_page();
    test_field_separator_weight();
    rg_fontlib_free(fonts);
    return CHECK_DONE();
}
