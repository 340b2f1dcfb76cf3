// SPDX-License-Identifier: BSD-2-Clause
// RISC-V VSpace hardware hooks (arch::VSpaceArch): address-translation
// fences per ASID [riscv/priv 4.2.1 "Supervisor Memory-Management Fence
// Instruction"] and the kernel window of a new root.
#include "activation.hpp"
#include <arch/vspace_arch.hpp>
#include <kern/arch_contract.hpp>

extern "C" std::uint64_t boot_root_table[];  // entry.S

namespace arch {

// Without hardware ASIDs every space shares ASID 0: fence all of them.
void VSpaceArch::flush_page(kern::word_t asid, kern::vaddr_t va) {
    if (riscv::uses_hardware_asids()) asm volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
    else asm volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

void VSpaceArch::flush_asid(kern::word_t asid) {
    if (riscv::uses_hardware_asids()) asm volatile("sfence.vma zero, %0" ::"r"(asid) : "memory");
    else asm volatile("sfence.vma" ::: "memory");
}

// seL4 copyGlobalMappings: the upper half of every root is the kernel window.
void VSpaceArch::init_root(kern::paddr_t root) {
    auto* entries = kern::phys_to_virt<std::uint64_t>(root);
    for (unsigned i = riscv::pt_entries / 2; i < riscv::pt_entries; ++i) entries[i] = boot_root_table[i];
}

bool VSpaceArch::kernel_mappings_equal(kern::paddr_t root) {
    const auto* entries = kern::phys_to_virt<std::uint64_t>(root);
    for (unsigned i = riscv::pt_entries / 2; i < riscv::pt_entries; ++i)
        if (entries[i] != boot_root_table[i]) return false;
    return true;
}

}  // namespace arch
