/* Test helper: checks that every expected line (file 1) appears, in order, in
 * the text pdftotext -raw read back from a PDF (file 2).
 *
 * White space is ignored (layout breaks lines and justifies; Thai has no
 * spaces to keep). An expected paragraph may be spread over several PDF lines
 * (it was wrapped), and the lines of different paragraphs may interleave
 * where they stand side by side (a field's label and value, table cells), so
 * a paragraph is matched as a sequence of pieces of PDF lines, in order; the
 * next paragraph is the match nearest to where this one started (ahead, or a
 * little behind), so the order is checked block by block, not strictly.
 * Prints each line it cannot find and exits 1 if any.
 *
 * --strict (the seed fidelity test): each expected line must START after the
 * start of the previous one - on a later PDF line, or further along the same
 * line - with no look-back at all, short lines included; a line starting with
 * '#' in the expected file is a comment (the fidelity files say there why a
 * line differs from its seed). A long cell cut by a page break may still END
 * after the short cells of its row that follow it: the order is that of the
 * cells' starts, as an officer reads a row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

typedef struct lines {
    char **items;
    size_t count;
} lines;

/* Drops ASCII white space and U+00A0 (C2 A0). */
static char *squeeze(const char *s)
{
    rg_buf b = RG_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f')
            continue;
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            p++;
            continue;
        }
        rg_buf_putc(&b, (char)*p);
    }
    return b.data ? rg_buf_steal(&b) : strdup("");
}

static void free_lines(lines *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

static int read_lines(const char *path, lines *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    out->items = NULL;
    out->count = 0;
    while (getline(&line, &cap, f) >= 0) {
        char *s = squeeze(line);
        if (!*s) {
            free(s);
            continue;
        }
        out->items = realloc(out->items, (out->count + 1) * sizeof *out->items);
        out->items[out->count++] = s;
    }
    free(line);
    fclose(f);
    return 0;
}

/* The longest prefix of `want` (at most n bytes) found anywhere in `line`;
 * *at (if given) is set to where the first such occurrence starts. */
static size_t longest_prefix_at(const char *line, const char *want, size_t n, size_t *at)
{
    size_t best = 0;
    char *probe = malloc(n + 1);
    for (size_t len = 1; len <= n; len++) {
        memcpy(probe, want, len);
        probe[len] = '\0';
        const char *hit = strstr(line, probe);
        if (!hit)
            break;
        best = len;
        if (at)
            *at = (size_t)(hit - line);
    }
    free(probe);
    return best;
}

static size_t longest_prefix_in(const char *line, const char *want, size_t n)
{
    return longest_prefix_at(line, want, n, NULL);
}

#define MIN_PIECE 6      /* bytes: a wrapped piece is at least two Thai letters */
#define MAX_GAP 60       /* PDF lines of other blocks allowed between two pieces */
#define LOOK_BACK 400    /* PDF lines searched before the previous match (a cell
                          * longer than a page leaves its row's short cells far back) */
#define STEER 12         /* bytes: shorter expected lines ("8", "0.00 บาท") are
                          * looked up but do not move the search position */

/* Does `want` start at PDF line i? Its pieces are substrings of successive
 * lines: pdftotext joins text that shares a baseline (neighbouring cells, a
 * field's label and value), so a piece need not fill its line. */
static int match_from_at(const lines *pdf, size_t i, size_t off, const char *want, size_t *start)
{
    size_t n = strlen(want), done = 0, at = 0;
    size_t got = longest_prefix_at(pdf->items[i] + off, want, n, &at);
    if (start)
        *start = off + at;
    if (got < n && got < MIN_PIECE)
        return 0;
    done = got;
    size_t last = i;
    for (size_t j = i + 1; j < pdf->count && done < n && j - last <= MAX_GAP; j++) {
        size_t more = longest_prefix_in(pdf->items[j], want + done, n - done);
        if (more == n - done || more >= MIN_PIECE) {
            done += more;
            last = j;
        }
    }
    return done == n;
}

static int match_from(const lines *pdf, size_t i, const char *want)
{
    return match_from_at(pdf, i, 0, want, NULL);
}

/* --strict: the earliest match starting after (line, off); advances both. */
static int strict_in_order(const lines *want, const lines *pdf)
{
    size_t line = 0, off = 0;
    int missing = 0;
    for (size_t w = 0; w < want->count; w++) {
        const char *item = want->items[w];
        if (item[0] == '#')
            continue;
        int found = 0;
        for (size_t i = line; i < pdf->count && !found; i++) {
            size_t from = i == line ? off : 0, start = 0;
            if (from > strlen(pdf->items[i]))
                continue;
            if (match_from_at(pdf, i, from, item, &start)) {
                line = i;
                off = start + 1;
                found = 1;
            }
        }
        if (found)
            continue;
        missing++;
        int anywhere = 0;
        for (size_t k = 0; k < pdf->count && !anywhere; k++)
            anywhere = match_from(pdf, k, item);
        printf("%s (expected line %zu): %s\n", anywhere ? "out of order" : "missing", w + 1, item);
    }
    return missing;
}

int main(int argc, char **argv)
{
    int strict = argc == 4 && strcmp(argv[1], "--strict") == 0;
    if (argc != 3 + strict) {
        fprintf(stderr, "usage: text_in_order [--strict] EXPECTED.txt PDFTOTEXT.txt\n");
        return 2;
    }
    lines want, pdf;
    if (read_lines(argv[1 + strict], &want) < 0 || read_lines(argv[2 + strict], &pdf) < 0)
        return 2;
    if (strict) {
        int missing = strict_in_order(&want, &pdf);
        size_t items = 0;
        for (size_t w = 0; w < want.count; w++)
            items += want.items[w][0] != '#';
        printf("%zu of %zu expected lines found in order\n", items - (size_t)missing, items);
        free_lines(&want);
        free_lines(&pdf);
        return missing ? 1 : 0;
    }
    size_t pos = 0;
    int missing = 0;
    for (size_t w = 0; w < want.count; w++) {
        /* The nearest match to where the previous block was found, looking
         * ahead, or back by at most LOOK_BACK lines: a table row cut by a page
         * break prints its short cells on the first page and the rest of a
         * long cell on the next, so cell order and page order differ there. */
        size_t found = pdf.count;
        for (size_t d = 0; found == pdf.count && (pos + d < pdf.count || d <= LOOK_BACK); d++) {
            if (pos + d < pdf.count && match_from(&pdf, pos + d, want.items[w]))
                found = pos + d;
            else if (d > 0 && d <= LOOK_BACK && d <= pos && match_from(&pdf, pos - d, want.items[w]))
                found = pos - d;
        }
        if (found < pdf.count) {
            if (strlen(want.items[w]) >= STEER)
                pos = found;
            continue;
        }
        missing++;
        int anywhere = 0;
        for (size_t k = 0; k < pdf.count && !anywhere; k++)
            anywhere = strstr(pdf.items[k], want.items[w]) != NULL;
        printf("%s: %s\n", anywhere ? "out of order" : "missing", want.items[w]);
    }
    printf("%zu of %zu expected lines found in order\n", want.count - (size_t)missing, want.count);
    free_lines(&want);
    free_lines(&pdf);
    return missing ? 1 : 0;
}
