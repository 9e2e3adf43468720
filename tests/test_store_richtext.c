/* Unit tests of src/store/richtext.c: the HTML bodies of seed 002 (including
 * <ul style="list-style-type: none"> and unclosed lists), entities, styles,
 * plain text, unknown tags (text kept, one warning each), and idempotence
 * (canonical text converts to itself, which export/import relies on). */
#include <libxml/parser.h>
#include <stdlib.h>

#include "check.h"
#include "store/richtext.h"

static char warnings[4096];

static void capture(const char *message, void *user)
{
    (void)user;
    size_t n = strlen(warnings);
    snprintf(warnings + n, sizeof warnings - n, "%s\n", message);
}

static char *convert(const char *src)
{
    rg_buf out = RG_BUF_INIT;
    rg_error err;
    rg_error_clear(&err);
    CHECK_INT(rg_richtext_convert(src, strlen(src), "t.json: $.body (line 1)", &out, &err), 0);
    return rg_buf_steal(&out);
}

/* Converts src, compares with expected, and checks that converting the result
 * again gives it back unchanged. */
static void check_rt(const char *src, const char *expected)
{
    char *once = convert(src);
    CHECK_STR(once, expected);
    char *twice = convert(once);
    CHECK_STR(twice, once);
    free(once);
    free(twice);
}

static void test_seed_002(void)
{
    /* Report 3 of the first print: paragraphs separated by blanks. */
    check_rt("<p>ข้าราชการ จำนวน 12 คน คิดเป็น 5.31%</p> <p>:: 22/02/2566 :</p> "
             "<p>- ดำเนินการเก็บรวบรวมข้อมูล (IIT) คิดเป็นร้อยละ 93.83</p>",
             "<rt><p>ข้าราชการ จำนวน 12 คน คิดเป็น 5.31%</p><p>:: 22/02/2566 :</p>"
             "<p>- ดำเนินการเก็บรวบรวมข้อมูล (IIT) คิดเป็นร้อยละ 93.83</p></rt>");
    /* Report 4 of the second print: text directly inside an unstyled list. */
    check_rt("<p>22/03/2566 :</p> <ul style=\"list-style-type: none\"> - ดำเนินการเก็บรวบรวม "
             "- บันทึกข้อมูลรายชื่อคู่ค้า </ul><p>:: ความก้าวหน้าของงานฯ = 45.00</p>",
             "<rt><p>22/03/2566 :</p><list style=\"none\"><li><p>- ดำเนินการเก็บรวบรวม "
             "- บันทึกข้อมูลรายชื่อคู่ค้า</p></li></list><p>:: ความก้าวหน้าของงานฯ = 45.00</p></rt>");
    /* Report 6: an <ol> with list-style-type none, with items. */
    check_rt("<ol style=\"list-style-type: none\"><li>1. ดำเนินการตอบแบบวัด (IIT)</li>"
             "<li>2. ดำเนินการตอบแบบวัด (EIT)</li></ol>",
             "<rt><list style=\"none\"><li><p>1. ดำเนินการตอบแบบวัด (IIT)</p></li>"
             "<li><p>2. ดำเนินการตอบแบบวัด (EIT)</p></li></list></rt>");
    /* An unclosed list as printed in the seed: text is kept, nothing is lost. */
    char *s = convert("<p>23/05/2566 :</p> <ol style=\"list-style-type: none\"> 1. ตอบแบบ "
                      "2. เปิดเผยข้อมูล <p>:: ความก้าวหน้าของงานฯ = 80.00</p>");
    CHECK(strstr(s, "<list style=\"none\">") != NULL);
    CHECK(strstr(s, "1. ตอบแบบ 2. เปิดเผยข้อมูล") != NULL);
    CHECK(strstr(s, ":: ความก้าวหน้าของงานฯ = 80.00") != NULL);
    free(s);
}

static void test_lists_and_styles(void)
{
    check_rt("<ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol>",
             "<rt><list style=\"decimal\"><li><p>one</p><list style=\"disc\"><li><p>sub</p></li>"
             "</list></li><li><p>two</p></li></list></rt>");
    check_rt("<strong>a <em>b</em></strong> <u>c</u>",
             "<rt><p><b>a <i>b</i></b> <u>c</u></p></rt>");
    check_rt("<i><b>x</b></i>", "<rt><p><b><i>x</i></b></p></rt>");
    check_rt("a<br>b<br/>  c", "<rt><p>a<br/>b<br/>c</p></rt>");
    check_rt("<div>one</div><div>two</div>", "<rt><p>one</p><p>two</p></rt>");
    check_rt("<ul><li></li><li> </li></ul><p> </p>", "<rt></rt>");
    check_rt("<list style=\"dash\"><li><p>canonical dash</p></li></list>",
             "<rt><list style=\"dash\"><li><p>canonical dash</p></li></list></rt>");
    check_rt("<ul style=\"list-style-type:decimal\"><li>x</li></ul>",
             "<rt><list style=\"decimal\"><li><p>x</p></li></list></rt>");
}

