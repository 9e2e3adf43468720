# A memo and an announcement longer than one page, as the Regulation of the
# Prime Minister's Office on Correspondence (ระเบียบสำนักนายกรัฐมนตรีว่าด้วย
# งานสารบรรณ) numbers them: from page 2 on the page number in Thai digits,
# "- ๒ -", centred at the top (not on page 1), and at the foot of every page
# that continues "/" and the next page's first words then "..." (the
# templates' <header first-page="no"> and <continuation>). Checked per page
# with pdftotext -layout, the number's centre from pdftotext -bbox (within
# 1 pt of the middle of the 30 mm / 20 mm text frame), and the body complete
# and in order across the pages (tests/text_in_order --strict).
. "$top_srcdir/tests/lib.sh"
EX=$top_srcdir/examples
MM=2.834645669

# 30 numbered paragraphs, each a few lines, each with its own words (Thai
# digits: the letters print every digit so).
cp "$EX/emblem-illustrative.png" "$TMP/"
python3 - "$TMP/long.json" "$TMP/expected.txt" emblem-illustrative.png <<'PY'
import json, sys
thai = "๐๑๒๓๔๕๖๗๘๙"
def th(n): return "".join(thai[int(c)] for c in str(n))
paras = []
for i in range(1, 31):
    paras.append("ข้อ %s ย่อหน้าทดสอบที่ %s ฝ่ายปกครองได้ตรวจสอบข้อมูลการให้บริการประชาชน"
                 "ประจำเดือนที่ %s และขอรายงานผลการดำเนินงานตามมาตรฐานที่กำหนด ทั้งนี้ "
                 "เพื่อให้การบริการเป็นไปด้วยความรวดเร็ว ถูกต้อง และโปร่งใส จบย่อหน้าที่ %s"
                 % (th(i), th(i), th(i), th(i)))
body = "".join("<p>%s</p>" % p for p in paras)
common = [
    {"kind": "organization", "key": "org", "name": "สำนักงานเขตบางรัก"},
    {"kind": "person", "key": "signer", "name": "นางสาวตัวอย่าง ใจดี", "position": "หัวหน้าฝ่ายปกครอง"},
]
recs = common + [
    {"kind": "memo", "key": "long-memo", "organization": "org", "agency": "ฝ่ายปกครอง เขตบางรัก",
     "number": "กท ๕๑๐๑/๙๙๙", "date": "2023-12-05", "subject": "รายงานผลการให้บริการ",
     "addressee": "ผู้อำนวยการเขตบางรัก", "body": body, "signer": "signer", "emblem": sys.argv[3]},
    {"kind": "announcement", "key": "long-announcement", "document": "ประกาศ", "organization": "org",
     "issuer": "สำนักงานเขตบางรัก", "subject": "มาตรฐานการให้บริการ", "body": body,
     "date": "2023-12-20", "signer": "signer", "emblem": sys.argv[3]},
]
json.dump({"raingan": 1, "records": recs}, open(sys.argv[1], "w"), ensure_ascii=False)
open(sys.argv[2], "w").write("".join(p + "\n" for p in paras))
PY

THAI_DIGITS=๐๑๒๓๔๕๖๗๘๙
thai() { echo "$1" | sed "y/0123456789/$THAI_DIGITS/"; }

check_letter() {   # check_letter FORM KEY
  form=$1 key=$2 pdf=$TMP/$2.pdf
  assert_status 0 "$RAINGAN" render "$form" --data "$TMP/long.json" --id "$key" --date 2024-01-31 -o "$pdf"
  assert_eq "$(cat "$TMP/stderr" 2>/dev/null)" "" "$key: rendered without a warning"
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  [ "${pages:-0}" -ge 3 ] || { fail "$key: 30 paragraphs on ${pages:-0} pages, expected 3 or more"; return; }

  p=1
  while [ "$p" -le "$pages" ]; do
    pdftotext -layout -f "$p" -l "$p" "$pdf" "$TMP/page.txt"
    first=$(grep -v '^[[:space:]]*$' "$TMP/page.txt" | head -1 | sed 's/^ *//; s/ *$//')
    last=$(grep -v '^[[:space:]]*$' "$TMP/page.txt" | tail -1 | sed 's/^ *//; s/ *$//')
    number="- $(thai "$p") -"
    if [ "$p" = 1 ]; then
      assert_not_contains "$(cat "$TMP/page.txt")" "- ๑ -" "$key page 1: no page number"
      case $first in -*) fail "$key page 1 starts with [$first]: no page number on page 1" ;; esac
    else
      assert_eq "$first" "$number" "$key page $p: the page number first, at the top"
      # Its centre, from the word boxes of the top line: the middle of the text frame.
      pdftotext -bbox -f "$p" -l "$p" "$pdf" "$TMP/page.html"
      centre=$(awk -F'"' '/<word/ { y = $4 + 0; if (!seen || y < top - 0.5) { top = y; lo = $2; hi = $6; seen = 1 }
                                     else if (y < top + 0.5) { if ($2 < lo) lo = $2; if ($6 > hi) hi = $6 } }
                          END { printf "%.2f", (lo + hi) / 2 }' "$TMP/page.html")
      awk -v c="$centre" -v e="$(echo "(30 + 190) / 2 * $MM" | bc -l)" 'BEGIN { d = c - e; if (d < 0) d = -d; exit !(d <= 1) }' \
        || fail "$key page $p: the page number centred at x $centre, expected 311.81 +-1 pt"
      top=$(awk -F'"' '/<word/ { print $4; exit }' "$TMP/page.html")
      awk -v y="$top" 'BEGIN { exit !(y < 15 * 2.8346) }' || fail "$key page $p: the page number at y $top, not in the 15 mm top margin"
    fi
    if [ "$p" -lt "$pages" ]; then
      case $last in /*...) ;; *) fail "$key page $p continues: its last line is [$last], expected \"/next words...\"" ;; esac
      # The marker's words are the next page's first body words.
      pdftotext -layout -f $((p + 1)) -l $((p + 1)) "$pdf" - | grep -v '^[[:space:]]*$' | sed -n 2p | tr -d ' ' > "$TMP/next.txt"
      words=$(echo "$last" | sed 's|^/||; s|\.\.\.$||' | tr -d ' ')
      case $(cat "$TMP/next.txt") in "$words"*) ;; *) fail "$key page $p: marker [$last], next page starts [$(cat "$TMP/next.txt")]" ;; esac
    else
      case $last in */*...) fail "$key last page: a continuation marker [$last]" ;; esac
    fi
    p=$((p + 1))
  done

  pdftotext -raw "$pdf" "$TMP/raw.txt"
  "$top_builddir/tests/text_in_order" --strict "$TMP/expected.txt" "$TMP/raw.txt" > "$TMP/order.txt" \
    || fail "$key: the body not complete and in order: $(cat "$TMP/order.txt")"
  # Each paragraph once: its last words appear exactly once.
  for i in ๑ ๑๕ ๓๐; do
    assert_eq "$(tr -d ' \n' < "$TMP/raw.txt" | grep -o "ประจำเดือนที่${i}และ" | wc -l)" "1" "$key: paragraph $i printed once"
  done
}

check_letter memo long-memo
check_letter announcement long-announcement

# A control: the expected order reversed is not found in order, so the check can fail.
tac "$TMP/expected.txt" > "$TMP/reversed.txt"
if "$top_builddir/tests/text_in_order" --strict "$TMP/reversed.txt" "$TMP/raw.txt" >/dev/null; then
  fail "text_in_order accepts the paragraphs reversed"
fi

finish
