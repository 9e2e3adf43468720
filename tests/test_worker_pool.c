/* The worker pool (src/render/worker_pool.h) with real forked workers: every
 * task's outcome arrives exactly once (successes, errors, warnings, replies);
 * N workers really run side by side; a worker killed with SIGKILL in the
 * middle of a task fails that task only and is replaced, and the replacement
 * takes work; a task past the time limit is stopped; a pool stopped with
 * tasks waiting ends each of them; a slot whose workers die before they are
 * ready stops being refilled and what waits fails instead of hanging.
 *
 * Workers meet through a shared anonymous mapping (made before the pool
 * forks). Waiting loops have generous bounds only so that a broken pool
 * fails the test instead of hanging it; no check depends on timing. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "render/worker_pool.h"

#define MAX_TASKS 300

typedef struct shared {
    atomic_int gathered;       /* workers inside a "gather" task */
    atomic_int victim;         /* the pid of the worker in a "hang" task */
    atomic_int exits;          /* workers that ran child_exit */
    atomic_int inits;          /* workers that ran child_init */
    atomic_int crash_init;     /* child_init exits 3 at once */
} shared;

static shared *shm;
static pid_t initialised;      /* in a worker: set by child_init */

/* ---- in the workers --------------------------------------------------------- */

static void child_init(void *user)
{
    (void)user;
    if (atomic_load(&shm->crash_init))
        _exit(3);
    initialised = getpid();
    atomic_fetch_add(&shm->inits, 1);
}

static void child_exit(void *user)
{
    (void)user;
    atomic_fetch_add(&shm->exits, 1);
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) < 0 && errno == EINTR)
        ;
}

/* Tasks: "echo N" (replies "N PID"; N % 7 == 3 fails, N % 5 == 0 warns
 * twice), "gather N" (returns once N workers are inside one at the same
 * time), "hang" (never returns). */
static int run(void *user, const char *task, size_t len, rg_buf *reply, rg_error *err)
{
    (void)user;
    if (strlen(task) != len || initialised != getpid())
        return rg_error_set(err, RG_ERR_INTERNAL, "task not whole, or child_init did not run");
    int n = 0;
    if (sscanf(task, "echo %d", &n) == 1) {
        if (n % 5 == 0) {
            rg_warn("first warning of %d", n);
            rg_warn("second warning of %d", n);
        }
        if (n % 7 == 3)
            return rg_error_set(err, RG_ERR_INPUT, "task %d failed", n);
        rg_buf_printf(reply, "%d %ld", n, (long)getpid());
        return 0;
    }
    if (sscanf(task, "gather %d", &n) == 1) {
        atomic_fetch_add(&shm->gathered, 1);
        for (int i = 0; i < 60000 && atomic_load(&shm->gathered) < n; i++)
            sleep_ms(1);
        if (atomic_load(&shm->gathered) < n)
            return rg_error_set(err, RG_ERR_INTERNAL, "only %d of %d workers ran at once",
                                atomic_load(&shm->gathered), n);
        rg_buf_printf(reply, "%ld", (long)getpid());
        return 0;
    }
    if (!strcmp(task, "hang")) {
        atomic_store(&shm->victim, (int)getpid());
        for (;;)
            pause();
    }
    return rg_error_set(err, RG_ERR_INPUT, "unknown task %s", task);
}

/* ---- in the parent ---------------------------------------------------------- */

typedef struct state {
    int count[MAX_TASKS];              /* outcomes per task */
    rg_task_outcome last[MAX_TASKS];   /* copied (reply and warnings checked in done) */
    char reply[MAX_TASKS][64];
    int warnings_ok[MAX_TASKS];
    rg_worker_pool *pool;
    int feed_from, feed_to;            /* done submits "echo feed_from++" while below feed_to */
    int exits_seen, exits_replaced, exits_stopping, exits_unclean;
    pid_t exited_pid[16];
} state;

static int task_of(void *tag)
{
    return (int)(long)tag;
}

