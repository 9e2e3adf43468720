/* The display list (display.h): pages of drawing items, and their release. */
#include "layout/display.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

void rg_display_init(rg_display *d)
{
    memset(d, 0, sizeof *d);
}

void rg_item_release(rg_item *item)
{
    rg_glyph_run_release(&item->run);
    free(item->path);
    item->path = NULL;
}

void rg_display_free(rg_display *d)
{
    if (!d)
        return;
    for (size_t p = 0; p < d->page_count; p++) {
        rg_page *page = &d->pages[p];
        for (size_t i = 0; i < page->item_count; i++)
            rg_item_release(&page->items[i]);
        free(page->items);
    }
    free(d->pages);
    free(d->info.title);
    free(d->info.author);
    free(d->info.subject);
    free(d->info.keywords);
    free(d->info.creator);
    free(d->info.date);
    memset(d, 0, sizeof *d);
}

rg_page *rg_display_add_page(rg_display *d, float width, float height)
{
    rg_page *pages = rg_vec_reserve(d->pages, d->page_count, &d->page_cap, sizeof *pages, 8);
    if (!pages)
        return NULL;
    d->pages = pages;
    rg_page *page = &d->pages[d->page_count++];
    memset(page, 0, sizeof *page);
    page->width = width;
    page->height = height;
    return page;
}

int rg_page_add_item(rg_page *page, rg_item *item)
{
    rg_item *items = rg_vec_reserve(page->items, page->item_count, &page->item_cap,
                                    sizeof *items, 64);
    if (!items) {
        rg_item_release(item);
        return -1;
    }
    page->items = items;
    page->items[page->item_count++] = *item;
    return 0;
}
