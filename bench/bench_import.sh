#!/bin/sh
# Store import benchmark: 1,000 and 10,000 projects x 10 progress entries,
# timed with peak memory (/usr/bin/time -v), into fresh databases.
#   make bench-import   (from the build directory), or
#   bench/bench_import.sh RAINGAN_BINARY GENERATOR_BINARY [WORKDIR]
set -eu
RAINGAN=${1:?raingan binary}
GEN=${2:?generator binary}
WORK=${3:-${TMPDIR:-/tmp}/raingan-bench-import}
mkdir -p "$WORK"
printf '%-9s %-9s %-9s %-11s %-10s %s\n' projects entries "json MB" "import s" "peak RSS" "db MB"
for n in 1000 10000; do
  json=$WORK/projects-$n.json
  db=$WORK/projects-$n.db
  [ -f "$json" ] || "$GEN" "$n" > "$json"
  rm -f "$db" "$db-journal"
  /usr/bin/time -v "$RAINGAN" import --db "$db" "$json" > "$WORK/out-$n.txt" 2> "$WORK/time-$n.txt"
  secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time-$n.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time-$n.txt")
  printf '%-9s %-9s %-9s %-11s %-10s %s\n' "$n" "$((n * 10))" \
    "$(($(wc -c < "$json") / 1048576))" "$secs" "$((rss / 1024)) MB" "$(($(wc -c < "$db") / 1048576))"
done
# Re-import of the 10,000 projects over themselves (every record an update).
/usr/bin/time -v "$RAINGAN" import --db "$WORK/projects-10000.db" "$WORK/projects-10000.json" > /dev/null 2> "$WORK/time-update.txt"
printf 're-import of 10000 (all updates): %s, peak RSS %s MB\n' \
  "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time-update.txt")" \
  "$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time-update.txt") / 1024 ))"
