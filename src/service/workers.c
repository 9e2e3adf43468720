/* The render workers and the messages the front exchanges with them
 * (workers.h). A message is a 4-byte length then its fields: numbers as
 * 4 bytes, strings as a length (UINT32_MAX for none) and their bytes. */
#include "service/workers.h"

#include <assert.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/thread.h"

#define NO_STRING UINT32_MAX
#define MESSAGE_MAX ((uint32_t)1 << 30)

/* --- encoding --- */

static int put_u32(rg_buf *b, uint32_t v)
{
    return rg_buf_append(b, &v, sizeof v);
}

static int put_bytes(rg_buf *b, const char *s, size_t n)
{
    if (!s)
        return put_u32(b, NO_STRING);
    if (n >= NO_STRING)
        return -1;
    return put_u32(b, (uint32_t)n) < 0 ? -1 : rg_buf_append(b, s, n);
}

static int put_str(rg_buf *b, const char *s)
{
    return put_bytes(b, s, s ? strlen(s) : 0);
}

static int put_params(rg_buf *b, const rg_param *params, size_t count)
{
    int rc = put_u32(b, (uint32_t)count);
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = put_str(b, params[i].name) < 0 || put_str(b, params[i].value) < 0 ? -1 : 0;
    return rc;
}

/* A frame: its length first, filled in when the fields are written. */
static void frame_begin(rg_buf *b)
{
    rg_buf_reset(b);
    put_u32(b, 0);
}

static int frame_end(rg_buf *b, int rc)
{
    if (rc < 0 || !b->data || b->len - 4 > MESSAGE_MAX)
        return -1;
    uint32_t n = (uint32_t)(b->len - 4);
    memcpy(b->data, &n, 4);
    return 0;
}

int rg_request_encode(const rg_request *req, size_t table, size_t index, rg_buf *out)
{
    frame_begin(out);
    int rc = put_u32(out, (uint32_t)table) | put_u32(out, (uint32_t)index) |
             put_u32(out, (uint32_t)req->method) | put_str(out, req->path) |
             put_str(out, req->if_none_match) | put_params(out, req->captures, req->capture_count) |
             put_params(out, req->query, req->query_count) | put_bytes(out, req->body, req->body_len);
    return frame_end(out, rc);
}

int rg_reply_encode(const rg_reply *reply, rg_buf *out)
{
    assert(reply->file < 0);   /* a descriptor never crosses processes: front routes only */
    frame_begin(out);
    int rc = put_u32(out, (uint32_t)reply->status) | put_params(out, reply->headers, reply->header_count) |
             put_bytes(out, reply->body.data ? reply->body.data : "", reply->body.len);
    return frame_end(out, rc);
}

/* --- decoding: every read checked against the message's end --- */

typedef struct reader {
    const char *p, *end;
    int bad;
} reader;

static uint32_t get_u32(reader *r)
{
    uint32_t v = 0;
    if ((size_t)(r->end - r->p) < sizeof v) {
        r->bad = 1;
        return 0;
    }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}

/* Points into the message (not copied); NULL for none (or on error). */
static const char *get_bytes(reader *r, size_t *n)
{
    uint32_t len = get_u32(r);
    *n = 0;
    if (r->bad || len == NO_STRING)
        return NULL;
    if ((size_t)(r->end - r->p) < len) {
        r->bad = 1;
        return NULL;
    }
    const char *s = r->p;
    r->p += len;
    *n = len;
    return s;
}

static char *get_str(reader *r)
{
    size_t n;
    const char *s = get_bytes(r, &n);
    if (!s)
        return NULL;
    char *copy = strndup(s, n);
    if (!copy)
        r->bad = 1;
    return copy;
}

static void get_params(reader *r, rg_param *params, size_t *count, size_t max)
{
    uint32_t n = get_u32(r);
    if (n > max) {
        r->bad = 1;
        return;
    }
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        params[i].name = get_str(r);
        params[i].value = get_str(r);
        *count = i + 1;
        if (!params[i].name || !params[i].value)
            r->bad = 1;
    }
}

int rg_request_decode(const char *data, size_t len, rg_request *req, size_t *table, size_t *index)
{
    reader r = {data, data + len, 0};
    memset(req, 0, sizeof *req);
    *table = get_u32(&r);
    *index = get_u32(&r);
    req->method = (int)get_u32(&r);
    req->path = get_str(&r);
    req->if_none_match = get_str(&r);
    get_params(&r, req->captures, &req->capture_count, sizeof req->captures / sizeof req->captures[0]);
    get_params(&r, req->query, &req->query_count, RG_REQUEST_MAX_PARAMS);
    req->body = get_bytes(&r, &req->body_len);   /* inside `data`: valid while it is */
    if (r.bad || !req->path || *table >= rg_route_table_count) {
        rg_request_free(req);
        return -1;
    }
    return 0;
}

