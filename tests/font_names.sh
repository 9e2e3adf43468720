#!/bin/bash
# /BaseFont and /FontName: the subset tag and the font's whole PostScript
# name, a valid PDF name (issue 10: the writer kept 63 bytes of the name and
# 79 of tag and name). Copies of Laksaman named with a 63-character
# PostScript name (OpenType's longest) and a 100-character one
# (tests/make_font_named) are found through a private fontconfig
# configuration; pdffonts must list "ABCDEF+" and the whole name for each
# font (the letter-spacing copies too), every descriptor's /FontName the
# same, and qpdf --check must find the file sound.
. "$top_srcdir/tests/lib.sh"
command -v qpdf >/dev/null || { echo "SKIP: qpdf missing"; exit 77; }
mkdir -p "$TMP/fonts"
long="RainganTest-AVeryLongPostScriptNameThatFillsAllSixtyThreeBytes"
longer="RainganTest-ANameOfAHundredBytesWhichNoRealFontHasButTheWriterMustNotCutShortAtAllWhateverHappens1"
"$top_builddir/tests/make_font_named" "$top_srcdir/fonts/Laksaman.ttf" "$TMP/fonts/long.ttf" \
  "Raingan Long Name" "$long" || fail "make_font_named"
"$top_builddir/tests/make_font_named" "$top_srcdir/fonts/Laksaman.ttf" "$TMP/fonts/longer.ttf" \
  "Raingan Longer Name" "$longer" || fail "make_font_named"
cat >"$TMP/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>$TMP/fontconfig-cache</cachedir>
  <dir>$TMP/fonts</dir>
</fontconfig>
CONF
export FONTCONFIG_FILE="$TMP/fonts.conf" RAINGAN_FONT_CACHE=off
for family in "Raingan Long Name:$long" "Raingan Longer Name:$longer"; do
  name=${family#*:}
  family=${family%%:*}
  "$RAINGAN" proof --font "$family" --align thai-distributed --width 200 \
    --text "ข้อมูลข่าวสารของราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๓ ขึ้น เพื่อให้ประชาชนได้รับทราบ" \
    -o "$TMP/out.pdf" 2>"$TMP/err" || { fail "$family: $(cat "$TMP/err")"; continue; }
  qpdf --check "$TMP/out.pdf" >"$TMP/qpdf" 2>&1 || fail "$family: qpdf --check: $(cat "$TMP/qpdf")"
  fonts=$(pdffonts "$TMP/out.pdf" | tail -n +3 | awk '{print $1}')
  [ -n "$fonts" ] || fail "$family: pdffonts lists no font"
  while read -r base; do
    case "$base" in
      [A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]+"$name") ;;
      *) fail "$family: /BaseFont $base, expected ABCDEF+$name" ;;
    esac
  done <<<"$fonts"
  # /FontName in the descriptor too, as a name object.
  qpdf --qdf --object-streams=disable "$TMP/out.pdf" "$TMP/out.qdf"
  count=$(grep -a -c "/FontName /[A-Z]\{6\}+$name\$" "$TMP/out.qdf")
  assert_eq "$count" "$(echo "$fonts" | wc -l)" "$family: descriptors naming the whole font"
done
finish
