/* Record digests, document numbers and the comparison `raingan verify` makes
 * (archive.h). The digests are computed from the store's tables rather than
 * from the JSON export, so that they depend on the data only: a column added
 * by a later schema version and left empty (NULL) changes no digest. */
#include "archive/archive.h"

#include "store/images.h"
#include "store/kinds.h"
#include "store/store.h"
#include "util/buf.h"

#include <assert.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables holding one kind of record (from the kinds table, kinds.h):
 * the record's own table first, then its child tables, each with the column
 * naming the record and an order that makes the row sequence canonical. */
typedef struct part_table {
    const char *part, *table, *key_column, *order;
} part_table;

/* Part `i` of kind `k`: 0 is the record's own row ("record"), then its
 * children in the table's order. */
static part_table kind_part(const rg_kind_desc *k, size_t i)
{
    if (i == 0)
        return (part_table){"record", k->table, k->key_column, k->key_column};
    const rg_kind_child *c = &k->children[i - 1];
    return (part_table){c->part, c->table, c->owner_column, c->order};
}

const char *rg_archive_part_label(const char *part)
{
    for (size_t i = 0; i < rg_kinds_count(); i++) {
        const rg_kind_desc *k = rg_kinds_get(i);
        for (size_t c = 0; c < k->child_count; c++)
            if (!strcmp(k->children[c].part, part))
                return k->children[c].label;
    }
    return part;
}

void rg_archive_stamp_init(rg_archive_stamp *st)
{
    memset(st, 0, sizeof *st);
    st->version = RG_ARCHIVE_DIGEST_VERSION;
}

static void part_release(rg_archive_part *p)
{
    free(p->kind);
    free(p->key);
    free(p->part);
}

void rg_archive_stamp_free(rg_archive_stamp *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->part_count; i++)
        part_release(&st->parts[i]);
    free(st->parts);
    free(st->form);
    free(st->kind);
    free(st->key);
    free(st->print_date);
    free(st->data_date);
    free(st->embedded_name);
    rg_archive_stamp_init(st);
}

/* --- hashing ------------------------------------------------------------------ */

/* SHA-256 from nettle: OpenSSL's libcrypto would add 0.7 ms to the start of
 * every raingan process, and only `raingan sign` needs the rest of it. */
static void hash_bytes(struct sha256_ctx *ctx, const void *data, size_t len)
{
    uint8_t prefix[8];
    uint64_t n = len;
    for (int i = 7; i >= 0; i--, n >>= 8)
        prefix[i] = (uint8_t)(n & 0xFF);
    sha256_update(ctx, sizeof prefix, prefix);
    if (len)
        sha256_update(ctx, len, data);
}

static void hash_str(struct sha256_ctx *ctx, const char *s)
{
    hash_bytes(ctx, s ? s : "", s ? strlen(s) : 0);
}

static void hash_end(struct sha256_ctx *ctx, unsigned char out[RG_ARCHIVE_SHA256_LEN])
{
    sha256_digest(ctx, RG_ARCHIVE_SHA256_LEN, out);
}

