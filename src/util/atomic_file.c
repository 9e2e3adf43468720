/* Atomic file replacement and whole-file reads (see atomic_file.h). */
#define _GNU_SOURCE   /* syncfs(2) */
#include "util/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/bounded_int.h"
#include "util/buf.h"
#include "util/paths.h"

/* ---- where an output path leads ---- */

typedef enum { OUT_FILE, OUT_DESCRIPTOR, OUT_DEVICE } out_kind;

typedef struct out_target {
    out_kind kind;
    int fd;      /* OUT_DESCRIPTOR: the descriptor to write to */
    char *path;  /* OUT_FILE, OUT_DEVICE: the file the path leads to (owned) */
} out_target;

/* The descriptor a path names by itself (/dev/stdout, /dev/fd/N,
 * /proc/self/fd/N, /proc/<this process>/fd/N), or -1. */
static int descriptor_path(const char *p)
{
    if (!strcmp(p, "/dev/stdout"))
        return 1;
    if (!strcmp(p, "/dev/stderr"))
        return 2;
    char own[48];
    snprintf(own, sizeof own, "/proc/%ld/fd/", (long)getpid());
    const char *prefixes[] = {"/dev/fd/", "/proc/self/fd/", own};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i]);
        long long fd;
        if (strncmp(p, prefixes[i], n) || rg_parse_bounded_int(p + n, 0, 999999, &fd) != RG_INT_OK)
            continue;
        return (int)fd;
    }
    return -1;
}

/* Where writing `target` goes: follows symbolic links one at a time (so
 * that /dev/stdout -> /proc/self/fd/1 is seen as a descriptor, not as the
 * file or terminal behind it). */
static int resolve_output(const char *target, out_target *t, rg_error *err)
{
    memset(t, 0, sizeof *t);
    if (!strcmp(target, "-")) {
        t->kind = OUT_DESCRIPTOR;
        t->fd = 1;
        return 0;
    }
    char *cur = strdup(target);
    for (int hops = 0; cur; hops++) {
        int fd = descriptor_path(cur);
        if (fd >= 0) {
            free(cur);
            t->kind = OUT_DESCRIPTOR;
            t->fd = fd;
            return 0;
        }
        struct stat st;
        int missing = lstat(cur, &st) != 0;
        if (missing || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
            if (missing && hops > 0 && errno == ENOENT) {
                rg_error_set(err, RG_ERR_IO,
                             "%s: a symbolic link to %s, which does not exist; not written (give the "
                             "file's own name to create it)", target, cur);
                free(cur);
                return -1;
            }
            /* A new name, a regular file, or a directory (refused by rename,
             * as before); other failures are reported when creating it. */
            t->kind = OUT_FILE;
            t->path = cur;
            return 0;
        }
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
            t->kind = OUT_DEVICE;
            t->path = cur;
            return 0;
        }
        if (S_ISBLK(st.st_mode)) {
            rg_error_set(err, RG_ERR_IO, "%s: a block device (a disk); raingan never writes to one", target);
            free(cur);
            return -1;
        }
        if (!S_ISLNK(st.st_mode) || hops >= 40) {
            rg_error_set(err, RG_ERR_IO, "%s: %s; not written", target,
                         S_ISLNK(st.st_mode) ? "too many levels of symbolic links" : "not a file raingan writes");
            free(cur);
            return -1;
        }
        char link[4096];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0 || (size_t)n >= sizeof link - 1) {
            rg_error_set(err, RG_ERR_IO, "%s: cannot read the symbolic link %s", target, cur);
            free(cur);
            return -1;
        }
        link[n] = '\0';
        rg_buf next = RG_BUF_INIT;
        const char *slash = strrchr(cur, '/');
        if (link[0] == '/' || !slash)
            rg_buf_puts(&next, link);
        else
            rg_buf_printf(&next, "%.*s/%s", (int)(slash - cur), cur, link);
        free(cur);
        cur = rg_buf_steal(&next);
    }
    return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
}

