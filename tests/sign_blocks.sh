# raingan sign --field at the form's own signature blocks: the development
# plan (examples/seed-004) signed by its five roles in turn, each box over
# the block the PDF writer recorded (catalog /RainganSignatureBlocks), all
# five valid in pdfsig; the boxes' text (a Thai name) drawn as outlines, not
# text, with no font added; an archival (PDF/A-1b) copy stays clean after
# visible signatures; an unknown block name is refused with the names there are.
. "$top_srcdir/tests/sign_common.sh"
command -v pdffonts >/dev/null 2>&1 || { echo "SKIP: pdffonts is not installed"; exit 77; }

# make_thai_key NAME "Thai common name": like make_key, with a UTF-8 subject.
make_thai_key() {
  openssl req -x509 -utf8 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2/O=raingan tests" \
    -keyout "$TMP/$1.key" -out "$TMP/$1.crt" 2>/dev/null &&
    openssl pkcs12 -export -inkey "$TMP/$1.key" -in "$TMP/$1.crt" -out "$TMP/$1.p12" \
      -passout pass:"$RAINGAN_P12_PASSWORD" || { echo "cannot make test key $1" >&2; exit 99; }
}
# The name printed on the plan (the endorser), and one that is not on it.
PRINTED_NAME="นายวินัย ปิ่นทอง"
UNIQUE_NAME="นางสาวลายเซ็น ทดสอบระบบ"   # no sara am: one glyph per character
make_thai_key winai "$PRINTED_NAME"
make_thai_key unique "$UNIQUE_NAME"
make_key approver ec "Approver EC"

DB=$TMP/ex.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 99; }
PLAN=hatyai-info-center-2563
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN --date 2020-01-15 -o "$TMP/plan.pdf"
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN --date 2020-01-15 -o "$TMP/plan2.pdf"
cmp -s "$TMP/plan.pdf" "$TMP/plan2.pdf" || fail "two renders of the plan differ (the block table must be deterministic)"

# The writer's table: the five roles by their stable names, on one page, in order.
blocks=$(pdf_blocks "$TMP/plan.pdf")
assert_eq "$(printf '%s\n' "$blocks" | cut -d' ' -f1 | tr '\n' ' ')" "writer proposer reviewer endorser approver " \
  "signature blocks of the plan"
page=$(printf '%s\n' "$blocks" | head -1 | cut -d' ' -f2)
pages=$(pdfinfo "$TMP/plan.pdf" | sed -n 's/^Pages: *//p')
[ "$page" -ge 1 ] && [ "$page" -le "$pages" ] || fail "block page $page not in 1..$pages"
assert_contains "$(pdftotext -f "$page" -l "$page" "$TMP/plan.pdf" -)" "ผู้เขียนแผนฯ" "the writer's block is on page $page"
printf '%s\n' "$blocks" | while read -r name pg x0 y0 x1 y1; do
  [ "$x1" -gt "$x0" ] && [ "$y1" -gt "$y0" ] && [ "$x0" -ge 0 ] && [ "$x1" -le 595 ] && [ "$y1" -le 842 ] ||
    echo "block $name: bad rectangle $x0 $y0 $x1 $y1"
done >"$TMP/bad-blocks"
[ -s "$TMP/bad-blocks" ] && fail "$(cat "$TMP/bad-blocks")"

# An unknown name: refused, naming the blocks there are; nothing written.
assert_status 3 "$RAINGAN" sign "$TMP/plan.pdf" --key "$TMP/winai.p12" --field nobody -o "$TMP/nobody.pdf"
assert_contains "$(cat "$TMP/stderr")" \
  "raingan sign: $TMP/plan.pdf: no signature block named 'nobody' (blocks: writer, proposer, reviewer, endorser, approver)" \
  "unknown block message"
[ -e "$TMP/nobody.pdf" ] && fail "output written for an unknown block"
assert_status 2 "$RAINGAN" sign "$TMP/plan.pdf" --key "$TMP/winai.p12" --field writer --invisible \
  --box 5,10,10,50,50 -o "$TMP/both.pdf"
assert_contains "$(cat "$TMP/stderr")" "--invisible and --box contradict each other" "--invisible with --box"

