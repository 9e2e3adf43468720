/* A minimal assertion kit for the C unit tests: each failed CHECK prints the
 * file, line and values; the test's exit status is the number of failures
 * (capped), which automake's harness reads as pass or fail. */
#ifndef RG_CHECK_H
#define RG_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do { if (!(cond)) { check_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_INT(a, b) do { long long va_ = (long long)(a), vb_ = (long long)(b); if (va_ != vb_) { \
    check_failures++; fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, va_, vb_); } } while (0)
#define CHECK_STR(a, b) do { const char *sa_ = (a), *sb_ = (b); if (!sa_ || !sb_ || strcmp(sa_, sb_)) { \
    check_failures++; fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
    sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)"); } } while (0)
#define CHECK_NEAR(a, b, eps) do { double da_ = (a), db_ = (b); if (fabs(da_ - db_) > (eps)) { \
    check_failures++; fprintf(stderr, "%s:%d: %s == %g, expected %g (+-%g)\n", __FILE__, __LINE__, #a, da_, db_, (double)(eps)); } } while (0)
#define CHECK_DONE() (check_failures ? (fprintf(stderr, "%d check(s) failed\n", check_failures), 1) : 0)

#endif
