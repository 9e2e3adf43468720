#!/bin/sh
# Renders every example through its form, end to end (store -> template ->
# layout -> PDF), and checks what poppler reads back: every value and entry
# body of the bound document in order, page counts and orientation, embedded
# fonts, Thai dates instead of the old system's timestamps, the running title
# on every page, and byte-identical output for the same data and --date.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/template_lib.sh"
EX="$top_srcdir/examples"

render() {  # render NAME FORM JSON KEY
  assert_status 0 "$RAINGAN" render "$2" --data "$EX/$3" --id "$4" --dump -o "$TMP/$1.dump"
  assert_status 0 "$RAINGAN" render "$2" --data "$EX/$3" --id "$4" --date 2024-01-31 -o "$TMP/$1.pdf"
  [ -s "$TMP/$1.pdf" ] || { fail "$1: no PDF"; return; }
  check_text_in_order "$TMP/$1.dump" "$TMP/$1.pdf"
  check_fonts_embedded "$TMP/$1.pdf"
  pdftotext "$TMP/$1.pdf" "$TMP/$1.txt"
  text=$(cat "$TMP/$1.txt")
  for bad in "00:00:00" "(null)" "None" "<p>" "</p>" "&lt;"; do
    assert_not_contains "$text" "$bad" "$1: old-system artefact"
  done
}

for seed in 000:progress-report:seed-000-progress-2561.json:04010000-3614 \
            002:progress-report:seed-002-progress-2566.json:50310000-2961 \
            003:progress-report-table:seed-003-progress-2563.json:21000000-3165; do
  n=${seed%%:*}; rest=${seed#*:}; form=${rest%%:*}; rest=${rest#*:}; json=${rest%%:*}; key=${rest#*:}
  render "p$n" "$form" "$json" "$key"
  pages=$(pdf_pages "$TMP/p$n.pdf")
  [ "$pages" -ge 3 ] || fail "p$n: $pages pages"
  assert_eq "$(pdf_landscape_pages "$TMP/p$n.pdf")" 0 "p$n: portrait only"
  # The title heads every page, with "หน้า X / Y".
  titles=$(grep -c "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ" "$TMP/p$n.txt")
  [ "$titles" -ge "$pages" ] || fail "p$n: title on $titles of $pages pages"
  assert_contains "$text" "หน้า $pages / $pages" "p$n: page X / Y"
  assert_contains "$text" "ขอรับรองว่า" "p$n: certification"
  # Each entry's number stands beside its own date (the old system shifted
  # the rows by one after a page break): "รายงานครั้งที่N" and ":: d/m/BE :"
  # start one line.
  awk '/paragraph \[14 left\]: รายงาน(<br>)?ครั้งที่[0-9]+$/ { sub(/.*: /, ""); sub(/<br>/, ""); n = $0; next }
       /paragraph \[14 left\]: :: [0-9\/]+ :/ { sub(/.*\]: /, ""); sub(/ :.*/, " :"); if (n != "") print n " " $0; n = ""; next }
       /paragraph/ { n = "" }' "$TMP/p$n.dump" \
    | tr -d ' ' > "$TMP/p$n.rows"
  # In the page text with spaces and line ends removed, "ครั้งที่N" is followed
  # at once by its own ":: date :" (seed 003's number cell wraps "รายงาน" /
  # "ครั้งที่N", so only the number's last line is next to the date).
  pdftotext -raw "$TMP/p$n.pdf" - | tr -d ' \n' > "$TMP/p$n.raw"
  rows=0
  while IFS= read -r row; do
    rows=$((rows + 1))
    grep -qF "${row#รายงาน}" "$TMP/p$n.raw" \
      || fail "p$n: entry number not beside its own date: $row"
  done < "$TMP/p$n.rows"
  [ "$rows" -ge 8 ] || fail "p$n: only $rows entries"
done
# Dates print as Thai dates.
assert_contains "$(cat "$TMP/p000.txt")" "1 ตุลาคม 2560" "seed 000 start date"
assert_contains "$(cat "$TMP/p000.txt")" ":: 27/10/2560 :" "seed 000 entry 1 date"
assert_contains "$(cat "$TMP/p002.txt")" ":: 16/01/2566 :" "seed 002 entry 1 date"

render i001 indicator-report seed-001-indicator-2563.json indicator-2563-3
assert_contains "$text" "☑ ผลลัพธ์ (Outcome)" "indicator level checked"
assert_contains "$text" "☐ ผลผลิต (Output)" "indicator level unchecked"
assert_contains "$text" "(ผู้รายงานข้อมูล)" "reporter role"

render d004 development-plan seed-004-plan-2563.json hatyai-info-center-2563
pages=$(pdf_pages "$TMP/d004.pdf")
land=$(pdf_landscape_pages "$TMP/d004.pdf")
[ "$land" -ge 1 ] || fail "plan: no landscape page for the activity table"
[ "$land" -lt "$pages" ] || fail "plan: every page landscape"
# The landscape pages are the activity table's: its header is on each of them.
heads=$(pdftotext -raw "$TMP/d004.pdf" - | grep -c "กิจกรรมดำเนินการ")
assert_eq "$heads" "$land" "plan: table header repeated on every landscape page"
assert_contains "$text" "ประกาศ ณ วันที่ ๒๗ มีนาคม พ.ศ. ๒๕๖๓" "announcement date in Thai digits"
assert_contains "$text" "๑ ตุลาคม ๒๕๖๒ - ๓๐ กันยายน ๒๕๖๓" "period in Thai long dates"
assert_contains "$text" "หมายเหตุ : แผนสามารถเปลี่ยนแปลงได้ตามความเหมาะสม" "footnote"
for m in ต.ค. พ.ย. ธ.ค. ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย.; do
  assert_contains "$text" "$m" "month $m in the table header"
