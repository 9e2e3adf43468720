/* The progress display of `raingan batch` on standard error: on a terminal a
 * bar redrawn ten times a second (done/total, documents per second, time
 * left), otherwise one line a second for a log. Messages printed between
 * two draws go through rg_batch_progress_clear first, so that a bar never
 * shares a line with them. */
#ifndef RG_CLI_BATCH_PROGRESS_H
#define RG_CLI_BATCH_PROGRESS_H

#include <stddef.h>

typedef struct rg_batch_progress {
    int tty;               /* standard error is a terminal: draw a bar */
    int quiet;             /* draw nothing */
    size_t total, ok, failed;
    size_t last_done;      /* count shown by the last line */
    double start, last_draw;
    int bar_shown;
} rg_batch_progress;

/* Seconds on the monotonic clock. */
double rg_batch_now(void);

/* Starts the clock for `total` records. */
void rg_batch_progress_init(rg_batch_progress *p, size_t total, int quiet);
/* Erases the bar, if one is shown, before another message is printed. */
void rg_batch_progress_clear(rg_batch_progress *p);
/* Draws the count if the last draw is old enough (force: now, unless a
 * line with this count was just printed). */
void rg_batch_progress_draw(rg_batch_progress *p, int force);

#endif
