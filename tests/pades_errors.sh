#!/usr/bin/env bash
# PAdES refusals (tests/pki_server.py on 127.0.0.1): a revoked signer, a TSA
# answering another request, a TSA answering HTML, an unreachable TSA or OCSP
# responder, a chain that cannot be completed, bad options. (A token signed by a
# certificate not meant for time-stamping is refused too, but `openssl ts -reply`
# will not make one.) Each: its message, its exit status, no output
# file, no temporary file, the input unchanged.
. "$top_srcdir/tests/sign_common.sh"
. "$top_srcdir/tests/pades_common.sh"
start_pki_server
make_pki
"$MAKE_PDF" "$TMP/form.pdf" 1 || fail "make_test_pdf failed"
IN_SHA=$(sha "$TMP/form.pdf")
mkdir "$TMP/out"

# refused STATUS MESSAGE COMMAND...: exit status, message, nothing written.
refused() {
  local status=$1 message=$2; shift 2
  assert_status "$status" "$@"
  assert_contains "$(cat "$TMP/stderr")" "$message" "message of [$*]"
  assert_eq "$(ls -A "$TMP/out")" "" "nothing written by [$*]"
  assert_eq "$(sha "$TMP/form.pdf")" "$IN_SHA" "input unchanged by [$*]"
}
sign() { "$RAINGAN" sign "$TMP/form.pdf" -o "$TMP/out/signed.pdf" "$@"; }
refused 3 "the certificate of 'Revoked Signer' was revoked on " \
  sign --key "$PKI/revoked.p12" --tsa "$BASE/tsa" --level B-LT
assert_contains "$(cat "$TMP/stderr")" "(keyCompromise), says the OCSP responder at $BASE/ocsp" "revocation: reason and source"
refused 3 "the time-stamp from $BASE/tsa-wrong does not answer our request: message imprint mismatch" \
  sign --key "$PKI/signer.p12" --tsa "$BASE/tsa-wrong"
refused 3 "the time-stamping authority at $BASE/tsa-garbage did not answer with a time-stamp response (36 bytes of text/html)" \
  sign --key "$PKI/signer.p12" --tsa "$BASE/tsa-garbage"
refused 4 "the time-stamping authority at $BASE/nowhere answered HTTP status 404" \
  sign --key "$PKI/signer.p12" --tsa "$BASE/nowhere"
# A port nobody listens on: the server's, once it has stopped.
DEAD="http://127.0.0.1:$PORT"
refused 2 "--level B-LTA needs a time-stamping authority: --tsa URL" sign --key "$PKI/signer.p12" --level B-LTA
refused 2 "--level x: expected B-B, B-T, B-LT or B-LTA" sign --key "$PKI/signer.p12" --level x --tsa "$BASE/tsa"
refused 2 "file:///etc/passwd: the time-stamping authority must be an http:// or https:// URL" \
  sign --key "$PKI/signer.p12" --tsa file:///etc/passwd
refused 2 "--tsa URL is required" "$RAINGAN" timestamp "$TMP/form.pdf" -o "$TMP/out/t.pdf"
refused 2 "--key is an option of \`raingan sign\`, not of \`raingan timestamp\`" \
  "$RAINGAN" timestamp "$TMP/form.pdf" --key "$PKI/signer.p12" --tsa "$BASE/tsa" -o "$TMP/out/t.pdf"

# A PKCS#12 file without the chain, and a B-B signature (no time-stamp token, whose
# certificates would complete it): the intermediate is missing until --certs gives it.
openssl pkcs12 -export -inkey "$PKI/signer.key" -in "$PKI/signer.crt" -out "$TMP/alone.p12" \
  -passout pass:"$RAINGAN_P12_PASSWORD" || fail "cannot make alone.p12"
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/alone.p12" -o "$TMP/alone-bb.pdf"
refused 3 "signature 'Signature1': the certificate that issued 'Test Signer' (/CN=raingan test intermediate CA/O=raingan tests) is not known" \
  "$RAINGAN" timestamp "$TMP/alone-bb.pdf" --tsa "$BASE/tsa" -o "$TMP/out/t.pdf"
assert_contains "$(cat "$TMP/stderr")" "give it with --certs FILE.pem" "missing issuer: what to do"
assert_status 0 "$RAINGAN" timestamp "$TMP/alone-bb.pdf" --tsa "$BASE/tsa" --certs "$PKI/inter.crt" --certs "$PKI/root.crt" \
  -o "$TMP/alone-lta.pdf"
assert_eq "$(dss_query "$TMP/alone-lta.pdf" counts)" "4 1 1 1" \
  "--certs completes the chain (signer, intermediate, root, and the OCSP responder)"

# Time-stamping a signed file when the TSA or the OCSP responder is gone.
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$PKI/signer.p12" --tsa "$BASE/tsa" -o "$TMP/bt.pdf"
BT_SHA=$(sha "$TMP/bt.pdf")
stop_pki_server
refused 4 "cannot reach the OCSP responder at $DEAD/ocsp" \
  "$RAINGAN" timestamp "$TMP/bt.pdf" --tsa "$BASE/tsa" -o "$TMP/out/t.pdf"
assert_contains "$(cat "$TMP/stderr")" "raingan timestamp: $TMP/bt.pdf: signature 'Signature1': " "the signature is named"
refused 4 "cannot reach the time-stamping authority at $DEAD/tsa" sign --key "$PKI/signer.p12" --tsa "$DEAD/tsa"
# Without validation data to gather (a B-B signature made with a self-signed key), only the TSA is asked.
make_key plain ec "Plain Signer"
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/plain.p12" -o "$TMP/bb.pdf"
refused 4 "cannot reach the time-stamping authority at $DEAD/tsa" \
  "$RAINGAN" timestamp "$TMP/bb.pdf" --tsa "$DEAD/tsa" -o "$TMP/out/t.pdf"
assert_eq "$(sha "$TMP/bt.pdf")" "$BT_SHA" "the signed input is unchanged"
assert_eq "$(ls -A "$TMP" | grep -c '^\.raingan\|\.tmp' || true)" 0 "no temporary file left"
finish
