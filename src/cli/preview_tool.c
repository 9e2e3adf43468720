/* raingan-preview: `raingan preview FORM --id KEY [--page N] [--dpi D] -o
 * page.png` (cmd_preview.c runs it). The record is rendered to a PDF in
 * memory exactly as `raingan render` prints it with the same options
 * (src/render), then one page is rasterized (src/preview, poppler): its own
 * program so that only it and raingan-serve load poppler. The PNG is
 * written whole or not at all, by the output rules of `render`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/image_option.h"
#include "cli/render_job.h"
#include "preview/preview.h"
#include "store/store.h"
#include "util/atomic_file.h"
#include "util/bounded_int.h"

#define COMMAND "preview"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan preview FORM --id KEY [--db FILE | --data FILE.json...] [--page N] [--dpi D] -o OUT.png\n"
            "One page of the record KEY printed through the form FORM, as a PNG image: the page\n"
            "of the PDF `raingan render` makes with the same options, rasterized by poppler.\n"
            "  --page N           the page, from 1 (default 1)\n"
            "  --dpi D            pixels per inch, %d to %d (default 96: an A4 page is 794 x 1123)\n"
            "  -o, --output FILE  the PNG to write (written whole or not at all; - for standard\n"
            "                     output; never the database or an input)\n"
            "  --db FILE, --data FILE.json, --lenient, --id KEY, --digits thai|arabic, --font FAMILIES,\n"
            "  --date YYYY-MM-DD, --templates DIR, --image-dir DIR, --image-max-size SIZE,\n"
            "  --archive [pdfa-1b|pdfa-3b]   as for `raingan render` (default database: $RAINGAN_DB, else ./%s)\n",
            RG_PREVIEW_DPI_MIN, RG_PREVIEW_DPI_MAX, RG_CLI_DEFAULT_DB);
}

typedef struct preview_args {
    const char *db_option, *output, *templates, *id, *form;
    const char **data;
    size_t data_count;
    int lenient, archive;
    long long page, dpi;
    rg_render_options opts;
    rg_cli_images images;
} preview_args;

/* -1: go on; else the exit status (usage printed or reported). */
static int parse_args(int argc, char **argv, preview_args *a)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},     {"data", required_argument, NULL, 'j'},
        {"id", required_argument, NULL, 'i'},     {"output", required_argument, NULL, 'o'},
        {"page", required_argument, NULL, 'p'},   {"dpi", required_argument, NULL, 'r'},
        {"digits", required_argument, NULL, 'g'}, {"font", required_argument, NULL, 'f'},
        {"date", required_argument, NULL, 't'},   {"templates", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},         {"archive", optional_argument, NULL, 'A'},
        {"lenient", no_argument, NULL, 'L'},      {"image-dir", required_argument, NULL, 'I'},
        {"image-max-size", required_argument, NULL, 'M'}, {NULL, 0, NULL, 0},
    };
    char archive_problem[RG_ARCHIVE_PROBLEM_MAX];
    const char *problem = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (c) {
        case 'd': a->db_option = optarg; break;
        case 'j': a->data[a->data_count++] = optarg; break;
        case 'i': a->id = optarg; break;
        case 'o': a->output = optarg; break;
        case 'f': a->opts.font = optarg; break;
        case 't': a->opts.date = optarg; break;
        case 'T': a->templates = optarg; break;
        case 'L': a->lenient = 1; break;
        case 'p':
            if (rg_parse_bounded_int(optarg, 1, 1000000, &a->page) != RG_INT_OK) {
                fprintf(stderr, "raingan preview: --page %s: expected a page number, from 1\n", optarg);
                return 2;
            }
            break;
        case 'r':
            if (rg_parse_bounded_int(optarg, RG_PREVIEW_DPI_MIN, RG_PREVIEW_DPI_MAX, &a->dpi) != RG_INT_OK) {
                fprintf(stderr, "raingan preview: --dpi %s: expected a whole number from %d to %d\n", optarg,
                        RG_PREVIEW_DPI_MIN, RG_PREVIEW_DPI_MAX);
                return 2;
            }
            break;
        case 'I':
            if (rg_cli_images_add(&a->images, optarg) < 0)
                return 1;
            break;
        case 'M':
            if (rg_cli_images_max_size(&a->images, COMMAND, optarg) < 0) {
                rg_cli_try_help(COMMAND);
                return 2;
            }
            break;
        case 'A':
            if (rg_render_archive_option(optarg, argc, argv, &a->archive, archive_problem) < 0) {
                fprintf(stderr, "raingan preview: %s\n", archive_problem);
                rg_cli_try_help(COMMAND);
                return 2;
            }
            break;
        case 'g':
            a->opts.digits = !strcmp(optarg, "thai") ? RG_DIGITS_THAI : !strcmp(optarg, "arabic") ? RG_DIGITS_ARABIC : -2;
            if (a->opts.digits == -2) {
                fprintf(stderr, "raingan preview: --digits %s: expected thai or arabic\n", optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            rg_cli_try_help(COMMAND);
            return 2;
        }
    }
    if (optind != argc - 1)
        problem = optind >= argc ? "no FORM given" : "give one FORM";
    else if (!a->id || !*a->id)
        problem = "--id KEY is required";
    else if (!a->output)
        problem = "-o OUT.png is required";
    else if (a->data_count && a->db_option)
        problem = "give --db or --data, not both";
    else if (a->lenient && !a->data_count)
        problem = "--lenient is for --data (a database holds only what an import accepted)";
    if (problem) {
        fprintf(stderr, "raingan preview: %s\n", problem);
        rg_cli_try_help(COMMAND);
        return 2;
    }
    a->form = argv[optind];
    return -1;
}

