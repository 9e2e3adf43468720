/* Rendering records to PDF files: the renderer loaded once per process and
 * shared by `raingan render` and the `raingan batch` workers (render_job.h). */
#include "cli/render_job.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive/render.h"
#include "cli/db_option.h"
#include "layout/layout.h"
#include "pdf/pdf_writer.h"
#include "store/dates.h"
#include "text/linebreak.h"
#include "text/thai_words.h"
#include "util/paths.h"

struct rg_renderer {
    rg_template *tpl;
    rg_fontlib *fonts;
};

char *rg_render_templates_dir(const char *option)
{
    if (option)
        return strdup(option);
    const char *env = getenv("RAINGAN_TEMPLATES");
    if (env && *env)
        return strdup(env);
    return rg_path_join(rg_data_dir(), "templates");
}

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
    char *end;
    errno = 0;
    long long seconds = strtoll(epoch, &end, 10);
    struct tm tm;
    time_t t = (time_t)seconds;
    if (errno || *end || seconds < 0 || !gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
        return rg_error_set(err, RG_ERR_USAGE,
                            "SOURCE_DATE_EPOCH=%s: expected a number of seconds since 1970", epoch);
    strftime(buf, 11, "%Y-%m-%d", &tm);
    *date = buf;
    return 0;
}

