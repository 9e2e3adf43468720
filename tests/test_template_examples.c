/* Binding of every example (the .json files in examples/) through its form: each field
 * value and each entry body the store holds must appear in the bound
 * document, in the order the form prints them. The expected values are read
 * from the store with SQL, not written here, so the test follows the data. */
#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "store/store.h"
#include "template/dump.h"
#include "template/format.h"
#include "template/rich_blocks.h"
#include "template/template.h"
#include "util/buf.h"
#include "util/paths.h"

/* The document dump with bold marks removed and line breaks as newlines. */
static char *dump_text(const rg_document *doc)
{
    rg_buf raw = RG_BUF_INIT, out = RG_BUF_INIT;
    rg_document_dump(doc, &raw);
    for (const char *p = raw.data; p && *p; p++) {
        if (!strncmp(p, "**", 2)) {
            p++;
            continue;
        }
        if (!strncmp(p, "<br>", 4)) {
            rg_buf_putc(&out, '\n');
            p += 3;
            continue;
        }
        rg_buf_putc(&out, *p);
    }
    rg_buf_free(&raw);
    return rg_buf_steal(&out);
}

typedef struct expect {
    const char *text;     /* the dump */
    const char *pos;      /* where the next value must be found at or after */
    int thai;             /* the form prints Thai digits */
    const char *what;
    int found;
} expect;

/* Each non-empty line of `value` must appear, in order, after the previous one. */
static void in_order(expect *e, const char *value)
{
    if (!value)
        return;
    rg_buf v = RG_BUF_INIT;
    if (e->thai)
        rg_format_thai_digits(value, &v);
    else
        rg_buf_puts(&v, value);
    char *copy = v.data ? v.data : strdup("");
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ')
            line++;
        size_t n = strlen(line);
        while (n && line[n - 1] == ' ')
            line[--n] = '\0';
        if (!n)
            continue;
        const char *hit = strstr(e->pos, line);
        if (!hit) {
            check_failures++;
            const char *anywhere = strstr(e->text, line);
            fprintf(stderr, "%s: `%s` %s\n", e->what, line,
                    anywhere ? "is printed, but out of order" : "is missing from the document");
        } else {
            e->pos = hit + n;
            e->found++;
        }
    }
    free(copy);
}

/* Runs sql (one column) with :id = key and checks every value in order;
 * rich text values are compared paragraph by paragraph. */
static void rows_in_order(expect *e, sqlite3 *db, const char *key, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        check_failures++;
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        return;
    }
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":id"), key, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            if (!v)
                continue;
            char *plain = rg_rich_plain(v, "\n");
            in_order(e, plain);
            free(plain);
        }
    }
    sqlite3_finalize(st);
}

static const char *date_long(const char *iso, char *buf, size_t cap)
{
    rg_buf b = RG_BUF_INIT;
    rg_error err;
    if (rg_format_date(iso, RG_DATE_LONG, &b, &err) < 0)
        snprintf(buf, cap, "%s", iso);
    else
        snprintf(buf, cap, "%s", b.data);
    rg_buf_free(&b);
    return buf;
}

static rg_document *bind_example(rg_store *store, const char *form, const char *key)
{
    rg_error err;
    char *dir = rg_path_join(rg_data_dir(), "templates");
    char *path = rg_template_locate(dir, form, &err);
    rg_template *tpl = path ? rg_template_load(path, &err) : NULL;
    rg_document *doc = NULL;
    if (tpl) {
        rg_bind_options o;
        rg_bind_options_init(&o);
        o.id = key;
        doc = rg_template_bind(tpl, rg_store_db(store), &o, &err);
    }
    if (!doc) {
        check_failures++;
        fprintf(stderr, "%s %s: %s\n", form, key, err.message);
    }
    rg_template_free(tpl);
    free(path);
    free(dir);
    return doc;
}

static rg_store *load(const char *example)
{
    rg_error err;
    char rel[256];
    snprintf(rel, sizeof rel, "examples/%s", example);
    char *path = rg_path_join(rg_data_dir(), rel);
    rg_store *store = rg_store_open_memory(&err);
    const char *paths[1] = {path};
    if (!store || rg_store_import_files(store, paths, 1, NULL, &err) < 0) {
        check_failures++;
        fprintf(stderr, "%s: %s\n", example, err.message);
        rg_store_close(store);
        store = NULL;
    }
    free(path);
    return store;
}

