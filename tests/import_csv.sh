# CSV import through a mapping (docs/sources.md): the example files as Excel
# writes them (byte-order mark, CRLF, Thai headers, a quoted cell with a line
# break, empty rows at the end, "1,250,000.00", "20%", Thai dates and digits)
# import with the values the forms need; every bad file gets one message
# naming file, line and column, exit 3, and the database is left as it was.
. "$top_srcdir/tests/lib.sh"
csv_examples
# The examples are what Excel's "CSV UTF-8" writes: BOM and CRLF.
assert_eq "$(head -c 3 excel-projects.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "example has a BOM"
assert_contains "$(head -1 excel-projects.csv | od -c)" '\r  \n' "example has CRLF line ends"

# --dry-run: checks everything, stores nothing, creates no database.
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" excel-*.csv --map "$MAP"
assert_contains "$(cat "$TMP/stdout")" 'create project "04010000-3614"' "dry run lists records"
assert_contains "$(cat "$TMP/stdout")" "dry run: 4 to create" "dry run summary"
[ ! -e "$DB" ] || fail "dry run created the database"

assert_status 0 "$RAINGAN" import --db "$DB" excel-*.csv --map "$MAP"
assert_contains "$(cat "$TMP/stdout")" "4 records imported" "import counts"
q() { sqlite3 "$DB" "$1"; }
assert_eq "$(q "SELECT budget_received_satang, budget_spent_satang, start_date, end_date, fiscal_year
  FROM projects WHERE key = '04010000-3614'")" "125000000|31250050|2022-10-01|2023-09-30|2566" \
  "amounts with thousands separators, Thai dates with month names"
assert_eq "$(q "SELECT fiscal_year, start_date, end_date, organization_key FROM projects
  WHERE key = '04010000-3615'")" "2566|2022-11-15|2023-08-31|bma/opm" "Thai digits, d/m/BE and ISO dates"
assert_eq "$(q "SELECT name FROM projects WHERE key = '04010000-3615'")" \
  'โครงการอบรม "การเขียนหนังสือราชการ"' "quotes inside a quoted cell"
assert_eq "$(q "SELECT rationale FROM projects WHERE key = '04010000-3614'")" \
  "<rt><p>ศูนย์ข้อมูลข่าวสารเป็นช่องทางให้ประชาชนเข้าถึงข้อมูล</p><p>ตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540</p></rt>" \
  "a line break inside a quoted cell"
assert_eq "$(q "SELECT strategy_issue FROM projects WHERE key = '04010000-3614'")" \
  "ด้านที่ ๕ มหานครประชาธิปไตย" "dotted field: strategy.issue"
assert_eq "$(q "SELECT project_key, number, date, progress_percent, budget_used_satang, on_plan
  FROM progress_entries ORDER BY project_key, number" | tr '\n' ' ')" \
  "04010000-3614|1|2022-12-15|20.0|15000000|1 04010000-3614|2|2023-03-15|45.5|16250050|1 04010000-3615|1|2023-01-20|10.0|0|0 " \
  "entries from the second file, keyed by project code: percent signs, ใช่/ไม่ใช่"
assert_eq "$(q "SELECT count(*) FROM organizations")" "2" "the empty row at the end is no record"
sum=$(sha256sum < "$DB")

# restore: the example files again.
restore() { cp "$EX"/excel-*.csv "$TMP"/; }

# A bad date, midway: the rows before it are not stored either.
sed -i 's/15 มีนาคม 2566/31 กุมภาพันธ์ 2566/' excel-progress.csv
import_refused 3 'raingan import: excel-progress.csv: line 4, column "วันที่รายงาน": impossible date "31 กุมภาพันธ์ 2566": month 2 of 2566 has 28 days' \
  excel-*.csv --map "$MAP"
restore
sed -i 's/15 มีนาคม 2566/15 มีค 2566/' excel-progress.csv
import_refused 3 'excel-progress.csv: line 4, column "วันที่รายงาน": expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "15 มีค 2566"' \
  excel-*.csv --map "$MAP"
restore
# Numbers Excel did not write: a misplaced separator, a percentage over 100.
sed -i 's/"1,250,000.00"/"1,25,000.00"/' excel-projects.csv
import_refused 3 'excel-projects.csv: line 2, column "งบประมาณที่ได้รับ": expected an amount in baht such as 1,250,000.00, got "1,25,000.00"' \
  excel-*.csv --map "$MAP"
restore
sed -i 's/,20%,/,120%,/' excel-progress.csv
import_refused 3 'excel-progress.csv: line 2, column "ความก้าวหน้า": expected a number from 0 to 100, got 120' \
  excel-*.csv --map "$MAP"
restore
# A mapped column missing (renamed in the sheet).
sed -i 's/,ความก้าวหน้า,/,ความคืบหน้า,/' excel-progress.csv
import_refused 3 'raingan import: excel-progress.csv: no column "ความก้าวหน้า" (the column of field "progress_percent" in '"$MAP"': tables[2])' \
  excel-*.csv --map "$MAP"
