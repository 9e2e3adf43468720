/* Layout unit tests for the keep and break rules of issue 12, asserted on
 * layout numbers (page indices, baselines, rule and bar positions):
 *  - an activity (rows tied by a rowspan) moves whole to the next page when
 *    it fits one, and a control without the rowspan is cut;
 *  - an activity taller than a page continues with its number repeated
 *    beside its first continued line, and a Gantt bar cut by the page break
 *    runs into the cut on both pages (not drawn again as a new bar);
 *  - no table row leaves fewer than two lines at a page bottom or top;
 *  - a heading never ends a page, and a page never holds only a heading.
 * Page: A4 portrait, default margins (body 771.02 down to 56.69 pt, 714.33 pt
 * tall); text at 16 pt with a fixed 1.25 line height: 20 pt lines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_layout_util.h"

static rg_fontlib *fonts;
static rg_text_props P;

#define BODY_TOP 771.02f
#define BODY_BOTTOM 56.69f
#define PAD 4.0f

/* n one-line paragraphs "fNN": each 20 pt, no spacing, free breaks. */
static void fillers(rg_blocks *body, int n)
{
    for (int i = 1; i <= n; i++) {
        char t[16];
        snprintf(t, sizeof t, "f%02d", i);
        tpush(body, tpara(&P, t));
    }
}

/* A paragraph of lines "PREFIX1".."PREFIXn" joined by line breaks. */
static rg_block *lines(const char *prefix, int n)
{
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, &P);
    for (int i = 1; i <= n; i++) {
        char t[32];
        snprintf(t, sizeof t, "%s%d", prefix, i);
        if (i > 1)
            rg_inlines_push(&b->inlines, RG_INLINE_LINE_BREAK, 0);
        rg_inlines_push_text(&b->inlines, t, strlen(t), 0, 0);
    }
    return b;
}

static rg_cell *cell_with(rg_row *row, rg_block *content)
{
    rg_cell *c = rg_row_add_cell(row);
    if (!c)
        abort();
    if (content)
        tpush(&c->content, content);
    return c;
}

/* Number | detail | month: the shape of the plan's activity table. */
static rg_block *activity_table(void)
{
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &P);
    t->table.column_count = 3;
    t->table.column_widths = calloc(3, sizeof(float));
    t->table.column_widths[0] = 60;
    t->table.column_widths[1] = -1;
    t->table.column_widths[2] = 60;
    t->table.border_width = 0.5f;
    t->table.cell_padding = PAD;
    return t;
}

/* Adds an activity: number cell NAME spanning `rows` detail rows of
 * `row_lines` lines each ("NAMEdR-L"), each with a bar in its month cell. */
static void add_activity(rg_block *t, const char *name, int rows, int row_lines, int tie)
{
    for (int r = 1; r <= rows; r++) {
        rg_row *row = rg_table_add_row(&t->table);
        if (r == 1) {
            rg_cell *n = cell_with(row, tpara(&P, name));
            n->rowspan = tie ? rows : 1;
            n->repeat = 1;
        } else if (!tie) {
            cell_with(row, NULL);
        }
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%sd%02d-", name, r);
        cell_with(row, lines(prefix, row_lines));
        rg_cell *m = cell_with(row, NULL);
        m->bar = 1;
    }
}

static int page_of_line(const rg_display *d, const char *prefix, int n)
{
    char t[48];
    snprintf(t, sizeof t, "%s%d", prefix, n);
    for (size_t p = 0; p < d->page_count; p++)
        for (size_t i = 0; i < d->pages[p].item_count; i++) {
            const rg_item *it = &d->pages[p].items[i];
            if (it->kind == RG_ITEM_TEXT && it->run.text && strcmp(it->run.text, t) == 0)
                return (int)p;
        }
    return -1;
}

/* The last text run drawn lowest on page p (the page's last line). */
static const rg_item *lowest_text(const rg_display *d, size_t p)
{
    const rg_item *low = NULL;
    for (size_t i = 0; i < d->pages[p].item_count; i++) {
        const rg_item *it = &d->pages[p].items[i];
        if (it->kind == RG_ITEM_TEXT && (!low || it->y < low->y))
            low = it;
    }
    return low;
}

