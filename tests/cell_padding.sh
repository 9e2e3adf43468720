#!/bin/sh
# Cell padding: on every table page of every example form, no glyph's ink
# comes within 2 pixels at 100 dpi (0.5 mm) of a table rule
# (tests/rule_gap.c finds the rules and the ink from the rendered pixels, so
# a wider glyph, a lower mark or a smaller padding all show). Pages without
# a table (fewer than 1500 rule pixels: big cover text can look like a short
# rule) are not judged. A padding of 0.5pt makes tops of Thai marks touch the
# rules: this test then fails (checked when it was written).
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
MIN_GAP=2
tables=0
pad() {  # pad NAME FORM KEY JSON
  "$RAINGAN" render "$2" --data "$EX/$4" --id "$3" --date 2024-01-31 -o "$TMP/$1.pdf" 2>"$TMP/stderr" \
    || { fail "$1: render failed: $(cat "$TMP/stderr")"; return; }
  mkdir -p "$TMP/$1"
  pdftoppm -r 100 -gray -aa no -aaVector no "$TMP/$1.pdf" "$TMP/$1/p" || { fail "$1: pdftoppm"; return; }
  for page in "$TMP/$1"/p-*.pgm; do
    status=0
    out=$("$top_builddir/tests/rule_gap" "$page" "$MIN_GAP" 2>/dev/null) || status=$?
    rules=$(printf '%s\n' "$out" | sed -n 's/^rules \([0-9]*\) px.*/\1/p')
    [ "${rules:-0}" -ge 1500 ] || continue
    tables=$((tables + 1))
    [ "$status" = 0 ] || fail "$1 $(basename "$page" .pgm): glyph ink closer than $MIN_GAP px to a rule: $out"
  done
}
pad seed-000 progress-report 04010000-3614 seed-000-progress-2561.json
pad seed-002 progress-report 50310000-2961 seed-002-progress-2566.json
pad seed-003 progress-report-table 21000000-3165 seed-003-progress-2563.json
pad seed-004 development-plan hatyai-info-center-2563 seed-004-plan-2563.json
pad new-project progress-report BANMAI-2568-01 new-project-20-entries.json
pad new-plan development-plan banmai-info-center-2568 new-plan-no-body.json
[ "$tables" -ge 25 ] || fail "only $tables table pages judged"
finish
