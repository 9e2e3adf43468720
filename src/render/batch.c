/* Printing many records into a directory (batch.h): the selection, the
 * file names, the output directory and its lock, and the run through the
 * worker pool, each record's outcome reported as it comes. */
#include "render/batch.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render/file_name.h"
#include "render/worker_pool.h"
#include "template/template.h"
#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/vec.h"

typedef struct record {
    char *key;
    char *path;        /* output file */
    int done;          /* 0 not yet, 1 printed, -1 failed */
} record;

struct rg_batch {
    rg_batch_spec spec;
    record *records;
    size_t count, cap;
    int lock_fd;       /* the output directory, locked; -1 before */
    /* The run. */
    const rg_batch_events *events;
    rg_batch_counts *counts;
    rg_worker_pool *pool;
    size_t next;              /* next record to hand out */
    int consecutive_io;
    int pool_failed;          /* a worker could not be replaced: the run stops */
    rg_error pool_err;
    /* In a worker. */
    rg_store *store;
};

/* ---- selecting the records ------------------------------------------------ */

static int add_record(void *user, const rg_record_row *row, rg_error *err)
{
    rg_batch *b = user;
    record *records = rg_vec_reserve(b->records, b->count, &b->cap, sizeof *records, 64);
    if (!records)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    b->records = records;
    record *r = &b->records[b->count];
    memset(r, 0, sizeof *r);
    char *name = rg_file_name(b->spec.pattern, rg_template_name(rg_renderer_template(b->spec.renderer)), row->key,
                              row->year, err);
    r->key = strdup(row->key);
    r->path = name ? rg_path_join(b->spec.out_dir, name) : NULL;
    free(name);
    if (!name || !r->key || !r->path) {
        free(r->key);
        free(r->path);
        return name ? rg_error_set(err, RG_ERR_NOMEM, "out of memory") : -1;
    }
    b->count++;
    return 0;
}

/* Notes which keys of the filter were selected, on the way to fn. */
typedef struct key_watch {
    const rg_record_filter *filter;
    unsigned char *seen;
    rg_record_fn fn;
    void *user;
} key_watch;

static int watch_keys(void *user, const rg_record_row *row, rg_error *err)
{
    key_watch *w = user;
    for (size_t k = 0; k < w->filter->key_count; k++)
        if (!w->seen[k] && !strcmp(row->key, w->filter->keys[k]))
            w->seen[k] = 1;
    return w->fn(w->user, row, err);
}

int rg_batch_select(rg_store *store, const rg_kind_desc *kind, const rg_record_filter *f, rg_record_fn fn,
                    void *user, rg_batch_input *where, size_t *which, rg_error *err)
{
    assert(store && kind && f && fn);
    *where = RG_BATCH_INPUT_NONE;
    *which = 0;
    for (size_t i = 0; i < f->org_count; i++) {
        if (rg_store_record_exists(store, RG_KIND_ORGANIZATION, f->orgs[i], err) != 1) {
            if (!err->message[0] || err->code == RG_OK) {
                *where = RG_BATCH_INPUT_ORG;
                *which = i;
                rg_error_set(err, RG_ERR_NOT_FOUND, "%s: no such organization in %s", f->orgs[i],
                             rg_store_path(store));
            }
            return -1;
        }
    }
    key_watch w = {f, calloc(f->key_count + 1, 1), fn, user};
    if (!w.seen)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    int rc = rg_store_select_records(store, kind, f, watch_keys, &w, err) < 0 ? -1 : 0;
    for (size_t k = 0; k < f->key_count && rc == 0; k++) {
        if (!w.seen[k]) {
            *where = RG_BATCH_INPUT_KEY;
            *which = k;
            rc = rg_error_set(err, RG_ERR_NOT_FOUND, "%s: no %s with this key%s in %s", f->keys[k], kind->name,
                              f->year || f->org_count ? " matches the other filters" : "", rg_store_path(store));
        }
    }
    free(w.seen);
    return rc;
}

