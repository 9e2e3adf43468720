/* The worker pool (worker_pool.h): forked workers, one task at a time each,
 * every outcome delivered once, dead workers replaced.
 *
 * Each worker talks to the parent over its own socket pair. A message is a
 * frame: a 4-byte length, then its bytes. Parent to worker: a task's bytes.
 * Worker to parent: first an empty frame (ready, after child_init), then
 * one result frame per task: its error code, message, warnings and reply,
 * numbers as 4 bytes, strings and the reply as a length, their bytes and a
 * NUL (so that the parent reads them in place). A worker is given a task
 * only when ready and idle, so a result frame always answers the task it
 * holds; anything else is a broken worker, killed and replaced. */
#include "render/worker_pool.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/heap.h"
#include "util/thread.h"
#include "util/wire.h"

#define FRAME_MAX ((uint32_t)1 << 30)
#define MAX_WARNINGS 10000        /* per task: more are dropped, the count says so */
#define MAX_START_FAILURES 3      /* a slot whose workers die this often before ready stays empty */
#define BIG_BUFFER (1u << 22)     /* a worker's buffers past this go back after the task */

typedef struct queued_task {
    rg_buf frame;           /* the task, framed */
    void *tag;
} queued_task;

typedef struct worker {
    pid_t pid;              /* 0: no process in this slot */
    int fd;                 /* -1: none */
    int ready;              /* it said so: it may get tasks */
    int busy;               /* it holds a task (tag) */
    void *tag;
    double started;         /* when it got the task */
    int timed_out;          /* killed for passing the time limit */
    int start_failures;     /* deaths before ready, in a row */
    rg_buf in;              /* frames read, not yet handled */
} worker;

struct rg_worker_pool {
    rg_worker_pool_config cfg;
    worker *workers;
    queued_task *queue;     /* a ring of cfg.max_queue */
    size_t queue_head, queue_len;
    size_t pending;         /* submitted, outcome not delivered */
    int epfd;               /* the worker sockets, event data = index */
    int stopping;
    int in_callback;        /* inside cfg.done: no poll, no stop */
    unsigned long delivered;
};

/* In a worker: the pool it came from, kept reachable until it exits (its
 * queue holds the parent's tags, which LeakSanitizer must not call lost). */
static rg_worker_pool *worker_of;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t got = read(fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

static int write_full(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t put = send(fd, p, n, MSG_NOSIGNAL);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return -1;
        p += put;
        n -= (size_t)put;
    }
    return 0;
}

/* ---- frames ---------------------------------------------------------------- */

static void frame_begin(rg_buf *b)
{
    rg_buf_reset(b);
    rg_wire_put_u32(b, 0);
}

static int frame_end(rg_buf *b, int rc)
{
    if (rc < 0 || !b->data || b->len - 4 > FRAME_MAX)
        return -1;
    uint32_t n = (uint32_t)(b->len - 4);
    memcpy(b->data, &n, sizeof n);
    return 0;
}

/* ---- in a worker ----------------------------------------------------------- */

typedef struct warnings {
    char **items;
    size_t count, dropped;
} warnings;

static void collect_warning(const char *message, void *user)
{
    warnings *w = user;
    char **items = w->count < MAX_WARNINGS ? realloc(w->items, (w->count + 1) * sizeof *items) : NULL;
    char *copy = items ? strdup(message) : NULL;
    if (items)
        w->items = items;
    if (!copy) {
        w->dropped++;
        return;
    }
    w->items[w->count++] = copy;
}

static void warnings_clear(warnings *w)
{
    for (size_t i = 0; i < w->count; i++)
        free(w->items[i]);
    free(w->items);
    memset(w, 0, sizeof *w);
}

