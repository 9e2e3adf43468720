# Dates as Excel users have them (docs/sources.md, "Dates from Excel"): a
# two-digit year is read only where the mapping says which era its table
# writes ("two_digit_years": "BE" or "CE"), an Excel day number only where
# it says which date system ("excel_serial_dates": "1900" or "1904"; the
# 1900 system's day 60, 29 February 1900, that never was, refused), a date
# with slashes and a common-era year whose day and month could be swapped
# only where it says the order ("date_order": "dmy" or "mdy"). Without
# the mapping's word, each is refused with a message naming file, line and
# column and saying what to write; JSON keeps refusing both. Stored values
# are checked exactly (ISO, common era).
. "$top_srcdir/tests/lib.sh"
cd "$TMP" || exit 1
DB=$TMP/a.db
printf '%s\n' '{"raingan": 1, "records": [' \
  '{"kind": "organization", "key": "org", "name": "สำนักงาน"}]}' > org.json
assert_status 0 "$RAINGAN" import --db "$DB" org.json
sum=$(sha256sum < "$DB")

# map OPTIONS: a mapping of projects.csv with the table's extra members.
map() {
  printf '{"raingan_map": 1, "tables": [{"kind": "project", "file": "projects.csv"%s,
  "fields": {"key": "รหัส", "code": "รหัส", "name": "ชื่อ", "fiscal_year": "ปี",
    "organization": "หน่วยงาน", "start_date": "เริ่ม", "end_date": "สิ้นสุด"}}]}\n' "$1" > dates.map
}
# csv START END: one project with these two date cells (CRLF, as Excel writes).
csv() {
  printf 'รหัส,ชื่อ,ปี,หน่วยงาน,เริ่ม,สิ้นสุด\r\nP-1,โครงการ,2567,org,"%s","%s"\r\n' "$1" "$2" \
    > projects.csv
}
q() { sqlite3 "$DB" "SELECT start_date || ' ' || end_date FROM projects WHERE key = 'P-1'"; }
# stored START END EXPECTED MESSAGE: imports the cells, checks the stored dates.
stored() {
  csv "$1" "$2"
  assert_status 0 "$RAINGAN" import --db "$DB" projects.csv --map dates.map
  assert_eq "$(q)" "$3" "$4"
}
# refused START END MESSAGE: exit 3, MESSAGE, nothing stored.
refused() {
  csv "$1" "$2"
  local before
  before=$(sha256sum < "$DB")
  assert_status 3 "$RAINGAN" import --db "$DB" projects.csv --map dates.map
  assert_contains "$(cat "$TMP/stderr")" "$3" "$3"
  assert_contains "$(cat "$TMP/stderr")" "nothing was imported" "$3: nothing imported"
  assert_eq "$(sha256sum < "$DB")" "$before" "$3: database unchanged"
}

# Without the mapping's word: both refused, saying what to write.
map ''
refused '15/12/66' '30/9/2567' \
  'raingan import: projects.csv: line 2, column "เริ่ม": a two-digit year is ambiguous in "15/12/66": write years in full, or say in the mapping how this table writes them: "two_digit_years": "BE" (66 is 2566) or "CE" (66 is 2066)'
refused '15 ธ.ค. 2566' '30 ก.ย. 67' \
  'raingan import: projects.csv: line 2, column "สิ้นสุด": a two-digit year is ambiguous in "30 ก.ย. 67": write years in full, or say in the mapping how this table writes them: "two_digit_years": "BE" (67 is 2567) or "CE" (67 is 2067)'
refused '45275' '30/9/2567' \
  'raingan import: projects.csv: line 2, column "เริ่ม": "45275" is a number, not a date: if the sheet holds Excel'"'"'s day numbers (45275 is 15/12/2566 in Excel'"'"'s 1900 date system), say so in the mapping: "excel_serial_dates": "1900" (or "1904", a workbook in the 1904 date system)'
assert_eq "$(sha256sum < "$DB")" "$sum" "nothing stored without the mapping's word"
# Full years are read as before.
stored '15/12/2566' '2024-09-30' '2023-12-15 2024-09-30' 'four-digit years need no rule'

