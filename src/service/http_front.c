/* The front process of `raingan serve` (http_front.h): libmicrohttpd in
 * external-epoll mode under one event loop that also watches the workers'
 * sockets and the stop signals. A request's whole life: accepted, checked
 * (token, route, body size), answered here (front routes) or handed to a
 * worker while its connection is suspended, answered, logged. */
#include "service/http_front.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <microhttpd.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "service/batch_jobs.h"
#include "service/route.h"
#include "service/workers.h"

enum { EVENT_MHD = 1, EVENT_SIGNAL = 2, EVENT_WORKERS = 3 };

/* One connection, from accept to close. */
typedef struct conn_state {
    int fd;
    double ready_since;         /* opened, or its previous reply sent */
    int busy;                   /* a whole request received: its reply is being made or sent */
    int cut;                    /* shut down for passing the request time limit */
    struct conn_state *prev, *next;
} conn_state;

struct front;

/* What waits for a worker's reply: a request from a connection, or one the
 * front makes itself (a batch's record, rg_serve_submit). The pool's tag. */
typedef struct waiter {
    void (*done)(struct front *f, struct waiter *w, rg_reply *reply);
} waiter;

/* One request, from its headers to its completion. */
typedef struct request_state {
    waiter w;                   /* first: the pool's tag */
    double started;
    rg_request req;
    rg_buf body;
    int too_big;
    size_t table, index;
    int matched;
    int dispatched;             /* counted in front.in_flight */
    int status;
    size_t bytes;
    char addr[48];
    char method[12];            /* as sent, for the log */
    conn_state *conn;
    struct MHD_Connection *mhd;
} request_state;

typedef struct front {
    rg_service *svc;
    const rg_serve_config *cfg;
    struct MHD_Daemon *daemon;
    int epfd, sigfd, listen_fd;
    rg_workers *pool;
    conn_state *conns;
    int stopping;
    size_t in_flight;
    uint8_t token_digest[SHA256_DIGEST_SIZE];
} front;

/* The running front, for the front handlers' queries and so that the
 * workers forked from it still reach its state (no false leaks). */
static front *running;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

size_t rg_serve_pending(void)
{
    return running && running->pool ? rg_workers_pending(running->pool) : 0;
}

int rg_serve_worker_count(void)
{
    return running && running->pool ? rg_workers_count(running->pool) : 0;
}

int rg_serve_worker_pid(int i)
{
    return running && running->pool && i < rg_workers_count(running->pool)
               ? rg_workers_pid(running->pool, i) : 0;
}

/* --- replies --- */

