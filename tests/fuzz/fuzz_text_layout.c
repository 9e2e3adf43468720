/* libFuzzer target: paragraph layout (src/text: shaping, line breaking,
 * alignment, measuring).
 *
 * Input: a 4-byte header, then UTF-8 text (any bytes: invalid sequences must
 * be shown as U+FFFD, not crash). Header: [0] alignment, style, underline,
 * Thai digits; [1] line width (0 = no wrapping); [2] font size; [3] family
 * list and line height. Byte 0x01 in the text starts a new span whose style
 * alternates, so style changes land anywhere, even inside a Thai cluster.
 * The font library is loaded once, as batch rendering does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/font.h"
#include "text/paragraph.h"
#include "util/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SPANS 16

static rg_fontlib *fonts;
static const char *const family_lists[] = {
    RG_DEFAULT_FONT_FAMILIES, "Laksaman", "DejaVu Sans, Laksaman", "No Such Family",
};

/* Freed before the exit-time leak check (atexit runs it first). */
static void free_fonts(void)
{
    rg_fontlib_free(fonts);
    fonts = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_warning_set_sink(NULL, NULL);
    /* fontconfig itself, not a cache of its answers kept between runs. */
    setenv("RAINGAN_FONT_CACHE", "off", 1);
    rg_error err;
    rg_error_clear(&err);
    fonts = rg_fontlib_new(&err);
    if (!fonts) {
        fprintf(stderr, "fuzz_text_layout: %s\n", err.message);
        exit(1);
    }
    atexit(free_fonts);
    /* Every family list and style asked now, then fontconfig's
     * configuration freed: libFuzzer looks for leaks during the run, and
     * fontconfig's live blocks (kept as encoded offsets) can look
     * unreachable then, depending on where things landed in memory. */
    for (size_t i = 0; i < sizeof family_lists / sizeof family_lists[0]; i++) {
        for (int style = 0; style < 4; style++) {
            if (!rg_fontlib_font(fonts, family_lists[i], (rg_font_style)style, &err)) {
                fprintf(stderr, "fuzz_text_layout: %s\n", err.message);
                exit(1);
            }
        }
    }
    rg_fontlib_release_fontconfig(fonts);
    return 0;
}

static void check_paragraph(const rg_paragraph *p, const rg_paragraph_format *fmt)
{
    if (p->line_count < 1)
        abort();   /* even an empty paragraph has one line */
    float sum = 0;
    for (size_t i = 0; i < p->line_count; i++) {
        const rg_text_line *line = &p->lines[i];
        if (!(line->height >= 0) || !(line->ascent >= 0) || !(line->descent >= 0))
            abort();   /* NaN or negative metrics */
        sum += line->height;
    }
    if (p->lines[p->line_count - 1].ends_paragraph != 1)
        abort();
    (void)fmt;
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    rg_error err;
    rg_error_clear(&err);
    uint8_t flags = data[0];
    rg_paragraph_format fmt;
    memset(&fmt, 0, sizeof fmt);
    fmt.align = (rg_align)(flags % 5);
    fmt.width = data[1] == 0 ? 0.0f : (float)data[1] * 2.0f;
    fmt.line_height = (data[3] & 0x80) ? 20.0f : 0.0f;
    fmt.line_spacing = (data[3] & 0x40) ? 1.5f : 0.0f;
    fmt.indent_first = (flags & 0x80) ? 24.0f : 0.0f;
    fmt.indent_rest = (flags & 0x40) ? 12.0f : 0.0f;
    fmt.indent_right = (flags & 0x20) ? 6.0f : 0.0f;
    float font_size = 4.0f + (float)(data[2] % 64);
    const char *families = family_lists[data[3] % (sizeof family_lists / sizeof family_lists[0])];
    rg_font *font = rg_fontlib_font(fonts, families, RG_STYLE_REGULAR, &err);
    if (!font)
        abort();   /* the bundled fallback is always there */

    const char *text = (const char *)data + 4;
    size_t len = size - 4;
    rg_text_span spans[MAX_SPANS];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < MAX_SPANS; i++) {
        if (i == len || text[i] == 0x01 || n == MAX_SPANS - 1) {
            size_t end = (n == MAX_SPANS - 1) ? len : i;
            rg_text_span *s = &spans[n];
            memset(s, 0, sizeof *s);
            s->text = text + start;
            s->len = end - start;
            s->font = font;
            s->style = (rg_font_style)((n + (flags >> 3)) & 3);
            s->size = font_size * ((n & 1) ? 0.75f : 1.0f);
            s->underline = (flags >> 2) & 1 && (n & 1);
            s->thai_digits = (flags >> 4) & 1;
            s->tag = (int)n;
            n++;
            start = end + 1;
            if (end == len)
                break;
        }
    }

    rg_paragraph p;
    if (rg_paragraph_layout(spans, n, &fmt, &p, &err) < 0) {
        fprintf(stderr, "layout failed: %s\n", err.message);
        abort();
    }
    check_paragraph(&p, &fmt);
    rg_paragraph_free(&p);

    float min_width = 0, max_width = 0;
    if (rg_paragraph_measure(spans, n, &fmt, &min_width, &max_width, &err) < 0) {
        fprintf(stderr, "measure failed: %s\n", err.message);
        abort();
    }
    if (!(min_width >= 0) || !(max_width >= 0))
        abort();
    return 0;
}
