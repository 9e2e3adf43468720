/* Helpers shared by the store's unit tests: warnings collected into a
 * buffer, and a COUNT(*) query on a store. */
#ifndef RG_TEST_STORE_UTIL_H
#define RG_TEST_STORE_UTIL_H

#include <stdio.h>
#include <string.h>

#include "store/store.h"

static char warnings[4096];

/* rg_warning_sink that appends each warning (one per line) to `warnings`. */
__attribute__((unused)) static void capture(const char *message, void *user)
{
    (void)user;
    size_t n = strlen(warnings);
    snprintf(warnings + n, sizeof warnings - n, "%s\n", message);
}

/* The single integer a query returns, or -1. */
__attribute__((unused)) static long count(rg_store *s, const char *sql)
{
    sqlite3_stmt *st;
    long n = -1;
    if (sqlite3_prepare_v2(rg_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static const char *BASE =
    "{\"raingan\": 1, \"records\": [\n"
    "{\"kind\": \"organization\", \"key\": \"org\", \"name\": \"สำนักงานเขตบางซื่อ\"}\n"
    "]}\n";

#endif
