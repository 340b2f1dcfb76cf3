// SPDX-License-Identifier: BSD-2-Clause
// The kernel window's final TTBR1 descriptors (pure constexpr, host-tested)
// [arm/ARM DDI0487 D8.3]: kernel-only (AP[1] = 0), global (nG = 0),
// never executable at EL0 (UXN), executable at EL1 only for kernel text;
// permissions from kern/kernel_mappings.hpp. boot/entry.S maps the window
// with RW 1 GiB blocks executable at EL1 (BLOCK_NORMAL_KERNEL) only until
// boot/kernel_mappings.cpp replaces them.
#pragma once

#include <cstdint>

#include <arch/esr.hpp>
#include <arch/page_table_entry.hpp>
#include <kern/kernel_mappings.hpp>

namespace arch {

inline constexpr std::uint64_t level1_block_size = std::uint64_t{1} << 30;
inline constexpr std::uint64_t level2_block_size = std::uint64_t{1} << 21;
// Level-3 tables for the kernel image's 4 KiB pages: one per 2 MiB of image
// (kernel.ld asserts the image fits).
inline constexpr unsigned kernel_image_page_tables = 2;

// The window holds normal memory for physical [1 GiB, 256 GiB) (QEMU virt's
// RAM starts at 1 GiB) and device memory elsewhere, as entry.S's boot map.
constexpr bool window_gigabyte_is_normal(std::uint64_t paddr) {
    return paddr >= level1_block_size && paddr < (std::uint64_t{256} << 30);
}

// A level-1 or level-2 block of the window: read-write, never executable.
constexpr Descriptor kernel_window_block(std::uint64_t paddr, bool device) {
    const Descriptor d = Descriptor{}
                             .with<Descriptor::Valid>(1)
                             .with<Descriptor::AttrIndex>(device ? MAIR_INDEX_DEVICE : MAIR_INDEX_NORMAL)
                             .with<Descriptor::AccessPermissions>(Descriptor::ap_kernel_rw)
                             .with<Descriptor::AccessFlag>(1)
                             .with<Descriptor::OutputAddress>(paddr >> 12)
                             .with<Descriptor::PrivilegedExecuteNever>(1)
                             .with<Descriptor::UserExecuteNever>(1);
    return device ? d : d.with<Descriptor::Shareability>(Descriptor::inner_shareable);
}

// A level-3 page of the kernel image: text read-only and executable at EL1,
// rodata read-only, the rest read-write; all normal write-back memory.
constexpr Descriptor kernel_image_page(std::uint64_t paddr, kern::KernelMemory kind) {
    const bool writable = kind == kern::KernelMemory::ReadWrite;
    return kernel_window_block(paddr, false)
        .with<Descriptor::TableOrPage>(1)
        .with<Descriptor::AccessPermissions>(writable ? Descriptor::ap_kernel_rw : Descriptor::ap_kernel_ro)
        .with<Descriptor::PrivilegedExecuteNever>(kind == kern::KernelMemory::Text ? 0 : 1);
}

static_assert(kernel_window_block(0, false).raw() == 0x0060000000000705);  // UXN PXN, attr1, SH=11, AF
static_assert(kernel_window_block(0, true).raw() == BLOCK_DEVICE_KERNEL);
static_assert(kernel_image_page(0, kern::KernelMemory::Text).raw() == 0x0040000000000787);      // UXN, RO
static_assert(kernel_image_page(0, kern::KernelMemory::ReadOnly).raw() == 0x0060000000000787);  // UXN PXN, RO
static_assert(kernel_image_page(0, kern::KernelMemory::ReadWrite).raw() == 0x0060000000000707);

// The access an EL1 instruction or data abort was [arm/ARM DDI0487 D17.2.37
// ESR_EL1, data abort ISS: WnR]; false for other exception classes.
constexpr bool kernel_fault_access(Esr esr, kern::MemoryAccess& access) {
    if (esr.exception_class() == ec::instruction_abort_same) {
        access = kern::MemoryAccess::Execute;
        return true;
    }
    if (esr.exception_class() == ec::data_abort_same) {
        access = esr.test<Esr::WriteNotRead>() ? kern::MemoryAccess::Write : kern::MemoryAccess::Read;
        return true;
    }
    return false;
}

// PSTATE.PAN [arm/ARM DDI0487, "About PSTATE.PAN", ID_AA64MMFR1_EL1]: implemented when
// ID_AA64MMFR1_EL1.PAN (bits 23:20) is non-zero. SCTLR_EL1.SPAN (bit 23, RES1
// without PAN) = 0 makes every exception taken to EL1 set PAN.
constexpr bool implements_pan(std::uint64_t id_aa64mmfr1) { return ((id_aa64mmfr1 >> 20) & 0xf) != 0; }
inline constexpr std::uint64_t sctlr_span = std::uint64_t{1} << 23;

}  // namespace arch
