/* `raingan preview`: runs the program raingan-preview (preview_tool.c,
 * installed in $(pkglibexecdir)) with the same arguments, so that only it
 * (and the service) loads poppler, GLib and cairo, and every other command
 * starts as fast as before. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/error.h"
#include "util/paths.h"

int cmd_preview(int argc, char **argv);

int cmd_preview(int argc, char **argv)
{
    (void)argc;
    rg_error err;
    char *helper = rg_helper_path("raingan-preview");
    /* The same data (templates, bundled fonts) as this program. */
    if (!helper || setenv("RAINGAN_DATA", rg_data_dir(), 0) != 0) {
        free(helper);
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
        return rg_cli_fail("preview", &err);
    }
    execv(helper, argv);   /* returns only on failure */
    rg_error_set(&err, RG_ERR_IO, "cannot run the preview program %s: %s (reinstall raingan)", helper,
                 strerror(errno));
    free(helper);
    return rg_cli_fail("preview", &err);
}
