/* Which database file a command uses: --db FILE, else $RAINGAN_DB, else
 * raingan.db in the current directory. */
#ifndef RG_CLI_DB_OPTION_H
#define RG_CLI_DB_OPTION_H

#define RG_CLI_DEFAULT_DB "raingan.db"

/* `option` is the --db argument or NULL; the result is never NULL. */
const char *rg_cli_db_path(const char *option);

#include <stdio.h>
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
