/* The schema, in one place: migrations indexed by PRAGMA user_version.
 *
 * Migration N takes a database from user_version N-1 to N. A database is
 * raingan's when PRAGMA application_id is RG_STORE_APPLICATION_ID; an empty
 * file (no tables, application_id 0) may be initialized. Foreign keys are
 * DEFERRABLE INITIALLY DEFERRED so that a record may refer to one defined
 * later in the same import run; the import checks them itself first to give
 * a message with file, path and line. docs/schema.md documents all this. */
#include "store/schema.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"

#define DEFERRED "DEFERRABLE INITIALLY DEFERRED"

static const char *const migration_1 =
    "CREATE TABLE organizations (\n"
    "  key TEXT PRIMARY KEY NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  parent_key TEXT REFERENCES organizations(key) " DEFERRED "\n"
    ");\n"
    "CREATE INDEX organizations_parent ON organizations(parent_key);\n"
    "CREATE TABLE people (\n"
    "  key TEXT PRIMARY KEY NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  position TEXT,\n"
    "  phone TEXT\n"
    ");\n"
    "CREATE TABLE projects (\n"
    "  key TEXT PRIMARY KEY NOT NULL,\n"
    "  code TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  fiscal_year INTEGER NOT NULL,\n"
    "  start_date TEXT NOT NULL,\n"
    "  end_date TEXT NOT NULL,\n"
    "  budget_received_satang INTEGER NOT NULL DEFAULT 0 CHECK (budget_received_satang >= 0),\n"
    "  budget_spent_satang INTEGER NOT NULL DEFAULT 0 CHECK (budget_spent_satang >= 0),\n"
    "  organization_key TEXT NOT NULL REFERENCES organizations(key) " DEFERRED ",\n"
    "  responsible_key TEXT REFERENCES people(key) " DEFERRED ",\n"
    "  coordinator_key TEXT REFERENCES people(key) " DEFERRED ",\n"
    "  rationale TEXT,\n"
    "  strategy_issue TEXT,\n"
    "  strategy_sub_issue TEXT,\n"
    "  strategy_goal TEXT,\n"
    "  strategy_indicator TEXT\n"
    ");\n"
    "CREATE INDEX projects_fiscal_year ON projects(fiscal_year);\n"
    "CREATE TABLE project_objectives (\n"
    "  project_key TEXT NOT NULL REFERENCES projects(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  seq INTEGER NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  PRIMARY KEY (project_key, seq)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE project_targets (\n"
    "  project_key TEXT NOT NULL REFERENCES projects(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  seq INTEGER NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  PRIMARY KEY (project_key, seq)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE progress_entries (\n"
    "  project_key TEXT NOT NULL REFERENCES projects(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  number INTEGER NOT NULL CHECK (number >= 1),\n"
    "  date TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  progress_percent REAL CHECK (progress_percent BETWEEN 0 AND 100),\n"
    "  budget_used_satang INTEGER NOT NULL DEFAULT 0 CHECK (budget_used_satang >= 0),\n"
    "  on_plan INTEGER NOT NULL DEFAULT 1 CHECK (on_plan IN (0, 1)),\n"
    "  on_target INTEGER NOT NULL DEFAULT 1 CHECK (on_target IN (0, 1)),\n"
    "  PRIMARY KEY (project_key, number)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE indicators (\n"
    "  key TEXT PRIMARY KEY NOT NULL,\n"
    "  fiscal_year INTEGER NOT NULL,\n"
    "  number INTEGER,\n"
    "  name TEXT NOT NULL,\n"
    "  level TEXT NOT NULL CHECK (level IN ('output', 'outcome')),\n"
    "  organization_key TEXT NOT NULL REFERENCES organizations(key) " DEFERRED ",\n"
    "  strategy_issue TEXT,\n"
    "  strategy_sub_issue TEXT,\n"
    "  strategy_goal TEXT,\n"
    "  strategy_indicator TEXT,\n"
    "  definition TEXT,\n"
    "  calculation TEXT,\n"
    "  target TEXT,\n"
    "  achieved TEXT,\n"
    "  summary TEXT,\n"
    "  factors TEXT,\n"
    "  obstacles TEXT,\n"
    "  evidence TEXT,\n"
    "  reporter_key TEXT REFERENCES people(key) " DEFERRED "\n"
    ");\n"
    "CREATE INDEX indicators_fiscal_year ON indicators(fiscal_year);\n"
    "CREATE TABLE indicator_quarters (\n"
    "  indicator_key TEXT NOT NULL REFERENCES indicators(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),\n"
    "  body TEXT NOT NULL,\n"
    "  PRIMARY KEY (indicator_key, quarter)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE plans (\n"
    "  key TEXT PRIMARY KEY NOT NULL,\n"
    "  organization_key TEXT NOT NULL REFERENCES organizations(key) " DEFERRED ",\n"
    "  fiscal_year INTEGER NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  cover_lines TEXT,\n"
    "  cover_footer_lines TEXT,\n"
    "  back_lines TEXT,\n"
    "  has_announcement INTEGER NOT NULL DEFAULT 0 CHECK (has_announcement IN (0, 1)),\n"
    "  announcement_heading TEXT,\n"
    "  announcement_subject TEXT,\n"
    "  announcement_body TEXT,\n"
    "  announcement_closing TEXT,\n"
    "  announcement_date TEXT,\n"
    "  announcement_signer_name TEXT,\n"
    "  announcement_signer_position_lines TEXT,\n"
    "  announcement_emblem TEXT,\n"
    "  period_start TEXT,\n"
    "  period_end TEXT,\n"
    "  footnote TEXT,\n"
    "  note TEXT\n"
    ");\n"
    "CREATE INDEX plans_fiscal_year ON plans(fiscal_year);\n"
    "CREATE TABLE plan_sections (\n"
    "  plan_key TEXT NOT NULL REFERENCES plans(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  number INTEGER NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  body TEXT,\n"
    "  PRIMARY KEY (plan_key, number)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE plan_section_items (\n"
    "  plan_key TEXT NOT NULL,\n"
    "  section_number INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  PRIMARY KEY (plan_key, section_number, seq),\n"
    "  FOREIGN KEY (plan_key, section_number) REFERENCES plan_sections(plan_key, number)\n"
    "    ON DELETE CASCADE " DEFERRED "\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE plan_signatories (\n"
    "  plan_key TEXT NOT NULL REFERENCES plans(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  seq INTEGER NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  position_lines TEXT,\n"
    "  PRIMARY KEY (plan_key, seq)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE plan_activities (\n"
    "  plan_key TEXT NOT NULL REFERENCES plans(key) ON DELETE CASCADE " DEFERRED ",\n"
    "  number INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  remarks TEXT,\n"
    "  PRIMARY KEY (plan_key, number)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE plan_activity_details (\n"
    "  plan_key TEXT NOT NULL,\n"
    "  activity_number INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  text TEXT NOT NULL,\n"
    "  months_mask INTEGER NOT NULL DEFAULT 0 CHECK (months_mask BETWEEN 0 AND 4095),\n"
    "  PRIMARY KEY (plan_key, activity_number, seq),\n"
    "  FOREIGN KEY (plan_key, activity_number) REFERENCES plan_activities(plan_key, number)\n"
    "    ON DELETE CASCADE " DEFERRED "\n"
    ") WITHOUT ROWID;\n"
    /* Views for templates and `raingan list`. */
    "CREATE VIEW organization_paths(key, path, depth, top_key) AS\n"
    "  WITH RECURSIVE up(key, ancestor, path, depth, top_key) AS (\n"
    "    SELECT key, parent_key, name, 1, key FROM organizations\n"
    "    UNION ALL\n"
    "    SELECT up.key, o.parent_key, o.name || ' / ' || up.path, up.depth + 1, o.key\n"
    "    FROM up JOIN organizations o ON o.key = up.ancestor WHERE up.depth < 64)\n"
    "  SELECT key, path, depth, top_key FROM up WHERE ancestor IS NULL;\n"
    "CREATE VIEW plan_activity_months(plan_key, activity_number, detail_seq, month,\n"
    "                                 fiscal_index, year_be) AS\n"
    "  WITH RECURSIVE m(month) AS (SELECT 1 UNION ALL SELECT month + 1 FROM m WHERE month < 12)\n"
    "  SELECT d.plan_key, d.activity_number, d.seq, m.month,\n"
    "         CASE WHEN m.month >= 10 THEN m.month - 9 ELSE m.month + 3 END,\n"
    "         CASE WHEN m.month >= 10 THEN p.fiscal_year - 1 ELSE p.fiscal_year END\n"
    "  FROM plan_activity_details d JOIN plans p ON p.key = d.plan_key JOIN m\n"
    "  WHERE (d.months_mask >> (m.month - 1)) & 1;\n"
    "CREATE VIEW records(kind, key, fiscal_year, name) AS\n" RG_SCHEMA_RECORDS_BUILTIN ";\n";

