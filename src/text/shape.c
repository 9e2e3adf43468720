/* Shaping (shape.h): itemize by face and script, shape with HarfBuzz, make
 * every glyph reachable through a code of the face's cmap. */
#include "text/shape.h"

#include <assert.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "text/glyph_run.h"
#include "text/linebreak.h"
#include "text/text_internal.h"
#include "util/utf8.h"
#include "util/vec.h"

/* A piece of the text drawn with one face in one script. */
typedef struct item {
    size_t start, end;     /* byte offsets */
    size_t face;           /* index in the font's face list */
    hb_script_t script;
} item;

typedef struct decoded {
    uint32_t *cps;
    size_t *offsets;       /* byte offset of each code point; offsets[n] = len */
    size_t n;
} decoded;

static int decode(const char *text, size_t len, decoded *d)
{
    d->cps = malloc((len + 1) * sizeof *d->cps);
    d->offsets = malloc((len + 1) * sizeof *d->offsets);
    if (!d->cps || !d->offsets)
        return -1;
    size_t pos = 0;
    d->n = 0;
    while (pos < len) {
        d->offsets[d->n] = pos;
        d->cps[d->n++] = rg_text_next(text, len, &pos);
    }
    d->offsets[d->n] = len;
    return 0;
}

static int face_has(const rg_face *face, uint32_t cp)
{
    return rg_face_has_char(face, cp) || rg_text_is_ignorable(cp);
}

static int face_has_all(const rg_face *face, const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!face_has(face, cps[i]))
            return 0;
    }
    return 1;
}

static hb_script_t script_of(uint32_t cp)
{
    if (cp >= 0x0E01 && cp <= 0x0E5B)
        return HB_SCRIPT_THAI;
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return HB_SCRIPT_LATIN;
        return HB_SCRIPT_COMMON;
    }
    hb_script_t s = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
    if (s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN)
        return HB_SCRIPT_COMMON;
    return s;
}

/* Chooses the face for the cluster cps[0..n): the face of the text around it
 * for common characters (spaces, digits, punctuation) it has, else the first
 * face that has all of it; if none has, the current (or primary) face draws
 * .notdef and each missing character is reported once. */
static size_t choose_face(const rg_font *font, const uint32_t *cps, size_t n, long current)
{
    size_t count = rg_font_face_count(font);
    if (current >= 0 && script_of(cps[0]) == HB_SCRIPT_COMMON
        && face_has_all(rg_font_face(font, (size_t)current), cps, n))
        return (size_t)current;
    for (size_t f = 0; f < count; f++) {
        if (face_has_all(rg_font_face(font, f), cps, n))
            return f;
    }
    for (size_t i = 0; i < n; i++) {
        size_t f = 0;
        while (f < count && !face_has(rg_font_face(font, f), cps[i]))
            f++;
        if (f == count)
            rg_font_warn_missing(font, cps[i]);
    }
    return current >= 0 ? (size_t)current : 0;
}

/* Splits the text into items; returns the count (items has room for d->n). */
static size_t itemize(const rg_font *font, const decoded *d, item *items)
{
    size_t count = 0;
    long face = -1;
    hb_script_t script = HB_SCRIPT_COMMON;
    for (size_t i = 0; i < d->n;) {
        size_t j = i + 1;
        while (j < d->n && rg_text_is_extender(d->cps[j]) )
            j++;
        size_t f = choose_face(font, d->cps + i, j - i, face);
        hb_script_t s = script_of(d->cps[i]);
        int new_item = count == 0 || (long)f != face
                       || (s != HB_SCRIPT_COMMON && script != HB_SCRIPT_COMMON && s != script);
        if (new_item) {
            items[count].start = d->offsets[i];
            items[count].face = f;
            items[count].script = s;
            count++;
            script = s;
        } else if (script == HB_SCRIPT_COMMON && s != HB_SCRIPT_COMMON) {
            items[count - 1].script = s;   /* leading spaces/digits take the script after them */
            script = s;
        }
        items[count - 1].end = d->offsets[j];
        face = (long)f;
        i = j;
    }
    return count;
}

