/* The expression language of templates: field references, filters, tests and
 * text interpolation (docs/templates.md, "Expressions" and "Filters"). */
#include "template/binder.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template/format.h"
#include "template/rich_blocks.h"
#include "util/nearest.h"

void tpl_val_free(tpl_val *v)
{
    free(v->s);
    memset(v, 0, sizeof *v);
    v->type = SQLITE_NULL;
}

void tpl_val_text(tpl_val *v, const char *s)
{
    char *copy = strdup(s ? s : "");
    tpl_val_free(v);
    v->type = SQLITE_TEXT;
    v->s = copy;
}

static int xml_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* 1 when rich text certainly has visible text, found without parsing it: a
 * character other than XML white space outside markup, before any entity
 * reference, comment, CDATA section or processing instruction (those are
 * left to rg_rich_is_empty: an entity may be a space). Either the value is
 * well-formed and the character is in one of its text nodes, or it is not
 * and rg_rich_is_empty takes it as plain text: present both ways. 0 when
 * unsure. (Parsing every value twice, here and again to print it, was 5 %
 * of a document's instructions.) */
static int rich_has_text_fast(const char *s)
{
    while (*s) {
        if (*s == '<') {
            if (s[1] == '!' || s[1] == '?')
                return 0;
            for (s++; *s && *s != '>'; s++) {
                if (*s == '"' || *s == '\'') {   /* an attribute value may hold '>' */
                    const char *close = strchr(s + 1, *s);
                    if (!close)
                        return 0;
                    s = close;
                }
            }
            if (!*s)
                return 0;
            s++;
        } else if (*s == '&') {
            return 0;
        } else if (xml_space(*s)) {
            s++;
        } else {
            return 1;
        }
    }
    return 0;
}

/* Every function here is total over tpl_val: a value that is not INTEGER,
 * FLOAT or TEXT with a string (e.g. one zero-initialised with `{0}`, whose
 * type 0 is no SQLite type) reads as NULL, never as a string to follow. */
int tpl_val_present(const tpl_val *v)
{
    switch (v->type) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
        return 1;
    case SQLITE_TEXT:
        return v->s && (rich_has_text_fast(v->s) || !rg_rich_is_empty(v->s));
    default:
        return 0;
    }
}

int tpl_val_truthy(const tpl_val *v)
{
    if (!tpl_val_present(v))
        return 0;
    if (v->type == SQLITE_INTEGER)
        return v->i != 0;
    if (v->type == SQLITE_FLOAT)
        return v->d != 0.0;
    return 1;
}

void tpl_val_append(const tpl_val *v, rg_buf *out)
{
    switch (v->type) {
    case SQLITE_INTEGER:
        rg_buf_printf(out, "%lld", v->i);
        break;
    case SQLITE_FLOAT: {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.15g", v->d);
        rg_buf_puts(out, tmp);
        break;
    }
    case SQLITE_TEXT:
        rg_buf_puts(out, v->s ? v->s : "");
        break;
    default:   /* NULL (or no value at all) prints nothing */
        break;
    }
}

/* ---- names ---- */

static int unknown_field(tpl_binder *b, const xmlNode *node, const tpl_scope *s, const char *alias,
                         const char *field)
{
    const char *best = rg_nearest_name(field, (const char *const *)s->names, s->count);
    if (best)
        return tpl_node_error(node, b->err, RG_ERR_INPUT,
                              "unknown field `%s.%s` (did you mean `%s.%s`?)", alias, field, alias,
                              best);
    rg_buf names = RG_BUF_INIT;
    for (size_t i = 0; i < s->count && i < 40; i++)
        rg_buf_printf(&names, "%s%s", i ? ", " : "", s->names[i]);
    int rc = tpl_node_error(node, b->err, RG_ERR_INPUT, "unknown field `%s.%s` (`%s` has: %s)",
                            alias, field, alias, names.data ? names.data : "no fields");
    rg_buf_free(&names);
    return rc;
}

static void val_copy(tpl_val *dst, const tpl_val *src)
{
    *dst = *src;
    dst->s = src->type == SQLITE_TEXT && src->s ? strdup(src->s) : NULL;
}

