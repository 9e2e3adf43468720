/* libFuzzer target: template expressions (src/template/expr.c) against a real
 * database. Where fuzz_template mutates template bytes (and mostly finds
 * XML errors), this target reads its input as choices: which record kind,
 * whether --date and --id are given, and a handful of expressions, each a
 * field (a column of the record, of its child rows, of a row of odd values
 * such as 1e308, -2^63, 'nan', '2023-02-30', blobs and invalid UTF-8, or a
 * render value), then up to four filters with valid, invalid or raw
 * arguments, placed in paragraph text, a field label, an <if> test, a
 * <richtext> value or inside a loop. The generated template is always
 * well-formed, so every input reaches the check and the binding. The store
 * holds the five examples (imported once, then query-only). Any failure must
 * come with a message; sanitizers catch the rest. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/document.h"
#include "store/store.h"
#include "template/dump.h"
#include "template/template.h"
#include "util/buf.h"
#include "util/error.h"

#ifndef FUZZ_TOP_SRCDIR
#define FUZZ_TOP_SRCDIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rg_store *store;
static char form_path[4096];

static void die(const char *what, const rg_error *err)
{
    fprintf(stderr, "fuzz_template_expr: %s: %s\n", what, err ? err->message : "");
    exit(1);
}

static void import_examples(const char *top)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/examples", top);
    DIR *d = opendir(dir);
    if (!d)
        die(dir, NULL);
    char *paths[16];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
            paths[n] = malloc(strlen(dir) + len + 2);
            sprintf(paths[n], "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    rg_error err;
    rg_error_clear(&err);
    store = rg_store_open_memory(&err);
    if (!store || rg_store_import_files(store, (const char *const *)paths, n, NULL, &err) < 0)
        die("importing the examples", &err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    sqlite3_exec(rg_store_db(store), "PRAGMA query_only = 1", NULL, NULL, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_warning_set_sink(NULL, NULL);
    const char *top = getenv("RAINGAN_FUZZ_TOP");
    if (!top || !*top)
        top = FUZZ_TOP_SRCDIR;
    import_examples(top);
    char scratch[] = "/tmp/raingan-fuzz-expr.XXXXXX";
    if (!mkdtemp(scratch))
        die("mkdtemp", NULL);
    snprintf(form_path, sizeof form_path, "%s/form.xml", scratch);
    return 0;
}

/* ---- reading choices from the input ---- */

typedef struct input {
    const uint8_t *data;
    size_t size, pos;
} input;

static unsigned next(input *in)
{
    return in->pos < in->size ? in->data[in->pos++] : 0;
}

static const char *pick(input *in, const char *const *list, size_t count)
{
    return list[next(in) % count];
}
#define PICK(in, list) pick(in, list, sizeof list / sizeof list[0])

/* ---- what a template can name ---- */

typedef struct kind_spec {
    const char *kind, *key, *record_sql, *child_sql;
    const char *const *fields;   /* of the record (alias p) */
    size_t field_count;
    const char *const *child_fields;   /* of a child row (alias c) */
    size_t child_count;
} kind_spec;

static const char *const project_fields[] = {"key", "code", "name", "fiscal_year", "start_date",
    "end_date", "budget_received_satang", "budget_spent_satang", "organization_key",
    "responsible_key", "rationale", "strategy_issue", "nosuch"};
static const char *const entry_fields[] = {"number", "date", "body", "progress_percent",
    "budget_used_satang", "on_plan", "on_target", "project_key"};
static const char *const indicator_fields[] = {"key", "fiscal_year", "number", "name", "level",
    "definition", "calculation", "target", "achieved", "summary", "reporter_key"};
static const char *const quarter_fields[] = {"quarter", "body", "indicator_key"};
static const char *const plan_fields[] = {"key", "fiscal_year", "title", "cover_lines",
    "has_announcement", "announcement_date", "announcement_body", "period_start", "period_end",
    "footnote", "note"};
static const char *const activity_fields[] = {"number", "name", "remarks", "plan_key"};

