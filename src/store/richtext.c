/* HTML / plain text -> canonical rich text (see richtext.h).
 *
 * The tree from libxml2 (HTML parser for source HTML, XML parser for text
 * already in canonical form) is walked once; output is produced by a small
 * writer that opens paragraphs lazily, flattens inline styles to a style set
 * per character and re-emits them in canonical nesting, and drops blocks
 * that end up without text. Because the output depends only on the visible
 * characters, their styles and the block structure, feeding the output back
 * in reproduces it exactly. */
#include "store/richtext.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

enum { ST_B = 1, ST_I = 2, ST_U = 4 };
enum { BLK_LIST, BLK_LI };

#define MAX_BLOCKS 48
#define MAX_WARNED 16
/* Nesting limits. libxml2 stops reading a document at 256 nested elements
 * (the rest of the text is lost without a word in recovery mode), so text
 * nested deeper than MAX_TAG_DEPTH is refused rather than stored cut short.
 * Lists: each level indents by a marker's width (1.5 em): past
 * RG_RICHTEXT_MAX_LIST_DEPTH levels the form's column has no room left for
 * text. Either is an error naming the value, never text silently dropped. */
#define MAX_TAG_DEPTH 200

typedef struct block {
    int type;
    int implicit;     /* an <li> opened for text found directly in a list */
    size_t mark;      /* output length before the block's open tag */
    long text_mark;   /* visible characters emitted before it */
} block;

typedef struct writer {
    rg_buf *out;
    int failed;                 /* out of memory */
    int style;                  /* style of the text being walked */
    int open_style;             /* styles open in the output (canonical order) */
    int in_p;
    size_t p_mark;
    long p_text_mark;
    int line_has_text;
    int pending_space;
    int pending_space_style;
    long text_count;
    block blocks[MAX_BLOCKS];
    int nblocks;
    int depth_overflow;
    int list_depth;             /* lists open in the output */
    int too_deep;               /* a list deeper than RG_RICHTEXT_MAX_LIST_DEPTH: stop */
    const char *context;
    char warned[MAX_WARNED][16];
    int nwarned;
} writer;

static void put(writer *w, const char *s, size_t n)
{
    if (!w->failed && rg_buf_append(w->out, s, n) < 0)
        w->failed = 1;
}

