/* Statements kept by a store (store.h, rg_store_statement): a form's queries
 * run on every render, and SQLite parsed and planned each of them again every
 * time (sqlite3_prepare_v2 was 1.5 % of a warm seed-002 render, its
 * allocations more). Kept per connection, so they live and die with it. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* Enough for every query of the forms a service serves; past it, the least
 * recently used statement makes room. */
#define KEPT_MAX 64

struct rg_kept_statement {
    char *sql;
    sqlite3_stmt *st;
    int in_use;               /* handed out, not handed back yet */
    unsigned long long used;  /* store->kept_clock when last handed out */
};

static void kept_finalize(rg_kept_statement *k)
{
    sqlite3_finalize(k->st);
    free(k->sql);
    memset(k, 0, sizeof *k);
}

int rg_store_statement(rg_store *store, const char *sql, sqlite3_stmt **st)
{
    assert(store && sql && st);
    *st = NULL;
    for (size_t i = 0; i < store->kept_count; i++) {
        rg_kept_statement *k = &store->kept[i];
        if (k->st && !k->in_use && strcmp(k->sql, sql) == 0) {
            k->in_use = 1;
            k->used = ++store->kept_clock;
            *st = k->st;
            return SQLITE_OK;
        }
    }
    int rc = sqlite3_prepare_v2(store->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK || !*st)
        return rc;
    /* a slot: an empty one, a new one, else the least recently used one not in use */
    rg_kept_statement *slot = NULL;
    for (size_t i = 0; i < store->kept_count && !slot; i++) {
        if (!store->kept[i].st)
            slot = &store->kept[i];
    }
    if (!slot && store->kept_count < KEPT_MAX) {
        rg_kept_statement *grown = realloc(store->kept, (store->kept_count + 1) * sizeof *grown);
        if (!grown)
            return SQLITE_OK;   /* not kept: finalized when handed back */
        store->kept = grown;
        slot = &store->kept[store->kept_count++];
        memset(slot, 0, sizeof *slot);
    }
    if (!slot) {
        for (size_t i = 0; i < store->kept_count; i++) {
            rg_kept_statement *k = &store->kept[i];
            if (!k->in_use && (!slot || k->used < slot->used))
                slot = k;
        }
        if (!slot)
            return SQLITE_OK;   /* all in use: this one is not kept */
    }
    char *copy = strdup(sql);
    if (!copy)
        return SQLITE_OK;
    if (slot->st)
        kept_finalize(slot);
    slot->sql = copy;
    slot->st = *st;
    slot->in_use = 1;
    slot->used = ++store->kept_clock;
    return SQLITE_OK;
}

void rg_store_statement_done(rg_store *store, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < store->kept_count; i++) {
        rg_kept_statement *k = &store->kept[i];
        if (k->st == st) {
            assert(k->in_use);
            /* no read transaction held, no text bound that the caller frees */
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            k->in_use = 0;
            return;
        }
    }
    sqlite3_finalize(st);
}

void rg_store_statements_free(rg_store *store)
{
    for (size_t i = 0; i < store->kept_count; i++)
        kept_finalize(&store->kept[i]);
    free(store->kept);
    store->kept = NULL;
    store->kept_count = 0;
}
