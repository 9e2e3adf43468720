/* HTTP for the long-term signature data: RFC 3161 time-stamp requests, OCSP
 * requests, CRL downloads (libcurl). Linked only into raingan-sign.
 *
 * Only http:// and https:// URLs are followed (redirects too, at most 3),
 * answers are capped in size, and every transfer is bounded in time, so a
 * stalled server fails the command with a message instead of hanging it. */
#ifndef RG_SIGN_HTTP_H
#define RG_SIGN_HTTP_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* The largest answer accepted (a CRL of a big CA is a few MB). */
#define RG_HTTP_MAX_REPLY (16u * 1024 * 1024)

/* POST `body` (content type `type`) to url, or GET it when body is NULL.
 * The answer's bytes are appended to reply, its Content-Type (lower case,
 * without parameters; "" when none) copied into content_type (size bytes).
 * Anything but a 200 answer, a connection failure or a timeout: -1 with err
 * naming the URL (RG_ERR_IO). `what` names the server in messages ("the
 * time-stamping authority"). */
int rg_http_fetch(const char *url, const char *what, const char *type, const void *body, size_t len,
                  rg_buf *reply, char *content_type, size_t size, rg_error *err);

#endif
