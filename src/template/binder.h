/* Internal to src/template: the state of one binding run and the expression
 * language used inside templates ({alias.field | filter:arg}, tests). */
#ifndef RG_TEMPLATE_BINDER_H
#define RG_TEMPLATE_BINDER_H

#include <sqlite3.h>

#include "template/template_internal.h"
#include "util/buf.h"

/* A value from the store (or a literal), as SQLite typed it. */
typedef struct tpl_val {
    int type;          /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
    long long i;
    double d;
    char *s;           /* TEXT, owned */
} tpl_val;

/* The names visible to expressions: a row of a query under its alias, the
 * parameters of an included part, or the render options. Innermost first. */
typedef struct tpl_scope {
    const char *alias;
    size_t count;
    char **names;
    tpl_val *vals;     /* NULL while checking: every field reads as NULL */
    long index, total; /* loop position (1-based) and row count; total 0 = not a loop */
    struct tpl_scope *up;
} tpl_scope;

typedef struct tpl_binder {
    rg_template *tpl;
    sqlite3 *db;
    const rg_bind_options *opts;
    int checking;      /* walk every branch once with NULL values, build nothing useful */
    int depth;         /* include nesting */
    tpl_scope *top;
    rg_document *doc;
    char **strings;    /* interned strings the document's props point to while binding */
    size_t string_count;
    rg_error *err;
} tpl_binder;

/* Result of evaluating {page} / {pages} in text. */
enum { TPL_PLAIN = 0, TPL_PAGE = 1, TPL_PAGES = 2 };

void tpl_val_free(tpl_val *v);
void tpl_val_text(tpl_val *v, const char *s);           /* v = TEXT s (copied) */
/* Not NULL, not empty or white space, not empty rich text. */
int tpl_val_present(const tpl_val *v);
/* Present and not the number 0. */
int tpl_val_truthy(const tpl_val *v);
/* The value as text (appended to out). */
void tpl_val_append(const tpl_val *v, rg_buf *out);

/* Evaluates one expression "alias.field | filter:arg ..." (no braces). *special
 * is set for page/pages (then out is NULL-typed). */
int tpl_eval_expr(tpl_binder *b, const xmlNode *node, const char *expr, size_t len, tpl_val *out,
                  int *special);
/* Evaluates a test: [not] alias.field [= | != literal]. */
int tpl_eval_test(tpl_binder *b, const xmlNode *node, const char *test, int *result);
/* Text with {expressions}, appended to out; {page}/{pages} are errors here. */
int tpl_interp_string(tpl_binder *b, const xmlNode *node, const char *text, rg_buf *out);
/* An attribute's value: exactly "{expr}" keeps the value's type; otherwise
 * interpolated text. An absent attribute gives NULL (returns 0). */
int tpl_attr_value(tpl_binder *b, const xmlNode *node, const char *attr, tpl_val *out);
/* Text with {expressions} into inlines; literal template text has its
 * white space collapsed; data keeps its own, its line breaks become breaks. */
int tpl_interp_inlines(tpl_binder *b, const xmlNode *node, const char *text, unsigned flags,
                       rg_inlines *out);

#endif
