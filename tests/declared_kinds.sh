# Kinds declared in files (docs/kinds.md): a kind file makes tables; its
# records import, export byte-stable, list, patch and dry-run like the
# built-in kinds; unknown fields are errors; a field added to the kind file
# becomes a column at the next import; a field removed or retyped is refused
# naming the kind file and the field; a bad kind file names its file and line.
. "$top_srcdir/tests/lib.sh"
KINDS=$TMP/kinds
mkdir -p "$KINDS"
export RAINGAN_KINDS=$KINDS
DB=$TMP/a.db

cat > "$KINDS/letter.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<kind name="letter" title="subject" date="date" year="fiscal_year">
  <key label="เลขที่"/>
  <field name="subject" type="text" required="yes"/>
  <field name="date" type="date" required="yes"/>
  <field name="body" type="rich text"/>
  <field name="budget" type="amount"/>
  <field name="done" type="percent"/>
  <field name="urgent" type="boolean"/>
  <field name="fiscal_year" type="year"/>
  <field name="pages" type="integer"/>
  <field name="to_lines" type="lines"/>
  <field name="signer" type="person"/>
  <field name="owner" type="organization"/>
  <field name="urgency" type="text" values="ด่วน|ด่วนมาก|ด่วนที่สุด"/>
  <list name="copies">
    <field name="unit" type="organization" required="yes"/>
    <field name="note" type="text"/>
  </list>
</kind>
XML
cat > "$TMP/letters.json" <<'JSON'
{ "raingan": 1, "records": [
  { "kind": "organization", "key": "o1", "name": "สำนักงานเขตบางรัก" },
  { "kind": "organization", "key": "o2", "name": "ฝ่ายปกครอง", "parent": "o1" },
  { "kind": "person", "key": "p1", "name": "นายตัวอย่าง ใจดี", "position": "ผู้อำนวยการ" },
  { "kind": "letter", "key": "L-2", "subject": "เรื่องที่สอง", "date": "5/12/2566" },
  { "kind": "letter", "key": "L-1", "subject": "  ขอเชิญประชุม  ", "date": "2023-12-05",
    "body": "<p>เรียน <b>ทุกท่าน</b></p>", "budget": 1234.5, "done": 45.5, "urgent": true,
    "fiscal_year": 2567, "pages": 3, "to_lines": ["หัวหน้าฝ่าย", "ทุกฝ่าย"], "signer": "p1",
    "owner": "o2", "urgency": "ด่วนมาก",
    "copies": [ { "unit": "o1", "note": "สำเนา" }, { "unit": "o2" } ] }
] }
JSON

# Import creates the tables; the summary names the kind.
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/letters.json"
assert_contains "$(cat "$TMP/stdout")" "letter             2  (2 new, 0 updated)" "import summary"
assert_eq "$(sqlite3 "$DB" "SELECT subject, date, budget_satang, done, urgent, fiscal_year, pages, signer_key, owner_key FROM letter WHERE key = 'L-1'")" \
  "ขอเชิญประชุม|2023-12-05|123450|45.5|1|2567|3|p1|o2" "the letter's row, typed"
assert_eq "$(sqlite3 "$DB" "SELECT group_concat(letter_key || '/' || seq || '/' || unit_key || '/' || ifnull(note, '-'), ' ') FROM letter_copies")" \
  "L-1/1/o1/สำเนา L-1/2/o2/-" "the list's rows"
assert_eq "$(sqlite3 "$DB" "SELECT date FROM letter WHERE key = 'L-2'")" "2023-12-05" "a Buddhist-era date stored ISO"

# Export, re-import, export: byte-identical.
assert_status 0 "$RAINGAN" export --db "$DB" -o "$TMP/e1.json"
assert_status 0 "$RAINGAN" import --db "$TMP/b.db" "$TMP/e1.json"
assert_status 0 "$RAINGAN" export --db "$TMP/b.db" -o "$TMP/e2.json"
cmp -s "$TMP/e1.json" "$TMP/e2.json" || fail "declared kind: second export differs: $(diff "$TMP/e1.json" "$TMP/e2.json" | head -5)"
assert_contains "$(cat "$TMP/e1.json")" '"budget": 1234.50' "amount exported in baht"
assert_contains "$(cat "$TMP/e1.json")" '"to_lines": [' "lines exported as a list"
# --id brings the organizations and people the record refers to.
assert_status 0 "$RAINGAN" export --db "$DB" --id L-1
out=$(cat "$TMP/stdout")
assert_contains "$out" '"key": "p1"' "--id exports the signer"
assert_contains "$out" '"key": "o1"' "--id exports the owner's parent and the copies' units"
assert_not_contains "$out" '"key": "L-2"' "--id exports one letter"

# list shows the declared kind, with its title and fiscal year; --kind filters.
assert_status 0 "$RAINGAN" list --db "$DB" --kind letter
assert_contains "$(cat "$TMP/stdout")" "letter  L-1  2567  ขอเชิญประชุม" "list --kind letter"
assert_status 2 "$RAINGAN" list --db "$DB" --kind leter
assert_contains "$(cat "$TMP/stderr")" "unknown kind 'leter' (organization, person, project, indicator, plan, letter)" "list names the declared kinds"

# Strict import: unknown fields, bad values, bad references, bad kinds.
bad() {   # bad JSON-RECORD EXPECTED-MESSAGE
  printf '{ "raingan": 1, "records": [\n%s\n] }\n' "$1" > "$TMP/bad.json"
  assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/bad.json"
  assert_contains "$(cat "$TMP/stderr")" "$2" "bad record: $2"
}
bad '{ "kind": "letter", "key": "X", "subject": "s", "date": "2023-01-01", "subjcet": "s" }' \
    '$.records[0].subjcet (line 2): unknown field "subjcet" (did you mean "subject"?)'
