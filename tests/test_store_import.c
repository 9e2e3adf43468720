/* Unit tests of the JSON import (src/store/import.c, json_reader.c) on an
 * in-memory store: every bad input gives one message naming the file, the
 * JSON path and the line, and stores nothing; good input is stored, updated
 * on re-import, and forward references within a run are resolved. */
#include <stdlib.h>

#include "check.h"
#include "store/store.h"
#include "test_store_util.h"

/* Imports `json` into a store holding BASE and expects failure with a
 * message equal to `expected`; checks nothing new was stored. */
static void check_error(const char *json, const char *expected)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *s = rg_store_open_memory(&err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(rg_store_import_memory(s, "base.json", BASE, strlen(BASE), NULL, &err), 0);
    rg_error_clear(&err);
    CHECK_INT(rg_store_import_memory(s, "t.json", json, strlen(json), NULL, &err), -1);
    CHECK_STR(err.message, expected);
    CHECK(err.code == RG_ERR_INPUT);
    CHECK_INT(count(s, "SELECT count(*) FROM records"), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM progress_entries"), 0);
    rg_store_close(s);
}

#define HEAD "{\"raingan\": 1, \"records\": [\n"
#define PROJECT_START "{\"kind\": \"project\", \"key\": \"p1\", \"code\": \"50310000-2961\",\n" \
    " \"name\": \"ITA\", \"fiscal_year\": 2566, \"start_date\": \"2022-10-01 00:00:00\",\n" \
    " \"end_date\": \"30/09/2566\", \"organization\": \"org\""

static void test_errors(void)
{
    check_error(HEAD "{\"kind\": \"person\", \"key\": \"x\", \"name\": \"a\",}\n]}",
                "t.json: line 2: malformed JSON: invalid object key (must be a string)");
    check_error(HEAD "{\"kind\": \"person\", \"key\": \"x\", \"name\": \"a\"}\n",
                "t.json: line 3: malformed JSON: the file ends before the JSON is complete");
    check_error("[1, 2]", "t.json: line 1: expected a JSON object {\"raingan\": 1, \"records\": [...]}");
    check_error("{\"raingan\": 2, \"records\": []}",
                "t.json: line 1: $.raingan: this file is in format version 2; this raingan "
                "reads version 1 (upgrade raingan)");
    check_error("{\"records\": []}",
                "t.json: missing \"raingan\": 1 (the format version) in the top object");
    check_error(HEAD "{\"kind\": \"person\", \"key\": \"x\", \"name\": \"\xff\"}\n]}",
                "t.json: line 2: malformed JSON: invalid bytes in UTF8 string.");
    check_error(HEAD "{\"kind\": \"person\", \"key\": \"x\",\n \"name\": \"ok \xF4\xB1\xB1\xB1\"}\n]}",
                "t.json: line 3: malformed JSON: invalid UTF-8 in a string");
    check_error(HEAD "{\"kind\": \"robot\", \"key\": \"x\"}]}",
                "t.json: $.records[0].kind (line 2): expected one of organization, person, "
                "project, indicator, plan, announcement, memo; got \"robot\"");
    check_error(HEAD "{\"kind\": \"person\", \"name\": \"a\"}]}",
                "t.json: $.records[0] (line 2): missing required field \"key\"");
    check_error(HEAD "\"just text\"]}",
                "t.json: $.records[0] (line 2): expected a record (an object), got \"just text\"");
    check_error(HEAD PROJECT_START ", \"fiscal_year\": 2566}]}",
                "t.json: line 4: field \"fiscal_year\" given twice in the same object");
    check_error(HEAD "{\"kind\": \"project\", \"key\": \"p1\", \"code\": \"c\", \"name\": \"n\",\n"
                " \"fiscal_year\": \"2566\"}]}",
                "t.json: $.records[0].fiscal_year (line 3): expected a Buddhist-era year such "
                "as 2566, got \"2566\"");
    check_error(HEAD "{\"kind\": \"project\", \"key\": \"p1\", \"code\": \"c\", \"name\": \"n\",\n"
                " \"fiscal_year\": 2023}]}",
                "t.json: $.records[0].fiscal_year (line 3): expected a Buddhist-era year such "
                "as 2566, got 2023 (a common-era year? the Buddhist era is 2566)");
    check_error(HEAD "{\"kind\": \"project\", \"key\": \"p1\", \"code\": \"c\"}]}",
                "t.json: $.records[0] (line 2): missing required field \"name\"");
}

static void test_entry_errors(void)
{
    check_error(HEAD PROJECT_START ",\n \"entries\": [\n"
                "  {\"number\": 1, \"date\": \"16/01/2566\", \"body\": \"x\"},\n"
                "  {\"number\": 2, \"date\": \"21/01/2566\", \"body\": \"y\",\n"
                "   \"progress_percent\": 140}]}]}",
                "t.json: $.records[0].entries[1].progress_percent (line 8): expected a number "
                "from 0 to 100, got 140");
    check_error(HEAD PROJECT_START ",\n \"budget_received\": -5}]}",
                "t.json: $.records[0].budget_received (line 5): expected an amount of 0 baht or "
                "more, got -5");
    check_error(HEAD PROJECT_START ",\n \"budget_spent\": 1.005}]}",
                "t.json: $.records[0].budget_spent (line 5): expected an amount in baht with at "
                "most 2 decimals (satang), got 1.005");
    check_error(HEAD PROJECT_START ",\n \"entries\": [\n"
                "  {\"number\": 1, \"date\": \"16/01/2566\", \"body\": \"x\"},\n"
                "  {\"number\": 1, \"date\": \"21/01/2566\", \"body\": \"y\"}]}]}",
                "t.json: $.records[0].entries[1].number (line 7): duplicate entry number 1 "
                "(entry 0, line 6, has it too)");
    check_error(HEAD PROJECT_START ",\n \"entries\": [\n"
                "  {\"number\": 1, \"date\": \"31/02/2563\", \"body\": \"x\"}]}]}",
                "t.json: $.records[0].entries[0].date (line 6): impossible date \"31/02/2563\": "
                "month 2 of 2563 has 29 days");
    check_error(HEAD PROJECT_START ",\n \"entries\": [\n"
                "  {\"number\": 1, \"date\": \"16/01/2566\"}]}]}",
                "t.json: $.records[0].entries[0] (line 6): missing required field \"body\"");
    check_error(HEAD PROJECT_START ",\n \"entries\": [\n"
                "  {\"number\": 1, \"date\": \"16/01/2566\", \"body\": \"x\", \"on_plan\": \"yes\"}]}]}",
                "t.json: $.records[0].entries[0].on_plan (line 6): expected true or false, got "
                "\"yes\"");
    check_error(HEAD PROJECT_START ",\n \"responsible\": \"nobody\"}]}",
                "t.json: $.records[0].responsible (line 5): no person with key \"nobody\" "
                "(neither in the database nor in this import)");
    check_error(HEAD "{\"kind\": \"organization\", \"key\": \"a\", \"name\": \"A\", \"parent\": \"b\"},\n"
                "{\"kind\": \"organization\", \"key\": \"b\", \"name\": \"B\", \"parent\": \"a\"}]}",
                "t.json: $.records[1].parent (line 3): \"a\" is already below \"b\": its "
                "chain of parents would loop");
    /* A loop through a forward reference is found when it closes. */
    check_error(HEAD "{\"kind\": \"organization\", \"key\": \"a\", \"name\": \"A\", \"parent\": \"c\"},\n"
                "{\"kind\": \"organization\", \"key\": \"b\", \"name\": \"B\", \"parent\": \"a\"},\n"
                "{\"kind\": \"organization\", \"key\": \"c\", \"name\": \"C\", \"parent\": \"b\"}]}",
                "t.json: $.records[2].parent (line 4): \"b\" is already below \"c\": its "
                "chain of parents would loop");
    check_error(HEAD "{\"kind\": \"indicator\", \"key\": \"i\", \"fiscal_year\": 2563, \"name\": \"n\",\n"
                " \"level\": \"impact\", \"organization\": \"org\"}]}",
                "t.json: $.records[0].level (line 3): expected \"output\" or \"outcome\", got "
                "\"impact\"");
    check_error(HEAD "{\"kind\": \"plan\", \"key\": \"pl\", \"fiscal_year\": 2563, \"title\": \"t\",\n"
                " \"organization\": \"org\", \"activities\": [{\"number\": 1, \"name\": \"a\",\n"
                " \"details\": [{\"text\": \"d\", \"months\": [10, 13]}]}]}]}",
                "t.json: $.records[0].activities[0].details[0].months[1] (line 4): expected a "
                "calendar month number from 1 (January) to 12, got 13");
}

static void test_good_import(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *s = rg_store_open_memory(&err);
    CHECK(s != NULL);
    if (!s)
        return;
    /* The project refers to a person defined later in the same run. */
    const char *json = HEAD PROJECT_START ",\n \"responsible\": \"later\", \"budget_spent\": 1234.5,\n"
        " \"surprise\": true, \"entries\": [\n"
        "  {\"number\": 2, \"date\": \"21/01/2566\", \"body\": \"<p>b</p>\", \"progress_percent\": 20},\n"
        "  {\"number\": 1, \"date\": \"16/01/2566\", \"body\": \"a\", \"budget_used\": 0.5}]},\n"
        "{\"kind\": \"person\", \"key\": \"later\", \"name\": \"ฝ่ายปกครอง\"},\n"
        "{\"kind\": \"organization\", \"key\": \"org\", \"name\": \"สำนักงานเขตบางซื่อ\"}]}";
    rg_import_stats stats;
    /* Strict by default: the unknown field is an error, nothing is stored. */
    CHECK_INT(rg_store_import_memory(s, "t.json", json, strlen(json), &stats, &err), -1);
    CHECK(strstr(err.message, "t.json: $.records[0].surprise (line 6): unknown field \"surprise\" "
                 "(known here: kind, key, patch, code, name, fiscal_year, start_date, end_date, "
                 "budget_received, budget_spent, organization, responsible") != NULL);
    CHECK_INT(count(s, "SELECT count(*) FROM projects"), 0);
    /* Lenient: a warning, and the rest is imported. */
    rg_error_clear(&err);
    warnings[0] = '\0';
    rg_import_source src = {"t.json", json, strlen(json)};
    rg_import_options lenient = {1};
    CHECK_INT(rg_store_import(s, &src, 1, &lenient, &stats, &err), 0);
    if (err.message[0])
        fprintf(stderr, "%s\n", err.message);
    CHECK(strstr(warnings, "t.json: $.records[0].surprise (line 6): unknown field, ignored") != NULL);
    CHECK_INT(stats.added[RG_KIND_PROJECT], 1);
    CHECK_INT(stats.added[RG_KIND_PERSON], 1);
    CHECK_INT(count(s, "SELECT count(*) FROM progress_entries"), 2);
    CHECK_INT(count(s, "SELECT budget_spent_satang FROM projects"), 123450);
    CHECK_INT(count(s, "SELECT budget_used_satang FROM progress_entries WHERE number = 1"), 50);
    CHECK_INT(count(s, "SELECT start_date = '2022-10-01' AND end_date = '2023-09-30' FROM projects"), 1);
    CHECK_INT(count(s, "SELECT progress_percent IS NULL FROM progress_entries WHERE number = 1"), 1);
    CHECK_INT(rg_store_record_exists(s, RG_KIND_PERSON, "later", &err), 1);
    CHECK_INT(rg_store_record_exists(s, RG_KIND_PLAN, "later", &err), 0);
    /* Again: updated, not duplicated. */
    CHECK_INT(rg_store_import(s, &src, 1, &lenient, &stats, &err), 0);
    CHECK_INT(stats.added[RG_KIND_PROJECT], 0);
    CHECK_INT(stats.updated[RG_KIND_PROJECT], 1);
    CHECK_INT(stats.updated[RG_KIND_ORGANIZATION], 1);
    CHECK_INT(count(s, "SELECT count(*) FROM progress_entries"), 2);
    CHECK_INT(count(s, "SELECT count(*) FROM records"), 3);
    rg_store_close(s);
}

/* render --data: a memory store straight from JSON files. */
static void test_open_json(void)
{
    rg_error err;
    rg_error_clear(&err);
    char path[256];
    snprintf(path, sizeof path, "%s/tests/data/store/good.json", RG_SRCDIR);
    const char *paths[] = {path};
    rg_store *s = rg_store_open_json(paths, 1, &err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    CHECK_INT(rg_store_record_exists(s, RG_KIND_PROJECT, "T-0001", &err), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM progress_entries"), 2);
    CHECK_STR(rg_store_path(s), ":memory:");
    rg_store_close(s);
    snprintf(path, sizeof path, "%s/tests/data/store/bad-percent.json", RG_SRCDIR);
    CHECK(rg_store_open_json(paths, 1, &err) == NULL);
    CHECK(strstr(err.message, "bad-percent.json: $.records[1].entries[0].progress_percent (line 10)") != NULL);
}

int main(void)
{
    rg_warning_set_sink(capture, NULL);
    test_errors();
    test_entry_errors();
    test_good_import();
    test_open_json();
    return CHECK_DONE();
}
