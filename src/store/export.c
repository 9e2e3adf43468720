/* `raingan export`: the store as JSON in the import format (docs/data-format.md).
 *
 * Deterministic: kinds in rg_kind order, records by key (byte order), fields
 * in the documented order, child rows by their number; optional fields that
 * are not stored are left out. Importing the output and exporting again
 * gives the same bytes (tests/store_roundtrip.sh). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "store/images.h"
#include "store/json_reader.h"
#include "util/buf.h"
#include "store/schema.h"
#include "store/store_internal.h"

typedef struct exporter {
    rg_store *store;
    sqlite3 *db;
    yajl_gen g;
    const char *key;      /* NULL: everything */
    int only;             /* the record with `key` itself, not what it refers to */
    rg_error *err;
    int failed;
    long records;
} exporter;

static void print_to_file(void *ctx, const char *s, size_t len)
{
    fwrite(s, 1, len, (FILE *)ctx);
}

static void print_to_buf(void *ctx, const char *s, size_t len)
{
    rg_buf_append((rg_buf *)ctx, s, len);
}

/* With `only`, rows of organizations and people that the record refers to
 * are skipped: the record itself is wanted. */
static int skipped(exporter *ex, const char *key)
{
    return ex->only && strcmp(key, ex->key) != 0;
}

static void str(exporter *ex, const char *s)
{
    yajl_gen_string(ex->g, (const unsigned char *)s, strlen(s));
}

static void field_str(exporter *ex, const char *name, const char *value)
{
    if (!value)
        return;
    str(ex, name);
    str(ex, value);
}

/* An image field: a stored image (its reference) is written as a data: URI,
 * so that the export carries the image itself and imports anywhere; a path
 * left by an older raingan is written as it is. */
static void field_image(exporter *ex, const char *name, const char *value)
{
    if (!value || ex->failed)
        return;
    if (!rg_image_is_ref(value)) {
        field_str(ex, name, value);
        return;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    int found = rg_store_image_get(ex->db, value, &data, &len, ex->err);
    if (found <= 0) {
        if (found == 0)
            rg_error_set(ex->err, RG_ERR_DB, "%s: %s %s is not in the database's images "
                         "(damaged or edited; `raingan check --db %s` lists what is wrong)",
                         rg_store_path(ex->store), name, value, rg_store_path(ex->store));
        ex->failed = 1;
        return;
    }
    rg_buf uri = RG_BUF_INIT;
    if (rg_image_data_uri_encode(data, len, &uri, ex->err) < 0)
        ex->failed = 1;
    else
        field_str(ex, name, uri.data);
    free(data);
    rg_buf_free(&uri);
}

static void field_int(exporter *ex, const char *name, long long v)
{
    str(ex, name);
    yajl_gen_integer(ex->g, v);
}

static void field_bool(exporter *ex, const char *name, int v)
{
    str(ex, name);
    yajl_gen_bool(ex->g, v);
}

static void field_amount(exporter *ex, const char *name, long long satang)
{
    char text[48];
    if (satang % 100 == 0)
        snprintf(text, sizeof text, "%lld", satang / 100);
    else
        snprintf(text, sizeof text, "%lld.%02lld", satang / 100, satang % 100);
    str(ex, name);
    yajl_gen_number(ex->g, text, strlen(text));
}

/* The shortest decimal that reads back as the same double, without an
 * exponent for the values a form holds (80, not 8e+01). */
static void field_real(exporter *ex, const char *name, double v)
{
    char text[40];
    int done = 0;
    for (int decimals = 0; decimals <= 17 && fabs(v) < 1e15 && !done; decimals++) {
        snprintf(text, sizeof text, "%.*f", decimals, v);
        done = strtod(text, NULL) == v;
    }
    for (int precision = 1; precision <= 17 && !done; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, v);
        done = strtod(text, NULL) == v;
    }
    str(ex, name);
    yajl_gen_number(ex->g, text, strlen(text));
}

