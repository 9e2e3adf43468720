/* Layout robustness: many pseudo-random documents (fixed seed, so the test
 * is reproducible) mixing paragraphs, fields, nested lists, keep rules, page
 * breaks, signature blocks and tables with spans, tall rows, header rows and
 * odd column widths, on pages of several sizes. Layout must terminate, and
 * every text run must land inside its page, and the same input must give
 * the same output. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_layout_util.h"

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

static const char *words[] = {"ศูนย์ข้อมูลข่าวสาร", "ของราชการ", "กรุงเทพมหานคร", "2.00 %",
                              "27/10/2560", "โครงการ", "CLEAN", "สำนักงานเขต",
                              "ผลักดันให้หน่วยงานสมัครเข้ารับการคัดเลือก", "(CD-ROM)"};

static char *random_text(unsigned max_words)
{
    rg_buf b = RG_BUF_INIT;
    unsigned n = 1 + rnd(max_words);
    for (unsigned i = 0; i < n; i++)
        rg_buf_printf(&b, "%s%s", i ? " " : "", words[rnd(10)]);
    return rg_buf_steal(&b);
}

static rg_text_props random_props(void)
{
    rg_text_props p = tprops((float)(10 + rnd(10)));
    p.bold = rnd(4) == 0;
    p.thai_digits = rnd(2);
    p.line_height = rnd(3) ? 1.2f : 0;
    return p;
}

static rg_block *random_block(int depth);

static void random_blocks(rg_blocks *list, int depth, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        tpush(list, random_block(depth + 1));
}

static rg_block *random_table(int depth)
{
    rg_text_props p = random_props();
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &p);
    size_t cols = 1 + rnd(6);
    t->table.column_count = cols;
    t->table.column_widths = calloc(cols, sizeof(float));
    for (size_t c = 0; c < cols; c++)
        t->table.column_widths[c] = rnd(2) ? -(float)(1 + rnd(3)) : (float)(20 + rnd(200));
    t->table.border_width = rnd(3) ? 0.5f : 0;
    t->table.cell_padding = (float)rnd(6);
    unsigned rows = 1 + rnd(depth ? 4 : 25);
    for (unsigned r = 0; r < rows; r++) {
        rg_row *row = rg_table_add_row(&t->table);
        row->header = r < 2 && rnd(2);
        row->keep_with_next = rnd(4) == 0;
        unsigned cells = 1 + rnd((unsigned)cols + 1);
        for (unsigned c = 0; c < cells; c++) {
            rg_cell *cell = rg_row_add_cell(row);
            cell->colspan = rnd(5) == 0 ? 2 : 1;
            cell->rowspan = rnd(6) == 0 ? 1 + (int)rnd(3) : 1;
            cell->valign = (rg_valign)rnd(3);
            cell->bar = rnd(5) == 0;
            cell->fill = rnd(5) == 0;
            unsigned content = rnd(4);
            if (rnd(15) == 0)
                content = 30;   /* a row taller than a page */
            for (unsigned k = 0; k < content; k++) {
                char *text = random_text(content == 30 ? 40 : 12);
                tpush(&cell->content, tpara(&p, text));
                free(text);
            }
            if (depth < 1 && rnd(30) == 0)
                tpush(&cell->content, random_block(depth + 1));
        }
    }
    return t;
}

