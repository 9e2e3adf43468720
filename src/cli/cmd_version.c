/* `raingan version`: the program version and the library versions it runs with. */
#include <hpdf.h>
#include <hb.h>
#include <sqlite3.h>
#include <stdio.h>

#include "config.h"

int cmd_version(int argc, char **argv);

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("raingan %s\n", PACKAGE_VERSION);
    printf("libharu %s, HarfBuzz %s, SQLite %s\n", HPDF_VERSION_TEXT, hb_version_string(),
           sqlite3_libversion());
    return 0;
}
