/* Paragraph layout: styled spans of text -> lines of placed glyph runs.
 *
 * The whole paragraph is shaped once, then broken into lines at the
 * opportunities of text/linebreak.h, the breaks of the whole paragraph chosen
 * together (text/line_fit.h: no letter-spaced or loose line, no compound
 * split and no number cut from its word when a better set of breaks exists;
 * a word wider than the line is broken between grapheme clusters). Each line is aligned and carries its own
 * vertical metrics, so the layout engine can place lines one by one and split
 * a paragraph between pages at any line.
 *
 * Coordinates are in points. x is measured from the paragraph's left edge
 * (before indents), y downwards from the top of the line box; glyph runs keep
 * PDF orientation inside (y up from the baseline), as in glyph_run.h. So a
 * line whose box top is at page height `top` (PDF, y up) draws run r at
 *   (left + r.x, top - line.baseline). */
#ifndef RG_PARAGRAPH_H
#define RG_PARAGRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "text/font.h"
#include "text/glyph_run.h"
#include "util/error.h"

typedef enum rg_align {
    RG_ALIGN_LEFT = 0,
    RG_ALIGN_CENTER,
    RG_ALIGN_RIGHT,
    RG_ALIGN_JUSTIFY,           /* extra space at spaces; last line left-aligned */
    RG_ALIGN_THAI_DISTRIBUTED   /* extra space at spaces and between the grapheme
                                 * clusters of Thai text, as in official letters
                                 * (Word's "Thai distributed"); last line left */
} rg_align;

typedef struct rg_text_span {
    const char *text;       /* UTF-8 (invalid bytes are shown as U+FFFD, with a warning) */
    size_t len;             /* bytes */
    rg_font *font;          /* the family list, any style: the faces used are
                             * rg_font_with_style(font, style) */
    rg_font_style style;    /* RG_STYLE_BOLD | RG_STYLE_ITALIC */
    float size;             /* points, > 0 */
    int underline;
    uint32_t color;         /* 0xRRGGBB, copied to the output runs */
    int thai_digits;        /* print 0-9 as ๐-๙ (and copy out as ๐-๙) */
    int tag;                /* caller's value copied to the output runs (a link...) */
} rg_text_span;

typedef struct rg_paragraph_format {
    float width;            /* available width; <= 0: no wrapping (only newlines break) */
    float line_height;      /* > 0: every line box is this tall (points) */
    float line_spacing;     /* used when line_height <= 0: multiple of the natural
                             * line height (rg_font_line_height) of the largest
                             * font on the line; 0 means 1.0 */
    rg_align align;
    float indent_first;     /* left indent of the first line */
    float indent_rest;      /* left indent of the other lines (> indent_first: hanging) */
    float indent_right;     /* right indent of every line */
} rg_paragraph_format;

/* One glyph run placed on a line; layout may move `run` out (then zero it). */
typedef struct rg_line_run {
    float x;                /* run origin from the paragraph's left edge */
    rg_glyph_run run;       /* owned; run.text = what the glyphs stand for (ActualText),
                             * with Thai digits already substituted */
    uint32_t color;
    int tag;
    int underline;
    float underline_y;      /* underline centre, points below the baseline (> 0) */
    float underline_thickness;
} rg_line_run;

typedef struct rg_text_line {
    float x;                /* left end of the ink (after indent and alignment) */
    float width;            /* from x to the end of the last non-space glyph */
    float top;              /* from the paragraph top to this line box's top */
    float height;           /* line box height */
    float baseline;         /* from this line box's top to its baseline */
    float ascent, descent;  /* largest font ascent/descent on the line (>= 0) */
    rg_line_run *runs;      /* owned */
    size_t run_count;
    int ends_paragraph;     /* last line, or followed by a newline in the text */
} rg_text_line;

typedef struct rg_paragraph {
    rg_text_line *lines;    /* owned */
    size_t line_count;
    float height;           /* sum of the line heights */
} rg_paragraph;

/* Lays out spans[0..n). An empty paragraph yields one empty line of the first
 * span's metrics (so blank lines keep their height). Returns 0, or -1 with err
 * set (bad argument, font or dictionary failure, out of memory); *out is then
 * empty. Warnings (missing glyphs, invalid UTF-8) go through rg_warn. */
int rg_paragraph_layout(const rg_text_span *spans, size_t n, const rg_paragraph_format *fmt,
                        rg_paragraph *out, rg_error *err);
void rg_paragraph_free(rg_paragraph *p);

/* Figures of line breaking, for tools (bench/break_counts.c,
 * docs/thai-text.md): what a typesetter would send back. */
typedef struct rg_break_stats {
    size_t paragraphs, lines;   /* laid out with wrapping */
    size_t loose_lines;         /* justified lines with a word space over twice the
                                 * normal one (distributed: letters over half a space apart) */
    size_t compound_splits;     /* lines ending inside a compound (RG_BRK_COMPOUND) */
    size_t separated_numbers;   /* lines ending between a number and its word (RG_BRK_NUMBER) */
    size_t short_last_lines;    /* last lines of one short word (under a fifth of the line) */
} rg_break_stats;

/* While stats is not NULL, every wrapped rg_paragraph_layout of the calling
 * thread adds its figures to *stats. For tools; not for documents. */
void rg_paragraph_collect_stats(rg_break_stats *stats);

/* on = 1: the calling thread breaks lines first fit, one line at a time (as
 * before paragraph-wide breaking), for comparisons; 0 (the default): the
 * breaks of the whole paragraph are chosen together (text/line_fit.h). */
void rg_paragraph_use_first_fit(int on);

/* Widths for sizing table columns: *min_width = the widest unbreakable piece
 * (word) plus the larger left indent and the right indent, *max_width = the
 * widest line when not wrapped, indents included (never less than min_width). */
int rg_paragraph_measure(const rg_text_span *spans, size_t n, const rg_paragraph_format *fmt,
                         float *min_width, float *max_width, rg_error *err);

#endif
