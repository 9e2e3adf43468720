#!/bin/sh
# The words kept whole at line ends come from the templates directory in use:
# its own thai-words.txt when it has one (replacing the installed list), else
# the installed list. Read back from the PDF: where lines end.
. "$top_srcdir/tests/lib.sh"

DATA=$top_srcdir/examples/seed-000-progress-2561.json
KEY=04010000-3614
own=$TMP/own
mkdir -p "$own"
# No compounds in this directory (templates/thai-compounds.txt would make
# the paragraph breaker avoid สำนักงาน|เขต where it can): the kept words alone.
: >"$own/thai-compounds.txt"
# Two paragraphs of one compound repeated, each at a width where a line
# would end inside the compound: สำนักงาน|เขต (not in the installed list)
# and กรุงเทพ|มหานคร (in it).
cat >"$own/words.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<form name="words" kind="project" description="line ends inside kept words">
  <query name="project" record="yes" as="p">SELECT key FROM projects WHERE key = :id</query>
  <section paper="A4" margin-left="30mm" margin-right="85mm">
    <p font="Laksaman" size="16" indent-right="10mm">สำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขต</p>
    <p font="Laksaman" size="16">กรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานคร</p>
  </section>
</form>
EOF

# render OUT: the words form through $own as $RAINGAN_TEMPLATES; prints the
# PDF's lines.
render() {
  assert_status 0 env RAINGAN_TEMPLATES="$own" "$RAINGAN" render words --data "$DATA" --id "$KEY" -o "$TMP/$1.pdf"
  pdftotext "$TMP/$1.pdf" - | grep -v '^[[:space:]]*$'
}
# para LINES N: the lines of paragraph N (1: สำนักงานเขต, 2: กรุงเทพมหานคร).
para() {
  case $2 in
    1) printf '%s\n' "$1" | grep 'สำนัก\|เขต' ;;
    2) printf '%s\n' "$1" | grep 'กรุงเทพ\|มหานคร' ;;
  esac
}
# ends LINES N SUFFIX: how many lines of paragraph N end with SUFFIX.
ends() { para "$1" "$2" | grep -c "$3\$"; }
total() { para "$1" "$2" | grep -c .; }

# No list in the directory: the installed one (กรุงเทพมหานคร kept whole,
# สำนักงานเขต broken inside).
lines=$(render installed)
[ "$(ends "$lines" 1 เขต)" -lt "$(total "$lines" 1)" ] ||
  fail "installed list: a line ends at สำนักงาน|เขต"
assert_eq "$(ends "$lines" 2 นคร)" "$(total "$lines" 2)" "installed list: กรุงเทพมหานคร kept whole"
assert_eq "$(printf '%s' "$lines" | tr -d '\n')" \
  "สำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตสำนักงานเขตกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานครกรุงเทพมหานคร" \
  "all the text printed"

# The directory's own list replaces the installed one; a line that is not a
# Thai word is skipped with a warning naming the file and line.
printf '# my office\nสำนักงานเขต\nnot a word\n' >"$own/thai-words.txt"
lines=$(render own)
assert_eq "$(ends "$lines" 1 เขต)" "$(total "$lines" 1)" "own list: สำนักงานเขต kept whole"
[ "$(total "$lines" 1)" -ge 3 ] || fail "own list: the paragraph still takes several lines"
[ "$(ends "$lines" 2 นคร)" -lt "$(total "$lines" 2)" ] ||
  fail "own list replaces the installed one: กรุงเทพ|มหานคร may break again"
assert_contains "$(cat "$TMP/stderr")" "$own/thai-words.txt:3: \`not a word\` ignored" "bad line warned"

# A list that cannot be read is warned about, and the installed list is
# used (as a missing font gives way to the next one).
rm "$own/thai-words.txt"
mkdir "$own/thai-words.txt"
lines=$(render unreadable)
assert_contains "$(cat "$TMP/stderr")" "cannot read $own/thai-words.txt" "unreadable list warned"
assert_eq "$(ends "$lines" 2 นคร)" "$(total "$lines" 2)" "unreadable list: the installed one is used"
rmdir "$own/thai-words.txt"; printf 'สำนักงานเขต\n' >"$own/thai-words.txt"
assert_status 0 "$RAINGAN" render words --templates "$own" --data "$DATA" --id "$KEY" -o "$TMP/opt.pdf"
lines=$(pdftotext "$TMP/opt.pdf" - | grep -v '^[[:space:]]*$')
assert_eq "$(ends "$lines" 1 เขต)" "$(total "$lines" 1)" "--templates: its own list is used"
finish