/* A '\n'-joined list stored in one column, as a JSON array of lines. */
static void field_lines(exporter *ex, const char *name, const char *joined)
{
    if (!joined)
        return;
    str(ex, name);
    yajl_gen_array_open(ex->g);
    const char *p = joined;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        yajl_gen_string(ex->g, (const unsigned char *)p, n);
        if (!nl)
            break;
        p = nl + 1;
    }
    yajl_gen_array_close(ex->g);
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static int col_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL;
}

static sqlite3_stmt *prepare(exporter *ex, const char *sql)
{
    if (ex->failed)
        return NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(ex->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(ex->db, rc, rg_store_path(ex->store), "exporting", ex->err);
        ex->failed = 1;
        return NULL;
    }
    if (sqlite3_bind_parameter_count(st) >= 1) {
        if (ex->key)
            sqlite3_bind_text(st, 1, ex->key, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 1);
    }
    return st;
}

/* Step a statement; 1 for a row, 0 when done, and failure recorded. */
static int step(exporter *ex, sqlite3_stmt *st)
{
    if (!st || ex->failed)
        return 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE) {
        rg_schema_db_error(ex->db, rc, rg_store_path(ex->store), "exporting", ex->err);
        ex->failed = 1;
    }
    return 0;
}

/* Child rows of one parent: bind the parent key as ?1 and restart. */
static void rebind(sqlite3_stmt *st, const char *parent)
{
    if (!st)
        return;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, parent, -1, SQLITE_TRANSIENT);
}

/* Rows nested in the element of a list (a section's items, an activity's
 * details): ?1 is the record's key, ?2 the element's number. */
static void rebind_nested(sqlite3_stmt *st, const char *parent, long long number)
{
    if (!st)
        return;
    rebind(st, parent);
    sqlite3_bind_int64(st, 2, number);
}

static void begin_record(exporter *ex, const char *kind, const char *key)
{
    yajl_gen_map_open(ex->g);
    field_str(ex, "kind", kind);
    field_str(ex, "key", key);
    ex->records++;
}

static void begin_object(exporter *ex, const char *name)
{
    str(ex, name);
    yajl_gen_map_open(ex->g);
}

/* Writes the current row of `st` as one list element. */
typedef void (*row_writer)(exporter *ex, sqlite3_stmt *st, void *ctx);

/* The rows of `st` (bound already) as the array `name`, which is left out
 * when there are none: the import treats an absent list as empty. */
static void export_list(exporter *ex, const char *name, sqlite3_stmt *st, row_writer write_row,
                        void *ctx)
{
    int open = 0;
    while (step(ex, st)) {
        if (!open) {
            str(ex, name);
            yajl_gen_array_open(ex->g);
            open = 1;
        }
        write_row(ex, st, ctx);
    }
    if (open)
        yajl_gen_array_close(ex->g);
}

static void write_rich(exporter *ex, sqlite3_stmt *st, void *ctx)
{
    (void)ctx;
    str(ex, col(st, 0));
}

/* A list of rich texts, the child rows of `parent`. */
static void rich_list(exporter *ex, const char *name, sqlite3_stmt *st, const char *parent)
{
    rebind(st, parent);
    export_list(ex, name, st, write_rich, NULL);
}

/* " UNION SELECT col FROM table WHERE key = ?1" for every field of type
 * `type` of the declared kinds (and of their lists): the records they
 * refer to go with a record exported with --id. */
static void declared_refs(exporter *ex, rg_field_type type, rg_buf *sql)
{
    for (size_t k = 0; k < rg_store_declared_count(ex->store); k++) {
        const rg_kind_decl *d = rg_store_declared_at(ex->store, k);
        for (size_t i = 0; i < d->field_count; i++)
            if (d->fields[i].type == type)
                rg_buf_printf(sql, " UNION SELECT %s FROM %s WHERE key = ?1",
                              d->fields[i].column, d->name);
        for (size_t l = 0; l < d->list_count; l++)
            for (size_t i = 0; i < d->lists[l].field_count; i++)
                if (d->lists[l].fields[i].type == type)
                    rg_buf_printf(sql, " UNION SELECT %s FROM %s WHERE %s_key = ?1",
                                  d->lists[l].fields[i].column, d->lists[l].table, d->name);
    }
}

