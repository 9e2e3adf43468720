"""`raingan serve`, its batches: POST /batch, GET /batch/ID, GET /batch/ID.zip.
The ZIP's entries are the files `raingan batch` writes for the same selection
(names and bytes), a Thai key's name made safe the same way, the archival
option, the limits (records per batch, jobs kept, expiry), a job whose every
record fails, the token, and every error as JSON naming the problem."""
import io
import json
import os
import subprocess
import shutil
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_lib import (EXAMPLES, Server, check, finish, is_json_error, make_db, run, temp_dir)

tmp = temp_dir()
KEY = "50310000-2961"
THAI_KEY = "โครงการ-ทดสอบ/๒๕๖๖"
PLAN = "hatyai-info-center-2563"
seed = open(os.path.join(EXAMPLES, "seed-002-progress-2566.json"), encoding="utf-8").read()
thai_json = os.path.join(tmp, "thai.json")
with open(thai_json, "w", encoding="utf-8") as f:
    f.write(seed.replace('"' + KEY + '"', json.dumps(THAI_KEY, ensure_ascii=False)))
db = make_db(tmp, ["seed-002-progress-2566.json", "seed-003-progress-2563.json", "seed-001-indicator-2563.json",
                   "seed-004-plan-2563.json", thai_json])
token = os.path.join(tmp, "token")
with open(token, "w") as f:
    f.write("batch-token-for-the-tests-0123456789\n")
AUTH = {"Authorization": "Bearer batch-token-for-the-tests-0123456789"}
# Without RAINGAN_IMAGE_DIRS the plan's emblem (in examples/, outside the
# database's directory) is refused: every record of a plan batch fails.
env = os.environ.copy()
env.pop("RAINGAN_IMAGE_DIRS", None)
server = Server(tmp, db, "-j", "2", "--token-file", token, "--batch-max-records", "2", "--batch-max-jobs", "3",
                env=env)


def post(doc, headers=AUTH):
    body = doc if isinstance(doc, (bytes, str)) else json.dumps(doc)
    return server.request("POST", "/batch", body=body, headers=dict(headers, **{"Content-Type": "application/json"}))


def wait(job_id, seconds=120):
    """The job's progress once it has finished (bounded wait)."""
    doc = None
    for _ in range(seconds * 10):
        status, h, body = server.request("GET", "/batch/" + job_id, headers=AUTH)
        doc = json.loads(body)
        check(status == 200, "GET /batch/%s: %d %s" % (job_id, status, body[:200]))
        if status != 200 or doc["status"] != "running":
            return doc
        time.sleep(0.1)
    check(False, "batch %s did not finish in %d s: %s" % (job_id, seconds, doc))
    return doc


def cli_batch(*args):
    """{file name: bytes} of `raingan batch` into a fresh directory."""
    out = os.path.join(tmp, "cli-%d" % time.monotonic_ns())
    run("batch", *args, "--db", db, "--out-dir", out, "-q", "-j", "1")
    return {name: open(os.path.join(out, name), "rb").read() for name in os.listdir(out)}


