/* Fonts (font.h): fontconfig lookup with exact family matching, the bundled
 * Laksaman as the last resort, and faces loaded once per fontlib. */
#include "text/font.h"

#include <assert.h>
#include <ctype.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "text/font_lookup.h"
#include "text/prepared_cache.h"
#include "text/text_internal.h"
#include "util/paths.h"
#include "util/utf8.h"
#include "util/vec.h"

struct rg_face {
    char *path;
    unsigned index;
    char *family, *style_name;
    hb_face_t *hb_face;
    hb_font_t *hb_font;
    unsigned upem;
    int ascender, descender;
    int line_ascent, line_descent;  /* single spacing, font units (rg_face_line_box) */
    int line_measured;              /* line_ascent/descent computed (faces[0] of a font) */
    int underline_position, underline_thickness;
    uint32_t *code_of_gid;   /* glyph id -> BMP code point (0 = unreachable) */
    uint8_t *bmp_coverage;   /* bit per BMP code point the cmap maps */
    int32_t *advance;        /* glyph id -> advance (font units), read at load: the
                              * layout and the PDF writer ask for one per glyph drawn,
                              * several times (a HarfBuzz call each was 2.5 M
                              * instructions of a warm seed-002 render) */
    unsigned glyph_count;
    uint64_t key;            /* FNV-1a of path and index (rg_face_key) */
};

struct rg_font {
    rg_fontlib *lib;
    char *families;
    rg_font_style style;
    const rg_face **faces;
    size_t face_count, face_cap;
    int fallback, exact;
    int prepared;            /* rg_font_prepare done */
};

struct rg_fontlib {
    rg_font_lookup *lookup;
    char *bundled_dir;
    rg_face **faces;
    size_t face_count, face_cap;
    rg_font **fonts;
    size_t font_count, font_cap;
    char **found_paths;      /* strings returned by rg_fontlib_find_file */
    size_t found_count, found_cap;
    uint32_t *warned;        /* characters reported missing since rg_fontlib_forget_warnings */
    size_t warned_count, warned_cap;
    size_t missing_seen;     /* rg_font_warn_missing calls, reported or not */
    rg_shape_cache *shape_cache;
    rg_prepared_cache *prepared_cache;   /* paragraph.c's, created on first use */
};

static const char *const bundled_files[4] = {
    "Laksaman.ttf", "Laksaman-Bold.ttf", "Laksaman-Italic.ttf", "Laksaman-BoldItalic.ttf"};

int rg_family_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return *a == *b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++;
        b++;
    }
}

/* --- faces -------------------------------------------------------------------- */

static void face_free(rg_face *face)
{
    if (!face)
        return;
    hb_font_destroy(face->hb_font);
    hb_face_destroy(face->hb_face);
    free(face->code_of_gid);
    free(face->bmp_coverage);
    free(face->advance);
    free(face->path);
    free(face->family);
    free(face->style_name);
    free(face);
}

static char *name_string(hb_face_t *face, hb_ot_name_id_t id)
{
    unsigned len = hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, NULL, NULL);
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    unsigned size = len + 1;
    hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, &size, s);
    s[len] = '\0';
    return s;
}

