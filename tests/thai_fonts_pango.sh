#!/bin/bash
# Every Thai test font (tests/test_fonts.sh), in every style raingan can ask
# for, draws the hard cases exactly where Pango draws them: raingan proof at
# 16 pt rasterized at 288 dpi and pango-view at 48 pt / 96 dpi (both a 64 px
# em), compared word by word by tests/ink_compare (every ink pixel of each
# within 2 px of the other's). Pango shapes with HarfBuzz, as every browser
# does; it is the reference. Every family of tests/test_fonts.sh, no
# exceptions; one PDF and one Pango image per face (about 60). Skipped (77) when a test font or pango-view is
# missing (./run.sh test installs them).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/test_fonts.sh"
command -v pango-view >/dev/null && command -v convert >/dev/null || { echo "SKIP: pango-view or ImageMagick missing"; exit 77; }
use_test_fonts || { echo "SKIP: $TEST_FONTS_MISSING"; exit 77; }
COMPARE="$top_builddir/tests/ink_compare"

# The hard cases, three spaces between words (ink_compare's word gap).
LINES=(
  "กิ่กิ้กิ๊กิ๋กิ์   กี่กี้กี๊กี๋กี์   กึ่กึ้กึ๊กึ๋"
  "กื่กื้กื๊กื๋   กั่กั้กั๊กั๋กั์   ปิ่ฝี้ฟึ๊ฬื๋"
  "ปั่ฟั้ฝั๊ฬั๋   ชื่อ   ที่   เริ่มต้น   ผู้ปู่"
  "ฟื้น   น้ำ   ค่ำ   ต๋ำ   ก๊ำ   ป้ำ   ฟ้ำ"
  "ดำเนินการ   ทำ   ญุญู   ฐุฐู   ฤดู   ฎุฏู"
  "ปฏิบัติ   โปร่ง   กฎหมาย   ๐๑๒๓๔๕๖๗๘๙"
  "ภาษาไทย2566   ก๋วยเตี๋ยว"
  "“ข้อมูล”   ‘ข่าว’"
)
proof_args=() pango_text=""
for line in "${LINES[@]}"; do
  # a blank line between lines of words: stacked marks of two lines must
  # not touch, or ink_compare cannot tell the lines apart (one PDF page)
  [ ${#proof_args[@]} -gt 0 ] && proof_args+=(--text "") && pango_text="$pango_text

"
  proof_args+=(--text "$line")
  pango_text="$pango_text$line"
done

# raingan_style FONTCONFIG_STYLE: the --style raingan asks for (empty: none,
# e.g. Light, which raingan's four styles do not reach).
raingan_style() {
  case "$1" in
    Regular) echo regular ;;
    Bold) echo bold ;;
    Italic|Oblique) echo italic ;;
    "Bold Italic"|"Bold Oblique") echo bold-italic ;;
  esac
}

faces=0
for family in "${TEST_FONT_FAMILIES[@]}"; do
  styles=$(test_font_styles "$family" | while read -r s; do raingan_style "$s"; done | sort -u)
  for style in $styles; do
    faces=$((faces + 1))
    out="$TMP/$faces"
    case $style in
      regular) pango_style="" ;; bold) pango_style=" Bold" ;; italic) pango_style=" Italic" ;;
      bold-italic) pango_style=" Bold Italic" ;;
    esac
    # Latin and quotes the family lacks come from DejaVu Sans in both.
    if ! "$RAINGAN" proof --font "$family, DejaVu Sans" --style "$style" "${proof_args[@]}" -o "$out.pdf" 2>"$out.err"; then
      fail "$family $style: raingan proof failed: $(cat "$out.err")"
      continue
    fi
    [ -s "$out.err" ] && fail "$family $style: raingan proof warned: $(cat "$out.err")"
    # the whole page: raingan's single line height (the font's own metrics)
    # puts the lines farther apart than Pango's; a crop cut the last ones
    pdftoppm -r 288 -gray -f 1 -l 1 "$out.pdf" "$out-raingan"
    pango-view --font="$family, DejaVu Sans$pango_style 48" --dpi=96 --margin=40 --hinting=none \
      --hint-metrics=off --subpixel-positions -q -o "$out-pango.png" --text="$pango_text"
    convert "$out-pango.png" -colorspace gray "$out-pango.pgm"
    if ! "$COMPARE" "$out-raingan-1.pgm" "$out-pango.pgm" 64 >"$out.cmp" 2>&1; then
      fail "$family $style differs from Pango (lines: $(printf '%s | ' "${LINES[@]}")):
$(cat "$out.cmp")"
    fi
  done
done
[ "$faces" -ge 35 ] || fail "only $faces faces tested"
echo "$faces faces compared with Pango"
finish