static int lookup(tpl_binder *b, const xmlNode *node, const char *path, tpl_val *out, int *special)
{
    *special = TPL_PLAIN;
    tpl_val_free(out);
    if (!strcmp(path, "page") || !strcmp(path, "pages")) {
        *special = path[4] ? TPL_PAGES : TPL_PAGE;
        return 0;
    }
    const char *dot = strchr(path, '.');
    if (!dot || dot == path || !dot[1])
        return tpl_node_error(node, b->err, RG_ERR_INPUT,
                              "`%s` is not a field reference (write alias.field, e.g. p.name)", path);
    size_t alen = (size_t)(dot - path);
    const char *field = dot + 1;
    for (tpl_scope *s = b->top; s; s = s->up) {
        if (strlen(s->alias) != alen || strncmp(s->alias, path, alen))
            continue;
        if (field[0] == '$') {
            if (!s->total && strcmp(field, "$index"))
                return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                      "`%s` is not a loop: `%s` exists only for <each>", s->alias, field);
            long v;
            if (!strcmp(field, "$index"))
                v = s->index;
            else if (!strcmp(field, "$count"))
                v = s->total;
            else if (!strcmp(field, "$first"))
                v = s->index == 1;
            else if (!strcmp(field, "$last"))
                v = s->index == s->total;
            else
                return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                      "unknown loop value `%s.%s` (use $index, $count, $first, $last)",
                                      s->alias, field);
            out->type = SQLITE_INTEGER;
            out->i = v;
            return 0;
        }
        for (size_t i = 0; i < s->count; i++)
            if (!strcmp(s->names[i], field)) {
                if (s->vals)
                    val_copy(out, &s->vals[i]);
                return 0;
            }
        return unknown_field(b, node, s, s->alias, field);
    }
    rg_buf names = RG_BUF_INIT;
    for (tpl_scope *s = b->top; s; s = s->up)
        rg_buf_printf(&names, "%s%s", names.len ? ", " : "", s->alias);
    int rc = tpl_node_error(node, b->err, RG_ERR_INPUT, "unknown name `%.*s` in `%s` (known here: %s)",
                            (int)alen, path, path, names.data ? names.data : "none");
    rg_buf_free(&names);
    return rc;
}

/* ---- filters ---- */

#define MAX_ARGS 4

static int to_number(tpl_binder *b, const xmlNode *node, const char *filter, const tpl_val *v,
                     double *out)
{
    if (v->type == SQLITE_INTEGER) {
        *out = (double)v->i;
        return 0;
    }
    if (v->type == SQLITE_FLOAT) {
        *out = v->d;
        if (!isfinite(v->d))
            return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                  "filter `%s`: %g is not a finite number", filter, v->d);
        return 0;
    }
    const char *s = v->type == SQLITE_TEXT && v->s ? v->s : "";
    char *end;
    *out = strtod(s, &end);
    while (*end == ' ')
        end++;
    /* strtod also reads "nan", "inf" and hexadecimal: none is a number a
     * form prints, and a non-finite one has no digits to print. */
    int decimal = strspn(s, " +-0123456789.") > 0 && !strpbrk(s, "xXnNiI");
    if (end == s || *end || !decimal || !isfinite(*out))
        return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `%s`: `%.60s` is not a number",
                              filter, s);
    return 0;
}

/* A number that must be a whole number within [lo, hi] (a year, a month):
 * checked before any conversion to an integer type, which would be undefined
 * for a double out of range. */
static int to_whole(tpl_binder *b, const xmlNode *node, const char *filter, const tpl_val *v,
                    double lo, double hi, const char *what, long *out)
{
    double x;
    if (v->type == SQLITE_INTEGER) {
        if (v->i < (long long)lo || v->i > (long long)hi)
            return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `%s`: %lld is not %s",
                                  filter, v->i, what);
        *out = (long)v->i;
        return 0;
    }
    if (to_number(b, node, filter, v, &x) < 0)
        return -1;
    if (!(x >= lo && x <= hi) || x != floor(x))
        return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `%s`: %.15g is not %s", filter,
                              x, what);
    *out = (long)x;
    return 0;
}

static int arg_int(tpl_binder *b, const xmlNode *node, const char *filter, const char *arg, int lo,
                   int hi, int *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end || v < lo || v > hi)
        return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `%s:%s`: expected a number %d..%d",
                              filter, arg, lo, hi);
    *out = (int)v;
    return 0;
}

