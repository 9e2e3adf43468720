#!/bin/sh
# Images named by the data (a plan's emblem) reach the file system: only
# from the directories allowed (the database's, --image-dir, symbolic links
# resolved first), at most --image-max-size, and decoded whole by libpng or
# libjpeg before libharu sees them (libharu aborted the process, SIGABRT, on
# a truncated or CRC-broken PNG, and embedded garbage JPEG bytes as they
# were). Each refusal: one message naming the record and the file, exit 3,
# no PDF (docs/robustness.md).
. "$top_srcdir/tests/lib.sh"
image_plan_setup private
EMBLEM="$(cd "$EX" && pwd -P)/emblem-illustrative.png"
# libxml2 gives the line where the <image> element's start tag ends.
TPL_LINE="$(cd "$top_srcdir/templates" && pwd -P)/development-plan.xml:$(awk '/<image if="p.announcement_emblem"/ { f = 1 } f && /\/>/ { print NR; exit }' "$top_srcdir/templates/development-plan.xml")"

# with_emblem PATH: the example plan as raingan before schema 2 stored it,
# its emblem a path (PATH) in the record's row: import stores the image
# itself now (tests/image_store.sh), but rows still holding a path render,
# checked as below, with a warning.
with_emblem() {
  grep -v '"emblem": "emblem-illustrative.png"' "$EX/seed-004-plan-2563.json" >"$TMP/db/plan.json"
  "$RAINGAN" import --db "$DB" "$TMP/db/plan.json" >/dev/null 2>"$TMP/import.err" ||
    fail "import: $(cat "$TMP/import.err")"
  sqlite3 "$DB" "UPDATE plans SET announcement_emblem = '$1' WHERE key = '$PLAN'"
}
LEGACY="raingan: warning: <image> of record $PLAN: the image is the file"
# refused PATH EXPECTED [RENDER-OPTIONS...]: rendering the plan fails with
# exit 3 and the one message EXPECTED (after "raingan render: TEMPLATE:LINE:
# <image> of record KEY: "); nothing written.
refused() {
  path=$1 expected=$2
  shift 2
  with_emblem "$path"
  rm -f "$TMP/out.pdf"
  assert_status 3 "$RAINGAN" render development-plan --db "$DB" --id $PLAN -o "$TMP/out.pdf" "$@"
  assert_eq "$(tail -n 1 "$TMP/stderr")" "raingan render: $TPL_LINE: <image> of record $PLAN: $expected" "emblem $path"
  case $path in /*) ;; *) return 0 ;; esac
  assert_contains "$(head -n 1 "$TMP/stderr")" "$LEGACY" "emblem $path: the warning of a path left by an older raingan"
  [ -e "$TMP/out.pdf" ] && fail "emblem $path: a PDF was written"
  ls -A "$TMP" | grep -q '^\.out\.pdf' && fail "emblem $path: a temporary was left"
  return 0
}
printed() {  # printed PATH [RENDER-OPTIONS...]: the plan prints with its emblem
  path=$1
  shift
  with_emblem "$path"
  assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN -o "$TMP/out.pdf" "$@"
  [ "$(pdfimages -list "$TMP/out.pdf" 2>/dev/null | tail -n +3 | wc -l)" -ge 1 ] ||
    fail "emblem $path: no image in the PDF"
  assert_contains "$(cat "$TMP/stderr")" "$LEGACY $path, not stored in the database; import the record again to store it (then no file is needed)" "emblem $path: warned"
}

# The example emblem: refused outside the database's directory, printed
# with --image-dir, or beside the database.
refused "$EMBLEM" "image $EMBLEM: outside the directories images from the data may come from ($TMP/db); add its directory with --image-dir if it is meant to be printed"
printed "$EMBLEM" --image-dir "$EX"
RAINGAN_IMAGE_DIRS="/nonexistent:$EX" printed "$EMBLEM"
cp "$EMBLEM" "$TMP/db/emblem.png"
printed "$TMP/db/emblem.png"
# batch takes the same options.
with_emblem "$EMBLEM"
assert_status 1 "$RAINGAN" batch development-plan --db "$DB" --out-dir "$TMP/batch" -q
assert_contains "$(cat "$TMP/stderr")" "outside the directories images from the data may come from" "batch without --image-dir"
assert_status 0 "$RAINGAN" batch development-plan --db "$DB" --out-dir "$TMP/batch" -q --image-dir "$EX"

# A private photo outside, directly or through a symbolic link inside the
# allowed directory (resolved first), or through "..".
convert "$EMBLEM" "$TMP/private/photo.jpg" || fail "convert"
refused "$TMP/private/photo.jpg" "image $TMP/private/photo.jpg: outside the directories images from the data may come from ($TMP/db); add its directory with --image-dir if it is meant to be printed"
ln -s ../private/photo.jpg "$TMP/db/link.jpg"
refused "$TMP/db/link.jpg" "image $TMP/db/link.jpg (really $TMP/private/photo.jpg): outside the directories images from the data may come from ($TMP/db); add its directory with --image-dir if it is meant to be printed"
refused "$TMP/db/../private/photo.jpg" "image $TMP/db/../private/photo.jpg (really $TMP/private/photo.jpg): outside the directories images from the data may come from ($TMP/db); add its directory with --image-dir if it is meant to be printed"
# A sibling whose name starts like the allowed directory is not inside it.
mkdir -p "$TMP/db2" && cp "$EMBLEM" "$TMP/db2/e.png"
refused "$TMP/db2/e.png" "image $TMP/db2/e.png: outside the directories images from the data may come from ($TMP/db); add its directory with --image-dir if it is meant to be printed"

# Too large: a 2 GB sparse file (never read), and --image-max-size.
truncate -s 2G "$TMP/db/huge.png"
refused "$TMP/db/huge.png" "image $TMP/db/huge.png: 2147483648 bytes, more than the limit of 16777216 (--image-max-size)"
refused "$TMP/db/emblem.png" "image $TMP/db/emblem.png: $(wc -c <"$EMBLEM") bytes, more than the limit of 1024 (--image-max-size)" --image-max-size 1K
assert_status 2 "$RAINGAN" render development-plan --db "$DB" --id $PLAN -o "$TMP/out.pdf" --image-max-size 12Q

# Damaged images (before: SIGABRT inside libharu for the PNGs, exit 134).
head -c 3000 "$EMBLEM" >"$TMP/db/truncated.png"
refused "$TMP/db/truncated.png" "image $TMP/db/truncated.png: damaged PNG (read beyond end of data)"
# Only the CRC of the first IDAT chunk wrong, its data intact.
perl -e 'local $/; my $d = <STDIN>; my $i = index($d, "IDAT") - 4; my $n = unpack("N", substr($d, $i, 4));
  substr($d, $i + 8 + $n + 3, 1) = chr(ord(substr($d, $i + 8 + $n + 3, 1)) ^ 0xff); print $d' \
  <"$EMBLEM" >"$TMP/db/crc.png"
refused "$TMP/db/crc.png" "image $TMP/db/crc.png: damaged PNG (IDAT: CRC error)"
# A JPEG whose scan data is garbage after its first 600 bytes (before:
# embedded as it was, exit 0).
convert "$EMBLEM" "$TMP/db/good.jpg"
head -c 600 "$TMP/db/good.jpg" >"$TMP/db/garbage.jpg"
awk 'BEGIN { for (i = 0; i < 4000; i++) printf "%c", (i * 7 + 3) % 251 }' >>"$TMP/db/garbage.jpg"
refused "$TMP/db/garbage.jpg" "image $TMP/db/garbage.jpg: damaged JPEG (Premature end of JPEG file)"
printf 'not an image at all\n' >"$TMP/db/text.png"
refused "$TMP/db/text.png" "image $TMP/db/text.png: neither a PNG nor a JPEG image"
# A PNG named .jpg is read by its content: printed. A good JPEG too.
cp "$EMBLEM" "$TMP/db/png-named.jpg"
printed "$TMP/db/png-named.jpg"
printed "$TMP/db/good.jpg"
finish
