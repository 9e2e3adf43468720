/* Visible signature box content stream (see appearance.h). */
#include "sign/appearance.h"

#include <stdio.h>
#include <string.h>

/* Helvetica advance widths for ' ' .. '~' (Adobe core font metrics, WinAnsi). */
static const short helvetica_widths[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  /*  !"#$%&'()*+,-./ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  /* 0-9 :;<=>? */
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, /* @A-O */
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  /* P-Z [\]^_ */
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  /* `a-o */
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584        /* p-z {|}~ */
};

#define MAX_LINES 4
#define MAX_FONT_SIZE 10.0
#define MIN_FONT_SIZE 3.0
#define LEADING 1.25

static int printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return 0;
    return 1;
}

int rg_sign_helvetica_width(const char *ascii)
{
    int width = 0;
    for (; *ascii; ascii++) {
        unsigned char c = (unsigned char)*ascii;
        width += c >= 0x20 && c <= 0x7E ? helvetica_widths[c - 0x20] : 556;
    }
    return width;
}

static int put_literal(rg_buf *out, const char *text)
{
    if (rg_buf_putc(out, '(') < 0)
        return -1;
    for (; *text; text++) {
        if ((*text == '(' || *text == ')' || *text == '\\') && rg_buf_putc(out, '\\') < 0)
            return -1;
        if (rg_buf_putc(out, *text) < 0)
            return -1;
    }
    return rg_buf_putc(out, ')');
}

int rg_sign_appearance(rg_buf *stream, const rg_signer *signer, const rg_sign_options *opt)
{
    char lines[MAX_LINES][320];
    int n = 0;
    const char *name = rg_signer_name(signer);
    if (printable_ascii(name) && strlen(name) < 200)
        snprintf(lines[n++], sizeof lines[0], "Digitally signed by %s", name);
    else
        snprintf(lines[n++], sizeof lines[0], "Digitally signed");
    struct tm tm;
    if (gmtime_r(&opt->when, &tm))
        strftime(lines[n++], sizeof lines[0], "Date: %Y-%m-%d %H:%M:%S UTC", &tm);
    if (opt->reason && printable_ascii(opt->reason) && strlen(opt->reason) < 200)
        snprintf(lines[n++], sizeof lines[0], "Reason: %s", opt->reason);
    if (opt->location && printable_ascii(opt->location) && strlen(opt->location) < 200)
        snprintf(lines[n++], sizeof lines[0], "Location: %s", opt->location);

    double pad = opt->h < 12 || opt->w < 12 ? 1.0 : 3.0;
    double size = MAX_FONT_SIZE;
    double fit_height = (opt->h - 2 * pad) / (n * LEADING);
    if (fit_height < size)
        size = fit_height;
    for (int i = 0; i < n; i++) {
        double width = rg_sign_helvetica_width(lines[i]) / 1000.0;
        if (width > 0 && (opt->w - 2 * pad) / width < size)
            size = (opt->w - 2 * pad) / width;
    }
    if (size < MIN_FONT_SIZE)
        size = MIN_FONT_SIZE;  /* too small a box: the clip keeps the text inside */

    /* The block of lines centred vertically (0.8: Helvetica's cap height, about). */
    double block = (n - 1) * size * LEADING + size * 0.8;
    double first_baseline = (opt->h + block) / 2 - size * 0.8;
    if (first_baseline > opt->h - pad - size * 0.8)
        first_baseline = opt->h - pad - size * 0.8;
    if (rg_buf_printf(stream, "q\n0.15 0.25 0.55 RG 0.8 w\n0.4 0.4 %.2f %.2f re S\n"
                              "%.2f %.2f %.2f %.2f re W n\nBT\n/Helv %.2f Tf %.2f TL 0.1 0.15 0.4 rg\n"
                              "%.2f %.2f Td\n",
                      opt->w - 0.8, opt->h - 0.8, pad, pad, opt->w - 2 * pad, opt->h - 2 * pad, size,
                      size * LEADING, pad, first_baseline) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if ((i > 0 && rg_buf_puts(stream, "T* ") < 0) || put_literal(stream, lines[i]) < 0 ||
            rg_buf_puts(stream, " Tj\n") < 0)
            return -1;
    }
    return rg_buf_puts(stream, "ET\nQ");
}
