/* The render workers: the service's requests as the worker pool's tasks
 * (workers.h, render/worker_pool.h). A request or a reply is encoded as its
 * fields (util/wire.h; the pool frames it). */
#include "service/workers.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "render/worker_pool.h"
#include "util/wire.h"

#define MESSAGE_MAX ((uint32_t)1 << 30)

/* --- encoding --- */

static int put_params(rg_buf *b, const rg_param *params, size_t count)
{
    int rc = rg_wire_put_u32(b, (uint32_t)count);
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = rg_wire_put_str(b, params[i].name) < 0 || rg_wire_put_str(b, params[i].value) < 0 ? -1 : 0;
    return rc;
}

static void frame_begin(rg_buf *b)
{
    rg_buf_reset(b);
}

static int frame_end(rg_buf *b, int rc)
{
    return rc < 0 || !b->data || b->len > MESSAGE_MAX ? -1 : 0;
}

int rg_request_encode(const rg_request *req, size_t table, size_t index, rg_buf *out)
{
    frame_begin(out);
    int rc = rg_wire_put_u32(out, (uint32_t)table) | rg_wire_put_u32(out, (uint32_t)index) |
             rg_wire_put_u32(out, (uint32_t)req->method) | rg_wire_put_str(out, req->path) |
             rg_wire_put_str(out, req->if_none_match) | put_params(out, req->captures, req->capture_count) |
             put_params(out, req->query, req->query_count) | rg_wire_put_bytes(out, req->body, req->body_len);
    return frame_end(out, rc);
}

int rg_reply_encode(const rg_reply *reply, rg_buf *out)
{
    assert(reply->file < 0);   /* a descriptor never crosses processes: front routes only */
    frame_begin(out);
    int rc = rg_wire_put_u32(out, (uint32_t)reply->status) | put_params(out, reply->headers, reply->header_count) |
             rg_wire_put_bytes(out, reply->body.data ? reply->body.data : "", reply->body.len);
    return frame_end(out, rc);
}

/* --- decoding: every read checked against the message's end --- */

static char *get_str(rg_wire_reader *r)
{
    size_t n;
    const char *s = rg_wire_get_bytes(r, &n);
    if (!s)
        return NULL;
    char *copy = strndup(s, n);
    if (!copy)
        r->bad = 1;
    return copy;
}

static void get_params(rg_wire_reader *r, rg_param *params, size_t *count, size_t max)
{
    uint32_t n = rg_wire_get_u32(r);
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
    rg_wire_reader r = rg_wire_reader_of(data, len);
    memset(req, 0, sizeof *req);
    *table = rg_wire_get_u32(&r);
    *index = rg_wire_get_u32(&r);
    req->method = (int)rg_wire_get_u32(&r);
    req->path = get_str(&r);
    req->if_none_match = get_str(&r);
    get_params(&r, req->captures, &req->capture_count, sizeof req->captures / sizeof req->captures[0]);
    get_params(&r, req->query, &req->query_count, RG_REQUEST_MAX_PARAMS);
    req->body = rg_wire_get_bytes(&r, &req->body_len);   /* inside `data`: valid while it is */
    if (r.bad || !req->path || *table >= rg_route_table_count) {
        rg_request_free(req);
        return -1;
    }
    return 0;
}

int rg_reply_decode(const char *data, size_t len, rg_reply *reply)
{
    rg_wire_reader r = rg_wire_reader_of(data, len);
    rg_reply_init(reply);
    reply->status = (int)rg_wire_get_u32(&r);
    get_params(&r, reply->headers, &reply->header_count, RG_REPLY_MAX_HEADERS);
    size_t n;
    const char *body = rg_wire_get_bytes(&r, &n);
    if (!r.bad && body && rg_buf_append(&reply->body, body, n) < 0)
        r.bad = 1;
    if (r.bad || reply->status < 100 || reply->status > 599) {
        rg_reply_free(reply);
        return -1;
    }
    return 0;
}

/* --- in a worker --- */

struct rg_workers {
    rg_workers_config cfg;
    rg_worker_pool *pool;
    int stopping;
};

static void worker_init(void *user)
{
    rg_workers *w = user;
    w->cfg.child_setup(w->cfg.user);
    /* A database that does not open is each request's 503 (its handler
     * says why): the service keeps answering what needs no database. The
     * warm-up runs before the worker says it is ready, so it never counts
     * against a request's time limit. */
    rg_service_worker_open(w->cfg.svc);
    if (w->cfg.svc->store)
        rg_service_warm_up(w->cfg.svc, w->cfg.svc->store);
}

/* One request: its route's handler, the reply encoded into `out`. */
static int worker_run(void *user, const char *msg, size_t len, rg_buf *out, rg_error *err)
{
    rg_workers *w = user;
    rg_reply reply;
    rg_reply_init(&reply);
    rg_request req;
    size_t table, index;
    if (rg_request_decode(msg, len, &req, &table, &index) < 0) {
        rg_reply_error(&reply, 500, "internal", NULL, "the request did not reach the worker whole");
    } else {
        const rg_route *route = &rg_route_tables[table][index];
        assert(route->pattern && route->where == RG_ROUTE_WORKER);
        route->handler(w->cfg.svc, &req, &reply);
        rg_request_free(&req);
    }
    int rc = rg_reply_encode(&reply, out);
    rg_reply_free(&reply);
    if (rc < 0) {
        rg_reply_init(&reply);
        rg_reply_error(&reply, 500, "no_memory", NULL, "out of memory while answering");
        rc = rg_reply_encode(&reply, out);
        rg_reply_free(&reply);
    }
    return rc < 0 ? rg_error_set(err, RG_ERR_NOMEM, "out of memory while answering") : 0;
}

