/* A CSV file as a table (table.h), read with libcsv: what Excel's "CSV
 * UTF-8" writes (a byte-order mark, CRLF line ends, quoted cells holding
 * commas, quotes and line breaks, empty rows at the end). The first
 * non-empty row is the header; a cell left empty has no value. The file is
 * read whole (a sheet is small) and its rows are sorted by the key column,
 * keeping the file's order among rows of one key. */
#ifndef RG_SOURCE_CSV_TABLE_H
#define RG_SOURCE_CSV_TABLE_H

#include "source/table.h"

/* Reads `path` with `delimiter` (',' unless the mapping says). Rows are
 * sorted by the column named `key_column` when the header has it (the
 * caller reports a missing column). Errors name the file and line: not
 * UTF-8 (a file saved as Windows-874/TIS-620 is named as such, with the
 * command that converts it), a quote not closed, more cells than headers,
 * two columns with one header. */
rg_table *rg_csv_table_open(const char *path, char delimiter, const char *key_column,
                            rg_error *err);

#endif
