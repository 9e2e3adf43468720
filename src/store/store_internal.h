/* Shared between the files of src/store (not part of the public API). */
#ifndef RG_STORE_INTERNAL_H
#define RG_STORE_INTERNAL_H

#include "store/store.h"

struct rg_store {
    sqlite3 *db;
    char *path;
    int read_only;
    int created;          /* the file did not exist before this open */
    int schema_from;      /* user_version found on open (0: new) */
};

/* The table holding records of `kind` ("organizations", "people", ...). */
const char *rg_store_kind_table(rg_kind kind);

#endif
