/* The appearance of a visible signature box: a thin frame and a few lines of
 * Helvetica text ("Digitally signed by <name>", the date, reason, location),
 * sized to fit the box. Text that is not printable ASCII (a Thai name, say)
 * is left out rather than drawn with missing glyphs: the signature
 * dictionary still carries it in full, and verifiers show it from there. */
#ifndef RG_SIGN_APPEARANCE_H
#define RG_SIGN_APPEARANCE_H

#include "sign/sign.h"
#include "util/buf.h"

/* The content stream of the box, for a form XObject of opt->w x opt->h
 * points using font resource /Helv. Returns 0, or -1 when memory runs out. */
int rg_sign_appearance(rg_buf *stream, const rg_signer *signer, const rg_sign_options *opt);

/* Width of printable ASCII text in Helvetica, in 1/1000 of the font size. */
int rg_sign_helvetica_width(const char *ascii);

#endif
