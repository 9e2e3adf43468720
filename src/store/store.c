/* Opening and closing the store; busy timeout; record lookup (see store.h). */
#include "store/store_internal.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/kinds.h"
#include "util/atomic_file.h"
#include "util/bounded_int.h"
#include "util/buf.h"
#include "store/schema.h"

/* The names and tables come from the one kinds table (kinds.h). */
const char *rg_store_kind_name(rg_kind kind)
{
    return (unsigned)kind < RG_KIND_COUNT ? rg_kinds_get((size_t)kind)->name : "?";
}

const char *rg_store_kind_table(rg_kind kind)
{
    return (unsigned)kind < RG_KIND_COUNT ? rg_kinds_get((size_t)kind)->table : NULL;
}

int rg_store_kind_from_name(const char *name)
{
    const rg_kind_desc *k = rg_kinds_find(name);
    size_t index = k ? rg_kinds_index(k) : (size_t)-1;
    return index < RG_KIND_COUNT ? (int)index : -1;
}

int rg_store_busy_timeout_ms(void)
{
    const char *env = getenv("RAINGAN_BUSY_TIMEOUT_MS");
    if (env && *env) {
        long long ms;
        if (rg_parse_bounded_int(env, 0, 3600000, &ms) == RG_INT_OK)
            return (int)ms;
    }
    return RG_STORE_DEFAULT_BUSY_MS;
}

static rg_store *new_store(const char *path, int read_only, int created, rg_error *err)
{
    rg_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->read_only = read_only;
    s->created = created;
    return s;
}

/* The connection s->db made ready: busy timeout, foreign keys, the schema
 * checked (created, migrated when !s->read_only), the declared kinds read.
 * Closes the store and returns NULL on failure. */
static rg_store *setup_db(rg_store *s, rg_error *err)
{
    const char *path = s->path;
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, rg_store_busy_timeout_ms());
    int rc = sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(s->db, rc, path, "opening", err);
        rg_store_close(s);
        return NULL;
    }
    if (rg_schema_prepare(s->db, path, !s->read_only, !s->read_only, &s->schema_from, err) < 0 ||
        rg_declared_load_stored(s, err) < 0) {
        rg_store_close(s);
        return NULL;
    }
    return s;
}

static rg_store *open_db(const char *path, int flags, int read_only, int created, rg_error *err)
{
    rg_store *s = new_store(path, read_only, created, err);
    if (!s)
        return NULL;
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(s->db, rc, path, "opening", err);
        rg_store_close(s);
        return NULL;
    }
    return setup_db(s, err);
}

/* A new database in a directory that does not exist: SQLite would only say
 * "unable to open database file"; name the directory instead. */
static int missing_parent_dir(const char *path, rg_error *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    char *dir = strndup(path, (size_t)(slash - path));
    struct stat st;
    int missing = dir && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode));
    if (missing)
        rg_error_set(err, RG_ERR_IO, "%s: cannot create the database: the directory %s does not exist",
                     path, dir);
    free(dir);
    return missing;
}

static rg_store *no_such_database(const char *path, rg_error *err)
{
    rg_error_set(err, RG_ERR_DB,
                 "%s: no such database; create it with `raingan init` or `raingan "
                 "import` (or give another file with --db or RAINGAN_DB)", path);
    return NULL;
}

rg_store *rg_store_open(const char *path, rg_store_mode mode, rg_error *err)
{
    if (!path || !*path) {
        rg_error_set(err, RG_ERR_USAGE, "no database file given");
        return NULL;
    }
    int exists = access(path, F_OK) == 0;
    if (mode == RG_STORE_READ_ONLY) {
        if (!exists)
            return no_such_database(path, err);
        return open_db(path, SQLITE_OPEN_READONLY, 1, 0, err);
    }
    if (!exists && missing_parent_dir(path, err))
        return NULL;
    return open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0, !exists, err);
}

/* 1 if PATH followed by `suffix` ("-journal", "-wal") exists. */
static int companion_exists(const char *path, const char *suffix)
{
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *name = malloc(n);
    if (!name)
        return 0;
    snprintf(name, n, "%s%s", path, suffix);
    int exists = access(name, F_OK) == 0;
    free(name);
    return exists;
}