static int build_reverse_cmap(rg_face *face)
{
    face->glyph_count = hb_face_get_glyph_count(face->hb_face);
    face->code_of_gid = calloc(face->glyph_count ? face->glyph_count : 1, sizeof(uint32_t));
    face->bmp_coverage = calloc(65536 / 8, 1);
    hb_set_t *unicodes = hb_set_create();
    if (!face->code_of_gid || !face->bmp_coverage || !hb_set_allocation_successful(unicodes)) {
        hb_set_destroy(unicodes);
        return -1;
    }
    hb_face_collect_unicodes(face->hb_face, unicodes);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    /* Ascending order: each glyph keeps the lowest code that reaches it. Control
     * characters are skipped so that copied text never contains them. */
    while (hb_set_next(unicodes, &cp) && cp <= 0xFFFF) {
        face->bmp_coverage[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            continue;
        hb_codepoint_t gid;
        if (hb_font_get_nominal_glyph(face->hb_font, cp, &gid) && gid < face->glyph_count
            && gid != 0 && face->code_of_gid[gid] == 0)
            face->code_of_gid[gid] = cp;
    }
    hb_set_destroy(unicodes);
    return 0;
}

/* face->advance for every glyph (after build_reverse_cmap: glyph_count). */
static int load_advances(rg_face *face)
{
    unsigned n = face->glyph_count ? face->glyph_count : 1;
    hb_codepoint_t *gids = malloc(n * sizeof *gids);
    face->advance = malloc(n * sizeof *face->advance);
    if (!gids || !face->advance) {
        free(gids);
        return -1;
    }
    for (unsigned g = 0; g < face->glyph_count; g++)
        gids[g] = g;
    hb_font_get_glyph_h_advances(face->hb_font, face->glyph_count, gids, sizeof *gids,
                                 face->advance, sizeof *face->advance);
    free(gids);
    return 0;
}

static rg_face *face_load(const char *path, unsigned index, rg_error *err)
{
    rg_face *face = calloc(1, sizeof *face);
    if (!face || !(face->path = strdup(path))) {
        free(face);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory loading font %s", path);
        return NULL;
    }
    face->index = index;
    face->key = 0xcbf29ce484222325ull;
    for (const char *p = path; *p; p++)
        face->key = (face->key ^ (unsigned char)*p) * 0x100000001b3ull;
    face->key = (face->key ^ index) * 0x100000001b3ull;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        face_free(face);
        rg_error_set(err, RG_ERR_FONT, "%s: cannot read font file", path);
        return NULL;
    }
    face->hb_face = hb_face_create(blob, index);
    hb_blob_destroy(blob);
    face->upem = hb_face_get_upem(face->hb_face);
    if (hb_face_get_glyph_count(face->hb_face) == 0 || face->upem == 0) {
        face_free(face);
        rg_error_set(err, RG_ERR_FONT, "%s: not a usable TrueType font", path);
        return NULL;
    }
    face->hb_font = hb_font_create(face->hb_face);
    hb_font_set_scale(face->hb_font, (int)face->upem, (int)face->upem);
    hb_font_make_immutable(face->hb_font);

    hb_position_t v;
    face->ascender = hb_ot_metrics_get_position(face->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v)
                         ? v : (int)face->upem * 8 / 10;
    face->descender = hb_ot_metrics_get_position(face->hb_font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v)
                          ? v : -(int)face->upem * 2 / 10;
    face->underline_position = hb_ot_metrics_get_position(face->hb_font, HB_OT_METRICS_TAG_UNDERLINE_OFFSET, &v)
                                   ? v : -(int)face->upem / 10;
    face->underline_thickness = hb_ot_metrics_get_position(face->hb_font, HB_OT_METRICS_TAG_UNDERLINE_SIZE, &v) && v > 0
                                    ? v : (int)face->upem / 20;
    if (face->descender > 0)
        face->descender = -face->descender;

    face->family = name_string(face->hb_face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY);
    if (face->family && !*face->family) {
        free(face->family);
        face->family = name_string(face->hb_face, HB_OT_NAME_ID_FONT_FAMILY);
    }
    face->style_name = name_string(face->hb_face, HB_OT_NAME_ID_TYPOGRAPHIC_SUBFAMILY);
    if (face->style_name && !*face->style_name) {
        free(face->style_name);
        face->style_name = name_string(face->hb_face, HB_OT_NAME_ID_FONT_SUBFAMILY);
    }
    if (!face->family || !face->style_name || build_reverse_cmap(face) < 0 ||
        load_advances(face) < 0) {
        face_free(face);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory loading font %s", path);
        return NULL;
    }
    return face;
}

