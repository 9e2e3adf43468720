# Whole numbers on the command line, read by the one util/bounded_int.h:
# every option refuses a sign, a space, trailing junk, hexadecimal, a value
# one past its bounds and 20 digits (past any long long) with its own
# message and exit 2, writing nothing; the bounds themselves are taken.
# (Before, -j, --year, serve's options, sign --date @N and SOURCE_DATE_EPOCH
# went through strtol, which takes " +7"; the unit test is test_util_bounded_int.)
. "$top_srcdir/tests/sign_common.sh"

"$RAINGAN" import --db "$TMP/s.db" "$top_srcdir/tests/data/store/good.json" >/dev/null || fail "setup import"
mkdir "$TMP/out"
BAD="+4 -4 ' 4' '4 ' 4x 0x10 99999999999999999999 ''"

# refused_number MESSAGE COMMAND...: exit 2, MESSAGE the first line, nothing in $TMP/out.
refused_number() {
  local message=$1; shift
  assert_status 2 "$RAINGAN" "$@"
  assert_eq "$(head -1 "$TMP/stderr")" "$message" "message of [$*]"
  [ -z "$(ls -A "$TMP/out")" ] || fail "files written by [$*]: $(ls -A "$TMP/out")"
}

eval "set -- $BAD 0 257"
for v in "$@"; do
  refused_number "raingan batch: -j $v: expected a number from 1 to 256" \
    batch progress-report --db "$TMP/s.db" --out-dir "$TMP/out/b" -j "$v"
  refused_number "raingan serve: $v: expected a whole number within the option's range (see --help)" \
    serve --db "$TMP/s.db" -j "$v"
done
eval "set -- $BAD 2399 3001 02399"
for v in "$@"; do
  refused_number "raingan batch: --year $v: expected a Buddhist-era year such as 2566" \
    batch progress-report --db "$TMP/s.db" --out-dir "$TMP/out/b" --year "$v"
  refused_number "raingan list: --year expects a Buddhist-era year such as 2566, got '$v'" \
    list --db "$TMP/s.db" --year "$v"
done
for v in 2400 3000 02566; do
  assert_status 0 "$RAINGAN" list --db "$TMP/s.db" --year "$v"
done
assert_contains "$(cat "$TMP/stdout")" "T-0001  2566" "list --year 02566 is 2566"
eval "set -- $BAD 65536"
for v in "$@"; do
  refused_number "raingan serve: --listen 127.0.0.1:$v: the port must be a number 0..65535" \
    serve --db "$TMP/s.db" --listen "127.0.0.1:$v"
done
eval "set -- $BAD 0 1000001"
for v in "$@"; do
  refused_number "raingan preview: --page $v: expected a page number, from 1" \
    preview progress-report --db "$TMP/s.db" --id T-0001 --page "$v" -o "$TMP/out/p.png"
done
eval "set -- $BAD 17 601"
for v in "$@"; do
  refused_number "raingan preview: --dpi $v: expected a whole number from 18 to 600" \
    preview progress-report --db "$TMP/s.db" --id T-0001 --dpi "$v" -o "$TMP/out/p.png"
done

# SOURCE_DATE_EPOCH (render) and @EPOCH (sign): 0 to 253402300799 (9999-12-31T23:59:59Z).
for v in +5 -5 ' 5' 5x 0x10 253402300800 99999999999999999999; do
  SOURCE_DATE_EPOCH=$v refused_number "raingan render: SOURCE_DATE_EPOCH=$v: expected a number of seconds since 1970" \
    render progress-report --db "$TMP/s.db" --id T-0001 -o "$TMP/out/r.pdf"
done
SOURCE_DATE_EPOCH=253402300799 assert_status 0 "$RAINGAN" render progress-report --db "$TMP/s.db" --id T-0001 \
  --dump -o "$TMP/dump.json"
SOURCE_DATE_EPOCH=0 assert_status 0 "$RAINGAN" render progress-report --db "$TMP/s.db" --id T-0001 \
  --dump -o "$TMP/dump.json"

make_key signer rsa "Test Signer"
"$MAKE_PDF" "$TMP/form.pdf" 1 || fail "make_test_pdf failed"
for v in +5 -5 ' 5' 5x 0x10 253402300800 99999999999999999999; do
  refused_number "raingan sign: --date @$v: expected YYYY-MM-DDTHH:MM:SSZ or @EPOCH" \
    sign "$TMP/form.pdf" --key "$TMP/signer.p12" --date "@$v" -o "$TMP/out/signed.pdf"
  SOURCE_DATE_EPOCH=$v refused_number "raingan sign: SOURCE_DATE_EPOCH=$v is not a number of seconds" \
    sign "$TMP/form.pdf" --key "$TMP/signer.p12" -o "$TMP/out/signed.pdf"
done
assert_status 0 "$RAINGAN" sign "$TMP/form.pdf" --key "$TMP/signer.p12" --date @1700000000 -o "$TMP/epoch.pdf"
assert_contains "$(pdfsig "$TMP/epoch.pdf" 2>&1)" "Signing Time: Nov 14 2023 22:13:20" "--date @1700000000 in /M"
finish
