/* `raingan batch FORM --db FILE --out-dir DIR [--year BE] [--org KEY] [-j N]`:
 * print every matching record through one form, N at a time.
 *
 * This file is the command: its options, and everything it prints. The
 * work is render/batch.h's: the records selected, their files named, the
 * directory locked, the records rendered by N workers forked after the
 * template and fonts are loaded (render/worker_pool.h), each PDF written
 * atomically. The command owns the terminal: progress (a bar on a TTY,
 * plain lines otherwise), warnings and failures with the record key, and
 * the closing summary. A worker that dies is reported against the record
 * it held and replaced.
 *
 * SIGINT/SIGTERM let each worker finish the file it is writing, then stop;
 * after a kill -9, the next run into the same directory removes the hidden
 * temporaries the killed run left (a lock on the directory keeps two runs
 * from sharing it). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/batch_progress.h"
#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/image_option.h"
#include "cli/render_job.h"
#include "render/batch.h"
#include "render/file_name.h"
#include "template/template.h"
#include "util/bounded_int.h"

int cmd_batch(int argc, char **argv);

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

typedef struct batch {
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
    rg_batch *run;
    rg_batch_progress prog;
} batch;

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* The workers ignore these and finish the file they are writing; no record
 * starts after one arrives. */
static void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        /* One ignored when raingan started stays ignored: `nohup raingan
         * batch` goes on when the terminal closes. */
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
            old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
}

/* ---- what the run tells (render/batch.h's events) ----------------------------- */

static void on_warning(void *user, size_t i, const char *message)
{
    batch *b = user;
    rg_batch_progress_clear(&b->prog);
    fprintf(stderr, "raingan batch: %s: warning: %s\n", rg_batch_key(b->run, i), message);
}

static void on_record(void *user, size_t i, const rg_error *err)
{
    batch *b = user;
    if (!err) {
        b->prog.ok++;
        return;
    }
    b->prog.failed++;
    rg_batch_progress_clear(&b->prog);
    fprintf(stderr, "raingan batch: %s: %s\n", rg_batch_key(b->run, i), err->message[0] ? err->message : "failed");
}

static void on_io_stop(void *user)
{
    batch *b = user;
    fprintf(stderr, "raingan batch: %d records in a row could not be written; stopping "
                    "(is %s full, read-only or gone?)\n", RG_BATCH_MAX_CONSECUTIVE_IO, b->out_dir);
}

static void on_tick(void *user)
{
    batch *b = user;
    rg_batch_progress_draw(&b->prog, 0);
}

static int on_stopping(void *user)
{
    (void)user;
    return stop_requested;
}

static void free_batch(batch *b)
{
    rg_batch_free(b->run);
    free(b->orgs);
    free(b->keys);
    rg_renderer_free(b->renderer);
    rg_cli_images_free(&b->images);
}

static int default_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Everything before the workers start: the template, the fonts, the
 * records, the output directory. */
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
    rg_batch_spec spec = {
        .renderer = b->renderer, .db_path = b->db_path, .out_dir = b->out_dir, .pattern = b->pattern,
        .filter = {b->year, (const char *const *)b->orgs, b->org_count, (const char *const *)b->keys,
                   b->key_count},
        .opts = &b->opts,
        .workers = b->workers,
    };
    rg_batch_input where;
    b->run = rg_batch_prepare(&spec, &where, err);
    if (b->run)
        return 0;
    switch (where) {
    case RG_BATCH_INPUT_ORG: return rg_error_prefix(err, "--org ");
    case RG_BATCH_INPUT_KEY: return rg_error_prefix(err, "--key ");
    case RG_BATCH_INPUT_PATTERN: return rg_error_prefix(err, b->pattern[0] ? "--name " : "--name: ");
    case RG_BATCH_INPUT_OUT_DIR: return rg_error_prefix(err, "--out-dir ");
    case RG_BATCH_INPUT_NONE: break;
    }
    return -1;
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
            long long year;
            if (rg_parse_bounded_int(optarg, 2400, 3000, &year) == RG_INT_OK) {
                b.year = (long)year;
            } else {
                snprintf(problem_buf, sizeof problem_buf,
                         "--year %s: expected a Buddhist-era year such as 2566", optarg);
                problem = problem_buf;
            }
            break;
        }
        case 'j': {
            long long jobs;
            if (rg_parse_bounded_int(optarg, 1, 256, &jobs) == RG_INT_OK) {
                b.workers = (int)jobs;
            } else {
                snprintf(problem_buf, sizeof problem_buf, "-j %s: expected a number from 1 to 256", optarg);
                problem = problem_buf;
            }
            break;
        }
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
    if (prepare(&b, tdir_option, date_option, date_buf, &err) < 0) {
        free_batch(&b);
        return rg_cli_fail("batch", &err);
    }
    size_t count = rg_batch_count(b.run);
    if (count == 0) {
        printf("raingan batch: no %s records match; nothing printed\n",
               rg_template_kind(rg_renderer_template(b.renderer)));
        free_batch(&b);
        return 0;
    }
    rg_batch_progress_init(&b.prog, count, b.quiet);
    install_stop_handlers();
    rg_batch_events events = {on_warning, on_record, on_io_stop, on_tick, on_stopping, b.prog.tty ? 100 : 1000, &b};
    rg_batch_counts counts;
    int rc = rg_batch_run(b.run, &events, &counts, &err);
    double elapsed = rg_batch_now() - b.prog.start;
    rg_batch_progress_draw(&b.prog, 1);   /* the final count, then the summary (a bar is replaced) */
    rg_batch_progress_clear(&b.prog);

    size_t not_done = count - counts.printed - counts.failed;
    printf("raingan batch: %zu printed, %zu failed", counts.printed, counts.failed);
    if (not_done)
        printf(", %zu not printed (%s)", not_done, stop_requested ? "interrupted" : "stopped");
    printf(" of %zu %s records in %.2f s (%.1f docs/s) into %s\n", count,
           rg_template_kind(rg_renderer_template(b.renderer)), elapsed,
           elapsed > 0 ? (double)counts.printed / elapsed : 0.0, b.out_dir);
    fflush(stdout);
    int status;
    if (rc < 0)
        status = rg_cli_fail("batch", &err);
    else if (stop_requested)
        status = 130;
    else
        status = (counts.failed || not_done) ? 1 : 0;
    free_batch(&b);
    return status;
}
