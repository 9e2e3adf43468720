/* Reading kind files (kind_decl.h, docs/kinds.md). The XML is parsed with
 * libxml2 without network access; every check names the file and the line
 * of the element at fault, since the person who wrote the file is an office
 * IT officer, not a C programmer. */
#include "store/kind_decl.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/nearest.h"
#include "util/paths.h"

#define MAX_NAME 40

/* Type names as kind files spell them; one table for parsing and naming. */
static const struct {
    rg_field_type type;
    const char *name;
    const char *suffix;   /* appended to the field name to make its column */
} field_types[RG_FIELD_TYPE_COUNT] = {
    {RG_FIELD_TEXT, "text", ""},
    {RG_FIELD_RICH_TEXT, "rich text", ""},
    {RG_FIELD_DATE, "date", ""},
    {RG_FIELD_AMOUNT, "amount", "_satang"},
    {RG_FIELD_PERCENT, "percent", ""},
    {RG_FIELD_BOOLEAN, "boolean", ""},
    {RG_FIELD_PERSON, "person", "_key"},
    {RG_FIELD_ORGANIZATION, "organization", "_key"},
    {RG_FIELD_INTEGER, "integer", ""},
    {RG_FIELD_YEAR, "year", ""},
    {RG_FIELD_LINES, "lines", ""},
    {RG_FIELD_IMAGE, "image", ""},
};

/* Names a declared kind may not take: the built-in kinds and every table
 * and view of the schema (docs/schema.md), and the store's own table. */
static const char *const taken_names[] = {
    "organization", "person", "project", "indicator", "plan",
    "organizations", "people", "projects", "project_objectives", "project_targets",
    "progress_entries", "indicators", "indicator_quarters", "plans", "plan_sections",
    "plan_section_items", "plan_signatories", "plan_activities", "plan_activity_details",
    "organization_paths", "plan_activity_months", "records", "raingan_kinds",
};

/* Members every record has, which no field may take. */
static const char *const reserved_fields[] = {"key", "kind", "patch", "seq", "delete"};

const char *rg_field_type_name(rg_field_type type)
{
    return (unsigned)type < RG_FIELD_TYPE_COUNT ? field_types[type].name : "?";
}

static void free_field(rg_field_decl *f)
{
    free(f->name);
    free(f->column);
    free(f->label);
    for (size_t i = 0; i < f->value_count; i++)
        free(f->values[i]);
    free(f->values);
}

void rg_kind_decl_free(rg_kind_decl *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->field_count; i++)
        free_field(&d->fields[i]);
    free(d->fields);
    for (size_t i = 0; i < d->list_count; i++) {
        for (size_t k = 0; k < d->lists[i].field_count; k++)
            free_field(&d->lists[i].fields[k]);
        free(d->lists[i].fields);
        free(d->lists[i].name);
        free(d->lists[i].table);
    }
    free(d->lists);
    free(d->name);
    free(d->file);
    free(d->description);
    free(d->key_label);
    free(d->source);
    free(d);
}

/* ---- reading ---------------------------------------------------------------- */

typedef struct reader {
    const char *file;
    rg_error *err;
    int failed;
} reader;

__attribute__((format(printf, 3, 4)))
static int fail(reader *r, const xmlNode *node, const char *fmt, ...)
{
    if (r->failed)
        return -1;
    char message[RG_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    rg_error_set(r->err, RG_ERR_INPUT, "%s:%ld: %s", r->file, node ? xmlGetLineNo(node) : 1L,
                 message);
    r->failed = 1;
    return -1;
}

static int is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The attribute's value (malloc'd copy), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *copy = strdup((const char *)v);
    xmlFree(v);
    return copy;
}

/* Only the attributes in `allowed` (NULL-terminated) may appear. */
static int check_attributes(reader *r, const xmlNode *n, const char *const *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        int ok = 0;
        size_t count = 0;
        for (; allowed[count]; count++)
            ok |= !strcmp(allowed[count], name);
        if (ok)
            continue;
        rg_buf known = RG_BUF_INIT;
        for (size_t i = 0; i < count; i++)
            rg_buf_printf(&known, "%s%s", i ? ", " : "", allowed[i]);
        fail(r, n, "<%s>: unknown attribute `%s` (known: %s)", (const char *)n->name, name,
             known.data ? known.data : "none");
        rg_buf_free(&known);
        return -1;
    }
    return 0;
}

