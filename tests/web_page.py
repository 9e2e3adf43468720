"""The clerks' page of `raingan serve` in headless Chromium (Debian's
chromium), driven over the DevTools protocol (a WebSocket client from the
standard library below): the token asked for and given, kind and year
chosen, the list shown equal to GET /records, a page previewed (the <img>
decoded), a batch started and its progress bar at 100 %, the ZIP's entries
valid PDFs whose text holds each record's title. Screenshots are kept in
$TMPDIR/raingan-web-shots (or WEB_SHOTS) and checked: the page is not
blank, the preview region is not uniform. Then the same page behind a
reverse proxy under /raingan/, as docs/service.md's nginx serves it: it
loads, lists, previews and prints a batch with every request under the
prefix."""
import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import zipfile
import io

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_lib import (EXAMPLES, Server, check, finish, make_db, temp_dir)

tmp = temp_dir()
SHOTS = os.environ.get("WEB_SHOTS") or os.path.join(tmp, "shots")
os.makedirs(SHOTS, exist_ok=True)
TOKEN = "page-token-for-the-tests-0123456789"
AUTH = {"Authorization": "Bearer " + TOKEN}


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("FAIL: Chromium is not installed (Debian package chromium; ./run.sh test installs it)")


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames."""

    def __init__(self, url, timeout=60):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           % (u.path, u.hostname, u.port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise SystemExit("the DevTools WebSocket closed during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise SystemExit("DevTools refused the WebSocket: %r" % head[:200])

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise SystemExit("the DevTools WebSocket closed")
            data += chunk
        return data

    def send(self, text):
        payload = text.encode()
        n = len(payload)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise SystemExit("DevTools closed the WebSocket")
            if opcode in (9, 10):
                continue   # ping, pong: Chromium sends none unasked
            message += payload
            if b0 & 0x80:
                return message.decode()


class Browser:
    def __init__(self, chromium, profile):
        args = [chromium, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,1000",
                "--lang=th", "--disable-dev-shm-usage", "--disable-extensions", "--no-pings",
                "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")   # Chromium's sandbox refuses root
        self.log_path = os.path.join(profile + ".log")
        self.log = open(self.log_path, "wb")
        # Its own HOME (NSS database, caches): a CI machine's may be missing or read-only.
        env = dict(os.environ, HOME=profile)
        os.makedirs(profile, exist_ok=True)
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        url = None
        for _ in range(600):
            m = re.search(r"DevTools listening on (ws://\S+)", open(self.log_path, errors="replace").read())
            if m:
                url = m.group(1)
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not url:
            raise SystemExit("Chromium did not start: " + open(self.log_path, errors="replace").read()[-2000:])
        self.ws = WebSocket(url)
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=True)
        self.console = []

    def call(self, method, params=None, session=False):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("method") == "Runtime.exceptionThrown":
                self.console.append(json.dumps(reply["params"]["exceptionDetails"])[:500])
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise SystemExit("DevTools %s: %s" % (method, reply["error"]))
                return reply["result"]

    def js(self, expression):
        """The value of a JavaScript expression in the page (promises awaited)."""
        r = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True},
                      session=True)
        if "exceptionDetails" in r:
            raise SystemExit("JavaScript %r: %s" % (expression[:100], r["exceptionDetails"]))
        return r["result"].get("value")

    def wait(self, expression, what, seconds=60):
        for _ in range(seconds * 10):
            if self.js(expression):
                return True
            time.sleep(0.1)
        check(False, "%s: not within %d s (%s)" % (what, seconds, expression))
        return False

    def screenshot(self, name):
        data = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"])
        path = os.path.join(SHOTS, name + ".png")
        with open(path, "wb") as f:
            f.write(data)
        return path

    def close(self):
        try:
            self.call("Browser.close")
        except SystemExit:
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def spread(path, crop=None):
    """The standard deviation of the grey levels (0..1) of a screenshot or a
    region of it (ImageMagick): 0 for a uniform region."""
    args = ["convert", path]
    if crop:
        args += ["-crop", "%dx%d+%d+%d" % crop, "+repage"]
    args += ["-colorspace", "Gray", "-format", "%[fx:standard_deviation]", "info:"]
    return float(subprocess.run(args, capture_output=True, check=True).stdout.decode())


def idle(browser):
    return browser.wait("document.body.dataset.busy === '0'", "the page's requests finished")


class PrefixProxy:
    """A reverse proxy on a free loopback port that serves the service under
    `prefix` (GET /raingan/forms -> GET /forms), the path passed as sent, the
    token added: what docs/service.md's nginx location does. `paths` lists
    every path asked of it."""

    def __init__(self, port, prefix, headers):
        import http.server
        import http.client
        self.paths = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def forward(self):
                outer.paths.append(self.path)
                if not self.path.startswith(prefix + "/"):
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                h = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "if-none-match")}
                h.update(headers)
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                c.request(self.command, self.path[len(prefix):], body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                c.close()
                self.send_response(r.status)
                for k, v in r.getheaders():
                    if k.lower() not in ("connection", "transfer-encoding", "date", "server"):
                        self.send_header(k, v)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_HEAD = do_POST = forward

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        import threading
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def choose(browser, select, value):
    browser.js("(() => { const s = document.getElementById(%s); s.value = %s; "
               "s.dispatchEvent(new Event('change')); return s.value; })()" % (json.dumps(select), json.dumps(value)))
    idle(browser)


THAI_KEY = "โครงการ-ทดสอบ/๒๕๖๖"
seed = open(os.path.join(EXAMPLES, "seed-002-progress-2566.json"), encoding="utf-8").read()
thai_json = os.path.join(tmp, "thai.json")
with open(thai_json, "w", encoding="utf-8") as f:
    f.write(seed.replace('"50310000-2961"', json.dumps(THAI_KEY, ensure_ascii=False)))
db = make_db(tmp, ["seed-002-progress-2566.json", "seed-003-progress-2563.json", "seed-001-indicator-2563.json",
                   thai_json])
token = os.path.join(tmp, "token")
with open(token, "w") as f:
    f.write(TOKEN + "\n")
chromium = find_chromium()
server = Server(tmp, db, "-j", "2", "--token-file", token)
browser = None
base = "http://127.0.0.1:%d" % server.port
try:
    # The page and its files are served without the token; they hold no data
    for path, kind in (("/", "text/html"), ("/web/app.js", "text/javascript"), ("/web/app.css", "text/css")):
        status, h, body = server.request("GET", path)
        check(status == 200 and h.get("content-type", "").startswith(kind) and body,
              "GET %s: %d %s" % (path, status, h.get("content-type")))
        check("default-src 'self'" in h.get("content-security-policy", ""), "GET %s: CSP %s" % (path, h))
    status, h, body = server.request("GET", "/records")
    check(status == 401, "the API still needs the token: %d" % status)

    browser = Browser(chromium, os.path.join(tmp, "profile"))
    browser.call("Page.navigate", {"url": base + "/"}, session=True)
    # No token yet: the page asks for it
    browser.wait("document.readyState === 'complete' && !document.getElementById('token-box').hidden",
                 "the page asks for the token")
    browser.screenshot("1-token")
    browser.js("document.getElementById('token').value = %s; document.getElementById('token-save').click(); 1"
               % json.dumps(TOKEN))
    browser.wait("document.body.dataset.ready === '1'", "the page loaded the forms and records")
    idle(browser)
    check(browser.js("document.documentElement.lang") == "th", "the page says it is Thai")
    kinds = browser.js("Array.from(document.getElementById('kind').options).map(o => o.value + '=' + o.text)")
    check("project=โครงการ" in kinds and "indicator=ตัวชี้วัด" in kinds and "memo=บันทึกข้อความ" in kinds,
          "kinds offered: %s" % kinds)

    # Kind and year chosen: the list is GET /records's
    choose(browser, "kind", "project")
    years = browser.js("Array.from(document.getElementById('year').options).map(o => o.value)")
    check(years == ["", "2566", "2563"], "years offered for projects: %s" % years)
    choose(browser, "year", "2566")
    shown = browser.js("Array.from(document.querySelectorAll('#records tbody tr')).map(tr => tr.dataset.key)")
    status, doc = server.get_json("/records?kind=project&year=2566", headers=AUTH)
    expected = [r["key"] for r in doc["records"]]
    check(len(expected) == 2 and shown == expected, "the list shown %s, GET /records %s" % (shown, expected))
    names = browser.js("Array.from(document.querySelectorAll('#records tbody tr td:nth-child(2)'))"
                       ".map(td => td.firstChild.textContent)")
    check(names == [r["name"] for r in doc["records"]], "the titles shown: %s" % names)
    shot = browser.screenshot("2-list")
    check(spread(shot) > 0.05, "the list's screenshot is not blank (spread %.3f)" % spread(shot))
    # an organization narrows it as GET /records?org= does
    orgs = browser.js("Array.from(document.getElementById('org').options).map(o => o.value).filter(v => v)")
    check("bma/bang-sue" in orgs, "organizations offered, every level: %s" % orgs)
    # only stored units (`bma` is none, though `bma/bang-sue` is), named as GET /organizations names them
    status, doc_tree = server.get_json("/organizations", headers=AUTH)
    tree = {o["key"]: o["name"] for o in doc_tree["organizations"]}
    check(orgs and all(o in tree for o in orgs), "organizations offered are stored ones: %s" % orgs)
    labels = browser.js("Array.from(document.getElementById('org').options).map(o => o.text.trim())")
    check("สำนักงานเขตบางซื่อ" in labels and all(tree[o] in labels for o in orgs), "organizations by name: %s" % labels)
    units = browser.js("Array.from(document.querySelectorAll('#records tbody tr td:nth-child(4)')).map(td => td.textContent)")
    check(units and units[0] == "สำนักงานเขตบางซื่อ / ฝ่ายปกครอง / ฝ่ายปกครอง",
          "the list names each record's unit under its parents: %s" % units)
    choose(browser, "org", "bma/bang-sue")
    shown = browser.js("Array.from(document.querySelectorAll('#records tbody tr')).map(tr => tr.dataset.key)")
    status, doc_org = server.get_json("/records?kind=project&year=2566&org=bma%2Fbang-sue", headers=AUTH)
    check(shown == [r["key"] for r in doc_org["records"]], "with org: shown %s, GET /records %s"
          % (shown, [r["key"] for r in doc_org["records"]]))
    choose(browser, "org", "")

    # A preview: page 1 of the first record, an image that decoded
    first = expected[0]
    status, h, png = server.request("GET", "/render/progress-report/%s/page-1.png?dpi=96"
                                    % urllib.parse.quote(first, safe=""), headers=AUTH)
    if status == 404 and b"no_such_path" in png:
        print("NOTE: GET /render/FORM/KEY/page-N.png is not served yet (issue 14's preview route): "
              "the preview part is not checked", file=sys.stderr)
    else:
        browser.js("document.querySelector('#records tbody tr .preview-button').click(); 1")
        idle(browser)
        width = browser.js("(() => { const i = document.getElementById('preview-img'); "
                           "return i.complete ? i.naturalWidth : 0; })()")
        check(width and width > 0, "the preview <img> loaded: naturalWidth %s (%s)"
              % (width, browser.js("document.getElementById('preview-msg').textContent")))
        rect = browser.js("(() => { const r = document.getElementById('preview-img').getBoundingClientRect(); "
                          "return [r.x, r.y, r.width, r.height]; })()")
        shot = browser.screenshot("3-preview")
        x, y, w, hgt = (int(v) for v in rect)
        hgt = min(hgt, 1000 - y)
        check(w > 100 and hgt > 100, "the preview is shown large enough: %s" % rect)
        if w > 0 and hgt > 0:
            s = spread(shot, (w, hgt, x, y))
            check(s > 0.02, "the preview region is not uniform (spread %.3f)" % s)
        # the next page, and back
        check(browser.js("document.getElementById('page-prev').disabled"), "no previous page on page 1")
        first_src = browser.js("document.getElementById('preview-img').src")
        browser.js("document.getElementById('page-next').click(); 1")
        idle(browser)
        check(browser.js("window.raingan.preview.page") == 2 and
              browser.js("document.getElementById('preview-img').src") != first_src and
              browser.js("document.getElementById('preview-img').naturalWidth") > 0,
              "the next page shown: %s" % browser.js("document.getElementById('preview-msg').textContent"))
        browser.js("document.getElementById('page-prev').click(); 1")
        idle(browser)
        check(browser.js("window.raingan.preview.page") == 1, "back to page 1")

    # A batch from the page: the progress bar reaches 100 %, the ZIP holds the PDFs
    browser.js("document.getElementById('batch-start').click(); 1")
    browser.wait("window.raingan.batch && window.raingan.batch.status !== 'running'", "the batch finished", 180)
    job = browser.js("window.raingan.batch")
    check(job and job["status"] == "done" and job["done"] == len(expected), "the batch: %s" % job)
    value = browser.js("document.getElementById('batch-progress').value")
    check(value == 1, "the progress bar at 100 %%: %s" % value)
    check(browser.js("!document.getElementById('batch-zip').hidden"), "the ZIP's link is shown")
    text = browser.js("document.getElementById('batch-text').textContent")
    check("เสร็จแล้ว" in text, "the batch's line says it finished: %r" % text)
    shot = browser.screenshot("4-batch")
    check(spread(shot) > 0.05, "the batch's screenshot is not blank")
    href = browser.js("document.getElementById('batch-zip').getAttribute('href')")
    check(not href.startswith("/"), "the ZIP's link is relative to the page: %s" % href)
    status, h, data = server.request("GET", "/" + href.lstrip("/"), headers=AUTH)
    check(status == 200, "GET %s: %d" % (href, status))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    check(len(entries) == len(expected), "the ZIP's entries: %s" % sorted(entries))
    titles = {r["key"]: r["name"] for r in doc["records"]}
    for name, pdf in entries.items():
        check(pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:], "%s is a PDF" % name)
        path = os.path.join(tmp, "entry.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        p = subprocess.run(["pdftotext", "-q", path, "-"], capture_output=True)
        check(p.returncode == 0, "pdftotext reads %s" % name)
        text = re.sub(r"\s+", "", p.stdout.decode("utf-8", "replace"))
        key = [k for k in titles if re.sub(r"[^0-9A-Za-z\u0e00-\u0e7f.-]+", "_", k).strip("_") in name]
        check(len(key) >= 1 and re.sub(r"\s+", "", titles[key[0]]) in text,
              "%s holds its record's title %r" % (name, titles[key[0]] if key else None))

    # Behind the office's web server the page is at /raingan/ (docs/service.md, nginx): a proxy
    # that passes /raingan/X to the service's /X and adds the token, as nginx does. The page, its
    # files and every request it makes must stay under /raingan/; it never asks for the token.
    proxy = PrefixProxy(server.port, "/raingan", AUTH)
    try:
        browser.call("Page.navigate", {"url": "http://127.0.0.1:%d/raingan/" % proxy.port}, session=True)
        browser.wait("location.pathname === '/raingan/' && document.body && document.body.dataset.ready === '1'",
                     "the page behind /raingan/ loaded the forms and records")
        idle(browser)
        check(browser.js("document.getElementById('token-box').hidden"), "behind the proxy the page never asks for the token")
        choose(browser, "kind", "project")
        choose(browser, "year", "2566")
        shown = browser.js("Array.from(document.querySelectorAll('#records tbody tr')).map(tr => tr.dataset.key)")
        check(shown == expected, "behind /raingan/: the list shown %s, GET /records %s" % (shown, expected))
        browser.js("document.querySelector('#records tbody tr .preview-button').click(); 1")
        idle(browser)
        check(browser.js("document.getElementById('preview-img').naturalWidth") > 0,
              "behind /raingan/: the preview loaded (%s)" % browser.js("document.getElementById('preview-msg').textContent"))
        browser.js("document.getElementById('batch-start').click(); 1")
        browser.wait("window.raingan.batch && window.raingan.batch.status !== 'running'", "the batch behind /raingan/", 180)
        check(browser.js("window.raingan.batch.status") == "done", "behind /raingan/: the batch %s" % browser.js("window.raingan.batch"))
        zip_url = browser.js("document.getElementById('batch-zip').href")
        check(zip_url.startswith("http://127.0.0.1:%d/raingan/batch/" % proxy.port), "behind /raingan/: the ZIP's link %s" % zip_url)
        # (the browser's own /favicon.ico aside)
        outside = [p for p in proxy.paths if not p.startswith("/raingan/") and p != "/favicon.ico"]
        check(proxy.paths and not outside, "behind /raingan/: requests outside it: %s" % outside)
        for wanted in ("/raingan/web/app.js", "/raingan/web/app.css", "/raingan/forms", "/raingan/render/progress-report/"):
            check(any(p.startswith(wanted) for p in proxy.paths), "behind /raingan/: no request for %s: %s" % (wanted, proxy.paths))
    finally:
        proxy.stop()
    check(not browser.console, "no JavaScript exception: %s" % browser.console)
finally:
    if browser:
        browser.close()
    status = server.stop()
check(status == 0, "exit status after SIGTERM: %s" % status)
print("screenshots in " + SHOTS, file=sys.stderr)
if not os.environ.get("WEB_SHOTS"):
    shutil.rmtree(tmp, ignore_errors=True)
finish()
