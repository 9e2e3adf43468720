/* Layout: the document model (document.h) -> pages of positioned items
 * (display.h), which the PDF writer draws.
 *
 * Every paragraph is shaped and broken into lines once (text/paragraph.h);
 * the lines, table rows and other unbreakable pieces are then cut into pages
 * under the keep rules of docs/layout.md: widows and orphans avoided, blocks
 * kept together or with the next one, table header rows repeated on every
 * page, rows taller than the space left split with all their cells cut at
 * the page bottom and continued under the repeated header. Running headers
 * and footers are laid out last, when the page count is known, so page
 * number inlines resolve per page. Layout never calls libharu, never reads
 * the clock and never orders anything by address: the same document and
 * fonts give the same display list. */
#ifndef RG_LAYOUT_H
#define RG_LAYOUT_H

#include "layout/display.h"
#include "layout/document.h"
#include "text/font.h"
#include "util/error.h"

typedef struct rg_layout_options {
    int widow_orphan_control;   /* 1 (default): no single line of a paragraph alone
                                 * at a page bottom or top when it can be avoided */
    int min_split_lines;        /* a table row split at a page bottom keeps at least this
                                 * many lines of each cut cell on the first page
                                 * (default 2), else the row starts on the next page */
    float header_gap;           /* points between the header and the body when the
                                 * header is taller than its margin (default 6) */
} rg_layout_options;

void rg_layout_options_init(rg_layout_options *opts);

/* Lays out doc into out (initialised by the caller with rg_display_init; pages
 * are appended; doc->info is copied). opts may be NULL for the defaults.
 * Fails (-1, err set) when a font cannot be loaded, an image cannot be read
 * (the message names the file) or memory runs out; out then holds no pages. */
int rg_layout_document_ex(const rg_document *doc, rg_fontlib *fonts,
                          const rg_layout_options *opts, rg_display *out, rg_error *err);

/* rg_layout_document_ex with the default options. */
int rg_layout_document(const rg_document *doc, rg_fontlib *fonts, rg_display *out,
                       rg_error *err);

#endif
