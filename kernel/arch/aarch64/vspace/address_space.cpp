// SPDX-License-Identifier: BSD-2-Clause
// User address spaces: a 4-level TTBR0 table tree [arm/ARM DDI0487 D8.2],
// and the first switch to EL0.
#include <arch/machine.hpp>
#include <arch/page_table_entry.hpp>
#include <kern/boot_address_space.hpp>

#include "../sysreg.hpp"

extern "C" [[noreturn]] void aarch64_restore_user(arch::UserContext* ctx);

namespace arch {
namespace {

// seL4 gives the root task's VSpace ASID 1 (ASID pool 0, sel4-abi.md §14.1).
constexpr std::uint64_t root_task_asid = 1;

std::uint64_t* table_at(kern::paddr_t paddr) {
    return reinterpret_cast<std::uint64_t*>(paddr + kernel_window_offset);
}

// The running thread's registers. enter_user copies the caller's context
// here: the exception path saves into it while the kernel stack is reset.
UserContext running_context;

}  // namespace

bool AddressSpace::init(kern::BootPageAllocator& pages) {
    root_ = pages.alloc_zeroed_page();
    return root_ != 0;
}

bool AddressSpace::map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions perms,
                            kern::BootPageAllocator& pages) {
    if (root_ == 0 || va >= user_top || !kern::is_aligned(va, kern::page_size) ||
        !kern::is_aligned(pa, kern::page_size))
        return false;
    kern::paddr_t table = root_;
    for (unsigned level = 0; level + 1 < page_table_levels; ++level) {
        std::uint64_t& entry = table_at(table)[table_index(va, level)];
        Descriptor descriptor{entry};
        if (!descriptor.valid()) {
            const kern::paddr_t next = pages.alloc_zeroed_page();
            if (next == 0) return false;
            descriptor = Descriptor::table(next);
            entry = descriptor.raw();
        } else if (!descriptor.is_table()) {
            return false;
        }
        table = descriptor.output_address();
    }
    std::uint64_t& leaf = table_at(table)[table_index(va, page_table_levels - 1)];
    if (Descriptor{leaf}.valid()) return false;
    leaf = Descriptor::user_page(pa, perms).raw();
    return true;
}

void enter_user(UserContext& ctx, const AddressSpace& space) {
    running_context = ctx;
    // Make the table writes visible to the walker, switch TTBR0 (dropping the
    // boot identity map), and discard TLB entries and instruction-cache
    // contents from before the root task image was written.
    cpu::dsb_ishst();
    AARCH64_WRITE_SYSREG(ttbr0_el1, Ttbr::make(space.root(), root_task_asid).raw());
    cpu::isb();
    asm volatile("tlbi vmalle1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb" ::: "memory");
    aarch64_restore_user(&running_context);
}

}  // namespace arch
