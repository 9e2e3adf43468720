#!/bin/sh
# Edge cases of the forms, rendered end to end: 30 progress entries, an entry
# body longer than a page, a record with every optional field empty, a plan
# with 40 activities (one without details) and no cover or announcement.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/template_lib.sh"

# in_flat NEEDLE MESSAGE: the PDF text with white space removed contains NEEDLE
# (spaces removed too); prints only the needle when it fails.
in_flat() {
  case "$flat" in *"$(printf '%s' "$1" | tr -d ' ')"*) ;; *) fail "$2: [$1] not in the PDF text" ;; esac
}

# ---- a project with 30 entries, entry 7 longer than a page, and a bare project
{
  echo '{"raingan": 1, "records": ['
  echo '{"kind": "organization", "key": "org", "name": "สำนักทดสอบ"},'
  echo '{"kind": "organization", "key": "org/div", "name": "ฝ่ายทดสอบ", "parent": "org"},'
  echo '{"kind": "person", "key": "person/a", "name": "นายทดสอบ ระบบ", "phone": "0 2000 0000", "position": "นักวิเคราะห์นโยบายและแผน"},'
  echo '{"kind": "project", "key": "EDGE-30", "code": "EDGE-30", "name": "โครงการทดสอบสามสิบรายงาน",'
  echo ' "fiscal_year": 2567, "start_date": "2023-10-01", "end_date": "2024-09-30",'
  echo ' "budget_received": 1234567, "budget_spent": 1234.5, "organization": "org/div", "responsible": "person/a",'
  echo ' "entries": ['
  i=1
  while [ $i -le 30 ]; do
    if [ $i -eq 7 ]; then
      body=""
      p=1
      while [ $p -le 45 ]; do
        body="$body<p>ย่อหน้ายาวที่ $p ของรายงานครั้งที่เจ็ด ดำเนินการประชุมคณะทำงานเพื่อติดตามความก้าวหน้าของโครงการและจัดทำรายงานเสนอผู้บริหารตามลำดับขั้น</p>"
        p=$((p + 1))
      done
    else
      body="ผลการดำเนินงานรายงานครั้งที่ $i ตามแผนงานที่กำหนด"
    fi
    month=$(( (i - 1) % 12 + 1 ))
    plan=true; [ $((i % 5)) -eq 0 ] && plan=false
    [ $i -gt 1 ] && echo ','
    printf '{"number": %d, "date": "2024-%d-15", "body": "%s", "progress_percent": %d, "budget_used": %d.25, "on_plan": %s}' \
      "$i" "$month" "$body" "$((i * 3))" "$i" "$plan"
    i=$((i + 1))
  done
  echo ']},'
  echo '{"kind": "project", "key": "BARE", "code": "BARE-1", "name": "โครงการว่าง", "fiscal_year": 2567,'
  echo ' "start_date": "2023-10-01", "end_date": "2024-09-30", "organization": "org"}'
  echo ']}'
} > "$TMP/projects.json"

assert_status 0 "$RAINGAN" render progress-report --data "$TMP/projects.json" --id EDGE-30 --dump -o "$TMP/e30.dump"
assert_status 0 "$RAINGAN" render progress-report --data "$TMP/projects.json" --id EDGE-30 -o "$TMP/e30.pdf"
check_text_in_order "$TMP/e30.dump" "$TMP/e30.pdf"
check_fonts_embedded "$TMP/e30.pdf"
pages=$(pdf_pages "$TMP/e30.pdf")
[ "$pages" -ge 6 ] || fail "30 entries with a page-long one: only $pages pages"
raw=$(pdftotext -raw "$TMP/e30.pdf" -)
flat=$(printf '%s' "$raw" | tr -d ' \n')   # wrapped cell text joined
in_flat "ย่อหน้ายาวที่1ของรายงาน" "long entry start"
in_flat "ย่อหน้ายาวที่45ของรายงาน" "long entry end"
in_flat "1,234,567.00บาท" "budget received"
in_flat "1,234.50บาท" "budget spent"
in_flat "ความก้าวหน้าของงานฯ=90.00%" "entry 30 progress"
in_flat "ไม่เป็นไปตามแผน" "entry not on plan"
in_flat "::15/12/2567:" "entry 12 date"
in_flat "รายงานครั้งที่30::15/06/2567:ผลการดำเนินงานรายงานครั้งที่30" "entry 30 number, date and body"
# The long entry's number is printed once, where it starts (the seeds' entry
# table has no header row to repeat).
assert_eq "$(printf '%s\n' "$raw" | grep -c "รายงานครั้งที่7")" 1 "long entry's number printed once"
# The title is on every page.
titles=$(printf '%s\n' "$raw" | grep -c "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ")
assert_eq "$titles" "$pages" "title on every page"