/* The face for (path, index), loaded on first use. */
static rg_face *lib_face(rg_fontlib *lib, const char *path, unsigned index, rg_error *err)
{
    for (size_t i = 0; i < lib->face_count; i++) {
        if (lib->faces[i]->index == index && strcmp(lib->faces[i]->path, path) == 0)
            return lib->faces[i];
    }
    rg_face *face = face_load(path, index, err);
    if (!face)
        return NULL;
    rg_face **faces = rg_vec_reserve(lib->faces, lib->face_count, &lib->face_cap, sizeof *faces, 4);
    if (!faces) {
        face_free(face);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory loading font %s", path);
        return NULL;
    }
    lib->faces = faces;
    lib->faces[lib->face_count++] = face;
    return face;
}

/* --- the library ---------------------------------------------------------------- */

rg_fontlib *rg_fontlib_new(rg_error *err)
{
    rg_fontlib *lib = calloc(1, sizeof *lib);
    if (!lib) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory opening fonts");
        return NULL;
    }
    lib->bundled_dir = rg_path_join(rg_data_dir(), "fonts");
    if (!lib->bundled_dir) {
        free(lib);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory opening fonts");
        return NULL;
    }
    lib->lookup = rg_font_lookup_new(lib->bundled_dir, err);
    if (!lib->lookup) {
        rg_fontlib_free(lib);
        return NULL;
    }
    char *regular = rg_path_join(lib->bundled_dir, bundled_files[0]);
    rg_face *face = regular ? lib_face(lib, regular, 0, err) : NULL;
    free(regular);
    if (!face) {
        rg_error_prefix(err, "bundled font unreadable (data directory %s): ", rg_data_dir());
        if (err && err->code == RG_ERR_NOMEM)
            err->code = RG_ERR_FONT;
        rg_fontlib_free(lib);
        return NULL;
    }
    return lib;
}

static void font_free(rg_font *font)
{
    if (!font)
        return;
    free(font->families);
    free(font->faces);
    free(font);
}

void rg_fontlib_free(rg_fontlib *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->font_count; i++)
        font_free(lib->fonts[i]);
    free(lib->fonts);
    for (size_t i = 0; i < lib->face_count; i++)
        face_free(lib->faces[i]);
    free(lib->faces);
    for (size_t i = 0; i < lib->found_count; i++)
        free(lib->found_paths[i]);
    free(lib->found_paths);
    free(lib->warned);
    rg_shape_cache_free(lib->shape_cache);
    rg_prepared_cache_free(lib->prepared_cache);
    rg_font_lookup_free(lib->lookup);
    free(lib->bundled_dir);
    free(lib);
}

static int is_bundled_family(const char *family)
{
    return rg_family_equal(family, RG_FALLBACK_FONT_FAMILY);
}

/* The file for family+style: the bundled fonts by name, any other family
 * through the lookup (fontconfig's answers, remembered). Returns 1 with
 * *path (malloc'd), 0 when the family is not installed, -1 on error. */
static int family_file(rg_fontlib *lib, const char *family, rg_font_style style, char **path,
                       unsigned *index, int *exact, rg_error *err)
{
    *index = 0;
    *exact = 1;
    if (!is_bundled_family(family))
        return rg_font_lookup_find(lib->lookup, family, style, path, index, exact, err);
    if (!(*path = rg_path_join(lib->bundled_dir, bundled_files[style & 3])))
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving font %s", family);
    return 1;
}

int rg_fontlib_find_file(rg_fontlib *lib, const char *family, rg_font_style style,
                         int exact_style, const char **file, rg_error *err)
{
    char *path = NULL;
    int exact;
    unsigned index;
    *file = NULL;
    int found = family_file(lib, family, style, &path, &index, &exact, err);
    if (found <= 0 || (exact_style && !exact)) {
        free(path);
        return found < 0 ? -1 : 0;
    }
    char **paths = rg_vec_reserve(lib->found_paths, lib->found_count, &lib->found_cap,
                                  sizeof *paths, 8);
    if (!paths) {
        free(path);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving font %s", family);
    }
    lib->found_paths = paths;
    lib->found_paths[lib->found_count++] = path;
    *file = path;
    return 1;
}

