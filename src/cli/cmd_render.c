/* `raingan render FORM --id KEY -o OUT.pdf`: print one stored record through
 * a form template. Pipeline: store (read-only) -> template binding (document
 * model) -> layout (display list) -> PDF writer (atomic write). --data reads
 * import files into an in-memory store instead of a database; --dump prints
 * the bound document model as text instead of laying it out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/image_option.h"
#include "cli/render_job.h"
#include "store/store.h"

int cmd_render(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan render FORM --id KEY [--db FILE | --data FILE.json...] -o OUT.pdf\n"
            "Print the record KEY through the form template FORM (`raingan forms` lists them;\n"
            "a path to a .xml file also works).\n"
            "  --db FILE          the database, opened read-only (default: $RAINGAN_DB, else ./%s)\n"
            "  --data FILE.json   render straight from import files (repeatable), no database\n"
            "  --lenient          with --data: unknown fields and repeated keys are warnings, as\n"
            "                     for `raingan import --lenient`\n"
            "  --id KEY           the record's key (project code, indicator or plan key)\n"
            "  -o, --output FILE  the PDF to write (written whole or not at all; - for standard\n"
            "                     output; never the database or an input)\n"
            "  --digits thai|arabic  digit style of the whole document (default: the template's)\n"
            "  --font FAMILIES    font family list for the whole document, e.g. \"TH Sarabun New, Laksaman\"\n"
            "  --date YYYY-MM-DD  the document date (PDF metadata, {render.date}); never the clock\n"
            "  --templates DIR    the templates directory (default: $RAINGAN_TEMPLATES, else the installed one)\n"
            "  --image-dir DIR    images named by the data (a plan's emblem) may also come from DIR\n"
            "                     (repeatable; always allowed: the database's or data file's directory)\n"
            "  --image-max-size SIZE  largest image file printed (default 16M; K, M, G)\n"
            "  --dump             print the bound document model as text (to -o FILE or stdout)\n"
            "  --archive [pdfa-1b|pdfa-3b]  archival copy: PDF/A-1b (default), verification\n"
            "                     footer with QR code on every page, stamp for `raingan verify`;\n"
            "                     pdfa-3b: PDF/A-3b carrying the record's data (docs/archival.md)\n",
            RG_CLI_DEFAULT_DB);
}

int cmd_render(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},    {"data", required_argument, NULL, 'j'},
        {"id", required_argument, NULL, 'i'},    {"output", required_argument, NULL, 'o'},
        {"digits", required_argument, NULL, 'g'}, {"font", required_argument, NULL, 'f'},
        {"date", required_argument, NULL, 't'},  {"templates", required_argument, NULL, 'T'},
        {"dump", no_argument, NULL, 'D'},        {"help", no_argument, NULL, 'h'},
        {"archive", optional_argument, NULL, 'A'},
        {"lenient", no_argument, NULL, 'L'},
        {"image-dir", required_argument, NULL, 'I'}, {"image-max-size", required_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    const char *db_option = NULL, *output = NULL, *tdir_option = NULL;
    const char **data = calloc((size_t)argc + 1, sizeof *data);
    size_t data_count = 0;
    int dump = 0, archive = 0, lenient = 0, c;
    char archive_problem[RG_ARCHIVE_PROBLEM_MAX];
    const char *id = NULL;
    rg_render_options opts;
    rg_render_options_init(&opts);
    rg_cli_images images = {0};
    if (!data)
        return 1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_option = optarg; break;
        case 'j': data[data_count++] = optarg; break;
        case 'i': id = optarg; break;
        case 'o': output = optarg; break;
        case 'f': opts.font = optarg; break;
        case 't': opts.date = optarg; break;
        case 'T': tdir_option = optarg; break;
        case 'D': dump = 1; break;
        case 'L': lenient = 1; break;
        case 'I':
            if (rg_cli_images_add(&images, optarg) < 0) {
                rg_cli_images_free(&images);
                free(data);
                return 1;
            }
            break;
        case 'M':
            if (rg_cli_images_max_size(&images, "render", optarg) < 0) {
                rg_cli_try_help("render");
                rg_cli_images_free(&images);
                free(data);
                return 2;
            }
            break;
        case 'A':
            if (rg_render_archive_option(optarg, argc, argv, &archive, archive_problem) < 0) {
                fprintf(stderr, "raingan render: %s\n", archive_problem);
                rg_cli_try_help("render");
                rg_cli_images_free(&images);
                free(data);
                return 2;
            }
            break;
        case 'g':
            if (!strcmp(optarg, "thai"))
                opts.digits = RG_DIGITS_THAI;
            else if (!strcmp(optarg, "arabic"))
                opts.digits = RG_DIGITS_ARABIC;
            else {
                fprintf(stderr, "raingan render: --digits %s: expected thai or arabic\n", optarg);
                rg_cli_images_free(&images);
                free(data);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            rg_cli_images_free(&images);
            free(data);
            return 0;
        default:
            rg_cli_try_help("render");
            rg_cli_images_free(&images);
            free(data);
            return 2;
        }
    }
    const char *problem = NULL;
    if (optind != argc - 1)
        problem = optind >= argc ? "no FORM given" : "give one FORM";
    else if (!id || !*id)
        problem = "--id KEY is required";
    else if (!output && !dump)
        problem = "-o OUT.pdf is required";
    else if (data_count && db_option)
        problem = "give --db or --data, not both";
    else if (lenient && !data_count)
        problem = "--lenient is for --data (a database holds only what an import accepted)";
    if (problem) {
        fprintf(stderr, "raingan render: %s\n", problem);
        rg_cli_try_help("render");
        rg_cli_images_free(&images);
        free(data);
        return 2;
    }
    if (rg_cli_images_finish(&images, data_count ? NULL : rg_cli_db_path(db_option),
                             (const char *const *)data, data_count, &opts) < 0) {
        rg_cli_images_free(&images);
        free(data);
        return 1;
    }

    rg_error err;
    rg_error_clear(&err);
    /* Before anything is read or written: the output must not be an input
     * (the database is checked again against the file actually opened). */
    data[data_count] = argv[optind];  /* the form, when it is a file */
    if (rg_cli_check_output(output, data_count ? NULL : rg_cli_db_path(db_option), data, data_count + 1,
                            &err) < 0) {
        free(data);
        rg_cli_images_free(&images);
        return rg_cli_fail("render", &err);
    }
    data[data_count] = NULL;
    char date_buf[11];   /* --date, else SOURCE_DATE_EPOCH, else the data's */
    if (rg_render_date(opts.date, date_buf, &opts.date, &err) < 0) {
        free(data);
        rg_cli_images_free(&images);
        return rg_cli_fail("render", &err);
    }
    rg_renderer *renderer = rg_renderer_new(argv[optind], tdir_option, &err);
    if (!renderer) {
        free(data);
        rg_cli_images_free(&images);
        return rg_cli_fail("render", &err);
    }
    rg_render_check_font_option(renderer, opts.font);
    rg_store *store = rg_render_open_store(rg_cli_db_path(db_option), (const char *const *)data, data_count,
                                           lenient, &opts, &err);
    free(data);
    int rc = -1;
    if (store) {
        opts.archive = dump ? 0 : archive;
        opts.dump = dump;
        rg_render_job job;
        rg_render_job_init(&job);
        rc = rg_render_record(renderer, store, id, &opts, rg_render_to_path(output ? output : "-"),
                              &job);
        rg_render_print_warnings(&job, NULL);
        err = job.err;
        rg_render_job_free(&job);
    }
    rg_store_close(store);
    rg_renderer_free(renderer);
    rg_cli_images_free(&images);
    if (rc < 0)
        return rg_cli_fail("render", &err);
    return 0;
}