# Five signatures in sequence, one per role, each visible over its block.
cp "$TMP/plan.pdf" "$TMP/p0.pdf"
n=0
for role in writer proposer reviewer endorser approver; do
  key=winai
  [ "$role" = reviewer ] && key=unique
  [ "$role" = approver ] && key=approver
  assert_status 0 "$RAINGAN" sign "$TMP/p$n.pdf" --key "$TMP/$key.p12" --field "$role" \
    --reason "ลงนามในฐานะ $role" --location "หาดใหญ่" -o "$TMP/p$((n + 1)).pdf"
  n=$((n + 1))
  assert_eq "$(sig_count "$TMP/p$n.pdf")" "$n" "signatures after $role"
  assert_eq "$(sig_valid "$TMP/p$n.pdf")" "$n" "valid signatures after $role"
  cmp -s -n "$(size "$TMP/p$((n - 1)).pdf")" "$TMP/p$((n - 1)).pdf" "$TMP/p$n.pdf" ||
    fail "p$n.pdf does not start with p$((n - 1)).pdf"
done
S=$TMP/p5.pdf
names=$(pdfsig "$S" 2>&1 | sed -n 's/.*Signature Field Name: //p' | tr '\n' ' ')
assert_eq "$names" "writer proposer reviewer endorser approver " "field names in signing order"
assert_contains "$(pdfsig "$S" 2>&1)" "Signer Certificate Common Name: $UNIQUE_NAME" "Thai signer in pdfsig"
qpdf --check "$S" >"$TMP/qpdf.out" 2>&1 || fail "qpdf --check p5.pdf: $(cat "$TMP/qpdf.out")"

# Each widget's rectangle is its block's, on the block's page; each has an appearance.
widgets=$(pdf_widgets "$S")
assert_eq "$(printf '%s\n' "$widgets" | cut -d' ' -f1-6)" "$blocks" "widget rectangles = block rectangles"
assert_eq "$(printf '%s\n' "$widgets" | awk '$7 == "-"' | wc -l | tr -d ' ')" 0 "every widget has an appearance"

# Ink: each block's region is darker after signing (the stamp's frame and
# text), and the page outside the blocks is unchanged. 72 dpi: a pixel is a
# point; pdftoppm counts y from the top of the page (842 points).
region() {  # region PDF X0 Y0 X1 Y1 OUT.pgm
  pdftoppm -r 72 -gray -f "$page" -l "$page" -x "$2" -y $((842 - $5)) -W $(($4 - $2)) -H $(($5 - $3)) "$1" >"$6"
}
printf '%s\n' "$blocks" | while read -r name pg x0 y0 x1 y1; do
  page=$pg   # the chain of signatures may run onto a second page
  region "$TMP/plan.pdf" "$x0" "$y0" "$x1" "$y1" "$TMP/before.pgm"
  region "$S" "$x0" "$y0" "$x1" "$y1" "$TMP/after.pgm"
  before=$(dark_pixels "$TMP/before.pgm")
  after=$(dark_pixels "$TMP/after.pgm")
  [ "$after" -gt $((before + 150)) ] || echo "block $name: $before dark pixels before signing, $after after"
done >"$TMP/no-ink"
[ -s "$TMP/no-ink" ] && fail "a signature box is not drawn over its block: $(cat "$TMP/no-ink")"
# Above the first block (its top is the highest) and below the last one, nothing moved.
top=$(printf '%s\n' "$blocks" | head -1 | cut -d' ' -f6)
bottom=$(printf '%s\n' "$blocks" | tail -1 | cut -d' ' -f4)
region "$TMP/plan.pdf" 0 "$top" 595 842 "$TMP/above-before.pgm"
region "$S" 0 "$top" 595 842 "$TMP/above-after.pgm"
cmp -s "$TMP/above-before.pgm" "$TMP/above-after.pgm" || fail "signing changed the page above the blocks"
page=$(printf '%s\n' "$blocks" | tail -1 | cut -d' ' -f2)   # the last block's page
region "$TMP/plan.pdf" 0 0 595 "$bottom" "$TMP/below-before.pgm"
region "$S" 0 0 595 "$bottom" "$TMP/below-after.pgm"
cmp -s "$TMP/below-before.pgm" "$TMP/below-after.pgm" || fail "signing changed the page below the blocks"

