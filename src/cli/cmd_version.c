/* `raingan version`: the program version and the library versions it runs with. */
#include <hb.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "cli/commands.h"
#include "pdf/pdf_writer.h"

int cmd_version(int argc, char **argv);

int cmd_version(int argc, char **argv)
{
    if (argc > 1) {
        if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
            printf("usage: raingan version\nPrints the program's version and the libraries it runs with.\n");
            return 0;
        }
        fprintf(stderr, "raingan version: unexpected argument '%s'\n", argv[1]);
        rg_cli_try_help("version");
        return 2;
    }
    printf("raingan %s\n", PACKAGE_VERSION);
    printf("libharu %s, HarfBuzz %s, SQLite %s\n", rg_pdf_library_version(), hb_version_string(),
           sqlite3_libversion());
    return 0;
}
