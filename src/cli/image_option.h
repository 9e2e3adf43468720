/* Where images named by the data may be printed from, and how large an
 * image may be: `--image-dir DIR` (repeatable), `--image-max-size SIZE` of
 * render and batch (docs/cli.md, "Images"). The database's directory (or,
 * for render --data, each data file's directory) is always allowed, and so
 * is each directory of $RAINGAN_IMAGE_DIRS (separated by ':'). */
#ifndef RG_CLI_IMAGE_OPTION_H
#define RG_CLI_IMAGE_OPTION_H

#include <stddef.h>

#include "render/render.h"

typedef struct rg_cli_images {
    char **dirs;          /* owned, each owned */
    size_t count;
    long long max_bytes;  /* 0: the default */
} rg_cli_images;

/* Adds one --image-dir; 0, or -1 when memory runs out. */
int rg_cli_images_add(rg_cli_images *im, const char *dir);
/* Parses --image-max-size: bytes, or a number with K, M or G (1024-based).
 * 0, or -1 (message printed for `command`, usage status follows). */
int rg_cli_images_max_size(rg_cli_images *im, const char *command, const char *value);
/* Adds the `count` data files' directories (render --data; with a
 * database, `db_path`, the binder allows its directory itself, and those
 * of $RAINGAN_IMAGE_DIRS), then points `opts` at the list (which must
 * outlive it). 0, or -1 when memory runs out. */
int rg_cli_images_finish(rg_cli_images *im, const char *db_path, const char *const *data,
                         size_t count, rg_render_options *opts);
void rg_cli_images_free(rg_cli_images *im);

#endif
