#!/bin/bash
# A Thai-distributed paragraph with long gaps between clusters, in every test
# font (tests/test_fonts.sh), read back by poppler, MuPDF, pdf.js and PDFium:
# no reader reads a space (or a line break) inside a word (check-words.mjs
# against poppler's text, which honours /ActualText), and the letter spacing
# carried by widened glyph advances (src/pdf/letter_spacing.h) draws every
# glyph where the old way, Td moves only (`proof --letter-spacing moves`),
# drew it: the same glyphs at the same origins within 0.01 pt (mutool
# trace), and both pages rasterized at 150 dpi have their ink in the same
# places within 1 px (the rasterizer antialiases a glyph of a widened copy
# a little differently). The old
# way must read a space inside a word in pdf.js for some fonts, or the gaps
# were not long enough to test anything. The text has no sara am: with
# fonts whose sara am glyph is not the nikhahit and sara aa as placed, MuPDF
# and pdf.js read it decomposed (docs/thai-text.md), another matter.
# Skipped (77) without node, mutool, ImageMagick or the npm oracles
# (bash tests/external/setup.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/test_fonts.sh"
EXT="${RAINGAN_EXTERNAL:-$top_srcdir/tests/external}"
command -v node >/dev/null && command -v mutool >/dev/null && command -v convert >/dev/null \
  || { echo "SKIP: node, mutool or ImageMagick (convert) missing"; exit 77; }
[ -d "$EXT/node_modules/pdfjs-dist" ] && [ -d "$EXT/node_modules/@hyzyla/pdfium" ] \
  || { echo "SKIP: run bash tests/external/setup.sh"; exit 77; }
use_test_fonts || { echo "SKIP: $TEST_FONTS_MISSING"; exit 77; }

# ink_away A.png B.png: how many ink pixels of A (darker than 50 %) are not
# within 1 px of ink of B (antialiasing never makes one; a glyph moved by
# 2 px at 150 dpi makes some 20).
ink_away() {
  convert \( "$1" -colorspace gray -threshold 50% -negate \) \
    \( "$2" -colorspace gray -threshold 50% -negate -morphology Dilate Square:1 \) \
    -compose minus_src -composite -format '%[fx:round(mean*w*h)]' info:
}

text="จึงจัดแผนพัฒนาศูนย์ข้อมูลข่าวสารของราชการ ในปีงบประมาณ พ.ศ. ๒๕๖๓ ขึ้น เพื่อให้ประชาชนได้รับทราบข้อมูลข่าวสารของทางราชการ ปู่ผู้ใหญ่ทั้งนั้น ที่ชื่อเริ่มต้น ฟื้นฟูปฏิบัติ"
printf '{"text": "%s"}\n' "$text" >"$TMP/record.json"
pdfs=() old_pdfs=()
for family in "${TEST_FONT_FAMILIES[@]}"; do
  f="$TMP/$(echo "$family" | tr ' ' _)"
  for spacing in advances moves; do
    "$RAINGAN" proof --font "$family" --align thai-distributed --width 240 \
      --letter-spacing "$spacing" --text "$text" -o "$f.$spacing.pdf" 2>"$f.err" \
      || fail "$family, $spacing: $(cat "$f.err")"
  done
  pdfs+=("$f.advances.pdf")
  old_pdfs+=("$f.moves.pdf")
done
node "$EXT/extract-text.mjs" pdfjs "${pdfs[@]}" "${old_pdfs[@]}" || fail "pdf.js cannot read them"
node "$EXT/extract-text.mjs" pdfium "${pdfs[@]}" || fail "PDFium cannot read them"
old_way_split=0
for family in "${TEST_FONT_FAMILIES[@]}"; do
  f="$TMP/$(echo "$family" | tr ' ' _)"
  pdf="$f.advances.pdf"
  pdftotext "$pdf" "$pdf.poppler"
  mutool draw -q -F txt -o "$pdf.mupdf" "$pdf" 2>/dev/null || fail "$family: mutool cannot read it"
  for reader in poppler mupdf pdfjs pdfium; do
    node "$EXT/check-words.mjs" "$TMP/record.json" "$pdf.poppler" "$pdf.$reader" >"$pdf.$reader.check" \
      || fail "$family, $reader: $(cat "$pdf.$reader.check")"
  done
  node "$EXT/check-words.mjs" "$TMP/record.json" "$pdf.poppler" "$f.moves.pdf.pdfjs" >/dev/null \
    || old_way_split=$((old_way_split + 1))
  # Every glyph where it was: the same glyphs at the same origins (mutool
  # trace), and the same pixels.
  for spacing in advances moves; do
    mutool trace "$f.$spacing.pdf" 2>/dev/null \
      | sed -n 's/.* glyph="\([0-9]*\)" x="\([^"]*\)" y="\([^"]*\)".*/\1 \2 \3/p' >"$f.$spacing.glyphs"
  done
  moved=$(paste -d ' ' "$f.advances.glyphs" "$f.moves.glyphs" \
    | awk '$1 != $4 || ($2 - $5) ^ 2 + ($3 - $6) ^ 2 > 0.0001 { n++ } END { print n + 0 }')
  [ -s "$f.advances.glyphs" ] && [ "$(wc -l <"$f.advances.glyphs")" = "$(wc -l <"$f.moves.glyphs")" ] \
    || fail "$family: mutool trace found other glyphs"
  assert_eq "$moved" 0 "$family: glyphs drawn elsewhere than with Td moves (over 0.01 pt)"
  pdftoppm -r 150 -png "$f.advances.pdf" "$f.a"
  pdftoppm -r 150 -png "$f.moves.pdf" "$f.m"
  for pair in "a m" "m a"; do
    set -- $pair
    away=$(ink_away "$f.$1-1.png" "$f.$2-1.png")
    [ "$away" -le 5 ] 2>/dev/null \
      || fail "$family: the ink moved: $away ink pixels of one page are not within 1 px of the other's"
  done
done
[ "$old_way_split" -ge 3 ] \
  || fail "the gaps are too short to test: pdf.js read the old way right in all but $old_way_split fonts"
finish
