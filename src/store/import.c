/* `raingan import`: JSON records (docs/data-format.md) into the store.
 *
 * One run is one transaction (BEGIN IMMEDIATE ... COMMIT): any error rolls
 * everything back. Records arrive one at a time from the streaming reader;
 * each is validated (every message names file, JSON path and line), then
 * written with prepared statements reused for the whole run: the main row is
 * upserted on its key, its child rows (entries, sections, ...) deleted and
 * re-inserted. References to records not yet stored are remembered and
 * checked when the run ends, since they may be defined later in the run.
 *
 * A patch ("patch": true) is merged into the stored record's JSON (as export
 * writes it), and the merged record is imported like any other, so it is
 * validated the same way. A dry run (or any run with on_change) compares the
 * record's JSON before and after it is written, then rolls everything back.
 * Work is linear in the input: numbers in a list are checked for duplicates
 * and matched with a hash map, not by comparing every pair. */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/image_file.h"
#include "store/dates.h"
#include "store/images.h"
#include "store/json_reader.h"
#include "store/richtext.h"
#include "store/schema.h"
#include "store/store_internal.h"
#include "util/buf.h"
#include "util/nearest.h"
#include "util/thai_months.h"
#include "util/vec.h"

#define MAX_KEY_BYTES 200
#define MAX_AMOUNT_BAHT 1000000000000LL   /* 10^12 baht: beyond any budget */

/* Child tables written by the import code below, each a child of the kinds
 * table (kinds.h), whose descriptors give the table and its columns in bind
 * order. A record's rows there are deleted and re-inserted on every import
 * of the record. Deleted in this order (items before their sections,
 * details before their activities: the foreign keys point that way). */
enum child_table {
    C_OBJECTIVES, C_TARGETS, C_ENTRIES, C_QUARTERS, C_SECTION_ITEMS, C_SECTIONS,
    C_SIGNATORIES, C_DETAILS, C_ACTIVITIES, C_COUNT
};

static const struct child_table_ref {
    rg_kind owner;
    const char *part;       /* the child's part name in the kinds table */
} child_tables[C_COUNT] = {
    [C_OBJECTIVES] = {RG_KIND_PROJECT, "objectives"},
    [C_TARGETS] = {RG_KIND_PROJECT, "targets"},
    [C_ENTRIES] = {RG_KIND_PROJECT, "progress_entries"},
    [C_QUARTERS] = {RG_KIND_INDICATOR, "quarters"},
    [C_SECTION_ITEMS] = {RG_KIND_PLAN, "section_items"},
    [C_SECTIONS] = {RG_KIND_PLAN, "sections"},
    [C_SIGNATORIES] = {RG_KIND_PLAN, "signatories"},
    [C_DETAILS] = {RG_KIND_PLAN, "activity_details"},
    [C_ACTIVITIES] = {RG_KIND_PLAN, "activities"},
};

/* The kinds table's descriptor of child table `c`. */
static const rg_kind_child *child_desc(enum child_table c)
{
    const rg_kind_desc *k = rg_kinds_get((size_t)child_tables[c].owner);
    for (size_t i = 0; i < k->child_count; i++)
        if (!strcmp(k->children[i].part, child_tables[c].part))
            return &k->children[i];
    assert(!"import: a child table missing from the kinds table");
    return NULL;
}

/* Prepared statements, one array: S_EXISTS + kind, S_UPSERT + kind,
 * S_DELETE + child table, S_INSERT + child table. */
enum stmt_id {
    S_EXISTS = 0,
    S_UPSERT = S_EXISTS + RG_KIND_COUNT,
    S_DELETE = S_UPSERT + RG_KIND_COUNT,
    S_INSERT = S_DELETE + C_COUNT,
    S_PARENT_OF = S_INSERT + C_COUNT,
    S_COUNT
};

typedef struct pending_ref {
    rg_kind kind;
    char *key;
    char *where;          /* "file: $.path (line N)" */
} pending_ref;

typedef struct importer {
    rg_store *store;
    sqlite3 *db;
    const char *file;
    int file_is_real;     /* 0 for documents imported from memory */
    const rg_record_reader *reader;   /* the current source's, or NULL (JSON) */
    int lenient;          /* unknown fields: warnings instead of errors */
    rg_import_stats stats;
    rg_error *err;
    int failed;
    rg_buf path;          /* JSON path of the value being read */
    sqlite3_stmt *st[S_COUNT];
    /* Rich-text and joined-line results of the current record. */
    rg_buf *pool;
    size_t pool_used, pool_cap;
    pending_ref *refs;
    size_t nrefs, refs_cap;
    const rg_import_options *options;   /* never NULL */
    /* The "number"s of list elements read so far: element index by number. */
    const rg_jnode *numbers_of;           /* the list they belong to */
    size_t numbers_next;                  /* elements before this are in the map */
    long *number_keys;
    size_t *number_index, number_cap, number_count;
    rg_buf change_path;                   /* field path while comparing */
    /* The records of the current file so far, by kind and key: a key given
     * twice in one file is an error (the second would replace the first). */
    struct seen_record {
        char *kind_key;                   /* kind name, a unit separator, the key */
        long index, line;                 /* $.records[index], its key's line */
    } *seen;
    size_t seen_cap, seen_count;
    struct declared_stmts *declared;      /* statements of declared kinds, by store index */
    const rg_kind_decl *declared_kind;    /* of the record being read, or NULL */
    size_t declared_count;
    const char *record_key;               /* of the record being read (messages) */
    int patch_of_nothing;                 /* it is a patch whose key is not stored */
} importer;

/* ---- numbers of list elements: open addressing, key -> element index ---- */

static size_t number_slot(const importer *im, long number)
{
    size_t h = (size_t)number * 0x9E3779B97F4A7C15u;
    return (h >> 7) & (im->number_cap - 1);
}

static void numbers_clear(importer *im)
{
    for (size_t i = 0; i < im->number_cap; i++)
        im->number_index[i] = 0;
    im->number_count = 0;
}

/* Index + 1 of the element with `number`, or 0. */
static size_t numbers_get(const importer *im, long number)
{
    if (!im->number_cap)
        return 0;
    for (size_t slot = number_slot(im, number); im->number_index[slot];
         slot = (slot + 1) & (im->number_cap - 1))
        if (im->number_keys[slot] == number)
            return im->number_index[slot];
    return 0;
}

/* Adds number -> index unless the number is there; -1 when memory ran out. */
static int numbers_put(importer *im, long number, size_t index)
{
    if ((im->number_count + 1) * 2 > im->number_cap) {
        size_t old_cap = im->number_cap, cap = old_cap ? old_cap * 2 : 64;
        long *old_keys = im->number_keys;
        size_t *old_index = im->number_index;
        im->number_keys = calloc(cap, sizeof *im->number_keys);
        im->number_index = calloc(cap, sizeof *im->number_index);
        if (!im->number_keys || !im->number_index) {
            free(im->number_keys);
            free(im->number_index);
            im->number_keys = old_keys;
            im->number_index = old_index;
            return -1;
        }
        im->number_cap = cap;
        im->number_count = 0;
        for (size_t i = 0; i < old_cap; i++)
            if (old_index[i])
                numbers_put(im, old_keys[i], old_index[i] - 1);
        free(old_keys);
        free(old_index);
    }
    size_t slot = number_slot(im, number);
    for (; im->number_index[slot]; slot = (slot + 1) & (im->number_cap - 1))
        if (im->number_keys[slot] == number)
            return 0;
    im->number_keys[slot] = number;
    im->number_index[slot] = index + 1;
    im->number_count++;
    return 0;
}

/* The "number" of a list element, if it has an integer one. */
static int element_number(const rg_jnode *element, long *number)
{
    const rg_jnode *n = rg_jnode_find(element, "number");
    if (!n || n->type != RG_J_NUMBER || strpbrk(n->text, ".eE"))
        return 0;
    *number = strtol(n->text, NULL, 10);
    return 1;
}

/* ---- records already read from this file ------------------------------------ */

static size_t seen_slot(const importer *im, const char *kind_key)
{
    size_t h = 14695981039346656037u;   /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)kind_key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h & (im->seen_cap - 1);
}

static void seen_clear(importer *im)
{
    for (size_t i = 0; i < im->seen_cap; i++) {
        free(im->seen[i].kind_key);
        im->seen[i].kind_key = NULL;
    }
    im->seen_count = 0;
}

/* The earlier record of this file with the same kind and key (NULL: none),
 * remembering this one otherwise. -1 in *failed when memory runs out. */
static const struct seen_record *seen_put(importer *im, const char *kind, const char *key,
                                          long index, long line, int *failed)
{
    *failed = 0;
    if (2 * (im->seen_count + 1) > im->seen_cap) {   /* grow: rehash into twice the slots */
        size_t old_cap = im->seen_cap, cap = old_cap ? old_cap * 2 : 64;
        struct seen_record *old = im->seen, *grown = calloc(cap, sizeof *grown);
        if (!grown) {
            *failed = 1;
            return NULL;
        }
        im->seen = grown;
        im->seen_cap = cap;
        for (size_t i = 0; i < old_cap; i++) {
            if (!old[i].kind_key)
                continue;
            size_t slot = seen_slot(im, old[i].kind_key);
            while (grown[slot].kind_key)
                slot = (slot + 1) & (cap - 1);
            grown[slot] = old[i];
        }
        free(old);
    }
    size_t kind_len = strlen(kind), len = strlen(key);
    char *kind_key = malloc(kind_len + len + 2);
    if (!kind_key) {
        *failed = 1;
        return NULL;
    }
    memcpy(kind_key, kind, kind_len);
    kind_key[kind_len] = '\x1f';   /* no kind name holds it */
    memcpy(kind_key + kind_len + 1, key, len + 1);
    size_t slot = seen_slot(im, kind_key);
    while (im->seen[slot].kind_key) {
        if (!strcmp(im->seen[slot].kind_key, kind_key)) {
            free(kind_key);
            return &im->seen[slot];
        }
        slot = (slot + 1) & (im->seen_cap - 1);
    }
    im->seen[slot] = (struct seen_record){kind_key, index, line};
    im->seen_count++;
    return NULL;
}

/* ---- messages ---------------------------------------------------------------- */

static void path_pop(importer *im, size_t old);

/* "file: $.records[2].name (line 12)" for member `name` (NULL: the current path). */
static void where(importer *im, const char *name, long line, char *out, size_t cap)
{
    if (im->reader && im->reader->place) {
        size_t old = im->path.len;
        if (name)
            rg_buf_printf(&im->path, ".%s", name);
        im->reader->place(im->reader->self, im->path.data, line, out, cap);
        path_pop(im, old);
        return;
    }
    if (name)
        snprintf(out, cap, "%s: %s.%s (line %ld)", im->file, im->path.data, name, line);
    else
        snprintf(out, cap, "%s: %s (line %ld)", im->file, im->path.data, line);
}

__attribute__((format(printf, 5, 0)))
static int vfail_at(importer *im, const char *name, long line, rg_error_code code,
                    const char *fmt, va_list ap)
{
    if (im->failed)
        return -1;
    char place[512], message[RG_ERROR_MAX];
    where(im, name, line, place, sizeof place);
    vsnprintf(message, sizeof message, fmt, ap);
    rg_error_set(im->err, code, "%s: %s", place, message);
    im->failed = 1;
    return -1;
}

/* Fails at member `name` of the current object (NULL: the object itself). */
__attribute__((format(printf, 5, 6)))
static int fail_at(importer *im, const char *name, long line, rg_error_code code,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_at(im, name, line, code, fmt, ap);
    va_end(ap);
    return -1;
}

static int fail_db(importer *im, int rc, const char *doing)
{
    if (im->failed)
        return -1;
    rg_schema_db_error(im->db, rc, rg_store_path(im->store), doing, im->err);
    im->failed = 1;
    return -1;
}

static const char *describe(const rg_jnode *n, char *buf, size_t cap)
{
    return rg_jnode_describe(n, buf, cap);
}

/* The common check of a list element or record: "expected <what>, got ...". */
static int expect_object(importer *im, rg_jnode *n, const char *what)
{
    char got[96];
    if (n->type == RG_J_OBJECT)
        return 0;
    return fail_at(im, NULL, n->line, RG_ERR_INPUT, "expected %s, got %s", what,
                   describe(n, got, sizeof got));
}

/* ---- path ------------------------------------------------------------------- */

static size_t path_push_field(importer *im, const char *name)
{
    size_t old = im->path.len;
    rg_buf_printf(&im->path, ".%s", name);
    return old;
}

/* Element `index` of list `name` below the current path: ".name[index]". */
static size_t path_push_index(importer *im, const char *name, size_t index)
{
    size_t old = im->path.len;
    rg_buf_printf(&im->path, ".%s[%zu]", name, index);
    return old;
}

static void path_pop(importer *im, size_t old)
{
    im->path.len = old;
    if (im->path.data)
        im->path.data[old] = '\0';
}

/* Fails at element `index` of list `name`, a member of the current object. */
__attribute__((format(printf, 5, 6)))
static int fail_at_index(importer *im, const char *name, size_t index, long line,
                         const char *fmt, ...)
{
    size_t old = path_push_index(im, name, index);
    va_list ap;
    va_start(ap, fmt);
    vfail_at(im, NULL, line, RG_ERR_INPUT, fmt, ap);
    va_end(ap);
    path_pop(im, old);
    return -1;
}

