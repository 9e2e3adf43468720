"""`raingan serve`, GET /render/FORM/KEY/page-N.png (run by tests/preview.sh):
the PNG against pdftoppm's rasterization of `raingan render`'s PDF (poppler's
Splash renderer, not the cairo one the service uses: within a tolerance),
pdftocairo's (the same renderer: exactly), the sizes at 72/96/150 dpi, the
query options as the PDF route's, the cache headers, and the JSON errors.

Argument (optional): a directory where the CLI part of tests/preview.sh left
cli-page-1.png, `raingan preview`'s page 1 of KEY at 96 dpi: the route's
PNG must be the same bytes."""
import json
import os
import struct
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_lib import (EXAMPLES, Server, check, finish, is_json_error, make_db, run, temp_dir)

cli_dir = sys.argv[1] if len(sys.argv) > 1 else None
tmp = temp_dir()
KEY = "50310000-2961"          # progress-report, 9 pages
THAI_KEY = "โครงการ-ทดสอบ/๒๕๖๖"
seed = open(os.path.join(EXAMPLES, "seed-002-progress-2566.json"), encoding="utf-8").read()
thai_json = os.path.join(tmp, "thai.json")
with open(thai_json, "w", encoding="utf-8") as f:
    f.write(seed.replace('"' + KEY + '"', '"' + THAI_KEY + '"'))
db = make_db(tmp, ["seed-002-progress-2566.json", thai_json])
server = Server(tmp, db, "-j", "1")
PAGES = 9