int rg_reply_decode(const char *data, size_t len, rg_reply *reply)
{
    reader r = {data, data + len, 0};
    rg_reply_init(reply);
    reply->status = (int)get_u32(&r);
    get_params(&r, reply->headers, &reply->header_count, RG_REPLY_MAX_HEADERS);
    size_t n;
    const char *body = get_bytes(&r, &n);
    if (!r.bad && body && rg_buf_append(&reply->body, body, n) < 0)
        r.bad = 1;
    if (r.bad || reply->status < 100 || reply->status > 599) {
        rg_reply_free(reply);
        return -1;
    }
    return 0;
}

/* --- the worker process --- */

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

static void run_request(rg_service *svc, const char *msg, size_t len, rg_reply *reply)
{
    rg_request req;
    size_t table, index;
    if (rg_request_decode(msg, len, &req, &table, &index) < 0) {
        rg_reply_error(reply, 500, "internal", NULL, "the request did not reach the worker whole");
        return;
    }
    const rg_route *route = &rg_route_tables[table][index];
    assert(route->pattern && route->where == RG_ROUTE_WORKER);
    route->handler(svc, &req, reply);
    rg_request_free(&req);
}

/* One request at a time until the front closes the socket. */
static void worker_main(rg_service *svc, int fd)
{
    rg_buf msg = RG_BUF_INIT, out = RG_BUF_INIT;
    for (;;) {
        uint32_t n;
        if (read_full(fd, &n, sizeof n) < 0 || n > MESSAGE_MAX)
            break;
        rg_buf_reset(&msg);
        if (rg_buf_reserve(&msg, n) < 0 || read_full(fd, msg.data, n) < 0)
            break;
        msg.len = n;
        msg.data[n] = '\0';
        rg_reply reply;
        rg_reply_init(&reply);
        run_request(svc, msg.data, msg.len, &reply);
        int rc = rg_reply_encode(&reply, &out);
        rg_reply_free(&reply);
        if (rc < 0) {
            rg_reply_init(&reply);
            rg_reply_error(&reply, 500, "no_memory", NULL, "out of memory while answering");
            rc = rg_reply_encode(&reply, &out);
            rg_reply_free(&reply);
        }
        if (rc < 0 || write_full(fd, out.data, out.len) < 0)
            break;
        /* A big reply's memory goes back, so a worker stays the same size. */
        if (out.cap > (1u << 22))
            rg_buf_free(&out);
        if (msg.cap > (1u << 22))
            rg_buf_free(&msg);
    }
    rg_buf_free(&msg);
    rg_buf_free(&out);
}

/* --- the pool, in the front --- */

typedef struct queued_job {
    rg_buf message;
    void *tag;
} queued_job;

typedef struct worker {
    pid_t pid;
    int fd;
    int ready;              /* it has said so (after its warm-up): it may get requests */
    void *tag;              /* the request it is rendering, or NULL when idle */
    double started;         /* when it got that request */
    int timed_out;          /* killed for passing the time limit */
    rg_buf in;              /* the reply read so far */
} worker;

struct rg_pool {
    rg_pool_config cfg;
    worker *workers;
    queued_job *queue;      /* a ring of cfg.max_queue */
    size_t queue_head, queue_len;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void rg_pool_close_in_child(rg_pool *p)
{
    for (int i = 0; i < p->cfg.workers; i++)
        if (p->workers[i].fd >= 0)
            close(p->workers[i].fd);
}

static int spawn(rg_pool *p, int i, rg_error *err)
{
    worker *w = &p->workers[i];
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return rg_error_set(err, RG_ERR_IO, "cannot make a socket for a worker: %s", strerror(errno));
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        return rg_error_set(err, RG_ERR_IO, "cannot start a worker process: %s", strerror(e));
    }
    if (pid == 0) {
        /* The worker: dies with the front; SIGTERM and SIGINT are the front's
         * to act on (it finishes what is in flight, then closes our socket). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
        signal(SIGTERM, SIG_IGN);
        signal(SIGINT, SIG_IGN);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        close(sv[0]);
        rg_pool_close_in_child(p);
        p->cfg.child_setup(p->cfg.user);
        /* The workers already keep the CPUs busy: no helper threads
         * (util/thread.h), as in batch. */
        rg_thread_set_allowed(0);
        /* A worker renders document after document: it keeps the heap it
         * reached rather than giving it back to the kernel after each one
         * and faulting it in again (docs/performance.md, "Service"). */
        mallopt(M_MMAP_THRESHOLD, 16 << 20);
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
        mallopt(M_TOP_PAD, 4 << 20);
        /* A database that does not open is each request's 503 (its handler
         * says why): the service keeps answering what needs no database. */
        rg_service_worker_open(p->cfg.svc);
        if (p->cfg.svc->store)
            rg_service_warm_up(p->cfg.svc, p->cfg.svc->store);
        /* Ready: an empty message. Until then the front gives it no request,
         * so the warm-up never counts against a request's time limit. */
        uint32_t ready = 0;
        if (write_full(sv[1], &ready, sizeof ready) == 0)
            worker_main(p->cfg.svc, sv[1]);
        close(sv[1]);
        /* Everything freed, as the front does, so that LeakSanitizer
         * checks the workers too. */
        rg_service_free(p->cfg.svc);
        exit(0);
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    w->tag = NULL;
    w->ready = 0;
    w->timed_out = 0;
    rg_buf_reset(&w->in);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = RG_POOL_EVENT_BASE + (uint64_t)i};
    if (epoll_ctl(p->cfg.epoll_fd, EPOLL_CTL_ADD, w->fd, &ev) != 0)
        return rg_error_set(err, RG_ERR_IO, "cannot watch a worker: %s", strerror(errno));
    return 0;
}

