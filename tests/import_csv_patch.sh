# Patches from CSV (docs/sources.md, "Patches: partial exports"): with
# `import --patch` (or "patch": true in the mapping) every row patches its
# stored record as a JSON patch does: mapped columns absent from a file give
# nothing and their fields are kept, an empty cell clears its field, numbered
# lists merge by number, records and lists may come without each other. The
# test stores the example records, patches some columns of some rows, and
# checks that `raingan export` changed exactly those lines (the rest byte
# for byte), and what --dry-run reports, field by field.
. "$top_srcdir/tests/lib.sh"
csv_examples
assert_status 0 "$RAINGAN" import --db "$DB" excel-*.csv --map "$MAP"
"$RAINGAN" export --db "$DB" > before.json || fail "export"
cp "$DB" stored.db
mkdir patch && cd patch || exit 1
BOM=$(printf '\357\273\277')

# changed_lines: the export's lines that differ from before.json (diff's
# view, without the line numbers): what the patch changed, nothing else.
changed_lines() {
  "$RAINGAN" export --db "$DB" > "$TMP/after.json" || fail "export after the patch"
  diff "$TMP/before.json" "$TMP/after.json" | grep '^[<>]'
}
reset_db() { cp "$TMP/stored.db" "$DB"; }

# 1. Two columns of one project's row, without the entries file: only
# budget_spent changes; the other project, its fields and its entries stay.
printf '%s\r\n' "${BOM}รหัสโครงการ,เบิกจ่ายแล้ว" '04010000-3614,"400,000.00"' > excel-projects.csv
assert_status 3 "$RAINGAN" import --db "$DB" excel-projects.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'excel-projects.csv: give excel-progress.csv too' \
  'without --patch, records without their lists are refused'
printf '%s\r\n' "${BOM}รหัสโครงการ,ครั้งที่" > empty-progress.csv
cp empty-progress.csv excel-progress.csv
assert_status 3 "$RAINGAN" import --db "$DB" excel-projects.csv excel-progress.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'excel-projects.csv: no column "ชื่อโครงการ" (the column of field "name" in '"$MAP"': tables[1])' \
  'without --patch, a partial sheet is refused'
assert_status 0 "$RAINGAN" import --db "$DB" --dry-run --patch excel-projects.csv --map "$MAP"
assert_eq "$(cat "$TMP/stdout")" 'update project "04010000-3614"
  budget_spent: 312500.50 -> 400000
dry run: 0 to create, 1 to update (1 change, 0 deletions), 0 unchanged; nothing was written to '"$DB" \
  'dry run: the one field'
assert_status 0 "$RAINGAN" import --db "$DB" --patch excel-projects.csv --map "$MAP"
assert_eq "$(changed_lines)" '<       "budget_spent": 312500.50,
>       "budget_spent": 400000,' 'patch: budget_spent alone changed in the export'

# The same with "patch": true in the mapping instead of --patch.
reset_db
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["patch"]=True; json.dump(m,open("patch.map","w"),ensure_ascii=False)' "$MAP"
assert_status 0 "$RAINGAN" import --db "$DB" excel-projects.csv --map patch.map
assert_eq "$(changed_lines)" '<       "budget_spent": 312500.50,
>       "budget_spent": 400000,' '"patch": true in the mapping'
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["patch"]="yes"; json.dump(m,open("bad.map","w"),ensure_ascii=False)' "$MAP"
assert_status 3 "$RAINGAN" import --db "$DB" excel-projects.csv --map bad.map
assert_contains "$(cat "$TMP/stderr")" 'bad.map: patch: expected true (every record a patch) or false' \
  '"patch" is true or false'

# 2. Entries alone (no projects file): entry 2 patched, entry 3 added, entry 1
# and the project's fields kept; rows in any order.
reset_db
printf '%s\r\n' "${BOM}รหัสโครงการ,ครั้งที่,วันที่รายงาน,ผลการดำเนินงาน,ความก้าวหน้า" \
  '04010000-3614,3,15 มิ.ย. 2566,ติดตั้งระบบสืบค้น,80%' \
  '04010000-3614,๒,15 มีนาคม 2566,ปรับปรุงเว็บไซต์ศูนย์ข้อมูลข่าวสาร,60%' > excel-progress.csv
