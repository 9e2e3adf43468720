/* Flate compression for the PDF writer (flate.h).
 *
 * One zlib stream per level and strategy is kept for the life of the process
 * and reset between uses (deflateReset gives the same bytes as a new stream):
 * a new stream allocates and clears ~270 KB of window and hash tables, and
 * freeing them gave the memory back to the kernel, so every page paid for
 * fresh page faults (zlib was 22 % of a batch worker's CPU time, a third of
 * it outside deflate's own loop). */
#include "pdf/flate.h"

#include <limits.h>
#include <pthread.h>
#include <zlib.h>

typedef struct kept_stream {
    z_stream z;
    int level, strategy, ready;
} kept_stream;

static kept_stream kept[2];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

/* A reset stream for level and strategy, or NULL when out of memory. */
static z_stream *stream_for(int level, int strategy)
{
    kept_stream *k = &kept[0];
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        if (kept[i].ready && kept[i].level == level && kept[i].strategy == strategy) {
            k = &kept[i];
            return deflateReset(&k->z) == Z_OK ? &k->z : NULL;
        }
        if (!kept[i].ready)
            k = &kept[i];
    }
    if (k->ready) {   /* all taken by other settings: replace the first */
        deflateEnd(&k->z);
        k->ready = 0;
    }
    k->z = (z_stream){0};
    if (deflateInit2(&k->z, level, Z_DEFLATED, 15, 8, strategy) != Z_OK)
        return NULL;
    k->level = level;
    k->strategy = strategy;
    k->ready = 1;
    return &k->z;
}

int rg_flate_compress(const void *data, size_t len, int level, int filtered, rg_buf *out)
{
    rg_buf_reset(out);
    if (len > UINT_MAX / 2)
        return -1;
    pthread_mutex_lock(&kept_lock);
    z_stream *z = stream_for(level, filtered ? Z_FILTERED : Z_DEFAULT_STRATEGY);
    int rc = z ? 0 : -1;
    if (z) {
        z->next_in = (Bytef *)data;
        z->avail_in = (uInt)len;
    }
    unsigned char chunk[16384];
    int zrc = Z_OK;
    while (rc == 0 && zrc == Z_OK) {
        z->next_out = chunk;
        z->avail_out = sizeof chunk;
        zrc = deflate(z, Z_FINISH);
        if (zrc != Z_OK && zrc != Z_STREAM_END)
            rc = -1;
        else
            rc = rg_buf_append(out, chunk, sizeof chunk - z->avail_out);
    }
    if (z) {
        z->next_in = NULL;   /* the caller's bytes are not kept */
        z->avail_in = 0;
    }
    pthread_mutex_unlock(&kept_lock);
    return rc;
}
