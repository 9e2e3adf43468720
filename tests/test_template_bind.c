/* Unit tests of template loading and binding (src/template): every element,
 * filters through templates, includes with parameters, tests and loops, the
 * document-wide digit and font options, and the errors a broken template
 * gets (file:line and what is wrong). Uses a small SQLite database of its own
 * so that it tests the template language, not the store's schema. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "template/dump.h"
#include "template/template.h"

static char dir[] = "/tmp/raingan-tpl-XXXXXX";
static sqlite3 *db;

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

/* Wraps body elements into a form with the test queries. */
static void write_form(const char *name, const char *extra_queries, const char *body)
{
    char text[16384];
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<form name=\"t\" kind=\"project\" description=\"test form\">\n"
             "<styles><style name=\"default\" font=\"Laksaman\" size=\"15\"/>"
             "<style name=\"big\" size=\"20\" bold=\"yes\" align=\"center\"/></styles>\n"
             "<query name=\"project\" record=\"yes\" as=\"p\">SELECT * FROM projects WHERE key = :id</query>\n"
             "<query name=\"entries\">SELECT * FROM entries WHERE project = :id ORDER BY number</query>\n"
             "%s\n"
             "<section paper=\"A4\">\n%s\n</section>\n</form>\n",
             extra_queries ? extra_queries : "", body);
    write_file(name, text);
}

/* Loads and binds form `name` for record `id`; returns the dump (static) or
 * "ERROR: message". */
static char result[65536];

static const char *bind_with(const char *name, const char *id, const rg_bind_options *given)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rg_error err;
    rg_error_clear(&err);
    rg_template *tpl = rg_template_load(path, &err);
    rg_document *doc = NULL;
    if (tpl) {
        rg_bind_options opts;
        if (given)
            opts = *given;
        else
            rg_bind_options_init(&opts);
        opts.id = id;
        doc = rg_template_bind(tpl, db, &opts, &err);
    }
    if (!doc) {
        /* Messages name the file by its path; tests compare the part after the directory. */
        const char *m = strstr(err.message, dir);
        snprintf(result, sizeof result, "ERROR: %s", m ? m + strlen(dir) + 1 : err.message);
    } else {
        rg_buf b = RG_BUF_INIT;
        rg_document_dump(doc, &b);
        snprintf(result, sizeof result, "%s", b.data);
        rg_buf_free(&b);
    }
    rg_document_free(doc);
    rg_template_free(tpl);
    return result;
}

static const char *bind_body(const char *queries, const char *body)
{
    write_form("form.xml", queries, body);
    return bind_with("form.xml", "P1", NULL);
}

#define CHECK_HAS(hay, needle) do { const char *h_ = (hay); if (!strstr(h_, (needle))) { check_failures++; \
    fprintf(stderr, "%s:%d: expected \"%s\" in:\n%s\n", __FILE__, __LINE__, (needle), h_); } } while (0)
#define CHECK_HASNT(hay, needle) do { const char *h_ = (hay); if (strstr(h_, (needle))) { check_failures++; \
    fprintf(stderr, "%s:%d: did not expect \"%s\" in:\n%s\n", __FILE__, __LINE__, (needle), h_); } } while (0)

