/* The display list (display.h): pages of drawing items, and their release. */
#include "layout/display.h"
#include "util/vec.h"

#include <assert.h>
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
    rg_image_set_free(&d->images);
    memset(d, 0, sizeof *d);
}

rg_page *rg_display_add_page(rg_display *d, float width, float height)
{
    assert(d && width > 0 && height > 0);
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
    assert(page && item);
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

int rg_image_set_add(rg_image_set *set, const char *name, const unsigned char *data, size_t len)
{
    if (rg_image_set_find(set, name))
        return 0;
    rg_image_data *grown = realloc(set->items, (set->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    set->items = grown;
    rg_image_data *im = &set->items[set->count];
    im->name = strdup(name);
    im->data = malloc(len ? len : 1);
    im->len = len;
    if (!im->name || !im->data) {
        free(im->name);
        free(im->data);
        return -1;
    }
    if (len)
        memcpy(im->data, data, len);
    set->count++;
    return 0;
}

const rg_image_data *rg_image_set_find(const rg_image_set *set, const char *name)
{
    for (size_t i = 0; name && i < set->count; i++)
        if (!strcmp(set->items[i].name, name))
            return &set->items[i];
    return NULL;
}

int rg_image_set_copy(rg_image_set *dst, const rg_image_set *src)
{
    for (size_t i = 0; i < src->count; i++)
        if (rg_image_set_add(dst, src->items[i].name, src->items[i].data, src->items[i].len) < 0)
            return -1;
    return 0;
}

void rg_image_set_free(rg_image_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i].name);
        free(set->items[i].data);
    }
    free(set->items);
    set->items = NULL;
    set->count = 0;
}
