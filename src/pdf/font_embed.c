/* Font subsets, metrics and ToUnicode maps for the PDF writer (font_embed.h).
 *
 * Why not libharu's Type0 fonts: for every face of every document libharu
 * built a 65,536-entry CIDToGIDMap by searching the cmap once per code point
 * and embedded it twice compressed (a third of the render time and 2.4 KB of
 * every file), and its subsets kept every table of the font. Drawing glyph IDs
 * as CIDs (/CIDToGIDMap /Identity) needs neither. */
#include "pdf/font_embed.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/letter_spacing.h"

static unsigned be16(const char *p)
{
    return (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
}

static int sbe16(const char *p)
{
    unsigned v = be16(p);
    return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static hb_face_t *hb_face_of(const rg_face *face)
{
    return hb_font_get_face(rg_face_hb_font(face));
}

/* Font units to PDF glyph space, rounded. */
static int to_pdf(const rg_face *face, double units)
{
    return (int)lround(units * 1000.0 / rg_face_upem(face));
}

static void read_ps_name(const rg_face *face, char *out, size_t size)
{
    char name[4 * RG_FONT_PS_NAME_MAX];
    unsigned len = sizeof name;
    name[0] = '\0';
    hb_ot_name_get_utf8(hb_face_of(face), HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                        &len, name);
    if (!name[0]) {
        snprintf(name, sizeof name, "%s-%s", rg_face_family(face), rg_face_style_name(face));
    }
    /* PostScript names are printable ASCII without PDF delimiters; anything
     * else (a broken name table) is dropped rather than escaped. */
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if (c > 32 && c < 127 && !strchr("()<>[]{}/%#", c))
            out[n++] = (char)c;
    }
    if (n == 0)
        out[n++] = 'F';
    out[n] = '\0';
}

void rg_font_embed_metrics(const rg_face *face, rg_font_metrics *m)
{
    memset(m, 0, sizeof *m);
    hb_face_t *hf = hb_face_of(face);
    read_ps_name(face, m->ps_name, sizeof m->ps_name);
    m->flags = 4;   /* symbolic: glyphs outside the standard Latin character set */

    unsigned len = 0;
    hb_blob_t *head = hb_face_reference_table(hf, HB_TAG('h', 'e', 'a', 'd'));
    const char *p = hb_blob_get_data(head, &len);
    if (len >= 44) {
        for (int i = 0; i < 4; i++)
            m->bbox[i] = to_pdf(face, sbe16(p + 36 + 2 * i));
    }
    hb_blob_destroy(head);

    hb_blob_t *post = hb_face_reference_table(hf, HB_TAG('p', 'o', 's', 't'));
    p = hb_blob_get_data(post, &len);
    if (len >= 16) {
        int whole = sbe16(p + 4);
        unsigned frac = be16(p + 6);
        m->italic_angle = (int)lround(whole + frac / 65536.0);
        if (be16(p + 12) || be16(p + 14))
            m->flags |= 1;   /* fixed pitch */
    }
    hb_blob_destroy(post);
    if (m->italic_angle)
        m->flags |= 64;

    /* hhea's ascender and descender, as libharu wrote them: poppler groups
     * text into lines with these, and Thai fonts' typo metrics (which the
     * layout uses) put the descent too high for marks below the line. */
    m->ascent = to_pdf(face, rg_face_ascender(face));
    m->descent = to_pdf(face, rg_face_descender(face));
    hb_blob_t *hhea = hb_face_reference_table(hf, HB_TAG('h', 'h', 'e', 'a'));
    p = hb_blob_get_data(hhea, &len);
    if (len >= 8 && sbe16(p + 4) > 0 && sbe16(p + 6) < 0) {
        m->ascent = to_pdf(face, sbe16(p + 4));
        m->descent = to_pdf(face, sbe16(p + 6));
    }
    hb_blob_destroy(hhea);
    hb_position_t cap = 0;
    m->cap_height = hb_ot_metrics_get_position(rg_face_hb_font(face), HB_OT_METRICS_TAG_CAP_HEIGHT,
                                               &cap) && cap > 0
                        ? to_pdf(face, cap)
                        : m->ascent;

    /* No table holds the vertical stem width; the usual estimate from the
     * weight class (400 -> 88, 700 -> 166). */
    unsigned weight = 400;
    hb_blob_t *os2 = hb_face_reference_table(hf, HB_TAG('O', 'S', '/', '2'));
    p = hb_blob_get_data(os2, &len);
    if (len >= 6 && be16(p + 4) >= 100 && be16(p + 4) <= 1000)
        weight = be16(p + 4);
    hb_blob_destroy(os2);
    m->stem_v = 50 + (int)lround((weight / 65.0) * (weight / 65.0));
}

unsigned rg_font_embed_width(const rg_face *face, uint32_t gid)
{
    return (unsigned)rg_face_advance(face, gid) * 1000u / rg_face_upem(face);
}

unsigned rg_font_embed_composite_width(const rg_face *face, const rg_composite *c)
{
    return c->advance > 0 ? (unsigned)c->advance * 1000u / rg_face_upem(face) : 0;
}

void rg_font_embed_tag(const rg_glyph_set *glyphs, const char *ps_name, unsigned steps,
                       char tag[7])
{
    uint64_t h = 0xcbf29ce484222325ull;   /* FNV-1a */
    if (steps)
        h = (h ^ (steps & 0xFF)) * 0x100000001b3ull;
    for (const char *p = ps_name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    for (size_t i = 0; i <= glyphs->max / 8; i++)
        h = (h ^ glyphs->bits[i]) * 0x100000001b3ull;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

static void put16(char *p, unsigned v)
{
    p[0] = (char)(v >> 8);
    p[1] = (char)v;
}

static void put32(char *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xFFFF);
}

/* Where glyph gid's outline lies in glyf (loca, short or long). */
static int glyph_span(const char *loca, unsigned loca_len, int long_loca, unsigned gid,
                      size_t *from, size_t *to)
{
    unsigned entry = long_loca ? 4 : 2;
    if ((gid + 2) * entry > loca_len)
        return -1;
    if (long_loca) {
        *from = (size_t)be16(loca + 4 * gid) << 16 | be16(loca + 4 * gid + 2);
        *to = (size_t)be16(loca + 4 * gid + 4) << 16 | be16(loca + 4 * gid + 6);
    } else {
        *from = 2 * (size_t)be16(loca + 2 * gid);
        *to = 2 * (size_t)be16(loca + 2 * gid + 2);
    }
    return *from <= *to ? 0 : -1;
}

/* Composite k's glyf record: its components at their offsets (TrueType
 * composite glyph: ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES), its box the
 * union of theirs. Returns the length (a multiple of 4) written to out. */
static size_t composite_record(const rg_face *face, const rg_composite *c, char *out, int *x_min)
{
    int box[4] = {0, 0, 0, 0}, empty = 1;
    for (unsigned k = 0; k < c->count; k++) {
        hb_glyph_extents_t e;
        if (!hb_font_get_glyph_extents(rg_face_hb_font(face), c->gids[k], &e) ||
            (e.width == 0 && e.height == 0))
            continue;
        int x0 = c->dx[k] + e.x_bearing, x1 = x0 + e.width;
        int y1 = c->dy[k] + e.y_bearing, y0 = y1 + e.height;
        if (empty || x0 < box[0]) box[0] = x0;
        if (empty || y0 < box[1]) box[1] = y0;
        if (empty || x1 > box[2]) box[2] = x1;
        if (empty || y1 > box[3]) box[3] = y1;
        empty = 0;
    }
    put16(out, 0xFFFF);   /* numberOfContours -1: a composite */
    for (int i = 0; i < 4; i++)
        put16(out + 2 + 2 * i, (unsigned)box[i] & 0xFFFF);
    size_t len = 10;
    for (unsigned k = 0; k < c->count; k++) {
        put16(out + len, 0x0001 | 0x0002 | (k + 1 < c->count ? 0x0020 : 0));
        put16(out + len + 2, c->gids[k]);
        put16(out + len + 4, (unsigned)c->dx[k] & 0xFFFF);
        put16(out + len + 6, (unsigned)c->dy[k] & 0xFFFF);
        len += 8;
    }
    while (len % 4)
        out[len++] = 0;
    *x_min = box[0];
    return len;
}

#define COMPOSITE_RECORD_MAX (10 + 8 * RG_COMPOSITE_GLYPHS + 4)

/* The subset with every advance `add` font units wider (letter_spacing.h)
 * and the composites appended at glyph IDs comps->base + k (composite.h;
 * empty glyphs fill any IDs between the subset's last and base): hmtx
 * rewritten with one full entry per glyph (side bearings kept, so the
 * outlines stay where they were; a composite has its own advance), hhea's numberOfHMetrics and advanceWidthMax to match; with
 * composites also glyf, loca (long offsets), head's indexToLocFormat and
 * maxp's glyph count and component limits; every other table as it was.
 * NULL when out of memory or the tables are not what they should be. */
static hb_face_t *rebuilt(hb_face_t *subset, const rg_face *face, unsigned add,
                          const rg_composites *comps)
{
    unsigned old_glyphs = hb_face_get_glyph_count(subset);
    int composing = comps && comps->count;
    unsigned glyphs = composing ? comps->base + (unsigned)comps->count : old_glyphs;
    hb_blob_t *blobs[6];
    static const hb_tag_t tags_used[6] = {
        HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('h', 'e', 'a', 'd'),
        HB_TAG('l', 'o', 'c', 'a'), HB_TAG('g', 'l', 'y', 'f'), HB_TAG('m', 'a', 'x', 'p')};
    const char *t[6];
    unsigned t_len[6];
    for (int i = 0; i < 6; i++) {
        blobs[i] = hb_face_reference_table(subset, tags_used[i]);
        t[i] = hb_blob_get_data(blobs[i], &t_len[i]);
    }
    const char *hh = t[0], *hm = t[1], *head = t[2], *loca = t[3], *glyf = t[4], *maxp = t[5];
    unsigned hhea_len = t_len[0], hmtx_len = t_len[1];
    unsigned metrics = hhea_len >= 36 ? be16(hh + 34) : 0;
    int long_loca = t_len[2] >= 54 && be16(head + 50) == 1;
    hb_face_t *out = NULL;
    char *new_hhea = NULL, *new_hmtx = NULL, *new_head = NULL, *new_maxp = NULL;
    char *new_loca = NULL, *new_glyf = NULL;
    size_t glyf_len = 0;
    if (glyphs == 0 || glyphs > 0xFFFF || old_glyphs > glyphs || metrics == 0 ||
        metrics > old_glyphs || hmtx_len < 4 * metrics + 2 * (old_glyphs - metrics))
        goto done;
    if (composing && (t_len[2] < 54 || t_len[5] < 6))
        goto done;
    new_hhea = malloc(hhea_len);
    new_hmtx = malloc(4 * (size_t)glyphs);
    if (!new_hhea || !new_hmtx)
        goto done;
    if (composing) {
        new_head = malloc(t_len[2]);
        new_maxp = malloc(t_len[5]);
        new_loca = malloc(4 * ((size_t)glyphs + 1));
        new_glyf = malloc(t_len[4] + comps->count * COMPOSITE_RECORD_MAX);
        if (!new_head || !new_maxp || !new_loca || !new_glyf)
            goto done;
    }
    unsigned max_advance = 0;
    for (unsigned gid = 0; gid < glyphs; gid++) {
        unsigned advance = 0;
        char lsb[2] = {0, 0};
        if (gid < old_glyphs) {
            advance = be16(hm + 4 * (gid < metrics ? gid : metrics - 1));
            const char *at = gid < metrics ? hm + 4 * gid + 2 : hm + 4 * metrics + 2 * (gid - metrics);
            lsb[0] = at[0], lsb[1] = at[1];
        }
        if (composing) {
            put32(new_loca + 4 * gid, (uint32_t)glyf_len);
            size_t from = 0, to = 0;
            if (gid < old_glyphs) {
                if (glyph_span(loca, t_len[3], long_loca, gid, &from, &to) < 0 || to > t_len[4])
                    goto done;
                memcpy(new_glyf + glyf_len, glyf + from, to - from);
                glyf_len += to - from;
            } else if (gid >= comps->base) {
                const rg_composite *c = &comps->items[gid - comps->base];
                int x_min = 0;
                glyf_len += composite_record(face, c, new_glyf + glyf_len, &x_min);
                advance = c->advance > 0 ? (unsigned)c->advance : 0;
                put16(lsb, (unsigned)x_min & 0xFFFF);
            }
        }
        advance += add;
        if (advance > 0xFFFF)
            advance = 0xFFFF;
        if (advance > max_advance)
            max_advance = advance;
        put16(new_hmtx + 4 * gid, advance);
        new_hmtx[4 * gid + 2] = lsb[0];
        new_hmtx[4 * gid + 3] = lsb[1];
    }
    memcpy(new_hhea, hh, hhea_len);
    put16(new_hhea + 10, max_advance);
    put16(new_hhea + 34, glyphs);
    if (composing) {
        put32(new_loca + 4 * glyphs, (uint32_t)glyf_len);
        memcpy(new_head, head, t_len[2]);
        put16(new_head + 50, 1);   /* long loca */
        memcpy(new_maxp, maxp, t_len[5]);
        put16(new_maxp + 4, glyphs);
        if (t_len[5] >= 32 && be16(maxp) == 1) {   /* version 1.0: component limits */
            if (be16(maxp + 28) < RG_COMPOSITE_GLYPHS)
                put16(new_maxp + 28, RG_COMPOSITE_GLYPHS);
            put16(new_maxp + 30, be16(maxp + 30) + 1);
        }
    }

    out = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned count = sizeof tags / sizeof tags[0];
    unsigned total = hb_face_get_table_tags(subset, 0, &count, tags);
    int ok = total > 0 && total <= sizeof tags / sizeof tags[0];
    for (unsigned i = 0; ok && i < count; i++) {
        const char *data = NULL;
        size_t len = 0;
        if (tags[i] == HB_TAG('h', 'h', 'e', 'a'))
            data = new_hhea, len = hhea_len;
        else if (tags[i] == HB_TAG('h', 'm', 't', 'x'))
            data = new_hmtx, len = 4 * (size_t)glyphs;
        else if (composing && tags[i] == HB_TAG('h', 'e', 'a', 'd'))
            data = new_head, len = t_len[2];
        else if (composing && tags[i] == HB_TAG('m', 'a', 'x', 'p'))
            data = new_maxp, len = t_len[5];
        else if (composing && tags[i] == HB_TAG('l', 'o', 'c', 'a'))
            data = new_loca, len = 4 * ((size_t)glyphs + 1);
        else if (composing && tags[i] == HB_TAG('g', 'l', 'y', 'f'))
            data = new_glyf, len = glyf_len;
        hb_blob_t *table = data ? hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_DUPLICATE,
                                                 NULL, NULL)
                                : hb_face_reference_table(subset, tags[i]);
        ok = hb_face_builder_add_table(out, tags[i], table);
        hb_blob_destroy(table);
    }
    if (!ok) {
        hb_face_destroy(out);
        out = NULL;
    }
done:
    free(new_hhea);
    free(new_hmtx);
    free(new_head);
    free(new_maxp);
    free(new_loca);
    free(new_glyf);
    for (int i = 0; i < 6; i++)
        hb_blob_destroy(blobs[i]);
    return out;
}

int rg_font_embed_subset(const rg_face *face, const rg_glyph_set *glyphs, unsigned steps,
                         const rg_composites *comps, rg_buf *out, rg_error *err)
{
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return rg_error_set(err, RG_ERR_NOMEM, "font %s: out of memory subsetting it",
                            rg_face_path(face));
    hb_set_t *keep = hb_subset_input_glyph_set(input);
    hb_set_add(keep, 0);
    int composing = comps && comps->count;
    for (uint32_t gid = 1; gid <= glyphs->max && !(composing && gid >= comps->base); gid++)
        if (rg_glyph_set_has(glyphs, gid))
            hb_set_add(keep, gid);
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const hb_tag_t layout[] = {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
                                      HB_TAG('G', 'D', 'E', 'F')};
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
        hb_set_add(drop, layout[i]);
    /* RETAIN_GIDS: the content streams' CIDs are the face's glyph IDs.
     * NOTDEF_OUTLINE: a missing character shows the font's own box. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *subset = hb_subset_or_fail(hb_face_of(face), input);
    hb_subset_input_destroy(input);
    if (!subset)
        return rg_error_set(err, RG_ERR_FONT, "font %s: HarfBuzz cannot subset it",
                            rg_face_path(face));
    if (steps || composing) {
        /* The subsetter's face is a builder, which lists no tables: read
         * its bytes back as a font. */
        hb_blob_t *bytes = hb_face_reference_blob(subset);
        hb_face_t *parsed = hb_face_create(bytes, 0);
        hb_blob_destroy(bytes);
        hb_face_t *changed = rebuilt(parsed, face, (unsigned)lround(steps * RG_SPREAD_STEP *
                                                                    rg_face_upem(face) / 1000.0),
                                     comps);
        hb_face_destroy(parsed);
        hb_face_destroy(subset);
        if (!changed)
            return rg_error_set(err, RG_ERR_FONT, "font %s: cannot %s", rg_face_path(face),
                                composing ? "add the composite glyphs of sara am to its subset"
                                          : "widen its advances for letter spacing");
        subset = changed;
    }
    hb_blob_t *blob = hb_face_reference_blob(subset);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    rg_buf_reset(out);
    int rc = len ? rg_buf_append(out, data, len) : -1;
    hb_blob_destroy(blob);
    hb_face_destroy(subset);
    if (rc < 0)
        return rg_error_set(err, len ? RG_ERR_NOMEM : RG_ERR_FONT,
                            "font %s: %s", rg_face_path(face),
                            len ? "out of memory subsetting it" : "HarfBuzz cannot subset it");
    return 0;
}

