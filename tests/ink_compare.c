/* ink_compare A.pgm B.pgm EM_PX [TOLERANCE_PX]: compares the ink of two
 * renderings of the same lines of words (raingan's and Pango's), word by
 * word: every ink pixel of one must have an ink pixel of the other within
 * TOLERANCE_PX (default 2), after aligning the two words (the shift, within
 * +-EM/16 of their ink boxes' top-left corners, that leaves the fewest pixels out of place). So a mark that is
 * missing, doubled, or more than the tolerance away from where the other
 * drew it fails, whatever the two rasterizers do to edges.
 *
 * Lines are bands of rows with ink separated by blank rows; words are runs
 * of columns with ink separated by blank columns at least EM_PX * 0.4 wide
 * (the test puts three spaces between words). Both images must hold the
 * same number of lines and the same number of words per line. Prints one
 * line per word that differs ("line 2 word 3: 41 pixels out of place ...")
 * and exits 1 if any does, 2 on a usage or file error, else 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct image {
    int w, h;
    unsigned char *ink;   /* 1 = ink (grey below 128) */
} image;

static int read_pgm(const char *path, image *im)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    int maxval = 0;
    if (fscanf(fp, "P5 %d %d %d", &im->w, &im->h, &maxval) != 3 || maxval != 255 || im->w <= 0
        || im->h <= 0 || fgetc(fp) == EOF) {
        fclose(fp);
        return -1;
    }
    size_t n = (size_t)im->w * (size_t)im->h;
    im->ink = malloc(n);
    if (!im->ink || fread(im->ink, 1, n, fp) != n) {
        fclose(fp);
        return -1;
    }
    fclose(fp);
    for (size_t i = 0; i < n; i++)
        im->ink[i] = im->ink[i] < 128;
    return 0;
}

typedef struct box {
    int x0, y0, x1, y1;   /* inclusive-exclusive */
} box;

static int row_has_ink(const image *im, int y, int x0, int x1)
{
    for (int x = x0; x < x1; x++)
        if (im->ink[(size_t)y * im->w + x])
            return 1;
    return 0;
}

static int col_has_ink(const image *im, int x, int y0, int y1)
{
    for (int y = y0; y < y1; y++)
        if (im->ink[(size_t)y * im->w + x])
            return 1;
    return 0;
}

/* Lines: bands of inked rows (blank gaps of at least min_gap rows between). */
static int find_lines(const image *im, int min_gap, box *out, int max)
{
    int n = 0, y = 0;
    while (y < im->h) {
        while (y < im->h && !row_has_ink(im, y, 0, im->w))
            y++;
        if (y >= im->h)
            break;
        int start = y, blank = 0, end = y;
        while (y < im->h && blank < min_gap) {
            if (row_has_ink(im, y, 0, im->w))
                blank = 0, end = y + 1;
            else
                blank++;
            y++;
        }
        if (n < max)
            out[n] = (box){0, start, im->w, end};
        n++;
    }
    return n;
}

/* Words of a line: runs of inked columns with gaps of at least min_gap. */
static int find_words(const image *im, box line, int min_gap, box *out, int max)
{
    int n = 0, x = 0;
    while (x < im->w) {
        while (x < im->w && !col_has_ink(im, x, line.y0, line.y1))
            x++;
        if (x >= im->w)
            break;
        int start = x, blank = 0, end = x;
        while (x < im->w && blank < min_gap) {
            if (col_has_ink(im, x, line.y0, line.y1))
                blank = 0, end = x + 1;
            else
                blank++;
            x++;
        }
        box b = {start, line.y0, end, line.y1};
        while (!row_has_ink(im, b.y0, b.x0, b.x1))
            b.y0++;
        while (!row_has_ink(im, b.y1 - 1, b.x0, b.x1))
            b.y1--;
        if (n < max)
            out[n] = b;
        n++;
    }
    return n;
}

/* Chessboard distance from each pixel of a (w x h) window to the nearest ink
 * pixel of im inside box b placed at (ox, oy) in the window; capped. */
static void distance_map(const image *im, box b, int ox, int oy, int w, int h, unsigned char *d)
{
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int sx = x - ox + b.x0, sy = y - oy + b.y0;
            int inside = sx >= b.x0 && sx < b.x1 && sy >= b.y0 && sy < b.y1;
            d[y * w + x] = inside && im->ink[(size_t)sy * im->w + sx] ? 0 : 255;
        }
    }
    for (int y = 0; y < h; y++) {           /* forward pass */
        for (int x = 0; x < w; x++) {
            unsigned v = d[y * w + x];
            for (int dy = -1; dy <= 0; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dy == 0 && dx >= 0)
                        continue;
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && nx < w && ny >= 0 && d[ny * w + nx] + 1u < v)
                        v = d[ny * w + nx] + 1u;
                }
            }
            d[y * w + x] = (unsigned char)v;
        }
    }
    for (int y = h - 1; y >= 0; y--) {      /* backward pass */
        for (int x = w - 1; x >= 0; x--) {
            unsigned v = d[y * w + x];
            for (int dy = 0; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dy == 0 && dx <= 0)
                        continue;
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && nx < w && ny < h && d[ny * w + nx] + 1u < v)
                        v = d[ny * w + nx] + 1u;
                }
            }
            d[y * w + x] = (unsigned char)v;
        }
    }
}

