/* Atomic file replacement and whole-file reads (see atomic_file.h). */
#define _GNU_SOURCE   /* syncfs(2) */
#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

int rg_atomic_open(rg_atomic_file *f, const char *target, rg_error *err)
{
    memset(f, 0, sizeof *f);
    /* rename(2) replaces a file whatever its own permissions; a file the user
     * made read-only (an archived copy, say) is therefore refused here, as
     * the permission bits say, for root too. */
    struct stat st;
    if (stat(target, &st) == 0 && S_ISREG(st.st_mode) && !(st.st_mode & 0222))
        return rg_error_set(err, RG_ERR_IO, "%s: the file exists and is read-only; not replaced",
                            target);
    rg_buf temp = RG_BUF_INIT;
    const char *slash = strrchr(target, '/');
    /* A dot-file beside the target: hidden from globbing, same filesystem. */
    if (slash)
        rg_buf_printf(&temp, "%.*s/.%s.XXXXXX", (int)(slash - target), target, slash + 1);
    else
        rg_buf_printf(&temp, ".%s.XXXXXX", target);
    f->target = strdup(target);
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
        return rg_error_set(err, RG_ERR_IO, "%s: cannot create output file: %s", target, strerror(e));
    }
    fchmod(fd, 0644);
    f->temp_path = rg_buf_steal(&temp);
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        close(fd);
        rg_atomic_abort(f);
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open output file", target);
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
    if (fflush(f->fp) != 0 || ferror(f->fp)) {
        failed = 1;
        e = errno;
    } else if (flush_each && fsync(fileno(f->fp)) != 0) {
        failed = 1;
        e = errno;
    }
    if (fclose(f->fp) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    f->fp = NULL;
    if (!failed && rename(f->temp_path, f->target) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        rg_error_set(err, RG_ERR_IO, "%s: cannot write output file: %s", f->target, strerror(e));
        rg_atomic_abort(f);
        return -1;
    }
    if (flush_each)
        sync_parent_dir(f->target);
    free(f->temp_path);
    f->temp_path = NULL;
    free(f->target);
    f->target = NULL;
    return 0;
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
