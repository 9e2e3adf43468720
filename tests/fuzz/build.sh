#!/bin/sh
# Builds the libFuzzer targets (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer) into $RAINGAN_FUZZ_BUILD (default build-fuzz/):
# a separate configure of the whole tree with CC=clang, `make libraingan.a`
# there, then each tests/fuzz/fuzz_*.c linked against it.
#
#   tests/fuzz/build.sh            -> build-fuzz/fuzz/fuzz_{template,json_import,richtext,text_layout,pdf_reader,template_expr,csv_import}
#
# Needs clang and libclang-rt-14-dev (Debian).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${RAINGAN_FUZZ_BUILD:-$top/build-fuzz}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-g -O1 $san -Wno-unknown-warning-option"
jobs=$(nproc 2>/dev/null || echo 2)

command -v clang >/dev/null || { echo "build.sh: clang is needed (apt-get install clang)" >&2; exit 2; }
mkdir -p "$build/fuzz"
if [ ! -f "$build/Makefile" ] || [ "$top/configure" -nt "$build/Makefile" ]; then
    (cd "$build" && "$top/configure" -q CC=clang CFLAGS="$cflags -fsanitize=fuzzer-no-link")
fi
make -s -C "$build" -j"$jobs" libraingan.a >&2   # stdout carries only the folder

pkgs="harfbuzz harfbuzz-subset libthai freetype2 fontconfig sqlite3 yajl libxml-2.0 libqrencode libcrypto libdeflate nettle libcurl libpng libjpeg"
deps_cflags=$(pkg-config --cflags $pkgs)
deps_libs="$(pkg-config --libs $pkgs) -lhpdf -lpng -lz -lm -lcsv"
for target in template json_import richtext text_layout pdf_reader template_expr csv_import; do
    src=$top/tests/fuzz/fuzz_$target.c
    out=$build/fuzz/fuzz_$target
    if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ "$build/libraingan.a" -nt "$out" ] \
        || [ "$top/tests/fuzz/store_roundtrip.h" -nt "$out" ]; then
        # shellcheck disable=SC2086
        clang $cflags -fsanitize=fuzzer -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DFUZZ_TOP_SRCDIR="\"$top\"" -I"$top/src" -I"$build" $deps_cflags \
            "$src" "$build/libraingan.a" $deps_libs -o "$out"
    fi
done
echo "$build/fuzz"
