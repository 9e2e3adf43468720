#!/bin/sh
# Batch printing benchmark (docs/performance.md, "Rendering and batch"):
#   make bench-render            (from a build directory), or
#   bench/run.sh RAINGAN [WORKDIR] [N]
#
# 1. the seed-002 progress report rendered by a whole `raingan render`
#    process (hyperfine, 30 runs after 5 warm-ups; output on disk, fsync
#    included), its peak memory and PDF size;
# 2. N (default 1000) synthetic projects shaped like seed 002
#    (bench/gen_projects.py) imported, then `raingan batch -j 2`: wall time,
#    documents per second, peak memory, mean PDF size;
# 3. the same report as HTML (bench/report_html.py) through WeasyPrint
#    (`weasyprint in.html out.pdf`, 5 runs), and the ratio.
set -eu
RAINGAN=${1:?usage: bench/run.sh RAINGAN [WORKDIR] [N]}
WORK=${2:-${TMPDIR:-/tmp}/raingan-bench-render}
N=${3:-1000}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
export RAINGAN_DATA="$TOP"
mkdir -p "$WORK"
for tool in hyperfine weasyprint python3 pdfinfo; do
  command -v $tool >/dev/null || { echo "bench/run.sh: needs $tool (apt-get install $tool)" >&2; exit 2; }
done
mean_ms() { python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['mean'] * 1000))" "$1"; }
stat_ms() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.1f ± %.1f ms (min %.1f, median %.1f; CPU %.1f ms user + %.1f ms sys)' % (r['mean']*1e3, r['stddev']*1e3, r['min']*1e3, r['median']*1e3, r['user']*1e3, r['system']*1e3))" "$1"; }
cpu_s() { sed -n 's/.*\(User\|System\) time (seconds): //p' "$1" | awk '{ t += $1 } END { printf "%.2f", t }'; }
rss_mb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }
wall_s() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ printf "%.2f", $(NF-1) * 60 + $NF }'; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "raingan: $("$RAINGAN" version 2>/dev/null | head -1)"

# 1. One report, whole process.
db=$WORK/seed.db
rm -f "$db"
"$RAINGAN" import --db "$db" "$TOP/examples/seed-002-progress-2566.json" >/dev/null
render="$RAINGAN render progress-report --db $db --id 50310000-2961 --date 2023-09-30 -o $WORK/seed-002.pdf"
hyperfine -N -w 5 -r 30 --export-json "$WORK/render.json" "$render" >/dev/null 2>&1
/usr/bin/time -v $render 2>"$WORK/render.time"
pages=$(pdfinfo "$WORK/seed-002.pdf" | sed -n 's/^Pages: *//p')
size=$(wc -c <"$WORK/seed-002.pdf")
echo "render seed 002 ($pages pages): $(stat_ms "$WORK/render.json"), peak RSS $(rss_mb "$WORK/render.time") MB, PDF $size bytes"

# 2. Batch of N synthetic projects, -j 2.
json=$WORK/projects-$N.json
bdb=$WORK/projects-$N.db
[ -f "$json" ] || python3 "$HERE/gen_projects.py" "$N" >"$json"
[ -f "$bdb" ] || "$RAINGAN" import --db "$bdb" "$json" >/dev/null
rm -rf "$WORK/out"
/usr/bin/time -v "$RAINGAN" batch progress-report --db "$bdb" --out-dir "$WORK/out" -j 2 -q \
  --date 2023-09-30 >"$WORK/batch.out" 2>"$WORK/batch.time"
count=$(ls "$WORK/out" | wc -l)
secs=$(wall_s "$WORK/batch.time")
avg=$(( $(cat "$WORK"/out/*.pdf | wc -c) / count ))
cpu=$(cpu_s "$WORK/batch.time")
echo "batch of $count reports, -j 2: $secs s, $(python3 -c "print('%.1f' % ($count / $secs))") docs/s," \
     "CPU $cpu s ($(python3 -c "print('%.1f' % ($cpu * 1000 / $count))") ms per document)," \
     "peak RSS $(rss_mb "$WORK/batch.time") MB (largest process), mean PDF $avg bytes"
echo "  $(cat "$WORK/batch.out")"

# 3. WeasyPrint on the same report.
python3 "$HERE/report_html.py" "$TOP/examples/seed-002-progress-2566.json" "$TOP/fonts" >"$WORK/seed-002.html"
hyperfine -N -w 1 -r 5 --export-json "$WORK/weasy.json" \
  "weasyprint $WORK/seed-002.html $WORK/seed-002-weasy.pdf" >/dev/null 2>&1
/usr/bin/time -v weasyprint "$WORK/seed-002.html" "$WORK/seed-002-weasy.pdf" 2>"$WORK/weasy.time"
wpages=$(pdfinfo "$WORK/seed-002-weasy.pdf" | sed -n 's/^Pages: *//p')
echo "weasyprint seed 002 ($wpages pages): $(stat_ms "$WORK/weasy.json"), peak RSS $(rss_mb "$WORK/weasy.time") MB," \
     "PDF $(wc -c <"$WORK/seed-002-weasy.pdf") bytes"
python3 -c "import sys; print('ratio: raingan is %.1f times faster than WeasyPrint per report (whole processes)' % (float(sys.argv[2]) / float(sys.argv[1])))" \
  "$(mean_ms "$WORK/render.json")" "$(mean_ms "$WORK/weasy.json")"
