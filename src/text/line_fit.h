/* Paragraph-wide line breaking (total fit, after Knuth and Plass): chooses
 * the ends of all the lines of a paragraph together, so that no line is
 * letter-spaced, stretched or left short when another set of breaks does
 * better, and so that compounds and numbers stay whole where there is room.
 * Used by text/paragraph.c; the inputs are its units (grapheme clusters). */
#ifndef RG_LINE_FIT_H
#define RG_LINE_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "text/paragraph.h"

/* What a unit is, for the cost of a line. */
enum {
    RG_FIT_SPACE = 1,     /* a stretchable space */
    RG_FIT_THAI = 2,      /* Thai text (letter-spaced by distributed justification) */
    RG_FIT_NEWLINE = 4    /* a newline: the line ends after it */
};

typedef struct rg_fit_item {
    float width;          /* points */
    uint8_t kind;         /* RG_FIT_* */
    uint8_t brk;          /* text/linebreak.h flags of the position before the unit:
                           * RG_BRK_ALLOWED, RG_BRK_FALLBACK, RG_BRK_COMPOUND,
                           * RG_BRK_NUMBER */
} rg_fit_item;

typedef struct rg_fit_params {
    float avail_first;    /* width of the paragraph's first line (> 0 or not) */
    float avail_rest;     /* width of the other lines */
    rg_align align;
    float space_width;    /* a normal word space (points, > 0) */
} rg_fit_params;

/* Chooses where the lines of items[0..n) end: *ends gets the index after
 * the last unit of each line (increasing, the last one n; malloc'ed, the
 * caller frees it), *count their number (at least 1). A line ends after
 * every newline. A line breaks before an RG_BRK_ALLOWED unit; before an
 * RG_BRK_FALLBACK unit only inside a piece between allowed breaks that is
 * wider than a line, and between any two units only inside a piece between
 * those that is still wider (the same last resorts as first fit). Among the
 * sets of breaks where every line fits, the one with the least total cost
 * wins: loose lines (stretched spaces, letter-spacing under distributed
 * justification; ragged ends for the other alignments), breaks marked
 * RG_BRK_COMPOUND or RG_BRK_NUMBER, a last line of one short word; a
 * paragraph never gets more lines to avoid one of those. Deterministic.
 * Returns 0, or -1 when out of memory. */
int rg_fit_lines(const rg_fit_item *items, size_t n, const rg_fit_params *params, size_t **ends,
                 size_t *count);

/* The white space one gap of a justified line gets (points): `extra` spread
 * over the gaps of units items[start..ink_end) the way paragraph.c justifies
 * (at spaces; under distributed justification of a line with Thai, between
 * every two units either side of which is Thai or a space, a space counting
 * twice). *letter_spaced is set when those gaps fall between letters. 0 when
 * the line has no gap. For the line's cost and for rg_break_stats. */
float rg_fit_gap_extra(const rg_fit_item *items, size_t start, size_t ink_end, rg_align align,
                       float extra, int *letter_spaced);

/* 1 if a justified line whose gaps each get `gap_extra` counts as loose: a
 * word space more than twice the normal one. */
int rg_fit_is_loose(float gap_extra, int letter_spaced, float space_width);

/* 1 if items[start..ink_end), the last line of a paragraph of several lines,
 * is one short word (no break inside, under a fifth of the line). */
int rg_fit_is_short_last(const rg_fit_item *items, size_t start, size_t ink_end, float avail);

#endif
