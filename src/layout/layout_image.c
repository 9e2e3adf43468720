/* Image dimensions for layout, read from the file header (PNG IHDR, JPEG
 * SOFn), so layout can keep an image's aspect ratio without calling
 * libharu; and the whole check of an image file before any of that
 * (image_file.h): size, allowed directories, a full decode by libpng or
 * libjpeg. */
#include "layout/layout_internal.h"
#include "layout/image_file.h"

#include <errno.h>
#include <limits.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jpeglib.h>

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static int jpeg_size(FILE *f, int *w, int *h)
{
    unsigned char b[8];
    for (;;) {
        int c = fgetc(f);
        if (c == EOF)
            return -1;
        if (c != 0xFF)
            continue;
        do
            c = fgetc(f);
        while (c == 0xFF);
        if (c == EOF || c == 0xD9 || c == 0xDA)
            return -1;
        if (c == 0x01 || (c >= 0xD0 && c <= 0xD7))
            continue;            /* markers without a length */
        if (fread(b, 1, 2, f) != 2)
            return -1;
        unsigned len = be16(b);
        if (len < 2)
            return -1;
        int sof = c >= 0xC0 && c <= 0xCF && c != 0xC4 && c != 0xC8 && c != 0xCC;
        if (sof) {
            if (fread(b, 1, 5, f) != 5)
                return -1;
            *h = (int)be16(b + 1);
            *w = (int)be16(b + 3);
            return 0;
        }
        if (fseek(f, (long)len - 2, SEEK_CUR) != 0)
            return -1;
    }
}

/* The size from the header of the image open in f; "what" names it. */
static int image_size_of(FILE *f, const char *what, int *width, int *height, rg_error *err)
{
    unsigned char h[24];
    size_t n = fread(h, 1, sizeof h, f);
    int rc = -1;
    *width = *height = 0;
    if (n >= 24 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8) && !memcmp(h + 12, "IHDR", 4)) {
        *width = (int)be32(h + 16);
        *height = (int)be32(h + 20);
        rc = 0;
    } else if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8) {
        rc = fseek(f, 2, SEEK_SET) == 0 ? jpeg_size(f, width, height) : -1;
    } else {
        return rg_error_set(err, RG_ERR_INPUT, "%s: not a PNG or JPEG image", what);
    }
    if (rc < 0 || *width <= 0 || *height <= 0 || *width > 1000000 || *height > 1000000)
        return rg_error_set(err, RG_ERR_INPUT, "%s: cannot read the image size", what);
    return 0;
}

int lo_image_size(const char *path, int *width, int *height, rg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open image: %s", path, strerror(errno));
    int rc = image_size_of(f, path, width, height, err);
    fclose(f);
    return rc;
}

int lo_image_size_data(const rg_image_data *im, int *width, int *height, rg_error *err)
{
    /* The same header reader over the bytes in memory. */
    FILE *f = fmemopen((void *)im->data, im->len, "rb");
    if (!f)
        return rg_error_set(err, RG_ERR_NOMEM, "%s: out of memory", im->name);
    int rc = image_size_of(f, im->name, width, height, err);
    fclose(f);
    return rc;
}

/* ---- The whole check (image_file.h) ---- */

static int png_check(const char *path, const unsigned char *data, size_t len, int *w, int *h,
                     rg_error *err)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len))
        return rg_error_set(err, RG_ERR_INPUT, "image %s: damaged PNG (%s)", path, img.message);
    if ((long long)img.width * img.height > RG_IMAGE_MAX_PIXELS) {
        png_image_free(&img);
        return rg_error_set(err, RG_ERR_INPUT, "image %s: %u x %u pixels is more than an image "
                            "of a form may have (%lld)", path, img.width, img.height,
                            RG_IMAGE_MAX_PIXELS);
    }
    img.format = PNG_FORMAT_RGBA;
    void *pixels = malloc(PNG_IMAGE_SIZE(img));
    if (!pixels) {
        png_image_free(&img);
        return rg_error_set(err, RG_ERR_NOMEM, "image %s: out of memory", path);
    }
    /* Decodes every row: every chunk's CRC and the compressed data are checked. */
    int ok = png_image_finish_read(&img, NULL, pixels, 0, NULL);
    free(pixels);
    if (!ok || (img.warning_or_error & PNG_IMAGE_WARNING)) {
        rg_error_set(err, RG_ERR_INPUT, "image %s: damaged PNG (%s)", path, img.message);
        png_image_free(&img);
        return -1;
    }
    *w = (int)img.width;
    *h = (int)img.height;
    return 0;
}

typedef struct jpeg_failure {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int warned;
} jpeg_failure;

static void jpeg_fail(j_common_ptr cinfo)
{
    jpeg_failure *f = (jpeg_failure *)cinfo->err;
    f->mgr.format_message(cinfo, f->message);
    longjmp(f->jump, 1);
}

/* libjpeg goes on after damaged data (it fills the rest with grey) with a
 * warning: for a form, a warning is a damaged image. */
static void jpeg_message(j_common_ptr cinfo, int level)
{
    jpeg_failure *f = (jpeg_failure *)cinfo->err;
    if (level < 0 && !f->warned) {
        f->mgr.format_message(cinfo, f->message);
        f->warned = 1;
    }
}

