/* Layout benchmark: binds one record of the example data through a form
 * template, then times rg_layout_document alone (fonts already loaded, as in
 * batch printing), and reports the best and median of N runs.
 * Usage: bench_layout TEMPLATE.xml DATA.json KEY [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "layout/layout.h"
#include "store/store.h"
#include "template/template.h"
#include "text/font.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_layout TEMPLATE.xml DATA.json KEY [RUNS]\n");
        return 2;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 50;
    if (runs < 1)
        runs = 1;
    rg_error err;
    rg_error_clear(&err);
    rg_template *tpl = rg_template_load(argv[1], &err);
    rg_store *store = tpl ? rg_store_open_memory(&err) : NULL;
    const char *files[1] = {argv[2]};
    if (!store || rg_store_import_files(store, files, 1, NULL, &err) < 0) {
        fprintf(stderr, "bench_layout: %s\n", err.message);
        return 1;
    }
    rg_bind_options bind;
    rg_bind_options_init(&bind);
    bind.id = argv[3];
    rg_document *doc = rg_template_bind(tpl, rg_store_db(store), &bind, &err);
    rg_fontlib *fonts = doc ? rg_fontlib_new(&err) : NULL;
    if (!fonts) {
        fprintf(stderr, "bench_layout: %s\n", err.message);
        return 1;
    }
    double *t = malloc(sizeof *t * (size_t)(runs + 1));
    size_t pages = 0;
    for (int i = 0; i <= runs; i++) {   /* run 0 warms the font caches */
        rg_display d;
        rg_display_init(&d);
        double t0 = now_ms();
        if (rg_layout_document(doc, fonts, &d, &err) < 0) {
            fprintf(stderr, "bench_layout: %s\n", err.message);
            return 1;
        }
        t[i] = now_ms() - t0;
        pages = d.page_count;
        rg_display_free(&d);
    }
    qsort(t + 1, (size_t)runs, sizeof *t, cmp);
    printf("layout %s: %zu pages, first %.2f ms, best %.2f ms, median %.2f ms (%d runs)\n",
           argv[3], pages, t[0], t[1], t[1 + runs / 2], runs);
    free(t);
    rg_fontlib_free(fonts);
    rg_document_free(doc);
    rg_store_close(store);
    rg_template_free(tpl);
    return 0;
}
