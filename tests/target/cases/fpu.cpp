// SPDX-License-Identifier: BSD-2-Clause
// Tessera's FPU checks. The kernel hands the FP registers to a thread lazily,
// on its first FP instruction (AArch64: trapped FP/SIMD access, RISC-V:
// illegal instruction with sstatus.FS Off), and retries that instruction.
// With the root thread alone this checks that lazily enabling works and that
// a system call leaves every FP register and the FP control/status alone;
// the per-arch dump routine is in arch/<arch>/fpu.S.
#include <cstdint>

#include "../framework/test.hpp"

extern "C" void tessera_fpu_register_dump(std::uint64_t* out);

namespace {

using tessera_test::Env;
using tessera_test::Result;

constexpr std::uint64_t pattern = 0x5eed000000000000ull;

#if defined(__aarch64__)
constexpr unsigned fp_registers = 32;
constexpr unsigned words_per_register = 2;  // q0..q31
constexpr std::uint64_t fpcr_expected = 3u << 22;  // round towards zero
constexpr std::uint64_t fpsr_expected = 0x10;      // IXC
#elif defined(__riscv)
constexpr unsigned fp_registers = 32;
constexpr unsigned words_per_register = 1;  // f0..f31
constexpr std::uint64_t fcsr_expected = 0x21;  // frm = RTZ, fflags = NX
#endif
constexpr unsigned register_words = fp_registers * words_per_register;

Result fpu_is_enabled_lazily(Env&) {
    // Computed at run time through volatile variables, so the compiler must
    // emit the FP instructions.
    volatile double a = 1.5;
    volatile double b = -2.25;
    volatile double c = 3.0;
    volatile double sum = a + b;
    volatile double product = a * b;
    volatile double quotient = c / a;
    volatile double fused = a * c + b;
    volatile float narrow = static_cast<float>(quotient) * 0.5f;
    volatile long rounded = static_cast<long>(product * 1000.0);
    test_assert(sum == -0.75);
    test_assert(product == -3.375);
    test_assert(quotient == 2.0);
    test_assert(fused == 2.25);
    test_assert(narrow == 1.0f);
    test_eq(rounded, -3375l);

    std::uint64_t out[register_words + 2] = {};
    tessera_fpu_register_dump(out);
    for (unsigned n = 0; n < fp_registers; ++n) {
        for (unsigned half = 0; half < words_per_register; ++half) {
            const std::uint64_t expected = pattern + (n << 8) + half;
            const std::uint64_t got = out[n * words_per_register + half];
            if (got != expected)
                tessera_test::record_failure(__FILE__, __LINE__, "FP register %u word %u: 0x%llx, expected 0x%llx", n,
                                             half, static_cast<unsigned long long>(got),
                                             static_cast<unsigned long long>(expected));
        }
    }
#if defined(__aarch64__)
    test_eq(out[register_words], fpsr_expected);
    test_eq(out[register_words + 1], fpcr_expected);
#elif defined(__riscv)
    test_eq(out[register_words], fcsr_expected);
#endif
    // The arithmetic still works after the registers went through a trap.
    volatile double again = a * c;
    test_assert(again == 4.5);
    return test_result();
}

}  // namespace

DEFINE_TEST(TESSERA_FPU0001, "Floating point works in the root task, lazily enabled, and survives a system call",
            fpu_is_enabled_lazily, true);
