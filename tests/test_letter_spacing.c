/* rg_glyph_is_mark (src/pdf/letter_spacing.c) answers the code points of
 * Thai and Latin text without asking HarfBuzz: every code point must get
 * the answer HarfBuzz's general category gives (\p{Mn}), so that the fast
 * path can never change where the writer's pen goes or how a run is
 * letter-spaced. */
#include <hb.h>
#include <string.h>

#include "check.h"
#include "pdf/letter_spacing.h"

int main(void)
{
    hb_unicode_funcs_t *ucd = hb_unicode_funcs_get_default();
    long marks = 0, thai_marks = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        rg_positioned_glyph g;
        memset(&g, 0, sizeof g);
        g.code = c;
        int want = c && hb_unicode_general_category(ucd, c) == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK;
        if (rg_glyph_is_mark(&g) != want) {
            fprintf(stderr, "U+%04X: rg_glyph_is_mark %d, HarfBuzz %d\n", (unsigned)c, !want, want);
            CHECK(0);
        }
        marks += want;
        thai_marks += want && c >= 0x0E00 && c <= 0x0E7F;
    }
    /* the comparison covered real marks: sara i..phinthu, the tone marks, mai han-akat */
    CHECK_INT(thai_marks, 16);
    CHECK(marks > 1000);
    return CHECK_DONE();
}
