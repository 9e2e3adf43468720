# raingan sign on bad input: wrong or missing password, a password on the
# command line, expired and not-yet-valid certificates (warned, still signed),
# damaged, foreign and non-PDF input, an existing output, a reused field name.
# Each refusal: a clear message, a non-zero exit, no output file (nor any
# temporary left beside it), and the input unchanged.
. "$top_srcdir/tests/sign_common.sh"

make_key signer rsa "Test Signer"
mkdir "$TMP/out"
"$MAKE_PDF" "$TMP/form.pdf" 1 || fail "make_test_pdf failed"
input_sha=$(sha "$TMP/form.pdf")

# refused EXIT MESSAGE INPUT [ARGS...]: signing INPUT fails as described and
# writes nothing.
refused() {
  local status=$1 message=$2 input=$3 before
  shift 3
  before=$(sha "$input")
  assert_status "$status" "$RAINGAN" sign "$input" -o "$TMP/out/signed.pdf" "$@"
  assert_contains "$(cat "$TMP/stderr")" "$message" "message for [$*]"
  assert_contains "$(cat "$TMP/stderr")" "raingan sign: " "message prefix for [$*]"
  [ -e "$TMP/out/signed.pdf" ] && fail "output written for [$*]"
  [ -z "$(ls -A "$TMP/out")" ] || fail "files left in the output directory for [$*]: $(ls -A "$TMP/out")"
  assert_eq "$(sha "$input")" "$before" "input unchanged for [$*]"
}

# Passwords.
RAINGAN_P12_PASSWORD=wrong refused 3 "wrong password" "$TMP/form.pdf" --key "$TMP/signer.p12"
(unset RAINGAN_P12_PASSWORD; refused 2 "set RAINGAN_P12_PASSWORD or use --password-file" "$TMP/form.pdf" \
  --key "$TMP/signer.p12"; [ "$FAILURES" = 0 ]) || FAILURES=$((FAILURES + 1))
refused 2 "--password is not accepted" "$TMP/form.pdf" --key "$TMP/signer.p12" --password test-secret
refused 2 "--password is not accepted" "$TMP/form.pdf" --key "$TMP/signer.p12" --password=test-secret
printf 'test-secret\n' >"$TMP/pass.txt"
chmod 600 "$TMP/pass.txt"
printf 'not-it\n' >"$TMP/wrong.txt"
refused 3 "wrong password" "$TMP/form.pdf" --key "$TMP/signer.p12" --password-file "$TMP/wrong.txt"
refused 4 "cannot open password file" "$TMP/form.pdf" --key "$TMP/signer.p12" --password-file "$TMP/none.txt"
(unset RAINGAN_P12_PASSWORD
 assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" --password-file "$TMP/pass.txt" \
   -o "$TMP/by-file.pdf"
 assert_eq "$(sig_valid "$TMP/by-file.pdf")" 1 "signed with --password-file"
 [ "$FAILURES" = 0 ]) || FAILURES=$((FAILURES + 1))

# Key files.
refused 3 "not a PKCS#12" "$TMP/form.pdf" --key "$TMP/form.pdf"
refused 4 "cannot open" "$TMP/form.pdf" --key "$TMP/missing.p12"
refused 2 "--key KEY.p12 is required" "$TMP/form.pdf"
# A key file in the old RC2 encryption (older exporters): read through OpenSSL's legacy provider.
openssl pkcs12 -export -legacy -inkey "$TMP/signer.key" -in "$TMP/signer.crt" -out "$TMP/legacy.p12" \
  -passout pass:"$RAINGAN_P12_PASSWORD" 2>/dev/null || fail "cannot make a legacy PKCS#12 file"
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/legacy.p12" -o "$TMP/legacy.pdf"
assert_eq "$(sig_valid "$TMP/legacy.pdf")" 1 "signed with a legacy-encrypted PKCS#12 file"
RAINGAN_P12_PASSWORD=wrong refused 3 "wrong password" "$TMP/form.pdf" --key "$TMP/legacy.p12"
# Key types other than RSA and EC are refused before anything is signed.
openssl genpkey -algorithm ED25519 -out "$TMP/ed.key" 2>/dev/null
openssl req -x509 -key "$TMP/ed.key" -out "$TMP/ed.crt" -days 3 -subj "/CN=Edwards" 2>/dev/null
openssl pkcs12 -export -inkey "$TMP/ed.key" -in "$TMP/ed.crt" -out "$TMP/ed.p12" -passout pass:"$RAINGAN_P12_PASSWORD" ||
  fail "cannot make an Ed25519 PKCS#12 file"
