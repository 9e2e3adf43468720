/* Unit tests of src/sign's PDF reading: object syntax, strings, the xref
 * chain of incrementally updated files, refusal of damaged or foreign
 * structure, the producer rule. */
#include <stdlib.h>

#include "check.h"
#include "sign/pdf_file.h"
#include "sign/pdf_object.h"
#include "sign/sign.h"
#include "util/buf.h"
#include "util/error.h"

static rg_pdf_obj *parse(const char *text)
{
    size_t pos = 0;
    rg_error err = {0};
    rg_pdf_obj *obj = rg_pdf_parse_object(text, strlen(text), &pos, &err);
    if (!obj)
        fprintf(stderr, "parse(%s): %s\n", text, err.message);
    return obj;
}

static void test_objects(void)
{
    rg_pdf_obj *d = parse("<< /Type /Page /Kids [1 0 R 22 3 R] /Count 2 /Scale -1.5 /T (a\\(b\\)) "
                          "/H <4142 43> /On true /Nothing null /Sub << /X 4 >> >>");
    CHECK(d && d->type == RG_PDF_DICT);
    if (!d)
        return;
    CHECK(rg_pdf_is_name(rg_pdf_dict_get(d, "Type"), "Page"));
    rg_pdf_obj *kids = rg_pdf_dict_get(d, "Kids");
    CHECK(kids && kids->type == RG_PDF_ARRAY && kids->count == 2);
    if (kids && kids->count == 2) {
        CHECK_INT(kids->items[1]->type, RG_PDF_REF);
        CHECK_INT(kids->items[1]->num, 22);
        CHECK_INT(kids->items[1]->gen, 3);
    }
    CHECK_INT(rg_pdf_dict_get(d, "Count")->num, 2);
    CHECK_INT(rg_pdf_dict_get(d, "Scale")->type, RG_PDF_REAL);
    CHECK_INT(rg_pdf_dict_get(d, "On")->type, RG_PDF_BOOL);
    CHECK_INT(rg_pdf_dict_get(d, "Nothing")->type, RG_PDF_NULL);
    CHECK_INT(rg_pdf_dict_get(rg_pdf_dict_get(d, "Sub"), "X")->num, 4);
    CHECK(rg_pdf_dict_get(d, "Missing") == NULL);

    /* Written back and parsed again, the same values come out. */
    CHECK(rg_pdf_dict_set(d, "Count", rg_pdf_new_int(3)) == 0);
    CHECK(rg_pdf_dict_set(d, "Annots", rg_pdf_new(RG_PDF_ARRAY)) == 0);
    rg_buf out = RG_BUF_INIT;
    CHECK(rg_pdf_write(&out, d) == 0);
    rg_pdf_obj *again = parse(out.data);
    CHECK(again && rg_pdf_dict_get(again, "Count")->num == 3);
    CHECK(again && rg_pdf_dict_get(again, "Annots")->type == RG_PDF_ARRAY);
    CHECK(again && rg_pdf_dict_get(again, "Kids")->items[0]->num == 1);
    rg_buf t = RG_BUF_INIT;
    CHECK(again && rg_pdf_string_decode(rg_pdf_dict_get(again, "T"), &t) == 0);
    CHECK_STR(t.data, "a(b)");
    rg_buf_reset(&t);
    rg_pdf_string_decode(rg_pdf_dict_get(d, "H"), &t);
    CHECK_STR(t.data, "ABC");
    rg_buf_free(&t);
    rg_buf_free(&out);
    rg_pdf_free(again);
    rg_pdf_free(d);
}

static void test_strings(void)
{
    rg_pdf_obj *s = parse("(x\\101\\n\\\\(y)\\\nz)");
    rg_buf t = RG_BUF_INIT;
    CHECK(s && rg_pdf_string_decode(s, &t) == 0);
    CHECK_STR(t.data, "xA\n\\(y)z");
    rg_pdf_free(s);
    rg_buf_reset(&t);
    CHECK(rg_pdf_text_string(&t, "Approved (final) \\ ok") == 0);
    CHECK_STR(t.data, "(Approved \\(final\\) \\\\ ok)");
    rg_buf_reset(&t);
    CHECK(rg_pdf_text_string(&t, "อนุมัติ") == 0);
    CHECK_STR(t.data, "<FEFF0E2D0E190E380E210E310E150E34>");
    rg_buf_free(&t);
}

static void expect_parse_error(const char *text, const char *message_part)
{
    size_t pos = 0;
    rg_error err = {0};
    rg_pdf_obj *obj = rg_pdf_parse_object(text, strlen(text), &pos, &err);
    CHECK(obj == NULL);
    rg_pdf_free(obj);
    if (!strstr(err.message, message_part)) {
        check_failures++;
        fprintf(stderr, "parse error for [%.40s]: got \"%s\", expected \"%s\"\n", text, err.message, message_part);
    }
}

static void test_bad_syntax(void)
{
    expect_parse_error("<< /A 1", "unterminated dictionary");
    expect_parse_error("<< /A >>", "without value");
    expect_parse_error("<< 1 2 >>", "not a name");
    expect_parse_error("(abc", "unterminated string");
    expect_parse_error("<41 4G>", "bad hex");
    expect_parse_error("", "end of file");
    char deep[200];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    expect_parse_error(deep, "nested too deeply");
}

/* A small PDF built in memory with correct offsets, then an update with /Prev. */
typedef struct builder {
    rg_buf b;
    size_t offsets[16];
} builder;

