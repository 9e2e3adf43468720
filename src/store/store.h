/* The raingan store: one SQLite database holding organizations, people,
 * projects with progress entries, indicators and development plans.
 *
 * Import/export format: docs/data-format.md. Tables, columns and views
 * (a public contract: templates query them with SQL): docs/schema.md.
 *
 * Typical use:
 *   rg_store *s = rg_store_open("raingan.db", RG_STORE_READ_ONLY, &err);
 *   sqlite3 *db = rg_store_db(s);   ... run template queries ...
 *   rg_store_close(s);
 * or, for `render --data FILE.json` without a database:
 *   rg_store *s = rg_store_open_memory(&err);
 *   rg_store_import_files(s, paths, n, NULL, &err);
 */
#ifndef RG_STORE_H
#define RG_STORE_H

#include <signal.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>

#include "store/kinds.h"
#include "util/error.h"

#define RG_STORE_APPLICATION_ID 0x5247414E  /* "RGAN" in PRAGMA application_id */
#define RG_STORE_SCHEMA_VERSION 2           /* PRAGMA user_version written by this build */
#define RG_STORE_DEFAULT_BUSY_MS 5000       /* overridden by $RAINGAN_BUSY_TIMEOUT_MS */

typedef struct rg_store rg_store;

typedef enum {
    RG_STORE_READ_WRITE,  /* creates the file if missing, applies migrations */
    RG_STORE_READ_ONLY    /* SQLITE_OPEN_READONLY; the file must exist and be current */
} rg_store_mode;

/* Record kinds, in the fixed order export writes them. */
typedef enum {
    RG_KIND_ORGANIZATION,
    RG_KIND_PERSON,
    RG_KIND_PROJECT,
    RG_KIND_INDICATOR,
    RG_KIND_PLAN,
    RG_KIND_COUNT
} rg_kind;

/* "organization", "person", "project", "indicator", "plan". */
const char *rg_store_kind_name(rg_kind kind);
/* The kind named `name`, or -1. */
int rg_store_kind_from_name(const char *name);

/* Kinds declared in files (templates/kinds/NAME.xml, docs/kinds.md). Every
 * store reads the declarations its database holds; an import (inside its
 * transaction), a memory store and this function bring the database to the
 * kind files first (tables for new kinds, columns for new fields; a change
 * that would lose stored data is an RG_ERR_INPUT error naming the file). */
struct rg_kind_decl;
int rg_store_declare_kinds(rg_store *store, rg_error *err);
/* The declared kind named `name` (NULL: none); the count and the i-th. */
const struct rg_kind_decl *rg_store_declared_kind(const rg_store *store, const char *name);
size_t rg_store_declared_count(const rg_store *store);
const struct rg_kind_decl *rg_store_declared_at(const rg_store *store, size_t i);
const char *rg_store_declared_name(const rg_store *store, size_t i);
/* Registers the kinds of the kind files in the kinds table (kinds.h), those
 * not registered yet, without a store: what a form of a declared kind is
 * checked against when no store has been opened (templates). */
int rg_store_register_kind_files(rg_error *err);

/* Open (and for READ_WRITE create/migrate) the database at `path`. Refuses,
 * with one clear RG_ERR_DB message, a file that is not SQLite, an SQLite
 * database that is not raingan's, one from a newer raingan, and (after the
 * busy timeout) a database locked by another process. */
rg_store *rg_store_open(const char *path, rg_store_mode mode, rg_error *err);
/* A fresh in-memory store with the current schema. */
rg_store *rg_store_open_memory(rg_error *err);
/* A store in memory holding a copy of the existing database at `path`,
 * made with SQLite's backup API through a read-only connection: the file is
 * never written and no journal is made (a shared lock is held while
 * copying). The copy is then opened as RG_STORE_READ_WRITE opens the file
 * (migrated to the current schema, declared kinds read), so that what a
 * write does to it is what it would do to the file: `import --dry-run` on a
 * database it cannot write (an archived copy, a read-only mount). Messages
 * name `path` (and so does rg_store_path). Refuses what a read-only open
 * refuses before copying: a missing file, an interrupted write's journal
 * (RG_ERR_DB_INTERRUPTED), a lock held past the busy timeout, a file that
 * is not SQLite (RG_ERR_DB). Memory: the whole database. */
