/* Layout internals shared by the layout sources (not a public interface).
 *
 * Blocks are first turned into a "sequence" of strips: horizontal bands that
 * are never cut (one line of a paragraph, an image, one line of a signature
 * block) or table bands (one table row, or several rows tied by a rowspan)
 * that the paginator may cut across all their cells at once. Each strip
 * carries its own items in local coordinates and the rules for a page break
 * before it (forbidden by a keep rule, or poor because it would leave a widow
 * or orphan). The paginator then walks the sequence once per page.
 *
 * Local coordinates: x in points from the left edge of the sequence's frame
 * (the page's left margin for the body, the cell's inner left edge inside a
 * table), y in points DOWNWARDS from the top of the strip: the baseline for
 * TEXT and the end points for LINE; the top edge for RECT, IMAGE and
 * LINK_TARGET. lo_emit_items converts them to PDF page coordinates. */
#ifndef RG_LAYOUT_INTERNAL_H
#define RG_LAYOUT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"

#define LO_EPS 0.01f

typedef enum { LO_ATOM = 0, LO_BAND, LO_BREAK } lo_kind;

struct lo_band;

typedef struct lo_strip {
    lo_kind kind;
    float height;
    float baseline;        /* ATOM: from the top to its (first) baseline; aligns overlays */
    float space_before;    /* gap above; dropped at the top of a page or cell */
    int keep_with_prev;    /* no page break between the previous strip and this one */
    int poor_break;        /* a break before this strip leaves a widow or an orphan */
    rg_item *items;        /* ATOM: owned, local coordinates */
    size_t item_count, item_cap;
    struct lo_band *band;  /* BAND: owned by its table */
} lo_strip;

typedef struct lo_seq {
    lo_strip *strips;
    size_t count, cap;
    float pending_space;   /* space_after of the last block, added to the next strip */
    int pending_keep;      /* the last block has keep_with_next */
} lo_seq;

typedef struct lo_cell {
    const rg_cell *src;
    int row, rowspan;      /* rows within the band */
    float x, w;            /* outer edges, in the table's frame */
    struct lo_seq *content;/* owned by the table; local x from the cell's inner left */
    size_t first;          /* first strip of content not yet placed on a page */
    int continued;         /* continues a cell cut at the bottom of the previous page */
    float bar_h;           /* continued: the height of its Gantt bar, the same as on the
                              page before (set when the cell is cut) */
} lo_cell;

struct lo_table;

typedef struct lo_band {
    struct lo_table *table;
    int header;            /* header rows: repeated at the top of continuation pages */
    int keep_whole;        /* moved whole to the next page rather than cut, when it fits one:
                              rows tied by a rowspan, or a row marked keep-together */
    int nrows;
    float *row_h;          /* row heights */
    lo_cell *cells;
    size_t ncells;
} lo_band;

typedef struct lo_table {
    float border_width, padding, min_row_h;
    lo_band **bands;       /* every band, continuations included: owned */
    size_t nbands, band_cap;
    lo_seq **seqs;         /* every cell content: owned */
    size_t nseqs, seq_cap;
    lo_band **headers;     /* the header bands, in order (borrowed from bands) */
    size_t nheaders;
    float header_height;
    int started;           /* a band of it is on a page already */
} lo_table;

/* What a page-number inline prints while headers and footers are laid out. */
typedef struct lo_page_fields {
    char number[32];
    char count[32];
} lo_page_fields;

typedef struct lo_ctx {
    rg_fontlib *fonts;
    const rg_image_set *images;     /* the document's images held in memory */
    rg_layout_options opts;
    const lo_page_fields *fields;   /* NULL while laying out bodies */
    int saw_page_field;             /* a page-number inline was laid out */
    int signature_count;            /* names unnamed signature targets */
    float body_height;              /* of the current section: images are capped to it */
    lo_table **tables;              /* every table built: owned */
    size_t ntables, table_cap;
} lo_ctx;

/* A cut of a band at the bottom of a page. */
typedef struct lo_band_cut {
    float height;                   /* of the part on this page */
    size_t *placed;                 /* per cell: strips placed on this page */
    unsigned char *state;           /* per cell: 0 whole here, 1 cut, 2 wholly later */
    float *bar_h;                   /* per cut cell: the height of its Gantt bar on both pages */
    lo_band *rest;                  /* what continues on the next page (owned by the table) */
} lo_band_cut;

/* Sequences (layout_flow.c). */
void lo_seq_init(lo_seq *q);
void lo_seq_free(lo_seq *q);
lo_strip *lo_seq_add(lo_seq *q, lo_kind kind);     /* applies pending space and keep */
float lo_seq_height(const lo_seq *q, size_t first);    /* first strip's space dropped */
/* Strips of q from `first` that fit in avail, breaking only where allowed
 * (keeps, widows and orphans); *used = their height. */
size_t lo_seq_fit(const lo_seq *q, size_t first, float avail, float *used);
/* Where to break when strip k (> s) does not fit on a page that starts at s:
 * the latest allowed, non-poor break in (s, k], else the latest allowed, else k. */
size_t lo_choose_break(const lo_strip *st, size_t s, size_t k);
int lo_flow_blocks(lo_ctx *c, const rg_blocks *blocks, float x, float width, lo_seq *q,
                   rg_error *err);

/* Emission: copies items into page, local (x, y-down) -> PDF at dx, top. */
int lo_emit_items(rg_page *page, const rg_item *items, size_t n, float dx, float top,
                  rg_error *err);
/* Strips [from, to) of q stacked from `top` (first strip's space dropped). */
int lo_emit_strips(lo_ctx *c, const lo_seq *q, size_t from, size_t to, float dx, float top,
                   rg_page *page, rg_error *err);

/* Before the first paragraph (layout_prepare.c): prepares every font the
 * document sets text in (rg_font_prepare) and hands its texts to libthai's
 * loader thread (rg_linebreak_prefetch). */
void lo_prepare(lo_ctx *c, const rg_document *doc);

/* Tables (layout_table.c). */
int lo_flow_table(lo_ctx *c, const rg_block *b, float x, float width, lo_seq *q,
                  rg_error *err);
float lo_band_height(const lo_band *b);
/* The least of b a page can end with: its first min_split_lines lines (a
 * band that may be cut), used to judge whether a keep chain fits a page. */
float lo_band_min_height(const lo_ctx *c, const lo_band *b);
/* Cuts b to fit avail. strict: each cut cell must keep at least
 * opts.min_split_lines lines (or all it has) on this page. Returns 1 with
 * *cut filled, 0 when no acceptable cut exists, -1 on out-of-memory. */
int lo_band_cut_at(lo_ctx *c, lo_band *b, float avail, int strict, lo_band_cut *cut,
                   rg_error *err);
void lo_band_cut_release(lo_band_cut *cut);
/* Draws the band (cut NULL: whole) with its top at `top`. */
int lo_band_emit(lo_ctx *c, const lo_band *b, const lo_band_cut *cut, float dx, float top,
                 rg_page *page, rg_error *err);
void lo_table_free(lo_table *t);

/* Text helpers (layout_flow.c). */
float lo_props_size(const rg_text_props *p);

/* Image size in pixels from a PNG or JPEG header (layout_image.c). */
int lo_image_size(const char *path, int *width, int *height, rg_error *err);
/* The same for an image held in memory. */
int lo_image_size_data(const rg_image_data *im, int *width, int *height, rg_error *err);

#endif
