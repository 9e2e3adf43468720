/* The verification footer (footer.h). */
#include "archive/footer.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/qr.h"
#include "template/format.h"
#include "text/paragraph.h"
#include "util/buf.h"

#define MAIN_SIZE 11.0f
#define SMALL_SIZE 8.5f
#define LINE_HEIGHT 1.25f   /* line box = size * this: room for Thai marks, no more */
#define SIDE_MARGIN 56.7f   /* 20 mm: used when the page has no ink to align with */
#define TEXT_GRAY 0.15f

static float text_height(void)
{
    return (MAIN_SIZE + 2 * SMALL_SIZE) * LINE_HEIGHT;
}

static int qr_modules(const rg_archive_stamp *st)
{
    char *payload = rg_archive_qr_payload(st);
    rg_qr qr;
    rg_error ignored;
    int width = 41;  /* version 6: more than the payload ever needs */
    if (payload && rg_qr_encode(payload, &qr, &ignored) == 0) {
        width = qr.width;
        rg_qr_free(&qr);
    }
    free(payload);
    return width;
}

/* Height of the band for this stamp's QR code (points). */
static float rg_archive_footer_height(const rg_archive_stamp *st)
{
    return fmaxf((float)qr_modules(st) * RG_ARCHIVE_QR_MODULE, text_height());
}

int rg_archive_reserve_footer(rg_document *doc, const rg_archive_stamp *st, rg_error *err)
{
    assert(doc && st->number[0]);   /* a made stamp */
    float need = RG_ARCHIVE_FOOTER_BOTTOM + rg_archive_footer_height(st) + RG_ARCHIVE_FOOTER_GAP;
    for (size_t i = 0; i < doc->section_count; i++) {
        rg_section *s = doc->sections[i];
        float shift = 0;
        if (s->footer.count) {
            float offset = s->footer_offset > 0 ? s->footer_offset : 0.4f * s->margin_bottom;
            if (offset < need) {
                shift = need - offset;
                s->footer_offset = need;
            }
        } else if (s->margin_bottom < need) {
            shift = need - s->margin_bottom;
        }
        s->margin_bottom += shift;
        if (s->margin_bottom + s->margin_top >= s->page_height - 72.0f)
            return rg_error_set(err, RG_ERR_INPUT,
                                "section %zu: no room left for the verification footer", i + 1);
    }
    return 0;
}

/* The horizontal extent and the lowest point of the ink already on a page. */
static void page_extent(const rg_page *pg, float *left, float *right, float *bottom)
{
    float l = INFINITY, r = -INFINITY, b = INFINITY;
    for (size_t i = 0; i < pg->item_count; i++) {
        const rg_item *it = &pg->items[i];
        float x0 = it->x, x1 = it->x, y0 = it->y;
        switch (it->kind) {
        case RG_ITEM_TEXT:
            x1 = it->x + it->run.width;
            y0 = it->y - 0.3f * it->run.size;
            break;
        case RG_ITEM_LINE:
            x0 = fminf(it->x, it->x2);
            x1 = fmaxf(it->x, it->x2);
            y0 = fminf(it->y, it->y2);
            break;
        case RG_ITEM_RECT:
        case RG_ITEM_IMAGE:
            x1 = it->x + it->w;
            break;
        case RG_ITEM_LINK_TARGET:
            continue;
        }
        l = fminf(l, x0);
        r = fmaxf(r, x1);
        b = fminf(b, y0);
    }
    *left = isfinite(l) ? fmaxf(l, 28.0f) : SIDE_MARGIN;
    *right = isfinite(r) ? fminf(r, pg->width - 28.0f) : pg->width - SIDE_MARGIN;
    if (*right - *left < 200.0f) {
        *left = SIDE_MARGIN;
        *right = pg->width - SIDE_MARGIN;
    }
    *bottom = b;
}

/* One line of text with its box top at `top`, starting at x, made smaller
 * if it would be wider than max_width (it must not reach the QR code's
 * quiet zone); returns its height. */
static int put_text(rg_page *pg, rg_font *font, const char *text, float size, float x, float top,
                    float max_width, float *height, rg_error *err)
{
    rg_text_span span;
    memset(&span, 0, sizeof span);
    span.text = text;
    span.len = strlen(text);
    span.font = font;
    span.size = size;
    rg_paragraph_format fmt;
    memset(&fmt, 0, sizeof fmt);
    fmt.line_height = size * LINE_HEIGHT;
    rg_paragraph para;
    if (rg_paragraph_layout(&span, 1, &fmt, &para, err) < 0)
        return -1;
    float width = para.line_count ? para.lines[0].x + para.lines[0].width : 0;
    if (width > max_width && max_width > 0) {
        rg_paragraph_free(&para);
        span.size = size * max_width / width * 0.98f;
        if (rg_paragraph_layout(&span, 1, &fmt, &para, err) < 0)
            return -1;
    }
    *height = para.height;
    for (size_t l = 0; l < para.line_count; l++) {
        rg_text_line *line = &para.lines[l];
        for (size_t r = 0; r < line->run_count; r++) {
            rg_item it;
            memset(&it, 0, sizeof it);
            it.kind = RG_ITEM_TEXT;
            it.x = x + line->runs[r].x;
            it.y = top - line->top - line->baseline;
            it.color.r = it.color.g = it.color.b = TEXT_GRAY;
            it.run = line->runs[r].run;
            memset(&line->runs[r].run, 0, sizeof line->runs[r].run);
            if (rg_page_add_item(pg, &it) < 0) {
                rg_paragraph_free(&para);
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            }
        }
    }
    rg_paragraph_free(&para);
    return 0;
}

