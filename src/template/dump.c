/* Text dump of the document model (see dump.h). */
#include "template/dump.h"

#include <stdio.h>

static void indent(rg_buf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        rg_buf_puts(out, "  ");
}

/* Text with **bold** marks; a bold run stays open across inlines, so a bold
 * label and its bold separator read "**1. ชื่อ : **". */
typedef struct marked {
    rg_buf *out;
    int bold;   /* a ** is open */
} marked;

static void put_marked(marked *m, const char *text, int bold)
{
    if (bold != m->bold)
        rg_buf_puts(m->out, "**");
    m->bold = bold;
    rg_buf_puts(m->out, text);
}

static void put_inlines(marked *m, const rg_inlines *inl)
{
    for (size_t i = 0; i < inl->count; i++) {
        const rg_inline *it = &inl->items[i];
        int bold = it->kind == RG_INLINE_TEXT && (it->flags & RG_INLINE_BOLD);
        switch (it->kind) {
        case RG_INLINE_TEXT: put_marked(m, it->text, bold); break;
        case RG_INLINE_LINE_BREAK: put_marked(m, "<br>", 0); break;
        case RG_INLINE_PAGE_NUMBER: put_marked(m, "{page}", 0); break;
        case RG_INLINE_PAGE_COUNT: put_marked(m, "{pages}", 0); break;
        case RG_INLINE_LEADER: put_marked(m, "....", 0); break;
        }
    }
}

static void end_marked(marked *m)
{
    put_marked(m, "", 0);
}

static void inlines(const rg_inlines *inl, rg_buf *out)
{
    marked m = {out, 0};
    put_inlines(&m, inl);
    end_marked(&m);
}

static void props(const rg_block *b, rg_buf *out)
{
    static const char *const aligns[] = {"left", "center", "right", "justify", "distributed"};
    rg_buf_printf(out, " [%g%s%s%s %s", b->props.size, b->props.bold ? " bold" : "",
                  b->props.italic ? " italic" : "", b->props.thai_digits ? " thai" : "",
                  aligns[b->box.align]);
    if (b->box.keep_with_next)
        rg_buf_puts(out, " keep-next");
    if (b->box.keep_together)
        rg_buf_puts(out, " keep-together");
    rg_buf_puts(out, "]");
}

static void blocks(const rg_blocks *list, int depth, rg_buf *out);

static void block(const rg_block *b, int depth, rg_buf *out)
{
    static const char *const markers[] = {"none", "decimal", "disc", "dash"};
    indent(out, depth);
    switch (b->kind) {
    case RG_BLOCK_PARAGRAPH:
        rg_buf_puts(out, "paragraph");
        props(b, out);
        rg_buf_puts(out, ": ");
        inlines(&b->inlines, out);
        rg_buf_putc(out, '\n');
        break;
    case RG_BLOCK_FIELD:
        rg_buf_puts(out, "field");
        props(b, out);
        rg_buf_puts(out, ": ");
        {
            marked m = {out, 0};
            put_inlines(&m, &b->field.label);
            put_marked(&m, b->field.separator ? b->field.separator : "",
                       (b->field.separator_flags & RG_INLINE_BOLD) != 0);
            end_marked(&m);
            rg_buf_putc(out, '\n');
        }
        blocks(&b->field.value, depth + 1, out);
        break;
    case RG_BLOCK_LIST:
        rg_buf_printf(out, "list %s start=%d prefix=%s", markers[b->list.marker], b->list.start,
                      b->list.number_prefix ? b->list.number_prefix : "");
        props(b, out);
        rg_buf_putc(out, '\n');
        for (size_t i = 0; i < b->list.item_count; i++) {
            indent(out, depth + 1);
            rg_buf_printf(out, "item %zu\n", i + 1);
            blocks(&b->list.items[i], depth + 2, out);
        }
        break;
    case RG_BLOCK_TABLE:
        rg_buf_printf(out, "table columns=%zu", b->table.column_count);
        props(b, out);
        rg_buf_putc(out, '\n');
        for (size_t r = 0; r < b->table.row_count; r++) {
            const rg_row *row = &b->table.rows[r];
            indent(out, depth + 1);
            rg_buf_printf(out, "row%s%s\n", row->header ? " header" : "", row->keep_with_next ? " keep-next" : "");
            for (size_t c = 0; c < row->cell_count; c++) {
                const rg_cell *cell = &row->cells[c];
                indent(out, depth + 2);
                rg_buf_puts(out, "cell");
                if (cell->colspan > 1)
                    rg_buf_printf(out, " colspan=%d", cell->colspan);
                if (cell->rowspan > 1)
                    rg_buf_printf(out, " rowspan=%d", cell->rowspan);
                if (cell->bar)
                    rg_buf_puts(out, " bar");
                if (cell->fill)
                    rg_buf_puts(out, " fill");
                rg_buf_putc(out, '\n');
                blocks(&cell->content, depth + 3, out);
            }
        }
        break;
    case RG_BLOCK_IMAGE:
        rg_buf_printf(out, "image %s %gx%g\n", b->image.path, b->image.width, b->image.height);
        break;
    case RG_BLOCK_SIGNATURE:
        rg_buf_printf(out, "signature: %s ..... %s | (%s)", b->signature.sign_label,
                      b->signature.role ? b->signature.role : "", b->signature.name ? b->signature.name : "");
        for (size_t i = 0; i < b->signature.position_count; i++)
            rg_buf_printf(out, " | %s", b->signature.position_lines[i]);
        rg_buf_putc(out, '\n');
        break;
    case RG_BLOCK_GROUP:
        rg_buf_puts(out, "group");
        props(b, out);
        rg_buf_putc(out, '\n');
        blocks(&b->children, depth + 1, out);
        break;
    case RG_BLOCK_SPACE:
        rg_buf_printf(out, "space %g%s\n", b->box.space_before,
                      b->space_kept ? " kept-at-page-top" : "");
        break;
    case RG_BLOCK_PAGE_BREAK:
        rg_buf_puts(out, "page-break\n");
        break;
    }
}

static void blocks(const rg_blocks *list, int depth, rg_buf *out)
{
    for (size_t i = 0; i < list->count; i++)
        block(list->items[i], depth, out);
}

int rg_document_dump(const rg_document *doc, rg_buf *out)
{
    const rg_doc_info *info = &doc->info;
    rg_buf_printf(out, "document title=%s date=%s\n", info->title ? info->title : "",
                  info->date ? info->date : "");
    for (size_t i = 0; i < doc->section_count; i++) {
        const rg_section *s = doc->sections[i];
        rg_buf_printf(out, "section %s %.0fx%.0fmm margins %.0f/%.0f/%.0f/%.0fmm%s%s\n",
                      s->page_width > s->page_height ? "landscape" : "portrait",
                      s->page_width * 25.4 / 72, s->page_height * 25.4 / 72,
                      s->margin_top * 25.4 / 72, s->margin_right * 25.4 / 72,
                      s->margin_bottom * 25.4 / 72, s->margin_left * 25.4 / 72,
                      s->restart_page_numbers ? " restart-numbering" : "",
                      s->number_pages ? "" : " unnumbered");
        if (s->header.count) {
            rg_buf_puts(out, s->header_skip_first ? "  header (not on the first page)\n" : "  header\n");
            blocks(&s->header, 2, out);
        }
        if (s->footer.count) {
            rg_buf_puts(out, "  footer\n");
            blocks(&s->footer, 2, out);
        }
        rg_buf_puts(out, "  body\n");
        blocks(&s->body, 2, out);
    }
    return 0;
}
