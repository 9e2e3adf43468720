#!/bin/sh
# `raingan verify` checks the file, not only the data: it lists each signature
# (signer, time, valid or not, what it covers) and reports every revision
# appended after the last signature as CHANGED (exit 8), naming what it
# touches. Tampering is done the way an editing tool does it, with an
# incremental update (tests/append_update.pl); pdfsig (poppler) is the oracle
# for validity and coverage. docs/archival.md, "The file".
. "$top_srcdir/tests/lib.sh"
for tool in openssl pdfsig qpdf perl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
unset SOURCE_DATE_EPOCH
APPEND="perl $top_srcdir/tests/append_update.pl"
DB=$TMP/office.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 1; }
A=$TMP/archive.pdf
"$RAINGAN" render progress-report --db "$DB" --id 50310000-2961 --date 2023-05-01 --archive -o "$A" ||
  { echo "render failed" >&2; exit 1; }

# Unsigned, as written.
assert_status 0 "$RAINGAN" verify "$A" --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "file: 1 revision, not signed" "unsigned archive"

# Signed twice: both listed, valid; only the second covers the whole file (as pdfsig says).
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Writer Test" \
  -keyout "$TMP/k.key" -out "$TMP/k.crt" 2>/dev/null
RAINGAN_P12_PASSWORD=pw; export RAINGAN_P12_PASSWORD
openssl pkcs12 -export -inkey "$TMP/k.key" -in "$TMP/k.crt" -out "$TMP/k.p12" -passout pass:pw
"$RAINGAN" sign "$A" --key "$TMP/k.p12" --field writer --invisible --date 2026-01-02T03:04:05Z -o "$TMP/s1.pdf" &&
"$RAINGAN" sign "$TMP/s1.pdf" --key "$TMP/k.p12" --field approver --invisible -o "$TMP/s2.pdf" ||
  { echo "sign failed" >&2; exit 1; }
S=$TMP/s2.pdf
assert_status 0 "$RAINGAN" verify "$S" --db "$DB"
out=$(cat "$TMP/stdout")
assert_contains "$out" "file: 3 revisions, 2 signatures" "counts"
assert_contains "$out" "signature 1 (field writer): signed by Writer Test at 2026-01-02 03:04:05 +00:00, valid; covers revisions 1-2 of 3 (bytes 0-" "first signature"
assert_contains "$out" "signature 2 (field approver): signed by Writer Test at " "second signature"
assert_contains "$out" "valid; covers the whole file ($(wc -c <"$S" | tr -d ' ') bytes)" "second covers all"
assert_contains "$out" "MATCHES" "data still matches"
assert_eq "$(pdfsig "$S" 2>/dev/null | grep -c '^  - Total document signed')" 1 "pdfsig: one signature covers the whole file"

# An appended revision changing the Info title: every signature stays valid
# (pdfsig), none covers the file, and verify says CHANGED naming it.
info=$(grep -a '/Info [0-9]* 0 R' "$S" | tail -1 | sed 's|.*/Info \([0-9]*\) 0 R.*|\1|')
$APPEND "$S" "$TMP/title.pdf" "$info" "<< /Title (Tampered title) /Producer (raingan) >>"
assert_eq "$(pdfsig "$TMP/title.pdf" 2>/dev/null | grep -c 'Signature is Valid')" 2 "pdfsig: signatures valid after the update"
assert_eq "$(pdfsig "$TMP/title.pdf" 2>/dev/null | grep -c 'Total document signed')" 0 "pdfsig: none covers the file"
assert_status 8 "$RAINGAN" verify "$TMP/title.pdf" --db "$DB"
out=$(cat "$TMP/stdout")
assert_contains "$out" "CHANGED: the file was changed after its last signature:" "title change found"
assert_contains "$out" "revision 4 of 4 (bytes $(wc -c <"$S" | tr -d ' ')-" "names the revision"
assert_contains "$out" "changes the document information (object $info: Title, Producer)" "names the Info dictionary"
assert_contains "$out" "signature 2 (field approver): signed by Writer Test" "signatures still listed"

