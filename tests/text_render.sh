#!/bin/sh
# Thai text in PDF, read back with poppler: pdftotext returns exactly the
# text printed (marks, sara am, ญ ฐ before below vowels, digits, mixed
# scripts), fonts are embedded subsets with a ToUnicode map, poppler prints
# no warnings, output is byte-identical run to run, missing glyphs warn once.
. "$top_srcdir/tests/lib.sh"

# render_text NAME TEXT... : one paragraph per TEXT into $TMP/NAME.pdf
render_text() {
  name=$1; shift
  args=""
  for t in "$@"; do set -- "$@" --text "$t"; shift; done
  assert_status 0 "$RAINGAN" proof -o "$TMP/$name.pdf" --font Laksaman "$@"
  assert_eq "$(cat "$TMP/stderr")" "" "$name: raingan stderr"
}

# extracted NAME: pdftotext output without the final newlines and form feed;
# poppler's stderr must stay empty
extracted() {
  pdftotext -enc UTF-8 "$TMP/$1.pdf" - 2>"$TMP/poppler.err" | sed -e 's/\f//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
  [ -s "$TMP/poppler.err" ] && fail "$1: poppler warnings: $(cat "$TMP/poppler.err")"
}

check_fonts() {
  out=$(pdffonts "$TMP/$1.pdf" 2>"$TMP/poppler.err")
  [ -s "$TMP/poppler.err" ] && fail "$1: pdffonts warnings: $(cat "$TMP/poppler.err")"
  rows=$(printf '%s\n' "$out" | tail -n +3)
  [ -n "$rows" ] || fail "$1: no fonts"
  printf '%s\n' "$rows" | while read -r name type enc emb sub uni rest; do
    case "$name" in [A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]+*) ;; *) echo "FAIL: $1: font $name has no subset tag" >&2; echo x >>"$TMP/fontfail" ;; esac
    # columns: name, type (2 words: CID TrueType), encoding, emb, sub, uni
    set -- $rest
    [ "$sub $uni $1" = "yes yes yes" ] || { echo "FAIL: $1: font $name is not embedded+subset+unicode: $rest" >&2; echo x >>"$TMP/fontfail"; }
  done
  [ -e "$TMP/fontfail" ] && { FAILURES=$((FAILURES + 1)); rm -f "$TMP/fontfail"; }
  return 0
}

for sample in \
  "น้ำ ที่ ปู่ ญุ ฐู โปร่ง ฟื้น" \
  "๐๑๒๓๔๕๖๗๘๙" \
  "0123456789" \
  "รายงาน PDF ของ raingan วันที่ 2/12/2562" \
  "“ข้อความ” ‘คำ’ – — ต่าง ๆ ฯลฯ" \
  "กรุงเทพมหานคร สำนักงานเขตบางรัก"
do
  render_text sample "$sample"
  assert_eq "$(extracted sample)" "$sample" "pdftotext of [$sample]"
  check_fonts sample
done

# several paragraphs come back as lines
render_text two "ก่ำ ฟ้ำ" "ญู ฏุ ฎุ"
assert_eq "$(extracted two | grep -v '^$')" "ก่ำ ฟ้ำ
ญู ฏุ ฎุ" "two paragraphs"

# Thai digits: printed and copied as ๐-๙
assert_status 0 "$RAINGAN" proof -o "$TMP/digits.pdf" --font Laksaman --thai-digits --text "ปี 2566 ข้อ 10"
assert_eq "$(extracted digits)" "ปี ๒๕๖๖ ข้อ ๑๐" "thai digits"

# a missing character: drawn as .notdef, warned once, copied out as itself
assert_status 0 "$RAINGAN" proof -o "$TMP/missing.pdf" --font Laksaman --text "ก中ข中" --text "中"
assert_eq "$(grep -c 'U+4E2D' "$TMP/stderr")" "1" "one warning for U+4E2D"
assert_eq "$(extracted missing | grep -v '^$')" "ก中ข中
中" "missing character copies out"

