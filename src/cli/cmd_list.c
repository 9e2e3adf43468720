/* `raingan list [--db FILE] [--kind K] [--year BE]`: what is stored, one
 * record per line in aligned columns (kind, key, fiscal year, name). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"
#include "util/bounded_int.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/vec.h"

int cmd_list(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan list [--db FILE] [--kind KIND] [--year BE]\n"
            "List the stored records: kind, key, fiscal year (Buddhist era), name.\n"
            "  --db FILE     the database (default: $RAINGAN_DB, else ./%s)\n"
            "  --kind KIND   organization, person, project, indicator or plan\n"
            "  --year BE     only records of this fiscal year, e.g. 2566\n",
            RG_CLI_DEFAULT_DB);
}

/* Terminal columns of UTF-8 text: Thai vowel and tone marks above and below
 * the line take none. */
static size_t display_width(const char *s)
{
    size_t len = strlen(s), pos = 0, width = 0;
    while (pos < len) {
        uint32_t cp = rg_utf8_next(s, len, &pos, NULL);
        if (cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E))
            continue;
        width++;
    }
    return width;
}

static void pad(const char *s, size_t width)
{
    fputs(s, stdout);
    for (size_t w = display_width(s); w < width; w++)
        putchar(' ');
}

typedef struct row {
    char *kind, *key, *year, *name;
} row;

int cmd_list(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"kind", required_argument, NULL, 'k'},
        {"year", required_argument, NULL, 'y'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_option = NULL, *kind = NULL;
    long year = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_option = optarg; break;
        case 'k':
            kind = optarg;   /* checked once the store's declared kinds are known */
            break;
        case 'y': {
            long long be;
            if (rg_parse_bounded_int(optarg, 2400, 3000, &be) == RG_INT_OK) {
                year = (long)be;
            } else {
                fprintf(stderr, "raingan list: --year expects a Buddhist-era year such as "
                        "2566, got '%s'\n", optarg);
                return 2;
            }
            break;
        }
        case 'h': usage(stdout); return 0;
        default: rg_cli_try_help("list"); return 2;
        }
    }
    if (rg_cli_no_operands("list", argc, argv))
        return 2;
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = rg_store_open(rg_cli_db_path(db_option), RG_STORE_READ_ONLY, &err);
    if (!store)
        return rg_cli_fail("list", &err);
    if (kind && rg_store_kind_from_name(kind) < 0 && !rg_store_declared_kind(store, kind)) {
        fprintf(stderr, "raingan list: unknown kind '%s' (organization, person, project, "
                "indicator, plan", kind);
        for (size_t i = 0; i < rg_store_declared_count(store); i++)
            fprintf(stderr, ", %s", rg_store_declared_name(store, i));
        fprintf(stderr, ")\n");
        rg_store_close(store);
        return 2;
    }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(rg_store_db(store),
        "SELECT kind, key, fiscal_year, name FROM records"
        " WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR fiscal_year = ?2)"
        " ORDER BY CASE kind WHEN 'organization' THEN 0 WHEN 'person' THEN 1"
        " WHEN 'project' THEN 2 WHEN 'indicator' THEN 3 WHEN 'plan' THEN 4 ELSE 5 END, kind, key",
        -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rg_error_set(&err, RG_ERR_DB, "%s: %s", rg_store_path(store),
                     sqlite3_errmsg(rg_store_db(store)));
        rg_store_close(store);
        return rg_cli_fail("list", &err);
    }
    if (kind)
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    if (year)
        sqlite3_bind_int64(st, 2, year);
    row *rows = NULL;
    size_t n = 0, cap = 0, wk = 4, wkey = 3, wy = 4;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row *grown = rg_vec_reserve(rows, n, &cap, sizeof *grown, 64);
        if (!grown)
            break;
        rows = grown;
        row *r = &rows[n++];
        char y[24] = "-";
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            snprintf(y, sizeof y, "%lld", (long long)sqlite3_column_int64(st, 2));
        r->kind = strdup((const char *)sqlite3_column_text(st, 0));
        r->key = strdup((const char *)sqlite3_column_text(st, 1));
        r->year = strdup(y);
        r->name = strdup((const char *)sqlite3_column_text(st, 3));
        if (!r->kind || !r->key || !r->year || !r->name) {
            rc = SQLITE_NOMEM;
            break;
        }
        size_t w;
        if ((w = display_width(r->kind)) > wk) wk = w;
        if ((w = display_width(r->key)) > wkey) wkey = w;
        if ((w = display_width(r->year)) > wy) wy = w;
    }
    int status = 0;
    if (rc != SQLITE_DONE) {
        rg_error_set(&err, RG_ERR_DB, "%s: cannot list the records: %s", rg_store_path(store),
                     sqlite3_errmsg(rg_store_db(store)));
        status = rg_cli_fail("list", &err);
    } else {
        pad("KIND", wk + 2);
        pad("KEY", wkey + 2);
        pad("YEAR", wy + 2);
        puts("NAME");
        for (size_t i = 0; i < n; i++) {
            pad(rows[i].kind, wk + 2);
            pad(rows[i].key, wkey + 2);
            pad(rows[i].year, wy + 2);
            puts(rows[i].name);
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(rows[i].kind);
        free(rows[i].key);
        free(rows[i].year);
        free(rows[i].name);
    }
    free(rows);
    sqlite3_finalize(st);
    rg_store_close(store);
    return status;
}
