/* Test helper: a copy of a TrueType font under another name, to test what
 * the PDF writer makes of names (fonts.sh: /BaseFont with a long PostScript
 * name). Every table is kept but 'name', which gets the family, "Regular",
 * the full name and the PostScript name (Windows, Unicode BMP, en-US).
 * Usage: make_font_named IN.ttf OUT.ttf FAMILY POSTSCRIPT-NAME */
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: make_font_named IN.ttf OUT.ttf FAMILY POSTSCRIPT-NAME\n");
        return 2;
    }
    const char *strings[] = {argv[3], "Regular", argv[3], argv[4]};
    const unsigned ids[] = {1, 2, 4, 6};
    size_t total = 0;
    for (int i = 0; i < 4; i++)
        total += 2 * strlen(strings[i]);
    size_t header = 6 + 12 * 4;
    unsigned char *name = calloc(1, header + total);
    if (!name)
        return 1;
    put16(name + 2, 4);
    put16(name + 4, (unsigned)header);
    size_t at = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char *r = name + 6 + 12 * i;
        size_t len = strlen(strings[i]);
        put16(r, 3);
        put16(r + 2, 1);
        put16(r + 4, 0x409);
        put16(r + 6, ids[i]);
        put16(r + 8, (unsigned)(2 * len));
        put16(r + 10, (unsigned)at);
        for (size_t k = 0; k < len; k++)   /* ASCII as UTF-16BE */
            put16(name + header + at + 2 * k, (unsigned char)strings[i][k]);
        at += 2 * len;
    }
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(argv[1]);
    if (!blob) {
        fprintf(stderr, "make_font_named: cannot read %s\n", argv[1]);
        return 1;
    }
    hb_face_t *in = hb_face_create(blob, 0);
    hb_face_t *out = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned count = 64;
    hb_face_get_table_tags(in, 0, &count, tags);
    for (unsigned i = 0; i < count; i++) {
        hb_blob_t *table = tags[i] == HB_TAG('n', 'a', 'm', 'e')
                               ? hb_blob_create((const char *)name, (unsigned)(header + total),
                                                HB_MEMORY_MODE_READONLY, NULL, NULL)
                               : hb_face_reference_table(in, tags[i]);
        hb_face_builder_add_table(out, tags[i], table);
        hb_blob_destroy(table);
    }
    hb_blob_t *bytes = hb_face_reference_blob(out);
    unsigned len = 0;
    const char *data = hb_blob_get_data(bytes, &len);
    FILE *f = fopen(argv[2], "wb");
    int ok = f && len && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    hb_blob_destroy(bytes);
    hb_face_destroy(out);
    hb_face_destroy(in);
    hb_blob_destroy(blob);
    free(name);
    if (!ok) {
        fprintf(stderr, "make_font_named: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
