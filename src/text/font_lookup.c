/* Family and style -> font file through fontconfig, with the answers cached on
 * disk and validated by stamps (font_lookup.h explains the design). */
#include "text/font_lookup.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "text/text_internal.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/paths.h"
#include "util/vec.h"

/* Bump when the file format or what the answers mean changes. */
#define CACHE_MAGIC "raingan-font-cache\t2"

typedef struct answer {
    char *family;           /* as asked */
    int style;              /* rg_font_style */
    char *path;             /* NULL: no such family */
    unsigned index;
    int exact;
} answer;

/* What a file or directory looked like when the answers were obtained. */
typedef struct stamp {
    char *path;
    int present;
    unsigned long long dev, ino;
    long long size, sec, nsec;
} stamp;

struct rg_font_lookup {
    char *app_font_dir;
    char *cache_path;       /* NULL: cache off */
    uint64_t key;           /* fontconfig version and environment */
    FcConfig *config;       /* loaded on the first question the cache cannot answer */
    int cache_read;
    answer *answers;
    size_t answer_count, answer_cap;
    stamp *stamps;          /* taken when fontconfig was loaded */
    size_t stamp_count, stamp_cap;
    int stamps_complete;    /* every place the answers depend on is stamped */
    int stamps_recent;      /* one of them changed moments ago: do not cache yet */
    char *cwd;              /* set when a stamped place lies under the working
                               directory (a "cwd"-relative <dir>): the answers
                               hold only there */
    char note[256];
};

static void answer_free(answer *a)
{
    free(a->family);
    free(a->path);
}

static void stamps_clear(rg_font_lookup *lookup)
{
    for (size_t i = 0; i < lookup->stamp_count; i++)
        free(lookup->stamps[i].path);
    lookup->stamp_count = 0;
}

static void answers_clear(rg_font_lookup *lookup)
{
    for (size_t i = 0; i < lookup->answer_count; i++)
        answer_free(&lookup->answers[i]);
    lookup->answer_count = 0;
}

static void set_note(rg_font_lookup *lookup, const char *fmt, const char *detail)
{
    snprintf(lookup->note, sizeof lookup->note, fmt, detail);
}

/* --- where the cache is, and what it depends on ------------------------------------ */

static char *default_cache_path(void)
{
    const char *env = getenv("RAINGAN_FONT_CACHE");
    if (env && *env)
        return strcmp(env, "off") == 0 ? NULL : strdup(env);
    rg_buf path = RG_BUF_INIT;
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int rc;
    if (xdg && xdg[0] == '/')
        rc = rg_buf_printf(&path, "%s/raingan/fonts.cache", xdg);
    else if (home && home[0] == '/')
        rc = rg_buf_printf(&path, "%s/.cache/raingan/fonts.cache", home);
    else
        return NULL;
    if (rc < 0) {
        rg_buf_free(&path);
        return NULL;
    }
    return rg_buf_steal(&path);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : "\x01"); *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull;   /* separator: "ab","c" != "a","bc" */
}

/* The answers hold only for the same raingan and fontconfig reading the
 * same places in the same language: these variables choose which
 * configuration and directories fontconfig reads, and the language it
 * prefers among faces of a family. */