/* Members of an object no getter asked for: an error naming the nearest
 * field known there (strict, the default: a misspelt "entries" would
 * otherwise replace the stored entries with none), or with --lenient a
 * warning each, and they are ignored. */
static int check_unknown(importer *im, rg_jnode *obj)
{
    if (!obj || obj->type != RG_J_OBJECT || im->failed)
        return im->failed ? -1 : 0;
    for (size_t i = 0; i < obj->count; i++) {
        rg_jnode *n = obj->items[i];
        if (n->used)
            continue;
        if (im->lenient) {
            char place[512];
            where(im, n->key, n->line, place, sizeof place);
            rg_warn("%s: unknown field, ignored", place);
            continue;
        }
        const char *near = rg_nearest_name(n->key, obj->asked, obj->asked_count);
        if (near)
            return fail_at(im, n->key, n->line, RG_ERR_INPUT,
                           "unknown field \"%s\" (did you mean \"%s\"?)", n->key, near);
        rg_buf known = RG_BUF_INIT;
        for (size_t k = 0; k < obj->asked_count; k++)
            rg_buf_printf(&known, "%s%s", k ? ", " : "", obj->asked[k]);
        fail_at(im, n->key, n->line, RG_ERR_INPUT,
                "unknown field \"%s\" (known here: %s; --lenient ignores unknown fields)",
                n->key, known.data ? known.data : "none");
        rg_buf_free(&known);
        return -1;
    }
    return 0;
}

/* ---- scratch buffers for one record -------------------------------------------- */

static rg_buf *pool_take(importer *im)
{
    if (im->pool_used == im->pool_cap) {
        size_t cap = im->pool_cap ? im->pool_cap * 2 : 16;
        rg_buf *p = realloc(im->pool, cap * sizeof *p);
        if (!p)
            return NULL;
        for (size_t i = im->pool_cap; i < cap; i++)
            p[i] = (rg_buf)RG_BUF_INIT;
        im->pool = p;
        im->pool_cap = cap;
    }
    rg_buf *b = &im->pool[im->pool_used++];
    rg_buf_reset(b);
    return b;
}

static void pool_release_all(importer *im)
{
    im->pool_used = 0;
}

/* ---- typed getters: each returns 0 (value set or absent) or -1 (im->err set) ---- */

/* A required field is absent: a patch of a record that is not stored is a
 * whole new record, which the message says (a typo in the key, or the
 * record not imported yet, are the likely causes). */
static void fail_missing(importer *im, rg_jnode *obj, const char *name)
{
    if (im->patch_of_nothing)
        fail_at(im, NULL, obj->line, RG_ERR_INPUT, "missing required field \"%s\": no record "
                "with the key \"%s\" is stored, so this patch would be a new record, which "
                "needs every required field (check the key, or import the whole record first)",
                name, im->record_key);
    else
        fail_at(im, NULL, obj->line, RG_ERR_INPUT, "missing required field \"%s\"", name);
}

static rg_jnode *member(importer *im, rg_jnode *obj, const char *name, int required)
{
    if (im->failed)
        return NULL;
    rg_jnode *n = rg_jnode_get(obj, name);
    if (n && n->type == RG_J_NULL)
        n = NULL;
    if (!n && required)
        fail_missing(im, obj, name);
    return n;
}

/* ---- table cells (rg_jnode.cell): text read as the field's type ---------------- */

/* Copies cell text into out as a JSON number: white space trimmed, Thai
 * digits read as digits, thousands separators dropped ("1,250,000.00":
 * groups of three, or none), a trailing "%" dropped when `percent`. 0 if the
 * text is no such number. */
static int cell_number_text(const char *text, int percent, rg_buf *out)
{
    rg_buf_reset(out);
    const unsigned char *p = (const unsigned char *)text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '-' || *p == '+')
        rg_buf_putc(out, (char)*p++);
    int digits = 0, group = 0, commas = 0, fraction = -1;
    for (;; p++) {
        int digit = -1;
        if (*p >= '0' && *p <= '9')
            digit = *p - '0';
        else if (p[0] == 0xE0 && p[1] == 0xB9 && p[2] >= 0x90 && p[2] <= 0x99)
            digit = p[2] - 0x90, p += 2;
        if (digit >= 0) {
            if (fraction >= 0)
                fraction++;
            else if (digits++, commas)
                group++;
            rg_buf_putc(out, (char)('0' + digit));
        } else if (*p == ',' && fraction < 0 && digits > 0 && (commas ? group == 3 : digits <= 3)) {
            commas++;
            group = 0;
        } else if (*p == '.' && fraction < 0 && (!commas || group == 3)) {
            if (digits == 0)
                rg_buf_putc(out, '0');
            rg_buf_putc(out, '.');
            fraction = 0;
        } else {
            break;
        }
    }
    if (commas && fraction < 0 && group != 3)
        return 0;
    while (*p == ' ' || *p == '\t')
        p++;
    if (percent && *p == '%')
        for (p++; *p == ' ' || *p == '\t'; p++)
            ;
    return *p == '\0' && (digits > 0 || fraction > 0) && fraction != 0 && out->data;
}

/* A cell that should hold a number: becomes a JSON number, or fails with
 * "expected <what>, got "text"". */
static int cell_number(importer *im, rg_jnode *n, const char *name, const char *what,
                       int percent)
{
    if (n->type != RG_J_STRING || !n->cell)
        return 0;
    rg_buf *b = pool_take(im);
    char got[96];
    if (!b)
        return fail_at(im, name, n->line, RG_ERR_NOMEM, "out of memory");
    if (!cell_number_text(n->text, percent, b))
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected %s, got %s", what,
                       describe(n, got, sizeof got));
    char *text = strdup(b->data);
    if (!text)
        return fail_at(im, name, n->line, RG_ERR_NOMEM, "out of memory");
    free(n->text);
    n->text = text;
    n->len = strlen(text);
    n->type = RG_J_NUMBER;
    return 0;
}

/* A cell that should hold true or false. */
static int cell_bool(importer *im, rg_jnode *n, const char *name)
{
    static const struct { const char *text; int value; } words[] = {
        {"true", 1}, {"false", 0}, {"t", 1}, {"f", 0}, {"1", 1}, {"0", 0}, {"yes", 1},
        {"no", 0}, {"y", 1}, {"n", 0}, {"ใช่", 1}, {"ไม่ใช่", 0}, {"จริง", 1}, {"เท็จ", 0},
    };
    if (n->type != RG_J_STRING || !n->cell)
        return 0;
    char word[32];
    size_t start = strspn(n->text, " \t"), len = n->len - start;
    while (len > 0 && (n->text[start + len - 1] == ' ' || n->text[start + len - 1] == '\t'))
        len--;
    if (len < sizeof word) {
        for (size_t i = 0; i < len; i++) {
            char c = n->text[start + i];
            word[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        word[len] = '\0';
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (!strcmp(word, words[i].text)) {
                n->type = RG_J_BOOL;
                n->boolean = words[i].value;
                return 0;
            }
    }
    char got[96];
    return fail_at(im, name, n->line, RG_ERR_INPUT,
                   "expected true or false (TRUE/FALSE, 1/0, yes/no, ใช่/ไม่ใช่), got %s",
                   describe(n, got, sizeof got));
}

/* A cell that should hold a list of lines: one element per line. */
static int cell_lines(importer *im, rg_jnode *n, const char *name)
{
    if (n->type != RG_J_STRING || !n->cell)
        return 0;
    char *text = n->text;
    n->text = NULL;
    n->len = 0;
    n->type = RG_J_ARRAY;
    for (char *line = text; line;) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0 && line[len - 1] == '\r')
            len--;
        rg_jnode *element = rg_jnode_new(RG_J_STRING, line, len, n->line);
        if (!element || rg_jnode_append(n, element) < 0) {
            free(text);
            return fail_at(im, name, n->line, RG_ERR_NOMEM, "out of memory");
        }
        element->cell = 1;
        line = end ? end + 1 : NULL;
    }
    free(text);
    return 0;
}

/* A cell that should hold months: numbers or Thai month names separated by
 * commas or spaces ("10, 11, 12", "ต.ค. พ.ย. ธ.ค.", PostgreSQL's
 * "{10,11,12}"), as a table cell holds a plan's schedule; becomes an array
 * of month numbers (checked by the reader of the array). */
static int cell_months(importer *im, rg_jnode *n, const char *name)
{
    if (n->type != RG_J_STRING || !n->cell)
        return 0;
    char got[96];
    describe(n, got, sizeof got);
    char *text = n->text;
    n->text = NULL;
    n->len = 0;
    n->type = RG_J_ARRAY;
    const unsigned char *p = (const unsigned char *)text;
    int rc = 0;
    while (rc == 0) {
        while (*p && strchr(" ,\t\r\n{}", *p))   /* {10,11}: a PostgreSQL array */
            p++;
        if (!*p)
            break;
        char digits[8];
        size_t len = 0, consumed = 0;
        int month = rg_thai_month_parse((const char *)p, &consumed);
        if (month) {
            len = (size_t)snprintf(digits, sizeof digits, "%d", month);
            p += consumed;
        }
        for (; !month && len < 3; len++) {
            if (*p >= '0' && *p <= '9')
                digits[len] = (char)*p++;
            else if (p[0] == 0xE0 && p[1] == 0xB9 && p[2] >= 0x90 && p[2] <= 0x99)
                digits[len] = (char)('0' + p[2] - 0x90), p += 3;
            else
                break;
        }
        if (len == 0 || (*p && !strchr(" ,\t\r\n{}", *p))) {
            rc = fail_at(im, name, n->line, RG_ERR_INPUT, "expected months such as 10, 11, 12 "
                         "or ต.ค. พ.ย. ธ.ค., got %s", got);
            break;
        }
        rg_jnode *m = rg_jnode_new(RG_J_NUMBER, digits, len, n->line);
        if (!m || rg_jnode_append(n, m) < 0)
            rc = fail_at(im, name, n->line, RG_ERR_NOMEM, "out of memory");
    }
    free(text);
    return rc;
}

static void trim(rg_jnode *n)
{
    char *s = n->text;
    size_t len = n->len, start = 0;
    while (start < len && (s[start] == ' ' || s[start] == '\t' || s[start] == '\n' ||
                           s[start] == '\r'))
        start++;
    while (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
                           s[len - 1] == '\r'))
        len--;
    memmove(s, s + start, len - start);
    n->len = len - start;
    s[n->len] = '\0';
}

static int get_text(importer *im, rg_jnode *obj, const char *name, int required,
                    const char **out)
{
    *out = NULL;
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return im->failed ? -1 : 0;
    char got[96];
    if (n->type != RG_J_STRING)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected text (a JSON string), got %s",
                       describe(n, got, sizeof got));
    trim(n);
    if (required && n->len == 0)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected non-empty text, got \"\"");
    *out = n->text;
    return 0;
}

static int check_key_text(importer *im, const char *name, rg_jnode *n)
{
    if (n->len > MAX_KEY_BYTES)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "a key is at most %d bytes long",
                       MAX_KEY_BYTES);
    for (size_t i = 0; i < n->len; i++)
        if ((unsigned char)n->text[i] < 0x20)
            return fail_at(im, name, n->line, RG_ERR_INPUT,
                           "a key may not contain control characters or line breaks");
    return 0;
}

static int add_pending(importer *im, rg_kind kind, const char *key, const char *place)
{
    pending_ref *refs = rg_vec_reserve(im->refs, im->nrefs, &im->refs_cap, sizeof *refs, 16);
    if (!refs)
        return -1;
    im->refs = refs;
    pending_ref *r = &im->refs[im->nrefs];
    r->kind = kind;
    r->key = strdup(key);
    r->where = strdup(place);
    if (!r->key || !r->where) {
        free(r->key);
        free(r->where);
        return -1;
    }
    im->nrefs++;
    return 0;
}

static int exists(importer *im, rg_kind kind, const char *key)
{
    sqlite3_stmt *st = im->st[S_EXISTS + kind];
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return fail_db(im, rc, "looking up a record");
}

/* A reference by key to another record; checked now, or at the end of the run. */
static int get_ref(importer *im, rg_jnode *obj, const char *name, rg_kind kind, int required,
                   const char **out)
{
    if (get_text(im, obj, name, required, out) < 0 || !*out)
        return im->failed ? -1 : 0;
    rg_jnode *n = rg_jnode_get(obj, name);
    if (check_key_text(im, name, n) < 0)
        return -1;
    int found = exists(im, kind, *out);
    if (found < 0)
        return -1;
    if (!found) {
        char place[512];
        where(im, name, n->line, place, sizeof place);
        if (add_pending(im, kind, *out, place) < 0)
            return fail_at(im, name, n->line, RG_ERR_NOMEM, "out of memory");
    }
    return 0;
}

/* String `n` (member `name`, NULL: the current path itself) converted to
 * canonical rich text in a pooled buffer. `expected` completes "expected
 * ..., got X" when it is not a string; conversion messages and warnings name
 * the same place. */
