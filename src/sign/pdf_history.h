/* The history of a PDF file: its revisions (the original and each
 * incremental update appended to it) and its signatures, with what each
 * signature covers and what every revision appended after the last one
 * touches. `raingan verify` reports from this (docs/archival.md, "The
 * file"); no cryptography here: checking a signature's CMS is
 * rg_signature_check (signature_check.h, OpenSSL, in raingan-sign only).
 *
 * Reads only what pdf_file.h reads (classic cross-reference tables); every
 * number taken from the file is bounds-checked (fuzz_pdf_reader). */
#ifndef RG_SIGN_PDF_HISTORY_H
#define RG_SIGN_PDF_HISTORY_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

typedef struct rg_pdf_revision {
    size_t xref_offset;   /* its cross-reference table */
    size_t end;           /* just after its %%EOF (and the line end after it) */
    long long *objects;   /* object numbers it writes (in-use entries), ascending */
    size_t object_count;
} rg_pdf_revision;

typedef struct rg_pdf_signature {
    char *field;          /* the field's name (UTF-8, control characters replaced) */
    char *signer_name;    /* /Name, or NULL */
    char *reason;         /* /Reason, or NULL */
    char *time;           /* /M as written (D:YYYYMMDDHHmmSS...), or NULL */
    char *sub_filter;     /* /SubFilter without the slash, or NULL */
    int doc_timestamp;    /* /Type /DocTimeStamp (a document time-stamp, PAdES B-LTA) */
    long long range[4];   /* /ByteRange */
    int range_ok;         /* starts at 0, its gap is exactly the /Contents string, inside the file */
    unsigned char *cms;   /* /Contents decoded (trailing zero padding kept); NULL if unreadable */
    size_t cms_len;
    size_t covered_end;   /* range[2] + range[3]: the signed bytes end here */
    int revision;         /* index of the revision ending at covered_end, or -1 */
} rg_pdf_signature;

typedef struct rg_pdf_history {
    rg_pdf_revision *revisions;   /* oldest first */
    size_t revision_count;
    rg_pdf_signature *signatures; /* in the order of the bytes they cover */
    size_t signature_count;
    size_t content_end;           /* the file's length without trailing whitespace */
} rg_pdf_history;

/* Reads the revisions and the signature fields (AcroForm /Fields, /Kids
 * followed) of data[0..len). An unreadable file: -1 with err set. */
int rg_pdf_history_read(const char *data, size_t len, rg_pdf_history *h, rg_error *err);
void rg_pdf_history_free(rg_pdf_history *h);

/* The first revision no signature covers: every revision from it on was
 * appended after the last signature (or, unsigned, after the file was
 * written). Equals revision_count when nothing was appended. */
size_t rg_pdf_history_first_unsigned(const rg_pdf_history *h);

/* Appends to `out` what revision `index` writes, in words ("changes page 1
 * (object 5), adds an annotation /FreeText (object 41), changes the document
 * information: Title"). Returns 1 when it only adds validation data (a /DSS
 * dictionary in the catalog and new objects, PAdES B-LT), 0 otherwise, -1
 * with err set on a damaged file. */
int rg_pdf_history_describe(const char *data, size_t len, const rg_pdf_history *h, size_t index,
                            rg_buf *out, rg_error *err);

/* The result of checking one signature's CMS (signature_check.h fills it). */
typedef struct rg_signature_verdict {
    int checked;          /* 0: the check was not made (see detail) */
    int valid;            /* the CMS verifies over the signed bytes */
    char signer[256];     /* the signing certificate's common name */
    char detail[256];     /* why not valid, or what was not checked */
} rg_signature_verdict;

/* Checks a signature (NULL: signatures are listed, not checked). */
typedef void (*rg_signature_checker)(const char *data, size_t len, const rg_pdf_signature *sig,
                                     rg_signature_verdict *verdict);

/* The file part of `raingan verify`: one line per signature (field, signer,
 * time, valid or not, what it covers), then each revision appended after the
 * last signature with what it touches. Appended to `report`; *changed is set
 * when a signature is not valid or a revision changes the document after the
 * last signature. Returns 0, or -1 with err set (damaged file). */
/* `raingan verify` checks signatures by running `raingan-sign
 * RG_SIGN_REPORT_OPTION FILE` (the program linked with OpenSSL), which
 * prints this report with rg_signature_check and exits 0, 8 when
 * *changed, or with an error status. */
#define RG_SIGN_REPORT_OPTION "--report-signatures"
int rg_pdf_history_report(const char *data, size_t len, rg_signature_checker check, rg_buf *report,
                          int *changed, rg_error *err);

#endif
