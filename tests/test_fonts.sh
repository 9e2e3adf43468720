# The Thai test fonts, and how raingan (and pango-view) are pointed at them.
# Source it after tests/lib.sh, then call use_test_fonts:
#
#   . "$top_srcdir/tests/lib.sh"; . "$top_srcdir/tests/test_fonts.sh"
#   use_test_fonts || { echo "SKIP: $TEST_FONTS_MISSING"; exit 77; }
#   for family in "${TEST_FONT_FAMILIES[@]}"; do "$RAINGAN" proof --font "$family" ...; done
#
# The fonts: every family of Debian's fonts-thai-tlwg-ttf, Noto Sans Thai and
# Noto Serif Thai (fonts-noto-core), and Google "Sarabun" (the TH Sarabun New
# design, OFL), which tests/external/setup.sh copies from the npm package
# @expo-google-fonts/sarabun into $RAINGAN_EXTERNAL/fonts with its licence.
#
# How raingan finds Sarabun: use_test_fonts writes a fontconfig file that
# includes the system's configuration and adds $RAINGAN_EXTERNAL/fonts as a
# font directory, and exports FONTCONFIG_FILE naming it. raingan's font lookup
# (src/text/font_lookup.c) reads fontconfig's configuration through
# FONTCONFIG_FILE like any fontconfig program, and its lookup cache is stamped
# with that variable, so nothing else is needed; pango-view reads the same
# file. The same works by hand:
#   FONTCONFIG_FILE=/tmp/fonts.conf raingan render ... --font "Sarabun, Laksaman"

# Families; each is tested in every style it has.
TEST_FONT_FAMILIES=(Laksaman Garuda Kinnari Loma Norasi Purisa Sawasdee Umpush Waree
  "Tlwg Mono" "Tlwg Typewriter" "Tlwg Typist" "Tlwg Typo"
  "Noto Sans Thai" "Noto Serif Thai" Sarabun)

# Where the private Sarabun directory is.
TEST_FONTS_SARABUN_DIR="${RAINGAN_EXTERNAL:-$top_srcdir/tests/external}/fonts"

# use_test_fonts: exports FONTCONFIG_FILE (a file in $TMP) so that fontconfig,
# hence raingan and pango-view, see the test fonts. Returns 1, with the reason
# in TEST_FONTS_MISSING, when a test font is not installed (run
# `bash tests/external/setup.sh`, or ./run.sh test, which installs them all).
use_test_fonts() {
  TEST_FONTS_MISSING=""
  if [ ! -f "$TEST_FONTS_SARABUN_DIR/Sarabun_400Regular.ttf" ]; then
    TEST_FONTS_MISSING="Sarabun is not in $TEST_FONTS_SARABUN_DIR (run bash tests/external/setup.sh)"
    return 1
  fi
  local system_conf=/etc/fonts/fonts.conf
  cat >"$TMP/test-fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>$TMP/fontconfig-cache</cachedir>
  <include ignore_missing="yes">$system_conf</include>
  <dir>$TEST_FONTS_SARABUN_DIR</dir>
</fontconfig>
EOF
  export FONTCONFIG_FILE="$TMP/test-fonts.conf"
  local family
  for family in "${TEST_FONT_FAMILIES[@]}"; do
    if ! fc-list "$family" family | grep -q .; then
      TEST_FONTS_MISSING="font family \"$family\" is not installed (fonts-thai-tlwg-ttf, fonts-noto-core, tests/external/setup.sh)"
      return 1
    fi
  done
  return 0
}

# test_font_styles FAMILY: prints the family's styles that raingan can ask
# for (regular, bold, italic, bold italic), one per line, as fontconfig
# names them ("Regular", "Bold", "Oblique", "Bold Oblique", ...). Needs
# use_test_fonts first.
test_font_styles() {
  fc-list "$1" style | sed 's/^.*style=//; s/,.*//' | sort -u
}