int rg_output_is_stream(const char *path, rg_error *err)
{
    out_target t;
    if (resolve_output(path, &t, err) < 0)
        return -1;
    free(t.path);
    return t.kind != OUT_FILE;
}

int rg_output_check_inputs(const char *output, const char *const *inputs, const char *const *what,
                           size_t count, rg_error *err)
{
    rg_error ignored = {0};
    struct stat out;
    if (rg_output_is_stream(output, &ignored) == 1 || stat(output, &out) != 0)
        return 0;
    for (size_t i = 0; i < count; i++) {
        struct stat in;
        if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
            return rg_error_set(err, RG_ERR_USAGE, "%s: the output must not be %s (%s); nothing written",
                                output, what[i], inputs[i]);
    }
    return 0;
}

/* A stream output: a descriptor of this process (dup'ed, so that closing it
 * leaves standard output open) or a device/FIFO opened without creating or
 * truncating anything. */
static int open_stream(rg_atomic_file *f, const char *target, const out_target *t, rg_error *err)
{
    int fd = t->kind == OUT_DESCRIPTOR ? fcntl(t->fd, F_DUPFD_CLOEXEC, 3)
                                       : open(t->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open for writing: %s", target,
                            errno == EBADF ? "that descriptor is not open" : strerror(errno));
    f->fp = fdopen(fd, "wb");
    f->target = strdup(target);
    f->stream = 1;
    if (!f->fp || !f->target) {
        if (!f->fp)
            close(fd);
        rg_atomic_abort(f);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    return 0;
}

int rg_atomic_open(rg_atomic_file *f, const char *user_target, rg_error *err)
{
    memset(f, 0, sizeof *f);
    out_target t;
    if (resolve_output(user_target, &t, err) < 0)
        return -1;
    if (t.kind != OUT_FILE) {
        int rc = open_stream(f, user_target, &t, err);
        free(t.path);
        return rc;
    }
    /* A regular file, possibly behind symbolic links: the file itself is
     * replaced, the links stay. */
    const char *target = t.path;
    /* rename(2) replaces a file whatever its own permissions; a file the user
     * made read-only (an archived copy, say) is therefore refused here, as
     * the permission bits say, for root too. */
    struct stat st;
    if (stat(target, &st) == 0 && S_ISREG(st.st_mode) && !(st.st_mode & 0222)) {
        free(t.path);
        return rg_error_set(err, RG_ERR_IO, "%s: the file exists and is read-only; not replaced",
                            user_target);
    }
    rg_buf temp = RG_BUF_INIT;
    const char *slash = strrchr(target, '/');
    /* A dot-file beside the target: hidden from globbing, same filesystem. */
    if (slash)
        rg_buf_printf(&temp, "%.*s/.%s.XXXXXX", (int)(slash - target), target, slash + 1);
    else
        rg_buf_printf(&temp, ".%s.XXXXXX", target);
    f->target = t.path;
    if (!temp.data || !f->target) {
        rg_buf_free(&temp);
        free(f->target);
        f->target = NULL;
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    int fd = mkstemp(temp.data);
    if (fd < 0) {
        int e = errno;
        rg_buf_free(&temp);
        free(f->target);
        f->target = NULL;
        return rg_error_set(err, RG_ERR_IO, "%s: cannot create output file: %s", user_target, strerror(e));
    }
    fchmod(fd, 0644);
    f->temp_path = rg_buf_steal(&temp);
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        close(fd);
        rg_atomic_abort(f);
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open output file", user_target);
    }
    return 0;
}

/* A rename is durable only once its directory is flushed: without this, a
 * power loss right after a run could bring back the old file (or none) under
 * the final name even though the new one was complete. Filesystems that
 * cannot fsync a directory (EINVAL) are fine as they are; any other failure is
 * worth a warning, since the file itself is already complete and in place. */
static void sync_parent_dir(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? strndup(target, slash == target ? 1 : (size_t)(slash - target))
                      : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY) : -1;
    if (fd >= 0) {
        if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
            rg_warn("%s: the directory could not be flushed to disk: %s", dir, strerror(errno));
        close(fd);
    }
    free(dir);
}