static void test_entities_and_plain_text(void)
{
    check_rt("<p>ก.ก. &amp; ป.ป.ช. &lt;ITA&gt;&nbsp;&quot;ผ่าน&quot; &#3585;</p>",
             "<rt><p>ก.ก. &amp; ป.ป.ช. &lt;ITA&gt; \"ผ่าน\" ก</p></rt>");
    check_rt("บรรทัดแรก\n\n   บรรทัด   ที่สอง  \r\nบรรทัดที่สาม",
             "<rt><p>บรรทัดแรก</p><p>บรรทัด ที่สอง</p><p>บรรทัดที่สาม</p></rt>");
    check_rt("AT&T < 5% > 3", "<rt><p>AT&amp;T &lt; 5% &gt; 3</p></rt>");
    check_rt("", "<rt></rt>");
    /* Beyond U+10FFFF, a lone continuation byte, U+FFFF (fuzzer finds). */
    check_rt("ok \xF4\xB1\xB1\xB1 <b>text</b>",
             "<rt><p>ok \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD <b>text</b></p></rt>");
    check_rt("\xF4\xB1\xB1\xB1", "<rt><p>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD</p></rt>");
    check_rt("<p>a\x80" "b\xEF\xBF\xBF" "c ข</p>", "<rt><p>a\xEF\xBF\xBD" "bc ข</p></rt>");
    CHECK(rg_richtext_is_empty("<rt></rt>"));
    CHECK(!rg_richtext_is_empty("<rt><p>x</p></rt>"));
}

static void test_unknown_tags(void)
{
    warnings[0] = '\0';
    check_rt("<p>สี<span style=\"color:red\">แดง</span> <font size=3>ใหญ่</font>"
             "<span>อีก</span></p><script>alert(1)</script>",
             "<rt><p>สีแดง ใหญ่อีก</p></rt>");
    CHECK(strstr(warnings, "t.json: $.body (line 1): tag <span> dropped, its text kept") != NULL);
    CHECK(strstr(warnings, "tag <font> dropped, its text kept") != NULL);
    CHECK(strstr(warnings, "tag <script> dropped with its content") != NULL);
    /* One warning per tag name and conversion (the second pass, on canonical
     * text, warns about nothing). */
    const char *first = strstr(warnings, "<span>");
    CHECK(first && !strstr(first + 1, "<span>"));
    /* Block-like unknown tags still separate paragraphs. */
    warnings[0] = '\0';
    check_rt("<table><tr><td>a</td><td>b</td></tr></table>", "<rt><p>a</p><p>b</p></rt>");
    CHECK(strstr(warnings, "tag <table>") != NULL);
}

/* Checks `rt` against the canonical grammar of richtext.h: returns 1 if it
 * conforms. Walks the XML tree libxml2 builds from it. */
static int inline_ok(xmlNode *n);

static int inline_children_ok(xmlNode *parent, int need_text)
{
    int any = 0;
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            any = 1;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || !inline_ok(c))
            return 0;
        any = 1;
    }
    return any || !need_text;
}

static int inline_ok(xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "br"))
        return n->children == NULL && n->properties == NULL;
    if (strcmp(name, "b") && strcmp(name, "i") && strcmp(name, "u"))
        return 0;
    /* b > i > u: no style element inside one that comes later in that order */
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "br") &&
            strcmp((const char *)c->name, name) <= 0 && !(name[0] == 'i' && c->name[0] == 'u'))
            return 0;
    return n->properties == NULL && inline_children_ok(n, 1);
}

static int block_ok(xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    const char *name = (const char *)n->name;
    if (!strcmp(name, "p"))
        return n->properties == NULL && inline_children_ok(n, 1);
    if (strcmp(name, "list"))
        return 0;
    xmlChar *style = xmlGetProp(n, (const xmlChar *)"style");
    int ok = style && (!strcmp((char *)style, "decimal") || !strcmp((char *)style, "disc") ||
                       !strcmp((char *)style, "dash") || !strcmp((char *)style, "none"));
    xmlFree(style);
    if (!ok || !n->children)
        return 0;
    for (xmlNode *li = n->children; li; li = li->next) {
        if (li->type != XML_ELEMENT_NODE || strcmp((const char *)li->name, "li") || !li->children)
            return 0;
        for (xmlNode *b = li->children; b; b = b->next)
            if (!block_ok(b))
                return 0;
    }
    return 1;
}

