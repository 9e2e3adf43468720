# `raingan import --from postgresql://... --map MAP` against a real
# PostgreSQL server this test starts in a temp dir (tests/pg_server.sh;
# Debian's postgresql package, installed by run.sh): 10,000 projects with
# 20,000 entries read through cursors into one transaction; --dry-run; a bad
# row midway, an SQL error, an unknown column, a connection error: one
# message naming the query, row and column (the password masked), exit
# 3/4, and the database unchanged. Skipped (exit 77, "SKIP") only when no
# PostgreSQL server is installed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/pg_server.sh"
if ! pg_find; then
  echo "SKIP: no PostgreSQL server (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql" >&2
  exit 77
fi
trap 'pg_stop; rm -rf "$TMP"' EXIT
pg_start || { echo "FAIL: cannot start PostgreSQL in a temp dir" >&2; exit 1; }

pg_sql "
CREATE TABLE departments (code text PRIMARY KEY, name text NOT NULL, parent_code text);
INSERT INTO departments VALUES ('bma/opm', 'สำนักปลัดกรุงเทพมหานคร', 'bma'),
  ('bma', 'กรุงเทพมหานคร', NULL);
CREATE TABLE projects (code text PRIMARY KEY, title text, fiscal_year int, start_date date,
  end_date date, budget numeric(14,2), spent numeric(14,2), dept text, goal text);
INSERT INTO projects SELECT format('P-%s', lpad(i::text, 5, '0')),
  format('โครงการพัฒนาระบบสารสนเทศ ลำดับที่ %s', i), 2566, date '2022-10-01', date '2023-09-30',
  1250000.00 + i, i * 0.5, CASE WHEN i % 2 = 0 THEN 'bma' ELSE 'bma/opm' END,
  'ประชาชนเข้าถึงข้อมูลข่าวสาร' FROM generate_series(1, 10000) i;
CREATE TABLE progress (project_code text, round int, reported_on timestamptz, body text,
  percent numeric, used numeric(14,2), on_plan boolean);
INSERT INTO progress SELECT format('P-%s', lpad(i::text, 5, '0')), r,
  timestamptz '2022-12-01 09:00+07' + r * interval '30 days',
  format('รายงานครั้งที่ %s ของโครงการที่ %s', r, i), r * 22.5, 1000.50, r <> 2
  FROM generate_series(1, 10000) i, generate_series(1, 2) r;" || { fail "creating the source data"; finish; }

cat > "$TMP/pg.map" <<'MAP'
{ "raingan_map": 1,
  "tables": [
    { "kind": "organization",
      "query": "SELECT code AS key, name, parent_code AS parent FROM departments" },
    { "kind": "project",
      "query": "SELECT code AS key, code, title AS name, fiscal_year, start_date, end_date, budget AS budget_received, spent AS budget_spent, dept AS organization, goal AS \"strategy.goal\" FROM projects" },
    { "kind": "project", "list": "entries", "parent": "project_code",
      "query": "SELECT project_code, round AS number, reported_on::date AS date, body, percent AS progress_percent, used AS budget_used, on_plan FROM progress ORDER BY round DESC" }
  ] }
MAP
DB=$TMP/a.db
MAP=$TMP/pg.map

# --dry-run (of the first 10 projects: a dry run reads each record twice):
# everything read and checked, nothing written, no file created.
sed 's/FROM projects"/FROM projects WHERE code <= '"'P-00010'"'"/; s/FROM progress /FROM progress WHERE project_code <= '"'P-00010'"' /' \
  "$MAP" > "$TMP/ten.map"
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" --from "$PG_URI" --map "$TMP/ten.map"
assert_contains "$(cat "$TMP/stdout")" 'create project "P-00010"' "dry run lists the records"
assert_contains "$(tail -1 "$TMP/stdout")" "dry run: 12 to create, 0 to update" "dry run summary"
[ ! -e "$DB" ] || fail "dry run created the database"

assert_status 0 "$RAINGAN" import --db "$DB" --from "$PG_URI" --map "$MAP"
assert_contains "$(cat "$TMP/stdout")" "10002 records imported" "import counts"
q() { sqlite3 "$DB" "$1"; }
assert_eq "$(q "SELECT count(*), sum(budget_received_satang), sum(budget_spent_satang) FROM projects")" \
  "10000|1255000500000|2500250000" "10,000 projects, amounts to the satang"
assert_eq "$(q "SELECT count(*), sum(on_plan), sum(budget_used_satang) FROM progress_entries")" \
  "20000|10000|2001000000" "20,000 entries, booleans, amounts"
