/* Canonical rich text -> document blocks (see richtext.h). */
#include "template/rich_blocks.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* Collapses XML white space runs to one space, as HTML rendering does. */
static int push_collapsed(rg_inlines *inl, const char *text, unsigned flags)
{
    rg_buf b = RG_BUF_INIT;
    int space = 0;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = 1;
            continue;
        }
        if (space)
            rg_buf_putc(&b, ' ');
        space = 0;
        rg_buf_putc(&b, *p);
    }
    if (space)
        rg_buf_putc(&b, ' ');
    int rc = 0;
    if (b.len)
        rc = rg_inlines_push_text(inl, b.data, b.len, flags, 0);
    rg_buf_free(&b);
    return rc;
}

/* Trims the spaces at the start and end of a paragraph and after/before
 * line breaks, and doubled spaces where two inlines meet. */
void rg_inlines_tidy(rg_inlines *inl)
{
    int at_line_start = 1;
    for (size_t i = 0; i < inl->count; i++) {
        rg_inline *it = &inl->items[i];
        if (it->kind == RG_INLINE_LINE_BREAK) {
            at_line_start = 1;
            continue;
        }
        if (it->kind != RG_INLINE_TEXT) {
            at_line_start = 0;
            continue;
        }
        if (at_line_start && it->text[0] == ' ')
            memmove(it->text, it->text + 1, strlen(it->text));
        size_t n = strlen(it->text);
        if (n)
            at_line_start = it->text[n - 1] == ' ';
    }
    /* Trailing spaces before a break or the end. */
    for (size_t i = inl->count; i-- > 0;) {
        rg_inline *it = &inl->items[i];
        int before_break = (i + 1 == inl->count) || inl->items[i + 1].kind == RG_INLINE_LINE_BREAK;
        if (it->kind == RG_INLINE_TEXT && before_break) {
            size_t n = strlen(it->text);
            while (n && it->text[n - 1] == ' ')
                it->text[--n] = '\0';
        }
    }
    /* Drop empty text inlines and join neighbours of the same style, so
     * that line breaking sees whole words (a value and the text around it). */
    size_t w = 0;
    for (size_t i = 0; i < inl->count; i++) {
        rg_inline *it = &inl->items[i];
        if (it->kind == RG_INLINE_TEXT && !it->text[0]) {
            free(it->text);
            continue;
        }
        if (w > 0 && it->kind == RG_INLINE_TEXT) {
            rg_inline *prev = &inl->items[w - 1];
            if (prev->kind == RG_INLINE_TEXT && prev->flags == it->flags && prev->size == it->size) {
                size_t a = strlen(prev->text), b = strlen(it->text);
                char *joined = realloc(prev->text, a + b + 1);
                if (joined) {
                    memcpy(joined + a, it->text, b + 1);
                    prev->text = joined;
                    free(it->text);
                    continue;
                }
            }
        }
        inl->items[w++] = *it;
    }
    inl->count = w;
}

typedef struct rt_ctx {
    const rg_text_props *props;
    const rg_block_box *box;
} rt_ctx;

static int inlines_of(xmlNode *node, unsigned flags, rg_inlines *inl);

/* One node of inline content: text, <br/>, or a <b>/<i>/<u> span. */
static int inline_node(xmlNode *c, unsigned flags, rg_inlines *inl)
{
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        return push_collapsed(inl, (const char *)c->content, flags);
    if (c->type != XML_ELEMENT_NODE)
        return 0;
    const char *n = (const char *)c->name;
    if (!strcmp(n, "br"))
        return rg_inlines_push(inl, RG_INLINE_LINE_BREAK, flags);
    if (!strcmp(n, "b"))
        flags |= RG_INLINE_BOLD;
    else if (!strcmp(n, "i"))
        flags |= RG_INLINE_ITALIC;
    else if (!strcmp(n, "u"))
        flags |= RG_INLINE_UNDERLINE;
    return inlines_of(c, flags, inl);
}

static int inlines_of(xmlNode *node, unsigned flags, rg_inlines *inl)
{
    for (xmlNode *c = node->children; c; c = c->next)
        if (inline_node(c, flags, inl) < 0)
            return -1;
    return 0;
}

static rg_block *new_paragraph(const rt_ctx *ctx)
{
    rg_block *b = rg_block_new(RG_BLOCK_PARAGRAPH, ctx->props);
    if (b)
        b->box = *ctx->box;
    return b;
}

static int blocks_of(xmlNode *node, const rt_ctx *ctx, rg_blocks *out);

/* Flushes loose inline content (text not inside <p>) as one paragraph. */
static int flush_loose(rg_block **loose, rg_blocks *out)
{
    if (!*loose)
        return 0;
    rg_inlines_tidy(&(*loose)->inlines);
    int rc = 0;
    if ((*loose)->inlines.count)
        rc = rg_blocks_push(out, *loose);
    else
        rg_block_free(*loose);
    *loose = NULL;
    return rc;
}

static rg_marker marker_of(xmlNode *list)
{
    xmlChar *style = xmlGetProp(list, (const xmlChar *)"style");
    rg_marker m = RG_MARKER_DECIMAL;
    if (style) {
        if (!strcmp((char *)style, "disc"))
            m = RG_MARKER_DISC;
        else if (!strcmp((char *)style, "dash"))
            m = RG_MARKER_DASH;
        else if (!strcmp((char *)style, "none"))
            m = RG_MARKER_NONE;
        xmlFree(style);
    }
    return m;
}

