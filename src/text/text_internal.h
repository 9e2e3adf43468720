/* Helpers shared by the text module's own files (not a public interface). */
#ifndef RG_TEXT_INTERNAL_H
#define RG_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "text/font.h"

/* 1 if cp attaches to the character before it in a grapheme cluster
 * (combining marks, Thai above/below vowels and tone marks, sara am, ZWJ,
 * variation selectors). */
int rg_text_is_extender(uint32_t cp);
/* 1 for characters drawn as nothing (ZWSP, ZWJ, ZWNJ, WJ, BOM, soft hyphen,
 * variation selectors): never reported as missing from a font. */
int rg_text_is_ignorable(uint32_t cp);

/* Reports (once per fontlib and character) that no face of font can draw cp. */
void rg_font_warn_missing(const rg_font *font, uint32_t cp);

#endif
