/* render/batch.h on the seed records, with real workers: each refusal of
 * rg_batch_prepare says which input it is about (so that the command can
 * name its option) with the value first; a run reports every record exactly
 * once, prints them as PDFs at their paths, fails only the record whose file
 * cannot be written (and still prints the others), and starts nothing once
 * `stopping` says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "render/batch.h"
#include "render/file_name.h"
#include "util/paths.h"

#define MAX_RECORDS 16

typedef struct seen {
    int record[MAX_RECORDS];
    rg_error_code code[MAX_RECORDS];
    int ticks;
    int stop;
} seen;

static void on_record(void *user, size_t i, const rg_error *err)
{
    seen *s = user;
    CHECK(i < MAX_RECORDS);
    if (i >= MAX_RECORDS)
        return;
    s->record[i]++;
    s->code[i] = err ? err->code : RG_OK;
    if (err)
        CHECK(err->code != RG_OK && err->message[0]);
}

static void on_tick(void *user)
{
    ((seen *)user)->ticks++;
}

static int on_stopping(void *user)
{
    return ((seen *)user)->stop;
}

static char tmp[64];
static char db[128];

static rg_batch *prepare(rg_renderer *r, const rg_render_options *opts, const char *out, const char *pattern,
                         const char *const *keys, size_t key_count, const char *const *orgs, size_t org_count,
                         rg_batch_input *where, rg_error *err)
{
    rg_batch_spec spec = {
        .renderer = r, .db_path = db, .out_dir = out, .pattern = pattern,
        .filter = {0, orgs, org_count, keys, key_count}, .opts = opts, .workers = 2,
    };
    rg_error_clear(err);
    return rg_batch_prepare(&spec, where, err);
}

static int starts_with_pdf(const char *path)
{
    char head[5] = "";
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    return n == 5 && !memcmp(head, "%PDF-", 5);
}

int main(void)
{
    snprintf(tmp, sizeof tmp, "%s/rg-test-batch.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp))
        return 99;
    snprintf(db, sizeof db, "%s/b.db", tmp);
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = rg_store_open(db, RG_STORE_READ_WRITE, &err);
    char *seeds[3];
    const char *names[3] = {"examples/seed-000-progress-2561.json", "examples/seed-002-progress-2566.json",
                            "examples/seed-003-progress-2563.json"};
    for (int i = 0; i < 3; i++)
        seeds[i] = rg_path_join(rg_data_dir(), names[i]);
    CHECK(store && rg_store_import_files(store, (const char *const *)seeds, 3, NULL, &err) == 0);
    rg_store_close(store);
    for (int i = 0; i < 3; i++)
        free(seeds[i]);
    rg_renderer *r = rg_renderer_new("progress-report", NULL, &err);
    CHECK(r != NULL);
    if (!r) {
        fprintf(stderr, "%s\n", err.message);
        return CHECK_DONE();
    }
    rg_render_options opts;
    rg_render_options_init(&opts);
    opts.date = "2023-09-30";
    char out[128], blocked[160];
    snprintf(out, sizeof out, "%s/out", tmp);
    rg_batch_input where;

    /* Refusals: which input, the value first, nothing printed. */
    const char *nope[] = {"nope"};
    CHECK(!prepare(r, &opts, out, RG_FILE_NAME_DEFAULT, nope, 1, NULL, 0, &where, &err));
    CHECK_INT(where, RG_BATCH_INPUT_KEY);
    CHECK_INT(err.code, RG_ERR_NOT_FOUND);
    CHECK(!strncmp(err.message, "nope: no project with this key", 30));
    const char *no_org[] = {"no/such"};
    CHECK(!prepare(r, &opts, out, RG_FILE_NAME_DEFAULT, NULL, 0, no_org, 1, &where, &err));
    CHECK_INT(where, RG_BATCH_INPUT_ORG);
    CHECK_INT(err.code, RG_ERR_NOT_FOUND);
    CHECK(!strncmp(err.message, "no/such: no such organization", 29));
    CHECK(!prepare(r, &opts, out, "same", NULL, 0, NULL, 0, &where, &err));
    CHECK_INT(where, RG_BATCH_INPUT_PATTERN);
    CHECK_INT(err.code, RG_ERR_USAGE);
    CHECK(strstr(err.message, "the same file") != NULL);
    CHECK(!prepare(r, &opts, out, "a/b", NULL, 0, NULL, 0, &where, &err));
    CHECK_INT(where, RG_BATCH_INPUT_PATTERN);
    snprintf(blocked, sizeof blocked, "%s/sub", db);   /* under a file */
    CHECK(!prepare(r, &opts, blocked, RG_FILE_NAME_DEFAULT, NULL, 0, NULL, 0, &where, &err));
    CHECK_INT(where, RG_BATCH_INPUT_OUT_DIR);
    CHECK_INT(err.code, RG_ERR_IO);
    CHECK(!strncmp(err.message, blocked, strlen(blocked)));
    struct stat st;
    CHECK(stat(out, &st) != 0);   /* refused before the directory was made */

    /* A run: every record once, each a PDF at its path. */
    rg_batch *b = prepare(r, &opts, out, RG_FILE_NAME_DEFAULT, NULL, 0, NULL, 0, &where, &err);
    CHECK(b != NULL);
    if (b) {
        size_t n = rg_batch_count(b);
        CHECK_INT(n, 3);
        seen s;
        memset(&s, 0, sizeof s);
        rg_batch_events ev = {NULL, on_record, NULL, on_tick, on_stopping, 100, &s};
        rg_batch_counts counts;
        CHECK_INT(rg_batch_run(b, &ev, &counts, &err), 0);
        CHECK_INT(counts.printed, n);
        CHECK_INT(counts.failed, 0);
        for (size_t i = 0; i < n && i < MAX_RECORDS; i++) {
            CHECK_INT(s.record[i], 1);
            CHECK_INT(s.code[i], RG_OK);
            CHECK(starts_with_pdf(rg_batch_path(b, i)));
        }
        CHECK(s.ticks > 0);
        rg_batch_free(b);
    }

    /* One record's file cannot be written: it alone fails, the others print. */
    b = prepare(r, &opts, out, RG_FILE_NAME_DEFAULT, NULL, 0, NULL, 0, &where, &err);
    CHECK(b != NULL);
    if (b) {
        unlink(rg_batch_path(b, 1));
        CHECK_INT(mkdir(rg_batch_path(b, 1), 0777), 0);
        seen s;
        memset(&s, 0, sizeof s);
        rg_batch_events ev = {NULL, on_record, NULL, NULL, on_stopping, 100, &s};
        rg_batch_counts counts;
        CHECK_INT(rg_batch_run(b, &ev, &counts, &err), 0);
        CHECK_INT(counts.printed, 2);
        CHECK_INT(counts.failed, 1);
        CHECK_INT(s.record[0] + s.record[1] + s.record[2], 3);
        CHECK_INT(s.code[1], RG_ERR_IO);
        CHECK_INT(s.code[0], RG_OK);
        CHECK_INT(s.code[2], RG_OK);
        rmdir(rg_batch_path(b, 1));
        rg_batch_free(b);
    }

    /* Stopping before the start: nothing starts, nothing is reported. */
    b = prepare(r, &opts, out, RG_FILE_NAME_DEFAULT, NULL, 0, NULL, 0, &where, &err);
    CHECK(b != NULL);
    if (b) {
        seen s;
        memset(&s, 0, sizeof s);
        s.stop = 1;
        rg_batch_events ev = {NULL, on_record, NULL, NULL, on_stopping, 100, &s};
        rg_batch_counts counts;
        CHECK_INT(rg_batch_run(b, &ev, &counts, &err), 0);
        CHECK_INT(counts.printed + counts.failed, 0);
        CHECK_INT(s.record[0] + s.record[1] + s.record[2], 0);
        for (size_t i = 0; i < rg_batch_count(b); i++)
            unlink(rg_batch_path(b, i));
        rg_batch_free(b);
    }
    rmdir(out);
    unlink(db);
    char side[160];
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    rmdir(tmp);
    rg_renderer_free(r);
    return CHECK_DONE();
}