static int convert_rich(importer *im, rg_jnode *n, const char *name, const char *expected,
                        const char **out)
{
    char got[96], place[512];
    if (n->type != RG_J_STRING)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected %s, got %s", expected,
                       describe(n, got, sizeof got));
    rg_buf *b = pool_take(im);
    if (!b)
        return fail_at(im, name, n->line, RG_ERR_NOMEM, "out of memory");
    where(im, name, n->line, place, sizeof place);
    if (rg_richtext_convert(n->text, n->len, place, b, im->err) < 0) {
        im->failed = 1;
        return -1;
    }
    *out = b->data;
    return 0;
}

static int get_rich(importer *im, rg_jnode *obj, const char *name, int required,
                    const char **out)
{
    *out = NULL;
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return im->failed ? -1 : 0;
    return convert_rich(im, n, name, "rich text (a JSON string of text or HTML)", out);
}

/* A JSON integer within [min, max]; *present tells whether it was given. */
static int get_int(importer *im, rg_jnode *obj, const char *name, int required, long min,
                   long max, const char *expected, long *out, int *present)
{
    *present = 0;
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return im->failed ? -1 : 0;
    if (cell_number(im, n, name, expected, 0) < 0)
        return -1;
    char got[96];
    describe(n, got, sizeof got);
    if (n->type != RG_J_NUMBER || strpbrk(n->text, ".eE"))
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected %s, got %s", expected, got);
    errno = 0;
    long v = strtol(n->text, NULL, 10);
    if (errno || v < min || v > max)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected %s, got %s", expected, got);
    *out = v;
    *present = 1;
    return 0;
}

static int get_year(importer *im, rg_jnode *obj, const char *name, long *out)
{
    int present;
    rg_jnode *n = rg_jnode_get(obj, name);
    if (n && cell_number(im, n, name, "a Buddhist-era year such as 2566", 0) < 0)
        return -1;
    if (n && n->type == RG_J_NUMBER && !strpbrk(n->text, ".eE")) {
        long v = strtol(n->text, NULL, 10);
        if (v >= 1900 && v < 2400)
            return fail_at(im, name, n->line, RG_ERR_INPUT,
                           "expected a Buddhist-era year such as 2566, got %ld (a common-era "
                           "year? the Buddhist era is %ld)", v, v + RG_BE_OFFSET);
    }
    return get_int(im, obj, name, 1, 2400, 3000, "a Buddhist-era year such as 2566", out,
                   &present);
}

/* Amounts in baht (JSON number >= 0, at most 2 decimals) -> satang. */
static int get_amount(importer *im, rg_jnode *obj, const char *name, long long *satang)
{
    *satang = 0;
    rg_jnode *n = member(im, obj, name, 0);
    if (!n)
        return im->failed ? -1 : 0;
    if (cell_number(im, n, name, "an amount in baht such as 1,250,000.00", 0) < 0)
        return -1;
    char got[96];
    describe(n, got, sizeof got);
    if (n->type != RG_J_NUMBER)
        return fail_at(im, name, n->line, RG_ERR_INPUT,
                       "expected an amount in baht (a JSON number, 0 or more), got %s", got);
    if (n->text[0] == '-')
        return fail_at(im, name, n->line, RG_ERR_INPUT,
                       "expected an amount of 0 baht or more, got %s", got);
    long long baht = 0, frac = 0;
    const char *p = n->text;
    if (strpbrk(p, "eE")) {
        double v = strtod(p, NULL);
        double cents = v * 100.0;
        if (!(v >= 0 && v <= (double)MAX_AMOUNT_BAHT) || fabs(cents - llround(cents)) > 1e-6)
            return fail_at(im, name, n->line, RG_ERR_INPUT,
                           "expected an amount in baht with at most 2 decimals, got %s", got);
        *satang = llround(cents);
        return 0;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        baht = baht * 10 + (*p - '0');
        if (baht > MAX_AMOUNT_BAHT)
            return fail_at(im, name, n->line, RG_ERR_INPUT, "amount too large: %s baht", got);
    }
    if (*p == '.') {
        p++;
        int digits = 0;
        for (; *p >= '0' && *p <= '9'; p++, digits++) {
            if (digits >= 2) {
                if (*p != '0')
                    return fail_at(im, name, n->line, RG_ERR_INPUT,
                                   "expected an amount in baht with at most 2 decimals "
                                   "(satang), got %s", got);
                continue;
            }
            frac = frac * 10 + (*p - '0');
        }
        if (digits == 1)
            frac *= 10;
    }
    *satang = baht * 100 + frac;
    return 0;
}

static int get_percent(importer *im, rg_jnode *obj, const char *name, double *out,
                       int *present)
{
    *present = 0;
    rg_jnode *n = member(im, obj, name, 0);
    if (!n)
        return im->failed ? -1 : 0;
    if (cell_number(im, n, name, "a percentage from 0 to 100 such as 20 or 20%", 1) < 0)
        return -1;
    char got[96];
    describe(n, got, sizeof got);
    if (n->type != RG_J_NUMBER)
        return fail_at(im, name, n->line, RG_ERR_INPUT,
                       "expected a number from 0 to 100 (a JSON number), got %s", got);
    double v = strtod(n->text, NULL);
    if (!(v >= 0 && v <= 100))
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected a number from 0 to 100, got %s",
                       got);
    *out = v;
    *present = 1;
    return 0;
}

static int get_bool(importer *im, rg_jnode *obj, const char *name, int dflt, int *out)
{
    *out = dflt;
    rg_jnode *n = member(im, obj, name, 0);
    if (!n)
        return im->failed ? -1 : 0;
    if (cell_bool(im, n, name) < 0)
        return -1;
    char got[96];
    if (n->type != RG_J_BOOL)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "expected true or false, got %s",
                       describe(n, got, sizeof got));
    *out = n->boolean;
    return 0;
}

static int get_date(importer *im, rg_jnode *obj, const char *name, int required, char iso[11],
                    int *present)
{
    *present = 0;
    iso[0] = '\0';
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return im->failed ? -1 : 0;
    char got[96];
    if (n->type != RG_J_STRING)
        return fail_at(im, name, n->line, RG_ERR_INPUT,
                       "expected a date (a JSON string such as \"27/10/2560\"), got %s",
                       describe(n, got, sizeof got));
    int y, m, d;
    rg_error date_err;
    rg_error_clear(&date_err);
    if (rg_date_parse_as(n->text, n->cell ? RG_DATE_CELL | n->date_rules : 0, &y, &m, &d,
                         &date_err) < 0)
        return fail_at(im, name, n->line, RG_ERR_INPUT, "%s", date_err.message);
    rg_date_format_iso(y, m, d, iso);
    *present = 1;
    return 0;
}

static rg_jnode *get_container(importer *im, rg_jnode *obj, const char *name, rg_jtype type,
                               int required)
{
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return NULL;
    if (n->type != type) {
        char got[96];
        fail_at(im, name, n->line, RG_ERR_INPUT, "expected %s, got %s",
                type == RG_J_ARRAY ? "a JSON array" : "a JSON object",
                describe(n, got, sizeof got));
        return NULL;
    }
    return n;
}

/* A list of one-line texts, stored joined with '\n' (NULL when absent or []). */
static int get_lines(importer *im, rg_jnode *obj, const char *name, const char **out)
{
    *out = NULL;
    rg_jnode *cell = rg_jnode_find(obj, name);
    if (cell && cell_lines(im, cell, name) < 0)
        return -1;
    rg_jnode *arr = get_container(im, obj, name, RG_J_ARRAY, 0);
    if (!arr || arr->count == 0)
        return im->failed ? -1 : 0;
    rg_buf *b = pool_take(im);
    if (!b)
        return fail_at(im, name, arr->line, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < arr->count; i++) {
        rg_jnode *n = arr->items[i];
        char got[96];
        if (n->type != RG_J_STRING)
            return fail_at_index(im, name, i, n->line, "expected a line of text, got %s",
                                 describe(n, got, sizeof got));
        trim(n);
        if (memchr(n->text, '\n', n->len) || memchr(n->text, '\r', n->len))
            return fail_at_index(im, name, i, n->line, "expected one line of text (give each "
                                 "line as its own list element)");
        if (i > 0)
            rg_buf_putc(b, '\n');
        rg_buf_append(b, n->text, n->len);
    }
    if (!b->data)
        rg_buf_puts(b, "");
    *out = b->data;
    return 0;
}

/* An optional object member, entered: its fields are read with the path
 * pointing at it. NULL when absent or on error. */
static rg_jnode *enter_object(importer *im, rg_jnode *parent, const char *name, size_t *old)
{
    rg_jnode *obj = get_container(im, parent, name, RG_J_OBJECT, 0);
    if (obj)
        *old = path_push_field(im, name);
    return obj;
}

/* Leaves an object entered with enter_object, warning about members no
 * getter asked for (only when all went well: an error says enough). */
static int leave_object(importer *im, rg_jnode *obj, size_t old)
{
    if (!im->failed)
        check_unknown(im, obj);
    path_pop(im, old);
    return im->failed ? -1 : 0;
}

/* ---- writing helpers ---------------------------------------------------------- */

/* One row being written: values are bound in the order of the statement's
 * column list (the kinds table's, kinds.h), then the statement runs. */
typedef struct row {
    importer *im;
    sqlite3_stmt *st;
    int col;
} row;

static row row_start(importer *im, int id)
{
    row r = {im, im->st[id], 0};
    return r;
}

static void row_text(row *r, const char *s)
{
    if (s)
        sqlite3_bind_text(r->st, ++r->col, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(r->st, ++r->col);
}

static void row_int(row *r, long long v)
{
    sqlite3_bind_int64(r->st, ++r->col, v);
}

/* Optional numbers are stored as NULL when not given. */
static void row_int_if(row *r, long long v, int present)
{
    if (present)
        sqlite3_bind_int64(r->st, ++r->col, v);
    else
        sqlite3_bind_null(r->st, ++r->col);
}

static void row_real_if(row *r, double v, int present)
{
    if (present)
        sqlite3_bind_double(r->st, ++r->col, v);
    else
        sqlite3_bind_null(r->st, ++r->col);
}

static int row_run(row *r)
{
    int rc = sqlite3_step(r->st);
    sqlite3_reset(r->st);
    sqlite3_clear_bindings(r->st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return 0;
    return fail_db(r->im, rc, "writing");
}

/* Counts the record as added or updated, then starts the upsert of its main
 * row with the key bound (the rest follows in the kind's column order). */
static int upsert_start(importer *im, rg_kind kind, const char *key, row *r)
{
    int found = exists(im, kind, key);
    if (found < 0)
        return -1;
    if (found)
        im->stats.updated[kind]++;
    else
        im->stats.added[kind]++;
    *r = row_start(im, S_UPSERT + kind);
    row_text(r, key);
    return 0;
}

/* Writes the main row, then empties the record's child tables: its lists
 * are re-inserted whole, so an update drops elements no longer given. */
static int upsert_finish(row *r, rg_kind kind, const char *key)
{
    if (row_run(r) < 0)
        return -1;
    for (int c = 0; c < C_COUNT; c++) {
        if (child_tables[c].owner != kind)
            continue;
        row del = row_start(r->im, S_DELETE + c);
        row_text(&del, key);
        if (row_run(&del) < 0)
            return -1;
    }
    return 0;
}

/* ---- lists of child rows ------------------------------------------------------ */

/* Where the rows of one JSON list go: the child table, and the values that
 * come first in each row (the record's key; for the items of a section and
 * the details of an activity, also its number). */
typedef struct list_target {
    enum child_table table;
    const char *key;
    int with_number;
    long number;
} list_target;

static row child_row(importer *im, const list_target *t)
{
    row r = row_start(im, S_INSERT + t->table);
    row_text(&r, t->key);
    if (t->with_number)
        row_int(&r, t->number);
    return r;
}

/* Imports element `index` of `list` into t->table; 0 or -1 (im->err set). */
typedef int (*item_fn)(importer *im, rg_jnode *list, size_t index, const list_target *t);

/* Each element of `list` (member `name`; NULL: none) in turn, with the path
 * naming the element, until one fails. */
static int import_items(importer *im, rg_jnode *list, const char *name, item_fn import_item,
                        const list_target *t)
{
    for (size_t i = 0; list && i < list->count && !im->failed; i++) {
        size_t old = path_push_index(im, name, i);
        import_item(im, list, i, t);
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
}

/* Rich text `n` as the row (..., index + 1, body): list elements are
 * numbered by their position. */
static int insert_rich(importer *im, rg_jnode *n, size_t index, const list_target *t,
                       const char *expected)
{
    const char *body;
    if (convert_rich(im, n, NULL, expected, &body) < 0)
        return -1;
    row r = child_row(im, t);
    row_int(&r, (long long)index + 1);
    row_text(&r, body);
    return row_run(&r);
}

static int import_rich_item(importer *im, rg_jnode *list, size_t index, const list_target *t)
{
    return insert_rich(im, list->items[index], index, t, "rich text (a JSON string)");
}

/* A list of rich texts (objectives, targets) as (key, seq 1.., body) rows. */
static int import_rich_list(importer *im, rg_jnode *rec, const char *name, const char *key,
                            enum child_table table)
{
    rg_jnode *list = get_container(im, rec, name, RG_J_ARRAY, 0);
    list_target t = {table, key, 0, 0};
    return import_items(im, list, name, import_rich_item, &t);
}

/* Index of an earlier element of `list` with the same "number", or -1.
 * Elements are checked in order, so the map holds the numbers of the
 * elements before `index` (each was valid when it was read). */
static long earlier_with_number(importer *im, rg_jnode *list, size_t index, long number,
                                rg_jnode **other)
{
    if (im->numbers_of != list || index < im->numbers_next) {
        numbers_clear(im);
        im->numbers_of = list;
        im->numbers_next = 0;
    }
    for (; im->numbers_next < index; im->numbers_next++) {
        long n;
        if (element_number(list->items[im->numbers_next], &n) &&
            numbers_put(im, n, im->numbers_next) < 0)
            return fail_at(im, NULL, list->line, RG_ERR_NOMEM, "out of memory");
    }
    size_t found = numbers_get(im, number);
    if (!found)
        return -1;
    *other = rg_jnode_find(list->items[found - 1], "number");
    return (long)found - 1;
}

/* Numbers unique within an array of objects (sections, activities). */
static int check_unique_number(importer *im, rg_jnode *list, size_t index, long number,
                               const char *what)
{
    rg_jnode *other;
    if (earlier_with_number(im, list, index, number, &other) < 0)
        return im->failed ? -1 : 0;
    return fail_at(im, "number", rg_jnode_get(list->items[index], "number")->line,
                   RG_ERR_INPUT, "duplicate %s number %ld (line %ld has it too)", what, number,
                   other->line);
}

/* ---- record kinds ---------------------------------------------------------------- */

/* Walk up from `parent` through stored organizations: reaching `key` would
 * make a loop. (Parents not stored yet are checked when the run ends.) */
static int check_ancestry(importer *im, const char *key, const char *parent, long line)
{
    sqlite3_stmt *st = im->st[S_PARENT_OF];
    char *cur = strdup(parent);
    int rc = 0;
    for (int depth = 0; cur && depth < 1000 && rc == 0; depth++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, cur, -1, SQLITE_TRANSIENT);
        int step = sqlite3_step(st);
        free(cur);
        cur = NULL;
        if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
            const char *up = (const char *)sqlite3_column_text(st, 0);
            if (!strcmp(up, key))
                rc = fail_at(im, "parent", line, RG_ERR_INPUT,
                             "\"%s\" is already below \"%s\": its chain of parents would "
                             "loop", parent, key);
            else
                cur = strdup(up);
        } else if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = fail_db(im, step, "checking organizations");
        }
    }
    sqlite3_reset(st);
    free(cur);
    return rc;
}

