/* Rendering a record: the one way raingan turns a stored (or imported)
 * record into a PDF, used by `raingan render`, `raingan batch`, the service
 * and anything else that prints.
 *
 * An rg_renderer is loaded once: the form template (parsed and checked
 * against the store's schema, once) and the font library. Each render is a
 * job: one record, its options, one target (a file, a descriptor or memory),
 * its own error and its own warnings.
 *
 *   rg_renderer *r = rg_renderer_new("progress-report", NULL, &err);
 *   rg_render_options o;  rg_render_options_init(&o);  o.date = "2023-09-30";
 *   rg_render_job job;    rg_render_job_init(&job);
 *   rg_buf pdf = RG_BUF_INIT;
 *   if (rg_render_record(r, store, "50310000-2961", &o, rg_render_to_buffer(&pdf), &job) < 0)
 *       ... job.err.message, job.err.code (RG_ERR_NOT_FOUND: no such record) ...
 *   ... job.warnings[i] ...
 *   rg_render_job_free(&job);  rg_buf_free(&pdf);  rg_renderer_free(r);
 *
 * Ownership and lifetime: the renderer owns its template and fonts until
 * rg_renderer_free; a job owns its warnings until rg_render_job_free; the
 * caller owns the store, the target's buffer or descriptor, and the options'
 * strings, which must outlive the call only.
 *
 * Thread-safety: the template is never written after rg_renderer_new
 * (binding keeps its state in the job), but the font library caches faces
 * and shapes as it goes: one renderer serves one thread at a time. To render
 * in parallel, load it once and fork worker processes: they share it
 * copy-on-write, as `raingan batch` and the service's workers do.
 * Warnings given while a job runs go to that job (on the thread running it),
 * never to another job. */
#ifndef RG_RENDER_H
#define RG_RENDER_H

#include <stddef.h>

#include "layout/display.h"
#include "layout/document.h"
#include "store/store.h"
#include "template/template.h"
#include "text/font.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_renderer rg_renderer;

/* The templates directory when none is given: $RAINGAN_TEMPLATES, else the
 * installed one (rg_data_dir()/templates). Caller frees; NULL: no memory. */
char *rg_render_default_templates_dir(void);

/* Loads form `form` (a name in `templates_dir`, or a path to a .xml file),
 * the templates directory's word list if it has one, and the font library,
 * and checks the template against the current store schema (every branch,
 * every query: template errors are reported here, once, not per record).
 * `templates_dir` NULL: $RAINGAN_TEMPLATES, else the installed templates. */
rg_renderer *rg_renderer_new(const char *form, const char *templates_dir, rg_error *err);
void rg_renderer_free(rg_renderer *r);

const rg_template *rg_renderer_template(const rg_renderer *r);
/* 1 when none of the families in the list `families` is installed, so the
 * document would print in the bundled fallback font; 0 otherwise. */
int rg_renderer_font_missing(rg_renderer *r, const char *families);

/* What a job prints besides the record itself. */
typedef struct rg_render_options {
    const char *date;     /* the document date, YYYY-MM-DD (common era), or NULL: the data's */
    int digits;           /* RG_DIGITS_* (template.h): override of the templates' digit style */
    const char *font;     /* family list for the whole document, or NULL */
    int archive;          /* 0: a plain PDF; 1: a PDF/A-1b archival copy with the
                             verification footer; 3: PDF/A-3b also carrying the
                             record's data (docs/archival.md) */
    int dump;             /* write the bound document model as text instead of a PDF */
    /* Images whose path comes from the data (a plan's emblem) print only
     * from inside these directories, the database's own (always) or those
     * of $RAINGAN_IMAGE_DIRS; every image is at most image_max_bytes
     * (0: RG_IMAGE_MAX_BYTES_DEFAULT) and must decode whole
     * (rg_bind_options, layout/image_file.h). */
    const char *const *image_dirs;
    size_t image_dir_count;
    long long image_max_bytes;
} rg_render_options;