/* Room for n more glyphs in out. */
static int reserve(rg_shaped_text *out, size_t n)
{
    while (out->cap - out->count < n) {
        rg_shaped_glyph *glyphs = rg_vec_reserve(out->glyphs, out->cap, &out->cap, sizeof *glyphs, 64);
        if (!glyphs)
            return -1;
        out->glyphs = glyphs;
    }
    return 0;
}

static int push(rg_shaped_text *out, const rg_shaped_glyph *g)
{
    if (reserve(out, 1) < 0)
        return -1;
    out->glyphs[out->count++] = *g;
    return 0;
}

/* Appends the nominal glyphs of text[from..to) (no shaping): used for a
 * cluster whose glyphs cannot each be given a character of their own (a
 * ligature drawn by a glyph no code reaches). */
static int push_nominal(const rg_face *face, const char *text, size_t from, size_t to,
                        uint32_t base, rg_shaped_text *out)
{
    size_t pos = from;
    while (pos < to) {
        size_t at = pos;
        uint32_t cp = rg_utf8_next(text, to, &pos, NULL);
        rg_shaped_glyph g = {face, rg_face_glyph(face, cp), 0, 0, 0, 0, (uint32_t)at + base, 0};
        g.code = g.gid ? cp : 0;
        g.x_advance = rg_face_advance(face, g.gid);
        if (push(out, &g) < 0)
            return -1;
    }
    return 0;
}

#define GROUP_MAX 32   /* characters and glyphs of one HarfBuzz cluster handled here */

/* One HarfBuzz cluster being made readable in glyph order. */
typedef struct group {
    rg_shaped_glyph g[GROUP_MAX];
    int key[GROUP_MAX];        /* index of the character the glyph stands for, -1: none */
    size_t n;
    uint32_t chars[GROUP_MAX];
    int claimed[GROUP_MAX];
    size_t nchars;
} group;

/* The first unclaimed occurrence of cp in the group's text, claimed; -1 if none. */
static int claim(group *gr, uint32_t cp)
{
    for (size_t c = 0; c < gr->nchars; c++) {
        if (!gr->claimed[c] && gr->chars[c] == cp) {
            gr->claimed[c] = 1;
            return (int)c;
        }
    }
    return -1;
}

static int claim_first_free(group *gr)
{
    for (size_t c = 0; c < gr->nchars; c++) {
        if (!gr->claimed[c]) {
            gr->claimed[c] = 1;
            return (int)c;
        }
    }
    return -1;
}

/* Ink box of glyph gid drawn at (dx, dy), merged into box (x0 y0 x1 y1);
 * *empty is cleared once the box holds something. */
static void add_extents(const rg_face *face, uint32_t gid, int dx, int dy, int box[4], int *empty)
{
    hb_glyph_extents_t e;
    if (!hb_font_get_glyph_extents(rg_face_hb_font(face), gid, &e))
        return;
    int x0 = dx + e.x_bearing, x1 = x0 + e.width, y1 = dy + e.y_bearing, y0 = y1 + e.height;
    if (*empty) {
        box[0] = x0, box[1] = y0, box[2] = x1, box[3] = y1;
        *empty = 0;
    } else {
        box[0] = x0 < box[0] ? x0 : box[0];
        box[1] = y0 < box[1] ? y0 : box[1];
        box[2] = x1 > box[2] ? x1 : box[2];
        box[3] = y1 > box[3] ? y1 : box[3];
    }
}

/* HarfBuzz draws sara am (U+0E33) as nikhahit + sara aa so that a tone mark
 * can sit between them; read in glyph order that is two characters, and a
 * ToUnicode map cannot give one of them no text (pdf.js then prints the
 * CID, MuPDF U+FFFD). Where the font's own sara am glyph covers exactly the
 * ink of the two as placed (within 1/50 em), it is drawn instead at sara
 * aa's place, and stands for ำ. Returns 1 if done. */
