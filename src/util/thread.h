/* Helper threads that start at once on another CPU.
 *
 * raingan's helper threads (libthai's dictionary, the prefetch of line
 * breaks, the PDF's font subsets) each do one to three milliseconds of work
 * while the main thread keeps its CPU busy. Measured on the 2-CPU target
 * machine, Linux placed such a new thread on its parent's CPU and moved it to
 * the idle one only about 2 ms later (bench: start delay 1.9 ms median
 * without a placement, 0.07 ms with one), which cancelled the gain. So the
 * thread is started on the other CPUs the process may use, and given back
 * all of them once it runs. */
#ifndef RG_THREAD_H
#define RG_THREAD_H

#include <pthread.h>

/* pthread_create(thread, NULL, fn, arg), placed as above when the process
 * may use more than one CPU. Returns 0, or -1 when no thread was started
 * (helper threads not allowed, or pthread_create failed): callers then do
 * the work themselves or go without it. */
int rg_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

/* Process-wide: whether rg_thread_start may start threads (default 1).
 * `raingan batch` turns helper threads off in its workers, which already
 * keep every CPU busy. */
void rg_thread_set_allowed(int allowed);
/* 1 while helper threads are allowed: lets a caller skip preparing work
 * for a thread that would not start. */
int rg_thread_allowed(void);

#endif
