/* --db / RAINGAN_DB resolution shared by the commands that use the store. */
#include "cli/db_option.h"

#include <stdlib.h>

const char *rg_cli_db_path(const char *option)
{
    if (option && *option)
        return option;
    const char *env = getenv("RAINGAN_DB");
    if (env && *env)
        return env;
    return RG_CLI_DEFAULT_DB;
}