static void done(void *user, void *tag, const rg_task_outcome *o)
{
    state *s = user;
    int i = task_of(tag);
    CHECK(i >= 0 && i < MAX_TASKS);
    if (i < 0 || i >= MAX_TASKS)
        return;
    s->count[i]++;
    s->last[i] = *o;
    s->last[i].reply = NULL;
    s->last[i].warnings = NULL;
    snprintf(s->reply[i], sizeof s->reply[i], "%.*s", (int)o->reply_len, o->reply ? o->reply : "");
    char w1[64], w2[64];
    snprintf(w1, sizeof w1, "first warning of %d", i);
    snprintf(w2, sizeof w2, "second warning of %d", i);
    s->warnings_ok[i] = o->warning_count == 2 && !strcmp(o->warnings[0], w1) && !strcmp(o->warnings[1], w2);
    if (s->feed_from < s->feed_to) {
        char task[32];
        int n = s->feed_from++;
        snprintf(task, sizeof task, "echo %d", n);
        rg_error err;
        CHECK_INT(rg_worker_pool_submit(s->pool, task, strlen(task), (void *)(long)n, &err), 0);
    }
}

static void exited(void *user, const rg_worker_exit *e)
{
    state *s = user;
    if (s->exits_seen < 16)
        s->exited_pid[s->exits_seen] = e->pid;
    s->exits_seen++;
    s->exits_replaced += e->replaced;
    s->exits_stopping += e->stopping;
    s->exits_unclean += !WIFEXITED(e->wait_status) || WEXITSTATUS(e->wait_status) != 0;
}

static rg_worker_pool *start(state *s, int workers, size_t max_queue, unsigned timeout_s)
{
    memset(s, 0, sizeof *s);
    rg_worker_pool_config cfg = {
        .workers = workers, .max_queue = max_queue, .task_timeout_s = timeout_s, .child_init = child_init,
        .run = run, .child_exit = child_exit, .done = done, .exited = exited, .user = s,
    };
    rg_error err;
    rg_error_clear(&err);
    s->pool = rg_worker_pool_start(&cfg, &err);
    CHECK(s->pool != NULL);
    if (!s->pool)
        fprintf(stderr, "rg_worker_pool_start: %s\n", err.message);
    return s->pool;
}

static void submit(state *s, const char *task, int i)
{
    rg_error err;
    rg_error_clear(&err);
    int rc = rg_worker_pool_submit(s->pool, task, strlen(task), (void *)(long)i, &err);
    CHECK_INT(rc, 0);
    if (rc < 0)
        fprintf(stderr, "submit %s: %s\n", task, err.message);
}

/* Polls until nothing is pending (bounded, so that a lost task fails
 * the test rather than hanging it). */
static void drain(state *s)
{
    rg_error err;
    for (int i = 0; i < 600 && rg_worker_pool_pending(s->pool); i++)
        CHECK(rg_worker_pool_poll(s->pool, 200, &err) >= 0);
    CHECK_INT(rg_worker_pool_pending(s->pool), 0);
}

/* Every outcome of tasks [0, n) arrived exactly once. */
static void check_once(const state *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s->count[i] != 1) {
            fprintf(stderr, "task %d: %d outcomes\n", i, s->count[i]);
            CHECK_INT(s->count[i], 1);
        }
    for (int i = n; i < MAX_TASKS; i++)
        CHECK_INT(s->count[i], 0);
}

static state st;

/* N workers, N tasks that each wait for the N of them: only a pool that
 * really runs N side by side finishes them. */
static void test_all_workers_used(void)
{
    atomic_store(&shm->exits, 0);
    atomic_store(&shm->inits, 0);
    atomic_store(&shm->gathered, 0);
    if (!start(&st, 3, 3, 0))
        return;
    CHECK_INT(rg_worker_pool_size(st.pool), 3);
    pid_t pids[3];
    for (int i = 0; i < 3; i++) {
        pids[i] = rg_worker_pool_pid(st.pool, i);
        CHECK(pids[i] > 0);
        submit(&st, "gather 3", i);
    }
    CHECK_INT(rg_worker_pool_pending(st.pool), 3);
    drain(&st);
    check_once(&st, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(st.last[i].end, RG_TASK_RAN);
        CHECK_INT(st.last[i].err.code, RG_OK);
        CHECK_STR(st.last[i].err.message, "");
        long pid = atol(st.reply[i]);
        CHECK_INT(pid, st.last[i].pid);
        CHECK(pid == pids[0] || pid == pids[1] || pid == pids[2]);
        for (int j = 0; j < i; j++)
            CHECK(st.last[i].pid != st.last[j].pid);
        CHECK_INT(st.last[i].pid, pids[st.last[i].worker]);
    }
    CHECK_INT(atomic_load(&shm->inits), 3);
    rg_worker_pool_stop(st.pool);
    CHECK_INT(atomic_load(&shm->exits), 3);
    CHECK_INT(st.exits_seen, 3);
    CHECK_INT(st.exits_stopping, 3);
    CHECK_INT(st.exits_unclean, 0);
}

