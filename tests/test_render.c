/* The render module's ways in and out (render/render.h): a record rendered
 * from import JSON held in memory (rg_render_json, the path of the
 * service's POST /render/FORM) gives the bytes the same record gives from a
 * store, whatever the target (memory, a descriptor); without a key it
 * prints the document's one record of the form's kind; each failure says
 * its step (the import, the choice of the record, the rendering). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "render/render.h"
#include "store/store.h"
#include "util/buf.h"

#define KEY "50310000-2961"

/* What is left to read of fp, appended to b; fp is closed. */
static void slurp(FILE *fp, rg_buf *b)
{
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        rg_buf_append(b, chunk, n);
    fclose(fp);
}

static char *read_example(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", RG_SRCDIR, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    rg_buf b = RG_BUF_INIT;
    slurp(fp, &b);
    *len = b.len;
    return rg_buf_steal(&b);
}

static int same(const rg_buf *a, const rg_buf *b)
{
    return a->len > 0 && a->len == b->len && !memcmp(a->data, b->data, a->len);
}

/* Removes every `what` from s; returns how many. */
static int drop_all(char *s, const char *what)
{
    int n = 0;
    size_t len = strlen(what);
    for (char *at; (at = strstr(s, what)); n++)
        memmove(at, at + len, strlen(at + len) + 1);
    return n;
}

/* rg_render_json of (json, key) into `out`; the job is the caller's to free. */
static int render_json(rg_renderer *r, const char *json, size_t len, const char *key, rg_buf *out,
                       rg_render_job *job)
{
    rg_render_options o;
    rg_render_options_init(&o);
    o.date = "2023-09-30";
    rg_render_job_init(job);
    return rg_render_json(r, "test.json", json, len, key, &o, rg_render_to_buffer(out), job);
}

int main(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_renderer *report = rg_renderer_new("progress-report", NULL, &err);
    rg_renderer *indicator = rg_renderer_new("indicator-report", NULL, &err);
    rg_renderer *announcement = rg_renderer_new("announcement", NULL, &err);
    size_t len = 0, ann_len = 0;
    char *seed = read_example("seed-002-progress-2566.json", &len);
    char *ann = read_example("announcement-bangrak-2566.json", &ann_len);
    CHECK(report && indicator && announcement && seed && ann);
    /* A document in memory names no image file (its emblems would be data: URIs). */
    if (ann)
        CHECK_INT(drop_all(ann, ",\n      \"emblem\": \"emblem-illustrative.png\""), 2);
    ann_len = ann ? strlen(ann) : 0;
    if (!report || !indicator || !announcement || !seed || !ann) {
        fprintf(stderr, "cannot load: %s\n", err.message);
        return 1;
    }

    /* With the key, and without it: the one project the document holds. */
    rg_buf named = RG_BUF_INIT, chosen = RG_BUF_INIT;
    rg_render_job job;
    CHECK_INT(render_json(report, seed, len, KEY, &named, &job), 0);
    CHECK_INT(job.failed, RG_RENDER_FAILED_NONE);
    CHECK_STR(job.key, KEY);
    rg_render_job_free(&job);
    CHECK_INT(render_json(report, seed, len, NULL, &chosen, &job), 0);
    CHECK_STR(job.key, KEY);
    CHECK_INT(job.records, 1);
    rg_render_job_free(&job);
    CHECK(named.len > 4 && !memcmp(named.data, "%PDF", 4));
    CHECK(same(&named, &chosen));

    /* The same record from a store (`raingan render --data` reads the file
     * into a memory store): the same bytes. */
    rg_store *store = rg_store_open_memory(&err);
    CHECK(store && rg_store_import_memory(store, "test.json", seed, len, NULL, &err) == 0);
    rg_buf stored = RG_BUF_INIT;
    rg_render_options o;
    rg_render_options_init(&o);
    o.date = "2023-09-30";
    rg_render_job_init(&job);
    CHECK_INT(rg_render_record(report, store, KEY, &o, rg_render_to_buffer(&stored), &job), 0);
    rg_render_job_free(&job);
    CHECK(same(&named, &stored));

    /* To a descriptor: the same bytes again. */
    FILE *tmp = tmpfile();
    CHECK(tmp != NULL);
    if (tmp) {
        rg_render_job_init(&job);
        CHECK_INT(rg_render_record(report, store, KEY, &o, rg_render_to_fd(fileno(tmp)), &job), 0);
        rg_render_job_free(&job);
        rewind(tmp);
        rg_buf back = RG_BUF_INIT;
        slurp(tmp, &back);
        CHECK(same(&named, &back));
        rg_buf_free(&back);
    }
    rg_store_close(store);

    /* Failures, each at its step. */
    rg_buf none = RG_BUF_INIT;
    const char *bad = "{\"records\": [\n  {\"kind\": \"project\",,}\n]}";
    CHECK_INT(render_json(report, bad, strlen(bad), NULL, &none, &job), -1);
    CHECK_INT(job.failed, RG_RENDER_FAILED_DATA);
    CHECK_INT(job.err.code, RG_ERR_INPUT);
    rg_render_job_free(&job);
    CHECK_INT(render_json(indicator, seed, len, NULL, &none, &job), -1);   /* no indicator in it */
    CHECK_INT(job.failed, RG_RENDER_FAILED_CHOICE);
    CHECK_INT(job.err.code, RG_ERR_INPUT);
    CHECK_INT(job.records, 0);
    CHECK(job.key == NULL);
    rg_render_job_free(&job);
    CHECK_INT(render_json(announcement, ann, ann_len, NULL, &none, &job), -1);   /* two announcements */
    CHECK_INT(job.failed, RG_RENDER_FAILED_CHOICE);
    CHECK_INT(job.records, 2);
    if (job.failed != RG_RENDER_FAILED_CHOICE)
        fprintf(stderr, "announcements: %s\n", job.err.message);
    rg_render_job_free(&job);
    CHECK_INT(render_json(report, seed, len, "no-such-key", &none, &job), -1);
    CHECK_INT(job.failed, RG_RENDER_FAILED_RENDER);
    CHECK_INT(job.err.code, RG_ERR_NOT_FOUND);
    rg_render_job_free(&job);
    CHECK_INT(none.len, 0);   /* nothing reaches the target of a failed job */

    rg_buf_free(&named);
    rg_buf_free(&chosen);
    rg_buf_free(&stored);
    free(seed);
    free(ann);
    rg_renderer_free(report);
    rg_renderer_free(indicator);
    rg_renderer_free(announcement);
    return CHECK_DONE();
}
