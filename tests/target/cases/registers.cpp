// SPDX-License-Identifier: BSD-2-Clause
// Tessera's check that the trap path saves and restores the complete user
// register file: every integer register (and the TLS register) holds the
// same value after seL4_DebugPutChar as before (sel4-mcs.md §1.3). The
// per-arch dump routine is in arch/<arch>/registers.S. SYSCALL0000-0018
// (syscall.cpp) check the same for every libsel4 stub.
#include <cstdint>

#include "../framework/test.hpp"

extern "C" void tessera_putchar_register_dump(std::uint64_t out[32]);

namespace {

using tessera_test::Env;
using tessera_test::Result;

constexpr std::uint64_t pattern = 0x5eed000000000000ull;

Result registers_survive_a_syscall(Env&) {
    std::uint64_t after[32] = {};
    tessera_putchar_register_dump(after);
    for (unsigned n = 0; n < 32; ++n) {
        std::uint64_t expected = pattern + n;
#if defined(__riscv)
        if (n == 0 || n == 2) continue;  // zero, sp
        if (n == 10) expected = ' ';     // a0: the character
        if (n == 17) expected = static_cast<std::uint64_t>(-12);  // a7: the syscall number
#elif defined(__aarch64__)
        if (n == 0) expected = ' ';  // x0: the character
        if (n == 7) expected = static_cast<std::uint64_t>(-12);  // x7: the syscall number
#endif
        if (after[n] != expected)
            tessera_test::record_failure(__FILE__, __LINE__, "register %u: 0x%llx, expected 0x%llx", n,
                                         static_cast<unsigned long long>(after[n]),
                                         static_cast<unsigned long long>(expected));
    }
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_TRAP0001, "The trap path preserves every user register", registers_survive_a_syscall, true);
