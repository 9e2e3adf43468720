/* `raingan import --from URI --map MAP`: the database's tables as the
 * import's one source. Two definitions, one per program: in raingan
 * (import_from.c) it runs raingan-pg with the same arguments, which alone
 * links libpq and its two dozen libraries (loading them would slow every
 * command's start); in raingan-pg (pg_import_tool.c) it connects. */
#ifndef RG_CLI_IMPORT_FROM_H
#define RG_CLI_IMPORT_FROM_H

#include "source/table_records.h"

/* The tables of `map`'s queries read from the database at `uri`; NULL with
 * err set. `argv`: the import command's arguments, to run raingan-pg with
 * (raingan's definition returns only if it cannot). */
rg_table_records *rg_cli_import_from(const rg_source_map *map, const char *uri, int lenient,
                                     char **argv, rg_error *err);

#endif