static uint64_t environment_key(const char *app_font_dir)
{
    static const char *const vars[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT",
                                       "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                       "XDG_CACHE_HOME", "FC_LANG", "LC_ALL", "LC_CTYPE", "LANG"};
    char version[32];
    snprintf(version, sizeof version, "%d", FcGetVersion());
    uint64_t h = hash_str(0xcbf29ce484222325ull, CACHE_MAGIC);
    h = hash_str(h, PACKAGE_VERSION);
    h = hash_str(h, version);
    h = hash_str(h, app_font_dir);
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        h = hash_str(h, getenv(vars[i]));
    return h;
}

static void stamp_take(stamp *s)
{
    struct stat st;
    s->present = stat(s->path, &st) == 0;
    s->dev = s->present ? (unsigned long long)st.st_dev : 0;
    s->ino = s->present ? (unsigned long long)st.st_ino : 0;
    s->size = s->present ? (long long)st.st_size : 0;
    s->sec = s->present ? (long long)st.st_mtim.tv_sec : 0;
    s->nsec = s->present ? (long long)st.st_mtim.tv_nsec : 0;
}

static int stamp_matches(const stamp *s)
{
    stamp now = *s;
    stamp_take(&now);
    return now.present == s->present && now.dev == s->dev && now.ino == s->ino
           && now.size == s->size && now.sec == s->sec && now.nsec == s->nsec;
}

/* Adds path (and takes its stamp) unless it is there already. */
static int stamp_add(rg_font_lookup *lookup, const char *path)
{
    if (!path || !*path)
        return 0;
    if (strpbrk(path, "\t\n")) {
        lookup->stamps_complete = 0;   /* cannot be written down: do not cache */
        return 0;
    }
    for (size_t i = 0; i < lookup->stamp_count; i++) {
        if (strcmp(lookup->stamps[i].path, path) == 0)
            return 0;
    }
    stamp *stamps = rg_vec_reserve(lookup->stamps, lookup->stamp_count, &lookup->stamp_cap,
                                   sizeof *stamps, 64);
    if (!stamps)
        return -1;
    lookup->stamps = stamps;
    stamp *s = &stamps[lookup->stamp_count];
    if (!(s->path = strdup(path)))
        return -1;
    stamp_take(s);
    lookup->stamp_count++;
    return 0;
}

/* path and the directory holding it: a file added beside it changes that
 * directory (a new conf.d entry, a local.conf created). */
static int stamp_add_with_dir(rg_font_lookup *lookup, const char *path)
{
    if (stamp_add(lookup, path) < 0)
        return -1;
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    char *dir = strndup(path, (size_t)(slash - path));
    int rc = dir ? stamp_add(lookup, dir) : -1;
    free(dir);
    return rc;
}

static int stamp_add_list(rg_font_lookup *lookup, FcStrList *list, int with_dir)
{
    if (!list)
        return -1;
    int rc = 0;
    FcChar8 *s;
    while (rc == 0 && (s = FcStrListNext(list)))
        rc = with_dir ? stamp_add_with_dir(lookup, (const char *)s)
                      : stamp_add(lookup, (const char *)s);
    FcStrListDone(list);
    return rc;
}

/* Where a user's configuration would be read from if it existed: its
 * appearing must invalidate answers given without it. */
static int stamp_add_user_config(rg_font_lookup *lookup)
{
    const char *home = getenv("HOME");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    rg_buf path = RG_BUF_INIT;
    int rc = 0;
    if (xdg && *xdg)
        rc = rg_buf_printf(&path, "%s/fontconfig/fonts.conf", xdg);
    else if (home && *home)
        rc = rg_buf_printf(&path, "%s/.config/fontconfig/fonts.conf", home);
    if (rc == 0 && path.len)
        rc = stamp_add_with_dir(lookup, path.data);
    if (rc == 0 && path.len) {
        path.data[path.len - strlen("/fontconfig/fonts.conf")] = '\0';
        rc = stamp_add(lookup, path.data);   /* the fontconfig directory appearing */
    }
    if (rc == 0 && home && *home) {
        rg_buf_reset(&path);
        rc = rg_buf_printf(&path, "%s/.fonts.conf", home);
        if (rc == 0)
            rc = stamp_add(lookup, path.data);
        rg_buf_reset(&path);
        if (rc == 0)
            rc = rg_buf_printf(&path, "%s/.fonts.conf.d", home);
        if (rc == 0)
            rc = stamp_add(lookup, path.data);
    }
    const char *file = getenv("FONTCONFIG_FILE");
    if (rc == 0 && file && file[0] == '/')
        rc = stamp_add_with_dir(lookup, file);
    rg_buf_free(&path);
    return rc;
}

/* Taken right after fontconfig has read its configuration and checked its
 * own caches against the font directories, so the stamps describe what the
 * answers were computed from. */
static int stamps_take_all(rg_font_lookup *lookup)
{
    stamps_clear(lookup);
    lookup->stamps_complete = 1;
    /* The bundled fonts are an application directory, which fontconfig's
     * lists leave out: a raingan that bundles another family changes it. */
    if (stamp_add_list(lookup, FcConfigGetConfigFiles(lookup->config), 1) < 0
        || stamp_add_list(lookup, FcConfigGetConfigDirs(lookup->config), 1) < 0
        || stamp_add_list(lookup, FcConfigGetFontDirs(lookup->config), 0) < 0
        || stamp_add(lookup, lookup->app_font_dir) < 0
        || stamp_add_user_config(lookup) < 0) {
        lookup->stamps_complete = 0;
        return -1;
    }
    free(lookup->cwd);
    lookup->cwd = NULL;
    char here[4096];
    if (getcwd(here, sizeof here)) {
        size_t n = strlen(here);
        for (size_t i = 0; i < lookup->stamp_count && !lookup->cwd; i++) {
            const char *p = lookup->stamps[i].path;
            if (n > 1 && strncmp(p, here, n) == 0 && (p[n] == '/' || !p[n])
                && !(lookup->cwd = strdup(here)))
                lookup->stamps_complete = 0;
        }
    }
    /* File times tick coarsely (a few milliseconds): a directory changed in
     * the same tick as its stamp could change again unseen. As git does for
     * its index, answers depending on anything that changed in the last two
     * seconds are not cached; the next run caches them. */
    time_t now = time(NULL);
    lookup->stamps_recent = 0;
    for (size_t i = 0; i < lookup->stamp_count; i++) {
        if (lookup->stamps[i].present && lookup->stamps[i].sec >= (long long)now - 2)
            lookup->stamps_recent = 1;
    }
    return 0;
}

/* --- the cache file ------------------------------------------------------------------ */

/* Splits line in place at tabs into exactly n fields. */
static int split_fields(char *line, char **fields, int n)
{
    for (int i = 0; i < n; i++) {
        fields[i] = line;
        char *tab = strchr(line, '\t');
        if (i == n - 1)
            return tab ? -1 : 0;
        if (!tab)
            return -1;
        *tab = '\0';
        line = tab + 1;
    }
    return 0;
}

static int parse_ull(const char *s, unsigned long long *v)
{
    char *end;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno || end == s || *end ? -1 : 0;
}

static int parse_ll(const char *s, long long *v)
{
    char *end;
    errno = 0;
    *v = strtoll(s, &end, 10);
    return errno || end == s || *end ? -1 : 0;
}

/* "stamp present dev ino size sec nsec path": 1 if it still matches, 0 if
 * not, -1 if malformed. */
static int check_stamp_line(char *line)
{
    char *f[8];
    stamp s;
    unsigned long long present;
    if (split_fields(line, f, 8) < 0 || parse_ull(f[1], &present) < 0 || present > 1
        || parse_ull(f[2], &s.dev) < 0 || parse_ull(f[3], &s.ino) < 0
        || parse_ll(f[4], &s.size) < 0 || parse_ll(f[5], &s.sec) < 0
        || parse_ll(f[6], &s.nsec) < 0)
        return -1;
    s.present = (int)present;
    s.path = f[7];
    return stamp_matches(&s);
}

/* "answer style exact index family path" (path empty: not found). */
static int add_answer_line(rg_font_lookup *lookup, char *line)
{
    char *f[6];
    unsigned long long style, exact, index;
    if (split_fields(line, f, 6) < 0 || parse_ull(f[1], &style) < 0 || style > 3
        || parse_ull(f[2], &exact) < 0 || exact > 1 || parse_ull(f[3], &index) < 0
        || index > 0xFFFF || !*f[4])
        return -1;
    answer *answers = rg_vec_reserve(lookup->answers, lookup->answer_count, &lookup->answer_cap,
                                     sizeof *answers, 8);
    if (!answers)
        return -1;
    lookup->answers = answers;
    answer *a = &answers[lookup->answer_count];
    a->family = strdup(f[4]);
    a->path = *f[5] ? strdup(f[5]) : NULL;
    a->style = (int)style;
    a->exact = (int)exact;
    a->index = (unsigned)index;
    if (!a->family || (*f[5] && !a->path)) {
        answer_free(a);
        return -1;
    }
    lookup->answer_count++;
    return 0;
}

static int same_cwd(const char *cached)
{
    char here[4096];
    return getcwd(here, sizeof here) && strcmp(here, cached) == 0;
}

/* Loads the cached answers if the file is ours, for this environment, and
 * every stamp in it still matches; otherwise leaves no answers and says why. */
static void cache_read(rg_font_lookup *lookup)
{
    lookup->cache_read = 1;
    if (!lookup->cache_path)
        return;
    char *text = NULL;
    size_t len = 0;
    rg_error ignored;
    if (rg_read_file(lookup->cache_path, &text, &len, &ignored) < 0) {
        set_note(lookup, "%s", "no cache yet");
        return;
    }
    char expected_key[32];
    snprintf(expected_key, sizeof expected_key, "key\t%016" PRIx64, lookup->key);
    int line_no = 0, valid = 1;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && valid;
         line = strtok_r(NULL, "\n", &save), line_no++) {
        if (line_no == 0)
            valid = strcmp(line, CACHE_MAGIC) == 0;
        else if (line_no == 1)
            valid = strcmp(line, expected_key) == 0;
        else if (strncmp(line, "cwd\t", 4) == 0)
            valid = same_cwd(line + 4);
        else if (strncmp(line, "stamp\t", 6) == 0)
            valid = check_stamp_line(line) == 1;
        else if (strncmp(line, "answer\t", 7) == 0)
            valid = add_answer_line(lookup, line) == 0;
        else
            valid = 0;
    }
    free(text);
    if (!valid || line_no < 2) {
        answers_clear(lookup);
        set_note(lookup, "%s", "fonts or fontconfig's configuration changed since it was written");
    }
}

