#!/bin/sh
# The clerks' page in headless Chromium: tests/web_page.py.
exec python3 "$top_srcdir/tests/web_page.py"
