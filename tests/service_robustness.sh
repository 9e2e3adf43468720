#!/bin/sh
# `raingan serve` under bad clients and failures: tests/service_robustness.py.
exec python3 "$top_srcdir/tests/service_robustness.py"
