/* PostgreSQL queries as tables (see pg_source.h). */
#include "source/pg_source.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define FETCH_ROWS 1000
#define ROW_COLUMN "raingan_row"   /* a list's rows in the query's own order */

/* The connection, shared by the cursors; closed with the last table. */
typedef struct pg_link {
    PGconn *conn;
    int users;
} pg_link;

typedef struct pg_table {
    rg_table base;
    pg_link *link;
    char cursor[32];
    const char *where;      /* the mapping's table, for messages */
    PGresult *batch;
    int batch_row, batch_rows;
    long row;
    int done;
    const char **cells;
} pg_table;

void rg_pg_mask_uri(const char *uri, char *out, size_t cap)
{
    rg_buf b = RG_BUF_INIT;
    const char *p = uri;
    const char *scheme = strstr(uri, "://");
    if (scheme) {   /* postgresql://user:secret@host */
        const char *auth = scheme + 3, *at = strpbrk(auth, "@/?");
        const char *colon = at && *at == '@' ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            rg_buf_append(&b, uri, (size_t)(colon + 1 - uri));
            rg_buf_puts(&b, "***");
            p = at;
        }
    }
    /* password=secret, as a URI parameter or in key=value form */
    for (const char *q; (q = strstr(p, "password="));) {
        rg_buf_append(&b, p, (size_t)(q - p) + 9);
        rg_buf_puts(&b, "***");
        p = q + 9 + strcspn(q + 9, "& ");
    }
    rg_buf_puts(&b, p);
    snprintf(out, cap, "%s", b.data ? b.data : "");
    rg_buf_free(&b);
}

/* The server's message without its trailing line break. */
static const char *pg_message(PGconn *conn, const PGresult *res, char *buf, size_t cap)
{
    const char *m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !m[0])
        m = PQerrorMessage(conn);
    snprintf(buf, cap, "%s", m);
    for (size_t n = strlen(buf); n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ');)
        buf[--n] = '\0';
    for (char *nl; (nl = strchr(buf, '\n'));)   /* DETAIL/HINT lines: keep them, on one line */
        *nl = ' ';
    return buf;
}

/* Runs `sql`, expecting `status`; else err names `doing`. */
static PGresult *run(PGconn *conn, const char *sql, ExecStatusType status, const char *doing,
                     rg_error *err)
{
    PGresult *res = PQexec(conn, sql);
    if (res && PQresultStatus(res) == status)
        return res;
    char message[1024];
    rg_error_set(err, RG_ERR_INPUT, "%s: %s", doing, pg_message(conn, res, message,
                                                                  sizeof message));
    PQclear(res);
    return NULL;
}

static void link_release(pg_link *link)
{
    if (link && --link->users == 0) {
        PQfinish(link->conn);
        free(link);
    }
}

static void pg_table_free(rg_table *base)
{
    pg_table *t = (pg_table *)base;
    PQclear(t->batch);
    link_release(t->link);
    for (size_t i = 0; i < t->base.ncolumns; i++)
        free(t->base.columns[i]);
    free(t->base.columns);
    free(t->base.name);
    free(t->cells);
    free(t);
}

static int pg_next(rg_table *base, const char *const **cells, long *line, rg_error *err)
{
    pg_table *t = (pg_table *)base;
    if (t->batch_row >= t->batch_rows) {
        if (t->done)
            return 0;
        PQclear(t->batch);
        char sql[64], doing[512];
        snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", FETCH_ROWS, t->cursor);
        snprintf(doing, sizeof doing, "%s: reading the rows of \"query\"", t->where);
        t->batch = run(t->link->conn, sql, PGRES_TUPLES_OK, doing, err);
        if (!t->batch)
            return -1;
        t->batch_rows = PQntuples(t->batch);
        t->batch_row = 0;
        t->done = t->batch_rows < FETCH_ROWS;
        if (t->batch_rows == 0)
            return 0;
    }
    for (size_t i = 0; i < t->base.ncolumns; i++)
        t->cells[i] = PQgetisnull(t->batch, t->batch_row, (int)i)
                          ? NULL : PQgetvalue(t->batch, t->batch_row, (int)i);
    t->batch_row++;
    *cells = t->cells;
    *line = ++t->row;
    return 1;
}

/* The query, ordered by its key column (byte order: how the rows are
 * merged), a list's rows keeping the query's order within one parent. */
static int ordered_sql(PGconn *conn, const rg_map_table *m, rg_buf *sql, rg_error *err)
{
    const char *key = rg_map_key_column(m);
    char *id = PQescapeIdentifier(conn, key, strlen(key));
    if (!id)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (m->list)
        rg_buf_printf(sql, "SELECT * FROM (SELECT raingan_query.*, row_number() OVER () AS "
                      ROW_COLUMN " FROM (%s) AS raingan_query) AS raingan_source ORDER BY "
                      "raingan_source.%s::text COLLATE \"C\", " ROW_COLUMN, m->query, id);
    else
        rg_buf_printf(sql, "SELECT * FROM (%s) AS raingan_source ORDER BY "
                      "raingan_source.%s::text COLLATE \"C\"", m->query, id);
    PQfreemem(id);
    return 0;
}

