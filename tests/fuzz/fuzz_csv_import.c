/* libFuzzer target: the CSV import (src/source: csv_table.c with libcsv,
 * source_map.c, table_records.c; then the store's import typing the cells).
 *
 * The input's first byte chooses the run, the rest is one CSV file given
 * with a fixed mapping (examples/excel.map's three tables, with
 * "two_digit_years": "BE" and "excel_serial_dates": "1900" on the tables
 * holding dates, so those readings are reached too):
 *   bits 0-1  which file the bytes are: 0 and 3 excel-projects.csv,
 *             1 excel-progress.csv, 2 excel-organizations.csv; the other
 *             two files are the examples'
 *   bit 2     a patch (`import --patch`): the store first holds the
 *             examples' records, and the bytes alone patch them
 *   bit 3     --lenient
 * Any input must import or be refused with a message; never crash, leak or
 * reach undefined behaviour. After a successful import, export, re-import
 * the export into a fresh store and export again: the two exports must be
 * byte-identical (what the CSV stored reads back as itself).
 * FUZZ_CSV_VERBOSE=1 prints each input's outcome (to see what a seed reaches). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/csv_source.h"
#include "source/source_map.h"
#include "store/store.h"
#include "store_roundtrip.h"
#include "util/error.h"

#ifndef FUZZ_TOP_SRCDIR
#define FUZZ_TOP_SRCDIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const file_names[3] = {
    "excel-projects.csv", "excel-progress.csv", "excel-organizations.csv",
};

static const char map_text[] =
    "{\"raingan_map\": 1, \"tables\": [\n"
    " {\"kind\": \"organization\", \"file\": \"excel-organizations.csv\",\n"
    "  \"fields\": {\"key\": \"รหัสหน่วยงาน\", \"name\": \"ชื่อหน่วยงาน\", \"parent\": \"สังกัด\"}},\n"
    " {\"kind\": \"project\", \"file\": \"excel-projects.csv\", \"two_digit_years\": \"BE\",\n"
    "  \"excel_serial_dates\": \"1900\",\n"
    "  \"fields\": {\"key\": \"รหัสโครงการ\", \"code\": \"รหัสโครงการ\", \"name\": \"ชื่อโครงการ\",\n"
    "   \"fiscal_year\": \"ปีงบประมาณ\", \"start_date\": \"วันเริ่มต้น\", \"end_date\": \"วันสิ้นสุด\",\n"
    "   \"budget_received\": \"งบประมาณที่ได้รับ\", \"budget_spent\": \"เบิกจ่ายแล้ว\",\n"
    "   \"organization\": \"หน่วยงาน\", \"rationale\": \"หลักการและเหตุผล\",\n"
    "   \"strategy.issue\": \"ประเด็นยุทธศาสตร์\"},\n"
    "  \"ignore\": [\"ลำดับ\"]},\n"
    " {\"kind\": \"project\", \"list\": \"entries\", \"file\": \"excel-progress.csv\",\n"
    "  \"parent\": \"รหัสโครงการ\", \"two_digit_years\": \"BE\", \"excel_serial_dates\": \"1900\",\n"
    "  \"fields\": {\"number\": \"ครั้งที่\", \"date\": \"วันที่รายงาน\", \"body\": \"ผลการดำเนินงาน\",\n"
    "   \"progress_percent\": \"ความก้าวหน้า\", \"budget_used\": \"เบิกจ่ายในรอบนี้\",\n"
    "   \"on_plan\": \"เป็นไปตามแผน\"}}\n"
    "]}\n";

static char dir[512];           /* the fuzzed file and the mapping */
static char map_path[600];
static char fuzzed_path[3][600];
static char example_path[3][600];
static rg_source_map *map;

static void remove_files(void)
{
    for (int i = 0; i < 3; i++)
        unlink(fuzzed_path[i]);
    unlink(map_path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_warning_set_sink(NULL, NULL);
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/raingan-fuzz-csv.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(map_path, sizeof map_path, "%s/excel.map", dir);
    FILE *f = fopen(map_path, "w");
    if (!f || fputs(map_text, f) < 0 || fclose(f) != 0)
        abort();
    for (int i = 0; i < 3; i++) {
        snprintf(fuzzed_path[i], sizeof fuzzed_path[i], "%s/%s", dir, file_names[i]);
        snprintf(example_path[i], sizeof example_path[i], "%s/examples/%s", FUZZ_TOP_SRCDIR,
                 file_names[i]);
    }
    atexit(remove_files);
    rg_error err;
    rg_error_clear(&err);
    if (!(map = rg_source_map_load(map_path, &err))) {
        fprintf(stderr, "the fixed mapping is refused: %s\n", err.message);
        abort();
    }
    return 0;
}

/* Imports `files` through the mapping into `store`: 0, or -1 with err set. */
static int import_csv(rg_store *store, const char *const *files, size_t count, int lenient,
                      rg_error *err)
{
    rg_table_records *tables = rg_csv_source_open(map, files, count, lenient, err);
    if (!tables)
        return -1;
    rg_import_source source = {files[0], NULL, 0, rg_table_records_reader(tables)};
    rg_import_options options = {0};
    options.lenient = lenient;
    int rc = rg_store_import(store, &source, 1, &options, NULL, err);
    rg_table_records_free(tables);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int which = (data[0] & 3) == 3 ? 0 : data[0] & 3, patch = (data[0] & 4) != 0;
    int lenient = (data[0] & 8) != 0;
    FILE *f = fopen(fuzzed_path[which], "wb");
    if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
        abort();

    rg_error err;
    rg_error_clear(&err);
    rg_store *store = fuzz_fresh_store();
    const char *files[3];
    size_t count = 0;
    map->patch = 0;
    if (patch) {   /* the examples stored, then the bytes alone as a patch */
        const char *examples[3] = {example_path[2], example_path[0], example_path[1]};
        if (import_csv(store, examples, 3, 0, &err) < 0) {
            fprintf(stderr, "the examples do not import: %s\n", err.message);
            abort();
        }
        map->patch = 1;
        files[count++] = fuzzed_path[which];
    } else {
        for (int i = 0; i < 3; i++)
            files[count++] = i == which ? fuzzed_path[i] : example_path[i];
    }
    if (import_csv(store, files, count, lenient, &err) < 0) {
        if (!err.message[0] || err.code == RG_OK)   /* a refusal must say why */
            abort();
        if (getenv("FUZZ_CSV_VERBOSE"))
            fprintf(stderr, "refused: %s\n", err.message);
        rg_store_close(store);
        return 0;
    }
    if (getenv("FUZZ_CSV_VERBOSE"))
        fprintf(stderr, "imported\n");
    fuzz_check_roundtrip(store);
    return 0;
}
