#!/bin/sh
# <space at-page-top="keep">: the development plan's cover (seed 004) places
# its title 60 mm down the page with a 20 mm margin and a kept 40 mm space;
# it must land exactly where a 70 mm top margin puts it, and a plain <space>
# there would be dropped. Positions read back with pdftotext -bbox.
. "$top_srcdir/tests/lib.sh"

DATA=$top_srcdir/examples/seed-004-plan-2563.json
KEY=hatyai-info-center-2563

# Templates directories: the shipped one, and copies whose covers are
# placed the old way (margins only) and with a plain <space>.
margin=$TMP/margin
plain=$TMP/plain
for d in "$margin" "$plain"; do cp -R "$top_srcdir/templates" "$d"; done
form=templates/development-plan.xml
grep -q '<space height="40mm" at-page-top="keep"/>' "$top_srcdir/$form" ||
  fail "the cover uses a kept space"
sed -e 's|<space height="40mm" at-page-top="keep"/>||' \
    -e '/<section if="p.cover_lines"/,/>/s|margin-top="20mm"|margin-top="60mm"|' \
    -e 's|<space height="105mm" at-page-top="keep"/>||' \
    -e '/<section if="p.back_lines"/,/>/s|margin-top="20mm"|margin-top="125mm"|' \
    "$top_srcdir/$form" >"$margin/development-plan.xml"
[ "$(grep -c 'at-page-top' "$margin/development-plan.xml")" = 0 ] || fail "margin copy made"
sed -e 's|<space height="40mm" at-page-top="keep"/>|<space height="40mm"/>|' \
    "$top_srcdir/$form" >"$plain/development-plan.xml"

# words DIR NAME: the word boxes of the PDF's first and last pages (the
# cover and the back cover).
words() {
  assert_status 0 "$RAINGAN" render development-plan --templates "$1" --data "$DATA" --id "$KEY" -o "$TMP/$2.pdf"
  local last
  last=$(pdfinfo "$TMP/$2.pdf" | awk '/^Pages:/ { print $2 }')
  pdftotext -bbox -f 1 -l 1 "$TMP/$2.pdf" - | grep '<word'
  pdftotext -bbox -f "$last" -l "$last" "$TMP/$2.pdf" - | grep '<word'
}
# ymin WORDS: the top of the first word (the cover's title), in points.
ymin() { printf '%s\n' "$1" | head -1 | sed 's/.*yMin="\([0-9.]*\)".*/\1/'; }

shipped=$(words "$top_srcdir/templates" shipped)
by_margin=$(words "$margin" margin)
dropped=$(words "$plain" plain)

assert_contains "$shipped" ">แผนพัฒนา</word>" "the cover's title is on page 1"
assert_eq "$shipped" "$by_margin" "kept space: cover and back cover exactly where the margin put them"
top=$(ymin "$shipped")
# A plain <space> at the top of the page is dropped: the title moves up by
# the 40 mm (113.4 pt) of the space.
moved=$(awk -v a="$top" -v b="$(ymin "$dropped")" 'BEGIN { printf "%.1f", a - b }')
assert_eq "$moved" "113.4" "a plain <space> at the top of the page is dropped"

# A value other than keep or drop is an error naming the line.
sed -e 's|at-page-top="keep"|at-page-top="yes"|' "$top_srcdir/$form" >"$plain/development-plan.xml"
assert_status 3 "$RAINGAN" render development-plan --templates "$plain" --data "$DATA" --id "$KEY" -o "$TMP/bad.pdf"
assert_contains "$(cat "$TMP/stderr")" "development-plan.xml:" "error names the file"
assert_contains "$(cat "$TMP/stderr")" 'at-page-top="yes"' "error names the value"
[ ! -e "$TMP/bad.pdf" ] || fail "no PDF written for a bad template"
finish
