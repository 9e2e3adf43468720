/* libthai's word dictionary and its answers (text_internal.h: rg_thai_*;
 * linebreak.h: rg_linebreak_preload, rg_linebreak_prefetch, ..._cache_clear).
 *
 * The dictionary takes about 3 ms to load (libdatrie reads it four bytes at
 * a time), a fifth of a whole `raingan render`. rg_linebreak_preload loads it
 * on a thread of its own while the template, fonts and data are read; the
 * first Thai paragraph waits for it only if it is not there yet. Once loaded,
 * the same thread goes on to break the Thai runs of the document about to be
 * laid out (rg_linebreak_prefetch), so that the layout, on the other core,
 * finds libthai's answers ready instead of computing them.
 *
 * Answers are pure functions of a run's text, so where they come from (the
 * run cache, the prefetched table, a fresh call) never changes a document.
 * th_brk_find_breaks itself runs outside the locks: libthai keeps its working
 * state per call (BrkEnv) and only reads the dictionary. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <thai/thbrk.h>

#include "text/linebreak.h"
#include "text/text_internal.h"
#include "util/thread.h"

/* --- the dictionary ---------------------------------------------------------------- */

typedef enum { DICT_IDLE, DICT_LOADING, DICT_READY } dict_state;

/* A document's texts waiting for the loader thread (one buffer, NUL-separated). */
typedef struct prefetch_queue {
    char *texts;
    size_t len;
} prefetch_queue;

static pthread_mutex_t dict_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dict_loaded = PTHREAD_COND_INITIALIZER;
static dict_state dict_status = DICT_IDLE;
static ThBrk *thai_brk;                 /* NULL once READY: libthai-data missing */
static pthread_t loader;
static int loader_running;              /* started and not joined yet */
static int loader_done;                 /* ... and finished its work */
static int loader_accepts_work;         /* it will still look at `queue` */
static int stop_prefetch;               /* the process is ending: drop the work */
static prefetch_queue queue;

/* Answers of libthai for runs of the document being laid out, found by the
 * loader thread: open addressing over `prefetch_slots` entries, under
 * cache_lock. Freed by rg_linebreak_cache_clear and at exit. */
typedef struct prefetched_run {
    unsigned char *tis;                 /* NULL: empty slot */
    size_t len;
    int *pos;
    int count;
} prefetched_run;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static prefetched_run *prefetched;
static size_t prefetch_slots;
static size_t prefetch_used;            /* kept under half the slots: probes end */

static void prefetch_run_all(const prefetch_queue *q);

/* The helper thread's last word: it may be joined without waiting. */
static void mark_done(void)
{
    pthread_mutex_lock(&dict_lock);
    loader_done = 1;
    pthread_mutex_unlock(&dict_lock);
}

static void *loader_main(void *unused)
{
    (void)unused;
    ThBrk *brk = th_brk_new(NULL);
    pthread_mutex_lock(&dict_lock);
    thai_brk = brk;
    dict_status = DICT_READY;
    pthread_cond_broadcast(&dict_loaded);
    prefetch_queue work = queue;        /* taken: the thread no longer accepts more */
    queue = (prefetch_queue){NULL, 0};
    loader_accepts_work = 0;
    pthread_mutex_unlock(&dict_lock);
    if (brk && work.texts)
        prefetch_run_all(&work);
    free(work.texts);
    mark_done();
    return NULL;
}

static void join_loader(void)
{
    pthread_mutex_lock(&dict_lock);
    int running = loader_running;
    loader_running = 0;
    pthread_mutex_unlock(&dict_lock);
    if (running)
        pthread_join(loader, NULL);
}

/* A process must not fork while the loader runs (the child would have its
 * state without the thread), and exit leaves no thread behind: both wait for
 * it, and ask it to drop prefetch work it has not begun. */
static void stop_loader(void)
{
    pthread_mutex_lock(&dict_lock);
    stop_prefetch = 1;
    pthread_mutex_unlock(&dict_lock);
    join_loader();
    pthread_mutex_lock(&dict_lock);
    stop_prefetch = 0;
    pthread_mutex_unlock(&dict_lock);
}

static void free_at_exit(void)
{
    stop_loader();
    rg_linebreak_cache_clear();
}

