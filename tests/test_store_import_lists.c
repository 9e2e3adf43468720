/* Unit tests of the import of lists and nested objects (src/store/import.c):
 * each element of a rich-text list, quarter, section, item, activity,
 * detail, signatory and line list gets its own message naming the file, the
 * element's JSON path and line; good lists land in their child tables with
 * their positions, and a re-import replaces them whole. The messages were
 * taken from raingan before the import's list code was shared, so that they
 * stay exactly as users know them. */
#include <stdlib.h>

#include "check.h"
#include "store/store.h"
#include "test_store_util.h"

static rg_store *open_base(rg_error *err)
{
    rg_error_clear(err);
    rg_store *s = rg_store_open_memory(err);
    CHECK(s != NULL);
    if (s)
        CHECK_INT(rg_store_import_memory(s, "base.json", BASE, strlen(BASE), NULL, err), 0);
    return s;
}

/* Imports `json` over BASE, expects exactly `expected`, and nothing stored. */
static void check_error(const char *json, const char *expected)
{
    rg_error err;
    rg_store *s = open_base(&err);
    if (!s)
        return;
    rg_error_clear(&err);
    CHECK_INT(rg_store_import_memory(s, "t.json", json, strlen(json), NULL, &err), -1);
    CHECK_STR(err.message, expected);
    CHECK(err.code == RG_ERR_INPUT);
    CHECK_INT(count(s, "SELECT count(*) FROM records"), 1);
    rg_store_close(s);
}

#define HEAD "{\"raingan\": 1, \"records\": [\n"
#define PROJECT_START "{\"kind\": \"project\", \"key\": \"p1\", \"code\": \"50310000-2961\",\n" \
    " \"name\": \"ITA\", \"fiscal_year\": 2566, \"start_date\": \"2022-10-01 00:00:00\",\n" \
    " \"end_date\": \"30/09/2566\", \"organization\": \"org\""
#define INDICATOR_START "{\"kind\": \"indicator\", \"key\": \"i1\", \"fiscal_year\": 2563, " \
    "\"name\": \"n\",\n \"level\": \"output\", \"organization\": \"org\""
#define PLAN_START "{\"kind\": \"plan\", \"key\": \"pl\", \"fiscal_year\": 2563, " \
    "\"title\": \"t\",\n \"organization\": \"org\""

