/* What `raingan serve` serves from: the forms loaded once, before the
 * workers fork, and in each worker the database opened read-only.
 *
 * The front process (http_front.c) loads this, then forks the render
 * workers (workers.h), which share the parsed templates and the fonts
 * copy-on-write, as `raingan batch` does; each worker then opens the store
 * itself (an SQLite handle never crosses a fork). Route handlers (route.h)
 * get it as their first argument. */
#ifndef RG_SERVICE_H
#define RG_SERVICE_H

#include <stddef.h>

#include "cli/render_job.h"
#include "store/store.h"
#include "util/error.h"

typedef struct rg_service_form {
    char *name;              /* the form's name: the only FORM a request may name */
    char *kind;              /* project, indicator, plan */
    char *description;
    rg_renderer *renderer;   /* template and fonts, loaded before the fork */
} rg_service_form;

typedef struct rg_service {
    const char *db_path;     /* --db: the database, opened read-only by each worker */
    char *templates_dir;
    rg_service_form *forms;
    size_t form_count;
    rg_store *store;         /* in a worker: the open database; NULL in the front */
    rg_error store_error;    /* in a worker whose database did not open: why */
    int worker_count;        /* -j */
    /* Batches (batch_jobs.h): records per job, jobs kept, seconds a
     * finished job is kept. */
    size_t batch_max_records, batch_max_jobs;
    unsigned batch_expiry_s;
    /* Counters kept by the front for GET /health. */
    unsigned long requests_served, workers_replaced;
} rg_service;

/* Loads every form of templates_dir (NULL: the default, render/render.h) with
 * its renderer. A form that does not load is an error naming it. */
int rg_service_load(rg_service *svc, const char *db_path, const char *templates_dir, rg_error *err);
void rg_service_free(rg_service *svc);

/* The form named `name` exactly, or NULL. */
rg_service_form *rg_service_form_find(rg_service *svc, const char *name);

/* Prints the first stored record of each form once and drops the PDF, so
 * that the caches a render fills on first use are filled before a request
 * waits for them: in the front before the workers fork (store NULL: the
 * database is opened and closed again), the font faces, shaping and
 * line-break caches, shared by every worker and replacement; in each new
 * worker (its store), what belongs to its database connection (the
 * template's check, SQLite's schema and statements). */
void rg_service_warm_up(rg_service *svc, rg_store *store);

/* In a worker, after the fork: opens the store read-only (svc->store), or
 * leaves it NULL with the reason in svc->store_error. */
void rg_service_worker_open(rg_service *svc);

#endif
