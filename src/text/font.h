/* Fonts: family lists resolved through fontconfig to font files, loaded once.
 *
 * An rg_fontlib owns a private fontconfig configuration (system fonts plus the
 * bundled fonts in rg_data_dir()/fonts; its answers cached on disk, see
 * font_lookup.h) and every face it loads. A family list
 * such as "TH Sarabun New, TH SarabunPSK, Sarabun, Laksaman" is tried in order; a
 * fontconfig match counts only when its family really is the requested one
 * (fontconfig always returns *something*), and when none is found the bundled
 * Laksaman (metric-compatible with TH Sarabun PSK) is used, so a document can
 * always be printed. The resulting rg_font is the list of faces in fallback
 * order: the faces of the requested families that were found, then Laksaman.
 *
 * Threads: an rg_fontlib and everything it returned must be used by one thread
 * at a time. Separate fontlibs share nothing, so batch workers each open one.
 * Faces and fonts live until rg_fontlib_free(); pointers to them stay valid. */
#ifndef RG_FONT_H
#define RG_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct hb_font_t;

/* The family list used when a template names none. */
#define RG_DEFAULT_FONT_FAMILIES "TH Sarabun New, TH SarabunPSK, Sarabun, Laksaman"
/* The family that is always available (bundled in fonts/). */
#define RG_FALLBACK_FONT_FAMILY "Laksaman"

/* Bit flags: RG_STYLE_BOLD | RG_STYLE_ITALIC is bold italic. */
typedef enum rg_font_style {
    RG_STYLE_REGULAR = 0,
    RG_STYLE_BOLD = 1,
    RG_STYLE_ITALIC = 2,
    RG_STYLE_BOLD_ITALIC = 3
} rg_font_style;

typedef struct rg_fontlib rg_fontlib;
typedef struct rg_face rg_face;   /* one font file, loaded */
typedef struct rg_font rg_font;   /* a family list resolved for one style */

/* A font library with rg_data_dir()/fonts as the bundled fonts. Fails
 * (RG_ERR_FONT) only if the bundled Laksaman cannot be loaded; fontconfig is
 * loaded later, and only when its cached answers do not do (font_lookup.h). */
rg_fontlib *rg_fontlib_new(rg_error *err);
void rg_fontlib_free(rg_fontlib *lib);

/* Frees fontconfig's configuration (a few hundred KB) once a long-lived
 * process has resolved the families it needs; a family list not asked for
 * before loads it again. */
void rg_fontlib_release_fontconfig(rg_fontlib *lib);

/* Drops the word-shaping cache and the prepared paragraphs (text shaped
 * before is shaped again). For benchmarks and to give memory back; never
 * needed for correctness. */
void rg_fontlib_clear_caches(rg_fontlib *lib);

/* A character no face of a font can draw is reported once (a warning
 * naming it); this starts the count again, so that each job reports what
 * it prints as an empty box (render.c calls it when a job starts: a worker
 * renders one record after another with the same fontlib). */
void rg_fontlib_forget_warnings(rg_fontlib *lib);

/* The font for a comma-separated family list and a style, cached by
 * (list, style): asking twice returns the same pointer. NULL/"" families means
 * RG_DEFAULT_FONT_FAMILIES. A requested style missing from a family is not
 * faked: the family's regular face is used instead (rg_font_is_exact says so). */
rg_font *rg_fontlib_font(rg_fontlib *lib, const char *families, rg_font_style style,
                         rg_error *err);
/* The same family list in another style (for bold/italic spans). */
rg_font *rg_font_with_style(rg_font *font, rg_font_style style, rg_error *err);
/* Builds HarfBuzz's shaping plans of the font's faces for Thai and Latin text
 * (the plans and the GSUB/GPOS accelerators the first text set in the font
 * would otherwise build), once per font. Layout calls it for every font of a
 * document before the first paragraph, which waits for libthai's dictionary
 * when it is still loading (rg_linebreak_preload): this work then fills the
 * wait. Never needed for correctness. */
void rg_font_prepare(rg_font *font);

/* The font file found for exactly this family and style: 1 with *file
 * (static storage inside lib, valid until rg_fontlib_free), 0 when there is no
 * family of that name or, with exact_style, no face of that style; -1 with err
 * set when fontconfig cannot start. For `raingan fonts`. */
int rg_fontlib_find_file(rg_fontlib *lib, const char *family, rg_font_style style,
                         int exact_style, const char **file, rg_error *err);
/* Where fontconfig's answers are cached (NULL: turned off), and whether every
 * answer so far came from that cache; *note says why it was not used or could
 * not be written ("" when fine). See font_lookup.h. */
const char *rg_fontlib_cache_path(const rg_fontlib *lib);
int rg_fontlib_cache_used(const rg_fontlib *lib, const char **note);

/* rg_font accessors. */
size_t rg_font_face_count(const rg_font *font);
const rg_face *rg_font_face(const rg_font *font, size_t i);   /* 0 = primary */
const char *rg_font_families(const rg_font *font);            /* as requested */
/* 1 when none of the requested families was found and the primary face is
 * the bundled fallback (Laksaman not requested by name). */
int rg_font_is_fallback(const rg_font *font);
/* 1 when the primary face has the requested style (not a regular stand-in). */
int rg_font_is_exact(const rg_font *font);
/* The single-spaced line box of the primary face for a size, in points, all
 * > 0: ascent above the baseline, descent below it, and the line height
 * (ascent + descent): Word's single spacing (OS/2 usWinAscent + usWinDescent),
 * raised to the ink of the primary face's tallest / deepest Thai stack + 1/50
 * em (measured for the primary face of every rg_font). */
float rg_font_ascent(const rg_font *font, float size);
float rg_font_descent(const rg_font *font, float size);
float rg_font_line_height(const rg_font *font, float size);

/* rg_face accessors. */
const char *rg_face_path(const rg_face *face);
unsigned rg_face_index(const rg_face *face);            /* index in a .ttc collection */
/* A hash of the face's file and index, for hash tables that must not depend
 * on where the face is in memory (the same slots in every run and build). */
uint64_t rg_face_key(const rg_face *face);
const char *rg_face_family(const rg_face *face);
const char *rg_face_style_name(const rg_face *face);    /* "Regular", "Bold Italic"... */
unsigned rg_face_upem(const rg_face *face);             /* font units per em */
int rg_face_ascender(const rg_face *face);              /* font units, > 0 */
int rg_face_descender(const rg_face *face);             /* font units, < 0 */
/* Underline position (font units, < 0 = below the baseline) and thickness. */
int rg_face_underline_position(const rg_face *face);
int rg_face_underline_thickness(const rg_face *face);
/* Glyph for a code point (0 if the font lacks it). */
uint32_t rg_face_glyph(const rg_face *face, uint32_t codepoint);
/* The BMP code point through which the face's cmap reaches glyph gid (the
 * lowest one; private-use U+F700.. for Thai alternates), or 0 if none does.
 * Built once per face. The PDF writer draws glyphs through these codes. */
uint32_t rg_face_code_for_glyph(const rg_face *face, uint32_t gid);
/* The Thai character a private-use presentation form (U+F700..U+F71A, the
 * convention of Thai TrueType fonts) stands for, or code itself. */
uint32_t rg_text_pua_to_thai(uint32_t code);
/* Advance of a glyph in font units (HarfBuzz's, read for every glyph when
 * the face is loaded: never written afterwards, so any thread may ask). */
int rg_face_advance(const rg_face *face, uint32_t gid);
/* The HarfBuzz font (scale = units per em), owned by the face. */
struct hb_font_t *rg_face_hb_font(const rg_face *face);

#endif
