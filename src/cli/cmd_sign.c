/* `raingan sign` and `raingan timestamp`: run the signing program
 * raingan-sign (sign_tool.c) with the same arguments. Signing is the only command that needs OpenSSL, and
 * keeping it out of this program saves every other command the 0.7 ms its
 * loading costs at start-up (docs/performance.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/error.h"
#include "util/paths.h"

int cmd_sign(int argc, char **argv);
int cmd_timestamp(int argc, char **argv);

/* argv[0] ("raingan sign", "raingan timestamp") tells raingan-sign which. */
static int run_sign_tool(const char *command, char **argv)
{
    rg_error err;
    char *helper = rg_helper_path("raingan-sign");
    if (!helper) {
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
        return rg_cli_fail(command, &err);
    }
    /* The same data (its bundled fonts draw a visible signature box) as this
     * program, wherever the helper itself is. */
    if (setenv("RAINGAN_DATA", rg_data_dir(), 0) != 0) {
        free(helper);
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
        return rg_cli_fail(command, &err);
    }
    execv(helper, argv);   /* returns only on failure */
    rg_error_set(&err, RG_ERR_IO, "cannot run the signing program %s: %s (reinstall raingan)",
                 helper, strerror(errno));
    free(helper);
    return rg_cli_fail(command, &err);
}

int cmd_sign(int argc, char **argv)
{
    (void)argc;
    return run_sign_tool("sign", argv);
}

int cmd_timestamp(int argc, char **argv)
{
    (void)argc;
    return run_sign_tool("timestamp", argv);
}
