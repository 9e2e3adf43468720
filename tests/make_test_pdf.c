/* Test helper for the signing tests: writes a small PDF with libharu, the
 * library raingan's PDF module uses, so the signer is exercised on the same
 * file structure (classic xref table, compressed content) as raingan's forms.
 * Usage: make_test_pdf OUT.pdf [PAGES] */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>

static void on_error(HPDF_STATUS status, HPDF_STATUS detail, void *user)
{
    (void)user;
    fprintf(stderr, "make_test_pdf: libharu error 0x%04X (detail %u)\n", (unsigned)status,
            (unsigned)detail);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: make_test_pdf OUT.pdf [PAGES]\n");
        return 2;
    }
    int pages = argc > 2 ? atoi(argv[2]) : 2;
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    if (!pdf)
        return 1;
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "Signing test form");
    HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", NULL);
    for (int i = 0; i < pages; i++) {
        HPDF_Page page = HPDF_AddPage(pdf);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        HPDF_Page_BeginText(page);
        HPDF_Page_SetFontAndSize(page, font, 14);
        HPDF_Page_TextOut(page, 72, 770, "Project progress report (signing test)");
        char line[64];
        snprintf(line, sizeof line, "Page %d of %d", i + 1, pages);
        HPDF_Page_TextOut(page, 72, 740, line);
        HPDF_Page_EndText(page);
        HPDF_Page_Rectangle(page, 320, 60, 220, 70);
        HPDF_Page_Stroke(page);
    }
    HPDF_STATUS st = HPDF_SaveToFile(pdf, argv[1]);
    HPDF_Free(pdf);
    return st == HPDF_OK ? 0 : 1;
}