static void add_object(builder *p, int num, const char *body)
{
    p->offsets[num] = p->b.len;
    rg_buf_printf(&p->b, "%d 0 obj\n%s\nendobj\n", num, body);
}

static size_t add_xref(builder *p, int first, int count, const char *trailer_extra, int size)
{
    size_t at = p->b.len;
    rg_buf_printf(&p->b, "xref\n%d %d\n", first, count);
    for (int i = first; i < first + count; i++) {
        if (i == 0)
            rg_buf_puts(&p->b, "0000000000 65535 f\r\n");
        else
            rg_buf_printf(&p->b, "%010zu 00000 n\r\n", p->offsets[i]);
    }
    rg_buf_printf(&p->b, "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n", size,
                  trailer_extra, at);
    return at;
}

static void test_xref_chain(void)
{
    builder p = {RG_BUF_INIT, {0}};
    rg_buf_puts(&p.b, "%PDF-1.3\n");
    add_object(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    add_object(&p, 2, "<< /Type /Pages /Kids [4 0 R] /Count 1 >>");
    add_object(&p, 3, "<< /Producer (Haru Free PDF Library 2.3.0) >>");
    add_object(&p, 4, "<< /Type /Page /Parent 2 0 R >>");
    size_t first = add_xref(&p, 0, 5, "", 5);

    rg_error err = {0};
    rg_pdf_file f;
    CHECK(rg_pdf_file_open(&f, p.b.data, p.b.len, &err) == 0);
    CHECK_INT(f.sections, 1);
    CHECK_INT(f.size, 5);
    rg_pdf_obj *page = rg_pdf_file_object(&f, 4, NULL, &err);
    CHECK(page && rg_pdf_is_name(rg_pdf_dict_get(page, "Type"), "Page"));
    CHECK(rg_pdf_file_object(&f, 9, NULL, &err) == NULL);
    CHECK(strstr(err.message, "object 9 is missing") != NULL);
    rg_pdf_file_close(&f);

    /* An update redefining object 4 and adding 5: the newest version wins. */
    add_object(&p, 4, "<< /Type /Page /Parent 2 0 R /Annots [5 0 R] >>");
    add_object(&p, 5, "<< /Type /Annot >>");
    char prev[64];
    snprintf(prev, sizeof prev, "/Prev %zu", first);
    add_xref(&p, 4, 2, prev, 6);
    rg_error_clear(&err);
    CHECK(rg_pdf_file_open(&f, p.b.data, p.b.len, &err) == 0);
    CHECK_INT(f.sections, 2);
    CHECK_INT(f.size, 6);
    page = rg_pdf_file_object(&f, 4, NULL, &err);
    CHECK(page && rg_pdf_dict_get(page, "Annots") != NULL);
    CHECK(rg_pdf_file_object(&f, 2, NULL, &err) != NULL);
    rg_pdf_file_close(&f);

    /* A /Prev pointing at its own section loops: refused, not followed forever. */
    size_t self = p.b.len;
    snprintf(prev, sizeof prev, "/Prev %zu", self);
    add_xref(&p, 4, 1, prev, 6);
    rg_error_clear(&err);
    CHECK(rg_pdf_file_open(&f, p.b.data, p.b.len, &err) < 0);
    CHECK(strstr(err.message, "loops") != NULL);

    /* Truncation loses startxref. */
    rg_error_clear(&err);
    CHECK(rg_pdf_file_open(&f, p.b.data, first + 20, &err) < 0);
    CHECK(strstr(err.message, "startxref") != NULL);
    rg_buf_free(&p.b);
}

/* Objects numbered at or above /Size would collide with the signer's new ones. */
static void test_size_too_small(void)
{
    builder p = {RG_BUF_INIT, {0}};
    rg_buf_puts(&p.b, "%PDF-1.3\n");
    add_object(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    add_object(&p, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
    add_object(&p, 3, "<< /Producer (raingan) >>");
    add_xref(&p, 0, 4, "", 3);
    rg_error err = {0};
    rg_pdf_file f;
    CHECK(rg_pdf_file_open(&f, p.b.data, p.b.len, &err) < 0);
    CHECK(strstr(err.message, "object 3 is beyond the trailer's /Size 3") != NULL);
    rg_buf_free(&p.b);
}

static void test_xref_stream_refused(void)
{
    const char *pdf = "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 >>\nstream\nendstream\nendobj\n"
                      "startxref\n9\n%%EOF\n";
    rg_error err = {0};
    rg_pdf_file f;
    CHECK(rg_pdf_file_open(&f, pdf, strlen(pdf), &err) < 0);
    CHECK(strstr(err.message, "cross-reference streams") != NULL);
    rg_error_clear(&err);
    CHECK(rg_pdf_file_open(&f, "hello world", 11, &err) < 0);
    CHECK(strstr(err.message, "not a PDF") != NULL);
}

static void test_producer_rule(void)
{
    CHECK(rg_sign_producer_accepted("Haru Free PDF Library 2.3.0"));
    CHECK(rg_sign_producer_accepted("raingan 0.1 (libharu 2.3.0)"));
    CHECK(!rg_sign_producer_accepted("Microsoft Word"));
    CHECK(!rg_sign_producer_accepted(""));
}

int main(void)
{
    test_objects();
    test_strings();
    test_bad_syntax();
    test_xref_chain();
    test_size_too_small();
    test_xref_stream_refused();
    test_producer_rule();
    return CHECK_DONE();
}
