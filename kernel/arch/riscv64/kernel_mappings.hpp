// SPDX-License-Identifier: BSD-2-Clause
// The RISC-V kernel's own mappings (kern/kernel_mappings.hpp): built once at
// boot, consulted by the kernel-mode trap handler.
#pragma once

#include <kern/kernel_mappings.hpp>

namespace arch::riscv {

// Replaces entry.S's RWX gigapages of the kernel window with the final
// mappings and drops the boot identity map. Runs first in riscv_boot, before
// anything copies the kernel half of the boot root table.
void map_kernel_window();

// The kernel image and the user and kernel halves, from linker.ld.
kern::KernelAddressMap kernel_address_map();

}  // namespace arch::riscv
