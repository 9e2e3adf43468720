/* Shaping: UTF-8 text + a font (faces in fallback order) -> positioned glyphs.
 *
 * Text is split into items by face and script: each grapheme cluster goes to
 * the first face whose cmap has all its characters (spaces and punctuation
 * stay with the face around them); a cluster no face can draw is drawn with
 * the primary face's .notdef and reported once per character (per fontlib)
 * through rg_warn as "U+XXXX". Each item is shaped by HarfBuzz (Thai items
 * with script Thai, language th), so Thai marks get their OpenType positions
 * and the descender-less forms of ญ ฐ appear before below vowels. Every glyph
 * is kept as HarfBuzz chose it (the PDF draws glyph IDs), and is given the
 * character it stands for (`code`): the one its face's cmap reaches it from,
 * or for a contextual alternate no code reaches (Sarabun's uni0E48.small) a
 * character of its cluster no other glyph stands for. Within a cluster the
 * glyphs are put in the order of their characters (positions unchanged), and
 * sara am's nikhahit + sara aa is drawn as the font's sara am glyph where
 * that glyph has the same ink, so that the glyphs read in order give the
 * text. A cluster where some glyph no code reaches stands for several
 * characters (a ligature) is drawn with the nominal glyphs of its characters. */
#ifndef RG_SHAPE_H
#define RG_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "text/font.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct rg_shaped_glyph {
    const rg_face *face;
    uint32_t gid;
    uint32_t code;        /* the character the glyph stands for (its ToUnicode
                           * entry); 0 for .notdef and glyphs standing for none */
    int32_t x_advance;    /* font units of face */
    int32_t x_offset, y_offset;
    uint32_t cluster;     /* byte offset in the text of the first character the glyph
                           * stands for; non-decreasing along the array */
    uint32_t join;        /* RG_JOIN_* (glyph_run.h): drawn as one PDF glyph with the
                           * next ones (a composite: glyphs of a cluster that read as its
                           * text only together, src/pdf/composite.h); the codes of its
                           * members, in order, are its text */
} rg_shaped_glyph;

typedef struct rg_shaped_text {
    rg_shaped_glyph *glyphs;  /* owned, logical (= visual: left to right) order */
    size_t count, cap;
} rg_shaped_text;

/* Appends the glyphs of text[0..len) (valid UTF-8, see rg_text_clean; no
 * newlines: they are the paragraph's business) to out; cluster values are
 * byte offsets plus `base`, so several pieces can be shaped into one array.
 * Words already shaped with the same face come from the fontlib's cache.
 * Returns 0, or -1 (out of memory). */
int rg_shape_append(const rg_font *font, const char *text, size_t len, uint32_t base,
                    rg_shaped_text *out, rg_error *err);
void rg_shaped_text_free(rg_shaped_text *s);

/* Copies text to out, replacing invalid UTF-8 by U+FFFD (with one rg_warn
 * naming the byte offset and `where`), and, when thai_digits is set, 0-9 by
 * ๐-๙ (U+0E50..U+0E59). NUL bytes become U+FFFD too. Returns 0 or -1 (OOM). */
int rg_text_clean(const char *text, size_t len, int thai_digits, const char *where,
                  rg_buf *out, rg_error *err);

/* Width in points of a single line of text (no wrapping, no cleaning beyond
 * rg_text_clean's), for quick measurements. Returns -1 on error. */
float rg_text_width(const rg_font *font, float size, const char *text, size_t len,
                    rg_error *err);

#endif
