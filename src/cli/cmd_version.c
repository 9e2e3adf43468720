/* `raingan version`: the program version and the library versions it runs with. */
#include <hb.h>
#include <sqlite3.h>
#include <stdio.h>

#include "config.h"
#include "pdf/pdf_writer.h"

int cmd_version(int argc, char **argv);

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("raingan %s\n", PACKAGE_VERSION);
    printf("libharu %s, HarfBuzz %s, SQLite %s\n", rg_pdf_library_version(), hb_version_string(),
           sqlite3_libversion());
    return 0;
}
