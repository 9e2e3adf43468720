#!/bin/sh
# Seed fidelity: each example rendered with its form must print its seed's
# labels and texts, read cell by cell from the seed extraction
# (/work/shared/seeds, transcribed into tests/data/fidelity/seed-NNN.txt, one
# cell or paragraph a line), in the seed's order. White space is ignored (Thai
# has none to keep, and the layout wraps lines); each line must start after
# the previous one started (text_in_order --strict). Where the form prints a
# cell differently on purpose, the fidelity file holds what the form prints,
# after a '#' comment saying why; docs/forms.md lists every such difference.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
FID="$top_srcdir/tests/data/fidelity"

# fidelity SEED FORM KEY JSON
fidelity() {
  if ! "$RAINGAN" render "$2" --data "$EX/$4" --id "$3" --date 2024-01-31 \
         -o "$TMP/$1.pdf" 2>"$TMP/stderr"; then
    fail "seed $1: render failed: $(cat "$TMP/stderr")"; return
  fi
  pdftotext -raw "$TMP/$1.pdf" "$TMP/$1.txt"
  if ! "$top_builddir/tests/text_in_order" --strict "$FID/seed-$1.txt" "$TMP/$1.txt" > "$TMP/$1.order"; then
    fail "seed $1 ($2): not printed as the seed prints it:
$(cat "$TMP/$1.order")"
  fi
  # The checker itself: the file's lines in reverse order must fail (so a
  # file that matched anything would be caught).
  grep -v '^#' "$FID/seed-$1.txt" | tac > "$TMP/$1.rev"
  if "$top_builddir/tests/text_in_order" --strict "$TMP/$1.rev" "$TMP/$1.txt" >/dev/null; then
    fail "seed $1: the reversed fidelity file matched too: the check checks nothing"
  fi
}

fidelity 000 progress-report 04010000-3614 seed-000-progress-2561.json
fidelity 001 indicator-report indicator-2563-3 seed-001-indicator-2563.json
fidelity 002 progress-report 50310000-2961 seed-002-progress-2566.json
fidelity 003 progress-report-table 21000000-3165 seed-003-progress-2563.json
fidelity 004 development-plan hatyai-info-center-2563 seed-004-plan-2563.json
finish
