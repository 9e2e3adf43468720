/* Image dimensions for layout, read from the file header (PNG IHDR, JPEG
 * SOFn), so layout can keep an image's aspect ratio without decoding it and
 * without calling libharu. */
#include "layout/layout_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static int jpeg_size(FILE *f, int *w, int *h)
{
    unsigned char b[8];
    for (;;) {
        int c = fgetc(f);
        if (c == EOF)
            return -1;
        if (c != 0xFF)
            continue;
        do
            c = fgetc(f);
        while (c == 0xFF);
        if (c == EOF || c == 0xD9 || c == 0xDA)
            return -1;
        if (c == 0x01 || (c >= 0xD0 && c <= 0xD7))
            continue;            /* markers without a length */
        if (fread(b, 1, 2, f) != 2)
            return -1;
        unsigned len = be16(b);
        if (len < 2)
            return -1;
        int sof = c >= 0xC0 && c <= 0xCF && c != 0xC4 && c != 0xC8 && c != 0xCC;
        if (sof) {
            if (fread(b, 1, 5, f) != 5)
                return -1;
            *h = (int)be16(b + 1);
            *w = (int)be16(b + 3);
            return 0;
        }
        if (fseek(f, (long)len - 2, SEEK_CUR) != 0)
            return -1;
    }
}

int lo_image_size(const char *path, int *width, int *height, rg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open image: %s", path, strerror(errno));
    unsigned char h[24];
    size_t n = fread(h, 1, sizeof h, f);
    int rc = -1;
    *width = *height = 0;
    if (n >= 24 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8) && !memcmp(h + 12, "IHDR", 4)) {
        *width = (int)be32(h + 16);
        *height = (int)be32(h + 20);
        rc = 0;
    } else if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8) {
        rc = fseek(f, 2, SEEK_SET) == 0 ? jpeg_size(f, width, height) : -1;
    } else {
        fclose(f);
        return rg_error_set(err, RG_ERR_INPUT, "%s: not a PNG or JPEG image", path);
    }
    fclose(f);
    if (rc < 0 || *width <= 0 || *height <= 0 || *width > 1000000 || *height > 1000000)
        return rg_error_set(err, RG_ERR_INPUT, "%s: cannot read the image size", path);
    return 0;
}
