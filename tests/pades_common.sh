# Shared by the tests/pades_*.sh scripts (after sign_common.sh): a test CA
# chain made with `openssl ca`, and the local TSA / OCSP / CRL server
# (tests/pki_server.py) on 127.0.0.1, started and killed here.
#
#   root CA (self-signed; its CRL at /root.crl)
#   └─ intermediate CA (checked by the root's CRL; its certificates by OCSP at /ocsp)
#      ├─ signer          (digitalSignature, nonRepudiation)       signer.p12 (with the chain)
#      ├─ revoked signer  (revoked in the intermediate's index)     revoked.p12
#      ├─ TSA             (extendedKeyUsage critical timeStamping)
#      └─ OCSP responder  (extendedKeyUsage OCSPSigning, ocsp-nocheck)
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
PKI="$TMP/pki"
SERVER_PID=
stop_pki_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=; fi
}
trap 'stop_pki_server; rm -rf "$TMP"' EXIT

# start_pki_server: the server on a free port of 127.0.0.1 (at most 10 minutes);
# sets PORT and BASE (http://127.0.0.1:PORT).
start_pki_server() {
  mkdir -p "$PKI"
  timeout 600 python3 "$top_srcdir/tests/pki_server.py" "$PKI" "$PKI/port" &
  SERVER_PID=$!
  local i
  for i in $(seq 1 100); do [ -s "$PKI/port" ] && break; sleep 0.1; done
  [ -s "$PKI/port" ] || { echo "the test PKI server did not start" >&2; exit 99; }
  PORT=$(cat "$PKI/port")
  BASE="http://127.0.0.1:$PORT"
}

