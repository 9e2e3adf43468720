#!/bin/sh
# Layout render test: a multi-page document (portrait report with a 30-row
# table, a row longer than a page, a chain of five signatures; a landscape
# Gantt table) laid out, written by the PDF writer and read back with
# poppler-utils: page sizes, rows in order with nothing lost or repeated,
# header rows on every table page, "page X of Y" in Thai digits.
. "$top_srcdir/tests/lib.sh"
LC_ALL=C.UTF-8; export LC_ALL   # Thai character classes in grep and sed

PDF="$TMP/layout.pdf"
assert_status 0 "$top_builddir/tests/test_layout_render" "$PDF"
[ -s "$PDF" ] || { fail "no PDF written"; finish; }

pages=$(pdfinfo "$PDF" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 10 ] || fail "expected at least 10 pages, got $pages"
first_size=$(pdfinfo -f 1 -l 1 "$PDF" | sed -n 's/^Page *1 size: *\([0-9.]* x [0-9.]*\).*/\1/p')
last_size=$(pdfinfo -f "$pages" -l "$pages" "$PDF" | sed -n "s/^Page *$pages size: *\([0-9.]* x [0-9.]*\).*/\1/p")
assert_eq "$first_size" "595.28 x 841.89" "first page is A4 portrait"
assert_eq "$last_size" "841.89 x 595.28" "last page is A4 landscape"

# Every embedded font is embedded (and subset).
pdffonts "$PDF" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
  fail "a font is not embedded: $(pdffonts "$PDF")"

# The logo image: one 80 x 20 px image on page 1 (drawn 120 x 30 pt, 4:1 kept).
imgs=$(pdfimages -f 1 -l 1 -list "$PDF" | awk 'NR > 2 { print $4 "x" $5 }' | tr '\n' ' ')
assert_eq "$imgs" "80x20 " "image on page 1"

thai() { echo "$1" | sed 'y/0123456789/๐๑๒๓๔๕๖๗๘๙/'; }

# Rows 01..30 each exactly once, in order; the table's header on each of its pages.
pdftotext -layout "$PDF" "$TMP/all.txt"
rows=$(grep -o 'แถว[0-9][0-9]' "$TMP/all.txt" | tr '\n' ' ')
assert_eq "$rows" "$(for i in $(seq -w 1 30); do printf 'แถว%s ' "$i"; done)" "table rows in order"
last_table_page=0
p=1
while [ "$p" -le "$pages" ]; do
  pdftotext -layout -f "$p" -l "$p" "$PDF" "$TMP/p$p.txt"
  if grep -q 'แถว30' "$TMP/p$p.txt"; then last_table_page=$p; fi
  p=$((p + 1))
done
[ "$last_table_page" -gt 2 ] || fail "the report table should span several pages"
p=1
while [ "$p" -le "$last_table_page" ]; do
  n=$(grep -c 'รายละเอียดการดำเนินงาน' "$TMP/p$p.txt")
  assert_eq "$n" "1" "header row on page $p"
  # page X of Y, Thai digits, in the footer of the portrait section
  assert_contains "$(cat "$TMP/p$p.txt")" "หน้า $(thai "$p") จาก $(thai "$pages")" "page number on page $p"
  p=$((p + 1))
done

# No row text lost: the phrase count (lines joined back) matches what the
# program put in (row i has 1 + 3i mod 7 phrases, row 17 has 110); a phrase
# cut by a page break is interrupted by the footer, hence the small slack.
expected=$(awk 'BEGIN { for (i = 1; i <= 30; i++) n += (i == 17) ? 110 : 1 + (i * 3) % 7; print n }')
found=$(pdftotext -raw "$PDF" - | tr -d '\n' | grep -o 'อยู่ระหว่างขั้นตอนการจัดเก็บและรวบรวมข้อมูล' | wc -l)
[ "$found" -le "$expected" ] && [ "$found" -ge $((expected - pages)) ] ||
  fail "row text: $found phrases, expected $expected"

# Certification kept with the first signature; all five signature blocks.
cert_page=0; sig_page=0
p=1
while [ "$p" -le "$pages" ]; do
  grep -q 'ขอรับรองว่า' "$TMP/p$p.txt" && cert_page=$p
  grep -q 'ผู้เขียนแผนฯ' "$TMP/p$p.txt" && sig_page=$p
  p=$((p + 1))
done
assert_eq "$cert_page" "$sig_page" "certification on the page of the first signature"
for who in '(นางสาวจันทร์จิรา มั่นสปียะเลิศ)' 'ผู้อนุมัติแผนฯ' 'นายกเทศมนตรีนครหาดใหญ่'; do
  assert_contains "$(cat "$TMP/all.txt")" "$who" "signature text"
done

# Gantt activities in order, each with its header rows above it on its page.
acts=$(grep -o 'กิจกรรม[๐๑๒๓๔๕๖๗๘๙][๐๑๒๓๔๕๖๗๘๙]' "$TMP/all.txt" | tr '\n' ' ')
assert_eq "$acts" "$(for i in $(seq -w 1 10); do printf 'กิจกรรม%s ' "$(thai "$i")"; done)" "activities in order"

# It rasterizes (look at these PNGs when changing layout: pdftoppm -r 60 -png).
pdftoppm -r 30 -png -f 1 -l 2 "$PDF" "$TMP/page" || fail "pdftoppm failed"
finish