# A page overlay (a white box over the title) in an appended revision.
page=$(qpdf --show-pages "$S" | sed -n 's/^page 1: \([0-9]*\) 0 R/\1/p')
content=$(qpdf --show-pages "$S" | sed -n '3s/^ *\([0-9]*\) 0 R/\1/p')
dict=$(qpdf --show-object="$page" "$S" | sed "s|/Contents $content 0 R|/Contents [ $content 0 R 900 0 R ]|")
box='q 1 1 1 rg 0 700 596 142 re f Q'
$APPEND "$S" "$TMP/overlay.pdf" 900 "<< /Length ${#box} >>
stream
$box
endstream" "$page" "$dict"
assert_eq "$(qpdf --check "$TMP/overlay.pdf" 2>&1 | grep -c WARNING)" 0 "the overlay file is well formed"
assert_status 8 "$RAINGAN" verify "$TMP/overlay.pdf" --db "$DB"
out=$(cat "$TMP/stdout")
assert_contains "$out" "changes page 1 (object $page), adds the content of page 1 (object 900)" "names the page"

# The same change to an unsigned archival copy.
$APPEND "$A" "$TMP/unsigned.pdf" "$info" "<< /Title (Tampered title) >>"
assert_status 8 "$RAINGAN" verify "$TMP/unsigned.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "CHANGED: the file was changed after it was written (it is not signed):" "unsigned, updated"

# A signed byte changed (in the binary comment after the header): the
# signatures are not valid (pdfsig: digest mismatch), exit 8.
cp "$S" "$TMP/flipped.pdf"
printf 'Z' | dd of="$TMP/flipped.pdf" bs=1 seek=11 conv=notrunc 2>/dev/null
assert_eq "$(pdfsig "$TMP/flipped.pdf" 2>/dev/null | grep -c 'Digest Mismatch')" 2 "pdfsig: both digests mismatch"
assert_status 8 "$RAINGAN" verify "$TMP/flipped.pdf" --db "$DB"
out=$(cat "$TMP/stdout")
assert_contains "$out" "signature 1 (field writer): signed by Writer Test at 2026-01-02 03:04:05 +00:00, NOT VALID: the signed bytes were changed" "first not valid"
assert_contains "$out" "signature 2 (field approver): signed by Writer Test" "second listed"
assert_not_contains "$out" ", valid;" "no signature valid"

# Validation data (PAdES B-LT: a /DSS added to the catalog, new objects only)
# appended after the last signature is listed, not CHANGED.
root=$(grep -a '/Root [0-9]* 0 R' "$S" | tail -1 | sed 's|.*/Root \([0-9]*\) 0 R.*|\1|')
catalog=$(qpdf --show-object="$root" "$S" | sed 's|^<<|<< /DSS 901 0 R|')
$APPEND "$S" "$TMP/dss.pdf" 901 "<< /Certs [ ] >>" "$root" "$catalog"
assert_status 0 "$RAINGAN" verify "$TMP/dss.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "revision 4 of 4 (bytes $(wc -c <"$S" | tr -d ' ')-" "DSS revision listed"
assert_contains "$(cat "$TMP/stdout")" "validation data added after the last signature: changes the document catalog (object $root), adds object 901" "DSS named"
# ... but not when the same revision also changes anything else in the catalog.
catalog=$(qpdf --show-object="$root" "$S" | sed 's|^<<|<< /DSS 901 0 R /OpenAction [ 4 0 R /Fit ]|')
$APPEND "$S" "$TMP/dss2.pdf" 901 "<< /Certs [ ] >>" "$root" "$catalog"
assert_status 8 "$RAINGAN" verify "$TMP/dss2.pdf" --db "$DB"

# A damaged file: one message, exit 3.
head -c 5000 "$S" >"$TMP/cut.pdf"
assert_status 3 "$RAINGAN" verify "$TMP/cut.pdf" --db "$DB"
finish
