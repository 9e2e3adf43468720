#!/bin/sh
# Renders every example (the five seed documents, the memo, the announcement
# and the order) into PDFs.
#
#   examples/render-all.sh [OUTDIR]        (default OUTDIR: out)
#
# Imports the examples' JSON files into a scratch database, then renders each
# record with its form. $RAINGAN names the program (default: raingan on the
# PATH, else the build tree's). Stops at the first failure.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-out}

if [ -z "${RAINGAN:-}" ]; then
    if command -v raingan >/dev/null 2>&1; then
        RAINGAN=raingan
    elif [ -x "$here/../build/raingan" ]; then
        RAINGAN=$here/../build/raingan
    else
        echo "render-all.sh: set RAINGAN to the raingan program" >&2
        exit 2
    fi
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/raingan-examples.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
db=$scratch/examples.db

mkdir -p "$out"
"$RAINGAN" import --db "$db" "$here"/seed-*.json "$here"/new-*.json "$here"/memo-*.json \
    "$here"/announcement-*.json

render() {  # FORM KEY NAME
    # The database is in a scratch directory: the plan's emblem is here.
    "$RAINGAN" render "$1" --db "$db" --id "$2" --image-dir "$here" -o "$out/$3.pdf"
    echo "$out/$3.pdf"
}

render progress-report   04010000-3614           seed-000-progress-2561
render indicator-report  indicator-2563-3        seed-001-indicator-2563
render progress-report   50310000-2961           seed-002-progress-2566
render progress-report-table 21000000-3165         seed-003-progress-2563
render development-plan  hatyai-info-center-2563 seed-004-plan-2563
render memo              bang-rak-admin-2566-123         memo-bangrak-2566
render announcement      bang-rak-2566-service-standards announcement-bangrak-2566
render announcement      bang-rak-2566-order-45          order-bangrak-2566
render progress-report   BANMAI-2568-01          new-project-20-entries
render development-plan  banmai-info-center-2568 new-plan-no-body
