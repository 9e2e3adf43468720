/* The command table: one row per subcommand (see commands.h). */
#include "cli/commands.h"

#include <stddef.h>

#define COMMAND(name) int cmd_##name(int argc, char **argv);
#include "cli/command_list.h"
#undef COMMAND

const rg_command rg_commands[] = {
#define COMMAND(name) {#name, NULL, cmd_##name},
#include "cli/command_list.h"
#undef COMMAND
    {NULL, NULL, NULL},
};
