/* Unit tests of the archive module (src/archive): record digests from an
 * in-memory store, what a change to each kind of data does to them, the
 * document number, the stamp's XMP round trip (keys with spaces and XML
 * characters), a stamp read from a PDF's metadata stream, and the QR matrix. */
#include <regex.h>
#include <stdlib.h>

#include "archive/archive.h"
#include "archive/qr.h"
#include "archive/xmp.h"
#include "check.h"
#include "pdf/pdf_writer.h"
#include "store/store.h"

static const char *DATA =
    "{\"raingan\": 1, \"records\": [\n"
    "{\"kind\": \"organization\", \"key\": \"top\", \"name\": \"กรุงเทพมหานคร\"},\n"
    "{\"kind\": \"organization\", \"key\": \"top/unit\", \"name\": \"ฝ่ายปกครอง\", \"parent\": \"top\"},\n"
    "{\"kind\": \"person\", \"key\": \"p & <q>\", \"name\": \"นางสาวอรณิชา\"},\n"
    "{\"kind\": \"person\", \"key\": \"unused\", \"name\": \"ไม่เกี่ยว\"},\n"
    "{\"kind\": \"project\", \"key\": \"50310000 2961\", \"code\": \"50310000-2961\",\n"
    " \"name\": \"ITA\", \"fiscal_year\": 2566, \"start_date\": \"2022-10-01\",\n"
    " \"end_date\": \"2023-09-30\", \"organization\": \"top/unit\", \"responsible\": \"p & <q>\",\n"
    " \"objectives\": [\"หนึ่ง\"], \"targets\": [\"สอง\"],\n"
    " \"entries\": [{\"number\": 1, \"date\": \"2023-01-16\", \"body\": \"ครั้งที่หนึ่ง\"},\n"
    "             {\"number\": 2, \"date\": \"2023-03-20\", \"body\": \"ครั้งที่สอง\"}]}\n"
    "]}\n";

static rg_store *open_store(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *s = rg_store_open_memory(&err);
    if (s && rg_store_import_memory(s, "t.json", DATA, strlen(DATA), NULL, &err) < 0) {
        fprintf(stderr, "import: %s\n", err.message);
        rg_store_close(s);
        return NULL;
    }
    return s;
}

static void exec(rg_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(rg_store_db(s), sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg);
        check_failures++;
    }
    sqlite3_free(msg);
}

static int find(const rg_archive_stamp *st, const char *kind, const char *key, const char *part)
{
    for (size_t i = 0; i < st->part_count; i++)
        if (!strcmp(st->parts[i].kind, kind) && !strcmp(st->parts[i].key, key)
            && !strcmp(st->parts[i].part, part))
            return (int)i;
    return -1;
}