static int list_of(xmlNode *node, const rt_ctx *ctx, rg_blocks *out)
{
    rg_block *list = rg_block_new(RG_BLOCK_LIST, ctx->props);
    if (!list)
        return -1;
    list->box = *ctx->box;
    list->box.first_indent = 0;
    list->list.marker = marker_of(node);
    float size = ctx->props->size > 0 ? ctx->props->size : 16;
    list->list.marker_width = list->list.marker == RG_MARKER_NONE ? size * 0.75f : size * 1.5f;
    rg_block_box item_box = *ctx->box;
    item_box.indent_left = item_box.indent_right = 0;
    item_box.first_indent = 0;
    rt_ctx item_ctx = {ctx->props, &item_box};
    for (xmlNode *c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "li"))
            continue;
        rg_blocks *item = rg_list_add_item(&list->list);
        if (!item || blocks_of(c, &item_ctx, item) < 0) {
            rg_block_free(list);
            return -1;
        }
    }
    if (!list->list.item_count) {
        rg_block_free(list);
        return 0;
    }
    return rg_blocks_push(out, list);
}

static int blocks_of(xmlNode *node, const rt_ctx *ctx, rg_blocks *out)
{
    rg_block *loose = NULL;
    for (xmlNode *c = node->children; c; c = c->next) {
        const char *n = c->type == XML_ELEMENT_NODE ? (const char *)c->name : "";
        if (!strcmp(n, "p")) {
            if (flush_loose(&loose, out) < 0)
                return -1;
            rg_block *p = new_paragraph(ctx);
            if (!p || inlines_of(c, 0, &p->inlines) < 0) {
                rg_block_free(p);
                return -1;
            }
            rg_inlines_tidy(&p->inlines);
            if (p->inlines.count == 0)
                rg_block_free(p);   /* an empty <p/> prints nothing */
            else if (rg_blocks_push(out, p) < 0)
                return -1;
        } else if (!strcmp(n, "list")) {
            if (flush_loose(&loose, out) < 0 || list_of(c, ctx, out) < 0)
                return -1;
        } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE
                   || c->type == XML_ELEMENT_NODE) {
            if (!loose && !(loose = new_paragraph(ctx)))
                return -1;
            if (inline_node(c, 0, &loose->inlines) < 0) {
                rg_block_free(loose);
                return -1;
            }
        }
    }
    return flush_loose(&loose, out);
}

static int plain_blocks(const char *text, const rt_ctx *ctx, rg_blocks *out)
{
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
            len--;
        if (len) {
            rg_block *b = new_paragraph(ctx);
            if (!b || rg_inlines_push_text(&b->inlines, p, len, 0, 0) < 0
                || rg_blocks_push(out, b) < 0) {
                rg_block_free(b);
                return -1;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

static xmlDoc *parse_rt(const char *xml)
{
    while (*xml == ' ' || *xml == '\n' || *xml == '\t' || *xml == '\r')
        xml++;
    if (strncmp(xml, "<rt", 3))
        return NULL;
    return xmlReadMemory(xml, (int)strlen(xml), NULL, "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

int rg_rich_to_blocks(const char *xml, const rg_text_props *props, const rg_block_box *box,
                          const char *where, rg_blocks *out, rg_error *err)
{
    rt_ctx ctx = {props, box};
    if (!xml || !*xml)
        return 0;
    xmlDoc *doc = parse_rt(xml);
    int rc;
    if (!doc) {
        const char *s = xml;
        while (*s == ' ' || *s == '\n')
            s++;
        if (*s == '<')
            rg_warn("%s: rich text is not well-formed; printed as plain text", where ? where : "?");
        rc = plain_blocks(xml, &ctx, out);
    } else {
        rc = blocks_of(xmlDocGetRootElement(doc), &ctx, out);
        xmlFreeDoc(doc);
    }
    if (rc < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

/* Appends text with its XML white space collapsed to single spaces. */
static void put_collapsed(rg_buf *b, const char *text)
{
    for (const char *p = text; *p; p++) {
        int space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (space && (b->len == 0 || b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
            continue;
        rg_buf_putc(b, space ? ' ' : *p);
    }
}

/* Starts a new paragraph or line: trailing space dropped, one separator. */
static void put_separator(rg_buf *b, const char *sep)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
    if (b->len)
        rg_buf_puts(b, sep);
}

static void plain_of(xmlNode *node, const char *sep, rg_buf *b)
{
    for (xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            put_collapsed(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            const char *n = (const char *)c->name;
            if (!strcmp(n, "p") || !strcmp(n, "li") || !strcmp(n, "br"))
                put_separator(b, sep);
            plain_of(c, sep, b);
        }
    }
}

char *rg_rich_plain(const char *xml, const char *sep)
{
    rg_buf b = RG_BUF_INIT;
    xmlDoc *doc = xml ? parse_rt(xml) : NULL;
    if (doc) {
        plain_of(xmlDocGetRootElement(doc), sep, &b);
        xmlFreeDoc(doc);
        while (b.len && b.data[b.len - 1] == ' ')
            b.data[--b.len] = '\0';
    } else if (xml) {
        rg_buf_puts(&b, xml);
    }
    if (!b.data)
        return strdup("");
    return rg_buf_steal(&b);
}

int rg_rich_is_empty(const char *xml)
{
    if (!xml)
        return 1;
    const char *s = xml;
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    if (!*s)
        return 1;
    if (strncmp(s, "<rt", 3))
        return 0;
    char *plain = rg_rich_plain(xml, " ");
    int empty = 1;
    for (const char *p = plain; p && *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            empty = 0;
    free(plain);
    return empty;
}
