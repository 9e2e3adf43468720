/* `raingan import [--db FILE] [--lenient] [--dry-run] FILE.json...`: load
 * records into the database in one transaction and print how many were added
 * or updated per kind; with --dry-run, print what would be created, updated
 * (field by field) and deleted, and store nothing. "-" reads standard input.
 * `raingan import COPY.pdf` feeds the data a PDF/A-3b copy carries into the
 * same import, once it is checked to be the data printed.
 * `raingan import FILE.csv... --map MAP` and `--from postgresql://... --map
 * MAP` feed rows of tables through a mapping (src/source, docs/sources.md)
 * into the same import; --from runs in the program raingan-pg, the one
 * linked with libpq (import_from.c). Ctrl-C, SIGTERM or SIGHUP stop the
 * import cleanly: it rolls back (exit 130), leaving no journal behind. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/archive_copy.h"
#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/image_option.h"
#include "cli/import_from.h"
#include "source/csv_source.h"
#include "store/store.h"
#include "util/atomic_file.h"
#include "util/buf.h"

int cmd_import(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan import [--db FILE] [--lenient] [--dry-run] FILE.json...\n"
            "       raingan import [--db FILE] [--dry-run] COPY.pdf\n"
            "       raingan import [--db FILE] [--lenient] [--dry-run] [--patch] FILE.csv... "
            "--map MAP\n"
            "       raingan import [--db FILE] [--lenient] [--dry-run] [--patch] "
            "--from postgresql://... --map MAP\n"
            "Import records (format: docs/data-format.md). A record whose key is already\n"
            "stored is updated. All files are one transaction: any error and nothing is stored.\n"
            "FILE \"-\" reads standard input.\n"
            "COPY.pdf: an archival copy printed with --archive pdfa-3b; the data it carries is\n"
            "checked against its verification data, then imported (docs/archival.md).\n"
            "  --db FILE   the database (default: $RAINGAN_DB, else ./%s; created if missing)\n"
            "  --lenient   an unknown field (a column the mapping does not name) is a warning\n"
            "              and is ignored (default: an error)\n"
            "  --map MAP   the mapping of CSV columns or query columns to fields, per kind\n"
            "              (docs/sources.md)\n"
            "  --from URI  read the mapping's queries from this PostgreSQL database\n"
            "              (postgresql://user@host/db; the password from ~/.pgpass or\n"
            "              $PGPASSWORD rather than in the URI)\n"
            "  --patch     (with --map) every row patches its stored record: only the mapped\n"
            "              columns the files have change, an empty cell clears its field,\n"
            "              numbered lists merge by number (as \"patch\": true in the map)\n"
            "  --dry-run   check everything and print what would be created, updated (field\n"
            "              by field) and deleted; change nothing (a database this user\n"
            "              cannot write is copied into memory for it)\n"
            "  --image-dir DIR     image files the records name (a plan's emblem) may also\n"
            "              come from DIR (the JSON file's directory, the database's and\n"
            "              $RAINGAN_IMAGE_DIRS always may); their bytes are stored in the\n"
            "              database, and an image may also be given as a data: URI\n"
            "  --image-max-size SIZE  the largest image accepted (default 16M)\n",
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
    const char *map_path;     /* --map */
    const char *from;         /* --from */
    int patch;                /* --patch */
    rg_cli_images images;     /* --image-dir, --image-max-size */
    rg_source_map *map;
    rg_table_records *tables; /* the CSV files or the database, read through the map */
    rg_import_source table_source;
    rg_import_options options;
    rg_import_source *sources;
    size_t count;
    rg_buf pdf_json;      /* the data an archival copy carries */
} import_args;

/* 1 when the file starts as a PDF does. Only a regular file is looked
 * into: the bytes of a FIFO or a pipe (`import <(cmd)`, /dev/stdin) read
 * here would be lost to the import, and the writer killed by SIGPIPE when
 * it was closed, leaving the import waiting for a writer forever. */
static int is_pdf(const char *path)
{
    char head[5] = {0};
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    size_t got = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return got == sizeof head && !memcmp(head, "%PDF-", sizeof head);
}

/* `import COPY.pdf`: the data a PDF/A-3b copy carries, taken only when it is
 * exactly the data printed (its digests match the copy's stamp). */
