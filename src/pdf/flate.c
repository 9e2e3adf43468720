/* Flate compression for the PDF writer (flate.h), through libdeflate.
 *
 * PDF streams are compressed whole, which is what libdeflate is built for:
 * at its level 6 it is about twice as fast as zlib's level 4 and its output is
 * smaller than zlib's level 6 (docs/performance.md). One compressor per level
 * is kept for the life of the process: allocating one clears its hash tables,
 * and fresh pages for them cost page faults on every document. */
#include "pdf/flate.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>

#define MAX_LEVEL 12

static struct libdeflate_compressor *compressors[MAX_LEVEL + 1];
static pthread_mutex_t compressors_lock = PTHREAD_MUTEX_INITIALIZER;

static void free_compressors(void)
{
    for (int i = 0; i <= MAX_LEVEL; i++) {
        libdeflate_free_compressor(compressors[i]);
        compressors[i] = NULL;
    }
}

/* The compressor for level, or NULL when out of memory. Call with the lock held. */
static struct libdeflate_compressor *compressor_for(int level)
{
    static int cleanup_registered;
    if (!compressors[level]) {
        compressors[level] = libdeflate_alloc_compressor(level);
        if (compressors[level] && !cleanup_registered)
            cleanup_registered = atexit(free_compressors) == 0;
    }
    return compressors[level];
}

int rg_flate_compress(const void *data, size_t len, int level, rg_buf *out)
{
    rg_buf_reset(out);
    if (level < 0 || level > MAX_LEVEL)
        return -1;
    pthread_mutex_lock(&compressors_lock);
    struct libdeflate_compressor *c = compressor_for(level);
    size_t bound = c ? libdeflate_zlib_compress_bound(c, len) : 0;
    /* out grows to the bound once and keeps its memory between documents. */
    int rc = c && rg_buf_reserve(out, bound) == 0 ? 0 : -1;
    if (rc == 0) {
        size_t n = libdeflate_zlib_compress(c, data, len, out->data, bound);
        out->len = n;
        out->data[n] = '\0';
        rc = n ? 0 : -1;   /* 0: did not fit, which the bound rules out */
    }
    pthread_mutex_unlock(&compressors_lock);
    return rc;
}
