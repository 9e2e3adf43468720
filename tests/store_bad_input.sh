# Every bad input gets one clear message naming file, JSON path and line, a
# non-zero exit, and leaves the database byte-identical; a failed import into
# a database that did not exist leaves no file behind.
. "$top_srcdir/tests/lib.sh"
DATA=$top_srcdir/tests/data/store
DB=$TMP/a.db
"$RAINGAN" import --db "$DB" "$DATA/good.json" >/dev/null || fail "setup import"
sum=$(sha256sum < "$DB")

# check_bad FILE MESSAGE: import fails with status 3, prints MESSAGE, db unchanged.
check_bad() {
  assert_status 3 "$RAINGAN" import --db "$DB" "$DATA/$1"
  assert_contains "$(cat "$TMP/stderr")" "raingan import: $DATA/$1: $2" "$1"
  assert_contains "$(cat "$TMP/stderr")" "nothing was imported" "$1"
  assert_eq "$(sha256sum < "$DB")" "$sum" "$1 leaves the database unchanged"
}
check_bad bad-malformed.json "line 5: malformed JSON: invalid object key (must be a string)"
check_bad bad-wrong-type.json '$.records[1].budget_received (line 8): expected an amount in baht (a JSON number, 0 or more), got "100"'
check_bad bad-missing-field.json '$.records[1] (line 5): missing required field "name"'
check_bad bad-percent.json '$.records[1].entries[0].progress_percent (line 10): expected a number from 0 to 100, got 140'
check_bad bad-negative.json '$.records[1].entries[0].budget_used (line 9): expected an amount of 0 baht or more, got -1'
check_bad bad-duplicate-entry.json '$.records[1].entries[1].number (line 10): duplicate entry number 1 (entry 0, line 9, has it too)'
check_bad bad-date.json '$.records[1].entries[0].date (line 9): impossible date "31/02/2563": month 2 of 2563 has 29 days'
check_bad bad-reference.json '$.records[1].coordinator (line 8): no person with key "t/nobody" (neither in the database nor in this import)'

# A good file followed by a bad one: one transaction, nothing stored.
assert_status 3 "$RAINGAN" import --db "$DB" "$DATA/update.json" "$DATA/bad-percent.json"
assert_eq "$(sha256sum < "$DB")" "$sum" "good + bad file leaves the database unchanged"

# A missing file, an empty file, a file that is not JSON.
assert_status 4 "$RAINGAN" import --db "$DB" "$TMP/missing.json"
assert_contains "$(cat "$TMP/stderr")" "$TMP/missing.json: cannot open" "missing file"
: > "$TMP/empty.json"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/empty.json"
assert_contains "$(cat "$TMP/stderr")" "$TMP/empty.json: line 1: malformed JSON: the file ends before the JSON is complete" "empty file"
printf 'ชื่อ,รหัส\n' > "$TMP/table.csv"
assert_status 2 "$RAINGAN" import --db "$DB" "$TMP/table.csv"
assert_contains "$(cat "$TMP/stderr")" "$TMP/table.csv: a CSV file needs --map MAP" "CSV file"
cp "$TMP/table.csv" "$TMP/table.txt"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/table.txt"
assert_contains "$(cat "$TMP/stderr")" "$TMP/table.txt: line 1: malformed JSON" "CSV text in a .txt file"
assert_eq "$(sha256sum < "$DB")" "$sum" "unreadable files leave the database unchanged"

# Unknown fields are errors (tests/import_safety.sh); with --lenient they are
# warned about and ignored, and the import succeeds.
sed 's/"phone": "0 2000 0000"/"phone": "0 2000 0000", "email": "x@y"/' "$DATA/good.json" > "$TMP/extra.json"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/extra.json"
assert_contains "$(cat "$TMP/stderr")" "raingan import: $TMP/extra.json: \$.records[2].email (line 6): unknown field \"email\" (known here: kind, key, patch, name, position, phone; --lenient ignores unknown fields)" "unknown field error"
assert_status 0 "$RAINGAN" import --lenient --db "$DB" "$TMP/extra.json"
assert_contains "$(cat "$TMP/stderr")" "raingan: warning: $TMP/extra.json: \$.records[2].email (line 6): unknown field, ignored" "unknown field warning"
# An unsupported HTML tag keeps its text, with a warning.
sed 's|<p>ครั้งแรก</p>|<p>ครั้ง<span>แรก</span></p>|' "$DATA/good.json" > "$TMP/span.json"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/span.json"
assert_contains "$(cat "$TMP/stderr")" "\$.records[3].entries[0].body (line 24): tag <span> dropped, its text kept" "span warning"
assert_eq "$(sqlite3 "$DB" "SELECT body FROM progress_entries WHERE project_key = 'T-0001' AND number = 1")" \
  "<rt><p>ครั้งแรก</p></rt>" "span text kept"

# A failed import into a new database leaves no file.
assert_status 3 "$RAINGAN" import --db "$TMP/new.db" "$DATA/bad-percent.json"
[ -e "$TMP/new.db" ] && fail "failed import left $TMP/new.db behind"
# No file argument: usage error.
assert_status 2 "$RAINGAN" import --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "no JSON file given" "import without files"
finish
