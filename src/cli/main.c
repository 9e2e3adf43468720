/* raingan: prints Thai government forms from stored project data.
 * Entry point: dispatches `raingan COMMAND ...` to src/cli/cmd_*.c. */
#include <malloc.h>
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

int main(int argc, char **argv)
{
    /* raingan runs for milliseconds: let the heap grow 2 MB at a time. By
     * default glibc grew it a page or so at a time, and a render made about
     * 200 mprotect and 20 brk calls (most from the dictionary's loader
     * thread), 2-4 ms of system time (docs/performance.md, "Start-up"). */
    mallopt(M_TOP_PAD, 2 << 20);
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
