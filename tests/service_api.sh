#!/bin/sh
# `raingan serve` API: tests/service_api.py (python3 client).
exec python3 "$top_srcdir/tests/service_api.py"
