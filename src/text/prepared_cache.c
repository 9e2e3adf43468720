/* A byte-bounded least-recently-used cache keyed by byte strings
 * (prepared_cache.h): a chained hash table for the lookups, a doubly linked
 * list in order of use for the evictions. */
#include "text/prepared_cache.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096   /* a power of two; entries are bounded by bytes, not count */

typedef struct entry {
    struct entry *next_in_bucket;
    struct entry *newer, *older;   /* the use list: cache->newest ... cache->oldest */
    uint64_t hash;
    size_t key_len;
    size_t bytes;                  /* the value's, plus this entry and its key */
    void *value;
    void (*free_value)(void *);
    unsigned char key[];
} entry;

struct rg_prepared_cache {
    entry *buckets[BUCKETS];
    entry *newest, *oldest;
    size_t budget, bytes, count;
};

static uint64_t hash_of(const unsigned char *key, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ key[i]) * 1099511628211u;
    return h ^ (h >> 32);
}

rg_prepared_cache *rg_prepared_cache_new(size_t budget)
{
    rg_prepared_cache *c = calloc(1, sizeof *c);
    if (c)
        c->budget = budget;
    return c;
}

static void unlink_use(rg_prepared_cache *c, entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void link_newest(rg_prepared_cache *c, entry *e)
{
    e->newer = NULL;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
}

static void drop(rg_prepared_cache *c, entry *e)
{
    entry **link = &c->buckets[e->hash & (BUCKETS - 1)];
    while (*link != e)
        link = &(*link)->next_in_bucket;
    *link = e->next_in_bucket;
    unlink_use(c, e);
    assert(c->bytes >= e->bytes && c->count > 0);
    c->bytes -= e->bytes;
    c->count--;
    e->free_value(e->value);
    free(e);
}

void rg_prepared_cache_free(rg_prepared_cache *c)
{
    if (!c)
        return;
    while (c->oldest)
        drop(c, c->oldest);
    free(c);
}

static entry *find(const rg_prepared_cache *c, const void *key, size_t key_len, uint64_t h)
{
    for (entry *e = c->buckets[h & (BUCKETS - 1)]; e; e = e->next_in_bucket) {
        if (e->hash == h && e->key_len == key_len && !memcmp(e->key, key, key_len))
            return e;
    }
    return NULL;
}

const void *rg_prepared_cache_get(rg_prepared_cache *c, const void *key, size_t key_len)
{
    entry *e = find(c, key, key_len, hash_of(key, key_len));
    if (!e)
        return NULL;
    unlink_use(c, e);
    link_newest(c, e);
    return e->value;
}

int rg_prepared_cache_put(rg_prepared_cache *c, const void *key, size_t key_len, void *value,
                          size_t bytes, void (*free_value)(void *))
{
    uint64_t h = hash_of(key, key_len);
    size_t total = bytes + sizeof(entry) + key_len;
    entry *e = NULL;
    if (total > c->budget / 8 || find(c, key, key_len, h) || !(e = malloc(sizeof *e + key_len)))
        return 0;
    while (c->oldest && c->bytes + total > c->budget)
        drop(c, c->oldest);
    e->hash = h;
    e->key_len = key_len;
    e->bytes = total;
    e->value = value;
    e->free_value = free_value;
    memcpy(e->key, key, key_len);
    entry **bucket = &c->buckets[h & (BUCKETS - 1)];
    e->next_in_bucket = *bucket;
    *bucket = e;
    link_newest(c, e);
    c->bytes += total;
    c->count++;
    assert(c->bytes <= c->budget);
    return 1;
}

size_t rg_prepared_cache_count(const rg_prepared_cache *c)
{
    return c ? c->count : 0;
}

size_t rg_prepared_cache_bytes(const rg_prepared_cache *c)
{
    return c ? c->bytes : 0;
}
