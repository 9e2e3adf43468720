/* Font subsets, ToUnicode maps and the digest of the document's resources
 * for its ID, from a display list (pdf_prepare.h), on a thread of their own
 * while the pages are drawn. */
#include "pdf/pdf_prepare.h"

/* SHA-256 from nettle (SHA-NI where the processor has it): OpenSSL's
 * libcrypto would add 0.7 ms to the start of every process. */
#include <assert.h>
#include <hb.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/flate.h"
#include "pdf/letter_spacing.h"
#include "text/font.h"
#include "util/atomic_file.h"
#include "util/thread.h"

struct rg_pdf_prepared {
    const rg_display *display;
    int compress;
    /* Each text item's letter spacing (rg_pdf_prepared_steps): computed once
     * here for the glyphs and kept for the writer, which drew with the same
     * steps after computing them again (3.5 M instructions of seed 002's
     * 52 M). steps_at[page_first[pg] + i]: item i of page pg's first glyph
     * in steps, SIZE_MAX when it is not a text item the writer draws. */
    uint8_t *steps;
    size_t *steps_at;
    size_t *page_first;
    rg_pdf_prepared_font *fonts;
    size_t font_count;
    unsigned char digest[SHA256_DIGEST_SIZE];   /* resources_digest */
    pthread_t thread;
    int threaded;            /* the work runs on `thread`, not joined yet */
    int rc;                  /* the work's outcome, and its error */
    rg_error err;
};

/* --- font streams ------------------------------------------------------------------ */

/* The compressed font programs and ToUnicode maps of the subsets used
 * last, per process: the documents of a batch, and the reports a service
 * worker renders again and again, draw mostly the same glyphs of the same
 * faces, so most of their subsets are byte-identical, and a worker subsets
 * and compresses each distinct one once. The key is the face's file and
 * index, the letter spacing and the glyph set, which determine both streams.
 * The least recently used entry makes room: one seed-002 progress report
 * alone uses 9 (face, spacing) embeddings, so the 8 entries replaced in turn
 * that were here before missed on every render (subsetting and compressing
 * all 9 again: a fifth of a warm render's instructions, docs/performance.md).
 * FONT_CACHE_SIZE bounds the memory: a few documents' subsets, compressed.
 * Guarded by font_cache_lock (the work runs on a helper thread); a forked
 * worker has its own copy. */
typedef struct font_cache_entry {
    char *path;
    unsigned index;
    unsigned steps;
    uint8_t *bits;          /* the glyph set's bits up to its highest glyph */
    size_t bits_len;
    uint32_t *codes;        /* the characters they stand for (ToUnicode) */
    size_t codes_len;
    rg_buf file;            /* the subset, compressed */
    size_t file_length1;    /* its size uncompressed */
    rg_buf tounicode;       /* the ToUnicode CMap, compressed */
    unsigned long long used;  /* font_cache_clock when last found or added */
} font_cache_entry;

#define FONT_CACHE_SIZE 32
static font_cache_entry font_cache[FONT_CACHE_SIZE];
static unsigned long long font_cache_clock;
static pthread_mutex_t font_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static font_cache_entry *font_cache_find(const rg_face *face, unsigned steps,
                                         const rg_glyph_set *glyphs, const uint32_t *codes,
                                         size_t codes_len)
{
    size_t bits_len = glyphs->max / 8 + 1;
    for (size_t i = 0; i < FONT_CACHE_SIZE; i++) {
        font_cache_entry *e = &font_cache[i];
        if (e->path && e->index == rg_face_index(face) && e->steps == steps &&
            e->bits_len == bits_len &&
            memcmp(e->bits, glyphs->bits, bits_len) == 0 && e->codes_len == codes_len &&
            (!codes_len || memcmp(e->codes, codes, codes_len * sizeof *codes) == 0) &&
            strcmp(e->path, rg_face_path(face)) == 0) {
            e->used = ++font_cache_clock;
            return e;
        }
    }
    return NULL;
}

