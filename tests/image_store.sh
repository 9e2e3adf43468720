#!/bin/sh
# Images stored in the database (issue 11): import reads a record's image
# (a plan's emblem, a memo's Garuda) from a file or a data: URI, checks it
# and stores its bytes in the `images` table by SHA-256; render draws them
# from the database (no file), export writes them as data: URIs, the
# archive digest covers them, `raingan check` verifies them. A schema 1
# database (emblem paths) is migrated by init and import.
. "$top_srcdir/tests/lib.sh"
image_plan_setup src
cp "$EX/seed-004-plan-2563.json" "$EX/emblem-illustrative.png" "$TMP/src/"
SHA=$(sha256sum <"$EX/emblem-illustrative.png" | cut -d' ' -f1)
URI="data:image/png;base64,$(base64 -w 0 <"$EX/emblem-illustrative.png")"

# Import stores the bytes; the record holds the reference.
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/src/seed-004-plan-2563.json"
assert_eq "$(sqlite3 "$DB" "SELECT announcement_emblem FROM plans WHERE key = '$PLAN'")" "sha256:$SHA" "the record holds the reference"
assert_eq "$(sqlite3 "$DB" "SELECT media_type, length(data), hex(data) = '$(xxd -p "$EX/emblem-illustrative.png" | tr -d '\n' | tr a-f A-F)' FROM images")" \
  "image/png|$(wc -c <"$EX/emblem-illustrative.png")|1" "the bytes stored, byte for byte"

# The stored image renders as the file did: the same pixels as a render of
# the row holding the path (what schema 1 stored).
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN -o "$TMP/stored.pdf"
assert_eq "$(cat "$TMP/stderr")" "" "no warning for a stored image"
cp "$DB" "$TMP/db/legacy.db"
sqlite3 "$TMP/db/legacy.db" "UPDATE plans SET announcement_emblem = '$TMP/src/emblem-illustrative.png'"
assert_status 0 "$RAINGAN" render development-plan --db "$TMP/db/legacy.db" --id $PLAN --image-dir "$TMP/src" -o "$TMP/path.pdf"
assert_contains "$(cat "$TMP/stderr")" "raingan: warning: <image> of record $PLAN: the image is the file $TMP/src/emblem-illustrative.png, not stored in the database; import the record again to store it" "a path row warns"
pdftoppm -r 60 -f 2 -l 2 "$TMP/stored.pdf" "$TMP/stored" && pdftoppm -r 60 -f 2 -l 2 "$TMP/path.pdf" "$TMP/path" || fail "pdftoppm"
cmp -s "$TMP"/stored-*2.ppm "$TMP"/path-*2.ppm || fail "the stored emblem's page differs from the path's"
pdfimages -png -f 2 -l 2 "$TMP/stored.pdf" "$TMP/si" && pdfimages -png -f 2 -l 2 "$TMP/path.pdf" "$TMP/pi" || fail "pdfimages"
cmp -s "$TMP/si-000.png" "$TMP/pi-000.png" || fail "the embedded image differs"
# A test that can fail: without the emblem, the page differs.
sqlite3 "$TMP/db/legacy.db" "UPDATE plans SET announcement_emblem = NULL"
"$RAINGAN" render development-plan --db "$TMP/db/legacy.db" --id $PLAN -o "$TMP/none.pdf" && pdftoppm -r 60 -f 2 -l 2 "$TMP/none.pdf" "$TMP/none"
cmp -s "$TMP"/stored-*2.ppm "$TMP"/none-*2.ppm && fail "the page without emblem compares equal: the comparison cannot fail"

# The original file moved away, then deleted: the document still prints,
# byte for byte the same.
mv "$TMP/src/emblem-illustrative.png" "$TMP/moved.png"
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN -o "$TMP/after-move.pdf"
cmp -s "$TMP/stored.pdf" "$TMP/after-move.pdf" || fail "the render changed when the file moved"
rm "$TMP/moved.png"
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN -o "$TMP/after-rm.pdf"
cmp -s "$TMP/stored.pdf" "$TMP/after-rm.pdf" || fail "the render changed when the file was deleted"

# A data: URI (what export writes): the same reference, one row (dedupe),
# also for a second record with the same image.
sed "s#\"emblem-illustrative.png\"#\"$URI\"#" "$EX/seed-004-plan-2563.json" >"$TMP/uri.json"
sed -e "s#\"emblem-illustrative.png\"#\"$URI\"#" -e "s#\"key\": \"$PLAN\"#\"key\": \"$PLAN-copy\"#" \
  "$EX/seed-004-plan-2563.json" >"$TMP/uri-copy.json"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/uri.json" "$TMP/uri-copy.json"
assert_eq "$(sqlite3 "$DB" "SELECT count(*), count(DISTINCT announcement_emblem), min(announcement_emblem) FROM plans")" "2|1|sha256:$SHA" "two records, one reference"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM images")" 1 "the same image stored once"
# render --data from a data: URI, no file anywhere
assert_status 0 "$RAINGAN" render development-plan --data "$TMP/uri.json" --id $PLAN -o "$TMP/data.pdf"
pdftoppm -r 60 -f 2 -l 2 "$TMP/data.pdf" "$TMP/data" && cmp -s "$TMP"/stored-*2.ppm "$TMP"/data-*2.ppm || fail "render --data with a data: URI differs"

