/* `raingan check`: is this database whole and consistent? (see store.h)
 *
 * Checks, in order, each reporting one line per problem with the table and
 * the row's key: the schema version and the schema itself (compared with
 * the one this raingan creates), SQLite's integrity_check (pages, indexes,
 * NOT NULL and CHECK constraints), foreign_key_check (each orphan named by
 * its key, not by SQLite's rowid, which WITHOUT ROWID tables lack), every
 * value against its column's declared type and as UTF-8, then the
 * invariants docs/schema.md states that no constraint enforces. The
 * generic checks read the schema from the file, so they cover any table;
 * the invariants are one table below. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/image_file.h"
#include "store/images.h"
#include "store/richtext.h"
#include "store/schema.h"
#include "store/store_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

typedef struct checker {
    sqlite3 *db;
    const char *path;
    rg_check_report_fn report;
    void *user;
    long problems;
    rg_error *err;
} checker;

static void problem(checker *c, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(checker *c, const char *where, const char *fmt, ...)
{
    char text[RG_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    c->problems++;
    c->report(c->user, RG_CHECK_PROBLEM, where, text);
}

/* A query that cannot run on a damaged file is itself a problem: reported,
 * and the other checks go on. */
static void query_failed(checker *c, const char *where, const char *doing)
{
    problem(c, where, "cannot be read while %s: %s", doing, sqlite3_errmsg(c->db));
}

static void ident(rg_buf *b, const char *name)
{
    rg_buf_putc(b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            rg_buf_putc(b, '"');
        rg_buf_putc(b, *p);
    }
    rg_buf_putc(b, '"');
}

/* ---- What the file says about its tables ---- */

typedef struct column {
    char *name;
    char *type;   /* declared type, upper case as written */
    int pk;       /* position in the primary key (1, 2, ...), 0 if not part of it */
} column;

typedef struct table {
    char *name;
    column *columns;
    int count;
    int key_count;    /* primary key columns; 0: identified by rowid */
} table;

static void table_free(table *t)
{
    for (int i = 0; i < t->count; i++) {
        free(t->columns[i].name);
        free(t->columns[i].type);
    }
    free(t->columns);
    free(t->name);
}

static int table_read(checker *c, const char *name, table *t)
{
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    rg_buf sql = RG_BUF_INIT;
    rg_buf_puts(&sql, "PRAGMA table_info(");
    ident(&sql, name);
    rg_buf_putc(&sql, ')');
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL);
    rg_buf_free(&sql);
    if (rc != SQLITE_OK)
        return -1;
    int cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (t->count == cap) {
            cap = cap ? cap * 2 : 16;
            column *grown = realloc(t->columns, (size_t)cap * sizeof *grown);
            if (!grown)
                break;
            t->columns = grown;
        }
        column *col = &t->columns[t->count++];
        const char *type = (const char *)sqlite3_column_text(st, 2);
        col->name = strdup((const char *)sqlite3_column_text(st, 1));
        col->type = strdup(type ? type : "");
        col->pk = sqlite3_column_int(st, 5);
        if (col->pk > t->key_count)
            t->key_count = col->pk;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE && t->name ? 0 : -1;
}

/* Appends "quote(k1), quote(k2)" (or "rowid") to a SELECT list. */
static void key_select(const table *t, rg_buf *sql)
{
    if (!t->key_count) {
        rg_buf_puts(sql, "quote(rowid)");
        return;
    }
    for (int k = 1; k <= t->key_count; k++)
        for (int i = 0; i < t->count; i++)
            if (t->columns[i].pk == k) {
                rg_buf_puts(sql, k > 1 ? ", quote(" : "quote(");
                ident(sql, t->columns[i].name);
                rg_buf_putc(sql, ')');
            }
}

/* "progress_entries (project_key='P', number=3)" from the first
 * key_count (at least 1) columns of a row selected with key_select. */
