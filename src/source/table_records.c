/* Tables into records (see table_records.h). Every table arrives sorted by
 * its key column, so a record's list rows are found by walking the list
 * tables alongside it (a merge join): memory holds one record at a time,
 * however many rows a database query returns. Sorted rows also show a
 * key given twice (two rows side by side) and list rows whose record is
 * missing (rows passed over). In a patch (rg_source_map.patch) each record
 * carries "patch": true, empty cells are nulls, and list tables may come
 * without their records' table: their keys are then the records. */
#include "source/table_records.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/json_reader.h"
#include "util/vec.h"

/* A column giving a field. */
typedef struct binding {
    size_t column;
    const char *field;      /* dotted path below the record or the element */
} binding;

typedef struct open_table {
    const rg_map_table *map;
    rg_table *table;
    size_t key;             /* the key (records) or parent (lists) column */
    size_t number;          /* lists of lists: the column of the outer element's number */
    binding *bindings;
    size_t nbindings;
    /* Lists: the row read ahead, waiting for its record. */
    int has_row;
    const char *const *cells;
    long line;
} open_table;

/* Where one value of the record being built came from. */
typedef struct origin {
    char *path;             /* below "$.records[N]": "", ".code", ".entries[2].date" */
    const open_table *from; /* NULL: a constant of the mapping */
    long line;
    const char *column;     /* NULL: the row as a whole; for constants, the field */
} origin;

struct rg_table_records {
    const rg_source_map *map;
    open_table *tables;     /* one per map table, table NULL when not given */
    size_t ntables;
    rg_record_reader reader;
    long index;             /* of the record being built */
    origin *origins;
    size_t norigins, origins_cap;
};

/* ---- opening: columns against the mapping ----------------------------------- */

static long column_index(const rg_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (!strcmp(t->columns[i], name))
            return (long)i;
    return -1;
}

static int add_binding(open_table *o, size_t column, const char *field, size_t *cap)
{
    binding *b = rg_vec_reserve(o->bindings, o->nbindings, cap, sizeof *b, 8);
    if (!b)
        return -1;
    o->bindings = b;
    o->bindings[o->nbindings++] = (binding){column, field};
    return 0;
}

static int missing_column(const open_table *o, const char *column, const char *why,
                          rg_error *err)
{
    return rg_error_set(err, RG_ERR_INPUT, "%s: no column \"%s\" (%s in %s)", o->table->name,
                        column, why, o->map->where);
}

