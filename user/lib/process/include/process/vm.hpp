// SPDX-License-Identifier: BSD-2-Clause
// The VSpace vocabulary user code needs on both architectures, under one
// name (sel4utils reaches it through its seL4_ARCH_* names): object types,
// attributes, the Page / PageTable / ASID invocations, and mapping a frame
// with the page tables it needs created on the way (sel4-abi.md §11).
#pragma once

#include <sel4/sel4.h>

namespace process {

#if defined(__aarch64__)
inline constexpr seL4_Word small_page_object = seL4_ARM_SmallPageObject;
inline constexpr seL4_Word large_page_object = seL4_ARM_LargePageObject;
inline constexpr seL4_Word huge_page_object = seL4_ARM_HugePageObject;
inline constexpr seL4_Word page_table_object = seL4_ARM_PageTableObject;
inline constexpr seL4_Word vspace_object = seL4_ARM_VSpaceObject;
inline constexpr seL4_Word default_attributes = seL4_ARM_Default_VMAttributes;
inline constexpr seL4_Word uncached_attributes = 0;  // not PageCacheable: Device-nGnRnE
inline constexpr seL4_Word execute_never = seL4_ARM_ExecuteNever;
inline constexpr unsigned paging_levels = 4;
inline seL4_Error page_map(seL4_CPtr page, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attr) {
    return seL4_ARM_Page_Map(page, vspace, va, rights, static_cast<seL4_ARM_VMAttributes>(attr));
}
inline seL4_Error page_unmap(seL4_CPtr page) { return seL4_ARM_Page_Unmap(page); }
inline seL4_Error page_table_map(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word va) {
    return seL4_ARM_PageTable_Map(pt, vspace, va, seL4_ARM_Default_VMAttributes);
}
inline seL4_Error page_table_unmap(seL4_CPtr pt) { return seL4_ARM_PageTable_Unmap(pt); }
inline seL4_Error asid_pool_assign(seL4_CPtr pool, seL4_CPtr vspace) { return seL4_ARM_ASIDPool_Assign(pool, vspace); }
inline seL4_Error asid_control_make_pool(seL4_CPtr untyped, seL4_CPtr root, seL4_Word index, seL4_Uint8 depth) {
    return seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, untyped, root, index, depth);
}
inline seL4_Word page_address(seL4_CPtr page) { return seL4_ARM_Page_GetAddress(page).paddr; }
#elif defined(__riscv)
inline constexpr seL4_Word small_page_object = seL4_RISCV_4K_Page;
inline constexpr seL4_Word large_page_object = seL4_RISCV_Mega_Page;
inline constexpr seL4_Word huge_page_object = seL4_RISCV_Giga_Page;
inline constexpr seL4_Word page_table_object = seL4_RISCV_PageTableObject;
inline constexpr seL4_Word vspace_object = seL4_RISCV_PageTableObject;
inline constexpr seL4_Word default_attributes = seL4_RISCV_Default_VMAttributes;
// RISC-V has no cacheability attribute: device frames are uncached by the
// platform's physical memory attributes.
inline constexpr seL4_Word uncached_attributes = seL4_RISCV_Default_VMAttributes;
inline constexpr seL4_Word execute_never = seL4_RISCV_ExecuteNever;
inline constexpr unsigned paging_levels = 3;
inline seL4_Error page_map(seL4_CPtr page, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attr) {
    return seL4_RISCV_Page_Map(page, vspace, va, rights, static_cast<seL4_RISCV_VMAttributes>(attr));
}
inline seL4_Error page_unmap(seL4_CPtr page) { return seL4_RISCV_Page_Unmap(page); }
inline seL4_Error page_table_map(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word va) {
    return seL4_RISCV_PageTable_Map(pt, vspace, va, seL4_RISCV_Default_VMAttributes);
}
inline seL4_Error page_table_unmap(seL4_CPtr pt) { return seL4_RISCV_PageTable_Unmap(pt); }
inline seL4_Error asid_pool_assign(seL4_CPtr pool, seL4_CPtr vspace) {
    return seL4_RISCV_ASIDPool_Assign(pool, vspace);
}
inline seL4_Error asid_control_make_pool(seL4_CPtr untyped, seL4_CPtr root, seL4_Word index, seL4_Uint8 depth) {
    return seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, untyped, root, index, depth);
}
inline seL4_Word page_address(seL4_CPtr page) { return seL4_RISCV_Page_GetAddress(page).paddr; }
#else
#error "process/vm.hpp: unsupported architecture"
#endif

// Where new kernel objects come from: the caller's untyped memory and free
// slots of its CSpace (the part of vka the loader needs).
class ObjectSource {
public:
    // A new object in a fresh slot of the caller's CSpace, or 0.
    virtual seL4_CPtr object(seL4_Word type, seL4_Word size_bits) = 0;
    // A free slot of the caller's CSpace, or 0.
    virtual seL4_CPtr slot() = 0;
    // Gives back a slot from slot() that is empty again.
    virtual void free(seL4_CPtr slot) = 0;
    // The caller's root CNode and the depth that addresses its slots.
    virtual seL4_CPtr cnode() const = 0;
    virtual seL4_Uint8 depth() const = 0;

protected:
    ~ObjectSource() = default;
};

// Maps `frame` at `va` in `vspace`; when a page table is missing on the way
// (FailedLookup), makes one from `objects`, maps it and tries again. The
// page tables made are recorded in `tables` (up to `max_tables`, count in
// *table_count) so that the caller can free them. Returns seL4's error.
seL4_Error map_frame(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attributes,
                     ObjectSource& objects, seL4_CPtr* tables = nullptr, unsigned max_tables = 0,
                     unsigned* table_count = nullptr);

}  // namespace process