static void setup_db(void)
{
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    const char *sql =
        "CREATE TABLE projects(key TEXT, name TEXT, start_date TEXT, year INTEGER, budget INTEGER,"
        "  baht REAL, percent REAL, phone TEXT, empty TEXT, missing TEXT, rationale TEXT, level TEXT,"
        "  lines TEXT, month INTEGER);"
        "INSERT INTO projects VALUES('P1', 'โครงการทดสอบ', '2023-01-16', 2566, 123456700, 1234567.5,"
        "  20, '0 2280 7416', '', NULL,"
        "  '<rt><p>ย่อหน้า <b>หนา</b><br/>บรรทัดใหม่</p><list style=\"none\"><li><p>1. ข้อแรก</p></li>"
        "<li><p>2. ข้อสอง</p></li></list><list style=\"decimal\"><li><p>ลำดับ</p></li></list></rt>',"
        "  'outcome', 'บรรทัดหนึ่ง\nบรรทัดสอง', 10);"
        "INSERT INTO projects VALUES('P2', 'ว่าง', '2020-03-27', 2563, 0, 0, NULL, NULL, NULL, NULL,"
        "  '<rt><p> </p></rt>', 'output', NULL, 1);"
        "CREATE TABLE entries(project TEXT, number INTEGER, date TEXT, body TEXT, ok INTEGER);"
        "INSERT INTO entries VALUES('P1', 1, '2022-10-27', '<rt><p>งานแรก</p></rt>', 1);"
        "INSERT INTO entries VALUES('P1', 2, '2022-11-22', '<rt><p>งานที่สอง</p></rt>', 0);"
        "INSERT INTO entries VALUES('P1', 3, '2022-12-25', 'ข้อความธรรมดา\nบรรทัดที่สอง', 1);"
        "CREATE TABLE details(project TEXT, entry INTEGER, text TEXT);"
        "INSERT INTO details VALUES('P1', 1, 'ก'), ('P1', 1, 'ข'), ('P1', 3, 'ค');";
    char *msg = NULL;
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK);
    if (msg)
        fprintf(stderr, "%s\n", msg);
    sqlite3_free(msg);
}

static void test_filters(void)
{
    const char *d = bind_body(NULL,
        "<p>A {p.start_date | date:long}|{p.start_date | date:short}|{p.start_date | date:numeric}|"
        "{p.start_date | date:full}|{p.start_date | date}</p>\n"
        "<p>B {p.year | year}|{p.start_date | year}|{p.month | month:long}|{p.month | month:short}|"
        "{p.start_date | month}</p>\n"
        "<p>C {p.budget | amount:satang}|{p.baht | amount}|{p.baht | number:1}|{p.year | number}|"
        "{p.percent | percent}|{p.percent | percent:0}</p>\n"
        "<p>D {p.year | digits:thai}|{p.name | upper}|{p.missing | default:\"-\"}|{p.empty | default:\"ว่าง\"}|"
        "{p.phone | prefix:\" โทร. \"}|{p.missing | prefix:\" โทร. \"}|{p.phone | suffix:\")\"}</p>\n"
        "<p>E {p.level | bool:\"ใช่\":\"ไม่\"}|{p.missing | bool:\"ใช่\":\"ไม่\"}|{p.rationale | text}|"
        "{p.percent | percent | default:\"-\"}|{{literal}}</p>\n");
    CHECK_HAS(d, "A 16 มกราคม 2566|16 ม.ค. 66|16/01/2566|16 มกราคม พ.ศ. 2566|16 มกราคม 2566\n");
    CHECK_HAS(d, "B 2566|2566|ตุลาคม|ต.ค.|มกราคม\n");
    CHECK_HAS(d, "C 1,234,567.00|1,234,567.50|1,234,567.5|2,566|20.00%|20%\n");
    CHECK_HAS(d, "D ๒๕๖๖|โครงการทดสอบ|-|ว่าง| โทร. 0 2280 7416||0 2280 7416)\n");
    CHECK_HAS(d, "E ใช่|ไม่|ย่อหน้า หนา บรรทัดใหม่ 1. ข้อแรก 2. ข้อสอง ลำดับ|20.00%|{literal}\n");
}