rg_pool *rg_pool_start(const rg_pool_config *cfg, rg_error *err)
{
    assert(cfg->workers >= 1 && cfg->max_queue >= 1);
    rg_pool *p = calloc(1, sizeof *p);
    if (p) {
        p->workers = calloc((size_t)cfg->workers, sizeof *p->workers);
        p->queue = calloc(cfg->max_queue, sizeof *p->queue);
    }
    if (!p || !p->workers || !p->queue) {
        if (p) {
            free(p->workers);
            free(p->queue);
        }
        free(p);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    p->cfg = *cfg;
    for (int i = 0; i < cfg->workers; i++)
        p->workers[i].fd = -1;
    for (int i = 0; i < cfg->workers; i++) {
        if (spawn(p, i, err) < 0) {
            rg_pool_stop(p);
            return NULL;
        }
    }
    return p;
}

static int send_job(rg_pool *p, int i, rg_buf *message, void *tag)
{
    worker *w = &p->workers[i];
    w->tag = tag;
    w->started = now_s();
    w->timed_out = 0;
    rg_buf_reset(&w->in);
    /* The worker is idle, so it is reading: a blocking write drains. If it
     * has just died, its EOF arrives next and fails the request. */
    (void)write_full(w->fd, message->data, message->len);
    return 0;
}

static int idle_worker(const rg_pool *p)
{
    for (int i = 0; i < p->cfg.workers; i++)
        if (p->workers[i].fd >= 0 && p->workers[i].ready && !p->workers[i].tag)
            return i;
    return -1;
}

int rg_pool_submit(rg_pool *p, const rg_request *req, size_t table, size_t index, void *tag)
{
    assert(tag);
    rg_buf message = RG_BUF_INIT;
    if (rg_request_encode(req, table, index, &message) < 0) {
        rg_buf_free(&message);
        return -1;
    }
    /* First come, first served: while requests wait (a worker has just
     * finished and is about to take the next), a new one queues behind them,
     * so a batch feeding its next record from a reply cannot overtake them. */
    int i = p->queue_len ? -1 : idle_worker(p);
    if (i >= 0) {
        send_job(p, i, &message, tag);
        rg_buf_free(&message);
        return 0;
    }
    if (p->queue_len == p->cfg.max_queue) {
        rg_buf_free(&message);
        return -1;
    }
    queued_job *q = &p->queue[(p->queue_head + p->queue_len++) % p->cfg.max_queue];
    q->message = message;
    q->tag = tag;
    return 0;
}

/* The next queued request to worker i, now idle. */
static void feed(rg_pool *p, int i)
{
    if (!p->queue_len || p->workers[i].fd < 0 || !p->workers[i].ready || p->workers[i].tag)
        return;
    queued_job *q = &p->queue[p->queue_head];
    p->queue_head = (p->queue_head + 1) % p->cfg.max_queue;
    p->queue_len--;
    send_job(p, i, &q->message, q->tag);
    rg_buf_free(&q->message);
}

static void finish(rg_pool *p, int i, rg_reply *reply)
{
    void *tag = p->workers[i].tag;
    p->workers[i].tag = NULL;
    if (tag)
        p->cfg.done(p->cfg.user, tag, reply);
    else
        rg_reply_free(reply);
}

/* The worker closed its socket: it has died. Answers its request, reaps it,
 * starts another in its place. */
static void replace(rg_pool *p, int i)
{
    worker *w = &p->workers[i];
    epoll_ctl(p->cfg.epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
    close(w->fd);
    w->fd = -1;
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    char how[64];
    if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "killed by signal %d", WTERMSIG(status));
    else
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
    if (w->tag) {
        rg_reply reply;
        rg_reply_init(&reply);
        if (w->timed_out)
            rg_reply_error(&reply, 503, "render_timeout", NULL,
                           "rendering took longer than the limit of %u s; the worker was stopped",
                           p->cfg.job_timeout_s);
        else
            rg_reply_error(&reply, 500, "worker_failed", NULL,
                           "the render worker stopped (%s) while answering this request", how);
        finish(p, i, &reply);
    }
    fprintf(stderr, "raingan serve: worker %d (pid %ld) %s; starting another\n", i, (long)w->pid, how);
    w->pid = 0;
    rg_error err;
    rg_error_clear(&err);
    if (spawn(p, i, &err) < 0) {
        fprintf(stderr, "raingan serve: %s\n", err.message);
        return;
    }
    p->cfg.svc->workers_replaced++;
    feed(p, i);
}

void rg_pool_readable(rg_pool *p, unsigned index)
{
    assert(index < (unsigned)p->cfg.workers);
    worker *w = &p->workers[index];
    if (w->fd < 0)
        return;
    for (;;) {
        if (rg_buf_reserve(&w->in, 65536) < 0) {
            kill(w->pid, SIGKILL);   /* its reply cannot be held: fail it */
            replace(p, (int)index);
            return;
        }
        ssize_t got = recv(w->fd, w->in.data + w->in.len, 65536, MSG_DONTWAIT);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (got <= 0) {
            replace(p, (int)index);
            return;
        }
        w->in.len += (size_t)got;
    }
    uint32_t n;
    if (w->in.len < 4)
        return;
    memcpy(&n, w->in.data, 4);
    if (!w->ready) {
        /* Its first message says it is ready; nothing follows it unasked. */
        if (n != 0) {
            kill(w->pid, SIGKILL);
            replace(p, (int)index);
            return;
        }
        w->ready = 1;
        rg_buf_reset(&w->in);
        feed(p, (int)index);
        return;
    }
    if (w->in.len < 4 + (size_t)n)
        return;
    rg_reply reply;
    if (rg_reply_decode(w->in.data + 4, n, &reply) < 0) {
        rg_reply_init(&reply);
        rg_reply_error(&reply, 500, "internal", NULL, "the worker's reply was not readable");
    }
    rg_buf_reset(&w->in);
    if (w->in.cap > (1u << 22))
        rg_buf_free(&w->in);
    finish(p, (int)index, &reply);
    feed(p, (int)index);
}

void rg_pool_tick(rg_pool *p, double now)
{
    for (int i = 0; i < p->cfg.workers; i++) {
        worker *w = &p->workers[i];
        if (w->tag && !w->timed_out && now - w->started > p->cfg.job_timeout_s) {
            w->timed_out = 1;
            kill(w->pid, SIGKILL);   /* its socket's EOF then answers the request */
        }
    }
}

size_t rg_pool_pending(const rg_pool *p)
{
    size_t n = p->queue_len;
    for (int i = 0; i < p->cfg.workers; i++)
        n += p->workers[i].tag != NULL;
    return n;
}

int rg_pool_worker_count(const rg_pool *p) { return p->cfg.workers; }
int rg_pool_worker_pid(const rg_pool *p, int i) { return (int)p->workers[i].pid; }

void rg_pool_stop(rg_pool *p)
{
    if (!p)
        return;
    while (p->queue_len) {
        queued_job *q = &p->queue[p->queue_head];
        p->queue_head = (p->queue_head + 1) % p->cfg.max_queue;
        p->queue_len--;
        rg_buf_free(&q->message);
        rg_reply reply;
        rg_reply_init(&reply);
        rg_reply_error(&reply, 503, "shutting_down", NULL, "the service is stopping");
        p->cfg.done(p->cfg.user, q->tag, &reply);
    }
    for (int i = 0; i < p->cfg.workers; i++) {
        worker *w = &p->workers[i];
        if (w->fd >= 0) {
            epoll_ctl(p->cfg.epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
            close(w->fd);   /* the worker reads EOF and exits */
        }
        if (w->tag) {       /* stopped past the drain time: answered, so nothing stays suspended */
            rg_reply reply;
            rg_reply_init(&reply);
            rg_reply_error(&reply, 503, "shutting_down", NULL, "the service stopped before this render finished");
            finish(p, i, &reply);
        }
        int status = 0;
        if (w->pid > 0) {
            while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
                ;
            /* A clean worker exits 0; anything else (under the sanitizers, a
             * leak report) is worth a line. */
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                fprintf(stderr, "raingan serve: worker %d (pid %ld) exited with status %d at the stop\n", i,
                        (long)w->pid, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        }
        rg_buf_free(&w->in);
    }
    free(p->workers);
    free(p->queue);
    free(p);
}
