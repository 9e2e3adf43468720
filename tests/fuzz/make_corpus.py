#!/usr/bin/env python3
"""Regenerates the seed corpora of the fuzz targets from the repository's own
inputs (run from anywhere; writes tests/fuzz/corpus/<target>/):

  json_import  examples/*.json, tests/data/store/*.json, and small hand-made
               documents (empty, deep nesting, big numbers, bad UTF-8)
  richtext     every rich-text field of the examples (HTML bodies of seed 002
               and plain multi-line text), plus edge cases
  template     templates/*.xml and templates/parts/*.xml
  text_layout  Thai paragraphs from the examples, each behind a 4-byte header
               (see fuzz_text_layout.c), with span breaks (0x01) inserted
  csv_import   examples/excel-*.csv, each behind the byte choosing the file,
               patch and --lenient (see fuzz_csv_import.c), plus dates with
               two-digit years and Excel day numbers, a patch adding an entry,
               and broken files (Windows-874, a quote left open, a wide row)

`make_corpus.py TARGET...` regenerates only those targets' corpora.
The corpora are checked in; libFuzzer adds what it finds when run with a
writable corpus directory (see docs/robustness.md)."""
import glob
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


ONLY = set(sys.argv[1:])


def reset(target):
    if ONLY and target not in ONLY:
        return None
    d = os.path.join(HERE, "corpus", target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def put(d, data, name=None):
    if d is None:   # a target not asked for
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


examples = sorted(glob.glob(os.path.join(TOP, "examples", "*.json")))
texts = []
for path in examples:
    with open(path, encoding="utf-8") as f:
        texts.extend(s for s in strings(json.load(f)) if len(s) > 40)

d = reset("json_import")
for path in examples + sorted(glob.glob(os.path.join(TOP, "tests", "data", "store", "*.json"))):
    with open(path, "rb") as f:
        put(d, f.read(), os.path.basename(path))
put(d, '{"raingan": 1, "records": []}', "empty-records")
put(d, '{"raingan": 1, "records": [' + "[" * 200 + "]" * 200 + "]}", "deep-nesting")
put(d, '{"raingan": 1, "records": [{"kind": "organization", "key": "a", "name": "\\u0e01\\ud800"}]}',
    "lone-surrogate")
put(d, b'{"raingan": 1, "records": [{"kind": "organization", "key": "a", "name": "\xe0\xb8"}]}',
    "bad-utf8")
put(d, '{"raingan": 1, "records": [{"kind": "project", "key": "p", "code": "p", "name": "n",'
       ' "fiscal_year": 99999999999999999999, "start_date": "2022-10-01", "end_date": "2023-09-30",'
       ' "budget_received": 1e308, "organization": "o"}]}', "huge-numbers")

d = reset("richtext")
for t in texts:
    put(d, t)
for t in ["", "plain line\n\nsecond line", "<p>a<b>b<i>c</i></b></p>", "<ol><li>x<ul><li>y</li></ul></li></ol>",
          "<p>&amp; &lt; &#3585; &nbsp;</p>", b"<p>\xff\xfe bad utf-8 \xe0\xb8</p>",
          "<ul style=\"list-style-type: none\"><li>- a</li></ul>", "<script>x</script><table><tr><td>t</td></tr></table>",
          "<rt><p>canonical <b>bold</b></p><list style=\"dash\"><li><p>i</p></li></list></rt>"]:
    put(d, t)

d = reset("template")
for path in sorted(glob.glob(os.path.join(TOP, "templates", "*.xml")) +
                   glob.glob(os.path.join(TOP, "templates", "parts", "*.xml"))):
    with open(path, "rb") as f:
        put(d, f.read(), os.path.basename(path))

d = reset("text_layout")
headers = [b"\x00\xe8\x0c\x00", b"\x03\xf0\x0c\x01", b"\x04\x50\x10\x82", b"\x99\x00\x0c\x43",
           b"\x42\x20\x3c\x00"]
for i, t in enumerate(texts[:40]):
    b = t.encode("utf-8")
    if i % 3 == 1:   # span breaks inside the text
        b = b[: len(b) // 3] + b"\x01" + b[len(b) // 3:]
    put(d, headers[i % len(headers)] + b)
put(d, b"\x00\x10\x0c\x00" + "ก่ำ๑๒๓ ABC สวัสดีครับ".encode("utf-8") + b"\x01\xff\x01" + "\u0e33\u0e48".encode())

d = reset("csv_import")
WHICH = {"excel-projects.csv": 0, "excel-progress.csv": 1, "excel-organizations.csv": 2}
for name, which in WHICH.items():
    with open(os.path.join(TOP, "examples", name), "rb") as f:
        sheet = f.read()
    for flags, what in ((0, "replace"), (4, "patch"), (8, "lenient")):
        put(d, bytes([which | flags]) + sheet, "%s-%s" % (name[:-4], what))
BOM = "\ufeff"
HEAD = ("ลำดับ,รหัสโครงการ,ชื่อโครงการ,ปีงบประมาณ,วันเริ่มต้น,วันสิ้นสุด,งบประมาณที่ได้รับ,เบิกจ่ายแล้ว,"
        "หน่วยงาน,หลักการและเหตุผล,ประเด็นยุทธศาสตร์\r\n")
put(d, b"\x00" + (BOM + HEAD + "1,04010000-3614,ก,2566,1/10/65,45199,\"1,000\",0,bma/opm,,\r\n"
                   "2,04010000-3615,ข,2566,15 พ.ย. 65,30 ก.ย. 66,0,0,bma/opm,,\r\n").encode(),
    "projects-short-years-serials")
put(d, b"\x05" + (BOM + "รหัสโครงการ,ครั้งที่,วันที่รายงาน,ผลการดำเนินงาน,ความก้าวหน้า\r\n"
                   "04010000-3614,3,15/6/66,ขั้นที่สาม,80%\r\n04010000-3614,2,15/3/66,ปรับปรุง,60%\r\n").encode(),
    "progress-patch-new-entry")
put(d, b"\x04" + (BOM + "รหัสโครงการ,เบิกจ่ายแล้ว\r\n04010000-3614,\"400,000.00\"\r\n").encode(),
    "projects-patch-two-columns")
put(d, b"\x02" + "รหัสหน่วยงาน,ชื่อหน่วยงาน,สังกัด\r\nbma,กรุงเทพมหานคร,\r\n".encode("cp874"),
    "organizations-windows-874")
put(d, b"\x02" + (BOM + "รหัสหน่วยงาน,ชื่อหน่วยงาน,สังกัด\r\nbma,\"กรุงเทพ,\r\n").encode(),
    "organizations-open-quote")
put(d, b"\x0a" + (BOM + "รหัสหน่วยงาน,ชื่อหน่วยงาน,สังกัด,หมายเหตุ\r\nbma/opm,สำนักปลัด,,x\r\n"
                   "bma/opm/secretariat,สำนักงานเลขานุการ,bma/opm,\r\n").encode(),
    "organizations-unmapped-column-lenient")
put(d, b"\x02" + (BOM + "รหัสหน่วยงาน,ชื่อหน่วยงาน,สังกัด\r\nbma,กรุงเทพมหานคร,,x,y\r\n").encode(),
    "organizations-wide-row")
