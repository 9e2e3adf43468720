/* Reading the mapping file (see source_map.h, docs/sources.md). The file is
 * small: yajl's tree parser reads it whole. Every member is checked, an
 * unknown one is an error naming it (a misspelt "fields" would otherwise
 * import nothing the user meant). */
#include "source/source_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "store/dates.h"
#include "util/atomic_file.h"
#include "util/nearest.h"

typedef struct map_reader {
    rg_source_map *map;
    rg_error *err;
} map_reader;

static int fail(map_reader *r, const char *member, const char *fmt, const char *arg)
{
    char message[RG_ERROR_MAX];
    snprintf(message, sizeof message, fmt, arg);
    return rg_error_set(r->err, RG_ERR_INPUT, "%s: %s: %s", r->map->path, member, message);
}

/* A string member into *out; -1 (err set) when it is not a non-empty string. */
static int string_member(map_reader *r, const char *place, yajl_val v, char **out)
{
    if (!YAJL_IS_STRING(v) || !v->u.string[0])
        return fail(r, place, "expected a non-empty string%s", "");
    *out = strdup(v->u.string);
    return *out ? 0 : rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
}

/* "fields" (field -> column) or "values" (field -> constant). */
static int read_fields(map_reader *r, rg_map_table *t, const char *place, yajl_val v,
                       int constants)
{
    char member[256];
    if (!YAJL_IS_OBJECT(v))
        return fail(r, place, "expected an object of field names and %s",
                    constants ? "values" : "column names");
    size_t n = v->u.object.len;
    rg_map_field *fields = realloc(t->fields, (t->nfields + n + 1) * sizeof *fields);
    if (!fields)
        return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
    t->fields = fields;
    for (size_t i = 0; i < n; i++) {
        const char *field = v->u.object.keys[i];
        snprintf(member, sizeof member, "%s.%s", place, field);
        if (!field[0] || field[0] == '.' || field[strlen(field) - 1] == '.' ||
            strstr(field, ".."))
            return fail(r, member, "a field name is a name, or names joined by dots "
                        "(strategy.issue)%s", "");
        for (size_t k = 0; k < t->nfields; k++)
            if (!strcmp(t->fields[k].field, field))
                return fail(r, member, "field \"%s\" is given twice", field);
        rg_map_field *f = &t->fields[t->nfields];
        memset(f, 0, sizeof *f);
        f->field = strdup(field);
        if (!f->field)
            return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
        t->nfields++;
        if (constants ? string_member(r, member, v->u.object.values[i], &f->value)
                      : string_member(r, member, v->u.object.values[i], &f->column))
            return -1;
    }
    return 0;
}

static int read_ignore(map_reader *r, rg_map_table *t, const char *place, yajl_val v)
{
    if (!YAJL_IS_ARRAY(v))
        return fail(r, place, "expected an array of column names%s", "");
    t->ignore = calloc(v->u.array.len + 1, sizeof *t->ignore);
    if (!t->ignore)
        return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < v->u.array.len; i++) {
        char member[256];
        snprintf(member, sizeof member, "%s[%zu]", place, i);
        if (string_member(r, member, v->u.array.values[i], &t->ignore[i]))
            return -1;
        t->nignore++;
    }
    return 0;
}

/* "parent": a column, or for a list of a list [record's key column, outer
 * element's number column]. */
static int read_parent(map_reader *r, rg_map_table *t, const char *place, yajl_val v)
{
    if (t->parent)
        return fail(r, place, "given twice%s", "");
    if (!YAJL_IS_ARRAY(v))
        return string_member(r, place, v, &t->parent);
    char member[256];
    if (v->u.array.len != 2)
        return fail(r, place, "expected a column name, or for a list of a list two: the "
                    "column of the record's key and the column of the number of the element "
                    "the row belongs to%s", "");
    snprintf(member, sizeof member, "%s[0]", place);
    if (string_member(r, member, v->u.array.values[0], &t->parent))
        return -1;
    snprintf(member, sizeof member, "%s[1]", place);
    return string_member(r, member, v->u.array.values[1], &t->parent_number);
}

/* A list of a list ("activities.details"): one dot, its parent names the
 * element's number column. */
