/* The archival stamp (archive.h) in XMP: written into the PDF's metadata
 * stream, read back by `raingan verify`.
 *
 * The properties live in raingan's own namespace (RG_ARCHIVE_XMP_NS, prefix
 * "raingan"); PDF/A-1 requires every property outside the predefined XMP
 * schemas to be declared in a PDF/A extension schema, which the block
 * carries too. docs/archival.md lists the properties. */
#ifndef RG_ARCHIVE_XMP_H
#define RG_ARCHIVE_XMP_H

#include <stddef.h>

#include "archive/archive.h"
#include "util/buf.h"
#include "util/error.h"

#define RG_ARCHIVE_XMP_NS "http://ns.raingan.invalid/archive/1/"

/* Appends two rdf:Description elements (the PDF/A extension schema and the
 * raingan properties) to out, for the pdf writer to put inside its rdf:RDF. */
int rg_archive_xmp_block(const rg_archive_stamp *st, rg_buf *out, rg_error *err);

/* Reads the stamp from an XMP packet. Returns 1 with *st filled, 0 when the
 * packet holds no raingan properties, -1 on malformed XMP or stamp. */
int rg_archive_xmp_read(const char *xmp, size_t len, rg_archive_stamp *st, rg_error *err);

/* The document's XMP packet (the catalog's /Metadata stream, unfiltered, as
 * PDF/A requires), from the newest revision of a PDF (signed files too).
 * Returns 1 with the packet appended to out, 0 when the PDF has none, -1 when
 * the file is not a PDF raingan can read. */
int rg_archive_pdf_xmp(const char *data, size_t len, rg_buf *out, rg_error *err);

/* What an embedded file's stream says about itself. */
typedef struct rg_archive_embedded_params {
    long long size;              /* /Params /Size, -1 when absent */
    int has_checksum;            /* /Params /CheckSum present (16 bytes, hex) */
    unsigned char md5[16];
    int json;                    /* /Subtype /application#2Fjson */
} rg_archive_embedded_params;

/* The bytes of the associated file named `name` (the catalog's /AF, a
 * filespec with /AFRelationship /Data and /UF (name)), from the newest
 * revision, appended to out, and its /Params. Returns 1 when found, 0 when
 * the PDF has no such file, -1 when the file is not a PDF raingan can read
 * (or the embedded stream is compressed, which raingan never writes). */
int rg_archive_pdf_embedded(const char *data, size_t len, const char *name, rg_buf *out,
                            rg_archive_embedded_params *params, rg_error *err);

/* The record's data a PDF/A-3b copy carries (st read from its XMP), appended
 * to out, after checking it is the file printed: /Subtype application/json,
 * /Size and /CheckSum (MD5) as its stream says, and SHA-256 as the stamp's
 * raingan:embeddedDataDigest says. An RG_ERR_INPUT error when the copy has
 * none or it fails a check (the message says which). */
int rg_archive_read_embedded(const char *data, size_t len, const rg_archive_stamp *st, rg_buf *out,
                             rg_error *err);

#endif