static int archival_copy_json(const char *path, rg_buf *json, rg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    rg_archive_stamp st;
    rg_archive_stamp_init(&st);
    rg_store *carried = NULL;
    rg_archive_diff diff;
    memset(&diff, 0, sizeof diff);
    int rc = rg_read_file(path, &data, &len, err);
    if (rc == 0)
        rc = rg_cli_archive_stamp(path, data, len, &st, err);
    if (rc == 0)
        rc = rg_cli_archive_embedded(path, data, len, &st, json, &carried, &diff, err);
    if (rc == 0 && !diff.matches)
        rc = rg_error_set(err, RG_ERR_INPUT,
                          "%s: the embedded data is not the data printed (its digests differ from "
                          "the copy's verification data: edited)", path);
    rg_archive_diff_free(&diff);
    rg_store_close(carried);
    rg_archive_stamp_free(&st);
    free(data);
    return rc;
}

/* The documents named on the command line, in order: each operand is one
 * source; an archival PDF (alone) becomes the JSON it carries. Returns 0,
 * or an exit status. */
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
        const char *arg = argv[optind + (int)i];
        a->sources[i].path = arg;
        if (!strcmp(arg, "-") && stdin_seen++) {
            fprintf(stderr, "raingan import: \"-\" (standard input) given twice\n");
            rg_cli_try_help("import");
            return 2;
        }
        size_t n = strlen(arg);
        if (n > 4 && !strcasecmp(arg + n - 4, ".csv")) {
            fprintf(stderr, "raingan import: %s: a CSV file needs --map MAP, the mapping of its "
                    "columns to fields (docs/sources.md)\n", arg);
            rg_cli_try_help("import");
            return 2;
        }
        if (a->count > 1 && n > 4 && !strcmp(arg + n - 4, ".pdf") && is_pdf(arg)) {
            fprintf(stderr, "raingan import: %s: give an archival PDF on its own, without other "
                    "files\n", arg);
            return 2;
        }
    }
    if (a->count == 1 && strcmp(argv[optind], "-") && is_pdf(argv[optind])) {
        rg_error err;
        rg_error_clear(&err);
        if (archival_copy_json(argv[optind], &a->pdf_json, &err) < 0) {
            int status = rg_cli_fail("import", &err);
            fprintf(stderr, "raingan import: nothing was imported\n");
            return status;
        }
        a->sources[0].data = a->pdf_json.data ? a->pdf_json.data : "";
        a->sources[0].len = a->pdf_json.len;
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
        {"map", required_argument, NULL, 'm'},
        {"from", required_argument, NULL, 'f'},
        {"patch", no_argument, NULL, 'p'},
        {"image-dir", required_argument, NULL, 'I'},
        {"image-max-size", required_argument, NULL, 'S'},
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
        case 'm': a->map_path = optarg; break;
        case 'f': a->from = optarg; break;
        case 'p': a->patch = 1; break;
        case 'I':
            if (rg_cli_images_add(&a->images, optarg) < 0) {
                fprintf(stderr, "raingan import: out of memory\n");
                return 1;
            }
            break;
        case 'S':
            if (rg_cli_images_max_size(&a->images, "import", optarg) < 0) {
                rg_cli_try_help("import");
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: rg_cli_try_help("import"); return 2;
        }
    }
    a->options.image_dirs = (const char *const *)a->images.dirs;
    a->options.image_dir_count = a->images.count;
    a->options.image_max_bytes = a->images.max_bytes;
    if (a->from && !a->map_path) {
        fprintf(stderr, "raingan import: --from needs --map MAP: the queries to run "
                "(docs/sources.md)\n");
        rg_cli_try_help("import");
        return 2;
    }
    if (a->patch && !a->map_path) {
        fprintf(stderr, "raingan import: --patch goes with --map (in JSON, a record is a "
                "patch by its \"patch\": true)\n");
        rg_cli_try_help("import");
        return 2;
    }
    if (a->from && optind < argc) {
        fprintf(stderr, "raingan import: %s: give files or --from, not both\n", argv[optind]);
        rg_cli_try_help("import");
        return 2;
    }
    if (optind >= argc && !a->from) {
        fprintf(stderr, "raingan import: no %s given\n", a->map_path ? "CSV file" : "JSON file");
        rg_cli_try_help("import");
        return 2;
    }
    return -1;
}

