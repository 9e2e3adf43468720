/* The worker pool: how raingan renders many records at once. One pool,
 * used by `raingan batch -j N` (cli/cmd_batch.c) and by the service's
 * render workers (service/workers.c).
 *
 * Why here, in src/render: a renderer serves one thread at a time, and
 * "parallel work forks after loading" (render.h); this is that fork, the
 * one way raingan runs render jobs side by side. The pool itself knows
 * nothing of records or HTTP (its tasks and replies are bytes, encoded by
 * its users) and uses only util, so it sits at the bottom of render with
 * no dependency on render.c.
 *
 * How it works: rg_worker_pool_start forks N worker processes from the
 * calling process after it has loaded what they need (templates, fonts:
 * rg_renderer_new), so they share it copy-on-write. Each worker runs
 * cfg.child_init (open its database, warm caches), says it is ready, then
 * runs one task at a time with cfg.run until the pool closes its socket.
 * The parent hands out tasks (rg_worker_pool_submit) to ready idle workers,
 * keeps those that find none in a bounded first-come-first-served queue,
 * and delivers each task's outcome exactly once through cfg.done: the
 * worker's reply, error (code and message) and the warnings given while it
 * ran. A worker that dies (crash, SIGKILL, OOM killer) or passes the task
 * time limit (then the pool kills it) fails the task it held, with an
 * outcome saying so, and is replaced by a fresh fork; a task is never
 * dropped silently. rg_worker_pool_stop stops gracefully: queued tasks end
 * as RG_TASK_STOPPED, every worker finishes what it is running and exits.
 *
 *   rg_worker_pool_config cfg = {.workers = 4, .max_queue = 4, .run = run_one,
 *                                .done = record_done, .user = &state};
 *   rg_worker_pool *p = rg_worker_pool_start(&cfg, &err);
 *   rg_worker_pool_submit(p, &index, sizeof index, job, &err);   ... up to 4 + 4
 *   while (rg_worker_pool_pending(p))
 *       rg_worker_pool_poll(p, 1000, &err);   // record_done runs in here
 *   rg_worker_pool_stop(p);
 *
 * An event loop instead watches rg_worker_pool_fd (readable: call
 * rg_worker_pool_poll(p, 0, ...)) and calls rg_worker_pool_poll(p, 0, ...)
 * now and then for the time limit (the service: http_front.c).
 *
 * Ownership and lifetime: the pool copies each task's bytes at submit; a
 * tag is the caller's and is handed back in its outcome, never touched.
 * An outcome (and its reply, message and warnings) is valid during the
 * done call only. The pool owns the workers: rg_worker_pool_stop reaps
 * every one and frees the pool.
 *
 * Thread- and fork-safety: one thread uses a pool (the one that started
 * it); the callbacks run on it, inside rg_worker_pool_poll or
 * rg_worker_pool_stop. cfg.done may submit tasks but must not poll or stop
 * the pool. Forking with other threads running copies only the forking one:
 * start the pool while the process has no helper thread at work (render.h's
 * loaders finish theirs before a fork). In a worker, helper threads are
 * disallowed (util/thread.h: the workers already keep the CPUs busy),
 * SIGINT, SIGTERM and SIGHUP are ignored (the parent decides when to
 * stop) and the worker dies with the parent (PR_SET_PDEATHSIG). Every
 * descriptor of the pool is close-on-exec and closed in the workers; the
 * caller closes its own in cfg.child_init. */
#ifndef RG_RENDER_WORKER_POOL_H
#define RG_RENDER_WORKER_POOL_H

#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/error.h"

typedef struct rg_worker_pool rg_worker_pool;

/* How a task ended. */
typedef enum rg_task_end {
    RG_TASK_RAN,          /* the worker ran it: err.code is RG_OK or run's error */
    RG_TASK_WORKER_DIED,  /* the worker died while running it (wait_status) */
    RG_TASK_TIMED_OUT,    /* it ran past task_timeout_s; the pool killed the worker */
    RG_TASK_STOPPED       /* the pool stopped (or lost every worker) before it ended */
} rg_task_end;

/* A task's outcome, in the parent. */
typedef struct rg_task_outcome {
    rg_task_end end;
    /* RG_TASK_RAN: what run returned (code RG_OK and "" on success).
     * Otherwise code RG_ERR_INTERNAL and a message saying what happened
     * ("the worker running it was killed by signal 9 (Killed)"). */
    rg_error err;
    const char *reply;            /* RG_TASK_RAN: the bytes run put in its reply */
    size_t reply_len;
    const char *const *warnings;  /* given while it ran, in order (RG_TASK_RAN) */
    size_t warning_count;
    int worker;                   /* the worker's index, -1 if none took it */
    pid_t pid;                    /* that worker's process, 0 if none */
    int wait_status;              /* WORKER_DIED, TIMED_OUT: as waitpid gave it */
} rg_task_outcome;

