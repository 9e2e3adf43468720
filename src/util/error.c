/* Error messages with context, and the warning sink (see error.h). */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rg_error_set(rg_error *err, rg_error_code code, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

int rg_error_prefix(rg_error *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    char prefix[RG_ERROR_MAX];
    char joined[RG_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    snprintf(joined, sizeof joined, "%s%s", prefix, err->message);
    memcpy(err->message, joined, sizeof joined);
    if (err->code == RG_OK)
        err->code = RG_ERR_INTERNAL;
    return -1;
}

void rg_error_clear(rg_error *err)
{
    if (!err)
        return;
    err->code = RG_OK;
    err->message[0] = '\0';
}

int rg_error_exit_status(const rg_error *err)
{
    switch (err ? err->code : RG_ERR_INTERNAL) {
    case RG_OK: return 0;
    case RG_ERR_USAGE: return 2;
    case RG_ERR_INPUT: return 3;
    case RG_ERR_NOT_FOUND: return 3;
    case RG_ERR_IO: return 4;
    case RG_ERR_DB: return 5;
    case RG_ERR_DB_INTERRUPTED: return 5;
    case RG_ERR_FONT: return 6;
    case RG_ERR_STOPPED: return 130;
    default: return 1;
    }
}

static rg_warning_sink warning_sink;
static void *warning_user;

void rg_warning_set_sink(rg_warning_sink sink, void *user)
{
    warning_sink = sink;
    warning_user = user;
}

/* The calling thread's capture, if any (one per thread: jobs on other
 * threads never see each other's warnings). */
static _Thread_local rg_warning_capture thread_capture;

void rg_warning_capture_begin(rg_warning_sink sink, void *user, rg_warning_capture *saved)
{
    *saved = thread_capture;
    thread_capture.sink = sink;
    thread_capture.user = user;
    thread_capture.active = 1;
}

void rg_warning_capture_end(const rg_warning_capture *saved)
{
    thread_capture = *saved;
}

void rg_warn(const char *fmt, ...)
{
    rg_warning_sink sink = thread_capture.active ? thread_capture.sink : warning_sink;
    void *user = thread_capture.active ? thread_capture.user : warning_user;
    if (!sink)
        return;
    char message[RG_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    sink(message, user);
}
