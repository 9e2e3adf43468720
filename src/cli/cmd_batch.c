/* `raingan batch FORM --db FILE --out-dir DIR [--year BE] [--org KEY] [-j N]`:
 * print every matching record through one form, N at a time.
 *
 * The parent selects the records, checks the template once, loads the
 * template and the fonts (render_job.h), then forks N workers that share all
 * of it copy-on-write. Each worker opens the database read-only and renders
 * the records the parent hands it one at a time over a pipe (so a slow record
 * never holds up a queue), answering on its own result pipe. The parent owns
 * the terminal: progress (a bar on a TTY, plain lines otherwise), warnings
 * and failures with the record key, and the closing summary. A worker that
 * dies is reported against the record it held and replaced.
 *
 * Every PDF is written atomically (a hidden temporary beside the target,
 * renamed when complete). SIGINT/SIGTERM let each worker finish the file it
 * is writing, then stop; after a kill -9, the next run into the same
 * directory removes the hidden temporaries the killed run left (a lock on
 * the directory keeps two runs from sharing it). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/batch_progress.h"
#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/image_option.h"
#include "cli/render_job.h"
#include "store/store.h"
#include "template/template.h"
#include "render/file_name.h"
#include "util/buf.h"
#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/thread.h"
#include "util/vec.h"

int cmd_batch(int argc, char **argv);

#define MAX_CONSECUTIVE_IO 10     /* output errors in a row that stop the run (disk full) */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan batch FORM --out-dir DIR [--db FILE] [--year BE] [--org KEY] [-j N]\n"
            "Print every stored record of the form's kind into DIR, N at a time.\n"
            "  --db FILE          the database, opened read-only (default: $RAINGAN_DB, else ./%s)\n"
            "  --out-dir DIR      where the PDFs go (created if missing)\n"
            "  --year BE          only records of this fiscal year (Buddhist era), e.g. 2566\n"
            "  --org KEY          only records of organization KEY and the units under it (repeatable)\n"
            "  --key KEY          only this record (repeatable)\n"
            "  -j, --jobs N       render N records at a time (default: the number of cores)\n"
            "  --name PATTERN     file names (default " RG_FILE_NAME_DEFAULT "): {form}, {year}, {key};\n"
            "                     the key is made safe for a file name (docs/batch.md)\n"
            "  --digits thai|arabic, --font FAMILIES, --date YYYY-MM-DD, --templates DIR,\n"
            "  --image-dir DIR, --image-max-size SIZE: as for render\n"
            "  --archive [pdfa-1b|pdfa-3b]  archival copies: PDF/A-1b (default) or PDF/A-3b carrying\n"
            "                     each record's data, with the verification footer (docs/archival.md)\n"
            "  -q, --quiet        no progress display (failures and the summary are still printed)\n"
            "Exit status: 0 when every record was printed, 1 when some failed (each is named with\n"
            "its reason), 130 when interrupted; other errors as for every command.\n",
            RG_CLI_DEFAULT_DB);
}

/* ---- selecting the records ------------------------------------------------ */

typedef struct job {
    char *key;
    char *path;        /* output file */
    int done;          /* 0 pending, 1 rendered, -1 failed */
} job;

typedef struct batch {
    const char *command;
    const char *form;
    const char *db_path;
    const char *out_dir;
    const char *pattern;
    long year;
    const char **orgs, **keys;
    size_t org_count, key_count;
    int workers;
    int quiet;
    rg_render_options opts;
    rg_cli_images images;   /* what opts.image_dirs points into */
    rg_renderer *renderer;
    job *jobs;
    size_t job_count;
} batch;

struct selection {
    struct batch *b;
    size_t cap;
};

