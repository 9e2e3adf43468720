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

/* The subset with every advance `add` font units wider (letter_spacing.h):
 * hmtx rewritten with one full entry per glyph (side bearings kept, so the
 * outlines stay where they were), hhea's numberOfHMetrics and
 * advanceWidthMax to match, every other table as it was. NULL when out of
 * memory or the tables are not what they should be. */
static hb_face_t *widened(hb_face_t *subset, unsigned add)
{
    unsigned glyphs = hb_face_get_glyph_count(subset);
    hb_blob_t *hhea = hb_face_reference_table(subset, HB_TAG('h', 'h', 'e', 'a'));
    hb_blob_t *hmtx = hb_face_reference_table(subset, HB_TAG('h', 'm', 't', 'x'));
    unsigned hhea_len = 0, hmtx_len = 0;
    const char *hh = hb_blob_get_data(hhea, &hhea_len);
    const char *hm = hb_blob_get_data(hmtx, &hmtx_len);
    unsigned metrics = hhea_len >= 36 ? be16(hh + 34) : 0;
    hb_face_t *out = NULL;
    char *new_hhea = NULL, *new_hmtx = NULL;
    if (glyphs == 0 || metrics == 0 || metrics > glyphs ||
        hmtx_len < 4 * metrics + 2 * (glyphs - metrics))
        goto done;
    new_hhea = malloc(hhea_len);
    new_hmtx = malloc(4 * (size_t)glyphs);
    if (!new_hhea || !new_hmtx)
        goto done;
    unsigned max_advance = 0;
    for (unsigned gid = 0; gid < glyphs; gid++) {
        unsigned advance = be16(hm + 4 * (gid < metrics ? gid : metrics - 1)) + add;
        const char *lsb = gid < metrics ? hm + 4 * gid + 2 : hm + 4 * metrics + 2 * (gid - metrics);
        if (advance > 0xFFFF)
            advance = 0xFFFF;
        if (advance > max_advance)
            max_advance = advance;
        new_hmtx[4 * gid] = (char)(advance >> 8);
        new_hmtx[4 * gid + 1] = (char)advance;
        new_hmtx[4 * gid + 2] = lsb[0];
        new_hmtx[4 * gid + 3] = lsb[1];
    }
    memcpy(new_hhea, hh, hhea_len);
    new_hhea[10] = (char)(max_advance >> 8);
    new_hhea[11] = (char)max_advance;
    new_hhea[34] = (char)(glyphs >> 8);
    new_hhea[35] = (char)glyphs;

    out = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned count = sizeof tags / sizeof tags[0];
    unsigned total = hb_face_get_table_tags(subset, 0, &count, tags);
    int ok = total > 0 && total <= sizeof tags / sizeof tags[0];
    for (unsigned i = 0; ok && i < count; i++) {
        hb_blob_t *table;
        if (tags[i] == HB_TAG('h', 'h', 'e', 'a'))
            table = hb_blob_create(new_hhea, hhea_len, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
        else if (tags[i] == HB_TAG('h', 'm', 't', 'x'))
            table = hb_blob_create(new_hmtx, 4 * glyphs, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
        else
            table = hb_face_reference_table(subset, tags[i]);
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
    hb_blob_destroy(hhea);
    hb_blob_destroy(hmtx);
    return out;
}

int rg_font_embed_subset(const rg_face *face, const rg_glyph_set *glyphs, unsigned steps,
                         rg_buf *out, rg_error *err)
{
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return rg_error_set(err, RG_ERR_NOMEM, "font %s: out of memory subsetting it",
                            rg_face_path(face));
    hb_set_t *keep = hb_subset_input_glyph_set(input);
    hb_set_add(keep, 0);
    for (uint32_t gid = 1; gid <= glyphs->max; gid++)
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
    if (steps) {
        /* The subsetter's face is a builder, which lists no tables: read
         * its bytes back as a font. */
        hb_blob_t *bytes = hb_face_reference_blob(subset);
        hb_face_t *parsed = hb_face_create(bytes, 0);
        hb_blob_destroy(bytes);
        hb_face_t *wide = widened(parsed, (unsigned)lround(steps * RG_SPREAD_STEP *
                                                           rg_face_upem(face) / 1000.0));
        hb_face_destroy(parsed);
        hb_face_destroy(subset);
        if (!wide)
            return rg_error_set(err, RG_ERR_FONT,
                                "font %s: cannot widen its advances for letter spacing",
                                rg_face_path(face));
        subset = wide;
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

uint32_t rg_font_embed_pua_to_thai(uint32_t code)
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

int rg_font_embed_tounicode(const rg_face *face, const rg_glyph_set *glyphs, const uint32_t *codes,
                            size_t codes_len, rg_buf *out)
{
    rg_buf_reset(out);
    int rc = rg_buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                              "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                              "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    uint32_t gids[100], texts[100];
    size_t n = 0;
    for (uint32_t gid = 1; gid <= glyphs->max + 1; gid++) {
        uint32_t code = 0;
        if (gid <= glyphs->max && rg_glyph_set_has(glyphs, gid))
            code = gid < codes_len && codes[gid] ? codes[gid] : rg_face_code_for_glyph(face, gid);
        if (code) {
            gids[n] = gid;
            texts[n++] = rg_font_embed_pua_to_thai(code);
        }
        if (n == 100 || (gid == glyphs->max + 1 && n)) {
            rc |= rg_buf_printf(out, "%zu beginbfchar\n", n);
            for (size_t i = 0; i < n; i++) {
                char line[] = "<0000> <00000000>\n";
                put_hex4(line + 1, gids[i]);
                if (texts[i] > 0xFFFF) {   /* UTF-16: a surrogate pair */
                    put_hex4(line + 8, 0xD800 + ((texts[i] - 0x10000) >> 10));
                    put_hex4(line + 12, 0xDC00 + ((texts[i] - 0x10000) & 0x3FF));
                    rc |= rg_buf_append(out, line, sizeof line - 1);
                } else {
                    put_hex4(line + 8, texts[i]);
                    line[12] = '>';
                    line[13] = '\n';
                    rc |= rg_buf_append(out, line, 14);
                }
            }
            rc |= rg_buf_puts(out, "endbfchar\n");
            n = 0;
        }
    }
    rc |= rg_buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return rc ? -1 : 0;
}