static int encode_result(rg_buf *out, const rg_error *err, const warnings *warns, const rg_buf *reply)
{
    frame_begin(out);
    char dropped[80];
    snprintf(dropped, sizeof dropped, "%zu more warnings were dropped", warns->dropped);
    int rc = rg_wire_put_u32(out, (uint32_t)err->code) | rg_wire_put_str(out, err->message) |
             rg_wire_put_u32(out, (uint32_t)(warns->count + (warns->dropped > 0)));
    for (size_t i = 0; i < warns->count && rc == 0; i++)
        rc = rg_wire_put_str(out, warns->items[i]);
    if (warns->dropped && rc == 0)
        rc = rg_wire_put_str(out, dropped);
    if (rc == 0)
        rc = rg_wire_put_bytes(out, reply->data ? reply->data : "", reply->len);
    return frame_end(out, rc);
}

/* One task at a time until the parent closes the socket. */
static void worker_loop(rg_worker_pool *p, int fd)
{
    rg_buf task = RG_BUF_INIT, reply = RG_BUF_INIT, out = RG_BUF_INIT;
    for (;;) {
        uint32_t n;
        if (read_full(fd, &n, sizeof n) < 0 || n > FRAME_MAX)
            break;
        rg_buf_reset(&task);
        if (rg_buf_reserve(&task, (size_t)n + 1) < 0 || read_full(fd, task.data, n) < 0)
            break;
        task.len = n;
        task.data[n] = '\0';
        rg_buf_reset(&reply);
        rg_error err;
        rg_error_clear(&err);
        warnings warns = {NULL, 0, 0};
        rg_warning_capture saved;
        rg_warning_capture_begin(collect_warning, &warns, &saved);
        int rc = p->cfg.run(p->cfg.user, task.data, task.len, &reply, &err);
        rg_warning_capture_end(&saved);
        if (rc < 0 && err.code == RG_OK)
            rg_error_set(&err, RG_ERR_INTERNAL, "%s", err.message[0] ? err.message : "failed without saying why");
        if (rc == 0)
            rg_error_clear(&err);
        int sent = encode_result(&out, &err, &warns, &reply);
        warnings_clear(&warns);
        if (sent < 0) {
            /* The reply is too big or memory ran out: the task fails, said whole. */
            rg_buf_free(&reply);
            rg_error_set(&err, RG_ERR_NOMEM, "its reply could not be sent back (out of memory, or over 1 GiB)");
            sent = encode_result(&out, &err, &warns, &reply);
        }
        if (sent < 0 || write_full(fd, out.data, out.len) < 0)
            break;
        /* A big task's memory goes back, so a worker stays the same size. */
        if (out.cap > BIG_BUFFER)
            rg_buf_free(&out);
        if (reply.cap > BIG_BUFFER)
            rg_buf_free(&reply);
        if (task.cap > BIG_BUFFER)
            rg_buf_free(&task);
    }
    rg_buf_free(&task);
    rg_buf_free(&reply);
    rg_buf_free(&out);
}

/* The new process, from the fork to its exit: never returns. */
static void worker_main(rg_worker_pool *p, int fd, pid_t parent) __attribute__((noreturn));
static void worker_main(rg_worker_pool *p, int fd, pid_t parent)
{
    worker_of = p;
    /* Dies with the parent; stopping is the parent's decision (it closes
     * the socket), so the signals a terminal or a service manager sends
     * the whole group are the parent's to act on. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int i = 0; i < p->cfg.workers; i++)
        if (p->workers[i].fd >= 0)
            close(p->workers[i].fd);
    close(p->epfd);
    /* The workers already keep the CPUs busy: no helper threads. */
    rg_thread_set_allowed(0);
    /* One document after another: keep the heap between them (heap.h). */
    (void)rg_heap_keep_between_documents();
    if (p->cfg.child_init)
        p->cfg.child_init(p->cfg.user);
    uint32_t ready = 0;
    if (write_full(fd, &ready, sizeof ready) == 0)
        worker_loop(p, fd);
    close(fd);
    if (p->cfg.child_exit)
        p->cfg.child_exit(p->cfg.user);
    exit(0);
}

/* ---- in the parent --------------------------------------------------------- */

static int live_workers(const rg_worker_pool *p)
{
    int n = 0;
    for (int i = 0; i < p->cfg.workers; i++)
        n += p->workers[i].fd >= 0;
    return n;
}