static int format_cache(const rg_font_lookup *lookup, rg_buf *out)
{
    int rc = rg_buf_printf(out, "%s\nkey\t%016" PRIx64 "\n", CACHE_MAGIC, lookup->key);
    if (rc == 0 && lookup->cwd)
        rc = rg_buf_printf(out, "cwd\t%s\n", lookup->cwd);
    for (size_t i = 0; rc == 0 && i < lookup->stamp_count; i++) {
        const stamp *s = &lookup->stamps[i];
        rc = rg_buf_printf(out, "stamp\t%d\t%llu\t%llu\t%lld\t%lld\t%lld\t%s\n", s->present,
                           s->dev, s->ino, s->size, s->sec, s->nsec, s->path);
    }
    for (size_t i = 0; rc == 0 && i < lookup->answer_count; i++) {
        const answer *a = &lookup->answers[i];
        /* A name that cannot be written as one field is answered, not cached. */
        if (strpbrk(a->family, "\t\n") || (a->path && strpbrk(a->path, "\t\n")))
            continue;
        rc = rg_buf_printf(out, "answer\t%d\t%d\t%u\t%s\t%s\n", a->style, a->exact, a->index,
                           a->family, a->path ? a->path : "");
    }
    return rc;
}

/* Best effort by design (font_lookup.h): a cache that cannot be written
 * leaves a note for `raingan fonts`, and the document is printed anyway. */
