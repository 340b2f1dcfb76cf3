// SPDX-License-Identifier: BSD-2-Clause
// The root task's address space at boot (until VSpace objects exist).
// Declared once here; each arch implements it in kernel/arch/<arch>/ with its
// own page-table format (RISC-V Sv39 root table; AArch64 TTBR0 tree, 4 levels).
#pragma once

#include <arch/user_context.hpp>
#include <kern/page_allocator.hpp>
#include <kern/page_permissions.hpp>
#include <kern/types.hpp>

namespace arch {

class AddressSpace {
public:
    // Allocates the root table and makes the kernel window reachable while the
    // space is active (RISC-V: copies the kernel half of the boot table;
    // AArch64: the window lives in TTBR1 and needs nothing here).
    [[nodiscard]] bool init(kern::BootPageAllocator& pages);
    // Maps one user-accessible 4 KiB page; false when out of memory, when va
    // is not below user_top or not page aligned, or when va is already mapped.
    [[nodiscard]] bool map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions perms,
                                kern::BootPageAllocator& pages);
    kern::paddr_t root() const { return root_; }
    // Translation levels including the root (Sv39: 3; AArch64 4 KiB granule: 4).
    unsigned levels() const;
    // What maps `va` at `depth`: 0 = the root table, 1.. = the tables below
    // it, levels() = the mapped frame; 0 when nothing is there. Boot uses it
    // to hand the root task caps to its page tables and frames (sel4-abi.md §14.1).
    [[nodiscard]] kern::paddr_t table_at(kern::vaddr_t va, unsigned depth) const;

private:
    kern::paddr_t root_ = 0;
};

// Switches to `space` and returns to user mode with `ctx`; later traps
// re-enter through the arch trap vector.
[[noreturn]] void enter_user(UserContext& ctx, const AddressSpace& space);

}  // namespace arch
