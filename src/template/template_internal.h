/* Shared between template loading (template.c) and binding (bind.c):
 * the parsed declarations of a form and the helpers both need. */
#ifndef RG_TEMPLATE_INTERNAL_H
#define RG_TEMPLATE_INTERNAL_H

#include <libxml/tree.h>

#include "layout/document.h"
#include "template/template.h"

#define TPL_DEFAULT_FONT "TH Sarabun New, TH SarabunPSK, Sarabun, Laksaman"
#define TPL_DEFAULT_SIZE 16.0f
/* 0 = single spacing from the font's own metrics (rg_font_line_height), so
 * that the marks of one line never touch the next whatever the font. */
#define TPL_DEFAULT_LINE_HEIGHT 0.0f

/* Which fields of a tpl_style are set (styles overlay one another). */
enum {
    ST_FONT = 1u << 0, ST_SIZE = 1u << 1, ST_LINE_HEIGHT = 1u << 2, ST_BOLD = 1u << 3,
    ST_ITALIC = 1u << 4, ST_UNDERLINE = 1u << 5, ST_DIGITS = 1u << 6, ST_COLOR = 1u << 7,
    ST_ALIGN = 1u << 8, ST_SPACE_BEFORE = 1u << 9, ST_SPACE_AFTER = 1u << 10,
    ST_INDENT = 1u << 11, ST_INDENT_RIGHT = 1u << 12, ST_FIRST_INDENT = 1u << 13,
    ST_KEEP_NEXT = 1u << 14, ST_KEEP_TOGETHER = 1u << 15
};

typedef struct tpl_style {
    char *name;            /* NULL for an element's own attributes */
    unsigned set;
    char *font;
    float size, line_height;
    int bold, italic, underline, thai_digits;
    rg_color color;
    rg_align align;
    float space_before, space_after, indent, indent_right, first_indent;
    int keep_next, keep_together;
} tpl_style;

typedef struct tpl_query {
    char *name;
    char *as;              /* record query: the alias its row is known by */
    char *sql;
    int record;            /* the query that reads the record (:id) */
    xmlNode *node;
} tpl_query;

typedef struct tpl_part {
    char *path;
    xmlDoc *doc;
} tpl_part;

struct rg_template {
    char *path;            /* as given */
    char *dir;             /* directory of the form file: includes are relative to it */
    xmlDoc *doc;
    xmlNode *root;
    char *name, *kind, *description;
    tpl_style *styles;
    size_t style_count, style_cap;
    tpl_query *queries;
    size_t query_count, query_cap;
    tpl_part *parts;       /* included files, parsed once */
    size_t part_count, part_cap;
    /* A whole-template check passed (against a store of this build's
     * schema, which every store this build opens has): binding need not
     * check again, and every part was loaded by the check, so binding
     * writes nothing into the template from then on. */
    int checked;
};

/* "FILE:LINE: message" for a node of any loaded file; returns -1. */
int tpl_node_error(const xmlNode *node, rg_error *err, rg_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The attribute's value (caller frees with xmlFree) or NULL. */
char *tpl_attr(const xmlNode *node, const char *name);
/* Lengths: "12mm", "1.5cm", "10pt", "1in", or a bare number of points. */
int tpl_parse_length(const xmlNode *node, const char *attr, const char *text, float *out,
                     rg_error *err);
int tpl_parse_bool(const xmlNode *node, const char *attr, const char *text, int *out,
                   rg_error *err);
int tpl_parse_color(const xmlNode *node, const char *attr, const char *text, rg_color *out,
                    rg_error *err);
/* Reads the style attributes present on node into *st (on top of what is
 * set), all but `except` (NULL: all), which the element reads itself. */
int tpl_style_read_attrs(const xmlNode *node, tpl_style *st, const char *except, rg_error *err);
const tpl_style *tpl_find_style(const rg_template *tpl, const char *name);
const tpl_query *tpl_find_query(const rg_template *tpl, const char *name);
/* An included file's root element (parsed once, cached in tpl). */
xmlNode *tpl_load_part(rg_template *tpl, const xmlNode *include, const char *file, rg_error *err);
/* Every attribute of node must be in `allowed` (NULL-terminated) or, with
 * style_ok, a style attribute; otherwise an error naming it. */
int tpl_check_attrs(const xmlNode *node, const char *const *allowed, int style_ok, rg_error *err);
/* Element name helper. */
int tpl_is(const xmlNode *node, const char *name);

#endif
