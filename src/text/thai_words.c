/* Thai words kept whole at line ends (templates/thai-words.txt).
 *
 * libthai's dictionary splits compounds and proper names into their parts
 * (กรุงเทพ|มหา|นคร, ปทุม|วัน), so a line could end inside a name. This file
 * demotes libthai's break positions strictly inside a listed word, or right
 * after the prefix ผู้ (ผู้|รับผิดชอบ at a line end reads as a broken word),
 * to fallbacks: used only when the whole word cannot fit on a line. The list
 * is read once per process. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"
#include "util/paths.h"
#include "util/utf8.h"

#define MAX_WORDS 512
#define MAX_WORD_LEN 64   /* TIS-620 bytes */

typedef struct kept_word {
    unsigned char tis[MAX_WORD_LEN];
    size_t len;
    int next;                 /* next word with the same first byte, or -1 */
} kept_word;

static kept_word *words;
static size_t word_count;
static int first_by_byte[256];  /* index of the first word starting with a byte, or -1 */
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

/* A UTF-8 line of Thai letters to TIS-620; 0 if it holds anything else. */
static size_t to_tis(const char *line, size_t len, unsigned char *out)
{
    size_t pos = 0, n = 0;
    while (pos < len) {
        uint32_t cp = rg_utf8_next(line, len, &pos, NULL);
        if (cp < 0x0E01 || cp > 0x0E5B || n == MAX_WORD_LEN)
            return 0;
        out[n++] = (unsigned char)(cp - 0x0E00 + 0xA0);
    }
    return n;
}

static void load_words(void)
{
    for (int b = 0; b < 256; b++)
        first_by_byte[b] = -1;
    char *path = rg_path_join(rg_data_dir(), "templates/thai-words.txt");
    FILE *fp = path ? fopen(path, "r") : NULL;
    free(path);
    if (!fp)
        return;   /* no list: libthai's boundaries alone, as documented */
    words = calloc(MAX_WORDS, sizeof *words);
    char line[512];
    while (words && word_count < MAX_WORDS && fgets(line, sizeof line, fp)) {
        size_t len = strcspn(line, "\r\n");
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        if (len == 0 || line[0] == '#')
            continue;
        kept_word *w = &words[word_count];
        w->len = to_tis(line, len, w->tis);
        if (w->len < 2)
            continue;
        w->next = first_by_byte[w->tis[0]];
        first_by_byte[w->tis[0]] = (int)word_count++;
    }
    fclose(fp);
}

/* Sets blocked[p] for every position p strictly inside an occurrence of a
 * kept word in tis[0..n): one pass, only the words starting with each byte. */
static void mark_kept_words(const unsigned char *tis, size_t n, unsigned char *blocked)
{
    for (size_t start = 0; start + 1 < n; start++) {
        for (int i = first_by_byte[tis[start]]; i >= 0; i = words[i].next) {
            const kept_word *w = &words[i];
            if (start + w->len <= n && !memcmp(tis + start, w->tis, w->len))
                memset(blocked + start + 1, 1, w->len - 1);
        }
    }
}

/* ผู้ in TIS-620: ผ U+0E1C, sara uu U+0E39, mai tho U+0E49. */
static int after_phu_prefix(const unsigned char *tis, size_t p)
{
    return p >= 3 && tis[p - 3] == 0xBC && tis[p - 2] == 0xD9 && tis[p - 1] == 0xE9;
}

void rg_thai_words_mark(const unsigned char *tis, size_t n, const int *pos, int count,
                        uint8_t *fallback)
{
    pthread_once(&words_once, load_words);
    unsigned char stack_blocked[512];
    unsigned char *blocked = NULL;
    if (word_count) {
        blocked = n <= sizeof stack_blocked ? stack_blocked : calloc(n, 1);
        if (blocked == stack_blocked)
            memset(blocked, 0, n);
        if (blocked)
            mark_kept_words(tis, n, blocked);
        /* Out of memory: keep libthai's breaks rather than fail the page. */
    }
    for (int i = 0; i < count; i++) {
        size_t p = (size_t)pos[i];
        fallback[i] = p > 0 && p < n && (after_phu_prefix(tis, p) || (blocked && blocked[p]));
    }
    if (blocked && blocked != stack_blocked)
        free(blocked);
}
