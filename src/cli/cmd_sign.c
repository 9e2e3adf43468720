/* `raingan sign` and `raingan timestamp`: run the signing program
 * raingan-sign (sign_tool.c) with the same arguments. Signing is the only command that needs OpenSSL, and
 * keeping it out of this program saves every other command the 0.7 ms its
 * loading costs at start-up (docs/performance.md). */
#include "cli/commands.h"

int cmd_sign(int argc, char **argv);
int cmd_timestamp(int argc, char **argv);

/* argv[0] ("raingan sign", "raingan timestamp") tells raingan-sign which;
 * its bundled fonts (a visible signature box) come from the same data. */
static int run_sign_tool(const char *command, char **argv)
{
    return rg_cli_run_program(command, "raingan-sign", "signing program", argv);
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
