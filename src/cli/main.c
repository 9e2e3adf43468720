/* raingan: prints Thai government forms from stored project data.
 * Entry point: dispatches `raingan COMMAND ...` to src/cli/cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "util/error.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: raingan COMMAND [OPTIONS]\n\ncommands:\n");
    for (const rg_command *c = rg_commands; c->name; c++)
        fprintf(out, "  %s\n", c->name);
    fprintf(out, "\n`raingan COMMAND --help` describes each command; docs/cli.md has the details.\n");
}

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

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version"))
        argv[1] = "version";
    rg_cli_install_warning_sink();
    for (const rg_command *c = rg_commands; c->name; c++)
        if (!strcmp(c->name, argv[1])) {
            /* getopt names argv[0] in its messages: "raingan render: unrecognized option". */
            static char program[64];
            snprintf(program, sizeof program, "raingan %s", c->name);
            argv[1] = program;
            return c->run(argc - 1, argv + 1);
        }
    fprintf(stderr, "raingan: unknown command '%s' (see `raingan help`)\n", argv[1]);
    return 2;
}
