// SPDX-License-Identifier: BSD-2-Clause
// A user address space (Sv39 root table) and the switch to user mode.
#pragma once

#include <arch/user_context.hpp>
#include <kern/page_allocator.hpp>
#include <kern/page_permissions.hpp>
#include <kern/types.hpp>

namespace arch {

class AddressSpace {
public:
    // Allocates the root table and copies the kernel-window half of the boot
    // table into it, so the kernel stays mapped while the space is active.
    [[nodiscard]] bool init(kern::BootPageAllocator& pages);
    // Maps one user-accessible 4 KiB page; false when out of memory, when
    // va is not below user_top or not page aligned, or when va is mapped.
    [[nodiscard]] bool map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions perms,
                                kern::BootPageAllocator& pages);
    kern::paddr_t root() const { return root_; }

private:
    kern::paddr_t root_ = 0;
};

[[noreturn]] void enter_user(UserContext& ctx, const AddressSpace& space);

}  // namespace arch