/* In a worker: runs one task (`len` bytes at `task`, NUL-terminated for
 * convenience) and appends what goes back to `reply`. Returns 0, or -1
 * with err set. Warnings given on the calling thread while it runs
 * (rg_warn) are the task's (rg_warning_capture_begin). */
typedef int (*rg_worker_run_fn)(void *user, const char *task, size_t len, rg_buf *reply, rg_error *err);
/* In a worker, right after the fork (child_init: before it says it is
 * ready, so a warm-up never counts against a task's time limit) or before
 * it exits 0 (child_exit: free the caller's memory, so that LeakSanitizer
 * checks the workers too). */
typedef void (*rg_worker_child_fn)(void *user);
/* In the parent: the outcome of the task submitted with `tag`, once. */
typedef void (*rg_task_done_fn)(void *user, void *tag, const rg_task_outcome *outcome);

/* In the parent: a worker process ended and was reaped. */
typedef struct rg_worker_exit {
    int worker;            /* its index, 0 .. workers-1 */
    pid_t pid;
    int wait_status;       /* as waitpid gave it */
    int stopping;          /* 1: it ended because the pool stopped */
    int replaced;          /* 1: a new worker took its place */
    const rg_error *spawn_error;  /* not replaced because this happened, or NULL */
} rg_worker_exit;
typedef void (*rg_worker_exit_fn)(void *user, const rg_worker_exit *e);

typedef struct rg_worker_pool_config {
    int workers;                  /* how many processes, >= 1 */
    size_t max_queue;             /* tasks that may wait for a worker, >= 1 */
    unsigned task_timeout_s;      /* a task running longer is killed; 0: no limit */
    rg_worker_child_fn child_init;  /* NULL: nothing */
    rg_worker_run_fn run;           /* required */
    rg_worker_child_fn child_exit;  /* NULL: nothing */
    rg_task_done_fn done;           /* required */
    rg_worker_exit_fn exited;       /* NULL: nothing */
    void *user;                     /* given to every callback */
} rg_worker_pool_config;

/* Forks cfg->workers workers. Returns NULL with err set (RG_ERR_IO: a
 * process or socket cannot be made; RG_ERR_NOMEM) and no process left. */
rg_worker_pool *rg_worker_pool_start(const rg_worker_pool_config *cfg, rg_error *err);

/* Hands task (`len` bytes, copied) to an idle ready worker, or queues it
 * behind those waiting. Its outcome comes later, through cfg.done, exactly
 * once. Returns 0, or -1 with err and nothing queued (and no outcome will
 * come): RG_ERR_IO when the queue is full, the pool is stopping or has no
 * worker left; RG_ERR_NOMEM. */
int rg_worker_pool_submit(rg_worker_pool *p, const void *task, size_t len, void *tag, rg_error *err);

/* Waits up to timeout_ms (0: not at all, -1: until something happens) for
 * the workers, then handles what they sent: outcomes delivered (cfg.done),
 * dead workers replaced, queued tasks handed out, tasks past the time limit
 * killed. Returns how many outcomes it delivered, or -1 with err when the
 * waiting itself failed. An interrupting signal returns 0 early. */
int rg_worker_pool_poll(rg_worker_pool *p, int timeout_ms, rg_error *err);

/* A descriptor readable when rg_worker_pool_poll has something to do (for
 * the caller's own poll/epoll set; the pool's, never to be closed). */
int rg_worker_pool_fd(const rg_worker_pool *p);

/* Tasks submitted whose outcome has not been delivered yet. */
size_t rg_worker_pool_pending(const rg_worker_pool *p);
/* cfg.workers. */
int rg_worker_pool_size(const rg_worker_pool *p);
/* Worker i's process (0 while none runs in its place). */
pid_t rg_worker_pool_pid(const rg_worker_pool *p, int i);

/* Stops: queued tasks end as RG_TASK_STOPPED; each worker's socket is
 * closed, so it finishes the task it runs (whose outcome is then
 * RG_TASK_STOPPED: drain first with rg_worker_pool_poll to have it) and
 * exits; every worker is reaped (cfg.exited, stopping = 1) and the pool
 * freed. NULL: nothing. */
void rg_worker_pool_stop(rg_worker_pool *p);

#endif
