# The memo (บันทึกข้อความ) and the announcement/order (ประกาศ / คำสั่ง) from the
# examples, measured in the PDF against the figures of the Regulation of the
# Prime Minister's Office on Correspondence: the Garuda emblem 1.5 cm high at
# the top left of a memo and 3 cm high centred on an announcement, the title
# 29 pt bold, the heading labels 20 pt bold with dotted leaders to the right
# margin, the body 16 pt, margins 3 cm left and 2 cm right, the signature
# block with the name in parentheses and no ลงชื่อ; batch, archival copies and
# verify for these declared kinds (every field in the digest). Figures in points
# (1 mm = 72/25.4 pt), read with mutool trace/stext and pdftotext -bbox.
. "$top_srcdir/tests/lib.sh"
EX=$top_srcdir/examples
MM=2.834645669

# near ACTUAL EXPECTED TOLERANCE MESSAGE
near() { awk -v a="$1" -v e="$2" -v t="$3" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(d <= t) }' \
           || fail "$4: got $1, expected $2 (+-$3)"; }

render() {   # render FORM JSON KEY OUT.pdf
  assert_status 0 "$RAINGAN" render "$1" --data "$EX/$2" --id "$3" --date 2024-01-31 -o "$4"
}

render memo memo-bangrak-2566.json bang-rak-admin-2566-123 "$TMP/memo.pdf"
mutool trace "$TMP/memo.pdf" > "$TMP/memo.trace" 2>/dev/null
mutool draw -F stext -o "$TMP/memo.stext" "$TMP/memo.pdf" 2>/dev/null
pdftotext -bbox "$TMP/memo.pdf" "$TMP/memo.html"
assert_eq "$(pdfinfo "$TMP/memo.pdf" | awk '/^Pages:/ { print $2 }')" "1" "the memo is one page"

# The emblem: 15 mm high, its left edge on the 30 mm margin, in the top band.
set -- $(sed -n 's/.*<fill_image.*transform="\([^"]*\)".*/\1/p' "$TMP/memo.trace" | head -1)
assert_eq "$#" "6" "the memo draws one image"
near "$4" "$(echo "15 * $MM" | bc -l)" 0.05 "memo emblem height (15 mm)"
near "$5" "$(echo "30 * $MM" | bc -l)" 0.05 "memo emblem at the left margin (30 mm)"
awk -v y="$6" 'BEGIN { exit !(y < 30 * 2.8346 + 42.52) }' || fail "memo emblem in the top band: y $6"

# Sizes and weights of the text, from MuPDF's structured text.
size_of() {   # "bold 29": the weight and size of the font run holding $2, in stext $1
  python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
for font in ET.parse(sys.argv[1]).iter('font'):
    if sys.argv[2] in ''.join(c.get('c', '') for c in font.iter('char')):
        print(('bold' if 'Bold' in font.get('name') else 'regular') + ' ' + font.get('size'))
        break
PY
}
assert_eq "$(size_of "$TMP/memo.stext" "บันทึกข้อความ")" "bold 29" "title 29 pt bold"
for label in ส่วนราชการ วันที่ เรื่อง; do
  assert_eq "$(size_of "$TMP/memo.stext" "$label")" "bold 20" "$label: 20 pt bold"
