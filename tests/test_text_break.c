/* Line-break opportunities (src/text/linebreak.c): Thai words from libthai's
 * dictionary, numbers kept whole, punctuation rules, grapheme clusters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "text/linebreak.h"

/* The text with "|" at each allowed break, "~" at each fallback break (inside
 * a word kept whole) and "#" at each mandatory one. */
static char *marked(const char *text)
{
    size_t len = strlen(text);
    uint8_t *flags = malloc(len + 1);
    char *out = malloc(len * 2 + 1);
    rg_error err;
    size_t o = 0;
    if (rg_linebreak_analyze(text, len, flags, &err) < 0) {
        fprintf(stderr, "rg_linebreak_analyze: %s\n", err.message);
        free(flags);
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        if (flags[i] & RG_BRK_MANDATORY)
            out[o++] = '#';
        else if (flags[i] & RG_BRK_ALLOWED)
            out[o++] = '|';
        else if (flags[i] & RG_BRK_FALLBACK)
            out[o++] = '~';
        out[o++] = text[i];
    }
    out[o] = '\0';
    free(flags);
    return out;
}

/* The text with "|" at each allowed break, "+" where that break is inside a
 * compound (RG_BRK_COMPOUND) and "^" where it separates a number from its
 * word (RG_BRK_NUMBER): the breaks paragraph-wide breaking avoids. */
static char *soft_marked(const char *text)
{
    size_t len = strlen(text);
    uint8_t *flags = malloc(len + 1);
    char *out = malloc(len * 2 + 1);
    rg_error err;
    size_t o = 0;
    if (!flags || !out || rg_linebreak_analyze(text, len, flags, &err) < 0) {
        free(flags);
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        if (flags[i] & RG_BRK_COMPOUND)
            out[o++] = '+';
        else if (flags[i] & RG_BRK_NUMBER)
            out[o++] = '^';
        else if (flags[i] & RG_BRK_ALLOWED)
            out[o++] = '|';
        out[o++] = text[i];
    }
    out[o] = '\0';
    free(flags);
    return out;
}

#define CHECK_SOFT(text, expected) do { char *m_ = soft_marked(text); CHECK_STR(m_, expected); free(m_); } while (0)
#define CHECK_BREAKS(text, expected) do { char *m_ = marked(text); CHECK_STR(m_, expected); free(m_); } while (0)

/* Breaks prefetched on another thread (rg_linebreak_prefetch) are the same
 * as breaks computed on the spot, while that thread races the analysis and
 * with runs longer than the cache of recent runs holds (120 characters). */
static void check_prefetch(void)
{
    static const char *const texts[] = {
        "ดำเนินการเก็บรวบรวมข้อมูลแบบวัดการรับรู้ของผู้มีส่วนร่วมภายใน",
        "สำนักงานเขตปทุมวันกรุงเทพมหานคร ปี พ.ศ. 2563 โทร. 0 2280 7416",
        "ศูนย์ข้อมูลข่าวสารอิเล็กทรอนิกส์ของหน่วยงานที่ผ่านเกณฑ์การประเมินตามแผนปฏิบัติราชการประจำปีงบประมาณของกรุงเทพมหานครและสำนักงานเขตทุกแห่งในพื้นที่รับผิดชอบ",
        "ผู้อำนวยการ/หัวหน้า (ทดสอบ) “คำ” ร้อยละ 50 %",
    };
    enum { N = sizeof texts / sizeof texts[0] };
    size_t lens[N];
    char *expected[N];
    for (size_t i = 0; i < N; i++) {
        lens[i] = strlen(texts[i]);
        expected[i] = marked(texts[i]);
    }
    CHECK(lens[2] / 3 > 120);
    /* Answered by the other thread first, then used: the same breaks. */
    rg_linebreak_cache_clear();
    CHECK_INT((int)rg_linebreak_prefetched_runs(), 0);
    rg_linebreak_prefetch(texts, lens, N);
    for (int waited = 0; waited < 2000 && rg_linebreak_prefetched_runs() < 6; waited++)
        usleep(1000);
    CHECK(rg_linebreak_prefetched_runs() >= 6);   /* the Thai runs of the four texts */
    for (size_t i = 0; i < N; i++) {
        char *got = marked(texts[i]);
        CHECK(got && expected[i] && strcmp(got, expected[i]) == 0);
        free(got);
    }
    /* Racing the analysis, in and against the thread's order. */
    for (int round = 0; round < 20; round++) {
        rg_linebreak_cache_clear();
        rg_linebreak_prefetch(texts, lens, N);
        for (size_t k = 0; k < N; k++) {
            size_t i = round % 2 ? N - 1 - k : k;   /* with and against its order */
            char *got = marked(texts[i]);
            CHECK(got && expected[i] && strcmp(got, expected[i]) == 0);
            free(got);
        }
    }
    for (size_t i = 0; i < N; i++)
        free(expected[i]);
}

