#!/usr/bin/env python3
"""The seed-002 progress report as one HTML page, for timing WeasyPrint on the
same document raingan prints (bench/run.sh): the same text (every field,
objective, target and the 10 entries with their HTML bodies), the same A4
page and margins, the same table of entries with a repeated header, the
running title and "หน้า X / Y" on every page, the certification and
signature, and the bundled Laksaman font at the same sizes (@font-face from
fonts/). What it does not reproduce (Thai dates, amounts in words, the
distributed alignment) costs WeasyPrint nothing, so the comparison does not
favour raingan.

    bench/report_html.py examples/seed-002-progress-2566.json FONTS_DIR > report.html
"""
import html
import json
import sys


def text(s):
    return html.escape(s or "-")


def rich(s):
    if not s:
        return "<p>-</p>"
    if "<" in s:
        return s
    return "".join("<p>%s</p>" % html.escape(line) for line in s.split("\n") if line.strip())


def main():
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    fonts = sys.argv[2]
    recs = data["records"]
    p = next(r for r in recs if r["kind"] == "project")
    by_key = {(r["kind"], r["key"]): r for r in recs}
    org = by_key.get(("organization", p["organization"]), {}).get("name", "")
    resp = by_key.get(("person", p.get("responsible", "")), {})
    coord = by_key.get(("person", p.get("coordinator", "")), {})
    title = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
    out = []
    w = out.append
    w("""<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>%s</title><style>
@font-face { font-family: Laksaman; src: url("file://%s/Laksaman.ttf"); }
@font-face { font-family: Laksaman; font-weight: bold; src: url("file://%s/Laksaman-Bold.ttf"); }
@page { size: A4; margin: 30mm 20mm 20mm 25mm;
  @top-center { content: "%s"; font: bold 18pt Laksaman; }
  @top-right { content: "หน้า " counter(page) " / " counter(pages); font: 12pt Laksaman; } }
body { font: 16pt/1.2 Laksaman; }
h1 { font-size: 16pt; margin: 8pt 0 2pt; } h2 { font-size: 16pt; margin: 4pt 0 2pt 8mm; }
.f { margin-left: 16mm; display: flex; } .f .l { width: 56mm; flex: none; }
.text p { margin: 0 0 2pt 16mm; text-indent: 12mm; text-align: justify; }
table { border-collapse: collapse; width: 100%%; font-size: 14pt; line-height: 1.15; }
th, td { border: 0.5pt solid black; padding: 3pt; vertical-align: top; }
th { background: #e6e6e6; } thead { display: table-header-group; } tr { page-break-inside: auto; }
td p { margin: 0 0 2pt; } .c { text-align: center; } .sig { margin-top: 24pt; text-align: center; }
</style></head><body>""" % (title, fonts, fonts, title))
    w("<h1>1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ</h1><h2>1.1 รหัสโครงการและชื่อโครงการ</h2>")
    for label, value in [("ชื่อโครงการ/กิจกรรม", p["name"]), ("รหัสโครงการ", p["code"]),
                         ("ปีงบประมาณ พ.ศ.", str(p["fiscal_year"])), ("เริ่มต้นโครงการ", p["start_date"]),
                         ("งบประมาณที่ได้รับ", "%s บาท" % p.get("budget_received", 0)),
                         ("สิ้นสุดโครงการ", p["end_date"]), ("งบประมาณที่ใช้ไป", "%s บาท" % p.get("budget_spent", 0))]:
        w('<div class="f"><span class="l">%s</span><span>%s</span></div>' % (label, text(value)))
    w("<h2>1.2 หน่วยงานที่รับผิดชอบ</h2>")
    for label, value in [("หน่วยงานที่รับผิดชอบ", org), ("ชื่อผู้รับผิดชอบ", resp.get("name")),
                         ("ผู้ประสานงาน สยป", coord.get("name"))]:
        w('<div class="f"><span class="l">%s</span><span>%s</span></div>' % (label, text(value)))
    w('<h2>1.3 หลักการและเหตุผล</h2><div class="text">%s</div>' % rich(p.get("rationale")))
    w('<h2>1.4 วัตถุประสงค์ของโครงการ</h2><div class="text">%s</div>'
      % "".join(rich(o) for o in p.get("objectives", [])))
    w('<h2>1.5 เป้าหมายของโครงการ</h2><div class="text">%s</div>' % "".join(rich(t) for t in p.get("targets", [])))
    s = p.get("strategy", {})
    w("<h2>1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี</h2>")
    for label, key in [("ประเด็นยุทธศาสตร์", "issue"), ("ประเด็นยุทธศาสตร์ย่อย", "sub_issue"),
                       ("เป้าหมายที่", "goal"), ("ตัวชี้วัด", "indicator")]:
        w('<div class="f"><span class="l">%s</span><span>%s</span></div>' % (label, text(s.get(key))))
    w("<h1>2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ</h1><table><thead><tr>"
      "<th style='width:12mm'>ครั้งที่</th><th>วันที่ / รายละเอียดการดำเนินงาน</th>"
      "<th style='width:26mm'>ความก้าวหน้า / งบประมาณที่เบิกใช้</th><th style='width:24mm'>ตามแผน</th>"
      "<th style='width:26mm'>ตามเป้าหมาย</th></tr></thead><tbody>")
    for e in p.get("entries", []):
        w("<tr><td class='c'>%d</td><td><p><b>วันที่ %s</b></p>%s</td><td class='c'><p>%s</p><p>%s บาท</p></td>"
          "<td class='c'>%s</td><td class='c'>%s</td></tr>"
          % (e["number"], text(e["date"]), rich(e["body"]), e.get("progress_percent", "-"), e.get("budget_used", 0),
             "เป็นไปตามแผน" if e.get("on_plan", True) else "ไม่เป็นไปตามแผน",
             "เป็นไปตามเป้าหมาย" if e.get("on_target", True) else "ไม่เป็นไปตามเป้าหมาย"))
    w("</tbody></table><p>ขอรับรองว่าข้อมูลดังกล่าวข้างต้นเป็นความจริงทุกประการ</p>"
      "<div class='sig'><p>(ลงชื่อ) ........................................</p><p>(%s)</p>"
      "<p>(ผู้รับผิดชอบโครงการ)</p></div></body></html>" % text(resp.get("name")))
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
