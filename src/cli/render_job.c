/* Options render and batch share (render_job.h). */
#include "cli/render_job.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/dates.h"
#include "text/font.h"
#include "util/bounded_int.h"

int rg_render_archive_option(const char *value, int argc, char **argv, int *part,
                             char problem[RG_ARCHIVE_PROBLEM_MAX])
{
    static const struct { const char *name; int part; } levels[] = {{"pdfa-1b", 1}, {"pdfa-3b", 3}};
    if (!value && optind < argc) {
        for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
            if (!strcmp(argv[optind], levels[i].name))
                value = argv[optind++];
    }
    if (!value) {
        *part = 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        if (!strcmp(value, levels[i].name)) {
            *part = levels[i].part;
            return 0;
        }
    }
    snprintf(problem, RG_ARCHIVE_PROBLEM_MAX, "--archive %.100s: expected pdfa-1b or pdfa-3b", value);
    return -1;
}

int rg_render_date(const char *option, char buf[11], const char **date, rg_error *err)
{
    *date = NULL;
    if (option) {
        /* The same rule as imported data: 16/01/2566 and 2566-01-16 are
         * Buddhist era and mean 2023-01-16; impossible dates are refused
         * with their reason ("month 2 of 2020 has 29 days"). */
        int y, m, d;
        if (rg_date_parse(option, &y, &m, &d, err) < 0) {
            err->code = RG_ERR_USAGE;
            return rg_error_prefix(err, "--date: ");
        }
        rg_date_format_iso(y, m, d, buf);
        *date = buf;
        return 0;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (!epoch || !*epoch)
        return 0;
    long long seconds = 0;
    struct tm tm;
    /* up to 9999-12-31T23:59:59Z: a year of four digits */
    int bad = rg_parse_bounded_int(epoch, 0, 253402300799LL, &seconds) != RG_INT_OK;
    time_t t = (time_t)seconds;
    if (bad || !gmtime_r(&t, &tm))
        return rg_error_set(err, RG_ERR_USAGE,
                            "SOURCE_DATE_EPOCH=%s: expected a number of seconds since 1970", epoch);
    strftime(buf, 11, "%Y-%m-%d", &tm);
    *date = buf;
    return 0;
}

void rg_render_print_warnings(const rg_render_job *job, const char *label)
{
    for (size_t i = 0; i < job->warning_count; i++) {
        if (label)
            fprintf(stderr, "raingan: warning: %s: %s\n", label, job->warnings[i]);
        else
            fprintf(stderr, "raingan: warning: %s\n", job->warnings[i]);
    }
}

void rg_render_check_font_option(rg_renderer *r, const char *families)
{
    if (rg_renderer_font_missing(r, families))
        rg_warn("--font \"%s\": none of these families is installed; printing with the bundled "
                "%s (see `raingan fonts`)", families, RG_FALLBACK_FONT_FAMILY);
}

rg_store *rg_render_open_store(const char *db_path, const char *const *data, size_t count, int lenient,
                               const rg_render_options *opts, rg_error *err)
{
    if (!count)
        return rg_store_open(db_path, RG_STORE_READ_ONLY, err);
    rg_store *store = rg_store_open_memory(err);
    rg_import_source *sources = calloc(count, sizeof *sources);
    rg_import_options import_options = {.lenient = lenient};
    if (opts) {
        import_options.image_dirs = opts->image_dirs;
        import_options.image_dir_count = opts->image_dir_count;
        import_options.image_max_bytes = opts->image_max_bytes;
    }
    for (size_t i = 0; sources && i < count; i++)
        sources[i].path = data[i];
    if (store && !sources)
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (store && (!sources || rg_store_import(store, sources, count, &import_options, NULL, err) < 0)) {
        rg_store_close(store);
        store = NULL;
    }
    free(sources);
    return store;
}
