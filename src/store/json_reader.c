/* yajl callback parser -> one rg_jnode tree per record (see json_reader.h).
 *
 * Lines: yajl reports how many bytes of the current chunk it has consumed;
 * the reader counts newlines up to that offset as it goes (offsets only grow
 * within a chunk), so every value gets the line its token ends on. */
#include "store/json_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "util/utf8.h"
#include "util/vec.h"

#define CHUNK_SIZE 65536
#define MAX_DEPTH 64

enum top_state {
    TOP_START,        /* before the outer '{' */
    TOP_IN_MAP,       /* between members of the outer object */
    TOP_VERSION,      /* value of "raingan" expected */
    TOP_RECORDS,      /* value of "records" expected */
    TOP_IN_RECORDS,   /* inside the records array */
    TOP_SKIP,         /* inside the value of an unknown top-level member */
    TOP_DONE
};

typedef struct reader {
    const char *name;
    yajl_handle handle;
    rg_json_record_fn fn;
    void *user;
    rg_error *err;
    int failed;
    /* position */
    const unsigned char *chunk;
    size_t scanned;
    long line;
    /* structure */
    enum top_state state;
    int skip_depth;
    char *pending_key;
    rg_jnode *root;       /* record being built */
    rg_jnode *cur;        /* innermost open container of it */
    int depth;
    long index;
    int saw_version, saw_records;
} reader;

static long current_line(reader *r)
{
    size_t upto = yajl_get_bytes_consumed(r->handle);
    for (; r->scanned < upto; r->scanned++)
        if (r->chunk[r->scanned] == '\n')
            r->line++;
    return r->line;
}

static void jnode_free(rg_jnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->count; i++)
        jnode_free(n->items[i]);
    free(n->items);
    free(n->key);
    free(n->text);
    free(n);
}

static int fail(reader *r, rg_error_code code, const char *fmt, const char *a, long line)
{
    char message[RG_ERROR_MAX];
    snprintf(message, sizeof message, fmt, a);
    rg_error_set(r->err, code, "%s: line %ld: %s", r->name, line, message);
    r->failed = 1;
    return 0;
}

static int nomem(reader *r)
{
    rg_error_set(r->err, RG_ERR_NOMEM, "%s: out of memory", r->name);
    r->failed = 1;
    return 0;
}

static rg_jnode *new_node(reader *r, rg_jtype type)
{
    rg_jnode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->type = type;
    n->line = current_line(r);
    return n;
}

static int attach(reader *r, rg_jnode *n)
{
    rg_jnode *parent = r->cur;
    rg_jnode **items = rg_vec_reserve(parent->items, parent->count, &parent->cap, sizeof *items, 8);
    if (!items)
        return -1;
    parent->items = items;
    if (parent->type == RG_J_OBJECT) {
        n->key = r->pending_key;
        r->pending_key = NULL;
    }
    n->parent = parent;
    parent->items[parent->count++] = n;
    return 0;
}

static int finish_record(reader *r)
{
    rg_jnode *rec = r->root;
    r->root = r->cur = NULL;
    int rc = r->fn(r->user, rec, r->index++, r->err);
    jnode_free(rec);
    if (rc < 0) {
        r->failed = 1;
        return 0;
    }
    return 1;
}

/* A scalar or the start of a container, wherever it occurs. */
static int value(reader *r, rg_jnode *n)
{
    if (!n)
        return nomem(r);
    int container = n->type == RG_J_ARRAY || n->type == RG_J_OBJECT;
    switch (r->state) {
    case TOP_START:
        jnode_free(n);
        return fail(r, RG_ERR_INPUT, "expected a JSON object {\"raingan\": 1, \"records\": [...]}%s",
                    "", current_line(r));
    case TOP_SKIP:
        jnode_free(n);
        if (container)
            r->skip_depth++;
        else if (r->skip_depth == 0)
            r->state = TOP_IN_MAP;
        return 1;
    case TOP_VERSION: {
        long line = n->line;
        char version[32];
        snprintf(version, sizeof version, "%s", n->type == RG_J_NUMBER ? n->text : "");
        int type = n->type;
        jnode_free(n);
        r->saw_version = 1;
        if (type != RG_J_NUMBER || strspn(version, "0123456789") != strlen(version))
            return fail(r, RG_ERR_INPUT, "$.raingan: expected the format version 1%s", "", line);
        if (atol(version) != RG_FORMAT_VERSION)
            return fail(r, RG_ERR_INPUT,
                        "$.raingan: this file is in format version %s; this raingan reads "
                        "version 1 (upgrade raingan)", version, line);
        r->state = TOP_IN_MAP;
        return 1;
    }
    case TOP_RECORDS:
        if (n->type != RG_J_ARRAY) {
            long line = n->line;
            jnode_free(n);
            return fail(r, RG_ERR_INPUT, "$.records: expected an array of records%s", "", line);
        }
        jnode_free(n);
        r->saw_records = 1;
        r->state = TOP_IN_RECORDS;
        return 1;
    case TOP_IN_RECORDS:
        if (!r->root) {
            r->root = n;
            if (container) {
                r->cur = n;
                r->depth = 1;
                return 1;
            }
            return finish_record(r);
        }
        if (attach(r, n) < 0) {
            jnode_free(n);
            return nomem(r);
        }
        if (container) {
            if (++r->depth > MAX_DEPTH)
                return fail(r, RG_ERR_INPUT, "values nested too deeply%s", "", n->line);
            r->cur = n;
        }
        return 1;
    default:
        jnode_free(n);
        return fail(r, RG_ERR_INPUT, "unexpected value%s", "", current_line(r));
    }
}

