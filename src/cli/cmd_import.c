/* `raingan import [--db FILE] [--lenient] [--dry-run] FILE.json...`: load
 * records into the database in one transaction and print how many were added
 * or updated per kind; with --dry-run, print what would be created, updated
 * (field by field) and deleted, and store nothing. "-" reads standard input. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"
#include "util/buf.h"

int cmd_import(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan import [--db FILE] [--lenient] [--dry-run] FILE.json...\n"
            "Import records (format: docs/data-format.md). A record whose key is already\n"
            "stored is updated. All files are one transaction: any error and nothing is stored.\n"
            "FILE \"-\" reads standard input.\n"
            "  --db FILE   the database (default: $RAINGAN_DB, else ./%s; created if missing)\n"
            "  --lenient   an unknown field is a warning and is ignored (default: an error)\n"
            "  --dry-run   check everything and print what would be created, updated (field\n"
            "              by field) and deleted; change nothing\n",
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

typedef struct import_args {
    const char *db;
    rg_import_options options;
    rg_import_source *sources;
    size_t count;
} import_args;

/* The documents named on the command line, in order. Each operand becomes
 * one source; a reader of another container (a PDF's embedded JSON) would
 * fill in `data` here. Returns 0, or an exit status. */
static int collect_sources(int argc, char **argv, import_args *a)
{
    a->count = (size_t)(argc - optind);
    a->sources = calloc(a->count ? a->count : 1, sizeof *a->sources);
    if (!a->sources) {
        fprintf(stderr, "raingan import: out of memory\n");
        return 1;
    }
    int stdin_seen = 0;
    for (size_t i = 0; i < a->count; i++) {
        a->sources[i].path = argv[optind + (int)i];
        if (!strcmp(a->sources[i].path, "-") && stdin_seen++) {
            fprintf(stderr, "raingan import: \"-\" (standard input) given twice\n");
            rg_cli_try_help("import");
            return 2;
        }
    }
    return 0;
}

/* Options; -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, import_args *a)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"lenient", no_argument, NULL, 'l'},
        {"dry-run", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'd': a->db = optarg; break;
        case 'l': a->options.lenient = 1; break;
        case 'n': a->options.dry_run = 1; break;
        case 'h': usage(stdout); return 0;
        default: rg_cli_try_help("import"); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "raingan import: no JSON file given\n");
        rg_cli_try_help("import");
        return 2;
    }
    return -1;
}

static void print_stats(const rg_import_stats *stats, const char *path)
{
    long total = 0;
    for (int k = 0; k < RG_KIND_COUNT; k++)
        total += stats->added[k] + stats->updated[k];
    printf("%ld record%s imported into %s\n", total, total == 1 ? "" : "s", path);
    for (int k = 0; k < RG_KIND_COUNT; k++) {
        long n = stats->added[k] + stats->updated[k];
        if (n)
            printf("  %-13s %6ld  (%ld new, %ld updated)\n", rg_store_kind_name((rg_kind)k), n,
                   stats->added[k], stats->updated[k]);
    }
}

/* ---- --dry-run: the changes, printed once the whole run checked out ---- */

typedef struct dry_report {
    rg_buf lines;
    long created, updated, same, fields, deleted;
} dry_report;

static void on_change(void *user, const rg_import_change *c)
{
    dry_report *r = user;
    const char *kind = rg_store_kind_name(c->kind);
    switch (c->type) {
    case RG_CHANGE_CREATE:
        r->created++;
        rg_buf_printf(&r->lines, "create %s \"%s\"\n", kind, c->key);
        break;
    case RG_CHANGE_SAME:
        r->same++;
        rg_buf_printf(&r->lines, "unchanged %s \"%s\"\n", kind, c->key);
        break;
    case RG_CHANGE_UPDATE:
        r->updated++;
        rg_buf_printf(&r->lines, "update %s \"%s\"\n", kind, c->key);
        break;
    case RG_CHANGE_FIELD_SET:
        r->fields++;
        rg_buf_printf(&r->lines, "  %s: set to %s\n", c->field, c->after);
        break;
    case RG_CHANGE_FIELD_CHANGED:
        r->fields++;
        rg_buf_printf(&r->lines, "  %s: %s -> %s\n", c->field, c->before, c->after);
        break;
    case RG_CHANGE_FIELD_CLEARED:
        r->fields++;
        r->deleted++;
        rg_buf_printf(&r->lines, "  %s: DELETED (was %s)\n", c->field, c->before);
        break;
    case RG_CHANGE_ELEMENT_ADDED:
        r->fields++;
        rg_buf_printf(&r->lines, "  %s: added\n", c->field);
        break;
    case RG_CHANGE_ELEMENT_DELETED:
        r->fields++;
        r->deleted++;
        rg_buf_printf(&r->lines, "  %s: DELETED\n", c->field);
        break;
    }
}

static void print_dry_run(const dry_report *r, const char *path, int exists)
{
    fputs(r->lines.data ? r->lines.data : "", stdout);
    printf("dry run: %ld to create, %ld to update (%ld change%s, %ld deletion%s), %ld unchanged; "
           "nothing was written %s%s%s\n", r->created, r->updated, r->fields,
           r->fields == 1 ? "" : "s", r->deleted, r->deleted == 1 ? "" : "s", r->same,
           exists ? "to " : "(", path, exists ? "" : " does not exist)");
}

int cmd_import(int argc, char **argv)
{
    import_args a;
    memset(&a, 0, sizeof a);
    int status = parse_options(argc, argv, &a);
    if (status >= 0)
        return status;
    if ((status = collect_sources(argc, argv, &a)) != 0) {
        free(a.sources);
        return status;
    }
    const char *path = rg_cli_db_path(a.db);
    rg_error err;
    rg_error_clear(&err);
    dry_report dry;
    memset(&dry, 0, sizeof dry);
    /* A dry run never creates the database: one that does not exist yet is
     * stood in for by an empty one in memory (every record is created). */
    int exists = access(path, F_OK) == 0;
    if (a.options.dry_run) {
        a.options.on_change = on_change;
        a.options.user = &dry;
    }
    rg_store *store = a.options.dry_run && !exists ? rg_store_open_memory(&err)
                                                   : rg_store_open(path, RG_STORE_READ_WRITE, &err);
    if (!store) {
        free(a.sources);
        return rg_cli_fail("import", &err);
    }
    int created = !a.options.dry_run && rg_store_created(store);
    rg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    int rc = rg_store_import(store, a.sources, a.count, &a.options, &stats, &err);
    rg_store_close(store);
    free(a.sources);
    if (rc < 0) {
        rg_buf_free(&dry.lines);
        if (created)
            remove_created(path);
        status = rg_cli_fail("import", &err);
        if (a.options.dry_run) {
            fprintf(stderr, "raingan import: dry run: nothing was written\n");
            return status;
        }
        if (created)
            fprintf(stderr, "raingan import: nothing was imported; %s was not created\n", path);
        else
            fprintf(stderr, "raingan import: nothing was imported; %s is unchanged\n", path);
        return status;
    }
    if (a.options.dry_run)
        print_dry_run(&dry, path, exists);
    else
        print_stats(&stats, path);
    rg_buf_free(&dry.lines);
    return 0;
}
