/* The service's render workers: the worker pool (render/worker_pool.h),
 * forked from the front after the forms and fonts are loaded (service.h),
 * so they share them copy-on-write, with the service's requests as its
 * tasks and its replies as theirs.
 *
 * The front hands a worker one request at a time (the request encoded with
 * its route; the worker runs the route's handler and sends the reply back),
 * so a slow render never holds up the others and the front's event loop
 * never blocks on one. Requests wait in a bounded queue
 * while every worker is busy. A worker that dies (a crash, SIGKILL, the OOM
 * killer) fails only the request it held, with a 500 naming what happened,
 * and is replaced at once; one that exceeds the render time limit is killed
 * and its request answered 503. */
#ifndef RG_SERVICE_WORKERS_H
#define RG_SERVICE_WORKERS_H

#include <stddef.h>

#include "service/route.h"
#include "service/service.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_workers rg_workers;

/* Called in the front with the worker's reply to the request `tag` (the
 * callee owns the reply and frees it). */
typedef void (*rg_workers_done_fn)(void *user, void *tag, rg_reply *reply);
/* Called in each new worker right after the fork: closes every descriptor
 * of the front's (listening socket, connections, event sets). */
typedef void (*rg_workers_child_fn)(void *user);

typedef struct rg_workers_config {
    int workers;              /* how many, >= 1 */
    unsigned job_timeout_s;   /* a render running longer is killed (503) */
    size_t max_queue;         /* requests waiting for a worker at most; then 503 */
    rg_service *svc;
    rg_workers_done_fn done;
    rg_workers_child_fn child_setup;
    void *user;
} rg_workers_config;

/* Forks the workers (render/worker_pool.h). Returns NULL with err set when
 * a process or socket cannot be made. */
rg_workers *rg_workers_start(const rg_workers_config *cfg, rg_error *err);

/* Hands the request (route table `table`, entry `index`) to an idle worker,
 * or queues it. Returns 0, or -1 when the queue is full or the request
 * cannot be encoded (nothing is queued then; `done` is not called). */
int rg_workers_submit(rg_workers *w, const rg_request *req, size_t table, size_t index, void *tag);

/* For the front's event loop: readable when the workers have sent
 * something; then, and now and then for the time limit, rg_workers_poll. */
int rg_workers_fd(const rg_workers *w);
/* Handles what the workers sent (replies through `done`; a worker that died
 * is replaced) and kills renders past the time limit. Never blocks. */
void rg_workers_poll(rg_workers *w);

/* Requests being rendered or waiting. */
size_t rg_workers_pending(const rg_workers *w);
int rg_workers_count(const rg_workers *w);
/* Each worker's pid (for /health), i < rg_workers_count. */
int rg_workers_pid(const rg_workers *w, int i);

/* Closes the workers' sockets (they finish and exit) and waits for them.
 * Requests still queued or in flight are answered 503 through `done`. */
void rg_workers_stop(rg_workers *w);

/* The messages between the front and a worker (exposed for the unit test). */
int rg_request_encode(const rg_request *req, size_t table, size_t index, rg_buf *out);
int rg_request_decode(const char *data, size_t len, rg_request *req, size_t *table, size_t *index);
int rg_reply_encode(const rg_reply *reply, rg_buf *out);
int rg_reply_decode(const char *data, size_t len, rg_reply *reply);

#endif