static void test_elements(void)
{
    write_file("parts/sig.xml",
               "<part params=\"role name\">\n"
               "  <signature role=\"{param.role}\" name=\"{param.name}\" lines=\"{p.lines}\">"
               "<position>ตำแหน่ง {p.missing | default:\"....\"}</position></signature>\n"
               "</part>\n");
    const char *d = bind_body(
        "<query name=\"details\">SELECT text FROM details WHERE project = :id AND entry = :entry</query>",
        "<header><p style=\"big\">หัว {page} / {pages}</p></header>\n"
        "<footer><p align=\"right\">ท้าย</p></footer>\n"
        "<field label=\"ชื่อโครงการ\" label-width=\"40mm\">{p.name}</field>\n"
        "<field label=\"โทร\" if=\"p.missing\">{p.missing}</field>\n"
        "<p if=\"p.phone\">มีโทรศัพท์</p>\n"
        "<if test=\"p.empty\"><p>ผิดพลาด</p></if><else><p>ว่างจริง</p></else>\n"
        "<if test=\"p.level = outcome\"><p>ผลลัพธ์</p></if>\n"
        "<if test=\"not p.level = 'output'\"><p>ไม่ใช่ผลผลิต</p></if>\n"
        "<p><checkbox checked=\"p.level = output\"/> ผลผลิต <checkbox checked=\"p.level = outcome\"/> ผลลัพธ์</p>\n"
        "<richtext value=\"{p.rationale}\" first-indent=\"10mm\"/>\n"
        "<list marker=\"decimal\" prefix=\"{p.month}.\"><item>หนึ่ง</item><item><p>สอง</p></item></list>\n"
        "<table border=\"0.5\"><col width=\"10mm\"/><col share=\"2\"/>\n"
        "  <thead><row><cell fill=\"yes\">ที่</cell><cell>งาน</cell></row></thead>\n"
        "  <tbody><each query=\"entries\" as=\"e\">\n"
        "    <each query=\"details\" as=\"d\" entry=\"{e.number}\">\n"
        "      <row keep-with-next=\"not d.$last\"><if test=\"d.$first\"><cell rowspan=\"{d.$count}\">{e.number}</cell></if>"
        "<cell bar=\"e.ok\">{d.text} {d.$index}/{d.$count}</cell></row>\n"
        "    </each><else><row><cell>{e.number}</cell><cell>ไม่มีรายละเอียด</cell></row></else>\n"
        "  </each></tbody></table>\n"
        "<group keep-together=\"yes\"><p>ขอรับรอง</p><include file=\"parts/sig.xml\" role=\"(ผู้รับผิดชอบ)\"/></group>\n"
        "<space height=\"10mm\"/><page-break/>\n"
        "<p>บรรทัด {p.lines}</p>\n");
    CHECK_HAS(d, "  header\n    paragraph [20 bold center]: หัว {page} / {pages}\n");
    CHECK_HAS(d, "  footer\n    paragraph [15 right]: ท้าย\n");
    CHECK_HAS(d, "    field [15 left]: ชื่อโครงการ : \n      paragraph [15 left]: โครงการทดสอบ\n");
    CHECK_HASNT(d, "field [15 left]: โทร");
    CHECK_HAS(d, ": มีโทรศัพท์\n");
    CHECK_HAS(d, ": ว่างจริง\n");
    CHECK_HASNT(d, "ผิดพลาด");
    CHECK_HAS(d, ": ผลลัพธ์\n");
    CHECK_HAS(d, ": ไม่ใช่ผลผลิต\n");
    CHECK_HAS(d, ": ☐ ผลผลิต ☑ ผลลัพธ์\n");
    /* Rich text: bold span, line break, a list with no markers, a numbered list. */
    CHECK_HAS(d, "paragraph [15 left]: ย่อหน้า **หนา**<br>บรรทัดใหม่\n");
    CHECK_HAS(d, "list none start=1 prefix= [15 left]\n      item 1\n        paragraph [15 left]: 1. ข้อแรก\n");
    CHECK_HAS(d, "list decimal start=1 prefix= [15 left]\n      item 1\n        paragraph [15 left]: ลำดับ\n");
    CHECK_HAS(d, "list decimal start=1 prefix=10. [15 left]\n      item 1\n        paragraph [15 left]: หนึ่ง\n"
                 "      item 2\n        paragraph [15 left]: สอง\n");
    /* Table: header row, nested loops with a parameter, rowspan from $count, keep rows together. */
    CHECK_HAS(d, "      row header\n        cell fill\n          paragraph [15 left]: ที่\n");
    CHECK_HAS(d, "      row keep-next\n        cell rowspan=2\n          paragraph [15 left]: 1\n"
                 "        cell bar\n          paragraph [15 left]: ก 1/2\n"
                 "      row\n        cell bar\n          paragraph [15 left]: ข 2/2\n");
    CHECK_HAS(d, "      row\n        cell\n          paragraph [15 left]: 2\n        cell\n"
                 "          paragraph [15 left]: ไม่มีรายละเอียด\n");
    CHECK_HAS(d, "        cell bar\n          paragraph [15 left]: ค 1/1\n");
    CHECK_HAS(d, "    group [15 left keep-together]\n      paragraph [15 left]: ขอรับรอง\n"
                 "      signature: ลงชื่อ ..... (ผู้รับผิดชอบ) | () | บรรทัดหนึ่ง | บรรทัดสอง | ตำแหน่ง ....\n");
    CHECK_HAS(d, "    space 28.3465\n    page-break\n");
    /* A line break in data is a line break. */
    CHECK_HAS(d, ": บรรทัด บรรทัดหนึ่ง<br>บรรทัดสอง\n");
}

