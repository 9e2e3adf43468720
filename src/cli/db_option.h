/* Which database file a command uses: --db FILE, else $RAINGAN_DB, else
 * raingan.db in the current directory. */
#ifndef RG_CLI_DB_OPTION_H
#define RG_CLI_DB_OPTION_H

#define RG_CLI_DEFAULT_DB "raingan.db"

/* `option` is the --db argument or NULL; the result is never NULL. */
const char *rg_cli_db_path(const char *option);

#endif
