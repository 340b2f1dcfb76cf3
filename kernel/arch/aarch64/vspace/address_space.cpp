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

std::uint64_t* table_memory(kern::paddr_t paddr) {
    return reinterpret_cast<std::uint64_t*>(paddr + kernel_window_offset);
}

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
        std::uint64_t& entry = table_memory(table)[table_index(va, level)];
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
    std::uint64_t& leaf = table_memory(table)[table_index(va, page_table_levels - 1)];
    if (Descriptor{leaf}.valid()) return false;
    leaf = Descriptor::user_page(pa, perms).raw();
    return true;
}

unsigned AddressSpace::levels() const { return page_table_levels; }

kern::paddr_t AddressSpace::table_at(kern::vaddr_t va, unsigned depth) const {
    if (root_ == 0 || depth > page_table_levels) return 0;
    kern::paddr_t table = root_;
    for (unsigned level = 0; level < depth; ++level) {
        const Descriptor descriptor{table_memory(table)[table_index(va, level)]};
        // Level 3 page descriptors share the "table" encoding (bits[1:0] = 0b11).
        if (!descriptor.is_table()) return 0;
        table = descriptor.output_address();
    }
    return table;
}

// `ctx` is the thread's own register file (in its TCB, 16-byte aligned):
// aarch64_restore_user leaves SP_EL1 pointing at it, so exceptions from EL0
// save straight into the thread's context.
void enter_user(UserContext& ctx, const AddressSpace& space) {
    // Make the table writes visible to the walker, switch TTBR0 (dropping the
    // boot identity map), and discard TLB entries and instruction-cache
    // contents from before the root task image was written.
    cpu::dsb_ishst();
    AARCH64_WRITE_SYSREG(ttbr0_el1, Ttbr::make(space.root(), root_task_asid).raw());
    cpu::isb();
    asm volatile("tlbi vmalle1\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb" ::: "memory");
    aarch64_restore_user(&ctx);
}

}  // namespace arch
