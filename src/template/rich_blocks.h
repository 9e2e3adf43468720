/* The store's canonical rich text (<rt><p>..</p><list style=".."><li>..</li></list></rt>,
 * see docs/data-format.md) turned into document blocks: paragraphs with
 * bold/italic/underline spans and line breaks, and lists with their marker
 * style (decimal, disc, dash, none). */
#ifndef RG_TEMPLATE_RICH_BLOCKS_H
#define RG_TEMPLATE_RICH_BLOCKS_H

#include "layout/document.h"
#include "util/error.h"

/* Appends the blocks of `xml` to `out`. Each paragraph gets `props` and a
 * copy of `box` (spacing, indents, alignment). Text that is not canonical
 * rich text (no <rt> root, or not well-formed) is taken as plain text, one
 * paragraph per line, with a warning naming `where`. */
int rg_rich_to_blocks(const char *xml, const rg_text_props *props, const rg_block_box *box,
                          const char *where, rg_blocks *out, rg_error *err);

/* Plain text of rich text (paragraphs and items joined by `sep`), for
 * presence tests and the `text` filter. Caller frees; NULL on OOM. */
char *rg_rich_plain(const char *xml, const char *sep);

/* 1 when the value holds no visible text (empty, white space, <rt/>, <rt><p/></rt>). */
int rg_rich_is_empty(const char *xml);

/* Trims spaces at the start and end of a paragraph and around line breaks,
 * and drops empty text inlines. */
void rg_inlines_tidy(rg_inlines *inl);

#endif
