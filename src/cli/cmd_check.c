/* `raingan check [--db FILE] [--recover]`: is the database whole and
 * consistent? One line per problem on standard output ("TABLE (KEY):
 * what is wrong"; "TABLE (KEY): note: ..." for what is worth knowing but
 * wrong in nothing), then a summary; exit 0 (no problem), 7 (problems found)
 * or the status of an error that kept it from checking (5: missing,
 * locked, not raingan's, an interrupted write to recover first).
 * --recover first plays back what an interrupted write left (docs/cli.md). */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"

int cmd_check(int argc, char **argv);

#define CHECK_PROBLEMS_FOUND 7

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan check [--db FILE] [--recover]\n"
            "Check the database: SQLite's integrity and foreign key checks, the schema\n"
            "version, and raingan's own rules (docs/schema.md). Prints one line per problem\n"
            "(and per note: what is wrong in nothing, such as an image no record refers to);\n"
            "exits 0 when there is no problem, 7 when there are.\n"
            "  --db FILE    the database (default: $RAINGAN_DB, else ./%s)\n"
            "  --recover    first roll back what an interrupted import (killed, or a full\n"
            "               disk) left, restoring the data as it was before it; this\n"
            "               writes the database: run it as a user who may write it\n",
            RG_CLI_DEFAULT_DB);
}

static void print_problem(void *user, rg_check_level level, const char *where,
                          const char *text)
{
    (void)user;
    printf("%s: %s%s\n", where, level == RG_CHECK_NOTE ? "note: " : "", text);
}

int cmd_check(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"recover", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_option = NULL;
    int recover = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_option = optarg; break;
        case 'r': recover = 1; break;
        case 'h': usage(stdout); return 0;
        default: rg_cli_try_help("check"); return 2;
        }
    }
    if (rg_cli_no_operands("check", argc, argv))
        return 2;
    const char *path = rg_cli_db_path(db_option);
    rg_error err;
    rg_error_clear(&err);
    if (recover) {
        int recovered = 0;
        if (rg_store_recover(path, &recovered, &err) < 0)
            return rg_cli_fail("check", &err);
        printf(recovered ? "%s: rolled back an interrupted write; the data is as it was "
                           "before it\n"
                         : "%s: nothing to recover\n", path);
    }
    long problems = rg_store_check(path, print_problem, NULL, &err);
    if (problems < 0)
        return rg_cli_fail("check", &err);
    if (fflush(stdout) != 0)
        return 4;
    if (problems == 0) {
        printf("%s: no problem found\n", path);
        return 0;
    }
    fprintf(stderr, "raingan check: %s: %ld problem%s found\n", path, problems,
            problems == 1 ? "" : "s");
    return CHECK_PROBLEMS_FOUND;
}
