#!/usr/bin/env bash
# Installs the test oracles that come from the npm registry (tests/external/package.json,
# pinned by package-lock.json) into tests/external/node_modules, and copies Google Sarabun's
# TTF files with their OFL licence into tests/external/fonts/ as a private test-font directory.
# Run by `./run.sh test`; idempotent and quick once installed. Needs node and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
stamp=node_modules/.raingan-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi
sarabun=node_modules/@expo-google-fonts/sarabun
mkdir -p fonts
for style in 400Regular 700Bold 400Regular_Italic 700Bold_Italic; do
  cp -p "$sarabun/$style/Sarabun_$style.ttf" fonts/
done
cp -p "$sarabun/LICENSE_FONT" fonts/OFL-Sarabun.txt
