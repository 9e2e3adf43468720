/* Loading form templates: parsing the XML, the form's declarations (styles,
 * queries), included parts, and listing the forms of a directory. */
#include "template/template_internal.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/kinds.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/paths.h"
#include "util/vec.h"

int tpl_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name);
}

int tpl_node_error(const xmlNode *node, rg_error *err, rg_error_code code, const char *fmt, ...)
{
    char msg[RG_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = node && node->doc && node->doc->URL ? (const char *)node->doc->URL : "?";
    return rg_error_set(err, code, "%s:%ld: %s", file, node ? xmlGetLineNo(node) : 0L, msg);
}

static int nomem(rg_error *err)
{
    return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
}

static void keep_first_error(void *user, xmlErrorPtr error)
{
    xmlParserCtxt *ctxt = user;
    xmlError *first = ctxt ? ctxt->_private : NULL;
    if (first && !first->message && error && error->level >= XML_ERR_ERROR)
        xmlCopyError(error, first);
}

/* Parses an XML file with line numbers, no network, errors as FILE:LINE. */
static xmlDoc *tpl_parse_file(const char *path, rg_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        rg_error_set(err, errno == ENOENT ? RG_ERR_INPUT : RG_ERR_IO, "%s: cannot read: %s", path,
                     strerror(errno));
        return NULL;
    }
    fclose(fp);
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        nomem(err);
        return NULL;
    }
    /* Keep the first error: the later ones are consequences of it. */
    xmlError first;
    memset(&first, 0, sizeof first);
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first_error;
    xmlDoc *doc = xmlCtxtReadFile(ctxt, path, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc && first.level >= XML_ERR_ERROR) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc) {
        const xmlError *e = first.message ? &first : xmlCtxtGetLastError(ctxt);
        char msg[512] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t n = strlen(msg);
            while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
        }
        rg_error_set(err, RG_ERR_INPUT, "%s:%d: %s", path, e ? e->line : 0, msg);
    }
    xmlResetError(&first);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

char *tpl_attr(const xmlNode *node, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)node, (const xmlChar *)name);
}

int tpl_parse_length(const xmlNode *node, const char *attr, const char *text, float *out,
                     rg_error *err)
{
    char *end;
    double v = strtod(text, &end);
    double scale = 1.0;
    while (*end == ' ')
        end++;
    if (end == text)
        goto bad;
    if (!strcmp(end, "mm"))
        scale = 72.0 / 25.4;
    else if (!strcmp(end, "cm"))
        scale = 72.0 / 2.54;
    else if (!strcmp(end, "in"))
        scale = 72.0;
    else if (strcmp(end, "pt") && *end)
        goto bad;
    *out = (float)(v * scale);
    return 0;
bad:
    return tpl_node_error(node, err, RG_ERR_INPUT,
                          "%s=\"%s\": expected a length such as 12mm, 1.5cm or 10pt", attr, text);
}

int tpl_parse_bool(const xmlNode *node, const char *attr, const char *text, int *out,
                   rg_error *err)
{
    if (!strcmp(text, "yes") || !strcmp(text, "true") || !strcmp(text, "1")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(text, "no") || !strcmp(text, "false") || !strcmp(text, "0")) {
        *out = 0;
        return 0;
    }
    return tpl_node_error(node, err, RG_ERR_INPUT, "%s=\"%s\": expected yes or no", attr, text);
}

int tpl_parse_color(const xmlNode *node, const char *attr, const char *text, rg_color *out,
                    rg_error *err)
{
    unsigned v = 0;
    size_t n = strlen(text);
    if (text[0] == '#' && (n == 7 || n == 4) && strspn(text + 1, "0123456789abcdefABCDEF") == n - 1) {
        v = (unsigned)strtoul(text + 1, NULL, 16);
        if (n == 4)  /* #abc = #aabbcc */
            v = ((v & 0xF00) << 12 | (v & 0xF00) << 8) | ((v & 0xF0) << 8 | (v & 0xF0) << 4)
                | ((v & 0xF) << 4 | (v & 0xF));
        out->r = (float)((v >> 16) & 0xFF) / 255.0f;
        out->g = (float)((v >> 8) & 0xFF) / 255.0f;
        out->b = (float)(v & 0xFF) / 255.0f;
        return 0;
    }
    return tpl_node_error(node, err, RG_ERR_INPUT, "%s=\"%s\": expected a colour #rrggbb", attr,
                          text);
}