static void export_organizations(exporter *ex)
{
    rg_buf sql = RG_BUF_INIT;
    rg_buf_puts(&sql,
        "WITH RECURSIVE needed(key) AS ("
        " SELECT ?1 UNION SELECT organization_key FROM projects WHERE key = ?1"
        " UNION SELECT organization_key FROM indicators WHERE key = ?1"
        " UNION SELECT organization_key FROM plans WHERE key = ?1");
    declared_refs(ex, RG_FIELD_ORGANIZATION, &sql);
    rg_buf_puts(&sql,
        " UNION SELECT o.parent_key FROM organizations o JOIN needed n ON o.key = n.key"
        "   WHERE o.parent_key IS NOT NULL)"
        " SELECT key, name, parent_key FROM organizations"
        " WHERE ?1 IS NULL OR key IN needed ORDER BY key");
    sqlite3_stmt *st = prepare(ex, sql.data);
    rg_buf_free(&sql);
    while (step(ex, st)) {
        if (skipped(ex, col(st, 0)))
            continue;
        begin_record(ex, "organization", col(st, 0));
        field_str(ex, "name", col(st, 1));
        field_str(ex, "parent", col(st, 2));
        yajl_gen_map_close(ex->g);
    }
    sqlite3_finalize(st);
}

static void export_people(exporter *ex)
{
    rg_buf sql = RG_BUF_INIT;
    rg_buf_puts(&sql,
        "SELECT key, name, position, phone FROM people WHERE ?1 IS NULL OR key = ?1"
        " OR key IN (SELECT responsible_key FROM projects WHERE key = ?1"
        "  UNION SELECT coordinator_key FROM projects WHERE key = ?1"
        "  UNION SELECT reporter_key FROM indicators WHERE key = ?1");
    declared_refs(ex, RG_FIELD_PERSON, &sql);
    rg_buf_puts(&sql, ") ORDER BY key");
    sqlite3_stmt *st = prepare(ex, sql.data);
    rg_buf_free(&sql);
    while (step(ex, st)) {
        if (skipped(ex, col(st, 0)))
            continue;
        begin_record(ex, "person", col(st, 0));
        field_str(ex, "name", col(st, 1));
        field_str(ex, "position", col(st, 2));
        field_str(ex, "phone", col(st, 3));
        yajl_gen_map_close(ex->g);
    }
    sqlite3_finalize(st);
}

static void strategy(exporter *ex, sqlite3_stmt *st, int first)
{
    int any = 0;
    for (int i = 0; i < 4; i++)
        any |= !col_null(st, first + i);
    if (!any)
        return;
    begin_object(ex, "strategy");
    field_str(ex, "issue", col(st, first));
    field_str(ex, "sub_issue", col(st, first + 1));
    field_str(ex, "goal", col(st, first + 2));
    field_str(ex, "indicator", col(st, first + 3));
    yajl_gen_map_close(ex->g);
}

static void write_entry(exporter *ex, sqlite3_stmt *entries, void *ctx)
{
    (void)ctx;
    yajl_gen_map_open(ex->g);
    field_int(ex, "number", sqlite3_column_int64(entries, 0));
    field_str(ex, "date", col(entries, 1));
    field_str(ex, "body", col(entries, 2));
    if (!col_null(entries, 3))
        field_real(ex, "progress_percent", sqlite3_column_double(entries, 3));
    field_amount(ex, "budget_used", sqlite3_column_int64(entries, 4));
    field_bool(ex, "on_plan", sqlite3_column_int(entries, 5));
    field_bool(ex, "on_target", sqlite3_column_int(entries, 6));
    yajl_gen_map_close(ex->g);
}

