#!/bin/sh
# `raingan batch` interrupted: after SIGTERM the run stops cleanly (each
# worker finishes the file it is writing; exit status 130, summary says
# "interrupted", no temporary left); after kill -9 of the whole process group
# mid-run, no PDF under its final name is truncated (qpdf --check passes on
# every one), and the next run into the same directory removes the hidden
# temporaries the killed run left and completes.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
DB=$TMP/batch.db
N=60

i=0
while [ $i -lt $N ]; do
  i=$((i + 1))
  sed "s/\"key\": \"50310000-2961\"/\"key\": \"syn-$i\"/" "$EX/seed-002-progress-2566.json" >"$TMP/syn$i.json"
done
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP"/syn*.json
rm -f "$TMP"/syn*.json

check_pdfs() {  # DIR LABEL: every PDF under its final name is complete
  for f in "$1"/*.pdf; do
    [ -e "$f" ] || continue
    qpdf --check "$f" >/dev/null 2>&1 || fail "$2: $(basename "$f") is not a complete PDF"
  done
}

# Group kill -9 in the middle of the run (setsid: the batch leads its own group).
OUT=$TMP/killed
setsid "$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 -q >/dev/null 2>&1 &
pid=$!
# Wait until some files are there, then kill everything at once.
n=0
while [ "$(ls "$OUT" 2>/dev/null | wc -l)" -lt 5 ] && [ $n -lt 200 ]; do sleep 0.02; n=$((n + 1)); done
kill -9 -- -"$pid" 2>/dev/null || kill -9 "$pid"
wait "$pid" 2>/dev/null
done_files=$(ls "$OUT" | wc -l)
[ "$done_files" -lt $N ] || echo "note: the run finished before the kill; the test proves less" >&2
check_pdfs "$OUT" "after kill -9"
# The rerun cleans up what the killed run left and completes. The kill rarely
# lands in the few milliseconds a temporary exists, so plant one as well (and
# files that are not this run's temporaries, which must stay).
printf 'partial' >"$OUT/.progress-report-2566-syn-7.pdf.Ab12Cd"
printf 'mine' >"$OUT/.notes.pdf.Ab12Cd"
printf 'mine' >"$OUT/.keep"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 -q
assert_eq "$(ls "$OUT" | wc -l)" $N "rerun completes"
assert_eq "$(ls -A "$OUT" | grep '^\.' | tr '\n' ' ')" ".keep .notes.pdf.Ab12Cd " "rerun removed only its temporaries"
check_pdfs "$OUT" "after the rerun"

# SIGTERM: workers finish their current file, the parent reports and exits 130.
OUT=$TMP/term
"$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 >"$TMP/term.out" 2>"$TMP/term.err" &
pid=$!
n=0
while [ "$(ls "$OUT" 2>/dev/null | wc -l)" -lt 5 ] && [ $n -lt 200 ]; do sleep 0.02; n=$((n + 1)); done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
if [ "$(ls "$OUT" | wc -l)" -lt $N ]; then
  assert_eq "$status" 130 "exit status after SIGTERM"
  assert_contains "$(cat "$TMP/term.out")" "(interrupted)" "summary says interrupted"
fi
assert_eq "$(ls -A "$OUT" | grep -c '^\.')" 0 "no temporary after SIGTERM"
check_pdfs "$OUT" "after SIGTERM"
# A signal ignored when the batch started stays ignored: `nohup raingan
# batch` is not stopped by the SIGHUP of a closed terminal (before: the
# batch's handler replaced the ignored disposition; "interrupted", 130).
OUT=$TMP/nohup
(trap '' HUP; exec "$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 -q) \
  >"$TMP/nohup.out" 2>"$TMP/nohup.err" &
pid=$!
n=0
while [ "$(ls "$OUT" 2>/dev/null | wc -l)" -lt 5 ] && [ $n -lt 200 ]; do sleep 0.02; n=$((n + 1)); done
kill -HUP "$pid"
status=0
wait "$pid" || status=$?
assert_eq "$status" 0 "exit status after SIGHUP, ignored from the start: $(cat "$TMP/nohup.err")"
assert_eq "$(ls "$OUT" | wc -l)" $N "every record printed although SIGHUP came"
# A worker that dies (here: killed) is reported against the record it held,
# replaced, and the run goes on; that record is the only one missing.
OUT=$TMP/crash
"$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 -q >"$TMP/crash.out" 2>"$TMP/crash.err" &
pid=$!
n=0
while [ "$(ls "$OUT" 2>/dev/null | wc -l)" -lt 3 ] && [ $n -lt 200 ]; do sleep 0.02; n=$((n + 1)); done
victim=$(pgrep -P "$pid" | head -1)
[ -n "$victim" ] && kill -9 "$victim"
status=0
wait "$pid" || status=$?
if [ -n "$victim" ] && [ "$(ls "$OUT" | wc -l)" -lt $N ]; then
  assert_eq "$status" 1 "exit status after a worker died"
  assert_contains "$(cat "$TMP/crash.err")" "killed by signal 9" "the dead worker's record is named"
  assert_contains "$(cat "$TMP/crash.out")" "$((N - 1)) printed, 1 failed" "the others are printed"
  assert_eq "$(ls "$OUT" | wc -l)" $((N - 1)) "every other record printed"
fi
check_pdfs "$OUT" "after a worker died"

# A full disk (the file-size limit; SIGXFSZ ignored so writes fail with
# EFBIG): every record fails with its reason, and after 10 failures in a row
# the run stops instead of trying all 60, exit 1, nothing left behind.
OUT=$TMP/full
status=0
(trap '' XFSZ; ulimit -f 8; exec "$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 -q) \
  >"$TMP/full.out" 2>"$TMP/full.err" || status=$?
assert_eq "$status" 1 "full disk: exit status"
assert_contains "$(cat "$TMP/full.err")" "raingan batch: 10 records in a row could not be written; stopping (is $OUT full, read-only or gone?)" \
  "full disk: the run stops and says why"
assert_contains "$(cat "$TMP/full.err")" "cannot write output file: File too large" "full disk: each record's reason"
failed=$(grep -c "cannot write output file" "$TMP/full.err")
[ "$failed" -ge 10 ] && [ "$failed" -le 12 ] || fail "full disk: $failed records tried after the stop (10 to 12 expected: the two workers' last)"
assert_contains "$(cat "$TMP/full.out")" "not printed (stopped) of $N" "full disk: the summary counts what was not tried"
assert_eq "$(ls -A "$OUT" | wc -l)" 0 "full disk: nothing left"

# No worker outlives the run.
sleep 0.2
pgrep -f "batch progress-report --db $DB" >/dev/null && fail "a worker is still running"
finish