/* No date, the template's digits and fonts, a plain PDF. */
void rg_render_options_init(rg_render_options *opts);

/* Where a job's output goes. */
typedef enum {
    RG_RENDER_TO_PATH,    /* a file, written atomically ("-": standard output;
                             never the database the record comes from) */
    RG_RENDER_TO_FD,      /* an open descriptor, written once the output is complete */
    RG_RENDER_TO_BUFFER   /* appended to a buffer */
} rg_render_target_kind;

typedef struct rg_render_target {
    rg_render_target_kind kind;
    const char *path;
    int fd;
    rg_buf *buffer;
} rg_render_target;

rg_render_target rg_render_to_path(const char *path);
rg_render_target rg_render_to_fd(int fd);
rg_render_target rg_render_to_buffer(rg_buf *buffer);

/* Which step of a job failed. */
typedef enum {
    RG_RENDER_FAILED_NONE = 0,
    RG_RENDER_FAILED_DATA,     /* rg_render_json: the document does not import */
    RG_RENDER_FAILED_CHOICE,   /* rg_render_json without a key: the document holds
                                  no record of the form's kind, or several */
    RG_RENDER_FAILED_RENDER    /* binding, layout, writing (rg_render_record) */
} rg_render_failure;

/* One job's outcome: its error (code RG_OK when it succeeded), the step
 * that failed, and the warnings given while it ran, in order. */
typedef struct rg_render_job {
    rg_error err;
    rg_render_failure failed;
    char **warnings;
    size_t warning_count;
    /* rg_render_json: the key rendered (the one chosen when none was given;
     * owned), and how many records of the form's kind the document holds
     * when it had to choose (0, 1 or 2: several). */
    char *key;
    size_t records;
} rg_render_job;

void rg_render_job_init(rg_render_job *job);
/* Frees the warnings and the key and clears the job for reuse. */
void rg_render_job_free(rg_render_job *job);

/* Renders record `key` of `store` to `target`. What is printed (and, for an
 * archival copy, stamped and embedded) is read in one read transaction: one
 * state of the data even while an import commits. The same record, options,
 * template and fonts give byte-identical output whatever the target. A key
 * not stored as the form's kind is RG_ERR_NOT_FOUND (RG_ERR_INPUT, saying
 * so, when it is stored as another kind). Returns 0, or -1 with job->err. */
int rg_render_record(rg_renderer *r, rg_store *store, const char *key,
                     const rg_render_options *opts, rg_render_target target, rg_render_job *job);

/* Renders record `key` from a document in the import format held in memory
 * (json, len bytes; `name` stands for it in messages), without a database:
 * the document is imported into a memory store of its own first, then the
 * record rendered as rg_render_record renders it (the bytes `raingan render
 * --data` writes). `key` NULL: the one record of the form's kind the
 * document holds. A failure says its step in job->failed: DATA (the
 * import's error, RG_ERR_INPUT naming the line and the JSON path), CHOICE
 * (RG_ERR_INPUT; job->records says none or several) or RENDER. */
int rg_render_json(rg_renderer *r, const char *name, const char *json, size_t len,
                   const char *key, const rg_render_options *opts, rg_render_target target,
                   rg_render_job *job);

/* How a PDF carries letter spacing (justification between clusters):
 * widened glyph advances (the default for every record) or Td moves, as
 * before, for comparisons (pdf/pdf_writer.h). */
typedef enum rg_letter_spacing {
    RG_LETTER_SPACING_ADVANCES,
    RG_LETTER_SPACING_MOVES
} rg_letter_spacing;

/* Writes a display list the caller laid out itself (the typography proof,
 * `raingan proof`) to `target` as a PDF, made as a record's is
 * (deterministic, compressed; a path written atomically, "-" standard
 * output). The caller owns the display list. Returns 0, or -1 with
 * job->err; warnings given while it is written go to the job. */
int rg_render_display(const rg_display *display, rg_letter_spacing spacing, rg_render_target target,
                      rg_render_job *job);

#endif
