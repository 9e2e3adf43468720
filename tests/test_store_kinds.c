/* Unit tests of the record kinds table (src/store/kinds.c) and of record
 * selection (src/store/select.c): the built-in kinds, a kind registered at
 * run time (as kinds declared in files are), and selection by year,
 * organization (with the units under it) and key. */
#include <stdlib.h>

#include "check.h"
#include "store/kinds.h"
#include "store/store.h"

static int collect(void *user, const rg_record_row *row, rg_error *err)
{
    (void)err;
    char *keys = user;
    strcat(keys, row->key);
    strcat(keys, ";");
    return 0;
}

static const char *select_keys(rg_store *s, const char *kind, const rg_record_filter *f, char *out)
{
    rg_error err;
    rg_error_clear(&err);
    out[0] = '\0';
    long n = rg_store_select_records(s, rg_kinds_find(kind), f, collect, out, &err);
    if (n < 0)
        fprintf(stderr, "select %s: %s\n", kind, err.message);
    return n < 0 ? "(error)" : out;
}

static void exec(rg_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(rg_store_db(s), sql, NULL, NULL, &msg) != SQLITE_OK)
        fprintf(stderr, "%s: %s\n", sql, msg);
    sqlite3_free(msg);
}

int main(void)
{
    /* No kind files: the stores opened here register none of the shipped
     * declared kinds (memo, announcement), so this test's own `memo` is new. */
    setenv("RAINGAN_KINDS", "/nonexistent/raingan-kinds", 1);
    /* The built-in kinds are entries 0..RG_KIND_COUNT-1, in rg_kind order. */
    CHECK_INT(rg_kinds_count(), RG_KIND_COUNT);
    CHECK_STR(rg_kinds_get(RG_KIND_PROJECT)->table, "projects");
    CHECK_STR(rg_kinds_find("plan")->children[1].table, "plan_section_items");
    CHECK_STR(rg_kinds_find("plan")->children[1].order, "section_number, seq");
    CHECK_INT(rg_kinds_index(rg_kinds_find("indicator")), RG_KIND_INDICATOR);
    CHECK_STR(rg_store_kind_name(RG_KIND_PERSON), "person");
    CHECK_INT(rg_store_kind_from_name("organization"), RG_KIND_ORGANIZATION);
    CHECK_INT(rg_store_kind_from_name("memo"), -1);
    CHECK(rg_kinds_find("memo") == NULL);
    char list[200];
    rg_kinds_printable_list(list, sizeof list);
    CHECK_STR(list, "project, indicator or plan");

    rg_error err;
    rg_error_clear(&err);
    rg_store *s = rg_store_open_memory(&err);
    CHECK(s != NULL);
    exec(s, "INSERT INTO organizations(key, name, parent_key) VALUES ('top', 'Top', NULL),"
            " ('unit', 'Unit', 'top'), ('other', 'Other', NULL)");
    exec(s, "INSERT INTO projects(key, code, name, fiscal_year, start_date, end_date,"
            " organization_key) VALUES ('p-b', 'B', 'B', 2566, 'x', 'x', 'unit'),"
            " ('p-a', 'A', 'A', 2566, 'x', 'x', 'top'), ('p-c', 'C', 'C', 2565, 'x', 'x', 'other')");
    char keys[400];
    CHECK_STR(select_keys(s, "project", NULL, keys), "p-a;p-b;p-c;");
    rg_record_filter year = {2566, NULL, 0, NULL, 0};
    CHECK_STR(select_keys(s, "project", &year, keys), "p-a;p-b;");
    const char *top[] = {"top"};
    rg_record_filter org = {0, top, 1, NULL, 0};
    CHECK_STR(select_keys(s, "project", &org, keys), "p-a;p-b;");   /* and the unit under it */
    const char *wanted[] = {"p-c", "p-b", "nope"};
    rg_record_filter by_key = {0, NULL, 0, wanted, 3};
    CHECK_STR(select_keys(s, "project", &by_key, keys), "p-b;p-c;");
    rg_record_filter year_person = {2566, NULL, 0, NULL, 0};
    CHECK_INT(rg_store_select_records(s, rg_kinds_find("person"), &year_person, collect, keys, &err), -1);
    CHECK_INT(err.code, RG_ERR_INPUT);
    CHECK_STR(err.message, "person records have no fiscal year to select by");

    /* A kind registered at run time: found, selected and looked up like the built-in ones. */
    exec(s, "CREATE TABLE memos(id TEXT PRIMARY KEY, subject TEXT, fiscal_year INTEGER,"
            " organization_key TEXT); CREATE TABLE memo_lines(memo_id TEXT, n INTEGER, body TEXT);"
            " INSERT INTO memos VALUES ('m2', 'Two', 2566, 'unit'), ('m1', 'One', 2565, 'other')");
    static const rg_kind_child memo_children[] = {
        {"lines", "lines", "memo_lines", "memo_id", "n", NULL}};
    rg_kind_desc memo = {"memo", "memos", "id", "subject", NULL, "fiscal_year",
                         "organization_key", {NULL}, NULL, 1, 1, memo_children};
    rg_error_clear(&err);
    CHECK_INT(rg_kinds_register(&memo, &err), 0);
    CHECK_INT(rg_kinds_count(), RG_KIND_COUNT + 1);
    const rg_kind_desc *found = rg_kinds_find("memo");
    CHECK(found != NULL && found != &memo);       /* a copy */
    CHECK_INT(rg_kinds_index(found), RG_KIND_COUNT);
    CHECK_STR(found->children[0].owner_column, "memo_id");
    CHECK_INT(rg_store_kind_from_name("memo"), -1);   /* not an rg_kind */
    CHECK_INT(rg_store_kind_has(s, found, "m1", &err), 1);
    CHECK_INT(rg_store_kind_has(s, found, "m3", &err), 0);
    CHECK_STR(select_keys(s, "memo", NULL, keys), "m1;m2;");
    CHECK_STR(select_keys(s, "memo", &org, keys), "m2;");
    rg_kinds_printable_list(list, sizeof list);
    CHECK_STR(list, "project, indicator, plan or memo");
    /* The same name or table twice is refused. */
    CHECK_INT(rg_kinds_register(&memo, &err), -1);
    CHECK_STR(err.message, "kind `memo` is already defined");
    rg_kind_desc clash = {"note", "plan_sections", "key", NULL, NULL, NULL, NULL, {NULL}, NULL, 0, 0, NULL};
    CHECK_INT(rg_kinds_register(&clash, &err), -1);
    CHECK_STR(err.message, "kind `note`: table `plan_sections` already holds another kind's records");
    rg_kinds_reset();
    CHECK_INT(rg_kinds_count(), RG_KIND_COUNT);
    CHECK(rg_kinds_find("memo") == NULL);
    rg_store_close(s);
    return CHECK_DONE();
}
