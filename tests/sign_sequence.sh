# raingan sign: one, two and five signatures in sequence (writer, proposer,
# reviewer, endorser, approver), each checked by poppler's pdfsig as an
# independent verifier; earlier signatures stay valid, the input is never
# touched, qpdf finds the files clean, and a changed byte is detected.
. "$top_srcdir/tests/sign_common.sh"

make_key writer rsa "Somchai Writer"
make_key approver ec "Approver EC"
"$MAKE_PDF" "$TMP/form.pdf" 2 || fail "make_test_pdf failed"
input_sha=$(sha "$TMP/form.pdf")

# One invisible signature.
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/writer.p12" --field writer \
  --reason "Prepared the report" --location Bangkok -o "$TMP/one.pdf"
assert_eq "$(sig_count "$TMP/one.pdf")" 1 "signatures in one.pdf"
assert_eq "$(sig_valid "$TMP/one.pdf")" 1 "valid signatures in one.pdf"
out=$(pdfsig "$TMP/one.pdf" 2>&1)
assert_contains "$out" "Signature Field Name: writer" "field name"
assert_contains "$out" "Signer Certificate Common Name: Somchai Writer" "signer"
assert_contains "$out" "Signature Type: ETSI.CAdES.detached" "sub-filter"
assert_contains "$out" "Signing Hash Algorithm: SHA-256" "digest"
assert_contains "$out" "Total document signed" "byte range covers the whole file"
assert_eq "$(sha "$TMP/form.pdf")" "$input_sha" "input unchanged"
cmp -s -n "$(size "$TMP/form.pdf")" "$TMP/form.pdf" "$TMP/one.pdf" || fail "one.pdf does not start with the input bytes"
qpdf --check "$TMP/one.pdf" >"$TMP/qpdf.out" 2>&1 || fail "qpdf --check one.pdf: $(cat "$TMP/qpdf.out")"
assert_contains "$(cat "$TMP/qpdf.out")" "No syntax or stream encoding errors" "qpdf check"

# The CMS: CAdES attributes, no signing-time (PAdES puts the time in /M).
last_cms "$TMP/one.pdf" "$TMP/one.der"
cms=$(openssl cms -cmsout -print -inform DER -in "$TMP/one.der" 2>&1)
assert_contains "$cms" "signingCertificateV2" "signing-certificate-v2 attribute"
assert_contains "$cms" "messageDigest" "message-digest attribute"
assert_not_contains "$cms" "signingTime" "no signing-time attribute"

# A second signature, visible, with an EC key, keeps the first valid.
assert_status 0 "$RAINGAN" sign "$TMP/one.pdf" --key "$TMP/approver.p12" --field approver \
  --box 2,320,60,220,70 -o "$TMP/two.pdf"
assert_eq "$(sig_count "$TMP/two.pdf")" 2 "signatures in two.pdf"
assert_eq "$(sig_valid "$TMP/two.pdf")" 2 "valid signatures in two.pdf"
cmp -s -n "$(size "$TMP/one.pdf")" "$TMP/one.pdf" "$TMP/two.pdf" || fail "two.pdf does not start with one.pdf"

# Five in sequence, as the development plan's roles sign it.
cp "$TMP/form.pdf" "$TMP/s0.pdf"
n=0
for role in writer proposer reviewer endorser approver; do
  key=writer; [ "$role" = approver ] && key=approver
  assert_status 0 "$RAINGAN" sign "$TMP/s$n.pdf" --key "$TMP/$key.p12" --field "$role" \
    --reason "Signed as $role" --box "2,$((30 + n * 108)),60,100,50" -o "$TMP/s$((n + 1)).pdf"
  n=$((n + 1))
  assert_eq "$(sig_count "$TMP/s$n.pdf")" "$n" "signatures after $role"
  assert_eq "$(sig_valid "$TMP/s$n.pdf")" "$n" "valid signatures after $role"
done
names=$(pdfsig "$TMP/s5.pdf" 2>&1 | sed -n 's/.*Signature Field Name: //p' | tr '\n' ' ')
assert_eq "$names" "writer proposer reviewer endorser approver " "field names in order"
qpdf --check "$TMP/s5.pdf" >"$TMP/qpdf.out" 2>&1 || fail "qpdf --check s5.pdf: $(cat "$TMP/qpdf.out")"
assert_eq "$(sha "$TMP/form.pdf")" "$input_sha" "input unchanged after five signatures"

# The boxes' text is drawn as glyph outlines (docs/signing.md), not as text:
# a reader extracts none of it, no font is added, and each appearance holds
# one filled outline per character of its lines (no ligature in them).
assert_not_contains "$(pdftotext "$TMP/s5.pdf" -)" "Digitally signed" "the boxes' text is not text"
assert_eq "$(pdftotext "$TMP/s5.pdf" -)" "$(pdftotext "$TMP/form.pdf" -)" "the text of the signed file"
assert_eq "$(pdffonts "$TMP/s5.pdf" 2>&1)" "$(pdffonts "$TMP/form.pdf" 2>&1)" "no font added by five boxes"
ap=$(grep -a -o '/AP << /N [0-9]* 0 R' "$TMP/s5.pdf" | head -1 | cut -d' ' -f4)
qpdf --show-object="$ap" --filtered-stream-data "$TMP/s5.pdf" >"$TMP/ap.txt" 2>/dev/null
assert_not_contains "$(cat "$TMP/ap.txt")" "Tf" "no font in the writer's box"
chars=$(printf '%s' "Digitally signed by Somchai Writer" "Date: 2026-01-01 00:00:00 UTC" "Reason: Signed as writer" | tr -d ' ' | wc -c)
assert_eq "$(grep -c '^f Q$' "$TMP/ap.txt")" "$((chars))" "glyph outlines in the writer's box"