static int import_organization(importer *im, rg_jnode *rec, const char *key)
{
    const char *name, *parent;
    get_text(im, rec, "name", 1, &name);
    get_ref(im, rec, "parent", RG_KIND_ORGANIZATION, 0, &parent);
    if (im->failed)
        return -1;
    if (parent && !strcmp(parent, key))
        return fail_at(im, "parent", rg_jnode_get(rec, "parent")->line, RG_ERR_INPUT,
                       "an organization cannot be its own parent");
    if (parent && check_ancestry(im, key, parent, rg_jnode_get(rec, "parent")->line) < 0)
        return -1;
    row r;
    if (upsert_start(im, RG_KIND_ORGANIZATION, key, &r) < 0)
        return -1;
    row_text(&r, name);
    row_text(&r, parent);
    return upsert_finish(&r, RG_KIND_ORGANIZATION, key);
}

static int import_person(importer *im, rg_jnode *rec, const char *key)
{
    const char *name, *position, *phone;
    get_text(im, rec, "name", 1, &name);
    get_text(im, rec, "position", 0, &position);
    get_text(im, rec, "phone", 0, &phone);
    row r;
    if (im->failed || upsert_start(im, RG_KIND_PERSON, key, &r) < 0)
        return -1;
    row_text(&r, name);
    row_text(&r, position);
    row_text(&r, phone);
    return upsert_finish(&r, RG_KIND_PERSON, key);
}

typedef struct strategy {
    const char *issue, *sub_issue, *goal, *indicator;
} strategy;

static int get_strategy(importer *im, rg_jnode *rec, strategy *s)
{
    memset(s, 0, sizeof *s);
    size_t old;
    rg_jnode *obj = enter_object(im, rec, "strategy", &old);
    if (!obj)
        return im->failed ? -1 : 0;
    get_text(im, obj, "issue", 0, &s->issue);
    get_text(im, obj, "sub_issue", 0, &s->sub_issue);
    get_text(im, obj, "goal", 0, &s->goal);
    get_text(im, obj, "indicator", 0, &s->indicator);
    return leave_object(im, obj, old);
}

static void row_strategy(row *r, const strategy *s)
{
    row_text(r, s->issue);
    row_text(r, s->sub_issue);
    row_text(r, s->goal);
    row_text(r, s->indicator);
}

static int import_entry(importer *im, rg_jnode *entries, size_t index, const list_target *t)
{
    rg_jnode *e = entries->items[index];
    if (expect_object(im, e, "a progress entry (an object)") < 0)
        return -1;
    long number;
    int has_number, has_percent, has_date, on_plan, on_target;
    double percent = 0;
    long long used;
    char date[11];
    const char *body;
    get_int(im, e, "number", 1, 1, 100000, "an entry number (an integer, 1 or more)", &number,
            &has_number);
    get_date(im, e, "date", 1, date, &has_date);
    get_rich(im, e, "body", 1, &body);
    get_percent(im, e, "progress_percent", &percent, &has_percent);
    get_amount(im, e, "budget_used", &used);
    get_bool(im, e, "on_plan", 1, &on_plan);
    get_bool(im, e, "on_target", 1, &on_target);
    if (im->failed)
        return -1;
    /* Entry numbers are unique within the project: name both places. */
    rg_jnode *other;
    long j = earlier_with_number(im, entries, index, number, &other);
    if (im->failed)
        return -1;
    if (j >= 0)
        return fail_at(im, "number", rg_jnode_get(e, "number")->line, RG_ERR_INPUT,
                       "duplicate entry number %ld (entry %ld, line %ld, has it too)", number,
                       j, other->line);
    if (check_unknown(im, e) < 0)
        return -1;
    row r = child_row(im, t);
    row_int(&r, number);
    row_text(&r, date);
    row_text(&r, body);
    row_real_if(&r, percent, has_percent);
    row_int(&r, used);
    row_int(&r, on_plan);
    row_int(&r, on_target);
    return row_run(&r);
}

static int import_project(importer *im, rg_jnode *rec, const char *key)
{
    const char *code, *name, *org, *responsible, *coordinator, *rationale;
    long year;
    char start[11], end[11];
    int has_start, has_end;
    long long received, spent;
    strategy s;
    get_text(im, rec, "code", 1, &code);
    get_text(im, rec, "name", 1, &name);
    get_year(im, rec, "fiscal_year", &year);
    get_date(im, rec, "start_date", 1, start, &has_start);
    get_date(im, rec, "end_date", 1, end, &has_end);
    get_amount(im, rec, "budget_received", &received);
    get_amount(im, rec, "budget_spent", &spent);
    get_ref(im, rec, "organization", RG_KIND_ORGANIZATION, 1, &org);
    get_ref(im, rec, "responsible", RG_KIND_PERSON, 0, &responsible);
    get_ref(im, rec, "coordinator", RG_KIND_PERSON, 0, &coordinator);
    get_rich(im, rec, "rationale", 0, &rationale);
    get_strategy(im, rec, &s);
    if (im->failed)
        return -1;
    if (strcmp(end, start) < 0)
        return fail_at(im, "end_date", rg_jnode_get(rec, "end_date")->line, RG_ERR_INPUT,
                       "the project ends (%s) before it starts (%s)", end, start);
    row r;
    if (upsert_start(im, RG_KIND_PROJECT, key, &r) < 0)
        return -1;
    row_text(&r, code);
    row_text(&r, name);
    row_int(&r, year);
    row_text(&r, start);
    row_text(&r, end);
    row_int(&r, received);
    row_int(&r, spent);
    row_text(&r, org);
    row_text(&r, responsible);
    row_text(&r, coordinator);
    row_text(&r, rationale);
    row_strategy(&r, &s);
    if (upsert_finish(&r, RG_KIND_PROJECT, key) < 0 ||
        import_rich_list(im, rec, "objectives", key, C_OBJECTIVES) < 0 ||
        import_rich_list(im, rec, "targets", key, C_TARGETS) < 0)
        return -1;
    rg_jnode *entries = get_container(im, rec, "entries", RG_J_ARRAY, 0);
    list_target t = {C_ENTRIES, key, 0, 0};
    return import_items(im, entries, "entries", import_entry, &t);
}

/* Quarters are numbered by position: null leaves a quarter without text. */
static int import_quarter(importer *im, rg_jnode *quarters, size_t index, const list_target *t)
{
    rg_jnode *q = quarters->items[index];
    if (q->type == RG_J_NULL)
        return 0;
    return insert_rich(im, q, index, t, "rich text (a JSON string) or null");
}

static int import_indicator(importer *im, rg_jnode *rec, const char *key)
{
    const char *name, *level, *org, *definition, *calculation, *target, *achieved, *summary,
        *factors, *obstacles, *evidence, *reporter;
    long year, number = 0;
    int has_number;
    strategy s;
    get_year(im, rec, "fiscal_year", &year);
    get_int(im, rec, "number", 0, 0, 1000000, "an indicator number (an integer)", &number,
            &has_number);
    get_text(im, rec, "name", 1, &name);
    get_text(im, rec, "level", 1, &level);
    if (level && strcmp(level, "output") && strcmp(level, "outcome"))
        fail_at(im, "level", rg_jnode_get(rec, "level")->line, RG_ERR_INPUT,
                "expected \"output\" or \"outcome\", got \"%s\"", level);
    get_ref(im, rec, "organization", RG_KIND_ORGANIZATION, 1, &org);
    get_strategy(im, rec, &s);
    get_rich(im, rec, "definition", 0, &definition);
    get_rich(im, rec, "calculation", 0, &calculation);
    get_text(im, rec, "target", 0, &target);
    get_text(im, rec, "achieved", 0, &achieved);
    get_rich(im, rec, "summary", 0, &summary);
    get_rich(im, rec, "factors", 0, &factors);
    get_rich(im, rec, "obstacles", 0, &obstacles);
    get_rich(im, rec, "evidence", 0, &evidence);
    get_ref(im, rec, "reporter", RG_KIND_PERSON, 0, &reporter);
    rg_jnode *quarters = get_container(im, rec, "quarters", RG_J_ARRAY, 0);
    if (quarters && quarters->count > 4)
        fail_at(im, "quarters", quarters->line, RG_ERR_INPUT,
                "expected at most 4 quarters, got %zu", quarters->count);
    row r;
    if (im->failed || upsert_start(im, RG_KIND_INDICATOR, key, &r) < 0)
        return -1;
    row_int(&r, year);
    row_int_if(&r, number, has_number);
    row_text(&r, name);
    row_text(&r, level);
    row_text(&r, org);
    row_strategy(&r, &s);
    row_text(&r, definition);
    row_text(&r, calculation);
    row_text(&r, target);
    row_text(&r, achieved);
    row_text(&r, summary);
    row_text(&r, factors);
    row_text(&r, obstacles);
    row_text(&r, evidence);
    row_text(&r, reporter);
    if (upsert_finish(&r, RG_KIND_INDICATOR, key) < 0)
        return -1;
    list_target t = {C_QUARTERS, key, 0, 0};
    return import_items(im, quarters, "quarters", import_quarter, &t);
}

/* A signatory object: role (when `with_role`), name, position_lines. */
static int get_signatory(importer *im, rg_jnode *obj, int with_role, const char **role,
                         const char **name, const char **lines)
{
    if (expect_object(im, obj, "a signatory (an object)") < 0)
        return -1;
    *role = NULL;
    if (with_role)
        get_text(im, obj, "role", 1, role);
    get_text(im, obj, "name", 1, name);
    get_lines(im, obj, "position_lines", lines);
    if (!im->failed)
        check_unknown(im, obj);
    return im->failed ? -1 : 0;
}

static int import_signatory(importer *im, rg_jnode *list, size_t index, const list_target *t)
{
    const char *role, *name, *lines;
    if (get_signatory(im, list->items[index], 1, &role, &name, &lines) < 0)
        return -1;
    row r = child_row(im, t);
    row_int(&r, (long long)index + 1);
    row_text(&r, role);
    row_text(&r, name);
    row_text(&r, lines);
    return row_run(&r);
}

/* An image a record names (member `name`, its text in *value): stored in
 * the database and *value replaced by its reference "sha256:HEX"
 * (store/images.h). The value is a data: URI, the reference of an image
 * already stored, or a path relative to the JSON file, read only inside the
 * directories allowed (the file's own, the database's, the options' and
 * $RAINGAN_IMAGE_DIRS) and at most the size limit. Whatever its source, the
 * image is decoded whole (libpng, libjpeg) before it is stored, so a damaged
 * one is refused here, naming the record, never at render time. */