static void row_where(const table *t, sqlite3_stmt *st, rg_buf *out)
{
    rg_buf_reset(out);
    rg_buf_printf(out, "%s (", t->name);
    if (!t->key_count)
        rg_buf_printf(out, "rowid %s", (const char *)sqlite3_column_text(st, 0));
    for (int k = 1; k <= t->key_count; k++)
        for (int i = 0; i < t->count; i++)
            if (t->columns[i].pk == k)
                rg_buf_printf(out, "%s%s=%s", k > 1 ? ", " : "", t->columns[i].name,
                              (const char *)sqlite3_column_text(st, k - 1));
    rg_buf_putc(out, ')');
}

static int key_columns(const table *t)
{
    return t->key_count ? t->key_count : 1;
}

/* ---- The schema: version, and the same tables as this raingan creates ---- */

/* Every table, index and view of the current schema is in the file with the
 * same definition, and the file has none other. */
static void check_schema_objects(checker *c)
{
    rg_error ignored;
    rg_store *fresh = rg_store_open_memory(&ignored);
    if (!fresh) {
        problem(c, "database", "cannot build this raingan's schema to compare: %s", ignored.message);
        return;
    }
    static const char *const objects =
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name";
    sqlite3_stmt *want, *have;
    if (sqlite3_prepare_v2(rg_store_db(fresh), objects, -1, &want, NULL) != SQLITE_OK) {
        rg_store_close(fresh);
        return;
    }
    if (sqlite3_prepare_v2(c->db, objects, -1, &have, NULL) != SQLITE_OK) {
        query_failed(c, "database", "reading the schema");
        sqlite3_finalize(want);
        rg_store_close(fresh);
        return;
    }
    int w = sqlite3_step(want), h = sqlite3_step(have);
    while (w == SQLITE_ROW || h == SQLITE_ROW) {
        const char *wname = w == SQLITE_ROW ? (const char *)sqlite3_column_text(want, 1) : NULL;
        const char *hname = h == SQLITE_ROW ? (const char *)sqlite3_column_text(have, 1) : NULL;
        int order = !wname ? 1 : !hname ? -1 : strcmp(wname, hname);
        if (order < 0) {
            problem(c, wname, "the %s is missing (schema version %d has it)",
                    (const char *)sqlite3_column_text(want, 0), RG_STORE_SCHEMA_VERSION);
            w = sqlite3_step(want);
        } else if (order > 0) {
            problem(c, hname, "a %s that schema version %d does not have (added by another "
                    "program?)", (const char *)sqlite3_column_text(have, 0),
                    RG_STORE_SCHEMA_VERSION);
            h = sqlite3_step(have);
        } else {
            const char *wsql = (const char *)sqlite3_column_text(want, 2);
            const char *hsql = (const char *)sqlite3_column_text(have, 2);
            if (!wsql != !hsql || (wsql && strcmp(wsql, hsql) != 0))
                problem(c, hname, "the %s's definition differs from schema version %d "
                        "(changed by another program?)", (const char *)sqlite3_column_text(have, 0),
                        RG_STORE_SCHEMA_VERSION);
            w = sqlite3_step(want);
            h = sqlite3_step(have);
        }
    }
    if (h != SQLITE_DONE)
        query_failed(c, "database", "reading the schema");
    sqlite3_finalize(want);
    sqlite3_finalize(have);
    rg_store_close(fresh);
}

/* ---- SQLite's own checks ---- */

static void check_integrity(checker *c)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check(1000)", -1, &st, NULL) != SQLITE_OK) {
        query_failed(c, "database", "running integrity_check");
        return;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* One row may hold several lines, after a "*** in database main ***" heading. */
        const char *text = (const char *)sqlite3_column_text(st, 0);
        for (const char *line = text; line && *line;) {
            const char *end = strchr(line, '\n');
            int len = end ? (int)(end - line) : (int)strlen(line);
            if (len && strncmp(line, "ok", (size_t)len) != 0 && strncmp(line, "***", 3) != 0)
                problem(c, "database", "integrity_check: %.*s", len, line);
            line = end ? end + 1 : NULL;
        }
    }
    if (rc != SQLITE_DONE)
        query_failed(c, "database", "running integrity_check");
    sqlite3_finalize(st);
}

/* The rows of `t` whose foreign key number `fkid` refers to no row, named by
 * their key: SQL built from PRAGMA foreign_key_list. Returns how many. */