static int check_nesting(map_reader *r, rg_map_table *t, const char *place)
{
    const char *dot = t->list ? strchr(t->list, '.') : NULL;
    if (!dot) {
        if (t->parent_number)
            return fail(r, place, "\"parent\" has two columns only for a list of a list "
                        "(\"list\": \"activities.details\")%s", "");
        return 0;
    }
    if (dot == t->list || !dot[1] || strchr(dot + 1, '.'))
        return fail(r, place, "\"list\" is a list of the record (\"activities\") or a list "
                    "of its elements (\"activities.details\"), got \"%s\"", t->list);
    char outer[128];
    snprintf(outer, sizeof outer, "%.*s", (int)(dot - t->list), t->list);
    if (!t->parent_number)
        return fail(r, place, "a list of a list needs \"parent\": [the column of the "
                    "record's key, the column of the number of the element of \"%s\" the "
                    "row belongs to]", outer);
    t->outer_len = (size_t)(dot - t->list);
    return 0;
}

static const char *const table_members[] = {
    "kind", "list", "parent", "value", "file", "query", "delimiter", "fields", "values", "ignore",
    "two_digit_years", "excel_serial_dates", "date_order",
};

/* "two_digit_years": "BE" | "CE" (rule 0); "excel_serial_dates": "1900" |
 * "1904" (1); "date_order": "dmy" | "mdy" (2). */
static int read_date_rule(map_reader *r, rg_map_table *t, const char *member, yajl_val v,
                          int rule)
{
    static const char *const words[3][2] = {{"BE", "CE"}, {"1900", "1904"}, {"dmy", "mdy"}};
    static const int flags[3][2] = {{RG_DATE_YY_BE, RG_DATE_YY_CE},
                                    {RG_DATE_SERIAL_1900, RG_DATE_SERIAL_1904},
                                    {RG_DATE_DMY, RG_DATE_MDY}};
    int serial = rule == 1;
    const char *a = words[rule][0], *b = words[rule][1];
    int fa = flags[rule][0], fb = flags[rule][1];
    if (t->date_rules & (fa | fb))
        return fail(r, member, "given twice%s", "");
    if (YAJL_IS_STRING(v) && !strcmp(v->u.string, a))
        t->date_rules |= fa;
    else if (YAJL_IS_STRING(v) && !strcmp(v->u.string, b))
        t->date_rules |= fb;
    else if (rule == 2)
        return fail(r, member, "expected \"dmy\" (slashed dates are day first: 1/2/2023 is "
                    "1 February) or \"mdy\" (month first, as Excel in English writes them)%s",
                    "");
    else if (serial)
        return fail(r, member, "expected \"1900\" (Excel's usual date system: day 1 is 1 "
                    "January 1900) or \"1904\" (day 0 is 1 January 1904)%s", "");
    else
        return fail(r, member, "expected \"BE\" (a two-digit year yy is the Buddhist era 25yy: "
                    "66 is 2566) or \"CE\" (the common era 20yy: 23 is 2023)%s", "");
    return 0;
}

