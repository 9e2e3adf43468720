/* Paragraph-wide line breaking (line_fit.h): a shortest path over the break
 * positions of each newline-free segment, as in Knuth and Plass's total fit.
 *
 * A line's cost is (LINE_BASE + badness)^2 + EXTRA_LINE + penalty^2, with
 * badness = 100 r^3 (capped) and r the stretch a justified line needs, in
 * units of what it can comfortably take: 0.4 of a space per letter gap
 * under Thai distributed justification (so a line spread into
 * "แ ผ น พั ฒ น า" costs thousands of times more than a full one), half a
 * space per word space when justified at spaces, a third of the line when
 * ragged. The penalties stay below EXTRA_LINE, so avoiding a compound split
 * or a lone number never costs the paragraph a line; the last resorts
 * (a kept word's inner boundary, a cut between clusters, an overfull unit)
 * cost more than any set of ordinary lines, so they are used only where
 * first fit would use them. */
#include "text/line_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/linebreak.h"

#define LINE_BASE 10.0
#define EXTRA_LINE 40000.0
#define MAX_BADNESS 10000.0
#define PENALTY_COMPOUND 50.0
#define PENALTY_NUMBER 70.0
#define PENALTY_SHORT_LAST 60.0
#define COST_FALLBACK 1e13     /* break inside a word kept whole */
#define COST_CLUSTER 1e15      /* break between the clusters of a word */
#define COST_OVERFULL 1e17     /* a single unit wider than the line */
#define LETTER_STRETCH 0.4     /* comfortable extra per letter gap, in spaces */
#define SPACE_STRETCH 0.5      /* comfortable extra per word space, in spaces */
#define RAGGED_STRETCH 1.0     /* comfortable ragged end, in lines */
#define SHORT_LAST 0.2         /* a last word under this much of the line is short */

enum { TIER_NONE = 0, TIER_ALLOWED, TIER_FALLBACK, TIER_CLUSTER };

/* Per-paragraph sums, so that a line's width and gaps cost O(1). */
typedef struct fit_ctx {
    const rg_fit_item *items;
    size_t n;
    const rg_fit_params *params;
    double *width;        /* width[k]: sum of items[0..k) */
    size_t *spaces;       /* spaces[k]: spaces among items[0..k) */
    size_t *thai;         /* thai[k]: Thai units among items[0..k) */
    size_t *letter_gaps;  /* letter_gaps[k]: distributed gaps before items[1..k) */
    uint8_t *tier;        /* tier of the break before each item */
} fit_ctx;

static int is_space(const rg_fit_item *it)
{
    return (it->kind & RG_FIT_SPACE) != 0;
}

/* A distributed gap between items a and b (paragraph.c, justify). */
static int is_letter_gap(const rg_fit_item *a, const rg_fit_item *b)
{
    return ((a->kind | b->kind) & (RG_FIT_THAI | RG_FIT_SPACE)) != 0;
}

/* End of the ink of a line [start, end): trailing spaces and newlines dropped. */
static size_t ink_end_of(const rg_fit_item *items, size_t start, size_t end)
{
    while (end > start && (items[end - 1].kind & (RG_FIT_SPACE | RG_FIT_NEWLINE)))
        end--;
    return end;
}

static size_t first_ink(const rg_fit_item *items, size_t start, size_t ink_end)
{
    while (start < ink_end && is_space(&items[start]))
        start++;
    return start;
}

float rg_fit_gap_extra(const rg_fit_item *items, size_t start, size_t ink_end, rg_align align,
                       float extra, int *letter_spaced)
{
    *letter_spaced = 0;
    if (align != RG_ALIGN_JUSTIFY && align != RG_ALIGN_THAI_DISTRIBUTED)
        return 0;
    int distribute = 0;
    for (size_t k = start; k < ink_end && align == RG_ALIGN_THAI_DISTRIBUTED && !distribute; k++)
        distribute = (items[k].kind & RG_FIT_THAI) != 0;
    size_t gaps = 0;
    for (size_t k = first_ink(items, start, ink_end); k + 1 < ink_end; k++)
        gaps += distribute ? is_letter_gap(&items[k], &items[k + 1]) : is_space(&items[k]);
    *letter_spaced = distribute;
    return gaps ? extra / (float)gaps : 0;
}

