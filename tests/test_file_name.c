/* The file names of printed records (src/render/file_name.h): the table of
 * docs/batch.md, the length limit, bad patterns. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/file_name.h"

static void check_name(const char *pattern, const char *key, const char *expected)
{
    rg_error err;
    rg_error_clear(&err);
    char *name = rg_file_name(pattern, "progress-report", key, 2566, &err);
    CHECK_STR(name, expected);
    free(name);
}

static void check_refused(const char *pattern, const char *message)
{
    rg_error err;
    rg_error_clear(&err);
    char *name = rg_file_name(pattern, "f", "k", 2566, &err);
    CHECK(name == NULL);
    CHECK_INT(err.code, RG_ERR_USAGE);
    CHECK_STR(err.message, message);
    free(name);
}

int main(void)
{
    /* docs/batch.md, "File names" */
    check_name(RG_FILE_NAME_DEFAULT, "50310000-2961", "progress-report-2566-50310000-2961.pdf");
    check_name(RG_FILE_NAME_DEFAULT, "a/b", "progress-report-2566-a_b~fa510d0f158b.pdf");
    check_name(RG_FILE_NAME_DEFAULT, "../../etc/passwd", "progress-report-2566-etc_passwd~ee97a1da228c.pdf");
    check_name(RG_FILE_NAME_DEFAULT, "โครงการ/๑", "progress-report-2566-โครงการ_๑~fd52946f9401.pdf");

    /* A long key is cut at the limit and marked with the hash. */
    char key[400];
    memset(key, 'x', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    rg_error err;
    char *name = rg_file_name("{key}", "f", key, 2566, &err);
    CHECK(name && strlen(name) == RG_FILE_NAME_KEY_MAX + 13 && name[RG_FILE_NAME_KEY_MAX] == '~');
    free(name);
    /* Thai letters are never cut in the middle. */
    char thai[400] = "x";
    while (strlen(thai) + 3 < sizeof thai)
        strcat(thai, "ก");
    name = rg_file_name("{key}", "f", thai, 2566, &err);
    CHECK(name && strlen(name) == 178 + 13 && name[178] == '~');
    free(name);

    check_refused("../{key}.pdf", "../{key}.pdf: a file name, not a path (no '/', no leading '.')");
    check_refused(".{key}", ".{key}: a file name, not a path (no '/', no leading '.')");
    check_refused("{id}.pdf", "{id}.pdf: unknown placeholder (use {form}, {year} and {key})");
    check_refused("{key", "{key: unknown placeholder (use {form}, {year} and {key})");
    check_refused("", "empty pattern");
    return CHECK_DONE();
}
