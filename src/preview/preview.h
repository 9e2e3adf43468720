/* PNG previews of PDF pages: one page of a PDF held in memory rasterized
 * by poppler (poppler-glib, drawing through cairo) and encoded as PNG.
 *
 * Used by `raingan preview` (the program raingan-preview) and by the
 * service's GET /render/FORM/KEY/page-N.png. It is linked into those two
 * programs only, never into `raingan` itself nor libraingan.a, so that no
 * other command pays for loading poppler, GLib and cairo.
 *
 *   rg_buf png = RG_BUF_INIT;
 *   int pages;
 *   if (rg_preview_png(pdf, pdf_len, 2, 96, &png, &pages, &err) < 0)
 *       ... err.code RG_ERR_NOT_FOUND: no page 2 (pages says how many) ...
 *
 * What comes out: the page's crop box (its /Rotate applied) at `dpi` pixels
 * per inch, ceil(points * dpi / 72) pixels each way as pdftoppm makes them,
 * drawn over white, anti-aliased, as an 8-bit RGB PNG without alpha. The
 * same PDF, page and dpi give the same bytes (no time or text chunks).
 *
 * Ownership: the caller owns `pdf` (read only, needed during the call only)
 * and `png` (the PNG is appended to it). Nothing is kept between calls:
 * each call parses the PDF into a document of its own and frees it.
 *
 * Thread-safety: calls share nothing of raingan's; poppler guards its own
 * global state (font and parameter caches) with locks. Both programs call
 * it from one thread; a process may fork after a call (nothing is left
 * running: poppler and cairo start no threads). */
#ifndef RG_PREVIEW_H
#define RG_PREVIEW_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* The resolutions a preview may have, in pixels per inch: 18 (an A4 page
 * 149 x 211 pixels, a thumbnail) to 600 (4961 x 7016, 35 megapixels, about
 * 140 MB while it is drawn). Anything else is refused, not clamped. */
#define RG_PREVIEW_DPI_MIN 18
#define RG_PREVIEW_DPI_MAX 600

/* Page `page` (1 = the first) of the PDF `pdf` (len bytes) as a PNG at
 * `dpi` (RG_PREVIEW_DPI_MIN..RG_PREVIEW_DPI_MAX), appended to `png`.
 * *page_count (when not NULL) receives the document's number of pages as
 * soon as the PDF is read, also when the page does not exist.
 * Returns 0, or -1 with err: RG_ERR_USAGE for a dpi out of bounds,
 * RG_ERR_NOT_FOUND for a page the document does not have ("page 5 of a
 * document of 2 pages"), RG_ERR_INPUT for bytes poppler cannot read as a
 * PDF, RG_ERR_NOMEM. Nothing is appended to `png` on failure. */
int rg_preview_png(const void *pdf, size_t len, int page, int dpi, rg_buf *png, int *page_count,
                   rg_error *err);

/* The size in pixels of a page of `width_pt` x `height_pt` points at
 * `dpi`, as rg_preview_png and pdftoppm make it: ceil(points * dpi / 72). */
void rg_preview_pixels(double width_pt, double height_pt, int dpi, int *width_px, int *height_px);

#endif