/* Remembers the streams (best effort: when memory runs out, nothing is kept). */
static void font_cache_add(const rg_face *face, unsigned steps, const rg_glyph_set *glyphs,
                           const uint32_t *codes, size_t codes_len, const rg_buf *file,
                           size_t file_length1, const rg_buf *tounicode)
{
    font_cache_entry *e = &font_cache[0];
    for (size_t i = 1; i < FONT_CACHE_SIZE && e->path; i++) {
        if (!font_cache[i].path || font_cache[i].used < e->used)
            e = &font_cache[i];
    }
    free(e->path);
    free(e->bits);
    free(e->codes);
    e->path = NULL;
    e->bits = NULL;
    e->codes = NULL;
    size_t bits_len = glyphs->max / 8 + 1;
    char *path = strdup(rg_face_path(face));
    uint8_t *bits = malloc(bits_len);
    uint32_t *copy = malloc((codes_len ? codes_len : 1) * sizeof *copy);
    rg_buf_reset(&e->file);
    rg_buf_reset(&e->tounicode);
    if (!path || !bits || !copy || rg_buf_append(&e->file, file->data, file->len) < 0 ||
        rg_buf_append(&e->tounicode, tounicode->data, tounicode->len) < 0) {
        free(path);
        free(bits);
        free(copy);
        return;
    }
    memcpy(bits, glyphs->bits, bits_len);
    if (codes_len)
        memcpy(copy, codes, codes_len * sizeof *codes);
    e->codes = copy;
    e->codes_len = codes_len;
    e->path = path;
    e->index = rg_face_index(face);
    e->steps = steps;
    e->bits = bits;
    e->bits_len = bits_len;
    e->file_length1 = file_length1;
    e->used = ++font_cache_clock;
}

/* The FontFile2 subset and the ToUnicode CMap of the glyph set, compressed
 * (RG_FLATE_FONT_LEVEL) when `compress`, from the cache when it has them. */
static int font_streams(const rg_face *face, unsigned steps, const rg_glyph_set *glyphs,
                        const uint32_t *codes, size_t codes_len, const rg_composites *comps,
                        int compress, rg_buf *file, size_t *file_length1, rg_buf *tounicode,
                        rg_error *err)
{
    /* Subsets with composites (rare: fonts whose sara am is not nikhahit +
     * sara aa as placed) are not cached: the key would need them too. */
    int cacheable = compress && comps->count == 0;
    if (cacheable) {
        pthread_mutex_lock(&font_cache_lock);
        const font_cache_entry *e = font_cache_find(face, steps, glyphs, codes, codes_len);
        int rc = -1;
        if (e) {
            rg_buf_reset(file);
            rg_buf_reset(tounicode);
            rc = rg_buf_append(file, e->file.data, e->file.len) < 0 ||
                         rg_buf_append(tounicode, e->tounicode.data, e->tounicode.len) < 0
                     ? rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF")
                     : 0;
            *file_length1 = e->file_length1;
        }
        pthread_mutex_unlock(&font_cache_lock);
        if (e)
            return rc;
    }
    if (!compress) {
        *file_length1 = 0;
        if (rg_font_embed_subset(face, glyphs, steps, comps, file, err) < 0)
            return -1;
        *file_length1 = file->len;
        return rg_font_embed_tounicode(face, glyphs, codes, codes_len, comps, tounicode) < 0
                   ? rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF")
                   : 0;
    }
    rg_buf raw = RG_BUF_INIT;
    int rc = rg_font_embed_subset(face, glyphs, steps, comps, &raw, err);
    *file_length1 = raw.len;
    if (rc == 0 && rg_flate_compress(raw.data, raw.len, RG_FLATE_FONT_LEVEL, file) < 0)
        rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    if (rc == 0 && (rg_font_embed_tounicode(face, glyphs, codes, codes_len, comps, &raw) < 0 ||
                    rg_flate_compress(raw.data, raw.len, RG_FLATE_FONT_LEVEL, tounicode) < 0))
        rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    rg_buf_free(&raw);
    if (rc == 0 && cacheable) {
        pthread_mutex_lock(&font_cache_lock);
        font_cache_add(face, steps, glyphs, codes, codes_len, file, *file_length1, tounicode);
        pthread_mutex_unlock(&font_cache_lock);
    }
    return rc;
}

