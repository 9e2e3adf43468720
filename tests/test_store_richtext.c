/* Unit tests of src/store/richtext.c: the HTML bodies of seed 002 (including
 * <ul style="list-style-type: none"> and unclosed lists), entities, styles,
 * plain text, unknown tags (text kept, one warning each), and idempotence
 * (canonical text converts to itself, which export/import relies on). */
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

int main(void)
{
    rg_warning_set_sink(capture, NULL);
    test_seed_002();
    test_lists_and_styles();
    test_entities_and_plain_text();
    test_unknown_tags();
    return CHECK_DONE();
}