static int compose_sara_am(const rg_face *face, group *gr)
{
    size_t nik = GROUP_MAX, aa = GROUP_MAX;
    for (size_t k = 0; k < gr->n; k++) {
        if (gr->g[k].code == 0x0E4D && nik == GROUP_MAX)
            nik = k;
        else if (gr->g[k].code == 0x0E32 && nik != GROUP_MAX && aa == GROUP_MAX)
            aa = k;
    }
    uint32_t am = rg_face_glyph(face, 0x0E33);
    if (nik == GROUP_MAX || aa == GROUP_MAX || !am || gr->g[nik].x_advance != 0)
        return 0;
    int has_am = 0;
    for (size_t c = 0; c < gr->nchars; c++)
        has_am |= gr->chars[c] == 0x0E33;
    if (!has_am)
        return 0;
    /* pen positions inside the group */
    int pen_nik = 0, pen_aa = 0, pen = 0;
    for (size_t k = 0; k < gr->n; k++) {
        if (k == nik)
            pen_nik = pen;
        if (k == aa)
            pen_aa = pen;
        pen += gr->g[k].x_advance;
    }
    int parts[4], whole[4], empty_parts = 1, empty_whole = 1;
    add_extents(face, gr->g[aa].gid, 0, 0, parts, &empty_parts);
    add_extents(face, gr->g[nik].gid, pen_nik + gr->g[nik].x_offset - pen_aa - gr->g[aa].x_offset,
                gr->g[nik].y_offset - gr->g[aa].y_offset, parts, &empty_parts);
    add_extents(face, am, 0, 0, whole, &empty_whole);
    int tolerance = (int)rg_face_upem(face) / 50;
    if (empty_parts || empty_whole || rg_face_advance(face, am) != gr->g[aa].x_advance)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (abs(parts[i] - whole[i]) > tolerance)
            return 0;
    }
    gr->g[aa].gid = am;
    gr->g[aa].code = 0x0E33;
    memmove(&gr->g[nik], &gr->g[nik + 1], (gr->n - nik - 1) * sizeof gr->g[0]);
    gr->n--;
    return 1;
}

/* The character an alternate no code reaches stands for, from its name
 * when the font says (post table, AGL conventions: "uni0E4D.narrow",
 * "uni0E49.small", "u0E49.alt"): Noto draws ป้ำ as ป, uni0E4D.narrow,
 * uni0E49.small, า, and taking the characters of the cluster in order for
 * them read the tone as ำ. A name for several characters (Sarabun's
 * ligature "uni0E4D0E49") or none gives 0. */
static uint32_t code_from_name(const rg_face *face, uint32_t gid)
{
    char name[64];
    if (!hb_font_get_glyph_name(rg_face_hb_font(face), gid, name, sizeof name))
        return 0;
    const char *hex = !strncmp(name, "uni", 3) ? name + 3 : name[0] == 'u' ? name + 1 : NULL;
    if (!hex)
        return 0;
    size_t len = strspn(hex, "0123456789ABCDEF");
    if ((hex[len] != '.' && hex[len] != '\0') || len < 4 || len > 6 || (hex == name + 3 && len != 4))
        return 0;
    uint32_t cp = (uint32_t)strtoul(hex, NULL, 16);
    return cp >= 0x20 && cp <= 0x10FFFF ? cp : 0;
}

/* When the glyphs, each read as the character it stands for, cannot give
 * the cluster's text (some characters claimed by no glyph: sara am drawn as
 * nikhahit + sara aa where the font's sara am glyph is not the two as
 * placed, or Sarabun's nikhahit-and-tone ligature before sara aa), the
 * glyphs that stand for no character of the text (nikhahit, sara aa)
 * become one composite (src/pdf draws them as one glyph, or a copy of the
 * one glyph) standing for the unclaimed characters in text order: น, ้,
 * (ํ + า) reads น้ำ; Sarabun's น, ligature (read ้), (า) too. The tone
 * stays a glyph of its own: pdf.js takes a glyph whose text has a
 * combining mark anywhere in it for a zero-width mark, and reads a space
 * after it. Members are marked with join = 1, their key is the composite's
 * first character, their codes (in order, 0: none) spell its text.
 * Returns 1 if made. */
