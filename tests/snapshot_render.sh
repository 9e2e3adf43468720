#!/bin/sh
# One snapshot per document (issue 11): archival copies rendered while
# imports keep replacing the record with one of two versions. Every copy
# must print wholly one version (its project name and its progress entry
# both A or both B) and its stamp must verify MATCHES against a database
# holding that version and CHANGED against the other: what is printed and
# what is stamped are one state of the data. Each render pauses 150 ms
# between reading the document and reading its stamp (a test hook in
# render_job.c), where an import would commit if they were not one snapshot.
. "$top_srcdir/tests/lib.sh"
command -v pdftotext >/dev/null 2>&1 || { echo "FAIL: pdftotext is not installed" >&2; exit 1; }
unset SOURCE_DATE_EPOCH
ID=50310000-2961
DB=$TMP/office.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 1; }
"$RAINGAN" export --db "$DB" --id $ID -o "$TMP/record.json"
# Two versions differing in two tables: the project's own row and a progress entry.
sed 's/(ITA)",/(ITA) MARKA1",/; s/จำนวน 53 ราย/จำนวน 53 ราย MARKA2/' "$TMP/record.json" >"$TMP/a.json"
sed 's/(ITA)",/(ITA) MARKB1",/; s/จำนวน 53 ราย/จำนวน 53 ราย MARKB2/' "$TMP/record.json" >"$TMP/b.json"
[ "$(grep -c MARKA "$TMP/a.json")" = 2 ] || { echo "FAIL: the test's edit did not apply" >&2; exit 1; }
cp "$DB" "$TMP/only-a.db"; "$RAINGAN" import --db "$TMP/only-a.db" "$TMP/a.json" >/dev/null
cp "$DB" "$TMP/only-b.db"; "$RAINGAN" import --db "$TMP/only-b.db" "$TMP/b.json" >/dev/null
"$RAINGAN" import --db "$DB" "$TMP/a.json" >/dev/null

# Imports alternate A and B until told to stop.
(
  while [ ! -e "$TMP/stop" ]; do
    "$RAINGAN" import --db "$DB" "$TMP/b.json" >/dev/null 2>>"$TMP/import-errors"
    "$RAINGAN" import --db "$DB" "$TMP/a.json" >/dev/null 2>>"$TMP/import-errors"
  done
) &
importer=$!
seen_a=0 seen_b=0
i=0
while [ $i -lt 16 ]; do
  i=$((i + 1))
  pdf=$TMP/copy-$i.pdf
  if ! RAINGAN_TEST_SNAPSHOT_PAUSE_MS=150 "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 --archive -o "$pdf" \
       2>"$TMP/render-err"; then
    fail "render $i: $(cat "$TMP/render-err")"
    continue
  fi
  text=$(pdftotext "$pdf" - | tr -d '\n ')
  a=$(printf %s "$text" | grep -o 'MARKA[12]' | sort -u | tr -d '\n')
  b=$(printf %s "$text" | grep -o 'MARKB[12]' | sort -u | tr -d '\n')
  case "$a/$b" in
    MARKA1MARKA2/) version=a; seen_a=$((seen_a + 1)) ;;
    /MARKB1MARKB2) version=b; seen_b=$((seen_b + 1)) ;;
    *) fail "copy $i prints parts of both versions: [$a] [$b]"; continue ;;
  esac
  other=b; [ $version = b ] && other=a
  assert_status 0 "$RAINGAN" verify "$pdf" --db "$TMP/only-$version.db"
  assert_contains "$(cat "$TMP/stdout")" "MATCHES" "copy $i (version $version) verifies against its version"
  assert_status 8 "$RAINGAN" verify "$pdf" --db "$TMP/only-$other.db"
done
touch "$TMP/stop"
wait $importer
echo "copies: $seen_a of version A, $seen_b of version B"
[ $seen_a -gt 0 ] && [ $seen_b -gt 0 ] || fail "the imports did not alternate during the renders"
[ -s "$TMP/import-errors" ] && echo "import messages (busy waits are allowed): $(head -3 "$TMP/import-errors")"
finish
