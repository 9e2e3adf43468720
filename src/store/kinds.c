/* The record kinds table (kinds.h): the built-in kinds, then those
 * registered at run time. The one other list of the built-in kinds is the
 * `records` view of schema migration 1 (schema.c): a migration's SQL is
 * fixed once released, so it is not generated from this table. */
#include "store/kinds.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static const rg_kind_child project_children[] = {
    {"objectives", "objectives", "project_objectives", "project_key", "seq",
     "project_key, seq, body"},
    {"targets", "targets", "project_targets", "project_key", "seq", "project_key, seq, body"},
    {"progress_entries", "progress entries", "progress_entries", "project_key", "number",
     "project_key, number, date, body, progress_percent, budget_used_satang, on_plan, on_target"},
};

static const rg_kind_child indicator_children[] = {
    {"quarters", "quarterly results", "indicator_quarters", "indicator_key", "quarter",
     "indicator_key, quarter, body"},
};

static const rg_kind_child plan_children[] = {
    {"sections", "sections", "plan_sections", "plan_key", "number",
     "plan_key, number, title, body"},
    {"section_items", "section items", "plan_section_items", "plan_key", "section_number, seq",
     "plan_key, section_number, seq, body"},
    {"signatories", "signatories", "plan_signatories", "plan_key", "seq",
     "plan_key, seq, role, name, position_lines"},
    {"activities", "activities", "plan_activities", "plan_key", "number",
     "plan_key, number, name, remarks"},
    {"activity_details", "activity details", "plan_activity_details", "plan_key",
     "activity_number, seq", "plan_key, activity_number, seq, text, months_mask"},
};

#define CHILDREN(a) sizeof a / sizeof a[0], a

static const rg_kind_desc builtin[RG_KIND_COUNT] = {
    [RG_KIND_ORGANIZATION] = {
        "organization", "organizations", "key", "name", "key, name, parent_key",
        NULL, "parent_key", {NULL}, NULL, 0, 0, NULL, "หน่วยงาน"},
    [RG_KIND_PERSON] = {
        "person", "people", "key", "name", "key, name, position, phone",
        NULL, NULL, {NULL}, NULL, 0, 0, NULL, "บุคคล"},
    [RG_KIND_PROJECT] = {
        "project", "projects", "key", "name",
        "key, code, name, fiscal_year, start_date, end_date, "
        "budget_received_satang, budget_spent_satang, organization_key, responsible_key, "
        "coordinator_key, rationale, strategy_issue, strategy_sub_issue, strategy_goal, "
        "strategy_indicator",
        "fiscal_year", "organization_key", {"responsible_key", "coordinator_key", NULL},
        "SELECT COALESCE((SELECT MAX(date) FROM progress_entries WHERE project_key = ?1),"
        " (SELECT start_date FROM projects WHERE key = ?1))",
        1, CHILDREN(project_children), "โครงการ"},
    [RG_KIND_INDICATOR] = {
        "indicator", "indicators", "key", "name",
        "key, fiscal_year, number, name, level, organization_key, "
        "strategy_issue, strategy_sub_issue, strategy_goal, strategy_indicator, definition, "
        "calculation, target, achieved, summary, factors, obstacles, evidence, reporter_key",
        "fiscal_year", "organization_key", {"reporter_key", NULL}, NULL,
        1, CHILDREN(indicator_children), "ตัวชี้วัด"},
    [RG_KIND_PLAN] = {
        "plan", "plans", "key", "title",
        "key, organization_key, fiscal_year, title, cover_lines, "
        "cover_footer_lines, back_lines, has_announcement, announcement_heading, "
        "announcement_subject, announcement_body, announcement_closing, announcement_date, "
        "announcement_signer_name, announcement_signer_position_lines, announcement_emblem, "
        "period_start, period_end, footnote, note",
        "fiscal_year", "organization_key", {NULL},
        "SELECT COALESCE(announcement_date, period_start) FROM plans WHERE key = ?1",
        1, CHILDREN(plan_children), "แผนพัฒนา"},
};

/* Registered kinds: deep copies, owned here. */
static rg_kind_desc **registered;
static size_t registered_count;

size_t rg_kinds_count(void)
{
    return RG_KIND_COUNT + registered_count;
}

const rg_kind_desc *rg_kinds_get(size_t index)
{
    if (index < RG_KIND_COUNT)
        return &builtin[index];
    index -= RG_KIND_COUNT;
    return index < registered_count ? registered[index] : NULL;
}

const rg_kind_desc *rg_kinds_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < rg_kinds_count(); i++)
        if (!strcmp(rg_kinds_get(i)->name, name))
            return rg_kinds_get(i);
    return NULL;
}

size_t rg_kinds_index(const rg_kind_desc *kind)
{
    if (kind >= builtin && kind < builtin + RG_KIND_COUNT)
        return (size_t)(kind - builtin);
    for (size_t i = 0; i < registered_count; i++)
        if (registered[i] == kind)
            return RG_KIND_COUNT + i;
    assert(!"rg_kinds_index: not a descriptor of the table");
    return (size_t)-1;
}

/* --- registration ---------------------------------------------------------- */