# "BE": yy is 25yy, in d/m/yy and d MONTH yy, Thai digits too.
map ', "two_digit_years": "BE"'
stored '15/12/66' '30 ก.ย. 67' '2023-12-15 2024-09-30' 'BE: 66 is 2566, 67 is 2567'
stored '๑/๑๐/๖๖' '30 กันยายน พ.ศ. 67' '2023-10-01 2024-09-30' 'BE: Thai digits, พ.ศ. before two digits'
stored '1/1/00' '31/12/99' '1957-01-01 2056-12-31' 'BE: 00 is 2500 (1957), 99 is 2599 (2056)'
stored '15/12/2023' '30/9/2567' '2023-12-15 2024-09-30' 'BE: four-digit years keep their own era'
refused '15/12/66' '30 ก.ย. ค.ศ. 24' \
  'projects.csv: line 2, column "สิ้นสุด": "30 ก.ย. ค.ศ. 24" says ค.ศ. (common era), but the mapping reads this table'"'"'s two-digit years as Buddhist era ("two_digit_years": "BE")'
refused '29/2/65' '30/9/67' \
  'projects.csv: line 2, column "เริ่ม": impossible date "29/2/65": month 2 of 2565 has 28 days'
refused '45275' '30/9/67' \
  'projects.csv: line 2, column "เริ่ม": "45275" is a number, not a date'
refused '15/12/566' '30/9/67' \
  'projects.csv: line 2, column "เริ่ม": expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "15/12/566"'

# "CE": yy is 20yy.
map ', "two_digit_years": "CE"'
stored '15/12/23' '30 ก.ย. 24' '2023-12-15 2024-09-30' 'CE: 23 is 2023'
refused '15 ธ.ค. พ.ศ. 66' '30/9/24' \
  'projects.csv: line 2, column "เริ่ม": "15 ธ.ค. พ.ศ. 66" says พ.ศ. (Buddhist era), but the mapping reads this table'"'"'s two-digit years as common era ("two_digit_years": "CE")'

# Slashes with a common-era year: day first in Thai, month first in Excel in
# English. Where both readings are dates the order must be said.
map ''
refused '1/2/2023' '30/9/2567' \
  'projects.csv: line 2, column "เริ่ม": the order of day and month is ambiguous in "1/2/2023" (a common-era year: Excel in English writes the month first, in Thai the day): say in the mapping how this table writes them: "date_order": "dmy" (1/2 is 1 February) or "mdy" (January 2)'
refused '10/1/2022' '12/15/2023' \
  'projects.csv: line 2, column "เริ่ม": the order of day and month is ambiguous in "10/1/2022"'
refused '13/1/2022' '12/15/2023' \
  'projects.csv: line 2, column "สิ้นสุด": there is no month 15 in "12/15/2023": if this table writes the month first (as Excel in English does), say so in the mapping: "date_order": "mdy"'
stored '5/5/2023' '1/2/2567' '2023-05-05 2024-02-01' 'no order needed: the same day and month; a Buddhist-era year is day first'
map ', "date_order": "mdy"'
stored '10/1/2022' '12/15/2023' '2022-10-01 2023-12-15' 'mdy: month first'
refused '15/12/2023' '12/31/2023' \
  'projects.csv: line 2, column "เริ่ม": impossible date "15/12/2023": there is no month 15'
map ', "date_order": "dmy"'
stored '1/2/2023' '30/9/2024' '2023-02-01 2024-09-30' 'dmy: day first'
map ', "date_order": "mdy", "two_digit_years": "CE"'
stored '1/2/23' '9/30/24' '2023-01-02 2024-09-30' 'mdy with two-digit common-era years'
map ', "date_order": "ymd"'
csv '1/2/2023' '30/9/2024'
assert_status 3 "$RAINGAN" import --db "$DB" projects.csv --map dates.map
assert_contains "$(cat "$TMP/stderr")" 'dates.map: tables[0].date_order: expected "dmy" (slashed dates are day first: 1/2/2023 is 1 February) or "mdy" (month first, as Excel in English writes them)' \
  'date_order is dmy or mdy'

