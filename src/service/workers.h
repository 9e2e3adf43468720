/* The service's render workers: processes forked from the front after the
 * forms and fonts are loaded (service.h), so they share them copy-on-write.
 *
 * The front hands a worker one request at a time over a socket pair (the
 * request encoded with its route; the worker runs the route's handler and
 * sends the reply back), so a slow render never holds up the others and the
 * front's event loop never blocks on one. Requests wait in a bounded queue
 * while every worker is busy. A worker that dies (a crash, SIGKILL, the OOM
 * killer) fails only the request it held, with a 500 naming what happened,
 * and is replaced at once; one that exceeds the render time limit is killed
 * and its request answered 503. */
#ifndef RG_SERVICE_WORKERS_H
#define RG_SERVICE_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include "service/route.h"
#include "service/service.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_pool rg_pool;

/* Called in the front with the worker's reply to the request `tag` (the
 * callee owns the reply and frees it). */
typedef void (*rg_pool_done_fn)(void *user, void *tag, rg_reply *reply);
/* Called in each new worker right after the fork: closes every descriptor
 * of the front's (listening socket, connections, event sets). */
typedef void (*rg_pool_child_fn)(void *user);

typedef struct rg_pool_config {
    int workers;              /* how many, >= 1 */
    unsigned job_timeout_s;   /* a render running longer is killed (503) */
    size_t max_queue;         /* requests waiting for a worker at most; then 503 */
    rg_service *svc;
    int epoll_fd;             /* the front's: worker sockets are added with
                                 data.u64 = RG_POOL_EVENT_BASE + worker index */
    rg_pool_done_fn done;
    rg_pool_child_fn child_setup;
    void *user;
} rg_pool_config;

#define RG_POOL_EVENT_BASE ((uint64_t)1 << 40)

/* Forks the workers. Returns NULL with err set when a process or socket
 * cannot be made. */
rg_pool *rg_pool_start(const rg_pool_config *cfg, rg_error *err);

/* Hands the request (route table `table`, entry `index`) to an idle worker,
 * or queues it. Returns 0, or -1 when the queue is full or the request
 * cannot be encoded (nothing is queued then). */
int rg_pool_submit(rg_pool *p, const rg_request *req, size_t table, size_t index, void *tag);

/* The front's event loop: a worker's socket (event data - RG_POOL_EVENT_BASE)
 * is readable: reads its reply; a worker that closed it has died and is
 * replaced. */
void rg_pool_readable(rg_pool *p, unsigned index);
/* Kills workers whose render passed the time limit; `now` in seconds (monotonic). */
void rg_pool_tick(rg_pool *p, double now);

/* Requests being rendered or waiting. */
size_t rg_pool_pending(const rg_pool *p);
int rg_pool_worker_count(const rg_pool *p);
/* Each worker's pid (for /health), count = rg_pool_worker_count. */
int rg_pool_worker_pid(const rg_pool *p, int i);
/* In a freshly forked child (any process but the front's workers): closes
 * the pool's sockets. */
void rg_pool_close_in_child(rg_pool *p);

/* Closes the workers' sockets (they finish and exit) and waits for them.
 * Requests still queued are answered 503 through `done`. */
void rg_pool_stop(rg_pool *p);

/* The messages between the front and a worker (exposed for the unit test). */
int rg_request_encode(const rg_request *req, size_t table, size_t index, rg_buf *out);
int rg_request_decode(const char *data, size_t len, rg_request *req, size_t *table, size_t *index);
int rg_reply_encode(const rg_reply *reply, rg_buf *out);
int rg_reply_decode(const char *data, size_t len, rg_reply *reply);

#endif
