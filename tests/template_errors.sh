#!/bin/sh
# `raingan forms` and `raingan render` from the command line: the form list,
# and the errors a user meets: a broken template (file:line and what is
# wrong, non-zero exit, no PDF written), an unknown field with a suggestion,
# an unknown form, a missing record, a record of another kind, bad options.
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
DATA="$EX/seed-000-progress-2561.json"

# The shipped forms, each checked against the store's schema.
assert_status 0 "$RAINGAN" forms --check
out=$(cat "$TMP/stdout")
assert_contains "$out" "progress-report" "forms lists progress-report"
assert_contains "$out" "indicator-report" "forms lists indicator-report"
assert_contains "$out" "development-plan" "forms lists development-plan"
assert_contains "$out" "plan" "forms shows the record kind"
assert_contains "$out" "progress-report-table" "forms lists progress-report-table"
assert_contains "$out" "memo" "forms lists the memo (a declared kind)"
assert_contains "$out" "announcement" "forms lists the announcement (a declared kind)"
assert_eq "$(printf '%s
' "$out" | wc -l)" 6 "six forms"

# A copy of the templates to break.
cp -R "$top_srcdir/templates" "$TMP/t"
T="$TMP/t/parts/project-details.xml"   # part 1 of progress-report, included by it

# Unknown field, with the line and a suggestion.
sed 's/>{p.code}</>{p.cdoe}</' "$top_srcdir/templates/parts/project-details.xml" > "$T"
line=$(grep -n '{p.cdoe}' "$T" | cut -d: -f1)
assert_status 3 "$RAINGAN" render progress-report --templates "$TMP/t" --data "$DATA" --id 04010000-3614 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "raingan render: $T:$line: unknown field \`p.cdoe\` (did you mean \`p.code\`?)" "unknown field"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written despite the error"
# forms --check finds it too, without any data.
assert_status 3 "$RAINGAN" forms --check --templates "$TMP/t"
assert_contains "$(cat "$TMP/stderr")" "$T:$line: unknown field \`p.cdoe\`" "forms --check"

# Not well-formed XML.
sed 's|</field>|</feld>|' "$top_srcdir/templates/parts/project-details.xml" > "$T"
assert_status 3 "$RAINGAN" render progress-report --templates "$TMP/t" --data "$DATA" --id 04010000-3614 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "$T:" "XML error names the file"
assert_contains "$(cat "$TMP/stderr")" "mismatch" "XML error says what"

# Unknown filter, unknown element, in a shared part. (An element whose start
# tag spans several lines is reported at the tag's last line, as libxml2 counts.)
sed 's/| date:long}/| date:lng}/' "$top_srcdir/templates/parts/project-details.xml" > "$T"
assert_status 3 "$RAINGAN" render progress-report --templates "$TMP/t" --data "$DATA" --id 04010000-3614 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "filter \`date:lng\`: expected date:long" "bad filter argument"
cp "$top_srcdir/templates/parts/project-details.xml" "$T"
sed 's/<signature /<signatur /; s/<\/signature>/<\/signatur>/' "$top_srcdir/templates/parts/signature.xml" > "$TMP/t/parts/signature.xml"
assert_status 3 "$RAINGAN" render progress-report --templates "$TMP/t" --data "$DATA" --id 04010000-3614 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "$TMP/t/parts/signature.xml:7: unknown element <signatur>" "error in a part"

# Changing a label is editing the template: no rebuild.
cp "$top_srcdir/templates/parts/signature.xml" "$TMP/t/parts/signature.xml"
sed 's/label="รหัสโครงการ"/label="รหัสโครงการ (ใหม่)"/' "$top_srcdir/templates/parts/project-details.xml" > "$T"
assert_status 0 "$RAINGAN" render progress-report --templates "$TMP/t" --data "$DATA" --id 04010000-3614 --dump
assert_contains "$(cat "$TMP/stdout")" "field [16 left]: รหัสโครงการ (ใหม่) : " "changed label"

