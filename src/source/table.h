/* A table of rows read from a source (a CSV file, a PostgreSQL query): its
 * column names, then its rows in the order of one column (the key), each a
 * list of cells. src/source/table_records.c turns tables into records. */
#ifndef RG_SOURCE_TABLE_H
#define RG_SOURCE_TABLE_H

#include <stddef.h>

#include "util/error.h"

typedef struct rg_table rg_table;
struct rg_table {
    char *name;             /* names it in messages: "projects.csv", "query tables[0]" */
    const char *row_word;   /* "line" (CSV: where the row starts) or "row" */
    char **columns;         /* ncolumns names (CSV: the header row, trimmed) */
    size_t ncolumns;
    /* The next row: 1 with cells[ncolumns] (NULL: no value) and its line or
     * row number, valid until the next call; 0 at the end; -1 with err set. */
    int (*next)(rg_table *t, const char *const **cells, long *line, rg_error *err);
    void (*free)(rg_table *t);
};

#endif