static int canonical_ok(const char *rt)
{
    xmlDoc *doc = xmlReadMemory(rt, (int)strlen(rt), NULL, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    int ok = root && !strcmp((const char *)root->name, "rt") && root->properties == NULL;
    for (xmlNode *b = root ? root->children : NULL; ok && b; b = b->next)
        ok = block_ok(b);
    xmlFreeDoc(doc);
    return ok;
}

/* Random tag soup from the pieces source systems produce: every result must
 * follow the grammar and convert to itself. */
static void test_random_html(void)
{
    static const char *const pieces[] = {
        "<p>", "</p>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<b>", "</b>",
        "<strong>", "</strong>", "<i>", "</i>", "<em>", "</em>", "<u>", "</u>", "<br>", "<br/>",
        "<div>", "</div>", "<span>", "</span>", "<ul style=\"list-style-type: none\">",
        "<ol style=\"list-style-type:none\">", " ", "  ", "\n", "\t", "&nbsp;", "&amp;",
        "&lt;", "ก", "ข้อ", " - ", "1. ", "ดำเนินการ", "x", "<", ">", "&", "<table><tr><td>",
        "</td></tr></table>", "<!-- c -->", "<h1>", "</h1>",
    };
    /* The checker itself rejects what the grammar excludes. */
    CHECK(canonical_ok("<rt><p>x</p><list style=\"none\"><li><p>y<br/></p></li></list></rt>"));
    CHECK(!canonical_ok("<rt><p></p></rt>"));
    CHECK(!canonical_ok("<rt>loose text</rt>"));
    CHECK(!canonical_ok("<rt><p><i><b>x</b></i></p></rt>"));
    CHECK(!canonical_ok("<rt><list style=\"roman\"><li><p>x</p></li></list></rt>"));
    CHECK(!canonical_ok("<rt><list style=\"disc\"><li>x</li></list></rt>"));
    CHECK(!canonical_ok("<rt><p><span>x</span></p></rt>"));
    unsigned long seed = 12345;
    int bad_grammar = 0, not_idempotent = 0;
    for (int round = 0; round < 3000; round++) {
        char src[2048];
        size_t len = 0;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        int count = 1 + (int)((seed >> 33) % 40);
        for (int k = 0; k < count; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            const char *piece = pieces[(seed >> 33) % (sizeof pieces / sizeof pieces[0])];
            size_t n = strlen(piece);
            if (len + n >= sizeof src)
                break;
            memcpy(src + len, piece, n);
            len += n;
        }
        src[len] = '\0';
        char *once = convert(src);
        char *twice = convert(once);
        if (!canonical_ok(once)) {
            if (bad_grammar++ < 3)
                fprintf(stderr, "not canonical: [%s] -> [%s]\n", src, once);
        }
        if (strcmp(once, twice)) {
            if (not_idempotent++ < 3)
                fprintf(stderr, "not idempotent: [%s] -> [%s] -> [%s]\n", src, once, twice);
        }
        free(once);
        free(twice);
    }
    CHECK_INT(bad_grammar, 0);
    CHECK_INT(not_idempotent, 0);
}

static int record_event(void *user, const rg_rt_event *ev)
{
    rg_buf *log = user;
    static const char *const names[] = {"P", "/P", "L", "/L", "LI", "/LI", "T", "BR"};
    rg_buf_printf(log, "%s", names[ev->type]);
    if (ev->type == RG_RT_TEXT)
        rg_buf_printf(log, "%d[%.*s]", ev->style, (int)ev->len, ev->text);
    if (ev->type == RG_RT_LIST_START)
        rg_buf_printf(log, "(%s)", ev->list_style);
    if (ev->type == RG_RT_ITEM_START)
        rg_buf_printf(log, "%d@%d", ev->item_number, ev->depth);
    rg_buf_putc(log, ' ');
    return 0;
}

static void test_reading(void)
{
    rg_buf log = RG_BUF_INIT;
    rg_error err;
    rg_error_clear(&err);
    const char *rt = "<rt><p>a <b>b<i>c</i></b><br/>d &amp; e</p><list style=\"decimal\"><li><p>x</p>"
                     "<list style=\"none\"><li><p>y</p></li></list></li><li><p>z</p></li></list></rt>";
    CHECK_INT(rg_richtext_walk(rt, record_event, &log, &err), 0);
    CHECK_STR(log.data, "P T0[a ] T1[b] T3[c] BR T0[d & e] /P L(decimal) LI1@1 P T0[x] /P "
                        "L(none) LI1@2 P T0[y] /P /LI /L /LI LI2@1 P T0[z] /P /LI /L ");
    rg_buf_reset(&log);
    /* Not canonical (e.g. edited by hand in the database): converted first. */
    CHECK_INT(rg_richtext_walk("<ul><li>one</li></ul>", record_event, &log, &err), 0);
    CHECK_STR(log.data, "L(disc) LI1@1 P T0[one] /P /LI /L ");
    rg_buf_free(&log);

    rg_buf plain = RG_BUF_INIT;
    CHECK_INT(rg_richtext_to_plain(rt, &plain, &err), 0);
    CHECK_STR(plain.data, "a bc\nd & e\n1. x\n  y\n2. z");
    rg_buf_reset(&plain);
    CHECK_INT(rg_richtext_to_plain("<rt></rt>", &plain, &err), 0);
    CHECK_STR(plain.data, "");
    rg_buf_free(&plain);
}

int main(void)
{
    rg_warning_set_sink(capture, NULL);
    test_seed_002();
    test_lists_and_styles();
    test_entities_and_plain_text();
    test_unknown_tags();
    test_reading();
    rg_warning_set_sink(NULL, NULL);
    test_random_html();
    return CHECK_DONE();
}
