/* Matching request paths against the route tables, query strings, and the
 * reply helpers every handler uses (route.h). */
#include "service/route.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/utf8.h"

#define ROUTE_TABLE(name) extern const rg_route name[];
#include "service/route_tables.h"
#undef ROUTE_TABLE

const rg_route *const rg_route_tables[] = {
#define ROUTE_TABLE(name) name,
#include "service/route_tables.h"
#undef ROUTE_TABLE
};
const size_t rg_route_table_count = sizeof rg_route_tables / sizeof rg_route_tables[0];

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *rg_url_decode(const char *in, size_t n, int plus_is_space)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '%') {
            int hi = i + 2 < n ? hex_value(in[i + 1]) : -1;
            int lo = i + 2 < n ? hex_value(in[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(out);
                return NULL;
            }
            out[len++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[len++] = in[i] == '+' && plus_is_space ? ' ' : in[i];
        }
    }
    out[len] = '\0';
    /* Clean text only: what handlers get ends up in SQL parameters, headers
     * and log lines, and never needs checking for NULs or control characters. */
    for (size_t i = 0; i < len; i++) {
        unsigned char u = (unsigned char)out[i];
        if (u < 0x20 || u == 0x7f) {
            free(out);
            return NULL;
        }
    }
    if (rg_utf8_find_invalid(out, len) >= 0) {
        free(out);
        return NULL;
    }
    return out;
}

const char *rg_request_capture(const rg_request *req, const char *name)
{
    for (size_t i = 0; i < req->capture_count; i++)
        if (!strcmp(req->captures[i].name, name))
            return req->captures[i].value;
    return NULL;
}

const char *rg_request_query(const rg_request *req, const char *name)
{
    for (size_t i = 0; i < req->query_count; i++)
        if (!strcmp(req->query[i].name, name))
            return req->query[i].value;
    return NULL;
}

static void free_params(rg_param *params, size_t *count)
{
    for (size_t i = 0; i < *count; i++) {
        free(params[i].name);
        free(params[i].value);
    }
    *count = 0;
}

void rg_request_free(rg_request *req)
{
    free_params(req->captures, &req->capture_count);
    free_params(req->query, &req->query_count);
    free(req->path);
    free(req->if_none_match);
    req->path = NULL;
    req->if_none_match = NULL;
}

/* One pattern segment against one path segment (raw, length n). 1 on a
 * match (a placeholder's capture appended to req), 0 if not, -1 when the
 * captured text does not decode. */
static int match_segment(const char *pat, size_t pat_len, const char *seg, size_t n, rg_request *req)
{
    const char *open = memchr(pat, '{', pat_len);
    if (!open)
        return pat_len == n && !memcmp(pat, seg, n);
    const char *close = memchr(open, '}', pat_len - (size_t)(open - pat));
    assert(close);   /* the tables are ours: a pattern always closes its braces */
    size_t prefix = (size_t)(open - pat), suffix = pat_len - (size_t)(close + 1 - pat);
    if (n < prefix + suffix + 1 || memcmp(seg, pat, prefix) || memcmp(seg + n - suffix, close + 1, suffix))
        return 0;
    assert(req->capture_count < sizeof req->captures / sizeof req->captures[0]);
    char *value = rg_url_decode(seg + prefix, n - prefix - suffix, 0);
    if (!value)
        return -1;
    char *name = strndup(open + 1, (size_t)(close - open - 1));
    if (!name) {
        free(value);
        return -1;
    }
    req->captures[req->capture_count].name = name;
    req->captures[req->capture_count].value = value;
    req->capture_count++;
    return 1;
}

/* 1 when `path` matches `pattern` (captures left in req), 0 if not, -1 if
 * it would match but a captured segment does not decode. */
static int match_pattern(const char *pattern, const char *path, rg_request *req)
{
    for (;;) {
        size_t pn = strcspn(pattern, "/"), sn = strcspn(path, "/");
        int m = match_segment(pattern, pn, path, sn, req);
        if (m <= 0) {
            free_params(req->captures, &req->capture_count);
            return m;
        }
        pattern += pn;
        path += sn;
        if (!*pattern || !*path) {
            if (*pattern || *path)
                free_params(req->captures, &req->capture_count);
            return !*pattern && !*path;
        }
        pattern++;   /* both at '/' */
        path++;
    }
}