static int compare_names(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

/* One part: every row of `t` naming the record, in t->order; in each row the
 * non-NULL columns sorted by name, each as name, type and value. */
static int digest_part(sqlite3 *db, const part_table *t, const char *key,
                       unsigned char out[RG_ARCHIVE_SHA256_LEN], long *rows, rg_buf *refs,
                       rg_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ?1 ORDER BY %s", t->table,
             t->key_column, t->order);
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return rg_error_set(err, RG_ERR_DB, "reading table %s: %s", t->table, sqlite3_errmsg(db));
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    int ncol = sqlite3_column_count(stmt);
    const char **names = calloc((size_t)ncol + 1, sizeof *names);
    if (!names) {
        sqlite3_finalize(stmt);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    for (int i = 0; i < ncol; i++)
        names[i] = sqlite3_column_name(stmt, i);
    qsort(names, (size_t)ncol, sizeof *names, compare_names);
    hash_str(&ctx, "raingan-part-1");
    hash_str(&ctx, t->table);
    *rows = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        (*rows)++;
        hash_str(&ctx, "row");
        for (int n = 0; n < ncol; n++) {
            int i = 0;
            while (strcmp(sqlite3_column_name(stmt, i), names[n]))
                i++;
            int type = sqlite3_column_type(stmt, i);
            char num[64];
            switch (type) {
            case SQLITE_NULL:
                continue;
            case SQLITE_INTEGER:
                snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(stmt, i));
                hash_str(&ctx, names[n]);
                hash_str(&ctx, "i");
                hash_str(&ctx, num);
                break;
            case SQLITE_FLOAT:
                snprintf(num, sizeof num, "%.17g", sqlite3_column_double(stmt, i));
                hash_str(&ctx, names[n]);
                hash_str(&ctx, "r");
                hash_str(&ctx, num);
                break;
            default: {
                const void *bytes = type == SQLITE_BLOB ? sqlite3_column_blob(stmt, i)
                                                        : (const void *)sqlite3_column_text(stmt, i);
                int len = sqlite3_column_bytes(stmt, i);
                hash_str(&ctx, names[n]);
                hash_str(&ctx, type == SQLITE_BLOB ? "b" : "t");
                hash_bytes(&ctx, bytes, (size_t)len);
                if (type == SQLITE_TEXT && rg_image_is_ref((const char *)bytes) &&
                    (rg_buf_puts(refs, (const char *)bytes) < 0 || rg_buf_putc(refs, '\n') < 0)) {
                    free(names);
                    sqlite3_finalize(stmt);
                    return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
                }
            }
            }
        }
    }
    free(names);
    if (rc != SQLITE_DONE) {
        rg_error_set(err, RG_ERR_DB, "reading table %s: %s", t->table, sqlite3_errmsg(db));
        sqlite3_finalize(stmt);
        return -1;
    }
    sqlite3_finalize(stmt);
    hash_end(&ctx, out);
    return 0;
}

void rg_archive_data_digest(const rg_archive_part *parts, size_t count,
                            unsigned char out[RG_ARCHIVE_SHA256_LEN])
{
    assert((parts || !count) && out);
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_str(&ctx, "raingan-data-1");
    for (size_t i = 0; i < count; i++) {
        hash_str(&ctx, parts[i].kind);
        hash_str(&ctx, parts[i].key);
        hash_str(&ctx, parts[i].part);
        hash_bytes(&ctx, parts[i].sha256, RG_ARCHIVE_SHA256_LEN);
    }
    hash_end(&ctx, out);
}

void rg_archive_document_number(const char *form, const char *kind, const char *key, long year,
                                const unsigned char data_digest[RG_ARCHIVE_SHA256_LEN],
                                char out[RG_ARCHIVE_NUMBER_MAX])
{
    assert(data_digest && out);   /* form, kind, key may be NULL (a stamp read from a file) */
    static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned char h[RG_ARCHIVE_SHA256_LEN];
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_str(&ctx, "raingan-number-1");
    hash_str(&ctx, form);
    hash_str(&ctx, kind);
    hash_str(&ctx, key);
    hash_bytes(&ctx, data_digest, RG_ARCHIVE_SHA256_LEN);
    hash_end(&ctx, h);
    uint64_t bits = 0;
    for (int i = 0; i < 5; i++)
        bits = (bits << 8) | h[i];
    char code[9];
    for (int i = 0; i < 8; i++)
        code[i] = base32[(bits >> (35 - 5 * i)) & 31];
    code[8] = '\0';
    if (year < 0 || year > 9999)
        year = 0;
    snprintf(out, RG_ARCHIVE_NUMBER_MAX, "RG-%04ld-%.4s-%.4s", year, code, code + 4);
}

