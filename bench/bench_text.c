/* Text engine benchmark: shaping and line breaking of a 3,000-character Thai
 * paragraph with the fonts already loaded (docs/performance.md, "Text engine").
 * Usage: bench/bench_text [iterations] (RAINGAN_DATA must point at the data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/font.h"
#include "text/linebreak.h"
#include "text/paragraph.h"
#include "text/shape.h"
#include "util/buf.h"

/* A vocabulary of words from the progress reports; the paragraph is drawn
 * from it with a fixed pseudo-random sequence, so words repeat as in real
 * text but phrases do not. */
static const char *const vocabulary[] = {
    "การ", "ดำเนิน", "งาน", "โครงการ", "ของ", "ที่", "และ", "ใน", "ให้", "เป็น", "มี", "ได้",
    "ผู้", "ส่วน", "เสีย", "ภายใน", "ภายนอก", "ข้อมูล", "เก็บ", "รวบรวม", "แบบ", "วัด",
    "รับรู้", "ประเมิน", "คุณธรรม", "ความ", "โปร่งใส", "หน่วยงาน", "ภาครัฐ", "ประจำ", "ปี",
    "งบประมาณ", "สำนักงาน", "เขต", "ประชาสัมพันธ์", "บุคลากร", "ประชาชน", "ติดต่อ", "ราชการ",
    "ตอบ", "สำรวจ", "ผ่าน", "ระบบ", "ออนไลน์", "ระหว่าง", "วันที่", "ผล", "ตาม", "แผน",
    "กำหนด", "ไว้", "ทุก", "ประการ", "กรุงเทพมหานคร", "ตัวชี้วัด", "เป้าหมาย", "ร้อยละ",
    "จำนวน", "ราย", "ครั้ง", "เดือน", "ไตรมาส", "รายงาน", "ความก้าวหน้า", "เกี่ยวกับ",
    "พัฒนา", "ศูนย์", "ข่าวสาร", "ประกาศ", "คำสั่ง", "แต่งตั้ง", "คณะกรรมการ", "ติดตาม",
    "ปัญหา", "อุปสรรค", "แนวทาง", "แก้ไข", "ปรับปรุง", "บริการ", "สาธารณะ", "อบรม",
    "สัมมนา", "เจ้าหน้าที่", "ผู้อำนวยการ", "หัวหน้า", "ฝ่าย", "ปกครอง", "โยธา", "สิ่งแวดล้อม",
    "สุขภาพ", "การศึกษา", "ชุมชน", "เครือข่าย", "ความร่วมมือ", "สนับสนุน", "งบ", "เบิกจ่าย",
    "แล้วเสร็จ", "เป็นไป", "ตามแผน", "ไม่", "เนื่องจาก", "โดย", "เพื่อ", "กับ", "จาก", "ถึง"};

/* Appends pseudo-random report text of at least `chars` characters. */
static void generate(rg_buf *text, unsigned seed, size_t chars);

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);   /* CPU time: the build machine is shared */
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void generate(rg_buf *text, unsigned seed, size_t chars)
{
    size_t nwords = sizeof vocabulary / sizeof *vocabulary;
    for (int w = 1; count_chars(text->data ? text->data : "") < chars; w++) {
        seed = seed * 1103515245u + 12345u;
        rg_buf_puts(text, vocabulary[(seed >> 16) % nwords]);
        if ((seed >> 8) % 9 == 0)
            rg_buf_printf(text, " %u ", (seed >> 4) % 3000);
        else if (w % 7 == 0)
            rg_buf_putc(text, ' ');
    }
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 2000;
    rg_error err;
    rg_fontlib *lib = rg_fontlib_new(&err);
    rg_font *font = lib ? rg_fontlib_font(lib, "Laksaman", RG_STYLE_REGULAR, &err) : NULL;
    if (!font) {
        fprintf(stderr, "bench_text: %s\n", err.message);
        return 1;
    }
    rg_buf text = RG_BUF_INIT;
    generate(&text, 12345, 3000);
    enum { OTHERS = 50 };
    rg_buf others[OTHERS];
    for (int i = 0; i < OTHERS; i++) {
        rg_buf empty = RG_BUF_INIT;
        others[i] = empty;
        generate(&others[i], 777u + (unsigned)i * 7919u, 3000);
    }
    size_t chars = count_chars(text.data);
    rg_text_span span = {text.data, text.len, font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
    rg_paragraph_format fmt = {453, 0, 0, RG_ALIGN_THAI_DISTRIBUTED, 35, 0, 0};
    uint8_t *flags = malloc(text.len);
    rg_shaped_text shaped = {NULL, 0, 0};
    size_t lines = 0;

    /* warm-up: libthai's dictionary and HarfBuzz's shape plans load on first use */
    rg_paragraph para;
    if (rg_paragraph_layout(&span, 1, &fmt, &para, &err) < 0) {
        fprintf(stderr, "bench_text: %s\n", err.message);
        return 1;
    }
    lines = para.line_count;
    rg_paragraph_free(&para);

    /* cold: fonts loaded, but no word shaped or broken before */
    double cold = 1e30, cold_sum = 0;
    for (int i = 0; i < 50; i++) {
        rg_fontlib_clear_caches(lib);
        rg_linebreak_cache_clear();
        double c0 = now_us();
        rg_paragraph_layout(&span, 1, &fmt, &para, &err);
        double c1 = now_us();
        rg_paragraph_free(&para);
        cold_sum += c1 - c0;
        if (c1 - c0 < cold)
            cold = c1 - c0;
    }
    /* steady state: new paragraphs (other phrases, the same vocabulary) */
    double steady0 = now_us();
    for (int i = 0; i < OTHERS; i++) {
        rg_text_span other = {others[i].data, others[i].len, font, RG_STYLE_REGULAR, 16, 0, 0, 0, 0};
        rg_paragraph_layout(&other, 1, &fmt, &para, &err);
        rg_paragraph_free(&para);
    }
    double steady = (now_us() - steady0) / OTHERS;
    /* warm: the same paragraph again (re-layout at another width, measuring) */
    double t0 = now_us();
    for (int i = 0; i < iterations; i++) {
        rg_paragraph_layout(&span, 1, &fmt, &para, &err);
        rg_paragraph_free(&para);
    }
    double t1 = now_us();
    for (int i = 0; i < iterations; i++) {
        shaped.count = 0;
        rg_shape_append(font, text.data, text.len, 0, &shaped, &err);
    }
    double t2 = now_us();
    for (int i = 0; i < iterations; i++)
        rg_linebreak_analyze(text.data, text.len, flags, &err);
    double t3 = now_us();

    printf("paragraph: %zu characters (%zu bytes), %zu lines at 453 pt, thai-distributed\n",
           chars, text.len, lines);
    printf("layout, first time (empty caches, best/mean of 50): %6.1f / %6.1f us per paragraph\n",
           cold, cold_sum / 50);
    printf("layout, a new paragraph (caches warm from others):  %8.1f us per paragraph\n", steady);
    printf("layout, the same paragraph again (warm caches):     %8.1f us per paragraph\n",
           (t1 - t0) / iterations);
    printf("  shaping only (rg_shape_append, warm):            %8.1f us\n", (t2 - t1) / iterations);
    printf("  breaking only (libthai + rules, warm):           %8.1f us\n", (t3 - t2) / iterations);
    rg_shaped_text_free(&shaped);
    free(flags);
    rg_buf_free(&text);
    for (int i = 0; i < OTHERS; i++)
        rg_buf_free(&others[i]);
    rg_fontlib_free(lib);
    return 0;
}
