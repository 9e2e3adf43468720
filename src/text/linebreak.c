/* Line-break opportunities (linebreak.h): libthai for Thai words, a small
 * UAX #14-like rule set elsewhere, grapheme clusters kept whole. */
#include "text/linebreak.h"

#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"
#include "util/thai_months.h"
#include "util/utf8.h"

/* 1 for code points of the Thai block (U+0E00..U+0E7F). */
static int rg_is_thai(uint32_t cp)
{
    return cp >= 0x0E00 && cp <= 0x0E7F;
}

int rg_text_is_extender(uint32_t cp)
{
    if (cp == 0x0E31 || (cp >= 0x0E33 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E))
        return 1;                                   /* Thai marks and sara am */
    if (cp >= 0x0300 && cp <= 0x036F)
        return 1;                                   /* Latin combining diacritics */
    if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x20D0 && cp <= 0x20FF))
        return 1;
    if (cp >= 0x1AB0 && cp <= 0x1AFF)
        return 1;
    if (cp >= 0xE0100 && cp <= 0xE01EF)
        return 1;
    return 0;
}

int rg_text_is_ignorable(uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0xFEFF
           || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* --- character classes for the non-Thai rules ------------------------------ */

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007);
}

static int is_newline(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028
           || cp == 0x2029;
}

static int is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x0E50 && cp <= 0x0E59);
}

/* Never break before these (closing punctuation, infix separators, postfixes,
 * Thai repetition and abbreviation marks). */
static int no_break_before(uint32_t cp)
{
    switch (cp) {
    case ')': case ']': case '}': case ',': case '.': case ';': case ':': case '!': case '?':
    case '%': case 0x201D: case 0x2019: case 0x00BB: case 0x203A: case 0x0E46: case 0x0E2F:
    case 0x3001: case 0x3002: case 0xFF09: case 0xFF0C: case 0x2030: case 0x2032: case 0x2033:
    case 0x00A0: case 0x2060: case 0x202F: case 0x2007: case 0xFEFF: case 0x2026:
        return 1;
    default:
        return 0;
    }
}

/* Never break after these (opening punctuation, prefixes, glue). */
static int no_break_after(uint32_t cp)
{
    switch (cp) {
    case '(': case '[': case '{': case 0x201C: case 0x2018: case 0x00AB: case 0x2039:
    case 0x0E3F: case '$': case '#': case 0x00A0: case 0x2060: case 0x202F: case 0x2007:
    case 0xFEFF: case 0xFF08:
        return 1;
    default:
        return 0;
    }
}

static int is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int is_letter_like(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F)
           || (cp >= 0x370 && cp <= 0x52F) || rg_is_thai(cp);
}

/* --- libthai (thai_dict.c) ---------------------------------------------------- */

/* Marks breaks (RG_BRK_ALLOWED) inside the Thai run cps[from..to) found by libthai. */
static int thai_breaks(const uint32_t *cps, const size_t *offsets, size_t from, size_t to,
                       uint8_t *flags, rg_error *err)
{
    size_t n = to > from ? to - from : 0;
    if (n < 2 || n > ((size_t)1 << 28))
        return 0;   /* nothing to split (a run that long is not text) */
    unsigned char stack_tis[512];
    int stack_pos[512];
    unsigned char *tis = n + 1 <= sizeof stack_tis ? stack_tis : malloc(n + 1);
    int *pos = n <= 512 ? stack_pos : malloc(n * sizeof *pos);
    if (!tis || !pos) {
        if (tis != stack_tis)
            free(tis);
        if (pos != stack_pos)
            free(pos);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory breaking Thai text");
    }
    for (size_t i = 0; i < n; i++)
        tis[i] = (unsigned char)(cps[from + i] - 0x0E00 + 0xA0);  /* TIS-620 */
    tis[n] = 0;
    int count = rg_thai_find_breaks(tis, n, pos);
    uint8_t stack_marks[512];
    uint8_t *marks = count <= 512 ? stack_marks : malloc((size_t)count);
    if (marks)
        rg_thai_words_mark(tis, n, pos, count, marks);
    for (int i = 0; i < count; i++) {
        if (pos[i] <= 0 || (size_t)pos[i] >= n)
            continue;
        int mark = marks ? marks[i] : RG_THAI_PLAIN;
        flags[offsets[from + (size_t)pos[i]]] |=
            mark == RG_THAI_KEPT ? RG_BRK_FALLBACK
            : mark == RG_THAI_COMPOUND ? RG_BRK_ALLOWED | RG_BRK_COMPOUND : RG_BRK_ALLOWED;
    }
    if (marks != stack_marks)
        free(marks);
    if (tis != stack_tis)
        free(tis);
    if (pos != stack_pos)
        free(pos);
    return 0;
}

/* --- the analysis -------------------------------------------------------------- */

/* 1 if cps[0..end) ends with an era abbreviation: พ.ศ. (Buddhist era),
 * ค.ศ. (common era), จ.ศ., ร.ศ. A year is never separated from its era at a
 * line end ("ปี พ.ศ. | 2563" reads as a broken date). */
static int ends_with_era(const uint32_t *cps, size_t end)
{
    static const uint32_t first_letters[] = {0x0E1E, 0x0E04, 0x0E08, 0x0E23};  /* พ ค จ ร */
    if (end < 4 || cps[end - 1] != '.' || cps[end - 2] != 0x0E28 || cps[end - 3] != '.')
        return 0;                                                          /* ?.ศ. */
    for (size_t i = 0; i < sizeof first_letters / sizeof *first_letters; i++)
        if (cps[end - 4] == first_letters[i])
            return end == 4 || !rg_is_thai(cps[end - 5]);
    return 0;
}