rg_renderer *rg_renderer_new(const char *form, const char *templates_dir, rg_error *err)
{
    rg_linebreak_preload();   /* overlaps the template, fonts and data being read */
    rg_renderer *r = calloc(1, sizeof *r);
    char *dir = templates_dir ? strdup(templates_dir) : rg_render_templates_dir(NULL);
    if (!r || !dir) {
        free(r);
        free(dir);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    /* The templates directory's own word list, if it has one; loaded before
     * `raingan batch` forks, so its workers share it. */
    if (rg_thai_words_use_dir(dir, err) < 0) {
        free(r);
        free(dir);
        return NULL;
    }
    char *path = rg_template_locate(dir, form, err);
    free(dir);
    r->tpl = path ? rg_template_load(path, err) : NULL;
    free(path);
    if (r->tpl)
        r->fonts = rg_fontlib_new(err);
    if (!r->fonts) {
        rg_renderer_free(r);
        return NULL;
    }
    return r;
}

void rg_renderer_free(rg_renderer *r)
{
    if (!r)
        return;
    rg_template_free(r->tpl);
    rg_fontlib_free(r->fonts);
    free(r);
}

rg_template *rg_renderer_template(rg_renderer *r) { return r->tpl; }
rg_fontlib *rg_renderer_fonts(rg_renderer *r) { return r->fonts; }

/* When the key exists but as another kind, say so: clearer than "not found"
 * when the wrong form is chosen. */
static void explain_missing(rg_store *store, const rg_template *tpl, const char *id, rg_error *err)
{
    for (size_t i = 0; i < rg_kinds_count(); i++) {
        const rg_kind_desc *k = rg_kinds_get(i);
        rg_error ignored;
        if (strcmp(k->name, rg_template_kind(tpl)) && rg_store_kind_has(store, k, id, &ignored) == 1) {
            rg_error_set(err, RG_ERR_INPUT, "`%s` is a %s, but form %s prints %s records", id,
                         k->name, rg_template_name(tpl), rg_template_kind(tpl));
            return;
        }
    }
}

int rg_render_document_pdf(const rg_document *doc, rg_fontlib *fonts, const char *output,
                           rg_error *err)
{
    rg_display display;
    rg_display_init(&display);
    int rc = rg_layout_document(doc, fonts, &display, err);
    if (rc == 0)
        rc = rg_pdf_save(&display, output, NULL, err);
    rg_display_free(&display);
    return rc;
}

rg_document *rg_renderer_bind(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                              rg_error *err)
{
    rg_document *doc = rg_template_bind(r->tpl, rg_store_db(store), opts, err);
    if (!doc && err->code == RG_ERR_NOT_FOUND)
        explain_missing(store, r->tpl, opts->id, err);
    return doc;
}

void rg_renderer_check_font(rg_renderer *r, const char *families)
{
    if (!families || !*families)
        return;
    rg_error ignored;
    rg_font *font = rg_fontlib_font(r->fonts, families, RG_STYLE_REGULAR, &ignored);
    if (font && rg_font_is_fallback(font))
        rg_warn("--font \"%s\": none of these families is installed; printing with the bundled "
                "%s (see `raingan fonts`)", families, RG_FALLBACK_FONT_FAMILY);
}

/* tests/snapshot_render.sh widens the moment between reading the document
 * and reading its stamp (RAINGAN_TEST_SNAPSHOT_PAUSE_MS), so that an import
 * committing in between would be caught if they were not one snapshot. */
static void test_pause_in_snapshot(void)
{
    const char *ms = getenv("RAINGAN_TEST_SNAPSHOT_PAUSE_MS");
    long n = ms ? strtol(ms, NULL, 10) : 0;
    if (n > 0 && n <= 10000) {
        struct timespec t = {n / 1000, (n % 1000) * 1000000L};
        nanosleep(&t, NULL);
    }
}

static int export_record(rg_store *store, const char *key, char **json, size_t *len, rg_error *err);

/* The document bound, and for an archival copy its stamp made (and for a
 * PDF/A-3 copy, json given, the record's data to embed exported), inside one
 * read transaction: what is printed, stamped and embedded is one state of
 * the data, even while an import commits. */
static rg_document *bind_snapshot(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                                  const char *output, rg_archive_stamp *stamp, char **json, size_t *json_len,
                                  rg_error *err)
{
    if (rg_cli_check_output(output, rg_store_path(store), NULL, 0, err) < 0 ||
        rg_store_snapshot_begin(store, err) < 0)
        return NULL;
    rg_document *doc = rg_renderer_bind(r, store, opts, err);
    test_pause_in_snapshot();
    if (doc && stamp &&
        rg_archive_prepare(rg_store_db(store), rg_template_name(r->tpl), rg_template_kind(r->tpl), opts->id,
                           opts->date, stamp, err) < 0) {
        rg_document_free(doc);
        doc = NULL;
    }
    if (doc && json &&
        (export_record(store, opts->id, json, json_len, err) < 0 ||
         rg_archive_set_embedded(stamp, *json, *json_len, err) < 0)) {
        rg_document_free(doc);
        doc = NULL;
    }
    rg_store_snapshot_end(store);
    return doc;
}

int rg_renderer_render(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                       const char *output, rg_error *err)
{
    rg_document *doc = bind_snapshot(r, store, opts, output, NULL, NULL, NULL, err);
    if (!doc)
        return -1;
    int rc = rg_render_document_pdf(doc, r->fonts, output, err);
    rg_document_free(doc);
    return rc;
}

/* The record's data as `raingan export --id KEY` writes it: *json (malloc'd). */
static int export_record(rg_store *store, const char *key, char **json, size_t *len, rg_error *err)
{
    *json = NULL;
    *len = 0;
    FILE *fp = open_memstream(json, len);
    if (!fp)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    int rc = rg_store_export(store, key, fp, err);
    if (fclose(fp) != 0 && rc == 0)
        rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (rc < 0) {
        free(*json);
        *json = NULL;
        return rg_error_prefix(err, "the data to embed: ");
    }
    return 0;
}

int rg_renderer_render_archival(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                                int pdfa_part, const char *output, rg_error *err)
{
    rg_archive_stamp stamp;
    rg_archive_stamp_init(&stamp);
    char *json = NULL;
    size_t json_len = 0;
    rg_document *doc = bind_snapshot(r, store, opts, output, &stamp, pdfa_part == 3 ? &json : NULL,
                                     &json_len, err);
    int rc = doc ? rg_archive_write_pdf(doc, &stamp, r->fonts, json, json_len, output, err) : -1;
    free(json);
    rg_archive_stamp_free(&stamp);
    rg_document_free(doc);
    return rc;
}
