#!/usr/bin/env bash
# PAdES levels against a real time-stamping authority, OCSP responder and CRL
# (OpenSSL's, on 127.0.0.1: tests/pki_server.py): `sign --tsa` (B-T), `--level
# B-LT` (the DSS), `--level B-LTA` and `raingan timestamp` (document
# time-stamps, extended twice). Each result is checked by tools raingan does not
# contain: pdfsig (signatures valid, time-stamps listed), `openssl ts -verify`
# (each token over the right bytes, chained to the test root), `openssl ocsp`
# and `openssl crl` (the DSS's answers genuine), qpdf.
. "$top_srcdir/tests/sign_common.sh"
. "$top_srcdir/tests/pades_common.sh"
start_pki_server
make_pki
"$MAKE_PDF" "$TMP/form.pdf" 2 || fail "make_test_pdf failed"
IN_SHA=$(sha "$TMP/form.pdf")

# ---- B-T: a signature time-stamp over the signature value ----
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$PKI/signer.p12" --tsa "$BASE/tsa" -o "$TMP/bt.pdf"
assert_eq "$(sig_count "$TMP/bt.pdf") $(sig_valid "$TMP/bt.pdf")" "1 1" "B-T: pdfsig lists one valid signature"
assert_eq "$(requests 'POST /tsa ')" 1 "B-T: one request to the TSA"
assert_eq "$(requests /ocsp)" 0 "B-T: no revocation data fetched"
assert_eq "$(dss_query "$TMP/bt.pdf" counts)" "0 0 0 0" "B-T: no DSS"
contents_of "$TMP/bt.pdf" 1 "$TMP/bt.cms"
signature_token "$TMP/bt.cms" "$TMP/bt.tst"
[ -s "$TMP/bt.tst" ] || fail "B-T: no id-aa-signatureTimeStampToken in the CMS"
out=$(ts_verify "$TMP/bt.tst" -digest "$(signature_value_sha256 "$TMP/bt.cms")")
assert_contains "$out" "Verification: OK" "B-T: openssl ts -verify of the token over the signature value"
out=$(ts_verify "$TMP/bt.tst" -digest "$(printf other | sha256sum | cut -d' ' -f1)")
assert_not_contains "$out" "Verification: OK" "B-T: the token does not verify over other data"
out=$(openssl ts -reply -token_in -in "$TMP/bt.tst" -token_out -text 2>&1)
assert_contains "$out" "Hash Algorithm: sha256" "B-T: SHA-256 imprint"
assert_contains "$out" "Nonce: 0x" "B-T: the request's nonce"
assert_contains "$(openssl cms -cmsout -print -inform DER -in "$TMP/bt.cms")" "signingCertificateV2" \
  "B-T: still CAdES (signing-certificate-v2)"

# ---- B-LT: chain, OCSP and CRL in the DSS, with a VRI entry ----
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$PKI/signer.p12" --tsa "$BASE/tsa" --level B-LT \
  --reason "archive" -o "$TMP/blt.pdf"
assert_eq "$(sig_count "$TMP/blt.pdf") $(sig_valid "$TMP/blt.pdf")" "1 1" "B-LT: one valid signature"
# signer, intermediate, root, TSA, OCSP responder; OCSP for the signer and the
# TSA (both under the intermediate); the root's CRL for the intermediate.
assert_eq "$(dss_query "$TMP/blt.pdf" counts)" "5 2 1 1" "B-LT: DSS certificates, OCSPs, CRLs, VRI entries"
contents_of "$TMP/blt.pdf" 1 "$TMP/blt.cms"
padded_key=$(grep -a -o '/Contents <[0-9A-F]*>' "$TMP/blt.pdf" | head -1 | sed 's/^\/Contents <//; s/>$//' |
  perl -ne 'chomp; print pack("H*", $_)' | sha1sum | cut -d' ' -f1 | tr a-f A-F)
assert_eq "$(dss_query "$TMP/blt.pdf" vri)" "$padded_key" "B-LT: the VRI key is the SHA-1 of the signature's /Contents"
for n in $(dss_query "$TMP/blt.pdf" streams OCSPs); do
  stream_of "$TMP/blt.pdf" "$n" "$TMP/ocsp.der"
  out=$(openssl ocsp -respin "$TMP/ocsp.der" -CAfile "$PKI/root.crt" -verify_other "$PKI/chain.pem" -resp_text 2>&1)
  assert_contains "$out" "Response verify OK" "B-LT: OCSP response $n verifies (openssl ocsp)"
  assert_contains "$out" "Cert Status: good" "B-LT: OCSP response $n says good"