assert_eq "$(q "SELECT name, organization_key, strategy_goal, start_date FROM projects WHERE key = 'P-00042'")" \
  "โครงการพัฒนาระบบสารสนเทศ ลำดับที่ 42|bma|ประชาชนเข้าถึงข้อมูลข่าวสาร|2022-10-01" "Thai text, dotted field"
assert_eq "$(q "SELECT number, date, progress_percent FROM progress_entries WHERE project_key = 'P-00042' ORDER BY number" | tr '\n' ' ')" \
  "1|2022-12-31|22.5 2|2023-01-30|45.0 " "entries keyed to their project: dates, percentages"
assert_eq "$(q "SELECT parent_key FROM organizations WHERE key = 'bma/opm'")" "bma" "NULL is no value; references"

sum=$(sha256sum < "$DB")

# A bad value midway (entry 2 of project 5,000: row 9,999 of 20,000, the query giving round 2 first): the
# 4,999 projects before it are not stored either; the update before it is
# rolled back.
pg_sql "UPDATE projects SET title = 'เปลี่ยนแล้ว' WHERE code = 'P-00001';
        UPDATE progress SET percent = 140 WHERE project_code = 'P-05000' AND round = 2"
import_refused 3 "raingan import: $MAP: tables[2].query: row 9999, column \"progress_percent\": expected a number from 0 to 100, got 140" \
  --from "$PG_URI" --map "$MAP"
assert_eq "$(q "SELECT name FROM projects WHERE key = 'P-00001'")" "โครงการพัฒนาระบบสารสนเทศ ลำดับที่ 1" "earlier change rolled back"
pg_sql "UPDATE progress SET percent = 45 WHERE project_code = 'P-05000' AND round = 2"
# Entries of a project the projects' query does not return (sorted first).
pg_sql "INSERT INTO progress VALUES ('P-00000', 1, now(), 'x', 1, 0, true)"
import_refused 3 "$MAP: tables[2].query: row 1, column \"project_code\": no row of $MAP: tables[1].query has the key \"P-00000\"" \
  --from "$PG_URI" --map "$MAP"
pg_sql "DELETE FROM progress WHERE project_code = 'P-00000'"
# An SQL error names the query.
sed 's/spent AS budget_spent/spnt AS budget_spent/' "$MAP" > "$TMP/sqlerror.map"
import_refused 3 "$TMP/sqlerror.map: tables[1].query: ERROR:  column \"spnt\" does not exist" \
  --from "$PG_URI" --map "$TMP/sqlerror.map"
# A column no field has: strict error at its column; --lenient warns.
sed 's/goal AS \\"strategy.goal\\"/goal/' "$MAP" > "$TMP/unknown.map"
import_refused 3 "$TMP/unknown.map: tables[1].query: row 1, column \"goal\": unknown field \"goal\"" \
  --from "$PG_URI" --map "$TMP/unknown.map"
# A connection refused: the URI named, its password never.
import_refused 4 "postgresql://raingan:***@/nosuchdb?host=$PG_DIR: cannot connect: " \
  --from "postgresql://raingan:s3cret-pw@/nosuchdb?host=$PG_DIR" --map "$MAP"
assert_not_contains "$(cat "$TMP/stderr")" "s3cret-pw" "password masked"
import_refused 4 "host=$PG_DIR dbname=nosuchdb password=***: cannot connect" \
  --from "host=$PG_DIR dbname=nosuchdb password=s3cret-pw" --map "$MAP"
assert_not_contains "$(cat "$TMP/stderr")" "s3cret-pw" "password masked (key=value form)"
# --from without --map; files and --from together.
assert_status 2 "$RAINGAN" import --db "$DB" --from "$PG_URI"
assert_contains "$(cat "$TMP/stderr")" "--from needs --map MAP" "--from without --map"
# A patch (docs/sources.md, "Patches: partial exports") from queries giving
# some columns of one project and one of its entries: those change, a NULL
# clears, the rest is kept; dates as text with two-digit years and as
# Excel day numbers where the mapping says so.
pg_sql "UPDATE projects SET spent = 777.77 WHERE code = 'P-00042';
        UPDATE progress SET percent = 50 WHERE project_code = 'P-00042' AND round = 2"
cat > "$TMP/patch.map" <<'MAP'
{ "raingan_map": 1, "patch": true,
  "tables": [
    { "kind": "project", "two_digit_years": "BE", "excel_serial_dates": "1900",
      "query": "SELECT code AS key, spent AS budget_spent, '1/11/65' AS start_date, 45199 AS end_date, NULL::text AS \"strategy.goal\" FROM projects WHERE code = 'P-00042'" },
    { "kind": "project", "list": "entries", "parent": "project_code",
      "query": "SELECT project_code, round AS number, percent AS progress_percent FROM progress WHERE project_code = 'P-00042' AND round = 2" }
  ] }
