// SPDX-License-Identifier: BSD-2-Clause
// Sv39 user address spaces [riscv/priv 4.4] built at boot, and the first
// entry to U-mode.
#include "activation.hpp"
#include "csr_access.hpp"
#include <arch/csr.hpp>
#include <arch/pte.hpp>
#include <kern/arch_contract.hpp>
#include <kern/boot_address_space.hpp>
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/mapping_probe.hpp>
#include <kern/thread.hpp>

extern "C" {
extern std::uint64_t boot_root_table[];  // entry.S
[[noreturn]] void riscv_restore_user(arch::UserContext* ctx);
}

namespace arch {

using riscv::Pte;
using riscv::pt_entries;
using riscv::pt_index;

bool AddressSpace::init(kern::BootPageAllocator& pages) {
    root_ = pages.alloc_zeroed_page();
    if (root_ == 0) return false;
    auto* root = kern::phys_to_virt<std::uint64_t>(root_);
    // The upper half (entries 256..511) is the kernel window.
    for (unsigned i = pt_entries / 2; i < pt_entries; ++i) root[i] = boot_root_table[i];
    return true;
}

bool AddressSpace::map_page(kern::vaddr_t va, kern::paddr_t pa, kern::PagePermissions perms,
                            kern::BootPageAllocator& pages) {
    if (va >= user_top || !kern::is_aligned(va, kern::page_size) || !kern::is_aligned(pa, kern::page_size))
        return false;
    std::uint64_t* table = kern::phys_to_virt<std::uint64_t>(root_);
    for (unsigned level = riscv::sv39_levels - 1; level > 0; --level) {
        std::uint64_t& entry = table[pt_index(va, level)];
        Pte pte{entry};
        if (!pte.valid()) {
            const kern::paddr_t next = pages.alloc_zeroed_page();
            if (next == 0) return false;
            entry = Pte::table(next).raw();
            pte = Pte{entry};
        } else if (pte.is_leaf()) {
            return false;
        }
        table = kern::phys_to_virt<std::uint64_t>(pte.paddr());
    }
    std::uint64_t& leaf = table[pt_index(va, 0)];
    if (Pte{leaf}.valid()) return false;
    leaf = Pte::leaf(pa, perms.read, perms.write, perms.execute, /*user=*/true, /*global=*/false).raw();
    return true;
}

unsigned AddressSpace::levels() const { return riscv::sv39_levels; }

kern::paddr_t AddressSpace::table_at(kern::vaddr_t va, unsigned depth) const {
    if (root_ == 0 || depth > riscv::sv39_levels) return 0;
    kern::paddr_t table = root_;
    for (unsigned d = 0; d < depth; ++d) {
        const Pte pte{kern::phys_to_virt<std::uint64_t>(table)[pt_index(va, riscv::sv39_levels - 1 - d)]};
        if (!pte.valid()) return 0;
        // A leaf above the last level would be a superpage; boot maps none.
        if (pte.is_leaf() != (d == riscv::sv39_levels - 1)) return 0;
        table = pte.paddr();
    }
    return table;
}

// Boot's first exit to U-mode, through the same activation as every trap
// return: it resumes kern::current_thread(), which boot set up with `ctx`
// and `space`.
void enter_user(UserContext& ctx, const AddressSpace& space) {
    // The root task's image was written by ordinary stores: make instruction
    // fetches see it [riscv/unpriv "Zifencei"].
    asm volatile("fence.i" ::: "memory");
    const kern::Tcb* thread = kern::current_thread();
    if (thread != nullptr && &thread->context == &ctx && riscv::vspace_root_of(*thread) != space.root())
        kern::panic("boot: the root thread's VTable cap does not name its address space");
    UserContext* resumed = riscv::activate_current_thread();
    // With the root task's address space active: a requested probe of the
    // kernel's mapping rules ends here in a kernel fault (debug kernel).
    if constexpr (kern::config::debug_build) kern::mapping_probe::run_requested(resumed->next_ip());
    riscv_restore_user(resumed);
}

}  // namespace arch