static const char *const style_attrs[] = {
    "font", "size", "line-height", "bold", "italic", "underline", "thai-digits", "color",
    "align", "space-before", "space-after", "indent", "indent-right", "first-indent",
    "keep-with-next", "keep-together", NULL};

/* Is `name` one of the style attributes (font, size, bold, align, ...)? */
static int tpl_is_style_attr(const char *name)
{
    for (size_t i = 0; style_attrs[i]; i++)
        if (!strcmp(style_attrs[i], name))
            return 1;
    return 0;
}

static int parse_number(const xmlNode *node, const char *attr, const char *text, float *out,
                        rg_error *err)
{
    char *end;
    double v = strtod(text, &end);
    if (end != text && !strcmp(end, "pt"))
        end += 2;
    if (end == text || *end || v <= 0 || v > 1000)
        return tpl_node_error(node, err, RG_ERR_INPUT, "%s=\"%s\": expected a positive number",
                              attr, text);
    *out = (float)v;
    return 0;
}

static int parse_align(const xmlNode *node, const char *text, rg_align *out, rg_error *err)
{
    static const char *const names[] = {"left", "center", "right", "justify", "distributed"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(text, names[i])) {
            *out = (rg_align)i;
            return 0;
        }
    return tpl_node_error(node, err, RG_ERR_INPUT,
                          "align=\"%s\": expected left, center, right, justify or distributed", text);
}

/* Reads one style attribute; 0 if it was not present. */
static int read_style_attr(const xmlNode *node, const char *name, tpl_style *st, rg_error *err)
{
    char *v = tpl_attr(node, name);
    if (!v)
        return 0;
    int rc = 0;
    if (!strcmp(name, "font")) {
        free(st->font);
        st->font = strdup(v);
        st->set |= ST_FONT;
    } else if (!strcmp(name, "size")) {
        rc = parse_number(node, name, v, &st->size, err);
        st->set |= ST_SIZE;
    } else if (!strcmp(name, "line-height")) {
        /* "single": the font's own single spacing (0 in the document model). */
        if (!strcmp(v, "single"))
            st->line_height = 0;
        else
            rc = parse_number(node, name, v, &st->line_height, err);
        st->set |= ST_LINE_HEIGHT;
    } else if (!strcmp(name, "bold")) {
        rc = tpl_parse_bool(node, name, v, &st->bold, err);
        st->set |= ST_BOLD;
    } else if (!strcmp(name, "italic")) {
        rc = tpl_parse_bool(node, name, v, &st->italic, err);
        st->set |= ST_ITALIC;
    } else if (!strcmp(name, "underline")) {
        rc = tpl_parse_bool(node, name, v, &st->underline, err);
        st->set |= ST_UNDERLINE;
    } else if (!strcmp(name, "thai-digits")) {
        rc = tpl_parse_bool(node, name, v, &st->thai_digits, err);
        st->set |= ST_DIGITS;
    } else if (!strcmp(name, "color")) {
        rc = tpl_parse_color(node, name, v, &st->color, err);
        st->set |= ST_COLOR;
    } else if (!strcmp(name, "align")) {
        rc = parse_align(node, v, &st->align, err);
        st->set |= ST_ALIGN;
    } else if (!strcmp(name, "space-before")) {
        rc = tpl_parse_length(node, name, v, &st->space_before, err);
        st->set |= ST_SPACE_BEFORE;
    } else if (!strcmp(name, "space-after")) {
        rc = tpl_parse_length(node, name, v, &st->space_after, err);
        st->set |= ST_SPACE_AFTER;
    } else if (!strcmp(name, "indent")) {
        rc = tpl_parse_length(node, name, v, &st->indent, err);
        st->set |= ST_INDENT;
    } else if (!strcmp(name, "indent-right")) {
        rc = tpl_parse_length(node, name, v, &st->indent_right, err);
        st->set |= ST_INDENT_RIGHT;
    } else if (!strcmp(name, "first-indent")) {
        rc = tpl_parse_length(node, name, v, &st->first_indent, err);
        st->set |= ST_FIRST_INDENT;
    } else if (!strcmp(name, "keep-with-next")) {
        rc = tpl_parse_bool(node, name, v, &st->keep_next, err);
        st->set |= ST_KEEP_NEXT;
    } else if (!strcmp(name, "keep-together")) {
        rc = tpl_parse_bool(node, name, v, &st->keep_together, err);
        st->set |= ST_KEEP_TOGETHER;
    }
    xmlFree(v);
    return rc;
}

