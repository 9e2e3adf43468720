#!/bin/sh
# `raingan import --dry-run` on a database this user cannot write: an
# archived copy without write permission, one in a directory this user may
# not write (where the journal would go). The dry run works on a copy in
# memory (rg_store_open_copy) and says exactly what it says on a writable
# copy of the same file: the same lines, the same messages, the same exit
# status; the file is unchanged and no journal is made. A real import is
# still refused there. (A read-only mount: readonly_mount.sh.)
. "$top_srcdir/tests/lib.sh"
DATA=$top_srcdir/tests/data/store

# Root may write any file: the runs that must be refused the write run as
# nobody. The files they read must then be readable by nobody.
RUNNER=""
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || { echo "SKIP: root without setpriv"; exit 77; }
  RUNNER="setpriv --reuid=65534 --regid=65534 --clear-groups"
  chmod 711 "$TMP"
fi
mkdir -m 755 "$TMP/w" "$TMP/file" "$TMP/dir" "$TMP/in"
"$RAINGAN" import --db "$TMP/w/r.db" "$DATA/good.json" >/dev/null || fail "setup import"
cat > "$TMP/in/patch.json" <<'JSON'
{"raingan": 1, "records": [
 {"kind": "project", "key": "T-0001", "patch": true, "budget_spent": 5000, "responsible": null,
  "entries": [{"number": 2, "progress_percent": 80}, {"number": 3, "date": "2023-03-01", "body": "ใหม่"},
              {"number": 1, "delete": true}]}
]}
JSON
sed 's/"entries"/"entry"/' "$DATA/update.json" > "$TMP/in/typo.json"
printf '{"raingan": 1, "records": [{"kind": "person", "key": "t/new", "name": "นายใหม่ ทดสอบ"}]}\n' > "$TMP/in/new.json"
chmod 644 "$TMP/in"/*.json

# The file without write permission, in a directory this user may write.
cp "$TMP/w/r.db" "$TMP/file/r.db"
chmod 444 "$TMP/file/r.db"
[ -n "$RUNNER" ] && chown 65534 "$TMP/file"
# The file this user may write, in a directory it may not.
cp "$TMP/w/r.db" "$TMP/dir/r.db"
chmod 644 "$TMP/dir/r.db"
[ -n "$RUNNER" ] && chown 65534 "$TMP/dir/r.db"
chmod 555 "$TMP/dir"

for ro in file dir; do
  # shellcheck disable=SC2086 # RUNNER is words
  $RUNNER sh -c 'test -w "$1/r.db" && test -w "$1"' sh "$TMP/$ro" &&
    fail "$ro: the test user may write both the database and its directory"
  # A replacing update: every change and deletion listed.
  dry_run_same "$TMP/w" "$TMP/$ro" r.db "$RUNNER" "$DATA/update.json"
  assert_eq "$DRY_STATUS" 0 "$ro: dry run of update.json"
  assert_contains "$(cat "$TMP/dry.out")" "  entries[number=2]: DELETED" "$ro: dry run of update.json"
  assert_eq "$(tail -1 "$TMP/dry.out")" "dry run: 0 to create, 1 to update (11 changes, 6 deletions), 0 unchanged; nothing was written to r.db" "$ro: the dry run's summary"
  # Unchanged records, new records, a patch, several files in one run.
  dry_run_same "$TMP/w" "$TMP/$ro" r.db "$RUNNER" "$DATA/good.json"
  assert_contains "$(cat "$TMP/dry.out")" "4 unchanged" "$ro: dry run of the stored data"
  dry_run_same "$TMP/w" "$TMP/$ro" r.db "$RUNNER" "$TMP/in/new.json" "$TMP/in/patch.json"
  assert_contains "$(cat "$TMP/dry.out")" "  entries[number=1]: DELETED" "$ro: a patch and a new record"
  assert_contains "$(cat "$TMP/dry.out")" 'create person "t/new"' "$ro: a patch and a new record"
  # Refusals: the same message and status, and "nothing was written".
  dry_run_same "$TMP/w" "$TMP/$ro" r.db "$RUNNER" "$TMP/in/typo.json"
  assert_eq "$DRY_STATUS" 3 "$ro: dry run of a misspelt field"
  assert_contains "$(cat "$TMP/dry.err")" 'unknown field "entry" (did you mean "entries"?)' "$ro: a misspelt field"
  dry_run_same "$TMP/w" "$TMP/$ro" r.db "$RUNNER" "$DATA/bad-percent.json"
  assert_eq "$DRY_STATUS" 3 "$ro: dry run of a bad percentage"
  assert_eq "$(tail -1 "$TMP/dry.err")" "raingan import: dry run: nothing was written" "$ro: a bad percentage"
  # The import itself is refused as before, and writes nothing.
  (cd "$TMP/$ro" && exec $RUNNER "$RAINGAN" import --db r.db "$DATA/update.json") >"$TMP/stdout" 2>"$TMP/stderr" &&
    fail "$ro: the import was not refused"
  assert_contains "$(cat "$TMP/stderr")" "raingan import: nothing was imported; r.db is unchanged" "$ro: the import refused"
  cmp -s "$TMP/$ro/r.db" "$TMP/w/r.db" || fail "$ro: the refused import changed r.db"
  [ -e "$TMP/$ro/r.db-journal" ] && fail "$ro: the refused import left a journal"
done
# Databases refused: refused alike (the messages name the same file).
mkdir -m 755 "$TMP/w2" "$TMP/file2"
printf 'this is not a database, just text that is long enough to be a header\n' > "$TMP/w2/text.db"
cp "$TMP/w/r.db" "$TMP/w2/new.db"
sqlite3 "$TMP/w2/new.db" "PRAGMA user_version = 99"
cp "$TMP/w2/text.db" "$TMP/w2/new.db" "$TMP/file2/"
chmod 444 "$TMP/file2"/*.db
dry_run_same "$TMP/w2" "$TMP/file2" text.db "$RUNNER" "$DATA/good.json"
assert_eq "$(cat "$TMP/dry.err")" "raingan import: text.db: not a raingan database (not an SQLite file)" \
  "dry run of a file that is not SQLite"
dry_run_same "$TMP/w2" "$TMP/file2" new.db "$RUNNER" "$DATA/good.json"
assert_eq "$DRY_STATUS" 5 "dry run on a database of a newer raingan"
assert_contains "$(cat "$TMP/dry.err")" "written by a newer raingan" "dry run on a database of a newer raingan"

# Files a read-write open would change before the dry run's transaction
# (committed, not rolled back): an empty file given the schema, a schema 1
# database upgraded. Writable or not, the dry run works on a copy in memory
# and the file stays as it was (before: both were written).
mkdir -m 755 "$TMP/w3" "$TMP/file3"
: > "$TMP/w3/empty.db"
cp "$TMP/w/r.db" "$TMP/w3/old.db"
sqlite3 "$TMP/w3/old.db" "DROP TABLE images; PRAGMA user_version = 1"
cp "$TMP/w3/empty.db" "$TMP/w3/old.db" "$TMP/file3/"
chmod 444 "$TMP/file3"/*.db
# trial DB FILE: the dry run of FILE on both copies of DB; the writable one unchanged too.
trial() {
  cp "$TMP/w3/$1" "$TMP/w3-$1"
  dry_run_same "$TMP/w3" "$TMP/file3" "$1" "$RUNNER" "$2"
  assert_eq "$DRY_STATUS" 0 "dry run on $1"
  cmp -s "$TMP/w3/$1" "$TMP/w3-$1" || fail "the dry run changed the writable $1"
  [ -e "$TMP/w3/$1-journal" ] && fail "the dry run left a journal beside the writable $1"
}
trial old.db "$DATA/update.json"
assert_eq "$(tail -1 "$TMP/dry.out")" "dry run: 0 to create, 1 to update (11 changes, 6 deletions), 0 unchanged; nothing was written to old.db" "dry run on a schema 1 database"
assert_eq "$(sqlite3 "$TMP/w3/old.db" "PRAGMA user_version")" 1 "the schema 1 database after a dry run"
trial empty.db "$DATA/good.json"
assert_contains "$(cat "$TMP/dry.out")" "dry run: 4 to create" "dry run on an empty file"
assert_eq "$(wc -c < "$TMP/w3/empty.db" | tr -d ' ')" 0 "the empty file after a dry run"

# The writable copy's own dry runs changed nothing either.
"$RAINGAN" export --db "$TMP/w/r.db" -o "$TMP/w.json" && "$RAINGAN" export --db "$TMP/file/r.db" -o "$TMP/f.json" &&
  cmp -s "$TMP/w.json" "$TMP/f.json" || fail "the writable copy no longer holds the data imported"
chmod 755 "$TMP/dir"
finish
