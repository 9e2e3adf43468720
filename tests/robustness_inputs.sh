#!/bin/sh
# Bad inputs and hostile environments (docs/robustness.md lists them): each
# gives one clear message naming the problem, a non-zero exit status, no
# half-written output, and no change to the data. Run under the sanitizers
# too (./run.sh test), so a crash, leak or undefined behaviour also fails.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
TPL="$top_srcdir/templates"
DB=$TMP/r.db
KEY=50310000-2961
assert_status 0 "$RAINGAN" import --db "$DB" "$EX"/seed-*.json
sum=$(md5sum <"$DB")

no_output() {  # no_output FILE LABEL: neither the file nor a temporary beside it
  [ -e "$1" ] && fail "$2: $1 was written"
  ls -A "$(dirname "$1")" | grep -q "^\.$(basename "$1")\." && fail "$2: a temporary was left"
  return 0
}
one_message() {  # one_message LABEL EXPECTED: stderr is one line containing EXPECTED
  assert_eq "$(wc -l <"$TMP/stderr")" 1 "$1: one line on stderr ($(cat "$TMP/stderr"))"
  assert_contains "$(cat "$TMP/stderr")" "$2" "$1"
}

# --- JSON import: malformed, hostile, invalid UTF-8, bad values -----------
printf '{"raingan": 1, "records": [{"kind": "organization", "key": "a"' >"$TMP/truncated.json"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/truncated.json"
assert_contains "$(cat "$TMP/stderr")" "truncated.json" "truncated JSON names the file"
awk 'BEGIN { printf "{\"raingan\": 1, \"records\": ["; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "]}" }' >"$TMP/deep.json"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/deep.json"
assert_contains "$(cat "$TMP/stderr")" "nested too deeply" "100,000 nested arrays"
printf '{"raingan": 1, "records": [{"kind": "organization", "key": "a", "name": "\340\270"}]}' >"$TMP/utf8.json"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/utf8.json"
assert_contains "$(cat "$TMP/stderr")" "utf8.json" "invalid UTF-8 names the file"
printf '{"raingan": 1, "records": [{"kind": "organization", "key": "a", "name": "\\ud800"}]}' >"$TMP/surrogate.json"
# Found by fuzzing (tests/fuzz/crashes/): UTF-8 above U+10FFFF passes yajl's
# own check; a common-era year of 2400 or more would be read as Buddhist era.
assert_status 3 "$RAINGAN" import --db "$DB" "$top_srcdir/tests/fuzz/crashes/json_import-utf8-above-10ffff.json"
assert_contains "$(cat "$TMP/stderr")" "invalid UTF-8" "UTF-8 above U+10FFFF"
assert_status 3 "$RAINGAN" import --db "$DB" "$top_srcdir/tests/fuzz/crashes/json_import-date-year-roundtrip.json"
assert_contains "$(cat "$TMP/stderr")" '$.records[1].entries[0].date (line 5): impossible date "4445-03-27"' "year 4445"
# yajl turns a lone surrogate escape into "?" (accepted; docs/robustness.md).
cp "$DB" "$TMP/surrogate.db"
status=0
"$RAINGAN" import --db "$TMP/surrogate.db" "$TMP/surrogate.json" >/dev/null 2>"$TMP/stderr" || status=$?
[ $status -eq 0 ] || [ $status -eq 3 ] || fail "lone surrogate escape: status $status"
printf '\0\1\2binary' >"$TMP/binary.json"
assert_status 3 "$RAINGAN" import --db "$DB" "$TMP/binary.json"
assert_eq "$(md5sum <"$DB")" "$sum" "failed imports left the database unchanged"

