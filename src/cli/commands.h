/* The raingan subcommands. Each lives in src/cli/cmd_<name>.c, parses its
 * own options, prints its own messages, and returns the process exit status
 * (0 success, otherwise rg_error_exit_status()). */
#ifndef RG_COMMANDS_H
#define RG_COMMANDS_H

typedef struct rg_command {
    const char *name;
    const char *summary;   /* one line for `raingan help` */
    int (*run)(int argc, char **argv);  /* argv[0] is the command name */
} rg_command;

/* The table, in the order `raingan help` lists it (defined in commands.c). */
extern const rg_command rg_commands[];

/* Shared by commands: report an error as "raingan <cmd>: <message>" on stderr
 * and return its exit status. */
struct rg_error;
int rg_cli_fail(const char *command, const struct rg_error *err);
/* After a usage error already reported in one line: points to --help rather
 * than repeating the whole usage text. */
void rg_cli_try_help(const char *command);
/* Runs `program` (a program of raingan's, in $(pkglibexecdir), or beside
 * this one in a build tree) with argv, argv[0] telling it which command, and
 * the same RAINGAN_DATA: the commands whose libraries (OpenSSL, poppler,
 * libmicrohttpd) no other command should pay for loading. Returns only when
 * it cannot be run: the exit status, "cannot run the `what` PATH" printed. */
int rg_cli_run_program(const char *command, const char *program, const char *what, char **argv);
/* Installs the stderr warning sink ("raingan: warning: ..."). */
void rg_cli_install_warning_sink(void);

#endif