static int nomem(reader *r)
{
    r->failed = 1;
    return rg_error_set(r->err, RG_ERR_NOMEM, "out of memory");
}

/* Whether SQL takes `name` unquoted as a table and a column name. SQLite's
 * keyword list is too wide a test (`key` is on it, and is every table's
 * column); asking SQLite itself is exact. */
static int sql_name_usable(const char *name)
{
    sqlite3 *db;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return 1;   /* cannot ask: the table's creation will say */
    }
    char sql[200];
    snprintf(sql, sizeof sql, "CREATE TABLE %s (%s); SELECT %s FROM %s WHERE %s = 1", name, name,
             name, name, name);
    int ok = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/* A lower-case identifier that is safe as an SQL name without quoting. */
static int check_name(reader *r, const xmlNode *n, const char *what, const char *name)
{
    if (!name || !*name)
        return fail(r, n, "%s has no name (give name=\"...\")", what);
    size_t len = strlen(name);
    int ok = len <= MAX_NAME && name[0] >= 'a' && name[0] <= 'z';
    for (size_t i = 0; ok && i < len; i++)
        ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
             name[i] == '_';
    if (!ok)
        return fail(r, n, "%s name `%s`: use lower-case Latin letters, digits and _, starting "
                    "with a letter, at most %d characters (templates query it by this name)",
                    what, name, MAX_NAME);
    if (!sql_name_usable(name))
        return fail(r, n, "%s name `%s` is a word of SQL: templates could not query it by "
                    "this name; choose another", what, name);
    return 0;
}

static int parse_yes_no(reader *r, const xmlNode *n, const char *name, int *out)
{
    *out = 0;
    char *v = attr(n, name);
    if (!v)
        return 0;
    int ok = !strcmp(v, "yes") || !strcmp(v, "no");
    *out = !strcmp(v, "yes");
    if (!ok)
        fail(r, n, "%s=\"%s\": expected yes or no", name, v);
    free(v);
    return ok ? 0 : -1;
}

static int parse_type(reader *r, const xmlNode *n, const char *field, const char *type,
                      rg_field_type *out)
{
    if (!type)
        return fail(r, n, "field `%s` has no type (give type=\"text\", \"date\", ...)", field);
    for (int t = 0; t < RG_FIELD_TYPE_COUNT; t++)
        if (!strcmp(field_types[t].name, type) ||
            (t == RG_FIELD_RICH_TEXT && !strcmp(type, "richtext"))) {
            *out = (rg_field_type)t;
            return 0;
        }
    const char *names[RG_FIELD_TYPE_COUNT];
    for (int t = 0; t < RG_FIELD_TYPE_COUNT; t++)
        names[t] = field_types[t].name;
    const char *near = rg_nearest_name(type, names, RG_FIELD_TYPE_COUNT);
    rg_buf known = RG_BUF_INIT;
    for (int t = 0; t < RG_FIELD_TYPE_COUNT; t++)
        rg_buf_printf(&known, "%s%s", t ? ", " : "", names[t]);
    if (near)
        fail(r, n, "field `%s`: unknown type `%s` (did you mean `%s`?)", field, type, near);
    else
        fail(r, n, "field `%s`: unknown type `%s` (types: %s)", field, type,
             known.data ? known.data : "");
    rg_buf_free(&known);
    return -1;
}

/* values="a|b|c": the values a text field may take. */
static int parse_values(reader *r, const xmlNode *n, rg_field_decl *f, const char *values)
{
    if (f->type != RG_FIELD_TEXT)
        return fail(r, n, "field `%s`: values=\"...\" is for text fields", f->name);
    for (const char *p = values;;) {
        size_t len = strcspn(p, "|");
        if (len == 0)
            return fail(r, n, "field `%s`: values=\"%s\" has an empty value", f->name, values);
        char **grown = realloc(f->values, (f->value_count + 1) * sizeof *grown);
        if (!grown || !(grown[f->value_count] = strndup(p, len))) {
            if (grown)
                f->values = grown;
            return nomem(r);
        }
        f->values = grown;
        f->value_count++;
        if (!p[len])
            return 0;
        p += len + 1;
    }
}