#define N(a) (sizeof a / sizeof a[0])
static const kind_spec kinds[] = {
    {"project", "50310000-2961", "SELECT * FROM projects WHERE key = :id",
     "SELECT * FROM progress_entries WHERE project_key = :id ORDER BY number",
     project_fields, N(project_fields), entry_fields, N(entry_fields)},
    {"indicator", "indicator-2563-3", "SELECT * FROM indicators WHERE key = :id",
     "SELECT * FROM indicator_quarters WHERE indicator_key = :id ORDER BY quarter",
     indicator_fields, N(indicator_fields), quarter_fields, N(quarter_fields)},
    {"plan", "hatyai-info-center-2563", "SELECT * FROM plans WHERE key = :id",
     "SELECT * FROM plan_activities WHERE plan_key = :id ORDER BY number",
     plan_fields, N(plan_fields), activity_fields, N(activity_fields)},
};

/* One row of values no import would store but a query can give. */
static const char odd_sql[] =
    "SELECT NULL AS nothing, 0 AS zero, -1 AS minus, 13 AS thirteen, 2566 AS be_year,"
    " 9223372036854775807 AS int_max, -9223372036854775807 - 1 AS int_min, 12.5 AS half,"
    " 1e308 AS huge, -1e308 AS minus_huge, 9e999 AS inf, 5e-324 AS tiny, '' AS empty,"
    " ' ' AS space, 'nan' AS nan, 'inf' AS text_inf, '1e400' AS text_huge, '0x1A' AS hex,"
    " '2023-02-30' AS bad_date, '0000-00-00' AS zero_date, '9999-12-31' AS max_date,"
    " '2566-01-16' AS be_date, '<rt></rt>' AS rich_empty, '<b' AS broken, '๑๒๓' AS thai,"
    " CAST(x'ff41' AS TEXT) AS bad_utf8, x'' AS blob_empty, x'00ff' AS blob,"
    " printf('%.*c', 5000, 'x') AS long";
static const char *const odd_fields[] = {"nothing", "zero", "minus", "thirteen", "be_year",
    "int_max", "int_min", "half", "huge", "minus_huge", "inf", "tiny", "empty", "space", "nan",
    "text_inf", "text_huge", "hex", "bad_date", "zero_date", "max_date", "be_date", "rich_empty",
    "broken", "thai", "bad_utf8", "blob_empty", "blob", "long"};
static const char *const render_fields[] = {"date", "form", "id"};

static const char *const filters[] = {
    "date", "date:long", "date:short", "date:numeric", "date:full", "date:iso", "date:x",
    "year", "month", "month:short", "month:x", "digits:thai", "digits:arabic", "digits",
    "amount", "amount:satang", "amount:baht", "amount:x", "number", "number:0", "number:6",
    "number:9", "number:-1", "percent", "percent:1", "default:\"-\"", "default",
    "prefix:\" p \"", "suffix:\" s \"", "bool:\"y\":\"n\"", "bool", "text", "text:\"/\"",
    "upper", "lower", "trim", "nosuch", "year:1", "date:\"long\"", "number:\"2\"",
    "default:\"}\"", "prefix:\"{x}\"", "suffix:\"\\\"\"", "amount:satang:1:2:3:4",
};

/* ---- writing the template ---- */

/* Appends s XML-escaped (for text and attribute values alike). */
static void put_escaped(rg_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': rg_buf_puts(out, "&amp;"); break;
        case '<': rg_buf_puts(out, "&lt;"); break;
        case '>': rg_buf_puts(out, "&gt;"); break;
        case '"': rg_buf_puts(out, "&quot;"); break;
        default: rg_buf_putc(out, *s);
        }
    }
}

/* A filter with a raw argument from the input: printable ASCII only, so
 * the template stays well-formed XML. */
static void raw_filter(input *in, rg_buf *expr)
{
    rg_buf_printf(expr, " | %s:", PICK(in, ((const char *const[]){"date", "month", "number",
        "percent", "amount", "digits", "default", "prefix", "bool", "text", "year"})));
    unsigned len = next(in) % 12;
    for (unsigned i = 0; i < len; i++) {
        char c = (char)(0x20 + next(in) % 95);
        rg_buf_putc(expr, c);
    }
}