/* --- the document ID ---------------------------------------------------------------- */

/* The part of the document ID that the content streams do not carry (the
 * writer hashes those as it writes them, pdf_writer.c): the document's
 * information, the page sizes, the bytes of every image and the embedded
 * subsets (a new version of a font or a new logo under the same name is
 * another document). Hashing the display list's glyphs here instead cost
 * 246 KB of SHA-256 per seed-002 render; its content streams are 82 KB. */
static void resources_digest(const rg_pdf_prepared *prep, unsigned char digest[SHA256_DIGEST_SIZE])
{
    const rg_display *d = prep->display;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
#define HASH(ptr, n) sha256_update(&ctx, (n), (const uint8_t *)(ptr))
#define HASH_STR(s) do { const char *s_ = (s) ? (s) : ""; HASH(s_, strlen(s_) + 1); } while (0)
    HASH_STR("raingan-pdf-3");
    const char *strings[] = {d->info.title, d->info.author, d->info.subject, d->info.keywords,
                             d->info.creator, d->info.date};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        HASH_STR(strings[i]);
    for (size_t p = 0; p < d->page_count; p++) {
        const rg_page *page = &d->pages[p];
        float size[2] = {page->width, page->height};
        HASH(size, sizeof size);
        for (size_t i = 0; i < page->item_count; i++) {
            const rg_item *it = &page->items[i];
            if (it->kind != RG_ITEM_IMAGE)
                continue;
            /* Names, never directories: the same images installed elsewhere
             * (a package vs a build tree) must give the same file. */
            const char *slash = it->path ? strrchr(it->path, '/') : NULL;
            HASH_STR(slash ? slash + 1 : it->path);
            char *bytes = NULL;
            size_t len = 0;
            rg_error unreadable;   /* the writer reports it, naming the page and item */
            const rg_image_data *held = rg_image_set_find(&d->images, it->path);
            if (held)   /* stored in the database: its bytes, no file */
                HASH(held->data, held->len);
            else if (it->path && rg_read_file(it->path, &bytes, &len, &unreadable) == 0)
                HASH(bytes, len);
            free(bytes);
        }
    }
    for (size_t i = 0; i < prep->font_count; i++)
        HASH(prep->fonts[i].file.data, prep->fonts[i].file.len);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
#undef HASH
#undef HASH_STR
}


/* --- the glyphs of each face ------------------------------------------------------ */

static rg_pdf_prepared_font *font_entry(rg_pdf_prepared *p, const rg_face *face, unsigned steps)
{
    for (size_t i = 0; i < p->font_count; i++) {
        if (p->fonts[i].face == face && p->fonts[i].steps == steps)
            return &p->fonts[i];
    }
    rg_pdf_prepared_font *fonts = realloc(p->fonts, (p->font_count + 1) * sizeof *fonts);
    if (!fonts)
        return NULL;
    p->fonts = fonts;
    rg_pdf_prepared_font *f = &fonts[p->font_count++];
    memset(f, 0, sizeof *f);
    f->face = face;
    f->steps = steps;
    rg_glyph_set_add(&f->glyphs, 0);   /* .notdef is always embedded */
    return f;
}

static unsigned embed_width(void *face, uint32_t gid)
{
    return rg_font_embed_width(face, gid);
}

