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

static char *export_all(rg_store *store, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    if (!out)
        abort();
    rg_error err;
    rg_error_clear(&err);
    int rc = rg_store_export(store, NULL, out, &err);
    fclose(out);
    if (rc < 0) {
        fprintf(stderr, "export after a successful import failed: %s\n", err.message);
        abort();
    }
    return text;
}

static rg_store *fresh_store(void)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = rg_store_open_memory(&err);
    if (!store) {
        fprintf(stderr, "cannot open a memory store: %s\n", err.message);
        abort();
    }
    return store;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *store = fresh_store();
    if (rg_store_import_memory(store, "fuzz.json", (const char *)data, size, NULL, &err) < 0) {
        /* A refusal must say why. */
        if (!err.message[0] || err.code == RG_OK)
            abort();
        rg_store_close(store);
        return 0;
    }
    size_t len1, len2;
    char *first = export_all(store, &len1);
    rg_store_close(store);

    store = fresh_store();
    if (rg_store_import_memory(store, "export.json", first, len1, NULL, &err) < 0) {
        fprintf(stderr, "re-importing the export failed: %s\n", err.message);
        abort();
    }
    char *second = export_all(store, &len2);
    rg_store_close(store);
    if (len1 != len2 || memcmp(first, second, len1) != 0) {
        fprintf(stderr, "export of the re-imported export differs:\n--- first\n%s\n--- second\n%s\n",
                first, second);
        abort();
    }
    free(first);
    free(second);
    return 0;
}
