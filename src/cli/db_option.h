/* Which database file a command uses: --db FILE, else $RAINGAN_DB, else
 * raingan.db in the current directory. */
#ifndef RG_CLI_DB_OPTION_H
#define RG_CLI_DB_OPTION_H

#define RG_CLI_DEFAULT_DB "raingan.db"

/* `option` is the --db argument or NULL; the result is never NULL. */
const char *rg_cli_db_path(const char *option);

#include <stddef.h>
#include <stdio.h>

struct rg_error;
/* Refuses (RG_ERR_USAGE, before anything is written) an `output` that is
 * the database `db_path` (NULL: none) or its journal, WAL or shared-memory
 * file, or one of the `count` input files: the same file whatever the name
 * (links, symbolic links). Streams ("-", devices) pass. 0 or -1. */
int rg_cli_check_output(const char *output, const char *db_path, const char *const *inputs, size_t count,
                        struct rg_error *err);

/* For commands that take no operands: if argv[optind..argc) is not empty,
 * prints "raingan COMMAND: unexpected argument 'X'" and a pointer to --help
 * on stderr and returns 2 (the usage exit status); else returns 0. */
int rg_cli_no_operands(const char *command, int argc, char **argv);
/* Parses the options of a command whose only option is --db FILE (and
 * --help), leaving optind at the first operand. Returns -1 to go on, else
 * the exit status to return: 0 after --help, 2 for an unknown option. */
int rg_cli_parse_db_option(const char *command, int argc, char **argv, void (*usage)(FILE *),
                           const char **db_option);

#endif
