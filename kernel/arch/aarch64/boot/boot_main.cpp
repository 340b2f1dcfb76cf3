// SPDX-License-Identifier: BSD-2-Clause
// First C++ code after the kernel window (boot/kernel_mappings.cpp): entered
// from boot/entry.S on the boot stack, in the high kernel window, with .bss
// already clear and VBAR_EL1 set.
#include <cstdint>

#include <arch/asm_defs.h>
#include <arch/machine.hpp>
#include <kern/boot.hpp>
#include <kern/console.hpp>

#include "../platform/platform.hpp"
#include "kernel_mappings.hpp"

extern "C" {
using InitFunction = void (*)();
extern InitFunction __init_array_start[];
extern InitFunction __init_array_end[];

// entry_count: PMCCNTR_EL0 at entry; kernel_start/kernel_end: physical
// bounds from the linker script (__kernel_end is where the payload starts).
[[noreturn]] void aarch64_boot_main(std::uint64_t entry_count, kern::paddr_t kernel_start,
                                    kern::paddr_t kernel_end);
}

void aarch64_boot_main(std::uint64_t entry_count, kern::paddr_t kernel_start, kern::paddr_t kernel_end) {
    for (InitFunction* f = __init_array_start; f != __init_array_end; ++f) (*f)();
    // The kernel reaches user memory only through the kernel window: with PAN
    // any EL1 access to an EL0-accessible page faults.
    if (!arch::enable_privileged_access_never())
        kern::kprintf("Tessera: this CPU has no PAN (ARMv8.1): kernel access to user addresses is not trapped\n");

    // Counters and PMU for EL0: seL4's defaults, or the benchmark exports.
    arch::platform::init_user_access();

    // QEMU passes no DTB pointer to an ELF kernel (x0 = 0); it places the
    // tree at the start of RAM when the kernel is linked above it
    // (toolchain.md §4).
    const kern::BootHandoff handoff{
        .dtb_paddr = BOOT_DTB_PADDR,
        .kernel_paddr_start = kernel_start,
        .kernel_paddr_end = kernel_end,
        .entry_instruction_count = entry_count,
    };
    kern::boot_kernel(handoff);
}
