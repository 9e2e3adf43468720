/* Every filter of the template language, with every argument form, applied
 * to every kind of value a query can give (NULL, integers to their limits,
 * doubles to infinity, text that looks like a number or a date and is not,
 * rich text, invalid UTF-8, blobs) and to the render values with and without
 * --date/--id: each must give a value or an error that names the filter,
 * never a crash (issue 11: `{render.date | year}` was a segmentation fault in
 * `forms --check`). Both ways templates are evaluated are run: the check
 * (every value NULL) and binding a record. Chains of two filters are run on
 * every value too. A few outcomes are asserted exactly. */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "template/dump.h"
#include "template/template.h"

static char dir[] = "/tmp/raingan-filters-XXXXXX";
static char path[600];
static sqlite3 *db;

/* Each value is one row of `vals`; the record key is its name. */
static const struct { const char *name, *sql; } values[] = {
    {"null", "NULL"},
    {"zero", "0"}, {"one", "1"}, {"minus", "-1"}, {"twelve", "12"}, {"thirteen", "13"},
    {"be-year", "2566"}, {"ce-year", "2023"},
    {"int-max", "9223372036854775807"}, {"int-min", "-9223372036854775807 - 1"},
    {"half", "0.5"}, {"eighth", "-0.125"}, {"twelve-half", "12.5"}, {"huge", "1e308"},
    {"minus-huge", "-1e308"}, {"inf", "9e999"}, {"minus-inf", "-9e999"}, {"tiny", "5e-324"},
    {"empty", "''"}, {"space", "' '"}, {"word", "'abc'"}, {"date", "'2023-01-16'"},
    {"bad-date", "'2023-02-30'"}, {"zero-date", "'0000-00-00'"}, {"max-date", "'9999-12-31'"},
    {"be-date", "'2566-01-16'"}, {"short-date", "'2023-1-6'"}, {"text-year", "'2566'"},
    {"text-huge", "'1e400'"}, {"text-nan", "'nan'"}, {"text-inf", "'inf'"}, {"text-hex", "'0x1A'"},
    {"text-number", "' 12.5 '"}, {"rich", "'<rt><p>ก <b>ข</b></p></rt>'"},
    {"rich-empty", "'<rt></rt>'"}, {"broken-markup", "'<b'"}, {"thai-digits", "'๑๒๓'"},
    {"long", "printf('%.*c', 20000, 'x')"}, {"bad-utf8", "CAST(x'ff41' AS TEXT)"},
    {"blob-empty", "x''"}, {"blob", "x'00ff'"}, {"blob-digits", "x'3132'"},
};
#define NVALUES (sizeof values / sizeof values[0])

static const char *const filters[] = {
    "date", "date:long", "date:short", "date:numeric", "date:full", "date:iso", "date:bogus",
    "year", "month", "month:long", "month:short", "month:bogus", "digits:thai", "digits:arabic",
    "digits", "amount", "amount:baht", "amount:satang", "amount:bogus", "number", "number:0",
    "number:6", "number:7", "number:-1", "number:x", "percent", "percent:1", "default:\"-\"",
    "prefix:\"x \"", "suffix:\" x\"", "bool:\"y\":\"n\"", "bool:\"y\"", "text", "text:\"/\"",
    "upper", "lower", "trim", "nosuch", "year:1", "upper:\"a\":\"b\":\"c\":\"d\":\"e\"",
};
#define NFILTERS (sizeof filters / sizeof filters[0])

static void setup_db(void)
{
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "CREATE TABLE vals(name TEXT PRIMARY KEY, v)", NULL, NULL, NULL),
              SQLITE_OK);
    for (size_t i = 0; i < NVALUES; i++) {
        char *sql = sqlite3_mprintf("INSERT INTO vals VALUES(%Q, %s)", values[i].name,
                                    values[i].sql);
        CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(sql);
    }
}

static void write_form(const char *expr)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<form name=\"t\" kind=\"project\" description=\"filters\">\n"
               "<query name=\"v\" record=\"yes\" as=\"p\">SELECT v FROM vals WHERE name = :id</query>\n"
               "<section paper=\"A4\"><p>@[{%s}]@</p></section>\n</form>\n", expr);
    fclose(f);
}

/* "=text" of the one paragraph, or "!message"; NULL for a form that did not
 * load (then a message is required too). */
static char result[65536];

static const char *run(const char *expr, const char *id, const char *date, int check_only)
{
    write_form(expr);
    rg_error err;
    rg_error_clear(&err);
    rg_template *tpl = rg_template_load(path, &err);
    if (!tpl) {
        snprintf(result, sizeof result, "!%s", err.message);
        return result;
    }
    if (check_only) {
        if (rg_template_check(tpl, db, &err) < 0)
            snprintf(result, sizeof result, "!%s", err.message);
        else
            snprintf(result, sizeof result, "=checked");
        rg_template_free(tpl);
        return result;
    }
    rg_bind_options opts;
    rg_bind_options_init(&opts);
    opts.id = id;
    opts.date = date;
    rg_document *doc = rg_template_bind(tpl, db, &opts, &err);
    if (!doc) {
        snprintf(result, sizeof result, "!%s", err.message);
    } else {
        rg_buf b = RG_BUF_INIT;
        rg_document_dump(doc, &b);
        const char *open = b.data ? strstr(b.data, "@[") : NULL;
        const char *close = open ? strstr(open, "]@") : NULL;
        if (open && close)
            snprintf(result, sizeof result, "=%.*s", (int)(close - open - 2), open + 2);
        else
            snprintf(result, sizeof result, "?%s", b.data ? b.data : "");
        rg_buf_free(&b);
        rg_document_free(doc);
    }
    rg_template_free(tpl);
    return result;
}

