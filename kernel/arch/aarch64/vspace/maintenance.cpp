// SPDX-License-Identifier: BSD-2-Clause
// AArch64 VSpace hardware hooks (arch::VSpaceArch): TLB maintenance by ASID
// and by ASID + VA, making table writes visible to the walker, and the
// cache maintenance of Page_* / VSpace_* [arm/ARM DDI0487 D8.16 (TLB
// maintenance), D7.5.9 (cache maintenance by VA)]. The kernel is uniprocessor,
// so the non-broadcast TLBI forms suffice.
#include <arch/machine.hpp>
#include <arch/vspace_arch.hpp>
#include <kern/arch_contract.hpp>

#include "../sysreg.hpp"
#include "../trap/activation.hpp"

namespace arch {

namespace platform {

// ID_AA64MMFR0_EL1.ASIDBits [7:4]: 0b0010 = 16 bits. Read each time: one
// MRS costs less than the guard of a function-local static, and every
// address-space switch asks.
bool uses_16bit_asids() { return ((AARCH64_READ_SYSREG(id_aa64mmfr0_el1) >> 4) & 0xf) == 0b0010; }

}  // namespace platform

namespace {

// TLBI operand: ASID in [63:48], VA[55:12] in [43:0].
std::uint64_t tlbi_operand(kern::word_t asid, kern::vaddr_t va) {
    return (asid << 48) | ((va >> 12) & ((std::uint64_t{1} << 44) - 1));
}

// CTR_EL0.DminLine [19:16] and IminLine [3:0]: log2 of the line in words.
std::uint64_t data_line() { return std::uint64_t{4} << ((AARCH64_READ_SYSREG(ctr_el0) >> 16) & 0xf); }
std::uint64_t instruction_line() { return std::uint64_t{4} << (AARCH64_READ_SYSREG(ctr_el0) & 0xf); }

}  // namespace

void VSpaceArch::flush_page(kern::word_t asid, kern::vaddr_t va) {
    if (!platform::uses_16bit_asids()) {
        asm volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
        return;
    }
    asm volatile("dsb ishst\n\ttlbi vae1, %0\n\tdsb nsh\n\tisb" ::"r"(tlbi_operand(asid, va)) : "memory");
}

void VSpaceArch::flush_asid(kern::word_t asid) {
    if (!platform::uses_16bit_asids()) {
        asm volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
        return;
    }
    asm volatile("dsb ishst\n\ttlbi aside1, %0\n\tdsb nsh\n\tisb" ::"r"(asid << 48) : "memory");
}

// The walker reads tables from the inner-shareable, write-back cacheable
// memory TCR_EL1 names, so a barrier orders the write before later walks.
void VSpaceArch::entry_written(kern::word_t*) { asm volatile("dsb ishst" ::: "memory"); }

// On the kernel window's alias of the frame: data cache maintenance by VA
// acts on the physical line, and IC IVAU invalidates every alias of it.
void VSpaceArch::cache_maintenance(kern::vspace::CacheOp op, kern::paddr_t start, kern::paddr_t end) {
    const kern::vaddr_t first = start + kernel_window_offset;
    const kern::vaddr_t last = end + kernel_window_offset;
    const std::uint64_t dline = data_line();
    for (kern::vaddr_t va = kern::align_down(first, dline); va <= last; va += dline) {
        switch (op) {
        case kern::vspace::CacheOp::Clean: asm volatile("dc cvac, %0" ::"r"(va) : "memory"); break;
        case kern::vspace::CacheOp::Invalidate: asm volatile("dc ivac, %0" ::"r"(va) : "memory"); break;
        case kern::vspace::CacheOp::CleanInvalidate: asm volatile("dc civac, %0" ::"r"(va) : "memory"); break;
        case kern::vspace::CacheOp::Unify: asm volatile("dc cvau, %0" ::"r"(va) : "memory"); break;
        }
    }
    asm volatile("dsb sy" ::: "memory");
    if (op != kern::vspace::CacheOp::Unify) return;
    const std::uint64_t iline = instruction_line();
    for (kern::vaddr_t va = kern::align_down(first, iline); va <= last; va += iline)
        asm volatile("ic ivau, %0" ::"r"(va) : "memory");
    asm volatile("dsb sy\n\tisb" ::: "memory");
}

}  // namespace arch