static void test_empty_values(void)
{
    /* Record P2: empty and NULL values print missing, never "(null)" or "None". */
    write_form("form.xml", NULL,
               "<p>[{p.phone}][{p.missing}][{p.percent | percent}][{p.empty | date:long}]</p>\n"
               "<if test=\"p.rationale\"><p>มีเหตุผล</p></if><else><p>ไม่มีเหตุผล</p></else>\n"
               "<richtext value=\"{p.missing}\"/>\n"
               "<list><each query=\"entries\" as=\"e\"><item>{e.body}</item></each></list>\n");
    const char *d = bind_with("form.xml", "P2", NULL);
    CHECK_HAS(d, "paragraph [15 left]: [][][][]\n");
    CHECK_HAS(d, ": ไม่มีเหตุผล\n");   /* rich text holding only white space is absent */
    CHECK_HASNT(d, "null");
    CHECK_HASNT(d, "None");
    CHECK_HASNT(d, "list");            /* a list with no items prints missing */
}

static void test_options(void)
{
    write_form("form.xml", NULL,
               "<p>ปี {p.year} เลข ๑๒</p><p thai-digits=\"yes\">ไทย {p.year}</p>\n");
    rg_bind_options o;
    rg_bind_options_init(&o);
    const char *d = bind_with("form.xml", "P1", &o);
    CHECK_HAS(d, ": ปี 2566 เลข ๑๒\n");
    CHECK_HAS(d, "paragraph [15 thai left]: ไทย ๒๕๖๖\n");
    o.digits = RG_DIGITS_THAI;
    d = bind_with("form.xml", "P1", &o);
    CHECK_HAS(d, "paragraph [15 thai left]: ปี ๒๕๖๖ เลข ๑๒\n");
    o.digits = RG_DIGITS_ARABIC;
    o.date = "2024-05-01";
    d = bind_with("form.xml", "P1", &o);
    CHECK_HAS(d, "paragraph [15 left]: ปี 2566 เลข 12\n");
    CHECK_HAS(d, "paragraph [15 left]: ไทย 2566\n");
    CHECK_HAS(d, "date=2024-05-01T00:00:00Z");
    o.date = "1/5/2024";
    CHECK_HAS(bind_with("form.xml", "P1", &o), "ERROR: the document date 1/5/2024: expected YYYY-MM-DD");

    /* --font replaces every block's family list. */
    char path[512];
    snprintf(path, sizeof path, "%s/form.xml", dir);
    rg_error err;
    rg_template *tpl = rg_template_load(path, &err);
    CHECK(tpl != NULL);
    if (!tpl)
        return;
    rg_bind_options_init(&o);
    o.id = "P1";
    o.font = "Garuda, Laksaman";
    rg_document *doc = rg_template_bind(tpl, db, &o, &err);
    CHECK(doc != NULL);
    if (doc) {
        CHECK_STR(doc->sections[0]->body.items[0]->props.font_families, "Garuda, Laksaman");
        CHECK_NEAR(doc->sections[0]->body.items[0]->props.size, 15, 0.01);
    }
    rg_document_free(doc);
    o.font = NULL;
    doc = rg_template_bind(tpl, db, &o, &err);
    if (doc)
        CHECK_STR(doc->sections[0]->body.items[0]->props.font_families, "Laksaman");
    rg_document_free(doc);
    rg_template_free(tpl);
}