static enum MHD_Result send_reply(front *f, request_state *rs, rg_reply *reply)
{
    size_t len = reply->body.len;
    struct MHD_Response *resp;
    struct stat st;
    if (reply->file >= 0) {
        /* A file (a batch's ZIP): sent from its descriptor, which the
         * response now owns, without reading it into memory. */
        if (fstat(reply->file, &st) != 0)
            return MHD_NO;
        len = (size_t)st.st_size;
        resp = MHD_create_response_from_fd64((uint64_t)st.st_size, reply->file);
        if (resp)
            reply->file = -1;
    } else {
        char *data = rg_buf_steal(&reply->body);
        resp = MHD_create_response_from_buffer_with_free_callback(len, data ? data : strdup(""), free);
    }
    if (!resp)
        return MHD_NO;
    for (size_t i = 0; i < reply->header_count; i++)
        MHD_add_response_header(resp, reply->headers[i].name, reply->headers[i].value);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (reply->status == 401)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"raingan\"");
    if (f->stopping)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    rs->status = reply->status;
    rs->bytes = len;
    if (rs->conn)
        rs->conn->busy = 1;
    enum MHD_Result ret = MHD_queue_response(rs->mhd, (unsigned)reply->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_error(front *f, request_state *rs, int status, const char *code,
                                  const char *where, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum MHD_Result send_error(front *f, request_state *rs, int status, const char *code,
                                  const char *where, const char *fmt, ...)
{
    char message[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    rg_reply reply;
    rg_reply_init(&reply);
    rg_reply_error(&reply, status, code, where, "%s", message);
    enum MHD_Result ret = send_reply(f, rs, &reply);
    rg_reply_free(&reply);
    return ret;
}

/* A worker's reply to a connection's request: its route's front step, if
 * any, then queued, and the connection resumed to send it. */
static void reply_to_connection(front *f, waiter *w, rg_reply *reply)
{
    request_state *rs = (request_state *)w;
    const rg_route *route = &rg_route_tables[rs->table][rs->index];
    if (route->finish)
        route->finish(f->svc, &rs->req, reply);
    if (send_reply(f, rs, reply) != MHD_YES)
        rs->status = 500;
    rg_reply_free(reply);
    MHD_resume_connection(rs->mhd);
}

/* A request the front made itself (rg_serve_submit). */
typedef struct internal_request {
    waiter w;
    void (*done)(void *user, rg_reply *reply);
    void *user;
} internal_request;

static void reply_to_internal(front *f, waiter *w, rg_reply *reply)
{
    internal_request *ir = (internal_request *)w;
    ir->done(ir->user, reply);
    free(ir);
}

static void on_worker_reply(void *user, void *tag, rg_reply *reply)
{
    waiter *w = tag;
    w->done(user, w, reply);
}

int rg_serve_submit(const rg_request *req, size_t table, size_t index, void (*done)(void *user, rg_reply *reply),
                    void *user)
{
    if (!running || !running->pool || running->stopping)
        return -1;
    internal_request *ir = malloc(sizeof *ir);
    if (!ir)
        return -1;
    ir->w.done = reply_to_internal;
    ir->done = done;
    ir->user = user;
    if (rg_workers_submit(running->pool, req, table, index, ir) < 0) {
        free(ir);
        return -1;
    }
    return 0;
}

/* --- checks --- */

static int token_matches(const front *f, const char *header)
{
    static const char scheme[] = "Bearer ";
    if (!header || strncasecmp(header, scheme, sizeof scheme - 1))
        return 0;
    /* Digests compared in constant time: neither the token's bytes nor its
     * length show in how long a wrong guess takes. */
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(header + sizeof scheme - 1), (const uint8_t *)header + sizeof scheme - 1);
    sha256_digest(&ctx, sizeof digest, digest);
    return memeql_sec(digest, f->token_digest, sizeof digest);
}

typedef struct query_walk {
    rg_request *req;
    int bad;
} query_walk;

/* Query arguments as libmicrohttpd split them (its '+' already a space,
 * the escapes left to rg_url_decode: the unescape callback does nothing). */
static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    query_walk *w = cls;
    rg_request *req = w->req;
    if (req->query_count == RG_REQUEST_MAX_PARAMS) {
        w->bad = 1;
        return MHD_NO;
    }
    char *name = rg_url_decode(key, strlen(key), 0);
    char *val = value ? rg_url_decode(value, strlen(value), 0) : strdup("");
    if (!name || !val) {
        free(name);
        free(val);
        w->bad = 1;
        return MHD_NO;
    }
    req->query[req->query_count].name = name;
    req->query[req->query_count].value = val;
    req->query_count++;
    return MHD_YES;
}

static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    return strlen(s);
}

static int method_of(const char *method)
{
    if (!strcmp(method, "GET")) return RG_METHOD_GET;
    if (!strcmp(method, "HEAD")) return RG_METHOD_HEAD;
    if (!strcmp(method, "POST")) return RG_METHOD_POST;
    return 0;   /* any other: a 405 where the path exists */
}

static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, size, "?");
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)size);
}

/* The first call for a request, its headers read: everything that can be
 * refused before the body is. Returns 1 when a reply was queued. */
