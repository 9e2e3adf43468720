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

# Measuring tools for a noisy machine (docs/performance.md, "Current
# figures"): bench/ab alternates two commands; bench/thread_start shows the
# start delay of a thread whose parent keeps its CPU busy.
EXTRA_DIST += bench/ab.c bench/thread_start.c
CLEANFILES += bench/ab bench/thread_start
bench/ab: $(srcdir)/bench/ab.c
	@$(MKDIR_P) bench
	$(CC) $(CFLAGS) -O2 -o $@ $(srcdir)/bench/ab.c
bench/thread_start: $(srcdir)/bench/thread_start.c
	@$(MKDIR_P) bench
	$(CC) $(CFLAGS) -O2 -o $@ $(srcdir)/bench/thread_start.c -lpthread
bench-tools: bench/ab bench/thread_start
	./bench/thread_start
.PHONY: bench-tools

# Text engine benchmark (docs/performance.md, "Text engine").
# Later benchmarks append with +=.
EXTRA_PROGRAMS = bench/bench_text
bench_bench_text_SOURCES = bench/bench_text.c
bench_bench_text_LDADD = libraingan.a $(DEP_LIBS)
CLEANFILES += bench/bench_text
bench-text: bench/bench_text
	RAINGAN_DATA=$(abs_top_srcdir) ./bench/bench_text
bench: bench-text
.PHONY: bench-text

# Layout benchmark: the seed-000 progress report (4 pages) laid out 50 times.
EXTRA_PROGRAMS += bench/bench_layout
bench_bench_layout_SOURCES = bench/bench_layout.c
bench_bench_layout_LDADD = libraingan.a $(DEP_LIBS)
CLEANFILES += bench/bench_layout
bench-layout: bench/bench_layout
	RAINGAN_DATA=$(abs_top_srcdir) ./bench/bench_layout $(abs_top_srcdir)/templates/progress-report.xml \
		$(abs_top_srcdir)/examples/seed-000-progress-2561.json 04010000-3614 50
	RAINGAN_DATA=$(abs_top_srcdir) ./bench/bench_layout $(abs_top_srcdir)/templates/progress-report.xml \
		$(abs_top_srcdir)/examples/seed-003-progress-2563.json 21000000-3165 50
bench: bench-layout
.PHONY: bench-layout

# Rendering and batch benchmark (docs/performance.md, "Rendering and batch"):
# one report as a whole process, 1,000 reports with batch -j 2, and the same
# report through WeasyPrint. Needs hyperfine, weasyprint, python3.
EXTRA_DIST += bench/run.sh bench/gen_projects.py bench/report_html.py
bench-render: raingan
	$(SHELL) $(srcdir)/bench/run.sh $(abs_builddir)/raingan
bench: bench-render
.PHONY: bench-render

# Import scaling (docs/performance.md, "Import scaling"): 10,000 and 40,000
# entries in one project, 4 MB and 16 MB of Thai text in one field.
EXTRA_DIST += bench/bench_import_scaling.sh
bench-import-scaling: raingan
	$(SHELL) $(srcdir)/bench/bench_import_scaling.sh $(abs_builddir)/raingan
bench: bench-import-scaling
.PHONY: bench-import-scaling

# The HTTP service (docs/performance.md, "Service"): latency at concurrency 2,
# sustained reports/s, worker memory over 100,000 requests. Needs wrk.
EXTRA_DIST += bench/bench_service.sh
bench-service: raingan raingan-serve
	$(SHELL) $(srcdir)/bench/bench_service.sh $(abs_builddir)
.PHONY: bench-service

# Import speed by source (docs/performance.md, "Import from PostgreSQL, JSON and CSV"):
# 10,000 projects from PostgreSQL (a throw-away server), JSON and CSV; 50,000 from PostgreSQL.
EXTRA_DIST += bench/bench_import_sources.sh
bench-import-sources: raingan raingan-pg
	bash $(srcdir)/bench/bench_import_sources.sh $(abs_builddir)
.PHONY: bench-import-sources
EXTRA_DIST += bench/gen_image_plans.py

# Warm render in instructions (docs/performance.md, "Warm render"): one
# worker's render of seed 002 counted by callgrind, independent of load.
EXTRA_PROGRAMS += bench/bench_render
bench_bench_render_SOURCES = bench/bench_render.c
bench_bench_render_LDADD = libraingan.a $(DEP_LIBS)
CLEANFILES += bench/bench_render
EXTRA_DIST += bench/bench_render_instr.sh
bench-render-instr: raingan bench/bench_render
	$(SHELL) $(srcdir)/bench/bench_render_instr.sh $(abs_builddir)
.PHONY: bench-render-instr
