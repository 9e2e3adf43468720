# Issue 11: nothing a user types into an import can lose stored data.
# Unknown fields are errors naming file, JSON path, line and the nearest known
# field, and nothing is stored (a misspelt "entries" used to delete every
# stored entry of the project); --lenient makes them warnings; a UTF-8
# byte-order mark is accepted; "-" reads standard input.
. "$top_srcdir/tests/lib.sh"
DATA=$top_srcdir/tests/data/store
DB=$TMP/a.db
"$RAINGAN" import --db "$DB" "$DATA/good.json" >/dev/null || fail "setup import"
sum=$(sha256sum < "$DB")
entries() { sqlite3 "$DB" "SELECT count(*) FROM progress_entries WHERE project_key = 'T-0001'"; }
assert_eq "$(entries)" 2 "setup: two entries stored"

# check_refused FILE MESSAGE: status 3, the message, the database unchanged.
check_refused() {
  assert_status 3 "$RAINGAN" import --db "$DB" "$1"
  assert_contains "$(cat "$TMP/stderr")" "raingan import: $1: $2" "$1"
  assert_contains "$(cat "$TMP/stderr")" "raingan import: nothing was imported; $DB is unchanged" "$1"
  assert_eq "$(sha256sum < "$DB")" "$sum" "$1 leaves the database unchanged"
}
sed 's/"entries": \[/"entry": [/' "$DATA/good.json" > "$TMP/entry.json"
check_refused "$TMP/entry.json" '$.records[3].entry (line 23): unknown field "entry" (did you mean "entries"?)'
assert_eq "$(entries)" 2 "a misspelt entries keeps the stored entries"
sed 's/"budget_received"/"budjet_received"/' "$DATA/good.json" > "$TMP/budjet.json"
check_refused "$TMP/budjet.json" '$.records[3].budjet_received (line 15): unknown field "budjet_received" (did you mean "budget_received"?)'
assert_eq "$(sqlite3 "$DB" "SELECT budget_received_satang FROM projects")" 15000000 "budget kept"
sed 's/"records"/"recrods"/' "$DATA/good.json" > "$TMP/top.json"
check_refused "$TMP/top.json" '$.recrods (line 3): unknown field "recrods" (did you mean "records"?)'
sed 's/"on_target": false/"on_target": false, "ontarget": true/' "$DATA/good.json" > "$TMP/nested.json"
check_refused "$TMP/nested.json" '$.records[3].entries[1].ontarget (line 25): unknown field "ontarget" (did you mean "on_target"?)'
sed 's/"goal": "เป้าหมาย"/"goal": "เป้าหมาย", "colour": "red"/' "$DATA/good.json" > "$TMP/far.json"
check_refused "$TMP/far.json" '$.records[3].strategy.colour (line 22): unknown field "colour" (known here: issue, sub_issue, goal, indicator; --lenient ignores unknown fields)'

# --lenient: warnings, and the import goes on as before this change (the
# misspelt list is ignored, so the record's entries are replaced by none).
assert_status 0 "$RAINGAN" import --lenient --db "$DB" "$TMP/budjet.json"
assert_contains "$(cat "$TMP/stderr")" "raingan: warning: $TMP/budjet.json: \$.records[3].budjet_received (line 15): unknown field, ignored" "--lenient warns"
assert_eq "$(sqlite3 "$DB" "SELECT budget_received_satang FROM projects")" 0 "--lenient: budget_received absent"
"$RAINGAN" import --db "$DB" "$DATA/good.json" >/dev/null || fail "re-import"
sum=$(sha256sum < "$DB")

# A UTF-8 byte-order mark (Windows Notepad) is accepted; UTF-16 is refused.
{ printf '\357\273\277'; cat "$DATA/good.json"; } > "$TMP/bom.json"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/bom.json"
sum=$(sha256sum < "$DB")
{ printf '\377\376'; cat "$DATA/good.json"; } > "$TMP/utf16.json"
check_refused "$TMP/utf16.json" "line 1: the file is UTF-16 (or UTF-32) text; save it as UTF-8"

# "-" reads standard input; messages call it "standard input".
assert_status 0 "$RAINGAN" import --db "$DB" - < "$TMP/bom.json"
assert_contains "$(cat "$TMP/stdout")" "4 records imported into $DB" "import from standard input"
sum=$(sha256sum < "$DB")
assert_status 3 "$RAINGAN" import --db "$DB" - < "$DATA/bad-percent.json"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: standard input: $.records[1].entries[0].progress_percent (line 10): expected a number from 0 to 100, got 140' "stdin error names standard input"
assert_eq "$(sha256sum < "$DB")" "$sum" "bad standard input leaves the database unchanged"
assert_status 2 "$RAINGAN" import --db "$DB" - - < "$DATA/good.json"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: "-" (standard input) given twice' "- twice"

