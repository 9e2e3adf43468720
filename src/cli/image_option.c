/* --image-dir and --image-max-size (image_option.h). */
#include "cli/image_option.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_n(rg_cli_images *im, const char *dir, size_t len)
{
    char **grown = realloc(im->dirs, (im->count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    im->dirs = grown;
    if (!(im->dirs[im->count] = strndup(dir, len)))
        return -1;
    im->count++;
    return 0;
}

int rg_cli_images_add(rg_cli_images *im, const char *dir)
{
    return add_n(im, dir, strlen(dir));
}

int rg_cli_images_max_size(rg_cli_images *im, const char *command, const char *value)
{
    char *end;
    long long n = strtoll(value, &end, 10);
    long long unit = 1;
    if (*end == 'K' || *end == 'k')
        unit = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        unit = 1024 * 1024, end++;
    else if (*end == 'G' || *end == 'g')
        unit = 1024LL * 1024 * 1024, end++;
    if (end == value || *end || n <= 0 || n > (1LL << 40) / unit) {
        fprintf(stderr, "raingan %s: --image-max-size %s: expected a size in bytes, or with K, M "
                "or G, e.g. 16M\n", command, value);
        return -1;
    }
    im->max_bytes = n * unit;
    return 0;
}

/* The directory part of a file's path ("." for a bare name). */
static int add_dir_of(rg_cli_images *im, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return add_n(im, ".", 1);
    return add_n(im, path, slash == path ? 1 : (size_t)(slash - path));
}

int rg_cli_images_finish(rg_cli_images *im, const char *db_path, const char *const *data,
                         size_t count, rg_render_options *opts)
{
    int rc = 0;
    (void)db_path;   /* the binder allows the database's own directory itself */
    for (size_t i = 0; i < count; i++)
        if (strcmp(data[i], "-") != 0)
            rc |= add_dir_of(im, data[i]);
    opts->image_dirs = (const char *const *)im->dirs;
    opts->image_dir_count = im->count;
    if (im->max_bytes)
        opts->image_max_bytes = im->max_bytes;
    return rc ? -1 : 0;
}

void rg_cli_images_free(rg_cli_images *im)
{
    for (size_t i = 0; i < im->count; i++)
        free(im->dirs[i]);
    free(im->dirs);
    im->dirs = NULL;
    im->count = 0;
}