static void test_stamp(void)
{
    rg_store *s = open_store();
    CHECK(s != NULL);
    if (!s)
        return;
    rg_error err;
    rg_archive_stamp a, b;
    CHECK_INT(rg_archive_stamp_make(rg_store_db(s), "progress-report", "project", "50310000 2961",
                                    NULL, &a, &err), 0);
    /* project record, objectives, targets, entries; unit, top; the responsible person */
    CHECK_INT(a.part_count, 7);
    CHECK_INT(find(&a, "project", "50310000 2961", "record"), 0);
    CHECK_INT(find(&a, "project", "50310000 2961", "progress_entries"), 3);
    CHECK_INT(find(&a, "organization", "top/unit", "record"), 4);
    CHECK_INT(find(&a, "organization", "top", "record"), 5);
    CHECK_INT(find(&a, "person", "p & <q>", "record"), 6);
    CHECK_INT(find(&a, "person", "unused", "record"), -1);
    CHECK_INT(a.year, 2566);
    CHECK_STR(a.print_date, "2023-03-20");   /* the latest progress entry */
    regex_t re;
    regcomp(&re, "^RG-2566-[A-Z2-7]{4}-[A-Z2-7]{4}$", REG_EXTENDED | REG_NOSUB);
    CHECK(regexec(&re, a.number, 0, NULL, 0) == 0);
    regfree(&re);

    /* The same data gives the same stamp; a date given wins over the data's. */
    CHECK_INT(rg_archive_stamp_make(rg_store_db(s), "progress-report", "project", "50310000 2961",
                                    "2024-02-29", &b, &err), 0);
    CHECK(!memcmp(a.data_digest, b.data_digest, sizeof a.data_digest));
    CHECK_STR(b.number, a.number);
    CHECK_STR(b.print_date, "2024-02-29");
    rg_archive_stamp_free(&b);
    /* Another form gives another number for the same data. */
    CHECK_INT(rg_archive_stamp_make(rg_store_db(s), "other-form", "project", "50310000 2961", NULL,
                                    &b, &err), 0);
    CHECK(strcmp(b.number, a.number) != 0);
    CHECK(!memcmp(a.data_digest, b.data_digest, sizeof a.data_digest));
    rg_archive_stamp_free(&b);

    /* Nothing changed: matches. */
    rg_archive_diff diff;
    CHECK_INT(rg_archive_compare(rg_store_db(s), &a, &diff, &err), 0);
    CHECK_INT(diff.matches, 1);
    CHECK_INT(diff.count, 0);
    rg_archive_diff_free(&diff);

    /* A record the document does not refer to changes: still matches. */
    exec(s, "UPDATE people SET name = 'อื่น' WHERE key = 'unused'");
    CHECK_INT(rg_archive_compare(rg_store_db(s), &a, &diff, &err), 0);
    CHECK_INT(diff.matches, 1);
    rg_archive_diff_free(&diff);

    /* One entry's body changes: only that part. */
    exec(s, "UPDATE progress_entries SET body = '<rt><p>แก้</p></rt>' WHERE number = 2");
    CHECK_INT(rg_archive_compare(rg_store_db(s), &a, &diff, &err), 0);
    CHECK_INT(diff.matches, 0);
    CHECK_INT(diff.count, 1);
    if (diff.count == 1) {
        CHECK(diff.items[0].change == RG_ARCHIVE_CHANGED);
        CHECK_STR(diff.items[0].part->part, "progress_entries");
    }
    rg_archive_diff_free(&diff);

    /* The top organization (printed in the path) and the person change too. */
    exec(s, "UPDATE organizations SET name = 'ใหม่' WHERE key = 'top'");
    exec(s, "UPDATE people SET phone = '02 000 0000' WHERE key = 'p & <q>'");
    CHECK_INT(rg_archive_compare(rg_store_db(s), &a, &diff, &err), 0);
    CHECK_INT(diff.count, 3);
    if (diff.count == 3) {
        CHECK_STR(diff.items[1].part->key, "top");
        CHECK_STR(diff.items[2].part->key, "p & <q>");
    }
    rg_archive_diff_free(&diff);

    /* A new coordinator: the reference is reported as added. */
    exec(s, "UPDATE projects SET coordinator_key = 'unused'");
    CHECK_INT(rg_archive_compare(rg_store_db(s), &a, &diff, &err), 0);
    int added = 0;
    for (size_t i = 0; i < diff.count; i++)
        added += diff.items[i].change == RG_ARCHIVE_ADDED && !strcmp(diff.items[i].part->key, "unused");
    CHECK_INT(added, 1);
    rg_archive_diff_free(&diff);

    /* The record is gone: every part missing, not an error. */
    exec(s, "PRAGMA foreign_keys = OFF; DELETE FROM progress_entries; DELETE FROM project_objectives;"
            " DELETE FROM project_targets; DELETE FROM projects;");
    CHECK_INT(rg_archive_compare(rg_store_db(s), &a, &diff, &err), 0);
    CHECK_INT(diff.matches, 0);
    CHECK(diff.count >= 4 && diff.items[0].change == RG_ARCHIVE_MISSING);
    rg_archive_diff_free(&diff);

    /* Unknown record: an input error naming it. */
    CHECK_INT(rg_archive_stamp_make(rg_store_db(s), "f", "project", "nope", NULL, &b, &err), -1);
    CHECK_STR(err.message, "no project with key `nope` in the store");
    rg_archive_stamp_free(&a);
    rg_store_close(s);
}

/* The definitions must never change: archived documents carry their results.
 * The expected values were computed independently (a few lines of Python's
 * hashlib and base64) from the definition in docs/archival.md. */