static int spawn(rg_worker_pool *p, int i, rg_error *err)
{
    worker *w = &p->workers[i];
    assert(w->fd < 0 && w->pid == 0 && !w->busy);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return rg_error_set(err, RG_ERR_IO, "cannot make a socket for a worker: %s", strerror(errno));
    pid_t parent = getpid();
    fflush(NULL);   /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        return rg_error_set(err, RG_ERR_IO, "cannot start a worker process: %s", strerror(e));
    }
    if (pid == 0) {
        close(sv[0]);
        worker_main(p, sv[1], parent);
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    w->ready = 0;
    w->busy = 0;
    w->tag = NULL;
    w->timed_out = 0;
    rg_buf_reset(&w->in);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, w->fd, &ev) != 0) {
        /* Unwatched, it would never be heard: end it now. */
        int e = errno;
        close(w->fd);
        w->fd = -1;
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        w->pid = 0;
        return rg_error_set(err, RG_ERR_IO, "cannot watch a worker: %s", strerror(e));
    }
    return 0;
}

static void deliver(rg_worker_pool *p, void *tag, const rg_task_outcome *o)
{
    assert(p->pending > 0);
    assert(!p->in_callback);
    p->pending--;
    p->delivered++;
    p->in_callback = 1;
    p->cfg.done(p->cfg.user, tag, o);
    p->in_callback = 0;
}

/* An outcome that did not come from run. */
static void deliver_failure(rg_worker_pool *p, void *tag, rg_task_end end, int i, pid_t pid, int status,
                            const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void deliver_failure(rg_worker_pool *p, void *tag, rg_task_end end, int i, pid_t pid, int status,
                            const char *fmt, ...)
{
    rg_task_outcome o;
    memset(&o, 0, sizeof o);
    o.end = end;
    o.err.code = RG_ERR_INTERNAL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o.err.message, sizeof o.err.message, fmt, ap);
    va_end(ap);
    o.reply = "";
    o.worker = i;
    o.pid = pid;
    o.wait_status = status;
    deliver(p, tag, &o);
}

static void send_task(rg_worker_pool *p, int i, const rg_buf *frame, void *tag)
{
    worker *w = &p->workers[i];
    assert(w->fd >= 0 && w->ready && !w->busy);
    w->busy = 1;
    w->tag = tag;
    w->started = now_s();
    w->timed_out = 0;
    /* The worker is idle, so it is reading: a blocking write drains. If it
     * has just died, its end of file comes next and fails the task. */
    (void)write_full(w->fd, frame->data, frame->len);
}

static int idle_worker(const rg_worker_pool *p)
{
    for (int i = 0; i < p->cfg.workers; i++)
        if (p->workers[i].fd >= 0 && p->workers[i].ready && !p->workers[i].busy)
            return i;
    return -1;
}

/* The next queued task to worker i, if it is ready and idle. */
static void feed(rg_worker_pool *p, int i)
{
    worker *w = &p->workers[i];
    if (!p->queue_len || w->fd < 0 || !w->ready || w->busy)
        return;
    queued_task *q = &p->queue[p->queue_head];
    p->queue_head = (p->queue_head + 1) % p->cfg.max_queue;
    p->queue_len--;
    send_task(p, i, &q->frame, q->tag);
    rg_buf_free(&q->frame);
}

static queued_task *dequeue(rg_worker_pool *p, queued_task *out)
{
    if (!p->queue_len)
        return NULL;
    *out = p->queue[p->queue_head];
    p->queue_head = (p->queue_head + 1) % p->cfg.max_queue;
    p->queue_len--;
    return out;
}

/* Every worker gone for good: what waits would wait forever. */
static void fail_queue_if_no_worker(rg_worker_pool *p, const char *why)
{
    if (live_workers(p))
        return;
    queued_task q;
    while (dequeue(p, &q)) {
        rg_buf_free(&q.frame);
        deliver_failure(p, q.tag, RG_TASK_STOPPED, -1, 0, 0, "no worker is running: %s", why);
    }
}

