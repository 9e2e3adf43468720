#!/bin/sh
# Indents of the forms, read back from the PDF's word boxes
# (pdftotext -bbox-layout): the wrapped lines of numbered headings and items
# hang under their text, not under their number (seed 000's 1.6 heading; the
# plan's sections ๑ and ๖ and its items ๓.๑, ๕.๑, ๘.๒), and a nested list's
# bullets stand under their parent item's text, right of its number (the new
# project's entry 1).
. "$top_srcdir/tests/lib.sh"
EX="$top_srcdir/examples"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

bbox() {  # bbox NAME FORM KEY JSON
  "$RAINGAN" render "$2" --data "$EX/$4" --id "$3" --date 2024-01-31 -o "$TMP/$1.pdf" 2>"$TMP/stderr" \
    || { fail "$1: render failed: $(cat "$TMP/stderr")"; return; }
  pdftotext -bbox-layout "$TMP/$1.pdf" "$TMP/$1.html"
}
bbox s000 progress-report 04010000-3614 seed-000-progress-2561.json
bbox s004 development-plan hatyai-info-center-2563 seed-004-plan-2563.json
bbox n20 progress-report BANMAI-2568-01 new-project-20-entries.json

python3 - "$TMP" > "$TMP/indents.txt" <<'PY' || fail "$(cat "$TMP/indents.txt")"
import re, sys
tmp = sys.argv[1]
def lines_of(name):
    s = open(f"{tmp}/{name}.html", encoding="utf-8").read()
    out = []
    for p, page in enumerate(re.findall(r"<page.*?</page>", s, re.S)):
        for ln in re.findall(r"<line (.*?)</line>", page, re.S):
            ws = [(float(x), float(y), t) for x, y, t in
                  re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', ln)]
            if ws:
                out.append((p, ws))
    return out
bad = []
def hangs(name, number):
    """The line after the one numbered `number` starts where its text does."""
    ls = lines_of(name)
    for i, (p, ws) in enumerate(ls):
        if ws[0][2] != number:
            continue
        num_x, y = ws[0][0], ws[0][1]
        if len(ws) > 1:
            text_x, j = ws[1][0], i + 1
        else:   # the number read as a line of its own: its text is the line beside it
            j = next(k for k in range(i + 1, len(ls)) if abs(ls[k][1][0][1] - y) < 1)
            text_x, j = ls[j][1][0][0], j + 1
        nxt = ls[j][1][0]
        print(f"{name} {number}: number at {num_x:.1f}, text at {text_x:.1f}, wrapped line at {nxt[0]:.1f}")
        if not (text_x > num_x + 5 and abs(nxt[0] - text_x) < 0.5):
            bad.append(f"{name} {number}: wrapped line at x={nxt[0]:.1f}, its text at x={text_x:.1f} "
                       f"(number at {num_x:.1f}): [{nxt[2][:30]}]")
        return
    bad.append(f"{name}: no line numbered {number}")
hangs("s000", "1.6")
for n in ["๑.", "๖.", "๓.๑.", "๕.๑.", "๘.๒."]:
    hangs("s004", n)
# Nested list (new project, entry 1): "2. จัดทำแผนปฏิบัติงาน" then its own "• ..." items.
ls = lines_of("n20")
two = next(ws for p, ws in ls if ws[0][2] == "2." and len(ws) > 1 and ws[1][2].startswith("จัดทำแผน"))
bullets = [ws[0][0] for p, ws in ls if ws[0][2] == "•"]
print(f"n20 nested list: parent number at {two[0][0]:.1f}, its text at {two[1][0]:.1f}, bullets at {bullets}")
if len(bullets) != 2 or any(abs(b - two[1][0]) > 0.5 for b in bullets):
    bad.append(f"n20: nested bullets at {bullets}, expected under the parent's text at {two[1][0]:.1f}")
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
cat "$TMP/indents.txt"
finish