int tpl_style_read_attrs(const xmlNode *node, tpl_style *st, const char *except, rg_error *err)
{
    for (size_t i = 0; style_attrs[i]; i++)
        if ((!except || strcmp(except, style_attrs[i]))
            && read_style_attr(node, style_attrs[i], st, err) < 0)
            return -1;
    return 0;
}

const tpl_style *tpl_find_style(const rg_template *tpl, const char *name)
{
    for (size_t i = 0; i < tpl->style_count; i++)
        if (!strcmp(tpl->styles[i].name, name))
            return &tpl->styles[i];
    return NULL;
}

const tpl_query *tpl_find_query(const rg_template *tpl, const char *name)
{
    for (size_t i = 0; i < tpl->query_count; i++)
        if (!strcmp(tpl->queries[i].name, name))
            return &tpl->queries[i];
    return NULL;
}

/* Copies the fields set in `src` over `dst`. */
static void style_overlay(tpl_style *dst, const tpl_style *src)
{
    unsigned s = src->set;
    if (s & ST_FONT) {
        free(dst->font);
        dst->font = strdup(src->font);
    }
    if (s & ST_SIZE) dst->size = src->size;
    if (s & ST_LINE_HEIGHT) dst->line_height = src->line_height;
    if (s & ST_BOLD) dst->bold = src->bold;
    if (s & ST_ITALIC) dst->italic = src->italic;
    if (s & ST_UNDERLINE) dst->underline = src->underline;
    if (s & ST_DIGITS) dst->thai_digits = src->thai_digits;
    if (s & ST_COLOR) dst->color = src->color;
    if (s & ST_ALIGN) dst->align = src->align;
    if (s & ST_SPACE_BEFORE) dst->space_before = src->space_before;
    if (s & ST_SPACE_AFTER) dst->space_after = src->space_after;
    if (s & ST_INDENT) dst->indent = src->indent;
    if (s & ST_INDENT_RIGHT) dst->indent_right = src->indent_right;
    if (s & ST_FIRST_INDENT) dst->first_indent = src->first_indent;
    if (s & ST_KEEP_NEXT) dst->keep_next = src->keep_next;
    if (s & ST_KEEP_TOGETHER) dst->keep_together = src->keep_together;
    dst->set |= s;
}

/* Checks that every attribute of node is in `allowed` (NULL-terminated) or,
 * with style_ok, a style attribute. */
int tpl_check_attrs(const xmlNode *node, const char *const *allowed, int style_ok, rg_error *err)
{
    assert(node && allowed);   /* NULL-terminated, possibly empty: {NULL} */
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        int ok = style_ok && tpl_is_style_attr(name);
        for (size_t i = 0; !ok && allowed[i]; i++)
            ok = !strcmp(allowed[i], name);
        if (!ok)
            return tpl_node_error(node, err, RG_ERR_INPUT, "<%s>: unknown attribute `%s`",
                                  (const char *)node->name, name);
    }
    return 0;
}

static int need_attr(const xmlNode *node, const char *name, char **out, rg_error *err)
{
    *out = tpl_attr(node, name);
    if (!*out || !**out) {
        if (*out)
            xmlFree(*out);
        *out = NULL;
        return tpl_node_error(node, err, RG_ERR_INPUT, "<%s>: missing attribute `%s`",
                              (const char *)node->name, name);
    }
    return 0;
}

