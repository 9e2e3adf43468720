/* A minimal PDF object model for the signer: just enough to read the
 * catalog, page tree, AcroForm and trailers of an existing file and to write
 * modified copies of a few of its dictionaries in an incremental update.
 *
 * Scalars keep their exact source text (numbers, names, strings, booleans),
 * so objects copied from the file are written back byte for byte in meaning
 * and nothing is lost to re-formatting. Each object owns its children. */
#ifndef RG_SIGN_PDF_OBJECT_H
#define RG_SIGN_PDF_OBJECT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

typedef enum {
    RG_PDF_NULL,
    RG_PDF_BOOL,
    RG_PDF_INT,
    RG_PDF_REAL,
    RG_PDF_STRING,  /* raw text keeps its delimiters: (..) or <..> */
    RG_PDF_NAME,    /* raw text keeps the leading slash */
    RG_PDF_ARRAY,
    RG_PDF_DICT,    /* items alternate key (a NAME) and value */
    RG_PDF_REF
} rg_pdf_type;

typedef struct rg_pdf_obj rg_pdf_obj;
struct rg_pdf_obj {
    rg_pdf_type type;
    char *raw;              /* scalars: the token as written in the file */
    long long num;          /* INT: the value; REF: the object number */
    int gen;                /* REF: the generation */
    size_t count, cap;      /* ARRAY and DICT items */
    rg_pdf_obj **items;
};

/* The deepest nesting of arrays and dictionaries accepted (bad input guard). */
#define RG_PDF_MAX_DEPTH 64

/* Parse one object starting at data[*pos] (whitespace and comments skipped
 * first); *pos is left after it. Returns NULL with err set on bad syntax. */
rg_pdf_obj *rg_pdf_parse_object(const char *data, size_t len, size_t *pos, rg_error *err);
/* Skip whitespace and comments; returns the new position. */
size_t rg_pdf_skip_space(const char *data, size_t len, size_t pos);
/* Read a non-negative integer token at data[*pos] (after skipping space). */
int rg_pdf_read_uint(const char *data, size_t len, size_t *pos, long long *value);
/* True if data[pos..] starts with the keyword `word` followed by a delimiter. */
int rg_pdf_at_keyword(const char *data, size_t len, size_t pos, const char *word);

/* Constructors (NULL when memory runs out). */
rg_pdf_obj *rg_pdf_new(rg_pdf_type type);
rg_pdf_obj *rg_pdf_new_raw(rg_pdf_type type, const char *raw);
rg_pdf_obj *rg_pdf_new_ref(long long num, int gen);
rg_pdf_obj *rg_pdf_new_int(long long value);
rg_pdf_obj *rg_pdf_clone(const rg_pdf_obj *obj);
void rg_pdf_free(rg_pdf_obj *obj);

/* Append to an array (takes ownership; on failure frees item, returns -1). */
int rg_pdf_array_push(rg_pdf_obj *array, rg_pdf_obj *item);
/* Dictionary access by key without the slash ("Type"). get returns a borrowed
 * pointer or NULL; set replaces or adds (takes ownership of value, frees it on failure). */
rg_pdf_obj *rg_pdf_dict_get(const rg_pdf_obj *dict, const char *key);
int rg_pdf_dict_set(rg_pdf_obj *dict, const char *key, rg_pdf_obj *value);
/* Is obj the name /name? */
int rg_pdf_is_name(const rg_pdf_obj *obj, const char *name);

/* The bytes of a string object (escapes and hex decoded) appended to out. */
int rg_pdf_string_decode(const rg_pdf_obj *str, rg_buf *out);
/* A PDF text string for UTF-8 text: a literal (..) with escapes when it is
 * printable ASCII, otherwise UTF-16BE hex with a byte order mark. */
int rg_pdf_text_string(rg_buf *out, const char *utf8);

/* Serialize obj in PDF syntax. Returns 0, or -1 when memory runs out. */
int rg_pdf_write(rg_buf *out, const rg_pdf_obj *obj);

#endif