# The boxes' text is drawn, not text: no font is added, the Thai names are
# not extractable (the printed name appears once, as before), and the
# appearance streams are paths only.
assert_eq "$(pdffonts "$S" 2>&1)" "$(pdffonts "$TMP/plan.pdf" 2>&1)" "fonts after five visible signatures"
text=$(pdftotext "$S" -)
assert_not_contains "$text" "$UNIQUE_NAME" "the signer's name as text"
assert_not_contains "$text" "Signed 20" "the box's date line as text"
assert_eq "$(printf '%s\n' "$text" | grep -c "$PRINTED_NAME")" \
  "$(pdftotext "$TMP/plan.pdf" - | grep -c "$PRINTED_NAME")" "the printed name, once as before"
reviewer_ap=$(printf '%s\n' "$widgets" | awk '$1 == "reviewer" { print $7 }')
qpdf --show-object="$reviewer_ap" --filtered-stream-data "$S" >"$TMP/ap.txt" 2>/dev/null
assert_not_contains "$(cat "$TMP/ap.txt")" "BT" "no text object in the appearance"
assert_contains "$(qpdf --show-object="$reviewer_ap" "$S")" "/Resources << >>" "the appearance needs no resources"
# One filled outline per character drawn (no space, no sara am, no ligature
# in either line): the name and "Signed YYYY-MM-DD HH:MM UTC".
glyphs=$(grep -c '^f Q$' "$TMP/ap.txt")
chars=$(printf '%sSigned2026-01-0112:00UTC' "$UNIQUE_NAME" | tr -d ' ' | perl -CS -ne 'print length')
assert_eq "$glyphs" "$chars" "glyph outlines in the reviewer's box"

# --invisible at a block: a named field, no box. --box still places a box anywhere.
assert_status 0 "$RAINGAN" sign "$TMP/plan.pdf" --key "$TMP/winai.p12" --field writer --invisible -o "$TMP/inv.pdf"
# (PDF/A: even an invisible widget has an appearance, an empty zero-size one.)
assert_eq "$(pdf_widgets "$TMP/inv.pdf" | cut -d' ' -f1-6)" "writer 1 0 0 0 0" "invisible signature at a block"
inv_ap=$(pdf_widgets "$TMP/inv.pdf" | cut -d' ' -f7)
assert_contains "$(qpdf --show-object="$inv_ap" "$TMP/inv.pdf")" "/BBox [ 0 0 0 0 ]" "invisible: an empty appearance"
assert_eq "$(qpdf --show-object="$inv_ap" --filtered-stream-data "$TMP/inv.pdf" | wc -c | tr -d ' ')" 0 "invisible: nothing drawn"
assert_eq "$(sig_valid "$TMP/inv.pdf")" 1 "invisible signature valid"
assert_status 0 "$RAINGAN" sign "$TMP/plan.pdf" --key "$TMP/winai.p12" --field writer --box "$page,40,40,200,60" \
  -o "$TMP/boxed.pdf"
assert_eq "$(pdf_widgets "$TMP/boxed.pdf" | cut -d' ' -f1-6)" "writer $page 40 40 240 100" "--box overrides the block"
# A field name not in the table, placed with --box, is accepted (a signature outside the form's blocks).
assert_status 0 "$RAINGAN" sign "$TMP/plan.pdf" --key "$TMP/winai.p12" --field witness --box "$page,40,40,200,60" \
  -o "$TMP/witness.pdf"
assert_eq "$(sig_valid "$TMP/witness.pdf")" 1 "a signature outside the blocks, with --box"
# A role signed already: refused even though its block is there.
assert_status 3 "$RAINGAN" sign "$TMP/p1.pdf" --key "$TMP/winai.p12" --field writer -o "$TMP/again.pdf"
assert_contains "$(cat "$TMP/stderr")" "already has a field named 'writer'" "a role signed twice"