static void puts_(writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static const char *style_tag[3] = {"b", "i", "u"};

/* Move the open inline tags to `target`: close down to the common prefix
 * (in b, i, u order), then open what is missing. */
static void set_style(writer *w, int target, int open_missing)
{
    int keep = 0;
    for (int k = 0; k < 3; k++) {
        int bit = 1 << k;
        if ((w->open_style & bit) != (target & bit))
            break;
        keep |= bit;
    }
    for (int k = 2; k >= 0; k--) {
        int bit = 1 << k;
        if ((w->open_style & bit) && !(keep & bit)) {
            puts_(w, "</");
            puts_(w, style_tag[k]);
            puts_(w, ">");
            w->open_style &= ~bit;
        }
    }
    if (!open_missing)
        return;
    for (int k = 0; k < 3; k++) {
        int bit = 1 << k;
        if ((target & bit) && !(w->open_style & bit)) {
            puts_(w, "<");
            puts_(w, style_tag[k]);
            puts_(w, ">");
            w->open_style |= bit;
        }
    }
}

static block *top_block(writer *w)
{
    return w->nblocks > 0 ? &w->blocks[w->nblocks - 1] : NULL;
}

static void push_block(writer *w, int type, int implicit, const char *open_tag)
{
    if (w->nblocks == MAX_BLOCKS) {
        w->depth_overflow++;
        return;
    }
    block *b = &w->blocks[w->nblocks++];
    b->type = type;
    b->implicit = implicit;
    b->mark = w->out->len;
    b->text_mark = w->text_count;
    puts_(w, open_tag);
}

static void open_paragraph(writer *w)
{
    if (w->in_p)
        return;
    block *top = top_block(w);
    if (top && top->type == BLK_LIST)
        push_block(w, BLK_LI, 1, "<li>");
    w->p_mark = w->out->len;
    w->p_text_mark = w->text_count;
    puts_(w, "<p>");
    w->in_p = 1;
    w->line_has_text = 0;
    w->pending_space = 0;
}

static void close_paragraph(writer *w)
{
    if (!w->in_p)
        return;
    set_style(w, 0, 0);
    if (w->text_count == w->p_text_mark) {
        if (!w->failed)
            w->out->len = w->p_mark, w->out->data[w->p_mark] = '\0';
    } else {
        puts_(w, "</p>");
    }
    w->in_p = 0;
    w->pending_space = 0;
}

static void pop_block(writer *w)
{
    if (w->depth_overflow) {
        w->depth_overflow--;
        return;
    }
    block *b = top_block(w);
    if (!b)
        return;
    if (w->text_count == b->text_mark) {
        if (!w->failed)
            w->out->len = b->mark, w->out->data[b->mark] = '\0';
    } else {
        puts_(w, b->type == BLK_LIST ? "</list>" : "</li>");
    }
    w->nblocks--;
}

static void block_boundary(writer *w)
{
    close_paragraph(w);
}

static int is_space_at(const unsigned char *s, size_t n, size_t i, size_t *width)
{
    unsigned char c = s[i];
    *width = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {  /* no-break space */
        *width = 2;
        return 1;
    }
    return 0;
}

static void text(writer *w, const char *src, size_t n)
{
    const unsigned char *s = (const unsigned char *)src;
    for (size_t i = 0; i < n;) {
        size_t width;
        if (is_space_at(s, n, i, &width)) {
            if (w->in_p && w->line_has_text && !w->pending_space) {
                w->pending_space = 1;
                w->pending_space_style = w->style;
            }
            i += width;
            continue;
        }
        if (s[i] < 0x20 || s[i] == 0x7F) {  /* other control characters: not text */
            i++;
            continue;
        }
        /* One whole character: invalid UTF-8 becomes U+FFFD, and characters
         * XML cannot hold (U+FFFE, U+FFFF) are dropped, so that the output
         * always reads back as XML. */
        size_t next = i;
        int invalid = 0;
        uint32_t cp = rg_utf8_next(src, n, &next, &invalid);
        if (cp == 0xFFFE || cp == 0xFFFF) {
            i = next;
            continue;
        }
        open_paragraph(w);
        if (w->pending_space) {
            set_style(w, w->pending_space_style, 1);
            puts_(w, " ");
            w->pending_space = 0;
        }
        set_style(w, w->style, 1);
        if (invalid) {
            puts_(w, "\xEF\xBF\xBD");
        } else {
            switch (s[i]) {
            case '&': puts_(w, "&amp;"); break;
            case '<': puts_(w, "&lt;"); break;
            case '>': puts_(w, "&gt;"); break;
            default: put(w, (const char *)s + i, next - i);
            }
        }
        w->text_count++;
        w->line_has_text = 1;
        i = next;
    }
}

static void line_break(writer *w)
{
    open_paragraph(w);
    set_style(w, w->style, 0);
    puts_(w, "<br/>");
    w->line_has_text = 0;
    w->pending_space = 0;
}

static void warn_tag(writer *w, const char *name, const char *what)
{
    for (int k = 0; k < w->nwarned; k++)
        if (!strcmp(w->warned[k], name))
            return;
    if (w->nwarned < MAX_WARNED) {
        snprintf(w->warned[w->nwarned], sizeof w->warned[0], "%s", name);
        w->nwarned++;
    }
    if (w->context)
        rg_warn("%s: tag <%s> %s", w->context, name, what);
    else
        rg_warn("rich text: tag <%s> %s", name, what);
}

/* Case-insensitive search (strcasestr is a GNU extension). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return hay;
    return NULL;
}

static const char *list_style_of(xmlNode *node, const char *name)
{
    int ordered = !strcasecmp(name, "ol");
    xmlChar *attr = xmlGetProp(node, (const xmlChar *)"style");
    const char *result = ordered ? "decimal" : "disc";
    if (attr) {
        const char *a = (const char *)attr;
        if (!strcasecmp(name, "list")) {  /* canonical form: the value itself */
            if (!strcmp(a, "decimal") || !strcmp(a, "disc") || !strcmp(a, "dash") ||
                !strcmp(a, "none"))
                result = !strcmp(a, "decimal") ? "decimal" : !strcmp(a, "dash") ? "dash"
                         : !strcmp(a, "none") ? "none" : "disc";
        } else {
            const char *p = find_ci(a, "list-style-type");
            if (!p)
                p = find_ci(a, "list-style");
            if (p && (p = strchr(p, ':'))) {
                p++;
                while (*p == ' ' || *p == '\t')
                    p++;
                if (!strncasecmp(p, "none", 4))
                    result = "none";
                else if (!strncasecmp(p, "decimal", 7) || !strncasecmp(p, "thai", 4) ||
                         !strncasecmp(p, "lower-", 6) || !strncasecmp(p, "upper-", 6))
                    result = "decimal";
                else if (!strncasecmp(p, "disc", 4) || !strncasecmp(p, "circle", 6) ||
                         !strncasecmp(p, "square", 6))
                    result = "disc";
            }
        }
        xmlFree(attr);
    }
    return result;
}

