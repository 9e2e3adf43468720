/* libFuzzer target: form templates (src/template): XML parsing, declarations,
 * styles, queries, includes, the whole-template check and binding a record.
 *
 * Each input is written as form.xml into a scratch directory whose parts/
 * links to the real templates/parts, so includes of the shipped parts work.
 * The store holds the five examples (imported once, then made query-only so
 * a template's SQL cannot change it between inputs). A template that loads
 * is checked and bound to the example record of its kind; any failure must
 * come with a message. Set RAINGAN_FUZZ_TOP to the source tree if the
 * compiled-in path is wrong. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/document.h"
#include "store/store.h"
#include "template/dump.h"
#include "template/template.h"
#include "util/buf.h"
#include "util/error.h"

#ifndef FUZZ_TOP_SRCDIR
#define FUZZ_TOP_SRCDIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rg_store *store;
static char form_path[4096];

static void die(const char *what, const rg_error *err)
{
    fprintf(stderr, "fuzz_template: %s: %s\n", what, err ? err->message : "");
    exit(1);
}

static void import_examples(const char *top)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/examples", top);
    DIR *d = opendir(dir);
    if (!d)
        die(dir, NULL);
    char *paths[16];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
            paths[n] = malloc(strlen(dir) + len + 2);
            sprintf(paths[n], "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    rg_error err;
    rg_error_clear(&err);
    store = rg_store_open_memory(&err);
    if (!store || rg_store_import_files(store, (const char *const *)paths, n, NULL, &err) < 0)
        die("importing the examples", &err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    sqlite3_exec(rg_store_db(store), "PRAGMA query_only = 1", NULL, NULL, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_warning_set_sink(NULL, NULL);
    const char *top = getenv("RAINGAN_FUZZ_TOP");
    if (!top || !*top)
        top = FUZZ_TOP_SRCDIR;
    import_examples(top);

    char scratch[] = "/tmp/raingan-fuzz-template.XXXXXX";
    if (!mkdtemp(scratch))
        die("mkdtemp", NULL);
    char link_target[4096], link_path[4096];
    snprintf(link_target, sizeof link_target, "%s/templates/parts", top);
    snprintf(link_path, sizeof link_path, "%s/parts", scratch);
    if (symlink(link_target, link_path) != 0)
        die("symlink parts", NULL);
    snprintf(form_path, sizeof form_path, "%s/form.xml", scratch);
    return 0;
}

static const char *example_key(const char *kind)
{
    if (kind && !strcmp(kind, "indicator"))
        return "indicator-2563-3";
    if (kind && !strcmp(kind, "plan"))
        return "hatyai-info-center-2563";
    return "50310000-2961";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(form_path, "wb");
    if (!fp)
        abort();
    fwrite(data, 1, size, fp);
    fclose(fp);

    rg_error err;
    rg_error_clear(&err);
    rg_template *tpl = rg_template_load(form_path, &err);
    if (!tpl) {
        if (!err.message[0])
            abort();   /* a refusal must say why */
        return 0;
    }
    rg_bind_options opts;
    rg_bind_options_init(&opts);
    opts.id = example_key(rg_template_kind(tpl));
    opts.date = "2023-09-30";
    rg_document *doc = rg_template_bind(tpl, rg_store_db(store), &opts, &err);
    if (doc) {
        rg_buf text = RG_BUF_INIT;
        rg_document_dump(doc, &text);
        rg_buf_free(&text);
        rg_document_free(doc);
    } else if (!err.message[0]) {
        abort();
    }
    rg_template_free(tpl);
    return 0;
}
