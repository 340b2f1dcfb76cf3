// SPDX-License-Identifier: BSD-2-Clause
// Harness self-checks: each must be reported as a FAILURE. They run only
// with tessera.selftest=1 (see tests/target/CMakeLists.txt, which expects the
// runner to report these two as failed).
#include "../framework/test.hpp"

namespace {

using tessera_test::Env;
using tessera_test::Result;

Result failing_assertion(Env&) {
    volatile int two = 2;
    test_assert(two + two == 5);
    return test_result();
}

// Traps into the kernel with a system-call number libsel4 does not define:
// an UnknownSyscall fault with no fault handler stops the root thread, no
// thread is left to run and the kernel stops the machine (non-zero exit).
// The runner must report the test that was running when QEMU died.
Result kernel_stops_the_machine(Env&) {
#if defined(__riscv)
    register long number asm("a7") = -1000;
    asm volatile("ecall" : : "r"(number) : "memory");
#elif defined(__aarch64__)
    register long number asm("x7") = -1000;
    asm volatile("svc #0" : : "r"(number) : "memory");
#else
#error "unsupported architecture"
#endif
    test_assert(!"the kernel returned from an unknown system call");
    return test_result();
}

}  // namespace

DEFINE_SELFTEST(SELFTEST_ASSERT_FAILS, "A failing assertion is reported as a failure", failing_assertion);
DEFINE_SELFTEST(SELFTEST_KERNEL_PANIC, "A kernel stop during a test is reported as a failure",
                kernel_stops_the_machine);
