// SPDX-License-Identifier: BSD-2-Clause
// Checks made on helper threads (sel4test's helpers call test_check and
// share the test's result). record_failure belongs to the test thread:
// helpers at equal priority preempt one another, so a helper only counts
// its failed checks here, keeping the first one, and the test thread
// reports them with test_helper_checks once the helpers are done.
#pragma once

#include <sel4/sel4.h>

#include "test.hpp"

namespace tessera_test {

struct HelperChecks {
    int failures = 0;
    // The first failed check (written only by the helper that counted it first).
    int line = 0;
    const char* text = nullptr;
    unsigned long long got = 0, expected = 0;
    bool has_values = false;

    void fail(int at, const char* what, bool values, unsigned long long a, unsigned long long b) {
        if (__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED) != 0) return;
        line = at;
        text = what;
        has_values = values;
        got = a;
        expected = b;
    }
    bool passed() const { return __atomic_load_n(&failures, __ATOMIC_RELAXED) == 0; }
};

inline void report_helper_checks(const HelperChecks& checks, const char* file, int line) {
    if (checks.passed()) return;
    if (checks.has_values)
        record_failure(file, line, "%d check(s) failed on helper threads; first at line %d: %s (0x%llx != 0x%llx)",
                       checks.failures, checks.line, checks.text, checks.got, checks.expected);
    else
        record_failure(file, line, "%d check(s) failed on helper threads; first at line %d: %s", checks.failures,
                       checks.line, checks.text);
}

}  // namespace tessera_test

// On a helper thread: count a failed condition in `checks` (a HelperChecks).
#define helper_check(checks, cond)                                          \
    do {                                                                    \
        if (!(cond)) (checks).fail(__LINE__, #cond, false, 0, 0);           \
    } while (0)

#define helper_check_eq(checks, a, b)                                                                        \
    do {                                                                                                     \
        const auto helper_eq_a_ = (a);                                                                       \
        const auto helper_eq_b_ = (b);                                                                       \
        if (!(helper_eq_a_ == helper_eq_b_))                                                                 \
            (checks).fail(__LINE__, #a " == " #b, true, (unsigned long long)helper_eq_a_,                    \
                          (unsigned long long)helper_eq_b_);                                                 \
    } while (0)

// On the test thread, after the helpers finished: record their failures.
#define test_helper_checks(checks) ::tessera_test::report_helper_checks((checks), __FILE__, __LINE__)
