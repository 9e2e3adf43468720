/* Declared kinds in the database (kind_decl.h, docs/kinds.md).
 *
 * Each declared kind gets real tables, generated from its declaration, so
 * that templates query it like the built-in kinds: a table named as the
 * kind (key, then one column per field) and one table per list
 * (KIND_LIST: KIND_key, seq, columns). The declarations themselves are kept
 * in the table raingan_kinds (name, file, source: the kind file's bytes), so
 * that every command reads the kinds the data was stored under, whatever
 * the kind files say now; an import (and `raingan init`) brings the
 * database to the kind files: a new kind gets its tables, a new field its
 * column (ALTER TABLE), and a change that would lose or misread stored data
 * (a field removed, or its type changed) is refused naming the kind file,
 * its line and the field. The view `records` is recreated with every
 * declared kind's rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/kinds.h"
#include "store/schema.h"
#include "store/store_internal.h"
#include "util/buf.h"

#define DEFERRED "DEFERRABLE INITIALLY DEFERRED"

static const char *column_sql_type(const rg_field_decl *f)
{
    switch (f->type) {
    case RG_FIELD_AMOUNT:
    case RG_FIELD_BOOLEAN:
    case RG_FIELD_INTEGER:
    case RG_FIELD_YEAR: return "INTEGER";
    case RG_FIELD_PERCENT: return "REAL";
    case RG_FIELD_PERSON: return "TEXT REFERENCES people(key) " DEFERRED;
    case RG_FIELD_ORGANIZATION: return "TEXT REFERENCES organizations(key) " DEFERRED;
    default: return "TEXT";
    }
}

static int exec(rg_store *s, const char *sql, const char *doing, rg_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : rg_schema_db_error(s->db, rc, s->path, doing, err);
}

static int create_list_table(rg_store *s, const rg_kind_decl *d, const rg_list_decl *l,
                             rg_error *err)
{
    rg_buf sql = RG_BUF_INIT;
    rg_buf_printf(&sql, "CREATE TABLE %s (\n  %s_key TEXT NOT NULL REFERENCES %s(key) " DEFERRED
                  ",\n  seq INTEGER NOT NULL", l->table, d->name, d->name);
    for (size_t i = 0; i < l->field_count; i++)
        rg_buf_printf(&sql, ",\n  %s %s", l->fields[i].column, column_sql_type(&l->fields[i]));
    rg_buf_printf(&sql, ",\n  PRIMARY KEY (%s_key, seq)\n)", d->name);
    int rc = sql.data ? exec(s, sql.data, "creating a declared kind's table", err)
                      : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_buf_free(&sql);
    return rc;
}

static int create_tables(rg_store *s, const rg_kind_decl *d, rg_error *err)
{
    rg_buf sql = RG_BUF_INIT;
    rg_buf_printf(&sql, "CREATE TABLE %s (\n  key TEXT PRIMARY KEY NOT NULL", d->name);
    for (size_t i = 0; i < d->field_count; i++)
        rg_buf_printf(&sql, ",\n  %s %s", d->fields[i].column, column_sql_type(&d->fields[i]));
    rg_buf_puts(&sql, "\n)");
    int rc = sql.data ? exec(s, sql.data, "creating a declared kind's table", err)
                      : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_buf_free(&sql);
    for (size_t i = 0; rc == 0 && i < d->list_count; i++)
        rc = create_list_table(s, d, &d->lists[i], err);
    return rc;
}

static int add_column(rg_store *s, const char *table, const rg_field_decl *f, rg_error *err)
{
    char sql[300];
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", table, f->column,
             column_sql_type(f));
    return exec(s, sql, "adding a declared field's column", err);
}

/* The fields of one table, stored (`old`) and declared now (`now`): every
 * stored field must still be there with its type; new ones get columns. */
static int migrate_fields(rg_store *s, const rg_kind_decl *d, const char *table,
                          const char *where, const rg_field_decl *old, size_t old_count,
                          const rg_field_decl *now, size_t now_count, rg_error *err)
{
    for (size_t i = 0; i < old_count; i++) {
        const rg_field_decl *f = NULL;
        for (size_t k = 0; k < now_count && !f; k++)
            if (!strcmp(now[k].name, old[i].name))
                f = &now[k];
        if (!f)
            return rg_error_set(err, RG_ERR_INPUT, "%s: kind `%s`: field `%s`%s (a %s) is stored "
                                "in %s but no longer declared; put it back (records hold it), "
                                "or keep this declaration under another kind name",
                                d->file, d->name, old[i].name, where,
                                rg_field_type_name(old[i].type), s->path);
        if (f->type != old[i].type)
            return rg_error_set(err, RG_ERR_INPUT, "%s:%ld: kind `%s`: field `%s`%s is stored in "
                                "%s with type %s, and a declared field cannot change its type (to %s); "
                                "declare a new field instead", d->file, f->line, d->name,
                                f->name, where, s->path, rg_field_type_name(old[i].type),
                                rg_field_type_name(f->type));
    }
    for (size_t k = 0; k < now_count; k++) {
        int known = 0;
        for (size_t i = 0; i < old_count && !known; i++)
            known = !strcmp(now[k].name, old[i].name);
        if (!known && add_column(s, table, &now[k], err) < 0)
            return -1;
    }
    return 0;
}