rg_match_result rg_route_match(rg_request *req, size_t *table, size_t *index, char allow[32])
{
    assert(req->path && table && index && allow);
    int methods = 0, bad = 0;
    /* HEAD is answered by GET routes (the body is dropped by the front). */
    int wanted = req->method == RG_METHOD_HEAD ? RG_METHOD_GET : req->method;
    for (size_t t = 0; t < rg_route_table_count; t++) {
        for (size_t i = 0; rg_route_tables[t][i].pattern; i++) {
            const rg_route *r = &rg_route_tables[t][i];
            int m = match_pattern(r->pattern, req->path, req);
            if (m < 0)
                bad = 1;
            if (m <= 0)
                continue;
            if (r->methods & wanted) {
                *table = t;
                *index = i;
                return RG_MATCH_FOUND;
            }
            methods |= r->methods;
            free_params(req->captures, &req->capture_count);
        }
    }
    if (methods) {
        snprintf(allow, 32, "%s%s", methods & RG_METHOD_GET ? "GET, HEAD" : "",
                 methods & RG_METHOD_POST ? (methods & RG_METHOD_GET ? ", POST" : "POST") : "");
        return RG_MATCH_NO_METHOD;
    }
    return bad ? RG_MATCH_BAD_PATH : RG_MATCH_NO_PATH;
}

void rg_reply_init(rg_reply *reply)
{
    memset(reply, 0, sizeof *reply);
    reply->status = 200;
    reply->file = -1;
}

void rg_reply_free(rg_reply *reply)
{
    free_params(reply->headers, &reply->header_count);
    rg_buf_free(&reply->body);
    if (reply->file >= 0)
        close(reply->file);
    reply->file = -1;
}

int rg_reply_header(rg_reply *reply, const char *name, const char *value)
{
    assert(name && value);
    assert(reply->header_count < RG_REPLY_MAX_HEADERS);
    char *n = strdup(name), *v = strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    reply->headers[reply->header_count].name = n;
    reply->headers[reply->header_count].value = v;
    reply->header_count++;
    return 0;
}

const char *rg_reply_find_header(const rg_reply *reply, const char *name)
{
    for (size_t i = 0; i < reply->header_count; i++)
        if (!strcasecmp(reply->headers[i].name, name))
            return reply->headers[i].value;
    return NULL;
}

void rg_reply_json(rg_reply *reply, int status, rg_buf *json)
{
    assert(status >= 200 && status <= 599 && json);
    rg_buf_free(&reply->body);
    free_params(reply->headers, &reply->header_count);
    reply->status = status;
    reply->body = *json;
    *json = (rg_buf)RG_BUF_INIT;
    rg_reply_header(reply, "Content-Type", "application/json; charset=utf-8");
}

int rg_json_string(rg_buf *b, const char *s)
{
    int rc = rg_buf_putc(b, '"');
    size_t len = strlen(s), pos = 0;
    while (pos < len && rc == 0) {
        unsigned char c = (unsigned char)s[pos];
        if (c == '"' || c == '\\') {
            rc = rg_buf_putc(b, '\\');
            if (rc == 0)
                rc = rg_buf_putc(b, (char)c);
            pos++;
        } else if (c < 0x20) {
            rc = c == '\n' ? rg_buf_puts(b, "\\n") : rg_buf_printf(b, "\\u%04x", c);
            pos++;
        } else if (c < 0x80) {
            rc = rg_buf_putc(b, (char)c);
            pos++;
        } else {
            /* JSON is UTF-8: a byte that is not (a path as sent, a message
             * cut inside a character by a %.Ns) becomes U+FFFD. */
            size_t start = pos;
            int invalid = 0;
            uint32_t cp = rg_utf8_next(s, len, &pos, &invalid);
            char out[4];
            rc = invalid ? rg_buf_append(b, out, (size_t)rg_utf8_encode(cp, out))
                         : rg_buf_append(b, s + start, pos - start);
        }
    }
    return rc == 0 ? rg_buf_putc(b, '"') : -1;
}

void rg_reply_error(rg_reply *reply, int status, const char *code, const char *where,
                    const char *fmt, ...)
{
    assert(status >= 400 && status <= 599);
    char message[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    rg_buf json = RG_BUF_INIT;
    rg_buf_puts(&json, "{\"error\": ");
    rg_json_string(&json, code);
    rg_buf_puts(&json, ", \"message\": ");
    rg_json_string(&json, message);
    rg_buf_puts(&json, ", \"where\": ");
    if (where)
        rg_json_string(&json, where);
    else
        rg_buf_puts(&json, "null");
    rg_buf_puts(&json, "}\n");
    rg_reply_json(reply, status, &json);
    rg_buf_free(&json);
}
