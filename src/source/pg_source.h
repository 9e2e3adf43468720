/* `raingan import --from postgresql://... --map MAP`: each table of the
 * mapping is an SQL query; its columns are the fields (named as the fields,
 * with AS where they differ). Read in one read-only REPEATABLE READ
 * transaction (all queries see one state of the database), through
 * server-side cursors, FETCH 1000 rows at a time, so memory stays flat
 * however many rows there are. Linked into raingan-pg only. */
#ifndef RG_SOURCE_PG_SOURCE_H
#define RG_SOURCE_PG_SOURCE_H

#include "source/table_records.h"

/* Connects to `uri` and opens a cursor for every query, each ordered by its
 * key column (a list's by its parent column, then in the query's own
 * order). Errors name the query's table in the mapping and the URI with its
 * password masked. NULL with err set on error. */
rg_table_records *rg_pg_source_open(const rg_source_map *map, const char *uri, int lenient,
                                    rg_error *err);

/* `uri` with any password replaced by "***" (postgresql://u:***@h/db,
 * password=*** in key=value form and in URI parameters), into out. */
void rg_pg_mask_uri(const char *uri, char *out, size_t cap);

#endif