static int end_container(reader *r, int is_map)
{
    switch (r->state) {
    case TOP_SKIP:
        if (--r->skip_depth == 0)
            r->state = TOP_IN_MAP;
        return 1;
    case TOP_IN_RECORDS:
        if (!r->root) {          /* end of the records array */
            if (is_map)
                return fail(r, RG_ERR_INPUT, "unexpected '}'%s", "", current_line(r));
            r->state = TOP_IN_MAP;
            return 1;
        }
        r->depth--;
        if (r->cur == r->root)
            return finish_record(r);
        r->cur = r->cur->parent;
        return 1;
    case TOP_IN_MAP:
        if (is_map) {
            r->state = TOP_DONE;
            return 1;
        }
        /* fall through */
    default:
        return fail(r, RG_ERR_INPUT, "unexpected end of %s", is_map ? "object" : "array",
                    current_line(r));
    }
}

static int cb_null(void *ctx)
{
    return value(ctx, new_node(ctx, RG_J_NULL));
}

static int cb_boolean(void *ctx, int b)
{
    rg_jnode *n = new_node(ctx, RG_J_BOOL);
    if (n)
        n->boolean = b;
    return value(ctx, n);
}

static rg_jnode *text_node(reader *r, rg_jtype type, const char *s, size_t len)
{
    rg_jnode *n = new_node(r, type);
    if (!n)
        return NULL;
    n->text = malloc(len + 1);
    if (!n->text) {
        free(n);
        return NULL;
    }
    memcpy(n->text, s, len);
    n->text[len] = '\0';
    n->len = len;
    return n;
}

static int cb_number(void *ctx, const char *s, size_t len)
{
    return value(ctx, text_node(ctx, RG_J_NUMBER, s, len));
}

/* yajl's UTF-8 check lets through code points above U+10FFFF (and
 * overlong forms); the stored text must be strict UTF-8. */
static int strict_utf8(reader *r, const unsigned char *s, size_t len)
{
    if (rg_utf8_find_invalid((const char *)s, len) < 0)
        return 1;
    return fail(r, RG_ERR_INPUT, "malformed JSON: invalid UTF-8 in a string%s", "",
                current_line(r));
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
    reader *r = ctx;
    if (!strict_utf8(r, s, len))
        return 0;
    if (memchr(s, '\0', len))
        return fail(r, RG_ERR_INPUT, "text contains a NUL character (\\u0000)%s", "",
                    current_line(r));
    return value(ctx, text_node(ctx, RG_J_STRING, (const char *)s, len));
}

static int cb_start_map(void *ctx)
{
    reader *r = ctx;
    if (r->state == TOP_START) {
        r->state = TOP_IN_MAP;
        return 1;
    }
    return value(r, new_node(r, RG_J_OBJECT));
}

static int cb_map_key(void *ctx, const unsigned char *key, size_t len)
{
    reader *r = ctx;
    if (!strict_utf8(r, key, len))
        return 0;
    if (r->state == TOP_IN_MAP) {
        if (len == 7 && !memcmp(key, "raingan", 7))
            r->state = TOP_VERSION;
        else if (len == 7 && !memcmp(key, "records", 7))
            r->state = TOP_RECORDS;
        else {
            rg_warn("%s: $.%.*s (line %ld): unknown field, ignored", r->name, (int)len,
                    (const char *)key, current_line(r));
            r->state = TOP_SKIP;
            r->skip_depth = 0;
        }
        return 1;
    }
    if (r->state != TOP_IN_RECORDS || !r->cur)
        return 1;
    for (size_t i = 0; i < r->cur->count; i++)
        if (r->cur->items[i]->key && strlen(r->cur->items[i]->key) == len &&
            !memcmp(r->cur->items[i]->key, key, len)) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(len < 60 ? len : 60), (const char *)key);
            return fail(r, RG_ERR_INPUT, "field \"%s\" given twice in the same object", name,
                        current_line(r));
        }
    free(r->pending_key);
    r->pending_key = malloc(len + 1);
    if (!r->pending_key)
        return nomem(r);
    memcpy(r->pending_key, key, len);
    r->pending_key[len] = '\0';
    return 1;
}

static int cb_end_map(void *ctx)
{
    return end_container(ctx, 1);
}

static int cb_start_array(void *ctx)
{
    return value(ctx, new_node(ctx, RG_J_ARRAY));
}

static int cb_end_array(void *ctx)
{
    return end_container(ctx, 0);
}

static const yajl_callbacks callbacks = {
    cb_null, cb_boolean, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array,
};