/* Ink pixels of box bx of im, placed with its corner at (px, py) in the
 * window, farther than tol from the ink whose distance map d (w x h) is. */
static long out_of_place(const image *im, box bx, int px, int py, const unsigned char *d, int w,
                         int h, int tol)
{
    long bad = 0;
    for (int y = bx.y0; y < bx.y1; y++) {
        for (int x = bx.x0; x < bx.x1; x++) {
            if (!im->ink[(size_t)y * im->w + x])
                continue;
            int wx = x - bx.x0 + px, wy = y - bx.y0 + py;
            if (wx < 0 || wy < 0 || wx >= w || wy >= h || d[wy * w + wx] > tol)
                bad++;
        }
    }
    return bad;
}

/* Pixels out of place between word ba of a and word bb of b at the best
 * shift (within +-slack of the boxes' top-left corners meeting). */
static long compare_word(const image *a, box ba, const image *b, box bb, int slack, int tol,
                         int *best_dx, int *best_dy)
{
    int wa = ba.x1 - ba.x0, ha = ba.y1 - ba.y0, wb = bb.x1 - bb.x0, hb = bb.y1 - bb.y0;
    int o = 2 * slack;   /* both words' corners sit at (o, o) of the window */
    int w = (wa > wb ? wa : wb) + 2 * o, h = (ha > hb ? ha : hb) + 2 * o;
    unsigned char *da = malloc((size_t)w * h), *db = malloc((size_t)w * h);
    long best = -1;
    if (!da || !db) {
        free(da);
        free(db);
        return -1;
    }
    distance_map(a, ba, o, o, w, h, da);
    distance_map(b, bb, o, o, w, h, db);
    for (int dy = -slack; dy <= slack; dy++) {
        for (int dx = -slack; dx <= slack; dx++) {
            /* a shifted by (dx, dy) against b, and b by (-dx, -dy) against a */
            long bad = out_of_place(a, ba, o + dx, o + dy, db, w, h, tol);
            if (best >= 0 && bad >= best)
                continue;
            bad += out_of_place(b, bb, o - dx, o - dy, da, w, h, tol);
            if (best < 0 || bad < best) {
                best = bad;
                *best_dx = dx;
                *best_dy = dy;
            }
        }
    }
    free(da);
    free(db);
    return best;
}

#define MAX_LINES 64
#define MAX_WORDS 64

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: ink_compare A.pgm B.pgm EM_PX [TOLERANCE_PX]\n");
        return 2;
    }
    image a, b;
    if (read_pgm(argv[1], &a) < 0 || read_pgm(argv[2], &b) < 0) {
        fprintf(stderr, "ink_compare: cannot read %s or %s as 8-bit PGM\n", argv[1], argv[2]);
        return 2;
    }
    int em = atoi(argv[3]), tol = argc == 5 ? atoi(argv[4]) : 2;
    if (em < 8) {
        fprintf(stderr, "ink_compare: EM_PX too small\n");
        return 2;
    }
    box la[MAX_LINES], lb[MAX_LINES];
    int line_gap = em / 4;
    int na = find_lines(&a, line_gap, la, MAX_LINES), nb = find_lines(&b, line_gap, lb, MAX_LINES);
    if (na != nb || na > MAX_LINES) {
        printf("%s has %d lines of ink, %s has %d\n", argv[1], na, argv[2], nb);
        return 1;
    }
    int failed = 0, words = 0;
    for (int l = 0; l < na; l++) {
        box wa[MAX_WORDS], wb[MAX_WORDS];
        int word_gap = em * 2 / 5;
        int ca = find_words(&a, la[l], word_gap, wa, MAX_WORDS);
        int cb = find_words(&b, lb[l], word_gap, wb, MAX_WORDS);
        if (ca != cb || ca > MAX_WORDS) {
            printf("line %d: %s has %d words, %s has %d\n", l + 1, argv[1], ca, argv[2], cb);
            failed = 1;
            continue;
        }
        for (int k = 0; k < ca; k++) {
            int dx = 0, dy = 0;
            long bad = compare_word(&a, wa[k], &b, wb[k], em / 16, tol, &dx, &dy);
            words++;
            if (bad != 0) {
                printf("line %d word %d: %ld pixels out of place by more than %d px "
                       "(best shift %+d %+d; boxes %dx%d and %dx%d)\n",
                       l + 1, k + 1, bad, tol, dx, dy, wa[k].x1 - wa[k].x0, wa[k].y1 - wa[k].y0,
                       wb[k].x1 - wb[k].x0, wb[k].y1 - wb[k].y0);
                failed = 1;
            }
        }
    }
    if (!failed)
        printf("%d lines, %d words: every ink pixel within %d px\n", na, words, tol);
    free(a.ink);
    free(b.ink);
    return failed;
}
