/* Nearest known name by edit distance (see nearest.h). */
#include "util/nearest.h"

#include <string.h>

/* Levenshtein distance of a and b (insertions, deletions, substitutions of
 * bytes); names longer than 64 bytes count as far from everything (99). */
static size_t rg_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

/* Names that share all but the last byte of the shorter one, and at least 3
 * bytes: "entry" and "entries", "objective" and "objectives". */
static int same_stem(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), shorter = la < lb ? la : lb, common = 0;
    while (common < shorter && a[common] == b[common])
        common++;
    return common >= 3 && common + 1 >= shorter;
}

const char *rg_nearest_name(const char *name, const char *const *names, size_t count)
{
    const char *best = NULL;
    size_t best_d = 99;
    for (size_t i = 0; i < count; i++) {
        size_t d = rg_edit_distance(name, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    size_t limit = strlen(name) / 3 + 1;
    if (best && best_d <= (limit < 2 ? 2 : limit))
        return best;
    for (size_t i = 0; i < count; i++)   /* singular for plural, a word cut short */
        if (same_stem(name, names[i]))
            return names[i];
    return NULL;
}