/* The filters: one table giving each its name and how many arguments it takes. */
typedef enum {
    F_DATE, F_YEAR, F_MONTH, F_DIGITS, F_AMOUNT, F_NUMBER, F_PERCENT, F_DEFAULT, F_PREFIX,
    F_SUFFIX, F_BOOL, F_TEXT, F_UPPER, F_LOWER, F_TRIM, F_COUNT
} filter_id;

static const struct filter_spec {
    const char *name;
    int min, max;
} filters[F_COUNT] = {
    [F_DATE] = {"date", 0, 1},       [F_YEAR] = {"year", 0, 0},      [F_MONTH] = {"month", 0, 1},
    [F_DIGITS] = {"digits", 1, 1},   [F_AMOUNT] = {"amount", 0, 1},  [F_NUMBER] = {"number", 0, 1},
    [F_PERCENT] = {"percent", 0, 1}, [F_DEFAULT] = {"default", 1, 1}, [F_PREFIX] = {"prefix", 1, 1},
    [F_SUFFIX] = {"suffix", 1, 1},   [F_BOOL] = {"bool", 1, 2},      [F_TEXT] = {"text", 0, 1},
    [F_UPPER] = {"upper", 0, 0},     [F_LOWER] = {"lower", 0, 0},    [F_TRIM] = {"trim", 0, 0},
};

/* "unknown filter `x` (filters: date, year, ...)": the names from the table. */
static int unknown_filter(tpl_binder *b, const xmlNode *node, const char *name)
{
    rg_buf names = RG_BUF_INIT;
    for (int f = 0; f < F_COUNT; f++)
        rg_buf_printf(&names, "%s%s", f ? ", " : "", filters[f].name);
    tpl_node_error(node, b->err, RG_ERR_INPUT, "unknown filter `%s` (filters: %s)", name,
                   names.data ? names.data : "");
    rg_buf_free(&names);
    return -1;
}

static int set_text(tpl_val *v, rg_buf *b)
{
    tpl_val_free(v);
    v->type = SQLITE_TEXT;
    v->s = rg_buf_steal(b);
    if (!v->s)
        v->s = strdup("");
    return 0;
}

