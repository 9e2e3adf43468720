#!/bin/sh
# An import killed (SIGKILL) in the middle of its transaction, or stopped by
# a full disk, must cost nothing: read-only commands name the journal left
# and the fix (exit 5, error code RG_ERR_DB_INTERRUPTED), change nothing,
# and `raingan check --recover` restores the data as it was before the
# import (docs/robustness.md). Then `raingan check` on a database damaged in
# each way it can find: one line per problem naming table and key, exit 7.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
KEY=50310000-2961
DB=$TMP/k.db

assert_status 0 "$RAINGAN" import --db "$DB" "$EX"/seed-*.json
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $KEY --archive -o "$TMP/a.pdf"
"$RAINGAN" export --db "$DB" -o "$TMP/before.json"
cp "$DB" "$TMP/before.db"

# A project with 60,000 entries (20 MB of JSON): more than the import's page
# cache holds, so SQLite writes into the database file (after syncing its
# journal) long before the commit.
big_import_json >"$TMP/big.json"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM organizations WHERE key = 'hatyai'")" 1 "the organization of big.json is stored"

# kill_import [SIGNAL [PREFIX...]]: starts the import (through PREFIX, a
# command that execs the rest) and sends it SIGNAL (default KILL) once its
# journal is hot (its header written and synced: the first byte is no
# longer 0); its status in $import_status.
kill_import() {
  sig=${1:-KILL}
  [ $# -gt 0 ] && shift
  "$@" "$RAINGAN" import --db "$DB" "$TMP/big.json" >"$TMP/import.out" 2>"$TMP/import.err" &
  pid=$!
  i=0
  while [ $i -lt 3000 ]; do
    if [ -s "$DB-journal" ] && [ "$(head -c 1 "$DB-journal" | od -An -tx1 | tr -d ' ')" != 00 ]; then
      break
    fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.01
    i=$((i + 1))
  done
  kill -s "$sig" $pid 2>/dev/null
  wait $pid 2>/dev/null
  import_status=$?
  [ "$sig" = KILL ] || return 0
  [ -e "$DB-journal" ] || fail "kill -9 left no journal (the import finished first?)"
}
kill_import
cp "$DB-journal" "$TMP/journal.copy"
cmp -s "$DB" "$TMP/before.db" && fail "the killed import had not written into the database yet"

expect="$DB: a write to the database was interrupted (an import killed, or the disk full) and its rollback journal $DB-journal is left; the database cannot be read until that is played back, restoring the data as it was before that write. Run \`raingan check --recover --db $DB\` as a user who may write $DB and its directory. Do not delete $DB-journal: that would damage the database"
for cmd in "list" "export" "render progress-report --id $KEY -o $TMP/x.pdf" \
           "batch progress-report --out-dir $TMP/out -q" "verify $TMP/a.pdf" "check"; do
  # shellcheck disable=SC2086
  assert_status 5 "$RAINGAN" $cmd --db "$DB"
  assert_eq "$(cat "$TMP/stderr")" "raingan ${cmd%% *}: $expect" "$cmd after kill -9"
done
[ -e "$TMP/x.pdf" ] && fail "render wrote a PDF"
cmp -s "$DB-journal" "$TMP/journal.copy" || fail "a read-only command changed the journal"

# Another user may not write the file or its directory: refused, nothing touched.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  cp "$DB" "$TMP/hot.db"
  chmod 755 "$TMP"   # mktemp's 0700 would hide the file itself from that user
  assert_status 5 setpriv --reuid=65534 --regid=65534 --clear-groups "$RAINGAN" check --recover --db "$DB"
  assert_eq "$(cat "$TMP/stderr")" "raingan check: $DB: cannot recover it: this user may not write its directory $TMP, where the journal is deleted; run the command as its owner (or root)" "recover as another user"
  cmp -s "$DB" "$TMP/hot.db" || fail "a refused recovery changed the database"
  [ -e "$DB-journal" ] || fail "a refused recovery removed the journal"
fi

assert_status 0 "$RAINGAN" check --recover --db "$DB"
assert_eq "$(cat "$TMP/stdout")" "$DB: rolled back an interrupted write; the data is as it was before it
$DB: no problem found" "check --recover"
[ -e "$DB-journal" ] && fail "the journal is still there after check --recover"
"$RAINGAN" export --db "$DB" -o "$TMP/after.json"
cmp -s "$TMP/before.json" "$TMP/after.json" || fail "the data after recovery differs from before the import"
assert_status 0 "$RAINGAN" verify "$TMP/a.pdf" --db "$DB"
assert_status 0 "$RAINGAN" check --recover --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "$DB: nothing to recover" "check --recover with nothing to do"

# The import itself, when it is the one to find the journal, plays it back.
kill_import
assert_status 0 "$RAINGAN" import --db "$DB" "$EX"/seed-002-progress-2566.json
assert_status 0 "$RAINGAN" check --db "$DB"

# A full disk (the file-size limit: writes fail with EFBIG; SIGXFSZ ignored
# so the program sees the error): one message, the database byte for byte
# as it was, no journal left (SQLite's pager leaves it after an I/O error
# until the next read: the import reads at once so that it plays it back).
cp "$DB" "$TMP/full-before.db"
(trap '' XFSZ; ulimit -f 2000; exec "$RAINGAN" import --db "$DB" "$TMP/big.json") >"$TMP/stdout" 2>"$TMP/stderr"
assert_eq "$?" 4 "import into a full disk: exit status"
assert_eq "$(head -1 "$TMP/stderr")" "raingan import: $DB: disk full while writing (File too large)" "full disk"
cmp -s "$DB" "$TMP/full-before.db" || fail "full disk: the database changed"
[ -e "$DB-journal" ] && fail "full disk: the journal was left"
assert_status 0 "$RAINGAN" list --db "$DB"
# The same when the limit kills the import (SIGXFSZ): a hot journal, as for kill -9.
(ulimit -f 2000; exec "$RAINGAN" import --db "$DB" "$TMP/big.json") >/dev/null 2>&1
assert_status 5 "$RAINGAN" list --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "raingan check --recover" "killed by the file-size limit"
assert_status 0 "$RAINGAN" check --recover --db "$DB"
cmp -s "$DB" "$TMP/full-before.db" || fail "SIGXFSZ then recovery: the database differs"

# Ctrl-C, SIGTERM (a shutdown), SIGHUP (the terminal closed) mid-write:
# the import rolls back itself, exit 130, the database byte for byte as it
# was and no journal left (before: a hot journal, as for kill -9, and every
# read-only command refused the database until check --recover). A
# background job of sh starts with SIGINT ignored, and the suite itself may
# run with SIGHUP ignored (nohup): perl gives all three back, since a signal
# ignored at the start stays ignored (below).
for sig in INT TERM HUP; do
  kill_import $sig perl -e '$SIG{$_} = "DEFAULT" for qw(INT TERM HUP); exec @ARGV or die'
  assert_eq "$import_status" 130 "import stopped by SIG$sig: exit status"
  assert_eq "$(cat "$TMP/import.err")" "raingan import: $DB: stopped by a signal (Ctrl-C, SIGTERM, the terminal closed) before the import was committed
raingan import: nothing was imported; $DB is unchanged" "import stopped by SIG$sig"
  [ -e "$DB-journal" ] && fail "SIG$sig: the journal was left"
  cmp -s "$DB" "$TMP/full-before.db" || fail "SIG$sig: the database changed"
done
assert_status 0 "$RAINGAN" list --db "$DB"
# A signal ignored when the import started (nohup, a script's background
# job) stays ignored: the import completes.
kill_import INT
assert_eq "$import_status" 0 "import with SIGINT ignored: exit status"
assert_status 0 "$RAINGAN" check --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "no problem found" "import with SIGINT ignored: stored whole"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM progress_entries WHERE project_key = 'big'")" 60000 "import with SIGINT ignored: every entry"
cp "$TMP/full-before.db" "$DB"

# ---- raingan check on damaged databases ----
GOOD=$TMP/good.db
assert_status 0 "$RAINGAN" import --db "$GOOD" "$EX"/seed-*.json
assert_status 0 "$RAINGAN" check --db "$GOOD"
assert_eq "$(cat "$TMP/stdout")" "$GOOD: no problem found" "a good database"
damaged() {  # damaged NAME SQL: a copy of the good database changed by SQL (foreign keys off)
  cp "$GOOD" "$TMP/$1.db"
  sqlite3 "$TMP/$1.db" "PRAGMA foreign_keys = OFF; $2" || fail "sqlite3 $2"
}
# check_finds NAME STATUS EXPECTED-OUTPUT
check_finds() {
  assert_status "$2" "$RAINGAN" check --db "$TMP/$1.db"
  assert_eq "$(cat "$TMP/stdout")" "$3" "check of $1"
}
damaged orphan "INSERT INTO progress_entries VALUES ('nope', 1, '2023-01-01', '<rt></rt>', NULL, 0, 1, 1);
  DELETE FROM people WHERE key = 'person/ornicha-salikup'"
check_finds orphan 7 "progress_entries (project_key='nope', number=1): refers to projects 'nope', which does not exist
projects (key='$KEY'): refers to people 'person/ornicha-salikup', which does not exist"
assert_eq "$(cat "$TMP/stderr")" "raingan check: $TMP/orphan.db: 2 problems found" "problem count"

end=$(sqlite3 "$GOOD" "SELECT end_date FROM projects WHERE key = '$KEY'")
damaged values "UPDATE projects SET fiscal_year = 'abc', start_date = '2099-02-30' WHERE key = '$KEY';
  UPDATE progress_entries SET body = '<p>x</p>' WHERE project_key = '$KEY' AND number = 1;
  UPDATE people SET name = CAST(X'E0B8' AS TEXT) WHERE key = 'person/somprasong'"
check_finds values 7 "people (key='person/somprasong'): name is not valid UTF-8 (byte 1)
progress_entries (project_key='$KEY', number=1): body is not canonical rich text (<rt>...</rt>: damaged, or written by another program)
projects (key='$KEY'): fiscal_year holds text where INTEGER is declared
projects (key='$KEY'): start_date is not a date YYYY-MM-DD: '2099-02-30'
projects (key='$KEY'): ends ($end) before it starts (2099-02-30)"

damaged rules "INSERT INTO organizations VALUES ('L1', 'a', 'L2'), ('L2', 'b', 'L1');
  DELETE FROM plan_section_items WHERE seq = 1 AND section_number = 3"
check_finds rules 7 "organizations (key='L1'): its chain of parent units loops (or is deeper than 64): no top unit is reached
organizations (key='L2'): its chain of parent units loops (or is deeper than 64): no top unit is reached
plan_section_items (plan_key='hatyai-info-center-2563', section_number=3): seq runs 2..2 for 1 rows (1, 2, ... expected)"

damaged old "PRAGMA user_version = 0"
check_finds old 7 "database: schema version 0; this raingan uses 2: run \`raingan init --db $TMP/old.db\` to upgrade it (only SQLite's checks were run)"
damaged newer "PRAGMA user_version = 9"
check_finds newer 7 "database: schema version 9, written by a newer raingan (this one knows up to 2; only SQLite's checks were run)"
damaged schema "DROP VIEW records; CREATE TABLE extra(x); DROP INDEX projects_fiscal_year;
  CREATE INDEX projects_fiscal_year ON projects(name)"
check_finds schema 7 "extra: a table that schema version 2 does not have (added by another program?)
projects_fiscal_year: the index's definition differs from schema version 2 (changed by another program?)
records: the view is missing (schema version 2 has it)"

# A page of the progress entries' table overwritten (SQLite's integrity_check).
page=$(sqlite3 "$GOOD" "SELECT rootpage FROM sqlite_master WHERE name = 'progress_entries'")
cp "$GOOD" "$TMP/page.db"
head -c 4096 /dev/zero | tr '\0' Z | dd of="$TMP/page.db" bs=4096 seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null
assert_status 7 "$RAINGAN" check --db "$TMP/page.db"
assert_contains "$(head -1 "$TMP/stdout")" "database: integrity_check: Page $page: " "a damaged page"
assert_contains "$(cat "$TMP/stdout")" "progress_entries: cannot be read while reading its values: database disk image is malformed" "a damaged page"
# The schema itself (page 1 after its header) overwritten.
cp "$GOOD" "$TMP/schema-page.db"
head -c 3000 /dev/zero | tr '\0' Z | dd of="$TMP/schema-page.db" bs=1 seek=100 conv=notrunc 2>/dev/null
check_finds schema-page 7 "database: the file is damaged: its schema cannot be read (database disk image is malformed); nothing else can be checked"

# What cannot be checked at all: exit 5.
assert_status 5 "$RAINGAN" check --db "$TMP/missing.db"
assert_eq "$(cat "$TMP/stderr")" "raingan check: $TMP/missing.db: no such database" "missing database"
[ -e "$TMP/missing.db" ] && fail "check created the database"
printf 'not a database\n' >"$TMP/text.db"
assert_status 5 "$RAINGAN" check --db "$TMP/text.db"
sqlite3 "$TMP/other.db" "CREATE TABLE t(x)"
assert_status 5 "$RAINGAN" check --db "$TMP/other.db"
assert_eq "$(cat "$TMP/stderr")" "raingan check: $TMP/other.db: not a raingan database (PRAGMA application_id is 0)" "another program's database"
assert_status 2 "$RAINGAN" check --db "$GOOD" extra
finish