# Excel's 1900 date system: day 1 is 1 January 1900; Excel counts a 29
# February 1900, so from day 61 on a day number is one ahead of the calendar.
map ', "excel_serial_dates": "1900"'
stored '45275' '45565' '2023-12-15 2024-09-30' '1900 system: 45275 is 15/12/2023'
stored '๔๕๒๗๕' '45565.75' '2023-12-15 2024-09-30' '1900 system: Thai digits; a time of day dropped'
stored '1' '59' '1900-01-01 1900-02-28' '1900 system: days before the phantom 29 February'
refused '61' '2958465' \
  'projects.csv: line 2, column "สิ้นสุด": Excel'"'"'s day number 2958465 is after the year 2399 (common era), the last raingan stores'
stored '61' '15/12/2566' '1900-03-01 2023-12-15' '1900 system: day 61 is 1 March 1900; text dates still read'
refused '60' '45565' \
  'projects.csv: line 2, column "เริ่ม": Excel'"'"'s day number 60 is 29 February 1900, a day that never was (Excel counts 1900 as a leap year): correct the cell'
refused '0' '45565' \
  'projects.csv: line 2, column "เริ่ม": Excel'"'"'s day number 0 is no date (Excel shows it as 0 January 1900): correct the cell'
refused '15/12/66' '45565' \
  'projects.csv: line 2, column "เริ่ม": a two-digit year is ambiguous in "15/12/66"'
refused '-45275' '45565' \
  'projects.csv: line 2, column "เริ่ม": expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "-45275"'

# Excel's 1904 date system (old Mac workbooks): day 0 is 1 January 1904.
map ', "excel_serial_dates": "1904", "two_digit_years": "BE"'
stored '0' '43813' '1904-01-01 2023-12-15' '1904 system: 0 is 1/1/1904, 43813 is 15/12/2023'
stored '60' '15/12/66' '1904-03-01 2023-12-15' '1904 system: no phantom day; both rules in one table'

# The mapping's members are checked.
map ', "two_digit_years": "be"'
csv '15/12/66' '30/9/67'
assert_status 3 "$RAINGAN" import --db "$DB" projects.csv --map dates.map
assert_contains "$(cat "$TMP/stderr")" 'dates.map: tables[0].two_digit_years: expected "BE" (a two-digit year yy is the Buddhist era 25yy: 66 is 2566) or "CE" (the common era 20yy: 23 is 2023)' \
  'two_digit_years is BE or CE'
map ', "excel_serial_dates": 1900'
assert_status 3 "$RAINGAN" import --db "$DB" projects.csv --map dates.map
assert_contains "$(cat "$TMP/stderr")" 'dates.map: tables[0].excel_serial_dates: expected "1900" (Excel'"'"'s usual date system: day 1 is 1 January 1900) or "1904" (day 0 is 1 January 1904)' \
  'excel_serial_dates is a string'
map ', "excel_serial_date": "1900"'
assert_status 3 "$RAINGAN" import --db "$DB" projects.csv --map dates.map
assert_contains "$(cat "$TMP/stderr")" 'dates.map: tables[0].excel_serial_date: unknown member "excel_serial_date" (did you mean "excel_serial_dates"?)' \
  'a misspelt member'

# JSON has no mapping: two-digit years and day numbers stay refused there.
printf '%s\n' '{"raingan": 1, "records": [{"kind": "project", "key": "J-1", "code": "J-1",' \
  '"name": "x", "fiscal_year": 2567, "organization": "org", "start_date": "15/12/66",' \
  '"end_date": "45565"}]}' > p.json
assert_status 3 "$RAINGAN" import --db "$DB" p.json
assert_contains "$(cat "$TMP/stderr")" 'p.json: $.records[0].start_date (line 2): a two-digit year is ambiguous in "15/12/66": write the year in full, such as 2566' \
  'JSON: a two-digit year'
sed -i 's|"15/12/66"|"15/12/2566"|' p.json
assert_status 3 "$RAINGAN" import --db "$DB" p.json
assert_contains "$(cat "$TMP/stderr")" 'p.json: $.records[0].end_date (line 3): expected a date like 27/10/2560, 15 ธ.ค. 2566 or 2017-10-01, got "45565"' \
  'JSON: a day number'
finish