static int is_one_of(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (!strcasecmp(name, *names))
            return 1;
    return 0;
}

static void walk(writer *w, xmlNode *node);

static void walk_children(writer *w, xmlNode *node)
{
    for (xmlNode *c = node->children; c && !w->failed && !w->too_deep; c = c->next)
        walk(w, c);
}

static void walk_element(writer *w, xmlNode *node)
{
    /* No HTML_PARSE_NOIMPLIED: without the implied html/body libxml2 mis-nests
     * inline elements and drops the blanks between them. */
    static const char *const transparent[] = {"html", "body", "rt", NULL};
    static const char *const paragraphs[] = {"p", "div", NULL};
    static const char *const block_like[] = {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "center",
        "section", "article", "header", "footer", "address", "dl", "dt", "dd", "hr", "form",
        "fieldset", "nav", "aside", "main", "figure", "figcaption", NULL};
    static const char *const skipped[] = {"head", "script", "style", "title", "noscript",
        "template", NULL};
    const char *name = (const char *)node->name;

    if (is_one_of(name, transparent)) {
        walk_children(w, node);
    } else if (is_one_of(name, paragraphs)) {
        block_boundary(w);
        walk_children(w, node);
        block_boundary(w);
    } else if (!strcasecmp(name, "br")) {
        line_break(w);
    } else if (!strcasecmp(name, "ol") || !strcasecmp(name, "ul") || !strcasecmp(name, "list")) {
        block_boundary(w);
        block *top = top_block(w);
        if (top && top->type == BLK_LIST)
            push_block(w, BLK_LI, 1, "<li>");
        if (w->list_depth == RG_RICHTEXT_MAX_LIST_DEPTH) {
            w->too_deep = 1;
            return;
        }
        char open_tag[40];
        snprintf(open_tag, sizeof open_tag, "<list style=\"%s\">", list_style_of(node, name));
        push_block(w, BLK_LIST, 0, open_tag);
        w->list_depth++;
        walk_children(w, node);
        w->list_depth--;
        close_paragraph(w);
        top = top_block(w);
        if (top && top->type == BLK_LI && top->implicit)
            pop_block(w);
        pop_block(w);
    } else if (!strcasecmp(name, "li")) {
        block_boundary(w);
        block *top = top_block(w);
        if (top && top->type == BLK_LI && top->implicit)
            pop_block(w), top = top_block(w);
        if (top && top->type == BLK_LIST) {
            push_block(w, BLK_LI, 0, "<li>");
            walk_children(w, node);
            close_paragraph(w);
            pop_block(w);
        } else {  /* an item outside any list: a paragraph */
            walk_children(w, node);
            block_boundary(w);
        }
    } else if (!strcasecmp(name, "b") || !strcasecmp(name, "strong") ||
               !strcasecmp(name, "i") || !strcasecmp(name, "em") || !strcasecmp(name, "u")) {
        int saved = w->style;
        w->style |= (name[0] == 'b' || name[0] == 'B' || name[0] == 's' || name[0] == 'S') ? ST_B
                    : (name[0] == 'u' || name[0] == 'U') ? ST_U : ST_I;
        walk_children(w, node);
        w->style = saved;
    } else if (is_one_of(name, skipped)) {
        if (strcasecmp(name, "head"))
            warn_tag(w, name, "dropped with its content");
    } else if (is_one_of(name, block_like)) {
        warn_tag(w, name, "dropped, its text kept");
        block_boundary(w);
        walk_children(w, node);
        block_boundary(w);
    } else {
        warn_tag(w, name, "dropped, its text kept");
        walk_children(w, node);
    }
}

