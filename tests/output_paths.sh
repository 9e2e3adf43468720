#!/bin/sh
# Output paths (issue 11): only a regular file (or a new name) is replaced
# atomically; `-`, descriptors (/dev/stdout and the like), character devices
# and FIFOs are written as streams, never renamed over; a symbolic link is
# kept and the file it leads to written; a link to nothing, a block device
# and an output that is the database or an input are refused before anything
# is written. Everything here is made in a temporary directory: nothing
# under /dev is ever named as an output (/dev/stdout's case goes through our
# own link to /proc/self/fd/1, the same path the kernel's link leads to).
. "$top_srcdir/tests/lib.sh"
unset SOURCE_DATE_EPOCH
DB=$TMP/office.db
"$RAINGAN" import --db "$DB" "$top_srcdir"/examples/seed-*.json >/dev/null || { echo "import failed" >&2; exit 1; }
ID=50310000-2961
render() { "$RAINGAN" render progress-report --db "$DB" --id $ID --date 2023-05-01 "$@"; }
render -o "$TMP/ref.pdf" || { echo "render failed" >&2; exit 1; }
db_sha=$(sha256sum "$DB" | cut -d' ' -f1)

# `-o -`: standard output, for every command with -o.
render -o - >"$TMP/dash.pdf"
cmp -s "$TMP/ref.pdf" "$TMP/dash.pdf" || fail "render -o - differs from the file"
[ -e "$TMP/-" ] && fail "render -o - created a file named -"
"$RAINGAN" render progress-report --db "$DB" --id $ID --dump -o "$TMP/dump.txt"
"$RAINGAN" render progress-report --db "$DB" --id $ID --dump -o - >"$TMP/dump-dash.txt"
cmp -s "$TMP/dump.txt" "$TMP/dump-dash.txt" || fail "render --dump -o - differs"
"$RAINGAN" export --db "$DB" -o "$TMP/all.json"
"$RAINGAN" export --db "$DB" -o - >"$TMP/all-dash.json"
cmp -s "$TMP/all.json" "$TMP/all-dash.json" || fail "export -o - differs"
(cd "$TMP" && "$RAINGAN" proof --text 'ทดสอบ' -o - >"$TMP/proof.pdf")
assert_eq "$(head -c 5 "$TMP/proof.pdf")" "%PDF-" "proof -o - writes a PDF to standard output"
if command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=Output Test" \
    -keyout "$TMP/k.key" -out "$TMP/k.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$TMP/k.key" -in "$TMP/k.crt" -out "$TMP/k.p12" -passout pass:pw
  RAINGAN_P12_PASSWORD=pw "$RAINGAN" sign "$TMP/ref.pdf" --key "$TMP/k.p12" --invisible -o - >"$TMP/signed.pdf" \
    2>"$TMP/stderr"
  assert_eq "$(grep -c '/ByteRange' "$TMP/signed.pdf")" 1 "sign -o - writes the signed PDF"
  # The signing key is an input too.
  cp "$TMP/k.p12" "$TMP/k-copy.p12"
  assert_status 2 env RAINGAN_P12_PASSWORD=pw "$RAINGAN" sign "$TMP/ref.pdf" --key "$TMP/k.p12" --invisible \
    -o "$TMP/k.p12" --force
  assert_contains "$(cat "$TMP/stderr")" "the output must not be the signing key" "sign -o KEY refused"
  cmp -s "$TMP/k.p12" "$TMP/k-copy.p12" || fail "the key was changed"
fi

# /dev/stdout's way: a link to /proc/self/fd/1 writes to standard output and stays a link.
ln -s /proc/self/fd/1 "$TMP/stdout-link"
render -o "$TMP/stdout-link" >"$TMP/via-link.pdf"
cmp -s "$TMP/ref.pdf" "$TMP/via-link.pdf" || fail "-o LINK-TO-/proc/self/fd/1 did not write to standard output"
[ -L "$TMP/stdout-link" ] || fail "the link to /proc/self/fd/1 was replaced"
# ... also when standard output is a regular file (the shell's redirection is kept).
echo "first line" >"$TMP/log.txt"
render -o "$TMP/stdout-link" >>"$TMP/log.txt"
assert_eq "$(head -1 "$TMP/log.txt")" "first line" "appending redirection kept"
assert_eq "$(($(wc -c <"$TMP/log.txt") - 11))" "$(wc -c <"$TMP/ref.pdf")" "the PDF appended after it"

# A FIFO: written as a stream, still a FIFO.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/from-fifo.pdf" &
reader=$!
render -o "$TMP/fifo"
wait $reader
[ -p "$TMP/fifo" ] || fail "the FIFO was replaced"
cmp -s "$TMP/ref.pdf" "$TMP/from-fifo.pdf" || fail "what came through the FIFO differs"