static long describe_orphans(checker *c, const table *t, int fkid)
{
    rg_buf sql = RG_BUF_INIT, from = RG_BUF_INIT, join = RG_BUF_INIT, where = RG_BUF_INIT;
    rg_buf_puts(&sql, "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) "
                "WHERE id = ?2 ORDER BY seq");
    sqlite3_stmt *st;
    long found = 0;
    char *parent = NULL;
    int ok = sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, fkid);
        for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
            const char *to = (const char *)sqlite3_column_text(st, 3);
            const char *col = (const char *)sqlite3_column_text(st, 2);
            if (!to) {   /* refers to the parent's primary key: not used by raingan */
                ok = 0;
                break;
            }
            if (!parent)
                parent = strdup((const char *)sqlite3_column_text(st, 1));
            rg_buf_puts(&from, n ? ", " : "");
            rg_buf_puts(&from, "quote(c.");
            ident(&from, col);
            rg_buf_putc(&from, ')');
            rg_buf_puts(&where, n ? " AND c." : "c.");
            ident(&where, col);
            rg_buf_puts(&where, " IS NOT NULL");
            rg_buf_puts(&join, n ? " AND p." : "p.");
            ident(&join, to);
            rg_buf_puts(&join, " = c.");
            ident(&join, col);
        }
        sqlite3_finalize(st);
    }
    if (ok && parent) {
        rg_buf_reset(&sql);
        rg_buf_puts(&sql, "SELECT ");
        key_select(t, &sql);
        rg_buf_printf(&sql, ", %s FROM ", from.data);
        ident(&sql, t->name);
        rg_buf_printf(&sql, " c WHERE %s AND NOT EXISTS (SELECT 1 FROM ", where.data);
        ident(&sql, parent);
        rg_buf_printf(&sql, " p WHERE %s)", join.data);
        if (sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL) == SQLITE_OK) {
            rg_buf at = RG_BUF_INIT;
            int keys = key_columns(t);
            while (sqlite3_step(st) == SQLITE_ROW) {
                row_where(t, st, &at);
                problem(c, at.data, "refers to %s %s, which does not exist", parent,
                        (const char *)sqlite3_column_text(st, keys));
                found++;
            }
            rg_buf_free(&at);
            sqlite3_finalize(st);
        }
    }
    free(parent);
    rg_buf_free(&sql);
    rg_buf_free(&from);
    rg_buf_free(&join);
    rg_buf_free(&where);
    return found;
}

static int table_find(const table *tables, int count, const char *name)
{
    for (int i = 0; i < count; i++)
        if (!strcmp(tables[i].name, name))
            return i;
    return -1;
}

static void check_foreign_keys(checker *c, const table *tables, int count)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT DISTINCT \"table\", fkid, parent FROM "
                           "pragma_foreign_key_check ORDER BY 1, 2", -1, &st, NULL) != SQLITE_OK) {
        query_failed(c, "database", "running foreign_key_check");
        return;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int i = table_find(tables, count, name);
        if (i < 0 || describe_orphans(c, &tables[i], sqlite3_column_int(st, 1)) == 0)
            problem(c, name, "foreign_key_check: rows refer to %s rows that do not exist",
                    (const char *)sqlite3_column_text(st, 2));
    }
    if (rc != SQLITE_DONE)
        query_failed(c, "database", "running foreign_key_check");
    sqlite3_finalize(st);
}

/* ---- Every value: declared type, UTF-8, dates, rich text ---- */

typedef enum { VALUE_DATE, VALUE_RICH_TEXT } value_rule;

