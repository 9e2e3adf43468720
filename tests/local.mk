# Tests run by `make check`: C unit programs (tests/test_*.c, linked with
# libraingan.a) and shell scripts (tests/*.sh) that run the raingan binary and
# read its PDFs back with poppler-utils. Each module's helper appends its own.
AM_TESTS_ENVIRONMENT = \
	RAINGAN='$(abs_top_builddir)/raingan'; export RAINGAN; \
	RAINGAN_DATA='$(abs_top_srcdir)'; export RAINGAN_DATA; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	RAINGAN_EXTERNAL='$(abs_top_srcdir)/tests/external'; export RAINGAN_EXTERNAL; \
	XDG_CACHE_HOME='$(abs_top_builddir)/tests/cache'; export XDG_CACHE_HOME; \
	RAINGAN_IMAGE_DIRS='$(abs_top_srcdir)/examples:$(abs_top_srcdir)/tests/data'; export RAINGAN_IMAGE_DIRS;
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
EXTRA_DIST += tests/lib.sh tests/check.h tests/external/package.json tests/external/package-lock.json \
	tests/external/setup.sh
TEST_LDADD = libraingan.a $(CRYPTO_LIBS) $(CURL_LIBS) $(DEP_LIBS)

check_PROGRAMS += tests/test_util
tests_test_util_SOURCES = tests/test_util.c tests/check.h
tests_test_util_LDADD = $(TEST_LDADD)
TESTS += tests/test_util

# src/sign: PDF reading unit test; signing tests verified by pdfsig (poppler).
check_PROGRAMS += tests/test_sign_pdf tests/test_sign_update tests/make_test_pdf
tests_test_sign_pdf_SOURCES = tests/test_sign_pdf.c tests/check.h
tests_test_sign_pdf_LDADD = $(TEST_LDADD)
tests_test_sign_update_SOURCES = tests/test_sign_update.c tests/check.h
tests_test_sign_update_LDADD = $(TEST_LDADD)
tests_make_test_pdf_SOURCES = tests/make_test_pdf.c
tests_make_test_pdf_LDADD = $(TEST_LDADD)
TESTS += tests/test_sign_pdf tests/test_sign_update tests/sign_sequence.sh tests/sign_errors.sh tests/sign_blocks.sh
# PAdES B-T/B-LT/B-LTA against a local TSA, OCSP responder and CRL (tests/pki_server.py).
TESTS += tests/pades_levels.sh tests/pades_errors.sh tests/pades_archive.sh
EXTRA_DIST += tests/pades_common.sh tests/pki_server.py tests/pades_levels.sh tests/pades_errors.sh tests/pades_archive.sh
EXTRA_DIST += tests/sign_common.sh tests/sign_sequence.sh tests/sign_errors.sh tests/sign_blocks.sh

# Store (src/store): dates, rich text, JSON import errors; shell tests of the commands.
check_PROGRAMS += tests/test_store_dates tests/test_store_richtext tests/test_store_import
tests_test_store_dates_SOURCES = tests/test_store_dates.c tests/check.h
tests_test_store_dates_LDADD = $(TEST_LDADD)
tests_test_store_richtext_SOURCES = tests/test_store_richtext.c tests/check.h
tests_test_store_richtext_LDADD = $(TEST_LDADD)
tests_test_store_import_SOURCES = tests/test_store_import.c tests/test_store_util.h tests/check.h
tests_test_store_import_LDADD = $(TEST_LDADD)
TESTS += tests/test_store_dates tests/test_store_richtext tests/test_store_import
# Statements kept per store connection (src/store/statements.c)
check_PROGRAMS += tests/test_store_statements
tests_test_store_statements_SOURCES = tests/test_store_statements.c tests/check.h
tests_test_store_statements_LDADD = $(TEST_LDADD)
TESTS += tests/test_store_statements
# The record kinds table and record selection (src/store/kinds.c, select.c).
check_PROGRAMS += tests/test_store_kinds
tests_test_store_kinds_SOURCES = tests/test_store_kinds.c tests/check.h
tests_test_store_kinds_LDADD = $(TEST_LDADD)
TESTS += tests/test_store_kinds
TESTS += tests/store_roundtrip.sh tests/store_bad_input.sh tests/store_database.sh
EXTRA_DIST += tests/store_roundtrip.sh tests/store_bad_input.sh tests/store_database.sh \
	tests/data/store

