/* Streaming reader of raingan JSON files: {"raingan": 1, "records": [...]}.
 *
 * yajl's callback parser builds one record at a time as a small tree of
 * rg_jnode (each value knows its line), hands it to a callback, and frees it,
 * so memory stays flat however many records a file holds. */
#ifndef RG_STORE_JSON_READER_H
#define RG_STORE_JSON_READER_H

#include <stddef.h>

#include "util/error.h"

#define RG_FORMAT_VERSION 1

typedef enum { RG_J_NULL, RG_J_BOOL, RG_J_NUMBER, RG_J_STRING, RG_J_ARRAY, RG_J_OBJECT } rg_jtype;

typedef struct rg_jnode rg_jnode;
struct rg_jnode {
    rg_jtype type;
    long line;           /* 1-based line of the value in the file */
    char *key;           /* member name when inside an object */
    char *text;          /* string value, or the number as written; NUL-terminated */
    size_t len;
    int boolean;
    rg_jnode **items;    /* array elements / object members, in file order */
    size_t count, cap;
    rg_jnode *parent;
    int used;            /* set when a reader consumed the member */
    /* 1: a string as a table holds it (a CSV cell, a database column as
     * text), not typed by its source: the importer reads it as the type the
     * field has ("1,250,000.00" as an amount, "20%" as a percent, "TRUE" as
     * a boolean; docs/sources.md). */
    int cell;
    /* Cells: how the table writes dates besides the usual forms (RG_DATE_*
     * flags of store/dates.h: two-digit years, Excel's day numbers), as
     * its mapping says; 0 for none. */
    int date_rules;
    /* Objects: the member names readers asked for (rg_jnode_get), present or
     * not: the fields known in this place, for "did you mean" messages. */
    const char **asked;
    size_t asked_count, asked_cap;
    size_t *index;       /* objects with many members: hash of member positions + 1 */
    size_t index_cap;
};

/* Called once per element of "records" with its 0-based index. Return 0 to go
 * on (the tree is freed afterwards), 1 to keep the tree (the callback owns it
 * then: rg_jnode_free), -1 (with err set) to stop the whole read. */
typedef int (*rg_json_record_fn)(void *user, rg_jnode *record, long index, rg_error *err);

/* One document to read. */
typedef struct rg_json_source {
    const char *name;    /* the file to read ("-": standard input); names it in messages */
    const char *data;    /* not NULL: the document is these len bytes in memory */
    size_t len;
    int lenient;         /* an unknown top-level member is a warning, not an error */
} rg_json_source;

/* The name messages use for a source: its path, or "standard input" for "-". */
const char *rg_json_source_name(const rg_json_source *src);

/* Reads the document: files and standard input in chunks, in time and
 * memory linear in the input (a value longer than a chunk is fed to yajl in
 * chunks that grow with it, since yajl re-scans an unfinished token from its
 * start on every chunk). A UTF-8 byte-order mark is skipped; a UTF-16 or
 * UTF-32 one is an error saying how to save the file. */
int rg_json_read(const rg_json_source *src, rg_json_record_fn fn, void *user, rg_error *err);

/* A new node of `type` (its text a copy of len bytes of `text`, which may
 * be NULL), at `line`; NULL when memory runs out. */
rg_jnode *rg_jnode_new(rg_jtype type, const char *text, size_t len, long line);
/* Frees a tree a callback kept. */
void rg_jnode_free(rg_jnode *n);
/* A deep copy of `n` (its key too; not its parent, used flags or asked
 * names), every node given line `line` (0: keep each node's own). NULL when
 * memory runs out. */
rg_jnode *rg_jnode_clone(const rg_jnode *n, long line);
/* Puts `value` (owned from now on) into `object` as member `name`, replacing
 * a member of that name or appended. -1 when memory runs out (value freed). */
int rg_jnode_set_member(rg_jnode *object, const char *name, rg_jnode *value);
/* Appends `value` (owned from now on) to an array; -1 (value freed) on OOM. */
int rg_jnode_append(rg_jnode *array, rg_jnode *value);

/* Member `name` of an object (marks it used), or NULL. `name` is remembered as
 * asked for (it must outlive the node: a string literal). */
rg_jnode *rg_jnode_get(rg_jnode *object, const char *name);
/* Member `name` without marking or remembering anything, or NULL. */
rg_jnode *rg_jnode_find(const rg_jnode *object, const char *name);
/* A short description of a value for messages: "140", "\"abc\"", "an object". */
const char *rg_jnode_describe(const rg_jnode *n, char *buf, size_t cap);

#endif
