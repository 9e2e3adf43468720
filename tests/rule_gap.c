/* Test helper: how close the ink of glyphs comes to a table's rules on a
 * rendered page (a binary PGM from `pdftoppm -gray -aa no -aaVector no`).
 *
 *     rule_gap PAGE.pgm MIN_GAP_PX     prints "rules R, ink pixels N, min gap G px"
 *
 * Rules are found from the pixels alone: a dark horizontal run of at least
 * RULE_H pixels (a table's row rules run across the table) or a dark
 * vertical run of at least RULE_V pixels (column rules; no glyph is that
 * tall). Filled areas (Gantt bars, black cells: any dark pixel inside a
 * SOLID x SOLID dark square, and the pixels next to them) are neither rules
 * nor glyphs. Every other dark pixel is glyph ink; the gap of an ink pixel
 * is the number of white pixels between it and the nearest rule pixel in
 * its row or column (0 = touching). Exits 1 when the smallest gap is below
 * MIN_GAP_PX (the glyph touches or nearly touches a rule), 2 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DARK 128     /* grey level below which a pixel is ink */
#define RULE_H 150   /* px: a horizontal rule (>= 38 mm at 100 dpi) */
#define RULE_V 40    /* px: a vertical rule (>= 10 mm at 100 dpi) */
#define SOLID 4      /* px: a fully dark square this big is a fill, not a glyph stroke */
#define REACH 12     /* px: how far from an ink pixel rules are looked for */

enum { INK = 1, RULE = 2, FILL = 4 };

static unsigned char *read_pgm(const char *path, int *w, int *h)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    int maxval = 0;
    char magic[3] = {0};
    if (fscanf(f, "%2s %d %d %d", magic, w, h, &maxval) != 4 || strcmp(magic, "P5") != 0 ||
        maxval != 255 || *w <= 0 || *h <= 0) {
        fprintf(stderr, "%s: not an 8-bit binary PGM\n", path);
        fclose(f);
        return NULL;
    }
    fgetc(f);   /* the single white space after maxval */
    size_t n = (size_t)*w * (size_t)*h;
    unsigned char *px = malloc(n);
    if (!px || fread(px, 1, n, f) != n) {
        fprintf(stderr, "%s: short PGM\n", path);
        free(px);
        fclose(f);
        return NULL;
    }
    fclose(f);
    return px;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: rule_gap PAGE.pgm MIN_GAP_PX\n");
        return 2;
    }
    int w, h, min_gap = atoi(argv[2]);
    unsigned char *px = read_pgm(argv[1], &w, &h);
    if (!px)
        return 2;
    unsigned char *m = calloc((size_t)w * h, 1);
    if (!m)
        return 2;
#define AT(x, y) m[(size_t)(y) * w + (x)]
#define DK(x, y) (px[(size_t)(y) * w + (x)] < DARK)
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (DK(x, y))
                AT(x, y) = INK;
    /* Horizontal and vertical rules. */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w;) {
            int e = x;
            while (e < w && DK(e, y))
                e++;
            if (e - x >= RULE_H)
                for (int k = x; k < e; k++)
                    AT(k, y) = RULE;
            x = e > x ? e : x + 1;
        }
    for (int x = 0; x < w; x++)
        for (int y = 0; y < h;) {
            int e = y;
            while (e < h && DK(x, e))
                e++;
            if (e - y >= RULE_V)
                for (int k = y; k < e; k++)
                    AT(x, k) = RULE;
            y = e > y ? e : y + 1;
        }
    /* Fills: solid squares, then their dark neighbours. */
    for (int y = 0; y + SOLID <= h; y++)
        for (int x = 0; x + SOLID <= w; x++) {
            int solid = 1;
            for (int j = 0; j < SOLID && solid; j++)
                for (int i = 0; i < SOLID && solid; i++)
                    solid = DK(x + i, y + j);
            if (solid)
                for (int j = 0; j < SOLID; j++)
                    for (int i = 0; i < SOLID; i++)
                        if (AT(x + i, y + j) != RULE)
                            AT(x + i, y + j) = FILL;
        }
    for (int pass = 0; pass < 2; pass++)
        for (int y = 1; y + 1 < h; y++)
            for (int x = 1; x + 1 < w; x++)
                if (AT(x, y) == INK && (AT(x - 1, y) == FILL || AT(x + 1, y) == FILL ||
                                        AT(x, y - 1) == FILL || AT(x, y + 1) == FILL))
                    AT(x, y) = FILL | 8;   /* marked this pass; promoted below */
    for (size_t i = 0; i < (size_t)w * h; i++)
        if (m[i] & FILL)
            m[i] = FILL;
    long rules = 0, ink = 0;
    int best = REACH + 1, bx = -1, by = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            rules += AT(x, y) == RULE;
            if (AT(x, y) != INK)
                continue;
            ink++;
            for (int d = 1; d <= REACH && d - 1 < best; d++) {
                int hit = (x - d >= 0 && AT(x - d, y) == RULE) || (x + d < w && AT(x + d, y) == RULE) ||
                          (y - d >= 0 && AT(x, y - d) == RULE) || (y + d < h && AT(x, y + d) == RULE);
                if (hit) {
                    if (d - 1 < best) {
                        best = d - 1;
                        bx = x;
                        by = y;
                    }
                    break;
                }
            }
        }
    printf("rules %ld px, ink %ld px, min gap %d px", rules, ink, best > REACH ? -1 : best);
    if (bx >= 0)
        printf(" (ink at %d,%d)", bx, by);
    printf("\n");
    free(m);
    free(px);
    if (rules == 0) {
        fprintf(stderr, "%s: no table rules found\n", argv[1]);
        return 2;
    }
    return best <= REACH && best < min_gap ? 1 : 0;
}
