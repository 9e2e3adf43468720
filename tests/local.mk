# Tests run by `make check`: C unit programs (tests/test_*.c, linked with
# libraingan.a) and shell scripts (tests/*.sh) that run the raingan binary and
# read its PDFs back with poppler-utils. Each module's helper appends its own.
AM_TESTS_ENVIRONMENT = \
	RAINGAN='$(abs_top_builddir)/raingan'; export RAINGAN; \
	RAINGAN_DATA='$(abs_top_srcdir)'; export RAINGAN_DATA; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir;
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
EXTRA_DIST += tests/lib.sh tests/check.h
TEST_LDADD = libraingan.a $(DEP_LIBS)

check_PROGRAMS += tests/test_util
tests_test_util_SOURCES = tests/test_util.c tests/check.h
tests_test_util_LDADD = $(TEST_LDADD)
TESTS += tests/test_util

# src/sign: PDF reading unit test; signing tests verified by pdfsig (poppler).
check_PROGRAMS += tests/test_sign_pdf tests/make_test_pdf
tests_test_sign_pdf_SOURCES = tests/test_sign_pdf.c tests/check.h
tests_test_sign_pdf_LDADD = $(TEST_LDADD)
tests_make_test_pdf_SOURCES = tests/make_test_pdf.c
tests_make_test_pdf_LDADD = $(TEST_LDADD)
TESTS += tests/test_sign_pdf tests/sign_sequence.sh tests/sign_errors.sh
EXTRA_DIST += tests/sign_common.sh tests/sign_sequence.sh tests/sign_errors.sh

# Store (src/store): dates, rich text, JSON import errors; shell tests of the commands.
check_PROGRAMS += tests/test_store_dates tests/test_store_richtext tests/test_store_import
tests_test_store_dates_SOURCES = tests/test_store_dates.c tests/check.h
tests_test_store_dates_LDADD = $(TEST_LDADD)
tests_test_store_richtext_SOURCES = tests/test_store_richtext.c tests/check.h
tests_test_store_richtext_LDADD = $(TEST_LDADD)
tests_test_store_import_SOURCES = tests/test_store_import.c tests/check.h
tests_test_store_import_LDADD = $(TEST_LDADD)
TESTS += tests/test_store_dates tests/test_store_richtext tests/test_store_import
TESTS += tests/store_roundtrip.sh tests/store_bad_input.sh tests/store_database.sh
EXTRA_DIST += tests/store_roundtrip.sh tests/store_bad_input.sh tests/store_database.sh \
	tests/data/store

# text engine (src/text) and PDF writer (src/pdf)
check_PROGRAMS += tests/test_text_break tests/test_text_layout
tests_test_text_break_SOURCES = tests/test_text_break.c tests/check.h
tests_test_text_break_LDADD = $(TEST_LDADD)
tests_test_text_layout_SOURCES = tests/test_text_layout.c tests/check.h
tests_test_text_layout_LDADD = $(TEST_LDADD)
TESTS += tests/test_text_break tests/test_text_layout tests/text_render.sh
EXTRA_DIST += tests/text_render.sh
