/* The appearance of a visible signature box: a thin frame and a few lines of
 * text ("Digitally signed by <name>", the date, reason, location), sized to
 * fit the box.
 *
 * The text is drawn as filled glyph outlines, not as text: each line is
 * shaped by src/text in the forms' Thai font (so Thai names get their marks
 * in place) and every glyph's outline is traced with HarfBuzz
 * (hb_font_get_glyph_shape) into path operators. The box therefore needs no
 * font object at all: nothing unembedded that would break PDF/A, any script
 * the font covers is drawn, and the stream depends only on the font files. */
#ifndef RG_SIGN_APPEARANCE_H
#define RG_SIGN_APPEARANCE_H

#include "sign/sign.h"
#include "util/buf.h"
#include "util/error.h"

/* The family list the box's text is drawn with (the forms' own default). */
#define RG_SIGN_APPEARANCE_FONTS "TH Sarabun New, TH SarabunPSK, Sarabun, Laksaman"

/* The content stream of the box, for a form XObject of opt->w x opt->h
 * points that needs no resources. Returns 0, or -1 with err set (no font
 * can be loaded, out of memory). */
int rg_sign_appearance(rg_buf *stream, const rg_signer *signer, const rg_sign_options *opt,
                       rg_error *err);

#endif