def zip_entries(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        check(z.testzip() is None, "the ZIP's CRCs")
        return {i.filename: z.read(i) for i in z.infolist()}


try:
    # A batch: 202 with its id, progress to the end, the ZIP = `raingan batch`'s files
    status, h, body = post({"form": "progress-report", "year": 2566})
    doc = json.loads(body)
    check(status == 202 and doc["status"] in ("running", "done") and doc["total"] == 2,
          "POST /batch year 2566: %d %s" % (status, body[:300]))
    check(h.get("location") == "/batch/" + doc["id"], "Location: %s" % h.get("location"))
    check(len(doc["id"]) == 24 and all(c in "0123456789abcdef" for c in doc["id"]), "job id %r" % doc["id"])
    job = wait(doc["id"])
    check(job["status"] == "done" and job["done"] == 2 and job["failed"] == 0 and job["progress"] == 1
          and job["errors"] == [] and job["zip"] == "/batch/%s.zip" % doc["id"], "finished: %s" % job)
    status, h, data = server.request("GET", job["zip"], headers=AUTH)
    check(status == 200 and h.get("content-type") == "application/zip", "GET .zip: %d %s" % (status, h))
    check(h.get("content-length") == str(len(data)), "GET .zip: Content-Length %s, %d bytes" % (h.get("content-length"), len(data)))
    check(h.get("content-disposition", "").startswith('attachment; filename="progress-report-'),
          "GET .zip: Content-Disposition %s" % h.get("content-disposition"))
    entries = zip_entries(data)
    cli = cli_batch("progress-report", "--year", "2566")
    check(sorted(entries) == sorted(cli), "ZIP entries %s, `raingan batch` files %s" % (sorted(entries), sorted(cli)))
    for name in cli:
        check(entries.get(name) == cli[name], "%s: the ZIP's bytes are `raingan batch`'s" % name)
    check(any("~" in n and "โครงการ" in n for n in entries), "the Thai key's file name made safe: %s" % sorted(entries))
    status, h, head = server.request("HEAD", job["zip"], headers=AUTH)
    check(status == 200 and head == b"" and h.get("content-length") == str(len(data)), "HEAD .zip: %d %s" % (status, h))

    # By keys, archival copies: `raingan batch --key --archive`
    status, h, body = post({"form": "progress-report", "keys": [KEY], "archive": True, "date": "2566-01-16"})
    check(status == 202, "POST /batch keys+archive: %d %s" % (status, body[:300]))
    job = wait(json.loads(body)["id"])
    entries = zip_entries(server.request("GET", job["zip"], headers=AUTH)[2])
    cli = cli_batch("progress-report", "--key", KEY, "--archive", "--date", "2566-01-16")
    check(entries == cli and len(entries) == 1, "archival batch: ZIP %s, CLI %s" % (sorted(entries), sorted(cli)))

    # A batch whose every record fails: its errors per record, and no ZIP (409). The plan's
    # emblem is a path left by schema 1 outside the allowed directories (import stores
    # images in the database now, issue 11)
    subprocess.run(["sqlite3", db, "UPDATE plans SET announcement_emblem = '/etc/passwd'"], check=True)
    status, h, body = post({"form": "development-plan", "kind": "plan"})
    check(status == 202, "POST /batch development-plan: %d %s" % (status, body[:300]))
    job = wait(json.loads(body)["id"])
    check(job["status"] == "failed" and job["done"] == 0 and job["failed"] == 1 and job["zip"] is None,
          "failed batch: %s" % job)
    errors = job["errors"]
    check(len(errors) == 1 and errors[0]["key"] == PLAN and "outside the directories" in errors[0]["message"]
          and errors[0]["error"] == "unprocessable", "failed batch's errors: %s" % errors)
    status, h, body = server.request("GET", "/batch/%s.zip" % job["id"], headers=AUTH)
    check(status == 409, "ZIP of a failed batch: %d" % status)
    is_json_error(status, body, "job_failed", "path", "ZIP of a failed batch")
    check(PLAN in json.loads(body)["message"], "the 409 names the record: %s" % body)

    # Errors, each a JSON body naming the problem
    long_keys = ["k%d" % i for i in range(3)]
    cases = [
        (b"{not json", 400, "bad_body", "body"),
        (b"", 400, "bad_body", "body"),
        (b"[1, 2]", 400, "bad_body", "body"),
        ({"year": 2566}, 400, "bad_body", "body.form"),
        ({"form": "no-such-form"}, 404, "no_such_form", "body.form"),
        ({"form": "progress-report", "colour": "red"}, 400, "bad_body", "body.colour"),
        ({"form": "progress-report", "kind": "indicator"}, 400, "bad_body", "body.kind"),
        ({"form": "progress-report", "year": "2566"}, 400, "bad_body", "body.year"),
        ({"form": "progress-report", "year": 66}, 400, "bad_body", "body.year"),
        ({"form": "progress-report", "org": "no/such/org"}, 404, "not_found", "body.org"),
        ({"form": "progress-report", "keys": ["no-such-key"]}, 404, "not_found", "body.keys"),
        ({"form": "progress-report", "keys": "x"}, 400, "bad_body", "body.keys"),
        ({"form": "progress-report", "archive": "yes"}, 400, "bad_body", "body.archive"),
        ({"form": "progress-report", "date": "2566-02-30"}, 400, "bad_body", "body.date"),
        ({"form": "progress-report", "digits": "roman"}, 400, "bad_body", "body.digits"),
        ({"form": "progress-report", "year": 2999}, 422, "no_records", "body"),
        # an empty list of keys or organizations selects nothing, not every record
        ({"form": "progress-report", "keys": []}, 422, "no_records", "body.keys"),
        ({"form": "progress-report", "org": []}, 422, "no_records", "body.org"),
        # a memo has no fiscal year: the request's mistake (a 400), not the database's (503)
        ({"form": "memo", "year": 2566}, 400, "bad_body", "body.year"),
        # three projects stored, two at most per batch (--batch-max-records 2)
        ({"form": "progress-report"}, 422, "too_many_records", "body"),
        ({"form": "progress-report", "keys": long_keys}, 422, "too_many_records", "body.keys"),
    ]
    for doc, want, code, where in cases:
        status, h, body = post(doc)
        check(status == want, "POST /batch %r: status %d, expected %d: %r" % (doc, status, want, body[:200]))
        is_json_error(status, body, code, where, "POST /batch %r" % (doc,))
    for doc, message in (
            ({"form": "memo", "year": 2566},
             "body: `year`: memo records have no fiscal year to select by (their kind declares no year field)"),
            ({"form": "progress-report", "keys": []},
             "body: `keys` is an empty array: it selects no record, nothing to print (leave it out to print them all)")):
        status, h, body = post(doc)
        check(body.startswith(b"{") and json.loads(body)["message"] == message, "POST /batch %r: %r" % (doc, body))
    status, h, body = server.request("POST", "/batch?year=2566", body=b'{"form": "progress-report"}', headers=AUTH)
    is_json_error(status, body, "bad_query", "query", "POST /batch?year=")
    for path in ("/batch/0123456789abcdef01234567", "/batch/0123456789abcdef01234567.zip", "/batch/..%2F..%2Fetc"):
        status, h, body = server.request("GET", path, headers=AUTH)
        check(status == 404, "GET %s: %d" % (path, status))
        is_json_error(status, body, "no_such_job", "path", "GET " + path)
    status, h, body = server.request("DELETE", "/batch", headers=AUTH)
    check(status == 405 and h.get("allow") == "POST", "DELETE /batch: %d %s" % (status, h.get("allow")))

    # The token covers the batch routes
    status, h, body = post({"form": "progress-report", "keys": [KEY]}, headers={})
    is_json_error(status, body, "unauthorized", "header Authorization", "POST /batch without the token")
    status, h, body = server.request("GET", "/batch/" + job["id"])
    is_json_error(status, body, "unauthorized", "header Authorization", "GET /batch/ID without the token")

    # Jobs kept: three at most (--batch-max-jobs 3); a new one drops the oldest finished
    ids = []
    for i in range(3):
        status, h, body = post({"form": "indicator-report"})
        check(status == 202, "POST /batch indicator-report #%d: %d %s" % (i, status, body[:200]))
        ids.append(wait(json.loads(body)["id"])["id"])
    status, h, body = server.request("GET", "/batch/" + ids[0], headers=AUTH)
    check(status == 200, "the oldest of three kept jobs is still there: %d" % status)
    post({"form": "indicator-report"})
    status, h, body = server.request("GET", "/batch/" + ids[0], headers=AUTH)
    check(status == 404, "a fourth job dropped the oldest finished one: %d" % status)
    status, h, body = server.request("GET", "/batch/" + ids[2], headers=AUTH)
    check(status == 200, "the newer ones stay: %d" % status)
finally:
    status = server.stop()
check(status == 0, "exit status after SIGTERM: %s" % status)
check("exited with status" not in server.log_text(), "every worker exits 0 at the stop: %s" % server.log_text()[-2000:])

# Expiry: a finished job goes after --batch-expiry seconds, its ZIP with it
server = Server(tmp, db, "-j", "1", "--batch-expiry", "1", name="expiry")
try:
    status, h, body = post({"form": "indicator-report"}, headers={})
    job_id = json.loads(body)["id"]
    for _ in range(600):
        doc = json.loads(server.request("GET", "/batch/" + job_id)[2])
        if doc.get("status") != "running":
            break
        time.sleep(0.1)
    check(doc.get("status") == "done", "expiry server's batch: %s" % doc)
    time.sleep(2.2)
    status, h, body = server.request("GET", "/batch/%s.zip" % job_id)
    check(status == 404, "a job finished more than --batch-expiry ago: %d" % status)
finally:
    check(server.stop() == 0, "expiry server: exit status")
# While a job runs: its ZIP is a 409, and with --batch-max-jobs 1 another
# batch is a 503. 150 records at one worker take seconds (the sanitizer
# build longer), the requests below milliseconds.
many = json.load(open(os.path.join(EXAMPLES, "seed-002-progress-2566.json"), encoding="utf-8"))
project = [r for r in many["records"] if r.get("kind") == "project"][0]
for i in range(150):
    copy = json.loads(json.dumps(project))
    copy["key"] = "many-%03d" % i
    many["records"].append(copy)
many_json = os.path.join(tmp, "many.json")
with open(many_json, "w", encoding="utf-8") as f:
    json.dump(many, f, ensure_ascii=False)
many_db = os.path.join(tmp, "many.db")
run("init", "--db", many_db)
run("import", "--db", many_db, many_json)
server = Server(tmp, many_db, "-j", "1", "--batch-max-jobs", "1", name="running")
try:
    status, h, body = post({"form": "progress-report"}, headers={})
    job_id = json.loads(body)["id"]
    check(status == 202 and json.loads(body)["total"] == 151, "the long batch: %d %s" % (status, body[:200]))
    status, h, body = server.request("GET", "/batch/%s.zip" % job_id)
    check(status == 409, "ZIP of a running batch: %d" % status)
    is_json_error(status, body, "not_finished", "path", "ZIP of a running batch")
    status, h, body = post({"form": "progress-report", "keys": ["many-001"]}, headers={})
    check(status == 503 and h.get("retry-after") == "10", "a second batch while the only one kept runs: %d %s"
          % (status, h.get("retry-after")))
    is_json_error(status, body, "too_many_jobs", None, "a second batch while the only one kept runs")
    started = time.monotonic()
    for _ in range(3000):
        doc = json.loads(server.request("GET", "/batch/" + job_id)[2])
        if doc["status"] != "running":
            break
        time.sleep(0.1)
    seconds = time.monotonic() - started
    check(doc["status"] == "done" and doc["done"] == 151, "the long batch finished: %s" % {k: doc.get(k) for k in ("status", "done", "failed")})
    entries = zip_entries(server.request("GET", "/batch/%s.zip" % job_id)[2])
    check(len(entries) == 151 and all(v.startswith(b"%PDF-") for v in entries.values()), "151 PDFs in the ZIP: %d" % len(entries))
    print("the long batch: 151 records in about %.1f s after the first requests (one worker)" % seconds, file=sys.stderr)
    status, h, body = post({"form": "progress-report", "keys": ["many-001"]}, headers={})
    check(status == 202, "once it has finished, a new batch takes its place: %d" % status)
finally:
    check(server.stop() == 0, "running server: exit status")

# SIGTERM while a batch is printing: the service stops cleanly (exit 0, the
# workers too), nothing of the job left behind (the sanitizer build checks leaks)
server = Server(tmp, db, "-j", "1", name="stop")
status, h, body = post({"form": "progress-report", "year": 2566}, headers={})
check(status == 202, "stop server's batch: %d %s" % (status, body[:200]))
check(server.stop() == 0, "SIGTERM during a batch: exit status 0: %s" % server.log_text()[-1500:])
check("exited with status" not in server.log_text(), "SIGTERM during a batch: workers exit 0")
shutil.rmtree(tmp, ignore_errors=True)
finish()