const char *rg_fontlib_cache_path(const rg_fontlib *lib)
{
    return rg_font_lookup_cache_path(lib->lookup);
}

int rg_fontlib_cache_used(const rg_fontlib *lib, const char **note)
{
    *note = rg_font_lookup_cache_note(lib->lookup);
    return !rg_font_lookup_loaded_fontconfig(lib->lookup);
}

/* Appends face to font's list unless already there. */
static int font_add_face(rg_font *font, const rg_face *face)
{
    for (size_t i = 0; i < font->face_count; i++) {
        if (font->faces[i] == face)
            return 0;
    }
    const rg_face **faces = rg_vec_reserve(font->faces, font->face_count, &font->face_cap,
                                           sizeof *faces, 4);
    if (!faces)
        return -1;
    font->faces = faces;
    font->faces[font->face_count++] = face;
    return 0;
}

/* Resolves one family of the list; adds its face (if found) to font. */
static int font_add_family(rg_font *font, const char *family, rg_error *err)
{
    rg_fontlib *lib = font->lib;
    char *path = NULL;
    unsigned index;
    int exact;
    int found = family_file(lib, family, font->style, &path, &index, &exact, err);
    if (found <= 0)
        return found;
    rg_face *face = lib_face(lib, path, index, err);
    if (!face && !is_bundled_family(family)) {
        /* Perhaps a stale cached answer (a font removed since): ask again. */
        free(path);
        path = NULL;
        rg_error refresh_err;
        int renewed = rg_font_lookup_refresh(lib->lookup, &refresh_err);
        if (renewed < 0) {
            if (err)
                *err = refresh_err;
            return -1;
        }
        if (renewed == 1) {
            found = family_file(lib, family, font->style, &path, &index, &exact, err);
            if (found <= 0)
                return found;
            face = lib_face(lib, path, index, err);
        }
    }
    if (!face) {
        rg_error_prefix(err, "font family \"%s\": ", family);
        free(path);
        return -1;
    }
    free(path);
    if (font->face_count == 0)
        font->exact = exact;
    if (font_add_face(font, face) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving font %s", family);
    return 0;
}

static rg_font *font_resolve(rg_fontlib *lib, const char *families, rg_font_style style,
                             rg_error *err)
{
    rg_font *font = calloc(1, sizeof *font);
    if (!font || !(font->families = strdup(families))) {
        free(font);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving fonts");
        return NULL;
    }
    font->lib = lib;
    font->style = style;
    font->exact = 1;
    const char *p = families;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char name[256];
        while (n && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')) {
            p++;
            n--;
        }
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '"' || p[n - 1] == '\''))
            n--;
        if (n && n < sizeof name) {
            memcpy(name, p, n);
            name[n] = '\0';
            if (font_add_family(font, name, err) < 0) {
                font_free(font);
                return NULL;
            }
        }
        p = comma ? comma + 1 : p + strlen(p);
    }
    if (font->face_count == 0)
        font->fallback = 1;
    if (font_add_family(font, RG_FALLBACK_FONT_FAMILY, err) < 0) {
        font_free(font);
        return NULL;
    }
    /* Line metrics come from the primary face only; measuring them shapes
     * some 200 Thai clusters (0.1-0.8 ms), so faces that are only fallbacks
     * never pay. The face is lib's (rg_face *): const only in rg_font. */
    rg_face *primary = (rg_face *)font->faces[0];
    if (!primary->line_measured) {
        rg_face_line_box(primary->hb_font, &primary->line_ascent, &primary->line_descent);
        primary->line_measured = 1;
    }
    return font;
}

