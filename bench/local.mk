# Benchmarks: built on demand (make bench), never run by make check.