/* The Thai letter a private-use presentation form stands for, or code itself. */
static uint32_t rg_font_embed_pua_to_thai(uint32_t code)
{
    return rg_text_pua_to_thai(code);
}

static void put_hex4(char *at, unsigned v)
{
    static const char digits[] = "0123456789ABCDEF";
    at[0] = digits[(v >> 12) & 15];
    at[1] = digits[(v >> 8) & 15];
    at[2] = digits[(v >> 4) & 15];
    at[3] = digits[v & 15];
}

/* "<CID> <UTF-16BE>\n" */
static int put_bfchar(rg_buf *out, uint32_t cid, const uint32_t *text, unsigned len)
{
    char line[8 + 8 * RG_COMPOSITE_GLYPHS + 3];
    size_t n = 0;
    line[n++] = '<';
    put_hex4(line + n, cid);
    n += 4;
    line[n++] = '>', line[n++] = ' ', line[n++] = '<';
    for (unsigned i = 0; i < len; i++) {
        uint32_t cp = rg_font_embed_pua_to_thai(text[i]);
        if (cp > 0xFFFF) {   /* UTF-16: a surrogate pair */
            put_hex4(line + n, 0xD800 + ((cp - 0x10000) >> 10));
            put_hex4(line + n + 4, 0xDC00 + ((cp - 0x10000) & 0x3FF));
            n += 8;
        } else {
            put_hex4(line + n, cp);
            n += 4;
        }
    }
    line[n++] = '>', line[n++] = '\n';
    return rg_buf_append(out, line, n);
}

