// SPDX-License-Identifier: BSD-2-Clause
// The boot hand-off from the arch layer to the generic kernel.
//
// Boot order on every arch:
//  1. arch entry code (physical addresses, MMU off): set up a stack, build the
//     boot page tables (kernel window: virt = phys + arch::kernel_window_offset
//     over all of RAM, plus an identity map of the boot code), enable the MMU,
//     jump to the high kernel window, clear .bss, run global constructors.
//  2. arch calls kern::boot_kernel(handoff) (generic, kernel/core/boot/).
//  3. generic boot: validates the device tree, reads RAM and reserved ranges,
//     calls arch::init_platform(tree) (console, interrupt controller, timer),
//     finds the boot payload at handoff.kernel_paddr_end, checks and loads the
//     root task ELF, builds its address space, IPC buffer and BootInfo, and
//     calls arch::enter_user() which never returns.
#pragma once

#include <cstdint>

#include <kern/types.hpp>

namespace kern {

struct BootHandoff {
    paddr_t dtb_paddr;           // flattened device tree from firmware / QEMU
    paddr_t kernel_paddr_start;  // first byte of the kernel image
    paddr_t kernel_paddr_end;    // page-aligned end incl. .bss; the boot payload starts here
    // arch::read_instruction_counter() as early as possible in the arch entry
    // code, so the boot log can report the cost of the whole boot path.
    std::uint64_t entry_instruction_count;
};

[[noreturn]] void boot_kernel(const BootHandoff& handoff);

}  // namespace kern