/* Columns docs/schema.md gives a form no constraint enforces. */
static const struct {
    const char *table, *column;
    value_rule rule;
} value_rules[] = {
    {"projects", "start_date", VALUE_DATE},
    {"projects", "end_date", VALUE_DATE},
    {"projects", "rationale", VALUE_RICH_TEXT},
    {"project_objectives", "body", VALUE_RICH_TEXT},
    {"project_targets", "body", VALUE_RICH_TEXT},
    {"progress_entries", "date", VALUE_DATE},
    {"progress_entries", "body", VALUE_RICH_TEXT},
    {"indicators", "definition", VALUE_RICH_TEXT},
    {"indicators", "calculation", VALUE_RICH_TEXT},
    {"indicators", "summary", VALUE_RICH_TEXT},
    {"indicators", "factors", VALUE_RICH_TEXT},
    {"indicators", "obstacles", VALUE_RICH_TEXT},
    {"indicators", "evidence", VALUE_RICH_TEXT},
    {"indicator_quarters", "body", VALUE_RICH_TEXT},
    {"plans", "announcement_body", VALUE_RICH_TEXT},
    {"plans", "announcement_date", VALUE_DATE},
    {"plans", "period_start", VALUE_DATE},
    {"plans", "period_end", VALUE_DATE},
    {"plan_sections", "body", VALUE_RICH_TEXT},
    {"plan_section_items", "body", VALUE_RICH_TEXT},
};

static int rule_of(const char *table_name, const char *column_name)
{
    for (size_t i = 0; i < sizeof value_rules / sizeof value_rules[0]; i++)
        if (!strcmp(value_rules[i].table, table_name) && !strcmp(value_rules[i].column, column_name))
            return (int)value_rules[i].rule;
    return -1;
}

static int iso_date(const char *s)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, n = 0;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
        s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* The SQLite storage classes a declared type accepts (SQLite's affinity
 * rules would store anything; raingan writes only these). */
static int type_accepts(const char *declared, int stored)
{
    if (stored == SQLITE_NULL)
        return 1;
    if (strstr(declared, "INT"))
        return stored == SQLITE_INTEGER;
    if (strstr(declared, "TEXT"))
        return stored == SQLITE_TEXT;
    if (strstr(declared, "REAL"))
        return stored == SQLITE_FLOAT || stored == SQLITE_INTEGER;
    return 1;
}

static const char *const storage_names[] = {"", "an integer", "a real number", "text",
                                            "a blob", "NULL"};

static void check_value(checker *c, const char *where, const column *col, int rule,
                        sqlite3_stmt *st, int i, int check_rules)
{
    int type = sqlite3_column_type(st, i);
    if (!type_accepts(col->type, type)) {
        problem(c, where, "%s holds %s where %s is declared", col->name, storage_names[type],
                col->type);
        return;
    }
    if (type != SQLITE_TEXT)
        return;
    const char *text = (const char *)sqlite3_column_text(st, i);
    size_t len = (size_t)sqlite3_column_bytes(st, i);
    long bad = rg_utf8_find_invalid(text, len);
    if (bad >= 0) {
        problem(c, where, "%s is not valid UTF-8 (byte %ld)", col->name, bad + 1);
        return;
    }
    if (!check_rules || rule < 0)
        return;
    if (rule == VALUE_DATE && !iso_date(text)) {
        problem(c, where, "%s is not a date YYYY-MM-DD: '%s'", col->name, text);
    } else if (rule == VALUE_RICH_TEXT) {
        rg_buf canonical = RG_BUF_INIT;
        rg_error ignored;
        if (rg_richtext_from_html(text, len, &canonical, &ignored) < 0 || canonical.len != len ||
            memcmp(canonical.data, text, len) != 0)
            problem(c, where, "%s is not canonical rich text (<rt>...</rt>: damaged, or written "
                    "by another program)", col->name);
        rg_buf_free(&canonical);
    }
}

static void check_values(checker *c, const table *t, int check_rules)
{
    rg_buf sql = RG_BUF_INIT, where = RG_BUF_INIT;
    rg_buf_puts(&sql, "SELECT ");
    key_select(t, &sql);
    for (int i = 0; i < t->count; i++) {
        rg_buf_puts(&sql, ", ");
        ident(&sql, t->columns[i].name);
    }
    rg_buf_puts(&sql, " FROM ");
    ident(&sql, t->name);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
        query_failed(c, t->name, "reading its values");
        rg_buf_free(&sql);
        return;
    }
    int keys = key_columns(t);
    int *rules = calloc((size_t)t->count + 1, sizeof *rules);
    for (int i = 0; rules && i < t->count; i++)
        rules[i] = rule_of(t->name, t->columns[i].name);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_where(t, st, &where);
        for (int i = 0; i < t->count; i++)
            check_value(c, where.data, &t->columns[i], rules ? rules[i] : -1, st, keys + i,
                        check_rules);
    }
    if (rc != SQLITE_DONE)
        query_failed(c, t->name, "reading its values");
    sqlite3_finalize(st);
    free(rules);
    rg_buf_free(&sql);
    rg_buf_free(&where);
}