/* A thread may be started only once these are in place; call with dict_lock held. */
static int hooks_registered(void)
{
    static int registered;
    if (!registered)
        registered = pthread_atfork(stop_loader, NULL, NULL) == 0 && atexit(free_at_exit) == 0;
    return registered;
}

void rg_linebreak_preload(void)
{
    pthread_mutex_lock(&dict_lock);
    if (dict_status == DICT_IDLE) {
        if (hooks_registered() && rg_thread_start(&loader, loader_main, NULL) == 0) {
            dict_status = DICT_LOADING;
            loader_running = 1;
            loader_done = 0;
            loader_accepts_work = 1;
        }
    }
    pthread_mutex_unlock(&dict_lock);
}

int rg_thai_dict_open(void)
{
    pthread_mutex_lock(&dict_lock);
    while (dict_status == DICT_LOADING)
        pthread_cond_wait(&dict_loaded, &dict_lock);
    if (dict_status == DICT_IDLE) {
        thai_brk = th_brk_new(NULL);
        dict_status = DICT_READY;
    }
    int ok = thai_brk != NULL;
    pthread_mutex_unlock(&dict_lock);
    return ok ? 0 : -1;
}

/* --- cached answers ------------------------------------------------------------------ */

/* libthai's answers for recent Thai runs: a paragraph laid out again, or a
 * phrase repeated, costs no second dictionary search. Four ways per set,
 * the least recently used replaced, and runs up to RUN_CACHE_MAX characters:
 * direct-mapped and up to 120 characters, 33 of seed 002's 358 runs went to
 * libthai on every render (two runs of a slot evicting each other, and the
 * long ones), 1.9 % of a warm render's instructions. */
#define RUN_CACHE_SETS 1024
#define RUN_CACHE_WAYS 4
#define RUN_CACHE_MAX 4096    /* characters */

/* 16 bytes a slot, the run and its breaks in an allocation of their own:
 * the table stays small (64 KB; inline arrays made it 246 KB, a page fault
 * per 17 slots). */
typedef struct cached_run {
    uint16_t *bytes;          /* NULL: empty; count breaks, then the run's len bytes */
    uint16_t len;
    uint16_t count;
    uint32_t used;            /* run_clock when last found or stored */
} cached_run;

static cached_run *run_cache;
static uint32_t run_clock;

static uint32_t hash_tis(const unsigned char *tis, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ tis[i]) * 16777619u;
    return h ^ (h >> 15);
}

/* The set of the run's slots (RUN_CACHE_WAYS), NULL when it is not cached.
 * Call with cache_lock held. */
static cached_run *run_set(const unsigned char *tis, size_t n)
{
    if (n > RUN_CACHE_MAX)
        return NULL;
    if (!run_cache && !(run_cache = calloc(RUN_CACHE_SETS * RUN_CACHE_WAYS, sizeof *run_cache)))
        return NULL;
    return &run_cache[(hash_tis(tis, n) & (RUN_CACHE_SETS - 1)) * RUN_CACHE_WAYS];
}

static int run_is(const cached_run *slot, const unsigned char *tis, size_t n)
{
    return slot->bytes && slot->len == n &&
           !memcmp((const unsigned char *)(slot->bytes + slot->count), tis, n);
}

/* The prefetched entry for the run, or its empty slot. Call with cache_lock held. */
static prefetched_run *prefetched_slot(const unsigned char *tis, size_t n)
{
    if (!prefetched)
        return NULL;
    size_t i = hash_tis(tis, n) & (prefetch_slots - 1);
    while (prefetched[i].tis && !(prefetched[i].len == n && !memcmp(prefetched[i].tis, tis, n)))
        i = (i + 1) & (prefetch_slots - 1);
    return &prefetched[i];
}