# A FIFO, a pipe as /dev/stdin, a process substitution: read as a stream,
# once (before: the file was opened first to look for a PDF, which ate the
# first bytes and killed the writer with SIGPIPE, and the import then waited
# for a writer forever; `timeout` makes that a failure, not a hang).
mkfifo "$TMP/fifo"
cat "$TMP/bom.json" > "$TMP/fifo" &
assert_status 0 timeout 60 "$RAINGAN" import --db "$DB" "$TMP/fifo"
assert_contains "$(cat "$TMP/stdout")" "4 records imported into $DB" "import from a FIFO"
wait
sum=$(sha256sum < "$DB")
head -c 200 "$DATA/good.json" > "$TMP/fifo" &
assert_status 3 timeout 60 "$RAINGAN" import --db "$DB" "$TMP/fifo"
assert_contains "$(cat "$TMP/stderr")" "raingan import: $TMP/fifo: line " "a FIFO cut off names the FIFO"
wait
assert_eq "$(sha256sum < "$DB")" "$sum" "a FIFO cut off leaves the database unchanged"
cat "$TMP/bom.json" | assert_status 0 timeout 60 "$RAINGAN" import --db "$DB" /dev/stdin
assert_contains "$(cat "$TMP/stdout")" "4 records imported into $DB" "import from /dev/stdin, a pipe"
# A PDF through a pipe: named as one (an archival copy is read as a file).
printf '%%PDF-1.7\n%%\342\343\n1 0 obj\n' > "$TMP/x.pdf"
assert_status 3 "$RAINGAN" import --db "$DB" - < "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "raingan import: standard input: line 1: this is a PDF, not JSON; the data of an archival copy (--archive pdfa-3b) is imported from the PDF given as a file of its own: raingan import COPY.pdf" "a PDF on standard input"

# --dry-run: what would be created, updated field by field and deleted; the
# database is not touched (nor created).
"$RAINGAN" import --db "$DB" "$DATA/good.json" >/dev/null || fail "re-import good.json"
sum=$(sha256sum < "$DB")
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" "$DATA/update.json"
assert_eq "$(cat "$TMP/stdout")" 'update project "T-0001"
  name: "โครงการทดสอบการนำเข้า" -> "โครงการทดสอบการนำเข้า (แก้ไข)"
  budget_received: 150000 -> 0
  budget_spent: 1234.56 -> 0
  entries[number=1].body: "<rt><p>ครั้งแรก</p></rt>" -> "<rt><p>แก้ไขแล้ว</p></rt>"
  entries[number=1].progress_percent: 20 -> 100
  entries[number=2]: DELETED
  responsible: DELETED (was "t/person")
  rationale: DELETED (was "<rt><p>บรรทัดแรก</p><p>บรรทัดที่สอง</p></rt>")
  objectives: DELETED (was a list of 1)
  targets: DELETED (was a list of 1)
  strategy: DELETED (was an object)
dry run: 0 to create, 1 to update (11 changes, 6 deletions), 0 unchanged; nothing was written to '"$DB" "dry run of a replacing update"
assert_eq "$(sha256sum < "$DB")" "$sum" "--dry-run leaves the database unchanged"
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" "$DATA/good.json"
assert_contains "$(cat "$TMP/stdout")" 'unchanged project "T-0001"' "dry run: unchanged"
assert_contains "$(cat "$TMP/stdout")" "dry run: 0 to create, 0 to update (0 changes, 0 deletions), 4 unchanged" "dry run: all unchanged"
assert_status 0 "$RAINGAN" import --dry-run --db "$TMP/new.db" "$DATA/good.json"
assert_contains "$(cat "$TMP/stdout")" "dry run: 4 to create, 0 to update (0 changes, 0 deletions), 0 unchanged; nothing was written ($TMP/new.db does not exist)" "dry run into a new database"
[ -e "$TMP/new.db" ] && fail "--dry-run created $TMP/new.db"
assert_status 3 "$RAINGAN" import --dry-run --db "$DB" "$TMP/entry.json"
assert_contains "$(cat "$TMP/stderr")" 'unknown field "entry" (did you mean "entries"?)' "dry run reports errors"
assert_contains "$(cat "$TMP/stderr")" "raingan import: dry run: nothing was written" "dry run error: nothing written"
assert_eq "$(sha256sum < "$DB")" "$sum" "failed --dry-run leaves the database unchanged"

