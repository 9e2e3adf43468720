/* libFuzzer target: rich-text normalisation (src/store/richtext.c).
 *
 * Any bytes (HTML, XML, plain text, invalid UTF-8) must convert without
 * crashing, leaking or undefined behaviour, and the conversion must be
 * idempotent as richtext.h promises: converting the canonical form gives
 * it back unchanged (what makes an export re-importable). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/richtext.h"
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
    rg_error err;
    rg_error_clear(&err);
    rg_buf once = RG_BUF_INIT, twice = RG_BUF_INIT;
    if (rg_richtext_convert((const char *)data, size, "fuzz", &once, &err) < 0) {
        /* Text nested too deep to keep whole is refused, with a message;
         * anything else (out of memory) the fuzzer's limit aborts first. */
        if (err.code != RG_ERR_INPUT || !strstr(err.message, "nested more than"))
            abort();
        rg_buf_free(&once);
        return 0;
    }
    if (!once.data || strncmp(once.data, "<rt>", 4) != 0) {
        fprintf(stderr, "not canonical: %s\n", once.data ? once.data : "(null)");
        abort();
    }
    if (rg_richtext_convert(once.data, once.len, "fuzz", &twice, &err) < 0)
        abort();
    if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0) {
        fprintf(stderr, "not idempotent:\n  once:  %s\n  twice: %s\n", once.data, twice.data);
        abort();
    }
    rg_buf_free(&once);
    rg_buf_free(&twice);
    return 0;
}
