/* What the import fuzz targets (fuzz_json_import.c, fuzz_csv_import.c)
 * check after an input imported: the store's round-trip promise. Export,
 * re-import into a fresh store, export again: the two exports must be
 * byte-identical. Any failure aborts (libFuzzer then keeps the input).
 * Header-only: each target is one translation unit linked alone. */
#ifndef RG_FUZZ_STORE_ROUNDTRIP_H
#define RG_FUZZ_STORE_ROUNDTRIP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/error.h"

/* An empty in-memory store; aborts if none can be opened. */
static rg_store *fuzz_fresh_store(void)
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

/* The whole store as its import document; the caller frees it. */
static char *fuzz_export_all(rg_store *store, size_t *len)
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

/* Checks the round trip from `store` (which it closes). */
static void fuzz_check_roundtrip(rg_store *store)
{
    size_t len1, len2;
    char *first = fuzz_export_all(store, &len1);
    rg_store_close(store);

    rg_error err;
    rg_error_clear(&err);
    store = fuzz_fresh_store();
    if (rg_store_import_memory(store, "export.json", first, len1, NULL, &err) < 0) {
        fprintf(stderr, "re-importing the export failed: %s\n", err.message);
        abort();
    }
    char *second = fuzz_export_all(store, &len2);
    rg_store_close(store);
    if (len1 != len2 || memcmp(first, second, len1) != 0) {
        fprintf(stderr, "export of the re-imported export differs:\n--- first\n%s\n--- second\n%s\n",
                first, second);
        abort();
    }
    free(first);
    free(second);
}

#endif
