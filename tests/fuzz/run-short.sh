#!/bin/sh
# Short fuzz runs, part of `./run.sh test`: builds the libFuzzer targets
# (tests/fuzz/build.sh) and runs each for $FUZZ_SECONDS (default 20) seconds
# from its seed corpus in tests/fuzz/corpus/<target>/. Fails if any target
# crashes, leaks, hits undefined behaviour, times out on one input (10 s) or
# exceeds 2 GB. The reproducer is kept in $build/fuzz/artifacts/ and named in
# the output; new corpus entries go to a scratch directory, so the checked-in
# corpus changes only by hand. Before fuzzing, each target replays the
# reproducers of the bugs found so far (tests/fuzz/crashes/<target>-*), so a
# fixed bug stays fixed. Longer runs: docs/robustness.md.
#
#   tests/fuzz/run-short.sh [TARGET...]     (default: all of them)
set -u
here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-20}
targets=${*:-"template json_import richtext text_layout pdf_reader template_expr csv_import"}

bin=$("$here/build.sh" | tail -1) || { echo "run-short.sh: building the fuzz targets failed" >&2; exit 1; }
artifacts=$bin/artifacts
mkdir -p "$artifacts"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/raingan-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

status=0
for t in $targets; do
    mkdir -p "$scratch/$t"
    log=$scratch/$t.log
    for repro in "$here"/crashes/"$t"-*; do
        [ -e "$repro" ] || continue
        if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
             LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp} \
             UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
             "$bin/fuzz_$t" "$repro" >"$log" 2>&1; then
            status=1
            echo "fuzz_$t: reproducer $(basename "$repro") still fails:"
            grep -a -E "ERROR|SUMMARY|runtime error|differs|not idempotent" "$log" | head -5
        fi
    done
    # Sanitizer reports abort the target: libFuzzer then saves the input.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/$t-" -print_final_stats=1 \
        "$scratch/$t" "$here/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        echo "fuzz_$t: ok, ${runs:-?} inputs in ${seconds} s"
    else
        status=1
        echo "fuzz_$t: FAILED (exit $rc) after ${runs:-?} inputs"
        grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error)|Test unit written to" "$log" | head -8
        echo "---- last lines of the log:"
        tail -30 "$log"
    fi
done
exit $status
