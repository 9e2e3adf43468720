#!/bin/sh
# Reproducible PDFs: the same data, template and fonts give byte-identical
# files, whatever the clock, the time zone, the worker count or where the
# data comes from (--db or --data); the document date comes from --date or
# SOURCE_DATE_EPOCH (never the clock), and the /ID is derived from content.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
DB=$TMP/d.db
KEY=50310000-2961
assert_status 0 "$RAINGAN" import --db "$DB" "$EX"/seed-*.json

r() {  # r OUT [ARGS...]: render seed 002
  out=$1; shift
  assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id $KEY -o "$out" "$@"
}
pdf_id() { qpdf --show-object=trailer "$1" 2>/dev/null | sed -n 's/.*\/ID \[ *<\([0-9a-fA-F]*\)>.*/\1/p'; }

r "$TMP/a.pdf" --date 2023-09-30
sleep 1.1   # a clock read anywhere would now give other bytes
TZ=Asia/Bangkok r "$TMP/b.pdf" --date 2023-09-30
cmp -s "$TMP/a.pdf" "$TMP/b.pdf" || fail "two renders (1 s apart, another TZ) differ"
SOURCE_DATE_EPOCH=1696032000 r "$TMP/c.pdf"        # 2023-09-30T00:00:00Z
cmp -s "$TMP/a.pdf" "$TMP/c.pdf" || fail "SOURCE_DATE_EPOCH and --date of the same day differ"
SOURCE_DATE_EPOCH=1 r "$TMP/c2.pdf" --date 2023-09-30   # --date wins
cmp -s "$TMP/a.pdf" "$TMP/c2.pdf" || fail "--date does not override SOURCE_DATE_EPOCH"
assert_status 0 "$RAINGAN" render progress-report --data "$EX/seed-002-progress-2566.json" --id $KEY \
  --date 2023-09-30 -o "$TMP/d.pdf"
cmp -s "$TMP/a.pdf" "$TMP/d.pdf" || fail "--data and --db give different bytes"

# The same fonts and templates installed elsewhere (a package vs the build
# tree) give the same bytes: nothing in the file depends on where they live.
mkdir -p "$TMP/data"
cp -R "$top_srcdir/fonts" "$top_srcdir/templates" "$TMP/data/"
RAINGAN_DATA=$TMP/data RAINGAN_TEMPLATES= r "$TMP/moved.pdf" --date 2023-09-30
cmp -s "$TMP/a.pdf" "$TMP/moved.pdf" || fail "fonts and templates in another directory give other bytes"

info=$(pdfinfo "$TMP/a.pdf")
assert_contains "$info" "CreationDate:    Sat Sep 30 00:00:00 2023 UTC" "creation date from --date"
assert_contains "$info" "ModDate:         Sat Sep 30 00:00:00 2023 UTC" "modification date from --date"
SOURCE_DATE_EPOCH=1700000000 r "$TMP/e.pdf"
assert_contains "$(pdfinfo "$TMP/e.pdf")" "CreationDate:    Tue Nov 14 00:00:00 2023 UTC" \
  "creation date from SOURCE_DATE_EPOCH"

# Without any date: still reproducible, and no clock date inside.
r "$TMP/n1.pdf"; sleep 1.1; r "$TMP/n2.pdf"
cmp -s "$TMP/n1.pdf" "$TMP/n2.pdf" || fail "renders without a date differ"
year=$(date -u +%Y)
pdfinfo "$TMP/n1.pdf" | grep -q "Date:.* $year UTC" && [ "$year" != 2023 ] && fail "a clock date is in the PDF"

# /ID: the same for the same content, another for other content.
id_a=$(pdf_id "$TMP/a.pdf"); id_b=$(pdf_id "$TMP/b.pdf"); id_e=$(pdf_id "$TMP/e.pdf")
[ -n "$id_a" ] || fail "no /ID in the trailer"
assert_eq "$id_b" "$id_a" "/ID of identical renders"
[ "$id_e" != "$id_a" ] || fail "/ID does not depend on the content"
assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id 21000000-3165 --date 2023-09-30 -o "$TMP/o.pdf"
[ "$(pdf_id "$TMP/o.pdf")" != "$id_a" ] || fail "two records share an /ID"

# An image changed under the same name is another document: another /ID
# (the /ID hashes the image's bytes, not only its name and place). The second
# emblem has the same pixels and one text chunk more, so only its bytes differ.
mkdir -p "$TMP/plan1" "$TMP/plan2"
cp "$top_srcdir/examples/seed-004-plan-2563.json" "$top_srcdir/examples/emblem-illustrative.png" "$TMP/plan1/"
cp "$top_srcdir/examples/seed-004-plan-2563.json" "$TMP/plan2/"
perl -MCompress::Zlib -e '
  local $/; open my $in, "<:raw", $ARGV[0] or die; my $png = <$in>;
  my $iend = substr($png, -12, 12, "");
  my $body = "tEXtComment\0another emblem, same pixels";
  binmode STDOUT;
  print $png, pack("N", length($body) - 4), $body, pack("N", crc32($body)), $iend;
  ' "$top_srcdir/examples/emblem-illustrative.png" >"$TMP/plan2/emblem-illustrative.png" \
  || fail "perl could not write the second emblem"
for n in 1 2; do
  assert_status 0 "$RAINGAN" render development-plan --data "$TMP/plan$n/seed-004-plan-2563.json" \
    --id hatyai-info-center-2563 --date 2020-09-30 -o "$TMP/plan$n.pdf"
done
[ -n "$(pdf_id "$TMP/plan1.pdf")" ] && [ "$(pdf_id "$TMP/plan1.pdf")" != "$(pdf_id "$TMP/plan2.pdf")" ] \
  || fail "a new emblem under the same file name keeps the /ID"

# Batch: -j 1 and -j 2 give the same files, equal to render's.
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/j1" -j 1 -q --date 2023-09-30
assert_status 0 "$RAINGAN" batch progress-report --db "$DB" --out-dir "$TMP/j2" -j 2 -q --date 2023-09-30
for f in "$TMP"/j1/*.pdf; do
  cmp -s "$f" "$TMP/j2/$(basename "$f")" || fail "$(basename "$f"): -j 1 and -j 2 differ"
done
cmp -s "$TMP/a.pdf" "$TMP/j2/progress-report-2566-$KEY.pdf" || fail "batch differs from render"
# --date is read like imported dates: Buddhist-era spellings of the same
# day give the same bytes; an impossible date is refused with its reason.
r "$TMP/be1.pdf" --date 2566-09-30
cmp -s "$TMP/a.pdf" "$TMP/be1.pdf" || fail "--date 2566-09-30 (BE) differs from 2023-09-30"
r "$TMP/be2.pdf" --date 30/09/2566
cmp -s "$TMP/a.pdf" "$TMP/be2.pdf" || fail "--date 30/09/2566 differs from 2023-09-30"
assert_status 2 "$RAINGAN" render progress-report --db "$DB" --id $KEY -o "$TMP/bad.pdf" --date 2020-02-31
assert_contains "$(cat "$TMP/stderr")" "month 2 of 2020 has 29 days" "impossible --date names its reason"
[ ! -e "$TMP/bad.pdf" ] || fail "a refused --date still wrote a PDF"
finish