int rg_font_embed_tounicode(const rg_face *face, const rg_glyph_set *glyphs, const uint32_t *codes,
                            size_t codes_len, const rg_composites *comps, rg_buf *out)
{
    rg_buf_reset(out);
    int rc = rg_buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                              "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                              "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    uint32_t cids[100];
    size_t n = 0;
    for (uint32_t gid = 1; gid <= glyphs->max + 1; gid++) {
        int mapped = 0;
        if (gid <= glyphs->max && rg_glyph_set_has(glyphs, gid)) {
            if (comps && comps->count && gid >= comps->base)
                mapped = gid - comps->base < comps->count &&
                         comps->items[gid - comps->base].text_len > 0;
            else
                mapped = (gid < codes_len && codes[gid]) || rg_face_code_for_glyph(face, gid);
        }
        if (mapped)
            cids[n++] = gid;
        if (n == 100 || (gid == glyphs->max + 1 && n)) {
            rc |= rg_buf_printf(out, "%zu beginbfchar\n", n);
            for (size_t i = 0; i < n; i++) {
                uint32_t cid = cids[i];
                if (comps && comps->count && cid >= comps->base) {
                    const rg_composite *c = &comps->items[cid - comps->base];
                    rc |= put_bfchar(out, cid, c->text, c->text_len);
                } else {
                    uint32_t code = cid < codes_len && codes[cid] ? codes[cid]
                                                                  : rg_face_code_for_glyph(face, cid);
                    rc |= put_bfchar(out, cid, &code, 1);
                }
            }
            rc |= rg_buf_puts(out, "endbfchar\n");
            n = 0;
        }
    }
    rc |= rg_buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return rc ? -1 : 0;
}
