// SPDX-License-Identifier: BSD-2-Clause
// Per-thread floating-point state of a RISC-V thread (D extension: f0..f31
// and fcsr), kept in its TCB and switched lazily by the arch layer.
#pragma once

#include <cstdint>

namespace arch {

struct FpuState {
    std::uint64_t f[32] = {};
    std::uint64_t fcsr = 0;
};

}  // namespace arch