/* Records of the form's kind, filtered, in key order, each with its file. */
static int select_records(rg_batch *b, rg_store *store, rg_batch_input *where, rg_error *err)
{
    const rg_template *tpl = rg_renderer_template(b->spec.renderer);
    const rg_kind_desc *kind = rg_kinds_find(rg_template_kind(tpl));
    if (!kind)
        return rg_error_set(err, RG_ERR_INPUT, "form %s prints records of unknown kind %s",
                            rg_template_name(tpl), rg_template_kind(tpl));
    size_t which;
    if (rg_batch_select(store, kind, &b->spec.filter, add_record, b, where, &which, err) < 0) {
        if (*where == RG_BATCH_INPUT_NONE && err->code == RG_ERR_USAGE)
            *where = RG_BATCH_INPUT_PATTERN;   /* rg_file_name's */
        return -1;
    }
    return 0;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp((*(const record *const *)a)->path, (*(const record *const *)b)->path);
}

/* A pattern without {key} gives several records one name: refuse before
 * printing anything rather than overwrite. */
static int check_unique_names(rg_batch *b, rg_batch_input *where, rg_error *err)
{
    record **sorted = malloc((b->count + 1) * sizeof *sorted);
    if (!sorted)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->count; i++)
        sorted[i] = &b->records[i];
    qsort(sorted, b->count, sizeof *sorted, compare_paths);
    int rc = 0;
    for (size_t i = 1; i < b->count && !rc; i++)
        if (!strcmp(sorted[i - 1]->path, sorted[i]->path)) {
            *where = RG_BATCH_INPUT_PATTERN;
            rc = rg_error_set(err, RG_ERR_USAGE, "%s gives records %s and %s the same file %s", b->spec.pattern,
                              sorted[i - 1]->key, sorted[i]->key, sorted[i]->path);
        }
    free(sorted);
    return rc;
}

/* ---- the output directory ------------------------------------------------- */

/* Creates the directory (and missing parents), checks it is a writable
 * directory, and takes the run's lock (held until rg_batch_free). */
static int prepare_out_dir(rg_batch *b, rg_error *err)
{
    const char *dir = b->spec.out_dir;
    if (rg_make_parent_dirs(dir, 0777, err) < 0)
        return rg_error_prefix(err, "%s: ", dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot create it: %s", dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return rg_error_set(err, RG_ERR_IO, "%s: not a directory", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return rg_error_set(err, RG_ERR_IO, "%s: not writable: %s", dir, strerror(errno));
    /* The lock is on the directory itself: nothing extra is left in it. */
    b->lock_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (b->lock_fd < 0)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open it: %s", dir, strerror(errno));
    /* Up to 2 s of patience: the workers of a run killed a moment ago may
     * still be exiting. */
    int tries = 0;
    while (flock(b->lock_fd, LOCK_EX | LOCK_NB) != 0 && ++tries < 40)
        usleep(50 * 1000);
    if (tries == 40)
        return rg_error_set(err, RG_ERR_IO, "%s: another raingan batch is writing into it; wait for it to finish",
                            dir);
    return 0;
}

/* Removes the hidden temporaries that an earlier, killed run left beside
 * the files this run writes (util/atomic_file.h). Safe: the directory's
 * lock is held, and only the names of this run's files are touched. */
static void remove_stale_temporaries(rg_batch *b)
{
    const char **names = malloc((b->count + 1) * sizeof *names);
    if (!names)
        return;
    for (size_t i = 0; i < b->count; i++) {
        const char *slash = strrchr(b->records[i].path, '/');
        names[i] = slash ? slash + 1 : b->records[i].path;
    }
    rg_atomic_remove_stale(b->spec.out_dir, names, b->count);
    free(names);
}

rg_batch *rg_batch_prepare(const rg_batch_spec *spec, rg_batch_input *where, rg_error *err)
{
    assert(spec->renderer && spec->db_path && spec->out_dir && spec->pattern && spec->opts && spec->workers >= 1);
    *where = RG_BATCH_INPUT_NONE;
    rg_batch *b = calloc(1, sizeof *b);
    if (!b) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    b->spec = *spec;
    b->lock_fd = -1;
    rg_store *store = rg_store_open(spec->db_path, RG_STORE_READ_ONLY, err);
    int rc = store ? select_records(b, store, where, err) : -1;
    rg_store_close(store);   /* never shared across a fork */
    if (rc == 0)
        rc = check_unique_names(b, where, err);
    if (rc == 0 && prepare_out_dir(b, err) < 0) {
        *where = RG_BATCH_INPUT_OUT_DIR;
        rc = -1;
    }
    if (rc < 0) {
        rg_batch_free(b);
        return NULL;
    }
    if (b->count)
        remove_stale_temporaries(b);
    return b;
}

size_t rg_batch_count(const rg_batch *b) { return b->count; }

const char *rg_batch_key(const rg_batch *b, size_t i)
{
    assert(i < b->count);
    return b->records[i].key;
}

const char *rg_batch_path(const rg_batch *b, size_t i)
{
    assert(i < b->count);
    return b->records[i].path;
}

static void free_records(rg_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        free(b->records[i].key);
        free(b->records[i].path);
    }
    free(b->records);
    b->records = NULL;
    b->count = 0;
}