# A character device: our own /dev/null node (mknod needs root); still a device.
if mknod "$TMP/null" c 1 3 2>/dev/null; then
  assert_status 0 render -o "$TMP/null"
  [ -c "$TMP/null" ] || fail "the character device was replaced by a $(stat -c %F "$TMP/null")"
  # A block device is refused (minor 250 of loop: no disk behind it).
  if mknod "$TMP/block" b 7 250 2>/dev/null; then
    assert_status 4 render -o "$TMP/block"
    assert_contains "$(cat "$TMP/stderr")" "block device (a disk); raingan never writes to one" "block device refused"
    [ -b "$TMP/block" ] || fail "the block device node was replaced"
  fi
else
  echo "note: mknod not permitted here; character and block devices not tried"
fi

# A symbolic link to a regular file: the link stays, its file gets the PDF
# (atomically: a new file renamed over the link's target).
echo old >"$TMP/real.pdf"
ln -s real.pdf "$TMP/link.pdf"
assert_status 0 render -o "$TMP/link.pdf"
[ -L "$TMP/link.pdf" ] || fail "the symbolic link was replaced"
cmp -s "$TMP/ref.pdf" "$TMP/real.pdf" || fail "the link's target did not get the PDF"
assert_eq "$(ls -A "$TMP" | grep -c '^\.real\.pdf\.')" 0 "no temporary left"
# A link to a link to a file in another directory.
mkdir "$TMP/sub"
ln -s ../real.pdf "$TMP/sub/rel.pdf"
ln -s sub/rel.pdf "$TMP/chain.pdf"
rm "$TMP/real.pdf"; echo old >"$TMP/real.pdf"
assert_status 0 render -o "$TMP/chain.pdf"
[ -L "$TMP/chain.pdf" ] && [ -L "$TMP/sub/rel.pdf" ] || fail "a link of the chain was replaced"
cmp -s "$TMP/ref.pdf" "$TMP/real.pdf" || fail "the chain's target did not get the PDF"
# A link to nothing: refused, nothing created.
ln -s nowhere.pdf "$TMP/dangling.pdf"
assert_status 4 render -o "$TMP/dangling.pdf"
assert_contains "$(cat "$TMP/stderr")" "a symbolic link to $TMP/nowhere.pdf, which does not exist; not written" "dangling link"
[ -e "$TMP/nowhere.pdf" ] && fail "the dangling link's target was created"
[ -L "$TMP/dangling.pdf" ] || fail "the dangling link was replaced"
# A read-only file behind a link is still refused.
cp "$TMP/ref.pdf" "$TMP/ro.pdf"; chmod 444 "$TMP/ro.pdf"; ln -s ro.pdf "$TMP/ro-link.pdf"
assert_status 4 render -o "$TMP/ro-link.pdf"
assert_contains "$(cat "$TMP/stderr")" "read-only; not replaced" "read-only behind a link"

# The database in use, under any name, is never an output.
ln -s office.db "$TMP/db-link"
ln "$DB" "$TMP/db-hardlink"
for out in "$DB" "$TMP/db-link" "$TMP/db-hardlink"; do
  assert_status 2 render -o "$out"
  assert_contains "$(cat "$TMP/stderr")" "the output must not be the database in use ($DB); nothing written" "render -o $out"
  assert_status 2 render --archive -o "$out"
  assert_status 2 "$RAINGAN" export --db "$DB" -o "$out"
  assert_contains "$(cat "$TMP/stderr")" "the output must not be the database in use" "export -o $out"
done
: >"$DB-journal"
assert_status 2 render -o "$DB-journal"
assert_contains "$(cat "$TMP/stderr")" "the database's journal" "the journal is not an output"
rm -f "$DB-journal"
assert_eq "$(sha256sum "$DB" | cut -d' ' -f1)" "$db_sha" "database unchanged"
[ -L "$TMP/db-link" ] || fail "the link to the database was replaced"
# Nor an input file: --data, or the form's template file.
cp "$top_srcdir/examples/seed-002-progress-2566.json" "$TMP/in.json" 2>/dev/null ||
  cp "$(ls "$top_srcdir"/examples/seed-*.json | head -1)" "$TMP/in.json"
in_sha=$(sha256sum "$TMP/in.json" | cut -d' ' -f1)
assert_status 2 "$RAINGAN" render progress-report --data "$TMP/in.json" --id $ID -o "$TMP/in.json"
assert_contains "$(cat "$TMP/stderr")" "the output must not be an input of this command" "render --data X -o X"
assert_eq "$(sha256sum "$TMP/in.json" | cut -d' ' -f1)" "$in_sha" "input unchanged"
cp "$top_srcdir/templates/progress-report.xml" "$TMP/form.xml" 2>/dev/null && {
  assert_status 2 "$RAINGAN" render "$TMP/form.xml" --db "$DB" --id $ID -o "$TMP/form.xml"
  assert_contains "$(cat "$TMP/stderr")" "the output must not be an input" "render FORM.xml -o FORM.xml"
}

# A regular file is still replaced atomically (a new inode, no temporary left).
cp "$TMP/ref.pdf" "$TMP/plain.pdf"
before=$(stat -c %i "$TMP/plain.pdf")
assert_status 0 render -o "$TMP/plain.pdf"
[ "$(stat -c %i "$TMP/plain.pdf")" != "$before" ] || fail "a regular file was not replaced by rename"
finish
