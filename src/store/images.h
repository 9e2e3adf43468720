/* Images stored in the database (issue 11): the bytes of a PNG or JPEG a
 * record names (a plan's emblem, a memo's Garuda), content-addressed in the
 * `images` table by their SHA-256, the record's field holding the reference
 * "sha256:HEX" (docs/schema.md). A document then depends on the database
 * alone, never on a path; the archive digest covers the bytes.
 *
 * Also the data: URIs that carry an image inside JSON (import, export, a
 * request to the service): data:image/png;base64,... and
 * data:image/jpeg;base64,... */
#ifndef RG_STORE_IMAGES_H
#define RG_STORE_IMAGES_H

#include <sqlite3.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define RG_IMAGE_REF_PREFIX "sha256:"
/* "sha256:" + 64 hex digits + NUL */
#define RG_IMAGE_REF_SIZE 72

/* 1 if `s` is a reference: "sha256:" and 64 lowercase hex digits, nothing
 * more. */
int rg_image_is_ref(const char *s);
/* 1 if `s` starts with "data:" (a data: URI, valid or not). */
int rg_image_is_data_uri(const char *s);

/* The media type by the bytes' content: "image/png", "image/jpeg", or NULL. */
const char *rg_image_media_type(const unsigned char *data, size_t len);

/* Decodes a data: URI of a PNG or JPEG image, base64-encoded:
 * "data:image/png;base64,..." or "data:image/jpeg;base64,..." (white space
 * inside the base64 text is skipped). *data is newly allocated. Refuses
 * (RG_ERR_INPUT, one message saying what is wrong) another media type, a
 * URI that is not base64, bad base64, or more than max_bytes decoded. */
int rg_image_data_uri_decode(const char *uri, long long max_bytes, unsigned char **data,
                             size_t *len, rg_error *err);
/* Appends the data: URI of these bytes (media type by their content) to out;
 * -1 (RG_ERR_NOMEM, or RG_ERR_INPUT when they are no PNG or JPEG). */
int rg_image_data_uri_encode(const unsigned char *data, size_t len, rg_buf *out, rg_error *err);

/* The reference of these bytes (their SHA-256) into ref. */
void rg_image_ref_of(const unsigned char *data, size_t len, char ref[RG_IMAGE_REF_SIZE]);

/* Stores the bytes (already checked to be a whole PNG or JPEG) in `db`'s
 * images table, once: storing the same bytes again adds nothing. Sets ref.
 * 0, or -1 with err (the database error). */
int rg_store_image_put(sqlite3 *db, const char *db_path, const unsigned char *data, size_t len,
                       char ref[RG_IMAGE_REF_SIZE], rg_error *err);

/* The stored bytes of reference `ref` (newly allocated in *data): 1, or 0
 * when no image has that reference (nothing allocated), or -1 with err. */
int rg_store_image_get(sqlite3 *db, const char *ref, unsigned char **data, size_t *len,
                       rg_error *err);

#endif
