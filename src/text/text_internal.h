/* Helpers shared by the text module's own files (not a public interface). */
#ifndef RG_TEXT_INTERNAL_H
#define RG_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "text/font.h"
#include "text/shape.h"

/* 1 if cp attaches to the character before it in a grapheme cluster
 * (combining marks, Thai above/below vowels and tone marks, sara am, ZWJ,
 * variation selectors). */
int rg_text_is_extender(uint32_t cp);
/* 1 for characters drawn as nothing (ZWSP, ZWJ, ZWNJ, WJ, BOM, soft hyphen,
 * variation selectors): never reported as missing from a font. */
int rg_text_is_ignorable(uint32_t cp);

struct hb_font_t;
/* The line box of single spacing for a face, in font units, both > 0:
 * *ascent above the baseline and *descent below it. Word's single spacing
 * (OS/2 usWinAscent + usWinDescent; hhea when the font has none), each raised
 * to the ink of the face's tallest and deepest Thai stacks plus 1/50 em, so
 * that two single-spaced lines never touch (line_metrics.c). */
void rg_face_line_box(struct hb_font_t *font, int *ascent, int *descent);

/* Family names compare as fontconfig does: ignoring case and blanks, so
 * "TH SarabunPSK" and "TH Sarabun PSK" are the same family. */
int rg_family_equal(const char *a, const char *b);

/* Decodes the code point at s[*pos] and advances *pos: a fast path for text
 * that rg_text_clean already made valid (never reads past len, whatever the
 * bytes; invalid sequences give U+FFFD). */
static inline uint32_t rg_text_next(const char *s, size_t len, size_t *pos)
{
    const unsigned char *p = (const unsigned char *)s + *pos;
    size_t left = len - *pos;
    if (p[0] < 0x80) {
        *pos += 1;
        return p[0];
    }
    if (p[0] >= 0xE0 && p[0] < 0xF0 && left >= 3) {
        *pos += 3;
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if (p[0] >= 0xC0 && p[0] < 0xE0 && left >= 2) {
        *pos += 2;
        return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (p[0] >= 0xF0 && left >= 4) {
        *pos += 4;
        return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12)
               | ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *pos += 1;
    return 0xFFFD;
}

/* Thai letters, vowels, marks and signs: the characters libthai segments.
 * Thai digits are left out so that numbers follow the same rules as 0-9. */
static inline int rg_is_thai_word_char(uint32_t cp)
{
    return cp >= 0x0E01 && cp <= 0x0E5B && !(cp >= 0x0E50 && cp <= 0x0E59);
}

/* libthai's dictionary (thai_dict.c): waits for a preload in flight, or
 * loads it; 0, or -1 when it cannot be loaded (libthai-data missing). */
int rg_thai_dict_open(void);
/* th_brk_find_breaks for the TIS-620 run tis[0..n) (NUL-terminated), through
 * the caches of recent and prefetched runs: the break positions in pos (room
 * for n), their count returned. Thread-safe; after rg_thai_dict_open. */
int rg_thai_find_breaks(const unsigned char *tis, size_t n, int *pos);

/* What rg_thai_words_mark says of a libthai break position. */
enum {
    RG_THAI_PLAIN = 0,      /* between two words */
    RG_THAI_COMPOUND = 1,   /* inside a listed compound (thai-compounds.txt) or
                             * after the prefix ความ: allowed, but costly */
    RG_THAI_KEPT = 2        /* inside a word kept whole (thai-words.txt) or after
                             * the prefix ผู้: a fallback */
};

/* For each of libthai's break positions pos[0..count) in the TIS-620 text
 * tis[0..n), sets marks[i] to one of the values above (src/text/thai_words.c,
 * text/thai_words.h). */
void rg_thai_words_mark(const unsigned char *tis, size_t n, const int *pos, int count,
                        uint8_t *marks);

/* 1 if the face's cmap has cp (a bitmap for the BMP, built once). */
int rg_face_has_char(const rg_face *face, uint32_t cp);

/* Reports (once per fontlib and character, until rg_fontlib_forget_warnings)
 * that no face of font can draw cp. */
void rg_font_warn_missing(const rg_font *font, uint32_t cp);
/* How many times rg_font_warn_missing was called (reported or not): text
 * that changes it is not kept prepared (paragraph.c), so that every job
 * printing it reports it. */
size_t rg_fontlib_missing_seen(const rg_fontlib *lib);
/* The fontlib a font belongs to. */
rg_fontlib *rg_font_lib(const rg_font *font);

/* Word-level shaping cache, one per fontlib (so used by one thread at a time):
 * HarfBuzz output for short pieces of text (words between spaces and Thai word
 * boundaries) in a face and script, reused when the same word comes again. */
typedef struct rg_shape_cache rg_shape_cache;
rg_shape_cache *rg_shape_cache_new(void);
void rg_shape_cache_free(rg_shape_cache *cache);
/* How many pieces of text the cache's users had HarfBuzz shape (the misses;
 * a warm render of a document shaped before has none). */
size_t rg_shape_cache_shaped(const rg_shape_cache *cache);
/* The fontlib's cache (created on first use; NULL if out of memory). */
rg_shape_cache *rg_font_shape_cache(const rg_font *font);
/* The fontlib's prepared paragraphs (prepared_cache.h; created on first
 * use, NULL if out of memory), used by one thread at a time as above. */
struct rg_prepared_cache *rg_font_prepared_cache(const rg_font *font);

/* rg_shape_append that may also cut the text before each byte i where
 * flags[i] has RG_BRK_ALLOWED (flags indexed like text, or NULL): shaping
 * never crosses such a word boundary, so words can come from the cache. */
int rg_shape_append_words(const rg_font *font, const char *text, size_t len, uint32_t base,
                          const uint8_t *flags, rg_shaped_text *out, rg_error *err);

#endif