static void desc_free(rg_kind_desc *d)
{
    if (!d)
        return;
    free((char *)d->name);
    free((char *)d->table);
    free((char *)d->key_column);
    free((char *)d->title_column);
    free((char *)d->columns);
    free((char *)d->year_column);
    free((char *)d->org_column);
    for (int i = 0; i < RG_KIND_MAX_PEOPLE && d->person_columns[i]; i++)
        free((char *)d->person_columns[i]);
    free((char *)d->date_sql);
    free((char *)d->label);
    rg_kind_child *children = (rg_kind_child *)d->children;
    for (size_t i = 0; i < d->child_count && children; i++) {
        free((char *)children[i].part);
        free((char *)children[i].label);
        free((char *)children[i].table);
        free((char *)children[i].owner_column);
        free((char *)children[i].order);
        free((char *)children[i].columns);
    }
    free(children);
    free(d);
}

/* strdup of an optional string; sets *bad when memory ran out. */
static const char *dup_opt(const char *s, int *bad)
{
    if (!s)
        return NULL;
    char *copy = strdup(s);
    *bad |= !copy;
    return copy;
}

static rg_kind_desc *desc_copy(const rg_kind_desc *k)
{
    rg_kind_desc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    int bad = 0;
    d->name = dup_opt(k->name, &bad);
    d->table = dup_opt(k->table, &bad);
    d->key_column = dup_opt(k->key_column, &bad);
    d->title_column = dup_opt(k->title_column, &bad);
    d->columns = dup_opt(k->columns, &bad);
    d->year_column = dup_opt(k->year_column, &bad);
    d->org_column = dup_opt(k->org_column, &bad);
    for (int i = 0; i < RG_KIND_MAX_PEOPLE && k->person_columns[i]; i++)
        d->person_columns[i] = dup_opt(k->person_columns[i], &bad);
    d->date_sql = dup_opt(k->date_sql, &bad);
    d->printable = k->printable;
    d->label = dup_opt(k->label, &bad);
    if (k->child_count) {
        rg_kind_child *c = calloc(k->child_count, sizeof *c);
        d->children = c;
        d->child_count = c ? k->child_count : 0;
        bad |= !c;
        for (size_t i = 0; i < d->child_count; i++) {
            const rg_kind_child *from = &k->children[i];
            c[i].part = dup_opt(from->part, &bad);
            c[i].label = dup_opt(from->label ? from->label : from->part, &bad);
            c[i].table = dup_opt(from->table, &bad);
            c[i].owner_column = dup_opt(from->owner_column, &bad);
            c[i].order = dup_opt(from->order, &bad);
            c[i].columns = dup_opt(from->columns, &bad);
        }
    }
    if (bad) {
        desc_free(d);
        return NULL;
    }
    return d;
}

static int table_taken(const char *table)
{
    for (size_t i = 0; i < rg_kinds_count(); i++) {
        const rg_kind_desc *k = rg_kinds_get(i);
        if (!strcmp(k->table, table))
            return 1;
        for (size_t c = 0; c < k->child_count; c++)
            if (!strcmp(k->children[c].table, table))
                return 1;
    }
    return 0;
}

int rg_kinds_register(const rg_kind_desc *kind, rg_error *err)
{
    if (!kind || !kind->name || !*kind->name || !kind->table || !kind->key_column)
        return rg_error_set(err, RG_ERR_INPUT, "a record kind needs a name, a table and a key column");
    if (rg_kinds_find(kind->name))
        return rg_error_set(err, RG_ERR_INPUT, "kind `%s` is already defined", kind->name);
    if (table_taken(kind->table))
        return rg_error_set(err, RG_ERR_INPUT, "kind `%s`: table `%s` already holds another kind's "
                            "records", kind->name, kind->table);
    for (size_t c = 0; c < kind->child_count; c++)
        if (!kind->children[c].table || !kind->children[c].owner_column || !kind->children[c].part)
            return rg_error_set(err, RG_ERR_INPUT, "kind `%s`: child table %zu needs a part name, "
                                "a table and an owner column", kind->name, c + 1);
    rg_kind_desc **grown = realloc(registered, (registered_count + 1) * sizeof *grown);
    if (!grown)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    registered = grown;
    rg_kind_desc *copy = desc_copy(kind);
    if (!copy)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    registered[registered_count++] = copy;
    return 0;
}

void rg_kinds_reset(void)
{
    for (size_t i = 0; i < registered_count; i++)
        desc_free(registered[i]);
    free(registered);
    registered = NULL;
    registered_count = 0;
}

void rg_kinds_printable_list(char *buf, size_t size)
{
    assert(size > 0);
    buf[0] = '\0';
    size_t n = 0, printable = 0, len = 0;
    for (size_t i = 0; i < rg_kinds_count(); i++)
        printable += rg_kinds_get(i)->printable != 0;
    for (size_t i = 0; i < rg_kinds_count() && len < size; i++) {
        const rg_kind_desc *k = rg_kinds_get(i);
        if (!k->printable)
            continue;
        n++;
        const char *sep = n == 1 ? "" : n == printable ? " or " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, k->name);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}