static void check_project(const char *example, const char *key)
{
    rg_store *store = load(example);
    if (!store)
        return;
    sqlite3 *db = rg_store_db(store);
    rg_document *doc = bind_example(store, "progress-report", key);
    if (!doc) {
        rg_store_close(store);
        return;
    }
    char *text = dump_text(doc);
    expect e = {text, strstr(text, "\nsection"), 0, example, 0};   /* after the PDF metadata line */
    rows_in_order(&e, db, key, "SELECT name, code, fiscal_year FROM projects WHERE key = :id");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT start_date, end_date FROM projects WHERE key = ?", -1, &st, NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        char a[64], b[64];
        in_order(&e, date_long((const char *)sqlite3_column_text(st, 0), a, sizeof a));
        in_order(&e, date_long((const char *)sqlite3_column_text(st, 1), b, sizeof b));
    }
    sqlite3_finalize(st);
    rows_in_order(&e, db, key,
                  "SELECT o.path, r.name, r.phone, c.name, c.phone FROM projects p "
                  "JOIN organization_paths o ON o.key = p.organization_key "
                  "LEFT JOIN people r ON r.key = p.responsible_key "
                  "LEFT JOIN people c ON c.key = p.coordinator_key WHERE p.key = :id");
    rows_in_order(&e, db, key, "SELECT rationale FROM projects WHERE key = :id");
    rows_in_order(&e, db, key, "SELECT body FROM project_objectives WHERE project_key = :id ORDER BY seq");
    rows_in_order(&e, db, key, "SELECT body FROM project_targets WHERE project_key = :id ORDER BY seq");
    rows_in_order(&e, db, key,
                  "SELECT strategy_issue, strategy_sub_issue, strategy_goal, strategy_indicator "
                  "FROM projects WHERE key = :id");
    /* Entries in the seeds' wording (seeds 000 and 002): "รายงานครั้งที่N",
     * ":: d/m/BE :", the body, ":: ความก้าวหน้าของงานฯ = X % : งบประมาณที่เบิกใช้
     * (ครั้งที่ N) = Y บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย", in order. */
    sqlite3_prepare_v2(db,
                       "SELECT printf('รายงานครั้งที่%d', number), "
                       "printf(':: %02d/%02d/%d :', CAST(strftime('%d', date) AS INTEGER), "
                       "       CAST(strftime('%m', date) AS INTEGER), CAST(strftime('%Y', date) AS INTEGER) + 543), "
                       "body, "
                       "printf(':: ความก้าวหน้าของงานฯ = %.2f %% : งบประมาณที่เบิกใช้ (ครั้งที่ %d) = ', progress_percent, number), "
                       "CASE on_plan WHEN 1 THEN 'เป็นไปตามแผน' ELSE 'ไม่เป็นไปตามแผน' END, "
                       "CASE on_target WHEN 1 THEN 'เป็นไปตามเป้าหมาย' ELSE 'ไม่เป็นไปตามเป้าหมาย' END "
                       "FROM progress_entries WHERE project_key = ? ORDER BY number", -1, &st, NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int entries = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        in_order(&e, (const char *)sqlite3_column_text(st, 0));
        in_order(&e, (const char *)sqlite3_column_text(st, 1));
        char *body = rg_rich_plain((const char *)sqlite3_column_text(st, 2), "\n");
        in_order(&e, body);
        free(body);
        for (int c = 3; c < 6; c++)
            in_order(&e, (const char *)sqlite3_column_text(st, c));
        entries++;
    }
    sqlite3_finalize(st);
    CHECK(entries >= 8);
    in_order(&e, "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ");
    in_order(&e, "signature: ลงชื่อ ..... (ผู้รับผิดชอบโครงการ)");
    /* The old system's defects are gone. */
    CHECK(!strstr(text, "00:00:00"));
    CHECK(!strstr(text, "<p>"));
    CHECK(!strstr(text, "(null)"));
    fprintf(stderr, "%s: %d values found in order\n", example, e.found);
    free(text);
    rg_document_free(doc);
    rg_store_close(store);
}

static void check_indicator(const char *example, const char *key)
{
    rg_store *store = load(example);
    if (!store)
        return;
    sqlite3 *db = rg_store_db(store);
    rg_document *doc = bind_example(store, "indicator-report", key);
    if (!doc) {
        rg_store_close(store);
        return;
    }
    char *text = dump_text(doc);
    expect e = {text, strstr(text, "\nsection"), 0, example, 0};   /* after the PDF metadata line */
    rows_in_order(&e, db, key, "SELECT name FROM indicators WHERE key = :id");
    in_order(&e, strstr(text, "☑ ผลลัพธ์") ? "☐ ผลผลิต (Output)" : "☑ ผลผลิต (Output)");
    rows_in_order(&e, db, key,
                  "SELECT strategy_issue, strategy_sub_issue, strategy_goal, definition, calculation, "
                  "target, achieved FROM indicators WHERE key = :id");
    rows_in_order(&e, db, key, "SELECT body FROM indicator_quarters WHERE indicator_key = :id ORDER BY quarter");
    rows_in_order(&e, db, key, "SELECT summary, factors, obstacles, evidence FROM indicators WHERE key = :id");
    in_order(&e, "signature: ลงชื่อ ..... (ผู้รายงานข้อมูล) | ()");
    /* The empty year-end summary keeps its numbered line and prints "-"
     * after the seed's "::". */
    CHECK(strstr(text, ": (6.5) สรุปผลการดำเนินงาน (ปลายปีงบประมาณ) :\n    field [16 left]: :: \n"
                       "      paragraph [16 left]: -\n") != NULL);
    fprintf(stderr, "%s: %d values found in order\n", example, e.found);
    free(text);
    rg_document_free(doc);
    rg_store_close(store);
}

