#!/bin/bash
# Sara am (ำ) reads back exactly in every Thai test font (tests/test_fonts.sh),
# in every style raingan can ask for, in poppler, MuPDF, pdf.js and PDFium
# (issue 10). Readers that ignore /ActualText read the glyphs through
# ToUnicode in content-stream order; HarfBuzz draws sara am as nikhahit +
# sara aa, and fonts whose own sara am glyph is not the two as placed
# (TLWG, Noto Serif Thai with tone marks, Noto's ป้ำ, Google Sarabun's
# nikhahit-and-tone ligature) used to read ดําเนินการ, นํ้า or น้า. Now such
# glyphs are drawn as one composite glyph mapped to ำ (src/pdf/composite.h).
# Each reader's text, whitespace runs made one space, must equal the text.
# Skipped (77) without node, mutool, a test font or the npm oracles
# (bash tests/external/setup.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/test_fonts.sh"
EXT="${RAINGAN_EXTERNAL:-$top_srcdir/tests/external}"
command -v node >/dev/null && command -v mutool >/dev/null || { echo "SKIP: node or mutool missing"; exit 77; }
[ -d "$EXT/node_modules/pdfjs-dist" ] && [ -d "$EXT/node_modules/@hyzyla/pdfium" ] \
  || { echo "SKIP: run bash tests/external/setup.sh"; exit 77; }
use_test_fonts || { echo "SKIP: $TEST_FONTS_MISSING"; exit 77; }

# Sara am after consonants of every height (ป ฟ: tall, the tone shifted
# left) with and without each tone mark, in words, three short paragraphs
# (PDFium joins a wrapped line to the next without a space when it ends in
# ฝ่ำ, with or without composites: not what is tested here). Not ฬ้ำ: in
# Tlwg Typo (monospaced) the tone sits 0.84 em behind where ฬ's advance
# ends, which MuPDF reads as a new line, with or without composites.
LINES=("น้ำ ค่ำ ต่ำ ซ้ำ ทำ ดำเนินการ ต๋ำ ก๊ำ ป้ำ ฟ้ำ น้ำใจ"
       "กำหนด ช้ำ ย่ำ ล้ำ ปำ ฝ่ำ ปล้ำ ร่ำรวย"
       "จำนวน สำนักงาน ตำบล อำเภอ ประจำ คำนำ")
TEXT="${LINES[*]}"
proof_args=()
for line in "${LINES[@]}"; do proof_args+=(--text "$line"); done

raingan_style() {
  case "$1" in
    Regular) echo regular ;;
    Bold) echo bold ;;
    Italic|Oblique) echo italic ;;
    "Bold Italic"|"Bold Oblique") echo bold-italic ;;
  esac
}

pdfs=()
for family in "${TEST_FONT_FAMILIES[@]}"; do
  styles=$(test_font_styles "$family" | while read -r s; do raingan_style "$s"; done | sort -u)
  for style in $styles; do
    pdf="$TMP/$(echo "$family" | tr ' ' _)-$style.pdf"
    "$RAINGAN" proof --font "$family" --style "$style" "${proof_args[@]}" -o "$pdf" 2>"$pdf.err" \
      || { fail "$family $style: $(cat "$pdf.err")"; continue; }
    pdfs+=("$pdf")
  done
done
node "$EXT/extract-text.mjs" pdfjs "${pdfs[@]}" || fail "pdf.js cannot read them"
node "$EXT/extract-text.mjs" pdfium "${pdfs[@]}" || fail "PDFium cannot read them"
for pdf in "${pdfs[@]}"; do
  pdftotext "$pdf" "$pdf.poppler"
  mutool draw -q -F txt -o "$pdf.mupdf" "$pdf" 2>/dev/null || fail "$(basename "$pdf"): mutool cannot read it"
  for reader in poppler mupdf pdfjs pdfium; do
    got=$(tr -s ' \r\n\f\t' ' ' <"$pdf.$reader" | sed 's/^ //; s/ $//')
    [ "$got" = "$TEXT" ] || fail "$(basename "$pdf" .pdf), $reader read: $got"
  done
done
[ "${#pdfs[@]}" -ge 35 ] || fail "only ${#pdfs[@]} faces tested"
echo "${#pdfs[@]} faces read in four readers"
finish