# text engine (src/text) and PDF writer (src/pdf)
check_PROGRAMS += tests/test_text_break tests/test_text_layout tests/test_text_pdf tests/test_prepared_cache
tests_test_prepared_cache_SOURCES = tests/test_prepared_cache.c tests/check.h
tests_test_prepared_cache_LDADD = $(TEST_LDADD)
tests_test_text_pdf_SOURCES = tests/test_text_pdf.c tests/check.h
tests_test_text_pdf_LDADD = $(TEST_LDADD)
tests_test_text_break_SOURCES = tests/test_text_break.c tests/check.h
tests_test_text_break_LDADD = $(TEST_LDADD)
tests_test_text_layout_SOURCES = tests/test_text_layout.c tests/check.h
tests_test_text_layout_LDADD = $(TEST_LDADD)
check_PROGRAMS += tests/test_font_lookup
tests_test_font_lookup_SOURCES = tests/test_font_lookup.c tests/check.h
tests_test_font_lookup_LDADD = $(TEST_LDADD)
TESTS += tests/test_text_break tests/test_text_layout tests/test_text_pdf tests/test_prepared_cache tests/text_render.sh \
	tests/font_cache.sh tests/test_font_lookup
EXTRA_DIST += tests/text_render.sh tests/font_cache.sh

# Layout (src/layout): pages, keep rules, tables, page numbers from the display list.
check_PROGRAMS += tests/test_layout_pages
tests_test_layout_pages_SOURCES = tests/test_layout_pages.c tests/test_layout_util.h tests/check.h
tests_test_layout_pages_LDADD = $(TEST_LDADD)
TESTS += tests/test_layout_pages
check_PROGRAMS += tests/test_layout_table
tests_test_layout_table_SOURCES = tests/test_layout_table.c tests/test_layout_util.h tests/check.h
tests_test_layout_table_LDADD = $(TEST_LDADD)
TESTS += tests/test_layout_table
check_PROGRAMS += tests/test_layout_render
tests_test_layout_render_SOURCES = tests/test_layout_render.c tests/test_layout_util.h tests/check.h
tests_test_layout_render_LDADD = $(TEST_LDADD)
TESTS += tests/layout_render.sh
EXTRA_DIST += tests/layout_render.sh

# src/template: filters, template language, binding; forms and rendering end to end.
check_PROGRAMS += tests/test_template_format tests/test_template_bind
tests_test_template_format_SOURCES = tests/test_template_format.c tests/check.h
tests_test_template_format_LDADD = $(TEST_LDADD)
tests_test_template_bind_SOURCES = tests/test_template_bind.c tests/check.h
tests_test_template_bind_LDADD = $(TEST_LDADD)
TESTS += tests/test_template_format tests/test_template_bind
check_PROGRAMS += tests/test_template_examples
tests_test_template_examples_SOURCES = tests/test_template_examples.c tests/check.h
tests_test_template_examples_LDADD = $(TEST_LDADD)
TESTS += tests/test_template_examples
check_PROGRAMS += tests/text_in_order
tests_text_in_order_SOURCES = tests/text_in_order.c
tests_text_in_order_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/template_lib.sh
TESTS += tests/render_examples.sh
EXTRA_DIST += tests/render_examples.sh
check_PROGRAMS += tests/test_layout_stress
tests_test_layout_stress_SOURCES = tests/test_layout_stress.c tests/test_layout_util.h tests/check.h
tests_test_layout_stress_LDADD = $(TEST_LDADD)
TESTS += tests/test_layout_stress
TESTS += tests/render_edge_cases.sh
EXTRA_DIST += tests/render_edge_cases.sh
TESTS += tests/template_errors.sh
EXTRA_DIST += tests/template_errors.sh

