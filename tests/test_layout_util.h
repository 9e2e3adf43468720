/* Helpers shared by the layout unit tests: building document models and
 * reading laid-out pages back (text of glyph runs, their positions). */
#ifndef RG_TEST_LAYOUT_UTIL_H
#define RG_TEST_LAYOUT_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout/layout.h"
#include "util/buf.h"

__attribute__((unused)) static rg_text_props tprops(float size)
{
    rg_text_props p;
    memset(&p, 0, sizeof p);
    p.font_families = (char *)"Laksaman";
    p.size = size;
    p.line_height = 1.25f;
    return p;
}

__attribute__((unused)) static rg_block *tpara(const rg_text_props *p, const char *text)
{
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, p);
    if (!b || rg_inlines_push_text(&b->inlines, text, strlen(text), 0, 0) < 0)
        abort();
    return b;
}

static void tpush(rg_blocks *list, rg_block *b)
{
    if (rg_blocks_push(list, b) < 0)
        abort();
}

/* "word word word ..." with n words: a paragraph of several lines. */
__attribute__((unused)) static char *twords(const char *word, int n)
{
    rg_buf b = RG_BUF_INIT;
    for (int i = 0; i < n; i++)
        if (rg_buf_printf(&b, "%s%s", i ? " " : "", word) < 0)
            abort();
    return rg_buf_steal(&b);
}

/* The font library every layout test uses; exits when it cannot load. */
__attribute__((unused)) static rg_fontlib *tfonts(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_fontlib *lib = rg_fontlib_new(&err);
    if (!lib) {
        fprintf(stderr, "fonts: %s\n", err.message);
        exit(1);
    }
    return lib;
}

static int tlayout(const rg_document *doc, rg_fontlib *fonts, rg_display *d)
{
    rg_error err;
    rg_error_clear(&err);
    rg_display_init(d);
    if (rg_layout_document(doc, fonts, d, &err) < 0) {
        fprintf(stderr, "layout failed: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* The first TEXT item on page p whose run text contains s, or NULL. */
__attribute__((unused)) static const rg_item *tfind(const rg_display *d, size_t p, const char *s)
{
    if (p >= d->page_count)
        return NULL;
    const rg_page *pg = &d->pages[p];
    for (size_t i = 0; i < pg->item_count; i++)
        if (pg->items[i].kind == RG_ITEM_TEXT && pg->items[i].run.text &&
            strstr(pg->items[i].run.text, s))
            return &pg->items[i];
    return NULL;
}

/* How many TEXT items on page p contain s. */
__attribute__((unused)) static int tcount(const rg_display *d, size_t p, const char *s)
{
    int n = 0;
    const rg_page *pg = &d->pages[p];
    for (size_t i = 0; i < pg->item_count; i++)
        if (pg->items[i].kind == RG_ITEM_TEXT && pg->items[i].run.text &&
            strstr(pg->items[i].run.text, s))
            n++;
    return n;
}

/* Page index holding a TEXT item containing s, or -1. */
__attribute__((unused)) static int tpage_of(const rg_display *d, const char *s)
{
    for (size_t p = 0; p < d->page_count; p++)
        if (tfind(d, p, s))
            return (int)p;
    return -1;
}

__attribute__((unused)) static int tcount_kind(const rg_display *d, size_t p, rg_item_kind kind)
{
    int n = 0;
    for (size_t i = 0; i < d->pages[p].item_count; i++)
        n += d->pages[p].items[i].kind == kind;
    return n;
}

/* Lowest and highest baseline of text on page p. */
__attribute__((unused)) static void ttext_extent(const rg_display *d, size_t p, float *lowest, float *highest)
{
    *lowest = 1e9f;
    *highest = -1e9f;
    for (size_t i = 0; i < d->pages[p].item_count; i++) {
        const rg_item *it = &d->pages[p].items[i];
        if (it->kind != RG_ITEM_TEXT)
            continue;
        if (it->y < *lowest)
            *lowest = it->y;
        if (it->y > *highest)
            *highest = it->y;
    }
}

#endif
