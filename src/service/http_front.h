/* The service's front process: HTTP (libmicrohttpd, driven from one event
 * loop in one thread, so forking a replacement worker from it is safe),
 * the limits, the bearer token, the request log, and the routing of each
 * request to a front handler or a render worker (route.h, workers.h).
 *
 * Limits (docs/service.md): a request body larger than max_body is a 413; a
 * connection that has not delivered a whole request within request_timeout
 * of opening or of its previous reply is closed (slow clients, idle
 * keep-alives); at most max_connections connections, max_per_ip from one
 * address (more are refused at accept); a render longer than
 * render_timeout is stopped (503); at most max_queue requests wait for a
 * worker (then 503 with Retry-After). */
#ifndef RG_SERVICE_HTTP_FRONT_H
#define RG_SERVICE_HTTP_FRONT_H

#include <stddef.h>

#include "service/route.h"
#include "service/service.h"
#include "util/error.h"

typedef struct rg_serve_config {
    int listen_fd;              /* bound and listening (serve_main.c) */
    const char *listen_name;    /* "127.0.0.1:8080", for the log */
    int workers;
    const char *token;          /* the bearer token, or NULL: no authentication */
    size_t max_body;
    unsigned request_timeout_s;
    unsigned render_timeout_s;
    unsigned max_connections;
    unsigned max_per_ip;
    size_t max_queue;
    int quiet;                  /* no request log */
} rg_serve_config;

/* Forks the workers, serves until SIGTERM, SIGINT or SIGHUP (unless SIGHUP
 * was ignored at start: nohup), then stops taking
 * connections, finishes the requests in flight (at most render_timeout_s
 * more), and returns 0. -1 with err when it cannot start. */
int rg_serve_run(rg_service *svc, const rg_serve_config *cfg, rg_error *err);

/* The front's own state for front handlers (GET /health): requests waiting
 * or rendering, and the workers' pids. NULL outside the front. */
size_t rg_serve_pending(void);
int rg_serve_worker_pid(int i);
int rg_serve_worker_count(void);

/* A request the front makes itself (a batch's record), handed to a render
 * worker like a client's, behind those already waiting: `done` is called
 * in the front with the reply (which it then owns and frees), also when
 * the worker dies or the service stops (a 5xx). Returns 0, or -1 when the
 * service is stopping or the queue is full (`done` is not called). */
int rg_serve_submit(const rg_request *req, size_t table, size_t index, void (*done)(void *user, rg_reply *reply),
                    void *user);

#endif
