/* Record kinds declared in files (templates/kinds/NAME.xml), not in C.
 *
 * A kind file names a kind, what identifies its records, its fields with
 * their types, and child lists with fields of their own (docs/kinds.md):
 *
 *   <kind name="memo" title="subject" date="date" description="บันทึกข้อความ">
 *     <key label="เลขที่ภายในของบันทึก"/>
 *     <field name="subject" type="text" required="yes" label="เรื่อง"/>
 *     <field name="body" type="rich text"/>
 *     <list name="copies"><field name="text" type="text" required="yes"/></list>
 *   </kind>
 *
 * This file only reads and checks declarations; the store turns them into
 * tables (declared.c) and imports, exports and digests their records. Every
 * message names the file and the line. */
#ifndef RG_KIND_DECL_H
#define RG_KIND_DECL_H

#include <stddef.h>

#include "util/error.h"

typedef enum {
    RG_FIELD_TEXT,
    RG_FIELD_RICH_TEXT,
    RG_FIELD_DATE,
    RG_FIELD_AMOUNT,        /* baht in JSON, INTEGER satang in the column NAME_satang */
    RG_FIELD_PERCENT,
    RG_FIELD_BOOLEAN,
    RG_FIELD_PERSON,        /* key of a person, column NAME_key */
    RG_FIELD_ORGANIZATION,  /* key of an organization, column NAME_key */
    RG_FIELD_INTEGER,
    RG_FIELD_YEAR,          /* Buddhist era */
    RG_FIELD_LINES,         /* list of one-line texts joined with '\n' */
    RG_FIELD_IMAGE,         /* path of a PNG/JPEG, relative to the JSON file; stored absolute */
    RG_FIELD_TYPE_COUNT
} rg_field_type;

typedef struct rg_field_decl {
    char *name;             /* JSON member: [a-z][a-z0-9_]* */
    char *column;           /* SQL column: name, name_satang, name_key */
    rg_field_type type;
    int required;
    char **values;          /* text fields: the allowed values, or NULL */
    size_t value_count;
    char *label;            /* what the form calls it (may be NULL) */
    long line;              /* in the kind file */
} rg_field_decl;

typedef struct rg_list_decl {
    char *name;             /* JSON member holding the array */
    char *table;            /* KIND_NAME: (KIND_key, seq, columns...) */
    rg_field_decl *fields;
    size_t field_count;
    long line;
} rg_list_decl;

typedef struct rg_kind_decl {
    char *name;             /* "memo": the kind in JSON, its table in SQL */
    char *file;             /* the kind file, for messages */
    char *description;      /* one line (may be NULL) */
    char *key_label;        /* what the key is (may be NULL) */
    const rg_field_decl *title;  /* the field `raingan list` shows (text), or NULL */
    const rg_field_decl *year;   /* a year field: the fiscal year, or NULL */
    const rg_field_decl *date;   /* a date field: the document's date, or NULL */
    rg_field_decl *fields;
    size_t field_count;
    rg_list_decl *lists;
    size_t list_count;
    char *source;           /* the file's bytes (stored in the database with the kind) */
    size_t source_len;
} rg_kind_decl;

/* "text", "rich text", ...: the name a kind file uses for the type. */
const char *rg_field_type_name(rg_field_type type);

/* Reads one declaration from `len` bytes of XML; `file` names it in
 * messages ("FILE:LINE: ..."). Returns NULL with err set (RG_ERR_INPUT: a
 * bad declaration: unknown type, duplicate field, no <key>, a name that is
 * not a plain lower-case identifier or is an SQL keyword, ...). */
rg_kind_decl *rg_kind_decl_parse(const char *file, const char *xml, size_t len, rg_error *err);
/* The same for a file on disk (RG_ERR_IO when it cannot be read). */
rg_kind_decl *rg_kind_decl_load(const char *path, rg_error *err);
void rg_kind_decl_free(rg_kind_decl *decl);

/* The field or list named `name`, or NULL. */
const rg_field_decl *rg_kind_decl_field(const rg_kind_decl *decl, const char *name);
const rg_list_decl *rg_kind_decl_list(const rg_kind_decl *decl, const char *name);

/* Every declaration in `dir` (files *.xml, in byte order of their names).
 * A directory that does not exist holds none (0). On success *out is an
 * array of *count declarations (free with rg_kind_decls_free). Two files
 * declaring one kind is an error naming both. */
int rg_kind_decls_load_dir(const char *dir, rg_kind_decl ***out, size_t *count, rg_error *err);
void rg_kind_decls_free(rg_kind_decl **decls, size_t count);

/* The directory kind files are read from: $RAINGAN_KINDS, else
 * $RAINGAN_TEMPLATES/kinds, else the installed templates' kinds/ (newly
 * allocated; NULL when memory runs out). */
char *rg_kind_decls_dir(void);

#endif