# Damaged data: URIs and files are refused at import, naming the file, the
# JSON path, the line and the record; nothing stored.
before=$(sqlite3 "$DB" "SELECT count(*) FROM images; SELECT announcement_emblem FROM plans ORDER BY key" | sha256sum)
LINE=$(grep -n '"emblem"' "$EX/seed-004-plan-2563.json" | cut -d: -f1)
refused_at_import() {  # refused_at_import STATUS VALUE EXPECTED
  sed "s#\"emblem-illustrative.png\"#\"$2\"#" "$EX/seed-004-plan-2563.json" >"$TMP/db/bad.json"
  assert_status "$1" "$RAINGAN" import --db "$DB" "$TMP/db/bad.json"
  assert_eq "$(head -n 1 "$TMP/stderr")" "raingan import: $TMP/db/bad.json: \$.records[3].announcement.emblem (line $LINE): image of record $PLAN: $3" "import of emblem ${2%%,*}"
  assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM images; SELECT announcement_emblem FROM plans ORDER BY key" | sha256sum)" "$before" "nothing stored after emblem ${2%%,*}"
}
refused_at_import 3 "$(printf '%s' "$URI" | head -c 3002)" "image (data: URI): damaged PNG (read beyond end of data)"
refused_at_import 3 "data:image/png;base64,@@@@" "data: URI: the text after \"base64,\" is not base64 (damaged or cut off)"
refused_at_import 3 "data:image/gif;base64,R0lGODlhAQABAAAAACw=" "data: URI of type \"image/gif;base64\": an image is given as data:image/png;base64,... or data:image/jpeg;base64,..."
refused_at_import 3 "data:image/png;base64,$(printf 'not an image' | base64)" "image (data: URI): neither a PNG nor a JPEG image"
refused_at_import 3 "sha256:$(printf '%064d' 0)" "no image sha256:$(printf '%064d' 0) is stored in this database; give the image itself (a file or a data: URI)"
# A file outside the allowed directories (the JSON file's, the database's,
# --image-dir, $RAINGAN_IMAGE_DIRS): refused at import now.
mkdir -p "$TMP/private" && cp "$EX/emblem-illustrative.png" "$TMP/private/photo.png"
refused_at_import 3 "$TMP/private/photo.png" "image $TMP/private/photo.png: outside the directories images from the data may come from ($TMP/db); add its directory with --image-dir if it is meant to be printed"
refused_at_import 4 "emblem.png" "image $TMP/db/emblem.png: No such file or directory"
sed "s#\"emblem-illustrative.png\"#\"$TMP/private/photo.png\"#" "$EX/seed-004-plan-2563.json" >"$TMP/db/ok.json"
assert_status 0 "$RAINGAN" import --db "$DB" --image-dir "$TMP/private" "$TMP/db/ok.json"
assert_status 3 "$RAINGAN" import --db "$DB" --image-dir "$TMP/private" --image-max-size 1K "$TMP/db/ok.json"
assert_contains "$(cat "$TMP/stderr")" "image $TMP/private/photo.png: $(wc -c <"$EX/emblem-illustrative.png") bytes, more than the limit of 1024 (--image-max-size)" "--image-max-size at import"

# Export writes a data: URI; export -> import -> export is byte-identical.
assert_status 0 "$RAINGAN" export --db "$DB" -o "$TMP/e1.json"
assert_contains "$(cat "$TMP/e1.json")" "\"emblem\": \"$URI\"" "export writes the data: URI"
assert_status 0 "$RAINGAN" import --db "$TMP/fresh.db" "$TMP/e1.json"
assert_status 0 "$RAINGAN" export --db "$TMP/fresh.db" -o "$TMP/e2.json"
cmp -s "$TMP/e1.json" "$TMP/e2.json" || fail "export -> import -> export differs"
assert_eq "$(sqlite3 "$TMP/fresh.db" "SELECT sha256 FROM images")" "$SHA" "the fresh database holds the image"

# A declared kind's image field (the memo's Garuda) is stored the same way.
assert_status 0 "$RAINGAN" import --db "$DB" --image-dir "$EX" "$EX/memo-bangrak-2566.json"
assert_eq "$(sqlite3 "$DB" "SELECT DISTINCT emblem FROM memo")" "sha256:$SHA" "memo emblem stored"

