/* `raingan serve`: runs the service program raingan-serve (src/service,
 * installed in $(pkglibexecdir)) with the same arguments, so that only the
 * service loads libmicrohttpd and every other command starts as fast as
 * before (docs/performance.md, "Service"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/error.h"
#include "util/paths.h"

int cmd_serve(int argc, char **argv);

int cmd_serve(int argc, char **argv)
{
    (void)argc;
    rg_error err;
    char *helper = rg_helper_path("raingan-serve");
    /* The same data (templates, bundled fonts) as this program. */
    if (!helper || setenv("RAINGAN_DATA", rg_data_dir(), 0) != 0) {
        free(helper);
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
        return rg_cli_fail("serve", &err);
    }
    execv(helper, argv);   /* returns only on failure */
    rg_error_set(&err, RG_ERR_IO, "cannot run the service program %s: %s (reinstall raingan)", helper,
                 strerror(errno));
    free(helper);
    return rg_cli_fail("serve", &err);
}