static void test_list_errors(void)
{
    /* rich list element not a string */
    check_error(HEAD PROJECT_START ",\n"
                " \"objectives\": [\"a\",\n"
                " 7]}]}",
                "t.json: $.records[0].objectives[1] (line 6): expected rich text (a JSON "
                "string), got 7");
    /* rich list element an object */
    check_error(HEAD PROJECT_START ",\n"
                " \"targets\": [{\"x\": 1}]}]}",
                "t.json: $.records[0].targets[0] (line 5): expected rich text (a JSON "
                "string), got an object");
    /* rich list not an array */
    check_error(HEAD PROJECT_START ",\n"
                " \"objectives\": \"a\"}]}",
                "t.json: $.records[0].objectives (line 5): expected a JSON array, got \"a\"");
    /* rich field not a string */
    check_error(HEAD PROJECT_START ",\n"
                " \"rationale\": [\"a\"]}]}",
                "t.json: $.records[0].rationale (line 5): expected rich text (a JSON "
                "string of text or HTML), got an array");
    /* entry not an object */
    check_error(HEAD PROJECT_START ",\n"
                " \"entries\": [\n"
                " 5]}]}",
                "t.json: $.records[0].entries[0] (line 6): expected a progress entry (an "
                "object), got 5");
    /* strategy member not text */
    check_error(HEAD PROJECT_START ",\n"
                " \"strategy\": {\"issue\": \"a\",\n"
                " \"goal\": 3}}]}",
                "t.json: $.records[0].strategy.goal (line 6): expected text (a JSON "
                "string), got 3");
    /* quarter not a string */
    check_error(HEAD INDICATOR_START ",\n"
                " \"quarters\": [null, \"a\",\n"
                " 3]}]}",
                "t.json: $.records[0].quarters[2] (line 5): expected rich text (a JSON "
                "string) or null, got 3");
    /* five quarters */
    check_error(HEAD INDICATOR_START ",\n"
                " \"quarters\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}]}",
                "t.json: $.records[0].quarters (line 4): expected at most 4 quarters, got "
                "5");
    /* section item not a string */
    check_error(HEAD PLAN_START ",\n"
                " \"sections\": [{\"number\": 1, \"title\": \"s\",\n"
                " \"items\": [\"a\", true]}]}]}",
                "t.json: $.records[0].sections[0].items[1] (line 5): expected rich text "
                "(a JSON string), got true");
    /* section not an object */
    check_error(HEAD PLAN_START ",\n"
                " \"sections\": [\n"
                " \"s\"]}]}",
                "t.json: $.records[0].sections[0] (line 5): expected a section (an "
                "object), got \"s\"");
    /* duplicate section number */
    check_error(HEAD PLAN_START ",\n"
                " \"sections\": [{\"number\": 2, \"title\": \"s\"},\n"
                " {\"number\": 2, \"title\": \"t\"}]}]}",
                "t.json: $.records[0].sections[1].number (line 5): duplicate section "
                "number 2 (line 4 has it too)");
    /* duplicate activity number */
    check_error(HEAD PLAN_START ",\n"
                " \"activities\": [{\"number\": 1, \"name\": \"a\", \"details\": []},\n"
                " {\"number\": 1, \"name\": \"b\"}]}]}",
                "t.json: $.records[0].activities[1].number (line 5): duplicate activity "
                "number 1 (line 4 has it too)");
    /* activity not an object */
    check_error(HEAD PLAN_START ",\n"
                " \"activities\": [[]]}]}",
                "t.json: $.records[0].activities[0] (line 4): expected an activity (an "
                "object), got an array");
    /* detail not an object */
    check_error(HEAD PLAN_START ",\n"
                " \"activities\": [{\"number\": 1, \"name\": \"a\",\n"
                " \"details\": [\"d\"]}]}]}",
                "t.json: $.records[0].activities[0].details[0] (line 5): expected a "
                "detail row {\"text\": ..., \"months\": [...]}, got \"d\"");
    /* month listed twice */
    check_error(HEAD PLAN_START ",\n"
                " \"activities\": [{\"number\": 1, \"name\": \"a\",\n"
                " \"details\": [{\"text\": \"d\", \"months\": [10,\n"
                " 10]}]}]}]}",
                "t.json: $.records[0].activities[0].details[0].months[1] (line 6): month "
                "10 is listed twice");
    /* signatory not an object */
    check_error(HEAD PLAN_START ",\n"
                " \"signatories\": [\n"
                " null]}]}",
                "t.json: $.records[0].signatories[0] (line 5): expected a signatory (an "
                "object), got null");
    /* position line not a string */
    check_error(HEAD PLAN_START ",\n"
                " \"signatories\": [{\"role\": \"r\", \"name\": \"n\",\n"
                " \"position_lines\": [\"a\", 1]}]}]}",
                "t.json: $.records[0].signatories[0].position_lines[1] (line 5): expected "
                "a line of text, got 1");
    /* position line with a line break */
    check_error(HEAD PLAN_START ",\n"
                " \"signatories\": [{\"role\": \"r\", \"name\": \"n\",\n"
                " \"position_lines\": [\"a\\nb\"]}]}]}",
                "t.json: $.records[0].signatories[0].position_lines[0] (line 5): expected "
                "one line of text (give each line as its own list element)");
    /* cover line with a carriage return */
    check_error(HEAD PLAN_START ",\n"
                " \"cover\": {\"lines\": [\"a\"],\n"
                " \"back_lines\": [\"x\\ry\"]}}]}",
                "t.json: $.records[0].cover.back_lines[0] (line 5): expected one line of "
                "text (give each line as its own list element)");
    /* announcement body not a string */
    check_error(HEAD PLAN_START ",\n"
                " \"announcement\": {\"heading\": \"h\",\n"
                " \"body\": 5}}]}",
                "t.json: $.records[0].announcement.body (line 5): expected rich text (a "
                "JSON string of text or HTML), got 5");
    /* signer not an object */
    check_error(HEAD PLAN_START ",\n"
                " \"announcement\": {\"signer\": \"s\"}}]}",
                "t.json: $.records[0].announcement.signer (line 4): expected a JSON "
                "object, got \"s\"");
    /* signer name missing */
    check_error(HEAD PLAN_START ",\n"
                " \"announcement\": {\"signer\": {\n"
                " \"position_lines\": [\"a\"]}}}]}",
                "t.json: $.records[0].announcement.signer (line 4): missing required "
                "field \"name\"");
}

