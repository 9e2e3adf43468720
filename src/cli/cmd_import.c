/* `raingan import [--db FILE] FILE.json...`: load records into the database
 * in one transaction and print how many were added or updated per kind. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"

int cmd_import(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan import [--db FILE] FILE.json...\n"
            "Import records (format: docs/data-format.md). A record whose key is already\n"
            "stored is updated. All files are one transaction: any error and nothing is stored.\n"
            "  --db FILE   the database (default: $RAINGAN_DB, else ./%s; created if missing)\n",
            RG_CLI_DEFAULT_DB);
}

/* A database this run created is removed again when the import fails, so
 * that a failed run leaves the disk exactly as it was. */
static void remove_created(const char *path)
{
    char journal[4096];
    unlink(path);
    snprintf(journal, sizeof journal, "%s-journal", path);
    unlink(journal);
}

int cmd_import(int argc, char **argv)
{
    const char *db_option = NULL;
    int parsed = rg_cli_parse_db_option("import", argc, argv, usage, &db_option);
    if (parsed >= 0)
        return parsed;
    if (optind >= argc) {
        fprintf(stderr, "raingan import: no JSON file given\n");
        rg_cli_try_help("import");
        return 2;
    }
    const char *path = rg_cli_db_path(db_option);
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = rg_store_open(path, RG_STORE_READ_WRITE, &err);
    if (!store)
        return rg_cli_fail("import", &err);
    int created = rg_store_created(store);
    rg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    int rc = rg_store_import_files(store, (const char *const *)argv + optind,
                                   (size_t)(argc - optind), &stats, &err);
    rg_store_close(store);
    if (rc < 0) {
        if (created)
            remove_created(path);
        int status = rg_cli_fail("import", &err);
        if (created)
            fprintf(stderr, "raingan import: nothing was imported; %s was not created\n", path);
        else
            fprintf(stderr, "raingan import: nothing was imported; %s is unchanged\n", path);
        return status;
    }
    long total = 0;
    for (int k = 0; k < RG_KIND_COUNT; k++)
        total += stats.added[k] + stats.updated[k];
    printf("%ld record%s imported into %s\n", total, total == 1 ? "" : "s", path);
    for (int k = 0; k < RG_KIND_COUNT; k++) {
        long n = stats.added[k] + stats.updated[k];
        if (n)
            printf("  %-13s %6ld  (%ld new, %ld updated)\n", rg_store_kind_name((rg_kind)k), n,
                   stats.added[k], stats.updated[k]);
    }
    return 0;
}