# A patch changes only what it gives: absent fields keep their stored
# values, null clears, entries merge by number ("delete": true removes one).
cat > "$TMP/patch.json" <<'JSON'
{"raingan": 1, "records": [
 {"kind": "project", "key": "T-0001", "patch": true, "budget_spent": 5000, "responsible": null,
  "entries": [{"number": 2, "progress_percent": 80},
              {"number": 3, "date": "2023-03-01", "body": "ใหม่"},
              {"number": 1, "delete": true}]}
]}
JSON
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" "$TMP/patch.json"
assert_eq "$(cat "$TMP/stdout")" 'update project "T-0001"
  budget_spent: 1234.56 -> 5000
  entries[number=1]: DELETED
  entries[number=2].progress_percent: 45.5 -> 80
  entries[number=3]: added
  responsible: DELETED (was "t/person")
dry run: 0 to create, 1 to update (5 changes, 2 deletions), 0 unchanged; nothing was written to '"$DB" "dry run of a patch"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/patch.json"
assert_eq "$(sqlite3 "$DB" "SELECT number || ':' || ifnull(progress_percent, '-') || ':' || on_target FROM progress_entries ORDER BY number" | tr '\n' ' ')" \
  "2:80.0:0 3:-:1 " "patch merged the entries by number"
assert_eq "$(sqlite3 "$DB" "SELECT budget_spent_satang || ' ' || budget_received_satang || ' ' || ifnull(responsible_key, 'none') || ' ' || (rationale IS NOT NULL) || ' ' || code FROM projects")" \
  "500000 15000000 none 1 T-0001" "patch kept the fields it did not give"
# Patch errors: unknown fields (null ones too), deleting what is not stored,
# entries without numbers, clearing a required field.
sum=$(sha256sum < "$DB")
patch_refused() { # patch_refused NAME MEMBERS MESSAGE
  printf '{"raingan": 1, "records": [\n{"kind": "project", "key": "T-0001", "patch": true,\n %s}]}\n' "$2" > "$TMP/$1.json"
  check_refused "$TMP/$1.json" "$3"
}
patch_refused p-unknown '"budjet_spent": null' '$.records[0].budjet_spent (line 3): unknown field "budjet_spent" (did you mean "budget_spent"?)'
patch_refused p-delete '"entries": [{"number": 9, "delete": true}]' '$.records[0].entries[0] (line 3): no stored element with number 9 to delete'
patch_refused p-nonumber '"entries": [{"progress_percent": 9}]' '$.records[0].entries[0] (line 3): in a patch, each element of entries is an object with its "number" (an integer)'
patch_refused p-twice '"entries": [{"number": 2, "progress_percent": 9},
  {"number": 2, "delete": true}]' '$.records[0].entries[1] (line 4): number 2 is patched twice (line 3 has it too)'
patch_refused p-required '"name": null' '$.records[0] (line 2): missing required field "name"'
patch_refused p-new-entry '"entries": [{"number": 7, "progress_percent": 9}]' '$.records[0].entries[2] (line 3): missing required field "date"'
# A patch of a record not stored yet is a whole record.
printf '{"raingan": 1, "records": [{"kind": "person", "key": "t/new", "patch": true, "name": "ใหม่"}]}\n' > "$TMP/p-create.json"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/p-create.json"
assert_eq "$(sqlite3 "$DB" "SELECT name FROM people WHERE key = 't/new'")" "ใหม่" "patch creates a record"
sum=$(sha256sum < "$DB")
# ... and one without its required fields says that its key is not stored
# (a typo in the key is the likely cause), not only what is missing.
printf '{"raingan": 1, "records": [{"kind": "project", "key": "T-0002", "patch": true,\n "budget_spent": 5}]}\n' > "$TMP/p-unstored.json"
check_refused "$TMP/p-unstored.json" '$.records[0] (line 1): missing required field "code": no record with the key "T-0002" is stored, so this patch would be a new record, which needs every required field (check the key, or import the whole record first)'

