/* The display list: what layout produces and the PDF writer draws.
 *
 * A document is a sequence of pages, each with its size and a flat list of
 * drawing items in absolute page coordinates (points, origin bottom-left, as
 * in PDF). Layout decides every position; the PDF writer only draws. Nothing
 * here refers to libharu. The display list owns everything it holds. */
#ifndef RG_DISPLAY_H
#define RG_DISPLAY_H

#include <stddef.h>

#include "text/glyph_run.h"

typedef struct rg_color {
    float r, g, b;  /* 0..1 */
} rg_color;

typedef enum {
    RG_ITEM_TEXT,    /* a glyph run at (x, y) = run origin on the baseline */
    RG_ITEM_LINE,    /* straight line (x, y) -> (x2, y2) */
    RG_ITEM_RECT,    /* rectangle at (x, y) lower-left, w x h; filled and/or stroked */
    RG_ITEM_IMAGE,   /* image file drawn into the rectangle (x, y, w, h) */
    RG_ITEM_LINK_TARGET /* a named position (for outlines/bookmarks); no ink */
} rg_item_kind;

typedef enum {
    RG_LINE_SOLID = 0,
    RG_LINE_DOTTED,  /* the ink line of a signature: ........ */
    RG_LINE_DASHED
} rg_line_style;

typedef struct rg_item {
    rg_item_kind kind;
    float x, y;
    float x2, y2;        /* LINE: end point */
    float w, h;          /* RECT, IMAGE */
    float line_width;    /* LINE, RECT stroke; 0 = no stroke for RECT */
    rg_line_style line_style;
    int fill;            /* RECT: filled with fill_color */
    rg_color color;      /* TEXT colour, LINE/RECT stroke colour */
    rg_color fill_color;
    rg_glyph_run run;    /* TEXT: owned */
    char *path;          /* IMAGE: file path (PNG or JPEG) or the name of an image of the
                          * display's image set, owned; LINK_TARGET: name */
} rg_item;

typedef struct rg_page {
    float width, height;  /* points; landscape pages simply have width > height */
    rg_item *items;
    size_t item_count, item_cap;
} rg_page;

/* Document metadata, written to the PDF info dictionary (and XMP when archival). */
typedef struct rg_doc_info {
    char *title, *author, *subject, *keywords, *creator;
    char *date;  /* ISO 8601 date-time, from the data or --date; never the clock */
} rg_doc_info;

/* An image held in memory (its bytes stored in the database, issue 11),
 * named by its reference ("sha256:HEX"): an IMAGE item whose path is that
 * name draws these bytes, never a file. */
typedef struct rg_image_data {
    char *name;                 /* owned */
    unsigned char *data;        /* owned: a whole PNG or JPEG, already checked */
    size_t len;
} rg_image_data;

typedef struct rg_image_set {
    rg_image_data *items;
    size_t count;
} rg_image_set;

/* Adds a copy of the bytes under `name` (nothing when the name is already
 * there); 0, or -1 when memory runs out. */
int rg_image_set_add(rg_image_set *set, const char *name, const unsigned char *data, size_t len);
/* The image named `name`, or NULL (also for a NULL name). */
const rg_image_data *rg_image_set_find(const rg_image_set *set, const char *name);
/* dst (empty) gets a copy of every image of src; 0 or -1 (OOM). */
int rg_image_set_copy(rg_image_set *dst, const rg_image_set *src);
void rg_image_set_free(rg_image_set *set);

typedef struct rg_display {
    rg_page *pages;
    size_t page_count, page_cap;
    rg_doc_info info;
    rg_image_set images;        /* images drawn from memory, by name */
} rg_display;

void rg_display_init(rg_display *d);
void rg_display_free(rg_display *d);
/* Appends a page; returns it (valid until the next rg_display_add_page) or NULL on OOM. */
rg_page *rg_display_add_page(rg_display *d, float width, float height);
/* Frees what an item owns (its glyph run, its path); the item itself is the caller's. */
void rg_item_release(rg_item *item);
/* Appends an item copied from *item (ownership of run/path moves to the page);
 * returns 0, or -1 on OOM (then the item's owned parts are freed). */
int rg_page_add_item(rg_page *page, rg_item *item);

#endif