static void export_projects(exporter *ex)
{
    sqlite3_stmt *st = prepare(ex,
        "SELECT key, code, name, fiscal_year, start_date, end_date, budget_received_satang,"
        " budget_spent_satang, organization_key, responsible_key, coordinator_key, rationale,"
        " strategy_issue, strategy_sub_issue, strategy_goal, strategy_indicator"
        " FROM projects WHERE ?1 IS NULL OR key = ?1 ORDER BY key");
    sqlite3_stmt *objectives = prepare(ex,
        "SELECT body FROM project_objectives WHERE project_key = ?1 ORDER BY seq");
    sqlite3_stmt *targets = prepare(ex,
        "SELECT body FROM project_targets WHERE project_key = ?1 ORDER BY seq");
    sqlite3_stmt *entries = prepare(ex,
        "SELECT number, date, body, progress_percent, budget_used_satang, on_plan, on_target"
        " FROM progress_entries WHERE project_key = ?1 ORDER BY number");
    while (step(ex, st)) {
        const char *key = col(st, 0);
        begin_record(ex, "project", key);
        field_str(ex, "code", col(st, 1));
        field_str(ex, "name", col(st, 2));
        field_int(ex, "fiscal_year", sqlite3_column_int64(st, 3));
        field_str(ex, "start_date", col(st, 4));
        field_str(ex, "end_date", col(st, 5));
        field_amount(ex, "budget_received", sqlite3_column_int64(st, 6));
        field_amount(ex, "budget_spent", sqlite3_column_int64(st, 7));
        field_str(ex, "organization", col(st, 8));
        field_str(ex, "responsible", col(st, 9));
        field_str(ex, "coordinator", col(st, 10));
        field_str(ex, "rationale", col(st, 11));
        rich_list(ex, "objectives", objectives, key);
        rich_list(ex, "targets", targets, key);
        strategy(ex, st, 12);
        rebind(entries, key);
        export_list(ex, "entries", entries, write_entry, NULL);
        yajl_gen_map_close(ex->g);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(objectives);
    sqlite3_finalize(targets);
    sqlite3_finalize(entries);
}

/* Quarters are stored by number; the list is positional, so a missing
 * quarter before a stored one is written as null. `ctx`: the next quarter. */
static void write_quarter(exporter *ex, sqlite3_stmt *quarters, void *ctx)
{
    int *next = ctx;
    int q = sqlite3_column_int(quarters, 0);
    for (; *next < q; (*next)++)
        yajl_gen_null(ex->g);
    str(ex, col(quarters, 1));
    *next = q + 1;
}

static void export_indicators(exporter *ex)
{
    sqlite3_stmt *st = prepare(ex,
        "SELECT key, fiscal_year, number, name, level, organization_key, strategy_issue,"
        " strategy_sub_issue, strategy_goal, strategy_indicator, definition, calculation,"
        " target, achieved, summary, factors, obstacles, evidence, reporter_key"
        " FROM indicators WHERE ?1 IS NULL OR key = ?1 ORDER BY key");
    sqlite3_stmt *quarters = prepare(ex,
        "SELECT quarter, body FROM indicator_quarters WHERE indicator_key = ?1 ORDER BY quarter");
    while (step(ex, st)) {
        const char *key = col(st, 0);
        begin_record(ex, "indicator", key);
        field_int(ex, "fiscal_year", sqlite3_column_int64(st, 1));
        if (!col_null(st, 2))
            field_int(ex, "number", sqlite3_column_int64(st, 2));
        field_str(ex, "name", col(st, 3));
        field_str(ex, "level", col(st, 4));
        field_str(ex, "organization", col(st, 5));
        strategy(ex, st, 6);
        field_str(ex, "definition", col(st, 10));
        field_str(ex, "calculation", col(st, 11));
        field_str(ex, "target", col(st, 12));
        field_str(ex, "achieved", col(st, 13));
        rebind(quarters, key);
        int next_quarter = 1;
        export_list(ex, "quarters", quarters, write_quarter, &next_quarter);
        field_str(ex, "summary", col(st, 14));
        field_str(ex, "factors", col(st, 15));
        field_str(ex, "obstacles", col(st, 16));
        field_str(ex, "evidence", col(st, 17));
        field_str(ex, "reporter", col(st, 18));
        yajl_gen_map_close(ex->g);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(quarters);
}

/* The plan whose lists are being written, with the statement of the rows
 * nested in each element (items of a section, details of an activity). */
typedef struct plan_rows {
    const char *key;
    sqlite3_stmt *nested;
} plan_rows;

static void write_section(exporter *ex, sqlite3_stmt *sections, void *ctx)
{
    plan_rows *plan = ctx;
    long long number = sqlite3_column_int64(sections, 0);
    yajl_gen_map_open(ex->g);
    field_int(ex, "number", number);
    field_str(ex, "title", col(sections, 1));
    field_str(ex, "body", col(sections, 2));
    rebind_nested(plan->nested, plan->key, number);
    export_list(ex, "items", plan->nested, write_rich, NULL);
    yajl_gen_map_close(ex->g);
}

static void write_signatory(exporter *ex, sqlite3_stmt *signatories, void *ctx)
{
    (void)ctx;
    yajl_gen_map_open(ex->g);
    field_str(ex, "role", col(signatories, 0));
    field_str(ex, "name", col(signatories, 1));
    field_lines(ex, "position_lines", col(signatories, 2));
    yajl_gen_map_close(ex->g);
}

/* Months as calendar numbers in fiscal-year order (October first),
 * whatever order the import was given them in. */
static void write_detail(exporter *ex, sqlite3_stmt *details, void *ctx)
{
    static const int fiscal_months[12] = {10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    (void)ctx;
    long mask = (long)sqlite3_column_int64(details, 1);
    yajl_gen_map_open(ex->g);
    field_str(ex, "text", col(details, 0));
    str(ex, "months");
    yajl_gen_array_open(ex->g);
    for (int i = 0; i < 12; i++)
        if (mask & (1L << (fiscal_months[i] - 1)))
            yajl_gen_integer(ex->g, fiscal_months[i]);
    yajl_gen_array_close(ex->g);
    yajl_gen_map_close(ex->g);
}

/* Unlike the other lists, "details" is written even when empty. */
static void write_activity(exporter *ex, sqlite3_stmt *acts, void *ctx)
{
    plan_rows *plan = ctx;
    long long number = sqlite3_column_int64(acts, 0);
    yajl_gen_map_open(ex->g);
    field_int(ex, "number", number);
    field_str(ex, "name", col(acts, 1));
    field_str(ex, "remarks", col(acts, 2));
    rebind_nested(plan->nested, plan->key, number);
    str(ex, "details");
    yajl_gen_array_open(ex->g);
    while (step(ex, plan->nested))
        write_detail(ex, plan->nested, NULL);
    yajl_gen_array_close(ex->g);
    yajl_gen_map_close(ex->g);
}

static void export_cover(exporter *ex, sqlite3_stmt *st, int first)
{
    if (col_null(st, first) && col_null(st, first + 1) && col_null(st, first + 2))
        return;
    begin_object(ex, "cover");
    field_lines(ex, "lines", col(st, first));
    field_lines(ex, "footer_lines", col(st, first + 1));
    field_lines(ex, "back_lines", col(st, first + 2));
    yajl_gen_map_close(ex->g);
}

/* Columns from `first`: has_announcement, heading, subject, body, closing,
 * date, signer name, signer position lines, emblem. */
static void export_announcement(exporter *ex, sqlite3_stmt *st, int first)
{
    if (!sqlite3_column_int(st, first))
        return;
    begin_object(ex, "announcement");
    field_str(ex, "heading", col(st, first + 1));
    field_str(ex, "subject", col(st, first + 2));
    field_str(ex, "body", col(st, first + 3));
    field_str(ex, "closing", col(st, first + 4));
    field_str(ex, "date", col(st, first + 5));
    if (!col_null(st, first + 6)) {
        begin_object(ex, "signer");
        field_str(ex, "name", col(st, first + 6));
        field_lines(ex, "position_lines", col(st, first + 7));
        yajl_gen_map_close(ex->g);
    }
    field_image(ex, "emblem", col(st, first + 8));
    yajl_gen_map_close(ex->g);
}

static void export_plans(exporter *ex)
{
    sqlite3_stmt *st = prepare(ex,
        "SELECT key, organization_key, fiscal_year, title, cover_lines, cover_footer_lines,"
        " back_lines, has_announcement, announcement_heading, announcement_subject,"
        " announcement_body, announcement_closing, announcement_date, announcement_signer_name,"
        " announcement_signer_position_lines, announcement_emblem, period_start, period_end,"
        " footnote, note FROM plans WHERE ?1 IS NULL OR key = ?1 ORDER BY key");
    sqlite3_stmt *sections = prepare(ex,
        "SELECT number, title, body FROM plan_sections WHERE plan_key = ?1 ORDER BY number");
    sqlite3_stmt *items = prepare(ex,
        "SELECT body FROM plan_section_items WHERE plan_key = ?1 AND section_number = ?2"
        " ORDER BY seq");
    sqlite3_stmt *signatories = prepare(ex,
        "SELECT role, name, position_lines FROM plan_signatories WHERE plan_key = ?1"
        " ORDER BY seq");
    sqlite3_stmt *acts = prepare(ex,
        "SELECT number, name, remarks FROM plan_activities WHERE plan_key = ?1 ORDER BY number");
    sqlite3_stmt *details = prepare(ex,
        "SELECT text, months_mask FROM plan_activity_details WHERE plan_key = ?1"
        " AND activity_number = ?2 ORDER BY seq");
    while (step(ex, st)) {
        const char *key = col(st, 0);
        begin_record(ex, "plan", key);
        field_str(ex, "organization", col(st, 1));
        field_int(ex, "fiscal_year", sqlite3_column_int64(st, 2));
        field_str(ex, "title", col(st, 3));
        export_cover(ex, st, 4);
        export_announcement(ex, st, 7);
        plan_rows with_items = {key, items}, with_details = {key, details};
        rebind(sections, key);
        export_list(ex, "sections", sections, write_section, &with_items);
        field_str(ex, "period_start", col(st, 16));
        field_str(ex, "period_end", col(st, 17));
        rebind(signatories, key);
        export_list(ex, "signatories", signatories, write_signatory, NULL);
        rebind(acts, key);
        export_list(ex, "activities", acts, write_activity, &with_details);
        field_str(ex, "footnote", col(st, 18));
        field_str(ex, "note", col(st, 19));
        yajl_gen_map_close(ex->g);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(sections);
    sqlite3_finalize(items);
    sqlite3_finalize(signatories);
    sqlite3_finalize(acts);
    sqlite3_finalize(details);
}

/* ---- declared kinds: fields in the order of the kind file, then its lists ---- */

/* Writes column `i` of `st`, the value of declared field `f`. */
static void declared_value(exporter *ex, const rg_field_decl *f, sqlite3_stmt *st, int i)
{
    if (f->type == RG_FIELD_BOOLEAN) {
        field_bool(ex, f->name, sqlite3_column_int(st, i));
        return;
    }
    if (col_null(st, i))
        return;
    switch (f->type) {
    case RG_FIELD_AMOUNT: field_amount(ex, f->name, sqlite3_column_int64(st, i)); break;
    case RG_FIELD_PERCENT: field_real(ex, f->name, sqlite3_column_double(st, i)); break;
    case RG_FIELD_INTEGER:
    case RG_FIELD_YEAR: field_int(ex, f->name, sqlite3_column_int64(st, i)); break;
    case RG_FIELD_LINES: field_lines(ex, f->name, col(st, i)); break;
    case RG_FIELD_IMAGE: field_image(ex, f->name, col(st, i)); break;
    default: field_str(ex, f->name, col(st, i)); break;
    }
}

static sqlite3_stmt *declared_select(exporter *ex, const rg_field_decl *fields, size_t count,
                                     const char *first, const char *rest)
{
    rg_buf sql = RG_BUF_INIT;
    rg_buf_puts(&sql, first);
    for (size_t i = 0; i < count; i++)
        rg_buf_printf(&sql, ", %s", fields[i].column);
    rg_buf_puts(&sql, rest);
    sqlite3_stmt *st = sql.data ? prepare(ex, sql.data) : NULL;
    if (!sql.data && !ex->failed) {
        rg_error_set(ex->err, RG_ERR_NOMEM, "out of memory");
        ex->failed = 1;
    }
    rg_buf_free(&sql);
    return st;
}

static void export_declared(exporter *ex, const rg_kind_decl *d)
{
    char tail[200];
    snprintf(tail, sizeof tail, " FROM %s WHERE ?1 IS NULL OR key = ?1 ORDER BY key", d->name);
    sqlite3_stmt *st = declared_select(ex, d->fields, d->field_count, "SELECT key", tail);
    sqlite3_stmt **lists = calloc(d->list_count + 1, sizeof *lists);
    if (!lists && !ex->failed) {
        rg_error_set(ex->err, RG_ERR_NOMEM, "out of memory");
        ex->failed = 1;
    }
    for (size_t l = 0; lists && l < d->list_count; l++) {
        snprintf(tail, sizeof tail, " FROM %s WHERE %s_key = ?1 ORDER BY seq",
                 d->lists[l].table, d->name);
        lists[l] = declared_select(ex, d->lists[l].fields, d->lists[l].field_count,
                                   "SELECT seq", tail);
    }
    while (lists && step(ex, st)) {
        const char *key = col(st, 0);
        begin_record(ex, d->name, key);
        for (size_t i = 0; i < d->field_count; i++)
            declared_value(ex, &d->fields[i], st, (int)i + 1);
        for (size_t l = 0; l < d->list_count; l++) {
            const rg_list_decl *ld = &d->lists[l];
            rebind(lists[l], key);
            int open = 0;
            while (step(ex, lists[l])) {
                if (!open) {
                    str(ex, ld->name);
                    yajl_gen_array_open(ex->g);
                    open = 1;
                }
                yajl_gen_map_open(ex->g);
                for (size_t i = 0; i < ld->field_count; i++)
                    declared_value(ex, &ld->fields[i], lists[l], (int)i + 1);
                yajl_gen_map_close(ex->g);
            }
            if (open)
                yajl_gen_array_close(ex->g);
        }
        yajl_gen_map_close(ex->g);
    }
    sqlite3_finalize(st);
    for (size_t l = 0; lists && l < d->list_count; l++)
        sqlite3_finalize(lists[l]);
    free(lists);
}

static int declared_has(rg_store *store, const rg_kind_decl *d, const char *key, rg_error *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE key = ?1", d->name);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(store->db, rc, store->path, "looking up a record", err);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return rc == SQLITE_ROW;
    return rg_schema_db_error(store->db, rc, store->path, "looking up a record", err);
}

/* One record (a built-in kind's writer, or a declared kind's) as a whole
 * import document written into *out: 1 written, 0 not stored, -1 error. */
static int export_one_record(rg_store *store, const char *key, void (*write_builtin)(exporter *),
                             const rg_kind_decl *decl, rg_buf *out, rg_error *err)
{
    assert((write_builtin != NULL) != (decl != NULL));
    exporter ex;
    memset(&ex, 0, sizeof ex);
    ex.store = store;
    ex.db = store->db;
    ex.key = key;
    ex.only = 1;
    ex.err = err;
    ex.g = yajl_gen_alloc(NULL);
    if (!ex.g)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    yajl_gen_config(ex.g, yajl_gen_print_callback, print_to_buf, (void *)out);
    yajl_gen_map_open(ex.g);
    field_int(&ex, "raingan", RG_FORMAT_VERSION);
    str(&ex, "records");
    yajl_gen_array_open(ex.g);
    if (decl)
        export_declared(&ex, decl);
    else
        write_builtin(&ex);
    yajl_gen_array_close(ex.g);
    yajl_gen_map_close(ex.g);
    yajl_gen_free(ex.g);
    if (ex.failed)
        return -1;
    return ex.records > 0;
}

int rg_store_export_declared_record(rg_store *store, const rg_kind_decl *decl, const char *key,
                                    rg_buf *out, rg_error *err)
{
    return export_one_record(store, key, NULL, decl, out, err);
}

int rg_store_export(rg_store *store, const char *key, FILE *out, rg_error *err)
{
    exporter ex;
    memset(&ex, 0, sizeof ex);
    ex.store = store;
    ex.db = store->db;
    ex.key = key;
    ex.err = err;
    if (key) {  /* checked first, so that nothing is written for an unknown key */
        int found = 0;
        for (int k = 0; k < RG_KIND_COUNT && !found; k++) {
            found = rg_store_record_exists(store, (rg_kind)k, key, err);
            if (found < 0)
                return -1;
        }
        for (size_t k = 0; k < store->decl_count && !found; k++) {
            found = declared_has(store, store->decls[k], key, err);
            if (found < 0)
                return -1;
        }
        if (!found)
            return rg_error_set(err, RG_ERR_INPUT, "no record with key \"%s\" in %s", key,
                                store->path);
    }
    ex.g = yajl_gen_alloc(NULL);
    if (!ex.g)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    yajl_gen_config(ex.g, yajl_gen_beautify, 1);
    yajl_gen_config(ex.g, yajl_gen_indent_string, "  ");
    yajl_gen_config(ex.g, yajl_gen_print_callback, print_to_file, (void *)out);
    /* One read transaction: a consistent snapshot even if an import runs
     * (or the caller's, rg_store_snapshot_begin, when one is open). */
    int own = sqlite3_get_autocommit(ex.db);
    int rc = own ? sqlite3_exec(ex.db, "BEGIN", NULL, NULL, NULL) : SQLITE_OK;
    if (rc != SQLITE_OK) {
        yajl_gen_free(ex.g);
        return rg_schema_db_error(ex.db, rc, store->path, "exporting", err);
    }
    yajl_gen_map_open(ex.g);
    field_int(&ex, "raingan", RG_FORMAT_VERSION);
    str(&ex, "records");
    yajl_gen_array_open(ex.g);
    export_organizations(&ex);
    export_people(&ex);
    export_projects(&ex);
    export_indicators(&ex);
    export_plans(&ex);
    for (size_t k = 0; k < store->decl_count; k++)   /* by name: raingan_kinds' order */
        export_declared(&ex, store->decls[k]);
    yajl_gen_array_close(ex.g);
    yajl_gen_map_close(ex.g);
    if (own)
        sqlite3_exec(ex.db, "COMMIT", NULL, NULL, NULL);
    yajl_gen_free(ex.g);
    if (ex.failed)
        return -1;
    return 0;
}

int rg_store_export_record(rg_store *store, rg_kind kind, const char *key, rg_buf *out,
                           rg_error *err)
{
    static void (*const export_kind[RG_KIND_COUNT])(exporter *) = {
        export_organizations, export_people, export_projects, export_indicators, export_plans,
    };
    return export_one_record(store, key, export_kind[kind], NULL, out, err);
}
