/* Render-test helper: builds a multi-section document like the seeds (a
 * portrait progress report with fields, a 30-row table with a header row and
 * a row longer than a page, a certification kept with a chain of five
 * signature blocks; then a landscape Gantt activity table), lays it out,
 * writes OUT.pdf, and prints the layout time. tests/layout_render.sh reads
 * the PDF back with poppler-utils.
 * Usage: test_layout_render OUT.pdf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/pdf_writer.h"
#include "test_layout_util.h"
#include "text/font.h"

static rg_text_props P, B, S;   /* body 16, bold 16, small 14 */

static rg_block *heading(const char *text)
{
    rg_block *b = tpara(&B, text);
    b->box.keep_with_next = 1;
    b->box.space_before = 6;
    return b;
}

static rg_block *field(const char *label, const char *value)
{
    rg_block *f = rg_block_new(RG_BLOCK_FIELD, &P);
    rg_inlines_push_text(&f->field.label, label, strlen(label), 0, 0);
    f->field.separator = strdup(" : ");
    f->field.label_width = 150;
    f->box.indent_left = 20;
    tpush(&f->field.value, tpara(&P, value));
    return f;
}

static rg_cell *cell(rg_row *row, const rg_text_props *p, const char *text, rg_align align)
{
    rg_cell *c = rg_row_add_cell(row);
    if (text) {
        rg_block *b = tpara(p, text);
        b->box.align = align;
        tpush(&c->content, b);
    }
    return c;
}

static rg_block *signature(const char *role, const char *name, const char *pos1,
                           const char *pos2, const char *field_name)
{
    rg_block *s = rg_block_new(RG_BLOCK_SIGNATURE, &P);
    s->box.align = RG_ALIGN_RIGHT;
    s->box.space_before = 14;
    s->signature.sign_label = strdup("ลงชื่อ");
    s->signature.role = strdup(role);
    s->signature.name = name ? strdup(name) : NULL;
    s->signature.line_width = 130;
    s->signature.width = 280;
    s->signature.field_name = strdup(field_name);
    if (pos1)
        rg_signature_add_position(&s->signature, pos1);
    if (pos2)
        rg_signature_add_position(&s->signature, pos2);
    return s;
}

