// SPDX-License-Identifier: BSD-2-Clause
// Host fake of the per-thread FPU state: a few words a test can read back.
#pragma once

#include <cstdint>

namespace arch {

struct FpuState {
    std::uint64_t regs[4] = {};
};

}  // namespace arch
