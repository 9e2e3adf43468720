#!/bin/sh
# The font lookup cache (src/text/font_lookup.c): fontconfig's answers are
# reused while nothing they depend on changed, and only then. Checked through
# what the PDFs embed (pdffonts), with a private fontconfig configuration
# whose one font directory the test fills and empties.
. "$top_srcdir/tests/lib.sh"
for tool in pdffonts cmp; do
  command -v $tool >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$DEJAVU" ] || { echo "SKIP: $DEJAVU missing (fonts-dejavu-core)"; exit 77; }

DB="$TMP/seed.db"
"$RAINGAN" import --db "$DB" "$top_srcdir/examples/seed-002-progress-2566.json" >/dev/null \
  || fail "import seed 002"

# fontconfig's files in a directory of their own: the cache stamps it (as the
# directory of fonts.conf), so the test's other files stay out of it.
FC="$TMP/fc"
mkdir -p "$FC/fontdir" "$FC/otherdir" "$FC/fccache"
cat >"$FC/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>$FC/fontdir</dir>
  <cachedir>$FC/fccache</cachedir>
</fontconfig>
EOF
# Changes younger than two seconds are not cached (they could change again
# within the same file-time tick); the test's own files are made older.
age() { touch -d '1 minute ago' "$@"; }
age "$FC/fontdir" "$FC/otherdir" "$FC/fonts.conf" "$FC"
export FONTCONFIG_FILE="$FC/fonts.conf" RAINGAN_FONT_CACHE="$TMP/cache/fonts.cache"