bad '{ "kind": "letter", "key": "X", "date": "2023-01-01" }' \
    '$.records[0] (line 2): missing required field "subject"'
bad '{ "kind": "letter", "key": "X", "subject": "s", "date": "2023-01-01", "urgency": "ช้า" }' \
    '$.records[0].urgency (line 2): expected one of "ด่วน", "ด่วนมาก", "ด่วนที่สุด", got "ช้า"'
bad '{ "kind": "letter", "key": "X", "subject": "s", "date": "2023-01-01", "signer": "nobody" }' \
    '$.records[0].signer (line 2): no person with key "nobody"'
bad '{ "kind": "letter", "key": "X", "subject": "s", "date": "2023-01-01", "copies": [ { "unit": "o1", "colour": 1 } ] }' \
    '$.records[0].copies[0].colour (line 2): unknown field "colour"'
bad '{ "kind": "letter", "key": "X", "subject": "s", "date": "31/02/2566" }' \
    '$.records[0].date (line 2): impossible date'
bad '{ "kind": "lettr", "key": "X" }' \
    'expected one of organization, person, project, indicator, plan, letter; got "lettr"'
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM letter")" "2" "failed imports stored nothing"

# A patch changes the fields it gives; a dry run reports by field.
printf '{ "raingan": 1, "records": [ { "kind": "letter", "key": "L-1", "patch": true, "done": 80, "body": null } ] }\n' > "$TMP/patch.json"
assert_status 0 "$RAINGAN" import --db "$DB" --dry-run "$TMP/patch.json"
out=$(cat "$TMP/stdout")
assert_contains "$out" 'update letter "L-1"' "dry run names the declared kind"
assert_contains "$out" "done: 45.5 -> 80" "dry run shows the change"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/patch.json"
assert_eq "$(sqlite3 "$DB" "SELECT done, body IS NULL, subject FROM letter WHERE key = 'L-1'")" "80.0|1|ขอเชิญประชุม" "patch applied"

# The declaration grows a field: the next import adds its column, keeping the data.
sed -i 's|<field name="urgency"|<field name="reference" type="text"/>\n  <field name="urgency"|' "$KINDS/letter.xml"
printf '{ "raingan": 1, "records": [ { "kind": "letter", "key": "L-3", "subject": "s", "date": "2023-01-01", "reference": "อ้างถึง" } ] }\n' > "$TMP/new.json"
assert_status 0 "$RAINGAN" import --db "$DB" --dry-run "$TMP/new.json"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM pragma_table_info('letter') WHERE name = 'reference'")" "0" "a dry run adds no column"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/new.json"
assert_eq "$(sqlite3 "$DB" "SELECT reference FROM letter WHERE key = 'L-3'")" "อ้างถึง" "new field stored"
assert_eq "$(sqlite3 "$DB" "SELECT subject FROM letter WHERE key = 'L-1'")" "ขอเชิญประชุม" "old records kept"
# ... and `init` alone brings a database to the kind files.
cat > "$KINDS/note.xml" <<'XML'
<kind name="note"><key/><field name="text" type="text" required="yes"/></kind>
XML
assert_status 0 "$RAINGAN" init --db "$DB"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'note'")" "1" "init creates a new kind's table"

# Incompatible changes are refused, naming the kind file, line and field.
cp "$KINDS/letter.xml" "$TMP/letter.good"
sed -i 's|<field name="pages" type="integer"/>|<field name="pages" type="text"/>|' "$KINDS/letter.xml"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/new.json"
assert_contains "$(cat "$TMP/stderr")" "$KINDS/letter.xml:11: kind \`letter\`: field \`pages\` is stored in $DB with type integer, and a declared field cannot change its type (to text)" "retyped field"
cp "$TMP/letter.good" "$KINDS/letter.xml"
sed -i '/name="done"/d' "$KINDS/letter.xml"
assert_status 3 "$RAINGAN" init --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "$KINDS/letter.xml: kind \`letter\`: field \`done\` (a percent) is stored in $DB but no longer declared" "removed field"
cp "$TMP/letter.good" "$KINDS/letter.xml"
# Reading commands use the declarations the database holds, whatever the files say.
rm "$KINDS/letter.xml"
assert_status 0 "$RAINGAN" export --db "$DB" -o "$TMP/e3.json"
assert_contains "$(cat "$TMP/e3.json")" '"kind": "letter"' "export without the kind file"
cp "$TMP/letter.good" "$KINDS/letter.xml"

# A bad kind file: one message naming the file and the line, nothing stored.
printf '<kind name="memo2">\n  <key/>\n  <field name="a" type="txet"/>\n</kind>\n' > "$KINDS/memo2.xml"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/new.json"
assert_contains "$(cat "$TMP/stderr")" "$KINDS/memo2.xml:3: field \`a\`: unknown type \`txet\` (did you mean \`text\`?)" "unknown type"
printf '<kind name="memo2">\n  <key/>\n  <field name="a" type="text"/>\n  <field name="a" type="date"/>\n</kind>\n' > "$KINDS/memo2.xml"
assert_status 3 "$RAINGAN" init --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "$KINDS/memo2.xml:4: duplicate field \`a\` (line 3 has it too)" "duplicate field"
printf '<kind name="memo2">\n  <field name="a" type="text"/>\n</kind>\n' > "$KINDS/memo2.xml"
assert_status 3 "$RAINGAN" init --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "$KINDS/memo2.xml:1: kind \`memo2\` has no <key>" "missing key"
rm "$KINDS/memo2.xml"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'memo2'")" "0" "no table from a bad kind file"

finish
