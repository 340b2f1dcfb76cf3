// SPDX-License-Identifier: BSD-2-Clause
// The kernel window's final Sv39 entries (pure constexpr, host-tested): the
// same leaf format at every level [riscv/priv 4.3.1, 4.4.1], global,
// supervisor-only (U = 0), permissions from kern/kernel_mappings.hpp.
// boot's entry.S maps the window with RWX gigapages (kernel_gigapage_flags)
// only until riscv::map_kernel_window() replaces them.
#pragma once

#include <cstdint>

#include <arch/csr.hpp>
#include <arch/pte.hpp>
#include <kern/kernel_mappings.hpp>

namespace arch::riscv {

inline constexpr std::uint64_t gigapage_size = std::uint64_t{1} << 30;
inline constexpr std::uint64_t megapage_size = std::uint64_t{1} << 21;
// Page tables for the kernel image's 4 KiB pages: one per 2 MiB of image
// (linker.ld asserts the image fits).
inline constexpr unsigned kernel_image_page_tables = 2;

// R/W/X per kind [riscv/priv table 4.5]: text R-X, rodata R--, the rest RW-.
constexpr Pte kernel_window_leaf(std::uint64_t paddr, kern::KernelMemory kind) {
    const bool text = kind == kern::KernelMemory::Text;
    const bool writable = kind == kern::KernelMemory::ReadWrite;
    return Pte::leaf(paddr, /*read=*/true, writable, /*execute=*/text, /*user=*/false, /*global=*/true);
}

static_assert(kernel_window_leaf(0, kern::KernelMemory::Text).raw() == 0xeb);       // V R X G A D
static_assert(kernel_window_leaf(0, kern::KernelMemory::ReadOnly).raw() == 0xe3);   // V R G A D
static_assert(kernel_window_leaf(0, kern::KernelMemory::ReadWrite).raw() == 0xe7);  // V R W G A D

// The access a memory exception taken in S-mode was [riscv/priv table 4.2]:
// page faults and access faults; false for other causes.
constexpr bool kernel_fault_access(std::uint64_t exception_code, kern::MemoryAccess& access) {
    switch (static_cast<Exception>(exception_code)) {
    case Exception::InstructionAccessFault:
    case Exception::InstructionPageFault: access = kern::MemoryAccess::Execute; return true;
    case Exception::LoadAccessFault:
    case Exception::LoadPageFault: access = kern::MemoryAccess::Read; return true;
    case Exception::StoreAccessFault:
    case Exception::StorePageFault: access = kern::MemoryAccess::Write; return true;
    default: return false;
    }
}

// Rule 3: the sstatus every thread starts with, and so (trap.S saves what
// sret loaded) every sstatus the kernel runs with, has SUM and MXR clear.
static_assert(!user_initial_sstatus.test<Sstatus::SUM>() && !user_initial_sstatus.test<Sstatus::MXR>());

}  // namespace arch::riscv
