// SPDX-License-Identifier: BSD-2-Clause
// First C++ code on RISC-V, called by entry.S once the kernel window is
// mapped and the stack is set: install the trap vector, map the kernel image
// W^X, run the global constructors and hand over to the generic boot
// (kern/boot.hpp).
#include <cstdint>

#include "activation.hpp"
#include "csr_access.hpp"
#include "kernel_mappings.hpp"
#include "platform.hpp"
#include <arch/machine.hpp>
#include <kern/boot.hpp>

extern "C" {
extern char __kernel_start[];
extern char __kernel_end[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
void riscv_trap_vector();
[[noreturn]] void riscv_boot(std::uint64_t hartid, std::uint64_t dtb_paddr, std::uint64_t entry_instret);
}

void riscv_boot(std::uint64_t hartid, std::uint64_t dtb_paddr, std::uint64_t entry_instret) {
    // Direct mode: every trap goes to the vector base [riscv/priv 4.1.2]. Set
    // first: entry.S's early vector runs from the identity map, which
    // map_kernel_window() removes.
    RISCV_CSR_WRITE(stvec, reinterpret_cast<std::uint64_t>(&riscv_trap_vector));
    arch::riscv::map_kernel_window();
    arch::riscv::boot_hart_id = hartid;
    arch::riscv::init_kernel_only_root();
    for (auto* ctor = __init_array_start; ctor != __init_array_end; ++ctor) (*ctor)();

    const kern::BootHandoff handoff{
        .dtb_paddr = dtb_paddr,
        .kernel_paddr_start = reinterpret_cast<kern::vaddr_t>(__kernel_start) - arch::kernel_window_offset,
        .kernel_paddr_end = reinterpret_cast<kern::vaddr_t>(__kernel_end) - arch::kernel_window_offset,
        .entry_instruction_count = entry_instret,
    };
    kern::boot_kernel(handoff);
}
