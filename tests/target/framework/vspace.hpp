// SPDX-License-Identifier: BSD-2-Clause
// The VSpace vocabulary of the ports (sel4test reaches it through vka and
// sel4utils' seL4_ARCH_* names): object types, attributes and the Page /
// PageTable / ASID invocations under one name on both arches, and memory
// for tests that need more than the allocator's pool.
#pragma once

#include <sel4/sel4.h>

#include "alloc.hpp"
#include "test.hpp"

namespace tessera_test::vm {

#if defined(__aarch64__)
inline constexpr seL4_Word small_page_object = seL4_ARM_SmallPageObject;
inline constexpr seL4_Word large_page_object = seL4_ARM_LargePageObject;
inline constexpr seL4_Word huge_page_object = seL4_ARM_HugePageObject;
inline constexpr seL4_Word page_table_object = seL4_ARM_PageTableObject;
inline constexpr seL4_Word vspace_object = seL4_ARM_VSpaceObject;
inline constexpr seL4_Word default_attributes = seL4_ARM_Default_VMAttributes;
inline constexpr seL4_Word execute_never = seL4_ARM_ExecuteNever;
inline seL4_Error page_map(seL4_CPtr page, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attr) {
    return seL4_ARM_Page_Map(page, vspace, va, rights, static_cast<seL4_ARM_VMAttributes>(attr));
}
inline seL4_Error page_unmap(seL4_CPtr page) { return seL4_ARM_Page_Unmap(page); }
inline seL4_Error page_table_map(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word va) {
    return seL4_ARM_PageTable_Map(pt, vspace, va, seL4_ARM_Default_VMAttributes);
}
inline seL4_Error page_table_unmap(seL4_CPtr pt) { return seL4_ARM_PageTable_Unmap(pt); }
inline seL4_Error make_pool(seL4_CPtr untyped, seL4_CPtr slot) {
    return seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, untyped, root_cnode, slot, root_depth);
}
inline seL4_Error assign(seL4_CPtr pool, seL4_CPtr vspace) { return seL4_ARM_ASIDPool_Assign(pool, vspace); }
inline seL4_Word page_address(seL4_CPtr page) { return seL4_ARM_Page_GetAddress(page).paddr; }
#elif defined(__riscv)
inline constexpr seL4_Word small_page_object = seL4_RISCV_4K_Page;
inline constexpr seL4_Word large_page_object = seL4_RISCV_Mega_Page;
inline constexpr seL4_Word huge_page_object = seL4_RISCV_Giga_Page;
inline constexpr seL4_Word page_table_object = seL4_RISCV_PageTableObject;
inline constexpr seL4_Word vspace_object = seL4_RISCV_PageTableObject;
inline constexpr seL4_Word default_attributes = seL4_RISCV_Default_VMAttributes;
inline constexpr seL4_Word execute_never = seL4_RISCV_ExecuteNever;
inline seL4_Error page_map(seL4_CPtr page, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attr) {
    return seL4_RISCV_Page_Map(page, vspace, va, rights, static_cast<seL4_RISCV_VMAttributes>(attr));
}
inline seL4_Error page_unmap(seL4_CPtr page) { return seL4_RISCV_Page_Unmap(page); }
inline seL4_Error page_table_map(seL4_CPtr pt, seL4_CPtr vspace, seL4_Word va) {
    return seL4_RISCV_PageTable_Map(pt, vspace, va, seL4_RISCV_Default_VMAttributes);
}
inline seL4_Error page_table_unmap(seL4_CPtr pt) { return seL4_RISCV_PageTable_Unmap(pt); }
inline seL4_Error make_pool(seL4_CPtr untyped, seL4_CPtr slot) {
    return seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, untyped, root_cnode, slot, root_depth);
}
inline seL4_Error assign(seL4_CPtr pool, seL4_CPtr vspace) { return seL4_RISCV_ASIDPool_Assign(pool, vspace); }
inline seL4_Word page_address(seL4_CPtr page) { return seL4_RISCV_Page_GetAddress(page).paddr; }
#endif

// Log2 of the address range one table at each level below the root maps
// into (a PageTable_Map at `va` covers va aligned down to this).
#if defined(__aarch64__)
inline constexpr unsigned paging_levels = 4;
#else
inline constexpr unsigned paging_levels = 3;
#endif

// A free virtual window of 2^bits bytes, naturally aligned, with no page
// table below the root yet (the root task's image and boot frames lie far
// below it): the tests' own mapping area.
seL4_Word free_window(unsigned bits);

// Page tables that let a page be mapped at `va` in the root task's VSpace
// (up to paging_levels - 1 of them), deleted (so unmapped) at the end of the
// scope.
class Tables {
public:
    Tables() = default;
    Tables(const Tables&) = delete;
    Tables& operator=(const Tables&) = delete;
    ~Tables();
    // Maps tables for `va` down to the level that holds pages of 2^page_bits.
    bool cover(seL4_Word va, unsigned page_bits = seL4_PageBits);

private:
    static constexpr unsigned max_ = 16;
    seL4_CPtr tables_[max_] = {};
    unsigned count_ = 0;
};

// Untyped memory beyond the allocator's pool: a child untyped of exactly
// 2^bits bytes cut from the smallest boot untyped (other than the pool)
// that holds it, revoked and deleted at the end of the scope. 0 if none.
class BigUntyped {
public:
    BigUntyped() = default;
    BigUntyped(const BigUntyped&) = delete;
    BigUntyped& operator=(const BigUntyped&) = delete;
    ~BigUntyped();
    seL4_CPtr make(const seL4_BootInfo* bootinfo, unsigned bits);
    seL4_CPtr cap() const { return cap_; }
    // One object from it into a fresh slot (freed with the untyped); 0 on failure.
    seL4_CPtr retype(seL4_Word type, seL4_Word size_bits = 0, seL4_Error* error = nullptr);

private:
    static constexpr unsigned max_ = 1024;
    seL4_CPtr cap_ = 0;
    seL4_CPtr objects_[max_] = {};
    unsigned count_ = 0;
};

}  // namespace tessera_test::vm
