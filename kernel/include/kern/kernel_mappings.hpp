// SPDX-License-Identifier: BSD-2-Clause
// The kernel's own mappings and the rules they enforce on every arch
// (docs/design/kernel-mappings.md):
//  1. W^X: kernel text is read-only and executable, rodata read-only and
//     not executable; data, bss, stacks and the rest of the kernel window
//     (all physical memory, how the kernel reaches frames and page tables)
//     are writable and never executable.
//  2. The kernel never executes user memory (AArch64 PXN on every user page;
//     RISC-V S-mode cannot fetch from U pages at all).
//  3. The kernel never reads or writes user memory through a user virtual
//     address: it reaches IPC buffers and frames through the kernel window
//     by physical address, so there is no copy path and RISC-V sstatus.SUM
//     stays clear, AArch64 PSTATE.PAN stays set (where implemented).
// Pure: the arch layers fill the layout from their linker scripts and use
// these to build their tables and to name the broken rule in a kernel-mode
// fault panic; host tests check both.
#pragma once

#include <kern/types.hpp>

namespace kern {

// What the kernel image's pages hold, and so how they are mapped.
enum class KernelMemory {
    Text,       // read-only, executable by the kernel
    ReadOnly,   // read-only, not executable
    ReadWrite,  // writable, not executable
};

// The kernel image in the kernel window (virtual addresses, all page-aligned,
// from the linker script). Pages of the image before text_start hold code that
// runs only from the boot identity map: read-only in the window.
struct KernelImageLayout {
    vaddr_t image_start;
    vaddr_t text_start;
    vaddr_t text_end;
    vaddr_t rodata_start;  // rodata and .init_array
    vaddr_t rodata_end;    // data, bss and the kernel stacks up to image_end
    vaddr_t image_end;
};

constexpr KernelMemory kernel_memory_at(const KernelImageLayout& image, vaddr_t va) {
    if (va >= image.text_start && va < image.text_end) return KernelMemory::Text;
    if (va >= image.rodata_start && va < image.rodata_end) return KernelMemory::ReadOnly;
    if (va >= image.image_start && va < image.text_start) return KernelMemory::ReadOnly;
    return KernelMemory::ReadWrite;
}

// A layout the page tables can express at 4 KiB granularity, in order.
constexpr bool well_formed(const KernelImageLayout& image) {
    constexpr vaddr_t page_mask = 4096 - 1;
    const vaddr_t bounds[] = {image.image_start, image.text_start, image.text_end,
                              image.rodata_start, image.rodata_end, image.image_end};
    for (unsigned i = 0; i < 6; ++i) {
        if ((bounds[i] & page_mask) != 0) return false;
        if (i > 0 && bounds[i] < bounds[i - 1]) return false;
    }
    return image.text_start < image.text_end;
}

enum class MemoryAccess { Read, Write, Execute };

constexpr const char* memory_access_name(MemoryAccess access) {
    switch (access) {
    case MemoryAccess::Read: return "read";
    case MemoryAccess::Write: return "write";
    case MemoryAccess::Execute: return "instruction fetch";
    }
    return "access";
}

struct KernelAddressMap {
    vaddr_t user_top;      // user addresses are below this
    vaddr_t window_start;  // the kernel window (virt = phys + window_start) from here
    KernelImageLayout image;
};

// The rule a kernel-mode memory fault at `address` shows broken (one of the
// rules above, as a panic message names it), or nullptr if the fault is not
// one the kernel's mappings were built to cause (an unmapped address, say).
constexpr const char* broken_mapping_rule(const KernelAddressMap& map, vaddr_t address, MemoryAccess access) {
    // The lowest page is never mapped anywhere: a null pointer, not a rule.
    if (address < page_size) return nullptr;
    if (address < map.user_top) {
        return access == MemoryAccess::Execute ? "the kernel never executes user memory"
                                               : "the kernel never accesses user memory through a user address";
    }
    if (address < map.window_start) return nullptr;
    const KernelMemory kind = kernel_memory_at(map.image, address);
    if (access == MemoryAccess::Execute && kind != KernelMemory::Text)
        return "W^X: only kernel text is executable";
    if (access == MemoryAccess::Write && kind == KernelMemory::Text) return "W^X: kernel text is read-only";
    if (access == MemoryAccess::Write && kind == KernelMemory::ReadOnly) return "kernel rodata is read-only";
    return nullptr;
}

}  // namespace kern