static int check_headers(front *f, request_state *rs, struct MHD_Connection *c, const char *url,
                         const char *method, enum MHD_Result *ret)
{
    rg_request *req = &rs->req;
    req->method = method_of(method);
    req->path = strdup(url);
    if (!req->path) {
        *ret = MHD_NO;
        return 1;
    }
    char allow[32] = "";
    rg_match_result m = url[0] == '/' ? rg_route_match(req, &rs->table, &rs->index, allow) : RG_MATCH_BAD_PATH;
    rs->matched = m == RG_MATCH_FOUND;
    /* Open to all: the health check, and the clerks' page, which holds no
     * data (its requests to the API carry the token). */
    const char *pattern = rs->matched ? rg_route_tables[rs->table][rs->index].pattern : "";
    int open_route = !strcmp(pattern, "/health") || !strcmp(pattern, "/") || !strncmp(pattern, "/web/", 5);
    if (f->cfg->token && !open_route &&
        !token_matches(f, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION))) {
        *ret = send_error(f, rs, 401, "unauthorized", "header Authorization",
                          "this service needs the header `Authorization: Bearer TOKEN` with its token");
        return 1;
    }
    if (m == RG_MATCH_BAD_PATH) {
        *ret = send_error(f, rs, 400, "bad_path", "path",
                          "the path is not a clean UTF-8 path (percent escapes, control characters)");
        return 1;
    }
    if (m == RG_MATCH_NO_PATH) {
        *ret = send_error(f, rs, 404, "no_such_path", "path", "nothing is served at %.200s (GET /forms "
                          "lists the forms; docs/service.md the API)", url);
        return 1;
    }
    if (m == RG_MATCH_NO_METHOD) {
        rg_reply reply;
        rg_reply_init(&reply);
        rg_reply_error(&reply, 405, "method_not_allowed", "method", "%s is not served at %.200s; %s is",
                       method, url, allow);
        rg_reply_header(&reply, "Allow", allow);
        *ret = send_reply(f, rs, &reply);
        rg_reply_free(&reply);
        return 1;
    }
    query_walk walk = {req, 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, &walk);
    if (walk.bad) {
        *ret = send_error(f, rs, 400, "bad_query", "query",
                          "the query string is not clean UTF-8 or has more than %d parameters",
                          RG_REQUEST_MAX_PARAMS);
        return 1;
    }
    const char *etag = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (etag && !(req->if_none_match = strdup(etag))) {
        *ret = MHD_NO;
        return 1;
    }
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > f->cfg->max_body) {
        *ret = send_error(f, rs, 413, "body_too_large", "body",
                          "the request body is %s bytes; this service takes at most %zu", length,
                          f->cfg->max_body);
        return 1;
    }
    return 0;
}

/* The request is whole: answer it here or hand it to a worker. */
static enum MHD_Result dispatch(front *f, request_state *rs)
{
    if (rs->too_big)
        return send_error(f, rs, 413, "body_too_large", "body",
                          "the request body is larger than this service takes (%zu bytes)", f->cfg->max_body);
    rs->req.body = rs->body.data;
    rs->req.body_len = rs->body.len;
    const rg_route *route = &rg_route_tables[rs->table][rs->index];
    if (rs->conn)
        rs->conn->busy = 1;
    if (route->where == RG_ROUTE_FRONT) {
        rg_reply reply;
        rg_reply_init(&reply);
        route->handler(f->svc, &rs->req, &reply);
        enum MHD_Result ret = send_reply(f, rs, &reply);
        rg_reply_free(&reply);
        return ret;
    }
    if (f->stopping)
        return send_error(f, rs, 503, "shutting_down", NULL, "the service is stopping");
    if (rg_workers_submit(f->pool, &rs->req, rs->table, rs->index, rs) < 0) {
        rg_reply reply;
        rg_reply_init(&reply);
        rg_reply_error(&reply, 503, "busy", NULL, "%zu requests are already waiting for a worker; "
                       "try again shortly", rg_workers_pending(f->pool));
        rg_reply_header(&reply, "Retry-After", "1");
        enum MHD_Result ret = send_reply(f, rs, &reply);
        rg_reply_free(&reply);
        return ret;
    }
    rs->dispatched = 1;
    f->in_flight++;
    MHD_suspend_connection(rs->mhd);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
    front *f = cls;
    request_state *rs = *con_cls;
    if (!rs) {
        rs = calloc(1, sizeof *rs);
        if (!rs)
            return MHD_NO;
        rs->w.done = reply_to_connection;
        *con_cls = rs;
        rs->started = now_s();
        rs->mhd = c;
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        rs->conn = info ? info->socket_context : NULL;
        client_address(c, rs->addr, sizeof rs->addr);
        snprintf(rs->method, sizeof rs->method, "%s", method);
        enum MHD_Result ret = MHD_YES;
        check_headers(f, rs, c, url, method, &ret);
        return ret;
    }
    if (*upload_size) {
        if (!rs->too_big && rs->body.len + *upload_size > f->cfg->max_body) {
            rs->too_big = 1;   /* the rest is read and dropped, within the request time limit */
            rg_buf_free(&rs->body);
        }
        if (!rs->too_big && rg_buf_append(&rs->body, upload_data, *upload_size) < 0)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    return dispatch(f, rs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    front *f = cls;
    request_state *rs = *con_cls;
    if (!rs)
        return;
    double now = now_s();
    if (rs->dispatched)
        f->in_flight--;
    if (rs->conn) {
        rs->conn->busy = 0;
        rs->conn->ready_since = now;
    }
    f->svc->requests_served++;
    if (!f->cfg->quiet) {
        const char *how = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
                          : toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (timed out)"
                          : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? " (shut down)"
                          : " (client gone)";   /* aborted, or the socket failed: not sent whole */
        time_t t = time(NULL);
        struct tm tm;
        char stamp[32];
        gmtime_r(&t, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(stderr, "%s %s %s %s %d %zu %.1fms%s\n", stamp, rs->addr,
                rs->method, rs->req.path ? rs->req.path : "-",
                rs->status, rs->bytes, (now - rs->started) * 1000, how);
    }
    rg_request_free(&rs->req);
    rg_buf_free(&rs->body);
    free(rs);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    front *f = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_state *cs = calloc(1, sizeof *cs);
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!cs)
            return;   /* not tracked: libmicrohttpd's own inactivity limit still applies */
        cs->fd = info ? info->connect_fd : -1;
        cs->ready_since = now_s();
        cs->next = f->conns;
        if (f->conns)
            f->conns->prev = cs;
        f->conns = cs;
        *socket_context = cs;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        conn_state *cs = *socket_context;
        if (cs->prev)
            cs->prev->next = cs->next;
        else
            f->conns = cs->next;
        if (cs->next)
            cs->next->prev = cs->prev;
        free(cs);
        *socket_context = NULL;
    }
}

/* Connections that have not delivered a whole request in time: shut down
 * (libmicrohttpd sees the end of the stream and closes them). Its own
 * inactivity limit only fires after silence, never for one byte a second. */
static void cut_slow_connections(front *f, double now)
{
    for (conn_state *cs = f->conns; cs; cs = cs->next) {
        if (!cs->busy && !cs->cut && cs->fd >= 0 && now - cs->ready_since > f->cfg->request_timeout_s) {
            shutdown(cs->fd, SHUT_RDWR);
            cs->cut = 1;
        }
    }
}

/* In a new worker: every descriptor of the front's closed, so that a
 * connection the front closes is closed (no copy of it stays open). */
static void close_front_fds(void *user)
{
    front *f = user;
    for (conn_state *cs = f->conns; cs; cs = cs->next)
        if (cs->fd >= 0)
            close(cs->fd);
    if (f->daemon) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(f->daemon, MHD_DAEMON_INFO_EPOLL_FD);
        if (info)
            close(info->epoll_fd);
    }
    if (f->listen_fd >= 0)
        close(f->listen_fd);
    close(f->epfd);
    close(f->sigfd);
    rg_batch_jobs_close_in_child();
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    front *f = cls;
    if (f->cfg->quiet)
        return;
    fputs("raingan serve: libmicrohttpd: ", stderr);
    vfprintf(stderr, fmt, ap);
}

