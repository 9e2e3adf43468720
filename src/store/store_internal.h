/* Shared between the files of src/store (not part of the public API). */
#ifndef RG_STORE_INTERNAL_H
#define RG_STORE_INTERNAL_H

#include "store/kind_decl.h"
#include "store/store.h"

struct rg_store {
    sqlite3 *db;
    char *path;
    int read_only;
    int created;          /* the file did not exist before this open */
    int schema_from;      /* user_version found on open (0: new) */
    rg_kind_decl **decls; /* declared kinds as the database stores them (declared.c) */
    size_t decl_count;
    struct rg_kept_statement *kept;  /* rg_store_statement (statements.c) */
    size_t kept_count;
    unsigned long long kept_clock;
};

typedef struct rg_kept_statement rg_kept_statement;
/* Finalizes the kept statements (before the connection closes). */
void rg_store_statements_free(rg_store *store);

/* Reads the declarations stored in the database into store->decls. */
int rg_declared_load_stored(rg_store *store, rg_error *err);
/* Brings the database to the kind files, in the caller's write transaction:
 * tables for new kinds, columns for new fields; an incompatible change is an
 * RG_ERR_INPUT error naming the kind file and the field. store->decls then
 * follows the files (reload with rg_declared_load_stored after a rollback). */
int rg_declared_sync(rg_store *store, rg_error *err);

/* The table holding records of `kind` ("organizations", "people", ...). */
const char *rg_store_kind_table(rg_kind kind);

/* The stored record of `kind` with `key` alone (not what it refers to), in
 * the import format ({"raingan": 1, "records": [...]}), appended to `out`,
 * read in the caller's transaction: 1 when it is stored, 0 when not (then
 * the document has no record), -1 on a database error. */
#include "util/buf.h"
int rg_store_export_record(rg_store *store, rg_kind kind, const char *key, rg_buf *out,
                           rg_error *err);

#endif