refused 3 "the key is of type ED25519; raingan signs with RSA or EC" "$TMP/form.pdf" --key "$TMP/ed.p12"

# Damaged and foreign input.
head -c $(($(size "$TMP/form.pdf") - 30)) "$TMP/form.pdf" >"$TMP/truncated.pdf"
refused 3 "damaged PDF" "$TMP/truncated.pdf" --key "$TMP/signer.p12"
head -c 700 "$TMP/form.pdf" >"$TMP/half.pdf"
refused 3 "damaged PDF: no startxref" "$TMP/half.pdf" --key "$TMP/signer.p12"
echo "Dear colleagues, ..." >"$TMP/letter.pdf"
refused 3 "not a PDF file" "$TMP/letter.pdf" --key "$TMP/signer.p12"
refused 4 "cannot open" "$TMP/nothing.pdf" --key "$TMP/signer.p12"
# An xref offset pointing to the wrong place (same length, so the rest stays right).
perl -pe 's/^0000000015 00000 n/0000000016 00000 n/' "$TMP/form.pdf" >"$TMP/badxref.pdf"
cmp -s "$TMP/form.pdf" "$TMP/badxref.pdf" && fail "badxref.pdf not damaged"
refused 3 "damaged PDF: object 1 is not where" "$TMP/badxref.pdf" --key "$TMP/signer.p12"
qpdf --object-streams=generate "$TMP/form.pdf" "$TMP/objstm.pdf"
refused 3 "cross-reference streams" "$TMP/objstm.pdf" --key "$TMP/signer.p12"
perl -pe 's/Haru Free PDF Library 2\.3\.0/Acme Office Writer 9.99.999/' "$TMP/form.pdf" >"$TMP/foreign.pdf"
refused 3 "not written by raingan (Producer: Acme Office Writer" "$TMP/foreign.pdf" --key "$TMP/signer.p12"
assert_status 0 "$RAINGAN" sign "$TMP/foreign.pdf" --key "$TMP/signer.p12" --allow-foreign -o "$TMP/foreign-signed.pdf"
assert_eq "$(sig_valid "$TMP/foreign-signed.pdf")" 1 "foreign PDF signed with --allow-foreign"

# Outputs: never the input, never over an existing file without --force.
echo "keep me" >"$TMP/out/exists.pdf"
assert_status 4 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" -o "$TMP/out/exists.pdf"
assert_contains "$(cat "$TMP/stderr")" "exists; use --force" "existing output message"
assert_eq "$(cat "$TMP/out/exists.pdf")" "keep me" "existing output untouched"
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" -o "$TMP/out/exists.pdf" --force
assert_eq "$(sig_valid "$TMP/out/exists.pdf")" 1 "existing output replaced with --force"
rm "$TMP/out/exists.pdf"
cp "$TMP/form.pdf" "$TMP/out/same.pdf"
assert_status 2 "$RAINGAN" sign "$TMP/out/same.pdf" --key "$TMP/signer.p12" -o "$TMP/out/same.pdf" --force
assert_contains "$(cat "$TMP/stderr")" "must not be the input" "output = input message"
assert_eq "$(sha "$TMP/out/same.pdf")" "$input_sha" "input kept when given as output"
rm "$TMP/out/same.pdf"
refused 4 "cannot create output file" "$TMP/form.pdf" --key "$TMP/signer.p12" -o "$TMP/no/such/dir/x.pdf"