static void parse_error(reader *r, const unsigned char *chunk, size_t len)
{
    unsigned char *msg = yajl_get_error(r->handle, 0, chunk, len);
    char text[256];
    snprintf(text, sizeof text, "%s", msg ? (const char *)msg : "parse error");
    if (msg)
        yajl_free_error(r->handle, msg);
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    const char *shown = text;
    if (!strncmp(shown, "parse error: ", 13))
        shown += 13;
    else if (!strncmp(shown, "lexical error: ", 15))
        shown += 15;
    long line = current_line(r);
    rg_error_set(r->err, RG_ERR_INPUT, "%s: line %ld: malformed JSON: %s", r->name, line, shown);
    r->failed = 1;
}

/* Feed one chunk; returns 0 or -1 with r->err set. */
static int feed(reader *r, const unsigned char *chunk, size_t len)
{
    r->chunk = chunk;
    r->scanned = 0;
    yajl_status st = yajl_parse(r->handle, chunk, len);
    if (st == yajl_status_ok) {
        for (; r->scanned < len; r->scanned++)   /* the whole chunk is consumed */
            if (chunk[r->scanned] == '\n')
                r->line++;
        return 0;
    }
    if (!r->failed)
        parse_error(r, chunk, len);
    return -1;
}

static int finish(reader *r)
{
    r->chunk = (const unsigned char *)"";
    r->scanned = 0;
    yajl_status st = yajl_complete_parse(r->handle);
    if (st != yajl_status_ok) {
        if (!r->failed) {
            unsigned char *msg = yajl_get_error(r->handle, 0, NULL, 0);
            rg_error_set(r->err, RG_ERR_INPUT, "%s: line %ld: malformed JSON: %s", r->name,
                         r->line, msg && strstr((const char *)msg, "premature EOF")
                         ? "the file ends before the JSON is complete" : "parse error");
            if (msg)
                yajl_free_error(r->handle, msg);
        }
        return -1;
    }
    if (!r->saw_version)
        return rg_error_set(r->err, RG_ERR_INPUT,
                            "%s: missing \"raingan\": 1 (the format version) in the top object",
                            r->name);
    if (!r->saw_records)
        return rg_error_set(r->err, RG_ERR_INPUT, "%s: missing \"records\": [...] in the top object",
                            r->name);
    return 0;
}

static int reader_init(reader *r, const char *name, rg_json_record_fn fn, void *user, rg_error *err)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->fn = fn;
    r->user = user;
    r->err = err;
    r->line = 1;
    r->handle = yajl_alloc(&callbacks, NULL, r);
    if (!r->handle)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

static void reader_free(reader *r)
{
    if (r->handle)
        yajl_free(r->handle);
    jnode_free(r->root);
    free(r->pending_key);
}

int rg_json_read_file(const char *path, rg_json_record_fn fn, void *user, rg_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    reader r;
    if (reader_init(&r, path, fn, user, err) < 0) {
        fclose(fp);
        return -1;
    }
    unsigned char *chunk = malloc(CHUNK_SIZE);
    int rc = chunk ? 0 : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    size_t n;
    while (rc == 0 && (n = fread(chunk, 1, CHUNK_SIZE, fp)) > 0)
        rc = feed(&r, chunk, n);
    if (rc == 0 && ferror(fp))
        rc = rg_error_set(err, RG_ERR_IO, "%s: read error: %s", path, strerror(errno));
    if (rc == 0)
        rc = finish(&r);
    free(chunk);
    reader_free(&r);
    fclose(fp);
    return rc;
}

int rg_json_read_memory(const char *name, const char *data, size_t len, rg_json_record_fn fn,
                        void *user, rg_error *err)
{
    reader r;
    if (reader_init(&r, name, fn, user, err) < 0)
        return -1;
    int rc = feed(&r, (const unsigned char *)data, len);
    if (rc == 0)
        rc = finish(&r);
    reader_free(&r);
    return rc;
}

rg_jnode *rg_jnode_get(rg_jnode *object, const char *name)
{
    if (!object || object->type != RG_J_OBJECT)
        return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (!strcmp(object->items[i]->key, name)) {
            object->items[i]->used = 1;
            return object->items[i];
        }
    return NULL;
}

const char *rg_jnode_describe(const rg_jnode *n, char *buf, size_t cap)
{
    switch (n->type) {
    case RG_J_NULL: snprintf(buf, cap, "null"); break;
    case RG_J_BOOL: snprintf(buf, cap, "%s", n->boolean ? "true" : "false"); break;
    case RG_J_NUMBER: snprintf(buf, cap, "%.40s", n->text); break;
    case RG_J_STRING:
        if (n->len > 40) {
            int cut = 40;  /* not in the middle of a UTF-8 sequence */
            while (cut > 0 && ((unsigned char)n->text[cut] & 0xC0) == 0x80)
                cut--;
            snprintf(buf, cap, "\"%.*s...\"", cut, n->text);
        } else
            snprintf(buf, cap, "\"%s\"", n->text);
        break;
    case RG_J_ARRAY: snprintf(buf, cap, "an array"); break;
    case RG_J_OBJECT: snprintf(buf, cap, "an object"); break;
    }
    return buf;
}
