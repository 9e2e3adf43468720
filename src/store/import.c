/* `raingan import`: JSON records (docs/data-format.md) into the store.
 *
 * One run is one transaction (BEGIN IMMEDIATE ... COMMIT): any error rolls
 * everything back. Records arrive one at a time from the streaming reader;
 * each is validated (every message names file, JSON path and line), then
 * written with prepared statements reused for the whole run: the main row is
 * upserted on its key, its child rows (entries, sections, ...) deleted and
 * re-inserted. References to records not yet stored are remembered and
 * checked when the run ends, since they may be defined later in the run. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/dates.h"
#include "store/json_reader.h"
#include "store/richtext.h"
#include "store/schema.h"
#include "store/store_internal.h"
#include "util/buf.h"

#define MAX_KEY_BYTES 200
#define MAX_AMOUNT_BAHT 1000000000000LL   /* 10^12 baht: beyond any budget */

enum stmt_id {
    S_EXISTS_ORG, S_EXISTS_PERSON, S_EXISTS_PROJECT, S_EXISTS_INDICATOR, S_EXISTS_PLAN,
    S_UPSERT_ORG, S_UPSERT_PERSON, S_UPSERT_PROJECT, S_UPSERT_INDICATOR, S_UPSERT_PLAN,
    S_DEL_OBJECTIVES, S_DEL_TARGETS, S_DEL_ENTRIES, S_INS_OBJECTIVE, S_INS_TARGET, S_INS_ENTRY,
    S_DEL_QUARTERS, S_INS_QUARTER,
    S_DEL_SECTION_ITEMS, S_DEL_SECTIONS, S_DEL_SIGNATORIES, S_DEL_DETAILS, S_DEL_ACTIVITIES,
    S_INS_SECTION, S_INS_SECTION_ITEM, S_INS_SIGNATORY, S_INS_ACTIVITY, S_INS_DETAIL,
    S_PARENT_OF,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_EXISTS_ORG] = "SELECT 1 FROM organizations WHERE key = ?1",
    [S_EXISTS_PERSON] = "SELECT 1 FROM people WHERE key = ?1",
    [S_EXISTS_PROJECT] = "SELECT 1 FROM projects WHERE key = ?1",
    [S_EXISTS_INDICATOR] = "SELECT 1 FROM indicators WHERE key = ?1",
    [S_EXISTS_PLAN] = "SELECT 1 FROM plans WHERE key = ?1",
    [S_UPSERT_ORG] = "INSERT INTO organizations (key, name, parent_key) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (key) DO UPDATE SET name = excluded.name, parent_key = excluded.parent_key",
    [S_UPSERT_PERSON] = "INSERT INTO people (key, name, position, phone) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (key) DO UPDATE SET name = excluded.name, position = excluded.position, "
        "phone = excluded.phone",
    [S_UPSERT_PROJECT] = "INSERT INTO projects (key, code, name, fiscal_year, start_date, "
        "end_date, budget_received_satang, budget_spent_satang, organization_key, "
        "responsible_key, coordinator_key, rationale, strategy_issue, strategy_sub_issue, "
        "strategy_goal, strategy_indicator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT (key) DO UPDATE SET code = excluded.code, "
        "name = excluded.name, fiscal_year = excluded.fiscal_year, start_date = "
        "excluded.start_date, end_date = excluded.end_date, budget_received_satang = "
        "excluded.budget_received_satang, budget_spent_satang = excluded.budget_spent_satang, "
        "organization_key = excluded.organization_key, responsible_key = "
        "excluded.responsible_key, coordinator_key = excluded.coordinator_key, rationale = "
        "excluded.rationale, strategy_issue = excluded.strategy_issue, strategy_sub_issue = "
        "excluded.strategy_sub_issue, strategy_goal = excluded.strategy_goal, "
        "strategy_indicator = excluded.strategy_indicator",
    [S_UPSERT_INDICATOR] = "INSERT INTO indicators (key, fiscal_year, number, name, level, "
        "organization_key, strategy_issue, strategy_sub_issue, strategy_goal, "
        "strategy_indicator, definition, calculation, target, achieved, summary, factors, "
        "obstacles, evidence, reporter_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) ON CONFLICT (key) DO UPDATE SET "
        "fiscal_year = excluded.fiscal_year, number = excluded.number, name = excluded.name, "
        "level = excluded.level, organization_key = excluded.organization_key, strategy_issue "
        "= excluded.strategy_issue, strategy_sub_issue = excluded.strategy_sub_issue, "
        "strategy_goal = excluded.strategy_goal, strategy_indicator = "
        "excluded.strategy_indicator, definition = excluded.definition, calculation = "
        "excluded.calculation, target = excluded.target, achieved = excluded.achieved, summary "
        "= excluded.summary, factors = excluded.factors, obstacles = excluded.obstacles, "
        "evidence = excluded.evidence, reporter_key = excluded.reporter_key",
    [S_UPSERT_PLAN] = "INSERT INTO plans (key, organization_key, fiscal_year, title, "
        "cover_lines, cover_footer_lines, back_lines, has_announcement, announcement_heading, "
        "announcement_subject, announcement_body, announcement_closing, announcement_date, "
        "announcement_signer_name, announcement_signer_position_lines, announcement_emblem, "
        "period_start, period_end, footnote, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) ON CONFLICT (key) DO UPDATE SET "
        "organization_key = excluded.organization_key, fiscal_year = excluded.fiscal_year, "
        "title = excluded.title, cover_lines = excluded.cover_lines, cover_footer_lines = "
        "excluded.cover_footer_lines, back_lines = excluded.back_lines, has_announcement = "
        "excluded.has_announcement, announcement_heading = excluded.announcement_heading, "
        "announcement_subject = excluded.announcement_subject, announcement_body = "
        "excluded.announcement_body, announcement_closing = excluded.announcement_closing, "
        "announcement_date = excluded.announcement_date, announcement_signer_name = "
        "excluded.announcement_signer_name, announcement_signer_position_lines = "
        "excluded.announcement_signer_position_lines, announcement_emblem = "
        "excluded.announcement_emblem, period_start = excluded.period_start, period_end = "
        "excluded.period_end, footnote = excluded.footnote, note = excluded.note",
    [S_DEL_OBJECTIVES] = "DELETE FROM project_objectives WHERE project_key = ?1",
    [S_DEL_TARGETS] = "DELETE FROM project_targets WHERE project_key = ?1",
    [S_DEL_ENTRIES] = "DELETE FROM progress_entries WHERE project_key = ?1",
    [S_INS_OBJECTIVE] = "INSERT INTO project_objectives (project_key, seq, body) "
        "VALUES (?1, ?2, ?3)",
    [S_INS_TARGET] = "INSERT INTO project_targets (project_key, seq, body) VALUES (?1, ?2, ?3)",
    [S_INS_ENTRY] = "INSERT INTO progress_entries (project_key, number, date, body, "
        "progress_percent, budget_used_satang, on_plan, on_target) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_DEL_QUARTERS] = "DELETE FROM indicator_quarters WHERE indicator_key = ?1",
    [S_INS_QUARTER] = "INSERT INTO indicator_quarters (indicator_key, quarter, body) "
        "VALUES (?1, ?2, ?3)",
    [S_DEL_SECTION_ITEMS] = "DELETE FROM plan_section_items WHERE plan_key = ?1",
    [S_DEL_SECTIONS] = "DELETE FROM plan_sections WHERE plan_key = ?1",
    [S_DEL_SIGNATORIES] = "DELETE FROM plan_signatories WHERE plan_key = ?1",
    [S_DEL_DETAILS] = "DELETE FROM plan_activity_details WHERE plan_key = ?1",
    [S_DEL_ACTIVITIES] = "DELETE FROM plan_activities WHERE plan_key = ?1",
    [S_INS_SECTION] = "INSERT INTO plan_sections (plan_key, number, title, body) "
        "VALUES (?1, ?2, ?3, ?4)",
    [S_INS_SECTION_ITEM] = "INSERT INTO plan_section_items (plan_key, section_number, seq, "
        "body) VALUES (?1, ?2, ?3, ?4)",
    [S_INS_SIGNATORY] = "INSERT INTO plan_signatories (plan_key, seq, role, name, "
        "position_lines) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_INS_ACTIVITY] = "INSERT INTO plan_activities (plan_key, number, name, remarks) "
        "VALUES (?1, ?2, ?3, ?4)",
    [S_PARENT_OF] = "SELECT parent_key FROM organizations WHERE key = ?1",
    [S_INS_DETAIL] = "INSERT INTO plan_activity_details (plan_key, activity_number, seq, text, "
        "months_mask) VALUES (?1, ?2, ?3, ?4, ?5)",
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
} importer;

