/* CSV files to tables of the mapping (see csv_source.h). */
#include "source/csv_source.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "source/csv_table.h"
#include "util/buf.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The index of the table file `path` is for, or -1 (err set). */
static long table_for(const rg_source_map *map, const char *path, size_t count, rg_error *err)
{
    if (map->ntables == 1 && count == 1)
        return 0;
    for (size_t i = 0; i < map->ntables; i++)
        if (map->tables[i].file && !strcmp(map->tables[i].file, base_name(path)))
            return (long)i;
    rg_buf names = RG_BUF_INIT;
    for (size_t i = 0; i < map->ntables; i++)
        if (map->tables[i].file)
            rg_buf_printf(&names, "%s%s", names.len ? ", " : "", map->tables[i].file);
    rg_error_set(err, RG_ERR_INPUT, "%s: %s has no table for a file of this name (its files: "
                 "%s)", path, map->path, names.data ? names.data : "none: it maps queries");
    rg_buf_free(&names);
    return -1;
}

/* Records without their lists, or lists without their records. */
static int check_complete(const rg_source_map *map, const char *const *given, rg_error *err)
{
    for (size_t i = 0; i < map->ntables; i++) {
        const rg_map_table *list = &map->tables[i];
        if (!list->list)
            continue;
        for (size_t k = 0; k < map->ntables; k++) {
            const rg_map_table *rec = &map->tables[k];
            if (rec->list || strcmp(rec->kind, list->kind))
                continue;
            if (given[k] && !given[i])
                return rg_error_set(err, RG_ERR_INPUT, "%s: give %s too: it holds the \"%s\" "
                                    "of these records (%s), and importing the records without "
                                    "it would delete their stored %s", given[k], list->file,
                                    list->list, list->where, list->list);
            if (given[i] && !given[k])
                return rg_error_set(err, RG_ERR_INPUT, "%s: give %s too: it holds the records "
                                    "these rows are \"%s\" of (%s)", given[i], rec->file,
                                    list->list, rec->where);
        }
    }
    return 0;
}

rg_table_records *rg_csv_source_open(const rg_source_map *map, const char *const *files,
                                     size_t count, int lenient, rg_error *err)
{
    assert(map && (files || !count));
    const char **given = calloc(map->ntables, sizeof *given);
    rg_table **tables = calloc(map->ntables, sizeof *tables);
    int rc = given && tables ? 0 : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t f = 0; f < count && rc == 0; f++) {
        long t = table_for(map, files[f], count, err);
        if (t < 0)
            rc = -1;
        else if (!map->tables[t].file && map->tables[t].query)
            rc = rg_error_set(err, RG_ERR_INPUT, "%s: %s maps a query, not a file (use "
                              "--from postgresql://...)", files[f], map->tables[t].where);
        else if (given[t])
            rc = rg_error_set(err, RG_ERR_INPUT, "%s and %s: both are for %s (one file per "
                              "table)", given[t], files[f], map->tables[t].where);
        else
            given[t] = files[f];
    }
    if (rc == 0 && !map->patch)   /* a patch keeps the lists or records it does not give */
        rc = check_complete(map, given, err);
    for (size_t i = 0; i < map->ntables && rc == 0; i++) {
        const rg_map_table *t = &map->tables[i];
        if (given[i] && !(tables[i] = rg_csv_table_open(given[i], t->delimiter ? t->delimiter[0]
                                                                              : ',',
                                                       rg_map_key_column(t), err)))
            rc = -1;
    }
    free(given);
    if (rc < 0) {
        rg_tables_free(tables, map->ntables);
        return NULL;
    }
    return rg_table_records_new(map, tables, lenient, err);
}