static int join_composite(group *gr, const int *unreachable)
{
    for (size_t k = 0; k < gr->n; k++)
        gr->g[k].join = 0;
    int unclaimed = 0;
    for (size_t c = 0; c < gr->nchars; c++)
        unclaimed |= !gr->claimed[c];
    if (!unclaimed)
        return 0;
    int is_member[GROUP_MAX] = {0}, members = 0;
    for (size_t k = 0; k < gr->n; k++) {
        is_member[k] = gr->g[k].gid && gr->key[k] < 0;
        members += is_member[k];
    }
    int text[GROUP_MAX], len = 0;   /* indices of the characters they stand for together */
    for (size_t c = 0; c < gr->nchars; c++) {
        int take = !gr->claimed[c];
        for (size_t k = 0; k < gr->n && !take; k++)
            take = is_member[k] && gr->key[k] == (int)c;
        if (take)
            text[len++] = (int)c;
    }
    if (members == 0 || members > RG_COMPOSITE_GLYPHS || len == 0 || len > members)
        return 0;
    /* the members keep their order; the last `len` carry the characters */
    int m = 0;
    for (size_t k = 0; k < gr->n; k++) {
        if (!is_member[k])
            continue;
        int t = m++ - (members - len);
        gr->g[k].code = t >= 0 ? gr->chars[text[t]] : 0;
        gr->key[k] = text[0];
        gr->g[k].join = 1;
    }
    for (int t = 0; t < len; t++)
        gr->claimed[text[t]] = 1;
    return 1;
}

/* Gives each glyph of the group the character it stands for (the code its
 * face's cmap reaches it from; for a glyph no code reaches, a contextual
 * alternate, a character of the cluster no other glyph stands for), and
 * orders the glyphs as their characters are in the text, keeping every
 * glyph where HarfBuzz put it. A reader that ignores /ActualText then reads
 * the text from the glyphs (ToUnicode) in content-stream order. Returns 0,
 * or -1 when some glyph cannot be given a character (a ligature). */
static int order_group(const rg_face *face, group *gr)
{
    memset(gr->claimed, 0, sizeof gr->claimed);
    for (size_t k = 0; k < gr->n; k++) {
        rg_shaped_glyph *g = &gr->g[k];
        g->code = g->gid ? rg_text_pua_to_thai(rg_face_code_for_glyph(face, g->gid)) : 0;
        if (g->gid && !g->code)
            g->code = code_from_name(face, g->gid);
    }
    compose_sara_am(face, gr);
    int unreachable[GROUP_MAX] = {0}, any_unreachable = 0, rc = 0;
    for (size_t k = 0; k < gr->n; k++) {
        rg_shaped_glyph *g = &gr->g[k];
        gr->key[k] = g->code ? claim(gr, g->code) : -1;
        unreachable[k] = g->gid && !g->code;
        any_unreachable |= unreachable[k];
    }
    for (size_t k = 0; k < gr->n; k++) {
        if (unreachable[k]) {
            gr->key[k] = claim_first_free(gr);
            if (gr->key[k] >= 0)
                gr->g[k].code = gr->chars[gr->key[k]];
            else
                rc = -1;
        }
    }
    int composite = join_composite(gr, unreachable);
    for (size_t c = 0; c < gr->nchars; c++) {
        if (!gr->claimed[c] && any_unreachable && !composite)
            rc = -1;   /* a glyph no code reaches stands for several characters */
    }
    /* A glyph standing for no character of the cluster stays after the one before it. */
    int absx[GROUP_MAX];
    int pen = 0;
    for (size_t k = 0; k < gr->n; k++) {
        absx[k] = pen + gr->g[k].x_offset;
        pen += gr->g[k].x_advance;
        if (gr->key[k] < 0)
            gr->key[k] = k ? gr->key[k - 1] : -1;
    }
    /* insertion sort: stable, groups are a few glyphs */
    for (size_t k = 1; k < gr->n; k++) {
        rg_shaped_glyph g = gr->g[k];
        int key = gr->key[k], ax = absx[k];
        size_t m = k;
        while (m > 0 && gr->key[m - 1] > key) {
            gr->g[m] = gr->g[m - 1];
            gr->key[m] = gr->key[m - 1];
            absx[m] = absx[m - 1];
            m--;
        }
        gr->g[m] = g;
        gr->key[m] = key;
        absx[m] = ax;
    }
    pen = 0;
    for (size_t k = 0; k < gr->n; k++) {
        gr->g[k].x_offset = absx[k] - pen;
        pen += gr->g[k].x_advance;
        /* join marked the members (join_composite): each but the last joins the next */
        if (gr->g[k].join)
            gr->g[k].join = k + 1 < gr->n && gr->g[k + 1].join ? RG_JOIN_NEXT : RG_JOIN_LAST;
    }
    return rc;
}

