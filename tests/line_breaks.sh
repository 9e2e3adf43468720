#!/bin/sh
# Paragraph-wide line breaking against first fit (tests/break_counts, the
# docs' counting tool, docs/thai-text.md): on the five seed documents through
# their forms, and on a fixed corpus (every paragraph of the seeds' data,
# tests/data/text/seed-paragraphs.txt, at 160, 300 and 450 pt, Thai
# distributed), no more loose lines, compound splits or separated numbers
# than first fit; and on the fixed corpus no more than the figures recorded
# when the breaker landed, so that a later change that makes lines worse
# fails here.
. "$top_srcdir/tests/lib.sh"
COUNTS=${top_builddir:?}/tests/break_counts
CORPUS=$top_srcdir/tests/data/text/seed-paragraphs.txt

assert_status 0 "$COUNTS" --no-worse --seeds --text "$CORPUS"
out=$(cat "$TMP/stdout")
assert_contains "$out" "seeds (5 documents)          paragraph-wide" "seed row"

# paragraph-wide row of the fixed corpus: paras lines loose compound numbers short-last
row=$(printf '%s\n' "$out" | sed -n 's/^text files *paragraph-wide *//p')
set -- $row
assert_eq "$1" 426 "paragraphs laid out (142 paragraphs x 3 widths)"
# Recorded when the breaker landed (first fit gave 262 loose lines, 171
# compound splits, 49 separated numbers, 35 short last lines).
[ "${3:-999}" -le 215 ] || fail "loose lines: $3, recorded 215"
[ "${4:-999}" -le 143 ] || fail "compound splits: $4, recorded 143"
[ "${5:-999}" -le 44 ] || fail "separated numbers: $5, recorded 44"
[ "${6:-999}" -le 19 ] || fail "short last lines: $6, recorded 19"
finish
