/* Files that appear whole or not at all.
 *
 * Output is written to a temporary file beside the target (same directory,
 * so rename(2) is atomic), flushed with fsync, and renamed into place only
 * when complete; the directory is then flushed too, so that the rename
 * survives a power loss. An interrupted run never leaves a truncated file under the
 * final name, and an existing file is replaced only by a complete one, and
 * never when it is read-only (no write permission bit set).
 *
 * Only a regular file (or a new name) is written that way. Anything else is
 * never renamed over (docs/robustness.md, "Outputs"):
 *  - "-" is standard output; /dev/stdout, /dev/stderr, /dev/fd/N and
 *    /proc/self/fd/N (directly or through symbolic links) are those
 *    descriptors: written as a stream;
 *  - a character device (/dev/null, a terminal), a FIFO or a socket is
 *    opened and written as a stream;
 *  - a symbolic link is kept: the file it leads to is written (atomically
 *    when it is a regular file); a link to nothing is refused;
 *  - a block device or a directory is refused.
 * A stream receives the output only once it is complete (rg_write_file_atomic)
 * or as it is produced (rg_atomic_open's fp); it cannot be taken back. */
#ifndef RG_ATOMIC_FILE_H
#define RG_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

typedef struct rg_atomic_file {
    char *target;     /* final path */
    char *temp_path;  /* the temporary beside it */
    FILE *fp;         /* open for writing */
    int stream;       /* written straight to a stream: no temporary, no rename */
} rg_atomic_file;

/* Open a temporary beside `target`. Fails clearly if the directory is not writable. */
int rg_atomic_open(rg_atomic_file *f, const char *target, rg_error *err);
/* Flush, fsync and rename into place; on failure the temporary is removed. */
int rg_atomic_commit(rg_atomic_file *f, rg_error *err);
/* Whether rg_atomic_commit flushes each file and its directory to disk (the
 * default). A batch of many files turns this off in its workers and calls
 * rg_flush_output_dir once when it ends: every file still appears whole or
 * not at all (a kill or a full disk is caught before the rename), and the
 * whole output is on disk before the batch reports success. Process-wide. */
void rg_atomic_set_flush_each(int flush_each);
/* Flushes the filesystem holding `dir` (syncfs) and the directory itself. */
int rg_flush_output_dir(const char *dir, rg_error *err);
/* Removes from `dir` the temporaries that an interrupted writer (a kill -9)
 * left for the files named names[0..count) (base names in `dir`): those
 * files' ".NAME.XXXXXX" only, nothing else. The caller must be the only
 * writer of those names (a batch holds its directory's lock). Best effort:
 * a temporary that cannot be removed is left. */
void rg_atomic_remove_stale(const char *dir, const char *const *names, size_t count);
/* Remove the temporary (safe to call after commit or on a zeroed struct). */
void rg_atomic_abort(rg_atomic_file *f);
/* Write a whole buffer to `target` atomically. */
int rg_write_file_atomic(const char *target, const void *data, size_t len, rg_error *err);
/* Is `path` written as a stream (see above)? 1 yes, 0 no (a regular file,
 * a link to one, or a new name), -1 with err set when it would be refused. */
int rg_output_is_stream(const char *path, rg_error *err);
/* Refuses (RG_ERR_USAGE, nothing written) an output that is one of the
 * inputs: the same file as inputs[i] (same device and inode, whatever the
 * names, links or symbolic links), `what[i]` naming it in the message
 * ("the database in use"). Streams and new names pass; inputs that do not
 * exist are skipped. */
int rg_output_check_inputs(const char *output, const char *const *inputs, const char *const *what,
                           size_t count, rg_error *err);
/* Read a whole file into a NUL-terminated malloc'd buffer (caller frees). */
int rg_read_file(const char *path, char **data, size_t *len, rg_error *err);

#endif