/* ---- messages ---------------------------------------------------------------- */

/* "file: $.records[2].name (line 12)" for member `name` (NULL: the current path). */
static void where(importer *im, const char *name, long line, char *out, size_t cap)
{
    if (name)
        snprintf(out, cap, "%s: %s.%s (line %ld)", im->file, im->path.data, name, line);
    else
        snprintf(out, cap, "%s: %s (line %ld)", im->file, im->path.data, line);
}

__attribute__((format(printf, 5, 6)))
static int fail_at(importer *im, const char *name, long line, rg_error_code code,
                   const char *fmt, ...)
{
    if (im->failed)
        return -1;
    char place[512], message[RG_ERROR_MAX];
    where(im, name, line, place, sizeof place);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    rg_error_set(im->err, code, "%s: %s", place, message);
    im->failed = 1;
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

/* ---- path ------------------------------------------------------------------- */

static size_t path_push_field(importer *im, const char *name)
{
    size_t old = im->path.len;
    rg_buf_printf(&im->path, ".%s", name);
    return old;
}

static void path_pop(importer *im, size_t old)
{
    im->path.len = old;
    if (im->path.data)
        im->path.data[old] = '\0';
}

/* Unknown members of an object the reader went through: warn, ignore. */
static void warn_unknown(importer *im, rg_jnode *obj)
{
    if (!obj || obj->type != RG_J_OBJECT)
        return;
    for (size_t i = 0; i < obj->count; i++)
        if (!obj->items[i]->used)
            rg_warn("%s: %s.%s (line %ld): unknown field, ignored", im->file, im->path.data,
                    obj->items[i]->key, obj->items[i]->line);
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

static rg_jnode *member(importer *im, rg_jnode *obj, const char *name, int required)
{
    if (im->failed)
        return NULL;
    rg_jnode *n = rg_jnode_get(obj, name);
    if (n && n->type == RG_J_NULL)
        n = NULL;
    if (!n && required)
        fail_at(im, NULL, obj->line, RG_ERR_INPUT, "missing required field \"%s\"", name);
    return n;
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
    if (im->nrefs == im->refs_cap) {
        size_t cap = im->refs_cap ? im->refs_cap * 2 : 16;
        pending_ref *r = realloc(im->refs, cap * sizeof *r);
        if (!r)
            return -1;
        im->refs = r;
        im->refs_cap = cap;
    }
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
    sqlite3_stmt *st = im->st[S_EXISTS_ORG + kind];
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

static int get_rich(importer *im, rg_jnode *obj, const char *name, int required,
                    const char **out)
{
    *out = NULL;
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return im->failed ? -1 : 0;
    char got[96], place[512];
    if (n->type != RG_J_STRING)
        return fail_at(im, name, n->line, RG_ERR_INPUT,
                       "expected rich text (a JSON string of text or HTML), got %s",
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

/* A JSON integer within [min, max]; *present tells whether it was given. */
static int get_int(importer *im, rg_jnode *obj, const char *name, int required, long min,
                   long max, const char *expected, long *out, int *present)
{
    *present = 0;
    rg_jnode *n = member(im, obj, name, required);
    if (!n)
        return im->failed ? -1 : 0;
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
    if (rg_date_parse(n->text, &y, &m, &d, &date_err) < 0)
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
    rg_jnode *arr = get_container(im, obj, name, RG_J_ARRAY, 0);
    if (!arr || arr->count == 0)
        return im->failed ? -1 : 0;
    rg_buf *b = pool_take(im);
    if (!b)
        return fail_at(im, name, arr->line, RG_ERR_NOMEM, "out of memory");
    size_t old = path_push_field(im, name);
    for (size_t i = 0; i < arr->count; i++) {
        rg_jnode *n = arr->items[i];
        char got[96];
        if (n->type != RG_J_STRING) {
            path_pop(im, old);
            rg_buf_printf(&im->path, ".%s[%zu]", name, i);
            fail_at(im, NULL, n->line, RG_ERR_INPUT, "expected a line of text, got %s",
                    describe(n, got, sizeof got));
            path_pop(im, old);
            return -1;
        }
        trim(n);
        if (memchr(n->text, '\n', n->len) || memchr(n->text, '\r', n->len)) {
            path_pop(im, old);
            rg_buf_printf(&im->path, ".%s[%zu]", name, i);
            fail_at(im, NULL, n->line, RG_ERR_INPUT,
                    "expected one line of text (give each line as its own list element)");
            path_pop(im, old);
            return -1;
        }
        if (i > 0)
            rg_buf_putc(b, '\n');
        rg_buf_append(b, n->text, n->len);
    }
    path_pop(im, old);
    if (!b->data)
        rg_buf_puts(b, "");
    *out = b->data;
    return 0;
}

/* ---- writing helpers ---------------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int run(importer *im, enum stmt_id id)
{
    int rc = sqlite3_step(im->st[id]);
    sqlite3_reset(im->st[id]);
    sqlite3_clear_bindings(im->st[id]);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return 0;
    return fail_db(im, rc, "writing");
}

static int delete_children(importer *im, enum stmt_id id, const char *key)
{
    bind_text(im->st[id], 1, key);
    return run(im, id);
}

/* Counts the record as added or updated; call before its upsert. */
static int count_record(importer *im, rg_kind kind, const char *key)
{
    int found = exists(im, kind, key);
    if (found < 0)
        return -1;
    if (found)
        im->stats.updated[kind]++;
    else
        im->stats.added[kind]++;
    return 0;
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
    if (count_record(im, RG_KIND_ORGANIZATION, key) < 0)
        return -1;
    sqlite3_stmt *st = im->st[S_UPSERT_ORG];
    bind_text(st, 1, key);
    bind_text(st, 2, name);
    bind_text(st, 3, parent);
    return run(im, S_UPSERT_ORG);
}

static int import_person(importer *im, rg_jnode *rec, const char *key)
{
    const char *name, *position, *phone;
    get_text(im, rec, "name", 1, &name);
    get_text(im, rec, "position", 0, &position);
    get_text(im, rec, "phone", 0, &phone);
    if (im->failed || count_record(im, RG_KIND_PERSON, key) < 0)
        return -1;
    sqlite3_stmt *st = im->st[S_UPSERT_PERSON];
    bind_text(st, 1, key);
    bind_text(st, 2, name);
    bind_text(st, 3, position);
    bind_text(st, 4, phone);
    return run(im, S_UPSERT_PERSON);
}

typedef struct strategy {
    const char *issue, *sub_issue, *goal, *indicator;
} strategy;

static int get_strategy(importer *im, rg_jnode *rec, strategy *s)
{
    memset(s, 0, sizeof *s);
    rg_jnode *obj = get_container(im, rec, "strategy", RG_J_OBJECT, 0);
    if (!obj)
        return im->failed ? -1 : 0;
    size_t old = path_push_field(im, "strategy");
    get_text(im, obj, "issue", 0, &s->issue);
    get_text(im, obj, "sub_issue", 0, &s->sub_issue);
    get_text(im, obj, "goal", 0, &s->goal);
    get_text(im, obj, "indicator", 0, &s->indicator);
    if (!im->failed)
        warn_unknown(im, obj);
    path_pop(im, old);
    return im->failed ? -1 : 0;
}

/* A list of rich texts inserted as (parent key, seq 1.., body) rows. */
static int import_rich_list(importer *im, rg_jnode *rec, const char *name, const char *key,
                            enum stmt_id insert)
{
    rg_jnode *arr = get_container(im, rec, name, RG_J_ARRAY, 0);
    if (!arr)
        return im->failed ? -1 : 0;
    for (size_t i = 0; i < arr->count && !im->failed; i++) {
        rg_jnode *n = arr->items[i];
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".%s[%zu]", name, i);
        char got[96], place[512];
        if (n->type != RG_J_STRING) {
            fail_at(im, NULL, n->line, RG_ERR_INPUT, "expected rich text (a JSON string), got %s",
                    describe(n, got, sizeof got));
        } else {
            rg_buf *b = pool_take(im);
            where(im, NULL, n->line, place, sizeof place);
            if (!b || rg_richtext_convert(n->text, n->len, place, b, im->err) < 0) {
                if (!b)
                    fail_at(im, NULL, n->line, RG_ERR_NOMEM, "out of memory");
                im->failed = 1;
            } else {
                sqlite3_stmt *st = im->st[insert];
                bind_text(st, 1, key);
                sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
                bind_text(st, 3, b->data);
                run(im, insert);
            }
        }
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
}

static int import_entry(importer *im, rg_jnode *e, const char *project_key, rg_jnode *entries,
                        size_t index)
{
    char got[96];
    if (e->type != RG_J_OBJECT)
        return fail_at(im, NULL, e->line, RG_ERR_INPUT, "expected a progress entry (an object), got %s",
                       describe(e, got, sizeof got));
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
    for (size_t j = 0; j < index; j++) {
        rg_jnode *other = rg_jnode_get(entries->items[j], "number");
        if (other && other->type == RG_J_NUMBER && strtol(other->text, NULL, 10) == number)
            return fail_at(im, "number", rg_jnode_get(e, "number")->line, RG_ERR_INPUT,
                           "duplicate entry number %ld (entry %zu, line %ld, has it too)",
                           number, j, other->line);
    }
    warn_unknown(im, e);
    sqlite3_stmt *st = im->st[S_INS_ENTRY];
    bind_text(st, 1, project_key);
    sqlite3_bind_int64(st, 2, number);
    bind_text(st, 3, date);
    bind_text(st, 4, body);
    if (has_percent)
        sqlite3_bind_double(st, 5, percent);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int64(st, 6, used);
    sqlite3_bind_int(st, 7, on_plan);
    sqlite3_bind_int(st, 8, on_target);
    return run(im, S_INS_ENTRY);
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
    if (count_record(im, RG_KIND_PROJECT, key) < 0)
        return -1;
    sqlite3_stmt *st = im->st[S_UPSERT_PROJECT];
    bind_text(st, 1, key);
    bind_text(st, 2, code);
    bind_text(st, 3, name);
    sqlite3_bind_int64(st, 4, year);
    bind_text(st, 5, start);
    bind_text(st, 6, end);
    sqlite3_bind_int64(st, 7, received);
    sqlite3_bind_int64(st, 8, spent);
    bind_text(st, 9, org);
    bind_text(st, 10, responsible);
    bind_text(st, 11, coordinator);
    bind_text(st, 12, rationale);
    bind_text(st, 13, s.issue);
    bind_text(st, 14, s.sub_issue);
    bind_text(st, 15, s.goal);
    bind_text(st, 16, s.indicator);
    if (run(im, S_UPSERT_PROJECT) < 0 || delete_children(im, S_DEL_OBJECTIVES, key) < 0 ||
        delete_children(im, S_DEL_TARGETS, key) < 0 || delete_children(im, S_DEL_ENTRIES, key) < 0)
        return -1;
    if (import_rich_list(im, rec, "objectives", key, S_INS_OBJECTIVE) < 0 ||
        import_rich_list(im, rec, "targets", key, S_INS_TARGET) < 0)
        return -1;
    rg_jnode *entries = get_container(im, rec, "entries", RG_J_ARRAY, 0);
    for (size_t i = 0; entries && i < entries->count && !im->failed; i++) {
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".entries[%zu]", i);
        import_entry(im, entries->items[i], key, entries, i);
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
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
    if (quarters && quarters->count > 4) {
        size_t old = path_push_field(im, "quarters");
        fail_at(im, NULL, quarters->line, RG_ERR_INPUT,
                "expected at most 4 quarters, got %zu", quarters->count);
        path_pop(im, old);
    }
    if (im->failed || count_record(im, RG_KIND_INDICATOR, key) < 0)
        return -1;
    sqlite3_stmt *st = im->st[S_UPSERT_INDICATOR];
    bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, year);
    if (has_number)
        sqlite3_bind_int64(st, 3, number);
    else
        sqlite3_bind_null(st, 3);
    bind_text(st, 4, name);
    bind_text(st, 5, level);
    bind_text(st, 6, org);
    bind_text(st, 7, s.issue);
    bind_text(st, 8, s.sub_issue);
    bind_text(st, 9, s.goal);
    bind_text(st, 10, s.indicator);
    bind_text(st, 11, definition);
    bind_text(st, 12, calculation);
    bind_text(st, 13, target);
    bind_text(st, 14, achieved);
    bind_text(st, 15, summary);
    bind_text(st, 16, factors);
    bind_text(st, 17, obstacles);
    bind_text(st, 18, evidence);
    bind_text(st, 19, reporter);
    if (run(im, S_UPSERT_INDICATOR) < 0 || delete_children(im, S_DEL_QUARTERS, key) < 0)
        return -1;
    for (size_t i = 0; quarters && i < quarters->count && !im->failed; i++) {
        rg_jnode *q = quarters->items[i];
        if (q->type == RG_J_NULL)
            continue;
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".quarters[%zu]", i);
        char got[96], place[512];
        if (q->type != RG_J_STRING) {
            fail_at(im, NULL, q->line, RG_ERR_INPUT,
                    "expected rich text (a JSON string) or null, got %s",
                    describe(q, got, sizeof got));
        } else {
            rg_buf *b = pool_take(im);
            where(im, NULL, q->line, place, sizeof place);
            if (!b || rg_richtext_convert(q->text, q->len, place, b, im->err) < 0) {
                if (!b)
                    fail_at(im, NULL, q->line, RG_ERR_NOMEM, "out of memory");
                im->failed = 1;
            } else {
                st = im->st[S_INS_QUARTER];
                bind_text(st, 1, key);
                sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
                bind_text(st, 3, b->data);
                run(im, S_INS_QUARTER);
            }
        }
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
}

/* A signatory object: role (when `with_role`), name, position_lines. */
static int get_signatory(importer *im, rg_jnode *obj, int with_role, const char **role,
                         const char **name, const char **lines)
{
    char got[96];
    if (obj->type != RG_J_OBJECT)
        return fail_at(im, NULL, obj->line, RG_ERR_INPUT, "expected a signatory (an object), got %s",
                       describe(obj, got, sizeof got));
    *role = NULL;
    if (with_role)
        get_text(im, obj, "role", 1, role);
    get_text(im, obj, "name", 1, name);
    get_lines(im, obj, "position_lines", lines);
    if (!im->failed)
        warn_unknown(im, obj);
    return im->failed ? -1 : 0;
}

/* The emblem is a path relative to the JSON file: store it absolute, so the
 * renderer finds it whatever its working directory. */
static void resolve_emblem(importer *im, rg_jnode *n, const char **path)
{
    if (!im->file_is_real || (*path)[0] == '/')
        return;
    char *dir_copy = strdup(im->file);
    rg_buf *b = pool_take(im);
    if (!dir_copy || !b) {
        free(dir_copy);
        fail_at(im, "emblem", n->line, RG_ERR_NOMEM, "out of memory");
        return;
    }
    char *slash = strrchr(dir_copy, '/');
    const char *dir = ".";
    if (slash) {
        *slash = '\0';
        dir = dir_copy[0] ? dir_copy : "/";
    }
    char *abs_dir = realpath(dir, NULL);
    rg_buf_printf(b, "%s/%s", abs_dir ? abs_dir : dir, *path);
    free(abs_dir);
    free(dir_copy);
    *path = b->data;
    if (access(*path, R_OK) != 0)
        rg_warn("%s: %s.emblem (line %ld): no readable image at %s", im->file, im->path.data,
                n->line, *path);
}

typedef struct announcement {
    int present;
    const char *heading, *subject, *body, *closing, *signer_name, *signer_lines, *emblem;
    char date[11];
} announcement;

static int get_announcement(importer *im, rg_jnode *rec, announcement *a)
{
    memset(a, 0, sizeof *a);
    rg_jnode *obj = get_container(im, rec, "announcement", RG_J_OBJECT, 0);
    if (!obj)
        return im->failed ? -1 : 0;
    a->present = 1;
    size_t old = path_push_field(im, "announcement");
    int has_date;
    get_text(im, obj, "heading", 0, &a->heading);
    get_text(im, obj, "subject", 0, &a->subject);
    get_rich(im, obj, "body", 0, &a->body);
    get_text(im, obj, "closing", 0, &a->closing);
    get_date(im, obj, "date", 0, a->date, &has_date);
    get_text(im, obj, "emblem", 0, &a->emblem);
    if (a->emblem && *a->emblem)
        resolve_emblem(im, rg_jnode_get(obj, "emblem"), &a->emblem);
    rg_jnode *signer = get_container(im, obj, "signer", RG_J_OBJECT, 0);
    if (signer) {
        size_t old2 = path_push_field(im, "signer");
        const char *role;
        get_signatory(im, signer, 0, &role, &a->signer_name, &a->signer_lines);
        path_pop(im, old2);
    }
    if (!im->failed)
        warn_unknown(im, obj);
    path_pop(im, old);
    return im->failed ? -1 : 0;
}

typedef struct cover {
    const char *lines, *footer_lines, *back_lines;
} cover;

static int get_cover(importer *im, rg_jnode *rec, cover *c)
{
    memset(c, 0, sizeof *c);
    rg_jnode *obj = get_container(im, rec, "cover", RG_J_OBJECT, 0);
    if (!obj)
        return im->failed ? -1 : 0;
    size_t old = path_push_field(im, "cover");
    get_lines(im, obj, "lines", &c->lines);
    get_lines(im, obj, "footer_lines", &c->footer_lines);
    get_lines(im, obj, "back_lines", &c->back_lines);
    if (!im->failed)
        warn_unknown(im, obj);
    path_pop(im, old);
    return im->failed ? -1 : 0;
}

/* Numbers unique within an array of objects (sections, activities). */
static int check_unique_number(importer *im, rg_jnode *arr, size_t index, long number,
                               const char *what)
{
    for (size_t j = 0; j < index; j++) {
        rg_jnode *other = rg_jnode_get(arr->items[j], "number");
        if (other && other->type == RG_J_NUMBER && strtol(other->text, NULL, 10) == number)
            return fail_at(im, "number", rg_jnode_get(arr->items[index], "number")->line,
                           RG_ERR_INPUT, "duplicate %s number %ld (line %ld has it too)", what,
                           number, other->line);
    }
    return 0;
}

static int import_section(importer *im, rg_jnode *sec, rg_jnode *arr, size_t index,
                          const char *plan_key)
{
    char got[96];
    if (sec->type != RG_J_OBJECT)
        return fail_at(im, NULL, sec->line, RG_ERR_INPUT, "expected a section (an object), got %s",
                       describe(sec, got, sizeof got));
    long number;
    int has_number;
    const char *title, *body;
    get_int(im, sec, "number", 1, 1, 1000, "a section number (an integer, 1 or more)", &number,
            &has_number);
    get_text(im, sec, "title", 1, &title);
    get_rich(im, sec, "body", 0, &body);
    rg_jnode *items = get_container(im, sec, "items", RG_J_ARRAY, 0);
    if (im->failed || check_unique_number(im, arr, index, number, "section") < 0)
        return -1;
    warn_unknown(im, sec);
    sqlite3_stmt *st = im->st[S_INS_SECTION];
    bind_text(st, 1, plan_key);
    sqlite3_bind_int64(st, 2, number);
    bind_text(st, 3, title);
    bind_text(st, 4, body);
    if (run(im, S_INS_SECTION) < 0)
        return -1;
    for (size_t i = 0; items && i < items->count && !im->failed; i++) {
        rg_jnode *n = items->items[i];
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".items[%zu]", i);
        char place[512];
        if (n->type != RG_J_STRING) {
            fail_at(im, NULL, n->line, RG_ERR_INPUT, "expected rich text (a JSON string), got %s",
                    describe(n, got, sizeof got));
        } else {
            rg_buf *b = pool_take(im);
            where(im, NULL, n->line, place, sizeof place);
            if (!b || rg_richtext_convert(n->text, n->len, place, b, im->err) < 0) {
                if (!b)
                    fail_at(im, NULL, n->line, RG_ERR_NOMEM, "out of memory");
                im->failed = 1;
            } else {
                st = im->st[S_INS_SECTION_ITEM];
                bind_text(st, 1, plan_key);
                sqlite3_bind_int64(st, 2, number);
                sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
                bind_text(st, 4, b->data);
                run(im, S_INS_SECTION_ITEM);
            }
        }
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
}

/* months: calendar month numbers 1..12, each at most once -> bit (month - 1). */
static int get_months(importer *im, rg_jnode *detail, long *mask)
{
    *mask = 0;
    rg_jnode *arr = get_container(im, detail, "months", RG_J_ARRAY, 0);
    if (!arr)
        return im->failed ? -1 : 0;
    for (size_t i = 0; i < arr->count; i++) {
        rg_jnode *n = arr->items[i];
        char got[96];
        long m = 0;
        if (n->type == RG_J_NUMBER && !strpbrk(n->text, ".eE"))
            m = strtol(n->text, NULL, 10);
        if (m < 1 || m > 12) {
            size_t old = im->path.len;
            rg_buf_printf(&im->path, ".months[%zu]", i);
            fail_at(im, NULL, n->line, RG_ERR_INPUT,
                    "expected a calendar month number from 1 (January) to 12, got %s",
                    describe(n, got, sizeof got));
            path_pop(im, old);
            return -1;
        }
        if (*mask & (1L << (m - 1))) {
            size_t old = im->path.len;
            rg_buf_printf(&im->path, ".months[%zu]", i);
            fail_at(im, NULL, n->line, RG_ERR_INPUT, "month %ld is listed twice", m);
            path_pop(im, old);
            return -1;
        }
        *mask |= 1L << (m - 1);
    }
    return 0;
}

static int import_activity(importer *im, rg_jnode *act, rg_jnode *arr, size_t index,
                           const char *plan_key)
{
    char got[96];
    if (act->type != RG_J_OBJECT)
        return fail_at(im, NULL, act->line, RG_ERR_INPUT,
                       "expected an activity (an object), got %s", describe(act, got, sizeof got));
    long number;
    int has_number;
    const char *name, *remarks;
    get_int(im, act, "number", 1, 1, 100000, "an activity number (an integer, 1 or more)",
            &number, &has_number);
    get_text(im, act, "name", 1, &name);
    get_text(im, act, "remarks", 0, &remarks);
    rg_jnode *details = get_container(im, act, "details", RG_J_ARRAY, 0);
    if (im->failed || check_unique_number(im, arr, index, number, "activity") < 0)
        return -1;
    warn_unknown(im, act);
    sqlite3_stmt *st = im->st[S_INS_ACTIVITY];
    bind_text(st, 1, plan_key);
    sqlite3_bind_int64(st, 2, number);
    bind_text(st, 3, name);
    bind_text(st, 4, remarks);
    if (run(im, S_INS_ACTIVITY) < 0)
        return -1;
    for (size_t i = 0; details && i < details->count && !im->failed; i++) {
        rg_jnode *d = details->items[i];
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".details[%zu]", i);
        if (d->type != RG_J_OBJECT) {
            fail_at(im, NULL, d->line, RG_ERR_INPUT,
                    "expected a detail row {\"text\": ..., \"months\": [...]}, got %s",
                    describe(d, got, sizeof got));
        } else {
            const char *text;
            long mask;
            get_text(im, d, "text", 1, &text);
            get_months(im, d, &mask);
            if (!im->failed) {
                warn_unknown(im, d);
                st = im->st[S_INS_DETAIL];
                bind_text(st, 1, plan_key);
                sqlite3_bind_int64(st, 2, number);
                sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
                bind_text(st, 4, text);
                sqlite3_bind_int64(st, 5, mask);
                run(im, S_INS_DETAIL);
            }
        }
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
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
    if (count_record(im, RG_KIND_PLAN, key) < 0)
        return -1;
    sqlite3_stmt *st = im->st[S_UPSERT_PLAN];
    bind_text(st, 1, key);
    bind_text(st, 2, org);
    sqlite3_bind_int64(st, 3, year);
    bind_text(st, 4, title);
    bind_text(st, 5, c.lines);
    bind_text(st, 6, c.footer_lines);
    bind_text(st, 7, c.back_lines);
    sqlite3_bind_int(st, 8, a.present);
    bind_text(st, 9, a.heading);
    bind_text(st, 10, a.subject);
    bind_text(st, 11, a.body);
    bind_text(st, 12, a.closing);
    bind_text(st, 13, a.date[0] ? a.date : NULL);
    bind_text(st, 14, a.signer_name);
    bind_text(st, 15, a.signer_lines);
    bind_text(st, 16, a.emblem);
    bind_text(st, 17, has_start ? start : NULL);
    bind_text(st, 18, has_end ? end : NULL);
    bind_text(st, 19, footnote);
    bind_text(st, 20, note);
    if (run(im, S_UPSERT_PLAN) < 0 || delete_children(im, S_DEL_SECTION_ITEMS, key) < 0 ||
        delete_children(im, S_DEL_SECTIONS, key) < 0 ||
        delete_children(im, S_DEL_SIGNATORIES, key) < 0 ||
        delete_children(im, S_DEL_DETAILS, key) < 0 ||
        delete_children(im, S_DEL_ACTIVITIES, key) < 0)
        return -1;
    for (size_t i = 0; sections && i < sections->count && !im->failed; i++) {
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".sections[%zu]", i);
        import_section(im, sections->items[i], sections, i, key);
        path_pop(im, old);
    }
    for (size_t i = 0; signatories && i < signatories->count && !im->failed; i++) {
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".signatories[%zu]", i);
        const char *role, *name, *lines;
        if (get_signatory(im, signatories->items[i], 1, &role, &name, &lines) == 0) {
            st = im->st[S_INS_SIGNATORY];
            bind_text(st, 1, key);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
            bind_text(st, 3, role);
            bind_text(st, 4, name);
            bind_text(st, 5, lines);
            run(im, S_INS_SIGNATORY);
        }
        path_pop(im, old);
    }
    for (size_t i = 0; activities && i < activities->count && !im->failed; i++) {
        size_t old = im->path.len;
        rg_buf_printf(&im->path, ".activities[%zu]", i);
        import_activity(im, activities->items[i], activities, i, key);
        path_pop(im, old);
    }
    return im->failed ? -1 : 0;
}

/* ---- the run ------------------------------------------------------------------- */

static int on_record(void *user, rg_jnode *rec, long index, rg_error *err)
{
    importer *im = user;
    (void)err;
    pool_release_all(im);
    rg_buf_reset(&im->path);
    rg_buf_printf(&im->path, "$.records[%ld]", index);
    char got[96];
    if (rec->type != RG_J_OBJECT)
        return fail_at(im, NULL, rec->line, RG_ERR_INPUT, "expected a record (an object), got %s",
                       describe(rec, got, sizeof got));
    const char *kind_name, *key;
    if (get_text(im, rec, "kind", 1, &kind_name) < 0)
        return -1;
    int kind = rg_store_kind_from_name(kind_name);
    if (kind < 0)
        return fail_at(im, "kind", rg_jnode_get(rec, "kind")->line, RG_ERR_INPUT,
                       "expected one of organization, person, project, indicator, plan; "
                       "got \"%s\"", kind_name);
    if (get_text(im, rec, "key", 1, &key) < 0 ||
        check_key_text(im, "key", rg_jnode_get(rec, "key")) < 0)
        return -1;
    int rc;
    switch (kind) {
    case RG_KIND_ORGANIZATION: rc = import_organization(im, rec, key); break;
    case RG_KIND_PERSON: rc = import_person(im, rec, key); break;
    case RG_KIND_PROJECT: rc = import_project(im, rec, key); break;
    case RG_KIND_INDICATOR: rc = import_indicator(im, rec, key); break;
    default: rc = import_plan(im, rec, key); break;
    }
    if (rc == 0 && !im->failed)
        warn_unknown(im, rec);
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
    rg_buf_free(&im->path);
}

typedef struct source {
    const char *path;           /* file, or the name of a memory document */
    const char *data;           /* NULL: read the file */
    size_t len;
} source;

static int import_sources(rg_store *store, const source *sources, size_t count,
                          rg_import_stats *stats, rg_error *err)
{
    if (store->read_only)
        return rg_error_set(err, RG_ERR_INTERNAL, "import into a read-only store");
    importer im;
    memset(&im, 0, sizeof im);
    im.store = store;
    im.db = store->db;
    im.err = err;
    im.file = "";
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
    for (int i = 0; i < S_COUNT && rc == SQLITE_OK; i++)
        rc = sqlite3_prepare_v3(im.db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &im.st[i],
                                NULL);
    if (rc != SQLITE_OK)
        fail_db(&im, rc, "preparing the import");
    for (size_t f = 0; f < count && !im.failed; f++) {
        im.file = sources[f].path;
        im.file_is_real = sources[f].data == NULL;
        int r = sources[f].data
            ? rg_json_read_memory(sources[f].path, sources[f].data, sources[f].len, on_record,
                                  &im, err)
            : rg_json_read_file(sources[f].path, on_record, &im, err);
        if (r < 0)
            im.failed = 1;
    }
    im.file = "";
    if (!im.failed)
        check_pending(&im);
    if (!im.failed)
        check_organization_cycles(&im);
    if (!im.failed) {
        for (int i = 0; i < S_COUNT; i++)
            sqlite3_finalize(im.st[i]), im.st[i] = NULL;
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
    if (im.failed) {
        for (int i = 0; i < S_COUNT; i++)
            sqlite3_finalize(im.st[i]), im.st[i] = NULL;
        if (!sqlite3_get_autocommit(im.db))
            sqlite3_exec(im.db, "ROLLBACK", NULL, NULL, NULL);
    } else if (stats) {
        *stats = im.stats;
    }
    int failed = im.failed;
    importer_free(&im);
    return failed ? -1 : 0;
}

int rg_store_import_files(rg_store *store, const char *const *paths, size_t count,
                          rg_import_stats *stats, rg_error *err)
{
    source *sources = calloc(count ? count : 1, sizeof *sources);
    if (!sources)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++)
        sources[i].path = paths[i];
    int rc = import_sources(store, sources, count, stats, err);
    free(sources);
    return rc;
}

int rg_store_import_memory(rg_store *store, const char *name, const char *json, size_t len,
                           rg_import_stats *stats, rg_error *err)
{
    source s = {name, json ? json : "", json ? len : 0};
    return import_sources(store, &s, 1, stats, err);
}