int rg_store_recover(const char *path, int *recovered, rg_error *err)
{
    *recovered = 0;
    if (!path || access(path, F_OK) != 0)
        return rg_error_set(err, RG_ERR_DB, "%s: no such database", path ? path : "");
    /* Nothing left behind: nothing to play back, and nothing written (the
     * database may be one this user only reads, or on a read-only mount). */
    int had_journal = companion_exists(path, "-journal"), had_wal = companion_exists(path, "-wal");
    if (!had_journal && !had_wal)
        return 0;
    /* Playing back writes the file and then deletes the journal from its
     * directory: refuse before anything is written if either would fail
     * (a file rolled back whose journal stays would still be refused). */
    char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    const char *parent = !slash ? "." : slash == dir ? "/" : (*slash = '\0', dir);
    int dir_writable = !dir || access(parent, W_OK) == 0;
    if (!dir_writable && errno == EROFS)
        rg_error_set(err, RG_ERR_DB, "%s: cannot recover it: its directory %s is on a file "
                     "system mounted read-only; remount it read-write (or copy the database "
                     "and its journal together to a writable directory) and run this again",
                     path, parent);
    else if (!dir_writable)
        rg_error_set(err, RG_ERR_DB, "%s: cannot recover it: this user may not write its "
                     "directory %s, where the journal is deleted; run the command as its owner "
                     "(or root)", path, parent);
    free(dir);
    if (!dir_writable)
        return -1;
    if (access(path, W_OK) != 0)
        return rg_error_set(err, RG_ERR_DB, "%s: cannot recover it: this user may not write the "
                            "file; run the command as its owner (or root)", path);
    sqlite3 *db = NULL;
    /* No SQLITE_OPEN_CREATE: only the file the user named is opened. */
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(db, rc, path, "opening it to recover", err);
        sqlite3_close_v2(db);
        return -1;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, rg_store_busy_timeout_ms());
    if (sqlite3_db_readonly(db, "main") == 1) {
        sqlite3_close_v2(db);
        return rg_error_set(err, RG_ERR_DB, "%s: cannot recover it: this user may not write the "
                            "file; run the command as its owner (or root)", path);
    }
    /* The first read takes the shared lock; SQLite then sees the hot journal
     * (no other process holds the write lock), takes the exclusive lock,
     * plays the journal back and deletes it (or recovers the WAL). */
    rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int primary = rc & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
            rg_schema_db_error(db, rc, path, "recovering", err);
        else
            rg_error_set(err, RG_ERR_DB, "%s: cannot recover it: %s (may this user write the "
                         "file and its directory?)", path, sqlite3_errmsg(db));
        sqlite3_close_v2(db);
        return -1;
    }
    sqlite3_close_v2(db);
    *recovered = (had_journal && !companion_exists(path, "-journal")) ||
                 (had_wal && !companion_exists(path, "-wal"));
    return 0;
}

rg_store *rg_store_open_memory(rg_error *err)
{
    rg_store *s = open_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, 0, 1, err);
    if (s && rg_store_declare_kinds(s, err) < 0) {   /* templates check against its tables */
        rg_store_close(s);
        return NULL;
    }
    return s;
}

/* 1 if this user may write the database file and its directory (where a
 * write transaction makes its rollback journal); 0 if either is refused: a
 * file without write permission, a directory this user may not write, a
 * file system mounted read-only (then even for root). */
static int may_write(const char *path)
{
    assert(path);
    char *dir = strdup(path);
    if (!dir)
        return 1;   /* not known: the write itself will say */
    char *slash = strrchr(dir, '/');
    const char *parent = !slash ? "." : slash == dir ? "/" : (*slash = '\0', dir);
    int writable = access(path, W_OK) == 0 && access(parent, W_OK) == 0;
    free(dir);
    return writable;
}

rg_store *rg_store_open_copy(const char *path, rg_error *err)
{
    if (!path || !*path) {
        rg_error_set(err, RG_ERR_USAGE, "no database file given");
        return NULL;
    }
    if (access(path, F_OK) != 0)
        return no_such_database(path, err);
    sqlite3 *file = NULL;
    int rc = sqlite3_open_v2(path, &file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(file, 1);
        sqlite3_busy_timeout(file, rg_store_busy_timeout_ms());
        /* A first read, as every read-only open makes: an interrupted
         * write's hot journal is refused here (RG_ERR_DB_INTERRUPTED), not
         * copied half played back. */
        rc = sqlite3_exec(file, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        rg_schema_db_error(file, rc, path, "opening", err);
        sqlite3_close_v2(file);
        return NULL;
    }
    rg_store *s = new_store(path, 0, 0, err);
    if (!s) {
        sqlite3_close_v2(file);
        return NULL;
    }
    rc = sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX,
                         NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(s->db, rc, path, "copying it into memory", err);
        sqlite3_close_v2(file);
        rg_store_close(s);
        return NULL;
    }
    /* Every page in one step, under one shared lock on the file (waiting
     * for a writer as long as the busy timeout): a consistent copy. */
    sqlite3_backup *copy = sqlite3_backup_init(s->db, "main", file, "main");
    rc = copy ? sqlite3_backup_step(copy, -1) : sqlite3_extended_errcode(s->db);
    if (copy)
        sqlite3_backup_finish(copy);   /* sets the step's error on s->db */
    if (rc != SQLITE_DONE) {
        rg_schema_db_error(s->db, rc, path, "copying it into memory", err);
        sqlite3_close_v2(file);
        rg_store_close(s);
        return NULL;
    }
    sqlite3_close_v2(file);
    return setup_db(s, err);
}

