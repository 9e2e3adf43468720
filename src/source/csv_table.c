/* CSV files as tables (see csv_table.h). libcsv is fed one line at a time,
 * so that every row knows the line it starts on, and a quote left open
 * names its line. */
#define _GNU_SOURCE   /* qsort_r */
#include "source/csv_table.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "util/atomic_file.h"
#include "util/utf8.h"
#include "util/vec.h"

typedef struct csv_row {
    long line;
    char **cells;           /* ncells, NULL for an empty one */
    size_t ncells;
} csv_row;

typedef struct csv_table {
    rg_table base;
    csv_row *rows;
    size_t nrows, rows_cap, next_row;
    size_t key;             /* the key column, or (size_t)-1 */
    /* While parsing. */
    const char *path;
    rg_error *err;
    int failed, header_done, row_open;
    long line, row_line;
    csv_row cur;            /* the row being read */
    size_t cur_cap;
    const char **out;       /* cells handed out by next() */
} csv_table;

static void row_free(csv_row *r)
{
    for (size_t i = 0; i < r->ncells; i++)
        free(r->cells[i]);
    free(r->cells);
    r->cells = NULL;
    r->ncells = 0;
}

static void csv_table_free(rg_table *base)
{
    csv_table *t = (csv_table *)base;
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows; i++)
        row_free(&t->rows[i]);
    free(t->rows);
    row_free(&t->cur);
    for (size_t i = 0; i < t->base.ncolumns; i++)
        free(t->base.columns[i]);
    free(t->base.columns);
    free(t->base.name);
    free(t->out);
    free(t);
}

static void fail_nomem(csv_table *t)
{
    if (!t->failed)
        rg_error_set(t->err, RG_ERR_NOMEM, "out of memory");
    t->failed = 1;
}

/* libcsv: one cell ended. */
static void on_cell(void *data, size_t len, void *user)
{
    csv_table *t = user;
    if (t->failed)
        return;
    char **cells = rg_vec_reserve(t->cur.cells, t->cur.ncells, &t->cur_cap, sizeof *cells, 16);
    if (!cells)
        return fail_nomem(t);
    t->cur.cells = cells;
    char *cell = NULL;
    if (len > 0 && !(cell = strndup(data, len)))
        return fail_nomem(t);
    t->cur.cells[t->cur.ncells++] = cell;
}

static int row_is_empty(const csv_row *r)
{
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i] && r->cells[i][strspn(r->cells[i], " \t")])
            return 0;
    return 1;
}

static void header_row(csv_table *t)
{
    t->base.columns = t->cur.cells;
    t->base.ncolumns = t->cur.ncells;
    t->cur.cells = NULL;
    t->cur.ncells = t->cur_cap = 0;
    for (size_t i = 0; i < t->base.ncolumns; i++) {
        char *h = t->base.columns[i];
        if (!h && !(h = t->base.columns[i] = strdup("")))
            return fail_nomem(t);
        size_t start = strspn(h, " \t"), len = strlen(h + start);
        memmove(h, h + start, len + 1);
        while (len > 0 && (h[len - 1] == ' ' || h[len - 1] == '\t'))
            h[--len] = '\0';
        for (size_t k = 0; k < i && h[0]; k++)
            if (!strcmp(t->base.columns[k], h)) {
                rg_error_set(t->err, RG_ERR_INPUT, "%s: line %ld: two columns are headed "
                             "\"%s\" (columns %zu and %zu)", t->path, t->row_line, h, k + 1,
                             i + 1);
                t->failed = 1;
                return;
            }
    }
    t->header_done = 1;
}

/* libcsv: one row ended. */
static void on_row(int terminator, void *user)
{
    csv_table *t = user;
    (void)terminator;
    t->row_open = 0;
    if (t->failed)
        return;
    t->cur.line = t->row_line;
    if (row_is_empty(&t->cur)) {        /* Excel's empty rows: ",,,," */
        row_free(&t->cur);
        t->cur_cap = 0;
        return;
    }
    if (!t->header_done)
        return header_row(t);
    /* Cells past the header's columns are refused unless empty (Excel
     * writes a row as wide as the widest one). */
    for (size_t i = t->base.ncolumns; i < t->cur.ncells; i++)
        if (t->cur.cells[i] && t->cur.cells[i][strspn(t->cur.cells[i], " \t")]) {
            rg_error_set(t->err, RG_ERR_INPUT, "%s: line %ld: cell %zu (\"%.40s\") has no "
                         "column: the header has %zu", t->path, t->row_line, i + 1,
                         t->cur.cells[i], t->base.ncolumns);
            t->failed = 1;
            return;
        }
    csv_row *rows = rg_vec_reserve(t->rows, t->nrows, &t->rows_cap, sizeof *rows, 64);
    if (!rows)
        return fail_nomem(t);
    t->rows = rows;
    t->rows[t->nrows++] = t->cur;
    memset(&t->cur, 0, sizeof t->cur);
    t->cur_cap = 0;
}

/* The line of byte `offset` (1-based). */
static long line_of(const char *data, size_t offset)
{
    long line = 1;
    for (size_t i = 0; i < offset; i++)
        line += data[i] == '\n';
    return line;
}

