/* Counts the lines a typesetter would send back (docs/thai-text.md,
 * "Paragraph-wide line breaking"), first fit (the breaking before) against
 * paragraph-wide (now), on:
 *   --seeds           the five example documents (examples/seed-*.json through
 *                     their forms, every wrapped paragraph the layout lays out);
 *   --text FILE...    plain text, one paragraph a line;
 *   --mo FILE...      the translations of gettext catalogues (Debian ships Thai
 *                     ones in /usr/share/locale/th/LC_MESSAGES);
 * the texts laid out in Laksaman 16 pt, Thai distributed, at 160, 300 and
 * 450 pt (a table cell, a half column, a page's measure). Prints one table row
 * per corpus and method. With --no-worse it exits 1 when paragraph-wide
 * breaking gives more loose lines, compound splits or separated numbers than
 * first fit on some corpus (tests/line_breaks.sh). RAINGAN_DATA = the source
 * tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "store/store.h"
#include "template/template.h"
#include "text/font.h"
#include "text/paragraph.h"
#include "util/buf.h"
#include "util/paths.h"

static const struct seed {
    const char *json, *form, *key;
} seeds[] = {
    {"seed-000-progress-2561.json", "progress-report", "04010000-3614"},
    {"seed-001-indicator-2563.json", "indicator-report", "indicator-2563-3"},
    {"seed-002-progress-2566.json", "progress-report", "50310000-2961"},
    {"seed-003-progress-2563.json", "progress-report", "21000000-3165"},
    {"seed-004-plan-2563.json", "development-plan", "hatyai-info-center-2563"},
};

static const float widths[] = {160, 300, 450};

static void print_row(const char *corpus, const char *method, const rg_break_stats *s)
{
    printf("%-28s %-15s %6zu %6zu %6zu %9zu %8zu %10zu\n", corpus, method, s->paragraphs, s->lines,
           s->loose_lines, s->compound_splits, s->separated_numbers, s->short_last_lines);
}

static int die(const char *what, const rg_error *err)
{
    fprintf(stderr, "break_counts: %s: %s\n", what, err->message);
    exit(2);
}

/* Lays out every seed document once; the stats sink collects. */
static void layout_seeds(rg_fontlib *fonts)
{
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        rg_error err;
        rg_error_clear(&err);
        char *json = rg_path_join(rg_data_dir(), "examples"), *file = NULL, *tpl_path = NULL;
        char name[128];
        snprintf(name, sizeof name, "templates/%s.xml", seeds[i].form);
        file = rg_path_join(json, seeds[i].json);
        tpl_path = rg_path_join(rg_data_dir(), name);
        rg_template *tpl = rg_template_load(tpl_path, &err);
        if (!tpl)
            die(tpl_path, &err);
        rg_store *store = rg_store_open_memory(&err);
        const char *files[1] = {file};
        if (!store || rg_store_import_files(store, files, 1, NULL, &err) < 0)
            die(file, &err);
        rg_bind_options bind;
        rg_bind_options_init(&bind);
        bind.id = seeds[i].key;
        rg_document *doc = rg_template_bind(tpl, rg_store_db(store), &bind, &err);
        if (!doc)
            die(seeds[i].key, &err);
        rg_display d;
        rg_display_init(&d);
        if (rg_layout_document(doc, fonts, &d, &err) < 0)
            die(seeds[i].key, &err);
        rg_display_free(&d);
        rg_document_free(doc);
        rg_store_close(store);
        rg_template_free(tpl);
        free(json);
        free(file);
        free(tpl_path);
    }
}

/* One paragraph of a text corpus at every width. */
static void layout_text(rg_font *font, const char *text, size_t len)
{
    rg_text_span span = {text, len, font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        rg_paragraph_format fmt = {widths[w], 0, 0, RG_ALIGN_THAI_DISTRIBUTED, 0, 0, 0};
        rg_paragraph para;
        rg_error err;
        rg_error_clear(&err);
        if (rg_paragraph_layout(&span, 1, &fmt, &para, &err) < 0)
            die("layout", &err);
        rg_paragraph_free(&para);
    }
}

/* 1 if text has a Thai letter. */
static int has_thai(const char *text, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if ((unsigned char)text[i] == 0xE0 && ((unsigned char)text[i + 1] & 0xFE) == 0xB8)
            return 1;
    return 0;
}

static void paragraph_of(rg_font *font, const char *text, size_t len)
{
    if (len >= 40 && has_thai(text, len))   /* long enough to wrap somewhere */
        layout_text(font, text, len);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "break_counts: cannot open %s\n", path);
        exit(2);
    }
    rg_buf b = RG_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        rg_buf_append(&b, chunk, got);
    fclose(fp);
    *len = b.len;
    return b.data ? b.data : strdup("");
}

