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
finish() {
  if [ "$FAILURES" -gt 0 ]; then echo "$FAILURES assertion(s) failed" >&2; exit 1; fi
  exit 0
}
