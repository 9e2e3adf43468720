/* yajl callback parser -> one rg_jnode tree per record (see json_reader.h).
 *
 * Linear time: objects with many members keep a hash of their member names
 * (the duplicate check and lookups would otherwise compare every pair), and a
 * value longer than a chunk is fed in chunks that grow with it.
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

#include "util/nearest.h"
#include "util/utf8.h"
#include "util/vec.h"

#define CHUNK_SIZE 65536
#define MAX_DEPTH 64
#define INDEX_FROM 8      /* objects with this many members get a hash index */

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
    int lenient;
    int events;           /* callbacks since the last chunk was fed */
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

void rg_jnode_free(rg_jnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->count; i++)
        rg_jnode_free(n->items[i]);
    free(n->items);
    free(n->key);
    free(n->text);
    free(n->asked);
    free(n->index);
    free(n);
}

/* ---- member names of big objects: open addressing on positions + 1 ---- */

static size_t hash_name(const char *s, size_t len)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static void index_put(rg_jnode *obj, size_t pos)
{
    const char *key = obj->items[pos]->key;
    size_t mask = obj->index_cap - 1;
    size_t slot = hash_name(key, strlen(key)) & mask;
    while (obj->index[slot])
        slot = (slot + 1) & mask;
    obj->index[slot] = pos + 1;
}

/* Called after member `count - 1` was attached; -1 when memory ran out. */
static int index_member(rg_jnode *obj)
{
    if (obj->count < INDEX_FROM)
        return 0;
    if (obj->count * 2 > obj->index_cap) {
        size_t cap = obj->index_cap ? obj->index_cap * 2 : 4 * INDEX_FROM;
        size_t *index = calloc(cap, sizeof *index);
        if (!index)
            return -1;
        free(obj->index);
        obj->index = index;
        obj->index_cap = cap;
        for (size_t i = 0; i + 1 < obj->count; i++)
            index_put(obj, i);
    }
    index_put(obj, obj->count - 1);
    return 0;
}

/* Position + 1 of member `name` of obj, or 0. */
static size_t member_position(const rg_jnode *obj, const char *name, size_t len)
{
    if (!obj->index) {
        for (size_t i = 0; i < obj->count; i++) {
            const char *key = obj->items[i]->key;
            if (key && strlen(key) == len && !memcmp(key, name, len))
                return i + 1;
        }
        return 0;
    }
    size_t mask = obj->index_cap - 1;
    for (size_t slot = hash_name(name, len) & mask; obj->index[slot]; slot = (slot + 1) & mask) {
        rg_jnode *n = obj->items[obj->index[slot] - 1];
        if (strlen(n->key) == len && !memcmp(n->key, name, len))
            return obj->index[slot];
    }
    return 0;
}

static rg_jnode *find_member(const rg_jnode *obj, const char *name, size_t len)
{
    size_t pos = member_position(obj, name, len);
    return pos ? obj->items[pos - 1] : NULL;
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
    if (parent->type == RG_J_OBJECT && index_member(parent) < 0) {
        parent->count--;
        return -1;
    }
    return 0;
}

static int finish_record(reader *r)
{
    rg_jnode *rec = r->root;
    r->root = r->cur = NULL;
    int rc = r->fn(r->user, rec, r->index++, r->err);
    if (rc != 1)
        rg_jnode_free(rec);
    if (rc < 0) {
        r->failed = 1;
        return 0;
    }
    return 1;
}

/* A scalar or the start of a container, wherever it occurs. */
static int value(reader *r, rg_jnode *n)
{
    r->events++;
    if (!n)
        return nomem(r);
    int container = n->type == RG_J_ARRAY || n->type == RG_J_OBJECT;
    switch (r->state) {
    case TOP_START:
        rg_jnode_free(n);
        return fail(r, RG_ERR_INPUT, "expected a JSON object {\"raingan\": 1, \"records\": [...]}%s",
                    "", current_line(r));
    case TOP_SKIP:
        rg_jnode_free(n);
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
        rg_jnode_free(n);
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
            rg_jnode_free(n);
            return fail(r, RG_ERR_INPUT, "$.records: expected an array of records%s", "", line);
        }
        rg_jnode_free(n);
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
            rg_jnode_free(n);
            return nomem(r);
        }
        if (container) {
            if (++r->depth > MAX_DEPTH)
                return fail(r, RG_ERR_INPUT, "values nested too deeply%s", "", n->line);
            r->cur = n;
        }
        return 1;
    default:
        rg_jnode_free(n);
        return fail(r, RG_ERR_INPUT, "unexpected value%s", "", current_line(r));
    }
}

