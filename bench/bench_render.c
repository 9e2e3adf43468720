/* Warm-render driver (docs/performance.md, "Warm render"): what one worker of
 * the service or of `raingan batch` does per document, without the HTTP or
 * the pipe around it, so that its cost can be counted in instructions
 * (Valgrind's callgrind), which do not depend on what else the machine runs.
 *
 * Loads FORM once, opens DB read-only, renders KEY WARMUP times (filling the
 * caches, as the service's warm-up does), then N times more into memory
 * inside warm_renders(), the function bench/bench_render_instr.sh tells
 * callgrind to count (--toggle-collect=warm_renders). Helper threads are off,
 * as in the workers. Prints the PDF's size and the process CPU time per
 * counted render (clock_gettime; on a shared machine a noisy figure, the
 * instruction count is the steady one) and, with a sixth argument OUT,
 * writes the last PDF there (to compare with `raingan render`).
 *
 * KEY may also be a list, "K1,K2,..." or "@FILE" with a key a line: the
 * records are then rendered in turn (warm-up included), so that with more
 * records than renders each counted render is of a record not rendered
 * before in the process (caches warm for the form, not for its data).
 *
 * Usage: bench_render FORM DB KEY|K1,K2,...|@KEYFILE [WARMUP [N [OUT]]]
 * (date fixed: 2023-09-30) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/render.h"
#include "util/atomic_file.h"
#include "util/heap.h"
#include "util/thread.h"

static int render_once(rg_renderer *r, rg_store *store, const char *key, rg_buf *pdf)
{
    rg_render_options o;
    rg_render_options_init(&o);
    o.date = "2023-09-30";
    rg_render_job job;
    rg_render_job_init(&job);
    pdf->len = 0;
    int rc = rg_render_record(r, store, key, &o, rg_render_to_buffer(pdf), &job);
    if (rc < 0)
        fprintf(stderr, "bench_render: %s\n", job.err.message);
    rg_render_job_free(&job);
    return rc;
}

/* The records to render in turn: KEY, "K1,K2,..." or "@FILE" (a key a line). */
typedef struct key_list {
    char *text;      /* owned: the keys, NUL-separated */
    char **keys;     /* owned array, pointing into text */
    size_t count;
} key_list;

static int read_keys(const char *arg, key_list *l)
{
    memset(l, 0, sizeof *l);
    rg_error err;
    size_t len = 0;
    if (arg[0] == '@') {
        if (rg_read_file(arg + 1, &l->text, &len, &err) < 0) {
            fprintf(stderr, "bench_render: %s\n", err.message);
            return -1;
        }
    } else if ((l->text = strdup(arg))) {
        len = strlen(arg);
    }
    l->keys = l->text ? calloc(len / 2 + 2, sizeof *l->keys) : NULL;
    if (!l->keys)
        return -1;
    for (char *p = l->text; p < l->text + len;) {
        size_t n = strcspn(p, ",\n");
        if (n)
            l->keys[l->count++] = p;
        p[n] = '\0';
        p += n + 1;
    }
    return l->count ? 0 : -1;
}

/* Renders n records in turn, from the first-th of the list on. */
static int render_keys(rg_renderer *r, rg_store *store, const key_list *keys, size_t first,
                       rg_buf *pdf, int n)
{
    for (int i = 0; i < n; i++)
        if (render_once(r, store, keys->keys[(first + (size_t)i) % keys->count], pdf) < 0)
            return -1;
    return 0;
}

/* Counted by callgrind: keep it a function of its own (external, so its name stays). */
int warm_renders(rg_renderer *r, rg_store *store, const key_list *keys, size_t first,
                 rg_buf *pdf, int n);
__attribute__((noinline)) int warm_renders(rg_renderer *r, rg_store *store, const key_list *keys,
                                           size_t first, rg_buf *pdf, int n)
{
    return render_keys(r, store, keys, first, pdf, n);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_render FORM DB KEY|K1,K2,...|@KEYFILE [WARMUP [N [OUT]]]\n");
        return 2;
    }
    int warmup = argc > 4 ? atoi(argv[4]) : 2;
    int n = argc > 5 ? atoi(argv[5]) : 10;
    rg_thread_set_allowed(0);
    rg_heap_keep_between_documents();   /* as in the workers (worker_pool.c) */
    rg_error err;
    rg_error_clear(&err);
    rg_renderer *r = rg_renderer_new(argv[1], NULL, &err);
    rg_store *store = r ? rg_store_open(argv[2], RG_STORE_READ_ONLY, &err) : NULL;
    if (!store) {
        fprintf(stderr, "bench_render: %s\n", err.message);
        return 1;
    }
    key_list keys;
    if (read_keys(argv[3], &keys) < 0) {
        fprintf(stderr, "bench_render: no keys in %s\n", argv[3]);
        return 2;
    }
    rg_buf pdf = RG_BUF_INIT;
    if (render_keys(r, store, &keys, 0, &pdf, warmup) < 0)
        return 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    if (warm_renders(r, store, &keys, (size_t)warmup, &pdf, n) < 0)
        return 1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / (n > 0 ? n : 1);
    printf("%zu bytes, %d warm-up + %d renders, %.3f ms CPU per render\n", pdf.len, warmup, n, ms);
    if (argc > 6) {
        FILE *fp = fopen(argv[6], "wb");
        if (!fp || fwrite(pdf.data, 1, pdf.len, fp) != pdf.len || fclose(fp) != 0) {
            fprintf(stderr, "bench_render: cannot write %s\n", argv[6]);
            return 1;
        }
    }
    rg_buf_free(&pdf);
    free(keys.keys);
    free(keys.text);
    rg_store_close(store);
    rg_renderer_free(r);
    return 0;
}
