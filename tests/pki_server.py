#!/usr/bin/env python3
"""The PAdES tests' time-stamping authority, OCSP responder and CRL server,
on 127.0.0.1 only, backed by OpenSSL's own tools (`openssl ts -reply`,
`openssl ocsp -reqin`): nothing here decides what a valid answer is.

usage: pki_server.py DIR PORTFILE
Binds a free port on 127.0.0.1, writes it to PORTFILE, and serves:
  POST /tsa          an RFC 3161 reply (openssl ts -reply -config DIR/tsa.cnf)
  POST /tsa-wrong    a genuine reply, but to another request (other data, no nonce)
  POST /tsa-garbage  an HTML page with status 200
  POST /ocsp         an OCSP response (openssl ocsp, index DIR/inter/index.txt)
  GET  /NAME.crl     the file DIR/NAME.crl
Each request is logged as one line "METHOD PATH STATUS" to DIR/requests.log.
The test that starts it kills it (and bounds it with `timeout`)."""
import http.server
import os
import subprocess
import sys
import tempfile

DIR = sys.argv[1]


def run(args):
    subprocess.run(args, check=True, timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def tsa_reply(query):
    with tempfile.TemporaryDirectory() as tmp:
        q, r = os.path.join(tmp, "q.tsq"), os.path.join(tmp, "r.tsr")
        with open(q, "wb") as f:
            f.write(query)
        run(["openssl", "ts", "-reply", "-config", os.path.join(DIR, "tsa.cnf"), "-queryfile", q, "-out", r])
        with open(r, "rb") as f:
            return f.read()


def other_query():
    with tempfile.TemporaryDirectory() as tmp:
        d, q = os.path.join(tmp, "other.txt"), os.path.join(tmp, "q.tsq")
        with open(d, "w") as f:
            f.write("some other document\n")
        run(["openssl", "ts", "-query", "-data", d, "-sha256", "-cert", "-no_nonce", "-out", q])
        with open(q, "rb") as f:
            return f.read()


def ocsp_reply(request):
    with tempfile.TemporaryDirectory() as tmp:
        q, r = os.path.join(tmp, "q.der"), os.path.join(tmp, "r.der")
        with open(q, "wb") as f:
            f.write(request)
        run(["openssl", "ocsp", "-index", os.path.join(DIR, "inter", "index.txt"),
             "-CA", os.path.join(DIR, "inter.crt"), "-rsigner", os.path.join(DIR, "ocsp.crt"),
             "-rkey", os.path.join(DIR, "ocsp.key"), "-reqin", q, "-respout", r, "-ndays", "7"])
        with open(r, "rb") as f:
            return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, ctype, body):
        with open(os.path.join(DIR, "requests.log"), "a") as log:
            log.write("%s %s %d\n" % (self.command, self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            if self.path == "/tsa":
                self.answer(200, "application/timestamp-reply", tsa_reply(body))
            elif self.path == "/tsa-wrong":
                self.answer(200, "application/timestamp-reply", tsa_reply(other_query()))
            elif self.path == "/tsa-garbage":
                self.answer(200, "text/html", b"<html><body>It works!</body></html>\n")
            elif self.path == "/ocsp":
                self.answer(200, "application/ocsp-response", ocsp_reply(body))
            else:
                self.answer(404, "text/plain", b"not found\n")
        except subprocess.SubprocessError:
            self.answer(500, "text/plain", b"openssl failed\n")

    def do_GET(self):
        name = self.path.lstrip("/")
        path = os.path.join(DIR, name)
        if name.endswith(".crl") and "/" not in name and os.path.isfile(path):
            with open(path, "rb") as f:
                self.answer(200, "application/pkix-crl", f.read())
        else:
            self.answer(404, "text/plain", b"not found\n")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