static void walk(writer *w, xmlNode *node)
{
    switch (node->type) {
    case XML_ELEMENT_NODE:
        walk_element(w, node);
        break;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (node->content)
            text(w, (const char *)node->content, strlen((const char *)node->content));
        break;
    case XML_ENTITY_REF_NODE:
    case XML_DOCUMENT_NODE:
    case XML_HTML_DOCUMENT_NODE:
        walk_children(w, node);
        break;
    default:  /* comments, processing instructions, DTDs */
        break;
    }
}

/* The deepest nesting of elements below `root`, counted without recursion
 * (the tree may be as deep as libxml2 went). */
static long tree_depth(xmlNode *root)
{
    long depth = 0, deepest = 0;
    xmlNode *n = root;
    while (n) {
        if (n->children) {
            n = n->children;
            if (++depth > deepest)
                deepest = depth;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            depth--;
        }
        if (n == root)
            break;
        n = n->next;
    }
    return deepest;
}

/* Tags present: '<' followed by a letter, '/' or '!'. "a < b" is plain text. */
static int looks_like_markup(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '<') {
            char c = s[i + 1];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!')
                return 1;
        }
    return 0;
}

static int starts_canonical(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    return n - i >= 4 && (!memcmp(s + i, "<rt>", 4) || (n - i >= 5 && !memcmp(s + i, "<rt/>", 5)));
}

static void plain_text(writer *w, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\n' || s[i] == '\r') {
            block_boundary(w);
            text(w, s + start, i - start);
            block_boundary(w);
            start = i + 1;
        }
    }
}

