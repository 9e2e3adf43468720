#!/bin/sh
# Benchmark of `raingan serve` (docs/performance.md, "Service"); not a test.
#   sh bench/bench_service.sh BUILD_DIR [SECONDS] [REQUESTS] [STEP]
# Needs wrk (apt-get install wrk). On 127.0.0.1 only. Measures:
#  1. the warm render of the seed-002 progress report over HTTP at
#     concurrency 2 (wrk: 1 thread, 2 connections): p50, p99;
#  2. sustained reports/s on the machine's cores (wrk: 2 threads, 8 connections);
#  3. each worker's RSS every STEP (20,000) requests up to REQUESTS (100,000);
#  4. what libmicrohttpd would cost every other command's start-up if it were
#     linked into raingan (why raingan-serve is its own program).
# The service and wrk share the 2 CPUs: wrk's own CPU time is part of what is measured.
set -eu
BUILD=$(cd "$1" && pwd)
SECONDS_EACH=${2:-10}
TOTAL=${3:-100000}
STEP=${4:-20000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
RAINGAN=$BUILD/raingan
command -v wrk >/dev/null || { echo "bench_service: needs wrk (apt-get install wrk)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/raingan-bench-service.XXXXXX")
SERVER=
# Under set -e a failing command ends the trap too: the server is gone by
# the end (stopped below), so kill and wait must not keep rm from running.
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
export RAINGAN_DATA=$SRC

"$RAINGAN" init --db "$TMP/b.db" >/dev/null
"$RAINGAN" import --db "$TMP/b.db" "$SRC/examples/seed-002-progress-2566.json" >/dev/null
"$RAINGAN" serve --db "$TMP/b.db" --listen 127.0.0.1:0 -j 2 -q 2>"$TMP/log" &
SERVER=$!
n=0
until grep -q "listening on" "$TMP/log" 2>/dev/null; do
  sleep 0.1; n=$((n + 1)); [ $n -lt 100 ] || { cat "$TMP/log"; exit 1; }
done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TMP/log" | head -1)
URL=http://127.0.0.1:$PORT/render/progress-report/50310000-2961.pdf
curl -s -o "$TMP/served.pdf" "$URL"
echo "PDF: $(wc -c <"$TMP/served.pdf") bytes; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

workers_rss() {
  for pid in $(curl -s "http://127.0.0.1:$PORT/health" | sed 's/.*"workers": \[\([^]]*\)\].*/\1/' | tr -d ,); do
    printf '%s ' "$(awk '/VmRSS/ {print $2}' /proc/$pid/status) kB"
  done
}
requests() { curl -s "http://127.0.0.1:$PORT/health" | sed 's/.*"requests": \([0-9]*\).*/\1/'; }
# CPU seconds (user + system) of the front and its workers so far: on a
# machine other work shares, the CPU per request is the steadier figure.
cpu_ticks() {
  t=0
  for pid in $SERVER $(curl -s "http://127.0.0.1:$PORT/health" | sed 's/.*"workers": \[\([^]]*\)\].*/\1/' | tr -d ,); do
    t=$((t + $(awk '{print $14 + $15}' /proc/$pid/stat)))
  done
  echo $t
}
# phase NAME WRK-ARGS...: wrk's latency lines, and the service's CPU per request.
phase() {
  name=$1; shift
  echo "== $name: wrk $*"
  c0=$(cpu_ticks); r0=$(requests)
  wrk "$@" "$URL" | sed -n '/Latency Distribution/,/Requests\/sec/p'
  c1=$(cpu_ticks); r1=$(requests)
  awk -v c=$((c1 - c0)) -v r=$((r1 - r0 - 1)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "service CPU: %.2f ms per request (%d requests)\n", c * 1000 / hz / r, r }'
}

echo "== warm-up (2 s)"
wrk -t1 -c2 -d2s "$URL" >/dev/null
phase "concurrency 2, ${SECONDS_EACH} s" -t1 -c2 -d"${SECONDS_EACH}s" --latency
phase "concurrency 1, ${SECONDS_EACH} s" -t1 -c1 -d"${SECONDS_EACH}s" --latency
phase "sustained, ${SECONDS_EACH} s" -t2 -c8 -d"${SECONDS_EACH}s" --latency

echo "== worker RSS up to $TOTAL requests (wrk -t2 -c4 in rounds)"
start=$(requests)
echo "requests $((0)): $(workers_rss)"
next=$STEP
while :; do
  done_n=$(( $(requests) - start ))
  [ "$done_n" -lt "$TOTAL" ] || break
  wrk -t2 -c4 -d5s "$URL" >/dev/null || true
  done_n=$(( $(requests) - start ))
  if [ "$done_n" -ge "$next" ]; then
    echo "requests $done_n: $(workers_rss)"
    next=$((next + STEP))
  fi
done
echo "requests $(( $(requests) - start )): $(workers_rss)"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

echo "== start-up of another command with libmicrohttpd loaded too (bench/ab, 200 alternations)"
make -s -C "$BUILD" bench/ab >/dev/null
MHD=$(ldd "$BUILD/raingan-serve" | awk '/libmicrohttpd/ {print $3}')
"$BUILD/bench/ab" 200 /usr/bin/env "$RAINGAN" version -- /usr/bin/env LD_PRELOAD="$MHD" "$RAINGAN" version