# Fields and boxes.
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" --field writer -o "$TMP/writer.pdf"
refused 3 "already has a field named 'writer'" "$TMP/writer.pdf" --key "$TMP/signer.p12" --field writer
refused 3 "page 2 does not exist (the PDF has 1 page)" "$TMP/form.pdf" --key "$TMP/signer.p12" --box 2,10,10,100,40
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" --box 1,500,800,210,100 -o "$TMP/off-page.pdf"
assert_contains "$(cat "$TMP/stderr")" "the signature box (500,800 210x100 points) is not inside page 1 (595x842 points)" \
  "box off the page warned"
assert_eq "$(sig_valid "$TMP/off-page.pdf")" 1 "box off the page still signed"
refused 2 "--box 1,10,10,0,40" "$TMP/form.pdf" --key "$TMP/signer.p12" --box 1,10,10,0,40
refused 2 "--date yesterday" "$TMP/form.pdf" --key "$TMP/signer.p12" --date yesterday

# Certificate dates: warned, still signed. An expired certificate, made with
# `openssl ca` (which, unlike `req -x509` in OpenSSL 3.0, takes a start date).
cat >"$TMP/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = $TMP/index.txt
new_certs_dir = $TMP
serial = $TMP/serial
default_md = sha256
policy = any_name
[any_name]
commonName = supplied
CNF
: >"$TMP/index.txt"
echo 01 >"$TMP/serial"
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=Expired Signer" -keyout "$TMP/old.key" \
  -out "$TMP/old.csr" 2>/dev/null
openssl ca -batch -config "$TMP/ca.cnf" -selfsign -keyfile "$TMP/old.key" -in "$TMP/old.csr" \
  -out "$TMP/old.crt" -startdate 20200101000000Z -enddate 20210101000000Z >/dev/null 2>&1 ||
  fail "openssl ca could not make the expired certificate"
openssl pkcs12 -export -inkey "$TMP/old.key" -in "$TMP/old.crt" -out "$TMP/old.p12" \
  -passout pass:"$RAINGAN_P12_PASSWORD"
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/old.p12" -o "$TMP/expired.pdf"
assert_contains "$(cat "$TMP/stderr")" "raingan: warning:" "expired certificate warned"
assert_contains "$(cat "$TMP/stderr")" "expired on 2021-01-01" "expiry date in the warning"
assert_eq "$(sig_valid "$TMP/expired.pdf")" 1 "signature with an expired certificate"
assert_contains "$(pdfsig "$TMP/expired.pdf" 2>&1)" "Certificate has Expired" "pdfsig sees the expiry"
# A claimed signing time before the certificate's start: warned; /M carries the time.
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" --date 2026-01-02T03:04:05Z \
  -o "$TMP/dated.pdf"
assert_contains "$(cat "$TMP/stderr")" "is not valid before" "not-yet-valid certificate warned"
assert_contains "$(pdfsig "$TMP/dated.pdf" 2>&1)" "Signing Time: Jan 02 2026 03:04:05" "--date in /M"
SOURCE_DATE_EPOCH=1700000000 assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" \
  -o "$TMP/epoch.pdf"
assert_contains "$(pdfsig "$TMP/epoch.pdf" 2>&1)" "Signing Time: Nov 14 2023 22:13:20" "SOURCE_DATE_EPOCH in /M"
assert_eq "$(sha "$TMP/form.pdf")" "$input_sha" "input unchanged at the end"

# `raingan sign` runs the signing program beside it (build tree) or in
# libexec (installed): a copy without it says so and writes nothing.
mkdir "$TMP/alone"
cp "$RAINGAN" "$TMP/alone/raingan"
assert_status 4 "$TMP/alone/raingan" sign "$TMP/form.pdf" --key "$TMP/signer.p12" -o "$TMP/alone.pdf"
assert_contains "$(cat "$TMP/stderr")" "raingan sign: cannot run the signing program $TMP/alone/raingan-sign" \
  "a missing signing program is named"
[ ! -e "$TMP/alone.pdf" ] || fail "nothing written without the signing program"
assert_eq "$(ldd "$RAINGAN" | grep -c libcrypto)" 0 "raingan itself does not load OpenSSL"

finish