static int put_qr(rg_page *pg, const rg_qr *qr, float x, float y_top, rg_error *err)
{
    float m = RG_ARCHIVE_QR_MODULE;
    for (int row = 0; row < qr->width; row++) {
        /* one rectangle per horizontal run of dark modules: fewer items; the
         * PDF writer fills consecutive same-colour rectangles as one path, so
         * rows share no hairline seam in antialiasing renderers */
        for (int col = 0; col < qr->width;) {
            if (!qr->dark[row * qr->width + col]) {
                col++;
                continue;
            }
            int end = col;
            while (end < qr->width && qr->dark[row * qr->width + end])
                end++;
            rg_item it;
            memset(&it, 0, sizeof it);
            it.kind = RG_ITEM_RECT;
            it.x = x + (float)col * m;
            it.y = y_top - (float)(row + 1) * m;
            it.w = (float)(end - col) * m;
            it.h = m;
            it.fill = 1;
            if (rg_page_add_item(pg, &it) < 0)
                return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            col = end;
        }
    }
    return 0;
}

int rg_archive_add_footer(rg_display *d, const rg_archive_stamp *st, rg_fontlib *fonts,
                          rg_error *err)
{
    assert(d && fonts && st->number[0]);
    rg_font *font = rg_fontlib_font(fonts, RG_DEFAULT_FONT_FAMILIES, RG_STYLE_REGULAR, err);
    if (!font)
        return -1;
    char *payload = rg_archive_qr_payload(st);
    if (!payload)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_qr qr;
    int rc = rg_qr_encode(payload, &qr, err);
    free(payload);
    if (rc < 0)
        return -1;
    /* Dates, each labelled for what it is: the printing date only when one
     * was given (--date, SOURCE_DATE_EPOCH: the clock is never read), and
     * the date of the data ("ข้อมูล ณ", its latest entry) when it has one. A
     * data date is never called a print date. */
    rg_buf date = RG_BUF_INIT;
    rg_error ignored;
    rg_buf printed = RG_BUF_INIT, data = RG_BUF_INIT;
    if (st->print_date_given && st->print_date &&
        rg_format_date(st->print_date, RG_DATE_LONG, &printed, &ignored) == 0)
        rg_buf_printf(&date, "    พิมพ์เมื่อ %s", printed.data);
    if (st->data_date && rg_format_date(st->data_date, RG_DATE_LONG, &data, &ignored) == 0)
        rg_buf_printf(&date, "    ข้อมูล ณ %s", data.data);
    rg_buf_free(&printed);
    rg_buf_free(&data);
    if (rg_buf_puts(&date, "") < 0) {
        rg_qr_free(&qr);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    char hex[65];
    rg_archive_hex(st->data_digest, hex);
    float band = rg_archive_footer_height(st);
    float band_top = RG_ARCHIVE_FOOTER_BOTTOM + band;
    rg_buf line = RG_BUF_INIT;
    for (size_t p = 0; rc == 0 && p < d->page_count; p++) {
        rg_page *pg = &d->pages[p];
        float left, right, bottom;
        page_extent(pg, &left, &right, &bottom);
        if (pg->item_count && bottom < band_top)
            rg_warn("page %zu: content reaches into the verification footer", p + 1);
        float qr_size = (float)qr.width * RG_ARCHIVE_QR_MODULE;
        float text_width = right - qr_size - 6.0f * RG_ARCHIVE_QR_MODULE - left;
        rc = put_qr(pg, &qr, right - qr_size, band_top, err);
        float top = band_top, h = 0;
        rg_buf_reset(&line);
        if (rc == 0 && rg_buf_printf(&line, "เลขที่เอกสาร %s%s    หน้า %zu จาก %zu",
                                     st->number, date.data, p + 1, d->page_count) < 0)
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        if (rc == 0)
            rc = put_text(pg, font, line.data, MAIN_SIZE, left, top, text_width, &h, err);
        top -= h;
        rg_buf_reset(&line);
        if (rc == 0 && rg_buf_printf(&line, "SHA-256 ของข้อมูล %s", hex) < 0)
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        if (rc == 0)
            rc = put_text(pg, font, line.data, SMALL_SIZE, left, top, text_width, &h, err);
        top -= h;
        if (rc == 0)
            rc = put_text(pg, font,
                          st->embedded_name
                              ? "ฉบับเก็บถาวร (PDF/A-3b) มีข้อมูลของเอกสารแนบในไฟล์ ตรวจได้ด้วยคำสั่ง raingan verify"
                              : "ฉบับเก็บถาวร (PDF/A-1b) ตรวจกับฐานข้อมูลได้ด้วยคำสั่ง raingan verify",
                          SMALL_SIZE, left, top, text_width, &h, err);
    }
    rg_buf_free(&line);
    rg_buf_free(&date);
    rg_qr_free(&qr);
    return rc;
}
