/* Errors and warnings carried up to the command line.
 *
 * Library code never prints. A function that can fail takes an rg_error* as
 * its last argument, fills it with one message that names where the problem
 * is, and returns -1 (or NULL). Callers add context on the way up with
 * rg_error_prefix(), so the user reads e.g.
 *   "examples/seed-000.json: $.records[2].entries[3].percent (line 41): expected a number 0..100"
 *
 * Warnings (a missing glyph, an HTML tag dropped) do not stop the work; they
 * go to the job that is running on the thread (rg_warning_capture_begin),
 * else to the process-wide sink installed by the CLI. */
#ifndef RG_ERROR_H
#define RG_ERROR_H

#include <stddef.h>

#define RG_ERROR_MAX 1024

typedef enum {
    RG_OK = 0,
    RG_ERR_USAGE,   /* bad command line */
    RG_ERR_INPUT,   /* bad data, template or file given by the user */
    RG_ERR_IO,      /* cannot read or write a file */
    RG_ERR_DB,      /* database locked, corrupt, too new */
    RG_ERR_DB_INTERRUPTED, /* an interrupted write (a killed import, a full disk) left a
                              journal to roll back before the database can be read
                              read-only: `raingan check --recover` (exit status 5) */
    RG_ERR_FONT,    /* font missing or unusable */
    RG_ERR_NOMEM,
    RG_ERR_INTERNAL,
    RG_ERR_NOT_FOUND, /* the record (or other thing) asked for by name is not there;
                         exits like RG_ERR_INPUT */
    RG_ERR_STOPPED    /* the program asked the work to stop (Ctrl-C, SIGTERM) and it did,
                         leaving nothing half-done (exit status 130) */
} rg_error_code;

typedef struct rg_error {
    rg_error_code code;
    char message[RG_ERROR_MAX];
} rg_error;

/* Set the error (code and printf-style message); returns -1 for `return rg_error_set(...)`. */
int rg_error_set(rg_error *err, rg_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prepend context ("file.json: ") to an error already set; returns -1. */
int rg_error_prefix(rg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rg_error_clear(rg_error *err);
/* Process exit status for an error code (documented in docs/cli.md). */
int rg_error_exit_status(const rg_error *err);

/* Warnings: a sink set once by the program; NULL sink drops them. The sink
 * must be thread-safe if threads warn concurrently. */
typedef void (*rg_warning_sink)(const char *message, void *user);
void rg_warning_set_sink(rg_warning_sink sink, void *user);
void rg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A capture: until rg_warning_capture_end, the warnings given on the calling
 * thread go to `sink` instead of the process-wide one (a render job collects
 * its own this way: render/render.h). Captures nest; `saved` holds the one
 * replaced, restored by rg_warning_capture_end. */
typedef struct rg_warning_capture {
    rg_warning_sink sink;
    void *user;
    int active;
} rg_warning_capture;
void rg_warning_capture_begin(rg_warning_sink sink, void *user, rg_warning_capture *saved);
void rg_warning_capture_end(const rg_warning_capture *saved);

#endif