static int read_table(map_reader *r, size_t index, yajl_val v)
{
    rg_map_table *t = &r->map->tables[index];
    char place[64], member[128];
    snprintf(place, sizeof place, "tables[%zu]", index);
    size_t wlen = strlen(r->map->path) + sizeof place + 2;
    if (!(t->where = malloc(wlen)))
        return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
    snprintf(t->where, wlen, "%s: %s", r->map->path, place);
    if (!YAJL_IS_OBJECT(v))
        return fail(r, place, "expected an object describing one table%s", "");
    for (size_t i = 0; i < v->u.object.len; i++) {
        const char *name = v->u.object.keys[i];
        yajl_val value = v->u.object.values[i];
        snprintf(member, sizeof member, "%s.%s", place, name);
        char **text = !strcmp(name, "kind") ? &t->kind : !strcmp(name, "list") ? &t->list
                    : !strcmp(name, "value") ? &t->value
                    : !strcmp(name, "file") ? &t->file : !strcmp(name, "query") ? &t->query
                    : !strcmp(name, "delimiter") ? &t->delimiter : NULL;
        if (text) {
            if (*text)
                return fail(r, member, "given twice%s", "");
            if (string_member(r, member, value, text))
                return -1;
        } else if (!strcmp(name, "parent")) {
            if (read_parent(r, t, member, value))
                return -1;
        } else if (!strcmp(name, "fields")) {
            t->has_fields = 1;
            if (read_fields(r, t, member, value, 0))
                return -1;
        } else if (!strcmp(name, "values")) {
            if (read_fields(r, t, member, value, 1))
                return -1;
        } else if (!strcmp(name, "ignore")) {
            if (read_ignore(r, t, member, value))
                return -1;
        } else if (!strcmp(name, "two_digit_years") || !strcmp(name, "excel_serial_dates") ||
                   !strcmp(name, "date_order")) {
            if (read_date_rule(r, t, member, value, name[0] == 't' ? 0 : name[0] == 'e' ? 1 : 2))
                return -1;
        } else {
            const char *near = rg_nearest_name(name, table_members,
                                               sizeof table_members / sizeof *table_members);
            char message[200];
            snprintf(message, sizeof message, "unknown member \"%s\"%s%s%s", name,
                     near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
            return fail(r, member, "%s", message);
        }
    }
    if (!t->kind)
        return fail(r, place, "missing \"kind\" (the kind of record the rows are: project, "
                    "organization, ...)%s", "");
    if (!t->file == !t->query)
        return fail(r, place, "give either \"file\" (a CSV file's name) or \"query\" (an SQL "
                    "query)%s", "");
    if (t->file && strchr(t->file, '/'))
        return fail(r, place, "\"file\" is a file's name without its directory: \"%s\"",
                    strrchr(t->file, '/') + 1);
    if (t->delimiter && strlen(t->delimiter) != 1)
        return fail(r, place, "\"delimiter\" is one character, such as \";\"%s", "");
    if (t->list && !t->parent)
        return fail(r, place, "a list's table needs \"parent\": the column holding the key of "
                    "the record each row belongs to%s", "");
    if (!t->list && (t->parent || t->value))
        return fail(r, place, "\"parent\" and \"value\" are for a list's table (give \"list\")%s",
                    "");
    if (check_nesting(r, t, place) < 0)
        return -1;
    if (t->value && t->has_fields)
        return fail(r, place, "give either \"value\" (a list of single values) or \"fields\" "
                    "(a list of objects)%s", "");
    for (size_t i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i].field, "key") && !t->fields[i].column)
            return fail(r, place, "the key comes from a column, not from \"values\"%s", "");
    if (!t->list && !rg_map_key_column(t))
        return fail(r, place, "\"fields\" names no column for \"key\" (each record's "
                    "key: the project code, ...)%s", "");
    return 0;
}