static char *xstrdup_free(char *xml_string)
{
    char *s = xml_string ? strdup(xml_string) : NULL;
    if (xml_string)
        xmlFree(xml_string);
    return s;
}

/* The start of a named declaration, <style> or <query>: its attributes
 * checked (a style's may be style attributes) and its name read, which must
 * be new: a second declaration of a name is a mistake, not an override.
 * *name is then the caller's to xmlFree. */
static int declaration_name(const rg_template *tpl, const xmlNode *node, const char *const *allowed,
                            char **name, rg_error *err)
{
    int is_style = tpl_is(node, "style");
    if (tpl_check_attrs(node, allowed, is_style, err) < 0 || need_attr(node, "name", name, err) < 0)
        return -1;
    if (is_style ? !tpl_find_style(tpl, *name) : !tpl_find_query(tpl, *name))
        return 0;
    tpl_node_error(node, err, RG_ERR_INPUT, "%s `%s` is defined twice", (const char *)node->name, *name);
    xmlFree(*name);
    *name = NULL;
    return -1;
}

static int load_style(rg_template *tpl, const xmlNode *node, rg_error *err)
{
    static const char *const allowed[] = {"name", "base", NULL};
    char *name;
    if (declaration_name(tpl, node, allowed, &name, err) < 0)
        return -1;
    tpl_style st = {0};
    char *base = tpl_attr(node, "base");
    if (base) {
        const tpl_style *b = tpl_find_style(tpl, base);
        if (!b) {
            tpl_node_error(node, err, RG_ERR_INPUT, "unknown base style `%s` (define it first)", base);
            xmlFree(base);
            xmlFree(name);
            return -1;
        }
        style_overlay(&st, b);
        xmlFree(base);
    }
    if (tpl_style_read_attrs(node, &st, NULL, err) < 0) {
        free(st.font);
        xmlFree(name);
        return -1;
    }
    st.name = xstrdup_free(name);
    tpl_style *grown = rg_vec_reserve(tpl->styles, tpl->style_count, &tpl->style_cap, sizeof *grown, 8);
    if (!grown) {
        free(st.font);
        free(st.name);
        return nomem(err);
    }
    tpl->styles = grown;
    tpl->styles[tpl->style_count++] = st;
    return 0;
}

static int load_query(rg_template *tpl, xmlNode *node, rg_error *err)
{
    static const char *const allowed[] = {"name", "record", "as", NULL};
    char *name;
    if (declaration_name(tpl, node, allowed, &name, err) < 0)
        return -1;
    tpl_query q = {0};
    q.node = node;
    char *record = tpl_attr(node, "record");
    if (record && tpl_parse_bool(node, "record", record, &q.record, err) < 0) {
        xmlFree(record);
        xmlFree(name);
        return -1;
    }
    if (record)
        xmlFree(record);
    q.name = xstrdup_free(name);
    q.as = xstrdup_free(tpl_attr(node, "as"));
    q.sql = xstrdup_free((char *)xmlNodeGetContent(node));
    tpl_query *grown = rg_vec_reserve(tpl->queries, tpl->query_count, &tpl->query_cap, sizeof *grown, 8);
    if (grown)
        tpl->queries = grown;
    if (!grown || !q.name || !q.sql) {
        free(q.name);
        free(q.as);
        free(q.sql);
        return nomem(err);
    }
    tpl->queries[tpl->query_count++] = q;
    return 0;
}