/* ---- Invariants across rows ---- */

/* Each query selects the table and key text of a row that breaks the rule,
 * then what is wrong. */
static const struct {
    const char *sql;
} invariants[] = {
    {"SELECT 'projects', 'key=' || quote(key), 'ends (' || end_date || ') before it starts (' "
     "|| start_date || ')' FROM projects WHERE end_date < start_date"},
    {"WITH RECURSIVE up(start, cur, depth) AS (SELECT key, parent_key, 1 FROM organizations "
     "UNION ALL SELECT up.start, o.parent_key, up.depth + 1 FROM up JOIN organizations o "
     "ON o.key = up.cur WHERE up.depth <= 64) "
     "SELECT 'organizations', 'key=' || quote(start), 'its chain of parent units loops (or is "
     "deeper than 64): no top unit is reached' FROM up WHERE depth > 64 AND cur IS NOT NULL "
     "GROUP BY start"},
#define SEQ_RULE(table, parent, parent_quoted)                                                  \
    {"SELECT '" table "', " parent_quoted ", 'seq runs ' || min(seq) || '..' || max(seq) || "   \
     "' for ' || count(*) || ' rows (1, 2, ... expected)' FROM " table " GROUP BY " parent   \
     " HAVING min(seq) != 1 OR max(seq) != count(*)"}
    SEQ_RULE("project_objectives", "project_key", "'project_key=' || quote(project_key)"),
    SEQ_RULE("project_targets", "project_key", "'project_key=' || quote(project_key)"),
    SEQ_RULE("plan_section_items", "plan_key, section_number",
             "'plan_key=' || quote(plan_key) || ', section_number=' || section_number"),
    SEQ_RULE("plan_signatories", "plan_key", "'plan_key=' || quote(plan_key)"),
    SEQ_RULE("plan_activity_details", "plan_key, activity_number",
             "'plan_key=' || quote(plan_key) || ', activity_number=' || activity_number"),
#undef SEQ_RULE
};

static void check_invariants(checker *c)
{
    for (size_t i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(c->db, invariants[i].sql, -1, &st, NULL) != SQLITE_OK) {
            query_failed(c, "database", "checking its invariants");
            continue;
        }
        int rc;
        rg_buf where = RG_BUF_INIT;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            rg_buf_reset(&where);
            rg_buf_printf(&where, "%s (%s)", (const char *)sqlite3_column_text(st, 0),
                          (const char *)sqlite3_column_text(st, 1));
            problem(c, where.data, "%s", (const char *)sqlite3_column_text(st, 2));
        }
        if (rc != SQLITE_DONE)
            query_failed(c, "database", "checking its invariants");
        rg_buf_free(&where);
        sqlite3_finalize(st);
    }
}

/* ---- Stored images (issue 11) ---- */

/* A stored image and whether some value refers to it. */
typedef struct stored_image {
    char *sha256;
    long long bytes;
    int referred;
} stored_image;

static int image_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const stored_image *)elem)->sha256);
}

/* Every row of `images` holds the bytes its key names (their SHA-256
 * computed again), of the media type it says, decoding whole; every
 * "sha256:" value in any other table (an image field of a built-in or a
 * declared kind: the same check for both) names a stored image. An image
 * no value names any more (the record imported again with another image)
 * is a note, not a problem: nothing is wrong, but its bytes stay in the
 * file and its copies until removed (docs/schema.md). */
