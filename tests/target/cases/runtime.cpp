// SPDX-License-Identifier: BSD-2-Clause
// Tessera's checks that a user program built as for seL4 runs: static TLS
// set up by the runtime, and hard-float code (the kernel must enable the FPU
// for user mode).
#include "../framework/test.hpp"

namespace {

using tessera_test::Env;
using tessera_test::Result;

thread_local int tls_initialised = 0x5e14;
thread_local long tls_zeroed[4];

Result static_tls(Env&) {
    test_eq(tls_initialised, 0x5e14);
    for (long v : tls_zeroed) test_eq(v, 0);
    tls_initialised = 7;
    tls_zeroed[3] = 9;
    volatile int* p = &tls_initialised;
    test_eq(*p, 7);
    test_eq(tls_zeroed[3], 9);
    return test_result();
}

Result floating_point(Env&) {
    // Basel series: sum 1/k^2 -> pi^2/6. volatile keeps it at run time.
    volatile double terms = 20000;
    double sum = 0;
    for (double k = 1; k <= terms; k += 1) sum += 1.0 / (k * k);
    const double pi_squared_over_6 = 1.6449340668482264;
    const double error = pi_squared_over_6 - sum;
    test_assert(error > 0 && error < 1e-4);
    volatile float f = 1.5f;
    test_assert(f * 2.0f == 3.0f);
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_RUNTIME0001, "Static thread-local storage is initialised", static_tls, true);
DEFINE_TEST(TESSERA_RUNTIME0002, "Hard-float user code runs", floating_point, true);
