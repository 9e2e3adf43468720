/* Unit tests of src/util: UTF-8 decoding, buffers, error context, atomic files,
 * message fields. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/wire.h"
#include "util/xml_escape.h"

static void test_utf8(void)
{
    const char *s = "ก\xE0\xB9\x89" "a\xFF";  /* ก, mai tho, 'a', invalid byte */
    size_t pos = 0, len = strlen(s);
    int invalid = 0;
    CHECK_INT(rg_utf8_next(s, len, &pos, &invalid), 0x0E01);
    CHECK_INT(rg_utf8_next(s, len, &pos, &invalid), 0x0E49);
    CHECK_INT(rg_utf8_next(s, len, &pos, &invalid), 'a');
    CHECK_INT(invalid, 0);
    CHECK_INT(rg_utf8_next(s, len, &pos, &invalid), RG_REPLACEMENT_CHAR);
    CHECK_INT(invalid, 1);
    CHECK_INT(pos, len);
    /* Truncated 3-byte sequence at the end of input, overlong '/', surrogate. */
    CHECK_INT(rg_utf8_find_invalid("ab\xE0\xB8", 4), 2);
    CHECK_INT(rg_utf8_find_invalid("\xC0\xAF", 2), 0);
    CHECK_INT(rg_utf8_find_invalid("\xED\xA0\x80", 3), 0);
    CHECK_INT(rg_utf8_find_invalid("น้ำ ที่ ปู่", strlen("น้ำ ที่ ปู่")), -1);
    char out[4];
    CHECK_INT(rg_utf8_encode(0x0E33, out), 3);
    CHECK(memcmp(out, "\xE0\xB8\xB3", 3) == 0);
}

static void test_buf_and_error(void)
{
    rg_buf b = RG_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        rg_buf_printf(&b, "%d,", i);
    CHECK_INT(b.len, 3890);
    CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
    rg_buf_free(&b);

    rg_error err;
    rg_error_clear(&err);
    CHECK_INT(rg_error_set(&err, RG_ERR_INPUT, "line %d: expected a number", 12), -1);
    rg_error_prefix(&err, "%s: ", "seed.json");
    CHECK_STR(err.message, "seed.json: line 12: expected a number");
    CHECK_INT(rg_error_exit_status(&err), 3);
}

static void test_atomic_file(void)
{
    char dir[] = "/tmp/raingan-util-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char target[256];
    snprintf(target, sizeof target, "%s/out.pdf", dir);
    rg_error err;
    CHECK_INT(rg_write_file_atomic(target, "first", 5, &err), 0);

    /* An aborted write leaves the old content and no temporary behind. */
    rg_atomic_file f;
    CHECK_INT(rg_atomic_open(&f, target, &err), 0);
    fputs("half-written", f.fp);
    rg_atomic_abort(&f);
    char *data = NULL;
    size_t len = 0;
    CHECK_INT(rg_read_file(target, &data, &len, &err), 0);
    CHECK_STR(data, "first");
    free(data);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    CHECK_INT(system(cmd), 0);

    /* A read-only file is not replaced (even for root), and stays as it was. */
    chmod(target, 0444);
    CHECK_INT(rg_write_file_atomic(target, "second", 6, &err), -1);
    CHECK(strstr(err.message, "read-only") != NULL);
    CHECK_INT(rg_read_file(target, &data, &len, &err), 0);
    CHECK_STR(data, "first");
    free(data);
    chmod(target, 0644);

    /* An unwritable directory is a clear error naming the file. */
    CHECK_INT(rg_write_file_atomic("/nonexistent-dir/x.pdf", "x", 1, &err), -1);
    CHECK(strstr(err.message, "/nonexistent-dir/x.pdf") != NULL);
    unlink(target);
    rmdir(dir);
}

static void test_xml_escape(void)
{
    rg_buf b = RG_BUF_INIT;
    CHECK_INT(rg_xml_escape(&b, "a<b>&\"c\" 'd'\x01\te\nสำนักงาน"), 0);
    CHECK_STR(b.data, "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos; \te\nสำนักงาน");
    rg_buf_free(&b);
}

/* Message fields: what is written reads back, "none" stays distinct from "",
 * and every cut or garbled message is refused without reading past its end. */
static void test_wire(void)
{
    rg_buf b = RG_BUF_INIT;
    CHECK_INT(rg_wire_put_u32(&b, 503) | rg_wire_put_str(&b, "สำนักงาน") | rg_wire_put_str(&b, NULL)
              | rg_wire_put_bytes(&b, "a\0b", 3) | rg_wire_put_str(&b, ""), 0);
    rg_wire_reader r = rg_wire_reader_of(b.data, b.len);
    size_t n;
    CHECK_INT(rg_wire_get_u32(&r), 503);
    CHECK_STR(rg_wire_get_bytes(&r, &n), "สำนักงาน");
    CHECK_INT(n, strlen("สำนักงาน"));
    CHECK(rg_wire_get_bytes(&r, &n) == NULL && !r.bad);
    const char *bin = rg_wire_get_bytes(&r, &n);
    CHECK(bin && n == 3 && memcmp(bin, "a\0b", 4) == 0);
    CHECK_STR(rg_wire_get_bytes(&r, &n), "");
    CHECK(rg_wire_done(&r));
    CHECK(rg_wire_get_u32(&r) == 0 && r.bad);   /* past the end */

    /* every shorter message is refused: no read past its end (ASan) */
    for (size_t len = 0; len < b.len; len++) {
        char *cut = malloc(len ? len : 1);
        memcpy(cut, b.data, len);
        rg_wire_reader c = rg_wire_reader_of(cut, len);
        rg_wire_get_u32(&c);
        for (int i = 0; i < 4; i++)
            rg_wire_get_bytes(&c, &n);
        CHECK(!rg_wire_done(&c));
        free(cut);
    }
    /* a string without its NUL, a length past the end */
    b.data[4 + 4 + strlen("สำนักงาน")] = 'x';
    r = rg_wire_reader_of(b.data, b.len);
    rg_wire_get_u32(&r);
    CHECK(rg_wire_get_bytes(&r, &n) == NULL && r.bad);
    rg_buf_reset(&b);
    CHECK_INT(rg_wire_put_u32(&b, 100) | rg_wire_put_u32(&b, 0), 0);
    r = rg_wire_reader_of(b.data, b.len);
    CHECK(rg_wire_get_bytes(&r, &n) == NULL && r.bad);
    rg_buf_free(&b);
}

int main(void)
{
    test_wire();
    test_xml_escape();
    test_utf8();
    test_buf_and_error();
    test_atomic_file();
    return CHECK_DONE();
}