static void layout_text_file(rg_font *font, const char *path)
{
    size_t len;
    char *data = read_all(path, &len);
    for (size_t start = 0; start < len;) {
        size_t end = start;
        while (end < len && data[end] != '\n')
            end++;
        paragraph_of(font, data + start, end - start);
        start = end + 1;
    }
    free(data);
}

static uint32_t u32(const unsigned char *p, int swap)
{
    return swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The translations of a .mo catalogue (GNU gettext's format: magic, count,
 * offset of the translation table of (length, offset) pairs); plural forms
 * are separated by NULs, each a paragraph. */
static void layout_mo_file(rg_font *font, const char *path)
{
    size_t len;
    unsigned char *data = (unsigned char *)read_all(path, &len);
    int swap = len >= 4 && u32(data, 0) != 0x950412de;
    if (len < 20 || u32(data, swap) != 0x950412de) {
        fprintf(stderr, "break_counts: %s is not a .mo catalogue\n", path);
        exit(2);
    }
    uint32_t count = u32(data + 8, swap), table = u32(data + 16, swap);
    for (uint32_t i = 0; i < count && (size_t)table + 8 * (i + 1) <= len; i++) {
        uint32_t n = u32(data + table + 8 * i, swap), off = u32(data + table + 8 * i + 4, swap);
        if ((size_t)off + n > len)
            break;
        const char *s = (const char *)data + off;
        for (uint32_t a = 0; a < n;) {
            uint32_t b = a;
            while (b < n && s[b])
                b++;
            paragraph_of(font, s + a, b - a);
            a = b + 1;
        }
    }
    free(data);
}

typedef struct corpus {
    const char *name;
    int kind;            /* 0 seeds, 1 text, 2 mo */
    char **files;
    int file_count;
} corpus;

static void run_corpus(const corpus *c, rg_fontlib *fonts, rg_font *font, rg_break_stats *s)
{
    memset(s, 0, sizeof *s);
    rg_paragraph_collect_stats(s);
    if (c->kind == 0)
        layout_seeds(fonts);
    for (int i = 0; i < c->file_count; i++)
        (c->kind == 1 ? layout_text_file : layout_mo_file)(font, c->files[i]);
    rg_paragraph_collect_stats(NULL);
}

int main(int argc, char **argv)
{
    corpus corpora[3];
    int n = 0, no_worse = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-worse")) {
            no_worse = 1;
        } else if (!strcmp(argv[i], "--seeds")) {
            corpora[n++] = (corpus){"seeds (5 documents)", 0, NULL, 0};
        } else if ((!strcmp(argv[i], "--text") || !strcmp(argv[i], "--mo")) && n < 3) {
            int kind = argv[i][2] == 't' ? 1 : 2;
            int first = i + 1;
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2))
                i++;
            corpora[n++] = (corpus){kind == 1 ? "text files" : "gettext catalogues (th)", kind,
                                    argv + first, i + 1 - first};
        } else {
            fprintf(stderr, "usage: break_counts [--no-worse] [--seeds] [--text FILE...] "
                            "[--mo FILE...]\n");
            return 2;
        }
    }
    rg_error err;
    rg_error_clear(&err);
    rg_fontlib *fonts = rg_fontlib_new(&err);
    rg_font *font = fonts ? rg_fontlib_font(fonts, "Laksaman", RG_STYLE_REGULAR, &err) : NULL;
    if (!font)
        die("fonts", &err);
    printf("%-28s %-15s %6s %6s %6s %9s %8s %10s\n", "corpus", "breaking", "paras", "lines",
           "loose", "compound", "numbers", "short-last");
    int worse = 0;
    for (int i = 0; i < n; i++) {
        rg_break_stats before, after;
        rg_paragraph_use_first_fit(1);
        run_corpus(&corpora[i], fonts, font, &before);
        rg_paragraph_use_first_fit(0);
        run_corpus(&corpora[i], fonts, font, &after);
        print_row(corpora[i].name, "first fit", &before);
        print_row(corpora[i].name, "paragraph-wide", &after);
        if (after.loose_lines > before.loose_lines || after.compound_splits > before.compound_splits
            || after.separated_numbers > before.separated_numbers)
            worse = 1;
    }
    rg_fontlib_free(fonts);
    if (no_worse && worse) {
        fprintf(stderr, "break_counts: paragraph-wide breaking is worse than first fit\n");
        return 1;
    }
    return 0;
}
