/* Kind files (src/store/kind_decl.c): what a good declaration gives, and the
 * one message, naming the file and the line, each bad one gets. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store/kind_decl.h"

static const char good[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<kind name=\"memo\" title=\"subject\" date=\"date\" description=\"บันทึกข้อความ\">\n"
    "  <key label=\"เลขที่\"/>\n"
    "  <field name=\"subject\" type=\"text\" required=\"yes\" label=\"เรื่อง\"/>\n"
    "  <field name=\"date\" type=\"date\" required=\"yes\"/>\n"
    "  <field name=\"body\" type=\"rich text\"/>\n"
    "  <field name=\"budget\" type=\"amount\"/>\n"
    "  <field name=\"signer\" type=\"person\"/>\n"
    "  <field name=\"urgency\" type=\"text\" values=\"ด่วน|ด่วนมาก\"/>\n"
    "  <list name=\"copies\">\n"
    "    <field name=\"text\" type=\"text\" required=\"yes\"/>\n"
    "  </list>\n"
    "</kind>\n";

static void test_good(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_kind_decl *d = rg_kind_decl_parse("memo.xml", good, strlen(good), &err);
    CHECK(d != NULL);
    if (!d) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    CHECK_STR(d->name, "memo");
    CHECK_STR(d->key_label, "เลขที่");
    CHECK_INT(d->field_count, 6);
    CHECK_STR(d->title->name, "subject");
    CHECK_STR(d->date->name, "date");
    CHECK(d->year == NULL);
    CHECK_INT(d->fields[0].required, 1);
    CHECK_INT(d->fields[2].type, RG_FIELD_RICH_TEXT);
    CHECK_STR(d->fields[3].column, "budget_satang");
    CHECK_STR(d->fields[4].column, "signer_key");
    CHECK_INT(d->fields[5].value_count, 2);
    CHECK_STR(d->fields[5].values[1], "ด่วนมาก");
    CHECK_INT(d->list_count, 1);
    CHECK_STR(d->lists[0].table, "memo_copies");
    CHECK_INT(d->lists[0].field_count, 1);
    CHECK_INT(d->lists[0].line, 10);
    CHECK(rg_kind_decl_field(d, "body") == &d->fields[2]);
    CHECK(rg_kind_decl_list(d, "copies") == &d->lists[0]);
    CHECK_INT(d->source_len, strlen(good));
    rg_kind_decl_free(d);
}

/* `body` replaces line `line` (1-based) of the good file. */
static void expect_error(int line, const char *body, const char *message)
{
    char xml[4096] = "";
    const char *p = good;
    for (int n = 1; *p; n++) {
        size_t len = strcspn(p, "\n") + 1;
        if (n == line)
            strcat(xml, body);
        else
            strncat(xml, p, len);
        p += len;
    }
    rg_error err;
    rg_error_clear(&err);
    rg_kind_decl *d = rg_kind_decl_parse("templates/kinds/memo.xml", xml, strlen(xml), &err);
    CHECK(d == NULL);
    rg_kind_decl_free(d);
    CHECK_INT(err.code, RG_ERR_INPUT);
    CHECK_STR(err.message, message);
}

static void test_errors(void)
{
    expect_error(6, "  <field name=\"body\" type=\"rich txt\"/>\n",
                 "templates/kinds/memo.xml:6: field `body`: unknown type `rich txt` "
                 "(did you mean `rich text`?)");
    expect_error(6, "  <field name=\"body\" type=\"colour\"/>\n",
                 "templates/kinds/memo.xml:6: field `body`: unknown type `colour` (types: "
                 "text, rich text, date, amount, percent, boolean, person, organization, "
                 "integer, year, lines, image)");
    expect_error(6, "  <field name=\"subject\" type=\"rich text\"/>\n",
                 "templates/kinds/memo.xml:6: duplicate field `subject` (line 4 has it too)");
    expect_error(3, "\n", "templates/kinds/memo.xml:2: kind `memo` has no <key>: add "
                 "<key label=\"...\"/> saying what identifies one memo (every record has a "
                 "\"key\")");
    expect_error(11, "    <field name=\"text\" type=\"text\"/><field name=\"text\" type=\"date\"/>\n",
                 "templates/kinds/memo.xml:11: duplicate field `text` in list `copies` (line 11 "
                 "has it too)");
    expect_error(7, "  <field name=\"budget_satang\" type=\"integer\"/><field name=\"budget\" type=\"amount\"/>\n",
                 "templates/kinds/memo.xml:7: field `budget`: its column `budget_satang` clashes "
                 "with field `budget_satang` (line 7)");
    expect_error(6, "  <field name=\"Body\" type=\"text\"/>\n",
                 "templates/kinds/memo.xml:6: a field name `Body`: use lower-case Latin letters, "
                 "digits and _, starting with a letter, at most 40 characters (templates query "
                 "it by this name)");
    expect_error(6, "  <field name=\"order\" type=\"text\"/>\n",
                 "templates/kinds/memo.xml:6: a field name `order` is a word of SQL: templates "
                 "could not query it by this name; choose another");
    expect_error(6, "  <field name=\"key\" type=\"text\"/>\n",
                 "templates/kinds/memo.xml:6: field `key`: every record has `key` already; "
                 "choose another name");
    expect_error(6, "  <field name=\"body\" type=\"text\" requird=\"yes\"/>\n",
                 "templates/kinds/memo.xml:6: <field>: unknown attribute `requird` (known: "
                 "name, type, required, label, values)");
    expect_error(6, "  <field name=\"body\" type=\"text\" required=\"true\"/>\n",
                 "templates/kinds/memo.xml:6: required=\"true\": expected yes or no");
    expect_error(6, "  <feld name=\"body\" type=\"text\"/>\n",
                 "templates/kinds/memo.xml:6: unknown element <feld> in <kind> (expected key, "
                 "field, list)");
    expect_error(2, "<kind name=\"project\">\n",
                 "templates/kinds/memo.xml:2: kind `project`: raingan has a kind `project` "
                 "already; choose another name");
    expect_error(2, "<kind name=\"memo\" title=\"body\">\n",
                 "templates/kinds/memo.xml:2: title=\"body\": field `body` is a rich text, "
                 "expected a text");
    expect_error(6, "  <field name=\"body\" type=\"text\">\n",
                 "templates/kinds/memo.xml:14: Premature end of data in tag kind line 2");
    expect_error(11, "    <list name=\"x\"><field name=\"y\" type=\"text\"/></list>\n",
                 "templates/kinds/memo.xml:11: <list> is not allowed in <list>: a list holds "
                 "<field> elements (lists do not nest)");
}

int main(void)
{
    test_good();
    test_errors();
    return CHECK_DONE();
}