# Unknown form, missing record, wrong kind, bad options.
assert_status 2 "$RAINGAN" render no-such-form --data "$DATA" --id 04010000-3614 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "unknown form \`no-such-form\`" "unknown form"
assert_status 3 "$RAINGAN" render progress-report --data "$DATA" --id NO-SUCH-KEY -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "no project with key \`NO-SUCH-KEY\` in the store" "missing record"
assert_status 3 "$RAINGAN" render indicator-report --data "$DATA" --id 04010000-3614 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "\`04010000-3614\` is a project, but form indicator-report prints indicator records" "wrong kind"
assert_status 2 "$RAINGAN" render progress-report --data "$DATA" -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "--id KEY is required" "missing --id"
assert_status 2 "$RAINGAN" render progress-report --data "$DATA" --id 04010000-3614 --digits roman -o "$TMP/x.pdf"
assert_status 2 "$RAINGAN" render progress-report --data "$DATA" --id 04010000-3614 --date 2024-13-01 -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "--date: " "bad --date names the option"
assert_contains "$(cat "$TMP/stderr")" "2024-13-01" "bad --date quotes the value"
assert_status 2 "$RAINGAN" render progress-report --data "$DATA" --id 04010000-3614 --date tomorrow -o "$TMP/x.pdf"
assert_contains "$(cat "$TMP/stderr")" "expected a date like" "unparsable --date"
assert_status 5 "$RAINGAN" render progress-report --db "$TMP/none.db" --id 04010000-3614 -o "$TMP/x.pdf"
[ ! -e "$TMP/none.db" ] || fail "render created a database"
[ ! -e "$TMP/x.pdf" ] || fail "a PDF was written by a failed run"
assert_status 0 "$RAINGAN" render --help
assert_status 0 "$RAINGAN" forms --help
# --font naming no installed family still prints (in the bundled Laksaman)
# but says so, once.
assert_status 0 "$RAINGAN" render progress-report --data "$DATA" --id 04010000-3614 \
  --font "Nonexistent Sans" -o "$TMP/font.pdf"
assert_contains "$(cat "$TMP/stderr")" "--font \"Nonexistent Sans\": none of these families is installed" "font fallback warned"
assert_eq "$(grep -c 'none of these families' "$TMP/stderr")" 1 "font fallback warned once"
assert_contains "$(pdffonts "$TMP/font.pdf")" "Laksaman" "fallback font embedded"
# <field label-bold="yes">: the indicator's numbered parts have bold labels,
# their colon bold with them ("1. ชื่อตัวชี้วัด :" like the heading
# "3. คำนิยาม :"), other fields plain ones.
ind_dump=$("$RAINGAN" render indicator-report --data "$top_srcdir/examples/seed-001-indicator-2563.json" \
  --id indicator-2563-3 --dump)
assert_contains "$ind_dump" "field [16 left]: **1. ชื่อตัวชี้วัด : **" "part 1 label and colon bold"
assert_contains "$ind_dump" "field [16 left]: **5. เป้าหมาย : **" "part 5 label and colon bold"
assert_contains "$ind_dump" "field [16 left]: ประเด็นยุทธฯ : " "other labels plain"
# One broken form does not hide the others from `raingan forms`: they are
# listed, the broken one is named with its file and line, exit 3.
mkdir -p "$TMP/tpl-broken"
cp -R "$top_srcdir/templates/." "$TMP/tpl-broken/"
printf '<form name="broken" kind="project">\n<section><p>{p.x</p></section>\n' > "$TMP/tpl-broken/broken.xml"
assert_status 3 "$RAINGAN" forms --templates "$TMP/tpl-broken"
assert_contains "$(cat "$TMP/stdout")" "progress-report" "other forms still listed"
assert_contains "$(cat "$TMP/stdout")" "development-plan" "other forms still listed"
assert_contains "$(cat "$TMP/stderr")" "$TMP/tpl-broken/broken.xml:3:" "broken form named with its line"
finish