static void test_activity_moves_whole(void)
{
    for (int tie = 0; tie < 2; tie++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        /* 32 fillers: 640 pt used, 74.33 left; the activity is 3 x 28 = 84. */
        fillers(&s->body, 32);
        rg_block *t = activity_table();
        add_activity(t, "A1", 3, 1, tie);
        tpush(&s->body, t);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        CHECK_INT(d.page_count, 2);
        if (tie) {
            /* Kept whole: every row of the activity on page 2, at its top. */
            CHECK_INT(tpage_of(&d, "A1d01-1"), 1);
            CHECK_INT(tpage_of(&d, "A1d03-1"), 1);
            CHECK_INT(tcount(&d, 1, "A1"), 4);   /* the number and three details */
            const rg_item *a = tfind(&d, 1, "A1d01-1");
            CHECK(a && BODY_TOP - a->y < 20 + PAD + 0.5f);
            CHECK_INT(tcount_kind(&d, 0, RG_ITEM_RECT), 0);   /* no bar left behind */
        } else {
            /* Control: untied rows fill page 1 (two of them fit). */
            CHECK_INT(tpage_of(&d, "A1d01-1"), 0);
            CHECK_INT(tpage_of(&d, "A1d02-1"), 0);
            CHECK_INT(tpage_of(&d, "A1d03-1"), 1);
        }
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

/* The horizontal rules across the month column (x from mx) on page p. */
static int month_rules(const rg_display *d, size_t p, float mx, float *ys, int max)
{
    int n = 0;
    for (size_t i = 0; i < d->pages[p].item_count; i++) {
        const rg_item *it = &d->pages[p].items[i];
        if (it->kind == RG_ITEM_LINE && it->y == it->y2 && fabsf(it->x - mx) < 0.05f && n < max)
            ys[n++] = it->y;
    }
    return n;
}

static void test_activity_taller_than_page(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    /* 30 detail rows of 1 line (28 pt each, 840 pt) and one of 8 lines
     * (168 pt) in the middle: more than a page, so the activity is cut. */
    rg_block *t = activity_table();
    rg_row *row = NULL;
    for (int r = 1; r <= 31; r++) {
        row = rg_table_add_row(&t->table);
        if (r == 1) {
            rg_cell *n = cell_with(row, tpara(&P, "NUM7"));
            n->rowspan = 31;
            n->repeat = 1;
        }
        char prefix[32];
        snprintf(prefix, sizeof prefix, "r%02d-", r);
        cell_with(row, lines(prefix, r == 23 ? 8 : 1));
        cell_with(row, NULL)->bar = 1;
    }
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(d.page_count, 2);
    if (d.page_count != 2)
        goto out;
    /* 22 rows (616 pt) then row 23 starts at 616: 98.33 pt left = 4 of its
     * 8 lines (4 + 80 + 4 = 88). */
    CHECK_INT(page_of_line(&d, "r22-", 1), 0);
    int here = 0, there = 0;
    for (int l = 1; l <= 8; l++) {
        int p = page_of_line(&d, "r23-", l);
        here += p == 0;
        there += p == 1;
    }
    CHECK_INT(here + there, 8);
    CHECK(here >= 2 && there >= 2);
    /* Each detail line once, in order. */
    for (int r = 1; r <= 31; r++) {
        char t2[16];
        snprintf(t2, sizeof t2, "r%02d-1", r);
        CHECK_INT(tcount(&d, 0, t2) + tcount(&d, 1, t2), 1);
    }
    /* The number is printed again on page 2, beside its first continued line. */
    CHECK_INT(tcount(&d, 0, "NUM7"), 1);
    CHECK_INT(tcount(&d, 1, "NUM7"), 1);
    const rg_item *num = tfind(&d, 1, "NUM7");
    char first[16];
    snprintf(first, sizeof first, "r23-%d", here + 1);
    const rg_item *cont = tfind(&d, 1, first);
    CHECK(num && cont && fabsf(num->y - cont->y) < 0.01f);
    /* The month column: x from the table's right edge minus 60. */
    float mx = 595.28f - 56.69f - 60;
    /* Page 1: the cut row's bar runs down into the cut (its bottom on the
     * closing rule); the bars of whole rows sit at their rows' mid-height. */
    const rg_item *cut_bar = NULL, *top_bar = NULL;
    float ys[128];
    int nr = month_rules(&d, 0, mx, ys, 128);
    float bottom_rule = 1e9f;
    for (int i = 0; i < nr; i++)
        bottom_rule = fminf(bottom_rule, ys[i]);
    for (size_t i = 0; i < d.pages[0].item_count; i++) {
        const rg_item *it = &d.pages[0].items[i];
        if (it->kind == RG_ITEM_RECT && it->fill && (!cut_bar || it->y < cut_bar->y))
            cut_bar = it;
    }
    CHECK(cut_bar && fabsf(cut_bar->y - bottom_rule) < 0.01f);
    CHECK(cut_bar && fabsf(cut_bar->x - mx) < 0.05f);
    /* Page 2: the continued part of that row starts with its bar against the
     * top rule (it comes from the page before), not at mid-height. */
    nr = month_rules(&d, 1, mx, ys, 128);
    float top_rule = -1e9f;
    for (int i = 0; i < nr; i++)
        top_rule = fmaxf(top_rule, ys[i]);
    for (size_t i = 0; i < d.pages[1].item_count; i++) {
        const rg_item *it = &d.pages[1].items[i];
        if (it->kind == RG_ITEM_RECT && it->fill && (!top_bar || it->y > top_bar->y))
            top_bar = it;
    }
    CHECK(top_bar && fabsf(top_bar->y + top_bar->h - top_rule) < 0.01f);
    /* Same bar height on both sides of the cut: one bar, continued. */
    CHECK(cut_bar && top_bar && fabsf(cut_bar->h - top_bar->h) < 0.01f);
    /* A whole row's bar (row 24, under the continued row) is at mid-height:
     * not touching either rule of its row. */
    int mid = 0;
    for (size_t i = 0; i < d.pages[1].item_count; i++) {
        const rg_item *it = &d.pages[1].items[i];
        if (it->kind == RG_ITEM_RECT && it->fill && it != top_bar) {
            int touches = 0;
            for (int k = 0; k < nr; k++)
                touches |= fabsf(it->y - ys[k]) < 0.01f || fabsf(it->y + it->h - ys[k]) < 0.01f;
            mid += !touches;
        }
    }
    CHECK_INT(mid, 31 - 23);
out:
    rg_display_free(&d);
    rg_document_free(doc);
}

static void test_row_two_lines_each_side(void)
{
    /* A one-row table of 5 lines (line i at 4 + 20 i). With f fillers the
     * room left is 714.33 - 20 f. */
    struct { int fillers, on_first; } cases[] = {
        {34, 0},   /* 34.33 pt: one line would fit; the row moves whole */
        {33, 2},   /* 54.33 pt: two lines fit: cut 2 / 3 */
        {32, 3},   /* 74.33 pt: three fit: cut 3 / 2 */
        {31, 3},   /* 94.33 pt: four fit, but that leaves one alone: cut 3 / 2 */
        {30, 5},   /* 114.33 pt: all five fit */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        fillers(&s->body, cases[c].fillers);
        rg_block *t = activity_table();
        rg_row *row = rg_table_add_row(&t->table);
        cell_with(row, tpara(&P, "R1"));
        cell_with(row, lines("L", 5));
        cell_with(row, NULL);
        tpush(&s->body, t);
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        int on_first = 0;
        for (int l = 1; l <= 5; l++)
            on_first += page_of_line(&d, "L", l) == 0;
        if (on_first != cases[c].on_first)
            fprintf(stderr, "fillers %d: %d line(s) on page 1, expected %d\n", cases[c].fillers,
                    on_first, cases[c].on_first);
        CHECK_INT(on_first, cases[c].on_first);
        CHECK(on_first != 1 && on_first != 4);
        /* The row's number stays with its first line. */
        CHECK_INT(tpage_of(&d, "R1"), page_of_line(&d, "L", 1));
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

/* A heading (keep-with-next) followed by `next`, at every position near the
 * page end: the heading is never the last line of its page and starts the
 * page of what follows it. */
static void check_heading_before(rg_block *(*make_next)(void), const char *first_of_next)
{
    for (int f = 28; f <= 36; f++) {
        rg_document *doc = rg_document_new();
        rg_section *s = rg_document_add_section(doc);
        fillers(&s->body, f);
        rg_block *h = tpara(&P, "HEADING");
        h->box.keep_with_next = 1;
        h->box.space_before = 8;
        tpush(&s->body, h);
        tpush(&s->body, make_next());
        rg_display d;
        CHECK(tlayout(doc, fonts, &d) == 0);
        int ph = tpage_of(&d, "HEADING");
        CHECK(ph >= 0);
        if (ph >= 0) {
            CHECK_INT(tpage_of(&d, first_of_next), ph);
            const rg_item *low = lowest_text(&d, (size_t)ph);
            CHECK(low && strcmp(low->run.text, "HEADING") != 0);
            /* Never a page holding the heading alone. */
            int texts = tcount_kind(&d, (size_t)ph, RG_ITEM_TEXT);
            CHECK(texts > 1);
        }
        rg_display_free(&d);
        rg_document_free(doc);
    }
}

static rg_block *next_paragraph(void) { return lines("P", 6); }

static rg_block *next_activity(void)
{
    rg_block *t = activity_table();
    add_activity(t, "B", 2, 2, 1);
    return t;
}

static rg_block *next_tall_row(void)
{
    rg_block *t = activity_table();
    rg_row *row = rg_table_add_row(&t->table);
    cell_with(row, tpara(&P, "T1"));
    cell_with(row, lines("TL", 50));   /* taller than a page */
    cell_with(row, NULL);
    return t;
}

static void test_heading_never_ends_page(void)
{
    check_heading_before(next_paragraph, "P1");
    check_heading_before(next_activity, "Bd01-1");
    check_heading_before(next_tall_row, "TL1");
}

/* A heading followed by an activity taller than a page, after a page break:
 * the heading stays on the page with the activity's start, so no page
 * holds only the heading. */
static void test_page_never_only_heading(void)
{
    rg_document *doc = rg_document_new();
    rg_section *s = rg_document_add_section(doc);
    fillers(&s->body, 3);
    tpush(&s->body, rg_block_new(RG_BLOCK_PAGE_BREAK, &P));
    rg_block *h = tpara(&P, "HEADING");
    h->box.keep_with_next = 1;
    tpush(&s->body, h);
    rg_block *t = activity_table();
    add_activity(t, "C", 40, 1, 1);   /* 40 x 28 = 1120 pt */
    tpush(&s->body, t);
    rg_display d;
    CHECK(tlayout(doc, fonts, &d) == 0);
    CHECK_INT(tpage_of(&d, "HEADING"), 1);
    CHECK_INT(tpage_of(&d, "Cd01-1"), 1);
    for (size_t p = 0; p < d.page_count; p++)
        CHECK(tcount_kind(&d, p, RG_ITEM_TEXT) > 1);
    /* The activity's rows start right under the heading. */
    const rg_item *a = tfind(&d, 1, "HEADING"), *b = tfind(&d, 1, "Cd01-1");
    CHECK(a && b && a->y - b->y < 20 + 2 * PAD + 0.5f);
    rg_display_free(&d);
    rg_document_free(doc);
}

int main(void)
{
    fonts = tfonts();
    P = tprops(16);
    test_activity_moves_whole();
    test_activity_taller_than_page();
    test_row_two_lines_each_side();
    test_heading_never_ends_page();
    test_page_never_only_heading();
    rg_fontlib_free(fonts);
    return CHECK_DONE();
}
