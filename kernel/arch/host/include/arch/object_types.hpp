// SPDX-License-Identifier: BSD-2-Clause
// Host fake arch: the RISC-V object numbering (sel4-abi.md §6.1), so host
// tests see one real configuration. The same header, not a copy.
#pragma once

#include "../../../riscv64/include/arch/object_types.hpp"
