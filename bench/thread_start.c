/* How long a new thread waits before it runs while its parent keeps its CPU
 * busy, without and with a placement on another CPU (src/util/thread.c
 * explains why raingan places its helper threads). Prints the median and
 * 90th percentile of 50 starts, in milliseconds, for both.
 *
 *   bench/thread_start */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define STARTS 50

static double created;
static volatile double started;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void busy(double ms)
{
    double until = now_ms() + ms;
    while (now_ms() < until)
        ;
}

static void *note_start(void *unused)
{
    (void)unused;
    started = now_ms();
    return NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void measure(int place)
{
    double delay[STARTS];
    for (int i = 0; i < STARTS; i++) {
        usleep(2000);
        busy(1.0);
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        cpu_set_t others;
        CPU_ZERO(&others);
        if (place && sched_getaffinity(0, sizeof others, &others) == 0) {
            CPU_CLR(sched_getcpu(), &others);
            if (CPU_COUNT(&others))
                pthread_attr_setaffinity_np(&attr, sizeof others, &others);
        }
        pthread_t t;
        created = now_ms();
        if (pthread_create(&t, &attr, note_start, NULL) != 0) {
            perror("pthread_create");
            exit(1);
        }
        busy(3.0);   /* the parent keeps its CPU, as raingan's main thread does */
        pthread_join(t, NULL);
        pthread_attr_destroy(&attr);
        delay[i] = started - created;
    }
    qsort(delay, STARTS, sizeof delay[0], compare);
    printf("%-28s start delay median %.3f ms, p90 %.3f ms\n",
           place ? "placed on another CPU:" : "no placement:", delay[STARTS / 2],
           delay[STARTS * 9 / 10]);
}

int main(void)
{
    measure(0);
    measure(1);
    return 0;
}
