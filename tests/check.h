/* check.h - tiny assertion helpers: a failing check prints file, line,
 * expected and actual values, and the test program exits non-zero. */
#ifndef PODIUM_TEST_CHECK_H
#define PODIUM_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond, ...) do { \
    check_count++; \
    if (!(cond)) { \
        check_failures++; \
        fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__); \
        fprintf(stderr, "\n"); \
    } \
} while (0)

#define CHECK_NEAR(actual, expected, tol, what) do { \
    double a_ = (actual), e_ = (expected); \
    CHECK(fabs(a_ - e_) <= (tol), "%s: expected %.4f +/- %.4f, got %.4f", what, e_, (double)(tol), a_); \
} while (0)

#define CHECK_DONE() do { \
    printf("%d checks, %d failed\n", check_count, check_failures); \
    return check_failures ? 1 : 0; \
} while (0)

#endif