/* Records glyph g of a run in the embedding f. */
static int add_glyph(rg_pdf_prepared_font *f, const rg_positioned_glyph *glyph, rg_error *err)
{
    if (glyph->gid > 0xFFFF)
        return 0;
    if (glyph->code && glyph->gid >= f->codes_len) {
        size_t len = f->codes_len ? 2 * f->codes_len : 512;
        if (len <= glyph->gid)
            len = (size_t)glyph->gid + 1;
        uint32_t *codes = realloc(f->codes, len * sizeof *codes);
        if (!codes)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        memset(codes + f->codes_len, 0, (len - f->codes_len) * sizeof *codes);
        f->codes = codes;
        f->codes_len = len;
    }
    if (glyph->code && !f->codes[glyph->gid])
        f->codes[glyph->gid] = glyph->code;   /* where it is first drawn */
    rg_glyph_set_add(&f->glyphs, glyph->gid);
    return 0;
}

/* An item the writer draws as text (draw_text skips the others). */
static int drawn_text(const rg_item *it)
{
    return it->kind == RG_ITEM_TEXT && it->run.glyph_count && it->run.face;
}

/* p->steps, p->steps_at and p->page_first sized for the display list. */
static int steps_alloc(rg_pdf_prepared *p)
{
    const rg_display *d = p->display;
    size_t items = 0, glyphs = 0;
    for (size_t pg = 0; pg < d->page_count; pg++) {
        items += d->pages[pg].item_count;
        for (size_t i = 0; i < d->pages[pg].item_count; i++) {
            if (drawn_text(&d->pages[pg].items[i]))
                glyphs += d->pages[pg].items[i].run.glyph_count;
        }
    }
    p->steps = malloc(glyphs ? glyphs : 1);
    p->steps_at = malloc((items ? items : 1) * sizeof *p->steps_at);
    p->page_first = malloc((d->page_count ? d->page_count : 1) * sizeof *p->page_first);
    return p->steps && p->steps_at && p->page_first ? 0 : -1;
}

/* The glyphs of the text items the writer draws, each in the copy of its
 * face the writer draws it from (letter_spacing.h), and each item's steps
 * kept for the writer (rg_pdf_prepared_steps). */
