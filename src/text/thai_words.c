/* Thai words kept whole at line ends (thai-words.txt of the templates
 * directory in use; see thai_words.h).
 *
 * libthai's dictionary splits compounds and proper names into their parts
 * (กรุงเทพ|มหา|นคร, ปทุม|วัน), so a line could end inside a name. This file
 * demotes libthai's break positions strictly inside a listed word, or right
 * after the prefix ผู้ (ผู้|รับผิดชอบ at a line end reads as a broken word),
 * to fallbacks: used only when the whole word cannot fit on a line. One list
 * is in use per process: chosen by rg_thai_words_use_dir, or on first use. */
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

typedef struct kept_word {
    unsigned char tis[MAX_WORD_LEN];
    size_t len;
    int next;                 /* next word with the same first byte, or -1 */
} kept_word;

typedef struct word_list {
    kept_word *words;
    size_t count, cap;
    int first_by_byte[256];   /* index of the first word starting with a byte, or -1 */
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
    for (int b = 0; b < 256; b++)
        l->first_by_byte[b] = -1;
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

static int list_add(word_list *l, const unsigned char *tis, size_t len)
{
    kept_word *grown = rg_vec_reserve(l->words, l->count, &l->cap, sizeof *grown, 128);
    if (!grown)
        return -1;
    l->words = grown;
    kept_word *w = &l->words[l->count];
    memcpy(w->tis, tis, len);
    w->len = len;
    w->next = l->first_by_byte[tis[0]];
    l->first_by_byte[tis[0]] = (int)l->count++;
    return 0;
}

/* Reads the words of fp into l: one per line, # starts a comment line.
 * Returns 0, 1 when the file cannot be read (errno set), -1 out of memory. */
static int list_read(word_list *l, FILE *fp, const char *path)
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
        if (list_add(l, tis, n) < 0) {
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
static word_list *list_from_file(const char *path, int *oom)
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
    int rc = l ? list_read(l, fp, path) : -1;
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

/* The list of templates directory dir (NULL: the default directory), else
 * the installed one, else an empty list. NULL only when out of memory. */
static word_list *list_load(const char *dir)
{
    const char *env = getenv("RAINGAN_TEMPLATES");
    char *installed = rg_path_join(rg_data_dir(), "templates");
    char *own = NULL, *fallback = NULL;
    word_list *l = NULL;
    int oom = 1;
    if (!dir)
        dir = env && *env ? env : installed;
    if (installed && dir && (own = rg_path_join(dir, LIST_NAME))
        && (fallback = rg_path_join(installed, LIST_NAME))) {
        l = list_from_file(own, &oom);
        if (!l && !oom && strcmp(own, fallback))
            l = list_from_file(fallback, &oom);
        if (!l && !oom)
            l = list_new("");
    }
    free(installed);
    free(own);
    free(fallback);
    return l;
}

int rg_thai_words_use_dir(const char *dir, rg_error *err)
{
    word_list *l = list_load(dir);
    if (!l)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory reading the Thai word list");
    pthread_mutex_lock(&list_lock);
    word_list *old = in_use;
    in_use = l;
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

/* Sets blocked[p] for every position p strictly inside an occurrence of a
 * kept word in tis[0..n): one pass, only the words starting with each byte. */
static void mark_kept_words(const word_list *l, const unsigned char *tis, size_t n,
                            unsigned char *blocked)
{
    for (size_t start = 0; start + 1 < n; start++) {
        for (int i = l->first_by_byte[tis[start]]; i >= 0; i = l->words[i].next) {
            const kept_word *w = &l->words[i];
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
    const word_list *l = current_list();
    unsigned char stack_blocked[512];
    unsigned char *blocked = NULL;
    if (l && l->count) {
        blocked = n <= sizeof stack_blocked ? stack_blocked : calloc(n, 1);
        if (blocked == stack_blocked)
            memset(blocked, 0, n);
        if (blocked)
            mark_kept_words(l, tis, n, blocked);
        /* Out of memory: keep libthai's breaks rather than fail the page. */
    }
    for (int i = 0; i < count; i++) {
        size_t p = (size_t)pos[i];
        fallback[i] = p > 0 && p < n && (after_phu_prefix(tis, p) || (blocked && blocked[p]));
    }
    if (blocked && blocked != stack_blocked)
        free(blocked);
}
