# Helpers shared by the template/render shell tests (source after lib.sh).

# expected_lines DUMP: the texts a PDF of this document must show, one per
# line, from `raingan render --dump`: paragraphs (line breaks split),
# field labels, and the parts of signature blocks. Running headers and
# footers are left out (page numbers differ per page).
expected_lines() {
  awk '
    /^  (header|footer)$/ { skip = 1; next }
    /^  body$/ { skip = 0; next }
    skip { next }
    /^ *signature: / {
      sub(/^ *signature: /, ""); gsub(/ \.\.\.\.\. /, " | ");
      n = split($0, part, / \| /)
      for (i = 1; i <= n; i++) if (part[i] != "" && part[i] != "()") print part[i]
      next
    }
    /^ *(paragraph|field) \[[^]]*\]: / {
      sub(/^ *(paragraph|field) \[[^]]*\]: /, ""); gsub(/\*\*/, "")
      n = split($0, part, /<br>/)
      for (i = 1; i <= n; i++) if (part[i] != "") print part[i]
    }' "$1"
}

# pdf_pages FILE: page count.
pdf_pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

# pdf_landscape_pages FILE: how many pages are wider than tall.
pdf_landscape_pages() {
  pdfinfo -f 1 -l 9999 "$1" | awk '/^Page +[0-9]+ size:/ { if ($4 + 0 > $6 + 0) n++ } END { print n + 0 }'
}

# check_fonts_embedded FILE: every font embedded, subset, with a ToUnicode map.
check_fonts_embedded() {
  local bad
  bad=$(pdffonts "$1" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes")')
  [ -z "$bad" ] || fail "$1: fonts not embedded+subset+ToUnicode: $bad"
  [ "$(pdffonts "$1" | awk 'NR > 2' | wc -l)" -ge 1 ] || fail "$1: no fonts"
}

# check_text_in_order DUMP PDF: every expected line is in the PDF's text, in order.
check_text_in_order() {
  expected_lines "$1" > "$TMP/expected.txt"
  pdftotext -raw "$2" "$TMP/pdf.txt"
  local n; n=$(wc -l < "$TMP/expected.txt")
  [ "$n" -gt 5 ] || fail "$1: only $n expected lines"
  "$top_builddir/tests/text_in_order" "$TMP/expected.txt" "$TMP/pdf.txt" > "$TMP/order.txt" \
    || fail "$2: text not found in order: $(cat "$TMP/order.txt")"
}