/* The fields already read (of the kind, or of one list) clash with `name`
 * or with the column it makes? */
static int check_unique(reader *r, const xmlNode *n, const rg_field_decl *fields, size_t count,
                        const rg_field_decl *f, const char *where)
{
    for (size_t i = 0; i < count; i++) {
        if (!strcmp(fields[i].name, f->name))
            return fail(r, n, "duplicate field `%s`%s (line %ld has it too)", f->name, where,
                        fields[i].line);
        if (!strcmp(fields[i].column, f->column) || !strcmp(fields[i].name, f->column) ||
            !strcmp(fields[i].column, f->name))
            return fail(r, n, "field `%s`%s: its column `%s` clashes with field `%s` (line %ld)",
                        f->name, where, f->column, fields[i].name, fields[i].line);
    }
    return 0;
}

static int read_field(reader *r, const xmlNode *n, rg_field_decl **fields, size_t *count,
                      const char *where)
{
    static const char *const allowed[] = {"name", "type", "required", "label", "values", NULL};
    if (check_attributes(r, n, allowed) < 0)
        return -1;
    rg_field_decl f;
    memset(&f, 0, sizeof f);
    f.line = xmlGetLineNo(n);
    f.name = attr(n, "name");
    char *type = attr(n, "type"), *values = attr(n, "values");
    f.label = attr(n, "label");
    int rc = 0;
    for (size_t i = 0; f.name && i < sizeof reserved_fields / sizeof *reserved_fields; i++)
        if (!strcmp(f.name, reserved_fields[i]))
            rc = fail(r, n, "field `%s`: every record has `%s` already; choose another name",
                      f.name, f.name);
    if (rc == 0)
        rc = check_name(r, n, "a field", f.name);
    if (rc == 0)
        rc = parse_type(r, n, f.name, type, &f.type);
    if (rc == 0)
        rc = parse_yes_no(r, n, "required", &f.required);
    if (rc == 0 && f.type == RG_FIELD_BOOLEAN && f.required)
        rc = fail(r, n, "field `%s`: a boolean is never required (absent is false)", f.name);
    if (rc == 0 && values)
        rc = parse_values(r, n, &f, values);
    if (rc == 0) {
        size_t len = strlen(f.name) + strlen(field_types[f.type].suffix) + 1;
        f.column = malloc(len);
        if (!f.column)
            rc = nomem(r);
        else
            snprintf(f.column, len, "%s%s", f.name, field_types[f.type].suffix);
    }
    if (rc == 0)
        rc = check_unique(r, n, *fields, *count, &f, where);
    rg_field_decl *grown = rc == 0 ? realloc(*fields, (*count + 1) * sizeof *grown) : NULL;
    if (rc == 0 && !grown)
        rc = nomem(r);
    free(type);
    free(values);
    if (rc < 0) {
        free_field(&f);
        return -1;
    }
    *fields = grown;
    (*fields)[(*count)++] = f;
    return 0;
}

static int read_list(reader *r, const xmlNode *n, rg_kind_decl *d)
{
    static const char *const allowed[] = {"name", "label", NULL};
    if (check_attributes(r, n, allowed) < 0)
        return -1;
    char *name = attr(n, "name");
    if (check_name(r, n, "a list", name) < 0) {
        free(name);
        return -1;
    }
    for (size_t i = 0; i < d->field_count; i++)
        if (!strcmp(d->fields[i].name, name) || !strcmp(d->fields[i].column, name)) {
            fail(r, n, "list `%s`: field `%s` (line %ld) has that name", name, d->fields[i].name,
                 d->fields[i].line);
            free(name);
            return -1;
        }
    for (size_t i = 0; i < d->list_count; i++)
        if (!strcmp(d->lists[i].name, name)) {
            fail(r, n, "duplicate list `%s` (line %ld has it too)", name, d->lists[i].line);
            free(name);
            return -1;
        }
    rg_list_decl *grown = realloc(d->lists, (d->list_count + 1) * sizeof *grown);
    if (!grown) {
        free(name);
        return nomem(r);
    }
    d->lists = grown;
    rg_list_decl *l = &d->lists[d->list_count++];
    memset(l, 0, sizeof *l);
    l->name = name;
    l->line = xmlGetLineNo(n);
    size_t tlen = strlen(d->name) + strlen(name) + 2;
    if (!(l->table = malloc(tlen)))
        return nomem(r);
    snprintf(l->table, tlen, "%s_%s", d->name, name);
    char where[80];
    snprintf(where, sizeof where, " in list `%s`", name);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_element(c, "field"))
            return fail(r, c, "<%s> is not allowed in <list>: a list holds <field> elements "
                        "(lists do not nest)", (const char *)c->name);
        if (read_field(r, c, &l->fields, &l->field_count, where) < 0)
            return -1;
        rg_field_decl *f = &l->fields[l->field_count - 1];
        char owner[MAX_NAME + 5];
        snprintf(owner, sizeof owner, "%s_key", d->name);
        if (!strcmp(f->column, owner))
            return fail(r, c, "field `%s`%s: its column `%s` is the one naming the record",
                        f->name, where, f->column);
    }
    if (l->field_count == 0)
        return fail(r, n, "list `%s` has no <field>", name);
    return 0;
}

