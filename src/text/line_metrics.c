/* A face's single-spaced line box (text_internal.h, rg_face_line_box): the
 * OS/2 Windows metrics that Word's single spacing uses, raised where the
 * font's own Thai stacks reach beyond them, so that the below vowels and
 * descenders of one line never touch the stacked marks of the next. */
#include <hb-ot.h>
#include <hb.h>
#include <stddef.h>
#include <stdint.h>

#include "text/text_internal.h"

/* The tallest and the deepest Thai clusters: tall consonants (their marks are
 * the highest) under every upper vowel with every tone mark, thanthakhat and
 * sara am; the consonants with descenders (and the two that drop theirs
 * before a below vowel) over every below vowel. */
static const char *const tall_bases[] = {"ป", "ฝ", "ฟ", "ฬ"};
static const char *const upper_stacks[] = {
    "ั่", "ั้", "ั๊", "ั๋", "ิ่", "ิ้", "ิ๊", "ิ๋", "ี่", "ี้", "ี๊", "ี๋", "ึ่", "ึ้", "ึ๊", "ึ๋",
    "ื่", "ื้", "ื๊", "ื๋", "็", "์", "ิ์", "่ำ", "้ำ", "๊ำ", "๋ำ"};
static const char *const deep_bases[] = {"ฎ", "ฏ", "ฐ", "ญ", "ฤ", "ฦ", "ร"};
static const char *const lower_stacks[] = {"", "ุ", "ู", "ฺ", "ุ่", "ู้"};

static void add_stack(hb_buffer_t *buf, const char *base, const char *marks)
{
    hb_buffer_add_utf8(buf, base, -1, 0, -1);
    hb_buffer_add_utf8(buf, marks, -1, 0, -1);
}

/* Highest ink top and lowest ink bottom (font units, y up) of the stacks as
 * this face shapes them; 0 if the face has no Thai. */
static int thai_ink(hb_font_t *font, int *top, int *bottom)
{
    hb_codepoint_t gid;
    if (!hb_font_get_nominal_glyph(font, 0x0E1B, &gid))
        return 0;
    hb_buffer_t *buf = hb_buffer_create();
    for (size_t b = 0; b < sizeof tall_bases / sizeof *tall_bases; b++)
        for (size_t m = 0; m < sizeof upper_stacks / sizeof *upper_stacks; m++)
            add_stack(buf, tall_bases[b], upper_stacks[m]);
    for (size_t b = 0; b < sizeof deep_bases / sizeof *deep_bases; b++)
        for (size_t m = 0; m < sizeof lower_stacks / sizeof *lower_stacks; m++)
            add_stack(buf, deep_bases[b], lower_stacks[m]);
    add_stack(buf, "ฤ", "ๅ");
    add_stack(buf, "ฦ", "ๅ");
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_THAI);
    hb_buffer_set_language(buf, hb_language_from_string("th", -1));
    hb_shape(font, buf, NULL, 0);
    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    int found = 0;
    for (unsigned i = 0; i < n; i++) {
        hb_glyph_extents_t e;
        if (!hb_font_get_glyph_extents(font, info[i].codepoint, &e) || e.height == 0)
            continue;
        int t = pos[i].y_offset + e.y_bearing, btm = t + e.height;  /* height < 0 */
        if (!found || t > *top)
            *top = t;
        if (!found || btm < *bottom)
            *bottom = btm;
        found = 1;
    }
    hb_buffer_destroy(buf);
    return found;
}

static unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

void rg_face_line_box(hb_font_t *font, int *ascent, int *descent)
{
    hb_face_t *face = hb_font_get_face(font);
    unsigned upem = hb_face_get_upem(face);
    /* Word's single spacing: usWinAscent + usWinDescent, no line gap (the
     * values fonts set to cover their glyphs). Fonts without them (no OS/2,
     * or zeros): the hhea ascender, descender and gap. */
    hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
    unsigned len = 0;
    const uint8_t *p = (const uint8_t *)hb_blob_get_data(os2, &len);
    int asc = 0, desc = 0;
    if (p && len >= 78) {
        asc = (int)be16(p + 74);
        desc = (int)be16(p + 76);
    }
    hb_blob_destroy(os2);
    if (asc + desc <= 0) {
        hb_font_extents_t fe;
        hb_font_get_h_extents(font, &fe);
        asc = fe.ascender;
        desc = -fe.descender + fe.line_gap;
    }
    /* Fonts whose metrics are smaller than their own Thai stacks (Laksaman's
     * thanthakhat over sara i, Kinnari Bold's sara uu under ฎ):
     * the ink extent plus a clearance of 1/50 em on each side, so the ink of
     * two lines is at least 1/25 em apart. */
    int top = 0, bottom = 0;
    if (thai_ink(font, &top, &bottom)) {
        int clearance = (int)upem / 50;
        if (top + clearance > asc)
            asc = top + clearance;
        if (-bottom + clearance > desc)
            desc = -bottom + clearance;
    }
    *ascent = asc;
    *descent = desc;
}