static void store_image(importer *im, rg_jnode *n, const char *name, const char **value)
{
    const char *text = *value;
    long line = n ? n->line : 0;
    const char *record = im->record_key ? im->record_key : "";
    long long max_bytes = im->options->image_max_bytes > 0 ? im->options->image_max_bytes
                                                            : RG_IMAGE_MAX_BYTES_DEFAULT;
    if (rg_image_is_ref(text)) {   /* an image already stored (a patch, a copy) */
        unsigned char *data = NULL;
        size_t len = 0;
        rg_error why;
        int found = rg_store_image_get(im->db, text, &data, &len, &why);
        free(data);
        if (found < 0)
            fail_at(im, name, line, why.code, "%s", why.message);
        else if (!found)
            fail_at(im, name, line, RG_ERR_INPUT, "image of record %s: no image %s is stored in "
                    "this database; give the image itself (a file or a data: URI)", record, text);
        return;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    rg_error why;
    rg_error_clear(&why);
    char label[80];
    if (rg_image_is_data_uri(text)) {
        snprintf(label, sizeof label, "(data: URI)");
        if (rg_image_data_uri_decode(text, max_bytes, &data, &len, &why) < 0) {
            fail_at(im, name, line, why.code, "image of record %s: %s", record, why.message);
            return;
        }
    } else {
        if (!im->file_is_real) {
            /* A document from memory (a request to the service, a PDF's
             * embedded data) names no file of this machine. */
            fail_at(im, name, line, RG_ERR_INPUT, "image of record %s: %s names a file, and a "
                    "document that is not a file may not: give the image as a data: URI "
                    "(data:image/png;base64,...)", record, text);
            return;
        }
        rg_buf *abs = pool_take(im);
        if (!abs) {
            fail_at(im, name, line, RG_ERR_NOMEM, "out of memory");
            return;
        }
        /* Relative to the JSON file's directory, which is allowed too. */
        char *dir_copy = strdup(im->file);
        char *slash = dir_copy ? strrchr(dir_copy, '/') : NULL;
        const char *dir = ".";
        if (slash) {
            *slash = '\0';
            dir = dir_copy[0] ? dir_copy : "/";
        }
        if (text[0] == '/')
            rg_buf_puts(abs, text);
        else
            rg_buf_printf(abs, "%s/%s", dir, text);
        const char *dirs[64];
        size_t count = 0;
        for (size_t i = 0; i < im->options->image_dir_count && count < 62; i++)
            dirs[count++] = im->options->image_dirs[i];
        dirs[count++] = dir;
        char *db_dir = NULL;
        const char *db_path = rg_store_path(im->store);
        if (db_path && strcmp(db_path, ":memory:") != 0) {
            db_dir = realpath(db_path, NULL);
            char *cut = db_dir ? strrchr(db_dir, '/') : NULL;
            char *file_dir = realpath(dir, NULL);
            if (cut) {
                *cut = '\0';
                if (!file_dir || strcmp(file_dir, *db_dir ? db_dir : "/"))   /* once */
                    dirs[count++] = *db_dir ? db_dir : "/";
            }
            free(file_dir);
        }
        char *real = dir_copy ? rg_image_path_allowed_env(abs->data, dirs, count, &why) : NULL;
        free(db_dir);
        free(dir_copy);
        if (!real) {
            if (!why.code)
                rg_error_set(&why, RG_ERR_NOMEM, "out of memory");
            fail_at(im, name, line, why.code, "image of record %s: %s", record, why.message);
            return;
        }
        int rc = rg_image_file_read(real, max_bytes, &data, &len, &why);
        free(real);
        if (rc < 0) {
            fail_at(im, name, line, why.code, "image of record %s: %s", record, why.message);
            return;
        }
        snprintf(label, sizeof label, "%s", "");
    }
    int w, h;
    if (rg_image_bytes_check(label[0] ? label : text, data, len, &w, &h, &why) < 0) {
        free(data);
        fail_at(im, name, line, why.code, "image of record %s: %s", record, why.message);
        return;
    }
    char ref[RG_IMAGE_REF_SIZE];
    rg_buf *b = pool_take(im);
    if (!b) {
        free(data);
        fail_at(im, name, line, RG_ERR_NOMEM, "out of memory");
        return;
    }
    if (rg_store_image_put(im->db, rg_store_path(im->store), data, len, ref, &why) < 0) {
        free(data);
        fail_at(im, name, line, why.code, "%s", why.message);
        return;
    }
    free(data);
    rg_buf_puts(b, ref);
    *value = b->data;
}

typedef struct announcement {
    int present;
    const char *heading, *subject, *body, *closing, *signer_name, *signer_lines, *emblem;
    char date[11];
} announcement;

static int get_announcement(importer *im, rg_jnode *rec, announcement *a)
{
    memset(a, 0, sizeof *a);
    size_t old, old_signer;
    rg_jnode *obj = enter_object(im, rec, "announcement", &old);
    if (!obj)
        return im->failed ? -1 : 0;
    a->present = 1;
    int has_date;
    get_text(im, obj, "heading", 0, &a->heading);
    get_text(im, obj, "subject", 0, &a->subject);
    get_rich(im, obj, "body", 0, &a->body);
    get_text(im, obj, "closing", 0, &a->closing);
    get_date(im, obj, "date", 0, a->date, &has_date);
    get_text(im, obj, "emblem", 0, &a->emblem);
    if (a->emblem && *a->emblem)
        store_image(im, rg_jnode_get(obj, "emblem"), "emblem", &a->emblem);
    rg_jnode *signer = enter_object(im, obj, "signer", &old_signer);
    if (signer) {   /* get_signatory warns about its unknown members itself */
        const char *role;
        get_signatory(im, signer, 0, &role, &a->signer_name, &a->signer_lines);
        path_pop(im, old_signer);
    }
    return leave_object(im, obj, old);
}

typedef struct cover {
    const char *lines, *footer_lines, *back_lines;
} cover;

static int get_cover(importer *im, rg_jnode *rec, cover *c)
{
    memset(c, 0, sizeof *c);
    size_t old;
    rg_jnode *obj = enter_object(im, rec, "cover", &old);
    if (!obj)
        return im->failed ? -1 : 0;
    get_lines(im, obj, "lines", &c->lines);
    get_lines(im, obj, "footer_lines", &c->footer_lines);
    get_lines(im, obj, "back_lines", &c->back_lines);
    return leave_object(im, obj, old);
}

/* months: calendar month numbers 1..12, each at most once -> bit (month - 1). */
static int get_months(importer *im, rg_jnode *detail, long *mask)
{
    *mask = 0;
    rg_jnode *cell = rg_jnode_find(detail, "months");
    if (cell && cell_months(im, cell, "months") < 0)
        return -1;
    rg_jnode *arr = get_container(im, detail, "months", RG_J_ARRAY, 0);
    if (!arr)
        return im->failed ? -1 : 0;
    for (size_t i = 0; i < arr->count; i++) {
        rg_jnode *n = arr->items[i];
        char got[96];
        long m = 0;
        if (n->type == RG_J_NUMBER && !strpbrk(n->text, ".eE"))
            m = strtol(n->text, NULL, 10);
        if (m < 1 || m > 12)
            return fail_at_index(im, "months", i, n->line,
                                 "expected a calendar month number from 1 (January) to 12, "
                                 "got %s", describe(n, got, sizeof got));
        if (*mask & (1L << (m - 1)))
            return fail_at_index(im, "months", i, n->line, "month %ld is listed twice", m);
        *mask |= 1L << (m - 1);
    }
    return 0;
}

static int import_detail(importer *im, rg_jnode *list, size_t index, const list_target *t)
{
    rg_jnode *d = list->items[index];
    if (expect_object(im, d, "a detail row {\"text\": ..., \"months\": [...]}") < 0)
        return -1;
    const char *text;
    long mask;
    get_text(im, d, "text", 1, &text);
    get_months(im, d, &mask);
    if (im->failed || check_unknown(im, d) < 0)
        return -1;
    row r = child_row(im, t);
    row_int(&r, (long long)index + 1);
    row_text(&r, text);
    row_int(&r, mask);
    return row_run(&r);
}

/* Sections and activities of a plan have one shape: a number unique in the
 * plan, a required text, an optional one, and a list of rows of their own. */
typedef struct numbered_shape {
    const char *object;            /* what is expected: "a section (an object)" */
    const char *what;              /* in "duplicate section number" */
    long max_number;
    const char *number_expected;
    const char *title, *extra;     /* member names */
    int extra_is_rich;
    const char *list;              /* the member holding the rows of its own */
    enum child_table list_table;
    item_fn import_list_item;
} numbered_shape;

static const numbered_shape section_shape = {
    "a section (an object)", "section", 1000, "a section number (an integer, 1 or more)",
    "title", "body", 1, "items", C_SECTION_ITEMS, import_rich_item,
};

static const numbered_shape activity_shape = {
    "an activity (an object)", "activity", 100000, "an activity number (an integer, 1 or more)",
    "name", "remarks", 0, "details", C_DETAILS, import_detail,
};

static int import_numbered(importer *im, rg_jnode *list, size_t index, const list_target *t,
                           const numbered_shape *shape)
{
    rg_jnode *obj = list->items[index];
    if (expect_object(im, obj, shape->object) < 0)
        return -1;
    long number;
    int has_number;
    const char *title, *extra;
    get_int(im, obj, "number", 1, 1, shape->max_number, shape->number_expected, &number,
            &has_number);
    get_text(im, obj, shape->title, 1, &title);
    if (shape->extra_is_rich)
        get_rich(im, obj, shape->extra, 0, &extra);
    else
        get_text(im, obj, shape->extra, 0, &extra);
    rg_jnode *own = get_container(im, obj, shape->list, RG_J_ARRAY, 0);
    if (im->failed || check_unique_number(im, list, index, number, shape->what) < 0)
        return -1;
    if (check_unknown(im, obj) < 0)
        return -1;
    row r = child_row(im, t);
    row_int(&r, number);
    row_text(&r, title);
    row_text(&r, extra);
    if (row_run(&r) < 0)
        return -1;
    list_target own_target = {shape->list_table, t->key, 1, number};
    return import_items(im, own, shape->list, shape->import_list_item, &own_target);
}

static int import_section(importer *im, rg_jnode *list, size_t index, const list_target *t)
{
    return import_numbered(im, list, index, t, &section_shape);
}

static int import_activity(importer *im, rg_jnode *list, size_t index, const list_target *t)
{
    return import_numbered(im, list, index, t, &activity_shape);
}

static int import_plan(importer *im, rg_jnode *rec, const char *key)
{
    const char *org, *title, *footnote, *note;
    long year;
    char start[11], end[11];
    int has_start, has_end;
    cover c;
    announcement a;
    get_ref(im, rec, "organization", RG_KIND_ORGANIZATION, 1, &org);
    get_year(im, rec, "fiscal_year", &year);
    get_text(im, rec, "title", 1, &title);
    get_cover(im, rec, &c);
    get_announcement(im, rec, &a);
    get_date(im, rec, "period_start", 0, start, &has_start);
    get_date(im, rec, "period_end", 0, end, &has_end);
    get_text(im, rec, "footnote", 0, &footnote);
    get_text(im, rec, "note", 0, &note);
    rg_jnode *sections = get_container(im, rec, "sections", RG_J_ARRAY, 0);
    rg_jnode *signatories = get_container(im, rec, "signatories", RG_J_ARRAY, 0);
    rg_jnode *activities = get_container(im, rec, "activities", RG_J_ARRAY, 0);
    if (im->failed)
        return -1;
    if (has_start && has_end && strcmp(end, start) < 0)
        return fail_at(im, "period_end", rg_jnode_get(rec, "period_end")->line, RG_ERR_INPUT,
                       "the period ends (%s) before it starts (%s)", end, start);
    row r;
    if (upsert_start(im, RG_KIND_PLAN, key, &r) < 0)
        return -1;
    row_text(&r, org);
    row_int(&r, year);
    row_text(&r, title);
    row_text(&r, c.lines);
    row_text(&r, c.footer_lines);
    row_text(&r, c.back_lines);
    row_int(&r, a.present);
    row_text(&r, a.heading);
    row_text(&r, a.subject);
    row_text(&r, a.body);
    row_text(&r, a.closing);
    row_text(&r, a.date[0] ? a.date : NULL);
    row_text(&r, a.signer_name);
    row_text(&r, a.signer_lines);
    row_text(&r, a.emblem);
    row_text(&r, has_start ? start : NULL);
    row_text(&r, has_end ? end : NULL);
    row_text(&r, footnote);
    row_text(&r, note);
    if (upsert_finish(&r, RG_KIND_PLAN, key) < 0)
        return -1;
    list_target section_target = {C_SECTIONS, key, 0, 0};
    list_target signatory_target = {C_SIGNATORIES, key, 0, 0};
    list_target activity_target = {C_ACTIVITIES, key, 0, 0};
    import_items(im, sections, "sections", import_section, &section_target);
    import_items(im, signatories, "signatories", import_signatory, &signatory_target);
    import_items(im, activities, "activities", import_activity, &activity_target);
    return im->failed ? -1 : 0;
}

/* ---- the stored record as JSON: patches and reported changes --------------- */

static int keep_record(void *user, rg_jnode *record, long index, rg_error *err)
{
    (void)index;
    (void)err;
    *(rg_jnode **)user = record;
    return 1;   /* the tree is ours */
}

/* The stored record of `kind` with `key` as export writes it, every node
 * given line `line`; NULL when it is not stored (or on error: im->failed). */
static rg_jnode *stored_record(importer *im, rg_kind kind, const rg_kind_decl *decl,
                               const char *key, long line)
{
    rg_buf json = RG_BUF_INIT;
    rg_jnode *record = NULL;
    int found = decl ? rg_store_export_declared_record(im->store, decl, key, &json, im->err)
                     : rg_store_export_record(im->store, kind, key, &json, im->err);
    if (found < 0) {
        im->failed = 1;
    } else if (found) {
        rg_json_source src = {"(stored record)", json.data, json.len, 0};
        if (rg_json_read(&src, keep_record, &record, im->err) < 0)
            im->failed = 1;
    }
    rg_buf_free(&json);
    if (record && line) {
        rg_jnode *copy = rg_jnode_clone(record, line);
        rg_jnode_free(record);
        record = copy;
        if (!record)
            fail_at(im, NULL, line, RG_ERR_NOMEM, "out of memory");
    }
    return record;
}

/* Lists whose elements are matched by their "number" (in patches and in
 * reported changes); other lists are taken whole. */
static int numbered_list(const char *name)
{
    return !strcmp(name, "entries") || !strcmp(name, "sections") || !strcmp(name, "activities");
}

static int merge_object(importer *im, rg_jnode *base, rg_jnode *patch);

/* Patch elements into a numbered list: an element whose number is stored is
 * merged into it ("delete": true removes it), a new number is added. */
static int merge_numbered(importer *im, rg_jnode *base, rg_jnode *patch, const char *name)
{
    for (size_t i = 0; i < patch->count; i++) {   /* numbers from table cells, typed */
        rg_jnode *n = patch->items[i]->type == RG_J_OBJECT
                          ? rg_jnode_find(patch->items[i], "number") : NULL;
        if (n && n->cell) {
            size_t old = path_push_index(im, name, i);
            int rc = cell_number(im, n, "number", "an element number (an integer, 1 or more)", 0);
            path_pop(im, old);
            if (rc < 0)
                return -1;
        }
    }
    for (size_t i = 0; i < patch->count; i++) {   /* one change per element */
        long number;
        rg_jnode *other;
        if (!element_number(patch->items[i], &number))
            continue;   /* said below */
        if (earlier_with_number(im, patch, i, number, &other) >= 0)
            return fail_at_index(im, name, i, patch->items[i]->line, "number %ld is patched "
                                 "twice (line %ld has it too)", number, other->line);
        if (im->failed)
            return -1;
    }
    numbers_clear(im);
    im->numbers_of = NULL;
    for (size_t i = 0; i < base->count; i++) {
        long n;
        if (element_number(base->items[i], &n) && numbers_put(im, n, i) < 0)
            return fail_at(im, name, patch->line, RG_ERR_NOMEM, "out of memory");
    }
    size_t removed = 0;
    for (size_t i = 0; i < patch->count && !im->failed; i++) {
        rg_jnode *p = patch->items[i];
        long number;
        if (p->type != RG_J_OBJECT || !element_number(p, &number))
            return fail_at_index(im, name, i, p->line, "in a patch, each element of %s is an "
                                 "object with its \"number\" (an integer)", name);
        size_t at = numbers_get(im, number);
        rg_jnode *del = rg_jnode_find(p, "delete");
        if (del) {
            del->used = 1;
            if (del->type != RG_J_BOOL || !del->boolean || p->count != 2)
                return fail_at_index(im, name, i, del->line, "\"delete\": true goes with the "
                                     "\"number\" alone");
            if (!at || !base->items[at - 1])
                return fail_at_index(im, name, i, p->line, "no stored element with number %ld "
                                     "to delete", number);
            rg_jnode_free(base->items[at - 1]);
            base->items[at - 1] = NULL;   /* removed below, keeping positions valid */
            removed++;
            continue;
        }
        if (at && base->items[at - 1]) {
            size_t old = path_push_index(im, name, i);
            merge_object(im, base->items[at - 1], p);
            base->items[at - 1]->line = p->line;   /* messages about it name the patch */
            path_pop(im, old);
        } else {
            rg_jnode *copy = rg_jnode_clone(p, 0);
            if (!copy || rg_jnode_append(base, copy) < 0 ||
                numbers_put(im, number, base->count - 1) < 0)
                return fail_at(im, name, p->line, RG_ERR_NOMEM, "out of memory");
        }
    }
    if (removed) {   /* squeeze out the deleted elements in one pass */
        size_t w = 0;
        for (size_t i = 0; i < base->count; i++)
            if (base->items[i])
                base->items[w++] = base->items[i];
        base->count = w;
    }
    return im->failed ? -1 : 0;
}

/* Patch `patch`'s members into `base` (both objects): absent members keep
 * their stored values; null stays null (it clears the field, and a field no
 * reader knows is still reported); objects merge member by member; numbered
 * lists merge by number; anything else replaces. */
static int merge_object(importer *im, rg_jnode *base, rg_jnode *patch)
{
    for (size_t i = 0; i < patch->count && !im->failed; i++) {
        rg_jnode *p = patch->items[i];
        if (p->used)   /* "patch" itself */
            continue;
        rg_jnode *b = rg_jnode_find(base, p->key);
        if (b && b->type == RG_J_OBJECT && p->type == RG_J_OBJECT) {
            size_t old = path_push_field(im, p->key);
            merge_object(im, b, p);
            path_pop(im, old);
        } else if (b && b->type == RG_J_ARRAY && p->type == RG_J_ARRAY && numbered_list(p->key)) {
            merge_numbered(im, b, p, p->key);
        } else {
            rg_jnode *copy = rg_jnode_clone(p, 0);
            if (!copy || rg_jnode_set_member(base, p->key, copy) < 0)
                return fail_at(im, p->key, p->line, RG_ERR_NOMEM, "out of memory");
        }
    }
    return im->failed ? -1 : 0;
}

/* ---- reporting what a record changes -------------------------------------- */

#define SHOWN_CHARS 60    /* characters of a text shown in a reported change */

/* Byte offset of character `n` of s (or its end). */
static size_t char_offset(const char *s, size_t len, size_t n)
{
    size_t i = 0;
    for (; i < len && n > 0; n--)
        for (i++; i < len && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    return i;
}

/* A value as a reported change shows it: numbers and short texts whole, long
 * texts from `from` (a byte offset: where two versions start to differ, less
 * some context) for SHOWN_CHARS characters, lists by their length. */
static const char *describe_change(const rg_jnode *n, size_t from, char *buf, size_t cap)
{
    if (n->type == RG_J_ARRAY) {
        snprintf(buf, cap, "a list of %zu", n->count);
        return buf;
    }
    if (n->type != RG_J_STRING)
        return rg_jnode_describe(n, buf, cap);
    size_t end = from + char_offset(n->text + from, n->len - from, SHOWN_CHARS);
    snprintf(buf, cap, "%s\"%.*s\"%s", from ? "..." : "", (int)(end - from), n->text + from,
             end < n->len ? "..." : "");
    return buf;
}

static void report(importer *im, rg_change_type type, rg_kind kind, const char *key,
                   const rg_jnode *before, const rg_jnode *after)
{
    const char *kind_name = im->declared_kind ? im->declared_kind->name
                                              : rg_store_kind_name(kind);
    char b[1024], a[1024];
    size_t from = 0;
    if (before && after && before->type == RG_J_STRING && after->type == RG_J_STRING) {
        size_t common = 0, chars = 0;   /* show both from a little before they differ */
        while (common < before->len && common < after->len &&
               before->text[common] == after->text[common])
            common++;
        while (common > 0 && ((unsigned char)before->text[common] & 0xC0) == 0x80)
            common--;
        for (size_t i = 0; i < common; i++)
            chars += ((unsigned char)before->text[i] & 0xC0) != 0x80;
        if (chars > SHOWN_CHARS / 2)
            from = char_offset(before->text, before->len, chars - 10);
    }
    rg_import_change c = {type, kind, key, im->change_path.data ? im->change_path.data : "",
                          before ? describe_change(before, from, b, sizeof b) : NULL,
                          after ? describe_change(after, from, a, sizeof a) : NULL, kind_name};
    im->options->on_change(im->options->user, &c);
}

static int same_value(const rg_jnode *x, const rg_jnode *y)
{
    if (x->type != y->type || x->count != y->count)
        return 0;
    switch (x->type) {
    case RG_J_NULL: return 1;
    case RG_J_BOOL: return x->boolean == y->boolean;
    case RG_J_NUMBER:
    case RG_J_STRING: return x->len == y->len && !memcmp(x->text, y->text, x->len);
    case RG_J_ARRAY:
        for (size_t i = 0; i < x->count; i++)
            if (!same_value(x->items[i], y->items[i]))
                return 0;
        return 1;
    case RG_J_OBJECT:
        for (size_t i = 0; i < x->count; i++) {
            const rg_jnode *other = rg_jnode_find(y, x->items[i]->key);
            if (!other || !same_value(x->items[i], other))
                return 0;
        }
        return 1;
    }
    return 0;
}

typedef struct diff_ctx {
    importer *im;
    rg_kind kind;
    const char *key;
    long changes;
} diff_ctx;

static void diff_value(diff_ctx *d, const rg_jnode *before, const rg_jnode *after,
                       const char *name);

/* Path segments while comparing: ".name", "name[number=3]", "name[2]". */
static size_t change_push(importer *im, const char *fmt, const char *name, long n)
{
    size_t old = im->change_path.len;
    if (old)
        rg_buf_putc(&im->change_path, '.');
    rg_buf_printf(&im->change_path, fmt, name, n);
    return old;
}

static void change_pop(importer *im, size_t old)
{
    im->change_path.len = old;
    if (im->change_path.data)
        im->change_path.data[old] = '\0';
}

static void diff_element(diff_ctx *d, const rg_jnode *before, const rg_jnode *after,
                         const char *fmt, const char *name, long n)
{
    size_t old = change_push(d->im, fmt, name, n);
    if (!before || !after) {
        report(d->im, before ? RG_CHANGE_ELEMENT_DELETED : RG_CHANGE_ELEMENT_ADDED, d->kind,
               d->key, before, after);
        d->changes++;
    } else {
        diff_value(d, before, after, NULL);
    }
    change_pop(d->im, old);
}

/* Numbered lists element by number (before's order, then the new ones);
 * others element by position. */
static void diff_list(diff_ctx *d, const rg_jnode *before, const rg_jnode *after,
                      const char *name)
{
    importer *im = d->im;
    if (!numbered_list(name)) {
        size_t n = before->count > after->count ? before->count : after->count;
        for (size_t i = 0; i < n; i++)
            diff_element(d, i < before->count ? before->items[i] : NULL,
                         i < after->count ? after->items[i] : NULL, "%s[%ld]", name, (long)i);
        return;
    }
    numbers_clear(im);
    im->numbers_of = NULL;
    for (size_t i = 0; i < after->count; i++) {
        long n;
        if (element_number(after->items[i], &n))
            numbers_put(im, n, i);
    }
    char *seen = calloc(after->count ? after->count : 1, 1);
    if (!seen)
        return;
    for (size_t i = 0; i < before->count; i++) {
        long n = 0;
        element_number(before->items[i], &n);
        size_t at = numbers_get(im, n);
        if (at)
            seen[at - 1] = 1;
        diff_element(d, before->items[i], at ? after->items[at - 1] : NULL, "%s[number=%ld]",
                     name, n);
    }
    for (size_t i = 0; i < after->count; i++) {
        long n = 0;
        if (!seen[i] && element_number(after->items[i], &n))
            diff_element(d, NULL, after->items[i], "%s[number=%ld]", name, n);
    }
    free(seen);
}

static void diff_value(diff_ctx *d, const rg_jnode *before, const rg_jnode *after,
                       const char *name)
{
    size_t old = name ? change_push(d->im, "%s", name, 0) : d->im->change_path.len;
    if (before->type == RG_J_OBJECT && after->type == RG_J_OBJECT) {
        for (size_t i = 0; i < after->count; i++) {
            const rg_jnode *a = after->items[i], *b = rg_jnode_find(before, a->key);
            if (b) {
                diff_value(d, b, a, a->key);
            } else {
                size_t at = change_push(d->im, "%s", a->key, 0);
                report(d->im, RG_CHANGE_FIELD_SET, d->kind, d->key, NULL, a);
                d->changes++;
                change_pop(d->im, at);
            }
        }
        for (size_t i = 0; i < before->count; i++)
            if (!rg_jnode_find(after, before->items[i]->key)) {
                size_t at = change_push(d->im, "%s", before->items[i]->key, 0);
                report(d->im, RG_CHANGE_FIELD_CLEARED, d->kind, d->key, before->items[i], NULL);
                d->changes++;
                change_pop(d->im, at);
            }
    } else if (before->type == RG_J_ARRAY && after->type == RG_J_ARRAY && name) {
        change_pop(d->im, old);   /* the list's elements carry its name */
        diff_list(d, before, after, name);
        return;
    } else if (!same_value(before, after)) {
        report(d->im, RG_CHANGE_FIELD_CHANGED, d->kind, d->key, before, after);
        d->changes++;
    }
    change_pop(d->im, old);
}

/* Reports the record's change: created, unchanged, or updated and how. */
static void report_record(importer *im, rg_kind kind, const char *key, const rg_jnode *before,
                          const rg_jnode *after)
{
    rg_buf_reset(&im->change_path);
    if (!before) {
        report(im, RG_CHANGE_CREATE, kind, key, NULL, NULL);
        return;
    }
    if (!after)
        return;
    diff_ctx d = {im, kind, key, 0};
    if (same_value(before, after)) {
        report(im, RG_CHANGE_SAME, kind, key, NULL, NULL);
        return;
    }
    report(im, RG_CHANGE_UPDATE, kind, key, NULL, NULL);
    diff_value(&d, before, after, NULL);
}

/* ---- declared kinds (kind files, docs/kinds.md) --------------------------------- */

/* The statements of one declared kind, prepared when its first record comes. */
typedef struct declared_stmts {
    const rg_kind_decl *decl;
    sqlite3_stmt *exists, *upsert;
    sqlite3_stmt **delete_rows, **insert_rows;   /* one per list */
} declared_stmts;

static int insert_sql(rg_buf *sql, const char *table, const char *columns, int upsert);

/* "key, subject, date, ..." / "memo_key, seq, text, ...": bind order. */
static void declared_columns(rg_buf *out, const char *first, const rg_field_decl *fields,
                             size_t count)
{
    rg_buf_puts(out, first);
    for (size_t i = 0; i < count; i++)
        rg_buf_printf(out, ", %s", fields[i].column);
}

static int declared_prepare(importer *im, sqlite3_stmt **st, const char *sql)
{
    int rc = sql ? sqlite3_prepare_v3(im->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL)
                 : SQLITE_NOMEM;
    return rc == SQLITE_OK ? 0 : fail_db(im, rc, "preparing the import of a declared kind");
}

static void declared_stmts_free(declared_stmts *ds)
{
    sqlite3_finalize(ds->exists);
    sqlite3_finalize(ds->upsert);
    for (size_t i = 0; ds->decl && i < ds->decl->list_count; i++) {
        if (ds->delete_rows)
            sqlite3_finalize(ds->delete_rows[i]);
        if (ds->insert_rows)
            sqlite3_finalize(ds->insert_rows[i]);
    }
    free(ds->delete_rows);
    free(ds->insert_rows);
    memset(ds, 0, sizeof *ds);
}

static declared_stmts *declared_statements(importer *im, const rg_kind_decl *d)
{
    size_t n = rg_store_declared_count(im->store), at = 0;
    while (at < n && rg_store_declared_at(im->store, at) != d)
        at++;
    assert(at < n);
    if (im->declared_count < n) {
        declared_stmts *grown = realloc(im->declared, n * sizeof *grown);
        if (!grown) {
            fail_at(im, NULL, 0, RG_ERR_NOMEM, "out of memory");
            return NULL;
        }
        memset(grown + im->declared_count, 0, (n - im->declared_count) * sizeof *grown);
        im->declared = grown;
        im->declared_count = n;
    }
    declared_stmts *ds = &im->declared[at];
    if (ds->decl == d)
        return ds;
    declared_stmts_free(ds);
    ds->decl = d;
    ds->delete_rows = calloc(d->list_count + 1, sizeof *ds->delete_rows);
    ds->insert_rows = calloc(d->list_count + 1, sizeof *ds->insert_rows);
    if (!ds->delete_rows || !ds->insert_rows) {
        fail_at(im, NULL, 0, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    rg_buf sql = RG_BUF_INIT, cols = RG_BUF_INIT;
    rg_buf_printf(&sql, "SELECT 1 FROM %s WHERE key = ?1", d->name);
    int rc = declared_prepare(im, &ds->exists, sql.data);
    rg_buf_reset(&sql);
    declared_columns(&cols, "key", d->fields, d->field_count);
    if (rc == 0)
        rc = insert_sql(&sql, d->name, cols.data, 1) < 0 ? fail_db(im, SQLITE_NOMEM, "preparing")
                                                          : declared_prepare(im, &ds->upsert, sql.data);
    for (size_t i = 0; rc == 0 && i < d->list_count; i++) {
        const rg_list_decl *l = &d->lists[i];
        rg_buf_reset(&sql);
        rg_buf_printf(&sql, "DELETE FROM %s WHERE %s_key = ?1", l->table, d->name);
        rc = declared_prepare(im, &ds->delete_rows[i], sql.data);
        rg_buf_reset(&sql);
        rg_buf_reset(&cols);
        rg_buf_printf(&cols, "%s_key, seq", d->name);
        declared_columns(&cols, "", l->fields, l->field_count);
        if (rc == 0)
            rc = insert_sql(&sql, l->table, cols.data, 0) < 0
                     ? fail_db(im, SQLITE_NOMEM, "preparing")
                     : declared_prepare(im, &ds->insert_rows[i], sql.data);
    }
    rg_buf_free(&sql);
    rg_buf_free(&cols);
    return rc == 0 ? ds : NULL;
}

/* Reads declared field `f` of `obj` and binds it as the next column of `r`. */
static int import_declared_field(importer *im, rg_jnode *obj, const rg_field_decl *f, row *r)
{
    const char *text = NULL;
    char iso[11];
    int present = 0;
    switch (f->type) {
    case RG_FIELD_TEXT:
        get_text(im, obj, f->name, f->required, &text);
        if (text && f->value_count) {
            int known = 0;
            for (size_t i = 0; i < f->value_count && !known; i++)
                known = !strcmp(f->values[i], text);
            if (!known) {
                rg_buf list = RG_BUF_INIT;
                for (size_t i = 0; i < f->value_count; i++)
                    rg_buf_printf(&list, "%s\"%s\"", i ? ", " : "", f->values[i]);
                fail_at(im, f->name, rg_jnode_get(obj, f->name)->line, RG_ERR_INPUT,
                        "expected one of %s, got \"%s\"", list.data ? list.data : "", text);
                rg_buf_free(&list);
            }
        }
        row_text(r, text);
        break;
    case RG_FIELD_RICH_TEXT:
        get_rich(im, obj, f->name, f->required, &text);
        row_text(r, text);
        break;
    case RG_FIELD_DATE:
        get_date(im, obj, f->name, f->required, iso, &present);
        if (present) {   /* bound SQLITE_STATIC: the text must outlive this call */
            rg_buf *b = pool_take(im);
            if (!b || rg_buf_puts(b, iso) < 0)
                return fail_at(im, f->name, obj->line, RG_ERR_NOMEM, "out of memory");
            text = b->data;
        }
        row_text(r, text);
        break;
    case RG_FIELD_AMOUNT: {
        long long satang = 0;
        present = member(im, obj, f->name, f->required) != NULL;
        if (present)
            get_amount(im, obj, f->name, &satang);
        row_int_if(r, satang, present);
        break;
    }
    case RG_FIELD_PERCENT: {
        double v = 0;
        if (!member(im, obj, f->name, f->required) && im->failed)
            return -1;
        get_percent(im, obj, f->name, &v, &present);
        row_real_if(r, v, present);
        break;
    }
    case RG_FIELD_BOOLEAN: {
        int v;
        get_bool(im, obj, f->name, 0, &v);
        row_int(r, v);
        break;
    }
    case RG_FIELD_PERSON:
    case RG_FIELD_ORGANIZATION:
        get_ref(im, obj, f->name, f->type == RG_FIELD_PERSON ? RG_KIND_PERSON
                                                              : RG_KIND_ORGANIZATION,
                f->required, &text);
        row_text(r, text);
        break;
    case RG_FIELD_INTEGER: {
        long v = 0;
        get_int(im, obj, f->name, f->required, LONG_MIN, LONG_MAX, "an integer", &v, &present);
        row_int_if(r, v, present);
        break;
    }
    case RG_FIELD_YEAR: {
        long v = 0;
        present = member(im, obj, f->name, f->required) != NULL;
        if (present)
            get_year(im, obj, f->name, &v);
        row_int_if(r, v, present);
        break;
    }
    case RG_FIELD_LINES:
        get_lines(im, obj, f->name, &text);
        if (!text && f->required && !im->failed)
            fail_missing(im, obj, f->name);
        row_text(r, text);
        break;
    case RG_FIELD_IMAGE:
        get_text(im, obj, f->name, f->required, &text);
        if (text && *text)
            store_image(im, rg_jnode_get(obj, f->name), f->name, &text);
        row_text(r, text);
        break;
    case RG_FIELD_TYPE_COUNT:
        assert(!"a field of no type");
        break;
    }
    return im->failed ? -1 : 0;
}

static int import_declared_item(importer *im, rg_jnode *list, size_t index, const list_target *t,
                                const rg_list_decl *l, sqlite3_stmt *insert)
{
    rg_jnode *obj = list->items[index];
    char what[120];
    snprintf(what, sizeof what, "an element of %s (an object)", l->name);
    if (expect_object(im, obj, what) < 0)
        return -1;
    row r = {im, insert, 0};
    row_text(&r, t->key);
    row_int(&r, (long long)index + 1);
    for (size_t i = 0; i < l->field_count; i++)
        import_declared_field(im, obj, &l->fields[i], &r);
    if (im->failed || check_unknown(im, obj) < 0) {
        sqlite3_reset(insert);
        sqlite3_clear_bindings(insert);
        return -1;
    }
    return row_run(&r);
}

/* A record of a declared kind: the main row from its fields, then each list
 * (its rows replaced whole, numbered by position). */
static int import_declared(importer *im, const rg_kind_decl *d, size_t decl_index,
                           rg_jnode *rec, const char *key)
{
    declared_stmts *ds = declared_statements(im, d);
    if (!ds)
        return -1;
    sqlite3_reset(ds->exists);
    sqlite3_bind_text(ds->exists, 1, key, -1, SQLITE_STATIC);
    int step = sqlite3_step(ds->exists);
    sqlite3_reset(ds->exists);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return fail_db(im, step, "looking up a record");
    row r = {im, ds->upsert, 0};
    row_text(&r, key);
    for (size_t i = 0; i < d->field_count; i++)
        import_declared_field(im, rec, &d->fields[i], &r);
    rg_jnode *lists[64] = {NULL};
    for (size_t i = 0; i < d->list_count && i < 64; i++)
        lists[i] = get_container(im, rec, d->lists[i].name, RG_J_ARRAY, 0);
    if (im->failed) {
        sqlite3_reset(ds->upsert);
        sqlite3_clear_bindings(ds->upsert);
        return -1;
    }
    if (decl_index < RG_STORE_DECLARED_MAX) {
        if (step == SQLITE_ROW)
            im->stats.declared_updated[decl_index]++;
        else
            im->stats.declared_added[decl_index]++;
    }
    if (row_run(&r) < 0)
        return -1;
    for (size_t i = 0; i < d->list_count; i++) {
        row del = {im, ds->delete_rows[i], 0};
        row_text(&del, key);
        if (row_run(&del) < 0)
            return -1;
    }
    for (size_t i = 0; i < d->list_count && i < 64; i++) {
        list_target t = {C_COUNT, key, 0, 0};
        for (size_t k = 0; lists[i] && k < lists[i]->count && !im->failed; k++) {
            size_t old = path_push_index(im, d->lists[i].name, k);
            import_declared_item(im, lists[i], k, &t, &d->lists[i], ds->insert_rows[i]);
            path_pop(im, old);
        }
    }
    return im->failed ? -1 : 0;
}

/* ---- the run ------------------------------------------------------------------- */

static int import_kind(importer *im, rg_kind kind, rg_jnode *rec, const char *key)
{
    switch (kind) {
    case RG_KIND_ORGANIZATION: return import_organization(im, rec, key);
    case RG_KIND_PERSON: return import_person(im, rec, key);
    case RG_KIND_PROJECT: return import_project(im, rec, key);
    case RG_KIND_INDICATOR: return import_indicator(im, rec, key);
    default: return import_plan(im, rec, key);
    }
}

/* "patch": true or false (absent: false). */
static int get_patch_flag(importer *im, rg_jnode *rec, int *patch)
{
    return get_bool(im, rec, "patch", 0, patch);
}

/* A record whose kind and key an earlier record of the same file had:
 * importing it would silently replace that one. An error naming both
 * places; with --lenient a warning, and the later record is imported (it
 * replaces the earlier, or, a patch, changes it). Across files of one run
 * a record may repeat (files share their organizations and people). */
static int check_repeated_key(importer *im, const char *kind, const char *key, long index,
                              long line)
{
    int failed;
    const struct seen_record *first = seen_put(im, kind, key, index, line, &failed);
    if (failed)
        return fail_at(im, NULL, line, RG_ERR_NOMEM, "out of memory");
    if (!first)
        return 0;
    if (im->lenient) {
        rg_warn("%s: %s.key (line %ld): %s \"%s\" again (first at $.records[%ld], line %ld): "
                "this one replaces it", im->file, im->path.data, line, kind,
                key, first->index, first->line);
        return 0;
    }
    return fail_at(im, "key", line, RG_ERR_INPUT,
                   "%s \"%s\" again: the same key is at $.records[%ld] (line %ld) of this file, "
                   "and this record would replace that one; keep one (--lenient: the last "
                   "one is imported)", kind, key, first->index, first->line);
}

/* The program asked the import to stop (rg_import_options.stop). */
static int stop_requested(const importer *im)
{
    return im->options->stop && *im->options->stop;
}

static int on_record(void *user, rg_jnode *rec, long index, rg_error *err)
{
    importer *im = user;
    (void)err;
    if (stop_requested(im)) {   /* the message is set once the import has rolled back */
        im->failed = 1;
        return -1;
    }
    pool_release_all(im);
    rg_buf_reset(&im->path);
    rg_buf_printf(&im->path, "$.records[%ld]", index);
    if (expect_object(im, rec, "a record (an object)") < 0)
        return -1;
    const char *kind_name, *key;
    int patch;
    if (get_text(im, rec, "kind", 1, &kind_name) < 0)
        return -1;
    int kind = rg_store_kind_from_name(kind_name);
    const rg_kind_decl *decl = kind < 0 ? rg_store_declared_kind(im->store, kind_name) : NULL;
    size_t decl_index = 0;
    while (decl && rg_store_declared_at(im->store, decl_index) != decl)
        decl_index++;
    if (kind < 0 && !decl) {
        rg_buf declared = RG_BUF_INIT;
        for (size_t i = 0; i < rg_store_declared_count(im->store); i++)
            rg_buf_printf(&declared, ", %s", rg_store_declared_at(im->store, i)->name);
        fail_at(im, "kind", rg_jnode_get(rec, "kind")->line, RG_ERR_INPUT,
                "expected one of organization, person, project, indicator, plan%s; "
                "got \"%s\"", declared.data ? declared.data : "", kind_name);
        rg_buf_free(&declared);
        return -1;
    }
    im->declared_kind = decl;
    if (get_text(im, rec, "key", 1, &key) < 0 ||
        check_key_text(im, "key", rg_jnode_get(rec, "key")) < 0 ||
        get_patch_flag(im, rec, &patch) < 0 ||
        check_repeated_key(im, decl ? decl->name : rg_store_kind_name((rg_kind)kind), key, index,
                           rg_jnode_get(rec, "key")->line) < 0)
        return -1;
    /* The stored record: what a patch applies to, and what changes are
     * reported against. */
    rg_jnode *before = NULL, *merged = NULL, *after = NULL;
    int reporting = im->options->on_change != NULL;
    if (patch || reporting)
        before = stored_record(im, (rg_kind)kind, decl, key, rec->line);
    rg_jnode *source = rec;
    if (!im->failed && patch && before) {
        merged = rg_jnode_clone(before, 0);
        if (!merged)
            fail_at(im, NULL, rec->line, RG_ERR_NOMEM, "out of memory");
        else if (merge_object(im, merged, rec) == 0) {
            source = merged;
            rg_jnode_get(merged, "kind");   /* read from rec above */
            rg_jnode_get(merged, "key");
            rg_jnode_get(merged, "patch");
        }
    }
    /* A patch's fields are all in the merged record (null ones too), where
     * the readers mark what they know: unknown ones are found there. */
    im->record_key = key;
    im->patch_of_nothing = patch && !before;
    int done = decl ? import_declared(im, decl, decl_index, source, key)
                    : import_kind(im, (rg_kind)kind, source, key);
    if (!im->failed && done == 0)
        check_unknown(im, source);
    if (!im->failed && reporting) {
        after = stored_record(im, (rg_kind)kind, decl, key, 0);
        if (!im->failed)
            report_record(im, (rg_kind)kind, key, before, after);
    }
    rg_jnode_free(before);
    rg_jnode_free(merged);
    rg_jnode_free(after);
    return im->failed ? -1 : 0;
}

/* References to records that were not stored when they were read. */
static int check_pending(importer *im)
{
    for (size_t i = 0; i < im->nrefs; i++) {
        pending_ref *r = &im->refs[i];
        int found = exists(im, r->kind, r->key);
        if (found < 0)
            return -1;
        if (!found) {
            rg_error_set(im->err, RG_ERR_INPUT,
                         "%s: no %s with key \"%s\" (neither in the database nor in this import)",
                         r->where, rg_store_kind_name(r->kind), r->key);
            im->failed = 1;
            return -1;
        }
    }
    return 0;
}

static int check_organization_cycles(importer *im)
{
    static const char sql[] =
        "WITH RECURSIVE walk(start, cur, depth) AS ("
        " SELECT key, parent_key, 1 FROM organizations WHERE parent_key IS NOT NULL"
        " UNION ALL SELECT w.start, o.parent_key, w.depth + 1 FROM walk w"
        " JOIN organizations o ON o.key = w.cur"
        " WHERE w.cur <> w.start AND o.parent_key IS NOT NULL AND w.depth < 1000)"
        " SELECT start FROM walk WHERE cur = start ORDER BY start LIMIT 1";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(im->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_db(im, rc, "checking organizations");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rg_error_set(im->err, RG_ERR_INPUT,
                     "organization \"%s\": its chain of parents leads back to itself",
                     (const char *)sqlite3_column_text(st, 0));
        im->failed = 1;
    } else if (rc != SQLITE_DONE) {
        fail_db(im, rc, "checking organizations");
    }
    sqlite3_finalize(st);
    return im->failed ? -1 : 0;
}

/* "INSERT INTO table (a, b, c) VALUES (?1, ?2, ?3)"; with `upsert`, followed
 * by "ON CONFLICT (a) DO UPDATE SET b = excluded.b, c = excluded.c".
 * -1 when memory ran out (a statement with a piece missing must not run). */
static int insert_sql(rg_buf *sql, const char *table, const char *columns, int upsert)
{
    int bad = rg_buf_printf(sql, "INSERT INTO %s (%s) VALUES (?1", table, columns) < 0;
    int count = 1;
    for (const char *p = strchr(columns, ','); p; p = strchr(p + 1, ','))
        bad |= rg_buf_printf(sql, ", ?%d", ++count) < 0;
    bad |= rg_buf_puts(sql, ")") < 0;
    size_t key_len = strcspn(columns, ",");
    if (!upsert || !columns[key_len])
        return bad ? -1 : 0;
    bad |= rg_buf_printf(sql, " ON CONFLICT (%.*s) DO UPDATE SET ", (int)key_len, columns) < 0;
    for (const char *name = columns + key_len + 2;; name += strcspn(name, ",") + 2) {
        int len = (int)strcspn(name, ",");
        bad |= rg_buf_printf(sql, "%.*s = excluded.%.*s", len, name, len, name) < 0;
        if (!name[len])
            break;
        bad |= rg_buf_puts(sql, ", ") < 0;
    }
    return bad ? -1 : 0;
}

/* The SQL of statement `id`, built from the kinds table's column lists. */
static int statement_sql(int id, rg_buf *sql)
{
    if (id < S_UPSERT)
        return rg_buf_printf(sql, "SELECT 1 FROM %s WHERE key = ?1",
                             rg_store_kind_table((rg_kind)(id - S_EXISTS)));
    if (id < S_DELETE) {
        const rg_kind_desc *k = rg_kinds_get((size_t)(id - S_UPSERT));
        assert(k->columns);
        return insert_sql(sql, k->table, k->columns, 1);
    }
    if (id < S_INSERT) {
        const rg_kind_child *c = child_desc((enum child_table)(id - S_DELETE));
        return rg_buf_printf(sql, "DELETE FROM %s WHERE %s = ?1", c->table, c->owner_column);
    }
    if (id < S_PARENT_OF) {
        const rg_kind_child *c = child_desc((enum child_table)(id - S_INSERT));
        assert(c->columns && !strncmp(c->columns, c->owner_column, strlen(c->owner_column)));
        return insert_sql(sql, c->table, c->columns, 0);
    }
    return rg_buf_puts(sql, "SELECT parent_key FROM organizations WHERE key = ?1");
}

/* Prepared once per run and reused for every record (SQLITE_PREPARE_PERSISTENT). */
static int prepare_statements(importer *im)
{
    rg_buf sql = RG_BUF_INIT;
    int rc = SQLITE_OK;
    for (int i = 0; i < S_COUNT && rc == SQLITE_OK; i++) {
        rg_buf_reset(&sql);
        rc = statement_sql(i, &sql) < 0
            ? SQLITE_NOMEM
            : sqlite3_prepare_v3(im->db, sql.data, -1, SQLITE_PREPARE_PERSISTENT, &im->st[i],
                                 NULL);
    }
    rg_buf_free(&sql);
    return rc == SQLITE_OK ? 0 : fail_db(im, rc, "preparing the import");
}

/* Every prepared statement of the run (before it commits or rolls back). */
static void finalize_statements(importer *im)
{
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(im->st[i]), im->st[i] = NULL;
    for (size_t i = 0; i < im->declared_count; i++)
        declared_stmts_free(&im->declared[i]);
}

static void importer_free(importer *im)
{
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(im->st[i]);
    for (size_t i = 0; i < im->pool_cap; i++)
        rg_buf_free(&im->pool[i]);
    free(im->pool);
    for (size_t i = 0; i < im->nrefs; i++) {
        free(im->refs[i].key);
        free(im->refs[i].where);
    }
    free(im->refs);
    free(im->number_keys);
    free(im->number_index);
    for (size_t i = 0; i < im->declared_count; i++)
        declared_stmts_free(&im->declared[i]);
    free(im->declared);
    rg_buf_free(&im->path);
    rg_buf_free(&im->change_path);
    seen_clear(im);
    free(im->seen);
}

int rg_store_import(rg_store *store, const rg_import_source *sources, size_t count,
                    const rg_import_options *options, rg_import_stats *stats, rg_error *err)
{
    if (store->read_only)
        return rg_error_set(err, RG_ERR_INTERNAL, "import into a read-only store");
    importer im;
    memset(&im, 0, sizeof im);
    im.store = store;
    im.db = store->db;
    static const rg_import_options defaults;
    im.err = err;
    im.file = "";
    im.options = options ? options : &defaults;
    im.lenient = im.options->lenient;
    rg_buf_puts(&im.path, "$");
    int rc = sqlite3_exec(im.db, "PRAGMA cache_size = -8000; PRAGMA temp_store = MEMORY",
                          NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(im.db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(im.db, rc, store->path, "starting the import", err);
        importer_free(&im);
        return -1;
    }
    /* The kind files first: a record of a kind declared a minute ago
     * imports, and a dry run or a failed import leaves no new table. */
    if (rg_declared_sync(store, err) < 0)
        im.failed = 1;
    else
        prepare_statements(&im);
    for (size_t f = 0; f < count && !im.failed; f++) {
        rg_json_source src = {sources[f].path, sources[f].data, sources[f].len, im.lenient};
        im.file = rg_json_source_name(&src);
        im.reader = sources[f].reader;
        im.file_is_real = sources[f].data == NULL && !im.reader;
        seen_clear(&im);
        if ((im.reader ? im.reader->read(im.reader->self, on_record, &im, err)
                       : rg_json_read(&src, on_record, &im, err)) < 0)
            im.failed = 1;
    }
    im.file = "";
    im.reader = NULL;
    if (!im.failed)
        check_pending(&im);
    if (!im.failed)
        check_organization_cycles(&im);
    /* Checked between records and here, never inside SQL: a statement
     * interrupted inside the transaction (sqlite3_interrupt, a progress
     * handler) makes SQLite roll it all back and go on in autocommit mode,
     * where a later write of this run would be stored on its own. */
    if (stop_requested(&im))
        im.failed = 1;
    if (!im.failed && im.options->dry_run) {   /* all checked: store nothing */
        finalize_statements(&im);
        rc = sqlite3_exec(im.db, "ROLLBACK", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            rg_schema_db_error(im.db, rc, store->path, "ending the dry run", err);
            im.failed = 1;
        }
    } else if (!im.failed) {
        finalize_statements(&im);
        rc = sqlite3_exec(im.db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            if ((rc & 0xff) == SQLITE_CONSTRAINT)
                rg_error_set(err, RG_ERR_INPUT, "%s: the import breaks a reference between "
                             "records (%s); nothing was stored", store->path,
                             sqlite3_errmsg(im.db));
            else
                rg_schema_db_error(im.db, rc, store->path, "committing the import", err);
            im.failed = 1;
        }
    }
    if (im.failed || im.options->dry_run) {   /* the declarations the database still has */
        rg_error ignored;
        if (!sqlite3_get_autocommit(im.db))
            finalize_statements(&im), sqlite3_exec(im.db, "ROLLBACK", NULL, NULL, NULL);
        rg_declared_load_stored(store, &ignored);
    }
    if (im.failed) {
        finalize_statements(&im);
        if (!sqlite3_get_autocommit(im.db))
            sqlite3_exec(im.db, "ROLLBACK", NULL, NULL, NULL);
        /* After an I/O error (a full disk) SQLite's pager is in its error
         * state: ROLLBACK leaves the journal for the next read to play back.
         * Read now, so that this import's own journal is played back by the
         * process that wrote it, not left hot for read-only commands to
         * refuse (they would ask for `raingan check --recover`). */
        sqlite3_exec(im.db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    } else if (stats) {
        *stats = im.stats;
    }
    if (im.failed && stop_requested(&im))   /* whatever failed, the stop is why */
        rg_error_set(err, RG_ERR_STOPPED, "%s: stopped by a signal (Ctrl-C, SIGTERM, the "
                     "terminal closed) before the import was committed", store->path);
    int failed = im.failed;
    importer_free(&im);
    return failed ? -1 : 0;
}

int rg_store_import_files(rg_store *store, const char *const *paths, size_t count,
                          rg_import_stats *stats, rg_error *err)
{
    rg_import_source *sources = calloc(count ? count : 1, sizeof *sources);
    if (!sources)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++)
        sources[i].path = paths[i];
    int rc = rg_store_import(store, sources, count, NULL, stats, err);
    free(sources);
    return rc;
}

int rg_store_import_memory(rg_store *store, const char *name, const char *json, size_t len,
                           rg_import_stats *stats, rg_error *err)
{
    rg_import_source s = {name, json ? json : "", json ? len : 0, NULL};
    return rg_store_import(store, &s, 1, NULL, stats, err);
}