/* Positions: quarters by index (null leaves a gap), items and details by
 * their order under their section's or activity's number, signatories in
 * order. A second import with shorter lists leaves only the new rows. */
static void test_lists_stored(void)
{
    rg_error err;
    rg_store *s = open_base(&err);
    if (!s)
        return;
    const char *json = HEAD INDICATOR_START ",\n \"quarters\": [null, \"<p>สอง</p>\", \"สาม\"]},\n"
        PLAN_START ",\n \"sections\": [{\"number\": 3, \"title\": \"s\", \"items\": [\"ก\", "
        "\"<p>ข<span>x</span></p>\"]}],\n"
        " \"signatories\": [{\"role\": \"a\", \"name\": \"A\"},\n"
        " {\"role\": \"b\", \"name\": \"B\", "
        " \"position_lines\": [\" หนึ่ง \", \"สอง\"]}],\n"
        " \"activities\": [{\"number\": 7, \"name\": \"a\", \"details\": [{\"text\": \"x\", "
        "\"months\": [1, 10]},\n {\"text\": \"y\", \"months\": [12]}]}]},\n"
        PROJECT_START ",\n \"objectives\": [\"o1\", \"o2\"], \"targets\": [\"t1\"]}]}";
    warnings[0] = '\0';
    CHECK_INT(rg_store_import_memory(s, "t.json", json, strlen(json), NULL, &err), 0);
    if (err.message[0])
        fprintf(stderr, "%s\n", err.message);
    CHECK(strstr(warnings, "t.json: $.records[1].sections[0].items[1] (line 7): tag <span> "
                 "dropped, its text kept") != NULL);
    CHECK_INT(count(s, "SELECT count(*) FROM indicator_quarters"), 2);
    CHECK_INT(count(s, "SELECT body = '<rt><p>สอง</p></rt>' FROM indicator_quarters "
                       "WHERE quarter = 2"), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM indicator_quarters WHERE quarter = 3"), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM plan_section_items WHERE section_number = 3"), 2);
    CHECK_INT(count(s, "SELECT body = '<rt><p>ขx</p></rt>' FROM plan_section_items "
                       "WHERE seq = 2"), 1);
    CHECK_INT(count(s, "SELECT seq FROM plan_signatories WHERE role = 'b'"), 2);
    CHECK_INT(count(s, "SELECT position_lines = 'หนึ่ง' || char(10) || 'สอง' FROM "
                       "plan_signatories WHERE role = 'b'"), 1);
    CHECK_INT(count(s, "SELECT months_mask FROM plan_activity_details WHERE "
                       "activity_number = 7 AND seq = 1"), (1 << 0) | (1 << 9));
    CHECK_INT(count(s, "SELECT seq FROM plan_activity_details WHERE text = 'y'"), 2);
    CHECK_INT(count(s, "SELECT seq FROM project_objectives WHERE body LIKE '%o2%'"), 2);
    CHECK_INT(count(s, "SELECT count(*) FROM project_targets"), 1);

    const char *shorter = HEAD INDICATOR_START ",\n \"quarters\": [\"หนึ่ง\"]},\n"
        PLAN_START ",\n \"activities\": [{\"number\": 7, \"name\": \"a\", \"details\": []}]},\n"
        PROJECT_START ",\n \"objectives\": [\"o3\"]}]}";
    CHECK_INT(rg_store_import_memory(s, "t.json", shorter, strlen(shorter), NULL, &err), 0);
    CHECK_INT(count(s, "SELECT count(*) FROM indicator_quarters"), 1);
    CHECK_INT(count(s, "SELECT quarter FROM indicator_quarters"), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM plan_sections"), 0);
    CHECK_INT(count(s, "SELECT count(*) FROM plan_section_items"), 0);
    CHECK_INT(count(s, "SELECT count(*) FROM plan_signatories"), 0);
    CHECK_INT(count(s, "SELECT count(*) FROM plan_activities"), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM plan_activity_details"), 0);
    CHECK_INT(count(s, "SELECT count(*) FROM project_objectives"), 1);
    CHECK_INT(count(s, "SELECT count(*) FROM project_targets"), 0);
    rg_store_close(s);
}

int main(void)
{
    rg_warning_set_sink(capture, NULL);
    test_list_errors();
    test_lists_stored();
    return CHECK_DONE();
}