/* Copies a known answer into pos; returns its count, or -1 if none. */
static int lookup(const unsigned char *tis, size_t n, int *pos)
{
    int count = -1;
    pthread_mutex_lock(&cache_lock);
    cached_run *set = run_set(tis, n);
    prefetched_run *p;
    for (int w = 0; set && w < RUN_CACHE_WAYS; w++) {
        cached_run *slot = &set[w];
        if (run_is(slot, tis, n)) {
            for (int i = 0; i < slot->count; i++)
                pos[i] = slot->bytes[i];
            count = slot->count;
            slot->used = ++run_clock;
            break;
        }
    }
    if (count < 0 && (p = prefetched_slot(tis, n)) && p->tis) {
        memcpy(pos, p->pos, (size_t)p->count * sizeof *pos);
        count = p->count;
    }
    pthread_mutex_unlock(&cache_lock);
    return count;
}

static void remember(const unsigned char *tis, size_t n, const int *pos, int count)
{
    if (n > RUN_CACHE_MAX || count < 0 || (size_t)count > n)
        return;
    uint16_t *bytes = malloc((size_t)count * sizeof *bytes + n);   /* out of memory: not cached */
    if (!bytes)
        return;
    for (int i = 0; i < count; i++)
        bytes[i] = (uint16_t)pos[i];
    memcpy(bytes + count, tis, n);
    pthread_mutex_lock(&cache_lock);
    cached_run *set = run_set(tis, n);
    if (set) {
        cached_run *slot = &set[0];   /* the run's own slot, an empty one, or the oldest */
        for (int w = 0; w < RUN_CACHE_WAYS; w++) {
            if (run_is(&set[w], tis, n) || !set[w].bytes) {
                slot = &set[w];
                break;
            }
            if (set[w].used < slot->used)
                slot = &set[w];
        }
        free(slot->bytes);
        *slot = (cached_run){bytes, (uint16_t)n, (uint16_t)count, ++run_clock};
        bytes = NULL;
    }
    pthread_mutex_unlock(&cache_lock);
    free(bytes);
}

int rg_thai_find_breaks(const unsigned char *tis, size_t n, int *pos)
{
    int count = lookup(tis, n, pos);
    if (count >= 0)
        return count;
    count = th_brk_find_breaks(thai_brk, tis, pos, n);
    if (count >= 0)
        remember(tis, n, pos, count);
    return count;
}

size_t rg_linebreak_prefetched_runs(void)
{
    size_t n = 0;
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; prefetched && i < prefetch_slots; i++)
        n += prefetched[i].tis != NULL;
    pthread_mutex_unlock(&cache_lock);
    return n;
}

/* Call with cache_lock held. */
static void prefetched_free(void)
{
    for (size_t i = 0; prefetched && i < prefetch_slots; i++) {
        free(prefetched[i].tis);
        free(prefetched[i].pos);
    }
    free(prefetched);
    prefetched = NULL;
    prefetch_slots = 0;
    prefetch_used = 0;
}

void rg_linebreak_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; run_cache && i < RUN_CACHE_SETS * RUN_CACHE_WAYS; i++)
        free(run_cache[i].bytes);
    free(run_cache);
    run_cache = NULL;
    prefetched_free();
    pthread_mutex_unlock(&cache_lock);
}

/* --- prefetch --------------------------------------------------------------------------- */

static void *prefetch_main(void *arg)
{
    prefetch_queue *work = arg;
    prefetch_run_all(work);
    free(work->texts);
    free(work);
    mark_done();
    return NULL;
}

/* The texts in one buffer, NUL-separated (copied: the work may outlive the
 * document). Returns 0, or -1 when out of memory. */
static int copy_texts(prefetch_queue *q, const char *const *texts, const size_t *lens,
                      size_t count)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += lens[i] + 1;
    if (!(q->texts = malloc(total ? total : 1)))
        return -1;
    q->len = 0;
    for (size_t i = 0; i < count; i++) {
        memcpy(q->texts + q->len, texts[i], lens[i]);
        q->len += lens[i];
        q->texts[q->len++] = '\0';
    }
    return 0;
}