void rg_archive_hex(const unsigned char digest[RG_ARCHIVE_SHA256_LEN], char out[65])
{
    for (int i = 0; i < RG_ARCHIVE_SHA256_LEN; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int rg_archive_unhex(const char *hex, unsigned char digest[RG_ARCHIVE_SHA256_LEN])
{
    for (int i = 0; i < RG_ARCHIVE_SHA256_LEN; i++) {
        int hi = hex_value(hex[2 * i]), lo = hi < 0 ? -1 : hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        digest[i] = (unsigned char)(hi << 4 | lo);
    }
    return hex[2 * RG_ARCHIVE_SHA256_LEN] ? -1 : 0;
}

char *rg_archive_qr_payload(const rg_archive_stamp *st)
{
    assert(st->number[0]);   /* rg_archive_stamp_make came first */
    char hex[65];
    rg_archive_hex(st->data_digest, hex);
    for (char *p = hex; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    size_t n = strlen(st->number) + 8 + 64 + 1;
    char *payload = malloc(n);
    if (payload)
        snprintf(payload, n, "%s SHA256:%s", st->number, hex);
    return payload;
}

/* --- collecting the parts -------------------------------------------------------- */

static int add_part(rg_archive_stamp *st, const char *kind, const char *key, const char *part,
                    const unsigned char sha[RG_ARCHIVE_SHA256_LEN], rg_error *err)
{
    rg_archive_part *parts = realloc(st->parts, (st->part_count + 1) * sizeof *parts);
    if (!parts)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    st->parts = parts;
    rg_archive_part *p = &parts[st->part_count];
    p->kind = strdup(kind);
    p->key = strdup(key);
    p->part = strdup(part);
    memcpy(p->sha256, sha, RG_ARCHIVE_SHA256_LEN);
    if (!p->kind || !p->key || !p->part) {
        part_release(p);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    st->part_count++;
    return 0;
}

static int has_record(const rg_archive_stamp *st, const char *kind, const char *key)
{
    for (size_t i = 0; i < st->part_count; i++)
        if (!strcmp(st->parts[i].kind, kind) && !strcmp(st->parts[i].key, key))
            return 1;
    return 0;
}

/* The part "images": the images the record's rows refer to ("sha256:HEX",
 * one a line in `refs`), each by the SHA-256 of the bytes the database
 * holds now, computed again (not taken from the reference): an image row
 * edited in the database changes the digest. A record without images has
 * no such part, so its digest is what it was before images were stored. */
static int digest_images(sqlite3 *db, const char *refs, unsigned char out[RG_ARCHIVE_SHA256_LEN],
                         rg_error *err)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_str(&ctx, "raingan-images-1");
    for (const char *p = refs; *p;) {
        const char *nl = strchr(p, '\n');
        char ref[RG_IMAGE_REF_SIZE];
        snprintf(ref, sizeof ref, "%.*s", (int)(nl - p), p);
        p = nl + 1;
        unsigned char *data = NULL;
        size_t len = 0;
        int found = rg_store_image_get(db, ref, &data, &len, err);
        if (found < 0)
            return -1;
        hash_str(&ctx, ref);
        if (found) {
            unsigned char sha[SHA256_DIGEST_SIZE];
            struct sha256_ctx bytes;
            sha256_init(&bytes);
            sha256_update(&bytes, len, data);
            sha256_digest(&bytes, sizeof sha, sha);
            hash_bytes(&ctx, sha, sizeof sha);
        } else {
            hash_str(&ctx, "missing");
        }
        free(data);
    }
    hash_end(&ctx, out);
    return 0;
}

/* Digests every part of one record; *found = 0 when its row is not stored. */
static int digest_one(sqlite3 *db, const rg_kind_desc *k, const char *key, rg_archive_stamp *st,
                      int *found, rg_error *err)
{
    assert(k);
    rg_buf refs = RG_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i <= k->child_count; i++) {
        part_table t = kind_part(k, i);
        unsigned char sha[RG_ARCHIVE_SHA256_LEN];
        long rows = 0;
        if (digest_part(db, &t, key, sha, &rows, &refs, err) < 0) {
            rc = -1;
            break;
        }
        if (i == 0) {
            *found = rows > 0;
            if (!rows)
                break;
        }
        rc = add_part(st, k->name, key, t.part, sha, err);
    }
    if (rc == 0 && refs.len) {
        unsigned char sha[RG_ARCHIVE_SHA256_LEN];
        rc = digest_images(db, refs.data, sha, err);
        if (rc == 0)
            rc = add_part(st, k->name, key, "images", sha, err);
    }
    rg_buf_free(&refs);
    return rc;
}

/* The text value of `column` in the record's row, or NULL (caller frees). */
static char *column_text(sqlite3 *db, const char *table, const char *column, const char *key,
                         rg_error *err, int *failed)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE key = ?1", column, table);
    sqlite3_stmt *stmt = NULL;
    char *value = NULL;
    *failed = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        *failed = 1;
        rg_error_set(err, RG_ERR_DB, "reading %s.%s: %s", table, column, sqlite3_errmsg(db));
        return NULL;
    }
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        value = strdup((const char *)sqlite3_column_text(stmt, 0));
        if (!value) {
            *failed = 1;
            rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
    }
    sqlite3_finalize(stmt);
    return value;
}

