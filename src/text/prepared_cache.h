/* A cache of prepared paragraphs: what paragraph.c's prepare() makes of a
 * paragraph's spans before choosing its lines (the cleaned text, the line
 * break opportunities, the shaped glyphs cut into units), kept by the
 * spans' content so that the same text in the same fonts is not analysed
 * and shaped again.
 *
 * Why: preparing is most of a paragraph's layout (21 % of a warm seed-002
 * render: line-break analysis with libthai's dictionary and the word
 * list, and shaping from the word cache). A form's labels and headings come
 * back in every record (about 40 % of seed 002's paragraphs are in the
 * other progress reports too), and a service renders the same record again
 * for each page previewed, then for the PDF and the archival copy.
 *
 * The cache knows nothing of paragraphs: keys are byte strings, values
 * are the caller's, each with its size in bytes and a function that frees
 * it. It keeps at most `budget` bytes of values (and their keys), dropping
 * the least recently used. One per rg_fontlib (text_internal.h), so used by
 * one thread at a time, like the word cache. */
#ifndef RG_TEXT_PREPARED_CACHE_H
#define RG_TEXT_PREPARED_CACHE_H

#include <stddef.h>

typedef struct rg_prepared_cache rg_prepared_cache;

/* An empty cache keeping at most budget bytes; NULL when out of memory. */
rg_prepared_cache *rg_prepared_cache_new(size_t budget);
/* Frees every value (with its free function) and the cache; NULL is a no-op. */
void rg_prepared_cache_free(rg_prepared_cache *cache);

/* The value stored under key[0..key_len), or NULL. A value found stays
 * valid until the next rg_prepared_cache_put or rg_prepared_cache_free
 * (which may drop it); the caller must not change it. */
const void *rg_prepared_cache_get(rg_prepared_cache *cache, const void *key, size_t key_len);

/* Stores value (bytes: its size, counted against the budget) under a copy
 * of key, dropping the least recently used values until it fits; the cache
 * then owns value and frees it with free_value when it drops it. Returns 1
 * if kept, or 0 (value still the caller's) when it is larger than an eighth
 * of the budget, when the key is there already, or when memory runs out. */
int rg_prepared_cache_put(rg_prepared_cache *cache, const void *key, size_t key_len, void *value,
                          size_t bytes, void (*free_value)(void *));

/* Values kept now, and their bytes (keys included): for tests and benchmarks. */
size_t rg_prepared_cache_count(const rg_prepared_cache *cache);
size_t rg_prepared_cache_bytes(const rg_prepared_cache *cache);

#endif
