"""`raingan serve`, its API: every endpoint's real output against the
command line (the PDF byte-identical to `raingan render` with the same
options, its text read back by pdftotext), the HTTP details (Content-Type,
Content-Length, Content-Disposition with a Thai key, ETag and 304, HEAD,
405 with Allow), the JSON errors, and that no request reaches a file."""
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_lib import (EXAMPLES, SRCDIR, Server, check, finish, is_json_error, make_db, run, temp_dir)

tmp = temp_dir()
KEY = "50310000-2961"
THAI_KEY = "โครงการ-ทดสอบ/๒๕๖๖"   # a '/' too: travels as %2F
seed = open(os.path.join(EXAMPLES, "seed-002-progress-2566.json"), encoding="utf-8").read()
thai_json = os.path.join(tmp, "thai.json")
with open(thai_json, "w", encoding="utf-8") as f:
    f.write(seed.replace('"' + KEY + '"', json.dumps(THAI_KEY, ensure_ascii=False)))
db = make_db(tmp, ["seed-002-progress-2566.json", "seed-001-indicator-2563.json", "seed-003-progress-2563.json",
                   thai_json])
server = Server(tmp, db, "-j", "2")


def render_cli(*args):
    out = os.path.join(tmp, "cli.pdf")
    run("render", "progress-report", *args, "-o", out)
    return open(out, "rb").read()