/* Shapes text[start..end) (one face, one script) and appends its glyphs. */
static int shape_piece(const rg_face *face, hb_script_t script, const char *text, size_t len,
                       size_t start, size_t end, uint32_t base, hb_buffer_t *buf,
                       rg_shaped_text *out)
{
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, text, (int)len, (unsigned)start, (int)(end - start));
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, script == HB_SCRIPT_COMMON ? HB_SCRIPT_LATIN : script);
    hb_buffer_set_language(buf, hb_language_from_string("th", 2));
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_shape(rg_face_hb_font(face), buf, NULL, 0);
    if (!hb_buffer_allocation_successful(buf))
        return -1;
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    group gr;
    for (unsigned i = 0; i < n;) {
        /* A group: the glyphs of one grapheme cluster (HarfBuzz may give a
         * base's marks clusters of their own, in another order: Laksaman
         * draws ผู้ as ผ, ้, ู). */
        unsigned j = i + 1;
        for (;;) {
            while (j < n && info[j].cluster == info[i].cluster)
                j++;
            if (j >= n)
                break;
            size_t at = info[j].cluster;
            if (!rg_text_is_extender(rg_utf8_next(text, len, &at, NULL)))
                break;
            for (unsigned k = j; k < n && info[k].cluster == info[j].cluster; k++)
                info[k].cluster = info[i].cluster;   /* one cluster value, non-decreasing */
        }
        size_t next = j < n ? info[j].cluster : end;
        gr.n = 0;
        gr.nchars = 0;
        for (size_t at = info[i].cluster; at < next && gr.nchars < GROUP_MAX;)
            gr.chars[gr.nchars++] = rg_utf8_next(text, next, &at, NULL);
        int ok = j - i <= GROUP_MAX && gr.nchars < GROUP_MAX;
        for (unsigned k = i; ok && k < j; k++) {
            rg_shaped_glyph g = {face, info[k].codepoint, 0, pos[k].x_advance, pos[k].x_offset,
                                 pos[k].y_offset, info[k].cluster + base, 0};
            gr.g[gr.n++] = g;
        }
        /* A ligature is drawn as its letters (Latin: nothing is lost), never
         * Thai, whose marks HarfBuzz's forms put in place. */
        if (!ok || (order_group(face, &gr) < 0 && script != HB_SCRIPT_THAI)) {
            if (push_nominal(face, text, info[i].cluster, next, base, out) < 0)
                return -1;
            i = j;
            continue;
        }
        for (size_t k = 0; k < gr.n; k++) {
            if (push(out, &gr.g[k]) < 0)
                return -1;
        }
        i = j;
    }
    return 0;
}

/* --- the word cache --------------------------------------------------------------- */

/* Four-way set-associative: a new word replaces the least recently used of
 * the four of its set. (Direct-mapped, a document's hit rate depended on the
 * face's heap address through the hash: 1,425 to 1,874 HarfBuzz calls for
 * the same 20 documents from builds differing only in the PDF writer. The
 * hash now takes the face's file and index, rg_face_key, instead. Two-way
 * with 4,096 slots, the few sets that three of seed 002's 500 words fell
 * into missed on every render, each miss shaping its whole phrase again:
 * 40 HarfBuzz calls per warm render.) */