int rg_fit_is_loose(float gap_extra, int letter_spaced, float space_width)
{
    /* Distributed: a space gets two shares, so it is over twice its width
     * when a share is over half of it; the letters are then that far apart. */
    return letter_spaced ? gap_extra > space_width / 2 : gap_extra > space_width;
}

int rg_fit_is_short_last(const rg_fit_item *items, size_t start, size_t ink_end, float avail)
{
    double w = 0;
    for (size_t k = start; k < ink_end; k++) {
        if (k > start && (items[k].brk & RG_BRK_ALLOWED))
            return 0;
        w += items[k].width;
    }
    return ink_end > start && w < SHORT_LAST * avail;
}

static double badness(double r)
{
    double b = 100.0 * r * r * r;
    return b < MAX_BADNESS ? b : MAX_BADNESS;
}

/* How much stretching a full-width line [start, ink) needs, as badness. */
static double line_badness(const fit_ctx *c, size_t start, size_t ink, double slack, double avail)
{
    const rg_fit_params *fp = c->params;
    double sp = fp->space_width > 0 ? fp->space_width : 1;
    size_t first = first_ink(c->items, start, ink);
    if (fp->align == RG_ALIGN_THAI_DISTRIBUTED && c->thai[ink] > c->thai[start] && first + 1 < ink) {
        size_t gaps = c->letter_gaps[ink] - c->letter_gaps[first + 1];
        if (gaps)
            return badness(slack / (double)gaps / (LETTER_STRETCH * sp));
    }
    if ((fp->align == RG_ALIGN_JUSTIFY || fp->align == RG_ALIGN_THAI_DISTRIBUTED) && ink > first) {
        size_t spaces = c->spaces[ink - 1] - c->spaces[first];
        if (spaces)
            return badness(slack / (double)spaces / (SPACE_STRETCH * sp));
    }
    return avail > 0 ? badness(slack / (RAGGED_STRETCH * avail)) : 0;
}

/* Cost of the line [start, end) (end: a candidate) whose ink ends at ink and
 * is `width` wide, or -1 when it does not fit. `last`: it ends its segment. */
static double line_cost(const fit_ctx *c, size_t seg_start, size_t start, size_t end, size_t ink,
                        double width, int last)
{
    const rg_fit_params *fp = c->params;
    double avail = start == 0 ? fp->avail_first : fp->avail_rest;
    double cost = EXTRA_LINE;
    if (width > avail + 1e-4) {
        if (ink > start + 1)
            return -1;
        cost += COST_OVERFULL;
    }
    double slack = avail - width > 0 ? avail - width : 0;
    double b = last ? 0 : line_badness(c, start, ink, slack, avail);
    cost += (LINE_BASE + b) * (LINE_BASE + b);
    if (last) {
        if (start > seg_start && rg_fit_is_short_last(c->items, start, ink, (float)avail))
            cost += PENALTY_SHORT_LAST * PENALTY_SHORT_LAST;
        return cost;
    }
    uint8_t brk = c->items[end].brk;
    if (brk & RG_BRK_COMPOUND)
        cost += PENALTY_COMPOUND * PENALTY_COMPOUND;
    if (brk & RG_BRK_NUMBER)
        cost += PENALTY_NUMBER * PENALTY_NUMBER;
    if (c->tier[end] == TIER_FALLBACK)
        cost += COST_FALLBACK;
    else if (c->tier[end] == TIER_CLUSTER)
        cost += COST_CLUSTER;
    return cost;
}

/* Marks, inside pieces [from, to) between breaks of tier < `tier` wider than
 * a line, the positions of the next tier. */
static void open_last_resorts(fit_ctx *c, size_t from, size_t to, int tier, double min_avail)
{
    size_t a = from;
    for (size_t k = from + 1; k <= to; k++) {
        if (k < to && (c->tier[k] == TIER_NONE || c->tier[k] >= tier))
            continue;
        size_t ink = ink_end_of(c->items, a, k);
        if (c->width[ink] - c->width[a] > min_avail) {
            for (size_t j = a + 1; j < k; j++) {
                int opens = tier == TIER_FALLBACK ? (c->items[j].brk & RG_BRK_FALLBACK) != 0
                                                  : !is_space(&c->items[j]);
                if (c->tier[j] == TIER_NONE && opens)
                    c->tier[j] = (uint8_t)tier;
            }
        }
        a = k;
    }
}

/* The best breaks of the segment [from, to) (no newline inside but maybe
 * its last unit), appended to ends; pos, prev and best have room for its
 * candidates. */