void rg_batch_free(rg_batch *b)
{
    if (!b)
        return;
    free_records(b);
    if (b->lock_fd >= 0)
        close(b->lock_fd);
    free(b);
}

/* ---- in a worker ------------------------------------------------------------ */

static void worker_init(void *user)
{
    rg_batch *b = user;
    /* One flush of the whole output when the batch ends (rg_flush_output_dir)
     * instead of two fsyncs per file: each file is still renamed into place
     * only when complete. */
    rg_atomic_set_flush_each(0);
    rg_error err;
    b->store = rg_store_open(b->spec.db_path, RG_STORE_READ_ONLY, &err);
}

/* One record ("INDEX"); the job's warnings given again, to the pool's task. */
static int worker_render(void *user, const char *task, size_t len, rg_buf *reply, rg_error *err)
{
    rg_batch *b = user;
    char *end;
    long i = strtol(task, &end, 10);
    assert(end != task && !*end && i >= 0 && (size_t)i < b->count);
    /* A database that did not open at first is tried again for each record,
     * which then fails with the reason. */
    if (!b->store && !(b->store = rg_store_open(b->spec.db_path, RG_STORE_READ_ONLY, err)))
        return -1;
    rg_render_job job;
    rg_render_job_init(&job);
    int rc = rg_render_record(b->spec.renderer, b->store, b->records[i].key, b->spec.opts,
                              rg_render_to_path(b->records[i].path), &job);
    for (size_t k = 0; k < job.warning_count; k++)
        rg_warn("%s", job.warnings[k]);
    *err = job.err;
    rg_render_job_free(&job);
    return rc;
}

/* Before the worker exits: what it holds of the batch freed, so that
 * LeakSanitizer checks the workers too. */
static void worker_exit(void *user)
{
    rg_batch *b = user;
    rg_store_close(b->store);
    b->store = NULL;
    free_records(b);
}

/* ---- the run, in the parent ------------------------------------------------- */

static void feed_next(rg_batch *b)
{
    const rg_batch_events *ev = b->events;
    if (b->counts->stopped_io || b->pool_failed || b->next >= b->count || (ev->stopping && ev->stopping(ev->user)))
        return;
    char task[32];
    int n = snprintf(task, sizeof task, "%zu", b->next);
    if (rg_worker_pool_submit(b->pool, task, (size_t)n, (void *)(uintptr_t)b->next, &b->pool_err) < 0) {
        b->pool_failed = 1;
        return;
    }
    b->next++;
}