try:
    # GET /health, GET /forms
    status, doc = server.get_json("/health")
    check(status == 200 and doc["status"] == "ok" and len(doc["workers"]) == 2, "/health: %s %s" % (status, doc))
    status, doc = server.get_json("/forms")
    forms = {f["name"]: f["kind"] for f in doc["forms"]}
    check(status == 200 and forms.get("progress-report") == "project" and forms.get("indicator-report") == "indicator",
          "/forms: %s" % doc)
    # each form's kind as users call it: the kind table's label, a declared kind's description
    labels = {f["name"]: f.get("kind_label") for f in doc["forms"]}
    check(labels.get("progress-report") == "โครงการ" and labels.get("indicator-report") == "ตัวชี้วัด"
          and labels.get("memo") == "บันทึกข้อความ", "/forms kind_label: %s" % labels)
    cli_forms = run("forms").stdout.decode()
    for name in forms:
        check(name in cli_forms, "/forms lists %s, `raingan forms` does not" % name)

    # GET /records with its filters, against `raingan list`
    status, doc = server.get_json("/records?kind=project&year=2566")
    keys = sorted(r["key"] for r in doc["records"])
    check(status == 200 and keys == sorted([KEY, THAI_KEY]), "/records?kind=project&year=2566: %s" % keys)
    listed = run("list", "--db", db, "--kind", "project").stdout.decode()
    status, doc = server.get_json("/records?kind=project")
    for r in doc["records"]:
        check(r["key"] in listed and r["name"] in listed, "/records: %s is not in `raingan list`" % r["key"])
    status, doc = server.get_json("/records?kind=indicator")
    check(status == 200 and [r["kind"] for r in doc["records"]] == ["indicator"], "/records?kind=indicator: %s" % doc)
    org = [r for r in server.get_json("/records?kind=project&year=2566")[1]["records"] if r["key"] == KEY][0]["organization"]
    top = "bma/bang-sue"   # an organization above the project's
    check(org.startswith(top + "/"), "the project's organization %s is under %s" % (org, top))
    status, doc = server.get_json("/records?org=" + urllib.parse.quote(top, safe=""))
    check(status == 200 and KEY in [r["key"] for r in doc["records"]], "/records?org=%s (the units under it): %s" % (top, doc))
    status, doc = server.get_json("/records?org=no-such-org")
    check(status == 200 and doc["records"] == [], "/records?org=no-such-org: %s" % doc)
    for query, where in (("year=66", "query.year"), ("kind=person", "query.kind"), ("colour=red", "query.colour")):
        status, h, body = server.request("GET", "/records?" + query)
        check(status == 400, "/records?%s: status %d" % (query, status))
        is_json_error(status, body, "bad_query", where, "/records?" + query)
    # year: digits only, 2400..3000 (util/bounded_int.h); the message quotes the value as decoded
    for year in ("2400", "3000"):
        status, doc = server.get_json("/records?year=" + year)
        check(status == 200, "/records?year=%s: status %d" % (year, status))
    for quoted, year in (("2399", "2399"), ("3001", "3001"), ("%2B2566", "+2566"), ("%202566", " 2566"),
                         ("2566%20", "2566 "), ("2566x", "2566x"), ("0x9F6", "0x9F6"), ("", ""),
                         ("99999999999999999999", "99999999999999999999")):
        status, h, body = server.request("GET", "/records?year=" + quoted)
        check(status == 400, "/records?year=%s: status %d" % (quoted, status))
        is_json_error(status, body, "bad_query", "query.year", "/records?year=" + quoted)
        check(json.loads(body).get("message") == "year=%s: expected a Buddhist-era year such as 2566" % year,
              "/records?year=%s: %s" % (quoted, body))

    # GET /organizations: the stored tree, as `raingan list --kind organization` lists it
    status, doc = server.get_json("/organizations")
    check(status == 200, "/organizations: %s" % status)
    tree = {o["key"]: o for o in doc["organizations"]}
    check([o["key"] for o in doc["organizations"]] == sorted(tree), "/organizations by key: %s" % list(tree))
    listed = run("list", "--db", db, "--kind", "organization").stdout.decode().splitlines()[1:]
    check(sorted(line.split()[1] for line in listed) == sorted(tree), "/organizations, `raingan list`: %s" % listed)
    for line in listed:
        check(tree.get(line.split()[1], {}).get("name") == line.split(None, 3)[3], "/organizations: the name of %s" % line)
    check(tree.get("bma/bang-sue", {}).get("name") == "สำนักงานเขตบางซื่อ" and tree["bma/bang-sue"]["parent"] is None
          and tree.get(org, {}).get("parent") == "bma/bang-sue/administration" and "bma" not in tree,
          "/organizations: names and parents %s" % {k: tree[k] for k in list(tree)[:4]})
    status, h, body = server.request("GET", "/organizations?kind=project")
    is_json_error(status, body, "bad_query", "query.kind", "/organizations?kind=project")

    # GET /render/FORM/KEY.pdf: the bytes of `raingan render`, with each option
    for query, args in (("", []), ("?date=2566-01-16&digits=thai", ["--date", "2566-01-16", "--digits", "thai"]),
                        ("?digits=arabic", ["--digits", "arabic"]),
                        ("?archive=1&date=2566-01-16", ["--archive", "--date", "2566-01-16"]),
                        ("?archive=pdfa-3b", ["--archive", "pdfa-3b"])):
        status, h, body = server.request("GET", "/render/progress-report/%s.pdf%s" % (KEY, query))
        cli = render_cli("--db", db, "--id", KEY, *args)
        check(status == 200 and body == cli, "GET .pdf%s: status %d, %d bytes, `raingan render %s` %d bytes, %s"
              % (query, status, len(body), " ".join(args), len(cli), "identical" if body == cli else "different"))
        check(h.get("content-type") == "application/pdf", "GET .pdf%s: Content-Type %s" % (query, h.get("content-type")))
        check(h.get("content-length") == str(len(body)), "GET .pdf%s: Content-Length %s for %d bytes"
              % (query, h.get("content-length"), len(body)))
    pdf = os.path.join(tmp, "http.pdf")
    status, h, body = server.request("GET", "/render/progress-report/%s.pdf" % KEY)
    open(pdf, "wb").write(body)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True).stdout.decode()
    check("ITA" in text and "ความก้าวหน้า" in text, "pdftotext of the served PDF: %r" % text[:300])
    check(h.get("content-disposition") == 'inline; filename="progress-report-%s.pdf"; '
          "filename*=UTF-8''progress-report-%s.pdf" % (KEY, KEY), "Content-Disposition: %s" % h.get("content-disposition"))
    status, h2, body2 = server.request("GET", "/render/progress-report/%s.pdf?download=1&archive=1" % KEY)
    check(h2.get("content-disposition", "").startswith('attachment; filename="progress-report-%s-archive.pdf"' % KEY),
          "?download=1: %s" % h2.get("content-disposition"))

    # A Thai key with a '/': the path segment percent-encoded, the name in filename* (RFC 5987)
    path = "/render/progress-report/%s.pdf" % urllib.parse.quote(THAI_KEY, safe="")
    status, h, body = server.request("GET", path)
    cli = render_cli("--db", db, "--id", THAI_KEY)
    check(status == 200 and body == cli, "Thai key: status %d, identical %s" % (status, body == cli))
    name = "progress-report-%s.pdf" % THAI_KEY
    disposition = h.get("content-disposition", "")
    check("filename*=UTF-8''" + urllib.parse.quote(name, safe="") in disposition,
          "Thai key: filename* in %r" % disposition)
    fallback = disposition.split('filename="')[1].split('"')[0]
    check(fallback.isascii() and "/" not in fallback and fallback.endswith(".pdf"), "ASCII fallback %r" % fallback)

    # ETag, If-None-Match, HEAD
    status, h, body = server.request("GET", "/render/progress-report/%s.pdf" % KEY)
    etag = h.get("etag")
    check(etag and etag.startswith('"') and "no-cache" in h.get("cache-control", ""), "ETag %s, Cache-Control %s"
          % (etag, h.get("cache-control")))
    status, h304, b304 = server.request("GET", "/render/progress-report/%s.pdf" % KEY, headers={"If-None-Match": etag})
    check(status == 304 and b304 == b"" and h304.get("etag") == etag, "If-None-Match: status %d, %d bytes" % (status, len(b304)))
    status, h2, _ = server.request("GET", "/render/progress-report/%s.pdf?digits=thai" % KEY, headers={"If-None-Match": etag})
    check(status == 200 and h2.get("etag") != etag, "another option, another ETag: %d %s" % (status, h2.get("etag")))
    status, hh, bh = server.request("HEAD", "/render/progress-report/%s.pdf" % KEY)
    check(status == 200 and bh == b"" and hh.get("content-length") == h.get("content-length")
          and hh.get("etag") == etag, "HEAD: %d, %d bytes, Content-Length %s" % (status, len(bh), hh.get("content-length")))

    # POST /render/FORM with a record in the import format: the bytes of `render --data`
    status, h, body = server.request("POST", "/render/progress-report", body=seed.encode(),
                                     headers={"Content-Type": "application/json"})
    cli = render_cli("--data", os.path.join(EXAMPLES, "seed-002-progress-2566.json"), "--id", KEY)
    check(status == 200 and body == cli, "POST: status %d, identical to render --data: %s" % (status, body == cli))
    check(KEY in h.get("content-disposition", ""), "POST without ?id: the file is named after the record it holds: %s"
          % h.get("content-disposition"))
    status, h, body = server.request("POST", "/render/progress-report?id=%s&date=2566-01-16" % KEY, body=seed.encode())
    cli = render_cli("--data", os.path.join(EXAMPLES, "seed-002-progress-2566.json"), "--id", KEY, "--date", "2566-01-16")
    check(status == 200 and body == cli, "POST ?id&date: status %d, identical %s" % (status, body == cli))
    # malformed JSON: a 400 naming the line
    status, h, body = server.request("POST", "/render/progress-report", body=b'{"records": [\n  {"kind": "project",,}\n]}')
    check(status == 400, "malformed JSON: status %d" % status)
    is_json_error(status, body, "bad_body", "body", "malformed JSON")
    check(b"line 2" in body, "malformed JSON: the message names line 2: %r" % body)
    status, h, body = server.request("POST", "/render/progress-report", body=b"")
    is_json_error(status, body, "bad_body", "body", "empty body")
    status, h, body = server.request("POST", "/render/indicator-report", body=seed.encode())
    check(status == 422, "POST a project to the indicator form: %d" % status)
    is_json_error(status, body, "which_record", "body", "POST a project to the indicator form")
    # two projects and no ?id=: which one is asked for; with ?id= the one named prints
    two = json.loads(seed)
    other = json.loads(json.dumps([r for r in two["records"] if r["kind"] == "project"][0]))
    other["key"] = KEY + "-b"
    two["records"].append(other)
    two = json.dumps(two, ensure_ascii=False).encode()
    status, h, body = server.request("POST", "/render/progress-report", body=two)
    check(status == 422, "POST two projects without ?id: %d" % status)
    is_json_error(status, body, "which_record", "query.id", "POST two projects without ?id")
    status, h, body = server.request("POST", "/render/progress-report?id=%s-b" % KEY, body=two)
    check(status == 200 and body.startswith(b"%PDF") and (KEY + "-b") in h.get("content-disposition", ""),
          "POST two projects with ?id: %d %s" % (status, h.get("content-disposition")))
    status, h, body = server.request("POST", "/render/progress-report?id=no-such-key", body=two)
    is_json_error(status, body, "not_found", "path", "POST ?id= of a record the body does not hold")
    # a posted record naming a file on the server (the plan's emblem) is refused before the import
    plan = open(os.path.join(EXAMPLES, "seed-004-plan-2563.json"), encoding="utf-8").read()
    status, h, body = server.request("POST", "/render/development-plan", body=plan.encode())
    check(status == 422, "POST with an emblem path: %d" % status)
    is_json_error(status, body, "file_reference", "body", "emblem path")
    evil = plan.replace('"emblem-illustrative.png"', '"/etc/passwd"')
    status, h, body = server.request("POST", "/render/development-plan", body=evil.encode())
    is_json_error(status, body, "file_reference", "body", "emblem /etc/passwd")
    # the same plan with its emblem embedded as a data: URI (issue 11): rendered, no file read,
    # the same PDF as render --data from the file naming the emblem
    import base64
    with open(os.path.join(EXAMPLES, "emblem-illustrative.png"), "rb") as f:
        uri = "data:image/png;base64," + base64.b64encode(f.read()).decode()
    embedded = plan.replace('"emblem-illustrative.png"', '"%s"' % uri)
    status, h, body = server.request("POST", "/render/development-plan?id=hatyai-info-center-2563",
                                     body=embedded.encode())
    out = os.path.join(tmp, "cli-plan.pdf")
    run("render", "development-plan", "--data", os.path.join(EXAMPLES, "seed-004-plan-2563.json"),
        "--id", "hatyai-info-center-2563", "-o", out)
    cli = open(out, "rb").read()
    check(status == 200 and body == cli, "POST with a data: URI emblem: status %d, identical to render --data: %s"
          % (status, body == cli))
    damaged = plan.replace('"emblem-illustrative.png"', '"%s"' % uri[:200])
    status, h, body = server.request("POST", "/render/development-plan?id=hatyai-info-center-2563",
                                     body=damaged.encode())
    is_json_error(status, body, "bad_body", "body", "a cut-off data: URI emblem")
    check(b"image of record hatyai-info-center-2563" in body, "damaged data: URI names the record: %r" % body)

    # Errors: not found, bad options, unknown paths and methods, path tricks
    cases = [
        ("GET", "/render/progress-report/no-such-key.pdf", 404, "not_found", "path"),
        ("GET", "/render/no-such-form/%s.pdf" % KEY, 404, "no_such_form", "path"),
        ("GET", "/render/progress-report/%s.pdf?date=2566-02-30" % KEY, 400, "bad_query", "query.date"),
        ("GET", "/render/progress-report/%s.pdf?digits=roman" % KEY, 400, "bad_query", "query.digits"),
        ("GET", "/render/progress-report/%s.pdf?archive=2" % KEY, 400, "bad_query", "query.archive"),
        ("GET", "/render/progress-report/%s.pdf?font=x" % KEY, 400, "bad_query", "query.font"),
        ("GET", "/nothing/here", 404, "no_such_path", "path"),
        ("GET", "/render/..%2F..%2F..%2Fetc%2Fpasswd/x.pdf", 404, "no_such_form", "path"),
        ("GET", "/render/..%%2Ftemplates%%2Fprogress-report/%s.pdf" % KEY, 404, "no_such_form", "path"),
        ("GET", "/render/progress-report/..%2F..%2F..%2Fetc%2Fpasswd.pdf", 404, "not_found", "path"),
        ("GET", "/render/progress-report/../../../etc/passwd", 404, "no_such_path", "path"),
        ("GET", "/render/progress-report/%FF%FE.pdf", 400, "bad_path", "path"),
        ("GET", "/render/progress-report/a%00b.pdf", 400, "bad_path", "path"),
        ("GET", "/render/progress-report/%s.pdf?date=%%FF" % KEY, 400, "bad_query", "query"),
        ("POST", "/forms", 405, "method_not_allowed", "method"),
        ("DELETE", "/render/progress-report/%s.pdf" % KEY, 405, "method_not_allowed", "method"),
        ("PUT", "/render/progress-report", 405, "method_not_allowed", "method"),
    ]
    for method, path, want, code, where in cases:
        status, h, body = server.request(method, path)
        check(status == want, "%s %s: status %d, expected %d: %r" % (method, path, status, want, body[:200]))
        is_json_error(status, body, code, where, "%s %s" % (method, path))
        check(h.get("content-type", "").startswith("application/json"), "%s %s: Content-Type %s" % (method, path, h.get("content-type")))
    status, h, _ = server.request("POST", "/forms")
    check(h.get("allow") == "GET, HEAD", "405 Allow: %s" % h.get("allow"))
    status, h, _ = server.request("PUT", "/render/progress-report")
    check(h.get("allow") == "POST", "405 Allow for /render/FORM: %s" % h.get("allow"))

    # An option given twice, or a name that only looks like two: which value would be meant? A 400.
    for query, where, message in (
            ("date=2566-01-16&date=2566-02-01", "query.date",
             "query parameter `date` given twice (date=2566-01-16, date=2566-02-01): give it once"),
            ("digits=thai&date=2566-01-16&digits=thai", "query.digits",
             "query parameter `digits` given twice (digits=thai, digits=thai): give it once"),
            ("date%20digits=thai", "query.date digits",
             "unknown query parameter `date digits` (this route takes: archive date digits download)")):
        status, h, body = server.request("GET", "/render/progress-report/%s.pdf?%s" % (KEY, query))
        check(status == 400, "?%s: status %d" % (query, status))
        is_json_error(status, body, "bad_query", where, "?" + query)
        check(body.startswith(b"{") and json.loads(body).get("message") == message, "?%s: %r" % (query, body[:200]))

    # Paths sent as raw bytes (not percent-encoded) that are not UTF-8, or whose echo in the
    # message is cut inside a Thai character: the error body is still UTF-8 JSON (U+FFFD for them)
    import socket
    def raw_get(path):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split(b" ")[1]), body
    for path, want, code in ((b"/nothing/\xff\xfe", 404, "no_such_path"),
                             (b"/nothing/" + "ก".encode() * 67 + b"x", 404, "no_such_path"),
                             (b"/render/" + "ก".encode() * 40 + b"/x.pdf", 404, "no_such_form")):
        status, body = raw_get(path)
        check(status == want, "raw %r: status %d" % (path[:30], status))
        is_json_error(status, body, code, "path", "raw %r" % path[:30])
    status, body = raw_get(b"/nothing/a\xffb")
    try:
        message = json.loads(body.decode("utf-8"))["message"]
    except ValueError:
        message = None
    check(message and "/nothing/a\ufffdb" in message, "the byte that is not UTF-8 shown as U+FFFD: %r" % body)

    # One log line per request, with status and size
    log = server.log_text()
    check("GET /render/progress-report/%s.pdf 200 " % KEY in log, "request log: %s" % log[-500:])
    check("DELETE /render/progress-report/%s.pdf 405 " % KEY in log, "request log names the method")
