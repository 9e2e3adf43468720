/* Stored images and data: URIs (images.h). SHA-256 and base64 from nettle,
 * as the archive digest does. */
#include "store/images.h"

#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "store/schema.h"

int rg_image_is_ref(const char *s)
{
    size_t n = strlen(RG_IMAGE_REF_PREFIX);
    if (!s || strncmp(s, RG_IMAGE_REF_PREFIX, n) != 0)
        return 0;
    for (size_t i = 0; i < 64; i++) {
        char c = s[n + i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return 0;
    }
    return s[n + 64] == '\0';
}

int rg_image_is_data_uri(const char *s)
{
    return s && !strncmp(s, "data:", 5);
}

const char *rg_image_media_type(const unsigned char *data, size_t len)
{
    if (len >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        return "image/jpeg";
    return NULL;
}

int rg_image_data_uri_decode(const char *uri, long long max_bytes, unsigned char **data,
                             size_t *len, rg_error *err)
{
    static const char *const types[] = {"image/png", "image/jpeg"};
    const char *p = uri + 5;   /* after "data:" */
    const char *comma = strchr(p, ',');
    if (!rg_image_is_data_uri(uri) || !comma)
        return rg_error_set(err, RG_ERR_INPUT, "not a data: URI (data:image/png;base64,...)");
    size_t head = (size_t)(comma - p);
    int known = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i]);
        if (head == n + 7 && !strncmp(p, types[i], n) && !strncmp(p + n, ";base64", 7))
            known = 1;
    }
    if (!known)
        return rg_error_set(err, RG_ERR_INPUT, "data: URI of type \"%.*s\": an image is given as "
                            "data:image/png;base64,... or data:image/jpeg;base64,...",
                            (int)(head > 60 ? 60 : head), p);
    const char *text = comma + 1;
    size_t text_len = strlen(text);
    /* base64: 3 bytes for every 4 characters; refuse before decoding more. */
    if ((long long)(text_len / 4) * 3 > max_bytes + 3)
        return rg_error_set(err, RG_ERR_INPUT, "data: URI of about %lld bytes, more than the "
                            "limit of %lld (--image-max-size)", (long long)(text_len / 4) * 3,
                            max_bytes);
    unsigned char *out = malloc(BASE64_DECODE_LENGTH(text_len) + 1);
    if (!out)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    struct base64_decode_ctx ctx;
    base64_decode_init(&ctx);
    size_t got = BASE64_DECODE_LENGTH(text_len) + 1;
    if (!base64_decode_update(&ctx, &got, out, text_len, text) || !base64_decode_final(&ctx)) {
        free(out);
        return rg_error_set(err, RG_ERR_INPUT, "data: URI: the text after \"base64,\" is not "
                            "base64 (damaged or cut off)");
    }
    if ((long long)got > max_bytes) {
        free(out);
        return rg_error_set(err, RG_ERR_INPUT, "data: URI of %zu bytes, more than the limit of "
                            "%lld (--image-max-size)", got, max_bytes);
    }
    *data = out;
    *len = got;
    return 0;
}

int rg_image_data_uri_encode(const unsigned char *data, size_t len, rg_buf *out, rg_error *err)
{
    const char *type = rg_image_media_type(data, len);
    if (!type)
        return rg_error_set(err, RG_ERR_INPUT, "stored image: neither a PNG nor a JPEG image");
    size_t need = BASE64_ENCODE_RAW_LENGTH(len);
    if (rg_buf_printf(out, "data:%s;base64,", type) < 0 || rg_buf_reserve(out, need + 1) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    base64_encode_raw(out->data + out->len, len, data);
    out->len += need;
    out->data[out->len] = '\0';
    return 0;
}

void rg_image_ref_of(const unsigned char *data, size_t len, char ref[RG_IMAGE_REF_SIZE])
{
    struct sha256_ctx ctx;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    size_t n = strlen(RG_IMAGE_REF_PREFIX);
    memcpy(ref, RG_IMAGE_REF_PREFIX, n);
    for (size_t i = 0; i < sizeof digest; i++) {
        ref[n + 2 * i] = "0123456789abcdef"[digest[i] >> 4];
        ref[n + 2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
    ref[n + 64] = '\0';
}

int rg_store_image_put(sqlite3 *db, const char *db_path, const unsigned char *data, size_t len,
                       char ref[RG_IMAGE_REF_SIZE], rg_error *err)
{
    const char *type = rg_image_media_type(data, len);
    if (!type)
        return rg_error_set(err, RG_ERR_INPUT, "neither a PNG nor a JPEG image");
    rg_image_ref_of(data, len, ref);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO images(sha256, media_type, data) "
                                "VALUES (?1, ?2, ?3)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, ref + strlen(RG_IMAGE_REF_PREFIX), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
        sqlite3_bind_blob64(st, 3, data, len, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : rg_schema_db_error(db, rc, db_path, "storing an image", err);
}

int rg_store_image_get(sqlite3 *db, const char *ref, unsigned char **data, size_t *len,
                       rg_error *err)
{
    if (!rg_image_is_ref(ref))
        return 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT data FROM images WHERE sha256 = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rg_error_set(err, RG_ERR_DB, "reading the stored images: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, ref + strlen(RG_IMAGE_REF_PREFIX), -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    int found = 0;
    if (rc == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        unsigned char *copy = malloc(n ? n : 1);
        if (!copy) {
            sqlite3_finalize(st);
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
        if (n)
            memcpy(copy, blob, n);
        *data = copy;
        *len = n;
        found = 1;
    } else if (rc != SQLITE_DONE) {
        rg_error_set(err, RG_ERR_DB, "reading the stored images: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return found;
}
