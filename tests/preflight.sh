#!/bin/sh
# tests/preflight.sh FILE...: validates PDF files as PDF/A-1b with Apache
# PDFBox Preflight (Debian libpdfbox2-java, docs/archival.md), an independent
# validator, all files in one JVM run (Preflight's "xml group" mode: starting
# Java costs seconds, validating a file a fraction of one).
# Prints "FILE: valid PDF/A-1b" on stdout for each valid file, and for each
# other file "FILE: not valid PDF/A-1b" and Preflight's errors (code, details,
# page) on stderr. Exit status: 0 when every file is valid, 1 when one is not,
# 2 when Preflight cannot run (Java or the jars missing: run.sh installs them).
# RAINGAN_PREFLIGHT_CLASSPATH overrides the class path.
# Used by tests/archive_render.sh and any test that makes archival copies:
#   sh "$top_srcdir/tests/preflight.sh" a.pdf b.pdf || fail "Preflight"
set -u
[ $# -ge 1 ] || { echo "usage: preflight.sh FILE..." >&2; exit 2; }
J=/usr/share/java
CP=${RAINGAN_PREFLIGHT_CLASSPATH:-$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/commons-io.jar:$J/javax.activation.jar:$J/jaxb-api.jar}
command -v java >/dev/null 2>&1 || { echo "preflight.sh: java is not installed (Debian default-jre-headless)" >&2; exit 2; }
for jar in $(printf %s "$CP" | tr ':' ' '); do
  [ -r "$jar" ] || { echo "preflight.sh: $jar is missing (Debian libpdfbox2-java, libcommons-io-java, libactivation-java, libjaxb-api-java)" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/preflight.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
: >"$work/list"
for f in "$@"; do
  [ -r "$f" ] || { echo "preflight.sh: $f: cannot read it" >&2; exit 2; }
  case $f in /*) printf '%s\n' "$f" ;; *) printf '%s/%s\n' "$(pwd)" "$f" ;; esac >>"$work/list"
done
# group mode: one report, $work/list.preflight.xml, the files in list order.
java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b xml group "$work/list" >"$work/out" 2>&1
report=$work/list.preflight.xml
[ -s "$report" ] || { echo "preflight.sh: Preflight gave no report:" >&2; cat "$work/out" >&2; exit 2; }
# One line per file, in order: "valid" or "invalid<TAB>error<TAB>error...".
awk '
  function unxml(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'\''", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
  /<preflight name=/ { if (n++) print line; line = "" }
  /<isValid/ { v = $0; sub(/.*<isValid[^>]*>/, "", v); sub(/<.*/, "", v); line = (v == "true") ? "valid" : "invalid" }
  /<code>/ { c = $0; sub(/.*<code>/, "", c); sub(/<.*/, "", c) }
  /<details>/ { d = $0; sub(/.*<details>/, "", d); sub(/<\/details>.*/, "", d); line = line "\t" c " : " unxml(d) }
  /<page>/ { p = $0; sub(/.*<page>/, "", p); sub(/<.*/, "", p); line = line " (page " p ")" }
  END { if (n) print line }
' "$report" >"$work/verdicts"
[ "$(wc -l <"$work/verdicts")" -eq $# ] || { echo "preflight.sh: Preflight reported on $(wc -l <"$work/verdicts") of $# files:" >&2; cat "$work/out" "$report" >&2; exit 2; }
status=0
i=0
for f in "$@"; do
  i=$((i + 1))
  verdict=$(sed -n "${i}p" "$work/verdicts")
  if [ "$verdict" = valid ]; then
    echo "$f: valid PDF/A-1b"
  else
    status=1
    echo "$f: not valid PDF/A-1b" >&2
    printf '%s\n' "$verdict" | tr '\t' '\n' | sed -n '2,$s/^/  /p' | sort -u >&2
  fi
done
exit $status
