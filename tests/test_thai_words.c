/* The word list kept whole at line ends (src/text/thai_words.c): read from
 * the templates directory in use, else the installed one; checked through
 * the break flags the line breaker gives at a compound's inner boundary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "text/linebreak.h"
#include "text/thai_words.h"
#include "util/buf.h"
#include "util/paths.h"

static char warnings[4096];

static void collect_warning(const char *message, void *user)
{
    (void)user;
    size_t n = strlen(warnings);
    snprintf(warnings + n, sizeof warnings - n, "%s\n", message);
}

/* The break flags before byte `at` of text (`at` = strlen of a prefix). */
static int flags_at(const char *text, const char *prefix)
{
    size_t len = strlen(text), at = strlen(prefix);
    uint8_t *flags = calloc(len, 1);
    rg_error err;
    rg_error_clear(&err);
    int f = -1;
    if (flags && rg_linebreak_analyze(text, len, flags, &err) == 0 && at < len)
        f = flags[at] & (RG_BRK_ALLOWED | RG_BRK_FALLBACK);
    free(flags);
    return f;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
        abort();
}

static char *join(const char *dir, const char *name)
{
    char *p = rg_path_join(dir, name);
    if (!p)
        abort();
    return p;
}

static void use_dir(const char *dir)
{
    rg_error err;
    rg_error_clear(&err);
    CHECK(rg_thai_words_use_dir(dir, &err) == 0);
}

int main(void)
{
    rg_warning_set_sink(collect_warning, NULL);
    char tmpl[] = "/tmp/raingan-words.XXXXXX";
    char *root = mkdtemp(tmpl);
    if (!root)
        return 1;
    char *own = join(root, "own"), *none = join(root, "none"), *bad = join(root, "bad");
    char *own_list = join(own, "thai-words.txt"), *bad_list = join(bad, "thai-words.txt");
    char *installed = join(rg_data_dir(), "templates/thai-words.txt");
    if (mkdir(own, 0700) || mkdir(none, 0700) || mkdir(bad, 0700) || mkdir(bad_list, 0700))
        return 1;

    /* An own list longer than the old fixed cap of 512 words: filler first,
     * the word that matters last. */
    rg_buf list = RG_BUF_INIT;
    rg_buf_puts(&list, "# an office's own words\n");
    for (unsigned a = 0x0E01; a <= 0x0E2E; a++)
        for (unsigned b = 0x0E01; b <= 0x0E10; b++)
            rg_buf_printf(&list, "\xE0\xB8%c\xE0\xB8%c\n", (char)(0x80 + a - 0x0E00),
                          (char)(0x80 + b - 0x0E00));
    rg_buf_puts(&list, "not a word\n  สำนักงานเขต  \n");
    write_file(own_list, list.data);
    rg_buf_free(&list);

    const char *text = "สำนักงานเขตบางรัก กรุงเทพมหานคร";
    /* The directory's own list: สำนักงาน|เขต becomes a fallback, and the
     * installed list (กรุงเทพ|มหานคร) is replaced, not added to. */
    use_dir(own);
    CHECK_STR(rg_thai_words_file(), own_list);
    CHECK_INT(flags_at(text, "สำนักงาน"), RG_BRK_FALLBACK);
    CHECK_INT(flags_at(text, "สำนักงานเขต"), RG_BRK_ALLOWED);
    CHECK_INT(flags_at(text, "สำนักงานเขตบางรัก กรุงเทพ"), RG_BRK_ALLOWED);
    CHECK(strstr(warnings, "/own/thai-words.txt:") && strstr(warnings, "`not a word` ignored"));

    /* A directory without a list: the installed one. */
    use_dir(none);
    CHECK_STR(rg_thai_words_file(), installed);
    CHECK_INT(flags_at(text, "สำนักงาน"), RG_BRK_ALLOWED);
    CHECK_INT(flags_at(text, "สำนักงานเขตบางรัก กรุงเทพ"), RG_BRK_FALLBACK);

    /* A list that cannot be read: warned about, the installed one used. */
    warnings[0] = '\0';
    use_dir(bad);
    CHECK_STR(rg_thai_words_file(), installed);
    CHECK(strstr(warnings, "cannot read ") && strstr(warnings, "/bad/thai-words.txt"));

    /* No directory given: $RAINGAN_TEMPLATES, as `raingan render` does. */
    setenv("RAINGAN_TEMPLATES", own, 1);
    use_dir(NULL);
    CHECK_STR(rg_thai_words_file(), own_list);
    CHECK_INT(flags_at(text, "สำนักงาน"), RG_BRK_FALLBACK);
    unsetenv("RAINGAN_TEMPLATES");
    use_dir(NULL);
    CHECK_STR(rg_thai_words_file(), installed);

    unlink(own_list);
    rmdir(own);
    rmdir(none);
    rmdir(bad_list);
    rmdir(bad);
    rmdir(root);
    free(own);
    free(none);
    free(bad);
    free(own_list);
    free(bad_list);
    free(installed);
    return CHECK_DONE();
}
