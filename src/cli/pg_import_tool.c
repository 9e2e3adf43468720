/* raingan-pg: the program behind `raingan import --from postgresql://...`
 * (import_from.c runs it with the import's arguments). The import itself is
 * cmd_import.c, the same as raingan's; only this program links libpq. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/import_from.h"
#include "source/pg_source.h"

int cmd_import(int argc, char **argv);

rg_table_records *rg_cli_import_from(const rg_source_map *map, const char *uri, int lenient,
                                     char **argv, rg_error *err)
{
    (void)argv;
    return rg_pg_source_open(map, uri, lenient, err);
}

int main(int argc, char **argv)
{
    rg_cli_install_warning_sink();
    if (argc < 1)
        return 2;
    return cmd_import(argc, argv);
}
