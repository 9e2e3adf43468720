/* Rendering records to PDF files, shared by `raingan render` and `raingan batch`.
 *
 * An rg_renderer holds what every document of a run needs and what is costly
 * to load: the parsed form template and the font library (fontconfig set-up,
 * faces, shaping caches). It is created once per process; in batch mode it
 * is created before the workers fork, so they share it copy-on-write and
 * render record after record without loading anything again.
 *
 * Rendering one record: bind it from the store (opened read-only by the
 * caller), lay the document out, and write the PDF atomically (a temporary
 * beside the target, renamed into place only when complete). The document
 * date comes from the options (--date), else from SOURCE_DATE_EPOCH, else
 * from the data; never from the clock, so the same data, template and fonts
 * give byte-identical PDFs. */
#ifndef RG_CLI_RENDER_JOB_H
#define RG_CLI_RENDER_JOB_H

#include "layout/document.h"
#include "store/store.h"
#include "template/template.h"
#include "text/font.h"
#include "util/error.h"

typedef struct rg_renderer rg_renderer;

/* The templates directory: `option` (--templates) if given, else
 * $RAINGAN_TEMPLATES, else rg_data_dir()/templates. Caller frees. */
char *rg_render_templates_dir(const char *option);

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
/* Loads form `form` (a name in templates_dir, or a path to a .xml file) and
 * opens the font library. `templates_dir` NULL means rg_render_templates_dir(NULL). */
rg_renderer *rg_renderer_new(const char *form, const char *templates_dir, rg_error *err);
void rg_renderer_free(rg_renderer *r);

rg_template *rg_renderer_template(rg_renderer *r);
rg_fontlib *rg_renderer_fonts(rg_renderer *r);

/* Binds record opts->id from `store` into a document (caller frees); a key
 * stored as another kind than the form prints is reported as such. */
rg_document *rg_renderer_bind(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                              rg_error *err);

/* Warns (once, through rg_warn) when none of the families asked for with
 * --font is installed, so the document prints in the bundled fallback. */
void rg_renderer_check_font(rg_renderer *r, const char *families);

/* Binds record opts->id from `store` and writes it as a PDF to `output`
 * (atomically). A key stored as another kind than the form prints is
 * reported as such. Errors name the record key. */
int rg_renderer_render(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                       const char *output, rg_error *err);

/* rg_renderer_render for an archival copy (docs/archival.md): the record's
 * digests are taken from `store`, then the PDF/A with the verification
 * footer is written atomically to `output`: PDF/A-1b when pdfa_part is 1,
 * PDF/A-3b carrying the record's data (its `raingan export --id KEY` JSON,
 * from the same store) when 3. */
int rg_renderer_render_archival(rg_renderer *r, rg_store *store, const rg_bind_options *opts,
                                int pdfa_part, const char *output, rg_error *err);

/* Lays out a bound document with `fonts` and writes the PDF atomically to
 * `output` (the second half of rg_renderer_render). */
int rg_render_document_pdf(const rg_document *doc, rg_fontlib *fonts, const char *output,
                           rg_error *err);

#endif