static int jpeg_check(const char *path, const unsigned char *data, size_t len, int *w, int *h,
                      rg_error *err)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_failure f;
    memset(&f, 0, sizeof f);
    cinfo.err = jpeg_std_error(&f.mgr);
    f.mgr.error_exit = jpeg_fail;
    f.mgr.emit_message = jpeg_message;
    JSAMPLE *volatile row = NULL;
    if (setjmp(f.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(row);
        return rg_error_set(err, RG_ERR_INPUT, "image %s: damaged JPEG (%s)", path, f.message);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if ((long long)cinfo.image_width * cinfo.image_height > RG_IMAGE_MAX_PIXELS) {
        snprintf(f.message, sizeof f.message, "%u x %u pixels is more than an image of a form "
                 "may have", cinfo.image_width, cinfo.image_height);
        longjmp(f.jump, 1);
    }
    jpeg_start_decompress(&cinfo);
    row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
    if (!row) {
        snprintf(f.message, sizeof f.message, "out of memory");
        longjmp(f.jump, 1);
    }
    JSAMPROW rows[1] = {row};
    while (cinfo.output_scanline < cinfo.output_height && !f.warned)
        jpeg_read_scanlines(&cinfo, rows, 1);
    if (!f.warned)
        jpeg_finish_decompress(&cinfo);
    if (f.warned)
        longjmp(f.jump, 1);
    *w = (int)cinfo.image_width;
    *h = (int)cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    free(row);
    return 0;
}

/* Reads the whole file, refusing before reading one more than max_bytes. */
static int read_limited(const char *path, long long max_bytes, unsigned char **out, size_t *len,
                        rg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return rg_error_set(err, RG_ERR_IO, "image %s: cannot open it: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return rg_error_set(err, RG_ERR_INPUT, "image %s: not a regular file", path);
    }
    if (st.st_size > max_bytes) {
        fclose(f);
        return rg_error_set(err, RG_ERR_INPUT, "image %s: %lld bytes, more than the limit of "
                            "%lld (--image-max-size)", path, (long long)st.st_size, max_bytes);
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    unsigned char *data = malloc(cap);
    while (data) {   /* the file may grow meanwhile: never past the limit */
        n += fread(data + n, 1, cap - n, f);
        if (n < cap || ferror(f))
            break;
        if ((long long)n > max_bytes) {
            free(data);
            fclose(f);
            return rg_error_set(err, RG_ERR_INPUT, "image %s: more than the limit of %lld bytes "
                                "(--image-max-size)", path, max_bytes);
        }
        unsigned char *grown = realloc(data, cap * 2);
        if (!grown)
            free(data);
        data = grown;
        cap *= 2;
    }
    int failed = !data || ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        return rg_error_set(err, data ? RG_ERR_IO : RG_ERR_NOMEM, "image %s: cannot read it", path);
    }
    *out = data;
    *len = n;
    return 0;
}

int rg_image_file_read(const char *path, long long max_bytes, unsigned char **data, size_t *len,
                       rg_error *err)
{
    return read_limited(path, max_bytes, data, len, err);
}

int rg_image_bytes_check(const char *label, const unsigned char *data, size_t len, int *width,
                         int *height, rg_error *err)
{
    if (len >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
        return png_check(label, data, len, width, height, err);
    if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        return jpeg_check(label, data, len, width, height, err);
    return rg_error_set(err, RG_ERR_INPUT, "image %s: neither a PNG nor a JPEG image", label);
}

int rg_image_file_check(const char *path, long long max_bytes, int *width, int *height,
                        rg_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (read_limited(path, max_bytes, &data, &len, err) < 0)
        return -1;
    int rc = rg_image_bytes_check(path, data, len, width, height, err);
    free(data);
    return rc;
}

/* 1 if `path` is `dir` or below it (both resolved). */
static int inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return 1;
    return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

char *rg_image_path_allowed(const char *path, const char *const *dirs, size_t count,
                            rg_error *err)
{
    char *real = realpath(path, NULL);
    if (!real) {
        rg_error_set(err, RG_ERR_IO, "image %s: %s", path, strerror(errno));
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        char *dir = realpath(dirs[i], NULL);
        int ok = dir && inside(real, dir);
        free(dir);
        if (ok)
            return real;
    }
    char list[RG_ERROR_MAX / 2] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used + 1 < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", dirs[i]);
    int moved = strcmp(real, path) != 0;
    rg_error_set(err, RG_ERR_INPUT, "image %s%s%s%s: outside the directories images from the "
                 "data may come from (%s); add its directory with --image-dir if it is meant to "
                 "be printed", path, moved ? " (really " : "", moved ? real : "", moved ? ")" : "",
                 count ? list : "none given");
    free(real);
    return NULL;
}

char *rg_image_path_allowed_env(const char *path, const char *const *dirs, size_t count,
                                rg_error *err)
{
    const char *env = getenv("RAINGAN_IMAGE_DIRS");
    char *env_copy = env && *env ? strdup(env) : NULL;
    size_t cap = count + 1;
    for (const char *p = env_copy; p && *p; p++)
        cap += *p == ':';
    const char **all = calloc(cap, sizeof *all);
    if (!all || (env && *env && !env_copy)) {
        free(all);
        free(env_copy);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        all[n++] = dirs[i];
    char *save = NULL;
    for (char *dir = env_copy ? strtok_r(env_copy, ":", &save) : NULL; dir;
         dir = strtok_r(NULL, ":", &save))
        all[n++] = dir;
    char *real = rg_image_path_allowed(path, all, n, err);
    free(all);
    free(env_copy);
    return real;
}
