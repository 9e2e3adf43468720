#!/usr/bin/env bash
# Archival copies (`render --archive`) signed with time-stamps and validation data
# stay PDF/A-1b (PDFBox Preflight, tests/preflight.sh) and are reported by
# `raingan verify` as signed, with the DSS updates as validation data, not as
# changes: once at B-LTA, five times at B-LT then time-stamped, and extended.
. "$top_srcdir/tests/sign_common.sh"
. "$top_srcdir/tests/pades_common.sh"
start_pki_server
make_pki
DB=$TMP/office.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 99; }
A=$TMP/a.pdf
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id 50310000-2961 --date 2023-05-01 --archive -o "$A"

# Once, B-LTA (signature time-stamp, DSS, document time-stamp).
assert_status 0 "$RAINGAN" sign "$A" --key "$PKI/signer.p12" --field writer --invisible --tsa "$BASE/tsa" \
  --level B-LTA -o "$TMP/once.pdf"
# Five times at B-LT, then a document time-stamp, then extended.
cp "$A" "$TMP/s0.pdf"
for i in 1 2 3 4 5; do
  assert_status 0 "$RAINGAN" sign "$TMP/s$((i - 1)).pdf" --key "$PKI/signer.p12" --field "role$i" --invisible \
    --tsa "$BASE/tsa" --level B-LT -o "$TMP/s$i.pdf"
done
assert_status 0 "$RAINGAN" timestamp "$TMP/s5.pdf" --tsa "$BASE/tsa" -o "$TMP/five.pdf"
assert_status 0 "$RAINGAN" timestamp "$TMP/five.pdf" --tsa "$BASE/tsa" -o "$TMP/five-ext.pdf"
assert_eq "$(sig_count "$TMP/five-ext.pdf") $(sig_valid "$TMP/five-ext.pdf")" "7 5" "five signatures, two time-stamps"

sh "$top_srcdir/tests/preflight.sh" "$TMP/once.pdf" "$TMP/s1.pdf" "$TMP/five.pdf" "$TMP/five-ext.pdf" \
  >"$TMP/preflight.out" 2>&1 || fail "PDFBox Preflight: $(cat "$TMP/preflight.out")"
assert_eq "$(grep -c ': valid PDF/A-1b$' "$TMP/preflight.out")" 4 "Preflight: every time-stamped archival copy valid"

# raingan verify: the copy still matches its record; every signature and
# time-stamp listed; the DSS updates are validation data, not changes.
for f in once five-ext; do
  assert_status 0 "$RAINGAN" verify "$TMP/$f.pdf" --db "$DB"
  out=$(cat "$TMP/stdout" "$TMP/stderr")
  assert_not_contains "$out" "changed after" "verify $f.pdf: nothing reported as changed"
done
assert_contains "$out" "Timestamp2" "verify lists the document time-stamps"
finish
