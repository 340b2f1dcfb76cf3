// SPDX-License-Identifier: BSD-2-Clause
// The on-target test framework: named test cases registered in a linker
// section (as sel4test's DEFINE_TEST does), run by the suite root task, which
// prints sel4test's report shape (see report.hpp).
#pragma once

#include <sel4/sel4.h>

namespace tessera_test {

enum class Result { Pass, Fail };

// What a test gets from the driver.
struct Env {
    const seL4_BootInfo* bootinfo;
};

struct TestCase {
    const char* name;
    const char* description;
    Result (*run)(Env& env);
    bool enabled;          // false: counted as disabled, never run
    bool selftest;         // harness self-checks that must fail; run only when asked for
    const char* disabled_because;
};

// Records a failure of the running test (printed inside its <failure> element).
void record_failure(const char* file, int line, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
// Whether the running test has recorded a failure.
bool current_test_failed();

}  // namespace tessera_test

#define TESSERA_TEST_REGISTER(NAME, DESC, FUNC, ENABLED, SELFTEST, WHY)                              \
    [[gnu::used, gnu::section("_test_case")]] static const ::tessera_test::TestCase test_case_##NAME{ \
        #NAME, DESC, FUNC, ENABLED, SELFTEST, WHY}

// DEFINE_TEST(NAME, "description", function, enabled-expression), as sel4test.
#define DEFINE_TEST(NAME, DESC, FUNC, ENABLED) TESSERA_TEST_REGISTER(NAME, DESC, FUNC, ENABLED, false, nullptr)
// A test that exists but cannot run yet; WHY is printed by --list.
#define DEFINE_DISABLED_TEST(NAME, DESC, FUNC, WHY) TESSERA_TEST_REGISTER(NAME, DESC, FUNC, false, false, WHY)
// A harness self-check that is expected to fail (run only with tessera.selftest=1).
#define DEFINE_SELFTEST(NAME, DESC, FUNC) TESSERA_TEST_REGISTER(NAME, DESC, FUNC, true, true, nullptr)

// Non-fatal checks: record the failure and continue, like sel4test's test_assert/test_eq.
#define test_assert(cond)                                                                 \
    do {                                                                                  \
        if (!(cond)) ::tessera_test::record_failure(__FILE__, __LINE__, "assertion failed: %s", #cond); \
    } while (0)

#define test_eq(a, b)                                                                                   \
    do {                                                                                                \
        const auto test_eq_a_ = (a);                                                                    \
        const auto test_eq_b_ = (b);                                                                    \
        if (!(test_eq_a_ == test_eq_b_))                                                                \
            ::tessera_test::record_failure(__FILE__, __LINE__, "%s == %s failed: 0x%llx != 0x%llx", #a, #b, \
                                           (unsigned long long)test_eq_a_, (unsigned long long)test_eq_b_); \
    } while (0)

// Fatal check: record the failure and end the test now.
#define test_assert_fatal(cond)                                                           \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            ::tessera_test::record_failure(__FILE__, __LINE__, "assertion failed: %s", #cond); \
            return ::tessera_test::Result::Fail;                                          \
        }                                                                                 \
    } while (0)

// The result a test returns after its non-fatal checks.
#define test_result() (::tessera_test::current_test_failed() ? ::tessera_test::Result::Fail : ::tessera_test::Result::Pass)