static int load_declarations(rg_template *tpl, rg_error *err)
{
    xmlNode *root = tpl->root;
    if (!tpl_is(root, "form"))
        return tpl_node_error(root, err, RG_ERR_INPUT, "the root element must be <form>, not <%s>",
                              (const char *)root->name);
    static const char *const allowed[] = {"name", "kind", "description", NULL};
    if (tpl_check_attrs(root, allowed, 0, err) < 0)
        return -1;
    char *s;
    if (need_attr(root, "name", &s, err) < 0)
        return -1;
    tpl->name = xstrdup_free(s);
    if (need_attr(root, "kind", &s, err) < 0)
        return -1;
    const rg_kind_desc *kind = rg_kinds_find(s);
    if (!kind) {   /* a kind declared in a kind file no store has registered yet */
        rg_error ignored;
        rg_store_register_kind_files(&ignored);
        kind = rg_kinds_find(s);
    }
    if (!kind || !kind->printable) {
        char kinds[200];
        rg_kinds_printable_list(kinds, sizeof kinds);
        tpl_node_error(root, err, RG_ERR_INPUT, "kind=\"%s\": expected %s", s, kinds);
        xmlFree(s);
        return -1;
    }
    tpl->kind = xstrdup_free(s);
    tpl->description = xstrdup_free(tpl_attr(root, "description"));
    if (!tpl->description)
        tpl->description = strdup("");

    int records = 0;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (tpl_is(n, "styles")) {
            for (xmlNode *c = n->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE)
                    continue;
                if (!tpl_is(c, "style"))
                    return tpl_node_error(c, err, RG_ERR_INPUT, "<styles> holds only <style>, not <%s>",
                                          (const char *)c->name);
                if (load_style(tpl, c, err) < 0)
                    return -1;
            }
        } else if (tpl_is(n, "style")) {
            if (load_style(tpl, n, err) < 0)
                return -1;
        } else if (tpl_is(n, "query")) {
            if (load_query(tpl, n, err) < 0)
                return -1;
            records += tpl->queries[tpl->query_count - 1].record;
        } else if (!tpl_is(n, "section") && !tpl_is(n, "info")) {
            return tpl_node_error(n, err, RG_ERR_INPUT,
                                  "unknown element <%s> in <form> (expected styles, style, query, info, section)",
                                  (const char *)n->name);
        }
    }
    if (records != 1)
        return tpl_node_error(root, err, RG_ERR_INPUT,
                              "a form needs exactly one <query record=\"yes\"> reading the record by :id (found %d)",
                              records);
    return 0;
}

