"""Helpers for the service tests (tests/service_*.py): start `raingan serve`
on a free loopback port, make requests with http.client, stop it.

Every wait is bounded; nothing asserts on time, only on what comes back."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

RAINGAN = os.environ["RAINGAN"]
SRCDIR = os.environ["top_srcdir"]
EXAMPLES = os.path.join(SRCDIR, "examples")
FAILURES = []


def check(cond, what):
    cond = bool(cond)
    if not cond:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return cond


def finish():
    if FAILURES:
        print("%d assertion(s) failed" % len(FAILURES), file=sys.stderr)
        sys.exit(1)
    sys.exit(0)


def run(*args, env=None, check_status=True):
    p = subprocess.run([RAINGAN, *args], capture_output=True, env=env)
    if check_status and p.returncode != 0:
        raise SystemExit("%s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p


def make_db(tmp, files=("seed-002-progress-2566.json",)):
    db = os.path.join(tmp, "service.db")
    run("init", "--db", db)
    run("import", "--db", db, *[f if os.path.isabs(f) else os.path.join(EXAMPLES, f) for f in files])
    return db


class Server:
    """`raingan serve` on 127.0.0.1, any free port; its log in self.log_path."""

    def __init__(self, tmp, db, *args, env=None, name="serve", preexec_fn=None):
        self.log_path = os.path.join(tmp, name + ".log")
        self.log = open(self.log_path, "wb")
        cmd = [RAINGAN, "serve", "--db", db, "--listen", "127.0.0.1:0", *args]
        self.proc = subprocess.Popen(cmd, stderr=self.log, stdout=subprocess.DEVNULL,
                                     env=env or os.environ.copy(), preexec_fn=preexec_fn)
        self.port = None
        for _ in range(600):   # at most 60 s (the sanitizer build starts slowly)
            text = open(self.log_path, "rb").read().decode("utf-8", "replace")
            for line in text.splitlines():
                if "listening on http://127.0.0.1:" in line:
                    self.port = int(line.split("127.0.0.1:")[1].split()[0])
            if self.port or self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not self.port:
            raise SystemExit("the server did not start: " + self.log_text())

    def log_text(self):
        return open(self.log_path, "rb").read().decode("utf-8", "replace")

    def connect(self, timeout=60):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=60):
        """(status, headers dict with lower-case names, body bytes)."""
        c = self.connect(timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()

    def get_json(self, path, headers=None):
        status, h, body = self.request("GET", path, headers=headers)
        return status, json.loads(body) if body else None

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                check(False, "the server did not stop within 60 s of SIGTERM")
        self.log.close()
        return self.proc.returncode


def is_json_error(status, body, code, where=None, what=""):
    """The service's error shape: {"error": code, "message": ..., "where": ...}."""
    try:
        doc = json.loads(body)
    except ValueError:
        return check(False, "%s: the error body is not JSON: %r" % (what, body[:200]))
    ok = check(set(doc) == {"error", "message", "where"}, "%s: error keys %s" % (what, sorted(doc)))
    ok &= check(doc["error"] == code, "%s: error %r, expected %r (%s)" % (what, doc["error"], code, doc.get("message")))
    ok &= check(isinstance(doc["message"], str) and doc["message"], "%s: an empty message" % what)
    if where is not None:
        ok &= check(doc["where"] == where, "%s: where %r, expected %r" % (what, doc["where"], where))
    return ok


def temp_dir():
    return tempfile.mkdtemp(prefix="raingan-service.", dir=os.environ.get("TMPDIR", "/tmp"))