rg_store *rg_store_open_copy(const char *path, rg_error *err);
/* The store for a write that is then rolled back (`import --dry-run`), so
 * that the existing file at `path` is left byte for byte as it was: the
 * file itself, opened RG_STORE_READ_WRITE, when this user may write it and
 * its directory and it holds the current schema (the rollback undoes all);
 * else rg_store_open_copy: a file this user cannot write, or one that
 * opening read-write would change before any transaction (an empty file
 * given a schema, an older schema upgraded: those commit). A file that
 * does not exist: as rg_store_open (the caller stands in a memory store).
 * A file that cannot be read here (a hot journal, a lock) is opened
 * read-write, as before: rg_store_open says what is wrong or recovers it. */
rg_store *rg_store_open_trial(const char *path, rg_error *err);
/* A memory store holding the records of these JSON files (one import run):
 * what `raingan render --data FILE.json...` renders from. */
rg_store *rg_store_open_json(const char *const *paths, size_t count, rg_error *err);
void rg_store_close(rg_store *store);

/* Play back what an interrupted write (a killed import, a full disk) left
 * (a hot rollback journal, or a write-ahead log needing recovery), which
 * read-only opens refuse with RG_ERR_DB_INTERRUPTED: opens the existing
 * database read-write, lets SQLite roll back under its exclusive lock (a
 * writer still running holds its lock, so its journal is not touched), and
 * closes. *recovered is 1 when a journal or log was played back, 0 when
 * there was none. RG_ERR_DB when this user may not write the file or its
 * directory (nothing changed). */
int rg_store_recover(const char *path, int *recovered, rg_error *err);

/* One finding of rg_store_check: `where` names the table and the row's key
 * ("progress_entries (project_key='P', number=3)") or "database"; `text`
 * says what is wrong (RG_CHECK_PROBLEM) or what is worth knowing but wrong
 * in nothing (RG_CHECK_NOTE: an image no record refers to any more). */
typedef enum { RG_CHECK_PROBLEM, RG_CHECK_NOTE } rg_check_level;
typedef void (*rg_check_report_fn)(void *user, rg_check_level level, const char *where,
                                   const char *text);
/* Checks the database at `path`, opened read-only: SQLite's integrity_check
 * and foreign_key_check, the schema version, every value against its
 * column's declared type and as UTF-8, and the invariants of docs/schema.md
 * (dates, canonical rich text, organization parents without a loop, child
 * rows numbered 1, 2, ...). Reports each problem, and returns how many (notes
 * are reported, not counted), or -1 (err) when the file cannot be checked at all (missing, locked, not a
 * raingan database, an interrupted write to recover first). */
long rg_store_check(const char *path, rg_check_report_fn report, void *user, rg_error *err);

/* The SQLite handle, for running template queries (owned by the store). */
sqlite3 *rg_store_db(rg_store *store);
/* The file the store was opened from (":memory:" for memory stores; the
 * file copied for rg_store_open_copy). */
const char *rg_store_path(const rg_store *store);
/* 1 if rg_store_open created the file (it did not exist before). */
int rg_store_created(const rg_store *store);
/* PRAGMA user_version found when opening (0: new file), before migrations. */
int rg_store_schema_found(const rg_store *store);
/* The busy timeout in ms: $RAINGAN_BUSY_TIMEOUT_MS, else the default. */
int rg_store_busy_timeout_ms(void);

/* Refuses (RG_ERR_USAGE, with a message naming which) an output path that
 * is the database at `db_path` or its journal, write-ahead log or shared
 * memory file, whatever the names or links. NULL output or db_path: 0. */
int rg_store_check_output(const char *db_path, const char *output, rg_error *err);

/* One read transaction: every query between begin and end sees the same
 * state of the data, whatever imports commit meanwhile (they wait, or, in
 * WAL mode, are not seen). What a document prints and what its archival
 * stamp digests are read inside one (render, batch, verify). end is safe
 * to call after a failed begin. */
int rg_store_snapshot_begin(rg_store *store, rg_error *err);
void rg_store_snapshot_end(rg_store *store);

