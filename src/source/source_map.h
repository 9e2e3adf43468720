/* The mapping file of `raingan import --map MAP` (docs/sources.md): which
 * table (a CSV file, a PostgreSQL query) holds which kind of record, which
 * column holds which field, and which tables hold the lists of a record
 * (a project's entries, keyed by the project's key). Kinds and fields are
 * names, checked by the import itself, so kinds declared in files work as
 * the built-in ones do. */
#ifndef RG_SOURCE_MAP_H
#define RG_SOURCE_MAP_H

#include <stddef.h>

#include "util/error.h"

#define RG_MAP_FORMAT_VERSION 1

/* A field and where its value comes from: a column, or a constant. */
typedef struct rg_map_field {
    char *field;        /* "budget_received", "strategy.issue" (dotted: inside an object) */
    char *column;       /* the column's header or name; NULL for a constant */
    char *value;        /* the constant ("values"), when column is NULL */
} rg_map_field;

typedef struct rg_map_table {
    char *where;        /* "MAP: tables[2]", for messages */
    char *kind;         /* "project" */
    char *list;         /* NULL: one record per row; else the list the rows are elements of */
    char *parent;       /* lists: the column holding the parent record's key */
    /* A list of a list ("activities.details"): the column holding the
     * number of the element of the outer list each row belongs to, and
     * where the outer list's name ends in `list` (0: not nested). */
    char *parent_number;
    size_t outer_len;
    char *value;        /* lists of plain values: the column holding each element */
    char *file;         /* CSV: the file's name (no directory), matched against the files given */
    char *query;        /* PostgreSQL: the SQL query */
    char *delimiter;    /* CSV: the field separator (default ",") */
    int has_fields;     /* 0: every column is the field of its own name */
    rg_map_field *fields;
    size_t nfields;
    char **ignore;      /* columns read but not imported */
    size_t nignore;
    /* "two_digit_years" and "excel_serial_dates": how the table's date
     * cells may be written besides the usual forms (RG_DATE_* flags of
     * store/dates.h; 0: the usual forms only). */
    int date_rules;
} rg_map_table;

typedef struct rg_source_map {
    char *path;
    rg_map_table *tables;
    size_t ntables;
    /* "patch": true (or `import --patch`): every record is a patch of the
     * stored one (docs/sources.md, "Patches"): a mapped column absent from
     * a file gives nothing, an empty cell clears its field, lists merge as
     * in a JSON patch, and records or lists may come without each other. */
    int patch;
} rg_source_map;

/* Reads and checks the mapping file; NULL with err set (RG_ERR_IO when it
 * cannot be read, RG_ERR_INPUT naming the file and the member at fault). */
rg_source_map *rg_source_map_load(const char *path, rg_error *err);
void rg_source_map_free(rg_source_map *map);

/* The column that orders a table's rows: a list's parent column, else the
 * column giving the field "key"; NULL when the table has none (a constant
 * key is refused by rg_source_map_load, so this is only for a missing one). */
const char *rg_map_key_column(const rg_map_table *t);

/* 1 if `column` is listed under "ignore". */
int rg_map_ignored(const rg_map_table *t, const char *column);

#endif