/* Text that is not UTF-8: say what it likely is and how to convert it. */
static int check_encoding(const char *path, const char *data, size_t len, rg_error *err)
{
    if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
        return rg_error_set(err, RG_ERR_INPUT, "%s: this is a workbook (.xlsx), not CSV text: "
                            "in Excel, save it as \"CSV UTF-8 (Comma delimited) (*.csv)\"",
                            path);
    if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2)))
        return rg_error_set(err, RG_ERR_INPUT, "%s: line 1: the file is UTF-16 text (Excel's "
                            "\"Unicode Text\"); save it as \"CSV UTF-8 (Comma delimited)\"",
                            path);
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return rg_error_set(err, RG_ERR_INPUT, "%s: line %ld: a NUL byte: this is not CSV text",
                            path, line_of(data, (size_t)(nul - data)));
    long bad = rg_utf8_find_invalid(data, len);
    if (bad < 0)
        return 0;
    /* TIS-620 and Windows-874 put Thai letters at 0xA1..0xFB, which UTF-8
     * never starts a character with in a run like this. */
    unsigned char c = (unsigned char)data[bad];
    if (c >= 0xA1 && c <= 0xFB)
        return rg_error_set(err, RG_ERR_INPUT, "%s: line %ld: the file is not UTF-8: it looks "
                            "like Thai in Windows-874/TIS-620 (Excel's \"CSV (Comma "
                            "delimited)\"). Save it as \"CSV UTF-8 (Comma delimited)\", or "
                            "convert it: iconv -f CP874 -t UTF-8 %s > NEW.csv", path,
                            line_of(data, (size_t)bad), path);
    return rg_error_set(err, RG_ERR_INPUT, "%s: line %ld: the file is not UTF-8 text (byte "
                        "0x%02X); save it as \"CSV UTF-8 (Comma delimited)\"", path,
                        line_of(data, (size_t)bad), c);
}

static int parse(csv_table *t, const char *data, size_t len, char delimiter)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return rg_error_set(t->err, RG_ERR_NOMEM, "out of memory");
    csv_set_delim(&p, (unsigned char)delimiter);
    size_t pos = 0;
    t->line = 1;
    /* One piece per line: up to a line feed, or to a carriage return (a CR
     * alone ends a line too, as old Mac files have it). */
    while (pos < len && !t->failed) {
        size_t n = strcspn(data + pos, "\r\n");
        n += pos + n < len;
        if (!t->row_open && n > strspn(data + pos, "\r\n"))
            t->row_open = 1, t->row_line = t->line;
        if (csv_parse(&p, data + pos, n, on_cell, on_row, t) != n && !t->failed) {
            rg_error_set(t->err, RG_ERR_INPUT, "%s: line %ld: %s (a quote inside a cell is "
                         "written twice: \"\")", t->path, t->line, csv_strerror(csv_error(&p)));
            t->failed = 1;
        }
        pos += n;
        char end = data[pos - 1];
        if (end == '\n' || (end == '\r' && (pos >= len || data[pos] != '\n')))
            t->line++;
    }
    if (!t->failed && csv_fini(&p, on_cell, on_row, t) != 0 && !t->failed) {
        rg_error_set(t->err, RG_ERR_INPUT, "%s: line %ld: a quoted cell is not closed (its "
                     "closing quote is missing)", t->path, t->row_line);
        t->failed = 1;
    }
    csv_free(&p);
    if (!t->failed && !t->header_done) {
        rg_error_set(t->err, RG_ERR_INPUT, "%s: the file has no rows (not even a header)",
                     t->path);
        t->failed = 1;
    }
    return t->failed ? -1 : 0;
}

static int compare_rows(const void *a, const void *b, void *user)
{
    const csv_row *x = a, *y = b;
    size_t key = *(const size_t *)user;
    const char *kx = key < x->ncells && x->cells[key] ? x->cells[key] : "";
    const char *ky = key < y->ncells && y->cells[key] ? y->cells[key] : "";
    int c = strcmp(kx, ky);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int csv_next(rg_table *base, const char *const **cells, long *line, rg_error *err)
{
    csv_table *t = (csv_table *)base;
    (void)err;
    if (t->next_row >= t->nrows)
        return 0;
    csv_row *r = &t->rows[t->next_row++];
    for (size_t i = 0; i < t->base.ncolumns; i++)
        t->out[i] = i < r->ncells ? r->cells[i] : NULL;
    *cells = t->out;
    *line = r->line;
    return 1;
}

rg_table *rg_csv_table_open(const char *path, char delimiter, const char *key_column,
                            rg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    if (rg_read_file(path, &data, &len, err) < 0)
        return NULL;
    csv_table *t = calloc(1, sizeof *t);
    if (!t || !(t->base.name = strdup(path))) {
        free(t);
        free(data);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    t->base.row_word = "line";
    t->base.next = csv_next;
    t->base.free = csv_table_free;
    t->path = t->base.name;
    t->err = err;
    size_t skip = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;  /* Excel's BOM */
    int rc = check_encoding(path, data + skip, len - skip, err);
    if (rc == 0)
        rc = parse(t, data + skip, len - skip, delimiter);
    free(data);
    if (rc == 0 && !(t->out = calloc(t->base.ncolumns + 1, sizeof *t->out))) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        rc = -1;
    }
    if (rc < 0) {
        csv_table_free(&t->base);
        return NULL;
    }
    t->key = (size_t)-1;
    for (size_t i = 0; key_column && i < t->base.ncolumns; i++)
        if (!strcmp(t->base.columns[i], key_column))
            t->key = i;
    if (t->key != (size_t)-1 && t->nrows > 1)
        qsort_r(t->rows, t->nrows, sizeof *t->rows, compare_rows, &t->key);
    return &t->base;
}
