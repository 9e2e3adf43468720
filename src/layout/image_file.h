/* Image files a document names (a template's own, or a path from the data:
 * a plan's emblem), checked before anything else reads them.
 *
 * libharu aborts the process (SIGABRT, inside libpng) on a truncated or
 * CRC-broken PNG, and embeds whatever bytes a file holds: so every image is
 * first read whole (up to a size limit) and decoded by libpng or libjpeg,
 * and only an image that decodes without an error or a warning goes on to
 * layout and the PDF writer. A path from the data must also lie inside one
 * of the directories the user allowed (symbolic links resolved first). */
#ifndef RG_IMAGE_FILE_H
#define RG_IMAGE_FILE_H

#include <stddef.h>

#include "util/error.h"

/* Default size limit of one image file (an emblem is some tens of KB). */
#define RG_IMAGE_MAX_BYTES_DEFAULT (16LL * 1024 * 1024)
/* Decoded size limit: width x height pixels. */
#define RG_IMAGE_MAX_PIXELS 40000000LL

/* Checks the file at `path`: a regular file of at most max_bytes bytes, a
 * PNG or JPEG by its content (whatever its name says) that decodes whole
 * and without a warning. Sets the size in pixels. RG_ERR_INPUT (damaged,
 * too large, not an image) or RG_ERR_IO (cannot read) with one message
 * naming the file and the reason. */
int rg_image_file_check(const char *path, long long max_bytes, int *width, int *height,
                        rg_error *err);

/* Reads the whole regular file at `path`, refusing (RG_ERR_INPUT) one of
 * more than max_bytes bytes before reading it; *data newly allocated.
 * RG_ERR_IO when it cannot be read. */
int rg_image_file_read(const char *path, long long max_bytes, unsigned char **data, size_t *len,
                       rg_error *err);

/* The check of rg_image_file_check on bytes in memory; `label` names them
 * in the message ("image LABEL: damaged PNG (...)"). */
int rg_image_bytes_check(const char *label, const unsigned char *data, size_t len, int *width,
                         int *height, rg_error *err);

/* The real path of `path` (symbolic links and ".." resolved, newly
 * allocated) when it lies inside one of the `count` directories `dirs`
 * (resolved the same way), else NULL with an RG_ERR_INPUT error naming the
 * directories allowed; RG_ERR_IO when the file does not exist. */
char *rg_image_path_allowed(const char *path, const char *const *dirs, size_t count,
                            rg_error *err);

/* rg_image_path_allowed with the directories of $RAINGAN_IMAGE_DIRS
 * (separated by ':') after the `count` given. */
char *rg_image_path_allowed_env(const char *path, const char *const *dirs, size_t count,
                                rg_error *err);

#endif
