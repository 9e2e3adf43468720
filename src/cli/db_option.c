/* --db / RAINGAN_DB resolution and operand checks shared by the commands. */
#include "cli/db_option.h"

#include "cli/commands.h"

#include <getopt.h>
#include <stdlib.h>

#include "store/store.h"
#include "util/atomic_file.h"

const char *rg_cli_db_path(const char *option)
{
    if (option && *option)
        return option;
    const char *env = getenv("RAINGAN_DB");
    if (env && *env)
        return env;
    return RG_CLI_DEFAULT_DB;
}

int rg_cli_no_operands(const char *command, int argc, char **argv)
{
    if (optind >= argc)
        return 0;
    fprintf(stderr, "raingan %s: unexpected argument '%s'\n", command, argv[optind]);
    rg_cli_try_help(command);
    return 2;
}

int rg_cli_parse_db_option(const char *command, int argc, char **argv, void (*usage)(FILE *),
                           const char **db_option)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'd': *db_option = optarg; break;
        case 'h': usage(stdout); return 0;
        default: rg_cli_try_help(command); return 2;
        }
    }
    return -1;
}

int rg_cli_check_output(const char *output, const char *db_path, const char *const *inputs, size_t count,
                        rg_error *err)
{
    if (!output)
        return 0;
    int rc = rg_store_check_output(db_path, output, err);
    const char *input_what[1] = {"an input of this command"};
    for (size_t i = 0; rc == 0 && i < count; i++)
        rc = rg_output_check_inputs(output, &inputs[i], input_what, 1, err);
    return rc;
}