# --- enormous fields: a 300 KB paragraph and a 2,000-line entry -----------
big=$(sed -n 's/.*"body": "\(เป้าหมาย[^"]*\)".*/\1/p' "$EX/seed-002-progress-2566.json" | head -1 | sed 's/\\n/ /g')
[ -n "$big" ] || fail "could not take a body from seed 002"
{
  printf '{"raingan": 1, "records": [{"kind": "organization", "key": "o", "name": "หน่วยงาน"},\n'
  printf '{"kind": "project", "key": "big", "code": "big", "name": "โครงการ", "fiscal_year": 2566,'
  printf ' "start_date": "2022-10-01", "end_date": "2023-09-30", "organization": "o", "entries": ['
  printf '{"number": 1, "date": "2023-01-16", "body": "'
  i=0; while [ $i -lt 250 ]; do printf '%s ' "$big"; i=$((i + 1)); done
  printf '"}, {"number": 2, "date": "2023-01-17", "body": "'
  i=0; while [ $i -lt 2000 ]; do printf 'บรรทัดที่ %d\\n' $i; i=$((i + 1)); done
  printf '"}]}]}\n'
} >"$TMP/big.json"
assert_status 0 "$RAINGAN" import --db "$TMP/big.db" "$TMP/big.json"
start=$(date +%s)
assert_status 0 "$RAINGAN" render progress-report --db "$TMP/big.db" --id big -o "$TMP/big.pdf"
elapsed=$(( $(date +%s) - start ))
pages=$(pdfinfo "$TMP/big.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 50 ] || fail "enormous fields: ${pages:-no} pages"
[ $elapsed -le 120 ] || fail "enormous fields took $elapsed s"
qpdf --check "$TMP/big.pdf" >/dev/null 2>&1 || fail "enormous fields: PDF does not pass qpdf --check"

# --- broken templates ---------------------------------------------------------
mkdir -p "$TMP/tpl"
cp -R "$TPL/parts" "$TMP/tpl/"
head -c 3000 "$TPL/progress-report.xml" >"$TMP/tpl/truncated.xml"
assert_status 3 "$RAINGAN" render "$TMP/tpl/truncated.xml" --db "$DB" --id $KEY -o "$TMP/t1.pdf"
one_message "truncated template" "truncated.xml:"
no_output "$TMP/t1.pdf" "truncated template"
mkdir -p "$TMP/bt"
assert_status 3 "$RAINGAN" batch "$TMP/tpl/truncated.xml" --db "$DB" --out-dir "$TMP/bt"
assert_eq "$(ls -A "$TMP/bt" | wc -l)" 0 "batch with a broken template writes nothing"
# A part that includes itself; a template that includes a device.
cat >"$TMP/tpl/parts/loop.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<part params="title"><p>{param.title}</p><include file="parts/loop.xml" title="x"/></part>
EOF
sed -n '1,/<\/query>/p' "$TPL/progress-report.xml" >"$TMP/tpl/head.xml"   # up to the record query
{ cat "$TMP/tpl/head.xml"; echo '<section><include file="parts/loop.xml" title="t"/></section></form>'; } >"$TMP/tpl/loop.xml"
assert_status 3 "$RAINGAN" render "$TMP/tpl/loop.xml" --db "$DB" --id $KEY -o "$TMP/t2.pdf"
one_message "include cycle" "a cycle"
{ cat "$TMP/tpl/head.xml"; echo '<section><include file="/dev/zero" title="t"/></section></form>'; } >"$TMP/tpl/zero.xml"
assert_status 3 "$RAINGAN" render "$TMP/tpl/zero.xml" --db "$DB" --id $KEY -o "$TMP/t3.pdf"
one_message "include of /dev/zero" "inside the templates directory"
# SQL in a template cannot change the data (the database is opened read-only).
sed 's|WHERE p.key = :id|WHERE p.key = :id; DELETE FROM projects|' "$TMP/tpl/head.xml" >"$TMP/tpl/sql.xml"
echo '<section><p>x</p></section></form>' >>"$TMP/tpl/sql.xml"
"$RAINGAN" render "$TMP/tpl/sql.xml" --db "$DB" --id $KEY -o "$TMP/t4.pdf" >/dev/null 2>&1
assert_eq "$(md5sum <"$DB")" "$sum" "template SQL left the database unchanged"

# --- fonts ---------------------------------------------------------------------
mkdir -p "$TMP/nofonts" "$TMP/badfonts/fonts"
RAINGAN_DATA=$TMP/nofonts assert_status 6 "$RAINGAN" render progress-report --templates "$TPL" \
  --db "$DB" --id $KEY -o "$TMP/f1.pdf"
one_message "missing bundled fonts" "Laksaman.ttf"
no_output "$TMP/f1.pdf" "missing fonts"
for f in Laksaman Laksaman-Bold Laksaman-Italic Laksaman-BoldItalic; do
  head -c 60000 "$top_srcdir/fonts/$f.ttf" >"$TMP/badfonts/fonts/$f.ttf"
done
status=0
RAINGAN_DATA=$TMP/badfonts "$RAINGAN" render progress-report --templates "$TPL" --db "$DB" --id $KEY \
  -o "$TMP/f2.pdf" 2>"$TMP/stderr" || status=$?
[ $status -ne 0 ] || fail "truncated font files accepted"
[ $status -lt 128 ] || fail "truncated font files: crash (status $status)"
no_output "$TMP/f2.pdf" "truncated fonts"

# --- output: unwritable, missing directory, full disk -------------------------
touch "$TMP/file"
assert_status 4 "$RAINGAN" render progress-report --db "$DB" --id $KEY -o "$TMP/file/x.pdf"
one_message "output under a regular file" "$TMP/file/x.pdf"
assert_status 4 "$RAINGAN" render progress-report --db "$DB" --id $KEY -o "$TMP/nodir/x.pdf"
one_message "output in a missing directory" "$TMP/nodir/x.pdf"
# Disk full, simulated with the file-size limit (writes fail with EFBIG; the
# signal SIGXFSZ is ignored so the program sees the error): an existing file
# is kept as it was, and nothing else is left. The limit (8 KB) is below the
# size of any PDF of the seeds (the smallest is about 36 KB).
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $KEY -o "$TMP/keep.pdf"
cp "$TMP/keep.pdf" "$TMP/keep.orig"
status=0
(trap '' XFSZ; ulimit -f 8; exec "$RAINGAN" render progress-report --db "$DB" --id $KEY \
  --date 2020-01-01 -o "$TMP/keep.pdf") >/dev/null 2>"$TMP/stderr" || status=$?
assert_eq "$status" 4 "disk full: exit status"
one_message "disk full" "cannot write output file"
cmp -s "$TMP/keep.pdf" "$TMP/keep.orig" || fail "disk full: the existing PDF was changed"
assert_eq "$(ls -A "$TMP" | grep -c '^\.keep\.pdf\.')" 0 "disk full: temporary removed"
status=0
(trap '' XFSZ; ulimit -f 8; exec "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/full" -q) \
  >/dev/null 2>"$TMP/stderr" || status=$?
assert_eq "$status" 1 "disk full in batch: exit status"
assert_contains "$(cat "$TMP/stderr")" "cannot write output file" "disk full in batch"
assert_eq "$(ls -A "$TMP/full" | wc -l)" 0 "disk full in batch: nothing left"

# --- database: missing, not SQLite, truncated, locked -------------------------
assert_status 5 "$RAINGAN" render progress-report --db "$TMP/none.db" --id $KEY -o "$TMP/d1.pdf"
[ -e "$TMP/none.db" ] && fail "render created a database"
printf 'this is not a database, just text that is long enough to look like a header....' >"$TMP/text.db"
assert_status 5 "$RAINGAN" render progress-report --db "$TMP/text.db" --id $KEY -o "$TMP/d2.pdf"
one_message "not a database" "text.db"
head -c 4096 "$DB" >"$TMP/trunc.db"
status=0
"$RAINGAN" render progress-report --db "$TMP/trunc.db" --id $KEY -o "$TMP/d3.pdf" 2>"$TMP/stderr" || status=$?
assert_eq "$status" 5 "truncated database: exit status ($(cat "$TMP/stderr"))"
no_output "$TMP/d3.pdf" "truncated database"
cp "$DB" "$TMP/corrupt.db"
# Overwrite table pages with (always the same) garbage: SQLite reports the
# database malformed when the record query reads it.
dd if="$top_srcdir/fonts/Laksaman.ttf" of="$TMP/corrupt.db" bs=1024 skip=1 seek=8 count=24 conv=notrunc 2>/dev/null
status=0
"$RAINGAN" render progress-report --db "$TMP/corrupt.db" --id $KEY -o "$TMP/d4.pdf" 2>"$TMP/stderr" || status=$?
assert_eq "$status" 5 "corrupt database: exit status"
one_message "corrupt database" "malformed"
no_output "$TMP/d4.pdf" "corrupt database"
if command -v sqlite3 >/dev/null 2>&1; then
  cp "$DB" "$TMP/locked.db"
  # sqlite3 holds the write lock until the checks below are done (no sleeps:
  # under load a fixed delay let the lock go before raingan ran).
  mkfifo "$TMP/release"
  { echo "BEGIN EXCLUSIVE; UPDATE projects SET name = name;"; echo ".system touch $TMP/lock-held"
    read -r _ <"$TMP/release"; echo "COMMIT;"; } | sqlite3 "$TMP/locked.db" &
  wait_for_file "$TMP/lock-held" "sqlite3's exclusive lock"
  RAINGAN_BUSY_TIMEOUT_MS=300 assert_status 5 "$RAINGAN" render progress-report --db "$TMP/locked.db" \
    --id $KEY -o "$TMP/d5.pdf"
  assert_contains "$(cat "$TMP/stderr")" "locked" "locked database"
  RAINGAN_BUSY_TIMEOUT_MS=300 assert_status 5 "$RAINGAN" batch progress-report --db "$TMP/locked.db" \
    --out-dir "$TMP/locked-out" -q
  assert_contains "$(cat "$TMP/stderr")" "locked" "locked database in batch"
  echo done >"$TMP/release"
  wait
  no_output "$TMP/d5.pdf" "locked database"
fi
finish