static void cache_write(rg_font_lookup *lookup)
{
    if (!lookup->cache_path)
        return;
    if (!lookup->stamps_complete) {
        set_note(lookup, "%s", "not written: a place fontconfig reads could not be stamped");
        return;
    }
    if (lookup->stamps_recent) {
        set_note(lookup, "%s", "not written: fonts or their configuration changed moments ago "
                               "(written on a later run)");
        return;
    }
    rg_buf text = RG_BUF_INIT;
    rg_error err;
    rg_error_clear(&err);
    if (format_cache(lookup, &text) < 0)
        set_note(lookup, "%s", "not written: out of memory");
    else if (rg_make_parent_dirs(lookup->cache_path, 0700, &err) < 0)
        set_note(lookup, "not written: cannot create its directory (%s)", strerror(errno));
    else if (rg_write_file_atomic(lookup->cache_path, text.data, text.len, &err) < 0)
        set_note(lookup, "not written: %s", err.message);
    rg_buf_free(&text);
}

/* --- fontconfig ------------------------------------------------------------------------ */

static int fontconfig_find(rg_font_lookup *lookup, const char *family, rg_font_style style,
                           answer *a);

/* The answers held so far (from the cache file) asked again of the
 * fontconfig just loaded: whatever is written next must be what the new
 * stamps describe, even if fonts changed since the file was read. */
