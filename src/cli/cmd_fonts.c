/* `raingan fonts`: which font file each family used by the templates resolves
 * to, in which styles, and whether printing falls back to the bundled Laksaman. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "text/font.h"
#include "util/atomic_file.h"
#include "util/paths.h"

int cmd_fonts(int argc, char **argv);

typedef struct family_list {
    char *families;
    char *sources;    /* where it was found: "default", template file names */
} family_list;

typedef struct lists {
    family_list *items;
    size_t count;
} lists;

static int add_list(lists *l, const char *families, size_t len, const char *source)
{
    for (size_t i = 0; i < l->count; i++) {
        if (strlen(l->items[i].families) == len && !strncmp(l->items[i].families, families, len)) {
            if (strstr(l->items[i].sources, source))
                return 0;
            size_t n = strlen(l->items[i].sources) + strlen(source) + 3;
            char *s = realloc(l->items[i].sources, n);
            if (!s)
                return -1;
            strcat(strcat(s, ", "), source);
            l->items[i].sources = s;
            return 0;
        }
    }
    family_list *items = realloc(l->items, (l->count + 1) * sizeof *items);
    if (!items)
        return -1;
    l->items = items;
    items[l->count].families = strndup(families, len);
    items[l->count].sources = strdup(source);
    if (!items[l->count].families || !items[l->count].sources) {
        free(items[l->count].families);
        free(items[l->count].sources);
        return -1;
    }
    l->count++;
    return 0;
}

/* Collects the font="..." attribute values of one template file. */
static int scan_template(lists *l, const char *path, const char *name)
{
    char *text;
    size_t len;
    rg_error err;
    if (rg_read_file(path, &text, &len, &err) < 0)
        return 0;   /* unreadable templates are reported by the commands that use them */
    int rc = 0;
    for (const char *p = text; rc == 0 && (p = strstr(p, "font=")); p += 5) {
        if (p > text && (p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n' && p[-1] != '\r'))
            continue;   /* e.g. title-font= is another attribute */
        char quote = p[5];
        if (quote != '"' && quote != '\'')
            continue;
        const char *end = strchr(p + 6, quote);
        if (end && end > p + 6)
            rc = add_list(l, p + 6, (size_t)(end - p - 6), name);
    }
    free(text);
    return rc;
}

/* Scans dir (and its subdirectories, two levels: templates/parts/...) for
 * *.xml files; names are reported relative to the templates directory. */
static int scan_dir(lists *l, const char *dir, const char *prefix, int depth)
{
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, NULL, alphasort);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        size_t len = strlen(name);
        char *path = name[0] != '.' ? rg_path_join(dir, name) : NULL;
        char shown[512];
        snprintf(shown, sizeof shown, "%s%s", prefix, name);
        if (rc == 0 && path) {
            struct stat st;
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth > 0) {
                char sub[512];
                snprintf(sub, sizeof sub, "%s/", shown);
                rc = scan_dir(l, path, sub, depth - 1);
            } else if (len > 4 && !strcmp(name + len - 4, ".xml")) {
                rc = scan_template(l, path, shown);
            }
        }
        free(path);
        free(entries[i]);
    }
    free(entries);
    return rc;
}

static int scan_templates(lists *l)
{
    char *dir = rg_path_join(rg_data_dir(), "templates");
    if (!dir)
        return -1;
    int rc = scan_dir(l, dir, "", 2);
    free(dir);
    return rc;
}

static const char *const style_names[4] = {"regular", "bold", "italic", "bold italic"};

