# Lists of lists in a mapping (docs/sources.md, "Lists of lists"): a plan as
# Excel exports it, one sheet per level (plans, their activities, the
# activities' details with their months), imports into the record the seed
# JSON describes: `raingan export` of it is byte for byte the expected file
# (tests/data/store/plan-excel-export.json, made from seed 004). Detail rows
# naming an activity the plan lacks, months that are not months, and a
# mapping that cannot say where rows go: one message naming file, line and
# column, exit 3, nothing imported.
. "$top_srcdir/tests/lib.sh"
EX=$top_srcdir/examples
DB=$TMP/a.db
cp "$EX"/plan-excel.map "$EX"/plan-excel-*.csv "$TMP"/
cd "$TMP" || exit 1
MAP=plan-excel.map
assert_eq "$(head -c 3 plan-excel-details.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "example has a BOM"

assert_status 0 "$RAINGAN" import --db "$DB" plan-excel-*.csv --map "$MAP"
assert_contains "$(cat "$TMP/stdout")" "4 records imported" "import counts"
assert_status 0 "$RAINGAN" export --db "$DB" --id hatyai-info-center-2563 -o export.json
diff -u "$top_srcdir/tests/data/store/plan-excel-export.json" export.json >&2 ||
  fail "the imported plan differs from the expected export"
q() { sqlite3 "$DB" "$1"; }
assert_eq "$(q "SELECT count(*) FROM plan_activity_details")" "16" "16 details"
assert_eq "$(q "SELECT months_mask FROM plan_activity_details WHERE activity_number = 4 AND seq = 1")" \
  "4095" "a whole year of months written as numbers"
sum=$(sha256sum < "$DB")

restore() { cp "$EX"/plan-excel-*.csv "$TMP"/; }
# A detail of activity 11, which the plan does not have.
sed -i '5s/,2,/,11,/' plan-excel-details.csv
import_refused 3 'raingan import: plan-excel-details.csv: line 5, column "กิจกรรมที่": plan "hatyai-info-center-2563" has no element of "activities" numbered "11" (each row here is one of the "details" of that element)' \
  plan-excel-*.csv --map "$MAP"
restore
# Months that are not months; a month out of range; a month twice.
sed -i '2s/ต.ค. พ.ย. ธ.ค./ต.ค. ฝน/' plan-excel-details.csv
import_refused 3 'plan-excel-details.csv: line 2, column "เดือนที่ดำเนินการ": expected months such as 10, 11, 12 or ต.ค. พ.ย. ธ.ค., got "ต.ค. ฝน"' \
  plan-excel-*.csv --map "$MAP"
restore
sed -i '2s/ต.ค. พ.ย. ธ.ค./"10, 13"/' plan-excel-details.csv
import_refused 3 'plan-excel-details.csv: line 2, column "เดือนที่ดำเนินการ"' plan-excel-*.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" "expected a calendar month number from 1 (January) to 12, got 13" "month 13"
restore
sed -i '2s/ต.ค. พ.ย. ธ.ค./"{10,11,ธ.ค., 10}"/' plan-excel-details.csv
import_refused 3 'month 10 is listed twice' plan-excel-*.csv --map "$MAP"
restore
# Details of a plan the plans' sheet lacks.
sed -i '2s/^hatyai-info-center-2563/hatyai-info-center-2599/' plan-excel-details.csv
import_refused 3 'plan-excel-details.csv: line 2, column "รหัสแผน": no row of plan-excel-plans.csv has the key "hatyai-info-center-2599"' \
  plan-excel-*.csv --map "$MAP"
restore
# The mapping: one parent column for a list of a list; a list of a list
# whose outer list no table gives; three levels.
sed 's/"parent": \["รหัสแผน", "กิจกรรมที่"\]/"parent": "รหัสแผน"/' "$MAP" > one-parent.map
import_refused 3 'one-parent.map: tables[3]: a list of a list needs "parent": [the column of the record'"'"'s key, the column of the number of the element of "activities" the row belongs to]' \
  plan-excel-*.csv --map one-parent.map
sed 's/"list": "activities.details"/"list": "sections.items"/' "$MAP" > no-outer.map
import_refused 3 'no-outer.map: tables[3]: no table gives the list "sections" whose elements these rows belong to' \
  plan-excel-*.csv --map no-outer.map
sed 's/"list": "activities.details"/"list": "activities.details.x"/' "$MAP" > deep.map
import_refused 3 'deep.map: tables[3]: "list" is a list of the record ("activities") or a list of its elements ("activities.details"), got "activities.details.x"' \
  plan-excel-*.csv --map deep.map
# The element's number column missing from the sheet.
sed -i '1s/กิจกรรมที่/กิจกรรม/' plan-excel-details.csv
import_refused 3 'plan-excel-details.csv: no column "กิจกรรมที่" ("parent"[1]: the number of the element each row belongs to in plan-excel.map: tables[3])' \
  plan-excel-*.csv --map "$MAP"
restore
finish
