/* Thai words kept whole at line ends (thai-words.txt of the templates
 * directory in use; see thai_words.h), and compounds a line should rather
 * not split (thai-compounds.txt).
 *
 * libthai's dictionary splits compounds and proper names into their parts
 * (กรุงเทพ|มหา|นคร, ปทุม|วัน), so a line could end inside a name. This file
 * demotes libthai's break positions strictly inside a listed word, or right
 * after the prefix ผู้ (ผู้|รับผิดชอบ at a line end reads as a broken word),
 * to fallbacks: used only when the whole word cannot fit on a line. Positions
 * strictly inside a listed compound (ดำเนิน|การ, จัด|เก็บ), or right after the
 * nominalising prefix ความ (ความ|โปร่งใส), are marked as compound
 * splits: still allowed, but the paragraph breaker avoids them when it has
 * room. One table holds both lists; one is in use per process: chosen by
 * rg_thai_words_use_dir, or on first use. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"
#include "text/thai_words.h"
#include "util/paths.h"
#include "util/utf8.h"
#include "util/vec.h"

#define MAX_WORD_LEN 64   /* TIS-620 bytes */
#define LIST_NAME "thai-words.txt"
#define COMPOUND_LIST_NAME "thai-compounds.txt"
#define PAIR_BUCKETS 1024   /* words bucketed by their first two bytes: chains of ~1 */

static unsigned pair_bucket(const unsigned char *tis)
{
    return ((unsigned)tis[0] * 37u + tis[1]) & (PAIR_BUCKETS - 1);
}

typedef struct kept_word {
    unsigned char tis[MAX_WORD_LEN];
    size_t len;
    int next;                 /* next word with the same first byte, or -1 */
    uint8_t mark;             /* RG_THAI_KEPT or RG_THAI_COMPOUND */
} kept_word;

typedef struct word_list {
    kept_word *words;
    size_t count, cap;
    int first_by_pair[PAIR_BUCKETS];  /* index of the first word whose first two
                                       * bytes hash here (pair_bucket), or -1 */
    char *file;               /* where it was read from; "" for none (owned) */
} word_list;

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static word_list *in_use;     /* NULL until a list is chosen */

static void list_free(word_list *l)
{
    if (!l)
        return;
    free(l->words);
    free(l->file);
    free(l);
}

static word_list *list_new(const char *file)
{
    word_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    for (int b = 0; b < PAIR_BUCKETS; b++)
        l->first_by_pair[b] = -1;
    if (!(l->file = strdup(file))) {
        free(l);
        return NULL;
    }
    return l;
}

/* A UTF-8 line of Thai letters to TIS-620; 0 if it holds anything else or
 * is too long. */
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

static int list_add(word_list *l, const unsigned char *tis, size_t len, uint8_t mark)
{
    kept_word *grown = rg_vec_reserve(l->words, l->count, &l->cap, sizeof *grown, 128);
    if (!grown)
        return -1;
    l->words = grown;
    kept_word *w = &l->words[l->count];
    memcpy(w->tis, tis, len);
    w->len = len;
    w->mark = mark;
    int *first = &l->first_by_pair[pair_bucket(tis)];
    w->next = *first;
    *first = (int)l->count++;
    return 0;
}

/* Reads the words of fp into l: one per line, # starts a comment line.
 * Returns 0, 1 when the file cannot be read (errno set), -1 out of memory. */
static int list_read(word_list *l, FILE *fp, const char *path, uint8_t mark)
{
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    int line_no = 0, rc = 0;
    errno = 0;
    while ((got = getline(&line, &line_cap, fp)) >= 0) {
        line_no++;
        size_t len = (size_t)got;
        while (len && strchr("\r\n \t", line[len - 1]))
            len--;
        size_t start = 0;
        while (start < len && (line[start] == ' ' || line[start] == '\t'))
            start++;
        if (start == len || line[start] == '#')
            continue;
        unsigned char tis[MAX_WORD_LEN];
        size_t n = to_tis(line + start, len - start, tis);
        if (n < 2) {
            line[len] = '\0';
            rg_warn("%s:%d: `%s` ignored: a kept word is 2 to %d Thai letters, nothing else",
                    path, line_no, line + start, MAX_WORD_LEN);
            continue;
        }
        if (list_add(l, tis, n, mark) < 0) {
            rc = -1;
            break;
        }
    }
    if (!rc && ferror(fp))
        rc = 1;
    free(line);
    return rc;
}

/* The list in file path: NULL when it does not exist (*oom = 0) or out of
 * memory (*oom = 1). A file that exists but cannot be read is warned about
 * and gives NULL: the render goes on with the next list, as with a missing
 * font. */
static word_list *list_from_file(const char *path, uint8_t mark, int *oom)
{
    *oom = 0;
    FILE *fp = fopen(path, "r");
    if (!fp) {
        if (errno != ENOENT)
            rg_warn("cannot read %s: %s; words kept whole come from the next list",
                    path, strerror(errno));
        return NULL;
    }
    word_list *l = list_new(path);
    int rc = l ? list_read(l, fp, path, mark) : -1;
    if (rc > 0)
        rg_warn("cannot read %s: %s; words kept whole come from the next list", path,
                strerror(errno ? errno : EIO));
    fclose(fp);
    if (rc) {
        list_free(l);
        *oom = rc < 0;
        return NULL;
    }
    return l;
}

/* The list `name` of templates directory dir, else the installed one (each
 * word marked `mark`); an empty list named "" when there is neither. NULL
 * only when out of memory. */
