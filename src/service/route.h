/* The service's routes: requests, replies and the route tables.
 *
 * A route is a method mask, a path pattern and a handler. Patterns are
 * literal segments separated by '/', where a segment may hold one
 * placeholder with a literal prefix and suffix: "/render/{form}/{key}.pdf",
 * "/render/{form}/{key}/page-{n}.png". A placeholder captures one whole
 * path segment, percent-decoded (so a key holding '/' travels as %2F);
 * captures are valid UTF-8 without control characters, or the request is a
 * 400 before any handler runs.
 *
 * Each file that serves routes defines one table, terminated by a route with
 * a NULL pattern, and names it once in route_tables.h; the router tries the
 * tables in that order. A route runs either in the front process (quick
 * answers that touch no database or renderer: it must not block) or in a
 * render worker (everything else; the request is copied to the worker and
 * the reply back, see workers.h), chosen by `where`. Handlers are the same
 * functions in both processes (the workers are forked from the front), so a
 * route is named across processes by its table and index. */
#ifndef RG_SERVICE_ROUTE_H
#define RG_SERVICE_ROUTE_H

#include <stddef.h>

#include "util/buf.h"

enum {
    RG_METHOD_GET = 1,
    RG_METHOD_HEAD = 2,   /* never listed in a route: a GET route answers HEAD */
    RG_METHOD_POST = 4,
};

typedef enum { RG_ROUTE_FRONT, RG_ROUTE_WORKER } rg_route_where;

/* A name and its value, both NUL-terminated, owned by the request. */
typedef struct rg_param {
    char *name;
    char *value;
} rg_param;

#define RG_REQUEST_MAX_PARAMS 16

typedef struct rg_request {
    int method;                 /* RG_METHOD_* */
    char *path;                 /* as sent, not decoded (for logs and messages) */
    rg_param captures[4];       /* from the pattern's placeholders, decoded */
    size_t capture_count;
    rg_param query[RG_REQUEST_MAX_PARAMS];   /* ?a=b&c=d, decoded, in order */
    size_t query_count;
    char *if_none_match;        /* the If-None-Match header, or NULL */
    const char *body;           /* POST body (NUL-terminated), or NULL */
    size_t body_len;
} rg_request;

#define RG_REPLY_MAX_HEADERS 8

/* What a handler answers: status, headers (Content-Type included) and body.
 * The front adds Content-Length, the server's name and, for HEAD, drops the
 * body. Handlers fill it through the functions below. */
typedef struct rg_reply {
    int status;
    rg_param headers[RG_REPLY_MAX_HEADERS];
    size_t header_count;
    rg_buf body;
    int file;                   /* or, from front routes only: a descriptor whose whole
                                   file is the body (the reply owns it; -1: none) */
} rg_reply;

struct rg_service;   /* service.h: what the handlers serve from */
typedef void (*rg_route_handler)(struct rg_service *svc, const rg_request *req, rg_reply *reply);

typedef struct rg_route {
    int methods;                /* RG_METHOD_GET and/or RG_METHOD_POST */
    const char *pattern;        /* NULL ends a table */
    rg_route_where where;
    rg_route_handler handler;
    /* A worker route's second step, or NULL: run in the front on the
     * worker's reply before it is sent (it may replace it), for what only
     * the front can do (POST /batch: the job is the front's). */
    rg_route_handler finish;
} rg_route;

/* Every route table, in the order route_tables.h lists them. */
extern const rg_route *const rg_route_tables[];
extern const size_t rg_route_table_count;

/* The value of capture or query parameter `name`, or NULL. */
const char *rg_request_capture(const rg_request *req, const char *name);
const char *rg_request_query(const rg_request *req, const char *name);

/* The outcome of matching a request's path against the tables. */
typedef enum {
    RG_MATCH_FOUND,             /* *table and *index name the route; captures filled */
    RG_MATCH_NO_PATH,           /* no pattern matches: 404 */
    RG_MATCH_NO_METHOD,         /* patterns match, none for this method: 405, *allow set */
    RG_MATCH_BAD_PATH,          /* a segment does not decode to clean UTF-8: 400 */
} rg_match_result;

/* Matches req->path (query string already removed) and req->method. On
 * RG_MATCH_NO_METHOD, `allow` receives the Allow header's value
 * ("GET, HEAD, POST"). Captures are malloc'd into req (rg_request_free). */
rg_match_result rg_route_match(rg_request *req, size_t *table, size_t *index, char allow[32]);

/* Percent-decodes `in` (length n) into a new string; NULL when an escape is
 * malformed, the result is not valid UTF-8, or holds a control character.
 * `plus_is_space` for query strings. */
char *rg_url_decode(const char *in, size_t n, int plus_is_space);

void rg_request_free(rg_request *req);

/* Reply helpers. rg_reply_header copies name and value. */
void rg_reply_init(rg_reply *reply);
/* Frees the headers and body, and closes `file`. */
void rg_reply_free(rg_reply *reply);
int rg_reply_header(rg_reply *reply, const char *name, const char *value);
const char *rg_reply_find_header(const rg_reply *reply, const char *name);
/* A JSON body: status and Content-Type: application/json; the body is taken
 * from `json` (the caller's buffer is emptied). */
void rg_reply_json(rg_reply *reply, int status, rg_buf *json);
/* Every error the service answers: {"error": code, "message": ..., "where": ...}
 * with `status` (4xx/5xx). `code` is a short stable word clients can test
 * ("not_found", "bad_request"...); `where` names the part of the request at
 * fault ("path", "query.date", "body", "header Authorization") or NULL. */
void rg_reply_error(rg_reply *reply, int status, const char *code, const char *where,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Appends `s` as a JSON string (quoted, escaped; a byte that is not UTF-8
 * as U+FFFD) to `b`. Returns 0 or -1. */
int rg_json_string(rg_buf *b, const char *s);

#endif