def png_size(data):
    """(width, height) from a PNG's IHDR, or None when it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def save(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def differing_pixels(a, b, blur=None, fuzz="15%"):
    """ImageMagick's count of pixels differing by more than `fuzz` (after a
    Gaussian blur of both when given); -1 when they cannot be compared."""
    if blur:
        a2, b2 = a + ".blur.png", b + ".blur.png"
        subprocess.run(["convert", a, "-blur", blur, a2], check=True)
        subprocess.run(["convert", b, "-blur", blur, b2], check=True)
        a, b = a2, b2
    p = subprocess.run(["compare", "-metric", "AE", "-fuzz", fuzz, a, b, "null:"], capture_output=True)
    try:
        return int(float(p.stderr.split()[0]))
    except (ValueError, IndexError):
        return -1


def rasterize(tool, pdf, page, dpi, name):
    """pdftoppm's or pdftocairo's PNG of one page."""
    prefix = os.path.join(tmp, name)
    subprocess.run([tool, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, prefix],
                   check=True)
    return prefix + ".png"


def render_pdf(*args):
    out = os.path.join(tmp, "cli.pdf")
    run("render", "progress-report", "--db", db, "--id", KEY, *args, "-o", out)
    return out


def get_png(path, what, headers=None):
    status, h, body = server.request("GET", path, headers=headers)
    ok = check(status == 200, "%s: status %d %s" % (what, status, body[:300]))
    ok &= check(h.get("content-type") == "image/png", "%s: Content-Type %s" % (what, h.get("content-type")))
    ok &= check(h.get("content-length") == str(len(body)), "%s: Content-Length %s for %d bytes"
                % (what, h.get("content-length"), len(body)))
    ok &= check(png_size(body) is not None, "%s: not a PNG" % what)
    return body if ok else None, h


# Pixels that may differ between cairo's and Splash's anti-aliasing of the
# same page, once both are blurred by 1.5 px (glyphs at whole pixels in one,
# at quarter pixels in the other): 0.5 % of the page. Measured: 1,095 of
# 891,662 (0.12 %) at 96 dpi; the next page instead: 108,066 (12 %).
TOLERANCE = 0.005

try:
    base = "/render/progress-report/%s" % KEY
    pdf = render_pdf()

    # Page 1 at the default 96 dpi, against both poppler renderers.
    body, h = get_png(base + "/page-1.png", "page-1.png")
    if body:
        page1 = save("page-1.png", body)
        check(png_size(body) == (794, 1123), "page-1.png at 96 dpi: %s, expected 794 x 1123 (A4)" % (png_size(body),))
        check(h.get("x-page-count") == str(PAGES), "page-1.png: X-Page-Count %s, expected %d" % (h.get("x-page-count"), PAGES))
        ppm = rasterize("pdftoppm", pdf, 1, 96, "ppm-1")
        n = differing_pixels(page1, ppm, blur="0x1.5")
        check(0 <= n <= TOLERANCE * 794 * 1123, "page-1.png against pdftoppm -r 96: %d pixels differ" % n)
        cairo = rasterize("pdftocairo", pdf, 1, 96, "cairo-1")
        n = differing_pixels(page1, cairo, fuzz="0")
        check(n == 0, "page-1.png against pdftocairo -r 96 (the same renderer): %d pixels differ" % n)
        if cli_dir:
            cli = os.path.join(cli_dir, "cli-page-1.png")
            check(os.path.exists(cli) and open(cli, "rb").read() == body,
                  "page-1.png is not byte for byte `raingan preview`'s page 1 at 96 dpi")

        # Cache headers as the PDF route's: a strong ETag of the bytes, 304.
        etag = h.get("etag", "")
        check(etag.startswith('"') and len(etag) == 34 and h.get("cache-control") == "private, no-cache",
              "page-1.png: ETag %r, Cache-Control %r" % (etag, h.get("cache-control")))
        status, h304, b304 = server.request("GET", base + "/page-1.png", headers={"If-None-Match": etag})
        check(status == 304 and b304 == b"" and h304.get("etag") == etag, "page-1.png If-None-Match: %d" % status)
        status, hh, bh = server.request("HEAD", base + "/page-1.png")
        check(status == 200 and bh == b"" and hh.get("content-length") == str(len(body)) and hh.get("etag") == etag,
              "HEAD page-1.png: %d, %d bytes, Content-Length %s" % (status, len(bh), hh.get("content-length")))

        # Page 2 is another page.
        body2, _ = get_png(base + "/page-2.png", "page-2.png")
        if body2:
            n = differing_pixels(page1, save("page-2.png", body2), blur="0x1.5")
            check(n > 10 * TOLERANCE * 794 * 1123, "page-2.png differs from page-1.png in %d pixels only" % n)
            n = differing_pixels(save("page-2.png", body2), rasterize("pdftoppm", pdf, 2, 96, "ppm-2"), blur="0x1.5")
            check(0 <= n <= TOLERANCE * 794 * 1123, "page-2.png against pdftoppm -f 2: %d pixels differ" % n)

    # The sizes pdftoppm makes of an A4 page (595.28 x 841.89 pt): ceil(pt * dpi / 72).
    for dpi, size in ((72, (596, 842)), (150, (1241, 1754)), (18, (149, 211))):
        body, _ = get_png(base + "/page-1.png?dpi=%d" % dpi, "page-1.png?dpi=%d" % dpi)
        if body:
            check(png_size(body) == size, "dpi=%d: %s, expected %s" % (dpi, png_size(body), size))
            ppm = rasterize("pdftoppm", pdf, 1, dpi, "ppm-%d" % dpi)
            ppm_size = png_size(open(ppm, "rb").read())
            check(ppm_size == size, "pdftoppm -r %d: %s, expected %s" % (dpi, ppm_size, size))
            if dpi >= 72:
                n = differing_pixels(save("dpi-%d.png" % dpi, body), ppm, blur="0x%g" % (1.5 * dpi / 96))
                check(0 <= n <= TOLERANCE * size[0] * size[1], "dpi=%d against pdftoppm: %d pixels differ" % (dpi, n))

    # The PDF route's options: the page of the PDF `raingan render` makes with them.
    for query, args in (("?digits=thai&date=2566-01-16", ["--digits", "thai", "--date", "2566-01-16"]),
                        ("?archive=1", ["--archive"])):
        body, _ = get_png(base + "/page-1.png" + query, "page-1.png" + query)
        if body:
            want = rasterize("pdftocairo", render_pdf(*args), 1, 96, "opt")
            n = differing_pixels(save("opt.png", body), want, fuzz="0")
            check(n == 0, "page-1.png%s against `raingan render %s`'s page 1: %d pixels differ"
                  % (query, " ".join(args), n))
            n = differing_pixels(save("opt.png", body), cairo, blur="0x1.5")
            check(n > 500, "page-1.png%s looks like the page without options (%d pixels differ)" % (query, n))

    # A key holding Thai and '/', percent-encoded.
    get_png("/render/progress-report/%s/page-1.png" % urllib.parse.quote(THAI_KEY, safe=""), "Thai key")

    # Errors: JSON, 4xx, naming the problem.
    for path, status_want, code, where, message in (
            (base + "/page-10.png", 404, "no_such_page", "path", "there is no page 10: the document has 9 pages"),
            (base + "/page-0.png", 404, "no_such_page", "path", "there is no page 0: the document has 9 pages"),
            (base + "/page-x.png", 400, "bad_path", "path", "page-x.png: the page is a number, from 1"),
            (base + "/page-1.png?dpi=17", 400, "bad_query", "query.dpi", "dpi=17: expected a whole number from 18 to 600"),
            (base + "/page-1.png?dpi=601", 400, "bad_query", "query.dpi", "dpi=601: expected a whole number from 18 to 600"),
            (base + "/page-1.png?dpi=96.5", 400, "bad_query", "query.dpi", "dpi=96.5: expected a whole number from 18 to 600"),
            (base + "/page-1.png?dpi=", 400, "bad_query", "query.dpi", "dpi=: expected a whole number from 18 to 600"),
            (base + "/page-1.png?dpi=%2B96", 400, "bad_query", "query.dpi", "dpi=+96: expected a whole number from 18 to 600"),
            (base + "/page-1.png?dpi=0x60", 400, "bad_query", "query.dpi", "dpi=0x60: expected a whole number from 18 to 600"),
            (base + "/page-%2B1.png", 400, "bad_path", "path", "page-+1.png: the page is a number, from 1"),
            (base + "/page-1.png?download=1", 400, "bad_query", "query.download",
             "unknown query parameter `download` (this route takes: archive date digits dpi)"),
            (base + "/page-1.png?digits=roman", 400, "bad_query", "query.digits", "digits=roman: expected thai or arabic"),
            ("/render/no-such-form/%s/page-1.png" % KEY, 404, "no_such_form", "path",
             "no form named `no-such-form` (GET /forms lists them)"),
            ("/render/progress-report/no-such-key/page-1.png", 404, "not_found", "path",
             "no project with key `no-such-key` in the store (form progress-report)")):
        status, h, body = server.request("GET", path)
        check(status == status_want, "%s: status %d, expected %d" % (path, status, status_want))
        if is_json_error(status, body, code, where, path):
            got = json.loads(body)["message"]
            check(got == message, "%s: message %r, expected %r" % (path, got, message))
    status, h, body = server.request("POST", base + "/page-1.png", body=b"{}")
    check(status == 405 and h.get("allow") == "GET, HEAD", "POST page-1.png: %d, Allow %s" % (status, h.get("allow")))
    # The service still answers after the errors.
    get_png(base + "/page-9.png?dpi=18", "page-9.png after the errors")
finally:
    status = server.stop()
    log = server.log_text()
    check(status == 0, "the service exited with status %s at SIGTERM" % status)
    check("page-1.png 200" in log, "the log has no line for the PNG route: " + log[-500:])
    # A worker that rasterized pages exits cleanly (under the sanitizers: no leak report).
    check("exited with status" not in log and "killed by signal" not in log,
          "a worker did not exit cleanly: " + log[-1500:])
finish()