/* A value ("=") or an error naming the problem ("!" and a message). */
static int sane(const char *r)
{
    return r[0] == '=' || (r[0] == '!' && r[1]);
}

static void check_sane(const char *r, const char *expr, const char *id)
{
    if (!sane(r)) {
        check_failures++;
        fprintf(stderr, "{%s} on %s: neither a value nor an error: %s\n", expr, id, r);
    }
}

static void test_matrix(void)
{
    char expr[256];
    for (size_t f = 0; f < NFILTERS; f++) {
        snprintf(expr, sizeof expr, "p.v | %s", filters[f]);
        check_sane(run(expr, NULL, NULL, 1), expr, "(check)");
        for (size_t v = 0; v < NVALUES; v++)
            check_sane(run(expr, values[v].name, "2023-09-30", 0), expr, values[v].name);
        /* the render values, with and without --date and --id */
        const char *render[] = {"render.date", "render.id", "render.form"};
        for (int r = 0; r < 3; r++) {
            snprintf(expr, sizeof expr, "%s | %s", render[r], filters[f]);
            check_sane(run(expr, NULL, NULL, 1), expr, "(check)");
            check_sane(run(expr, "date", NULL, 0), expr, "no --date");
            check_sane(run(expr, "date", "2023-09-30", 0), expr, "--date");
        }
    }
    /* chains of two filters, on every value */
    for (size_t f = 0; f < NFILTERS; f++)
        for (size_t g = 0; g < NFILTERS; g += 5)
            for (size_t v = 0; v < NVALUES; v += 3) {
                snprintf(expr, sizeof expr, "p.v | %s | %s", filters[f], filters[g]);
                check_sane(run(expr, values[v].name, NULL, 0), expr, values[v].name);
            }
}

#define CHECK_RUN(expr, id, date, expected) CHECK_STR(run(expr, id, date, 0), expected)
#define CHECK_ERROR(expr, id, needle) do { const char *r_ = run(expr, id, NULL, 0); \
    if (r_[0] != '!' || !strstr(r_, needle)) { check_failures++; \
    fprintf(stderr, "%s:%d: {%s} on %s: expected an error with \"%s\", got %s\n", __FILE__, \
    __LINE__, expr, id, needle, r_); } } while (0)

static void test_outcomes(void)
{
    /* The issue's crash: absent render values pass through every filter. */
    CHECK_STR(run("render.date | year", NULL, NULL, 1), "=checked");
    CHECK_STR(run("render.id | year", NULL, NULL, 1), "=checked");
    CHECK_RUN("render.date | year", "date", NULL, "=");
    CHECK_RUN("render.date | month", "date", NULL, "=");
    CHECK_RUN("render.date | number", "date", NULL, "=");
    CHECK_RUN("render.date | percent", "date", NULL, "=");
    CHECK_RUN("render.date | amount", "date", NULL, "=");
    CHECK_RUN("render.date | year", "date", "2023-09-30", "=2566");
    CHECK_RUN("render.date | month:short", "date", "2023-09-30", "=ก.ย.");
    CHECK_ERROR("render.id | year", "date", "filter `year`: `date` is not a number");
    CHECK_RUN("p.v | year", "null", NULL, "=");
    /* Numbers out of a filter's range: an error, not an undefined conversion. */
    CHECK_ERROR("p.v | year", "huge", "filter `year`: 1e+308 is not a year (1 to 9999)");
    CHECK_ERROR("p.v | year", "int-max", "is not a year (1 to 9999)");
    CHECK_ERROR("p.v | month", "thirteen", "filter `month`: 13 is not a month 1..12");
    CHECK_ERROR("p.v | month", "twelve-half", "filter `month`: 12.5 is not a month 1..12");
    CHECK_RUN("p.v | month", "twelve", NULL, "=ธันวาคม");
    CHECK_RUN("p.v | year", "ce-year", NULL, "=2566");
    CHECK_RUN("p.v | year", "text-year", NULL, "=2566");
    CHECK_ERROR("p.v | number", "text-nan", "filter `number`: `nan` is not a number");
    CHECK_ERROR("p.v | amount", "text-inf", "filter `amount`: `inf` is not a number");
    CHECK_ERROR("p.v | number", "text-huge", "filter `number`: `1e400` is not a number");
    CHECK_ERROR("p.v | number", "text-hex", "`0x1A` is not a number");
    CHECK_ERROR("p.v | year", "bad-date", "filter `year`: `2023-02-30` is not a date");
    CHECK_ERROR("p.v | date", "one", "filter `date`: the value is not a date");
    CHECK_RUN("p.v | number:1", "text-number", NULL, "=12.5");
    /* Large numbers print all their digits, grouped. */
    CHECK_RUN("p.v | amount:satang", "int-min", NULL, "=-92,233,720,368,547,758.08");
    CHECK_RUN("p.v | number", "int-max", NULL, "=9,223,372,036,854,775,807");
    CHECK_RUN("p.v | amount", "ce-year", NULL, "=2,023.00");
    char googol[512] = "=100";   /* 1e308: a 1 and 308 zeros, not the binary value's digits */
    for (int group = 0; group < 102; group++)
        strcat(googol, ",000");
    CHECK_RUN("p.v | number:0", "huge", NULL, googol);
    CHECK_ERROR("p.v | number", "inf", "filter `number`: inf is not a finite number");
    /* Blobs read as text; an empty one is an empty value. */
    CHECK_RUN("p.v | default:\"-\"", "blob-empty", NULL, "=-");
    CHECK_RUN("p.v | number", "blob-digits", NULL, "=12");
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/form.xml", dir);
    setup_db();
    test_outcomes();
    test_matrix();
    sqlite3_close(db);
    unlink(path);
    rmdir(dir);
    return CHECK_DONE();
}