int main(void)
{
    /* libthai dictionary boundaries (docs: shared notes, point 7) */
    CHECK_BREAKS("ดำเนินการเก็บรวบรวมข้อมูลแบบวัดการรับรู้ของผู้มีส่วนร่วมภายใน",
                 "ดำเนิน|การ|เก็บ|รวบรวม|ข้อมูล|แบบ|วัด|การ|รับรู้|ของ|ผู้~มี|ส่วนร่วม|ภายใน");
    /* Words kept whole (templates/thai-words.txt): libthai alone gives
     * กรุงเทพ|มหา|นคร, ปทุม|วัน, ผู้|มี|ส่วน|ได้|ส่วน|เสีย. Inside a listed name,
     * or after the prefix ผู้, its boundaries become fallbacks (~), used only
     * when the whole word is wider than the line. */
    CHECK_BREAKS("สำนักงานเขตปทุมวันกรุงเทพมหานคร", "สำนักงาน|เขต|ปทุม~วัน|กรุงเทพ~มหา~นคร");
    CHECK_BREAKS("ของผู้มีส่วนได้ส่วนเสียภายใน", "ของ|ผู้~มี~ส่วน~ได้~ส่วน~เสีย|ภายใน");
    CHECK_BREAKS("ผู้รับผิดชอบโครงการ", "ผู้~รับผิดชอบ|โครงการ");
    CHECK_BREAKS("นายกรัฐมนตรีและพระราชบัญญัติ", "นายก~รัฐมนตรี|และ|พระ~ราช~บัญญัติ");
    /* At the very start and end of a run, and names inside longer names. */
    CHECK_BREAKS("หาดใหญ่", "หาด~ใหญ่");
    CHECK_BREAKS("ปลัดกรุงเทพมหานคร", "ปลัด~กรุงเทพ~มหา~นคร");
    /* Compounds (templates/thai-compounds.txt) and the prefix ความ: allowed
     * breaks the paragraph avoids; การ as a prefix is not one. */
    CHECK_SOFT("ดำเนินการจัดเก็บและประสานงานแล้วได้นำเสนอความโปร่งใส",
               "ดำเนิน+การ|จัด+เก็บ|และ|ประสาน+งาน|แล้ว|ได้|นำ+เสนอ|ความ+โปร่งใส");
    CHECK_SOFT("ผลการดำเนินการ", "ผล|การ|ดำเนิน+การ");
    /* Numbers and the word before them, a day and its month. */
    CHECK_SOFT("มาตรา ๙ ข้อ ๓ ระยะที่ ๒", "มาตรา ^๙ |ข้อ ^๓ |ระยะ+ที่ ^๒");
    CHECK_SOFT("วันที่ 16 ธันวาคม 2562 และ 5 ก.ย. 63", "วัน+ที่ ^16 ^ธันวาคม ^2562 |และ ^5 ^ก.ย. |63");
    CHECK_SOFT("จำนวน 22 เกณฑ์", "จำนวน ^22 |เกณฑ์");
    /* spaces: break after, never before; no break inside Latin words */
    CHECK_BREAKS("hello  world", "hello  |world");
    /* numbers stay whole: thousands, decimals, dates, ranges, phone numbers */
    CHECK_BREAKS("1,234.00 บาท", "1,234.00 |บาท");
    CHECK_BREAKS("วันที่ 2/12/2562", "วัน|ที่ |2/12/2562");
    CHECK_BREAKS("โทร. 0 2280 7416", "โทร. |0 2280 7416");
    CHECK_BREAKS("ข้อ 10-12", "ข้อ |10-12");
    /* an era abbreviation stays with its year; other words before numbers do not */
    CHECK_BREAKS("ปี พ.ศ. 2563 และ ค.ศ. 2020", "ปี |พ.ศ. 2563 |และ |ค.ศ. 2020");
    CHECK_BREAKS("พ.ศ. ๒๕๖๓", "พ.ศ. ๒๕๖๓");
    CHECK_BREAKS("จำนวน 22 เกณฑ์", "จำนวน |22 |เกณฑ์");
    CHECK_BREAKS("๑,๒๓๔ คน", "๑,๒๓๔ |คน");
    /* no break before closing or after opening punctuation, even with spaces */
    CHECK_BREAKS("(ทดสอบ) “คำ” ร้อยละ 50 %", "(ทดสอบ) |“คำ” |ร้อยละ |50 %");
    /* hyphen after a letter, dashes, slash between words */
    CHECK_BREAKS("well-known a–b c—d", "well-|known |a–|b |c|—|d");
    CHECK_BREAKS("ผู้อำนวยการ/หัวหน้า", "ผู้~อำนวย~การ/|หัวหน้า");
    /* Thai repetition mark never starts a line */
    CHECK_BREAKS("ต่าง ๆ กัน", "ต่าง ๆ |กัน");
    /* newlines are mandatory breaks */
    CHECK_BREAKS("ก\nข\r\nค", "ก\n#ข\r\n#ค");
    /* NBSP glues */
    CHECK_BREAKS("นาย\xC2\xA0สมชาย ใจดี", "นาย\xC2\xA0สม|ชาย |ใจ|ดี");

    /* grapheme clusters: a base with all its marks, sara am included */
    const char *text = "น้ำปู่";
    size_t len = strlen(text);
    uint8_t flags[64];
    rg_error err;
    CHECK_INT(rg_linebreak_analyze(text, len, flags, &err), 0);
    int clusters = 0;
    for (size_t i = 0; i < len; i++)
        clusters += (flags[i] & RG_BRK_CLUSTER) != 0;
    CHECK_INT(clusters, 2);                        /* น้ำ | ปู่ */
    CHECK(flags[0] & RG_BRK_CLUSTER);
    CHECK(flags[9] & RG_BRK_CLUSTER);              /* ป after 3 characters of 3 bytes */
    CHECK(!(flags[3] & RG_BRK_CLUSTER) && !(flags[6] & RG_BRK_CLUSTER));

    check_prefetch();
    return CHECK_DONE();
}
