/* `raingan preview`: runs the program raingan-preview (preview_tool.c,
 * installed in $(pkglibexecdir)) with the same arguments, so that only it
 * (and the service) loads poppler, GLib and cairo, and every other command
 * starts as fast as before. */
#include "cli/commands.h"

int cmd_preview(int argc, char **argv);

int cmd_preview(int argc, char **argv)
{
    (void)argc;
    return rg_cli_run_program("preview", "raingan-preview", "preview program", argv);
}