/* A statement run again and again on the store's connection (a form's
 * queries, on every render): `sql` is prepared once and kept by the store,
 * so that SQLite parses and plans it once per connection. Returns what
 * sqlite3_prepare_v2 returns (SQLITE_OK: *st is the statement, reset with
 * no bindings, or NULL when sql holds none; otherwise
 * sqlite3_errmsg(rg_store_db(store)) says why). Hand every statement back
 * with rg_store_statement_done (which resets it and clears its bindings),
 * never finalize it; one asked for again before it is handed back is
 * prepared anew. At most 64 are kept (the least recently used makes room);
 * rg_store_close finalizes them. One thread at a time, like the store; a
 * kept statement never crosses a fork (a worker opens its own store). */
int rg_store_statement(rg_store *store, const char *sql, sqlite3_stmt **st);
void rg_store_statement_done(rg_store *store, sqlite3_stmt *st);

/* 1 if a record of `kind` with `key` is stored, 0 if not, -1 on error. */
int rg_store_record_exists(rg_store *store, rg_kind kind, const char *key, rg_error *err);
/* The same for any kind of the kinds table (kinds.h), declared ones included. */
int rg_store_kind_has(rg_store *store, const rg_kind_desc *kind, const char *key, rg_error *err);

/* Which records to select: every filter given must hold. */
typedef struct rg_record_filter {
    long year;                     /* fiscal year (Buddhist era); 0: any */
    const char *const *orgs;       /* these organizations and every unit under them */
    size_t org_count;              /* 0: any organization */
    const char *const *keys;       /* only these keys */
    size_t key_count;              /* 0: any key */
} rg_record_filter;

/* One selected record; its strings live until the callback returns. */
typedef struct rg_record_row {
    const char *key;
    long year;                     /* 0 when the kind has no fiscal year */
    const char *org;               /* the organization's key, or NULL */
    const char *title;             /* the record's name or title, or NULL */
} rg_record_row;

/* Called for each selected record; a negative return stops the selection
 * and is returned by rg_store_select_records (with `err` set by the callback). */
typedef int (*rg_record_fn)(void *user, const rg_record_row *row, rg_error *err);

/* Calls `fn` for every stored record of `kind` that `filter` (NULL: none)
 * lets through, in byte order of the keys, inside the caller's read
 * transaction if one is open. Organizations and keys that match nothing
 * are no error here (the caller decides whether to say so); a year or
 * organization filter on a kind without that column is RG_ERR_INPUT.
 * Returns the number of records selected, or -1. */
long rg_store_select_records(rg_store *store, const rg_kind_desc *kind,
                             const rg_record_filter *filter, rg_record_fn fn, void *user,
                             rg_error *err);

/* Counts of one import run, per kind. */
#define RG_STORE_DECLARED_MAX 64   /* declared kinds counted in rg_import_stats */
typedef struct rg_import_stats {
    long added[RG_KIND_COUNT];
    long updated[RG_KIND_COUNT];
    long declared_added[RG_STORE_DECLARED_MAX];    /* by rg_store_declared_at index */
    long declared_updated[RG_STORE_DECLARED_MAX];
} rg_import_stats;

/* Records read from something else than a JSON document (CSV files, a
 * database: src/source), as trees of store/json_reader.h nodes whose values
 * may be table cells (rg_jnode.cell). */
struct rg_jnode;
typedef struct rg_record_reader {
    /* Calls fn(user, record, index, err) for each record in turn, like
     * rg_json_read (fn's return: 0 go on, 1 it keeps the tree, -1 stop);
     * returns 0, or -1 with err set. */
    int (*read)(void *self, int (*fn)(void *user, struct rg_jnode *record, long index,
                                      rg_error *err),
                void *user, rg_error *err);
    /* Where the value at JSON path `path` ("$.records[3].entries[0].date") of
     * the record being read came from, for messages: written into out
     * ("entries.csv: line 7, column \"วันที่\""). */
    void (*place)(void *self, const char *path, long line, char *out, size_t cap);
    void *self;
} rg_record_reader;

/* One document to import. */
typedef struct rg_import_source {
    const char *path;     /* a JSON file, "-" for standard input; names it in messages */
    const char *data;     /* not NULL: the document is these len bytes (path only names it) */
    size_t len;
    const rg_record_reader *reader;   /* not NULL: the records come from it instead */
} rg_import_source;