static int start_daemon(front *f, rg_error *err)
{
    const rg_serve_config *cfg = f->cfg;
    f->daemon = MHD_start_daemon(
        MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, f,
        MHD_OPTION_EXTERNAL_LOGGER, log_mhd, f,   /* first, so that it gets every message */
        MHD_OPTION_LISTEN_SOCKET, f->listen_fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->request_timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, f,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, f,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
        MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
        MHD_OPTION_END);
    if (!f->daemon)
        return rg_error_set(err, RG_ERR_IO, "cannot start the HTTP server on %s", cfg->listen_name);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(f->daemon, MHD_DAEMON_INFO_EPOLL_FD);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = EVENT_MHD};
    if (!info || epoll_ctl(f->epfd, EPOLL_CTL_ADD, info->epoll_fd, &ev) != 0)
        return rg_error_set(err, RG_ERR_IO, "cannot watch the HTTP server's sockets");
    return 0;
}

static int setup_signals(front *f, rg_error *err)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    /* SIGHUP (the terminal closed, `systemctl kill -s HUP`) stops it as
     * SIGTERM does, the replies in flight sent, where its default action
     * would drop them; unless it was ignored at start (`nohup raingan
     * serve`), as `raingan batch` keeps it. */
    struct sigaction hup;
    if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
        sigaddset(&set, SIGHUP);
    signal(SIGPIPE, SIG_IGN);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0 || (f->sigfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0)
        return rg_error_set(err, RG_ERR_IO, "cannot watch for SIGTERM: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = EVENT_SIGNAL};
    if (epoll_ctl(f->epfd, EPOLL_CTL_ADD, f->sigfd, &ev) != 0)
        return rg_error_set(err, RG_ERR_IO, "cannot watch for SIGTERM: %s", strerror(errno));
    return 0;
}

