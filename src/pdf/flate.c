/* Flate compression for the PDF writer (flate.h), through libdeflate.
 *
 * PDF streams are compressed whole, which is what libdeflate is built for:
 * at its level 6 it is about twice as fast as zlib's level 4 and its output is
 * smaller than zlib's level 6 (docs/performance.md). Compressors are kept for
 * the life of the process: allocating one clears its hash tables, and fresh
 * pages for them cost page faults on every document. Two threads compress
 * at once (the pages, and the fonts in pdf_prepare.c), so each takes a
 * compressor of its own from the kept ones and gives it back. */
#include "pdf/flate.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>

#define MAX_LEVEL 12
#define KEPT_PER_LEVEL 2

static struct libdeflate_compressor *kept[MAX_LEVEL + 1][KEPT_PER_LEVEL];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static void free_kept(void)
{
    for (int level = 0; level <= MAX_LEVEL; level++) {
        for (int i = 0; i < KEPT_PER_LEVEL; i++) {
            libdeflate_free_compressor(kept[level][i]);
            kept[level][i] = NULL;
        }
    }
}

/* A compressor for level: a kept one, else a new one (NULL: out of memory). */
static struct libdeflate_compressor *take(int level)
{
    static int cleanup_registered;
    struct libdeflate_compressor *c = NULL;
    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_PER_LEVEL && !c; i++) {
        c = kept[level][i];
        kept[level][i] = NULL;
    }
    if (!cleanup_registered)
        cleanup_registered = atexit(free_kept) == 0;
    pthread_mutex_unlock(&kept_lock);
    return c ? c : libdeflate_alloc_compressor(level);
}

static void give_back(int level, struct libdeflate_compressor *c)
{
    pthread_mutex_lock(&kept_lock);
    for (int i = 0; i < KEPT_PER_LEVEL && c; i++) {
        if (!kept[level][i]) {
            kept[level][i] = c;
            c = NULL;
        }
    }
    pthread_mutex_unlock(&kept_lock);
    libdeflate_free_compressor(c);   /* more threads than kept compressors */
}

int rg_flate_compress(const void *data, size_t len, int level, rg_buf *out)
{
    rg_buf_reset(out);
    if (level < 0 || level > MAX_LEVEL)
        return -1;
    struct libdeflate_compressor *c = take(level);
    if (!c)
        return -1;
    size_t bound = libdeflate_zlib_compress_bound(c, len);
    /* out grows to the bound once and keeps its memory between documents. */
    int rc = rg_buf_reserve(out, bound);
    if (rc == 0) {
        size_t n = libdeflate_zlib_compress(c, data, len, out->data, bound);
        out->len = n;
        out->data[n] = '\0';
        rc = n ? 0 : -1;   /* 0: did not fit, which the bound rules out */
    }
    give_back(level, c);
    return rc;
}