rg_font *rg_fontlib_font(rg_fontlib *lib, const char *families, rg_font_style style,
                         rg_error *err)
{
    if (!families || !*families)
        families = RG_DEFAULT_FONT_FAMILIES;
    style &= RG_STYLE_BOLD_ITALIC;
    for (size_t i = 0; i < lib->font_count; i++) {
        if (lib->fonts[i]->style == style && strcmp(lib->fonts[i]->families, families) == 0)
            return lib->fonts[i];
    }
    rg_font **fonts = rg_vec_reserve(lib->fonts, lib->font_count, &lib->font_cap, sizeof *fonts, 8);
    if (!fonts) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory resolving fonts");
        return NULL;
    }
    lib->fonts = fonts;
    rg_font *font = font_resolve(lib, families, style, err);
    if (!font)
        return NULL;
    lib->fonts[lib->font_count++] = font;
    return font;
}

rg_font *rg_font_with_style(rg_font *font, rg_font_style style, rg_error *err)
{
    if ((style & RG_STYLE_BOLD_ITALIC) == font->style)
        return font;
    return rg_fontlib_font(font->lib, font->families, style, err);
}

void rg_font_prepare(rg_font *font)
{
    static const struct { const char *text; hb_script_t script; } samples[] = {
        {"\xe0\xb8\x9b\xe0\xb8\xb9\xe0\xb9\x88", HB_SCRIPT_THAI},   /* ปู่ */
        {"Ab1", HB_SCRIPT_LATIN},
    };
    if (font->prepared)
        return;
    font->prepared = 1;
    hb_buffer_t *buf = hb_buffer_create();
    for (size_t f = 0; f < font->face_count; f++) {
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            hb_buffer_clear_contents(buf);
            hb_buffer_add_utf8(buf, samples[i].text, -1, 0, -1);
            hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
            hb_buffer_set_script(buf, samples[i].script);
            hb_buffer_set_language(buf, hb_language_from_string("th", 2));
            hb_shape(font->faces[f]->hb_font, buf, NULL, 0);   /* out of memory: not prepared */
        }
    }
    hb_buffer_destroy(buf);
}

void rg_font_warn_missing(const rg_font *font, uint32_t cp)
{
    rg_fontlib *lib = font->lib;
    lib->missing_seen++;
    for (size_t i = 0; i < lib->warned_count; i++) {
        if (lib->warned[i] == cp)
            return;
    }
    uint32_t *warned = rg_vec_reserve(lib->warned, lib->warned_count, &lib->warned_cap,
                                      sizeof *warned, 8);
    if (warned) {
        lib->warned = warned;
        lib->warned[lib->warned_count++] = cp;
    }
    char utf8[5] = {0};
    if (cp >= 0x20 && cp != 0x7F && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF)
        utf8[rg_utf8_encode(cp, utf8)] = '\0';
    rg_warn("no font in \"%s\" has the character U+%04X%s%s%s: printed as an empty box",
            font->families, (unsigned)cp, utf8[0] ? " (" : "", utf8, utf8[0] ? ")" : "");
}

void rg_fontlib_release_fontconfig(rg_fontlib *lib)
{
    rg_font_lookup_release(lib->lookup);
}

void rg_fontlib_forget_warnings(rg_fontlib *lib)
{
    lib->warned_count = 0;
}

rg_fontlib *rg_font_lib(const rg_font *font)
{
    return font->lib;
}

size_t rg_fontlib_missing_seen(const rg_fontlib *lib)
{
    return lib->missing_seen;
}

void rg_fontlib_clear_caches(rg_fontlib *lib)
{
    rg_shape_cache_free(lib->shape_cache);
    lib->shape_cache = NULL;
    rg_prepared_cache_free(lib->prepared_cache);
    lib->prepared_cache = NULL;
}

/* 8 MB: seed 002's 140 paragraphs take about 1 MB prepared. */
#define PREPARED_CACHE_BUDGET ((size_t)8 << 20)

