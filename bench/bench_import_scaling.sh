#!/bin/sh
# Import scaling (issue 11): one project with 10,000 and 40,000 entries, and
# one person whose position is 4 MB and 16 MB of Thai text, imported into
# fresh databases under /usr/bin/time (wall seconds, peak RSS). Time that
# grows 4 times for 4 times the input is linear; 16 times would be quadratic
# (what the import did before issue 11). tests/import_scaling.sh checks the
# same by counting instructions.
#   make bench-import-scaling   (from the build directory), or
#   bench/bench_import_scaling.sh RAINGAN_BINARY [WORKDIR]
set -eu
RAINGAN=${1:?raingan binary}
WORK=${2:-${TMPDIR:-/tmp}/raingan-bench-scaling}
mkdir -p "$WORK"
start() { printf '{"raingan": 1, "records": [{"kind": "organization", "key": "o", "name": "x"},\n'; }
entries() {
  start
  printf '{"kind": "project", "key": "P", "code": "P", "name": "n", "fiscal_year": 2566,\n'
  printf ' "start_date": "2022-10-01", "end_date": "2023-09-30", "organization": "o", "entries": [\n'
  awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"number\": %d, \"date\": \"2023-01-16\", \"body\": \"<p>รายงานความก้าวหน้าครั้งที่ %d</p>\", \"progress_percent\": 50, \"budget_used\": 10}%s\n", i, i, (i < n ? "," : "") }'
  printf ']}]}\n'
}
thai_text() {
  start
  printf '{"kind": "person", "key": "p", "name": "n", "position": "'
  yes ก | head -n "$(($1 * 1048576 / 3))" | tr -d '\n'
  printf '"}]}\n'
}
run() { # run LABEL FILE
  rm -f "$WORK/s.db"
  /usr/bin/time -f "%e %M" "$RAINGAN" import --db "$WORK/s.db" "$2" >/dev/null 2>"$WORK/time.txt"
  set -- "$1" $(tail -1 "$WORK/time.txt")
  printf '%-28s %8s s %8s MB\n' "$1" "$2" "$(($3 / 1024))"
}
printf '%-28s %10s %11s\n' input "import" "peak RSS"
for n in 10000 40000; do
  [ -f "$WORK/entries-$n.json" ] || entries "$n" > "$WORK/entries-$n.json"
  run "$n entries in one project" "$WORK/entries-$n.json"
done
for mb in 4 16; do
  [ -f "$WORK/thai-$mb.json" ] || thai_text "$mb" > "$WORK/thai-$mb.json"
  run "one $mb MB Thai text" "$WORK/thai-$mb.json"
done