/* Stop taking connections; what is in flight is finished by the loop. */
static void begin_stop(front *f, int signo, double now, double *deadline)
{
    if (f->stopping)
        return;
    f->stopping = 1;
    *deadline = now + f->cfg->render_timeout_s + 1;
    int fd = (int)MHD_quiesce_daemon(f->daemon);
    if (fd >= 0)
        close(fd);
    f->listen_fd = -1;
    fprintf(stderr, "raingan serve: stopping (%s): finishing %zu request(s) in flight\n",
            signo == SIGHUP ? "SIGHUP" : signo == SIGINT ? "SIGINT" : "SIGTERM", f->in_flight);
}

static void serve_loop(front *f)
{
    double last_sweep = 0, deadline = 0;
    struct epoll_event events[64];
    for (;;) {
        int timeout_ms = 250;
        MHD_UNSIGNED_LONG_LONG mt;
        if (MHD_get_timeout(f->daemon, &mt) == MHD_YES && mt < (MHD_UNSIGNED_LONG_LONG)timeout_ms)
            timeout_ms = (int)mt;
        int n = epoll_wait(f->epfd, events, 64, timeout_ms);
        double now = now_s();
        for (int i = 0; i < n; i++) {
            uint64_t what = events[i].data.u64;
            if (what == EVENT_WORKERS) {
                rg_workers_poll(f->pool);
            } else if (what == EVENT_SIGNAL) {
                struct signalfd_siginfo si;
                if (read(f->sigfd, &si, sizeof si) == (ssize_t)sizeof si)
                    begin_stop(f, (int)si.ssi_signo, now, &deadline);
            }
        }
        MHD_run(f->daemon);
        if (now - last_sweep >= 0.25) {
            last_sweep = now;
            cut_slow_connections(f, now);
            rg_workers_poll(f->pool);   /* the render time limit */
        }
        if (f->stopping && (f->in_flight == 0 || now > deadline))
            break;
    }
}

int rg_serve_run(rg_service *svc, const rg_serve_config *cfg, rg_error *err)
{
    front *f = calloc(1, sizeof *f);
    if (!f)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    f->svc = svc;
    f->cfg = cfg;
    f->listen_fd = cfg->listen_fd;
    f->sigfd = -1;
    running = f;
    if (cfg->token) {
        struct sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, strlen(cfg->token), (const uint8_t *)cfg->token);
        sha256_digest(&ctx, sizeof f->token_digest, f->token_digest);
    }
    int rc = -1;
    f->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (f->epfd < 0) {
        rg_error_set(err, RG_ERR_IO, "cannot make an epoll set: %s", strerror(errno));
        goto done;
    }
    if (setup_signals(f, err) < 0)
        goto done;
    /* Workers first, while no connection exists (later replacements close
     * the front's descriptors they inherit: close_front_fds). */
    rg_workers_config wc = {
        .workers = cfg->workers, .job_timeout_s = cfg->render_timeout_s, .max_queue = cfg->max_queue,
        .svc = svc, .done = on_worker_reply, .child_setup = close_front_fds, .user = f,
    };
    f->pool = rg_workers_start(&wc, err);
    if (!f->pool)
        goto done;
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = EVENT_WORKERS};
    if (epoll_ctl(f->epfd, EPOLL_CTL_ADD, rg_workers_fd(f->pool), &ev) != 0) {
        rg_error_set(err, RG_ERR_IO, "cannot watch the workers: %s", strerror(errno));
        goto done;
    }
    if (start_daemon(f, err) < 0)
        goto done;
    fprintf(stderr, "raingan serve: listening on http://%s (%d workers%s)\n", cfg->listen_name,
            cfg->workers, cfg->token ? ", token required" : "");
    serve_loop(f);
    rc = 0;
done:
    f->stopping = 1;         /* nothing new reaches the pool (rg_serve_submit) */
    rg_workers_stop(f->pool);   /* answers what still waits, so nothing stays suspended */
    f->pool = NULL;
    rg_batch_jobs_free();    /* after the pool: its last answers reach the jobs */
    if (f->daemon) {
        MHD_run(f->daemon);  /* sends those answers where it can */
        MHD_stop_daemon(f->daemon);
    } else if (f->listen_fd >= 0) {
        close(f->listen_fd);
    }
    if (f->sigfd >= 0)
        close(f->sigfd);
    if (f->epfd >= 0)
        close(f->epfd);
    running = NULL;
    free(f);
    if (rc == 0)
        fprintf(stderr, "raingan serve: stopped\n");
    return rc;
}
