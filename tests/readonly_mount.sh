#!/bin/sh
# A database on a file system mounted read-only (a backup disk, a share
# mounted ro): the commands that only read work, the ones that write say
# why they cannot and change nothing; a journal left hot by a killed import
# cannot be played back there, and `check --recover` says it is the mount,
# not the user (issue 11, docs/robustness.md). Run in a mount namespace of
# its own (unshare), so the tmpfs vanishes with the test; skipped (77)
# where that is not allowed (not root, no CAP_SYS_ADMIN).
if [ -z "${RAINGAN_IN_MOUNT_NS:-}" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null ||
     ! unshare --mount --propagation private true 2>/dev/null; then
    echo "SKIP: needs root and mount namespaces"; exit 77
  fi
  RAINGAN_IN_MOUNT_NS=1 exec unshare --mount --propagation private sh "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
KEY=50310000-2961
RO=$TMP/ro
mkdir -p "$RO" "$TMP/w"
mount -t tmpfs -o size=64m tmpfs "$RO" || { echo "SKIP: cannot mount a tmpfs"; exit 77; }
trap 'umount "$RO" 2>/dev/null; rm -rf "$TMP"' EXIT

# A clean database and a copy of it with a hot journal (an import killed
# with SIGKILL once it had written into the file), both made writable first.
assert_status 0 "$RAINGAN" import --db "$RO/r.db" "$EX"/seed-*.json
assert_status 0 "$RAINGAN" render progress-report --db "$RO/r.db" --id $KEY --archive -o "$TMP/a.pdf"
cp "$RO/r.db" "$RO/h.db"
big_import_json >"$TMP/big.json"
"$RAINGAN" import --db "$RO/h.db" "$TMP/big.json" >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 3000 ]; do
  [ -s "$RO/h.db-journal" ] && [ "$(head -c 1 "$RO/h.db-journal" | od -An -tx1 | tr -d ' ')" != 00 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.01
  i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ -e "$RO/h.db-journal" ] || fail "kill -9 left no journal (the import finished first?)"
mount -o remount,ro "$RO" || fail "remount read-only"
touch "$RO/x" 2>/dev/null && fail "the mount is writable"
sums() { sha256sum "$RO"/* | sha256sum; }
before=$(sums)

# Reading works.
assert_status 0 "$RAINGAN" list --db "$RO/r.db"
assert_status 0 "$RAINGAN" export --db "$RO/r.db" -o "$TMP/w/e.json"
assert_status 0 "$RAINGAN" render progress-report --db "$RO/r.db" --id $KEY -o "$TMP/w/r.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/a.pdf" --db "$RO/r.db"
assert_status 0 "$RAINGAN" check --db "$RO/r.db"
assert_status 0 "$RAINGAN" check --recover --db "$RO/r.db"
assert_eq "$(head -1 "$TMP/stdout")" "$RO/r.db: nothing to recover" "check --recover with no journal on a read-only mount"
# Writing is refused, naming the reason; nothing changes.
assert_status 5 "$RAINGAN" import --db "$RO/r.db" "$EX/seed-002-progress-2566.json"
assert_eq "$(cat "$TMP/stderr")" "raingan import: $RO/r.db: the database is read-only (attempt to write a readonly database)
raingan import: nothing was imported; $RO/r.db is unchanged" "import into a read-only mount"
assert_status 4 "$RAINGAN" render progress-report --db "$RO/r.db" --id $KEY -o "$RO/out.pdf"
assert_contains "$(cat "$TMP/stderr")" "Read-only file system" "render -o onto a read-only mount"
# The hot journal: read-only commands name it; recovery names the mount.
assert_status 5 "$RAINGAN" list --db "$RO/h.db"
assert_contains "$(cat "$TMP/stderr")" "its rollback journal $RO/h.db-journal is left" "list with a hot journal on a read-only mount"
assert_status 5 "$RAINGAN" check --recover --db "$RO/h.db"
assert_eq "$(cat "$TMP/stderr")" "raingan check: $RO/h.db: cannot recover it: its directory $RO is on a file system mounted read-only; remount it read-write (or copy the database and its journal together to a writable directory) and run this again" "check --recover on a read-only mount"
# A dry run works there, on a copy in memory, and says what it says on a
# writable copy (the update of a budget; the stored data again).
mkdir "$TMP/wd"
cp "$RO/r.db" "$TMP/wd/r.db"
sed 's/"budget_received": 0/"budget_received": 150000/' "$EX/seed-002-progress-2566.json" > "$TMP/w/upd.json"
dry_run_same "$TMP/wd" "$RO" r.db "" "$TMP/w/upd.json"
assert_eq "$DRY_STATUS" 0 "dry run on a read-only mount"
assert_contains "$(cat "$TMP/dry.out")" "budget_received: 0 -> 150000" "dry run on a read-only mount: the change"
assert_contains "$(cat "$TMP/dry.out")" "nothing was written to r.db" "dry run on a read-only mount: the summary"
dry_run_same "$TMP/wd" "$RO" r.db "" "$EX"/seed-*.json
assert_contains "$(cat "$TMP/dry.out")" "0 to create, 0 to update" "dry run of the stored data on a read-only mount"
# With the hot journal: refused as every read is, naming the journal.
assert_status 5 "$RAINGAN" import --dry-run --db "$RO/h.db" "$EX/seed-002-progress-2566.json"
assert_contains "$(cat "$TMP/stderr")" "its rollback journal $RO/h.db-journal is left" "dry run with a hot journal on a read-only mount"
assert_eq "$(sums)" "$before" "the read-only mount's files"
# The fix the message gives: copied together to a writable place, recovered.
cp "$RO/h.db" "$RO/h.db-journal" "$TMP/w/"
assert_status 0 "$RAINGAN" check --recover --db "$TMP/w/h.db"
assert_contains "$(cat "$TMP/stdout")" "rolled back an interrupted write" "recovered once copied"
"$RAINGAN" export --db "$TMP/w/h.db" -o "$TMP/w/h.json" && cmp -s "$TMP/w/h.json" "$TMP/w/e.json" ||
  fail "the copy recovered does not hold the data as it was before the import"
finish
