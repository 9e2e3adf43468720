# Import/export round trip on the examples and the test data: export, import
# the export into a fresh database, export again: byte-identical. Re-import
# updates instead of duplicating; list filters by kind and year; --id exports
# one record with what it refers to; init and --help.
. "$top_srcdir/tests/lib.sh"
DATA=$top_srcdir/tests/data/store
DB=$TMP/a.db

assert_status 0 "$RAINGAN" init --help
assert_contains "$(cat "$TMP/stdout")" "usage: raingan init" "init --help"
for cmd in import export list; do
  assert_status 0 "$RAINGAN" $cmd --help
  assert_contains "$(cat "$TMP/stdout")" "usage: raingan $cmd" "$cmd --help"
done

assert_status 0 "$RAINGAN" init --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "created $DB (schema version 2)" "init creates"
assert_status 0 "$RAINGAN" init --db "$DB"
assert_contains "$(cat "$TMP/stdout")" "is up to date" "init again"
assert_eq "$(sqlite3 "$DB" 'PRAGMA application_id; PRAGMA user_version' | tr '\n' ' ')" "1380401486 2 " "application_id and user_version"

# Examples (when present) and the test data, in one run.
set -- "$DATA/good.json"
for f in "$top_srcdir"/examples/*.json; do [ -f "$f" ] && set -- "$@" "$f"; done
assert_status 0 "$RAINGAN" import --db "$DB" "$@"
assert_contains "$(cat "$TMP/stdout")" "project " "import summary lists projects"
assert_eq "$(cat "$TMP/stderr")" "" "no warnings importing valid files"

assert_status 0 "$RAINGAN" export --db "$DB" -o "$TMP/e1.json"
assert_status 0 "$RAINGAN" import --db "$TMP/b.db" "$TMP/e1.json"
assert_status 0 "$RAINGAN" export --db "$TMP/b.db" -o "$TMP/e2.json"
cmp -s "$TMP/e1.json" "$TMP/e2.json" || fail "second export differs from the first: $(diff "$TMP/e1.json" "$TMP/e2.json" | head -5)"
# stdout export is the same as -o
"$RAINGAN" export --db "$TMP/b.db" > "$TMP/e3.json"
cmp -s "$TMP/e1.json" "$TMP/e3.json" || fail "export to stdout differs from -o"
# and the database contents are the same table by table
for t in organizations people projects project_objectives project_targets progress_entries \
         indicators indicator_quarters plans plan_sections plan_section_items plan_signatories \
         plan_activities plan_activity_details; do
  a=$(sqlite3 "$DB" "SELECT * FROM $t ORDER BY 1, 2, 3" | sha256sum)
  b=$(sqlite3 "$TMP/b.db" "SELECT * FROM $t ORDER BY 1, 2, 3" | sha256sum)
  assert_eq "$b" "$a" "table $t after the round trip"
done

# Stored forms: ISO dates, satang, canonical rich text, organization path.
assert_eq "$(sqlite3 "$DB" "SELECT start_date, end_date, budget_spent_satang FROM projects WHERE key = 'T-0001'")" \
  "2022-10-01|2023-09-30|123456" "dates and amounts stored"
assert_eq "$(sqlite3 "$DB" "SELECT date, body FROM progress_entries WHERE project_key = 'T-0001' AND number = 2")" \
  '2023-02-21|<rt><list style="none"><li><p>- ก</p></li><li><p>- ข</p></li></list></rt>' "entry 2 stored"
assert_eq "$(sqlite3 "$DB" "SELECT p.path FROM projects j JOIN organization_paths p ON p.key = j.organization_key WHERE j.key = 'T-0001'")" \
  "สำนักทดสอบ / ฝ่ายทดสอบ" "organization path view"

# Plans and indicators: months, views, line lists, quarters with a gap, emblem.
mkdir -p "$TMP/plan"
cp "$DATA/plan.json" "$TMP/plan/plan.json"
cp "$top_srcdir/examples/emblem-illustrative.png" "$TMP/plan/emblem.png"
assert_status 0 "$RAINGAN" import --db "$DB" "$TMP/plan/plan.json"
assert_eq "$(cat "$TMP/stderr")" "" "plan imports without warnings"
assert_eq "$(sqlite3 "$DB" "SELECT announcement_emblem FROM plans WHERE key = 't/plan-2563'")" \
  "sha256:$(sha256sum <"$TMP/plan/emblem.png" | cut -d' ' -f1)" "emblem read (relative to the JSON file) and stored by its SHA-256"
assert_eq "$(sqlite3 "$DB" "SELECT media_type || ' ' || length(data) FROM images WHERE sha256 = '$(sha256sum <"$TMP/plan/emblem.png" | cut -d' ' -f1)'")" \
  "image/png $(wc -c <"$TMP/plan/emblem.png")" "emblem bytes stored"
assert_eq "$(sqlite3 "$DB" "SELECT announcement_date, period_start, period_end, replace(announcement_signer_position_lines, char(10), '|') FROM plans WHERE key = 't/plan-2563'")" \
  "2020-03-27|2019-10-01|2020-09-30|ปลัดเทศบาล ปฏิบัติหน้าที่|นายกเทศมนตรี" "plan dates and signer lines"
assert_eq "$(sqlite3 "$DB" "SELECT group_concat(fiscal_index || ':' || month || ':' || year_be, ' ') FROM (SELECT * FROM plan_activity_months WHERE plan_key = 't/plan-2563' ORDER BY activity_number, detail_seq, fiscal_index)")" \
  "1:10:2562 2:11:2562 3:12:2562 1:10:2562 4:1:2563 12:9:2563" "plan_activity_months view"
assert_eq "$(sqlite3 "$DB" "SELECT group_concat(quarter || '=' || body, ' ') FROM indicator_quarters WHERE indicator_key = 't/indicator'")" \
  "1=<rt><p>ไตรมาสแรก</p></rt> 3=<rt><p>ไตรมาสที่สาม</p></rt>" "indicator quarters"
"$RAINGAN" export --db "$DB" --id t/plan-2563 > "$TMP/plan-export.json"
assert_contains "$(cat "$TMP/plan-export.json")" '"months": [
                10,
                1,
                9
              ]' "months exported in fiscal order"
"$RAINGAN" export --db "$DB" --id t/indicator > "$TMP/indicator-export.json"
assert_contains "$(tr -d ' \n' < "$TMP/indicator-export.json")" '"quarters":["<rt><p>ไตรมาสแรก</p></rt>",null,"<rt><p>ไตรมาสที่สาม</p></rt>"],"summary":"<rt></rt>","reporter":"t/reporter"' "indicator export"
assert_status 0 "$RAINGAN" export --db "$DB" -o "$TMP/p1.json"
assert_status 0 "$RAINGAN" import --db "$TMP/p.db" "$TMP/p1.json"
assert_status 0 "$RAINGAN" export --db "$TMP/p.db" -o "$TMP/p2.json"
cmp -s "$TMP/p1.json" "$TMP/p2.json" || fail "second export with plans differs: $(diff "$TMP/p1.json" "$TMP/p2.json" | head -5)"

# Re-import: updated, not duplicated; child rows replaced.
before=$(sqlite3 "$DB" "SELECT count(*) FROM records")
assert_status 0 "$RAINGAN" import --db "$DB" "$DATA/good.json"
assert_contains "$(cat "$TMP/stdout")" "(0 new, 1 updated)" "re-import counts updates"
assert_eq "$(sqlite3 "$DB" "SELECT count(*) FROM records")" "$before" "re-import adds no record"
assert_status 0 "$RAINGAN" import --db "$DB" "$DATA/update.json"
assert_eq "$(sqlite3 "$DB" "SELECT count(*), max(progress_percent) FROM progress_entries WHERE project_key = 'T-0001'")" \
  "1|100.0" "update replaced the entries"
assert_eq "$(sqlite3 "$DB" "SELECT name, budget_spent_satang, responsible_key IS NULL FROM projects WHERE key = 'T-0001'")" \
  "โครงการทดสอบการนำเข้า (แก้ไข)|0|1" "update replaced the fields"

# list: header, filters, aligned columns.
assert_status 0 "$RAINGAN" list --db "$DB" --kind project --year 2566
out=$(cat "$TMP/stdout")
assert_contains "$out" "KIND     KEY" "list header"
assert_contains "$out" "T-0001" "list shows the project"
assert_not_contains "$out" "organization" "list --kind filters"
assert_status 0 "$RAINGAN" list --db "$DB" --year 2400
assert_eq "$(wc -l < "$TMP/stdout" | tr -d ' ')" "1" "list --year with no match prints the header only"
assert_status 2 "$RAINGAN" list --db "$DB" --kind robot
assert_contains "$(cat "$TMP/stderr")" "unknown kind 'robot'" "list --kind checks the kind"

# export --id: the record plus the organizations and people it refers to.
assert_status 0 "$RAINGAN" export --db "$DB" --id T-0001 -o "$TMP/one.json"
keys=$(grep '"key"' "$TMP/one.json" | tr -d ' ,' | tr '\n' ' ')
assert_eq "$keys" '"key":"t/dept" "key":"t/dept/div" "key":"T-0001" ' "export --id keys"
assert_status 3 "$RAINGAN" export --db "$DB" --id no-such-key -o "$TMP/none.json"
assert_contains "$(cat "$TMP/stderr")" 'no record with key "no-such-key"' "export --id unknown key"
[ -e "$TMP/none.json" ] && fail "export of an unknown key wrote a file"
# The single-record export imports on its own into an empty database.
assert_status 0 "$RAINGAN" import --db "$TMP/c.db" "$TMP/one.json"

# RAINGAN_DB selects the database when --db is not given.
assert_status 0 env RAINGAN_DB="$DB" "$RAINGAN" list --kind project
assert_contains "$(cat "$TMP/stdout")" "T-0001" "RAINGAN_DB"
finish