done
for n in $(dss_query "$TMP/blt.pdf" streams CRLs); do
  stream_of "$TMP/blt.pdf" "$n" "$TMP/crl.der"
  out=$(openssl crl -inform DER -in "$TMP/crl.der" -CAfile "$PKI/root.crt" -noout 2>&1)
  assert_contains "$out" "verify OK" "B-LT: the CRL verifies (openssl crl)"
done
certs=""
for n in $(dss_query "$TMP/blt.pdf" streams Certs); do
  stream_of "$TMP/blt.pdf" "$n" "$TMP/cert.der"
  certs="$certs|$(openssl x509 -inform DER -in "$TMP/cert.der" -noout -subject -nameopt oneline 2>&1 | sed 's/.*CN = //; s/,.*//')"
done
for cn in "Test Signer" "raingan test intermediate CA" "raingan test root CA" "raingan test TSA" "raingan test OCSP responder"; do
  assert_contains "$certs" "|$cn" "B-LT: the DSS holds the certificate of $cn"
done
head -c "$(size "$TMP/bt.pdf")" "$TMP/blt.pdf" | cmp -s - "$TMP/bt.pdf" && fail "B-T and B-LT outputs should differ in their CMS"

# ---- B-LTA: a document time-stamp over everything ----
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$PKI/signer.p12" --tsa "$BASE/tsa" --level B-LTA -o "$TMP/blta.pdf"
out=$(pdfsig "$TMP/blta.pdf" 2>&1)
assert_eq "$(sig_count "$TMP/blta.pdf") $(sig_valid "$TMP/blta.pdf")" "2 1" \
  "B-LTA: pdfsig lists the signature (valid) and the document time-stamp"
assert_contains "$out" "Signature Field Name: Timestamp1" "B-LTA: the time-stamp field"
assert_contains "$out" "Signer Certificate Common Name: raingan test TSA" "B-LTA: the time-stamp is the TSA's"
assert_contains "$out" "Total document signed" "B-LTA: the time-stamp covers the whole file"
grep -a -q '/Type /DocTimeStamp' "$TMP/blta.pdf" || fail "B-LTA: no /Type /DocTimeStamp"
grep -a -q '/SubFilter /ETSI.RFC3161' "$TMP/blta.pdf" || fail "B-LTA: no /SubFilter /ETSI.RFC3161"
contents_of "$TMP/blta.pdf" 2 "$TMP/doc1.tst"
signed_bytes "$TMP/blta.pdf" 2 "$TMP/doc1.data"
assert_contains "$(ts_verify "$TMP/doc1.tst" -data "$TMP/doc1.data")" "Verification: OK" \
  "B-LTA: openssl ts -verify of the document time-stamp over its byte ranges"
assert_eq "$(size "$TMP/doc1.data")" "$(( $(size "$TMP/blta.pdf") - $(grep -a -o '/Contents <[0-9A-F]*>' "$TMP/blta.pdf" | tail -1 | wc -c) + 11 ))" \
  "B-LTA: the byte ranges are the whole file but the time-stamp's /Contents"

# ---- extending: raingan timestamp, twice ----
assert_status 0 "$RAINGAN" timestamp "$TMP/blta.pdf" --tsa "$BASE/tsa" -o "$TMP/ext1.pdf"
assert_status 0 "$RAINGAN" timestamp "$TMP/ext1.pdf" --tsa "$BASE/tsa" -o "$TMP/ext2.pdf"
out=$(pdfsig "$TMP/ext2.pdf" 2>&1)
assert_eq "$(sig_count "$TMP/ext2.pdf") $(sig_valid "$TMP/ext2.pdf")" "4 1" "extended twice: 1 signature + 3 time-stamps"
assert_contains "$out" "Signature Field Name: Timestamp3" "extended twice: Timestamp3"
# Each extension adds the previous time-stamp's validation data first.
assert_eq "$(dss_query "$TMP/ext1.pdf" counts)" "5 3 1 2" "first extension: VRI of the first time-stamp, its OCSP"
assert_eq "$(dss_query "$TMP/ext2.pdf" counts)" "5 4 1 3" "second extension: VRI of the second time-stamp"
for n in 2 3 4; do
  contents_of "$TMP/ext2.pdf" $n "$TMP/doc.tst"
  signed_bytes "$TMP/ext2.pdf" $n "$TMP/doc.data"
  assert_contains "$(ts_verify "$TMP/doc.tst" -data "$TMP/doc.data")" "Verification: OK" "time-stamp $n verifies"
