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
};

/* Called once per element of "records" with its 0-based index. Return 0 to go
 * on, -1 (with err set) to stop the whole read. The tree is freed afterwards. */
typedef int (*rg_json_record_fn)(void *user, rg_jnode *record, long index, rg_error *err);

/* Read `path` in chunks (the file name is used in messages). */
int rg_json_read_file(const char *path, rg_json_record_fn fn, void *user, rg_error *err);
/* Read a document held in memory; `name` stands for the file in messages. */
int rg_json_read_memory(const char *name, const char *data, size_t len, rg_json_record_fn fn,
                        void *user, rg_error *err);

/* Member `name` of an object (marks it used), or NULL. */
rg_jnode *rg_jnode_get(rg_jnode *object, const char *name);
/* A short description of a value for messages: "140", "\"abc\"", "an object". */
const char *rg_jnode_describe(const rg_jnode *n, char *buf, size_t cap);

#endif
