/* Rendering a record (render.h): bind it in one read transaction, lay it
 * out, write the PDF (or the archival copy, or the document model as text)
 * to a file, a descriptor or memory. */
#include "render/render.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "archive/render.h"
#include "layout/layout.h"
#include "pdf/pdf_writer.h"
#include "store/kinds.h"
#include "template/dump.h"
#include "text/linebreak.h"
#include "text/thai_words.h"
#include "util/atomic_file.h"
#include "util/bounded_int.h"
#include "util/paths.h"

struct rg_renderer {
    rg_template *tpl;     /* checked at load: binding writes nothing into it */
    rg_fontlib *fonts;
};

/* ---- the renderer ---------------------------------------------------------- */

char *rg_render_default_templates_dir(void)
{
    const char *env = getenv("RAINGAN_TEMPLATES");
    if (env && *env)
        return strdup(env);
    return rg_path_join(rg_data_dir(), "templates");
}

/* Every store this build opens has the current schema (older ones are
 * migrated or refused, newer ones refused: store.h), so one check against
 * a fresh memory store holds for all of them. */
static int check_template(rg_template *tpl, rg_error *err)
{
    rg_store *schema = rg_store_open_memory(err);
    if (!schema)
        return -1;
    int rc = rg_template_check(tpl, rg_store_db(schema), err);
    rg_store_close(schema);
    return rc;
}

