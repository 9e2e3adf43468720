/* Record selection by kind, fiscal year, organization (with the units under
 * it) and key: what `raingan batch` prints and what a service lists (store.h). */
#include "store/store_internal.h"

#include <assert.h>
#include <string.h>

#include "store/schema.h"
#include "util/buf.h"

/* A JSON array of strings: the filters travel as one bound parameter, so any
 * key is bound, never spliced into the SQL. */
static int json_array(rg_buf *list, const char *const *items, size_t n)
{
    rg_buf_reset(list);
    rg_buf_putc(list, '[');
    for (size_t i = 0; i < n; i++) {
        rg_buf_puts(list, i ? ",\"" : "\"");
        for (const char *c = items[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                rg_buf_printf(list, "\\%c", *c);
            else if ((unsigned char)*c < 0x20)
                rg_buf_printf(list, "\\u%04x", (unsigned char)*c);
            else
                rg_buf_putc(list, *c);
        }
        rg_buf_putc(list, '"');
    }
    return rg_buf_putc(list, ']');
}

/* ?1 year, ?2 organizations (JSON), ?3 keys (JSON). */
static char *selection_sql(const rg_kind_desc *k)
{
    const char *year = k->year_column ? k->year_column : NULL;
    const char *org = k->org_column ? k->org_column : NULL;
    return sqlite3_mprintf(
        "WITH RECURSIVE wanted(key) AS ("
        " SELECT value FROM json_each(?2)"
        " UNION SELECT o.key FROM organizations o JOIN wanted w ON o.parent_key = w.key)"
        " SELECT \"%w\", %s%w%s, %s%w%s, %s%w%s FROM \"%w\""
        " WHERE (?1 IS NULL OR %s%w%s = ?1)"
        " AND (?2 IS NULL OR %s%w%s IN (SELECT key FROM wanted))"
        " AND (?3 IS NULL OR \"%w\" IN (SELECT value FROM json_each(?3)))"
        " ORDER BY \"%w\"",
        k->key_column,
        year ? "\"" : "", year ? year : "NULL", year ? "\"" : "",
        org ? "\"" : "", org ? org : "NULL", org ? "\"" : "",
        k->title_column ? "\"" : "", k->title_column ? k->title_column : "NULL",
        k->title_column ? "\"" : "",
        k->table,
        year ? "\"" : "", year ? year : "NULL", year ? "\"" : "",
        org ? "\"" : "", org ? org : "NULL", org ? "\"" : "",
        k->key_column, k->key_column);
}

long rg_store_select_records(rg_store *store, const rg_kind_desc *kind,
                             const rg_record_filter *filter, rg_record_fn fn, void *user,
                             rg_error *err)
{
    assert(store && kind && fn);
    static const rg_record_filter none = {0};
    if (!filter)
        filter = &none;
    if (filter->year && !kind->year_column)
        return rg_error_set(err, RG_ERR_INPUT, "%s records have no fiscal year to select by",
                            kind->name);
    if (filter->org_count && !kind->org_column)
        return rg_error_set(err, RG_ERR_INPUT, "%s records belong to no organization to select by",
                            kind->name);
    char *sql = selection_sql(kind);
    if (!sql)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(store->db, rc, store->path, "selecting the records", err);
    rg_buf list = RG_BUF_INIT;
    int bad = 0;
    if (filter->org_count) {
        bad |= json_array(&list, filter->orgs, filter->org_count) < 0;
        sqlite3_bind_text(st, 2, list.data, (int)list.len, SQLITE_TRANSIENT);
    }
    if (filter->key_count) {
        bad |= json_array(&list, filter->keys, filter->key_count) < 0;
        sqlite3_bind_text(st, 3, list.data, (int)list.len, SQLITE_TRANSIENT);
    }
    rg_buf_free(&list);
    if (bad) {
        sqlite3_finalize(st);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    if (filter->year)
        sqlite3_bind_int64(st, 1, filter->year);
    long count = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        rg_record_row row = {key ? key : "", (long)sqlite3_column_int64(st, 1),
                             (const char *)sqlite3_column_text(st, 2),
                             (const char *)sqlite3_column_text(st, 3)};
        if (fn(user, &row, err) < 0) {
            sqlite3_finalize(st);
            return -1;
        }
        count++;
    }
    if (rc != SQLITE_DONE)
        count = rg_schema_db_error(store->db, rc, store->path, "selecting the records", err);
    sqlite3_finalize(st);
    return count;
}
