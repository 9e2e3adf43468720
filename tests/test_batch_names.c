/* The file names of a batch's outputs (src/render/batch_names.h): the table
 * of docs/batch.md, the length limit, bad patterns, the uniqueness check. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/batch_names.h"

static void check_name(const char *key, const char *expected)
{
    rg_error err;
    rg_error_clear(&err);
    char *name = rg_batch_file_name(RG_BATCH_DEFAULT_PATTERN, "progress-report", key, 2566, &err);
    CHECK_STR(name, expected);
    free(name);
}

static void check_refused(const char *pattern, const char *message)
{
    rg_error err;
    rg_error_clear(&err);
    char *name = rg_batch_file_name(pattern, "f", "k", 2566, &err);
    CHECK(name == NULL);
    CHECK_INT(err.code, RG_ERR_USAGE);
    CHECK_STR(err.message, message);
    free(name);
}

int main(void)
{
    /* docs/batch.md, "File names" */
    check_name("50310000-2961", "progress-report-2566-50310000-2961.pdf");
    check_name("a/b", "progress-report-2566-a_b~fa510d0f158b.pdf");
    check_name("../../etc/passwd", "progress-report-2566-etc_passwd~ee97a1da228c.pdf");
    check_name("โครงการ/๑", "progress-report-2566-โครงการ_๑~fd52946f9401.pdf");

    /* A long key is cut at the limit and marked with the hash. */
    char key[400];
    memset(key, 'x', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    rg_buf out = RG_BUF_INIT;
    CHECK_INT(rg_batch_append_safe(&out, key), 0);
    CHECK_INT(out.len, RG_BATCH_NAME_MAX_BYTES + 13);
    CHECK(out.data && out.data[RG_BATCH_NAME_MAX_BYTES] == '~');
    rg_buf_free(&out);
    /* Thai letters are never cut in the middle. */
    char thai[400] = "x";
    while (strlen(thai) + 3 < sizeof thai)
        strcat(thai, "ก");
    CHECK_INT(rg_batch_append_safe(&out, thai), 0);
    CHECK(out.data && out.len == 178 + 13 && out.data[178] == '~');
    rg_buf_free(&out);

    check_refused("../{key}.pdf", "../{key}.pdf: a file name, not a path (no '/', no leading '.')");
    check_refused(".{key}", ".{key}: a file name, not a path (no '/', no leading '.')");
    check_refused("{id}.pdf", "{id}.pdf: unknown placeholder (use {form}, {year} and {key})");
    check_refused("{key", "{key: unknown placeholder (use {form}, {year} and {key})");

    const char *names[] = {"a.pdf", "c.pdf", "b.pdf", "c.pdf"};
    size_t x = 9, y = 9;
    CHECK_INT(rg_batch_names_unique(names, 3, &x, &y), 1);
    CHECK_INT(rg_batch_names_unique(names, 4, &x, &y), 0);
    CHECK_INT(x, 1);
    CHECK_INT(y, 3);
    CHECK_INT(rg_batch_names_unique(names, 0, &x, &y), 1);
    return CHECK_DONE();
}
