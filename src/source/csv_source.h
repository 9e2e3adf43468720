/* `raingan import FILE.csv... --map MAP`: the CSV files given, matched to
 * the mapping's tables by their names, read as records (table_records.h). */
#ifndef RG_SOURCE_CSV_SOURCE_H
#define RG_SOURCE_CSV_SOURCE_H

#include "source/table_records.h"

/* Each file goes to the table whose "file" is its name without directory
 * (a mapping of one table takes one file of any name). Refused: a file no
 * table names, one table given two files, a kind's records given without
 * the files of their lists (importing them would delete the stored lists)
 * or the reverse. NULL with err set on error. */
rg_table_records *rg_csv_source_open(const rg_source_map *map, const char *const *files,
                                     size_t count, int lenient, rg_error *err);

#endif
