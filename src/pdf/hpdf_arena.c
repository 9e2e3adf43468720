/* libharu's memory for one document at a time, per thread (hpdf_arena.h). */
#include "pdf/hpdf_arena.h"

#include <stddef.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
/* Under AddressSanitizer every piece is an allocation of its own, so that
 * raingan's writes into libharu's objects (hpdf_internals.c) stay checked. */
void *HPDF_STDCALL rg_hpdf_arena_alloc(HPDF_UINT size)
{
    return malloc(size ? size : 1);
}

void HPDF_STDCALL rg_hpdf_arena_free(void *ptr)
{
    free(ptr);
}

void rg_hpdf_arena_reset(void)
{
}
#else
#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16   /* malloc's alignment on x86-64: libharu's structures expect no more */

typedef struct block {
    struct block *next;
    size_t used;
    _Alignas(ALIGN) unsigned char data[BLOCK_SIZE];
} block;

typedef struct big {   /* a piece larger than a block, freed by the reset */
    struct big *next;
    _Alignas(ALIGN) unsigned char data[];
} big;

static _Thread_local block *blocks;    /* kept from one document to the next */
static _Thread_local block *current;   /* the block being handed out */
static _Thread_local big *bigs;

void *HPDF_STDCALL rg_hpdf_arena_alloc(HPDF_UINT size)
{
    size_t n = ((size_t)size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (n == 0)
        n = ALIGN;
    if (n > BLOCK_SIZE / 4) {
        big *b = malloc(sizeof *b + n);
        if (!b)
            return NULL;
        b->next = bigs;
        bigs = b;
        return b->data;
    }
    if (!current) {
        if (!blocks) {
            if (!(blocks = malloc(sizeof *blocks)))
                return NULL;
            blocks->next = NULL;
            blocks->used = 0;
        }
        current = blocks;
    }
    while (current->used + n > BLOCK_SIZE) {
        if (!current->next) {
            block *more = malloc(sizeof *more);
            if (!more)
                return NULL;
            more->next = NULL;
            more->used = 0;
            current->next = more;
        }
        current = current->next;
        current->used = 0;
    }
    void *p = current->data + current->used;
    current->used += n;
    return p;
}

void HPDF_STDCALL rg_hpdf_arena_free(void *ptr)
{
    (void)ptr;   /* everything is given back at once by the reset */
}

void rg_hpdf_arena_reset(void)
{
    while (bigs) {
        big *next = bigs->next;
        free(bigs);
        bigs = next;
    }
    if (blocks)
        blocks->used = 0;
    current = NULL;
}
#endif
