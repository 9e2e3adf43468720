/* Helper threads started on another CPU (thread.h). */
#define _GNU_SOURCE   /* sched_getcpu, CPU_* and pthread_attr_setaffinity_np */
#include "util/thread.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct start {
    void *(*fn)(void *);
    void *arg;
    cpu_set_t allowed;       /* the CPUs the process may use */
} start;

static atomic_int allowed = 1;

void rg_thread_set_allowed(int on)
{
    atomic_store(&allowed, on);
}

int rg_thread_allowed(void)
{
    return atomic_load(&allowed);
}

static void *trampoline(void *p)
{
    start s = *(start *)p;
    free(p);
    /* Free to move again: the placement was only for the start. */
    pthread_setaffinity_np(pthread_self(), sizeof s.allowed, &s.allowed);
    return s.fn(s.arg);
}

int rg_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
    if (!rg_thread_allowed())
        return -1;
    start *s = malloc(sizeof *s);
    cpu_set_t others;
    int here = sched_getcpu();
    int placed = s && here >= 0 && sched_getaffinity(0, sizeof s->allowed, &s->allowed) == 0;
    if (placed) {
        CPU_ZERO(&others);
        CPU_OR(&others, &others, &s->allowed);
        CPU_CLR(here, &others);
        placed = CPU_COUNT(&others) > 0;
    }
    if (!placed) {
        free(s);
        return pthread_create(thread, NULL, fn, arg) == 0 ? 0 : -1;
    }
    s->fn = fn;
    s->arg = arg;
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr) == 0 ? 0 : -1;
    if (rc == 0) {
        pthread_attr_setaffinity_np(&attr, sizeof others, &others);
        rc = pthread_create(thread, &attr, trampoline, s) == 0 ? 0 : -1;
        pthread_attr_destroy(&attr);
    }
    if (rc < 0) {
        free(s);
        return pthread_create(thread, NULL, fn, arg) == 0 ? 0 : -1;
    }
    return 0;
}
