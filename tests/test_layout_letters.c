/* Layout of what official letters need (the memo and the announcement),
 * read from the display list:
 * - one line in several sizes (<span size>): each run in its own size, all
 *   on one baseline;
 * - dotted leaders (<leader/>): dots from the end of the text to the stop
 *   (or the right margin), the text after a leader starting at its stop on
 *   the same line;
 * - a signature block without ลงชื่อ and dotted line (sign-line="no"):
 *   room to sign, then "(name)" and the position centred in the block. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_layout_util.h"

static rg_fontlib *fonts;
static rg_text_props P;          /* Laksaman 16 pt, lines of 20 pt */

enum { LEFT = 85, RIGHT = 57 };  /* 3 cm and 2 cm, in points */

static rg_section *letter_section(rg_document *doc)
{
    rg_section *s = rg_document_add_section(doc);
    s->page_width = 595;
    s->page_height = 842;
    s->margin_left = LEFT;
    s->margin_right = RIGHT;
    s->margin_top = 40;
    s->margin_bottom = 40;
    return s;
}

static void push_text(rg_block *b, const char *text, float size, unsigned flags)
{
    if (rg_inlines_push_text(&b->inlines, text, strlen(text), flags, size) < 0)
        abort();
}

static void push_leader(rg_block *b, float to)
{
    if (rg_inlines_push(&b->inlines, RG_INLINE_LEADER, 0) < 0)
        abort();
    b->inlines.items[b->inlines.count - 1].leader_to = to;
}

/* The dotted LINE items of page 0, in display order. */
static size_t dotted_lines(const rg_display *d, const rg_item **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < d->pages[0].item_count; i++) {
        const rg_item *it = &d->pages[0].items[i];
        if (it->kind == RG_ITEM_LINE && it->line_style == RG_LINE_DOTTED && n < cap)
            out[n++] = it;
    }
    return n;
}

static void test_sizes_in_one_line(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = letter_section(doc);
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
    push_text(b, "ส่วนราชการ", 20, RG_INLINE_BOLD);
    push_text(b, " สำนักงานเขตบางรัก", 0, 0);
    tpush(&s->body, b);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *label = tfind(&d, 0, "ส่วนราชการ"), *value = tfind(&d, 0, "สำนักงาน");
    CHECK(label && value);
    if (label && value) {
        CHECK_NEAR(label->run.size, 20, 0.001);
        CHECK_NEAR(value->run.size, 16, 0.001);
        CHECK_NEAR(label->y, value->y, 0.001);          /* one baseline */
        CHECK(value->x > label->x + label->run.width - 0.5f);
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_leaders(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = letter_section(doc);
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
    push_text(b, "ที่", 20, RG_INLINE_BOLD);
    push_text(b, " ศธ 0401/123", 0, 0);
    push_leader(b, 220);
    push_text(b, "วันที่", 20, RG_INLINE_BOLD);
    push_text(b, " 5 ธันวาคม 2566", 0, 0);
    push_leader(b, 0);
    tpush(&s->body, b);
    /* Text longer than the stop: no dots there, the rest follows the text. */
    rg_block *c = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
    push_text(c, "ยาวกว่าจุดหยุดที่กำหนดไว้", 0, 0);
    push_leader(c, 20);
    push_text(c, "ต่อ", 0, 0);
    tpush(&s->body, c);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *dots[8];
    size_t n = dotted_lines(&d, dots, 8);
    CHECK_INT(n, 2);
    const rg_item *number = tfind(&d, 0, "0401"), *date = tfind(&d, 0, "วันที่"),
                  *day = tfind(&d, 0, "ธันวาคม");
    CHECK(number && date && day && n == 2);
    if (number && date && day && n == 2) {
        CHECK(dots[0]->x > number->x + number->run.width);      /* after the text */
        CHECK(dots[0]->x < number->x + number->run.width + 8);
        CHECK_NEAR(dots[0]->x2, LEFT + 220, 0.01);               /* to the stop */
        CHECK(date->x >= LEFT + 220 && date->x < LEFT + 220 + 8); /* next text at the stop */
        CHECK_NEAR(date->y, number->y, 0.001);                  /* one line */
        CHECK(dots[1]->x > day->x + day->run.width);
        CHECK_NEAR(dots[1]->x2, 595 - RIGHT, 0.01);              /* to the right margin */
        CHECK(fabsf(dots[0]->y - number->y) < 2);                /* on the baseline */
        CHECK_NEAR(dots[0]->y, dots[1]->y, 0.001);
    }
    const rg_item *longer = tfind(&d, 0, "ยาวกว่า"), *rest = tfind(&d, 0, "ต่อ");
    CHECK(longer && rest);
    if (longer && rest) {
        CHECK_NEAR(rest->y, longer->y, 0.001);
        CHECK(rest->x > longer->x + longer->run.width);
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_plain_signature(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = letter_section(doc);
    tpush(&s->body, tpara(&P, "จึงเรียนมาเพื่อโปรดทราบ"));
    rg_block *sig = rg_block_new(RG_BLOCK_SIGNATURE, &P);
    sig->signature.sign_label = strdup("ลงชื่อ");
    sig->signature.name = strdup("นายสมชาย ใจดี");
    sig->signature.no_sign_line = 1;
    sig->signature.sign_space = 40;
    sig->signature.width = 200;
    sig->box.align = RG_ALIGN_RIGHT;
    rg_signature_add_position(&sig->signature, "ผู้อำนวยการสำนักงาน");
    tpush(&s->body, sig);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK(tfind(&d, 0, "ลงชื่อ") == NULL);
    const rg_item *dots[4];
    CHECK_INT(dotted_lines(&d, dots, 4), 0);
    const rg_item *above = tfind(&d, 0, "จึงเรียน"), *name = tfind(&d, 0, "(นายสมชาย"),
                  *pos = tfind(&d, 0, "ผู้อำนวยการ");
    CHECK(above && name && pos);
    if (above && name && pos) {
        float centre = 595 - RIGHT - 100;   /* the block's 200 pt, at the right margin */
        CHECK_NEAR(name->x + name->run.width / 2, centre, 1.0);
        CHECK_NEAR(pos->x + pos->run.width / 2, centre, 1.0);
        CHECK(above->y - name->y >= 40 + 20 - 0.01);   /* the room to sign, then a line */
        CHECK(name->y > pos->y);
    }
    int targets = tcount_kind(&d, 0, RG_ITEM_LINK_TARGET);
    CHECK_INT(targets, 1);   /* the signing tool still finds the block */
    rg_display_free(&d);
    rg_document_free(doc);
}

int main(void)
{
    fonts = tfonts();
    P = tprops(16);
    test_sizes_in_one_line();
    test_leaders();
    test_plain_signature();
    rg_fontlib_free(fonts);
    return CHECK_DONE();
}