assert_status 0 "$RAINGAN" import --db "$DB" --dry-run --patch excel-progress.csv --map "$MAP"
assert_eq "$(cat "$TMP/stdout")" 'update project "04010000-3614"
  entries[number=2].progress_percent: 45.5 -> 60
  entries[number=3]: added
dry run: 0 to create, 1 to update (2 changes, 0 deletions), 0 unchanged; nothing was written to '"$DB" \
  'dry run: entries patched by number'
assert_status 0 "$RAINGAN" import --db "$DB" --patch excel-progress.csv --map "$MAP"
assert_eq "$(changed_lines)" '<           "progress_percent": 45.5,
>           "progress_percent": 60,
>           "on_plan": true,
>           "on_target": true
>         },
>         {
>           "number": 3,
>           "date": "2023-06-15",
>           "body": "<rt><p>ติดตั้งระบบสืบค้น</p></rt>",
>           "progress_percent": 80,
>           "budget_used": 0,' 'entries: number 2 patched, number 3 added, the rest kept'

# Both files, their keys not matching: the progress rows of a project the
# projects file does not name patch the stored project's entries alone.
reset_db
printf '%s\r\n' "${BOM}รหัสโครงการ,เบิกจ่ายแล้ว" '04010000-3614,"400,000.00"' > excel-projects.csv
printf '%s\r\n' "${BOM}รหัสโครงการ,ครั้งที่,ความก้าวหน้า" '04010000-3615,1,15%' \
  '04010000-3614,2,60%' > excel-progress.csv
assert_status 0 "$RAINGAN" import --db "$DB" --dry-run --patch excel-projects.csv excel-progress.csv --map "$MAP"
assert_eq "$(cat "$TMP/stdout")" 'update project "04010000-3614"
  budget_spent: 312500.50 -> 400000
  entries[number=2].progress_percent: 45.5 -> 60
update project "04010000-3615"
  entries[number=1].progress_percent: 10 -> 15
dry run: 0 to create, 2 to update (3 changes, 0 deletions), 0 unchanged; nothing was written to '"$DB" \
  'dry run: entries of a project the projects file does not name'
assert_status 3 "$RAINGAN" import --db "$DB" excel-projects.csv excel-progress.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'excel-projects.csv: no column "ชื่อโครงการ"' \
  'the same files without --patch: refused'

# 3. An empty cell clears its field (as null in a JSON patch); a required
# one cannot be cleared; a new entry needs its required fields.
reset_db
printf '%s\r\n' "${BOM}รหัสโครงการ,ประเด็นยุทธศาสตร์" '04010000-3614,' > excel-projects.csv
assert_status 0 "$RAINGAN" import --db "$DB" --dry-run --patch excel-projects.csv --map "$MAP"
assert_eq "$(cat "$TMP/stdout")" 'update project "04010000-3614"
  strategy: DELETED (was an object)
dry run: 0 to create, 1 to update (1 change, 1 deletion), 0 unchanged; nothing was written to '"$DB" \
  'dry run: an empty cell clears (the object left empty goes)'
assert_status 0 "$RAINGAN" import --db "$DB" --patch excel-projects.csv --map "$MAP"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM projects WHERE key = '04010000-3614' AND strategy_issue IS NULL")" \
  1 'the empty cell cleared strategy.issue'
reset_db
sum=$(sha256sum < "$DB")
printf '%s\r\n' "${BOM}รหัสโครงการ,ชื่อโครงการ" '04010000-3614, ' > excel-projects.csv
assert_status 3 "$RAINGAN" import --db "$DB" --patch excel-projects.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: excel-projects.csv: line 2: missing required field "name"' \
  'a required field is not cleared'
printf '%s\r\n' "${BOM}รหัสโครงการ,ครั้งที่,ความก้าวหน้า" '04010000-3614,2,50%' \
  '04010000-3614,4,90%' > excel-progress.csv
assert_status 3 "$RAINGAN" import --db "$DB" --patch excel-progress.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: excel-progress.csv: line 3: missing required field "date"' \
  'a new entry needs its required fields, named at its row'
printf '%s\r\n' "${BOM}รหัสโครงการ,ครั้งที่,ความก้าวหน้า" '04010000-3614,2,50%' \
  '04010000-3614,2,90%' > excel-progress.csv
assert_status 3 "$RAINGAN" import --db "$DB" --patch excel-progress.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: excel-progress.csv: line 3: number 2 is patched twice' \
  'one number twice in a patch'
printf '%s\r\n' "${BOM}รหัสโครงการ,ครั้งที่,ความก้าวหน้า" '04010000-3614,two,50%' > excel-progress.csv
assert_status 3 "$RAINGAN" import --db "$DB" --patch excel-progress.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: excel-progress.csv: line 2, column "ครั้งที่": expected an element number (an integer, 1 or more), got "two"' \
  'a number that is not one, at its column'
# A patch for a key not stored is a whole record: its required fields.
printf '%s\r\n' "${BOM}รหัสโครงการ,เบิกจ่ายแล้ว" '04010000-9999,100' > excel-projects.csv
assert_status 3 "$RAINGAN" import --db "$DB" --patch excel-projects.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: excel-projects.csv: line 2: missing required field "name": no record with the key "04010000-9999" is stored, so this patch would be a new record, which needs every required field (check the key, or import the whole record first)' \
  'a patch of a record not stored needs its required fields, and says the key is not stored'
assert_eq "$(sha256sum < "$DB")" "$sum" "failed patches changed nothing"
# --patch belongs to mapped tables.
assert_status 2 "$RAINGAN" import --db "$DB" --patch "$TMP/before.json"
assert_contains "$(cat "$TMP/stderr")" 'raingan import: --patch goes with --map (in JSON, a record is a patch by its "patch": true)' \
  '--patch without --map'

# 4. A list of a list alone: the details of plan activity 2 replaced, the
# activity's other fields, the other activities and the plan kept.
cd "$TMP" && mkdir plan && cd plan || exit 1
cp "$EX"/plan-excel.map "$EX"/plan-excel-*.csv .
PDB=$TMP/plan.db
assert_status 0 "$RAINGAN" import --db "$PDB" plan-excel-*.csv --map plan-excel.map
"$RAINGAN" export --db "$PDB" > before.json || fail "plan export"
printf '%s\r\n' "${BOM}รหัสแผน,กิจกรรมที่,รายละเอียดกิจกรรม,เดือนที่ดำเนินการ" \
  'hatyai-info-center-2563,2,ประชุมคณะกรรมการ,ม.ค.' > details.csv
python3 -c 'import json; m=json.load(open("plan-excel.map")); m["tables"][3]["file"]="details.csv"; json.dump(m,open("p.map","w"),ensure_ascii=False)'
assert_status 0 "$RAINGAN" import --db "$PDB" --dry-run --patch details.csv --map p.map
assert_eq "$(cat "$TMP/stdout")" 'update plan "hatyai-info-center-2563"
  activities[number=2].details[0].text: "จัดทำคำสั่งแต่งตั้งคณะกรรมการข้อมูลข่าวสารของราชการ เทศบาลนค"... -> "ประชุมคณะกรรมการ"
  activities[number=2].details[0].months[0]: 10 -> 1
  activities[number=2].details[0].months[1]: DELETED
  activities[number=2].details[1]: DELETED
dry run: 0 to create, 1 to update (4 changes, 2 deletions), 0 unchanged; nothing was written to '"$PDB" \
  'dry run: one activity'"'"'s details'
assert_status 0 "$RAINGAN" import --db "$PDB" --patch details.csv --map p.map
"$RAINGAN" export --db "$PDB" > after.json || fail "plan export after"
python3 - before.json after.json <<'EOF' || fail "plan patch: more changed than activity 2's details"
import json, sys
before, after = (json.load(open(p))["records"] for p in sys.argv[1:])
plan = lambda rs: next(r for r in rs if r["kind"] == "plan")
b, a = plan(before), plan(after)
assert a["activities"][1]["details"] == [{"text": "ประชุมคณะกรรมการ", "months": [1]}], a["activities"][1]
a["activities"][1]["details"] = b["activities"][1]["details"]
assert before == after, "something else changed"
EOF
finish