/* title="...", year="...", date="...": a field of the kind of the right type. */
static int pick_field(reader *r, const xmlNode *n, rg_kind_decl *d, const char *attribute,
                      const rg_field_type *types, size_t ntypes, const rg_field_decl **out)
{
    char *name = attr(n, attribute);
    if (!name)
        return 0;
    const rg_field_decl *f = rg_kind_decl_field(d, name);
    int ok = 0;
    for (size_t i = 0; f && i < ntypes; i++)
        ok |= f->type == types[i];
    if (!f)
        fail(r, n, "%s=\"%s\": the kind has no field `%s`", attribute, name, name);
    else if (!ok)
        fail(r, n, "%s=\"%s\": field `%s` is a %s, expected a %s", attribute, name, name,
             rg_field_type_name(f->type), rg_field_type_name(types[0]));
    free(name);
    *out = ok ? f : NULL;
    return ok ? 0 : -1;
}

static int read_kind(reader *r, const xmlNode *root, rg_kind_decl *d)
{
    static const char *const allowed[] = {"name", "title", "year", "date", "description", NULL};
    if (!is_element(root, "kind"))
        return fail(r, root, "the root element is <%s>; a kind file holds <kind name=\"...\">",
                    (const char *)root->name);
    if (check_attributes(r, root, allowed) < 0)
        return -1;
    d->name = attr(root, "name");
    d->description = attr(root, "description");
    if (check_name(r, root, "the kind", d->name) < 0)
        return -1;
    for (size_t i = 0; i < sizeof taken_names / sizeof *taken_names; i++)
        if (!strcmp(d->name, taken_names[i]))
            return fail(r, root, "kind `%s`: raingan has a %s `%s` already; choose another name",
                        d->name, i < 5 ? "kind" : "table", d->name);
    const xmlNode *key = NULL;
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_element(c, "key")) {
            static const char *const key_attrs[] = {"label", NULL};
            if (key)
                return fail(r, c, "a second <key> (line %ld has one)", xmlGetLineNo(key));
            if (check_attributes(r, c, key_attrs) < 0)
                return -1;
            key = c;
            d->key_label = attr(c, "label");
        } else if (is_element(c, "field")) {
            if (read_field(r, c, &d->fields, &d->field_count, "") < 0)
                return -1;
        } else if (is_element(c, "list")) {
            if (read_list(r, c, d) < 0)
                return -1;
        } else {
            return fail(r, c, "unknown element <%s> in <kind> (expected key, field, list)",
                        (const char *)c->name);
        }
    }
    if (!key)
        return fail(r, root, "kind `%s` has no <key>: add <key label=\"...\"/> saying what "
                    "identifies one %s (every record has a \"key\")", d->name, d->name);
    if (d->field_count == 0)
        return fail(r, root, "kind `%s` has no <field>", d->name);
    static const rg_field_type text[] = {RG_FIELD_TEXT}, year[] = {RG_FIELD_YEAR},
                               date[] = {RG_FIELD_DATE};
    if (pick_field(r, root, d, "title", text, 1, &d->title) < 0 ||
        pick_field(r, root, d, "year", year, 1, &d->year) < 0 ||
        pick_field(r, root, d, "date", date, 1, &d->date) < 0)
        return -1;
    return 0;
}