static void test_fixed_definitions(void)
{
    rg_archive_part parts[2];
    memset(parts, 0, sizeof parts);
    parts[0].kind = "project"; parts[0].key = "k"; parts[0].part = "record";
    parts[1].kind = "person"; parts[1].key = "p"; parts[1].part = "record";
    for (int i = 0; i < 32; i++) {
        parts[0].sha256[i] = (unsigned char)i;
        parts[1].sha256[i] = (unsigned char)(255 - i);
    }
    unsigned char digest[32];
    char hex[65], number[RG_ARCHIVE_NUMBER_MAX];
    rg_archive_data_digest(parts, 2, digest);
    rg_archive_hex(digest, hex);
    CHECK_STR(hex, "5f4caab37048eb43bd9009dad1b2adde92317ad6d18dd756490b7dfce62d2947");
    rg_archive_document_number("progress-report", "project", "k", 2566, digest, number);
    CHECK_STR(number, "RG-2566-GVVD-6NQN");
    unsigned char back[32];
    CHECK_INT(rg_archive_unhex(hex, back), 0);
    CHECK(!memcmp(back, digest, 32));
    CHECK_INT(rg_archive_unhex("12", back), -1);
}

static void test_xmp_roundtrip(void)
{
    rg_store *s = open_store();
    if (!s)
        return;
    rg_error err;
    rg_archive_stamp a, b;
    CHECK_INT(rg_archive_stamp_make(rg_store_db(s), "progress-report", "project", "50310000 2961",
                                    "2023-05-01", &a, &err), 0);
    rg_buf xmp = RG_BUF_INIT;
    rg_buf_puts(&xmp, "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                      "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">");
    CHECK_INT(rg_archive_xmp_block(&a, &xmp, &err), 0);
    rg_buf_puts(&xmp, "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>");
    CHECK_INT(rg_archive_xmp_read(xmp.data, xmp.len, &b, &err), 1);
    CHECK_STR(b.form, "progress-report");
    CHECK_STR(b.kind, "project");
    CHECK_STR(b.key, "50310000 2961");
    CHECK_STR(b.number, a.number);
    CHECK_STR(b.print_date, "2023-05-01");
    CHECK_INT(b.year, 2566);
    CHECK_INT(b.version, RG_ARCHIVE_DIGEST_VERSION);
    CHECK(!memcmp(a.data_digest, b.data_digest, 32));
    CHECK_INT(b.part_count, a.part_count);
    for (size_t i = 0; i < a.part_count && i < b.part_count; i++) {
        CHECK_STR(b.parts[i].key, a.parts[i].key);
        CHECK_STR(b.parts[i].part, a.parts[i].part);
        CHECK(!memcmp(a.parts[i].sha256, b.parts[i].sha256, 32));
    }
    rg_archive_stamp_free(&b);

    /* As the metadata stream of a PDF, read back through the file structure. */
    rg_buf pdf = RG_BUF_INIT, got = RG_BUF_INIT;
    size_t off[4];
    rg_buf_puts(&pdf, "%PDF-1.4\n");
    off[1] = pdf.len;
    rg_buf_puts(&pdf, "1 0 obj\n<< /Type /Catalog /Metadata 2 0 R >>\nendobj\n");
    off[2] = pdf.len;
    rg_buf_printf(&pdf, "2 0 obj\n<< /Type /Metadata /Subtype /XML /Length 3 0 R >>\nstream\n");
    rg_buf_append(&pdf, xmp.data, xmp.len);
    rg_buf_puts(&pdf, "\nendstream\nendobj\n");
    off[3] = pdf.len;
    rg_buf_printf(&pdf, "3 0 obj\n%zu\nendobj\n", xmp.len);
    size_t xref = pdf.len;
    rg_buf_puts(&pdf, "xref\n0 4\n0000000000 65535 f\r\n");
    for (int i = 1; i < 4; i++)
        rg_buf_printf(&pdf, "%010zu 00000 n\r\n", off[i]);
    rg_buf_printf(&pdf, "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    CHECK_INT(rg_archive_pdf_xmp(pdf.data, pdf.len, &got, &err), 1);
    CHECK_INT(got.len, xmp.len);
    CHECK(got.data && !memcmp(got.data, xmp.data, xmp.len));
    rg_buf_free(&got);

    /* Metadata without raingan properties; broken XMP; a malformed part. */
    const char *plain = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
    CHECK_INT(rg_archive_xmp_read(plain, strlen(plain), &b, &err), 0);
    CHECK_INT(rg_archive_xmp_read("<x:xmpmeta", 10, &b, &err), -1);
    char *bad = strdup(xmp.data);
    char *li = strstr(bad, "<rdf:li>") + 8;
    li[3] = 'x';   /* not hex */
    CHECK_INT(rg_archive_xmp_read(bad, strlen(bad), &b, &err), -1);
    CHECK(strstr(err.message, "raingan:parts") != NULL);
    free(bad);
    rg_buf_free(&pdf);
    rg_buf_free(&xmp);
    rg_archive_stamp_free(&a);
    rg_store_close(s);
}

static void test_qr(void)
{
    rg_qr qr;
    rg_error err;
    const char *payload = "RG-2566-ABCD-EFGH SHA256:"
                          "6F6FFD1342CB364A45DBA5721DB67BCA8CB21BEA65C135D5932852EB8B768D83";
    CHECK_INT(rg_qr_encode(payload, &qr, &err), 0);
    /* 89 alphanumeric characters at level M fit version 4: 33 modules */
    CHECK_INT(qr.width, 33);
    /* finder pattern: top row of the top-left 7x7 square dark, then a light separator */
    for (int x = 0; x < 7; x++)
        CHECK_INT(qr.dark[x], 1);
    CHECK_INT(qr.dark[7], 0);
    CHECK_INT(qr.dark[1 * 33 + 1], 0);   /* the square's light ring */
    CHECK_INT(qr.dark[3 * 33 + 3], 1);   /* its dark centre */
    rg_qr_free(&qr);
}

static int contains(const unsigned char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(data + i, needle, n))
            return 1;
    return 0;
}

