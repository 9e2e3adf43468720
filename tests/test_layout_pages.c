/* Layout unit tests: paragraphs on pages, page breaks and keep rules,
 * widows and orphans, sections and orientation, page X of Y, fields, lists,
 * signature blocks, determinism. Documents are built directly with the
 * model's constructors and the assertions read the display list. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_layout_util.h"

static rg_fontlib *fonts;
static rg_text_props P;          /* Laksaman 16 pt, lines of 20 pt */
static float top_baseline;       /* baseline of a body's first line on A4 */

/* Distinct baselines of text items containing s on page p, top to bottom. */
static int baselines(const rg_display *d, size_t p, const char *s, float *ys, int max)
{
    int n = 0;
    const rg_page *pg = &d->pages[p];
    for (size_t i = 0; i < pg->item_count; i++) {
        const rg_item *it = &pg->items[i];
        if (it->kind != RG_ITEM_TEXT || !strstr(it->run.text, s))
            continue;
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen |= fabsf(ys[k] - it->y) < 0.01f;
        if (!seen && n < max)
            ys[n++] = it->y;
    }
    for (int a = 0; a < n; a++)   /* sort descending (top first) */
        for (int b = a + 1; b < n; b++)
            if (ys[b] > ys[a]) {
                float t = ys[a];
                ys[a] = ys[b];
                ys[b] = t;
            }
    return n;
}

/* A paragraph of n lines exactly: n forced lines of one short word each. */
static rg_block *lines_para(const char *word, int n)
{
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
    for (int i = 0; i < n; i++) {
        if (i)
            rg_inlines_push(&b->inlines, RG_INLINE_LINE_BREAK, 0);
        rg_inlines_push_text(&b->inlines, word, strlen(word), 0, 0);
    }
    return b;
}