static word_list *list_load_one(const char *dir, const char *installed, const char *name,
                                uint8_t mark)
{
    char *own = rg_path_join(dir, name), *fallback = rg_path_join(installed, name);
    word_list *l = NULL;
    int oom = 1;
    if (own && fallback) {
        l = list_from_file(own, mark, &oom);
        if (!l && !oom && strcmp(own, fallback))
            l = list_from_file(fallback, mark, &oom);
        if (!l && !oom)
            l = list_new("");
    }
    free(own);
    free(fallback);
    return l;
}

/* The words kept whole and the compounds of templates directory dir (NULL:
 * the default directory), each else the installed list, in one table. NULL
 * only when out of memory. */
static word_list *list_load(const char *dir)
{
    const char *env = getenv("RAINGAN_TEMPLATES");
    char *installed = rg_path_join(rg_data_dir(), "templates");
    word_list *l = NULL, *compounds = NULL;
    if (!dir)
        dir = env && *env ? env : installed;
    if (installed && dir && (l = list_load_one(dir, installed, LIST_NAME, RG_THAI_KEPT))
        && (compounds = list_load_one(dir, installed, COMPOUND_LIST_NAME, RG_THAI_COMPOUND))) {
        for (size_t i = 0; i < compounds->count && l; i++) {
            const kept_word *w = &compounds->words[i];
            if (list_add(l, w->tis, w->len, w->mark) < 0) {
                list_free(l);
                l = NULL;
            }
        }
    } else {
        list_free(l);
        l = NULL;
    }
    list_free(compounds);
    free(installed);
    return l;
}

static unsigned generation;   /* under list_lock */

unsigned rg_thai_words_generation(void)
{
    pthread_mutex_lock(&list_lock);
    unsigned g = generation;
    pthread_mutex_unlock(&list_lock);
    return g;
}

int rg_thai_words_use_dir(const char *dir, rg_error *err)
{
    word_list *l = list_load(dir);
    if (!l)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory reading the Thai word list");
    pthread_mutex_lock(&list_lock);
    word_list *old = in_use;
    in_use = l;
    generation++;
    pthread_mutex_unlock(&list_lock);
    list_free(old);
    return 0;
}

/* The list in use, loading the default one on first use. */
static const word_list *current_list(void)
{
    pthread_mutex_lock(&list_lock);
    if (!in_use)
        in_use = list_load(NULL);   /* out of memory: libthai's boundaries alone */
    const word_list *l = in_use;
    pthread_mutex_unlock(&list_lock);
    return l;
}

const char *rg_thai_words_file(void)
{
    const word_list *l = current_list();
    return l ? l->file : "";
}

/* Sets mark[p] for every position p strictly inside an occurrence of a
 * listed word in tis[0..n) (a kept word wins over a compound), and ends[p]
 * where an occurrence ends: one pass, only the words whose first two bytes
 * share a bucket with the text's. Occurrences need not start at one of
 * libthai's boundaries: libthai reads ได้นำเสนอ as ได้นำ|เสนอ, and นำ|เสนอ is
 * still a compound split. */
static void mark_listed_words(const word_list *l, const unsigned char *tis, size_t n,
                              uint8_t *mark, uint8_t *ends)
{
    for (size_t start = 0; start + 1 < n; start++) {
        for (int i = l->first_by_pair[pair_bucket(tis + start)]; i >= 0; i = l->words[i].next) {
            const kept_word *w = &l->words[i];
            if (start + w->len > n || memcmp(tis + start, w->tis, w->len))
                continue;
            for (size_t p = start + 1; p < start + w->len; p++)
                if (mark[p] < w->mark)
                    mark[p] = w->mark;
            ends[start + w->len] = 1;
        }
    }
}

/* 1 if tis[p - len .. p) is `word` (TIS-620) and libthai made it a word of
 * its own (a break, or the run's start, right before it). การ is not such a
 * prefix here: it heads almost every verb phrase (ผลการ|ดำเนินการ), and
 * penalising every break after it leaves no better break to choose. */
static int after_prefix(const unsigned char *tis, size_t p, const int *pos, int i,
                        const char *word, size_t len)
{
    if (p < len || memcmp(tis + p - len, word, len))
        return 0;
    return p == len || (i > 0 && (size_t)pos[i - 1] == p - len);
}

void rg_thai_words_mark(const unsigned char *tis, size_t n, const int *pos, int count,
                        uint8_t *marks)
{
    const word_list *l = current_list();
    uint8_t stack_marks[2 * 512];
    uint8_t *mark = NULL, *ends = NULL;
    if (l && l->count) {
        mark = 2 * (n + 1) <= sizeof stack_marks ? stack_marks : calloc(2 * (n + 1), 1);
        if (mark == stack_marks)
            memset(mark, 0, 2 * (n + 1));
        if (mark) {
            ends = mark + n + 1;
            mark_listed_words(l, tis, n, mark, ends);
        }
        /* Out of memory: keep libthai's breaks rather than fail the page. */
    }
    for (int i = 0; i < count; i++) {
        size_t p = (size_t)pos[i];
        marks[i] = 0;
        if (p == 0 || p >= n)
            continue;
        if (p >= 3 && !memcmp(tis + p - 3, "\xBC\xD9\xE9", 3))          /* ผู้ */
            marks[i] = RG_THAI_KEPT;
        else if (mark && mark[p])
            marks[i] = mark[p];
        else if (after_prefix(tis, p, pos, i, "\xA4\xC7\xD2\xC1", 4)     /* ความ */
                 && !(ends && ends[p]))   /* not the end of a listed word (ทำความ) */
            marks[i] = RG_THAI_COMPOUND;
    }
    if (mark && mark != stack_marks)
        free(mark);
}
