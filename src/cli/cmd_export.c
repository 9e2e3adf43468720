/* `raingan export [--db FILE] [--id KEY] [-o FILE.json]`: the stored records
 * as JSON that `raingan import` reads back (stdout without -o). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"
#include "util/atomic_file.h"

int cmd_export(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan export [--db FILE] [--id KEY] [-o FILE.json]\n"
            "Write the stored records as JSON (format: docs/data-format.md).\n"
            "  --db FILE        the database (default: $RAINGAN_DB, else ./%s)\n"
            "  --id KEY         only the record(s) with this key, with the organizations\n"
            "                   and people they refer to\n"
            "  -o, --output F   write to F (atomically) instead of standard output (-);\n"
            "                   never the database itself\n",
            RG_CLI_DEFAULT_DB);
}

int cmd_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"id", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_option = NULL, *key = NULL, *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_option = optarg; break;
        case 'i': key = optarg; break;
        case 'o': output = optarg; break;
        case 'h': usage(stdout); return 0;
        default: rg_cli_try_help("export"); return 2;
        }
    }
    if (rg_cli_no_operands("export", argc, argv))
        return 2;
    rg_error err;
    rg_error_clear(&err);
    if (output && !strcmp(output, "-"))
        output = NULL;  /* standard output */
    if (rg_cli_check_output(output, rg_cli_db_path(db_option), NULL, 0, &err) < 0)
        return rg_cli_fail("export", &err);
    rg_store *store = rg_store_open(rg_cli_db_path(db_option), RG_STORE_READ_ONLY, &err);
    if (!store)
        return rg_cli_fail("export", &err);
    int rc;  /* rg_store_export reads inside one transaction of its own */
    if (output) {
        rg_atomic_file f = {0};
        rc = rg_atomic_open(&f, output, &err);
        if (rc == 0)
            rc = rg_store_export(store, key, f.fp, &err);
        if (rc == 0)
            rc = rg_atomic_commit(&f, &err);
        else
            rg_atomic_abort(&f);
    } else {
        rc = rg_store_export(store, key, stdout, &err);
        if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
            rc = rg_error_set(&err, RG_ERR_IO, "cannot write to standard output");
    }
    rg_store_close(store);
    return rc < 0 ? rg_cli_fail("export", &err) : 0;
}
