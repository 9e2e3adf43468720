/* Printing many records into a directory: what `raingan batch` does, apart
 * from its options and what it prints (cli/cmd_batch.c).
 *
 * rg_batch_prepare selects the records (the form's kind, a filter; every
 * organization and key asked for must exist), names their files (render/
 * file_name.h; two records never share one), creates the output directory,
 * takes its lock (two runs never write into one directory) and removes the
 * hidden temporaries a killed run left beside this run's files.
 * rg_batch_run then renders them through the worker pool (worker_pool.h),
 * N at a time, each PDF written atomically, reporting every record's
 * outcome as it comes, and flushes the directory once at the end.
 *
 *   rg_batch *b = rg_batch_prepare(&spec, &where, &err);
 *   rg_batch_run(b, &events, &counts, &err);   ... events.record for each
 *   rg_batch_free(b);                           ... releases the lock
 *
 * Ownership and lifetime: the spec's renderer, options and strings are the
 * caller's and must outlive the batch; the batch owns its record list and
 * the directory's lock until rg_batch_free.
 *
 * Thread- and fork-safety: one thread; rg_batch_run forks the workers
 * (worker_pool.h), which share the renderer copy-on-write and open the
 * database read-only themselves. The events run in the calling process,
 * inside rg_batch_run. */
#ifndef RG_RENDER_BATCH_H
#define RG_RENDER_BATCH_H

#include <stddef.h>

#include "render/render.h"
#include "store/kinds.h"
#include "store/store.h"
#include "util/error.h"

/* Output errors in a row that stop a run (a full or read-only disk). */
#define RG_BATCH_MAX_CONSECUTIVE_IO 10

typedef struct rg_batch rg_batch;

typedef struct rg_batch_spec {
    rg_renderer *renderer;           /* the form, loaded */
    const char *db_path;             /* opened read-only */
    const char *out_dir;             /* created (with its parents) if missing */
    const char *pattern;             /* file names: render/file_name.h */
    rg_record_filter filter;         /* which records of the form's kind */
    const rg_render_options *opts;
    int workers;                     /* at most this many at a time, >= 1 */
} rg_batch_spec;

/* Which part of the spec an error of rg_batch_prepare is about, so that the
 * caller can name it as its user gave it (the message then starts with the
 * value: "no/such: no such organization in raingan.db"). */
typedef enum rg_batch_input {
    RG_BATCH_INPUT_NONE,             /* the database, the form */
    RG_BATCH_INPUT_ORG,              /* an organization of the filter */
    RG_BATCH_INPUT_KEY,              /* a key of the filter */
    RG_BATCH_INPUT_PATTERN,          /* the file name pattern (message after it) */
    RG_BATCH_INPUT_OUT_DIR           /* the output directory */
} rg_batch_input;

/* The records a batch of `kind` prints, in key order: fn for each (as
 * rg_store_select_records), once every organization of the filter is known
 * to exist, and then every key of the filter must have been selected (a key
 * asked for that selects nothing is a mistake worth stopping for). -1 with
 * err: RG_ERR_NOT_FOUND for a missing organization or key (*where ORG or
 * KEY, *which its index in the filter, the message starting with it), else
 * the store's or fn's error (*where NONE). Also the service's batches use
 * it (service/batch_jobs.c). */
int rg_batch_select(rg_store *store, const rg_kind_desc *kind, const rg_record_filter *filter, rg_record_fn fn,
                    void *user, rg_batch_input *where, size_t *which, rg_error *err);

/* Everything before the workers start. Returns NULL with err (and *where)
 * set, nothing created but the output directory. */
rg_batch *rg_batch_prepare(const rg_batch_spec *spec, rg_batch_input *where, rg_error *err);

/* The records selected, in key order. */
size_t rg_batch_count(const rg_batch *b);
const char *rg_batch_key(const rg_batch *b, size_t i);
const char *rg_batch_path(const rg_batch *b, size_t i);

/* What a run tells as it goes (NULL members: nothing). */
typedef struct rg_batch_events {
    /* A warning given while record i was printed. */
    void (*warning)(void *user, size_t i, const char *message);
    /* Record i is done: printed (err NULL) or failed (err: why; a worker
     * that died is RG_ERR_INTERNAL saying how). */
    void (*record)(void *user, size_t i, const rg_error *err);
    /* RG_BATCH_MAX_CONSECUTIVE_IO records in a row could not be written:
     * no further record starts. */
    void (*io_stop)(void *user);
    /* After each wait for the workers (a progress display redraws here). */
    void (*tick)(void *user);
    /* 1: start no further record (an interrupt); those running finish. */
    int (*stopping)(void *user);
    int tick_ms;                     /* the longest wait between ticks */
    void *user;
} rg_batch_events;

typedef struct rg_batch_counts {
    size_t printed, failed;          /* the rest were not started */
    int stopped_io;                  /* io_stop happened */
} rg_batch_counts;

/* Prints the records. Returns 0 when the run went through (records may
 * have failed: counts), -1 with err when it could not go on (no worker
 * could be started or replaced, the output could not be flushed). */
int rg_batch_run(rg_batch *b, const rg_batch_events *events, rg_batch_counts *counts, rg_error *err);

/* Frees the records and releases the directory's lock. NULL: nothing. */
void rg_batch_free(rg_batch *b);

#endif