restore
# A column the mapping does not name: an error; with --lenient a warning.
sed -i '1s/\r$/,หมายเหตุ\r/' excel-organizations.csv
import_refused 3 'excel-organizations.csv: column 4 "หมายเหตุ": not in the mapping '"$MAP"': tables[0] (map it to a field under "fields", list it under "ignore", or --lenient ignores unknown columns)' \
  excel-*.csv --map "$MAP"
assert_status 0 "$RAINGAN" import --lenient --db "$DB" excel-*.csv --map "$MAP"
assert_contains "$(cat "$TMP/stderr")" 'raingan: warning: excel-organizations.csv: column "หมายเหตุ": not in the mapping' "lenient warning"
sum=$(sha256sum < "$DB")
restore
# A mapped field no kind has: the import's unknown-field error, at its column.
sed 's/"budget_spent": "เบิกจ่ายแล้ว"/"budjet_spent": "เบิกจ่ายแล้ว"/' "$MAP" > "$TMP/typo-map.json"
import_refused 3 'excel-projects.csv: line 2, column "เบิกจ่ายแล้ว": unknown field "budjet_spent" (did you mean "budget_spent"?)' \
  excel-*.csv --map "$TMP/typo-map.json"
# A key given twice.
sed -i 's/^2,04010000-3615/2,04010000-3614/' excel-projects.csv
import_refused 3 'excel-projects.csv: line 4, column "รหัสโครงการ": the key "04010000-3614" is given twice (line 2 has it too): one row per record' \
  excel-*.csv --map "$MAP"
restore
# Entries whose project is missing.
sed -i 's/^04010000-3615,1/04010000-9999,1/' excel-progress.csv
import_refused 3 'excel-progress.csv: line 5, column "รหัสโครงการ": no row of excel-projects.csv has the key "04010000-9999" (each row here is one of the "entries" of that record)' \
  excel-*.csv --map "$MAP"
restore
# Projects without their entries file would delete the stored entries.
import_refused 3 'excel-projects.csv: give excel-progress.csv too' \
  excel-organizations.csv excel-projects.csv --map "$MAP"
# A file the mapping has no table for.
cp excel-projects.csv other.csv
import_refused 3 "other.csv: $MAP has no table for a file of this name (its files: excel-organizations.csv, excel-projects.csv, excel-progress.csv)" \
  other.csv --map "$MAP"
# Saved as Excel's plain "CSV" (Windows-874): a clear error, and the
# documented conversion works.
tail -c +4 "$EX/excel-projects.csv" | iconv -f UTF-8 -t CP874 > excel-projects.csv
import_refused 3 'excel-projects.csv: line 1: the file is not UTF-8: it looks like Thai in Windows-874/TIS-620 (Excel'"'"'s "CSV (Comma delimited)"). Save it as "CSV UTF-8 (Comma delimited)", or convert it: iconv -f CP874 -t UTF-8 excel-projects.csv > NEW.csv' \
  excel-*.csv --map "$MAP"
iconv -f CP874 -t UTF-8 excel-projects.csv > converted.csv && mv converted.csv excel-projects.csv
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" excel-*.csv --map "$MAP"
assert_contains "$(cat "$TMP/stdout")" "4 unchanged" "the converted file imports as the UTF-8 one"
restore
# A quote never closed; a workbook given as CSV.
printf '\xef\xbb\xbfรหัสหน่วยงาน,ชื่อหน่วยงาน,สังกัด\r\nx,"ไม่ปิด\r\n' > excel-organizations.csv
import_refused 3 'excel-organizations.csv: line 2: a quoted cell is not closed (its closing quote is missing)' \
  excel-*.csv --map "$MAP"
printf 'PK\003\004rest' > excel-organizations.csv
import_refused 3 'excel-organizations.csv: this is a workbook (.xlsx), not CSV text' excel-*.csv --map "$MAP"
restore
# Semicolons, as Excel writes "CSV" in locales with a decimal comma.
printf 'key;name;phone\r\np1;นายสมชาย ใจดี;0 2222 2222\r\n' > people.csv
printf '{"raingan_map": 1, "tables": [{"kind": "person", "file": "people.csv", "delimiter": ";"}]}' > people-map.json
assert_status 0 "$RAINGAN" import --db "$DB" people.csv --map people-map.json
assert_eq "$(q "SELECT name, phone FROM people WHERE key = 'p1'")" "นายสมชาย ใจดี|0 2222 2222" "semicolon-separated, columns named as fields"
sum=$(sha256sum < "$DB")
# Mapping errors name the mapping file and the member.
printf '{"raingan_map": 1, "tables": [{"kind": "person", "file": "people.csv", "feilds": {}}]}' > bad-map.json
import_refused 3 'bad-map.json: tables[0].feilds: unknown member "feilds" (did you mean "fields"?)' people.csv --map bad-map.json
# A CSV file without a mapping.
assert_status 2 "$RAINGAN" import --db "$DB" people.csv
assert_contains "$(cat "$TMP/stderr")" "people.csv: a CSV file needs --map MAP" "CSV without --map"
finish