/* Many tasks, fed one per outcome from inside the callback: each outcome
 * once, with its own reply, error or warnings. */
static void test_every_outcome_once(void)
{
    if (!start(&st, 3, 3, 0))
        return;
    st.feed_from = 3;
    st.feed_to = 250;
    for (int i = 0; i < 3; i++) {
        char task[32];
        snprintf(task, sizeof task, "echo %d", i);
        submit(&st, task, i);
    }
    drain(&st);
    check_once(&st, 250);
    int workers_used = 0;
    pid_t seen[3] = {0, 0, 0};
    for (int i = 0; i < 250; i++) {
        CHECK_INT(st.last[i].end, RG_TASK_RAN);
        if (i % 7 == 3) {
            char want[32];
            snprintf(want, sizeof want, "task %d failed", i);
            CHECK_INT(st.last[i].err.code, RG_ERR_INPUT);
            CHECK_STR(st.last[i].err.message, want);
            CHECK_STR(st.reply[i], "");
        } else {
            char want[64];
            snprintf(want, sizeof want, "%d %ld", i, (long)st.last[i].pid);
            CHECK_INT(st.last[i].err.code, RG_OK);
            CHECK_STR(st.reply[i], want);
        }
        if (i % 5 == 0)
            CHECK(st.warnings_ok[i]);
        else
            CHECK_INT(st.last[i].warning_count, 0);
        int w = st.last[i].worker;
        CHECK(w >= 0 && w < 3);
        if (w >= 0 && w < 3 && !seen[w]) {
            seen[w] = st.last[i].pid;
            workers_used++;
        }
    }
    CHECK_INT(workers_used, 3);
    rg_worker_pool_stop(st.pool);
    CHECK_INT(st.exits_unclean, 0);
    CHECK_INT(st.exits_replaced, 0);
}

/* A worker killed with SIGKILL while it runs a task: that task fails saying
 * so, every other task succeeds once, and a new worker takes its place and
 * its share of the work. */
static void test_killed_worker(void)
{
    atomic_store(&shm->victim, 0);
    if (!start(&st, 2, 20, 0))
        return;
    submit(&st, "hang", 0);
    for (int i = 1; i < 20; i++) {
        char task[32];
        snprintf(task, sizeof task, "echo %d", i);
        submit(&st, task, i);
    }
    rg_error err;
    pid_t victim = 0;
    for (int i = 0; i < 600 && rg_worker_pool_pending(st.pool); i++) {
        CHECK(rg_worker_pool_poll(st.pool, 100, &err) >= 0);
        if (!victim && (victim = atomic_load(&shm->victim)) > 0)
            CHECK_INT(kill(victim, SIGKILL), 0);
    }
    CHECK(victim > 0);
    CHECK_INT(rg_worker_pool_pending(st.pool), 0);
    check_once(&st, 20);
    CHECK_INT(st.last[0].end, RG_TASK_WORKER_DIED);
    CHECK_INT(st.last[0].err.code, RG_ERR_INTERNAL);
    CHECK_INT(st.last[0].pid, victim);
    CHECK(WIFSIGNALED(st.last[0].wait_status) && WTERMSIG(st.last[0].wait_status) == SIGKILL);
    CHECK(strstr(st.last[0].err.message, "killed by signal 9") != NULL);
    for (int i = 1; i < 20; i++) {
        CHECK_INT(st.last[i].end, RG_TASK_RAN);
        CHECK(st.last[i].pid != victim);
    }
    CHECK_INT(st.exits_seen, 1);
    CHECK_INT(st.exits_replaced, 1);
    CHECK_INT(st.exited_pid[0], victim);
    int slot = st.last[0].worker;
    CHECK(slot == 0 || slot == 1);
    pid_t replacement = rg_worker_pool_pid(st.pool, slot);
    CHECK(replacement > 0 && replacement != victim);
    /* Both workers at once again: the replacement takes work. */
    atomic_store(&shm->gathered, 0);
    submit(&st, "gather 2", 20);
    submit(&st, "gather 2", 21);
    drain(&st);
    CHECK_INT(st.count[20], 1);
    CHECK_INT(st.count[21], 1);
    CHECK_INT(st.last[20].err.code, RG_OK);
    CHECK_INT(st.last[21].err.code, RG_OK);
    CHECK(st.last[20].pid == replacement || st.last[21].pid == replacement);
    rg_worker_pool_stop(st.pool);
    CHECK_INT(st.exits_unclean, 1);   /* the victim only */
}