static int migrate_kind(rg_store *s, const rg_kind_decl *old, const rg_kind_decl *now,
                        rg_error *err)
{
    if (migrate_fields(s, now, now->name, "", old->fields, old->field_count, now->fields,
                       now->field_count, err) < 0)
        return -1;
    for (size_t i = 0; i < old->list_count; i++)
        if (!rg_kind_decl_list(now, old->lists[i].name))
            return rg_error_set(err, RG_ERR_INPUT, "%s: kind `%s`: list `%s` is stored in %s but "
                                "no longer declared; put it back (records hold it)", now->file,
                                now->name, old->lists[i].name, s->path);
    for (size_t i = 0; i < now->list_count; i++) {
        const rg_list_decl *l = &now->lists[i], *was = rg_kind_decl_list(old, l->name);
        char where[80];
        snprintf(where, sizeof where, " of list `%s`", l->name);
        int rc = was ? migrate_fields(s, now, l->table, where, was->fields, was->field_count,
                                      l->fields, l->field_count, err)
                     : create_list_table(s, now, l, err);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The view `records` with the built-in kinds and every declared one. */
static int recreate_records_view(rg_store *s, rg_error *err)
{
    rg_buf sql = RG_BUF_INIT;
    rg_buf_puts(&sql, "DROP VIEW IF EXISTS records;\n"
                "CREATE VIEW records(kind, key, fiscal_year, name) AS\n"
                RG_SCHEMA_RECORDS_BUILTIN);
    for (size_t i = 0; i < s->decl_count; i++) {
        const rg_kind_decl *d = s->decls[i];
        rg_buf_printf(&sql, "\n  UNION ALL SELECT '%s', key, %s, %s FROM %s", d->name,
                      d->year ? d->year->column : "NULL", d->title ? d->title->column : "key",
                      d->name);
    }
    int rc = sql.data ? exec(s, sql.data, "updating the view records", err)
                      : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_buf_free(&sql);
    return rc;
}

/* ---- the kinds table (kinds.h): what import, digests, selection and
 * templates read about a kind ---------------------------------------------- */

/* "KEY, c1, c2" of `fields` after `first`, in a buffer the caller frees. */
static char *column_list(const char *first, const rg_field_decl *fields, size_t count)
{
    rg_buf b = RG_BUF_INIT;
    rg_buf_puts(&b, first);
    for (size_t i = 0; i < count; i++)
        rg_buf_printf(&b, ", %s", fields[i].column);
    return rg_buf_steal(&b);
}

/* The kinds table's entry for `d`: its table and columns, the title, year
 * and date fields, the first organization field, the first person fields
 * (RG_KIND_MAX_PEOPLE), and its lists as children in seq order. Digests
 * cover every column of these tables, so every declared field. */
static int register_decl(const rg_kind_decl *d, rg_error *err)
{
    rg_kind_desc k;
    memset(&k, 0, sizeof k);
    char *columns = column_list("key", d->fields, d->field_count);
    char *date_sql = NULL;
    char owner[64];
    snprintf(owner, sizeof owner, "%s_key", d->name);
    rg_kind_child *children = calloc(d->list_count + 1, sizeof *children);
    char **child_columns = calloc(d->list_count + 1, sizeof *child_columns);
    int rc = columns && children && child_columns ? 0 : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    k.name = d->name;
    k.table = d->name;
    k.key_column = "key";
    k.title_column = d->title ? d->title->column : "key";
    k.columns = columns;
    k.year_column = d->year ? d->year->column : NULL;
    size_t people = 0;
    for (size_t i = 0; i < d->field_count; i++) {
        if (d->fields[i].type == RG_FIELD_ORGANIZATION && !k.org_column)
            k.org_column = d->fields[i].column;
        if (d->fields[i].type == RG_FIELD_PERSON && people < RG_KIND_MAX_PEOPLE)
            k.person_columns[people++] = d->fields[i].column;
    }
    if (rc == 0 && d->date) {
        rg_buf b = RG_BUF_INIT;
        rg_buf_printf(&b, "SELECT %s FROM %s WHERE key = ?1", d->date->column, d->name);
        if (!(date_sql = rg_buf_steal(&b)))
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    k.date_sql = date_sql;
    k.printable = 1;
    k.label = d->description;
    for (size_t i = 0; rc == 0 && i < d->list_count; i++) {
        const rg_list_decl *l = &d->lists[i];
        char first[80];
        snprintf(first, sizeof first, "%s, seq", owner);
        if (!(child_columns[i] = column_list(first, l->fields, l->field_count)))
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        children[i] = (rg_kind_child){l->name, l->name, l->table, owner, "seq", child_columns[i]};
    }
    k.child_count = d->list_count;
    k.children = children;
    if (rc == 0)
        rc = rg_kinds_register(&k, err);
    for (size_t i = 0; child_columns && i < d->list_count; i++)
        free(child_columns[i]);
    free(child_columns);
    free(children);
    free(columns);
    free(date_sql);
    return rc;
}

/* Whether the kinds table's entry `k` is what `d` declares now. */
static int registered_as_declared(const rg_kind_desc *k, const rg_kind_decl *d)
{
    char *columns = column_list("key", d->fields, d->field_count);
    int same = columns && k->columns && !strcmp(k->columns, columns) &&
               k->child_count == d->list_count;
    free(columns);
    for (size_t i = 0; same && i < d->list_count; i++) {
        char first[80];
        snprintf(first, sizeof first, "%s_key, seq", d->name);
        char *c = column_list(first, d->lists[i].fields, d->lists[i].field_count);
        same = c && k->children[i].columns && !strcmp(k->children[i].columns, c);
        free(c);
    }
    return same;
}

/* Every declaration of the store in the kinds table. When one is there in
 * another shape (an import has just grown it), the registered kinds are
 * dropped and registered again: only commands that change kinds (import,
 * init: one thread) get there; batch workers and `serve` find them as they
 * are. */
static int register_all(rg_kind_decl *const *decls, size_t count, rg_error *err)
{
    int stale = 0;
    for (size_t i = 0; i < count && !stale; i++) {
        const rg_kind_desc *k = rg_kinds_find(decls[i]->name);
        stale = k && !registered_as_declared(k, decls[i]);
    }
    if (stale)
        rg_kinds_reset();
    for (size_t i = 0; i < count; i++)
        if (!rg_kinds_find(decls[i]->name) && register_decl(decls[i], err) < 0)
            return rg_error_prefix(err, "%s: ", decls[i]->file);
    return 0;
}

int rg_store_register_kind_files(rg_error *err)
{
    char *dir = rg_kind_decls_dir();
    if (!dir)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_kind_decl **decls;
    size_t count;
    int rc = rg_kind_decls_load_dir(dir, &decls, &count, err);
    free(dir);
    if (rc < 0)
        return -1;
    for (size_t i = 0; rc == 0 && i < count; i++)   /* a store's registration wins */
        if (!rg_kinds_find(decls[i]->name))
            rc = register_decl(decls[i], err);
    rg_kind_decls_free(decls, count);
    return rc;
}

static int has_kinds_table(rg_store *s, int *has, rg_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                "name = 'raingan_kinds'", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(s->db, rc, s->path, "reading the declared kinds", err);
    rc = sqlite3_step(st);
    *has = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return rg_schema_db_error(s->db, rc, s->path, "reading the declared kinds", err);
    return 0;
}

static void drop_decls(rg_store *s)
{
    rg_kind_decls_free(s->decls, s->decl_count);
    s->decls = NULL;
    s->decl_count = 0;
}

int rg_declared_load_stored(rg_store *s, rg_error *err)
{
    drop_decls(s);
    int has = 0;
    if (has_kinds_table(s, &has, err) < 0)
        return -1;
    if (!has)
        return 0;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT file, source FROM raingan_kinds ORDER BY name",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(s->db, rc, s->path, "reading the declared kinds", err);
    int failed = 0;
    while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *file = (const char *)sqlite3_column_text(st, 0);
        const char *source = (const char *)sqlite3_column_blob(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        rg_kind_decl *d = rg_kind_decl_parse(file ? file : "", source ? source : "", len, err);
        rg_kind_decl **grown = d ? realloc(s->decls, (s->decl_count + 1) * sizeof *grown) : NULL;
        if (!grown) {
            if (d)
                rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            else
                rg_error_prefix(err, "%s: a kind declaration stored in the database: ", s->path);
            rg_kind_decl_free(d);
            failed = 1;
            break;
        }
        s->decls = grown;
        s->decls[s->decl_count++] = d;
    }
    if (!failed && rc != SQLITE_DONE)
        failed = rg_schema_db_error(s->db, rc, s->path, "reading the declared kinds", err) < 0;
    sqlite3_finalize(st);
    if (!failed && register_all(s->decls, s->decl_count, err) < 0)
        failed = 1;
    if (failed)
        drop_decls(s);
    return failed ? -1 : 0;
}

static int store_source(rg_store *s, const rg_kind_decl *d, rg_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "INSERT INTO raingan_kinds (name, file, source) "
                                "VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET "
                                "file = excluded.file, source = excluded.source", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->file, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, d->source, (int)d->source_len, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE)
            return 0;
    }
    return rg_schema_db_error(s->db, rc, s->path, "storing a kind declaration", err);
}

static int decl_by_name(const void *a, const void *b)
{
    return strcmp((*(rg_kind_decl *const *)a)->name, (*(rg_kind_decl *const *)b)->name);
}

int rg_declared_sync(rg_store *s, rg_error *err)
{
    char *dir = rg_kind_decls_dir();
    if (!dir)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_kind_decl **files;
    size_t count;
    int rc = rg_kind_decls_load_dir(dir, &files, &count, err);
    free(dir);
    if (rc < 0)
        return -1;
    int changed = 0;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        rg_kind_decl *now = files[i], *old = NULL;
        size_t at = 0;
        for (; at < s->decl_count && !old; at++)
            if (!strcmp(s->decls[at]->name, now->name))
                old = s->decls[at];
        if (old && old->source_len == now->source_len &&
            !memcmp(old->source, now->source, now->source_len))
            continue;   /* the declaration the tables have */
        if (!changed)
            rc = exec(s, "CREATE TABLE IF NOT EXISTS raingan_kinds (\n"
                      "  name TEXT PRIMARY KEY NOT NULL,\n  file TEXT NOT NULL,\n"
                      "  source TEXT NOT NULL\n)", "storing kind declarations", err);
        changed = 1;
        if (rc == 0)
            rc = old ? migrate_kind(s, old, now, err) : create_tables(s, now, err);
        if (rc == 0)
            rc = store_source(s, now, err);
        if (rc == 0 && old) {   /* the store now follows the file's declaration */
            rg_kind_decl_free(s->decls[at - 1]);
            s->decls[at - 1] = now;
            files[i] = NULL;
        } else if (rc == 0) {
            rg_kind_decl **grown = realloc(s->decls, (s->decl_count + 1) * sizeof *grown);
            if (!grown) {
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            } else {
                s->decls = grown;
                s->decls[s->decl_count++] = now;
                files[i] = NULL;
            }
        }
    }
    for (size_t i = 0; i < count; i++)
        rg_kind_decl_free(files[i]);
    free(files);
    if (rc == 0 && changed) {   /* by name, as a later open reads them */
        qsort(s->decls, s->decl_count, sizeof *s->decls, decl_by_name);
        rc = recreate_records_view(s, err);
    }
    if (rc == 0)
        rc = register_all(s->decls, s->decl_count, err);
    return rc;
}

int rg_store_declare_kinds(rg_store *store, rg_error *err)
{
    if (store->read_only)
        return rg_error_set(err, RG_ERR_INTERNAL, "declaring kinds in a read-only store");
    int rc = sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(store->db, rc, store->path, "declaring kinds", err);
    if (rg_declared_sync(store, err) < 0) {
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
        rg_error clear;
        rg_declared_load_stored(store, &clear);   /* what the database still holds */
        return -1;
    }
    rc = sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(store->db, rc, store->path, "declaring kinds", err);
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

const rg_kind_decl *rg_store_declared_kind(const rg_store *store, const char *name)
{
    for (size_t i = 0; store && name && i < store->decl_count; i++)
        if (!strcmp(store->decls[i]->name, name))
            return store->decls[i];
    return NULL;
}

size_t rg_store_declared_count(const rg_store *store)
{
    return store ? store->decl_count : 0;
}

const rg_kind_decl *rg_store_declared_at(const rg_store *store, size_t i)
{
    return store && i < store->decl_count ? store->decls[i] : NULL;
}

const char *rg_store_declared_name(const rg_store *store, size_t i)
{
    const rg_kind_decl *d = rg_store_declared_at(store, i);
    return d ? d->name : NULL;
}
