/* libFuzzer target: the PDF reader that `raingan sign` and `raingan verify`
 * use on files users supply (src/sign/pdf_file.c, pdf_object.c,
 * pdf_history.c, the signature check, the XMP and embedded-file readers of src/archive/xmp.c,
 * the signature-block lookup of sign.c).
 *
 * Any bytes must be read or refused with an error, never crash, leak or
 * read out of bounds; a report must say CHANGED only with a reason. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/xmp.h"
#include "sign/pdf_history.h"
#include "sign/sign.h"
#include "sign/signature_check.h"
#include "util/buf.h"
#include "util/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_warning_set_sink(NULL, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The reader relies on nothing after the data: copy it into a buffer of
     * exactly its size, so that ASan catches any read past its end. */
    char *pdf = malloc(size ? size : 1);
    if (!pdf)
        return 0;
    memcpy(pdf, data, size);
    rg_error err;
    rg_error_clear(&err);
    rg_buf report = RG_BUF_INIT;
    int changed = 0;
    if (rg_pdf_history_report(pdf, size, rg_signature_check, &report, &changed, &err) == 0) {
        if (changed && !strstr(report.data, "NOT VALID") && !strstr(report.data, "CHANGED")) {
            fprintf(stderr, "changed without a reason:\n%s\n", report.data);
            abort();
        }
    } else if (!err.message[0]) {
        fprintf(stderr, "history report failed without a message\n");
        abort();
    }
    rg_buf_free(&report);
    rg_error_clear(&err);
    rg_buf xmp = RG_BUF_INIT;
    (void)rg_archive_pdf_xmp(pdf, size, &xmp, &err);
    rg_buf_free(&xmp);
    rg_error_clear(&err);
    /* the embedded data of a PDF/A-3b copy (verify without --db, import COPY.pdf) */
    rg_buf embedded = RG_BUF_INIT;
    rg_archive_embedded_params params;
    if (rg_archive_pdf_embedded(pdf, size, "RG-2566-7XUF-UCUD.json", &embedded, &params, &err) < 0 &&
        !err.message[0]) {
        fprintf(stderr, "embedded file reader failed without a message\n");
        abort();
    }
    rg_buf_free(&embedded);
    rg_error_clear(&err);
    rg_sign_options opt;
    memset(&opt, 0, sizeof opt);
    opt.field_name = "writer";
    (void)rg_sign_place(pdf, size, &opt, &err);
    free(pdf);
    return 0;
}
