/* Rows of tables (table.h) turned into records for the store's import, as
 * the mapping (source_map.h) says: one record per row of a kind's table,
 * its lists filled from the rows of the list tables that carry its key.
 * Values are handed over as table cells (rg_jnode.cell): the import reads
 * each as the type its field has, with all its checks, in its one
 * transaction. Messages name the table, the line (or row) and the column a
 * value came from. */
#ifndef RG_SOURCE_TABLE_RECORDS_H
#define RG_SOURCE_TABLE_RECORDS_H

#include "source/source_map.h"
#include "source/table.h"
#include "store/store.h"

typedef struct rg_table_records rg_table_records;

/* Takes the tables (tables[i] for map->tables[i], NULL: not given; each
 * sorted by its rg_map_key_column) and the array holding them (malloc'd,
 * map->ntables long, freed here) and checks their columns against the
 * mapping: a mapped column missing is an error (in a patch, map->patch,
 * only the key, parent and number columns must be there); a column the
 * mapping does not name (nor "ignore"s) is an error, or with `lenient` a
 * warning. On error, returns NULL with err set, and the tables are freed. */
rg_table_records *rg_table_records_new(const rg_source_map *map, rg_table **tables,
                                       int lenient, rg_error *err);
/* Frees the tables of tables[0..count) that are not NULL, then the array
 * (NULL: nothing): what a source opened before one of them failed. */
void rg_tables_free(rg_table **tables, size_t count);
/* The reader to put in an rg_import_source (valid while `r` lives). */
const rg_record_reader *rg_table_records_reader(rg_table_records *r);
/* Frees r, its tables (not the map). */
void rg_table_records_free(rg_table_records *r);

#endif