static void check_plan(const char *example, const char *key)
{
    rg_store *store = load(example);
    if (!store)
        return;
    sqlite3 *db = rg_store_db(store);
    rg_document *doc = bind_example(store, "development-plan", key);
    if (!doc) {
        rg_store_close(store);
        return;
    }
    char *text = dump_text(doc);
    /* The cover prints its lines as typed; everything after it in Thai digits. */
    expect e = {text, strstr(text, "\nsection"), 0, example, 0};
    rows_in_order(&e, db, key, "SELECT cover_lines, cover_footer_lines FROM plans WHERE key = :id");
    e.thai = 1;
    rows_in_order(&e, db, key,
                  "SELECT announcement_heading, announcement_subject, "
                  "announcement_body, announcement_closing FROM plans WHERE key = :id");
    in_order(&e, "ประกาศ ณ วันที่ ๒๗ มีนาคม พ.ศ. ๒๕๖๓");
    rows_in_order(&e, db, key,
                  "SELECT '(' || announcement_signer_name || ')', announcement_signer_position_lines, title "
                  "FROM plans WHERE key = :id");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT number, title, body FROM plan_sections WHERE plan_key = ? ORDER BY number",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        /* The number is the label of a field whose value is the title (its
         * wrapped lines hang under the title, not under the number). */
        char head[32];
        snprintf(head, sizeof head, "%d.", sqlite3_column_int(st, 0));
        in_order(&e, head);
        in_order(&e, (const char *)sqlite3_column_text(st, 1));
        char *body = rg_rich_plain((const char *)sqlite3_column_text(st, 2), "\n");
        in_order(&e, body);
        free(body);
        rg_buf sql = RG_BUF_INIT;
        rg_buf_printf(&sql, "SELECT body FROM plan_section_items WHERE plan_key = :id AND section_number = %d "
                            "ORDER BY seq", sqlite3_column_int(st, 0));
        rows_in_order(&e, db, key, sql.data);
        rg_buf_free(&sql);
    }
    sqlite3_finalize(st);
    rows_in_order(&e, db, key,
                  "SELECT role, '(' || name || ')', position_lines FROM plan_signatories "
                  "WHERE plan_key = :id ORDER BY seq");
    in_order(&e, "ปีงบประมาณ พ.ศ. 2563");
    in_order(&e, "พ.ศ. 2562");
    in_order(&e, "ต.ค.");
    in_order(&e, "ก.ย.");
    rows_in_order(&e, db, key,
                  "SELECT CASE WHEN rn = 1 THEN number || '.' END, CASE WHEN rn = 1 THEN name END, text "
                  "FROM (SELECT a.number, a.name, d.text, d.seq, "
                  "      ROW_NUMBER() OVER (PARTITION BY a.number ORDER BY d.seq) AS rn "
                  "      FROM plan_activities a JOIN plan_activity_details d "
                  "      ON d.plan_key = a.plan_key AND d.activity_number = a.number "
                  "      WHERE a.plan_key = :id) ORDER BY number, seq");
    rows_in_order(&e, db, key, "SELECT footnote, back_lines FROM plans WHERE key = :id");
    /* Every marked month is a bar cell: count them against the store. */
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM plan_activity_months WHERE plan_key = ?", -1, &st, NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int marks = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    int bars = 0;
    for (const char *p = text; (p = strstr(p, "cell bar")); p++)
        bars++;
    CHECK_INT(bars, marks);
    CHECK(marks > 10);
    CHECK(strstr(text, "section landscape") != NULL);
    fprintf(stderr, "%s: %d values found in order, %d month bars\n", example, e.found, bars);
    free(text);
    rg_document_free(doc);
    rg_store_close(store);
}

int main(void)
{
    check_project("seed-000-progress-2561.json", "04010000-3614");
    check_project("seed-002-progress-2566.json", "50310000-2961");
    check_project("seed-003-progress-2563.json", "21000000-3165");
    check_indicator("seed-001-indicator-2563.json", "indicator-2563-3");
    check_plan("seed-004-plan-2563.json", "hatyai-info-center-2563");
    return CHECK_DONE();
}
