#!/bin/sh
# Every way raingan writes a document, into one directory, for a byte-for-byte
# comparison of two builds (a refactoring must not change a byte):
#
#   bench/render_snapshot.sh OLD/raingan /tmp/before
#   bench/render_snapshot.sh build/raingan /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
#
# Renders every example (examples/render-all.sh), each seed record plainly,
# as PDF/A-1b and PDF/A-3b archival copies, as a document-model dump and to
# standard output with Thai digits, one record from --data, a batch (-j 2),
# an archival batch, and two typography proofs; the date is fixed (--date,
# SOURCE_DATE_EPOCH). Fonts and templates come from $RAINGAN_DATA (default:
# this checkout) for both builds, since the proof prints the font files' paths.
# Not a test (it compares nothing itself); tests/determinism_render.sh checks
# that the paths agree with one another.
set -eu
R=$1; O=$2
top=$(cd "$(dirname "$0")/.." && pwd); EX=$top/examples
rm -rf "$O"; mkdir -p "$O"
export SOURCE_DATE_EPOCH=1696032000 RAINGAN_DATA="${RAINGAN_DATA:-$top}"
# The development plan's emblem comes from the data: its directory must be allowed.
export RAINGAN_IMAGE_DIRS="${RAINGAN_IMAGE_DIRS:-$EX}"
RAINGAN=$R sh "$EX/render-all.sh" "$O/ex" >/dev/null
db=$O/ex.db
"$R" import --db "$db" "$EX"/seed-*.json >/dev/null
for k in 04010000-3614:progress-report indicator-2563-3:indicator-report \
         50310000-2961:progress-report 21000000-3165:progress-report \
         hatyai-info-center-2563:development-plan; do
  key=${k%%:*}; f=${k#*:}
  "$R" render "$f" --db "$db" --id "$key" --date 2023-09-30 -o "$O/d-$key.pdf"
  "$R" render "$f" --db "$db" --id "$key" --date 2023-09-30 --archive -o "$O/a1-$key.pdf"
  "$R" render "$f" --db "$db" --id "$key" --date 2023-09-30 --archive pdfa-3b -o "$O/a3-$key.pdf"
  "$R" render "$f" --db "$db" --id "$key" --dump -o "$O/dump-$key.txt"
  "$R" render "$f" --db "$db" --id "$key" --date 2023-09-30 --digits thai -o - >"$O/stdout-thai-$key.pdf"
done
"$R" render progress-report --data "$EX/seed-002-progress-2566.json" --id 50310000-2961 \
  --date 2023-09-30 -o "$O/data-002.pdf"
"$R" batch progress-report --db "$db" --out-dir "$O/batch" -j 2 -q --date 2023-09-30 >/dev/null
"$R" batch development-plan --db "$db" --out-dir "$O/batch-a3" -j 1 -q --date 2023-09-30 \
  --archive pdfa-3b >/dev/null
"$R" proof -o "$O/proof.pdf"
"$R" proof --text 'สวัสดีครับ 123' --thai-digits -o "$O/proof-text.pdf"
rm -f "$db"
