/* `raingan init [--db FILE]`: create the database, or bring an existing one
 * to this raingan's schema version. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"

int cmd_init(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan init [--db FILE]\n"
            "Create the raingan database (or upgrade an existing one to schema version %d).\n"
            "  --db FILE   the database (default: $RAINGAN_DB, else ./%s)\n",
            RG_STORE_SCHEMA_VERSION, RG_CLI_DEFAULT_DB);
}

int cmd_init(int argc, char **argv)
{
    const char *db_option = NULL;
    int parsed = rg_cli_parse_db_option("init", argc, argv, usage, &db_option);
    if (parsed >= 0)
        return parsed;
    if (rg_cli_no_operands("init", argc, argv))
        return 2;
    const char *path = rg_cli_db_path(db_option);
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = rg_store_open(path, RG_STORE_READ_WRITE, &err);
    if (!store)
        return rg_cli_fail("init", &err);
    if (rg_store_declare_kinds(store, &err) < 0) {   /* tables of the kind files */
        rg_store_close(store);
        return rg_cli_fail("init", &err);
    }
    int found = rg_store_schema_found(store);
    if (rg_store_created(store) || found == 0)
        printf("created %s (schema version %d)\n", path, RG_STORE_SCHEMA_VERSION);
    else if (found < RG_STORE_SCHEMA_VERSION)
        printf("upgraded %s from schema version %d to %d\n", path, found,
               RG_STORE_SCHEMA_VERSION);
    else
        printf("%s is up to date (schema version %d)\n", path, RG_STORE_SCHEMA_VERSION);
    rg_store_close(store);
    return 0;
}