static void fit_segment(fit_ctx *c, size_t from, size_t to, size_t *pos, size_t *prev,
                        double *best, size_t *ends, size_t *count)
{
    const rg_fit_params *fp = c->params;
    double min_avail = fmin(from == 0 ? fp->avail_first : fp->avail_rest, fp->avail_rest);
    double max_avail = fmax(from == 0 ? fp->avail_first : fp->avail_rest, fp->avail_rest);
    for (size_t k = from + 1; k < to; k++)
        c->tier[k] = (c->items[k].brk & RG_BRK_ALLOWED) ? TIER_ALLOWED : TIER_NONE;
    open_last_resorts(c, from, to, TIER_FALLBACK, min_avail);
    open_last_resorts(c, from, to, TIER_CLUSTER, min_avail);

    size_t m = 0;
    pos[m++] = from;
    for (size_t k = from + 1; k < to; k++)
        if (c->tier[k] != TIER_NONE)
            pos[m++] = k;
    pos[m++] = to;

    best[0] = 0;
    for (size_t e = 1; e < m; e++) {
        best[e] = HUGE_VAL;
        prev[e] = e - 1;
        size_t trimmed = ink_end_of(c->items, from, pos[e]);  /* trailing spaces dropped */
        for (size_t s = e; s-- > 0;) {
            size_t ink = trimmed > pos[s] ? trimmed : pos[s];
            double width = c->width[ink] - c->width[pos[s]];
            if (width > max_avail + 1e-4 && ink > pos[s] + 1)
                break;                       /* longer lines only get wider */
            if (best[s] == HUGE_VAL)
                continue;
            double cost = line_cost(c, from, pos[s], pos[e], ink, width, e == m - 1);
            if (cost < 0)
                continue;
            if (best[s] + cost < best[e]) {
                best[e] = best[s] + cost;
                prev[e] = s;
            }
        }
        /* Every unit alone fits or is overfull on its own, so the previous
         * candidate is always a way here; unreachable only through NaN widths. */
        if (best[e] == HUGE_VAL)
            best[e] = best[e - 1];
    }
    size_t lines = 0;
    for (size_t e = m - 1; e > 0; e = prev[e])
        lines++;
    size_t k = *count + lines;
    for (size_t e = m - 1; e > 0; e = prev[e])
        ends[--k] = pos[e];
    *count += lines;
}

int rg_fit_lines(const rg_fit_item *items, size_t n, const rg_fit_params *params, size_t **ends,
                 size_t *count)
{
    *ends = NULL;
    *count = 0;
    fit_ctx c = {items, n, params, NULL, NULL, NULL, NULL, NULL};
    /* One block: the sums, the tiers, and the candidates of a segment
     * (pos, prev, best; at most n + 1 each). */
    size_t m = n + 1;
    char *block = malloc(m * (2 * sizeof(double) + 5 * sizeof(size_t) + 1));
    size_t *out = malloc(m * sizeof *out);
    if (!block || !out) {
        free(block);
        free(out);
        return -1;
    }
    c.width = (double *)block;
    double *best = c.width + m;
    c.spaces = (size_t *)(best + m);
    c.thai = c.spaces + m;
    c.letter_gaps = c.thai + m;
    size_t *pos = c.letter_gaps + m, *prev = pos + m;
    c.tier = (uint8_t *)(prev + m);
    memset(c.tier, 0, m);
    c.width[0] = 0;
    c.spaces[0] = c.thai[0] = c.letter_gaps[0] = 0;
    if (n >= 1)
        c.letter_gaps[1] = 0;
    for (size_t k = 0; k < n; k++) {
        c.width[k + 1] = c.width[k] + items[k].width;
        c.spaces[k + 1] = c.spaces[k] + is_space(&items[k]);
        c.thai[k + 1] = c.thai[k] + ((items[k].kind & RG_FIT_THAI) != 0);
        if (k >= 1)
            c.letter_gaps[k + 1] = c.letter_gaps[k] + is_letter_gap(&items[k - 1], &items[k]);
    }
    if (n == 0)
        out[(*count)++] = 0;
    for (size_t from = 0; from < n;) {
        size_t to = from;
        while (to < n && !(items[to].kind & RG_FIT_NEWLINE))
            to++;
        if (to < n)
            to++;                            /* the newline ends the line */
        fit_segment(&c, from, to, pos, prev, best, out, count);
        from = to;
    }
    free(block);
    *ends = out;
    return 0;
}
