/* The progress display of `raingan batch` (batch_progress.h). */
#include "cli/batch_progress.h"

#include <assert.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

double rg_batch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void rg_batch_progress_init(rg_batch_progress *p, size_t total, int quiet)
{
    *p = (rg_batch_progress){0};
    p->tty = isatty(STDERR_FILENO);
    p->quiet = quiet;
    p->total = total;
    p->start = p->last_draw = rg_batch_now();
}

static void format_duration(double s, char *buf, size_t cap)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, cap, "%ld:%02ld", t / 60, t % 60);
}

void rg_batch_progress_clear(rg_batch_progress *p)
{
    if (p->tty && p->bar_shown) {
        fputs("\r\033[K", stderr);
        p->bar_shown = 0;
    }
}

void rg_batch_progress_draw(rg_batch_progress *p, int force)
{
    if (p->quiet)
        return;
    double t = rg_batch_now();
    double interval = p->tty ? 0.1 : 1.0;
    if (!force && t - p->last_draw < interval)
        return;
    size_t done = p->ok + p->failed;
    assert(done <= p->total);   /* each record ends once */
    if (!p->tty && force && done == p->last_done && p->last_draw > p->start)
        return;   /* this line was just printed */
    p->last_draw = t;
    p->last_done = done;
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    char left[32] = "?";
    if (rate > 0)
        format_duration((double)(p->total - done) / rate, left, sizeof left);
    if (p->tty) {
        enum { WIDTH = 30 };
        int filled = p->total ? (int)(WIDTH * done / p->total) : WIDTH;
        char bar[WIDTH + 1];
        for (int i = 0; i < WIDTH; i++)
            bar[i] = i < filled ? '#' : '-';
        bar[WIDTH] = '\0';
        fprintf(stderr, "\r\033[K[%s] %zu/%zu  %.1f docs/s  %s left", bar, done, p->total, rate, left);
        if (p->failed)
            fprintf(stderr, "  (%zu failed)", p->failed);
        p->bar_shown = 1;
    } else {
        fprintf(stderr, "raingan batch: %zu/%zu done, %zu failed, %.1f docs/s, %s left\n", done, p->total,
                p->failed, rate, left);
    }
    fflush(stderr);
}