/* The writer's archival option on a page without text: the output intent,
 * the XMP with the information dictionary's values escaped, the extra block. */
static void test_pdf_writer(void)
{
    rg_display d;
    rg_display_init(&d);
    rg_page *page = rg_display_add_page(&d, 200, 200);
    rg_item rect;
    memset(&rect, 0, sizeof rect);
    rect.kind = RG_ITEM_RECT;
    rect.x = rect.y = 10;
    rect.w = rect.h = 50;
    rect.fill = 1;
    rg_page_add_item(page, &rect);
    d.info.title = strdup("A & <B>");
    d.info.author = strdup("สำนักงานเขตบางซื่อ");
    d.info.date = strdup("2023-05-01T00:00:00Z");
    rg_pdf_options opts;
    rg_pdf_options_init(&opts);
    opts.archival = 1;
    opts.xmp_extra = "<rdf:Description rdf:about=\"\" xmlns:t=\"urn:t/\"><t:x>1</t:x></rdf:Description>\n";
    unsigned char *pdf = NULL;
    size_t len = 0;
    rg_error err;
    CHECK_INT(rg_pdf_render(&d, &opts, &pdf, &len, &err), 0);
    CHECK(len > 9 && !memcmp(pdf, "%PDF-1.4", 8));
    CHECK(contains(pdf, len, "/S /GTS_PDFA1"));
    CHECK(contains(pdf, len, "(sRGB IEC61966-2.1)"));
    CHECK(contains(pdf, len, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">A &amp; &lt;B&gt;</rdf:li>"));
    CHECK(contains(pdf, len, "<rdf:li>สำนักงานเขตบางซื่อ</rdf:li>"));
    CHECK(contains(pdf, len, "<xmp:CreateDate>2023-05-01T00:00:00Z</xmp:CreateDate>"));
    CHECK(contains(pdf, len, "<t:x>1</t:x>"));
    rg_buf xmp = RG_BUF_INIT;
    CHECK_INT(rg_archive_pdf_xmp((const char *)pdf, len, &xmp, &err), 1);
    CHECK(xmp.data && strstr(xmp.data, "<pdfaid:conformance>B</pdfaid:conformance>"));
    CHECK(xmp.data && strstr(xmp.data, "<?xpacket end=\"w\"?>") != NULL);
    rg_buf_free(&xmp);
    free(pdf);
    /* The same again: byte-identical. */
    unsigned char *again = NULL;
    size_t again_len = 0;
    CHECK_INT(rg_pdf_render(&d, &opts, &again, &again_len, &err), 0);
    CHECK_INT(again_len, len);
    free(again);
    /* A missing ICC profile is named. */
    opts.icc_profile = "/nonexistent/sRGB.icc";
    CHECK_INT(rg_pdf_render(&d, &opts, &pdf, &len, &err), -1);
    CHECK(strstr(err.message, "/nonexistent/sRGB.icc") != NULL);
    CHECK_INT(err.code, RG_ERR_IO);
    rg_display_free(&d);
}

int main(void)
{
    test_pdf_writer();
    test_stamp();
    test_fixed_definitions();
    test_xmp_roundtrip();
    test_qr();
    return CHECK_DONE();
}