/* Applies filter `name` with its arguments to *v in place. */
static int apply_filter(tpl_binder *b, const xmlNode *node, const char *name, char **args, int nargs,
                        tpl_val *v)
{
    int f = 0;
    while (f < F_COUNT && strcmp(filters[f].name, name))
        f++;
    if (f == F_COUNT)
        return unknown_filter(b, node, name);
    if (nargs < filters[f].min || nargs > filters[f].max)
        return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `%s` takes %d to %d argument(s), not %d",
                              name, filters[f].min, filters[f].max, nargs);
    const char *a0 = nargs > 0 ? args[0] : NULL;
    rg_buf out = RG_BUF_INIT;

    if (f == F_DEFAULT) {
        if (!tpl_val_present(v))
            tpl_val_text(v, a0);
        return 0;
    }
    if (f == F_BOOL) {
        int t = tpl_val_truthy(v);
        tpl_val_text(v, t ? a0 : (nargs > 1 ? args[1] : ""));
        return 0;
    }
    if (f == F_PREFIX || f == F_SUFFIX) {
        if (!tpl_val_present(v)) {
            tpl_val_free(v);
            return 0;
        }
        if (f == F_PREFIX)
            rg_buf_puts(&out, a0);
        tpl_val_append(v, &out);
        if (f == F_SUFFIX)
            rg_buf_puts(&out, a0);
        return set_text(v, &out);
    }
    /* Validate the arguments even when there is no value (template checks). */
    rg_date_style ds = RG_DATE_LONG;
    int n = 0, thai = 0, satang = 0, abbreviated = 0;
    if (f == F_DATE && a0) {
        static const char *const styles[] = {"long", "short", "numeric", "full", "iso"};
        int i;
        for (i = 0; i < 5 && strcmp(styles[i], a0); i++)
            ;
        if (i == 5)
            return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                  "filter `date:%s`: expected date:long, date:short, date:numeric, date:full or date:iso",
                                  a0);
        ds = (rg_date_style)i;
    } else if (f == F_MONTH && a0) {
        if (strcmp(a0, "long") && strcmp(a0, "short"))
            return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                  "filter `month:%s`: expected month:long or month:short", a0);
        abbreviated = !strcmp(a0, "short");
    } else if (f == F_DIGITS) {
        if (strcmp(a0, "thai") && strcmp(a0, "arabic"))
            return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                  "filter `digits:%s`: expected digits:thai or digits:arabic", a0);
        thai = !strcmp(a0, "thai");
    } else if (f == F_AMOUNT && a0) {
        if (strcmp(a0, "satang") && strcmp(a0, "baht"))
            return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                  "filter `amount:%s`: expected amount, amount:baht or amount:satang", a0);
        satang = !strcmp(a0, "satang");
    } else if ((f == F_NUMBER || f == F_PERCENT) && a0) {
        if (arg_int(b, node, name, a0, 0, 6, &n) < 0)
            return -1;
    } else if (f == F_PERCENT) {
        n = 2;
    }
    if (!tpl_val_present(v))
        return 0;   /* formatting filters pass absent values through */

    if (f == F_DATE) {
        char *text = NULL;
        if (v->type != SQLITE_TEXT)
            return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `date`: the value is not a date");
        text = v->s;
        if (rg_format_date(text, ds, &out, b->err) < 0) {
            rg_buf_free(&out);
            return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `date`: `%s` is not a date (YYYY-MM-DD)",
                                  text);
        }
        return set_text(v, &out);
    }
    if (f == F_YEAR || f == F_MONTH) {
        long y = 0;
        int m = 0, d;
        if (v->type == SQLITE_TEXT && strlen(v->s) >= 10 && v->s[4] == '-') {
            int yy;
            if (rg_format_parse_date(v->s, &yy, &m, &d, b->err) < 0)
                return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `%s`: `%s` is not a date",
                                      name, v->s);
            y = yy;
        } else if (f == F_YEAR) {
            if (to_whole(b, node, name, v, 1, 9999, "a year (1 to 9999)", &y) < 0)
                return -1;
        } else {
            long month;
            if (to_whole(b, node, name, v, 1, 12, "a month 1..12", &month) < 0)
                return -1;
            m = (int)month;
        }
        if (f == F_YEAR) {
            rg_buf_printf(&out, "%ld", rg_format_be_year(y));
        } else {
            const char *mn = rg_thai_month(m, abbreviated);
            if (!mn)
                return tpl_node_error(node, b->err, RG_ERR_INPUT, "filter `month`: %d is not a month 1..12", m);
            rg_buf_puts(&out, mn);
        }
        return set_text(v, &out);
    }
    if (f == F_DIGITS) {
        rg_buf in = RG_BUF_INIT;
        tpl_val_append(v, &in);
        if (thai)
            rg_format_thai_digits(in.data ? in.data : "", &out);
        else
            rg_format_arabic_digits(in.data ? in.data : "", &out);
        rg_buf_free(&in);
        return set_text(v, &out);
    }
    if (f == F_AMOUNT || f == F_NUMBER || f == F_PERCENT) {
        double x;
        if (satang && v->type == SQLITE_INTEGER) {
            rg_format_satang(v->i, &out);
            return set_text(v, &out);
        }
        if (v->type == SQLITE_INTEGER) {   /* exact: a double holds only 53 bits */
            rg_format_integer(v->i, f == F_AMOUNT ? 2 : n, 1, &out);
            if (f == F_PERCENT)
                rg_buf_putc(&out, '%');
            return set_text(v, &out);
        }
        if (to_number(b, node, name, v, &x) < 0)
            return -1;
        if (satang)
            x /= 100.0;
        if (f == F_AMOUNT)
            rg_format_number(x, 2, 1, &out);
        else
            rg_format_number(x, n, 1, &out);
        if (f == F_PERCENT)
            rg_buf_putc(&out, '%');
        return set_text(v, &out);
    }
    if (f == F_TEXT) {
        rg_buf in = RG_BUF_INIT;
        tpl_val_append(v, &in);
        char *plain = rg_rich_plain(in.data ? in.data : "", a0 ? a0 : " ");
        rg_buf_free(&in);
        tpl_val_text(v, plain);
        free(plain);
        return 0;
    }
    /* upper, lower, trim */
    tpl_val_append(v, &out);
    if (f == F_TRIM) {
        size_t s = 0, e = out.len;
        while (s < e && isspace((unsigned char)out.data[s]))
            s++;
        while (e > s && isspace((unsigned char)out.data[e - 1]))
            e--;
        rg_buf t = RG_BUF_INIT;
        rg_buf_append(&t, out.data + s, e - s);
        rg_buf_free(&out);
        return set_text(v, &t);
    }
    for (size_t i = 0; i < out.len; i++)   /* ASCII only: Thai has no case */
        out.data[i] = (char)(f == F_UPPER ? toupper((unsigned char)out.data[i])
                                            : tolower((unsigned char)out.data[i]));
    return set_text(v, &out);
}