/* What one record of an import changes (reported with a dry run). */
typedef enum {
    RG_CHANGE_CREATE,     /* a record not stored before */
    RG_CHANGE_UPDATE,     /* a stored record that changes; its fields follow */
    RG_CHANGE_SAME,       /* a stored record the import leaves as it is */
    RG_CHANGE_FIELD_SET,      /* a field not stored before: after */
    RG_CHANGE_FIELD_CHANGED,  /* before -> after */
    RG_CHANGE_FIELD_CLEARED,  /* a stored field the import removes: before */
    RG_CHANGE_ELEMENT_ADDED,  /* an element of a list (an entry, a section, ...) */
    RG_CHANGE_ELEMENT_DELETED /* a stored element the import removes */
} rg_change_type;

typedef struct rg_import_change {
    rg_change_type type;
    rg_kind kind;
    const char *key;      /* the record's key */
    const char *field;    /* fields and elements: "budget_received", "entries[number=3]",
                             "entries[number=3].body", "objectives[0]" */
    const char *before, *after;   /* short descriptions of the values (NULL: absent) */
    const char *kind_name;        /* "project", or a declared kind's name */
} rg_import_change;

typedef void (*rg_import_change_fn)(void *user, const rg_import_change *change);

typedef struct rg_import_options {
    int lenient;          /* unknown fields are warnings, not errors (default: errors) */
    int dry_run;          /* validate and report everything, store nothing (roll back) */
    rg_import_change_fn on_change;   /* each record's changes, in order (may be NULL) */
    void *user;
    /* Image files records name (a plan's emblem) are read, checked and stored
     * in the database: only from these directories, the JSON file's own, the
     * database's and those of $RAINGAN_IMAGE_DIRS, and at most
     * image_max_bytes (0: RG_IMAGE_MAX_BYTES_DEFAULT) bytes each. */
    const char *const *image_dirs;
    size_t image_dir_count;
    long long image_max_bytes;
    /* When *stop becomes non-zero (the program's handler of Ctrl-C or
     * SIGTERM sets it), the import stops before the next record (or before
     * it commits), and rolls back: nothing stored, no journal left
     * for read-only commands to refuse; RG_ERR_STOPPED. A signal that comes
     * once the commit has begun is too late: the import completes. NULL:
     * never stops. */
    const volatile sig_atomic_t *stop;
} rg_import_options;

/* Import documents in one transaction: every document is read and every
 * record validated and written, or (on any error) nothing is stored. Errors
 * name the file, the JSON path and the line. `options` and `stats` may be
 * NULL (strict import). A record with "patch": true changes only the fields
 * it gives (docs/data-format.md, "Patches"). With on_change, each record's
 * stored JSON is compared before and after it is written (field by field,
 * list elements by their number), which costs two reads of the record. This is the one entry point; other sources (a PDF's
 * embedded JSON) hand their bytes in as `data`. */
int rg_store_import(rg_store *store, const rg_import_source *sources, size_t count,
                    const rg_import_options *options, rg_import_stats *stats, rg_error *err);
/* The same for files ("-": standard input), strict. */
int rg_store_import_files(rg_store *store, const char *const *paths, size_t count,
                          rg_import_stats *stats, rg_error *err);
/* The same for one document in memory; `name` stands for the file in messages. */
int rg_store_import_memory(rg_store *store, const char *name, const char *json, size_t len,
                           rg_import_stats *stats, rg_error *err);

/* Write the store as JSON to `out` (docs/data-format.md): kinds in the
 * rg_kind order, keys in byte order, fields in a fixed order, so a second
 * export of the re-imported output is byte-identical. With `key`, only the
 * records with that key (any kind) and the organizations and people they
 * refer to; no record with that key is an RG_ERR_INPUT error. */
int rg_store_export(rg_store *store, const char *key, FILE *out, rg_error *err);
/* The stored record of a declared kind alone, as rg_store_export_record
 * (store_internal.h) does for the built-in kinds: 1 stored, 0 not, -1 error. */
#include "util/buf.h"
int rg_store_export_declared_record(rg_store *store, const struct rg_kind_decl *decl,
                                    const char *key, rg_buf *out, rg_error *err);

#endif
