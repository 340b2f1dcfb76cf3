// SPDX-License-Identifier: BSD-2-Clause
// System-register and barrier access for the AArch64 arch code (the only
// header with inline asm; the encodings live in include/arch/*.hpp).
#pragma once

#include <cstdint>

#define AARCH64_READ_SYSREG(reg)                          \
    ([] {                                                 \
        std::uint64_t value_;                             \
        asm volatile("mrs %0, " #reg : "=r"(value_));     \
        return value_;                                    \
    }())

#define AARCH64_WRITE_SYSREG(reg, value) \
    asm volatile("msr " #reg ", %0" ::"r"(static_cast<std::uint64_t>(value)) : "memory")

namespace arch::cpu {

inline void isb() { asm volatile("isb" ::: "memory"); }
inline void dsb_ish() { asm volatile("dsb ish" ::: "memory"); }
inline void dsb_ishst() { asm volatile("dsb ishst" ::: "memory"); }
inline void wait_for_interrupt() { asm volatile("wfi" ::: "memory"); }

}  // namespace arch::cpu