/* 1 if text[at..len) starts with the name or abbreviation of a month (the
 * abbreviation's last dot may be left out: "16 ธ.ค 2566"). */
static int starts_month(const char *text, size_t len, size_t at)
{
    size_t consumed;
    return rg_thai_month_parse_len(text + at, len - at, &consumed) != 0;
}

/* 1 if an allowed break before cps[i], after spaces, separates a number
 * from the word before it ("มาตรา |๙", "ระยะที่ |๒") or a day from its month
 * ("16 |ธันวาคม"): a break the paragraph avoids when it can. */
static int separates_number(const char *text, size_t len, const uint32_t *cps,
                            const size_t *offsets, size_t i)
{
    size_t j = i;
    while (j > 0 && is_space(cps[j - 1]))
        j--;
    if (j == i || j == 0)
        return 0;
    uint32_t before = cps[j - 1];
    if (is_digit(cps[i]))
        return is_letter_like(before) && !is_digit(before);
    return is_digit(before) && starts_month(text, len, offsets[i]);
}

/* Decision for the boundary before cps[i] (0 < i < n) outside Thai-Thai pairs. */
static int pair_break(const uint32_t *cps, size_t i)
{
    uint32_t prev = cps[i - 1], cur = cps[i];
    if (is_space(cur))
        return 0;                      /* spaces hang at the end of the line */
    if (no_break_before(cur) || no_break_after(prev))
        return 0;
    if (is_space(prev)) {
        size_t j = i - 1;
        while (j > 0 && is_space(cps[j - 1]))
            j--;
        if (j == 0)
            return 1;
        uint32_t before = cps[j - 1];
        if (no_break_after(before))
            return 0;                  /* "( text": no break after opening punctuation */
        if (j == i - 1 && prev == ' ' && is_digit(before) && is_digit(cur))
            return 0;                  /* digit groups: "0 2280 7416" */
        if (is_digit(cur) && ends_with_era(cps, j))
            return 0;                  /* "พ.ศ. 2563" stays together */
        return 1;
    }
    if (prev == 0x200B)
        return 1;
    if (is_cjk(prev) || is_cjk(cur))
        return 1;
    if (cur == 0x2014)
        return 1;                      /* before an em dash */
    if (prev == 0x2013 || prev == 0x2014)
        return 1;                      /* after a dash */
    if ((prev == '-' || prev == 0x2010) && i >= 2 && is_letter_like(cps[i - 2]) && !is_digit(cur))
        return 1;                      /* "well-|known", not "-5" or "10-12" */
    if (prev == '/' && i >= 2 && !is_digit(cps[i - 2]) && !is_digit(cur))
        return 1;                      /* "ผู้อำนวยการ/|หัวหน้า", not "2/12/2562" */
    return 0;
}

int rg_linebreak_analyze(const char *text, size_t len, uint8_t *flags, rg_error *err)
{
    if (len == 0)
        return 0;
    if (rg_thai_dict_open() < 0)
        return rg_error_set(err, RG_ERR_FONT,
                            "cannot load libthai's word dictionary (install libthai-data)");
    memset(flags, 0, len);

    uint32_t stack_cps[1024];
    size_t stack_offsets[1024];
    uint32_t *cps = len <= 1024 ? stack_cps : malloc(len * sizeof *cps);
    size_t *offsets = len <= 1024 ? stack_offsets : malloc((len + 1) * sizeof *offsets);
    if (!cps || !offsets) {
        if (cps != stack_cps)
            free(cps);
        if (offsets != stack_offsets)
            free(offsets);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory breaking lines");
    }
    size_t n = 0, pos = 0;
    while (pos < len) {
        offsets[n] = pos;
        cps[n++] = rg_text_next(text, len, &pos);
    }

    int status = 0;
    size_t thai_start = 0;
    int in_thai = 0;
    for (size_t i = 0; i <= n; i++) {
        int thai = i < n && rg_is_thai_word_char(cps[i]);
        if (thai && !in_thai) {
            thai_start = i;
        } else if (!thai && in_thai && i - thai_start > 1) {
            if (thai_breaks(cps, offsets, thai_start, i, flags, err) < 0) {
                status = -1;
                break;
            }
        }
        in_thai = thai;
    }

    for (size_t i = 0; status == 0 && i < n; i++) {
        uint8_t *f = &flags[offsets[i]];
        if (i == 0) {
            *f = RG_BRK_CLUSTER;
            continue;
        }
        uint32_t prev = cps[i - 1], cur = cps[i];
        int cluster = !rg_text_is_extender(cur) && prev != 0x200D && !(prev == '\r' && cur == '\n');
        uint8_t thai_break = *f & (RG_BRK_ALLOWED | RG_BRK_FALLBACK | RG_BRK_COMPOUND);
        *f = 0;
        if (!cluster)
            continue;
        *f = RG_BRK_CLUSTER;
        if (is_newline(prev) && !(prev == '\r' && cur == '\n')) {
            *f |= RG_BRK_MANDATORY | RG_BRK_ALLOWED;
        } else if (rg_is_thai_word_char(prev) && rg_is_thai_word_char(cur)) {
            if (thai_break && cur != 0x0E46 && cur != 0x0E2F)
                *f |= thai_break;
        } else if (pair_break(cps, i)) {
            *f |= RG_BRK_ALLOWED;
            if (is_space(prev) && separates_number(text, len, cps, offsets, i))
                *f |= RG_BRK_NUMBER;
        }
    }
    if (cps != stack_cps)
        free(cps);
    if (offsets != stack_offsets)
        free(offsets);
    return status;
}