# Archival copy (PDF/A-1b): still clean after visible signatures, as
# tests/archive_render.sh checks it: qpdf, every font embedded with a CIDSet,
# the PDF/A identification, and raingan verify.
A=$TMP/plan-a.pdf
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN --date 2020-01-15 --archive -o "$A"
# The same blocks, each of the same size; where they fall may differ (the
# verification footer takes room at the foot of every page, so with single
# line spacing the archival copy's pages break elsewhere).
# (Sizes within a point: positions are printed rounded.)
pdf_blocks "$A" >"$TMP/a-blocks"
same_blocks=$(printf '%s\n' "$blocks" | paste -d' ' - "$TMP/a-blocks" | awk '
  function abs(v) { return v < 0 ? -v : v }
  $1 != $7 || abs(($5 - $3) - ($11 - $9)) > 1 || abs(($6 - $4) - ($12 - $10)) > 1 { bad = 1 }
  END { print NR == 0 ? "none" : bad ? "differ" : "same" }')
assert_eq "$same_blocks" same "the archival copy lists the same blocks: $(pdf_blocks "$A")"
assert_status 0 "$RAINGAN" sign "$A" --key "$TMP/unique.p12" --field writer -o "$TMP/a1.pdf"
assert_status 0 "$RAINGAN" sign "$TMP/a1.pdf" --key "$TMP/approver.p12" --field approver --reason "อนุมัติ" -o "$TMP/a2.pdf"
assert_eq "$(sig_valid "$TMP/a2.pdf")" 2 "valid signatures on the archival copy"
qpdf --check "$TMP/a2.pdf" >"$TMP/check" 2>&1 || fail "qpdf --check a2.pdf: $(cat "$TMP/check")"
assert_contains "$(cat "$TMP/check")" "No syntax or stream encoding errors found" "qpdf --check of the signed archival copy"
fonts=$(pdffonts "$TMP/a2.pdf" | tail -n +3)
assert_eq "$(pdffonts "$TMP/a2.pdf")" "$(pdffonts "$A")" "no font added to the archival copy"
assert_eq "$(printf '%s\n' "$fonts" | awk '$(NF-4) != "yes"' | wc -l | tr -d ' ')" 0 "every font embedded"
assert_eq "$(grep -a -c '/CIDSet' "$TMP/a2.pdf")" "$(printf '%s\n' "$fonts" | grep -c .)" "a CIDSet per font"
assert_not_contains "$(cat "$TMP/a2.pdf" | tr -d '\0')" "/BaseFont /Helvetica" "no standard font"
meta=$(pdfinfo -meta "$TMP/a2.pdf")
assert_contains "$meta" "<pdfaid:part>1</pdfaid:part>" "PDF/A identification kept"
sh "$top_srcdir/tests/preflight.sh" "$TMP/a1.pdf" "$TMP/a2.pdf" >"$TMP/preflight.out" 2>&1 ||
  fail "PDFBox Preflight of the signed archival plan: $(cat "$TMP/preflight.out")"
assert_eq "$(pdf_widgets "$TMP/a2.pdf" | awk '{ print $1, $7 != "-" }' | tr '\n' ' ')" "writer 1 approver 1 " \
  "visible widgets on the archival copy"
# PDF/A-1: widgets printable (/F with the Print bit), an appearance dictionary holding only /N.
qpdf --json "$TMP/a2.pdf" | perl -MJSON::PP -e '
  my $j = decode_json(do { local $/; <STDIN> }); my $bad = 0;
  for my $o (values %{ $j->{qpdf}[1] }) {
    my $v = $o->{value}; next unless ref $v eq "HASH" && ($v->{"/Subtype"} // "") eq "/Widget";
    $bad++ unless ($v->{"/F"} // 0) & 4;
    $bad++ if $v->{"/AP"} && join(",", sort keys %{ $v->{"/AP"} }) ne "/N";
  }
  exit($bad ? 1 : 0)' || fail "a widget of the archival copy is not PDF/A-1 (print flag, /AP with /N only)"
if "$RAINGAN" verify --help >/dev/null 2>&1; then
  assert_status 0 "$RAINGAN" verify "$TMP/a2.pdf" --db "$DB"
  assert_contains "$(cat "$TMP/stdout")" "MATCHES" "verify the signed archival copy"
fi

finish