rg_kind_decl *rg_kind_decl_parse(const char *file, const char *xml, size_t len, rg_error *err)
{
    reader r = {file, err, 0};
    rg_kind_decl *d = calloc(1, sizeof *d);
    if (!d || !(d->file = strdup(file)) || !(d->source = malloc(len + 1))) {
        rg_kind_decl_free(d);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(d->source, xml, len);
    d->source[len] = '\0';
    d->source_len = len;
    xmlDoc *doc = xmlReadMemory(xml, (int)len, file, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char msg[256];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed XML");
        msg[strcspn(msg, "\n")] = '\0';
        rg_error_set(err, RG_ERR_INPUT, "%s:%d: %s", file, e ? e->line : 1, msg);
        rg_kind_decl_free(d);
        return NULL;
    }
    int rc = read_kind(&r, xmlDocGetRootElement(doc), d);
    xmlFreeDoc(doc);
    if (rc < 0) {
        rg_kind_decl_free(d);
        return NULL;
    }
    return d;
}

rg_kind_decl *rg_kind_decl_load(const char *path, rg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        rg_error_set(err, RG_ERR_IO, "%s: cannot read the kind file: %s", path, strerror(errno));
        return NULL;
    }
    rg_buf b = RG_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rg_buf_append(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    rg_kind_decl *d = NULL;
    if (bad)
        rg_error_set(err, RG_ERR_IO, "%s: cannot read the kind file", path);
    else
        d = rg_kind_decl_parse(path, b.data ? b.data : "", b.len, err);
    rg_buf_free(&b);
    return d;
}

const rg_field_decl *rg_kind_decl_field(const rg_kind_decl *d, const char *name)
{
    for (size_t i = 0; i < d->field_count; i++)
        if (!strcmp(d->fields[i].name, name))
            return &d->fields[i];
    return NULL;
}

const rg_list_decl *rg_kind_decl_list(const rg_kind_decl *d, const char *name)
{
    for (size_t i = 0; i < d->list_count; i++)
        if (!strcmp(d->lists[i].name, name))
            return &d->lists[i];
    return NULL;
}

void rg_kind_decls_free(rg_kind_decl **decls, size_t count)
{
    for (size_t i = 0; i < count; i++)
        rg_kind_decl_free(decls[i]);
    free(decls);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int rg_kind_decls_load_dir(const char *dir, rg_kind_decl ***out, size_t *count, rg_error *err)
{
    *out = NULL;
    *count = 0;
    DIR *dh = opendir(dir);
    if (!dh) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        return rg_error_set(err, RG_ERR_IO, "%s: cannot read the kinds directory: %s", dir,
                            strerror(errno));
    }
    char **names = NULL;
    size_t n = 0;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(dh));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 4, ".xml"))
            continue;
        char **grown = realloc(names, (n + 1) * sizeof *grown);
        if (!grown || !(grown[n] = strdup(e->d_name)))
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        if (grown)
            names = grown;
        if (rc == 0)
            n++;
    }
    closedir(dh);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    rg_kind_decl **decls = calloc(n ? n : 1, sizeof *decls);
    if (!decls && rc == 0)
        rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    size_t made = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *path = rg_path_join(dir, names[i]);
        rg_kind_decl *d = path ? rg_kind_decl_load(path, err) : NULL;
        free(path);
        if (!d) {
            rc = -1;
            break;
        }
        decls[made++] = d;
        for (size_t k = 0; k + 1 < made; k++)
            if (!strcmp(decls[k]->name, d->name))
                rc = rg_error_set(err, RG_ERR_INPUT, "%s: kind `%s` is declared in %s too; "
                                  "a kind is declared in one file", d->file, d->name,
                                  decls[k]->file);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc < 0) {
        rg_kind_decls_free(decls, made);
        return -1;
    }
    *out = decls;
    *count = made;
    return 0;
}

char *rg_kind_decls_dir(void)
{
    const char *env = getenv("RAINGAN_KINDS");
    if (env && *env)
        return strdup(env);
    env = getenv("RAINGAN_TEMPLATES");
    if (env && *env)
        return rg_path_join(env, "kinds");
    return rg_path_join(rg_data_dir(), "templates/kinds");
}