static int end_container(reader *r, int is_map)
{
    r->events++;
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

/* A top-level member other than "raingan" and "records": an error naming the
 * nearest known one, or (lenient) a warning, and its value is skipped. */
static int unknown_top(reader *r, const char *key, size_t len)
{
    static const char *const known[] = {"raingan", "records"};
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(len < 60 ? len : 60), key);
    if (r->lenient) {
        rg_warn("%s: $.%s (line %ld): unknown field, ignored", r->name, name, current_line(r));
        r->state = TOP_SKIP;
        r->skip_depth = 0;
        return 1;
    }
    const char *near = rg_nearest_name(name, known, 2);
    char message[RG_ERROR_MAX];
    if (near)
        snprintf(message, sizeof message, "unknown field \"%s\" (did you mean \"%s\"?)", name,
                 near);
    else
        snprintf(message, sizeof message, "unknown field \"%s\" (the top object holds "
                 "\"raingan\" and \"records\"; --lenient ignores unknown fields)", name);
    rg_error_set(r->err, RG_ERR_INPUT, "%s: $.%s (line %ld): %s", r->name, name,
                 current_line(r), message);
    r->failed = 1;
    return 0;
}

static int cb_map_key(void *ctx, const unsigned char *key, size_t len)
{
    reader *r = ctx;
    r->events++;
    if (!strict_utf8(r, key, len))
        return 0;
    if (r->state == TOP_IN_MAP) {
        if (len == 7 && !memcmp(key, "raingan", 7))
            r->state = TOP_VERSION;
        else if (len == 7 && !memcmp(key, "records", 7))
            r->state = TOP_RECORDS;
        else
            return unknown_top(r, (const char *)key, len);
        return 1;
    }
    if (r->state != TOP_IN_RECORDS || !r->cur)
        return 1;
    if (find_member(r->cur, (const char *)key, len)) {
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

static int reader_init(reader *r, const rg_json_source *src, rg_json_record_fn fn, void *user,
                       rg_error *err)
{
    memset(r, 0, sizeof *r);
    r->name = rg_json_source_name(src);
    r->lenient = src->lenient;
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
    rg_jnode_free(r->root);
    free(r->pending_key);
}

const char *rg_json_source_name(const rg_json_source *src)
{
    return !src->data && !strcmp(src->name, "-") ? "standard input" : src->name;
}

/* The byte-order mark at the start of a document, if any: 3 for UTF-8
 * (skipped), -1 (error set) for UTF-16/32, which yajl cannot read, and for
 * a PDF (not JSON at all). */
static int byte_order_mark(reader *r, const unsigned char *s, size_t n)
{
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3;
    if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        rg_error_set(r->err, RG_ERR_INPUT, "%s: line 1: the file is UTF-16 (or UTF-32) text; "
                     "save it as UTF-8", r->name);
        r->failed = 1;
        return -1;
    }
    if (n >= 5 && !memcmp(s, "%PDF-", 5)) {   /* a PDF through a pipe (import - < COPY.pdf) */
        rg_error_set(r->err, RG_ERR_INPUT, "%s: line 1: this is a PDF, not JSON; the data of an "
                     "archival copy (--archive pdfa-3b) is imported from the PDF given as a file "
                     "of its own: raingan import COPY.pdf", r->name);
        r->failed = 1;
        return -1;
    }
    return 0;
}

/* Feeds a stream in chunks. A chunk in which no token ended (one long
 * string) makes the next one as big as everything fed since the last token:
 * yajl re-scans the unfinished token on every chunk, so fixed chunks would
 * cost time quadratic in the token's length; growing ones cost linear. */
static int read_stream(reader *r, FILE *fp, const char *path)
{
    size_t cap = CHUNK_SIZE, pending = 0;
    unsigned char *chunk = malloc(cap);
    if (!chunk)
        return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
    int rc = 0, first = 1;
    size_t n;
    while (rc == 0 && (n = fread(chunk, 1, cap, fp)) > 0) {
        size_t skip = 0;
        if (first) {
            int bom = byte_order_mark(r, chunk, n);
            if (bom < 0) {
                rc = -1;
                break;
            }
            skip = (size_t)bom;
            first = 0;
        }
        r->events = 0;
        rc = feed(r, chunk + skip, n - skip);
        pending = r->events ? n : pending + n;
        if (rc == 0 && pending > cap) {
            size_t grown = cap;
            while (grown < pending)
                grown *= 2;
            unsigned char *bigger = realloc(chunk, grown);
            if (!bigger)
                rc = rg_error_set(r->err, RG_ERR_NOMEM, "%s: out of memory", r->name);
            else
                chunk = bigger, cap = grown;
        }
    }
    if (rc == 0 && ferror(fp))
        rc = rg_error_set(r->err, RG_ERR_IO, "%s: read error: %s", path, strerror(errno));
    if (rc == 0)
        rc = finish(r);
    free(chunk);
    return rc;
}

int rg_json_read(const rg_json_source *src, rg_json_record_fn fn, void *user, rg_error *err)
{
    reader r;
    int rc;
    if (src->data) {
        if (reader_init(&r, src, fn, user, err) < 0)
            return -1;
        const unsigned char *data = (const unsigned char *)src->data;
        int bom = byte_order_mark(&r, data, src->len);
        rc = bom < 0 ? -1 : feed(&r, data + bom, src->len - (size_t)bom);
        if (rc == 0)
            rc = finish(&r);
        reader_free(&r);
        return rc;
    }
    int is_stdin = !strcmp(src->name, "-");
    FILE *fp = is_stdin ? stdin : fopen(src->name, "rb");
    if (!fp)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open: %s", src->name, strerror(errno));
    if (reader_init(&r, src, fn, user, err) < 0) {
        if (!is_stdin)
            fclose(fp);
        return -1;
    }
    rc = read_stream(&r, fp, rg_json_source_name(src));
    reader_free(&r);
    if (!is_stdin)
        fclose(fp);
    return rc;
}

rg_jnode *rg_jnode_new(rg_jtype type, const char *text, size_t len, long line)
{
    rg_jnode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->type = type;
    n->line = line;
    if (text) {
        n->text = malloc(len + 1);
        if (!n->text) {
            free(n);
            return NULL;
        }
        memcpy(n->text, text, len);
        n->text[len] = '\0';
        n->len = len;
    }
    return n;
}

rg_jnode *rg_jnode_clone(const rg_jnode *n, long line)
{
    rg_jnode *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->type = n->type;
    c->cell = n->cell;
    c->date_rules = n->date_rules;
    c->line = line ? line : n->line;
    c->boolean = n->boolean;
    c->len = n->len;
    int bad = 0;
    if (n->key && !(c->key = strdup(n->key)))
        bad = 1;
    if (n->text && (c->text = malloc(n->len + 1)))
        memcpy(c->text, n->text, n->len + 1);
    else if (n->text)
        bad = 1;
    for (size_t i = 0; i < n->count && !bad; i++) {
        rg_jnode *item = rg_jnode_clone(n->items[i], line);
        if (!item || rg_jnode_append(c, item) < 0)
            bad = 1;
    }
    if (bad) {
        rg_jnode_free(c);
        return NULL;
    }
    return c;
}

int rg_jnode_append(rg_jnode *container, rg_jnode *value)
{
    rg_jnode **items = rg_vec_reserve(container->items, container->count, &container->cap,
                                      sizeof *items, 8);
    if (!items) {
        rg_jnode_free(value);
        return -1;
    }
    container->items = items;
    value->parent = container;
    container->items[container->count++] = value;
    if (container->type == RG_J_OBJECT && index_member(container) < 0) {
        container->count--;
        rg_jnode_free(value);
        return -1;
    }
    return 0;
}

int rg_jnode_set_member(rg_jnode *object, const char *name, rg_jnode *value)
{
    free(value->key);
    value->key = strdup(name);
    if (!value->key) {
        rg_jnode_free(value);
        return -1;
    }
    size_t pos = member_position(object, name, strlen(name));
    if (pos) {
        rg_jnode_free(object->items[pos - 1]);
        value->parent = object;
        object->items[pos - 1] = value;
        return 0;
    }
    return rg_jnode_append(object, value);
}

rg_jnode *rg_jnode_find(const rg_jnode *object, const char *name)
{
    if (!object || object->type != RG_J_OBJECT)
        return NULL;
    return find_member(object, name, strlen(name));
}

/* Remembers `name` as a field known in `object` (once). */
static void remember_asked(rg_jnode *object, const char *name)
{
    for (size_t i = 0; i < object->asked_count; i++)
        if (object->asked[i] == name || !strcmp(object->asked[i], name))
            return;
    const char **asked = rg_vec_reserve(object->asked, object->asked_count, &object->asked_cap,
                                        sizeof *asked, 8);
    if (!asked)
        return;   /* only a "did you mean" is lost */
    object->asked = asked;
    object->asked[object->asked_count++] = name;
}

rg_jnode *rg_jnode_get(rg_jnode *object, const char *name)
{
    if (!object || object->type != RG_J_OBJECT)
        return NULL;
    remember_asked(object, name);
    rg_jnode *n = find_member(object, name, strlen(name));
    if (n)
        n->used = 1;
    return n;
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