static int add_job(batch *b, const char *key, long year, size_t *cap, rg_error *err)
{
    job *jobs = rg_vec_reserve(b->jobs, b->job_count, cap, sizeof *jobs, 64);
    if (!jobs)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    b->jobs = jobs;
    job *j = &b->jobs[b->job_count];
    memset(j, 0, sizeof *j);
    j->key = strdup(key);
    char *name = rg_file_name(b->pattern, rg_template_name(rg_renderer_template(b->renderer)), key, year, err);
    if (!name && err->code == RG_ERR_USAGE)
        rg_error_prefix(err, b->pattern[0] ? "--name " : "--name: ");
    if (!name || !j->key) {
        free(j->key);
        free(name);
        return name ? rg_error_set(err, RG_ERR_NOMEM, "out of memory") : -1;
    }
    j->path = rg_path_join(b->out_dir, name);
    free(name);
    if (!j->path) {
        free(j->key);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    b->job_count++;
    return 0;
}

static int add_selected(void *user, const rg_record_row *row, rg_error *err)
{
    struct selection *sel = user;
    return add_job(sel->b, row->key, row->year, &sel->cap, err);
}

/* Records of the form's kind, filtered, in key order (selected by the
 * store); organizations and keys asked for must exist. */
static int select_records(batch *b, rg_store *store, rg_error *err)
{
    const rg_template *tpl = rg_renderer_template(b->renderer);
    const rg_kind_desc *kind = rg_kinds_find(rg_template_kind(tpl));
    if (!kind)
        return rg_error_set(err, RG_ERR_INPUT, "form %s prints records of unknown kind %s",
                            rg_template_name(tpl), rg_template_kind(tpl));
    for (size_t i = 0; i < b->org_count; i++) {
        if (rg_store_record_exists(store, RG_KIND_ORGANIZATION, b->orgs[i], err) != 1) {
            if (!err->message[0] || err->code == RG_OK)
                rg_error_set(err, RG_ERR_NOT_FOUND, "--org %s: no such organization in %s", b->orgs[i],
                             rg_store_path(store));
            return -1;
        }
    }
    rg_record_filter filter = {b->year, (const char *const *)b->orgs, b->org_count,
                               (const char *const *)b->keys, b->key_count};
    struct selection sel = {b, 0};
    int status = rg_store_select_records(store, kind, &filter, add_selected, &sel, err) < 0 ? -1 : 0;
    /* A --key that selects nothing is a mistake worth stopping for. */
    for (size_t k = 0; k < b->key_count && !status; k++) {
        size_t i = 0;
        while (i < b->job_count && strcmp(b->jobs[i].key, b->keys[k]) != 0)
            i++;
        if (i == b->job_count)
            status = rg_error_set(err, RG_ERR_NOT_FOUND, "--key %s: no %s with this key%s in %s", b->keys[k],
                                  kind->name, b->year || b->org_count ? " matches the other filters" : "",
                                  rg_store_path(store));
    }
    return status;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp((*(const job *const *)a)->path, (*(const job *const *)b)->path);
}

/* A pattern without {key} gives several records one name: refuse before
 * printing anything rather than overwrite. */
static int check_unique_names(batch *b, rg_error *err)
{
    job **sorted = malloc((b->job_count + 1) * sizeof *sorted);
    if (!sorted)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->job_count; i++)
        sorted[i] = &b->jobs[i];
    qsort(sorted, b->job_count, sizeof *sorted, compare_paths);
    int rc = 0;
    for (size_t i = 1; i < b->job_count && !rc; i++)
        if (!strcmp(sorted[i - 1]->path, sorted[i]->path))
            rc = rg_error_set(err, RG_ERR_USAGE, "--name %s gives records %s and %s the same file %s",
                              b->pattern, sorted[i - 1]->key, sorted[i]->key, sorted[i]->path);
    free(sorted);
    return rc;
}

/* ---- the output directory ------------------------------------------------- */

/* Creates DIR (and missing parents), checks it is a writable directory, and
 * takes the run lock (held until exit). */
