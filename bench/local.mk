# Benchmarks: built on demand (make bench), never run by make check.

# Store import benchmark (docs/performance.md, "Store import").
# The generator is a plain rule (not an automake program) so that other
# benchmarks' EXTRA_PROGRAMS stay untouched.
EXTRA_DIST += bench/bench_import.sh bench/bench_import_gen.c
CLEANFILES += bench/bench_import_gen
bench/bench_import_gen: $(srcdir)/bench/bench_import_gen.c
	@$(MKDIR_P) bench
	$(CC) $(CFLAGS) -O2 -o $@ $(srcdir)/bench/bench_import_gen.c
bench-import: raingan bench/bench_import_gen
	$(SHELL) $(srcdir)/bench/bench_import.sh $(abs_builddir)/raingan $(abs_builddir)/bench/bench_import_gen
bench: bench-import
.PHONY: bench bench-import
