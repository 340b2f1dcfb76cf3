// SPDX-License-Identifier: BSD-2-Clause
// The AArch64 kernel's own mappings (kern/kernel_mappings.hpp): the TTBR1
// window built once at boot, PAN, and the layout the kernel-mode exception
// handler consults.
#pragma once

#include <kern/kernel_mappings.hpp>
#include <kern/types.hpp>

extern "C" {
// Called by entry.S on the boot stack before any other C++ code: builds the
// final kernel window and returns the physical address of its level-0 table,
// which entry.S installs in TTBR1_EL1 from the identity map.
kern::paddr_t aarch64_map_kernel_window();
}

namespace arch {

// The kernel image and the user and kernel halves, from kernel.ld.
kern::KernelAddressMap kernel_address_map();

// Sets PSTATE.PAN and clears SCTLR_EL1.SPAN when the CPU implements PAN
// (ARMv8.1); returns whether it does.
bool enable_privileged_access_never();

// Debug kernel: runs the mapping probe the command line asked for
// (kern/mapping_probe.hpp) with the root task's address space in TTBR0 and
// `user_address` mapped there; returns only if none was asked for.
void run_mapping_probe(kern::vaddr_t user_address);

}  // namespace arch