# Rich text nested deeper than can be kept whole is refused, never stored with
# its text silently dropped (libxml2 stops reading at 256 nested elements).
# body_with OPEN CLOSE COUNT: a project whose entry body nests COUNT times.
body_with() {
  local open="" close="" i
  for i in $(seq "$3"); do open="$open$1"; close="$2$close"; done
  printf '{"raingan": 1, "records": [{"kind": "organization", "key": "o", "name": "x"},\n'
  printf '{"kind": "project", "key": "D", "code": "D", "name": "n", "fiscal_year": 2566,\n'
  printf ' "start_date": "2022-10-01", "end_date": "2023-09-30", "organization": "o",\n'
  printf ' "entries": [{"number": 1, "date": "2022-10-01",\n "body": "%sdeep%s<p>after</p>"}]}]}\n' "$open" "$close"
}
deep() { # deep NAME OPEN CLOSE COUNT MESSAGE
  body_with "$2" "$3" "$4" > "$TMP/$1.json"
  check_refused "$TMP/$1.json" "\$.records[1].entries[0].body (line 5): $5"
}
deep ul300 '<ul><li>' '</li></ul>' 300 "tags nested more than 200 deep: text this deep cannot be read whole"
deep b10000 '<b>' '</b>' 10000 "tags nested more than 200 deep: text this deep cannot be read whole"
deep ol10000 '<ol>' '</ol>' 10000 "tags nested more than 200 deep: text this deep cannot be read whole"
deep ul11 '<ul><li>' '</li></ul>' 11 "lists nested more than 10 deep: a form prints at most 10 levels (each indents its items)"
# 10 levels of lists and 150 of <b> are kept whole.
body_with '<ul><li>' '</li></ul>' 10 > "$TMP/ul10.json"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/ul10.json"
body="$(sqlite3 "$DB" "SELECT body FROM progress_entries WHERE project_key = 'D'")"
assert_contains "$body" '<li><p>deep</p></li></list></li></list>' "10 nested lists stored"
assert_contains "$body" '<p>after</p></rt>' "text after 10 nested lists stored"
assert_eq "$(printf '%s' "$body" | grep -o '<list' | wc -l)" 10 "10 nested lists stored whole"
body_with '<b>' '</b>' 150 > "$TMP/b150.json"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/b150.json"
assert_eq "$(sqlite3 "$DB" "SELECT body FROM progress_entries WHERE project_key = 'D'")" \
  '<rt><p><b>deep</b></p><p>after</p></rt>' "150 nested <b> stored whole"
# --- The same key twice in one file (issue 11): the second would silently
# replace the first. An error naming both places; --lenient: a warning and
# the last one is imported. The same kind and key in two files of one run
# is allowed (files share their organizations and people); another kind
# with the same key is another record.
cat >"$TMP/twice.json" <<'EOF'
{"raingan": 1, "records": [
  {"kind": "person", "key": "twice", "name": "first"},
  {"kind": "organization", "key": "twice", "name": "an organization"},
  {"kind": "person", "key": "twice", "name": "second"}
]}
EOF
rm -f "$TMP/twice.db"
assert_status 3 "$RAINGAN" import --db "$TMP/twice.db" "$TMP/twice.json"
assert_eq "$(head -1 "$TMP/stderr")" "raingan import: $TMP/twice.json: \$.records[2].key (line 4): person \"twice\" again: the same key is at \$.records[0] (line 2) of this file, and this record would replace that one; keep one (--lenient: the last one is imported)" "a key twice in one file"
[ -e "$TMP/twice.db" ] && fail "a refused import created the database"
assert_status 3 "$RAINGAN" render progress-report --data "$TMP/twice.json" --id twice -o "$TMP/twice.pdf"
assert_contains "$(cat "$TMP/stderr")" "person \"twice\" again" "render --data: a key twice"
assert_status 0 "$RAINGAN" import --db "$TMP/twice.db" --lenient "$TMP/twice.json"
assert_eq "$(cat "$TMP/stderr")" "raingan: warning: $TMP/twice.json: \$.records[2].key (line 4): person \"twice\" again (first at \$.records[0], line 2): this one replaces it" "--lenient: a warning"
assert_eq "$(sqlite3 "$TMP/twice.db" "SELECT name FROM people WHERE key = 'twice'")" "second" "--lenient: the last one"
printf '{"raingan": 1, "records": [{"kind": "person", "key": "twice", "name": "third"}]}' >"$TMP/once.json"
cp "$TMP/once.json" "$TMP/once-again.json"
assert_status 0 "$RAINGAN" import --db "$TMP/twice.db" "$TMP/once.json" "$TMP/once-again.json"
# render --data takes --lenient too (for --data only).
printf '{"raingan": 1, "records": [{"kind": "person", "key": "p", "name": "n", "nmae": "x"}]}' >"$TMP/unknown.json"
assert_status 3 "$RAINGAN" render --dump progress-report --data "$TMP/unknown.json" --id p -o "$TMP/d.txt"
assert_contains "$(cat "$TMP/stderr")" 'unknown field "nmae"' "render --data is strict"
assert_status 3 "$RAINGAN" render --dump progress-report --data "$TMP/unknown.json" --lenient --id p -o "$TMP/d.txt"
assert_contains "$(cat "$TMP/stderr")" "raingan: warning: $TMP/unknown.json: \$.records[0].nmae (line 1): unknown field, ignored" "render --data --lenient: a warning"
assert_not_contains "$(cat "$TMP/stderr")" 'unknown field "nmae"' "render --data --lenient: no error"
assert_status 2 "$RAINGAN" render progress-report --db "$TMP/twice.db" --lenient --id p -o "$TMP/d.pdf"
finish
