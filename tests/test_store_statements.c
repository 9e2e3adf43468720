/* Statements kept by a store (src/store/statements.c, rg_store_statement):
 * the same SQL gives back the same statement, reset and with no bindings
 * left from the last use; one still in use is never handed out twice; a
 * prepare error is SQLite's own; past 64 the least recently used makes room
 * and everything still answers correctly; and a template bound with the
 * store's kept statements gives the same document as one prepared per bind. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store/store.h"
#include "template/dump.h"
#include "template/template.h"
#include "util/buf.h"

/* The single integer `sql` answers with ?1 bound to `v` (-1: no row). */
static long long answer(rg_store *s, const char *sql, long long v)
{
    sqlite3_stmt *st;
    CHECK_INT(rg_store_statement(s, sql, &st), SQLITE_OK);
    if (!st)
        return -2;
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, v);
    long long got = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    rg_store_statement_done(s, st);
    return got;
}

int main(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *s = rg_store_open_memory(&err);
    CHECK(s != NULL);
    if (!s)
        return CHECK_DONE();

    /* kept: the second use gets the same statement back, reset and unbound */
    sqlite3_stmt *a, *b, *c;
    CHECK_INT(rg_store_statement(s, "SELECT ?1 + 1", &a), SQLITE_OK);
    sqlite3_bind_int64(a, 1, 41);
    CHECK_INT(sqlite3_step(a), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int64(a, 0), 42);
    /* in use (stepped, not handed back): the same SQL is prepared anew */
    CHECK_INT(rg_store_statement(s, "SELECT ?1 + 1", &b), SQLITE_OK);
    CHECK(b != NULL && b != a);
    rg_store_statement_done(s, b);   /* not kept: finalized */
    rg_store_statement_done(s, a);
    CHECK_INT(rg_store_statement(s, "SELECT ?1 + 1", &c), SQLITE_OK);
    CHECK(c == a);
    CHECK_INT(sqlite3_step(c), SQLITE_ROW);   /* reset; the binding cleared: NULL + 1 */
    CHECK_INT(sqlite3_column_type(c, 0), SQLITE_NULL);
    rg_store_statement_done(s, c);

    /* errors are SQLite's, nothing kept; no statement in the text: NULL */
    sqlite3_stmt *bad = (sqlite3_stmt *)1;
    CHECK(rg_store_statement(s, "SELEC nothing", &bad) != SQLITE_OK);
    CHECK(bad == NULL);
    CHECK(strstr(sqlite3_errmsg(rg_store_db(s)), "syntax error") != NULL);
    sqlite3_stmt *none = (sqlite3_stmt *)1;
    CHECK_INT(rg_store_statement(s, "  -- nothing", &none), SQLITE_OK);
    CHECK(none == NULL);
    rg_store_statement_done(s, none);

    /* 100 different statements, twice over: past 64 kept, some are
     * prepared again, every answer stays right */
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 100; i++) {
            char sql[64];
            snprintf(sql, sizeof sql, "SELECT ?1 * %d", i + 1);
            CHECK_INT(answer(s, sql, 3 + round), (long long)(3 + round) * (i + 1));
        }
    }
    CHECK_INT(answer(s, "SELECT ?1 + 1", 1), 2);

    /* a form bound with and without kept statements: the same document */
    const char *top = getenv("top_srcdir");   /* set by make check */
    CHECK(top != NULL);
    char tpl_path[4096], data_path[4096];
    snprintf(tpl_path, sizeof tpl_path, "%s/templates/progress-report.xml", top ? top : ".");
    snprintf(data_path, sizeof data_path, "%s/examples/seed-002-progress-2566.json", top ? top : ".");
    const char *files[1] = {data_path};
    rg_template *tpl = rg_template_load(tpl_path, &err);
    CHECK(tpl != NULL);
    CHECK_INT(rg_store_import_files(s, files, 1, NULL, &err), 0);
    rg_buf dumps[3] = {RG_BUF_INIT, RG_BUF_INIT, RG_BUF_INIT};
    for (int i = 0; tpl && i < 3; i++) {
        rg_bind_options o;
        rg_bind_options_init(&o);
        o.id = "50310000-2961";
        o.date = "2023-09-30";
        o.store = i ? s : NULL;   /* kept twice: the second bind reuses them */
        rg_document *doc = rg_template_bind(tpl, rg_store_db(s), &o, &err);
        if (!doc)
            fprintf(stderr, "bind: %s\n", err.message);
        CHECK(doc != NULL);
        if (doc)
            rg_document_dump(doc, &dumps[i]);
        rg_document_free(doc);
    }
    CHECK(dumps[0].len > 1000 && strstr(dumps[0].data, "50310000-2961") != NULL);
    CHECK(dumps[1].len == dumps[0].len && dumps[1].data && !strcmp(dumps[0].data, dumps[1].data));
    CHECK(dumps[2].len == dumps[0].len && dumps[2].data && !strcmp(dumps[0].data, dumps[2].data));
    for (int i = 0; i < 3; i++)
        rg_buf_free(&dumps[i]);
    rg_template_free(tpl);
    rg_store_close(s);   /* finalizes what is kept (LeakSanitizer would say otherwise) */
    return CHECK_DONE();
}
