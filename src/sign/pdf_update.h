/* Writing an incremental update after the bytes of an existing PDF: the
 * new objects (numbered from the old /Size, or new versions of old ones),
 * then a classic cross-reference section for them and a trailer whose /Prev
 * points at the previous section. Shared by signatures, document
 * time-stamps and the document security store (DSS). */
#ifndef RG_SIGN_PDF_UPDATE_H
#define RG_SIGN_PDF_UPDATE_H

#include <stddef.h>

#include "sign/pdf_file.h"
#include "sign/pdf_object.h"
#include "util/buf.h"

typedef struct rg_pdf_update_entry {
    long long num;
    int gen;
    size_t offset;
} rg_pdf_update_entry;

typedef struct rg_pdf_update {
    rg_buf *out;  /* the old file's bytes, then the update (offsets are into it) */
    rg_pdf_update_entry *objects;
    size_t count, cap;
} rg_pdf_update;

/* Start an update in out, which holds the old file (a line end is added
 * after it when missing). Returns 0, or -1 when memory runs out. */
int rg_pdf_update_begin(rg_pdf_update *u, rg_buf *out);
void rg_pdf_update_free(rg_pdf_update *u);
/* Write "num gen obj\n" and record where it starts; the caller writes the
 * object and "\nendobj\n". */
int rg_pdf_update_object_start(rg_pdf_update *u, long long num, int gen);
/* A whole object from a value. */
int rg_pdf_update_object(rg_pdf_update *u, long long num, int gen, const rg_pdf_obj *value);
/* A stream object holding `data` unfiltered. */
int rg_pdf_update_stream(rg_pdf_update *u, long long num, const void *data, size_t len);
/* The cross-reference section and the trailer (/Size size, /Root, /Info and
 * /ID of the old trailer; an /ID made from the old file's SHA-256 when it had
 * none; /Prev). Returns 0, or -1 when memory runs out. */
int rg_pdf_update_finish(rg_pdf_update *u, const rg_pdf_file *f, long long size);

#endif