static void check_images(checker *c, const table *tables, int count)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT sha256, media_type, data FROM images ORDER BY sha256",
                           -1, &st, NULL) != SQLITE_OK) {
        query_failed(c, "images", "reading the stored images");
        return;
    }
    int rc;
    rg_buf where = RG_BUF_INIT;
    stored_image *images = NULL;
    size_t image_count = 0, image_cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        const unsigned char *data = sqlite3_column_blob(st, 2);
        size_t len = (size_t)sqlite3_column_bytes(st, 2);
        rg_buf_reset(&where);
        rg_buf_printf(&where, "images (sha256='%s')", key ? key : "");
        if (key && (image_count == 0 || strcmp(images[image_count - 1].sha256, key) < 0)) {
            if (image_count == image_cap) {   /* in key order: searched by bsearch below */
                size_t cap = image_cap ? image_cap * 2 : 16;
                stored_image *grown = realloc(images, cap * sizeof *grown);
                if (!grown)
                    break;
                images = grown, image_cap = cap;
            }
            char *copy = strdup(key);
            if (!copy)
                break;
            images[image_count++] = (stored_image){copy, (long long)len, 0};
        }
        char ref[RG_IMAGE_REF_SIZE];
        rg_image_ref_of(data ? data : (const unsigned char *)"", len, ref);
        const char *actual = rg_image_media_type(data, len);
        int w, h;
        rg_error why;
        rg_error_clear(&why);
        if (!key || strcmp(ref + strlen(RG_IMAGE_REF_PREFIX), key) != 0)
            problem(c, where.data, "the bytes stored are not the image this key names: their "
                    "SHA-256 is %s (changed after it was imported)",
                    ref + strlen(RG_IMAGE_REF_PREFIX));
        else if (!actual || !type || strcmp(actual, type) != 0)
            problem(c, where.data, "media type %s, but the bytes are %s", type ? type : "NULL",
                    actual ? actual : "neither a PNG nor a JPEG image");
        else if (rg_image_bytes_check(key, data, len, &w, &h, &why) < 0)
            problem(c, where.data, "%s", why.message);
    }
    if (rc == SQLITE_ROW)   /* out of memory: the references cannot be looked up */
        problem(c, "images", "cannot be checked: out of memory");
    else if (rc != SQLITE_DONE)
        query_failed(c, "images", "reading the stored images");
    sqlite3_finalize(st);
    int all_read = rc == SQLITE_DONE;
    if (!all_read)
        count = 0;   /* a value naming an image not listed is not known to dangle */
    for (int i = 0; i < count; i++) {
        const table *t = &tables[i];
        if (!strcmp(t->name, "images") || !strncmp(t->name, "sqlite_", 7))
            continue;
        for (int j = 0; j < t->count; j++) {
            rg_buf sql = RG_BUF_INIT;
            rg_buf_puts(&sql, "SELECT ");
            key_select(t, &sql);
            rg_buf_puts(&sql, ", ");
            ident(&sql, t->columns[j].name);
            rg_buf_puts(&sql, " FROM ");
            ident(&sql, t->name);
            rg_buf_puts(&sql, " WHERE typeof(");
            ident(&sql, t->columns[j].name);
            rg_buf_puts(&sql, ") = 'text' AND ");
            ident(&sql, t->columns[j].name);
            rg_buf_puts(&sql, " GLOB 'sha256:*'");
            if (sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
                query_failed(c, t->name, "reading its image references");
                rg_buf_free(&sql);
                all_read = 0;
                continue;
            }
            int keys = key_columns(t);
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                const char *value = (const char *)sqlite3_column_text(st, keys);
                stored_image *found = NULL;
                if (value && image_count)   /* bsearch takes no NULL array */
                    found = bsearch(value + strlen(RG_IMAGE_REF_PREFIX), images, image_count,
                                    sizeof *images, image_cmp);
                if (found) {
                    found->referred = 1;
                    continue;
                }
                row_where(t, st, &where);
                if (rg_image_is_ref(value))
                    problem(c, where.data, "%s refers to the image %s, which is not stored in "
                            "images (import the record again with its image)",
                            t->columns[j].name, value);
                else
                    problem(c, where.data, "%s: malformed image reference %s",
                            t->columns[j].name, value);
            }
            if (rc != SQLITE_DONE) {
                query_failed(c, t->name, "reading its image references");
                all_read = 0;
            }
            sqlite3_finalize(st);
            rg_buf_free(&sql);
        }
    }
    for (size_t i = 0; i < image_count; i++) {
        if (all_read && !images[i].referred) {   /* every value read: none names it */
            rg_buf_reset(&where);
            rg_buf_printf(&where, "images (sha256='%s')", images[i].sha256);
            char text[RG_ERROR_MAX];
            snprintf(text, sizeof text, "no record refers to this image any more (imported "
                     "again with another image?); its %lld bytes stay in the database and its "
                     "copies until removed (docs/schema.md, \"images\")", images[i].bytes);
            c->report(c->user, RG_CHECK_NOTE, where.data, text);
        }
        free(images[i].sha256);
    }
    free(images);
    rg_buf_free(&where);
}