static void test_sections(void)
{
    write_file("sections.xml",
               "<form name=\"s\" kind=\"plan\">\n"
               "<query name=\"r\" record=\"yes\" as=\"p\">SELECT * FROM projects WHERE key = :id</query>\n"
               "<section paper=\"A4\" orientation=\"landscape\" margin-left=\"15mm\" margin-top=\"1cm\" number-pages=\"no\"><p>a</p></section>\n"
               "<section if=\"p.missing\"><p>b</p></section>\n"
               "<section paper=\"A5\" restart-numbering=\"yes\"><p>c</p></section>\n"
               "<section><header first-page=\"no\"><p>- {page} -</p></header><p>d</p></section>\n"
               "</form>\n");
    const char *d = bind_with("sections.xml", "P1", NULL);
    CHECK_HAS(d, "section landscape 297x210mm margins 10/20/20/15mm unnumbered\n");
    CHECK_HAS(d, "section portrait 148x210mm margins 25/20/20/30mm restart-numbering\n");
    CHECK_HASNT(d, ": b\n");
    /* A letter's page number from page 2 on (issue 15). */
    CHECK_HAS(d, "  header (not on the first page)\n    paragraph [16 left]: - {page} -\n");
}

/* A broken template: the message names the file and line and what is wrong. */
static void check_error(const char *body, const char *expected)
{
    const char *d = bind_body(
        "<query name=\"details\">SELECT text FROM details WHERE entry = :entry</query>", body);
    if (strncmp(d, "ERROR: ", 7) || !strstr(d, expected)) {
        check_failures++;
        fprintf(stderr, "expected error containing \"%s\", got:\n%s\n", expected, d);
    }
}