rg_renderer *rg_renderer_new(const char *form, const char *templates_dir, rg_error *err)
{
    assert(form);
    rg_linebreak_preload();   /* overlaps the template, fonts and data being read */
    rg_renderer *r = calloc(1, sizeof *r);
    char *dir = templates_dir ? strdup(templates_dir) : rg_render_default_templates_dir();
    if (!r || !dir) {
        free(r);
        free(dir);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    /* The templates directory's own word list, if it has one; loaded before
     * any worker forks, so the workers share it. */
    if (rg_thai_words_use_dir(dir, err) < 0) {
        free(r);
        free(dir);
        return NULL;
    }
    char *path = rg_template_locate(dir, form, err);
    free(dir);
    r->tpl = path ? rg_template_load(path, err) : NULL;
    free(path);
    if (r->tpl && check_template(r->tpl, err) == 0)
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

const rg_template *rg_renderer_template(const rg_renderer *r) { return r->tpl; }

int rg_renderer_font_missing(rg_renderer *r, const char *families)
{
    if (!families || !*families)
        return 0;
    rg_error ignored;
    rg_font *font = rg_fontlib_font(r->fonts, families, RG_STYLE_REGULAR, &ignored);
    return font && rg_font_is_fallback(font);
}

/* ---- options, targets, jobs ------------------------------------------------- */

void rg_render_options_init(rg_render_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->digits = RG_DIGITS_TEMPLATE;
}

rg_render_target rg_render_to_path(const char *path)
{
    assert(path);
    return (rg_render_target){RG_RENDER_TO_PATH, path, -1, NULL};
}

rg_render_target rg_render_to_fd(int fd)
{
    assert(fd >= 0);
    return (rg_render_target){RG_RENDER_TO_FD, NULL, fd, NULL};
}

rg_render_target rg_render_to_buffer(rg_buf *buffer)
{
    assert(buffer);
    return (rg_render_target){RG_RENDER_TO_BUFFER, NULL, -1, buffer};
}

void rg_render_job_init(rg_render_job *job)
{
    memset(job, 0, sizeof *job);
}

void rg_render_job_free(rg_render_job *job)
{
    for (size_t i = 0; i < job->warning_count; i++)
        free(job->warnings[i]);
    free(job->warnings);
    free(job->key);
    rg_render_job_init(job);
}

/* The warning sink of a running job (on its thread). */
static void job_warning(const char *message, void *user)
{
    rg_render_job *job = user;
    char **grown = realloc(job->warnings, (job->warning_count + 1) * sizeof *grown);
    char *copy = strdup(message);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            job->warnings = grown;
        return;   /* out of memory: the warning is lost, not the document */
    }
    job->warnings = grown;
    job->warnings[job->warning_count++] = copy;
}

/* ---- one record ------------------------------------------------------------- */

/* When the key exists but as another kind, say so: clearer than "not found"
 * when the wrong form is chosen. */
static void explain_missing(rg_store *store, const rg_template *tpl, const char *key, rg_error *err)
{
    for (size_t i = 0; i < rg_kinds_count(); i++) {
        const rg_kind_desc *k = rg_kinds_get(i);
        rg_error ignored;
        if (strcmp(k->name, rg_template_kind(tpl)) && rg_store_kind_has(store, k, key, &ignored) == 1) {
            rg_error_set(err, RG_ERR_INPUT, "`%s` is a %s, but form %s prints %s records", key,
                         k->name, rg_template_name(tpl), rg_template_kind(tpl));
            return;
        }
    }
}

/* tests/snapshot_render.sh widens the moment between reading the document
 * and reading its stamp (RAINGAN_TEST_SNAPSHOT_PAUSE_MS), so that an import
 * committing in between would be caught if they were not one snapshot. */
static void test_pause_in_snapshot(void)
{
    const char *ms = getenv("RAINGAN_TEST_SNAPSHOT_PAUSE_MS");
    long long n;
    if (ms && rg_parse_bounded_int(ms, 1, 10000, &n) == RG_INT_OK) {
        struct timespec t = {n / 1000, (n % 1000) * 1000000L};
        nanosleep(&t, NULL);
    }
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

/* The document bound, and for an archival copy its stamp made (and for a
 * PDF/A-3 copy, json given, the record's data to embed exported), inside one
 * read transaction: what is printed, stamped and embedded is one state of
 * the data, even while an import commits. */
static rg_document *bind_snapshot(rg_renderer *r, rg_store *store, const rg_bind_options *bind,
                                  rg_archive_stamp *stamp, char **json, size_t *json_len,
                                  rg_error *err)
{
    if (rg_store_snapshot_begin(store, err) < 0)
        return NULL;
    rg_document *doc = rg_template_bind(r->tpl, rg_store_db(store), bind, err);
    if (!doc && err->code == RG_ERR_NOT_FOUND)
        explain_missing(store, r->tpl, bind->id, err);
    if (stamp)
        test_pause_in_snapshot();   /* only an archival copy has a stamp to read later */
    if (doc && stamp &&
        rg_archive_prepare(rg_store_db(store), rg_template_name(r->tpl), rg_template_kind(r->tpl),
                           bind->id, bind->date, stamp, err) < 0) {
        rg_document_free(doc);
        doc = NULL;
    }
    if (doc && json &&
        (export_record(store, bind->id, json, json_len, err) < 0 ||
         rg_archive_set_embedded(stamp, *json, *json_len, err) < 0)) {
        rg_document_free(doc);
        doc = NULL;
    }
    rg_store_snapshot_end(store);
    return doc;
}

static int write_all(int fd, const unsigned char *data, size_t len, rg_error *err)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return rg_error_set(err, RG_ERR_IO, "writing the output: %s",
                                n < 0 ? strerror(errno) : "nothing written");
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Hands the finished output to the target: nothing reaches it before the
 * whole document is made. */
static int deliver(rg_render_target target, const unsigned char *data, size_t len, rg_error *err)
{
    switch (target.kind) {
    case RG_RENDER_TO_PATH:
        return rg_write_file_atomic(target.path, data, len, err);
    case RG_RENDER_TO_FD:
        return write_all(target.fd, data, len, err);
    case RG_RENDER_TO_BUFFER:
        if (rg_buf_append(target.buffer, data, len) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return 0;
    }
    assert(!"unknown render target");
    return rg_error_set(err, RG_ERR_INTERNAL, "unknown render target");
}

/* The output of one bound document: the PDF, the archival copy, or the
 * document model as text; *data malloc'd. */
static int produce(rg_renderer *r, rg_document *doc, const rg_render_options *opts,
                   const rg_archive_stamp *stamp, const char *json, size_t json_len,
                   unsigned char **data, size_t *len, rg_error *err)
{
    if (opts->dump) {
        rg_buf text = RG_BUF_INIT;
        rg_document_dump(doc, &text);
        *len = text.len;
        *data = (unsigned char *)rg_buf_steal(&text);
        return 0;
    }
    if (opts->archive)
        return rg_archive_render_pdf(doc, stamp, r->fonts, json, json_len, data, len, err);
    rg_display display;
    rg_display_init(&display);
    int rc = rg_layout_document(doc, r->fonts, &display, err);
    if (rc == 0)
        rc = rg_pdf_render(&display, NULL, data, len, err);
    rg_display_free(&display);
    return rc;
}

static int render_record(rg_renderer *r, rg_store *store, const char *key,
                         const rg_render_options *opts, rg_render_target target, rg_error *err)
{
    assert(opts->archive == 0 || opts->archive == 1 || opts->archive == 3);
    /* Each record's warnings name every character it prints as a box, even
     * when an earlier record of this worker had the same one. */
    rg_fontlib_forget_warnings(r->fonts);
    if (target.kind == RG_RENDER_TO_PATH &&
        rg_store_check_output(rg_store_path(store), target.path, err) < 0)
        return -1;
    rg_bind_options bind;
    rg_bind_options_init(&bind);
    bind.id = key;
    bind.store = store;   /* the form's queries prepared once per connection */
    bind.digits = opts->digits;
    bind.font = opts->font;
    bind.date = opts->date;
    bind.image_dirs = opts->image_dirs;
    bind.image_dir_count = opts->image_dir_count;
    if (opts->image_max_bytes > 0)
        bind.image_max_bytes = opts->image_max_bytes;
    rg_archive_stamp stamp;
    rg_archive_stamp_init(&stamp);
    char *json = NULL;
    size_t json_len = 0;
    int archival = opts->archive && !opts->dump;
    rg_document *doc = bind_snapshot(r, store, &bind, archival ? &stamp : NULL,
                                     archival && opts->archive == 3 ? &json : NULL, &json_len, err);
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = doc ? produce(r, doc, opts, &stamp, json, json_len, &data, &len, err) : -1;
    if (rc == 0)
        rc = deliver(target, data ? data : (const unsigned char *)"", len, err);
    free(data);
    free(json);
    rg_archive_stamp_free(&stamp);
    rg_document_free(doc);
    return rc;
}

int rg_render_record(rg_renderer *r, rg_store *store, const char *key,
                     const rg_render_options *opts, rg_render_target target, rg_render_job *job)
{
    assert(r && store && key && opts && job);
    rg_error_clear(&job->err);
    job->failed = RG_RENDER_FAILED_NONE;
    rg_warning_capture saved;
    rg_warning_capture_begin(job_warning, job, &saved);
    int rc = render_record(r, store, key, opts, target, &job->err);
    rg_warning_capture_end(&saved);
    assert(rc == 0 || job->err.code != RG_OK);
    if (rc < 0)
        job->failed = RG_RENDER_FAILED_RENDER;
    return rc;
}

/* rg_render_json without a key: the first record of the form's kind, and
 * how many there are (up to 2). */
static int choose_record(void *user, const rg_record_row *row, rg_error *err)
{
    rg_render_job *job = user;
    if (job->records++ == 0 && !(job->key = strdup(row->key)))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return job->records < 2 ? 0 : -1;   /* two: several, no need to go on */
}

int rg_render_json(rg_renderer *r, const char *name, const char *json, size_t len,
                   const char *key, const rg_render_options *opts, rg_render_target target,
                   rg_render_job *job)
{
    assert(r && json && opts && job);
    rg_error_clear(&job->err);
    job->failed = RG_RENDER_FAILED_DATA;
    free(job->key);
    job->key = NULL;
    job->records = 0;
    rg_warning_capture saved;
    rg_warning_capture_begin(job_warning, job, &saved);
    rg_store *store = rg_store_open_memory(&job->err);
    int rc = store ? rg_store_import_memory(store, name ? name : "data", json, len, NULL, &job->err)
                   : -1;
    if (rc == 0 && key && !(job->key = strdup(key)))
        rc = rg_error_set(&job->err, RG_ERR_NOMEM, "out of memory");
    else if (rc == 0 && !key) {
        job->failed = RG_RENDER_FAILED_CHOICE;
        const char *kind = rg_template_kind(r->tpl);
        const rg_kind_desc *desc = rg_kinds_find(kind);
        long n = desc ? rg_store_select_records(store, desc, NULL, choose_record, job, &job->err) : 0;
        if (job->records != 1) {
            free(job->key);   /* the first of several: none was chosen */
            job->key = NULL;
        }
        if (n < 0 && job->records < 2)
            rc = -1;
        else if (job->records == 0)
            rc = rg_error_set(&job->err, RG_ERR_INPUT, "%s: holds no %s record, which form %s prints",
                              name ? name : "data", kind, rg_template_name(r->tpl));
        else if (job->records > 1)
            rc = rg_error_set(&job->err, RG_ERR_INPUT, "%s: holds several %s records: which one "
                              "to print needs its key", name ? name : "data", kind);
    }
    if (rc == 0) {
        job->failed = RG_RENDER_FAILED_RENDER;
        rc = render_record(r, store, job->key, opts, target, &job->err);
    }
    if (rc == 0)
        job->failed = RG_RENDER_FAILED_NONE;
    rg_store_close(store);
    rg_warning_capture_end(&saved);
    assert(rc == 0 || job->err.code != RG_OK);
    return rc;
}

/* ---- a display list laid out by the caller ------------------------------------ */

int rg_render_display(const rg_display *display, rg_letter_spacing spacing, rg_render_target target,
                      rg_render_job *job)
{
    assert(display && job);
    assert(spacing == RG_LETTER_SPACING_ADVANCES || spacing == RG_LETTER_SPACING_MOVES);
    rg_error_clear(&job->err);
    rg_warning_capture saved;
    rg_warning_capture_begin(job_warning, job, &saved);
    rg_pdf_options pdf;
    rg_pdf_options_init(&pdf);
    pdf.letter_spacing_as_moves = spacing == RG_LETTER_SPACING_MOVES;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = rg_pdf_render(display, &pdf, &data, &len, &job->err);
    if (rc == 0)
        rc = deliver(target, data, len, &job->err);
    free(data);
    rg_warning_capture_end(&saved);
    assert(rc == 0 || job->err.code != RG_OK);
    return rc;
}