static int reask_all(rg_font_lookup *lookup)
{
    for (size_t i = 0; i < lookup->answer_count; i++) {
        answer *a = &lookup->answers[i];
        answer fresh = {a->family, a->style, NULL, 0, 1};
        if (fontconfig_find(lookup, a->family, (rg_font_style)a->style, &fresh) < 0)
            return -1;
        free(a->path);
        a->path = fresh.path;
        a->index = fresh.index;
        a->exact = fresh.exact;
    }
    return 0;
}

static int fontconfig_load(rg_font_lookup *lookup, rg_error *err)
{
    if (lookup->config)
        return 0;
    FcConfig *config = FcInitLoadConfigAndFonts();
    if (!config)
        return rg_error_set(err, RG_ERR_FONT, "fontconfig cannot load its configuration");
    /* The bundled directory may be missing from fontconfig's view (read-only,
     * no cache): the fallback faces are loaded by path either way. */
    FcConfigAppFontAddDir(config, (const FcChar8 *)lookup->app_font_dir);
    lookup->config = config;
    if (stamps_take_all(lookup) < 0 || reask_all(lookup) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory reading fontconfig's configuration");
    return 0;
}

/* fontconfig's best match for family+style, accepted only if its family is
 * the one asked for (fontconfig always returns *something*). */
static int fontconfig_find(rg_font_lookup *lookup, const char *family, rg_font_style style,
                           answer *a)
{
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return -1;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, style & RG_STYLE_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, style & RG_STYLE_ITALIC ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(lookup->config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(lookup->config, pat, &result);
    FcPatternDestroy(pat);
    if (!match)
        return 0;
    int family_ok = 0;
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &s) == FcResultMatch; i++) {
        if (rg_family_equal((const char *)s, family))
            family_ok = 1;
    }
    /* Glyphs are embedded as TrueType outlines (no CFF-based OpenType). */
    FcChar8 *format = NULL;
    int truetype = FcPatternGetString(match, FC_FONTFORMAT, 0, &format) == FcResultMatch
                   && strcmp((const char *)format, "TrueType") == 0;
    FcChar8 *file;
    int rc = 0;
    if (family_ok && truetype && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, idx = 0;
        FcPatternGetInteger(match, FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(match, FC_SLANT, 0, &slant);
        FcPatternGetInteger(match, FC_INDEX, 0, &idx);
        int bold = weight >= FC_WEIGHT_DEMIBOLD, italic = slant != FC_SLANT_ROMAN;
        a->exact = bold == !!(style & RG_STYLE_BOLD) && italic == !!(style & RG_STYLE_ITALIC);
        a->index = (unsigned)idx;
        rc = (a->path = strdup((const char *)file)) ? 0 : -1;
    }
    FcPatternDestroy(match);
    return rc;
}

/* --- the lookup ------------------------------------------------------------------------ */

rg_font_lookup *rg_font_lookup_new(const char *app_font_dir, rg_error *err)
{
    rg_font_lookup *lookup = calloc(1, sizeof *lookup);
    if (!lookup || !(lookup->app_font_dir = strdup(app_font_dir))) {
        free(lookup);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory opening fonts");
        return NULL;
    }
    lookup->cache_path = default_cache_path();
    lookup->key = environment_key(app_font_dir);
    return lookup;
}

void rg_font_lookup_free(rg_font_lookup *lookup)
{
    if (!lookup)
        return;
    answers_clear(lookup);
    free(lookup->answers);
    stamps_clear(lookup);
    free(lookup->stamps);
    if (lookup->config)
        FcConfigDestroy(lookup->config);
    free(lookup->cache_path);
    free(lookup->app_font_dir);
    free(lookup->cwd);
    free(lookup);
}

static const answer *known_answer(const rg_font_lookup *lookup, const char *family,
                                  rg_font_style style)
{
    for (size_t i = 0; i < lookup->answer_count; i++) {
        const answer *a = &lookup->answers[i];
        if (a->style == (int)style && strcmp(a->family, family) == 0)
            return a;
    }
    return NULL;
}

/* Asks fontconfig and remembers the answer (in memory and in the cache). */
static const answer *new_answer(rg_font_lookup *lookup, const char *family, rg_font_style style,
                                rg_error *err)
{
    if (!lookup->config && !*lookup->note)
        set_note(lookup, "%s", "a question it did not have yet");
    if (fontconfig_load(lookup, err) < 0)
        return NULL;
    answer *answers = rg_vec_reserve(lookup->answers, lookup->answer_count, &lookup->answer_cap,
                                     sizeof *answers, 8);
    if (!answers) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving font %s", family);
        return NULL;
    }
    lookup->answers = answers;
    answer *a = &answers[lookup->answer_count];
    memset(a, 0, sizeof *a);
    a->style = (int)style;
    a->exact = 1;
    if (!(a->family = strdup(family)) || fontconfig_find(lookup, family, style, a) < 0) {
        answer_free(a);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving font %s", family);
        return NULL;
    }
    lookup->answer_count++;
    cache_write(lookup);
    return a;
}