/* ---- expressions ---- */

/* Reads a filter argument at *p: "quoted" (with \" and \\) or bare text up to
 * ':' or '|'. Returns a malloc'd string or NULL on a syntax error. */
static char *read_arg(const char **p, const char *end)
{
    rg_buf b = RG_BUF_INIT;
    const char *s = *p;
    while (s < end && *s == ' ')
        s++;
    if (s < end && *s == '"') {
        s++;
        while (s < end && *s != '"') {
            if (*s == '\\' && s + 1 < end)
                s++;
            rg_buf_putc(&b, *s++);
        }
        if (s >= end) {
            rg_buf_free(&b);
            return NULL;
        }
        s++;
    } else {
        const char *start = s;
        while (s < end && *s != ':' && *s != '|')
            s++;
        const char *e = s;
        while (e > start && e[-1] == ' ')
            e--;
        rg_buf_append(&b, start, (size_t)(e - start));
    }
    while (s < end && *s == ' ')
        s++;
    *p = s;
    char *r = rg_buf_steal(&b);
    return r ? r : strdup("");
}

int tpl_eval_expr(tpl_binder *b, const xmlNode *node, const char *expr, size_t len, tpl_val *out,
                  int *special)
{
    const char *p = expr, *end = expr + len;
    while (p < end && *p == ' ')
        p++;
    const char *start = p;
    while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '$'))
        p++;
    if (p == start)
        return tpl_node_error(node, b->err, RG_ERR_INPUT, "`{%.*s}`: expected a field such as p.name",
                              (int)len, expr);
    char path[256];
    snprintf(path, sizeof path, "%.*s", (int)(p - start), start);
    if (lookup(b, node, path, out, special) < 0)
        return -1;
    while (p < end && *p == ' ')
        p++;
    while (p < end) {
        if (*p != '|') {
            tpl_val_free(out);
            return tpl_node_error(node, b->err, RG_ERR_INPUT, "`{%.*s}`: expected `|` before `%.*s`",
                                  (int)len, expr, (int)(end - p), p);
        }
        p++;
        while (p < end && *p == ' ')
            p++;
        const char *fs = p;
        while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
            p++;
        if (p == fs) {
            tpl_val_free(out);
            return tpl_node_error(node, b->err, RG_ERR_INPUT, "`{%.*s}`: expected a filter name after `|`",
                                  (int)len, expr);
        }
        char fname[64];
        snprintf(fname, sizeof fname, "%.*s", (int)(p - fs), fs);
        while (p < end && *p == ' ')
            p++;
        char *args[MAX_ARGS];
        int nargs = 0, rc = 0;
        while (p < end && *p == ':') {
            p++;
            char *a = read_arg(&p, end);
            if (!a || nargs == MAX_ARGS) {
                free(a);
                rc = tpl_node_error(node, b->err, RG_ERR_INPUT, "`{%.*s}`: bad argument of filter `%s`",
                                    (int)len, expr, fname);
                break;
            }
            args[nargs++] = a;
        }
        if (!rc && *special)
            rc = tpl_node_error(node, b->err, RG_ERR_INPUT,
                                "`{%s}` takes no filters (its digits follow the paragraph's style)", path);
        if (!rc)
            rc = apply_filter(b, node, fname, args, nargs, out);
        for (int i = 0; i < nargs; i++)
            free(args[i]);
        if (rc < 0) {
            tpl_val_free(out);
            return -1;
        }
    }
    return 0;
}