/* A small PNG (stored, uncompressed deflate): w x h pixels, stripes. */
static unsigned long crc32_of(const unsigned char *p, size_t n)
{
    unsigned long c = 0xFFFFFFFFUL;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320UL ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFUL;
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void chunk(FILE *f, const char *type, const unsigned char *data, size_t n)
{
    unsigned char *buf = malloc(n + 4), len[4], crc[4];
    memcpy(buf, type, 4);
    if (n)
        memcpy(buf + 4, data, n);
    put32(len, n);
    put32(crc, crc32_of(buf, n + 4));
    fwrite(len, 1, 4, f);
    fwrite(buf, 1, n + 4, f);
    fwrite(crc, 1, 4, f);
    free(buf);
}

static int write_png(const char *path, unsigned w, unsigned h)
{
    size_t row = 1 + 3 * (size_t)w, raw_len = row * h;
    unsigned char *raw = calloc(raw_len, 1);
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            unsigned char *px = raw + y * row + 1 + 3 * x;
            int band = (x / 10) % 2;
            px[0] = band ? 0x1f : 0xc0;
            px[1] = band ? 0x4e : 0x20;
            px[2] = band ? 0x9a : 0x30;
        }
    /* zlib stream of stored blocks */
    size_t blocks = (raw_len + 65534) / 65535, z_len = 2 + raw_len + 5 * blocks + 4;
    unsigned char *z = malloc(z_len), *o = z;
    *o++ = 0x78;
    *o++ = 0x01;
    for (size_t off = 0; off < raw_len; off += 65535) {
        size_t n = raw_len - off < 65535 ? raw_len - off : 65535;
        *o++ = off + n == raw_len;
        *o++ = (unsigned char)n;
        *o++ = (unsigned char)(n >> 8);
        *o++ = (unsigned char)~n;
        *o++ = (unsigned char)(~n >> 8);
        memcpy(o, raw + off, n);
        o += n;
    }
    unsigned long a = 1, b = 0;
    for (size_t i = 0; i < raw_len; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    put32(o, b << 16 | a);
    unsigned char ihdr[13] = {0};
    put32(ihdr, w);
    put32(ihdr + 4, h);
    ihdr[8] = 8;
    ihdr[9] = 2;
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite("\x89PNG\r\n\x1a\n", 1, 8, f);
    chunk(f, "IHDR", ihdr, 13);
    chunk(f, "IDAT", z, z_len);
    chunk(f, "IEND", NULL, 0);
    free(raw);
    free(z);
    return fclose(f);
}

static const char *logo_path;

static void report_section(rg_document *doc)
{
    rg_section *s = rg_document_add_section(doc);
    rg_block *h = tpara(&B, "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ");
    h->box.align = RG_ALIGN_CENTER;
    tpush(&s->header, h);
    rg_text_props fp = S;
    fp.thai_digits = 1;
    rg_block *f = rg_block_new(RG_BLOCK_PARAGRAPH, &fp);
    f->box.align = RG_ALIGN_RIGHT;
    rg_inlines_push_text(&f->inlines, "หน้า ", strlen("หน้า "), 0, 0);
    rg_inlines_push(&f->inlines, RG_INLINE_PAGE_NUMBER, 0);
    rg_inlines_push_text(&f->inlines, " จาก ", strlen(" จาก "), 0, 0);
    rg_inlines_push(&f->inlines, RG_INLINE_PAGE_COUNT, 0);
    tpush(&s->footer, f);

    rg_block *logo = rg_block_new(RG_BLOCK_IMAGE, &P);
    logo->image.path = strdup(logo_path);
    logo->image.width = 120;   /* 80 x 20 px: drawn 120 x 30 pt */
    logo->box.align = RG_ALIGN_CENTER;
    tpush(&s->body, logo);
    tpush(&s->body, heading("1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ"));
    tpush(&s->body, field("ชื่อโครงการ/กิจกรรม",
                          "7. กิจกรรมส่งเสริมศูนย์ข้อมูลข่าวสารของราชการให้เป็นศูนย์ฯ โดดเด่น (ผ.อ.)"));
    tpush(&s->body, field("รหัสโครงการ", "04010000-3614"));
    tpush(&s->body, field("หน่วยงานที่รับผิดชอบ",
                          "สำนักปลัดกรุงเทพมหานคร / สำนักงานเลขาธิการกรุงเทพมหานคร / "
                          "สำนักงานเลขานุการปลัดกรุงเทพมหานคร"));
    tpush(&s->body, heading("2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ"));

    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &S);
    t->table.column_count = 3;
    t->table.column_widths = calloc(3, sizeof(float));
    t->table.column_widths[0] = 45;
    t->table.column_widths[1] = -1;
    t->table.column_widths[2] = 90;
    t->table.border_width = 0.5f;
    t->table.cell_padding = 4;
    rg_row *hr = rg_table_add_row(&t->table);
    hr->header = 1;
    rg_text_props hb = S;
    hb.bold = 1;
    rg_color grey = {0.88f, 0.88f, 0.88f};
    const char *heads[3] = {"ครั้งที่", "รายละเอียดการดำเนินงาน", "ผลการดำเนินงาน"};
    for (int i = 0; i < 3; i++) {
        rg_cell *c = cell(hr, &hb, heads[i], RG_ALIGN_CENTER);
        c->fill = 1;
        c->fill_color = grey;
        c->valign = RG_VALIGN_MIDDLE;
    }
    for (int i = 1; i <= 30; i++) {
        rg_row *r = rg_table_add_row(&t->table);
        char num[16], text[64];
        snprintf(num, sizeof num, "%d", i);
        cell(r, &S, num, RG_ALIGN_CENTER);
        rg_cell *c = rg_row_add_cell(r);
        snprintf(text, sizeof text, "แถว%02d วันที่ %d/12/2562", i, i % 28 + 1);
        tpush(&c->content, tpara(&hb, text));
        int words = i == 17 ? 110 : 1 + (i * 3) % 7;
        char *body = twords("อยู่ระหว่างขั้นตอนการจัดเก็บและรวบรวมข้อมูล", words);
        tpush(&c->content, tpara(&S, body));
        free(body);
        cell(r, &S, "เป็นไปตามแผน", RG_ALIGN_CENTER);
    }
    tpush(&s->body, t);

    rg_block *cert = tpara(&P, "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง "
                               "เพื่อเป็นหลักฐานไว้ตรวจสอบ");
    cert->box.first_indent = 40;
    cert->box.space_before = 12;
    cert->box.keep_with_next = 1;
    tpush(&s->body, cert);
    rg_block *chain = rg_block_new(RG_BLOCK_GROUP, &P);
    chain->box.keep_together = 1;
    tpush(&chain->children, signature("ผู้เขียนแผนฯ", "นางสาวจันทร์จิรา มั่นสปียะเลิศ",
                                      "นักประชาสัมพันธ์ปฏิบัติการ", NULL, "writer"));
    tpush(&chain->children, signature("ผู้เสนอแผนฯ", "นางปาริฉัตร เกษตรสมบูรณ์",
                                      "หัวหน้าฝ่ายบริการและเผยแพร่วิชาการ", NULL, "proposer"));
    tpush(&chain->children, signature("ผู้พิจารณาแผนฯ", "นางสาวทิพย์วิมล พลรักษ์",
                                      "ผู้อำนวยการกองวิชาการและแผนงาน", NULL, "reviewer"));
    tpush(&chain->children, signature("ผู้เห็นชอบแผนฯ", "นายวินัย ปิ่นทอง",
                                      "รองปลัดเทศบาลนครหาดใหญ่", NULL, "endorser"));
    tpush(&chain->children, signature("ผู้อนุมัติแผนฯ", NULL, "ปลัดเทศบาลนครหาดใหญ่ ปฏิบัติหน้าที่",
                                      "นายกเทศมนตรีนครหาดใหญ่", "approver"));
    tpush(&s->body, chain);
}