/* A referenced record: digested once; one that is not stored is left out
 * (the import's foreign keys make that impossible in a consistent store). */
static int add_reference(sqlite3 *db, const char *kind, const char *key, rg_archive_stamp *st,
                         rg_error *err)
{
    if (!key || has_record(st, kind, key))
        return 0;
    int found;
    return digest_one(db, rg_kinds_find(kind), key, st, &found, err);
}

int rg_archive_digest_record(sqlite3 *db, const char *kind, const char *key,
                             rg_archive_stamp *st, rg_error *err)
{
    const rg_kind_desc *k = rg_kinds_find(kind);
    if (!k)
        return rg_error_set(err, RG_ERR_INPUT, "unknown record kind `%s`", kind ? kind : "");
    free(st->kind);
    free(st->key);
    st->kind = strdup(kind);
    st->key = strdup(key);
    if (!st->kind || !st->key)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    int found = 0, failed = 0;
    if (digest_one(db, k, key, st, &found, err) < 0)
        return -1;
    if (!found)
        return rg_error_set(err, RG_ERR_NOT_FOUND, "no %s with key `%s` in the store", kind, key);
    const char *table = k->table;
    st->year = 0;
    if (k->year_column) {
        char *year = column_text(db, table, k->year_column, key, err, &failed);
        if (failed)
            return -1;
        st->year = year ? strtol(year, NULL, 10) : 0;
        free(year);
    }
    /* The organization and every unit above it (its whole path is printed). */
    const rg_kind_desc *orgs = rg_kinds_get(RG_KIND_ORGANIZATION);
    const char *org_table = table, *org_column = k->org_column;
    char *current = strdup(key);
    for (int depth = 0; org_column && current && depth < 64; depth++) {
        char *parent = column_text(db, org_table, org_column, current, err, &failed);
        free(current);
        current = parent;
        if (failed)
            return -1;
        if (!parent || has_record(st, orgs->name, parent))
            break;
        if (add_reference(db, orgs->name, parent, st, err) < 0) {
            free(current);
            return -1;
        }
        org_table = orgs->table;
        org_column = orgs->org_column;
    }
    free(current);
    for (int i = 0; k->person_columns[i]; i++) {
        char *person = column_text(db, table, k->person_columns[i], key, err, &failed);
        if (failed)
            return -1;
        int rc = add_reference(db, rg_kinds_get(RG_KIND_PERSON)->name, person, st, err);
        free(person);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The date the data carries, as YYYY-MM-DD, or NULL. */
static char *data_date(sqlite3 *db, const rg_kind_desc *k, const char *key)
{
    if (!k->date_sql)
        return NULL;
    sqlite3_stmt *stmt = NULL;
    char *date = NULL;
    if (sqlite3_prepare_v2(db, k->date_sql, -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) == SQLITE_TEXT) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        if (strlen(text) >= 10)
            date = strndup(text, 10);
    }
    sqlite3_finalize(stmt);
    return date;
}

int rg_archive_stamp_make(sqlite3 *db, const char *form, const char *kind, const char *key,
                          const char *date, rg_archive_stamp *st, rg_error *err)
{
    rg_archive_stamp_init(st);
    st->form = strdup(form ? form : "");
    if (!st->form)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (rg_archive_digest_record(db, kind, key, st, err) < 0) {
        rg_archive_stamp_free(st);
        return -1;
    }
    rg_archive_data_digest(st->parts, st->part_count, st->data_digest);
    rg_archive_document_number(st->form, st->kind, st->key, st->year, st->data_digest, st->number);
    st->data_date = data_date(db, rg_kinds_find(kind), key);
    st->print_date_given = date != NULL;
    st->print_date = date ? strndup(date, 10) : st->data_date ? strdup(st->data_date) : NULL;
    return 0;
}

/* --- comparing ------------------------------------------------------------------- */

static const rg_archive_part *find_part(const rg_archive_stamp *st, const rg_archive_part *p)
{
    for (size_t i = 0; i < st->part_count; i++) {
        const rg_archive_part *q = &st->parts[i];
        if (!strcmp(q->kind, p->kind) && !strcmp(q->key, p->key) && !strcmp(q->part, p->part))
            return q;
    }
    return NULL;
}

static int diff_add(rg_archive_diff *diff, rg_archive_change change, const rg_archive_part *part,
                    rg_error *err)
{
    rg_archive_diff_item *items = realloc(diff->items, (diff->count + 1) * sizeof *items);
    if (!items)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    diff->items = items;
    items[diff->count].change = change;
    items[diff->count++].part = part;
    return 0;
}

int rg_archive_compare(sqlite3 *db, const rg_archive_stamp *archived, rg_archive_diff *diff,
                       rg_error *err)
{
    memset(diff, 0, sizeof *diff);
    rg_archive_stamp_init(&diff->current);
    if (archived->version != RG_ARCHIVE_DIGEST_VERSION)
        return rg_error_set(err, RG_ERR_INPUT,
                            "digest version %d, but this raingan computes version %d",
                            archived->version, RG_ARCHIVE_DIGEST_VERSION);
    if (!rg_kinds_find(archived->kind))
        return rg_error_set(err, RG_ERR_INPUT, "unknown record kind `%s`", archived->kind);
    rg_error local;
    rg_error_clear(&local);
    if (rg_archive_digest_record(db, archived->kind, archived->key, &diff->current, &local) < 0) {
        if (local.code != RG_ERR_NOT_FOUND) {
            *err = local;
            rg_archive_diff_free(diff);
            return -1;
        }
        /* The main record is gone: every archived part is missing. */
        for (size_t i = 0; i < diff->current.part_count; i++)
            part_release(&diff->current.parts[i]);
        diff->current.part_count = 0;
    }
    for (size_t i = 0; i < archived->part_count; i++) {
        const rg_archive_part *a = &archived->parts[i];
        const rg_archive_part *c = find_part(&diff->current, a);
        int rc = 0;
        if (!c) {
            /* a record not referred to any more but still stored counts as changed
             * (the reference changed); one no longer stored as missing */
            int stored = 0;
            for (size_t j = 0; j < diff->current.part_count; j++)
                stored |= !strcmp(diff->current.parts[j].kind, a->kind)
                          && !strcmp(diff->current.parts[j].key, a->key);
            rc = diff_add(diff, stored ? RG_ARCHIVE_CHANGED : RG_ARCHIVE_MISSING, a, err);
        } else if (memcmp(a->sha256, c->sha256, RG_ARCHIVE_SHA256_LEN)) {
            rc = diff_add(diff, RG_ARCHIVE_CHANGED, a, err);
        }
        if (rc < 0) {
            rg_archive_diff_free(diff);
            return -1;
        }
    }
    for (size_t i = 0; i < diff->current.part_count; i++) {
        const rg_archive_part *c = &diff->current.parts[i];
        if (!find_part(archived, c) && diff_add(diff, RG_ARCHIVE_ADDED, c, err) < 0) {
            rg_archive_diff_free(diff);
            return -1;
        }
    }
    unsigned char recomputed[RG_ARCHIVE_SHA256_LEN];
    rg_archive_data_digest(archived->parts, archived->part_count, recomputed);
    diff->matches = diff->count == 0
                    && !memcmp(recomputed, archived->data_digest, RG_ARCHIVE_SHA256_LEN);
    return 0;
}

void rg_archive_diff_free(rg_archive_diff *diff)
{
    rg_archive_stamp_free(&diff->current);
    free(diff->items);
    diff->items = NULL;
    diff->count = 0;
}
