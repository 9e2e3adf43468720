#!/usr/bin/env python3
"""Synthetic projects for the batch benchmark (bench/run.sh), shaped like
seed 002 (examples/seed-002-progress-2566.json): the same organizations and
people, and per project the same fields and 10 progress entries with HTML
bodies (<p>, <ul style="list-style-type: none">, <ol>) of the seed's lengths.
The Thai text is the seed's own, reshuffled per project (sentences rotated,
numbers changed) so that no two documents are identical; the output is
deterministic for a given N and seed.

    bench/gen_projects.py N [SEED] > projects.json
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_FILE = os.path.join(HERE, "..", "examples", "seed-002-progress-2566.json")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2566)
    with open(SEED_FILE, encoding="utf-8") as f:
        seed = json.load(f)
    shared = [r for r in seed["records"] if r["kind"] in ("organization", "person")]
    base = next(r for r in seed["records"] if r["kind"] == "project")
    # Phrases of the seed's texts, for varying the wording.
    phrases = []
    for e in base["entries"]:
        for part in e["body"].replace("<", " <").split():
            if not part.startswith("<") and len(part) > 6:
                phrases.append(part.split(">")[-1])
    records = list(shared)
    for i in range(n):
        p = json.loads(json.dumps(base))
        p["key"] = p["code"] = "bench-%05d" % (i + 1)
        p["name"] = "%s %s" % (base["name"], rng.choice(phrases))
        p["budget_received"] = rng.randrange(0, 5000000)
        p["budget_spent"] = rng.randrange(0, p["budget_received"] + 1)
        entries = p["entries"]
        shift = rng.randrange(len(entries))
        bodies = [e["body"] for e in entries]
        bodies = bodies[shift:] + bodies[:shift]
        for k, e in enumerate(entries):
            extra = " ".join(rng.choice(phrases) for _ in range(3))
            body = bodies[k]
            if body.endswith("</p>"):
                body = body[:-4] + " " + extra + "</p>"
            elif body.endswith("</ul>") or body.endswith("</ol>"):
                body = body[:-5] + "<li>- " + extra + "</li>" + body[-5:]
            else:
                body = body + "\n" + extra
            e["body"] = body
            e["progress_percent"] = round(min(100.0, 10.0 * (k + 1) + rng.random() * 5), 2)
        records.append(p)
    json.dump({"raingan": 1, "records": records}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