int rg_richtext_convert(const char *src, size_t len, const char *context, rg_buf *out,
                        rg_error *err)
{
    writer w;
    memset(&w, 0, sizeof w);
    w.out = out;
    w.context = context;
    if (rg_buf_puts(out, "<rt>") < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (len > (size_t)0x7fffffff)
        return rg_error_set(err, RG_ERR_INPUT, "rich text longer than 2 GB");

    /* Invalid UTF-8 would make libxml2's HTML parser fall back to Latin-1 for
     * the rest of the text: replace each bad byte with U+FFFD first. */
    rg_buf clean = RG_BUF_INIT;
    if (rg_utf8_find_invalid(src, len) >= 0) {
        for (size_t pos = 0; pos < len;) {
            size_t start = pos;
            int invalid = 0;
            rg_utf8_next(src, len, &pos, &invalid);
            if (invalid ? rg_buf_puts(&clean, "\xEF\xBF\xBD") < 0
                        : rg_buf_append(&clean, src + start, pos - start) < 0) {
                rg_buf_free(&clean);
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            }
        }
        src = clean.data ? clean.data : "";
        len = clean.len;
    }
    xmlDoc *doc = NULL;
    if (starts_canonical(src, len))
        doc = xmlReadMemory(src, (int)len, NULL, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc && looks_like_markup(src, len))
        doc = htmlReadMemory(src, (int)len, NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET);
    long depth = doc ? tree_depth((xmlNode *)doc) : 0;
    if (depth > MAX_TAG_DEPTH) {
        xmlFreeDoc(doc);
        rg_buf_free(&clean);
        return rg_error_set(err, RG_ERR_INPUT, "%s: tags nested more than %d deep: text "
                            "this deep cannot be read whole", context ? context : "rich text",
                            MAX_TAG_DEPTH);
    }
    if (doc) {
        walk(&w, (xmlNode *)doc);
        xmlFreeDoc(doc);
    } else {
        plain_text(&w, src, len);
    }
    if (w.too_deep) {
        rg_buf_free(&clean);
        return rg_error_set(err, RG_ERR_INPUT, "%s: lists nested more than %d deep: a form "
                            "prints at most %d levels (each indents its items)",
                            context ? context : "rich text", RG_RICHTEXT_MAX_LIST_DEPTH,
                            RG_RICHTEXT_MAX_LIST_DEPTH);
    }
    close_paragraph(&w);
    while (w.nblocks > 0)
        pop_block(&w);
    puts_(&w, "</rt>");
    rg_buf_free(&clean);
    if (w.failed)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory converting rich text");
    return 0;
}

int rg_richtext_from_html(const char *src, size_t len, rg_buf *out, rg_error *err)
{
    return rg_richtext_convert(src, len, NULL, out, err);
}

int rg_richtext_is_empty(const char *canonical)
{
    return !canonical || !strcmp(canonical, "<rt></rt>");
}

/* ---- reading canonical rich text --------------------------------------------- */

typedef struct walker {
    rg_rt_visitor visit;
    void *user;
    int stop;
    int depth;
} walker;

static void emit(walker *w, rg_rt_event *ev)
{
    if (!w->stop)
        w->stop = w->visit(w->user, ev);
}

static void walk_canonical(walker *w, xmlNode *node, int style)
{
    for (xmlNode *c = node->children; c && !w->stop; c = c->next) {
        rg_rt_event ev;
        memset(&ev, 0, sizeof ev);
        ev.depth = w->depth;
        if (c->type == XML_TEXT_NODE && c->content) {
            ev.type = RG_RT_TEXT;
            ev.text = (const char *)c->content;
            ev.len = strlen(ev.text);
            ev.style = style;
            emit(w, &ev);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (!strcmp(name, "p")) {
            ev.type = RG_RT_PARAGRAPH_START;
            emit(w, &ev);
            walk_canonical(w, c, 0);
            ev.type = RG_RT_PARAGRAPH_END;
            emit(w, &ev);
        } else if (!strcmp(name, "list")) {
            xmlChar *attr = xmlGetProp(c, (const xmlChar *)"style");
            const char *ls = attr && !strcmp((char *)attr, "decimal") ? "decimal"
                             : attr && !strcmp((char *)attr, "dash") ? "dash"
                             : attr && !strcmp((char *)attr, "none") ? "none" : "disc";
            xmlFree(attr);
            ev.type = RG_RT_LIST_START;
            ev.list_style = ls;
            emit(w, &ev);
            w->depth++;
            int number = 0;
            for (xmlNode *li = c->children; li && !w->stop; li = li->next) {
                if (li->type != XML_ELEMENT_NODE)
                    continue;
                rg_rt_event item;
                memset(&item, 0, sizeof item);
                item.depth = w->depth;
                item.type = RG_RT_ITEM_START;
                item.item_number = ++number;
                emit(w, &item);
                walk_canonical(w, li, 0);
                item.type = RG_RT_ITEM_END;
                emit(w, &item);
            }
            w->depth--;
            ev.type = RG_RT_LIST_END;
            ev.list_style = ls;
            emit(w, &ev);
        } else if (!strcmp(name, "br")) {
            ev.type = RG_RT_LINE_BREAK;
            emit(w, &ev);
        } else if (!strcmp(name, "b") || !strcmp(name, "i") || !strcmp(name, "u")) {
            walk_canonical(w, c, style | (name[0] == 'b' ? RG_RT_BOLD
                                          : name[0] == 'i' ? RG_RT_ITALIC : RG_RT_UNDERLINE));
        } else {
            walk_canonical(w, c, style);
        }
    }
}

int rg_richtext_walk(const char *canonical, rg_rt_visitor visit, void *user, rg_error *err)
{
    if (!canonical)
        return 0;
    size_t len = strlen(canonical);
    rg_buf converted = RG_BUF_INIT;
    const char *src = canonical;
    /* Anything not produced by the converter goes through it first. */
    if (!starts_canonical(canonical, len)) {
        if (rg_richtext_convert(canonical, len, NULL, &converted, err) < 0)
            return -1;
        src = converted.data;
        len = converted.len;
    }
    xmlDoc *doc = xmlReadMemory(src, (int)len, NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc && src == canonical) {  /* malformed: convert as HTML, then read */
        if (rg_richtext_convert(canonical, len, NULL, &converted, err) < 0)
            return -1;
        doc = xmlReadMemory(converted.data, (int)converted.len, NULL, "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    }
    rg_buf_free(&converted);
    if (!doc)
        return rg_error_set(err, RG_ERR_INTERNAL, "rich text could not be read");
    walker w = {visit, user, 0, 0};
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root)
        walk_canonical(&w, root, 0);
    xmlFreeDoc(doc);
    return w.stop;
}

typedef struct plain_state {
    rg_buf *out;
    const char *list_style[MAX_BLOCKS];
    int line_open;
    int at_marker;        /* the line holds only an item's marker so far */
    int failed;
} plain_state;

static void plain_newline(plain_state *p)
{
    if (p->at_marker)
        return;
    if (p->line_open && rg_buf_putc(p->out, '\n') < 0)
        p->failed = 1;
    p->line_open = 0;
}

static int plain_visit(void *user, const rg_rt_event *ev)
{
    plain_state *p = user;
    switch (ev->type) {
    case RG_RT_PARAGRAPH_START:
    case RG_RT_PARAGRAPH_END:
    case RG_RT_ITEM_END:
        plain_newline(p);
        break;
    case RG_RT_LIST_START:
        plain_newline(p);
        if (ev->depth < MAX_BLOCKS)
            p->list_style[ev->depth] = ev->list_style;
        break;
    case RG_RT_LIST_END:
        break;
    case RG_RT_ITEM_START: {
        p->at_marker = 0;
        plain_newline(p);
        const char *ls = ev->depth - 1 < MAX_BLOCKS ? p->list_style[ev->depth - 1] : "none";
        for (int k = 1; k < ev->depth; k++)
            rg_buf_puts(p->out, "  ");
        if (!strcmp(ls, "decimal"))
            rg_buf_printf(p->out, "%d. ", ev->item_number);
        else if (!strcmp(ls, "disc"))
            rg_buf_puts(p->out, "\xE2\x80\xA2 ");
        else if (!strcmp(ls, "dash"))
            rg_buf_puts(p->out, "- ");
        p->line_open = 1;
        p->at_marker = 1;
        break;
    }
    case RG_RT_TEXT:
        p->at_marker = 0;
        if (rg_buf_append(p->out, ev->text, ev->len) < 0)
            p->failed = 1;
        p->line_open = 1;
        break;
    case RG_RT_LINE_BREAK:
        p->at_marker = 0;
        if (rg_buf_putc(p->out, '\n') < 0)
            p->failed = 1;
        p->line_open = 0;
        break;
    }
    return 0;
}

int rg_richtext_to_plain(const char *canonical, rg_buf *out, rg_error *err)
{
    plain_state p;
    memset(&p, 0, sizeof p);
    p.out = out;
    if (rg_richtext_walk(canonical, plain_visit, &p, err) < 0)
        return -1;
    /* no trailing newline */
    if (out->len > 0 && out->data[out->len - 1] == '\n')
        out->data[--out->len] = '\0';
    if (!out->data)
        rg_buf_puts(out, "");
    if (p.failed)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}