# a character above the BMP that the font has (DejaVu Sans' double-struck
# capitals): drawn as its own glyph, no warning, copied out as itself, and the
# glyph IDs MuPDF reads in the content are not .notdef
assert_status 0 "$RAINGAN" proof -o "$TMP/astral.pdf" --font "DejaVu Sans" --text "x 𝔸𝔹 y"
assert_eq "$(cat "$TMP/stderr")" "" "astral: raingan stderr"
assert_eq "$(extracted astral)" "x 𝔸𝔹 y" "astral characters copy out"
check_fonts astral
if command -v mutool >/dev/null 2>&1; then
  glyphs=$(mutool trace "$TMP/astral.pdf" 2>/dev/null | grep -o 'unicode="[^"]*" glyph="[^"]*"' | tr '\n' ' ')
  case "$glyphs" in
    *'unicode="𝔸" glyph="0"'*|*'unicode="𝔹" glyph="0"'*|'') fail "astral: 𝔸𝔹 drawn as .notdef: $glyphs" ;;
    *'unicode="𝔸" glyph="'*'unicode="𝔹" glyph="'*) ;;
    *) fail "astral: 𝔸𝔹 not drawn: $glyphs" ;;
  esac
fi

# the full proof: pages, A4, fonts, text back, deterministic bytes
assert_status 0 "$RAINGAN" proof -o "$TMP/proof.pdf"
assert_eq "$(cat "$TMP/stderr")" "" "proof: raingan stderr"
info=$(pdfinfo "$TMP/proof.pdf" 2>&1)
assert_contains "$info" "A4" "proof page size"
assert_contains "$info" "Producer:        raingan" "producer"
check_fonts proof
text=$(extracted proof)
for needle in "ป่ ป้ ป๊ ป๋" "ปิ่ ปิ้ ปิ๊ ปิ๋" "ฬื่ ฬื้ ฬื๊ ฬื๋" "ฝึ่ ฝึ้ ฝึ๊ ฝึ๋" "ฟั่ ฟั้ ฟั๊ ฟั๋" "น้ำ ก่ำ ป่ำ ฟ้ำ" "ญุ ญู ฐุ ฐู ฎุ ฏุ" "๐๑๒๓๔๕๖๗๘๙" \
  "0123456789" "“ข้อความ”" "ตัวหนาเอียง" "ทุกประการ"; do
  assert_contains "$text" "$needle" "proof text"
done
assert_status 0 "$RAINGAN" proof -o "$TMP/proof2.pdf"
cmp -s "$TMP/proof.pdf" "$TMP/proof2.pdf" || fail "proof output differs between two runs"
grep -a -q "/ID \[" "$TMP/proof.pdf" || true   # /ID sits in the (uncompressed) trailer
tail -c 400 "$TMP/proof.pdf" | grep -a -q "/ID" || fail "no /ID in the trailer"
pdftoppm -r 30 -f 1 -l 1 -png "$TMP/proof.pdf" "$TMP/page" 2>"$TMP/poppler.err" || fail "pdftoppm failed"
[ -s "$TMP/poppler.err" ] && fail "pdftoppm warnings: $(cat "$TMP/poppler.err")"

# raingan fonts: every template family list, the files and styles, the fallback
assert_status 0 "$RAINGAN" fonts --font "No Such Family, Laksaman"
fonts_out=$(cat "$TMP/stdout")
assert_contains "$fonts_out" '"TH Sarabun New, TH SarabunPSK, Sarabun, Laksaman"  (used by: default' "default list"
assert_contains "$fonts_out" "No Such Family         not installed" "unknown family"
assert_contains "$fonts_out" "styles: regular, bold, italic, bold italic" "Laksaman styles"
assert_contains "$fonts_out" "fonts/Laksaman-BoldItalic.ttf" "bold italic file"
if ! fc-list : family | grep -qi "TH Sarabun"; then
  assert_contains "$fonts_out" "NOTE: falls back to the bundled Laksaman" "fallback note"
fi

# errors: an unwritable output leaves nothing behind and says where
assert_status 4 "$RAINGAN" proof -o "$TMP/no/such/dir/x.pdf" --text "ก"
assert_contains "$(cat "$TMP/stderr")" "raingan proof:" "error prefix"

assert_status 2 "$RAINGAN" proof --no-such-option
assert_contains "$(cat "$TMP/stderr")" "raingan proof: unknown option" "usage error"
assert_status 6 env RAINGAN_DATA=/nonexistent "$RAINGAN" proof -o "$TMP/nofont.pdf" --text "ก"
assert_contains "$(cat "$TMP/stderr")" "bundled font unreadable" "missing data directory"
[ -e "$TMP/nofont.pdf" ] && fail "a PDF was written without fonts"

finish
