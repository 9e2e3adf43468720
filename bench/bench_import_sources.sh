#!/bin/bash
# Import speed by source (issue 15): the same 10,000 projects with 20,000
# progress entries imported into a fresh database from PostgreSQL (--from,
# cursors), from JSON (the export of that import) and from CSV files (the
# same rows as \copy writes them, with a mapping), each 3 times under
# /usr/bin/time (wall seconds; CPU seconds, user + system, of raingan alone,
# not the server's; peak RSS); then 50,000 projects from
# PostgreSQL, to show that memory stays flat however many rows come. The
# server is a throw-away one in a temp dir (tests/pg_server.sh).
#   make bench-import-sources   (from the build directory), or
#   bench/bench_import_sources.sh BUILD_DIR [WORKDIR]
set -eu
BUILD=${1:?build directory}
RAINGAN=$BUILD/raingan
WORK=${2:-${TMPDIR:-/tmp}/raingan-bench-sources}
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/tests/pg_server.sh"
pg_find || { echo "no PostgreSQL server installed (apt-get install postgresql)" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'pg_stop' EXIT
pg_start
source_data() { # source_data N: N projects, 2 entries each
  pg_sql "
SET client_min_messages = warning;
DROP TABLE IF EXISTS departments, projects, progress;
CREATE TABLE departments (code text PRIMARY KEY, name text NOT NULL, parent_code text);
INSERT INTO departments VALUES ('bma', 'กรุงเทพมหานคร', NULL), ('bma/opm', 'สำนักปลัดกรุงเทพมหานคร', 'bma');
CREATE TABLE projects (code text PRIMARY KEY, title text, fiscal_year int, start_date date,
  end_date date, budget numeric(14,2), spent numeric(14,2), dept text, goal text);
INSERT INTO projects SELECT format('P-%s', lpad(i::text, 6, '0')),
  format('โครงการพัฒนาระบบสารสนเทศเพื่อการบริหารจัดการ ลำดับที่ %s', i), 2566, date '2022-10-01',
  date '2023-09-30', 1250000.00 + i, i * 0.5, CASE WHEN i % 2 = 0 THEN 'bma' ELSE 'bma/opm' END,
  'ประชาชนเข้าถึงข้อมูลข่าวสารของราชการได้สะดวก' FROM generate_series(1, $1) i;
CREATE TABLE progress (project_code text, round int, reported_on date, body text,
  percent numeric, used numeric(14,2), on_plan boolean);
INSERT INTO progress SELECT format('P-%s', lpad(i::text, 6, '0')), r, date '2022-12-01' + r * 30,
  format('<p>รายงานผลการดำเนินงานครั้งที่ %s ของโครงการที่ %s: จัดประชุมคณะทำงานและติดตามผล</p>', r, i),
  r * 22.5, 1000.50, r <> 2 FROM generate_series(1, $1) i, generate_series(1, 2) r;
ANALYZE;"
}
PROJECTS="SELECT code AS key, code, title AS name, fiscal_year, start_date, end_date, budget AS budget_received, spent AS budget_spent, dept AS organization, goal AS \"strategy.goal\" FROM projects"
ENTRIES="SELECT project_code, round AS number, reported_on AS date, body, percent AS progress_percent, used AS budget_used, on_plan FROM progress"
ORGS="SELECT code AS key, name, parent_code AS parent FROM departments"
cat > "$WORK/pg.map" <<MAP
{ "raingan_map": 1, "tables": [
  { "kind": "organization", "query": "$ORGS" },
  { "kind": "project", "query": "${PROJECTS//\"/\\\"}" },
  { "kind": "project", "list": "entries", "parent": "project_code", "query": "$ENTRIES" } ] }
MAP
cat > "$WORK/csv.map" <<'MAP'
{ "raingan_map": 1, "tables": [
  { "kind": "organization", "file": "organizations.csv" },
  { "kind": "project", "file": "projects.csv" },
  { "kind": "project", "list": "entries", "parent": "project_code", "file": "entries.csv" } ] }
MAP
run() { # run LABEL ARGS...: 3 imports into fresh databases
  local label=$1 i; shift
  for i in 1 2 3; do
    rm -f "$WORK/b.db"
    /usr/bin/time -f "%e %U %S %M" "$RAINGAN" import --db "$WORK/b.db" "$@" >/dev/null \
      2>"$WORK/time.txt"
    read -r secs user sys kb < <(tail -1 "$WORK/time.txt")
    printf '%-30s run %d %7s s wall %6s s CPU %5s MB\n' "$label" "$i" "$secs" \
      "$(echo "$user + $sys" | bc)" "$((kb / 1024))"
  done
}
source_data 10000
run "PostgreSQL, 10,000 projects" --from "$PG_URI" --map "$WORK/pg.map"
"$RAINGAN" export --db "$WORK/b.db" -o "$WORK/all.json"
run "JSON, the same (export)" "$WORK/all.json"
for t in organizations:"$ORGS" projects:"$PROJECTS" entries:"$ENTRIES"; do
  "$PG_BIN/psql" -X -q -h "$PG_DIR" -U raingan -d rgtest \
    -c "\\copy (${t#*:}) TO '$WORK/${t%%:*}.csv' WITH (FORMAT csv, HEADER)"
done
run "CSV, the same rows" "$WORK/organizations.csv" "$WORK/projects.csv" "$WORK/entries.csv" \
  --map "$WORK/csv.map"
source_data 50000
run "PostgreSQL, 50,000 projects" --from "$PG_URI" --map "$WORK/pg.map"
ls -l "$WORK/all.json" "$WORK"/*.csv | awk '{ printf "%s %s bytes\n", $9, $5 }'
