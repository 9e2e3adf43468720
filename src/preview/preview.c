/* PNG previews through poppler-glib and cairo (preview.h). */
#include "preview/preview.h"

#include <assert.h>
#include <math.h>

#include <cairo.h>
#include <poppler.h>

void rg_preview_pixels(double width_pt, double height_pt, int dpi, int *width_px, int *height_px)
{
    /* pdftoppm's rounding, so that both give the same size; the small
     * allowance keeps an exact product (595 pt at 72 dpi) from rounding up
     * through floating-point noise. */
    *width_px = (int)ceil(width_pt * dpi / 72.0 - 1e-6);
    *height_px = (int)ceil(height_pt * dpi / 72.0 - 1e-6);
}

static cairo_status_t append_png(void *closure, const unsigned char *data, unsigned int length)
{
    return rg_buf_append(closure, data, length) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Draws `page` over white at `dpi` and appends it to png as a PNG. */
static int draw_page(PopplerPage *page, int dpi, rg_buf *png, rg_error *err)
{
    double w_pt, h_pt;
    int w, h;
    poppler_page_get_size(page, &w_pt, &h_pt);   /* the crop box, rotation applied */
    rg_preview_pixels(w_pt, h_pt, dpi, &w, &h);
    if (w < 1 || h < 1 || w > 32767 || h > 32767)   /* cairo's largest image */
        return rg_error_set(err, RG_ERR_INPUT, "the page is %.0f x %.0f points: too large or empty to draw at %d dpi",
                            w_pt, h_pt, dpi);
    /* RGB24 (no alpha): an opaque page, written as an RGB PNG. */
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory for a %d x %d pixel image", w, h);
    }
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    poppler_page_render(page, cr);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    size_t before = png->len;
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png_stream(surface, append_png, png);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        png->len = before;   /* nothing half-written */
        return rg_error_set(err, status == CAIRO_STATUS_NO_MEMORY || status == CAIRO_STATUS_WRITE_ERROR
                                     ? RG_ERR_NOMEM : RG_ERR_INTERNAL,
                            "cannot draw the page: %s", cairo_status_to_string(status));
    }
    return 0;
}

int rg_preview_png(const void *pdf, size_t len, int page, int dpi, rg_buf *png, int *page_count,
                   rg_error *err)
{
    assert(pdf && png);
    if (page_count)
        *page_count = 0;
    if (dpi < RG_PREVIEW_DPI_MIN || dpi > RG_PREVIEW_DPI_MAX)
        return rg_error_set(err, RG_ERR_USAGE, "a resolution of %d dpi is out of bounds (%d to %d)", dpi,
                            RG_PREVIEW_DPI_MIN, RG_PREVIEW_DPI_MAX);
    /* Poppler reads the caller's bytes in place: no copy of the PDF. */
    GBytes *bytes = g_bytes_new_static(pdf, len);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);   /* the document keeps its own reference */
    if (!doc) {
        rg_error_set(err, RG_ERR_INPUT, "not a readable PDF: %s", gerr ? gerr->message : "unknown error");
        if (gerr)
            g_error_free(gerr);
        return -1;
    }
    int n = poppler_document_get_n_pages(doc);
    if (page_count)
        *page_count = n;
    int rc;
    if (page < 1 || page > n) {
        rc = rg_error_set(err, RG_ERR_NOT_FOUND, "there is no page %d: the document has %d page%s", page, n,
                          n == 1 ? "" : "s");
    } else {
        PopplerPage *p = poppler_document_get_page(doc, page - 1);
        rc = p ? draw_page(p, dpi, png, err) : rg_error_set(err, RG_ERR_INPUT, "page %d cannot be read", page);
        if (p)
            g_object_unref(p);
    }
    g_object_unref(doc);
    return rc;
}