#define CACHE_WAYS 4
#define CACHE_SLOTS 8192
#define CACHE_SETS (CACHE_SLOTS / CACHE_WAYS)
#define CACHE_MAX_WORD 96       /* bytes; longer pieces rarely repeat */

/* 48 bytes a slot: the word's glyphs and text live in one allocation of
 * their own, so the table itself stays small (a render touches every page
 * of it, and each page is a fault; the text inline made it 557 KB). */
typedef struct cached_word {
    const rg_face *face;        /* NULL: empty slot */
    hb_script_t script;
    uint32_t len;
    rg_shaped_glyph *glyphs;    /* cluster relative to the word's start; the
                                   text follows the glyphs (word_text) */
    uint32_t count;
    uint64_t used;              /* cache->clock when last looked up or stored */
} cached_word;

static const char *word_text(const cached_word *w)
{
    return (const char *)(w->glyphs + w->count);
}

struct rg_shape_cache {
    cached_word slots[CACHE_SLOTS];   /* set k: slots CACHE_WAYS * k + 0 .. CACHE_WAYS - 1 */
    uint64_t clock;
    size_t shaped;                    /* pieces HarfBuzz shaped (rg_shape_cache_shaped) */
};

rg_shape_cache *rg_shape_cache_new(void)
{
    return calloc(1, sizeof(rg_shape_cache));
}

size_t rg_shape_cache_shaped(const rg_shape_cache *cache)
{
    return cache ? cache->shaped : 0;
}

void rg_shape_cache_free(rg_shape_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        free(cache->slots[i].glyphs);
    free(cache);
}

static size_t set_of(const rg_face *face, hb_script_t script, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u ^ rg_face_key(face) ^ ((uint64_t)script << 32);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)(h ^ (h >> 29)) & (CACHE_SETS - 1);
}

static cached_word *lookup(rg_shape_cache *cache, const rg_face *face, hb_script_t script,
                           const char *s, size_t n)
{
    if (!cache || n > CACHE_MAX_WORD)
        return NULL;
    cached_word *set = &cache->slots[CACHE_WAYS * set_of(face, script, s, n)];
    for (int way = 0; way < CACHE_WAYS; way++) {
        cached_word *w = &set[way];
        if (w->face == face && w->script == script && w->len == n
            && !memcmp(word_text(w), s, n)) {
            w->used = ++cache->clock;
            return w;
        }
    }
    return NULL;
}

/* Remembers glyphs[0..count) as the shaping of s[0..n) (clusters made
 * relative to word_offset). Out of memory only means it is not cached. */
static void remember(rg_shape_cache *cache, const rg_face *face, hb_script_t script,
                     const char *s, size_t n, const rg_shaped_glyph *glyphs, size_t count,
                     uint32_t word_offset)
{
    if (!cache || n > CACHE_MAX_WORD || n == 0)
        return;
    if (count > UINT32_MAX)
        return;
    /* Already there (a word looked up before the phrase's first miss, now
     * shaped again with it): a second copy would evict the set's other word. */
    if (lookup(cache, face, script, s, n))
        return;
    rg_shaped_glyph *copy = malloc(count * sizeof *copy + n);
    if (!copy)
        return;
    for (size_t i = 0; i < count; i++) {
        copy[i] = glyphs[i];
        copy[i].cluster -= word_offset;
    }
    memcpy(copy + count, s, n);
    cached_word *set = &cache->slots[CACHE_WAYS * set_of(face, script, s, n)];
    cached_word *w = &set[0];   /* the least recently used; empty slots have used 0 */
    for (int way = 1; way < CACHE_WAYS; way++) {
        if (set[way].used < w->used)
            w = &set[way];
    }
    free(w->glyphs);
    w->face = face;
    w->script = script;
    w->len = (uint32_t)n;
    w->glyphs = copy;
    w->count = (uint32_t)count;
    w->used = ++cache->clock;
}

#define MAX_WORDS 64   /* words looked up at once; a longer phrase goes in runs of this many */

/* Shapes the words text[cuts[0]..cuts[words]) of a phrase: from the cache if
 * every one is there, else with one HarfBuzz call whose glyphs are then cut
 * at the word boundaries and cached word by word. */
