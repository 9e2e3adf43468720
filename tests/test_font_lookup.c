/* The font lookup cache (src/text/font_lookup.c), within one process, where
 * the command-line test (font_cache.sh) cannot reach: answers read from the
 * cache must never be written back under newer stamps without being asked
 * again, and the bundled font directory is one of the stamped places.
 *
 * A private fontconfig configuration (FONTCONFIG_FILE) with one font
 * directory that the test fills; file times are set in the past, because
 * changes of the last two seconds are deliberately not cached. */
#define _GNU_SOURCE   /* utimes, mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "text/font_lookup.h"
#include "util/atomic_file.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static char root[64], font_dir[128], app_dir[128], cache[128], conf[128];

/* Sets path's times to `ago` seconds before now. */
static void age(const char *path, int ago)
{
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec -= ago;
    tv[1] = tv[0];
    CHECK(utimes(path, tv) == 0);
}

static void copy_file(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    rg_error err;
    CHECK(rg_read_file(from, &data, &len, &err) == 0);
    CHECK(data && rg_write_file_atomic(to, data, len, &err) == 0);
    free(data);
}

/* The file a new lookup (as a new process would make) gives for family, or NULL. */
static char *ask(const char *family)
{
    rg_error err;
    rg_font_lookup *lookup = rg_font_lookup_new(app_dir, &err);
    char *path = NULL;
    unsigned index = 0;
    int exact = 0;
    CHECK(lookup != NULL);
    if (lookup)
        CHECK(rg_font_lookup_find(lookup, family, RG_STYLE_REGULAR, &path, &index, &exact, &err) >= 0);
    rg_font_lookup_free(lookup);
    return path;
}

static int contains(const char *path, const char *part)
{
    return path && strstr(path, part) != NULL;
}

/* Answers held from the cache file, then fonts change, then a new question
 * loads fontconfig: what is written must be fontconfig's answers now. */
static void test_no_restamping_of_old_answers(void)
{
    char *before = ask("DejaVu Sans");   /* not installed: cached as such */
    CHECK(before == NULL);
    free(before);

    rg_error err;
    rg_font_lookup *lookup = rg_font_lookup_new(app_dir, &err);
    char *path = NULL;
    unsigned index = 0;
    int exact = 0;
    CHECK_INT(rg_font_lookup_find(lookup, "DejaVu Sans", RG_STYLE_REGULAR, &path, &index, &exact, &err), 0);
    CHECK(!rg_font_lookup_loaded_fontconfig(lookup));   /* answered by the cache */

    char installed[256];
    snprintf(installed, sizeof installed, "%s/DejaVuSans.ttf", font_dir);
    copy_file(DEJAVU, installed);
    age(font_dir, 30);   /* changed, but not "moments ago" */

    CHECK_INT(rg_font_lookup_find(lookup, "No Such Family", RG_STYLE_REGULAR, &path, &index, &exact, &err), 0);
    CHECK(rg_font_lookup_loaded_fontconfig(lookup));
    rg_font_lookup_free(lookup);

    char *after = ask("DejaVu Sans");
    CHECK(contains(after, font_dir));
    free(after);
}

/* A font added to the bundled directory (a newer raingan, an administrator)
 * is seen although fontconfig's own lists do not name that directory. */
static void test_bundled_directory_is_stamped(void)
{
    char *before = ask("DejaVu Sans Mono");
    CHECK(before == NULL);
    free(before);
    char bundled[256];
    snprintf(bundled, sizeof bundled, "%s/DejaVuSansMono.ttf", app_dir);
    copy_file("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", bundled);
    age(app_dir, 20);
    char *after = ask("DejaVu Sans Mono");
    CHECK(contains(after, app_dir));
    free(after);
}

int main(void)
{
    if (access(DEJAVU, R_OK) != 0) {
        printf("SKIP: %s missing (fonts-dejavu-core)\n", DEJAVU);
        return 77;
    }
    snprintf(root, sizeof root, "%s/raingan-lookup.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        return 1;
    snprintf(font_dir, sizeof font_dir, "%s/fonts", root);
    snprintf(app_dir, sizeof app_dir, "%s/bundled", root);
    /* The caches apart: the directory of fonts.conf is one of the stamped places. */
    char state[128];
    snprintf(state, sizeof state, "%s/state", root);
    mkdir(state, 0755);
    snprintf(cache, sizeof cache, "%s/fonts.cache", state);
    snprintf(conf, sizeof conf, "%s/fonts.conf", root);
    mkdir(font_dir, 0755);
    mkdir(app_dir, 0755);
    char text[512];
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir><cachedir>%s/fccache</cachedir>"
             "</fontconfig>\n", font_dir, state);
    rg_error err;
    CHECK(rg_write_file_atomic(conf, text, strlen(text), &err) == 0);
    age(font_dir, 60);
    age(app_dir, 60);
    age(conf, 60);
    age(root, 60);
    setenv("FONTCONFIG_FILE", conf, 1);
    setenv("RAINGAN_FONT_CACHE", cache, 1);

    test_no_restamping_of_old_answers();
    test_bundled_directory_is_stamped();

    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return CHECK_DONE();
}