void rg_linebreak_prefetch(const char *const *texts, const size_t *lens, size_t count)
{
    if (!rg_thread_allowed())
        return;   /* not even a copy of the texts (batch workers) */
    pthread_mutex_lock(&dict_lock);
    if (loader_running && loader_done) {   /* an earlier thread has finished: reap it */
        pthread_join(loader, NULL);
        loader_running = 0;
    }
    if (queue.texts || (!loader_accepts_work && loader_running)) {
        /* The loader has its work. (Out of memory, or no thread allowed,
         * only means no prefetch.) */
    } else if (loader_accepts_work) {
        copy_texts(&queue, texts, lens, count);   /* the loader takes it when loaded */
    } else if (dict_status == DICT_READY && thai_brk && !loader_running) {
        /* The dictionary came first: break the runs on a new thread. */
        prefetch_queue *work = calloc(1, sizeof *work);
        if (work && copy_texts(work, texts, lens, count) == 0 && hooks_registered()
            && rg_thread_start(&loader, prefetch_main, work) == 0) {
            loader_running = 1;
            loader_done = 0;
        } else if (work) {
            free(work->texts);
            free(work);
        }
    }
    pthread_mutex_unlock(&dict_lock);
}

static int prefetch_stopped(void)
{
    pthread_mutex_lock(&dict_lock);
    int stop = stop_prefetch;
    pthread_mutex_unlock(&dict_lock);
    return stop;
}

/* Stores an answer for the layout to find (unless it is known already). */
static void prefetch_one(const unsigned char *tis, size_t n, int *pos)
{
    if (lookup(tis, n, pos) >= 0)
        return;
    int count = th_brk_find_breaks(thai_brk, tis, pos, n);
    unsigned char *tis_copy = malloc(n);
    int *pos_copy = malloc((size_t)(count > 0 ? count : 1) * sizeof *pos);
    pthread_mutex_lock(&cache_lock);
    prefetched_run *slot = count >= 0 && tis_copy && pos_copy ? prefetched_slot(tis, n) : NULL;
    if (slot && !slot->tis && prefetch_used < prefetch_slots / 2) {
        memcpy(tis_copy, tis, n);
        memcpy(pos_copy, pos, (size_t)count * sizeof *pos);
        *slot = (prefetched_run){tis_copy, n, pos_copy, count};
        prefetch_used++;
        tis_copy = NULL;
        pos_copy = NULL;
    }
    pthread_mutex_unlock(&cache_lock);
    free(tis_copy);
    free(pos_copy);
}

/* The next Thai run (two characters or more) of text from *at, as
 * rg_linebreak_analyze finds them: its length, its TIS-620 bytes in tis
 * (NUL-terminated; room for len + 1) when tis is not NULL, or 0 at the end. */
static size_t next_run(const char *text, size_t len, size_t *at, unsigned char *tis)
{
    size_t n = 0;
    while (*at <= len) {
        uint32_t cp = *at < len ? rg_text_next(text, len, at) : ((*at)++, 0);
        if (rg_is_thai_word_char(cp)) {
            if (tis)
                tis[n] = (unsigned char)(cp - 0x0E00 + 0xA0);
            n++;
        } else if (n > 1) {
            if (tis)
                tis[n] = 0;
            return n;
        } else {
            n = 0;
        }
    }
    return 0;
}

static void prefetch_run_all(const prefetch_queue *q)
{
    size_t runs = 0, longest = 0;
    for (size_t at = 0; at < q->len;) {
        size_t len = strlen(q->texts + at);
        for (size_t from = 0; next_run(q->texts + at, len, &from, NULL);)
            runs++;
        longest = len > longest ? len : longest;
        at += len + 1;
    }
    size_t slots = 64;
    while (slots < 2 * runs && slots < ((size_t)1 << 24))
        slots *= 2;
    prefetched_run *table = calloc(slots, sizeof *table);
    unsigned char *tis = malloc(longest + 1);
    int *pos = malloc((longest + 1) * sizeof *pos);
    /* A new document's answers replace the last one's. */
    pthread_mutex_lock(&cache_lock);
    int installed = table && tis && pos;
    if (installed) {
        prefetched_free();
        prefetched = table;
        prefetch_slots = slots;
    }
    pthread_mutex_unlock(&cache_lock);
    for (size_t at = 0; installed && at < q->len;) {
        size_t len = strlen(q->texts + at), n;
        for (size_t from = 0; (n = next_run(q->texts + at, len, &from, tis));) {
            if (prefetch_stopped())
                goto done;
            prefetch_one(tis, n, pos);
        }
        at += len + 1;
    }
done:
    if (!installed)
        free(table);
    free(tis);
    free(pos);
}