/* 1 if the file holds raingan's current schema, so that opening it
 * read-write writes nothing; 0 if opening would create or upgrade it (an
 * empty file, an older schema) or it is not raingan's; -1 if it cannot be
 * read here (a hot journal, a lock, damage: the open that follows says). */
static int schema_current(const char *path)
{
    sqlite3 *db = NULL;
    int app_id = 0, version = 0;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, rg_store_busy_timeout_ms());
        rc = rg_schema_pragma_int(db, "PRAGMA application_id", &app_id);
    }
    if (rc == SQLITE_OK)
        rc = rg_schema_pragma_int(db, "PRAGMA user_version", &version);
    sqlite3_close_v2(db);
    if (rc != SQLITE_OK)
        return -1;
    return app_id == (int)RG_STORE_APPLICATION_ID && version == RG_STORE_SCHEMA_VERSION;
}

rg_store *rg_store_open_trial(const char *path, rg_error *err)
{
    if (path && *path && access(path, F_OK) == 0 && (!may_write(path) || schema_current(path) == 0))
        return rg_store_open_copy(path, err);
    return rg_store_open(path, RG_STORE_READ_WRITE, err);
}

rg_store *rg_store_open_json(const char *const *paths, size_t count, rg_error *err)
{
    rg_store *s = rg_store_open_memory(err);
    if (s && rg_store_import_files(s, paths, count, NULL, err) < 0) {
        rg_store_close(s);
        return NULL;
    }
    return s;
}

void rg_store_close(rg_store *store)
{
    if (!store)
        return;
    rg_store_statements_free(store);
    if (store->db)
        sqlite3_close_v2(store->db);
    rg_kind_decls_free(store->decls, store->decl_count);
    free(store->path);
    free(store);
}

int rg_store_check_output(const char *db_path, const char *output, rg_error *err)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    static const char *const what[] = {"the database in use", "the database's journal",
                                       "the database's write-ahead log",
                                       "the database's shared memory"};
    enum { FILES = sizeof suffixes / sizeof *suffixes };
    if (!output || !db_path)
        return 0;
    rg_buf names[FILES];
    const char *paths[FILES];
    int bad = 0;
    for (size_t i = 0; i < FILES; i++) {
        names[i] = (rg_buf)RG_BUF_INIT;
        bad |= rg_buf_printf(&names[i], "%s%s", db_path, suffixes[i]) < 0;
        paths[i] = names[i].data;
    }
    int rc = bad ? rg_error_set(err, RG_ERR_NOMEM, "out of memory")
                 : rg_output_check_inputs(output, paths, what, FILES, err);
    for (size_t i = 0; i < FILES; i++)
        rg_buf_free(&names[i]);
    return rc;
}

/* Runs a statement without rows through the kept statements: BEGIN and
 * COMMIT come once per render, and parsing them was 1.5 % of a warm one. */
static int run_kept(rg_store *store, const char *sql, const char *doing, rg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = rg_store_statement(store, sql, &st);
    if (rc == SQLITE_OK && st) {
        rc = sqlite3_step(st);
        rg_store_statement_done(store, st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK && err)
        return rg_schema_db_error(store->db, rc, store->path, doing, err);
    return rc == SQLITE_OK ? 0 : -1;
}

int rg_store_snapshot_begin(rg_store *store, rg_error *err)
{
    assert(store && store->db);
    assert(sqlite3_get_autocommit(store->db));   /* begin, end, begin: never nested */
    /* BEGIN DEFERRED takes its read lock (or WAL snapshot) at the first
     * query, and holds it until the end: a commit in between is not seen. */
    return run_kept(store, "BEGIN DEFERRED", "starting a read transaction", err);
}

void rg_store_snapshot_end(rg_store *store)
{
    if (store && store->db && !sqlite3_get_autocommit(store->db))
        (void)run_kept(store, "COMMIT", "ending a read transaction", NULL);
}

sqlite3 *rg_store_db(rg_store *store)
{
    return store ? store->db : NULL;
}

const char *rg_store_path(const rg_store *store)
{
    return store ? store->path : "";
}

int rg_store_created(const rg_store *store)
{
    return store && store->created;
}

int rg_store_schema_found(const rg_store *store)
{
    return store ? store->schema_from : 0;
}

int rg_store_record_exists(rg_store *store, rg_kind kind, const char *key, rg_error *err)
{
    if ((unsigned)kind >= RG_KIND_COUNT)
        return rg_error_set(err, RG_ERR_INTERNAL, "unknown record kind %d", (int)kind);
    return rg_store_kind_has(store, rg_kinds_get((size_t)kind), key, err);
}

int rg_store_kind_has(rg_store *store, const rg_kind_desc *kind, const char *key, rg_error *err)
{
    assert(kind && key);
    char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" WHERE \"%w\" = ?1", kind->table,
                                kind->key_column);
    if (!sql)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(store->db, rc, store->path, "looking up a record", err);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return rg_schema_db_error(store->db, rc, store->path, "looking up a record", err);
}
