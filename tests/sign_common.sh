# Shared by the tests/sign_*.sh scripts: throw-away keys and certificates made
# with openssl, a libharu-written input PDF, and readers of pdfsig's verdicts.
. "$top_srcdir/tests/lib.sh"
for tool in openssl pdfsig qpdf pdftoppm perl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool is not installed"; exit 77; }
done
MAKE_PDF="${top_builddir:?}/tests/make_test_pdf"
RAINGAN_P12_PASSWORD=test-secret; export RAINGAN_P12_PASSWORD
unset SOURCE_DATE_EPOCH

# make_key NAME rsa|ec "Common Name": writes $TMP/NAME.p12 (self-signed, valid now).
make_key() {
  local name=$1 type=$2 cn=$3
  case $type in
    rsa) openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$cn/O=raingan tests" \
           -keyout "$TMP/$name.key" -out "$TMP/$name.crt" 2>/dev/null ;;
    ec) openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=$cn" \
          -keyout "$TMP/$name.key" -out "$TMP/$name.crt" 2>/dev/null ;;
  esac
  openssl pkcs12 -export -inkey "$TMP/$name.key" -in "$TMP/$name.crt" -out "$TMP/$name.p12" \
    -passout pass:"$RAINGAN_P12_PASSWORD" || { echo "cannot make test key $name" >&2; exit 99; }
}

# How many signatures pdfsig lists, and how many it reports valid / tampered.
sig_count() { pdfsig "$1" 2>/dev/null | grep -c '^Signature #' || true; }
sig_valid() { pdfsig "$1" 2>/dev/null | grep -c 'Signature Validation: Signature is Valid\.' || true; }
sig_mismatch() { pdfsig "$1" 2>/dev/null | grep -c 'Signature Validation: Digest Mismatch\.' || true; }
sha() { if [ -e "$1" ]; then sha256sum "$1" | cut -d' ' -f1; else echo absent; fi; }
size() { wc -c <"$1" | tr -d ' '; }
# flip_byte FILE OFFSET: change one byte in place (case of an ASCII letter).
flip_byte() {
  local c
  c=$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null)
  case $c in [a-z]) c=$(printf %s "$c" | tr a-z A-Z) ;; *) c=$(printf %s "$c" | tr A-Z a-z) ;; esac
  printf %s "$c" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# change_hex_digit FILE OFFSET: replace a hex digit with a different one.
change_hex_digit() {
  local c
  c=$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null)
  if [ "$c" = 0 ]; then c=1; else c=0; fi
  printf %s "$c" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# offset_of FILE TEXT: byte offset of the last occurrence of TEXT.
offset_of() { grep -abo -- "$2" "$1" | tail -1 | cut -d: -f1; }
# last_cms FILE OUT: the CMS of the last signature in FILE (DER, zero padding after it) to OUT.
last_cms() {
  grep -a -o '/Contents <[0-9A-F]*>' "$1" | tail -1 | sed 's/^\/Contents <//; s/>$//' |
    perl -ne 'chomp; print pack("H*", $_)' >"$2"
}
# pdf_blocks FILE: the signature blocks raingan's writer lists in the catalog,
# one per line: "NAME PAGE X0 Y0 X1 Y1" (qpdf --json, newest object versions).
# pdf_widgets FILE: the signature widgets, "NAME PAGE X0 Y0 X1 Y1 APPEARANCE"
# (APPEARANCE: the /AP /N object number, or - when invisible).
pdf_json_query() {
  qpdf --json "$2" | perl -MJSON::PP -e '
    my ($what) = @ARGV;
    my $j = decode_json(do { local $/; <STDIN> });
    my %o = %{ $j->{qpdf}[1] };
    sub val { my $x = $o{"obj:$_[0]"} // return undef; $x->{value} // $x->{stream}{dict} }
    sub deref { my $v = shift; ref $v ? $v : ($v =~ /^(\d+ \d+ R)$/ ? val($1) : $v) }
    sub str { my $s = shift; $s =~ s/^u://; $s }
    sub num { my $n = shift; $n + 0 }
    my %page;
    my $i = 0;
    $page{ $_->{object} } = ++$i for @{ $j->{pages} };
    if ($what eq "blocks") {
      my $root = val($o{trailer}{value}{"/Root"});
      for my $b (@{ deref($root->{"/RainganSignatureBlocks"}) // [] }) {
        $b = deref($b);
        print join(" ", str($b->{"/Name"}), $b->{"/Page"}, map { num($_) } @{ $b->{"/Rect"} }), "\n";
      }
    } else {
      for my $k (sort { ($a =~ /(\d+)/)[0] <=> ($b =~ /(\d+)/)[0] } keys %o) {
        my $v = $o{$k}{value};
        next unless ref $v eq "HASH" && ($v->{"/FT"} // "") eq "/Sig" && ($v->{"/Subtype"} // "") eq "/Widget";
        my $ap = $v->{"/AP"} ? deref($v->{"/AP"})->{"/N"} : "-";
        $ap =~ s/ \d+ R$//;
        print join(" ", str($v->{"/T"}), $page{ $v->{"/P"} } // "?", map({ num($_) } @{ $v->{"/Rect"} }), $ap), "\n";
      }
    }' "$1"
}
pdf_blocks() { pdf_json_query blocks "$1"; }
pdf_widgets() { pdf_json_query widgets "$1"; }
# dark_pixels FILE.pgm: how many pixels of a binary PGM (pdftoppm -gray) are darker than mid-grey.
dark_pixels() {
  perl -e 'local $/; my $d = <STDIN>; $d =~ s/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s//s or die "not a PGM";
           my $n = () = $d =~ /[\x00-\x7f]/g; print "$n\n"' <"$1"
}
