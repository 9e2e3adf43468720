/* Growable arrays: one growth rule (double the capacity, from a first
 * capacity chosen by the caller) instead of a realloc dance at every push.
 * Header-only and inline because it sits on layout's hot paths. */
#ifndef RG_VEC_H
#define RG_VEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Makes room for one more element in an array of `count` elements of
 * elem_size bytes with capacity *cap. Returns the array to use: `items` while
 * there is room, else `items` reallocated to twice *cap (first_cap when
 * empty) with *cap updated. Returns NULL when memory runs out; `items` and
 * *cap are then unchanged and `items` still belongs to the caller.
 * Use: T *p = rg_vec_reserve(a->items, a->count, &a->cap, sizeof *p, 8);
 *      if (!p) fail; a->items = p; a->items[a->count++] = x; */
static inline void *rg_vec_reserve(void *items, size_t count, size_t *cap, size_t elem_size,
                                   size_t first_cap)
{
    if (count < *cap)
        return items;
    size_t grown = *cap ? *cap * 2 : first_cap;
    if (grown < *cap || grown > SIZE_MAX / elem_size)
        return NULL;
    void *p = realloc(items, grown * elem_size);
    if (p)
        *cap = grown;
    return p;
}

#endif
