/* Construction and release of the document model (see document.h). */
#include "layout/document.h"
#include "util/vec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Grows an array of `size`-byte elements to hold one more; 0 or -1 on OOM. */
static int grow(void **items, size_t *cap, size_t count, size_t size)
{
    void *p = rg_vec_reserve(*items, count, cap, size, 4);
    if (!p)
        return -1;
    *items = p;
    return 0;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

rg_document *rg_document_new(void)
{
    return calloc(1, sizeof(rg_document));
}

static void free_blocks(rg_blocks *list)
{
    for (size_t i = 0; i < list->count; i++)
        rg_block_free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

static void free_inlines(rg_inlines *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].text);
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

static void free_info(rg_doc_info *info)
{
    free(info->title);
    free(info->author);
    free(info->subject);
    free(info->keywords);
    free(info->creator);
    free(info->date);
    memset(info, 0, sizeof *info);
}

void rg_document_free(rg_document *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->section_count; i++) {
        rg_section *s = doc->sections[i];
        free_blocks(&s->header);
        free_blocks(&s->footer);
        free_blocks(&s->body);
        rg_block_free(s->continuation);
        free(s);
    }
    free(doc->sections);
    free_info(&doc->info);
    rg_image_set_free(&doc->images);
    free(doc);
}

rg_section *rg_document_add_section(rg_document *doc)
{
    if (grow((void **)&doc->sections, &doc->section_cap, doc->section_count, sizeof(rg_section *)) < 0)
        return NULL;
    rg_section *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    /* A4 portrait, the margins of Thai official documents (ระเบียบงานสารบรรณ):
     * top 2.5 cm, left 3 cm, right 2 cm, bottom 2 cm. Templates override. */
    s->page_width = 595.28f;
    s->page_height = 841.89f;
    s->margin_top = 70.87f;
    s->margin_left = 85.04f;
    s->margin_right = 56.69f;
    s->margin_bottom = 56.69f;
    s->number_pages = 1;
    doc->sections[doc->section_count++] = s;
    return s;
}

static int rg_text_props_copy(rg_text_props *dst, const rg_text_props *src)
{
    *dst = *src;
    dst->font_families = dup_or_null(src->font_families);
    return (src->font_families && !dst->font_families) ? -1 : 0;
}

static void rg_text_props_release(rg_text_props *props)
{
    free(props->font_families);
    props->font_families = NULL;
}

rg_block *rg_block_new(rg_block_kind kind, const rg_text_props *props)
{
    rg_block *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->kind = kind;
    if (props && rg_text_props_copy(&b->props, props) < 0) {
        free(b);
        return NULL;
    }
    if (kind == RG_BLOCK_LIST)
        b->list.start = 1;
    return b;
}

void rg_block_free(rg_block *b)
{
    if (!b)
        return;
    rg_text_props_release(&b->props);
    free_inlines(&b->inlines);
    free_inlines(&b->field.label);
    free(b->field.separator);
    free_blocks(&b->field.value);
    for (size_t i = 0; i < b->list.item_count; i++)
        free_blocks(&b->list.items[i]);
    free(b->list.items);
    free(b->list.number_prefix);
    for (size_t r = 0; r < b->table.row_count; r++) {
        rg_row *row = &b->table.rows[r];
        for (size_t c = 0; c < row->cell_count; c++)
            free_blocks(&row->cells[c].content);
        free(row->cells);
    }
    free(b->table.rows);
    free(b->table.column_widths);
    free(b->image.path);
    rg_signature_block *sig = &b->signature;
    free(sig->sign_label);
    free(sig->role);
    free(sig->name);
    free(sig->field_name);
    for (size_t i = 0; i < sig->position_count; i++)
        free(sig->position_lines[i]);
    free(sig->position_lines);
    free_blocks(&b->children);
    free(b);
}

int rg_blocks_push(rg_blocks *list, rg_block *block)
{
    assert(list && block);
    assert(!list->count || list->items[list->count - 1] != block);   /* taken once */
    if (grow((void **)&list->items, &list->cap, list->count, sizeof(rg_block *)) < 0) {
        rg_block_free(block);
        return -1;
    }
    list->items[list->count++] = block;
    return 0;
}

int rg_inlines_push_text(rg_inlines *list, const char *text, size_t len, unsigned flags, float size)
{
    assert(list && (text || !len));
    if (grow((void **)&list->items, &list->cap, list->count, sizeof(rg_inline)) < 0)
        return -1;
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, text, len);
    copy[len] = '\0';
    list->items[list->count++] = (rg_inline){RG_INLINE_TEXT, copy, flags, size, 0};
    return 0;
}

int rg_inlines_push(rg_inlines *list, rg_inline_kind kind, unsigned flags)
{
    if (grow((void **)&list->items, &list->cap, list->count, sizeof(rg_inline)) < 0)
        return -1;
    list->items[list->count++] = (rg_inline){kind, NULL, flags, 0, 0};
    return 0;
}

rg_blocks *rg_list_add_item(rg_list_block *list)
{
    if (grow((void **)&list->items, &list->item_cap, list->item_count, sizeof(rg_blocks)) < 0)
        return NULL;
    rg_blocks *item = &list->items[list->item_count++];
    memset(item, 0, sizeof *item);
    return item;
}

rg_row *rg_table_add_row(rg_table_block *table)
{
    if (grow((void **)&table->rows, &table->row_cap, table->row_count, sizeof(rg_row)) < 0)
        return NULL;
    rg_row *row = &table->rows[table->row_count++];
    memset(row, 0, sizeof *row);
    return row;
}

rg_cell *rg_row_add_cell(rg_row *row)
{
    if (grow((void **)&row->cells, &row->cell_cap, row->cell_count, sizeof(rg_cell)) < 0)
        return NULL;
    rg_cell *cell = &row->cells[row->cell_count++];
    memset(cell, 0, sizeof *cell);
    cell->colspan = cell->rowspan = 1;
    cell->borders = RG_BORDER_ALL;
    return cell;
}

int rg_signature_add_position(rg_signature_block *sig, const char *line)
{
    char **lines = realloc(sig->position_lines, (sig->position_count + 1) * sizeof(char *));
    if (!lines)
        return -1;
    sig->position_lines = lines;
    char *copy = strdup(line);
    if (!copy)
        return -1;
    lines[sig->position_count++] = copy;
    return 0;
}
