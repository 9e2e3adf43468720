/* Reading an existing PDF for an incremental update: the header, the chain
 * of classic cross-reference tables and trailers (newest first, following
 * /Prev, so files signed before are read correctly), and objects by number.
 *
 * Only what libharu (raingan's PDF writer) produces is accepted: classic
 * xref tables without cross-reference streams, no encryption. Anything else
 * is refused with a message saying why, never guessed at. */
#ifndef RG_SIGN_PDF_FILE_H
#define RG_SIGN_PDF_FILE_H

#include <stddef.h>

#include "sign/pdf_object.h"
#include "util/error.h"

typedef struct rg_pdf_xref_entry {
    long long offset;  /* byte offset of "N G obj" */
    int gen;
    char state;        /* 0 unknown, 'n' in use, 'f' free */
} rg_pdf_xref_entry;

typedef struct rg_pdf_file {
    const char *data;        /* borrowed: the whole file */
    size_t len;
    long long startxref;     /* offset of the newest xref table */
    long long size;          /* /Size of the newest trailer */
    rg_pdf_obj *trailer;     /* the newest trailer dictionary (owned) */
    rg_pdf_xref_entry *xref; /* indexed by object number, `size` entries */
    rg_pdf_obj **cache;      /* parsed objects, indexed like xref (owned) */
    int sections;            /* how many xref tables the chain holds */
    long long *section_offset; /* their offsets, newest first (`sections` entries, owned) */
} rg_pdf_file;

/* Parse the file structure. `data` must outlive the rg_pdf_file. */
int rg_pdf_file_open(rg_pdf_file *f, const char *data, size_t len, rg_error *err);
void rg_pdf_file_close(rg_pdf_file *f);

/* Object `num` (parsed once, owned by f), or NULL with err set. *gen, when
 * given, receives its generation. Stream data is not read. */
rg_pdf_obj *rg_pdf_file_object(rg_pdf_file *f, long long num, int *gen, rg_error *err);
/* obj itself, or the object it refers to when it is a reference (borrowed). */
rg_pdf_obj *rg_pdf_file_resolve(rg_pdf_file *f, rg_pdf_obj *obj, rg_error *err);

#endif
