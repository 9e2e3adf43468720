#!/bin/bash
# Issue 10: the ink of one line never touches the ink of the next (docs/thai-text.md,
# "Line height"). Checked from the PDFs themselves: `mutool trace` lists every
# glyph drawn with its font and position, tests/line_ink puts each glyph's ink
# box there (extents from the font file the PDF names) and fails when glyphs
# of two different lines come within 0.25 pt of each other.
#  1. Adversarial paragraphs (deep below vowels over tall mark stacks) in every
#     test font and each of its styles (tests/line_ink_paragraphs).
#  2. The three forms, rendered from the examples with each test font (--font),
#     and every example with the templates' own fonts.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/test_fonts.sh"
use_test_fonts || { echo "SKIP: $TEST_FONTS_MISSING"; exit 77; }
EX="$top_srcdir/examples"

# Every file of the test families, the bundled Laksaman, and DejaVu Sans (the
# indicator report's list ends with it): the checker finds fonts by PostScript name.
font_files=("$top_srcdir"/fonts/*.ttf)
for family in "${TEST_FONT_FAMILIES[@]}" "DejaVu Sans"; do
  while IFS= read -r f; do font_files+=("$f"); done < <(fc-list --format '%{file}\n' "$family")
done

# check_ink NAME PDF: runs the checker, fails with its report, and insists
# that it saw neighbouring lines (a test that checks nothing must not pass).
check_ink() {
  mutool trace "$2" >"$TMP/trace.xml" 2>"$TMP/trace.err" || { fail "$1: mutool trace: $(cat "$TMP/trace.err")"; return; }
  local status=0
  "$top_builddir/tests/line_ink" "$TMP/trace.xml" "${font_files[@]}" >"$TMP/ink.out" 2>&1 || status=$?
  [ "$status" = 0 ] || fail "$1: ink of two lines touches (exit $status):
$(cat "$TMP/ink.out")"
  local pairs
  pairs=$(sed -n 's/.* \([0-9][0-9]*\) neighbouring pairs.*/\1/p' "$TMP/ink.out")
  [ "${pairs:-0}" -gt 100 ] || fail "$1: only ${pairs:-0} neighbouring glyph pairs checked"
  echo "$1: $(tail -n 1 "$TMP/ink.out")"
}

for family in "${TEST_FONT_FAMILIES[@]}"; do
  slug=$(echo "$family" | tr -d ' ')
  assert_status 0 "$top_builddir/tests/line_ink_paragraphs" "$family" "$TMP/para-$slug.pdf"
  cat "$TMP/stdout"
  check_ink "paragraphs in $family" "$TMP/para-$slug.pdf"
  for form in p:progress-report:seed-003-progress-2563.json:21000000-3165 \
              i:indicator-report:seed-001-indicator-2563.json:indicator-2563-3 \
              d:development-plan:seed-004-plan-2563.json:hatyai-info-center-2563; do
    IFS=: read -r tag name json key <<<"$form"
    assert_status 0 "$RAINGAN" render "$name" --data "$EX/$json" --id "$key" --font "$family" \
      --date 2024-01-31 -o "$TMP/$tag-$slug.pdf"
    check_ink "$name in $family" "$TMP/$tag-$slug.pdf"
  done
done

# Every example with the templates' own font lists (Laksaman here).
for example in seed-000-progress-2561.json:progress-report:04010000-3614 \
               seed-002-progress-2566.json:progress-report:50310000-2961; do
  IFS=: read -r json name key <<<"$example"
  assert_status 0 "$RAINGAN" render "$name" --data "$EX/$json" --id "$key" --date 2024-01-31 \
    -o "$TMP/example.pdf"
  check_ink "$json" "$TMP/example.pdf"
done
for form in progress-report:seed-003-progress-2563.json:21000000-3165 \
            indicator-report:seed-001-indicator-2563.json:indicator-2563-3 \
            development-plan:seed-004-plan-2563.json:hatyai-info-center-2563; do
  IFS=: read -r name json key <<<"$form"
  assert_status 0 "$RAINGAN" render "$name" --data "$EX/$json" --id "$key" --date 2024-01-31 \
    -o "$TMP/example.pdf"
  check_ink "$json" "$TMP/example.pdf"
done
finish
