/* What the layout of a document needs from the text engine, asked for before
 * the first paragraph (lo_prepare, layout_internal.h).
 *
 * In a single `raingan render`, libthai's dictionary is still loading on its
 * own thread (rg_linebreak_preload) when layout starts, and the first
 * paragraph waits for it. Two things fill that wait and the time after it:
 * every font the document sets text in is resolved and prepared here (faces
 * loaded, shaping plans built: work layout would otherwise do paragraph by
 * paragraph), and every text is handed to that thread (rg_linebreak_prefetch)
 * to break its Thai runs on the other core while this one lays out. Neither
 * changes a result. A font that cannot be resolved is left for layout to
 * report where it is used. */
#include "layout/layout_internal.h"

#include <stdlib.h>
#include <string.h>

#include "text/linebreak.h"
#include "util/vec.h"

typedef struct text_list {
    const char **texts;
    size_t *lens;
    size_t count, texts_cap, lens_cap;
    int failed;              /* out of memory: prefetch nothing */
} text_list;

static void add_text(text_list *l, const char *text)
{
    if (!text || !*text || l->failed)
        return;
    const char **texts = rg_vec_reserve(l->texts, l->count, &l->texts_cap, sizeof *texts, 64);
    if (texts)
        l->texts = texts;
    size_t *lens = texts ? rg_vec_reserve(l->lens, l->count, &l->lens_cap, sizeof *lens, 64) : NULL;
    if (!lens) {
        l->failed = 1;
        return;
    }
    l->lens = lens;
    l->texts[l->count] = text;
    l->lens[l->count++] = strlen(text);
}

/* One walk over the document serves both passes: with `c`, the fonts of
 * every style are prepared; with `texts`, every text is collected. */
typedef struct walker {
    lo_ctx *c;
    text_list *texts;
} walker;

static void visit_style(const walker *w, const rg_text_props *p, unsigned flags)
{
    if (!w->c)
        return;
    rg_error ignored;
    rg_font_style style = ((p->bold || (flags & RG_INLINE_BOLD)) ? RG_STYLE_BOLD : 0)
                          | ((p->italic || (flags & RG_INLINE_ITALIC)) ? RG_STYLE_ITALIC : 0);
    rg_font *font = rg_fontlib_font(w->c->fonts, p->font_families, style, &ignored);
    if (font)
        rg_font_prepare(font);
}

static void visit_text(const walker *w, const char *text)
{
    if (w->texts)
        add_text(w->texts, text);
}

static void visit_inlines(const walker *w, const rg_text_props *p, const rg_inlines *inl)
{
    visit_style(w, p, 0);
    for (size_t i = 0; i < inl->count; i++) {
        if (inl->items[i].flags & (RG_INLINE_BOLD | RG_INLINE_ITALIC))
            visit_style(w, p, inl->items[i].flags);
        if (inl->items[i].kind == RG_INLINE_TEXT)
            visit_text(w, inl->items[i].text);
    }
}

static void visit_blocks(const walker *w, const rg_blocks *blocks);

static void visit_block(const walker *w, const rg_block *b)
{
    switch (b->kind) {
    case RG_BLOCK_PARAGRAPH:
        visit_inlines(w, &b->props, &b->inlines);
        break;
    case RG_BLOCK_FIELD:
        visit_inlines(w, &b->props, &b->field.label);
        visit_style(w, &b->props, b->field.separator_flags);
        visit_blocks(w, &b->field.value);
        break;
    case RG_BLOCK_LIST:
        visit_style(w, &b->props, 0);
        for (size_t i = 0; i < b->list.item_count; i++)
            visit_blocks(w, &b->list.items[i]);
        break;
    case RG_BLOCK_TABLE:
        for (size_t r = 0; r < b->table.row_count; r++) {
            for (size_t k = 0; k < b->table.rows[r].cell_count; k++)
                visit_blocks(w, &b->table.rows[r].cells[k].content);
        }
        break;
    case RG_BLOCK_SIGNATURE:
        visit_style(w, &b->props, 0);
        visit_text(w, b->signature.role);
        visit_text(w, b->signature.name);
        for (size_t i = 0; i < b->signature.position_count; i++)
            visit_text(w, b->signature.position_lines[i]);
        break;
    case RG_BLOCK_GROUP:
        visit_blocks(w, &b->children);
        break;
    default:
        break;
    }
}

static void visit_blocks(const walker *w, const rg_blocks *blocks)
{
    for (size_t i = 0; i < blocks->count; i++)
        visit_block(w, blocks->items[i]);
}

static void walk(const walker *w, const rg_document *doc)
{
    for (size_t i = 0; i < doc->section_count; i++) {
        visit_blocks(w, &doc->sections[i]->header);
        visit_blocks(w, &doc->sections[i]->body);
        visit_blocks(w, &doc->sections[i]->footer);
    }
}

void lo_prepare(lo_ctx *c, const rg_document *doc)
{
    /* The texts first, so that the other thread starts as early as it can. */
    text_list texts = {NULL, NULL, 0, 0, 0, 0};
    walk(&(walker){NULL, &texts}, doc);
    if (!texts.failed)
        rg_linebreak_prefetch(texts.texts, texts.lens, texts.count);
    free(texts.texts);
    free(texts.lens);
    walk(&(walker){c, NULL}, doc);
}