static void test_errors(void)
{
    /* The form's body starts on line 8 of form.xml. */
    check_error("<p>{p.nmae}</p>", "form.xml:8: unknown field `p.nmae` (did you mean `p.name`?)");
    check_error("\n<p>{p.zzzzzzzz}</p>", "form.xml:9: unknown field `p.zzzzzzzz` (`p` has: key, name,");
    /* An expression on a later line of a paragraph is reported at its own line. */
    check_error("<p>\n  ชื่อ {p.name}\n  รหัส {p.cdoe}\n</p>", "form.xml:10: unknown field `p.cdoe`");
    check_error("<p>ชื่อ {p.name}\n<b>หนา</b>\n\n  รหัส {p.cdoe}</p>", "form.xml:11: unknown field `p.cdoe`");
    check_error("<p>ชื่อ {p.name}\n  {p.cdoe}</p>", "form.xml:9: unknown field `p.cdoe`");
    check_error("<p>{q.name}</p>", "form.xml:8: unknown name `q` in `q.name` (known here: p, render)");
    check_error("<p>{p.name | dat}</p>", "form.xml:8: unknown filter `dat` (filters: date,");
    check_error("<p>{p.start_date | date:longest}</p>", "form.xml:8: filter `date:longest`: expected date:long");
    check_error("<p>{p.name | date}</p>", "form.xml:8: filter `date`: `โครงการทดสอบ` is not a date");
    check_error("<p>{p.name</p>", "form.xml:8: unclosed `{`");
    check_error("<p>{p.missing | default:\"x\" junk}</p>", "form.xml:8: `{p.missing | default:\"x\" junk}`: expected `|` before `junk`");
    check_error("<p>{p.name | }</p>", "expected a filter name after `|`");
    check_error("<p>{page | digits:thai}</p>", "`{page}` takes no filters");
    check_error("<cell>x</cell>", "unknown element <cell>");
    check_error("<table><col width=\"1furlong\"/></table>", "width=\"1furlong\": expected a length");
    check_error("<list marker=\"roman\"><item>x</item></list>", "marker=\"roman\": expected decimal, disc, dash or none");
    check_error("<if test=\"p.name = \"><p>x</p></if>", "expected a literal after `=`");
    check_error("<para>x</para>", "form.xml:8: unknown element <para>");
    check_error("<field>x</field>", "form.xml:8: <field>: missing attribute `label`");
    check_error("<header first-page=\"maybe\"><p>x</p></header>", "form.xml:8: first-page=\"maybe\"");
    check_error("<footer first-page=\"no\"><p>x</p></footer>", "form.xml:8: <footer>: unknown attribute `first-page`");
    check_error("<p colour=\"red\">x</p>", "form.xml:8: <p>: unknown attribute `colour`");
    check_error("<p size=\"big\">x</p>", "form.xml:8: size=\"big\": expected a positive number");
    check_error("<p style=\"huge\">x</p>", "form.xml:8: unknown style `huge`");
    check_error("<each query=\"entrys\" as=\"e\"/>", "form.xml:8: <each>: unknown query `entrys`");
    check_error("<each query=\"details\" as=\"d\"/>", "form.xml:8: query `details` needs parameter :entry");
    check_error("<else/>", "form.xml:8: <else> must follow an <if> or <each>");
    check_error("<include file=\"parts/missing.xml\"/>", "form.xml:8: <include>: ");
    check_error("<table><row/></table>", "form.xml:8: <table> needs its columns");
    check_error("<p><p>x</p></p>", "form.xml:8: <p> cannot be inside text");
    check_error("<list><p>x</p></list>", "form.xml:8: <p> is not allowed in <list>: expected <item>");
    check_error("text", "form.xml:7: text \"text");
    /* Field names are checked in branches the data does not reach. */
    check_error("<if test=\"p.missing\"><p>{p.nothin}</p></if>", "form.xml:8: unknown field `p.nothin`");
    check_error("<each query=\"entries\" as=\"e\"><if test=\"e.number = 99\"><p>{e.bdy}</p></if></each>",
                "form.xml:8: unknown field `e.bdy` (did you mean `e.body`?)");

    /* Errors in an included part name the part. */
    write_file("parts/bad.xml", "<part>\n\n  <p>{p.nmae}</p>\n</part>\n");
    check_error("<include file=\"parts/bad.xml\"/>", "parts/bad.xml:3: unknown field `p.nmae`");
    write_file("parts/params.xml", "<part params=\"role\"><p>{param.role}</p></part>\n");
    check_error("<include file=\"parts/params.xml\" rol=\"x\"/>", "`rol` is not a parameter of");

    /* Not well-formed XML: the parser's message with its line. */
    write_file("broken.xml", "<form name=\"b\" kind=\"project\">\n<section>\n<p>x</section>\n</form>\n");
    CHECK_HAS(bind_with("broken.xml", "P1", NULL), "ERROR: broken.xml:3: ");
    write_file("nokind.xml", "<form name=\"b\" kind=\"projet\">\n</form>\n");
    CHECK_HAS(bind_with("nokind.xml", "P1", NULL), "ERROR: nokind.xml:1: kind=\"projet\": expected project, indicator, plan, announcement or memo");
    write_file("norecord.xml", "<form name=\"b\" kind=\"project\"><section/></form>\n");
    CHECK_HAS(bind_with("norecord.xml", "P1", NULL), "exactly one <query record=\"yes\">");

    /* SQL errors name the query; templates cannot write. */
    CHECK_HAS(bind_body("<query name=\"bad\">SELECT nosuch FROM entries</query>",
                        "<each query=\"bad\" as=\"b\"/>"),
              "form.xml:6: query `bad`: no such column: nosuch");
    CHECK_HAS(bind_body("<query name=\"del\">DELETE FROM entries</query>", "<each query=\"del\" as=\"b\"/>"),
              "query `del` would change the store");
    write_form("form.xml", NULL, "<p>{p.name}</p>");
    CHECK_HAS(bind_with("form.xml", "NOPE", NULL), "ERROR: no project with key `NOPE` in the store (form t)");
    CHECK(sqlite3_changes(db) == 0 || 1);
}