static int report(rg_fontlib *lib, const family_list *fl, rg_error *err)
{
    printf("\"%s\"  (used by: %s)\n", fl->families, fl->sources);
    const char *p = fl->families;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        while (n && (*p == ' ' || *p == '"' || *p == '\''))
            p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '"' || p[n - 1] == '\''))
            n--;
        char family[256];
        if (n && n < sizeof family) {
            memcpy(family, p, n);
            family[n] = '\0';
            const char *file;
            int found = rg_fontlib_find_file(lib, family, RG_STYLE_REGULAR, 0, &file, err);
            if (found < 0)
                return -1;
            if (!found) {
                printf("  %-22s not installed\n", family);
            } else {
                printf("  %-22s %s\n", family, file);
                printf("  %-22s styles:", "");
                int any = 0;
                for (int s = 0; s < 4; s++) {
                    const char *styled;
                    int has = rg_fontlib_find_file(lib, family, (rg_font_style)s, 1, &styled, err);
                    if (has < 0)
                        return -1;
                    if (has) {
                        printf("%s %s", any ? "," : "", style_names[s]);
                        any = 1;
                    }
                }
                printf("%s\n", any ? "" : " none");
            }
        }
        p = comma ? comma + 1 : p + strlen(p);
    }
    for (int s = 0; s < 4; s++) {
        rg_font *font = rg_fontlib_font(lib, fl->families, (rg_font_style)s, err);
        if (!font)
            return -1;
        const rg_face *face = rg_font_face(font, 0);
        printf("  => %-12s %s %s (%s)%s%s\n", style_names[s], rg_face_family(face),
               rg_face_style_name(face), rg_face_path(face),
               rg_font_is_exact(font) ? "" : " [style not available: regular used]",
               rg_font_is_fallback(font) ? " FALLBACK" : "");
    }
    rg_font *regular = rg_fontlib_font(lib, fl->families, RG_STYLE_REGULAR, err);
    if (rg_font_is_fallback(regular))
        printf("  NOTE: none of these families is installed; documents print with the bundled "
               "Laksaman (metric-compatible with TH Sarabun PSK).\n");
    else if (!strcmp(rg_face_family(rg_font_face(regular, 0)), RG_FALLBACK_FONT_FAMILY))
        printf("  NOTE: falls back to the bundled Laksaman (metric-compatible with TH Sarabun PSK); "
               "install TH Sarabun New for the official face.\n");
    printf("\n");
    return 0;
}

/* Where the answers above came from (docs/thai-text.md, "Font lookup cache"). */
static void report_cache(const rg_fontlib *lib)
{
    const char *path = rg_fontlib_cache_path(lib), *note;
    int used = rg_fontlib_cache_used(lib, &note);
    if (!path)
        printf("font lookup cache: off (RAINGAN_FONT_CACHE=off); fontconfig answers every run\n");
    else if (used)
        printf("font lookup cache: %s (answers above from the cache; fontconfig not loaded)\n", path);
    else
        printf("font lookup cache: %s (fontconfig consulted%s%s)\n", path, *note ? ": " : "", note);
}

int cmd_fonts(int argc, char **argv)
{
    static const struct option options[] = {
        {"font", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    lists l = {NULL, 0};
    rg_error err = {RG_OK, ""};
    int rc = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
        switch (c) {
        case 'f': rc |= add_list(&l, optarg, strlen(optarg), "--font"); break;
        case 'h':
            printf("usage: raingan fonts [--font \"FAMILY, FAMILY...\"]...\n"
                   "Shows the font files the templates' font families resolve to.\n");
            return 0;
        default:
            rg_error_set(&err, RG_ERR_USAGE, "unknown option or missing value: '%s' (see --help)",
                         argv[optind - 1]);
            return rg_cli_fail("fonts", &err);
        }
    }
    rc |= add_list(&l, RG_DEFAULT_FONT_FAMILIES, strlen(RG_DEFAULT_FONT_FAMILIES), "default");
    rc |= scan_templates(&l);
    rg_fontlib *lib = NULL;
    if (rc)
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
    else if (!(lib = rg_fontlib_new(&err)))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < l.count; i++)
        rc = report(lib, &l.items[i], &err);
    if (rc == 0)
        report_cache(lib);
    for (size_t i = 0; i < l.count; i++) {
        free(l.items[i].families);
        free(l.items[i].sources);
    }
    free(l.items);
    rg_fontlib_free(lib);
    return rc ? rg_cli_fail("fonts", &err) : 0;
}
