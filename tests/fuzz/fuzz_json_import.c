/* libFuzzer target: the JSON import (src/store/json_reader.c, import.c).
 *
 * Any bytes must either import or be refused with a message; never crash,
 * leak or reach undefined behaviour. When an import succeeds, the store's
 * round-trip promise is checked too: export, re-import into a fresh store,
 * export again, and the two exports must be byte-identical. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store_roundtrip.h"
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
    rg_store *store = fuzz_fresh_store();
    if (rg_store_import_memory(store, "fuzz.json", (const char *)data, size, NULL, &err) < 0) {
        /* A refusal must say why. */
        if (!err.message[0] || err.code == RG_OK)
            abort();
        rg_store_close(store);
        return 0;
    }
    fuzz_check_roundtrip(store);
    return 0;
}