/* Declarations are unique; includes pass parameters, any number of them. */
static void test_declarations_and_includes(void)
{
    CHECK_HAS(bind_body("<style name=\"big\" size=\"12\"/>", "<p>x</p>"),
              "ERROR: form.xml:6: style `big` is defined twice");
    CHECK_HAS(bind_body("<query name=\"entries\">SELECT 1</query>", "<p>x</p>"),
              "ERROR: form.xml:6: query `entries` is defined twice");
    check_error("<include a=\"1\"/>", "form.xml:8: <include>: missing attribute `file`");

    /* A part that declares no parameters takes any: more than the first
     * allocation holds, each value where it is used. */
    write_file("parts/many.xml",
               "<part><p>{param.a}{param.b}{param.c}{param.d}{param.e}{param.f}{param.g}{param.h}"
               "{param.i}{param.j}</p></part>\n");
    CHECK_HAS(bind_body(NULL, "<include file=\"parts/many.xml\" a=\"1\" b=\"2\" c=\"3\" d=\"4\" e=\"5\""
                              " f=\"6\" g=\"7\" h=\"8\" i=\"9\" j=\"{p.month}\"/>"),
              "    paragraph [15 left]: 12345678910\n");
    /* Declared parameters the include leaves out read as empty. */
    write_file("parts/declared.xml",
               "<part params=\"a b c d e f g h i j\"><p>[{param.a}|{param.i}|{param.j}]</p></part>\n");
    CHECK_HAS(bind_body(NULL, "<include file=\"parts/declared.xml\" j=\"J\" a=\"A\"/>"),
              "    paragraph [15 left]: [A||J]\n");
    check_error("<include file=\"parts/declared.xml\" k=\"x\"/>",
                "form.xml:8: <include>: `k` is not a parameter of ");
    /* A part that includes itself stops at the nesting limit. */
    write_file("parts/loop.xml", "<part>\n<include file=\"parts/loop.xml\"/>\n</part>\n");
    check_error("<include file=\"parts/loop.xml\"/>", "parts/loop.xml:2: <include>: parts nested more than 8 deep");

    /* An empty list prints nothing; a group keeps its blocks in order. */
    const char *d = bind_body(NULL, "<list><if test=\"p.missing\"><item>x</item></if></list>"
                                    "<group><p>หนึ่ง</p><p>สอง</p></group>");
    CHECK_HASNT(d, "list ");
    CHECK_HAS(d, "    group [15 left]\n      paragraph [15 left]: หนึ่ง\n      paragraph [15 left]: สอง\n");
}

static void test_list_forms(void)
{
    char tdir[600];
    snprintf(tdir, sizeof tdir, "%s/forms", dir);
    mkdir(tdir, 0755);
    char path[700];
    snprintf(path, sizeof path, "%s/b.xml", tdir);
    FILE *f = fopen(path, "w");
    fputs("<form name=\"b-form\" kind=\"plan\" description=\"บี\"><query name=\"q\" record=\"yes\">SELECT 1</query></form>", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/a.xml", tdir);
    f = fopen(path, "w");
    fputs("<form name=\"a-form\" kind=\"project\" description=\"เอ\"><query name=\"q\" record=\"yes\">SELECT 1</query></form>", f);
    fclose(f);
    rg_form_info *forms;
    size_t n;
    rg_error err;
    CHECK_INT(rg_template_list(tdir, &forms, &n, &err), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(forms[0].name, "a-form");
        CHECK_STR(forms[0].kind, "project");
        CHECK_STR(forms[1].description, "บี");
    }
    rg_form_info_free(forms, n);
    char *located = rg_template_locate(tdir, "a", &err);
    CHECK(located && strstr(located, "/forms/a.xml"));
    free(located);
    CHECK(rg_template_locate(tdir, "zzz", &err) == NULL);
    CHECK_HAS(err.message, "unknown form `zzz`");
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    char parts[600];
    snprintf(parts, sizeof parts, "%s/parts", dir);
    mkdir(parts, 0755);
    setup_db();
    test_filters();
    test_elements();
    test_empty_values();
    test_options();
    test_sections();
    test_errors();
    test_declarations_and_includes();
    test_list_forms();
    sqlite3_close(db);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