# A record with every optional field empty: the form keeps its numbered parts,
# shows "-" for what is missing, and never prints None/(null)/empty phones.
assert_status 0 "$RAINGAN" render progress-report --data "$TMP/projects.json" --id BARE -o "$TMP/bare.pdf"
text=$(pdftotext "$TMP/bare.pdf" -)
for bad in "None" "(null)" "null" "โทร." "NaN"; do
  assert_not_contains "$text" "$bad" "bare project"
done
for part in "1.3 หลักการและเหตุผล" "1.4 วัตถุประสงค์ของโครงการ" "1.5 เป้าหมายของโครงการ" "ยังไม่มีรายงานความก้าวหน้า" \
            "0.00 บาท" "ขอรับรองว่า" "ตำแหน่ง ...."; do
  assert_contains "$text" "$part" "bare project keeps"
done
[ "$(pdf_pages "$TMP/bare.pdf")" -le 2 ] || fail "bare project: more than 2 pages"

# ---- a plan with 40 activities, no cover, no announcement
{
  echo '{"raingan": 1, "records": ['
  echo '{"kind": "organization", "key": "muni", "name": "เทศบาลทดสอบ"},'
  echo '{"kind": "plan", "key": "PLAN-40", "organization": "muni", "fiscal_year": 2567,'
  echo ' "title": "แผนทดสอบสี่สิบกิจกรรม", "period_start": "2023-10-01", "period_end": "2024-09-30",'
  echo ' "sections": [{"number": 1, "title": "ระยะเวลาดำเนินการ"}, {"number": 2, "title": "วัตถุประสงค์", "items": ["ข้อหนึ่ง", "ข้อสอง"]}],'
  echo ' "signatories": [{"role": "ผู้เขียนแผนฯ", "name": "นางทดสอบ แผนงาน", "position_lines": ["นักวิชาการ", "รักษาการแทน"]}],'
  echo ' "footnote": "แผนทดสอบเปลี่ยนแปลงได้",'
  echo ' "activities": ['
  a=1
  while [ $a -le 40 ]; do
    [ $a -gt 1 ] && echo ','
    if [ $a -eq 13 ]; then
      printf '{"number": %d, "name": "กิจกรรมไม่มีรายละเอียด", "details": []}' "$a"
    else
      printf '{"number": %d, "name": "กิจกรรมทดสอบลำดับ %d", "remarks": "หมายเหตุ %d", "details": [' "$a" "$a" "$a"
      printf '{"text": "รายละเอียดแรกของกิจกรรม %d", "months": [10, 11, 12]},' "$a"
      printf '{"text": "รายละเอียดที่สองของกิจกรรม %d", "months": [%d]}]}' "$a" "$(( (a - 1) % 12 + 1 ))"
    fi
    a=$((a + 1))
  done
  echo ']}]}'
} > "$TMP/plan.json"
assert_status 0 "$RAINGAN" render development-plan --data "$TMP/plan.json" --id PLAN-40 --dump -o "$TMP/plan.dump"
assert_status 0 "$RAINGAN" render development-plan --data "$TMP/plan.json" --id PLAN-40 -o "$TMP/plan.pdf"
check_text_in_order "$TMP/plan.dump" "$TMP/plan.pdf"
check_fonts_embedded "$TMP/plan.pdf"
pages=$(pdf_pages "$TMP/plan.pdf")
land=$(pdf_landscape_pages "$TMP/plan.pdf")
[ "$land" -ge 4 ] || fail "40 activities on only $land landscape pages"
assert_eq "$((pages - land))" 1 "plan without cover/announcement: one portrait page"
bars=$(grep -c "cell bar" "$TMP/plan.dump")
assert_eq "$bars" 156 "month bars: 39 activities x (3 + 1 months)"
raw=$(pdftotext -raw "$TMP/plan.pdf" -)
flat=$(printf '%s' "$raw" | tr -d ' \n')
in_flat "๑ตุลาคม๒๕๖๖-๓๐กันยายน๒๕๖๗" "period from the dates"
in_flat "๒.๑." "numbered items"
in_flat "๒.๒." "numbered items"
in_flat "กิจกรรมไม่มีรายละเอียด" "activity without details"
in_flat "หมายเหตุ:แผนทดสอบเปลี่ยนแปลงได้" "footnote"
in_flat "(นางทดสอบแผนงาน)นักวิชาการรักษาการแทน" "signatory with two position lines"
heads=$(printf '%s\n' "$raw" | grep -c "กิจกรรมดำเนินการ")
assert_eq "$heads" "$land" "table header on every landscape page"
# An announcement with an emblem: the image is drawn above the heading; a
# plan with no activities has no landscape page.
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' \
  | base64 -d > "$TMP/emblem.png"