# Batch printing, reproducible output, robustness (src/cli/cmd_batch.c,
# batch_progress.c, render_job.c); fuzz targets are built and run by tests/fuzz/run-short.sh.
TESTS += tests/batch_run.sh tests/batch_interrupt.sh tests/determinism_render.sh tests/robustness_inputs.sh
# The output file names (src/render/file_name.c).
check_PROGRAMS += tests/test_file_name
tests_test_file_name_SOURCES = tests/test_file_name.c tests/check.h
tests_test_file_name_LDADD = $(TEST_LDADD)
TESTS += tests/test_file_name
# The worker pool of batch and the service (src/render/worker_pool.c), and
# many records into a directory through it (src/render/batch.c).
check_PROGRAMS += tests/test_worker_pool tests/test_batch
tests_test_worker_pool_SOURCES = tests/test_worker_pool.c tests/check.h
tests_test_worker_pool_LDADD = $(TEST_LDADD)
tests_test_batch_SOURCES = tests/test_batch.c tests/check.h
tests_test_batch_LDADD = $(TEST_LDADD)
TESTS += tests/test_worker_pool tests/test_batch
# The render module's ways in and out (src/render/render.c): import JSON in
# memory (with or without a key), a store, a descriptor; failures by step.
check_PROGRAMS += tests/test_render
tests_test_render_SOURCES = tests/test_render.c tests/check.h
tests_test_render_LDADD = $(TEST_LDADD)
TESTS += tests/test_render
EXTRA_DIST += tests/batch_run.sh tests/batch_interrupt.sh tests/determinism_render.sh tests/robustness_inputs.sh \
	tests/lsan.supp tests/fuzz

# src/archive: digests, document numbers, XMP stamp, QR; archival PDFs and `raingan verify`.
check_PROGRAMS += tests/test_archive_digest
tests_test_archive_digest_SOURCES = tests/test_archive_digest.c tests/check.h
tests_test_archive_digest_LDADD = $(TEST_LDADD)
TESTS += tests/test_archive_digest
TESTS += tests/archive_render.sh
EXTRA_DIST += tests/archive_render.sh tests/data/archive tests/preflight.sh tests/external/render-page.mjs
# PDF/A-3b copies carrying the record's data: structure, verify without --db, import COPY.pdf.
TESTS += tests/archive_pdfa3.sh
EXTRA_DIST += tests/archive_pdfa3.sh

# Store import of lists and nested objects (messages per element, child rows).
check_PROGRAMS += tests/test_store_import_lists
tests_test_store_import_lists_SOURCES = tests/test_store_import_lists.c tests/test_store_util.h tests/check.h
tests_test_store_import_lists_LDADD = $(TEST_LDADD)
TESTS += tests/test_store_import_lists

# src/util/vec.h: the growable-array helper.
check_PROGRAMS += tests/test_util_vec
tests_test_util_vec_SOURCES = tests/test_util_vec.c tests/check.h
tests_test_util_vec_LDADD = $(TEST_LDADD)
TESTS += tests/test_util_vec

# src/util/bounded_int.h: whole numbers typed by people (options, query parameters).
check_PROGRAMS += tests/test_util_bounded_int
tests_test_util_bounded_int_SOURCES = tests/test_util_bounded_int.c tests/check.h
tests_test_util_bounded_int_LDADD = $(TEST_LDADD)
TESTS += tests/test_util_bounded_int
# ... and every option, query and setting that reads one through it (refusals and bounds).
TESTS += tests/option_numbers.sh
EXTRA_DIST += tests/option_numbers.sh
check_PROGRAMS += tests/test_template_present
tests_test_template_present_SOURCES = tests/test_template_present.c tests/check.h
tests_test_template_present_LDADD = $(TEST_LDADD)
TESTS += tests/test_template_present
# Templates and layout: <space at-page-top>, bold field separators, the word
# list of the templates directory in use.
check_PROGRAMS += tests/test_layout_blocks
tests_test_layout_blocks_SOURCES = tests/test_layout_blocks.c tests/test_layout_util.h tests/check.h
tests_test_layout_blocks_LDADD = $(TEST_LDADD)
check_PROGRAMS += tests/test_thai_words
tests_test_thai_words_SOURCES = tests/test_thai_words.c tests/check.h
tests_test_thai_words_LDADD = $(TEST_LDADD)
TESTS += tests/test_layout_blocks tests/test_thai_words tests/template_words.sh tests/template_space.sh
EXTRA_DIST += tests/template_words.sh tests/template_space.sh

# The tests' own cache directory (XDG_CACHE_HOME above: the font lookup cache
# and fontconfig's caches), so that make check leaves the user's alone.
clean-local: clean-test-cache
clean-test-cache:
	rm -rf tests/cache
.PHONY: clean-test-cache

