#!/bin/sh
# PDF/A-3b archival copies (`render --archive pdfa-3b`, docs/archival.md): the
# record's data embedded as an associated file, checked with qpdf --json
# (catalog /AF and /Names /EmbeddedFiles, the filespec's /AFRelationship /Data,
# the stream's /Subtype, /Params /Size /CheckSum /ModDate), pdfinfo (XMP
# pdfaid:part 3, PDF 1.7) and pdfdetach (the bytes are `raingan export`'s);
# `verify` without --db against the embedded data; `import COPY.pdf`; edited
# copies refused.
. "$top_srcdir/tests/lib.sh"
for tool in pdfinfo pdfdetach qpdf perl md5sum openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
unset SOURCE_DATE_EPOCH RAINGAN_DB
DB=$TMP/office.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 1; }
ID=50310000-2961
B=$TMP/copy3.pdf
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 --archive pdfa-3b -o "$B"
"$RAINGAN" export --db "$DB" --id $ID -o "$TMP/export.json"

# --- identification --------------------------------------------------------------------
meta=$(pdfinfo -meta "$B")
assert_contains "$meta" '<pdfaid:part>3</pdfaid:part>' "PDF/A part 3"
assert_contains "$meta" '<pdfaid:conformance>B</pdfaid:conformance>' "conformance B"
assert_contains "$(pdfinfo "$B")" "PDF version:     1.7" "PDF 1.7"
NUMBER=$(printf '%s\n' "$meta" | sed -n 's:.*<raingan\:documentNumber>\(.*\)</raingan\:documentNumber>.*:\1:p')
case $NUMBER in RG-2566-????-????) ;; *) fail "document number [$NUMBER]" ;; esac
assert_contains "$meta" "<raingan:embeddedData>$NUMBER.json</raingan:embeddedData>" "XMP names the embedded file"
SHA=$(sha256sum <"$TMP/export.json" | cut -d' ' -f1)
assert_contains "$meta" "<raingan:embeddedDataDigest>sha256:$SHA</raingan:embeddedDataDigest>" "XMP: SHA-256 of the export"
assert_contains "$meta" "<pdfaProperty:name>embeddedDataDigest</pdfaProperty:name>" "extension schema declares it"
qpdf --check "$B" >"$TMP/check" 2>&1 || fail "qpdf --check: $(cat "$TMP/check")"
# The same data, form and date: the same bytes; the PDF/A-1b copy has the same number.
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 --archive=pdfa-3b -o "$TMP/again.pdf"
cmp -s "$B" "$TMP/again.pdf" || fail "two PDF/A-3b renders differ"
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 --archive -o "$TMP/copy1.pdf"
assert_contains "$(pdfinfo -meta "$TMP/copy1.pdf")" "<raingan:documentNumber>$NUMBER<" "same document number as PDF/A-1b"
assert_not_contains "$(pdfinfo -meta "$TMP/copy1.pdf")" "<raingan:embeddedData>" "PDF/A-1b carries no data"
assert_contains "$(pdftotext -l 1 "$B" -)" "ฉบับเก็บถาวร (PDF/A-3b)" "footer names PDF/A-3b"