/* A task past the time limit: its worker is killed, the task says why. */
static void test_time_limit(void)
{
    if (!start(&st, 1, 2, 1))
        return;
    submit(&st, "hang", 0);
    submit(&st, "echo 1", 1);
    drain(&st);
    check_once(&st, 2);
    CHECK_INT(st.last[0].end, RG_TASK_TIMED_OUT);
    CHECK(strstr(st.last[0].err.message, "limit of 1 s") != NULL);
    CHECK_INT(st.last[1].end, RG_TASK_RAN);
    CHECK(!strncmp(st.reply[1], "1 ", 2));
    rg_worker_pool_stop(st.pool);
}

/* Stopped with tasks waiting: each ends once, as stopped; a full queue
 * refuses a task (and gives it no outcome). */
static void test_stop_with_queue(void)
{
    atomic_store(&shm->exits, 0);
    if (!start(&st, 1, 2, 0))
        return;
    /* Nothing polled yet, so the worker is not known to be ready: both wait. */
    submit(&st, "echo 1", 0);
    submit(&st, "echo 2", 1);
    rg_error err;
    rg_error_clear(&err);
    CHECK_INT(rg_worker_pool_submit(st.pool, "echo 4", 6, (void *)2L, &err), -1);
    CHECK_INT(err.code, RG_ERR_IO);
    CHECK_INT(rg_worker_pool_pending(st.pool), 2);
    rg_worker_pool_stop(st.pool);
    check_once(&st, 2);
    CHECK_INT(st.last[0].end, RG_TASK_STOPPED);
    CHECK_INT(st.last[1].end, RG_TASK_STOPPED);
    CHECK_INT(st.last[0].err.code, RG_ERR_INTERNAL);
    CHECK_INT(st.exits_stopping, 1);
    CHECK_INT(st.exits_unclean, 0);
    CHECK_INT(atomic_load(&shm->exits), 1);
}

/* Workers that die before they are ready: the slot is refilled a few
 * times, then left empty, and the waiting task fails instead of hanging. */
static void test_workers_that_never_start(void)
{
    atomic_store(&shm->crash_init, 1);
    if (!start(&st, 1, 2, 0))
        return;
    submit(&st, "echo 1", 0);
    drain(&st);
    check_once(&st, 1);
    CHECK_INT(st.last[0].end, RG_TASK_STOPPED);
    CHECK(strstr(st.last[0].err.message, "no worker is running") != NULL);
    CHECK_INT(st.exits_seen, 3);
    CHECK_INT(st.exits_replaced, 2);
    rg_error err;
    CHECK_INT(rg_worker_pool_submit(st.pool, "echo 2", 6, (void *)1L, &err), -1);
    rg_worker_pool_stop(st.pool);
    atomic_store(&shm->crash_init, 0);
}

int main(void)
{
    shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED)
        return 99;
    memset(shm, 0, sizeof *shm);
    test_all_workers_used();
    test_every_outcome_once();
    test_killed_worker();
    test_time_limit();
    test_stop_with_queue();
    test_workers_that_never_start();
    munmap(shm, sizeof *shm);
    return CHECK_DONE();
}
