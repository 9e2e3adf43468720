/* Archival copies: what ties a printed PDF to the stored data it was made from.
 *
 * A record's data is digested part by part straight from the store's tables
 * (docs/archival.md gives the exact serialisation): the main record's own row
 * and each of its child tables (a project's objectives, targets and progress
 * entries, ...), and every record it refers to (its organization and the
 * organizations above it, the people named in it). Each part gets a SHA-256;
 * the data digest is the SHA-256 of the list of parts. The document number
 * (RG-2566-ABCD-EFGH) is derived from the form, the record and the data
 * digest, so the same data printed with the same form always gets the same
 * number, and any change to the data gives another.
 *
 * The stamp (form, record, parts, digests, number, print date) is written
 * into the archival PDF's XMP metadata (archive/xmp.h), printed in the
 * verification footer of every page (archive/footer.h) and in its QR code,
 * and read back by `raingan verify` to compare with the database. */
#ifndef RG_ARCHIVE_H
#define RG_ARCHIVE_H

#include <sqlite3.h>
#include <stddef.h>

#include "util/error.h"

/* Version of the digest definition; stored in the PDF, checked by verify. */
#define RG_ARCHIVE_DIGEST_VERSION 1
#define RG_ARCHIVE_SHA256_LEN 32
#define RG_ARCHIVE_NUMBER_MAX 32

/* One digested part of the data: a record's own row ("record") or one of its
 * child tables ("objectives", "progress_entries", ...). */
typedef struct rg_archive_part {
    char *kind;   /* "project", "organization", "person", ... */
    char *key;
    char *part;   /* "record" or the child table's name */
    unsigned char sha256[RG_ARCHIVE_SHA256_LEN];
} rg_archive_part;

typedef struct rg_archive_stamp {
    int version;                  /* RG_ARCHIVE_DIGEST_VERSION when made here */
    char *form;                   /* the form's name, e.g. "progress-report" */
    char *kind, *key;             /* the printed record */
    long year;                    /* its fiscal year (BE), 0 when it has none */
    rg_archive_part *parts;       /* main record's parts first, then references */
    size_t part_count;
    unsigned char data_digest[RG_ARCHIVE_SHA256_LEN];
    char number[RG_ARCHIVE_NUMBER_MAX];  /* RG-YYYY-XXXX-XXXX */
    char *print_date;             /* YYYY-MM-DD, or NULL when unknown */
    char *data_date;              /* the date the data carries (its latest entry...), or NULL */
    int print_date_given;         /* print_date is the printing date (--date, SOURCE_DATE_EPOCH),
                                     not data_date standing in for it */
    /* A PDF/A-3b copy carries the record's data (the JSON `raingan export
     * --id KEY` writes) as an embedded file: its name and SHA-256. NULL name
     * when the copy carries none (PDF/A-1b). */
    char *embedded_name;
    unsigned char embedded_sha256[RG_ARCHIVE_SHA256_LEN];
} rg_archive_stamp;

void rg_archive_stamp_init(rg_archive_stamp *st);
void rg_archive_stamp_free(rg_archive_stamp *st);

/* Digests record (kind, key) and the records it refers to, from the store's
 * tables (db may be read-only). A record that is not stored is an
 * RG_ERR_INPUT error naming it. Fills st->kind, key, year, parts, count. */
int rg_archive_digest_record(sqlite3 *db, const char *kind, const char *key,
                             rg_archive_stamp *st, rg_error *err);

/* The whole stamp for printing record (kind, key) with `form`: digests, data
 * digest, document number; print_date is `date` (YYYY-MM-DD) when given,
 * else the date the data itself carries (docs/archival.md), else NULL. */
int rg_archive_stamp_make(sqlite3 *db, const char *form, const char *kind, const char *key,
                          const char *date, rg_archive_stamp *st, rg_error *err);

/* SHA-256 over the list of parts (their kinds, keys, names and digests). */
void rg_archive_data_digest(const rg_archive_part *parts, size_t count,
                            unsigned char out[RG_ARCHIVE_SHA256_LEN]);
/* RG-<year, 4 digits>-XXXX-XXXX: base32 (RFC 4648 alphabet) of the first 40
 * bits of SHA-256(form, kind, key, data digest). */
void rg_archive_document_number(const char *form, const char *kind, const char *key, long year,
                                const unsigned char data_digest[RG_ARCHIVE_SHA256_LEN],
                                char out[RG_ARCHIVE_NUMBER_MAX]);

/* Lower-case hex of a digest into out (65 bytes); parse back (0 or -1). */
void rg_archive_hex(const unsigned char digest[RG_ARCHIVE_SHA256_LEN], char out[65]);
int rg_archive_unhex(const char *hex, unsigned char digest[RG_ARCHIVE_SHA256_LEN]);

/* What the QR code carries: "RG-2566-ABCD-EFGH SHA256:<64 upper-case hex>"
 * (only QR alphanumeric characters, so the code stays small). Caller frees. */
char *rg_archive_qr_payload(const rg_archive_stamp *st);

/* Comparing an archived stamp with the database (`raingan verify`). */
typedef enum {
    RG_ARCHIVE_SAME = 0,
    RG_ARCHIVE_CHANGED,     /* the part's digest differs */
    RG_ARCHIVE_MISSING,     /* the record is no longer stored */
    RG_ARCHIVE_ADDED        /* the record now refers to a record it did not refer to */
} rg_archive_change;

typedef struct rg_archive_diff_item {
    rg_archive_change change;
    const rg_archive_part *part;  /* borrowed from the archived or the current stamp */
} rg_archive_diff_item;

typedef struct rg_archive_diff {
    rg_archive_stamp current;     /* recomputed from the database */
    rg_archive_diff_item *items;  /* only the parts that are not SAME */
    size_t count;
    int matches;                  /* 1: every part and the data digest match */
} rg_archive_diff;

/* Recomputes `archived`'s record from db and compares part by part. A main
 * record that is gone is reported as MISSING (not an error). */
int rg_archive_compare(sqlite3 *db, const rg_archive_stamp *archived, rg_archive_diff *diff,
                       rg_error *err);
void rg_archive_diff_free(rg_archive_diff *diff);

/* A readable name for a part: "progress entries", "record". */
const char *rg_archive_part_label(const char *part);

#endif