/* Everything freed, as the front does, so that LeakSanitizer checks the
 * workers too. */
static void worker_exit(void *user)
{
    rg_workers *w = user;
    rg_service_free(w->cfg.svc);
}

/* --- in the front --- */

static void worker_done(void *user, void *tag, const rg_task_outcome *o)
{
    rg_workers *w = user;
    /* Warnings given outside a render job (which keeps its own), as the
     * front's own. */
    for (size_t i = 0; i < o->warning_count; i++)
        rg_warn("%s", o->warnings[i]);
    rg_reply reply;
    rg_reply_init(&reply);
    char how[64];
    if (WIFSIGNALED(o->wait_status))
        snprintf(how, sizeof how, "killed by signal %d", WTERMSIG(o->wait_status));
    else
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(o->wait_status));
    switch (o->end) {
    case RG_TASK_RAN:
        if (o->err.code != RG_OK)
            rg_reply_error(&reply, 500, "internal", NULL, "%s", o->err.message);
        else if (rg_reply_decode(o->reply, o->reply_len, &reply) < 0) {
            rg_reply_init(&reply);
            rg_reply_error(&reply, 500, "internal", NULL, "the worker's reply was not readable");
        }
        break;
    case RG_TASK_TIMED_OUT:
        rg_reply_error(&reply, 503, "render_timeout", NULL,
                       "rendering took longer than the limit of %u s; the worker was stopped", w->cfg.job_timeout_s);
        break;
    case RG_TASK_WORKER_DIED:
        rg_reply_error(&reply, 500, "worker_failed", NULL,
                       "the render worker stopped (%s) while answering this request", how);
        break;
    case RG_TASK_STOPPED:
        if (!w->stopping)
            rg_reply_error(&reply, 503, "no_worker", NULL, "%s", o->err.message);
        else if (o->worker < 0)
            rg_reply_error(&reply, 503, "shutting_down", NULL, "the service is stopping");
        else   /* stopped past the drain time: answered, so nothing stays suspended */
            rg_reply_error(&reply, 503, "shutting_down", NULL, "the service stopped before this render finished");
        break;
    }
    w->cfg.done(w->cfg.user, tag, &reply);
}

static void worker_exited(void *user, const rg_worker_exit *e)
{
    rg_workers *w = user;
    char how[64];
    if (WIFSIGNALED(e->wait_status))
        snprintf(how, sizeof how, "killed by signal %d", WTERMSIG(e->wait_status));
    else
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(e->wait_status));
    if (e->stopping) {
        /* A clean worker exits 0; anything else (under the sanitizers, a
         * leak report) is worth a line. */
        if (!WIFEXITED(e->wait_status) || WEXITSTATUS(e->wait_status) != 0)
            fprintf(stderr, "raingan serve: worker %d (pid %ld) exited with status %d at the stop\n", e->worker,
                    (long)e->pid, WIFEXITED(e->wait_status) ? WEXITSTATUS(e->wait_status)
                                                            : 128 + WTERMSIG(e->wait_status));
    } else if (e->replaced) {
        fprintf(stderr, "raingan serve: worker %d (pid %ld) %s; starting another\n", e->worker, (long)e->pid, how);
        w->cfg.svc->workers_replaced++;
    } else {
        fprintf(stderr, "raingan serve: worker %d (pid %ld) %s; not replaced: %s\n", e->worker, (long)e->pid, how,
                e->spawn_error->message);
    }
}

rg_workers *rg_workers_start(const rg_workers_config *cfg, rg_error *err)
{
    assert(cfg->workers >= 1 && cfg->max_queue >= 1 && cfg->done && cfg->child_setup);
    rg_workers *w = calloc(1, sizeof *w);
    if (!w) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    w->cfg = *cfg;
    rg_worker_pool_config pc = {
        .workers = cfg->workers, .max_queue = cfg->max_queue, .task_timeout_s = cfg->job_timeout_s,
        .child_init = worker_init, .run = worker_run, .child_exit = worker_exit,
        .done = worker_done, .exited = worker_exited, .user = w,
    };
    w->pool = rg_worker_pool_start(&pc, err);
    if (!w->pool) {
        free(w);
        return NULL;
    }
    return w;
}

int rg_workers_submit(rg_workers *w, const rg_request *req, size_t table, size_t index, void *tag)
{
    assert(tag);
    rg_buf message = RG_BUF_INIT;
    rg_error err;
    int rc = rg_request_encode(req, table, index, &message) < 0 ? -1
             : rg_worker_pool_submit(w->pool, message.data, message.len, tag, &err);
    rg_buf_free(&message);
    return rc;
}

int rg_workers_fd(const rg_workers *w) { return rg_worker_pool_fd(w->pool); }

void rg_workers_poll(rg_workers *w)
{
    rg_error err;
    if (rg_worker_pool_poll(w->pool, 0, &err) < 0)
        fprintf(stderr, "raingan serve: %s\n", err.message);
}

size_t rg_workers_pending(const rg_workers *w) { return rg_worker_pool_pending(w->pool); }
int rg_workers_count(const rg_workers *w) { return rg_worker_pool_size(w->pool); }
int rg_workers_pid(const rg_workers *w, int i) { return (int)rg_worker_pool_pid(w->pool, i); }

void rg_workers_stop(rg_workers *w)
{
    if (!w)
        return;
    w->stopping = 1;
    rg_worker_pool_stop(w->pool);
    free(w);
}