/* Which column gives which field; columns nobody asked for. */
static int bind_columns(open_table *o, int lenient, int patch, rg_error *err)
{
    const rg_map_table *m = o->map;
    const rg_table *t = o->table;
    size_t cap = 0;
    const char *key = rg_map_key_column(m);
    long k = column_index(t, key);
    if (k < 0)
        return missing_column(o, key, m->list ? "\"parent\": the key of each row's record"
                                              : "the key of each record", err);
    o->key = (size_t)k;
    if (m->parent_number) {
        long n = column_index(t, m->parent_number);
        if (n < 0)
            return missing_column(o, m->parent_number, "\"parent\"[1]: the number of the "
                                  "element each row belongs to", err);
        o->number = (size_t)n;
    }
    if (m->value) {
        long v = column_index(t, m->value);
        if (v < 0)
            return missing_column(o, m->value, "\"value\"", err);
        if (add_binding(o, (size_t)v, "", &cap) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < m->nfields; i++) {
        const rg_map_field *f = &m->fields[i];
        if (!f->column)
            continue;
        long c = column_index(t, f->column);
        if (c < 0 && patch && strcmp(f->field, "key") && strcmp(f->field, "number"))
            continue;   /* a patch: the file gives this field nothing, it is kept */
        if (c < 0) {
            char why[300];
            snprintf(why, sizeof why, "the column of field \"%s\"", f->field);
            return missing_column(o, f->column, why, err);
        }
        if (add_binding(o, (size_t)c, f->field, &cap) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t c = 0; c < t->ncolumns; c++) {
        const char *name = t->columns[c];
        int known = (m->list && c == o->key) || rg_map_ignored(m, name) ||   /* a parent key */
                    (m->parent_number && c == o->number);
        for (size_t i = 0; i < o->nbindings && !known; i++)
            known = o->bindings[i].column == c;
        if (known)
            continue;
        if (!m->has_fields && !m->value && name[0]) {   /* the column is the field */
            if (add_binding(o, c, name, &cap) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            continue;
        }
        char label[64];
        if (name[0])
            snprintf(label, sizeof label, "column %zu", c + 1);
        else
            snprintf(label, sizeof label, "column %zu (no header)", c + 1);
        if (lenient) {
            rg_warn("%s: column \"%s\": not in the mapping %s, ignored", t->name, name,
                    o->map->where);
            continue;
        }
        return rg_error_set(err, RG_ERR_INPUT, "%s: %s \"%s\": not in the mapping %s (map it "
                            "to a field under \"fields\", list it under \"ignore\", or "
                            "--lenient ignores unknown columns)", t->name, label, name,
                            o->map->where);
    }
    return 0;
}

/* ---- origins ---------------------------------------------------------------- */

static void origins_clear(rg_table_records *r)
{
    for (size_t i = 0; i < r->norigins; i++)
        free(r->origins[i].path);
    r->norigins = 0;
}

static int add_origin(rg_table_records *r, const char *prefix, const char *field,
                      const open_table *from, long line, const char *column)
{
    origin *o = rg_vec_reserve(r->origins, r->norigins, &r->origins_cap, sizeof *o, 32);
    if (!o)
        return -1;
    r->origins = o;
    size_t len = strlen(prefix) + strlen(field) + 2;
    char *path = malloc(len);
    if (!path)
        return -1;
    snprintf(path, len, "%s%s%s", prefix, field[0] ? "." : "", field);
    r->origins[r->norigins++] = (origin){path, from, line, column};
    return 0;
}

/* 1 if paths a and b are the same but for the indices in brackets. */
static int same_but_indices(const char *a, const char *b)
{
    while (*a && *a == *b) {
        if (*a == '[') {
            a += strcspn(a, "]");
            b += strcspn(b, "]");
            continue;
        }
        a++, b++;
    }
    return *a == *b;
}

/* Origin o for path `probe` of a value at `line`. In a patch, elements of a
 * list are merged into the stored list, where they have other indices than
 * in the patch: there an element's origin is the row at its line (a merged
 * element takes the line of its patch). */
static int origin_of(const rg_table_records *r, const origin *o, const char *probe, long line)
{
    if (!r->map->patch || !strchr(probe, '['))
        return !strcmp(o->path, probe);
    return o->from && o->line == line && same_but_indices(o->path, probe);
}

/* rg_record_reader.place: the most precise origin known for `path`. */
static void place(void *self, const char *path, long line, char *out, size_t cap)
{
    rg_table_records *r = self;
    const char *rest = path;
    if (!strncmp(rest, "$.records[", 10))
        rest = strchr(rest, ']') ? strchr(rest, ']') + 1 : rest;
    char *probe = strdup(rest);
    while (probe) {
        for (size_t i = 0; i < r->norigins; i++) {
            const origin *o = &r->origins[i];
            if (!origin_of(r, o, probe, line))
                continue;
            if (!o->from)       /* a constant: o->line is its table's index */
                snprintf(out, cap, "%s.%s%s", r->map->tables[o->line].where,
                         strcmp(o->column, "kind") ? "values." : "", o->column);
            else if (o->column)
                snprintf(out, cap, "%s: %s %ld, column \"%s\"", o->from->table->name,
                         o->from->table->row_word, o->line, o->column);
            else
                snprintf(out, cap, "%s: %s %ld", o->from->table->name, o->from->table->row_word,
                         o->line);
            free(probe);
            return;
        }
        if (!probe[0])
            break;
        char *dot = strrchr(probe, '.'), *bracket = strrchr(probe, '[');   /* up one level */
        char *cut = dot;
        if (bracket && (!cut || bracket > cut))
            cut = bracket;
        *(cut ? cut : probe) = '\0';
    }
    free(probe);
    snprintf(out, cap, "%s (record %ld, line %ld)", r->map->path, r->index + 1, line);
}

/* ---- building records ----------------------------------------------------------- */

/* Puts `value` at dotted `field` below `obj`, making the objects on the way. */
static int set_field(rg_jnode *obj, const char *field, rg_jnode *value, rg_error *err)
{
    const char *dot;
    while ((dot = strchr(field, '.'))) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(dot - field), field);
        rg_jnode *inner = rg_jnode_find(obj, name);
        if (!inner) {
            inner = rg_jnode_new(RG_J_OBJECT, NULL, 0, value->line);
            if (!inner || rg_jnode_set_member(obj, name, inner) < 0) {
                rg_jnode_free(value);
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            }
        }
        obj = inner;
        field = dot + 1;
    }
    if (rg_jnode_set_member(obj, field, value) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

/* A cell of table `m` (its date rules go with it to the import's typing). */
static rg_jnode *cell_node(const rg_map_table *m, const char *text, long line)
{
    rg_jnode *n = rg_jnode_new(RG_J_STRING, text, strlen(text), line);
    if (n) {
        n->cell = 1;
        n->date_rules = m->date_rules;
    }
    return n;
}

/* The fields of one row into `obj` (for a list of single values: the value
 * itself is returned in *single), their origins under `prefix`. */
static int fill(rg_table_records *r, const open_table *o, const char *const *cells, long line,
                rg_jnode *obj, const char *prefix, rg_jnode **single, rg_error *err)
{
    if (add_origin(r, prefix, "", o, line, NULL) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < o->nbindings; i++) {
        const binding *b = &o->bindings[i];
        const char *column = o->table->columns[b->column];
        if (b->field[0] && add_origin(r, prefix, b->field, o, line, column) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        const char *text = cells[b->column];
        rg_jnode *n;
        if (!text || !text[strspn(text, " \t\r\n")]) {
            if (!r->map->patch || !b->field[0])
                continue;                    /* an empty cell: no value */
            n = rg_jnode_new(RG_J_NULL, NULL, 0, line);   /* a patch: it clears the field */
        } else {
            n = cell_node(o->map, text, line);
        }
        if (!n)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        if (!b->field[0]) {
            *single = n;
            continue;
        }
        if (set_field(obj, b->field, n, err) < 0)
            return -1;
    }
    const rg_map_table *m = o->map;
    for (size_t i = 0; i < m->nfields; i++) {
        const rg_map_field *f = &m->fields[i];
        if (f->column)
            continue;
        rg_jnode *n = cell_node(m, f->value, line);
        if (!n || add_origin(r, prefix, f->field, NULL, (long)(o - r->tables), f->field) < 0) {
            rg_jnode_free(n);
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
        if (set_field(obj, f->field, n, err) < 0)
            return -1;
    }
    return 0;
}

/* Reads the next row of a list table into its look-ahead. */
static int advance(open_table *o, rg_error *err)
{
    int rc = o->table->next(o->table, &o->cells, &o->line, err);
    o->has_row = rc == 1;
    return rc < 0 ? -1 : 0;
}

static const char *row_key(const open_table *o)
{
    const char *k = o->cells[o->key];
    return k ? k : "";
}

/* A list row passed over: its record is not among the records. */
static int orphan(const open_table *o, const open_table *records, rg_error *err)
{
    assert(records);   /* lists alone (a patch) take every key their rows carry */
    return rg_error_set(err, RG_ERR_INPUT, "%s: %s %ld, column \"%s\": no row of %s has the "
                        "key \"%.80s\" (each row here is one of the \"%s\" of that record)",
                        o->table->name, o->table->row_word, o->line, o->table->columns[o->key],
                        records->table->name, row_key(o), o->map->list);
}

/* Rows are sorted by key: 1 when list table `o`'s next row belongs to
 * record `key`, 0 when it belongs to a later record or there is none, -1
 * with err set when its record was passed over (is not among `records`). */
static int row_of(const open_table *o, const open_table *records, const char *key, rg_error *err)
{
    if (!o->has_row)
        return 0;
    int c = strcmp(row_key(o), key);
    return c > 0 ? 0 : c < 0 ? orphan(o, records, err) : 1;
}

/* The row of list table `o` as the next element of `list`, its values'
 * origins under `prefix`; then reads the next row. */
static int append_row(rg_table_records *r, open_table *o, rg_jnode *list, const char *prefix,
                      rg_error *err)
{
    rg_jnode *element = NULL, *single = NULL;
    if (!o->map->value && !(element = rg_jnode_new(RG_J_OBJECT, NULL, 0, o->line)))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (fill(r, o, o->cells, o->line, element, prefix, &single, err) < 0) {
        rg_jnode_free(element);
        rg_jnode_free(single);
        return -1;
    }
    if (o->map->value)
        element = single ? single : rg_jnode_new(RG_J_NULL, NULL, 0, o->line);
    if (!element || rg_jnode_append(list, element) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return advance(o, err);
}

/* The array member `name` of `obj`, made empty when missing; NULL on OOM. */
static rg_jnode *list_member(rg_jnode *obj, const char *name, long line)
{
    rg_jnode *list = rg_jnode_find(obj, name);
    if (list)
        return list;
    if (!(list = rg_jnode_new(RG_J_ARRAY, NULL, 0, line)) ||
        rg_jnode_set_member(obj, name, list) < 0)
        return NULL;
    return list;
}

/* The rows of list table `o` with key `key` as the elements of its list. */
static int add_elements(rg_table_records *r, open_table *o, const open_table *records,
                        const char *key, rg_jnode *rec, rg_error *err)
{
    rg_jnode *list = NULL;
    size_t count = 0;
    int more;
    while ((more = row_of(o, records, key, err)) == 1) {
        if (!list && !(list = list_member(rec, o->map->list, o->line)))
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        char prefix[256];
        snprintf(prefix, sizeof prefix, ".%s[%zu]", o->map->list, count++);
        if (append_row(r, o, list, prefix, err) < 0)
            return -1;
    }
    return more;
}

/* An element number as written in a cell ("3", "๓", " 03 "); -1 when the
 * text is no such number. */
static long plain_number(const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    long n = 0;
    int digits = 0;
    while (*p == ' ' || *p == '\t')
        p++;
    for (;; digits++) {
        int d;
        if (*p >= '0' && *p <= '9')
            d = *p++ - '0';
        else if (p[0] == 0xE0 && p[1] == 0xB9 && p[2] >= 0x90 && p[2] <= 0x99)
            d = p[2] - 0x90, p += 3;
        else
            break;
        if (n > 100000000)
            return -1;
        n = n * 10 + d;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    return digits && !*p ? n : -1;
}

/* The rows of nested list table `o` ("activities.details") with key `key`:
 * each an element of the inner list of the element of the outer list whose
 * "number" its number column gives (the outer list is filled already). */
static int add_nested_elements(rg_table_records *r, open_table *o, const open_table *records,
                               const char *key, rg_jnode *rec, rg_error *err)
{
    const rg_map_table *m = o->map;
    char outer_name[128];
    snprintf(outer_name, sizeof outer_name, "%.*s", (int)m->outer_len, m->list);
    const char *inner_name = m->list + m->outer_len + 1;
    rg_jnode *outer = rg_jnode_find(rec, outer_name);
    int more;
    while ((more = row_of(o, records, key, err)) == 1) {
        const char *written = o->cells[o->number] ? o->cells[o->number] : "";
        long number = plain_number(written);
        rg_jnode *element = NULL;
        size_t at = 0;
        for (; number >= 0 && outer && outer->type == RG_J_ARRAY && at < outer->count; at++) {
            rg_jnode *n = rg_jnode_find(outer->items[at], "number");
            if (n && n->type == RG_J_STRING && plain_number(n->text) == number) {
                element = outer->items[at];
                break;
            }
        }
        if (!element && r->map->patch && number >= 0) {
            /* A patch: the element, by its number alone, merges into the stored one. */
            if (!outer && !(outer = list_member(rec, outer_name, o->line)))
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            if (!(element = rg_jnode_new(RG_J_OBJECT, NULL, 0, o->line)) ||
                rg_jnode_append(outer, element) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            rg_jnode *n = cell_node(m, written, o->line);
            if (!n || rg_jnode_set_member(element, "number", n) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            at = outer->count - 1;
            char prefix[256];
            snprintf(prefix, sizeof prefix, ".%s[%zu].number", outer_name, at);
            if (add_origin(r, prefix, "", o, o->line, o->table->columns[o->number]) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
        if (!element)
            return rg_error_set(err, RG_ERR_INPUT, "%s: %s %ld, column \"%s\": %s \"%.80s\" "
                                "has no element of \"%s\" numbered \"%.40s\" (each row here "
                                "is one of the \"%s\" of that element)", o->table->name,
                                o->table->row_word, o->line, o->table->columns[o->number],
                                m->kind, key, outer_name, written, inner_name);
        rg_jnode *list = list_member(element, inner_name, o->line);
        if (!list)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        char prefix[256];
        snprintf(prefix, sizeof prefix, ".%s[%zu].%s[%zu]", outer_name, at, inner_name,
                 list->count);
        if (append_row(r, o, list, prefix, err) < 0)
            return -1;
    }
    return more;
}

typedef int (*record_fn)(void *user, rg_jnode *record, long index, rg_error *err);

/* The smallest key among the rows the list tables `kids` hold ahead (a
 * patch of lists alone: the next record to patch); NULL when all are read. */
static open_table *next_listed(open_table **kids, size_t nkids)
{
    open_table *first = NULL;
    for (size_t i = 0; i < nkids; i++)
        if (kids[i]->has_row && (!first || strcmp(row_key(kids[i]), row_key(first)) < 0))
            first = kids[i];
    return first;
}

/* The records of `kind`: rows of `records`, with the lists of its tables
 * among `r->tables`. A patch may give lists without their records
 * (`records` NULL, or no row of `records` has their key): each key the list
 * rows carry is then a record of those lists alone. */
static int read_kind(rg_table_records *r, const char *kind, open_table *records, record_fn fn,
                     void *user, rg_error *err)
{
    open_table *kids[64];   /* the lists of the records, then the lists of their elements */
    size_t nkids = 0;
    for (int nested = 0; nested < 2; nested++)
        for (size_t i = 0; i < r->ntables; i++) {
            open_table *o = &r->tables[i];
            if (o->table && o->map->list && !strcmp(o->map->kind, kind) &&
                !o->map->outer_len == !nested && nkids < sizeof kids / sizeof *kids) {
                kids[nkids++] = o;
                if (advance(o, err) < 0)
                    return -1;
            }
        }
    assert(records || nkids > 0);
    const open_table *named = records ? records : kids[0];   /* its "kind" in messages */
    char *previous = NULL;        /* the key of the records row before */
    long previous_line = 0;
    const char *const *cells = NULL;
    long line = 0;
    int rc, pending = 0, records_done = !records;   /* pending: a records row read, unused */
    for (;;) {
        if (!records_done && !pending) {
            if ((rc = records->table->next(records->table, &cells, &line, err)) < 0)
                break;
            records_done = rc == 0;
            pending = rc == 1;
        }
        const char *row = pending ? (cells[records->key] ? cells[records->key] : "") : NULL;
        /* A patch: list rows whose key no records row has (coming before the
         * next records row's key) are a record of those lists alone. */
        const open_table *listed = r->map->patch ? next_listed(kids, nkids) : NULL;
        if (listed && row && strcmp(row_key(listed), row) >= 0)
            listed = NULL;
        if (!row && !listed) {
            rc = 0;
            break;
        }
        long at = listed ? listed->line : line;
        const char *key = listed ? row_key(listed) : row;
        if (!listed && previous && !strcmp(previous, key)) {
            rg_error_set(err, RG_ERR_INPUT, "%s: %s %ld, column \"%s\": the key \"%.80s\" is "
                         "given twice (%s %ld has it too): one row per record",
                         records->table->name, records->table->row_word, line,
                         records->table->columns[records->key], key, records->table->row_word,
                         previous_line);
            rc = -1;
            break;
        }
        if (!listed) {
            free(previous);
            if (!(previous = strdup(key))) {
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
                break;
            }
            previous_line = line;
            pending = 0;
        }
        char *key_copy = strdup(key);   /* the key outlives the row it came from */
        if (!key_copy) {
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            break;
        }
        key = key_copy;
        origins_clear(r);
        rg_jnode *rec = rg_jnode_new(RG_J_OBJECT, NULL, 0, at);
        rg_jnode *kind_node = rg_jnode_new(RG_J_STRING, kind, strlen(kind), at);
        if (!rec || !kind_node || rg_jnode_set_member(rec, "kind", kind_node) < 0 ||
            add_origin(r, "", "kind", NULL, (long)(named - r->tables), "kind") < 0) {
            if (!rec)
                rg_jnode_free(kind_node);
            rg_jnode_free(rec);
            free(key_copy);
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            break;
        }
        rc = 0;
        if (r->map->patch) {
            rg_jnode *flag = rg_jnode_new(RG_J_BOOL, NULL, 0, at);
            if (flag)
                flag->boolean = 1;
            if (!flag || rg_jnode_set_member(rec, "patch", flag) < 0)
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
        if (rc == 0 && !listed) {
            rc = fill(r, records, cells, at, rec, "", NULL, err);
        } else if (rc == 0) {   /* the key from the parent column of the first list row */
            rg_jnode *k = cell_node(listed->map, key, at);
            if (!k || add_origin(r, "", "", listed, at, NULL) < 0 ||
                add_origin(r, "", "key", listed, at, listed->table->columns[listed->key]) < 0) {
                rg_jnode_free(k);
                rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            } else {
                rc = set_field(rec, "key", k, err);
            }
        }
        for (size_t i = 0; i < nkids && rc == 0; i++)
            rc = kids[i]->map->outer_len ? add_nested_elements(r, kids[i], records, key, rec, err)
                                         : add_elements(r, kids[i], records, key, rec, err);
        free(key_copy);
        if (rc == 0) {
            rc = fn(user, rec, r->index, err);
            r->index++;
        }
        if (rc != 1)
            rg_jnode_free(rec);
        if (rc < 0)
            break;
    }
    free(previous);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < nkids; i++)
        if (kids[i]->has_row)
            return orphan(kids[i], records, err);
    return 0;
}

static int read_records(void *self, record_fn fn, void *user, rg_error *err)
{
    rg_table_records *r = self;
    for (size_t i = 0; i < r->ntables; i++) {
        open_table *o = &r->tables[i];
        if (!o->table)
            continue;
        if (!o->map->list) {
            if (read_kind(r, o->map->kind, o, fn, user, err) < 0)
                return -1;
            continue;
        }
        /* A patch of lists alone: the first list table of a kind whose
         * records' table is not given reads that kind. */
        int first = 1;
        for (size_t k = 0; k < r->ntables && first; k++) {
            const open_table *other = &r->tables[k];
            if (other->table && !strcmp(other->map->kind, o->map->kind) &&
                (!other->map->list || k < i))
                first = 0;
        }
        if (first && read_kind(r, o->map->kind, NULL, fn, user, err) < 0)
            return -1;
    }
    return 0;
}

rg_table_records *rg_table_records_new(const rg_source_map *map, rg_table **tables,
                                       int lenient, rg_error *err)
{
    assert(map && tables);
    rg_table_records *r = calloc(1, sizeof *r);
    if (r)
        r->tables = calloc(map->ntables, sizeof *r->tables);
    if (!r || !r->tables) {
        free(r);
        rg_tables_free(tables, map->ntables);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->map = map;
    r->ntables = map->ntables;
    for (size_t i = 0; i < map->ntables; i++) {
        r->tables[i].map = &map->tables[i];
        r->tables[i].table = tables[i];   /* owned by r from here */
    }
    free(tables);
    for (size_t i = 0; i < map->ntables; i++)
        if (r->tables[i].table && bind_columns(&r->tables[i], lenient, map->patch, err) < 0) {
            rg_table_records_free(r);
            return NULL;
        }
    r->reader = (rg_record_reader){read_records, place, r};
    return r;
}

void rg_tables_free(rg_table **tables, size_t count)
{
    for (size_t i = 0; tables && i < count; i++)
        if (tables[i])
            tables[i]->free(tables[i]);
    free(tables);
}

const rg_record_reader *rg_table_records_reader(rg_table_records *r)
{
    return &r->reader;
}

void rg_table_records_free(rg_table_records *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ntables; i++) {
        if (r->tables[i].table)
            r->tables[i].table->free(r->tables[i].table);
        free(r->tables[i].bindings);
    }
    free(r->tables);
    origins_clear(r);
    free(r->origins);
    free(r);
}