static int shape_words(rg_shape_cache *cache, const rg_face *face, hb_script_t script,
                       const char *text, size_t len, const size_t *cuts, size_t words,
                       uint32_t base, hb_buffer_t **buf, rg_shaped_text *out)
{
    assert(words >= 1 && words <= MAX_WORDS);
    cached_word *hits[MAX_WORDS];
    size_t found = 0;
    while (found < words
           && (hits[found] = lookup(cache, face, script, text + cuts[found],
                                    cuts[found + 1] - cuts[found])))
        found++;
    if (found == words) {
        size_t total = 0;
        for (size_t k = 0; k < words; k++)
            total += hits[k]->count;
        if (reserve(out, total) < 0)
            return -1;
        rg_shaped_glyph *glyphs = out->glyphs;
        for (size_t k = 0; k < words; k++) {
            uint32_t shift = (uint32_t)cuts[k] + base;
            for (size_t i = 0; i < hits[k]->count; i++) {
                rg_shaped_glyph *g = &glyphs[out->count++];
                *g = hits[k]->glyphs[i];
                g->cluster += shift;
            }
        }
        return 0;
    }
    /* The HarfBuzz buffer is made on the first miss: most calls have none. */
    if (!*buf && !hb_buffer_allocation_successful(*buf = hb_buffer_create()))
        return -1;
    size_t first = out->count;
    if (shape_piece(face, script, text, len, cuts[0], cuts[words], base, *buf, out) < 0)
        return -1;
    if (cache)
        cache->shaped++;
    size_t g = first;
    for (size_t k = 0; k < words; k++) {
        size_t from = g;
        while (g < out->count && out->glyphs[g].cluster < cuts[k + 1] + base)
            g++;
        remember(cache, face, script, text + cuts[k], cuts[k + 1] - cuts[k], out->glyphs + from,
                 g - from, (uint32_t)cuts[k] + base);
    }
    return 0;
}

/* Shapes the phrase text[start..end) (no spaces inside, or only spaces) in
 * runs of up to MAX_WORDS words (shape_words). Cutting at word boundaries is
 * exact because no shaping context crosses one (Thai marks stay in their
 * cluster; words here are libthai's). A Thai sentence has no spaces, so a
 * phrase can be a paragraph: when its words past the 64th were left as one
 * piece, longer than any cached word, that piece was shaped by HarfBuzz on
 * every render (40 calls per warm seed-002 render). */
static int shape_phrase(rg_shape_cache *cache, const rg_face *face, hb_script_t script,
                        const char *text, size_t len, size_t start, size_t end,
                        const uint8_t *flags, uint32_t base, hb_buffer_t **buf, rg_shaped_text *out)
{
    size_t cuts[MAX_WORDS + 1];
    size_t words = 0;
    cuts[0] = start;
    for (size_t p = start + 1; p < end; p++) {
        if (!flags || !(flags[p] & RG_BRK_ALLOWED))
            continue;
        cuts[++words] = p;
        if (words == MAX_WORDS) {
            if (shape_words(cache, face, script, text, len, cuts, words, base, buf, out) < 0)
                return -1;
            cuts[0] = p;
            words = 0;
        }
    }
    cuts[++words] = end;
    return shape_words(cache, face, script, text, len, cuts, words, base, buf, out);
}

/* Shapes an item phrase by phrase (pieces end where spaces begin or end). */
static int shape_item(const rg_font *font, const item *it, const char *text, size_t len,
                      uint32_t base, const uint8_t *flags, hb_buffer_t **buf, rg_shaped_text *out)
{
    const rg_face *face = rg_font_face(font, it->face);
    rg_shape_cache *cache = rg_font_shape_cache(font);
    size_t start = it->start;
    for (size_t p = it->start + 1; p <= it->end; p++) {
        if (p == it->end || (text[p - 1] == ' ') != (text[p] == ' ')) {
            if (shape_phrase(cache, face, it->script, text, len, start, p, flags, base, buf, out) < 0)
                return -1;
            start = p;
        }
    }
    return 0;
}