# The visible boxes are drawn where asked (page 2), and nothing else moved:
# 72 dpi renders, so a pixel is a point; y counted from the top of A4 (842).
render() { pdftoppm -r 72 -gray -f 2 -l 2 -x "$2" -y "$3" -W "$4" -H "$5" "$1" >"$6"; }
render "$TMP/form.pdf" 30 732 100 50 "$TMP/box-before.pgm"
render "$TMP/s5.pdf" 30 732 100 50 "$TMP/box-after.pgm"
cmp -s "$TMP/box-before.pgm" "$TMP/box-after.pgm" && fail "the writer's signature box is not drawn on page 2"
render "$TMP/form.pdf" 0 0 595 600 "$TMP/top-before.pgm"
render "$TMP/s5.pdf" 0 0 595 600 "$TMP/top-after.pgm"
cmp -s "$TMP/top-before.pgm" "$TMP/top-after.pgm" || fail "signing changed the page outside the boxes"

# Any byte changed after signing is detected: in the first revision all five
# signatures break; in the last revision only the last; in the CMS itself too.
cp "$TMP/s5.pdf" "$TMP/t1.pdf"
flip_byte "$TMP/t1.pdf" "$(offset_of "$TMP/t1.pdf" 'Signing test form')"
cmp -s "$TMP/s5.pdf" "$TMP/t1.pdf" && fail "flip_byte changed nothing"
assert_eq "$(sig_valid "$TMP/t1.pdf")" 0 "valid signatures after a change in the first revision"
assert_eq "$(sig_mismatch "$TMP/t1.pdf")" 5 "digest mismatches after a change in the first revision"
cp "$TMP/s5.pdf" "$TMP/t2.pdf"
flip_byte "$TMP/t2.pdf" "$(offset_of "$TMP/t2.pdf" 'Signed as approver')"
assert_eq "$(sig_valid "$TMP/t2.pdf")" 4 "valid signatures after a change in the last revision"
assert_eq "$(sig_mismatch "$TMP/t2.pdf")" 1 "digest mismatches after a change in the last revision"
cp "$TMP/s5.pdf" "$TMP/t3.pdf"
# A digit in the signature value, the last bytes of the DER (30 82 LL LL ...).
contents=$(offset_of "$TMP/t3.pdf" '/Contents <')
der_len=$(dd if="$TMP/t3.pdf" bs=1 skip=$((contents + 15)) count=4 2>/dev/null | perl -ne 'print 4 + hex($_)')
change_hex_digit "$TMP/t3.pdf" $((contents + 11 + 2 * (der_len - 10)))
cmp -s "$TMP/s5.pdf" "$TMP/t3.pdf" && fail "no byte of the last CMS changed"
assert_eq "$(sig_valid "$TMP/t3.pdf")" 4 "valid signatures after a change in the last CMS"

# A PDF written by raingan itself (embedded, subset Thai fonts): the proof
# page, when this build has the command.
if "$RAINGAN" proof --help >/dev/null 2>&1; then
  assert_status 0 "$RAINGAN" proof -o "$TMP/proof.pdf"
  assert_contains "$(pdfinfo "$TMP/proof.pdf" 2>&1)" "Producer:        raingan" "proof PDF producer"
  pages=$(pdfinfo "$TMP/proof.pdf" | sed -n 's/^Pages: *//p')
  assert_status 0 "$RAINGAN" sign "$TMP/proof.pdf" --key "$TMP/writer.p12" --field writer -o "$TMP/proof1.pdf"
  assert_status 0 "$RAINGAN" sign "$TMP/proof1.pdf" --key "$TMP/approver.p12" --field approver \
    --box "$pages,320,60,220,70" -o "$TMP/proof2.pdf"
  assert_eq "$(sig_valid "$TMP/proof2.pdf")" 2 "valid signatures on raingan's own PDF"
  qpdf --check "$TMP/proof2.pdf" >"$TMP/qpdf.out" 2>&1 || fail "qpdf --check proof2.pdf: $(cat "$TMP/qpdf.out")"
  pdftotext "$TMP/proof.pdf" "$TMP/proof.txt"
  pdftotext "$TMP/proof1.pdf" "$TMP/proof1.txt"
  cmp -s "$TMP/proof.txt" "$TMP/proof1.txt" || fail "an invisible signature changed the text of raingan's PDF"
  pdftoppm -r 72 -gray -f "$pages" -l "$pages" -x 320 -y $((842 - 130)) -W 220 -H 70 "$TMP/proof1.pdf" >"$TMP/pb.pgm"
  pdftoppm -r 72 -gray -f "$pages" -l "$pages" -x 320 -y $((842 - 130)) -W 220 -H 70 "$TMP/proof2.pdf" >"$TMP/pa.pgm"
  [ "$(dark_pixels "$TMP/pa.pgm")" -gt $(($(dark_pixels "$TMP/pb.pgm") + 300)) ] ||
    fail "visible box not drawn on raingan's PDF"
  assert_eq "$(pdffonts "$TMP/proof2.pdf" 2>&1)" "$(pdffonts "$TMP/proof.pdf" 2>&1)" "no font added to raingan's PDF"
fi

finish
