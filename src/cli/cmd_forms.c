/* `raingan forms`: the forms found in the templates directory, with the kind
 * of record each prints and its description. With --check and a store, every
 * form is also checked against the store's tables (fields, filters, parts). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "store/store.h"
#include "template/template.h"
#include "util/paths.h"

int cmd_forms(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan forms [--templates DIR] [--check [--db FILE]]\n"
            "List the form templates: name, record kind, description.\n"
            "  --templates DIR  the templates directory (default: $RAINGAN_TEMPLATES, else the installed one)\n"
            "  --check          also check every form against the store's schema (an empty\n"
            "                   in-memory store unless --db is given)\n"
            "  --db FILE        the database to check against (opened read-only)\n");
}

int cmd_forms(int argc, char **argv)
{
    static const struct option options[] = {
        {"templates", required_argument, NULL, 'T'}, {"check", no_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *db = NULL;
    int check = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'T') dir = optarg;
        else if (c == 'c') check = 1;
        else if (c == 'd') db = optarg;
        else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            rg_cli_try_help("forms");
            return 2;
        }
    }
    if (optind != argc) {
        rg_cli_try_help("forms");
        return 2;
    }
    char *owned = NULL;
    if (!dir)
        dir = getenv("RAINGAN_TEMPLATES");
    if (!dir || !*dir)
        dir = owned = rg_path_join(rg_data_dir(), "templates");
    rg_error err;
    rg_error_clear(&err);
    rg_form_info *forms;
    size_t count;
    if (rg_template_list(dir, &forms, &count, &err) < 0) {
        free(owned);
        return rg_cli_fail("forms", &err);
    }
    rg_store *store = NULL;
    if (check) {
        store = db ? rg_store_open(rg_cli_db_path(db), RG_STORE_READ_ONLY, &err)
                   : rg_store_open_memory(&err);
        if (!store) {
            rg_form_info_free(forms, count);
            free(owned);
            return rg_cli_fail("forms", &err);
        }
    }
    int status = 0;
    for (size_t i = 0; i < count; i++) {
        if (forms[i].error) {
            /* Listed by its file name, the reason on stderr: the other forms still show. */
            printf("%-22s %-10s (does not load: see below)\n", forms[i].name, "?");
            rg_error_set(&err, RG_ERR_INPUT, "%s", forms[i].error);
            status = rg_cli_fail("forms", &err);
            continue;
        }
        printf("%-22s %-10s %s\n", forms[i].name, forms[i].kind, forms[i].description);
        if (!store)
            continue;
        rg_template *tpl = rg_template_load(forms[i].path, &err);
        if (!tpl || rg_template_check(tpl, rg_store_db(store), &err) < 0)
            status = rg_cli_fail("forms", &err);
        rg_template_free(tpl);
    }
    if (count == 0)
        fprintf(stderr, "raingan forms: no form templates in %s\n", dir);
    rg_store_close(store);
    rg_form_info_free(forms, count);
    free(owned);
    return status;
}