static void describe_status(int status, char *out, size_t size)
{
    if (WIFSIGNALED(status))
        snprintf(out, size, "was killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(out, size, "exited with status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Worker i has closed its socket or broken the protocol (then it was
 * killed): reaps it, fails its task, starts another in its place. */
static void lost(rg_worker_pool *p, int i)
{
    worker *w = &p->workers[i];
    assert(w->fd >= 0 && w->pid > 0);
    epoll_ctl(p->epfd, EPOLL_CTL_DEL, w->fd, NULL);
    close(w->fd);
    w->fd = -1;
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    pid_t pid = w->pid;
    w->pid = 0;
    w->start_failures = w->ready ? 0 : w->start_failures + 1;
    w->ready = 0;
    rg_buf_reset(&w->in);
    if (w->in.cap > BIG_BUFFER)
        rg_buf_free(&w->in);
    char how[160];
    describe_status(status, how, sizeof how);
    void *tag = w->tag;
    int busy = w->busy, timed_out = w->timed_out;
    w->busy = 0;
    w->tag = NULL;
    /* The replacement first, so that a task submitted from the outcome's
     * callback finds a worker to wait for. */
    rg_error err;
    rg_error_clear(&err);
    int replaced = 0;
    if (p->stopping)
        rg_error_set(&err, RG_ERR_IO, "the pool is stopping");
    else if (w->start_failures >= MAX_START_FAILURES)
        rg_error_set(&err, RG_ERR_IO, "worker %d died %d times in a row before it was ready (it last %s)", i,
                     w->start_failures, how);
    else
        replaced = spawn(p, i, &err) == 0;
    if (busy && timed_out)
        deliver_failure(p, tag, RG_TASK_TIMED_OUT, i, pid, status,
                        "it ran longer than the limit of %u s; its worker was stopped", p->cfg.task_timeout_s);
    else if (busy)
        deliver_failure(p, tag, RG_TASK_WORKER_DIED, i, pid, status, "the worker running it %s", how);
    if (p->cfg.exited) {
        rg_worker_exit e = {i, pid, status, 0, replaced, replaced ? NULL : &err};
        p->cfg.exited(p->cfg.user, &e);
    }
    if (!replaced)
        fail_queue_if_no_worker(p, err.message);
}

/* A result frame from worker i (`n` bytes at `data`): its task's outcome. */
static int take_result(rg_worker_pool *p, int i, const char *data, uint32_t n)
{
    worker *w = &p->workers[i];
    rg_wire_reader r = rg_wire_reader_of(data, n);
    rg_task_outcome o;
    memset(&o, 0, sizeof o);
    o.end = RG_TASK_RAN;
    o.worker = i;
    o.pid = w->pid;
    uint32_t code = rg_wire_get_u32(&r);
    size_t len;
    const char *message = rg_wire_get_bytes(&r, &len);
    uint32_t count = rg_wire_get_u32(&r);
    if (!message || r.bad || count > MAX_WARNINGS + 1 || code > RG_ERR_NOT_FOUND)
        return -1;
    const char **warns = count ? malloc(count * sizeof *warns) : NULL;
    if (count && !warns)
        return -1;
    int missing = 0;
    for (uint32_t k = 0; k < count; k++)
        missing |= !(warns[k] = rg_wire_get_bytes(&r, &len));
    o.reply = rg_wire_get_bytes(&r, &o.reply_len);
    if (missing || !o.reply || !rg_wire_done(&r)) {
        free(warns);
        return -1;
    }
    o.err.code = (rg_error_code)code;
    snprintf(o.err.message, sizeof o.err.message, "%s", message);
    o.warnings = warns;
    o.warning_count = count;
    void *tag = w->tag;
    w->busy = 0;
    w->tag = NULL;
    deliver(p, tag, &o);
    free(warns);
    return 0;
}

/* Handles the whole frames worker i has sent. -1: it broke the protocol
 * (and was killed). */
static int take_frames(rg_worker_pool *p, int i)
{
    worker *w = &p->workers[i];
    size_t at = 0;
    int rc = 0;
    while (rc == 0 && w->in.len - at >= 4) {
        uint32_t n;
        memcpy(&n, w->in.data + at, sizeof n);
        if (n > FRAME_MAX) {
            rc = -1;
            break;
        }
        if (w->in.len - at - 4 < n)
            break;
        const char *frame = w->in.data + at + 4;
        at += 4 + (size_t)n;
        if (!w->ready) {
            if (n != 0)
                rc = -1;   /* its first word must be ready */
            w->ready = 1;
        } else if (!w->busy) {
            rc = -1;       /* nothing asked, nothing to answer */
        } else {
            rc = take_result(p, i, frame, n);
        }
    }
    /* deliver may have submitted to this worker: its buffer is untouched
     * by that, and what it answers is read later. */
    if (rc < 0) {
        kill(w->pid, SIGKILL);
        return -1;
    }
    if (at) {
        memmove(w->in.data, w->in.data + at, w->in.len - at);
        w->in.len -= at;
    }
    feed(p, i);
    return 0;
}

/* Worker i's socket is readable. */
static void readable(rg_worker_pool *p, int i)
{
    worker *w = &p->workers[i];
    if (w->fd < 0)
        return;
    int eof = 0;
    for (;;) {
        if (rg_buf_reserve(&w->in, 65536) < 0) {
            kill(w->pid, SIGKILL);   /* what it sends cannot be held: fail its task */
            lost(p, i);
            return;
        }
        ssize_t got = recv(w->fd, w->in.data + w->in.len, 65536, MSG_DONTWAIT);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (got <= 0) {
            eof = 1;
            break;
        }
        w->in.len += (size_t)got;
    }
    /* A result sent just before dying still counts. */
    if (take_frames(p, i) < 0 || eof)
        lost(p, i);
}

static void check_time_limits(rg_worker_pool *p)
{
    if (!p->cfg.task_timeout_s)
        return;
    double now = now_s();
    for (int i = 0; i < p->cfg.workers; i++) {
        worker *w = &p->workers[i];
        if (w->busy && !w->timed_out && now - w->started > p->cfg.task_timeout_s) {
            w->timed_out = 1;
            kill(w->pid, SIGKILL);   /* its end of file then fails the task */
        }
    }
}

rg_worker_pool *rg_worker_pool_start(const rg_worker_pool_config *cfg, rg_error *err)
{
    assert(cfg->workers >= 1 && cfg->max_queue >= 1 && cfg->run && cfg->done);
    rg_worker_pool *p = calloc(1, sizeof *p);
    if (p) {
        p->workers = calloc((size_t)cfg->workers, sizeof *p->workers);
        p->queue = calloc(cfg->max_queue, sizeof *p->queue);
        p->epfd = epoll_create1(EPOLL_CLOEXEC);
    }
    if (!p || !p->workers || !p->queue || p->epfd < 0) {
        int e = errno;
        if (p) {
            free(p->workers);
            free(p->queue);
            if (p->epfd >= 0)
                close(p->epfd);
        }
        free(p);
        if (p && e != ENOMEM)
            rg_error_set(err, RG_ERR_IO, "cannot make an epoll set: %s", strerror(e));
        else
            rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    p->cfg = *cfg;
    for (int i = 0; i < cfg->workers; i++)
        p->workers[i].fd = -1;
    for (int i = 0; i < cfg->workers; i++) {
        if (spawn(p, i, err) < 0) {
            rg_worker_pool_stop(p);
            return NULL;
        }
    }
    return p;
}

int rg_worker_pool_submit(rg_worker_pool *p, const void *task, size_t len, void *tag, rg_error *err)
{
    if (p->stopping)
        return rg_error_set(err, RG_ERR_IO, "the worker pool is stopping");
    if (!live_workers(p))
        return rg_error_set(err, RG_ERR_IO, "no worker is running");
    /* First come, first served: while tasks wait (a worker has just
     * finished and is about to take the next), a new one queues behind. */
    int i = p->queue_len ? -1 : idle_worker(p);
    if (i < 0 && p->queue_len == p->cfg.max_queue)
        return rg_error_set(err, RG_ERR_IO, "%zu tasks already wait for a worker", p->queue_len);
    rg_buf frame = RG_BUF_INIT;
    frame_begin(&frame);
    if (len > FRAME_MAX || frame_end(&frame, rg_buf_append(&frame, task, len)) < 0) {
        rg_buf_free(&frame);
        return len > FRAME_MAX ? rg_error_set(err, RG_ERR_IO, "a task of %zu bytes is too big", len)
                               : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    p->pending++;
    if (i >= 0) {
        send_task(p, i, &frame, tag);
        rg_buf_free(&frame);
    } else {
        queued_task *q = &p->queue[(p->queue_head + p->queue_len++) % p->cfg.max_queue];
        q->frame = frame;
        q->tag = tag;
    }
    return 0;
}

int rg_worker_pool_poll(rg_worker_pool *p, int timeout_ms, rg_error *err)
{
    assert(!p->in_callback && !p->stopping);
    unsigned long before = p->delivered;
    /* A task with a time limit is checked at least four times a second. */
    if (p->cfg.task_timeout_s && rg_worker_pool_pending(p) && (timeout_ms < 0 || timeout_ms > 250))
        timeout_ms = 250;
    struct epoll_event events[16];
    int n = epoll_wait(p->epfd, events, 16, timeout_ms);
    if (n < 0 && errno != EINTR)
        return rg_error_set(err, RG_ERR_IO, "waiting for the workers: %s", strerror(errno));
    for (int k = 0; k < n; k++) {
        assert(events[k].data.u32 < (uint32_t)p->cfg.workers);
        readable(p, (int)events[k].data.u32);
    }
    check_time_limits(p);
    return (int)(p->delivered - before);
}

int rg_worker_pool_fd(const rg_worker_pool *p) { return p->epfd; }
size_t rg_worker_pool_pending(const rg_worker_pool *p) { return p->pending; }
int rg_worker_pool_size(const rg_worker_pool *p) { return p->cfg.workers; }

pid_t rg_worker_pool_pid(const rg_worker_pool *p, int i)
{
    assert(i >= 0 && i < p->cfg.workers);
    return p->workers[i].pid;
}

void rg_worker_pool_stop(rg_worker_pool *p)
{
    if (!p)
        return;
    assert(!p->in_callback);
    p->stopping = 1;
    queued_task q;
    while (dequeue(p, &q)) {
        rg_buf_free(&q.frame);
        deliver_failure(p, q.tag, RG_TASK_STOPPED, -1, 0, 0, "the worker pool stopped before it ran");
    }
    /* Every socket closed first, so that the workers end together: each
     * reads its end of file once it has finished what it runs. */
    for (int i = 0; i < p->cfg.workers; i++) {
        worker *w = &p->workers[i];
        if (w->fd >= 0) {
            epoll_ctl(p->epfd, EPOLL_CTL_DEL, w->fd, NULL);
            close(w->fd);
            w->fd = -1;
        }
    }
    for (int i = 0; i < p->cfg.workers; i++) {
        worker *w = &p->workers[i];
        if (w->busy) {
            w->busy = 0;
            deliver_failure(p, w->tag, RG_TASK_STOPPED, i, w->pid, 0,
                            "the worker pool stopped before it finished");
            w->tag = NULL;
        }
        if (w->pid > 0) {
            int status = 0;
            while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
                ;
            if (p->cfg.exited) {
                rg_worker_exit e = {i, w->pid, status, 1, 0, NULL};
                p->cfg.exited(p->cfg.user, &e);
            }
            w->pid = 0;
        }
        rg_buf_free(&w->in);
    }
    assert(p->pending == 0);
    close(p->epfd);
    free(p->workers);
    free(p->queue);
    free(p);
}