# Visual regression (the forms' look): every example's pages rasterized at
# 40 dpi grey and compared with tests/data/visual/*.png within a tolerance.
# When a change to the look is intended: `make -C build update-visual-references`
# regenerates every reference image (then look at them and commit them).
TESTS += tests/visual_regression.sh
EXTRA_DIST += tests/visual_regression.sh tests/data/visual
update-visual-references: raingan$(EXEEXT)
	@$(AM_TESTS_ENVIRONMENT) RAINGAN_UPDATE_REFERENCES=1; export RAINGAN_UPDATE_REFERENCES; \
	$(SHELL) $(abs_top_srcdir)/tests/visual_regression.sh
clean-local: clean-visual-diff
clean-visual-diff:
	rm -rf tests/visual-diff
.PHONY: update-visual-references clean-visual-diff
# Issue 10: the Thai test fonts and how raingan finds them (tests/test_fonts.sh, sourced by
# tests); text extraction with pdf.js and PDFium (tests/external/extract-text.mjs).
EXTRA_DIST += tests/test_fonts.sh tests/external/extract-text.mjs
# Issue 10: no ink of one line touches the next, checked from the PDFs (mutool trace)
# for adversarial paragraphs and the forms in every test font (docs/thai-text.md).
check_PROGRAMS += tests/line_ink tests/line_ink_paragraphs
tests_line_ink_SOURCES = tests/line_ink.c
tests_line_ink_LDADD = $(TEST_LDADD)
tests_line_ink_paragraphs_SOURCES = tests/line_ink_paragraphs.c
tests_line_ink_paragraphs_LDADD = $(TEST_LDADD)
TESTS += tests/line_ink.sh
EXTRA_DIST += tests/line_ink.sh
# t11 outputs: verify checks the file (signatures, revisions appended after them).
TESTS += tests/verify_file.sh tests/output_paths.sh tests/snapshot_render.sh
EXTRA_DIST += tests/verify_file.sh tests/append_update.pl tests/output_paths.sh tests/snapshot_render.sh

# Paragraph-wide line breaking (src/text/line_fit.c): the issue's cases and
# the counts of tests/break_counts (also the docs' tool, docs/thai-text.md).
check_PROGRAMS += tests/break_counts tests/test_line_fit
tests_break_counts_SOURCES = tests/break_counts.c
tests_break_counts_LDADD = $(TEST_LDADD)
tests_test_line_fit_SOURCES = tests/test_line_fit.c tests/check.h
tests_test_line_fit_LDADD = $(TEST_LDADD)
TESTS += tests/test_line_fit tests/line_breaks.sh

# The letter spacing's test for combining marks (src/pdf/letter_spacing.c)
# against HarfBuzz, every code point.
check_PROGRAMS += tests/test_letter_spacing
tests_test_letter_spacing_SOURCES = tests/test_letter_spacing.c tests/check.h
tests_test_letter_spacing_LDADD = $(TEST_LDADD)
TESTS += tests/test_letter_spacing
EXTRA_DIST += tests/line_breaks.sh

# Issue 11, import and template safety: every filter on every kind of value.
check_PROGRAMS += tests/test_template_filters
tests_test_template_filters_SOURCES = tests/test_template_filters.c tests/check.h
tests_test_template_filters_LDADD = $(TEST_LDADD)
TESTS += tests/test_template_filters
TESTS += tests/import_safety.sh
EXTRA_DIST += tests/import_safety.sh
TESTS += tests/import_scaling.sh
EXTRA_DIST += tests/import_scaling.sh
# Issue 10: every Thai test font drawn as Pango draws it (tests/ink_compare compares the ink word by word).
TESTS += tests/thai_fonts_pango.sh
check_PROGRAMS += tests/ink_compare
tests_ink_compare_SOURCES = tests/ink_compare.c
EXTRA_DIST += tests/thai_fonts_pango.sh
# Issue 10: the example forms' text read back by poppler, MuPDF, pdf.js and PDFium.
TESTS += tests/reader_text.sh
EXTRA_DIST += tests/reader_text.sh tests/external/check-words.mjs
# Kinds declared in files (src/store/kind_decl.c)
check_PROGRAMS += tests/test_kind_files
tests_test_kind_files_SOURCES = tests/test_kind_files.c tests/check.h
tests_test_kind_files_LDADD = $(TEST_LDADD)
TESTS += tests/test_kind_files
# What official letters need (memo, announcement): sizes within a line, dotted leaders,
# signature blocks without ลงชื่อ
check_PROGRAMS += tests/test_layout_letters
tests_test_layout_letters_SOURCES = tests/test_layout_letters.c tests/test_layout_util.h tests/check.h
tests_test_layout_letters_LDADD = $(TEST_LDADD)
TESTS += tests/test_layout_letters
TESTS += tests/declared_kinds.sh
EXTRA_DIST += tests/declared_kinds.sh
TESTS += tests/letters_render.sh
EXTRA_DIST += tests/letters_render.sh
# Letters longer than one page: page numbers from page 2, continuation markers (issue 15).
TESTS += tests/letters_pages.sh
EXTRA_DIST += tests/letters_pages.sh
# Issue 12: each seed's labels and texts, cell by cell, in order in its form's PDF.
TESTS += tests/seed_fidelity.sh
EXTRA_DIST += tests/seed_fidelity.sh tests/data/fidelity
check_PROGRAMS += tests/test_layout_keep
tests_test_layout_keep_SOURCES = tests/test_layout_keep.c tests/test_layout_util.h tests/check.h
tests_test_layout_keep_LDADD = $(TEST_LDADD)
TESTS += tests/test_layout_keep

