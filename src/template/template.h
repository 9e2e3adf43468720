/* Form templates: XML files under templates/ that say how a stored record
 * becomes a document (docs/templates.md is the reference).
 *
 * A form file declares its name, record kind and description, named styles,
 * named SQL queries with named parameters (:id is the record key), and page
 * sections whose elements map onto the document model (layout/document.h).
 * Shared parts (the .xml files in templates/parts/) are pulled in with <include>.
 *
 * Loading parses the form file and its declarations; binding runs the
 * queries against an open store and builds an rg_document. Every template
 * error names the file and line ("templates/x.xml:42: unknown field `p.nmae`
 * (did you mean `p.name`?)"). Binding first checks the whole template against
 * the queries' columns (every branch, every loop body, every part), so a typo
 * is reported even when the record's data would not reach it. */
#ifndef RG_TEMPLATE_H
#define RG_TEMPLATE_H

#include <stddef.h>

#include "layout/document.h"
#include "util/error.h"

struct sqlite3;

typedef struct rg_template rg_template;

/* Loads a form file (the path as given appears in error messages). */
rg_template *rg_template_load(const char *path, rg_error *err);
void rg_template_free(rg_template *tpl);

const char *rg_template_name(const rg_template *tpl);
const char *rg_template_kind(const rg_template *tpl);         /* project, indicator, plan */

/* The forms in a templates directory (its *.xml files, parts/ excluded),
 * sorted by name. A file that does not load is listed too, named by its file
 * name, with `error` saying why (one broken form must not hide the others);
 * the call itself fails only when the directory cannot be read. */
typedef struct rg_form_info {
    char *name, *kind, *description, *path;
    char *error;   /* NULL, or why this file does not load (file:line: ...) */
} rg_form_info;
int rg_template_list(const char *dir, rg_form_info **forms, size_t *count, rg_error *err);
void rg_form_info_free(rg_form_info *forms, size_t count);

/* The path of form `form` in `dir`: `form` is a form name (templates/<form>.xml)
 * or, when it contains a '/' or ends in ".xml", a file path. Caller frees. */
char *rg_template_locate(const char *dir, const char *form, rg_error *err);

enum { RG_DIGITS_TEMPLATE = -1, RG_DIGITS_ARABIC = 0, RG_DIGITS_THAI = 1 };

struct rg_store;

typedef struct rg_bind_options {
    const char *id;        /* the record key, bound to :id */
    int digits;            /* RG_DIGITS_*: document-wide override of the templates' digit style */
    const char *font;      /* family list overriding every style's font, or NULL */
    const char *date;      /* YYYY-MM-DD: the document date ({render.date}, PDF info); NULL = none */
    /* Images whose path comes from the data (a plan's emblem) are printed
     * only from inside these directories, the database's own or those of
     * $RAINGAN_IMAGE_DIRS (':'-separated; symbolic links resolved first). Every image, a template's own too, is at
     * most image_max_bytes and must decode whole (layout/image_file.h). */
    const char *const *image_dirs;
    size_t image_dir_count;
    long long image_max_bytes;   /* rg_bind_options_init: RG_IMAGE_MAX_BYTES_DEFAULT */
    /* The store whose connection is `db`, or NULL: its kept statements
     * (rg_store_statement) run the template's queries, prepared once per
     * connection instead of once per bind. */
    struct rg_store *store;
} rg_bind_options;

void rg_bind_options_init(rg_bind_options *opts);

/* Checks the template against the store's queries without reading a record:
 * elements, attributes, filters, field names in every branch and part
 * (loading every included part). A load-time step: it writes into tpl. */
int rg_template_check(rg_template *tpl, struct sqlite3 *db, rg_error *err);

/* Checks (unless a check passed before: every store of this build has the
 * same schema), then binds record opts->id into a new document (caller
 * frees). After a passed check, binding writes nothing into tpl, so one
 * checked template may bind in several threads at once.
 * A key with no record is an RG_ERR_NOT_FOUND error saying so. */
rg_document *rg_template_bind(rg_template *tpl, struct sqlite3 *db, const rg_bind_options *opts,
                              rg_error *err);

#endif
