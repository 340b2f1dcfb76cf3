// SPDX-License-Identifier: BSD-2-Clause
// What the benchmarks need to put a thread in a second address space,
// written against libsel4 alone (the same source builds for seL4): the
// VSpace invocations under one name on both arches, mapping with page
// tables made on the way, and the frames of this program's own image.
#pragma once

#include <sel4/sel4.h>

namespace bench {

#if defined(__aarch64__)
constexpr seL4_Word vspace_object = seL4_ARM_VSpaceObject;
constexpr seL4_Word page_table_object = seL4_ARM_PageTableObject;
constexpr seL4_Word small_page_object = seL4_ARM_SmallPageObject;
constexpr seL4_Word default_attributes = seL4_ARM_Default_VMAttributes;
constexpr seL4_Word device_attributes = 0;  // not PageCacheable: Device-nGnRnE
inline seL4_Error page_map(seL4_CPtr page, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights,
                           seL4_Word attributes = default_attributes) {
    return seL4_ARM_Page_Map(page, vspace, va, rights, static_cast<seL4_ARM_VMAttributes>(attributes));
}
inline seL4_Error page_unmap(seL4_CPtr page) { return seL4_ARM_Page_Unmap(page); }
inline seL4_Error page_table_map(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word va) {
    return seL4_ARM_PageTable_Map(pt, vspace, va, seL4_ARM_Default_VMAttributes);
}
inline seL4_Error asid_pool_assign(seL4_CPtr pool, seL4_CPtr vspace) { return seL4_ARM_ASIDPool_Assign(pool, vspace); }
#elif defined(__riscv)
constexpr seL4_Word vspace_object = seL4_RISCV_PageTableObject;
constexpr seL4_Word page_table_object = seL4_RISCV_PageTableObject;
constexpr seL4_Word small_page_object = seL4_RISCV_4K_Page;
constexpr seL4_Word default_attributes = seL4_RISCV_Default_VMAttributes;
constexpr seL4_Word device_attributes = seL4_RISCV_Default_VMAttributes;  // no cacheability attribute on RISC-V
inline seL4_Error page_map(seL4_CPtr page, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights,
                           seL4_Word attributes = default_attributes) {
    return seL4_RISCV_Page_Map(page, vspace, va, rights, static_cast<seL4_RISCV_VMAttributes>(attributes));
}
inline seL4_Error page_unmap(seL4_CPtr page) { return seL4_RISCV_Page_Unmap(page); }
inline seL4_Error page_table_map(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word va) {
    return seL4_RISCV_PageTable_Map(pt, vspace, va, seL4_RISCV_Default_VMAttributes);
}
inline seL4_Error asid_pool_assign(seL4_CPtr pool, seL4_CPtr vspace) {
    return seL4_RISCV_ASIDPool_Assign(pool, vspace);
}
#else
#error "unsupported architecture"
#endif

// Maps `frame` at `va`; each missing page table is made with
// make_table() and mapped first. Returns seL4's error.
template <typename MakeTable>
seL4_Error map_with_tables(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights,
                           MakeTable make_table, seL4_Word attributes = default_attributes) {
    for (unsigned attempt = 0; attempt < 4; ++attempt) {
        const seL4_Error error = page_map(frame, vspace, va, rights, attributes);
        if (error != seL4_FailedLookup) return error;
        const seL4_Error table_error = page_table_map(make_table(), vspace, va);
        if (table_error != seL4_NoError) return table_error;
    }
    return seL4_FailedLookup;
}

// The pages of this image, in address order, with their frame caps:
// BootInfo's userImageFrames lists the frames of the pages the ELF's
// PT_LOAD segments cover, lowest first (sel4-abi.md §14.2).
struct ElfHeader {
    unsigned char ident[16];
    unsigned short type, machine;
    unsigned version;
    unsigned long long entry, phoff, shoff;
    unsigned flags;
    unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct ProgramHeader {
    unsigned type, flags;
    unsigned long long offset, vaddr, paddr, filesz, memsz, align;
};
extern "C" const char __ehdr_start[];

template <typename PageFn>
void for_each_image_page(const seL4_BootInfo& bootinfo, PageFn fn) {
    constexpr unsigned long long page = 4096;
    const auto* eh = reinterpret_cast<const ElfHeader*>(__ehdr_start);
    const auto* ph = reinterpret_cast<const ProgramHeader*>(__ehdr_start + eh->phoff);
    unsigned long long lowest = ~0ull, highest = 0;
    for (unsigned i = 0; i < eh->phnum; ++i) {
        if (ph[i].type != 1 || ph[i].memsz == 0) continue;
        if ((ph[i].vaddr & ~(page - 1)) < lowest) lowest = ph[i].vaddr & ~(page - 1);
        if (ph[i].vaddr + ph[i].memsz > highest) highest = ph[i].vaddr + ph[i].memsz;
    }
    seL4_Word index = 0;
    for (unsigned long long va = lowest; va < highest; va += page) {
        bool covered = false;
        for (unsigned i = 0; i < eh->phnum; ++i)
            covered = covered || (ph[i].type == 1 && va + page > ph[i].vaddr && va < ph[i].vaddr + ph[i].memsz);
        if (!covered) continue;
        if (!fn(va, bootinfo.userImageFrames.start + index)) return;
        ++index;
    }
}

// The frame cap of the page of this image that holds `address`, or 0.
inline seL4_CPtr image_frame(const seL4_BootInfo& bootinfo, const void* address) {
    const seL4_Word target = reinterpret_cast<seL4_Word>(address) & ~seL4_Word{4095};
    seL4_CPtr found = 0;
    for_each_image_page(bootinfo, [&](seL4_Word va, seL4_CPtr frame) {
        if (va == target) found = frame;
        return va < target;
    });
    return found;
}

}  // namespace bench
