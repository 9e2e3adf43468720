/* The heap policy of processes that render one document after another
 * (every worker of the pool, render/worker_pool.c: the service's and
 * `raingan batch -j N`'s).
 *
 * glibc gives memory back to the kernel as soon as the top of the heap is
 * free (128 KB by default) and serves large blocks with mmap/munmap. A
 * render builds and frees a few megabytes, so a worker paid for brk, munmap,
 * the TLB flushes and then the page faults of the same memory on every
 * document: 18 % of a warm seed-002 render, 41-51 page faults per request
 * in the service (docs/performance.md, "Service" and "Warm render").
 * Keeping that memory costs nothing extra over time: the heap stays at the
 * size of the largest document rendered. */
#ifndef RG_UTIL_HEAP_H
#define RG_UTIL_HEAP_H

/* Process-wide: keep up to 64 MB of freed heap for the next document, serve
 * blocks below 16 MB from the heap, grow it 4 MB at a time. For long-lived
 * worker processes (the worker pool calls it in each worker); not for a
 * one-off command.
 * Call before other threads start; returns 0, or -1 if glibc refused
 * (nothing changed then, and nothing is wrong either: only slower). */
int rg_heap_keep_between_documents(void);

#endif
