# Shared helpers for the shell tests: source it, then call the assertions.
# Every assertion failure prints what was expected and what came back, and the
# test exits non-zero at the end (see finish).
set -u
: "${RAINGAN:?run through make check}" "${top_srcdir:?}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/raingan-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILURES=0

# wait_for_file PATH WHAT: wait (up to 120 s) until a background helper has
# created PATH, i.e. holds the lock the next check needs.
wait_for_file() {
  local i=0
  while [ ! -e "$1" ]; do
    i=$((i + 1)); [ $i -le 1200 ] || { echo "FAIL: $2 never ready" >&2; exit 1; }
    sleep 0.1
  done
}
fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
# assert_eq ACTUAL EXPECTED MESSAGE
assert_eq() { [ "$1" = "$2" ] || fail "$3: got [$1], expected [$2]"; }
# assert_contains HAYSTACK NEEDLE MESSAGE
assert_contains() { case "$1" in *"$2"*) ;; *) fail "$3: [$2] not found in output:
$1" ;; esac; }
assert_not_contains() { case "$1" in *"$2"*) fail "$3: [$2] found in output" ;; *) ;; esac; }
# assert_status EXPECTED COMMAND...: runs the command, checks its exit status;
# its stderr is kept in $TMP/stderr for further assertions.
assert_status() {
  local expected=$1; shift
  local status=0
  "$@" >"$TMP/stdout" 2>"$TMP/stderr" || status=$?
  [ "$status" = "$expected" ] || fail "exit status of [$*]: got $status, expected $expected; stderr: $(cat "$TMP/stderr")"
}
# big_import_json: on stdout, an import file of one project ("big", of the
# seeds' organization "hatyai") with 60,000 entries, 20 MB: more than an
# import's page cache holds, so SQLite writes into the database file (after
# syncing its journal) long before the commit (db_recovery.sh, readonly_mount.sh).
big_import_json() {
  printf '{"raingan": 1, "records": [{"kind": "project", "key": "big", "code": "B", "name": "n",'
  printf ' "fiscal_year": 2566, "start_date": "2022-10-01", "end_date": "2023-09-30",'
  printf ' "organization": "hatyai", "entries": [\n'
  awk 'BEGIN { pad = "รายงานความก้าวหน้าของโครงการ รายงานความก้าวหน้าของโครงการ รายงานความก้าวหน้า";
    for (i = 1; i <= 60000; i++) printf "{\"number\": %d, \"date\": \"2023-01-16\", \"body\": \"<p>%s %d</p>\"}%s\n", i, pad, i, (i < 60000 ? "," : "") }'
  printf ']}]}\n'
}
# dry_run_same WRITABLE_DIR READ_ONLY_DIR DB RUNNER FILE...: `raingan import
# --dry-run --db DB FILE...` run in READ_ONLY_DIR (through RUNNER, words
# before the command, e.g. setpriv to run as another user, or "") prints, byte for byte, the stdout and
# stderr and exits as the same dry run in WRITABLE_DIR (each run from its
# directory, so that the messages name the same DB); READ_ONLY_DIR/DB is
# unchanged (cmp) and no journal is left beside it. The read-only run's
# output is left in $TMP/dry.out and $TMP/dry.err, its exit status in
# $DRY_STATUS (import_safety.sh, readonly_mount.sh).
dry_run_same() {
  local w=$1 r=$2 db=$3 runner=$4 ws=0 rs=0
  shift 4
  cp "$r/$db" "$TMP/dry-before.db"
  (cd "$w" && exec "$RAINGAN" import --dry-run --db "$db" "$@") >"$TMP/dry-w.out" 2>"$TMP/dry-w.err" || ws=$?
  # shellcheck disable=SC2086 # RUNNER is words
  (cd "$r" && exec $runner "$RAINGAN" import --dry-run --db "$db" "$@") >"$TMP/dry.out" 2>"$TMP/dry.err" || rs=$?
  DRY_STATUS=$rs
  assert_eq "$rs" "$ws" "exit status of the dry run of [$*] on $r/$db (stderr: $(cat "$TMP/dry.err"))"
  cmp -s "$TMP/dry.out" "$TMP/dry-w.out" ||
    fail "dry run of [$*]: the output on $r/$db differs from the output on a writable copy: $(diff "$TMP/dry-w.out" "$TMP/dry.out" | head -20)"
  cmp -s "$TMP/dry.err" "$TMP/dry-w.err" ||
    fail "dry run of [$*]: the messages on $r/$db differ from those on a writable copy: $(diff "$TMP/dry-w.err" "$TMP/dry.err" | head -20)"
  cmp -s "$r/$db" "$TMP/dry-before.db" || fail "dry run of [$*] changed $r/$db"
  [ -e "$r/$db-journal" ] && fail "dry run of [$*] left $r/$db-journal"
  return 0
}
# csv_examples: the example CSV files as Excel writes them and their mapping
# (examples/excel*) copied into $TMP, which becomes the working directory;
# EX the examples, DB the database to make ($TMP/a.db), MAP the mapping
# (import_csv.sh, import_csv_patch.sh).
csv_examples() {
  EX=$top_srcdir/examples
  DB=$TMP/a.db
  MAP=$TMP/excel.map
  cp "$EX"/excel.map "$EX"/excel-organizations.csv "$EX"/excel-projects.csv \
    "$EX"/excel-progress.csv "$TMP"/
  cd "$TMP" || exit 1
}
# import_refused STATUS MESSAGE [import args...]: `raingan import --db $DB`
# exits STATUS, says MESSAGE and "nothing was imported", and leaves $DB byte
# for byte as it was: its SHA-256 is still $sum, taken by the caller before
# (import_csv.sh, import_nested_lists.sh, import_postgresql.sh).
import_refused() {
  local status=$1 message=$2; shift 2
  assert_status "$status" "$RAINGAN" import --db "$DB" "$@"
  assert_contains "$(cat "$TMP/stderr")" "$message" "$message"
  assert_contains "$(cat "$TMP/stderr")" "nothing was imported" "$message: nothing imported"
  assert_eq "$(sha256sum < "$DB")" "$sum" "$message: database unchanged"
}
# image_plan_setup [DIR...]: for the tests of images a plan names: EX the
# examples, PLAN the example plan's key, DB $TMP/db/p.db (its directory
# made), $TMP/DIR made for each DIR, and RAINGAN_IMAGE_DIRS unset (the suite
# allows examples/ for the other tests) (image_store.sh, image_safety.sh).
image_plan_setup() {
  EX="$top_srcdir/examples"
  PLAN=hatyai-info-center-2563
  unset RAINGAN_IMAGE_DIRS
  DB=$TMP/db/p.db
  mkdir -p "$TMP/db"
  local dir
  for dir in "$@"; do mkdir -p "$TMP/$dir"; done
}
finish() {
  if [ "$FAILURES" -gt 0 ]; then echo "$FAILURES assertion(s) failed" >&2; exit 1; fi
  exit 0
}
