/* `raingan serve`: runs the service program raingan-serve (src/service,
 * installed in $(pkglibexecdir)) with the same arguments, so that only the
 * service loads libmicrohttpd and every other command starts as fast as
 * before (docs/performance.md, "Service"). */
#include "cli/commands.h"

int cmd_serve(int argc, char **argv);

int cmd_serve(int argc, char **argv)
{
    (void)argc;
    return rg_cli_run_program("serve", "raingan-serve", "service program", argv);
}