done
for f in blta ext1; do
  head -c "$(size "$TMP/$f.pdf")" "$TMP/ext2.pdf" | cmp -s - "$TMP/$f.pdf" || fail "$f.pdf is not a prefix of ext2.pdf"
done
qpdf --check "$TMP/ext2.pdf" >/dev/null 2>&1 || fail "qpdf --check ext2.pdf"
# A time-stamp changed after the fact no longer verifies.
cp "$TMP/ext2.pdf" "$TMP/tampered.pdf"
flip_byte "$TMP/tampered.pdf" "$(( $(offset_of "$TMP/tampered.pdf" "/Type /DocTimeStamp") + 1 ))"
signed_bytes "$TMP/tampered.pdf" 4 "$TMP/doc.data"
contents_of "$TMP/tampered.pdf" 4 "$TMP/doc.tst"
assert_not_contains "$(ts_verify "$TMP/doc.tst" -data "$TMP/doc.data")" "Verification: OK" \
  "a byte changed in the last revision breaks the last time-stamp"
signed_bytes "$TMP/tampered.pdf" 2 "$TMP/doc.data"
contents_of "$TMP/tampered.pdf" 2 "$TMP/doc.tst"
assert_contains "$(ts_verify "$TMP/doc.tst" -data "$TMP/doc.data")" "Verification: OK" \
  "a byte changed in the last revision leaves the first time-stamp valid"

# ---- a B-B signature (self-signed key), time-stamped later ----
make_key plain ec "Plain Signer"
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/plain.p12" -o "$TMP/bb.pdf"
assert_status 0 "$RAINGAN" timestamp "$TMP/bb.pdf" --tsa "$BASE/tsa" -o "$TMP/bb-lta.pdf"
assert_eq "$(sig_count "$TMP/bb-lta.pdf") $(sig_valid "$TMP/bb-lta.pdf")" "2 1" "B-B then timestamp: valid, time-stamped"
# the self-signed certificate (no revocation data to give), nothing else
assert_eq "$(dss_query "$TMP/bb-lta.pdf" counts)" "1 0 0 1" "B-B then timestamp: the DSS holds the certificate"
# An unsigned form can be time-stamped too (proof it existed then).
assert_status 0 "$RAINGAN" timestamp "$TMP/form.pdf" --tsa "$BASE/tsa" -o "$TMP/form-ts.pdf"
assert_eq "$(sig_count "$TMP/form-ts.pdf")" 1 "unsigned form: one document time-stamp"
assert_eq "$(dss_query "$TMP/form-ts.pdf" counts)" "0 0 0 0" "unsigned form: no DSS yet"

# ---- five signers, each B-LT, then one document time-stamp ----
cp "$TMP/form.pdf" "$TMP/s0.pdf"
for i in 1 2 3 4 5; do
  assert_status 0 "$RAINGAN" sign "$TMP/s$((i - 1)).pdf" --key "$PKI/signer.p12" --tsa "$BASE/tsa" --level B-LT \
    --field "role$i" -o "$TMP/s$i.pdf"
done
assert_status 0 "$RAINGAN" timestamp "$TMP/s5.pdf" --tsa "$BASE/tsa" -o "$TMP/s5-lta.pdf"
assert_eq "$(sig_count "$TMP/s5-lta.pdf") $(sig_valid "$TMP/s5-lta.pdf")" "6 5" "five B-LT signatures and a time-stamp"
assert_eq "$(dss_query "$TMP/s5-lta.pdf" counts | cut -d' ' -f1,4)" "5 5" \
  "five signatures: certificates stored once, a VRI entry each"
assert_eq "$(sha "$TMP/form.pdf")" "$IN_SHA" "the input is never modified"
finish
