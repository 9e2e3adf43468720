#!/bin/sh
# Visual regression: every example form (the seeds, and the new-user examples
# of examples/) rendered, each page rasterized small and grey without
# anti-aliasing (pdftoppm -r 40 -gray -aa no -aaVector no: ~9 KB a page, and no
# grey-edge noise between machines) and compared with the reference images committed
# under tests/data/visual/. Any change to the look of a form - a moved line,
# another line break, a label, a page break - fails here until the references
# are regenerated on purpose:
#
#     make -C build update-visual-references
#
# (or RAINGAN_UPDATE_REFERENCES=1 with this script). Look at the diff images
# first: on failure they are written to build/tests/visual-diff/ (NAME-N.png is
# the new page, NAME-N-diff.png marks the changed pixels in red).
#
# Tolerance: a pixel counts as changed when its grey level differs by more
# than RAINGAN_VISUAL_FUZZ (default 20%) of the range; a page fails when more
# than RAINGAN_VISUAL_PIXELS (default 4) of its ~155 000 pixels changed. Without
# anti-aliasing poppler draws the same pixels on every machine, so the margin
# is only for a stray edge pixel: one added letter "X" at 16 pt changes 12.
. "$top_srcdir/tests/lib.sh"
REF="$top_srcdir/tests/data/visual"
DIFF="${top_builddir:?}/tests/visual-diff"
FUZZ=${RAINGAN_VISUAL_FUZZ:-20%}
PIXELS=${RAINGAN_VISUAL_PIXELS:-4}
UPDATE=${RAINGAN_UPDATE_REFERENCES:-0}
REGEN="make -C build update-visual-references"

command -v compare >/dev/null 2>&1 || { echo "visual_regression.sh: ImageMagick's compare is missing (apt-get install imagemagick)" >&2; exit 1; }
command -v pdftoppm >/dev/null 2>&1 || { echo "visual_regression.sh: pdftoppm is missing (apt-get install poppler-utils)" >&2; exit 1; }

rm -rf "$DIFF"
[ "$UPDATE" = 1 ] && mkdir -p "$REF"
changed=0

# check NAME FORM KEY JSON [RENDER OPTIONS...]
check() {
  name=$1 form=$2 key=$3 json=$4; shift 4
  if ! "$RAINGAN" render "$form" --data "$json" --id "$key" --date 2024-01-31 "$@" \
         -o "$TMP/$name.pdf" 2>"$TMP/stderr"; then
    fail "$name: render failed: $(cat "$TMP/stderr")"; return
  fi
  mkdir -p "$TMP/$name"
  pdftoppm -r 40 -gray -aa no -aaVector no -png "$TMP/$name.pdf" "$TMP/$name/p" || { fail "$name: pdftoppm failed"; return; }
  # pdftoppm numbers pages p-1.png or p-01.png by the page count: rename to NAME-N.png.
  pages=0
  for f in "$TMP/$name"/p-*.png; do
    n=${f##*/p-}; n=${n%.png}; n=$(expr "$n" + 0)
    mv "$f" "$TMP/$name/$name-$n.png"
    pages=$((pages + 1))
  done
  if [ "$UPDATE" = 1 ]; then
    rm -f "$REF/$name"-[0-9]*.png
    cp "$TMP/$name/$name"-*.png "$REF/"
    echo "updated $name: $pages page(s)"
    return
  fi
  refs=$(ls "$REF/$name"-[0-9]*.png 2>/dev/null | wc -l)
  if [ "$refs" != "$pages" ]; then
    mkdir -p "$DIFF"; cp "$TMP/$name/$name"-*.png "$DIFF/"
    fail "$name: $pages page(s), the references have $refs (new pages in $DIFF/)"
    changed=1; return
  fi
  n=1
  while [ "$n" -le "$pages" ]; do
    page="$TMP/$name/$name-$n.png"
    diff="$TMP/$name/$name-$n-diff.png"
    count=$(compare -metric AE -fuzz "$FUZZ" "$REF/$name-$n.png" "$page" "$diff" 2>&1 >/dev/null) || true
    case $count in
      ''|*[!0-9.e+]*) count=999999 ;;  # different sizes or unreadable: ImageMagick printed an error
    esac
    count=${count%%.*}
    if [ "$count" -gt "$PIXELS" ]; then
      mkdir -p "$DIFF"; cp "$page" "$DIFF/"; [ -f "$diff" ] && cp "$diff" "$DIFF/"
      fail "$name page $n: $count pixels differ from tests/data/visual/$name-$n.png (tolerance $PIXELS)"
      changed=1
    fi
    n=$((n + 1))
  done
}

EX="$top_srcdir/examples"
check seed-000 progress-report 04010000-3614 "$EX/seed-000-progress-2561.json"
check seed-001 indicator-report indicator-2563-3 "$EX/seed-001-indicator-2563.json"
check seed-002 progress-report 50310000-2961 "$EX/seed-002-progress-2566.json"
check seed-003 progress-report-table 21000000-3165 "$EX/seed-003-progress-2563.json"
check seed-004 development-plan hatyai-info-center-2563 "$EX/seed-004-plan-2563.json"
check memo memo bang-rak-admin-2566-123 "$EX/memo-bangrak-2566.json"
check announcement announcement bang-rak-2566-service-standards "$EX/announcement-bangrak-2566.json"
check order announcement bang-rak-2566-order-45 "$EX/announcement-bangrak-2566.json"
# What a new user types (examples/README.md): a municipal project with 20
# entries, and a plan whose title and cover do not name its issuing body.
check new-project progress-report BANMAI-2568-01 "$EX/new-project-20-entries.json"
check new-plan development-plan banmai-info-center-2568 "$EX/new-plan-no-body.json"

if [ "$changed" = 1 ]; then
  cat >&2 <<EOF
The look of a form changed. Look at the new pages and the diff images in
$DIFF/ (NAME-N.png, NAME-N-diff.png: changed pixels in red). If the change
is intended, regenerate the references and commit them with your change:

    $REGEN

(docs/layout.md, "Visual regression tests").
EOF
fi
finish