rg_prepared_cache *rg_font_prepared_cache(const rg_font *font)
{
    if (!font->lib->prepared_cache)
        font->lib->prepared_cache = rg_prepared_cache_new(PREPARED_CACHE_BUDGET);
    return font->lib->prepared_cache;
}

rg_shape_cache *rg_font_shape_cache(const rg_font *font)
{
    if (!font->lib->shape_cache)
        font->lib->shape_cache = rg_shape_cache_new();
    return font->lib->shape_cache;
}

/* --- accessors ----------------------------------------------------------------- */

size_t rg_font_face_count(const rg_font *font) { return font->face_count; }
const rg_face *rg_font_face(const rg_font *font, size_t i)
{
    return i < font->face_count ? font->faces[i] : NULL;
}
const char *rg_font_families(const rg_font *font) { return font->families; }
int rg_font_is_fallback(const rg_font *font) { return font->fallback; }
int rg_font_is_exact(const rg_font *font) { return font->exact; }

float rg_font_ascent(const rg_font *font, float size)
{
    const rg_face *f = font->faces[0];
    assert(f->line_measured);
    return (float)f->line_ascent * size / (float)f->upem;
}

float rg_font_descent(const rg_font *font, float size)
{
    const rg_face *f = font->faces[0];
    assert(f->line_measured);
    return (float)f->line_descent * size / (float)f->upem;
}

float rg_font_line_height(const rg_font *font, float size)
{
    const rg_face *f = font->faces[0];
    assert(f->line_measured);
    return (float)(f->line_ascent + f->line_descent) * size / (float)f->upem;
}

const char *rg_face_path(const rg_face *face) { return face->path; }
unsigned rg_face_index(const rg_face *face) { return face->index; }
uint64_t rg_face_key(const rg_face *face) { return face->key; }
const char *rg_face_family(const rg_face *face) { return face->family; }
const char *rg_face_style_name(const rg_face *face) { return face->style_name; }
unsigned rg_face_upem(const rg_face *face) { return face->upem; }
int rg_face_ascender(const rg_face *face) { return face->ascender; }
int rg_face_descender(const rg_face *face) { return face->descender; }
int rg_face_underline_position(const rg_face *face) { return face->underline_position; }
int rg_face_underline_thickness(const rg_face *face) { return face->underline_thickness; }
struct hb_font_t *rg_face_hb_font(const rg_face *face) { return face->hb_font; }

uint32_t rg_face_glyph(const rg_face *face, uint32_t codepoint)
{
    hb_codepoint_t gid = 0;
    if (!hb_font_get_nominal_glyph(face->hb_font, codepoint, &gid))
        return 0;
    return gid;
}

int rg_face_has_char(const rg_face *face, uint32_t cp)
{
    if (cp <= 0xFFFF)
        return (face->bmp_coverage[cp >> 3] >> (cp & 7)) & 1;
    return rg_face_glyph(face, cp) != 0;
}

uint32_t rg_text_pua_to_thai(uint32_t code)
{
    /* the PUA convention U+F700..U+F71A of Thai TrueType fonts, Laksaman's included */
    static const uint16_t thai[] = {
        0x0E10, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C,
        0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E0D, 0x0E31, 0x0E4D, 0x0E47, 0x0E48,
        0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E38, 0x0E39, 0x0E3A};
    if (code >= 0xF700 && code < 0xF700 + sizeof thai / sizeof thai[0])
        return thai[code - 0xF700];
    return code;
}

uint32_t rg_face_code_for_glyph(const rg_face *face, uint32_t gid)
{
    return gid < face->glyph_count ? face->code_of_gid[gid] : 0;
}

int rg_face_advance(const rg_face *face, uint32_t gid)
{
    return gid < face->glyph_count ? face->advance[gid] : hb_font_get_glyph_h_advance(face->hb_font, gid);
}
