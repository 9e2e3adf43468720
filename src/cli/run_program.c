/* Commands run by a program of their own (commands.h): `raingan sign`,
 * `serve`, `preview`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/error.h"
#include "util/paths.h"

int rg_cli_run_program(const char *command, const char *program, const char *what, char **argv)
{
    rg_error err;
    char *helper = rg_helper_path(program);
    /* The same data (templates, bundled fonts) as this program, wherever
     * the helper itself is. */
    if (!helper || setenv("RAINGAN_DATA", rg_data_dir(), 0) != 0) {
        free(helper);
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
        return rg_cli_fail(command, &err);
    }
    execv(helper, argv);   /* returns only on failure */
    rg_error_set(&err, RG_ERR_IO, "cannot run the %s %s: %s (reinstall raingan)", what, helper, strerror(errno));
    free(helper);
    return rg_cli_fail(command, &err);
}