int tpl_eval_test(tpl_binder *b, const xmlNode *node, const char *test, int *result)
{
    const char *p = test;
    int negate = 0;
    while (*p == ' ')
        p++;
    if (!strncmp(p, "not ", 4)) {
        negate = 1;
        p += 4;
    }
    const char *op = strstr(p, "!=");
    int op_len = 2, not_equal = 1;
    if (!op) {
        op = strchr(p, '=');
        op_len = 1;
        not_equal = 0;
    }
    tpl_val v = {0};
    int special = 0;
    size_t len = op ? (size_t)(op - p) : strlen(p);
    if (tpl_eval_expr(b, node, p, len, &v, &special) < 0)
        return -1;
    if (special) {
        tpl_val_free(&v);
        return tpl_node_error(node, b->err, RG_ERR_INPUT, "test=\"%s\": page numbers cannot be tested", test);
    }
    int r;
    if (op) {
        const char *q = op + op_len;
        while (*q == ' ')
            q++;
        char *lit = *q ? read_arg(&q, q + strlen(q)) : NULL;
        if (!lit || *q) {
            free(lit);
            tpl_val_free(&v);
            return tpl_node_error(node, b->err, RG_ERR_INPUT,
                                  "test=\"%s\": expected a literal after `%s` (e.g. \"output\" or 3)", test,
                                  not_equal ? "!=" : "=");
        }
        rg_buf s = RG_BUF_INIT;
        tpl_val_append(&v, &s);
        r = (strcmp(s.data ? s.data : "", lit) == 0) != not_equal;
        rg_buf_free(&s);
        free(lit);
    } else {
        r = tpl_val_truthy(&v);
    }
    tpl_val_free(&v);
    *result = negate ? !r : r;
    return 0;
}

/* Finds the '}' closing the expression that starts at s (after '{'),
 * skipping quoted arguments. */
static const char *expr_end(const char *s)
{
    int quoted = 0;
    for (; *s; s++) {
        if (quoted && *s == '\\' && s[1])
            s++;
        else if (*s == '"')
            quoted = !quoted;
        else if (!quoted && *s == '}')
            return s;
    }
    return NULL;
}

/* Walks text, calling literal() for template text and value() for each
 * expression's result. */
typedef struct interp_sink {
    int (*literal)(struct interp_sink *, const char *, size_t);
    int (*value)(struct interp_sink *, tpl_val *, int special);
    rg_buf *buf;
    rg_inlines *inlines;
    unsigned flags;
    tpl_binder *b;
    const xmlNode *node;
} interp_sink;

/* The line where a text node starts. libxml2's own number for a text node
 * depends on how its parser buffered the characters, so it is derived from
 * the neighbours: the first child starts where its parent's start tag ends
 * (the line libxml2 gives the element); a later one where the previous
 * sibling ends (its line plus the line breaks inside it). */
static long text_start_line(const xmlNode *text)
{
    const xmlNode *prev = text->prev;
    if (!prev)
        return text->parent ? xmlGetLineNo(text->parent) : xmlGetLineNo(text);
    long line = xmlGetLineNo(prev);
    xmlChar *content = xmlNodeGetContent(prev);
    for (const xmlChar *c = content; c && *c; c++)
        line += *c == '\n';
    if (content)
        xmlFree(content);
    return line;
}

/* An error about an expression in a text node is reported at the line of
 * the expression (at `at` in `text`), not where the text starts: the
 * message's "FILE:LINE: " is rewritten. */
static void point_error_at_line(tpl_binder *b, const xmlNode *node, const char *text, const char *at)
{
    if (node->type != XML_TEXT_NODE || !node->doc || !node->doc->URL)
        return;
    long line = text_start_line(node);
    for (const char *c = text; c < at; c++)
        line += *c == '\n';
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s:%ld: ", (const char *)node->doc->URL, xmlGetLineNo(node));
    size_t n = strlen(prefix);
    if (strncmp(b->err->message, prefix, n))
        return;
    char rest[RG_ERROR_MAX];
    snprintf(rest, sizeof rest, "%s", b->err->message + n);
    snprintf(b->err->message, sizeof b->err->message, "%s:%ld: %s", (const char *)node->doc->URL,
             line, rest);
}