/* "alias.field | f1 | f2 ...", unescaped. */
static void expression(input *in, const kind_spec *k, char alias, rg_buf *expr)
{
    switch (alias) {
    case 'c': rg_buf_printf(expr, "c.%s", pick(in, k->child_fields, k->child_count)); break;
    case 'o': rg_buf_printf(expr, "o.%s", PICK(in, odd_fields)); break;
    case 'r': rg_buf_printf(expr, "render.%s", PICK(in, render_fields)); break;
    default: rg_buf_printf(expr, "p.%s", pick(in, k->fields, k->field_count)); break;
    }
    unsigned count = next(in) % 5;
    for (unsigned i = 0; i < count; i++) {
        unsigned choice = next(in);
        if (choice % 16 == 15)
            raw_filter(in, expr);
        else
            rg_buf_printf(expr, " | %s", filters[choice % N(filters)]);
    }
}

static void element(input *in, const kind_spec *k, rg_buf *out)
{
    static const char aliases[] = {'p', 'p', 'r', 'o', 'c'};
    char alias = aliases[next(in) % sizeof aliases];
    rg_buf expr = RG_BUF_INIT;
    expression(in, k, alias, &expr);
    const char *e = expr.data;
    if (alias == 'c')
        rg_buf_puts(out, "<each query=\"kids\" as=\"c\">");
    else if (alias == 'o')
        rg_buf_puts(out, "<each query=\"odd\" as=\"o\">");
    switch (next(in) % 5) {
    case 0:
        rg_buf_puts(out, "<p>[{");
        put_escaped(out, e);
        rg_buf_puts(out, "}]</p>");
        break;
    case 1:
        rg_buf_puts(out, "<field label=\"{");
        put_escaped(out, e);
        rg_buf_puts(out, "}\">x</field>");
        break;
    case 2:
        rg_buf_puts(out, "<if test=\"");
        if (next(in) & 1)
            rg_buf_puts(out, "not ");
        put_escaped(out, e);
        if (next(in) & 1)
            rg_buf_puts(out, next(in) & 1 ? " = 2566" : " != &quot;x&quot;");
        rg_buf_puts(out, "\"><p>yes</p></if>");
        break;
    case 3:
        rg_buf_puts(out, "<richtext value=\"{");
        put_escaped(out, e);
        rg_buf_puts(out, "}\"/>");
        break;
    default:
        rg_buf_puts(out, "<p>a {");
        put_escaped(out, e);
        rg_buf_puts(out, "} b {{c}}</p>");
        break;
    }
    if (alias == 'c' || alias == 'o')
        rg_buf_puts(out, "</each>");
    rg_buf_free(&expr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size, 0};
    unsigned head = next(&in);
    const kind_spec *k = &kinds[head % N(kinds)];
    const char *date = (head >> 2) & 1 ? "2023-09-30" : NULL;
    const char *id = (head >> 3) & 1 ? "no-such-key" : k->key;

    rg_buf form = RG_BUF_INIT;
    rg_buf_printf(&form,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<form name=\"fz\" kind=\"%s\" description=\"fuzz\">\n"
                  "<query name=\"rec\" record=\"yes\" as=\"p\">%s</query>\n"
                  "<query name=\"kids\">%s</query>\n"
                  "<query name=\"odd\">%s</query>\n"
                  "<section paper=\"A4\">\n",
                  k->kind, k->record_sql, k->child_sql, odd_sql);
    unsigned count = 1 + next(&in) % 8;
    for (unsigned i = 0; i < count; i++) {
        element(&in, k, &form);
        rg_buf_putc(&form, '\n');
    }
    rg_buf_puts(&form, "</section>\n</form>\n");

    FILE *fp = fopen(form_path, "wb");
    if (!fp)
        abort();
    fwrite(form.data, 1, form.len, fp);
    fclose(fp);
    rg_buf_free(&form);

    rg_error err;
    rg_error_clear(&err);
    rg_template *tpl = rg_template_load(form_path, &err);
    if (!tpl) {
        if (!err.message[0])
            abort();   /* a refusal must say why */
        return 0;
    }
    if (rg_template_check(tpl, rg_store_db(store), &err) < 0 && !err.message[0])
        abort();
    rg_error_clear(&err);
    rg_bind_options opts;
    rg_bind_options_init(&opts);
    opts.id = id;
    opts.date = date;
    rg_document *doc = rg_template_bind(tpl, rg_store_db(store), &opts, &err);
    if (doc) {
        rg_buf text = RG_BUF_INIT;
        rg_document_dump(doc, &text);
        rg_buf_free(&text);
        rg_document_free(doc);
    } else if (!err.message[0]) {
        abort();
    }
    rg_template_free(tpl);
    return 0;
}