rg_template *rg_template_load(const char *path, rg_error *err)
{
    assert(path);
    rg_template *tpl = calloc(1, sizeof *tpl);
    if (!tpl) {
        nomem(err);
        return NULL;
    }
    tpl->path = strdup(path);
    tpl->dir = strdup(path);
    if (!tpl->path || !tpl->dir) {
        rg_template_free(tpl);
        nomem(err);
        return NULL;
    }
    char *slash = strrchr(tpl->dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(tpl->dir, ".");
    tpl->doc = tpl_parse_file(path, err);
    if (!tpl->doc) {
        rg_template_free(tpl);
        return NULL;
    }
    tpl->root = xmlDocGetRootElement(tpl->doc);
    if (!tpl->root || load_declarations(tpl, err) < 0) {
        if (!tpl->root)
            rg_error_set(err, RG_ERR_INPUT, "%s: empty document", path);
        rg_template_free(tpl);
        return NULL;
    }
    return tpl;
}

void rg_template_free(rg_template *tpl)
{
    if (!tpl)
        return;
    for (size_t i = 0; i < tpl->style_count; i++) {
        free(tpl->styles[i].name);
        free(tpl->styles[i].font);
    }
    free(tpl->styles);
    for (size_t i = 0; i < tpl->query_count; i++) {
        free(tpl->queries[i].name);
        free(tpl->queries[i].as);
        free(tpl->queries[i].sql);
    }
    free(tpl->queries);
    for (size_t i = 0; i < tpl->part_count; i++) {
        free(tpl->parts[i].path);
        xmlFreeDoc(tpl->parts[i].doc);
    }
    free(tpl->parts);
    if (tpl->doc)
        xmlFreeDoc(tpl->doc);
    free(tpl->path);
    free(tpl->dir);
    free(tpl->name);
    free(tpl->kind);
    free(tpl->description);
    free(tpl);
}

const char *rg_template_name(const rg_template *tpl) { return tpl->name; }
const char *rg_template_kind(const rg_template *tpl) { return tpl->kind; }

xmlNode *tpl_load_part(rg_template *tpl, const xmlNode *include, const char *file, rg_error *err)
{
    assert(tpl && include && file);
    if (file[0] == '/' || strstr(file, "..")) {
        tpl_node_error(include, err, RG_ERR_INPUT,
                       "<include file=\"%s\">: give a path inside the templates directory", file);
        return NULL;
    }
    char *path = rg_path_join(tpl->dir, file);
    if (!path) {
        nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < tpl->part_count; i++)
        if (!strcmp(tpl->parts[i].path, path)) {
            free(path);
            return xmlDocGetRootElement(tpl->parts[i].doc);
        }
    /* A checked template had every part loaded by its check (binding
     * writes nothing into it: template_internal.h). */
    assert(!tpl->checked);
    xmlDoc *doc = tpl_parse_file(path, err);
    if (!doc) {
        rg_error_prefix(err, "%s:%ld: <include>: ", (const char *)include->doc->URL,
                        xmlGetLineNo(include));
        free(path);
        return NULL;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!tpl_is(root, "part")) {
        tpl_node_error(root ? root : (xmlNode *)doc, err, RG_ERR_INPUT,
                       "an included file's root element must be <part>");
        xmlFreeDoc(doc);
        free(path);
        return NULL;
    }
    tpl_part *grown = rg_vec_reserve(tpl->parts, tpl->part_count, &tpl->part_cap, sizeof *grown, 8);
    if (!grown) {
        xmlFreeDoc(doc);
        free(path);
        nomem(err);
        return NULL;
    }
    tpl->parts = grown;
    tpl->parts[tpl->part_count].path = path;
    tpl->parts[tpl->part_count].doc = doc;
    tpl->part_count++;
    return root;
}

static int compare_forms(const void *a, const void *b)
{
    return strcmp(((const rg_form_info *)a)->name, ((const rg_form_info *)b)->name);
}

int rg_template_list(const char *dir, rg_form_info **forms, size_t *count, rg_error *err)
{
    *forms = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open the templates directory: %s", dir,
                            strerror(errno));
    rg_form_info *list = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".xml"))
            continue;
        char *path = rg_path_join(dir, e->d_name);
        struct stat st;
        if (!path || stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        rg_error load_err;
        rg_error_clear(&load_err);
        rg_template *tpl = rg_template_load(path, &load_err);
        rg_form_info *grown = realloc(list, (n + 1) * sizeof *grown);
        if (!grown) {
            rg_template_free(tpl);
            free(path);
            rc = nomem(err);
            break;
        }
        list = grown;
        rg_form_info *f = &list[n++];
        memset(f, 0, sizeof *f);
        f->path = path;
        if (tpl) {
            f->name = strdup(tpl->name);
            f->kind = strdup(tpl->kind);
            f->description = strdup(tpl->description);
        } else {
            f->name = strndup(e->d_name, len - 4);
            f->kind = strdup("?");
            f->description = strdup("");
            f->error = strdup(load_err.message);
        }
        rg_template_free(tpl);
        if (!f->name || !f->kind || !f->description || (!tpl && !f->error)) {
            rc = nomem(err);
            break;
        }
    }
    closedir(d);
    if (rc < 0) {
        rg_form_info_free(list, n);
        return -1;
    }
    qsort(list, n, sizeof *list, compare_forms);
    *forms = list;
    *count = n;
    return 0;
}

void rg_form_info_free(rg_form_info *forms, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(forms[i].name);
        free(forms[i].kind);
        free(forms[i].description);
        free(forms[i].path);
        free(forms[i].error);
    }
    free(forms);
}

char *rg_template_locate(const char *dir, const char *form, rg_error *err)
{
    size_t len = strlen(form);
    char *path;
    if (strchr(form, '/') || (len > 4 && !strcmp(form + len - 4, ".xml"))) {
        path = strdup(form);
    } else {
        rg_buf b = RG_BUF_INIT;
        rg_buf_printf(&b, "%s/%s.xml", dir, form);
        path = rg_buf_steal(&b);
    }
    if (!path) {
        nomem(err);
        return NULL;
    }
    struct stat st;
    if (stat(path, &st) < 0) {
        rg_error_set(err, RG_ERR_USAGE, "unknown form `%s`: %s does not exist (`raingan forms` lists the forms)",
                     form, path);
        free(path);
        return NULL;
    }
    return path;
}