static void print_stats(const rg_import_stats *stats, const rg_store *store, const char *path)
{
    long total = 0;
    for (int k = 0; k < RG_KIND_COUNT; k++)
        total += stats->added[k] + stats->updated[k];
    for (int k = 0; k < RG_STORE_DECLARED_MAX; k++)
        total += stats->declared_added[k] + stats->declared_updated[k];
    printf("%ld record%s imported into %s\n", total, total == 1 ? "" : "s", path);
    for (int k = 0; k < RG_KIND_COUNT; k++) {
        long n = stats->added[k] + stats->updated[k];
        if (n)
            printf("  %-13s %6ld  (%ld new, %ld updated)\n", rg_store_kind_name((rg_kind)k), n,
                   stats->added[k], stats->updated[k]);
    }
    for (size_t k = 0; k < rg_store_declared_count(store) && k < RG_STORE_DECLARED_MAX; k++) {
        long n = stats->declared_added[k] + stats->declared_updated[k];
        if (n)
            printf("  %-13s %6ld  (%ld new, %ld updated)\n", rg_store_declared_name(store, k),
                   n, stats->declared_added[k], stats->declared_updated[k]);
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
    const char *kind = c->kind_name ? c->kind_name : rg_store_kind_name(c->kind);
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

/* --map: the CSV files or the database as the one source of the run.
 * Returns 0, or an exit status. */
static int open_tables(int argc, char **argv, import_args *a)
{
    rg_error err;
    rg_error_clear(&err);
    a->map = rg_source_map_load(a->map_path, &err);
    if (a->map && a->patch)
        a->map->patch = 1;
    if (a->map && a->from)
        a->tables = rg_cli_import_from(a->map, a->from, a->options.lenient, argv, &err);
    else if (a->map)
        a->tables = rg_csv_source_open(a->map, (const char *const *)argv + optind,
                                       (size_t)(argc - optind), a->options.lenient, &err);
    if (!a->tables) {
        int status = rg_cli_fail("import", &err);
        fprintf(stderr, "raingan import: nothing was imported\n");
        return status;
    }
    a->table_source.path = a->from ? a->from : argv[optind];
    a->table_source.reader = rg_table_records_reader(a->tables);
    a->sources = &a->table_source;
    a->count = 1;
    return 0;
}

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

/* Killed by Ctrl-C, a shutdown's SIGTERM or a closed terminal mid-write,
 * the import would leave its rollback journal hot, and every read-only
 * command would refuse the database until `raingan check --recover`: a
 * handler lets it roll back instead. A signal ignored when raingan started
 * (nohup, a background job of a script) stays ignored. */
static void catch_stop_signals(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(signals[i], NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
            old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(signals[i], &sa, NULL);
    }
}

static void free_args(import_args *a)
{
    if (a->sources != &a->table_source)
        free(a->sources);
    rg_buf_free(&a->pdf_json);
    rg_table_records_free(a->tables);
    rg_source_map_free(a->map);
    rg_cli_images_free(&a->images);
}

int cmd_import(int argc, char **argv)
{
    import_args a;
    memset(&a, 0, sizeof a);
    int status = parse_options(argc, argv, &a);
    if (status >= 0) {
        rg_cli_images_free(&a.images);
        return status;
    }
    if ((status = a.map_path ? open_tables(argc, argv, &a)
                             : collect_sources(argc, argv, &a)) != 0) {
        free_args(&a);
        return status;
    }
    const char *path = rg_cli_db_path(a.db);
    rg_error err;
    rg_error_clear(&err);
    dry_report dry;
    memset(&dry, 0, sizeof dry);
    /* A dry run never creates the database: one that does not exist yet is
     * stood in for by an empty one in memory (every record is created). One
     * this user cannot write (an archived copy without write permission, a
     * read-only mount), or whose schema opening would upgrade, is copied
     * into memory, and the run rolled back there (rg_store_open_trial). */
    int exists = access(path, F_OK) == 0;
    if (a.options.dry_run) {
        a.options.on_change = on_change;
        a.options.user = &dry;
    }
    rg_store *store = !a.options.dry_run ? rg_store_open(path, RG_STORE_READ_WRITE, &err)
                      : !exists            ? rg_store_open_memory(&err)
                                           : rg_store_open_trial(path, &err);
    if (!store) {
        free_args(&a);
        return rg_cli_fail("import", &err);
    }
    int created = !a.options.dry_run && rg_store_created(store);
    rg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    a.options.stop = &stop_signal;
    catch_stop_signals();
    int rc = rg_store_import(store, a.sources, a.count, &a.options, &stats, &err);
    if (rc == 0 && !a.options.dry_run)
        print_stats(&stats, store, path);   /* names the store's declared kinds */
    rg_store_close(store);
    free_args(&a);
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
    rg_buf_free(&dry.lines);
    return 0;
}
