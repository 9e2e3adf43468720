#!/usr/bin/env bash
# raingan on a fresh Debian 12 machine, run as root from the checkout:
#   ./run.sh demo   install what is missing, build, render the samples into out/
#   ./run.sh test   install what is missing, build, run the whole test suite
#   ./run.sh build  install what is missing and build only
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
JOBS=$(nproc 2>/dev/null || echo 2)

# Debian packages: build tools, libraries, and the poppler/qpdf tools the tests read PDFs back with.
BUILD_PACKAGES=(build-essential autoconf automake pkg-config
  libhpdf-dev libharfbuzz-dev libthai-dev libfreetype-dev libfontconfig-dev
  libsqlite3-dev libyajl-dev libxml2-dev libqrencode-dev libssl-dev libdeflate-dev nettle-dev icc-profiles-free
  fonts-dejavu-core)
TEST_PACKAGES=(poppler-utils qpdf openssl perl sqlite3 zbar-tools clang libclang-rt-14-dev)
# Oracles nobody here wrote (shared/notes/external-oracles.md): Pango for shaping, MuPDF and
# Ghostscript as readers, more Thai fonts, PDFBox Preflight for PDF/A, node for pdf.js and PDFium.
TEST_PACKAGES+=(pango1.0-tools mupdf-tools ghostscript fonts-thai-tlwg-ttf fonts-noto-core)
TEST_PACKAGES+=(default-jre-headless libpdfbox2-java libcommons-io-java libactivation-java libjaxb-api-java)
TEST_PACKAGES+=(nodejs)
TEST_PACKAGES+=(chromium)  # tests/web_page.sh: the clerks' page in headless Chromium (DevTools protocol)
BUILD_PACKAGES+=(libcurl4-openssl-dev)  # raingan-sign: HTTP to time-stamping authorities, OCSP, CRLs
BUILD_PACKAGES+=(libmicrohttpd-dev)  # raingan-serve: the HTTP service (src/service)
BUILD_PACKAGES+=(libpoppler-glib-dev libcairo2-dev)  # raingan-preview, raingan-serve: PNG previews (src/preview)
BUILD_PACKAGES+=(libarchive-dev)  # raingan-serve: the ZIPs of its batches (src/service/batch_jobs.c)
TEST_PACKAGES+=(python3)  # tests/pki_server.py: the local TSA/OCSP/CRL server of the PAdES tests
TEST_PACKAGES+=(imagemagick)  # compare: the visual regression test (tests/visual_regression.sh)
TEST_PACKAGES+=(valgrind)  # tests/import_scaling.sh counts instructions with callgrind
BUILD_PACKAGES+=(libpng-dev libjpeg-dev)  # images decoded whole before libharu (layout_image.c)
BUILD_PACKAGES+=(libcsv-dev)  # raingan import FILE.csv: the CSV reader (src/source)
BUILD_PACKAGES+=(libpq-dev)  # raingan-pg: `raingan import --from postgresql://...` (src/source/pg_table.c)
TEST_PACKAGES+=(postgresql)  # tests/import_postgresql.sh starts a real server (initdb, pg_ctl) in a temp dir

log() { printf '==> %s\n' "$*" >&2; }

ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [configure args...]: out-of-tree build, configured once.
build() {
  local dir=$1; shift
  if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    log "autoreconf"
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
  fi
  mkdir -p "$dir"
  if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/Makefile" ]; then
    log "configure ($dir)"
    (cd "$dir" && "$ROOT/configure" -q "$@")
  fi
  log "make ($dir)"
  make -s -C "$dir" -j"$JOBS"
}

# Prints the closing "N passed, N failed" line from automake's test-suite.log.
# Totals over every stage of `./run.sh test`, for the closing line.
TOTAL_PASSED=0
TOTAL_FAILED=0

summarize() {
  local log=$1 pass fail errors
  pass=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
  fail=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
  errors=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
  fail=$(( ${fail:-0} + ${errors:-0} ))
  TOTAL_PASSED=$(( TOTAL_PASSED + ${pass:-0} ))
  TOTAL_FAILED=$(( TOTAL_FAILED + fail ))
  echo "$2: ${pass:-0} passed, $fail failed"
}

run_checks() {
  local dir=$1 label=$2 rc=0
  make -s -C "$dir" -j"$JOBS" check >/dev/null 2>&1 || rc=$?
  if [ $rc -ne 0 ]; then
    # Show the logs of the failing tests, then the summary.
    grep -l -E '^(FAIL|ERROR)' "$dir"/tests/*.log 2>/dev/null | while read -r f; do
      echo "---- $f"; tail -40 "$f"; done
  fi
  if [ -f "$dir/test-suite.log" ]; then
    summarize "$dir/test-suite.log" "$label"
  else
    TOTAL_FAILED=$(( TOTAL_FAILED + 1 ))   # the suite did not even build
  fi
  return $rc
}

demo() {
  ensure_packages "${BUILD_PACKAGES[@]}"
  build build
  mkdir -p out
  RAINGAN="$ROOT/build/raingan" bash examples/render-all.sh "$ROOT/out"
  "$ROOT/build/raingan" proof -o "$ROOT/out/proof.pdf"
  log "rendered into out/: $(cd out && ls | tr '\n' ' ')"
}

# npm is Debian's package only where the machine has no node of its own (a NodeSource node
# ships npm inside the nodejs package, and Debian's npm would conflict with it).
ensure_npm() {
  command -v npm >/dev/null 2>&1 || ensure_packages npm
}

test_all() {
  ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
  ensure_npm
  log "test oracles from the npm registry (tests/external)"
  bash tests/external/setup.sh
  build build
  local status=0
  run_checks build "tests" || status=1
  # The whole suite again under AddressSanitizer (leaks included: a leak
  # fails the test) and UndefinedBehaviorSanitizer; tests/lsan.supp names the
  # only tolerated leaks, inside third-party libraries.
  if [ "${RAINGAN_SKIP_SANITIZERS:-}" != 1 ]; then
    log "AddressSanitizer + UndefinedBehaviorSanitizer build"
    build build-asan --enable-sanitizers CC=gcc CFLAGS="-O1 -g"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$ROOT/tests/lsan.supp" \
      run_checks build-asan "tests under sanitizers" || status=1
  fi
  # libFuzzer targets (clang), ~20 s each: docs/robustness.md.
  if [ -x tests/fuzz/run-short.sh ] && [ "${RAINGAN_SKIP_FUZZ:-}" != 1 ]; then
    log "short fuzz runs"
    local fuzz_log fuzz_ok=1
    fuzz_log=$(mktemp)
    bash tests/fuzz/run-short.sh 2>&1 | tee "$fuzz_log" || fuzz_ok=0   # pipefail: the script's status
    TOTAL_PASSED=$(( TOTAL_PASSED + $(grep -c ': ok,' "$fuzz_log" || true) ))
    if [ $fuzz_ok = 0 ]; then
      status=1
      TOTAL_FAILED=$(( TOTAL_FAILED + 1 ))
    fi
    rm -f "$fuzz_log"
  fi
  # The closing line: every test, sanitizer rerun and fuzz target counted.
  echo "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
  return $status
}

case "${1:-}" in
  demo) demo ;;
  test) test_all ;;
  build) ensure_packages "${BUILD_PACKAGES[@]}"; build build ;;
  *) echo "usage: ./run.sh demo | test | build" >&2; exit 2 ;;
esac