cat > "$TMP/emblem.json" <<JSON
{"raingan": 1, "records": [
 {"kind": "organization", "key": "muni", "name": "เทศบาลทดสอบ"},
 {"kind": "plan", "key": "PLAN-EMBLEM", "organization": "muni", "fiscal_year": 2567, "title": "แผนมีตรา",
  "announcement": {"heading": "ประกาศเทศบาลทดสอบ", "subject": "ให้ใช้แผนทดสอบ", "body": "ด้วยเทศบาลทดสอบ",
   "closing": "จึงประกาศให้ทราบโดยทั่วกัน", "date": "2024-03-27",
   "signer": {"name": "นายนายก ทดสอบ", "position_lines": ["นายกเทศมนตรี"]}, "emblem": "$TMP/emblem.png"}}
]}
JSON
assert_status 0 "$RAINGAN" render development-plan --data "$TMP/emblem.json" --id PLAN-EMBLEM -o "$TMP/emblem.pdf"
assert_eq "$(pdfimages -list -f 1 -l 1 "$TMP/emblem.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)" 1 "emblem on the announcement page"
assert_eq "$(pdf_landscape_pages "$TMP/emblem.pdf")" 0 "no activity table without activities"
flat=$(pdftotext -raw "$TMP/emblem.pdf" - | tr -d ' \n')
in_flat "ประกาศ ณ วันที่ ๒๗ มีนาคม พ.ศ. ๒๕๖๗" "announcement date"
in_flat "(นายนายก ทดสอบ)นายกเทศมนตรี" "announcement signer"
rm "$TMP/emblem.png"
assert_status 4 "$RAINGAN" render development-plan --data "$TMP/emblem.json" --id PLAN-EMBLEM -o "$TMP/emblem2.pdf"
assert_contains "$(cat "$TMP/stderr")" "emblem.json: \$.records[1].announcement.emblem (line 6): image of record PLAN-EMBLEM: image $TMP/emblem.png: No such file or directory" "missing emblem"

flat=$(pdftotext -raw "$TMP/plan.pdf" - | tr -d ' \n')
# Each activity's number, name and first detail share a row.
for a in ๑ ๒๐ ๔๐; do
  in_flat "$a.กิจกรรมทดสอบลำดับ${a}รายละเอียดแรกของกิจกรรม$a" "activity $a row"
done
# ---- the footnote after the activity table never stands alone on a page:
# whatever the number of activities, the page holding it also holds table
# rows (every table page repeats the month header "ต.ค.").
footnote_plan() {  # footnote_plan N E: N activities; every E-th has a longer first detail
  echo '{"raingan": 1, "records": [{"kind": "organization", "key": "muni", "name": "เทศบาลทดสอบ"},'
  echo '{"kind": "plan", "key": "PLAN-FN", "organization": "muni", "fiscal_year": 2567, "title": "แผนทดสอบหมายเหตุ",'
  echo ' "footnote": "หมายเหตุท้ายตารางทดสอบ", "activities": ['
  a=1
  while [ $a -le "$1" ]; do
    [ $a -gt 1 ] && echo ','
    more=""; [ $((a % $2)) -eq 0 ] && more=" และติดตามผลการดำเนินงานอย่างต่อเนื่อง"
    printf '{"number": %d, "name": "กิจกรรมทดสอบลำดับ %d", "details": [' "$a" "$a"
    printf '{"text": "รายละเอียดแรกของกิจกรรม %d%s", "months": [10, 11]},' "$a" "$more"
    printf '{"text": "รายละเอียดที่สอง %d", "months": [3]}]}' "$a"
    a=$((a + 1))
  done
  echo ']}]}'
}
# Without the template's keep rule these shapes leave the footnote alone on
# a page (e.g. 12 activities with every second one longer, 8 with every fifth).
for e in 2 3 5; do
  n=6
  while [ $n -le 26 ]; do
    footnote_plan $n $e > "$TMP/fn.json"
    assert_status 0 "$RAINGAN" render development-plan --data "$TMP/fn.json" --id PLAN-FN -o "$TMP/fn.pdf"
    pages=$(pdf_pages "$TMP/fn.pdf")
    p=1
    while [ $p -le "$pages" ]; do
      text=$(pdftotext -f $p -l $p "$TMP/fn.pdf" -)
      case "$text" in
        *หมายเหตุท้ายตารางทดสอบ*)
          assert_contains "$text" "ต.ค." "plan of $n activities (longer every $e): the footnote's page $p has table rows" ;;
      esac
      p=$((p + 1))
    done
    n=$((n + 1))
  done
done
finish