/* ---- The whole check ---- */

static int read_tables(checker *c, table **out, int *count)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                           "name NOT LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 32;
            table *grown = realloc(*out, (size_t)cap * sizeof *grown);
            if (!grown)
                break;
            *out = grown;
        }
        if (table_read(c, (const char *)sqlite3_column_text(st, 0), &(*out)[*count]) == 0)
            (*count)++;
        else
            table_free(&(*out)[*count]);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Opens read-only and reads the header values; a file it cannot check at
 * all is an error, a damaged one a problem. Returns the version or -1. */
static int open_checked(checker *c, int *version)
{
    int rc = sqlite3_open_v2(c->path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(c->db, rc, c->path, "opening", c->err);
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, rg_store_busy_timeout_ms());
    int app_id = 0;
    rc = rg_schema_pragma_int(c->db, "PRAGMA application_id", &app_id);
    if (rc == SQLITE_OK)
        rc = rg_schema_pragma_int(c->db, "PRAGMA user_version", version);
    int objects = 0;
    if (rc == SQLITE_OK)   /* page 1 and the schema it holds */
        rc = rg_schema_pragma_int(c->db, "SELECT count(*) FROM sqlite_master", &objects);
    if ((rc & 0xff) == SQLITE_CORRUPT) {
        problem(c, "database", "the file is damaged: its schema cannot be read (%s); nothing "
                "else can be checked", sqlite3_errmsg(c->db));
        return 1;
    }
    if (rc != SQLITE_OK)
        return rg_schema_db_error(c->db, rc, c->path, "opening", c->err);
    if (app_id != (int)RG_STORE_APPLICATION_ID)
        return rg_error_set(c->err, RG_ERR_DB, "%s: not a raingan database (PRAGMA "
                            "application_id is %d)", c->path, app_id);
    return 0;
}

long rg_store_check(const char *path, rg_check_report_fn report, void *user, rg_error *err)
{
    checker c = {.path = path, .report = report, .user = user, .err = err};
    if (access(path, F_OK) != 0) {
        rg_error_set(err, RG_ERR_DB, "%s: no such database", path);
        return -1;
    }
    int version = 0;
    int opened = open_checked(&c, &version);
    if (opened != 0) {
        sqlite3_close_v2(c.db);
        return opened < 0 ? -1 : c.problems;
    }
    /* One read transaction: the checks see one state of the data. */
    sqlite3_exec(c.db, "BEGIN", NULL, NULL, NULL);
    int current = version == RG_STORE_SCHEMA_VERSION;
    if (version < RG_STORE_SCHEMA_VERSION)
        problem(&c, "database", "schema version %d; this raingan uses %d: run `raingan init --db "
                "%s` to upgrade it (only SQLite's checks were run)", version,
                RG_STORE_SCHEMA_VERSION, path);
    else if (version > RG_STORE_SCHEMA_VERSION)
        problem(&c, "database", "schema version %d, written by a newer raingan (this one knows "
                "up to %d; only SQLite's checks were run)", version, RG_STORE_SCHEMA_VERSION);
    else
        check_schema_objects(&c);
    check_integrity(&c);
    table *tables;
    int count;
    if (read_tables(&c, &tables, &count) < 0)
        query_failed(&c, "database", "listing its tables");
    check_foreign_keys(&c, tables, count);
    for (int i = 0; i < count; i++)
        check_values(&c, &tables[i], current);
    if (current) {
        check_invariants(&c);
        check_images(&c, tables, count);
    }
    for (int i = 0; i < count; i++)
        table_free(&tables[i]);
    free(tables);
    sqlite3_exec(c.db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close_v2(c.db);
    return c.problems;
}
