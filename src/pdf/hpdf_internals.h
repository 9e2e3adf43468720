/* The three things raingan needs that libharu 2.3.0 cannot do through its
 * public API (see docs/thai-text.md): write positioned text operators into a
 * page's content stream (HPDF_Page_ShowText drops zero-width Thai marks),
 * replace the broken ToUnicode CMap of a Type0 TrueType font, and set the
 * trailer /ID. Only hpdf_internals.c includes libharu's private headers. */
#ifndef RG_HPDF_INTERNALS_H
#define RG_HPDF_INTERNALS_H

#include <hpdf.h>
#include <stddef.h>

/* Appends raw bytes to the page's content stream. Returns HPDF_OK or an error. */
HPDF_STATUS rg_hpdf_page_write(HPDF_Page page, const char *bytes, size_t len);
/* Replaces the font's ToUnicode stream content with `cmap` (a complete CMap). */
HPDF_STATUS rg_hpdf_font_set_tounicode(HPDF_Font font, const char *cmap, size_t len);
/* Sets the trailer's /ID to [<id> <id>]. */
HPDF_STATUS rg_hpdf_set_id(HPDF_Doc pdf, const unsigned char id[16]);

#endif