static void record_result(rg_batch *b, size_t i, const rg_error *err)
{
    const rg_batch_events *ev = b->events;
    record *r = &b->records[i];
    if (!err) {
        r->done = 1;
        b->counts->printed++;
        b->consecutive_io = 0;
    } else {
        r->done = -1;
        b->counts->failed++;
    }
    if (ev->record)
        ev->record(ev->user, i, err);
    if (err && err->code == RG_ERR_IO && ++b->consecutive_io >= RG_BATCH_MAX_CONSECUTIVE_IO &&
        !b->counts->stopped_io) {
        b->counts->stopped_io = 1;
        if (ev->io_stop)
            ev->io_stop(ev->user);
    }
}

/* A record's outcome (the pool's callback), then the next record. */
static void record_done(void *user, void *tag, const rg_task_outcome *o)
{
    rg_batch *b = user;
    const rg_batch_events *ev = b->events;
    size_t i = (size_t)(uintptr_t)tag;
    assert(i < b->count && b->records[i].done == 0);
    for (size_t k = 0; k < o->warning_count; k++)
        if (ev->warning)
            ev->warning(ev->user, i, o->warnings[k]);
    if (o->end == RG_TASK_RAN) {
        record_result(b, i, o->err.code == RG_OK ? NULL : &o->err);
    } else if (o->end == RG_TASK_WORKER_DIED) {
        rg_error err;
        if (WIFSIGNALED(o->wait_status))
            rg_error_set(&err, RG_ERR_INTERNAL, "the worker printing it was killed by signal %d (%s)",
                         WTERMSIG(o->wait_status), strsignal(WTERMSIG(o->wait_status)));
        else
            rg_error_set(&err, RG_ERR_INTERNAL, "the worker printing it exited with status %d",
                         WIFEXITED(o->wait_status) ? WEXITSTATUS(o->wait_status) : -1);
        record_result(b, i, &err);
    }
    /* RG_TASK_STOPPED: no worker was left to print it; it is not printed and
     * the run ends with the reason (worker_exited). */
    feed_next(b);
}

static void worker_exited(void *user, const rg_worker_exit *e)
{
    rg_batch *b = user;
    if (!e->stopping && !e->replaced && !b->pool_failed) {
        b->pool_failed = 1;
        b->pool_err = *e->spawn_error;
    }
}

int rg_batch_run(rg_batch *b, const rg_batch_events *events, rg_batch_counts *counts, rg_error *err)
{
    assert(!b->pool && b->next == 0);
    memset(counts, 0, sizeof *counts);
    if (!b->count)
        return 0;
    b->events = events;
    b->counts = counts;
    int workers = b->spec.workers;
    if ((size_t)workers > b->count)
        workers = (int)b->count;
    rg_worker_pool_config cfg = {
        .workers = workers, .max_queue = (size_t)workers, .child_init = worker_init, .run = worker_render,
        .child_exit = worker_exit, .done = record_done, .exited = worker_exited, .user = b,
    };
    b->pool = rg_worker_pool_start(&cfg, err);
    if (!b->pool)
        return -1;
    for (int k = 0; k < workers; k++)
        feed_next(b);
    int rc = 0;
    while (rg_worker_pool_pending(b->pool)) {
        if (rg_worker_pool_poll(b->pool, events->tick_ms > 0 ? events->tick_ms : 1000, err) < 0) {
            rc = -1;
            break;
        }
        if (events->tick)
            events->tick(events->user);
    }
    rg_worker_pool_stop(b->pool);
    b->pool = NULL;
    if (rc == 0 && b->pool_failed) {
        *err = b->pool_err;
        rc = -1;
    }
    /* Everything printed is on disk before the caller says so. */
    rg_error flush_err;
    if (counts->printed && rg_flush_output_dir(b->spec.out_dir, &flush_err) < 0 && rc == 0) {
        *err = flush_err;
        rc = -1;
    }
    return rc;
}