done
assert_eq "$(grep -c '<font name="[^"]*-Bold" size="20"' "$TMP/memo.stext")" "4" "four 20 pt bold labels (ส่วนราชการ, ที่, วันที่, เรื่อง)"
assert_eq "$(grep -o '<font name="[^"]*" size="[^"]*"' "$TMP/memo.stext" | sort -u | grep -v 'size="20"\|size="29"' | sed 's/.*size="//; s/"//' | sort -u)" "16" "everything else 16 pt"

# Margins: text from 30 mm, to 210 - 20 mm at most (justified lines reach it).
xmin=$(grep '<word' "$TMP/memo.html" | sed 's/.*xMin="\([^"]*\)".*/\1/' | sort -n | head -1)
xmax=$(grep '<word' "$TMP/memo.html" | sed 's/.*xMax="\([^"]*\)".*/\1/' | sort -n | tail -1)
near "$xmin" "$(echo "30 * $MM" | bc -l)" 0.6 "memo left margin 3 cm"
near "$xmax" "$(echo "190 * $MM" | bc -l)" 0.6 "memo right margin 2 cm"

# Dotted leaders: round dots (dash 0) on the heading lines, three reaching the
# right margin (ส่วนราชการ, วันที่, เรื่อง) and one the วันที่ stop at 80 mm.
ends=$(awk '/<stroke_path/ { dotted = ($0 ~ /dash="0 /) } dotted && /<lineto/ { match($0, /x="[^"]*"/); print substr($0, RSTART + 3, RLENGTH - 4); dotted = 0 }' "$TMP/memo.trace" | sort -n)
assert_eq "$(echo "$ends" | wc -l)" "4" "four dotted leaders"
near "$(echo "$ends" | head -1)" "$(echo "110 * $MM" | bc -l)" 0.05 "the ที่ leader stops at 80 mm"
for x in $(echo "$ends" | tail -3); do near "$x" "$(echo "190 * $MM" | bc -l)" 0.05 "a leader to the right margin"; done

# The signature: the name in parentheses, the position, no ลงชื่อ.
text=$(pdftotext -layout "$TMP/memo.pdf" -)
assert_contains "$text" "(นางสาวตัวอย่าง ใจดี)" "signer in parentheses"
assert_contains "$text" "หัวหน้าฝ่ายปกครอง" "signer's position"
assert_not_contains "$text" "ลงชื่อ" "no ลงชื่อ in a memo"
assert_contains "$text" "เรียน ผู้อำนวยการเขตบางรัก" "เรียน"

# The announcement and the order: emblem 30 mm high, centred on the text width.
for key in bang-rak-2566-service-standards bang-rak-2566-order-45; do
  render announcement announcement-bangrak-2566.json "$key" "$TMP/$key.pdf"
  set -- $(mutool trace "$TMP/$key.pdf" 2>/dev/null | sed -n 's/.*<fill_image.*transform="\([^"]*\)".*/\1/p' | head -1)
  near "$4" "$(echo "30 * $MM" | bc -l)" 0.05 "$key: emblem height (30 mm)"
  near "$(echo "$5 + $1 / 2" | bc -l)" "$(echo "(30 + 190) / 2 * $MM" | bc -l)" 0.05 "$key: emblem centred"
  assert_not_contains "$(pdftotext "$TMP/$key.pdf" -)" "ลงชื่อ" "$key: no ลงชื่อ"
done
assert_contains "$(pdftotext "$TMP/bang-rak-2566-service-standards.pdf" -)" "ประกาศ ณ วันที่ ๒๐ ธันวาคม พ.ศ. ๒๕๖๖" "announcement date line"
out=$(pdftotext "$TMP/bang-rak-2566-order-45.pdf" -)
assert_contains "$out" "คำสั่งสำนักงานเขตบางรัก" "order heading"
assert_contains "$out" "ที่ ๔๕/๒๕๖๖" "order number"
assert_contains "$out" "สั่ง ณ วันที่ ๑ พฤศจิกายน พ.ศ. ๒๕๖๖" "order date line"

# Batch, archival copies and verify work for the declared kinds too: the
# digest covers every declared field, a list's rows and the people and
# organizations the record refers to.
DB=$TMP/letters.db
assert_status 0 "$RAINGAN" import --db "$DB" "$EX/memo-bangrak-2566.json" "$EX/announcement-bangrak-2566.json"
assert_status 0 "$RAINGAN" batch announcement --db "$DB" --out-dir "$TMP/batch" --date 2024-01-31
assert_eq "$(ls "$TMP/batch" | wc -l)" "2" "batch prints both announcement records"
for f in "$TMP"/batch/*.pdf; do
  assert_contains "$(pdftotext "$f" -)" "สำนักงานเขตบางรัก" "batch: $f"
done
assert_status 0 "$RAINGAN" render memo --db "$DB" --id bang-rak-admin-2566-123 --archive -o "$TMP/memo-a.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/memo-a.pdf" --db "$DB"
out=$(cat "$TMP/stdout")
assert_contains "$out" "form memo, memo bang-rak-admin-2566-123, printed 2023-12-05" "verify names the memo; the print date is the memo's date"
assert_contains "$out" "MATCHES" "verify a memo"
# Each field changed in turn: verify says CHANGED.
for change in '"addressee": "ปลัดกรุงเทพมหานคร"' '"number": "กท ๕๑๐๑/๑๒๔"' '"emblem": null' \
              '"date": "2023-12-06"'; do
  cp "$DB" "$TMP/changed.db"
  printf '{ "raingan": 1, "records": [ { "kind": "memo", "key": "bang-rak-admin-2566-123", "patch": true, %s } ] }\n' "$change" > "$TMP/p.json"
  assert_status 0 "$RAINGAN" import --db "$TMP/changed.db" "$TMP/p.json"
  assert_status 8 "$RAINGAN" verify "$TMP/memo-a.pdf" --db "$TMP/changed.db"
  assert_contains "$(cat "$TMP/stdout")" "memo bang-rak-admin-2566-123 changed since printing" "verify after $change"
done
# ... and the signer's record, which the memo refers to.
cp "$DB" "$TMP/changed.db"
printf '{ "raingan": 1, "records": [ { "kind": "person", "key": "person/bang-rak-admin-head", "name": "นางสาวตัวอย่าง ใจดี", "position": "หัวหน้าฝ่าย" } ] }\n' > "$TMP/p.json"
assert_status 0 "$RAINGAN" import --db "$TMP/changed.db" "$TMP/p.json"
assert_status 8 "$RAINGAN" verify "$TMP/memo-a.pdf" --db "$TMP/changed.db"
assert_contains "$(cat "$TMP/stdout")" "person person/bang-rak-admin-head changed since printing" "verify: the signer changed"

finish