int rg_shape_append(const rg_font *font, const char *text, size_t len, uint32_t base,
                    rg_shaped_text *out, rg_error *err)
{
    return rg_shape_append_words(font, text, len, base, NULL, out, err);
}

int rg_shape_append_words(const rg_font *font, const char *text, size_t len, uint32_t base,
                          const uint8_t *flags, rg_shaped_text *out, rg_error *err)
{
    if (len == 0)
        return 0;
    decoded d = {NULL, NULL, 0};
    item *items = NULL;
    hb_buffer_t *buf = NULL;
    int status = -1;
    if (decode(text, len, &d) < 0 || !(items = malloc(d.n * sizeof *items)))
        goto done;
    size_t count = itemize(font, &d, items);
    for (size_t i = 0; i < count; i++) {
        if (shape_item(font, &items[i], text, len, base, flags, &buf, out) < 0)
            goto done;
    }
    status = 0;
done:
    if (status < 0)
        rg_error_set(err, RG_ERR_NOMEM, "out of memory shaping text");
    hb_buffer_destroy(buf);
    free(items);
    free(d.cps);
    free(d.offsets);
    return status;
}

void rg_shaped_text_free(rg_shaped_text *s)
{
    free(s->glyphs);
    s->glyphs = NULL;
    s->count = s->cap = 0;
}

/* Every paragraph's text passes here on each render: runs of characters kept
 * as they are (valid UTF-8 is the shortest form, so re-encoding one gives its
 * own bytes) are copied whole, and only what changes is decoded and written. */
int rg_text_clean(const char *text, size_t len, int thai_digits, const char *where, rg_buf *out,
                  rg_error *err)
{
    size_t pos = 0, kept = 0;   /* text[kept..pos) is copied as it is */
    int warned = 0;
    if (rg_buf_reserve(out, len) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    while (pos < len) {
        unsigned char c = (unsigned char)text[pos];
        if (c && c < 0x80 && !(thai_digits && c >= '0' && c <= '9')) {
            pos++;
            continue;
        }
        /* U+0800..U+0FFF (Thai among them), valid as it stands: most of the text. */
        const unsigned char *u = (const unsigned char *)text + pos;
        if (c == 0xE0 && len - pos >= 3 && u[1] >= 0xA0 && u[1] <= 0xBF && (u[2] & 0xC0) == 0x80) {
            pos += 3;
            continue;
        }
        size_t at = pos;
        int invalid = 0;
        uint32_t cp = rg_utf8_next(text, len, &pos, &invalid);
        if (cp == 0)
            invalid = 1, cp = RG_REPLACEMENT_CHAR;
        if (invalid && !warned) {
            rg_warn("%s%sinvalid UTF-8 at byte %zu: shown as U+FFFD", where ? where : "",
                    where ? ": " : "", at);
            warned = 1;
        }
        if (!invalid && !(thai_digits && cp >= '0' && cp <= '9'))
            continue;
        if (thai_digits && cp >= '0' && cp <= '9')
            cp = 0x0E50 + (cp - '0');
        char enc[4];
        if (rg_buf_append(out, text + kept, at - kept) < 0 ||
            rg_buf_append(out, enc, (size_t)rg_utf8_encode(cp, enc)) < 0)
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        kept = pos;
    }
    if (rg_buf_append(out, text + kept, len - kept) < 0)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    return 0;
}

float rg_text_width(const rg_font *font, float size, const char *text, size_t len, rg_error *err)
{
    rg_buf clean = RG_BUF_INIT;
    rg_shaped_text shaped = {NULL, 0, 0};
    float width = -1;
    if (rg_text_clean(text, len, 0, NULL, &clean, err) == 0
        && rg_shape_append(font, clean.data ? clean.data : "", clean.len, 0, &shaped, err) == 0) {
        double w = 0;
        for (size_t i = 0; i < shaped.count; i++)
            w += (double)shaped.glyphs[i].x_advance * size / rg_face_upem(shaped.glyphs[i].face);
        width = (float)w;
    }
    rg_shaped_text_free(&shaped);
    rg_buf_free(&clean);
    return width;
}