/* Renders, rasterizes, writes. 0 or -1 with err. */
static int preview(preview_args *a, rg_error *err)
{
    const char *db_path = a->data_count ? NULL : rg_cli_db_path(a->db_option);
    /* Before anything is read or written: the output must not be an input. */
    a->data[a->data_count] = a->form;   /* the form, when it is a file */
    int rc = rg_cli_check_output(a->output, db_path, (const char *const *)a->data, a->data_count + 1, err);
    a->data[a->data_count] = NULL;
    char date_buf[11];   /* --date, else SOURCE_DATE_EPOCH, else the data's */
    if (rc < 0 || rg_cli_images_finish(&a->images, db_path, (const char *const *)a->data, a->data_count, &a->opts) < 0 ||
        rg_render_date(a->opts.date, date_buf, &a->opts.date, err) < 0)
        return err->code != RG_OK ? -1 : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_renderer *renderer = rg_renderer_new(a->form, a->templates, err);
    if (!renderer)
        return -1;
    rg_render_check_font_option(renderer, a->opts.font);
    rg_store *store = rg_render_open_store(rg_cli_db_path(a->db_option), (const char *const *)a->data, a->data_count,
                                           a->lenient, &a->opts, err);
    rg_buf pdf = RG_BUF_INIT, png = RG_BUF_INIT;
    rc = -1;
    if (store && rg_store_check_output(rg_store_path(store), a->output, err) == 0) {
        a->opts.archive = a->archive;
        rg_render_job job;
        rg_render_job_init(&job);
        rc = rg_render_record(renderer, store, a->id, &a->opts, rg_render_to_buffer(&pdf), &job);
        rg_render_print_warnings(&job, NULL);
        if (rc < 0)
            *err = job.err;
        rg_render_job_free(&job);
    }
    if (rc == 0) {
        int pages = 0;
        rc = rg_preview_png(pdf.data, pdf.len, (int)a->page, (int)a->dpi, &png, &pages, err);
        if (rc < 0 && err->code == RG_ERR_NOT_FOUND && pages > 0)
            rg_error_set(err, RG_ERR_USAGE, "--page %lld: the document has %d page%s", a->page, pages,
                         pages == 1 ? "" : "s");
    }
    if (rc == 0)
        rc = rg_write_file_atomic(a->output, png.data, png.len, err);
    rg_buf_free(&pdf);
    rg_buf_free(&png);
    rg_store_close(store);
    rg_renderer_free(renderer);
    return rc;
}

int main(int argc, char **argv)
{
    rg_cli_install_warning_sink();
    preview_args a;
    memset(&a, 0, sizeof a);
    a.page = 1;
    a.dpi = 96;
    rg_render_options_init(&a.opts);
    a.data = calloc((size_t)argc + 1, sizeof *a.data);
    if (!a.data)
        return 1;
    int status = parse_args(argc, argv, &a);
    if (status < 0) {
        rg_error err;
        rg_error_clear(&err);
        status = preview(&a, &err) < 0 ? rg_cli_fail(COMMAND, &err) : 0;
    }
    rg_cli_images_free(&a.images);
    free(a.data);
    return status;
}
