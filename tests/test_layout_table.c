/* Layout unit tests for tables and images: header rows repeated on every
 * page, the cells of a row kept on one baseline band across page breaks (the
 * old system's shifted rows in seed 003), rows taller than a page cut and
 * continued under the header with no line lost, rows kept together, colspan
 * and rowspan, Gantt bars meeting across cells, images keeping their
 * aspect ratio. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_layout_util.h"

static rg_fontlib *fonts;
static rg_text_props P;

static rg_cell *text_cell(rg_row *row, const char *text)
{
    rg_cell *c = rg_row_add_cell(row);
    if (!c)
        abort();
    if (text)
        tpush(&c->content, tpara(&P, text));
    return c;
}

/* A two-column table (number, text) with a header row, on A4 portrait. */
static rg_block *number_table(void)
{
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &P);
    t->table.column_count = 2;
    t->table.column_widths = calloc(2, sizeof(float));
    t->table.column_widths[0] = 50;
    t->table.column_widths[1] = -1;
    t->table.border_width = 0.5f;
    t->table.cell_padding = 4;
    rg_row *h = rg_table_add_row(&t->table);
    h->header = 1;
    text_cell(h, "ที่");
    text_cell(h, "TEXTHEAD");
    return t;
}

static void test_header_repeated_rows_aligned(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    rg_block *t = number_table();
    for (int i = 1; i <= 30; i++) {
        rg_row *r = rg_table_add_row(&t->table);
        char num[16], text[64];
        snprintf(num, sizeof num, "n%02d.", i);
        snprintf(text, sizeof text, "t%02d", i);
        text_cell(r, num);
        /* 1 to 4 lines of text per row */
        char *body = twords("รายงานความก้าวหน้า", 3 + (i % 4) * 6);
        rg_cell *c = rg_row_add_cell(r);
        rg_block *p = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
        rg_inlines_push_text(&p->inlines, text, strlen(text), 0, 0);
        rg_inlines_push_text(&p->inlines, " ", 1, 0, 0);
        rg_inlines_push_text(&p->inlines, body, strlen(body), 0, 0);
        tpush(&c->content, p);
        free(body);
    }
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK(d.page_count >= 2);
    for (size_t p = 0; p < d.page_count; p++) {
        CHECK_INT(tcount(&d, p, "TEXTHEAD"), 1);
        CHECK_INT(tcount(&d, p, "ที่"), 1);
        const rg_item *h = tfind(&d, p, "TEXTHEAD");
        const rg_item *first_row = NULL;
        for (size_t i = 0; i < d.pages[p].item_count && !first_row; i++)
            if (d.pages[p].items[i].kind == RG_ITEM_TEXT && d.pages[p].items[i].run.text[0] == 'n')
                first_row = &d.pages[p].items[i];
        CHECK(h && first_row && h->y > first_row->y);   /* header above the rows */
    }
    /* Each number sits on the baseline of its own text's first line, in order. */
    int prev_page = 0;
    float prev_y = 1e9f;
    for (int i = 1; i <= 30; i++) {
        char num[16], text[16];
        snprintf(num, sizeof num, "n%02d.", i);
        snprintf(text, sizeof text, "t%02d", i);
        int pn = tpage_of(&d, num), pt = tpage_of(&d, text);
        CHECK_INT(pn, pt);
        if (pn < 0 || pn != pt)
            continue;
        const rg_item *a = tfind(&d, pn, num), *b = tfind(&d, pt, text);
        CHECK_NEAR(a->y, b->y, 0.01);
        CHECK(pn > prev_page || (pn == prev_page && a->y < prev_y));
        prev_page = pn;
        prev_y = a->y;
    }
    /* Text stays inside its cell: vertical borders at x = left, left+50, right. */
    float left = 85.04f, right = 595.28f - 56.69f;
    for (size_t p = 0; p < d.page_count; p++)
        for (size_t i = 0; i < d.pages[p].item_count; i++) {
            const rg_item *it = &d.pages[p].items[i];
            if (it->kind != RG_ITEM_TEXT)
                continue;
            int in_num = it->x < left + 50;
            float lo = in_num ? left : left + 50, hi = in_num ? left + 50 : right;
            CHECK(it->x >= lo + 4 - 0.02f && it->x + it->run.width <= hi - 4 + 0.02f);
        }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_row_taller_than_page(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    tpush(&s->body, tpara(&P, "before the table"));
    rg_block *t = number_table();
    rg_row *r1 = rg_table_add_row(&t->table);
    text_cell(r1, "n01.");
    text_cell(r1, "short row");
    rg_row *r2 = rg_table_add_row(&t->table);
    text_cell(r2, "n02.");
    rg_buf text = RG_BUF_INIT;
    for (int i = 1; i <= 700; i++)
        rg_buf_printf(&text, "%sw%03d", i > 1 ? " " : "", i);
    text_cell(r2, text.data);
    rg_row *r3 = rg_table_add_row(&t->table);
    text_cell(r3, "n03.");
    text_cell(r3, "last row");
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK(d.page_count >= 3);
    /* Every word exactly once, in order, across the pages. */
    int expect = 1, dup_or_gap = 0;
    for (size_t p = 0; p < d.page_count; p++) {
        const rg_item *h = tfind(&d, p, "TEXTHEAD");
        CHECK(h != NULL);
        int first_on_page = 1;
        for (size_t i = 0; i < d.pages[p].item_count; i++) {
            const rg_item *it = &d.pages[p].items[i];
            if (it->kind != RG_ITEM_TEXT || it->run.text[0] != 'w')
                continue;
            if (first_on_page && p > 0 && h) {
                /* The continuation starts right under the repeated header row. */
                CHECK(it->y < h->y);
                CHECK(h->y - it->y < 2 * 20 + 8 + 0.5f);
            }
            first_on_page = 0;
            const char *w = it->run.text;
            while ((w = strchr(w, 'w'))) {
                int n = atoi(w + 1);
                if (n != expect)
                    dup_or_gap++;
                expect = n + 1;
                w++;
            }
        }
    }
    CHECK_INT(dup_or_gap, 0);
    CHECK_INT(expect, 701);
    /* n02. stays on the page where its row starts, beside w001. */
    CHECK_INT(tpage_of(&d, "n02."), tpage_of(&d, "w001"));
    const rg_item *a = tfind(&d, 0, "n02."), *b = tfind(&d, 0, "w001");
    CHECK(a && b && fabsf(a->y - b->y) < 0.01f);
    /* The page with the row's cut has its bottom border closed near the body bottom. */
    int closed = 0;
    for (size_t i = 0; i < d.pages[0].item_count; i++) {
        const rg_item *it = &d.pages[0].items[i];
        if (it->kind == RG_ITEM_LINE && it->y == it->y2 && it->y < 56.69f + 30 && it->y >= 56.69f - 0.01f)
            closed++;
    }
    CHECK(closed >= 2);   /* both cells of the row */
    CHECK(tfind(&d, d.page_count - 1, "last row") != NULL);
    rg_buf_free(&text);
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_rows_kept_together(void)
{
    for (int keep = 0; keep < 2; keep++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        rg_block *filler = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
        for (int i = 0; i < 32; i++) {
            if (i)
                rg_inlines_push(&filler->inlines, RG_INLINE_LINE_BREAK, 0);
            rg_inlines_push_text(&filler->inlines, "f", 1, 0, 0);
        }
        tpush(&s->body, filler);
        rg_block *t = number_table();
        t->table.rows[0].header = 0;
        for (int i = 0; i < 3; i++) {
            rg_row *r = rg_table_add_row(&t->table);
            r->keep_with_next = keep && i < 2;
            char num[16];
            snprintf(num, sizeof num, "k%d", i);
            text_cell(r, num);
            text_cell(r, "activity detail");
        }
        tpush(&s->body, t);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        int p0 = tpage_of(&d, "k0"), p2 = tpage_of(&d, "k2");
        if (keep) {
            CHECK_INT(p0, 1);
            CHECK_INT(p2, 1);
        } else {
            CHECK_INT(p0, 0);   /* control: the first row fits on page 1 */
            CHECK_INT(p2, 1);
        }
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

static void test_spans(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &P);
    t->table.column_count = 3;
    t->table.column_widths = calloc(3, sizeof(float));
    t->table.column_widths[0] = 100;
    t->table.column_widths[1] = -1;
    t->table.column_widths[2] = -2;
    t->table.border_width = 0.5f;
    t->table.cell_padding = 3;
    rg_row *r1 = rg_table_add_row(&t->table);
    rg_cell *a = text_cell(r1, "AAA");
    a->rowspan = 3;
    text_cell(r1, "BBB");
    text_cell(r1, "CCC");
    rg_row *r2 = rg_table_add_row(&t->table);
    rg_cell *de = text_cell(r2, "DDD");
    de->colspan = 2;
    rg_row *r3 = rg_table_add_row(&t->table);
    text_cell(r3, "EEE");
    text_cell(r3, "FFF");
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *A = tfind(&d, 0, "AAA"), *B = tfind(&d, 0, "BBB"), *C = tfind(&d, 0, "CCC");
    const rg_item *D = tfind(&d, 0, "DDD"), *E = tfind(&d, 0, "EEE"), *F = tfind(&d, 0, "FFF");
    CHECK(A && B && C && D && E && F);
    if (A && B && C && D && E && F) {
        float left = 85.04f, width = 595.28f - 85.04f - 56.69f;
        float share = (width - 100) / 3;
        CHECK_NEAR(A->x, left + 3, 0.01);
        CHECK_NEAR(B->x, left + 100 + 3, 0.01);      /* shares: 1 and 2 */
        CHECK_NEAR(C->x, left + 100 + share + 3, 0.01);
        CHECK_NEAR(D->x, B->x, 0.01);                /* column 0 is taken by AAA's rowspan */
        CHECK_NEAR(E->x, B->x, 0.01);
        CHECK_NEAR(F->x, C->x, 0.01);
        CHECK(D->y < B->y && E->y < D->y);
        CHECK_NEAR(A->y, B->y, 0.01);
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_gantt_bars(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    s->page_width = 841.89f;
    s->page_height = 595.28f;
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &P);
    t->table.column_count = 14;
    t->table.column_widths = calloc(14, sizeof(float));
    t->table.column_widths[0] = 30;
    t->table.column_widths[1] = -6;
    for (int i = 2; i < 14; i++)
        t->table.column_widths[i] = -1;
    t->table.border_width = 0.5f;
    t->table.cell_padding = 3;
    rg_row *r = rg_table_add_row(&t->table);
    text_cell(r, "๘.");
    text_cell(r, "จัดทำคู่มือรับฟังความคิดเห็น และแบบฟอร์มรับฟังความคิดเห็น ข้อเสนอแนะ");
    for (int m = 0; m < 12; m++) {
        rg_cell *c = text_cell(r, NULL);
        c->bar = m >= 2 && m <= 7;
    }
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *bars[12];
    int n = 0;
    for (size_t i = 0; i < d.pages[0].item_count; i++)
        if (d.pages[0].items[i].kind == RG_ITEM_RECT && d.pages[0].items[i].fill && n < 12)
            bars[n++] = &d.pages[0].items[i];
    CHECK_INT(n, 6);
    float lowest, highest;
    ttext_extent(&d, 0, &lowest, &highest);
    for (int i = 0; i + 1 < n; i++) {
        CHECK(bars[i]->x + bars[i]->w == bars[i + 1]->x);   /* exactly: no gap, no overlap */
        CHECK(bars[i]->y == bars[i + 1]->y && bars[i]->h == bars[i + 1]->h);
    }
    if (n == 6) {
        /* Mid-height of the row: the row's top and bottom borders are equidistant. */
        float top = -1, bottom = 1e9f;
        for (size_t i = 0; i < d.pages[0].item_count; i++) {
            const rg_item *it = &d.pages[0].items[i];
            if (it->kind == RG_ITEM_LINE && it->y == it->y2 && it->x >= bars[0]->x - 0.01f &&
                it->x2 <= bars[0]->x + bars[0]->w + 0.01f) {
                if (it->y > top)
                    top = it->y;
                if (it->y < bottom)
                    bottom = it->y;
            }
        }
        CHECK_NEAR(bars[0]->y + bars[0]->h / 2, (top + bottom) / 2, 0.01);
        CHECK(top - bottom > 2 * 20);   /* the text column wraps to at least two lines */
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_signatures_side_by_side_and_valign(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &P);
    t->table.column_count = 3;
    t->table.column_widths = calloc(3, sizeof(float));
    t->table.column_widths[0] = t->table.column_widths[1] = -1;
    t->table.column_widths[2] = 60;
    rg_row *r = rg_table_add_row(&t->table);
    const char *names[2] = {"left_signer", "right_signer"};
    for (int i = 0; i < 2; i++) {
        rg_cell *c = rg_row_add_cell(r);
        rg_block *sig = rg_block_new(RG_BLOCK_SIGNATURE, &P);
        sig->box.align = RG_ALIGN_CENTER;
        sig->signature.role = strdup(i ? "ผู้อนุมัติ" : "ผู้รายงาน");
        sig->signature.line_width = 80;
        sig->signature.field_name = strdup(names[i]);
        rg_signature_add_position(&sig->signature, "ตำแหน่ง");
        tpush(&c->content, sig);
    }
    rg_cell *mid = text_cell(r, "MID");
    mid->valign = RG_VALIGN_MIDDLE;
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    const rg_item *tg[2] = {NULL, NULL};
    for (size_t i = 0; i < d.pages[0].item_count; i++) {
        const rg_item *it = &d.pages[0].items[i];
        for (int k = 0; k < 2; k++)
            if (it->kind == RG_ITEM_LINK_TARGET && !strcmp(it->path, names[k]))
                tg[k] = it;
    }
    CHECK(tg[0] && tg[1]);
    float left = 85.04f, half = (595.28f - 85.04f - 56.69f - 60) / 2;
    if (tg[0] && tg[1]) {
        CHECK(tg[0]->x >= left && tg[0]->x + tg[0]->w <= left + half + 0.01f);
        CHECK(tg[1]->x >= left + half - 0.01f && tg[1]->x + tg[1]->w <= left + 2 * half + 0.01f);
        CHECK_NEAR(tg[0]->y, tg[1]->y, 0.01);
        CHECK_NEAR(tg[0]->h, tg[1]->h, 0.01);
        /* The one-line cell is centred on the three-line signatures: its
         * baseline is the signatures' middle line's baseline. */
        const rg_item *m = tfind(&d, 0, "MID");
        const rg_item *name_line = NULL;
        for (size_t i = 0; i < d.pages[0].item_count; i++) {
            const rg_item *it = &d.pages[0].items[i];
            if (it->kind == RG_ITEM_TEXT && !strcmp(it->run.text, "(") && it->x < left + half)
                name_line = it;
        }
        CHECK(m && name_line);
        if (m && name_line)
            CHECK_NEAR(m->y, name_line->y, 0.05);
    }
    rg_display_free(&d);
    rg_document_free(doc);
}

static void write_png_header(const char *path, unsigned w, unsigned h)
{
    unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                             'I', 'H', 'D', 'R'};
    for (int i = 0; i < 4; i++) {
        png[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        png[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    png[24] = 8;
    png[25] = 2;
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(png, 1, sizeof png, f) != sizeof png)
        abort();
    fclose(f);
}

static void test_images(void)
{
    char path[] = "/tmp/rg_layout_imgXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    write_png_header(path, 200, 100);
    struct { float w, h, ew, eh; } cases[] = {
        {100, 0, 100, 50}, {0, 80, 160, 80}, {0, 0, 150, 75}, {300, 60, 120, 60},
        {1000, 0, 595.28f - 85.04f - 56.69f, (595.28f - 85.04f - 56.69f) / 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        rg_block *im = rg_block_new(RG_BLOCK_IMAGE, &P);
        im->image.path = strdup(path);
        im->image.width = cases[k].w;
        im->image.height = cases[k].h;
        im->box.align = RG_ALIGN_CENTER;
        tpush(&s->body, im);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        const rg_item *it = NULL;
        for (size_t i = 0; i < d.pages[0].item_count; i++)
            if (d.pages[0].items[i].kind == RG_ITEM_IMAGE)
                it = &d.pages[0].items[i];
        CHECK(it != NULL);
        if (it) {
            CHECK_NEAR(it->w, cases[k].ew, 0.01);
            CHECK_NEAR(it->h, cases[k].eh, 0.01);
            CHECK_NEAR(it->x + it->w / 2, 85.04 + (595.28 - 85.04 - 56.69) / 2, 0.02);
            CHECK_NEAR(it->y + it->h, 841.89 - 70.87, 0.02);
            CHECK_STR(it->path, path);
        }
        rg_display_free(&d);
        rg_document_free(doc);
    }
    /* A missing file is an error naming it. */
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    rg_block *im = rg_block_new(RG_BLOCK_IMAGE, &P);
    im->image.path = strdup("/nonexistent/logo.png");
    tpush(&s->body, im);
    rg_display d;
    rg_display_init(&d);
    rg_error err;
    rg_error_clear(&err);
    CHECK(rg_layout_document(doc, fonts, &d, &err) < 0);
    CHECK(strstr(err.message, "/nonexistent/logo.png") != NULL);
    CHECK_INT(d.page_count, 0);
    rg_document_free(doc);
    unlink(path);
}

/* A header row is never cut at a page bottom (the old system's seed-003
 * fault): wherever the table starts, its three-line header, the heading
 * kept with it and the first body row all stand on one page. */
static void test_header_never_cut(void)
{
    int straddled = 0;
    for (int lines = 20; lines <= 40; lines++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        for (int i = 0; i < lines; i++)
            tpush(&s->body, tpara(&P, "filler"));
        rg_block *heading = tpara(&P, "HEADING");
        heading->box.keep_with_next = 1;
        tpush(&s->body, heading);
        rg_block *t = number_table();
        rg_cell *tall = &t->table.rows[0].cells[1];
        rg_block *hp = tall->content.items[0];
        rg_inlines_push(&hp->inlines, RG_INLINE_LINE_BREAK, 0);
        rg_inlines_push_text(&hp->inlines, "HB", 2, 0, 0);
        rg_inlines_push(&hp->inlines, RG_INLINE_LINE_BREAK, 0);
        rg_inlines_push_text(&hp->inlines, "HC", 2, 0, 0);
        for (int i = 1; i <= 3; i++) {
            rg_row *r = rg_table_add_row(&t->table);
            text_cell(r, i == 1 ? "R01" : "Rxx");
            text_cell(r, "row");
        }
        tpush(&s->body, t);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        int ph = tpage_of(&d, "HEADING"), pa = tpage_of(&d, "TEXTHEAD");
        CHECK_INT(tpage_of(&d, "HB"), pa);
        CHECK_INT(tpage_of(&d, "HC"), pa);
        CHECK_INT(ph, pa);
        CHECK_INT(tpage_of(&d, "R01"), pa);
        straddled += pa > 0 && tpage_of(&d, "filler") == 0 &&
                     tfind(&d, (size_t)pa - 1, "filler") != NULL;
        rg_display_free(&d);
        rg_document_free(doc);
    }
    CHECK(straddled > 0);   /* some offsets did push the table to the next page */
}

int main(void)
{
    fonts = tfonts();
    P = tprops(16);
    test_header_repeated_rows_aligned();
    test_header_never_cut();
    test_row_taller_than_page();
    test_rows_kept_together();
    test_spans();
    test_gantt_bars();
    test_signatures_side_by_side_and_valign();
    test_images();
    rg_fontlib_free(fonts);
    return CHECK_DONE();
}