# ca_config NAME: an `openssl ca` configuration for the CA in $PKI/NAME.
ca_config() {
  local name=$1
  mkdir -p "$PKI/$name/new"
  : >"$PKI/$name/index.txt"
  echo 1000 >"$PKI/$name/serial"
  echo 1000 >"$PKI/$name/crlnumber"
  cat >"$PKI/$name.cnf" <<CNF
[ ca ]
default_ca = this
[ this ]
dir = $PKI/$name
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
crlnumber = \$dir/crlnumber
certificate = $PKI/$name.crt
private_key = $PKI/$name.key
default_md = sha256
default_days = 30
default_crl_days = 7
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
[ v3_inter ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$BASE/root.crl
[ v3_signer ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:$BASE/ocsp
[ v3_tsa ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:$BASE/ocsp
[ v3_ocsp ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
}

# issue CA NAME "CN" EXTENSIONS: $PKI/NAME.key and NAME.crt, issued by CA.
issue() {
  local ca=$1 name=$2 cn=$3 ext=$4
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$cn/O=raingan tests" \
    -keyout "$PKI/$name.key" -out "$PKI/$name.csr" 2>/dev/null &&
  openssl ca -batch -config "$PKI/$ca.cnf" -extensions "$ext" -in "$PKI/$name.csr" -out "$PKI/$name.crt" \
    -notext 2>/dev/null || { echo "cannot issue the test certificate $name" >&2; exit 99; }
}

# make_pki: the chain above, CRL and TSA configuration; needs BASE.
make_pki() {
  ca_config root
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj "/CN=raingan test root CA/O=raingan tests" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$PKI/root.key" -out "$PKI/root.crt" 2>/dev/null || { echo "cannot make the test root" >&2; exit 99; }
  issue root inter "raingan test intermediate CA" v3_inter
  ca_config inter
  issue inter signer "Test Signer" v3_signer
  issue inter revoked "Revoked Signer" v3_signer
  issue inter tsa "raingan test TSA" v3_tsa
  issue inter ocsp "raingan test OCSP responder" v3_ocsp
  openssl ca -batch -config "$PKI/inter.cnf" -revoke "$PKI/revoked.crt" -crl_reason keyCompromise 2>/dev/null ||
    { echo "cannot revoke" >&2; exit 99; }
  openssl ca -batch -config "$PKI/root.cnf" -gencrl -out "$PKI/root.crl.pem" 2>/dev/null &&
    openssl crl -in "$PKI/root.crl.pem" -outform DER -out "$PKI/root.crl" ||
    { echo "cannot make the root CRL" >&2; exit 99; }
  cat "$PKI/inter.crt" "$PKI/root.crt" >"$PKI/chain.pem"
  local name
  for name in signer revoked; do
    openssl pkcs12 -export -inkey "$PKI/$name.key" -in "$PKI/$name.crt" -certfile "$PKI/chain.pem" \
      -out "$PKI/$name.p12" -passout pass:"$RAINGAN_P12_PASSWORD" || { echo "cannot make $name.p12" >&2; exit 99; }
  done
  echo 01 >"$PKI/tsaserial"
  cat >"$PKI/tsa.cnf" <<CNF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = $PKI/tsaserial
crypto_device = builtin
signer_cert = $PKI/tsa.crt
certs = $PKI/chain.pem
signer_key = $PKI/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
}

# requests PATTERN: how many requests of the server's log match PATTERN.
requests() { grep -c -- "$1" "$PKI/requests.log" 2>/dev/null || true; }

# contents_of FILE N OUT: the N-th /Contents of FILE (in file order, so in
# signing order), DER without its zero padding.
contents_of() {
  grep -a -o '/Contents <[0-9A-F]*>' "$1" | sed -n "$2p" | sed 's/^\/Contents <//; s/>$//' |
    perl -ne 'chomp; print pack("H*", $_)' >"$3.padded"
  local total
  total=$(openssl asn1parse -inform DER -in "$3.padded" 2>/dev/null | head -1 |
    sed -n 's/^ *0:d=0 *hl= *\([0-9]*\) *l= *\([0-9]*\).*/\1 \2/p' | awk '{print $1 + $2}')
  head -c "${total:-0}" "$3.padded" >"$3"
  rm -f "$3.padded"
}
# signature_token CMS OUT: the signature time-stamp token of the CMS (an
# unsigned attribute), DER; signature_value_sha256 CMS: the SHA-256 of the
# signature value it time-stamps (hex).
signature_token() {
  local line off hl l
  line=$(openssl asn1parse -inform DER -in "$1" | grep -A2 ':id-smime-aa-timeStampToken' | tail -1)
  off=$(echo "$line" | sed 's/^ *\([0-9]*\):.*/\1/')
  hl=$(echo "$line" | sed 's/.*hl= *\([0-9]*\).*/\1/')
  l=$(echo "$line" | sed 's/.* l= *\([0-9]*\).*/\1/')
  [ -n "$off" ] || { : >"$2"; return; }
  tail -c +"$((off + 1))" "$1" | head -c "$((hl + l))" >"$2"
}
signature_value_sha256() {
  openssl asn1parse -inform DER -in "$1" | grep -B3 ':id-smime-aa-timeStampToken' | head -1 |
    sed 's/.*\[HEX DUMP\]://' | perl -ne 'chomp; print pack("H*", $_)' | sha256sum | cut -d' ' -f1
}
# signed_bytes FILE N OUT: the bytes the N-th /ByteRange of FILE covers.
signed_bytes() {
  local a b c d
  read -r a b c d <<<"$(grep -a -o '/ByteRange \[[0-9 ]*\]' "$1" | sed -n "$2p" | tr -d '[]' | sed 's/\/ByteRange//')"
  { head -c "$b" "$1"; tail -c +"$((c + 1))" "$1" | head -c "$d"; } >"$3"
}
# ts_verify TOKEN ARGS...: `openssl ts -verify` of a token against the test root.
ts_verify() {
  local token=$1; shift
  openssl ts -verify -token_in -in "$token" "$@" -CAfile "$PKI/root.crt" -untrusted "$PKI/chain.pem" 2>&1
}
# dss_query FILE WHAT: the DSS read back with qpdf --json (newest objects):
#   counts: "CERTS OCSPS CRLS VRIS"; vri: the VRI keys, one a line;
#   streams KIND: the object numbers of /Certs, /OCSPs or /CRLs.
dss_query() {
  qpdf --json "$1" | perl -MJSON::PP -e '
    my ($what, $kind) = @ARGV;
    my $j = decode_json(do { local $/; <STDIN> });
    my %o = %{ $j->{qpdf}[1] };
    sub val { my $x = $o{"obj:$_[0]"} // return undef; $x->{value} // $x->{stream}{dict} }
    my $root = val($o{trailer}{value}{"/Root"});
    my $dss = $root->{"/DSS"} ? val($root->{"/DSS"}) : {};
    my @n = map { scalar @{ $dss->{$_} // [] } } ("/Certs", "/OCSPs", "/CRLs");
    my @vri = sort keys %{ $dss->{"/VRI"} // {} };
    if ($what eq "counts") { print "@n ", scalar @vri, "\n" }
    elsif ($what eq "vri") { s/^\/// for @vri; print "$_\n" for @vri }
    else { for (@{ $dss->{"/$kind"} // [] }) { print "$1\n" if /^(\d+) 0 R$/ } }' "$2" "${3:-}"
}
# stream_of FILE NUM OUT: the data of stream object NUM.
stream_of() { qpdf --show-object="$2" --raw-stream-data "$1" >"$3"; }