static rg_block *random_block(int depth)
{
    rg_text_props p = random_props();
    unsigned kind = depth > 2 ? 0 : rnd(9);
    rg_block *b = NULL;
    char *text;
    switch (kind) {
    case 1: {
        b = rg_block_new(RG_BLOCK_FIELD, &p);
        text = random_text(3);
        rg_inlines_push_text(&b->field.label, text, strlen(text), 0, 0);
        free(text);
        b->field.separator = strdup(" : ");
        b->field.label_width = rnd(2) ? 0 : (float)rnd(300);
        random_blocks(&b->field.value, depth, rnd(3));
        break;
    }
    case 2: {
        b = rg_block_new(RG_BLOCK_LIST, &p);
        b->list.marker = (rg_marker)rnd(4);
        if (rnd(2))
            b->list.number_prefix = strdup("๓.");
        unsigned items = rnd(5);
        for (unsigned i = 0; i < items; i++)
            random_blocks(rg_list_add_item(&b->list), depth, 1 + rnd(2));
        break;
    }
    case 3: b = random_table(depth); break;
    case 4: {
        b = rg_block_new(RG_BLOCK_SIGNATURE, &p);
        b->signature.role = rnd(2) ? strdup("(ผู้รับผิดชอบโครงการ)") : NULL;
        b->signature.name = rnd(2) ? strdup("นางชมัยพร วงษ์วิบูลย์สิน") : NULL;
        b->signature.line_width = (float)rnd(400);
        b->signature.width = (float)rnd(600);
        b->box.align = (rg_align)rnd(3);
        for (unsigned i = rnd(3); i > 0; i--)
            rg_signature_add_position(&b->signature, "ตำแหน่ง ผู้อำนวยการกองวิชาการและแผนงาน");
        break;
    }
    case 5:
        b = rg_block_new(RG_BLOCK_GROUP, &p);
        random_blocks(&b->children, depth, rnd(4));
        break;
    case 6: b = rg_block_new(rnd(3) ? RG_BLOCK_SPACE : RG_BLOCK_PAGE_BREAK, &p); break;
    default:
        b = rg_block_new(RG_BLOCK_PARAGRAPH, &p);
        text = random_text(rnd(8) ? 30 : 400);
        rg_inlines_push_text(&b->inlines, text, strlen(text), rnd(3) ? 0 : RG_INLINE_BOLD, 0);
        free(text);
        if (rnd(5) == 0)
            rg_inlines_push(&b->inlines, RG_INLINE_LINE_BREAK, 0);
        b->box.align = (rg_align)rnd(5);
        b->box.first_indent = (float)rnd(60) - 20;
        break;
    }
    b->box.space_before = (float)rnd(12);
    b->box.space_after = (float)rnd(12);
    b->box.indent_left = rnd(3) ? 0 : (float)rnd(80);
    b->box.keep_with_next = rnd(6) == 0;
    b->box.keep_together = rnd(8) == 0;
    return b;
}

int main(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_fontlib *fonts = rg_fontlib_new(&err);
    if (!fonts) {
        fprintf(stderr, "fonts: %s\n", err.message);
        return 1;
    }
    size_t total_pages = 0;
    for (int n = 0; n < 150; n++) {
        rg_document *doc = rg_document_new();
        unsigned sections = 1 + rnd(3);
        for (unsigned si = 0; si < sections; si++) {
            rg_section *s = rg_document_add_section(doc);
            if (rnd(3) == 0) {   /* landscape, or a small page */
                float w = s->page_width;
                s->page_width = rnd(2) ? s->page_height : 300;
                s->page_height = rnd(2) ? w : 400;
                s->margin_left = s->margin_right = 30;
                s->margin_top = s->margin_bottom = 30;
            }
            s->restart_page_numbers = rnd(2);
            rg_text_props p = random_props();
            rg_block *f = rg_block_new(RG_BLOCK_PARAGRAPH, &p);
            rg_inlines_push(&f->inlines, RG_INLINE_PAGE_NUMBER, 0);
            tpush(rnd(2) ? &s->footer : &s->header, f);
            random_blocks(&s->body, 0, 1 + rnd(12));
        }
        rg_display a, b;
        if (tlayout(doc, fonts, &a) < 0 || tlayout(doc, fonts, &b) < 0) {
            CHECK(!"layout failed");
            rg_document_free(doc);
            continue;
        }
        CHECK(a.page_count >= sections);
        CHECK_INT(a.page_count, b.page_count);
        total_pages += a.page_count;
        for (size_t pi = 0; pi < a.page_count; pi++) {
            const rg_page *pg = &a.pages[pi];
            CHECK_INT(pg->item_count, b.pages[pi].item_count);
            for (size_t i = 0; i < pg->item_count; i++) {
                const rg_item *it = &pg->items[i];
                if (it->kind != RG_ITEM_TEXT)
                    continue;
                /* On the page, ink and all: words wider than their box are broken
                 * between clusters, so only a single cluster wider than a box
                 * squeezed to nothing by nested indents may stick out. */
                if (!(it->x >= -0.01f && it->x + it->run.width <= pg->width + 20 &&
                      it->x < pg->width &&
                      it->y >= 0 && it->y <= pg->height)) {
                    fprintf(stderr, "doc %d page %zu: text at (%g, %g) outside the page\n", n, pi,
                            (double)it->x, (double)it->y);
                    CHECK(0);
                }
                if (i < b.pages[pi].item_count)
                    CHECK(it->x == b.pages[pi].items[i].x && it->y == b.pages[pi].items[i].y);
            }
        }
        rg_display_free(&a);
        rg_display_free(&b);
        rg_document_free(doc);
    }
    fprintf(stderr, "%zu pages laid out\n", total_pages);
    rg_fontlib_free(fonts);
    return CHECK_DONE();
}