static void gantt_section(rg_document *doc)
{
    rg_section *s = rg_document_add_section(doc);
    s->page_width = 841.89f;
    s->page_height = 595.28f;
    s->margin_left = s->margin_right = 42.52f;
    s->margin_top = 56.69f;
    s->margin_bottom = 42.52f;
    rg_text_props sm = S;
    sm.thai_digits = 1;
    rg_block *f = rg_block_new(RG_BLOCK_PARAGRAPH, &sm);
    f->box.align = RG_ALIGN_CENTER;
    rg_inlines_push(&f->inlines, RG_INLINE_PAGE_NUMBER, 0);
    tpush(&s->footer, f);
    tpush(&s->body, heading("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๓"));

    static const char *months[12] = {"ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.",
                                     "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."};
    rg_block *t = rg_block_new(RG_BLOCK_TABLE, &sm);
    t->table.column_count = 16;
    t->table.column_widths = calloc(16, sizeof(float));
    t->table.column_widths[0] = 28;
    t->table.column_widths[1] = -6;
    t->table.column_widths[2] = -6;
    for (int i = 3; i < 15; i++)
        t->table.column_widths[i] = 33;
    t->table.column_widths[15] = -2;
    t->table.border_width = 0.5f;
    t->table.cell_padding = 3;
    rg_text_props hb = sm;
    hb.bold = 1;
    rg_row *h1 = rg_table_add_row(&t->table), *h2 = rg_table_add_row(&t->table),
           *h3 = rg_table_add_row(&t->table);
    h1->header = h2->header = h3->header = 1;
    const char *left[3] = {"ที่", "กิจกรรมดำเนินการ ตามเกณฑ์มาตรฐานการตรวจประเมิน", "รายละเอียด / เป้าหมาย"};
    for (int i = 0; i < 3; i++) {
        rg_cell *c = cell(h1, &hb, left[i], RG_ALIGN_CENTER);
        c->rowspan = 3;
        c->valign = RG_VALIGN_MIDDLE;
    }
    rg_cell *year = cell(h1, &hb, "ปีงบประมาณ พ.ศ. ๒๕๖๓", RG_ALIGN_CENTER);
    year->colspan = 12;
    rg_cell *rem = cell(h1, &hb, "หมาย เหตุ", RG_ALIGN_CENTER);
    rem->rowspan = 3;
    rem->valign = RG_VALIGN_MIDDLE;
    rg_cell *y1 = cell(h2, &hb, "พ.ศ. ๒๕๖๒", RG_ALIGN_CENTER);
    y1->colspan = 3;
    rg_cell *y2 = cell(h2, &hb, "พ.ศ. ๒๕๖๓", RG_ALIGN_CENTER);
    y2->colspan = 9;
    rg_text_props mp = hb;
    mp.size = 12;
    for (int m = 0; m < 12; m++)
        cell(h3, &mp, months[m], RG_ALIGN_CENTER);
    for (int a = 1; a <= 10; a++) {
        int details = 1 + a % 3;
        for (int d = 0; d < details; d++) {
            rg_row *r = rg_table_add_row(&t->table);
            r->keep_with_next = d + 1 < details;
            char num[16], act[512], det[512];
            snprintf(num, sizeof num, "%d.", a);
            snprintf(act, sizeof act, "กิจกรรม%02d ปรับปรุงข้อมูลข่าวสารตามพระราชบัญญัติข้อมูลข่าวสารของราชการ", a);
            snprintf(det, sizeof det, "รายละเอียด%02d-%d จัดทำแบบสำรวจความพึงพอใจต่อการให้บริการ", a, d + 1);
            cell(r, &sm, d ? NULL : num, RG_ALIGN_CENTER);
            cell(r, &sm, d ? NULL : act, RG_ALIGN_LEFT);
            cell(r, &sm, det, RG_ALIGN_LEFT);
            for (int m = 0; m < 12; m++) {
                rg_cell *c = cell(r, &sm, NULL, RG_ALIGN_LEFT);
                c->bar = m >= (a + d) % 6 && m < (a + d) % 6 + 3 + a % 4;
                c->bar_color = (rg_color){0.2f, 0.2f, 0.2f};
            }
            cell(r, &sm, NULL, RG_ALIGN_LEFT);
        }
    }
    tpush(&s->body, t);
    rg_block *note = tpara(&sm, "หมายเหตุ : แผนสามารถเปลี่ยนแปลงได้ตามความเหมาะสม");
    note->box.space_before = 6;
    tpush(&s->body, note);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    (void)check_failures;   /* the checks are in layout_render.sh */
    if (argc < 2) {
        fprintf(stderr, "usage: test_layout_render OUT.pdf\n");
        return 2;
    }
    rg_error err;
    rg_error_clear(&err);
    rg_fontlib *fonts = rg_fontlib_new(&err);
    if (!fonts) {
        fprintf(stderr, "fonts: %s\n", err.message);
        return 1;
    }
    P = tprops(16);
    B = P;
    B.bold = 1;
    S = tprops(14);
    char png[4096];
    snprintf(png, sizeof png, "%s.logo.png", argv[1]);
    if (write_png(png, 80, 20) < 0)
        return 1;
    logo_path = png;
    rg_document *doc = rg_document_new();
    doc->info.title = strdup("layout render test");
    doc->info.date = strdup("2026-01-01T00:00:00Z");
    report_section(doc);
    gantt_section(doc);

    rg_display d;
    if (tlayout(doc, fonts, &d) < 0)
        return 1;
    double best = 1e9;
    for (int i = 0; i < 10; i++) {   /* fonts warm: the time of one layout */
        rg_display again;
        double t0 = now_ms();
        if (tlayout(doc, fonts, &again) < 0)
            return 1;
        double t = now_ms() - t0;
        best = t < best ? t : best;
        rg_display_free(&again);
    }
    fprintf(stderr, "layout: %zu pages in %.2f ms\n", d.page_count, best);
    int rc = rg_pdf_save(&d, argv[1], NULL, &err);
    if (rc < 0)
        fprintf(stderr, "pdf: %s\n", err.message);
    rg_display_free(&d);
    rg_document_free(doc);
    rg_fontlib_free(fonts);
    remove(png);
    return rc < 0 ? 1 : 0;
}
