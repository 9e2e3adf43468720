/* raingan's `import --from`: runs raingan-pg (see import_from.h), as
 * cmd_sign.c runs raingan-sign. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/import_from.h"
#include "util/paths.h"

rg_table_records *rg_cli_import_from(const rg_source_map *map, const char *uri, int lenient,
                                     char **argv, rg_error *err)
{
    (void)map, (void)uri, (void)lenient;
    char *helper = rg_helper_path("raingan-pg");
    if (!helper) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    execv(helper, argv);   /* returns only on failure */
    rg_error_set(err, RG_ERR_IO, "cannot run %s, which reads PostgreSQL: %s (reinstall raingan)",
                 helper, strerror(errno));
    free(helper);
    return NULL;
}
