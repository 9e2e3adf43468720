# Import work grows linearly with the input (issue 11: it grew with the
# square of the number of entries in one project and of the length of a
# multibyte string). Work is counted, not timed: the instructions executed
# inside rg_store_import, counted by Valgrind's callgrind, which other
# processes on the machine do not change. For each shape of input, 4 times
# the input must cost less than 6 times the instructions (linear: about 4;
# the quadratic import cost 8 to 16 times more at these sizes). Wall-clock
# figures at 40,000 entries and 16 MB: bench/bench_import_scaling.sh and
# docs/performance.md. Skipped (77) without valgrind, or for a sanitizer
# build (valgrind cannot run those).
. "$top_srcdir/tests/lib.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
if ldd "$RAINGAN" 2>/dev/null | grep -q 'libasan\|libubsan'; then
  echo "SKIP: sanitizer build"; exit 77
fi

doc_start() { printf '{"raingan": 1, "records": [{"kind": "organization", "key": "o", "name": "x"},\n'; }
# entries N [patch]: a project with N entries (a patch record of them with "patch").
entries() {
  doc_start
  if [ "${2:-}" = patch ]; then
    printf '{"kind": "project", "key": "P", "patch": true, "entries": [\n'
  else
    printf '{"kind": "project", "key": "P", "code": "P", "name": "n", "fiscal_year": 2566,\n'
    printf ' "start_date": "2022-10-01", "end_date": "2023-09-30", "organization": "o", "entries": [\n'
  fi
  awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"number\": %d, \"date\": \"2023-01-16\", \"body\": \"<p>รายงานครั้งที่ %d</p>\", \"progress_percent\": %d}%s\n", i, i, i % 100, (i < n ? "," : "") }'
  printf ']}]}\n'
}
# thai_text BYTES: a person whose position is BYTES of Thai text.
thai_text() {
  doc_start
  printf '{"kind": "person", "key": "p", "name": "n", "position": "'
  yes ก | head -n "$(($1 / 3))" | tr -d '\n'
  printf '"}]}\n'
}
# members N: a person with N fields an import does not know (--lenient).
members() {
  doc_start
  printf '{"kind": "person", "key": "p", "name": "n"'
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf ", \"extra%d\": %d", i, i }'
  printf '}]}\n'
}

# instructions IMPORT-ARGS...: instructions executed in rg_store_import.
instructions() {
  rm -f "$TMP/cg.out"
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" --toggle-collect=rg_store_import \
    "$RAINGAN" import "$@" >/dev/null 2>"$TMP/vg.err" || { fail "valgrind $*: $(tail -3 "$TMP/vg.err")"; echo 0; return; }
  sed -n 's/^summary: *//p' "$TMP/cg.out"
}

# check_linear WHAT SMALL MAKE [MODE]: MODE plain, lenient, dry-run (a dry
# run over the same record already stored) or patch (every entry patched).
check_linear() {
  local what=$1 small=$2 make=$3 mode=${4:-plain} a b size
  for size in "$small" $((4 * small)); do
    rm -f "$TMP/s.db"
    $make "$size" > "$TMP/in.json"
    case $mode in
      plain) n=$(instructions --db "$TMP/s.db" "$TMP/in.json") ;;
      lenient) n=$(instructions --lenient --db "$TMP/s.db" "$TMP/in.json") ;;
      dry-run) "$RAINGAN" import --db "$TMP/s.db" "$TMP/in.json" >/dev/null
               n=$(instructions --dry-run --db "$TMP/s.db" "$TMP/in.json") ;;
      patch) "$RAINGAN" import --db "$TMP/s.db" "$TMP/in.json" >/dev/null
             $make "$size" patch > "$TMP/patch.json"
             n=$(instructions --db "$TMP/s.db" "$TMP/patch.json") ;;
    esac
    if [ "$size" = "$small" ]; then a=$n; else b=$n; fi
  done
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  printf '%-42s %8s -> %8s: %12s -> %12s instructions (x%s)\n' "$what" "$small" $((4 * small)) "$a" "$b" "$ratio"
  awk -v r="$ratio" 'BEGIN { exit !(r > 0 && r < 6) }' ||
    fail "$what: 4 times the input cost $ratio times the work (linear: about 4)"
}

check_linear "entries in one project" 400 entries
check_linear "bytes of one Thai text" 524288 thai_text
check_linear "unknown fields of one object (--lenient)" 2000 members lenient
check_linear "entries compared by --dry-run" 400 entries dry-run
check_linear "entries merged by a patch" 400 entries patch
finish
