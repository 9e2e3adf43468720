/* How commands report (commands.h): errors as "raingan CMD: message" with
 * the exit status for their kind, warnings as "raingan: warning: ...", and a
 * pointer to --help after a usage error. Shared by raingan and raingan-sign. */
#include <stdio.h>

#include "cli/commands.h"
#include "util/error.h"

static void print_warning(const char *message, void *user)
{
    (void)user;
    fprintf(stderr, "raingan: warning: %s\n", message);
}

void rg_cli_install_warning_sink(void)
{
    rg_warning_set_sink(print_warning, NULL);
}

void rg_cli_try_help(const char *command)
{
    fprintf(stderr, "Try `raingan %s --help` for its options.\n", command);
}

int rg_cli_fail(const char *command, const rg_error *err)
{
    fprintf(stderr, "raingan %s: %s\n", command, err->message[0] ? err->message : "failed");
    return rg_error_exit_status(err);
}
