#!/usr/bin/env python3
"""Import file of N plans, each with an emblem of its own (issue 11, docs/robustness.md):
seed 004's plan repeated under N keys, its emblem an 8x8 PNG of a colour no other plan
has, given as a data: URI, so the import stores N images.
    python3 bench/gen_image_plans.py 5000 > imgs.json"""
import base64
import json
import os
import struct
import sys
import zlib


def png(i):
    w, h = 8, 8
    row = b"\x00" + bytes([(i >> 16) & 255, (i >> 8) & 255, i & 255]) * w
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))


def main():
    n = int(sys.argv[1])
    seed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                        "seed-004-plan-2563.json")
    with open(seed, encoding="utf-8") as f:
        doc = json.load(f)
    plan = next(r for r in doc["records"] if r["kind"] == "plan")
    records = [r for r in doc["records"] if r["kind"] != "plan"]
    for i in range(n):
        p = json.loads(json.dumps(plan))
        p["key"] = "%s-%05d" % (plan["key"], i)
        p["announcement"]["emblem"] = "data:image/png;base64," + base64.b64encode(png(i)).decode()
        records.append(p)
    doc["records"] = records
    json.dump(doc, sys.stdout, ensure_ascii=False)


main()
