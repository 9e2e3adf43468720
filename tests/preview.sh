#!/bin/sh
# PNG previews (src/preview, issue 14). `raingan preview`: its PNG against
# pdftoppm's rasterization of `raingan render`'s PDF of the same page (poppler's
# Splash renderer, independent of the cairo one preview uses: within a
# tolerance) and pdftocairo's (the same renderer: exactly), the exact sizes of
# an A4 page at 72/96/150 dpi, page 2 against page 1, --data and -o -, and
# every error's message and exit status with nothing written. Then the
# service's GET /render/FORM/KEY/page-N.png (tests/preview_service.py), whose
# PNG must be the same bytes as the command's.
. "$top_srcdir/tests/lib.sh"

KEY=50310000-2961   # progress-report: 9 pages
SEED="$top_srcdir/examples/seed-002-progress-2566.json"
DB="$TMP/preview.db"
"$RAINGAN" init --db "$DB" >/dev/null && "$RAINGAN" import --db "$DB" "$SEED" >/dev/null || { echo "setup failed" >&2; exit 1; }
mkdir "$TMP/out" "$TMP/cli"

size() { identify -format '%w x %h' "$1" 2>/dev/null; }
# differing FILE1 FILE2 [BLUR]: pixels differing by more than 15 % (after a
# Gaussian blur of both when BLUR is given), as ImageMagick's compare counts them.
differing() {
  if [ -n "${3:-}" ]; then
    convert "$1" -blur "$3" "$TMP/a.png" && convert "$2" -blur "$3" "$TMP/b.png"
    compare -metric AE -fuzz 15% "$TMP/a.png" "$TMP/b.png" null: 2>&1 | cut -d' ' -f1
  else
    compare -metric AE "$1" "$2" null: 2>&1 | cut -d' ' -f1
  fi
}

assert_status 0 "$RAINGAN" render progress-report --db "$DB" --id "$KEY" -o "$TMP/render.pdf"
assert_eq "$(pdfinfo "$TMP/render.pdf" | sed -n 's/^Pages: *//p')" 9 "pages of the rendered PDF"

# Page 1 at 96 dpi (the default). Tolerance: cairo puts glyphs at whole pixels,
# Splash at quarter pixels; blurred by 1.5 px, 0.5 % of the page may differ.
# Measured: 1,095 pixels of 891,662 (0.12 %); page 2 instead: 108,066 (12 %).
assert_status 0 "$RAINGAN" preview progress-report --db "$DB" --id "$KEY" -o "$TMP/out/p1.png"
assert_eq "$(size "$TMP/out/p1.png")" "794 x 1123" "page 1 at 96 dpi"
pdftoppm -png -r 96 -f 1 -l 1 -singlefile "$TMP/render.pdf" "$TMP/ppm-1"
pdftocairo -png -r 96 -f 1 -l 1 -singlefile "$TMP/render.pdf" "$TMP/cairo-1"
n=$(differing "$TMP/out/p1.png" "$TMP/ppm-1.png" 0x1.5)
[ "$n" -ge 0 ] 2>/dev/null && [ "$n" -le 4458 ] || fail "page 1 against pdftoppm -r 96: $n pixels differ (at most 4458)"
assert_eq "$(differing "$TMP/out/p1.png" "$TMP/cairo-1.png")" 0 "page 1 against pdftocairo -r 96 (the same renderer)"
cp "$TMP/out/p1.png" "$TMP/cli/cli-page-1.png"

# Page 2 is page 2.
assert_status 0 "$RAINGAN" preview progress-report --db "$DB" --id "$KEY" --page 2 -o "$TMP/out/p2.png"
pdftoppm -png -r 96 -f 2 -l 2 -singlefile "$TMP/render.pdf" "$TMP/ppm-2"
n=$(differing "$TMP/out/p2.png" "$TMP/ppm-2.png" 0x1.5)
[ "$n" -ge 0 ] 2>/dev/null && [ "$n" -le 4458 ] || fail "page 2 against pdftoppm -f 2: $n pixels differ"
n=$(differing "$TMP/out/p2.png" "$TMP/out/p1.png" 0x1.5)
[ "$n" -gt 44580 ] 2>/dev/null || fail "page 2 differs from page 1 in $n pixels only"