/* Version 2 (issue 11): the bytes of the images records name, keyed by
 * their SHA-256 (lowercase hex); a record's image field holds
 * "sha256:HEX" (store/images.h). A field still holding a path (written by
 * version 1) keeps working until the record is imported again. */
static const char *const migration_2 =
    "CREATE TABLE images (\n"
    "  sha256 TEXT PRIMARY KEY NOT NULL\n"
    "    CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),\n"
    "  media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),\n"
    "  data BLOB NOT NULL\n"
    ");\n";

static const char *const migrations[] = {
    NULL,          /* version 0: empty */
    migration_1,
    migration_2,
};
#define LATEST_VERSION ((int)(sizeof migrations / sizeof migrations[0]) - 1)
_Static_assert(LATEST_VERSION == RG_STORE_SCHEMA_VERSION, "store.h names the schema version written");

/* An interrupted write (the process killed, the disk full) left a rollback
 * journal (or a write-ahead log) that must be played back before the data
 * can be read, and this connection is read-only: say which file and what
 * to do. Recovering here would write the database from a command that only
 * reads, so the user runs `raingan check --recover` (docs/robustness.md). */
static int interrupted_write_error(int extended, const char *path, rg_error *err)
{
    if (extended == SQLITE_BUSY_RECOVERY)
        return rg_error_set(err, RG_ERR_DB,
                            "%s: another process is recovering the database after an "
                            "interrupted write; try again when it has finished", path);
    int wal = extended == SQLITE_READONLY_RECOVERY;
    return rg_error_set(err, RG_ERR_DB_INTERRUPTED,
                        "%s: a write to the database was interrupted (an import killed, or "
                        "the disk full) and its %s %s%s is left; the database cannot be read "
                        "until that is played back, restoring the data as it was before that "
                        "write. Run `raingan check --recover --db %s` as a user who may write "
                        "%s and its directory. Do not delete %s%s: that would damage the "
                        "database", path, wal ? "write-ahead log" : "rollback journal", path,
                        wal ? "-wal" : "-journal", path, path, path, wal ? "-wal" : "-journal");
}

