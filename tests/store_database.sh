# Databases raingan must refuse or wait for: a file that is not SQLite, an
# SQLite database of another program, one from a newer raingan, one locked by
# another process (busy timeout, then a clear message). Each is left as it was.
. "$top_srcdir/tests/lib.sh"
DATA=$top_srcdir/tests/data/store

# Not SQLite at all.
printf 'this is not a database, just text that is long enough to be a header\n' > "$TMP/text.db"
sum=$(sha256sum < "$TMP/text.db")
for cmd in "import --db $TMP/text.db $DATA/good.json" "list --db $TMP/text.db" "export --db $TMP/text.db" "init --db $TMP/text.db"; do
  assert_status 5 "$RAINGAN" $cmd
  assert_contains "$(cat "$TMP/stderr")" "$TMP/text.db: not a raingan database (not an SQLite file)" "$cmd"
done
assert_eq "$(sha256sum < "$TMP/text.db")" "$sum" "non-SQLite file unchanged"

# Another program's SQLite database.
sqlite3 "$TMP/other.db" "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');"
sum=$(sha256sum < "$TMP/other.db")
for cmd in "import --db $TMP/other.db $DATA/good.json" "list --db $TMP/other.db" "init --db $TMP/other.db"; do
  assert_status 5 "$RAINGAN" $cmd
  assert_contains "$(cat "$TMP/stderr")" "$TMP/other.db: not a raingan database (an SQLite database of another program)" "$cmd"
done
assert_eq "$(sha256sum < "$TMP/other.db")" "$sum" "foreign SQLite database unchanged"

# A database from a newer raingan.
"$RAINGAN" import --db "$TMP/new.db" "$DATA/good.json" >/dev/null || fail "setup import"
sqlite3 "$TMP/new.db" "PRAGMA user_version = 99"
sum=$(sha256sum < "$TMP/new.db")
for cmd in "import --db $TMP/new.db $DATA/good.json" "list --db $TMP/new.db" "export --db $TMP/new.db" "init --db $TMP/new.db"; do
  assert_status 5 "$RAINGAN" $cmd
  assert_contains "$(cat "$TMP/stderr")" "$TMP/new.db: the database was written by a newer raingan (schema version 99; this raingan knows up to version 2): upgrade raingan" "$cmd"
done
assert_eq "$(sha256sum < "$TMP/new.db")" "$sum" "newer database unchanged"

# Reading a database that does not exist.
assert_status 5 "$RAINGAN" list --db "$TMP/none.db"
assert_contains "$(cat "$TMP/stderr")" "$TMP/none.db: no such database" "list without database"
[ -e "$TMP/none.db" ] && fail "list created a database"

# Locked: another process holds an exclusive lock.
DB=$TMP/locked.db
"$RAINGAN" import --db "$DB" "$DATA/good.json" >/dev/null || fail "setup import"
sum=$(sha256sum < "$DB")
mkfifo "$TMP/hold"
sqlite3 "$DB" < "$TMP/hold" > /dev/null 2>&1 &
holder=$!
exec 3> "$TMP/hold"
echo "BEGIN EXCLUSIVE; UPDATE people SET phone = phone;" >&3
# Wait until the lock is really held (a reader with no timeout fails).
for i in $(seq 1 50); do
  sqlite3 "$DB" "SELECT count(*) FROM people" >/dev/null 2>&1 || break
  sleep 0.1
done
start=$(date +%s%N)
assert_status 5 env RAINGAN_BUSY_TIMEOUT_MS=300 "$RAINGAN" import --db "$DB" "$DATA/update.json"
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
assert_contains "$(cat "$TMP/stderr")" "$DB: the database is locked by another process (waited 300 ms" "locked import"
[ "$elapsed" -ge 250 ] || fail "the import did not wait for the busy timeout ($elapsed ms)"
assert_status 5 env RAINGAN_BUSY_TIMEOUT_MS=100 "$RAINGAN" list --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "the database is locked by another process" "locked list"
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"
assert_eq "$(sha256sum < "$DB")" "$sum" "locked database unchanged"
# Once the lock is gone the same import succeeds.
assert_status 0 "$RAINGAN" import --db "$DB" "$DATA/update.json"
# A new database in a directory that does not exist: the directory is named.
assert_status 4 "$RAINGAN" init --db "$TMP/no-such-dir/office.db"
assert_contains "$(cat "$TMP/stderr")" "the directory $TMP/no-such-dir does not exist" "missing directory named"
[ ! -e "$TMP/no-such-dir" ] || fail "init created the missing directory"
finish