static void test_paragraph_across_pages(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    char *text = twords("ทดสอบการจัดหน้า", 700);
    tpush(&s->body, tpara(&P, text));
    free(text);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK(d.page_count >= 2);
    float ys[64];
    int n = baselines(&d, 0, "ทดสอบ", ys, 64);
    /* 714.33 pt of body holds 35 lines of 20 pt. */
    CHECK_INT(n, 35);
    CHECK_NEAR(ys[0], top_baseline, 0.01);
    for (int i = 1; i < n; i++)
        CHECK_NEAR(ys[i - 1] - ys[i], 20.0, 0.01);
    /* The paragraph continues at the top margin of the next page. */
    int n2 = baselines(&d, 1, "ทดสอบ", ys, 64);
    CHECK(n2 > 0);
    CHECK_NEAR(ys[0], top_baseline, 0.01);
    /* Every line starts at the left margin. */
    const rg_item *first = tfind(&d, 1, "ทดสอบ");
    CHECK(first && fabsf(first->x - 85.04f) < 0.01f);
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_keep_together(void)
{
    for (int keep = 0; keep < 2; keep++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        tpush(&s->body, lines_para("filler", 30));
        rg_block *g = rg_block_new(RG_BLOCK_GROUP, &P);
        g->box.keep_together = keep;
        tpush(&g->children, tpara(&P, "GROUPSTART"));
        tpush(&g->children, lines_para("groupline", 6));
        tpush(&g->children, tpara(&P, "GROUPEND"));
        tpush(&s->body, g);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        CHECK_INT(d.page_count, 2);
        if (keep) {
            /* The whole group moves; its first line starts page 2. */
            CHECK_INT(tpage_of(&d, "GROUPSTART"), 1);
            CHECK_INT(tcount(&d, 0, "groupline"), 0);
            CHECK_INT(tpage_of(&d, "GROUPEND"), 1);
            const rg_item *it = tfind(&d, 1, "GROUPSTART");
            CHECK(it && fabsf(it->y - top_baseline) < 0.01f);
        } else {
            CHECK_INT(tpage_of(&d, "GROUPSTART"), 0);   /* control: it would fit */
        }
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

static void test_heading_kept_with_next(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    tpush(&s->body, lines_para("filler", 34));
    rg_block *h = tpara(&P, "HEADINGX");
    h->box.keep_with_next = 1;
    tpush(&s->body, h);
    tpush(&s->body, lines_para("bodyline", 5));
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(tpage_of(&d, "HEADINGX"), 1);
    const rg_item *it = tfind(&d, 1, "HEADINGX");
    CHECK(it && fabsf(it->y - top_baseline) < 0.01f);
    CHECK_INT(tcount(&d, 1, "bodyline"), 5);
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_widows_orphans(void)
{
    /* With f filler lines, 35 - f lines of the next 4-line paragraph fit:
     * never leave exactly one line on either page. */
    for (int f = 30; f <= 34; f++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        tpush(&s->body, lines_para("filler", f));
        tpush(&s->body, lines_para("fourline", 4));
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        int on0 = tcount(&d, 0, "fourline");
        int on1 = d.page_count > 1 ? tcount(&d, 1, "fourline") : 0;
        CHECK_INT(on0 + on1, 4);
        if (on0 == 1 || on1 == 1)
            fprintf(stderr, "filler %d: %d line(s) / %d line(s)\n", f, on0, on1);
        CHECK(on0 != 1 && on1 != 1);
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

static void test_sections_landscape(void)
{
    rg_document *doc = rg_document_new();
    rg_section *a = rg_document_add_section(doc);
    tpush(&a->body, tpara(&P, "PORTRAITPAGE"));
    rg_section *b = rg_document_add_section(doc);
    b->page_width = 841.89f;
    b->page_height = 595.28f;
    b->margin_left = b->margin_right = 40;
    tpush(&b->body, tpara(&P, "LANDSCAPEPAGE"));
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(d.page_count, 2);
    CHECK_NEAR(d.pages[0].width, 595.28, 0.01);
    CHECK_NEAR(d.pages[0].height, 841.89, 0.01);
    CHECK_NEAR(d.pages[1].width, 841.89, 0.01);
    CHECK_NEAR(d.pages[1].height, 595.28, 0.01);
    CHECK_INT(tpage_of(&d, "LANDSCAPEPAGE"), 1);
    const rg_item *it = tfind(&d, 1, "LANDSCAPEPAGE");
    CHECK(it && fabsf(it->x - 40) < 0.01f);
    CHECK(it && fabsf(it->y - (top_baseline - 841.89f + 595.28f)) < 0.02f);
    rg_display_free(&d);
    rg_document_free(doc);
}

/* Concatenated text of the items on page p whose baseline is below y. */
static void page_text_below(const rg_display *d, size_t p, float y, rg_buf *out)
{
    rg_buf_reset(out);
    for (size_t i = 0; i < d->pages[p].item_count; i++) {
        const rg_item *it = &d->pages[p].items[i];
        if (it->kind == RG_ITEM_TEXT && it->y < y)
            rg_buf_puts(out, it->run.text);
    }
}

static void test_page_x_of_y(void)
{
    for (int thai = 0; thai < 2; thai++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        rg_text_props fp = P;
        fp.thai_digits = thai;
        rg_block *f = rg_block_new(RG_BLOCK_PARAGRAPH, &fp);
        f->box.align = RG_ALIGN_CENTER;
        rg_inlines_push_text(&f->inlines, "หน้า ", strlen("หน้า "), 0, 0);
        rg_inlines_push(&f->inlines, RG_INLINE_PAGE_NUMBER, 0);
        rg_inlines_push_text(&f->inlines, " จาก ", strlen(" จาก "), 0, 0);
        rg_inlines_push(&f->inlines, RG_INLINE_PAGE_COUNT, 0);
        tpush(&s->footer, f);
        tpush(&s->header, tpara(&P, "HEADERLINE"));
        for (int i = 0; i < 3; i++) {
            if (i)
                tpush(&s->body, rg_block_new(RG_BLOCK_PAGE_BREAK, &P));
            tpush(&s->body, tpara(&P, "bodytext"));
        }
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        CHECK_INT(d.page_count, 3);
        rg_buf t = RG_BUF_INIT;
        const char *want[3] = {thai ? "หน้า ๑ จาก ๓" : "หน้า 1 จาก 3",
                               thai ? "หน้า ๒ จาก ๓" : "หน้า 2 จาก 3",
                               thai ? "หน้า ๓ จาก ๓" : "หน้า 3 จาก 3"};
        for (size_t p = 0; p < d.page_count && p < 3; p++) {
            page_text_below(&d, p, 56.69f, &t);   /* the footer sits in the bottom margin */
            CHECK_STR(t.data ? t.data : "", want[p]);
            CHECK_INT(tcount(&d, p, "HEADERLINE"), 1);
            const rg_item *h = tfind(&d, p, "HEADERLINE");
            CHECK(h && h->y > 841.89f - 70.87f);  /* in the top margin */
        }
        rg_buf_free(&t);
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

static void test_restart_numbering(void)
{
    rg_document *doc = rg_document_new();
    rg_section *cover = rg_document_add_section(doc);
    cover->number_pages = 0;
    tpush(&cover->body, tpara(&P, "cover"));
    rg_section *body = rg_document_add_section(doc);
    body->restart_page_numbers = 1;
    for (rg_section *s = cover; s; s = s == cover ? body : NULL) {
        rg_block *f = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
        rg_inlines_push_text(&f->inlines, "p", 1, 0, 0);
        rg_inlines_push(&f->inlines, RG_INLINE_PAGE_NUMBER, 0);
        rg_inlines_push_text(&f->inlines, "/", 1, 0, 0);
        rg_inlines_push(&f->inlines, RG_INLINE_PAGE_COUNT, 0);
        tpush(&s->footer, f);
    }
    tpush(&body->body, lines_para("x", 50));
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(d.page_count, 3);
    rg_buf t = RG_BUF_INIT;
    page_text_below(&d, 0, 56.69f, &t);
    CHECK_STR(t.data, "p/");
    page_text_below(&d, 2, 56.69f, &t);
    CHECK_STR(t.data, "p2/2");
    rg_buf_free(&t);
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_field_hanging(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    rg_block *f = rg_block_new(RG_BLOCK_FIELD, &P);
    const char *label = "ชื่อโครงการ/กิจกรรม";
    rg_inlines_push_text(&f->field.label, label, strlen(label), RG_INLINE_BOLD, 0);
    f->field.separator = strdup(" : ");
    char *text = twords("กิจกรรมส่งเสริมศูนย์ข้อมูลข่าวสาร", 20);
    tpush(&f->field.value, tpara(&P, text));
    free(text);
    tpush(&s->body, f);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *lab = tfind(&d, 0, "ชื่อโครงการ");
    CHECK(lab != NULL);
    float ys[16];
    int n = baselines(&d, 0, "กิจกรรมส่งเสริม", ys, 16);
    CHECK(n >= 3);
    if (lab && n >= 3) {
        CHECK_NEAR(lab->x, 85.04, 0.01);
        CHECK_NEAR(lab->y, ys[0], 0.01);   /* label on the value's first baseline */
        /* Every value line starts at the same x, right of the label. */
        float x0 = -1;
        for (size_t i = 0; i < d.pages[0].item_count; i++) {
            const rg_item *it = &d.pages[0].items[i];
            if (it->kind != RG_ITEM_TEXT || !strstr(it->run.text, "กิจกรรมส่งเสริม"))
                continue;
            if (strncmp(it->run.text, "กิจกรรมส่งเสริม", strlen("กิจกรรมส่งเสริม")))
                continue;   /* not a line start */
            if (x0 < 0)
                x0 = it->x;
            CHECK_NEAR(it->x, x0, 0.01);
        }
        CHECK(x0 >= lab->x + lab->run.width - 0.01f);
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_list_markers(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    rg_text_props tp = P;
    tp.thai_digits = 1;
    rg_block *l = rg_block_new(RG_BLOCK_LIST, &tp);
    l->list.marker = RG_MARKER_DECIMAL;
    l->list.number_prefix = strdup("๓.");
    for (int i = 0; i < 2; i++) {
        rg_blocks *item = rg_list_add_item(&l->list);
        char *text = twords(i ? "ศูนย์ข้อมูลข่าวสาร" : "ปรับปรุงข้อมูลข่าวสาร", 12);
        tpush(item, tpara(&tp, text));
        free(text);
    }
    tpush(&s->body, l);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *m1 = tfind(&d, 0, "๓.๑."), *m2 = tfind(&d, 0, "๓.๒.");
    const rg_item *t1 = tfind(&d, 0, "ปรับปรุง"), *t2 = tfind(&d, 0, "ศูนย์ข้อมูล");
    CHECK(m1 && m2 && t1 && t2);
    if (m1 && m2 && t1 && t2) {
        CHECK_NEAR(m1->x, 85.04, 0.01);
        CHECK_NEAR(m1->y, t1->y, 0.01);
        CHECK_NEAR(m2->y, t2->y, 0.01);
        CHECK(t1->x >= m1->x + m1->run.width);
        CHECK_NEAR(t1->x, t2->x, 0.01);
        /* Continuation lines hang under the item text, not under the marker. */
        float ys[16];
        int n = baselines(&d, 0, "ปรับปรุง", ys, 16);
        CHECK(n >= 2);
        for (size_t i = 0; i < d.pages[0].item_count; i++) {
            const rg_item *it = &d.pages[0].items[i];
            if (it->kind == RG_ITEM_TEXT && strstr(it->run.text, "ปรับปรุง"))
                CHECK_NEAR(it->x, t1->x, 0.01);
        }
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_signature(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    tpush(&s->body, lines_para("filler", 32));
    rg_block *cert = tpara(&P, "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้");
    cert->box.keep_with_next = 1;
    tpush(&s->body, cert);
    rg_block *sig = rg_block_new(RG_BLOCK_SIGNATURE, &P);
    sig->box.align = RG_ALIGN_CENTER;
    sig->signature.sign_label = strdup("ลงชื่อ");
    sig->signature.role = strdup("ผู้เขียนแผนฯ");
    sig->signature.name = strdup("นางสาวจันทร์จิรา มั่นสปียะเลิศ");
    sig->signature.field_name = strdup("writer");
    sig->signature.line_width = 120;
    rg_signature_add_position(&sig->signature, "นักประชาสัมพันธ์ปฏิบัติการ");
    tpush(&s->body, sig);
    rg_block *sig2 = rg_block_new(RG_BLOCK_SIGNATURE, &P);
    sig2->signature.role = strdup("(ผู้รายงานข้อมูล)");
    tpush(&s->body, sig2);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    /* 32 + 1 + 3 lines > 35: the certification moves with its signature. */
    CHECK_INT(d.page_count, 2);
    CHECK_INT(tpage_of(&d, "ขอรับรอง"), 1);
    CHECK_INT(tpage_of(&d, "ผู้เขียนแผนฯ"), 1);
    const rg_item *target = NULL, *dots = NULL;
    int targets = 0;
    for (size_t i = 0; i < d.pages[1].item_count; i++) {
        const rg_item *it = &d.pages[1].items[i];
        if (it->kind == RG_ITEM_LINK_TARGET) {
            targets++;
            if (!strcmp(it->path, "writer"))
                target = it;
        }
        if (it->kind == RG_ITEM_LINE && it->line_style == RG_LINE_DOTTED && !dots)
            dots = it;
    }
    CHECK_INT(targets, 2);
    CHECK(target && dots);
    const rg_item *label = tfind(&d, 1, "ลงชื่อ"), *name = tfind(&d, 1, "(นางสาวจันทร์จิรา");
    const rg_item *pos = tfind(&d, 1, "นักประชาสัมพันธ์");
    CHECK(label && name && pos);
    if (target && dots && label && name && pos) {
        CHECK_NEAR(dots->x2 - dots->x, 120, 0.01);
        CHECK(dots->x > label->x + label->run.width);       /* after ลงชื่อ */
        CHECK(fabsf(dots->y - label->y) < 3);                /* on its line */
        float cx = (dots->x + dots->x2) / 2;
        CHECK_NEAR(name->x + name->run.width / 2, cx, 0.5);  /* name centred under the line */
        CHECK_NEAR(pos->x + pos->run.width / 2, cx, 0.5);
        CHECK(name->y < label->y && pos->y < name->y);
        /* The target rectangle covers the block's lines. */
        CHECK(target->y <= pos->y && target->y + target->h >= label->y);
        CHECK(target->x <= label->x + 0.01f);
    }
    /* An empty name prints "(" dotted ")". */
    CHECK(tfind(&d, 1, "(ผู้รายงานข้อมูล)") != NULL);
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_tall_header_pushes_body(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    tpush(&s->header, lines_para("headerline", 4));   /* 80 pt: taller than the 70.87 pt margin */
    tpush(&s->body, lines_para("bodyline", 60));
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    float ys[64];
    int nh = baselines(&d, 0, "headerline", ys, 64);
    CHECK_INT(nh, 4);
    float header_bottom = ys[3];
    /* header top at 40% of the margin; body below it after the 6 pt gap */
    float line_baseline = 841.89f - 70.87f - top_baseline;   /* baseline below a line's top */
    CHECK_NEAR(ys[0], 841.89 - 70.87 * 0.4 - line_baseline, 0.02);
    int nb = baselines(&d, 0, "bodyline", ys, 64);
    CHECK(nb > 0 && nb < 35);
    CHECK(ys[0] < header_bottom - 20);
    CHECK_NEAR(ys[0], header_bottom - 20 - 6, 0.02);
    CHECK_INT(tcount(&d, 1, "headerline"), 4);
    rg_display_free(&d);
    rg_document_free(doc);
}

static int same_display(const rg_display *a, const rg_display *b)
{
    if (a->page_count != b->page_count)
        return 0;
    for (size_t p = 0; p < a->page_count; p++) {
        const rg_page *x = &a->pages[p], *y = &b->pages[p];
        if (x->item_count != y->item_count)
            return 0;
        for (size_t i = 0; i < x->item_count; i++) {
            const rg_item *u = &x->items[i], *v = &y->items[i];
            if (u->kind != v->kind || u->x != v->x || u->y != v->y || u->w != v->w ||
                u->h != v->h || u->x2 != v->x2 || u->y2 != v->y2 ||
                u->run.glyph_count != v->run.glyph_count ||
                (u->run.text && strcmp(u->run.text, v->run.text)))
                return 0;
            for (size_t g = 0; g < u->run.glyph_count; g++)
                if (u->run.glyphs[g].gid != v->run.glyphs[g].gid ||
                    u->run.glyphs[g].x != v->run.glyphs[g].x)
                    return 0;
        }
    }
    return 1;
}

static void test_determinism(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    char *text = twords("ความก้าวหน้าของงาน 20.00 %", 200);
    tpush(&s->body, tpara(&P, text));
    free(text);
    rg_display a, b;
    CHECK(tlayout(doc, fonts, &a) == 0);
    CHECK(tlayout(doc, fonts, &b) == 0);
    CHECK(same_display(&a, &b));
    rg_display_free(&a);
    rg_display_free(&b);
    rg_document_free(doc);
}

int main(void)
{
    fonts = tfonts();
    P = tprops(16);
    rg_error err;
    rg_font *f = rg_fontlib_font(fonts, "Laksaman", RG_STYLE_REGULAR, &err);
    if (!f)
        return 1;
    float asc = rg_font_ascent(f, 16), desc = rg_font_descent(f, 16);
    top_baseline = 841.89f - 70.87f - ((20 - (asc + desc)) / 2 + asc);

    test_paragraph_across_pages();
    test_keep_together();
    test_heading_kept_with_next();
    test_widows_orphans();
    test_sections_landscape();
    test_page_x_of_y();
    test_restart_numbering();
    test_field_hanging();
    test_list_markers();
    test_signature();
    test_tall_header_pushes_body();
    test_determinism();
    rg_fontlib_free(fonts);
    return CHECK_DONE();
}
