/* `raingan import [--db FILE] FILE.json...`: load records into the database
 * in one transaction and print how many were added or updated per kind.
 * `raingan import COPY.pdf` feeds the data a PDF/A-3b copy carries into the
 * same import, once it is checked to be the data printed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/archive_copy.h"
#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"
#include "util/atomic_file.h"

int cmd_import(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan import [--db FILE] FILE.json...\n"
            "       raingan import [--db FILE] COPY.pdf\n"
            "Import records (format: docs/data-format.md). A record whose key is already\n"
            "stored is updated. All files are one transaction: any error and nothing is stored.\n"
            "COPY.pdf: an archival copy printed with --archive pdfa-3b; the data it carries is\n"
            "checked against its verification data, then imported (docs/archival.md).\n"
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

/* 1 when the file starts as a PDF does. */
static int is_pdf(const char *path)
{
    char head[5] = {0};
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    size_t got = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return got == sizeof head && !memcmp(head, "%PDF-", sizeof head);
}

/* `import COPY.pdf`: the data a PDF/A-3b copy carries, imported only when it
 * is exactly the data printed (its digests match the copy's stamp). */
static int import_archival_copy(rg_store *store, const char *path, rg_import_stats *stats,
                                rg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    rg_archive_stamp st;
    rg_archive_stamp_init(&st);
    rg_buf json = RG_BUF_INIT;
    rg_store *carried = NULL;
    rg_archive_diff diff;
    memset(&diff, 0, sizeof diff);
    int rc = rg_read_file(path, &data, &len, err);
    if (rc == 0)
        rc = rg_cli_archive_stamp(path, data, len, &st, err);
    if (rc == 0)
        rc = rg_cli_archive_embedded(path, data, len, &st, &json, &carried, &diff, err);
    if (rc == 0 && !diff.matches)
        rc = rg_error_set(err, RG_ERR_INPUT,
                          "%s: the embedded data is not the data printed (its digests differ from "
                          "the copy's verification data: edited)", path);
    if (rc == 0)
        rc = rg_store_import_memory(store, path, json.data, json.len, stats, err);
    rg_archive_diff_free(&diff);
    rg_store_close(carried);
    rg_buf_free(&json);
    rg_archive_stamp_free(&st);
    free(data);
    return rc;
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
    int pdf = argc - optind == 1 && is_pdf(argv[optind]);
    for (int i = optind; !pdf && i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (n > 4 && !strcmp(argv[i] + n - 4, ".pdf") && is_pdf(argv[i])) {
            fprintf(stderr, "raingan import: %s: give an archival PDF on its own, without other files\n",
                    argv[i]);
            return 2;
        }
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
    int rc = pdf ? import_archival_copy(store, argv[optind], &stats, &err)
                 : rg_store_import_files(store, (const char *const *)argv + optind,
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