done
pdftotext -f 1 -l 1 "$TMP/d004.pdf" - | grep -q "ศูนย์ข้อมูลข่าวสาร" || fail "plan: cover first"
# The announcement (page 2) carries the plan's emblem, above its heading.
assert_eq "$(pdfimages -list -f 2 -l 2 "$TMP/d004.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)" 1 "plan: emblem"
pdftotext -f 2 -l 2 "$TMP/d004.pdf" - | grep -q "ประกาศเทศบาลนครหาดใหญ่" || fail "plan: announcement on page 2"

# What a new user types (examples/new-*.json). A municipality's project with
# 20 entries: the municipal wording, every entry's number beside its own date.
render n20 progress-report new-project-20-entries.json BANMAI-2568-01
assert_contains "$text" "1.6 ความสอดคล้องกับแผนพัฒนาท้องถิ่น" "municipal 1.6"
assert_not_contains "$text" "สยป" "municipal coordinator label"
assert_not_contains "$text" "กทม. ระยะ 20 ปี" "municipal 1.6"
pdftotext -raw "$TMP/n20.pdf" - | tr -d ' \n' > "$TMP/n20.raw"
i=1
while [ $i -le 20 ]; do
  grep -q "รายงานครั้งที่$i::" "$TMP/n20.raw" || fail "new project: entry $i not beside its date"
  i=$((i + 1))
done
assert_contains "$(cat "$TMP/n20.raw")" "ความก้าวหน้าของงานฯ=100.00%" "new project: last figure"
# A plan whose title and cover lines do not name its issuing body: the body
# is printed under the title (first body page) and on the cover.
render pnb development-plan new-plan-no-body.json banmai-info-center-2568
body="องค์การบริหารส่วนตำบลบ้านใหม่"
pdftotext -f 1 -l 1 "$TMP/pnb.pdf" - | grep -q "$body" || fail "plan without body: not on the cover"
pdftotext -f 2 -l 2 "$TMP/pnb.pdf" - | grep -q "$body" || fail "plan without body: not under the title"
# Its activity 4 is taller than a landscape page: its number is printed again
# on each page it continues on, and the next page's first words close each
# body page ("/...").
land4=0
for p in $(seq 1 "$(pdf_pages "$TMP/pnb.pdf")"); do
  pdftotext -raw -f "$p" -l "$p" "$TMP/pnb.pdf" - | grep -q "^๔\. " && land4=$((land4 + 1))
done
[ "$land4" -ge 3 ] || fail "plan without body: activity ๔ numbered on $land4 page(s), expected each of its pages"
# The narrow remarks column keeps its Thai words whole (the paragraph
# breaker's compound costs, templates/thai-compounds.txt): the old system
# printed "ดำเนิน / การร่วม / กับกอง / วิชาการ".
pdftotext -raw "$TMP/pnb.pdf" - > "$TMP/pnb.raw"
grep -q "^ดำเนินการ" "$TMP/pnb.raw" || fail "plan remarks: no line starts with ดำเนินการ"
if grep -Eq "ดำเนิน$|^การร่วม|^การ$" "$TMP/pnb.raw"; then
  fail "plan remarks: a word cut at a line end: $(grep -E "ดำเนิน$|^การร่วม|^การ$" "$TMP/pnb.raw" | head -3)"
fi

# --digits and --font override the template; the same input gives the same bytes.
assert_status 0 "$RAINGAN" render development-plan --data "$EX/seed-004-plan-2563.json" \
  --id hatyai-info-center-2563 --digits arabic --date 2024-01-31 -o "$TMP/d004-arabic.pdf"
assert_contains "$(pdftotext "$TMP/d004-arabic.pdf" -)" "ประกาศ ณ วันที่ 27 มีนาคม พ.ศ. 2563" "--digits arabic"
assert_status 0 "$RAINGAN" render progress-report --data "$EX/seed-000-progress-2561.json" \
  --id 04010000-3614 --digits thai --date 2024-01-31 -o "$TMP/p000-thai.pdf"
assert_contains "$(pdftotext "$TMP/p000-thai.pdf" -)" "๑ ตุลาคม ๒๕๖๐" "--digits thai"
assert_status 0 "$RAINGAN" render progress-report --data "$EX/seed-000-progress-2561.json" \
  --id 04010000-3614 --font "DejaVu Serif" --date 2024-01-31 -o "$TMP/p000-font.pdf"
assert_contains "$(pdffonts "$TMP/p000-font.pdf")" "DejaVuSerif" "--font"
assert_status 0 "$RAINGAN" render progress-report --data "$EX/seed-000-progress-2561.json" \
  --id 04010000-3614 --date 2024-01-31 -o "$TMP/p000-again.pdf"
cmp -s "$TMP/p000.pdf" "$TMP/p000-again.pdf" || fail "same data and --date: different bytes"

# From a database opened read-only: the same document as from --data.
assert_status 0 "$RAINGAN" import --db "$TMP/ex.db" "$EX/seed-000-progress-2561.json"
chmod a-w "$TMP/ex.db"
assert_status 0 "$RAINGAN" render progress-report --db "$TMP/ex.db" --id 04010000-3614 \
  --date 2024-01-31 -o "$TMP/p000-db.pdf"
cmp -s "$TMP/p000.pdf" "$TMP/p000-db.pdf" || fail "--db and --data give different PDFs"
chmod u+w "$TMP/ex.db"
finish
