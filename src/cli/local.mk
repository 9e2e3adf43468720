# src/cli: the raingan program and its subcommands (one cmd_<name>.c each).
raingan_SOURCES += src/cli/main.c src/cli/commands.c src/cli/commands.h src/cli/command_list.h \
	src/cli/cmd_version.c
