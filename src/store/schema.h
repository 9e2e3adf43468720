/* The database schema and its migrations (internal to src/store). */
#ifndef RG_STORE_SCHEMA_H
#define RG_STORE_SCHEMA_H

#include <sqlite3.h>

#include "util/error.h"

/* Check that `db` is a raingan database (or an empty file, when `may_create`)
 * and bring it to RG_STORE_SCHEMA_VERSION (when `may_migrate`). `path` is
 * used in messages. Sets *from_version to the version found (0: new). */
int rg_schema_prepare(sqlite3 *db, const char *path, int may_create, int may_migrate,
                      int *from_version, rg_error *err);
/* The integer the first row of `sql` (a PRAGMA, a count) gives; an SQLite
 * result code. */
int rg_schema_pragma_int(sqlite3 *db, const char *sql, int *value);
/* The built-in kinds' part of the view `records` (declared kinds add theirs:
 * declared.c recreates the view). */
#define RG_SCHEMA_RECORDS_BUILTIN \
    "  SELECT 'organization', key, NULL, name FROM organizations\n" \
    "  UNION ALL SELECT 'person', key, NULL, name FROM people\n" \
    "  UNION ALL SELECT 'project', key, fiscal_year, name FROM projects\n" \
    "  UNION ALL SELECT 'indicator', key, fiscal_year, name FROM indicators\n" \
    "  UNION ALL SELECT 'plan', key, fiscal_year, title FROM plans"

/* Turn an SQLite failure into one message (locked, not a database, ...). */
int rg_schema_db_error(sqlite3 *db, int rc, const char *path, const char *doing, rg_error *err);

#endif