int rg_font_lookup_refresh(rg_font_lookup *lookup, rg_error *err)
{
    if (lookup->config)
        return 0;
    if (!lookup->cache_read)
        cache_read(lookup);
    set_note(lookup, "%s", "a font file it named could not be read");
    if (fontconfig_load(lookup, err) < 0)
        return -1;
    cache_write(lookup);
    return 1;
}

int rg_font_lookup_find(rg_font_lookup *lookup, const char *family, rg_font_style style,
                        char **path, unsigned *index, int *exact, rg_error *err)
{
    style &= RG_STYLE_BOLD_ITALIC;
    *path = NULL;
    if (!lookup->cache_read)
        cache_read(lookup);
    const answer *a = known_answer(lookup, family, style);
    if (!a && !(a = new_answer(lookup, family, style, err)))
        return -1;
    if (!a->path)
        return 0;
    if (!(*path = strdup(a->path)))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving font %s", family);
    *index = a->index;
    *exact = a->exact;
    return 1;
}

void rg_font_lookup_release(rg_font_lookup *lookup)
{
    if (lookup->config)
        FcConfigDestroy(lookup->config);
    lookup->config = NULL;
}

const char *rg_font_lookup_cache_path(const rg_font_lookup *lookup) { return lookup->cache_path; }
int rg_font_lookup_loaded_fontconfig(const rg_font_lookup *lookup) { return lookup->config != NULL; }
const char *rg_font_lookup_cache_note(const rg_font_lookup *lookup) { return lookup->note; }