static int flush_each = 1;

void rg_atomic_set_flush_each(int on)
{
    flush_each = on;
}

int rg_flush_output_dir(const char *dir, rg_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open to flush it: %s", dir, strerror(errno));
    int rc = 0;
    if (syncfs(fd) != 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EROFS))
        rc = rg_error_set(err, RG_ERR_IO, "%s: cannot flush the written files to disk: %s", dir,
                          strerror(errno));
    close(fd);
    return rc;
}

int rg_atomic_commit(rg_atomic_file *f, rg_error *err)
{
    int failed = 0, e = 0;
    struct stat st;
    /* A stream is flushed to disk only when it is a regular file after all
     * (standard output redirected to one). */
    int can_sync = !f->stream || (fstat(fileno(f->fp), &st) == 0 && S_ISREG(st.st_mode));
    if (fflush(f->fp) != 0 || ferror(f->fp)) {
        failed = 1;
        e = errno;
    } else if (flush_each && can_sync && fsync(fileno(f->fp)) != 0) {
        failed = 1;
        e = errno;
    }
    if (fclose(f->fp) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    f->fp = NULL;
    if (!failed && !f->stream && rename(f->temp_path, f->target) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        rg_error_set(err, RG_ERR_IO, "%s: cannot write output file: %s", f->target, strerror(e));
        rg_atomic_abort(f);
        return -1;
    }
    if (flush_each && !f->stream)
        sync_parent_dir(f->target);
    free(f->temp_path);
    f->temp_path = NULL;
    free(f->target);
    f->target = NULL;
    return 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void rg_atomic_remove_stale(const char *dir, const char *const *names, size_t count)
{
    const char **sorted = malloc((count + 1) * sizeof *sorted);
    DIR *d = sorted ? opendir(dir) : NULL;
    if (!d) {
        free(sorted);
        return;
    }
    memcpy(sorted, names, count * sizeof *sorted);
    qsort(sorted, count, sizeof *sorted, compare_strings);
    struct dirent *e;
    while ((e = readdir(d))) {
        /* ".NAME.XXXXXX", as rg_atomic_open makes them: NAME is what lies
         * between the leading dot and the last seven characters. */
        size_t n = strlen(e->d_name);
        if (e->d_name[0] != '.' || n < 9 || e->d_name[n - 7] != '.')
            continue;
        char *name = strndup(e->d_name + 1, n - 8);
        if (name && bsearch(&name, sorted, count, sizeof *sorted, compare_strings)) {
            char *path = rg_path_join(dir, e->d_name);
            if (path)
                unlink(path);
            free(path);
        }
        free(name);
    }
    closedir(d);
    free(sorted);
}

void rg_atomic_abort(rg_atomic_file *f)
{
    if (f->fp)
        fclose(f->fp);
    f->fp = NULL;
    if (f->temp_path)
        unlink(f->temp_path);
    free(f->temp_path);
    free(f->target);
    f->temp_path = NULL;
    f->target = NULL;
    f->stream = 0;
}

int rg_write_file_atomic(const char *target, const void *data, size_t len, rg_error *err)
{
    rg_atomic_file f;
    if (rg_atomic_open(&f, target, err) < 0)
        return -1;
    if (len && fwrite(data, 1, len, f.fp) != len) {
        int e = errno;
        rg_atomic_abort(&f);
        return rg_error_set(err, RG_ERR_IO, "%s: cannot write output file: %s", target, strerror(e));
    }
    return rg_atomic_commit(&f, err);
}

int rg_read_file(const char *path, char **data, size_t *len, rg_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    rg_buf b = RG_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (rg_buf_append(&b, chunk, n) < 0) {
            fclose(fp);
            rg_buf_free(&b);
            return rg_error_set(err, RG_ERR_NOMEM, "%s: out of memory reading file", path);
        }
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        rg_buf_free(&b);
        return rg_error_set(err, RG_ERR_IO, "%s: read error", path);
    }
    *len = b.len;
    *data = rg_buf_steal(&b);
    return 0;
}
