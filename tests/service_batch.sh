#!/bin/sh
# `raingan serve` batches: tests/service_batch.py (python3 client).
exec python3 "$top_srcdir/tests/service_batch.py"
