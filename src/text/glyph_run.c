/* Glyph runs (glyph_run.h): release and deep copy. */
#include "text/glyph_run.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void rg_glyph_run_release(rg_glyph_run *run)
{
    if (!run)
        return;
    free(run->glyphs);
    free(run->text);
    run->glyphs = NULL;
    run->glyph_count = 0;
    run->text = NULL;
    run->text_len = 0;
}

int rg_glyph_run_copy(rg_glyph_run *dst, const rg_glyph_run *src)
{
    assert(dst && src && dst != src);
    *dst = *src;
    dst->glyphs = NULL;
    dst->text = NULL;
    if (src->glyph_count) {
        dst->glyphs = malloc(src->glyph_count * sizeof *dst->glyphs);
        if (!dst->glyphs)
            goto oom;
        memcpy(dst->glyphs, src->glyphs, src->glyph_count * sizeof *dst->glyphs);
    }
    dst->text = malloc(src->text_len + 1);
    if (!dst->text)
        goto oom;
    if (src->text_len)
        memcpy(dst->text, src->text, src->text_len);
    dst->text[src->text_len] = '\0';
    return 0;
oom:
    free(dst->glyphs);
    memset(dst, 0, sizeof *dst);
    return -1;
}
