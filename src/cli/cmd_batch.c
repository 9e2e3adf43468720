/* `raingan batch FORM --db FILE --out-dir DIR [--year BE] [--org KEY] [-j N]`:
 * print every matching record through one form, N at a time.
 *
 * The parent selects the records, checks the template once, loads the
 * template and the fonts (render_job.h), then starts N workers through the
 * worker pool (render/worker_pool.h), which share all of it copy-on-write.
 * Each worker opens the database read-only and renders the records the
 * parent hands it one at a time (so a slow record never holds up a queue).
 * The parent owns the terminal: progress (a bar on a TTY, plain lines
 * otherwise), warnings and failures with the record key, and the closing
 * summary. A worker that dies is reported against the record it held and
 * replaced (by the pool).
 *
 * Every PDF is written atomically (a hidden temporary beside the target,
 * renamed when complete). SIGINT/SIGTERM let each worker finish the file it
 * is writing, then stop; after a kill -9, the next run into the same
 * directory removes the hidden temporaries the killed run left (a lock on
 * the directory keeps two runs from sharing it). */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
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
#include "render/worker_pool.h"
#include "util/buf.h"
#include "util/atomic_file.h"
#include "util/paths.h"
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

/* ---- the run: the records through the worker pool (render/worker_pool.h) ---- */

static void free_batch(batch *b);

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* The parent's: the pool's workers ignore these and finish the file they
 * are writing; no record is handed out after one arrives. */
static void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

typedef struct run_state {
    batch *b;
    rg_batch_progress prog;
    rg_worker_pool *pool;
    size_t next;              /* next job to hand out */
    int consecutive_io;
    int stopped_io;           /* stopped because output kept failing */
    rg_error pool_err;        /* a worker could not be replaced: the run stops */
    int pool_failed;
    rg_store *store;          /* in a worker: its own read-only handle */
    rg_error store_err;
} run_state;

/* In each worker, after the fork. */
static void worker_init(void *user)
{
    run_state *s = user;
    /* One flush of the whole output when the batch ends (rg_flush_output_dir)
     * instead of two fsyncs per file: each file is still renamed into place
     * only when complete. */
    rg_atomic_set_flush_each(0);
    rg_error_clear(&s->store_err);
    s->store = rg_store_open(s->b->db_path, RG_STORE_READ_ONLY, &s->store_err);
}

/* In a worker: one record ("INDEX"), its warnings re-given to the pool's task. */
static int worker_render(void *user, const char *task, size_t len, rg_buf *reply, rg_error *err)
{
    run_state *s = user;
    char *end;
    long index = strtol(task, &end, 10);
    assert(end != task && !*end && index >= 0 && (size_t)index < s->b->job_count);
    if (!s->store && !(s->store = rg_store_open(s->b->db_path, RG_STORE_READ_ONLY, err)))
        return -1;
    rg_render_job rj;
    rg_render_job_init(&rj);
    int rc = rg_render_record(s->b->renderer, s->store, s->b->jobs[index].key, &s->b->opts,
                              rg_render_to_path(s->b->jobs[index].path), &rj);
    for (size_t i = 0; i < rj.warning_count; i++)
        rg_warn("%s", rj.warnings[i]);
    *err = rj.err;
    rg_render_job_free(&rj);
    return rc;
}

/* In a worker before it exits: everything freed, so that LeakSanitizer
 * checks the workers too. */
static void worker_exit(void *user)
{
    run_state *s = user;
    rg_store_close(s->store);
    s->store = NULL;
    free_batch(s->b);
}

static void feed_next(run_state *s)
{
    if (stop_requested || s->stopped_io || s->pool_failed || s->next >= s->b->job_count)
        return;
    char task[32];
    int n = snprintf(task, sizeof task, "%zu", s->next);
    rg_error err;
    if (rg_worker_pool_submit(s->pool, task, (size_t)n, (void *)(uintptr_t)s->next, &err) < 0) {
        if (!s->pool_failed)
            s->pool_err = err;
        s->pool_failed = 1;
        return;
    }
    s->next++;
}

static void record_result(run_state *s, size_t index, int code, const char *message)
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

/* A record's outcome (the pool's callback): printed, counted, and the next
 * record handed out. */
static void record_done(void *user, void *tag, const rg_task_outcome *o)
{
    run_state *s = user;
    size_t index = (size_t)(uintptr_t)tag;
    assert(index < s->b->job_count && s->b->jobs[index].done == 0);
    for (size_t i = 0; i < o->warning_count; i++) {
        rg_batch_progress_clear(&s->prog);
        fprintf(stderr, "raingan batch: %s: warning: %s\n", s->b->jobs[index].key, o->warnings[i]);
    }
    if (o->end == RG_TASK_RAN) {
        record_result(s, index, o->err.code, o->err.message);
    } else if (o->end == RG_TASK_WORKER_DIED) {
        char msg[128];
        if (WIFSIGNALED(o->wait_status))
            snprintf(msg, sizeof msg, "the worker printing it was killed by signal %d (%s)",
                     WTERMSIG(o->wait_status), strsignal(WTERMSIG(o->wait_status)));
        else
            snprintf(msg, sizeof msg, "the worker printing it exited with status %d",
                     WIFEXITED(o->wait_status) ? WEXITSTATUS(o->wait_status) : -1);
        record_result(s, index, RG_ERR_INTERNAL, msg);
    }
    /* RG_TASK_STOPPED: no worker left to print it; not printed, and the
     * run ends with the reason (worker_exited). */
    feed_next(s);
}

static void worker_exited(void *user, const rg_worker_exit *e)
{
    run_state *s = user;
    if (!e->stopping && !e->replaced && !s->pool_failed) {
        s->pool_failed = 1;
        s->pool_err = *e->spawn_error;
    }
}

static int run_workers(batch *b, run_state *s, rg_error *err)
{
    int count = b->workers;
    if ((size_t)count > b->job_count)
        count = (int)b->job_count;
    rg_worker_pool_config cfg = {
        .workers = count, .max_queue = (size_t)count, .child_init = worker_init, .run = worker_render,
        .child_exit = worker_exit, .done = record_done, .exited = worker_exited, .user = s,
    };
    s->pool = rg_worker_pool_start(&cfg, err);
    if (!s->pool)
        return -1;
    for (int i = 0; i < count; i++)
        feed_next(s);
    int rc = 0;
    while (rg_worker_pool_pending(s->pool)) {
        if (rg_worker_pool_poll(s->pool, s->prog.tty ? 100 : 1000, err) < 0) {
            rc = -1;
            break;
        }
        rg_batch_progress_draw(&s->prog, 0);
    }
    rg_worker_pool_stop(s->pool);
    s->pool = NULL;
    if (rc == 0 && s->pool_failed) {
        *err = s->pool_err;
        rc = -1;
    }
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