# --- structure, through qpdf's JSON ------------------------------------------------------
MD5=$(md5sum <"$TMP/export.json" | cut -d' ' -f1)
SIZE=$(wc -c <"$TMP/export.json" | tr -d ' ')
qpdf --json "$B" >"$TMP/qpdf.json"
structure=$(perl -MJSON::PP -e '
  my $j = decode_json(do { local $/; <STDIN> });
  my %o = %{ $j->{qpdf}[1] };
  sub val { my $x = $o{"obj:$_[0]"} // return undef; $x->{value} // $x->{stream}{dict} }
  sub deref { my $v = shift; ref $v ? $v : ($v =~ /^(\d+ \d+ R)$/ ? val($1) : $v) }
  my $trailer = $o{"trailer"}{value};
  my $cat = deref($trailer->{"/Root"});
  my @af = @{ deref($cat->{"/AF"}) // [] };
  print "af ", scalar(@af), "\n";
  my $spec = deref($af[0]);
  print "spec $_ ", (ref $spec->{$_} ? "dict" : $spec->{$_}), "\n" for sort keys %$spec;
  my $ef = deref($spec->{"/EF"});
  print "ef-same ", ($ef->{"/F"} eq $ef->{"/UF"} ? 1 : 0), "\n";
  my $file = deref($ef->{"/F"});
  print "file $_ ", (ref $file->{$_} ? "dict" : $file->{$_}), "\n" for grep { $_ ne "/Length" } sort keys %$file;
  my $p = deref($file->{"/Params"});
  print "params $_ $p->{$_}\n" for sort keys %$p;
  my $names = deref(deref(deref($cat->{"/Names"})->{"/EmbeddedFiles"})->{"/Names"});
  print "tree ", $names->[0], " ", ($names->[1] eq $af[0] ? "same-filespec" : $names->[1]), "\n";
  $af[0] =~ /^(\d+) /; print "stream-obj ", ($ef->{"/F"} =~ /^(\d+) /)[0], "\n";
' <"$TMP/qpdf.json") || fail "qpdf --json structure"
expect="af 1
spec /AFRelationship /Data
spec /Desc u:The record's data, as raingan export writes it (JSON, docs/data-format.md)
spec /EF dict
spec /F u:$NUMBER.json
spec /Type /Filespec
spec /UF u:$NUMBER.json
ef-same 1
file /Params dict
file /Subtype /application/json
file /Type /EmbeddedFile
params /CheckSum b:$MD5
params /ModDate u:D:20230501000000+00'00'
params /Size $SIZE
tree u:$NUMBER.json same-filespec"
assert_eq "$(printf '%s\n' "$structure" | grep -v '^stream-obj')" "$expect" "associated file structure"
grep -a -q '/Subtype /application#2Fjson' "$B" || fail "the MIME type is not written as the name /application#2Fjson"
# the embedded bytes are raingan export's, byte for byte (poppler's pdfdetach, and qpdf)
assert_contains "$(pdfdetach -list "$B")" "1: $NUMBER.json" "pdfdetach lists the file"
pdfdetach -save 1 -o "$TMP/detached.json" "$B" || fail "pdfdetach -save"
cmp -s "$TMP/detached.json" "$TMP/export.json" || fail "the embedded file is not raingan export's output"
obj=$(printf '%s\n' "$structure" | sed -n 's/^stream-obj //p')
qpdf --show-object="$obj" --filtered-stream-data "$B" >"$TMP/qpdf-stream.json"
cmp -s "$TMP/qpdf-stream.json" "$TMP/export.json" || fail "qpdf: the embedded stream is not the export"

# PDFBox Preflight validates PDF/A-1b only: on the PDF/A-3b copy it must find
# nothing but the three PDF/A-1 restrictions that PDF/A-3 lifts.
assert_status 1 sh "$top_srcdir/tests/preflight.sh" "$B"
assert_eq "$(sed -n 's/^  //p' "$TMP/stderr")" "1.2.9 : Body Syntax error, EmbeddedFile entry is present in a FileSpecification dictionary
1.4.7 : Trailer Syntax error, EmbeddedFile entry is present in the Names dictionary
7.11.2 : Error on MetaData, part must be 1" "Preflight on PDF/A-3b: only what PDF/A-3 allows"

# --- verify without --db: against the data the copy carries --------------------------------
cd "$TMP" || exit 1   # no ./raingan.db here: the embedded data is what is used
assert_status 0 "$RAINGAN" verify "$B"
assert_contains "$(cat "$TMP/stdout")" "MATCHES: the embedded data ($NUMBER.json, SHA-256 and MD5 as recorded) is the data printed (9 parts, sha256:" "verify without --db"
assert_status 0 "$RAINGAN" verify "$B" --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "MATCHES: the stored data is the data printed" "verify with --db"
# a PDF/A-1b copy has no data of its own: without --db it needs the default database
assert_status 5 "$RAINGAN" verify "$TMP/copy1.pdf"

# Signed (incremental update): still carries and verifies its data.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Archive Test" \
  -keyout "$TMP/k.key" -out "$TMP/k.crt" 2>/dev/null
RAINGAN_P12_PASSWORD=pw; export RAINGAN_P12_PASSWORD
openssl pkcs12 -export -inkey "$TMP/k.key" -in "$TMP/k.crt" -out "$TMP/k.p12" -passout pass:pw
assert_status 0 "$RAINGAN" sign "$B" --key "$TMP/k.p12" --field responsible -o "$TMP/signed.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/signed.pdf"
assert_contains "$(cat "$TMP/stdout")" "MATCHES: the embedded data" "verify a signed PDF/A-3b copy without --db"

# Edited copies: the embedded bytes changed (same length: /CheckSum catches it);
# changed with a matching /CheckSum (the SHA-256 in the XMP catches it).
perl -0pe 's/จำนวน 53 ราย/จำนวน 54 ราย/' "$B" >"$TMP/edited.pdf"
cmp -s "$B" "$TMP/edited.pdf" && fail "the test's edit changed nothing"
assert_status 3 "$RAINGAN" verify "$TMP/edited.pdf"
assert_contains "$(cat "$TMP/stderr")" "the embedded file $NUMBER.json does not match its /Size and /CheckSum (damaged or edited)" "edited embedded data"
EDITED_MD5=$(perl -0pe 's/จำนวน 53 ราย/จำนวน 54 ราย/' "$TMP/export.json" | md5sum | cut -d' ' -f1)
perl -0pi -e "s/<$MD5>/<$EDITED_MD5>/i" "$TMP/edited.pdf"
assert_status 3 "$RAINGAN" verify "$TMP/edited.pdf"
assert_contains "$(cat "$TMP/stderr")" "the embedded file $NUMBER.json is not the one printed: its SHA-256 differs from raingan:embeddedDataDigest (edited)" "edited data with a matching checksum"

# ... and the XMP's SHA-256 edited too: the data is read, and is not the data printed.
EDITED_SHA=$(perl -0pe 's/จำนวน 53 ราย/จำนวน 54 ราย/' "$TMP/export.json" | sha256sum | cut -d' ' -f1)
cp "$TMP/edited.pdf" "$TMP/edited3.pdf"
perl -0pi -e "s/sha256:$SHA/sha256:$EDITED_SHA/" "$TMP/edited3.pdf"
assert_status 8 "$RAINGAN" verify "$TMP/edited3.pdf"
assert_contains "$(cat "$TMP/stdout")" "CHANGED: the embedded data differs from the data printed:
  project $ID: progress entries changed" "consistently edited data: CHANGED, naming the part"
assert_status 3 "$RAINGAN" import --db "$TMP/no.db" "$TMP/edited3.pdf"
assert_contains "$(cat "$TMP/stderr")" "the embedded data is not the data printed" "consistently edited copy not imported"

# --- import COPY.pdf: the record restored from the copy alone --------------------------------
R=$TMP/restored.db
assert_status 0 "$RAINGAN" import --db "$R" "$TMP/signed.pdf"
assert_contains "$(cat "$TMP/stdout")" "imported into $R" "import from the PDF"
"$RAINGAN" export --db "$R" --id $ID -o "$TMP/restored.json"
cmp -s "$TMP/restored.json" "$TMP/export.json" || fail "the restored record differs from the export"
assert_status 0 "$RAINGAN" verify "$B" --db "$R"
assert_contains "$(cat "$TMP/stdout")" "MATCHES: the stored data is the data printed" "the restored database verifies the copy"
# refused: an edited copy, a PDF/A-1b copy, a plain PDF; nothing is created
assert_status 3 "$RAINGAN" import --db "$TMP/no.db" "$TMP/edited.pdf"
assert_contains "$(cat "$TMP/stderr")" "nothing was imported" "edited copy not imported"
assert_status 3 "$RAINGAN" import --db "$TMP/no.db" "$TMP/copy1.pdf"
assert_contains "$(cat "$TMP/stderr")" "the copy carries no data of its own (a PDF/A-1b copy" "PDF/A-1b copy"
"$RAINGAN" render progress-report --db "$DB" --id $ID -o "$TMP/plain.pdf"
assert_status 3 "$RAINGAN" import --db "$TMP/no.db" "$TMP/plain.pdf"
assert_contains "$(cat "$TMP/stderr")" "not an archival raingan PDF" "plain PDF"
[ -e "$TMP/no.db" ] && fail "a refused import created the database"
assert_status 2 "$RAINGAN" import --db "$TMP/no.db" "$TMP/export.json" "$B"
assert_contains "$(cat "$TMP/stderr")" "give an archival PDF on its own" "a PDF among JSON files"

# --- the other forms, and batch ---------------------------------------------------------------
# an indicator's data carries no date: PDF/A-3 needs one for /ModDate, so --date is asked for
assert_status 3 "$RAINGAN" render indicator-report --db "$DB" --id indicator-2563-3 --archive pdfa-3b -o "$TMP/i3.pdf"
assert_contains "$(cat "$TMP/stderr")" "indicator indicator-2563-3: a PDF/A-3b copy needs a date for its embedded data (/ModDate), and this record's data carries none: give the document date (or SOURCE_DATE_EPOCH)" "no date: refused"
[ -e "$TMP/i3.pdf" ] && fail "a refused PDF/A-3b copy was written"
assert_status 0 "$RAINGAN" render indicator-report --db "$DB" --id indicator-2563-3 --archive pdfa-3b --date 2020-06-30 -o "$TMP/i3.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/i3.pdf"
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id hatyai-info-center-2563 --archive pdfa-3b -o "$TMP/d3.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/d3.pdf"
"$RAINGAN" export --db "$DB" --id hatyai-info-center-2563 -o "$TMP/plan.json"
pdfdetach -save 1 -o "$TMP/plan-detached.json" "$TMP/d3.pdf"
cmp -s "$TMP/plan-detached.json" "$TMP/plan.json" || fail "the plan's embedded file is not its export"
assert_status 2 "$RAINGAN" render progress-report --db "$DB" --id $ID --archive=pdfa-2u -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "--archive pdfa-2u: expected pdfa-1b or pdfa-3b" "unknown level"
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/batch" -q --archive pdfa-3b --key $ID
for f in "$TMP"/batch/*.pdf; do
  assert_status 0 "$RAINGAN" verify "$f"
  assert_contains "$(cat "$TMP/stdout")" "MATCHES: the embedded data" "batch copy carries its data: $f"
done
finish