int rg_schema_db_error(sqlite3 *db, int rc, const char *path, const char *doing, rg_error *err)
{
    int primary = rc & 0xff;
    /* Callers pass the primary or the extended code: the handle knows which. */
    int extended = rc != primary || !db ? rc : sqlite3_extended_errcode(db);
    if ((extended & 0xff) != primary)
        extended = rc;
    if (extended == SQLITE_READONLY_ROLLBACK || extended == SQLITE_READONLY_RECOVERY ||
        extended == SQLITE_BUSY_RECOVERY)
        return interrupted_write_error(extended, path, err);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return rg_error_set(err, RG_ERR_DB,
                            "%s: the database is locked by another process (waited %d ms while "
                            "%s); try again when it has finished", path, rg_store_busy_timeout_ms(),
                            doing);
    if (primary == SQLITE_NOTADB)
        return rg_error_set(err, RG_ERR_DB, "%s: not a raingan database (not an SQLite file)",
                            path);
    if (primary == SQLITE_CORRUPT)
        return rg_error_set(err, RG_ERR_DB, "%s: the database file is damaged (%s)", path,
                            sqlite3_errmsg(db));
    if (primary == SQLITE_CANTOPEN)
        return rg_error_set(err, RG_ERR_DB, "%s: cannot open the database (%s)", path,
                            sqlite3_errmsg(db));
    if (primary == SQLITE_READONLY)
        return rg_error_set(err, RG_ERR_DB, "%s: the database is read-only (%s)", path,
                            sqlite3_errmsg(db));
    int system_errno = primary == SQLITE_IOERR && db ? sqlite3_system_errno(db) : 0;
    if (primary == SQLITE_FULL || system_errno == ENOSPC || system_errno == EFBIG ||
        system_errno == EDQUOT)
        return rg_error_set(err, RG_ERR_IO, "%s: disk full while %s%s%s%s", path, doing,
                            system_errno ? " (" : "", system_errno ? strerror(system_errno) : "",
                            system_errno ? ")" : "");
    if (system_errno)
        return rg_error_set(err, RG_ERR_IO, "%s: %s while %s (%s)", path, sqlite3_errmsg(db),
                            doing, strerror(system_errno));
    return rg_error_set(err, RG_ERR_DB, "%s: database error while %s: %s", path, doing,
                        sqlite3_errmsg(db));
}

