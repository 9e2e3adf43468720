#!/bin/sh
# Instructions per warm render (docs/performance.md, "Warm render"); not a test.
#   sh bench/bench_render_instr.sh BUILD_DIR [N] [FORM KEY JSON]
# Imports the example (default: seed 002's progress report) into a fresh
# database, then runs bench/bench_render under Valgrind's callgrind: 3
# renders to warm the caches (as the service's warm-up does), then N (10)
# counted ones (--toggle-collect=warm_renders). Prints the instructions per
# warm render and the top functions, self and inclusive; the callgrind file
# is kept as $OUT (default /tmp/bench_render.callgrind) for callgrind_annotate.
# Instruction counts do not depend on the machine's load, unlike times.
# Needs valgrind.
set -eu
BUILD=$(cd "$1" && pwd)
N=${2:-10}
FORM=${3:-progress-report}
KEY=${4:-50310000-2961}
SRC=$(cd "$(dirname "$0")/.." && pwd)
JSON=${5:-$SRC/examples/seed-002-progress-2566.json}
OUT=${OUT:-/tmp/bench_render.callgrind}
command -v valgrind >/dev/null || { echo "bench_render_instr: needs valgrind" >&2; exit 1; }
make -s -C "$BUILD" bench/bench_render raingan >/dev/null
TMP=$(mktemp -d "${TMPDIR:-/tmp}/raingan-bench-render.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export RAINGAN_DATA=$SRC
"$BUILD/raingan" init --db "$TMP/b.db" >/dev/null
"$BUILD/raingan" import --db "$TMP/b.db" "$JSON" >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$OUT" --toggle-collect=warm_renders \
  "$BUILD/bench/bench_render" "$FORM" "$TMP/b.db" "$KEY" 3 "$N" 2>"$TMP/vg.log" \
  || { cat "$TMP/vg.log" >&2; exit 1; }
total=$(sed -n 's/^summary: *//p;s/^totals: *//p' "$OUT" | head -1)
awk -v t="$total" -v n="$N" 'BEGIN { printf "%s: %.2f M instructions per warm render (%d renders)\n", "'"$FORM $KEY"'", t / n / 1e6, n }'
echo "== top functions, self"
callgrind_annotate "$OUT" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n '3,27p'
echo "== top functions, inclusive"
callgrind_annotate --inclusive=yes "$OUT" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n '3,42p'