# render OUT [--font LIST]: the seed-002 report (with_cache PATH render ...:
# with RAINGAN_FONT_CACHE=PATH for that one run).
CACHE_ENV="RAINGAN_FONT_CACHE=$RAINGAN_FONT_CACHE"
render() {
  local out=$1; shift
  assert_status 0 env "$CACHE_ENV" "$RAINGAN" render progress-report --db "$DB" \
    --id 50310000-2961 --date 2023-09-30 -o "$out" "$@"
}
with_cache() {
  local saved=$CACHE_ENV
  CACHE_ENV="RAINGAN_FONT_CACHE=$1"; shift
  "$@"
  CACHE_ENV=$saved
}
fonts_of() { pdffonts "$1" 2>&1 | tail -n +3 | awk '{ print $1 }' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '; }
# point_cached_answer FILE: the cached answer for "DejaVu Sans" (regular)
# made to name FILE, the stamps left as they are.
point_cached_answer() {
  awk -F'\t' -v OFS='\t' -v p="$1" \
    '$1 == "answer" && $5 == "DejaVu Sans" && $2 == 0 { $6 = p } { print }' \
    "$RAINGAN_FONT_CACHE" >"$TMP/edited" && cp "$TMP/edited" "$RAINGAN_FONT_CACHE"
}
answer_for() { awk -F'\t' -v fam="$1" '$1 == "answer" && $2 == 0 && $5 == fam { print $6 }' "$RAINGAN_FONT_CACHE"; }

# --- a family that is not installed: the answer "none" is cached -------------------------
render "$TMP/a.pdf" --font "DejaVu Sans, Laksaman"
assert_eq "$(head -n 1 "$RAINGAN_FONT_CACHE" 2>/dev/null | tr '\t' ' ')" "raingan-font-cache 2" \
  "the cache is written on the first render"
assert_eq "$(grep -c '^answer	0	1	0	DejaVu Sans	$' "$RAINGAN_FONT_CACHE")" 1 \
  "DejaVu Sans cached as not installed"
assert_not_contains "$(fonts_of "$TMP/a.pdf")" "DejaVu" "no DejaVu before it is installed"
assert_eq "$(cat "$TMP/stderr")" "" "no message about the cache"

# --- the font installed: its directory changed, so the cached "none" is not trusted ------
cp "$DEJAVU" "$FC/fontdir/"
# Stamped in the future, the directory stays "changed moments ago" however slow the
# machine is (under load the next render once came more than two seconds later).
touch -d '+1 hour' "$FC/fontdir"
render "$TMP/b.pdf" --font "DejaVu Sans, Laksaman"
assert_contains "$(fonts_of "$TMP/b.pdf")" "DejaVuSans " "DejaVu found once installed"
assert_eq "$(answer_for "DejaVu Sans")" "" \
  "an answer depending on a directory changed moments ago is not cached yet"
age "$FC/fontdir"
render "$TMP/c.pdf" --font "DejaVu Sans, Laksaman"
assert_eq "$(answer_for "DejaVu Sans")" "$FC/fontdir/DejaVuSans.ttf" "the new answer is cached"
cmp -s "$TMP/b.pdf" "$TMP/c.pdf" || fail "the same fonts give the same PDF, cached or not"

# --- a valid cache is trusted without asking fontconfig ---------------------------------
# Pointing the cached answer elsewhere (the stamps still match) must change
# the PDF: proof that the answer comes from the cache.
point_cached_answer "$top_srcdir/fonts/Laksaman-Italic.ttf"
render "$TMP/d.pdf" --font "DejaVu Sans, Laksaman"
assert_contains "$(fonts_of "$TMP/d.pdf")" "Laksaman-Italic" "the cached answer is used"
with_cache off render "$TMP/e.pdf" --font "DejaVu Sans, Laksaman"
cmp -s "$TMP/c.pdf" "$TMP/e.pdf" || fail "RAINGAN_FONT_CACHE=off asks fontconfig (same PDF as a correct cache)"

# --- a cached file that cannot be loaded sends the question back to fontconfig ----------
point_cached_answer "$FC/gone/DejaVuSans.ttf"
render "$TMP/d2.pdf" --font "DejaVu Sans, Laksaman"
assert_contains "$(fonts_of "$TMP/d2.pdf")" "DejaVuSans " "a cached file that cannot be read is asked again"
assert_eq "$(answer_for "DejaVu Sans")" "$FC/fontdir/DejaVuSans.ttf" "... and the cache corrected"

# --- the font removed: the cache notices -------------------------------------------------
rm "$FC/fontdir/DejaVuSans.ttf"
render "$TMP/f.pdf" --font "DejaVu Sans, Laksaman"
assert_not_contains "$(fonts_of "$TMP/f.pdf")" "DejaVu" "a removed font is not used from the cache"
assert_not_contains "$(fonts_of "$TMP/f.pdf")" "Laksaman-Italic" "the stale edited answer is dropped"

# --- fontconfig's configuration edited: the cache notices --------------------------------
cp "$DEJAVU" "$FC/fontdir/"
age "$FC/fontdir"
render "$TMP/g.pdf" --font "DejaVu Sans, Laksaman"
assert_contains "$(fonts_of "$TMP/g.pdf")" "DejaVuSans " "DejaVu back"
sed -i "s|<dir>$FC/fontdir</dir>|<dir>$FC/otherdir</dir>|" "$FC/fonts.conf"
render "$TMP/h.pdf" --font "DejaVu Sans, Laksaman"
assert_not_contains "$(fonts_of "$TMP/h.pdf")" "DejaVu" "a configuration without that directory is seen"

# --- a damaged or unwritable cache costs nothing but time ---------------------------------
unset FONTCONFIG_FILE
with_cache off render "$TMP/ref.pdf"
printf 'raingan-font-cache\t1\nkey\tzz\nanswer\tgarbage\n' >"$RAINGAN_FONT_CACHE"
render "$TMP/i.pdf"
cmp -s "$TMP/ref.pdf" "$TMP/i.pdf" || fail "a damaged cache gives the same PDF"
assert_eq "$(cat "$TMP/stderr")" "" "a damaged cache is not reported while rendering"
assert_eq "$(head -n 1 "$RAINGAN_FONT_CACHE" | tr '\t' ' ')" "raingan-font-cache 2" "a damaged cache is rewritten"
# The default family list: TH Sarabun New, TH SarabunPSK and Sarabun, regular and bold.
assert_eq "$(grep -c '^answer' "$RAINGAN_FONT_CACHE")" 6 "the rewritten cache holds the answers"
chmod 0500 "$TMP/cache"
if [ ! -w "$TMP/cache" ]; then   # root ignores directory permissions
  rm -f "$RAINGAN_FONT_CACHE"
  render "$TMP/j.pdf"
  assert_eq "$(cat "$TMP/stderr")" "" "an unwritable cache is not reported while rendering"
  cmp -s "$TMP/ref.pdf" "$TMP/j.pdf" || fail "an unwritable cache gives the same PDF"
fi
chmod 0700 "$TMP/cache"
with_cache /proc/raingan-no-such/fonts.cache render "$TMP/k.pdf"
cmp -s "$TMP/ref.pdf" "$TMP/k.pdf" || fail "a cache path that cannot exist gives the same PDF"

# --- `raingan fonts` says where the answers came from -------------------------------------
assert_status 0 "$RAINGAN" fonts
assert_contains "$(cat "$TMP/stdout")" "font lookup cache: $RAINGAN_FONT_CACHE" "fonts names the cache"
assert_status 0 "$RAINGAN" fonts
assert_contains "$(cat "$TMP/stdout")" "answers above from the cache; fontconfig not loaded" \
  "a second run answers from the cache"
assert_status 0 env RAINGAN_FONT_CACHE=/proc/raingan-no-such/fonts.cache "$RAINGAN" fonts
assert_contains "$(cat "$TMP/stdout")" "not written: cannot create its directory" \
  "fonts says why the cache cannot be written"
assert_status 0 env RAINGAN_FONT_CACHE=off "$RAINGAN" fonts
assert_contains "$(cat "$TMP/stdout")" "font lookup cache: off" "fonts says the cache is off"
finish