static int interp(tpl_binder *b, const xmlNode *node, const char *text, interp_sink *sink)
{
    const char *p = text, *lit = text;
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            if (sink->literal(sink, lit, (size_t)(p - lit) + 1) < 0)
                return -1;
            p += 2;
            lit = p;
            continue;
        }
        if (*p != '{') {
            p++;
            continue;
        }
        if (p > lit && sink->literal(sink, lit, (size_t)(p - lit)) < 0)
            return -1;
        const char *close = expr_end(p + 1);
        if (!close) {
            tpl_node_error(node, b->err, RG_ERR_INPUT, "unclosed `{` in \"%.60s\"", p);
            point_error_at_line(b, node, text, p);
            return -1;
        }
        tpl_val v = {0};
        int special;
        if (tpl_eval_expr(b, node, p + 1, (size_t)(close - p - 1), &v, &special) < 0) {
            point_error_at_line(b, node, text, p);
            return -1;
        }
        int rc = sink->value(sink, &v, special);
        tpl_val_free(&v);
        if (rc < 0)
            return -1;
        p = close + 1;
        lit = p;
    }
    if (p > lit && sink->literal(sink, lit, (size_t)(p - lit)) < 0)
        return -1;
    return 0;
}

static int string_literal(interp_sink *s, const char *text, size_t len)
{
    return rg_buf_append(s->buf, text, len);
}

static int string_value(interp_sink *s, tpl_val *v, int special)
{
    if (special)
        return tpl_node_error(s->node, s->b->err, RG_ERR_INPUT,
                              "{page} and {pages} can only be used in paragraph text");
    tpl_val_append(v, s->buf);
    return 0;
}

int tpl_interp_string(tpl_binder *b, const xmlNode *node, const char *text, rg_buf *out)
{
    interp_sink sink = {string_literal, string_value, out, NULL, 0, b, node};
    return interp(b, node, text, &sink);
}

int tpl_attr_value(tpl_binder *b, const xmlNode *node, const char *attr, tpl_val *out)
{
    tpl_val_free(out);
    char *text = tpl_attr(node, attr);
    if (!text)
        return 0;
    int rc;
    size_t n = strlen(text);
    const char *close = n > 2 && text[0] == '{' && text[1] != '{' ? expr_end(text + 1) : NULL;
    if (close && close == text + n - 1) {
        int special;
        rc = tpl_eval_expr(b, node, text + 1, n - 2, out, &special);
        if (rc == 0 && special)
            rc = tpl_node_error(node, b->err, RG_ERR_INPUT,
                                "%s=\"%s\": {page} and {pages} can only be used in paragraph text", attr, text);
    } else {
        rg_buf buf = RG_BUF_INIT;
        rc = tpl_interp_string(b, node, text, &buf);
        if (rc == 0)
            set_text(out, &buf);
        else
            rg_buf_free(&buf);
    }
    xmlFree(text);
    return rc;
}

static int inline_literal(interp_sink *s, const char *text, size_t len)
{
    rg_buf b = RG_BUF_INIT;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space)
            rg_buf_putc(&b, ' ');
        space = 0;
        rg_buf_putc(&b, c);
    }
    if (space)
        rg_buf_putc(&b, ' ');
    int rc = b.len ? rg_inlines_push_text(s->inlines, b.data, b.len, s->flags, 0) : 0;
    rg_buf_free(&b);
    return rc;
}

static int inline_value(interp_sink *s, tpl_val *v, int special)
{
    if (special)
        return rg_inlines_push(s->inlines, special == TPL_PAGE ? RG_INLINE_PAGE_NUMBER
                                                               : RG_INLINE_PAGE_COUNT, s->flags);
    rg_buf text = RG_BUF_INIT;
    tpl_val_append(v, &text);
    const char *p = text.data ? text.data : "";
    int rc = 0;
    /* Line breaks in data are kept as breaks. */
    while (rc == 0 && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t m = n;
        if (m && p[m - 1] == '\r')
            m--;
        if (m)
            rc = rg_inlines_push_text(s->inlines, p, m, s->flags, 0);
        if (!nl)
            break;
        if (rc == 0)
            rc = rg_inlines_push(s->inlines, RG_INLINE_LINE_BREAK, s->flags);
        p = nl + 1;
    }
    rg_buf_free(&text);
    return rc;
}

int tpl_interp_inlines(tpl_binder *b, const xmlNode *node, const char *text, unsigned flags,
                       rg_inlines *out)
{
    interp_sink sink = {inline_literal, inline_value, NULL, out, flags, b, node};
    return interp(b, node, text, &sink);
}
