#!/bin/sh
# Archival copies end to end: `raingan render --archive` and `raingan verify`.
# Checks what PDF/A-1b needs that tools on Debian can read back (XMP with the
# document's metadata and the PDF/A identification, the sRGB output intent,
# fonts embedded with CIDSets, no encryption, qpdf --check clean), the
# verification footer on every page (pdftotext) and its QR code (zbarimg),
# byte-identical output, and verify's verdicts: MATCHES, CHANGED naming the
# record, not archival, edited metadata, signed files.
. "$top_srcdir/tests/lib.sh"
for tool in pdfinfo pdftotext pdftoppm pdffonts qpdf zbarimg mutool gs node openssl perl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is not installed (zbarimg: Debian zbar-tools)" >&2; exit 1; }
done
unset SOURCE_DATE_EPOCH
DB=$TMP/office.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 1; }
ID=50310000-2961
A=$TMP/archive.pdf
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 --archive -o "$A"

# --- metadata: XMP mirrors the information dictionary, from the data -----------------
meta=$(pdfinfo -meta "$A")
assert_contains "$meta" '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ 50310000-2961</rdf:li>' "XMP title"
assert_contains "$meta" '<dc:creator><rdf:Seq><rdf:li>สำนักงานเขตบางซื่อ / ฝ่ายปกครอง / ฝ่ายปกครอง</rdf:li>' "XMP author = the organization path"
assert_contains "$meta" '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">กิจกรรมการประเมินคุณธรรม' "XMP subject"
assert_contains "$meta" '<pdf:Keywords>50310000-2961, ปีงบประมาณ 2566</pdf:Keywords>' "XMP keywords"
assert_contains "$meta" '<xmp:CreateDate>2023-05-01T00:00:00Z</xmp:CreateDate>' "XMP creation date"
assert_contains "$meta" '<pdfaid:part>1</pdfaid:part>' "PDF/A part"
assert_contains "$meta" '<pdfaid:conformance>B</pdfaid:conformance>' "PDF/A conformance"
assert_contains "$meta" '<pdfaSchema:namespaceURI>http://ns.raingan.invalid/archive/1/</pdfaSchema:namespaceURI>' "extension schema declares the raingan namespace"
info=$(pdfinfo "$A")
assert_contains "$info" "Author:          สำนักงานเขตบางซื่อ / ฝ่ายปกครอง / ฝ่ายปกครอง" "Info author"
assert_contains "$info" "CreationDate:    Mon May  1 00:00:00 2023 UTC" "Info creation date"
assert_contains "$info" "Encrypted:       no" "not encrypted"
assert_contains "$info" "PDF version:     1.4" "PDF version"
assert_contains "$info" "Metadata Stream: yes" "metadata stream"
producer=$(printf '%s\n' "$info" | sed -n 's/^Producer: *//p')
assert_contains "$meta" "<pdf:Producer>$producer</pdf:Producer>" "XMP producer = Info producer"
NUMBER=$(printf '%s\n' "$meta" | sed -n 's:.*<raingan\:documentNumber>\(.*\)</raingan\:documentNumber>.*:\1:p')
DIGEST=$(printf '%s\n' "$meta" | sed -n 's:.*<raingan\:dataDigest>sha256\:\(.*\)</raingan\:dataDigest>.*:\1:p')
case $NUMBER in RG-2566-????-????) ;; *) fail "document number [$NUMBER]" ;; esac
[ ${#DIGEST} = 64 ] || fail "data digest [$DIGEST]"

# --- output intent, metadata stream, fonts ---------------------------------------------
qpdf --check "$A" >"$TMP/check" 2>&1 || fail "qpdf --check: $(cat "$TMP/check")"
assert_contains "$(cat "$TMP/check")" "No syntax or stream encoding errors found" "qpdf --check clean"
assert_contains "$(qpdf --show-object=1 "$A")" "/OutputIntents" "catalog has OutputIntents"
intent=$(grep -a '/S /GTS_PDFA1' "$A" >/dev/null && echo yes)
assert_eq "$intent" yes "a GTS_PDFA1 output intent"
icc=$(grep -a -o '/DestOutputProfile [0-9]* 0 R' "$A" | head -1 | cut -d' ' -f2)
[ -n "$icc" ] || fail "no /DestOutputProfile"
qpdf --show-object="$icc" --filtered-stream-data "$A" >"$TMP/profile.icc" 2>/dev/null
cmp -s "$TMP/profile.icc" /usr/share/color/icc/sRGB.icc || fail "the output intent's profile is not sRGB.icc"
assert_contains "$(qpdf --show-object="$icc" "$A")" "/N 3" "RGB profile"
meta_obj=$(grep -a -o '/Metadata [0-9]* 0 R' "$A" | head -1 | cut -d' ' -f2)
meta_dict=$(qpdf --show-object="$meta_obj" "$A")
assert_contains "$meta_dict" "/Subtype /XML" "metadata stream subtype"
assert_not_contains "$meta_dict" "/Filter" "metadata stream unfiltered"
fonts=$(pdffonts "$A" | tail -n +3)
nfonts=$(printf '%s\n' "$fonts" | grep -c .)
[ "$nfonts" -ge 1 ] || fail "no fonts"
assert_eq "$(printf '%s\n' "$fonts" | awk '$(NF-4) != "yes"' | wc -l | tr -d ' ')" 0 "every font embedded"
assert_eq "$(grep -a -c '/CIDSet' "$A")" "$nfonts" "a CIDSet per font"

# --- the footer on every page, the QR code -------------------------------------------
pages=$(printf '%s\n' "$info" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 2 ] || fail "pages: $pages"
p=1
while [ "$p" -le "$pages" ]; do
  text=$(pdftotext -f "$p" -l "$p" "$A" -)
  assert_contains "$text" "เลขที่เอกสาร $NUMBER" "page $p: document number"
  assert_contains "$text" "หน้า $p จาก $pages" "page $p: page X of Y"
  assert_contains "$text" "พิมพ์เมื่อ 1 พฤษภาคม 2566" "page $p: print date"
  assert_contains "$text" "SHA-256 ของข้อมูล $DIGEST" "page $p: data digest"
  p=$((p + 1))
done
UPPER=$(printf %s "$DIGEST" | tr a-f A-F)
# The QR code is one filled path (no seams between its rows, which made
# zbarimg fail on MuPDF's and pdf.js's renders): decoded from the renders of
# poppler, MuPDF, Ghostscript and pdf.js at 150 and 300 dpi.
PDFJS_RENDER="${RAINGAN_EXTERNAL:-$top_srcdir/tests/external}/render-page.mjs"
[ -d "${PDFJS_RENDER%/*}/node_modules/pdfjs-dist" ] || fail "pdf.js is not installed (run bash tests/external/setup.sh)"
# qr_renders FILE PAGE DPI: "RENDERER: decoded text" for each renderer.
qr_renders() {
  rm -f "$TMP"/qrr*.png
  pdftoppm -r "$3" -gray -png -f "$2" -l "$2" "$1" "$TMP/qrr-poppler"
  mutool draw -q -r "$3" -c gray -o "$TMP/qrr-mupdf.png" "$1" "$2" 2>/dev/null
  gs -q -sDEVICE=pnggray -dTextAlphaBits=4 -dGraphicsAlphaBits=4 -r"$3" -dFirstPage="$2" -dLastPage="$2" \
    -o "$TMP/qrr-gs.png" "$1"
  node "$PDFJS_RENDER" "$1" "$2" "$3" "$TMP/qrr-pdfjs.png"
  for r in poppler mupdf gs pdfjs; do
    echo "$r: $(zbarimg -q --raw "$TMP"/qrr-$r*.png 2>/dev/null)"
  done
}
expect_qr="poppler: $NUMBER SHA256:$UPPER
mupdf: $NUMBER SHA256:$UPPER
gs: $NUMBER SHA256:$UPPER
pdfjs: $NUMBER SHA256:$UPPER"
for p in 1 "$pages"; do
  for dpi in 150 300; do
    assert_eq "$(qr_renders "$A" "$p" "$dpi")" "$expect_qr" "page $p at $dpi dpi: QR code"
  done
done
qdf_qr=$(qpdf --qdf --object-streams=disable "$A" - | tr -d '\r' | awk '/ re$/ { n++; next } /^f$/ { if (n > max) max = n } { n = 0 } END { print max }')
[ "$qdf_qr" -ge 33 ] || fail "the QR code is not one path (longest run of rectangles filled at once: $qdf_qr)"

# --- deterministic: same data and date, same bytes; SOURCE_DATE_EPOCH the same --------
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 --archive -o "$TMP/again.pdf"
cmp -s "$A" "$TMP/again.pdf" || fail "two renders differ"
SOURCE_DATE_EPOCH=1682899200 "$RAINGAN" render progress-report --db "$DB" --id $ID --archive -o "$TMP/epoch.pdf"
cmp -s "$A" "$TMP/epoch.pdf" || fail "SOURCE_DATE_EPOCH=2023-05-01 differs from --date 2023-05-01"

# --- verify ------------------------------------------------------------------------------
assert_status 0 "$RAINGAN" verify "$A" --db "$DB"
out=$(cat "$TMP/stdout")
assert_contains "$out" "document $NUMBER, form progress-report, project $ID, printed 2023-05-01" "verify names the document"
assert_contains "$out" "MATCHES" "verify on the same data"

# Signed twice (incremental updates): still verifies.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Archive Test" \
  -keyout "$TMP/k.key" -out "$TMP/k.crt" 2>/dev/null
RAINGAN_P12_PASSWORD=pw; export RAINGAN_P12_PASSWORD
openssl pkcs12 -export -inkey "$TMP/k.key" -in "$TMP/k.crt" -out "$TMP/k.p12" -passout pass:pw
assert_status 0 "$RAINGAN" sign "$A" --key "$TMP/k.p12" --field writer --invisible -o "$TMP/s1.pdf"
assert_status 0 "$RAINGAN" sign "$TMP/s1.pdf" --key "$TMP/k.p12" --field approver --invisible -o "$TMP/s2.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/s2.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "MATCHES" "verify a signed archival PDF"
# Five signatures (three more, one visible in the form's block): still PDF/A-1b (below).
assert_status 0 "$RAINGAN" sign "$TMP/s2.pdf" --key "$TMP/k.p12" --field responsible -o "$TMP/s3.pdf"
assert_status 0 "$RAINGAN" sign "$TMP/s3.pdf" --key "$TMP/k.p12" --field reviewer --invisible -o "$TMP/s4.pdf"
assert_status 0 "$RAINGAN" sign "$TMP/s4.pdf" --key "$TMP/k.p12" --field registrar --invisible -o "$TMP/s5.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/s5.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "MATCHES" "verify an archival PDF signed five times"

# One progress entry's body changes (re-imported): CHANGED, naming the record and part.
"$RAINGAN" export --db "$DB" --id $ID -o "$TMP/record.json"
sed 's/จำนวน 53 ราย/จำนวน 54 ราย/' "$TMP/record.json" >"$TMP/changed.json"
cmp -s "$TMP/record.json" "$TMP/changed.json" && fail "the test's edit changed nothing"
cp "$DB" "$TMP/changed.db"
"$RAINGAN" import --db "$TMP/changed.db" "$TMP/changed.json" >/dev/null
assert_status 8 "$RAINGAN" verify "$A" --db "$TMP/changed.db"
out=$(cat "$TMP/stdout")
assert_contains "$out" "CHANGED" "verify after a change"
assert_contains "$out" "project $ID: progress entries changed" "names the record and part"
assert_not_contains "$out" "person" "people unchanged"
# ... and a person the document names.
sed 's/"name": "นางสาวอรณิชา ศาลิคุปต์"/"name": "นางสาวอรณิชา ศาลิคุปต์ (แก้ไข)"/' "$TMP/record.json" >"$TMP/person.json"
"$RAINGAN" import --db "$TMP/changed.db" "$TMP/person.json" >/dev/null
assert_status 8 "$RAINGAN" verify "$TMP/s2.pdf" --db "$TMP/changed.db"
assert_contains "$(cat "$TMP/stdout")" "person person/ornicha-salikup changed since printing" "names the person"

# Not archival, not a PDF, missing, edited metadata.
"$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 -o "$TMP/plain.pdf"
assert_status 3 "$RAINGAN" verify "$TMP/plain.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "not an archival raingan PDF" "plain PDF"
printf 'hello\n' >"$TMP/text.pdf"
assert_status 3 "$RAINGAN" verify "$TMP/text.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "not a PDF file" "not a PDF"
assert_status 4 "$RAINGAN" verify "$TMP/missing.pdf" --db "$DB"
assert_status 2 "$RAINGAN" verify --db "$DB"
cp "$A" "$TMP/edited.pdf"
perl -0pi -e 's/(<raingan:dataDigest>sha256:)(.)/$1 . ($2 eq "0" ? "1" : "0")/e' "$TMP/edited.pdf"
assert_status 3 "$RAINGAN" verify "$TMP/edited.pdf" --db "$DB"
assert_contains "$(cat "$TMP/stderr")" "verification data is inconsistent" "edited metadata"

# The other forms: an indicator (no date in its data) and a plan print and verify too.
assert_status 0 "$RAINGAN" render indicator-report --db "$DB" --id indicator-2563-3 --archive -o "$TMP/i.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/i.pdf" --db "$DB"
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id hatyai-info-center-2563 --archive -o "$TMP/d.pdf"
assert_contains "$(pdfinfo "$TMP/d.pdf")" "CreationDate:    Fri Mar 27 00:00:00 2020 UTC" "plan date from its data"
assert_status 0 "$RAINGAN" verify "$TMP/d.pdf" --db "$DB"
# An image with an alpha channel (transparency, forbidden in PDF/A-1) is refused.
sed "s|\"emblem-illustrative.png\"|\"$top_srcdir/tests/data/archive/alpha.png\"|" \
  "$top_srcdir/examples/seed-004-plan-2563.json" >"$TMP/alpha-plan.json"
"$RAINGAN" import --db "$TMP/alpha.db" "$TMP/alpha-plan.json" >/dev/null
assert_status 3 "$RAINGAN" render development-plan --db "$TMP/alpha.db" --id hatyai-info-center-2563 --archive -o "$TMP/alpha.pdf"
assert_contains "$(cat "$TMP/stderr")" "has transparency (an alpha channel), which PDF/A-1 forbids" "alpha image refused"
[ -e "$TMP/alpha.pdf" ] && fail "a refused archival PDF was written"
assert_status 0 "$RAINGAN" render development-plan --db "$TMP/alpha.db" --id hatyai-info-center-2563 -o "$TMP/alpha.pdf"
# The footer's dates say what they are (issue 12): with --date, the printing
# date and the date of the data (seed 002's latest entry, 7 September 2566);
# without it, only the data's date, never called a print date.
text=$(pdftotext -f 1 -l 1 "$A" -)
assert_contains "$text" "ข้อมูล ณ 7 กันยายน 2566" "footer: data date labelled"
"$RAINGAN" render progress-report --db "$DB" --id $ID --archive -o "$TMP/nodate.pdf" 2>/dev/null
text=$(pdftotext -f 1 -l 1 "$TMP/nodate.pdf" -)
assert_contains "$text" "ข้อมูล ณ 7 กันยายน 2566" "footer without --date: data date"
assert_not_contains "$text" "พิมพ์เมื่อ" "footer without --date: no print date"

# --- PDF/A-1b by an independent validator: Apache PDFBox Preflight ----------------------
# Every archival copy above: each form, signed once and five times. Rule 7.2:
# the information dictionary's dates must match the XMP's; libharu's UTC
# form "Z00'00'" did not, "+00'00'" does.
grep -a -q "/CreationDate (D:20230501000000+00'00')" "$A" || fail "UTC Info date not written as +00'00'"
sh "$top_srcdir/tests/preflight.sh" "$A" "$TMP/s1.pdf" "$TMP/s5.pdf" "$TMP/i.pdf" "$TMP/d.pdf" \
  >"$TMP/preflight.out" 2>&1 || fail "PDFBox Preflight: $(cat "$TMP/preflight.out")"
assert_eq "$(grep -c ': valid PDF/A-1b$' "$TMP/preflight.out")" 5 "Preflight: every archival copy valid"
# ... and the validator does fail: a plain render is not PDF/A.
assert_status 1 sh "$top_srcdir/tests/preflight.sh" "$TMP/plain.pdf"
assert_contains "$(cat "$TMP/stderr")" "plain.pdf: not valid PDF/A-1b" "Preflight rejects a plain PDF"
finish