static int collect_glyphs(rg_pdf_prepared *p, int spread, rg_error *err)
{
    const rg_display *d = p->display;
    if (steps_alloc(p) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
    size_t item_no = 0, glyph_no = 0;
    for (size_t pg = 0; pg < d->page_count; pg++) {
        p->page_first[pg] = item_no;
        for (size_t i = 0; i < d->pages[pg].item_count; i++) {
            const rg_item *it = &d->pages[pg].items[i];
            p->steps_at[item_no++] = drawn_text(it) ? glyph_no : SIZE_MAX;
            if (!drawn_text(it))
                continue;
            uint8_t *steps = p->steps + glyph_no;
            glyph_no += it->run.glyph_count;
            if (spread)
                rg_spread_steps(&it->run, embed_width, (void *)it->run.face, steps);
            else
                memset(steps, 0, it->run.glyph_count);
            rg_pdf_prepared_font *f = NULL;
            for (size_t g = 0; g < it->run.glyph_count;) {
                rg_composite c;
                size_t n = rg_composite_at(&it->run, g, &c);
                int composite = it->run.glyphs[g].join != RG_JOIN_NONE;
                size_t o = composite ? g + c.ends : g;   /* its letter spacing is this glyph's */
                if (!f || f->steps != steps[o])
                    f = font_entry(p, it->run.face, steps[o]);
                int rc = f ? 0 : -1;
                if (f && !composite)
                    rc = add_glyph(f, &it->run.glyphs[g], err);
                for (size_t k = 0; f && composite && k < n; k++)   /* outlines, not ToUnicode */
                    rg_glyph_set_add(&f->glyphs, it->run.glyphs[g + k].gid);
                if (f && composite && rg_composites_add(&f->composites, &c) < 0)
                    rc = -1, f = NULL;
                if (rc < 0)
                    return f ? -1 : rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
                g += n;
            }
        }
    }
    /* The composites' CIDs follow the face's glyphs: a CID is never both a
     * glyph of the font file and a composite (tests/line_ink.c reads ink
     * from the font file by CID). */
    for (size_t i = 0; i < p->font_count; i++) {
        rg_pdf_prepared_font *f = &p->fonts[i];
        if (!f->composites.count)
            continue;
        f->composites.base = hb_face_get_glyph_count(hb_font_get_face(rg_face_hb_font(f->face)));
        if (f->composites.base <= f->glyphs.max)
            f->composites.base = f->glyphs.max + 1;
        if (f->composites.base + f->composites.count > 0xFFFF)
            return rg_error_set(err, RG_ERR_FONT, "font %s: too many glyphs to add composites",
                                rg_face_path(f->face));
        for (size_t k = 0; k < f->composites.count; k++)
            rg_glyph_set_add(&f->glyphs, f->composites.base + (uint32_t)k);
    }
    return 0;
}

/* --- the work ---------------------------------------------------------------------- */

static void run(rg_pdf_prepared *p)
{
    rg_error_clear(&p->err);
    p->rc = 0;
    for (size_t i = 0; p->rc == 0 && i < p->font_count; i++) {
        rg_pdf_prepared_font *f = &p->fonts[i];
        p->rc = font_streams(f->face, f->steps, &f->glyphs, f->codes, f->codes_len, &f->composites,
                             p->compress, &f->file, &f->file_length1, &f->tounicode, &p->err);
    }
    if (p->rc == 0)
        resources_digest(p, p->digest);
}

static void *run_thread(void *arg)
{
    run(arg);
    return NULL;
}

rg_pdf_prepared *rg_pdf_prepare_start(const rg_display *d, int compress, int spread,
                                      rg_error *err)
{
    rg_pdf_prepared *p = calloc(1, sizeof *p);
    if (!p) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory writing PDF");
        return NULL;
    }
    p->display = d;
    p->compress = compress;
    if (collect_glyphs(p, spread, err) < 0) {
        rg_pdf_prepare_free(p);
        return NULL;
    }
    p->threaded = rg_thread_start(&p->thread, run_thread, p) == 0;
    if (!p->threaded)
        run(p);
    return p;
}

int rg_pdf_prepare_wait(rg_pdf_prepared *p, rg_error *err)
{
    if (p->threaded) {
        pthread_join(p->thread, NULL);
        p->threaded = 0;
    }
    if (p->rc < 0 && err)
        *err = p->err;
    return p->rc;
}

const rg_pdf_prepared_font *rg_pdf_prepared_font_of(const rg_pdf_prepared *p,
                                                   const rg_face *face, unsigned steps)
{
    for (size_t i = 0; i < p->font_count; i++) {
        if (p->fonts[i].face == face && p->fonts[i].steps == steps)
            return &p->fonts[i];
    }
    return NULL;
}

const unsigned char *rg_pdf_prepared_digest(const rg_pdf_prepared *p)
{
    return p->digest;
}

const uint8_t *rg_pdf_prepared_steps(const rg_pdf_prepared *p, size_t page, size_t item)
{
    assert(page < p->display->page_count && item < p->display->pages[page].item_count);
    size_t at = p->steps_at[p->page_first[page] + item];
    return at == SIZE_MAX ? NULL : p->steps + at;
}

void rg_pdf_prepare_free(rg_pdf_prepared *p)
{
    if (!p)
        return;
    rg_pdf_prepare_wait(p, NULL);
    for (size_t i = 0; i < p->font_count; i++) {
        rg_buf_free(&p->fonts[i].file);
        rg_buf_free(&p->fonts[i].tounicode);
        free(p->fonts[i].codes);
        rg_composites_free(&p->fonts[i].composites);
    }
    free(p->fonts);
    free(p->steps);
    free(p->steps_at);
    free(p->page_first);
    free(p);
}