MAP
assert_status 0 "$RAINGAN" import --dry-run --db "$DB" --from "$PG_URI" --map "$TMP/patch.map"
assert_eq "$(cat "$TMP/stdout")" 'update project "P-00042"
  start_date: "2022-10-01" -> "2022-11-01"
  budget_spent: 21 -> 777.77
  entries[number=2].progress_percent: 45 -> 50
  strategy: DELETED (was an object)
dry run: 0 to create, 1 to update (4 changes, 1 deletion), 0 unchanged; nothing was written to '"$DB" \
  "PostgreSQL patch: dry run field by field"
assert_status 0 "$RAINGAN" import --db "$DB" --from "$PG_URI" --map "$TMP/patch.map"
assert_eq "$(q "SELECT name, start_date, end_date, budget_spent_satang, strategy_goal IS NULL FROM projects WHERE key = 'P-00042'")" \
  "โครงการพัฒนาระบบสารสนเทศ ลำดับที่ 42|2022-11-01|2023-09-30|77777|1" "PostgreSQL patch: mapped columns changed, NULL cleared, name kept"
assert_eq "$(q "SELECT number, date, progress_percent FROM progress_entries WHERE project_key = 'P-00042' ORDER BY number" | tr '\n' ' ')" \
  "1|2022-12-31|22.5 2|2023-01-30|50.0 " "PostgreSQL patch: entry 2's percentage alone"
assert_eq "$(q "SELECT count(*) FROM projects WHERE strategy_goal IS NULL")" "1" "PostgreSQL patch: other projects kept"
sum=$(sha256sum < "$DB")
# Lists of lists: the plan of examples/plan-excel-*.csv loaded into tables
# (details keyed by plan and activity number, some months as an int[]
# column), imported through queries: the same record as from the CSV files.
# A list's rows keep the query's order within their parent: ORDER BY seq,
# since an UPDATE moves rows in the table.
EX=$top_srcdir/examples
pg_copy() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -U raingan -d rgtest \
    -c "\\copy $1 FROM '$2' CSV HEADER" >/dev/null
}
pg_sql "CREATE TABLE org (code text, name text, parent text);
  CREATE TABLE plans (code text, title text, fy int, dept text, starts text, ends text, footnote text);
  CREATE TABLE acts (plan_code text, no int, name text, remarks text);
  CREATE TABLE details (plan_code text, act_no int, text text, months text);" &&
pg_copy org "$EX/plan-excel-organizations.csv" && pg_copy plans "$EX/plan-excel-plans.csv" &&
pg_copy acts "$EX/plan-excel-activities.csv" && pg_copy details "$EX/plan-excel-details.csv" &&
pg_sql "ALTER TABLE details ADD COLUMN seq serial, ADD COLUMN month_numbers int[];
  UPDATE details SET month_numbers = '{10,11,12,1,2,3,4,5,6,7,8,9}' WHERE months LIKE '10, %'" ||
  fail "loading the plan example into PostgreSQL"
cat > "$TMP/plan.map" <<'MAP'
{ "raingan_map": 1,
  "tables": [
    { "kind": "organization", "query": "SELECT code AS key, name, parent FROM org WHERE code IS NOT NULL" },
    { "kind": "plan", "query": "SELECT code AS key, title, fy AS fiscal_year, dept AS organization, starts AS period_start, ends AS period_end, footnote FROM plans WHERE code IS NOT NULL" },
    { "kind": "plan", "list": "activities", "parent": "plan_code",
      "query": "SELECT plan_code, no AS number, name, remarks FROM acts WHERE plan_code IS NOT NULL ORDER BY no" },
    { "kind": "plan", "list": "activities.details", "parent": ["plan_code", "act_no"],
      "query": "SELECT plan_code, act_no, text, coalesce(month_numbers::text, months) AS months FROM details WHERE plan_code IS NOT NULL ORDER BY seq" }
  ] }
MAP
assert_status 0 "$RAINGAN" import --db "$TMP/plan.db" --from "$PG_URI" --map "$TMP/plan.map"
assert_status 0 "$RAINGAN" export --db "$TMP/plan.db" --id hatyai-info-center-2563 -o "$TMP/plan.json"
diff -u "$top_srcdir/tests/data/store/plan-excel-export.json" "$TMP/plan.json" >&2 ||
  fail "the plan imported from PostgreSQL differs from the expected export"
pg_sql "UPDATE details SET act_no = 12 WHERE act_no = 10"
import_refused 3 "$TMP/plan.map: tables[3].query: row 16, column \"act_no\": plan \"hatyai-info-center-2563\" has no element of \"activities\" numbered \"12\"" \
  --from "$PG_URI" --map "$TMP/plan.map"
finish