# The archive digest covers the image bytes: an image row edited in the
# database makes verify say CHANGED; check finds it too.
assert_status 0 "$RAINGAN" render development-plan --db "$DB" --id $PLAN --archive -o "$TMP/archive.pdf"
assert_status 0 "$RAINGAN" verify "$TMP/archive.pdf" --db "$DB"
assert_status 0 "$RAINGAN" check --db "$DB"
cp "$DB" "$TMP/db/edited.db"
sqlite3 "$TMP/db/edited.db" "UPDATE images SET data = CAST(data || x'00' AS BLOB) WHERE sha256 = '$SHA'"
assert_status 8 "$RAINGAN" verify "$TMP/archive.pdf" --db "$TMP/db/edited.db"
assert_contains "$(cat "$TMP/stdout")" "CHANGED" "verify after the image row was edited"
assert_contains "$(cat "$TMP/stdout")" "images" "verify names the images"
assert_status 7 "$RAINGAN" check --db "$TMP/db/edited.db"
assert_contains "$(cat "$TMP/stdout")" "images (sha256='$SHA'): the bytes stored are not the image this key names" "check: edited image"
cp "$DB" "$TMP/db/dangling.db"
sqlite3 "$TMP/db/dangling.db" "DELETE FROM images"
assert_status 7 "$RAINGAN" check --db "$TMP/db/dangling.db"
assert_contains "$(cat "$TMP/stdout")" "plans (key='$PLAN'): announcement_emblem refers to the image sha256:$SHA, which is not stored in images" "check: dangling plan emblem"
assert_contains "$(cat "$TMP/stdout")" "memo (key='bang-rak-admin-2566-123'): emblem refers to the image sha256:$SHA" "check: dangling memo emblem (declared kind)"
assert_status 3 "$RAINGAN" render development-plan --db "$TMP/db/dangling.db" --id $PLAN -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "<image> of record $PLAN: the image sha256:$SHA is not in the database" "render of a dangling reference"

# An image no record refers to any more (the plan imported again with
# another emblem, the other references cleared): a note, not a problem,
# exit 0; an image still referred to gets none.
cp "$DB" "$TMP/db/unused.db"
cp "$top_srcdir/tests/data/visual/new-plan-1.png" "$TMP/db/other.png"
OTHER=$(sha256sum <"$TMP/db/other.png" | cut -d' ' -f1)
sed "s#\"emblem-illustrative.png\"#\"other.png\"#" "$EX/seed-004-plan-2563.json" >"$TMP/db/other.json"
assert_status 0 "$RAINGAN" import --db "$TMP/db/unused.db" "$TMP/db/other.json"
sqlite3 "$TMP/db/unused.db" "UPDATE plans SET announcement_emblem = NULL WHERE key != '$PLAN'; UPDATE memo SET emblem = NULL"
assert_status 0 "$RAINGAN" check --db "$TMP/db/unused.db"
assert_eq "$(cat "$TMP/stdout")" "images (sha256='$SHA'): note: no record refers to this image any more (imported again with another image?); its $(wc -c <"$EX/emblem-illustrative.png") bytes stay in the database and its copies until removed (docs/schema.md, \"images\")
$TMP/db/unused.db: no problem found" "check: an image no longer referred to"
assert_not_contains "$(cat "$TMP/stdout")" "$OTHER" "check: the image referred to"

# Migration: a schema 1 database (built as schema 1 had it: no images
# table, the emblem a path) is refused by read-only commands, upgraded by
# init, keeps its data, renders the path with a warning, and a re-import
# stores the image.
OLD=$TMP/db/old.db
mkdir -p "$TMP/src2" && cp "$EX/seed-004-plan-2563.json" "$EX/emblem-illustrative.png" "$TMP/src2/"
assert_status 0 "$RAINGAN" import --db "$OLD" "$TMP/src2/seed-004-plan-2563.json"
sqlite3 "$OLD" "DROP TABLE images; UPDATE plans SET announcement_emblem = '$TMP/db/emblem.png'; PRAGMA user_version = 1"
cp "$TMP/src2/emblem-illustrative.png" "$TMP/db/emblem.png"
cp "$OLD" "$TMP/db/old2.db"
assert_status 5 "$RAINGAN" list --db "$OLD"
assert_contains "$(cat "$TMP/stderr")" "schema version 1 and needs upgrading to 2: run \`raingan init --db $OLD\`" "old database refused read-only"
assert_status 0 "$RAINGAN" init --db "$OLD"
assert_eq "$(cat "$TMP/stdout")" "upgraded $OLD from schema version 1 to 2" "init upgrades"
assert_eq "$(sqlite3 "$OLD" "PRAGMA user_version; SELECT count(*) FROM images; SELECT announcement_emblem FROM plans")" "2
0
$TMP/db/emblem.png" "migrated: the path kept, the images table empty"
assert_status 0 "$RAINGAN" render development-plan --db "$OLD" --id $PLAN -o "$TMP/old.pdf"
assert_contains "$(cat "$TMP/stderr")" "not stored in the database; import the record again to store it" "old row renders with a warning"
pdftoppm -r 60 -f 2 -l 2 "$TMP/old.pdf" "$TMP/old" && cmp -s "$TMP"/stored-*2.ppm "$TMP"/old-*2.ppm || fail "the migrated path row renders differently"
assert_status 0 "$RAINGAN" check --db "$OLD"
# import applies the migration too, and stores the image
assert_status 0 "$RAINGAN" import --db "$TMP/db/old2.db" "$TMP/src2/seed-004-plan-2563.json"
assert_eq "$(sqlite3 "$TMP/db/old2.db" "PRAGMA user_version; SELECT announcement_emblem FROM plans")" "2
sha256:$SHA" "import migrates and stores"
finish
