#!/bin/sh
# `raingan batch`: every matching record printed once into the output
# directory under its documented name, hostile keys kept inside the directory,
# a failing record reported with its key and reason without stopping the
# others (exit status 1), the filters, the same bytes as `raingan render`,
# and a refused run (bad directory, busy directory, template error) writing
# nothing.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
DB=$TMP/batch.db
OUT=$TMP/out

# Synthetic projects cloned from seed 002 under keys that must not escape
# the output directory or collide once made file-name-safe.
long=$(printf 'k%.0s' $(seq 1 199))
i=0
for key in '../../escape' '.hidden' 'a/b' 'a:b' 'sp ace' 'โครงการ/๑' '-rf' "$long"; do
  i=$((i + 1))
  esc=$(printf '%s' "$key" | sed 's/[\/&]/\\&/g')
  sed "s/\"key\": \"50310000-2961\"/\"key\": \"$esc\"/" "$EX/seed-002-progress-2566.json" >"$TMP/syn$i.json"
done
assert_status 0 "$RAINGAN" import --db "$DB" "$EX"/seed-*.json "$TMP"/syn*.json
[ -s "$DB" ] || { fail "import failed: $(cat "$TMP/stderr")"; finish; }

# All projects: 3 seeds + 8 synthetic.
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" -j 2 --date 2023-09-30
summary=$(cat "$TMP/stdout")
assert_contains "$summary" "11 printed, 0 failed of 11 project records" "summary"
assert_eq "$(ls "$OUT" | wc -l)" 11 "one PDF per project"
assert_eq "$(ls -A "$OUT" | grep -c '^\.')" 0 "no hidden file (temporary, lock) left"
[ -e "$TMP/escape.pdf" ] || [ -e "$top_srcdir/escape.pdf" ] && fail "a key escaped the output directory"
assert_eq "$(find "$TMP" -name '*.pdf' ! -path "$OUT/*" | wc -l)" 0 "no PDF outside --out-dir"
# The documented names: {form}-{year}-{key}.pdf, unsafe keys made safe and
# marked with a hash of the original key.
for name in progress-report-2566-50310000-2961.pdf progress-report-2561-04010000-3614.pdf \
            progress-report-2563-21000000-3165.pdf; do
  [ -f "$OUT/$name" ] || fail "missing $name"
done
ls "$OUT" >"$TMP/names"
for pattern in '^progress-report-2566-escape~[0-9a-f]\{12\}\.pdf$' '^progress-report-2566-hidden~' \
               '^progress-report-2566-a_b~' '^progress-report-2566-sp_ace~' \
               '^progress-report-2566-โครงการ_๑~' '^progress-report-2566-rf~' \
               '^progress-report-2566-kkkk*~[0-9a-f]\{12\}\.pdf$'; do
  grep -q "$pattern" "$TMP/names" || fail "no file name matching $pattern in: $(cat "$TMP/names")"
done
assert_eq "$(grep -c '^progress-report-2566-a_b~' "$TMP/names")" 2 "a/b and a:b get distinct names"
for f in "$OUT"/*.pdf; do
  qpdf --check "$f" >/dev/null 2>&1 || fail "$f: qpdf --check failed"
  n=$(basename "$f"); [ ${#n} -le 255 ] || fail "$n: name longer than 255 bytes"
done
# Same bytes as `raingan render` with the same date.
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id 50310000-2961 --date 2023-09-30 -o "$TMP/single.pdf"
cmp -s "$TMP/single.pdf" "$OUT/progress-report-2566-50310000-2961.pdf" || fail "batch and render differ"
pdftotext "$OUT/progress-report-2566-escape~"*.pdf - | grep -q "แบบแสดงรายงานความก้าวหน้า" \
  || fail "synthetic record not printed"

# Progress: plain lines when stderr is not a terminal, a bar on a terminal
# (script(1) gives the run a pseudo-terminal).
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/p" -j 2
assert_contains "$(cat "$TMP/stderr")" "raingan batch: 11/11 done, 0 failed" "plain progress line"
assert_not_contains "$(cat "$TMP/stderr")" "$(printf '\r')" "no carriage return without a terminal"
if command -v script >/dev/null 2>&1; then
  script -qec "'$RAINGAN' batch progress-report --db '$DB' --out-dir '$TMP/tty' -j 2" /dev/null >"$TMP/tty.out" 2>&1
  tty_out=$(cat "$TMP/tty.out")
  assert_contains "$tty_out" "[##############################] 11/11" "progress bar on a terminal"
  assert_contains "$tty_out" "docs/s" "progress bar shows the rate"
  assert_contains "$tty_out" "left" "progress bar shows the time left"
  assert_contains "$tty_out" "11 printed, 0 failed" "summary after the bar"
fi

# Filters: --year, --org (with the units under it), --key; other forms.
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/y" --year 2563 -q
assert_eq "$(ls "$TMP/y")" "progress-report-2563-21000000-3165.pdf" "--year 2563"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/o" --org bma/bang-sue -q
assert_eq "$(ls "$TMP/o" | wc -l)" 9 "--org bma/bang-sue: seed 002 and its 8 clones"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/k" --key a/b --key 'sp ace' -q
assert_eq "$(ls "$TMP/k" | wc -l)" 2 "--key twice"
assert_status 3 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/k2" --key a/b --key nope -q
assert_contains "$(cat "$TMP/stderr")" "--key nope: no project with this key" "unknown --key"
[ -e "$TMP/k2" ] && [ "$(ls -A "$TMP/k2" | wc -l)" -ne 0 ] && fail "unknown --key: something printed"
assert_status 3 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/n" --org no/such -q
assert_contains "$(cat "$TMP/stderr")" "--org no/such: no such organization" "unknown --org"
assert_status 0 "$RAINGAN" batch indicator-report --db "$DB" --out-dir "$TMP/i" -q
assert_eq "$(ls "$TMP/i")" "indicator-report-2563-indicator-2563-3.pdf" "indicator form"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/e" --year 2450 -q
assert_contains "$(cat "$TMP/stdout")" "no project records match" "empty selection"

# One record fails (its target is a directory): reported with key and
# reason, the others printed, exit status 1.
mkdir -p "$TMP/f/progress-report-2563-21000000-3165.pdf"
assert_status 1 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/f" -j 2
assert_contains "$(cat "$TMP/stderr")" "raingan batch: 21000000-3165: " "failure names the key"
assert_contains "$(cat "$TMP/stderr")" "Is a directory" "failure gives the reason"
assert_contains "$(cat "$TMP/stdout")" "10 printed, 1 failed of 11" "summary counts the failure"
assert_eq "$(ls "$TMP/f" | wc -l)" 11 "the other records printed"
assert_eq "$(ls -A "$TMP/f" | grep -c '^\.')" 0 "no temporary left by the failed record"

# Existing files are replaced whole; a second run gives the same bytes.
cp "$OUT/progress-report-2566-50310000-2961.pdf" "$TMP/before.pdf"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$OUT" --date 2023-09-30 -q
cmp -s "$TMP/before.pdf" "$OUT/progress-report-2566-50310000-2961.pdf" || fail "second run differs"

# Refused runs print one message and write nothing.
touch "$TMP/file"
assert_status 4 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/file/sub"
assert_contains "$(cat "$TMP/stderr")" "--out-dir $TMP/file/sub: cannot create" "out-dir under a file"
assert_status 2 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/x" --name '../{key}.pdf'
assert_contains "$(cat "$TMP/stderr")" "a file name, not a path" "--name with a slash"
assert_status 2 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/x" --name 'same.pdf'
assert_contains "$(cat "$TMP/stderr")" "the same file" "--name without {key}"
[ -e "$TMP/x/same.pdf" ] && fail "--name same.pdf wrote a file"
assert_status 2 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/x" -j 0
assert_status 2 "$RAINGAN" batch progress-report --db "$DB"
assert_status 2 "$RAINGAN" batch no-such-form --db "$DB" --out-dir "$TMP/x"
assert_status 5 "$RAINGAN" batch progress-report --db "$TMP/missing.db" --out-dir "$TMP/x"
[ -e "$TMP/missing.db" ] && fail "batch created the database"
# A second batch into a directory in use is refused.
if command -v flock >/dev/null 2>&1; then
  # The lock is held until the check is done (no sleeps: under load a fixed
  # delay let the lock expire before raingan ran).
  mkdir -p "$TMP/busy"
  mkfifo "$TMP/release"
  flock "$TMP/busy" sh -c 'touch "$1"; read -r _ <"$2"' _ "$TMP/busy-held" "$TMP/release" &
  wait_for_file "$TMP/busy-held" "busy directory lock"
  assert_status 4 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/busy" -q
  assert_contains "$(cat "$TMP/stderr")" "another raingan batch is writing into it" "busy directory"
  echo done >"$TMP/release"
  wait
fi
# The database is not modified by a batch (opened read-only).
sum1=$(md5sum <"$DB")
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/ro" -q
assert_eq "$(md5sum <"$DB")" "$sum1" "database untouched"
chmod 0444 "$DB"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/ro2" -q --year 2566

# Archival batch: every copy is PDF/A with the footer, and verifies against the data.
chmod 0644 "$DB"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/arch" -q --archive \
  --date 2026-11-21 --year 2566
archived=0
for f in "$TMP"/arch/*.pdf; do
  archived=$((archived + 1))
  assert_status 0 "$RAINGAN" verify "$f" --db "$DB"
  assert_contains "$(cat "$TMP/stdout")" "MATCHES" "archival batch copy verifies: $f"
  assert_contains "$(pdfinfo -meta "$f")" "pdfaid:part" "archival batch copy is PDF/A: $f"
done
[ "$archived" -gt 0 ] || fail "the archival batch printed nothing"
sh "$top_srcdir/tests/preflight.sh" "$TMP"/arch/*.pdf >"$TMP/preflight.out" 2>&1 ||
  fail "PDFBox Preflight of the archival batch: $(cat "$TMP/preflight.out")"

# A character no font has, in three records: each record's warnings name it,
# also when one worker prints them one after another (its fonts and kept
# paragraphs outlive a record; -j 1 and -j 2).
DBW=$TMP/missing.db
for k in 1 2 3; do
  sed -e "s/\"key\": \"50310000-2961\"/\"key\": \"box-$k\"/" \
      -e 's/"name": "\([^"]*\)"/"name": "\1 \xf0\x9f\xab\xa8"/' \
      "$EX/seed-002-progress-2566.json" >"$TMP/box$k.json"
done
assert_status 0 "$RAINGAN" import --db "$DBW" "$TMP"/box1.json "$TMP"/box2.json "$TMP"/box3.json
for j in 1 2; do
  assert_status 0 "$RAINGAN" batch progress-report --db "$DBW" --out-dir "$TMP/box-j$j" -j "$j" --key box-1 \
    --key box-2 --key box-3
  for k in 1 2 3; do
    assert_contains "$(grep "^raingan batch: box-$k: warning: no font in" "$TMP/stderr")" "U+1FAE8" \
      "-j $j: record box-$k warns of the character it prints as a box"
  done
done
finish