# The sizes pdftoppm makes of A4 (595.28 x 841.89 pt): ceil(pt * dpi / 72).
for case in "72 596 x 842" "96 794 x 1123" "150 1241 x 1754"; do
  dpi=${case%% *}; want=${case#* }
  assert_status 0 "$RAINGAN" preview progress-report --db "$DB" --id "$KEY" --page 3 --dpi "$dpi" -o "$TMP/out/d.png"
  assert_eq "$(size "$TMP/out/d.png")" "$want" "page 3 at $dpi dpi"
  pdftoppm -png -r "$dpi" -f 3 -l 3 -singlefile "$TMP/render.pdf" "$TMP/ppm-d"
  assert_eq "$(size "$TMP/ppm-d.png")" "$want" "pdftoppm's page 3 at $dpi dpi"
  n=$(differing "$TMP/out/d.png" "$TMP/ppm-d.png" "0x$(echo "1.5 * $dpi / 96" | bc -l | cut -c1-4)")
  [ "$n" -ge 0 ] 2>/dev/null && [ "$n" -le $(( ${want%% *} * ${want##* } / 200 )) ] ||
    fail "page 3 at $dpi dpi against pdftoppm: $n pixels differ"
done

# --data instead of --db, and -o - (standard output): the same bytes.
assert_status 0 "$RAINGAN" preview progress-report --data "$SEED" --id "$KEY" -o "$TMP/out/data.png"
cmp -s "$TMP/out/data.png" "$TMP/out/p1.png" || fail "--data: not the bytes of --db's page 1"
"$RAINGAN" preview progress-report --db "$DB" --id "$KEY" -o - >"$TMP/stdout.png" 2>"$TMP/stderr" || fail "-o -: $(cat "$TMP/stderr")"
cmp -s "$TMP/stdout.png" "$TMP/out/p1.png" || fail "-o -: not the bytes of -o FILE"
# The render options: the page of the PDF `render` makes with them.
assert_status 0 "$RAINGAN" preview progress-report --db "$DB" --id "$KEY" --digits thai --date 2566-01-16 -o "$TMP/out/thai.png"
"$RAINGAN" render progress-report --db "$DB" --id "$KEY" --digits thai --date 2566-01-16 -o "$TMP/thai.pdf"
pdftocairo -png -r 96 -f 1 -l 1 -singlefile "$TMP/thai.pdf" "$TMP/cairo-thai"
assert_eq "$(differing "$TMP/out/thai.png" "$TMP/cairo-thai.png")" 0 "--digits thai --date: page 1 of render's PDF"
n=$(differing "$TMP/out/thai.png" "$TMP/out/p1.png" 0x1.5)
[ "$n" -gt 500 ] 2>/dev/null || fail "--digits thai looks like the default digits ($n pixels differ)"

# Errors: one message, the exit status of docs/cli.md, nothing written, and an
# existing output left as it was.
echo "before" >"$TMP/out/keep.png"
ls -A "$TMP/out" >"$TMP/listing.before"
err_case() {   # err_case STATUS MESSAGE ARGS...
  local status=$1 message=$2; shift 2
  assert_status "$status" "$RAINGAN" preview "$@"
  assert_eq "$(head -1 "$TMP/stderr")" "$message" "message of [preview $*]"
  assert_eq "$(cat "$TMP/out/keep.png")" "before" "the output after [preview $*]"
  assert_eq "$(ls -A "$TMP/out")" "$(cat "$TMP/listing.before")" "files in the output directory after [preview $*]"
}
P="progress-report --db $DB --id $KEY -o $TMP/out/keep.png"
err_case 2 "raingan preview: --page 10: the document has 9 pages" $P --page 10
err_case 2 "raingan preview: --page 0: expected a page number, from 1" $P --page 0
err_case 2 "raingan preview: --page two: expected a page number, from 1" $P --page two
err_case 2 "raingan preview: --dpi 17: expected a whole number from 18 to 600" $P --dpi 17
err_case 2 "raingan preview: --dpi 601: expected a whole number from 18 to 600" $P --dpi 601
err_case 2 "raingan preview: --dpi 96.5: expected a whole number from 18 to 600" $P --dpi 96.5
err_case 3 "raingan preview: no project with key \`no-such-key\` in the store (form progress-report)" \
  progress-report --db "$DB" --id no-such-key -o "$TMP/out/keep.png"
"$RAINGAN" render no-such-form --db "$DB" --id "$KEY" -o "$TMP/out/keep.png" 2>"$TMP/render.err"
status=$?
err_case "$status" "$(head -1 "$TMP/render.err" | sed 's/^raingan render:/raingan preview:/')" \
  no-such-form --db "$DB" --id "$KEY" -o "$TMP/out/keep.png"
assert_contains "$(cat "$TMP/stderr")" "no-such-form" "unknown form: the message names it"
err_case 2 "raingan preview: -o OUT.png is required" progress-report --db "$DB" --id "$KEY"
err_case 5 "$("$RAINGAN" render progress-report --db "$TMP/none.db" --id "$KEY" -o "$TMP/x.pdf" 2>&1 | head -1 | sed 's/^raingan render:/raingan preview:/')" \
  progress-report --db "$TMP/none.db" --id "$KEY" -o "$TMP/out/keep.png"
cp "$DB" "$TMP/db.copy"
err_case 2 "raingan preview: $DB: the output must not be the database in use ($DB); nothing written" \
  progress-report --db "$DB" --id "$KEY" -o "$DB"
cmp -s "$DB" "$TMP/db.copy" || fail "-o the database: the database changed"
# A directory is never renamed over.
mkdir "$TMP/out/dir.png"
assert_status 4 "$RAINGAN" preview progress-report --db "$DB" --id "$KEY" -o "$TMP/out/dir.png"
[ -d "$TMP/out/dir.png" ] || fail "-o DIR: the directory was replaced"

# poppler stays out of raingan itself (only raingan-preview and raingan-serve load it).
if ldd "$RAINGAN" | grep -q -e poppler -e cairo; then fail "raingan is linked with poppler or cairo"; fi
ldd "$(dirname "$RAINGAN")/raingan-preview" | grep -q libpoppler-glib || fail "raingan-preview is not linked with poppler-glib"

# The service: the same bytes as the command, and its own errors.
python3 "$top_srcdir/tests/preview_service.py" "$TMP/cli" || fail "tests/preview_service.py"
finish
