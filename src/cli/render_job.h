/* What `raingan render` and `raingan batch` share on the command line: the
 * templates directory, the document date (--date, SOURCE_DATE_EPOCH), the
 * --archive level, and printing a job's warnings. Rendering itself is
 * src/render (render/render.h): the one way to render. */
#ifndef RG_CLI_RENDER_JOB_H
#define RG_CLI_RENDER_JOB_H

#include "render/render.h"
#include "util/error.h"

/* The document date as ISO YYYY-MM-DD (common era, in `buf`, 11 bytes):
 * --date `option` if given, read like imported dates (2566-01-16 and
 * 16/01/2566 are Buddhist era: docs/data-format.md), else SOURCE_DATE_EPOCH
 * in UTC, else NULL (the date then comes from the data, if the template
 * gives one). An impossible or unparsable date is an RG_ERR_USAGE error
 * naming its reason; returns -1 then. */
int rg_render_date(const char *option, char buf[11], const char **date, rg_error *err);

/* The level of --archive for render and batch: *part = 1 (PDF/A-1b, also
 * for a bare --archive) or 3 (pdfa-3b). `value` is the option's =VALUE or
 * NULL; a bare --archive followed by the word pdfa-1b or pdfa-3b takes it
 * (argv[optind], consumed). Returns 0, or -1 with `problem` naming the
 * value when it is neither. */
#define RG_ARCHIVE_PROBLEM_MAX 160
int rg_render_archive_option(const char *value, int argc, char **argv, int *part,
                             char problem[RG_ARCHIVE_PROBLEM_MAX]);
/* Prints a job's warnings as the warning sink does ("raingan: warning: ..."),
 * prefixed with `label` (a record key, for batch) when not NULL. */
void rg_render_print_warnings(const rg_render_job *job, const char *label);

/* The store a render reads: the `count` import files `data` (--data, "-"
 * for standard input) imported into a memory store (`lenient` as for
 * `raingan import --lenient`; images read from the directories and within
 * the size limit of `opts`, which may be NULL), or, when count is 0, the
 * database `db_path` opened read-only. NULL with err when it cannot be had. */
rg_store *rg_render_open_store(const char *db_path, const char *const *data, size_t count, int lenient,
                               const rg_render_options *opts, rg_error *err);

/* Warns (once, on stderr) when none of the families asked for with --font
 * is installed, so the document prints in the bundled fallback. */
void rg_render_check_font_option(rg_renderer *r, const char *families);

#endif