finally:
    status = server.stop()
check(status == 0, "exit status after SIGTERM: %s" % status)
check("stopped" in server.log_text(), "the log says it stopped")
check("exited with status" not in server.log_text(), "every worker exits 0 at the stop: %s" % server.log_text()[-2000:])

# GET /records lists the kinds declared in files too (docs/kinds.md): the
# shipped memo and announcement, and a kind of the office's own with a
# fiscal year and no organization. Filters a kind cannot answer leave it
# out of the full list; asked for by name, they are the query's mistake.
kinds = os.path.join(tmp, "kinds")
os.mkdir(kinds)
for name in ("memo.xml", "announcement.xml"):
    shutil.copy(os.path.join(SRCDIR, "templates", "kinds", name), kinds)
with open(os.path.join(kinds, "certificate.xml"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<kind name="certificate" title="holder" year="fiscal_year" description="เกียรติบัตร">\n'
            '  <key label="เลขที่"/>\n'
            '  <field name="holder" type="text" required="yes"/>\n'
            '  <field name="fiscal_year" type="year" required="yes"/>\n'
            '</kind>\n')
certificates = os.path.join(tmp, "certificates.json")
with open(certificates, "w", encoding="utf-8") as f:
    json.dump({"raingan": 1, "records": [
        {"kind": "certificate", "key": "c-2566-1", "holder": "นางสาวสมใจ ใจดี", "fiscal_year": 2566},
        {"kind": "certificate", "key": "c-2567-1", "holder": "นายสมชาย ดีใจ", "fiscal_year": 2567}]},
        f, ensure_ascii=False)
env = dict(os.environ, RAINGAN_KINDS=kinds)
ktmp = os.path.join(tmp, "declared")
os.mkdir(ktmp)
kdb = os.path.join(ktmp, "service.db")
run("init", "--db", kdb, env=env)
run("import", "--db", kdb, os.path.join(EXAMPLES, "seed-002-progress-2566.json"),
    os.path.join(EXAMPLES, "memo-bangrak-2566.json"), os.path.join(EXAMPLES, "announcement-bangrak-2566.json"),
    certificates, env=env)
kserver = Server(ktmp, kdb, "-j", "1", env=env, name="serve-kinds")


def listed(query):
    status, doc = kserver.get_json("/records" + query)
    check(status == 200, "/records%s: status %s %s" % (query, status, doc))
    return [(r["kind"], r["key"], r["year"], r["name"], r["organization"]) for r in doc.get("records", [])]


try:
    memo = ("memo", "bang-rak-admin-2566-123", None,
            "ขอความเห็นชอบจัดทำประกาศมาตรฐานการให้บริการประชาชน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "bma/bang-rak/admin")
    cert = [("certificate", "c-2566-1", 2566, "นางสาวสมใจ ใจดี", ""), ("certificate", "c-2567-1", 2567, "นายสมชาย ดีใจ", "")]
    everything = listed("")
    check([r[0] for r in everything] == ["project", "announcement", "announcement", "certificate", "certificate", "memo"],
          "/records: the built-in kinds, then the declared ones by name: %s" % [r[:2] for r in everything])
    check(memo in everything and cert[0] in everything, "/records: the memo and the certificates as stored: %s" % everything)
    names = run("list", "--db", kdb, env=env).stdout.decode()
    for r in everything:
        check(r[1] in names and r[3] in names, "/records: %s is not in `raingan list`" % r[1])
    check(listed("?kind=memo") == [memo], "/records?kind=memo: %s" % listed("?kind=memo"))
    check(listed("?kind=certificate&year=2567") == [cert[1]], "/records?kind=certificate&year=2567")
    check([r[:2] for r in listed("?year=2566")] == [("project", "50310000-2961"), ("certificate", "c-2566-1")],
          "/records?year=2566: kinds without a fiscal year left out: %s" % listed("?year=2566"))
    check([r[:2] for r in listed("?org=bma%2Fbang-rak")] ==
          [("announcement", "bang-rak-2566-order-45"), ("announcement", "bang-rak-2566-service-standards"),
           ("memo", "bang-rak-admin-2566-123")],
          "/records?org=bma/bang-rak: the units under it; kinds without an organization left out: %s"
          % listed("?org=bma%2Fbang-rak"))
    for query, where, message in (
            ("kind=memo&year=2566", "query.year",
             "year=2566: memo records have no fiscal year to select by (their kind declares no year field)"),
            ("kind=certificate&org=bma", "query.org",
             "org=bma: certificate records belong to no organization to select by (their kind declares no "
             "organization field)"),
            ("kind=person", "query.kind", "kind=person: expected project, indicator, plan, announcement, certificate or memo")):
        status, h, body = kserver.request("GET", "/records?" + query)
        check(status == 400, "/records?%s: status %d" % (query, status))
        is_json_error(status, body, "bad_query", where, "/records?" + query)
        check(json.loads(body).get("message") == message, "/records?%s: %s" % (query, body))
finally:
    check(kserver.stop() == 0, "the second server stops")
shutil.rmtree(tmp, ignore_errors=True)
finish()