static pg_table *open_query(pg_link *link, const rg_map_table *m, size_t index, rg_error *err)
{
    pg_table *t = calloc(1, sizeof *t);
    if (!t) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    t->link = link;
    link->users++;
    t->where = m->where;
    t->base.row_word = "row";
    t->base.next = pg_next;
    t->base.free = pg_table_free;
    snprintf(t->cursor, sizeof t->cursor, "raingan_%zu", index);
    size_t nlen = strlen(m->where) + 32;
    if ((t->base.name = malloc(nlen)))
        snprintf(t->base.name, nlen, "%s.query", m->where);
    rg_buf sql = RG_BUF_INIT, doing = RG_BUF_INIT;
    rg_buf_printf(&sql, "DECLARE %s NO SCROLL CURSOR FOR ", t->cursor);
    int rc = t->base.name ? ordered_sql(link->conn, m, &sql, err)
                          : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_buf_printf(&doing, "%s.query", m->where);
    PGresult *res = rc == 0 ? run(link->conn, sql.data, PGRES_COMMAND_OK, doing.data, err) : NULL;
    PQclear(res);
    PGresult *desc = res ? PQdescribePortal(link->conn, t->cursor) : NULL;
    if (res && (!desc || PQresultStatus(desc) != PGRES_COMMAND_OK)) {
        char message[1024];
        rg_error_set(err, RG_ERR_INPUT, "%s: %s", doing.data,
                     pg_message(link->conn, desc, message, sizeof message));
        res = NULL;
    }
    rg_buf_free(&sql);
    rg_buf_free(&doing);
    if (!res) {
        PQclear(desc);
        pg_table_free(&t->base);
        return NULL;
    }
    int n = PQnfields(desc);
    if (m->list)
        n--;                        /* the last column is ROW_COLUMN */
    t->base.columns = calloc((size_t)n + 1, sizeof *t->base.columns);
    t->cells = calloc((size_t)n + 1, sizeof *t->cells);
    int bad = !t->base.columns || !t->cells;
    for (int i = 0; i < n && !bad; i++) {
        if (!(t->base.columns[i] = strdup(PQfname(desc, i))))
            bad = 1;
        else
            t->base.ncolumns++;
    }
    PQclear(desc);
    if (bad) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        pg_table_free(&t->base);
        return NULL;
    }
    return t;
}

static pg_link *connect_to(const char *uri, rg_error *err)
{
    char masked[1024], message[1024];
    rg_pg_mask_uri(uri, masked, sizeof masked);
    pg_link *link = calloc(1, sizeof *link);
    if (!link) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    link->conn = PQconnectdb(uri);
    link->users = 1;
    if (!link->conn || PQstatus(link->conn) != CONNECTION_OK) {
        /* The server's message never holds the password; the URI may. */
        rg_error_set(err, RG_ERR_IO, "%s: cannot connect: %s", masked,
                     link->conn ? pg_message(link->conn, NULL, message, sizeof message)
                                : "out of memory");
        link_release(link);
        return NULL;
    }
    /* One consistent state for every query; text the import reads as it is
     * (ISO dates, any server locale). */
    char doing[1100];
    snprintf(doing, sizeof doing, "%s: starting a read-only transaction", masked);
    PGresult *res = run(link->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                        "SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL extra_float_digits = 1",
                        PGRES_COMMAND_OK, doing, err);
    if (!res) {
        link_release(link);
        return NULL;
    }
    PQclear(res);
    return link;
}

rg_table_records *rg_pg_source_open(const rg_source_map *map, const char *uri, int lenient,
                                    rg_error *err)
{
    for (size_t i = 0; i < map->ntables; i++)
        if (!map->tables[i].query)
            return rg_error_set(err, RG_ERR_INPUT, "%s: gives a \"file\": with --from every "
                                "table needs a \"query\"", map->tables[i].where), NULL;
    pg_link *link = connect_to(uri, err);
    if (!link)
        return NULL;
    rg_table **tables = calloc(map->ntables, sizeof *tables);
    int rc = tables ? 0 : rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < map->ntables && rc == 0; i++) {
        pg_table *t = open_query(link, &map->tables[i], i, err);
        if (!t)
            rc = -1;
        else
            tables[i] = &t->base;
    }
    link_release(link);             /* the tables hold it now */
    if (rc < 0) {
        rg_tables_free(tables, map->ntables);
        return NULL;
    }
    return rg_table_records_new(map, tables, lenient, err);
}
