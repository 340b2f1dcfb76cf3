// SPDX-License-Identifier: BSD-2-Clause
// Per-thread FP/SIMD state of an AArch64 thread (q0..q31, FPSR, FPCR), kept
// in its TCB and switched lazily by the arch layer.
#pragma once

#include <cstdint>

namespace arch {

struct alignas(16) FpuState {
    std::uint64_t q[64] = {};  // q0..q31, 128 bits each (low word first)
    std::uint64_t fpsr = 0;
    std::uint64_t fpcr = 0;
};

}  // namespace arch
