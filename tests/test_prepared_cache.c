/* The byte-bounded LRU cache of prepared paragraphs (text/prepared_cache.h):
 * lookups by key bytes, least recently used dropped first, the budget never
 * passed, values freed exactly once (by eviction or by the cache's end),
 * values refused (too large, key present) left to the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text/prepared_cache.h"

static int freed[64];

static void free_value(void *value)
{
    int *v = value;
    freed[*v]++;
    free(v);
}

static int *value_of(int n)
{
    int *v = malloc(sizeof *v);
    *v = n;
    return v;
}

static int put(rg_prepared_cache *c, const char *key, int n, size_t bytes)
{
    int *v = value_of(n);
    int kept = rg_prepared_cache_put(c, key, strlen(key), v, bytes, free_value);
    if (!kept)
        free(v);
    return kept;
}

static int get(rg_prepared_cache *c, const char *key)
{
    const int *v = rg_prepared_cache_get(c, key, strlen(key));
    return v ? *v : -1;
}

int main(void)
{
    /* A value counts its bytes plus its entry and key. */
    rg_prepared_cache *c = rg_prepared_cache_new(64000);
    CHECK(c != NULL);
    CHECK_INT(put(c, "k0", 0, 1000), 1);
    size_t one = rg_prepared_cache_bytes(c);
    CHECK(one > 1000 && one < 1200);
    rg_prepared_cache_free(c);
    CHECK_INT(freed[0], 1);

    c = rg_prepared_cache_new(10 * one + one / 2);   /* room for ten */
    char key[8];
    for (int i = 1; i <= 10; i++) {
        snprintf(key, sizeof key, "k%d", i);
        CHECK_INT(put(c, key, i, 1000), 1);
    }
    CHECK_INT((long)rg_prepared_cache_count(c), 10);
    CHECK_INT(get(c, "k1"), 1);             /* k1 used: k2 is now the oldest */
    CHECK_INT(get(c, "nothing"), -1);
    CHECK_INT(put(c, "k11", 11, 1000), 1);  /* drops k2 only */
    CHECK_INT(freed[2], 1);
    CHECK_INT(freed[3], 0);
    CHECK_INT(get(c, "k2"), -1);
    CHECK_INT(get(c, "k1"), 1);
    CHECK_INT(get(c, "k11"), 11);
    CHECK_INT((long)rg_prepared_cache_count(c), 10);
    CHECK(rg_prepared_cache_bytes(c) <= 10 * one + one / 2);
    CHECK_INT(put(c, "k12", 12, 2 * one), 0);   /* over an eighth of the budget: refused */
    CHECK_INT(put(c, "k1", 13, 10), 0);         /* key present: refused, k1 unchanged */
    CHECK_INT(get(c, "k1"), 1);
    CHECK_INT(freed[12] + freed[13], 0);
    /* keys differing only after a NUL are different keys */
    CHECK_INT(rg_prepared_cache_put(c, "x\0a", 3, value_of(14), 10, free_value), 1);
    CHECK(rg_prepared_cache_get(c, "x\0b", 3) == NULL);
    CHECK(rg_prepared_cache_get(c, "x\0a", 3) != NULL);
    rg_prepared_cache_free(c);
    for (int i = 1; i <= 14; i++)
        CHECK_INT(freed[i], i == 12 || i == 13 ? 0 : 1);

    /* Many values through a small budget: always within it, each freed once. */
    c = rg_prepared_cache_new(100000);
    int many_freed_before = freed[0];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "%d", i);
        int *v = value_of(0);
        if (!rg_prepared_cache_put(c, key, strlen(key), v, (size_t)(i % 7) * 500, free_value))
            free(v);
        CHECK(rg_prepared_cache_bytes(c) <= 100000);
    }
    size_t kept = rg_prepared_cache_count(c);
    CHECK(kept > 20 && kept < 5000);
    rg_prepared_cache_free(c);
    CHECK_INT(freed[0] - many_freed_before, 5000);
    rg_prepared_cache_free(NULL);
    return CHECK_DONE();
}