int rg_schema_pragma_int(sqlite3 *db, const char *sql, int *value)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *value = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static int migrate(sqlite3 *db, int from, const char *path, rg_error *err)
{
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(db, rc, path, "upgrading the schema", err);
    /* Re-read under the write lock: another process may have migrated meanwhile. */
    int version = 0, app_id = 0;
    rc = rg_schema_pragma_int(db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = rg_schema_pragma_int(db, "PRAGMA application_id", &app_id);
    for (int v = version + 1; rc == SQLITE_OK && v <= LATEST_VERSION; v++)
        rc = sqlite3_exec(db, migrations[v], NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 (int)RG_STORE_APPLICATION_ID, LATEST_VERSION);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        rg_schema_db_error(db, rc, path, "upgrading the schema", err);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    (void)from;
    (void)app_id;
    return 0;
}

int rg_schema_prepare(sqlite3 *db, const char *path, int may_create, int may_migrate,
                      int *from_version, rg_error *err)
{
    int app_id = 0, version = 0, objects = 0;
    int rc = rg_schema_pragma_int(db, "PRAGMA application_id", &app_id);
    if (rc == SQLITE_OK)
        rc = rg_schema_pragma_int(db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = rg_schema_pragma_int(db, "SELECT count(*) FROM sqlite_master", &objects);
    if (rc != SQLITE_OK)
        return rg_schema_db_error(db, rc, path, "opening", err);
    *from_version = version;
    if (app_id != (int)RG_STORE_APPLICATION_ID) {
        if (app_id != 0 || objects != 0 || version != 0)
            return rg_error_set(err, RG_ERR_DB,
                                "%s: not a raingan database (an SQLite database of another "
                                "program); give another file with --db or RAINGAN_DB", path);
        if (!may_create)
            return rg_error_set(err, RG_ERR_DB,
                                "%s: empty database; create it with `raingan init --db %s`",
                                path, path);
    }
    if (version > LATEST_VERSION)
        return rg_error_set(err, RG_ERR_DB,
                            "%s: the database was written by a newer raingan (schema version "
                            "%d; this raingan knows up to version %d): upgrade raingan",
                            path, version, LATEST_VERSION);
    if (version == LATEST_VERSION && app_id == (int)RG_STORE_APPLICATION_ID)
        return 0;
    if (!may_migrate)
        return rg_error_set(err, RG_ERR_DB,
                            "%s: the database has schema version %d and needs upgrading to %d: "
                            "run `raingan init --db %s`", path, version, LATEST_VERSION, path);
    return migrate(db, version, path, err);
}