# Issue 11: an interrupted import (kill -9, full disk) and `raingan check`.
TESTS += tests/db_recovery.sh tests/image_safety.sh tests/image_store.sh
EXTRA_DIST += tests/db_recovery.sh tests/image_safety.sh tests/image_store.sh
# src/service: `raingan serve` over HTTP (python3 clients): the API against the
# command line, and bad clients, dying workers, limits, token, SIGTERM.
TESTS += tests/service_api.sh tests/service_robustness.sh tests/service_batch.sh tests/web_page.sh
EXTRA_DIST += tests/service_api.sh tests/service_api.py tests/service_robustness.sh tests/service_robustness.py \
	tests/service_lib.py tests/service_batch.sh tests/service_batch.py \
	tests/web_page.sh tests/web_page.py
# Issue 12: glyph ink never touches a table rule (cell padding), from the pixels.
check_PROGRAMS += tests/rule_gap
tests_rule_gap_SOURCES = tests/rule_gap.c
TESTS += tests/cell_padding.sh
EXTRA_DIST += tests/cell_padding.sh
# Issue 12: hanging indents of numbered headings and items, nested lists under their parent.
TESTS += tests/hanging_indents.sh
EXTRA_DIST += tests/hanging_indents.sh
# Issue 15: CSV import through a mapping file (src/source, docs/sources.md).
TESTS += tests/import_csv.sh tests/import_csv_dates.sh tests/import_csv_patch.sh
EXTRA_DIST += tests/import_csv.sh tests/import_csv_dates.sh tests/import_csv_patch.sh
# Issue 15: import from a real PostgreSQL server the test starts itself (tests/pg_server.sh).
TESTS += tests/import_postgresql.sh
EXTRA_DIST += tests/import_postgresql.sh tests/pg_server.sh
# Issue 15: lists of lists in a mapping (a plan's activities' details), CSV; PostgreSQL in
# tests/import_postgresql.sh.
TESTS += tests/import_nested_lists.sh
EXTRA_DIST += tests/import_nested_lists.sh tests/data/store/plan-excel-export.json

# Letter spacing carried by glyph advances: no reader reads a space inside a
# word of a Thai-distributed paragraph, in every test font; ink unmoved.
TESTS += tests/letter_spacing_readers.sh
EXTRA_DIST += tests/letter_spacing_readers.sh

# PDF font names: the subset tag and the whole PostScript name.
check_PROGRAMS += tests/make_font_named
tests_make_font_named_SOURCES = tests/make_font_named.c
tests_make_font_named_LDADD = $(TEST_LDADD)
TESTS += tests/font_names.sh
EXTRA_DIST += tests/font_names.sh

# Issue 10: sara am reads back as ำ in every test font and reader (composite glyphs)
TESTS += tests/sara_am_readers.sh
EXTRA_DIST += tests/sara_am_readers.sh
# Issue 14: PNG previews (src/preview): `raingan preview` and `raingan serve`'s page-N.png route
# against pdftoppm and pdftocairo.
TESTS += tests/preview.sh
EXTRA_DIST += tests/preview.sh tests/preview_service.py
# A database on a read-only mount (issue 11): in a mount namespace of its own, skipped without root.
TESTS += tests/readonly_mount.sh
# import --dry-run on a database this user cannot write (a copy in memory).
TESTS += tests/dry_run_readonly.sh
EXTRA_DIST += tests/dry_run_readonly.sh
EXTRA_DIST += tests/readonly_mount.sh