static int prepare_out_dir(const char *dir, int *lock_fd, rg_error *err)
{
    if (rg_make_parent_dirs(dir, 0777, err) < 0)
        return rg_error_prefix(err, "--out-dir %s: ", dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rg_error_set(err, RG_ERR_IO, "--out-dir %s: cannot create it: %s", dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return rg_error_set(err, RG_ERR_IO, "--out-dir %s: not a directory", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return rg_error_set(err, RG_ERR_IO, "--out-dir %s: not writable: %s", dir, strerror(errno));
    /* The lock is on the directory itself: nothing extra is left in it. */
    *lock_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*lock_fd < 0)
        return rg_error_set(err, RG_ERR_IO, "--out-dir %s: cannot open it: %s", dir, strerror(errno));
    /* Up to 2 s of patience: the workers of a run killed a moment ago may
     * still be exiting. */
    int tries = 0;
    while (flock(*lock_fd, LOCK_EX | LOCK_NB) != 0 && ++tries < 40)
        usleep(50 * 1000);
    if (tries == 40)
        return rg_error_set(err, RG_ERR_IO,
                            "--out-dir %s: another raingan batch is writing into it; wait for it to finish",
                            dir);
    return 0;
}

/* Removes the hidden temporaries that an earlier, killed run left beside
 * the files this run writes (util/atomic_file.h). Safe: we hold the
 * directory's lock, and only the names of this run's files are touched. */
static void remove_stale_temporaries(batch *b)
{
    const char **names = malloc((b->job_count + 1) * sizeof *names);
    if (!names)
        return;
    for (size_t i = 0; i < b->job_count; i++) {
        const char *slash = strrchr(b->jobs[i].path, '/');
        names[i] = slash ? slash + 1 : b->jobs[i].path;
    }
    rg_atomic_remove_stale(b->out_dir, names, b->job_count);
    free(names);
}

/* ---- workers ---------------------------------------------------------------- */

static void free_batch(batch *b);

typedef struct worker {
    pid_t pid;
    int task_fd;       /* parent -> worker: "INDEX\n" */
    int result_fd;     /* worker -> parent: "R INDEX CODE MESSAGE\n" or "W INDEX MESSAGE\n" */
    long current;      /* index being rendered, -1 idle */
    rg_buf in;         /* partial lines read */
} worker;

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART;   /* a worker finishes the file it is writing */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* One line of a message, newlines flattened. */
static void send_line(int fd, char type, long index, int code, const char *message)
{
    rg_buf line = RG_BUF_INIT;
    if (type == 'R')
        rg_buf_printf(&line, "R %ld %d ", index, code);
    else
        rg_buf_printf(&line, "W %ld ", index);
    size_t from = line.len;
    rg_buf_puts(&line, message);
    for (size_t i = from; i < line.len; i++)
        if (line.data[i] == '\n' || line.data[i] == '\r')
            line.data[i] = ' ';
    rg_buf_putc(&line, '\n');
    if (line.data)
        write_all(fd, line.data, line.len);
    rg_buf_free(&line);
}

typedef struct worker_ctx {
    int fd;
    long index;
} worker_ctx;

static void worker_warning(const char *message, void *user)
{
    worker_ctx *w = user;
    send_line(w->fd, 'W', w->index, 0, message);
}

/* Reads one "INDEX\n" task; -1 at end of input. */
static long read_task(int fd)
{
    char buf[32];
    size_t n = 0;
    while (n < sizeof buf - 1) {
        ssize_t r = read(fd, buf + n, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        if (buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    char *end;
    long i = strtol(buf, &end, 10);
    return (end == buf || *end) ? -1 : i;
}

static void worker_main(batch *b, int task_fd, int result_fd)
{
    worker_ctx ctx = {result_fd, -1};
    /* One flush of the whole output when the batch ends (rg_flush_output_dir)
     * instead of two fsyncs per file: each file is still renamed into place
     * only when complete. */
    rg_atomic_set_flush_each(0);
    /* Each worker renders on one core: a second thread per document would
     * only compete with the other workers. */
    rg_thread_set_allowed(0);
    rg_warning_set_sink(worker_warning, &ctx);
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = rg_store_open(b->db_path, RG_STORE_READ_ONLY, &err);
    long index;
    while (!stop_requested && (index = read_task(task_fd)) >= 0) {
        if (index >= (long)b->job_count)
            break;
        job *j = &b->jobs[index];
        ctx.index = index;
        rg_error_clear(&err);
        int rc = -1;
        if (!store) {
            store = rg_store_open(b->db_path, RG_STORE_READ_ONLY, &err);
        }
        if (store) {
            rg_render_job rj;
            rg_render_job_init(&rj);
            rc = rg_render_record(b->renderer, store, j->key, &b->opts, rg_render_to_path(j->path), &rj);
            for (size_t i = 0; i < rj.warning_count; i++)
                send_line(result_fd, 'W', index, 0, rj.warnings[i]);
            err = rj.err;
            rg_render_job_free(&rj);
        }
        send_line(result_fd, 'R', index, rc < 0 ? (err.code ? (int)err.code : RG_ERR_INTERNAL) : 0,
                  rc < 0 ? err.message : "");
    }
    rg_store_close(store);
}

static int start_worker(batch *b, worker *w, worker *all, int count, rg_error *err)
{
    int task[2], result[2];
    if (pipe(task) != 0)
        return rg_error_set(err, RG_ERR_IO, "cannot create a pipe: %s", strerror(errno));
    if (pipe(result) != 0) {
        close(task[0]);
        close(task[1]);
        return rg_error_set(err, RG_ERR_IO, "cannot create a pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(task[0]); close(task[1]); close(result[0]); close(result[1]);
        return rg_error_set(err, RG_ERR_IO, "cannot start a worker process: %s", strerror(e));
    }
    if (pid == 0) {
        close(task[1]);
        close(result[0]);
        for (int i = 0; i < count; i++) {   /* the other workers' pipes */
            if (&all[i] != w && all[i].pid > 0) {
                close(all[i].task_fd);
                close(all[i].result_fd);
            }
        }
        worker_main(b, task[0], result[1]);
        /* Free everything so that LeakSanitizer checks the workers too. */
        close(task[0]);
        close(result[1]);
        for (int i = 0; i < count; i++)
            rg_buf_free(&all[i].in);
        free(all);
        free_batch(b);
        exit(0);
    }
    close(task[0]);
    close(result[1]);
    fcntl(task[1], F_SETFD, FD_CLOEXEC);
    fcntl(result[0], F_SETFD, FD_CLOEXEC);
    w->pid = pid;
    w->task_fd = task[1];
    w->result_fd = result[0];
    w->current = -1;
    rg_buf_reset(&w->in);
    return 0;
}

static void stop_worker(worker *w)
{
    if (w->pid <= 0)
        return;
    close(w->task_fd);
    close(w->result_fd);
    int status;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
}

/* ---- the run --------------------------------------------------------------- */

static int dispatch(worker *w, long index)
{
    char line[32];
    int n = snprintf(line, sizeof line, "%ld\n", index);
    if (write_all(w->task_fd, line, (size_t)n) < 0)
        return -1;
    w->current = index;
    return 0;
}

typedef struct run_state {
    batch *b;
    rg_batch_progress prog;
    size_t next;              /* next job to hand out */
    int consecutive_io;
    int stopped_io;           /* stopped because output kept failing */
} run_state;

static void record_result(run_state *s, long index, int code, const char *message)
{
    job *j = &s->b->jobs[index];
    if (code == 0) {
        j->done = 1;
        s->prog.ok++;
        s->consecutive_io = 0;
        return;
    }
    j->done = -1;
    s->prog.failed++;
    rg_batch_progress_clear(&s->prog);
    fprintf(stderr, "raingan batch: %s: %s\n", j->key, message[0] ? message : "failed");
    if (code == RG_ERR_IO && ++s->consecutive_io >= MAX_CONSECUTIVE_IO && !s->stopped_io) {
        s->stopped_io = 1;
        fprintf(stderr, "raingan batch: %d records in a row could not be written; stopping "
                        "(is %s full or read-only?)\n", MAX_CONSECUTIVE_IO, s->b->out_dir);
    }
}

/* Handles every complete line a worker sent; returns 1 if its record ended. */
static int take_lines(run_state *s, worker *w)
{
    int ended = 0;
    char *start = w->in.data;
    char *nl;
    while (start && (nl = memchr(start, '\n', w->in.len - (size_t)(start - w->in.data)))) {
        *nl = '\0';
        char type = start[0];
        char *p = start + 2;
        char *end;
        long index = strtol(p, &end, 10);
        if (index >= 0 && (size_t)index < s->b->job_count && type == 'R') {
            int code = (int)strtol(end, &end, 10);
            record_result(s, index, code, *end == ' ' ? end + 1 : end);
            w->current = -1;
            ended = 1;
        } else if (index >= 0 && (size_t)index < s->b->job_count && type == 'W') {
            rg_batch_progress_clear(&s->prog);
            fprintf(stderr, "raingan batch: %s: warning: %s\n", s->b->jobs[index].key,
                    *end == ' ' ? end + 1 : end);
        }
        start = nl + 1;
    }
    size_t rest = w->in.len - (size_t)(start ? start - w->in.data : 0);
    if (start && rest)
        memmove(w->in.data, start, rest);
    w->in.len = rest;
    if (w->in.data)
        w->in.data[rest] = '\0';
    return ended;
}

static int worker_died(run_state *s, worker *w)
{
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(w->task_fd);
    close(w->result_fd);
    w->pid = 0;
    if (w->current >= 0) {
        char msg[128];
        if (WIFSIGNALED(status))
            snprintf(msg, sizeof msg, "the worker printing it was killed by signal %d (%s)",
                     WTERMSIG(status), strsignal(WTERMSIG(status)));
        else
            snprintf(msg, sizeof msg, "the worker printing it exited with status %d",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        record_result(s, w->current, RG_ERR_INTERNAL, msg);
        w->current = -1;
        return 1;
    }
    return 0;
}

static int run_workers(batch *b, run_state *s, rg_error *err)
{
    int count = b->workers;
    if ((size_t)count > b->job_count)
        count = (int)b->job_count;
    worker *workers = calloc((size_t)count, sizeof *workers);
    struct pollfd *fds = calloc((size_t)count, sizeof *fds);
    if (!workers || !fds) {
        free(workers);
        free(fds);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++)
        rc = start_worker(b, &workers[i], workers, count, err);
    for (int i = 0; i < count && rc == 0; i++)
        if (s->next < b->job_count && dispatch(&workers[i], (long)s->next) == 0)
            s->next++;
    while (rc == 0) {
        int busy = 0;
        for (int i = 0; i < count; i++) {
            fds[i].fd = workers[i].pid > 0 ? workers[i].result_fd : -1;
            fds[i].events = POLLIN;
            fds[i].revents = 0;
            busy += workers[i].current >= 0;
        }
        if (!busy)
            break;
        int n = poll(fds, (nfds_t)count, s->prog.tty ? 100 : 1000);
        if (n < 0 && errno != EINTR) {
            rc = rg_error_set(err, RG_ERR_IO, "waiting for the workers: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < count && n > 0; i++) {
            worker *w = &workers[i];
            if (!fds[i].revents || w->pid <= 0)
                continue;
            char buf[4096];
            ssize_t got = read(w->result_fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            int ended;
            if (got > 0) {
                rg_buf_append(&w->in, buf, (size_t)got);
                ended = take_lines(s, w);
            } else {
                ended = worker_died(s, w);
                if (!stop_requested && !s->stopped_io && s->next < b->job_count
                    && start_worker(b, w, workers, count, err) < 0) {
                    rc = -1;
                    break;
                }
            }
            if (ended && w->pid > 0 && !stop_requested && !s->stopped_io && s->next < b->job_count
                && dispatch(w, (long)s->next) == 0)
                s->next++;
        }
        rg_batch_progress_draw(&s->prog, 0);
    }
    for (int i = 0; i < count; i++) {
        stop_worker(&workers[i]);
        rg_buf_free(&workers[i].in);
    }
    free(workers);
    free(fds);
    return rc;
}

static void free_batch(batch *b)
{
    for (size_t i = 0; i < b->job_count; i++) {
        free(b->jobs[i].key);
        free(b->jobs[i].path);
    }
    free(b->jobs);
    free(b->orgs);
    free(b->keys);
    rg_renderer_free(b->renderer);
    rg_cli_images_free(&b->images);
}

static int parse_jobs(const char *text, int *out)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (*end || end == text || n < 1 || n > 256)
        return -1;
    *out = (int)n;
    return 0;
}

static int default_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Everything before the workers start: the template, the fonts, the records. */
static int prepare(batch *b, const char *tdir_option, const char *date_option, char date_buf[11],
                   rg_error *err)
{
    if (rg_render_date(date_option, date_buf, &b->opts.date, err) < 0)
        return -1;
    /* Template errors are the same for every record: the renderer reports
     * them once, as it loads. */
    b->renderer = rg_renderer_new(b->form, tdir_option, err);
    if (!b->renderer)
        return -1;
    rg_render_check_font_option(b->renderer, b->opts.font);
    rg_store *store = rg_store_open(b->db_path, RG_STORE_READ_ONLY, err);
    if (!store)
        return -1;
    int rc = select_records(b, store, err);
    rg_store_close(store);   /* never shared across fork */
    if (rc == 0)
        rc = check_unique_names(b, err);
    return rc;
}

int cmd_batch(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},      {"out-dir", required_argument, NULL, 'O'},
        {"year", required_argument, NULL, 'y'},    {"org", required_argument, NULL, 'g'},
        {"key", required_argument, NULL, 'k'},     {"jobs", required_argument, NULL, 'j'},
        {"name", required_argument, NULL, 'n'},    {"digits", required_argument, NULL, 'D'},
        {"font", required_argument, NULL, 'f'},    {"date", required_argument, NULL, 't'},
        {"templates", required_argument, NULL, 'T'}, {"quiet", no_argument, NULL, 'q'},
        {"archive", optional_argument, NULL, 'A'}, {"help", no_argument, NULL, 'h'},
        {"image-dir", required_argument, NULL, 'I'}, {"image-max-size", required_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    batch b;
    memset(&b, 0, sizeof b);
    b.command = "batch";
    b.pattern = RG_FILE_NAME_DEFAULT;
    b.workers = default_workers();
    rg_render_options_init(&b.opts);
    b.orgs = calloc((size_t)argc + 1, sizeof *b.orgs);
    b.keys = calloc((size_t)argc + 1, sizeof *b.keys);
    const char *db_option = NULL, *tdir_option = NULL, *date_option = NULL, *problem = NULL;
    char problem_buf[256];
    int c;
    if (!b.orgs || !b.keys) {
        free_batch(&b);
        return 1;
    }
    optind = 1;
    while (!problem && (c = getopt_long(argc, argv, "j:qh", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_option = optarg; break;
        case 'O': b.out_dir = optarg; break;
        case 'g': b.orgs[b.org_count++] = optarg; break;
        case 'k': b.keys[b.key_count++] = optarg; break;
        case 'n': b.pattern = optarg; break;
        case 'f': b.opts.font = optarg; break;
        case 't': date_option = optarg; break;
        case 'T': tdir_option = optarg; break;
        case 'q': b.quiet = 1; break;
        case 'I':
            if (rg_cli_images_add(&b.images, optarg) < 0) {
                free_batch(&b);
                return 1;
            }
            break;
        case 'M':
            if (rg_cli_images_max_size(&b.images, "batch", optarg) < 0) {
                rg_cli_try_help("batch");
                free_batch(&b);
                return 2;
            }
            break;
        case 'A':
            if (rg_render_archive_option(optarg, argc, argv, &b.opts.archive, problem_buf) < 0)
                problem = problem_buf;
            break;
        case 'y': {
            char *end;
            b.year = strtol(optarg, &end, 10);
            if (*end || b.year < 2400 || b.year > 3000) {
                snprintf(problem_buf, sizeof problem_buf,
                         "--year %s: expected a Buddhist-era year such as 2566", optarg);
                problem = problem_buf;
            }
            break;
        }
        case 'j':
            if (parse_jobs(optarg, &b.workers) < 0) {
                snprintf(problem_buf, sizeof problem_buf, "-j %s: expected a number from 1 to 256", optarg);
                problem = problem_buf;
            }
            break;
        case 'D':
            if (!strcmp(optarg, "thai"))
                b.opts.digits = RG_DIGITS_THAI;
            else if (!strcmp(optarg, "arabic"))
                b.opts.digits = RG_DIGITS_ARABIC;
            else {
                snprintf(problem_buf, sizeof problem_buf, "--digits %s: expected thai or arabic", optarg);
                problem = problem_buf;
            }
            break;
        case 'h':
            usage(stdout);
            free_batch(&b);
            return 0;
        default:
            rg_cli_try_help("batch");
            free_batch(&b);
            return 2;
        }
    }
    if (!problem && optind != argc - 1)
        problem = optind >= argc ? "no FORM given" : "give one FORM";
    else if (!problem && (!b.out_dir || !*b.out_dir))
        problem = "--out-dir DIR is required";
    if (problem) {
        fprintf(stderr, "raingan batch: %s\n", problem);
        rg_cli_try_help("batch");
        free_batch(&b);
        return 2;
    }
    b.form = argv[optind];
    b.db_path = rg_cli_db_path(db_option);
    if (rg_cli_images_finish(&b.images, b.db_path, NULL, 0, &b.opts) < 0) {
        free_batch(&b);
        return 1;
    }

    rg_error err;
    rg_error_clear(&err);
    char date_buf[11];
    int lock_fd = -1;
    if (prepare(&b, tdir_option, date_option, date_buf, &err) < 0
        || prepare_out_dir(b.out_dir, &lock_fd, &err) < 0) {
        if (lock_fd >= 0)
            close(lock_fd);
        free_batch(&b);
        return rg_cli_fail("batch", &err);
    }
    if (b.job_count == 0) {
        printf("raingan batch: no %s records match; nothing printed\n",
               rg_template_kind(rg_renderer_template(b.renderer)));
        close(lock_fd);
        free_batch(&b);
        return 0;
    }
    remove_stale_temporaries(&b);

    run_state s;
    memset(&s, 0, sizeof s);
    s.b = &b;
    rg_batch_progress_init(&s.prog, b.job_count, b.quiet);
    install_stop_handlers();
    int rc = run_workers(&b, &s, &err);
    /* Everything printed is on disk before the summary says so. */
    if (s.prog.ok) {
        rg_error flush_err;
        if (rg_flush_output_dir(b.out_dir, &flush_err) < 0 && rc == 0) {
            err = flush_err;
            rc = -1;
        }
    }
    double elapsed = rg_batch_now() - s.prog.start;
    rg_batch_progress_draw(&s.prog, 1);   /* the final count, then the summary (a bar is replaced) */
    rg_batch_progress_clear(&s.prog);
    close(lock_fd);

    size_t not_done = b.job_count - s.prog.ok - s.prog.failed;
    printf("raingan batch: %zu printed, %zu failed", s.prog.ok, s.prog.failed);
    if (not_done)
        printf(", %zu not printed (%s)", not_done, stop_requested ? "interrupted" : "stopped");
    printf(" of %zu %s records in %.2f s (%.1f docs/s) into %s\n", b.job_count,
           rg_template_kind(rg_renderer_template(b.renderer)), elapsed,
           elapsed > 0 ? (double)s.prog.ok / elapsed : 0.0, b.out_dir);
    fflush(stdout);
    int status;
    if (rc < 0)
        status = rg_cli_fail("batch", &err);
    else if (stop_requested)
        status = 130;
    else
        status = (s.prog.failed || not_done) ? 1 : 0;
    free_batch(&b);
    return status;
}