static int read_map(map_reader *r, yajl_val root)
{
    if (!YAJL_IS_OBJECT(root))
        return fail(r, "$", "expected an object with \"raingan_map\" and \"tables\"%s", "");
    yajl_val version = NULL, tables = NULL;
    for (size_t i = 0; i < root->u.object.len; i++) {
        const char *name = root->u.object.keys[i];
        if (!strcmp(name, "raingan_map"))
            version = root->u.object.values[i];
        else if (!strcmp(name, "tables"))
            tables = root->u.object.values[i];
        else if (!strcmp(name, "patch") && YAJL_IS_TRUE(root->u.object.values[i]))
            r->map->patch = 1;
        else if (!strcmp(name, "patch") && !YAJL_IS_FALSE(root->u.object.values[i]))
            return fail(r, name, "expected true (every record a patch) or false%s", "");
        else if (strcmp(name, "patch"))
            return fail(r, name, "unknown member (known: raingan_map, tables, patch)%s", "");
    }
    if (!version || !YAJL_IS_INTEGER(version))
        return fail(r, "raingan_map", "expected the format version, 1%s", "");
    if (YAJL_GET_INTEGER(version) != RG_MAP_FORMAT_VERSION)
        return fail(r, "raingan_map", "this raingan reads mapping files of version 1%s", "");
    if (!tables || !YAJL_IS_ARRAY(tables) || tables->u.array.len == 0)
        return fail(r, "tables", "expected an array of one table or more%s", "");
    r->map->tables = calloc(tables->u.array.len, sizeof *r->map->tables);
    if (!r->map->tables)
        return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < tables->u.array.len; i++) {
        r->map->ntables++;
        if (read_table(r, i, tables->u.array.values[i]) < 0)
            return -1;
    }
    /* One table of records per kind: a list's rows find their record there. */
    for (size_t i = 0; i < r->map->ntables; i++) {
        const rg_map_table *t = &r->map->tables[i];
        char place[64];
        snprintf(place, sizeof place, "tables[%zu]", i);
        int records = 0;
        for (size_t k = 0; k < r->map->ntables; k++) {
            const rg_map_table *o = &r->map->tables[k];
            if (!strcmp(o->kind, t->kind) && !o->list)
                records++;
            if (k < i && !strcmp(o->kind, t->kind) && t->list && o->list &&
                !strcmp(o->list, t->list))
                return fail(r, place, "a second table for the list \"%s\"", t->list);
        }
        if (!t->list && records > 1)
            return fail(r, place, "a second table of records of kind \"%s\" (give each kind "
                        "one table)", t->kind);
        if (t->list && records == 0)
            return fail(r, place, "no table gives the records of kind \"%s\" this list belongs "
                        "to", t->kind);
        int outer = 0;
        for (size_t k = 0; k < r->map->ntables && t->outer_len; k++) {
            const rg_map_table *o = &r->map->tables[k];
            outer |= !strcmp(o->kind, t->kind) && o->list && !o->outer_len &&
                     strlen(o->list) == t->outer_len && !strncmp(o->list, t->list, t->outer_len);
        }
        if (t->outer_len && !outer) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)t->outer_len, t->list);
            return fail(r, place, "no table gives the list \"%s\" whose elements these rows "
                        "belong to", name);
        }
    }
    return 0;
}

rg_source_map *rg_source_map_load(const char *path, rg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    if (rg_read_file(path, &data, &len, err) < 0)
        return NULL;
    rg_source_map *map = calloc(1, sizeof *map);
    if (!map || !(map->path = strdup(path))) {
        free(map);
        free(data);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    const char *text = data;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))   /* as Notepad saves it */
        text += 3;
    char message[256] = "";
    yajl_val root = strlen(text) == (size_t)(len - (size_t)(text - data))
                        ? yajl_tree_parse(text, message, sizeof message)
                        : NULL;
    free(data);
    if (!root) {
        char *nl = strchr(message, '\n');   /* yajl adds the text around the error */
        if (nl)
            *nl = '\0';
        rg_error_set(err, RG_ERR_INPUT, "%s: malformed JSON: %s", path,
                     message[0] ? message : "a NUL byte in the file");
        rg_source_map_free(map);
        return NULL;
    }
    map_reader r = {map, err};
    int rc = read_map(&r, root);
    yajl_tree_free(root);
    if (rc < 0) {
        rg_source_map_free(map);
        return NULL;
    }
    return map;
}

void rg_source_map_free(rg_source_map *map)
{
    if (!map)
        return;
    for (size_t i = 0; i < map->ntables; i++) {
        rg_map_table *t = &map->tables[i];
        free(t->where);
        free(t->kind);
        free(t->list);
        free(t->parent);
        free(t->parent_number);
        free(t->value);
        free(t->file);
        free(t->query);
        free(t->delimiter);
        for (size_t k = 0; k < t->nfields; k++) {
            free(t->fields[k].field);
            free(t->fields[k].column);
            free(t->fields[k].value);
        }
        free(t->fields);
        for (size_t k = 0; k < t->nignore; k++)
            free(t->ignore[k]);
        free(t->ignore);
    }
    free(map->tables);
    free(map->path);
    free(map);
}

const char *rg_map_key_column(const rg_map_table *t)
{
    if (t->list)
        return t->parent;
    if (!t->has_fields)
        return "key";
    for (size_t i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i].field, "key"))
            return t->fields[i].column;
    return NULL;
}

int rg_map_ignored(const rg_map_table *t, const char *column)
{
    for (size_t i = 0; i < t->nignore; i++)
        if (!strcmp(t->ignore[i], column))
            return 1;
    return 0;
}
